"""The whole pipeline: check a project, or build and publish its sites.

``check_project`` loads the content and renders every output in every
language without running MkDocs. ``build_site`` does the same, writes one
MkDocs project per output and language, builds them in parallel into a
staging folder and swaps it in place of the site folder. Any failure raises
:class:`HandbookError` and leaves the existing site exactly as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from .engine.engines import Engine, engine_named
from .engine.mkdocs import (
    BuildTarget,
    Progress,
    anchors,
    build_all,
    mkdocs_config,
    read_mkdocs_config,
    write_mkdocs_project,
    write_theme,
)
from .errors import HandbookError, Location, Problem, display_path, os_problem
from .load.project import Project, duplicate_titles, files_outside, load_project
from .model.addenda import with_addenda
from .model.blocks import FILES
from .model.registry import BLOCKS
from .model.registry import template_folders as block_template_folders
from .publish.incremental import fingerprints, link_tree, read_state, write_state
from .publish.indexes import write_language_indexes
from .publish.pdf import Printer, pdf_jobs, pdf_name
from .publish.print_page import assemble_print_page
from .publish.quick import INPUTS, Record, build_options, input_digest, record
from .publish.shared_files import drop_source_maps, share_identical_files
from .publish.sitemap import page_paths, sitemap, write_page_sitemaps, write_sitemap
from .publish.swap import discard, publish, recover, staging_dir
from .render.jinja import BUILTIN_TEMPLATES
from .render.links import generated_link_problems, link_problems, translated_anchor_problems
from .render.markdown import (
    OUTPUTS,
    Output,
    attachment_files,
    escape_for_theme,
    outputs_of,
    public_title,
    public_view,
    render_output,
)
from .translate.catalog import catalog_path
from .translate.languages import (
    languages_to_build,
    missing_catalogs,
    translations_for,
    unshipped_interfaces,
)
from .translate.locale import native_name
from .translate.localise import Translations, localise

__all__ = [
    "BuildReport",
    "Rendered",
    "build_project",
    "build_site",
    "check_project",
    "load_for_build",
    "render_project",
    "shard_languages",
]


@dataclass(frozen=True)
class Rendered:
    """The Markdown of one output in one language."""

    output: Output
    lang: str
    files: dict[str, str]
    site_name: str
    not_found: dict[str, str]  # the 404 page's text
    attachments: tuple[str, ...] = ()  # the files of content/files/ its pages link to


def render_project(project: Project, langs: Iterable[str]) -> list[Rendered]:
    """Render every output in every language; template errors are located in their file."""
    _check_page_templates(project, project.root / "templates")
    results: list[Rendered] = []
    for lang in langs:
        translations = translations_for(project, lang)
        results.extend(
            render_target(project, output, lang, translations) for output in outputs_of(project.handbook)
        )
    return results


def render_target(
    project: Project, output: Output, lang: str, translations: Translations, pdf: bool = False
) -> Rendered:
    """One output in one language, as Markdown files plus the text the theme needs.

    ``pdf``: the handbook links to its PDF, printed after the build.
    """
    name = pdf_name(lang) if pdf and output == "handbook" else None
    templates = project.root / "templates"
    try:
        files = render_output(project.handbook, output, lang, translations, templates, name)
    except TemplateError as error:
        raise HandbookError([_template_problem(error, project.root)]) from None
    return Rendered(
        output,
        lang,
        files,
        _site_name(project, output, translations),
        _not_found(translations),
        tuple(attachment_files(project.handbook, output)),
    )


def _check_page_templates(project: Project, templates: Path) -> None:
    problems = []
    for page in project.handbook.pages:
        name = f"pages/{page.kind}.md.j2"
        if not ((templates / name).is_file() or (BUILTIN_TEMPLATES / name).is_file()):
            location = project.page_documents[page.id].locate(("kind",))
            problems.append(
                Problem(location, f"no template for page kind '{page.kind}' (expected templates/{name})")
            )
    if problems:
        raise HandbookError(problems)


def _template_problem(error: TemplateError, root: Path) -> Problem:
    """Where a template error happened: the template file and line, as Jinja reports them."""
    if isinstance(error, TemplateSyntaxError):
        name = _display_template(error.filename or error.name or "template", root)
        return Problem(Location(name, error.lineno or 0, 1), f"template error: {error.message}")
    if isinstance(error, TemplateNotFound):
        block = BLOCKS.get(str(error.name).removeprefix("blocks/").removesuffix(".md.j2"))
        if block is not None and not block.builtin:  # a package's block type that brings no template
            package = block.cls.__module__.rpartition(".")[0].replace(".", "/")
            folder = f"{package}/{block.cls.template_folder}" if package else block.cls.template_folder
            message = (
                f"template not found: {block.package} has none for block type '{block.type}' in {folder}/"
            )
            return Problem(Location(f"templates/{error.name}"), message)
        return Problem(Location(f"templates/{error.name}"), "template not found")
    frame = error.__traceback__
    location = Location("templates")
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            location = Location(_display_template(filename, root), frame.tb_lineno, 1)
        frame = frame.tb_next
    return Problem(location, f"template error: {error}")


def _display_template(filename: str, root: Path) -> str:
    path = Path(filename)
    try:
        return str(path.relative_to(root))
    except ValueError:
        pass
    for folder, block in block_template_folders().items():  # a template of another package's block type
        if path.is_relative_to(folder):
            return f"({block.package}) templates/{path.relative_to(folder).as_posix()}"
    return f"(built-in) templates/{path.as_posix().rsplit('/templates/', 1)[-1]}"


def load_for_build(root: Path, work_dir: Path | None = None) -> Project:
    """The project at ``root``, with what a build warns of too: a configured language without its
    catalog, or one whose interface labels the generator does not ship. A build's ``work_dir``
    keeps the content files' parses for the next build."""
    project = load_project(root, work_dir / CONTENT_CACHE if work_dir is not None else None)
    project.warnings.extend([*missing_catalogs(project), *unshipped_interfaces(project)])
    return project


