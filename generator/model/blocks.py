"""The generator's own block types: each a typed model with its own template.

Every block has an ``id``, a ``title``, an ``intro`` and an ``audience``
(:class:`BlockBase`) and a ``type`` field naming its type. The classes are
registered under the ``handbook.blocks`` entry points (``pyproject.toml``), as
another package registers its own; :mod:`generator.model.registry` collects
them into the union the page model accepts. The first paragraph of a class's
docstring and its fields' descriptions make the README's block reference, so
write them for the people who type the YAML.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import PurePosixPath
from typing import Annotated, Any, ClassVar, Literal

from babel.core import get_global
from babel.numbers import get_currency_precision, get_territory_currencies, list_currencies
from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .values import (
    WEEKDAYS,
    AccountRef,
    Audience,
    ContactRef,
    Duration,
    Labels,
    Markdown,
    Model,
    NonEmpty,
    Slug,
    Text,
    Time,
    kind_of,
)
from .values import _date as parse_date

__all__ = ["BlockBase"]


# --- Blocks ------------------------------------------------------------------


class BlockBase(Model):
    """Fields every block has. ``audience`` defaults to the page's.

    A block type is a subclass with a field ``type: Literal["<type>"]`` and a template
    ``blocks/<type>.md.j2``. A block type of another package keeps its template in
    :attr:`template_folder`, beside its module.
    """

    id: Slug | None = Field(default=None, description="names the block, for a local addendum to replace it")
    title: Text | None = None
    intro: Text | None = Field(default=None, description="a short paragraph under the title")
    audience: Audience | None = Field(default=None, description="who may read it; default: the page's")
    _addendum: str | None = PrivateAttr(default=None)  # the local addendum that put it on its page

    template_folder: ClassVar[str] = "templates"
    """The folder of the block type's own templates, relative to its module's folder: it holds
    ``blocks/<type>.md.j2``. It is searched after the project's ``templates/`` and the built-in
    ones (the generator's own blocks have theirs there), so a project can override it too."""

    @property
    def addendum(self) -> str | None:
        """The id of the local addendum this block comes from, if any (set when addenda are applied)."""
        return self._addendum


class TextBlock(BlockBase):
    """Free text."""

    type: Literal["text"]
    body: Markdown


class Callout(BlockBase):
    """A highlighted note, tip or warning."""

    type: Literal["callout"]
    style: Literal["note", "tip", "warning", "danger"] = "note"
    body: Markdown


class Scope(BlockBase):
    """What the policy covers (places, activities, channels), whom it covers, and what it does not.

    Give at least one of ``covers``, ``channels`` and ``people``.
    """

    type: Literal["scope"]
    covers: NonEmpty[Text] | None = Field(
        default=None,
        description='what the policy covers, e.g. work locations; under "What this policy covers"',
    )
    channels: NonEmpty[Text] | None = Field(
        default=None, description='the channels covered, for a social-media policy; under "Channels covered"'
    )
    people: NonEmpty[Text] | None = Field(default=None, description="whom the policy covers")
    excluded: list[Text] = Field(default=[], description="what or whom it does not cover")

    @model_validator(mode="after")
    def _covers_something(self) -> Scope:
        if not (self.covers or self.channels or self.people):
            raise PydanticCustomError(
                "scope_empty",
                "a scope says what it covers: add 'covers:', 'people:' or 'channels:' (each a list)",
            )
        return self


class Speaker(Model):
    contact: ContactRef
    topics: NonEmpty[Text]


class Spokespeople(BlockBase):
    """Who may speak for the organisation, on which topics; what everyone else does."""

    type: Literal["spokespeople"]
    speakers: NonEmpty[Speaker]
    everyone_else: Text | None = None


class Step(Model):
    action: Text
    owner: ContactRef | None = Field(default=None, description="who does it")
    within: Duration | None = Field(default=None, description="how soon")


class Approval(BlockBase):
    """How a post is approved before it is published."""

    type: Literal["approval"]
    steps: NonEmpty[Step]
    exceptions: list[Text] = []


class Principle(Model):
    title: Text
    text: Text


class Principles(BlockBase):
    """Rules of engagement."""

    type: Literal["principles"]
    principles: NonEmpty[Principle]


class Trait(Model):
    trait: Text
    description: Text


class Tone(BlockBase):
    """The organisation's voice: traits to show and habits to avoid."""

    type: Literal["tone"]
    traits: NonEmpty[Trait]
    avoid: list[Text] = []


class NetworkStyle(Model):
    network: str = Field(description="the network's name, as typed")
    style: Text


class ResponseStyles(BlockBase):
    """How to write and answer on each network."""

    type: Literal["response_styles"]
    networks: NonEmpty[NetworkStyle]


class DoDontLabels(Labels):
    do: Text | None = Field(default=None, description='the heading of `do`; default "Do"')
    dont: Text | None = Field(default=None, description='the heading of `dont`; default "Don\'t"')


class DoDont(BlockBase):
    """Side-by-side lists of what to do and what not to do."""

    type: Literal["do_dont"]
    do: NonEmpty[Text]
    dont: NonEmpty[Text]
    labels: DoDontLabels = Field(
        default=DoDontLabels(), description="other headings for the lists, e.g. `{do: Always, dont: Never}`"
    )


class Disclaimer(BlockBase):
    """A sentence to copy, such as "my views are my own", and when to use it."""

    type: Literal["disclaimer"]
    text: Text = Field(description="the sentence")
    when: Text = Field(description="when to use it")


class LegalRule(Model):
    topic: Literal["copyright", "privacy", "disclosure", "regulated", "other"]
    title: Text
    text: Text


class Legal(BlockBase):
    """Legal rules: copyright and credit, privacy, disclosure, regulated industries."""

    type: Literal["legal"]
    rules: NonEmpty[LegalRule]


class SecurityRule(Model):
    topic: Literal["passwords", "two_factor", "updates", "phishing", "devices", "breach", "other"]
    title: Text
    text: Text
    steps: list[Text] = []


class Security(BlockBase):
    """Security rules for those who run the accounts: passwords, two-factor, updates, phishing, breaches."""

    type: Literal["security"]
    rules: NonEmpty[SecurityRule]


class AccessHolder(Model):
    account: AccountRef
    owner: ContactRef
    backup: ContactRef | None = None


class AccountAccess(BlockBase):
    """Who holds access to each official account; the hand-over when someone leaves (never a password).

    The model records owners, never a credential.
    """

    type: Literal["account_access"]
    accounts: NonEmpty[AccessHolder]
    storage: Text | None = Field(default=None, description="where access is kept, e.g. the password manager")
    handover: NonEmpty[Text] = Field(description="the steps when someone leaves or changes role")


class EscalationLevel(Model):
    severity: Text
    examples: Text
    contact: ContactRef
    within: Duration


class Escalation(BlockBase):
    """The escalation matrix: for each severity, who to tell and how fast."""

    type: Literal["escalation"]
    levels: NonEmpty[EscalationLevel]


class PreparedResponse(Model):
    situation: Text
    response: Text


class Responses(BlockBase):
    """Pre-approved answers to common situations."""

    type: Literal["responses"]
    responses: NonEmpty[PreparedResponse]


class Scenario(Model):
    name: Text
    response: Text


class CrisisPlan(BlockBase):
    """What to do before, during and after a crisis; scenarios; drills; who to call."""

    type: Literal["crisis_plan"]
    before: NonEmpty[Text]
    during: NonEmpty[Text]
    after: NonEmpty[Text]
    scenarios: list[Scenario] = []
    drills: Text | None = None
    contacts: list[ContactRef] = Field(default=[], description="who to call")


class Moderation(BlockBase):
    """How moderation works inside: what is removed, who may remove it, how."""

    type: Literal["moderation"]
    removed: NonEmpty[Text]
    moderators: NonEmpty[ContactRef]
    process: NonEmpty[Text]


class Owner(Model):
    contact: ContactRef
    responsibility: Text


class Governance(BlockBase):
    """Who owns the policy, how often it is reviewed, how it changes, training, indicators."""

    type: Literal["governance"]
    owners: NonEmpty[Owner]
    review_every_months: int = Field(ge=1, le=60, description="how often the policy is reviewed")
    update_process: NonEmpty[Text]
    training: list[Text] = []
    indicators: list[Text] = []


COLUMN_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")


class LevelColumn(Model):
    key: str = Field(description="what each level writes this column under, in `cells`: e.g. `impact`")
    header: Text = Field(description="the column's heading, e.g. Community impact")

    @field_validator("key")
    @classmethod
    def _check_key(cls, value: str) -> str:
        if not COLUMN_KEY.fullmatch(value):
            raise PydanticCustomError(
                "column_key",
                "'{value}' is not a column key (use lowercase letters, digits, _ and -, e.g. impact)",
                {"value": value},
            )
        return value


class Consequence(Model):
    level: Text
    description: Text | None = Field(default=None, description="what happens; for a block without `columns`")
    cells: dict[str, Text] | None = Field(
        default=None, description="with `columns`: the text of each column, by its key"
    )


class Consequences(BlockBase):
    """What happens when the policy is broken: a table with a row for each level.

    Without ``columns``, each level has a ``description``, shown under "What happens". With
    ``columns`` (e.g. "Community impact" and "Consequence"), each level gives the text of
    every column under ``cells``, by the column's ``key``.
    """

    type: Literal["consequences"]
    level_header: Text | None = Field(
        default=None, description='the first column\'s heading; default "Level"'
    )
    columns: NonEmpty[LevelColumn] | None = Field(
        default=None, description='the other columns; default: one, "What happens"'
    )
    levels: NonEmpty[Consequence]

    @model_validator(mode="after")
    def _cells_match_columns(self) -> Consequences:
        problems = list(_column_problems(self))
        if problems:
            raise ValidationError.from_exception_data("Consequences", problems)
        return self


def _column_problems(block: Consequences) -> list[InitErrorDetails]:
    """Each place where a level's texts do not match the block's columns, located."""
    if block.columns is None:
        return [
            problem for index, level in enumerate(block.levels) for problem in _without_columns(index, level)
        ]
    keys = [column.key for column in block.columns]
    twice = "the column key '{}' is used twice: give each column its own key"
    problems = [
        _column_problem(("columns", index, "key"), twice.format(key))
        for index, key in enumerate(keys)
        if key in keys[:index]
    ]
    if problems:  # the levels are checked against the columns once the columns are right
        return problems
    for index, level in enumerate(block.levels):
        problems += _with_columns(index, level, keys)
    return problems


def _without_columns(index: int, level: Consequence) -> list[InitErrorDetails]:
    if level.cells is not None:
        message = (
            "'cells' needs 'columns' on the block: add 'columns:' (each with a key and a header), "
            "or write this level's text as 'description:'"
        )
        return [_column_problem(("levels", index, "cells"), message)]
    if level.description is None:
        return [InitErrorDetails(type="missing", loc=("levels", index, "description"), input=None)]
    return []


def _with_columns(index: int, level: Consequence, keys: list[str]) -> list[InitErrorDetails]:
    where: tuple[str | int, ...] = ("levels", index)
    named = ", ".join(keys)
    if level.description is not None:
        message = (
            f"this block has columns: write the level's texts under 'cells:' ({named}), not 'description:'"
        )
        return [_column_problem((*where, "description"), message)]
    cells = level.cells or {}
    problems = [
        _column_problem(
            (*where, "cells", key), f"unknown column '{key}' (the columns are: {named})", "column_unknown"
        )
        for key in cells
        if key not in keys
    ]
    missing = [key for key in keys if key not in cells]
    if missing:
        place = (*where, "cells") if level.cells is not None else where
        message = (
            f"level '{level.level}' has no text for the column '{missing[0]}': "
            f"add '{missing[0]}: …' under 'cells:'"
        )
        problems.append(_column_problem(place, message))
    return problems


def _column_problem(loc: tuple[str | int, ...], message: str, kind: str = "columns") -> InitErrorDetails:
    # The message is complete: braces in it are text, not placeholders.
    return InitErrorDetails(
        type=PydanticCustomError(kind, "{message}", {"message": message}), loc=loc, input=None
    )


class Hours(Model):
    days: str = Field(description="`mon-fri`, or one day: `sat`")
    opens: Time
    closes: Time

    @field_validator("days")
    @classmethod
    def _check_days(cls, value: str) -> str:
        parts = value.split("-")
        if not 1 <= len(parts) <= 2 or any(p not in WEEKDAYS for p in parts):
            raise PydanticCustomError(
                "days",
                "'{value}' is not a day or a range of days (write e.g. mon-fri or sat)",
                {"value": value},
            )
        return value

    def weekdays(self) -> tuple[int, ...]:
        """Indexes (Monday is 0) of the days these hours apply to."""
        first, _, last = self.days.partition("-")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        return tuple(range(start, end + 1))


class ChannelService(Model):
    account: AccountRef
    hours: NonEmpty[Hours]
    respond_within: Duration


class ServiceHours(BlockBase):
    """When each public channel is staffed and how fast followers get an answer."""

    type: Literal["service_hours"]
    timezone: str = Field(description="e.g. `Europe/London`")
    channels: NonEmpty[ChannelService]
    outside_hours: Text | None = None


class Expectations(BlockBase):
    """What followers can expect from the organisation."""

    type: Literal["expectations"]
    items: NonEmpty[Text]


class HouseRulesLabels(Labels):
    encouraged: Text | None = Field(default=None, description='default "We welcome"')
    removed: Text | None = Field(default=None, description='default "We remove"')
    banned: Text | None = Field(default=None, description='default "We ban"')
    enforcement: Text | None = Field(default=None, description='default "How we enforce these rules"')


class HouseRules(BlockBase):
    """Encouraged behaviour, what is removed, what is banned, and the enforcement steps."""

    type: Literal["house_rules"]
    encouraged: NonEmpty[Text]
    removed: NonEmpty[Text]
    banned: NonEmpty[Text]
    enforcement: NonEmpty[Text]
    labels: HouseRulesLabels = Field(
        default=HouseRulesLabels(), description="other headings for the lists, e.g. `{banned: Never allowed}`"
    )


class Report(BlockBase):
    """How to report a problem, and whom to contact: one ``contact`` or several ``contacts``."""

    type: Literal["report"]
    steps: NonEmpty[Text]
    contact: ContactRef | None = Field(default=None, description="the one contact to report to")
    contacts: NonEmpty[ContactRef] | None = Field(default=None, description="several contacts, in this order")

    @field_validator("contacts")
    @classmethod
    def _one_way_of_naming_contacts(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("contact") is not None:
            raise PydanticCustomError(
                "report_contacts",
                "write 'contact:' (one contact) or 'contacts:' (a list), not both: "
                "move the contact of 'contact:' into the list",
            )
        return value

    @property
    def all_contacts(self) -> list[str]:
        """The contacts to report to, in order, however they were written."""
        return [self.contact] if self.contact else list(self.contacts or [])


class OfficialAccounts(BlockBase):
    """The list of official accounts, so that people can spot impostors."""

    type: Literal["official_accounts"]
    accounts: NonEmpty[AccountRef]
    impostors: Text | None = None


# --- Tables and files ------------------------------------------------------------
# A table's cells are typed by their column; a file is one HR keeps under content/files/.

ColumnKind = Literal["text", "number", "money", "date", "duration"]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
MONEY = re.compile(r"(?:([A-Za-z]{3})\s+)?(-?\d+(?:\.\d+)?)")
FILES = "content/files"  # where the files of attachment blocks are kept
_EXAMPLES = {"text": "some text", "number": "3", "money": "42.50", "date": "2025-01-06", "duration": "10wd"}


@dataclass(frozen=True)
class Money:
    """An amount in a currency, kept exactly as typed."""

    amount: Decimal
    currency: str


Cell = Text | Decimal | Money | date | Duration | None
"""A table cell's value once read: ``None`` is a cell left empty on purpose."""

_TYPED_CELL = Annotated[  # as typed, read by its column's kind (`handbook schema` says what may be typed)
    Any,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "number"},
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {k: {"type": "string"} for k in ("text", "note", "context")},
                    "required": ["text"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


def _currency(code: str) -> str:
    """An ISO 4217 code that CLDR knows, as typed (``EUR``), else a did-you-mean."""
    known = list_currencies()
    if code in known:
        return code
    wanted = code.upper()
    # Currencies in use first (USD, not USS), then the one with most letters in the same places:
    # EUX is EUR more than XEU.
    close = sorted(
        difflib.get_close_matches(wanted, _currencies_in_use(), 3, 0.6)
        or difflib.get_close_matches(wanted, known, 3, 0.6),
        key=lambda known_code: -sum(a == b for a, b in zip(known_code, wanted, strict=False)),
    )
    hint = f"; did you mean {close[0]}?" if close else " (write an ISO 4217 code such as EUR, USD or JPY)"
    raise PydanticCustomError("currency", "unknown currency '{value}'{hint}", {"value": code, "hint": hint})


@cache
def _currencies_in_use() -> frozenset[str]:
    """The currencies some country uses today, by CLDR."""
    territories = get_global("territory_currencies")
    return frozenset(code for territory in territories for code in get_territory_currencies(territory))


def _number(value: str) -> Decimal:
    if not NUMBER.fullmatch(value):
        raise PydanticCustomError(
            "number",
            "'{value}' is not a number: write digits, with a dot before any decimals and no thousands"
            " separator or unit (e.g. 1000 or 42.50)",
            {"value": value},
        )
    return Decimal(value)


def _money(value: str, currency: str) -> Money:
    match = MONEY.fullmatch(value)
    if not match:
        raise PydanticCustomError(
            "money",
            "'{value}' is not an amount: write digits, with a dot before the decimals and no thousands"
            " separator or currency sign (e.g. 1000 or 42.50); for another currency than the column's,"
            " put its code first (e.g. USD 120)",
            {"value": value},
        )
    code = _currency(match[1]) if match[1] else currency
    amount = Decimal(match[2])
    digits = get_currency_precision(code)
    if -amount.as_tuple().exponent > digits:  # type: ignore[operator]
        raise PydanticCustomError(
            "money",
            "'{value}' has more decimals than {code} amounts have ({digits}): write the amount as it is paid",
            {"value": value, "code": code, "digits": digits},
        )
    return Money(amount, code)


def _cell(value: Any, column: Column) -> Cell:
    """A cell read as its column's kind; empty (nothing, or "") is an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if column.kind == "text":
        return Text._validate(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        value = str(value)  # data given from Python rather than YAML, which gives text
    if not isinstance(value, str):
        raise PydanticCustomError(
            "cell", "expected a {kind}, got {got}", {"kind": column.kind, "got": kind_of(value)}
        )
    if column.kind == "number":
        return _number(value.strip())
    if column.kind == "money":
        return _money(value.strip(), column.currency or "")
    if column.kind == "date":
        return parse_date(value)
    return Duration.parse(value)


class Column(Model):
    key: Slug = Field(description="names the column's cell in each row")
    header: Text
    kind: ColumnKind = Field(
        default="text",
        description="how cells are read: text is translated; numbers (`42.50`), amounts, dates (YYYY-MM-DD)"
        " and durations (`10wd`) are written each language's way",
    )
    currency: str | None = Field(
        default=None,
        description="for `money`: the ISO 4217 code, e.g. EUR; a cell may name another: `USD 120`",
    )

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str | None) -> str | None:
        return None if value is None else _currency(value)

    @model_validator(mode="after")
    def _currency_for_money(self) -> Column:
        if self.kind == "money" and self.currency is None:
            message = "a money column needs a currency: add e.g. 'currency: EUR' (an ISO 4217 code)"
            _raise_at(("currency",), "currency", message, None)
        if self.kind != "money" and self.currency is not None:
            message = "only a money column has a currency: remove it, or write 'kind: money'"
            _raise_at(("currency",), "currency", message, self.currency)
        return self


def _raise_at(loc: tuple[str | int, ...], code: str, message: str, value: Any) -> None:
    """A validation error placed at ``loc`` below the value being validated (a cell, a key)."""
    raise ValidationError.from_exception_data("table", [_error_at(loc, code, message, value)])


class Table(BlockBase):
    """A table of values: texts, numbers, amounts of money, dates and durations, one row per line.

    Each column has a `key`, a `header` and a `kind`; each row gives a value for every column's
    key (leave a cell empty on purpose with `""`). Amounts are shown with the currency's
    usual decimals (`180` EUR is €180.00 in English, 180,00 € in French).
    """

    type: Literal["table"]
    columns: NonEmpty[Column]
    rows: NonEmpty[dict[str, _TYPED_CELL]] = Field(description="one mapping per row, from column key to cell")
    note: Text | None = Field(default=None, description="a line under the table")

    @field_validator("columns")
    @classmethod
    def _unique_keys(cls, columns: list[Column]) -> list[Column]:
        seen: set[str] = set()
        for index, column in enumerate(columns):
            if column.key in seen:
                _raise_at(
                    (index, "key"), "column_key", f"two columns have the key '{column.key}'", column.key
                )
            seen.add(column.key)
        return columns

    @field_validator("rows")
    @classmethod
    def _typed_cells(cls, rows: list[dict[str, Any]], info: ValidationInfo) -> list[dict[str, Cell]]:
        columns: list[Column] | None = info.data.get("columns")
        if columns is None:
            return rows  # the columns have their own errors
        errors = [error for index, row in enumerate(rows) for error in _row_errors(index, row, columns)]
        if errors:
            raise ValidationError.from_exception_data("table", errors)
        return [{column.key: _cell(row[column.key], column) for column in columns} for row in rows]

    def aligned_right(self, column: Column) -> bool:
        """Numbers and amounts line up on the right, where their units and decimals are."""
        return column.kind in ("number", "money")


def _row_errors(index: int, row: dict[str, Any], columns: list[Column]) -> Iterator[InitErrorDetails]:
    keys = [column.key for column in columns]
    missing = [column for column in columns if column.key not in row]
    explained: set[str] = set()  # missing cells whose key is misspelt in the row: said once, at the key
    for key in row:
        if key not in keys and key.isdigit():  # {limit: 1,000}: YAML's comma ended the cell
            message = (
                f"'{key}' is read as a column key, after a comma that ends a cell in {{...}}:"
                " write numbers without a thousands separator (1000, not 1,000)"
            )
            yield _error_at((index, key), "cell_key", message, row[key])
        elif key not in keys:
            close = difflib.get_close_matches(key, [c.key for c in missing] or keys, 1)
            explained.update(close)
            hint = f"did you mean '{close[0]}'? " if close else ""
            message = f"no column has the key '{key}' ({hint}the columns are {', '.join(keys)})"
            yield _error_at((index, key), "cell_key", message, row[key])
    for column in missing:
        if column.key not in explained:
            message = (
                f"this row has no cell for column '{column.key}' ({column.header}): add"
                f' {column.key}: {_EXAMPLES[column.kind]}, or {column.key}: "" to leave it empty'
            )
            yield _error_at((index,), "cell_missing", message, row)
    for column in columns:
        try:
            _cell(row.get(column.key), column)
        except PydanticCustomError as error:
            yield InitErrorDetails(type=error, loc=(index, column.key), input=row[column.key])


def _error_at(loc: tuple[str | int, ...], code: str, message: str, value: Any) -> InitErrorDetails:
    """An error at ``loc``; the message is final (without a context, its braces are not placeholders)."""
    error = PydanticCustomError(code, message)
    return InitErrorDetails(type=error, loc=loc, input=value)


def _file_path(value: str) -> str:
    """A relative path below content/files/, written with /: no way out of it."""
    path = PurePosixPath(value)
    if "\\" in value or path.is_absolute() or ".." in path.parts or not value.strip():
        raise PydanticCustomError(
            "file",
            "'{value}' is not a file name under content/files/: put the file in that folder and write"
            " its name, e.g. expense-claim.pdf (or forms/expense-claim.pdf for a subfolder)",
            {"value": value},
        )
    return path.as_posix()


FilePath = Annotated[str, AfterValidator(_file_path)]


class Attachment(BlockBase):
    """A file to download, such as a form or a template letter, with its type and size.

    The file is kept in the project's `content/files/` folder and published with each page
    that shows the block (an internal block's file never reaches the public page).
    """

    type: Literal["attachment"]
    file: FilePath = Field(description="the file's name in `content/files/`, e.g. `expense-claim.pdf`")
    description: Text | None = Field(default=None, description="what the file is for")
    _size: int = PrivateAttr(default=0)  # in bytes, measured when the project is loaded

    @property
    def size(self) -> int:
        """The file's size in bytes (set by the loader)."""
        return self._size

    @property
    def kind(self) -> str:
        """The file's type as readers name it: its extension in capitals (PDF, DOCX), or ""."""
        return PurePosixPath(self.file).suffix.removeprefix(".").upper()


# --- General blocks ---------------------------------------------------------------
# Blocks for any kind of policy: contacts with what each is for, questions and answers,
# a procedure, and the words a policy uses.


class ContactPurpose(Model):
    contact: ContactRef
    for_: Text = Field(alias="for", description="what to turn to this contact for")


class ContactList(BlockBase):
    """Several contacts, each with what it is for.

    On the community page the block lists its public contacts only; a published block needs one.
    """

    type: Literal["contacts"]
    contacts: NonEmpty[ContactPurpose] = Field(description="the community page lists the public ones only")

    def public_part(self, is_public: Callable[[str], bool]) -> ContactList:
        """The block as the community page shows it: the contacts ``is_public`` accepts."""
        kept = [entry for entry in self.contacts if is_public(entry.contact)]
        return self.model_copy(update={"contacts": kept})


class Question(Model):
    question: Text
    answer: Markdown


class Faq(BlockBase):
    """Questions and answers: each question a heading of its own, found by the search."""

    type: Literal["faq"]
    questions: NonEmpty[Question]


class ProcedureStep(Step):
    """An approval's step, its owner described for any procedure."""

    owner: ContactRef | None = Field(default=None, description="the contact for it: who does it, or to whom")


class Steps(BlockBase):
    """A procedure: numbered steps, each with its contact and time limit if it has one."""

    type: Literal["steps"]
    steps: NonEmpty[ProcedureStep]


class Term(Model):
    term: Text
    meaning: Markdown
    # From the term as written in the source language, so that a link to it is the same in
    # every language (a translation must keep the source's link targets).
    _anchor: str = PrivateAttr(default="")

    def model_post_init(self, context: Any, /) -> None:
        self._anchor = term_anchor(self.term)

    @property
    def anchor(self) -> str:
        """The id of the term on its page, e.g. ``term-whistleblower``."""
        return self._anchor


class Definitions(BlockBase):
    """Words and what they mean, in the order written; a link to `#term-good-faith` leads to "Good faith".

    The anchor comes from the term as written in the source language, so it is the same in every
    language; two terms of a page may not have the same one.
    """

    type: Literal["definitions"]
    terms: NonEmpty[Term]


def term_anchor(term: str) -> str:
    """The anchor of a term: its letters, digits and marks in lower case, the rest as hyphens.

    >>> term_anchor("Whistleblower"), term_anchor("Lanceur d'alerte"), term_anchor("举报人")
    ('term-whistleblower', 'term-lanceur-d-alerte', 'term-举报人')

    Combining marks stay (Thai, Hindi), so a word is not cut in pieces:

    >>> term_anchor("ผู้แจ้งเบาะแส"), term_anchor("€")
    ('term-ผู้แจ้งเบาะแส', 'term-u20ac')
    """
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in term.lower())
    # A term of symbols only ("€") is named by its code points.
    return "term-" + ("-".join(kept.split()) or "-".join(f"u{ord(c):x}" for c in term if not c.isspace()))
