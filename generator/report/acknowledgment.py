"""The acknowledgment statement in every language, for the system that collects confirmations.

The site only shows the statement; confirmations, with names and dates, belong
in the organisation's own system (an HR system, a volunteer database), so the
site stores no personal data. ``handbook acknowledgment --json`` gives that
system the text of each language and version.
"""

from __future__ import annotations

from typing import Any

from ..errors import HandbookError, Location, Problem
from ..load.project import Project
from ..translate.languages import languages_to_build, translations_for
from ..translate.locale import native_name
from ..translate.localise import localise

__all__ = ["acknowledgments"]


def acknowledgments(project: Project) -> list[dict[str, Any]]:
    """Per language: the handbook's version, effective date, title and statement, as readers see them."""
    meta = project.handbook.meta
    if meta.acknowledgment is None:
        message = "no 'acknowledgment' statement in handbook.yml"
        raise HandbookError([Problem(Location("content/handbook.yml", 1, 1), message)])
    rows = []
    for lang in languages_to_build(project):
        translations = translations_for(project, lang)
        statement = localise(meta.acknowledgment.statement, translations)
        rows.append(
            {
                "language": lang,
                "language_name": native_name(lang),
                "version": meta.version,
                "effective_date": meta.effective_date.isoformat(),
                "title": str(localise(meta.title, translations)),
                "statement": str(statement),
                # Until it is translated, readers of this language see the source text.
                "translated": statement.status in ("source", "translated"),
            }
        )
    return rows