def check_project(root: Path) -> Project:
    """Validate content, templates and mkdocs.yml without building; raise on any error."""
    project = load_for_build(root)
    base = read_mkdocs_config(root / "mkdocs.yml")
    _theme_dir(project, base)
    _engine(project, None)  # what the configured engine would not honour fails the check as the build
    rendered = render_project(project, languages_to_build(project))
    source = project.handbook.meta.source_language
    for lang in languages_to_build(project):
        if lang != source:
            project.warnings.extend(_translated_duplicates(project, lang))
    _check_links(project, base, [r for r in rendered if r.lang == source])
    for lang in languages_to_build(project):
        if lang != source:
            translated = [r for r in rendered if r.lang == lang]
            project.warnings.extend(_translated_anchors(project, base, translated, lang))
    return project


def _translated_anchors(
    project: Project, base: dict[str, Any], rendered: list[Rendered], lang: str
) -> list[Problem]:
    """Links to a heading's anchor that a translation of the heading breaks (a warning each)."""
    files: dict[str, dict[str, str]] = {r.output: r.files for r in rendered}

    def anchors_of(output: str, doc: str) -> set[str]:
        return anchors(base, files[output][doc])

    return translated_anchor_problems(project.handbook, project.page_documents, files, anchors_of, lang)


def _translated_duplicates(project: Project, lang: str) -> list[Problem]:
    """Pages whose titles are alike once translated into ``lang`` (a warning each, at the page's title)."""
    translations = translations_for(project, lang)
    pages = project.handbook.pages
    titles = {page.id: str(localise(page.title, translations)) for page in pages}
    found = duplicate_titles(pages, project.page_documents, titles, lang)
    source = {problem.location for problem in project.warnings}
    return [problem for problem in found if problem.location not in source]  # alike in the source too


def _check_links(project: Project, base: dict[str, Any], rendered: list[Rendered]) -> None:
    """Every link of the content's Markdown leads to a page and place the source language's render has."""
    files: dict[str, dict[str, str]] = {r.output: r.files for r in rendered}
    found: dict[tuple[str, str], set[str]] = {}

    def anchors_of(output: str, doc: str) -> set[str]:
        if (output, doc) not in found:
            found[output, doc] = anchors(base, files[output][doc])
        return found[output, doc]

    problems = link_problems(
        project.handbook, project.page_documents, files, anchors_of, project.addendum_documents
    )
    if not problems:  # then links the templates print, on every generated page
        problems = generated_link_problems(files, ContentLocator(project))
    if problems:
        raise HandbookError(problems)


