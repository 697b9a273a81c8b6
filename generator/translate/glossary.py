"""A language's glossary: the one agreed translation of each recurring term.

``locales/<lang>/glossary.csv`` is a UTF-8 CSV file whose header row names the columns
``source`` and ``target`` and, if wanted, others of the CSV format Weblate imports
(:data:`OTHER_COLUMNS`, ignored here: ``translator_comments`` says what a term means). One
term a row::

    source,target,translator_comments
    policy,charte*,the policy the handbook sets out
    review,relecture*|relu*|relire,the periodic review of a page

A source term matches whole words, in any case, and the usual English endings of its last
word: ``policy`` matches "policies", ``review`` "reviews", "reviewed" and "reviewing".

A target holds one or more accepted forms separated by ``|``; a word ending with ``*``
stands for any word that begins so (``polityk*|polityc*`` accepts "polityka", "polityki"
and "polityce"). A form in a script written without
spaces (Chinese, Japanese, Thai...) is found anywhere in the translation; any other form
as whole words, in any case.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import HandbookError, Location, Problem
from .catalog import Message, Messages

__all__ = [
    "GLOSSARY_COMMENT",
    "Term",
    "glossary_path",
    "glossary_problems",
    "language_comments",
    "load_glossary",
    "name_terms",
    "read_glossary",
    "terms_in",
]

GLOSSARY = "glossary.csv"
# The other columns of Weblate's CSV format, in the spelling its header uses.
OTHER_COLUMNS = ("context", "translator_comments", "developer_comments", "location", "id", "fuzzy")
# The template's comment names the source terms only; each language's catalog says its own.
GLOSSARY_COMMENT = "Glossary terms: "
LANGUAGE_COMMENT = "Glossary: "
# Scripts written without spaces between words: their terms are found inside words.
UNSPACED = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
# What a source term is never looked for in: placeholders and the targets of Markdown links.
NOT_WORDS = re.compile(r"%\(\w+\)[sd]|\{\w*\}|\]\([^)]*\)|<https?://[^>]*>")


@dataclass(frozen=True)
class Term:
    """One row of a glossary: a source term, its accepted translations, and where it was typed."""

    source: str
    target: str
    location: Location

    @cached_property
    def forms(self) -> list[str]:
        return [form.strip() for form in self.target.split("|") if form.strip()]

    @cached_property
    def _source_pattern(self) -> re.Pattern[str]:
        *head, last = self.source.split()
        words = [re.escape(word) for word in head] + [_inflected(last)]
        return re.compile(r"(?<!\w)" + r"[\s-]+".join(words) + r"(?!\w)", re.IGNORECASE)

    @cached_property
    def _target_patterns(self) -> list[re.Pattern[str]]:
        return [_target_pattern(form) for form in self.forms]

    def in_source(self, text: str) -> bool:
        """Whether ``text`` uses the term (placeholders and link targets aside)."""
        return bool(self._source_pattern.search(NOT_WORDS.sub(" ", text)))

    def in_translation(self, text: str) -> bool:
        """Whether ``text`` uses one of the accepted translations."""
        return any(pattern.search(text) for pattern in self._target_patterns)

    def shown(self) -> str:
        """The agreed translation as the catalog comments and warnings say it."""
        return " | ".join(self.forms)


def _inflected(word: str) -> str:
    """A pattern for an English word and its plural, past and -ing forms."""
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies|ied|ying)"
    if word.endswith("e"):
        return re.escape(word[:-1]) + "(?:e|es|ed|ing)"
    return re.escape(word) + "(?:s|es|ed|ing)?"


def _target_pattern(form: str) -> re.Pattern[str]:
    if UNSPACED.search(form):
        return re.compile(re.escape(form.replace("*", "")), re.IGNORECASE)
    words = [
        re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"(?!\w)" for w in form.split()
    ]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.IGNORECASE)


def glossary_path(root: Path, lang: str) -> Path:
    return root / "locales" / lang / GLOSSARY


def read_glossary(path: Path, name: str) -> list[Term]:
    """The terms of a glossary file; none if there is no file. Every bad row is reported at once."""
    terms, problems = load_glossary(path, name)
    if problems:
        raise HandbookError(problems)
    return terms


def load_glossary(path: Path, name: str) -> tuple[list[Term], list[Problem]]:
    """The good rows of a glossary file and a problem for each bad one (for a check to go on)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], []
    except UnicodeDecodeError:
        return [], [Problem(Location(name, 1), "is not UTF-8 text; save it as CSV UTF-8")]
    try:
        return _parse(text, name)
    except csv.Error as error:  # a NUL byte, for one
        return [], [Problem(Location(name, 1), f"is not a CSV file ({error}); save it as CSV UTF-8")]


