"""Knowing that nothing changed, before anything heavy is imported or validated.

A build that finds every site up to date should cost what starting Python costs. The full
check (:mod:`generator.publish.incremental`) loads and validates the whole project first;
this module decides from bytes alone. After a successful build, :func:`record` writes into the
site folder a digest of everything the build read: the project's input folders (``content/``,
``templates/``, ``locales/``, ``mkdocs.yml`` and the theme folder ``mkdocs.yml`` names), the
generator's own files, the versions of the engines and of the packages that add block types,
``SOURCE_DATE_EPOCH``, and the command's options. :func:`up_to_date` computes the same digest
and compares: the same digest means the same build, so its sites are kept as they are, and the
warnings the build printed are printed again. Anything else, a missing site, or a build that
was interrupted, takes the full path.

It imports the standard library only.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import distributions
from importlib.util import find_spec
from pathlib import Path

from ..engine.engines import ENGINES

__all__ = [
    "RECORD_FILE",
    "Record",
    "add_tree",
    "build_options",
    "generator_stamp",
    "input_digest",
    "read_record",
    "record",
    "up_to_date",
]

RECORD_FILE = ".handbook-inputs.json"
INPUTS = ("content", "templates", "locales", "mkdocs.yml")
PACKAGE = Path(__file__).parent.parent


@dataclass(frozen=True)
class Record:
    """What a successful build read, and what it printed and made."""

    digest: str
    folders: list[str]  # the project's input folders, relative to it
    warnings: list[str]
    sites: list[str]
    shard: str | None = None  # "K/N" for one share of the sites (handbook build --shard)
    whole: str | None = None  # a shard's: the digest of the whole build it is a share of


def build_options(
    langs: Iterable[str], pdf: bool | None, engine: str | None, shard: str | None = None
) -> dict[str, object]:
    """The options of a build that change what it makes, as the command line gave them."""
    options: dict[str, object] = {"langs": sorted(langs), "pdf": pdf, "engine": engine}
    return {**options, "shard": shard} if shard else options


def input_digest(root: Path, folders: list[str], options: dict[str, object]) -> str:
    """The digest of everything a build of ``root`` with ``options`` reads."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    digest.update(generator_stamp().encode())
    for folder in folders:
        add_tree(digest, root, root / folder)
    return digest.hexdigest()


@cache
def generator_stamp() -> str:
    """The generator's own files, the versions of the engines, and the packages that add block types."""
    digest = hashlib.sha256(", ".join(engine.versions() for engine in ENGINES.values()).encode())
    add_tree(digest, PACKAGE.parent, PACKAGE)
    for package in _block_packages(digest):
        spec = find_spec(package)  # a top-level package: found, not imported
        if spec is not None and spec.origin and Path(spec.origin).name == "__init__.py":
            add_tree(digest, Path(spec.origin).parent.parent, Path(spec.origin).parent)
    return digest.hexdigest()


def _block_packages(digest: hashlib._Hash) -> list[str]:
    """The packages other than the generator that add block types; their entry points go into ``digest``.

    Only the distributions that declare ``handbook.blocks`` are parsed, which is what keeps this quick.
    """
    packages: set[str] = set()
    for dist in sorted(distributions(), key=lambda d: str(d.metadata["Name"])):
        text = dist.read_text("entry_points.txt") or ""
        if "[handbook.blocks]" not in text:
            continue
        digest.update(f"\0{dist.metadata['Name']} {dist.version}\0{text}".encode())
        section = text.split("[handbook.blocks]", 1)[1].split("\n[", 1)[0]
        for line in section.splitlines():
            if "=" in line:
                packages.add(line.split("=", 1)[1].strip().split(":")[0].split(".")[0])
    return sorted(packages - {PACKAGE.name})


def add_tree(digest: hashlib._Hash, root: Path, path: Path) -> None:
    """Every file at or below ``path``, by its name relative to ``root``, with its bytes."""
    if path.is_file():
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*") if "__pycache__" not in p.parts and p.is_file())
    else:
        files = []
    digest.update(f"\0{path.name}:{len(files)}".encode())
    for file in files:
        digest.update(f"\0{file.relative_to(root).as_posix()}\0".encode())
        digest.update(file.read_bytes())


def read_record(site_dir: Path) -> Record | None:
    try:
        data = json.loads((site_dir / RECORD_FILE).read_text(encoding="utf-8"))
        shard, whole = data.get("shard"), data.get("whole")
        return Record(
            str(data["digest"]),
            list(data["folders"]),
            list(data["warnings"]),
            list(data["sites"]),
            str(shard) if shard else None,
            str(whole) if whole else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def up_to_date(root: Path, site_dir: Path, options: dict[str, object]) -> Record | None:
    """The record of the last build when this one would read the very same inputs; else None."""
    found = read_record(site_dir)
    if found is None or _interrupted(site_dir):
        return None
    if not all((site_dir / site).is_dir() for site in found.sites):
        return None
    return found if input_digest(root, found.folders, options) == found.digest else None


def _interrupted(site_dir: Path) -> bool:
    """Whether a build left its staging or old folder beside the site (the full path cleans up)."""
    parent, name = site_dir.parent, site_dir.name
    return any(parent.glob(f".{name}.staging-*")) or any(parent.glob(f".{name}.old*"))


def record(site_dir: Path, found: Record) -> None:
    """Write what a successful build read; a record that cannot be written only costs a full check."""
    data: dict[str, object] = {
        "digest": found.digest,
        "folders": found.folders,
        "warnings": found.warnings,
        "sites": sorted(found.sites),
    }
    if found.shard:
        data.update(shard=found.shard, whole=found.whole)
    path = site_dir / RECORD_FILE
    temporary = path.with_name(f"{RECORD_FILE}.{os.getpid()}")
    try:
        temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
