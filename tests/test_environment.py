"""What the machine refuses is a located one-line error too, and changes nothing.

A full disk, a folder the user may not write to, a file where the site folder
should be, a browser that is missing, fails, crashes or hangs, Ctrl-C: each
makes ``handbook`` exit with status 1 and no traceback, with a first line that
names the file or folder and says what to do. The site on disk and every
catalog stay byte for byte as they were, and no staging folder or temporary
copy is left behind.

The failures are real, not imitated: the disk is a small tmpfs filled up
(mounting needs root; skipped otherwise), permissions are taken away with
``chmod`` (as root, from a process whose capabilities to override them are
dropped with ``setpriv``), the browsers are scripts that exit, sleep, or drive
the real Chromium through a pipe that loses (or crashes on) the print request,
and Ctrl-C is a real SIGINT sent to the command's process group, as a terminal
sends it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.errors import HandbookError
from generator.pipeline import build_site
from generator.publish.pdf import find_chromium

from .conftest import copy_project
from .processes import alive, descendants

STAGING = ".site.staging-*"


# --- Running the command ------------------------------------------------------------------


def handbook(
    *args: str, cwd: Path, limited: bool = False, timeout: float = 180, **env: str
) -> subprocess.CompletedProcess[str]:
    """``handbook ARGS`` in ``cwd``; ``limited``: as a user whom file permissions do stop."""
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(
        [*without_override(), *command] if limited else command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env},
    )


def without_override() -> list[str]:
    """The prefix that runs a command without the power to ignore file permissions."""
    if os.geteuid() != 0:
        return []  # an ordinary user already has no such power
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be taken away")
    # root without CAP_DAC_OVERRIDE (and friends) is held to the file modes like anyone else
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The first line of a refusal, once its exit status and the absence of a traceback are checked."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip(), result.stdout
    return result.stderr.splitlines()[0]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (itself included), with the bytes of each file."""
    if not folder.exists():
        return {}
    entries = {".": "folder" if folder.is_dir() else hashlib.sha256(folder.read_bytes()).hexdigest()}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        key = path.relative_to(folder).as_posix()
        entries[key] = "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return entries


def leftovers(*folders: Path) -> list[str]:
    """Staging folders and temporary catalog copies found in these folders (recursively)."""
    found = []
    for folder in folders:
        found += [str(p) for p in folder.glob(STAGING)]
        found += [str(p) for p in folder.rglob("*.tmp")]
        found += [str(p) for p in folder.rglob("*.partial")]
    return found


def revise_content(root: Path) -> None:
    """An edit that changes the template and every catalog of the sample (a new, changed title)."""
    page = root / "content/pages/security.yml"
    page.write_text(page.read_text("utf-8").replace("title:", "title: 'Security, revised' #", 1), "utf-8")


def no_pdf(root: Path) -> None:
    meta = root / "content/handbook.yml"
    meta.write_text(re.sub(r"(?m)^pdf: true.*$", "pdf: false", meta.read_text("utf-8")), "utf-8")


# --- A small disk ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 MB tmpfs of its own, to fill up; skipped where this process may not mount one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk is simulated with a tmpfs, which needs root to mount")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m,mode=0755", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill the disk up, leaving ``leave`` bytes free."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    with (disk / "filler").open("wb") as filler:
        chunk = b"\0" * (1 << 20)
        remaining = free - leave
        while remaining > 0:
            remaining -= filler.write(chunk[: min(len(chunk), remaining)])
    assert os.statvfs(disk).f_bavail * stat.f_frsize <= leave + stat.f_frsize


