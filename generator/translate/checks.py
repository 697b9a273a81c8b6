"""Checks of a translation against its source, as a translator's QA tool would run them.

Errors (the build would show something wrong or unsafe):

* placeholders (``{name}``, ``%(name)s``) that differ from the source;
* Markdown links and autolinks, or inline markup (``**``, ``*``, ``_``, backticks), that differ;
* unsafe HTML: ``<script``, event-handler attributes, ``javascript:`` links;
* a ``Language`` header that names another language;
* what the build itself refuses (:func:`safety_problems`): credentials, and
  links that run code or leave the site.

Warnings: trailing punctuation or surrounding white space that differs from
the source, French spacing of ``: ; ? !`` and ``« »`` (:func:`spacing_problems`), and a
catalog that is out of date with the content.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..errors import Location, Problem
from ..safety import AUTOLINK, find_credentials, markdown_problems
from .catalog import Message, Messages, plural_count

__all__ = ["check_catalog", "check_entry", "safety_problems", "spacing_problems"]

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]*)[^)]*\)")
MARKUP = re.compile(r"\*\*|__|`|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
UNSAFE = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style)\b|\bon[a-z]+\s*=|javascript\s*:", re.I)
# Full stops and other end marks of scripts that do not use the Latin ones.
# A script's own marks count as the source's: the danda of Devanagari and Bengali, the full stops
# of Burmese, Armenian and Ethiopic, CJK's full-width marks, the Arabic question mark and full stop.
END_MARKS = {
    "。": ".", "．": ".", "！": "!", "？": "?", "：": ":", "；": ";", "…": "...", "؟": "?", "۔": ".",
    "।": ".", "॥": ".", "။": ".", "։": ".", "።": ".",
}  # fmt: skip
END = re.compile(r"([.!?:;。．！？：；…؟۔।॥။։።]|\.\.\.)$")
# Thai and Lao end a sentence with a space or nothing: a missing full stop is their typography.
NO_FULL_STOP = re.compile(r"[\u0e00-\u0eff]$")
# Languages whose typography puts a no-break space before : ; ? ! and inside « ».
# Canadian French spaces the colon only.
SPACED_MARKS = {"fr": ":;?!", "fr_CA": ":"}


def check_catalog(catalog: Messages, name: str, lang: str, template: Messages) -> list[Problem]:
    """All problems of one language's catalog."""
    problems: list[Problem] = []
    declared = catalog.metadata.get("Language", "")
    if declared and declared.replace("-", "_") != lang.replace("-", "_"):
        problems.append(
            Problem(Location(name, 1), f"the Language header says '{declared}' but the file is for '{lang}'")
        )
    problems.extend(safety_problems(catalog, name))
    nplurals = plural_count(catalog)
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        location = Location(name, entry.linenum or 0)
        for severity, message in check_entry(entry, nplurals):
            problems.append(Problem(location, message, severity))
        problems.extend(Problem(location, message, "warning") for message in spacing_problems(entry, lang))
    wanted = {(e.msgctxt or "", e.msgid) for e in template if e.msgid}
    have = {(e.msgctxt or "", e.msgid) for e in catalog if e.msgid and not e.obsolete}
    if wanted != have:
        message = "out of date with the content; run 'handbook locales update'"
        problems.append(Problem(Location(name), message, "warning"))
    return problems


def safety_problems(catalog: Messages, name: str) -> list[Problem]:
    """What no build publishes, wherever it comes from: credentials, and unsafe link targets."""
    entries = [entry for entry in catalog if entry.msgid and not entry.obsolete]
    # One scan of every translation at once finds whatever a scan of each would (the separator
    # ends every pattern); only when it finds something is each entry scanned for its line.
    every = _SEPARATOR.join(text for entry in entries for text in _translations(entry))
    if not any(find_credentials(every)) and not any(markdown_problems(every)):
        return []
    problems = []
    for entry in entries:
        location = Location(name, entry.linenum or 0)
        for text in _translations(entry):
            for _, kind in find_credentials(text):
                message = f"the translation looks like {kind}; credentials must never be published"
                problems.append(Problem(location, message))
            problems.extend(Problem(location, refused) for refused in markdown_problems(text))
    return problems


