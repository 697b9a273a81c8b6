"""Properties that hold for any input, checked on generated examples (hypothesis).

The loader: whatever a page file holds (YAML of any shape, any text, any
bytes), loading either works or reports located problems; it never crashes.

The catalog merge: whatever the content and the translations were, no
translation is lost; the catalog written is read back as it was; merging
twice changes nothing.
"""

from __future__ import annotations

import shutil
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
from generator.translate.catalog import merge, read_catalog, read_messages, serialise

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


def catalog_of(entries: dict[tuple[str, str], str], obsolete: frozenset = frozenset()) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=78)
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for (context, msgid), msgstr in entries.items():
        catalog.append(
            polib.POEntry(
                msgctxt=context or None, msgid=msgid, msgstr=msgstr, obsolete=(context, msgid) in obsolete
            )
        )
    return catalog


def translations(catalog: polib.POFile) -> dict[tuple[str, str], tuple[str, bool]]:
    """Every translated entry: its text, and whether it is obsolete."""
    return {(e.msgctxt or "", e.msgid): (e.msgstr, e.obsolete) for e in catalog if e.msgid and e.msgstr}


@st.composite
def merges(draw: st.DrawFn) -> tuple[polib.POFile, polib.POFile]:
    """A template and an older catalog: some strings kept, some edited, some removed, some new."""
    old_keys = draw(st.lists(KEY, unique=True, max_size=12))
    new_keys = draw(st.lists(KEY, unique=True, max_size=12))
    kept = draw(st.lists(st.sampled_from(old_keys), unique=True)) if old_keys else []
    template = catalog_of(dict.fromkeys([*kept, *new_keys], ""))
    translated = {key: draw(TEXT | st.just("")) for key in old_keys}
    obsolete = frozenset(draw(st.lists(st.sampled_from(old_keys), unique=True))) if old_keys else frozenset()
    return template, catalog_of(translated, obsolete)


@PROPERTY
@given(merges())
def test_a_merge_loses_no_translation(pair: tuple[polib.POFile, polib.POFile]) -> None:
    template, catalog = pair
    merged = merge(template, catalog)
    after = translations(merged)
    for key, (text, _) in translations(catalog).items():
        assert key in after and after[key][0] == text, key  # kept, as an entry or as obsolete
    wanted = {(e.msgctxt or "", e.msgid) for e in template}
    assert {(e.msgctxt or "", e.msgid) for e in merged if not e.obsolete} == wanted


@PROPERTY
@given(merges())
def test_a_merged_catalog_reads_back_as_written_and_a_second_merge_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, pair: tuple[polib.POFile, polib.POFile]
) -> None:
    template, catalog = pair
    merged = merge(template, catalog)
    path = tmp_path_factory.mktemp("po") / "handbook.po"
    path.write_bytes(serialise(merged))
    back = read_catalog(path)  # also our own syntax check of what we wrote
    assert translations(back) == translations(merged)
    assert [(e.msgctxt, e.msgid, e.obsolete, "fuzzy" in e.flags) for e in back] == [
        (e.msgctxt, e.msgid, e.obsolete, "fuzzy" in e.flags) for e in polib.pofile(serialise(merged).decode())
    ]
    assert serialise(merge(template, back)) == serialise(merged)


# --- The build's catalog reader -----------------------------------------------------------
# A build reads catalogs with its own one-pass reader (``read_messages``); it must see exactly
# what polib (``read_catalog``, used by merges and checks) sees, or refuse what it refuses.

FLAGS = st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]), unique=True, max_size=2)


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    context, msgid = draw(KEY)
    plural = draw(st.booleans())
    entry = polib.POEntry(
        msgctxt=context or None,
        msgid=msgid,
        flags=draw(FLAGS),
        tcomment=draw(st.just("") | TEXT.filter(lambda t: "\n" not in t)),
        occurrences=draw(st.lists(st.tuples(st.just("content/pages/rules.yml"), st.just("3")), max_size=2)),
        previous_msgid=draw(st.none() | TEXT),
        obsolete=draw(st.booleans()),
    )
    if plural:
        entry.msgid_plural = draw(TEXT)
        entry.msgstr_plural = {0: draw(TEXT | st.just("")), 1: draw(TEXT | st.just(""))}
    else:
        entry.msgstr = draw(TEXT | st.just(""))
    return entry


def as_read(catalog: polib.POFile | object) -> tuple[object, ...]:
    """Everything a build uses of a catalog."""
    return (
        dict(catalog.metadata),  # type: ignore[attr-defined]
        [
            (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.msgstr_plural, "fuzzy" in e.flags, e.linenum)
            for e in catalog  # type: ignore[attr-defined]
            if not e.obsolete
        ],
    )


def read_both(path: Path) -> tuple[object, object]:
    results = []
    for read in (read_catalog, read_messages):
        try:
            results.append(as_read(read(path, "handbook.po")))
        except HandbookError as error:
            results.append([str(p) for p in error.problems])
    return results[0], results[1]


@PROPERTY
@given(st.lists(entries(), max_size=8), st.sampled_from([78, 30, 0]))
def test_the_build_reads_any_written_catalog_as_polib_does(
    tmp_path_factory: pytest.TempPathFactory, items: list[polib.POEntry], width: int
) -> None:
    catalog = catalog_of({})
    catalog.header = "Translations of the handbook."
    catalog.extend(items)
    path = tmp_path_factory.mktemp("po") / "handbook.po"
    catalog.wrapwidth = width  # 0: no wrapping; 30: many continuation lines
    path.write_text(str(catalog), encoding="utf-8")
    polib_view, build_view = read_both(path)
    assert build_view == polib_view


PO_LINES = st.sampled_from(
    [
        'msgid "Be kind"',
        'msgid ""',
        'msgstr "Soyez aimable"',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
        '"more \\"text\\"\\n"',
        'msgctxt "verb"',
        'msgid_plural "%(num)s days"',
        'msgstr[0] "un jour"',
        'msgstr[1] "%(num)s jours"',
        "#, fuzzy",
        "# a translator's note",
        '#| msgid "Be nice"',
        "#: content/pages/rules.yml:3",
        '#~ msgid "Old"',
        '#~ msgstr "Vieux"',
        "",
    ]
)


@PROPERTY
@given(st.lists(PO_LINES, max_size=14))
def test_the_build_reads_any_hand_edited_catalog_as_polib_does(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    path = tmp_path_factory.mktemp("po") / "handbook.po"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    polib_view, build_view = read_both(path)
    assert build_view == polib_view
