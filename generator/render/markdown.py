"""Render a handbook to Markdown files for one output and one language.

Two outputs are made from the same model:

* ``handbook``: the employee handbook, a home page and one file per page;
* ``community``: the public page (its title and intro are the ``public:`` section
  of ``handbook.yml``), rendered from :func:`public_view`, a copy of the model with
  everything internal removed; :func:`outputs_of` says whether it is built.

Templates come from the project's ``templates/`` folder first, then from the
built-in ones, then from the folders of block types other packages add
(:func:`~generator.render.jinja.template_folders`), so a project overrides a
template by giving a file the same name. Content strings are values handed to
templates, never compiled as Jinja. Every value printed with ``{{ }}`` is
escaped for Markdown: plain text shows exactly as written, Markdown fields keep
their formatting, and HTML is shown as text everywhere.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, MutableMapping
from copy import copy
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import quote

from babel.dates import format_date, format_time, get_day_names, get_timezone_location
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..model.addenda import public_content, with_addenda
from ..model.blocks import Attachment, BlockBase, Cell, ContactList, Hours, Money
from ..model.handbook import Account, Contact, Handbook, Page
from ..model.review import page_review
from ..model.values import Duration, Markdown, Text
from ..safety import AUTOLINK
from ..translate.locale import cldr_locale, direction, native_name
from ..translate.localise import N_, Status, Translations, localise
from .jinja import JINJA_OPTIONS, MemoryBytecodeCache, template_folders

__all__ = [
    "ACKNOWLEDGMENT_PAGE",
    "CHANGELOG_PAGE",
    "CODE_SPANS",
    "OUTPUTS",
    "PRINT_PAGE",
    "STYLESHEET_FILE",
    "Output",
    "Renderer",
    "attachment_files",
    "escape_for_theme",
    "escape_markdown",
    "link_sections",
    "outputs_of",
    "public_title",
    "public_view",
    "render_output",
]

Output = Literal["handbook", "community"]
OUTPUTS: tuple[Output, ...] = get_args(Output)
STYLESHEET_FILE = Path(__file__).parent / "assets" / "handbook.css"  # styles the blocks' HTML classes
PRINT_PAGE = "print.md"  # the whole handbook on one page
CHANGELOG_PAGE = "changelog.md"  # what changed in each version
ACKNOWLEDGMENT_PAGE = "acknowledgment.md"  # the statement readers confirm

# Inline syntax of Python-Markdown (with tables and attr_list); a backslash shows it as text.
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]#|])")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
# Block syntax only matters where the value starts a line.
_BLOCK_START = re.compile(r"^(\s*\d*)([-+.)])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")  # %(num)d too: it prints the number as the locale writes it
# Stands for a block's heading marker ("##") while rendering; no text can contain it (random, with NULs).
_HEADING = f"\x00{secrets.token_hex(8)}\x00"


def escape_markdown(text: str) -> Markup:
    """Plain text as Markdown that displays exactly that text.

    >>> str(escape_markdown("Use *stars* & <b>tags</b>"))
    'Use \\\\*stars\\\\* &amp; &lt;b&gt;tags&lt;/b&gt;'

    Line breaks become spaces; no-break spaces (French "Règles\\u00a0:") stay as typed.

    >>> escape_markdown("Règles\\u00a0:\\n  soyez\\u202fbrefs") == "Règles\\u00a0: soyez\\u202fbrefs"
    True
    """
    # A line break in plain text must not start a new block. Only ASCII white space is
    # folded: the no-break spaces of French typography, or an ideographic space, are text.
    # (Each step looks before it rewrites: most strings need none, and this runs for every value.)
    if "  " in text or any(space in text for space in "\t\n\r\f\v"):
        text = _SPACES.sub(" ", text)
    text = _BACKSLASHED.sub(r"\\\1", text)
    start = _BLOCK_START.match(text)
    if start is not None:
        text = f"{start[1]}\\{start[2]}{text[start.end() :]}"
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(text)


def escape_html(text: str) -> Markup:
    """Markdown with its HTML shown as text; Markdown formatting, autolinks included, is kept.

    >>> str(escape_html("See <https://example.org/a?b=1&c=2> or <b>this</b>"))
    'See <https://example.org/a?b=1&c=2> or &lt;b&gt;this&lt;/b&gt;'
    >>> str(escape_html("<mailto:hr@example.org>, <hr@example.org>, <javascript:alert(1)>"))
    '<mailto:hr@example.org>, <hr@example.org>, &lt;javascript:alert(1)&gt;'
    """
    parts = []
    position = 0
    for match in AUTOLINK.finditer(text):
        parts.append(re.sub(r"[&<>]", lambda m: _HTML[m[0]], text[position : match.start()]))
        parts.append(match[0])
        position = match.end()
    parts.append(re.sub(r"[&<>]", lambda m: _HTML[m[0]], text[position:]))
    return Markup("".join(parts))


# A link to a page by its file name, inline ``](page.md#place)`` or as a reference ``[x]: page.md``.
_PAGE_LINK = re.compile(
    r"(\]\(\s*<?|^ {0,3}\[[^\]]+\]:\s*<?)(?:\./)?([a-z0-9][a-z0-9-]*)\.md(#[^)\s>]*)?", re.MULTILINE
)
CODE_SPANS = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)  # links inside code are text


def link_sections(text: str, sections: dict[str, str]) -> str:
    """Links to pages that are sections of one page (the public page) made links to those sections.

    ``sections`` maps a page id to its section's anchor; a link to a place on that page keeps
    its place, since the page's blocks and headings are all on the one page. Code stays as typed.

    >>> link_sections("See [rules](standards.md), [ban](standards.md#ban) and `[x](standards.md)`.",
    ...               {"standards": "#standards"})
    'See [rules](#standards), [ban](#ban) and `[x](standards.md)`.'
    """

    def section(match: re.Match[str]) -> str:
        anchor = sections.get(match[2])
        return match[0] if anchor is None else match[1] + (match[3] or anchor)

    parts, position = [], 0
    for code in CODE_SPANS.finditer(text):
        parts += [_PAGE_LINK.sub(section, text[position : code.start()]), code[0]]
        position = code.end()
    return "".join([*parts, _PAGE_LINK.sub(section, text[position:])])


def href(url: str) -> Markup:
    """A link target from data; characters that could end or break a Markdown link are encoded."""
    return Markup(quote(str(url), safe=":/?#@!$&'*+,;=%-._~"))


def _as_markdown(value: Any) -> Markup:
    """Any value as Markdown: plain text escaped, Markdown fields with their HTML escaped."""
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return Markup(value)
    if isinstance(value, Markdown):
        return escape_html(value)
    return escape_markdown(str(value))


def outputs_of(handbook: Handbook) -> tuple[Output, ...]:
    """The outputs a handbook builds: the public one only when it is wanted and has content.

    ``public: build: always`` with nothing public is refused when the project loads.
    """
    build = handbook.meta.public.build
    if build == "never" or (build == "auto" and not public_content(handbook)):
        return ("handbook",)
    return OUTPUTS


def public_title(public: Handbook, translations: Translations) -> Text:
    """The title of the public page, translated: as configured, else its only page's, else a neutral one.

    ``public`` is the :func:`public_view` of the handbook, before localisation.
    """
    if public.meta.public.title:
        return localise(public.meta.public.title, translations)
    if len(public.pages) == 1:
        return localise(public.pages[0].title, translations)
    return localise(N_("Public information"), translations)


# --- The public view ------------------------------------------------------------


def public_view(handbook: Handbook) -> Handbook:
    """A copy of ``handbook`` holding only what the public may read.

    Internal pages, blocks, contacts and accounts are removed *before*
    rendering, so no template can print them by mistake.
    """
    public_contacts = {k for k, c in handbook.contacts.items() if c.audience != "internal"}
    pages = [_public_page(page, public_contacts) for page in handbook.pages if page.audience != "internal"]
    public_ids = {page.id for page in pages}
    pages = [
        page.model_copy(update={"related": [r for r in page.related if r in public_ids]}) for page in pages
    ]
    return handbook.model_copy(
        update={
            "pages": pages,
            "contacts": {k: c for k, c in handbook.contacts.items() if c.audience != "internal"},
            "accounts": {k: a for k, a in handbook.accounts.items() if a.audience != "internal"},
        }
    )


def attachment_files(handbook: Handbook, output: Output) -> list[str]:
    """The files under content/files/ that an output's pages link to, each once, as typed.

    The same view of the handbook as :func:`render_output` renders, so an internal block's
    file is not among the public output's.
    """
    handbook = with_addenda(handbook)
    if output == "community":
        handbook = public_view(handbook)
    files = (block.file for page in handbook.pages for block in page.blocks if isinstance(block, Attachment))
    return sorted(set(files))


def _public_page(page: Page, public_contacts: set[str]) -> Page:
    blocks = [
        _public_block(block, public_contacts)
        for block in page.blocks
        if page.block_audience(block) != "internal"
    ]
    return page.model_copy(update={"blocks": blocks})


def _public_block(block: BlockBase, public_contacts: set[str]) -> BlockBase:
    """A published block as the public sees it: a list of contacts keeps its public ones."""
    if isinstance(block, ContactList):
        return block.public_part(public_contacts.__contains__)
    return block


# --- Rendering ------------------------------------------------------------------------


class Renderer:
    """Renders one language of one output; holds the Jinja environment and the locale."""

    def __init__(
        self, handbook: Handbook, lang: str, translations: Translations, templates: Path | None
    ) -> None:
        self.handbook = handbook
        self.lang = lang
        self.locale = cldr_locale(lang)
        self.translations = translations
        self.source_lang = handbook.meta.source_language
        self.env = _environment(templates, self.finalize)
        self.env.filters.update(quoted=self.quoted, indent_md=self.indent_md)
        self.env.globals.update(self._helpers())
        self.blocks: dict[str, list[str]] = {}  # rendered blocks by page id
        self.sections: dict[str, str] = {}  # page id -> its section's anchor, where pages share one page
        self.labels = {
            "untranslated": self.translations.gettext("Not yet translated"),
            "fuzzy": self.translations.gettext("Translation may be out of date"),
        }

    # How values are printed.
    def finalize(self, value: Any) -> Any:
        """Applied to everything a template prints with ``{{ }}``."""
        text = _as_markdown(value)
        if self.sections and isinstance(value, Markdown):
            text = Markup(link_sections(text, self.sections))
        status = getattr(value, "status", None)
        if status in self.labels:
            return self.mark_fallback(text, status, block=isinstance(value, Markdown))
        return text

    def mark_fallback(self, text: Markup, status: Status, block: bool = False) -> Markup:
        """Source text shown in place of a missing translation: marked, and in the source language."""
        source_direction = direction(self.source_lang)
        # Markdown re-escapes entities inside inline HTML, so the label carries none.
        label = re.sub(r"[<>&\"]", "", self.labels[status]).replace("'", "\N{RIGHT SINGLE QUOTATION MARK}")
        attributes = (
            f"class='hb-fallback hb-{status}' lang='{self.source_lang}' dir='{source_direction}'"
            f" data-label='{label}'"
        )
        if block:
            return Markup(f"<div {attributes} markdown>\n\n{text}\n\n</div>")
        return Markup(f"<span {attributes}>{text}</span>")

    def quoted(self, value: Any) -> Markup:
        """Text for inside the double quotes of an admonition title."""
        return Markup(str(self.finalize(value)).replace('"', "&quot;"))

    def indent_md(self, value: Any, width: int = 4) -> Markup:
        """Markdown indented to sit inside an admonition or list item (blank lines stay blank)."""
        pad = " " * width
        lines = str(self.finalize(value)).splitlines()
        return Markup("\n".join(pad + line if line.strip() else "" for line in lines))

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def render_block(self, block: BlockBase, page: Page) -> str:
        """A block's Markdown, its headings marked with :data:`_HEADING` until the level is known."""
        name = f"blocks/{block.type}.md.j2"  # type: ignore[attr-defined]
        text = self.render(name, block=block, page=page, h=Markup(_HEADING)).strip() + "\n"
        text = self._addendum_note(block, text) if block.addendum else text
        if block.id:  # the anchor content links to (page.md#id): the same in every language
            text = f'<div id="{block.id}" class="hb-block" markdown>\n\n{text}\n</div>\n'
        return text

    def _addendum_note(self, block: BlockBase, text: str) -> str:
        """A block from a local addendum, framed and labelled with whom it applies to."""
        addendum = next(a for a in self.handbook.addenda if a.id == block.addendum)
        # Two labels, not one sentence around "who": a translation need not agree with its words.
        title = self.gettext("Local addendum: %(title)s", title=addendum.title)
        who = self.gettext("Applies to: %(who)s", who=addendum.applies_to)
        label = f"{title} · {who}"
        return f'<div class="hb-addendum" markdown>\n\n{label}\n{{ .hb-addendum__label }}\n\n{text}\n</div>\n'

    def render_page(self, page: Page, level: int = 2) -> dict[str, Any]:
        """A page with its blocks rendered, ready for a page template."""
        if page.id not in self.blocks:  # rendered once, whatever shows it
            self.blocks[page.id] = [self.render_block(block, page) for block in page.blocks]
        heading = "#" * level
        blocks = [Markup(text.replace(_HEADING, heading)) for text in self.blocks[page.id]]
        return {"page": page, "blocks": blocks}

    # Helpers every template can call.
    def _helpers(self) -> dict[str, Any]:  # functions, and the handbook itself
        return {
            "_": self.gettext,
            "gettext": self.gettext,
            "ngettext": self.ngettext,
            "pgettext": self.pgettext,
            "npgettext": self.npgettext,
            "contact": self.contact,
            "account": self.account,
            "format_date": self.format_date,
            "format_time": self.format_time,
            "format_number": self.format_number,
            "duration": self.duration,
            "table_cell": self.table_cell,
            "file_details": self.file_details,
            "days": self.days,
            "timezone": self.timezone,
            "language_name": native_name,
            "review": lambda page: page_review(self.handbook, page),
            "meta": self.handbook.meta,
            "handbook": self.handbook,
            "lang": self.lang,
        }

    # The gettext functions templates call (Jinja's i18n extension, "newstyle": the variables
    # are keyword arguments, any name allowed). A text with no usable translation is the
    # source, marked.
    def gettext(self, message: str, /, **variables: Any) -> Markup:
        return self.pgettext("", message, **variables)

    def pgettext(self, context: str, message: str, /, **variables: Any) -> Markup:
        return self._translated(*self.translations.lookup_label(message, context), message, variables)

    def ngettext(self, singular: str, plural: str, num: int, /, **variables: Any) -> Markup:
        return self.npgettext("", singular, plural, num, **variables)

    def npgettext(self, context: str, singular: str, plural: str, num: int, /, **variables: Any) -> Markup:
        variables.setdefault("num", self.format_number(num))
        text, status = self.translations.lookup_plural_label(singular, plural, num, context)
        return self._translated(text, status, singular if num == 1 else plural, variables)

    def _translated(self, text: str, status: Status, source: str, variables: dict[str, Any]) -> Markup:
        if not Translations.usable(status):
            return self.mark_fallback(self._interpolate(source, variables), status)
        return self._interpolate(text, variables)

    def _interpolate(self, message: str, variables: dict[str, Any]) -> Markup:
        """Escape a template string and fill in its ``%(name)s`` and ``%(name)d`` placeholders.

        The values are printed as ``{{ }}`` prints them (escaped, fallbacks marked).
        """
        parts: list[str] = []
        position = 0
        for match in _PLACEHOLDER.finditer(message):
            parts.append(escape_markdown(message[position : match.start()]))
            parts.append(self.finalize(variables[match[1]]) if match[1] else "%")
            position = match.end()
        parts.append(escape_markdown(message[position:]))
        return Markup("".join(parts))

    def contact(self, contact_id: str) -> Contact:
        return self.handbook.contacts[contact_id]

    def account(self, account_id: str) -> Account:
        return self.handbook.accounts[account_id]

    def format_date(self, value: date, form: str = "long") -> str:
        return format_date(value, form, locale=self.locale)

    def format_time(self, value: time) -> str:
        return format_time(value, "short", locale=self.locale)

    def format_number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def duration(self, value: Duration) -> str:
        if value.unit == "working_day":  # CLDR has no unit for it
            return self.ngettext("%(num)s working day", "%(num)s working days", value.amount)
        return format_unit(value.amount, f"duration-{value.unit}", length="long", locale=self.locale)

    def exact_number(self, value: Decimal) -> str:
        """A number with the decimals it was typed with (42.50 stays 42,50 in French, never 42,5)."""
        pattern = copy(self.locale.decimal_formats[None])
        decimals = max(0, -int(value.as_tuple().exponent))
        pattern.frac_prec = (decimals, decimals)
        return str(pattern.apply(value, self.locale))

    def money(self, value: Money) -> str:
        """An amount as the language writes it, with the currency's usual decimals (CLDR)."""
        return format_currency(value.amount, value.currency, locale=self.locale)

    def table_cell(self, value: Cell) -> Markup:
        """A table cell: text escaped (a | cannot end the cell), values written the language's way."""
        if value is None:
            return Markup("")
        if isinstance(value, Text):
            return Markup(self.finalize(value))
        if isinstance(value, Money):
            shown = self.money(value)
        elif isinstance(value, Decimal):
            shown = self.exact_number(value)
        elif isinstance(value, Duration):
            shown = self.duration(value)
        else:
            shown = self.format_date(value, "medium")
        return escape_markdown(shown)

    def file_details(self, block: Attachment) -> Markup:
        """A file's type and size, such as "PDF, 120 kB" ("PDF, 120 ko" in French)."""
        size = self.file_size(block.size)
        if not block.kind:
            return Markup(size)
        return self.gettext("%(kind)s, %(size)s", kind=block.kind, size=size)

    def file_size(self, size: int) -> str:
        """Bytes under a kilobyte, else kilobytes or megabytes to one decimal (SI units, named by CLDR)."""
        if size < 1000:
            return format_unit(size, "digital-byte", length="short", locale=self.locale)
        unit, scale = ("kilobyte", 1000) if size < 1_000_000 else ("megabyte", 1_000_000)
        amount = Decimal(size) / scale
        return format_unit(amount, f"digital-{unit}", length="short", format="#,##0.#", locale=self.locale)

    def days(self, hours: Hours) -> str:
        names = get_day_names("wide", locale=self.locale)
        indexes = hours.weekdays()
        if len(indexes) == 1:
            return str(names[indexes[0]])
        return f"{names[indexes[0]]} \N{EN DASH} {names[indexes[-1]]}"

    def timezone(self, name: str) -> str:
        # The zone's city ("Londres", "Лондон"): CLDR's region names vary in form between languages.
        return get_timezone_location(name, locale=self.locale, return_city=True)


