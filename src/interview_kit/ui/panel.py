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
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import agreement, scoring
from ..errors import UserError
from ..model import VERDICT_LABELS
from ..reports import data
from . import defs
from .context import AppContext

RANGE_ROLE = Qt.ItemDataRole.UserRole + 10  # (mean, low, high, [panelist values]) for the range delegate
FLAG_BG = QColor("#fde7c8")


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}"


class PanelModel(QAbstractTableModel):
    """Rows: candidates sorted by weighted overall. Columns: overall, one per skill, verdicts, decision."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.d: data.RoundData | None = None
        self.rows: list[scoring.CandidateResult] = []
        self.hidden: set[str] = set()
        #: Per row, per skill column: the flags that tint the cell (worked out once per load, not per paint).
        self._cell_flags: list[list[list[scoring.Flag]]] = []

    def load(self, d: data.RoundData | None, hidden: set[str]) -> None:
        """Show a gathered round: linear in its candidates (one sort, one pass)."""
        self.beginResetModel()
        self.d = d
        self.hidden = hidden
        if d is None:
            self.rows = []
        else:
            ranked = [r.result for r in scoring.compare(d.results)]
            placed = {id(r) for r in ranked}
            self.rows = ranked + [r for r in d.results if id(r) not in placed]
        self._cell_flags = [self._flags_by_skill(r) for r in self.rows]
        self.endResetModel()

    def _flags_by_skill(self, res: scoring.CandidateResult) -> list[list[scoring.Flag]]:
        skill_of = {q.question.id: q.question.skill for q in res.questions}
        return [[f for f in res.flags if f.subject == sr.skill.skill
                 or (f.scope == "question" and skill_of.get(f.subject) == sr.skill.skill)] for sr in res.skills]

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
            if role == Qt.ItemDataRole.ToolTipRole and cid in self.hidden:
                return "Submit your own scorecard for this candidate to see the rest of the panel."
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
            flags = self._cell_flags[index.row()][col - 2]
            if role == RANGE_ROLE:
                return (sr.stat.mean, sr.stat.low, sr.stat.high, list(sr.by_panelist.values()))
            if role == Qt.ItemDataRole.BackgroundRole and flags:
                return QBrush(FLAG_BG)
            if role == Qt.ItemDataRole.ToolTipRole:
                names = self.d.names
                lines = [f"{sr.skill.label}: panel mean {_fmt(sr.stat.mean)}, spread {_fmt(sr.stat.spread)}"]
                lines += [f"  {names.get(pid, pid)}: {_fmt(v)}" for pid, v in sr.by_panelist.items() if v is not None]
                lines += [f"⚑ {f.reason}" for f in flags]
                return "\n".join(lines)
            return None
        if col == 2 + len(skills):
            if role == Qt.ItemDataRole.DisplayRole:
                counts = {}
                for v in res.verdicts.values():
                    if v.recommendation:
                        counts[v.recommendation] = counts.get(v.recommendation, 0) + 1
                order = ("strong_yes", "yes", "no", "strong_no")
                short = {"strong_yes": "SY", "yes": "Y", "no": "N", "strong_no": "SN"}
                return "  ".join(f"{short[k]}×{counts[k]}" for k in order if k in counts) or "—"
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{self.d.names.get(pid, pid)}: {VERDICT_LABELS.get(v.recommendation, '—')}"
                                 for pid, v in res.verdicts.items()) or "No verdicts yet"
            if role == Qt.ItemDataRole.BackgroundRole and any(f.kind == "verdict-contradiction" for f in res.flags):
                return QBrush(FLAG_BG)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            dec = self.d.decisions.get(cid)
            return data.DECISIONS.get(dec.decision, dec.decision).split(" —")[0] if dec else "—"
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

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
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
        self.table.setMouseTracking(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        # Size the name column from the rows on screen and a few more, never by reading every row of a big round.
        header.setResizeContentsPrecision(defs.SIZE_SAMPLE_ROWS)
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
        for key, label in data.DECISIONS.items():
            self.decision.addItem(label, key)
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Why the panel decided this — the evidence, and how disagreements were settled")
        self.rationale.setFixedHeight(80)
        self.record_button = QPushButton("Record decision")
        self.record_button.clicked.connect(self.record_decision)
        self.current_decision = QLabel()
        self.current_decision.setWordWrap(True)
        self.current_decision.setTextFormat(Qt.TextFormat.PlainText)
        self.current_decision.setStyleSheet(f"color: {defs.MUTED};")
        form.addRow("Independent verdicts", self.verdicts_label)
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
        me = ws.me()
        self._viewer = me.id if me else None
        selected = self._selected_id()
        self.d = data.gather(ws, self.round_id, viewer=self._viewer)
        panel_ids = {p.id for p in self.d.panel}
        hidden = set()
        if me is not None and me.id in panel_ids:
            # The viewer's own verdicts are always among the visible ones.
            submitted = {v.candidate_id for v in self.d.verdicts if v.panelist_id == me.id and v.submitted_at}
            hidden = {c.id for c in self.d.candidates if c.id not in submitted}
        self.model.load(self.d, hidden)
        self.title.setText(f"Panel view — {self.d.round.title}")
        self._show_agreement()
        if selected:
            self._select(selected)

    def _show_agreement(self) -> None:
        ag = self.d.agreement
        figures = []
        if ag.alpha is not None:
            figures.append(f"Krippendorff's α {ag.alpha:.2f} over {ag.alpha_units} items")
        if ag.icc is not None:
            figures.append(f"ICC(2,1) {ag.icc['ICC2']:.2f}, ICC(2,k) {ag.icc['ICC2k']:.2f} over {ag.icc_targets} "
                           "items everyone rated")
        reading = ag.reading
        colour = {"good": defs.OK, "fair": defs.WARN, "poor": defs.BAD}.get(reading, defs.MUTED)
        self.agreement_label.setText(
            f"<b style='color:{colour}'>Panel agreement: {reading}</b> — " + ("; ".join(figures) or ag.note)
            + f" <span style='color:{defs.MUTED}'>(good ≥ {agreement.GOOD:.2f}, fair ≥ {agreement.FAIR:.2f}; "
            "α is read first because it uses every rating, gaps included)</span>"
        )
        names = self.d.names
        parts = []
        for pid, o in sorted(ag.offsets.items(), key=lambda kv: -(kv[1]["offset"] or 0)):
            if o["offset"] is None:
                continue
            lean = "lenient" if o["offset"] >= 0.5 else "severe" if o["offset"] <= -0.5 else "in line"
            parts.append(f"{names.get(pid, pid)} {o['offset']:+.2f} ({lean}, {o['n']} ratings)")
        self.calibration_label.setText("Rater calibration (offset from the rest of the panel): " + " · ".join(parts)
                                       if parts else "")
        dots = " ".join(f"<span style='color:{data.panelist_color(i)}'>●</span> {_html(p.name)}"
                        for i, p in enumerate(self.d.panel))
        self.legend.setText(f"Each cell: panel mean, the range across panelists (grey bar on a 1–5 scale) and "
                            f"one dot per panelist — {dots}. Tinted cells are flagged: hover for why. Rows are sorted "
                            "by weighted overall; a rank inside overlapping ranges is not a real difference.")

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
        lines = []
        for pid, v in res.verdicts.items():
            state = "" if v.submitted_at else " (not submitted)"
            lines.append(f"{names.get(pid, pid)}: {VERDICT_LABELS.get(v.recommendation, '—')}{state} — {v.summary}")
        for f in res.flags:
            if f.kind == "verdict-contradiction":
                lines.append(f"⚑ {f.reason}")
        self.verdicts_label.setText("\n".join(lines) or "No verdicts yet.")
        dec = self.d.decisions.get(cid)
        if dec:
            self.decision.setCurrentIndex(max(0, self.decision.findData(dec.decision)))
            self.rationale.setPlainText(dec.rationale)
            self.current_decision.setText(f"Recorded by {dec.recorded_by or 'unknown'} at "
                                          f"{dec.recorded_at[:16].replace('T', ' ')} UTC. The panelists' own verdicts "
                                          "above are kept as they were.")
        else:
            self.rationale.clear()
            self.current_decision.setText("No decision recorded yet.")
        hidden = cid in self.model.hidden
        self.decision_box.setEnabled(not hidden)
        if hidden:
            self.current_decision.setText("Submit your own scorecard for this candidate first: the consensus comes "
                                          "after independent scoring.")

    def record_decision(self) -> None:
        cid = self._selected_id()
        if cid is None:
            return
        rationale = self.rationale.toPlainText().strip()
        if not rationale:
            QMessageBox.information(self, "Consensus decision", "Write the rationale: why the panel decided this.")
            return
        me = self.ctx.workspace.me()
        self.ctx.workspace.record_decision(cid, self.decision.currentData(), rationale, me.name if me else "")
        self.ctx.candidates_changed.emit(self.round_id)  # this view gathers again through its own handler
        self.ctx.status_message.emit("Consensus decision recorded (audited).")


def _html(text: str) -> str:
    from html import escape

    return escape(text)