@pytest.mark.parametrize("jobs", ["1", "2"])  # in the command's own process, and in worker processes
def test_a_full_disk_during_a_build_is_located_and_keeps_the_old_site(
    small_disk: Path, tmp_path: Path, jobs: str
) -> None:
    root = copy_project("minimal", tmp_path)
    site = small_disk / "site"
    assert handbook("build", "--site-dir", str(site), cwd=root).returncode == 0
    before = snapshot(site)
    fill(small_disk, leave=512 * 1024)  # a site takes about 5 MB
    first = refused(handbook("build", "--force", "--jobs", jobs, "--site-dir", str(site), cwd=root))
    assert first.startswith(f"{site}: no space left on the device while writing {site}/"), first
    assert first.endswith(": free some space, then build again"), first
    assert snapshot(site) == before
    assert leftovers(small_disk) == []


def test_a_full_disk_during_a_catalog_update_changes_no_catalog(small_disk: Path) -> None:
    root = copy_project("sample", small_disk)
    revise_content(root)
    before = snapshot(root / "locales")
    fill(small_disk, leave=160 * 1024)  # room for a catalog or two, not for all five
    first = refused(handbook("locales", "update", cwd=root))
    catalog = r"locales/(handbook\.pot|[a-z]+/LC_MESSAGES/handbook\.po)"
    advice = "free some space, then run 'handbook locales update' again"
    assert re.fullmatch(f"{catalog}: no space left on the device: {advice}", first), first
    assert snapshot(root / "locales") == before
    assert leftovers(root) == []
    (small_disk / "filler").unlink()  # with room again, the same update goes through
    assert handbook("locales", "update", cwd=root).returncode == 0
    assert snapshot(root / "locales") != before


# --- Permissions ----------------------------------------------------------------------------


@pytest.fixture
def taken_away() -> Iterator[Callable[[Path], None]]:
    """Call with a folder to make it read-only (r-x); each is given back afterwards."""
    folders: list[Path] = []

    def take(folder: Path) -> None:
        folders.append(folder)
        folder.chmod(0o555)

    yield take
    for folder in folders:
        folder.chmod(0o755)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The minimal project, built once; readable by every user (mode 755)."""
    root = copy_project("minimal", tmp_path)
    assert handbook("build", cwd=root).returncode == 0
    return root


def test_a_site_folder_whose_parent_may_not_be_written_is_refused_before_building(
    built: Path, taken_away: Callable[[Path], None]
) -> None:
    before = snapshot(built / "site")
    taken_away(built)  # the site is replaced by renaming a new one in beside it: impossible here
    first = refused(handbook("build", "--force", cwd=built, limited=True))
    assert first.startswith(f"site: permission denied on {built}: give the user running handbook access"), (
        first
    )
    assert first.endswith("then build again")
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def test_a_site_folder_that_may_not_be_changed_is_refused_before_building(
    built: Path, taken_away: Callable[[Path], None]
) -> None:
    before = snapshot(built / "site")
    taken_away(built / "site" / "handbook")  # the old site could not be removed after the swap
    first = refused(handbook("build", "--force", cwd=built, limited=True))
    assert (
        first
        == "site: permission denied on site/handbook: give the user running handbook access, then build again"
    )
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def test_a_locales_folder_that_may_not_be_written_changes_no_catalog(
    tmp_path: Path, taken_away: Callable[[Path], None]
) -> None:
    root = copy_project("sample", tmp_path)
    revise_content(root)
    before = snapshot(root / "locales")
    # written after the template, fr and pl: their new copies are ready, and must go
    taken_away(root / "locales" / "ru" / "LC_MESSAGES")
    first = refused(handbook("locales", "update", cwd=root, limited=True))
    assert first == (
        "locales/ru/LC_MESSAGES/handbook.po: permission denied: "
        "give the user running handbook access, then run 'handbook locales update' again"
    )
    assert snapshot(root / "locales") == before
    assert leftovers(root) == []


def test_an_unreadable_content_file_is_located_without_a_traceback(built: Path) -> None:
    before = snapshot(built / "site")
    (built / "content/pages/rules.yml").chmod(0o000)
    try:
        first = refused(handbook("build", cwd=built, limited=True))
    finally:
        (built / "content/pages/rules.yml").chmod(0o644)
    assert first.startswith("content/pages/rules.yml: permission denied"), first
    assert first.endswith("then run 'handbook build' again"), first
    assert snapshot(built / "site") == before


def test_any_command_names_the_file_the_machine_refused(
    tmp_path: Path, taken_away: Callable[[Path], None]
) -> None:
    """An ``OSError`` from any command is a located line (here: ``init`` in a read-only folder)."""
    target = tmp_path / "handbook"
    target.mkdir()
    taken_away(target)
    first = refused(handbook("init", str(target), cwd=tmp_path, limited=True))
    assert first.startswith(f"{target}/"), first  # the first file it could not write
    assert first.endswith(
        ": permission denied: give the user running handbook access, then run 'handbook init' again"
    )
    assert list(target.iterdir()) == []


def test_a_port_already_in_use_is_named_with_what_to_do(built: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        first = refused(handbook("serve", "--dev-addr", address, cwd=built, timeout=120))
    assert first == (
        f"{address}: cannot serve there: address already in use: "
        "stop what uses it, or choose another --dev-addr"
    )


# --- The site path ------------------------------------------------------------------------


def test_a_site_path_that_is_a_file_is_refused(built: Path) -> None:
    (built / "notes.txt").write_text("not a site\n", encoding="utf-8")
    before = snapshot(built)
    first = refused(handbook("build", "--site-dir", "notes.txt", cwd=built))
    assert first == (
        "notes.txt: this is a file, and the site is a folder: move the file away or choose another --site-dir"
    )
    first = refused(handbook("build", "--site-dir", "notes.txt/site", cwd=built))
    assert first == (
        "notes.txt/site: a file stands where a folder is needed at notes.txt: "
        "move the file away, then build again"
    )
    assert snapshot(built) == before  # nothing written, and no staging folder


# --- The browser --------------------------------------------------------------------------


def script(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


# Chromium behind a proxy of the pipe Playwright drives it through (--remote-debugging-pipe:
# file descriptors 3 and 4, messages ending in NUL). The print request is lost (the browser
# "hangs" while printing) or the browser is killed as it arrives (it "crashes" while printing).
FAULTY_BROWSER = """\
#!{python}
import os, subprocess, sys, threading

