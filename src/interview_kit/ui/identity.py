"""Who is using this copy: asked for at the first start, changed with File → My name… (audited).

The rule for a name is :func:`interview_kit.names.clean_name`; this dialog checks it as you type.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..errors import UserError
from ..names import MAX_LENGTH, clean_name
from . import defs
from .context import AppContext
from .dialogs import fit_to_screen


class NameDialog(QDialog):
    """One line for a name; OK only when the name is acceptable, and the reason shown when it is not."""

    def __init__(self, title: str, prompt: str, current: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        label = QLabel(prompt)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = QLineEdit(current)
        self.edit.setMaxLength(MAX_LENGTH + 50)  # longer input is shown as an error, not silently cut
        self.edit.setPlaceholderText("e.g. Amira Haddad")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {defs.BAD};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        self._check()
        fit_to_screen(self)
        self.resize(min(520, self.maximumWidth()), self.sizeHint().height())

    def _check(self) -> None:
        try:
            clean_name(self.edit.text())
            problem = ""
        except UserError as e:
            problem = str(e)[0].upper() + str(e)[1:] + "." if self.edit.text() else ""
            ok = False
        else:
            ok = True
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def name(self) -> str:
        return clean_name(self.edit.text())


def _dialog(parent, title: str, prompt: str, current: str) -> str | None:
    dialog = NameDialog(title, prompt, current, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.name()


def ask_first_name(ctx: AppContext, parent: QWidget | None = None):
    """At the first start (and whenever a name is needed and none is known): ask who this is. A name this
    workspace already has is reused without asking. Returns the panelist, or None if the user declined."""
    me = ctx.workspace.me()
    if me is not None:
        return me
    name = _dialog(parent, "Who is using interview-kit?",
                   "Your name, as the panel and the audit trail should show it. It goes on your scores and on every "
                   "change you make; you can change it later (File → My name…).",
                   str(ctx.settings.value("panelist_name", "") or ""))
    if name is None:
        return None
    me = ctx.workspace.set_me(name)
    ctx.settings.setValue("panelist_name", me.name)
    ctx.identity_changed.emit()
    return me


def change_name(ctx: AppContext, parent: QWidget | None = None):
    """File → My name…: change the name this copy's user goes by (audited old → new)."""
    me = ctx.workspace.me()
    if me is None:
        return ask_first_name(ctx, parent)
    name = _dialog(parent, "My name", "The name the panel and the audit trail show for you. Your scores stay "
                   "yours; the change is recorded in the round's history.", me.name)
    if name is None or name == me.name:
        return me
    me = ctx.workspace.rename_me(name, actor=me.name)
    ctx.settings.setValue("panelist_name", me.name)
    ctx.identity_changed.emit()
    ctx.status_message.emit(f"You are now {me.name} in this workspace.")
    return me
