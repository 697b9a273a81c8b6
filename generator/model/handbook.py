"""A whole handbook: metadata, contacts and accounts, pages, addenda and the changelog.

Each content file has its model here: ``handbook.yml`` is :class:`Metadata`,
``contacts.yml`` a :class:`Directory`, each page a :class:`Page`, each
addendum an :class:`Addendum` and ``changelog.yml`` a :class:`Changelog`;
:class:`Handbook` holds them all once loaded and cross-checked.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from .blocks import BlockBase
from .registry import Block
from .values import (
    AddendumRef,
    Audience,
    Boolean,
    ContactRef,
    Date,
    Email,
    IdentifiedModel,
    LanguageCode,
    Markdown,
    Model,
    NonEmpty,
    PageRef,
    Slug,
    Text,
    WebAddress,
)

__all__ = [
    "Account",
    "Addendum",
    "Changelog",
    "Contact",
    "Directory",
    "Handbook",
    "Metadata",
    "Page",
    "PageAddendum",
    "Public",
    "Release",
]


# --- Directory: contacts and official accounts -------------------------------


class Contact(IdentifiedModel):
    """Someone people can turn to: a named person, or a team, role, desk or mailbox.

    ``person`` or ``team`` names the contact, never both. A person's name is data: it is
    shown as written in every language and never reaches a translator. A team's name
    (``team: Press Office``) is a :class:`Text`, translated like ``role``. Addresses, numbers,
    handles and URLs are data. ``name``, the one field of earlier versions, still reads as
    a person's name; the loader warns where it is used, as HR may have meant a team.
    """

    person: str | None = Field(
        default=None,
        min_length=1,
        description="A named person, e.g. Anna Kowalska: shown as written in every language.",
    )
    team: Text | None = Field(
        default=None,
        description="A team, role, desk or mailbox, e.g. Press Office: translated for each language.",
    )
    legacy_name: str | None = Field(
        default=None,
        alias="name",
        min_length=1,
        description="The older spelling of 'person' (shown as written): write 'person' or 'team' instead.",
        json_schema_extra={"deprecated": True},
    )
    role: Text | None = None
    email: Email | None = None
    phone: str | None = None
    handle: str | None = None
    url: WebAddress | None = None
    audience: Audience = "internal"

    model_config = ConfigDict(
        # An editor flags a contact with no name, or with two (person and team, say).
        json_schema_extra={"oneOf": [{"required": [key]} for key in ("person", "team", "name")]},
    )

    @property
    def name(self) -> str:
        """What pages call the contact: the team's name (a text, so translated) or the person's."""
        return self.team or self.person or self.legacy_name or ""

    @property
    def is_team(self) -> bool:
        """Whether the contact is a team, role or mailbox rather than a named person."""
        return self.team is not None

    @field_validator("team")
    @classmethod
    def _a_person_or_a_team(cls, value: Text, info: ValidationInfo) -> Text:
        if info.data.get("person") is not None:
            raise PydanticCustomError(
                "contact_name",
                "contact '{id}' has both 'person' and 'team': keep 'person' for a named person "
                "(shown as written), or 'team' for a team, role or mailbox (translated)",
                {"id": info.data.get("id", "")},
            )
        return value

    @field_validator("legacy_name")
    @classmethod
    def _name_alone(cls, value: str, info: ValidationInfo) -> str:
        given = next((key for key in ("person", "team") if info.data.get(key) is not None), None)
        if given:
            raise PydanticCustomError(
                "contact_name",
                "contact '{id}' has both '{given}' and 'name': remove 'name' "
                "(it is the older way of writing 'person')",
                {"id": info.data.get("id", ""), "given": given},
            )
        return value

    @model_validator(mode="after")
    def _named(self) -> Contact:
        if self.team is None and self.person is None and self.legacy_name is None:
            raise PydanticCustomError(
                "contact_name",
                "contact '{id}' has no name: add 'person: …' for a named person (shown as written "
                "in every language) or 'team: …' for a team, role or mailbox (translated)",
                {"id": self.id},
            )
        return self


class Account(IdentifiedModel):
    """An official presence of the organisation: a social-media account, a forum, a mailing list, a website.

    ``network`` names where it is (LinkedIn, Discourse, the website); ``handle`` is the
    account's name there, when it has one. Without a handle, links show the address.
    """

    network: str = Field(description="where it is, e.g. LinkedIn, Discourse, Website")
    handle: str | None = Field(
        default=None, min_length=1, description="the account's name there, e.g. @example"
    )
    url: WebAddress
    purpose: Text | None = None
    audience: Audience = "public"

    @property
    def label(self) -> str:
        """What a link to the account shows: its handle, or else the address without its scheme.

        >>> Account(id="forum", network="Discourse", url="https://forum.example.org/c/help/").label
        'forum.example.org/c/help'
        """
        if self.handle:
            return self.handle
        return re.sub(r"^https?://", "", self.url).rstrip("/")


class Directory(Model):
    """The contents of ``contacts.yml``."""

    contacts: list[Contact] = []
    accounts: list[Account] = []


# --- Pages and the handbook ----------------------------------------------------


class Page(IdentifiedModel):
    """One page of the handbook: a title, an audience and blocks."""

    title: Text
    summary: Text | None = None
    audience: Audience = "internal"
    kind: str = "standard"
    related: list[PageRef] = []
    owner: ContactRef | None = None  # who reviews the page; the handbook's owner when not given
    last_reviewed: Date | None = None
    review_every_months: int | None = Field(default=None, ge=1, le=120)  # else the handbook's
    blocks: NonEmpty[Block]

    def block_audience(self, block: BlockBase) -> Audience:
        """The audience a block really has: its own, or else its page's."""
        return block.audience or self.audience


