"""A Python-Markdown extension: a heading shown in the source language keeps its mark in the contents.

A heading left untranslated is marked in the page: a ``hb-fallback`` span around its text,
with its ``lang`` and label, or the block around an untranslated Markdown body that holds
it. Python-Markdown's ``toc`` keeps only a heading's text for the table of contents; this
extension runs after it and gives each such entry the heading's marked HTML, so the
right-hand table of contents shows the same mark as the page. It is an ordinary Markdown
extension (``markdown_extensions:``), which every engine that renders with Python-Markdown
loads; no engine is patched.

Page titles stay plain text: they come from the front matter, which also makes the
``<title>``, the header and the search results, where markup would be shown as such.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

__all__ = ["FallbackMarks", "makeExtension"]

_HEADING = re.compile(r"h[1-6]")
_LINK_TAG = re.compile(r"</?a\b[^>]*>")
_MARK = ("class", "lang", "dir", "data-label")  # what a fallback mark carries
_AFTER_TOC = 4  # the toc extension's treeprocessor runs at priority 5


class FallbackMarks(Extension):  # type: ignore[misc]  # markdown has no type hints
    """Marks the table of contents' entries of headings shown in the source language."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_MarkEntries(md), "handbook_toc_marks", _AFTER_TOC)


class _MarkEntries(Treeprocessor):  # type: ignore[misc]
    def run(self, root: etree.Element) -> None:
        tokens = getattr(self.md, "toc_tokens", None)
        if tokens:
            _mark(tokens, _marks_around(root))


def _marks_around(root: etree.Element) -> dict[str, dict[str, str]]:
    """The fallback mark of the element around each heading, by the heading's id, where there is one."""
    marks: dict[str, dict[str, str]] = {}

    def walk(element: etree.Element, mark: dict[str, str] | None) -> None:
        if "hb-fallback" in (element.get("class") or "").split():
            mark = {name: element.get(name) or "" for name in _MARK if name in element.attrib}
        heading = isinstance(element.tag, str) and _HEADING.fullmatch(element.tag)
        if mark is not None and heading and element.get("id"):
            marks[element.get("id") or ""] = mark
        for child in element:
            walk(child, mark)

    walk(root, None)
    return marks


def _mark(tokens: list[dict[str, Any]], marks: dict[str, dict[str, str]]) -> None:
    for token in tokens:
        inner = str(token.get("html", ""))
        if "hb-fallback" in inner:
            # A link cannot sit inside the table of contents' own link: its text stays, the tags go.
            token["name"] = token["html"] = _LINK_TAG.sub("", inner).strip()
        elif token["id"] in marks:
            mark = marks[token["id"]]
            attributes = " ".join(f'{name}="{escape(value)}"' for name, value in mark.items())
            # MkDocs shows a token's name, Zensical its html: both carry the mark.
            token["name"] = token["html"] = f"<span {attributes}>{token['name']}</span>"
        _mark(token.get("children", []), marks)


def makeExtension(**kwargs: Any) -> FallbackMarks:
    return FallbackMarks(**kwargs)
