"""Building sites: the sample end to end, where the sites go, and failed builds that change nothing."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import time
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from generator.errors import HandbookError
from generator.load.project import load_project
from generator.pipeline import build_site

from .conftest import REPO


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def h1(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert match, "page has no <h1>"
    text = re.sub(r'<a class="headerlink".*?</a>', "", match[1])  # the ¶ permalink
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def test_the_sample_builds_every_page_of_the_handbook(sample_site: Path) -> None:
    handbook = load_project(REPO).handbook
    for page in handbook.pages:
        text = (sample_site / "handbook" / "en" / page.id / "index.html").read_text(encoding="utf-8")
        assert h1(text) == page.title
        assert '<html lang="en"' in text
    home = (sample_site / "handbook" / "en" / "index.html").read_text(encoding="utf-8")
    assert h1(home) == handbook.meta.title
    for page in handbook.pages:  # the navigation lists every page
        assert f'href="{page.id}/"' in home


def test_every_page_s_navigation_leads_to_every_page_from_where_it_is_and_marks_its_own(
    sample_site: Path,
) -> None:
    # Links other than the current page's are rendered once per site and kept (the navigation
    # override): each page must still get links that work from its own folder.
    site = sample_site / "handbook" / "fr"
    pages = [*sorted(site.glob("*/index.html")), site / "index.html"]
    pages = [p for p in pages if p.parent.name != "search"]
    link = re.compile(r'<a href="([^"]*)" class="md-nav__link( md-nav__link--active)?">')
    for page in pages:
        html = page.read_text(encoding="utf-8")
        primary = html[html.index('<nav class="md-nav md-nav--primary"') : html.index('class="md-content')]
        links = [(href, active) for href, active in link.findall(primary) if not href.startswith("#")]
        targets = {(page.parent / href).resolve() for href, _ in links}
        assert targets == {p.parent.resolve() for p in pages}, page
        assert [(page.parent / h).resolve() for h, active in links if active] == [page.parent.resolve()]


def test_the_handbook_is_searchable(sample_site: Path) -> None:
    index = json.loads((sample_site / "handbook/en/search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    handbook = load_project(REPO).handbook
    assert {f"{page.id}/" for page in handbook.pages} <= locations
    assert index["config"]["lang"] == ["en"]


def test_the_sample_community_page_is_built(sample_site: Path) -> None:
    text = (sample_site / "community" / "en" / "index.html").read_text(encoding="utf-8")
    public = [p for p in load_project(REPO).handbook.pages if p.audience != "internal"]
    assert public, "the sample has a public page"
    assert h1(text) == public[0].title
    assert (sample_site / "community" / "en" / "sitemap.xml").is_file()


def test_language_index_pages_lead_to_each_built_language(sample_site: Path) -> None:
    for output in ("handbook", "community"):
        text = (sample_site / output / "index.html").read_text(encoding="utf-8")
        assert '<a href="en/" hreflang="en" lang="en">English</a>' in text


def test_pages_fetch_no_fonts_from_google(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert pages
    assert not [p for p in pages if "fonts.googleapis.com" in p.read_text(encoding="utf-8")]


def test_site_dir_chooses_where_the_sites_go(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    build_site(root, tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere/handbook/en/rules/index.html").is_file()
    assert (tmp_path / "elsewhere/community/en/index.html").is_file()
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("broken_file", "text", "reported"),
    [
        ("content/pages/rules.yml", "title: Rules\nblocks:\n  - type: nonsense\n", "unknown block type"),
        # MkDocs itself fails
        ("mkdocs.yml", "theme: material\nmarkdown_extensions: [no_such_extension]\n", "no_such_extension"),
    ],
)
def test_a_failed_build_leaves_the_existing_site_exactly_as_it_was(
    project: Callable[[str], Path], tmp_path: Path, broken_file: str, text: str, reported: str
) -> None:
    root = project("minimal")
    site = tmp_path / "site"
    build_site(root, site)
    before = tree_digest(site)
    (root / broken_file).write_text(text)
    with pytest.raises(HandbookError) as caught:
        build_site(root, site)
    assert reported in str(caught.value)
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal", "site"]  # no staging left behind


def test_a_rebuild_replaces_the_site(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    site = tmp_path / "site"
    build_site(root, site)
    path = root / "content/pages/rules.yml"
    path.write_text(path.read_text().replace("Be kind.", "Be patient."))
    build_site(root, site)
    text = (site / "handbook/en/rules/index.html").read_text(encoding="utf-8")
    assert "Be patient." in text
    assert "Be kind." not in text


def test_two_builds_of_the_same_input_are_identical(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    build_site(root, tmp_path / "one")
    time.sleep(1.1)  # gzip headers and sitemaps would carry the clock's time
    elsewhere = shutil.copytree(root, tmp_path / "elsewhere" / "copy")  # no path of the machine leaks in
    build_site(elsewhere, tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    # Without a site address MkDocs writes the sitemap, dated by the handbook's effective date.
    data = (tmp_path / "one/handbook/en/sitemap.xml.gz").read_bytes()
    assert int.from_bytes(data[4:8], "little") == 1768435200  # 2026-01-15, in the gzip header


def test_source_date_epoch_sets_the_build_date(
    project: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21
    build_site(project("minimal"), tmp_path / "site")
    data = (tmp_path / "site/community/en/sitemap.xml.gz").read_bytes()
    assert int.from_bytes(data[4:8], "little") == 1789948800  # that day at midnight, as MkDocs writes it


SELECTOR_LINK = r'<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+" target="_self" class="md-select__link">'


def test_the_language_selector_leads_to_the_same_page_in_each_language(sample_site: Path) -> None:
    languages = load_project(REPO).handbook.meta.languages
    for output in ("handbook", "community"):
        for lang in languages:
            root = sample_site / output / lang
            for page in root.rglob("index.html"):
                text = page.read_text(encoding="utf-8")
                path = page.parent.relative_to(root)
                selector = re.findall(SELECTOR_LINK, text)
                assert sorted(hreflang for _, hreflang in selector) == sorted(languages)
                for href, hreflang in selector:
                    target = (page.parent / href).resolve()
                    assert target == (sample_site / output / hreflang / path).resolve(), (page, href)
                    assert (target / "index.html").is_file()
                # <head> names the same page in each language, as search engines read it; Material's
                # script fetches the sitemap.xml beside each of those links, so each must exist.
                head = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', text)
                assert sorted(head) == sorted(selector)
                for href, _ in head:
                    assert (page.parent / href / "sitemap.xml").is_file(), (page, href)


def test_the_404_page_names_each_language_home_page(sample_site: Path) -> None:
    text = (sample_site / "handbook/fr/404.html").read_text(encoding="utf-8")
    head = re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', text)
    # the 404 page is served at any address, so its links start at the site's root path
    resolved = sorted((posixpath.normpath(href), lang) for href, lang in head)
    assert resolved == sorted(
        (f"/handbook/{lang}", lang) for lang in load_project(REPO).handbook.meta.languages
    )


def test_chinese_search_finds_words_not_just_characters(sample_site: Path) -> None:
    index = json.loads((sample_site / "handbook/zh/search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    # Material splits Chinese into words (jieba) with zero-width spaces, which its search separates on.
    assert "\u200b账号\u200b" in text
    assert "\\u200b" in index["config"]["separator"]  # the regex escape, as Material writes it


def test_sitemaps_list_every_page_with_its_other_languages(sample_site: Path) -> None:
    languages = load_project(REPO).handbook.meta.languages
    base = "https://handbook.larkmoor.example"  # site_url in the sample's mkdocs.yml
    for output in ("handbook", "community"):
        for lang in languages:
            site = sample_site / output / lang
            text = (site / "sitemap.xml").read_text(encoding="utf-8")
            assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
            pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")} - {"search"}
            listed = re.findall(r"<loc>(.*?)</loc>", text)
            assert sorted(listed) == sorted(f"{base}/{output}/{lang}/{p}/".replace("/./", "/") for p in pages)
            for other in languages:
                assert text.count(f'hreflang="{other}" href="{base}/{output}/{other}/') == len(listed)


def test_without_a_site_address_the_page_sitemaps_are_one_file_on_disk(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    """Without ``site_url`` each page's sitemap lists nothing: the same bytes, stored once."""
    build_site(project("minimal"), tmp_path / "site")
    sitemaps = sorted((tmp_path / "site/handbook/en").glob("*/sitemap.xml"))
    assert len(sitemaps) > 1
    assert len({path.stat().st_ino for path in sitemaps}) == 1
    assert "<url>" not in sitemaps[0].read_text(encoding="utf-8")


