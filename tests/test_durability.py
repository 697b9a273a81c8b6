"""A build or a catalog update killed at any moment loses nothing.

The commands run as real processes and are killed with SIGKILL (no clean-up
code runs) at spread-out moments of their run. Afterwards the site is either
the previous one or the new one, complete, byte for byte; every catalog is
either as it was or as the update writes it, never truncated; and the next
run works. When only the command is killed, its worker processes die with it
at once, instead of going on writing into a build nobody will publish.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import copy_project
from .processes import alive, descendants

FRACTIONS = (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1.1)  # of the uninterrupted run's duration


def digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def handbook(root: Path, *args: str) -> subprocess.Popen[bytes]:
    """The command line in its own process group, so the kill reaches its worker processes too."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args, "--project", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        # a fixed date, so the template written by the reference run and by a killed run can match
        env={**os.environ, "SOURCE_DATE_EPOCH": "1768435200"},
    )


def timed_run(root: Path, *args: str) -> float:
    start = time.perf_counter()
    assert handbook(root, *args).wait() == 0
    return time.perf_counter() - start


def kill_after(process: subprocess.Popen[bytes], seconds: float) -> None:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_killed_build_leaves_the_previous_site_or_the_new_one_complete(tmp_path: Path) -> None:
    root = copy_project("minimal", tmp_path)
    meta = root / "content/handbook.yml"
    timed_run(root, "build")
    old = digest(root / "site")
    # The new version of the content, built elsewhere once to know what a complete new site is.
    meta.write_text(meta.read_text("utf-8").replace('version: "1.0"', 'version: "2.0"'), "utf-8")
    reference = tmp_path / "reference"
    shutil.copytree(root, reference, ignore=shutil.ignore_patterns("site", "build"))
    duration = timed_run(reference, "build")
    new = digest(reference / "site")
    assert new != old
    outcomes = []
    for fraction in FRACTIONS:
        kill_after(handbook(root, "build"), duration * fraction)
        now = digest(root / "site")
        assert now in (old, new), f"a build killed at {fraction:.0%} left a mixed site"
        outcomes.append("new" if now == new else "old")
        if now == new:  # start again from the old site
            meta.write_text(meta.read_text("utf-8").replace('version: "2.0"', 'version: "1.0"'), "utf-8")
            timed_run(root, "build")
            assert digest(root / "site") == old
            meta.write_text(meta.read_text("utf-8").replace('version: "1.0"', 'version: "2.0"'), "utf-8")
    assert "old" in outcomes  # some kills did land mid-build
    timed_run(root, "build")  # and the next build cleans up after them
    assert digest(root / "site") == new
    assert [p.name for p in tmp_path.joinpath("minimal").iterdir() if p.name.startswith(".site")] == []


def test_a_killed_catalog_update_leaves_every_catalog_whole(tmp_path: Path) -> None:
    root = copy_project("sample", tmp_path)
    # Content changes that touch every catalog: a new string, and an edited one.
    page = root / "content/pages/security.yml"
    text = page.read_text("utf-8")
    assert "title:" in text
    page.write_text(text.replace("title:", "title: 'Security, revised' #", 1), "utf-8")
    catalogs = sorted((root / "locales").rglob("*.po*"))
    files = sorted(p for p in (root / "locales").rglob("*") if p.is_file())
    old = {path: path.read_bytes() for path in catalogs}
    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    duration = timed_run(reference, "locales", "update")
    new = {root / path.relative_to(reference): path.read_bytes() for path in sorted(reference.rglob("*.po*"))}
    assert new.keys() == old.keys() and new != old
    outcomes = set()
    for fraction in FRACTIONS:
        kill_after(handbook(root, "locales", "update"), duration * fraction)
        for path in catalogs:
            assert path.read_bytes() in (old[path], new[path]), f"{path.name} after a kill at {fraction:.0%}"
            outcomes.add(path.read_bytes() == new[path])
        for path in catalogs:
            path.write_bytes(old[path])
    assert False in outcomes  # some kills did land before the writes
    # A kill between writing and renaming leaves a hidden temporary copy; the next update removes it.
    timed_run(root, "locales", "update")
    assert {path: path.read_bytes() for path in catalogs} == new
    assert sorted(p for p in (root / "locales").rglob("*") if p.is_file()) == files


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and time of last change."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_the_workers_of_a_killed_build_die_with_it(tmp_path: Path) -> None:
    root = copy_project("sample", tmp_path)  # ten sites: several seconds of work for two workers
    meta = root / "content/handbook.yml"
    meta.write_text(re.sub(r"(?m)^pdf: true.*$", "pdf: false", meta.read_text("utf-8")), "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--jobs", "2", "--project", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    # until both workers run and MkDocs is writing sites into the staging folder
    while len(descendants(process.pid)) < 2 or len(list(root.glob(".site.staging-*/*/*/assets"))) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before the kill"
        time.sleep(0.05)
    workers = descendants(process.pid)
    [staging] = root.glob(".site.staging-*")
    os.kill(process.pid, signal.SIGKILL)  # the command only, not its process group
    process.wait()
    deadline = time.monotonic() + 5
    while [pid for pid in workers if alive(pid)]:
        assert time.monotonic() < deadline, f"workers still running after their build was killed: {workers}"
        time.sleep(0.05)
    written = listing(staging)
    time.sleep(2)
    assert listing(staging) == written, "something went on writing into the dead build's staging folder"
    # the next build removes the staging folder the killed one left
    assert (
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--lang", "en", "--project", str(root)],
            capture_output=True,
            timeout=300,
        ).returncode
        == 0
    )
    assert list(root.glob(".site.staging-*")) == []
