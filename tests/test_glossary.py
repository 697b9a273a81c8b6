"""Glossaries: each language's agreed translation of a term, checked in its catalog and shown to translators.

The fixture ``glossary`` has French, Polish and Chinese catalogs and glossaries: French and
Chinese leave out the agreed word for "backup", Polish has two bad glossary rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import HandbookError
from generator.translate.catalog import catalog_path, read_catalog, write_catalog
from generator.translate.shipped import interface_catalog_path
from generator.translate.workflow import check_locales, extract, init_language, update

from .conftest import REPO

BAD_ROWS = "source,target\npolicy,polityk*|polityc*\n"


def line_of(root: Path, lang: str, msgid: str) -> int:
    return next(e.linenum for e in read_catalog(catalog_path(root, lang)) if e.msgid == msgid)


def comment_of(root: Path, lang: str | None, msgid: str) -> str:
    return next(e.comment for e in read_catalog(catalog_path(root, lang)) if e.msgid == msgid)


def warnings(root: Path) -> list[str]:
    return [str(p) for p in check_locales(root) if p.severity == "warning"]


def test_a_translation_without_the_agreed_term_is_a_warning_at_its_entry(
    project: Callable[[str], Path],
) -> None:
    root = project("glossary")
    french = line_of(root, "fr", "Name a backup for every task.")
    chinese = line_of(root, "zh", "Name a backup for every task.")
    assert warnings(root) == [
        f"locales/fr/LC_MESSAGES/handbook.po:{french}: warning: the source says 'backup' but the translation "
        "lacks 'suppléant*', its agreed translation (locales/fr/glossary.csv:4); use it, or add the "
        "translator comment 'glossary-ignore: backup' where the word means something else",
        f"locales/zh/LC_MESSAGES/handbook.po:{chinese}: warning: the source says 'backup' but the "
        "translation lacks '备岗人', its agreed translation (locales/zh/glossary.csv:3); use it, or add the "
        "translator comment 'glossary-ignore: backup' where the word means something else",
    ]


def terms_reported(root: Path, lang: str, msgid: str) -> list[str]:
    """The glossary terms the warnings at one entry of one catalog name."""
    where = (f"locales/{lang}/LC_MESSAGES/handbook.po", line_of(root, lang, msgid))
    found = [p.message for p in check_locales(root) if (p.location.file, p.location.line) == where]
    return [message.split("'")[1] for message in found if message.startswith("the source says")]


def test_inflected_forms_on_either_side_satisfy_the_glossary(project: Callable[[str], Path]) -> None:
    """The source's "policies" and "reviewed" are terms; "relue" is "relu*", "polityki" "polityk*"."""
    root = project("glossary")
    for lang in ("fr", "pl", "zh"):
        assert terms_reported(root, lang, "How this policy is reviewed.") == [], lang
        assert terms_reported(root, lang, "Follow the policies of the moderation team.") == [], lang


def test_a_translation_that_drops_the_terms_is_reported_for_each(project: Callable[[str], Path]) -> None:
    root = project("glossary")
    msgid = "Follow the policies of the moderation team."
    for lang, translation in {
        "fr": "Suivez les règles.",
        "pl": "Przestrzegaj zasad.",
        "zh": "遵守规则。",
    }.items():
        path = catalog_path(root, lang)
        catalog = read_catalog(path)
        next(e for e in catalog if e.msgid == msgid).msgstr = translation
        write_catalog(path, catalog)
    assert terms_reported(root, "fr", msgid) == ["policy"]  # the French glossary has no "moderation"
    assert terms_reported(root, "pl", msgid) == ["policy"]
    # Chinese terms are looked for inside the sentence, which has no spaces between words.
    assert terms_reported(root, "zh", msgid) == ["policy", "moderation"]


def test_a_translator_comment_sets_a_term_aside_where_it_means_something_else(
    project: Callable[[str], Path],
) -> None:
    root = project("glossary")
    assert not any(str(line_of(root, "fr", "Answer reviews on app stores.")) in w for w in warnings(root))
    path = catalog_path(root, "fr")
    catalog = read_catalog(path)
    next(e for e in catalog if e.msgid == "Answer reviews on app stores.").tcomment = ""
    write_catalog(path, catalog)
    line = line_of(root, "fr", "Answer reviews on app stores.")
    assert any(
        w.startswith(f"locales/fr/LC_MESSAGES/handbook.po:{line}: warning: the source says 'review'")
        for w in warnings(root)
    )


