"""The sites in a real browser: Debian's Chromium driven by Playwright, as readers use them.

Every test runs once per engine (MkDocs with Material, and Zensical): readers get the same
features from both. Every page visited here is also checked for console errors and for
requests to any other origin, and a screenshot of each is kept in ``tests/artifacts/``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.load.project import load_project
from generator.pipeline import build_site
from generator.translate.catalog import read_catalog
from generator.translate.shipped import interface_catalog_path
from generator.translate.workflow import init_language

from .conftest import REPO, copy_project
from .test_locales import edit, translate

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "tests" / "artifacts"
LANGUAGES = load_project(REPO).handbook.meta.languages
# A word of each language found on the security page. Material matches words by prefix, so a base
# form finds its inflected forms: "фишинг" finds "фишинга", "uwierzytelni" finds "uwierzytelniania";
# the French word stands in the text as "d'hameçonnage".
SEARCHES = {"en": "phishing", "fr": "hameçonnage", "pl": "uwierzytelni", "ru": "фишинг", "zh": "钓鱼"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session", params=["mkdocs", "zensical"])
def engine(request: pytest.FixtureRequest) -> str:
    """The engine the sites of a test are built with: every browser test runs with each."""
    return str(request.param)


@pytest.fixture(scope="session")
def engine_site(engine: str, sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's sites as ``engine`` builds them (MkDocs': the session's shared build)."""
    if engine == "mkdocs":
        return sample_site
    root = copy_project("sample", tmp_path_factory.mktemp(f"sample-{engine}"))
    build_site(root, engine=engine)
    return root / "site"


@pytest.fixture(scope="session")
def origin(engine_site: Path) -> Iterator[str]:
    """The sample's sites, served on a local port."""
    yield from serve(engine_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'make test', which installs it")
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run"]  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=flags)
        yield browser
        browser.close()


class Visit:
    """A browser tab that records what a reader would not want: errors and foreign requests."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page, self.origin = page, origin
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._request)

    def _request(self, request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if not url.startswith((self.origin, "data:", "blob:")):
            self.foreign.append(url)

    def open(self, path: str) -> Page:
        self.page.goto(self.origin + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.fixture
def visit(browser: Browser, origin: str, request: pytest.FixtureRequest) -> Iterator[Callable[..., Visit]]:
    visits: list[Visit] = []

    def open_tab(site_origin: str = origin, **options: object) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        tab = Visit(context.new_page(), site_origin)
        visits.append(tab)
        return tab

    yield open_tab
    for number, tab in enumerate(visits):
        tab.shot(f"{request.node.name}-{number}".replace("/", "_"))
        assert tab.errors == [], f"console errors: {tab.errors}"
        assert tab.foreign == [], f"requests to other origins: {tab.foreign}"
        tab.page.context.close()


def test_the_language_switch_lands_on_the_same_page(visit: Callable[..., Visit]) -> None:
    page = visit().open("/handbook/en/security/")
    page.click(".md-header__option .md-select > button")
    page.click('.md-select__link[hreflang="fr"]')
    page.wait_for_url("**/handbook/fr/security/")
    assert page.get_attribute("html", "lang") == "fr"


def test_the_root_sends_readers_to_their_browsers_language(visit: Callable[..., Visit]) -> None:
    page = visit(locale="pl-PL").open("/handbook/")
    page.wait_for_url("**/handbook/pl/")
    assert page.get_attribute("html", "lang") == "pl"


def search(page: Page, engine: str, words: str) -> list[str]:
    """Type ``words`` in the search box as a reader does; the addresses of the results."""
    if engine == "zensical":  # a search button opens Zensical's dialog (Playwright sees into its shadow DOM)
        page.click("[data-md-component=search] button")
        page.locator("input[role=combobox]").fill(words)
        page.wait_for_selector("a[role=option]")
        return [a.get_attribute("href") or "" for a in page.query_selector_all("a[role=option]")]
    box = page.locator("input.md-search__input")
    box.fill(words)
    box.press("End")  # Material searches on key events; filling alone sends none
    page.wait_for_selector(".md-search-result__item")
    return [a.get_attribute("href") or "" for a in page.query_selector_all(".md-search-result__item > a")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_the_right_page_in_each_language(
    visit: Callable[..., Visit], engine: str, lang: str
) -> None:
    page = visit().open(f"/handbook/{lang}/")
    links = search(page, engine, SEARCHES[lang])
    assert any(re.search(rf"/handbook/{lang}/security/", link) for link in links), links
    assert all(f"/handbook/{lang}/" in link for link in links), links  # only pages of this language


@pytest.fixture(scope="session")
def arabic_origin(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway right-to-left locale: the minimal project in Arabic."""
    root = copy_project("minimal", tmp_path_factory.mktemp("arabic"))
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, ar]")
    init_language(root, "ar")
    translate(root, {"Rules": "القواعد", "Be kind.": "كن لطيفا."}, lang="ar")
    build_site(root, engine=engine)
    yield from serve(root / "site")


