"""Links in content: ``check`` finds every broken one that ``build`` would refuse, at the line HR typed.

The ``links`` project links between its two pages in every form the README allows: a page
(``expenses.md``), a block's id on another page (``expenses.md#limits``), a heading's anchor
(``expenses.md#what-you-may-claim``) and a block on the same page (``#booking``). Each case
breaks one link; ``check`` and ``build`` then give the same single message, located in
``content/pages/travel.yml``, and the site built before stays as it was.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.engine.mkdocs import BuildTarget, build_all, write_mkdocs_project
from generator.errors import HandbookError, Location
from generator.translate.workflow import init_language

from .conftest import copy_project

TRAVEL = "content/pages/travel.yml"
GOOD = "[limits](expenses.md#limits)"


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.splitlines()


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def digest(site: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project("links", tmp_path_factory.mktemp("links"))
    code, output = run("build", "--project", str(root))
    assert code == 0, output
    return root


@pytest.fixture
def links(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, its site included, to break."""
    return Path(shutil.copytree(built, tmp_path / "links"))


def test_every_allowed_form_of_link_works_on_the_site(built: Path) -> None:
    travel = (built / "site/handbook/en/travel/index.html").read_text(encoding="utf-8")
    expenses = (built / "site/handbook/en/expenses/index.html").read_text(encoding="utf-8")
    assert 'href="../expenses/#limits"' in travel
    assert 'href="../expenses/#what-you-may-claim"' in travel
    assert 'href="#booking"' in travel
    assert 'id="limits"' in expenses  # a block's id is its anchor
    assert 'id="what-you-may-claim"' in expenses  # a heading's, as the site makes it
    assert 'id="booking"' in travel


BROKEN = [
    (
        "a page that does not exist",
        "[expenses](expenses.md)",
        "[expenses](expense.md)",
        f"{TRAVEL}:12:36: link 'expense.md': there is no page 'expense' (content/pages/expense.yml);"
        " did you mean 'expenses.md'?",
    ),
    (
        "a place another page does not have",
        GOOD,
        "[limits](expenses.md#limit)",
        f"{TRAVEL}:11:53: link 'expenses.md#limit': page 'expenses' has no place 'limit': give the block"
        " you mean 'id: limit' (a block's id is the same in every language), or link to a heading's anchor",
    ),
    (
        "a place the page itself does not have",
        "[above](#booking)",
        "[above](#bookings)",
        f"{TRAVEL}:13:30: link '#bookings': this page has no place 'bookings': give the block you mean"
        " 'id: bookings' (a block's id is the same in every language), or link to a heading's anchor",
    ),
    (
        "a page written without .md",
        "[expenses](expenses.md)",
        "[expenses](expenses)",
        f"{TRAVEL}:12:36: link 'expenses': link to a page by its file name, 'expenses.md'",
    ),
    (
        "a file the site does not have",
        "[expenses](expenses.md)",
        "[expenses](receipt.pdf)",
        f"{TRAVEL}:12:36: link 'receipt.pdf': the site has no file 'receipt.pdf' (it holds only the pages):"
        " link to a page as '<page>.md', or to a file by its full address (https://…)",
    ),
]


