"""The block reference: each block type, what it shows and its fields, written from the classes.

What a block shows is the first paragraph of its class's docstring; each field
is listed with whether it is optional, its kind (text, Markdown, list of texts,
contact id, duration, choices...) and its ``Field(description=...)``. The
README's copy, between :data:`BEGIN` and :data:`END`, holds the generator's own
block types and a test keeps it current::

    python -m generator.model.reference              # print it
    python -m generator.model.reference README.md    # rewrite the README's copy

``handbook blocks --markdown`` prints it for every installed block type.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import textwrap
import types
from collections.abc import Iterable
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .blocks import BlockBase
from .registry import BLOCKS, RegisteredBlock
from .values import Duration, Markdown, Reference, Text

__all__ = ["BEGIN", "END", "field_list", "listing", "reference", "summary", "with_reference"]

BEGIN = (
    "<!-- block reference: generated from the block classes; do not edit here, but run"
    " python -m generator.model.reference README.md -->"
)
END = "<!-- end of the block reference -->"
COMMAND = "python -m generator.model.reference README.md"

_LEGEND = (
    "Fields marked `?` are optional; `[…]` is a list of texts. A list that is not optional needs at"
    " least one item (`do: []` is refused, as is a page with `blocks: []`)."
)
_UNIONS = (Union, types.UnionType)
_COUNTED = ("id", "duration", "time", "date", "number")  # kinds whose list is named by a plural


def summary(cls: type[BaseModel]) -> str:
    """The first paragraph of a class's own docstring, as Markdown on one line.

    >>> from generator.model.blocks import DoDont
    >>> summary(DoDont)
    'Side-by-side lists of what to do and what not to do.'
    """
    doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
    first = " ".join(doc.split("\n\n")[0].split())
    return _cell(first.replace("``", "`"))


def field_list(model: type[BaseModel], skip: Iterable[str] = (), nested: bool = False) -> str:
    """A model's fields, as the reference lists them.

    >>> from generator.model.blocks import Step
    >>> print(field_list(Step))
    `action`, `owner`? (contact id; who does it), `within`? (duration; how soon)
    """
    fields = [(name, info) for name, info in model.model_fields.items() if name not in set(skip)]
    shown = [_field(info.alias or name, info, nested) for name, info in fields]  # as typed: `for`
    lists_of_models = any(_models_listed(info.annotation) for _, info in fields)
    return ("; " if lists_of_models and not nested else ", ").join(shown)


def reference(blocks: Iterable[RegisteredBlock]) -> str:
    """The block reference of these block types: what every block has, and a table, one type a row."""
    common = [_field(name, info).replace("`?", "`", 1) for name, info in BlockBase.model_fields.items()]
    intro = f"Every block has `type` and may have {', '.join(common[:-1])} and {common[-1]}. {_LEGEND}"
    lines = [
        textwrap.fill(intro, width=92, break_long_words=False, break_on_hyphens=False),
        "",
        "| `type` | what it shows | fields |",
        "|---|---|---|",
    ]
    for block in blocks:
        skip = [*BlockBase.model_fields, "type"]
        lines.append(f"| `{block.type}` | {summary(block.cls)} | {field_list(block.cls, skip)} |")
    return "\n".join(lines) + "\n"


def listing(blocks: Iterable[RegisteredBlock]) -> str:
    """One line per block type: its type, the package that adds it, and what it shows."""
    rows = [(block.type, block.package, summary(block.cls).replace("`", "")) for block in blocks]
    width = [max((len(row[column]) for row in rows), default=0) for column in (0, 1)]
    return "".join(f"{kind:<{width[0]}}  {package:<{width[1]}}  {shows}\n" for kind, package, shows in rows)


def with_reference(readme: str, text: str) -> str:
    """The README with ``text`` between its markers (a ValueError when they are missing)."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README has no block reference markers ({BEGIN} ... {END})")
    return f"{readme[: start + len(BEGIN)]}\n{text}{readme[end:]}"


# --- One field -------------------------------------------------------------------------