def test_section_anchors_are_readable_in_every_script(sample_site: Path) -> None:
    ids = re.findall(
        r'<h2 id="([^"]+)"', (sample_site / "handbook/zh/security/index.html").read_text("utf-8")
    )
    assert ids and all(re.search(r"[\u4e00-\u9fff]", anchor) for anchor in ids), ids  # not "_1", "_2"


def test_the_site_folder_is_readable_by_a_web_server(project: Callable[[str], Path], tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        build_site(project("minimal"), tmp_path / "site")
    finally:
        os.umask(mask)
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o755  # as any folder made under that umask


def test_the_sites_carry_no_source_maps_and_share_one_copy_of_each_theme_file(sample_site: Path) -> None:
    assert not list(sample_site.rglob("*.map"))  # only a developer's tools ask for them
    bundles = sorted(sample_site.glob("*/*/assets/javascripts/bundle.*.min.js"))
    assert len(bundles) == 10  # 2 outputs x 5 languages
    assert all(os.path.samefile(bundles[0], bundle) for bundle in bundles)  # one file, ten names
    on_disk = {
        (p.stat().st_dev, p.stat().st_ino): p.stat().st_size for p in sample_site.rglob("*") if p.is_file()
    }
    theme = sum(p.stat().st_size for p in sample_site.rglob("assets/**/*") if p.is_file())
    assert sum(on_disk.values()) < theme  # the theme files are counted once, not ten times


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_print_page_holds_every_page_s_body_with_unique_ids_and_links_inside_it(
    sample_site: Path, lang: str
) -> None:
    html = (sample_site / f"handbook/{lang}/print/index.html").read_text(encoding="utf-8")
    security = (sample_site / f"handbook/{lang}/security/index.html").read_text(encoding="utf-8")
    assert 'class="hb-print-body"' not in html  # every placeholder filled
    # A heading of the security page, a level down and with an id of the print page's own.
    heading = re.search(r'<h2 id="([^"]+)">(.*?)<a class="headerlink"', security)
    assert heading, security[:200]
    assert (
        f'<h3 id="security--{heading[1]}">{heading[2]}<a class="headerlink" href="#security--{heading[1]}"'
        in html
    )
    ids = re.findall(r'\bid="([^"]*)"', html)
    assert len(ids) == len(set(ids))  # unique, though pages share block ids and heading texts
    links = {unescape(href[1:]) for href in re.findall(r'href="(#[^"]+)"', html)}
    assert links and links <= {unescape(i) for i in ids}  # every link on the page leads to a place on it
    article = html[html.index("<article") : html.index("</article>")]  # the navigation aside
    assert not re.search(r'href="\.\./(security|escalation|legal)/', article)  # pages' links point inside


def test_the_print_page_s_markdown_is_not_converted_twice(sample_site: Path) -> None:
    markdown = (sample_site.parent / "build/handbook/en/docs/print.md").read_text(encoding="utf-8")
    page = (sample_site.parent / "build/handbook/en/docs/security.md").read_text(encoding="utf-8")
    assert '<div class="hb-print-body" data-page="security"></div>' in markdown
    assert len(markdown) < len(page)  # the cover, the contents and a heading per page; no bodies
