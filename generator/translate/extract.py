"""Collect translatable strings into gettext templates (``.pot``): a project's, and the interface's.

Two sources feed a project's template (:func:`extract_project`):

* the content YAML, through :func:`extract_yaml`, a Babel extractor (registered
  as ``handbook_yaml`` under ``babel.extractors``, so ``pybabel extract`` can
  use it too). Only :class:`~generator.model.values.Text` fields are extracted (a
  contact's ``team`` and ``role`` among them); data such as people's names, e-mail
  addresses, phone numbers, handles and URLs never is;
* the templates of the project's own ``templates/`` folder, and those of the
  block types other packages add, with Jinja's i18n extension and the very
  options the renderer uses.

The generator's own strings, its built-in templates' and those its modules write
(``N_()``, ``gettext``), are the interface domain (:func:`extract_interface`),
translated once for every project and shipped with the package
(:mod:`generator.translate.shipped`).

Each content message carries, as extracted comments, where it is used (page,
block and field, without list positions, so that reordering content changes
nothing) and the author's note. References name files without line numbers
for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from jinja2 import TemplateSyntaxError
from pydantic import BaseModel

from ..errors import HandbookError, Location, Problem
from ..load.project import ADDENDA, CHANGELOG, Project
from ..load.validate import validate
from ..load.yaml import Document, read_yaml
from ..model.blocks import BlockBase, ContactPurpose
from ..model.handbook import Addendum, Changelog, Directory, Metadata, Page, Release
from ..model.registry import template_folders as block_template_folders
from ..model.values import Text, walk
from ..render.jinja import BUILTIN_TEMPLATES, JINJA_OPTIONS, template_folders

__all__ = ["JINJA_KEYWORDS", "extract_interface", "extract_project", "extract_yaml"]

JINJA_KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
PACKAGE = Path(__file__).parent.parent  # every module of the generator may write text of its own
INTERFACE_TITLE = "policy-handbook interface"

Extracted = tuple[int, str, Any, list[str]]  # line, function, message, comments
# What Babel extracts from a template or module: line, message (or forms), comments, context.
Found = tuple[int, str | tuple[str, ...], list[str], str | None]


def extract_yaml(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Extracted]:
    """Babel extraction method for handbook content files.

    Which model a file follows is told by its name: ``handbook.yml``,
    ``contacts.yml``, or any other file for a page.
    """
    name = getattr(fileobj, "name", "page.yml")
    path = Path(name)
    document = read_yaml(path, str(name))
    yield from _messages(_model_of(document, path), document, path)


def _model_of(document: Document, path: Path) -> BaseModel:
    if path.name in ("handbook.yml", "handbook.yaml"):
        return validate(Metadata, document)
    if path.name in ("contacts.yml", "contacts.yaml"):
        return validate(Directory, document)
    if path.name in ("changelog.yml", "changelog.yaml"):
        return validate(Changelog, document)
    if path.parent.name == "addenda":
        return validate(Addendum, document, {"id": path.stem, **(document.data or {})})
    return validate(Page, document, {"id": path.stem, **(document.data or {})})


# Every project's acknowledgment is confirmed by people in their own name, whoever they are.
SIGNED_STATEMENT = (
    "People confirm this statement in their own name, in the first person: use forms that anyone "
    "can sign, whatever their gender (for example both forms of a past participle)."
)


def _messages(model: BaseModel, document: Document, path: Path) -> Iterator[Extracted]:
    owner = _owner(model)
    for leaf in walk(model):
        value = leaf.value
        if not isinstance(value, Text):
            continue
        line = document.locate(leaf.path).line
        comments = [_contact_comment(model, leaf.path) or f"{owner}: {_describe(model, leaf.path)}"]
        if value.note:
            comments.append(f"Note: {value.note}")
        if isinstance(model, Metadata) and leaf.path[:2] == ("acknowledgment", "statement"):
            comments.append(SIGNED_STATEMENT)
        if value.context:
            yield line, "pgettext", (value.context, str(value)), comments
        else:
            yield line, "gettext", str(value), comments


def _owner(model: BaseModel) -> str:
    if isinstance(model, Page):
        return f"page {model.id}"
    if isinstance(model, Changelog):
        return "changelog"
    if isinstance(model, Addendum):
        return f"addendum {model.id}"
    return "handbook" if isinstance(model, Metadata) else "directory"


def _contact_comment(model: BaseModel, path: tuple[str | int, ...]) -> str | None:
    """Where a contact's text shows, and whether it names a team or goes with a person's name.

    A team's name is shown wherever a page names the contact, so translators see it as a
    name to keep the same everywhere; a person's name is never extracted.
    """
    if not isinstance(model, Directory | Addendum) or len(path) != 3 or path[0] != "contacts":
        return None
    contact = model.contacts[int(path[1])]
    where = f"contact {contact.id}" + (f" (addendum {model.id})" if isinstance(model, Addendum) else "")
    if path[2] == "team":
        return f"{where}: team name (shown wherever pages name this contact)"
    if path[2] == "role":
        return f"{where}: " + (
            "role (shown after the team name)"
            if contact.is_team
            else "role of a person (shown after their name)"
        )
    return None


def _describe(model: BaseModel, path: tuple[str | int, ...]) -> str:
    """A field's place without list positions: ``principles block > principles > title``."""
    parts: list[str] = []
    current: Any = model
    for step in path:
        if isinstance(current, dict):  # an addendum's pages, or the blocks it replaces, by id
            current = current.get(step)
            parts.append(str(step))
            continue
        current = current[step] if isinstance(step, int) else getattr(current, step, None)
        if isinstance(step, int):
            label = _label(current)
            if label:
                parts.append(label)
        else:
            parts.append(step)
    return " > ".join(part for part in parts if part != "blocks")


