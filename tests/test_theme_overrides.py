"""The generator's theme overrides are few, and each is checked against the installed theme's original.

An override copies a theme template, or one of its blocks, with a small change. When an
upgrade changes the original, the suite fails and says which override to look at, instead of
the copy silently keeping the old markup.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import material

from generator.engine.mkdocs import THEME
from generator.engine.overrides import overrides_in, stale_overrides

MATERIAL = Path(material.__file__).parent / "templates"


def test_each_override_was_written_from_the_installed_material() -> None:
    assert stale_overrides(THEME, MATERIAL) == []


def test_the_overrides_are_few_and_each_names_its_original() -> None:
    originals = {(o.original, o.block) for o in overrides_in(THEME)}
    assert originals == {
        ("404.html", None),  # the page's text, translated
        ("base.html", "site_meta"),  # the head's hreflang links lead to the same page
        ("partials/alternate.html", None),  # so does the language selector
        ("partials/search.html", None),  # the search dialog has a name
    }


def test_a_changed_original_is_reported_with_what_to_do(tmp_path: Path) -> None:
    upgraded = tmp_path / "templates"
    shutil.copytree(MATERIAL, upgraded, ignore=shutil.ignore_patterns(".icons", "assets"))
    search = upgraded / "partials/search.html"
    search.write_text(search.read_text(encoding="utf-8").replace("md-search", "md-search2"), encoding="utf-8")
    base = upgraded / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace('<meta charset="utf-8">', "<meta charset=utf-8>")
    )
    stale = stale_overrides(THEME, upgraded)
    assert len(stale) == 2
    assert stale[0].startswith("main.html: Material's base.html, block site_meta has changed (sha256 ")
    assert stale[1].startswith("partials/search.html: Material's partials/search.html has changed")
    assert stale[1].endswith("write the new fingerprint in its header")


def test_a_change_outside_an_overridden_block_is_not_reported(tmp_path: Path) -> None:
    upgraded = tmp_path / "templates"
    shutil.copytree(MATERIAL, upgraded, ignore=shutil.ignore_patterns(".icons", "assets"))
    base = upgraded / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "\n<!-- a new comment -->\n", encoding="utf-8")
    assert stale_overrides(THEME, upgraded) == []
