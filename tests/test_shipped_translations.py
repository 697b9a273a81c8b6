"""The sample's shipped translations: complete, clean, and read alike by every gettext tool."""

from __future__ import annotations

import io
import re
import subprocess
from html import unescape
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po

from generator.load.project import load_project
from generator.translate.catalog import catalog_path
from generator.translate.languages import translations_for
from generator.translate.localise import localise
from generator.translate.workflow import build_template, check_locales, locale_status

from .conftest import REPO
from .test_build import h1

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


def strings_read_by_polib(path: Path) -> dict[tuple[str | None, str], object]:
    def value(e: polib.POEntry) -> object:
        return tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural)) if e.msgstr_plural else e.msgstr

    # Obsolete entries (#~) are kept for translators, and neither reader uses them.
    return {(e.msgctxt, e.msgid): value(e) for e in polib.pofile(str(path)) if not e.obsolete}


def strings_read_by_babel(path: Path) -> dict[tuple[str | None, str], object]:
    catalog = read_po(io.BytesIO(path.read_bytes()))
    return {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string
        if isinstance(m.string, str)
        else tuple(m.string)
        for m in catalog
        if m.id
    }


@pytest.mark.parametrize("lang", SHIPPED)
def test_babel_and_polib_read_the_same_translations(lang: str) -> None:
    path = catalog_path(REPO, lang)
    assert strings_read_by_babel(path) == strings_read_by_polib(path)
    assert all(strings_read_by_polib(path).values())


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_page_title_reaches_the_built_site_translated(lang: str, sample_site: Path) -> None:
    project = load_project(REPO)
    translated = localise(project.handbook, translations_for(project, lang))
    for page in translated.pages:
        html = (sample_site / "handbook" / lang / page.id / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert h1(html) == page.title
        assert "hb-fallback" not in html  # nothing falls back to English
    community = (sample_site / "community" / lang / "index.html").read_text(encoding="utf-8")
    assert "hb-fallback" not in community


@pytest.mark.parametrize("lang", ["en", *SHIPPED])
def test_the_404_page_speaks_the_language_of_its_site(lang: str, sample_site: Path) -> None:
    if lang == "en":
        expected = "Page not found"
    else:
        expected = translations_for(load_project(REPO), lang).gettext("Page not found")
    for output in ("handbook", "community"):
        html = (sample_site / output / lang / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert h1(html) == expected


def html_text(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


@pytest.mark.parametrize("lang", ["en", *SHIPPED])
def test_each_language_has_the_whole_handbook_on_one_page(lang: str, sample_site: Path) -> None:
    project = load_project(REPO)
    handbook = localise(project.handbook, translations_for(project, lang))
    html = (sample_site / "handbook" / lang / "print" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 class="hb-part"[^>]*>(.*?)</h2>', html, re.S)
    sections = [html_text(re.sub(r'<a class="headerlink".*?</a>', "", heading)) for heading in headings]
    assert sections == [str(page.title) for page in handbook.pages]
    home = (sample_site / "handbook" / lang / "index.html").read_text(encoding="utf-8")
    assert 'href="print/"' in home  # it is in the navigation
