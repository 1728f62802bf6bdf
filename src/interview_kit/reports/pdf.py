"""Printable documents (reportlab platypus): the candidate scorecard, the round summary, the blank guide.

One renderer class per document. Each sets up its styles once, builds a ``story`` of flowables, draws the
header and footer in page callbacks ("Page 3 of 7", confidential, the date it was made), and writes to a path
or a BytesIO. User text only ever enters through ``text.markup`` (escaped, shaped, font per script).
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable, Iterable
from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .. import __version__, scoring
from ..model import VERDICT_LABELS
from . import data
from .paper import default_paper
from .text import SANS, SANS_BOLD, draw_line, markup, register_fonts, string_runs

INK = colors.HexColor("#111827")
MUTED = colors.HexColor("#6b7280")
RULE = colors.HexColor("#d1d5db")
ACCENT = colors.HexColor("#1f5fa8")
FLAG = colors.HexColor("#fde7c8")
FLAG_INK = colors.HexColor("#9a3412")
HEAD_BG = colors.HexColor("#eef2f7")
DOTS = [colors.HexColor(c) for c in ("#1f5fa8", "#c2410c", "#15803d", "#7c3aed", "#be185d", "#0f766e")]

def page_size(paper: str | None):
    return LETTER if (paper or default_paper()).lower() == "letter" else A4


def _fmt(v: float | None, digits: int = 1) -> str:
    return "—" if v is None else f"{v:.{digits}f}"


class NumberedCanvas(rl_canvas.Canvas):
    """A canvas that knows the page count when it writes each page, for "Page 3 of 7"."""

    footer: Callable[["NumberedCanvas", int, int], None] | None = None

    def __init__(self, *args, **kwargs):
        # Our embedded font from the first byte: no page ever refers to a non-embedded base-14 font.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SANS
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            if self.footer is not None:
                self.footer(self, number, total)
            super().showPage()
        super().save()


class Document:
    """Shared set-up: fonts, styles, page furniture. Subclasses implement :meth:`story`."""

    title = "interview-kit"

    def __init__(self, *, paper: str | None = None, made: _dt.datetime | None = None):
        register_fonts()
        self.pagesize = page_size(paper)
        self.made = made or _dt.datetime.now()
        base = dict(fontName=SANS, textColor=INK, leading=13, fontSize=9.5)
        self.s = {
            "title": ParagraphStyle("title", **{**base, "fontName": SANS_BOLD, "fontSize": 17, "leading": 21}),
            "subtitle": ParagraphStyle("subtitle", **{**base, "textColor": MUTED, "fontSize": 10, "leading": 14}),
            "h2": ParagraphStyle("h2", **{**base, "fontName": SANS_BOLD, "fontSize": 12, "leading": 16,
                                        "spaceBefore": 10, "spaceAfter": 4, "textColor": ACCENT}),
            "body": ParagraphStyle("body", **base),
            "small": ParagraphStyle("small", **{**base, "fontSize": 8, "leading": 10}),
            "muted": ParagraphStyle("muted", **{**base, "fontSize": 8.5, "leading": 11, "textColor": MUTED}),
            "cell": ParagraphStyle("cell", **{**base, "fontSize": 8.5, "leading": 10.5}),
            "cellb": ParagraphStyle("cellb", **{**base, "fontName": SANS_BOLD, "fontSize": 8.5, "leading": 10.5}),
            "big": ParagraphStyle("big", **{**base, "fontName": SANS_BOLD, "fontSize": 22, "leading": 26}),
            "flag": ParagraphStyle("flag", **{**base, "textColor": FLAG_INK, "fontSize": 9, "leading": 12}),
            "qhead": ParagraphStyle("qhead", **{**base, "fontSize": 8.5, "leading": 11, "backColor": HEAD_BG,
                                              "borderPadding": (3, 3, 3, 3), "spaceBefore": 4, "spaceAfter": 4}),
            "qtext": ParagraphStyle("qtext", **{**base, "fontSize": 8.5, "leading": 11, "spaceAfter": 3}),
            "qflag": ParagraphStyle("qflag", **{**base, "fontSize": 8.5, "leading": 11, "backColor": FLAG,
                                              "borderPadding": (3, 3, 3, 3), "spaceBefore": 4, "spaceAfter": 4}),
            "note": ParagraphStyle("note", **{**base, "fontSize": 8.5, "leading": 11, "leftIndent": 10,
                                            "spaceAfter": 2}),
        }

    # -------------------------------------------------------------------------------------------- helpers

    def p(self, text: str | None, style: str = "body", *, bold: bool = False) -> Paragraph:
        """A Paragraph of user text (escaped and font-run by ``markup``)."""
        return Paragraph(markup(text, bold=bold), self.s[style])

    def cell(self, text: str | None) -> "str | Paragraph":
        """A short table cell. Plain ASCII is drawn as a string (no markup parsing or line breaking, which is
        where reportlab spends its time); anything else goes through ``markup`` like all user text."""
        text = text or ""
        if len(text) <= 40 and text.isascii() and text.isprintable():
            return text
        return self.p(text, "cell")

    def label(self, fixed_markup: str, style: str = "body") -> Paragraph:
        """A Paragraph of our own fixed markup (never user text)."""
        return Paragraph(fixed_markup, self.s[style])

    def table(self, rows, widths, *, header: bool = True, extra: Iterable = ()) -> Table:
        # splitInRow: a cell with a very long note may continue on the next page instead of failing layout.
        t = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
        style = [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style += [("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD)]
        t.setStyle(TableStyle(style + list(extra)))
        return t

    @property
    def width(self) -> float:
        return self.pagesize[0] - 36 * mm

    def header_text(self) -> str:
        return self.title

    def _furniture(self, c: NumberedCanvas, number: int, total: int) -> None:
        w, h = self.pagesize
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(18 * mm, h - 13 * mm, w - 18 * mm, h - 13 * mm)
        c.line(18 * mm, 13 * mm, w - 18 * mm, 13 * mm)
        c.setFillColor(MUTED)
        draw_line(c, self.header_text(), 18 * mm, h - 11 * mm, 8)
        draw_line(c, f"interview-kit {__version__}", w - 18 * mm, h - 11 * mm, 8, align="right")
        draw_line(c, f"CONFIDENTIAL — hiring panel use only · made {self.made:%Y-%m-%d %H:%M}", 18 * mm,
                  9 * mm, 7.5)
        draw_line(c, f"Page {number} of {total}", w - 18 * mm, 9 * mm, 7.5, align="right")
        c.restoreState()

    def story(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def build(self, target: str | Path | io.BytesIO) -> None:
        out = str(target) if isinstance(target, Path) else target
        doc = SimpleDocTemplate(out, pagesize=self.pagesize, leftMargin=18 * mm, rightMargin=18 * mm,
                                topMargin=18 * mm, bottomMargin=18 * mm, title=self.title, author="interview-kit",
                                subject="Structured interview results", creator=f"interview-kit {__version__}")
        furniture = self._furniture

        class _Canvas(NumberedCanvas):
            footer = staticmethod(furniture)

        doc.build(self.story(), canvasmaker=_Canvas)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.build(buf)
        return buf.getvalue()


# ------------------------------------------------------------------------------------------------- charts


def skill_chart(res: scoring.CandidateResult, panel_ids: list[str], width: float) -> Drawing:
    """Horizontal bars of each skill's panel mean, the range across panelists, and a dot per panelist."""
    row_h, label_w, top = 18, 150, 14
    height = top + row_h * len(res.skills) + 16
    d = Drawing(width, height)
    x0, x1 = label_w, width - 10
    sx = lambda v: x0 + (v - 1) / 4 * (x1 - x0)  # noqa: E731 - the 1..5 scale
    for tick in (1, 2, 3, 4, 5):
        d.add(Line(sx(tick), 12, sx(tick), height - top + 4, strokeColor=RULE, strokeWidth=0.5))
        d.add(String(sx(tick), 2, str(tick), fontName=SANS, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    for i, sr in enumerate(res.skills):
        y = height - top - (i + 1) * row_h + 6
        label = sr.skill.label if len(sr.skill.label) <= 30 else sr.skill.label[:28] + "…"
        for shape in string_runs(label, label_w - 6, y + 2, 7.5, anchor="end"):
            d.add(shape)
        if sr.stat.mean is None:
            d.add(String(x0 + 4, y + 2, "no ratings", fontName=SANS, fontSize=7, fillColor=FLAG_INK))
            continue
        d.add(Rect(x0, y, sx(sr.stat.mean) - x0, 9, fillColor=colors.HexColor("#c7d7ee"), strokeColor=None))
        if sr.stat.low is not None:
            d.add(Line(sx(sr.stat.low), y + 4.5, sx(sr.stat.high), y + 4.5, strokeColor=INK, strokeWidth=1.2))
        for j, pid in enumerate(panel_ids):
            v = sr.by_panelist.get(pid)
            if v is not None:
                d.add(Circle(sx(v), y + 4.5, 2.6, fillColor=DOTS[j % len(DOTS)], strokeColor=colors.white,
                             strokeWidth=0.4))
        d.add(String(sx(sr.stat.mean) + 4, y + 10.5, _fmt(sr.stat.mean), fontName=SANS_BOLD, fontSize=7,
                     fillColor=INK))
    return d


#: Candidates per chart block: a block fits a page, and a long round gets several.
CHART_ROWS = 36


def overall_chart(ranked: list[scoring.Ranked], width: float) -> Drawing:
    """Each candidate's weighted overall with the range of the panelists' own overalls."""
    row_h, label_w, top = 16, 150, 10
    height = top + row_h * max(1, len(ranked)) + 16
    d = Drawing(width, height)
    x0, x1 = label_w, width - 10
    sx = lambda v: x0 + (v - 1) / 4 * (x1 - x0)  # noqa: E731
    for tick in (1, 2, 3, 4, 5):
        d.add(Line(sx(tick), 12, sx(tick), height - top, strokeColor=RULE, strokeWidth=0.5))
        d.add(String(sx(tick), 2, str(tick), fontName=SANS, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    for i, r in enumerate(ranked):
        res = r.result
        y = height - top - (i + 1) * row_h + 5
        name = res.candidate.name if len(res.candidate.name) <= 28 else res.candidate.name[:26] + "…"
        for shape in string_runs(name, label_w - 6, y + 1, 7.5, anchor="end"):
            d.add(shape)
        if res.overall.low is not None:
            d.add(Line(sx(res.overall.low), y + 4, sx(res.overall.high), y + 4, strokeColor=MUTED, strokeWidth=3))
        d.add(Circle(sx(res.overall.mean), y + 4, 3.2, fillColor=ACCENT, strokeColor=colors.white))
        d.add(String(sx(res.overall.mean) + 6, y + 8, _fmt(res.overall.mean, 2), fontName=SANS_BOLD, fontSize=7))
    return d


# ----------------------------------------------------------------------------------------------- scorecard


class Scorecard(Document):
    """One candidate: result, decision, skills by panelist, chart, flags, verdicts, notes, signatures."""

    def __init__(self, d: data.RoundData, candidate_id: str, *, short: bool = False, **kw):
        super().__init__(**kw)
        self.d = d
        self.res = d.result(candidate_id)
        self.short = short
        self.title = f"Scorecard — {self.res.candidate.name}"

    def header_text(self) -> str:
        return f"{self.d.round.title} · scorecard: {self.res.candidate.name}"

    def story(self) -> list:
        return scorecard_story(self, self.d, self.res, short=self.short)


def scorecard_story(doc: Document, d: data.RoundData, res: scoring.CandidateResult, *, short: bool) -> list:
    """The flowables of one scorecard (also used inside the round PDF)."""
    s = []
    cand = res.candidate
    panel = d.panel
    s.append(doc.p(cand.name, "title"))
    role = d.round.role_label
    s.append(doc.p(f"{role} · {d.round.title} · {doc.made:%d %B %Y}", "subtitle"))
    s.append(doc.p("Panel: " + ", ".join(p.name for p in panel), "subtitle"))
    s.append(Spacer(1, 8))

    decision = d.decisions.get(cand.id)
    dec_text = data.DECISIONS.get(decision.decision, decision.decision) if decision else "No consensus decision yet"
    summary = [
        [doc.label("Weighted overall", "muted"), doc.label("Panel range", "muted"), doc.label("Consensus decision",
                                                                                              "muted")],
        [doc.label(_fmt(res.overall.mean, 2), "big"),
         doc.label(f"{_fmt(res.overall.low)} – {_fmt(res.overall.high)}<br/>"
                   f"<font size=8 color='#6b7280'>{res.overall.n} panelist(s)</font>", "body"),
         [doc.p(dec_text, "body", bold=True)]
         + ([doc.p(decision.rationale, "small"), doc.p(f"Recorded by {decision.recorded_by}", "muted")]
            if decision else [])],
    ]
    s.append(doc.table(summary, [doc.width * 0.25, doc.width * 0.25, doc.width * 0.5], header=False,
                       extra=[("LINEBELOW", (0, 0), (-1, -1), 0, colors.white),
                              ("BOX", (0, 0), (-1, -1), 0.5, RULE), ("BACKGROUND", (0, 0), (-1, -1), HEAD_BG)]))

    # Skills by panelist.
    s.append(doc.label("Skills", "h2"))
    pw = min(62, (doc.width - 210) / max(1, len(panel)))
    header = [doc.label("<b>Skill</b>", "cell"), doc.label("<b>Weight</b>", "cell")]
    header += [doc.p(p.name, "cellb") for p in panel] + [doc.label("<b>Mean</b>", "cell"),
                                                          doc.label("<b>Spread</b>", "cell")]
    rows = [header]
    extra = []
    for i, sr in enumerate(res.skills, 1):
        row = [doc.p(sr.skill.label, "cell"), f"{sr.skill.weight:g}"]
        row += [_fmt(sr.by_panelist.get(p.id)) for p in panel]
        row += [_fmt(sr.stat.mean), _fmt(sr.stat.spread)]
        rows.append(row)
        if any(f.subject == sr.skill.skill for f in res.flags):
            extra.append(("BACKGROUND", (0, i), (-1, i), FLAG))
    widths = [doc.width - 150 - pw * len(panel), 54] + [pw] * len(panel) + [48, 48]
    extra.append(("FONTNAME", (-2, 1), (-2, -1), SANS_BOLD))
    s.append(doc.table(rows, widths, extra=extra))
    s.append(Spacer(1, 6))
    s.append(skill_chart(res, [p.id for p in panel], doc.width))
    legend = " ".join(f"<font color='{DOTS[i % len(DOTS)].hexval().replace('0x', '#')}'>●</font> {markup(p.name)}"
                      for i, p in enumerate(panel))
    s.append(doc.label(f"Bar: panel mean · line: range across panelists · dots: {legend}", "muted"))

    # Flags.
    s.append(CondPageBreak(40 * mm))
    s.append(doc.label("Flags", "h2"))
    if res.flags:
        for f in res.flags:
            s.append(doc.p(f"⚑ {f.reason}", "flag"))
    else:
        s.append(doc.label("No flags: the panel was within 2 points everywhere and verdicts match the scores.",
                           "muted"))

    # Verdicts.
    s.append(doc.label("Independent verdicts", "h2"))
    vrows = [[doc.label("<b>Panelist</b>", "cell"), doc.label("<b>Verdict</b>", "cell"),
              doc.label("<b>Summary</b>", "cell")]]
    for p in panel:
        v = res.verdicts.get(p.id)
        rec = VERDICT_LABELS.get(v.recommendation, "—") if v and v.recommendation else "—"
        state = "" if v is None or v.submitted_at else " (draft)"
        vrows.append([doc.p(p.name, "cell"), doc.p(rec + state, "cell", bold=True), doc.p(v.summary if v else "",
                                                                                         "cell")])
    s.append(doc.table(vrows, [doc.width * 0.22, doc.width * 0.18, doc.width * 0.60]))

    # Per-question notes.
    if not short:
        s.append(CondPageBreak(50 * mm))
        s.append(doc.label("Questions and notes", "h2"))
        for qr in res.questions:
            q = qr.question
            flagged = any(f.subject == q.id for f in res.flags)
            # Plain paragraphs, not a table: a table wraps every cell twice (to size, then to draw), and this
            # section is most of a scorecard's pages.
            s.append(Paragraph(
                markup(f"Q{q.position + 1}. {d.round.skill_name(q.skill)} · {q.kind}", bold=True)
                + f"  <font color='#6b7280'>mean {_fmt(qr.stat.mean)} · spread {_fmt(qr.stat.spread)}</font>"
                + ("  <font color='#9a3412'>⚑ panel 2+ points apart</font>" if flagged else ""),
                doc.s["qflag" if flagged else "qhead"]))
            s.append(doc.p(q.text, "qtext"))
            for p in panel:
                if p.id in qr.ratings:
                    r = qr.ratings[p.id]
                    s.append(Paragraph(markup(f"{p.name}: {'N/A' if r is None else r}", bold=True) + " — "
                                       + markup(qr.notes.get(p.id, "")), doc.s["note"]))
            s.append(Spacer(1, 6))

    # Signatures.
    s.append(CondPageBreak(45 * mm))
    s.append(doc.label("Signatures", "h2"))
    sig = [[doc.p(p.name, "cell"), "", doc.label("Date", "muted"), ""] for p in panel]
    s.append(doc.table(sig, [doc.width * 0.3, doc.width * 0.4, doc.width * 0.08, doc.width * 0.22], header=False,
                       extra=[("LINEBELOW", (1, 0), (1, -1), 0.6, INK), ("LINEBELOW", (3, 0), (3, -1), 0.6, INK),
                              ("LINEBELOW", (0, 0), (0, -1), 0, colors.white),
                              ("LINEBELOW", (2, 0), (2, -1), 0, colors.white),
                              ("TOPPADDING", (0, 0), (-1, -1), 14)]))
    return s


# ------------------------------------------------------------------------------------------ round summary


class RoundSummary(Document):
    """Every candidate compared and sorted, with a chart and the agreement figures; optionally followed by
    each candidate's scorecard."""

    def __init__(self, d: data.RoundData, *, scorecards: bool = False, short: bool = False,
                 progress: Callable[[int, int], bool] | None = None, **kw):
        super().__init__(**kw)
        self.d = d
        self.scorecards = scorecards
        self.short = short
        self.progress = progress
        self.title = f"Round summary — {d.round.title}"

    def header_text(self) -> str:
        return f"{self.d.round.title} · round summary"

    def story(self) -> list:
        d = self.d
        s = [self.p(d.round.title, "title"),
             self.p(f"{d.round.role_label} · {len(d.candidates)} candidate(s) · panel: "
                    + ", ".join(p.name for p in d.panel), "subtitle"), Spacer(1, 6)]
        ranked = scoring.compare(d.results)
        ag = d.agreement
        figures = []
        if ag.alpha is not None:
            figures.append(f"Krippendorff's α {ag.alpha:.2f} ({ag.alpha_units} items)")
        if ag.icc is not None:
            figures.append(f"ICC(2,1) {ag.icc['ICC2']:.2f}, ICC(2,k) {ag.icc['ICC2k']:.2f} ({ag.icc_targets} items)")
        s.append(self.label(f"<b>Panel agreement: {ag.reading}</b> — {'; '.join(figures) or 'not enough data'}. "
                            "Good ≥ 0.75, fair ≥ 0.50.", "body"))
        offsets = [f"{markup(d.names.get(pid, pid))} {o['offset']:+.2f} ({o['n']})"
                   for pid, o in ag.offsets.items() if o["offset"] is not None]
        if offsets:
            s.append(self.label("Rater calibration (offset from the rest of the panel, ratings): "
                                + " · ".join(offsets), "muted"))
        s.append(self.label("Candidates by weighted overall", "h2"))
        for start in range(0, max(1, len(ranked)), CHART_ROWS):  # a long round's chart continues page to page
            s.append(overall_chart(ranked[start:start + CHART_ROWS], self.width))
        s.append(self.label("Dot: weighted overall · bar: range of the panelists' own overalls. Where bars "
                            "overlap, the order is within the panel's disagreement and is not a real difference.",
                            "muted"))
        skills = list(d.round.skills)
        sw = min(34, (self.width - 250) / max(1, len(skills)))
        header = [self.label("<b>#</b>", "cell"), self.label("<b>Candidate</b>", "cell"),
                  self.label("<b>Overall</b>", "cell")]
        header += [self.label(f"<b>S{k}</b>", "cell") for k in range(1, len(skills) + 1)]
        header += [self.label("<b>Verdicts</b>", "cell"), self.label("<b>Decision</b>", "cell")]
        rows = [header]
        extra = []
        for i, r in enumerate(ranked, 1):
            res = r.result
            counts = {}
            for v in res.verdicts.values():
                if v.recommendation:
                    counts[v.recommendation] = counts.get(v.recommendation, 0) + 1
            short = {"strong_yes": "SY", "yes": "Y", "no": "N", "strong_no": "SN"}
            verdicts = " ".join(f"{short[k]}×{counts[k]}" for k in short if k in counts) or "—"
            dec = d.decisions.get(res.candidate.id)
            row = [self.label(str(i), "cell"), self.p(res.candidate.name, "cell"),
                   self.label(f"<b>{_fmt(res.overall.mean, 2)}</b><br/><font size=7 color='#6b7280'>"
                              f"{_fmt(res.overall.low)}–{_fmt(res.overall.high)}</font>", "cell")]
            for j, sr in enumerate(res.skills):
                row.append(self.label(_fmt(sr.stat.mean), "cell"))
                if any(f.subject == sr.skill.skill for f in res.flags):
                    extra.append(("BACKGROUND", (3 + j, i), (3 + j, i), FLAG))
            row += [self.label(verdicts, "cell"),
                    self.p(data.DECISIONS.get(dec.decision, dec.decision).split(" —")[0] if dec else "—", "cell")]
            rows.append(row)
        widths = [18, self.width - 18 - 48 - sw * len(skills) - 60 - 62, 48] + [sw] * len(skills) + [60, 62]
        s.append(self.table(rows, widths, extra=extra))
        key = " · ".join(f"<b>S{k}</b> {markup(sk.label)}" + (f" (×{sk.weight:g})" if sk.weight != 1 else "")
                         for k, sk in enumerate(skills, 1))
        s.append(self.label(f"Skill means: {key}. Tinted: the panel was 2+ points apart. Verdicts: SY strong yes, "
                            "Y yes, N no, SN strong no.", "muted"))
        flagged = [(r.result, f) for r in ranked for f in r.result.flags]
        if flagged:
            s.append(self.label("Flags", "h2"))
            for res, f in flagged:
                s.append(self.p(f"⚑ {res.candidate.name}: {f.reason}", "flag"))
        if self.scorecards:
            total = len(ranked)
            for i, r in enumerate(ranked):
                if self.progress is not None and not self.progress(i, total):
                    raise Cancelled()
                s.append(PageBreak())
                s.extend(scorecard_story(self, d, r.result, short=self.short))
        return s


class Cancelled(Exception):
    """The user cancelled a long export; nothing was written."""


# ------------------------------------------------------------------------------------------- blank guide


class BlankGuide(Document):
    """The locked guide for a paper interview: questions, probes, the anchored scale with tick boxes, room for
    notes, and the question ids ``scores import`` needs."""

    def __init__(self, d: data.RoundData, **kw):
        super().__init__(**kw)
        self.d = d
        self.title = f"Interview guide — {d.round.title}"

    def header_text(self) -> str:
        return f"{self.d.round.title} · interview guide"

    def story(self) -> list:
        d = self.d
        s = [self.p(d.round.title, "title"), self.p(f"{d.round.role_label} · interview guide", "subtitle"),
             Spacer(1, 8)]
        fields = [[self.label("Candidate", "muted"), "", self.label("Interviewer", "muted"), ""],
                  [self.label("Date", "muted"), "", self.label("Start / end", "muted"), ""]]
        s.append(self.table(fields, [self.width * 0.14, self.width * 0.36, self.width * 0.14, self.width * 0.36],
                            header=False, extra=[("LINEBELOW", (1, 0), (1, -1), 0.6, INK),
                                                 ("LINEBELOW", (3, 0), (3, -1), 0.6, INK),
                                                 ("LINEBELOW", (0, 0), (0, -1), 0, colors.white),
                                                 ("LINEBELOW", (2, 0), (2, -1), 0, colors.white),
                                                 ("TOPPADDING", (0, 0), (-1, -1), 10)]))
        s.append(Spacer(1, 6))
        s.append(self.label(
            "Ask every question as written, then the probes as needed. Tick one box per question against the "
            "anchored scale (N/A if not asked or not observed) and note the evidence — what the candidate said "
            "they did. Later, enter the ticks with <i>interview-kit scores import</i>: one CSV row per question "
            "with the columns candidate, question_id, rating (1–5 or NA), note.", "muted"))
        for q in d.guide:
            block = [Spacer(1, 8),
                     self.p(f"Q{q.position + 1}. {d.round.skill_name(q.skill)} · {q.kind}", "cellb"),
                     self.p(q.text, "body", bold=True)]
            if q.probes:
                block.append(self.label("Probes: " + " · ".join(markup(p) for p in q.probes), "small"))
            anchors = {a.level: a.text for a in q.anchors}
            scale = []
            for level in (5, 4, 3, 2, 1):
                scale.append([self.label(f"☐ <b>{level}</b>", "cell"),
                              self.p(anchors.get(level, "between the levels around it"), "cell")])
            scale.append([self.label("☐ <b>N/A</b>", "cell"), self.label("Not asked / not observed", "cell")])
            block.append(self.table(scale, [42, self.width - 42], header=False))
            block.append(self.label(f"<font color='#6b7280'>question_id: {markup(q.id)}</font>", "small"))
            notes = Table([[""]] * 4, colWidths=[self.width], rowHeights=[16] * 4)
            notes.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
            s.append(KeepTogether(block))
            s.append(notes)
        s.append(CondPageBreak(60 * mm))
        s.append(self.label("Overall recommendation", "h2"))
        s.append(self.label("☐ Strong no &nbsp;&nbsp;&nbsp; ☐ No &nbsp;&nbsp;&nbsp; ☐ Yes &nbsp;&nbsp;&nbsp; "
                            "☐ Strong yes &nbsp;&nbsp; <font color='#6b7280'>(no neutral option)</font>", "body"))
        notes = Table([[""]] * 5, colWidths=[self.width], rowHeights=[16] * 5)
        notes.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
        s.append(notes)
        return s


def write_pdf(document: Document, target: Path) -> None:
    """Write atomically: a temporary file renamed into place, so a failure never leaves half a PDF."""
    import os
    import tempfile

    from ..errors import UserError

    target = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".ikit-pdf-", suffix=".tmp")
    except OSError as e:
        raise UserError(f"could not write {target}: {e.strerror}") from None
    os.close(fd)
    try:
        document.build(Path(tmp))
        os.replace(tmp, target)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"could not write {target}: {e.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