def test_a_right_to_left_language_reads_right_to_left(
    visit: Callable[..., Visit], arabic_origin: str
) -> None:
    page = visit(arabic_origin).open("/handbook/ar/rules/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    navigation = page.locator(".md-sidebar--primary").bounding_box()
    content = page.locator(".md-content").bounding_box()
    assert navigation and content and navigation["x"] > content["x"]  # the navigation is on the right


@pytest.fixture(scope="session")
def french_origin(engine: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal project in French, with a block title left untranslated."""
    root = copy_project("minimal", tmp_path_factory.mktemp("french"))
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    rules = root / "content/pages/rules.yml"
    edit(rules, "  - type: do_dont\n", "  - type: do_dont\n    title: Everyday conduct\n")
    init_language(root, "fr")
    translate(root, {"Rules": "Règles", "Not yet translated": "Pas encore traduit"})
    build_site(root, engine=engine)
    yield from serve(root / "site")


def test_the_table_of_contents_shows_an_untranslated_heading_marked(
    visit: Callable[..., Visit], french_origin: str
) -> None:
    page = visit(french_origin).open("/handbook/fr/rules/")
    toc = page.locator('.md-sidebar--secondary a[href="#everyday-conduct"]')
    assert toc.is_visible()
    marked = toc.locator(".hb-fallback")
    assert marked.get_attribute("lang") == "en"  # read out in English
    assert marked.evaluate("e => getComputedStyle(e, '::after').content") == '" (Pas encore traduit)"'


@pytest.mark.parametrize("path", ["/handbook/en/security/", "/handbook/zh/print/", "/community/ru/"])
def test_printing_leaves_out_the_navigation(visit: Callable[..., Visit], path: str) -> None:
    page = visit().open(path)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("article h1").is_visible()


@pytest.mark.parametrize("lang", ["fr", "zh"])
def test_the_pdf_link_on_the_home_page_serves_that_languages_pdf(
    visit: Callable[..., Visit], lang: str
) -> None:
    page = visit().open(f"/handbook/{lang}/")
    link = page.locator('a[href$=".pdf"]')
    assert link.is_visible()
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    assert link.evaluate("a => a.href").endswith(f"/handbook/{lang}/handbook-{lang}.pdf")


def test_the_print_page_shows_the_pdf_link_on_screen_and_prints_the_cover_alone(
    visit: Callable[..., Visit],
) -> None:
    page = visit().open("/handbook/en/print/")
    assert page.locator('a[href$=".pdf"]').is_visible()
    page.emulate_media(media="print")
    assert not page.locator('a[href$=".pdf"]').is_visible()  # no link on paper
    breaks = page.evaluate(
        """() => [".hb-cover", ".hb-contents", "h2.hb-part"].map(
            (s) => { const css = getComputedStyle(document.querySelector(s));
                     return [css.breakAfter, css.breakBefore]; })"""
    )
    assert breaks == [["page", "auto"], ["page", "auto"], ["auto", "page"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_accessibility_violations(visit: Callable[..., Visit], lang: str) -> None:
    tab = visit()
    for path in (f"/handbook/{lang}/", f"/handbook/{lang}/personal-accounts/", f"/community/{lang}/"):
        page = tab.open(path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run()).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)"""
        )
        assert violations == [], f"{path}: {violations}"


@pytest.mark.parametrize(("scheme", "expected"), [("light", "default"), ("dark", "slate")])
def test_the_configured_palette_colours_the_header_in_the_reader_s_scheme(
    visit: Callable[..., Visit], scheme: str, expected: str
) -> None:
    page = visit(color_scheme=scheme).open("/handbook/en/")
    assert page.get_attribute("body", "data-md-color-scheme") == expected  # mkdocs.yml's palette
    assert page.get_attribute("body", "data-md-color-primary") == "indigo"
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(64, 81, 181)", header  # Material's indigo, in either scheme


def test_a_missing_page_answers_in_the_reader_s_language_and_leads_home(visit: Callable[..., Visit]) -> None:
    french = {e.msgid: e.msgstr for e in read_catalog(interface_catalog_path("fr"))}
    page = visit().open("/handbook/fr/404.html")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("article h1").inner_text() == french["Page not found"]
    page.click(f"text={french['Go to the home page']}")
    page.wait_for_url("**/handbook/fr/")


def test_the_sitemap_pairs_each_page_with_its_other_languages(engine_site: Path) -> None:
    sitemap = (engine_site / "handbook/fr/sitemap.xml").read_text(encoding="utf-8")
    base = "https://handbook.larkmoor.example/handbook"
    for lang in LANGUAGES:
        assert f'hreflang="{lang}" href="{base}/{lang}/security/"' in sitemap


def test_a_word_on_one_page_is_found_once_not_again_on_the_print_page(
    visit: Callable[..., Visit], engine: str
) -> None:
    page = visit().open("/handbook/en/")
    links = search(page, engine, "authenticator")  # said once, on the security page
    found = {re.sub(r"[?#].*", "", link) for link in links}  # a result may list its page's sections
    assert len(found) == 1, links
    assert found.pop().endswith("/handbook/en/security/"), links