commands, answers = os.dup(3), os.dup(4)
browser_in, to_browser = os.pipe()
from_browser, browser_out = os.pipe()
os.dup2(browser_in, 3)
os.dup2(browser_out, 4)
browser = subprocess.Popen([{chromium!r}, *sys.argv[1:]], pass_fds=(3, 4))
for fd in (3, 4, browser_in, browser_out):
    os.close(fd)
with open({pids!r}, "a") as pids:
    print(os.getpid(), browser.pid, file=pids)


def answer():
    while data := os.read(from_browser, 65536):
        os.write(answers, data)


def command():
    pending = b""
    while data := os.read(commands, 65536):
        *messages, pending = (pending + data).split(b"\\0")
        for message in messages:
            if b'"Page.printToPDF"' in message:
                if {fault!r} == "crash":
                    browser.kill()
                continue
            os.write(to_browser, message + b"\\0")


threading.Thread(target=answer, daemon=True).start()
threading.Thread(target=command, daemon=True).start()
sys.exit(browser.wait())
"""


def faulty_browser(folder: Path, fault: str) -> Path:
    chromium = find_chromium()
    if chromium is None or not Path(chromium).is_file():
        pytest.skip("no Chromium installed to drive")
    pids = str(folder / "pids")
    text = FAULTY_BROWSER.format(python=sys.executable, chromium=chromium, fault=fault, pids=pids)
    return script(folder, f"chromium-that-{fault}es", text)


def browser_cases(folder: Path) -> dict[str, tuple[dict[str, str], str]]:
    """What a broken browser does -> (environment, the first line of the refusal, as a pattern)."""
    advice = re.escape("; check the browser (or set CHROMIUM to another), then build again")
    failing = script(folder, "chromium-that-fails", f"#!/bin/sh\necho $$ >> {folder}/pids\nexit 1\n")
    sleeping = script(
        folder, "chromium-that-sleeps", f"#!/bin/sh\necho $$ >> {folder}/pids\nexec sleep 100000\n"
    )
    empty = folder / "empty"
    empty.mkdir()
    return {
        "missing": (
            {"CHROMIUM": "", "PATH": str(empty), "PLAYWRIGHT_BROWSERS_PATH": str(empty)},
            r"content/handbook\.yml: PDFs are printed with Chromium, and none was found: install it .*",
        ),
        "fails": (
            {"CHROMIUM": str(failing)},
            rf"content/handbook\.yml: Chromium at {re.escape(str(failing))} did not start: .*{advice}",
        ),
        "sleeps": (
            {"CHROMIUM": str(sleeping), "HANDBOOK_PDF_TIMEOUT": "3"},
            rf"content/handbook\.yml: Chromium at {re.escape(str(sleeping))} did not start within 3 seconds"
            + advice,
        ),
        "crashes": (
            {"CHROMIUM": str(faulty_browser(folder, "crash"))},
            rf"handbook/en/print/: Chromium could not print it: .*{advice}",
        ),
        "hangs": (
            {"CHROMIUM": str(faulty_browser(folder, "hang")), "HANDBOOK_PDF_TIMEOUT": "15"},
            r"handbook/en/print/: Chromium did not print it within 15 seconds: check the browser, "
            r"or allow more time with HANDBOOK_PDF_TIMEOUT=SECONDS, then build again",
        ),
    }


@pytest.mark.parametrize("case", ["missing", "fails", "sleeps", "crashes", "hangs"])
def test_a_browser_that_is_missing_fails_crashes_or_hangs_is_a_located_error(
    built: Path, tmp_path: Path, case: str
) -> None:
    before = snapshot(built / "site")
    env, expected = browser_cases(tmp_path)[case]
    result = handbook("pdf", cwd=built, timeout=120, **env)
    first = refused(result)
    assert re.fullmatch(expected, first), first
    assert snapshot(built / "site") == before
    assert leftovers(built) == []
    # and no browser is left running: the processes the scripts recorded are all gone
    started = [int(pid) for pid in (tmp_path / "pids").read_text().split()] if case != "missing" else []
    assert gone(started, seconds=10), [cmdline(pid) for pid in started if alive(pid)]


def gone(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


# --- Ctrl-C -------------------------------------------------------------------------------


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    """``handbook ARGS`` in a process group of its own, as a terminal runs a command."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_until(condition: Callable[[], bool], seconds: float, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"the command ended first: {process.communicate()}"
        assert time.monotonic() < deadline, "the moment to interrupt never came"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample without PDFs: ten sites, a build of several seconds; only English built so far."""
    root = copy_project("sample", tmp_path_factory.mktemp("big"))
    no_pdf(root)
    assert handbook("build", "--lang", "en", cwd=root).returncode == 0
    return root


@pytest.mark.parametrize("to", ["group", "command"])  # Ctrl-C at a terminal, or kill -INT
def test_ctrl_c_during_a_build_stops_it_quietly_and_keeps_the_site(big: Path, to: str) -> None:
    before = snapshot(big / "site")
    process = start(big, "build", "--force", "--jobs", "2")
    # MkDocs is writing sites into the staging folder, in two worker processes
    wait_until(
        lambda: len(descendants(process.pid)) >= 2 and any(big.glob(f"{STAGING}/*/*/assets")), 60, process
    )
    workers = descendants(process.pid)
    (os.killpg if to == "group" else os.kill)(process.pid, signal.SIGINT)
    err = process.communicate(timeout=30)[1]
    assert process.returncode == 1
    assert err == "interrupted: the published site was not changed\n"  # nothing from any worker
    assert not [pid for pid in workers if alive(pid)]
    assert snapshot(big / "site") == before
    assert leftovers(big) == []


def test_ctrl_c_while_printing_pdfs_stops_the_browser_and_keeps_the_site(built: Path) -> None:
    if find_chromium() is None:
        pytest.skip("no Chromium installed")
    before = snapshot(built / "site")
    process = start(built, "pdf")
    wait_until(lambda: any("chrom" in cmdline(pid) for pid in descendants(process.pid)), 60, process)
    time.sleep(0.5)  # the browser opens the page
    browser = descendants(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    err = process.communicate(timeout=60)[1]
    assert process.returncode == 1
    assert err == "interrupted: the published site was not changed\n"
    assert gone(browser, seconds=10), [cmdline(pid) for pid in browser if alive(pid)]
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_a_worker_killed_mid_build_is_a_located_error_and_keeps_the_site(big: Path) -> None:
    """As the kernel kills a process when memory runs out: the build stops, says so, and keeps the site."""
    before = snapshot(big / "site")
    process = start(big, "build", "--force", "--jobs", "2")
    wait_until(
        lambda: len(descendants(process.pid)) >= 2 and any(big.glob(f"{STAGING}/*/*/assets")), 60, process
    )
    os.kill(descendants(process.pid)[0], signal.SIGKILL)
    err = process.communicate(timeout=60)[1]
    assert process.returncode == 1
    assert err.splitlines()[0] == (
        "site: a build process ended before its work was done (out of memory?): build again"
    ), err
    assert "Traceback" not in err
    assert snapshot(big / "site") == before
    assert leftovers(big) == []


# --- Global state -------------------------------------------------------------------------


def global_state() -> dict[str, object]:
    """What a build could leave changed in the process that runs it."""
    state: dict[str, object] = {"environ": dict(os.environ)}
    for name in ("mkdocs", "jieba", "mkdocs.livereload", None):
        logger = logging.getLogger(name)
        state[name or "root"] = (logger.level, list(logger.handlers), logger.propagate, logger.disabled)
    return state


def test_a_build_leaves_logging_and_the_environment_as_it_found_them(tmp_path: Path) -> None:
    """In a fresh process, so that the first import of MkDocs and jieba happens during the build."""
    root = copy_project("minimal", tmp_path)
    (tmp_path / "broken").mkdir()
    broken = copy_project("minimal", tmp_path / "broken")
    (broken / "mkdocs.yml").write_text("plugins: [search, no-such-plugin]\n", encoding="utf-8")
    code = textwrap.dedent(f"""\
        import os, sys
        from pathlib import Path
        from generator.errors import HandbookError
        from generator.pipeline import build_site
        from tests.test_environment import global_state

        os.environ["SOURCE_DATE_EPOCH"] = ""  # set, and empty: it stays so
        before = global_state()
        for jobs in (1, 2):
            build_site(Path({str(root)!r}), jobs=jobs, force=True)
            assert global_state() == before, ("after a build with jobs", jobs, global_state(), before)
        try:
            build_site(Path({str(broken)!r}), jobs=1)
        except HandbookError as error:
            assert "no-such-plugin" in str(error), error
        else:
            sys.exit("the broken project built")
        assert global_state() == before, ("after a failed build", global_state(), before)
        print("unchanged")
        """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env
    )
    assert result.stdout == "unchanged\n", result.stderr


def test_a_build_that_fails_on_a_full_disk_leaves_logging_and_the_environment_as_they_were(
    small_disk: Path, tmp_path: Path
) -> None:
    root = copy_project("minimal", tmp_path)
    fill(small_disk, leave=512 * 1024)
    before = global_state()
    with pytest.raises(HandbookError) as raised:
        build_site(root, small_disk / "site", jobs=1)  # MkDocs runs in this process, and fails
    assert "no space left on the device" in str(raised.value)
    assert global_state() == before
    assert leftovers(small_disk) == []
