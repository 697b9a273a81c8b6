"""Load a handbook project's YAML into the model, with every error located.

A project has ``content/handbook.yml`` (metadata), ``content/contacts.yml``
(contacts and official accounts) and one file per page in
``content/pages/<id>.yml``. :func:`load_project` reads them all and returns a
:class:`Project`, or raises :class:`HandbookError` carrying *every* problem
found, each with its file, line and column.

YAML is parsed into nodes first so that each value keeps its position; the
positions follow the data through validation, so a type error deep inside a
block is still reported where the author typed it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import HandbookError, Location, Problem
from ..model.addenda import public_content
from ..model.blocks import FILES, Attachment, BlockBase, ContactList, Definitions
from ..model.handbook import Addendum, Changelog, Contact, Directory, Handbook, Metadata, Page
from ..model.values import SLUG, Reference, walk
from .validate import suggest, validate
from .yaml import Document, Path_, read_yaml

__all__ = ["Project", "duplicate_titles", "files_outside", "load_project"]

M = TypeVar("M", bound=BaseModel)


@dataclass
class Project:
    """A loaded handbook project: the model plus the documents it came from."""

    root: Path
    handbook: Handbook
    documents: dict[str, Document]
    page_documents: dict[str, Document]
    warnings: list[Problem] = field(default_factory=list)  # what loads but may not be what HR meant
    addenda: dict[str, Addendum] = field(default_factory=dict)  # every addendum file, chosen or not
    addendum_documents: dict[str, Document] = field(default_factory=dict)  # their files, by addendum id


# --- The whole project --------------------------------------------------------------


def load_project(root: Path, cache: Path | None = None) -> Project:
    """Load and cross-check every content file of the project at ``root``.

    With a ``cache`` folder, a file whose bytes were read before is not parsed again.
    """
    root = Path(root)
    problems: list[Problem] = list(files_outside(root, PROJECT_FOLDERS))
    meta_doc, meta = _load_model(root, "content/handbook.yml", Metadata, problems, cache)
    directory_doc, directory = _load_model(root, "content/contacts.yml", Directory, problems, cache)
    pages, page_docs, broken = _load_pages(root, problems, cache)
    changelog_doc, changelog = _load_changelog(root, problems, cache)
    addenda, addendum_docs = _load_addenda(root, problems, cache)
    if meta is None or directory is None or meta_doc is None or directory_doc is None:
        raise HandbookError(problems)
    # Pages that did load are still cross-checked, so one run reports every kind of error.
    contacts = _unique_ids(directory.contacts, "contacts", "contact", directory_doc, problems)
    accounts = _unique_ids(directory.accounts, "accounts", "account", directory_doc, problems)
    ordered = _order_pages(meta, meta_doc, pages, page_docs, broken, problems)
    releases = changelog.versions if changelog else []
    chosen = _choose_addenda(root, meta, meta_doc, addenda, problems)
    handbook = Handbook(
        meta=meta, contacts=contacts, accounts=accounts, pages=ordered, changelog=releases, addenda=chosen
    )
    if changelog_doc is not None and changelog is not None:
        _check_changelog(meta, meta_doc, changelog, changelog_doc, problems)
    _check_references(handbook, meta, meta_doc, directory, directory_doc, page_docs, broken, problems)
    _check_audiences(handbook, page_docs, problems)
    for page in pages.values():
        _check_files(root, page.blocks, ("blocks",), page_docs[page.id], problems)
    for addendum in addenda.values():
        for page_id, change in addendum.pages.items():
            added = ("pages", page_id, "add")
            _check_files(root, change.add, added, addendum_docs[addendum.id], problems)
            for key, block in change.replace.items():
                where = ("pages", page_id, "replace", key)
                _check_files(root, [block], where, addendum_docs[addendum.id], problems, keyed=True)
    for addendum in addenda.values():
        _check_addendum(addendum, addendum_docs[addendum.id], handbook, pages, problems)
    public = [] if problems else _public_problems(handbook, meta_doc)  # addenda must apply first
    problems.extend(p for p in public if p.severity == "error")
    if problems:
        raise HandbookError(problems)
    documents = {meta_doc.name: meta_doc, directory_doc.name: directory_doc}
    if changelog_doc is not None:
        documents[changelog_doc.name] = changelog_doc
    documents.update({doc.name: doc for doc in page_docs.values()})
    documents.update({doc.name: doc for doc in addendum_docs.values()})
    warnings = [p for p in public if p.severity == "warning"]
    warnings.extend(duplicate_titles(handbook.pages, page_docs, {p.id: p.title for p in handbook.pages}))
    warnings.extend(_older_contact_names(directory.contacts, directory_doc))
    for addendum in addenda.values():
        warnings.extend(_older_contact_names(addendum.contacts, addendum_docs[addendum.id]))
    return Project(
        root,
        handbook,
        documents,
        page_docs,
        warnings=warnings,
        addenda=addenda,
        addendum_documents=addendum_docs,
    )


def duplicate_titles(
    pages: list[Page], documents: dict[str, Document], titles: dict[str, str], lang: str | None = None
) -> list[Problem]:
    """A warning at each page whose title (``titles``, by page id) an earlier page has too.

    ``lang`` names the translation the titles are in; None for the source.
    """
    first: dict[str, str] = {}
    warnings: list[Problem] = []
    for page in pages:
        title = " ".join(titles[page.id].split()).casefold()
        if title in first:
            where = f" in the '{lang}' translation" if lang else ""
            message = (
                f"page '{page.id}' has the same title as page '{first[title]}'{where}, so the navigation"
                " shows two entries alike: give each page its own title"
            )
            warnings.append(Problem(documents[page.id].locate(("title",)), message, "warning"))
        first.setdefault(title, page.id)
    return warnings


def _public_problems(handbook: Handbook, meta_doc: Document) -> list[Problem]:
    """A public page with nothing on it is never published: an error if it must be, else a warning."""
    build = handbook.meta.public.build
    if build == "never" or public_content(handbook):
        return []
    if build == "always":
        message = (
            "the public page must be built ('build: always') but no page or block is public: "
            "mark what the public may read 'audience: public', or write 'build: auto'"
        )
        return [Problem(meta_doc.locate(("public", "build")), message)]
    message = (
        "no page or block is public, so the public page is not built: mark what the public may read "
        "'audience: public', or write 'public: {build: never}' to say it is not wanted"
    )
    where = meta_doc.locate(("public",), key=True) if "public" in meta_doc.data else meta_doc.locate(())
    return [Problem(where, message, "warning")]


def _older_contact_names(contacts: list[Contact], document: Document) -> Iterator[Problem]:
    """A warning at each contact named with ``name``: it stays as written, which may not be what HR meant."""
    for index, contact in enumerate(contacts):
        if contact.legacy_name is not None:
            name = contact.legacy_name
            message = (
                f"'name' is shown as written in every language, like a person's name: write "
                f"'person: {name}' if it is a person, or 'team: {name}' if it is a team, role or "
                f"mailbox, so that translators translate it"
            )
            yield Problem(document.locate(("contacts", index, "name"), key=True), message, "warning")


PROJECT_FOLDERS = ("content", "templates", "locales")
CHANGELOG = "content/changelog.yml"


def _load_changelog(
    root: Path, problems: list[Problem], cache: Path | None = None
) -> tuple[Document | None, Changelog | None]:
    """``content/changelog.yml``, which a handbook may do without."""
    if not (root / CHANGELOG).exists():
        return None, None
    return _load_model(root, CHANGELOG, Changelog, problems, cache)


def _check_changelog(
    meta: Metadata, meta_doc: Document, changelog: Changelog, document: Document, problems: list[Problem]
) -> None:
    """Each version once, newest first, and the handbook's own version among them."""
    seen: dict[str, int] = {}
    for index, release in enumerate(changelog.versions):
        location = document.locate(("versions", index, "version"))
        if release.version in seen:
            problems.append(Problem(location, f"version '{release.version}' is listed twice"))
        seen.setdefault(release.version, index)
        if index and release.date > changelog.versions[index - 1].date:
            message = "versions must be listed newest first (this one is newer than the one above)"
            problems.append(Problem(document.locate(("versions", index, "date")), message))
    if meta.version not in seen:
        message = f"version '{meta.version}' has no entry in {CHANGELOG}; say what changed in it"
        problems.append(Problem(meta_doc.locate(("version",)), message))


