"""Small shared pieces of dialogs: fitting on a small screen, remembering the last folder for each kind of file,
and the builder's swap dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from . import defs

#: The smallest screen every dialog must fit (defs.MIN_SIZE), less room for the window frame and a panel.
SMALL_SCREEN = QSize(defs.MIN_SIZE[0] - 40, defs.MIN_SIZE[1] - 60)


def available_size(widget: QWidget | None = None) -> QSize:
    """The room a dialog has: the screen it is on, never more than the smallest screen we support."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    avail = screen.availableGeometry().size() if screen is not None else SMALL_SCREEN
    return QSize(min(avail.width(), SMALL_SCREEN.width()), min(avail.height(), SMALL_SCREEN.height()))


def fit_to_screen(dialog: QWidget, preferred: QSize | None = None) -> None:
    """Size ``dialog`` to ``preferred`` (or its size hint) but never wider or taller than a 1024x640 screen."""
    room = available_size(dialog)
    want = preferred or dialog.sizeHint()
    dialog.setMaximumSize(QSize(max(room.width(), 200), max(room.height(), 120)))
    dialog.resize(min(want.width(), room.width()), min(want.height(), room.height()))


# ------------------------------------------------------------------------------- last folder per kind of file

def last_folder(settings, kind: str) -> str:
    """The folder a file dialog for ``kind`` (workspace, packet, pdf, csv) starts in: where the last one was,
    or the home folder."""
    value = settings.value(f"folders/{kind}")
    if value and Path(str(value)).is_dir():
        return str(value)
    return str(Path.home())


def remember_folder(settings, kind: str, path: str | Path) -> None:
    settings.setValue(f"folders/{kind}", str(Path(path).parent))


def open_file(parent, settings, kind: str, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, last_folder(settings, kind), filters)
    if path:
        remember_folder(settings, kind, path)
    return path


def open_files(parent, settings, kind: str, title: str, filters: str) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, last_folder(settings, kind), filters)
    if paths:
        remember_folder(settings, kind, paths[0])
    return paths


def save_file(parent, settings, kind: str, title: str, name: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(last_folder(settings, kind)) / name), filters)
    if path:
        remember_folder(settings, kind, path)
    return path


# ------------------------------------------------------------------------------------------- swap a question


class SwapDialog(QDialog):
    """Pick another question of the same skill; long questions wrap instead of widening the dialog."""

    def __init__(self, title: str, prompt: str, labels: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        heading = QLabel(prompt)
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setStyleSheet(
            "QListWidget::item { padding: 6px 2px; border-bottom: 1px solid #e5e7eb; color: #111; } "
            f"QListWidget::item:selected {{ background: {defs.SELECTED_BG}; color: #111; }}")
        for label in labels:
            self.list.addItem(QListWidgetItem(label))
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Swap")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(760, 480))

    def sizeHint(self) -> QSize:
        return QSize(760, 480)

    def chosen(self) -> int:
        return self.list.currentRow()
