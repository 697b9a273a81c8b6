"""The generator's own strings ship translated with it: a project translates only its content.

A project's catalog holds its content and its own templates' strings; the built-in templates'
labels ("Do", "Page owner", "Not yet translated"...) come from the interface catalogs in the
package, unless the project's catalog translates one itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest and mypy need tomli there, so it is installed
    import tomli as tomllib

from generator.cli import main
from generator.pipeline import build_site
from generator.translate.catalog import catalog_path, read_catalog, serialise, write_catalog
from generator.translate.interface import build_interface_template, check_interface
from generator.translate.shipped import (
    interface_catalog_path,
    interface_language,
    interface_template,
    shipped_languages,
)
from generator.translate.workflow import extract, init_language, update

from .conftest import REPO, copy_project

SHIPPED = ["fr", "pl", "ru", "zh"]
PACKAGE = REPO / "generator"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def translate_all(root: Path, lang: str, translations: dict[str, str]) -> None:
    """Translate every string of the catalog: those given, the others as themselves with a mark."""
    path = catalog_path(root, lang)
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid and not entry.obsolete:
            entry.msgstr = translations.get(entry.msgid, f"[{lang}] {entry.msgid}")
    write_catalog(path, catalog)


def msgids(path: Path) -> set[str]:
    return {entry.msgid for entry in read_catalog(path) if entry.msgid and not entry.obsolete}


@pytest.fixture
def bilingual(project: Callable[[str], Path]) -> Callable[[str], Path]:
    """The minimal project published in English and one other language, its content all translated."""

    def make(lang: str) -> Path:
        root = project("minimal")
        edit(root / "content/handbook.yml", "languages: [en]", f"languages: [en, {lang}]")
        init_language(root, lang)
        translate_all(root, lang, {"Be kind.": "Seid freundlich.", "Rules": "Regeln"})
        return root

    return make


def rules_page(root: Path, lang: str) -> str:
    build_site(root, root / "site")
    return (root / f"site/handbook/{lang}/rules/index.html").read_text(encoding="utf-8")


# --- What a project translates ------------------------------------------------------------------


def test_a_new_catalog_holds_the_content_only(bilingual: Callable[[str], Path]) -> None:
    root = bilingual("fr")
    strings = msgids(catalog_path(root, "fr"))
    assert {"Be kind.", "Share secrets.", "Rules"} <= strings
    assert not strings & msgids(interface_catalog_path())  # "Do", "Don't", "Page owner: %(name)s"...


def test_the_sample_extracts_no_interface_string(tmp_path: Path) -> None:
    root = copy_project("sample", tmp_path)
    extract(root)
    pot = read_catalog(catalog_path(root))
    references = {file for entry in pot for file, _ in entry.occurrences}
    assert references and not [file for file in references if file.startswith("generator/")]
    shared = msgids(catalog_path(root)) & msgids(interface_catalog_path())
    # Only content that happens to say what a built-in label says: a table's column headers.
    assert shared == {"For example", "What happens"}
    assert all(
        file.startswith("content/") for entry in pot if entry.msgid in shared for file, _ in entry.occurrences
    )


# --- What a build shows -------------------------------------------------------------------------


def test_french_interface_labels_come_from_the_shipped_catalog(bilingual: Callable[[str], Path]) -> None:
    root = bilingual("fr")
    html = rules_page(root, "fr")
    assert "Seid freundlich." in html  # the project's translation of its content
    assert 'admonition-title">À faire<' in html  # "Do", from the generator's French catalog
    assert 'admonition-title">À ne pas faire<' in html
    assert "Responsable de la page" in html  # "Page owner: %(name)s"
    assert "hb-fallback" not in html


def test_a_language_the_generator_does_not_ship_shows_the_interface_in_english_marked(
    bilingual: Callable[[str], Path],
) -> None:
    assert interface_language("eu") is None
    root = bilingual("eu")
    html = rules_page(root, "eu")
    assert "Seid freundlich." in html
    # The label, in English, marked as not yet translated (in English: the marker's own label).
    assert "class='hb-fallback hb-untranslated' lang='en'" in html
    assert "data-label='Not yet translated'>Do</span>" in html
    assert "Page owner: " in html


def test_the_project_s_translation_of_an_interface_string_wins(bilingual: Callable[[str], Path]) -> None:
    root = bilingual("fr")
    result = CliRunner().invoke(main, ["locales", "override", "fr", "Do", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "locales/fr/LC_MESSAGES/handbook.po" in result.output
    path = catalog_path(root, "fr")
    catalog = read_catalog(path)
    [do] = [entry for entry in catalog if entry.msgid == "Do"]
    assert do.msgstr == "À faire"  # it starts as the generator's translation
    do.msgstr = "Toujours"
    write_catalog(path, catalog)
    update(root)  # an update keeps the project's own translation of an interface string
    assert [e.msgstr for e in read_catalog(path) if e.msgid == "Do" and not e.obsolete] == ["Toujours"]
    assert "Do" not in msgids(catalog_path(root))  # the template holds the content only
    html = rules_page(root, "fr")
    assert 'admonition-title">Toujours<' in html
    assert 'admonition-title">À ne pas faire<' in html  # the others still the generator's
    check = CliRunner().invoke(main, ["locales", "check", "--project", str(root)])
    assert check.exit_code == 0 and "0 errors, 0 warnings." in check.output
    status = CliRunner().invoke(main, ["locales", "status", "--project", str(root)])
    assert "shipped, 100%, 1 overridden" in status.output


def test_a_catalog_made_before_keeps_its_translations_of_interface_strings_as_overrides(
    bilingual: Callable[[str], Path],
) -> None:
    from generator.translate.catalog import Message

    root = bilingual("fr")
    path = catalog_path(root, "fr")
    catalog = read_catalog(path)  # as the one catalog of before held them: one translated, one not
    catalog.entries += [Message(msgid="Do", msgstr="Fais"), Message(msgid="Don't", msgstr="")]
    write_catalog(path, catalog)
    update(root)
    kept = {e.msgid: e.msgstr for e in read_catalog(path) if not e.obsolete}
    assert kept["Do"] == "Fais" and "Don't" not in kept
    html = rules_page(root, "fr")
    assert 'admonition-title">Fais<' in html and 'admonition-title">À ne pas faire<' in html


def test_override_refuses_a_string_the_generator_does_not_have(bilingual: Callable[[str], Path]) -> None:
    root = bilingual("fr")
    result = CliRunner().invoke(main, ["locales", "override", "fr", "Be nice", "--project", str(root)])
    assert result.exit_code == 1
    assert "'Be nice' is not one of the generator's interface strings" in result.output


def test_an_override_in_a_language_not_shipped_starts_as_the_source_marked_fuzzy(
    bilingual: Callable[[str], Path],
) -> None:
    root = bilingual("eu")
    CliRunner().invoke(main, ["locales", "override", "eu", "Do", "--project", str(root)])
    [do] = [e for e in read_catalog(catalog_path(root, "eu")) if e.msgid == "Do"]
    assert (do.msgstr, do.flags) == ("Do", ["fuzzy"])
    update(root)  # kept for the translator to translate
    assert "Do" in msgids(catalog_path(root, "eu"))


# --- What the commands say ----------------------------------------------------------------------


def test_status_shows_the_content_and_the_interface_apart(bilingual: Callable[[str], Path]) -> None:
    root = bilingual("fr")
    init_language(root, "eu")
    extract(root)
    total = len(msgids(catalog_path(root)))  # the content's strings
    result = CliRunner().invoke(main, ["locales", "status", "--project", str(root)])
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert lines["language"].split()[-1] == "interface"
    assert lines["fr"].split()[1:5] == [str(total), "0", "0", "100.0%"]
    assert lines["fr"].endswith("shipped, 100%")
    assert lines["eu"].split()[1:5] == ["0", "0", str(total), "0.0%"]
    assert lines["eu"].endswith("not shipped: English")
    rows = {
        row["lang"]: row
        for row in json.loads(
            CliRunner().invoke(main, ["locales", "status", "--json", "--project", str(root)]).output
        )
    }
    assert rows["fr"]["interface"] == {"shipped": "fr", "percent": 100.0, "overridden": 0}
    assert rows["eu"]["interface"] == {"shipped": None, "percent": 0.0, "overridden": 0}
    assert rows["fr"]["total"] == total


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fr", "The generator's own labels come translated with it (shipped, 100%)."),
        ("eu", "The generator ships no 'eu' translation of its own labels: they show in English"),
    ],
)
def test_init_in_a_new_project_says_whether_the_interface_is_shipped(
    tmp_path: Path, lang: str, said: str
) -> None:
    root = tmp_path / "handbook"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    result = CliRunner().invoke(main, ["locales", "init", lang, "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert said in result.output
    assert not msgids(catalog_path(root, lang)) & msgids(interface_catalog_path())


# --- The shipped catalogs -----------------------------------------------------------------------


def test_the_shipped_interface_template_is_up_to_date_with_the_code() -> None:
    built = serialise(build_interface_template())
    shipped = interface_catalog_path().read_bytes()
    undated = [
        [line for line in text.splitlines() if b"POT-Creation-Date" not in line] for text in (built, shipped)
    ]
    assert undated[0] == undated[1], "run: python -m generator.translate.interface"
    every = msgids(interface_catalog_path())
    assert {"Do", "Page owner: %(name)s", "Not yet translated", "Print version", "Page not found"} <= every


def test_the_generator_ships_at_least_the_sample_s_languages() -> None:
    assert set(SHIPPED) <= set(shipped_languages())


def test_every_shipped_interface_catalog_is_complete_and_passes_the_translator_checks() -> None:
    assert [str(problem) for problem in check_interface()] == []


@pytest.mark.parametrize("lang", shipped_languages())  # a contributed language is checked too
def test_gnu_msgfmt_accepts_each_shipped_interface_catalog(lang: str) -> None:
    path = interface_catalog_path(lang)
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    total = len([e for e in interface_template() if e.msgid])
    assert result.stderr.strip() == f"{total} translated messages."
    assert all(e.msgstr or e.msgstr_plural for e in polib.pofile(str(path)) if not e.obsolete)


def test_the_shipped_catalogs_are_package_data() -> None:
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    files = [interface_catalog_path(), *(interface_catalog_path(lang) for lang in shipped_languages())]
    for file in files:
        name = file.relative_to(PACKAGE).as_posix()
        assert any(fnmatch(name, pattern) for pattern in patterns["generator"]), name


@pytest.mark.parametrize(
    ("lang", "served_by"),
    [
        ("fr", "fr"),
        ("fr-CA", "fr"),  # a region falls back to the language
        ("zh", "zh"),
        ("zh-Hans", "zh"),
        ("zh-CN", "zh"),
        ("zh-Hant", "zh_Hant"),  # traditional characters are not simplified ones
        ("zh-TW", "zh_Hant"),
        ("pt-BR", "pt_BR"),
        ("pt-PT", "pt"),
        ("de-AT", "de"),
        ("eu", None),
    ],
)
def test_a_language_is_served_by_its_own_catalog_or_its_language_s_in_the_same_script(
    lang: str, served_by: str | None
) -> None:
    assert interface_language(lang) == served_by


@pytest.fixture
def maintainers_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped catalogs copied aside, where the maintainers' command reads and writes them."""
    import shutil

    from generator.translate import shipped

    copy = tmp_path / "locales"
    shutil.copytree(shipped.INTERFACE, copy)
    monkeypatch.setattr(shipped, "INTERFACE", copy)
    monkeypatch.setattr("generator.translate.interface.ABOVE_PACKAGE", tmp_path)
    return copy