def _source_render(project: Project) -> list[Rendered]:
    """Every output in the source language, rendered in this process, to check links before building."""
    source = project.handbook.meta.source_language
    translations = translations_for(project, source)
    return [render_target(project, output, source, translations) for output in outputs_of(project.handbook)]


@dataclass(frozen=True)
class BuildReport:
    """Which sites a build made anew, and which it kept because their inputs had not changed."""

    built: list[str]
    kept: list[str]
    seconds: dict[str, float] = field(default_factory=dict)  # per step: fingerprint, render, engine, publish


def build_site(
    root: Path,
    site_dir: Path | None = None,
    work_dir: Path | None = None,
    langs: Iterable[str] = (),
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    pdf: bool | None = None,
    engine: str | None = None,
) -> Project:
    """Load the project at ``root``, build every output in every language, publish to ``site_dir``."""
    root = Path(root).absolute()
    site, work = site_dir or root / "site", work_dir or root / "build"
    project = load_for_build(root, work)
    build_project(project, site, work, langs, jobs, force, progress, pdf, engine)
    return project


def _inputs(project: Project, theme_dir: Path | None) -> list[str]:
    """The project's files and folders a build reads, relative to it (the theme folder among them)."""
    return [*INPUTS, *([theme_dir.relative_to(project.root).as_posix()] if theme_dir else [])]


