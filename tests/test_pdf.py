"""The handbook as a PDF per language: what an employee sees when they open, read and print it.

The sample asks for PDFs (``pdf: true``), so the shared sample build has one per
language; the smaller cases use the minimal fixture project.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.dates import format_date
from pypdf import PageObject, PdfReader

from generator.errors import HandbookError
from generator.load.project import load_project
from generator.pipeline import build_site
from generator.publish.pdftext import searchable_cmap
from generator.translate.languages import translations_for
from generator.translate.localise import Translations

from .conftest import REPO

META = load_project(REPO).handbook.meta
LANGUAGES = META.languages


def pdf_of(site: Path, lang: str) -> Path:
    return site / "handbook" / lang / f"handbook-{lang}.pdf"


def text_of(page: PageObject) -> str:
    """A sheet's text as a search finds it, NFKC: a ligature Chromium draws (ﬃ) reads as its letters."""
    return unicodedata.normalize("NFKC", page.extract_text())


def flat(text: str) -> str:
    """Text without white space (PDF text extraction breaks lines where the layout does), and NFKC
    like ``text_of``, so that an expected text compares with the PDF's (Chinese full-width commas)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@functools.cache
def shipped(lang: str) -> Translations:
    return translations_for(load_project(REPO), lang)


def translate(lang: str, message: str) -> str:
    return message if lang == META.source_language else shipped(lang).gettext(message)


def handbook(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def ask_for_pdf(root: Path) -> None:
    handbook_yml = root / "content" / "handbook.yml"
    handbook_yml.write_text(handbook_yml.read_text(encoding="utf-8") + "pdf: true\n", encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_pdf_that_opens_with_a_cover(lang: str, sample_site: Path) -> None:
    reader = PdfReader(pdf_of(sample_site, lang))
    cover = flat(text_of(reader.pages[0]))
    title = translate(lang, str(META.title))
    assert flat(META.organisation) in cover
    assert flat(title) in cover
    assert flat(translate(lang, "Version %(version)s") % {"version": META.version}) in cover
    assert flat(format_date(META.effective_date, "long", locale=lang)) in cover
    assert reader.metadata.title == title  # what a PDF reader shows in its title bar
    assert reader.metadata.creation_date.date() == META.effective_date  # the same input, the same file


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_sheet_is_numbered(lang: str, sample_site: Path) -> None:
    reader = PdfReader(pdf_of(sample_site, lang))
    total = len(reader.pages)
    assert total > 10
    for number, page in enumerate(reader.pages, start=1):
        assert f"{number} / {total}" in text_of(page)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_contents_link_to_each_page_inside_the_pdf(lang: str, sample_site: Path) -> None:
    reader = PdfReader(pdf_of(sample_site, lang))
    destinations = {name.lstrip("/"): reader.get_destination_page_number(d)
                    for name, d in reader.named_destinations.items()}  # fmt: skip
    contents = reader.pages[1]
    links = [a.get_object()["/Dest"] for a in contents.get("/Annots", []) if "/Dest" in a.get_object()]
    handbook = load_project(REPO).handbook
    assert [str(link).lstrip("/") for link in links] == [page.id for page in handbook.pages]
    for link in links:
        target = reader.pages[destinations[str(link).lstrip("/")]]
        heading = translate(lang, str(handbook.page(str(link).lstrip("/")).title))
        assert flat(text_of(target)).startswith(flat(heading))  # each page starts a new sheet


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Font name -> whether its glyphs are in the file (a font program, or Type 3 glyph drawings)."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                if "/FontDescriptor" in part:
                    descriptor = part["/FontDescriptor"].get_object()
                    programs = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())
                    fonts[str(descriptor["/FontName"])] = bool(programs) or "/CharProcs" in part
    return fonts


def test_chinese_is_drawn_with_an_embedded_cjk_font_and_stays_searchable(sample_site: Path) -> None:
    reader = PdfReader(pdf_of(sample_site, "zh"))
    fonts = embedded_fonts(reader)
    assert any("CJK" in name for name in fonts), f"no CJK font among {sorted(fonts)}"
    assert all(fonts.values()), fonts  # every font travels with the file
    text = "".join(page.extract_text() for page in reader.pages)  # not text_of: NFKC turns ⽉ into 月
    # Noto CJK draws 月 and the radical ⽉ with one glyph: searching the PDF must find 月.
    assert re.findall("[\u2e80-\u2fdf\uf900-\ufaff]", text) == []
    assert flat(format_date(META.effective_date, "long", locale="zh")) in flat(text)  # 2025年1月6日
    for page in load_project(REPO).handbook.pages:
        assert flat(translate("zh", str(page.title))) in flat(text)


def test_collapsed_sections_are_printed_open(sample_site: Path) -> None:
    html = (sample_site / "handbook" / "en" / "print" / "index.html").read_text(encoding="utf-8")
    hidden = re.findall(r"<details[^>]*>.*?</summary>(.*?)</details>", html, re.S)
    assert hidden, "the sample has collapsed sections"
    text = flat("".join(text_of(page) for page in PdfReader(pdf_of(sample_site, "en")).pages))
    for fragment in hidden:
        words = flat(re.sub(r"<[^>]+>", " ", fragment).replace("&amp;", "&"))[:60]
        assert words in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_and_the_print_page_link_to_the_pdf(lang: str, sample_site: Path) -> None:
    site = sample_site / "handbook" / lang
    label = translate(lang, "Download the handbook as PDF")
    for page in (site / "index.html", site / "print" / "index.html"):
        links = re.findall(r'<a href="([^"]+\.pdf)"[^>]*>([^<]+)</a>', page.read_text(encoding="utf-8"))
        assert len(links) == 1, page
        href, text = links[0]
        assert text == label
        assert (page.parent / href).resolve() == pdf_of(sample_site, lang).resolve()


def test_handbook_pdf_prints_a_project_that_does_not_ask_and_the_next_build_drops_link_and_file(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    made = handbook("pdf", cwd=root)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1] == "PDF: site/handbook/en/handbook-en.pdf"
    assert PdfReader(pdf_of(root / "site", "en")).pages
    assert "handbook-en.pdf" in (root / "site/handbook/en/index.html").read_text(encoding="utf-8")
    again = handbook("pdf", cwd=root)
    assert again.stdout.startswith("Nothing to do"), again.stdout  # the PDF is kept like the site
    built = handbook("build", cwd=root)  # the project does not ask for PDFs
    assert built.returncode == 0, built.stderr
    assert not pdf_of(root / "site", "en").exists()
    assert "handbook-en.pdf" not in (root / "site/handbook/en/index.html").read_text(encoding="utf-8")


def test_the_same_input_prints_the_same_pdf(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    ask_for_pdf(root)
    build_site(root, tmp_path / "one")
    build_site(root, tmp_path / "two")
    assert pdf_of(tmp_path / "one", "en").read_bytes() == pdf_of(tmp_path / "two", "en").read_bytes()


def test_without_a_browser_the_build_names_the_setting_and_keeps_the_site(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    built = handbook("build", cwd=root)
    assert built.returncode == 0, built.stderr
    before = (root / "site/handbook/en/index.html").read_bytes()
    ask_for_pdf(root)
    line = len((root / "content/handbook.yml").read_text(encoding="utf-8").splitlines())
    failed = handbook("build", cwd=root, CHROMIUM=str(root / "no-such-browser"))
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    first = failed.stderr.splitlines()[0]
    assert first.startswith(f"content/handbook.yml:{line}:") and "did not start" in first, failed.stderr
    assert (root / "site/handbook/en/index.html").read_bytes() == before
    assert not pdf_of(root / "site", "en").exists()


def test_a_browser_that_fails_is_a_located_error_and_nothing_is_written(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project("minimal")
    monkeypatch.setenv("CHROMIUM", "/bin/false")
    with pytest.raises(HandbookError) as raised:
        build_site(root, pdf=True)
    [problem] = raised.value.problems
    assert str(problem.location) == "content/handbook.yml"  # the project does not ask; the command did
    assert "Chromium at /bin/false did not start" in problem.message
    assert not (root / "site").exists()


def test_a_text_table_naming_radicals_is_rewritten_to_name_the_ideographs() -> None:
    # Codes 01-03 map through a range onto ⽇ ⽈ ⽉ (Kangxi radicals); code 04 onto ⻛.
    table = (
        "begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        "1 beginbfchar\n<04> <2EDB>\nendbfchar\n1 beginbfrange\n<01> <03> <2F47>\nendbfrange\nendcmap\n"
    )
    rewritten = searchable_cmap(table)
    assert rewritten is not None
    assert re.findall(r"<(\w+)> <(\w+)>\n", rewritten.split("endcodespacerange")[1]) == [
        ("01", "65E5"),  # 日
        ("02", "66F0"),  # 曰
        ("03", "6708"),  # 月
        ("04", "98CE"),  # 风
    ]
    assert rewritten.startswith("begincmap\n1 begincodespacerange") and rewritten.endswith("endcmap\n")
    assert searchable_cmap(table.replace("2EDB", "98CE").replace("2F47", "65E5")) is None  # nothing to fix


def _running_children() -> list[str]:
    """The commands of this process's children that are still running (Playwright's driver, say), sorted."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
    return sorted(found)


def test_a_browser_started_for_pages_that_never_come_is_closed_and_no_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import datetime, timezone

    from generator.errors import Location
    from generator.publish.pdf import Printer

    setting, date = Location("content/handbook.yml", 3), datetime(2026, 1, 1, tzinfo=timezone.utc)
    before = _running_children()  # the browser tests' own, say
    with Printer(setting, date) as printer:
        printer.start()  # then the build failed, or every site was carried over: nothing to print
    assert _running_children() == before
    monkeypatch.setenv("CHROMIUM", "/bin/false")
    with Printer(setting, date) as printer:
        printer.start()
        printer.print([])  # a browser that does not start is no matter then
    assert _running_children() == before
