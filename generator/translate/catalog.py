"""Translation catalogs on disk: the template, one ``.po`` per language, and their merge.

Files live under ``locales/``: the template ``handbook.pot`` and
``<lang>/LC_MESSAGES/handbook.po``. They are read and written with polib,
which keeps what translators rely on (``#|`` previous msgids, obsolete
entries, flags, their own comments); Babel supplies the CLDR plural rules.

The merge (:func:`merge`) never loses a translation:

* an unchanged msgid keeps its translation and flags;
* an edited source string takes the translation of the closest removed one,
  marked fuzzy, with the msgid it was made for kept in ``#|`` lines, which
  later merges keep until a translator clears the fuzzy flag;
* a removed string becomes obsolete (``#~``) and comes back translated when
  the string returns;
* the order is always by msgid and context, so reordering content changes
  nothing.

Every write is atomic, and a file whose content would not change is not
touched.
"""

from __future__ import annotations

import difflib
import gettext
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog

from ..errors import HandbookError, Location, Problem
from ..processes import process_is_gone
from .locale import cldr_locale

__all__ = [
    "AnyCatalog",
    "LanguageStatus",
    "Message",
    "Messages",
    "catalog_path",
    "language_status",
    "merge",
    "new_catalog",
    "read_catalog",
    "read_messages",
    "template_from",
    "write_catalog",
    "write_catalogs",
]

DOMAIN = "handbook"
WRAP = 78
FUZZY_CUTOFF = 0.5  # how alike an edited string must be to inherit the old translation (as fuzzy)
_HEADER_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.M)


def catalog_path(root: Path, lang: str | None = None) -> Path:
    """``locales/handbook.pot``, or a language's ``locales/<lang>/LC_MESSAGES/handbook.po``."""
    if lang is None:
        return root / "locales" / f"{DOMAIN}.pot"
    return root / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def parse_locale(lang: str, location: Location) -> Locale:
    """The CLDR locale of a language code, or a located error for an unknown one."""
    try:
        return cldr_locale(lang)
    except (UnknownLocaleError, ValueError):
        raise HandbookError([Problem(location, f"unknown language code '{lang}'")]) from None


# --- Reading --------------------------------------------------------------------------

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')


def read_catalog(path: Path, name: str | None = None) -> polib.POFile:
    """Read a ``.po`` or ``.pot`` file; syntax errors are reported with their line."""
    name = name or str(path)
    text = _read_text(path, name)
    try:
        catalog = polib.pofile(text, wrapwidth=WRAP)
    except (OSError, ValueError) as error:
        raise HandbookError([Problem(Location(name), f"cannot read the catalog: {error}")]) from None
    _number_entries(catalog, text)
    problems = list(_structure_problems(catalog, text, name))
    if problems:
        raise HandbookError(problems)
    return catalog


@dataclass(slots=True)
class Message:
    """One entry of a catalog as a build reads it (the fields polib's ``POEntry`` has by those names)."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str = ""
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    linenum: int = 0
    obsolete: bool = False


@dataclass
class Messages:
    """A catalog's header fields and entries, without what only a merge needs (comments, ``#|``)."""

    metadata: dict[str, str]
    entries: list[Message]

    def __iter__(self) -> Iterator[Message]:
        return iter(self.entries)


AnyCatalog = polib.POFile | Messages


def read_messages(path: Path, name: str | None = None) -> Messages:
    """What a build needs of a ``.po`` file, read in one pass; the same problems as :func:`read_catalog`.

    A build reads every language's catalog; polib's parser, which keeps everything a merge
    must write back, takes most of that time.
    """
    name = name or str(path)
    text = _read_text(path, name)
    messages = _parse_messages(text)
    problems = list(_structure_problems(messages, text, name))
    if problems:
        raise HandbookError(problems)
    return messages


_FIELD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+"(.*)"$')
_ESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda match: _ESCAPED[match[1]], text) if "\\" in text else text


def _parse_messages(text: str) -> Messages:
    """Entries of a syntactically valid catalog (see :func:`_syntax_problems`), as polib reads them."""
    entries: list[Message] = []
    entry, key, done = Message(), ("msgid", None), False  # done: its msgstr was read
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
        if line.startswith("#"):
            if done:
                entries.append(entry)
                entry, done = Message(), False
            if line.startswith("#,"):
                entry.flags.extend(flag.strip() for flag in line[2:].split(","))
            continue
        match = _FIELD.match(line)
        if match is None:
            if line:  # a string continuing the last field
                _append(entry, key, _unescape(line[1:-1]))
            continue
        keyword, index, value = match[1], match[2], _unescape(match[3])
        if keyword in ("msgctxt", "msgid") and done:
            entries.append(entry)
            entry, done = Message(), False
        if keyword == "msgid":
            entry.linenum, entry.obsolete = number, obsolete
        if keyword == "msgstr" and index is not None:
            entry.msgstr_plural[int(index)] = value
        else:
            setattr(entry, keyword, value)
        key, done = (keyword, None if index is None else int(index)), done or keyword == "msgstr"
    if done:
        entries.append(entry)
    return Messages(_header(entries), entries)


