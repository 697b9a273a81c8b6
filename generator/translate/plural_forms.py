"""The plural rule of a language, as translators' tools write it in a catalog's Plural-Forms.

Babel gives CLDR's rules, which change between its releases (Babel 2.19 gives French a third
form, for large round numbers) and are not always the ones gettext, Poedit and Weblate use. The
project owns its table instead: ``plural_forms.csv`` beside this module, the default gettext
rule of every language in Weblate's language database, weblate-language-data 2026.11 (MIT
licence, https://github.com/WeblateOrg/language-data), made by ``scripts/plural-forms-table``.

A code is written as in ``handbook.yml``, ``pt-BR`` or ``pt_BR``, in any case. A code the table
does not have is looked up without its last part, then without the one before, and so on:

>>> plural_forms("fr")
'nplurals=2; plural=(n > 1);'
>>> plural_forms("pl")
'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);'
>>> plural_forms("zh"), plural_forms("zh_Hant"), plural_forms("zh-TW")
('nplurals=1; plural=0;', 'nplurals=1; plural=0;', 'nplurals=1; plural=0;')
>>> plural_forms("pt-br") == plural_forms("pt_BR") == plural_forms("pt-BR")
True
>>> plural_forms("de-DE")
'nplurals=2; plural=(n != 1);'
>>> plural_forms("tlh-Piqd") is None, plural_forms("xx") is None
(False, True)
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

__all__ = ["plural_forms"]

TABLE = Path(__file__).with_name("plural_forms.csv")


def plural_forms(code: str) -> str | None:
    """The ``Plural-Forms`` header of language ``code``: ``nplurals=N; plural=EXPR;``.

    ``None`` for a language the table does not know (then CLDR's rule, from Babel, is the one left).
    """
    table = _table()
    parts = code.strip().replace("_", "-").lower().split("-")
    for end in range(len(parts), 0, -1):
        rule = table.get("-".join(parts[:end]))
        if rule:
            nplurals, expression = rule
            return f"nplurals={nplurals}; plural={_enclosed(expression)};"
    return None


@functools.cache
def _table() -> dict[str, tuple[int, str]]:
    """The table by lower-case code: the number of forms and the plural expression."""
    with TABLE.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(line for line in file if not line.startswith("#"))
        return {row["code"].lower(): (int(row["nplurals"]), row["plural"]) for row in rows}


def _enclosed(expression: str) -> str:
    """The expression in parentheses, as gettext writes it, unless it is a number or already is.

    >>> _enclosed("n != 1"), _enclosed("0"), _enclosed("(n==1) ? 0 : 1"), _enclosed("(n != 1)")
    ('(n != 1)', '0', '((n==1) ? 0 : 1)', '(n != 1)')
    """
    if expression.isdigit():
        return expression
    if expression.startswith("(") and expression.endswith(")"):
        depth = 0
        for index, char in enumerate(expression):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0:
                if index == len(expression) - 1:
                    return expression  # the first parenthesis closes at the very end
                break
    return f"({expression})"
