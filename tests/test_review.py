"""Review cadence: pages show who owns them and when they are reviewed; check warns when one is due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.model.review import add_months

from .test_locales import edit


def text_of(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 7, 6), 6, date(2027, 1, 6)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # a shorter month: its last day
        (date(2027, 12, 31), 2, date(2028, 2, 29)),  # a leap year
        (date(2025, 3, 15), 12, date(2026, 3, 15)),
    ],
)
def test_the_next_review_is_the_same_day_months_later(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_each_page_shows_its_owner_and_review_dates_in_the_reader_s_language(sample_site: Path) -> None:
    english = text_of(sample_site, "handbook/en/security/index.html")
    assert "Page owner: Information Security Desk" in english
    assert "Last reviewed: July 6, 2026" in english and "Next review: January 6, 2027" in english
    french = text_of(sample_site, "handbook/fr/security/index.html")
    assert (
        "Dernière relecture\N{NO-BREAK SPACE}: 6 juillet 2026" in french
        and "Prochaine relecture\N{NO-BREAK SPACE}: 6 janvier 2027" in french
    )
    chinese = text_of(sample_site, "handbook/zh/security/index.html")
    assert "下次审阅：2027年1月6日" in chinese


def test_the_public_page_names_no_page_owner(sample_site: Path) -> None:
    for lang in ("en", "fr"):
        page = text_of(sample_site, f"community/{lang}/index.html")
        assert "hb-review" not in page and "Information Security Desk" not in page


def check(root: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--project", str(root), *options])
    return result.exit_code, result.output


def test_check_warns_about_a_review_that_is_due_and_strict_fails_on_it(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    edit(
        root / "content/pages/rules.yml",
        "blocks:",
        "last_reviewed: 2026-01-15\nreview_every_months: 6\nblocks:",
    )
    status, output = check(root, "--date", "2026-07-14")
    assert status == 0 and "page 'rules'" not in output
    status, output = check(root, "--date", "2026-07-15")
    assert status == 0
    assert (
        "content/pages/rules.yml:3:16: warning: review of page 'rules' was due on 2026-07-15 "
        "(last reviewed 2026-01-15, every 6 months; owner: People team)"
    ) in output
    status, output = check(root, "--date", "2026-07-15", "--strict")
    assert status == 1 and "review of page 'rules' was due" in output


def test_a_page_owner_must_be_a_contact_and_a_page_never_reviewed_is_reported(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    status, output = check(root, "--strict")
    assert status == 1 and "page 'rules' has no last_reviewed date (owner: People team)" in output
    edit(root / "content/pages/rules.yml", "blocks:", "owner: nobody\nblocks:")
    status, output = check(root)
    assert status == 1 and "content/pages/rules.yml:3:8:" in output and "nobody" in output
