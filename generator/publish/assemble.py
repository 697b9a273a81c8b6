"""Putting the shares of a build made on several machines together: ``handbook assemble``.

A large handbook can be built as N shards (``handbook build --shard K/N``), one per CI job,
each holding its share of the languages and the root pages of the whole build. Assembling
checks that the shards are the N shares of one build of the same inputs (the digest of the
whole build each records), then copies their sites into one site folder, with the root pages
(the same in every shard), the build state and the record of the whole build, and swaps it in
place as a build does. The result is the folder a single build on one machine would write,
byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import HandbookError, Location, Problem
from .incremental import STATE_FILE, link_tree, read_state, write_state
from .quick import RECORD_FILE, Record, read_record, record
from .shared_files import share_identical_files
from .swap import discard, publish, staging_dir

__all__ = ["assemble"]


def assemble(shards: list[Path], site_dir: Path) -> list[str]:
    """Merge the shard folders into ``site_dir``; the sites it now holds. Refuses shards that do not fit."""
    records = _records(shards)
    first = records[0][1]
    staging = staging_dir(site_dir)
    try:
        for folder, found in records:
            for site in found.sites:
                link_tree(folder / site, staging / site)  # a shard's files are never edited either
        for root_page in _root_pages(records):
            target = staging / root_page
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(records[0][0] / root_page, target)
        state: dict[str, str] = {}
        for folder, _ in records:
            state.update(read_state(folder))
        write_state(staging, state)
        sites = sorted(site for _, found in records for site in found.sites)
        share_identical_files(staging / site for site in sites)
        record(staging, Record(first.whole or "", first.folders, first.warnings, sites))
        publish(staging, site_dir)
    except BaseException:
        discard(staging)
        raise
    return sites


def _records(shards: list[Path]) -> list[tuple[Path, Record]]:
    """Each shard's record, checked: all shares of one build, each once, none missing."""
    found: list[tuple[Path, Record]] = []
    problems: list[Problem] = []
    for folder in shards:
        shard = read_record(folder)
        if shard is None or not shard.shard or not shard.whole:
            message = f"not the site folder of a shard (no {RECORD_FILE} of 'handbook build --shard K/N')"
            problems.append(Problem(Location(_shown(folder)), message))
        else:
            found.append((folder, shard))
    if problems:
        raise HandbookError(problems)
    first_folder, first = found[0]
    for folder, shard in found[1:]:
        if shard.whole != first.whole:
            message = (
                f"built from other inputs than {_shown(first_folder)} (content, catalogs, templates, "
                "generator, engine or options differ): build every shard from the same commit, with the "
                "same options"
            )
            problems.append(Problem(Location(_shown(folder)), message))
    if problems:
        raise HandbookError(problems)
    counts = {int(shard.shard.split("/")[1]) for _, shard in found if shard.shard}
    shares = sorted(int(shard.shard.split("/")[0]) for _, shard in found if shard.shard)
    total = counts.pop() if len(counts) == 1 else 0
    if not total or shares != list(range(1, total + 1)):
        given = ", ".join(f"{_shown(folder)} ({shard.shard})" for folder, shard in found)
        message = f"the shards must be 1/N to N/N of one build, each once; given: {given}"
        raise HandbookError([Problem(Location("command line"), message)])
    return found


def _root_pages(records: list[tuple[Path, Record]]) -> list[str]:
    """The pages outside the sites (``handbook/index.html``...): the same in every shard."""
    folder = records[0][0]
    pages = sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file()
        and path.name not in (STATE_FILE, RECORD_FILE)
        and not any(path.is_relative_to(folder / site) for site in records[0][1].sites)
    )
    for other, _ in records[1:]:
        for page in pages:
            if not (other / page).is_file() or (other / page).read_bytes() != (folder / page).read_bytes():
                message = f"its {page} differs from that of {_shown(folder)}: build every shard again"
                raise HandbookError([Problem(Location(_shown(other)), message)])
    return pages


def _shown(folder: Path) -> str:
    """A shard's folder as the command line named it."""
    return folder.as_posix()
