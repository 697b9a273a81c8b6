"""Translation catalogs on disk: the template, one ``.po`` per language, and their merge.

Files live under ``locales/``: the template ``handbook.pot`` and
``<lang>/LC_MESSAGES/handbook.po``. Every command reads them with
:func:`read_catalog`, one pass that follows GNU msgfmt's grammar, reports each
problem at its line, and keeps everything a merge writes back: the header,
flags, the translator's and the extracted comments, references, ``#|``
previous msgids and obsolete (``#~``) entries. polib only writes them
(:func:`serialise`). A new catalog takes its plural rule from the project's table
(:func:`plural_rule`).

The merge (:func:`merge`) never loses a translation:

* an unchanged msgid keeps its translation and flags;
* an edited source string takes the translation of the closest removed one,
  marked fuzzy, with the msgid it was made for kept in ``#|`` lines, which
  later merges keep until a translator clears the fuzzy flag; the old string
  then leaves no obsolete copy (as with GNU msgmerge), its translation being
  in the fuzzy entry;
* a removed string becomes obsolete (``#~``) and comes back translated when
  the string returns, as does a string edited back to what a fuzzy entry's
  ``#|`` lines name;
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
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog

from ..errors import HandbookError, Location, Problem
from ..parses import keep_parse, kept_parse
from ..processes import process_is_gone
from .locale import cldr_locale
from .plural_forms import plural_forms

__all__ = [
    "LanguageStatus",
    "Message",
    "Messages",
    "catalog_path",
    "language_status",
    "merge",
    "new_catalog",
    "plural_rule",
    "read_catalog",
    "serialise",
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


@dataclass(slots=True)
class Message:
    """One entry of a catalog, with everything a merge must write back.

    The fields have the names polib's ``POEntry`` gives them, which writes them (see
    :func:`serialise`).
    """

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str = ""
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    tcomment: str = ""  # the translator's comments, "# "
    comment: str = ""  # extracted comments, "#.": where the string is used, the author's note
    occurrences: list[tuple[str, str]] = field(default_factory=list)  # references, "#:": file and line
    previous_msgctxt: str | None = None  # "#|": what a fuzzy translation was made for
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False  # "#~": no longer in the content, kept in case it returns
    linenum: int = 0  # the line of its msgid

    def __reduce__(self) -> tuple[type[Message], tuple[Any, ...]]:
        # Kept parses load each entry with one call, not one per field: a catalog twice as fast.
        return Message, tuple(getattr(self, name) for name in _MESSAGE_FIELDS)


_MESSAGE_FIELDS = tuple(field.name for field in fields(Message))


@dataclass
class Messages:
    """A catalog: the file's opening comment, its header fields and its entries."""

    header: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    entries: list[Message] = field(default_factory=list)
    metadata_is_fuzzy: bool = False  # the header entry's "#, fuzzy"

    def __iter__(self) -> Iterator[Message]:
        return iter(self.entries)


def read_catalog(path: Path, name: str | None = None, cache: Path | None = None) -> Messages:
    """Read a ``.po`` or ``.pot`` file in one pass; problems are reported with their line.

    Syntax errors are those GNU msgfmt reports (see :func:`_parse`), and so are the
    problems of :func:`_structure_problems`; nothing is returned unless there are none.
    With a ``cache`` folder, a file read before with the same bytes is not parsed again
    (a tenth of the time); the cache keeps one parsed copy per file name.
    """
    name = name or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HandbookError([Problem(Location(name), "file not found")]) from None
    kept = None
    if cache is not None:
        kept, found = kept_parse(cache, name, raw, (__name__,), Messages)
        if found is not None:
            return found
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise HandbookError(
            [Problem(Location(name, line), "not valid UTF-8; save the file as UTF-8")]
        ) from None
    entries = _parse(text, name)
    catalog = _with_header(entries)
    problems = list(_structure_problems(catalog, entries, text, name))
    if problems:
        raise HandbookError(problems)
    if kept is not None:
        keep_parse(kept, catalog)
    return catalog


_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(?=")')
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}