def test_the_maintainers_update_keeps_every_translation(maintainers_copy: Path) -> None:
    from generator.translate.interface import update_interface

    path = maintainers_copy / "fr.po"
    text = path.read_text(encoding="utf-8")  # as if the code had said "Page owner %(name)s" until now
    path.write_text(text.replace('msgid "Page owner: %(name)s"', 'msgid "Page owner %(name)s"'), "utf-8")
    changed = dict(update_interface())
    assert changed[path] and not changed[maintainers_copy / "interface.pot"]
    [owner] = [e for e in read_catalog(path) if e.msgid == "Page owner: %(name)s"]
    assert owner.msgstr == "Responsable de la page\N{NO-BREAK SPACE}: %(name)s"  # kept, to be checked
    assert "fuzzy" in owner.flags and owner.previous_msgid == "Page owner %(name)s"
    problems = [str(p) for p in check_interface()]
    assert problems == ["locales/fr.po: 0 untranslated and 1 fuzzy strings; translate them all"]


def test_a_new_interface_language_starts_empty_and_fails_the_check_until_translated(
    maintainers_copy: Path,
) -> None:
    from generator.translate.interface import main

    assert main(["init", "eu"]) == 0
    total = len(msgids(maintainers_copy / "interface.pot"))
    assert msgids(maintainers_copy / "eu.po") == msgids(maintainers_copy / "interface.pot")
    assert interface_language("eu-ES") == "eu"
    expected = f"locales/eu.po: {total} untranslated and 0 fuzzy strings; translate them all"
    assert [str(p) for p in check_interface()] == [expected]
    assert main(["check"]) == 1


