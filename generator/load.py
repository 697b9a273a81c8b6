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

import difflib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from .model import (
    BLOCK_TYPES,
    SLUG,
    Addendum,
    BlockBase,
    Changelog,
    Directory,
    Handbook,
    Metadata,
    Page,
    Reference,
    kind_of,
    walk,
)
from .safety import find_credentials

__all__ = [
    "HandbookError",
    "Location",
    "Problem",
    "Project",
    "load_project",
    "read_yaml",
]

MAX_NODES = 200_000  # stops "billion laughs" alias expansion long before memory runs out
MAX_BYTES = 5 * 1024 * 1024

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


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


@dataclass
class Document:
    """A parsed YAML file: its data and where each value and key stands."""

    name: str
    data: Any
    values: dict[Path_, yaml.Mark] = field(default_factory=dict)
    keys: dict[Path_, yaml.Mark] = field(default_factory=dict)

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """The location of the value (or key) at ``path``, else of its nearest parent."""
        if key and path in self.keys:
            return self._location(self.keys[path])
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self._location(self.values[path[:end]])
        return Location(self.name, 1, 1)

    def _location(self, mark: yaml.Mark) -> Location:
        return Location(self.name, mark.line + 1, mark.column + 1)


@dataclass
class Project:
    """A loaded handbook project: the model plus the documents it came from."""

    root: Path
    handbook: Handbook
    documents: dict[str, Document]
    page_documents: dict[str, Document]
    warnings: list[Problem] = field(default_factory=list)
    addenda: dict[str, Addendum] = field(default_factory=dict)  # every addendum file, chosen or not


# --- Reading YAML ----------------------------------------------------------------


