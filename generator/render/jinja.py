"""The Jinja settings the templates are read with, and where they are found.

Rendering and :mod:`generator.translate.extract` must parse templates the same
way, and find the same files, or a string found by one would be missed by the
other.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from ..model.registry import template_folders as block_template_folders

__all__ = ["BUILTIN_TEMPLATES", "JINJA_OPTIONS", "MemoryBytecodeCache", "template_folders"]


BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


def template_folders(project_templates: Path | None) -> list[Path]:
    """Where a template is looked for, first to last.

    The project's ``templates/`` (when there is one), the built-in templates, then the
    template folders of the block types other packages add, so that a project overrides
    any template and no package overrides a built-in one.
    """
    own = [project_templates] if project_templates is not None and project_templates.is_dir() else []
    return [*own, BUILTIN_TEMPLATES, *block_template_folders()]


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
    compile the same templates again. A template is found by its name and its
    source's checksum, not by its file: each site's generated project holds its own
    copy of the same theme overrides, and the same text compiles to the same code. An
    edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        checksum = self.get_source_checksum(source)
        bucket = Bucket(environment, f"{name}\0{checksum}", checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
