"""The panel view: where the panel agrees and disagrees, how reliable it is, and the consensus decision.

Candidates × skills with each panel mean and its spread drawn as a range bar with a dot per panelist; flagged
cells are tinted and say why on hover. Below, one candidate in detail (each panelist's rating and note per
question, and every independent verdict) beside the consensus decision, which never overwrites them. The
independence rule holds here too: a panelist who has not submitted for a candidate sees only their own rows.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QLineF, QModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import agreement, independence, scoring
from ..errors import UserError
from ..model import VERDICT_LABELS
from ..reports import data
from . import defs
from .context import AppContext
from .elided import ElidedLabel

RANGE_ROLE = Qt.ItemDataRole.UserRole + 10  # (mean, low, high, [panelist values]) for the range delegate
FLAG_BG = QColor("#fde7c8")
#: Column widths (px): a name column that elides long names, and score columns that never shrink to "…".
NAME_WIDTH = 240
SCORE_WIDTH = 128


_fmt = scoring.fmt  # one number format wherever a person reads a result


class PanelModel(QAbstractTableModel):
    """Rows: candidates sorted by weighted overall. Columns: overall, one per skill, verdicts, decision."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.d: data.RoundData | None = None
        self.rows: list[scoring.CandidateResult] = []
        self.hidden: set[str] = set()
        self._skill_of: dict[str, str] = {}  # question id -> its skill

    def load(self, d: data.RoundData | None, hidden: set[str]) -> None:
        """Show a gathered round: linear in its candidates (one sort, one pass)."""
        self.beginResetModel()
        self.d = d
        self.hidden = hidden
        if d is None:
            self.rows = []
        else:
            self.rows = d.ordered()  # ranked first, then "not yet scored"
        self._skill_of = {q.id: q.skill for q in d.guide} if d else {}
        self.endResetModel()

    def _cell_flags(self, res: scoring.CandidateResult, skill: str) -> list[scoring.Flag]:
        """The flags that tint a skill cell: the skill's own and its questions'. Worked out when a cell is drawn or
        hovered, so a load does nothing per cell of rows that are never on screen."""
        return [f for f in res.flags
                if f.subject == skill or (f.scope == "question" and self._skill_of.get(f.subject) == skill)]

    @property
    def skills(self):
        return list(self.d.round.skills) if self.d else []

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.d is None else 3 + len(self.skills) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or self.d is None:
            return None
        skills = self.skills
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Candidate"
            if section == 1:
                return "Overall"
            if 2 <= section < 2 + len(skills):
                s = skills[section - 2]
                return s.label if len(s.label) <= 22 else s.label[:20] + "…"
            if section == 2 + len(skills):
                return "Verdicts"
            return "Decision"
        if role == Qt.ItemDataRole.ToolTipRole and 2 <= section < 2 + len(skills):
            s = skills[section - 2]
            return f"{s.label} (weight {s.weight:g})"
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.d is None:
            return None
        res = self.rows[index.row()]
        col = index.column()
        skills = self.skills
        cid = res.candidate.id
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return res.candidate.name + ("  (your scores only)" if cid in self.hidden else "")
            if role == Qt.ItemDataRole.ToolTipRole:
                lines = [res.candidate.name]  # the whole name: a long one is elided in the cell
                if cid in self.hidden:
                    lines.append("Submit your own scorecard for this candidate to see the rest of the panel.")
                lines.append(f"{res.scorecards_submitted} scorecard(s) submitted")
                lines += [f"{self.d.names.get(x.panelist_id, x.panelist_id)}: {x.label(len(self.d.guide))} "
                          "(not counted)" for x in res.drafts]
                return "\n".join(lines)
            return None
        if not res.scored and 1 <= col < 2 + len(skills):
            if role == Qt.ItemDataRole.DisplayRole:
                return ("hidden until you submit" if cid in self.hidden else data.NOT_YET_SCORED) if col == 1 else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(defs.MUTED))
            if role == Qt.ItemDataRole.ToolTipRole:
                return "No scorecard for this candidate is submitted yet: not ranked, and drafts are never counted."
            return None
        if col == 1:
            stat = res.overall
            if role == RANGE_ROLE:
                return (stat.mean, stat.low, stat.high, list(res.panelist_overall.values()))
            if role == Qt.ItemDataRole.ToolTipRole:
                return (f"Weighted overall {_fmt(stat.mean)}; panelists' own overalls range "
                        f"{_fmt(stat.low)}–{_fmt(stat.high)} ({stat.n} panelists)")
            return None
        if 2 <= col < 2 + len(skills):
            sr = res.skills[col - 2]
            if role == RANGE_ROLE:
                return (sr.stat.mean, sr.stat.low, sr.stat.high, list(sr.by_panelist.values()))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(FLAG_BG) if self._cell_flags(res, sr.skill.skill) else None
            if role == Qt.ItemDataRole.ToolTipRole:
                names = self.d.names
                lines = [f"{sr.skill.label}: panel mean {_fmt(sr.stat.mean)}, spread {_fmt(sr.stat.spread)}"]
                lines += [f"  {names.get(pid, pid)}: {_fmt(v)}" for pid, v in sr.by_panelist.items() if v is not None]
                lines += [f"⚑ {f.reason}" for f in self._cell_flags(res, sr.skill.skill)]
                return "\n".join(lines)
            return None
        if col == 2 + len(skills):
            if role == Qt.ItemDataRole.DisplayRole:
                tally = data.verdict_tally(res.verdicts.values())
                n = len(res.drafts)
                return tally + (f"  · {n} draft{'s' if n > 1 else ''}" if n else "")
            if role == Qt.ItemDataRole.ToolTipRole:
                lines = [f"{self.d.names.get(pid, pid)}: {VERDICT_LABELS.get(v.recommendation, '—')}"
                         for pid, v in res.verdicts.items()]
                lines += [f"{self.d.names.get(x.panelist_id, x.panelist_id)}: {x.label(len(self.d.guide))} "
                          "(not counted)" for x in res.drafts]
                return "\n".join(lines + [data.VERDICT_LEGEND]) if lines else "No verdicts yet"
            if role == Qt.ItemDataRole.BackgroundRole and any(f.kind == "verdict-contradiction" for f in res.flags):
                return QBrush(FLAG_BG)
            return None
        dec = self.d.decisions.get(cid)
        if role == Qt.ItemDataRole.DisplayRole:
            if dec is None:
                return "—"
            label = data.DECISIONS.get(dec.decision, dec.decision).split(" —")[0]
            return label + (" · scores changed since" if dec.scores_changed_at else "")
        if role == Qt.ItemDataRole.BackgroundRole and dec is not None and dec.scores_changed_at:
            return QBrush(FLAG_BG)
        if role == Qt.ItemDataRole.ToolTipRole and dec is not None:
            tip = f"{data.DECISIONS.get(dec.decision, dec.decision)} — recorded by {dec.recorded_by}"
            return tip + ("\nScores changed since it was recorded: review it and confirm it again."
                          if dec.scores_changed_at else "")
        return None


