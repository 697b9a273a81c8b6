"""The loader: valid projects load; every kind of bad input is reported at its file, line and column."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import HandbookError
from generator.load.project import load_project
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
