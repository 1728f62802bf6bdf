"""Round → History: the audit trail in words (when, who, what, old → new), filterable by candidate."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
)

from .. import history
from .context import AppContext
from .dialogs import fit_to_screen
from .models import ListModel

_Index = QModelIndex | QPersistentModelIndex


def round_names(ctx: AppContext, round_id: str) -> history.Names:
    ws = ctx.workspace
    return history.Names(
        candidates={c.id: c.name for c in ws.candidates(round_id)},
        panelists={p.id: p.name for p in ws.panelists()},
        questions={q.id: f"Q{q.position + 1}" for q in ws.guide(round_id)},
    )


class HistoryModel(ListModel):
    """The round's audit events, newest first, as :class:`history.Entry` rows."""

    HEADERS = ("When (UTC)", "Who", "What", "Change")

    def __init__(self, ctx: AppContext, round_id: str, parent=None):
        super().__init__(ctx, parent)
        self.round_id = round_id
        self.candidate_id: str | None = None
        self.reload()

    def set_candidate(self, candidate_id: str | None) -> None:
        self.candidate_id = candidate_id
        self.reload()

    def fetch(self) -> list[history.Entry]:
        names = round_names(self.ctx, self.round_id)
        events = self.ctx.workspace.round_history(self.round_id, self.candidate_id)
        return [history.describe(e, names) for e in reversed(events)]

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        e = self.rows[index.row()]
        value = (e.when, e.who, e.what, e.change)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value
        return None


class HistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, round_id: str, parent=None):
        super().__init__(parent)
        rnd = ctx.workspace.round(round_id)
        self.setWindowTitle(f"History — {rnd.title}")
        self.model = HistoryModel(ctx, round_id, self)
        self.filter = QComboBox()
        self.filter.addItem("Everyone and the round itself", None)
        for c in ctx.workspace.candidates(round_id):
            label = c.name if len(c.name) <= 60 else c.name[:59] + "…"
            self.filter.addItem(label, c.id)
            self.filter.setItemData(self.filter.count() - 1, c.name, Qt.ItemDataRole.ToolTipRole)
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter.setMinimumContentsLength(30)
        self.filter.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.count = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.filter, 1)
        row.addWidget(self.count)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 125)
        header.resizeSection(1, 140)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # long sentences elide; whole on hover
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._filter_changed()
        fit_to_screen(self, QSize(1000, 560))

    def sizeHint(self) -> QSize:
        return QSize(1000, 560)

    def _filter_changed(self) -> None:
        self.model.set_candidate(self.filter.currentData())
        self.count.setText(f"{self.model.rowCount()} event(s)")

    def show_candidate(self, candidate_id: str | None) -> None:
        self.filter.setCurrentIndex(max(0, self.filter.findData(candidate_id)))
