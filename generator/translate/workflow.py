"""The translator workflow: extract, init, update, check and status for a project's catalogs.

Each function takes a project root and returns what it did; the command line
only prints it. Nothing is written unless every input is valid, and each file
is written atomically (see :mod:`generator.translate.catalog`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import HandbookError, Location, Problem
from ..load.project import Project, load_project
from .catalog import (
    LanguageStatus,
    Messages,
    catalog_path,
    language_status,
    merge,
    new_catalog,
    parse_locale,
    read_catalog,
    template_from,
    write_catalog,
    write_catalogs,
)
from .checks import check_catalog
from .extract import extract_project
from .glossary import (
    Term,
    glossary_path,
    glossary_problems,
    language_comments,
    load_glossary,
    name_terms,
    read_glossary,
)

__all__ = ["Written", "check_locales", "extract", "init_language", "locale_status", "update"]


@dataclass(frozen=True)
class Written:
    """A catalog file and whether this run changed it."""

    path: Path
    changed: bool


def _relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def build_template(project: Project, glossaries: dict[str, list[Term]] | None = None) -> Messages:
    """The template of the project as it is now (nothing written).

    An entry whose source uses terms of the languages' glossaries names them in a comment.
    """
    meta = project.handbook.meta
    template = template_from(extract_project(project), f"{meta.organisation}: {meta.title}")
    name_terms(template, read_glossaries(project) if glossaries is None else glossaries)
    return template


def read_glossaries(project: Project, problems: list[Problem] | None = None) -> dict[str, list[Term]]:
    """Each translation language's glossary terms.

    A bad row stops everything (every one of every glossary is reported), unless ``problems``
    is given: then it is added there and the good rows are kept, for a check to go on.
    """
    glossaries: dict[str, list[Term]] = {}
    found: list[Problem] = []
    for lang in translation_languages(project):
        path = glossary_path(project.root, lang)
        glossaries[lang], bad = load_glossary(path, _relative(project, path))
        found.extend(bad)
    if found and problems is None:
        raise HandbookError(found)
    if problems is not None:
        problems.extend(found)
    return glossaries


def extract(root: Path) -> Written:
    """Write ``locales/handbook.pot`` from the content and the templates in use."""
    project = load_project(root)
    path = catalog_path(project.root)
    return Written(path, write_catalog(path, build_template(project)))


def translation_languages(project: Project) -> list[str]:
    """Languages with a catalog folder, whether or not they are configured yet."""
    folder = project.root / "locales"
    found = (
        {p.parent.parent.name for p in folder.glob("*/LC_MESSAGES/handbook.po")} if folder.is_dir() else set()
    )
    return sorted(found - {project.handbook.meta.source_language})


def update(root: Path) -> list[Written]:
    """Extract, then merge the template into every language's catalog."""
    project = load_project(root)
    glossaries = read_glossaries(project)
    template = build_template(project, glossaries)
    catalogs = {
        lang: _read(project, lang) for lang in translation_languages(project)
    }  # all read before any write
    files = [(catalog_path(project.root), template)]
    for lang, old in catalogs.items():
        files.append((catalog_path(project.root, lang), _merged(template, old, glossaries.get(lang, []))))
    # all or none: a full disk leaves every catalog as it was
    return [Written(path, changed) for (path, _), changed in zip(files, write_catalogs(files), strict=True)]


def init_language(root: Path, lang: str) -> Written:
    """Start the catalog of a new language from the current template."""
    project = load_project(root)
    locale = parse_locale(lang, Location("command line"))
    path = catalog_path(project.root, lang)
    if path.exists():
        raise HandbookError(
            [Problem(Location(_relative(project, path)), "already exists; use 'locales update'")]
        )
    if lang == project.handbook.meta.source_language:
        message = f"'{lang}' is the source language; it needs no catalog"
        raise HandbookError([Problem(Location("content/handbook.yml"), message)])
    glossaries = read_glossaries(project)
    glossary = glossary_path(project.root, lang)  # a glossary may come before the catalog
    glossaries[lang] = read_glossary(glossary, _relative(project, glossary))
    catalog = new_catalog(build_template(project, glossaries), locale, lang)
    language_comments(catalog, glossaries[lang])
    return Written(path, write_catalog(path, catalog))


def _merged(template: Messages, catalog: Messages, terms: list[Term]) -> Messages:
    """The catalog brought up to date, its glossary comments giving this language's terms."""
    merged = merge(template, catalog)
    language_comments(merged, terms)
    return merged


def locale_status(root: Path) -> list[LanguageStatus]:
    """Per language: translated, fuzzy and untranslated counts against the current content."""
    project = load_project(root)
    template = build_template(project, {})  # counts need no glossary
    return [language_status(lang, _read(project, lang), template) for lang in translation_languages(project)]


def check_locales(root: Path) -> list[Problem]:
    """Every problem in every catalog; errors and warnings (see :mod:`generator.translate.checks`)."""
    project = load_project(root)
    problems: list[Problem] = []
    glossaries = read_glossaries(project, problems)  # a bad row is reported; the good ones are checked
    template = build_template(project, glossaries)
    for lang in translation_languages(project):
        path = catalog_path(project.root, lang)
        try:
            catalog = _read(project, lang)
        except HandbookError as error:
            problems.extend(error.problems)
            continue
        problems.extend(check_catalog(catalog, _relative(project, path), lang, template))
        problems.extend(glossary_problems(catalog, _relative(project, path), glossaries.get(lang, [])))
    return problems


def _read(project: Project, lang: str) -> Messages:
    path = catalog_path(project.root, lang)
    return read_catalog(path, _relative(project, path))
