"""Text and grid flowables that measure and draw user text as font runs, with no Paragraph markup at all.

Why not reportlab's Paragraph and Table: a Paragraph parses its text as markup through an HTML parser and
breaks lines fragment by fragment, and a Table wraps every cell twice; on a round's PDF that was three
quarters of the time. Here text is split into words once, measured with reportlab's C string-width routine
(cached per word), broken greedily and drawn with one text object per block. Because user text is never
markup, nothing in it can be interpreted: ``<b>`` in a name is five characters on the page.

Every piece of text goes through ``text.runs`` (normalised, Arabic shaped, a font per script, ▯ for what no
bundled font has); right-to-left pieces are put in visual order line by line, after breaking, so a long
Hebrew or Arabic note reads top to bottom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from .text import CJK, SANS, SANS_BOLD, display, has_rtl, runs


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text with its own weight, colour or size (``None``: the look's)."""

    text: str
    bold: bool = False
    color: str | None = None
    size: float | None = None


Content = str | Span | Sequence["str | Span"] | None


@dataclass(frozen=True, slots=True)
class Look:
    """How a block of text is set: the few properties our documents use."""

    size: float = 9.5
    leading: float = 13
    color: str = "#000000"
    bold: bool = False
    indent: float = 0
    before: float = 0
    after: float = 0
    back: str | None = None
    pad: float = 0

    def but(self, **changes) -> "Look":
        return replace(self, **changes)


def spans_of(content: Content) -> tuple[Span, ...]:
    if content is None:
        return ()
    if isinstance(content, (str, Span)):
        content = (content,)
    return tuple(Span(c) if isinstance(c, str) else c for c in content)


# ------------------------------------------------------------------------------------------------ measuring

_WIDTHS: dict[str, dict[str, float]] = {}  # font -> word -> width at 1 pt


def _width(text: str, font: str, size: float) -> float:
    """Width of ``text`` at ``size``: measured once per word and font at 1 pt, then scaled (reportlab does not
    kern, so a word's width is linear in size and a line's width is the sum of its words)."""
    known = _WIDTHS.get(font)
    if known is None or len(known) > 100_000:
        known = _WIDTHS[font] = {}
    w = known.get(text)
    if w is None:
        w = known[text] = stringWidth(text, font, 1)
    return w * size


#: How a run of text is set: (font, size, colour, right-to-left, heavy). One tuple per run, shared by its
#: frags, so merging frags into pieces is an identity check. "Heavy" is bold CJK: the fallback font has no
#: bold face, so its glyphs are stroked as well as filled.
Setting = tuple[str, float, str, bool, bool]
#: A measured piece of a word or of the space between words. Plain tuples: a round's PDF makes hundreds of
#: thousands of them.
Frag = tuple[Setting, str, float]
Piece = tuple[str, float, str, str, float, bool]  # font, size, colour, text, x offset, heavy
Line = tuple[Piece, ...]

#: Line-breaking rules for CJK text (kinsoku): no line starts with closing punctuation, none ends with an
#: opening bracket.
_NO_BREAK_BEFORE = frozenset("。，、．：；！？）」』】〉》〕｝〗〙〛ー・…‥％,.:;!?)]}%")
_NO_BREAK_AFTER = frozenset("（「『【〈《〔｛〖〘〚([{")


def _chop(frags: list[Frag], width: float) -> list[tuple[list[Frag], float]]:
    """A word wider than the line (a long URL, an id) cut character by character into line-wide parts."""
    parts: list[tuple[list[Frag], float]] = []
    cur: list[Frag] = []
    cur_w = 0.0
    for setting, text, _ in frags:
        for ch in text:
            w = _width(ch, setting[0], setting[1])
            if cur and cur_w + w > width:
                parts.append((cur, cur_w))
                cur, cur_w = [], 0.0
            cur.append((setting, ch, w))
            cur_w += w
    parts.append((cur, cur_w))
    return parts


def _line(frags: list[Frag]) -> Line:
    """Merge neighbouring frags set alike into pieces with their x offsets; put right-to-left pieces in
    visual order."""
    out = []
    x = 0.0
    last = None
    texts: list[str] = []
    start = 0.0
    for setting, text, width in frags:
        if setting is not last:
            if texts:
                out.append(_piece(last, texts, start))
            last, texts, start = setting, [], x
        texts.append(text)
        x += width
    if texts:
        out.append(_piece(last, texts, start))
    return tuple(out)


