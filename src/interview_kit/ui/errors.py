"""No exception ends only on stderr: an uncaught one reaches the user as a dialog that says what happened and
that their work is saved, with "Copy details" (for a bug report) and "Open log folder"; the full traceback goes
to the rotating log (``logs``). The window stays up.

Errors a user can cause and fix (UserError) and a workspace that cannot be written (a full disk, a removed USB
stick) get their own plain messages instead. :func:`install` puts :func:`handle` in ``sys.excepthook`` and
``threading.excepthook``; exceptions raised in a worker thread (a QRunnable) are carried to the GUI thread
before any dialog is shown. The hook never raises itself and never writes to a missing stderr. To add to it,
append to :data:`listeners` (called with every uncaught exception, before the dialog) and :data:`dialog_extras`
(called with each :class:`ErrorDialog` before it is shown, e.g. to :meth:`ErrorDialog.add_button`).
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import logs
from ..errors import UserError

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

#: Called with (kind, value, tb) for every uncaught exception, in the GUI thread, before the dialog.
listeners: list[Callable[[type[BaseException], BaseException, TracebackType | None], None]] = []
#: Called with each ErrorDialog before it is shown (to add buttons or text).
dialog_extras: list[Callable[["ErrorDialog"], None]] = []


def details(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """The text "Copy details" puts on the clipboard: versions, platform (and whether this is the bundle), then
    the traceback."""
    import platform

    from PySide6 import __version__ as pyside_version

    from .. import __version__

    head = (f"interview-kit {__version__} · Python {platform.python_version()} · PySide6 {pyside_version} · "
            f"{platform.platform()}{' (bundle)' if getattr(sys, 'frozen', False) else ''}\n\n")
    return head + "".join(traceback.format_exception(kind, value, tb))


def open_log_folder() -> bool:
    folder = logs.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class ErrorDialog(QDialog):
    """What went wrong in one sentence, the last saved state reassured, and the details one click away."""

    def __init__(self, message: str, detail_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("interview-kit — something went wrong")
        self.detail_text = detail_text
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QPlainTextEdit(detail_text)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(160)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.copy_button = self.add_button("Copy details", self.copy_details)
        self.log_button = self.add_button("Open log folder", open_log_folder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        from .dialogs import fit_to_screen

        fit_to_screen(self, QSize(640, 360))

    def add_button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(slot)
        return button

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.detail_text)
        self.copy_button.setText("Copied")


def message_for(value: BaseException) -> str:
    return (f"An unexpected error stopped what you were doing: {type(value).__name__}"
            + (f": {value}" if str(value) else "") + ".\n\nEverything saved before it is safe (every edit is saved "
            "as it is made). Please send the details below to whoever looks after interview-kit.")


def show(parent: QWidget | None, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Tell the user about one exception (in the GUI thread)."""
    if not isinstance(value, UserError):
        logs.log.error("uncaught %s", kind.__name__, exc_info=(kind, value, tb))
    for listener in listeners:
        try:
            listener(kind, value, tb)
        except Exception:  # a broken listener must not hide the original error
            logs.log.exception("error in an error listener")
    if isinstance(value, UserError):
        QMessageBox.warning(parent, "interview-kit", str(value))
        return
    if isinstance(value, sqlite3.OperationalError):
        QMessageBox.critical(
            parent, "Could not save",
            f"The workspace could not be written ({value}).\n\nYour last change was not saved; everything before "
            "it is safe. Free some disk space (or reconnect the drive) and make the change again.")
        return
    if sys.stderr is not None:  # the terminal keeps it too (a windowed build has none)
        traceback.print_exception(kind, value, tb, file=sys.stderr)
    if _state.get("showing"):  # one dialog at a time; the rest are in the log
        return
    _state["showing"] = True
    try:
        dialog = ErrorDialog(message_for(value), details(kind, value, tb), parent)
        for extra in dialog_extras:
            extra(dialog)
        dialog.exec()
    finally:
        _state["showing"] = False


class _Relay(QObject):
    """Carries an exception from a worker thread to the GUI thread (a queued signal)."""

    raised = Signal(object)


_state: dict = {}


def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """The ``sys.excepthook``: show the exception, from whichever thread it came. It never raises."""
    try:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        relay: _Relay | None = _state.get("relay")
        if relay is not None and threading.current_thread() is not threading.main_thread():
            relay.raised.emit((kind, value, tb))
            return
        show(_state.get("parent"), kind, value, tb)
    except Exception:  # noqa: BLE001 — the last resort is the log
        logs.log.exception("error while reporting an error")


def install(parent: QWidget | None, *, threads: bool = True) -> None:
    """Make every uncaught exception a dialog over ``parent``. Call from the GUI thread; :func:`uninstall`
    puts the previous hooks back."""
    relay = _Relay()
    relay.raised.connect(lambda info: show(_state.get("parent"), *info), Qt.ConnectionType.QueuedConnection)
    _state.setdefault("previous", (sys.excepthook, threading.excepthook))
    _state.update(parent=parent, relay=relay)
    sys.excepthook = handle
    if threads:
        threading.excepthook = lambda args: handle(args.exc_type, args.exc_value, args.exc_traceback)


def uninstall() -> None:
    previous = _state.pop("previous", None)
    if previous is not None:
        sys.excepthook, threading.excepthook = previous
    _state.pop("relay", None)
    _state.pop("parent", None)