def _append(entry: Message, key: tuple[str, int | None], text: str) -> None:
    name, index = key
    if index is not None:
        entry.msgstr_plural[index] += text
    else:
        setattr(entry, name, getattr(entry, name) + text)


def _header(entries: list[Message]) -> dict[str, str]:
    """The header entry's fields (it is removed from the entries), parsed the way polib does."""
    header = next((e for e in entries if not e.msgid and not e.obsolete), None)
    metadata: dict[str, str] = {}
    if header is None:
        return metadata
    entries.remove(header)
    key = None
    for line in header.msgstr.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


def _read_text(path: Path, name: str) -> str:
    """A catalog's text, which must be UTF-8 and free of syntax errors."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise HandbookError([Problem(Location(name), "file not found")]) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes().count(b"\n", 0, error.start) + 1
        raise HandbookError(
            [Problem(Location(name, line), "not valid UTF-8; save the file as UTF-8")]
        ) from None
    problems = list(_syntax_problems(text, name))
    if problems:
        raise HandbookError(problems)
    return text


def _structure_problems(catalog: AnyCatalog, text: str, name: str) -> Iterable[Problem]:
    """What GNU msgfmt refuses as well: a broken plural rule, duplicate entries, missing plural forms."""
    rule = catalog.metadata.get("Plural-Forms")
    if rule is not None:
        expression = rule.split("plural=", 1)[1].strip().rstrip(";").strip() if "plural=" in rule else ""
        try:
            gettext.c2py(expression)
            if not re.search(r"nplurals\s*=\s*[1-9]\d*\s*;", rule):
                raise ValueError("no 'nplurals=N;'")
        except (ValueError, SyntaxError) as error:
            line = next((n for n, t in enumerate(text.splitlines(), 1) if '"Plural-Forms:' in t), 1)
            yield Problem(Location(name, line), f"the Plural-Forms header is not a valid rule ({error})")
    nplurals, first = plural_count(catalog), {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt or "", entry.msgid)
        if key in first:  # a merge would keep only one of them
            yield Problem(Location(name, entry.linenum), f"duplicate entry (first on line {first[key]})")
        first.setdefault(key, entry.linenum)
        forms = entry.msgstr_plural or {}
        if entry.msgid_plural and any(forms.values()) and len(forms) != nplurals:
            message = f"{len(forms)} plural forms, but the language has {nplurals} (see Plural-Forms)"
            yield Problem(Location(name, entry.linenum), message)


def _syntax_problems(text: str, name: str) -> Iterable[Problem]:
    """Lines that break the syntax of a catalog, as GNU msgfmt reads it.

    Each line is blank, a comment, a keyword with its string, or a string continuing the
    keyword before it; an entry is ``[msgctxt] msgid (msgstr | msgid_plural msgstr[n]...)``.
    Obsolete entries (``#~``) follow the same rules among themselves.
    """
    states = {False: "start", True: "start"}  # for active and for obsolete lines
    begun = {False: 0, True: 0}  # the line where each one's current entry began
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        obsolete = stripped.startswith("#~")
        if obsolete:  # the same syntax behind the mark
            stripped = stripped[2:].strip()
        if not stripped:
            continue
        comment = stripped.startswith(("#", "|"))
        # A comment, or a line of the other kind, before an entry's msgstr: that entry is broken.
        broken = [
            kind for kind, state in states.items() if state in _INSIDE and (comment or kind != obsolete)
        ]
        if broken:
            message = f"syntax error: this entry has no msgstr before line {number}"
            yield Problem(Location(name, begun[broken[0]]), message)
            return
        if comment:
            states = {kind: "start" if state in _FINAL else state for kind, state in states.items()}
            continue
        keyword = _KEYWORD.match(stripped)
        rest = stripped[keyword.end() - 1 :] if keyword else stripped
        if not _STRING.match(rest):
            what = "unterminated string" if rest.startswith('"') else "expected a keyword or a quoted string"
            yield Problem(Location(name, number), f"syntax error: {what}")
            return
        states[not obsolete] = "start"  # an entry of the other kind in between ends the one before
        token = "a string" if keyword is None else re.sub(r"\[\d+\]", "[n]", keyword[1])
        following = _GRAMMAR[states[obsolete]]
        if token not in following:
            expected = " or ".join(t for t in following if t != "a string")
            yield Problem(Location(name, number), f"syntax error: {token} where {expected} was expected")
            return
        if states[obsolete] in ("start", *_FINAL):
            begun[obsolete] = number
        states[obsolete] = following[token]
    for obsolete, state in states.items():
        if state in _INSIDE:
            yield Problem(Location(name, begun[obsolete]), "syntax error: this entry has no msgstr")


# What may follow each part of an entry, and the part it makes.
_GRAMMAR: dict[str, dict[str, str]] = {
    "start": {"msgctxt": "msgctxt", "msgid": "msgid"},
    "msgctxt": {"a string": "msgctxt", "msgid": "msgid"},
    "msgid": {"a string": "msgid", "msgid_plural": "msgid_plural", "msgstr": "msgstr"},
    "msgid_plural": {"a string": "msgid_plural", "msgstr[n]": "msgstr[n]"},
    "msgstr": {"a string": "msgstr", "msgctxt": "msgctxt", "msgid": "msgid"},
    "msgstr[n]": {"a string": "msgstr[n]", "msgstr[n]": "msgstr[n]", "msgctxt": "msgctxt", "msgid": "msgid"},
}
_INSIDE = ("msgctxt", "msgid", "msgid_plural")  # an entry that has no msgstr yet
_FINAL = ("msgstr", "msgstr[n]")


def _number_entries(catalog: polib.POFile, text: str) -> None:
    # polib's own line numbers are unreliable; count the msgid lines in file order instead.
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("msgid ")]
    active = [entry for entry in catalog if not entry.obsolete]
    offset = len(lines) - len(active)  # the header's msgid "" comes first
    for entry, line in zip(active, lines[offset:], strict=False):
        entry.linenum = line


# --- Writing --------------------------------------------------------------------------


def serialise(catalog: polib.POFile) -> bytes:
    """The file's bytes: entries sorted by msgid and context, wrapped at one width."""
    catalog.sort(key=_sort_key)
    catalog.wrapwidth = WRAP
    return (str(catalog).rstrip("\n") + "\n").encode("utf-8")


def _sort_key(entry: polib.POEntry) -> tuple[bool, str, str]:
    return (entry.obsolete, entry.msgid, entry.msgctxt or "")


def write_catalog(path: Path, catalog: polib.POFile) -> bool:
    """Write atomically; return False (and leave the file alone) when nothing would change."""
    return write_catalogs([(path, catalog)])[0]


def write_catalogs(catalogs: Iterable[tuple[Path, polib.POFile]]) -> list[bool]:
    """Write several catalogs, all or none: each to a synced temporary copy, then all renamed.

    Returns, for each, whether it changed. If a copy cannot be written (a full disk, a folder
    that may not be written), no catalog is touched and no copy is left; the ``OSError`` names
    the catalog.
    """
    changed, ready = [], []
    try:
        for path, catalog in catalogs:
            data = serialise(catalog)
            same = path.exists() and _without_dates(path.read_bytes()) == _without_dates(data)
            changed.append(not same)
            if not same:
                ready.append((_write_temporary(path, data), path))
        for temporary, path in ready:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in ready:
            temporary.unlink(missing_ok=True)
        raise
    return changed


def _write_temporary(path: Path, data: bytes) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):  # a write names no file: name the catalog
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise
    return temporary


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary copies left by an update that was killed before it could rename them."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        if process_is_gone(stale.name[len(path.name) + 2 :].split(".")[0]):
            stale.unlink(missing_ok=True)


