"""Put a finished site in place without ever leaving a half-written one.

A site is built into a staging folder beside the site folder and then
swapped in. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call, so a
reader or a killed build sees either the old site or the new one, never a mix
or nothing. Elsewhere it is two renames, and :func:`recover` puts the old site
back if a build died between them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..processes import process_is_gone

__all__ = ["discard", "publish", "recover", "staging_dir"]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_dir(site_dir: Path) -> Path:
    """A fresh empty folder on the same file system as ``site_dir``, to build into.

    Raises ``OSError`` naming the folder at fault if the site could not be replaced when built:
    a file where the site folder should be, or a folder this user may not change.
    """
    site_dir = site_dir.absolute()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(site_dir)
    _check_replaceable(site_dir)
    prefix = f".{site_dir.name}.staging-{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
    staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a web server must read the site
    return staging


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_replaceable(site_dir: Path) -> None:
    """Fail before building, not after: the swap needs to write in the site's parent folder, and
    removing the old site needs to write in every folder of it."""
    if site_dir.exists() and not site_dir.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(site_dir))
    folders = [site_dir.parent]
    if site_dir.is_dir():
        folders += [site_dir, *(Path(top) / name for top, names, _ in os.walk(site_dir) for name in names)]
    for folder in folders:
        if not _may_change(folder):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))


def _may_change(folder: Path) -> bool:
    wanted = os.R_OK | os.W_OK | os.X_OK
    if os.access in os.supports_effective_ids:
        return os.access(folder, wanted, effective_ids=True)
    return os.access(folder, wanted)


def publish(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging`` in one step; the old site is then removed.

    Ctrl-C waits until that is done: once the new site is in place, the build has succeeded.
    """
    site_dir = site_dir.absolute()
    with _interrupt_ignored():
        if not site_dir.exists():
            os.replace(staging, site_dir)
            return
        if _exchange(staging, site_dir):
            shutil.rmtree(staging, ignore_errors=True)  # what stays, the next build removes
            return
        old = _old_dir(site_dir)
        os.replace(site_dir, old)
        os.replace(staging, site_dir)
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _interrupt_ignored() -> Iterator[None]:
    """Ignore Ctrl-C (SIGINT) meanwhile: it would come too late to stop anything."""
    if threading.current_thread() is not threading.main_thread():  # Python handles signals there only
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def discard(staging: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(staging, ignore_errors=True)


def recover(site_dir: Path) -> None:
    """Undo a swap that was interrupted between its two renames; remove stale staging folders."""
    old = _old_dir(site_dir)
    if old.exists() and not site_dir.exists():
        os.replace(old, site_dir)
    elif old.exists():
        shutil.rmtree(old)
    for stale in site_dir.parent.glob(f".{site_dir.name}.staging-*"):
        if process_is_gone(stale.name.rsplit(".staging-", 1)[-1].split("-")[0]):
            shutil.rmtree(stale, ignore_errors=True)


def _old_dir(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.old")


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); False where the call does not exist."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result: int = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
