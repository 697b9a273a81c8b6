"""Pages whose review is due, as warnings for ``handbook check``."""

from __future__ import annotations

from datetime import date

from ..errors import Problem
from ..load.project import Project
from ..model.review import page_review

__all__ = ["review_problems"]


def review_problems(project: Project, today: date) -> list[Problem]:
    """Warnings for pages whose review is due by ``today``, and pages with no review date."""
    problems = []
    handbook = project.handbook
    for page in handbook.pages:
        review = page_review(handbook, page)
        document = project.page_documents[page.id]
        owner = handbook.contacts[review.owner].name
        if review.due is None:
            message = f"page '{page.id}' has no last_reviewed date (owner: {owner})"
            problems.append(Problem(document.locate(("title",)), message, "warning"))
        elif review.due <= today:
            message = (
                f"review of page '{page.id}' was due on {review.due.isoformat()} "
                f"(last reviewed {review.last}, every {review.every_months} months; owner: {owner})"
            )
            problems.append(Problem(document.locate(("last_reviewed",)), message, "warning"))
    return problems
