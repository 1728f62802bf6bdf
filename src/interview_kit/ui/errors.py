"""No exception ends only on stderr: an uncaught one reaches the user as a dialog that says what happened,
with "Copy details" for a bug report, and the window stays up.

:func:`install` puts :func:`handle` in ``sys.excepthook``. Exceptions raised in a worker thread (a QRunnable)
are carried to the GUI thread before any dialog is shown. To add to it (a log file, "Open log folder"), append
to :data:`listeners` (called with every uncaught exception, before the dialog) and :data:`dialog_extras` (called
with each :class:`ErrorDialog` before it is shown, e.g. to :meth:`ErrorDialog.add_button`).
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
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

from ..errors import UserError

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

#: Called with (kind, value, tb) for every uncaught exception, in the GUI thread, before the dialog.
listeners: list[Callable[[type[BaseException], BaseException, TracebackType | None], None]] = []
#: Called with each ErrorDialog before it is shown (to add buttons or text).
dialog_extras: list[Callable[["ErrorDialog"], None]] = []


def details(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """The text "Copy details" puts on the clipboard: version, platform and the traceback."""
    from .. import __version__

    head = f"interview-kit {__version__} · Python {sys.version.split()[0]} · {sys.platform}\n\n"
    return head + "".join(traceback.format_exception(kind, value, tb))


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
    for listener in listeners:
        try:
            listener(kind, value, tb)
        except Exception:  # a broken listener must not hide the original error
            traceback.print_exc()
    if isinstance(value, UserError):
        QMessageBox.warning(parent, "interview-kit", str(value))
        return
    if isinstance(value, sqlite3.OperationalError):
        QMessageBox.critical(
            parent, "Could not save",
            f"The workspace could not be written ({value}).\n\nYour last change was not saved; everything before "
            "it is safe. Free some disk space (or reconnect the drive) and make the change again.")
        return
    traceback.print_exception(kind, value, tb)  # the terminal keeps it too
    dialog = ErrorDialog(message_for(value), details(kind, value, tb), parent)
    for extra in dialog_extras:
        extra(dialog)
    dialog.exec()


class _Relay(QObject):
    """Carries an exception from a worker thread to the GUI thread (a queued signal)."""

    raised = Signal(object)


_state: dict = {}


def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """The ``sys.excepthook``: show the exception, from whichever thread it came."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    relay: _Relay | None = _state.get("relay")
    if relay is not None and threading.current_thread() is not threading.main_thread():
        relay.raised.emit((kind, value, tb))
        return
    show(_state.get("parent"), kind, value, tb)


def install(parent: QWidget | None) -> None:
    """Make every uncaught exception a dialog over ``parent``. Call from the GUI thread."""
    relay = _Relay()
    relay.raised.connect(lambda info: show(_state.get("parent"), *info), Qt.ConnectionType.QueuedConnection)
    _state.update(parent=parent, relay=relay)
    sys.excepthook = handle
    threading.excepthook = lambda args: handle(args.exc_type, args.exc_value, args.exc_traceback)
