"""The application context: one object that carries the workspace, the banks, the settings and the actions
to every widget that needs them (after git-cola's ApplicationContext), instead of module-level globals."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from typing import TYPE_CHECKING

from .. import paths
from ..store import Workspace

if TYPE_CHECKING:
    from .. import banks


class AppContext(QObject):
    """Owns the open workspace and tells views when it changes."""

    workspace_changed = Signal()
    rounds_changed = Signal()
    candidates_changed = Signal(str)  # round id
    scores_changed = Signal(str)  # candidate id
    status_message = Signal(str)
    #: The name of the person using this copy was given or changed (File → My name…).
    identity_changed = Signal()
    #: Problems found while loading the question banks (bad user files are reported and skipped).
    bank_problems = Signal(list)

    MAX_RECENT = 8

    def __init__(self, workspace: Workspace, *, extra_banks: list[Path] | None = None, settings: QSettings | None = None):
        super().__init__()
        self.workspace = workspace
        self.extra_banks = list(extra_banks or [])
        self.settings = settings or QSettings(str(paths.data_dir() / "settings.ini"), QSettings.Format.IniFormat)
        self._library: "banks.Library | None" = None
        #: Every user edit is a QUndoCommand pushed here: Edit → Undo/Redo and Ctrl+Z work on it.
        self.undo_stack = QUndoStack(self)
        self.remember_recent(workspace.path)

    @property
    def library(self) -> "banks.Library":
        """The question banks in force, loaded on first use (start-up does not wait for them)."""
        if self._library is None:
            from .. import banks  # not at start-up: the banks are needed only to build a round

            self._library = banks.load_library(extra_dirs=self.extra_banks)
            problems = [f for f in self._library.findings if f.is_error]
            for f in problems:
                print(f"interview-kit: bank {f.severity}: {f}", file=sys.stderr)
            if problems:
                self.bank_problems.emit(problems)
        return self._library

    @property
    def paper(self) -> str:
        """The paper PDFs are laid out for: the user's choice (File → Paper size), else their locale's."""
        return self.settings.value("pdf/paper") or locale_paper()

    def switch_workspace(self, workspace: Workspace) -> None:
        old = self.workspace
        self.workspace = workspace
        old.close()
        self.undo_stack.clear()
        self.remember_recent(workspace.path)
        self.workspace_changed.emit()

    def recent_workspaces(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if v]

    def remember_recent(self, path: Path) -> None:
        path_s = str(Path(path).resolve())
        before = self.recent_workspaces()
        self.remember("recent", [path_s] + [p for p in before if p != path_s][: self.MAX_RECENT - 1], before)

    def remember(self, key: str, value, current=None) -> None:
        """Set a setting only when it changes (``current``: its value, if the caller has read it already). Every
        setValue makes QSettings rewrite and fsync the file soon after; a start that reopens the same workspace
        and round would otherwise do that before its first paint, for nothing."""
        if (self.settings.value(key) if current is None else current) != value:
            self.settings.setValue(key, value)

    def close(self) -> None:
        self.settings.sync()
        self.workspace.close()


def locale_paper() -> str:
    """"letter" or "a4" from Qt's idea of the user's region (QLocale reads the system settings on Windows and
    macOS, where Python's locale module sees only the C locale of an app started from Finder or the Start menu).
    """
    from PySide6.QtCore import QLocale

    from ..reports.paper import LETTER_COUNTRIES

    loc = QLocale()
    if loc.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return "letter"
    return "letter" if QLocale.territoryToCode(loc.territory()) in LETTER_COUNTRIES else "a4"
