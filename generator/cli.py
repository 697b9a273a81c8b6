"""The ``handbook`` command: a thin layer over :mod:`generator.pipeline`.

Errors in the input are printed one per line as ``FILE:LINE:COL: message``
and exit with status 1; usage errors exit with status 2.
"""

from __future__ import annotations

import functools
import gc
import json
import shutil
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, overload

import click

from .errors import HandbookError, Problem, os_problem
from .starter.kinds import DEFAULT_STARTER, STARTERS

__all__ = ["main"]


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        click.echo(f"{errors} error{'s' if errors != 1 else ''}; nothing was written.", err=True)


Command = Callable[..., Any]


@overload
def handles_errors(command: Command, *, interrupted: str = ...) -> Command: ...
@overload
def handles_errors(command: None = None, *, interrupted: str = ...) -> Callable[[Command], Command]: ...
def handles_errors(
    command: Command | None = None, *, interrupted: str = "interrupted"
) -> Command | Callable[[Command], Command]:
    """Errors as located one-line messages on stderr and exit status 1, never a traceback.

    A :class:`HandbookError` prints its problems; an ``OSError`` (a full disk, a folder that may
    not be written) names its file and says what to do; Ctrl-C prints ``interrupted``.
    """
    if command is None:
        return functools.partial(handles_errors, interrupted=interrupted)

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except HandbookError as error:
            _report(error.problems)
            sys.exit(1)
        except OSError as error:
            root, name = kwargs.get("project"), _command_name()
            problem = os_problem(
                error,
                None if error.filename or error.filename2 else f"handbook {name}",
                Path(root) if root else None,
                f"run 'handbook {name}' again",
            )
            click.echo(str(problem), err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo(interrupted, err=True)
            sys.exit(1)

    return wrapper


def _command_name() -> str:
    """The running command as typed after ``handbook``, e.g. ``locales update``."""
    context, names = click.get_current_context(silent=True), list[str]()
    while context is not None and context.parent is not None:
        names.insert(0, context.info_name or "")
        context = context.parent
    return " ".join(names) or "the command"


INTERRUPTED_BUILD = "interrupted: the published site was not changed"


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
    """Build a policy handbook and its public page, in every language."""


def run() -> None:
    """The ``handbook`` program: :func:`main`, then the process ends."""
    try:
        main()
    finally:
        # What the process holds is left to the system when it ends, not walked once more by the
        # garbage collector (a tenth of a second after a large build).
        gc.freeze()


@main.command()
@project_option
@click.option("--strict", is_flag=True, help="Exit with status 1 on warnings too (reviews due, for one).")
@click.option(
    "--date",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Check reviews as of this day, YYYY-MM-DD (default: today).",
)
@handles_errors
def check(project: Path, strict: bool, on: datetime | None) -> None:
    """Validate content, templates and mkdocs.yml without building; warn about reviews due."""
    from .pipeline import check_project
    from .report.reviews import review_problems

    checked = check_project(project)
    warnings = [*checked.warnings, *review_problems(checked, on.date() if on else date.today())]
    for problem in warnings:
        click.echo(str(problem), err=True)
    handbook = checked.handbook
    click.echo(
        f"OK: {len(handbook.pages)} pages, {len(handbook.contacts)} contacts, "
        f"{len(handbook.accounts)} accounts; {len(warnings)} warning{'s' * (len(warnings) != 1)}."
    )
    if strict and warnings:
        click.echo("Warnings fail the check (--strict).", err=True)
        sys.exit(1)


engine_option = click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default=None,
    help="Build with this engine (default: 'engine' in content/handbook.yml, else mkdocs).",
)


