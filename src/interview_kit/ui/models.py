"""Item models over store queries. Views never query the store themselves."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from .. import independence
from . import defs
from .context import AppContext

_Index = QModelIndex | QPersistentModelIndex


class ListModel(QAbstractTableModel):
    """A table model over a list of rows that a subclass fetches from the store in :meth:`fetch`."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list = []

    def fetch(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.fetch()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.HEADERS):
                return self.HEADERS[section]
        return None

    def row_at(self, index: _Index):
        return self.rows[index.row()] if index.isValid() and 0 <= index.row() < len(self.rows) else None


class RoundsModel(ListModel):
    """Every round in the workspace: title, role, state and how many candidates it has."""

    HEADERS = ("Round", "Role", "State", "Candidates")
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.counts: dict[str, int] = {}
        #: View → Show archived: archived rounds stay in the file and are listed only when asked for.
        self.show_archived = ctx.settings.value("view/show_archived", False) in (True, "true")
        ctx.rounds_changed.connect(self.reload)
        ctx.workspace_changed.connect(self.reload)
        ctx.candidates_changed.connect(lambda _rid: self.reload())
        self.reload()

    def fetch(self):
        overview = self.ctx.workspace.rounds_overview()  # one query: rounds, their skills and counts
        self.counts = {rnd.id: count for rnd, count in overview}
        return [rnd for rnd, _count in overview if self.show_archived or not rnd.archived]

    def set_show_archived(self, show: bool) -> None:
        self.show_archived = show
        self.ctx.settings.setValue("view/show_archived", show)
        self.reload()

    _ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                        IdRole})

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if role not in self._ROLES:  # most calls (size hints, paint) ask for roles this model has nothing for
            return None
        rnd = self.row_at(index)
        if rnd is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return rnd.title
            if col == 1:
                return rnd.role_label
            if col == 2:
                return "Archived" if rnd.archived else "Locked" if rnd.locked else "Draft"
            if col == 3:
                return self.counts.get(rnd.id, 0)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return rnd.title  # long titles are elided in the list; the whole title on hover
        if role == Qt.ItemDataRole.ForegroundRole and rnd.archived:
            return QColor(defs.MUTED)
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            if rnd.archived:
                return "Archived: kept in the workspace with its scores; Round → Unarchive round brings it back"
            return "Guide frozen: every candidate gets the same questions" if rnd.locked else "Guide can still change"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.IdRole:
            return rnd.id
        return None


class CandidatesModel(ListModel):
    """The candidates of one round, in the order they were added, with how far the panel has got.

    It shows counts only (how many panelists have submitted), never anyone's ratings: those belong to the
    panel view and its independence rule.
    """

    HEADERS = ("Candidate", "Status", "Scorecards submitted", "Decision")
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.round_id: str | None = None
        self.submitted: dict[str, int] = {}
        self.panel_size = 0
        self.decisions: dict[str, str] = {}
        ctx.workspace_changed.connect(lambda: self.set_round(None))
        ctx.candidates_changed.connect(self._maybe_reload)
        ctx.scores_changed.connect(self._scores_changed)

    def _maybe_reload(self, round_id: str) -> None:
        if round_id == self.round_id:
            self.reload()

    def _scores_changed(self, candidate_id: str) -> None:
        """Counts change on a submit in this round; a rating in another round changes nothing here."""
        if self.round_id is None:
            return
        if candidate_id and not any(c.id == candidate_id for c in self.rows):
            return
        self.reload()

    def set_round(self, round_id: str | None) -> None:
        """Show this round's candidates. The same round again reads nothing: this model follows its own round's
        changes (candidates_changed, scores_changed), so a reload of the rounds list need not re-read it."""
        if round_id == self.round_id and round_id is not None:
            return
        self.round_id = round_id
        self.reload()

    def fetch(self):
        ws = self.ctx.workspace
        if self.round_id is None:
            return []
        panel_ids = [p.id for p in ws.panel(self.round_id)]
        self.panel_size = len(panel_ids)
        self.submitted = {}
        verdicts = ws.verdicts(round_id=self.round_id)
        for v in verdicts:
            if v.submitted_at:
                self.submitted[v.candidate_id] = self.submitted.get(v.candidate_id, 0) + 1
        candidates = ws.candidates(self.round_id)
        # The consensus is shown only to whom the independence rule shows the panel.
        seen = independence.panel_seen_by(candidates, independence.viewer(ws, self.round_id), panel_ids, verdicts)
        self.decisions = {cid: d.decision for cid, d in ws.decisions(self.round_id).items() if seen.get(cid)}
        return candidates

    _ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, IdRole})

    def data(self, index: _Index, role=Qt.ItemDataRole.DisplayRole):
        if role not in self._ROLES:
            return None
        c = self.row_at(index)
        if c is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return c.name
            if col == 1:
                return "Withdrawn" if c.withdrawn else "Active"
            if col == 2:
                return f"{self.submitted.get(c.id, 0)} of {self.panel_size}"
            if col == 3:
                return self.decisions.get(c.id, "—")
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return c.name  # a long name is elided in the list; the whole name on hover
        if role == Qt.ItemDataRole.ForegroundRole and c.withdrawn:
            return QColor(defs.MUTED)
        if role == self.IdRole:
            return c.id
        return None
