"""Read a YAML file into plain data that remembers where every value was typed.

YAML is parsed into nodes first so that each value keeps its position; the
positions follow the data through validation, so a type error deep inside a
block is still reported where the author typed it. Values are read by the
YAML 1.2 core schema, as typed (see :func:`plain_value`); a syntax error is
reported as advice at the mistake (:mod:`.syntax`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import HandbookError, Location, Problem
from ..parses import keep_parse, kept_parse
from ..safety import find_credentials
from .syntax import quoted_line, syntax_problem

__all__ = ["Document", "Path_", "credential_problems", "plain_value", "read_yaml"]

MAX_NODES = 200_000  # stops "billion laughs" alias expansion long before memory runs out
MAX_BYTES = 5 * 1024 * 1024

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its data and where each value and key stands."""

    name: str
    data: Any
    values: dict[Path_, yaml.Mark] = field(default_factory=dict)
    keys: dict[Path_, yaml.Mark] = field(default_factory=dict)
    source: str = ""  # the text of the file, for advice that shows a line as it should be

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """The location of the value (or key) at ``path``, else of its nearest parent."""
        if key and path in self.keys:
            return self._location(self.keys[path])
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self._location(self.values[path[:end]])
        return Location(self.name, 1, 1)

    def _location(self, mark: yaml.Mark) -> Location:
        return Location(self.name, mark.line + 1, mark.column + 1)


# --- Reading YAML ----------------------------------------------------------------


def read_yaml(path: Path, name: str, cache: Path | None = None) -> Document:
    """Parse one YAML file into a :class:`Document`, or raise :class:`HandbookError`.

    With a ``cache`` folder, a file read before with the same bytes is not parsed again
    (see :mod:`generator.parses`).
    """
    raw = _read_bytes(path, name)
    kept = None
    if cache is not None:
        kept, found = kept_parse(cache, name, raw, _READERS, Document)
        if found is not None:
            return found
    text = _decode(raw, name)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise HandbookError([syntax_problem(text, name, error)]) from None
    except RecursionError:
        raise HandbookError([Problem(Location(name), "the YAML is nested too deeply")]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow; not a MarkedYAMLError
        raise HandbookError([_reader_problem(text, name, error)]) from None
    document = Document(name, None, source=text)
    if node is None:
        raise HandbookError([Problem(Location(name, 1, 1), "the file is empty")])
    builder = _Builder(document)
    try:
        document.data = builder.build(node, ())
    except RecursionError:
        raise HandbookError([Problem(Location(name), "the YAML is nested too deeply")]) from None
    problems = builder.problems + list(credential_problems(text, name))
    if problems:
        raise HandbookError(problems)
    if kept is not None:
        keep_parse(kept, document)
    return document


_READERS = (__name__, "generator.safety")  # what a parse, and its credential scan, depend on


def credential_problems(text: str, name: str) -> Iterator[Problem]:
    """A located error for each credential-like string, comments included."""
    for number, line in enumerate(text.splitlines(), 1):
        for offset, kind in find_credentials(line):
            message = f"this looks like {kind}; credentials must never be published: remove it"
            yield Problem(Location(name, number, offset + 1), message)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise HandbookError(
                [Problem(Location(name), f"the file is larger than {MAX_BYTES // 1024 // 1024} MB")]
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise HandbookError([Problem(Location(name), "file not found")]) from None
    except IsADirectoryError:
        raise HandbookError([Problem(Location(name), "expected a file, found a folder")]) from None


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise HandbookError([Problem(Location(name, 1, 1), "the file is UTF-16; save it as UTF-8")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"
        raise HandbookError([Problem(Location(name, line, column), message)]) from None


def _reader_problem(text: str, name: str, error: yaml.reader.ReaderError) -> Problem:
    line = text.count("\n", 0, error.position) + 1
    column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    message = f"control character U+{ord(character):04X} is not allowed in YAML; delete it"
    return Problem(Location(name, line, column), message)


# --- Values: the YAML 1.2 core schema ------------------------------------------------
#
# PyYAML resolves plain scalars by YAML 1.1: `no` is false, `2.10` the float 2.1, `09:00` the
# number 540, `2026-13-01` a date it cannot build. HR means what they typed, so the loader
# follows the YAML 1.2 core schema instead, once, here: a plain scalar is null (`null`, `~`,
# nothing), a boolean (`true`, `false`) or else the text as typed, which validation then reads
# as a number, a date or a time where the model wants one. Quoted scalars are always text.

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
PLAIN = "tag:policy-handbook:plain"  # what the resolver calls a plain scalar without a tag
STRING = "tag:yaml.org,2002:str"  # a quoted scalar, or one tagged !!str
MERGE = "tag:yaml.org,2002:merge"
SEQUENCE = "tag:yaml.org,2002:seq"
MAPPING = "tag:yaml.org,2002:map"


class _Loader(yaml.SafeLoader):
    """PyYAML's reader, scanner, parser and composer, with none of its YAML 1.1 resolution."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return STRING
            return MERGE if value == "<<" else PLAIN
        return SEQUENCE if kind is yaml.SequenceNode else MAPPING


def plain_value(text: str) -> str | bool | None:
    """What a plain (unquoted) scalar means by the YAML 1.2 core schema, numbers left as typed.

    >>> plain_value("no"), plain_value("2.10"), plain_value("true"), plain_value("~")
    ('no', '2.10', True, None)
    """
    if text in NULLS:
        return None
    return BOOLEANS.get(text, text)


class _Builder:
    """Turns YAML nodes into plain Python data, recording positions and duplicate keys."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.nodes = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            location = self.document._location(node.start_mark)
            raise HandbookError([Problem(location, "the document expands to too many values (alias bomb?)")])
        self.document.values[path] = node.start_mark
        if isinstance(node, yaml.MappingNode) and node.tag == MAPPING:
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == SEQUENCE:
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag == PLAIN:
            return plain_value(node.value)
        if isinstance(node, yaml.ScalarNode) and node.tag == STRING:
            return node.value
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self._problem(node.start_mark, f"the YAML tag '{tag}' is not allowed" + self._as_text(node))
        return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                self._problem(key_node.start_mark, "merge keys (<<) are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node.start_mark, "a key must be a plain word")
                continue
            key = key_node.value  # a key is the word as typed: `no:` is "no", `1.0:` is "1.0"
            where = (*path, key)
            if key in result:
                first = self.document.keys[where].line + 1
                self._problem(key_node.start_mark, f"duplicate key '{key}' (first set on line {first})")
                continue
            self.document.keys[where] = key_node.start_mark
            result[key] = self.build(value_node, where)
        return result

    def _as_text(self, node: yaml.Node) -> str:
        """For a tagged scalar on one line: how to write it as the text it may have been meant as."""
        start, end = node.start_mark, node.end_mark
        if not isinstance(node, yaml.ScalarNode) or start.line != end.line:
            return ""
        lines = self.document.source.splitlines()
        line = lines[start.line] if start.line < len(lines) else ""
        fixed = quoted_line(line[: end.column], start.column)
        return f"; if it is text, put it in quotes, like this: {fixed}" if fixed else ""

    def _problem(self, mark: yaml.Mark, message: str) -> None:
        self.problems.append(Problem(self.document._location(mark), message))
