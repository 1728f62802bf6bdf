"""Fonts, and the one function every piece of user text goes through before it is measured or drawn.

``runs(text)`` normalises (NFKC), shapes Arabic into its presentation forms, picks a font per run (DejaVu Sans,
or the CJK fallback), drops invisible controls and replaces what no bundled font can show with ▯.
``display`` then puts one line's right-to-left text in visual order (the Unicode bidi algorithm), because
reportlab draws glyphs left to right and shapes nothing. User text is never turned into Paragraph markup:
``flow`` draws it as strings, so nothing in it can be interpreted.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import KeysView
from functools import lru_cache
from importlib import resources
from pathlib import Path

SANS = "IKitSans"
SANS_BOLD = "IKitSans-Bold"
CJK = "IKitCJK"
MISSING = "▯"

_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf", CJK: "IKitCJKFallback.ttf"}


def font_path(name: str) -> Path:
    return Path(str(resources.files("interview_kit") / "fonts" / _FILES[name]))


def _patch_to_unicode() -> None:
    """reportlab writes a character outside the Basic Multilingual Plane (an emoji, say) into the ToUnicode map
    as five hex digits, which PDF readers reject, so the character cannot be copied out again. The PDF spec
    wants UTF-16BE there (a surrogate pair); rewrite those entries."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_ikit", False):
        return

    def utf16(match: re.Match) -> str:
        cp = int(match.group(2), 16) - 0x10000
        return f"<{match.group(1)}> <{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}>"

    def make(fontname, subset):
        return re.sub(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>", utf16, original(fontname, subset))

    make._ikit = True
    ttfonts.makeToUnicodeCMap = make


class _MappedFile:
    """A font file as reportlab's parser reads it (``.name``, ``.read()``), but mapped rather than read: the
    parser and the subsetter touch only the tables and glyphs they use, so the 7 MB CJK file costs the few
    hundred kilobytes of its character map and metrics instead of its whole size."""

    def __init__(self, path: Path):
        self.name = str(path)

    def read(self):
        import mmap

        with open(self.name, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


class _GlyphTable:
    """The ``glyf`` table as the subsetter slices it, one glyph at a time, without copying the whole table."""

    __slots__ = ("data", "start", "length")

    def __init__(self, data, start: int, length: int):
        self.data, self.start, self.length = data, start, length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> bytes:
        lo, hi, _ = part.indices(self.length)
        return self.data[self.start + lo:self.start + max(lo, hi)]


class _Metrics:
    """A face's (advance, left side bearing) per glyph in two arrays, not a list of tuples: 24,000 glyphs in
    the CJK font made the list 2.6 MB. Only the subsetter reads it, by glyph index."""

    __slots__ = ("advances", "bearings")

    def __init__(self, pairs):
        from array import array

        self.advances = array("d", (aw for aw, _ in pairs))  # reportlab stores some advances already scaled
        self.bearings = array("H", (lsb for _, lsb in pairs))

    def __len__(self) -> int:
        return len(self.bearings)

    def __getitem__(self, glyph: int) -> tuple[float, int]:
        return self.advances[glyph], self.bearings[glyph]


def _slim(face) -> None:
    """Keep only what measuring and subsetting read from a parsed face. ``glyphToChar`` serves reportlab's
    HarfBuzz shaping alone, which we do not use (Arabic is shaped by ``arabic_reshaper``); it was a third of
    the CJK font's memory."""
    from array import array

    del face.glyphToChar
    face.hmetrics = _Metrics(face.hmetrics)
    face.glyphPos = array("L", face.glyphPos)
    get_table = face.get_table

    def table(tag: str):
        if tag != "glyf":
            return get_table(tag)
        start, length = face.get_table_pos(tag)
        return _GlyphTable(face._ttf_data, start, length)

    face.get_table = table


def _font_class():
    """reportlab's TTFont, with a fast path for turning text into the bytes of the embedded subset, and a
    face that holds far less memory (the file mapped, not read; see ``_slim``).

    reportlab maps every character through a Python loop each time a string is drawn; on a round's PDF that
    was the largest single cost left. Once every character of a string already has its code in the first
    subset (true for almost all text after the first page), the same bytes come from one ``str.translate``.
    Anything else — a new character, a second subset, CJK — takes reportlab's own path, which assigns the
    codes; ``tests/test_pdf_text.py`` checks both paths give identical output."""
    from reportlab.pdfbase.ttfonts import TTFont

    class FastSubsetTTFont(TTFont):
        def __init__(self, name: str, path: Path):
            super().__init__(name, _MappedFile(path))
            _slim(self.face)

        def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - reportlab's name
            state = self.state.get(doc)
            fast = getattr(state, "ikit_fast", None)
            if fast is not None and text and isinstance(text, str) and fast[0].issuperset(text):
                return [(0, text.translate(fast[1]).encode("latin-1"))]
            out = super().splitString(text, doc, encoding)
            state = self.state[doc]
            if fast is None:
                fast = state.ikit_fast = (set(), {})
                learn = state.assignments.keys()
            else:
                learn = map(ord, set(text)) if isinstance(text, str) else ()
            for code in learn:
                n = state.assignments.get(code)
                if n is not None and n < 256 and code != 0xA0:  # reportlab draws a no-break space as a space
                    fast[0].add(chr(code))
                    fast[1][code] = n
            return out

    return FastSubsetTTFont


_LOADING = threading.Lock()


def load_font(name: str) -> KeysView[int]:
    """Register one bundled font with reportlab, once; return the characters it covers (a view of its
    character map, not a copy). The CJK fallback is loaded only when some text first needs a character DejaVu
    Sans lacks: most rounds never do, and it is by far the largest font to parse. Under a lock, because that
    can happen in the middle of an export on a worker thread: a second registration would swap the font
    object under a document already using the first."""
    with _LOADING:
        return _load_font(name)


@lru_cache(maxsize=None)
def _load_font(name: str) -> KeysView[int]:
    from reportlab.pdfbase import pdfmetrics

    _patch_to_unicode()
    font = _font_class()(name, font_path(name))
    pdfmetrics.registerFont(font)
    return font.face.charToGlyph.keys()


def register_fonts() -> None:
    """Register the fonts every document draws with (the CJK fallback follows when a text needs it)."""
    load_font(SANS)
    load_font(SANS_BOLD)


#: The blocks where right-to-left letters live (Hebrew to Arabic Extended-A, the presentation forms, and their
#: supplementary-plane blocks); a regular expression finds one far faster than asking unicodedata per character.
_RTL_BLOCKS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    return not text.isascii() and _RTL_BLOCKS.search(text) is not None


def _shaped(text: str) -> str:
    """Arabic letters in their joined presentation forms, still in logical (typed) order."""
    import arabic_reshaper

    return "\n".join(arabic_reshaper.reshape(line) if has_rtl(line) else line for line in text.split("\n"))


def display(text: str) -> str:
    """One line of (shaped) text in the order it must be drawn: reportlab draws glyphs left to right."""
    from bidi import get_display

    return get_display(text) if has_rtl(text) else text


def visual(text: str) -> str:
    """Normalised text in the order it must be drawn (RTL runs reversed, Arabic shaped), line by line."""
    text = unicodedata.normalize("NFKC", text or "")
    if has_rtl(text):
        text = "\n".join(display(line) for line in _shaped(text).split("\n"))
    return text


def runs(text: str | None) -> list[tuple[str, str]]:
    """(font, text) runs in logical order (Arabic shaped); characters no font has become ▯, invisible controls
    are dropped. Lines are broken on these, then each line's right-to-left pieces go through ``display``."""
    text = text or ""
    if text.isascii() and text.isprintable():  # the common case: one run, nothing to shape or replace
        return [(SANS, text)] if text else []
    return list(_runs(text))


@lru_cache(maxsize=4096)
def _runs(text: str) -> tuple[tuple[str, str], ...]:
    """The slow path, cached: the same names and skills recur on every page of a round's PDF."""
    normal = unicodedata.normalize("NFKC", text).replace("\t", " ")
    sans, cjk = load_font(SANS), None  # the CJK fallback is looked up (and loaded) at its first use only
    # Latin, Greek and Cyrillic that DejaVu Sans has in full: one run, nothing to shape (RTL starts at U+0590).
    if normal.isprintable() and max(normal) < "\u0590" and sans >= set(map(ord, normal)):
        return ((SANS, normal),)
    out: list[tuple[str, list[str]]] = []
    for ch in _shaped(normal) if has_rtl(normal) else normal:
        if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n":
            continue  # control and format characters (bidi marks, zero-width joiners) draw nothing
        if ord(ch) in sans or ch in "\n\t":
            font = SANS
        else:
            cjk = load_font(CJK) if cjk is None else cjk
            font = CJK if ord(ch) in cjk else None
        if font is None:
            ch, font = MISSING, SANS
        if out and out[-1][0] == font:
            out[-1][1].append(ch)
        else:
            out.append((font, [ch]))
    return tuple((font, "".join(chars)) for font, chars in out)


def _measured(text: str | None, size: float, bold: bool) -> list[tuple[str, str, float]]:
    """(font, text in drawing order, width) for each run of one line of text."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out = []
    for font, chunk in runs(text):
        font = (SANS_BOLD if bold else SANS) if font == SANS else CJK
        chunk = display(chunk.replace("\n", " "))
        out.append((font, chunk, stringWidth(chunk, font, size)))
    return out


def line_width(text: str | None, size: float, *, bold: bool = False) -> float:
    """The width of one line of text, font run by font run."""
    return sum(w for _, _, w in _measured(text, size, bold))


def fit(text: str | None, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` as it fits in ``width`` on one line, cut with an ellipsis where it does not (chart labels)."""
    text = (text or "").replace("\n", " ")
    if line_width(text, size, bold=bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with its ellipsis
        mid = (lo + hi + 1) // 2
        if line_width(text[:mid].rstrip() + "…", size, bold=bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def draw_line(canvas, text: str | None, x: float, y: float, size: float, *, bold: bool = False,
              align: str = "left") -> None:
    """Draw one line of text on a canvas (page furniture, chart labels), run by run, aligned left, centre or
    right at ``x``."""
    pieces = _measured(text, size, bold)
    x -= {"left": 0, "center": sum(w for *_, w in pieces) / 2, "right": sum(w for *_, w in pieces)}[align]
    for font, chunk, w in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += w
