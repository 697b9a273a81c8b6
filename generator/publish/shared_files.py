"""Smaller output: no source maps, and the theme files every site repeats stored once.

Each site carries the theme's scripts, stylesheets and search languages, the same bytes in
every language and output (some 2.5 MB a site with Material). Before a build is published,
:func:`drop_source_maps` removes the themes' source maps, which only a developer's tools ask
for, and :func:`share_identical_files` makes every copy of a file under the sites' ``assets/``
a hard link to the first, so 100 sites hold the theme once. Published files are never edited
in place (each build writes a new folder), so sharing them is safe; where the file system has
no hard links, the copies stay.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["drop_source_maps", "share_identical_files"]

ASSETS = "assets"  # where the themes put their files, and the generator its stylesheet


def drop_source_maps(sites: Iterable[Path]) -> int:
    """Remove the ``*.map`` files under each site's ``assets/``; the bytes removed."""
    removed = 0
    for site in sites:
        for path in (site / ASSETS).rglob("*.map"):
            removed += path.stat().st_size
            path.unlink()
    return removed


def share_identical_files(sites: Iterable[Path]) -> int:
    """Hard-link each file under the sites' ``assets/`` to the first with the same bytes; the bytes saved."""
    first: dict[tuple[int, str], Path] = {}
    seen: set[tuple[int, int]] = set()  # files already read: a site carried over shares them
    saved = 0
    for site in sites:
        for path in sorted((site / ASSETS).rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            stat = path.stat()
            if (stat.st_dev, stat.st_ino) in seen:
                continue
            seen.add((stat.st_dev, stat.st_ino))
            original = first.setdefault((stat.st_size, _digest(path)), path)
            if original != path and _link(original, path):
                saved += stat.st_size
    return saved


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()  # theme files are small


def _link(original: Path, copy: Path) -> bool:
    """Replace ``copy`` by a hard link to ``original``, atomically; False where links are not possible."""
    temporary = copy.with_name(f".{copy.name}.link")
    try:
        os.link(original, temporary)
    except OSError:  # another file system, or none with hard links
        return False
    os.replace(temporary, copy)
    return True
