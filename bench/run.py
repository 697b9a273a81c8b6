"""Benchmark: synthetic handbooks built by the generator and, for comparison, by mkdocs-static-i18n.

Run ``python -m bench.run`` (or ``make bench``) from the repository. For each
size (languages x pages) it reports, from one run on this machine:

* full build (``handbook build --force``), wall-clock seconds;
* no-op rebuild, rebuild after editing one ``.po``, rebuild after editing one
  content file, each also as a ratio of the full build, with the number of
  sites each rebuilt;
* peak memory of the build and its worker processes together (PSS, sampled
  every 20 ms in a run of its own, so the timed builds run unobserved);
* the engine's floor: the engine's own seconds in the workers divided by the
  cores, and the full build as a ratio of it;
* the engine alone: MkDocs run on the projects the full build wrote and nothing else
  (``bench.engine_alone``), as a ratio of its own floor: how close any driver comes;
* the site's bytes on disk (each hard-linked file once) against the bytes of
  its files counted one by one;
* the generator's own share: loading, fingerprints, catalogs, rendering and
  publishing, against the MkDocs builds (worker seconds summed; ``--timings``);
* mkdocs-static-i18n building the very same generated Markdown (both
  outputs, one MkDocs build each, as that plugin does), and our full build as a
  ratio of its time;
* the same full build with the other engine (``--engine zensical``), as a ratio
  of the MkDocs one.

Results go to ``bench/results.md`` (a Markdown table) and to the terminal.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

from bench.synthetic import LANGUAGES, generate
from generator.translate.locale import native_name

SIZES = [(5, 20), (20, 50), (50, 100)]
BLOCKS = 8
HERE = Path(__file__).parent


def measure(command: list[str], cwd: Path | None = None, memory: bool = False) -> tuple[float, float]:
    """Run a command; its wall-clock seconds, and with ``memory`` the peak PSS (MB) of it and its children.

    Sampling memory slows what it measures (by a tenth, measured), so a timed run does not sample.
    """
    start = time.perf_counter()
    process = psutil.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if not memory:
        _, errors = process.communicate()
        if process.returncode:
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode()}")
        return time.perf_counter() - start, 0.0
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(_memory(p) for p in tree if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode()}")
    return time.perf_counter() - start, peak


# Runs a command and prints the kernel's peak resident size of its processes (the largest one).
_PEAK = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
)


def measure_single_process(command: list[str]) -> tuple[float, float]:
    """Seconds and the kernel's peak RSS (MB) of a one-process command, which nothing samples meanwhile."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return seconds, int(done.stdout.split()[-1]) / 1024  # kilobytes on Linux


def _memory(process: psutil.Process) -> int:
    """Proportional set size where the system reports it: forked workers share the parent's pages,
    and adding up their resident sizes would count those pages once per worker."""
    info = process.memory_full_info()
    return getattr(info, "pss", info.rss)


def handbook_build(root: Path, *options: str, memory: bool = False) -> tuple[float, float, dict]:
    timings = root / "timings.json"
    seconds, peak = measure(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--project",
            str(root),
            "--timings",
            str(timings),
            *options,
        ],
        memory=memory,
    )
    return seconds, peak, json.loads(timings.read_text(encoding="utf-8"))


def site_bytes(site: Path) -> tuple[int, int]:
    """The site's bytes on disk (a hard-linked file once) and its files' bytes counted one by one."""
    files = [path.stat() for path in site.rglob("*") if path.is_file()]
    unique = {(stat.st_dev, stat.st_ino): stat.st_size for stat in files}
    return sum(unique.values()), sum(stat.st_size for stat in files)


def static_i18n_build(root: Path, langs: list[str]) -> tuple[float, float]:
    """Both outputs' generated Markdown, built by mkdocs-static-i18n: one MkDocs build per output."""
    total, peak = 0.0, 0.0
    for output in ("handbook", "community"):
        project = root / "static-i18n" / output
        docs = project / "docs"
        for lang in langs:
            shutil.copytree(root / "build" / output / lang / "docs", docs / lang)
        generated = yaml.safe_load(
            (root / "build" / output / langs[0] / "mkdocs.yml").read_text(encoding="utf-8")
        )
        # The interface-string files the generator writes for languages Material lacks (Irish, ...):
        # without them static-i18n stops with an error.
        for lang in langs:
            for path in (root / "build" / output / lang / "overrides/partials/languages").glob("*.html"):
                (project / "overrides/partials/languages").mkdir(parents=True, exist_ok=True)
                shutil.copy(path, project / "overrides/partials/languages" / path.name)
        config = {
            "site_name": "Benchmark",
            "docs_dir": "docs",
            "site_dir": "site",
            "theme": {"name": "material", "font": False, "custom_dir": "overrides"},
            "markdown_extensions": generated["markdown_extensions"],
            "extra_css": generated.get("extra_css", []),
            "plugins": [
                "search",
                {
                    "i18n": {
                        "docs_structure": "folder",
                        "languages": [
                            {
                                "locale": lang,
                                "name": native_name(lang),
                                "build": True,
                                "default": lang == langs[0],
                            }
                            for lang in langs
                        ],
                    }
                },
            ],
        }
        (project / "overrides").mkdir(exist_ok=True)
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        # One process: the kernel's own peak is exact, and nothing slows the timed build.
        seconds, memory = measure_single_process(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")]
        )
        total, peak = total + seconds, max(peak, memory)
    return total, peak