def _shard(context: click.Context, parameter: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise click.BadParameter("expected K/N with 1 <= K <= N, e.g. 2/4")
    return int(k), int(n)


shard_option = click.option(
    "--shard",
    metavar="K/N",
    callback=_shard,
    default=None,
    help="Build the K-th of N shares of the languages only, for 'handbook assemble' to put together.",
)


def build_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options ``build`` and ``pdf`` share."""
    options = [
        project_option,
        click.option(
            "--site-dir",
            type=click.Path(path_type=Path),  # a file there is refused by the build, with what to do
            default=None,
            help="Where to write the sites (default: PROJECT/site).",
        ),
        click.option("--lang", "langs", multiple=True, help="Build only this language (repeatable)."),
        click.option(
            "--jobs", type=click.IntRange(min=1), default=None, help="Parallel builds (default: CPUs)."
        ),
        click.option(
            "--force", is_flag=True, help="Rebuild every site, even those whose inputs did not change."
        ),
        engine_option,
        shard_option,
        click.option(
            "--timings",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Write the seconds of each step (load, render, engine, pdf, publish...) to this file.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@build_options
@handles_errors(interrupted=INTERRUPTED_BUILD)
def build(**options: Any) -> None:
    """Build site/handbook/<lang>/ and the public site/community/<lang>/ (only those whose inputs changed).

    With 'pdf: true' in content/handbook.yml, each handbook is also printed to a PDF.
    """
    _build(**options, pdf=None)


@main.command()
@build_options
@handles_errors(interrupted=INTERRUPTED_BUILD)
def pdf(**options: Any) -> None:
    """Build the sites and print each handbook to site/handbook/<lang>/handbook-<lang>.pdf.

    The PDFs are printed by Chromium ($CHROMIUM, or the one installed). The sites link to them.
    """
    from .publish.pdf import pdf_name

    site = _build(**options, pdf=True)
    langs = options["langs"]
    for path in sorted(site.glob("handbook/*/handbook-*.pdf")):
        if path.name == pdf_name(path.parent.name) and (not langs or path.parent.name in langs):
            click.echo(f"PDF: {path}")


def _build(
    project: Path,
    site_dir: Path | None,
    langs: tuple[str, ...],
    jobs: int | None,
    force: bool,
    timings: Path | None,
    pdf: bool | None,
    engine: str | None,
    shard: tuple[int, int] | None,
) -> Path:
    """Build, report what was built, and return the site folder."""
    from .publish.quick import build_options, up_to_date

    site = Path(site_dir or project / "site")
    start = time.perf_counter()
    root = Path(project).absolute()
    if shard and langs:
        raise click.UsageError("--shard chooses the languages itself: leave out --lang")
    shard_name = f"{shard[0]}/{shard[1]}" if shard else None
    unchanged = None if force else up_to_date(root, site, build_options(langs, pdf, engine, shard_name))
    if unchanged is not None:  # known from bytes alone: nothing heavy imported, nothing validated
        for warning in unchanged.warnings:
            click.echo(warning, err=True)
        if timings is not None:
            quick = {
                "load": 0.0,
                "fingerprint": time.perf_counter() - start,
                "built": [],
                "kept": unchanged.sites,
            }
            timings.write_text(json.dumps(quick, indent=1) + "\n", encoding="utf-8")
        click.echo(f"Nothing to do: {site}/ is up to date ({len(unchanged.sites)} sites).")
        return site
    from .pipeline import build_project, load_for_build

    loaded = load_for_build(project, project / "build")
    loading = time.perf_counter() - start
    for problem in loaded.warnings:
        click.echo(str(problem), err=True)
    report = build_project(
        loaded, site, project / "build", langs, jobs, force, _progress_display(), pdf, engine, shard
    )
    if timings is not None:
        laps = {"load": loading, **report.seconds, "built": report.built, "kept": report.kept}
        timings.write_text(json.dumps(laps, indent=1) + "\n", encoding="utf-8")
    if not report.built:
        click.echo(f"Nothing to do: {site}/ is up to date ({len(report.kept)} sites).")
    else:
        kept = f", {len(report.kept)} up to date" if report.kept else ""
        click.echo(f"Built {len(report.built)} site{'s' if len(report.built) != 1 else ''}{kept} in {site}/.")
    return site


def _progress_display() -> Callable[[list[Any], list[Any]], None] | None:
    """One line on the terminal, rewritten as each site is built; nothing when output is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: list[Any], remaining: list[Any]) -> None:
        finished = [t.lang for t in done if not any(r.lang == t.lang for r in remaining)]
        waiting = list(dict.fromkeys(t.lang for t in remaining))
        line = f"[{len(done)}/{len(done) + len(remaining)}] done: {', '.join(dict.fromkeys(finished)) or '-'}"
        line += f" | remaining: {', '.join(waiting)}" if waiting else ""
        width = shutil.get_terminal_size().columns - 1
        click.echo(f"\r{line[:width]:<{width}}", err=True, nl=not remaining)

    return show


