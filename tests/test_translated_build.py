"""Building every configured language from its catalog, as readers of each language see it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import build_site
from generator.translate.catalog import catalog_path, read_catalog, write_catalog
from generator.translate.shipped import interface_catalog_path
from generator.translate.workflow import init_language, override

from .test_locales import edit, translate

# A block whose title is translated and whose body (with a heading) is not; one whose title is not.
TITLED_BLOCKS = """\
  - type: text
    title: Online safety
    body: |
      Think before you post.

      ### Before posting

      Read it twice.
  - type: do_dont
    title: Everyday conduct
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project in English, French (partly translated, one string fuzzy) and Arabic."""
    from .conftest import copy_project

    root = copy_project("minimal", tmp_path_factory.mktemp("translated"))
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr, ar]")
    edit(root / "content/pages/community.yml", "body: Staff only note.", "body: Staff **only** note.")
    edit(root / "content/pages/rules.yml", "  - type: do_dont\n", TITLED_BLOCKS)
    for lang in ("fr", "ar"):
        init_language(root, lang)
    # The project translates three of the generator's own strings its own way.
    for interface in ("Don't", "Not yet translated", "Translation may be out of date"):
        override(root, "fr", interface)
    translate(root, {
        "Rules": "Règles",
        "Online safety": "Sécurité en ligne",
        "Be kind.": "Soyez aimable.",
        "What everyone must know.": "Ce que chacun doit savoir.",
        "Share secrets.": "Partager des secrets (ancienne version).",
        "Don't": "À éviter",
        "Not yet translated": "Pas encore traduit",
        "Translation may be out of date": "La traduction n'est peut-être pas à jour",
    }, fuzzy=("Share secrets.",))  # fmt: skip
    translate(root, {"Rules": "القواعد", "Be kind.": "كن لطيفا."}, lang="ar")
    build_site(root)
    return root / "site"


def html_of(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_each_language_is_built_from_its_catalog(site: Path) -> None:
    page = html_of(site, "handbook/fr/rules")
    assert '<html lang="fr"' in page
    assert "<h1" in page and "Règles" in page
    assert "Soyez aimable." in page
    assert "À éviter" in page
    assert "<title>Règles - " in page


def test_an_untranslated_string_shows_the_source_marked_and_in_the_source_language(site: Path) -> None:
    page = html_of(site, "handbook/fr/rules")
    span = re.search(r"<span class='hb-fallback hb-untranslated'[^>]*>People team</span>", page)
    assert span, "the untranslated owner's team is not marked"
    assert "lang='en'" in span[0] and "dir='ltr'" in span[0]
    assert "data-label='Pas encore traduit'" in span[0]
    assert "À faire" in page  # "Do": the generator's own French, which the project left alone


def test_a_right_to_left_site_gets_its_interface_labels_from_the_shipped_catalog(site: Path) -> None:
    page = html_of(site, "handbook/ar/rules")
    shipped = {e.msgid: e.msgstr for e in read_catalog(interface_catalog_path("ar"))}
    assert shipped["Do"] and f">{shipped['Do']}<" in page  # the do_dont heading, in Arabic
    assert not re.search(r"<span class='hb-fallback hb-untranslated'[^>]*>Do</span>", page)


def toc_entries(page: str) -> dict[str, str]:
    """The right-hand table of contents ("On this page"): each entry's anchor and HTML."""
    toc = page[page.index('<nav class="md-nav md-nav--secondary"') :]
    toc = toc[: toc.index('<div class="md-content"')]
    link = r'<a href="#([^"]+)" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>\s*</a>'
    return dict(re.findall(link, toc, re.S))


def test_an_untranslated_heading_is_marked_in_the_table_of_contents_too(site: Path) -> None:
    page = html_of(site, "handbook/fr/rules")
    marked = (
        "<span class='hb-fallback hb-untranslated' lang='en' dir='ltr' data-label='Pas encore traduit'>"
        "Everyday conduct</span>"
    )
    assert f'<h2 id="everyday-conduct">{marked}' in page  # the heading, as the page shows it
    in_body = (
        '<span class="hb-fallback hb-untranslated" lang="en" dir="ltr" data-label="Pas encore traduit">'
        "Before posting</span>"
    )  # a heading of an untranslated Markdown body, marked as the body is
    assert toc_entries(page) == {
        "securite-en-ligne": "Sécurité en ligne",
        "before-posting": in_body,
        "everyday-conduct": marked,
    }
    # An untranslated page title is marked as the page's heading; the browser's tab shows it plain.
    untitled = html_of(site, "handbook/fr/community")
    assert "<h1 id=\"community-guidelines\"><span class='hb-fallback hb-untranslated'" in untitled
    assert "<title>Community guidelines - Example Co: Social media policy</title>" in untitled
    assert toc_entries(html_of(site, "handbook/en/rules")) == {
        "online-safety": "Online safety",
        "before-posting": "Before posting",
        "everyday-conduct": "Everyday conduct",
    }


