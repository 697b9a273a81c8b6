"""Temporary files and folders carry the id of the process that made them.

A run killed half-way can leave one behind; the next run removes those whose
owner has ended, and never another live run's.
"""

from __future__ import annotations

import os

__all__ = ["process_is_gone"]


def process_is_gone(pid: str) -> bool:
    """True when the process that named a temporary file or folder after itself has ended."""
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return int(pid) == os.getpid()
