"""Synthetic handbook projects for the benchmark: any number of languages, pages and blocks.

Every page has its own strings (so catalogs grow with the handbook, as real
ones do), one page in ten is public, and every language has a complete
catalog made with the generator's own ``locales init``, so plural forms are
right for each language.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import yaml

from generator.translate.catalog import catalog_path
from generator.translate.workflow import extract, init_language

# Fifty languages, source first; the first five are the sample's.
LANGUAGES = [
    *("en", "fr", "pl", "zh", "ru", "de", "es", "it", "pt", "nl", "uk", "cs", "sk", "sl", "hr", "sr", "bg"),
    *("ro", "hu", "el", "tr", "fi", "sv", "da", "nb", "is", "et", "lv", "lt", "ga", "cy", "ca", "eu"),
    *("gl", "ja", "ko", "ar", "he", "fa", "hi", "bn", "th", "vi", "id", "ms", "sw", "af", "sq", "mk", "hy"),
]

SENTENCE = (
    "Staff who post for the organisation on page {page} follow rule {block}.{item}: "
    "check the facts, name the source, and ask the social media team when in doubt."
)


def page(number: int, blocks: int) -> dict:
    """One page: text, do and don't lists and callouts in turn, every string its own."""

    def text(block: int, item: int = 0) -> str:
        return SENTENCE.format(page=number, block=block, item=item)

    kinds = []
    for block in range(blocks):
        kind = ("text", "do_dont", "callout", "expectations")[block % 4]
        if kind == "text":
            kinds.append({"type": "text", "title": f"Section {number}.{block}", "body": f"**{text(block)}**"})
        elif kind == "do_dont":
            kinds.append(
                {
                    "type": "do_dont",
                    "do": [text(block, i) for i in range(3)],
                    "dont": [text(block, i) for i in range(3, 6)],
                }
            )
        elif kind == "callout":
            kinds.append({"type": "callout", "style": "warning", "body": text(block), "audience": "internal"})
        else:
            kinds.append({"type": "expectations", "items": [text(block, i) for i in range(3)]})
    return {
        "title": f"Policy page {number}",
        "summary": f"What page {number} of the policy asks of everyone.",
        "audience": "both" if number % 10 == 0 else "internal",
        "blocks": kinds,
    }


def generate(root: Path, languages: int, pages: int, blocks: int = 8) -> Path:
    """A complete project at ``root``: content, mkdocs.yml and a translated catalog per language."""
    if root.exists():
        shutil.rmtree(root)
    langs = LANGUAGES[:languages]
    ids = [f"page-{n:03d}" for n in range(pages)]
    (root / "content/pages").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("theme:\n  name: material\n", encoding="utf-8")
    meta = {
        "organisation": "Example Group",
        "title": "Social media policy",
        "version": "1.0",
        "effective_date": "2026-01-15",
        "source_language": "en",
        "languages": langs,
        "owner": "hr",
        "pages": ids,
    }
    _dump(root / "content/handbook.yml", meta)
    contacts = {"contacts": [{"id": "hr", "name": "People team", "email": "people@example.org"}]}
    _dump(root / "content/contacts.yml", contacts)
    for number, page_id in enumerate(ids):
        _dump(root / f"content/pages/{page_id}.yml", page(number, blocks))
    extract(root)
    for lang in langs[1:]:
        init_language(root, lang)
        translate(catalog_path(root, lang), lang)
    return root


def translate(path: Path, lang: str) -> None:
    """Fill every entry with a stand-in translation that keeps placeholders and Markdown."""
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if entry.msgid_plural:
            entry.msgstr_plural = {i: f"[{lang}] {entry.msgid_plural}" for i in entry.msgstr_plural}
        elif entry.msgid:
            entry.msgstr = f"[{lang}] {entry.msgid}"
    catalog.save()


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
