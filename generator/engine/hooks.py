"""MkDocs hooks copied into every generated per-language project (``hooks:`` in its mkdocs.yml).

Every language of a handbook has the same pages at the same paths, so each
page can name its own translations. Just before a page is rendered, this hook
points ``extra.alternate`` at the same page in every language: Material prints
those as ``<link rel="alternate" hreflang>`` in the page head, and the
generator's override of ``partials/alternate.html`` prints them as the
language selector, plain links that work without JavaScript. After the page,
the language roots come back, so the 404 page (served at any address) links
to the home pages.

Material's script fetches ``sitemap.xml`` next to each alternate link, so the
generator writes one into every page folder (see ``generator.publish.sitemap``), and
the links stay relative: absolute ones would send every preview of the site to
the production host. The sitemaps carry the absolute pairs search engines use.
"""

from __future__ import annotations

from typing import Any


def on_config(config: Any) -> Any:
    config.extra["handbook_language_roots"] = list(config.extra.get("alternate") or [])
    return config


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    config.extra["alternate"] = [
        {**language, "link": language["link"] + page.url}
        for language in config.extra["handbook_language_roots"]
    ]
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    config.extra["alternate"] = config.extra["handbook_language_roots"]
    return output
