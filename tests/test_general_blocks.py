"""The general blocks, contacts, faq, steps and definitions, as readers, translators and HR see them.

The all-blocks fixture has a page "Speaking up" using all four; it is built here in English
and Polish, with a Polish catalog translating a few of its strings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import polib
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.pipeline import build_site
from generator.translate.catalog import catalog_path, read_catalog, write_catalog
from generator.translate.workflow import extract, init_language

from .conftest import PROJECTS, copy_project

PROTECTED = (
    "Nobody may be punished for a report made in good faith.\n\nSee [whistleblower](#term-whistleblower).\n"
)
POLISH = {
    "Speaking up": "Zgłaszanie nieprawidłowości",
    "Whistleblower": "Sygnalista",
    "Will I be protected?": "Czy będę chroniony?",
    PROTECTED: (
        "Nikt nie może zostać ukarany za zgłoszenie dokonane w dobrej wierze.\n\n"
        "Zob. [sygnalista](#term-whistleblower).\n"
    ),
    "Contact: %(contact)s": "Kontakt: %(contact)s",
    "Within: %(duration)s": "Termin: %(duration)s",
}
WORKING_DAYS = ["%(num)s dzień roboczy", "%(num)s dni robocze", "%(num)s dni roboczych"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The all-blocks project in English and Polish, built once."""
    root = copy_project("all-blocks", tmp_path_factory.mktemp("general"))
    meta = root / "content/handbook.yml"
    meta.write_text(meta.read_text().replace("languages: [en]", "languages: [en, pl]"), encoding="utf-8")
    init_language(root, "pl")
    path = catalog_path(root, "pl")
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid in POLISH:
            entry.msgstr = POLISH[entry.msgid]
        elif entry.msgid == "%(num)s working day":
            entry.msgstr_plural = dict(enumerate(WORKING_DAYS))
    write_catalog(path, catalog)
    build_site(root)
    return root


