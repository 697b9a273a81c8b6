"""Block types come from the ``handbook.blocks`` entry points: the generator's own, and another package's.

``tests/plugins/example/`` is such a package, ``example-blocks``, as pip would install it (a
``*.dist-info`` folder beside it), adding a ``quote`` block with its own template;
``tests/plugins/rival/`` registers the built-in type ``text`` again. Each is put on the path of
a ``handbook`` run in a subprocess, since the block types are collected once per process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from generator.errors import HandbookError
from generator.model.reference import BEGIN, COMMAND, END, reference
from generator.model.registry import BLOCKS, GROUP, collect, type_of
from generator.render.jinja import BUILTIN_TEMPLATES

from .conftest import REPO, TESTS

EXAMPLE = TESTS / "plugins" / "example"
RIVAL = TESTS / "plugins" / "rival"

QUOTE = """\
  - type: quote
    title: From the top
    text: Think before you post.
    author: Ada Example
    role: Chief executive
"""


def handbook(*args: str, plugins: tuple[Path, ...] = (EXAMPLE,)) -> subprocess.CompletedProcess[str]:
    """The ``handbook`` command, with these block packages installed (on its path)."""
    path = [*map(str, plugins), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)


def replace(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.fixture
def quoting(project: Callable[[str], Path]) -> Path:
    """The minimal project with a ``quote`` block at the end of its rules page."""
    root = project("minimal")
    with (root / "content/pages/rules.yml").open("a", encoding="utf-8") as rules:
        rules.write(QUOTE)
    return root


# --- The generator's own block types ------------------------------------------------------


def test_the_readme_block_reference_is_up_to_date() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert BEGIN in readme and END in readme, "README.md lost the markers of its block reference"
    written = readme[readme.index(BEGIN) + len(BEGIN) : readme.index(END)].strip("\n")
    generated = reference(block for block in BLOCKS.values() if block.builtin).strip("\n")
    assert written == generated, f"README.md's block reference is out of date: run {COMMAND}"


def test_the_generators_own_block_types_are_registered_each_with_its_template() -> None:
    own = [block for block in BLOCKS.values() if block.builtin]
    assert own == list(BLOCKS.values())  # no other package is installed while the suite runs
    assert len(own) >= 24
    for block in own:
        assert block.package == "policy-handbook"
        assert type_of(block.cls) == block.type
        assert block.templates is None  # theirs are the built-in templates
        assert (BUILTIN_TEMPLATES / "blocks" / f"{block.type}.md.j2").is_file(), block.type


def test_a_block_class_registered_under_another_name_is_refused() -> None:
    found = [
        EntryPoint("quote", "generator.model.blocks:TextBlock", GROUP),
        EntryPoint("step", "generator.model.blocks:Step", GROUP),
        EntryPoint("gone", "no_such_package.blocks:Gone", GROUP),
    ]
    with pytest.raises(HandbookError) as caught:
        collect(found)
    messages = sorted(problem.message for problem in caught.value.problems)
    assert messages == [
        "cannot load block type 'gone' from no_such_package.blocks:Gone:"
        " ModuleNotFoundError(\"No module named 'no_such_package'\")",
        "generator.model.blocks:Step is not a block class (a subclass of generator.model.blocks.BlockBase)",
        "generator.model.blocks:TextBlock has 'text': registered as 'quote',"
        ' it needs type: Literal["quote"]',
    ]


# --- A package that adds a block type --------------------------------------------------


def test_a_block_type_of_another_package_checks_builds_and_shows_on_the_page(
    quoting: Path, tmp_path: Path
) -> None:
    plugin = tmp_path / "installed"
    shutil.copytree(EXAMPLE, plugin, ignore=shutil.ignore_patterns("__pycache__"))
    checked = handbook("check", "--project", str(quoting), plugins=(plugin,))
    assert checked.returncode == 0, checked.stderr
    built = handbook("build", "--project", str(quoting), plugins=(plugin,))
    assert built.returncode == 0, built.stderr
    html = (quoting / "site/handbook/en/rules/index.html").read_text(encoding="utf-8")
    assert '<h2 id="from-the-top">From the top</h2>' in html
    shown = '<div class="admonition quote">\n<p class="admonition-title">In their own words</p>'
    assert shown in html
    assert "<p>Think before you post.</p>\n<p>— Ada Example, Chief executive</p>" in html

    # Its template is part of what a build depends on: an upgraded package rebuilds the sites that
    # show its blocks (the handbook; the public page has none).
    template = plugin / "example_blocks/templates/blocks/quote.md.j2"
    replace(template, "own words", "words")
    again = handbook("build", "--project", str(quoting), plugins=(plugin,))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Built 1 site, 1 up to date"), again.stdout
    html = (quoting / "site/handbook/en/rules/index.html").read_text(encoding="utf-8")
    assert '<p class="admonition-title">In their words</p>' in html


def test_the_project_overrides_a_block_packages_template(quoting: Path) -> None:
    override = quoting / "templates/blocks/quote.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("{{ block.text }} (as the project shows it)\n", encoding="utf-8")
    script = (
        "from generator.render.jinja import template_folders; from pathlib import Path; import sys;"
        "print(*template_folders(Path(sys.argv[1])), sep='\\n')"
    )
    path = os.pathsep.join([str(EXAMPLE), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    found = subprocess.run(
        [sys.executable, "-c", script, str(quoting / "templates")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        check=True,
    ).stdout.splitlines()
    assert found == [
        str(quoting / "templates"),
        str(BUILTIN_TEMPLATES),
        str(EXAMPLE / "example_blocks" / "templates"),
    ]
    built = handbook("build", "--project", str(quoting))
    assert built.returncode == 0, built.stderr
    html = (quoting / "site/handbook/en/rules/index.html").read_text(encoding="utf-8")
    assert "Think before you post. (as the project shows it)" in html
    assert "In their own words" not in html


def test_a_block_package_without_its_template_is_told_where_it_should_be(
    quoting: Path, tmp_path: Path
) -> None:
    plugin = tmp_path / "installed"
    shutil.copytree(EXAMPLE, plugin, ignore=shutil.ignore_patterns("__pycache__", "templates"))
    checked = handbook("check", "--project", str(quoting), plugins=(plugin,))
    assert checked.returncode == 1
    assert checked.stderr.splitlines()[0] == (
        "templates/blocks/quote.md.j2: template not found:"
        " example-blocks has none for block type 'quote' in example_blocks/templates/"
    )


def test_a_block_packages_strings_reach_translators(quoting: Path) -> None:
    extracted = handbook("locales", "extract", "--project", str(quoting))
    assert extracted.returncode == 0, extracted.stderr
    template = (quoting / "locales/handbook.pot").read_text(encoding="utf-8")
    # The template's own string, named by its file in the package ...
    assert '#: example_blocks/templates/blocks/quote.md.j2\nmsgid "In their own words"\n' in template
    # ... and the block's texts from the content, but never data such as the author's name.
    content = '#. page rules: quote block > text\n#: content/pages/rules.yml\nmsgid "Think before you post."'
    assert content in template
    assert 'msgid "Chief executive"' in template
    assert "Ada Example" not in template


def test_the_schema_and_the_listing_include_a_block_packages_types(tmp_path: Path) -> None:
    written = handbook("schema", "--project", str(tmp_path))
    assert written.returncode == 0, written.stderr
    schema = json.loads((tmp_path / "schema/page.schema.json").read_text(encoding="utf-8"))
    mapping = schema["properties"]["blocks"]["items"]["discriminator"]["mapping"]
    assert mapping["quote"] == "#/$defs/Quote"
    assert "text" in mapping
    quote = schema["$defs"]["Quote"]
    assert quote["description"] == "A quotation, and who said it."
    assert quote["required"] == ["type", "text", "author"]

    listed = handbook("blocks")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:2] == ["text", "policy-handbook"]
    assert lines[-1].split() == ["quote", "example-blocks", "A", "quotation,", "and", "who", "said", "it."]
    table = handbook("blocks", "--markdown")
    assert table.stdout.endswith(
        "| `quote` | A quotation, and who said it. | `text` (the words quoted),"
        " `author` (who said it, as typed), `role`? (what the author does) |\n"
    )


def test_an_unknown_block_type_is_matched_against_every_installed_type(quoting: Path) -> None:
    rules = quoting / "content/pages/rules.yml"
    replace(rules, "type: quote", "type: qoute")
    checked = handbook("check", "--project", str(quoting))
    assert checked.returncode == 1
    assert "content/pages/rules.yml:7:11: unknown block type 'qoute'; did you mean 'quote'?" in checked.stderr
    without = handbook("check", "--project", str(quoting), plugins=())
    assert "unknown block type 'qoute'\n" in without.stderr  # no quote installed: nothing close

    replace(rules, "type: qoute", "type: quote")
    without = handbook("check", "--project", str(quoting), plugins=())
    assert "content/pages/rules.yml:7:11: unknown block type 'quote'\n" in without.stderr


def test_a_package_registering_a_built_in_type_is_an_error_naming_both(quoting: Path) -> None:
    for command in (("check", "--project", str(quoting)), ("blocks",)):
        result = handbook(*command, plugins=(EXAMPLE, RIVAL))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines() == [
            "rival-blocks (handbook.blocks entry point 'text'): block type 'text' is registered by two"
            " packages: policy-handbook (generator.model.blocks:TextBlock) and rival-blocks"
            " (rival_blocks:Shout); uninstall one of them, or give one block another type",
            "1 error; nothing was written.",
        ]
