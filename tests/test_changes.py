"""Versions and changes: the "What changed" page, and ``handbook diff`` between two git revisions."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import HandbookError
from generator.load.project import load_project

from .test_locales import edit


def text_of(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_what_changed_page_lists_each_version_in_every_language(sample_site: Path) -> None:
    english = text_of(sample_site, "handbook/en/changelog/index.html")
    assert "Version 2.1" in english and "In effect since January 6, 2025<" in english
    # An older version says when it stopped being in effect: when the next one started.
    assert "In effect from March 4, 2024 until January 6, 2025<" in english
    assert "A smaller update after the yearly consultation of employees." in english
    assert english.index("Version 2.1") < english.index("Version 2.0") < english.index("Version 1.0")
    french = text_of(sample_site, "handbook/fr/changelog/index.html")
    assert "<title>Ce qui a changé" in french and "En vigueur depuis le 6 janvier 2025<" in french
    assert "Chaque compte officiel doit désormais" in french
    assert "版本 2.1" in text_of(sample_site, "handbook/zh/changelog/index.html")
    russian = text_of(sample_site, "handbook/ru/changelog/index.html")
    assert "Действует с 6 января 2025" in russian and "г.." not in russian  # noqa: RUF001 (the date ends the line)


def test_the_home_page_and_the_navigation_lead_to_the_changes(sample_site: Path) -> None:
    home = text_of(sample_site, "handbook/pl/index.html")
    assert 'href="changelog/"' in home and "Co się zmieniło w tej wersji" in home
    assert not (sample_site / "community/en/changelog").exists()  # the public page has no changelog


CHANGELOG = """versions:
  - version: "1.0"
    date: 2026-01-15
    changes: [First version.]
"""


def test_the_handbook_version_must_be_in_the_changelog_newest_first(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    (root / "content/changelog.yml").write_text(CHANGELOG.replace('"1.0"', '"0.9"'), encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        load_project(root)
    assert str(caught.value.problems[0]) == (
        "content/handbook.yml:3:10: version '1.0' has no entry in content/changelog.yml; "
        "say what changed in it"
    )
    older = '  - version: "0.9"\n    date: 2026-02-01\n    changes: [Draft.]\n'
    (root / "content/changelog.yml").write_text(CHANGELOG + older, encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        load_project(root)
    assert str(caught.value.problems[0]).startswith(
        "content/changelog.yml:6:11: versions must be listed newest first"
    )


def test_changelog_texts_reach_the_translators(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    (root / "content/changelog.yml").write_text(CHANGELOG, encoding="utf-8")
    result = CliRunner().invoke(main, ["locales", "extract", "--project", str(root)])
    assert result.exit_code == 0, result.output
    template = (root / "locales/handbook.pot").read_text(encoding="utf-8")
    assert (
        '#. changelog: versions > version 1.0 > changes\n#: content/changelog.yml\nmsgid "First version."'
        in (template)
    )


# --- handbook diff ----------------------------------------------------------------------


def git(root: Path, *arguments: str) -> str:
    command = ["git", "-c", "user.name=HR", "-c", "user.email=hr@example.org", "-C", str(root), *arguments]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def history(project: Callable[[str], Path]) -> tuple[Path, str, str]:
    """A project with two commits: the second edits, adds and removes rules, and adds a page."""
    root = project("minimal")
    rules = root / "content/pages/rules.yml"
    edit(rules, "dont: [Share secrets.]", "dont: [Share secrets., Lie.]")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "1.0")
    first = git(root, "rev-parse", "HEAD")
    edit(rules, "do: [Be kind.]", "do: [Be kind and patient., Answer within a day.]")
    edit(rules, "dont: [Share secrets., Lie.]", "dont: [Lie.]")
    (root / "content/pages/privacy.yml").write_text(
        "title: Privacy\nblocks:\n  - type: do_dont\n"
        "    do: [Ask before you post a photo.]\n    dont: [Post without asking.]\n",
        encoding="utf-8",
    )
    edit(root / "content/handbook.yml", "pages: [rules, community]", "pages: [rules, privacy, community]")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "1.1")
    return root, first, git(root, "rev-parse", "HEAD")


def diff(root: Path, *arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", "--project", str(root), *arguments])
    return result.exit_code, result.output


def test_diff_lists_rules_added_changed_and_removed_per_page(history: tuple[Path, str, str]) -> None:
    root, first, second = history
    status, output = diff(root, first, second)
    assert status == 0, output
    assert output.splitlines()[2:] == [
        "Rules (rules)",
        "  + Answer within a day.",
        "  ~ Be kind.",
        "    -> Be kind and patient.",
        "  - Share secrets.",
        "",
        "Privacy (privacy): page added",
        "  + Ask before you post a photo.",
        "  + Post without asking.",
    ]


def test_diff_compares_with_the_working_copy_and_speaks_json(history: tuple[Path, str, str]) -> None:
    root, _, second = history
    edit(root / "content/pages/privacy.yml", "Ask before you post a photo.", "Ask before you post any photo.")
    status, output = diff(root, second, "--json")
    assert status == 0, output
    assert json.loads(output) == [
        {
            "page": "privacy",
            "title": "Privacy",
            "status": "changed",
            "added": [],
            "changed": [["Ask before you post a photo.", "Ask before you post any photo."]],
            "removed": [],
        }
    ]
    status, output = diff(root, "HEAD", "HEAD")
    assert status == 0 and "no rule changed." in output


def test_diff_names_a_revision_that_does_not_exist(history: tuple[Path, str, str]) -> None:
    root, _, _ = history
    status, output = diff(root, "v9.9")
    assert status == 1 and "v9.9: no such revision in the project's git repository" in output
    assert "Traceback" not in output
