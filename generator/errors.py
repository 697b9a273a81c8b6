"""The one error type of the generator, and where each problem is.

Every stage reports what is wrong with its input as :class:`Problem` values,
each at a :class:`Location` (file, line, column), and raises them together as
one :class:`HandbookError`. The command line prints them one per line.

What the machine refuses (a full disk, a folder the user may not write to) is an
``OSError``; :func:`os_problem` says it as a located problem too, with what to do.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HandbookError", "Location", "Problem", "display_path", "os_problem"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file. ``line`` and ``column`` count from 1; 0 means unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        if not self.column:  # a .po file: lines only
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, and where."""

    location: Location
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.location}: {prefix}{self.message}"


class HandbookError(Exception):
    """Raised with every problem of a run; nothing has been written when it is raised."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        # The same problem found twice (one catalog read by two build workers) is reported once.
        self.problems = sorted(set(problems))
        super().__init__("\n".join(map(str, self.problems)))


# A staging folder is named after the folder it will replace: ".site.staging-<pid>-<random>".
_STAGING = re.compile(r"^\.(.+)\.staging-\d+-[^/]*$")


def display_path(path: str | os.PathLike[str], root: Path | None = None) -> str:
    """A path as the user knows it: relative to ``root`` when inside it, a staging folder by its site's name.

    >>> display_path("/p/.site.staging-12-ab3/handbook/fr/index.html", Path("/p"))
    'site/handbook/fr/index.html'
    >>> display_path("/elsewhere/out", Path("/p"))
    '/elsewhere/out'
    """
    path = Path(os.path.abspath(path))
    parts = [match[1] if (match := _STAGING.match(part)) else part for part in path.parts]
    path = Path(*parts)
    if root is not None and Path(os.path.abspath(root)) in path.parents:
        return path.relative_to(Path(os.path.abspath(root))).as_posix()
    return path.as_posix()


def os_problem(
    error: OSError, location: str | None = None, root: Path | None = None, again: str = "run it again"
) -> Problem:
    """One located line for an error of the machine, saying what to do; ``again`` ends the advice.

    The location is ``location`` (a folder the user chose, such as the site folder) or else the
    path the error names; the message names that path when it differs from the location.

    >>> full = OSError(errno.ENOSPC, "No space left on device", "/p/.site.staging-1-x/handbook/a.js")
    >>> print(os_problem(full, "site", Path("/p"), "build again"))
    site: no space left on the device while writing site/handbook/a.js: free some space, then build again
    >>> denied = PermissionError(errno.EACCES, "Permission denied", "/p/locales/fr")
    >>> print(os_problem(denied, root=Path("/p")))
    locales/fr: permission denied: give the user running handbook access, then run it again
    """
    named = error.filename2 if error.filename2 is not None else error.filename
    path = display_path(os.fsdecode(named), root) if named is not None else None
    location = location or path or "(unknown file)"
    what, where, advice = _MACHINE_ERRORS.get(
        error.errno or 0, ((error.strerror or type(error).__name__).lower(), "at", "check the file system")
    )
    named_too = f" {where} {path}" if path is not None and path != location else ""
    return Problem(Location(location), f"{what}{named_too}: {advice}, then {again}")


# errno: what happened, how the message names the path, what to do
_MACHINE_ERRORS = {
    errno.ENOSPC: ("no space left on the device", "while writing", "free some space"),
    errno.EDQUOT: ("disk quota exceeded", "while writing", "free some space"),
    errno.EACCES: ("permission denied", "on", "give the user running handbook access"),
    errno.EPERM: ("operation not permitted", "on", "give the user running handbook access"),
    errno.EROFS: ("read-only file system", "at", "choose a writable place"),
    errno.EFBIG: ("file too large for this system", "at", "raise the file size limit"),
    errno.ENOTDIR: ("a file stands where a folder is needed", "at", "move the file away"),
    errno.EEXIST: ("a file stands where a folder is needed", "at", "move the file away"),
    errno.EISDIR: ("a folder stands where a file is needed", "at", "move the folder away"),
    errno.ENOENT: ("not found", "at", "check that it exists"),
}
