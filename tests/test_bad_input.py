"""A corpus of bad input: each case gives one clear, located error, exit status 1, and writes nothing.

Every case starts from a copy of the minimal project with French and a site
already built. One file is replaced by bad content, ``handbook build`` runs
as HR would run it, and then:

* the exit status is 1 and there is no traceback;
* the first line of the report names the file and the line (and the column
  for YAML) and says what is wrong;
* the site built before is byte for byte the same, and the catalogs are as
  the translator left them.
"""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.pipeline import build_site
from generator.translate.workflow import init_language

from .conftest import copy_project

PAGE = "content/pages/rules.yml"
COMMUNITY = "content/pages/community.yml"
PUBLIC_PAGE = ("title: Community guidelines", "audience: both", "blocks:")
META = "content/handbook.yml"
CONTACTS = "content/contacts.yml"
PO = "locales/fr/LC_MESSAGES/handbook.po"

GOOD_META = textwrap.dedent("""\
    organisation: Example Co
    title: Social media policy
    version: "1.0"
    effective_date: 2026-01-15
    source_language: en
    languages: [en, fr]
    owner: hr
    pages: [rules, community]
    """)


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


INDENTED = "this line is indented differently from the lines above it: line it up with them"
DATES = "write dates as YYYY-MM-DD (e.g. 2025-01-06)"
DO_DONT = ("blocks:", "  - type: do_dont", "    do: [Be kind.]", "    dont: [Lie.]")
HOUSE_RULES = (
    "title: R",
    "blocks:",
    "  - type: house_rules",
    "    encouraged: [Questions.]",
    "    removed: [Spam.]",
    "    banned: [Threats.]",
    "    enforcement: [A warning.]",
)
COLUMNS = (
    "title: R",
    "blocks:",
    "  - type: consequences",
    "    columns:",
    "      - {key: impact, header: Community impact}",
    "      - {key: consequence, header: Consequence}",
    "    levels:",
    "      - level: Correction",
    "        cells: {impact: Rude words., consequence: A warning.}",
)
# The blocks of a longer page, with no quote in them: an unclosed quote above runs to their end.
LONG_PAGE = (
    ["blocks:"]
    + [
        line
        for n in range(5)
        for line in (
            "  - type: do_dont",
            f"    id: part-{n}",
            "    do:",
            f"      - Rule {n}",
            "    dont:",
            "      - Lie",
        )
    ]
    + ["  - type: text", "    body: The end."]
)


# A table on line 3; its currency on line 6; its one row on line 8.
TABLE = (
    "title: Rules",
    "blocks:",
    "  - type: table",
    "    columns:",
    "      - {key: item, header: Expense}",
    "      - {key: limit, header: Limit, kind: money, currency: EUR}",
    "    rows:",
)


def nested(depth: int) -> str:
    return "title: Rules\nblocks: " + "[" * depth + "]" * depth + "\n"


BILLION_LAUGHS = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" if i else 'l0: &l0 "lol"\n' for i in range(10)
)

