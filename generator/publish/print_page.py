"""The print page, assembled from the pages the engine has already turned into HTML.

The print page (``print/``) shows every page of the handbook one after the other. Converting
all of that Markdown a second time was half of each handbook site's Markdown work, so the
print page's Markdown holds only its cover, its contents and, for each page, its heading and
a placeholder (``<div class="hb-print-body" data-page="rules"></div>``). Once the engine has
built the site, :func:`assemble_print_page` puts each page's body there, taken from that page's
own HTML (the ``hb-body`` element the built-in page template wraps it in; for a project's own
page template without it, the page's article without its title):

- headings one level down, under the page's own heading;
- every id made unique on the page, ``<page>--<id>``;
- links to a place on the same page, or to another page of the handbook, pointing inside
  the print page; other links are left as they are (the print page is as deep as every page,
  so relative links to files still lead where they did).
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["PLACEHOLDER", "assemble_print_page"]

PLACEHOLDER = re.compile(r'<div class="hb-print-body" data-page="([^"]+)"></div>')
_BODY = re.compile(r'<div class="hb-body">')
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')
_DIV = re.compile(r"<div\b|</div>")
_ARTICLE_TAG = re.compile(r"<article\b|</article>")
_FIRST_TITLE = re.compile(r"<h1\b.*?</h1>", re.S)
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'\bhref="([^"]*)"')
_PAGE_LINK = re.compile(r"^\.\./([^/#?]+)/(?:#(.*))?$")


def assemble_print_page(site: Path) -> None:
    """Fill the print page of a built handbook site with its pages' bodies."""
    path = site / "print" / "index.html"
    if not path.is_file():
        return
    html = path.read_text(encoding="utf-8")
    pages = set(PLACEHOLDER.findall(html))
    if not pages:
        return

    def body(match: re.Match[str]) -> str:
        page = match[1]
        return _moved(_body_of((site / page / "index.html").read_text(encoding="utf-8")), page, pages)

    path.write_text(PLACEHOLDER.sub(body, html), encoding="utf-8")


def _body_of(html: str) -> str:
    """A built page's body: its ``hb-body`` element's content, else its article without the title."""
    start = _BODY.search(html)
    if start is not None:
        return _inner(html, start.end(), _DIV)
    article = _ARTICLE.search(html)
    if article is None:
        return ""
    return _FIRST_TITLE.sub("", _inner(html, article.end(), _ARTICLE_TAG), count=1)


def _inner(html: str, start: int, tags: re.Pattern[str]) -> str:
    """What lies between ``start`` (just after an opening tag) and the tag that closes it."""
    depth = 1
    for tag in tags.finditer(html, start):
        depth += -1 if tag[0].startswith("</") else 1
        if depth == 0:
            return html[start : tag.start()]
    return html[start:]


def _moved(body: str, page: str, pages: set[str]) -> str:
    """A page's body as part of the print page: headings a level down, ids and links of the print page."""
    body = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", body)
    body = _ID.sub(lambda m: f'id="{page}--{m[1]}"', body)
    return _HREF.sub(lambda m: f'href="{_link(m[1], page, pages)}"', body)


def _link(href: str, page: str, pages: set[str]) -> str:
    if href.startswith("#"):
        return f"#{page}--{href[1:]}" if len(href) > 1 else f"#{page}"
    other = _PAGE_LINK.match(href)
    if other is not None and other[1] in pages:
        return f"#{other[1]}--{other[2]}" if other[2] else f"#{other[1]}"
    return href