def _label(item: Any) -> str:
    if isinstance(item, Release):
        return f"version {item.version}"
    if isinstance(item, BlockBase):
        return f"{item.id or getattr(item, 'type', '')} block"
    if isinstance(item, ContactPurpose):  # what a contact is for: say which contact
        return f"contact {item.contact}"
    # A table's column is named by its key, as its cells are: "columns > limit > header", "rows > limit".
    if not isinstance(item, BaseModel):
        return ""
    identifier = getattr(item, "id", None) or getattr(item, "key", None)
    return str(identifier) if identifier else ""


def extract_project(project: Project) -> Catalog:
    """The template catalog of a project: its content, and its templates' strings."""
    meta = project.handbook.meta
    catalog = _catalog(f"{meta.organisation}: {meta.title}", meta.version)
    for name, document in sorted(project.documents.items()):
        model = _document_model(project, name)
        for _line, funcname, message, comments in _messages(model, document, Path(name)):
            context, message = message if funcname == "pgettext" else (None, message)
            _add(catalog, message, context, name, comments)
    for reference, path in _templates_in_use(project.root / "templates"):
        if not path.is_relative_to(PACKAGE):  # the built-in ones are the interface's
            for _line, message, comments, context in _extract_template(path):
                _add(catalog, message, context, reference, comments)
    return catalog


def extract_interface() -> Catalog:
    """The template catalog of the generator's own strings: its built-in templates and modules."""
    catalog = _catalog(INTERFACE_TITLE, None)
    for path in sorted(BUILTIN_TEMPLATES.rglob("*.j2")):
        reference = f"generator/{path.relative_to(PACKAGE).as_posix()}"
        for _line, message, comments, context in _extract_template(path):
            _add(catalog, message, context, reference, comments)
    for path in sorted(PACKAGE.rglob("*.py")):
        reference = f"generator/{path.relative_to(PACKAGE).as_posix()}"
        for _line, message, comments, context in extract_from_file("python", path, JINJA_KEYWORDS):
            _add(catalog, message, context, reference, comments)
    return catalog


def _catalog(project: str, version: str | None) -> Catalog:
    return Catalog(project=project, version=version, locale=None, charset="utf-8", fuzzy=False)


def _document_model(project: Project, name: str) -> BaseModel:
    handbook = project.handbook
    if name == "content/handbook.yml":
        return handbook.meta
    if name == "content/contacts.yml":
        return Directory(contacts=list(handbook.contacts.values()), accounts=list(handbook.accounts.values()))
    if name == CHANGELOG:
        return Changelog(versions=handbook.changelog)
    if name.startswith(f"{ADDENDA}/"):
        return project.addenda[Path(name).stem]
    return handbook.page(Path(name).stem)


def _templates_in_use(project_templates: Path) -> Iterable[tuple[str, Path]]:
    """Each template name once, in the first folder that has it, as rendering finds it.

    The project's file where it overrides one, else the built-in one, else that of the block
    type's own package.
    """
    folders = template_folders(project_templates)
    names = {p.relative_to(folder).as_posix() for folder in folders for p in folder.rglob("*.j2")}
    for name in sorted(names):
        path = next(folder / name for folder in folders if (folder / name).is_file())
        yield _reference(path, project_templates), path


def _reference(template: Path, project_templates: Path) -> str:
    """How the catalog names a template: from the project, the generator or the block's package."""
    if template.is_relative_to(project_templates):
        return f"templates/{template.relative_to(project_templates).as_posix()}"
    if template.is_relative_to(PACKAGE):
        return f"generator/{template.relative_to(PACKAGE).as_posix()}"
    for folder, block in block_template_folders().items():
        if template.is_relative_to(folder) and block.source is not None:
            return template.relative_to(block.source.parent).as_posix()
    return template.name


def _extract_template(path: Path) -> list[Found]:
    options = {key: str(value) for key, value in JINJA_OPTIONS.items()}
    options["extensions"] = "jinja2.ext.i18n"
    try:
        return list(extract_from_file("jinja2.ext:babel_extract", path, JINJA_KEYWORDS, options=options))
    except TemplateSyntaxError as error:
        line = getattr(error, "lineno", 0) or 0
        raise HandbookError([Problem(Location(str(path), line, 1), f"template error: {error}")]) from None


def _add(catalog: Catalog, message: Any, context: str | None, file: str, comments: list[str]) -> None:
    """Add a message, or merge its reference and comments into the same message already there."""
    # No line numbers: moving content must not change the catalog. Babel writes a location
    # without a line when the line is None, though its types say int.
    location: Any = (file, None)
    existing = catalog.get(message, context=context)
    if existing is not None:
        existing.locations = sorted(set(existing.locations) | {location}, key=lambda loc: loc[0])
        existing.auto_comments = sorted(set(existing.auto_comments) | set(comments))
        return
    catalog.add(message, locations=[location], auto_comments=sorted(set(comments)), context=context)