def files_outside(root: Path, folders: Iterable[str]) -> Iterator[Problem]:
    """A problem for each file or folder in ``folders`` that is, or links to, something outside ``root``.

    The build reads only the project; a symbolic link could otherwise publish any file on the machine.
    """
    top = root.resolve()
    for folder in folders:
        for path in [root / folder, *_tree(root / folder)]:
            if path.exists() and not path.resolve().is_relative_to(top):
                name = Path(os.path.relpath(path, root)).as_posix()
                message = "links to a place outside the project; copy what it needs into the project"
                yield Problem(Location(name), message)


def _tree(folder: Path) -> Iterator[Path]:
    """Everything below ``folder`` without following symbolic links, so each link is seen once."""
    if folder.is_symlink() or not folder.is_dir():
        return
    for base, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            yield Path(base) / name


def _load_model(
    root: Path, name: str, model: type[M], problems: list[Problem], cache: Path | None = None
) -> tuple[Document | None, M | None]:
    try:
        document = read_yaml(root / name, name, cache)
        return document, validate(model, document)
    except HandbookError as error:
        problems.extend(error.problems)
        return None, None


PAGES = "content/pages"
ADDENDA = "content/addenda"


def _load_pages(
    root: Path, problems: list[Problem], cache: Path | None = None
) -> tuple[dict[str, Page], dict[str, Document], set[str]]:
    """Every page that loads, its document, and the ids of the page files that did not."""
    if not (root / PAGES).is_dir():
        problems.append(Problem(Location(PAGES), "folder not found: one YAML file per page"))
        return {}, {}, set()
    return _load_named_files(root, PAGES, Page, "page", problems, cache)


