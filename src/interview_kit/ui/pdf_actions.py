"""File → Export PDF: a candidate's scorecard, a whole round (summary + every scorecard), or the blank guide.

A whole round builds in a QThreadPool worker behind a progress dialog that can cancel (nothing is written then);
the finished file opens in the system viewer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressDialog, QWidget

from .. import independence
from ..errors import UserError
from ..reports import data, pdf
from . import dialogs, errors
from .context import AppContext

CHOICES = ("Scorecard of the selected candidate", "Whole round: summary and every scorecard",
           "Blank printable guide")


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(str)  # error message, empty on success
    failed = Signal(object)  # (kind, value, traceback) of an unexpected error, shown by the GUI thread


class PdfWorker(QRunnable):
    def __init__(self, document: pdf.Document, target: Path):
        super().__init__()
        self.document = document
        self.target = target
        self.signals = _Signals()
        self.cancelled = False

    def run(self) -> None:
        if isinstance(self.document, pdf.RoundSummary):
            self.document.progress = self._progress
        try:
            pdf.write_pdf(self.document, self.target)
        except pdf.Cancelled:
            self.signals.done.emit("cancelled")
            return
        except UserError as e:
            self.signals.done.emit(str(e))
            return
        except Exception as e:  # noqa: BLE001 - a bug: never only on stderr; the GUI thread shows the details
            self.signals.failed.emit((type(e), e, e.__traceback__))
            self.signals.done.emit("failed")
            return
        self.signals.done.emit("")

    def _progress(self, i: int, total: int) -> bool:
        self.signals.progress.emit(i, total)
        return not self.cancelled


def export_pdf(parent: QWidget, ctx: AppContext, round_id: str | None, candidate_id: str | None, *,
               choice: int | None = None, target: Path | None = None, open_when_done: bool = True,
               wait: bool = False) -> None:
    if round_id is None:
        QMessageBox.information(parent, "Export PDF", "Select a round first.")
        return
    if choice is None:
        label, ok = QInputDialog.getItem(parent, "Export PDF", "What to print:", list(CHOICES),
                                         0 if candidate_id else 1, False)
        if not ok:
            return
        choice = CHOICES.index(label)
    ws = ctx.workspace
    # A withdrawn candidate's scorecard can still be printed (their scores are kept): gather them too.
    withdrawn = choice == 0 and candidate_id is not None and ws.candidate(candidate_id).withdrawn
    d = data.gather(ws, round_id, viewer=independence.viewer(ws, round_id),  # independence holds in print too
                    include_withdrawn=withdrawn)
    paper = ctx.paper
    if choice == 0:
        if candidate_id is None:
            QMessageBox.information(parent, "Export PDF", "Select a candidate first.")
            return
        document = pdf.Scorecard(d, candidate_id, paper=paper)
    elif choice == 1:
        document = pdf.RoundSummary(d, scorecards=True, paper=paper)
    else:
        document = pdf.BlankGuide(d, paper=paper)
    if target is None:
        name = dialogs.save_file(parent, ctx.settings, "pdf", "Export PDF", _file_name(document), "PDF (*.pdf)")
        if not name:
            return
        target = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
    worker = PdfWorker(document, target)
    dialog = QProgressDialog("Making the PDF…", "Cancel", 0, max(1, len(d.candidates)), parent)
    dialog.setWindowTitle("Export PDF")
    dialog.setMinimumDuration(300)
    dialog.canceled.connect(lambda: setattr(worker, "cancelled", True))
    finished: list[str] = []

    def progress(i: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(i)
        dialog.setLabelText(f"Scorecard {i + 1} of {total}…")

    def done(error: str) -> None:
        finished.append(error)
        dialog.close()
        if error == "failed":
            ctx.status_message.emit("The PDF could not be made; nothing was written.")
        elif error == "cancelled":
            ctx.status_message.emit("PDF export cancelled; nothing was written.")
        elif error:
            QMessageBox.warning(parent, "Export PDF", error)
        else:
            ctx.status_message.emit(f"PDF written to {target}")
            if open_when_done:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    worker.signals.progress.connect(progress)
    worker.signals.done.connect(done)
    worker.signals.failed.connect(lambda info: errors.show(parent, *info))
    QThreadPool.globalInstance().start(worker)
    if wait:
        from PySide6.QtWidgets import QApplication

        QThreadPool.globalInstance().waitForDone()
        while not finished:
            QApplication.processEvents()


def _file_name(document: pdf.Document) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in document.title.lower())
    return "-".join(p for p in keep.split("-") if p)[:80] + ".pdf"
