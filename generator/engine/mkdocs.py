"""Turn rendered Markdown into sites: one plain MkDocs project per output and language.

For each (output, language) this module writes a self-contained MkDocs
project, ``<work>/<output>/<lang>/mkdocs.yml`` plus ``docs/``, generated from
the handbook project's own ``mkdocs.yml`` (theme, extensions, extra CSS), and
builds them in parallel worker processes. Each one is an ordinary MkDocs
project: ``mkdocs build -f build/handbook/fr/mkdocs.yml`` rebuilds it by hand.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import hashlib
import importlib.util
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

import yaml

from ..errors import HandbookError, Location, Problem
from ..load.syntax import syntax_problem
from ..load.validate import suggest
from ..model.handbook import Handbook
from ..render.jinja import MemoryBytecodeCache, kept_bytecode
from ..render.markdown import ACKNOWLEDGMENT_PAGE, CHANGELOG_PAGE, PRINT_PAGE, STYLESHEET_FILE, Output
from ..translate.locale import direction, native_name
from .engines import DEFAULT_ENGINE, Engine, EngineName, engine_named
from .zensical import SITE, EngineMessage, build_zensical

__all__ = [
    "REQUIRED_EXTENSIONS",
    "BuildTarget",
    "Built",
    "Finish",
    "Locate",
    "Prepare",
    "Progress",
    "anchors",
    "build_all",
    "mkdocs_config",
    "read_mkdocs_config",
    "write_mkdocs_project",
    "write_theme",
]

# The built-in templates rely on these Markdown extensions; they are always enabled.
REQUIRED_EXTENSIONS = [
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "generator.engine.toc_marks",  # fallback marks in the table of contents
]
# Languages that elide words into the next with an apostrophe: l'équipe, d'hameçonnage.
ELISION = {"fr", "it", "ca"}
CONFIG_NAME = "mkdocs.yml"
TEMPLATE_CACHE = "handbook-template-cache"  # generator.engine.mkdocs_plugin, by its entry point
STYLESHEET = "assets/handbook.css"
OVERRIDES = "overrides"
# Compiled theme templates, shared by every site a process builds (see mkdocs_plugin).
THEME_BYTECODE = MemoryBytecodeCache()


@dataclass(frozen=True)
class BuildTarget:
    """One site to build: which output, which language, from where to where."""

    output: Output
    lang: str
    project_dir: Path
    site_dir: Path
    languages: tuple[str, ...] = ()  # every language built alongside, for the language selector
    engine: EngineName = DEFAULT_ENGINE
    # The fingerprint of the project the published site was built from: when the project just
    # written has the same, the engine does not run and the caller carries that site over.
    previous: str | None = None
    theme: Path | None = None  # the theme folder the build's sites share (write_theme); else their own

    @property
    def config_file(self) -> Path:
        return self.project_dir / CONFIG_NAME

    @property
    def docs_dir(self) -> Path:
        return self.project_dir / "docs"


# --- The project's mkdocs.yml --------------------------------------------------------


class _Tagged:
    """A YAML value with a tag MkDocs resolves itself (``!ENV``, ``!!python/name:``)."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml keeping unknown tags as they are, so they can be written back."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            if key in first:  # PyYAML would keep the last silently
                problem = f"duplicate key '{key}' (first set on line {first[key]})"
                raise yaml.constructor.ConstructorError(None, None, problem, key_node.start_mark)
            first[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


class _ConfigDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes the generated mkdocs.yml, with libyaml's emitter where PyYAML has it (five times faster)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: _Tagged(node.tag, node))
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged(node.tag, node))
_ConfigDumper.add_representer(_Tagged, lambda dumper, value: value.node)


