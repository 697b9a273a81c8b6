"""Content and translations are untrusted: what they hold is shown as text, or refused where it stands.

A corpus of injection payloads goes into every kind of content field and into
a French translation of each; the built sites (pages, 404 pages, search
indexes) must hold no active content made from them. What escaping cannot
make safe (links that run code or leave the site, attribute lists, things that
look like credentials) is refused with its file and line.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import yaml

from generator.errors import HandbookError
from generator.load.project import load_project
from generator.pipeline import build_site
from generator.translate.workflow import init_language

# Each payload carries "zqx", so whatever it could turn into can be found.
PAYLOADS = [
    "<script>zqx1()</script>",
    "<img src=x onerror=zqx2()>",
    '<a href="javascript:zqx3()">link</a>',
    '<div onclick="zqx4()">click</div>',
    '<iframe src="https://zqx5.example/"></iframe>',
    "<svg onload=zqx6()></svg>",
    "<style>body { background: url(zqx7) }</style>",
    '"><script>zqx8()</script>',
    "'><img src=x onerror=zqx9()>",
    "<scr<script>ipt>zqx10()</script>",
    "</textarea><script>zqx11()</script>",
    "<details open ontoggle=zqx12()>",
    "<div>\n<script>zqx13()</script>\n</div>",
    '<meta http-equiv="refresh" content="0; url=https://zqx14.example/">',
    "<object data=zqx15></object><embed src=zqx16>",
    "{{ 7 * 7 }}zqx17 {% if true %}zqx18{% endif %} {# zqx19 #}",
    "<!-- zqx20 --> &lt;script&gt;zqx21&lt;/script&gt;",
    "[zqx22](javascript:zqx22()) {: onclick=zqx23() }",
    # Near Markdown's autolinks, which Markdown fields keep: none of these is one.
    "<javascript:zqx24()>",
    '<https://zqx25.example/"onmouseover="zqx25()>',
    "<zqx26@example.org onclick=zqx26()>",
    "<data:text/html,zqx27>",
]
# In Markdown fields, links and attribute lists are Markdown: those are refused instead (below).
MARKDOWN_PAYLOADS = [p for p in PAYLOADS if "](" not in p]

ACTIVE_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "img",
    "svg",
    "meta",
    "link",
    "details",
    "base",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "content"}


class ActiveContent(HTMLParser):
    """Collects each element, attribute or script a payload turned into."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, given in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            value = given or ""  # an anchor made from a heading's text is only a name
            if (tag in ACTIVE_TAGS or name in URL_ATTRIBUTES) and "zqx" in value and value[:1] != "#":
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "style"):
            self.inside = tag

    def handle_endtag(self, tag: str) -> None:
        self.inside = None if tag == self.inside else self.inside

    def handle_data(self, data: str) -> None:
        if self.inside and "zqx" in data:
            self.found.append(f"<{self.inside}>{data.strip()[:40]}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def visible_text(html: str) -> str:
    """The page's text as a reader sees it, with entities decoded."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.skip += tag in ("script", "style", "head")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("script", "style", "head")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def site_documents(site: Path) -> Iterator[tuple[str, str]]:
    """(name, HTML) for every page and every search-index entry of a site."""
    for path in sorted(site.rglob("*.html")):
        yield str(path.relative_to(site)), path.read_text(encoding="utf-8")
    for path in sorted(site.rglob("search_index.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
            yield f"{path.relative_to(site)}#{doc['location']}", doc["title"] + doc["text"]


def hostile_page() -> dict:
    return {
        "title": "Rules " + PAYLOADS[0],
        "summary": PAYLOADS[1],
        "audience": "public",
        "blocks": [
            {"type": "do_dont", "do": PAYLOADS, "dont": PAYLOADS[::-1]},
            {"type": "text", "title": PAYLOADS[7], "body": "\n\n".join(MARKDOWN_PAYLOADS)},
            {"type": "contacts", "contacts": [{"contact": "care", "for": p} for p in PAYLOADS]},
            {
                "type": "faq",
                "questions": [
                    {"question": p, "answer": m} for p, m in zip(PAYLOADS, MARKDOWN_PAYLOADS, strict=False)
                ],
            },
            {"type": "steps", "steps": [{"action": p, "owner": "care", "within": "2d"} for p in PAYLOADS]},
            {
                "type": "definitions",
                "terms": [
                    {"term": p, "meaning": m} for p, m in zip(PAYLOADS, MARKDOWN_PAYLOADS, strict=False)
                ],
            },
        ],
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the payloads in its content and, for French, in every translation."""
    from .conftest import copy_project

    root = copy_project("minimal", tmp_path_factory.mktemp("hostile"))
    (root / "content/pages/rules.yml").write_text(yaml.safe_dump(hostile_page()), encoding="utf-8")
    contacts = yaml.safe_load((root / "content/contacts.yml").read_text(encoding="utf-8"))
    contacts["contacts"][1]["team"] = PAYLOADS[2]  # a text: its French translation is a payload too
    contacts["contacts"][0] = {**contacts["contacts"][0], "person": PAYLOADS[5]}  # data, shown as typed
    del contacts["contacts"][0]["team"]
    contacts["contacts"][1]["role"] = PAYLOADS[3]
    (root / "content/contacts.yml").write_text(yaml.safe_dump(contacts), encoding="utf-8")
    meta = (root / "content/handbook.yml").read_text(encoding="utf-8")
    meta = meta.replace("organisation: Example Co", f"organisation: {json.dumps(PAYLOADS[4])}")
    (root / "content/handbook.yml").write_text(meta.replace("[en]", "[en, fr]"), encoding="utf-8")
    written = init_language(root, "fr")
    catalog = polib.pofile(str(written.path))
    for number, entry in enumerate(catalog):
        if "%(" not in entry.msgid and not entry.msgid_plural:  # links are refused in translations
            entry.msgstr = f"FR {MARKDOWN_PAYLOADS[number % len(MARKDOWN_PAYLOADS)]}"
    catalog.save()
    build_site(root)
    return root / "site"


def test_no_payload_becomes_active_content_in_any_language(hostile_site: Path) -> None:
    checked = 0
    for output in ("handbook", "community"):
        for lang in ("en", "fr"):
            for name, html in site_documents(hostile_site / output / lang):
                assert active_content(html) == [], f"{output}/{lang}/{name}"
                checked += 1
    assert checked > 20


def test_payloads_are_shown_to_readers_exactly_as_typed(hostile_site: Path) -> None:
    text = visible_text((hostile_site / "handbook/en/rules/index.html").read_text(encoding="utf-8"))
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in text
    french = visible_text((hostile_site / "handbook/fr/rules/index.html").read_text(encoding="utf-8"))
    assert "FR <script>zqx1()</script>" in french or "FR <img src=x onerror=zqx2()>" in french
    assert "{{ 7 * 7 }}zqx17" in text and "49zqx17" not in text  # never run as a template


def test_a_term_made_of_a_payload_gets_a_plain_anchor(hostile_site: Path) -> None:
    html = (hostile_site / "handbook/en/rules/index.html").read_text(encoding="utf-8")
    assert '<dt id="term-script-zqx1-script">&lt;script&gt;zqx1()&lt;/script&gt;</dt>' in html


def test_the_community_page_shows_public_contact_payloads_as_text(hostile_site: Path) -> None:
    text = visible_text((hostile_site / "community/en/index.html").read_text(encoding="utf-8"))
    assert PAYLOADS[2] in text and PAYLOADS[3] in text


# --- Refused, with the place to fix it -------------------------------------------------

REFUSED_MARKDOWN = [
    ("[Read more](javascript:alert(1))", "the link 'javascript:alert(1)' is refused"),
    ("[Read more]( JaVaScRiPt:alert(1))", "is refused: links may use http, https, mailto or tel"),
    (
        "![logo](data:image/svg+xml;base64,PHN2Zz4=)",
        "the link 'data:image/svg+xml;base64,PHN2Zz4=' is refused",
    ),
    ("[Passwords](file:///etc/passwd)", "the link 'file:///etc/passwd' is refused"),
    ("[Passwords](/etc/passwd)", "the link '/etc/passwd' leaves the site"),
    ("[Secrets](../../secrets.yml)", "the link '../../secrets.yml' leaves the site"),
    ("See [the form][1].\n\n[1]: vbscript:msgbox(1)", "the link 'vbscript:msgbox(1)' is refused"),
    ("Click here.\n{: onclick=alert(1) }", "the attribute list '{: onclick=alert(1) }' is refused"),
    ("[Home](index.md){: href=javascript:alert(1) }", "is refused: text may only set #id and .class"),
]


@pytest.mark.parametrize(("body", "message"), REFUSED_MARKDOWN)
def test_unsafe_markdown_in_content_is_refused_at_its_line(
    project: Callable[[str], Path], body: str, message: str
) -> None:
    root = project("minimal")
    page = root / "content/pages/rules.yml"
    page.write_text(
        page.read_text(encoding="utf-8") + f"  - type: text\n    body: {json.dumps(body)}\n", encoding="utf-8"
    )
    with pytest.raises(HandbookError) as error:
        load_project(root)
    assert len(error.value.problems) == 1
    assert str(error.value).startswith("content/pages/rules.yml:8:11: ")  # the body's value
    assert message in str(error.value)


def test_safe_links_are_kept(project: Callable[[str], Path], tmp_path: Path) -> None:
    root = project("minimal")
    page = root / "content/pages/rules.yml"
    body = "[Web](https://example.org/) [Mail](mailto:hr@example.org) [Phone](tel:+48221234567) [Top](#rules)"
    page.write_text(page.read_text("utf-8") + f"  - type: text\n    body: {json.dumps(body)}\n", "utf-8")
    build_site(root, tmp_path / "site")
    html = (tmp_path / "site/handbook/en/rules/index.html").read_text(encoding="utf-8")
    for target in ("https://example.org/", "mailto:hr@example.org", "tel:+48221234567", "#rules"):
        assert f'href="{target}"' in html


CREDENTIALS = [
    ("The shared inbox password is Larkmoor2026!", 30, "a password"),
    ("Mot de passe : Soleil#2026", 16, "a password"),
    ("Пароль: Qwerty12345", 9, "a password"),
    ("共享邮箱的密码：abc12345", 9, "a password"),
    ("Use the key AKIAIOSFODNN7EXAMPLE for uploads.", 13, "an AWS access key"),
    ("Token ghp_0123456789abcdefghijABCDEFGHIJ012345 for the bot.", 7, "a GitHub token"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----", 1, "a private key"),
    ("Slack: xoxb-123456789012-abcdefghij", 8, "a Slack token"),
    ("Webhook https://bot:s3cr3t@hooks.example.org/post", 9, "a password in a web address"),
    ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlX2hlcmU", 1, "a JSON Web Token"),
]


@pytest.mark.parametrize(("text", "column", "kind"), CREDENTIALS)
def test_content_that_looks_like_a_credential_is_refused_at_its_line_and_column(
    project: Callable[[str], Path], text: str, column: int, kind: str
) -> None:
    root = project("minimal")
    page = root / "content/pages/rules.yml"
    # the text starts in column 11 of line 2, after 'summary: "'
    quoted = json.dumps(text, ensure_ascii=False)
    page.write_text(
        page.read_text("utf-8").replace("summary: What everyone must know.", f"summary: {quoted}"), "utf-8"
    )
    with pytest.raises(HandbookError) as error:
        load_project(root)
    assert str(error.value) == (
        f"content/pages/rules.yml:2:{10 + column}: this looks like {kind}; "
        "credentials must never be published: remove it"
    )


def test_everyday_words_about_passwords_are_not_credentials(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    page = root / "content/pages/rules.yml"
    sentences = [
        "Never share your password, not even with IT.",
        "Password: use a passphrase of four words.",
        "The password is at least 12 characters long.",
        "Le mot de passe est personnel.",
        "Пароль: не сообщайте его никому.",
        "Token: ask the service desk at https://desk.example.org/tokens.",
    ]
    page.write_text(page.read_text("utf-8") + "    dont: " + json.dumps(sentences) + "\n", "utf-8")
    page.write_text(page.read_text("utf-8").replace("    dont: [Share secrets.]\n", ""), "utf-8")
    assert load_project(root).handbook.pages[0].blocks[0].dont == sentences


def french_project(project: Callable[[str], Path]) -> Path:
    """The minimal project with French and a Markdown body holding a link."""
    root = project("minimal")
    meta = root / "content/handbook.yml"
    meta.write_text(meta.read_text("utf-8").replace("[en]", "[en, fr]"), "utf-8")
    page = root / "content/pages/rules.yml"
    page.write_text(
        page.read_text("utf-8") + "  - type: text\n    body: See the [rules](rules.md).\n", "utf-8"
    )
    init_language(root, "fr")
    return root


def translate_body(root: Path, translation: str) -> int:
    """Set the body's French translation; returns the line of its entry in the .po file."""
    path = root / "locales/fr/LC_MESSAGES/handbook.po"
    catalog = polib.pofile(str(path))
    catalog.find("See the [rules](rules.md).").msgstr = translation
    catalog.save()
    lines = path.read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith('msgid "See the [rules]'))


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ("Voir les [règles](javascript:alert(1)).", "the link 'javascript:alert(1)' is refused"),
        ("Voir les [règles](../../../etc/passwd).", "the link '../../../etc/passwd' leaves the site"),
        ("Voir les règles.\n{: onmouseover=alert(1) }", "the attribute list '{: onmouseover=alert(1) }'"),
        ("Mot de passe : Soleil#2026 [règles](rules.md).", "the translation looks like a password"),
    ],
)
def test_an_unsafe_translation_fails_the_build_at_its_line_and_keeps_the_site(
    project: Callable[[str], Path], translation: str, message: str
) -> None:
    root = french_project(project)
    translate_body(root, "Voir les [règles](rules.md).")
    build_site(root)
    before = (root / "site/handbook/fr/rules/index.html").read_bytes()
    line = translate_body(root, translation)
    with pytest.raises(HandbookError) as error:
        build_site(root)
    assert str(error.value).startswith(f"locales/fr/LC_MESSAGES/handbook.po:{line}: ")
    assert message in str(error.value)
    assert (root / "site/handbook/fr/rules/index.html").read_bytes() == before


