"""The selected round: what it is, its guide in one line, and its candidates (the right side of the main
window)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import UserError
from . import defs
from .context import AppContext
from .elided import ElidedLabel
from .models import CandidatesModel


def list_table(model) -> QTableView:
    """A read-only list of rows (rounds, candidates): whole-row selection, no grid, columns fitted to a sample."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    # Fit columns to the rows on screen and a few more: reading every cell of 500 rounds cost start-up 36,000
    # data() calls.
    header.setResizeContentsPrecision(defs.SIZE_SAMPLE_ROWS)
    header.setHighlightSections(False)
    return view


class RoundPane(QWidget):
    """The selected round: what it is, its guide in one line, and its candidates."""

    open_builder = Signal(str)  # round id
    new_round_requested = Signal()
    demo_requested = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.round_id: str | None = None
        self.title = ElidedLabel()
        self.title.setObjectName("roundTitle")
        self.title.setStyleSheet(f"font-size: {defs.FONT_TITLE + 6}px; font-weight: 600;")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setStyleSheet(f"color: {defs.MUTED}; font-size: {defs.FONT_LARGE}px;")
        self.candidates_model = CandidatesModel(ctx, self)
        self.candidates = list_table(self.candidates_model)
        self.candidates.setObjectName("candidates")
        heading = QLabel("Candidates")
        heading.setStyleSheet(f"font-size: {defs.FONT_LARGE + 2}px; font-weight: 600;")
        self.interview_button = QPushButton("Interview selected candidate  (Enter)")
        self.interview_button.setEnabled(False)
        heading_row = QHBoxLayout()
        heading_row.addWidget(heading, 1)
        heading_row.addWidget(self.interview_button)
        self.candidates.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        # The header's panel size comes from the same read as the table's "n of m", so they always agree.
        self.candidates_model.modelReset.connect(self._show_details)

        self.round_button = QPushButton()
        self.round_button.clicked.connect(self._round_button_clicked)
        self.panel_button = QPushButton("Panel view  (Ctrl+4)")
        round_row = QHBoxLayout()
        round_row.addWidget(self.round_button)
        round_row.addWidget(self.panel_button)
        round_row.addStretch(1)

        self.add_button = QPushButton("Add…")
        self.add_button.clicked.connect(self.add_candidate)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.clicked.connect(self.rename_candidate)
        self.withdraw_button = QPushButton("Withdraw")
        self.withdraw_button.clicked.connect(self.toggle_withdrawn)
        self.import_button = QPushButton("Import CSV…")
        self.import_button.clicked.connect(self.import_candidates)
        cand_row = QHBoxLayout()
        for b in (self.add_button, self.rename_button, self.withdraw_button, self.import_button):
            cand_row.addWidget(b)
        cand_row.addStretch(1)

        # Shown when the workspace has no rounds yet: the two ways to start.
        self.start_new = QPushButton("New round…  (Ctrl+Shift+N)")
        self.start_new.clicked.connect(self.new_round_requested)
        self.start_demo = QPushButton("Fill this workspace with the demo round")
        self.start_demo.clicked.connect(self.demo_requested)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_new)
        start_row.addWidget(self.start_demo)
        start_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(defs.BIG_MARGIN, defs.MARGIN, defs.MARGIN, defs.MARGIN)
        layout.setSpacing(defs.SPACING)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addLayout(start_row)
        layout.addLayout(round_row)
        layout.addSpacing(defs.SPACING)
        layout.addLayout(heading_row)
        layout.addWidget(self.candidates, 1)
        layout.addLayout(cand_row)
        self.show_round(None)

    def select_candidate(self, candidate_id: str) -> None:
        row = next((i for i, c in enumerate(self.candidates_model.rows) if c.id == candidate_id), None)
        if row is not None:
            self.candidates.selectRow(row)
            self.candidates.scrollTo(self.candidates_model.index(row, 0))

    def selected_candidate_id(self) -> str | None:
        rows = self.candidates.selectionModel().selectedRows()
        return self.candidates_model.row_at(rows[0]).id if rows else None

    def _update_buttons(self) -> None:
        cid = self.selected_candidate_id()
        has_round = self.round_id is not None
        self.interview_button.setEnabled(cid is not None)
        self.rename_button.setEnabled(cid is not None)
        self.withdraw_button.setEnabled(cid is not None)
        self.add_button.setEnabled(has_round)
        self.import_button.setEnabled(has_round)
        self.round_button.setVisible(has_round)
        self.panel_button.setVisible(has_round)
        if cid is not None:
            withdrawn = self.ctx.workspace.candidate(cid).withdrawn
            self.withdraw_button.setText("Reinstate" if withdrawn else "Withdraw")

    def _round_button_clicked(self) -> None:
        if self.round_id is None:
            return
        rnd = self.ctx.workspace.round(self.round_id)
        if rnd.locked:
            me = self.ctx.workspace.me()
            copy = self.ctx.workspace.duplicate_round(rnd.id, actor=me.name if me else "")
            self.ctx.rounds_changed.emit()
            self.open_builder.emit(copy.id)
        else:
            self.open_builder.emit(rnd.id)

    def _actor(self) -> str:
        me = self.ctx.workspace.me()
        return me.name if me else ""

    def add_candidate(self) -> None:
        if self.round_id is None:
            return
        name, ok = QInputDialog.getText(self, "Add candidate", "Candidate's name:")
        if ok and name.strip():
            try:
                self.ctx.workspace.add_candidate(self.round_id, name, actor=self._actor())
            except UserError as e:
                QMessageBox.warning(self, "Add candidate", str(e))
                return
            self.ctx.candidates_changed.emit(self.round_id)

    def rename_candidate(self) -> None:
        cid = self.selected_candidate_id()
        if cid is None:
            return
        old = self.ctx.workspace.candidate(cid)
        name, ok = QInputDialog.getText(self, "Rename candidate", "New name:", text=old.name)
        if ok and name.strip() and name.strip() != old.name:
            try:
                self.ctx.workspace.rename_candidate(cid, name, actor=self._actor())
            except UserError as e:  # the one name rule (names.py): too long, control characters
                QMessageBox.warning(self, "Rename candidate", str(e))
                return
            self.ctx.candidates_changed.emit(self.round_id)

    def toggle_withdrawn(self) -> None:
        cid = self.selected_candidate_id()
        if cid is None:
            return
        cand = self.ctx.workspace.candidate(cid)
        if not cand.withdrawn:
            answer = QMessageBox.question(
                self, "Withdraw candidate",
                f"Withdraw {cand.name} from this round? Their scores are kept; the change is recorded in the audit "
                "trail and can be reversed with Reinstate.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctx.workspace.set_withdrawn(cid, not cand.withdrawn, actor=self._actor())
        self.ctx.candidates_changed.emit(self.round_id)
        self._update_buttons()

    def import_candidates(self) -> None:
        if self.round_id is None:
            return
        from . import dialogs

        path = dialogs.open_file(self, self.ctx.settings, "csv", "Import candidates",
                                 "CSV files (*.csv);;All files (*)")
        if not path:
            return
        from ..csv_import import import_candidates

        try:
            n = import_candidates(self.ctx.workspace, self.round_id, Path(path))
        except UserError as e:
            QMessageBox.warning(self, "Import candidates", str(e))
            return
        self.ctx.candidates_changed.emit(self.round_id)
        self.ctx.status_message.emit(f"{n} candidate(s) imported.")

    def show_round(self, round_id: str | None) -> None:
        self.round_id = round_id
        self.candidates_model.set_round(round_id)
        if self.candidates_model.rowCount():
            self.candidates.selectRow(0)  # so Enter starts an interview at once
        self._update_buttons()
        empty = not self.ctx.workspace.has_rounds()
        self.start_new.setVisible(round_id is None)
        self.start_demo.setVisible(round_id is None and empty)
        self._show_details()

    def _show_details(self) -> None:
        round_id = self.round_id
        if round_id is None:
            empty = not self.ctx.workspace.has_rounds()  # (not rounds(): that reads every round)
            self.title.setText("No rounds yet" if empty else "No round selected")
            self.details.setText("Start a round from a role template, or look around the demo: an EHR analyst "
                                 "round scored by a three-person panel." if empty else
                                 "Choose a round on the left.")
            return
        ws = self.ctx.workspace
        try:
            rnd = ws.round(round_id)
        except UserError:  # deleted meanwhile
            return
        guide = ws.guide(round_id)
        skills = ", ".join(s.label + (f" ×{s.weight:g}" if s.weight != 1 else "") for s in rnd.skills)
        state = "Locked — every candidate gets the same questions" if rnd.locked else "Draft — the guide can change"
        if rnd.archived:
            state = "Archived — kept in the workspace; Round → Unarchive round brings it back"
        self.title.setText(rnd.title)
        self.round_button.setText("Duplicate as new draft…" if rnd.locked else "Continue in builder")
        panel = self.candidates_model.panel_size
        self.details.setText(
            f"{rnd.role_label} · {state}\n"
            f"{len(guide)} questions · {panel} panelist{'' if panel == 1 else 's'} · seed {rnd.seed}\n"
            f"Skills: {skills}"
        )
