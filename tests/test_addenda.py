"""Local addenda: an office's or a country's rules over the shared handbook, without copying it.

Each test writes addenda into a copy of the minimal fixture project, as HR would.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from generator.load.project import load_project
from generator.pipeline import build_site
from generator.translate.extract import extract_project

FRANCE = """\
title: France
applies_to: employees who work in France
pages:
  rules:
    add:
      - type: callout
        title: French labour law
        body: Criticism of the company on a personal account is not misconduct in itself.
"""

WARSAW = """\
title: Warsaw office
applies_to: employees of the Warsaw office
contacts:
  - id: warsaw-desk
    name: Warsaw desk
    email: warsaw@example.org
    audience: public
pages:
  community:
    replace:
      how-to-report:
        type: report
        steps: [Write to the Warsaw desk.]
        contact: warsaw-desk
"""


def with_addenda(root: Path, chosen: str, **files: str) -> Path:
    """Write ``content/addenda/<name>.yml`` files and choose some of them in handbook.yml."""
    (root / "content" / "addenda").mkdir(exist_ok=True)
    for name, text in files.items():
        (root / "content" / "addenda" / f"{name.replace('_', '-')}.yml").write_text(text, encoding="utf-8")
    handbook = root / "content" / "handbook.yml"
    handbook.write_text(handbook.read_text(encoding="utf-8") + f"addenda: {chosen}\n", encoding="utf-8")
    community = root / "content" / "pages" / "community.yml"
    text = community.read_text(encoding="utf-8").replace(
        "  - type: report\n", "  - type: report\n    id: how-to-report\n"
    )
    community.write_text(text, encoding="utf-8")
    return root


def page_text(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", article)))


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True, timeout=120
    )


def test_a_chosen_addendum_adds_its_blocks_at_the_end_of_the_page_saying_whom_they_apply_to(
    project: Callable[[str], Path],
) -> None:
    root = with_addenda(project("minimal"), "[france]", france=FRANCE)
    build_site(root)
    text = page_text(root / "site", "handbook/en/rules")
    label = "Local addendum: France · Applies to: employees who work in France"
    assert label in text
    assert text.index("Share secrets.") < text.index(label) < text.index("not misconduct in itself")
    html = (root / "site/handbook/en/rules/index.html").read_text(encoding="utf-8")
    assert '<div class="hb-addendum">' in html  # framed, so it stands apart from the shared rules


def test_an_addendum_replaces_a_block_by_its_id_and_brings_its_own_contact(
    project: Callable[[str], Path],
) -> None:
    root = with_addenda(project("minimal"), "[warsaw-office]", warsaw_office=WARSAW)
    build_site(root)
    for site in ("handbook/en/community", "community/en"):
        text = page_text(root / "site", site)
        assert "Write to the Warsaw desk." in text and "warsaw@example.org" in text
        assert "Write to us." not in text  # the shared block it replaces is gone
        assert "Local addendum: Warsaw office · Applies to:" in text


def test_addenda_apply_in_the_order_chosen_and_an_addendum_not_chosen_changes_nothing(
    project: Callable[[str], Path],
) -> None:
    root = with_addenda(project("minimal"), "[france]", france=FRANCE, warsaw_office=WARSAW)
    build_site(root)
    assert "Write to us." in page_text(root / "site", "community/en")
    assert "Warsaw" not in page_text(root / "site", "handbook/en/community")
    # Translators still get every addendum, so switching one on never waits for a translation.
    messages = {message.id for message in extract_project(load_project(root))}
    assert {"Warsaw office", "Write to the Warsaw desk.", "French labour law"} <= messages


def test_internal_blocks_of_an_addendum_stay_off_the_public_page(project: Callable[[str], Path]) -> None:
    internal = FRANCE.replace("  rules:", "  community:") + "        audience: internal\n"
    root = with_addenda(project("minimal"), "[france]", france=internal)
    build_site(root)
    assert "not misconduct in itself" in page_text(root / "site", "handbook/en/community")
    for path in (root / "site" / "community").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            assert "not misconduct" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize(
    ("chosen", "addendum", "expected"),
    [
        (
            "[frnace]",
            FRANCE,
            "content/handbook.yml:9:11: no addendum 'frnace': expected content/addenda/frnace.yml;"
            " did you mean 'france'?",
        ),
        ("[france, france]", FRANCE, "content/handbook.yml:9:19: addendum 'france' is listed twice"),
        (
            "[france]",
            FRANCE.replace("  rules:", "  rulez:"),
            "content/addenda/france.yml:4:3: no page 'rulez'; did you mean 'rules'?",
        ),
        (
            "[france]",
            WARSAW.replace("how-to-report:", "how-to-reprot:"),
            "content/addenda/france.yml:11:7: page 'community' has no block 'how-to-reprot'"
            " (its blocks with an id: how-to-report)",
        ),
        (
            "[france]",
            WARSAW.replace("contact: warsaw-desk", "contact: warsaw-dsek"),
            "content/addenda/france.yml:14:18: unknown contact 'warsaw-dsek'; did you mean 'warsaw-desk'?",
        ),
        (
            "[france]",
            WARSAW.replace("    audience: public\n", ""),
            "content/addenda/france.yml:13:18: this block is published (both) but contact 'warsaw-desk' is"
            " internal: mark the contact 'audience: public' or the block 'audience: internal'",
        ),
        (
            "[france]",
            WARSAW.replace("id: warsaw-desk", "id: care")
            .replace("contact: warsaw-desk", "contact: care")
            .replace("    audience: public\n", ""),
            "content/addenda/france.yml:4:5: contact 'care' is public in content/contacts.yml: keep it so",
        ),
        (
            "[france]",
            FRANCE.replace("title: France\n", ""),
            "content/addenda/france.yml:1:1: missing required field 'title'",
        ),
    ],
)
def test_mistakes_in_addenda_are_located(
    project: Callable[[str], Path], chosen: str, addendum: str, expected: str
) -> None:
    root = with_addenda(project("minimal"), chosen, france=addendum)
    result = check(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == expected
