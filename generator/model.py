"""The typed data model of a handbook.

A handbook is metadata, a directory of contacts and official accounts, and
pages made of typed blocks. Every page and block has an audience; contacts,
accounts and pages are referenced by id, never written into sentences.

Two kinds of string live in the model and the difference matters:

* :class:`Text` is human-readable and translatable. Plain ``Text`` is shown
  as text (HTML and Markdown syntax in it are escaped); :class:`Markdown` is
  a ``Text`` whose Markdown formatting is kept (HTML is still escaped).
  In YAML a text is a string, or a mapping ``{text, note, context}`` when the
  author wants to leave a note for translators or mark an ambiguous string.
* Everything else (ids, names of people, e-mail addresses, phone numbers,
  handles, URLs) is data: never translated, never extracted for translators.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PrivateAttr,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from .safety import markdown_problems

__all__ = [
    "BLOCK_TYPES",
    "Account",
    "Audience",
    "Block",
    "Contact",
    "Directory",
    "Handbook",
    "Markdown",
    "Metadata",
    "Page",
    "Reference",
    "Text",
    "walk",
]

Audience = Literal["internal", "public", "both"]
"""Who may read a page, block, contact or account."""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
WEB_ADDRESS = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
DURATION = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$")
DURATION_UNITS = {"m": "minute", "min": "minute", "h": "hour", "d": "day", "w": "week"}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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
            unknown = sorted(set(map(str, value)) - {"text", "note", "context"})
            if unknown:
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
    """A span written compactly in YAML: ``30m``, ``4h``, ``2d``, ``1w``.

    >>> Duration.parse("4h")
    Duration(amount=4, unit='hour')
    """

    amount: int
    unit: Literal["minute", "hour", "day", "week"]

    @classmethod
    def parse(cls, value: Any) -> Duration:
        match = DURATION.match(value) if isinstance(value, str) else None
        if not match:
            raise PydanticCustomError(
                "duration",
                "'{value}' is not a duration (write e.g. 30m, 4h, 2d or 1w)",
                {"value": value},
            )
        return cls(int(match[1]), DURATION_UNITS[match[2]])  # type: ignore[arg-type]

    def as_timedelta(self) -> timedelta:
        return timedelta(**{f"{self.unit}s": self.amount})

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_plain_validator_function(
            lambda value: value if isinstance(value, cls) else cls.parse(value),
            json_schema_input_schema=core_schema.str_schema(pattern=DURATION.pattern),
        )


class Model(BaseModel):
    """Base of every model class: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class IdentifiedModel(Model):
    id: Slug


# --- Directory: contacts and official accounts -------------------------------


class Contact(IdentifiedModel):
    """A person, team or mailbox people can turn to. All fields but ``role`` are data."""

    name: str
    role: Text | None = None
    email: Email | None = None
    phone: str | None = None
    handle: str | None = None
    url: WebAddress | None = None
    audience: Audience = "internal"


class Account(IdentifiedModel):
    """An official social-media account of the organisation."""

    network: str
    handle: str
    url: WebAddress
    purpose: Text | None = None
    audience: Audience = "public"


class Directory(Model):
    """The contents of ``contacts.yml``."""

    contacts: list[Contact] = []
    accounts: list[Account] = []


# --- Blocks ------------------------------------------------------------------


class BlockBase(Model):
    """Fields every block has. ``audience`` defaults to the page's."""

    id: Slug | None = None
    title: Text | None = None
    intro: Text | None = None
    audience: Audience | None = None
    _addendum: str | None = PrivateAttr(default=None)  # the local addendum that put it on its page

    @property
    def addendum(self) -> str | None:
        """The id of the local addendum this block comes from, if any (set when addenda are applied)."""
        return self._addendum


class TextBlock(BlockBase):
    """Free text. ``body`` is Markdown."""

    type: Literal["text"]
    body: Markdown


class Callout(BlockBase):
    """A highlighted note, tip or warning. ``body`` is Markdown."""

    type: Literal["callout"]
    style: Literal["note", "tip", "warning", "danger"] = "note"
    body: Markdown


class Scope(BlockBase):
    """Which channels and which people the policy covers."""

    type: Literal["scope"]
    channels: list[Text]
    people: list[Text]
    excluded: list[Text] = []


class Speaker(Model):
    contact: ContactRef
    topics: list[Text]


class Spokespeople(BlockBase):
    """Who may speak for the organisation, on which topics; what everyone else does."""

    type: Literal["spokespeople"]
    speakers: list[Speaker]
    everyone_else: Text | None = None


class Step(Model):
    action: Text
    owner: ContactRef | None = None
    within: Duration | None = None


class Approval(BlockBase):
    """How a post is approved before it is published."""

    type: Literal["approval"]
    steps: list[Step]
    exceptions: list[Text] = []


class Principle(Model):
    title: Text
    text: Text


