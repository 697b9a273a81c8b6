"""A MkDocs plugin that spares each site work that is the same for every site or every page.

Every language builds with the same theme, and MkDocs gives each build a new Jinja
environment: without a shared cache each site compiles Material's templates again (about
half a second a site). The plugin sets one bytecode cache on each environment through
MkDocs' own ``on_env`` event. Templates are found in it by name and source checksum, so
the copy of the handbook's overrides in each site's project compiles once, and an edited
template is compiled afresh.

Through the same event it gives the site's templates ``handbook_once``, for a ``{% call %}``
block: the block's output is kept by its key and given again, unrendered, for the same key.
The navigation override (``theme/mkdocs/partials/nav.html``) renders each link of the
navigation once per site with it. Neither changes what is built, only how fast; other engines,
which do not load MkDocs plugins, do without them.

Told where (``theme_files``), it also puts the theme's static files into each site as hard
links to one copy of each, instead of letting MkDocs copy them, and leaves out the source maps.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.plugins import BasePlugin

from ..render.jinja import kept_bytecode
from .mkdocs import THEME_BYTECODE

__all__ = ["PLUGIN_NAME", "TemplateCache", "place_theme_file"]

PLUGIN_NAME = "handbook-template-cache"  # its entry point in pyproject.toml


class Once:
    """What each ``{% call handbook_once(key...) %}`` block rendered, by its key: one site's pages."""

    def __init__(self) -> None:
        self.kept: dict[tuple[Hashable, ...], Any] = {}

    def __call__(self, *key: Hashable, caller: Callable[[], Any]) -> Any:
        if key not in self.kept:
            self.kept[key] = caller()
        return self.kept[key]


class TemplateCache(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # MkDocs has partial hints
    config_scheme = (
        ("theme_files", config_options.Type(str, default="")),
        ("bytecode", config_options.Type(str, default="")),  # where compiled templates are kept
    )

    def __init__(self) -> None:
        super().__init__()
        self.linked: list[Any] = []  # the theme's files this site links to instead of copying

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        """The theme's static files are left for :meth:`on_post_build`, its source maps out."""
        self.linked = []
        if not self.config["theme_files"]:
            return files
        theme_dirs = {os.path.normpath(folder) for folder in config.theme.dirs}
        for file in list(files):
            if file.src_dir is None or os.path.normpath(file.src_dir) not in theme_dirs:
                continue  # the site's own files: MkDocs copies them
            if file.is_documentation_page() or file.generated_by is not None:
                continue
            files.remove(file)
            if not file.src_uri.endswith(".map"):  # only a developer's tools read these
                self.linked.append(file)
        return files

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        kept = self.config["bytecode"]
        folder = Path(os.path.abspath(Path(config.config_file_path).parent / kept)) if kept else None
        env.bytecode_cache = kept_bytecode(folder) if folder is not None else THEME_BYTECODE
        env.globals["handbook_once"] = Once()  # a new one for each site's build
        return env

    def on_post_build(self, *, config: Any) -> None:
        shared = Path(config.config_file_path).parent / self.config["theme_files"]
        for file in self.linked:
            place_theme_file(Path(file.abs_src_path), Path(file.abs_dest_path), shared)
        self.linked = []


def place_theme_file(source: Path, destination: Path, shared: Path) -> None:
    """Put ``source`` at ``destination`` as a hard link to its one copy in ``shared``.

    The first site to need a file copies it there; the copy's name holds the source's path,
    size and modification time, so an edited file gets a copy of its own. Where hard links
    cannot be made, the file is copied, as MkDocs would.
    """
    stat = source.stat()
    key = hashlib.sha256(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    kept = shared / f"{key}-{source.name}"
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    try:
        if not kept.exists():
            _copy_once(source, kept)
        os.link(kept, temporary)
    except OSError:  # another file system, or one without hard links
        _copy_named(source, temporary)
    os.replace(temporary, destination)


def _copy_named(source: Path, destination: Path) -> None:
    """Copy a file; an error names the file it was writing (a full disk's, from the kernel, names none)."""
    try:
        shutil.copyfile(source, destination)
    except OSError as error:
        destination.unlink(missing_ok=True)
        if error.filename is None:
            raise OSError(error.errno, error.strerror, str(destination)) from None
        raise


def _copy_once(source: Path, kept: Path) -> None:
    """Copy ``source`` to ``kept`` unless another process got there first; never a partial file."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    temporary = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    _copy_named(source, temporary)
    try:
        os.link(temporary, kept)
    except FileExistsError:
        pass  # another worker's copy, of the same bytes
    finally:
        temporary.unlink()
