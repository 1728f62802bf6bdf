"""Search across every round (Ctrl+F): a panel docked beside the window that lists candidates, notes and guide
questions as you type, and jumps to the one you pick.

The store does the finding (SQLite FTS5) and applies the independence rule: another panelist's note shows only
once you have submitted your own scorecard for that candidate.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from ..errors import UserError
from ..model import SearchHit
from . import defs
from .context import AppContext

_Index = QModelIndex | QPersistentModelIndex
KIND_LABEL = {"candidate": "Candidate", "note": "Note", "question": "Question"}


class SearchHitsModel(QAbstractListModel):
    """The hits of one search, as the store returned them (candidates, then questions, then notes)."""

    HitRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.hits: list[SearchHit] = []
        self.message = ""

    def search(self, text: str) -> None:
        self.beginResetModel()
        self.hits, self.message = [], ""
        if text.strip():
            me = self.ctx.workspace.me()
            try:
                self.hits = self.ctx.workspace.search(text, viewer=me.id if me else None)
            except UserError as e:
                self.message = str(e)
            else:
                self.message = f"{len(self.hits)} found" if self.hits else "Nothing found"
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            where = hit.round_title + (f" · {hit.candidate_name}" if hit.kind == "note" else "")
            return f"{KIND_LABEL[hit.kind]} — {hit.snippet}\n{where}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.snippet
        if role == self.HitRole:
            return hit
        return None


class SearchDock(QDockWidget):
    """The search box and its hits. Enter or a double-click on a hit emits ``chosen`` with it."""

    chosen = Signal(object)  # SearchHit

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__("Search all rounds", parent)
        self.setObjectName("searchDock")
        self.model = SearchHitsModel(ctx, self)
        self.box = QLineEdit()
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("Candidates, notes, questions…")
        self.box.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setStyleSheet(f"color: {defs.MUTED};")
        self.list = QListView()
        self.list.setObjectName("searchHits")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)  # a long list lays out without measuring every hit
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.activated.connect(self._activated)
        # Typing searches after a short pause, so a fast typist does not run a query per key.
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.run)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._enter)
        QShortcut(QKeySequence(Qt.Key.Key_Down), self.box, activated=self._focus_hits)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(defs.MARGIN, defs.MARGIN, defs.MARGIN, defs.MARGIN)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.setWidget(body)

    def open(self) -> None:
        self.show()
        self.raise_()
        self.box.setFocus()
        self.box.selectAll()

    def run(self) -> None:
        self._timer.stop()
        self.model.search(self.box.text())
        self.status.setText(self.model.message)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))

    def _enter(self) -> None:
        if self._timer.isActive():
            self.run()
        index = self.list.currentIndex()
        if index.isValid():
            self._activated(index)

    def _focus_hits(self) -> None:
        if self.model.rowCount():
            self.list.setFocus()

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.hits[index.row()] if 0 <= index.row() < len(self.model.hits) else None
        if hit is not None:
            self.chosen.emit(hit)
