"""Building a generated project with Zensical, and what of a project's mkdocs.yml it cannot honour.

Zensical reads the generated ``mkdocs.yml`` as MkDocs does, with three differences the
generator takes care of: the site is written inside the project folder (Zensical refuses any
other place), so it is moved to the target's folder after the build; MkDocs plugins are not
run, so the generator's own (the shared template cache) is left out; and the search takes its
language from the theme's. Zensical writes its messages straight to the process's standard
output and error, where no Python code could read them: in a build worker, which does
nothing else meanwhile, they are redirected to a file around the call of its Python API;
elsewhere (a build of one site, ``handbook serve``), Zensical runs as a process of its own, as
its command line does, so the calling process never holds Zensical's threads when it forks
its workers.

A setting Zensical would drop or handle differently is an error at its line of ``mkdocs.yml``
(:func:`unsupported_settings`), never silently lost.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Location, Problem

__all__ = [
    "SITE",
    "EngineMessage",
    "build_zensical",
    "parse_messages",
    "unsupported_settings",
    "zensical_plugins",
]

SITE = "site"  # the site's folder inside the generated project
# What the search plugin may be told under Zensical: the rest it drops (its own language comes
# from the theme, and it has no stemming pipeline).
SEARCH_OPTIONS = {"enabled", "separator"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_WARNING = re.compile(r"^(?:Warning|Error): (?P<message>.+)$")
_WHERE = re.compile(r"╭─\[\s*(?P<file>[^:\]]+):(?P<line>\d+):(?P<column>\d+)\s*\]")
_SOURCE = re.compile(r"^\s*(?P<line>\d+)\s*│ (?P<text>.*)$")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)")


@dataclass(frozen=True)
class EngineMessage:
    """One warning of an engine: the generated page it is about (or none), what it quotes, what it says."""

    page: str
    quoted: str | None
    text: str


def build_zensical(config_file: Path, site_dir: Path, in_worker: bool = False) -> list[EngineMessage]:
    """Build one generated project with Zensical into ``site_dir``; its warnings (each fails the build)."""
    project = config_file.parent
    shutil.rmtree(project / SITE, ignore_errors=True)
    code, output = _in_this_process(config_file) if in_worker else _in_a_process(config_file)
    messages = parse_messages(output)
    if code != 0 and not messages:
        lines = [line for line in _ANSI.sub("", output).splitlines() if line.strip()]
        return [EngineMessage("", None, lines[-1] if lines else f"it stopped (exit status {code})")]
    if not messages:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(project / SITE, site_dir)
    return messages


def _in_a_process(config_file: Path) -> tuple[int, str]:
    package_parent = str(Path(__file__).parent.parent.parent)  # the Markdown extension toc_marks is ours
    path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(config_file)]
    done = subprocess.run(
        command, cwd=config_file.parent, env=environment, capture_output=True, text=True, check=False
    )
    return done.returncode, done.stderr


def _in_this_process(config_file: Path) -> tuple[int, str]:
    """Zensical's Python API, its standard output and error caught in a file for the call."""
    import zensical

    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as caught:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(caught.fileno(), 1)
        os.dup2(caught.fileno(), 2)
        try:
            zensical.build(str(config_file.absolute()), {"clean": False, "strict": False})
            code = 0
        except RuntimeError as error:  # a configuration or template error: its message is the last line
            os.write(2, f"\n{error}\n".encode())
            code = 1
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        caught.seek(0)
        return code, caught.read().decode("utf-8", errors="replace")


def parse_messages(stderr: str) -> list[EngineMessage]:
    """Zensical's boxed warnings: ``Warning: <what>``, then ``╭─[ page.md:line:column ]`` and the line."""
    messages: list[EngineMessage] = []
    lines = _ANSI.sub("", stderr).splitlines()
    for index, line in enumerate(lines):
        found = _WARNING.match(line.strip())
        if found is None:
            continue
        page, quoted = "", None
        for after in lines[index + 1 : index + 4]:
            where = _WHERE.search(after)
            if where is not None:
                page = where["file"]
                quoted = _quoted(lines[index + 1 :], int(where["line"]), int(where["column"]))
                break
        text = f"this page: {found['message']}" + (f" ('{quoted}')" if quoted else "")
        messages.append(EngineMessage(page, quoted, text))
    return messages


def _quoted(lines: list[str], number: int, column: int) -> str | None:
    """The link target the message points at, from the source line the box shows."""
    for line in lines[:6]:
        source = _SOURCE.match(line)
        if source is not None and int(source["line"]) == number:
            for target in _LINK_TARGET.finditer(source["text"]):  # the link whose target the column is in
                if target.start(1) <= column - 1 <= target.end(1):
                    return target[1]
            return None
    return None


def zensical_plugins() -> frozenset[str]:
    """The MkDocs plugins Zensical implements itself, as its own configuration reader lists them."""
    from zensical import config

    return frozenset(getattr(config, "_PLUGIN_UNSUPPORTED_OPTIONS", None) or {"search"})


def unsupported_settings(path: Path, name: str, supported_plugins: frozenset[str]) -> list[Problem]:
    """An error at each setting of the project's ``mkdocs.yml`` that Zensical would not honour."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):  # read_mkdocs_config reports these
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    problems = []
    for key, value in node.value:
        where = Location(name, key.start_mark.line + 1, key.start_mark.column + 1)
        if key.value == "hooks":
            problems.append(Problem(where, _advice("runs no MkDocs hooks", "remove 'hooks'")))
        if key.value == "plugins" and isinstance(value, yaml.SequenceNode | yaml.MappingNode):
            problems.extend(_plugin_problems(value, name, supported_plugins))
    return problems


def _plugin_problems(node: yaml.Node, name: str, supported: frozenset[str]) -> list[Problem]:
    problems = []
    for item, options in _plugin_items(node):
        plugin = str(item.value).removeprefix("material/")
        where = Location(name, item.start_mark.line + 1, item.start_mark.column + 1)
        if plugin == "offline":
            message = "loads a script from unpkg.com in offline mode; the sites load nothing from elsewhere"
            problems.append(Problem(where, _advice(message, "remove 'offline'")))
        elif plugin.split("/")[0] not in supported:
            problems.append(
                Problem(where, _advice(f"does not run the plugin '{plugin}'", f"remove '{plugin}'"))
            )
        elif plugin == "search" and isinstance(options, yaml.MappingNode):
            for option, _ in options.value:
                if option.value not in SEARCH_OPTIONS:
                    at = Location(name, option.start_mark.line + 1, option.start_mark.column + 1)
                    kept = ", ".join(sorted(SEARCH_OPTIONS))
                    message = f"ignores the search option '{option.value}' (it keeps {kept})"
                    problems.append(Problem(at, _advice(message, f"remove '{option.value}'")))
    return problems


def _plugin_items(node: yaml.Node) -> list[tuple[yaml.ScalarNode, Any]]:
    """Each plugin's name node and its options node (None without options), from a list or a mapping."""
    items: list[tuple[yaml.ScalarNode, Any]] = []
    if isinstance(node, yaml.MappingNode):
        return [(key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]
    for entry in node.value:
        if isinstance(entry, yaml.ScalarNode):
            items.append((entry, None))
        elif isinstance(entry, yaml.MappingNode) and entry.value:
            key, value = entry.value[0]
            if isinstance(key, yaml.ScalarNode):
                items.append((key, value))
    return items


def _advice(what: str, fix: str) -> str:
    return f"Zensical {what}: {fix}, or build with 'engine: mkdocs' in content/handbook.yml"
