"""Which languages a project builds, and each one's translations: its catalog, then the shipped interface."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import HandbookError, Problem
from ..load.project import Project
from .catalog import catalog_path, read_catalog
from .checks import safety_problems
from .localise import Translations
from .shipped import interface_catalog, interface_language, interface_template

__all__ = ["languages_to_build", "missing_catalogs", "translations_for", "unshipped_interfaces"]


def languages_to_build(project: Project, only: Iterable[str] = ()) -> list[str]:
    """The languages to build: those asked for, else every configured one that has translations."""
    meta = project.handbook.meta
    only = list(only)
    unknown = [lang for lang in only if lang not in meta.languages]
    if unknown:
        location = project.documents["content/handbook.yml"].locate(("languages",))
        configured = ", ".join(meta.languages)
        message = f"language '{unknown[0]}' is not configured (configured: {configured})"
        raise HandbookError([Problem(location, message)])
    wanted = only or meta.languages
    return [lang for lang in wanted if lang == meta.source_language or _has_catalog(project.root, lang)]


def _has_catalog(root: Path, lang: str) -> bool:
    return catalog_path(root, lang).is_file()


def missing_catalogs(project: Project) -> list[Problem]:
    """A warning for each configured language without its catalog, at its item of ``languages:``.

    Such a language is left out of the build (see :func:`languages_to_build`); this says so.
    """
    meta = project.handbook.meta
    document = project.documents["content/handbook.yml"]
    return [
        Problem(document.locate(("languages", index)), _no_catalog(project.root, lang), "warning")
        for index, lang in enumerate(meta.languages)
        if lang != meta.source_language and not _has_catalog(project.root, lang)
    ]


def unshipped_interfaces(project: Project) -> list[Problem]:
    """A warning for each built language whose interface labels the generator does not ship.

    Its pages show those labels ("Page owner", "Print version"...) in English, marked as
    not yet translated, unless the project's catalog translates every one of them itself.
    """
    meta = project.handbook.meta
    document = project.documents["content/handbook.yml"]
    problems = []
    for index, lang in enumerate(meta.languages):
        if interface_language(lang) or _is_english(lang):
            continue
        if lang == meta.source_language:
            problems.append(
                Problem(document.locate(("languages", index)), _source_unshipped(lang), "warning")
            )
            continue
        if not _has_catalog(project.root, lang):
            continue
        labels = {(e.msgctxt or "", e.msgid) for e in interface_template() if e.msgid}  # rarely needed
        catalog = read_catalog(catalog_path(project.root, lang))
        own = {
            (e.msgctxt or "", e.msgid)
            for e in catalog
            if not e.obsolete and "fuzzy" not in e.flags and e.msgstr
        }
        missing = len(labels - own)
        if missing:
            message = (
                f"language '{lang}': the generator ships no translation of its own labels, so {missing} of "
                f"them show in English, marked as not yet translated: translate them in this language's "
                f"catalog ('handbook locales override {lang} MSGID'), or contribute the language to the "
                "generator"
            )
            problems.append(Problem(document.locate(("languages", index)), message, "warning"))
    return problems


def _is_english(lang: str) -> bool:
    """Whether ``lang`` is English, the language the generator's labels are written in."""
    return lang.replace("_", "-").split("-")[0].lower() == "en"


def _source_unshipped(lang: str) -> str:
    return (
        f"language '{lang}' is the source language, and the generator ships no translation of its own "
        'labels ("Page owner", "Print version"...) in it, so they show in English on its sites: '
        "contribute the language to the generator (see the README's section for translators)"
    )


def _no_catalog(root: Path, lang: str) -> str:
    path = catalog_path(root, lang).relative_to(root).as_posix()
    return (
        f"language '{lang}' has no catalog ({path}), so its sites are not built: "
        f"run 'handbook locales init {lang}' to start its translation, or remove '{lang}' from languages"
    )


def translations_for(project: Project, lang: str, cache: Path | None = None) -> Translations:
    """The translations of one language.

    The project's catalog first, then the generator's shipped interface catalog for the
    language, if it has one (see :mod:`generator.translate.shipped`). The source language
    has no catalog of its own: its content is the source, its labels come from the interface.
    ``cache`` is a folder where the catalog's parse is kept for the next read of the same bytes.
    """
    if lang == project.handbook.meta.source_language:
        return Translations.source(lang, interface_catalog(lang))
    path = catalog_path(project.root, lang)
    name = str(path.relative_to(project.root))
    catalog = read_catalog(path, name, cache)
    problems = safety_problems(catalog, name)
    if problems:
        raise HandbookError(problems)
    return Translations.from_catalog(lang, catalog, interface_catalog(lang))
