"""What to tell the author when YAML cannot be read: advice at the line where the mistake is.

PyYAML reports where its parser gave up, in its own terms ("mapping values are
not allowed here", "found unexpected end of stream" on the last line for a
quote opened on line 20). :func:`syntax_problem` finds the mistake an author
most likely made (a line indented differently from its siblings, a text with
``: `` that needs quotes, a quote or bracket never closed...) and says how to
fix it, at that mistake; the parser's own words follow on a second line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from ..errors import Location, Problem

__all__ = ["INDENTED_DIFFERENTLY", "quoted_line", "syntax_problem"]

INDENTED_DIFFERENTLY = "this line is indented differently from the lines above it: line it up with them"
NEEDS_QUOTES = "this text contains ': ', which YAML reads as a new key: put the whole text in quotes"
CANNOT_READ = (
    "YAML cannot read this line: check its indentation, and put a text in quotes if it has ': ' in it"
)
FIELD_KEY = re.compile(r"[a-z_][a-z0-9_]*")  # how the model's keys are spelt; "Tip" or "Note" are text
CLOSERS = {"[": "]", "{": "}"}


class _Place(NamedTuple):
    """A line and column counted from 0, as in PyYAML's marks."""

    line: int
    column: int


At = yaml.Mark | _Place | None


def syntax_problem(text: str, name: str, error: yaml.MarkedYAMLError) -> Problem:
    """The located advice for a YAML syntax error, with the parser's words on a second line."""
    if "'\\t'" in (error.problem or ""):
        where = error.problem_mark or error.context_mark
        return Problem(_location(name, where), "tab character: indent YAML with spaces, not tabs")
    at, advice = _advice(text, text.splitlines(), error)
    words = ", ".join(part.strip() for part in (error.context, error.problem) if part and part.strip())
    return Problem(_location(name, at), f"{advice}\n  (YAML parser: {words or 'invalid YAML'})")


def _location(name: str, mark: At) -> Location:
    return Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)


def _advice(text: str, lines: list[str], error: yaml.MarkedYAMLError) -> tuple[At, str]:
    context = (error.context or "").strip()
    problem = (error.problem or "").strip()
    at, opened = error.problem_mark, error.context_mark
    if context == "while scanning a quoted scalar" and opened is not None:  # ran into the end of the file
        quote = _char(lines, opened)
        return opened, f"this quote is never closed: add the closing {quote}"
    if context == "while scanning a double-quoted scalar" and at is not None:
        backslash = _line(lines, at.line).rfind("\\", 0, at.column + 1)  # the escape, not what follows
        return _Place(at.line, backslash) if backslash >= 0 else at, (
            "a backslash (\\) in double quotes starts an escape sequence:"
            " write \\\\ for a backslash, or put the text in single quotes"
        )
    tokens = _tokens(text)
    if context.startswith("while parsing a flow"):
        bracket = _unclosed_bracket(tokens)
        if bracket is not None:
            char = _char(lines, bracket.start_mark)
            return (
                bracket.start_mark,
                f"this {char} is never closed: add the closing {CLOSERS.get(char, ']')}",
            )
    if at is None:
        return opened, CANNOT_READ
    before = _scalar_before(tokens, at)
    if before is not None and before.style in ("'", '"') and before.end_mark.line == at.line:
        quote = before.style
        if before.start_mark.line < at.line:  # a quote opened lines above ends at a quote in this line
            message = (
                f"this quote is never closed: add the closing {quote}"
                f" (YAML read on to the {quote} on line {at.line + 1})"
            )
            return before.start_mark, message
        fixed = quoted_line(_line(lines, at.line), before.start_mark.column)
        advice = (
            "this text starts with a quote, so YAML ends it at the next one: put the whole text in quotes"
        )
        return at, advice + (f", like this: {fixed}" if fixed else "")
    if problem == "mapping values are not allowed here":
        return _colon_advice(lines, at, before)
    if problem.startswith(("expected <block end>", "did not find expected")):
        return _block_advice(lines, at, problem)
    if problem == "could not find expected ':'" and opened is not None:
        return _key_advice(lines, opened)
    if problem == "but found another document":
        return at, "a line '---' starts a second document, but a file holds one: remove that line"
    first = _starting_character(context, problem)
    if first:
        where = opened if first in ("*", "&", "| or >") and opened else at
        fixed = quoted_line(_line(lines, where.line), where.column)
        advice = f"a text cannot start with {first} in YAML: put the whole text in quotes"
        return where, advice + (f", like this: {fixed}" if fixed else "")
    return at, CANNOT_READ


