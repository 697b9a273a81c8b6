"""The values the model is made of: texts, references, durations, and the model base.

Every page and block has an audience; contacts, accounts and pages are
referenced by id, never written into sentences.

Two kinds of string live in the model and the difference matters:

* :class:`Text` is human-readable and translatable. Plain ``Text`` is shown
  as text (HTML and Markdown syntax in it are escaped); :class:`Markdown` is
  a ``Text`` whose Markdown formatting is kept (HTML is still escaped).
  In YAML a text is a string, or a mapping ``{text, note, context}`` when the
  author wants to leave a note for translators or mark an ambiguous string.
* Everything else (ids, names of people, e-mail addresses, phone numbers,
  handles, URLs) is data: never translated, never extracted for translators.
  The name of a team, role or mailbox is a ``Text`` (a contact's ``team``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainValidator,
)
from pydantic_core import PydanticCustomError, core_schema

from ..safety import markdown_problems

__all__ = [
    "Audience",
    "Boolean",
    "Date",
    "Duration",
    "Labels",
    "Markdown",
    "Model",
    "NonEmpty",
    "Reference",
    "Text",
    "Time",
    "kind_of",
    "walk",
]

Audience = Literal["internal", "public", "both"]
"""Who may read a page, block, contact or account."""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
WEB_ADDRESS = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
# Longer units first: "mo" is a month, not minutes; "wd" is a working day, not a week.
DURATION = re.compile(r"^\s*(\d+)\s*(min|mo|wd|m|h|d|w)\s*$")
DURATION_UNITS = {
    "m": "minute",
    "min": "minute",
    "h": "hour",
    "d": "day",
    "wd": "working_day",
    "w": "week",
    "mo": "month",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
TEXT_KEYS = ("text", "note", "context")


_TEXT_INPUT = core_schema.union_schema(
    [
        core_schema.str_schema(min_length=1),
        core_schema.typed_dict_schema(
            {
                "text": core_schema.typed_dict_field(core_schema.str_schema(min_length=1)),
                "note": core_schema.typed_dict_field(core_schema.str_schema(), required=False),
                "context": core_schema.typed_dict_field(core_schema.str_schema(), required=False),
            },
            extra_behavior="forbid",
        ),
    ]
)


class Text(str):
    """A translatable, human-readable string.

    >>> t = Text("Be kind", note="Shown as a heading")
    >>> t, t.note, t.context
    ('Be kind', 'Shown as a heading', None)
    """

    markdown = False
    note: str | None
    context: str | None
    status: str  # after localisation: source, translated, fuzzy or untranslated

    def __new__(
        cls, value: str, note: str | None = None, context: str | None = None, status: str = "source"
    ) -> Text:
        obj = super().__new__(cls, value)
        obj.note = note
        obj.context = context
        obj.status = status
        return obj

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.to_string_ser_schema(),
            json_schema_input_schema=_TEXT_INPUT,  # for `handbook schema`: what an editor may type
        )

    @classmethod
    def _validate(cls, value: Any) -> Text:
        if isinstance(value, str):
            return cls._nonblank(value)
        if isinstance(value, dict):
            unknown = sorted(set(map(str, value)) - set(TEXT_KEYS))
            if unknown:
                _a_text_with_a_colon(value)
                raise PydanticCustomError(
                    "text_key",
                    "unknown key '{key}' in a text (allowed: text, note, context)",
                    {"key": unknown[0]},
                )
            parts = {k: value.get(k) for k in ("text", "note", "context")}
            if not all(v is None or isinstance(v, str) for v in parts.values()):
                raise PydanticCustomError("text_type", "text, note and context must be strings")
            if parts["text"] is None:
                raise PydanticCustomError("text_missing", "a text mapping needs a 'text' key")
            text = cls._nonblank(parts["text"])
            return cls(text, note=parts["note"], context=parts["context"])
        raise PydanticCustomError(
            "text_type", "expected text (a string), got {kind}", {"kind": kind_of(value)}
        )

    @classmethod
    def _nonblank(cls, value: str) -> Text:
        if not value.strip():
            raise PydanticCustomError("text_blank", "text must not be empty")
        return value if isinstance(value, cls) else cls(value)


class Markdown(Text):
    """A translatable string whose Markdown formatting is kept (HTML is escaped)."""

    markdown = True

    @classmethod
    def _nonblank(cls, value: str) -> Text:
        text = super()._nonblank(value)
        for problem in markdown_problems(text):
            raise PydanticCustomError("markdown", "{problem}", {"problem": problem})
        return text


def _a_text_with_a_colon(value: dict[Any, Any]) -> None:
    """``- Tip: book early`` reaches a text as the mapping {Tip: book early}: say to quote it."""
    [(key, item)] = value.items() if len(value) == 1 else [(None, 0)]
    if key is None or (str(key).islower() and difflib.get_close_matches(str(key), TEXT_KEYS, cutoff=0.6)):
        return  # {txt: ...} is a misspelt text mapping, not a sentence
    if isinstance(item, str):
        message = "this text contains ': ', which YAML reads as a new key: put the whole text in quotes"
        raise PydanticCustomError("text_colon", message)
    if item is None:
        message = "this text ends with ':', which YAML reads as a key: put the whole text in quotes"
        raise PydanticCustomError("text_colon", message)


def kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


@dataclass(frozen=True)
class Reference:
    """Marks a string field as the id of another object (``contact``, ``account``, ``page``)."""

    kind: str


def _matching(code: str, pattern: re.Pattern[str], message: str) -> AfterValidator:
    """A validator that accepts strings matching ``pattern`` and explains the others."""

    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise PydanticCustomError(code, message, {"value": value})
        return value

    return AfterValidator(check)


Slug = Annotated[
    str, _matching("slug", SLUG, "'{value}' is not a valid id (use lowercase letters, digits and hyphens)")
]


def _known_to_cldr(code: str) -> str:
    """Dates, plurals and language names come from CLDR, so a language must be one it knows."""
    try:
        Locale.parse(code, sep="-" if "-" in code else "_")
    except (UnknownLocaleError, ValueError):
        raise PydanticCustomError("language", "unknown language code '{value}'", {"value": code}) from None
    return code


LanguageCode = Annotated[
    str,
    _matching("language", LANGUAGE, "'{value}' is not a language code (write e.g. en, fr or pt-BR)"),
    AfterValidator(_known_to_cldr),
]
Email = Annotated[str, _matching("email", EMAIL, "'{value}' is not an e-mail address")]
WebAddress = Annotated[
    str,
    _matching("url", WEB_ADDRESS, "'{value}' is not a web address (it must start with https:// or http://)"),
]
ContactRef = Annotated[str, Reference("contact")]
AccountRef = Annotated[str, Reference("account")]
PageRef = Annotated[str, Reference("page")]
AddendumRef = Annotated[str, Reference("addendum")]


@dataclass(frozen=True)
class Duration:
    """A span written compactly in YAML: ``30m``, ``4h``, ``2d``, ``10wd`` (working days), ``1w``, ``3mo``.

    >>> Duration.parse("4h")
    Duration(amount=4, unit='hour')
    >>> Duration.parse("10wd"), Duration.parse("1mo")
    (Duration(amount=10, unit='working_day'), Duration(amount=1, unit='month'))
    """

    amount: int
    unit: Literal["minute", "hour", "day", "working_day", "week", "month"]

    @classmethod
    def parse(cls, value: Any) -> Duration:
        match = DURATION.match(value) if isinstance(value, str) else None
        if not match:
            raise PydanticCustomError(
                "duration",
                "'{value}' is not a duration (write e.g. 30m, 4h, 2d, 10wd for working days, 1w or 3mo)",
                {"value": value},
            )
        return cls(int(match[1]), DURATION_UNITS[match[2]])  # type: ignore[arg-type]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            lambda value: value if isinstance(value, cls) else cls.parse(value),
            json_schema_input_schema=core_schema.str_schema(pattern=DURATION.pattern),
        )


# --- Values typed as text -------------------------------------------------------------
# The loader hands every plain YAML value but null, true and false to validation as the text
# typed (the YAML 1.2 core schema, see load/yaml.py): `version: 2.10` is "2.10", `no` is
# Norwegian. Pydantic reads numbers from such text; these types read the rest, strictly.


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else kind_of(value)


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    match = DATE.fullmatch(value) if isinstance(value, str) else None
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass  # 2026-13-01, 2025-02-30
    raise PydanticCustomError(
        "date", "{value} is not a date: write dates as YYYY-MM-DD (e.g. 2025-01-06)", {"value": _shown(value)}
    )


def _time(value: Any) -> time:
    if isinstance(value, time):
        return value
    match = TIME.fullmatch(value) if isinstance(value, str) else None
    if match:
        try:
            return time(int(match[1]), int(match[2]), int(match[3] or 0))
        except ValueError:
            pass  # 24:00, 9:75
    raise PydanticCustomError(
        "time",
        "{value} is not a time: write times as HH:MM, from 00:00 to 23:59 (e.g. 09:00)",
        {"value": _shown(value)},
    )


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "boolean",
        "{value} is not true or false: write true or false (without quotes)",
        {"value": _shown(value)},
    )


Date = Annotated[date, PlainValidator(_date, json_schema_input_type=date)]
"""A day, written YYYY-MM-DD; a day that does not exist, or another format, is refused."""
Time = Annotated[time, PlainValidator(_time, json_schema_input_type=time)]
"""A time of day, written HH:MM (9:00 is accepted too)."""
Boolean = Annotated[bool, PlainValidator(_boolean, json_schema_input_type=bool)]
"""Only true or false: yes, no, on, off, 1 and "true" are refused, not guessed."""

T = TypeVar("T")
NonEmpty = Annotated[list[T], Field(min_length=1)]
"""A list the model requires: an empty one (``do: []``) is refused."""


class Model(BaseModel):
    """Base of every model class: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class IdentifiedModel(Model):
    id: Slug