def build_project(
    project: Project,
    site_dir: Path,
    work_dir: Path,
    langs: Iterable[str] = (),
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    pdf: bool | None = None,
    engine_name: str | None = None,
    shard: tuple[int, int] | None = None,
) -> BuildReport:
    """Build what changed since the last build; the site folder is replaced only when every build succeeded.

    ``langs`` limits the build to those languages; the others stay as they are. ``force``
    rebuilds every site even when its inputs have not changed. ``pdf`` prints each handbook
    site to a PDF, published with it (default: the ``pdf`` setting of handbook.yml).
    ``engine_name`` builds with that engine (default: the ``engine`` setting of handbook.yml).
    ``shard`` (K, N) builds the K-th of N shares of the languages, and only those (see
    :func:`shard_languages`); ``handbook assemble`` puts the shares together.
    """
    clock = _Clock()
    base = read_mkdocs_config(project.root / "mkdocs.yml")
    theme_dir = _theme_dir(project, base)
    # What the build reads, as it is now: the record that lets the next build know it has nothing to do.
    inputs = _inputs(project, theme_dir)
    shard_name = f"{shard[0]}/{shard[1]}" if shard else None
    digest = input_digest(project.root, inputs, build_options(langs, pdf, engine_name, shard_name))
    whole = input_digest(project.root, inputs, build_options(langs, pdf, engine_name)) if shard else None
    warnings = [str(problem) for problem in project.warnings]
    pdf = project.handbook.meta.pdf if pdf is None else pdf
    engine = _engine(project, engine_name)
    site_dir, work_dir = Path(site_dir).absolute(), Path(work_dir).absolute()
    if site_dir.exists() and not site_dir.is_dir():
        message = "this is a file, and the site is a folder: move the file away or choose another --site-dir"
        raise HandbookError([Problem(Location(display_path(site_dir, project.root)), message)])
    every_lang = languages_to_build(project)
    outputs = outputs_of(project.handbook)  # an output not built is gone from the site after this build
    wanted = languages_to_build(project, langs)
    # A shard's site holds its share of the languages only; its pages still link to every language.
    own = shard_languages(every_lang, *shard) if shard else every_lang
    wanted = [lang for lang in wanted if lang in own]
    try:
        recover(site_dir)  # what a killed build left: even when there is nothing to build
    except OSError as error:
        raise HandbookError([_machine_problem(error, project.root, site_dir, work_dir)]) from None
    state = {} if force else read_state(site_dir)
    current = fingerprints(
        project.root,
        [project.root / name for name in ("mkdocs.yml", "content", "templates")]
        + ([theme_dir] if theme_dir else []),
        [(output, lang) for lang in wanted for output in outputs],
        {lang: _catalog_file(project, lang) for lang in wanted},
        every_lang,
        _build_date(project),
        # A site with a PDF links to it; each engine makes its own pages.
        {"handbook": f"{engine.name} {'pdf' if pdf else ''}", "community": engine.name},
    )
    stale = [
        key for key, value in current.items() if state.get(key) != value or not (site_dir / key).is_dir()
    ]
    kept = [f"{o}/{lang}" for lang in own for o in outputs if f"{o}/{lang}" not in stale]
    kept = [key for key in kept if (site_dir / key).is_dir()]
    clock.lap("fingerprint")
    if not stale and not _left_over(site_dir, outputs):
        record(site_dir, Record(digest, inputs, warnings, kept, shard_name, whole))
        return BuildReport([], kept, clock.laps)
    _check_page_templates(project, project.root / "templates")
    _check_links(project, base, _source_render(project))
    writer = TargetWriter(project, base, pdf, work_dir / CATALOG_CACHE)
    try:
        staging = staging_dir(site_dir)
    except OSError as error:
        raise HandbookError([_machine_problem(error, project.root, site_dir, work_dir)]) from None
    try:
        for key in kept:
            link_tree(site_dir / key, staging / key)
        theme = work_dir / THEME_FOLDER
        write_theme(theme, engine.name, theme_dir, every_lang)  # once, for every site
        targets = [
            BuildTarget(
                cast(Output, output),
                lang,
                work_dir / output / lang,
                staging / output / lang,
                tuple(every_lang),
                engine.name,
                _previous(site_dir, state, f"{output}/{lang}"),
                theme,
            )
            for output, lang in (key.split("/") for key in _largest_first(stale))
        ]
        clock.lap("publish")  # carrying the unchanged sites over
        # Catalogs are read and pages rendered in the worker processes, next to MkDocs.
        locate = ContentLocator(project)
        for lang in every_lang:  # named once, before the workers fork: every site names them all
            native_name(lang)
        finisher = SiteFinisher(str(base["site_url"]) if base.get("site_url") else None, every_lang)
        with Printer(_pdf_setting(project), _effective(project), jobs) as printer:
            early = printer.start if pdf and _a_core_would_wait(targets, jobs) else None
            built = build_all(targets, jobs, _build_date(project), progress, writer, locate, finisher, early)
            clock.laps.update(built.seconds)
            clock.last = time.perf_counter()
            for key in built.reused:  # the engine would have read what it read last time
                link_tree(site_dir / key, staging / key)
            # A site whose engine input had not changed was carried over whole: PDF and sitemaps included.
            made = [target for target in targets if f"{target.output}/{target.lang}" not in built.reused]
            if pdf:
                printer.print(pdf_jobs(project, made))
                clock.lap("pdf")
        share_identical_files(staging / key for key in sorted([*kept, *stale]))
        # Every shard writes the root pages of the whole build, so that any one of them will do.
        present = sorted(every_lang if shard else {key.split("/")[1] for key in [*kept, *stale]})
        write_language_indexes(project, staging, present)
        engine_inputs = {f"{key}{ENGINE_INPUT}": value for key, value in built.fingerprints.items()}
        carried = {k: v for key in kept for k, v in state.items() if k in (key, f"{key}{ENGINE_INPUT}")}
        write_state(staging, {**carried, **current, **engine_inputs})
        sites = [*kept, *stale]
        record(staging, Record(digest, inputs, warnings, sites, shard_name, whole))  # in the same swap
        publish(staging, site_dir)
        clock.lap("publish")
    except BaseException as error:
        discard(staging)
        if isinstance(error, BrokenProcessPool):  # a worker was killed: out of memory, or by hand
            message = "a build process ended before its work was done (out of memory?): build again"
            raise HandbookError([Problem(Location(display_path(site_dir, project.root)), message)]) from None
        if isinstance(error, OSError):
            raise HandbookError([_machine_problem(error, project.root, site_dir, work_dir)]) from None
        raise
    rebuilt = [key for key in stale if key not in built.reused]
    return BuildReport(rebuilt, sorted([*kept, *built.reused]), clock.laps)


