"""The acknowledgment: a page per language, and the statements exported for an HR system."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

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
    assert "Я прочитал политику Larkmoor Cooperative Bank" in russian and "6 января 2025" in russian


def test_the_acknowledgment_page_collects_nothing(sample_site: Path) -> None:
    for lang in ("en", "fr", "pl", "zh", "ru"):
        content = article(sample_site, f"handbook/{lang}/acknowledgment/index.html")
        assert not re.search(r"<(form|input|textarea|button|script)\b", content), lang


def test_the_statements_are_exported_per_language_and_version() -> None:
    result = CliRunner().invoke(main, ["acknowledgment", "--json", "--project", str(REPO)])
    assert result.exit_code == 0, result.output
    rows = {row["language"]: row for row in json.loads(result.output)}
    assert sorted(rows) == ["en", "fr", "pl", "ru", "zh"]
    assert rows["fr"]["statement"].startswith("J'ai lu la politique de Larkmoor Cooperative Bank")
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
