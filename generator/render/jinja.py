"""The Jinja settings the templates are read with, shared by rendering and extraction.

Rendering and :mod:`generator.translate.extract` must parse templates the same
way, or a string found by one would be missed by the other.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

__all__ = ["BUILTIN_TEMPLATES", "JINJA_OPTIONS", "MemoryBytecodeCache"]


BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


# Shared by the renderer and by extraction, so both read templates the same way.
JINJA_OPTIONS = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "newstyle_gettext": True,
}


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by every renderer in the process.

    Each (output, language) has its own environment; without this, each would
    compile the same templates again. Jinja checks the source checksum, so an
    edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