class Principles(BlockBase):
    """Rules of engagement."""

    type: Literal["principles"]
    principles: list[Principle]


class Trait(Model):
    trait: Text
    description: Text


class Tone(BlockBase):
    """The organisation's voice: traits to show and habits to avoid."""

    type: Literal["tone"]
    traits: list[Trait]
    avoid: list[Text] = []


class NetworkStyle(Model):
    network: str
    style: Text


class ResponseStyles(BlockBase):
    """How to write and answer on each network."""

    type: Literal["response_styles"]
    networks: list[NetworkStyle]


class DoDont(BlockBase):
    """Side-by-side lists of what to do and what not to do."""

    type: Literal["do_dont"]
    do: list[Text]
    dont: list[Text]


class Disclaimer(BlockBase):
    """A sentence to copy, such as "my views are my own", and when to use it."""

    type: Literal["disclaimer"]
    text: Text
    when: Text


class LegalRule(Model):
    topic: Literal["copyright", "privacy", "disclosure", "regulated", "other"]
    title: Text
    text: Text


class Legal(BlockBase):
    """Legal rules: copyright and credit, privacy, disclosure, regulated industries."""

    type: Literal["legal"]
    rules: list[LegalRule]


class SecurityRule(Model):
    topic: Literal["passwords", "two_factor", "updates", "phishing", "devices", "breach", "other"]
    title: Text
    text: Text
    steps: list[Text] = []


class Security(BlockBase):
    """Security rules for the people who handle the organisation's accounts."""

    type: Literal["security"]
    rules: list[SecurityRule]


class AccessHolder(Model):
    account: AccountRef
    owner: ContactRef
    backup: ContactRef | None = None


class AccountAccess(BlockBase):
    """Who holds access to each official account, and the hand-over when someone leaves.

    The model records owners, never a credential.
    """

    type: Literal["account_access"]
    accounts: list[AccessHolder]
    storage: Text | None = None
    handover: list[Text]


class EscalationLevel(Model):
    severity: Text
    examples: Text
    contact: ContactRef
    within: Duration


class Escalation(BlockBase):
    """The escalation matrix: for each severity, who to tell and how fast."""

    type: Literal["escalation"]
    levels: list[EscalationLevel]


class PreparedResponse(Model):
    situation: Text
    response: Text


class Responses(BlockBase):
    """Pre-approved answers to common situations."""

    type: Literal["responses"]
    responses: list[PreparedResponse]


class Scenario(Model):
    name: Text
    response: Text


class CrisisPlan(BlockBase):
    """What to do before, during and after a crisis; scenarios; drills; who to call."""

    type: Literal["crisis_plan"]
    before: list[Text]
    during: list[Text]
    after: list[Text]
    scenarios: list[Scenario] = []
    drills: Text | None = None
    contacts: list[ContactRef] = []


class Moderation(BlockBase):
    """How moderation works inside: what is removed, who may remove it, how."""

    type: Literal["moderation"]
    removed: list[Text]
    moderators: list[ContactRef]
    process: list[Text]


class Owner(Model):
    contact: ContactRef
    responsibility: Text


class Governance(BlockBase):
    """Who owns the policy, how often it is reviewed, how it changes, training, indicators."""

    type: Literal["governance"]
    owners: list[Owner]
    review_every_months: int = Field(ge=1, le=60)
    update_process: list[Text]
    training: list[Text] = []
    indicators: list[Text] = []


class Consequence(Model):
    level: Text
    description: Text


class Consequences(BlockBase):
    """What happens when the policy is broken."""

    type: Literal["consequences"]
    levels: list[Consequence]


class Hours(Model):
    days: str
    opens: time
    closes: time

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

    @field_validator("opens", "closes", mode="before")
    @classmethod
    def _parse_time(cls, value: Any) -> Any:
        # YAML 1.1 reads 09:00 as a base-60 integer (540); turn it back into a time.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        return value

    def weekdays(self) -> tuple[int, ...]:
        """Indexes (Monday is 0) of the days these hours apply to."""
        first, _, last = self.days.partition("-")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        return tuple(range(start, end + 1))


class ChannelService(Model):
    account: AccountRef
    hours: list[Hours]
    respond_within: Duration


class ServiceHours(BlockBase):
    """When each public channel is staffed and how fast followers get an answer."""

    type: Literal["service_hours"]
    timezone: str
    channels: list[ChannelService]
    outside_hours: Text | None = None


class Expectations(BlockBase):
    """What followers can expect from the organisation."""

    type: Literal["expectations"]
    items: list[Text]


class HouseRules(BlockBase):
    """Encouraged behaviour, what is removed, what is banned, and the enforcement steps."""

    type: Literal["house_rules"]
    encouraged: list[Text]
    removed: list[Text]
    banned: list[Text]
    enforcement: list[Text]