_BYTECODE = MemoryBytecodeCache()


class _FlatGlobals(Environment):
    """An environment whose templates see its globals as one plain dict, copied when each loads.

    Jinja's own layering (a ``ChainMap`` per template) makes every ``{% from ... import %}``
    test each global against each layer in Python: a tenth of the rendering. The renderer
    sets every global before it loads a template, so a copy sees all of them.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def _environment(templates: Path | None, finalize: Callable[[Any], Any]) -> Environment:
    loaders = [FileSystemLoader(str(folder)) for folder in template_folders(templates)]
    options: dict[str, Any] = {
        key: value for key, value in JINJA_OPTIONS.items() if key != "newstyle_gettext"
    }
    env = _FlatGlobals(
        loader=ChoiceLoader(loaders),
        finalize=finalize,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_BYTECODE,
        auto_reload=False,  # one environment renders one output once: no need to check files again
        **options,
    )
    env.newstyle_gettext = JINJA_OPTIONS["newstyle_gettext"]  # type: ignore[attr-defined]
    env.filters["href"] = href
    return env


def render_output(
    handbook: Handbook,
    output: Output,
    lang: str,
    translations: Translations,
    templates: Path | None = None,
    pdf: str | None = None,
) -> dict[str, str]:
    """Render one output in one language: a mapping of Markdown file path to text.

    ``pdf`` is the file name of the handbook's PDF in this language, when one is printed:
    the home page and the print page link to it.
    """
    handbook = with_addenda(handbook)
    if output == "community":
        handbook = public_view(handbook)
        title = public_title(handbook, translations)
    handbook = localise(handbook, translations)
    renderer = Renderer(handbook, lang, translations, templates)
    if output == "community":
        level = 2 if len(handbook.pages) == 1 else 3  # a single section needs no heading of its own
        # Every public page is a section of the one page: a link to one leads to its section.
        renderer.sections = {page.id: "#" if level == 2 else f"#{page.id}" for page in handbook.pages}
        pages = [renderer.render_page(page, level=level) for page in handbook.pages]
        # A Text keeps its status, so an untranslated heading is marked while the front matter stays plain.
        intro = handbook.meta.public.intro
        text = renderer.render("community/index.md.j2", pages=pages, title=title, intro=intro)
        return {"index.md": _with_title(title, text, hide=("navigation",))}
    home = renderer.render("pages/home.md.j2", pages=handbook.pages, title=handbook.meta.title, pdf=pdf)
    files = {"index.md": _with_title(handbook.meta.title, home)}
    for page in handbook.pages:
        text = renderer.render(f"pages/{page.kind}.md.j2", title=page.title, **renderer.render_page(page))
        files[f"{page.id}.md"] = _with_title(page.title, text)

    def add(path: str, title: str, searched: bool = True, **context: Any) -> None:
        title = renderer.translations.gettext(title)
        text = renderer.render(f"pages/{path}.j2", title=title, **context)
        files[path] = _with_title(title, text, searched=searched)

    if handbook.changelog:
        add(CHANGELOG_PAGE, N_("What changed"), versions=handbook.changelog)
    if handbook.meta.acknowledgment:
        add(ACKNOWLEDGMENT_PAGE, N_("Acknowledgment"))
    add(
        PRINT_PAGE,
        N_("Print version"),
        searched=False,  # it repeats every page: each search hit would come back twice
        pages=[{"page": page} for page in handbook.pages],  # their bodies come from their HTML
        pdf=pdf,
    )
    return files


def escape_for_theme(text: str, quotes: bool = False) -> str:
    """Text that Material prints raw in some places and escapes itself in others.

    Titles and the site name reach ``<title>``, the navigation and the footer
    unescaped, so ``<`` and ``>`` are escaped, and ``&`` where it would start an
    entity. Nothing else is: Material escapes the same text again in ``title``
    and ``aria-label`` attributes, where ``&#x27;`` would be read out as such.
    ``quotes`` is for text that Material also prints raw inside an attribute.
    """
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quotes else text


def _with_title(title: str, markdown: str, hide: tuple[str, ...] = (), searched: bool = True) -> str:
    """Front matter giving MkDocs the page title (see :func:`escape_for_theme`).

    The title is plain text even when it is the source's for want of a translation: it makes
    the ``<title>``, the navigation and the footer, where no part can be marked or carry a
    ``lang``; the page's heading shows it marked.
    """
    front = f"title: {json.dumps(escape_for_theme(str(title)), ensure_ascii=False)}\n"
    if hide:
        front += f"hide: {json.dumps(list(hide))}\n"  # Material hides these parts of the page
    if not searched:
        front += "search:\n  exclude: true\n"  # left out of the search index, by both engines
    return f"---\n{front}---\n\n{markdown}"
