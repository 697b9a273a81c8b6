"""The ``handbook`` command as HR runs it: messages, exit statuses, and the live preview."""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest


def handbook(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_check_says_what_it_checked(project: Callable[[str], Path]) -> None:
    result = handbook("check", "--project", str(project("minimal")))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK: 2 pages, 2 contacts, 1 accounts; 2 warnings.\n"
    assert "warning: page 'rules' has no last_reviewed date" in result.stderr  # a warning does not fail


def test_bad_content_gives_located_errors_exit_1_and_no_traceback(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    (root / "content/pages/rules.yml").write_text("title: Rules\nblocks:\n  - type: do_dont\n    do: nope\n")
    for command in ("check", "build"):
        result = handbook(command, cwd=root)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines() == [
            "content/pages/rules.yml:3:5: missing required field 'dont'",
            "content/pages/rules.yml:4:9: do: input should be a valid list",
            "2 errors; nothing was written.",
        ]
    assert not (root / "site").exists()


def test_usage_errors_exit_2(project: Callable[[str], Path]) -> None:
    assert handbook("build", "--jobs", "0").returncode == 2
    assert handbook("no-such-command").returncode == 2
    assert handbook("serve", "--dev-addr", "nonsense", "--project", str(project("minimal"))).returncode == 2


def test_build_writes_both_outputs_where_asked(project: Callable[[str], Path], tmp_path: Path) -> None:
    result = handbook("build", "--project", str(project("minimal")), "--site-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/handbook/en/index.html").is_file()
    assert (tmp_path / "out/community/en/index.html").is_file()


def test_an_unconfigured_language_is_refused(project: Callable[[str], Path]) -> None:
    result = handbook("build", "--lang", "xx", cwd=project("minimal"))
    assert result.returncode == 1
    message = "content/handbook.yml:6:12: language 'xx' is not configured (configured: en)"
    assert result.stderr.startswith(message)


def test_a_configured_language_without_a_catalog_is_a_warning_at_its_item(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    config = root / "content/handbook.yml"
    config.write_text(config.read_text().replace("languages: [en]", "languages:\n  - en\n  - fr\n  - it"))
    assert handbook("locales", "init", "fr", cwd=root).returncode == 0
    warning = (
        "content/handbook.yml:9:5: warning: language 'it' has no catalog"
        " (locales/it/LC_MESSAGES/handbook.po), so its sites are not built:"
        " run 'handbook locales init it' to start its translation,"
        " or remove 'it' from languages"
    )
    checked = handbook("check", cwd=root)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.splitlines()[0] == warning  # nothing about en (the source) nor fr
    assert checked.stdout == "OK: 2 pages, 2 contacts, 1 accounts; 3 warnings.\n"
    strict = handbook("check", "--strict", cwd=root)
    assert strict.returncode == 1
    assert warning in strict.stderr.splitlines()
    built = handbook("build", cwd=root)
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines()[0] == warning
    assert sorted(p.name for p in (root / "site/handbook").iterdir() if p.is_dir()) == ["en", "fr"]
    assert handbook("locales", "init", "it", cwd=root).returncode == 0
    assert "no catalog" not in handbook("check", cwd=root).stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


@pytest.fixture
def served(project: Callable[[str], Path]):
    root = project("minimal")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/handbook/en/rules/"
    try:
        assert wait_for(lambda: "Be kind." in fetch(url), 60), "the preview did not start"
        yield root, url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_shows_a_saved_change_to_content(served: tuple[Path, str]) -> None:
    root, url = served
    page = fetch(url)
    assert "livereload" in page  # the preview reloads open pages by itself
    path = root / "content/pages/rules.yml"
    path.write_text(path.read_text().replace("Be kind.", "Be patient."))
    assert wait_for(lambda: "Be patient." in fetch(url), 10)


def test_serve_keeps_the_last_good_site_when_a_change_breaks_it(served: tuple[Path, str]) -> None:
    root, url = served
    (root / "content/pages/rules.yml").write_text("title: [broken\n")
    time.sleep(2)
    assert "Be kind." in fetch(url)
    (root / "templates/blocks").mkdir(parents=True)
    (root / "templates/blocks/do_dont.md.j2").write_text("Custom: {{ block.do | join(', ') }}\n")
    (root / "content/pages/rules.yml").write_text(
        "title: Rules\nblocks:\n  - type: do_dont\n    do: [Be calm.]\n    dont: [Shout.]\n"
    )
    assert wait_for(lambda: "Custom: Be calm." in fetch(url), 10)


def test_serve_prints_the_server_log_and_each_rebuild(project: Callable[[str], Path]) -> None:
    """MkDocs' own lines ("Serving on", "Detected file changes") survive the build before serving."""
    root = project("minimal")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr or ()], daemon=True).start()
    seen: list[str] = []

    def wait_for_line(text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=0.2))
            except queue.Empty:
                continue
            if text in seen[-1]:
                return True
        return False

    try:
        assert wait_for_line(f"Serving on http://127.0.0.1:{port}/", 60), seen
        path = root / "content/pages/rules.yml"
        path.write_text(path.read_text().replace("Be kind.", "Be patient."))
        assert wait_for_line("Detected file changes", 15), seen
        assert wait_for_line("Reloading browsers", 30), seen  # the rebuild is done
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert not any("Traceback" in line for line in seen), seen


@pytest.mark.parametrize(("setting", "announced"), [("", True), ("public:\n  build: never\n", False)])
def test_serve_announces_the_public_page_only_when_it_is_built(
    project: Callable[[str], Path], setting: str, announced: bool
) -> None:
    root = project("minimal")
    meta = root / "content/handbook.yml"
    meta.write_text(meta.read_text() + setting)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    lines: list[str] = []
    try:
        for line in process.stdout or ():
            lines.append(line.rstrip("\n"))
            if line.startswith("Press Ctrl+C"):
                break
    finally:
        process.terminate()
        process.wait(timeout=10)
    base = f"http://127.0.0.1:{port}"
    assert lines[0] == f"Handbook:  {base}/handbook/"
    assert (f"Public:    {base}/community/" in lines) is announced
