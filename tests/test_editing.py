"""Editing comfort: JSON Schemas for the content files, and a new organisation's first project."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.load.project import load_project
from generator.pipeline import build_site
from generator.starter.kinds import STARTERS

from .conftest import REPO


def as_editor_sees(value: Any) -> Any:
    """YAML as an editor's schema check reads it: dates are strings there."""
    if isinstance(value, dict):
        return {key: as_editor_sees(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("schemas")
    result = CliRunner().invoke(main, ["schema", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert '"schema/page.schema.json": "content/pages/*.yml"' in result.output  # the editor setting
    return {path.name: json.loads(path.read_text()) for path in (root / "schema").iterdir()}


def content(path: Path) -> Any:
    return as_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_every_content_file_of_the_sample_passes_its_schema(schemas: dict[str, dict]) -> None:
    for name in ("handbook", "contacts", "changelog"):
        jsonschema.validate(content(REPO / f"content/{name}.yml"), schemas[f"{name}.schema.json"])
    for page in sorted((REPO / "content/pages").glob("*.yml")):
        jsonschema.validate(content(page), schemas["page.schema.json"])


@pytest.mark.parametrize(
    ("change", "mistake"),
    [
        ({"titel": "Rules"}, "Additional properties are not allowed ('titel' was unexpected)"),
        ({"audience": "everyone"}, "'everyone' is not one of ['internal', 'public', 'both']"),
        ({"blocks": [{"type": "do_dont", "do": ["Be kind."]}]}, "'dont' is a required property"),
        ({"blocks": [{"type": "callout", "body": {"txt": "Hi"}}]}, "'txt' was unexpected"),
    ],
)
def test_the_page_schema_catches_what_the_loader_would_refuse(
    schemas: dict[str, dict], change: dict, mistake: str
) -> None:
    page = content(REPO / "content/pages/legal.yml") | change
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(page, schemas["page.schema.json"])
    assert any(mistake in message for message in messages(caught.value))


@pytest.mark.parametrize(
    "acknowledgment",
    [
        "I have read the rules.",
        {"text": "I have read the rules.", "note": "Signed by every volunteer"},
        {"statement": "I have read the rules.", "how": "You confirm in the volunteer portal."},
    ],
)
def test_the_handbook_schema_takes_a_statement_or_who_and_how(
    schemas: dict[str, dict], acknowledgment: Any
) -> None:
    meta = content(REPO / "content/handbook.yml") | {"acknowledgment": acknowledgment}
    jsonschema.validate(meta, schemas["handbook.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            meta | {"acknowledgment": {"statement": "x", "where": "y"}}, schemas["handbook.schema.json"]
        )


def messages(error: jsonschema.ValidationError) -> list[str]:
    """The error's message and those of the alternatives it tried (a block is one of many types)."""
    return [error.message, *(m for sub in error.context or [] for m in messages(sub))]


def test_init_starts_a_general_handbook_that_builds_at_once(tmp_path: Path) -> None:
    root = tmp_path / "new"
    result = CliRunner().invoke(main, ["init", str(root), "--organisation", 'Zięba & "Co": bank'])
    assert result.exit_code == 0, result.output
    assert "wrote      content/handbook.yml" in result.output
    assert "wrote      content/pages/expenses.yml" in result.output  # the general starter is the default
    check = CliRunner().invoke(main, ["check", "--project", str(root), "--strict"])
    assert check.exit_code == 0, check.output
    build_site(root)
    home = (root / "site/handbook/en/index.html").read_text(encoding="utf-8")
    assert "Zięba &amp; &quot;Co&quot;: bank" in home or 'Zięba &amp; "Co": bank' in home
    assert (root / ".gitignore").read_text() == "site/\nbuild/\n"


@pytest.mark.parametrize("template", list(STARTERS))
def test_every_starter_passes_a_strict_check_and_builds_at_once(tmp_path: Path, template: str) -> None:
    root = tmp_path / template
    result = CliRunner().invoke(main, ["init", str(root), "--template", template, "--language", "de"])
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(main, ["check", "--project", str(root), "--strict"])
    assert check.exit_code == 0, check.output
    assert "0 warnings" in check.output
    build_site(root)
    handbook = load_project(root).handbook
    for page in handbook.pages:
        html = (root / f"site/handbook/de/{page.id}/index.html").read_text(encoding="utf-8")
        assert f"<title>{page.title} - " in html
    assert '<html lang="de"' in (root / "site/handbook/de/index.html").read_text(encoding="utf-8")
    public = root / "site/community/de/index.html"
    title = PUBLIC_TITLES[template]
    assert public.is_file() == (title is not None)
    if title:
        assert f"<title>{title}" in public.read_text(encoding="utf-8")


# What each starter publishes for the public: an employee handbook nothing.
PUBLIC_TITLES = {
    "general": None,
    "code-of-conduct": "Code of conduct",
    "social-media": "Community guidelines",
}


def test_each_starter_is_its_own_kind_of_handbook(tmp_path: Path) -> None:
    titles = {}
    for template in STARTERS:
        root = tmp_path / template
        assert CliRunner().invoke(main, ["init", str(root), "--template", template]).exit_code == 0
        titles[template] = load_project(root).handbook.meta.title
    assert titles == {
        "general": "Employee handbook",
        "code-of-conduct": "Code of conduct",
        "social-media": "Social media policy",
    }
    shared = {"content/handbook.yml", "content/contacts.yml", "content/changelog.yml", "mkdocs.yml"}
    for template in STARTERS:
        files = {p.relative_to(tmp_path / template).as_posix() for p in (tmp_path / template).rglob("*.yml")}
        assert shared <= files


def test_init_names_the_starters_when_one_is_misspelt(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "new"), "--template", "code_of_conduct"])
    assert result.exit_code == 2
    assert "'general', 'code-of-conduct', 'social-media'" in result.output
    assert not (tmp_path / "new").exists()


def test_init_never_writes_into_a_folder_that_has_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1 and "already exists and is not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    result = CliRunner().invoke(main, ["init", str(tmp_path / "new"), "--language", "xx-nowhere"])
    assert result.exit_code == 1 and "unknown language code 'xx-nowhere'" in result.output