# The parts of an entry, in the order msgfmt reads them, and what may follow each. Every
# entry is "[#| [msgctxt] msgid [msgid_plural]] [msgctxt] msgid (msgstr | msgid_plural
# msgstr[n]...)", each keyword's string continued by strings on the lines after it.
_ENTRY = {"msgctxt": "msgctxt", "msgid": "msgid"}
_BEGIN = {**_ENTRY, "#| msgctxt": "#| msgctxt", "#| msgid": "#| msgid"}
_GRAMMAR: dict[str, dict[str, str]] = {
    "start": _BEGIN,
    "#| msgctxt": {"a #| string": "#| msgctxt", "#| msgid": "#| msgid"},
    "#| msgid": {"a #| string": "#| msgid", "#| msgid_plural": "#| msgid_plural", **_ENTRY},
    "#| msgid_plural": {"a #| string": "#| msgid_plural", **_ENTRY},
    "msgctxt": {"a string": "msgctxt", "msgid": "msgid"},
    "msgid": {"a string": "msgid", "msgid_plural": "msgid_plural", "msgstr": "msgstr"},
    "msgid_plural": {"a string": "msgid_plural", "msgstr[n]": "msgstr[n]"},
    "msgstr": {"a string": "msgstr", **_BEGIN},
    "msgstr[n]": {"a string": "msgstr[n]", "msgstr[n]": "msgstr[n]", **_BEGIN},
}
_FINAL = ("msgstr", "msgstr[n]")  # the entry is complete; what follows begins the next one


def _parse(text: str, name: str) -> list[Message]:
    """The entries in ``text``, or the first line that breaks the syntax msgfmt reads.

    Each line is blank, a comment, a keyword with its string, or a string continuing the
    keyword before it; the keywords follow :data:`_GRAMMAR`. Comments come between entries
    only. Obsolete entries (``#~``) follow the same rules, and an entry is all obsolete or
    not at all.
    """
    entries: list[Message] = []
    entry, state, obsolete_entry, begun = Message(), "start", False, 0
    target: str | int = "msgid"  # the field a continuing string adds to (an int: a plural form)
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:  # the same syntax behind the mark
            line = line[2:].lstrip()
        if not line:
            continue
        previous = line.startswith("|" if obsolete else "#|")
        if previous:
            line = line[1 if obsolete else 2 :].lstrip()
        elif line.startswith("#"):
            if state not in ("start", *_FINAL):
                raise _syntax_error(name, begun, f"this entry has no msgstr before line {number}")
            if state in _FINAL:
                entries.append(entry)
                entry, state = Message(), "start"
            _add_comment(entry, line)
            continue
        if state != "start" and obsolete != obsolete_entry:  # a line of the other kind
            if state not in _FINAL:
                raise _syntax_error(name, begun, f"this entry has no msgstr before line {number}")
            entries.append(entry)
            entry, state = Message(), "start"
        keyword = _KEYWORD.match(line)
        rest = line[keyword.end() :] if keyword else line
        string = _STRING.fullmatch(rest)
        if string is None:
            what = "unterminated string" if rest.startswith('"') else "expected a keyword or a quoted string"
            raise _syntax_error(name, number, what)
        field_name = keyword[1] if keyword else None
        index = int(keyword[2]) if keyword and keyword[2] is not None else None
        if field_name is None:
            token = "a #| string" if previous else "a string"
        else:
            token = ("#| " if previous else "") + (field_name if index is None else "msgstr[n]")
        following = _GRAMMAR[state]
        if token not in following:
            raise _syntax_error(name, number, f"{token} where {_expected(following)} was expected")
        if index is not None and index != len(entry.msgstr_plural):  # forms are numbered 0, 1, 2...
            expected = f"msgstr[{len(entry.msgstr_plural)}]"
            raise _syntax_error(name, number, f"msgstr[{index}] where {expected} was expected")
        if state in ("start", *_FINAL) and token in _BEGIN:  # the first line of an entry
            if state in _FINAL:
                entries.append(entry)
                entry = Message()
            begun, obsolete_entry = number, obsolete
        state = following[token]
        value = _unescape(string[1])
        if field_name is None:  # a string continuing the last field
            if isinstance(target, int):
                entry.msgstr_plural[target] += value
            else:
                setattr(entry, target, getattr(entry, target) + value)
        elif index is not None:
            target = index
            entry.msgstr_plural[index] = value
        else:
            target = f"previous_{field_name}" if previous else field_name
            setattr(entry, target, value)
            if target == "msgid":
                entry.linenum, entry.obsolete = number, obsolete
    if state in _FINAL:
        entries.append(entry)
    elif state != "start":
        raise _syntax_error(name, begun, "this entry has no msgstr")
    return entries


def _syntax_error(name: str, line: int, what: str) -> HandbookError:
    return HandbookError([Problem(Location(name, line), f"syntax error: {what}")])


def _expected(following: dict[str, str]) -> str:
    keywords = [token for token in following if "string" not in token]
    return " or ".join([token for token in keywords if not token.startswith("#|")] or keywords)


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda match: _ESCAPED[match[1]], text) if "\\" in text else text


