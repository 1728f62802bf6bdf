"""Printable documents (reportlab platypus): the candidate scorecard, the round summary, the blank guide.

One renderer class per document. Each sets up its looks once, builds a ``story`` of flowables, draws the
header and footer in page callbacks ("Page 3 of 7", confidential, the date it was made), and writes to a path
or a BytesIO. Text is set by ``flow`` (TextBlock, Grid): user text is drawn as strings, never parsed as markup.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, SimpleDocTemplate, Spacer

from .. import __version__, agreement, scoring
from ..model import VERDICT_LABELS
from . import data
from . import style
from .charts import OverallChart, SkillChart
from .flow import Content, Grid, GridStyle, Span, TextBlock, WritingLines, color
from .paper import default_paper
from .style import FORM, LOOKS, TABLE, fmt
from .text import SANS, draw_line, fit, line_width, register_fonts

def fmt_signed(v: float | None) -> str:
    return scoring.fmt(v, signed=True)


def page_size(paper: str | None):
    return LETTER if (paper or default_paper()).lower() == "letter" else A4


class NumberedCanvas(rl_canvas.Canvas):
    """A canvas that writes "Page 3 of 7" on every page without holding pages back until the count is known.

    Each page's own drawing is compressed as soon as the page is finished, exactly as reportlab would
    compress it at save; its furniture (rules, title, "Page N of M") is a second, small content stream added
    at save, when the total is known. A PDF page may have several content streams, read one after the other.
    Keeping every page's drawing state until the end instead (the usual recipe) held a 200-candidate round's
    843 pages of operators in memory at once. The furniture draws in plain colours: it adds no graphics-state
    resource (such as transparency) that its page would lack."""

    footer: Callable[["NumberedCanvas", int, int], None] | None = None

    def __init__(self, *args, **kwargs):
        # Our embedded font from the first byte: no page ever refers to a non-embedded base-14 font.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SANS
        super().__init__(*args, **kwargs)
        self._finished: list[tuple[pdfdoc.PDFPage, _PageStream]] = []

    def showPage(self):  # noqa: N802 - reportlab's name
        super().showPage()
        page = self._doc.Pages.pages[-1]
        self._finished.append((page, _PageStream(page.stream, page.compression)))
        page.stream = None

    def save(self):
        total = len(self._finished)
        for number, (page, body) in enumerate(self._finished, 1):
            streams = [body]
            if self.footer is not None:
                self._restartAccumulators()
                self.init_graphics_state()
                self.footer(self, number, total)
                streams.append(_PageStream("\n".join(self._code) + "\n", page.compression))
            page.Contents = pdfdoc.PDFArray([self._doc.Reference(s) for s in streams])
        self._finished = []
        self._restartAccumulators()  # nothing left for reportlab's save to make into one more page
        super().save()


class _PageStream(pdfdoc.PDFStream):
    """A page's content stream, filtered when made (Flate, as reportlab's own pages are) rather than at save,
    and let go of once it is written into the file: the document writes each object exactly once."""

    def __init__(self, code: str, compression: bool):
        if not compression:
            super().__init__(content=code, filters=[])
        else:
            flate = pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])})
            super().__init__(flate, content=pdfdoc.PDFZCompress.encode(code))

    def format(self, document):
        out = super().format(document)
        self.content = b""
        return out


class Later(Flowable):
    """Stands in a story for flowables made only when the layout reaches them. A round's PDF lists each
    scorecard this way, so one scorecard's flowables exist at a time rather than all 200 before the first page
    is laid out."""

    def __init__(self, make: Callable[[], list]):
        super().__init__()
        self.make = make

    def wrap(self, aw, ah):  # pragma: no cover - a guard: only _Template lays out a story with Later in it
        raise TypeError("a Later flowable must be expanded by the document template (pdf._Template)")


class _Template(SimpleDocTemplate):
    def filterFlowables(self, flowables):  # noqa: N802 - reportlab's hook, called before each flowable
        while flowables and isinstance(flowables[0], Later):
            flowables[0:1] = flowables[0].make()


class Document:
    """Shared set-up: fonts, looks, page furniture. Subclasses implement :meth:`story`."""

    title = "interview-kit"

    def __init__(self, *, paper: str | None = None, made: _dt.datetime | None = None):
        register_fonts()
        self.pagesize = page_size(paper)
        self.made = made or _dt.datetime.now()

    # -------------------------------------------------------------------------------------------- helpers

    def t(self, content: Content, look: str = "body") -> TextBlock:
        """A block of text: user text as plain strings, our own emphasis as Spans."""
        return TextBlock(content, LOOKS[look])

    def grid(self, rows: list[list], widths, *, style: GridStyle = TABLE, tints=None) -> Grid:
        return Grid(rows, widths, LOOKS["cell"], style=style, tints=tints)

    @property
    def width(self) -> float:
        """The frame's usable width: the page less its 18 mm margins and the frame's 6 pt paddings."""
        return self.pagesize[0] - 36 * mm - 12

    def header_text(self) -> str:
        return self.title

    def _furniture(self, c: NumberedCanvas, number: int, total: int) -> None:
        w, h = self.pagesize
        c.saveState()
        c.setStrokeColor(color(style.RULE))
        c.setLineWidth(0.5)
        c.line(18 * mm, h - 13 * mm, w - 18 * mm, h - 13 * mm)
        c.line(18 * mm, 13 * mm, w - 18 * mm, 13 * mm)
        c.setFillColor(color(style.MUTED))
        version = f"interview-kit {__version__}"
        room = w - 36 * mm - line_width(version, 8) - 12  # a long title or name is cut, never over the version
        draw_line(c, fit(self.header_text(), room, 8), 18 * mm, h - 11 * mm, 8)
        draw_line(c, version, w - 18 * mm, h - 11 * mm, 8, align="right")
        draw_line(c, f"CONFIDENTIAL — hiring panel use only · made {self.made:%Y-%m-%d %H:%M}", 18 * mm,
                  9 * mm, 7.5)
        draw_line(c, f"Page {number} of {total}", w - 18 * mm, 9 * mm, 7.5, align="right")
        c.restoreState()

    def story(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def build(self, target: str | Path | io.BytesIO) -> None:
        out = str(target) if isinstance(target, Path) else target
        doc = _Template(out, pagesize=self.pagesize, leftMargin=18 * mm, rightMargin=18 * mm,
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


def listing(items: Iterable[str | list[str]], sep: str = ", ") -> list[str]:
    """Items of user text one after another, each its own span: right-to-left ordering is worked out per span,
    so two Hebrew names in a list keep their order, and a number after an Arabic name stays after it."""
    out: list[str] = []
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out.extend([item] if isinstance(item, str) else item)
    return out


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
    muted = style.MUTED
    s.append(doc.t(cand.name, "title"))
    s.append(doc.t([d.round.role_label, " · ", d.round.title, f" · {doc.made:%d %B %Y}"], "subtitle"))
    s.append(doc.t(["Panel: ", *listing(p.name for p in panel)], "subtitle"))
    s.append(Spacer(1, 8))

    decision = d.decisions.get(cand.id)
    dec_text = data.DECISIONS.get(decision.decision, decision.decision) if decision else "No consensus decision yet"
    changed = ([doc.t(Span("Scores changed since this decision: to be confirmed again", bold=True), "flag")]
               if decision and decision.scores_changed_at else [])
    summary = [
        [doc.t("Weighted overall", "muted"), doc.t("Panel range", "muted"), doc.t("Consensus decision", "muted")],
        [doc.t(fmt(res.overall.mean), "big") if res.scored else doc.t(Span(data.NOT_YET_SCORED, bold=True)),
         doc.t([f"{fmt(res.overall.low)} – {fmt(res.overall.high)}\n",
                Span(f"{res.scorecards_submitted} submitted scorecard(s)"
                     + (f", {len(res.drafts)} draft(s) not counted" if res.drafts else ""), size=8, color=muted)]),
         [doc.t(Span(dec_text, bold=True))] + changed
         + ([doc.t(decision.rationale, "small"), doc.t(f"Recorded by {decision.recorded_by}", "muted")]
            if decision else [])],
    ]
    s.append(doc.grid(summary, [doc.width * 0.25, doc.width * 0.25, doc.width * 0.5],
                      style=TABLE.but(header=False, rule=None, box=style.RULE, back=style.HEAD)))

    # Skills by panelist.
    s.append(doc.t("Skills", "h2"))
    # Room for a panelist's name as a column heading, leaving the skill column at least 130 pt.
    pw = min(66, (doc.width - 130 - 130) / max(1, len(panel)))
    # A big panel's names may not fit as headings without breaking a word; then the columns are P1, P2... and
    # the legend under the chart says who is who.
    table = TABLE.but(pad_x=4)
    heading_room = pw - 2 * table.pad_x
    numbered = any(line_width(word, LOOKS["cell"].size, bold=True) > heading_room
                   for p in panel for word in p.name.split())
    heads = [f"P{i}" for i in range(1, len(panel) + 1)] if numbered else [p.name for p in panel]
    rows = [["Skill", "Weight", *heads, "Mean", "Spread"]]
    drafting = {x.panelist_id for x in res.drafts}  # their column says "draft", never a number
    tints = {}
    for i, sr in enumerate(res.skills, 1):
        rows.append([sr.skill.label, f"{sr.skill.weight:g}",
                     *(Span("draft", color=muted) if p.id in drafting else fmt(sr.by_panelist.get(p.id))
                       for p in panel),
                     Span(fmt(sr.stat.mean), bold=True), fmt(sr.stat.spread)])
        if res.flags_on(sr.skill.skill):
            tints[(i, -1)] = style.FLAG
    widths = [doc.width - 130 - pw * len(panel), 44] + [pw] * len(panel) + [42, 44]
    s.append(doc.grid(rows, widths, style=table, tints=tints))
    s.append(Spacer(1, 6))
    s.append(SkillChart(res, [p.id for p in panel]))
    legend: list = ["Bar: panel mean · line: range across panelists · dots:"]
    for i, p in enumerate(panel):
        legend += [" ", Span("●", color=data.panelist_color(i)), f" P{i + 1} " if numbered else " ", p.name]
    s.append(doc.t(legend, "muted"))

    # Flags.
    s.append(CondPageBreak(40 * mm))
    s.append(doc.t("Flags", "h2"))
    if res.flags:
        for f in res.flags:
            s.append(doc.t(f"⚑ {f.reason}", "flag"))
    else:
        s.append(doc.t("No flags: the panel was within 2 points everywhere and verdicts match the scores.", "muted"))

    # Verdicts.
    s.append(doc.t("Independent verdicts", "h2"))
    vrows = [["Panelist", "Verdict", "Summary"]]
    drafts = {x.panelist_id: x for x in res.drafts}
    for p in panel:
        v = res.verdicts.get(p.id)  # submitted verdicts only; a draft shows as a draft, its verdict unread
        if v is not None:
            vrows.append([p.name, Span(VERDICT_LABELS.get(v.recommendation, "—"), bold=True), v.summary])
        elif p.id in drafts:
            vrows.append([p.name, Span(drafts[p.id].label(len(d.guide)), color=muted), "not counted"])
        else:
            vrows.append([p.name, Span("—", color=muted), ""])
    s.append(doc.grid(vrows, [doc.width * 0.22, doc.width * 0.24, doc.width * 0.54]))

    # Per-question notes.
    if not short:
        s.append(CondPageBreak(50 * mm))
        s.append(doc.t("Questions and notes", "h2"))
        for qr in res.questions:
            q = qr.question
            flagged = bool(res.flags_on(q.id))
            head = [Span(f"Q{q.position + 1}. {d.round.skill_name(q.skill)} · {q.kind}", bold=True),
                    Span(f"  mean {fmt(qr.stat.mean)} · spread {fmt(qr.stat.spread)}", color=muted)]
            if flagged:
                head.append(Span("  ⚑ panel 2+ points apart", color=style.FLAG_INK))
            s.append(doc.t(head, "qflag" if flagged else "qhead"))
            s.append(doc.t(q.text, "qtext"))
            for p in panel:
                if p.id in qr.ratings:
                    r = qr.ratings[p.id]
                    s.append(doc.t([Span(p.name, bold=True), Span(f": {'N/A' if r is None else r}", bold=True), " — ",
                                    qr.notes.get(p.id, "")], "note"))
            s.append(Spacer(1, 6))

    # Signatures.
    s.append(CondPageBreak(45 * mm))
    s.append(doc.t("Signatures", "h2"))
    sig = [[p.name, "", Span("Date", color=muted), ""] for p in panel]
    s.append(doc.grid(sig, [doc.width * 0.3, doc.width * 0.4, doc.width * 0.08, doc.width * 0.22],
                      style=FORM.but(pad_top=14)))
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
        muted = style.MUTED
        s = [self.t(d.round.title, "title"),
             self.t([d.round.role_label, f" · {len(d.candidates)} candidate(s) · panel: ",
                     *listing(p.name for p in d.panel)], "subtitle"), Spacer(1, 6)]
        ranked, unscored = scoring.standing(d.results)
        ag = d.agreement
        # A plain sentence first; the statistics come second, in the method note at the end.
        s.append(self.t(Span(scoring.panel_sentence(d.results, ag), bold=True)))
        leaning = [[d.names.get(pid, pid), f" {fmt_signed(o['offset'])} ({ag.leaning(pid)}, {o['n']} ratings)"]
                   for pid, o in ag.offsets.items() if ag.leaning(pid) is not None]
        if leaning:
            s.append(self.t(["Rater calibration (offset from the rest of the panel): ",
                             *listing(leaning, " · ")], "muted"))
        s.append(self.t("Candidates by weighted overall", "h2"))
        if ranked:  # a chart of nobody would be an empty scale
            s.append(OverallChart(ranked))  # a long round's chart continues from page to page
            s.append(self.t("Dot: weighted overall · bar: range of the panelists' own overalls. Where bars overlap, "
                            "the order is within the panel's disagreement and is not a real difference.", "muted"))
        skills = list(d.round.skills)
        leads, tails = [], []  # per candidate: rank, name, overall; verdicts, decision
        everyone = [r.result for r in ranked] + unscored  # "not yet scored" below every ranked candidate
        for i, res in enumerate(everyone, 1):
            dec = d.decisions.get(res.candidate.id)
            if res.scored:
                leads.append([str(i), res.candidate.name,
                              [Span(fmt(res.overall.mean), bold=True), "\n",
                               Span(f"{fmt(res.overall.low)}–{fmt(res.overall.high)}", size=7, color=muted)]])
            else:
                leads.append(["", res.candidate.name, Span(data.NOT_YET_SCORED, size=7, color=muted)])
            drafts = f"\n{len(res.drafts)} draft(s)" if res.drafts else ""
            label = data.DECISIONS.get(dec.decision, dec.decision).split(" —")[0] if dec else "—"
            tails.append([[data.verdict_tally(res.verdicts.values(), " "), Span(drafts, size=7, color=muted)],
                          [label, Span("\nscores changed since", size=7, color=style.FLAG_INK)]
                          if dec and dec.scores_changed_at else label])
        # The skill means go in columns of 28 pt; a round with more skills than fit beside the summary columns
        # continues them in a second table under it, rather than squeezing numbers into columns too narrow.
        sw, rank_w, min_name = 28, 26, 110  # rank_w: room for "100"
        table = TABLE.but(pad_x=4)
        fixed = rank_w + 48 + 60 + 62
        first = max(1, int((self.width - fixed - min_name) // sw))
        more = int((self.width - rank_w - 150) // sw)
        chunks = [(0, skills[:first])] + [(k, skills[k:k + more]) for k in range(first, len(skills), more)]
        for number, (offset, part) in enumerate(chunks):
            summary = number == 0
            heading = ["#", "Candidate"] + (["Overall"] if summary else [])
            rows = [heading + [f"S{offset + k}" for k in range(1, len(part) + 1)]
                    + (["Verdicts", "Decision"] if summary else [])]
            tints = {}
            for i, (res, lead, tail) in enumerate(zip(everyone, leads, tails), 1):
                means = []
                for j, sr in enumerate(res.skills[offset:offset + len(part)]):
                    means.append(fmt(sr.stat.mean) if res.scored else "")
                    if res.flags_on(sr.skill.skill):
                        tints[(i, len(heading) + j)] = style.FLAG
                rows.append(lead + means + tail if summary else lead[:2] + means)
            named = self.width - sw * len(part) - (fixed if summary else rank_w)
            widths = [rank_w, named] + ([48] if summary else []) + [sw] * len(part) + ([60, 62] if summary else [])
            if not summary:
                s.append(Spacer(1, 6))
            s.append(self.grid(rows, widths, style=table, tints=tints))
        key: list = ["Skill means: "]
        for k, sk in enumerate(skills, 1):
            key += [" · " if k > 1 else "", Span(f"S{k}", bold=True), f" {sk.label}"
                    + (f" (×{sk.weight:g})" if sk.weight != 1 else "")]
        key.append(f". Tinted: the panel was 2+ points apart. {data.VERDICT_LEGEND}. Only submitted scorecards are "
                   f"counted; drafts are listed, never averaged; “{data.NOT_YET_SCORED}”: no submitted scorecard, "
                   "unranked.")
        s.append(self.t(key, "muted"))
        flagged = [(r.result, f) for r in ranked for f in r.result.flags]
        if flagged:
            s.append(self.t("Flags", "h2"))
            for res, f in flagged:
                s.append(self.t(["⚑ ", res.candidate.name, f": {f.reason}"], "flag"))
        s.extend(self.method_note())
        if self.scorecards:
            total = len(everyone)
            for i, res in enumerate(everyone):
                s.append(PageBreak())
                if self.progress is not None:
                    s.append(Milestone(self.progress, i, total))
                s.append(Later(partial(scorecard_story, self, d, res, short=self.short)))
        return s

    def method_note(self) -> list:
        """How the figures were made, with the statistics' names: second to the plain sentence at the top."""
        ag = self.d.agreement
        figures = []
        if ag.alpha is not None:
            figures.append(f"Krippendorff's α (interval) {fmt(ag.alpha)} over {ag.alpha_units} question ratings "
                           "shared by two or more panelists")
        if ag.icc is not None:
            figures.append(f"ICC(2,1) {fmt(ag.icc['ICC2'])} and ICC(2,k) {fmt(ag.icc['ICC2k'])} (Shrout & Fleiss) "
                           f"over {ag.icc_targets} questions every panelist rated")
        text = ("Method. Only submitted scorecards are counted. A skill's panel score is the mean of each panelist's "
                "own mean on its questions; the overall is the weighted mean over skills with ratings. Agreement: "
                + ("; ".join(figures) if figures else ag.note or "not enough data")
                + f". The reading leans on α (it uses every rating, gaps included): good ≥ {fmt(agreement.GOOD)}, "
                f"fair ≥ {fmt(agreement.FAIR)}, poor below. "
                + (f"{ag.note[0].upper()}{ag.note[1:]}. " if ag.note and figures else "")
                + f"Lenient or severe is said only with {scoring.LEANING_MIN_PANELISTS}+ panelists and "
                f"{scoring.LEANING_MIN_SHARED}+ shared ratings (with two panelists the offsets are mirror images), "
                f"at ±{fmt(scoring.LEANING_OFFSET)} from the rest of the panel. Figures are shown to two decimals.")
        return [self.t("Method", "h2"), self.t(text, "muted")]


