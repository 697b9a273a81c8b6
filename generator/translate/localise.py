"""Translate a handbook model into one language.

:class:`Translations` looks strings up in one language's catalog and says
where each answer came from: the catalog (``translated``), or the source text
because the entry is missing, empty (``untranslated``) or ``fuzzy``. The
renderer marks the last two on the page. A project's catalog has a fallback,
the generator's shipped interface catalog of the language: a string the
project has not translated is looked up there before the source text is shown.

The source language needs no catalog for its content, but the generator's own
labels are written in English: :meth:`Translations.lookup_label` (the templates'
``_()`` and the :class:`Label` texts of :func:`N_`) looks them up in the shipped
interface catalog of the source language too, so a handbook written in German
shows "Seitenverantwortliche Person", not "Page owner", on its German site.

:func:`localise` returns a copy of the handbook in which every :class:`Text`
is replaced by its translation, keeping its kind (plain or Markdown) and its
status (a team's name among them). Data (ids, people's names, addresses) is left
alone, so nothing a translator writes can change a contact or a link target.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel

from ..model.values import Text

if TYPE_CHECKING:  # the catalog module needs this one
    from .catalog import Message, Messages

__all__ = ["N_", "Label", "Status", "Translations", "localise"]

Status = Literal["source", "translated", "fuzzy", "untranslated"]
M = TypeVar("M", bound=BaseModel | Text)  # a model, or a single text: the same type comes back


class Translations:
    """One language's translations, with the status of every lookup.

    >>> t = Translations.source("en")
    >>> t.lookup("Be kind")
    ('Be kind', 'source')
    """

    def __init__(
        self,
        lang: str,
        entries: dict[tuple[str, str], Message] | None = None,
        plural: Callable[[int], int] | None = None,
        fallback: Translations | None = None,
    ) -> None:
        self.lang = lang
        self.entries = entries
        self.plural = plural or (lambda n: int(n != 1))
        self.fallback = fallback  # asked for what this catalog has not translated

    @classmethod
    def source(cls, lang: str, interface: Messages | None = None) -> Translations:
        """The source language: its content is in it already; its labels come from ``interface``."""
        return cls(lang, fallback=cls.from_catalog(lang, interface) if interface is not None else None)

    @classmethod
    def from_catalog(cls, lang: str, catalog: Messages, interface: Messages | None = None) -> Translations:
        """A project's catalog, with the shipped ``interface`` catalog of the language to fall back on."""
        entries = {(e.msgctxt or "", e.msgid): e for e in catalog if not e.obsolete and e.msgid}
        rule = catalog.metadata.get("Plural-Forms", "")
        expression = rule.split("plural=", 1)[1].rstrip("; ") if "plural=" in rule else "n != 1"
        fallback = cls.from_catalog(lang, interface) if interface is not None else None
        return cls(lang, entries, gettext.c2py(expression), fallback)

    def lookup(self, message: str, context: str | None = None) -> tuple[str, Status]:
        if self.entries is None:
            return message, "source"
        entry = self.entries.get((context or "", message))
        if entry is None or not entry.msgstr:
            own: tuple[str, Status] = (message, "untranslated")
        else:
            own = (entry.msgstr, "fuzzy" if "fuzzy" in entry.flags else "translated")
        if own[1] == "translated" or self.fallback is None:
            return own
        return self._better(own, self.fallback.lookup(message, context))

    def lookup_plural(
        self, singular: str, plural: str, n: int, context: str | None = None
    ) -> tuple[str, Status]:
        source = singular if n == 1 else plural
        if self.entries is None:
            return source, "source"
        entry = self.entries.get((context or "", singular))
        form = entry.msgstr_plural.get(self.plural(n), "") if entry is not None else ""
        if not form or entry is None:
            own: tuple[str, Status] = (source, "untranslated")
        else:
            own = (form, "fuzzy" if "fuzzy" in entry.flags else "translated")
        if own[1] == "translated" or self.fallback is None:
            return own
        return self._better(own, self.fallback.lookup_plural(singular, plural, n, context))

    def lookup_label(self, message: str, context: str | None = None) -> tuple[str, Status]:
        """A template's string or a generator's label: as :meth:`lookup`, and in the source language too."""
        if self.entries is None and self.fallback is not None:
            found = self.fallback.lookup(message, context)
            return found if found[1] == "translated" else (message, "source")
        return self.lookup(message, context)

    def lookup_plural_label(
        self, singular: str, plural: str, n: int, context: str | None = None
    ) -> tuple[str, Status]:
        """As :meth:`lookup_plural`, and in the source language too (see :meth:`lookup_label`)."""
        if self.entries is None and self.fallback is not None:
            found = self.fallback.lookup_plural(singular, plural, n, context)
            return found if found[1] == "translated" else (singular if n == 1 else plural, "source")
        return self.lookup_plural(singular, plural, n, context)

    @staticmethod
    def _better(own: tuple[str, Status], fallback: tuple[str, Status]) -> tuple[str, Status]:
        """The fallback's answer, unless it has none and the project's catalog has a fuzzy one."""
        return fallback if fallback[1] == "translated" or own[1] == "untranslated" else own

    # The standard gettext interface, for code that needs only the text.
    def gettext(self, message: str) -> str:
        text, status = self.lookup_label(message)
        return text if self.usable(status) else message

    def pgettext(self, context: str, message: str) -> str:
        text, status = self.lookup_label(message, context)
        return text if self.usable(status) else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.npgettext("", singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        text, status = self.lookup_plural_label(singular, plural, n, context)
        return text if self.usable(status) else (singular if n == 1 else plural)

    @staticmethod
    def usable(status: Status) -> bool:
        """Whether a lookup's text may be shown as the translation (fuzzy ones may not)."""
        return status in ("source", "translated")


class Label(Text):
    """A text the generator writes itself ("Print version"): one of the interface domain's strings."""


def N_(message: str) -> Label:
    """Mark a string of the generator's own for extraction; :func:`localise` translates it."""
    return Label(message)


def localise(model: M, translations: Translations) -> M:
    """A copy of ``model`` with every :class:`Text` translated and its status recorded.

    >>> from generator.model.blocks import Principle
    >>> localise(Principle(title="Be kind", text="Always."), Translations.source("en")).title
    'Be kind'
    """
    translated: M = _translate(model, translations)
    return translated


def _translate(value: Any, translations: Translations) -> Any:  # models, lists, dicts and texts
    if isinstance(value, Text):
        return _translate_text(value, translations)
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return value.model_copy(
            update={name: _translate(getattr(value, name), translations) for name in fields}
        )
    if isinstance(value, list):
        return [_translate(item, translations) for item in value]
    if isinstance(value, dict):
        return {key: _translate(item, translations) for key, item in value.items()}
    return value


def _translate_text(text: Text, translations: Translations) -> Text:
    lookup = translations.lookup_label if isinstance(text, Label) else translations.lookup
    translated, status = lookup(str(text), text.context)
    if not Translations.usable(status):
        translated = str(text)
    return type(text)(translated, note=text.note, context=text.context, status=status)
