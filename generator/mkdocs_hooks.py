"""MkDocs hooks copied into every generated per-language project (``hooks:`` in its mkdocs.yml).

Every language of a handbook has the same pages at the same paths, so the
language selector and the ``<link rel="alternate" hreflang>`` tags can point
at the same page in each language. Material builds both from
``extra.alternate``; this hook sets it, page by page, just before the page is
rendered. The result is plain links: they work without JavaScript.
"""

from __future__ import annotations

from typing import Any


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    languages = config.extra.get("handbook_languages") or []
    config.extra["alternate"] = [
        {"name": language["name"], "lang": language["lang"], "link": language["root"] + page.url}
        for language in languages
    ]
    return context