class Cancelled(Exception):
    """The user cancelled a long export; nothing was written."""


class Milestone(Flowable):
    """Takes no room; tells ``progress`` when the page it starts is laid out, and cancels the build if asked.
    Progress is reported while pages are laid out and drawn, which is where the time goes, not while the
    story is put together."""

    def __init__(self, progress: Callable[[int, int], bool], done: int, total: int):
        super().__init__()
        self.progress, self.done, self.total = progress, done, total

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        if not self.progress(self.done, self.total):
            raise Cancelled()


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
        muted = style.MUTED
        s = [self.t(d.round.title, "title"), self.t(f"{d.round.role_label} · interview guide", "subtitle"),
             Spacer(1, 8)]
        fields = [[Span("Candidate", color=muted), "", Span("Interviewer", color=muted), ""],
                  [Span("Date", color=muted), "", Span("Start / end", color=muted), ""]]
        s.append(self.grid(fields, [self.width * 0.14, self.width * 0.36, self.width * 0.14, self.width * 0.36],
                           style=FORM.but(pad_top=10)))
        s.append(Spacer(1, 6))
        s.append(self.t([
            "Ask every question as written, then the probes as needed. Tick one box per question against the "
            "anchored scale (N/A if not asked or not observed) and note the evidence — what the candidate said "
            "they did. Later, enter the ticks with ", Span("interview-kit scores import", bold=True),
            ": one CSV row per question with the columns candidate, question_id, rating (1–5 or NA), note, and one row "
            "with question_id recommendation for the overall recommendation (strong_no, no, yes or strong_yes). "
            "The import is a draft unless it is given --submit (a scorecard handed in complete)."],
            "muted"))
        blocks = []
        for q in d.guide:
            block = [Spacer(1, 8),
                     self.t(f"Q{q.position + 1}. {d.round.skill_name(q.skill)} · {q.kind}", "cellb"),
                     self.t(Span(q.text, bold=True))]
            if q.probes:
                block.append(self.t("Probes: " + " · ".join(q.probes), "small"))
            anchors = {a.level: a.text for a in q.anchors}
            scale = [[["☐ ", Span(str(level), bold=True)], anchors.get(level, "between the levels around it")]
                     for level in (5, 4, 3, 2, 1)]
            scale.append([["☐ ", Span("N/A", bold=True)], "Not asked / not observed"])
            block.append(self.grid(scale, [42, self.width - 42], style=TABLE.but(header=False)))
            block.append(self.t(Span(f"question_id: {q.id}", color=muted), "small"))
            block.append(WritingLines(4, style.RULE))
            blocks.append(block)
        room = self.pagesize[1] - 36 * mm - 12  # a page's frame: the margins and the frame's paddings
        for block, following in zip(blocks, blocks[1:] + [[]]):
            s += [KeepTogether(block), WritingLines(0, style.RULE, then=following, page_room=room)]
        s.append(CondPageBreak(60 * mm))
        s.append(self.t("Overall recommendation", "h2"))
        s.append(self.t(["☐ Strong no     ☐ No     ☐ Yes     ☐ Strong yes    ",
                         Span("(no neutral option)", color=muted)]))
        s.append(WritingLines(5, style.RULE))
        return s


def write_pdf(document: Document, target: Path) -> None:
    """Write atomically (``files.atomic_path``): a failure never leaves half a PDF or harms the old one."""
    from ..files import atomic_path

    with atomic_path(target) as tmp:
        document.build(tmp)