@main.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where to write the assembled site.",
)
@handles_errors
def assemble(shards: tuple[Path, ...], site_dir: Path) -> None:
    """Put the site folders of 'handbook build --shard K/N' together into one site.

    Refuses shards built from different inputs, and an incomplete set, naming them.
    """
    from .publish.assemble import assemble as assemble_shards

    sites = assemble_shards(list(shards), site_dir)
    click.echo(f"Assembled {len(sites)} sites from {len(shards)} shards in {site_dir}/.")


@main.command()
@project_option
@click.option("--lang", "langs", multiple=True, help="Serve only this language (repeatable).")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@engine_option
@handles_errors
def serve(project: Path, langs: tuple[str, ...], dev_addr: str, engine: str | None) -> None:
    """Preview the sites, rebuilding when content, templates, locales or mkdocs.yml change."""
    from .preview import serve_project

    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit():
        raise click.BadParameter("expected HOST:PORT", param_hint="--dev-addr")
    serve_project(project, host or "127.0.0.1", int(port), langs, engine)


@main.command()
@project_option
@click.argument("old")
@click.argument("new", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@handles_errors
def diff(project: Path, old: str, new: str | None, as_json: bool) -> None:
    """List the rules added, changed and removed, per page, between git revisions OLD and NEW.

    Without NEW, OLD is compared with the content as it is now (saved, not yet committed).
    """
    from .load.project import load_project
    from .report.diff import content_diff, load_revision

    before = load_revision(project, old)
    after = load_revision(project, new) if new else load_project(project)
    changes = content_diff(before, after)
    if as_json:
        click.echo(json.dumps([vars(change) for change in changes], indent=2, ensure_ascii=False))
        return
    versions = (before.handbook.meta.version, after.handbook.meta.version)
    click.echo(f"Version {versions[0]} ({old}) to {versions[1]} ({new or 'working copy'}):")
    if not changes:
        click.echo("no rule changed.")
    for change in changes:
        status = "" if change.status == "changed" else f": page {change.status}"
        click.echo(f"\n{change.title} ({change.page}){status}")
        for text in change.added:
            click.echo(f"  + {text}")
        for was, now in change.changed:
            click.echo(f"  ~ {was}\n    -> {now}")
        for text in change.removed:
            click.echo(f"  - {text}")


@main.command()
@project_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for the system that records confirmations.")
@handles_errors
def acknowledgment(project: Path, as_json: bool) -> None:
    """The acknowledgment statement, version and effective date in every language."""
    from .load.project import load_project
    from .report.acknowledgment import acknowledgments

    rows = acknowledgments(load_project(project))
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        note = "" if row["translated"] else " (not yet translated: the source text)"
        click.echo(f"[{row['language']}] version {row['version']}, {row['effective_date']}{note}")
        click.echo(f"{row['statement']}\n")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--organisation", default="Example Organisation", show_default=True, help="Its name.")
@click.option("--language", default="en", show_default=True, help="The language the handbook is written in.")
@click.option(
    "--template",
    type=click.Choice(list(STARTERS)),
    default=DEFAULT_STARTER,
    show_default=True,
    help="The kind of handbook to start from: "
    + "; ".join(f"{name}, {what}" for name, what in STARTERS.items())
    + ".",
)
@handles_errors
def init(directory: Path, organisation: str, language: str, template: str) -> None:
    """Start a new handbook project in DIRECTORY (new or empty); it builds at once."""
    from .starter.create import start_project

    for path in start_project(directory, organisation, language, template):
        click.echo(f"wrote      {path.relative_to(directory).as_posix()}")
    click.echo(f"Next: cd {directory} && handbook serve")


@main.command()
@project_option
@handles_errors
def schema(project: Path) -> None:
    """Write JSON Schemas of the content files into schema/, for editors to complete and check fields."""
    from .model.schema import editor_settings, write_schemas

    for path in write_schemas(project):
        click.echo(f"wrote      {path.relative_to(project)}")
    click.echo("For VS Code's YAML extension, add to .vscode/settings.json:")
    click.echo(json.dumps(editor_settings(), indent=2))


@main.command()
@click.option("--markdown", is_flag=True, help="Print the block reference in Markdown, as in the README.")
@handles_errors
def blocks(markdown: bool) -> None:
    """List the block types installed: the generator's own and those other packages add."""
    from .model.reference import listing, reference
    from .model.registry import BLOCKS

    click.echo((reference if markdown else listing)(BLOCKS.values()), nl=False)


@main.group()
def locales() -> None:
    """Translation catalogs under locales/: extract, init, update, override, check, status."""


@locales.command("extract")
@project_option
@handles_errors
def locales_extract(project: Path) -> None:
    """Write locales/handbook.pot from the content and the project's own templates."""
    from .translate.workflow import extract

    _say_written([extract(project)], project)


@locales.command("init")
@project_option
@click.argument("lang")
@handles_errors
def locales_init(project: Path, lang: str) -> None:
    """Start the catalog of a new language LANG (e.g. de, pt-BR)."""
    from .translate.workflow import init_language, interface_status

    _say_written([init_language(project, lang)], project)
    [interface] = [s for s in interface_status(project) if s.lang == lang]
    if interface.shipped is None:
        click.echo(
            f"The generator ships no '{lang}' translation of its own labels: they show in English"
            f" until one is contributed, or the project translates them ('handbook locales override')."
        )
    else:
        click.echo(f"The generator's own labels come translated with it ({interface.describe()}).")
    click.echo(f"Add '{lang}' to 'languages' in content/handbook.yml to publish it.")


@locales.command("update")
@project_option
@handles_errors
def locales_update(project: Path) -> None:
    """Merge the current content into every language's catalog; no translation is ever lost."""
    from .translate.workflow import update

    _say_written(update(project), project)


@locales.command("override")
@project_option
@click.argument("lang")
@click.argument("msgid")
@click.option("--context", default=None, help="The string's msgctxt, if it has one.")
@handles_errors
def locales_override(project: Path, lang: str, msgid: str, context: str | None) -> None:
    """Copy the generator's interface string MSGID into LANG's catalog, to translate it your own way."""
    from .translate.workflow import override

    _say_written([override(project, lang, msgid, context)], project)
    click.echo("Edit its msgstr there; the project's translation wins over the generator's.")


@locales.command("check")
@project_option
@handles_errors
def locales_check(project: Path) -> None:
    """Check every catalog: placeholders, Markdown, unsafe HTML, plural forms, punctuation."""
    from .translate.workflow import check_locales

    problems = check_locales(project)
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    click.echo(
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}.", err=bool(problems)
    )
    if errors:
        sys.exit(1)


