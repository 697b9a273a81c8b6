"""The generator's theme overrides are few, and each is checked against the installed theme's original.

An override copies a theme template, or one of its blocks, with a small change. When an
upgrade changes the original, the suite fails and says which override to look at, instead of
the copy silently keeping the old markup. Each engine has its own, and both share those whose
originals are the same.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.engine.engines import ENGINES
from generator.engine.overrides import overrides_in, stale_overrides


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_each_override_was_written_from_the_installed_theme(name: str) -> None:
    engine = ENGINES[name]
    assert stale_overrides(engine.overrides(), engine.theme, engine.templates()) == []


def test_the_overrides_are_few_and_each_names_its_original() -> None:
    found = {
        name: {(o.original, o.block) for folder in engine.overrides() for o in overrides_in(folder)}
        for name, engine in ENGINES.items()
    }
    shared = {
        ("404.html", None),  # the page's text, translated
        ("partials/alternate.html", None),  # the language selector leads to the same page
        ("base.html", "site_meta"),  # so do the head's hreflang links
    }
    # the search dialog is named; each navigation link is rendered once per site
    assert found["mkdocs"] == shared | {("partials/search.html", None), ("partials/nav.html", None)}
    assert found["zensical"] == shared  # Zensical's own search dialog is named already


def upgraded(tmp_path: Path, name: str) -> Path:
    """A copy of an engine's installed theme templates, to change as an upgrade would."""
    copy = tmp_path / name
    ignored = shutil.ignore_patterns(".icons", "assets")
    shutil.copytree(ENGINES[name].templates(), copy, ignore=ignored)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_changed_original_is_reported_with_what_to_do(tmp_path: Path) -> None:
    engine = ENGINES["mkdocs"]
    templates = upgraded(tmp_path, "mkdocs")
    edit(templates / "partials/search.html", "md-search", "md-search2")
    edit(templates / "base.html", '<meta charset="utf-8">', "<meta charset=utf-8>")
    stale = stale_overrides(engine.overrides(), engine.theme, templates)
    assert len(stale) == 2
    assert stale[0].startswith("mkdocs/main.html: Material's base.html, block site_meta has changed (sha256 ")
    assert stale[1].startswith("mkdocs/partials/search.html: Material's partials/search.html has changed")
    assert stale[1].endswith("write the new fingerprint in its header")


def test_a_shared_override_is_checked_against_each_engine_s_original(tmp_path: Path) -> None:
    engine = ENGINES["zensical"]
    templates = upgraded(tmp_path, "zensical")
    edit(templates / "partials/alternate.html", "md-select__link", "md-select__link md-select__link--new")
    stale = stale_overrides(engine.overrides(), engine.theme, templates)
    assert [line.split(":")[0] for line in stale] == ["common/partials/alternate.html"]
    assert "Zensical's partials/alternate.html has changed" in stale[0]


def test_a_change_outside_an_overridden_block_is_not_reported(tmp_path: Path) -> None:
    engine = ENGINES["mkdocs"]
    templates = upgraded(tmp_path, "mkdocs")
    edit(templates / "base.html", "</html>", "</html>\n<!-- a new comment -->")
    assert stale_overrides(engine.overrides(), engine.theme, templates) == []
