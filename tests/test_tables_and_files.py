"""Tables and downloadable files: what readers see in each language, and what each site publishes.

The all-blocks fixture has an expenses page, public, with a table of every kind of cell, a
public attachment (``content/files/expense-claim.pdf``, 2,500 bytes) and an internal one
(``content/files/forms/zqxinternal-checklist.txt``).
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load.project import load_project
from generator.model.blocks import Money
from generator.pipeline import build_project, build_site
from generator.render.markdown import Renderer
from generator.report.diff import content_diff
from generator.translate.catalog import catalog_path
from generator.translate.extract import extract_project
from generator.translate.localise import Translations
from generator.translate.workflow import init_language

from .conftest import PROJECTS, copy_project

FORM = "content/files/expense-claim.pdf"
CHECKLIST = "content/files/forms/zqxinternal-checklist.txt"
EXPENSES = "content/pages/expenses.yml"
# The fixture's own translations of a few strings of the expenses page (a file's "%(kind)s, %(size)s"
# comes translated with the generator).
TRANSLATED = {
    "fr": {
        "Expense": "Dépense",
        "Hotel in a capital city": "Hôtel dans une capitale",
    },
    "zh": {
        "Expense": "费用",
        "Hotel in a capital city": "首都酒店",
    },
}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def text_of(site: Path, page: str) -> str:
    """A built page's visible text, whitespace folded; CLDR's no-break spaces read as spaces."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").replace("\xa0", " ").split())


