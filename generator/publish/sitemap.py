"""Sitemaps that tell search engines every language of every page.

Each site (``<output>/<lang>/``) gets a ``sitemap.xml`` listing its pages, each
with ``<xhtml:link rel="alternate" hreflang>`` to the same page in the other
languages, and the same content gzipped. Sitemaps need absolute addresses, so
they are written only when ``mkdocs.yml`` sets ``site_url``. They carry no
dates, and the gzip header no timestamp, so the same input gives the same bytes.

Every page folder also gets a ``sitemap.xml`` of that one page. Each page's
head names its translations (``<link rel="alternate" hreflang>``), and
Material's script fetches ``sitemap.xml`` next to each of those links; without
the file, every page view would log failed requests. Without ``site_url`` the
page sitemaps list nothing, which is still a valid sitemap.
"""

from __future__ import annotations

import contextlib
import gzip
import os
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import quoteattr

__all__ = ["page_paths", "sitemap", "write_page_sitemaps", "write_sitemap"]


def page_paths(markdown_files: Iterable[str]) -> list[str]:
    """Site-relative URLs of the pages built from these Markdown files (directory URLs).

    >>> page_paths(["index.md", "rules.md"])
    ['', 'rules/']
    """
    paths = []
    for name in sorted(markdown_files):
        if name.endswith(".md"):
            stem = name[: -len(".md")]
            paths.append("" if stem == "index" else f"{stem}/")
    return paths


def sitemap(site_url: str | None, output: str, lang: str, langs: list[str], paths: list[str]) -> str:
    """The sitemap of one site; ``site_url`` is the address of the folder holding every output.

    With no address the sitemap lists no page: sitemaps only take absolute addresses.
    """
    base = (site_url or "").rstrip("/")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path in paths if site_url else []:
        lines.append(f"<url><loc>{_escape(f'{base}/{output}/{lang}/{path}')}</loc>")
        for other in langs:
            href = quoteattr(f"{base}/{output}/{other}/{path}")
            lines.append(f'  <xhtml:link rel="alternate" hreflang="{other}" href={href}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(site_dir: Path, text: str) -> None:
    """``sitemap.xml`` and ``sitemap.xml.gz`` (with no timestamp in the gzip header)."""
    data = text.encode("utf-8")
    (site_dir / "sitemap.xml").write_bytes(data)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))


def write_page_sitemaps(
    site_dir: Path, site_url: str | None, output: str, lang: str, langs: list[str], paths: list[str]
) -> None:
    """A one-page ``sitemap.xml`` in the folder of every page but the home page (the site's own is there).

    Without ``site_url`` they are all the same: one is written and the others are hard links to
    it, where the file system has them (creating a file costs some fifty times a link).
    """
    written: dict[str, Path] = {}
    for path in paths:
        if path:
            text = sitemap(site_url, output, lang, langs, [path])
            destination = site_dir / path / "sitemap.xml"
            if text in written:
                with contextlib.suppress(OSError):
                    os.link(written[text], destination)
                    continue
            destination.write_text(text, encoding="utf-8")
            written[text] = destination


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