def test_fuzzy_and_untranslated_entries_are_not_checked(project: Callable[[str], Path]) -> None:
    root = project("glossary")
    # French: "Share customer data." is fuzzy and lacks "données clients"; "Backup" is not translated.
    assert not any("customer data" in w for w in warnings(root))


def test_bad_glossary_rows_are_errors_at_their_line(project: Callable[[str], Path]) -> None:
    root = project("glossary")
    errors = [str(p) for p in check_locales(root) if p.severity == "error"]
    assert errors == [
        "locales/pl/glossary.csv:3: the source term is empty; write the English term, or delete the row",
        "locales/pl/glossary.csv:4: has 3 columns, the header 2 (source,target); put a value with a comma in "
        "double quotes",
    ]
    result = CliRunner().invoke(main, ["locales", "update", "--project", str(root)])
    assert result.exit_code == 1
    assert "locales/pl/glossary.csv:3: the source term is empty" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["locales", "check", "--project", str(root)])
    assert result.exit_code == 1
    assert "locales/pl/glossary.csv:4: has 3 columns" in result.output
    assert "warning: the source says 'backup'" in result.output  # the catalogs are checked all the same


@pytest.mark.parametrize(
    ("csv_text", "problem"),
    [
        (
            "policy,polityka\n",
            "1: the first row must name the columns 'source,target' (found 'policy,polityka'); "
            "add that header row",
        ),
        (
            "source,target,notes\n",
            "1: unknown column 'notes'; the columns are source, target and, if wanted, context, "
            "translator_comments, developer_comments, location, id, fuzzy",
        ),
        ("source,target\npolicy,\n", "2: no target for 'policy'; write its agreed translation"),
        (
            "source,target\npolicy,polityka\nPolicy,polityki\n",
            "3: 'Policy' is already on line 2; keep one row, its forms separated by |",
        ),
        (
            'source,target\n"policy, review",polityka\n',
            "2: 'policy, review' holds a comma; give each term a row of its own",
        ),
    ],
)
def test_each_bad_glossary_stops_the_update_at_its_line(
    project: Callable[[str], Path], csv_text: str, problem: str
) -> None:
    root = project("glossary")
    (root / "locales/pl/glossary.csv").write_text(csv_text, encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        update(root)
    assert [str(p) for p in raised.value.problems] == [f"locales/pl/glossary.csv:{problem}"]


def test_the_template_names_the_glossary_terms_and_each_catalog_its_agreed_translation(
    project: Callable[[str], Path],
) -> None:
    root = project("glossary")
    (root / "locales/pl/glossary.csv").write_text(BAD_ROWS, encoding="utf-8")
    update(root)
    assert (
        comment_of(root, None, "How this policy is reviewed.").splitlines()[-1]
        == "Glossary terms: policy, review"
    )
    assert comment_of(root, "fr", "How this policy is reviewed.").splitlines()[-1] == (
        "Glossary: policy → charte*; review → relecture* | relu* | relire"
    )
    # Neither Polish nor Chinese has agreed a word for "review": each catalog names its own terms only.
    assert (
        comment_of(root, "pl", "How this policy is reviewed.").splitlines()[-1]
        == "Glossary: policy → polityk* | polityc*"
    )
    assert (
        comment_of(root, "zh", "Name a backup for every task.").splitlines()[-1]
        == "Glossary: backup → 备岗人"
    )
    # The place the string is used stays, and the translator's own comment too.
    assert (
        comment_of(root, "fr", "Name a backup for every task.").splitlines()[0]
        == "page rules: do_dont block > do"
    )
    ignored = next(
        e for e in read_catalog(catalog_path(root, "fr")) if e.msgid == "Answer reviews on app stores."
    )
    assert ignored.tcomment == "glossary-ignore: review"


def test_update_with_glossaries_is_idempotent(project: Callable[[str], Path]) -> None:
    root = project("glossary")
    (root / "locales/pl/glossary.csv").write_text(BAD_ROWS, encoding="utf-8")
    update(root)
    files = sorted((root / "locales").rglob("*.po*"))
    before = {path: path.read_bytes() for path in files}
    assert [w.changed for w in update(root)] == [False, False, False, False]
    assert not extract(root).changed
    assert {path: path.read_bytes() for path in files} == before


def test_the_sample_catalogs_follow_their_glossaries() -> None:
    for lang in ("fr", "pl", "ru", "zh"):
        assert (REPO / "locales" / lang / "glossary.csv").is_file(), lang
    assert [str(p) for p in check_locales(REPO)] == []


def test_french_spacing_before_marks_and_inside_quotes_is_a_warning(project: Callable[[str], Path]) -> None:
    root = project("glossary")
    found = {}
    for translation in (
        "Règles : base",
        "Règles? Voir",
        "« Règles »",
        "Règles\u00a0: base",
        "«\u00a0Règles\u00a0»",
    ):
        for lang in ("fr", "pl"):
            path = catalog_path(root, lang)
            catalog = read_catalog(path)
            next(e for e in catalog if e.msgid == "Rules").msgstr = translation
            write_catalog(path, catalog)
        found[translation] = [
            (p.location.file.split("/")[1], p.message)
            for p in check_locales(root)
            if p.location.line == line_of(root, p.location.file.split("/")[1], "Rules")
            and p.location.file.endswith(".po")
        ]
    wants = "French typography wants a no-break space there"
    assert found == {
        "Règles : base": [("fr", f"an ordinary space at ':'; {wants}")],
        "Règles? Voir": [("fr", f"no space at '?'; {wants}")],
        "« Règles »": [("fr", f"an ordinary space at '«'; {wants}")],
        "Règles\u00a0: base": [],
        "«\u00a0Règles\u00a0»": [],
    }


def test_a_new_language_gets_the_comments_of_a_glossary_written_before_its_catalog(
    project: Callable[[str], Path],
) -> None:
    root = project("glossary")
    (root / "locales/pl/glossary.csv").write_text(BAD_ROWS, encoding="utf-8")
    (root / "locales/ru").mkdir()
    (root / "locales/ru/glossary.csv").write_text("source,target\nbackup,замест*\n", encoding="utf-8")
    init_language(root, "ru")
    assert (
        comment_of(root, "ru", "Name a backup for every task.").splitlines()[-1]
        == "Glossary: backup → замест*"
    )
    assert comment_of(root, "ru", "How this policy is reviewed.") == "page rules: summary"


def test_a_shipped_label_that_leaves_out_a_glossary_term_is_a_warning_until_overridden(
    project: Callable[[str], Path],
) -> None:
    root = project("glossary")
    glossary = root / "locales/fr/glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "contact,interlocuteur*,\n", encoding="utf-8")
    shipped = read_catalog(interface_catalog_path("fr"))
    label = next(e for e in shipped if e.msgid == "Crisis contacts")
    assert "interlocuteur" not in label.msgstr.lower()  # the generator's French says "contacts"
    found = [w for w in warnings(root) if w.startswith("generator/translate/locales/fr.po")]
    assert (
        f"generator/translate/locales/fr.po:{label.linenum}: warning: the generator's label: the source says "
        "'contact' but the translation lacks 'interlocuteur*', its agreed translation "
        "(locales/fr/glossary.csv:6); run 'handbook locales override fr 'Crisis contacts'' to translate it "
        "with your term"
    ) in found
    result = CliRunner().invoke(
        main, ["locales", "override", "fr", "Crisis contacts", "--project", str(root)]
    )
    assert result.exit_code == 0, result.output
    catalog = read_catalog(catalog_path(root, "fr"))
    next(e for e in catalog if e.msgid == "Crisis contacts").msgstr = "Interlocuteurs en cas de crise"
    write_catalog(catalog_path(root, "fr"), catalog)
    own = f"locales/fr/LC_MESSAGES/handbook.po:{line_of(root, 'fr', 'Crisis contacts')}:"
    left = warnings(root)
    assert not [w for w in left if w.startswith((own, f"generator/translate/locales/fr.po:{label.linenum}:"))]
