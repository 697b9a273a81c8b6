"""The block types installed: the generator's own and those other packages add.

A block type is a subclass of :class:`~generator.model.blocks.BlockBase` registered
under the entry-point group ``handbook.blocks``, the entry point named after the
block's ``type``::

    [project.entry-points."handbook.blocks"]
    quote = "example_blocks.quote:Quote"

The generator registers its own types the same way (its ``pyproject.toml``). They
are collected once, when this module is first imported; from them come
:data:`BLOCK_TYPES`, the :data:`Block` union that pages and addenda accept (and so
the JSON Schemas of ``handbook schema``), the folders where block templates are
found (:func:`template_folders`), and the README's block reference
(:mod:`generator.model.reference`).

A package that cannot be loaded, an entry point whose name is not its class's
``type``, and two packages registering the same type are errors, all reported
together, each naming the packages involved.

A block module imports from :mod:`generator.model.blocks` and
:mod:`generator.model.values` only: this module imports it while the model is
being defined.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Union, get_args, get_origin

from pydantic import Field

from ..errors import HandbookError, Location, Problem
from .blocks import BlockBase

__all__ = [
    "BLOCKS",
    "BLOCK_TYPES",
    "GROUP",
    "Block",
    "RegisteredBlock",
    "collect",
    "template_folders",
    "type_of",
]

GROUP = "handbook.blocks"
"""The entry-point group block types are registered under."""

_BASE = f"{BlockBase.__module__}.{BlockBase.__name__}"
_GENERATOR = __name__.split(".")[0]  # the top-level package of the generator's own blocks


@dataclass(frozen=True)
class RegisteredBlock:
    """A block type, its class, and the package that registers it."""

    type: str
    cls: builtins.type[BlockBase]  # "type" is the block's type in here
    package: str  # the distribution's name, e.g. "policy-handbook"
    entry_point: str  # "module:Class"

    @property
    def builtin(self) -> bool:
        """Whether it is one of the generator's own block types."""
        return self.cls.__module__.split(".")[0] == _GENERATOR

    @property
    def source(self) -> Path | None:
        """The folder of the top-level package the class is defined in (its module, if a lone module)."""
        top = sys.modules.get(self.cls.__module__.split(".")[0])
        file = getattr(top, "__file__", None)
        if not file:
            return None
        path = Path(file)
        return path.parent if path.name == "__init__.py" else path

    @property
    def templates(self) -> Path | None:
        """The block type's own template folder, if there is one (see ``BlockBase.template_folder``)."""
        file = getattr(sys.modules.get(self.cls.__module__), "__file__", None)
        folder = Path(file).parent / self.cls.template_folder if file else None
        return folder if folder is not None and folder.is_dir() else None


def type_of(cls: type[BlockBase]) -> str | None:
    """The type a block class declares, ``type: Literal["<type>"]``; None if it declares none."""
    field = cls.model_fields.get("type")
    annotation = field.annotation if field else None
    values = get_args(annotation) if get_origin(annotation) is Literal else ()
    return values[0] if len(values) == 1 and isinstance(values[0], str) else None


def collect(found: Iterable[EntryPoint]) -> dict[str, RegisteredBlock]:
    """The block types of these entry points, the generator's own first; raise every problem together.

    Each package's types are in the order their classes are defined in their modules.
    """
    problems: list[Problem] = []
    loaded: list[RegisteredBlock] = []
    for entry_point in found:
        package = entry_point.dist.name if entry_point.dist is not None else "an unnamed package"
        where = Location(f"{package} ({GROUP} entry point '{entry_point.name}')")
        try:
            cls = entry_point.load()
        except Exception as error:  # whatever the package's import raises, it is the package's problem
            message = f"cannot load block type '{entry_point.name}' from {entry_point.value}: {error!r}"
            problems.append(Problem(where, message))
            continue
        if not (isinstance(cls, type) and issubclass(cls, BlockBase)):
            message = f"{entry_point.value} is not a block class (a subclass of {_BASE})"
            problems.append(Problem(where, message))
            continue
        declared = type_of(cls)
        if declared != entry_point.name:
            wanted = f'type: Literal["{entry_point.name}"]'
            has = f"'{declared}'" if declared else "no type field"
            message = f"{entry_point.value} has {has}: registered as '{entry_point.name}', it needs {wanted}"
            problems.append(Problem(where, message))
            continue
        loaded.append(RegisteredBlock(entry_point.name, cls, package, entry_point.value))
    blocks: dict[str, RegisteredBlock] = {}
    for block in sorted(loaded, key=_order):
        first = blocks.setdefault(block.type, block)
        if first.cls is not block.cls:
            message = (
                f"block type '{block.type}' is registered by two packages: {first.package}"
                f" ({first.entry_point}) and {block.package} ({block.entry_point});"
                " uninstall one of them, or give one block another type"
            )
            where = Location(f"{block.package} ({GROUP} entry point '{block.type}')")
            problems.append(Problem(where, message))
    if problems:
        raise HandbookError(problems)
    return blocks


def _order(block: RegisteredBlock) -> tuple[bool, str, str, int]:
    """The generator's own first, then by package, module and place in the module."""
    names = list(vars(sys.modules[block.cls.__module__]))
    place = names.index(block.cls.__name__) if block.cls.__name__ in names else len(names)
    return (not block.builtin, block.package, block.cls.__module__, place)


def _installed() -> dict[str, RegisteredBlock]:
    blocks = collect(entry_points(group=GROUP))
    if not any(block.builtin for block in blocks.values()):
        message = (
            f"the generator's own block types are not registered ({GROUP} entry points): the package's"
            " installed metadata is out of date; install it again (make, or pip install -e .)"
        )
        raise HandbookError([Problem(Location("policy-handbook"), message)])
    return blocks


BLOCKS: dict[str, RegisteredBlock] = _installed()
"""Every installed block type, by type: the generator's own first, in the order of the block reference."""

BLOCK_TYPES: dict[str, type[BlockBase]] = {name: block.cls for name, block in BLOCKS.items()}
"""Each block type's class."""

if TYPE_CHECKING:
    Block = BlockBase
else:
    Block = Annotated[Union[tuple(BLOCK_TYPES.values())], Field(discriminator="type")]  # noqa: UP007
    """Any block: the union of the installed block classes, told apart by ``type``."""


def template_folders() -> dict[Path, RegisteredBlock]:
    """The template folders of the installed block types that have their own, in order.

    Each folder once, with the first block type that has it.
    """
    folders: dict[Path, RegisteredBlock] = {}
    for block in BLOCKS.values():
        if block.templates is not None:
            folders.setdefault(block.templates, block)
    return folders
