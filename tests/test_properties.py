"""Properties that hold for any input, checked on generated examples (hypothesis).

The loader: whatever a page file holds (YAML of any shape, any text, any
bytes), loading either works or reports located problems; it never crashes.

The catalog merge: whatever the content and the translations were, no
translation is lost; the catalog written is read back as it was; merging
twice changes nothing.

The catalog reader: whatever polib writes (polib is the independent oracle
here), our reader reads as polib does, and a hand-edited catalog is either
read as polib reads it or refused with the line that breaks it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import HandbookError
from generator.load.project import load_project
from generator.translate.catalog import Message, Messages, merge, read_catalog, serialise

from .conftest import copy_project

PAGE = "content/pages/rules.yml"

# Text as content and translations hold it: any character but controls other than tab and newline.
TEXT = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], include_characters="\n\t"), min_size=1, max_size=40
)
KEYS = st.sampled_from(["title", "summary", "blocks", "type", "do", "dont", "body", "audience", "id", "x"])
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT | st.dates()
YAML_DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | TEXT, inner, max_size=5),
    max_leaves=20,
)
# A page as HR would get it almost right: the right keys, with values of any shape.
PAGE_DATA = st.fixed_dictionaries(
    {"title": YAML_DATA},
    optional={
        "summary": YAML_DATA,
        "audience": st.sampled_from(["internal", "public", "both", "everyone"]),
        "blocks": st.lists(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["do_dont", "text", "callout", "contacts", "nonsense"])},
                optional={"do": YAML_DATA, "dont": YAML_DATA, "body": YAML_DATA, "style": YAML_DATA},
            ),
            max_size=3,
        ),
    },
)


@pytest.fixture(scope="module")
def project_root() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp())
    yield copy_project("minimal", folder)
    shutil.rmtree(folder)


def load_or_problems(root: Path) -> None:
    """Load; any refusal must be a list of problems located in the project's files."""
    try:
        load_project(root)
    except HandbookError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.location.file.startswith("content/"), problem
            assert problem.message and "Traceback" not in problem.message


PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(PAGE_DATA)
def test_any_page_shape_loads_or_is_reported(project_root: Path, data: dict) -> None:
    (project_root / PAGE).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_or_problems(project_root)


@PROPERTY
@given(YAML_DATA)
def test_any_yaml_document_loads_or_is_reported(project_root: Path, data: object) -> None:
    (project_root / PAGE).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_or_problems(project_root)


@PROPERTY
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_any_text_loads_or_is_reported(project_root: Path, text: str) -> None:
    (project_root / PAGE).write_bytes(text.encode("utf-8", "surrogatepass"))
    load_or_problems(project_root)


@PROPERTY
@given(st.binary(max_size=300))
def test_any_bytes_load_or_are_reported(project_root: Path, data: bytes) -> None:
    (project_root / PAGE).write_bytes(data)
    load_or_problems(project_root)


# --- The catalog merge ------------------------------------------------------------------

KEY = st.tuples(st.sampled_from(["", "", "", "verb", "noun"]), TEXT)
METADATA = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}


def catalog_of(entries: dict[tuple[str, str], str], obsolete: frozenset = frozenset()) -> Messages:
    return Messages(
        metadata=dict(METADATA),
        entries=[
            Message(
                msgctxt=context or None, msgid=msgid, msgstr=msgstr, obsolete=(context, msgid) in obsolete
            )
            for (context, msgid), msgstr in entries.items()
        ],
    )


def translations(catalog: Messages) -> dict[tuple[str, str], tuple[str, bool]]:
    """Every translated entry: its text, and whether it is obsolete."""
    return {(e.msgctxt or "", e.msgid): (e.msgstr, e.obsolete) for e in catalog if e.msgid and e.msgstr}


@st.composite
def merges(draw: st.DrawFn) -> tuple[Messages, Messages]:
    """A template and an older catalog: some strings kept, some edited, some removed, some new."""
    old_keys = draw(st.lists(KEY, unique=True, max_size=12))
    new_keys = draw(st.lists(KEY, unique=True, max_size=12))
    kept = draw(st.lists(st.sampled_from(old_keys), unique=True)) if old_keys else []
    edited = [(context, msgid + draw(st.sampled_from(["!", " now", "s"]))) for context, msgid in old_keys]
    edited = draw(st.lists(st.sampled_from(edited), unique=True)) if edited else []
    template = catalog_of(dict.fromkeys([*kept, *edited, *new_keys], ""))
    translated = {key: draw(TEXT | st.just("")) for key in old_keys}
    obsolete = frozenset(draw(st.lists(st.sampled_from(old_keys), unique=True))) if old_keys else frozenset()
    return template, catalog_of(translated, obsolete)