def test_a_fuzzy_string_shows_the_source_not_the_stale_translation(site: Path) -> None:
    page = html_of(site, "handbook/fr/rules")
    assert "ancienne version" not in page
    span = re.search(r"<span class='hb-fallback hb-fuzzy'[^>]*>Share secrets\.</span>", page)
    assert (
        span
        and "data-label='La traduction n\N{RIGHT SINGLE QUOTATION MARK}est peut-être pas à jour'" in span[0]
    )


def test_an_untranslated_markdown_body_keeps_its_formatting(site: Path) -> None:
    page = html_of(site, "handbook/fr/community")
    block = re.search(
        r"<div class='hb-fallback hb-untranslated' [^>]*>\s*<p>Staff <strong>only</strong> note.</p>", page
    )
    assert block and "lang='en'" in block[0]


def test_dates_and_language_names_come_from_cldr(site: Path) -> None:
    assert "15 janvier 2026" in html_of(site, "handbook/fr")
    assert "15 January 2026" not in html_of(site, "handbook/fr")
    assert "January 15, 2026" in html_of(site, "handbook/en")
    index = (site / "handbook" / "index.html").read_text(encoding="utf-8")
    assert 'lang="fr">Français</a>' in index and 'lang="ar">العربية</a>' in index


def test_a_right_to_left_language_is_laid_out_right_to_left(site: Path) -> None:
    page = html_of(site, "handbook/ar/rules")
    assert '<html lang="ar"' in page
    assert '<body dir="rtl"' in page
    assert "كن لطيفا." in page
    # the English fallback inside it is marked left to right
    assert "<span class='hb-fallback hb-untranslated' lang='en' dir='ltr'" in page


def test_a_language_without_a_catalog_is_not_built(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, de]")
    built = build_site(root, tmp_path / "site")
    assert sorted(p.name for p in (tmp_path / "site/handbook").iterdir() if p.is_dir()) == ["en"]
    warning = next(w for w in built.warnings if "'de'" in w.message)  # and the build says so
    assert str(warning).startswith("content/handbook.yml:6:17: warning: language 'de' has no catalog")


def test_a_broken_catalog_fails_the_build_with_its_location(project: Callable[[str], Path]) -> None:
    from generator.errors import HandbookError

    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    init_language(root, "fr")
    path = catalog_path(root, "fr")
    catalog = read_catalog(path)
    write_catalog(path, catalog)
    path.write_text(
        path.read_text(encoding="utf-8").replace('msgid "Rules"', 'msgid "Rules'), encoding="utf-8"
    )
    with pytest.raises(HandbookError) as caught:
        build_site(root)
    assert re.match(
        r"locales/fr/LC_MESSAGES/handbook\.po:\d+: syntax error: unterminated string$",
        str(caught.value.problems[0]),
    )


HAND_EDITS = {
    "a msgstr line deleted": (
        'msgstr "Règles"\n',
        "",
        r"syntax error: (msgid where msgid_plural or msgstr was expected|this entry has no msgstr.*)",
    ),
    "a msgid line deleted": (
        'msgid "Rules"\n',
        "",
        r"syntax error: msgstr where msgctxt or msgid was expected",
    ),
    "a comment between msgid and msgstr": (
        'msgstr "Règles"',
        '# note\nmsgstr "Règles"',
        r"syntax error: this entry has no msgstr before line \d+",
    ),
    "a previous msgid left unterminated": (
        'msgid "Rules"',
        '#| msgid "Rule\nmsgid "Rules"',
        r"syntax error: unterminated string",
    ),
    "plural forms out of order": (
        'msgstr "Règles"',
        'msgstr "Règles"\n\nmsgid "one"\nmsgid_plural "%(num)s"\nmsgstr[1] "un"',
        r"syntax error: msgstr\[1\] where msgstr\[0\] was expected",
    ),
    "a stray string": (
        'msgid "Rules"',
        '"stray"\nmsgid "Rules"',
        r"syntax error: a string where .* was expected",
    ),
}


@pytest.mark.parametrize("case", HAND_EDITS)
def test_a_hand_edit_that_breaks_an_entry_fails_the_build_at_its_line(
    project: Callable[[str], Path], case: str
) -> None:
    """The build and ``handbook locales`` commands read catalogs with one reader; both refuse these."""
    from generator.errors import HandbookError

    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    init_language(root, "fr")
    translate(root, {"Rules": "Règles"})
    old, new, message = HAND_EDITS[case]
    path = catalog_path(root, "fr")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for reader in (
        lambda: build_site(root),
        lambda: read_catalog(path, "locales/fr/LC_MESSAGES/handbook.po"),
    ):
        with pytest.raises(HandbookError) as caught:
            reader()
        assert re.match(
            rf"locales/fr/LC_MESSAGES/handbook\.po:\d+: {message}$", str(caught.value.problems[0])
        )