_SEPARATOR = "\n\x00\n"


def _translations(entry: Message) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def check_entry(entry: Message, nplurals: int) -> Iterator[tuple[str, str]]:
    """(severity, message) for each problem of one entry; untranslated entries have none."""
    if entry.msgid_plural:  # the number of forms is checked on reading (catalog.read_catalog)
        forms = entry.msgstr_plural or {}
        sources = {i: entry.msgid if i == 0 and nplurals > 1 else entry.msgid_plural for i in forms}
    else:
        forms, sources = {0: entry.msgstr}, {0: entry.msgid}
    for index, translation in forms.items():
        if translation:
            yield from _compare(sources[index], translation, bool(entry.msgid_plural))


def spacing_problems(entry: Message, lang: str) -> list[str]:
    """French spacing: a no-break space (U+00A0 or U+202F) before ``: ; ? !`` and inside ``« »``."""
    code = lang.replace("-", "_")
    marks = SPACED_MARKS.get(code) or SPACED_MARKS.get(code.split("_")[0])
    if not marks:
        return []
    ordinary = re.compile(f" [{marks}»]|« ")
    # A mark glued to the word before it (a URL's ':' is followed by '/', a time's by a digit).
    glued = re.compile(rf"[^\W\d_][{marks}](?=\s|$)|«\S|\S»")
    problems = []
    for text in _translations(entry):
        if (found := ordinary.search(text)) is not None:
            mark = found[0].strip()
            problems.append(f"an ordinary space at '{mark}'; French typography wants a no-break space there")
        elif (found := glued.search(text)) is not None:
            mark = next(c for c in found[0] if c in ":;?!«»")
            problems.append(f"no space at '{mark}'; French typography wants a no-break space there")
    return problems


def _links(text: str) -> list[str]:
    """The targets of a text's Markdown links and its autolinks (``<https://…>``), sorted."""
    return sorted([*LINK.findall(text), *AUTOLINK.findall(text)])


def _compare(source: str, translation: str, plural: bool) -> Iterator[tuple[str, str]]:
    expected, found = Counter(PLACEHOLDER.findall(source)), Counter(PLACEHOLDER.findall(translation))
    if plural:  # a form may leave the count out ("one month"), but adds nothing of its own
        for count in ("%(num)s", "%(num)d"):
            expected.pop(count, None), found.pop(count, None)
    if expected != found:
        yield "error", f"placeholders differ: source has {_list(expected)}, translation has {_list(found)}"
    if _links(source) != _links(translation):
        yield "error", "Markdown links differ from the source (same targets, in any order)"
    if Counter(MARKUP.findall(LINK.sub("", source))) != Counter(MARKUP.findall(LINK.sub("", translation))):
        yield "error", "inline Markdown markup (**, *, _, `) differs from the source"
    unsafe = UNSAFE.search(translation)
    if unsafe and not UNSAFE.search(source):
        yield "error", f"unsafe HTML in the translation: '{unsafe[0]}'"
    if _end(source) != _end(translation) and not _unmarked_sentence(source, translation):
        ends, source_ends = _end(translation) or "no punctuation", _end(source) or "none"
        yield "warning", f"ends with '{ends}', the source with '{source_ends}'"
    edges = (source[:1].isspace(), source[-1:].isspace())
    if edges != (translation[:1].isspace(), translation[-1:].isspace()):
        yield "warning", "leading or trailing white space differs from the source"


def _unmarked_sentence(source: str, translation: str) -> bool:
    """A sentence that the translation's script ends without a full stop (Thai, Lao)."""
    return _end(source) == "." and _end(translation) == "" and bool(NO_FULL_STOP.search(translation.rstrip()))


def _end(text: str) -> str:
    match = END.search(text.rstrip())
    return END_MARKS.get(match[1], match[1]) if match else ""


def _list(counter: Counter[str]) -> str:
    return ", ".join(sorted(counter.elements())) or "none"