@PROPERTY
@given(merges())
def test_a_merge_loses_no_translation(pair: tuple[Messages, Messages]) -> None:
    template, catalog = pair
    before = serialise(catalog)
    merged = merge(template, catalog)
    after = translations(merged)
    edited = {(e.previous_msgctxt or "", e.previous_msgid): e.msgstr for e in merged if "fuzzy" in e.flags}
    for key, (text, _) in translations(catalog).items():
        # kept, as an entry or as obsolete, or as the fuzzy translation of the string it became
        assert after.get(key, ("", False))[0] == text or edited.get(key) == text, key
        assert not (key in edited and after.get(key, ("", False))[1]), key  # not an obsolete copy as well
    wanted = {(e.msgctxt or "", e.msgid) for e in template}
    assert {(e.msgctxt or "", e.msgid) for e in merged if not e.obsolete} == wanted
    assert serialise(catalog) == before  # the catalog merged from is left as it was


@PROPERTY
@given(merges())
def test_a_merged_catalog_reads_back_as_written_and_a_second_merge_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, pair: tuple[Messages, Messages]
) -> None:
    template, catalog = pair
    merged = merge(template, catalog)
    path = tmp_path_factory.mktemp("po") / "handbook.po"
    path.write_bytes(serialise(merged))
    back = read_catalog(path)  # also our own syntax check of what we wrote
    assert translations(back) == translations(merged)
    assert [(e.msgctxt, e.msgid, e.obsolete, "fuzzy" in e.flags) for e in back] == [
        (e.msgctxt, e.msgid, e.obsolete, "fuzzy" in e.flags) for e in polib.pofile(str(path))
    ]
    assert serialise(merge(template, back)) == serialise(merged)


# --- The catalog reader -----------------------------------------------------------------
# Every command reads catalogs with our one-pass reader (``read_catalog``); polib, which
# writes them, is the oracle: what polib writes, our reader must read as polib reads it.

FLAGS = st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]), unique=True, max_size=2)
LINE = TEXT.filter(lambda t: "\n" not in t)
REFERENCES = st.lists(
    st.tuples(st.sampled_from(["content/pages/rules.yml", "generator/render/markdown.py"]),
              st.sampled_from(["", "3", "120"])),
    max_size=3,
)  # fmt: skip
# "#|" lines as msgfmt reads them: [msgctxt] msgid [msgid_plural].
PREVIOUS = st.none() | st.tuples(st.none() | TEXT, TEXT, st.none() | TEXT)


@st.composite
def po_entries(draw: st.DrawFn) -> polib.POEntry:
    context, msgid = draw(KEY)
    previous = draw(PREVIOUS)
    entry = polib.POEntry(
        msgctxt=context or None,
        msgid=msgid,
        flags=draw(FLAGS),
        tcomment=draw(st.just("") | LINE),
        comment=draw(st.just("") | TEXT),
        occurrences=draw(REFERENCES),
        obsolete=draw(st.booleans()),
    )
    if previous is not None:
        entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural = previous
    if draw(st.booleans()):
        entry.msgid_plural = draw(TEXT)
        entry.msgstr_plural = {0: draw(TEXT | st.just("")), 1: draw(TEXT | st.just(""))}
    else:
        entry.msgstr = draw(TEXT | st.just(""))
    return entry


def previous(entry: Message | polib.POEntry) -> tuple[str | None, ...]:
    return (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)


def everything(catalog: Messages | polib.POFile) -> tuple[object, ...]:
    """All that a merge writes back; polib drops the "#~|" lines of obsolete entries, so not those."""
    return (
        catalog.header,
        dict(catalog.metadata),
        bool(catalog.metadata_is_fuzzy),
        [
            (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.msgstr_plural, e.flags, e.tcomment, e.comment,
             e.occurrences, e.obsolete, None if e.obsolete else previous(e))
            for e in catalog
        ],
    )  # fmt: skip


@PROPERTY
@given(st.lists(po_entries(), max_size=8), st.sampled_from([78, 30, 0]), st.booleans())
def test_the_reader_reads_any_catalog_polib_writes_as_polib_does(
    tmp_path_factory: pytest.TempPathFactory, items: list[polib.POEntry], width: int, fuzzy: bool
) -> None:
    catalog = polib.POFile(wrapwidth=width)  # 0: no wrapping; 30: many continuation lines
    catalog.header = "Translations of the handbook.\n\nSecond paragraph."
    catalog.metadata = dict(METADATA)
    catalog.metadata_is_fuzzy = fuzzy
    catalog.extend(items)
    path = tmp_path_factory.mktemp("po") / "handbook.po"
    path.write_text(str(catalog), encoding="utf-8")
    try:
        ours = read_catalog(path, "handbook.po")
    except HandbookError as error:  # only what msgfmt refuses too: duplicates
        assert all("duplicate entry" in p.message for p in error.problems), error.problems
        return
    assert everything(ours) == everything(polib.pofile(str(path)))
    # What polib leaves out: the previous msgids of obsolete entries, kept as they were written.
    assert [previous(e) for e in ours if e.obsolete] == [previous(e) for e in catalog if e.obsolete]
    # Each entry's line is its msgid's (the header's msgid comes first).
    lines = path.read_text(encoding="utf-8").split("\n")
    msgids = [n for n, line in enumerate(lines, 1) if line.startswith(("msgid ", "#~ msgid "))]
    assert [e.linenum for e in ours] == msgids[1:]