# (id, file, new content, where the first error is, what it says)
CASES: list[tuple[str, str, str | bytes, str, str]] = [
    # YAML syntax: advice at the mistake, the parser's own words on the next line
    (
        "unclosed quote",
        PAGE,
        'title: "Rules\nblocks: []\n',
        f"{PAGE}:1:8",
        'quote is never closed: add the closing "',
    ),
    (
        "unclosed quote early in a long file",
        PAGE,
        page("title: Rules", "summary: 'What everyone must know", *LONG_PAGE),
        f"{PAGE}:2:10",
        "this quote is never closed: add the closing '",
    ),
    (
        "unclosed quote ended by an apostrophe far below",
        PAGE,
        page("title: 'Rules", *LONG_PAGE[:-3], "      - Don't share secrets."),
        f"{PAGE}:1:8",
        "this quote is never closed: add the closing ' (YAML read on to the ' on line 32)",
    ),
    ("bad indentation", PAGE, "title: Rules\n  summary: x\n blocks: []\n", f"{PAGE}:2:3", INDENTED),
    (
        "bad indentation in a block",
        PAGE,
        page("title: Rules", "blocks:", "  - type: do_dont", "    do: [Be kind.]", "   dont: [Lie.]"),
        f"{PAGE}:5:4",
        INDENTED,
    ),
    (
        "list item indented less than its siblings",
        PAGE,
        page("title: Rules", "blocks:", "  - type: text", "    body: One.", " - type: text", "   body: Two."),
        f"{PAGE}:5:2",
        INDENTED,
    ),
    (
        "unclosed list",
        PAGE,
        "title: Rules\nblocks: [\n",
        f"{PAGE}:2:9",
        "this [ is never closed: add the closing ]",
    ),
    (
        "unclosed list followed by more keys",
        PAGE,
        page("title: Rules", "blocks:", "  - type: do_dont", "    do: [Be kind.", "    dont: [Lie.]"),
        f"{PAGE}:4:9",
        "this [ is never closed: add the closing ]",
    ),
    (
        "unclosed mapping",
        PAGE,
        "title: {text: Rules\nblocks: []\n",
        f"{PAGE}:1:8",
        "this { is never closed: add the closing }",
    ),
    (
        "mapping in a plain value",
        PAGE,
        "title: Rules: the sequel\n",
        f"{PAGE}:1:13",
        "this text contains ': ', which YAML reads as a new key: put the whole text in quotes,"
        ' like this: title: "Rules: the sequel"',
    ),
    (
        "mapping in a list of texts",
        PAGE,
        page(
            "title: R",
            "blocks:",
            "  - type: do_dont",
            "    do:",
            "      - Tip: book early",
            "    dont: [Lie.]",
        ),
        f"{PAGE}:5:9",
        'put the whole text in quotes, like this: - "Tip: book early"',
    ),
    (
        "text after a closing quote",
        PAGE,
        'title: "Best" rules\n',
        f"{PAGE}:1:15",
        """put the whole text in quotes, like this: title: '"Best" rules'""",
    ),
    ("no space after a colon", PAGE, "title:Rules\nblocks: []\n", f"{PAGE}:1:7", "put a space after the ':'"),
    ("text starting with @", PAGE, "title: @handle\n", f"{PAGE}:1:8", 'like this: title: "@handle"'),
    ("tab indentation", PAGE, "title: Rules\nblocks:\n\t- type: text\n", f"{PAGE}:3:1", "tab"),
    ("empty file", PAGE, "", f"{PAGE}:1:1", "the file is empty"),
    ("comment only", PAGE, "# nothing yet\n", f"{PAGE}:1:1", "the file is empty"),
    ("page is a list", PAGE, "- title: Rules\n", f"{PAGE}:1:1", "a page must be a mapping"),
    ("page is a string", PAGE, "Rules\n", f"{PAGE}:1:1", "a page must be a mapping"),
    ("metadata is a list", META, "- a\n- b\n", f"{META}:1:1", "expected a mapping of fields, got a list"),
    ("control character", PAGE, "title: Rules\x07\n", f"{PAGE}:1:13", "control character U+0007"),
    (
        "unknown tag",
        PAGE,
        "title: !!python/object:os.system Rules\n",
        f"{PAGE}:1:8",
        "the YAML tag '!!python/object:os.system' is not allowed",
    ),
    (
        "standard tag",
        META,
        GOOD_META.replace('"1.0"', "!!float 1.0"),
        f"{META}:3:10",
        "the YAML tag '!!float' is not allowed; if it is text, put it in quotes",
    ),
    # Encodings and byte-order marks
    ("latin-1", PAGE, "title: R\xe8gles\n".encode("latin-1"), f"{PAGE}:1:9", "not valid UTF-8"),
    ("windows-1252 quotes", PAGE, b"title: \x93Rules\x94\n", f"{PAGE}:1:8", "not valid UTF-8"),
    (
        "utf-16 le",
        PAGE,
        "title: Rules\n".encode("utf-16-le").join([b"\xff\xfe", b""]),
        f"{PAGE}:1:1",
        "UTF-16",
    ),
    ("utf-16 be", PAGE, b"\xfe\xff" + "title: Rules\n".encode("utf-16-be"), f"{PAGE}:1:1", "UTF-16"),
    ("utf-8 bom then latin-1", PAGE, b"\xef\xbb\xbftitle: \xe9\n", f"{PAGE}:1:8", "not valid UTF-8"),
    # Duplicate keys, which PyYAML would accept silently
    (
        "duplicate key",
        PAGE,
        "title: Rules\ntitle: Other\nblocks: []\n",
        f"{PAGE}:2:1",
        "duplicate key 'title'",
    ),
    (
        "duplicate key in a block",
        PAGE,
        page("title: Rules", "blocks:", "  - type: text", "    body: One", "    body: Two"),
        f"{PAGE}:5:5",
        "duplicate key 'body'",
    ),
    (
        "duplicate key in metadata",
        META,
        GOOD_META + "version: '2.0'\n",
        f"{META}:9:1",
        "duplicate key 'version'",
    ),
    (
        "duplicate key in mkdocs.yml",
        "mkdocs.yml",
        "theme: material\ntheme: mkdocs\n",
        "mkdocs.yml:2:1",
        "duplicate",
    ),
    (
        "unknown key in mkdocs.yml",
        "mkdocs.yml",
        "theme:\n  name: material\nmarkdown_extension:\n  - toc\n",
        "mkdocs.yml:3:1",
        "unknown setting 'markdown_extension', which MkDocs would ignore;"
        " did you mean 'markdown_extensions'?",
    ),
    (
        "unclosed quote in mkdocs.yml",
        "mkdocs.yml",
        "site_url: 'https://handbook.example/\ntheme: material\n",
        "mkdocs.yml:1:11",
        "this quote is never closed",
    ),
    # Expansion and size
    ("alias bomb", PAGE, BILLION_LAUGHS, f"{PAGE}", "too many values"),
    ("deep nesting", PAGE, nested(5000), f"{PAGE}", "nested too deeply"),
    ("huge file", PAGE, "title: Rules\n" + "# padding\n" * 600_000, f"{PAGE}", "larger than 5 MB"),
    # Wrong types and values
    ("title is a list", PAGE, "title: [a, b]\nblocks: []\n", f"{PAGE}:1:8", "expected text"),
    ("blocks is a mapping", PAGE, "title: Rules\nblocks: {a: 1}\n", f"{PAGE}:2:9", "list"),
    (
        "do is a number",
        PAGE,
        page("title: R", "blocks:", "  - type: do_dont", "    do: 3", "    dont: []"),
        f"{PAGE}:4:9",
        "list",
    ),
    ("blank text", PAGE, 'title: "  "\nblocks: []\n', f"{PAGE}:1:8", "must not be empty"),
    ("unknown audience", PAGE, "title: R\naudience: everyone\nblocks: []\n", f"{PAGE}:2:11", "audience"),
    (
        "unknown block type",
        PAGE,
        page("title: R", "blocks:", "  - type: dos_donts"),
        f"{PAGE}:3:11",
        "do_dont",
    ),
    ("unknown key", PAGE, "title: R\nsumary: x\nblocks: []\n", f"{PAGE}:2:1", "did you mean 'summary'"),
    (
        "unknown label",
        PAGE,
        page("title: R", *DO_DONT, "    labels: {do: Always, never: Never}"),
        f"{PAGE}:6:26",
        "unknown label 'never' (the labels here are: do, dont)",
    ),
    (
        "unknown label of house rules",
        PAGE,
        page(*HOUSE_RULES, "    labels:", "      welcome: All welcome"),
        f"{PAGE}:9:7",
        "unknown label 'welcome' (the labels here are: encouraged, removed, banned, enforcement)",
    ),
    (
        "consequence level without a column's text",
        PAGE,
        page(*COLUMNS, "      - level: Ban", "        cells: {impact: Harassment.}"),
        f"{PAGE}:11:16",
        "level 'Ban' has no text for the column 'consequence': add 'consequence: …' under 'cells:'",
    ),
    (
        "consequence level with an unknown column",
        PAGE,
        page(*COLUMNS, "      - level: Ban", "        cells: {impact: A, consequence: B, effect: C}"),
        f"{PAGE}:11:44",
        "unknown column 'effect' (the columns are: impact, consequence)",
    ),
    (
        "consequence level with a description and columns",
        PAGE,
        page(*COLUMNS, "      - level: Ban", "        description: A ban."),
        f"{PAGE}:11:22",
        "this block has columns: write the level's texts under 'cells:' (impact, consequence), "
        "not 'description:'",
    ),
    (
        "consequence level with cells and no columns",
        PAGE,
        page(
            "title: R",
            "blocks:",
            "  - type: consequences",
            "    levels:",
            "      - level: Ban",
            "        cells: {a: B}",
        ),
        f"{PAGE}:6:16",
        "'cells' needs 'columns' on the block",
    ),
    (
        "consequence level with no description",
        PAGE,
        page("title: R", "blocks:", "  - type: consequences", "    levels:", "      - level: Ban"),
        f"{PAGE}:5:9",
        "missing required field 'description'",
    ),
    (
        "consequence column key twice",
        PAGE,
        page(*COLUMNS[:5], "      - {key: impact, header: Again}", "    levels:", *COLUMNS[-2:]),
        f"{PAGE}:6:15",
        "the column key 'impact' is used twice: give each column its own key",
    ),
    (
        "report with contact and contacts",
        PAGE,
        page(
            "title: R",
            "blocks:",
            "  - type: report",
            "    steps: [Write.]",
            "    contact: hr",
            "    contacts: [hr]",
        ),
        f"{PAGE}:6:15",
        "write 'contact:' (one contact) or 'contacts:' (a list), not both",
    ),
    (
        "report with an unknown contact in its list",
        PAGE,
        page("title: R", "blocks:", "  - type: report", "    steps: [Write.]", "    contacts: [hr, hrr]"),
        f"{PAGE}:5:20",
        "unknown contact",
    ),
    (
        "scope that covers nothing",
        PAGE,
        page("title: R", "blocks:", "  - type: scope", "    excluded: [Travel.]"),
        f"{PAGE}:3:5",
        "a scope says what it covers: add 'covers:', 'people:' or 'channels:'",
    ),
    (
        "acknowledgment with an unknown key",
        META,
        GOOD_META + "acknowledgment:\n  statement: I have read it.\n  where: In the portal.\n",
        f"{META}:11:3",
        "unknown field 'where'",
    ),
    ("missing title", PAGE, "blocks: []\n", f"{PAGE}:1:1", "title"),
    # Values are read as typed (YAML 1.2): dates must be real and YYYY-MM-DD, booleans true or false
    ("bad date", META, GOOD_META.replace("2026-01-15", "15/01/2026"), f"{META}:4:17", DATES),
    (
        "month 13",
        PAGE,
        page("title: R", "last_reviewed: 2026-13-01", *DO_DONT),
        f"{PAGE}:2:16",
        "last_reviewed: '2026-13-01' is not a date: " + DATES,
    ),
    ("february 30", META, GOOD_META.replace("2026-01-15", "2025-02-30"), f"{META}:4:17", DATES),
    ("day first", PAGE, page("title: R", "last_reviewed: 06/01/2025", *DO_DONT), f"{PAGE}:2:16", DATES),
    (
        "date that does not exist in the changelog",
        "content/changelog.yml",
        page("versions:", '  - version: "1.0"', "    date: 2026-01-32", "    changes: [First version.]"),
        "content/changelog.yml:3:11",
        DATES,
    ),
    (
        "yes for true",
        META,
        GOOD_META + "pdf: yes\n",
        f"{META}:9:6",
        "'yes' is not true or false: write true or false",
    ),
    (
        "empty do list",
        PAGE,
        page("title: R", "blocks:", "  - type: do_dont", "    do: []", "    dont: [Lie.]"),
        f"{PAGE}:4:9",
        "'do' must list at least one item",
    ),
    ("empty page", PAGE, "title: R\nblocks: []\n", f"{PAGE}:2:9", "'blocks' must list at least one item"),
    ("version is a mapping", META, GOOD_META.replace('"1.0"', "{major: 1}"), f"{META}:3:10", "version"),
    (
        "bad email",
        CONTACTS,
        "contacts:\n  - id: hr\n    team: HR\n    email: hr-at-example\n",
        f"{CONTACTS}:4:12",
        "email",
    ),
    (
        "contact both person and team",
        CONTACTS,
        "contacts:\n  - id: hr\n    person: Anna Kowalska\n    team: People team\n",
        f"{CONTACTS}:4:11",
        "contact 'hr' has both 'person' and 'team': keep 'person' for a named person (shown as written), "
        "or 'team' for a team, role or mailbox (translated)",
    ),
    (
        "contact with no name",
        CONTACTS,
        "contacts:\n  - id: hr\n    role: Owns this policy\n    email: people@example.org\n",
        f"{CONTACTS}:2:5",
        "contact 'hr' has no name: add 'person: …' for a named person (shown as written in every "
        "language) or 'team: …' for a team, role or mailbox (translated)",
    ),
    (
        "contact with the older name and a team",
        CONTACTS,
        "contacts:\n  - id: hr\n    team: People team\n    name: People team\n",
        f"{CONTACTS}:4:11",
        "contact 'hr' has both 'team' and 'name': remove 'name' (it is the older way of writing 'person')",
    ),
    (
        "addendum contact with no name",
        "content/addenda/warsaw.yml",
        "title: Warsaw\napplies_to: the Warsaw office\ncontacts:\n  - id: desk\n    email: w@example.org\n",
        "content/addenda/warsaw.yml:4:5",
        "contact 'desk' has no name",
    ),
    ("unknown contact", META, GOOD_META.replace("owner: hr", "owner: hrr"), f"{META}:7:8", "unknown contact"),
    (
        "page listed twice",
        META,
        GOOD_META.replace("[rules, community]", "[rules, rules, community]"),
        META,
        "rules",
    ),
    (
        "page id with capitals",
        "content/pages/Rules.yml",
        "title: R\n",
        "content/pages/Rules.yml:1:1",
        "page id",
    ),
    (
        "credential",
        PAGE,
        "title: R\nsummary: 'password: Hunter2hunter'\n",
        f"{PAGE}:2:21",
        "looks like a password",
    ),
    (
        "javascript link",
        PAGE,
        page("title: R", "blocks:", "  - type: text", "    body: '[x](javascript:x())'"),
        f"{PAGE}:4:11",
        "is refused",
    ),
    # Tables: each mistake at the row or cell that has it
    (
        "table cell under an unknown column key",
        PAGE,
        page(*TABLE, "      - {item: Hotel, limt: 180}"),
        f"{PAGE}:8",
        "no column has the key 'limt' (did you mean 'limit'? the columns are item, limit)",
    ),
    (
        "table row without a cell for a column",
        PAGE,
        page(*TABLE, "      - {item: Hotel}"),
        f"{PAGE}:8",
        "rows: this row has no cell for column 'limit' (Limit): add limit: 42.50, or limit: \"\" to leave",
    ),
    (
        "table amount with a thousands separator",
        PAGE,
        page(*TABLE, '      - {item: Hotel, limit: "1,000"}'),
        f"{PAGE}:8",
        "limit: '1,000' is not an amount: write digits, with a dot before the decimals",
    ),
    (
        "table amount with a thousands separator, unquoted",
        PAGE,
        page(*TABLE, "      - {item: Hotel, limit: 1,000}"),
        f"{PAGE}:8",
        "'000' is read as a column key, after a comma that ends a cell in {...}: write numbers without",
    ),
    (
        "table number with two dots",
        PAGE,
        page(*TABLE[:-1], "      - {key: nights, header: Nights, kind: number}", "    rows:")
        + "      - {item: Hotel, limit: 180, nights: 12.5.3}\n",
        f"{PAGE}:9",
        "nights: '12.5.3' is not a number: write digits, with a dot before any decimals",
    ),
    (
        "table amount with more decimals than its currency",
        PAGE,
        page(*TABLE, "      - {item: Hotel, limit: 42.505}"),
        f"{PAGE}:8",
        "'42.505' has more decimals than EUR amounts have (2)",
    ),
    (
        "table column with an unknown currency",
        PAGE,
        page(*TABLE, "      - {item: Hotel, limit: 180}").replace("EUR", "EUX"),
        f"{PAGE}:6",
        "currency: unknown currency 'EUX'; did you mean EUR?",
    ),
    (
        "table cell with an unknown currency",
        PAGE,
        page(*TABLE, "      - {item: Hotel, limit: USB 180}"),
        f"{PAGE}:8",
        "limit: unknown currency 'USB'; did you mean USD?",
    ),
    (
        "table money column without a currency",
        PAGE,
        page(*TABLE, "      - {item: Hotel, limit: 180}").replace(", currency: EUR", ""),
        f"{PAGE}:6",
        "a money column needs a currency: add e.g. 'currency: EUR'",
    ),
    (
        "table date not written YYYY-MM-DD",
        PAGE,
        page(*TABLE[:-1], "      - {key: since, header: Since, kind: date}", "    rows:")
        + "      - {item: Hotel, limit: 180, since: 06/01/2025}\n",
        f"{PAGE}:9",
        "since: '06/01/2025' is not a date: " + DATES,
    ),
    # Attachments: the file must be in content/files/
    (
        "attachment of a missing file",
        PAGE,
        page("title: Rules", "blocks:", "  - type: attachment", "    file: expense-claim.pdf"),
        f"{PAGE}:4:11",
        "no file content/files/expense-claim.pdf: put the file in content/files/, or correct its name",
    ),
    (
        "attachment outside content/files",
        PAGE,
        page("title: Rules", "blocks:", "  - type: attachment", "    file: ../handbook.yml"),
        f"{PAGE}:4:11",
        "file: '../handbook.yml' is not a file name under content/files/: put the file in that folder",
    ),
    (
        "attachment with an absolute path",
        PAGE,
        page("title: Rules", "blocks:", "  - type: attachment", "    file: /etc/passwd"),
        f"{PAGE}:4:11",
        "file: '/etc/passwd' is not a file name under content/files/",
    ),
    # The general blocks: contacts, faq, steps, definitions
    (
        "unknown contact in a contacts block",
        PAGE,
        page(
            "title: R",
            "blocks:",
            "  - type: contacts",
            "    contacts:",
            "      - contact: hrr",
            "        for: Pay",
        ),
        f"{PAGE}:5:18",
        "unknown contact 'hrr'; did you mean 'hr'?",
    ),
    (
        "empty contacts block",
        PAGE,
        page("title: R", "blocks:", "  - type: contacts", "    contacts: []"),
        f"{PAGE}:4:15",
        "'contacts' must list at least one item",
    ),
    (
        "contact without what it is for",
        PAGE,
        page("title: R", "blocks:", "  - type: contacts", "    contacts:", "      - contact: hr"),
        f"{PAGE}:5:9",
        "missing required field 'for'",
    ),
    (
        "published contacts block of internal contacts only",
        COMMUNITY,
        page(*PUBLIC_PAGE, "  - type: contacts", "    contacts:", "      - contact: hr", "        for: Pay"),
        f"{COMMUNITY}:5:5",
        "this block is published (both) but every contact it lists is internal, so the community page"
        " would list none: mark a contact 'audience: public' or the block 'audience: internal'",
    ),
    (
        "empty faq",
        PAGE,
        page("title: R", "blocks:", "  - type: faq", "    questions: []"),
        f"{PAGE}:4:16",
        "'questions' must list at least one item",
    ),
    (
        "question without an answer",
        PAGE,
        page("title: R", "blocks:", "  - type: faq", "    questions:", "      - question: Why?"),
        f"{PAGE}:5:9",
        "missing required field 'answer'",
    ),
    (
        "empty steps",
        PAGE,
        page("title: R", "blocks:", "  - type: steps", "    steps: []"),
        f"{PAGE}:4:12",
        "'steps' must list at least one item",
    ),
    (
        "misspelt key in a step",
        PAGE,
        page(
            "title: R", "blocks:", "  - type: steps", "    steps:", "      - action: Ask.", "        ownr: hr"
        ),
        f"{PAGE}:6:9",
        "unknown field 'ownr'; did you mean 'owner'?",
    ),
    (
        "unknown owner of a step",
        PAGE,
        page(
            "title: R",
            "blocks:",
            "  - type: steps",
            "    steps:",
            "      - action: Ask.",
            "        owner: car",
        ),
        f"{PAGE}:6:16",
        "unknown contact 'car'; did you mean 'care'?",
    ),
    (
        "deadline of a step in words",
        PAGE,
        page(
            "title: R",
            "blocks:",
            "  - type: steps",
            "    steps:",
            "      - action: Ask.",
            "        within: 2 days",
        ),
        f"{PAGE}:6:17",
        "within: '2 days' is not a duration",
    ),
    (
        "published step with an internal owner",
        COMMUNITY,
        page(*PUBLIC_PAGE, "  - type: steps", "    steps:", "      - action: Ask.", "        owner: hr"),
        f"{COMMUNITY}:7:16",
        "this block is published (both) but contact 'hr' is internal",
    ),
    (
        "empty definitions",
        PAGE,
        page("title: R", "blocks:", "  - type: definitions", "    terms: []"),
        f"{PAGE}:4:12",
        "'terms' must list at least one item",
    ),
    (
        "term defined twice on a page",
        PAGE,
        page(
            "title: R",
            "blocks:",
            "  - type: definitions",
            "    terms:",
            "      - {term: Good faith, meaning: Honestly.}",
            "  - type: definitions",
            "    terms:",
            "      - {term: good faith, meaning: Again.}",
        ),
        f"{PAGE}:8:16",
        "the term 'good faith' is already defined on this page (line 5), and a link to"
        " #term-good-faith must lead to one place: define each term once",
    ),
    (
        "empty list of a block type named like its field",
        PAGE,
        page("title: R", "blocks:", "  - type: responses", "    responses: []"),
        f"{PAGE}:4:16",
        "'responses' must list at least one item",
    ),
    # Languages
    ("unknown language code", META, GOOD_META.replace("[en, fr]", "[en, fr, xx]"), f"{META}:6", "'xx'"),
    (
        "malformed language code",
        META,
        GOOD_META.replace("[en, fr]", "[en, 'fr FR']"),
        f"{META}:6",
        "language code",
    ),
    (
        "unknown source language",
        META,
        GOOD_META.replace("source_language: en", "source_language: qq"),
        f"{META}:5",
        "'qq'",
    ),
    # Catalogs
    ("po unterminated string", PO, 'msgid "Rules\nmsgstr "Règles"\n', f"{PO}:1", "unterminated string"),
    ("po misspelt keyword", PO, 'msgid "Rules"\nmsgstrr "Règles"\n', f"{PO}:2", "expected a keyword"),
    (
        "po not utf-8",
        PO,
        'msgid "Rules"\nmsgstr "R\xe8gles"\n'.encode("latin-1"),
        f"{PO}:2",
        "not valid UTF-8",
    ),
    ("po stray text", PO, 'msgid "Rules"\nmsgstr "Règles"\nRègles\n', f"{PO}:3", "expected a keyword"),
]
CATALOG_CASES = [
    ("po wrong plural count", "plural", "plural forms, but the language has"),  # and the counts
    ("po duplicate entry", "duplicate", "duplicate"),
    ("po broken plural rule", "rule", "Plural-Forms"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with French, translated and built once."""
    root = copy_project("minimal", tmp_path_factory.mktemp("bad-input"))
    (root / META).write_text(GOOD_META, encoding="utf-8")
    init_language(root, "fr")
    build_site(root)
    return root


@pytest.fixture
def fresh(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(built, target, symlinks=True)
    return target


def digest(root: Path) -> dict[str, str]:
    """Every file of the site and the catalogs, with its hash."""
    files = [*sorted((root / "site").rglob("*")), *sorted((root / "locales").rglob("*"))]
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()
    }


def run_build(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--project", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def assert_refused(root: Path, before: dict[str, str], where: str, what: str) -> None:
    code, output = run_build(root)
    assert code == 1, output
    assert "Traceback" not in output
    first, *rest = output.splitlines()
    assert first.startswith(f"{where}:") or first.startswith(f"{where} "), output
    assert what in first, output
    assert "YAML parser" not in first and "invalid YAML" not in first, output  # advice, not jargon
    if rest and rest[0].startswith(" "):  # the parser's own words, below the advice
        assert rest[0].startswith("  (YAML parser: ") and rest[0].endswith(")"), output
    assert digest(root) == before


@pytest.mark.parametrize(("case", "name", "content", "where", "what"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_its_location(
    fresh: Path, case: str, name: str, content: str | bytes, where: str, what: str
) -> None:
    path = fresh / name
    path.parent.mkdir(parents=True, exist_ok=True)  # content/addenda/ is new to the minimal project
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert_refused(fresh, digest(fresh), where, what)


def test_a_misspelt_for_is_named_with_the_key_to_write(fresh: Path) -> None:
    path = fresh / PAGE
    path.write_text(
        page(
            "title: R",
            "blocks:",
            "  - type: contacts",
            "    contacts:",
            "      - contact: hr",
            "        fro: Pay",
        ),
        encoding="utf-8",
    )
    code, output = run_build(fresh)
    assert code == 1
    assert output.splitlines()[:2] == [
        f"{PAGE}:5:9: missing required field 'for'",
        f"{PAGE}:6:9: unknown field 'fro'; did you mean 'for'?",
    ]


@pytest.mark.parametrize(("case", "kind", "what"), CATALOG_CASES, ids=[c[0] for c in CATALOG_CASES])
def test_a_structurally_broken_catalog_is_refused(fresh: Path, case: str, kind: str, what: str) -> None:
    path = fresh / PO
    catalog = polib.pofile(str(path))
    if kind == "plural":  # one form more than the catalog's own Plural-Forms has
        nplurals = int(catalog.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
        forms = {n: "un jour" for n in range(nplurals + 1)}
        catalog.append(polib.POEntry(msgid="one day", msgid_plural="%(num)s days", msgstr_plural=forms))
        what = f"{nplurals + 1} plural forms, but the language has {nplurals}"
    elif kind == "duplicate":
        catalog.append(polib.POEntry(msgid="Rules", msgstr="Règles"))
        catalog.append(polib.POEntry(msgid="Rules", msgstr="Les règles"))
    else:
        catalog.metadata["Plural-Forms"] = "nplurals=2; plural=n >>> 1;"
    catalog.save()
    before = digest(fresh)
    lines = path.read_text(encoding="utf-8").splitlines()
    wanted = {"rule": '"Plural-Forms:', "plural": 'msgid "one day"', "duplicate": 'msgid "Rules"'}[kind]
    lines = [n for n, text in enumerate(lines, 1) if text.startswith(wanted)]
    line = lines[1] if kind == "duplicate" else lines[0]  # a duplicate is reported where it repeats
    assert_refused(fresh, before, f"{PO}:{line}", what)
