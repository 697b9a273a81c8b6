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

__all__ = ["with_addenda"]


def with_addenda(handbook: Handbook) -> Handbook:
    """The handbook with its chosen addenda applied (their list kept, to name them on the page)."""
    contacts = dict(handbook.contacts)
    pages = {page.id: page for page in handbook.pages}
    for addendum in handbook.addenda:
        contacts.update((contact.id, contact) for contact in addendum.contacts)
        for page_id, change in addendum.pages.items():
            page = pages[page_id]
            blocks = [_from(addendum.id, change.replace.get(b.id), b.id) or b for b in page.blocks]
            blocks += [_from(addendum.id, block) for block in change.add]
            pages[page_id] = page.model_copy(update={"blocks": blocks})
    return handbook.model_copy(update={"contacts": contacts, "pages": [pages[p.id] for p in handbook.pages]})


def _from(addendum: str, block: BlockBase | None, replaces: str | None = None) -> BlockBase | None:
    """A copy of ``block`` marked as the addendum's; a replacement keeps the id it replaces."""
    if block is None:
        return None
    copy = block.model_copy(update={"id": block.id or replaces})
    copy._addendum = addendum
    return copy
