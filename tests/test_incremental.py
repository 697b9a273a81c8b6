"""A rebuild does only the work its changes need, and says what it did.

Each site (an output in a language) is rebuilt when what it shows changed. A site whose
inputs (content, templates, mkdocs.yml, its catalog, the generator) are all unchanged is
kept without being rendered; one whose inputs changed is rendered, and when the engine would
read exactly what it read last time (an internal page edited: the public sites), it is kept
too, not built again. Sites that did not change are carried into the new site folder as they
were (hard links), in the same atomic swap.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from generator.load.project import load_project
from generator.pipeline import BuildReport, build_project
from generator.translate.workflow import init_language

ALL = ["community/en", "community/fr", "handbook/en", "handbook/fr"]


@pytest.fixture
def bilingual(project: Callable[[str], Path]) -> Path:
    """The minimal project in English and French, built once."""
    root = project("minimal")
    meta = root / "content/handbook.yml"
    meta.write_text(meta.read_text("utf-8").replace("[en]", "[en, fr]"), "utf-8")
    init_language(root, "fr")
    assert sorted(build(root).built) == ALL
    return root


def build(root: Path, **options: object) -> BuildReport:
    return build_project(load_project(root), root / "site", root / "build", **options)  # type: ignore[arg-type]


def translate(root: Path, msgid: str, msgstr: str) -> None:
    path = root / "locales/fr/LC_MESSAGES/handbook.po"
    catalog = polib.pofile(str(path))
    catalog.find(msgid).msgstr = msgstr
    catalog.save()


def inode(root: Path, page: str) -> int:
    return (root / "site" / page / "index.html").stat().st_ino


def test_a_rebuild_with_no_change_does_nothing(bilingual: Path) -> None:
    site = (bilingual / "site").stat().st_ino
    report = build(bilingual)
    assert report.built == [] and sorted(report.kept) == ALL
    assert (bilingual / "site").stat().st_ino == site  # not even swapped


def test_an_edited_catalog_rebuilds_only_its_language(bilingual: Path) -> None:
    english = inode(bilingual, "handbook/en/rules")
    translate(bilingual, "Be kind.", "Soyez aimable.")  # on an internal page: the handbook only
    report = build(bilingual)
    assert report.built == ["handbook/fr"]
    assert sorted(report.kept) == ["community/en", "community/fr", "handbook/en"]
    assert "Soyez aimable." in (bilingual / "site/handbook/fr/rules/index.html").read_text("utf-8")
    assert inode(bilingual, "handbook/en/rules") == english  # the very same file, carried over


def test_an_internal_edit_rebuilds_the_handbook_and_leaves_the_public_sites_untouched(
    bilingual: Path,
) -> None:
    public = inode(bilingual, "community/en")
    page = bilingual / "content/pages/rules.yml"  # an internal page
    page.write_text(page.read_text("utf-8").replace("Be kind.", "Be patient."), "utf-8")
    report = build(bilingual)
    assert sorted(report.built) == ["handbook/en", "handbook/fr"]
    assert sorted(report.kept) == ["community/en", "community/fr"]
    assert "Be patient." in (bilingual / "site/handbook/en/rules/index.html").read_text("utf-8")
    assert inode(bilingual, "community/en") == public  # the very same file, carried over


def test_a_public_edit_rebuilds_both_outputs(bilingual: Path) -> None:
    page = bilingual / "content/pages/community.yml"  # audience: both
    page.write_text(page.read_text("utf-8").replace("within a day", "within two days"), "utf-8")
    assert sorted(build(bilingual).built) == ALL
    assert "within two days" in (bilingual / "site/community/en/index.html").read_text("utf-8")


def test_an_edited_template_rebuilds_the_sites_that_show_it(bilingual: Path) -> None:
    (bilingual / "templates/blocks").mkdir(parents=True)
    builtin = Path(__file__).parent.parent / "generator/render/templates/blocks/expectations.md.j2"
    template = bilingual / "templates/blocks/expectations.md.j2"
    template.write_text(builtin.read_text("utf-8") + "\nEdited.\n", "utf-8")  # on the public page too
    assert sorted(build(bilingual).built) == ALL
    template.write_text(builtin.read_text("utf-8") + "\nEdited.\n{# a comment #}\n", "utf-8")
    assert build(bilingual).built == []  # rendered, and found to show the same: nothing built


def test_a_missing_site_is_rebuilt_and_force_rebuilds_everything(bilingual: Path) -> None:
    import shutil

    shutil.rmtree(bilingual / "site/handbook/fr")
    assert build(bilingual).built == ["handbook/fr"]
    assert (bilingual / "site/handbook/fr/rules/index.html").is_file()
    assert sorted(build(bilingual, force=True).built) == ALL


def test_building_one_language_keeps_the_others(bilingual: Path) -> None:
    page = bilingual / "content/pages/community.yml"  # shown in both outputs
    page.write_text(page.read_text("utf-8").replace("within a day", "within two days"), "utf-8")
    report = build(bilingual, langs=["fr"])
    assert sorted(report.built) == ["community/fr", "handbook/fr"]
    english = (bilingual / "site/handbook/en/community/index.html").read_text("utf-8")
    assert "within a day" in english  # as it was
    assert sorted(build(bilingual).built) == ["community/en", "handbook/en"]  # and caught up later


def test_progress_names_the_languages_done_and_remaining(bilingual: Path) -> None:
    calls: list[tuple[list[str], list[str]]] = []
    build(
        bilingual, force=True, jobs=1, progress=lambda done, rest: calls.append((_names(done), _names(rest)))
    )
    assert [len(done) for done, _ in calls] == [1, 2, 3, 4]
    assert calls[-1][1] == [] and sorted(calls[-1][0]) == ALL
    assert all(len(done) + len(rest) == 4 for done, rest in calls)


def _names(targets: list) -> list[str]:
    return [f"{t.output}/{t.lang}" for t in targets]


def run_cli(root: Path, terminal: bool) -> str:
    """``handbook build --force``, its standard error a terminal or a pipe; returns what it printed there."""
    command = [sys.executable, "-m", "generator", "build", "--force", "--project", str(root)]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, check=True).stderr
    main, secondary = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    assert process.wait() == 0
    os.close(main)
    return output.decode("utf-8", "replace")


def test_the_progress_line_shows_on_a_terminal_only(bilingual: Path) -> None:
    shown = run_cli(bilingual, terminal=True)
    # A line per finished task: a language's two sites (one site with fewer languages than workers).
    assert re.search(r"\[[123]/4\] done: .* \| remaining: ", shown) and "[4/4] done: " in shown
    assert "en" in shown.rsplit("[4/4] done: ", 1)[1] and "fr" in shown.rsplit("[4/4] done: ", 1)[1]
    assert run_cli(bilingual, terminal=False) == ""  # quiet in logs and pipes


# --- Knowing from bytes alone that nothing changed ------------------------------------------------

CHECK_QUICK = """
import sys
from click.testing import CliRunner
from generator.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
print(result.output, end="")
print("loaded:", "generator.pipeline" in sys.modules, "pydantic" in sys.modules)
"""


def handbook(root: Path, *args: str, **environment: str) -> str:
    """``handbook build`` in its own process: what it printed, and whether it loaded the pipeline."""
    env = {**os.environ, **environment}
    command = [sys.executable, "-c", CHECK_QUICK, "build", "--project", str(root), *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return done.stdout


def test_a_no_op_build_is_known_before_the_project_is_loaded_and_repeats_its_warnings(
    bilingual: Path,
) -> None:
    meta = bilingual / "content/handbook.yml"
    meta.write_text(
        meta.read_text("utf-8").replace("[en, fr]", "[en, fr, it]"), "utf-8"
    )  # a warning: no catalog
    first = handbook(bilingual, "--force")
    assert "Built 4 sites" in first and "loaded: True True" in first
    again = handbook(bilingual)
    assert "Nothing to do: " in again and "(4 sites)" in again
    assert "loaded: False False" in again  # neither the pipeline nor the model was imported
    warnings = [line for line in first.splitlines() if ": warning: " in line]
    assert warnings and [line for line in again.splitlines() if ": warning: " in line] == warnings


@pytest.mark.parametrize(
    "change",
    ["content", "catalog", "template", "theme", "mkdocs.yml", "option", "source date", "missing site"],
)
def test_any_change_a_build_would_see_takes_the_full_build(bilingual: Path, change: str) -> None:
    theme = bilingual / "overrides"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials/copyright.html").write_text("<p>Example Co</p>\n", encoding="utf-8")
    mkdocs_yml = bilingual / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text("utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n"), "utf-8"
    )
    handbook(bilingual)
    assert "Nothing to do" in handbook(bilingual)
    options: list[str] = []
    environment: dict[str, str] = {}
    if change == "content":
        page = bilingual / "content/pages/rules.yml"
        page.write_text(page.read_text("utf-8").replace("Be kind.", "Be kind, always."), "utf-8")
    elif change == "catalog":
        translate(bilingual, "Rules", "Règles")
    elif change == "template":
        (bilingual / "templates/pages").mkdir(parents=True, exist_ok=True)
        (bilingual / "templates/pages/home.md.j2").write_text("# {{ title }}\n", encoding="utf-8")
    elif change == "theme":
        (theme / "partials/copyright.html").write_text("<p>Example Company</p>\n", encoding="utf-8")
    elif change == "mkdocs.yml":
        mkdocs_yml.write_text(mkdocs_yml.read_text("utf-8") + "site_description: Rules\n", "utf-8")
    elif change == "option":
        options = ["--lang", "fr"]
    elif change == "source date":
        environment = {"SOURCE_DATE_EPOCH": "1767225600"}
    else:
        import shutil

        shutil.rmtree(bilingual / "site/handbook/fr")
    output = handbook(bilingual, *options, **environment)
    assert "loaded: True True" in output, output
    assert "Nothing to do" not in output or change == "option", output