def _field(name: str, info: FieldInfo, nested: bool = False) -> str:
    label = f"`{name}`" + ("" if info.is_required() else "?")
    kind, model = _kind(info.annotation, list(info.metadata))
    notes = [kind] if kind not in ("text", "", "[…]") else []
    default = info.default
    if default not in (None, PydanticUndefined) and not isinstance(default, (list, dict, BaseModel)):
        notes.append(f"default `{default}`")
    if info.description:
        notes.append(_cell(info.description))
    said = f" ({'; '.join(notes)})" if notes else ""
    if model is not None:
        fields = field_list(model, nested=True)
        if not _models_listed(info.annotation):  # one mapping of fields, such as a block's labels
            return (
                f"{label}{said} (a mapping of {fields})"
                if nested
                else f"{label}{said}: a mapping of {fields}"
            )
        return f"{label}{said} (list of {fields})" if nested else f"{label}{said}: list of {fields}"
    return f"{label} […]{said}" if kind == "[…]" else f"{label}{said}"


def _kind(annotation: Any, metadata: list[Any]) -> tuple[str, type[BaseModel] | None]:
    """What a field holds, in words, and the model of the items when it is a list of models."""
    annotation, metadata = _unwrapped(annotation, metadata)
    if get_origin(annotation) in _UNIONS:  # more than one kind besides None
        return " or ".join(_kind(arg, [])[0] or "text" for arg in get_args(annotation)), None
    reference = next((m for m in metadata if isinstance(m, Reference)), None)
    if reference is not None:
        return f"{reference.kind} id", None
    if get_origin(annotation) is list:
        item, item_metadata = _unwrapped(get_args(annotation)[0], [])
        if _is_model(item):
            return "", item
        kind, _ = _kind(item, item_metadata)
        if kind == "text":
            return "[…]", None
        return (f"{kind}s" if kind.endswith(_COUNTED) else f"list: {kind or 'names'}"), None
    if get_origin(annotation) is dict:
        value, value_metadata = _unwrapped(get_args(annotation)[1], [])
        return f"a mapping of {_kind(value, value_metadata)[0] or 'name'}s by key", None
    if _is_model(annotation):
        return "", annotation
    if get_origin(annotation) is Literal:
        return ", ".join(f"`{value}`" for value in get_args(annotation)), None
    if isinstance(annotation, type):
        return _simple_kind(annotation, metadata), None
    if get_origin(annotation) is dict:  # dict[str, ...]: keys the author chooses
        return "mapping", None
    return str(annotation), None


def _simple_kind(annotation: type, metadata: list[Any]) -> str:
    if issubclass(annotation, Markdown):
        return "Markdown"
    if issubclass(annotation, Text):
        return "text"
    if issubclass(annotation, bool):
        return "true or false"
    if issubclass(annotation, int | float):
        return "number" + _bounds(metadata)
    named = {Duration: "duration", time: "time", date: "date", dict: "mapping"}
    for cls, name in named.items():
        if issubclass(annotation, cls):
            return name
    return ""  # a plain string: data, as typed


def _bounds(metadata: list[Any]) -> str:
    low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
    if low is not None and high is not None:
        return f", {low} to {high}"
    if low is not None:
        return f", at least {low}"
    return f", at most {high}" if high is not None else ""


def _unwrapped(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """The annotation without ``None`` and ``Annotated``, and the metadata gathered on the way."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation, *more = get_args(annotation)
            metadata = [*metadata, *more]
        elif get_origin(annotation) in _UNIONS:
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return Union[tuple(args)], metadata  # noqa: UP007 - a union built at run time
            annotation = args[0]
        else:
            return annotation, metadata


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _models_listed(annotation: Any) -> bool:
    annotation, _ = _unwrapped(annotation, [])
    return get_origin(annotation) is list and _is_model(_unwrapped(get_args(annotation)[0], [])[0])


def _cell(text: str) -> str:
    """Text for a cell of a Markdown table."""
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


# --- The command ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.model.reference",
        description="Print the reference of the generator's own block types, or rewrite a README's copy.",
    )
    parser.add_argument("readme", nargs="?", type=Path, help="the README to rewrite between its markers")
    args = parser.parse_args(argv)
    text = reference(block for block in BLOCKS.values() if block.builtin)
    if args.readme is None:
        sys.stdout.write(text)
        return 0
    before = args.readme.read_text(encoding="utf-8")
    try:
        after = with_reference(before, text)
    except ValueError as error:
        parser.error(str(error))
    if after != before:
        args.readme.write_text(after, encoding="utf-8")
    print(f"{args.readme}: block reference {'updated' if after != before else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