def read_mkdocs_config(path: Path, name: str = CONFIG_NAME) -> dict[str, Any]:
    """The project's MkDocs settings, as a mapping; tags are kept for MkDocs to resolve."""
    try:
        text = path.read_text(encoding="utf-8")
        loader = _ConfigLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except FileNotFoundError:
        raise HandbookError(
            [Problem(Location(name), "file not found: the project needs a mkdocs.yml")]
        ) from None
    except yaml.constructor.ConstructorError as error:  # a duplicate key
        mark = error.problem_mark
        location = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        raise HandbookError([Problem(location, str(error.problem))]) from None
    except yaml.MarkedYAMLError as error:
        raise HandbookError([syntax_problem(text, name, error)]) from None
    if node is None or data is None:
        return {}
    if not isinstance(data, dict):
        raise HandbookError([Problem(Location(name, 1, 1), "mkdocs.yml must be a mapping of settings")])
    known = _mkdocs_settings()
    unknown = [
        Problem(
            Location(name, key.start_mark.line + 1, key.start_mark.column + 1),
            f"unknown setting '{key.value}', which MkDocs would ignore" + suggest(key.value, known),
        )
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode) and key.value not in known
    ]
    if unknown:
        raise HandbookError(unknown)
    if isinstance(data.get("theme"), str):  # "theme: material" is MkDocs shorthand
        data["theme"] = {"name": data["theme"]}
    theme = data.get("theme", {})
    if not isinstance(theme, dict) or theme.get("name", "material") != "material":
        message = "the handbook is built with the Material theme: set 'theme: material' (or leave it out)"
        raise HandbookError([Problem(Location(name), message)])
    return data


@functools.cache
def _mkdocs_settings() -> frozenset[str]:
    """The top-level settings MkDocs knows, from its own configuration schema."""
    from mkdocs.config.defaults import MkDocsConfig

    return frozenset(key for key, _ in MkDocsConfig._schema if key != "config_file_path") | {"INHERIT"}


def mkdocs_config(
    base: dict[str, Any], handbook: Handbook, target: BuildTarget, site_name: str, not_found: dict[str, str]
) -> dict[str, Any]:
    """The generated mkdocs.yml of one target: the project's settings plus what the generator owns."""
    config = {
        key: value for key, value in base.items() if key not in ("nav", "docs_dir", "site_dir", "INHERIT")
    }
    theme = dict(base.get("theme") or {"name": "material"})
    theme["language"] = target.lang
    theme["direction"] = direction(target.lang)
    theme.setdefault("font", False)  # no Google Fonts: the site must work on an intranet
    if target.engine == "zensical":
        theme.setdefault("variant", "classic")  # Material's look, as the handbook has on MkDocs
    config.update(
        site_name=site_name,
        docs_dir="docs",
        # Zensical writes the site inside the project only; it is moved into place after the build.
        site_dir=SITE if target.engine == "zensical" else str(target.site_dir),
        theme=theme,
        markdown_extensions=_extensions(base.get("markdown_extensions") or []),
        plugins=_plugins(base.get("plugins") or ["search"], target.lang, target.engine),
        use_directory_urls=True,
        extra_css=[*(base.get("extra_css") or []), STYLESHEET],
        extra={
            **(base.get("extra") or {}),
            "alternate": _languages(target),
            "handbook_not_found": not_found,  # values, not template text: a translation cannot inject Jinja
        },
    )
    if base.get("site_url"):  # the project's address holds every output and language
        config["site_url"] = f"{str(base['site_url']).rstrip('/')}/{target.output}/{target.lang}/"
    if target.output == "handbook":
        # Titles come from each page's heading, so the navigation is in the page's language.
        extras = [CHANGELOG_PAGE] if handbook.changelog else []
        extras += [ACKNOWLEDGMENT_PAGE] if handbook.meta.acknowledgment else []
        config["nav"] = ["index.md", *(f"{page.id}.md" for page in handbook.pages), *extras, PRINT_PAGE]
    return config


def _languages(target: BuildTarget) -> list[dict[str, str]]:
    """The other languages' sites, as links relative to this site's root (none for one language)."""
    if len(target.languages) < 2:
        return []
    return [{"name": native_name(lang), "lang": lang, "link": f"../{lang}/"} for lang in target.languages]


def _extensions(configured: list[Any]) -> list[Any]:
    names = {next(iter(item)) if isinstance(item, dict) else item for item in configured}
    return list(configured) + [name for name in REQUIRED_EXTENSIONS if name not in names]


def _plugins(configured: list[Any], lang: str, engine: EngineName = DEFAULT_ENGINE) -> list[Any]:
    """The project's plugins, with search set to the page language.

    MkDocs' search plugin takes the language's stemmer where it has one, else English's;
    Zensical's takes the theme's language itself.
    """
    search_lang = lang.split("-")[0].split("_")[0]
    search: dict[str, Any] = {"lang": [search_lang]} if engine == "mkdocs" else {}
    if search_lang in ELISION:  # "d'hameçonnage" must be found by "hameçonnage"
        search["separator"] = r"[\s\-'\u2019]+"
    plugins: list[Any] = [TEMPLATE_CACHE] if engine == "mkdocs" else []
    for item in configured:
        name = next(iter(item)) if isinstance(item, dict) else item
        if name in ("search", "material/search"):
            options = dict(item[name] or {}) if isinstance(item, dict) else {}
            # the project's own separator wins
            plugins.append(
                {name: {**search, **options, **({"lang": search["lang"]} if "lang" in search else {})}}
            )
        else:
            plugins.append(item)
    return plugins


