"""Print a built handbook to PDF: one file per language, from its one-page print view.

Chromium, driven by Playwright, opens ``print/index.html`` of a freshly built
handbook site and prints it: a cover, the contents with working links, every
page starting on a new sheet, page numbers in the footer, a document outline
(the reader's bookmarks) and tagged structure for screen readers. The page is
opened with scripts off (the print view needs none, and it prints sooner);
every collapsed section is opened first, so nothing is left out of the paper
copy. The paper size is A4 unless the project's CSS sets ``@page { size: ... }``.

The PDF is written into the staging folder of the build, beside the site it
was printed from, so both are published together or not at all. Its dates are
the handbook's effective date, so the same input gives the same bytes. Chinese
text is then made searchable (see :mod:`generator.publish.pdftext`).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import re
import shutil
import threading
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..engine.mkdocs import BuildTarget
from ..errors import HandbookError, Location, Problem
from ..load.project import Project
from .pdftext import has_ideographs, make_text_searchable

__all__ = ["PdfJob", "Printer", "find_chromium", "pdf_jobs", "pdf_name", "print_pdfs", "timeout"]

_T = TypeVar("_T")

# Where browsers are installed under these names: Debian's chromium first.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge")
MARGINS = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
TIMEOUT_SECONDS = 120.0  # a very long handbook takes a while to lay out
TIMEOUT_VARIABLE = "HANDBOOK_PDF_TIMEOUT"  # to allow more (or, in tests, less)

# Before printing: open collapsed sections, and name the document after the handbook, not "Print version".
_PREPARE = """() => {
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  const cover = document.querySelector(".hb-cover h1");
  if (cover) {
    const heading = cover.cloneNode(true);
    heading.querySelectorAll(".headerlink").forEach((link) => link.remove());
    document.title = heading.textContent.trim();
  }
}"""


def pdf_name(lang: str) -> str:
    """The PDF's file name in its language's handbook site (a stable address to link to)."""
    return f"handbook-{lang}.pdf"


@dataclass(frozen=True)
class PdfJob:
    """One PDF to print: the built print page, where the PDF goes, the text of its footer."""

    name: str  # how errors name it, e.g. "handbook/fr/print/"
    page: Path
    pdf: Path
    footer: str


def find_chromium() -> str | None:
    """The browser to print with: ``$CHROMIUM``, else the first installed one (None: Playwright's own)."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def print_pdfs(jobs: Iterable[PdfJob], setting: Location, date: datetime, pages: int | None = None) -> None:
    """Print every job with one browser; raise :class:`HandbookError` if any cannot be printed.

    ``setting`` is where the project asks for PDFs, named by errors about the browser.
    ``date`` is written into each PDF as its creation date. ``pages`` are printed at once
    (default: one per CPU; Chromium lays out each page on one core). A browser that does not
    start, or does not print a page, within :func:`timeout` seconds is an error.
    """
    with Printer(setting, date, pages) as printer:
        printer.print(jobs)


class Printer:
    """The browser of :func:`print_pdfs`, which may be started before its pages exist.

    :meth:`start` gets Playwright and Chromium ready in a thread of their own while the caller
    builds the sites; :meth:`print` hands them the pages, once, and starts them if need be (not
    for no pages). Starting early is worth it only where a core would wait meanwhile: the start
    competes with the build for the cores. Leaving the ``with`` block without printing closes
    the browser; a browser that did not start is no error then.
    """

    def __init__(self, setting: Location, date: datetime, pages: int | None = None) -> None:
        self._setting, self._date, self._pages = setting, date, pages
        self._jobs: Future[list[PdfJob]] = Future()
        self._apart: _Apart[list[Problem]] | None = None

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self._apart is None:
            return
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            self._apart.cancel()
            return
        if not self._jobs.done():
            self._jobs.set_result([])
        with contextlib.suppress(Exception):  # nothing printed: how the browser fared is no matter
            self._apart.result()

    def start(self) -> None:
        """Start the browser, unless it is started; it waits for :meth:`print`."""
        if self._apart is not None:
            return
        try:
            import playwright.async_api  # noqa: F401
            import pypdf  # noqa: F401
        except ImportError as missing:
            message = f"PDFs need {missing.name}, which is not installed: pip install 'policy-handbook[pdf]'"
            raise HandbookError([Problem(self._setting, message)]) from None
        setting, date, jobs = self._setting, self._date, self._jobs
        at_once, seconds = max(1, self._pages or os.cpu_count() or 1), timeout()
        self._apart = _Apart(lambda: _print_all(jobs, setting, date, at_once, seconds))

    def print(self, jobs: Iterable[PdfJob]) -> None:
        """Print every job; raise :class:`HandbookError` if any cannot be printed."""
        jobs = list(jobs)
        if not jobs and self._apart is None:
            return  # nothing to print, and no browser to close
        self.start()
        assert self._apart is not None
        self._jobs.set_result(jobs)
        problems = self._apart.result()
        if problems and jobs:
            raise HandbookError(problems)


def timeout() -> float:
    """Seconds the browser has to start, and to print each page: ``$HANDBOOK_PDF_TIMEOUT`` or 120."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 1e6:
        message = f"expected a number of seconds, not '{value}': correct it or unset it, then build again"
        raise HandbookError([Problem(Location(TIMEOUT_VARIABLE), message)])
    return seconds


class _Apart(Generic[_T]):
    """A coroutine run in an event loop of its own thread, so that a loop the caller runs is no matter.

    On Ctrl-C the coroutine is cancelled, and has closed the browser, before ``KeyboardInterrupt``
    goes on; quietly: what a browser hit by the same Ctrl-C says on its way out is of no use.
    """

    def __init__(self, make: Callable[[], Coroutine[Any, Any, _T]]) -> None:
        self._lock, self._running = threading.Lock(), _Running()

        async def main() -> _T:
            with self._lock:
                if self._running.stopped:
                    raise asyncio.CancelledError
                self._running.loop, self._running.task = asyncio.get_running_loop(), asyncio.current_task()
            return await make()

        self._thread = ThreadPoolExecutor(1)
        self._future = self._thread.submit(asyncio.run, main())
        self._thread.shutdown(wait=False)  # its one task goes on; the thread ends with it

    def result(self) -> _T:
        try:
            return self._future.result()
        except KeyboardInterrupt:
            self.cancel()
            raise

    def cancel(self) -> None:
        """Cancel the coroutine and wait until it has finished."""
        with self._lock:
            self._running.stopped = True
            loop, task = self._running.loop, self._running.task
            if loop is not None and task is not None:
                loop.set_exception_handler(lambda loop, context: None)
                with contextlib.suppress(RuntimeError):  # the loop has already finished
                    loop.call_soon_threadsafe(task.cancel)
        with contextlib.suppress(BaseException):
            self._future.result()


@dataclass
class _Running:
    """The event loop and task of an :class:`_Apart`, once started; whether Ctrl-C stopped them."""

    loop: asyncio.AbstractEventLoop | None = None
    task: asyncio.Task[Any] | None = None
    stopped: bool = False


async def _print_all(
    given: Future[list[PdfJob]], setting: Location, date: datetime, at_once: int, seconds: float
) -> list[Problem]:
    from playwright.async_api import Error, async_playwright

    executable = find_chromium()
    try:
        playwright = await async_playwright().start()
    except Exception as error:  # its driver is missing or broken: the installation, not the content
        reinstall = "reinstall it: pip install 'policy-handbook[pdf]'"
        message = f"Playwright did not start: {_first_line(error)}; {reinstall}"
        return [Problem(setting, message)]
    try:
        try:
            browser = await asyncio.wait_for(
                playwright.chromium.launch(
                    executable_path=executable, args=_browser_flags(), timeout=seconds * 1000
                ),
                seconds + 5,
            )
        except (Error, asyncio.TimeoutError) as error:
            return [Problem(setting, _no_browser(executable, error, seconds))]
        try:
            context = await asyncio.wait_for(browser.new_context(java_script_enabled=False), seconds)
            jobs = await asyncio.wrap_future(given)  # ready meanwhile: the pages come when built
            turns = asyncio.Semaphore(at_once)
            tasks = [asyncio.ensure_future(_print(context, job, date, turns, seconds)) for job in jobs]
            try:
                results = await asyncio.gather(*tasks)
            except BaseException:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)  # none goes on writing
                raise
        except (Error, asyncio.TimeoutError) as error:
            return [Problem(setting, f"Chromium stopped working: {_first_line(error)}; {_ADVICE}")]
        finally:
            with contextlib.suppress(Error, asyncio.TimeoutError):  # the driver kills it otherwise
                await asyncio.wait_for(browser.close(), seconds)
    finally:
        await playwright.stop()
    return [problem for result in results for problem in result]


def _browser_flags() -> list[str]:
    # Chromium refuses to start as root with its sandbox; it opens only the site just built.
    flags = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    return [*flags, "--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else flags


def _no_browser(executable: str | None, error: Exception, seconds: float) -> str:
    if executable is None:
        return (
            "PDFs are printed with Chromium, and none was found: install it (Debian: apt install chromium) "
            "or set CHROMIUM to the browser's path"
        )
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    if isinstance(error, (asyncio.TimeoutError, PlaywrightTimeout)):
        return f"Chromium at {executable} did not start within {seconds:g} seconds; {_ADVICE}"
    return f"Chromium at {executable} did not start: {_first_line(error)}; {_ADVICE}"


_ADVICE = "check the browser (or set CHROMIUM to another), then build again"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


async def _print(
    context: Any, job: PdfJob, date: datetime, turns: asyncio.Semaphore, seconds: float
) -> list[Problem]:
    """Print one page to its PDF; a problem if the browser fails on it or takes too long."""
    from playwright.async_api import Error

    partial = job.pdf.with_name(f".{job.pdf.name}.partial")
    async with turns:
        try:
            page = await asyncio.wait_for(context.new_page(), seconds)
        except (Error, asyncio.TimeoutError) as error:
            return [_failed(job, "could not open it", error)]
        page.set_default_timeout(seconds * 1000)
        try:
            await asyncio.wait_for(_print_page(page, job, partial), seconds)
        except asyncio.TimeoutError:
            partial.unlink(missing_ok=True)
            message = (
                f"Chromium did not print it within {seconds:g} seconds: check the browser, or allow "
                f"more time with {TIMEOUT_VARIABLE}=SECONDS, then build again"
            )
            return [Problem(Location(job.name), message)]
        except Error as error:
            partial.unlink(missing_ok=True)
            return [_failed(job, "could not print it", error)]
        finally:
            with contextlib.suppress(Error, asyncio.TimeoutError):
                await asyncio.wait_for(page.close(), seconds)
    # Off the event loop, so that Chromium goes on printing the other languages meanwhile.
    await asyncio.to_thread(_finish, job, partial, date)
    return []


def _failed(job: PdfJob, what: str, error: BaseException) -> Problem:
    return Problem(Location(job.name), f"Chromium {what}: {_first_line(error)}; {_ADVICE}")


async def _print_page(page: Any, job: PdfJob, partial: Path) -> None:
    await page.goto(job.page.as_uri(), wait_until="load")
    await page.evaluate(_PREPARE)
    await page.pdf(
        path=str(partial),
        format="A4",
        prefer_css_page_size=True,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=_footer(job.footer),
        margin=MARGINS,
        outline=True,
        tagged=True,
    )


def _finish(job: PdfJob, partial: Path, date: datetime) -> None:
    """Date the printed file, make its CJK text searchable, and put it in place."""
    data = _dated(partial.read_bytes(), date)
    if has_ideographs(_printed_part(job.page.read_text(encoding="utf-8"))):
        data = make_text_searchable(data)
    partial.write_bytes(data)
    os.replace(partial, job.pdf)


def _printed_part(page: str) -> str:
    """The article of a Material page: what gets printed (the language menu, hidden, names 中文)."""
    start = page.find("<article")
    return page[start : page.rfind("</article>")] if start >= 0 else page


def _footer(text: str) -> str:
    """Chromium's footer template: the handbook on the left, "page / pages" on the right."""
    style = "font: 8pt sans-serif; color: #555; width: 100%; margin: 0 16mm; display: flex; gap: 1em"
    number = '<span class="pageNumber"></span> / <span class="totalPages"></span>'
    return f'<div style="{style}"><span style="flex: 1">{html.escape(text)}</span><span>{number}</span></div>'


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}([+-]\d\d'\d\d'|Z)?\)")
_UTC = {7: b"+00'00'", 1: b"Z", 0: b""}  # the same length as the offset it replaces


def _dated(data: bytes, date: datetime) -> bytes:
    """The PDF with its creation and modification dates set to ``date``, in UTC.

    The replacement has the length of the original, so every byte offset in the file stays right.
    """
    stamp = date.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S").encode()

    def replace(match: re.Match[bytes]) -> bytes:
        return b"/%s (D:%s%s)" % (match[1], stamp, _UTC[len(match[2] or b"")])

    return _PDF_DATE.sub(replace, data)


def pdf_jobs(project: Project, targets: list[BuildTarget]) -> list[PdfJob]:
    """A PDF for each handbook site just built, printed from its print page."""
    meta = project.handbook.meta
    footer = f"{meta.organisation} · {meta.version}"
    return [
        PdfJob(
            f"{target.output}/{target.lang}/print/",
            target.site_dir / "print" / "index.html",
            target.site_dir / pdf_name(target.lang),
            footer,
        )
        for target in targets
        if target.output == "handbook"
    ]
