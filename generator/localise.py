"""Translate a handbook model into one language.

:func:`localise` returns a copy of the handbook in which every :class:`Text`
is replaced by its translation from a gettext catalog, keeping its kind
(plain or Markdown). Data (ids, names, addresses) is left alone, so nothing a
translator writes can change a contact or a link target.
"""

from __future__ import annotations

import gettext
from typing import Any, TypeVar

from pydantic import BaseModel

from .model import Text

__all__ = ["Translations", "localise", "null_translations"]

Translations = gettext.NullTranslations
M = TypeVar("M", bound=BaseModel)


def null_translations() -> Translations:
    """Translations that return every string unchanged: the source language."""
    return gettext.NullTranslations()


def localise(model: M, translations: Translations) -> M:
    """A copy of ``model`` with every :class:`Text` translated.

    >>> from generator.model import Principle
    >>> localise(Principle(title="Be kind", text="Always."), null_translations()).title
    'Be kind'
    """
    return _translate(model, translations)


def _translate(value: Any, translations: Translations) -> Any:
    if isinstance(value, Text):
        return _translate_text(value, translations)
    if isinstance(value, BaseModel):
        updates = {name: _translate(getattr(value, name), translations) for name in type(value).model_fields}
        return value.model_copy(update=updates)
    if isinstance(value, list):
        return [_translate(item, translations) for item in value]
    if isinstance(value, dict):
        return {key: _translate(item, translations) for key, item in value.items()}
    return value


def _translate_text(text: Text, translations: Translations) -> Text:
    if text.context:
        translated = translations.pgettext(text.context, str(text))
    else:
        translated = translations.gettext(str(text))
    return type(text)(translated, note=text.note, context=text.context)
