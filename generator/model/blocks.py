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

import unicodedata
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from pydantic import Field, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from .values import (
    WEEKDAYS,
    AccountRef,
    Audience,
    ContactRef,
    Duration,
    Markdown,
    Model,
    NonEmpty,
    Slug,
    Text,
    Time,
)

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
    """Which channels and which people the policy covers."""

    type: Literal["scope"]
    channels: NonEmpty[Text]
    people: NonEmpty[Text]
    excluded: list[Text] = []


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


class DoDont(BlockBase):
    """Side-by-side lists of what to do and what not to do."""

    type: Literal["do_dont"]
    do: NonEmpty[Text]
    dont: NonEmpty[Text]


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


class Consequence(Model):
    level: Text
    description: Text


class Consequences(BlockBase):
    """What happens when the policy is broken."""

    type: Literal["consequences"]
    levels: NonEmpty[Consequence]


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


class HouseRules(BlockBase):
    """Encouraged behaviour, what is removed, what is banned, and the enforcement steps."""

    type: Literal["house_rules"]
    encouraged: NonEmpty[Text]
    removed: NonEmpty[Text]
    banned: NonEmpty[Text]
    enforcement: NonEmpty[Text]


class Report(BlockBase):
    """How to report a problem."""

    type: Literal["report"]
    steps: NonEmpty[Text]
    contact: ContactRef | None = None


class OfficialAccounts(BlockBase):
    """The list of official accounts, so that people can spot impostors."""

    type: Literal["official_accounts"]
    accounts: NonEmpty[AccountRef]
    impostors: Text | None = None


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


class ProcedureStep(Model):
    action: Text
    owner: ContactRef | None = Field(default=None, description="the contact for it: who does it, or to whom")
    within: Duration | None = Field(default=None, description="how soon")


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
