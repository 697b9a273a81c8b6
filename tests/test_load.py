"""The loader: valid projects load; every kind of bad input is reported at its file, line and column."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import HandbookError
from generator.load.project import load_project
from generator.load.yaml import read_yaml
from generator.model.values import Duration, Text


def write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def errors_of(root: Path) -> list[str]:
    with pytest.raises(HandbookError) as caught:
        load_project(root)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def minimal(project: Callable[[str], Path]) -> Path:
    return project("minimal")


def test_a_valid_project_loads_pages_in_navigation_order(minimal: Path) -> None:
    handbook = load_project(minimal).handbook
    assert [page.id for page in handbook.pages] == ["rules", "community"]
    assert handbook.meta.organisation == "Example Co"
    assert handbook.contacts["care"].audience == "public"


def test_texts_accept_a_note_and_a_context_for_translators(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: {text: Rules, note: Page title, context: navigation}
        blocks:
          - type: do_dont
            do: [Be kind.]
            dont: [Share secrets.]
        """,
    )
    title = load_project(minimal).handbook.page("rules").title
    assert isinstance(title, Text)
    assert (title, title.note, title.context) == ("Rules", "Page title", "navigation")


def test_durations_and_times_are_understood(minimal: Path) -> None:
    write(
        minimal / "content/pages/community.yml",
        """
        title: Community
        audience: both
        blocks:
          - type: service_hours
            timezone: Europe/Paris
            channels:
              - account: x
                hours:
                  - {days: mon-fri, opens: 09:00, closes: "18:00"}
                  - {days: sat, opens: 9:30, closes: 12:00}
                respond_within: 4h
        """,
    )
    block = load_project(minimal).handbook.page("community").blocks[0]
    channel = block.channels[0]  # type: ignore[union-attr]
    assert channel.respond_within == Duration(4, "hour")
    assert [str(hours.opens) for hours in channel.hours] == ["09:00:00", "09:30:00"]
    assert str(channel.hours[0].closes) == "18:00:00"
    assert channel.hours[0].weekdays() == (0, 1, 2, 3, 4)