class Acknowledgment(Model):
    """What readers confirm having read (``handbook.yml``'s ``acknowledgment``), who confirms and how.

    Written as a plain statement (``acknowledgment: I have read…``), or as a mapping
    ``{statement, who, how}``; ``who`` and ``how`` are sentences shown on the
    acknowledgment page in place of the neutral defaults.
    """

    statement: Text = Field(description="what each reader confirms, in the first person")
    who: Text | None = Field(
        default=None, description="who confirms, and how often, e.g. Every volunteer confirms … once a year."
    )
    how: Text | None = Field(
        default=None, description="where people confirm, e.g. You confirm in the HR system, …"
    )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """For editors: the statement alone, as a text, or the mapping."""
        return {"anyOf": [TypeAdapter(Text).json_schema(mode="validation"), handler(schema)]}

    @model_validator(mode="before")
    @classmethod
    def _a_plain_statement(cls, value: Any) -> Any:
        """A string, or a text mapping ``{text, note, context}``, is the statement alone."""
        if isinstance(value, str) or (isinstance(value, dict) and "text" in value):
            return {"statement": value}
        return value


class Public(Model):
    """The ``public:`` section of ``handbook.yml``: the public page's title, intro and whether it is built.

    The public page shows every page and block marked ``audience: public`` or ``both``.
    """

    title: Text | None = Field(
        default=None,
        description="The public page's title, e.g. Code of conduct (default: the only public page's "
        "title, or Public information).",
    )
    intro: Markdown | None = Field(
        default=None,
        description="The paragraph under the title (Markdown); one public page shows its summary instead.",
    )
    build: Literal["auto", "always", "never"] = Field(
        default="auto",
        description="auto: built when some content is public, else skipped with a warning; "
        "always: built, and an error when nothing is public; never: not built.",
    )


class Metadata(Model):
    """The contents of ``handbook.yml``."""

    organisation: str
    title: Text
    description: Text | None = None
    version: str  # as typed: 2.10 is not 2.1
    effective_date: Date
    source_language: LanguageCode
    languages: NonEmpty[LanguageCode]
    owner: ContactRef
    review_every_months: int = Field(default=12, ge=1, le=120)  # for pages that do not say
    acknowledgment: Acknowledgment | None = None  # what readers confirm having read, and how
    addenda: list[AddendumRef] = []  # the local addenda built into this handbook, in this order
    pdf: Boolean = False  # every build also prints the handbook to one PDF per language (needs Chromium)
    engine: Literal["mkdocs", "zensical"] = "mkdocs"  # what builds the sites: MkDocs+Material, or Zensical
    public: Public = Public()  # the public page, site/community/<lang>/
    pages: NonEmpty[PageRef]

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

    version: str
    date: Date
    summary: Text | None = None
    changes: NonEmpty[Text]


class Changelog(Model):
    """The contents of ``content/changelog.yml``: the versions, newest first."""

    versions: NonEmpty[Release]


class Handbook(Model):
    """A whole handbook: metadata, directory, pages in navigation order, and its changelog."""

    meta: Metadata
    contacts: dict[str, Contact]
    accounts: dict[str, Account]
    pages: list[Page]
    changelog: list[Release] = []
    addenda: list[Addendum] = []  # chosen in handbook.yml, applied at render time (model.addenda)

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.id == page_id)
