"""The package follows the data flow: each stage imports only the stages before it.

A newcomer reads ARCHITECTURE.md and finds the code where it says; these tests
keep it so. Order of the stages, first to last:

    errors, safety, processes, parses -> model -> load -> translate -> render
    -> extraction -> engine -> publish -> report -> pipeline, preview, starter -> cli
"""

from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent
# Each module of the package belongs to one stage; a stage may import only from itself and earlier ones.
STAGES = [
    {"errors", "safety", "processes", "parses"},
    {"model"},
    {"load"},
    {"translate"},
    {"render"},
    # Extraction reads the templates exactly as rendering does, with render's Jinja settings.
    {"translate.extract", "translate.workflow", "translate.interface"},
    {"engine"},
    {"publish"},
    {"report"},
    {"pipeline", "preview", "starter"},
    {"cli", "__main__", "__init__"},
]


def stage_of(module: str) -> int:
    """The stage of a module: the entry naming the module itself, else its package."""
    for name in (module, module.split(".")[0]):
        for index, names in enumerate(STAGES):
            if name in names:
                return index
    raise AssertionError(f"generator.{module} belongs to no stage: add it to STAGES")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The generator modules that a module imports, at run time or for type checking."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            elif node.module and node.module.startswith("generator."):
                target = node.module.removeprefix("generator.")
            else:
                continue
            found.add(target)
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
            found |= {name.removeprefix("generator.") for name in names if name.startswith("generator.")}
    return {target for target in found if target}


GRAPH = {module_name(path): imports_of(path) for path in PACKAGE.rglob("*.py")}


def test_every_stage_imports_only_the_stages_before_it() -> None:
    wrong = [
        f"{module} ({STAGES[stage_of(module)]}) imports {target} ({STAGES[stage_of(target)]})"
        for module, targets in GRAPH.items()
        for target in targets
        if stage_of(target) > stage_of(module)
    ]
    assert wrong == []


def test_no_module_imports_itself_through_others() -> None:
    modules = {name for name in GRAPH if (PACKAGE / name.replace(".", "/")).with_suffix(".py").exists()}

    def resolve(target: str) -> str:
        return target if target in modules else target.rsplit(".", 1)[0] if "." in target else target

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        seen = set()
        while stack:
            module, path = stack.pop()
            for target in sorted(resolve(t) for t in GRAPH.get(module, ())):
                if target == start:
                    return [*path, start]
                if target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
        return None

    cycles = [" -> ".join(cycle) for module in sorted(modules) if (cycle := cycle_from(module))]
    assert cycles == []


def test_package_init_files_import_nothing() -> None:
    """Importing one module of a stage does not load the whole stage (nor a cycle through it)."""
    busy = [
        name
        for name, targets in GRAPH.items()
        if (PACKAGE / name.replace(".", "/") / "__init__.py").exists() and targets and name != "__init__"
    ]
    assert busy == []


def imported_libraries(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
    return found


def test_only_the_engine_knows_mkdocs_material_and_zensical() -> None:
    knowing = sorted(
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if imported_libraries(path) & {"mkdocs", "material", "zensical"}
    )
    assert knowing and all(name.startswith("engine.") for name in knowing), knowing
    assert "engine.zensical" in knowing