def _a_core_would_wait(targets: list[BuildTarget], jobs: int | None) -> bool:
    """Whether fewer handbook sites are built than there are cores: then a core would wait for the
    last of them, and the PDFs' browser starts meanwhile. Otherwise its start would slow the build."""
    return sum(target.output == "handbook" for target in targets) < (jobs or os.cpu_count() or 1)


def _largest_first(sites: list[str]) -> list[str]:
    """The handbook sites, then the public ones: the handbook shows every page, the public site some."""
    return sorted(sites, key=lambda key: not key.startswith("handbook/"))


def shard_languages(langs: list[str], k: int, n: int) -> list[str]:
    """The K-th of N shares of the languages: every N-th, from the K-th, in the configured order.

    A language's two sites stay together, so each catalog is read by one shard only.
    """
    return [lang for index, lang in enumerate(langs) if index % n == k - 1]


THEME_FOLDER = "theme"  # in the work folder, beside the generated projects (build/handbook/...)
CATALOG_CACHE = "catalogs"  # in the work folder: the parse of each catalog, kept by its bytes
CONTENT_CACHE = "content"  # and of each content file
ENGINE_INPUT = "#engine-input"  # a site's key in the build state, for the fingerprint of its engine input


def _previous(site_dir: Path, state: dict[str, str], key: str) -> str | None:
    """The fingerprint of what the engine read to build the site now published, if known."""
    fingerprint = state.get(f"{key}{ENGINE_INPUT}")
    return fingerprint if fingerprint and (site_dir / key).is_dir() else None


def _left_over(site_dir: Path, outputs: tuple[Output, ...]) -> bool:
    """Whether the site folder holds an output this project no longer builds (a public page now skipped)."""
    return any((site_dir / output).exists() for output in OUTPUTS if output not in outputs)


def _machine_problem(error: OSError, root: Path, site_dir: Path, work_dir: Path) -> Problem:
    """The folder at fault (the site folder, the work folder, or the file itself) and what to do."""
    named = error.filename2 if error.filename2 is not None else error.filename
    path = Path(display_path(os.fsdecode(named))) if named is not None else None
    location = None
    for folder in (site_dir, work_dir):
        if path is not None and (path == folder or folder in path.parents or path == folder.parent):
            location = display_path(folder, root)
            break
    return os_problem(error, location, root, "build again")


@dataclass
class TargetWriter:
    """Renders one output in one language and writes its MkDocs project; runs in the build workers."""

    project: Project
    base: dict[str, Any]
    pdf: bool = False
    catalogs: Path | None = None  # where parsed catalogs are kept between builds
    translations: dict[str, Translations] = field(default_factory=dict)  # the worker's current language

    def __call__(self, target: BuildTarget) -> list[Problem]:
        try:
            if target.lang not in self.translations:  # one language at a time: catalogs are large
                self.translations = {target.lang: translations_for(self.project, target.lang, self.catalogs)}
            translations = self.translations[target.lang]
            rendered = render_target(self.project, target.output, target.lang, translations, self.pdf)
        except HandbookError as error:
            return error.problems
        handbook = self.project.handbook
        config = mkdocs_config(self.base, handbook, target, rendered.site_name, rendered.not_found)
        # Pages link to files/<name>, beside them in the site.
        copies = {f"files/{name}": self.project.root / FILES / name for name in rendered.attachments}
        write_mkdocs_project(target, config, rendered.files, copies)
        return []


@dataclass(frozen=True)
class SiteFinisher:
    """What the generator adds to a site the engine has built; runs in the build workers.

    The print page gets its pages' bodies, every page its one-page sitemap (and the site its
    sitemap of every language, with a ``site_url``), and the theme's source maps go.
    """

    site_url: str | None
    languages: list[str]

    def __call__(self, target: BuildTarget) -> None:
        if target.output == "handbook":
            assemble_print_page(target.site_dir)
        paths = page_paths(p.relative_to(target.docs_dir).as_posix() for p in target.docs_dir.rglob("*.md"))
        if self.site_url:  # else MkDocs' own sitemap stays
            write_sitemap(
                target.site_dir, sitemap(self.site_url, target.output, target.lang, self.languages, paths)
            )
        write_page_sitemaps(target.site_dir, self.site_url, target.output, target.lang, self.languages, paths)
        drop_source_maps([target.site_dir])