def _without_dates(data: bytes) -> bytes:
    return _HEADER_DATES.sub(b"", data)


def _now() -> str:
    # SOURCE_DATE_EPOCH makes the template's date reproducible.
    stamp = float(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


# --- The template and new catalogs ------------------------------------------------------


def template_from(extracted: Catalog, title: str) -> polib.POFile:
    """The ``.pot`` for an extracted Babel catalog."""
    pot = polib.POFile(wrapwidth=WRAP)
    pot.header = f"Translation template of {title}.\nGenerated by 'handbook locales extract'; do not edit."
    pot.metadata = {
        "Project-Id-Version": title,
        "POT-Creation-Date": _now(),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for message in extracted:
        if not message.id:
            continue
        singular, plural = (message.id, None) if isinstance(message.id, str) else message.id[:2]
        entry = polib.POEntry(
            msgid=singular,
            msgid_plural=plural or "",
            msgctxt=message.context,
            occurrences=[(file, "") for file, _ in message.locations],
            comment="\n".join(message.auto_comments),
            flags=sorted(message.flags - {"fuzzy"}),
        )
        if plural:
            entry.msgstr_plural = {0: "", 1: ""}
        pot.append(entry)
    return pot


def new_catalog(template: polib.POFile, locale: Locale, lang: str) -> polib.POFile:
    """An empty catalog for a new language, with its CLDR plural rule."""
    catalog = polib.POFile(wrapwidth=WRAP)
    catalog.header = f"{locale.english_name} translation of the handbook."
    catalog.metadata = {
        "Project-Id-Version": template.metadata.get("Project-Id-Version", ""),
        "PO-Revision-Date": _now(),
        "Language": lang,
        "Language-Team": locale.english_name,
        "Last-Translator": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": Catalog(locale=locale).plural_forms,
    }
    return merge(template, catalog)


def plural_count(catalog: AnyCatalog) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    return int(match[1]) if match else 2


# --- Merging ----------------------------------------------------------------------------


def merge(template: polib.POFile, catalog: polib.POFile) -> polib.POFile:
    """``catalog`` brought up to date with ``template``; see the module docstring for the rules."""
    nplurals = plural_count(catalog)
    old = {_key(e): e for e in catalog if not e.obsolete}
    obsolete = {_key(e): e for e in catalog if e.obsolete}
    wanted = {_key(e) for e in template if e.msgid}
    removed = [e for k, e in old.items() if k not in wanted and _is_translated(e)]
    result = polib.POFile(wrapwidth=WRAP)
    result.header, result.metadata = catalog.header, dict(catalog.metadata)
    for source in template:
        if not source.msgid:
            continue
        key = _key(source)
        earlier = old.get(key) or obsolete.get(key)
        entry = _entry_like(source, nplurals)
        if earlier is not None:
            _take_translation(entry, earlier, nplurals, fuzzy="fuzzy" in earlier.flags)
            entry.previous_msgid = earlier.previous_msgid
            entry.previous_msgid_plural = earlier.previous_msgid_plural
            entry.previous_msgctxt = earlier.previous_msgctxt
            entry.tcomment = earlier.tcomment
        elif (closest := _closest(source, removed)) is not None:
            _take_translation(entry, closest, nplurals, fuzzy=True)
            # Keep the msgid the translation was really made for, if it was already fuzzy.
            origin = closest.previous_msgid and "fuzzy" in closest.flags
            entry.previous_msgid = closest.previous_msgid if origin else closest.msgid
            plural = closest.previous_msgid_plural if origin else closest.msgid_plural
            entry.previous_msgid_plural = plural or None
            entry.previous_msgctxt = closest.previous_msgctxt if origin else closest.msgctxt
        result.append(entry)
    for key, entry in {**obsolete, **old}.items():
        if key not in wanted and (_is_translated(entry) or entry.obsolete):
            entry.obsolete = True
            entry.occurrences, entry.comment = [], ""
            result.append(entry)
    return result


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _is_translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _entry_like(source: polib.POEntry, nplurals: int) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=source.msgid,
        msgid_plural=source.msgid_plural,
        msgctxt=source.msgctxt,
        occurrences=list(source.occurrences),
        comment=source.comment,
        flags=list(source.flags),
    )
    if source.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(nplurals), "")
    return entry


