"""The translator workflow: what extraction gives translators, and that no update ever loses their work."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from generator.errors import HandbookError
from generator.pipeline import build_site
from generator.translate.catalog import Message, catalog_path, read_catalog, write_catalog
from generator.translate.checks import check_entry
from generator.translate.workflow import check_locales, extract, init_language, locale_status, update


def handbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def entry(root: Path, msgid: str, lang: str = "fr", obsolete: bool = False) -> Message:
    catalog = read_catalog(catalog_path(root, lang))
    found = [e for e in catalog if e.msgid == msgid and e.obsolete == obsolete]
    assert found, f"{msgid!r} not in the {lang} catalog"
    return found[0]


def translate(
    root: Path, translations: dict[str, str], lang: str = "fr", fuzzy: tuple[str, ...] = ()
) -> None:
    path = catalog_path(root, lang)
    catalog = read_catalog(path)
    for e in catalog:
        if e.msgid in translations:
            e.msgstr = translations[e.msgid]
            e.flags = [*e.flags, "fuzzy"] if e.msgid in fuzzy else [f for f in e.flags if f != "fuzzy"]
    write_catalog(path, catalog)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


OWN_DO_DONT = """{% include "blocks/_header.md.j2" %}
{% from "_macros.md.j2" import bullets %}
!!! success "{{ _("Always") }}"

{{ bullets(block.do) | indent_md }}

{{ ngettext("%(num)s thing never to do:", "%(num)s things never to do:", block.dont | length) }}

