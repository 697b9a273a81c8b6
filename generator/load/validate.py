"""Validate plain data against the model, reporting each error where it was typed.

Pydantic's errors name a path in the data; :func:`validate` turns each into a
:class:`~generator.errors.Problem` at the line and column of that value, with
a did-you-mean suggestion for misspelt fields and block types.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import HandbookError, Problem
from ..model.registry import BLOCK_TYPES
from ..model.values import Labels, kind_of
from .syntax import quoted_line
from .yaml import Document, Path_

__all__ = ["suggest", "validate"]

M = TypeVar("M", bound=BaseModel)
# Errors whose message names what is wrong itself ("contact 'press' has both ..."): no field prefix.
# Errors about a key itself (an unknown column): shown at the key, not at its value.
_AT_THE_KEY = {"column_unknown"}
_NAMING_THEIR_PLACE = {"contact_name", "columns", "report_contacts", "scope_empty"}


def validate(model: type[M], document: Document, data: Any = None) -> M:
    """Validate ``data`` (default: the document's) as ``model``; raise located problems."""
    data = document.data if data is None else data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [_problem_from(model, document, data, e) for e in error.errors()]
        raise HandbookError(problems) from None


def _problem_from(model: type[BaseModel], document: Document, data: Any, error: Any) -> Problem:
    path, rest = _data_path(data, error["loc"])
    kind = error["type"]
    if kind == "missing":
        field_name = rest[-1] if rest else "value"
        return Problem(document.locate(path), f"missing required field '{field_name}'")
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        fields = _fields_at(model, error["loc"][:-1])
        if _is_labels(model, error["loc"][:-1]):
            message = f"unknown label '{name}' (the labels here are: {', '.join(fields)})"
            return Problem(document.locate(path, key=True), message)
        message = f"unknown field '{name}'" + suggest(name, fields)
        return Problem(document.locate(path, key=True), message)
    if kind == "union_tag_invalid":
        tag = error["ctx"]["tag"]
        message = f"unknown block type '{tag}'" + suggest(tag, BLOCK_TYPES)
        return Problem(document.locate((*path, "type")), message)
    if kind in ("model_type", "dict_type"):
        return Problem(document.locate(path), f"expected a mapping of fields, got {kind_of(error['input'])}")
    if kind == "union_tag_not_found":
        return Problem(document.locate(path), "a block needs a 'type' (e.g. type: do_dont)")
    if kind == "too_short" and isinstance(error["input"], list):
        name = _field_name((*path, *rest)) or "this list"
        return Problem(document.locate(path), f"'{name}' must list at least one item")
    if kind == "text_colon":
        return _text_colon(document, path, error["msg"])
    if kind in _AT_THE_KEY:
        return Problem(document.locate(path, key=True), error["msg"])
    if kind in _NAMING_THEIR_PLACE:
        return Problem(document.locate(path), error["msg"])
    where = _field_name((*path, *rest))
    message = error["msg"][0].lower() + error["msg"][1:]
    return Problem(document.locate(path), f"{where}: {message}" if where else message)


def _text_colon(document: Document, path: Path_, message: str) -> Problem:
    """A text typed ``- Tip: book early``, read by YAML as a mapping: show the line quoted."""
    location = document.locate(path)
    lines = document.source.splitlines()
    line = lines[location.line - 1] if 0 < location.line <= len(lines) else ""
    start = location.column - 1
    if line[start : start + 1] == "{":  # `title: {Rules}` is a mapping in YAML's flow style
        message = "a text cannot start with { in YAML: put the whole text in quotes"
    fixed = quoted_line(line, start) if line else None
    return Problem(location, message + (f", like this: {fixed}" if fixed else ""))


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Path_, Path_]:
    """Split a pydantic error location into the part present in the data and the rest.

    Discriminated unions add the block type to the location (``blocks.0.do_dont.do``);
    such steps are skipped because they are not keys of the YAML. The type comes first, so
    in ``blocks.0.steps.steps`` (a ``steps`` block's ``steps``) the first is the type.
    """
    path: list[str | int] = []
    current = data
    tagged = None  # the block whose type was skipped
    for index, step in enumerate(loc):
        if isinstance(current, dict) and current is not tagged and _is_type_of(current, step):
            tagged = current
            continue
        if (isinstance(current, dict) and step in current) or (
            isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        ):
            current = current[step]
        else:
            return tuple(path), tuple(loc[index:])
        path.append(step)
    return tuple(path), ()


def _is_type_of(block: dict[Any, Any], step: Any) -> bool:
    return isinstance(step, str) and step in BLOCK_TYPES and block.get("type") == step


def _field_name(path: tuple[Any, ...]) -> str:
    """The last field named in a path without block types (from :func:`_data_path`)."""
    names = [str(step) for step in path if isinstance(step, str)]
    return names[-1] if names else ""


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``, for did-you-mean hints."""
    cls = _model_at(model, loc)
    return [info.alias or name for name, info in cls.model_fields.items()] if cls else []  # as typed


def _is_labels(model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    """Whether ``loc`` inside ``model`` is a block's ``labels`` mapping."""
    cls = _model_at(model, loc)
    return cls is not None and issubclass(cls, Labels)


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    annotation: Any = model
    for step in loc:
        annotation = _step_into(annotation, step)
        if annotation is None:
            return None
    return _model_class(annotation)


def _step_into(annotation: Any, step: Any) -> Any:
    cls = _model_class(annotation)
    if cls is not None and isinstance(step, str) and step in cls.model_fields:
        return cls.model_fields[step].annotation
    if isinstance(step, str) and step in BLOCK_TYPES:
        return BLOCK_TYPES[step]
    if isinstance(step, int):
        annotation = _list_of(annotation)
        args = get_args(annotation)
        return args[-1] if args else None
    return None


def _list_of(annotation: Any) -> Any:
    """The list type inside ``list[X] | None`` and ``Annotated[list[X], ...]``."""
    if get_origin(annotation) is Union:
        annotation = next((a for a in get_args(annotation) if a is not type(None)), None)
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _model_class(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is Union:
        found = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        return found[0] if len(found) == 1 else None
    return None


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
