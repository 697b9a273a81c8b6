"""The ``handbook`` command: a thin layer over :mod:`generator.site`.

Errors in the input are printed one per line as ``FILE:LINE:COL: message``
and exit with status 1; usage errors exit with status 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .load import HandbookError, Problem

__all__ = ["main"]


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        click.echo(f"{errors} error{'s' if errors != 1 else ''}; nothing was written.", err=True)


def handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`HandbookError` into located messages on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except HandbookError as error:
            _report(error.problems)
            sys.exit(1)

    return wrapper


project_option = click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The handbook project folder (with mkdocs.yml and content/).",
)


@click.group()
@click.version_option(package_name="policy-handbook")
def main() -> None:
    """Build a policy handbook and its public community guidelines, in every language."""


@main.command()
@project_option
@handles_errors
def check(project: Path) -> None:
    """Validate content, templates and mkdocs.yml without building."""
    from .site import check_project

    checked = check_project(project)
    handbook = checked.handbook
    click.echo(
        f"OK: {len(handbook.pages)} pages, {len(handbook.contacts)} contacts, "
        f"{len(handbook.accounts)} accounts."
    )


@main.command()
@project_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the sites (default: PROJECT/site).",
)
@click.option("--lang", "langs", multiple=True, help="Build only this language (repeatable).")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Parallel builds (default: CPUs).")
@handles_errors
def build(project: Path, site_dir: Path | None, langs: tuple[str, ...], jobs: int | None) -> None:
    """Build site/handbook/<lang>/ and site/community/<lang>/."""
    from .site import build_site

    site = Path(site_dir or project / "site")
    build_site(project, site, langs=langs, jobs=jobs)
    click.echo(f"Built {site}/handbook/ and {site}/community/.")


@main.command()
@project_option
@click.option("--lang", "langs", multiple=True, help="Serve only this language (repeatable).")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@handles_errors
def serve(project: Path, langs: tuple[str, ...], dev_addr: str) -> None:
    """Preview the sites, rebuilding when content, templates, locales or mkdocs.yml change."""
    from .serve import serve_project

    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit():
        raise click.BadParameter("expected HOST:PORT", param_hint="--dev-addr")
    serve_project(project, host or "127.0.0.1", int(port), langs)
