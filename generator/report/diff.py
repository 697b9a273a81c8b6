"""What changed in the rules between two versions of the content, for ``handbook diff``.

The content at a git revision is read with ``git archive`` into a temporary
folder and loaded like any project, so an old revision is validated too. A
"rule" is one text of a page: a list item (a do, a don't, a step) or a single
text field (a summary, a callout's body). Texts are compared field by field in
order, so an edited item shows as changed, not as one removal and one addition.
"""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import HandbookError, Location, Problem
from ..load.project import Project, load_project
from ..model.blocks import BlockBase, Cell, Money, Table
from ..model.handbook import Page
from ..model.values import DURATION_UNITS, Duration, Text, walk

__all__ = ["PageChanges", "content_diff", "load_revision"]

DURATION_CODES = {unit: code for code, unit in reversed(DURATION_UNITS.items())}  # "minute": "m"


@dataclass
class PageChanges:
    """The rules of one page that were added, changed (old, new) and removed."""

    page: str
    title: str
    status: str = "changed"  # or "added", "removed"
    added: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def load_revision(root: Path, revision: str) -> Project:
    """The project as it was at a git revision; errors name the revision."""
    root = Path(root).absolute()
    with tempfile.TemporaryDirectory(prefix="handbook-diff-") as folder:
        _extract_content(root, revision, Path(folder))
        try:
            return load_project(Path(folder))
        except HandbookError as error:
            raise HandbookError([_at_revision(revision, problem) for problem in error.problems]) from None


def _at_revision(revision: str, problem: Problem) -> Problem:
    where = problem.location
    return Problem(Location(f"{revision}:{where.file}", where.line, where.column), problem.message)


def _extract_content(root: Path, revision: str, folder: Path) -> None:
    if _git(root, "rev-parse", "--is-inside-work-tree", check=False) != b"true\n":
        raise HandbookError([Problem(Location(revision), "the project is not in a git repository")])
    if not _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False):
        raise HandbookError([Problem(Location(revision), "no such revision in the project's git repository")])
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    archive = _git(root, "archive", "--format=tar", f"{revision}:{prefix}", "--", "content")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")


def _git(root: Path, *arguments: str, check: bool = True) -> bytes:
    """Git's output; with ``check=False``, empty output when git fails."""
    try:
        result = subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, check=False)
    except FileNotFoundError:
        raise HandbookError([Problem(Location("git"), "git is not installed")]) from None
    if result.returncode != 0:
        if not check:
            return b""
        message = (result.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
        raise HandbookError([Problem(Location("git"), f"git {arguments[0]} failed: {message}")])
    return result.stdout


def content_diff(old: Project, new: Project) -> list[PageChanges]:
    """Per page, in the new navigation order (removed pages last): the rules added, changed and removed."""
    before = {page.id: page for page in old.handbook.pages}
    after = {page.id: page for page in new.handbook.pages}
    changes = []
    for page_id, page in after.items():
        if page_id not in before:
            changes.append(PageChanges(page_id, str(page.title), "added", added=_all_rules(page)))
            continue
        found = _compare(page_id, str(page.title), _rules(before[page_id]), _rules(page))
        if found.added or found.changed or found.removed:
            changes.append(found)
    for page_id, page in before.items():
        if page_id not in after:
            changes.append(PageChanges(page_id, str(page.title), "removed", removed=_all_rules(page)))
    return changes


def _rules(page: Page) -> dict[str, list[str]]:
    """The page's texts grouped by field (``blocks > do_dont > do``), each in its order.

    A table's row is one rule, its values included: a new limit is a changed rule.
    """
    fields: dict[str, list[str]] = {}
    rows_seen: set[tuple[str | int, ...]] = set()
    for leaf in walk(page):
        row = leaf.path[:4]
        table = page.blocks[int(row[1])] if len(row) == 4 and row[2] == "rows" else None
        if isinstance(table, Table):
            if row not in rows_seen:
                rows_seen.add(row)
                fields.setdefault(_place(page, row[:3]), []).append(_row(table, int(row[3])))
        elif isinstance(leaf.value, Text):  # white space ignored: rewrapping a text changes no rule
            fields.setdefault(_place(page, leaf.path), []).append(" ".join(leaf.value.split()))
    return fields


def _row(table: Table, index: int) -> str:
    """A table's row as HR typed it: ``Expense: Hotel; Limit: EUR 180; Claim within: 1mo``."""
    cells = table.rows[index]
    return "; ".join(f"{' '.join(c.header.split())}: {_typed(cells[c.key])}" for c in table.columns)


def _typed(value: Cell) -> str:
    if isinstance(value, Money):
        return f"{value.currency} {value.amount}"
    if isinstance(value, Duration):
        return f"{value.amount}{DURATION_CODES[value.unit]}"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else " ".join(str(value).split())


def _place(page: Page, path: tuple[str | int, ...]) -> str:
    """A field's place without list positions, blocks named by id or type: ``do_dont > do``."""
    parts = []
    current: object = page
    for step in path:
        current = current[step] if isinstance(step, int) else getattr(current, step, None)  # type: ignore[index]
        if isinstance(step, str) and step != "blocks":
            parts.append(step)
        elif isinstance(current, BlockBase):
            parts.append(current.id or current.type)  # type: ignore[attr-defined]
    return " > ".join(parts)


def _all_rules(page: Page) -> list[str]:
    """The rules of a page added or removed whole (its title heads the entry)."""
    return [text for place, texts in _rules(page).items() if place != "title" for text in texts]


def _compare(page_id: str, title: str, old: dict[str, list[str]], new: dict[str, list[str]]) -> PageChanges:
    found = PageChanges(page_id, title)
    for place in [*new, *(p for p in old if p not in new)]:
        for kind, before, after in _diff(old.get(place, []), new.get(place, [])):
            if kind == "added":
                found.added.extend(after)
            elif kind == "removed":
                found.removed.extend(before)
            else:
                found.changed.extend(zip(before, after, strict=True))
    return found


def _diff(old: list[str], new: list[str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """(kind, old texts, new texts) for each difference; an edit in place pairs texts one by one."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        if paired:
            yield "changed", old[i1 : i1 + paired], new[j1 : j1 + paired]
        if i1 + paired < i2:
            yield "removed", old[i1 + paired : i2], []
        if j1 + paired < j2:
            yield "added", [], new[j1 + paired : j2]