@pytest.mark.parametrize(("case", "old", "new", "message"), BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_link_is_found_by_check_and_refused_by_build_once_at_its_line(
    links: Path, case: str, old: str, new: str, message: str
) -> None:
    before = digest(links / "site")
    edit(links, TRAVEL, old, new)
    for command in ("check", "build"):
        code, output = run(command, "--project", str(links))
        assert code == 1, output
        assert output == [message, "1 error; nothing was written."]
    assert digest(links / "site") == before


def test_a_public_block_may_not_link_to_a_handbook_page(links: Path) -> None:
    edit(links, "content/handbook.yml", "build: never", "build: auto")
    edit(links, TRAVEL, "    title: Paying\n", "    title: Paying\n    audience: public\n")
    edit(links, TRAVEL, "title: Travel\n", "title: Travel\naudience: public\n")
    code, output = run("check", "--project", str(links))
    assert code == 1, output
    assert output[0] == (
        f"{TRAVEL}:13:53: link 'expenses.md#limits': this text is also on the public page, and page"
        " 'expenses' is not public; link to the handbook page by its full address, or mark the block"
        " 'audience: internal'"
    )


def test_links_between_public_pages_lead_to_their_sections_of_the_public_page(links: Path) -> None:
    edit(links, "content/handbook.yml", "build: never", "build: auto")
    for name, title in ((TRAVEL, "Travel"), ("content/pages/expenses.yml", "Expenses")):
        edit(links, name, f"title: {title}\n", f"title: {title}\naudience: public\n")
    code, output = run("build", "--project", str(links))
    assert code == 0, output
    public = (links / "site/community/en/index.html").read_text(encoding="utf-8")
    # Each page is a section whose anchor is its id; a link keeps the place it names.
    assert 'id="travel"' in public and 'id="expenses"' in public and 'id="limits"' in public
    assert 'href="#expenses"' in public and 'href="#limits"' in public and 'href="#travel"' in public
    assert 'href="#what-you-may-claim"' in public and 'id="what-you-may-claim"' in public
    assert ".md" not in "".join(re.findall(r'href="([^"]*)"', public))
    # The handbook's own pages still link to each other.
    travel = (links / "site/handbook/en/travel/index.html").read_text(encoding="utf-8")
    assert 'href="../expenses/#limits"' in travel


def test_a_link_a_template_prints_is_found_in_that_template(links: Path) -> None:
    before = digest(links / "site")
    template = links / "templates/pages/standard.md.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        "# {{ title }}\n\n{% for block in blocks %}\n{{ block }}\n{% endfor %}\n[Intranet](intranet.md)\n"
    )
    for command in ("check", "build"):
        code, output = run(command, "--project", str(links))
        assert code == 1, output
        assert output == [
            "templates/pages/standard.md.j2:6:10: link 'intranet.md': there is no page 'intranet'",
            "1 error; nothing was written.",
        ]
    assert digest(links / "site") == before


def test_two_pages_with_the_same_title_are_a_warning_at_the_second(links: Path) -> None:
    edit(links, "content/pages/expenses.yml", "title: Expenses", "title: Travel")
    code, output = run("check", "--project", str(links), "--date", "2026-02-01")
    assert code == 0, output
    assert output[0] == (
        "content/pages/expenses.yml:1:8: warning: page 'expenses' has the same title as page 'travel',"
        " so the navigation shows two entries alike: give each page its own title"
    )
    code, output = run("check", "--strict", "--project", str(links), "--date", "2026-02-01")
    assert code == 1


@pytest.mark.parametrize("name", ["minimal", "all-blocks"])
def test_the_fixture_projects_have_no_broken_link(project: Callable[[str], Path], name: str) -> None:
    code, output = run("check", "--project", str(project(name)))
    assert code == 0, output


