"""The Jinja settings the templates are read with, and where they are found.

Rendering and :mod:`generator.translate.extract` must parse templates the same
way, and find the same files, or a string found by one would be missed by the
other.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from ..model.registry import template_folders as block_template_folders
from ..parses import keep_file

__all__ = ["BUILTIN_TEMPLATES", "JINJA_OPTIONS", "MemoryBytecodeCache", "kept_bytecode", "template_folders"]


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
    """Compiled templates shared by every renderer in the process, and kept in ``folder`` if given.

    Each (output, language) has its own environment; without this, each would
    compile the same templates again. A template is found by its name and its
    source's checksum, not by its file: each site's generated project holds its own
    copy of the same theme overrides, and the same text compiles to the same code. An
    edited template is compiled afresh, and so is one compiled by another version of Jinja
    or in an environment that compiles differently (see :func:`_compiled_by`).

    Kept in a folder, compiled templates serve the next build's processes too: each
    process otherwise compiles every template it uses once (a twentieth of a build's work).
    A kept file that is missing, cut short or unwritable only costs a compile.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.store: dict[str, bytes] = {}
        self.folder = folder

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        checksum = self.get_source_checksum(source)
        # The checksum last: a kept file is replaced by the compile of its edited source.
        bucket = Bucket(environment, f"{name}\0{_compiled_by(environment)}\0{checksum}", checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key not in self.store and self.folder is not None:
            with contextlib.suppress(OSError):
                self.store[bucket.key] = self._kept(bucket.key).read_bytes()
        if bucket.key in self.store:
            try:
                bucket.bytecode_from_string(self.store[bucket.key])
            except Exception:  # a file cut short: compiled again, and kept again
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.store[bucket.key] = data
        if self.folder is not None:  # in place of the same template's compile from an earlier source
            keep_file(self._kept(bucket.key), data)

    def _kept(self, key: str) -> Path:
        assert self.folder is not None
        template = hashlib.sha256(key.rpartition("\0")[0].encode()).hexdigest()[:16]
        return self.folder / f"{template}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.bytecode"


@functools.cache
def kept_bytecode(folder: Path) -> MemoryBytecodeCache:
    """The bytecode cache kept in ``folder``: one per folder in a process, shared by its environments."""
    return MemoryBytecodeCache(folder)


def _compiled_by(env: Environment) -> str:
    """What decides a template's compiled code besides its source: Jinja's version and Python's,
    the environment's syntax settings, and which filters and tests it has and what they are passed."""
    autoescape = (
        env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "?")
    )
    settings = (
        tuple(getattr(env, option) for option in _SYNTAX),
        autoescape,
        None if env.finalize is None else getattr(env.finalize, "jinja_pass_arg", ""),
        tuple(env.extensions),
        getattr(env, "newstyle_gettext", None),
        tuple((name, getattr(function, "jinja_pass_arg", None)) for name, function in env.filters.items()),
        tuple((name, getattr(function, "jinja_pass_arg", None)) for name, function in env.tests.items()),
    )
    return _digest_of(settings)


@functools.lru_cache(maxsize=64)
def _digest_of(settings: tuple[Any, ...]) -> str:
    """The settings' digest, with Jinja's and Python's versions (the same in every process that has them)."""
    return hashlib.sha256(repr((jinja2.__version__, sys.version_info[:2], settings)).encode()).hexdigest()[
        :16
    ]


_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)
