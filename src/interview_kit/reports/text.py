"""Fonts, and the one function every piece of user text goes through before it reaches a Paragraph.

``markup(text)`` normalises (NFKC), lays right-to-left runs out visually (Arabic shaped with its presentation
forms, then the Unicode bidi algorithm — reportlab draws glyphs left to right and shapes nothing), picks a font
per run (DejaVu Sans, or the CJK fallback), replaces what no bundled font can show with ▯, and escapes every
run. Paragraph markup is never built from raw input anywhere else.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

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
    import re

    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_ikit", False):
        return

    def utf16(match: "re.Match") -> str:
        cp = int(match.group(2), 16) - 0x10000
        return f"<{match.group(1)}> <{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}>"

    def make(fontname, subset):
        return re.sub(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>", utf16, original(fontname, subset))

    make._ikit = True
    ttfonts.makeToUnicodeCMap = make


@lru_cache(maxsize=1)
def register_fonts() -> dict[str, set[int]]:
    """Register the bundled TrueType fonts with reportlab once; return each font's character coverage."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _patch_to_unicode()
    coverage = {}
    for name in _FILES:
        font = TTFont(name, str(font_path(name)))
        pdfmetrics.registerFont(font)
        coverage[name] = set(font.face.charToGlyph)
    # Charts start from reportlab's drawing defaults; make their default font ours, so no page refers to a
    # non-embedded base-14 font (Helvetica) even where a chart draws no text.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = SANS
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, SANS_BOLD)
    addMapping(CJK, 0, 0, CJK)
    addMapping(CJK, 1, 0, CJK)
    addMapping(CJK, 0, 1, CJK)
    addMapping(CJK, 1, 1, CJK)
    return coverage


def _is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def visual(text: str) -> str:
    """Normalised text in the order it must be drawn (RTL runs reversed, Arabic shaped)."""
    text = unicodedata.normalize("NFKC", text or "")
    if any(_is_rtl(ch) for ch in text):
        import arabic_reshaper
        from bidi import get_display

        lines = []
        for line in text.split("\n"):
            lines.append(get_display(arabic_reshaper.reshape(line)) if any(_is_rtl(c) for c in line) else line)
        text = "\n".join(lines)
    return text


def _font_for(ch: str, coverage: dict[str, set[int]]) -> str | None:
    cp = ord(ch)
    if cp in coverage[SANS] or ch in "\n\t":
        return SANS
    if cp in coverage[CJK]:
        return CJK
    return None


def runs(text: str | None) -> list[tuple[str, str]]:
    """(font, text) runs in drawing order; characters no font has become ▯, invisible controls are dropped."""
    text = text or ""
    if text.isascii() and text.isprintable():  # the common case: one run, nothing to shape or replace
        return [(SANS, text)] if text else []
    return list(_runs(text))


@lru_cache(maxsize=4096)
def _runs(text: str) -> tuple[tuple[str, str], ...]:
    """The slow path, cached: the same names and skills recur on every page of a round's PDF."""
    coverage = register_fonts()
    normal = unicodedata.normalize("NFKC", text)
    # Latin, Greek and Cyrillic that DejaVu Sans has in full: one run, nothing to reorder (RTL starts at U+0590).
    if normal.isprintable() and max(normal) < "\u0590" and set(map(ord, normal)) <= coverage[SANS]:
        return ((SANS, normal),)
    out: list[tuple[str, list[str]]] = []
    for ch in visual(text):
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t":
            continue  # control and format characters (bidi marks, zero-width joiners) draw nothing
        font = _font_for(ch, coverage)
        if font is None:
            ch, font = MISSING, SANS
        if out and out[-1][0] == font:
            out[-1][1].append(ch)
        else:
            out.append((font, [ch]))
    return tuple((font, "".join(chars)) for font, chars in out)


def markup(text: str | None, *, bold: bool = False) -> str:
    """Paragraph markup for a piece of user text: safe, legible, and extractable again."""
    parts = []
    for font, chunk in runs(text):
        body = escape(chunk).replace("\n", "<br/>")
        parts.append(f'<font name="{CJK}">{body}</font>' if font == CJK else body)
    body = "".join(parts)
    return f"<b>{body}</b>" if bold and body else body


def _pieces(text: str | None, size: float, bold: bool, x: float, align: str) -> list[tuple[str, str, float]]:
    """(font, text, x) for each run of one line, starting so the whole line is aligned left/center/right at x."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = [((SANS_BOLD if bold else SANS) if font == SANS else CJK, chunk.replace("\n", " "))
              for font, chunk in runs(text)]
    widths = [stringWidth(chunk, font, size) for font, chunk in pieces]
    x -= {"left": 0, "center": sum(widths) / 2, "right": sum(widths)}[align]
    out = []
    for (font, chunk), w in zip(pieces, widths):
        out.append((font, chunk, x))
        x += w
    return out


def string_runs(text: str | None, x: float, y: float, size: float, *, bold: bool = False, fill=None,
                anchor: str = "start") -> list:
    """reportlab.graphics String shapes for one line of user text, one per font run (for charts)."""
    from reportlab.graphics.shapes import String

    align = {"start": "left", "middle": "center", "end": "right"}[anchor]
    kw = {"fillColor": fill} if fill is not None else {}
    return [String(px, y, chunk, fontName=font, fontSize=size, **kw)
            for font, chunk, px in _pieces(text, size, bold, x, align)]


def draw_line(canvas, text: str | None, x: float, y: float, size: float, *, bold: bool = False,
              align: str = "left") -> None:
    """Draw one line of user text on a canvas (page headers and footers), run by run."""
    for font, chunk, px in _pieces(text, size, bold, x, align):
        canvas.setFont(font, size)
        canvas.drawString(px, y, chunk)
