"""Nothing internal reaches the public community site.

A marker is written into every internal page, block, contact and account (every
text and every piece of data); the community site, in every file, must not
contain it, while the employee handbook shows it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.load.project import load_project
from generator.model.handbook import Account, Contact, Handbook, Page
from generator.pipeline import build_project
from generator.translate.localise import localise

MARKER = "zqxinternal"


class MarkerTranslations:
    """Turns every text into a marked one, numbered so that each is distinct."""

    def __init__(self) -> None:
        self.count = 0

    def lookup(self, message: str, context: str | None = None) -> tuple[str, str]:
        self.count += 1
        return f"{MARKER}{self.count} {message}", "translated"


def mark_contact(contact: Contact, marker: MarkerTranslations) -> Contact:
    contact = localise(contact, marker)  # type: ignore[arg-type]  (a team's name is a text: marked)
    return contact.model_copy(
        update={
            "person": f"{MARKER} person" if contact.person is not None else None,
            "email": f"{MARKER}@example.org",
            "phone": f"+44 {MARKER}",
            "handle": f"@{MARKER}",
            "url": f"https://{MARKER}.example/",
        }
    )


def mark_account(account: Account, marker: MarkerTranslations) -> Account:
    account = localise(account, marker)  # type: ignore[arg-type]
    return account.model_copy(update={"handle": f"@{MARKER}", "url": f"https://{MARKER}.example/"})


def mark_page(page: Page, marker: MarkerTranslations) -> Page:
    if page.audience == "internal":
        return localise(page, marker)  # type: ignore[arg-type]
    blocks = [localise(b, marker) if page.block_audience(b) == "internal" else b for b in page.blocks]
    return page.model_copy(update={"blocks": blocks})


def mark_internal(handbook: Handbook) -> Handbook:
    marker = MarkerTranslations()
    return handbook.model_copy(
        update={
            "pages": [mark_page(page, marker) for page in handbook.pages],
            "contacts": {
                k: mark_contact(c, marker) if c.audience == "internal" else c
                for k, c in handbook.contacts.items()
            },
            "accounts": {
                k: mark_account(a, marker) if a.audience == "internal" else a
                for k, a in handbook.accounts.items()
            },
        }
    )


def files_containing(folder: Path, needle: str) -> list[str]:
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and needle in path.read_bytes().decode("utf-8", "replace").lower()
    )


@pytest.mark.parametrize("name", ["all-blocks", "sample"])
def test_no_internal_text_or_contact_reaches_the_community_site(
    name: str, project: Callable[[str], Path], tmp_path: Path
) -> None:
    loaded = load_project(project(name))
    marked = dataclasses.replace(loaded, handbook=mark_internal(loaded.handbook))
    site = tmp_path / "site"
    build_project(marked, site, tmp_path / "build")

    assert files_containing(site / "community", MARKER) == []
    # The markers are really there: the employee handbook shows them, search index included.
    leaked_into_handbook = files_containing(site / "handbook", MARKER)
    assert "en/search/search_index.json" in leaked_into_handbook
    assert len(leaked_into_handbook) > 3


def test_the_community_site_links_to_no_handbook_page(sample_site: Path) -> None:
    community = sample_site / "community"
    assert files_containing(community, "/handbook/") == []
    html = (community / "en" / "index.html").read_text(encoding="utf-8")
    assert "../handbook" not in html
