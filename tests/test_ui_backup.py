"""File → Restore from backup: the dialog shows what each backup holds, and restoring puts it in place."""

import datetime as dt

from PySide6.QtWidgets import QDialog, QMessageBox

from interview_kit import workspace_file
from interview_kit.ui import backup_actions


def test_restore_dialog_lists_backups_with_what_they_hold(demo_path, qtbot):
    workspace_file.rolling_backup(demo_path, today=dt.date(2026, 11, 27))
    dialog = backup_actions.RestoreDialog(demo_path)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "2026-11-27"
    assert int(dialog.table.item(0, 3).text()) > 0  # the demo's scores
    assert "candidates" in dialog.preview.text() and dialog.restore_button.isEnabled()
    assert dialog.width() <= 1024


def test_restore_dialog_without_backups_says_when_the_first_is_made(demo_path, qtbot):
    dialog = backup_actions.RestoreDialog(demo_path)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and "no backup yet" in dialog.preview.text()
    assert not dialog.restore_button.isEnabled()


def test_restore_from_the_window_brings_back_a_deleted_candidate(demo_window, monkeypatch, qtbot):
    ctx = demo_window.ctx
    ws = ctx.workspace
    rnd = ws.rounds()[0]
    workspace_file.rolling_backup(ws.path, today=dt.date(2026, 11, 27))
    before = [c.name for c in ws.candidates(rnd.id)]
    ws.add_candidate(rnd.id, "Added after the backup — 李小龍")
    monkeypatch.setattr(backup_actions.RestoreDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert demo_window.restore_from_backup()
    assert [c.name for c in ctx.workspace.candidates(rnd.id)] == before
    assert any("before-restore" in p.name for p in workspace_file.backups_dir(ws.path).iterdir())


def test_the_rolling_backup_runs_in_a_worker_and_says_so(demo_window, qtbot):
    from PySide6.QtCore import QThreadPool

    messages = []
    demo_window.ctx.status_message.connect(messages.append)
    backup_actions.start_rolling_backup(demo_window.ctx)
    QThreadPool.globalInstance().waitForDone()
    qtbot.waitUntil(lambda: bool(messages), timeout=3000)
    assert messages[0].startswith("Today's backup: ")
    assert workspace_file.rolling_backups(demo_window.ctx.workspace.path)
