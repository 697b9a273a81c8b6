"""The engine that builds the sites: MkDocs with Material (the default) or Zensical, chosen per project.

``engine:`` in content/handbook.yml chooses it, ``--engine`` on ``build``, ``serve`` and ``pdf``
overrides it for one run. What Zensical cannot honour of a project's mkdocs.yml is an error at
its line, never dropped in silence. The browser suite runs once per engine (test_browser.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.engine.engines import ENGINES
from generator.engine.mkdocs import TEMPLATE_CACHE, BuildTarget, build_one, write_folder, write_mkdocs_project
from generator.model.handbook import Metadata


def handbook(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def generator_of(page: Path) -> str:
    found = re.search(r'<meta name="generator" content="([^"]*)"', page.read_text(encoding="utf-8"))
    assert found, page
    return found[1]


def test_the_engine_setting_names_every_engine_the_generator_has() -> None:
    assert Metadata.model_fields["engine"].default == "mkdocs"
    assert set(Metadata.model_fields["engine"].annotation.__args__) == set(ENGINES)  # type: ignore[union-attr]


def test_handbook_yml_chooses_zensical_and_the_command_line_overrides_it(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en]\nengine: zensical")
    result = handbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    page = root / "site/handbook/en/rules/index.html"
    assert generator_of(page).startswith("zensical-")
    assert (root / "site/community/en/index.html").is_file()
    result = handbook("build", "--engine", "mkdocs", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 2 sites")  # another engine: every site again
    assert generator_of(page).startswith("mkdocs-")
    assert handbook("build", "--engine", "mkdocs", cwd=root).stdout.startswith("Nothing to do")


def test_an_unknown_engine_is_refused_at_its_line(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en]\nengine: hugo")
    result = handbook("check", cwd=root)
    assert result.returncode == 1
    assert result.stderr.startswith("content/handbook.yml:7:9: engine: ")
    assert "'mkdocs'" in result.stderr and "'zensical'" in result.stderr
    assert "Traceback" not in result.stderr
    assert handbook("build", "--engine", "hugo", cwd=root).returncode == 2  # a usage error


def test_what_zensical_would_drop_is_an_error_at_its_line_and_nothing_is_written(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    assert handbook("build", cwd=root).returncode == 0
    before = (root / "site/handbook/en/rules/index.html").read_bytes()
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text(encoding="utf-8")
        + "hooks:\n  - my_hooks.py\n"
        + "plugins:\n  - search:\n      lang: [en]\n  - offline\n  - awesome-pages\n",
        encoding="utf-8",
    )
    result = handbook("build", "--engine", "zensical", cwd=root)
    assert result.returncode == 1, result.stdout
    lines = result.stderr.splitlines()
    number = len(mkdocs_yml.read_text(encoding="utf-8").splitlines())
    assert lines == [
        f"mkdocs.yml:{number - 6}:1: Zensical runs no MkDocs hooks: remove 'hooks', or build with "
        "'engine: mkdocs' in content/handbook.yml",
        f"mkdocs.yml:{number - 2}:7: Zensical ignores the search option 'lang' (it keeps enabled, "
        "separator): remove 'lang', or build with 'engine: mkdocs' in content/handbook.yml",
        f"mkdocs.yml:{number - 1}:5: Zensical loads a script from unpkg.com in offline mode; the sites load "
        "nothing from elsewhere: remove 'offline', or build with 'engine: mkdocs' in content/handbook.yml",
        f"mkdocs.yml:{number}:5: Zensical does not run the plugin 'awesome-pages': remove 'awesome-pages', "
        "or build with 'engine: mkdocs' in content/handbook.yml",
        "4 errors; nothing was written.",
    ]
    assert (root / "site/handbook/en/rules/index.html").read_bytes() == before
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en]\nengine: zensical")
    checked = handbook("check", cwd=root)  # check refuses what build refuses
    assert checked.returncode == 1 and checked.stderr.splitlines() == lines


@pytest.mark.parametrize("lang", ["en", "ja", "ar", "ga"])
def test_material_search_gets_the_settings_its_own_reading_of_the_language_gives(
    tmp_path: Path, lang: str
) -> None:
    # The generator writes the search separator and pipeline into each site's mkdocs.yml, so that
    # Material's search does not compile the theme's language templates again for every site.
    config = {
        "site_name": "Test",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": lang, "custom_dir": "overrides"},
        "plugins": [{"search": {}}],
        "extra": {"handbook_not_found": {"title": "Not found", "message": "Gone.", "home": "Home"}},
    }
    ours = BuildTarget("handbook", lang, tmp_path / "ours", tmp_path / "ours-site")
    page = {"index.md": "# Title\n\nA few words.\n"}
    write_mkdocs_project(ours, {**config, "site_dir": str(ours.site_dir)}, page)
    written = yaml.safe_load(ours.config_file.read_text(encoding="utf-8"))
    assert written["plugins"][0]["material/search"]["separator"]
    plain = tmp_path / "plain"  # the same project, its search left to read the language itself
    shutil.copytree(ours.project_dir, plain, symlinks=True)
    plain_config = {**config, "site_dir": str(tmp_path / "plain-site")}
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(plain_config), encoding="utf-8")
    assert build_one(ours.config_file) == []
    assert build_one(plain / "mkdocs.yml") == []

    def search_config(site: Path) -> object:
        return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]

    assert search_config(ours.site_dir) == search_config(tmp_path / "plain-site")


def _custom_theme(root: Path) -> None:
    """A project's own custom_dir: its own icon for the logo, and a repository link (Material's icon)."""
    icons = root / "overrides/.icons/custom"
    icons.mkdir(parents=True)
    (icons / "mark.svg").write_text('<svg id="our-mark" viewBox="0 0 1 1"></svg>\n', encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "repo_url: https://example.org/policies\n"
        "theme:\n  name: material\n  custom_dir: overrides\n  icon:\n    logo: custom/mark\n",
        encoding="utf-8",
    )


def test_the_sites_theme_folder_builds_what_materials_own_folder_builds(
    project: Callable[[str], Path],
) -> None:
    # Material's files are linked into the folder the sites share, so that MkDocs does not list
    # Material's 14,000 icons for every site; the site must be the same, byte for byte.
    root = project("minimal")
    _custom_theme(root)
    assert handbook("build", "--project", str(root)).returncode == 0
    generated = root / "build/handbook/en/mkdocs.yml"
    config = yaml.safe_load(generated.read_text(encoding="utf-8"))
    assert config["theme"]["name"] is None  # the theme folder is the whole theme
    page = (root / "site/handbook/en/index.html").read_text(encoding="utf-8")
    assert 'id="our-mark"' in page  # the project's own icon
    git_icon = (ENGINES["mkdocs"].templates() / ".icons/fontawesome/brands/git-alt.svg").read_text("utf-8")
    assert git_icon.strip() in page  # and Material's, through the same icon folder
    sites = {}
    for name, theme in (("ours", config["theme"]), ("plain", {**config["theme"], "name": "material"})):
        sites[name] = root / name
        written = {**config, "theme": theme, "site_dir": str(sites[name])}
        generated.write_text(yaml.safe_dump(written), encoding="utf-8")
        assert build_one(generated) == []
    files = sorted(p.relative_to(sites["ours"]) for p in sites["ours"].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites["plain"]) for p in sites["plain"].rglob("*") if p.is_file())
    for name in files:
        assert (sites["ours"] / name).read_bytes() == (sites["plain"] / name).read_bytes(), name


def test_each_theme_file_is_linked_from_one_copy_and_is_what_mkdocs_would_copy(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    _custom_theme(root)
    house = root / "overrides/assets/stylesheets/house.css"
    house.parent.mkdir(parents=True)
    house.write_text(".house { color: navy; }\n", encoding="utf-8")
    assert handbook("build", "--project", str(root)).returncode == 0
    generated = root / "build/handbook/en/mkdocs.yml"
    config = yaml.safe_load(generated.read_text(encoding="utf-8"))
    sites = {}
    plain = [item if not isinstance(item, dict) or TEMPLATE_CACHE not in item else TEMPLATE_CACHE
             for item in config["plugins"]]  # fmt: skip
    for name, plugins in (("linked", config["plugins"]), ("copied", plain)):
        sites[name] = root / name
        generated.write_text(yaml.safe_dump({**config, "plugins": plugins, "site_dir": str(sites[name])}))
        assert build_one(generated) == []
    copied = sorted(p.relative_to(sites["copied"]) for p in sites["copied"].rglob("*") if p.is_file())
    linked = sorted(p.relative_to(sites["linked"]) for p in sites["linked"].rglob("*") if p.is_file())
    assert linked == [name for name in copied if name.suffix != ".map"]  # and no source maps
    for name in linked:
        assert (sites["linked"] / name).read_bytes() == (sites["copied"] / name).read_bytes(), name
    (bundle,) = sites["linked"].glob("assets/javascripts/bundle.*.min.js")
    (kept,) = (root / "build/theme-files").glob("*-bundle.*.min.js")
    assert os.path.samefile(bundle, kept)  # one copy for every site
    house.write_text(".house { color: teal; }\n", encoding="utf-8")
    assert handbook("build", "--project", str(root)).returncode == 0
    css = (root / "site/handbook/en/assets/stylesheets/house.css").read_text(encoding="utf-8")
    assert css == ".house { color: teal; }\n"


def test_without_hard_links_each_site_gets_its_own_copy_of_the_theme_files(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pipeline import build_site

    def refuse(source: object, destination: object) -> None:
        raise OSError("hard links are not allowed here")

    monkeypatch.setattr(os, "link", refuse)
    root = project("minimal")
    build_site(root, jobs=1)
    (bundle,) = (root / "site/handbook/en/assets/javascripts").glob("bundle.*.min.js")
    source = ENGINES["mkdocs"].templates() / "assets/javascripts" / bundle.name
    assert bundle.read_bytes() == source.read_bytes()
    assert bundle.stat().st_nlink == 1


def test_without_symbolic_links_the_site_is_built_from_materials_own_folder(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pipeline import build_site

    def refuse(self: Path, target: object, target_is_directory: bool = False) -> None:
        raise OSError("symbolic links are not allowed here")

    monkeypatch.setattr(Path, "symlink_to", refuse)
    root = project("minimal")
    _custom_theme(root)
    build_site(root, jobs=1)
    config = yaml.safe_load((root / "build/handbook/en/mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    page = (root / "site/handbook/en/index.html").read_text(encoding="utf-8")
    assert 'id="our-mark"' in page


def test_the_written_project_holds_exactly_the_rendered_files_and_unchanged_ones_are_left_alone(
    tmp_path: Path,
) -> None:
    """A page removed from the content is gone from the engine's input; a page unchanged is not rewritten."""
    docs = tmp_path / "docs"
    write_folder(docs, {"index.md": b"# Home\n", "rules.md": b"# Rules\n", "old/page.md": b"# Old\n"})
    home = (docs / "index.md").stat()
    write_folder(docs, {"index.md": b"# Home\n", "rules.md": b"# House rules\n", "old": b"a file now\n"})
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == ["index.md", "old", "rules.md"]
    assert (docs / "rules.md").read_bytes() == b"# House rules\n"
    assert (docs / "old").read_bytes() == b"a file now\n"
    kept = (docs / "index.md").stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (home.st_ino, home.st_mtime_ns)


def test_the_written_project_never_writes_through_a_link_left_in_it(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_bytes(b"not the generator's\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").symlink_to(outside)
    write_folder(docs, {"index.md": b"# Home\n"})
    assert not (docs / "index.md").is_symlink() and (docs / "index.md").read_bytes() == b"# Home\n"
    assert outside.read_bytes() == b"not the generator's\n"