def _load_addenda(
    root: Path, problems: list[Problem], cache: Path | None = None
) -> tuple[dict[str, Addendum], dict[str, Document]]:
    """Every local addendum file that loads, by id, and its document (the folder is optional)."""
    if not (root / ADDENDA).is_dir():
        return {}, {}
    addenda, documents, _ = _load_named_files(root, ADDENDA, Addendum, "addendum", problems, cache)
    return addenda, documents


def _load_named_files(
    root: Path, folder: str, model: type[M], kind: str, problems: list[Problem], cache: Path | None = None
) -> tuple[dict[str, M], dict[str, Document], set[str]]:
    """The YAML files of a folder, each a ``model`` whose id is its file name; the ids that did not load."""
    loaded: dict[str, M] = {}
    documents: dict[str, Document] = {}
    broken: set[str] = set()
    for path in sorted((root / folder).iterdir()):
        name = f"{folder}/{path.name}"
        if path.suffix not in (".yml", ".yaml"):
            continue
        if not SLUG.match(path.stem):
            message = f"'{path.stem}' is not a valid {kind} id: name {kind} files in lowercase-with-hyphens"
            problems.append(Problem(Location(name, 1, 1), message))
            continue
        try:
            document = read_yaml(path, name, cache)
            item = _validate_named(document, model, path.stem, kind)
        except HandbookError as error:
            problems.extend(error.problems)
            broken.add(path.stem)
            continue
        if path.stem in loaded:  # the same id as .yml and .yaml
            problems.append(Problem(Location(name, 1, 1), f"duplicate {kind} id '{path.stem}'"))
            continue
        loaded[path.stem], documents[path.stem] = item, document
    return loaded, documents, broken


def _validate_named(document: Document, model: type[M], file_id: str, kind: str) -> M:
    data = document.data
    if not isinstance(data, dict):
        raise HandbookError([Problem(document.locate(()), f"a {kind} must be a mapping of fields")])
    if "id" in data:
        message = f"a {kind} takes its id from its file name; remove 'id'"
        raise HandbookError([Problem(document.locate(("id",), key=True), message)])
    return validate(model, document, {"id": file_id, **data})


def _choose_addenda(
    root: Path, meta: Metadata, meta_doc: Document, addenda: dict[str, Addendum], problems: list[Problem]
) -> list[Addendum]:
    """The addenda listed in handbook.yml, in order; each must exist, once (a broken one reports itself)."""
    chosen: list[Addendum] = []
    for index, addendum_id in enumerate(meta.addenda):
        location = meta_doc.locate(("addenda", index))
        if addendum_id in addenda and addenda[addendum_id] in chosen:
            problems.append(Problem(location, f"addendum '{addendum_id}' is listed twice"))
        elif addendum_id in addenda:
            chosen.append(addenda[addendum_id])
        elif not any((root / ADDENDA / f"{addendum_id}{suffix}").exists() for suffix in (".yml", ".yaml")):
            message = f"no addendum '{addendum_id}': expected {ADDENDA}/{addendum_id}.yml"
            problems.append(Problem(location, message + suggest(addendum_id, addenda)))
    return chosen


