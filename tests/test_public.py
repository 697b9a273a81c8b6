"""The public page, ``site/community/<lang>/``, as ``public:`` in handbook.yml configures it.

Its title and intro are HR's words (a code of conduct, a service charter); with none, the
title is neutral and translated. A public page with nothing on it is never published: by
default it is skipped with a warning at handbook.yml, ``build: never`` skips it quietly,
and ``build: always`` refuses to build without public content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

META = "content/handbook.yml"
COMMUNITY = "content/pages/community.yml"
NOTHING_PUBLIC = (
    "no page or block is public, so the public page is not built: mark what the public may read "
    "'audience: public', or write 'public: {build: never}' to say it is not wanted"
)


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.splitlines()


def add_to_meta(root: Path, text: str) -> None:
    path = root / META
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def make_internal(root: Path) -> None:
    path = root / COMMUNITY
    path.write_text(path.read_text(encoding="utf-8").replace("audience: both", "audience: internal"))


def public_html(root: Path) -> str:
    return (root / "site/community/en/index.html").read_text(encoding="utf-8")


def test_the_public_page_has_the_title_and_intro_hr_configured(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    add_to_meta(root, "public:\n  title: Code of conduct\n  intro: How we expect *everyone* to behave.\n")
    code, output = run("build", "--project", str(root))
    assert code == 0, output
    html = public_html(root)
    assert "<title>Code of conduct - Example Co: Code of conduct</title>" in html
    assert re.search(r"<h1[^>]*>Code of conduct", html)
    assert "<p>How we expect <em>everyone</em> to behave.</p>" in html
    assert "social media" not in html


def test_with_no_title_several_public_pages_get_a_neutral_one_and_no_intro(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    rules = root / "content/pages/rules.yml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("title: Rules\n", "title: Rules\naudience: both\n")
    )
    code, output = run("build", "--project", str(root))
    assert code == 0, output
    html = public_html(root)
    assert "<title>Public information - Example Co: Public information</title>" in html
    assert re.search(r"<h1[^>]*>Public information", html)
    assert "social media" not in html and "What you can expect" not in html


def test_nothing_public_skips_the_public_page_with_a_warning_and_removes_the_old_one(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    assert run("build", "--project", str(root))[0] == 0
    assert (root / "site/community/en/index.html").is_file()
    make_internal(root)
    code, output = run("build", "--project", str(root))
    assert code == 0, output
    assert f"{META}:1:1: warning: {NOTHING_PUBLIC}" in output
    assert (root / "site/handbook/en/index.html").is_file()
    assert not (root / "site/community").exists()
    assert (root / "site/handbook/index.html").is_file()  # the language index of what is built
    code, output = run("build", "--project", str(root))
    assert code == 0, output
    assert output[-1] == f"Nothing to do: {root / 'site'}/ is up to date (1 sites)."
    code, output = run("check", "--strict", "--project", str(root))
    assert code == 1
    assert f"{META}:1:1: warning: {NOTHING_PUBLIC}" in output


def test_build_never_skips_the_public_page_quietly(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    add_to_meta(root, "public:\n  build: never\n")
    code, output = run("build", "--project", str(root))
    assert code == 0, output
    assert not any("public" in line for line in output)
    assert (root / "site/handbook/en/index.html").is_file()
    assert not (root / "site/community").exists()


def test_build_always_with_nothing_public_is_refused(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    make_internal(root)
    add_to_meta(root, "public:\n  build: always\n")
    code, output = run("check", "--project", str(root))
    assert code == 1
    assert output[0] == (
        f"{META}:10:10: the public page must be built ('build: always') but no page or block is public: "
        "mark what the public may read 'audience: public', or write 'build: auto'"
    )


def test_a_misspelt_build_setting_is_refused_at_its_line(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    add_to_meta(root, "public:\n  build: sometimes\n")
    code, output = run("check", "--project", str(root))
    assert code == 1
    assert output[0].startswith(f"{META}:10:10: ")
    assert "'auto', 'always' or 'never'" in output[0]
