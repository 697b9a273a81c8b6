"""Contacts are people or teams: a person's name is shown as written, a team's name is translated."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import polib
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.pipeline import build_site
from generator.translate.catalog import catalog_path
from generator.translate.workflow import extract, init_language

from .conftest import REPO
from .test_locales import edit, translate

TEAM_COMMENT = "team name (shown wherever pages name this contact)"
PEOPLE_AND_TEAMS = """\
contacts:
  - id: hr
    team: People team
    role: Owns this policy
    email: people@example.org
  - id: care
    team: {text: Customer care, note: The help desk customers write to.}
    email: care@example.org
    audience: public
  - id: ceo
    person: Zofia Brzęczyszczykiewicz
    role: Chief Executive
    email: zofia.b@example.org
    phone: "+44 20 7946 0777"
    handle: "@zofia_ceo"
    url: https://social.example/zofia
accounts:
  - id: x
    network: X
    handle: "@example"
    url: https://social.example/example
"""


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def one_line(comment: str) -> str:
    """An extracted comment as written, before the catalog wrapped it."""
    return " ".join(comment.split())


def cli(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(arguments))
    return result.exit_code, result.output


# --- What translators get ----------------------------------------------------------------


def test_team_names_are_extracted_with_their_place_and_people_s_data_never(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    (root / "content/contacts.yml").write_text(PEOPLE_AND_TEAMS, encoding="utf-8")
    extract(root)
    pot = polib.pofile(str(catalog_path(root)))
    entries = {e.msgid: e for e in pot}
    assert entries["People team"].comment == f"contact hr: {TEAM_COMMENT}"
    assert entries["People team"].occurrences == [("content/contacts.yml", "")]
    assert entries["Customer care"].comment.splitlines() == [
        "Note: The help desk customers write to.",
        f"contact care: {TEAM_COMMENT}",
    ]
    assert entries["Owns this policy"].comment == "contact hr: role (shown after the team name)"
    assert entries["Chief Executive"].comment == "contact ceo: role of a person (shown after their name)"
    text = catalog_path(root).read_text(encoding="utf-8")
    for data in ("Zofia", "Brzęczyszczykiewicz", "zofia.b@example.org", "+44 20 7946 0777", "7946",
                 "@zofia_ceo", "https://social.example/zofia", "people@example.org", "@example"):  # fmt: skip
        assert data not in text


def test_a_team_name_in_an_addendum_is_extracted_and_can_carry_a_context(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    (root / "content/addenda").mkdir()
    (root / "content/addenda/warsaw.yml").write_text(
        "title: Warsaw office\napplies_to: employees of the Warsaw office\ncontacts:\n"
        "  - id: warsaw-desk\n    team: {text: Desk, context: team name}\n    email: warsaw@example.org\n",
        encoding="utf-8",
    )
    extract(root)
    desk = next(e for e in polib.pofile(str(catalog_path(root))) if e.msgid == "Desk")
    assert desk.msgctxt == "team name"
    assert one_line(desk.comment) == f"contact warsaw-desk (addendum warsaw): {TEAM_COMMENT}"
    assert "warsaw@example.org" not in catalog_path(root).read_text(encoding="utf-8")


def sample_contacts() -> list[dict[str, Any]]:
    contacts = yaml.safe_load((REPO / "content/contacts.yml").read_text(encoding="utf-8"))
    found = [*contacts["contacts"], *contacts["accounts"]]
    for path in sorted((REPO / "content/addenda").glob("*.yml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8")).get("contacts", [])
    return found


def test_the_shipped_template_has_every_team_name_and_no_person_address_number_or_link() -> None:
    text = (REPO / "locales/handbook.pot").read_text(encoding="utf-8")
    pot = {e.msgid: e for e in polib.pofile(str(REPO / "locales/handbook.pot"))}
    contacts = sample_contacts()
    teams = [c for c in contacts if "team" in c]
    people = [c for c in contacts if "person" in c]
    assert len(teams) >= 8 and len(people) >= 5  # the sample has both kinds, addenda included
    assert not [c["id"] for c in contacts if "name" in c]  # the sample says which kind each is
    for contact in teams:
        assert f"contact {contact['id']}" in pot[contact["team"]].comment
        assert TEAM_COMMENT in one_line(pot[contact["team"]].comment)
    for contact in contacts:
        for key in ("person", "email", "phone", "handle", "url"):
            if key in contact:
                assert str(contact[key]) not in text, f"{contact['id']}'s {key} reached translators"
    for contact in people:  # not even a part of the name
        assert not any(part in text for part in contact["person"].split() if len(part) > 3)


# --- What readers see ----------------------------------------------------------------------


def cells(page: str) -> list[str]:
    """The escalation table's contact cells: what is in bold at the start of a cell."""
    return re.findall(r"<td><strong>([^<]+)</strong>", page)


ENGLISH_TEAMS = (
    "Press Office",
    "Crisis Management Team",
    "Information Security Desk",
    "People Team",
    "Legal Team",
    "Customer Care",
    "Fraud and Scam Reports",
    "Warsaw office, communications desk",
)


