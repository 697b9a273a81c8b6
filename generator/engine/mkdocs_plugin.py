"""A MkDocs plugin that shares compiled theme templates between the sites one process builds.

Every language builds with the same theme, and MkDocs gives each build a new Jinja
environment: without a shared cache each site compiles Material's templates again (about
half a second a site). The plugin sets one bytecode cache on each environment through
MkDocs' own ``on_env`` event. Templates are found in it by name and source checksum, so
the copy of the handbook's overrides in each site's project compiles once, and an edited
template is compiled afresh. It changes nothing in what is built, only how fast, and other
engines, which do not load MkDocs plugins, do without it.
"""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import BasePlugin

from .mkdocs import THEME_BYTECODE

__all__ = ["PLUGIN_NAME", "TemplateCache"]

PLUGIN_NAME = "handbook-template-cache"  # its entry point in pyproject.toml


class TemplateCache(BasePlugin):  # type: ignore[type-arg,no-untyped-call]  # MkDocs has partial hints
    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        env.bytecode_cache = THEME_BYTECODE
        return env
