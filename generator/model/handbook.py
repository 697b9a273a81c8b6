"""A whole handbook: metadata, contacts and accounts, pages, addenda and the changelog.

Each content file has its model here: ``handbook.yml`` is :class:`Metadata`,
``contacts.yml`` a :class:`Directory`, each page a :class:`Page`, each
addendum an :class:`Addendum` and ``changelog.yml`` a :class:`Changelog`;
:class:`Handbook` holds them all once loaded and cross-checked.
"""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

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
    "Release",
]


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
    acknowledgment: Text | None = None  # what each employee confirms having read, for HR to collect
    addenda: list[AddendumRef] = []  # the local addenda built into this handbook, in this order
    pdf: Boolean = False  # every build also prints the handbook to one PDF per language (needs Chromium)
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