def test_an_unclosed_bracket_is_reported_where_it_opens(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: Rules
        blocks:
          - type: do_dont
            do: [Be kind.
        """,
    )
    [error] = errors_of(minimal)
    assert error.splitlines() == [
        "content/pages/rules.yml:4:9: this [ is never closed: add the closing ]",
        "  (YAML parser: while parsing a flow sequence, expected ',' or ']', but got '<stream end>')",
    ]


def test_a_tab_is_reported_with_a_hint(minimal: Path) -> None:
    (minimal / "content/pages/rules.yml").write_text("title: Rules\nblocks:\n\t- type: text\n")
    [error] = errors_of(minimal)
    assert error == "content/pages/rules.yml:3:1: tab character: indent YAML with spaces, not tabs"


def test_an_unknown_key_is_reported_at_the_key_with_a_suggestion(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: Rules
        blocks:
          - type: do_dont
            do: [Be kind.]
            donts: [Share secrets.]
        """,
    )
    errors = errors_of(minimal)
    assert "content/pages/rules.yml:5:5: unknown field 'donts'; did you mean 'dont'?" in errors
    assert "content/pages/rules.yml:3:5: missing required field 'dont'" in errors


def test_an_unknown_block_type_is_reported_with_a_suggestion(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: Rules
        blocks:
          - type: do_donts
            do: [Be kind.]
        """,
    )
    assert errors_of(minimal) == [
        "content/pages/rules.yml:3:11: unknown block type 'do_donts'; did you mean 'do_dont'?"
    ]


def test_a_wrong_type_is_reported_at_the_value(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: Rules
        blocks:
          - type: governance
            owners: [{contact: hr, responsibility: Reviews it.}]
            review_every_months: often
            update_process: [Ask.]
        """,
    )
    [error] = errors_of(minimal)
    assert error.startswith(
        "content/pages/rules.yml:5:26: review_every_months: input should be a valid integer"
    )


def test_a_missing_field_is_reported_at_its_parent(minimal: Path) -> None:
    write(
        minimal / "content/handbook.yml",
        """
        organisation: Example Co
        version: "1.0"
        effective_date: 2026-01-15
        source_language: en
        languages: [en]
        owner: hr
        pages: [rules, community]
        """,
    )
    assert errors_of(minimal) == ["content/handbook.yml:1:1: missing required field 'title'"]


def test_a_duplicate_key_is_an_error_not_a_silent_overwrite(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: Rules
        title: Other rules
        blocks: []
        """,
    )
    assert errors_of(minimal) == ["content/pages/rules.yml:2:1: duplicate key 'title' (first set on line 1)"]


def test_duplicate_contact_ids_are_reported_at_the_second(minimal: Path) -> None:
    path = minimal / "content/contacts.yml"
    path.write_text(path.read_text().replace("id: care", "id: hr"))
    assert errors_of(minimal) == [
        "content/contacts.yml:6:9: duplicate contact id 'hr' (first defined on line 2)",
        "content/pages/community.yml:8:14: unknown contact 'care'",
    ]


def test_duplicate_block_ids_within_a_page_are_reported(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: Rules
        blocks:
          - {type: text, id: intro, body: One.}
          - {type: text, id: intro, body: Two.}
        """,
    )
    assert errors_of(minimal) == [
        "content/pages/rules.yml:4:22: duplicate block id 'intro' (first used on line 3)"
    ]


def test_an_unknown_contact_is_reported_with_a_suggestion(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: Rules
        blocks:
          - type: moderation
            removed: [Spam.]
            moderators: [hr, car]
            process: [Hide it.]
        """,
    )
    assert errors_of(minimal) == ["content/pages/rules.yml:5:22: unknown contact 'car'; did you mean 'care'?"]


def test_a_page_listed_but_missing_and_a_page_not_listed_are_both_reported(minimal: Path) -> None:
    (minimal / "content/pages/rules.yml").rename(minimal / "content/pages/rulez.yml")
    assert errors_of(minimal) == [
        "content/handbook.yml:8:9: no page 'rules': expected content/pages/rules.yml; did you mean 'rulez'?",
        "content/pages/rulez.yml:1:1: page 'rulez' is not listed under 'pages' in content/handbook.yml",
    ]


def test_a_public_block_may_not_name_an_internal_contact(minimal: Path) -> None:
    path = minimal / "content/pages/community.yml"
    path.write_text(path.read_text().replace("contact: care", "contact: hr"))
    [error] = errors_of(minimal)
    assert error.startswith("content/pages/community.yml:8:14: this block is published (both)")
    assert "contact 'hr' is internal" in error


def test_a_public_block_on_an_internal_page_is_reported(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: Rules
        blocks:
          - {type: expectations, audience: public, items: [Fast answers.]}
        """,
    )
    [error] = errors_of(minimal)
    assert error.startswith("content/pages/rules.yml:3:36: block is 'public' but its page is internal")


def test_every_error_of_a_run_is_reported_together(minimal: Path) -> None:
    write(
        minimal / "content/contacts.yml",
        "contacts:\n  - id: hr\n    name: People\n    email: not-an-address\n",
    )
    write(minimal / "content/pages/rules.yml", "title: Rules\nblocks:\n  - type: text\n")
    errors = errors_of(minimal)
    assert "content/contacts.yml:4:12: email: 'not-an-address' is not an e-mail address" in errors
    assert "content/pages/rules.yml:3:5: missing required field 'body'" in errors


def test_urls_must_be_web_addresses(minimal: Path) -> None:
    path = minimal / "content/contacts.yml"
    path.write_text(path.read_text().replace("https://social.example/example", "javascript:alert(1)"))
    [error] = errors_of(minimal)
    assert error.startswith("content/contacts.yml:14:10: url: 'javascript:alert(1)' is not a web address")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"title: \xff\n",
            "content/pages/rules.yml:1:8: the file is not valid UTF-8 (byte 0xff); save it as UTF-8",
        ),
        (b"\xff\xfet\x00", "content/pages/rules.yml:1:1: the file is UTF-16; save it as UTF-8"),
        (b"", "content/pages/rules.yml:1:1: the file is empty"),
    ],
)
def test_encodings_other_than_utf8_are_refused(minimal: Path, raw: bytes, expected: str) -> None:
    (minimal / "content/pages/rules.yml").write_bytes(raw)
    assert errors_of(minimal) == [expected]


