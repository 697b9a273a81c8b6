"""What needs rebuilding: a content hash per output and language.

Every site (``<output>/<lang>``) is built from the same project files plus its
language's catalog. Its fingerprint hashes all of them: the generator itself
(its code, templates and theme, and the engines' versions), the
packages that add block types, ``mkdocs.yml``, everything under ``content/``
(the files attachments publish, in ``content/files/``, among it) and
``templates/``, the theme folder, the list of languages built (every language
selector names them all), the build date, whether a PDF is printed, and the
language's ``.po`` file. A site whose fingerprint matches the one
recorded at its last build is kept as it is; an edit to one catalog rebuilds
that language only.

The fingerprints are recorded in ``site/.handbook-build.json``, inside the site
folder, so they are replaced in the same atomic swap as the sites they
describe.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .quick import add_tree, generator_stamp

__all__ = ["STATE_FILE", "fingerprints", "link_tree", "read_state", "write_state"]

STATE_FILE = ".handbook-build.json"


def fingerprints(
    root: Path,
    folders: Iterable[Path],
    targets: Iterable[tuple[str, str]],
    catalogs: dict[str, Path | None],
    langs: Iterable[str],
    build_date: int,
    options: dict[str, str] | None = None,
) -> dict[str, str]:
    """``{"<output>/<lang>": hash}`` for each target; ``folders`` are the project's inputs.

    ``options`` are build settings per output that change its sites (whether the handbook has a PDF).
    """
    options = options or {}
    common = hashlib.sha256(generator_stamp().encode())
    common.update(f"{build_date} {os.environ.get('SOURCE_DATE_EPOCH', '')} {' '.join(langs)}".encode())
    for folder in folders:
        add_tree(common, root, folder)
    catalog_hashes = {  # each catalog read once, for both outputs
        lang: hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else ""
        for lang, path in catalogs.items()
    }
    result = {}
    for output, lang in targets:
        digest = common.copy()
        digest.update(
            f"\0{output}\0{lang}\0{catalog_hashes.get(lang, '')}\0{options.get(output, '')}".encode()
        )
        result[f"{output}/{lang}"] = digest.hexdigest()
    return result


def read_state(site_dir: Path) -> dict[str, str]:
    """The fingerprints of the sites now in ``site_dir`` (none when unknown or unreadable)."""
    try:
        state = json.loads((site_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def write_state(site_dir: Path, state: dict[str, str]) -> None:
    text = json.dumps(dict(sorted(state.items())), indent=1) + "\n"
    (site_dir / STATE_FILE).write_text(text, encoding="utf-8")


def link_tree(source: Path, destination: Path) -> None:
    """A copy of a built site made of hard links: quick, and safe because built files are never edited."""
    try:
        shutil.copytree(source, destination, copy_function=os.link)
    except OSError:  # another file system, or no hard links: copy instead
        shutil.rmtree(destination, ignore_errors=True)
        shutil.copytree(source, destination)
