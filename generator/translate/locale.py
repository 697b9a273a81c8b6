"""What CLDR knows of a language code: its locale, its own name, its direction."""

from __future__ import annotations

import functools

from babel import Locale

__all__ = ["cldr_locale", "direction", "native_name"]


def cldr_locale(code: str) -> Locale:
    """Babel's locale for a language code written ``pt-BR`` or ``pt_BR``; raises for unknown codes."""
    return Locale.parse(code, sep="-" if "-" in code else "_")


@functools.lru_cache(maxsize=256)  # every site names every language in its selector
def native_name(code: str) -> str:
    """A language's name in that language, capitalised: ``Français``, ``Polski``, ``中文``."""
    name = cldr_locale(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def direction(lang: str) -> str:
    """``rtl`` for right-to-left languages (Arabic, Hebrew…), else ``ltr``."""
    locale = cldr_locale(lang)
    return "rtl" if locale.character_order == "right-to-left" else "ltr"