def _piece(setting: Setting, texts: list[str], x: float) -> Piece:
    font, size, color, rtl, heavy = setting
    text = "".join(texts)
    return font, size, color, display(text) if rtl else text, x, heavy


@lru_cache(maxsize=1024)
def layout(spans: tuple[Span, ...], look: Look, width: float) -> tuple[Line, ...]:
    """Break ``spans`` into lines no wider than ``width``: greedily, at spaces and between CJK characters,
    with words wider than a line cut. Cached, but only the last thousand or so: a round repeats its questions,
    names and labels on every scorecard, and those stay recent; its notes are each laid out once, and keeping
    every one of them (16,384 entries) held 12 MB of a 200-candidate round's PDF for nothing."""
    lines: list[Line] = []
    cur: list[Frag] = []  # the line being filled
    cur_w = 0.0
    gap: list[Frag] = []  # spaces between the line so far and the next word
    gap_w = 0.0
    word: list[Frag] = []  # the word being collected (it may run across spans: "Q1." then " · ")
    word_w = 0.0

    def place() -> None:
        nonlocal cur, cur_w, gap, gap_w, word, word_w
        if cur and cur_w + gap_w + word_w > width:
            lines.append(_line(cur))
            cur, cur_w = [], 0.0
        elif cur:
            cur += gap
            cur_w += gap_w
        if not cur and word_w > width:
            *whole, (word, word_w) = _chop(word, width)
            lines.extend(_line(part) for part, _ in whole)
        cur += word
        cur_w += word_w
        gap, gap_w, word, word_w = [], 0.0, [], 0.0

    for span in spans:
        size = span.size or look.size
        color = span.color or look.color
        bold = span.bold or look.bold
        rtl = has_rtl(span.text)
        for font, chunk in runs(span.text):
            if font == SANS and bold:
                font = SANS_BOLD
            setting = (font, size, color, rtl, bold and font == CJK)
            space = (setting, " ", _width(" ", font, size))
            known = _WIDTHS.get(font) or {}
            for number, part in enumerate(chunk.split("\n")):
                if number:  # a line break typed into the text
                    if word:
                        place()
                    lines.append(_line(cur))
                    cur, cur_w, gap, gap_w = [], 0.0, [], 0.0
                if font == CJK:  # a line may break between two CJK characters, but not before a full stop
                    for ch in part:
                        if ch == " ":
                            if word:
                                place()
                            gap.append(space)
                            gap_w += space[2]
                            continue
                        if word and ch not in _NO_BREAK_BEFORE and word[-1][1][-1] not in _NO_BREAK_AFTER:
                            place()
                        w = _width(ch, font, size)
                        word.append((setting, ch, w))
                        word_w += w
                    continue
                for number_in_part, token in enumerate(part.split(" ")):
                    if number_in_part:  # a space before this token: the word so far is complete
                        if word:
                            place()
                        gap.append(space)
                        gap_w += space[2]
                    if token:
                        w = known.get(token)
                        w = _width(token, font, size) if w is None else w * size
                        word.append((setting, token, w))
                        word_w += w
    if word:
        place()
    if cur or not lines:
        lines.append(_line(cur))
    return tuple(lines)


# ------------------------------------------------------------------------------------------------- drawing

@lru_cache(maxsize=256)
def color(hexval: str):
    return colors.HexColor(hexval)


def _baseline(look: Look) -> float:
    """Distance from the top of a line's slot to its baseline: the glyphs' em box centred in the leading."""
    return look.leading - (look.leading - look.size) / 2 - 0.22 * look.size


class Pen:
    """One text object for many laid-out lines (a block, or every cell of a grid), switching font, size and
    colour only when they change."""

    def __init__(self, canv):
        self.canv = canv
        self.t = canv.beginText()
        self.font = self.size = self.fill = self.stroke = None
        self.heavy = False
        self.stroke_width = 0.0

    def lines(self, rows: Sequence[tuple[Look, Line]], x: float, top: float) -> None:
        """Draw ``rows`` from ``top`` down, each in its look's slot."""
        t = self.t
        y = top
        for look, line in rows:
            if line:
                t.setTextOrigin(x + look.indent, y - _baseline(look))
                for font, size, fill, text, _, heavy in line:
                    if font != self.font or size != self.size:
                        t.setFont(font, size)
                        self.font, self.size = font, size
                    if fill != self.fill:
                        t.setFillColor(color(fill))
                        self.fill = fill
                    if heavy != self.heavy:
                        t.setTextRenderMode(2 if heavy else 0)  # 2: fill, then stroke the outline
                        self.heavy = heavy
                    if heavy:
                        if fill != self.stroke:
                            t.setStrokeColor(color(fill))
                            self.stroke = fill
                        self.stroke_width = max(self.stroke_width, size * 0.03)
                    t.textOut(text)
            y -= look.leading

    def done(self) -> None:
        if not self.stroke_width:
            self.canv.drawText(self.t)
            return
        self.canv.saveState()
        self.canv.setLineWidth(self.stroke_width)
        self.canv.drawText(self.t)
        self.canv.restoreState()