# --- Paths ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("content/pages/secrets.yml", "/etc/hostname"),
        ("content/pages", "/etc"),
        ("templates", ".."),
        ("locales", "/tmp"),
    ],
)
def test_a_symbolic_link_out_of_the_project_is_refused(
    project: Callable[[str], Path], tmp_path: Path, link: str, target: str
) -> None:
    root = project("minimal")
    path = root / link
    if path.is_dir():
        shutil.rmtree(path)
    path.symlink_to(target if target.startswith("/") else (root / target).resolve())
    with pytest.raises(HandbookError) as error:
        build_site(root, tmp_path / "site")
    assert f"{link}: links to a place outside the project" in str(error.value)
    assert not (tmp_path / "site").exists()


def test_a_symbolic_link_inside_the_project_is_followed(project: Callable[[str], Path]) -> None:
    root = project("minimal")
    (root / "shared").mkdir()
    (root / "content/pages/rules.yml").rename(root / "shared/rules.yml")
    (root / "content/pages/rules.yml").symlink_to(root / "shared/rules.yml")
    assert [page.id for page in load_project(root).handbook.pages] == ["rules", "community"]


@pytest.mark.parametrize("custom_dir", ["../outside", "/etc"])
def test_a_theme_folder_outside_the_project_is_refused(
    project: Callable[[str], Path], tmp_path: Path, custom_dir: str
) -> None:
    root = project("minimal")
    (root.parent / "outside").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(f"theme:\n  name: material\n  custom_dir: {custom_dir}\n", "utf-8")
    with pytest.raises(HandbookError) as error:
        build_site(root, tmp_path / "site")
    assert f"{custom_dir}: links to a place outside the project" in str(error.value)
