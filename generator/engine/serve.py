"""Serve a folder of built sites with MkDocs' live-reload server.

The caller gives the folder, the paths to watch and a ``rebuild`` function;
the server calls it after every saved change and reloads open pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import HandbookError, Location, Problem

__all__ = ["POLL_SECONDS", "serve_folder"]

POLL_SECONDS = 0.1  # MkDocs polls every 0.5 s; a saved change should show within a second


def serve_folder(
    site_dir: Path, watched: Iterable[Path], rebuild: Callable[[], None], host: str, port: int
) -> None:
    """Serve ``site_dir`` on ``host:port``, calling ``rebuild`` on every change, until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(rebuild, host, port, str(site_dir), polling_interval=POLL_SECONDS)
    for path in watched:
        server.watch(str(path))
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        server.serve()  # type: ignore[no-untyped-call]  # MkDocs leaves it unannotated
    except KeyboardInterrupt:
        pass
    except OSError as error:
        if server.serve_thread.ident is not None:  # it was serving: not the address
            raise
        reason = (error.strerror or str(error)).lower()  # the port is taken, the address not this machine's
        message = f"cannot serve there: {reason}: stop what uses it, or choose another --dev-addr"
        raise HandbookError([Problem(Location(f"{host}:{port}"), message)]) from None
    finally:
        server.shutdown()