@locales.command("status")
@project_option
@click.option(
    "--min",
    "minimum",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit with status 1 if a language is less translated than this percentage.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@handles_errors
def locales_status(project: Path, minimum: float | None, as_json: bool) -> None:
    """Per language: the content's translated, fuzzy and untranslated strings (fuzzy never counts as
    translated), and whether the generator ships its interface strings in the language."""

    from .translate.workflow import interface_status, locale_status

    figures = locale_status(project)
    interface = {s.lang: s for s in interface_status(project)}
    if as_json:
        rows = [
            {
                **vars(s),
                "total": s.total,
                "percent": round(s.percent, 1),
                "interface": _interface_row(interface[s.lang]),
            }
            for s in figures
        ]
        click.echo(json.dumps(rows, indent=2))
    else:
        click.echo(
            f"{'language':<10}{'translated':>12}{'fuzzy':>8}{'untranslated':>14}{'done':>8}  interface"
        )
        for s in figures:
            click.echo(
                f"{s.lang:<10}{s.translated:>12}{s.fuzzy:>8}{s.untranslated:>14}{s.percent:>7.1f}%"
                f"  {interface[s.lang].describe()}"
            )
    below = [s.lang for s in figures if minimum is not None and s.percent < minimum]
    if below:
        click.echo(f"Below {minimum:g}%: {', '.join(below)}", err=True)
        sys.exit(1)


def _interface_row(status: Any) -> dict[str, Any]:
    return {"shipped": status.shipped, "percent": round(status.percent, 1), "overridden": status.overridden}


def _say_written(written: list[Any], project: Path) -> None:
    for item in written:
        path = item.path.relative_to(Path(project).absolute()) if item.path.is_absolute() else item.path
        click.echo(f"{'wrote' if item.changed else 'unchanged':<10} {path}")
