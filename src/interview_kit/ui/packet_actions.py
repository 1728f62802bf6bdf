"""Packets in the app: open a round kit, export a kit or my scores, and merge many packets with progress.

Merging runs in a QThreadPool worker (one transaction per file) behind a cancellable progress dialog, so the
window keeps painting; the report lists each file's result.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QProgressDialog, QWidget

from .. import identity, packets
from ..errors import UserError
from ..names import MENU_PATH
from . import dialogs
from .context import AppContext

#: Fewer files than this merge at once, without a progress dialog.
PROGRESS_FROM = 4


class _Signals(QObject):
    progress = Signal(int, str)
    done = Signal(list)


class ImportWorker(QRunnable):
    """Import files one by one (each all-or-nothing); stops between files when cancelled."""

    def __init__(self, ctx: AppContext, paths: list[Path], passphrase: str | None = None):
        super().__init__()
        self.ctx = ctx
        self.paths = paths
        self.passphrase = passphrase
        self.signals = _Signals()
        self.cancelled = False

    def run(self) -> None:
        reports = []
        try:
            for i, path in enumerate(self.paths):
                if self.cancelled:
                    break
                self.signals.progress.emit(i, path.name)
                reports.append(packets.import_file(self.ctx.workspace, path, self.passphrase))
        finally:  # an unexpected error still closes the progress dialog; the error hook reports it
            self.signals.done.emit(reports)


def import_packets(parent: QWidget, ctx: AppContext, paths: list[Path], *, wait: bool = False,
                   kit_only: bool = False) -> list:
    """Merge ``paths`` and show the per-file report. Returns the reports (when done synchronously).

    With ``kit_only`` (File → Open round kit) a score packet is refused, pointing at Import packets."""
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    passphrase = _ask_passphrase_if_sealed(parent, paths)
    if kit_only:
        reports = [packets.import_kit_file(ctx.workspace, p, passphrase) for p in paths]
        _finish(parent, ctx, reports)
        return reports
    if len(paths) < PROGRESS_FROM:
        reports = [packets.import_file(ctx.workspace, p, passphrase) for p in paths]
        _finish(parent, ctx, reports, passphrase=passphrase)
        return reports
    dialog = QProgressDialog(f"Merging {len(paths)} packets…", "Cancel", 0, len(paths), parent)
    dialog.setWindowTitle("Import packets")
    dialog.setMinimumDuration(0)
    worker = ImportWorker(ctx, paths, passphrase)
    results: list = []

    def progress(i: int, name: str) -> None:
        dialog.setValue(i)
        dialog.setLabelText(f"Merging {name} ({i + 1} of {len(paths)})…")

    def done(reports: list) -> None:
        results.extend(reports)
        dialog.setValue(len(paths))
        dialog.close()
        _finish(parent, ctx, reports, cancelled=len(reports) < len(paths), passphrase=passphrase)

    worker.signals.progress.connect(progress)
    worker.signals.done.connect(done)
    dialog.canceled.connect(lambda: setattr(worker, "cancelled", True))
    QThreadPool.globalInstance().start(worker)
    if wait:
        QThreadPool.globalInstance().waitForDone()
        from PySide6.QtWidgets import QApplication

        while not results:
            QApplication.processEvents()
    return results


def _ask_passphrase_if_sealed(parent: QWidget, paths: list[Path]) -> str | None:
    """Ask once for the passphrase when any of the files is a sealed (passphrase-protected) packet."""
    from .. import sealing

    sealed = []
    for p in paths:
        try:
            with open(p, "rb") as f:
                if sealing.is_sealed(f.read(400)):
                    sealed.append(p.name)
        except OSError:
            continue
    if not sealed:
        return None
    text, ok = QInputDialog.getText(parent, "Passphrase", f"{', '.join(sealed[:3])}"
                                    + (" and others are" if len(sealed) > 3 else " is" if len(sealed) == 1 else " are")
                                    + " protected by a passphrase. Passphrase:", QLineEdit.EchoMode.Password)
    return text if ok and text else None


def _finish(parent: QWidget, ctx: AppContext, reports: list, cancelled: bool = False,
            passphrase: str | None = None) -> None:
    ctx.rounds_changed.emit()
    for r in reports:
        if r.ok:
            ctx.scores_changed.emit("")
            break
    refused = [r for r in reports if not r.ok]
    lines = [r.summary() for r in reports]
    text = "\n\n".join(lines[:30]) + (f"\n\n… and {len(lines) - 30} more" if len(lines) > 30 else "")
    if cancelled:
        text += "\n\nCancelled: the remaining files were not imported (each imported file is complete)."
    ctx.status_message.emit(f"Imported {len(reports) - len(refused)} of {len(reports)} packet(s)")
    box = QMessageBox.warning if refused else QMessageBox.information
    title = f"{len(refused)} packet(s) refused — the workspace was not changed by them" if refused else "Packets imported"
    box(parent, title, text)
    for r in refused:
        if r.untrusted is not None:
            offer_trust(parent, ctx, r, passphrase)


def offer_trust(parent: QWidget, ctx: AppContext, report, passphrase: str | None = None):
    """The packet was signed by another key than the one pinned for its sender: show both fingerprints and, if
    the user confirms (after checking with the sender), re-pin the key (audited) and import the packet again.
    Returns the new import report, or None when the user said no."""
    u = report.untrusted
    name = Path(report.path).name
    answer = QMessageBox.question(
        parent, "Trust a new signing key?",
        f"{name} was signed by another copy of interview-kit than the one {u.name} used before.\n\n"
        f"Key trusted so far:   {identity.fingerprint(u.pinned)}\n"
        f"Key of this packet:   {identity.fingerprint(u.offered)}\n\n"
        f"Trust the new key only if {u.name} confirms its fingerprint (by phone or in person) — for instance "
        "because they moved to a new laptop. Anyone can make a key; the fingerprint is how you tell.\n\n"
        "Trust the new key and import the packet? (This is recorded in the audit trail.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    ws = ctx.workspace
    me = ws.me()
    ws.pin_key(u.subject, u.name, u.offered, actor=me.name if me else "",
               detail={"file": report.path, "reason": "trusted in the app after a refused import"})
    again = packets.import_file(ws, Path(report.path), passphrase)
    ctx.rounds_changed.emit()
    if again.ok:
        ctx.scores_changed.emit("")
        ctx.status_message.emit(f"Trusted {u.name}'s new key; {again.summary()}")
    else:
        QMessageBox.warning(parent, "Packet still refused", again.summary())
    return again


def choose_and_import(parent: QWidget, ctx: AppContext, title: str = "Import packets") -> None:
    names = dialogs.open_files(parent, ctx.settings, "packet", title, "interview-kit packets (*.ikit);;All files (*)")
    import_packets(parent, ctx, [Path(n) for n in names])


def choose_and_open_kit(parent: QWidget, ctx: AppContext) -> list:
    """File → Open round kit: one kit from the lead. A score packet is refused here with a pointer to
    File → Import packets."""
    names = dialogs.open_files(parent, ctx.settings, "packet", "Open round kit",
                               "interview-kit round kit (*.ikit);;All files (*)")
    return import_packets(parent, ctx, [Path(n) for n in names], kit_only=True)


def export(parent: QWidget, ctx: AppContext, round_id: str, *, kit: bool) -> None:
    """Export the round kit, or this panelist's scores, to a file the user picks."""
    ws = ctx.workspace
    try:
        if kit:
            doc = packets.export_kit(ws, round_id)
        else:
            me = ws.me()
            if me is None:
                raise UserError(f"say who you are first: {MENU_PATH} (or start an interview)")
            doc = packets.export_scores(ws, round_id, me.id)
    except UserError as e:
        QMessageBox.warning(parent, "Export", str(e))
        return
    path = dialogs.save_file(parent, ctx.settings, "packet", "Export round kit" if kit else "Export my scores",
                             packets.default_name(doc), "interview-kit packets (*.ikit)")
    if not path:
        return
    if not path.endswith(packets.SUFFIX):
        path += packets.SUFFIX
    what = ("This kit holds the candidates' names and e-mail addresses. To send it by e-mail, give a passphrase "
            "(8+ characters) and tell it to the panel another way." if kit else
            "To send these scores by e-mail, give a passphrase (8+ characters) and tell it to the lead another way.")
    text, ok = QInputDialog.getText(parent, "Protect with a passphrase?", what + "\nLeave empty for no protection.",
                                    QLineEdit.EchoMode.Password)
    if not ok:
        return
    passphrase = text or None
    try:
        packets.write(doc, Path(path), passphrase)
    except UserError as e:
        QMessageBox.warning(parent, "Export", f"{e}\n\nNothing was written; check the disk and try again.")
        return
    what = "Round kit" if kit else f"{len(doc['scores'])} scores and {len(doc['verdicts'])} verdicts"
    ctx.status_message.emit(f"{what} exported to {path} — signed with key {identity.fingerprint(packets.signer(doc))}")