# Entries as translators find them, then hand edits: a line deleted, or any line inserted.
PO_ENTRIES = [
    ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
     '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"'],
    ["# a translator's note", "#, fuzzy", '#| msgid "Be nice"', 'msgid "Be kind"',
     'msgstr "Soyez aimable"'],
    ['msgctxt "verb"', 'msgid "Open"', 'msgstr "Ouvrir"'],
    ["#. page rules: title", "#: content/pages/rules.yml:3", 'msgid "one day"',
     'msgid_plural "%(num)s days"', 'msgstr[0] "un jour"', 'msgstr[1] "%(num)s jours"'],
    ['msgid ""', '"Long "', '"text"', 'msgstr "Long "', '"texte \\"cité\\""'],
    ["# obsolete", '#~| msgid "Older"', '#~ msgid "Old"', '#~ msgstr "Vieux"'],
]  # fmt: skip
PO_LINES = st.sampled_from(
    [
        'msgid "Be kind"',
        'msgid ""',
        'msgstr "Soyez aimable"',
        'msgstr ""',
        '"more \\"text\\"\\n"',
        'msgctxt "verb"',
        'msgid_plural "%(num)s days"',
        'msgstr[0] "un jour"',
        'msgstr[1] "%(num)s jours"',
        "#, fuzzy",
        "# a translator's note",
        '#| msgid "Be nice"',
        '#| msgctxt "noun"',
        '#| "more"',
        '#~ msgid "Old"',
        '#~ msgstr "Vieux"',
        '#~| msgid "Older"',
        "",
    ]
)


@st.composite
def hand_edited(draw: st.DrawFn) -> list[str]:
    chosen = draw(st.lists(st.sampled_from(range(len(PO_ENTRIES))), unique=True))
    lines = [line for index in chosen for line in [*PO_ENTRIES[index], ""]]
    for _ in range(draw(st.integers(0, 2))):
        position = draw(st.integers(0, len(lines)))
        if lines and draw(st.booleans()):
            del lines[min(position, len(lines) - 1)]
        else:
            lines.insert(position, draw(PO_LINES))
    return lines


def as_read(catalog: Messages | polib.POFile) -> tuple[object, ...]:
    """What a build uses of a catalog (comments before the first entry are polib's header)."""
    entries = [
        (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.msgstr_plural, "fuzzy" in e.flags)
        for e in catalog
        if not e.obsolete
    ]
    return dict(catalog.metadata), entries


@PROPERTY
@given(hand_edited())
def test_a_hand_edited_catalog_is_read_as_polib_reads_it_or_refused_at_a_line(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    path = tmp_path_factory.mktemp("po") / "handbook.po"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        ours = read_catalog(path, "handbook.po")
    except HandbookError as error:
        for problem in error.problems:
            assert problem.location.file == "handbook.po"
            assert 1 <= (problem.location.line or 0) <= len(lines), problem
        return
    assert as_read(ours) == as_read(polib.pofile(str(path)))
    for entry in ours:  # each entry's line is its msgid's
        line = lines[entry.linenum - 1].removeprefix("#~").strip()
        assert line.startswith('msgid "') and entry.msgid.startswith(line[7:-1].replace('\\"', '"'))


# What GNU msgfmt says of a catalog whose entries break its grammar.
MSGFMT_SYNTAX = re.compile(
    r"syntax error|end-of-line within string|inconsistent use of #~|keyword \S+ unknown|missing '\S+' section"
    r"|first plural form has nonzero index|plural form has wrong index"
)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@PROPERTY
@given(hand_edited())
def test_the_reader_finds_a_syntax_error_when_msgfmt_does_and_only_then(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    path = tmp_path_factory.mktemp("po") / "handbook.po"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        read_catalog(path, "handbook.po")
        ours = False
    except HandbookError as error:
        ours = any(problem.message.startswith("syntax error") for problem in error.problems)
    gnu = subprocess.run(["msgfmt", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert ours == bool(MSGFMT_SYNTAX.search(gnu.stderr)), gnu.stderr
