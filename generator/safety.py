"""What untrusted text may not contain: credentials, and links that run code or leave the site.

Content comes from HR and translations often from outside agencies, so both
are read as untrusted. Text is escaped when rendered (see ``generator.render.markdown``);
what escaping cannot make safe is refused here, with the file and line:

* text that looks like a credential: private keys, well-known token formats
  (AWS, GitHub, GitLab, Slack, Stripe, Google, JSON Web Tokens), passwords in
  web addresses, and a password-like value after "password:" (or "mot de
  passe", "hasło", "пароль", "密码", "token", "API key", ...);
* a Markdown link whose target is not ``http``, ``https``, ``mailto``, ``tel``,
  an ``#anchor`` or a relative path that stays inside the site: no
  ``javascript:``, ``data:`` or ``file:`` links, no absolute paths, no ``../``
  out of the pages folder;
* an attribute list (``{: ... }``) that sets anything but ``#id`` and
  ``.class``: it could add ``onclick``, or replace a link's ``href``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

__all__ = ["AUTOLINK", "find_credentials", "markdown_problems"]

# Each pattern, with strings that any text it matches contains: scanning for those is far quicker.
_TOKENS: dict[str, tuple[str, tuple[str, ...]]] = {
    "a private key": (r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", ("PRIVATE KEY",)),
    "an AWS access key": (r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b", ("AKIA", "ASIA", "ABIA", "ACCA")),
    "a GitHub token": (
        r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ),
    "a GitLab token": (r"\bglpat-[A-Za-z0-9_-]{20,}", ("glpat-",)),
    "a Slack token": (r"\bxox[abposr]-[A-Za-z0-9-]{10,}", ("xox",)),
    "a Stripe key": (r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}", ("k_live_", "k_test_")),
    "a Google API key": (r"\bAIza[0-9A-Za-z_-]{35}", ("AIza",)),
    "a JSON Web Token": (r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", ("eyJ",)),
    "a password in a web address": (r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:[^\s/@]+@", ("://",)),
}
_TOKEN_PATTERNS = {name: (re.compile(pattern), hints) for name, (pattern, hints) in _TOKENS.items()}

# "password: <value>" in the shipped languages and the usual technical words.
_SECRET_WORD = (
    r"(?:\b(?:passwords?|passwd|pwd|passphrase|passcode|mot de passe|mdp|has[łl]o|пароль|"
    r"api[ _-]?key|access[ _-]?key|secret[ _-]?key|client[ _-]?secret|token)\b|密码|口令)"
)
_SECRET_HINTS = ("pass", "pwd", "mdp", "hasło", "haslo", "пароль", "key", "secret", "token", "密码", "口令")
_SECRET_VALUE = re.compile(
    _SECRET_WORD + r"\s*(?:[:=\uff1a]|\b(?:is|est|jest|to|—)\b)\s*[\"'«“„]?(?P<value>[^\s\"'»”]{6,})",
    re.IGNORECASE,
)


def find_credentials(text: str) -> Iterator[tuple[int, str]]:
    """(offset, what it looks like) for each credential-like string in ``text``."""
    tokens = sorted(
        (match.start(), match.end(), kind)
        for kind, (pattern, hints) in _TOKEN_PATTERNS.items()
        if any(hint in text for hint in hints)
        for match in pattern.finditer(text)
    )
    yield from ((start, kind) for start, _, kind in tokens)
    lowered = text.lower()
    if not any(hint in lowered for hint in _SECRET_HINTS):
        return
    for match in _SECRET_VALUE.finditer(text):
        within_token = any(start <= match.start("value") < end for start, end, _ in tokens)
        if _looks_like_password(match["value"]) and not within_token:
            yield match.start("value"), "a password"


def _looks_like_password(value: str) -> bool:
    """A word with a letter and a digit or symbol in it; a web address is a place, not a secret."""
    value = value.rstrip(".,;:!?)")
    if len(value) < 6 or re.match(r"https?://", value):
        return False
    has_letter = any(c.isalpha() for c in value)
    return has_letter and any(not c.isalpha() for c in value)


# --- Links ------------------------------------------------------------------------

_INLINE_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")  # one level of parentheses
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a scheme: "java\tscript:"


# Markdown's autolinks, <https://…>, <mailto:…> and <someone@example.org>: kept, as links are.
# Nothing else between angle brackets is: no space or quote, so no attribute can be added.
AUTOLINK = re.compile(
    r"<(?:https?://[^\s<>\"'`]+|(?:mailto:)?[^\s<>\"'`@!:/]+@[^\s<>\"'`@]+\.[^\s<>\"'`@]+)>", re.IGNORECASE
)

# Python-Markdown's attr_list syntax; with "=" inside, it sets attributes other than id and class.
_ATTRIBUTES = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)[ ]*\}")


def markdown_problems(markdown: str) -> Iterator[str]:
    """Why a Markdown text is refused: each unsafe link target and attribute list."""
    for _, target in link_targets(markdown):
        problem = link_problem(target)
        if problem:
            yield problem
    for match in _ATTRIBUTES.finditer(markdown):
        if "=" in match[1]:
            yield f"the attribute list '{match[0]}' is refused: text may only set #id and .class"


def link_targets(markdown: str) -> Iterator[tuple[int, str]]:
    """(offset, target) of every Markdown link, image and reference definition."""
    for pattern in (_INLINE_LINK, _REFERENCE):
        for match in pattern.finditer(markdown):
            yield match.start(1), match[1]


def link_problem(target: str) -> str | None:
    """Why a link target is refused, or ``None`` when readers may follow it."""
    plain = _IGNORED.sub("", target).lower()
    if plain.startswith(_SAFE_SCHEMES) or plain.startswith("#") or not plain:
        return None
    if _SCHEME.match(plain):
        return f"the link '{target}' is refused: links may use http, https, mailto or tel"
    if plain.startswith(("/", "\\")) or posixpath.normpath(plain.split("#")[0]).startswith(".."):
        return f"the link '{target}' leaves the site: link to another page as 'page-id.md'"
    return None
