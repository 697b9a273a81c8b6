"""How long a saved change takes to show in ``handbook serve --lang LANG`` on the sample handbook.

Run ``python -m bench.serve_latency`` from the repository. It copies the
sample to a temporary folder, starts ``handbook serve --lang fr``, and for
each kind of change (a content file, a template, the language's ``.po``)
saves an edit and polls the served page every 10 ms until the edit shows.
The figure is the time from saving the file to the server returning the new
page: what a reader sees once the live-reload script has fetched it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).parent.parent
LANG = "fr"
PAGE = f"handbook/{LANG}/security/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = 30) -> float:
    start = time.perf_counter()
    while text not in fetch(url):
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"'{text}' did not appear at {url} within {timeout} s")
        time.sleep(0.01)
    return time.perf_counter() - start


def replace(path: Path, old: str, new: str) -> Callable[[], None]:
    def edit() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="handbook-serve-bench-") as temp:
        root = Path(temp) / "sample"
        root.mkdir()
        for part in ("content", "templates", "locales", "mkdocs.yml"):
            source = REPO / part
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
        (root / "templates/blocks").mkdir(parents=True, exist_ok=True)
        template = "templates/blocks/security.md.j2"
        shutil.copy(REPO / "generator/render" / template, root / template)
        port = free_port()
        command = [sys.executable, "-m", "generator", "serve", "--project", str(root), "--lang", LANG]
        server = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/{PAGE}"
        try:
            wait_for(url, "<html", timeout=120)
            time.sleep(1)  # let the watcher settle
            po = root / f"locales/{LANG}/LC_MESSAGES/handbook.po"
            changes = {
                "content file": (
                    replace(root / "content/pages/security.yml", "Account security", "Account safety"),
                    "Account safety",
                ),
                "template": (
                    replace(root / "templates/blocks/security.md.j2", "\n", "\n<!-- edited -->\n"),
                    "<!-- edited -->",
                ),
                f"{LANG} catalog": (
                    replace(po, 'msgstr "Règles de sécurité"', 'msgstr "Consignes de sécurité"'),
                    "Consignes de sécurité",
                ),
            }
            results = {}
            for name, (edit, expected) in changes.items():
                edit()
                results[name] = wait_for(url, expected)
                time.sleep(0.5)
        finally:
            server.terminate()
            server.wait()
    for name, seconds in results.items():
        print(f"{name:>14}: {seconds:.2f} s from save to the new page being served")


if __name__ == "__main__":
    main()