def _add_comment(entry: Message, line: str) -> None:
    """A comment line of the entry that follows it: references, flags, or comments."""
    mark, text = line[:2], line[2:]
    if mark not in ("#.", "#:", "#,"):
        mark, text = "#", line[1:]
    text = text[1:] if text.startswith(" ") else text
    if mark == "#":
        entry.tcomment = f"{entry.tcomment}\n{text}" if entry.tcomment else text
    elif not text.strip():
        return
    elif mark == "#.":
        entry.comment = f"{entry.comment}\n{text}" if entry.comment else text
    elif mark == "#,":
        entry.flags.extend(flag.strip() for flag in text.split(",") if flag.strip())
    else:
        for reference in text.split():
            file, colon, line_number = reference.rpartition(":")
            entry.occurrences.append(
                (file, line_number) if colon and line_number.isdigit() else (reference, "")
            )


def _with_header(entries: list[Message]) -> Messages:
    """The catalog of these entries: the header entry (``msgid ""``) gives its header fields."""
    header = next((e for e in entries if not e.msgid and not e.obsolete), None)
    if header is None:
        return Messages(entries=list(entries))
    metadata: dict[str, str] = {}
    key = None
    for line in header.msgstr.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    rest = [entry for entry in entries if entry is not header]
    return Messages(header.tcomment, metadata, rest, "fuzzy" in header.flags)


def _structure_problems(catalog: Messages, entries: list[Message], text: str, name: str) -> Iterable[Problem]:
    """What GNU msgfmt refuses as well: a broken plural rule, duplicate entries, missing plural forms.

    ``entries`` are all the entries read, the header among them: a second header is a duplicate.
    """
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
    nplurals, first = plural_count(catalog), dict[tuple[str, str], int]()
    for entry in entries:
        if entry.obsolete:
            continue
        key = (entry.msgctxt or "", entry.msgid)
        if key in first:  # a merge would keep only one of them
            yield Problem(Location(name, entry.linenum), f"duplicate entry (first on line {first[key]})")
        first.setdefault(key, entry.linenum)
        forms = entry.msgstr_plural
        if entry.msgid_plural and any(forms.values()) and len(forms) != nplurals:
            message = f"{len(forms)} plural forms, but the language has {nplurals} (see Plural-Forms)"
            yield Problem(Location(name, entry.linenum), message)


# --- Writing --------------------------------------------------------------------------


def serialise(catalog: Messages) -> bytes:
    """The file's bytes, as polib writes them: entries sorted by msgid and context, wrapped at one width."""
    po = polib.POFile(wrapwidth=WRAP)
    po.header, po.metadata = catalog.header, dict(catalog.metadata)
    po.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    for entry in sorted(catalog, key=_sort_key):
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                msgstr=entry.msgstr,
                msgstr_plural=dict(entry.msgstr_plural),
                flags=list(entry.flags),
                tcomment=entry.tcomment,
                comment=entry.comment,
                occurrences=list(entry.occurrences),
                previous_msgctxt=entry.previous_msgctxt,
                previous_msgid=entry.previous_msgid,
                previous_msgid_plural=entry.previous_msgid_plural,
                obsolete=entry.obsolete,
            )
        )
    return (str(po).rstrip("\n") + "\n").encode("utf-8")


def _sort_key(entry: Message) -> tuple[bool, str, str]:
    return (entry.obsolete, entry.msgid, entry.msgctxt or "")


def write_catalog(path: Path, catalog: Messages) -> bool:
    """Write atomically; return False (and leave the file alone) when nothing would change."""
    return write_catalogs([(path, catalog)])[0]


def write_catalogs(catalogs: Iterable[tuple[Path, Messages]]) -> list[bool]:
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


def template_from(extracted: Catalog, title: str) -> Messages:
    """The ``.pot`` for an extracted Babel catalog."""
    pot = Messages(
        header=f"Translation template of {title}.\nGenerated by 'handbook locales extract'; do not edit.",
        metadata={
            "Project-Id-Version": title,
            "POT-Creation-Date": _now(),
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        },
    )
    for message in extracted:
        if not message.id:
            continue
        singular, plural = (message.id, None) if isinstance(message.id, str) else message.id[:2]
        entry = Message(
            msgid=singular,
            msgid_plural=plural or "",
            msgctxt=message.context,
            occurrences=[(file, "") for file, _ in message.locations],
            comment="\n".join(message.auto_comments),
            flags=sorted(message.flags - {"fuzzy"}),
        )
        if plural:
            entry.msgstr_plural = {0: "", 1: ""}
        pot.entries.append(entry)
    return pot


