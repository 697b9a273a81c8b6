"""MkDocs hooks copied into every generated per-language project (``hooks:`` in its mkdocs.yml).

Every language of a handbook has the same pages at the same paths, so the
language selector can lead to the same page in each language. Just before a
page is rendered, this hook lists those links in ``extra.handbook_page_links``,
which the generator's override of Material's ``partials/alternate.html``
prints: plain links that work without JavaScript.

``extra.alternate`` stays at the language roots: Material's script fetches
``sitemap.xml`` next to each of those links.
"""

from __future__ import annotations

from typing import Any


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    config.extra["handbook_page_links"] = [
        {**language, "link": language["link"] + page.url} for language in config.extra.get("alternate") or []
    ]
    return context
