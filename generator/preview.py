"""Preview a handbook project with live reload.

The sites are built into a temporary folder and served by the engine's
live-reload server. A change to ``content/``, ``templates/``, ``locales/`` or
``mkdocs.yml`` rebuilds the sites it affects (see :mod:`generator.publish.incremental`)
and reloads open pages; with ``--lang`` only that language is rebuilt. A build
that fails prints its located errors and keeps the last good site on screen.
The preview prints no PDFs: a save shows within a second, and ``handbook pdf``
prints them when wanted.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from .engine.serve import serve_folder
from .errors import HandbookError, os_problem
from .pipeline import build_site
from .render.markdown import outputs_of

__all__ = ["WATCHED", "serve_project"]

WATCHED = ("content", "templates", "locales", "mkdocs.yml")


def serve_project(
    root: Path, host: str, port: int, langs: Iterable[str] = (), engine: str | None = None
) -> None:
    """Build, serve on ``host:port`` and rebuild on every saved change, until interrupted."""
    root = Path(root).absolute()
    langs = tuple(langs)
    with tempfile.TemporaryDirectory(prefix="handbook-serve-") as temp:
        site_dir, work_dir = Path(temp) / "site", Path(temp) / "build"
        # In this process, first build included: its caches stay warm for every rebuild, which
        # then does only what changed. A broken project fails here, before serving.
        project = build_site(root, site_dir, work_dir, langs, jobs=1, pdf=False, engine=engine)

        def rebuild() -> None:
            try:
                build_site(root, site_dir, work_dir, langs, jobs=1, pdf=False, engine=engine)
            except HandbookError as error:
                for problem in error.problems:
                    click.echo(str(problem), err=True)
                click.echo("Build failed; still showing the last good version.", err=True)
            except OSError as error:  # the disk, not the content: say which file, and what to do
                click.echo(str(os_problem(error, root=root, again="save again")), err=True)
                click.echo("Build failed; still showing the last good version.", err=True)

        base = f"http://{host}:{port}"
        click.echo(f"Handbook:  {base}/handbook/")
        if "community" in outputs_of(project.handbook):  # a public page that is skipped is not announced
            click.echo(f"Public:    {base}/community/")
        click.echo("Press Ctrl+C to stop.")
        watched = [root / name for name in WATCHED if (root / name).exists()]
        serve_folder(site_dir, watched, rebuild, host, port)
