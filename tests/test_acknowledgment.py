"""The acknowledgment: a page per language, and the statements exported in every language."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.load.project import load_project
from generator.pipeline import build_site
from generator.translate.workflow import build_template

from .conftest import REPO
from .test_locales import edit


def article(site: Path, path: str) -> str:
    page = (site / path).read_text(encoding="utf-8")
    return re.search(r"<article.*?</article>", page, re.S)[0]  # type: ignore[index]


def test_each_language_has_an_acknowledgment_page_with_version_and_date(sample_site: Path) -> None:
    english = article(sample_site, "handbook/en/acknowledgment/index.html")
    assert "I have read the social media policy of Larkmoor Cooperative Bank." in english
    assert ">2.1<" in english and "January 6, 2025" in english
    russian = article(sample_site, "handbook/ru/acknowledgment/index.html")
    assert "Я ознакомился (ознакомилась)" in russian and "6 января 2025" in russian


def test_the_sample_says_who_confirms_and_where(sample_site: Path) -> None:
    english = article(sample_site, "handbook/en/acknowledgment/index.html")
    assert "Every employee confirms having read this handbook, in the words below" in english
    assert "You confirm in the HR system, where your confirmation is recorded" in english
    assert "This site records nothing about you." in english
    french = article(sample_site, "handbook/fr/acknowledgment/index.html")
    assert "Vous attestez dans le système RH" in french and "Ce site n'enregistre rien sur vous." in french


def test_without_who_and_how_the_page_names_no_one_and_no_system(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "owner: hr", "owner: hr\nacknowledgment: I have read the rules.")
    build_site(root, tmp_path / "site")
    page = article(tmp_path / "site", "handbook/en/acknowledgment/index.html")
    assert "Everyone this handbook applies to confirms having read it, in the words below" in page
    assert "Your organisation tells you where to confirm." in page
    assert "employee" not in page and "HR" not in page


def test_a_foundation_says_who_confirms_and_how(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    statement = (
        "acknowledgment:\n"
        "  statement: I have read the code of conduct.\n"
        "  who: Every volunteer and contractor confirms having read it once a year.\n"
        "  how: You confirm in the volunteer portal.\n"
    )
    edit(root / "content/handbook.yml", "owner: hr", "owner: hr\n" + statement)
    build_site(root, tmp_path / "site")
    page = article(tmp_path / "site", "handbook/en/acknowledgment/index.html")
    for sentence in (
        "Every volunteer and contractor confirms having read it once a year.",
        "I have read the code of conduct.",
        "You confirm in the volunteer portal.",
        "This site records nothing about you.",
    ):
        assert sentence in page
    assert "Everyone this handbook applies to" not in page and "tells you where" not in page
    result = CliRunner().invoke(main, ["acknowledgment", "--json", "--project", str(root)])
    assert json.loads(result.output)[0]["statement"] == "I have read the code of conduct."


def test_the_acknowledgment_page_collects_nothing(sample_site: Path) -> None:
    for lang in ("en", "fr", "pl", "zh", "ru"):
        content = article(sample_site, f"handbook/{lang}/acknowledgment/index.html")
        assert not re.search(r"<(form|input|textarea|button|script)\b", content), lang


def test_the_statements_are_exported_per_language_and_version() -> None:
    result = CliRunner().invoke(main, ["acknowledgment", "--json", "--project", str(REPO)])
    assert result.exit_code == 0, result.output
    rows = {row["language"]: row for row in json.loads(result.output)}
    assert sorted(rows) == ["en", "fr", "pl", "ru", "zh"]
    assert rows["fr"]["statement"].startswith("J'ai lu la charte des réseaux sociaux de Larkmoor")
    assert rows["fr"]["language_name"] == "Français" and rows["fr"]["translated"] is True
    assert {(row["version"], row["effective_date"]) for row in rows.values()} == {("2.1", "2025-01-06")}


def test_an_untranslated_statement_is_exported_in_the_source_language_and_flagged(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "owner: hr", "owner: hr\nacknowledgment: I have read the rules.")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    assert CliRunner().invoke(main, ["locales", "init", "fr", "--project", str(root)]).exit_code == 0
    result = CliRunner().invoke(main, ["acknowledgment", "--json", "--project", str(root)])
    rows = {row["language"]: row for row in json.loads(result.output)}
    assert rows["fr"]["statement"] == "I have read the rules." and rows["fr"]["translated"] is False


def test_without_a_statement_the_export_says_so(project: Callable[[str], Path]) -> None:
    result = CliRunner().invoke(main, ["acknowledgment", "--project", str(project("minimal"))])
    assert result.exit_code == 1
    assert "content/handbook.yml:1:1: no 'acknowledgment' statement in handbook.yml" in result.output


def test_translators_are_asked_for_a_statement_anyone_can_sign() -> None:
    template = build_template(load_project(REPO))
    statement = str(load_project(REPO).handbook.meta.acknowledgment.statement)  # type: ignore[union-attr]
    entry = next(e for e in template if e.msgid == statement)
    assert "whatever their gender" in entry.comment, entry.comment
