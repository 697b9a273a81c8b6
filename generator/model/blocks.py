"""The blocks a page is made of: each a typed model with its own template.

Every block has an ``id``, a ``title``, an ``intro`` and an ``audience``
(:class:`BlockBase`); :data:`Block` is the union the page model accepts,
told apart by the ``type`` key, and :data:`BLOCK_TYPES` maps each type to its
class.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any, Literal, Union

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
    Slug,
    Text,
)

__all__ = ["BLOCK_TYPES", "Block", "BlockBase"]


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
