"""Preview a handbook project with live reload.

The sites are built into a temporary folder and served by MkDocs' own
live-reload server. A change to ``content/``, ``templates/``, ``locales/`` or
``mkdocs.yml`` rebuilds the sites it affects (see ``generator.incremental``)
and reloads open pages; with ``--lang`` only that language is rebuilt. A build
that fails prints its located errors and keeps the last good site on screen.
The preview prints no PDFs: a save shows within a second, and ``handbook pdf``
prints them when wanted.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from .load import HandbookError
from .site import build_site

__all__ = ["WATCHED", "serve_project"]

WATCHED = ("content", "templates", "locales", "mkdocs.yml")
POLL_SECONDS = 0.1  # MkDocs polls every 0.5 s; a saved change should show within a second


def serve_project(root: Path, host: str, port: int, langs: Iterable[str] = ()) -> None:
    """Build, serve on ``host:port`` and rebuild on every saved change, until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    root = Path(root).absolute()
    langs = tuple(langs)
    with tempfile.TemporaryDirectory(prefix="handbook-serve-") as temp:
        site_dir, work_dir = Path(temp) / "site", Path(temp) / "build"
        # In this process, first build included: its caches stay warm for every rebuild, which
        # then does only what changed. A broken project fails here, before serving.
        build_site(root, site_dir, work_dir, langs, jobs=1, pdf=False)

        def rebuild() -> None:
            try:
                build_site(root, site_dir, work_dir, langs, jobs=1, pdf=False)
            except HandbookError as error:
                for problem in error.problems:
                    click.echo(str(problem), err=True)
                click.echo("Build failed; still showing the last good version.", err=True)

        server = LiveReloadServer(rebuild, host, port, str(site_dir), polling_interval=POLL_SECONDS)
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        base = f"http://{host}:{port}"
        click.echo(f"Handbook:  {base}/handbook/\nCommunity: {base}/community/\nPress Ctrl+C to stop.")
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
