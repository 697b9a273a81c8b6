"""What each block type looks like on the built page, and how content strings are shown."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from generator.errors import HandbookError
from generator.load.project import load_project
from generator.model.registry import BLOCK_TYPES
from generator.pipeline import build_site

from .conftest import PROJECTS, copy_project


@pytest.fixture(scope="module")
def all_blocks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The all-blocks fixture project, built once for this module; returns its site."""
    root = copy_project("all-blocks", tmp_path_factory.mktemp("all-blocks"))
    build_site(root)
    return root / "site"


def page(site: Path, path: str) -> str:
    """A built page's HTML; CLDR's narrow no-break spaces read as spaces."""
    return (site / path / "index.html").read_text(encoding="utf-8").replace("\u202f", " ")


def text_of(html: str) -> str:
    """Visible text, whitespace folded, roughly as a reader sees it."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_fixture_uses_every_block_type() -> None:
    handbook = load_project(PROJECTS / "all-blocks").handbook
    used = {block.type for page in handbook.pages for block in page.blocks}  # type: ignore[attr-defined]
    assert used == set(BLOCK_TYPES)


RULES, OPERATIONS, COMMUNITY, EXPENSES, SPEAKING_UP = (
    "handbook/en/zqxinternal-rules",
    "handbook/en/zqxinternal-operations",
    "community/en",
    "handbook/en/expenses",
    "handbook/en/speaking-up",
)

# block type -> (page, fragments of HTML that a reader relies on), in the order they must appear
EXPECTED: dict[str, tuple[str, list[str]]] = {
    "text": (RULES, ["<h2", "Why", "This policy has <strong>bold</strong> reasons."]),
    "callout": (RULES, ['class="admonition tip"', "A tip", "Think first."]),
    "scope": (RULES, ["Channels covered", "Company accounts.", "People covered", "Not covered"]),
    "spokespeople": (
        RULES,
        ["<table>", "Robin Ashby", 'href="mailto:owner@example.org"', "Policy; Results"],
    ),
    "approval": (RULES, ["<ol>", "Draft the post.", "Approve the post.", "Within:", "4 hours", "Exceptions"]),
    "principles": (RULES, ["<strong>Be honest.</strong>", "Say who you are."]),
    "tone": (
        RULES,
        ["<dl>", "<dt><strong>Warm</strong></dt>", "Friendly, never familiar.", "Avoid", "Sarcasm."],
    ),
    "response_styles": (RULES, ["<th>Network</th>", "<td>LinkedIn</td>", "Professional and short."]),
    "do_dont": (
        RULES,
        ['<div class="grid">', 'class="admonition success"', "Credit sources.", 'class="admonition failure"'],
    ),
    "disclaimer": (
        RULES,
        ["Use it on personal profiles.", 'class="admonition quote"', "My views are my own."],
    ),
    "legal": (RULES, ["<h3", "Credit sources", "Always credit the author."]),
    "security": (OPERATIONS, ["<h3", "If an account is hacked", "<ol>", "Change the password."]),
    "account_access": (OPERATIONS, ['href="https://social.example/fixture"', "Robin Ashby", "Duty Officer"]),
    "escalation": (
        OPERATIONS,
        ["<th>Severity</th>", "<strong>High</strong>", "Threats of violence.", "30 minutes"],
    ),
    "responses": (OPERATIONS, ["<details", "Someone complains about a delay.", "we are looking into it."]),
    "crisis_plan": (
        OPERATIONS,
        ["Before a crisis", "During a crisis", "After a crisis", "Data leak", "Drills"],
    ),
    "moderation": (OPERATIONS, ["What we remove", "Spam.", "Who may remove content", "Duty Officer"]),
    "governance": (
        OPERATIONS,
        ["Keeps the policy current.", "Review interval: 6 months.", "Onboarding module."],
    ),
    "consequences": (OPERATIONS, ["<strong>First breach</strong>", "A conversation with your manager."]),
    "expectations": (COMMUNITY, ["Answers in your language."]),
    "service_hours": (
        COMMUNITY,
        ["Monday \N{EN DASH} Friday, 9:00 AM\N{EN DASH}5:30 PM", "1 day", "Time zone: London."],
    ),
    "house_rules": (COMMUNITY, ["We welcome", "Questions.", "We remove", "Insults.", "We ban", "Threats."]),
    "report": (COMMUNITY, ["Send us a message.", "Customer Care", 'href="mailto:care@example.org"']),
    "official_accounts": (COMMUNITY, ["@fixture", "News and jobs.", "Spotting impostors"]),
    "table": (
        EXPENSES,
        [
            "<th>Expense</th>",
            '<th style="text-align: right;">Limit</th>',
            "<td>Hotel in a capital city</td>",
            '<td style="text-align: right;">€180.00</td>',
            "<td>1 month</td>",
            "<td>Jan 6, 2025</td>",
            "Amounts include VAT.",
        ],
    ),
    "attachment": (
        EXPENSES,
        ["Expense claim form", "Fill it in and send", 'href="../files/expense-claim.pdf"', "(PDF, 2.5 kB)"],
    ),
    "contacts": (
        SPEAKING_UP,
        [
            "Where to raise a concern",
            "<strong>Noor Haddad</strong>, Integrity officer",
            'href="mailto:integrity@example.org"',
            "Concerns you would rather raise in person",
            "<strong>Speak-up line</strong>, Run by an independent company",
            'href="tel:+448000000003"',
            "Anonymous reports, any time of day",
            "<strong>Financial Regulator</strong>",
            "If you believe we have not acted on your report",
        ],
    ),
    "faq": (
        SPEAKING_UP,
        [
            '<h3 id="can-i-stay-anonymous">Can I stay anonymous?</h3>',
            "The <strong>speak-up line</strong> never tells us who you are.",
            '<h3 id="will-i-be-protected">Will I be protected?</h3>',
            '<a href="#term-whistleblower">whistleblower</a>',
        ],
    ),
    "steps": (
        SPEAKING_UP,
        [
            "<ol>",
            "Write down what you saw, when and who was involved.",
            "Send it to the integrity officer.",
            "Contact: <strong>Noor Haddad</strong>, Integrity officer",
            "Within: 10 working days",
            "You receive feedback on what was done.",
            "Within: 3 months",
            "If nothing was done, write to the regulator.",
            "Within: 1 month",
            "</ol>",
        ],
    ),
    "definitions": (
        SPEAKING_UP,
        [
            "<dl>",
            '<dt id="term-whistleblower">Whistleblower</dt>',
            "<dd>Someone who reports wrongdoing they have seen at work.</dd>",
            '<dt id="term-good-faith">Good faith</dt>',
            "<p>You need not be certain.</p>",
        ],
    ),
}


@pytest.mark.parametrize("block_type", sorted(BLOCK_TYPES))
def test_each_block_type_renders_what_readers_need(all_blocks: Path, block_type: str) -> None:
    where, fragments = EXPECTED[block_type]
    html = page(all_blocks, where)
    position = 0
    for fragment in fragments:
        found = html.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing (or out of order) in {where}"
        position = found


OPTIONS = "handbook/en/zqxinternal-options"


def admonition_titles(html: str) -> list[str]:
    return re.findall(r'<p class="admonition-title">([^<]*)</p>', html)


def test_labels_replace_the_headings_of_do_dont_and_house_rules(all_blocks: Path) -> None:
    html = page(all_blocks, OPTIONS)
    assert admonition_titles(html) == ["Always", "Never", "We welcome", "We remove", "Never allowed"]
    assert "<strong>What the moderators do</strong>" in html
    assert "How we enforce these rules" not in html
    defaults = ["We welcome", "We remove", "We ban", "Spotting impostors"]
    assert admonition_titles(page(all_blocks, COMMUNITY)) == defaults


def test_consequences_can_have_named_columns_and_their_own_first_heading(all_blocks: Path) -> None:
    html = page(all_blocks, OPTIONS)
    table = html[html.index("Enforcement ladder") :]
    table = table[: table.index("</table>")]
    headers = re.findall(r"<th>([^<]*)</th>", table)
    assert headers == ["Step", "Community impact", "Consequence"]
    rows = [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]
    assert rows == [
        "Correction Use of inappropriate language. A private, written warning.",
        "Ban A pattern of harassment. A permanent ban.",
    ]
    assert "What happens" not in table


def test_consequences_without_columns_keep_one_what_happens_column(all_blocks: Path) -> None:
    html = page(all_blocks, OPERATIONS)
    table = html[html.rindex("<table>", 0, html.index("First breach")) : html.index("First breach")]
    assert re.findall(r"<th>([^<]*)</th>", table) == ["Level", "What happens"]


def test_a_scope_without_channels_says_what_the_policy_covers(all_blocks: Path) -> None:
    text = text_of(page(all_blocks, OPTIONS))
    assert (
        "What this policy covers Working from home. Working from a coworking space. "
        "People covered Staff on a remote-work agreement. Not covered Business travel."
    ) in text
    assert "Channels covered" not in text
    assert "Channels covered" in page(all_blocks, RULES)


def test_a_report_block_lists_each_of_its_contacts(all_blocks: Path) -> None:
    text = text_of(page(all_blocks, OPTIONS)).replace(" ,", ",")
    assert "Write down what happened. Contacts: Robin Ashby, Owns the policy" in text
    assert "Duty Officer, Answers incidents · duty@example.org · @duty" in text
    assert "Contact: Customer Care" in text_of(page(all_blocks, COMMUNITY))  # one contact, as before


def test_an_account_without_a_handle_is_shown_by_its_address(all_blocks: Path) -> None:
    html = page(all_blocks, OPTIONS)
    assert '<td><a href="https://forum.example.org/c/help/">forum.example.org/c/help</a></td>' in html
    assert '<td><a href="https://forum.example.org/c/help/">Discourse</a></td>' in html  # account_access
    assert "None" not in text_of(html)


def test_markdown_autolinks_are_links_and_other_tags_stay_text(all_blocks: Path) -> None:
    html = page(all_blocks, OPTIONS)
    links = {
        unescape(href): unescape(label) for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    }
    assert links["https://conduct.example.org/code"] == "https://conduct.example.org/code"
    assert links["mailto:conduct@example.org"] == "conduct@example.org"
    assert links["mailto:help@example.org"] == "help@example.org"
    assert "; &lt;b&gt;tags&lt;/b&gt; stay text." in html
    assert "&lt;https://" not in html and "&lt;conduct@" not in html


def test_the_community_page_has_no_navigation_column(all_blocks: Path) -> None:
    assert 'data-md-type="navigation" hidden>' in page(all_blocks, COMMUNITY)
    assert 'data-md-type="navigation" >' in page(all_blocks, RULES)


def test_a_public_page_in_the_handbook_keeps_its_internal_blocks(all_blocks: Path) -> None:
    assert "Staff apply these rules with judgement." in page(all_blocks, "handbook/en/community")
    assert "Staff apply these rules with judgement." not in page(all_blocks, COMMUNITY)


def test_the_home_page_shows_version_date_owner_and_contents(all_blocks: Path) -> None:
    home = text_of(page(all_blocks, "handbook/en"))
    for fragment in (
        "Version 3.0",
        "Effective date March 1, 2026",
        "Policy owner Robin Ashby",
        "Operations",
    ):
        assert fragment in home


def test_related_pages_are_linked_but_not_from_the_public_page(all_blocks: Path) -> None:
    assert 'href="../zqxinternal-operations/"' in page(all_blocks, RULES)
    assert "zqxinternal" not in page(all_blocks, COMMUNITY)


HOSTILE = textwrap.dedent("""
    title: "Rules <script>alert('title')</script>"
    summary: "{{ 7 * 7 }} and {% if true %}jinja{% endif %}"
    blocks:
      - type: do_dont
        do:
          - "<img src=x onerror=alert(1)>"
          - "**not bold** [not a link](javascript:alert(1)) {: onclick=alert(1) }"
        dont: ["| not | a | table |"]
      - type: text
        body: "Markdown is **kept** here, but <b>HTML</b> is shown as text."
    """).lstrip()


def test_content_strings_are_shown_as_text_never_run(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    (root / "content/pages/rules.yml").write_text(HOSTILE, encoding="utf-8")
    build_site(root, tmp_path / "site")
    html = page(tmp_path / "site", "handbook/en/rules")
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "onclick=alert" not in html.replace("{: onclick=alert(1) }", "")
    assert 'href="javascript' not in html
    shown = "Rules &lt;script&gt;alert('title')&lt;/script&gt;"
    assert f"<title>{shown} - " in html  # the browser tab
    nav = html[html.index('class="md-nav') : html.index('class="md-content')]
    assert shown in nav  # the navigation
    visible = text_of(html)
    assert "{{ 7 * 7 }} and {% if true %}jinja{% endif %}" in visible  # not evaluated as a template
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "**not bold** [not a link](javascript:alert(1))" in visible
    assert "| not | a | table |" in visible
    assert "Markdown is <strong>kept</strong> here, but &lt;b&gt;HTML&lt;/b&gt; is shown as text." in html


def test_the_organisation_name_is_shown_as_text(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    path = root / "content/handbook.yml"
    hostile = 'organisation: "Smith & Sons \\" <script>x()</script>"'
    path.write_text(path.read_text().replace("organisation: Example Co", hostile))
    build_site(root, tmp_path / "site")
    for where in ("handbook/en", "handbook/en/rules", "community/en"):
        html = page(tmp_path / "site", where)
        assert "<script>x()" not in html
        assert 'aria-label="Smith & Sons &quot; &lt;script&gt;x()&lt;/script&gt;: ' in html
        assert 'title="Smith &amp; Sons ' in html  # the logo's tooltip reads "Smith & Sons"


def test_a_project_template_overrides_the_built_in_one(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    (root / "templates/blocks").mkdir(parents=True)
    (root / "templates/blocks/do_dont.md.j2").write_text(
        "**{{ _('Always') }}:** {{ block.do | join(', ') }}\n", encoding="utf-8"
    )
    build_site(root, tmp_path / "site")
    html = page(tmp_path / "site", "handbook/en/rules")
    assert "<strong>Always:</strong> Be kind." in html
    assert 'class="admonition success"' not in html


def test_a_broken_template_is_reported_at_its_file_and_line(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    (root / "templates/blocks").mkdir(parents=True)
    (root / "templates/blocks/do_dont.md.j2").write_text("Fine line\n{% for x in %}\n", encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        build_site(root)
    [problem] = caught.value.problems
    assert str(problem).startswith("templates/blocks/do_dont.md.j2:2:1: template error:")


def test_an_unknown_page_kind_is_reported_at_the_page(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    path = root / "content/pages/rules.yml"
    path.write_text(path.read_text().replace("title: Rules", "title: Rules\nkind: poster"))
    with pytest.raises(HandbookError) as caught:
        build_site(root)
    [problem] = caught.value.problems
    assert str(problem) == (
        "content/pages/rules.yml:2:7: no template for page kind 'poster'"
        " (expected templates/pages/poster.md.j2)"
    )
