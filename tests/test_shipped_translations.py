"""The sample's shipped translations: complete, clean, and read alike by every gettext tool."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po

from generator.catalog import catalog_path
from generator.load import load_project
from generator.locales import build_template, check_locales, locale_status
from generator.localise import Translations, localise

from .conftest import REPO

SHIPPED = ["fr", "pl", "ru", "zh"]


def test_every_configured_language_has_a_catalog() -> None:
    meta = load_project(REPO).handbook.meta
    assert sorted(meta.languages) == sorted(["en", *SHIPPED])
    assert all(catalog_path(REPO, lang).is_file() for lang in SHIPPED)


def test_the_shipped_catalogs_are_up_to_date_complete_and_clean() -> None:
    status = {s.lang: s for s in locale_status(REPO)}
    assert sorted(status) == SHIPPED
    for lang in SHIPPED:
        assert (status[lang].fuzzy, status[lang].untranslated) == (0, 0), lang
    assert [str(p) for p in check_locales(REPO)] == []


@pytest.mark.parametrize("lang", SHIPPED)
def test_gnu_msgfmt_accepts_the_catalog_with_nothing_fuzzy_or_untranslated(lang: str) -> None:
    path = catalog_path(REPO, lang)
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    total = len([e for e in build_template(load_project(REPO)) if e.msgid])
    assert result.stderr.strip() == f"{total} translated messages."


@pytest.mark.parametrize("lang", SHIPPED)
def test_babel_and_polib_read_the_same_translations(lang: str) -> None:
    path = catalog_path(REPO, lang)
    by_polib = {
        (e.msgctxt, e.msgid): (e.msgstr_plural and tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural)))
        or e.msgstr
        for e in polib.pofile(str(path))
    }
    by_babel = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string if isinstance(m.string, str) else tuple(m.string)
        for m in read_po(io.BytesIO(path.read_bytes()))
        if m.id
    }
    assert by_babel == by_polib
    assert all(by_polib.values())


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_page_title_reaches_the_built_site_translated(lang: str, sample_site: Path) -> None:
    handbook = load_project(REPO).handbook
    translated = localise(handbook, Translations.from_catalog(lang, polib.pofile(str(catalog_path(REPO, lang)))))
    for page in translated.pages:
        html = (sample_site / "handbook" / lang / page.id / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert re.search(r"<h1[^>]*>" + re.escape(str(page.title).replace("'", "&#x27;")), html) or str(page.title) in html
        assert "hb-fallback" not in html  # nothing falls back to English
    community = (sample_site / "community" / lang / "index.html").read_text(encoding="utf-8")
    assert "hb-fallback" not in community