@dataclass
class ContentLocator:
    """Where in the content a MkDocs warning about a generated page comes from.

    A page's own file (``rules.md`` is ``content/pages/rules.yml``), at the line that holds the
    text the warning quotes; else the content file that holds it (an addendum, or a page shown
    on the print page or the public page); else the project's template that prints it.
    Failing that, the page's file, or ``handbook.yml``, which lists the pages.
    """

    project: Project

    def __call__(self, page: str, quoted: str | None) -> Location | None:
        own = self.project.page_documents.get(page.removesuffix(".md"))
        documents = [own] if own is not None else []  # its own file first, then addenda and the rest
        documents += [d for d in self.project.documents.values() if d is not own]
        texts = [(document.name, document.source) for document in documents]
        templates = self.project.root / "templates"
        texts += [  # a project's template may print the text itself
            (path.relative_to(self.project.root).as_posix(), path.read_text(encoding="utf-8"))
            for path in sorted(templates.rglob("*.j2"))
        ]
        for name, source in texts if quoted else []:
            for number, line in enumerate(source.splitlines(), 1):
                if quoted and quoted in line:
                    return Location(name, number, line.index(quoted) + 1)
        return Location(own.name if own is not None else "content/handbook.yml")


class _Clock:
    """Seconds spent in each step of a build, for ``handbook build --timings``."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps[step] = self.laps.get(step, 0.0) + now - self.last
        self.last = now


def _catalog_file(project: Project, lang: str) -> Path | None:
    return None if lang == project.handbook.meta.source_language else catalog_path(project.root, lang)


def _site_name(project: Project, output: Output, translations: Translations) -> str:
    """The site's name; Material prints it raw even inside ``aria-label`` (see :func:`escape_for_theme`)."""
    meta = project.handbook.meta
    if output == "community":
        title = public_title(public_view(with_addenda(project.handbook)), translations)
    else:
        title = localise(meta.title, translations)
    return escape_for_theme(f"{meta.organisation}: {title}", quotes=True)


def _not_found(translations: Translations) -> dict[str, str]:
    return {
        "title": translations.gettext("Page not found"),
        "message": translations.gettext("This page does not exist, or it has moved."),
        "home": translations.gettext("Go to the home page"),
    }


def _build_date(project: Project) -> int:
    """The handbook's effective date: the same input gives the same site, on any day."""
    return int(_effective(project).timestamp())


def _effective(project: Project) -> datetime:
    effective = project.handbook.meta.effective_date
    return datetime(effective.year, effective.month, effective.day, tzinfo=timezone.utc)


def _pdf_setting(project: Project) -> Location:
    """Where the project asks for PDFs: the ``pdf`` line of handbook.yml, or that file."""
    document = project.documents["content/handbook.yml"]
    return document.locate(("pdf",)) if project.handbook.meta.pdf else Location(document.name)


def _engine(project: Project, name: str | None) -> Engine:
    """The engine to build with, installed, and a project's mkdocs.yml it can honour in full."""
    document = project.documents["content/handbook.yml"]
    setting = document.locate(("engine",)) if name is None else Location("--engine")
    engine = engine_named(name or project.handbook.meta.engine)
    if not engine.installed():
        message = (
            f"{engine.title} is not installed: install it ('make' installs every engine the lock holds), "
            "or build with 'engine: mkdocs'"
        )
        raise HandbookError([Problem(setting, message)])
    if engine.name == "zensical":
        from .engine.zensical import unsupported_settings, zensical_plugins

        problems = unsupported_settings(project.root / "mkdocs.yml", "mkdocs.yml", zensical_plugins())
        if problems:
            raise HandbookError(problems)
    return engine


def _theme_dir(project: Project, base: dict[str, object]) -> Path | None:
    """The project's ``theme.custom_dir``, which like every input must stay inside the project."""
    theme = base.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not isinstance(custom, str):
        return None
    problems = list(files_outside(project.root, [custom]))
    if problems:
        raise HandbookError(problems)
    return project.root / custom
