"""``handbook init``: a new organisation's handbook project that builds at once.

Each starter (``generator/starter/<name>/``) holds a small but complete
handbook of one kind, written to be rewritten: pages of the blocks that suit
it, contacts, a changelog and an acknowledgment. ``common/`` holds what every
starter shares (``mkdocs.yml``, ``.gitignore``). ``{organisation}``,
``{language}`` and ``{today}`` in the files are filled in; nothing that exists
is overwritten.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..errors import HandbookError, Location, Problem
from ..translate.catalog import parse_locale
from .kinds import DEFAULT_STARTER, STARTERS

__all__ = ["start_project"]

FOLDER = Path(__file__).parent
COMMON = FOLDER / "common"
RENAMED = {"gitignore": ".gitignore"}  # a dot file would be left out of the package


def start_project(
    directory: Path, organisation: str, language: str = "en", template: str = DEFAULT_STARTER
) -> list[Path]:
    """Write a new project from starter ``template`` into ``directory`` (missing or empty).

    Returns the files written.
    """
    directory = Path(directory)
    if template not in STARTERS:
        message = f"no starter '{template}': choose one of {', '.join(STARTERS)}"
        raise HandbookError([Problem(Location("--template"), message)])
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
    for folder in (COMMON, FOLDER / template):
        for source, relative in _starter_files(folder):
            target = directory / relative.with_name(RENAMED.get(relative.name, relative.name))
            text = source.read_text(encoding="utf-8")
            for placeholder, value in values.items():
                text = text.replace(placeholder, value)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return sorted(written)


def _starter_files(folder: Path) -> list[tuple[Path, Path]]:
    """The files of one starter folder, each with its path inside the new project."""
    return [
        (source, source.relative_to(folder))
        for source in sorted(folder.rglob("*"))
        if source.is_file() and not source.name.startswith(("__", "."))
    ]