def _parse(text: str, name: str) -> tuple[list[Term], list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = [(reader.line_num, row) for row in reader]
    header = [cell.strip().lower() for cell in rows[0][1]] if rows else []
    wrong = _header_problem(header, rows[0][1] if rows else [])
    if wrong:
        return [], [Problem(Location(name, 1), wrong)]
    terms: list[Term] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        location = Location(name, line)
        source = row[header.index("source")].strip() if len(row) == len(header) else ""
        target = row[header.index("target")].strip() if len(row) == len(header) else ""
        wrong = _row_problem(row, header, source, target, seen)
        if wrong:
            problems.append(Problem(location, wrong))
        else:
            seen[source.lower()] = line
            terms.append(Term(source, target, location))
    return terms, problems


def _header_problem(header: list[str], typed: list[str]) -> str:
    if "source" not in header or "target" not in header:
        found = ",".join(typed) or "nothing"
        return f"the first row must name the columns 'source,target' (found '{found}'); add that header row"
    unknown = [column for column in header if column not in ("source", "target", *OTHER_COLUMNS)]
    if unknown:
        others = ", ".join(OTHER_COLUMNS)
        return f"unknown column '{unknown[0]}'; the columns are source, target and, if wanted, {others}"
    return ""


def _row_problem(row: list[str], header: list[str], source: str, target: str, seen: dict[str, int]) -> str:
    if len(row) != len(header):
        columns = f"the header {len(header)} ({','.join(header)})"
        return f"has {len(row)} columns, {columns}; put a value with a comma in double quotes"
    if not source:
        return "the source term is empty; write the English term, or delete the row"
    if "," in source:  # the template's comment lists terms separated by commas
        return f"'{source}' holds a comma; give each term a row of its own"
    if not target.strip("| "):
        return f"no target for '{source}'; write its agreed translation"
    if source.lower() in seen:
        return f"'{source}' is already on line {seen[source.lower()]}; keep one row, its forms separated by |"
    return ""


def terms_in(text: str, terms: Iterable[Term]) -> list[Term]:
    """The terms a source text uses."""
    return [term for term in terms if term.in_source(text)]


def glossary_problems(catalog: Messages, name: str, terms: list[Term]) -> list[Problem]:
    """A warning for each translated entry that leaves out a term's agreed translation.

    Fuzzy and untranslated entries are not checked (they are reported as such), nor the terms a
    translator's comment ``glossary-ignore: review`` names, where the word means something else.
    """
    problems: list[Problem] = []
    for entry in catalog:
        if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
            continue
        location = Location(name, entry.linenum or 0)
        ignored = _ignored(entry)
        missing: list[Term] = []
        for source, translation in _pairs(entry):
            for term in terms_in(source, terms):
                if term.source.lower() not in ignored and not term.in_translation(translation):
                    missing += [term] if term not in missing else []
        for term in missing:
            message = (
                f"the source says '{term.source}' but the translation lacks '{term.shown()}', "
                f"its agreed translation ({term.location}); use it, or add the translator comment "
                f"'glossary-ignore: {term.source}' where the word means something else"
            )
            problems.append(Problem(location, message, "warning"))
    return problems


IGNORE = re.compile(r"^\s*glossary-ignore\s*:(.*)$", re.IGNORECASE | re.MULTILINE)


def _ignored(entry: Message) -> set[str]:
    """The terms a translator's comment says the entry uses in another sense."""
    return {
        t.strip().lower() for found in IGNORE.findall(entry.tcomment) for t in found.split(",") if t.strip()
    }


def _pairs(entry: Message) -> Iterator[tuple[str, str]]:
    """Each translated form with its source (both source forms for a plural: any form may use the term)."""
    if entry.msgid_plural:
        for _, form in sorted(entry.msgstr_plural.items()):
            if form:
                yield f"{entry.msgid}\n{entry.msgid_plural}", form
    elif entry.msgstr:
        yield entry.msgid, entry.msgstr


def name_terms(template: Messages, glossaries: dict[str, list[Term]]) -> None:
    """Add to each template entry a comment naming the glossary terms its source uses.

    The template serves every language, so the comment names the source terms of every
    glossary (``Glossary terms: policy, review``); :func:`language_comments` turns it into
    one language's agreed translations.
    """
    sources = sorted({term.source for terms in glossaries.values() for term in terms}, key=str.lower)
    probes = [Term(source, source, Location("")) for source in sources]
    for entry in template:
        used = [probe.source for probe in probes if probe.in_source(f"{entry.msgid}\n{entry.msgid_plural}")]
        if used:
            line = GLOSSARY_COMMENT + ", ".join(used)
            entry.comment = f"{entry.comment}\n{line}" if entry.comment else line


def language_comments(catalog: Messages, terms: list[Term]) -> None:
    """Replace the template's glossary line of each entry by this language's agreed translations."""
    by_source = {term.source.lower(): term for term in terms}
    for entry in catalog:
        lines = entry.comment.split("\n") if entry.comment else []
        kept = [line for line in lines if not line.startswith(GLOSSARY_COMMENT)]
        if len(kept) == len(lines):
            continue
        named = [s for line in lines if line.startswith(GLOSSARY_COMMENT) for s in _named(line)]
        agreed = [by_source[s.lower()] for s in named if s.lower() in by_source]
        if agreed:
            kept.append(LANGUAGE_COMMENT + "; ".join(f"{t.source} → {t.shown()}" for t in agreed))
        entry.comment = "\n".join(kept)


def _named(line: str) -> list[str]:
    return [s.strip() for s in line[len(GLOSSARY_COMMENT) :].split(",") if s.strip()]