def theme_files(theme: Path) -> Path:
    """Beside a theme folder, one copy of each of its static files, which the sites link to.

    MkDocs copies each theme file (scripts, stylesheets, search languages) into every site; the
    generator's MkDocs plugin hard-links them instead, from this folder, and leaves the theme's
    source maps out. The folder is not inside the theme, where MkDocs would list it as theme files.
    """
    return theme.with_name(f"{theme.name}-files")


def theme_bytecode(theme: Path) -> Path:
    """Beside a theme folder, its templates compiled, kept from build to build (see MemoryBytecodeCache)."""
    return theme.with_name(f"{theme.name}-bytecode")


def _with_shared_theme_files(config: dict[str, Any], theme: Path, project_dir: Path) -> dict[str, Any]:
    """The config with the generator's plugin told where the shared theme files go (see theme_files),
    and where the theme's compiled templates are kept (see theme_bytecode)."""
    options = {
        "theme_files": Path(os.path.relpath(theme_files(theme), project_dir)).as_posix(),
        "bytecode": Path(os.path.relpath(theme_bytecode(theme), project_dir)).as_posix(),
    }
    plugins = [
        {TEMPLATE_CACHE: options} if item == TEMPLATE_CACHE else item for item in config.get("plugins") or []
    ]
    return {**config, "plugins": plugins}


def write_theme(folder: Path, engine_name: EngineName, own: Path | None, langs: Iterable[str]) -> None:
    """Write the theme folder sites are built with (their ``custom_dir``); an earlier one is replaced.

    It holds the project's own ``custom_dir`` (``own``), the generator's overrides where the
    project has none, and the interface strings of each language the theme has none for. The
    sites of one build share it. For MkDocs, Material's own files are linked in too (see
    :func:`_as_whole_theme`), the settings file last, as the sign that the theme is whole.
    """
    for earlier in (folder, theme_files(folder)):
        if earlier.exists():
            shutil.rmtree(earlier)
    if own is not None and own.is_dir():
        # MkDocs reads no mkdocs_theme.yml from a custom_dir; here it would claim a whole theme.
        shutil.copytree(own, folder, ignore=shutil.ignore_patterns(_THEME_SETTINGS))
    folder.mkdir(parents=True, exist_ok=True)
    engine = engine_named(engine_name)
    for overrides in engine.overrides():  # the engine's own first, then those both engines share
        for source in overrides.rglob("*.html"):
            destination = folder / source.relative_to(overrides)
            if not destination.exists():  # the project's own override wins
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
    for lang in langs:
        _name_language_for_theme(lang, folder, engine)
    if engine_name == "mkdocs":
        with contextlib.suppress(OSError):  # no symbolic links here: Material's own folder is used
            _link_theme_files(engine.templates(), folder)
            (folder / _THEME_SETTINGS).symlink_to(engine.templates() / _THEME_SETTINGS)


def write_mkdocs_project(
    target: BuildTarget,
    config: dict[str, Any],
    files: dict[str, str],
    copies: dict[str, Path] | None = None,
) -> None:
    """Write one plain MkDocs project; files left from an earlier run are removed.

    The theme folder is the target's shared one (:func:`write_theme`), else one written into
    the project. ``copies`` are files published as they are (downloads), by their path in the site.
    """
    docs, overrides = target.project_dir / "docs", target.project_dir / OVERRIDES
    if overrides.exists():
        shutil.rmtree(overrides)
    theme = target.theme
    if theme is None:
        theme = overrides
        write_theme(theme, target.engine, None, [target.lang])
    if isinstance(config.get("theme"), dict):
        custom_dir = os.path.relpath(theme, target.project_dir)
        config = {**config, "theme": {**config["theme"], "custom_dir": Path(custom_dir).as_posix()}}
    if target.engine == "mkdocs":
        config = _with_search_defaults(config, theme, target.lang)
        config = _as_whole_theme(config, theme)
        config = _with_shared_theme_files(config, theme, target.project_dir)
    files = {STYLESHEET: STYLESHEET_FILE.read_text(encoding="utf-8"), **files}
    contents = {name: text.encode("utf-8") for name, text in files.items()}
    contents.update({name: source.read_bytes() for name, source in (copies or {}).items()})
    write_folder(docs, contents)
    text = yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)
    _write_if_changed(target.config_file, text.encode("utf-8"))


