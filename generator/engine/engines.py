"""The engines a handbook can be built with, and what the rest of the engine package needs of each.

``mkdocs`` is MkDocs with the Material theme, the default. ``zensical`` is Zensical, from
Material's authors, which reads the same ``mkdocs.yml`` and renders the same theme templates
(ported to MiniJinja). Each engine names its theme's installed templates, the generator's
overrides of them (``theme/<engine>/``, then ``theme/common/``, which both share), and the
distributions whose versions make a build's fingerprint.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal, get_args

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "EngineName", "engine_named"]

EngineName = Literal["mkdocs", "zensical"]
DEFAULT_ENGINE: EngineName = "mkdocs"
THEME = Path(__file__).parent / "theme"


@dataclass(frozen=True)
class Engine:
    name: EngineName  # as handbook.yml's engine: and --engine spell it
    title: str  # as messages name it
    theme: str  # as the overrides' headers name the theme
    module: str  # the package that holds the theme's templates
    distributions: tuple[str, ...]

    def templates(self) -> Path:
        """The installed theme's own templates."""
        spec = importlib.util.find_spec(self.module)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(self.module)
        return Path(spec.origin).parent / "templates"

    def overrides(self) -> list[Path]:
        """The generator's override folders for this engine, the engine's own first."""
        return [THEME / self.name, THEME / "common"]

    def installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def versions(self) -> str:
        """The versions of the engine's distributions, for a build's fingerprint."""
        found = []
        for distribution in self.distributions:
            try:
                found.append(f"{distribution} {version(distribution)}")
            except PackageNotFoundError:
                found.append(f"{distribution} -")
        return ", ".join(found)


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "MkDocs", "Material", "material", ("mkdocs", "mkdocs-material")),
    "zensical": Engine("zensical", "Zensical", "Zensical", "zensical", ("zensical",)),
}
assert set(ENGINES) == set(get_args(EngineName))


def engine_named(name: str) -> Engine:
    return ENGINES[name]