def html_of(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The all-blocks project in English, French and Chinese, a few strings translated, built once."""
    root = copy_project("all-blocks", tmp_path_factory.mktemp("tables"))
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr, zh]")
    for lang, translations in TRANSLATED.items():
        init_language(root, lang)
        catalog = polib.pofile(str(catalog_path(root, lang)))
        for msgid, msgstr in translations.items():
            entry = catalog.find(msgid)
            assert entry is not None, msgid
            entry.msgstr = msgstr
        catalog.save()
    build_site(root)
    return root


# --- Tables ---------------------------------------------------------------------------


def test_a_table_shows_amounts_numbers_dates_and_durations_as_each_language_writes_them(root: Path) -> None:
    site = root / "site"
    english = text_of(site, "handbook/en/expenses")
    for cell in ("€180.00", "€42.50", "$1,200.00", "1 month", "Jan 6, 2025", "1.50", "1,234.5"):
        assert cell in english
    french = text_of(site, "handbook/fr/expenses")
    for cell in ("180,00 €", "42,50 €", "1 200,00 $US", "1 mois", "6 janv. 2025", "1,50", "1 234,5"):
        assert cell in french
    chinese = text_of(site, "handbook/zh/expenses")
    for cell in ("€180.00", "US$1,200.00", "1个月", "2025年1月6日", "1,234.5"):
        assert cell in chinese


def test_headers_and_text_cells_are_translated(root: Path) -> None:
    assert "<th>Dépense</th>" in html_of(root / "site", "handbook/fr/expenses")
    assert "<td>Hôtel dans une capitale</td>" in html_of(root / "site", "handbook/fr/expenses")
    assert "<td>首都酒店</td>" in html_of(root / "site", "handbook/zh/expenses")


def test_numbers_line_up_on_the_right_and_text_on_the_left(root: Path) -> None:
    html = html_of(root / "site", "handbook/en/expenses")
    assert '<th style="text-align: right;">Limit</th>' in html
    assert '<th style="text-align: right;">Nights</th>' in html
    assert "<th>Claim within</th>" in html and "<th>Since</th>" in html


def test_a_bar_in_a_cell_stays_in_its_cell_and_an_empty_cell_stays_empty(root: Path) -> None:
    html = html_of(root / "site", "handbook/en/expenses")
    assert "<td>Meals | drinks</td>" in html
    row = html[html.index("<td>Taxi abroad</td>") :].split("</tr>")[0]
    assert row.count("<td") == 5 and "<td></td>" in row


def test_the_table_is_on_the_public_page_too(root: Path) -> None:
    public = text_of(root / "site", "community/fr")
    assert "Dépense" in public and "180,00 €" in public and "Amounts include VAT." in public


def test_text_cells_and_headers_reach_translators_with_where_they_are_used() -> None:
    catalog = extract_project(load_project(PROJECTS / "all-blocks"))
    cell = catalog.get("Hotel in a capital city")
    assert cell.auto_comments == ["page expenses: table block > rows > item"]
    assert catalog.get("Expense").auto_comments == ["page expenses: table block > columns > item > header"]
    assert catalog.get("Amounts include VAT.").auto_comments == ["page expenses: table block > note"]
    assert catalog.get("180") is None and catalog.get("2025-01-06") is None  # values are not text


def renderer(lang: str) -> Renderer:
    handbook = load_project(PROJECTS / "all-blocks").handbook
    return Renderer(handbook, lang, Translations.source(lang), None)


@pytest.mark.parametrize(
    ("lang", "amount", "currency", "shown"),
    [
        ("fr", "180", "EUR", "180,00\xa0€"),
        ("zh", "180", "EUR", "€180.00"),
        ("pl", "1234.5", "PLN", "1\xa0234,50\xa0zł"),
        ("en", "1500", "JPY", "¥1,500"),
        ("fr", "-42.5", "CHF", "-42,50\xa0CHF"),
    ],
)
def test_amounts_have_their_currency_s_decimals(lang: str, amount: str, currency: str, shown: str) -> None:
    assert renderer(lang).money(Money(Decimal(amount), currency)) == shown


def test_a_number_keeps_the_decimals_it_was_typed_with() -> None:
    french = renderer("fr")
    assert french.exact_number(Decimal("42.50")) == "42,50"
    assert french.exact_number(Decimal("1234567.125")) == "1\u202f234\u202f567,125"
    assert french.exact_number(Decimal("3")) == "3"


# --- Attachments ----------------------------------------------------------------------


def test_an_attachment_links_to_its_file_with_type_and_size_in_the_reader_s_language(root: Path) -> None:
    site = root / "site"
    english = html_of(site, "handbook/en/expenses")
    assert 'href="../files/expense-claim.pdf"' in english and ">expense-claim.pdf</a>" in english
    assert "(PDF, 2.5 kB)" in text_of(site, "handbook/en/expenses")
    assert "(PDF, 2,5 ko)" in text_of(site, "handbook/fr/expenses")
    assert "(PDF\N{FULLWIDTH COMMA}2.5 kB)" in text_of(site, "handbook/zh/expenses")
    assert 'href="../files/expense-claim.pdf"' in html_of(site, "handbook/en/print")
    assert 'href="files/expense-claim.pdf"' in html_of(site, "community/en")


def test_the_file_is_published_as_it_is_in_every_site_that_links_to_it(root: Path) -> None:
    form = (root / FORM).read_bytes()
    for site in ("handbook/en", "handbook/fr", "handbook/zh", "community/en", "community/fr", "community/zh"):
        assert (root / "site" / site / "files/expense-claim.pdf").read_bytes() == form, site


def test_an_internal_attachment_s_file_stays_out_of_the_public_site(root: Path) -> None:
    site = root / "site"
    assert (site / "handbook/en/files/forms/zqxinternal-checklist.txt").read_bytes() == (
        root / CHECKLIST
    ).read_bytes()
    assert "zqxinternal-checklist.txt" in html_of(site, "handbook/en/expenses")
    for lang in ("en", "fr", "zh"):
        assert not (site / f"community/{lang}/files/forms").exists()
        published = [p for p in (site / f"community/{lang}").rglob("*") if p.is_file()]
        assert not [p for p in published if "zqxinternal" in p.read_bytes().decode("utf-8", "replace")]


@pytest.mark.parametrize(
    ("size", "lang", "shown"),
    [
        (800, "en", "800 byte"),
        (800, "fr", "800\u202fo"),
        (120_000, "fr", "120\u202fko"),
        (1_500_000, "fr", "1,5\u202fMo"),
        (2_000_000, "ru", "2 МБ"),
        (120_000, "zh", "120 kB"),
    ],
)
def test_file_sizes_use_the_language_s_units(size: int, lang: str, shown: str) -> None:
    assert renderer(lang).file_size(size) == shown


def test_changing_a_file_rebuilds_the_sites_that_publish_it(tmp_path: Path) -> None:
    root = copy_project("all-blocks", tmp_path)
    site, work = root / "site", root / "build"
    build_project(load_project(root), site, work)
    assert build_project(load_project(root), site, work).built == []
    (root / FORM).write_bytes(b"%PDF-1.4\n% the new form\n")
    report = build_project(load_project(root), site, work)
    assert sorted(report.built) == ["community/en", "handbook/en"]
    assert (site / "handbook/en/files/expense-claim.pdf").read_bytes() == b"%PDF-1.4\n% the new form\n"
    assert "(PDF, 24 byte)" in text_of(site, "handbook/en/expenses")


def test_check_reports_a_missing_file_where_the_block_names_it(tmp_path: Path) -> None:
    root = copy_project("all-blocks", tmp_path)
    (root / FORM).unlink()
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1
    lines = (root / EXPENSES).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "file: expense-claim.pdf" in text)
    first = result.output.splitlines()[0]
    assert first.startswith(f"{EXPENSES}:{line}:11: no file {FORM}: put the file in content/files/"), first


def test_a_file_that_links_out_of_the_files_folder_is_refused(tmp_path: Path) -> None:
    root = copy_project("all-blocks", tmp_path)
    (root / FORM).unlink()
    os.symlink(root / "content/handbook.yml", root / FORM)  # inside the project, outside content/files/
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1
    assert f"{FORM} links to a place outside content/files/: copy the file itself there" in result.output


def test_an_addendum_s_attachment_is_published_and_its_missing_file_located(tmp_path: Path) -> None:
    root = copy_project("all-blocks", tmp_path)
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en]\naddenda: [office]")
    (root / "content/addenda").mkdir()
    addendum = root / "content/addenda/office.yml"
    addendum.write_text(
        "title: Office\n"
        "applies_to: the office\n"
        "pages:\n"
        "  expenses:\n"
        "    add:\n"
        "      - {type: attachment, file: office-form.pdf}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1
    expected = "content/addenda/office.yml:6:34: no file content/files/office-form.pdf"
    assert result.output.startswith(expected), result.output
    (root / "content/files/office-form.pdf").write_bytes(b"x" * 1200)
    build_site(root)
    assert (root / "site/handbook/en/files/office-form.pdf").read_bytes() == b"x" * 1200
    assert "(PDF, 1.2 kB)" in text_of(root / "site", "handbook/en/expenses")
    assert (root / "site/community/en/files/office-form.pdf").is_file()  # the page and block are public


def test_diff_shows_a_table_row_whose_values_changed(tmp_path: Path) -> None:
    old = load_project(PROJECTS / "all-blocks")
    root = copy_project("all-blocks", tmp_path)
    edit(root / EXPENSES, "limit: 180, notice: 1mo", "limit: 200, notice: 1mo")
    [changes] = [c for c in content_diff(old, load_project(root)) if c.page == "expenses"]
    hotel = "Expense: Hotel in a capital city; Limit: EUR {}; Claim within: 1mo; Since: 2025-01-06; Nights: 3"
    assert changes.changed == [(hotel.format(180), hotel.format(200))]
    assert changes.added == changes.removed == []
