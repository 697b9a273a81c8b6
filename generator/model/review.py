"""Review cadence: who owns each page, when it was last reviewed, and when it is due again.

A page names its ``owner`` (a contact), its ``last_reviewed`` date and how
often it is reviewed (``review_every_months``); the handbook's ``owner`` and
``review_every_months`` stand in for a page that does not say. Pages show the
three facts; ``handbook check`` warns about pages past their review date and
pages never reviewed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from .handbook import Handbook, Page

__all__ = ["Review", "add_months", "page_review"]


@dataclass(frozen=True)
class Review:
    """The review facts of one page, defaults applied."""

    owner: str  # a contact id
    last: date | None
    every_months: int

    @property
    def due(self) -> date | None:
        """The date of the next review, or ``None`` for a page never reviewed."""
        return add_months(self.last, self.every_months) if self.last else None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def page_review(handbook: Handbook, page: Page) -> Review:
    meta = handbook.meta
    return Review(
        page.owner or meta.owner, page.last_reviewed, page.review_every_months or meta.review_every_months
    )