def test_a_utf8_byte_order_mark_is_accepted(minimal: Path) -> None:
    path = minimal / "content/pages/rules.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_project(minimal).handbook.page("rules").title == "Rules"


def test_an_alias_bomb_is_refused(minimal: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (minimal / "content/pages/rules.yml").write_text("\n".join(lines) + "\n")
    [error] = errors_of(minimal)
    assert "too many values" in error


def test_a_broken_page_does_not_hide_errors_in_other_pages(minimal: Path) -> None:
    write(minimal / "content/pages/rules.yml", "titel: Rules\nblocks: [{type: text, body: Hi.}]\n")
    path = minimal / "content/pages/community.yml"
    path.write_text(path.read_text().replace("contact: care", "contact: caer") + "related: [rules]\n")
    assert errors_of(minimal) == [
        "content/pages/community.yml:8:14: unknown contact 'caer'; did you mean 'care'?",
        "content/pages/rules.yml:1:1: missing required field 'title'",
        "content/pages/rules.yml:1:1: unknown field 'titel'; did you mean 'title'?",
    ]


# --- YAML mistakes are reported as advice, where they are -------------------------------

ADVICE = [
    ("title: Rules\n  summary: x\n", "2:3: this line is indented differently from the lines above it"),
    (
        "blocks:\n  - type: text\n  body: x\n",
        "3:3: this line is indented differently from the lines above it",
    ),
    ("a:\n  b: 1\n   c: 2\n", "3:4: this line is indented differently from the lines above it"),
    (
        "title: Rules: the sequel\n",
        "1:13: this text contains ': ', which YAML reads as a new key: put the whole text in quotes,"
        ' like this: title: "Rules: the sequel"',
    ),
    ("do:\n  - Tip: book early: now\n", 'like this: - "Tip: book early: now"'),
    ('summary: Rules: a "b"  # note\n', """like this: summary: 'Rules: a "b"'"""),
    (
        "when:\n  Add this to your profile.\n  It does not: readers\n",
        "3:14: this text contains ': ', which YAML reads as a new key: put the whole text in quotes"
        " (it starts on line 2)",
    ),
    ("items:\n  - networkX\n    style: Keep\n", "2:5: this line has no ': ' after its key"),
    (
        "effective_date:2026-03-01\ntitle: x\n",
        "1:16: put a space after the ':', like this: effective_date: 2026-03-01",
    ),
    ('a: x\nb: "oops\nc: d\n', '2:4: this quote is never closed: add the closing "'),
    (
        "a: 'It is\nb: don't\n",
        "1:4: this quote is never closed: add the closing ' (YAML read on to the ' on line 2)",
    ),
    ('title: "Best" rules\n', """1:15: this text starts with a quote, so YAML ends it at the next one"""),
    ("a: [x, y\nb: z\n", "1:4: this [ is never closed: add the closing ]"),
    ("a: {x: y\n", "1:4: this { is never closed: add the closing }"),
    (
        "title: @handle\n",
        '1:8: a text cannot start with @ in YAML: put the whole text in quotes, like this: title: "@handle"',
    ),
    ("title: *bold* text\n", "1:8: a text cannot start with * in YAML: put the whole text in quotes"),
    ("title: | x\n", "1:8: a text cannot start with | or > in YAML"),
    ('path: "C:\\Users"\n', "1:10: a backslash (\\) in double quotes starts an escape sequence"),
    ("title: Rules\n- a\n", "2:1: a list item ('- ...') cannot stand among keys"),
    ("do:\n- a\nb\n", "3:1: this line is neither 'key: value' nor a list item"),
    (
        "a: 1\n---\nb: 2\n",
        "2:1: a line '---' starts a second document, but a file holds one: remove that line",
    ),
]


@pytest.mark.parametrize(("text", "advice"), ADVICE, ids=[text.split("\n")[0] for text, _ in ADVICE])
def test_a_yaml_mistake_is_reported_as_advice_with_the_parsers_words_below(
    tmp_path: Path, text: str, advice: str
) -> None:
    path = tmp_path / "page.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        read_yaml(path, "page.yml")
    [problem] = caught.value.problems
    first, second = str(problem).split("\n")
    assert first.startswith("page.yml:")
    assert advice in first
    assert second.startswith("  (YAML parser: ") and second.endswith(")")


def test_a_quote_left_open_is_reported_where_it_opens_not_at_the_end_of_the_file(minimal: Path) -> None:
    lines = (
        ["title: Rules", 'summary: "What everyone must know']
        + ["blocks:"]
        + [f"  - {{type: text, body: Part {n}.}}" for n in range(50)]
    )
    (minimal / "content/pages/rules.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    [error] = errors_of(minimal)
    assert error.splitlines() == [
        'content/pages/rules.yml:2:10: this quote is never closed: add the closing "',
        "  (YAML parser: while scanning a quoted scalar, found unexpected end of stream)",
    ]


def test_a_text_read_as_a_mapping_is_shown_quoted(minimal: Path) -> None:
    write(
        minimal / "content/pages/rules.yml",
        """
        title: {Rules}
        blocks:
          - type: do_dont
            do:
              - Tip: book early
              - "Note:"
            dont: [Lie., Note: never]
        """,
    )
    assert errors_of(minimal) == [
        "content/pages/rules.yml:1:8: a text cannot start with { in YAML: put the whole text in quotes,"
        ' like this: title: "{Rules}"',
        "content/pages/rules.yml:5:9: this text contains ': ', which YAML reads as a new key:"
        ' put the whole text in quotes, like this: - "Tip: book early"',
        "content/pages/rules.yml:7:18: this text contains ': ', which YAML reads as a new key:"
        ' put the whole text in quotes, like this: dont: [Lie., "Note: never"]',
    ]


def test_an_unknown_setting_in_mkdocs_yml_is_reported_with_a_suggestion(minimal: Path) -> None:
    from generator.engine.mkdocs import read_mkdocs_config

    (minimal / "mkdocs.yml").write_text("theme: material\nsite_ulr: https://x.example/\nplugins: [search]\n")
    with pytest.raises(HandbookError) as caught:
        read_mkdocs_config(minimal / "mkdocs.yml")
    assert [str(p) for p in caught.value.problems] == [
        "mkdocs.yml:2:1: unknown setting 'site_ulr', which MkDocs would ignore; did you mean 'site_url'?"
    ]


def test_a_content_file_edited_after_a_load_is_read_anew_and_its_mistakes_still_found(
    minimal: Path, tmp_path: Path
) -> None:
    """A build keeps each content file's parse by its bytes; an edit is never answered from the old one."""
    cache = tmp_path / "parsed"
    rules = minimal / "content/pages/rules.yml"
    assert load_project(minimal, cache).handbook.pages[0].title == Text("Rules")
    assert len(list(cache.iterdir())) >= 3  # handbook.yml, contacts.yml, the pages
    rules.write_text(rules.read_text(encoding="utf-8").replace("title: Rules", "title: House rules"))
    titles = [str(page.title) for page in load_project(minimal, cache).handbook.pages]
    assert "House rules" in titles and "Rules" not in titles
    token = "ghp_" + "a" * 36  # the credential scan runs on an edited file too
    rules.write_text(rules.read_text(encoding="utf-8").replace("Be kind.", f"Be kind {token}"))
    with pytest.raises(HandbookError) as caught:
        load_project(minimal, cache)
    assert str(caught.value.problems[0]).startswith("content/pages/rules.yml:5:")
    rules.write_text(rules.read_text(encoding="utf-8").replace(f"Be kind {token}", "Be kind.\n  - oops: ["))
    with pytest.raises(HandbookError) as caught:
        load_project(minimal, cache)
    assert str(caught.value.problems[0]).startswith("content/pages/rules.yml:")
    # One parse kept per file: the earlier ones of rules.yml are gone.
    names = {(path.name.split("-")[0]) for path in cache.iterdir()}
    assert len(names) == len(list(cache.iterdir()))
