"""The engine alone: MkDocs run on the projects a build wrote, and nothing else.

``python -m bench.engine_alone OUT CONFIG...`` builds each ``mkdocs.yml`` into ``OUT/<n>`` in a
pool of forked processes, one per core, as the generator's workers do, and prints the
engine's seconds summed over them. The benchmark times the whole command: how close any
driver of this engine can come to the floor (the engine's seconds over the cores), against
which the generator's full build is measured.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def build(config_file: str, site_dir: str) -> float:
    """One MkDocs build; its seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    start = time.perf_counter()
    config = load_config(config_file, site_dir=site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - start


def main() -> None:
    out, configs = Path(sys.argv[1]), sys.argv[2:]
    sites = [str(out / str(number)) for number in range(len(configs))]
    jobs = min(os.cpu_count() or 1, len(configs))
    with ProcessPoolExecutor(jobs, multiprocessing.get_context("fork")) as pool:
        seconds = list(pool.map(build, configs, sites))
    print(f"{sum(seconds):.3f}")


if __name__ == "__main__":
    main()
