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
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from mkdocs.plugins import BasePlugin

from .mkdocs import THEME_BYTECODE

__all__ = ["PLUGIN_NAME", "TemplateCache"]

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
    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        env.bytecode_cache = THEME_BYTECODE
        env.globals["handbook_once"] = Once()  # a new one for each site's build
        return env
