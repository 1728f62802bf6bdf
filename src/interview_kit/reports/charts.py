"""The scorecard's skill chart and the round summary's overall chart, drawn straight onto the page canvas.

Why not reportlab.graphics: a Drawing builds a validated tree of shapes and renderPDF walks it node by node;
for a scorecard's 50-mark chart that took 2.2 ms, an eighth of the whole scorecard. The same marks drawn with
canvas calls take a tenth of that. They are still vector marks, and their text can still be extracted.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable

from .. import scoring
from . import style
from .data import panelist_color
from .flow import color
from .style import fmt
from .text import SANS, SANS_BOLD, draw_line, fit, line_width

class _OnTheScale(Flowable):
    """A chart with one row per item against the 1–5 scale, labels on the left."""

    row_h = 18.0
    top = 14.0
    label_w = 150.0

    def __init__(self, count: int):
        super().__init__()
        self.count = max(1, count)

    def wrap(self, aw, ah):
        self.width = aw
        self.height = self.top + self.row_h * self.count + 16
        return self.width, self.height

    def x(self, value: float) -> float:
        return self.label_w + (value - 1) / 4 * (self.width - 10 - self.label_w)

    def row_y(self, i: int) -> float:
        return self.height - self.top - (i + 1) * self.row_h

    def label(self, text: str, y: float) -> None:
        """A row's label, right-aligned against the scale, cut with an ellipsis where it is too long."""
        self.canv.setFillColor(color(style.INK))
        draw_line(self.canv, fit(text, self.label_w - 10, 7.5), self.label_w - 6, y, 7.5, align="right")

    def axis(self, grid_top: float) -> None:
        c = self.canv
        c.setStrokeColor(color(style.RULE))
        c.setLineWidth(0.5)
        c.setFillColor(color(style.MUTED))
        for tick in (1, 2, 3, 4, 5):
            c.line(self.x(tick), 12, self.x(tick), grid_top)
            c.setFont(SANS, 7)
            c.drawCentredString(self.x(tick), 2, str(tick))


class SkillChart(_OnTheScale):
    """Each skill's panel mean as a bar, the range across panelists as a line, and a dot per panelist."""

    def __init__(self, res: scoring.CandidateResult, panel_ids: list[str]):
        super().__init__(len(res.skills))
        self.res = res
        self.panel_ids = panel_ids

    def draw(self):
        c = self.canv
        self.axis(self.height - self.top + 4)
        for i, sr in enumerate(self.res.skills):
            y = self.row_y(i) + 6
            self.label(sr.skill.label, y + 2)
            if sr.stat.mean is None:
                c.setFillColor(colors.white)  # on a clear patch, not across the scale's lines
                c.rect(self.label_w + 2, y, line_width("no ratings", 7) + 4, 9, stroke=0, fill=1)
                c.setFillColor(color(style.FLAG_INK))
                draw_line(c, "no ratings", self.label_w + 4, y + 2, 7)
                continue
            c.setFillColor(color(style.BAR))
            c.rect(self.label_w, y, self.x(sr.stat.mean) - self.label_w, 9, stroke=0, fill=1)
            if sr.stat.low is not None:
                c.setStrokeColor(color(style.INK))
                c.setLineWidth(1.2)
                c.line(self.x(sr.stat.low), y + 4.5, self.x(sr.stat.high), y + 4.5)
            c.setStrokeColor(colors.white)
            c.setLineWidth(0.4)
            for j, pid in enumerate(self.panel_ids):
                v = sr.by_panelist.get(pid)
                if v is not None:
                    c.setFillColor(color(panelist_color(j)))
                    c.circle(self.x(v), y + 4.5, 2.6, stroke=1, fill=1)
            c.setFillColor(color(style.INK))
            c.setFont(SANS_BOLD, 7)
            c.drawString(self.x(sr.stat.mean) + 4, y + 10.5, fmt(sr.stat.mean))


class OverallChart(_OnTheScale):
    """Each candidate's weighted overall as a dot, with the range of the panelists' own overalls."""

    row_h = 16.0
    top = 10.0

    def __init__(self, ranked: list[scoring.Ranked]):
        super().__init__(len(ranked))
        self.ranked = ranked

    def split(self, aw, ah):
        """A long round's chart continues on the next page, each part with its own scale."""
        fit = int((ah - self.top - 16) // self.row_h)
        if fit < 3 or fit >= len(self.ranked):
            return []
        return [OverallChart(self.ranked[:fit]), OverallChart(self.ranked[fit:])]

    def draw(self):
        c = self.canv
        self.axis(self.height - self.top)
        for i, r in enumerate(self.ranked):
            res = r.result
            y = self.row_y(i) + 5
            self.label(res.candidate.name, y + 1)
            if res.overall.mean is None:
                continue
            if res.overall.low is not None:
                c.setStrokeColor(color(style.MUTED))
                c.setLineWidth(3)
                c.line(self.x(res.overall.low), y + 4, self.x(res.overall.high), y + 4)
            c.setFillColor(color(style.ACCENT))
            c.setStrokeColor(colors.white)
            c.setLineWidth(1)
            c.circle(self.x(res.overall.mean), y + 4, 3.2, stroke=1, fill=1)
            c.setFillColor(color(style.INK))
            c.setFont(SANS_BOLD, 7)
            c.drawString(self.x(res.overall.mean) + 6, y + 8, fmt(res.overall.mean))
