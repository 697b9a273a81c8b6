"""``handbook init``: a new organisation's handbook project that builds at once.

The starter files (``generator/starter/``) hold a small but complete
handbook: an internal page, the public community guidelines, a contact, an
account, a changelog and an acknowledgment. ``{organisation}``, ``{language}``
and ``{today}`` in them are filled in; nothing that exists is overwritten.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..errors import HandbookError, Location, Problem
from ..translate.catalog import parse_locale

__all__ = ["STARTER", "start_project"]

STARTER = Path(__file__).parent / "social-media"
RENAMED = {"gitignore": ".gitignore"}  # a dot file would be left out of the package


def start_project(directory: Path, organisation: str, language: str = "en") -> list[Path]:
    """Write a new project into ``directory`` (missing or empty); returns the files written."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        message = "already exists and is not empty; handbook init writes only into a new or empty folder"
        raise HandbookError([Problem(Location(str(directory)), message)])
    parse_locale(language, Location("--language"))
    values = {
        "{organisation}": json.dumps(organisation, ensure_ascii=False),  # a JSON string is a YAML string
        "{language}": language,
        "{today}": date.today().isoformat(),
    }
    written = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or source.name.startswith(("__", ".")):
            continue
        relative = source.relative_to(STARTER)
        target = directory / relative.with_name(RENAMED.get(relative.name, relative.name))
        text = source.read_text(encoding="utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
