"""Durations as HR writes them (``30m`` to ``3mo``, working days too) and as each reader sees them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load.project import load_project
from generator.model.values import Duration
from generator.render.markdown import Renderer
from generator.translate.languages import translations_for

from .conftest import REPO

SAMPLE = load_project(REPO)


def shown(lang: str, written: str) -> str:
    """How a duration written in YAML reads on a page of the sample in ``lang``."""
    renderer = Renderer(SAMPLE.handbook, lang, translations_for(SAMPLE, lang), None)
    return str(renderer.duration(Duration.parse(written))).replace("\xa0", " ")


@pytest.mark.parametrize(
    ("lang", "written", "reads"),
    [
        ("en", "1mo", "1 month"),
        ("en", "3mo", "3 months"),
        ("en", "1wd", "1 working day"),
        ("en", "10wd", "10 working days"),
        ("fr", "1mo", "1 mois"),
        ("fr", "1wd", "1 jour ouvré"),
        ("fr", "10wd", "10 jours ouvrés"),
        ("pl", "3mo", "3 miesiące"),
        ("pl", "1wd", "1 dzień roboczy"),
        ("pl", "3wd", "3 dni robocze"),
        ("pl", "10wd", "10 dni roboczych"),
        ("pl", "22wd", "22 dni robocze"),
        ("ru", "5mo", "5 месяцев"),
        ("ru", "1wd", "1 рабочий день"),
        ("ru", "3wd", "3 рабочих дня"),
        ("ru", "11wd", "11 рабочих дней"),
        ("ru", "21wd", "21 рабочий день"),
        ("zh", "3mo", "3个月"),
        ("zh", "10wd", "10个工作日"),
    ],
)
def test_months_and_working_days_read_correctly_with_each_languages_plurals(
    lang: str, written: str, reads: str
) -> None:
    assert shown(lang, written) == reads


def test_the_shorter_units_still_read_as_before() -> None:
    assert [shown("en", value) for value in ("30m", "4h", "2d", "1w")] == [
        "30 minutes",
        "4 hours",
        "2 days",
        "1 week",
    ]


def test_a_duration_in_words_is_refused_with_the_units_to_use(project: Callable[[str], Path]) -> None:
    root = project("all-blocks")
    page = root / "content/pages/zqxinternal-rules.yml"
    text = page.read_text(encoding="utf-8")
    assert "within: 4h" in text
    page.write_text(text.replace("within: 4h", "within: 3 months"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    line = text.splitlines().index(next(x for x in text.splitlines() if "within: 4h" in x)) + 1
    assert first.startswith(f"content/pages/zqxinternal-rules.yml:{line}:"), result.output
    assert "'3 months' is not a duration" in first
    assert "10wd for working days" in first and "3mo" in first
