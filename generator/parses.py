"""Parses kept between builds, by the bytes they were parsed from.

A build reads every content file and every catalog again, though most have not changed.
A reader given a cache folder keeps what it parsed there, one file per source file, named
by the source's name and a digest of its bytes and of the reader's own code: the same bytes
read by the same reader give back the kept parse, anything else is parsed afresh. Only a
parse without problems is kept. A kept file that is missing, cut short or unreadable costs
a parse, and so does a folder that cannot be written. The folder is the build's own work
folder (``build/``), which the build alone writes; its pickles are read as the build's own
files, like the MkDocs projects it writes there.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import TypeVar

__all__ = ["keep_file", "keep_parse", "kept_parse"]

_T = TypeVar("_T")


def kept_parse(
    cache: Path, name: str, raw: bytes, readers: tuple[str, ...], kind: type[_T]
) -> tuple[Path, _T | None]:
    """Where the parse of ``raw`` (the file ``name``) is kept, and the parse kept there if there
    is one of type ``kind``. ``readers`` are the modules whose code decides what a parse is."""
    digest = hashlib.sha256(b"".join(map(_source_of, readers)) + raw).hexdigest()[:32]
    kept = cache / f"{hashlib.sha256(name.encode()).hexdigest()[:16]}-{digest}.pickle"
    try:
        with kept.open("rb") as file:
            value = pickle.load(file)
    except Exception:  # missing, cut short by a crash, or unreadable: parse the file instead
        return kept, None
    return kept, value if isinstance(value, kind) else None


def keep_parse(kept: Path, value: object) -> None:
    """Keep a parse at ``kept`` (see :func:`kept_parse`), atomically, in place of the file's earlier ones."""
    keep_file(kept, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def keep_file(kept: Path, data: bytes) -> None:
    """Write ``data`` to ``kept`` (named ``<source>-<digest>.<kind>``) atomically, and remove the
    same source's files of other digests. A folder that cannot be written only costs the keeping."""
    with contextlib.suppress(OSError):
        kept.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{kept.name}.{os.getpid()}.", dir=kept.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, kept)
        finally:
            Path(temporary).unlink(missing_ok=True)
        for earlier in kept.parent.glob(f"{kept.name.split('-')[0]}-*{kept.suffix}"):
            if earlier != kept:
                earlier.unlink(missing_ok=True)


@functools.cache
def _source_of(module: str) -> bytes:
    """A digest of a reader module's source: a changed reader never reads an older parse."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None  # the caller's own module
    return hashlib.sha256(Path(spec.origin).read_bytes()).digest()
