"""Links in Markdown fields: each must reach a page, and a place on it, that the render creates.

A Markdown field (a ``text`` block's ``body``, say) may link to

* another page by its file name, ``expenses.md``, or a place on it, ``expenses.md#limits``;
* a place on its own page, ``#limits``;
* anything with a scheme (``https://``, ``mailto:``, ``tel:``), which :mod:`generator.safety` vets.

Any other relative link (``logo.png``, ``../x``) leads nowhere: the site holds only the pages.

A place is a block's ``id`` (the same in every language) or a heading's anchor as the site
makes it in the source language. :func:`link_problems` checks every link of every page in
the source language, before MkDocs runs, and locates each broken one at its line;
:func:`translated_anchor_problems` warns where a translated heading loses its anchor, and
:func:`generated_link_problems` finds links to missing pages that templates print.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import Location, Problem
from ..load.validate import suggest
from ..load.yaml import Document, Path_
from ..model.blocks import BlockBase
from ..model.handbook import Handbook, Page
from ..model.values import Markdown, walk
from .markdown import CODE_SPANS

__all__ = ["generated_link_problems", "link_problems", "markdown_links", "translated_anchor_problems"]

# [text](target "title") and ![image](target); the target may be written <in angle brackets>.
_INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^)\s]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

Anchors = Callable[[str, str], set[str]]  # (output, generated page) -> its anchors


def markdown_links(text: str) -> list[str]:
    """The link targets of a Markdown text, in order; code spans and blocks are left out.

    >>> markdown_links("See [limits](expenses.md#limits), `[not](a.md)` and [home](<index.md>).")
    ['expenses.md#limits', 'index.md']
    """
    text = CODE_SPANS.sub("", text)
    found = [(m.start(), m[1]) for m in _INLINE.finditer(text)]
    found += [(m.start(), m[1]) for m in _REFERENCE.finditer(text)]
    return [target.strip("<>") for _, target in sorted(found)]


@dataclass(frozen=True)
class _Field:
    page: Page  # the page it is shown on
    document: Document  # the file it is written in: the page's, or a local addendum's
    path: Path_
    text: str
    public: bool  # also shown on the public page


def link_problems(
    handbook: Handbook,
    documents: dict[str, Document],
    files: dict[str, dict[str, str]],
    anchors: Anchors,
    addendum_documents: dict[str, Document] | None = None,
) -> list[Problem]:
    """A located problem for each link that leads nowhere, checked in each output it appears in.

    ``documents`` are the pages' content files by page id, ``addendum_documents`` the local
    addenda's by addendum id (their blocks' links are checked on the pages they go to);
    ``files`` the generated pages of each output built, by output.
    """
    problems: list[Problem] = []
    reported: set[tuple[str, Path_, str]] = set()
    for field, target, output, doc in _links(handbook, files, documents, addendum_documents or {}):
        key = (field.document.name, field.path, target)
        message = None if key in reported else _broken(target, output, doc, files[output], handbook, anchors)
        if message:
            reported.add(key)  # once per link: the handbook's reason is the one to fix first
            problems.append(Problem(_where(field.document, field.path, target), message))
    return problems


def translated_anchor_problems(
    handbook: Handbook,
    documents: dict[str, Document],
    files: dict[str, dict[str, str]],
    anchors: Anchors,
    lang: str,
) -> list[Problem]:
    """A warning for each link to a heading's anchor that the ``lang`` version of the page lacks.

    ``files`` are the generated pages in ``lang``; the links are those of the source text,
    already found to work there. A heading's anchor comes from its words, so it changes when
    they are translated; a block's id does not.
    """
    problems: list[Problem] = []
    for field, target, output, doc in _links(handbook, files, documents, {}):
        path, _, anchor = target.partition("#")
        page = path.removeprefix("./") or doc
        if anchor and page in files[output] and anchor not in anchors(output, page):
            message = (
                f"link '{target}': the '{lang}' translation of the page has no place '{anchor}', as a "
                f"heading's anchor changes with its words: give the block 'id: {anchor}' and link to that"
            )
            location = _where(field.document, field.path, target)
            problems.append(Problem(location, message, "warning"))
    return problems


def _links(
    handbook: Handbook,
    files: dict[str, dict[str, str]],
    documents: dict[str, Document],
    addendum_documents: dict[str, Document],
) -> Iterator[tuple[_Field, str, str, str]]:
    """Each link of each Markdown field, with each output and generated page it is on, handbook first."""
    fields = [*_markdown_fields(handbook, documents), *_addendum_fields(handbook, addendum_documents)]
    for field in fields:
        outputs = [("handbook", f"{field.page.id}.md")]
        if field.public and "community" in files:
            outputs.append(("community", "index.md"))
        for target in dict.fromkeys(markdown_links(field.text)):
            for output, doc in outputs:
                yield field, target, output, doc


def generated_link_problems(
    files: dict[str, dict[str, str]], locate: Callable[[str, str], Location | None]
) -> list[Problem]:
    """A problem for each link to a missing page in the generated pages (a template's, say).

    ``locate`` finds, from a generated page and the link, the file that printed it.
    """
    problems: list[Problem] = []
    for docs in files.values():
        for doc, text in docs.items():
            for target in markdown_links(text):
                path = target.partition("#")[0].removeprefix("./")
                if path.endswith(".md") and not _SCHEME.match(path) and path not in docs:
                    location = locate(doc, f"]({target})") or Location(doc)
                    message = f"link '{target}': there is no page '{path.removesuffix('.md')}'"
                    problems.append(Problem(location, message))
    return problems


def _public_pages(handbook: Handbook) -> set[str]:
    return {page.id for page in handbook.pages if page.audience != "internal"}


def _where(document: Document, path: Path_, target: str) -> Location:
    """The line of the link in the field's text: the first line at or below the field that holds it."""
    field = document.locate(path)
    lines = document.source.splitlines()
    link = re.compile(rf"\]\(\s*<?({re.escape(target)})>?[\s)]")
    for number in range(field.line, len(lines) + 1):
        match = link.search(lines[number - 1] + " ")
        if match:
            return Location(field.file, number, match.start(1) + 1)
    return field


def _markdown_fields(handbook: Handbook, documents: dict[str, Document]) -> Iterator[_Field]:
    for page in handbook.pages:
        for leaf in walk(page):
            if not isinstance(leaf.value, Markdown):
                continue
            block = page.blocks[int(leaf.path[1])] if leaf.path[0] == "blocks" else None
            audience = page.block_audience(block) if block is not None else page.audience
            public = "internal" not in (page.audience, audience)
            yield _Field(page, documents[page.id], leaf.path, str(leaf.value), public)


def _addendum_fields(handbook: Handbook, documents: dict[str, Document]) -> Iterator[_Field]:
    """The Markdown fields of the blocks the handbook's addenda add or put in place, on their pages."""
    pages = {page.id: page for page in handbook.pages}
    for addendum in handbook.addenda:
        for page_id, change in addendum.pages.items():
            page = pages.get(page_id)
            if page is None or addendum.id not in documents:
                continue  # the loader has refused an addendum for a page that does not exist
            placed: list[tuple[Path_, BlockBase]] = [
                *((("pages", page_id, "add", i), block) for i, block in enumerate(change.add)),
                *((("pages", page_id, "replace", key), block) for key, block in change.replace.items()),
            ]
            for path, block in placed:
                public = "internal" not in (page.audience, page.block_audience(block))
                for leaf in walk(block, path):
                    if isinstance(leaf.value, Markdown):
                        yield _Field(page, documents[addendum.id], leaf.path, str(leaf.value), public)


def _broken(
    target: str, output: str, doc: str, files: dict[str, str], handbook: Handbook, anchors: Anchors
) -> str | None:
    """Why ``target``, linked from the page ``doc`` of ``output``, leads nowhere; None if it works."""
    if _SCHEME.match(target) or target.startswith("/"):
        return None
    path, _, anchor = target.partition("#")
    path = path.removeprefix("./")
    pages = [page.id for page in handbook.pages]
    if path and not path.endswith(".md") and path not in files:
        if path in pages:
            return f"link '{target}': link to a page by its file name, '{path}.md'"
        return (
            f"link '{target}': the site has no file '{path}' (it holds only the pages): "
            "link to a page as '<page>.md', or to a file by its full address (https://…)"
        )
    page = path or doc
    if output == "community" and path.removesuffix(".md") in _public_pages(handbook):
        page = doc  # every public page is a section of the one public page (render.markdown.link_sections)
    if page not in files:
        if output == "community":
            return (
                f"link '{target}': this text is also on the public page, and page "
                f"'{path.removesuffix('.md')}' is not public; link to the handbook page by its full "
                "address, or mark the block 'audience: internal'"
            )
        known = [f"{page_id}.md" for page_id in pages]
        missing = path.removesuffix(".md")
        return f"link '{target}': there is no page '{missing}' (content/pages/{missing}.yml)" + suggest(
            path, known
        )
    if anchor and anchor not in anchors(output, page):
        where = "this page" if not path else f"page '{path.removesuffix('.md')}'"
        return (
            f"link '{target}': {where} has no place '{anchor}': give the block you mean 'id: {anchor}'"
            " (a block's id is the same in every language), or link to a heading's anchor"
        )
    return None