def test_two_pages_with_the_same_title_once_translated_are_a_warning_too(links: Path) -> None:
    edit(links, "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    init_language(links, "fr")
    catalog_file = links / "locales/fr/LC_MESSAGES/handbook.po"
    catalog = polib.pofile(str(catalog_file))
    for entry in catalog:
        entry.msgstr = {"Travel": "Déplacements", "Expenses": "Déplacements"}.get(entry.msgid, entry.msgid)
    catalog.save()
    code, output = run("check", "--project", str(links), "--date", "2026-02-01")
    assert code == 0, output
    assert output[0] == (
        "content/pages/expenses.yml:1:8: warning: page 'expenses' has the same title as page 'travel' in"
        " the 'fr' translation, so the navigation shows two entries alike: give each page its own title"
    )


def test_a_link_to_a_heading_that_its_translation_changes_is_a_warning(links: Path) -> None:
    edit(links, "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    init_language(links, "fr")
    catalog_file = links / "locales/fr/LC_MESSAGES/handbook.po"
    catalog = polib.pofile(str(catalog_file))
    for entry in catalog:
        entry.msgstr = {"What you may claim": "Ce que vous pouvez demander"}.get(entry.msgid, entry.msgid)
    catalog.save()
    code, output = run("check", "--project", str(links), "--date", "2026-02-01")
    assert code == 0, output
    assert output[0] == (
        f"{TRAVEL}:12:66: warning: link 'expenses.md#what-you-may-claim': the 'fr' translation of the page"
        " has no place 'what-you-may-claim', as a heading's anchor changes with its words: give the block"
        " 'id: what-you-may-claim' and link to that"
    )
    assert len(output) == 2  # the block ids (#limits, #booking) are the same in French


def test_a_broken_link_in_a_local_addendum_is_found_at_the_addendum_line(links: Path) -> None:
    before = digest(links / "site")
    edit(
        links,
        "content/handbook.yml",
        "pages: [travel, expenses]",
        "addenda: [paris]\npages: [travel, expenses]",
    )
    addendum = links / "content/addenda/paris.yml"
    addendum.parent.mkdir()
    addendum.write_text(
        "title: Paris office\n"
        "applies_to: employees of the Paris office\n"
        "pages:\n"
        "  travel:\n"
        "    add:\n"
        "      - type: text\n"
        "        body: In Paris, book with the office, within the [limits](expenses.md#limts).\n",
        encoding="utf-8",
    )
    message = (
        "content/addenda/paris.yml:7:67: link 'expenses.md#limts': page 'expenses' has no place 'limts':"
        " give the block you mean 'id: limts' (a block's id is the same in every language), or link to a"
        " heading's anchor"
    )
    for command in ("check", "build"):
        code, output = run(command, "--project", str(links))
        assert code == 1, output
        assert output == [message, "1 error; nothing was written."]
    assert digest(links / "site") == before
    addendum.write_text(addendum.read_text(encoding="utf-8").replace("#limts", "#limits"), encoding="utf-8")
    code, output = run("build", "--project", str(links))
    assert code == 0, output
    assert 'href="../expenses/#limits"' in (links / "site/handbook/en/travel/index.html").read_text()


ENGINE_WARNINGS = {
    "mkdocs": "MkDocs: this page contains a link 'gone.md', but the target is not found among documentation"
    " files.",
    "zensical": "Zensical: this page: page does not exist ('gone.md')",
}


# Zensical runs in a process of its own (one job), and through its API in the build workers.
@pytest.mark.parametrize(("engine", "jobs"), [("mkdocs", 1), ("zensical", 1), ("zensical", 2)])
def test_an_engine_warning_names_the_content_that_caused_it_once(
    tmp_path: Path, engine: str, jobs: int
) -> None:
    """What the engine still refuses is placed by the caller's ``locate``, not at the generated mkdocs.yml."""
    targets = [
        BuildTarget("handbook", "en", tmp_path / "build" / n, tmp_path / "site" / n, engine=engine)  # type: ignore[arg-type]
        for n in "ab"
    ]
    for target in targets:
        pages = {
            "index.md": "# Home\n",
            "rules.md": "# Rules\n\nSee [x](gone.md).\n",
            "print.md": "[x](gone.md)",
        }
        site_dir = "site" if engine == "zensical" else str(target.site_dir)  # as mkdocs_config writes it
        config = {
            "site_name": "x",
            "docs_dir": "docs",
            "site_dir": site_dir,
            "theme": {"name": "material"},
            "extra": {"handbook_not_found": {"title": "Not found", "message": "Gone.", "home": "Home"}},
        }
        write_mkdocs_project(target, config, pages)
    asked: list[tuple[str, str | None]] = []

    def locate(page: str, quoted: str | None) -> Location:
        asked.append((page, quoted))
        return Location("content/pages/rules.yml", 4)

    with pytest.raises(HandbookError) as error:
        build_all(targets, jobs=jobs, locate=locate)
    assert [str(problem) for problem in error.value.problems] == [
        f"content/pages/rules.yml:4: {ENGINE_WARNINGS[engine]}"
    ]
    if jobs == 1:  # the workers' calls of locate are theirs, not this process's
        assert ("rules.md", "gone.md") in asked and ("print.md", "gone.md") in asked
    if engine == "zensical":  # its site, kept inside the project, is not moved into place
        assert not (tmp_path / "site").exists()