{{ bullets(block.dont) }}
"""


def own_template(root: Path) -> None:
    """The project's own do/don't template, with a string and a plural string of its own."""
    (root / "templates/blocks").mkdir(parents=True, exist_ok=True)
    (root / "templates/blocks/do_dont.md.j2").write_text(OWN_DO_DONT, encoding="utf-8")


@pytest.fixture
def french(project: Callable[[str], Path]) -> Path:
    """The minimal project with a French catalog in which two strings are translated."""
    root = project("minimal")
    init_language(root, "fr")
    translate(root, {"Be kind.": "Soyez aimable.", "Share secrets.": "Partager des secrets."})
    return root


# --- Extraction ---------------------------------------------------------------------------


def test_extraction_collects_content_and_template_strings_with_their_place(
    project: Callable[[str], Path],
) -> None:
    root = project("minimal")
    edit(root / "content/pages/rules.yml", "title: Rules", "title: {text: Rules, note: A page title}")
    extract(root)
    pot = polib.pofile(str(catalog_path(root)))
    rules = next(e for e in pot if e.msgid == "Rules")
    assert rules.occurrences == [("content/pages/rules.yml", "")]  # the file, no line number
    assert rules.comment.splitlines() == ["Note: A page title", "page rules: title"]
    kind = next(e for e in pot if e.msgid == "Be kind.")
    assert kind.comment == "page rules: do_dont block > do"
    assert "Don't" not in {e.msgid for e in pot}  # the built-in template's: the generator translates it
    own_template(root)
    extract(root)
    pot = polib.pofile(str(catalog_path(root)))
    always = next(e for e in pot if e.msgid == "Always")  # the project's own template's
    assert always.occurrences == [("templates/blocks/do_dont.md.j2", "")]
    assert "Don't" not in {e.msgid for e in pot}


def test_labels_column_headers_and_cells_reach_translators_and_the_page(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    edit(
        root / "content/pages/rules.yml",
        "    dont: [Share secrets.]\n",
        "    dont: [Share secrets.]\n"
        "    labels: {do: Always}\n"
        "  - type: consequences\n"
        "    columns: [{key: impact, header: Community impact}]\n"
        "    levels: [{level: Correction, cells: {impact: Rude words.}}]\n",
    )
    init_language(root, "fr")
    assert entry(root, "Always").comment == "page rules: do_dont block > labels > do"
    assert entry(root, "Rude words.").comment == "page rules: consequences block > levels > cells > impact"
    translate(
        root,
        {"Always": "Toujours", "Community impact": "Effet sur la communauté", "Rude words.": "Grossièretés."},
    )
    build_site(root, tmp_path / "site")
    french = (tmp_path / "site/handbook/fr/rules/index.html").read_text(encoding="utf-8")
    for shown in (
        'admonition-title">Toujours<',
        "<th>Effet sur la communauté</th>",
        "<td>Grossièretés.</td>",
    ):
        assert shown in french


def test_a_string_marked_ambiguous_gets_a_context(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    edit(root / "content/pages/rules.yml", "title: Rules", "title: {text: Rules, context: page title}")
    extract(root)
    pot = polib.pofile(str(catalog_path(root)))
    assert [(e.msgctxt, e.msgid) for e in pot if e.msgid == "Rules"] == [("page title", "Rules")]
    assert all(e.msgctxt is None for e in pot if e.msgid != "Rules")


def test_contact_data_is_never_extracted(project: Callable[[str], Path]) -> None:
    root = project("all-blocks")
    extract(root)
    text = catalog_path(root).read_text(encoding="utf-8")
    for data in ("Robin Ashby", "owner@example.org", "+44 20 7946 0001", "@duty", "https://help.example.org/",
                 "@fixture", "social.example", "LinkedIn", "Europe/London"):  # fmt: skip
        assert data not in text  # a person's name is data too
    assert 'msgid "Owns the policy"' in text  # a contact's role is text, and is extracted
    assert 'msgid "Duty Officer"' in text  # and so is a team's name


def test_extracting_twice_does_not_rewrite_the_template(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    assert extract(root).changed
    before = catalog_path(root).stat().st_mtime_ns
    assert not extract(root).changed
    assert catalog_path(root).stat().st_mtime_ns == before


# --- Update -----------------------------------------------------------------------------------


def test_an_edited_source_string_keeps_its_translation_as_fuzzy_with_the_old_msgid(french: Path) -> None:
    edit(french / "content/pages/rules.yml", "Be kind.", "Be kind to everyone.")
    update(french)
    changed = entry(french, "Be kind to everyone.")
    assert changed.msgstr == "Soyez aimable."
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "Be kind."
    text = catalog_path(french, "fr").read_text(encoding="utf-8")
    assert '#| msgid "Be kind."' in text
    assert text.count('"Be kind."') == 1  # one entry: no obsolete copy of the old string
    assert text.count('"Soyez aimable."') == 1
    assert entry(french, "Share secrets.").flags == []  # untouched strings stay as they were


def test_an_edited_string_leaves_the_entries_gnu_msgmerge_leaves(french: Path, tmp_path: Path) -> None:
    rules = french / "content/pages/rules.yml"
    edit(rules, "do: [Be kind.]\n    dont: [Share secrets.]", "do: [Be kind to all.]\n    dont: [Lie.]")
    before = tmp_path / "before.po"
    before.write_bytes(catalog_path(french, "fr").read_bytes())
    update(french)
    theirs = tmp_path / "msgmerge.po"
    pot = catalog_path(french)
    subprocess.run(["msgmerge", "--previous", "-q", "-o", theirs, before, pot], check=True)

    def entries(path: Path) -> set[tuple[object, ...]]:
        return {
            (e.msgctxt, e.msgid, e.msgstr, e.obsolete, "fuzzy" in e.flags, e.previous_msgid)
            for e in read_catalog(path)
        }

    ours = entries(catalog_path(french, "fr"))
    assert ours == entries(theirs)
    assert (None, "Be kind to all.", "Soyez aimable.", False, True, "Be kind.") in ours
    assert (None, "Share secrets.", "Partager des secrets.", True, False, None) in ours  # removed


def test_a_string_edited_back_comes_back_translated(french: Path) -> None:
    rules = french / "content/pages/rules.yml"
    edit(rules, "Be kind.", "Be kind to all.")
    update(french)
    edit(rules, "Be kind to all.", "Be kind.")
    update(french)
    back = entry(french, "Be kind.")
    assert (back.msgstr, back.flags, back.previous_msgid) == ("Soyez aimable.", [], None)
    assert '"Be kind to all."' not in catalog_path(french, "fr").read_text(encoding="utf-8")


def test_a_string_edited_then_removed_comes_back_translated(french: Path) -> None:
    rules = french / "content/pages/rules.yml"
    edit(rules, "Be kind.", "Be kind to all.")
    update(french)
    edit(rules, "do: [Be kind to all.]", "do: [Listen first.]")
    update(french)
    assert entry(french, "Be kind to all.", obsolete=True).previous_msgid == "Be kind."
    edit(rules, "do: [Listen first.]", "do: [Be kind.]")
    update(french)
    back = entry(french, "Be kind.")
    assert (back.msgstr, back.flags, back.previous_msgid) == ("Soyez aimable.", [], None)


def test_the_previous_msgid_survives_later_updates(french: Path) -> None:
    edit(french / "content/pages/rules.yml", "Be kind.", "Be kind to everyone.")
    update(french)
    edit(french / "content/pages/rules.yml", "Share secrets.", "Share passwords.")
    update(french)
    update(french)
    assert entry(french, "Be kind to everyone.").previous_msgid == "Be kind."
    edit(french / "content/pages/rules.yml", "Be kind to everyone.", "Be kind to everyone at all times.")
    update(french)
    assert (
        entry(french, "Be kind to everyone at all times.").previous_msgid == "Be kind."
    )  # what it was made for


def test_a_removed_string_becomes_obsolete_and_returns_translated(french: Path) -> None:
    rules = french / "content/pages/rules.yml"
    edit(rules, "    dont: [Share secrets.]\n", "    dont: [Shout.]\n")
    update(french)
    assert entry(french, "Share secrets.", obsolete=True).msgstr == "Partager des secrets."
    edit(rules, "    dont: [Shout.]\n", "    dont: [Shout., Share secrets.]\n")
    update(french)
    back = entry(french, "Share secrets.")
    assert (back.msgstr, back.flags) == ("Partager des secrets.", [])


def test_an_obsolete_fuzzy_entry_keeps_its_previous_msgid_and_comment_until_it_returns(french: Path) -> None:
    rules = french / "content/pages/rules.yml"
    edit(rules, "Be kind.", "Be kind to everyone.")
    update(french)
    path = catalog_path(french, "fr")
    edit(path, '#, fuzzy\n#| msgid "Be kind."', '# Check the tone.\n#, fuzzy\n#| msgid "Be kind."')
    edit(rules, "do: [Be kind to everyone.]", "do: [Be calm.]")
    update(french)
    text = path.read_text(encoding="utf-8")
    assert '# Check the tone.\n#, fuzzy\n#~| msgid "Be kind."\n#~ msgid "Be kind to everyone."' in text
    edit(rules, "do: [Be calm.]", "do: [Be kind to everyone.]")
    update(french)
    back = entry(french, "Be kind to everyone.")
    assert (back.msgstr, back.flags, back.previous_msgid) == ("Soyez aimable.", ["fuzzy"], "Be kind.")
    assert back.tcomment == "Check the tone."


def test_reordering_content_changes_nothing(french: Path) -> None:
    update(french)
    path = catalog_path(french, "fr")
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    edit(french / "content/handbook.yml", "pages: [rules, community]", "pages: [community, rules]")
    edit(french / "content/pages/rules.yml", "do: [Be kind.]\n    dont: [Share secrets.]",
         "dont: [Share secrets.]\n    do: [Be kind.]")  # fmt: skip
    assert [w.changed for w in update(french)] == [False, False]
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime


def test_a_translator_edit_is_kept_and_normalised_once(french: Path) -> None:
    path = catalog_path(french, "fr")
    path.write_text(
        path.read_text(encoding="utf-8").replace('msgstr "Soyez aimable."', 'msgstr "Soyez "\n"gentil."')
    )
    update(french)
    assert entry(french, "Be kind.").msgstr == "Soyez gentil."
    assert [w.changed for w in update(french)] == [False, False]


def test_a_broken_catalog_stops_the_update_before_anything_is_written(french: Path) -> None:
    init_language(french, "pl")
    broken = catalog_path(french, "pl")
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "x\nmsgstr ""\n', encoding="utf-8")
    edit(french / "content/pages/rules.yml", "Be kind.", "Be kinder.")
    before = catalog_path(french, "fr").read_bytes()
    with pytest.raises(HandbookError) as caught:
        update(french)
    assert str(caught.value.problems[0]).startswith("locales/pl/LC_MESSAGES/handbook.po:")
    assert "unterminated string" in str(caught.value.problems[0])
    assert catalog_path(french, "fr").read_bytes() == before


POLISH = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


@pytest.mark.parametrize(("lang", "rule"), [("fr", "nplurals=2; plural=(n > 1);"), ("pl", POLISH)])
def test_init_writes_the_plural_rule_translators_tools_use(
    project: Callable[[str], Path], lang: str, rule: str
) -> None:
    root = project("minimal")
    result = handbook("locales", "init", lang, cwd=root)
    assert result.returncode == 0, result.stderr
    assert f'"Plural-Forms: {rule}\\n"' in catalog_path(root, lang).read_text(encoding="utf-8")


def test_babel_gives_the_plural_rule_only_of_a_language_the_table_lacks(
    project: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel.messages.catalog import Catalog

    cldr = "nplurals=3; plural=(n == 0 ? 0 : n == 1 ? 1 : 2);"  # what another Babel might say
    monkeypatch.setattr(Catalog, "plural_forms", property(lambda catalog: cldr))
    root = project("minimal")
    for lang in ("fr", "pl", "yav"):  # Yangben: in CLDR, not in the table
        init_language(root, lang)
    rules = {
        lang: read_catalog(catalog_path(root, lang)).metadata["Plural-Forms"] for lang in ("fr", "pl", "yav")
    }
    assert rules == {"fr": "nplurals=2; plural=(n > 1);", "pl": POLISH, "yav": cldr}


def test_init_refuses_unknown_and_existing_languages(french: Path) -> None:
    with pytest.raises(HandbookError, match="unknown language code 'xx-notreal'"):
        init_language(french, "xx-notreal")
    with pytest.raises(HandbookError, match="already exists"):
        init_language(french, "fr")


# --- Check ------------------------------------------------------------------------------------


BAD = {
    "Be kind.": ("Soyez %(name)s aimable.", "error", "placeholders differ"),
    "Share secrets.": ("Partager <script>alert(1)</script> des secrets.", "error", "unsafe HTML"),
    "Write to us.": ("Écrivez-nous [ici](javascript:alert(1)).", "error", "Markdown links differ"),
    "We answer within a day.": ("Nous répondons **vite**.", "error", "inline Markdown markup"),
    "Staff only note.": ("Note interne, voir <https://other.example/>.", "error", "Markdown links differ"),
    "Rules": ("Règles.", "warning", "ends with '.', the source with 'none'"),
    "Community guidelines": ("Règles <img src=x onerror=alert(1)>", "error", "unsafe HTML"),
}


def test_each_check_fires_on_its_problem(french: Path) -> None:
    translate(french, {msgid: bad for msgid, (bad, _, _) in BAD.items()})
    problems = check_locales(french)
    by_source = {}
    for problem in problems:
        line = problem.location.line
        msgid = next(e.msgid for e in read_catalog(catalog_path(french, "fr")) if e.linenum == line)
        by_source.setdefault(msgid, []).append((problem.severity, problem.message))
    for msgid, (_, severity, words) in BAD.items():
        assert any(s == severity and words in m for s, m in by_source.get(msgid, [])), msgid
    assert str(problems[0]).startswith("locales/fr/LC_MESSAGES/handbook.po:")


def test_check_exits_1_on_errors_and_0_on_warnings(french: Path) -> None:
    translate(french, {"Rules": "Règles."})
    result = handbook("locales", "check", cwd=french)
    assert result.returncode == 0
    assert "warning: ends with '.'" in result.stderr
    translate(french, {"Be kind.": "Soyez %(x)s."})
    result = handbook("locales", "check", cwd=french)
    assert result.returncode == 1
    assert "placeholders differ: source has none, translation has %(x)s" in result.stderr
    assert "Traceback" not in result.stderr


def test_chinese_full_stops_match_latin_ones(french: Path) -> None:
    init_language(french, "zh")
    translate(french, {"Be kind.": "友善待人。", "Rules": "规则"}, lang="zh")
    assert [p for p in check_locales(french) if "zh" in p.location.file] == []


def test_a_wrong_number_of_plural_forms_is_an_error(french: Path) -> None:
    own_template(french)
    update(french)
    path = catalog_path(french, "fr")
    catalog = read_catalog(path)
    nplurals = int(catalog.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])  # its own rule
    plural = next(e for e in catalog if e.msgid_plural)
    plural.msgstr_plural = {n: "%(num)s mois." for n in range(nplurals + 1)}  # one form too many
    write_catalog(path, catalog)
    line = path.read_text(encoding="utf-8").splitlines().index(f'msgid "{plural.msgid}"') + 1
    wrong = f"{nplurals + 1} plural forms, but the language has {nplurals}"
    assert [p.location.line for p in check_locales(french) if wrong in p.message] == [line]


# --- Status -----------------------------------------------------------------------------------


def test_status_counts_fuzzy_apart_from_translated(french: Path) -> None:
    translate(french, {"Rules": "Règles"}, fuzzy=("Rules",))
    [fr] = locale_status(french)
    assert (fr.translated, fr.fuzzy) == (2, 1)
    assert fr.untranslated == fr.total - 3
    assert fr.percent == pytest.approx(200 / fr.total)


def test_status_min_and_json(french: Path) -> None:
    result = handbook("locales", "status", "--json", cwd=french)
    assert result.returncode == 0
    [row] = json.loads(result.stdout)
    assert row["lang"] == "fr" and row["translated"] == 2 and row["fuzzy"] == 0
    failing = handbook("locales", "status", "--min", "90", cwd=french)
    assert failing.returncode == 1
    assert "Below 90%: fr" in failing.stderr
    assert handbook("locales", "status", "--min", "1", cwd=french).returncode == 0


def test_babel_finds_the_yaml_extractor_by_its_registered_name(project: Callable[[str], Path]) -> None:
    from babel.messages.extract import extract_from_file

    root = project("minimal")
    found = extract_from_file("handbook_yaml", root / "content/pages/rules.yml")
    assert [(message, comments) for _, message, comments, _ in found] == [
        ("Rules", ["page rules: title"]),
        ("What everyone must know.", ["page rules: summary"]),
        ("Be kind.", ["page rules: do_dont block > do"]),
        ("Share secrets.", ["page rules: do_dont block > dont"]),
    ]


@pytest.mark.parametrize(
    "translation",
    ["यह नियम पढ़ें।", "এই নিয়মটি পড়ুন।", "ဤစည်းမျဉ်းကို ဖတ်ပါ။", "อ่านกฎข้อนี้", "ອ່ານກົດນີ້"],
    ids=["hindi danda", "bengali danda", "burmese", "thai without a stop", "lao without a stop"],
)
def test_a_script_s_own_sentence_end_is_the_source_s_full_stop(translation: str) -> None:
    assert list(check_entry(Message(msgid="Read this rule.", msgstr=translation), 2)) == []


def test_a_latin_translation_without_the_full_stop_is_still_a_warning() -> None:
    warnings = list(check_entry(Message(msgid="Read this rule.", msgstr="Lesen Sie diese Regel"), 2))
    assert warnings == [("warning", "ends with 'no punctuation', the source with '.'")]
