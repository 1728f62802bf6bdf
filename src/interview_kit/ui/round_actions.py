"""The Round menu: delete a draft round (undoable), archive or unarchive a locked one, and its history.

Every change is audited by the store; deleting is an undoable command (Ctrl+Z brings the draft back with its
ids, guide and candidates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from ..errors import UserError
from . import commands
from .commands import AppliedCommand

if TYPE_CHECKING:
    from ..store import RoundSnapshot
    from .main_window import MainWindow


class DeleteRound(AppliedCommand):
    """Delete a draft round; undo restores it as it was."""

    def __init__(self, window: "MainWindow", round_id: str, title: str):
        super().__init__(f"delete round {title!r}")
        self.window, self.round_id = window, round_id
        self.snapshot: "RoundSnapshot | None" = None

    def apply(self) -> None:
        self.snapshot = self.window.ctx.workspace.delete_round(self.round_id, actor=_actor(self.window))
        self.window.ctx.rounds_changed.emit()

    def undo(self) -> None:
        if self.snapshot is not None:
            self.window.ctx.workspace.restore_round(self.snapshot, actor=_actor(self.window))
            self.window.ctx.rounds_changed.emit()
            self.window.select_round(self.round_id)


def _actor(window: "MainWindow") -> str:
    me = window.ctx.workspace.me()
    return me.name if me else ""


def build_menu(window: "MainWindow", menu: QMenu) -> None:
    window.round_menu = menu
    window.history_action = QAction("&History…", window, shortcut=QKeySequence("Ctrl+H"),
                                    triggered=lambda: show_history(window))
    window.delete_round_action = QAction("&Delete draft round…", window, triggered=lambda: delete_round(window))
    window.archive_action = QAction("&Archive round", window, triggered=lambda: toggle_archived(window))
    menu.addAction(window.new_round_action)
    menu.addSeparator()
    menu.addAction(window.history_action)
    menu.addSeparator()
    menu.addAction(window.archive_action)
    menu.addAction(window.delete_round_action)


def update(window: "MainWindow") -> None:
    """Enable what fits the selected round: delete a draft, archive a locked round, unarchive an archived one."""
    rid = window.selected_round_id()
    rnd = None
    if rid is not None:
        try:
            rnd = window.ctx.workspace.round(rid)
        except UserError:
            rnd = None
    window.history_action.setEnabled(rnd is not None)
    window.delete_round_action.setEnabled(rnd is not None and not rnd.locked)
    window.archive_action.setEnabled(rnd is not None and rnd.locked)
    window.archive_action.setText("Un&archive round" if rnd is not None and rnd.archived else "&Archive round")


def delete_round(window: "MainWindow") -> bool:
    rid = window.selected_round_id()
    if rid is None:
        return False
    ws = window.ctx.workspace
    rnd = ws.round(rid)
    if rnd.locked:
        QMessageBox.information(window, "Delete round", f"“{rnd.title}” is locked: its scores are evidence, so it "
                                "cannot be deleted. Archive it instead (Round → Archive round).")
        return False
    n = len(ws.candidates(rid))
    answer = QMessageBox.question(
        window, "Delete draft round",
        f"Delete the draft round “{rnd.title}”" + (f" and its {n} candidate(s)" if n else "") + "?\n\n"
        "The deletion is recorded in the audit trail; Edit → Undo (Ctrl+Z) brings it back.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    if window._builder is not None and window._builder.round_id == rid:
        window._builder.round_id = None
        window.show_view("rounds")
    commands.do(window.ctx.undo_stack, DeleteRound(window, rid, rnd.title))
    window.ctx.status_message.emit(f"Deleted “{rnd.title}” (Ctrl+Z to undo).")
    return True


def toggle_archived(window: "MainWindow") -> None:
    rid = window.selected_round_id()
    if rid is None:
        return
    ws = window.ctx.workspace
    rnd = ws.round(rid)
    try:
        ws.set_archived(rid, not rnd.archived, actor=_actor(window))
    except UserError as e:
        QMessageBox.information(window, "Archive round", str(e))
        return
    window.ctx.rounds_changed.emit()
    if rnd.archived:
        window.select_round(rid)
        window.ctx.status_message.emit(f"“{rnd.title}” is back in the list.")
    else:
        window.ctx.status_message.emit(f"Archived “{rnd.title}”: it stays in the workspace (View → Show archived "
                                       "rounds lists it).")


def show_history(window: "MainWindow"):
    """Round → History: the selected round's audit trail in words."""
    from .history import HistoryDialog

    rid = window.selected_round_id()
    if rid is None:
        return None
    dialog = HistoryDialog(window.ctx, rid, window)
    dialog.exec()
    return dialog