class Labels(Model):
    """Headings a block shows, each optional: a missing one is the translated default.

    An unknown key is refused with the list of the keys a block's labels have.
    """


# --- Walking the model ------------------------------------------------------------


@dataclass(frozen=True)
class Field_:
    """One leaf value found by :func:`walk`, with its path and what kind of field holds it."""

    path: tuple[str | int, ...]
    value: Any
    reference: Reference | None


def walk(model: BaseModel, path: tuple[str | int, ...] = ()) -> Iterator[Field_]:
    """Yield every leaf value of ``model`` with its path, depth first, in field order.

    References are recognised by their :class:`Reference` annotation, texts by type. A path
    names each field as it is typed in YAML (its alias: ``for``, not ``for_``).
    """
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        reference = _reference_in(info.metadata) or _reference_of(info.annotation)
        yield from _walk_value(value, (*path, info.alias or name), reference)


def _reference_in(metadata: Any) -> Reference | None:
    return next((m for m in metadata if isinstance(m, Reference)), None)


def _reference_of(annotation: Any) -> Reference | None:
    """The :class:`Reference` inside an annotation such as ``list[ContactRef] | None``."""
    if get_origin(annotation) is Annotated:
        return _reference_in(annotation.__metadata__) or _reference_of(get_args(annotation)[0])
    return next(filter(None, map(_reference_of, get_args(annotation))), None)


def _walk_value(value: Any, path: tuple[str | int, ...], reference: Reference | None) -> Iterator[Field_]:
    if isinstance(value, BaseModel):
        yield from walk(value, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_value(item, (*path, index), reference)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_value(item, (*path, key), reference)
    elif value is not None:
        yield Field_(path, value, reference)