def html(project: Path, path: str) -> str:
    return (project / "site" / path / "index.html").read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """Visible text, whitespace folded (no-break spaces too), roughly as a reader sees it."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).replace("\xa0", " ").split())


# --- Contacts -------------------------------------------------------------------------


def test_the_public_page_lists_only_the_public_contacts_of_a_contacts_block(project: Path) -> None:
    handbook = text_of(html(project, "handbook/en/speaking-up"))
    community = text_of(html(project, "community/en"))
    for public in ("Speak-up line", "Anonymous reports, any time of day", "Financial Regulator"):
        assert public in handbook
        assert public in community
    for internal in ("Noor Haddad", "integrity@example.org", "Concerns you would rather raise in person"):
        assert internal in handbook
        assert internal not in community
    assert "Where to raise a concern" in community


def test_an_internal_block_of_a_public_page_stays_in_the_handbook(project: Path) -> None:
    assert "Send it to the integrity officer." in html(project, "handbook/en/speaking-up")
    assert "Send it to the integrity officer." not in html(project, "community/en")


# --- Questions and answers ----------------------------------------------------------------


def test_each_question_is_its_own_search_result(project: Path) -> None:
    index = json.loads((project / "site/handbook/en/search/search_index.json").read_text(encoding="utf-8"))
    found = {doc["location"]: doc for doc in index["docs"]}
    question = found["speaking-up/#can-i-stay-anonymous"]
    assert question["title"] == "Can I stay anonymous?"
    assert "never tells us who you are" in question["text"]


def test_questions_and_answers_print_open_on_the_print_page(project: Path) -> None:
    printed = html(project, "handbook/en/print")
    # The page's ids, made the print page's own: each carries its page's id.
    start = printed.index('<h3 id="speaking-up--questions-and-answers">')
    block = printed[start : printed.index('<h3 id="speaking-up--raising-a-concern">')]
    assert '<h4 id="speaking-up--can-i-stay-anonymous">Can I stay anonymous?' in block
    assert "The <strong>speak-up line</strong> never tells us who you are." in block
    assert "<details" not in block  # nothing to open before printing


# --- Steps ----------------------------------------------------------------------------------


def test_a_deadline_reads_with_the_plural_form_of_each_language(project: Path) -> None:
    polish = text_of(html(project, "handbook/pl/speaking-up"))
    assert "Termin: 10 dni roboczych" in polish  # the catalog's "many" form
    assert "Termin: 3 miesiące" in polish  # CLDR's "few" form
    assert "Termin: 1 miesiąc" in polish
    assert "Kontakt: Noor Haddad" in polish  # a person's name as written


def test_steps_are_numbered_in_the_order_written(project: Path) -> None:
    page = html(project, "handbook/en/speaking-up")
    start = page.index("<ol>", page.index('<h2 id="raising-a-concern">'))
    steps = page[start : page.index("</ol>", start)]
    items = [text_of(item) for item in steps.split("<li>")[1:]]
    assert [item.split(".")[0] for item in items] == [
        "Write down what you saw, when and who was involved",
        "Send it to the integrity officer",
        "You receive feedback on what was done",
        "If nothing was done, write to the regulator",
    ]
    assert items[0] == "Write down what you saw, when and who was involved."  # no contact, no deadline
    assert items[3] == "If nothing was done, write to the regulator. Within: 1 month"


# --- Definitions ------------------------------------------------------------------------------


def test_a_term_keeps_its_anchor_in_every_language(project: Path) -> None:
    polish = html(project, "handbook/pl/speaking-up")
    assert '<dt id="term-whistleblower">Sygnalista</dt>' in polish
    assert '<a href="#term-whistleblower">sygnalista</a>' in polish  # a link the translator kept


def test_terms_stay_in_the_order_written(project: Path) -> None:
    terms = re.findall(r'<dt id="([^"]+)"', html(project, "handbook/en/speaking-up"))
    assert terms == ["term-whistleblower", "term-good-faith"]


# --- Extraction -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(project: Path) -> polib.POFile:
    extract(project)
    return polib.pofile(str(project / "locales/handbook.pot"))


@pytest.mark.parametrize(
    ("msgid", "comment"),
    [
        ("Where to raise a concern", "page speaking-up: contacts block > title"),
        (
            "Concerns you would rather raise in person",
            "page speaking-up: contacts block > contacts > contact zqxinternal-integrity > for",
        ),
        ("Can I stay anonymous?", "page speaking-up: faq block > questions > question"),
        (
            "Yes. The **speak-up line** never tells us who you are.",
            "page speaking-up: faq block > questions > answer",
        ),
        ("Send it to the integrity officer.", "page speaking-up: steps block > steps > action"),
        ("Good faith", "page speaking-up: definitions block > terms > term"),
        (
            "You believe what you report is true.\n\nYou need not be certain.\n",
            "page speaking-up: definitions block > terms > meaning",
        ),
    ],
)
def test_each_text_is_its_own_string_for_translators_with_where_it_is_used(
    template: polib.POFile, msgid: str, comment: str
) -> None:
    entry = template.find(msgid)
    assert entry is not None, f"{msgid!r} not extracted"
    assert " ".join(entry.comment.split()) == comment  # long comments are wrapped in the file
    assert ("content/pages/speaking-up.yml", "") in entry.occurrences


def test_contact_data_of_the_general_blocks_is_never_extracted(template: polib.POFile, project: Path) -> None:
    text = (project / "locales/handbook.pot").read_text(encoding="utf-8")
    for data in ("Noor Haddad", "integrity@example.org", "+44 20 7946 0002", "+44 800 000 0003",
                 "speakup.example.org", "reports@regulator.example", 'msgid "term-'):  # fmt: skip
        assert data not in text
    assert template.find("Speak-up line") is not None  # a team's name is text
    assert template.find("Integrity officer") is not None  # and so is a role


# --- Editing ----------------------------------------------------------------------------------


def test_the_page_schema_knows_the_general_blocks_and_wants_for(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    schema = json.loads((tmp_path / "schema/page.schema.json").read_text(encoding="utf-8"))
    page = yaml.safe_load((PROJECTS / "all-blocks/content/pages/speaking-up.yml").read_text(encoding="utf-8"))
    jsonschema.validate(page, schema)
    page["blocks"][0]["contacts"][0] = {"contact": "someone", "for_": "Pay"}  # the Python name is refused
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(page, schema)
    assert schema["$defs"]["ContactPurpose"]["required"] == ["contact", "for"]
