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

A heading shown in the source language for want of a translation is marked in
the page (a ``hb-fallback`` span, with its ``lang`` and label); Python-Markdown's
``toc`` keeps only its text for the table of contents, so once the page is
rendered this hook gives each such entry the heading's own marked HTML. Page
titles stay plain text: they come from the front matter, which also makes the
``<title>``, the header, the footer's ``aria-label`` and the search results,
where markup would be shown or read out as such and no part can carry a ``lang``.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_LINK_TAG = re.compile(r"</?a\b[^>]*>")


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


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    permalink = (config["mdx_configs"].get("toc") or {}).get("permalink_class", "headerlink")
    marked = dict(_fallback_headings(html, permalink))
    if marked:
        _mark_toc(page.toc, marked)
    return html


def _fallback_headings(html: str, permalink: str) -> list[tuple[str, str]]:
    """The id and inner HTML of each heading holding a fallback mark, without its links."""
    own_link = re.compile(rf'<a\b[^>]*class="{re.escape(permalink)}"[^>]*>.*?</a>', re.S)
    found = []
    for _, attributes, inner in _HEADING.findall(html):
        heading_id = _ID.search(attributes)
        if heading_id and "hb-fallback" in inner:
            # A link cannot sit inside the table of contents' own link: its text stays, the tags go.
            text = _LINK_TAG.sub("", own_link.sub("", inner)).strip()
            found.append((unescape(heading_id[1]), text))
    return found


def _mark_toc(items: Any, marked: dict[str, str]) -> None:
    for item in items:
        if item.id in marked:
            item.title = marked[item.id]  # the entry's HTML, printed as such by the theme
        _mark_toc(item.children, marked)
