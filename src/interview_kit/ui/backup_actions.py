"""The rolling daily backup (taken in a worker after start-up) and File → Restore from backup.

The rules and the file work live in ``workspace_file``; this module only runs them off the UI thread and shows
what a backup holds before anything is replaced.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .. import store, workspace_file
from ..errors import UserError
from . import defs


class _Signals(QObject):
    done = Signal(object)  # Path | None
    failed = Signal(str)


class RollingBackupWorker(QRunnable):
    """Today's backup of one workspace file, through a read-only connection of its own."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.signals = _Signals()

    def run(self) -> None:
        try:
            made = workspace_file.rolling_backup(self.path)
        except (UserError, OSError) as e:
            self.signals.failed.emit(str(e))
        except Exception as e:  # a backup must never take the app down; say so in the status bar
            self.signals.failed.emit(f"{type(e).__name__}: {e}")
        else:
            self.signals.done.emit(made)


class _Reporter(QObject):
    """Lives on the UI thread, so the worker's signals reach it queued; it forgets the worker when it is done."""

    running: set = set()

    def __init__(self, ctx, worker: RollingBackupWorker):
        super().__init__(ctx)
        self.ctx, self.worker = ctx, worker
        worker.signals.done.connect(self.done)
        worker.signals.failed.connect(self.failed)
        _Reporter.running.add(self)

    def done(self, made) -> None:
        if made:
            self.ctx.status_message.emit(f"Today's backup: {made}")
        _Reporter.running.discard(self)

    def failed(self, why: str) -> None:
        self.ctx.status_message.emit(f"Today's backup could not be made: {why}")
        _Reporter.running.discard(self)


def start_rolling_backup(ctx) -> RollingBackupWorker:
    """Take today's backup of the open workspace unless it exists (at most one a day of use, the last 7 kept)."""
    worker = RollingBackupWorker(ctx.workspace.path)
    worker.setAutoDelete(False)  # the reporter holds it until its result has been delivered
    _Reporter(ctx, worker)
    QThreadPool.globalInstance().start(worker)
    return worker


class RestoreDialog(QDialog):
    """The backups of the open workspace, each with what it holds; Restore puts the chosen one in place."""

    COLUMNS = ("Taken", "Rounds", "Candidates", "Scores", "Last edit")

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.path = path
        self.summaries = [workspace_file.summarise_backup(p) for p in workspace_file.rolling_backups(path)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(defs.MARGIN, defs.MARGIN, defs.MARGIN, defs.MARGIN)
        intro = QLabel(
            f"Backups of {path.name} (one a day of use, the last {workspace_file.KEEP_BACKUPS} kept, in "
            f"{workspace_file.backups_dir(path)}). Restoring keeps the current file as a backup too, so it can "
            "be undone the same way.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.summaries), len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, s in enumerate(self.summaries):
            cells = ((s.taken_on, "—", "—", "—", "unreadable") if s.problem else
                     (s.taken_on, str(s.rounds), str(s.candidates), str(s.scores),
                      (s.last_edit or "—")[:16].replace("T", " ") + (" UTC" if s.last_edit else "")))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        layout.addWidget(self.table)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)  # round titles are user text: never markup
        layout.addWidget(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._show_preview)
        if self.summaries:
            self.table.selectRow(0)
        else:
            self.preview.setText("There is no backup yet: the first is made in the background on the first day "
                                 "you use this workspace.")
        self._show_preview()
        self.resize(640, 420)

    def chosen(self) -> workspace_file.BackupSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.summaries[rows[0].row()] if rows else None

    def _show_preview(self) -> None:
        s = self.chosen()
        self.restore_button.setEnabled(bool(s and not s.problem))
        if s is None:
            return
        if s.problem:
            self.preview.setText(f"This backup {s.problem}.")
            return
        titles = "; ".join(s.round_titles[:8]) + (" …" if len(s.round_titles) > 8 else "")
        self.preview.setText(f"{s.taken_on}: {s.rounds} rounds ({titles or 'none'}), {s.candidates} candidates, "
                             f"{s.scores} scores; size {s.size / 1024:.0f} KB.")


def restore_from_backup(window, ctx) -> bool:
    """File → Restore from backup: choose, confirm, replace, reopen. Returns True when a backup was restored."""
    path = ctx.workspace.path
    dialog = RestoreDialog(path, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
        return False
    chosen = dialog.chosen()
    answer = QMessageBox.question(
        window, "Restore from backup",
        f"Replace the workspace with the backup of {chosen.taken_on}?\n\nChanges made since then are kept in a "
        "backup of their own (Restore from backup again to bring them back).")
    if answer != QMessageBox.StandardButton.Yes:
        return False
    if getattr(window, "_interview", None) is not None:
        window._interview._flush()
    QThreadPool.globalInstance().waitForDone()  # no backup of the old file may still be reading it
    ctx.workspace.close()
    try:
        kept = workspace_file.restore(path, chosen.path)
    except UserError as e:
        QMessageBox.critical(window, "Restore from backup", f"{e}\n\nThe workspace was not changed.")
        ctx.switch_workspace(store.Workspace.open(path))
        return False
    ctx.switch_workspace(store.Workspace.open(path))
    ctx.status_message.emit(f"Restored the backup of {chosen.taken_on}; the previous state is in {kept.name}")
    return True
