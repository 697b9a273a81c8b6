"""Compiled theme templates are kept between builds; an edit is never answered from an old compile.

Each build process would otherwise compile every theme template it uses again (Material's
pages, the language files the search reads), a twentieth of a build's work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import DictLoader, Environment, pass_context

from generator.pipeline import build_site
from generator.render.jinja import MemoryBytecodeCache

KEPT = "build/theme-bytecode"


def kept_compiles(root: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in (root / KEPT).iterdir()}


def page(root: Path) -> str:
    return (root / "site/handbook/en/index.html").read_text(encoding="utf-8")


def with_own_copyright(root: Path, text: str) -> None:
    """The project's own theme folder, overriding the footer's copyright line."""
    (root / "overrides/partials").mkdir(parents=True, exist_ok=True)
    (root / "overrides/partials/copyright.html").write_text(f"<p>{text}</p>\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("theme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8")


def test_the_next_build_compiles_no_theme_template_again(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    build_site(root)
    kept = kept_compiles(root)
    assert len(kept) > 10  # Material's page templates and partials, and the language files
    build_site(root, force=True)
    assert kept_compiles(root) == kept  # each read back, none written again


def test_an_edited_theme_template_is_shown_and_its_old_compile_dropped(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    with_own_copyright(root, "Example Co")
    build_site(root)
    assert "<p>Example Co</p>" in page(root)
    count = len(kept_compiles(root))
    with_own_copyright(root, "Example Company")
    build_site(root)
    assert "<p>Example Company</p>" in page(root)
    assert len(kept_compiles(root)) == count  # the edited template's compile replaced the old one


def test_compiles_cut_short_are_compiled_again(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    build_site(root)
    built = page(root)
    for kept in kept_compiles(root):
        kept.write_bytes(kept.read_bytes()[:40])  # as a crash or a full disk may leave them
    build_site(root, force=True)
    assert page(root) == built


def test_a_template_compiled_without_a_filter_is_compiled_again_where_the_filter_exists(
    tmp_path: Path,
) -> None:
    """Jinja compiles a filter's call by what the filter is passed (here the template's context):
    a compile made where the filter was missing is not reused where it is there."""
    templates = DictLoader({"greeting.html": "{% if name %}{{ name | greet }}{% endif %}"})
    plain = Environment(loader=templates, bytecode_cache=MemoryBytecodeCache(tmp_path))
    assert plain.get_template("greeting.html").render(name="") == ""
    friendly = Environment(loader=templates, bytecode_cache=MemoryBytecodeCache(tmp_path))
    friendly.filters["greet"] = pass_context(lambda context, name: f"{context['greeting']}, {name}")
    assert friendly.get_template("greeting.html").render(name="Ada", greeting="Hello") == "Hello, Ada"