# The 24 official languages of the EU (English is the source), and 16 more widely read ones.
EU = [
    "bg",
    "cs",
    "da",
    "de",
    "el",
    "es",
    "et",
    "fi",
    "fr",
    "ga",
    "hr",
    "hu",
    "it",
    "lt",
    "lv",
    "mt",
    "nl",
    "pl",
    "pt",
    "ro",
    "sk",
    "sl",
    "sv",
]
WORLD = [
    "nb",
    "ca",
    "zh",
    "zh_Hant",
    "ja",
    "ko",
    "ar",
    "he",
    "hi",
    "tr",
    "uk",
    "ru",
    "pt_BR",
    "id",
    "vi",
    "th",
]


def test_the_interface_ships_in_forty_languages_each_complete() -> None:
    shipped = set(shipped_languages())
    assert set(EU + WORLD) <= shipped, sorted(set(EU + WORLD) - shipped)
    assert len(EU) + 1 + len(WORLD) == 40  # with English, the source
    assert [str(p) for p in check_interface()] == []


def test_check_warns_of_a_language_whose_labels_the_generator_does_not_ship(
    bilingual: Callable[[str], Path],
) -> None:
    root = bilingual("eu")
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 0, result.output
    total = len([e for e in interface_template() if e.msgid])
    assert (
        f"content/handbook.yml:6:17: warning: language 'eu': the generator ships no translation of its own "
        f"labels, so {total} of them show in English"
    ) in result.output
    assert CliRunner().invoke(main, ["check", "--project", str(root), "--strict"]).exit_code == 1
    edit(root / "content/handbook.yml", "languages: [en, eu]", "languages: [en, fr]")
    init_language(root, "fr")  # shipped: nothing to say
    assert "ships no translation" not in CliRunner().invoke(main, ["check", "--project", str(root)]).output


