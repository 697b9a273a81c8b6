"""The translator workflow: extract, init, update, check and status for a project's catalogs.

Each function takes a project root and returns what it did; the command line
only prints it. Nothing is written unless every input is valid, and each file
is written atomically (see :mod:`generator.translate.catalog`).

A project's catalogs hold its content and its own templates' strings; the
generator's interface strings ship with the package
(:mod:`generator.translate.shipped`). A project overrides one of them by
translating it in its own catalog: such an entry (same context and msgid as
an interface string) is kept by every update, checked like the others, and
wins at build time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import HandbookError, Location, Problem
from ..load.project import Project, load_project
from .catalog import (
    LanguageStatus,
    Message,
    Messages,
    catalog_path,
    language_status,
    merge,
    new_catalog,
    parse_locale,
    plural_count,
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
from .shipped import interface_catalog, interface_catalog_name, interface_language, interface_template

__all__ = [
    "InterfaceStatus",
    "Written",
    "check_locales",
    "extract",
    "init_language",
    "interface_status",
    "locale_status",
    "override",
    "update",
]

OVERRIDE_NOTE = "Overrides the generator's own translation of this interface string."


@dataclass(frozen=True)
class Written:
    """A catalog file and whether this run changed it."""

    path: Path
    changed: bool


def _relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def build_template(project: Project, glossaries: dict[str, list[Term]] | None = None) -> Messages:
    """The template of the project as it is now (nothing written): its content and templates.

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


def overrides(catalog: Messages, interface: Messages) -> list[Message]:
    """The interface strings a project's catalog translates itself, as template entries."""
    translated = {(e.msgctxt or "", e.msgid) for e in catalog if _is_translated(e)}
    return [
        replace(entry, comment="\n".join(filter(None, [entry.comment, OVERRIDE_NOTE])))
        for entry in interface
        if entry.msgid and (entry.msgctxt or "", entry.msgid) in translated
    ]


def _is_translated(entry: Message) -> bool:
    return not entry.obsolete and bool(entry.msgstr or any(entry.msgstr_plural.values()))


def language_template(template: Messages, catalog: Messages, interface: Messages) -> Messages:
    """What one language's catalog holds: the project's template and the catalog's overrides."""
    have = {(e.msgctxt or "", e.msgid) for e in template}
    extra = [e for e in overrides(catalog, interface) if (e.msgctxt or "", e.msgid) not in have]
    return replace(template, entries=[*template.entries, *extra])


def extract(root: Path) -> Written:
    """Write ``locales/handbook.pot`` from the content and the project's own templates."""
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
    interface = interface_template()
    files = [(catalog_path(project.root), template)]
    for lang, old in catalogs.items():
        wanted = language_template(template, old, interface)
        files.append((catalog_path(project.root, lang), _merged(wanted, old, glossaries.get(lang, []))))
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


@dataclass(frozen=True)
class InterfaceStatus:
    """The generator's interface strings in one language: shipped or not, how far, what is overridden."""

    lang: str
    shipped: str | None  # the shipped catalog that serves the language (``pt`` for ``pt-BR``), if any
    percent: float  # of the interface strings the shipped catalog translates (0 when none is shipped)
    overridden: int  # interface strings the project's catalog translates itself

    def describe(self) -> str:
        """``shipped, 100%``, ``shipped (pt), 97.7%, 2 overridden`` or ``not shipped: English``."""
        if self.shipped is None:
            text = "not shipped: English"
        else:
            served = "" if self.shipped == self.lang.replace("-", "_") else f" ({self.shipped})"
            percent = f"{self.percent:.0f}" if self.percent == 100 else f"{self.percent:.1f}"
            text = f"shipped{served}, {percent}%"
        return text + (f", {self.overridden} overridden" if self.overridden else "")


def interface_status(root: Path) -> list[InterfaceStatus]:
    """Per language with a catalog: the generator's interface strings (see :class:`InterfaceStatus`)."""
    project = load_project(root)
    template, interface = build_template(project), interface_template()
    return [
        _interface_status(lang, _read(project, lang), template, interface)
        for lang in translation_languages(project)
    ]


def _interface_status(
    lang: str, catalog: Messages, template: Messages, interface: Messages
) -> InterfaceStatus:
    shipped = interface_catalog(lang)
    percent = language_status(lang, shipped, interface).percent if shipped is not None else 0.0
    content = {
        (e.msgctxt or "", e.msgid) for e in template
    }  # a content string is the content's, not an override
    own = [e for e in overrides(catalog, interface) if (e.msgctxt or "", e.msgid) not in content]
    return InterfaceStatus(lang, interface_language(lang), percent, len(own))