def new_catalog(template: Messages, locale: Locale, lang: str) -> Messages:
    """An empty catalog for a new language, with its plural rule (see :func:`plural_rule`)."""
    name = locale.english_name or lang
    catalog = Messages(
        header=f"{name} translation of the handbook.",
        metadata={
            "Project-Id-Version": template.metadata.get("Project-Id-Version", ""),
            "PO-Revision-Date": _now(),
            "Language": lang,
            "Language-Team": name,
            "Last-Translator": "",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_rule(lang, locale),
        },
    )
    return merge(template, catalog)


def plural_rule(lang: str, locale: Locale) -> str:
    """The ``Plural-Forms`` of a new catalog, the same whatever Babel is installed.

    It comes from the project's table (:mod:`generator.translate.plural_forms`: the rules
    gettext and Weblate write), and from Babel (CLDR's rule) only for a language the table lacks.
    """
    return plural_forms(lang) or Catalog(locale=locale).plural_forms


def plural_count(catalog: Messages) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    return int(match[1]) if match else 2


# --- Merging ----------------------------------------------------------------------------


def merge(template: Messages, catalog: Messages) -> Messages:
    """``catalog`` brought up to date with ``template``; see the module docstring for the rules.

    Neither argument is changed.
    """
    nplurals = plural_count(catalog)
    old = {_key(e): e for e in catalog if not e.obsolete}
    obsolete = {_key(e): e for e in catalog if e.obsolete}
    made_for = _fuzzy_by_previous([*obsolete.values(), *old.values()])
    wanted = {_key(e) for e in template if e.msgid}
    removed = [e for k, e in old.items() if k not in wanted and _is_translated(e)]
    used: set[tuple[str, str]] = set()  # removed entries whose translation an edited string took
    result = Messages(catalog.header, dict(catalog.metadata), [], catalog.metadata_is_fuzzy)
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
        elif (origin := made_for.get(key)) is not None:  # edited back: the translation was made for it
            _take_translation(entry, origin, nplurals, fuzzy=False)
            entry.tcomment = origin.tcomment
            used.add(_key(origin))
        elif (closest := _closest(source, removed)) is not None:
            _take_translation(entry, closest, nplurals, fuzzy=True)
            _keep_previous(entry, closest)
            used.add(_key(closest))
        result.entries.append(entry)
    for key, entry in {**obsolete, **old}.items():
        if key not in wanted and key not in used and (_is_translated(entry) or entry.obsolete):
            result.entries.append(replace(entry, obsolete=True, occurrences=[], comment=""))
    return result


def _fuzzy_by_previous(entries: Iterable[Message]) -> dict[tuple[str, str], Message]:
    """The translated fuzzy entries, by the string their ``#|`` lines say the translation was made for."""
    return {
        (e.previous_msgctxt or "", e.previous_msgid): e
        for e in entries
        if e.previous_msgid and "fuzzy" in e.flags and _is_translated(e)
    }


def _keep_previous(entry: Message, closest: Message) -> None:
    """The ``#|`` lines of an edited string: the msgid the translation was really made for."""
    origin = closest.previous_msgid and "fuzzy" in closest.flags
    entry.previous_msgid = closest.previous_msgid if origin else closest.msgid
    plural = closest.previous_msgid_plural if origin else closest.msgid_plural
    entry.previous_msgid_plural = plural or None
    entry.previous_msgctxt = closest.previous_msgctxt if origin else closest.msgctxt


def _key(entry: Message) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _is_translated(entry: Message) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _entry_like(source: Message, nplurals: int) -> Message:
    entry = Message(
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


def _take_translation(entry: Message, earlier: Message, nplurals: int, fuzzy: bool) -> None:
    if entry.msgid_plural:
        forms = earlier.msgstr_plural or {0: earlier.msgstr}
        entry.msgstr_plural = {i: forms.get(i, "") for i in range(nplurals)}
        fuzzy = fuzzy or set(forms) != set(range(nplurals))
    else:
        entry.msgstr = earlier.msgstr or earlier.msgstr_plural.get(0, "")
        fuzzy = fuzzy or bool(earlier.msgid_plural)
    if fuzzy and _is_translated(entry):
        entry.flags = [*entry.flags, "fuzzy"] if "fuzzy" not in entry.flags else entry.flags


def _closest(source: Message, candidates: list[Message]) -> Message | None:
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


def language_status(lang: str, catalog: Messages, template: Messages) -> LanguageStatus:
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


def _is_complete(entry: Message) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)
