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

import re
from typing import ClassVar, Literal

from pydantic import Field, PrivateAttr, ValidationError, ValidationInfo, field_validator, model_validator
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


class Column(Model):
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
    columns: NonEmpty[Column] | None = Field(
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