def _colon_advice(lines: list[str], at: yaml.Mark, before: yaml.ScalarToken | None) -> tuple[At, str]:
    """``mapping values are not allowed here``: a ': ' inside a text, or a line that continues another.

    YAML allows ': ' only after a key that starts its line; ``before`` is the text it was reading.
    """
    line = _line(lines, at.line)
    words = _content(line[: at.column]).strip()
    if ": " in words:  # `title: Rules: the sequel`, `- Tip: book early: now`
        fixed = quoted_line(line)
        return at, NEEDS_QUOTES + (f", like this: {fixed}" if fixed else "")
    previous = _previous_content_line(lines, at.line)
    above = lines[previous] if previous is not None else ""
    lined_up = previous is not None and _content_column(above) == _content_column(line)
    squeezed = _squeezed(above)
    if previous is not None and squeezed and lined_up:  # `title:Rules` on the line above
        return _Place(previous, squeezed[0]), f"put a space after the ':', like this: {squeezed[1]}"
    if previous is not None and not lined_up:
        return _line_start(at, line), INDENTED_DIFFERENTLY
    plain = before is not None and before.style is None
    starts = before.start_mark.line if before is not None and plain else at.line
    if starts < at.line and " " in words:  # a sentence over several lines, with ': ' in this one
        return at, NEEDS_QUOTES + f" (it starts on line {starts + 1})"
    if starts < at.line and previous is not None:  # `- networkX` above `style: ...`
        message = "this line has no ': ' after its key, so YAML reads the next line as more of its text"
        return _Place(previous, _content_column(above)), message + ": add the ': '"
    return at, CANNOT_READ


def _key_advice(lines: list[str], opened: yaml.Mark) -> tuple[At, str]:
    """``could not find expected ':'``: a line that YAML took as a key, but that runs on without ': '."""
    line = _line(lines, opened.line)
    quote = _char(lines, opened)
    if quote in ("'", '"') and line[opened.column :].count(quote) == 1:
        return opened, f"this quote is never closed: add the closing {quote}"
    squeezed = _squeezed(line)
    if squeezed:
        return _Place(opened.line, squeezed[0]), f"put a space after the ':', like this: {squeezed[1]}"
    return opened, "this line is neither 'key: value' nor a list item ('- ...'): add the ': ' or the '- '"


def _squeezed(line: str) -> tuple[int, str] | None:
    """For ``key:value``: the column after the ':', and the line with a space there (unindented)."""
    match = re.match(r"^(\s*(?:-\s+)*[^\s:#'\"][^:\s]*):(?=[^\s/])", line)
    if not match:
        return None
    return match.end(), f"{match[1].strip()}: {line[match.end() :].strip()}"


def _block_advice(lines: list[str], at: yaml.Mark, problem: str) -> tuple[At, str]:
    """``expected <block end>``: something where a key or list item of the same level was expected."""
    line = _line(lines, at.line)
    if at.column != _indent(line):  # not at the start of its line
        return at, CANNOT_READ
    if problem.endswith("found '-'"):  # a list item at the level of the keys
        return at, "a list item ('- ...') cannot stand among keys: indent it under the key it belongs to"
    return _line_start(at, line), INDENTED_DIFFERENTLY