# --- A handbook written in another language than English -----------------------------------------


def written_in(project: Callable[[str], Path], lang: str) -> Path:
    """The minimal project, its content taken as written in ``lang`` and published in it alone."""
    root = project("minimal")
    edit(
        root / "content/handbook.yml",
        "source_language: en\nlanguages: [en]",
        f"source_language: {lang}\nlanguages: [{lang}]",
    )
    return root


def test_a_handbook_written_in_german_shows_the_generator_s_labels_in_german(
    project: Callable[[str], Path],
) -> None:
    german = {e.msgid: e.msgstr for e in read_catalog(interface_catalog_path("de"))}
    root = written_in(project, "de")
    html = rules_page(root, "de")
    assert "Be kind." in html  # the content, as written
    assert f'admonition-title">{german["Do"]}<' in html  # from the generator's German catalog
    assert german["Page owner: %(name)s"].split("%")[0] in html
    assert german["Print version"] in html  # a page the generator adds, in the navigation
    assert "hb-fallback" not in html
    missing = (root / "site/handbook/de/404.html").read_text(encoding="utf-8")
    assert german["Page not found"] in missing


def test_check_warns_when_the_source_language_s_labels_are_not_shipped(
    project: Callable[[str], Path],
) -> None:
    root = written_in(project, "eu")
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert (
        "content/handbook.yml:6:13: warning: language 'eu' is the source language, and the generator "
        "ships no translation of its own labels"
    ) in result.output
    html = rules_page(root, "eu")
    assert 'admonition-title">Do<' in html  # English, the labels' own language, unmarked: nothing to compare
