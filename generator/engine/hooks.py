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
the page (a ``hb-fallback`` span, with its ``lang`` and label, or the block
around an untranslated Markdown body that holds it); Python-Markdown's ``toc``
keeps only its text for the table of contents, so once the page is rendered
this hook gives each such entry the heading's marked HTML. Page titles stay
plain text: they come from the front matter, which also makes the ``<title>``,
the header, the footer's ``aria-label`` and the search results, where markup
would be shown or read out as such and no part can carry a ``lang``.
"""

from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser
from typing import Any

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_LINK_TAG = re.compile(r"</?a\b[^>]*>")
_MARK = ("class", "lang", "dir", "data-label")  # what a fallback mark carries
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


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
    if "hb-fallback" in html:
        permalink = (config["mdx_configs"].get("toc") or {}).get("permalink_class", "headerlink")
        _mark_toc(page.toc, dict(_fallback_headings(html, permalink)))
    return html


def _fallback_headings(html: str, permalink: str) -> list[tuple[str, str]]:
    """The id and marked HTML of each heading shown in the source language, without its links."""
    own_link = re.compile(rf'<a\b[^>]*class="{re.escape(permalink)}"[^>]*>.*?</a>', re.S)
    around = _MarksAround()
    around.feed(html)
    around.close()
    found = []
    for _, attributes, inner in _HEADING.findall(html):
        heading_id = _ID.search(attributes)
        if heading_id is None:
            continue
        key = unescape(heading_id[1])
        # A link cannot sit inside the table of contents' own link: its text stays, the tags go.
        text = _LINK_TAG.sub("", own_link.sub("", inner)).strip()
        if "hb-fallback" in inner:
            found.append((key, text))
        elif key in around.marks:
            mark = around.marks[key]
            attributes = " ".join(f'{name}="{escape(mark[name])}"' for name in _MARK if name in mark)
            found.append((key, f"<span {attributes}>{text}</span>"))
    return found


class _MarksAround(HTMLParser):
    """The fallback mark of the element around each heading, by the heading's id, where there is one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str] | None]] = []  # each open element, and the mark it is in
        self.marks: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        values = {name: value or "" for name, value in attrs}
        outer = self.open[-1][1] if self.open else None
        if outer is not None and re.fullmatch(r"h[1-6]", tag) and "id" in values:
            self.marks[values["id"]] = outer
        own = values if "hb-fallback" in values.get("class", "").split() else None
        self.open.append((tag, own or outer))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return


def _mark_toc(items: Any, marked: dict[str, str]) -> None:
    for item in items:
        if item.id in marked:
            item.title = marked[item.id]  # the entry's HTML, printed as such by the theme
        _mark_toc(item.children, marked)