def engine_alone(root: Path) -> tuple[float, float]:
    """The engine alone on the projects the full build wrote (``bench.engine_alone``): its
    wall-clock seconds, Python's start included, and its own floor."""
    configs = [
        str(p)
        for output in ("handbook", "community")
        for p in sorted((root / "build" / output).glob("*/mkdocs.yml"))
    ]
    with tempfile.TemporaryDirectory(prefix="engine-alone-") as out:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bench.engine_alone", out, *configs],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - start
    return seconds, float(done.stdout) / min(psutil.cpu_count() or 1, len(configs))


def edit_catalog(root: Path, lang: str) -> None:
    path = root / "locales" / lang / "LC_MESSAGES" / "handbook.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f'msgstr "[{lang}] Policy page 1"', f'msgstr "[{lang}] Policy page one"', 1), "utf-8"
    )


def edit_content(root: Path) -> None:
    path = root / "content/pages/page-001.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("rule 1.0:", "rule 1.0 (revised):", 1), "utf-8")


def run_size(work: Path, languages: int, pages: int, compare: bool = True) -> dict:
    root = generate(work / f"{languages}x{pages}", languages, pages, BLOCKS)
    langs = LANGUAGES[:languages]
    full, _, timings = handbook_build(root, "--force")
    on_disk, counted = site_bytes(root / "site")
    alone, alone_floor = engine_alone(root)
    _, full_peak, _ = handbook_build(root, "--force", memory=True)  # memory, in a run of its own
    noop, _, noop_t = handbook_build(root)
    edit_catalog(root, langs[-1])
    po, _, po_t = handbook_build(root)
    edit_content(root)
    content, _, content_t = handbook_build(root)
    other, other_peak = static_i18n_build(root, langs) if compare else (float("nan"), float("nan"))
    zensical, _, zensical_t = handbook_build(root, "--force", "--engine", "zensical")
    ours = sum(timings[step] for step in ("load", "fingerprint", "render", "finish", "publish"))
    serial = timings["load"] + timings["fingerprint"] + timings["publish"]
    return {
        "size": f"{languages} x {pages}",
        "pages": languages * (pages + 1),
        "full": full,
        "noop": noop,
        "noop_sites": len(noop_t["built"]),
        "po": po,
        "po_sites": len(po_t["built"]),
        "content": content,
        "content_sites": len(content_t["built"]),
        "peak_mb": full_peak,
        "generator_share": ours / (ours + timings["engine"]),
        "serial_share": serial / full,
        "static_i18n": other,
        "static_i18n_peak_mb": other_peak,
        "ratio": full / other,
        "zensical": zensical,
        "zensical_engine_seconds": zensical_t["engine"],
        "engine_floor": timings["engine"] / min(psutil.cpu_count() or 1, len(timings["built"])),
        "engine_alone": alone,
        "engine_alone_floor": alone_floor,
        "site_mb": on_disk / 2**20,
        "site_counted_mb": counted / 2**20,
        "timings": timings | {"built": len(timings["built"])},
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| languages x pages | full build | no-op | one .po edited | one page edited | peak memory "
        "| generator share (work / critical path) | mkdocs-static-i18n | ours / static-i18n "
        "| Zensical full build | Zensical / MkDocs | engine floor (full / floor) "
        "| engine alone (its own floor ratio) | site on disk (files counted) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']} | {r['full']:.1f} s | {r['noop']:.2f} s ({r['noop'] / r['full']:.3f}) "
            f"| {r['po']:.1f} s ({r['po'] / r['full']:.2f}; {r['po_sites']} sites) "
            f"| {r['content']:.1f} s ({r['content'] / r['full']:.2f}; {r['content_sites']} sites) "
            f"| {r['peak_mb']:.0f} MB | {r['generator_share']:.1%} / {r['serial_share']:.1%} "
            + (
                f"| {r['static_i18n']:.1f} s ({r['static_i18n_peak_mb']:.0f} MB) | {r['ratio']:.2f} "
                if r["static_i18n"] == r["static_i18n"]  # not NaN: measured
                else "| not measured | "
            )
            + f"| {r['zensical']:.1f} s | {r['zensical'] / r['full']:.2f} "
            f"| {r['engine_floor']:.1f} s ({r['full'] / r['engine_floor']:.2f}) "
            f"| {r['engine_alone']:.1f} s ({r['engine_alone'] / r['engine_alone_floor']:.2f}) "
            f"| {r['site_mb']:.0f} MB ({r['site_counted_mb']:.0f} MB) |"
        )
    return "\n".join(lines)


def machine() -> str:
    memory = psutil.virtual_memory().total / 2**30
    cpu = platform.processor() or platform.machine()
    python = f"Python {platform.python_version()}"
    return f"{psutil.cpu_count()} CPUs ({cpu}), {memory:.0f} GB RAM, {python}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(f"{langs}x{pages}" for langs, pages in SIZES), help="e.g. 5x20,20x50"
    )
    parser.add_argument(
        "--without-static-i18n",
        action="store_true",
        help="leave out the mkdocs-static-i18n comparison (most of a 50x100 run's half hour)",
    )
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as temp:
        for languages, pages in sizes:
            print(f"{languages} languages x {pages} pages ...", flush=True)
            rows.append(run_size(Path(temp), languages, pages, not args.without_static_i18n))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    per_page = [r["full"] / r["pages"] * 1000 for r in rows]
    report = (
        f"Machine: {machine()}. One run; ratios compare figures of the same run.\n\n{table(rows)}\n\n"
        "Full build per 1,000 pages (languages x (pages + print page)): "
        + ", ".join(f"{r['size']}: {p:.1f} s" for r, p in zip(rows, per_page, strict=True))
        + "\n"
    )
    (HERE / "results.md").write_text(report, encoding="utf-8")
    (HERE / "results.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print("\n" + report)


if __name__ == "__main__":
    main()
