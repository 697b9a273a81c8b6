"""The set-up installed what uv.lock says: the suite runs against the locked versions.

``make test-latest`` runs the suite with the newest versions instead, and leaves out
``test_installed_versions_are_the_locked_ones``, the only test here that would then fail.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata

from packaging.markers import Marker

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest and mypy need tomli there, so it is installed
    import tomli as tomllib

from .conftest import REPO

# What the project itself imports or runs, from its dependencies and its pdf and test extras.
DIRECT = [
    "mkdocs",
    "mkdocs-material",
    "babel",
    "pyyaml",
    "pydantic",
    "jinja2",
    "polib",
    "click",
    "playwright",
    "pypdf",
    "pytest",
]


def locked_versions() -> dict[str, str]:
    """Each locked package's version for this interpreter and platform, by normalised name.

    A package locked at more than one version (one for older Pythons, say) carries the markers
    of the environments each version is for; the one whose markers hold here is taken.
    """
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    versions: dict[str, str] = {}
    for package in lock["package"]:
        if "editable" in package["source"] or "virtual" in package["source"]:
            continue  # the project itself
        markers = package.get("resolution-markers")
        if markers and not any(Marker(marker).evaluate() for marker in markers):
            continue
        versions[package["name"]] = package["version"]
    return versions


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def test_installed_versions_are_the_locked_ones() -> None:
    locked = locked_versions()
    assert set(DIRECT) <= set(locked), f"not in uv.lock: {sorted(set(DIRECT) - set(locked))}"
    wrong = []
    for name, version in sorted(locked.items()):
        installed = installed_version(name)
        if installed is None and name not in DIRECT:
            continue  # only needed on another platform, or by an extra not installed
        if installed != version:
            wrong.append(f"{name}: installed {installed or 'nothing'}, locked {version}")
    assert not wrong, (
        "the environment does not have the versions locked in uv.lock:\n  "
        + "\n  ".join(wrong)
        + "\nRun `make test`: it installs the locked versions into .venv when uv.lock or "
        "pyproject.toml is newer than .venv/.installed (delete that file to force it)."
    )


def test_the_environment_is_synced_again_when_the_lock_changes() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^\$\(VENV\)/\.installed:(.*)$", makefile, re.MULTILINE)
    assert rule, "the Makefile has no $(VENV)/.installed rule"
    assert {"pyproject.toml", "uv.lock"} <= set(rule.group(1).split())
    for target in ("sample", "test", "bench"):
        prerequisites = re.search(rf"^{target}:(.*)$", makefile, re.MULTILINE)
        assert prerequisites and "$(VENV)/.installed" in prerequisites.group(1).split(), target