def check_locales(root: Path) -> list[Problem]:
    """Every problem in every catalog; errors and warnings (see :mod:`generator.translate.checks`)."""
    project = load_project(root)
    interface = interface_template()
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
        wanted = language_template(template, catalog, interface)
        problems.extend(check_catalog(catalog, _relative(project, path), lang, wanted))
        problems.extend(glossary_problems(catalog, _relative(project, path), glossaries.get(lang, [])))
        problems.extend(interface_glossary_problems(lang, catalog, glossaries.get(lang, [])))
    return problems


def interface_glossary_problems(lang: str, catalog: Messages, terms: list[Term]) -> list[Problem]:
    """A warning for each shipped label the project uses that leaves out one of its glossary's terms.

    The generator's translation of its labels may choose another word than the project's
    glossary ("Backup": "Remplaçant" where the glossary says "suppléant"); the project then
    overrides that label in its own catalog, where the usual glossary check applies.
    """
    served_by = interface_language(lang)
    shipped = interface_catalog(lang) if terms else None
    if shipped is None or served_by is None:
        return []
    name = interface_catalog_name(served_by)
    own = {(e.msgctxt or "", e.msgid) for e in catalog if not e.obsolete and e.msgid}
    problems: list[Problem] = []
    for entry in shipped:
        if (entry.msgctxt or "", entry.msgid) in own:
            continue  # the project's override is checked as its own entry
        for problem in glossary_problems(replace(shipped, entries=[entry]), name, terms):
            command = _override_command(lang, entry)
            finding = problem.message.split("; use it")[0]
            message = f"the generator's label: {finding}; run '{command}' to translate it with your term"
            problems.append(Problem(problem.location, message, "warning"))
    return problems


def _override_command(lang: str, entry: Message) -> str:
    context = f" --context '{entry.msgctxt}'" if entry.msgctxt else ""
    return f"handbook locales override {lang} '{entry.msgid}'{context}"


def _read(project: Project, lang: str) -> Messages:
    path = catalog_path(project.root, lang)
    return read_catalog(path, _relative(project, path))


def override(root: Path, lang: str, msgid: str, context: str | None = None) -> Written:
    """Copy an interface string into a language's catalog, for the project to translate its own way.

    It starts with the generator's shipped translation, or, where the language has none, with
    the source text marked fuzzy; either way it is the project's from then on.
    """
    project = load_project(root)
    interface = interface_template()
    source = next((e for e in interface if (e.msgctxt or "", e.msgid) == (context or "", msgid)), None)
    if source is None:
        where = f" with context '{context}'" if context else ""
        message = f"'{msgid}'{where} is not one of the generator's interface strings"
        raise HandbookError([Problem(Location("command line"), message)])
    path = catalog_path(project.root, lang)
    if not path.exists():
        message = f"no catalog for '{lang}'; start one with 'handbook locales init {lang}'"
        raise HandbookError([Problem(Location(_relative(project, path)), message)])
    catalog = _read(project, lang)
    if any((e.msgctxt or "", e.msgid) == (context or "", msgid) for e in catalog if _is_translated(e)):
        raise HandbookError([Problem(Location(_relative(project, path)), f"already has '{msgid}'")])
    shipped = interface_catalog(lang)
    translated = next(
        (e for e in shipped or [] if (e.msgctxt or "", e.msgid) == (context or "", msgid)), None
    )
    entry = replace(source, comment="\n".join(filter(None, [source.comment, OVERRIDE_NOTE])))
    if translated is not None and _is_translated(translated) and "fuzzy" not in translated.flags:
        entry = replace(entry, msgstr=translated.msgstr, msgstr_plural=dict(translated.msgstr_plural))
    else:
        count = plural_count(catalog) if entry.msgid_plural else 0
        forms = {i: msgid if i == 0 and count > 1 else entry.msgid_plural for i in range(count)}
        entry = replace(entry, msgstr="" if entry.msgid_plural else msgid, msgstr_plural=forms)
        entry.flags = [*entry.flags, "fuzzy"]
    kept = [e for e in catalog.entries if (e.msgctxt or "", e.msgid) != (context or "", msgid)]
    return Written(path, write_catalog(path, replace(catalog, entries=[*kept, entry])))