class Report(BlockBase):
    """How to report a problem."""

    type: Literal["report"]
    steps: list[Text]
    contact: ContactRef | None = None


class OfficialAccounts(BlockBase):
    """The list of official accounts, so that people can spot impostors."""

    type: Literal["official_accounts"]
    accounts: list[AccountRef]
    impostors: Text | None = None


Block = Annotated[
    Union[  # noqa: UP007 - a discriminated union reads best spelled out
        TextBlock,
        Callout,
        Scope,
        Spokespeople,
        Approval,
        Principles,
        Tone,
        ResponseStyles,
        DoDont,
        Disclaimer,
        Legal,
        Security,
        AccountAccess,
        Escalation,
        Responses,
        CrisisPlan,
        Moderation,
        Governance,
        Consequences,
        ServiceHours,
        Expectations,
        HouseRules,
        Report,
        OfficialAccounts,
    ],
    Field(discriminator="type"),
]

BLOCK_TYPES: dict[str, type[BlockBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in BlockBase.__subclasses__()
}


# --- Pages and the handbook ----------------------------------------------------


class Page(IdentifiedModel):
    """One page of the handbook: a title, an audience and blocks."""

    title: Text
    summary: Text | None = None
    audience: Audience = "internal"
    kind: str = "standard"
    related: list[PageRef] = []
    owner: ContactRef | None = None  # who reviews the page; the handbook's owner when not given
    last_reviewed: date | None = None
    review_every_months: int | None = Field(default=None, ge=1, le=120)  # else the handbook's
    blocks: list[Block]

    def block_audience(self, block: BlockBase) -> Audience:
        """The audience a block really has: its own, or else its page's."""
        return block.audience or self.audience


def _as_text(value: Any) -> Any:
    # `version: 2.1` in YAML is a float; people mean the string.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Version = Annotated[str, BeforeValidator(_as_text)]


class Metadata(Model):
    """The contents of ``handbook.yml``."""

    organisation: str
    title: Text
    description: Text | None = None
    version: Version
    effective_date: date
    source_language: LanguageCode
    languages: list[LanguageCode]
    owner: ContactRef
    review_every_months: int = Field(default=12, ge=1, le=120)  # for pages that do not say
    acknowledgment: Text | None = None  # what each employee confirms having read, for HR to collect
    addenda: list[AddendumRef] = []  # the local addenda built into this handbook, in this order
    pdf: bool = False  # every build also prints the handbook to one PDF per language (needs Chromium)
    pages: list[PageRef]

    @field_validator("languages")
    @classmethod
    def _each_language_once_with_the_source(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if len(set(value)) != len(value):
            raise PydanticCustomError("languages", "a language is listed twice")
        source = info.data.get("source_language")
        if source and source not in value:
            raise PydanticCustomError(
                "languages", "the source language '{lang}' must be listed in languages", {"lang": source}
            )
        return value


class PageAddendum(Model):
    """What a local addendum changes on one page."""

    add: list[Block] = []  # put at the end of the page
    replace: dict[Slug, Block] = {}  # each put in place of the page's block with that id


class Addendum(IdentifiedModel):
    """A local addendum, ``content/addenda/<id>.yml``: rules for one country or office.

    It adds blocks to pages, replaces blocks (by their ``id``) and adds or replaces
    contacts, so an office's handbook needs no copy of the rest.
    """

    title: Text  # what readers see it called: "France", "Warsaw office"
    applies_to: Text  # who must follow it: "Employees working in France"
    contacts: list[Contact] = []
    pages: dict[PageRef, PageAddendum] = {}


class Release(Model):
    """One version of the handbook in its changelog: when it took effect and what changed."""

    version: Version
    date: date
    summary: Text | None = None
    changes: list[Text]


class Changelog(Model):
    """The contents of ``content/changelog.yml``: the versions, newest first."""

    versions: list[Release]


class Handbook(Model):
    """A whole handbook: metadata, directory, pages in navigation order, and its changelog."""

    meta: Metadata
    contacts: dict[str, Contact]
    accounts: dict[str, Account]
    pages: list[Page]
    changelog: list[Release] = []
    addenda: list[Addendum] = []  # those chosen in handbook.yml, not yet applied (see generator.addenda)

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.id == page_id)


# --- Walking the model ------------------------------------------------------------


@dataclass(frozen=True)
class Field_:
    """One leaf value found by :func:`walk`, with its path and what kind of field holds it."""

    path: tuple[str | int, ...]
    value: Any
    reference: Reference | None


def walk(model: BaseModel, path: tuple[str | int, ...] = ()) -> Iterator[Field_]:
    """Yield every leaf value of ``model`` with its path, depth first, in field order.

    References are recognised by their :class:`Reference` annotation, texts by type.
    """
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        reference = _reference_in(info.metadata) or _reference_of(info.annotation)
        yield from _walk_value(value, (*path, name), reference)


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