def test_a_translated_handbook_names_teams_in_its_language_and_people_as_written(sample_site: Path) -> None:
    french = html_of(sample_site, "handbook/fr/escalation")
    assert {"Service de presse", "Cellule de crise", "Tomasz Wójcik", "Mei Lin Tan"} <= set(cells(french))
    assert "<strong>Bureau de Varsovie, cellule communication</strong>" in french  # an addendum's contact
    chinese = html_of(sample_site, "handbook/zh/escalation")
    assert {"新闻办公室", "危机管理小组", "Tomasz Wójcik"} <= set(cells(chinese))
    assert "Page owner" not in chinese
    # The owner under each page
    french_footer = "Responsable de la page\N{NO-BREAK SPACE}: Service de sécurité informatique"
    assert french_footer in html_of(sample_site, "handbook/fr/security")
    chinese_footer = "页面负责人：信息安全组"  # noqa: RUF001 (Chinese punctuation)
    assert chinese_footer in html_of(sample_site, "handbook/zh/security")
    # No English team name is left on any page, in the handbook or the community site
    for lang in ("fr", "pl", "zh", "ru"):
        for output in ("handbook", "community"):
            for path in (sample_site / output / lang).rglob("*.html"):
                html = path.read_text(encoding="utf-8")
                left = [team for team in ENGLISH_TEAMS if team in html]
                assert not left, f"{path.relative_to(sample_site)} names {left} in English"
    english = html_of(sample_site, "handbook/en/escalation")
    assert {"Press Office", "Crisis Management Team", "Tomasz Wójcik"} <= set(cells(english))


@pytest.fixture(scope="module")
def partly_translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project in French: one team name translated, the other (the policy owner's) not."""
    from .conftest import copy_project

    root = copy_project("minimal", tmp_path_factory.mktemp("teams"))
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    init_language(root, "fr")
    translate(root, {
        "Customer care": "Service client",
        "Page owner: %(name)s": "Responsable de la page\N{NO-BREAK SPACE}: %(name)s",
        "Contact:": "Contact\N{NO-BREAK SPACE}:",
        "Not yet translated": "Pas encore traduit",
    })  # fmt: skip
    build_site(root)
    return root / "site"


def test_an_untranslated_team_name_shows_in_english_marked(partly_translated: Path) -> None:
    page = html_of(partly_translated, "handbook/fr/rules")
    span = re.search(r"<span class='hb-fallback hb-untranslated'[^>]*>People team</span>", page)
    assert span, "the untranslated team name is not marked"
    assert "lang='en'" in span[0] and "data-label='Pas encore traduit'" in span[0]
    assert "Responsable de la page\N{NO-BREAK SPACE}: <span" in page


def test_a_translated_team_name_shows_unmarked_in_both_sites(partly_translated: Path) -> None:
    for site in ("handbook/fr/community", "community/fr"):
        page = html_of(partly_translated, site)
        assert "<strong>Service client</strong>" in page
        assert "Customer care" not in page


# --- How HR writes it -------------------------------------------------------------------


@pytest.fixture(scope="module")
def contact_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("schema")
    status, output = cli("schema", "--project", str(root))
    assert status == 0, output
    schema: dict[str, Any] = json.loads((root / "schema/contacts.schema.json").read_text(encoding="utf-8"))
    return schema


@pytest.mark.parametrize(
    ("contact", "valid"),
    [
        ({"person": "Anna Kowalska"}, True),
        ({"team": "Press Office", "role": "Duty press officer"}, True),
        ({"team": {"text": "Legal", "context": "team name"}}, True),
        ({"name": "Press Office"}, True),  # the older key, still read (and warned about)
        ({"person": "Anna Kowalska", "team": "Press Office"}, False),
        ({"name": "Press Office", "team": "Press Office"}, False),
        ({"email": "press@example.org"}, False),
        ({"team": {"txt": "Legal"}}, False),
    ],
)
def test_the_schema_wants_a_person_or_a_team(
    contact_schema: dict[str, Any], contact: dict[str, Any], valid: bool
) -> None:
    document = {"contacts": [{"id": "someone", **contact}]}
    if valid:
        jsonschema.validate(document, contact_schema)
    else:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, contact_schema)


def test_the_schema_describes_each_kind_and_marks_name_as_deprecated(contact_schema: dict[str, Any]) -> None:
    fields = contact_schema["$defs"]["Contact"]["properties"]
    assert "shown as written" in fields["person"]["description"]
    assert "translated" in fields["team"]["description"]
    assert fields["name"]["deprecated"] is True and "person" in fields["name"]["description"]


def test_the_older_name_key_still_works_with_a_warning_at_each_use(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    edit(root / "content/contacts.yml", "    team: People team", "    name: People team")
    status, output = cli("check", "--project", str(root))
    assert status == 0
    warning = (
        "content/contacts.yml:3:5: warning: 'name' is shown as written in every language, like a person's "
        "name: write 'person: People team' if it is a person, or 'team: People team' if it is a team, role "
        "or mailbox, so that translators translate it"
    )
    assert warning in output
    status, output = cli("check", "--project", str(root), "--strict")
    assert status == 1 and warning in output
    status, output = cli("build", "--project", str(root))
    assert status == 0 and warning in output
    assert "Page owner: People team" in html_of(root / "site", "handbook/en/rules")
    extract(root)
    assert "People team" not in catalog_path(root).read_text(encoding="utf-8")  # data, as before


def test_an_addendum_contact_named_with_name_is_warned_about_too(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    (root / "content/addenda").mkdir()
    (root / "content/addenda/warsaw.yml").write_text(
        "title: Warsaw office\napplies_to: employees of the Warsaw office\ncontacts:\n"
        "  - id: warsaw-desk\n    name: Warsaw desk\n    email: warsaw@example.org\n",
        encoding="utf-8",
    )
    status, output = cli("check", "--project", str(root))
    assert status == 0
    assert "content/addenda/warsaw.yml:5:5: warning: 'name' is shown as written" in output