def _check_addendum(
    addendum: Addendum,
    document: Document,
    handbook: Handbook,
    pages: dict[str, Page],
    problems: list[Problem],
) -> None:
    """Its pages and replaced blocks exist; its references resolve; published blocks stay public."""
    contacts = {**handbook.contacts}
    for index, contact in enumerate(addendum.contacts):
        shared = handbook.contacts.get(contact.id)
        if shared is not None and shared.audience != contact.audience:
            message = f"contact '{contact.id}' is {shared.audience} in content/contacts.yml: keep it so"
            problems.append(Problem(document.locate(("contacts", index, "audience")), message))
        contacts[contact.id] = contact
    targets: dict[str, Any] = {"contact": contacts, "account": handbook.accounts, "page": pages}
    for leaf in walk(addendum):
        if leaf.reference is not None and leaf.value not in targets[leaf.reference.kind]:
            problems.append(_unknown_reference(leaf.reference, leaf.value, targets, document, leaf.path))
    for page_id, change in addendum.pages.items():
        page = pages.get(page_id)
        if page is None:
            message = f"no page '{page_id}'" + suggest(page_id, pages)
            problems.append(Problem(document.locate(("pages", page_id), key=True), message))
            continue
        ids = [block.id for block in page.blocks if block.id]
        for block_id in change.replace:
            if block_id not in ids:
                where = document.locate(("pages", page_id, "replace", block_id), key=True)
                known = (
                    f" (its blocks with an id: {', '.join(ids)})"
                    if ids
                    else " (none of its blocks has an id)"
                )
                problems.append(Problem(where, f"page '{page_id}' has no block '{block_id}'{known}"))
        placed: list[tuple[Path_, BlockBase]] = [
            (("pages", page_id, "add", i), b) for i, b in enumerate(change.add)
        ]
        placed += [(("pages", page_id, "replace", key), b) for key, b in change.replace.items()]
        for path, block in placed:
            problems.extend(_audience_problems(page, block, path, document, contacts, handbook.accounts))


def _check_files(
    root: Path,
    blocks: list[BlockBase],
    path: Path_,
    document: Document,
    problems: list[Problem],
    keyed: bool = False,
) -> None:
    """Each attachment's file is in content/files/ (a link out of it is refused); its size is recorded."""
    folder = (root / FILES).resolve()
    for index, block in enumerate(blocks):
        if not isinstance(block, Attachment):
            continue
        file = root / FILES / block.file
        location = document.locate((*path, "file") if keyed else (*path, index, "file"))
        if file.exists() and not file.resolve().is_relative_to(folder):
            message = f"{FILES}/{block.file} links to a place outside {FILES}/: copy the file itself there"
            problems.append(Problem(location, message))
        elif not file.is_file():
            known = [p.relative_to(root / FILES).as_posix() for p in _tree(root / FILES) if p.is_file()]
            message = f"no file {FILES}/{block.file}: put the file in {FILES}/, or correct its name"
            problems.append(Problem(location, message + suggest(block.file, known)))
        else:
            block._size = file.stat().st_size


