"""The generator's theme overrides, each checked against the installed theme's original.

An override is a copy of a theme template (or of one of its blocks) with a few changes. When
the theme is upgraded and its original changes, the copy would silently keep the old markup.
Each override therefore opens with a comment naming its original and the fingerprint of the
original it was written from::

    {#- Override of Material's partials/search.html (original sha256 bfd556535abcddb9): ... -#}
    {#- Override of Material's base.html, block site_meta (original sha256 26f3fa30991041e5): ... -#}

:func:`stale_overrides` compares each fingerprint with the installed original; the tests fail
while one differs, so an upgrade is looked at rather than hidden.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Override", "fingerprint", "overrides_in", "stale_overrides"]

_HEADER = re.compile(
    r"\{#-?\s*Override of (?P<original>[\w/.-]+)(?:, block (?P<block>\w+),)?\s+from\s+"
    r"(?P<themes>\w+(?:\s+and\s+\w+)*)\s+\(original sha256 (?P<digest>[0-9a-f]{16})\)"
)


@dataclass(frozen=True)
class Override:
    """One override: its file, and the original it copies, as its header comment names them."""

    path: Path
    themes: tuple[str, ...]  # the themes whose original it copies: Material, Zensical
    original: str  # the template's path inside the theme
    block: str | None
    digest: str


def overrides_in(folder: Path) -> list[Override]:
    """Every template under ``folder`` with the header of an override; a template without one is an error."""
    found = []
    for path in sorted(folder.rglob("*.html")):
        match = _HEADER.match(path.read_text(encoding="utf-8"))
        if match is None:
            raise ValueError(f"{path}: an override must open with its 'Override of ...' comment")
        themes = tuple(re.split(r"\s+and\s+", match["themes"]))
        found.append(Override(path, themes, match["original"], match["block"], match["digest"]))
    return found


def fingerprint(text: str, block: str | None = None) -> str:
    """The first 16 hex digits of the SHA-256 of a template, or of one of its blocks."""
    if block is not None:
        found = re.search(r"\{%-?\s*block " + block + r"\s*-?%\}.*?\{%-?\s*endblock\s*-?%\}", text, re.S)
        if found is None:
            return "missing"
        text = found[0]
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stale_overrides(folders: list[Path], theme: str, theme_templates: Path) -> list[str]:
    """What has changed in the installed ``theme`` since each override in ``folders`` was written.

    Every override in the folders must name ``theme``: one that does not would be used without
    having been checked against it.
    """
    stale = []
    for folder in folders:
        for override in overrides_in(folder):
            name = override.path.relative_to(folder.parent).as_posix()
            if theme not in override.themes:
                stale.append(f"{name}: serves {theme} but names no original of {theme}'s")
                continue
            original = theme_templates / override.original
            if not original.is_file():
                stale.append(f"{name}: {theme} no longer has {override.original}")
                continue
            now = fingerprint(original.read_text(encoding="utf-8"), override.block)
            if now != override.digest:
                part = f"{override.original}, block {override.block}" if override.block else override.original
                stale.append(
                    f"{name}: {theme}'s {part} has changed (sha256 {override.digest} when written, "
                    f"{now} installed): compare the override with the new original, carry the changes "
                    "over, and write the new fingerprint in its header"
                )
    return stale
