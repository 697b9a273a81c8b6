"""Make the Chinese (and Japanese, Korean) text of a printed PDF findable and copyable.

A PDF maps each glyph back to its characters through a ``ToUnicode`` table, so that
search and copy work. CJK fonts such as Noto Sans CJK draw the ideograph 月 and
the Kangxi radical ⽉ with one glyph; Chromium names the radical, and a reader who
searches the PDF for 月 finds nothing. This module rewrites those tables so that
each radical (and compatibility ideograph) maps to the ordinary character it
stands for, as Unicode's NFKC normalisation says. The fix is appended to the file
as an incremental update: the pages themselves are not touched.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zlib
from typing import Any

__all__ = ["has_ideographs", "make_text_searchable", "searchable_cmap"]

# CJK Radicals Supplement, Kangxi Radicals, CJK Compatibility Ideographs.
_LOOKALIKES = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")
_IDEOGRAPHS = re.compile("[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# The radicals of the CJK Radicals Supplement that CJK fonts draw with an ideograph's glyph, each
# followed by that ideograph (read from the character maps of Noto Sans CJK). Kangxi radicals and
# compatibility ideographs need no table: Unicode's NFKC normalisation names their ideographs.
_PAIRS = (
    "⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母"
    "⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺩𤣩⺫罒⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺽𦥑⺾艹⺿艹"
    "⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝"
    "⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉"
    "⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)
_RADICAL_IDEOGRAPHS = {_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}
_SECTION = re.compile(r"\d+\s+begin(bfchar|bfrange)\s(.*?)end\1", re.S)
_PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])")
_BLOCK = 100  # entries per section, as the CMap format allows


def make_text_searchable(data: bytes) -> bytes:
    """The PDF with its ``ToUnicode`` tables naming ideographs, not look-alikes (unchanged if none do)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    fixed = {}
    for number, table in _unicode_tables(reader).items():
        text = searchable_cmap(table.get_data().decode("latin-1"))
        if text is not None:
            fixed[number] = text.encode("latin-1")
    if not fixed:
        return data
    trailer = {key: reader.trailer.raw_get(key).idnum for key in ("/Root", "/Info") if key in reader.trailer}
    size = int(reader.trailer["/Size"])  # type: ignore[call-overload]  # pypdf types it as any object
    return _updated(data, fixed, size, trailer)


def _updated(data: bytes, streams: dict[int, bytes], size: int, trailer: dict[str, int]) -> bytes:
    """``data`` with an incremental update that replaces the numbered objects by these streams.

    The update ends with a cross-reference stream, as Chromium's own last update does.
    """
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, content in sorted(streams.items()):
        packed = zlib.compress(content, 9)
        offsets[number] = len(out)
        out += b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (number, len(packed))
        out += packed + b"\nendstream\nendobj\n"
    offsets[size] = len(out)  # the cross-reference stream is the next object and lists itself
    rows = zlib.compress(b"".join(struct.pack(">BIB", 1, offsets[n], 0) for n in sorted(offsets)), 9)
    index = " ".join(f"{number} 1" for number in sorted(offsets))
    refs = " ".join(f"{key} {number} 0 R" for key, number in trailer.items())
    head = f"<< /Type /XRef /Size {size + 1} {refs} /Index [{index}] /W [1 4 1] /Prev {previous}"
    out += f"{size} 0 obj\n{head} /Filter /FlateDecode /Length {len(rows)} >>\nstream\n".encode()
    out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[size]
    return bytes(out)


def has_ideographs(text: str) -> bool:
    """Whether ``text`` has CJK characters, the only ones CJK fonts draw."""
    return _IDEOGRAPHS.search(text) is not None


def _unicode_tables(reader: Any) -> dict[int, Any]:
    """Every font's ``ToUnicode`` stream, by object number."""
    tables: dict[int, Any] = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            reference = font.get_object().get("/ToUnicode")
            if reference is not None and hasattr(reference, "idnum"):
                tables.setdefault(reference.idnum, reference.get_object())
    return tables


def searchable_cmap(cmap: str) -> str | None:
    """The CMap with look-alikes replaced (its mappings rewritten as plain pairs); None if it has none."""
    mapping = _mapping(cmap)
    if not any(_LOOKALIKES.search(text) for text in mapping.values()):
        return None
    sections = list(_SECTION.finditer(cmap))
    first, last = sections[0], sections[-1]
    pairs = sorted((code, _LOOKALIKES.sub(_normal, text)) for code, text in mapping.items())
    blocks = []
    for start in range(0, len(pairs), _BLOCK):
        chunk = pairs[start : start + _BLOCK]
        lines = "".join(f"<{code}> <{text.encode('utf-16-be').hex().upper()}>\n" for code, text in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{lines}endbfchar\n")
    return cmap[: first.start()] + "".join(blocks) + cmap[last.end() :].lstrip("\n")


def _normal(match: re.Match[str]) -> str:
    return _RADICAL_IDEOGRAPHS.get(match[0]) or unicodedata.normalize("NFKC", match[0])


def _mapping(cmap: str) -> dict[str, str]:
    """Character code (as written, in hex) to text, from the bfchar and bfrange sections."""
    result: dict[str, str] = {}
    for kind, body in _SECTION.findall(cmap):
        if kind == "bfchar":
            result.update((code, _text(text)) for code, text in _PAIR.findall(body))
            continue
        for low, high, start, array in _RANGE.findall(body):
            width, first = len(low), int(low, 16)
            if array:
                targets = re.findall(r"<([0-9A-Fa-f]*)>", array)
                result.update((f"{first + i:0{width}X}", _text(t)) for i, t in enumerate(targets))
            else:
                base = int(start, 16)
                for offset in range(int(high, 16) - first + 1):
                    result[f"{first + offset:0{width}X}"] = _text(f"{base + offset:0{len(start)}X}")
    return result


def _text(hex_utf16: str) -> str:
    return bytes.fromhex(hex_utf16).decode("utf-16-be", errors="replace")