def write_folder(folder: Path, contents: dict[str, bytes]) -> None:
    """Make ``folder`` hold exactly ``contents`` (relative path: bytes); files already right stay as they are.

    Most of a site's files are the same as the last build's, and on a journaling file system
    creating a file costs some thirty times what reading one does: rewriting all of them
    was half of a site's rendering.
    """
    wanted = {Path(name) for name in contents}
    folders = {parent for name in wanted for parent in name.parents}
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):  # what a folder holds before the folder
            relative = path.relative_to(folder)
            if path.is_dir() and not path.is_symlink():
                if relative not in folders:
                    path.rmdir()
            elif relative not in wanted or path.is_symlink():  # never written through a link
                path.unlink()
    for name, data in sorted(contents.items()):
        _write_if_changed(folder / name, data)


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:  # not there yet
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _name_language_for_theme(lang: str, overrides: Path, engine: Engine) -> None:
    """The theme's interface strings for ``lang``; where the theme has none, English ones under ``lang``.

    Material and Zensical fail on a language they have no strings for (Irish, Swahili, ...), yet
    the page must still say ``<html lang="ga">``. Both fill any string a language file lacks
    from English.
    """
    name = f"partials/languages/{lang}.html"
    if (engine.templates() / name).is_file() or (overrides / name).is_file():
        return
    (overrides / name).parent.mkdir(parents=True, exist_ok=True)
    macro = f'{{% macro t(key) %}}{{{{ {{"language": "{lang}"}}[key] }}}}{{% endmacro %}}\n'
    (overrides / name).write_text(macro, encoding="utf-8")


def _with_search_defaults(config: dict[str, Any], overrides: Path, lang: str) -> dict[str, Any]:
    """The config with Material's search separator and pipeline written out, where it sets none.

    Material's search plugin reads what it is not given from the theme's language templates,
    which it compiles in a Jinja environment of its own on every build (a twentieth of a site's
    build time). Read here the same way, the compiled templates are shared between sites.
    """
    theme = config.get("theme")
    if not isinstance(theme, dict) or theme.get("name") != "material":
        return config
    plugins: list[Any] = []
    for item in config.get("plugins") or []:
        name = next(iter(item)) if isinstance(item, dict) else item
        if name in ("search", "material/search"):
            options = dict(item[name] or {}) if isinstance(item, dict) else {}
            if not options.get("separator") or options.get("pipeline") is None:
                defaults = _material_search_defaults(overrides, lang)
                if not options.get("separator"):
                    options["separator"] = defaults["separator"]
                # Some languages' templates give a pipeline the option would refuse (" "): the
                # plugin reads those itself, as before.
                if options.get("pipeline") is None and set(defaults["pipeline"]) <= _PIPELINE_STEPS:
                    options["pipeline"] = list(defaults["pipeline"])
            item = {name: options}
        plugins.append(item)
    return {**config, "plugins": plugins}


