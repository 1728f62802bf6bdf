"""What the user sees when the app meets a bug: a dialog that says what happened, that their work is saved,
and offers "Copy details" (for a bug report) and "Open log folder"; the full traceback goes to the log.

Errors a user can cause and fix (UserError) and a workspace that cannot be written (a full disk, a removed USB
stick) get their own plain messages instead. Exceptions raised in worker threads (QThreadPool) are shown by the
GUI thread. The hook never raises itself, and never writes to a missing stderr.
"""

from __future__ import annotations

import platform
import sqlite3
import sys
import threading
import traceback

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import __version__, logs
from ..errors import UserError
from ..logs import log


def details(kind, value, tb) -> str:
    """The text "Copy details" puts on the clipboard: versions, platform, then the traceback."""
    from PySide6 import __version__ as pyside_version

    head = (f"interview-kit {__version__}, Python {platform.python_version()}, PySide6 {pyside_version}, "
            f"{platform.platform()}{' (bundle)' if getattr(sys, 'frozen', False) else ''}")
    return head + "\n\n" + "".join(traceback.format_exception(kind, value, tb))


class CrashDialog(QMessageBox):
    """The dialog for an unexpected error (a bug)."""

    def __init__(self, summary: str, text_details: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("interview-kit hit a problem")
        self.setText("Something went wrong inside interview-kit.")
        self.setInformativeText(
            f"{summary}\n\nEvery score and note you entered before this is saved. If it happens again, "
            "copy the details into a bug report; the log folder has the full record.")
        self.setDetailedText(text_details)
        self.copy_button = self.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
        self.log_button = self.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
        self.addButton(QMessageBox.StandardButton.Close)
        # Action buttons would close a QMessageBox; these two do their job and keep it open.
        for button in (self.copy_button, self.log_button):
            button.clicked.disconnect()
        self.copy_button.clicked.connect(self.copy_details)
        self.log_button.clicked.connect(open_log_folder)
        self.details_text = text_details

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text)
        self.copy_button.setText("Copied")


def open_log_folder() -> bool:
    folder = logs.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class _GuiCall(QObject):
    """Carries an exception from a worker thread to the GUI thread (a queued signal)."""

    raised = Signal(object, object, object)


class ErrorHandler(QObject):
    """Installed as sys.excepthook and threading.excepthook while the app runs."""

    def __init__(self, window: QWidget | None = None):
        super().__init__()
        self.window = window
        self.showing = False
        self.dialogs_shown = 0
        self._bridge = _GuiCall()
        self._bridge.raised.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous = sys.excepthook, threading.excepthook

    def install(self, *, threads: bool = True) -> ErrorHandler:
        sys.excepthook = self.hook
        if threads:
            threading.excepthook = lambda a: self.hook(a.exc_type, a.exc_value, a.exc_traceback)
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def hook(self, kind, value, tb) -> None:
        try:
            if not isinstance(value, UserError):
                log.error("uncaught %s", kind.__name__, exc_info=(kind, value, tb))
            app = QApplication.instance()
            if app is None or QThread.currentThread() is not app.thread():
                self._bridge.raised.emit(kind, value, tb)
            else:
                self._show(kind, value, tb)
        except Exception:  # noqa: BLE001 (the hook must never raise: last resort, the log)
            log.exception("error while reporting an error")

    def _show(self, kind, value, tb) -> None:
        if isinstance(value, UserError):
            QMessageBox.warning(self.window, "interview-kit", str(value))
            return
        if isinstance(value, sqlite3.OperationalError):
            QMessageBox.critical(
                self.window, "Could not save",
                f"The workspace could not be written ({value}).\n\nYour last change was not saved; everything "
                "before it is safe. Free some disk space (or reconnect the drive) and make the change again.")
            return
        if self.showing:  # one dialog at a time; the rest are in the log
            return
        self.showing = True
        try:
            summary = f"{kind.__name__}: {value}" if str(value) else kind.__name__
            dialog = CrashDialog(summary, details(kind, value, tb), self.window)
            self.dialogs_shown += 1
            dialog.exec()
        finally:
            self.showing = False
