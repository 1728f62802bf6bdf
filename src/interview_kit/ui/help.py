"""Help → Keyboard shortcuts (read from the window's own actions, so the list cannot drift from the menus)
and Help → Quick guide (one page for the lead and one for a panelist, shipped as package data)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QTabWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

from .dialogs import fit_to_screen

#: The quick guide's pages: tab label → file in interview_kit/help.
GUIDE_PAGES = (("For the hiring lead", "lead.md"), ("For a panelist", "panelist.md"))


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every menu action of ``window`` that has a shortcut, in menu order."""
    out: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu_title: str, actions: list[QAction]) -> None:
        for act in actions:
            if act.menu() is not None:
                walk(f"{menu_title} → {_plain(act.menu().title())}" if menu_title else _plain(act.menu().title()),
                     act.menu().actions())
                continue
            keys = act.shortcuts()
            if not keys or act.isSeparator() or id(act) in seen:
                continue
            seen.add(id(act))
            text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            out.append((menu_title, _plain(act.text()), text))

    walk("", window.menuBar().actions())
    return out


def interview_keys() -> list[tuple[str, str, str]]:
    """The interview screen's keys, from the same text its shortcut bar shows."""
    from .interview import SHORTCUTS, VERDICT_SHORTCUTS

    rows = []
    for where, text in (("Interview", SHORTCUTS), ("Interview → recommendation page", VERDICT_SHORTCUTS)):
        for part in text.split(" · "):
            keys, _, what = part.partition(" ")
            rows.append((where, what, keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcuts(window) + interview_keys()
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Where", "What", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(720, 560))

    def sizeHint(self) -> QSize:
        return QSize(720, 560)


def guide_text(name: str) -> str:
    """One page of the quick guide (Markdown), read from the installed package."""
    return (resources.files("interview_kit") / "help" / name).read_text("utf-8")


class QuickGuideDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Quick guide")
        self.tabs = QTabWidget()
        for label, name in GUIDE_PAGES:
            page = QTextBrowser()
            page.setOpenExternalLinks(False)
            page.setMarkdown(guide_text(name))
            page.document().setDocumentMargin(16)
            self.tabs.addTab(page, label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        fit_to_screen(self, QSize(760, 580))

    def sizeHint(self) -> QSize:
        return QSize(760, 580)