def _as_whole_theme(config: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The config with the theme folder as the whole theme, where Material's files are linked into it.

    On every build MkDocs lists each file of each theme folder, to find the ones to copy into
    the site: Material's folder holds some 14,000 icons, a seventh of a site's build. Linked
    into the theme folder instead (each file where the project has none of that name, the icon
    folder as one link, which MkDocs does not look into and Jinja reads through), the theme is
    that folder alone, ``name: null``, with Material's settings written out. Plugins keep the
    names MkDocs gives them under the Material theme (``search`` is ``material/search``).
    """
    theme = config.get("theme")
    settings_file = folder / _THEME_SETTINGS
    if not isinstance(theme, dict) or theme.get("name") != "material" or not settings_file.exists():
        return config
    settings, static = _material_settings(str(settings_file.resolve()))
    own_static = [name for name in theme.get("static_templates") or [] if name not in static]
    whole = {**settings, **theme, "name": None, "static_templates": [*static, *own_static]}
    plugins = [_under_theme_namespace(item, "material") for item in config.get("plugins") or []]
    return {**config, "theme": whole, "plugins": plugins}


_THEME_SETTINGS = "mkdocs_theme.yml"
_NOT_THEME_FILES = {"__pycache__", "__init__.py", _THEME_SETTINGS}  # the package's; the settings: last


def _link_theme_files(source: Path, folder: Path, hidden: bool = False) -> None:
    """Link each file of ``source`` into ``folder`` where ``folder`` has none of that name.

    Only new links are made: nothing is ever written through a link into the installed theme.
    """
    for entry in sorted(os.scandir(source), key=lambda entry: entry.name):
        if entry.name in _NOT_THEME_FILES:
            continue
        destination = folder / entry.name
        present = destination.exists() or destination.is_symlink()
        if entry.is_dir():
            inside_hidden = hidden or entry.name.startswith(".")  # MkDocs copies nothing from these
            if inside_hidden and not present:
                destination.symlink_to(entry.path, target_is_directory=True)
                continue
            if not present:
                destination.mkdir()
            if destination.is_dir() and not destination.is_symlink():
                _link_theme_files(Path(entry.path), destination, inside_hidden)
        elif not present:
            destination.symlink_to(entry.path)


@functools.lru_cache(maxsize=2)
def _material_settings(path: str) -> tuple[dict[str, Any], list[str]]:
    """Material's theme settings and static templates, from its ``mkdocs_theme.yml``, as MkDocs reads them."""
    with open(path, "rb") as file:
        settings = dict(yaml.safe_load(file) or {})
    static = list(settings.pop("static_templates", None) or [])
    return settings, static


def _under_theme_namespace(item: Any, theme: str) -> Any:
    """A plugin entry named as MkDocs names it under ``theme``: its own plugin of that name wins."""
    name = next(iter(item)) if isinstance(item, dict) else item
    if not isinstance(name, str) or "/" in name or f"{theme}/{name}" not in _installed_plugins():
        return item
    return {f"{theme}/{name}": item[name]} if isinstance(item, dict) else f"{theme}/{name}"


@functools.lru_cache(maxsize=1)
def _installed_plugins() -> frozenset[str]:
    from mkdocs.plugins import get_plugins

    return frozenset(get_plugins())


_PIPELINE_STEPS = {"stemmer", "stopWordFilter", "trimmer"}  # what the search plugin's 'pipeline' accepts


def _material_search_defaults(overrides: Path, lang: str) -> dict[str, Any]:
    """What Material's search plugin would take for ``lang``, read from the same templates it reads.

    Read once per process for each language and set of language templates in the overrides
    (a project may override them): every other site with the same ones gets the same values.
    """
    partials = overrides / "partials"
    templates = [partials / "language.html", *sorted((partials / "languages").glob("*.html"))]
    own = tuple(
        (p.relative_to(overrides).as_posix(), _template_identity(p)) for p in templates if p.is_file()
    )
    key = (lang, own)
    if key not in _SEARCH_DEFAULTS:
        _SEARCH_DEFAULTS[key] = _read_search_defaults(overrides, lang)
    return _SEARCH_DEFAULTS[key]


_SEARCH_DEFAULTS: dict[tuple[str, tuple[tuple[str, bytes | str], ...]], dict[str, Any]] = {}


def _template_identity(path: Path) -> bytes | str:
    """A language template's bytes; for one linked in from the installed theme, where it leads
    (the theme's some sixty language files are read through links by every site otherwise)."""
    return os.readlink(path) if path.is_symlink() else path.read_bytes()


def _read_search_defaults(overrides: Path, lang: str) -> dict[str, Any]:
    import jinja2

    # The folders MkDocs' theme would look in, the site's overrides first: as its get_env() does.
    loader = jinja2.FileSystemLoader([str(overrides), *_material_dirs()])
    bytecode = kept_bytecode(Path(os.path.abspath(theme_bytecode(overrides))))
    env = jinja2.Environment(loader=loader, auto_reload=False, bytecode_cache=bytecode)
    language = env.get_template("partials/language.html", None, {"config": {"theme": {"language": lang}}})
    pipeline = str(language.module.t("search.config.pipeline"))  # type: ignore[attr-defined]
    return {
        "separator": str(language.module.t("search.config.separator")),  # type: ignore[attr-defined]
        "pipeline": list(filter(len, re.split(r"\s*,\s*", pipeline))),  # as the plugin splits it
    }


@functools.lru_cache(maxsize=1)
def _material_dirs() -> tuple[str, ...]:
    """The folders MkDocs reads Material's templates from: Material's, then MkDocs' own.

    Found without importing Material's templates package, which sets an environment variable.
    """
    mkdocs_spec = importlib.util.find_spec("mkdocs")
    assert mkdocs_spec is not None and mkdocs_spec.origin is not None  # this module runs MkDocs
    return (str(engine_named("mkdocs").templates()), str(Path(mkdocs_spec.origin).parent / "templates"))


# --- Anchors ---------------------------------------------------------------------------

_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def anchors(base: dict[str, Any], markdown: str) -> set[str]:
    """The anchors of one generated page: what ``page.md#<anchor>`` may point to.

    The page is converted as MkDocs converts it, with the project's Markdown extensions
    (its ``toc`` slugify too), so headings get the ids the site will have.
    """
    from mkdocs.utils.meta import get_data

    converter = _converter(yaml.dump(base.get("markdown_extensions") or [], Dumper=_ConfigDumper))
    converter.reset()
    html = converter.convert(get_data(markdown)[0])
    return {html_unescape(match[1]) for match in _ID.finditer(html)}


@functools.lru_cache(maxsize=4)
def _converter(extensions_yaml: str) -> Any:
    """A Python-Markdown converter with the extensions MkDocs would load (tags such as slugify resolved)."""
    import markdown
    from mkdocs.utils.yaml import yaml_load

    configured: list[Any] = yaml_load(extensions_yaml) or []  # type: ignore[assignment]
    names: list[str] = []
    options: dict[str, Any] = {}
    for item in [*_extensions(configured), "toc"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if config:
            options[name] = config
    return markdown.Markdown(extensions=names, extension_configs=options)


# --- Building ---------------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_one(config_file: Path) -> list[str]:
    """Build one MkDocs project; return its warnings (a warning fails the build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    with _loggers_kept("mkdocs", "jieba"), _environment_kept():
        logging.getLogger("jieba").setLevel(logging.WARNING)  # it announces its dictionary on every build
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collector)
        logger.propagate = False  # warnings are returned, not printed
        try:
            config = load_config(str(config_file), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            return collector.messages or [str(error)]
    return collector.messages


@contextmanager
def _environment_kept() -> Iterator[None]:
    """``os.environ`` as it was, afterwards: Material sets a variable of its own when first imported."""
    before = dict(os.environ)
    try:
        yield
    finally:
        for name in [name for name in os.environ if name not in before]:
            del os.environ[name]
        for name, value in before.items():
            if os.environ.get(name) != value:
                os.environ[name] = value


@contextmanager
def _loggers_kept(*names: str) -> Iterator[None]:
    """The loggers' level, handlers and propagation as they were, afterwards.

    Importing jieba (Material's search does) gives its logger a handler of its own: that goes too,
    so that a build in this process (``handbook serve``) leaves logging as it found it.
    """
    loggers = [logging.getLogger(name) for name in names]
    saved = [(logger.level, list(logger.handlers), logger.propagate, logger.disabled) for logger in loggers]
    try:
        yield
    finally:
        for logger, (level, handlers, propagate, disabled) in zip(loggers, saved, strict=True):
            for handler in [h for h in logger.handlers if h not in handlers]:
                logger.removeHandler(handler)
            for handler in [h for h in handlers if h not in logger.handlers]:
                logger.addHandler(handler)
            logger.setLevel(level)
            logger.propagate, logger.disabled = propagate, disabled


Progress = Callable[[list[BuildTarget], list[BuildTarget]], None]  # called with (done, remaining)


def _report(progress: Progress | None, targets: list[BuildTarget], results: dict[int, Any]) -> None:
    if progress is not None:
        done = [t for i, t in enumerate(targets) if i in results]
        progress(done, [t for i, t in enumerate(targets) if i not in results])


@contextmanager
def _source_date(build_date: int | None) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` for MkDocs in this process, unless already set; as it was afterwards."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if build_date is None or before:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(build_date)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


Prepare = Callable[[BuildTarget], list[Problem]]  # writes a target's MkDocs project; returns its problems
Finish = Callable[[BuildTarget], None]  # completes a site the engine has just built, in the same worker
# Where in the content a MkDocs warning comes from: (generated page or "", text it quotes) -> place.
Locate = Callable[[str, str | None], Location | None]


@dataclass(frozen=True)
class _Result:
    problems: list[Problem]
    prepare_seconds: float
    engine_seconds: float
    fingerprint: str = ""  # of the project written for the engine
    finish_seconds: float = 0.0
    reused: bool = False  # the previous site was carried over: the engine did not run


@dataclass(frozen=True)
class Built:
    """What :func:`build_all` did: seconds per step, and per site the fingerprint of its engine input."""

    seconds: dict[str, float]
    fingerprints: dict[str, str]  # "<output>/<lang>": the generated project's fingerprint
    reused: list[str]  # sites carried over from the previous build, their engine input unchanged


def build_all(
    targets: Iterable[BuildTarget],
    jobs: int | None = None,
    build_date: int | None = None,
    progress: Progress | None = None,
    prepare: Prepare | None = None,
    locate: Locate | None = None,
    finish: Finish | None = None,
    started: Callable[[], object] | None = None,
) -> Built:
    """Build every target, in parallel; raise :class:`HandbookError` listing every failure.

    The targets are given to the workers in their order, one at a time: given the largest
    first, the last ones are small, and no worker waits long for another at the end.

    ``prepare`` writes a target's MkDocs project in the same worker process, just before
    MkDocs runs, so rendering is spread over the workers too. ``build_date`` (seconds since
    1970) is the date MkDocs writes into its sitemap and gzip header; ``SOURCE_DATE_EPOCH``
    wins when set. A fixed date makes the same input give the same bytes. ``progress`` is
    called as each target finishes. ``locate`` places each MkDocs warning in the content.
    ``finish`` completes each site the engine built, in the worker that built it (the print
    page, the sitemaps): that work is spread over the workers too. ``started`` is called once the
    workers are running: a thread it starts is not forked into them.
    A target whose written project has its ``previous`` fingerprint gets no engine run: it is
    listed as reused, for the caller to carry the site over. Returns the seconds spent preparing
    in the engine and finishing, summed over the workers, and each site's fingerprint.
    """
    targets = list(targets)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(targets)))
    results: dict[int, _Result] = {}
    if jobs == 1:
        with _source_date(build_date):
            _set_hooks(prepare, locate, finish)
            try:
                if started is not None:
                    started()
                for index, target in enumerate(targets):
                    results[index] = _build_target(target)
                    _report(progress, targets, results)
            finally:
                _set_hooks(None, None, None)
    else:
        context = _fork()
        pool = ProcessPoolExecutor(
            jobs,
            context,
            initializer=_start_worker,
            initargs=(prepare, locate, finish, build_date, os.getpid()),
        )
        try:
            # The workers start with Ctrl-C blocked, until they have set it aside for this process.
            with _blocked(signal.SIGINT):  # in the caller's order: the largest sites first
                futures = {pool.submit(_build_target, target): index for index, target in enumerate(targets)}
            if started is not None:  # the workers are forked by the first submit
                started()
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                _report(progress, targets, results)
        except BaseException:
            _stop_workers(pool)  # before the caller removes the folders they write into
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    problems = [problem for index in sorted(results) for problem in results[index].problems]
    if problems:
        raise HandbookError(problems)
    seconds = {
        "render": sum(r.prepare_seconds for r in results.values()),
        "engine": sum(r.engine_seconds for r in results.values()),
        "finish": sum(r.finish_seconds for r in results.values()),
    }
    keys = {index: f"{target.output}/{target.lang}" for index, target in enumerate(targets)}
    fingerprints = {keys[index]: result.fingerprint for index, result in results.items()}
    return Built(seconds, fingerprints, [keys[i] for i, result in sorted(results.items()) if result.reused])


def _fork() -> Any:
    """Workers forked from this process share the loaded project instead of receiving a copy."""
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


@contextmanager
def _blocked(signum: int) -> Iterator[None]:
    """Hold back a signal in this thread (and in the processes it forks meanwhile), where POSIX allows."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signum})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(
    prepare: Prepare | None, locate: Locate | None, finish: Finish | None, build_date: int | None, parent: int
) -> None:
    """Set up a build worker: it dies with the build, leaves Ctrl-C to it, and dates what it builds."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops its workers itself
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if build_date is not None and not os.environ.get("SOURCE_DATE_EPOCH"):
        os.environ["SOURCE_DATE_EPOCH"] = str(build_date)  # this worker's own environment
    _set_hooks(prepare, locate, finish)
    _collect_garbage_less_often()
    global _IN_WORKER
    _IN_WORKER = True


def _collect_garbage_less_often() -> None:
    """A worker allocates millions of short-lived objects (MkDocs' element trees): with Python's
    default thresholds it spends a twentieth of its time collecting, a third of that with these.
    What it inherited from the build process is never garbage: collections leave it out."""
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """End this process as soon as ``parent`` ends, even if it is killed with SIGKILL.

    Linux sends the signal chosen with ``prctl(PR_SET_PDEATHSIG)`` when the parent ends; elsewhere
    a thread watches for the parent to change. A worker left running would go on writing into
    the staging folder of a build that no longer exists.
    """
    libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
    if libc is None or libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes and wait for them to end (the pool has no public way)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        if worker.is_alive():
            worker.kill()
    for worker in workers:
        worker.join()


_PREPARE: Prepare | None = None
_LOCATE: Locate | None = None
_FINISH: Finish | None = None
_IN_WORKER = False  # set in build workers only, each a process of its own


def _set_hooks(prepare: Prepare | None, locate: Locate | None, finish: Finish | None) -> None:
    global _PREPARE, _LOCATE, _FINISH
    _PREPARE, _LOCATE, _FINISH = prepare, locate, finish


def _build_target(target: BuildTarget) -> _Result:
    start = time.perf_counter()
    problems = _PREPARE(target) if _PREPARE is not None else []
    fingerprint = project_fingerprint(target) if not problems else ""
    middle = time.perf_counter()
    if problems:
        return _Result(problems, middle - start, 0.0)
    if target.previous == fingerprint:
        return _Result([], middle - start, 0.0, fingerprint, reused=True)
    if target.engine == "zensical":
        messages = build_zensical(target.config_file, target.site_dir, in_worker=_IN_WORKER)
    else:
        messages = [_mkdocs_message(message) for message in build_one(target.config_file)]
    problems = [_warning_problem(target, message) for message in messages]
    built = time.perf_counter()
    if not problems and _FINISH is not None:
        _FINISH(target)
    return _Result(problems, middle - start, built - middle, fingerprint, time.perf_counter() - built)


def project_fingerprint(target: BuildTarget) -> str:
    """The fingerprint of everything the engine reads for a target: its generated project and theme."""
    engine = engine_named(target.engine)
    date = os.environ.get(
        "SOURCE_DATE_EPOCH", ""
    )  # the date the engine writes into sitemaps and gzip headers
    digest = hashlib.sha256(f"{target.engine}\0{engine.versions()}\0{date}".encode())
    _add_files(digest, target.project_dir, "")
    if target.theme is not None:
        _add_files(digest, target.theme, "theme:")
    return digest.hexdigest()


def _add_files(digest: Any, folder: Path, prefix: str) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if relative.parts[0] in (SITE, ".cache"):  # Zensical's output and its cache, not its input
            continue
        digest.update(f"\0{prefix}{relative.as_posix()}\0".encode())
        if path.is_symlink():  # a theme file linked in: the engine's version stands for it
            continue
        data = path.read_bytes()
        if relative.as_posix() == CONFIG_NAME:  # where the site goes changes with every build, not what it is
            data = _SITE_DIR_LINE.sub(b"", data)
        digest.update(data)


_SITE_DIR_LINE = re.compile(rb"^site_dir: .*\n", re.MULTILINE)


# "Doc file 'rules.md' contains a link 'expenses.md', but the target is not found among ..."
_DOC_FILE = re.compile(r"^Doc file '([^']+)' (.*)$", re.DOTALL)
_QUOTED = re.compile(r"'([^']+)'")


def _mkdocs_message(message: str) -> EngineMessage:
    match = _DOC_FILE.match(message)
    page, text = (match[1], f"this page {match[2]}") if match else ("", message)
    quoted = _QUOTED.search(text)
    return EngineMessage(page, quoted[1] if quoted else None, text)


def _warning_problem(target: BuildTarget, message: EngineMessage) -> Problem:
    """An engine's warning at the content that caused it, as the caller's ``locate`` finds it.

    The same cause gives the same problem in every language and on the print page, so it is
    reported once. Without a place in the content, the generated mkdocs.yml is named.
    """
    location = _LOCATE(message.page, message.quoted) if _LOCATE is not None else None
    title = engine_named(target.engine).title
    return Problem(location or Location(str(target.config_file)), f"{title}: {message.text}")