class RangeDelegate(QStyledItemDelegate):
    """Draws a mean as a number, with a bar from the lowest to the highest panelist and a dot per panelist.

    It paints every visible cell of a big round on each repaint, so it does the least it can: pens, brushes and
    the bold font are made once, the model is asked directly for the two values it draws (no initStyleOption,
    which asks the model for every role of the cell), and only ``option.state``/``option.rect`` are read."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._selected = QColor(defs.SELECTED_BG)
        self._flag_pen = QPen(QColor(defs.BAD))
        self._text_pen = QPen(QColor("#111"))
        self._scale_pen = QPen(QColor("#d1d5db"), 1)
        self._range_pen = QPen(QColor("#9ca3af"), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        self._dots = [QBrush(QColor(data.panelist_color(i))) for i in range(len(data.PANELIST_COLORS))]
        self._bold = None

    def paint(self, painter: QPainter, option, index) -> None:
        model = index.model()
        value = model.data(index, RANGE_ROLE)
        if value is None:
            return super().paint(painter, option, index)
        painter.save()
        rect = option.rect
        bg = model.data(index, Qt.ItemDataRole.BackgroundRole)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, self._selected)
        elif bg is not None:
            painter.fillRect(rect, bg)
        if bg is not None:  # flagged: a marker that survives selection, beside the tint
            painter.setPen(self._flag_pen)
            painter.drawText(rect.adjusted(0, 2, -4, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, "⚑")
        mean, low, high, points = value
        r = rect.adjusted(6, 4, -6, -4)
        if self._bold is None:
            self._bold = QFont(option.font)
            self._bold.setBold(True)
        painter.setPen(self._text_pen)
        painter.setFont(self._bold)
        painter.drawText(QRectF(r.left(), r.top(), 34, r.height()), Qt.AlignmentFlag.AlignVCenter
                         | Qt.AlignmentFlag.AlignLeft, _fmt(mean))
        left, width = r.left() + 38, max(10, r.width() - 42)
        y = r.center().y()
        x = lambda v: left + (v - 1) / 4 * width  # noqa: E731 - the 1..5 scale across the bar
        painter.setPen(self._scale_pen)
        painter.drawLines([QLineF(left, y, left + width, y)]
                          + [QLineF(x(tick), y - 3, x(tick), y + 3) for tick in (1, 3, 5)])
        if low is not None and high is not None:
            painter.setPen(self._range_pen)
            painter.drawLine(QLineF(x(low), y, x(high), y))
        painter.setPen(Qt.PenStyle.NoPen)
        for i, v in enumerate(points):
            if v is None:
                continue
            painter.setBrush(self._dots[i % len(self._dots)])
            painter.drawEllipse(QRectF(x(v) - 3.5, y - 3.5, 7, 7))
        painter.restore()


class PanelView(QWidget):
    """Gathers its round only when something in that round changed, and only while it is on screen: a change
    while it is hidden marks it stale, and it gathers when it is shown again."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.round_id: str | None = None
        self.d: data.RoundData | None = None
        self._stale = True
        self._viewer: str | None = None  # whose eyes the last gather was for (the independence rule)
        self._build()
        ctx.scores_changed.connect(self._scores_changed)
        ctx.candidates_changed.connect(self._candidates_changed)
        ctx.workspace_changed.connect(lambda: self.show_round(None))
        ctx.identity_changed.connect(self.refresh)  # who "you" are decides what you may see

    def _build(self) -> None:
        self.title = ElidedLabel()  # a long round title ends in "…" instead of widening the window
        self.title.setStyleSheet(f"font-size: {defs.FONT_TITLE + 4}px; font-weight: 600;")
        self.agreement_label = QLabel()
        self.agreement_label.setWordWrap(True)
        self.agreement_label.setStyleSheet(f"font-size: {defs.FONT_BODY + 2}px;")
        self.calibration_label = QLabel()
        self.calibration_label.setWordWrap(True)
        self.calibration_label.setStyleSheet(f"font-size: {defs.FONT_BODY + 1}px; color: #374151;")
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(f"font-size: {defs.FONT_BODY + 1}px; color: {defs.MUTED};")

        self.model = PanelModel(self)
        self.table = QTableView()
        self.table.setObjectName("panelTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(RangeDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setMouseTracking(True)
        # Column widths are fixed (``_lay_out_columns``): a long name elides instead of squeezing the scores, and
        # nothing is sized by reading every row of a big round.
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_candidate())

        self.tree = QTreeWidget()
        self.tree.setObjectName("detail")
        self.tree.setHeaderLabels(["Question / panelist", "Rating", "Note"])
        self.tree.setWordWrap(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 330)
        self.tree.setColumnWidth(1, 60)
        self.tree.setUniformRowHeights(False)

        self.decision_box = QGroupBox("Consensus decision")
        form = QFormLayout(self.decision_box)
        self.verdicts_label = QLabel()
        self.verdicts_label.setWordWrap(True)
        self.verdicts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.decision = QComboBox()
        self.decision.addItem("— choose the panel's decision —", None)  # a decision starts blank
        for key, label in data.DECISIONS.items():
            self.decision.addItem(label, key)
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Why the panel decided this — the evidence, and how disagreements were settled")
        self.rationale.setFixedHeight(80)
        self.record_button = QPushButton("Record decision")
        self.record_button.clicked.connect(lambda: self.record_decision())
        self.current_decision = QLabel()
        self.current_decision.setWordWrap(True)
        self.current_decision.setTextFormat(Qt.TextFormat.PlainText)
        self.current_decision.setStyleSheet(f"color: {defs.MUTED};")
        # Three panelists' summaries can be long: they scroll in their own area instead of being cut at 1024x640.
        verdicts_area = QScrollArea()
        verdicts_area.setWidget(self.verdicts_label)
        verdicts_area.setWidgetResizable(True)
        verdicts_area.setFrameShape(QFrame.Shape.NoFrame)
        verdicts_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        verdicts_area.setMinimumHeight(60)
        self.verdicts_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form.addRow("Independent verdicts", verdicts_area)
        form.addRow("Decision", self.decision)
        form.addRow("Rationale", self.rationale)
        form.addRow("", self.record_button)
        form.addRow(self.current_decision)

        bottom = QSplitter()
        bottom.addWidget(self.tree)
        bottom.addWidget(self.decision_box)
        bottom.setSizes([760, 480])

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(bottom)
        split.setSizes([250, 400])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(defs.MARGIN, defs.MARGIN, defs.MARGIN, defs.MARGIN)
        layout.addWidget(self.title)
        layout.addWidget(self.agreement_label)
        layout.addWidget(self.calibration_label)
        layout.addWidget(self.legend)
        layout.addWidget(split, 1)

    # -------------------------------------------------------------------------------------------- data

    def show_round(self, round_id: str | None) -> None:
        me = self.ctx.workspace.me() if round_id else None
        viewer = me.id if me else None
        if round_id == self.round_id and viewer == self._viewer and not self._stale:
            return  # nothing in this round changed since it was gathered
        changed = round_id != self.round_id
        self.round_id = round_id
        self.refresh()
        if changed and self.model.rowCount():
            self.table.selectRow(0)

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _scores_changed(self, candidate_id: str) -> None:
        """A score or verdict changed. "" means anywhere (a packet import)."""
        if self.round_id is None:
            return
        if candidate_id:
            try:
                if self.ctx.workspace.candidate(candidate_id).round_id != self.round_id:
                    return
            except UserError:  # gone (undo of an add): cannot be ours to show
                return
        self._mark_stale()

    def _candidates_changed(self, round_id: str) -> None:
        if self.round_id is not None and round_id == self.round_id:
            self._mark_stale()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self.round_id is not None:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        if self.round_id is None:
            self.d = None
            self.model.load(None, set())
            self.title.setText("No round selected")
            self.agreement_label.setText("")
            self.calibration_label.setText("")
            return
        ws = self.ctx.workspace
        selected = self._selected_id()
        self._viewer = independence.viewer(ws, self.round_id)  # None (no name given): a panelist who sees only their own rows
        self.d = data.gather(ws, self.round_id, viewer=self._viewer)
        hidden = {c.id for c in self.d.candidates if not self.d.sees_the_panel(c.id)}
        self.model.load(self.d, hidden)
        self._lay_out_columns()
        self.title.setText(f"Panel view — {self.d.round.title}")
        self._show_agreement(nameless=self._viewer is None)
        if selected:
            self._select(selected)

    def _lay_out_columns(self) -> None:
        """Fixed widths: a long name elides (full name on hover) instead of squeezing the scores; when the
        columns do not fit (1024x640, many skills) the grid scrolls sideways."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        n = self.model.columnCount()
        for col in range(n):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, NAME_WIDTH)
        for col in range(1, max(1, n - 2)):
            header.resizeSection(col, SCORE_WIDTH)
        if n >= 2:
            header.resizeSection(n - 2, 110)  # verdicts

    def selected_candidate_id(self) -> str | None:
        """The candidate selected in the grid (what File → Export PDF prints from this view)."""
        return self._selected_id()

    def _show_agreement(self, nameless: bool = False) -> None:
        """A plain sentence first; the statistics' names and figures on hover."""
        ag = self.d.agreement
        figures = []
        if ag.alpha is not None:
            figures.append(f"Krippendorff's α {_fmt(ag.alpha)} over {ag.alpha_units} items")
        if ag.icc is not None:
            figures.append(f"ICC(2,1) {_fmt(ag.icc['ICC2'])}, ICC(2,k) {_fmt(ag.icc['ICC2k'])} over "
                           f"{ag.icc_targets} items everyone rated")
        colour = {"good": defs.OK, "fair": defs.WARN, "poor": defs.BAD}.get(ag.reading, defs.MUTED)
        sentence = scoring.panel_sentence(self.d.results, ag)
        if nameless:
            sentence = ("You have not said who you are (File → My name…), so this copy shows only your own scores. "
                        + sentence)
        self.agreement_label.setText(f"<b style='color:{colour}'>{_html(sentence)}</b>")
        self.agreement_label.setToolTip(
            "\n".join(figures + ([ag.note] if ag.note else []))
            + f"\nReading: good ≥ {_fmt(agreement.GOOD)}, fair ≥ {_fmt(agreement.FAIR)}; α is read first because it "
            "uses every rating, gaps included. Submitted scorecards only.")
        names = self.d.names
        parts = []
        for pid, o in sorted(ag.offsets.items(), key=lambda kv: -(kv[1]["offset"] or 0)):
            lean = ag.leaning(pid)
            if lean is None:
                continue
            parts.append(f"{names.get(pid, pid)} {_fmt(o['offset'], signed=True)} ({lean}, {o['n']} ratings)")
        self.calibration_label.setText("Rater calibration (offset from the rest of the panel): " + " · ".join(parts)
                                       if parts else "")
        self.calibration_label.setToolTip(
            f"Lenient or severe is said only with {scoring.LEANING_MIN_PANELISTS}+ panelists and "
            f"{scoring.LEANING_MIN_SHARED}+ shared ratings: with two panelists the offsets are mirror images.")
        dots = " ".join(f"<span style='color:{data.panelist_color(i)}'>●</span> {_html(p.name)}"
                        for i, p in enumerate(self.d.panel))
        self.legend.setText(f"Each cell: panel mean, the range across panelists (grey bar on a 1–5 scale) and "
                            f"one dot per panelist — {dots}. Tinted cells are flagged: hover for why. Rows are sorted "
                            "by weighted overall of submitted scorecards (drafts are never counted; “not yet scored” "
                            "rows are unranked); a rank inside overlapping ranges is not a real difference. "
                            f"{_html(data.VERDICT_LEGEND)}.")

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].candidate.id if rows else None

    def select_most_flagged(self) -> None:
        """Put the candidate with the most flags in the detail pane (the screenshot shows a disagreement)."""
        if self.model.rows:
            best = max(self.model.rows, key=lambda r: len(r.flags))
            self._select(best.candidate.id)

    def select_candidate(self, candidate_id: str) -> None:
        """Put this candidate in the detail pane (a search hit jumps here)."""
        self._select(candidate_id)

    def _select(self, candidate_id: str) -> None:
        for i, r in enumerate(self.model.rows):
            if r.candidate.id == candidate_id:
                self.table.selectRow(i)
                return

    def _show_candidate(self) -> None:
        cid = self._selected_id()
        self.tree.clear()
        if cid is None or self.d is None:
            return
        res = self.d.result(cid)
        names = self.d.names
        for sr in res.skills:
            flagged = res.flags_on(sr.skill.skill)
            top = QTreeWidgetItem([f"{sr.skill.label}  (weight {sr.skill.weight:g})", _fmt(sr.stat.mean),
                                   ("⚑ " + flagged[0].reason) if flagged else f"spread {_fmt(sr.stat.spread)}"])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for qr in res.questions:
                if qr.question.skill != sr.skill.skill:
                    continue
                qflag = res.flags_on(qr.question.id)
                qi = QTreeWidgetItem([f"Q{qr.question.position + 1}. {qr.question.text}", _fmt(qr.stat.mean),
                                      ("⚑ " + qflag[0].reason) if qflag else ""])
                qi.setToolTip(0, qr.question.text)
                if qflag:
                    for c in range(3):
                        qi.setBackground(c, QBrush(FLAG_BG))
                top.addChild(qi)
                for pid in names:
                    if pid not in qr.ratings:
                        continue
                    r = qr.ratings[pid]
                    qi.addChild(QTreeWidgetItem([names[pid], "N/A" if r is None else str(r), qr.notes.get(pid, "")]))
                qi.setExpanded(bool(qflag))  # a disagreement opens to show who said what
            top.setExpanded(True)
        guide_n = len(self.d.guide)
        if res.drafts:  # a lead sees drafts, marked as drafts, outside every mean
            top = QTreeWidgetItem([f"Drafts — not counted ({len(res.drafts)})", "", ""])
            font = top.font(0)
            font.setItalic(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            questions = {q.id: q for q in self.d.guide}
            for x in res.drafts:
                item = QTreeWidgetItem([names.get(x.panelist_id, x.panelist_id), "", x.label(guide_n)])
                top.addChild(item)
                for sc in sorted((s for s in self.d.draft_scores if s.candidate_id == cid
                                  and s.panelist_id == x.panelist_id),
                                 key=lambda s: questions[s.question_id].position if s.question_id in questions else 0):
                    q = questions.get(sc.question_id)
                    item.addChild(QTreeWidgetItem([f"Q{q.position + 1 if q else '?'} (draft)",
                                                   "N/A" if sc.rating is None else str(sc.rating), sc.note]))
        lines = []
        for pid, v in res.verdicts.items():
            lines.append(f"{names.get(pid, pid)}: {VERDICT_LABELS.get(v.recommendation, '—')} — {v.summary}")
        for x in res.drafts:
            lines.append(f"{names.get(x.panelist_id, x.panelist_id)}: {x.label(guide_n)} (not counted)")
        for f in res.flags:
            if f.kind == "verdict-contradiction":
                lines.append(f"⚑ {f.reason}")
        if cid in self.model.hidden:
            lines = ["The others' scores, verdicts and notes are hidden until you submit your own scorecard for "
                     "this candidate."]
        elif not res.scored:
            lines.insert(0, "Not yet scored: no scorecard for this candidate is submitted.")
        self.verdicts_label.setText("\n".join(lines) or "No verdicts yet.")
        dec = self.d.decisions.get(cid)
        if dec:
            self.decision.setCurrentIndex(max(0, self.decision.findData(dec.decision)))
            self.rationale.setPlainText(dec.rationale)
            text = (f"Recorded by {dec.recorded_by or 'unknown'} at {dec.recorded_at[:16].replace('T', ' ')} UTC. "
                    "The panelists' own verdicts above are kept as they were.")
            if dec.scores_changed_at:
                text = (f"Scores changed since this decision (a scorecard changed at "
                        f"{dec.scores_changed_at[:16].replace('T', ' ')} UTC): review it and confirm it again. "
                        + text)
            self.current_decision.setText(text)
            self.record_button.setText("Confirm decision" if dec.scores_changed_at else "Record decision")
        else:
            self.decision.setCurrentIndex(0)
            self.rationale.clear()
            self.current_decision.setText("No decision recorded yet." if res.scorecards_submitted else
                                          "No decision yet: it needs at least one submitted scorecard.")
            self.record_button.setText("Record decision")
        hidden = cid in self.model.hidden
        self.decision_box.setEnabled(not hidden)
        if hidden:
            self.current_decision.setText("Submit your own scorecard for this candidate first: the consensus comes "
                                          "after independent scoring.")

    def record_decision(self, *, confirm_missing: bool | None = None) -> bool:
        """Record (or confirm) the consensus decision. It needs a decision, a rationale, a submitted scorecard
        and a named recorder; it warns, by name, about panelists who have not submitted. ``confirm_missing``
        answers that warning without asking (tests). Returns whether it was recorded."""
        cid = self._selected_id()
        if cid is None or self.d is None:
            return False
        res = self.d.result(cid)
        title = "Consensus decision"
        me = self.ctx.workspace.me()
        if me is None:
            QMessageBox.information(self, title, "Say who you are first (File → My name…): a decision records who "
                                    "recorded it.")
            return False
        if res.scorecards_submitted == 0:
            QMessageBox.information(self, title, f"No scorecard for {res.candidate.name} is submitted yet. A decision "
                                    "needs at least one submitted scorecard; drafts are not counted.")
            return False
        if self.decision.currentData() is None:
            QMessageBox.information(self, title, "Choose the panel's decision first.")
            return False
        rationale = self.rationale.toPlainText().strip()
        if not rationale:
            QMessageBox.information(self, title, "Write the rationale: why the panel decided this.")
            return False
        missing = [p.name for p in self.d.panel if p.id not in res.verdicts]
        if missing:
            question = (f"Not submitted yet: {', '.join(missing)}. Their scores are not counted. Record the decision "
                        "anyway?")
            if confirm_missing is None:
                answer = QMessageBox.question(self, title, question)
                confirm_missing = answer == QMessageBox.StandardButton.Yes
            if not confirm_missing:
                return False
        try:
            self.ctx.workspace.record_decision(cid, self.decision.currentData(), rationale, me.name)
        except UserError as e:
            QMessageBox.warning(self, title, str(e))
            return False
        self.ctx.candidates_changed.emit(self.round_id)  # this view gathers again through its own handler
        self.ctx.status_message.emit("Consensus decision recorded (audited).")
        return True


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=False)