def _take_translation(entry: polib.POEntry, earlier: polib.POEntry, nplurals: int, fuzzy: bool) -> None:
    if entry.msgid_plural:
        forms = earlier.msgstr_plural or {0: earlier.msgstr}
        entry.msgstr_plural = {i: forms.get(i, "") for i in range(nplurals)}
        fuzzy = fuzzy or set(forms) != set(range(nplurals))
    else:
        entry.msgstr = earlier.msgstr or (earlier.msgstr_plural or {}).get(0, "")
        fuzzy = fuzzy or bool(earlier.msgid_plural)
    if fuzzy and _is_translated(entry):
        entry.flags = [*entry.flags, "fuzzy"] if "fuzzy" not in entry.flags else entry.flags


def _closest(source: polib.POEntry, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    """The removed translated entry most like ``source`` (same context), if alike enough."""
    best, best_ratio = None, FUZZY_CUTOFF
    for candidate in candidates:
        if (candidate.msgctxt or "") != (source.msgctxt or ""):
            continue
        ratio = difflib.SequenceMatcher(None, source.msgid, candidate.msgid).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


# --- Status -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageStatus:
    """How far one language's translation is; fuzzy never counts as translated."""

    lang: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def language_status(lang: str, catalog: polib.POFile, template: polib.POFile) -> LanguageStatus:
    """Counts against the template, so a string missing from the catalog counts as untranslated."""
    entries = {_key(e): e for e in catalog if not e.obsolete}
    translated = fuzzy = untranslated = 0
    for source in template:
        if not source.msgid:
            continue
        entry = entries.get(_key(source))
        if entry is None or not _is_complete(entry):
            untranslated += 1
        elif "fuzzy" in entry.flags:
            fuzzy += 1
        else:
            translated += 1
    return LanguageStatus(lang, translated, fuzzy, untranslated)


def _is_complete(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)