def read_yaml(path: Path, name: str) -> Document:
    """Parse one YAML file into a :class:`Document`, or raise :class:`HandbookError`."""
    raw = _read_bytes(path, name)
    text = _decode(raw, name)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        location = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise HandbookError([Problem(location, _yaml_message(error))]) from None
    except RecursionError:
        raise HandbookError([Problem(Location(name), "the YAML is nested too deeply")]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow; not a MarkedYAMLError
        raise HandbookError([_reader_problem(text, name, error)]) from None
    document = Document(name, None)
    if node is None:
        raise HandbookError([Problem(Location(name, 1, 1), "the file is empty")])
    builder = _Builder(document)
    try:
        document.data = builder.build(node, ())
    except RecursionError:
        raise HandbookError([Problem(Location(name), "the YAML is nested too deeply")]) from None
    problems = builder.problems + list(credential_problems(text, name))
    if problems:
        raise HandbookError(problems)
    return document


def credential_problems(text: str, name: str) -> Iterator[Problem]:
    """A located error for each credential-like string, comments included."""
    for number, line in enumerate(text.splitlines(), 1):
        for offset, kind in find_credentials(line):
            message = f"this looks like {kind}; credentials must never be published: remove it"
            yield Problem(Location(name, number, offset + 1), message)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise HandbookError(
                [Problem(Location(name), f"the file is larger than {MAX_BYTES // 1024 // 1024} MB")]
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise HandbookError([Problem(Location(name), "file not found")]) from None
    except IsADirectoryError:
        raise HandbookError([Problem(Location(name), "expected a file, found a folder")]) from None


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise HandbookError([Problem(Location(name, 1, 1), "the file is UTF-16; save it as UTF-8")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8"
        raise HandbookError([Problem(Location(name, line, column), message)]) from None


def _reader_problem(text: str, name: str, error: yaml.reader.ReaderError) -> Problem:
    line = text.count("\n", 0, error.position) + 1
    column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    message = f"control character U+{ord(character):04X} is not allowed in YAML; delete it"
    return Problem(Location(name, line, column), message)


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or error.context or "invalid YAML").strip()
    if "'\\t'" in problem:
        return "tab character: indent YAML with spaces, not tabs"
    if error.context and error.problem and error.context not in problem:
        return f"invalid YAML: {problem} ({error.context})"
    return f"invalid YAML: {problem}"


class _Builder:
    """Turns YAML nodes into plain Python data, recording positions and duplicate keys."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            location = self.document._location(node.start_mark)
            raise HandbookError([Problem(location, "the document expands to too many values (alias bomb?)")])
        self.document.values[path] = node.start_mark
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            if "could not determine a constructor" in (error.problem or ""):
                tag = node.tag.replace("tag:yaml.org,2002:", "!!")
                self._problem(node.start_mark, f"the YAML tag '{tag}' is not allowed")
            else:
                self._problem(node.start_mark, f"invalid value: {error.problem}")
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node.start_mark, "merge keys (<<) are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node.start_mark, "a key must be a plain word")
                continue
            key = str(self.constructor.construct_object(key_node))
            if key in result:
                first = self.document.keys[(*path, key)].line + 1
                self._problem(key_node.start_mark, f"duplicate key '{key}' (first set on line {first})")
                continue
            self.document.keys[(*path, key)] = key_node.start_mark
            result[key] = self.build(value_node, (*path, key))
        return result

    def _problem(self, mark: yaml.Mark, message: str) -> None:
        self.problems.append(Problem(self.document._location(mark), message))


# --- Validating against the model ------------------------------------------------


def validate(model: type[M], document: Document, data: Any = None) -> M:
    """Validate ``data`` (default: the document's) as ``model``; raise located problems."""
    data = document.data if data is None else data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [_problem_from(model, document, data, e) for e in error.errors()]
        raise HandbookError(problems) from None


def _problem_from(model: type[BaseModel], document: Document, data: Any, error: Any) -> Problem:
    path, rest = _data_path(data, error["loc"])
    kind = error["type"]
    if kind == "missing":
        field_name = rest[-1] if rest else "value"
        return Problem(document.locate(path), f"missing required field '{field_name}'")
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        message = f"unknown field '{name}'" + _suggest(name, _fields_at(model, error["loc"][:-1]))
        return Problem(document.locate(path, key=True), message)
    if kind == "union_tag_invalid":
        tag = error["ctx"]["tag"]
        message = f"unknown block type '{tag}'" + _suggest(tag, BLOCK_TYPES)
        return Problem(document.locate((*path, "type")), message)
    if kind in ("model_type", "dict_type"):
        return Problem(document.locate(path), f"expected a mapping of fields, got {kind_of(error['input'])}")
    if kind == "union_tag_not_found":
        return Problem(document.locate(path), "a block needs a 'type' (e.g. type: do_dont)")
    where = _field_name(error["loc"])
    message = error["msg"][0].lower() + error["msg"][1:]
    return Problem(document.locate(path), f"{where}: {message}" if where else message)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Path_, Path_]:
    """Split a pydantic error location into the part present in the data and the rest.

    Discriminated unions add the block type to the location (``blocks.0.do_dont.do``);
    such steps are skipped because they are not keys of the YAML.
    """
    path: list[str | int] = []
    current = data
    for index, step in enumerate(loc):
        if (isinstance(current, dict) and step in current) or (
            isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        ):
            current = current[step]
        elif isinstance(current, dict) and current.get("type") == step:
            continue
        else:
            return tuple(path), tuple(loc[index:])
        path.append(step)
    return tuple(path), ()


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(step) for step in loc if isinstance(step, str) and step not in BLOCK_TYPES]
    return names[-1] if names else ""


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at ``loc`` inside ``model``, for did-you-mean hints."""
    annotation: Any = model
    for step in loc:
        annotation = _step_into(annotation, step)
        if annotation is None:
            return []
    cls = _model_class(annotation)
    return list(cls.model_fields) if cls else []


def _step_into(annotation: Any, step: Any) -> Any:
    cls = _model_class(annotation)
    if cls is not None and isinstance(step, str) and step in cls.model_fields:
        return cls.model_fields[step].annotation
    if isinstance(step, str) and step in BLOCK_TYPES:
        return BLOCK_TYPES[step]
    if isinstance(step, int):
        args = get_args(annotation)
        return args[-1] if args else None
    return None


def _model_class(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is Union:
        found = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        return found[0] if len(found) == 1 else None
    return None


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# --- The whole project --------------------------------------------------------------


def load_project(root: Path) -> Project:
    """Load and cross-check every content file of the project at ``root``."""
    root = Path(root)
    problems: list[Problem] = list(files_outside(root, PROJECT_FOLDERS))
    meta_doc, meta = _load_model(root, "content/handbook.yml", Metadata, problems)
    directory_doc, directory = _load_model(root, "content/contacts.yml", Directory, problems)
    pages, page_docs, broken = _load_pages(root, problems)
    changelog_doc, changelog = _load_changelog(root, problems)
    addenda, addendum_docs = _load_addenda(root, problems)
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
    for addendum in addenda.values():
        _check_addendum(addendum, addendum_docs[addendum.id], handbook, pages, problems)
    if problems:
        raise HandbookError(problems)
    documents = {meta_doc.name: meta_doc, directory_doc.name: directory_doc}
    if changelog_doc is not None:
        documents[changelog_doc.name] = changelog_doc
    documents.update({doc.name: doc for doc in page_docs.values()})
    documents.update({doc.name: doc for doc in addendum_docs.values()})
    return Project(root, handbook, documents, page_docs, addenda=addenda)


PROJECT_FOLDERS = ("content", "templates", "locales")
CHANGELOG = "content/changelog.yml"


def _load_changelog(root: Path, problems: list[Problem]) -> tuple[Document | None, Changelog | None]:
    """``content/changelog.yml``, which a handbook may do without."""
    if not (root / CHANGELOG).exists():
        return None, None
    return _load_model(root, CHANGELOG, Changelog, problems)


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
    root: Path, name: str, model: type[M], problems: list[Problem]
) -> tuple[Document | None, M | None]:
    try:
        document = read_yaml(root / name, name)
        return document, validate(model, document)
    except HandbookError as error:
        problems.extend(error.problems)
        return None, None


PAGES = "content/pages"
ADDENDA = "content/addenda"


def _load_pages(root: Path, problems: list[Problem]) -> tuple[dict[str, Page], dict[str, Document], set[str]]:
    """Every page that loads, its document, and the ids of the page files that did not."""
    if not (root / PAGES).is_dir():
        problems.append(Problem(Location(PAGES), "folder not found: one YAML file per page"))
        return {}, {}, set()
    return _load_named_files(root, PAGES, Page, "page", problems)


def _load_addenda(root: Path, problems: list[Problem]) -> tuple[dict[str, Addendum], dict[str, Document]]:
    """Every local addendum file that loads, by id, and its document (the folder is optional)."""
    if not (root / ADDENDA).is_dir():
        return {}, {}
    addenda, documents, _ = _load_named_files(root, ADDENDA, Addendum, "addendum", problems)
    return addenda, documents


def _load_named_files(
    root: Path, folder: str, model: type[M], kind: str, problems: list[Problem]
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
            document = read_yaml(path, name)
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
            problems.append(Problem(location, message + _suggest(addendum_id, addenda)))
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
            message = f"no page '{page_id}'" + _suggest(page_id, pages)
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
        placed = [(("pages", page_id, "add", i), b) for i, b in enumerate(change.add)]
        placed += [(("pages", page_id, "replace", key), b) for key, b in change.replace.items()]
        for path, block in placed:
            problems.extend(_audience_problems(page, block, path, document, contacts, handbook.accounts))


def _unique_ids(items: list[Any], key: str, kind: str, doc: Document, problems: list[Problem]) -> dict:
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
            message = f"no page '{page_id}': expected content/pages/{page_id}.yml" + _suggest(page_id, pages)
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


def _unknown_reference(
    reference: Reference, value: str, targets: dict[str, Any], document: Document, path: Path_
) -> Problem:
    known = targets[reference.kind]
    message = f"unknown {reference.kind} '{value}'" + _suggest(value, known)
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
