"""Undoable edits. An edit is written first and pushed only once the write succeeded, so a failed save (a full
disk) never sits on the undo stack; QUndoStack.push then calls redo() at once, which must not write again."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack


class AppliedCommand(QUndoCommand):
    """A command whose ``apply`` has already run when it is pushed; subclasses implement apply and undo."""

    def __init__(self, text: str):
        super().__init__(text)
        self._applied = False

    def apply(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def redo(self) -> None:
        if not self._applied:  # the push right after do(): already written
            self._applied = True
            return
        self.apply()


def do(stack: QUndoStack, command: AppliedCommand) -> None:
    """Write the edit (raising, and leaving the stack alone, if it cannot be saved), then make it undoable."""
    command.apply()
    stack.push(command)
