"""Shared fixtures: fixture projects copied to a temporary folder, and one build of the sample."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import build_site

TESTS = Path(__file__).parent
REPO = TESTS.parent
PROJECTS = TESTS / "projects"

# The packages under plugins/ add block types; the tests put them on a subprocess's path, and
# the suite itself never imports them (nor collects their docstrings).
collect_ignore = ["plugins"]


def copy_project(name: str, destination: Path) -> Path:
    """A fresh copy of a fixture project (or ``sample``: this repository's own handbook)."""
    target = destination / name
    if name == "sample":
        target.mkdir()
        for part in ("content", "templates", "locales", "mkdocs.yml"):
            source = REPO / part
            if source.is_dir():
                shutil.copytree(source, target / part)
            elif source.exists():
                shutil.copy(source, target / part)
    else:
        shutil.copytree(PROJECTS / name, target, ignore=shutil.ignore_patterns("build", "site"))
    return target


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str], Path]:
    """Call with a fixture project's name to get a private copy to edit."""
    return lambda name: copy_project(name, tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample handbook, built once per test session; returns its site folder."""
    root = copy_project("sample", tmp_path_factory.mktemp("sample"))
    build_site(root)
    return root / "site"
