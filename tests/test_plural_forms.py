"""The project's own table of plural rules (generator/translate/plural_forms.csv) and its reader."""

from __future__ import annotations

import csv
import doctest
import gettext
import re
import subprocess
from pathlib import Path

import polib
import pytest

from generator.translate import plural_forms as module
from generator.translate.plural_forms import plural_forms

from .conftest import REPO

HEADER = re.compile(r"^nplurals=([1-9]\d*); plural=(.+);$")


def rows() -> list[dict[str, str]]:
    with module.TABLE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(line for line in file if not line.startswith("#")))


def parse(header: str | None) -> tuple[int, str]:
    assert header, header
    match = HEADER.match(header)
    assert match, header
    return int(match[1]), match[2]


def test_the_examples_in_the_module_hold() -> None:
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    ("code", "nplurals", "expression"),
    [
        ("fr", 2, "(n > 1)"),
        ("en", 2, "(n != 1)"),
        ("pl", 3, "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
        ("ru", 3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
        ("zh", 1, "0"),
        ("ar", 6, None),
        ("ga", 5, None),
        ("cy", 6, None),
        ("sl", 4, None),
    ],
)
def test_a_language_has_the_rule_translators_tools_use(
    code: str, nplurals: int, expression: str | None
) -> None:
    count, rule = parse(plural_forms(code))
    assert count == nplurals
    if expression:
        assert rule == expression


@pytest.mark.parametrize(
    ("code", "same_as"),
    [
        ("pt-BR", "pt_BR"),
        ("PT-br", "pt_BR"),
        ("zh-Hans", "zh"),
        ("zh_Hant_HK", "zh"),
        ("zh-TW", "zh"),
        ("fr-CA", "fr"),
        ("de-DE", "de"),
        ("sr-Latn", "sr"),
        ("nb-NO", "nb"),
        ("ru-RU", "ru"),
    ],
)
def test_a_code_is_found_with_either_separator_and_without_its_region_or_script(
    code: str, same_as: str
) -> None:
    assert plural_forms(code) is not None
    assert plural_forms(code) == plural_forms(same_as)


@pytest.mark.parametrize("code", ["xx", "qqq-Latn", "", "-"])
def test_an_unknown_language_has_no_rule(code: str) -> None:
    assert plural_forms(code) is None


def test_every_code_is_written_once_as_handbook_yml_writes_codes() -> None:
    codes = [row["code"] for row in rows()]
    assert len(codes) > 700
    assert len({code.lower() for code in codes}) == len(codes)
    language_code = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")  # generator.model.LANGUAGE, with '-'
    assert [code for code in codes if not language_code.match(code)] == []


def test_every_rule_gives_a_form_the_language_has() -> None:
    """Python's gettext reads every expression, and it numbers a form between 0 and nplurals - 1."""
    wrong = []
    for row in rows():
        nplurals, expression = parse(plural_forms(row["code"]))
        assert nplurals == int(row["nplurals"])
        try:
            form = gettext.c2py(expression)
        except ValueError as error:
            wrong.append(f"{row['code']}: {error}")
            continue
        if any(not 0 <= form(n) < nplurals for n in range(1001)):
            wrong.append(f"{row['code']}: a form out of range")
    assert wrong == []


def test_gnu_msgfmt_accepts_every_rule(tmp_path: Path) -> None:
    """A catalog for each language, with one plural entry of all its forms, passes ``msgfmt --check``."""
    files = []
    for row in rows():
        header = plural_forms(row["code"])
        nplurals, _ = parse(header)
        forms = "".join(f'msgstr[{index}] "{index} files"\n' for index in range(nplurals))
        path = tmp_path / f"{row['code']}.po"
        path.write_text(
            'msgid ""\nmsgstr ""\n'
            '"Project-Id-Version: plural rules\\n"\n"PO-Revision-Date: 2025-01-06 00:00+0000\\n"\n'
            '"Last-Translator: nobody\\n"\n"Language-Team: nobody\\n"\n'
            f'"Language: {row["code"].replace("-", "_")}\\n"\n"MIME-Version: 1.0\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
            f'"Plural-Forms: {header}\\n"\n\n'
            f'msgid "one file"\nmsgid_plural "files"\n{forms}',
            encoding="utf-8",
        )
        files.append(path.name)
    # one shell runs msgfmt on every file: one process start instead of hundreds from Python
    loop = 'for f in "$@"; do msgfmt --check -o /dev/null "$f" 2>&1 || echo "refused: $f"; done'
    result = subprocess.run(
        ["bash", "-c", loop, "msgfmt", *files], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_the_shipped_catalogs_have_the_tables_rule() -> None:
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")):
        lang = path.parent.parent.name
        assert polib.pofile(str(path)).metadata["Plural-Forms"] == plural_forms(lang), lang