def test_a_language_the_theme_has_no_strings_for_is_built_and_named(
    project: Callable[[str], Path], tmp_path: Path
) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, ga]")  # Irish: not in Material
    init_language(root, "ga")
    build_site(root, tmp_path / "site")
    page = (tmp_path / "site/handbook/ga/rules/index.html").read_text(encoding="utf-8")
    assert '<html lang="ga"' in page
    assert 'aria-label="Search"' in page or ">Search<" in page or 'placeholder="Search"' in page  # English UI


CONTEXTS = """
{% trans "menu" %}Open{% endtrans %} / {{ _("Open") }} / {{ pgettext("menu", "Open") }}
{{ npgettext("files", "%(num)d file", "%(num)d files", 3) }}
"""


def test_templates_translate_with_a_context_and_fall_back_to_the_source_marked(
    project: Callable[[str], Path],
) -> None:
    from generator.load.project import load_project
    from generator.render.markdown import render_output
    from generator.translate.languages import translations_for
    from generator.translate.workflow import extract

    root = project("minimal")
    (root / "templates/blocks").mkdir(parents=True)
    builtin = Path(__file__).parent.parent / "generator/render/templates/blocks/do_dont.md.j2"
    (root / "templates/blocks/do_dont.md.j2").write_text(builtin.read_text("utf-8") + CONTEXTS, "utf-8")
    extract(root)
    found = {(e.msgctxt, e.msgid, e.msgid_plural): e.occurrences for e in read_catalog(catalog_path(root))}
    here = [("templates/blocks/do_dont.md.j2", "")]
    assert found[(None, "Open", "")] == found[("menu", "Open", "")] == here
    assert found[("files", "%(num)d file", "%(num)d files")] == here

    def rules_page() -> str:
        project = load_project(root)
        translations = translations_for(project, "fr")
        return render_output(project.handbook, "handbook", "fr", translations, root / "templates")["rules.md"]

    init_language(root, "fr")
    untranslated = rules_page()
    # The marker's label is the generator's, in French.
    marked = "<span class='hb-fallback hb-untranslated' lang='en' dir='ltr' data-label='Pas encore traduit'>"
    assert untranslated.count(marked + "Open</span>") == 3
    assert marked + "3 files</span>" in untranslated

    path = catalog_path(root, "fr")
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgid == "Open":
            entry.msgstr = "Ouvrir" if entry.msgctxt == "menu" else "Ouvert"
        elif entry.msgctxt == "files":
            entry.msgstr_plural = {i: "%(num)d fichier" + "s" * (i > 0) for i in entry.msgstr_plural}
    write_catalog(path, catalog)
    translated = rules_page()
    assert "\nOuvrir / Ouvert / Ouvrir\n3 fichiers\n" in translated  # whole lines: nothing marked


def test_a_catalog_edited_after_a_build_is_read_anew_and_a_broken_edit_still_fails(
    project: Callable[[str], Path],
) -> None:
    """Builds keep each catalog's parse by its bytes: an edit is never answered from the old parse."""
    from generator.errors import HandbookError

    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    init_language(root, "fr")
    translate(root, {"Rules": "Règles"})
    build_site(root)
    translate(root, {"Rules": "Les règles"})
    build_site(root)
    assert "Les règles" in html_of(root / "site", "handbook/fr/rules")
    path = catalog_path(root, "fr")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "Les règles"', 'msgstr "Les règles'))
    with pytest.raises(HandbookError) as caught:
        build_site(root)
    assert re.match(r"locales/fr/LC_MESSAGES/handbook\.po:\d+: syntax error", str(caught.value.problems[0]))
    assert len(list((root / "build/catalogs").iterdir())) == 1  # one parse kept per catalog


def test_a_damaged_parse_in_the_cache_is_read_past(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    init_language(root, "fr")
    translate(root, {"Rules": "Règles"})
    build_site(root)
    (kept,) = (root / "build/catalogs").iterdir()
    kept.write_bytes(kept.read_bytes()[:100])  # as a crash or a full disk may leave it
    build_site(root, force=True)
    assert "Règles" in html_of(root / "site", "handbook/fr/rules")
    assert read_catalog(catalog_path(root, "fr"), cache=kept.parent) == read_catalog(catalog_path(root, "fr"))


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    edit(root / "content/handbook.yml", "languages: [en]", "languages: [en, fr]")
    init_language(root, "fr")
    translate(root, {"Rules": "Règles"})
    blocked = root / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    catalog = read_catalog(catalog_path(root, "fr"), cache=blocked)
    assert [e.msgstr for e in catalog if e.msgid == "Rules"] == ["Règles"]
    assert blocked.read_text(encoding="utf-8") == "a file where the cache folder would be"
