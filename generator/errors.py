"""The one error type of the generator, and where each problem is.

Every stage reports what is wrong with its input as :class:`Problem` values,
each at a :class:`Location` (file, line, column), and raises them together as
one :class:`HandbookError`. The command line prints them one per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["HandbookError", "Location", "Problem"]


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
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))