def _unique_ids(
    items: list[Any], key: str, kind: str, doc: Document, problems: list[Problem]
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for index, item in enumerate(items):
        if item.id in found:
            first = doc.locate((key, items.index(found[item.id]), "id")).line
            message = f"duplicate {kind} id '{item.id}' (first defined on line {first})"
            problems.append(Problem(doc.locate((key, index, "id")), message))
        else:
            found[item.id] = item
    return found


def _order_pages(
    meta: Metadata,
    meta_doc: Document,
    pages: dict[str, Page],
    page_docs: dict[str, Document],
    broken: set[str],
    problems: list[Problem],
) -> list[Page]:
    ordered: list[Page] = []
    for index, page_id in enumerate(meta.pages):
        location = meta_doc.locate(("pages", index))
        if page_id in broken:
            continue  # its own errors are already reported
        if page_id not in pages:
            message = f"no page '{page_id}': expected content/pages/{page_id}.yml" + suggest(page_id, pages)
            problems.append(Problem(location, message))
        elif pages[page_id] in ordered:
            problems.append(Problem(location, f"page '{page_id}' is listed twice"))
        else:
            ordered.append(pages[page_id])
    for page_id, document in page_docs.items():
        if page_id not in meta.pages:
            message = f"page '{page_id}' is not listed under 'pages' in content/handbook.yml"
            problems.append(Problem(document.locate(()), message))
    return ordered


def _check_references(
    handbook: Handbook,
    meta: Metadata,
    meta_doc: Document,
    directory: Directory,
    directory_doc: Document,
    page_docs: dict[str, Document],
    broken: set[str],
    problems: list[Problem],
) -> None:
    targets: dict[str, Any] = {
        "contact": handbook.contacts,
        "account": handbook.accounts,
        "page": {page.id for page in handbook.pages} | broken,  # a broken page still exists
    }
    sources: list[tuple[BaseModel, Document]] = [(meta, meta_doc), (directory, directory_doc)]
    sources += [(page, page_docs[page.id]) for page in handbook.pages]
    for model, document in sources:
        for leaf in walk(model):
            if leaf.reference is None or (model is meta and leaf.path[0] in ("pages", "addenda")):
                continue  # the page and addendum lists are checked by _order_pages and _choose_addenda
            if leaf.value not in targets[leaf.reference.kind]:
                problems.append(_unknown_reference(leaf.reference, leaf.value, targets, document, leaf.path))
        if isinstance(model, Page):
            _check_block_ids(model, document, problems)
            _check_term_anchors(model, document, problems)


def _unknown_reference(
    reference: Reference, value: str, targets: dict[str, Any], document: Document, path: Path_
) -> Problem:
    known = targets[reference.kind]
    message = f"unknown {reference.kind} '{value}'" + suggest(value, known)
    return Problem(document.locate(path), message)


def _check_block_ids(page: Page, document: Document, problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for index, block in enumerate(page.blocks):
        if block.id is None:
            continue
        if block.id in seen:
            first = document.locate(("blocks", seen[block.id], "id")).line
            message = f"duplicate block id '{block.id}' (first used on line {first})"
            problems.append(Problem(document.locate(("blocks", index, "id")), message))
        else:
            seen[block.id] = index


def _check_term_anchors(page: Page, document: Document, problems: list[Problem]) -> None:
    """A link to a term must lead to one place: no two terms of a page may share an anchor."""
    seen: dict[str, Path_] = {}
    for index, block in enumerate(page.blocks):
        if not isinstance(block, Definitions):
            continue
        for position, item in enumerate(block.terms):
            path: Path_ = ("blocks", index, "terms", position, "term")
            if item.anchor in seen:
                first = document.locate(seen[item.anchor]).line
                message = (
                    f"the term '{item.term}' is already defined on this page (line {first}), and a link"
                    f" to #{item.anchor} must lead to one place: define each term once"
                )
                problems.append(Problem(document.locate(path), message))
            else:
                seen[item.anchor] = path


def _check_audiences(handbook: Handbook, page_docs: dict[str, Document], problems: list[Problem]) -> None:
    """Public blocks may only sit on public pages and refer to public contacts and accounts."""
    for page in handbook.pages:
        for index, block in enumerate(page.blocks):
            path = ("blocks", index)
            problems.extend(
                _audience_problems(
                    page, block, path, page_docs[page.id], handbook.contacts, handbook.accounts
                )
            )


def _audience_problems(
    page: Page,
    block: BlockBase,
    path: Path_,
    document: Document,
    contacts: dict[str, Any],
    accounts: dict[str, Any],
) -> Iterator[Problem]:
    """Whether a block that is published sits on a published page and names only public entries."""
    audience = page.block_audience(block)
    if audience == "internal":
        return
    if page.audience == "internal":
        message = f"block is '{audience}' but its page is internal, so it would never be published"
        yield Problem(document.locate((*path, "audience")), message)
        return
    if isinstance(block, ContactList):
        yield from _contact_list_problems(block, path, document, contacts, audience)
        return
    directory = {"contact": contacts, "account": accounts}
    for leaf in walk(block, path):
        kind = leaf.reference.kind if leaf.reference else None
        target = directory[kind].get(leaf.value) if kind in directory else None
        if target is not None and target.audience == "internal":
            message = (
                f"this block is published ({audience}) but {kind} '{leaf.value}' is internal:"
                f" mark the {kind} 'audience: public' or the block 'audience: internal'"
            )
            yield Problem(document.locate(leaf.path), message)


def _contact_list_problems(
    block: ContactList, path: Path_, document: Document, contacts: dict[str, Any], audience: str
) -> Iterator[Problem]:
    """A published list of contacts shows its public ones on the community page: it needs one."""

    def public(contact_id: str) -> bool:  # an unknown id is reported on its own
        return getattr(contacts.get(contact_id), "audience", "public") != "internal"

    if not block.public_part(public).contacts:
        message = (
            f"this block is published ({audience}) but every contact it lists is internal, so the"
            f" community page would list none: mark a contact 'audience: public' or the block"
            f" 'audience: internal'"
        )
        yield Problem(document.locate((*path, "contacts"), key=True), message)
