"""Local addenda: the rules of one country or office, applied over the shared handbook.

An addendum (``content/addenda/<id>.yml``) adds blocks at the end of pages,
replaces blocks by their ``id``, and adds or replaces contacts. The addenda
listed under ``addenda`` in ``handbook.yml`` are applied in that order, just
before rendering; everything else (extraction for translators, reviews,
``handbook diff``) works on the shared pages and on each addendum file as it
is. Each block an addendum brings keeps a note of where it came from, so its
page can say whom it applies to.
"""

from __future__ import annotations

from .blocks import BlockBase
from .handbook import Handbook
from .registry import Block

__all__ = ["public_content", "with_addenda"]


def with_addenda(handbook: Handbook) -> Handbook:
    """The handbook with its chosen addenda applied (their list kept, to name them on the page)."""
    contacts = dict(handbook.contacts)
    pages = {page.id: page for page in handbook.pages}
    for addendum in handbook.addenda:
        contacts.update((contact.id, contact) for contact in addendum.contacts)
        for page_id, change in addendum.pages.items():
            page = pages[page_id]
            blocks = [_replaced(addendum.id, change.replace, b) for b in page.blocks]
            blocks += [_from(addendum.id, block) for block in change.add]
            pages[page_id] = page.model_copy(update={"blocks": blocks})
    return handbook.model_copy(update={"contacts": contacts, "pages": [pages[p.id] for p in handbook.pages]})


def public_content(handbook: Handbook) -> bool:
    """Whether anything is published on the public page: a public block on a public page, addenda included."""
    return any(
        page.block_audience(block) != "internal"
        for page in with_addenda(handbook).pages
        if page.audience != "internal"
        for block in page.blocks
    )


def _replaced(addendum: str, replace: dict[str, Block], block: BlockBase) -> BlockBase:
    """The addendum's block in place of ``block`` when it replaces it (keeping its id), else ``block``."""
    if block.id is None or block.id not in replace:
        return block
    return _from(addendum, replace[block.id], block.id)


def _from(addendum: str, block: BlockBase, replaces: str | None = None) -> BlockBase:
    """A copy of ``block`` marked as the addendum's; a replacement keeps the id it replaces."""
    copy = block.model_copy(update={"id": block.id or replaces})
    copy._addendum = addendum
    return copy