class TextBlock(Flowable):
    """A paragraph of spans in one look: wraps, splits across pages line by line, draws as text runs."""

    def __init__(self, content: Content, look: Look, *, _rows: tuple | None = None):
        super().__init__()
        self.spans = spans_of(content)
        self.look = look
        self.spaceBefore = look.before
        self.spaceAfter = look.after
        self._rows = _rows  # set on the parts of a split block
        self._width = None

    def rows(self, width: float) -> tuple[tuple[Look, Line], ...]:
        if self._rows is None or (self._width is not None and self._width != width):
            look = self.look
            inner = width - look.indent - 2 * look.pad
            self._rows = tuple((look, line) for line in layout(self.spans, look, inner))
            self._width = width
        return self._rows

    def wrap(self, aw, ah):
        self.width = aw
        self.height = len(self.rows(aw)) * self.look.leading + 2 * self.look.pad
        return aw, self.height

    def split(self, aw, ah):
        rows = self.rows(aw)
        fit = int((ah - 2 * self.look.pad + 1e-6) // self.look.leading)
        if fit < 1 or fit >= len(rows):
            return []
        first = TextBlock((), self.look.but(after=0), _rows=rows[:fit])
        rest = TextBlock((), self.look.but(before=0), _rows=rows[fit:])
        return [first, rest]

    def draw(self):
        look = self.look
        if look.back:
            self.canv.setFillColor(color(look.back))
            self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        pen = Pen(self.canv)
        pen.lines(self.rows(self.width), look.pad, self.height - look.pad)
        pen.done()

    def text(self) -> str:
        """The block's text as drawn (for tests and debugging)."""
        return "\n".join("".join(p[3] for p in line) for _, line in self.rows(self.width))


# ---------------------------------------------------------------------------------------------------- grid

@dataclass(frozen=True)
class GridStyle:
    """The table looks our documents use: a header row, rules under rows, a box, tints."""

    header: bool = True
    rule: str | None = None  # the line under every row
    rule_cols: frozenset[int] | None = None  # only under these columns (signature and form lines)
    rule_width: float = 0.25
    box: str | None = None
    back: str | None = None
    header_back: str | None = None
    pad_x: float = 6
    pad_top: float = 3
    pad_bottom: float = 3

    def but(self, **changes) -> "GridStyle":
        return replace(self, **changes)


class Grid(Flowable):
    """A table of text cells: rows are as tall as their tallest cell; it splits between rows (repeating the
    header), or inside a row when one row alone is taller than the space left.

    A cell is content (text or spans, set in the grid's look; bold in a header row), a TextBlock, or a list of
    TextBlocks stacked in one cell."""

    def __init__(self, rows: list[list], widths: Sequence[float], look: Look, *, style: GridStyle | None = None,
                 tints: dict[tuple[int, int], str] | None = None, _laid: list | None = None):
        super().__init__()
        self.cells = rows
        self.widths = list(widths)
        self.look = look
        self.style = style or GridStyle()
        self.tints = tints or {}  # (row, col) -> background; col -1 tints the whole row
        self._laid = _laid  # per row, per cell: the (look, line) rows; set on split parts

    def _blocks(self, cell, row: int) -> list[TextBlock]:
        if isinstance(cell, TextBlock):
            return [cell]
        if isinstance(cell, list) and cell and all(isinstance(c, TextBlock) for c in cell):
            return cell
        look = self.look.but(bold=True) if row == 0 and self.style.header else self.look
        return [TextBlock(cell, look)]

    def laid(self) -> list[list[tuple]]:
        if self._laid is None:
            st = self.style
            self._laid = [[tuple(r for b in self._blocks(cell, i) for r in b.rows(w - 2 * st.pad_x))
                           for cell, w in zip(row, self.widths)] for i, row in enumerate(self.cells)]
        return self._laid

    def _row_height(self, cells) -> float:
        st = self.style
        return max((sum(look.leading for look, _ in c) for c in cells), default=0) + st.pad_top + st.pad_bottom

    def wrap(self, aw, ah):
        self.width = sum(self.widths)
        self.heights = [self._row_height(r) for r in self.laid()]
        self.height = sum(self.heights)
        return self.width, self.height

    def _part(self, laid: list, tints: dict) -> "Grid":
        return Grid([], self.widths, self.look, style=self.style, tints=tints, _laid=laid)

    def split(self, aw, ah):
        laid = self.laid()
        heights = [self._row_height(r) for r in laid]
        head = 1 if self.style.header else 0
        used = sum(heights[:head])
        fit = head
        while fit < len(laid) and used + heights[fit] <= ah + 1e-6:
            used += heights[fit]
            fit += 1
        header_tints = {k: v for k, v in self.tints.items() if k[0] < head}

        def moved(rows_from: int, shift: int) -> dict:
            return {**header_tints, **{(r - shift, c): v for (r, c), v in self.tints.items() if r >= rows_from}}

        if fit > head:
            if fit == len(laid):
                return []
            first = self._part(laid[:fit], {k: v for k, v in self.tints.items() if k[0] < fit})
            rest = self._part(laid[:head] + laid[fit:], moved(fit, fit - head))
            return [first, rest]
        # Not one whole row fits: split the first row itself, if a few of its lines fit.
        st = self.style
        room = ah - used - st.pad_top - st.pad_bottom
        row = laid[head]
        if room < 2 * self.look.leading:
            return []
        tops, bottoms = [], []
        for cell in row:
            h, k = 0.0, 0
            while k < len(cell) and h + cell[k][0].leading <= room + 1e-6:
                h += cell[k][0].leading
                k += 1
            tops.append(cell[:k])
            bottoms.append(cell[k:])
        if not any(bottoms) or not any(tops):
            return []
        first = self._part(laid[:head] + [tops], {k: v for k, v in self.tints.items() if k[0] <= head})
        rest = self._part(laid[:head] + [bottoms] + laid[head + 1:], moved(head, 0))
        return [first, rest]

    def draw(self):
        canv, st = self.canv, self.style
        laid = self.laid()
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        if st.back:
            canv.setFillColor(color(st.back))
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        y = self.height
        tops = []
        for i, h in enumerate(self.heights):
            tops.append(y)
            backs = []
            if i == 0 and st.header and st.header_back:
                backs.append((0, len(self.widths), st.header_back))
            if (i, -1) in self.tints:
                backs.append((0, len(self.widths), self.tints[(i, -1)]))
            backs += [(c, c + 1, v) for (r, c), v in self.tints.items() if r == i and c >= 0]
            for c0, c1, v in backs:
                canv.setFillColor(color(v))
                canv.rect(xs[c0], y - h, xs[c1] - xs[c0], h, stroke=0, fill=1)
            y -= h
        if st.rule:
            canv.setStrokeColor(color(st.rule))
            canv.setLineWidth(st.rule_width)
            cols = range(len(self.widths)) if st.rule_cols is None else sorted(st.rule_cols)
            for top, h in zip(tops, self.heights):
                for c in cols:
                    canv.line(xs[c], top - h, xs[c + 1], top - h)
        if st.box:
            canv.setStrokeColor(color(st.box))
            canv.setLineWidth(0.5)
            canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        pen = Pen(canv)
        for top, row in zip(tops, laid):
            for c, cell in enumerate(row):
                pen.lines(cell, xs[c] + st.pad_x, top - st.pad_top)
        pen.done()


class WritingLines(Flowable):
    """Ruled lines to write on (the blank guide's notes). Given what comes next, more lines take whatever room
    is left at the foot of the page when the next part will not fit there and moves on anyway."""

    def __init__(self, count: int, rule: str, gap: float = 16, *, then: Sequence[Flowable] = (),
                 page_room: float = 0):
        super().__init__()
        self.count, self.rule, self.gap = count, rule, gap
        self.then, self.page_room = list(then), page_room

    def wrap(self, aw, ah):
        height = self.count * self.gap
        if self.then and height <= ah:
            following = sum(f.wrapOn(self.canv, aw, self.page_room)[1] + f.getSpaceBefore() for f in self.then)
            if height + following > ah and following <= self.page_room:  # it starts the next page anyway
                height = max(height, (ah // self.gap) * self.gap)
        self.width, self.height = aw, height
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(color(self.rule))
        self.canv.setLineWidth(0.4)
        for i in range(int(round(self.height / self.gap))):
            self.canv.line(0, i * self.gap, self.width, i * self.gap)