def _starting_character(context: str, problem: str) -> str:
    """The character a plain text may not start with, if that is what the parser tripped over."""
    found = re.search(r"found character '(.)' that cannot start any token", problem)
    if found:
        return found[1]
    if context in ("while scanning an alias", "while scanning an anchor"):
        return "*" if "alias" in context else "&"
    if problem.startswith("found undefined alias"):
        return "*"
    if context == "while scanning a block scalar":
        return "| or >"
    if problem == "mapping keys are not allowed here":
        return "?"
    return ""


# --- Lines and tokens --------------------------------------------------------------


def quoted_line(line: str, start: int | None = None) -> str | None:
    """``line`` with its text value (from column ``start``, else after the key) in quotes, unindented.

    None when there is no value, or when it already starts with a quote and no ``start`` says
    that the quote is part of the text.

    >>> quoted_line("title: Rules: the sequel")
    'title: "Rules: the sequel"'
    >>> quoted_line('    - Tip: "book" early  # a comment')
    '- \\'Tip: "book" early\\''
    """
    quote_is_text = start is not None
    if start is None:
        head = re.match(r"^\s*(?:-\s+)*", line)
        start = head.end() if head else 0
        key = re.match(r"([^\s:#][^:]*):\s+", line[start:])
        if key and (FIELD_KEY.fullmatch(key[1]) or not head or "-" not in head[0]):
            start += key.end()
    value, rest = line[start:], ""
    if _bracket_depth(line[:start]) > 0:  # in [a, b] or {a: b}, the value ends at , ] or }
        end = re.search(r"[,\]}]", value)
        if end:
            value, rest = value[: end.start()], value[end.start() :]
    comment = value.find(" #")
    if comment >= 0 and not rest:
        value = value[:comment]
    value = value.strip()
    if not value or (value[0] in "'\"" and not quote_is_text):
        return None
    single = '"' in value or "\\" in value  # in single quotes, neither needs an escape
    quoted = "'" + value.replace("'", "''") + "'" if single else f'"{value}"'
    return (line[:start] + quoted + rest).strip()


def _tokens(text: str) -> list[yaml.Token]:
    """The tokens of ``text`` up to the first one the scanner cannot read."""
    tokens: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _unclosed_bracket(tokens: list[yaml.Token]) -> yaml.Token | None:
    """The first ``[`` or ``{`` never closed, if the whole file was scanned."""
    if not tokens or not isinstance(tokens[-1], yaml.StreamEndToken):
        return None
    stack: list[yaml.Token] = []
    for token in tokens:
        if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
            stack.append(token)
        elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken) and stack:
            stack.pop()
    return stack[0] if stack else None


def _scalar_before(tokens: list[yaml.Token], at: yaml.Mark) -> yaml.ScalarToken | None:
    """The last scalar that ends at or before ``at``."""
    found = None
    for token in tokens:
        if token.end_mark.index > at.index:
            break
        if isinstance(token, yaml.ScalarToken):
            found = token
    return found


def _bracket_depth(text: str) -> int:
    depth = 0
    for char in re.sub(r"'[^']*'|\"[^\"]*\"", "", text):
        depth += (char in "[{") - (char in "]}")
    return depth


def _line(lines: list[str], number: int) -> str:
    return lines[number] if 0 <= number < len(lines) else ""


def _char(lines: list[str], mark: yaml.Mark) -> str:
    line = _line(lines, mark.line)
    return line[mark.column] if 0 <= mark.column < len(line) else '"'


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> str:
    """A line without its indentation and list markers."""
    return re.sub(r"^\s*(?:-\s+)*", "", line)


def _content_column(line: str) -> int:
    return len(line) - len(_content(line))


def _line_start(at: yaml.Mark, line: str) -> _Place:
    return _Place(at.line, _indent(line))


def _previous_content_line(lines: list[str], number: int) -> int | None:
    """The nearest line above ``number`` that holds more than blanks or a comment."""
    for index in range(min(number, len(lines)) - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None
