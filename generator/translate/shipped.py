"""The generator's own interface strings, translated and shipped with the package.

Two gettext domains make a language's translations. A project's catalog
(``locales/<lang>/LC_MESSAGES/handbook.po``) holds its content and the strings
of its own templates. The strings the generator writes itself, the built-in
templates' ``_()`` strings and the package's ``N_()`` and ``gettext`` strings
("Page owner", "Print version", "Page not found"...), are the ``interface``
domain: its template ``interface.pot`` and one ``<lang>.po`` per language live
in this package's ``locales/`` folder, read with the same reader as a project's
catalogs (:func:`~generator.translate.catalog.read_catalog`).

A build looks a string up in the project's catalog first, then in the shipped
interface catalog of the language (:func:`interface_catalog`), then falls back
to the source text, marked as untranslated.
"""

from __future__ import annotations

from pathlib import Path

from babel import UnknownLocaleError
from babel.core import get_global

from .catalog import Messages, read_catalog
from .locale import cldr_locale

__all__ = [
    "INTERFACE",
    "INTERFACE_DOMAIN",
    "interface_catalog",
    "interface_catalog_name",
    "interface_catalog_path",
    "interface_language",
    "interface_template",
    "shipped_languages",
]

INTERFACE_DOMAIN = "interface"
INTERFACE = Path(__file__).parent / "locales"  # the shipped catalogs: package data


def interface_catalog_path(lang: str | None = None) -> Path:
    """The shipped template ``interface.pot``, or one language's ``<lang>.po``."""
    return INTERFACE / (f"{INTERFACE_DOMAIN}.pot" if lang is None else f"{lang}.po")


def shipped_languages() -> list[str]:
    """The languages the generator ships an interface catalog for, by file name (``fr``, ``pt_BR``)."""
    return sorted(path.stem for path in INTERFACE.glob("*.po"))


def interface_language(lang: str) -> str | None:
    """The shipped catalog that serves ``lang``: its own, else that of a more general locale.

    ``pt-BR`` is served by ``pt_BR``, else by ``pt``; a script is kept apart, so
    ``zh-Hant`` is never served by ``zh`` (written in simplified characters), nor
    ``sr-Latn`` by ``sr``. None when the generator has no catalog for the language.
    """
    shipped = set(shipped_languages())
    for candidate in _candidates(lang):
        if candidate in shipped:
            return candidate
    return None


def _candidates(lang: str) -> list[str]:
    """``pt-BR`` → ``pt_BR``, ``pt``; ``zh-TW`` → ``zh_TW``, ``zh_Hant_TW``, ``zh_Hant`` (never ``zh``)."""
    code = lang.replace("-", "_")
    try:
        locale = cldr_locale(lang)
    except (UnknownLocaleError, ValueError):
        return [code]
    found = [code, str(locale)]
    script = locale.script or _likely_script(str(locale))
    if locale.script:
        found.append(f"{locale.language}_{locale.script}")
    if script == _likely_script(locale.language):  # the bare code is written in the same script
        found.append(locale.language)
    return list(dict.fromkeys(found))


def _likely_script(code: str) -> str | None:
    """The script CLDR expects for a code: ``Hans`` for ``zh``, ``Hant`` for ``zh_TW``."""
    likely = get_global("likely_subtags").get(code)
    if likely is None and "_" in code:
        likely = get_global("likely_subtags").get(code.split("_")[0])
    parts = str(likely).split("_") if likely else []
    return next((part for part in parts[1:] if len(part) == 4), None)


def interface_template() -> Messages:
    """The shipped template of the interface strings."""
    path = interface_catalog_path()
    return read_catalog(path, interface_catalog_name(path.stem))


def interface_catalog(lang: str) -> Messages | None:
    """The shipped interface catalog serving ``lang`` (see :func:`interface_language`), if any."""
    shipped = interface_language(lang)
    if shipped is None:
        return None
    path = interface_catalog_path(shipped)
    return read_catalog(path, interface_catalog_name(path.stem))


def interface_catalog_name(lang: str) -> str:
    """How messages name a shipped catalog: from the package down (``generator/translate/locales/fr.po``)."""
    return f"generator/translate/locales/{interface_catalog_path(lang).name}"
