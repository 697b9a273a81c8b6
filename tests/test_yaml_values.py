"""Values mean what HR typed: plain YAML values are read by the YAML 1.2 core schema.

PyYAML alone reads YAML 1.1, where ``no`` is false, ``2.10`` is the number 2.1,
``09:00`` is 540 and ``2026-13-01`` is a crash. The loader hands validation the
text as typed instead; only ``null``/``~``/nothing and ``true``/``false`` mean
something else, and the model reads numbers, dates and times from the text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from annotated_types import MinLen
from pydantic import BaseModel

from generator.errors import HandbookError
from generator.load.project import load_project
from generator.load.yaml import read_yaml
from generator.model.handbook import Addendum, Changelog, Directory, Metadata, Page
from generator.model.registry import BLOCK_TYPES
from generator.render.markdown import render_output
from generator.translate.localise import Translations

META = "content/handbook.yml"
CONTACTS = "content/contacts.yml"
RULES = "content/pages/rules.yml"


@pytest.fixture
def minimal(project: Callable[[str], Path]) -> Path:
    return project("minimal")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def data_of(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "file.yml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return read_yaml(path, "file.yml").data


def errors_of(root: Path) -> list[str]:
    with pytest.raises(HandbookError) as caught:
        load_project(root)
    return [str(problem) for problem in caught.value.problems]


# --- The loader ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("FALSE", False),
        ("null", None),
        ("~", None),
        ("", None),
        # YAML 1.1 would read these as booleans, numbers, base-60 numbers or dates
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("2.10", "2.10"),
        ("01234567", "01234567"),
        ("12", "12"),
        ("1_000", "1_000"),
        ("0x1F", "0x1F"),
        (".inf", ".inf"),
        ("09:00", "09:00"),
        ("1:30:00", "1:30:00"),
        ("2025-01-06", "2025-01-06"),
        ("2026-13-01", "2026-13-01"),
        ("2025-01-06 10:00:00", "2025-01-06 10:00:00"),
        # quoted values are always text
        ('"true"', "true"),
        ("'null'", "null"),
        ("!!str 2.10", "2.10"),
    ],
)
def test_a_plain_value_is_read_by_the_yaml_1_2_core_schema(tmp_path: Path, typed: str, value: Any) -> None:
    assert data_of(tmp_path, f"key: {typed}\n") == {"key": value}


def test_keys_are_the_words_typed(tmp_path: Path) -> None:
    assert data_of(tmp_path, "no: 1\non: 2\n1.0: 3\ntrue: 4\n") == {
        "no": "1",
        "on": "2",
        "1.0": "3",
        "true": "4",
    }


def test_multi_line_and_block_texts_are_unchanged(tmp_path: Path) -> None:
    data = data_of(
        tmp_path,
        """
        plain: one
          two
        folded: >-
          one
          two
        literal: |
          one
          two
        """,
    )
    assert data == {"plain": "one two", "folded": "one two", "literal": "one\ntwo\n"}


@pytest.mark.parametrize(
    "tag", ["!!int 12", "!!float 2.1", "!!bool yes", "!!timestamp 2026-13-01", "!!binary aGk="]
)
def test_tags_are_refused_with_the_text_to_write(tmp_path: Path, tag: str) -> None:
    with pytest.raises(HandbookError) as caught:
        data_of(tmp_path, f"title: {tag}\n")
    [problem] = caught.value.problems
    name = tag.split(" ")[0]
    assert str(problem) == (
        f"file.yml:1:8: the YAML tag '{name}' is not allowed; if it is text, put it in quotes,"
        f' like this: title: "{tag}"'
    )


# --- End to end: the model gets what was typed --------------------------------------


def test_a_version_a_phone_number_and_norwegian_are_kept_as_typed(minimal: Path) -> None:
    edit(minimal / META, 'version: "1.0"', "version: 2.10")
    edit(minimal / META, "languages: [en]", "languages: [en, no]")
    edit(
        minimal / CONTACTS,
        "    email: people@example.org\n",
        "    email: people@example.org\n    phone: 01234567\n",
    )
    project = load_project(minimal)
    meta = project.handbook.meta
    assert meta.version == "2.10"
    assert meta.languages == ["en", "no"]
    assert project.handbook.contacts["hr"].phone == "01234567"
    home = render_output(project.handbook, "handbook", "en", Translations.source("en"))["index.md"]
    assert "| Version | 2.10 |" in home.replace("\\", "")  # Markdown-escaped: 2\.10


def test_words_yaml_1_1_read_as_booleans_stay_words_in_texts(minimal: Path) -> None:
    edit(minimal / RULES, "do: [Be kind.]", "do: [on, yes, no, 'off', 12, 2.10]")
    block = load_project(minimal).handbook.page("rules").blocks[0]
    assert block.do == ["on", "yes", "no", "off", "12", "2.10"]  # type: ignore[union-attr]


def test_numbers_dates_and_times_are_read_from_the_text(minimal: Path) -> None:
    edit(minimal / META, "owner: hr", "owner: hr\nreview_every_months: 6\npdf: false")
    edit(minimal / RULES, "summary:", "last_reviewed: 2025-11-30\nreview_every_months: 12\nsummary:")
    project = load_project(minimal)
    page = project.handbook.page("rules")
    assert (project.handbook.meta.review_every_months, project.handbook.meta.pdf) == (6, False)
    assert (page.review_every_months, page.last_reviewed.isoformat()) == (12, "2025-11-30")  # type: ignore[union-attr]
    assert project.handbook.meta.effective_date.isoformat() == "2026-01-15"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("yes", "'yes' is not true or false: write true or false (without quotes)"),
        ("on", "'on' is not true or false: write true or false (without quotes)"),
        ("1", "'1' is not true or false: write true or false (without quotes)"),
        ('"true"', "'true' is not true or false: write true or false (without quotes)"),
        ("", "nothing is not true or false: write true or false (without quotes)"),
    ],
)
def test_a_boolean_is_true_or_false_and_nothing_else(minimal: Path, typed: str, message: str) -> None:
    edit(minimal / META, "owner: hr", f"owner: hr\npdf: {typed}")
    assert errors_of(minimal) == [f"{META}:8:{6 if typed else 5}: pdf: {message}"]


@pytest.mark.parametrize(
    "typed", ["2026-13-01", "2025-02-30", "06/01/2025", "2025-1-6", "20250106", "2025-01-06 10:00"]
)
def test_a_date_is_a_real_day_written_yyyy_mm_dd(minimal: Path, typed: str) -> None:
    edit(minimal / META, "2026-01-15", typed)
    message = f"'{typed}' is not a date: write dates as YYYY-MM-DD (e.g. 2025-01-06)"
    assert errors_of(minimal) == [f"{META}:4:17: effective_date: {message}"]


@pytest.mark.parametrize(
    ("typed", "shown"), [("09:00", "09:00:00"), ("9:30", "09:30:00"), ("'18:45'", "18:45:00")]
)
def test_a_time_is_hh_mm(tmp_path: Path, typed: str, shown: str) -> None:
    from generator.model.blocks import Hours

    assert (
        str(Hours.model_validate({"days": "mon", "opens": typed.strip("'"), "closes": "23:59"}).opens)
        == shown
    )


@pytest.mark.parametrize("typed", ["24:00", "9h", "0900", "9:75"])
def test_a_time_that_is_not_hh_mm_is_refused(typed: str) -> None:
    from pydantic import ValidationError

    from generator.model.blocks import Hours

    with pytest.raises(ValidationError) as caught:
        Hours.model_validate({"days": "mon", "opens": typed, "closes": "18:00"})
    assert "write times as HH:MM, from 00:00 to 23:59 (e.g. 09:00)" in str(caught.value)


# --- Required lists -------------------------------------------------------------------


def _models() -> list[type[BaseModel]]:
    """Every model class a content file is made of."""
    seen: list[type[BaseModel]] = []
    todo: list[Any] = [Metadata, Directory, Page, Addendum, Changelog, *BLOCK_TYPES.values()]
    while todo:
        item = todo.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item not in seen:
                seen.append(item)
                todo.extend(field.annotation for field in item.model_fields.values())
        elif get_origin(item) is not None or get_args(item):
            todo.extend(get_args(item))
    return seen


def test_every_list_without_a_default_must_have_an_item() -> None:
    lists = [
        (model.__name__, name, field)
        for model in _models()
        for name, field in model.model_fields.items()
        if get_origin(field.annotation) is list
    ]
    assert len(lists) > 40
    for model, name, field in lists:
        required = field.is_required()
        non_empty = any(isinstance(m, MinLen) and m.min_length == 1 for m in field.metadata)
        assert required == non_empty, f"{model}.{name}: a required list must be NonEmpty, an optional one not"


def test_an_optional_list_may_be_empty(minimal: Path) -> None:
    edit(minimal / RULES, "summary:", "related: []\nsummary:")
    assert load_project(minimal).handbook.page("rules").related == []
