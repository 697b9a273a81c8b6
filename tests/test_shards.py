"""Builds that scale out across CI runners: ``handbook build --shard K/N`` and ``handbook assemble``.

Each shard is built in a process of its own, as a CI job would, with the commands of the
README's GitHub Actions and GitLab examples; the assembled folder must be, byte for byte,
the one a single build writes.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import shard_languages
from generator.translate.workflow import init_language

from .conftest import REPO

LANGUAGES = ["en", "fr", "de", "pl"]


def handbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def multilingual(project: Callable[[str], Path]) -> Path:
    """The minimal project in four languages."""
    root = project("minimal")
    meta = root / "content/handbook.yml"
    meta.write_text(meta.read_text("utf-8").replace("[en]", f"[{', '.join(LANGUAGES)}]"), "utf-8")
    for lang in LANGUAGES[1:]:
        init_language(root, lang)
    return root


def readme_commands(flavour: str) -> list[str]:
    """The handbook commands of one of the README's CI examples, in the order they run."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Building on several CI runners", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    block = next(b for b in blocks if (flavour == "github") == ("matrix.shard" in b))
    return [
        line.split("run: ", 1)[-1].lstrip("- ").strip()
        for line in block.splitlines()
        if "bin/handbook " in line
    ]


@pytest.mark.parametrize("flavour", ["github", "gitlab"])
def test_shards_built_apart_assemble_into_the_single_build_byte_for_byte(
    multilingual: Path, flavour: str
) -> None:
    single = handbook("build", "--site-dir", "single", cwd=multilingual)
    assert single.returncode == 0, single.stderr
    build, assemble = readme_commands(flavour)
    for k in ("1", "2", "3"):  # one CI job each
        command = build.replace("${{ matrix.shard }}", k).replace("$SHARD", k)
        done = handbook(*shlex.split(command)[1:], cwd=multilingual)
        assert done.returncode == 0, (command, done.stderr)
    target = "public" if flavour == "gitlab" else "site"
    done = handbook(*shlex.split(assemble)[1:], cwd=multilingual)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Assembled 8 sites from 3 shards in {target}/.\n"
    assert files(multilingual / target) == files(multilingual / "single")


def test_a_shard_holds_its_share_of_the_languages_and_links_to_them_all(multilingual: Path) -> None:
    assert shard_languages(LANGUAGES, 1, 3) == ["en", "pl"] and shard_languages(LANGUAGES, 3, 3) == ["de"]
    assert handbook("build", "--shard", "1/3", "--site-dir", "one", cwd=multilingual).returncode == 0
    sites = sorted(
        p.relative_to(multilingual / "one").as_posix() for p in (multilingual / "one").glob("*/*/")
    )
    assert sites == ["community/en", "community/pl", "handbook/en", "handbook/pl"]
    page = (multilingual / "one/handbook/en/rules/index.html").read_text(encoding="utf-8")
    assert all(f'hreflang="{lang}"' in page for lang in LANGUAGES)  # the selector offers every language
    again = handbook("build", "--shard", "1/3", "--site-dir", "one", cwd=multilingual)
    assert again.stdout.startswith("Nothing to do")


def test_shards_of_different_inputs_or_an_incomplete_set_are_refused_by_name(multilingual: Path) -> None:
    for k in ("1", "2"):
        assert (
            handbook("build", "--shard", f"{k}/2", "--site-dir", f"shard-{k}", cwd=multilingual).returncode
            == 0
        )
    incomplete = handbook("assemble", "shard-1", cwd=multilingual)
    assert incomplete.returncode == 1
    assert "the shards must be 1/N to N/N of one build, each once; given: shard-1 (1/2)" in incomplete.stderr
    page = multilingual / "content/pages/rules.yml"
    page.write_text(page.read_text("utf-8").replace("Be kind.", "Be patient."), "utf-8")
    assert handbook("build", "--shard", "2/2", "--site-dir", "shard-2", cwd=multilingual).returncode == 0
    refused = handbook("assemble", "shard-1", "shard-2", cwd=multilingual)
    assert refused.returncode == 1
    assert refused.stderr.startswith("shard-2: built from other inputs than shard-1"), refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (multilingual / "site").exists()  # nothing written
    plain = handbook("assemble", "content", cwd=multilingual)
    assert plain.returncode == 1 and "content: not the site folder of a shard" in plain.stderr


def test_a_shard_is_asked_for_as_k_of_n(multilingual: Path) -> None:
    for wrong in ("0/2", "3/2", "two", "1/0"):
        assert handbook("build", "--shard", wrong, cwd=multilingual).returncode == 2, wrong
    assert handbook("build", "--shard", "1/2", "--lang", "fr", cwd=multilingual).returncode == 2
