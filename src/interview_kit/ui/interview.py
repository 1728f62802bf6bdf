"""Interview mode: one question at a time, scored from the keyboard while the candidate talks.

Keys (shown on screen): 1-5 rate, 0 or N not asked / not observed, ←/→ or PgUp/PgDn move, Tab into the notes
and Esc out of them (typing a note never changes a rating), Ctrl+Z undo, Ctrl+Return submit. Every change is
committed at once; a rating change is an undoable command. Only this panelist's own scores are ever shown here
(independent scoring).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..model import VERDICT_LABELS, VERDICTS, GuideQuestion
from ..store import ReadOnlyRoundError
from . import commands, defs
from .commands import AppliedCommand
from .context import AppContext
from .elided import ElidedLabel

NA = "na"  # the key for "not asked / not observed" in the UI (stored as rating NULL)
SHORTCUTS = ("1–5 rate · 0/N not asked · ←/→ or PgUp/PgDn move · Tab notes · Esc leave notes · Ctrl+Z undo · "
             "Ctrl+Enter submit")
VERDICT_SHORTCUTS = "1–4 choose the recommendation · Tab summary · Esc leave summary · ← back · Ctrl+Enter submit"


class SetRating(AppliedCommand):
    """Rate one question (or mark it N/A); undo restores exactly what was there before."""

    def __init__(self, view: "InterviewView", question_id: str, rating: int | None, before):
        super().__init__(f"rate {question_id}")
        self.view = view
        self.qid = question_id
        self.new = rating
        self.before = before

    def apply(self) -> None:
        self.view._write_score(self.qid, self.new)

    def undo(self) -> None:
        if self.before is None:
            self.view._clear_score(self.qid)
        else:
            self.view._write_score(self.qid, self.before.rating, self.before.note)


class ScaleLevel(QFrame):
    """One level of the anchored scale: the key, and the behavior it stands for. Clicking it rates."""

    clicked = Signal()

    def __init__(self, key: str, title: str, parent=None):
        super().__init__(parent)
        self.setObjectName("scaleLevel")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.key = QLabel(key)
        self.key.setFixedWidth(44)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setStyleSheet(f"font-size: {defs.FONT_TITLE + 4}px; font-weight: 700;")
        self.text = QLabel(title)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setStyleSheet(f"font-size: {defs.FONT_LARGE}px;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 8, 4)
        layout.addWidget(self.key)
        layout.addWidget(self.text, 1)
        self.set_selected(False)

    def set_text(self, text: str) -> None:
        self.text.setText(text)

    def set_selected(self, selected: bool) -> None:
        if selected:
            self.setStyleSheet(
                f"#scaleLevel {{ background: {defs.SELECTED_BG}; border: 2px solid {defs.ACCENT}; border-radius: 6px; }}"
            )
        else:
            self.setStyleSheet("#scaleLevel { background: white; border: 1px solid #d0d5dd; border-radius: 6px; }")

    def mousePressEvent(self, event) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)


class InterviewView(QWidget):
    """The interview of one candidate by one panelist (the person using this copy)."""

    saved = Signal(str)
    submitted = Signal(str)  # candidate id

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.candidate_id: str | None = None
        self.panelist_id: str | None = None
        self.guide: list[GuideQuestion] = []
        self.index = 0
        #: The interview clock counts only while this scorecard is open and not submitted: time banked in the
        #: settings per candidate and panelist, plus the current stretch since ``_running_since``.
        self._elapsed_before = 0.0
        self._running_since: float | None = None
        self.undo_stack = ctx.undo_stack
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._note_timer = QTimer(self, singleShot=True, interval=400, timeout=self._save_note)
        self._clock = QTimer(self, interval=1000, timeout=self._tick)
        self._build()

    @property
    def ws(self):
        return self.ctx.workspace

    # ------------------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        self.candidate_label = ElidedLabel()  # a 120-character name ends in "…", whole on hover
        self.candidate_label.setStyleSheet(f"font-size: {defs.FONT_TITLE + 4}px; font-weight: 600;")
        self.round_label = ElidedLabel()
        self.round_label.setStyleSheet(f"font-size: {defs.FONT_LARGE}px; color: {defs.MUTED};")
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet(f"font-size: {defs.FONT_LARGE}px;")
        self.clock_label = QLabel()
        self.clock_label.setStyleSheet(f"font-size: {defs.FONT_LARGE}px; color: {defs.MUTED};")
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(f"font-size: {defs.FONT_LARGE}px; color: {defs.OK};")
        header = QHBoxLayout()
        header.addWidget(self.candidate_label, 2)
        header.addWidget(self.round_label, 2)
        header.addWidget(self.progress_label)
        header.addSpacing(defs.BIG_MARGIN)
        header.addWidget(self.clock_label)
        header.addSpacing(defs.BIG_MARGIN)
        header.addWidget(self.saved_label)

        self.outline = QListWidget()
        self.outline.setObjectName("outline")
        self.outline.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.outline.setFixedWidth(270)
        self.outline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.outline.setStyleSheet(f"QListWidget {{ font-size: {defs.FONT_BODY + 2}px; }} "
                                   "QListWidget::item { padding: 3px 2px; }")
        self.outline.currentRowChanged.connect(self._outline_clicked)

        # The question page.
        self.skill_label = QLabel()
        self.skill_label.setStyleSheet(f"font-size: {defs.FONT_LARGE}px; color: {defs.ACCENT}; font-weight: 600;")
        self.question_label = QLabel()
        self.question_label.setObjectName("questionText")
        self.question_label.setWordWrap(True)
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        self.question_label.setStyleSheet(f"font-size: {defs.FONT_QUESTION + 2}px; font-weight: 500;")
        self.probes_label = QLabel()
        self.probes_label.setWordWrap(True)
        self.probes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.probes_label.setStyleSheet(f"font-size: {defs.FONT_LARGE}px; color: #374151;")
        self.levels: dict[object, ScaleLevel] = {}
        scale = QVBoxLayout()
        scale.setSpacing(4)
        for level in (5, 4, 3, 2, 1):
            w = ScaleLevel(str(level), "")
            w.clicked.connect(lambda lv=level: self.rate(lv))
            self.levels[level] = w
            scale.addWidget(w)
        na = ScaleLevel("N", "Not asked / not observed")
        na.clicked.connect(lambda: self.rate(None))
        self.levels[NA] = na
        scale.addWidget(na)

        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText("Notes — press Tab to type here, Esc to go back to rating")
        self.notes.setFixedHeight(86)
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._note_edited)
        self.evidence_label = QLabel()
        self.evidence_label.setStyleSheet(f"color: {defs.BAD}; font-weight: 600;")

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(defs.BIG_MARGIN, 0, defs.BIG_MARGIN, 0)
        page_layout.setSpacing(defs.SPACING)
        page_layout.addWidget(self.skill_label)
        page_layout.addWidget(self.question_label)
        page_layout.addWidget(self.probes_label)
        page_layout.addSpacing(4)
        page_layout.addLayout(scale)
        notes_row = QHBoxLayout()
        notes_title = QLabel("Notes")
        notes_title.setStyleSheet("font-weight: 600;")
        notes_row.addWidget(notes_title)
        notes_row.addWidget(self.evidence_label, 1)
        page_layout.addLayout(notes_row)
        page_layout.addWidget(self.notes)
        page_layout.addStretch(1)
        self.question_page = page

        # The verdict page (after the last question).
        self.verdict_page = QWidget()
        vlay = QVBoxLayout(self.verdict_page)
        vlay.setContentsMargins(defs.BIG_MARGIN, 0, defs.BIG_MARGIN, 0)
        title = QLabel("Overall recommendation")
        title.setStyleSheet(f"font-size: {defs.FONT_QUESTION + 2}px; font-weight: 600;")
        vlay.addWidget(title)
        hint = QLabel("Press 1–4 to choose. There is no neutral option: decide which side the evidence supports.")
        hint.setStyleSheet(f"font-size: {defs.FONT_LARGE}px; color: {defs.MUTED};")
        vlay.addWidget(hint)
        row = QHBoxLayout()
        self.verdict_buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(VERDICTS, 1):
            b = QPushButton(f"{i}  {VERDICT_LABELS[key]}")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(48)
            b.setStyleSheet(f"QPushButton {{ font-size: {defs.FONT_LARGE}px; }} QPushButton:checked {{ "
                            f"background: {defs.SELECTED_BG}; border: 2px solid {defs.ACCENT}; font-weight: 700; }}")
            b.clicked.connect(lambda _=False, k=key: self.choose_verdict(k))
            self.verdict_buttons[key] = b
            row.addWidget(b)
        vlay.addLayout(row)
        sum_title = QLabel("Summary")
        sum_title.setStyleSheet("font-weight: 600;")
        vlay.addWidget(sum_title)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setPlaceholderText("Why this recommendation — the evidence that decided it (Tab to type, Esc to leave)")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(110)
        self.summary.textChanged.connect(self._summary_edited)
        vlay.addWidget(self.summary)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_label.setStyleSheet(f"color: {defs.WARN}; font-size: {defs.FONT_LARGE}px;")
        vlay.addWidget(self.missing_label)
        buttons = QHBoxLayout()
        self.submit_button = QPushButton("Submit scorecard  (Ctrl+Enter)")
        self.submit_button.setMinimumHeight(40)
        self.submit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.submit_button.clicked.connect(self.submit)
        self.amend_button = QPushButton("Amend…  (Ctrl+Shift+A)")
        self.amend_button.setMinimumHeight(40)
        self.amend_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.amend_button.clicked.connect(self.amend)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.amend_button)
        buttons.addStretch(1)
        vlay.addLayout(buttons)
        vlay.addStretch(1)
        self._summary_timer = QTimer(self, singleShot=True, interval=400, timeout=self._save_summary)

        self.pages = QScrollArea()
        self.pages.setWidgetResizable(True)
        self.pages.setFrameShape(QFrame.Shape.NoFrame)
        self.pages.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget()
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(self.question_page)
        hl.addWidget(self.verdict_page)
        self.pages.setWidget(holder)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            f"background: #fff4e5; color: {defs.WARN}; padding: 6px; font-size: {defs.FONT_LARGE}px;"
        )
        self.banner.hide()

        body = QHBoxLayout()
        body.addWidget(self.outline)
        body.addWidget(self.pages, 1)

        self.shortcut_bar = QLabel(SHORTCUTS)
        self.shortcut_bar.setObjectName("shortcuts")
        self.shortcut_bar.setStyleSheet(
            f"background: {defs.PANEL_BG}; color: #374151; padding: 6px; font-size: {defs.FONT_BODY + 2}px;"
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(defs.MARGIN, defs.MARGIN, defs.MARGIN, 0)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.shortcut_bar)

        for seq, slot in (
            (QKeySequence("Ctrl+Return"), self.submit),
            (QKeySequence("Ctrl+Enter"), self.submit),
            (QKeySequence("Ctrl+Shift+A"), self.amend),
        ):
            sc = QShortcut(seq, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.notes.installEventFilter(self)
        self.summary.installEventFilter(self)

    # ------------------------------------------------------------------------------------------- opening

    def open(self, candidate_id: str, panelist_id: str, index: int = 0) -> None:
        """Show this candidate's interview for this panelist, at question ``index`` (kept from last time)."""
        self._flush()
        self._pause_clock()
        self.candidate_id = candidate_id
        self.panelist_id = panelist_id
        cand = self.ws.candidate(candidate_id)
        self.round = self.ws.round(cand.round_id)
        self.guide = self.ws.guide(cand.round_id)
        self.candidate_label.setText(cand.name)
        self.round_label.setText(self.round.title)
        self.undo_stack.clear()
        self._elapsed_before = float(self.ctx.settings.value(self._clock_key(), 0) or 0)
        self._rebuild_outline()
        self.go(max(0, min(index, len(self.guide))))
        self._resume_clock()
        self.saved_label.setText("✓ All changes saved")
        self.setFocus()

    def _scores(self) -> dict:
        return {s.question_id: s for s in self.ws.scores(candidate_id=self.candidate_id, panelist_id=self.panelist_id)}

    def _rebuild_outline(self) -> None:
        scores = self._scores()
        self.outline.blockSignals(True)
        current = self.outline.currentRow()
        self.outline.clear()
        for i, q in enumerate(self.guide, 1):
            s = scores.get(q.id)
            mark = "·" if s is None else ("N/A" if s.rating is None else f"{s.rating}")
            item = QListWidgetItem(f"{i:>2}.  {mark:^3}  {self.round.skill_name(q.skill)}")
            item.setToolTip(q.text)
            self.outline.addItem(item)
        self.outline.addItem(QListWidgetItem("  ✓   Recommendation & submit"))
        self.outline.setCurrentRow(current if current >= 0 else 0)
        self.outline.blockSignals(False)

    # --------------------------------------------------------------------------------------- navigation

    @property
    def on_verdict_page(self) -> bool:
        return self.index >= len(self.guide)

    def current_question(self) -> GuideQuestion | None:
        return None if self.on_verdict_page else self.guide[self.index]

    def go(self, index: int) -> None:
        self._flush()
        self.index = max(0, min(index, len(self.guide)))
        self.ctx.settings.setValue("interview/question_index", self.index)
        self.outline.blockSignals(True)
        self.outline.setCurrentRow(self.index)
        self.outline.blockSignals(False)
        self._show_current()

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def _outline_clicked(self, row: int) -> None:
        if row >= 0 and row != self.index:
            self.go(row)
            self.setFocus()

    def _show_current(self) -> None:
        submitted = self.ws.verdict(self.candidate_id, self.panelist_id)
        is_submitted = bool(submitted and submitted.submitted_at)
        if is_submitted:
            self.banner.setText(f"Submitted {submitted.submitted_at[:16].replace('T', ' ')} UTC — read-only. "
                                "Press Ctrl+Shift+A to amend (every change is then recorded in the audit trail).")
            self.banner.show()
        else:
            self.banner.hide()
        n = len(self.guide)
        q = self.current_question()
        self.question_page.setVisible(q is not None)
        self.verdict_page.setVisible(q is None)
        self.shortcut_bar.setText(SHORTCUTS if q is not None else VERDICT_SHORTCUTS)
        if q is None:
            self.progress_label.setText(f"Recommendation · {n} of {n} questions")
            v = self.ws.verdict(self.candidate_id, self.panelist_id)
            for key, b in self.verdict_buttons.items():
                b.setChecked(bool(v and v.recommendation == key))
                b.setEnabled(not is_submitted)
            self.summary.blockSignals(True)
            self.summary.setPlainText(v.summary if v else "")
            self.summary.blockSignals(False)
            self.summary.setReadOnly(is_submitted)
            self.submit_button.setEnabled(not is_submitted)
            self.amend_button.setVisible(is_submitted)
            missing = self.missing()
            self.missing_label.setText(
                "Before you submit:\n• " + "\n• ".join(missing) if missing and not is_submitted else ""
            )
            return
        self.progress_label.setText(f"Question {self.index + 1} of {n}")
        self.skill_label.setText(f"{self.round.skill_name(q.skill).upper()}  ·  {q.kind}")
        self.question_label.setText(q.text)
        self.probes_label.setText("Probes:  " + "\n          ".join(f"• {p}" for p in q.probes) if q.probes else "")
        anchors = {a.level: a.text for a in q.anchors}
        for level in (1, 2, 3, 4, 5):
            self.levels[level].set_text(anchors.get(level, "(between the levels around it)"))
        s = self.ws.score(self.candidate_id, self.panelist_id, q.id)
        self._show_rating(s.rating if s else None, scored=s is not None)
        note = s.note if s else self.ws.pending_notes(self.candidate_id, self.panelist_id).get(q.id, "")
        self.notes.blockSignals(True)
        self.notes.setPlainText(note)
        self.notes.blockSignals(False)
        self.notes.setReadOnly(is_submitted)
        self._update_evidence()

    def _show_rating(self, rating: int | None, *, scored: bool) -> None:
        for key, w in self.levels.items():
            w.set_selected(scored and ((key == NA and rating is None) or key == rating))

    def _update_evidence(self) -> None:
        q = self.current_question()
        need = False
        if q is not None and self.round.require_evidence:
            s = self.ws.score(self.candidate_id, self.panelist_id, q.id)
            need = bool(s and s.rating in (1, 5) and not self.notes.toPlainText().strip())
        self.evidence_label.setText("Evidence note required for a rating of 1 or 5" if need else "")
        self.notes.setStyleSheet(f"border: 2px solid {defs.BAD};" if need else "")

    def _clock_key(self) -> str:
        return f"interview/elapsed/{self.candidate_id}/{self.panelist_id}"

    def elapsed(self) -> float:
        """Seconds this scorecard has been open and unsubmitted, across sessions."""
        running = time.monotonic() - self._running_since if self._running_since is not None else 0.0
        return self._elapsed_before + running

    def _pause_clock(self) -> None:
        """Bank the time so far (leaving the view, another candidate, submit, quit)."""
        if self._running_since is not None and self.candidate_id is not None:
            self._elapsed_before = self.elapsed()
            self.ctx.settings.setValue(self._clock_key(), round(self._elapsed_before, 1))
        self._running_since = None
        self._clock.stop()

    def _resume_clock(self) -> None:
        """Run the clock while an unsubmitted scorecard is on screen; a submitted one shows its time, still."""
        if self.candidate_id is None:
            return
        if self._running_since is None and not self.ws.is_submitted(self.candidate_id, self.panelist_id):
            self._running_since = time.monotonic()
            self._clock.start()
        self._tick()

    def _tick(self) -> None:
        elapsed = int(self.elapsed())
        if self._running_since is not None and elapsed % 15 == 0:  # a crash loses at most 15 s of the clock
            self.ctx.settings.setValue(self._clock_key(), elapsed)
        text = f"Elapsed {elapsed // 60}:{elapsed % 60:02d}"
        budget = getattr(self, "round", None) and self.round.time_budget_minutes
        if budget:
            left = budget * 60 - elapsed
            text += f"  ·  {abs(left) // 60} min {'left' if left >= 0 else 'over'}"
        self.clock_label.setText(text)

    # ------------------------------------------------------------------------------------------ scoring

    def rate(self, rating: int | None) -> None:
        q = self.current_question()
        if q is None or self.candidate_id is None:
            return
        if self.ws.is_submitted(self.candidate_id, self.panelist_id):
            self.ctx.status_message.emit("This scorecard is submitted: press Ctrl+Shift+A to amend it.")
            return
        current = self.ws.score(self.candidate_id, self.panelist_id, q.id)
        if current is not None and current.rating == rating:
            return
        commands.do(self.undo_stack, SetRating(self, q.id, rating, current))

    def _write_score(self, qid: str, rating: int | None, note: str | None = None) -> None:
        if note is None:
            note = self._note_for(qid)
        try:
            stamp = self.ws.set_score(self.candidate_id, self.panelist_id, qid, rating, note, actor=self._actor())
        except ReadOnlyRoundError as e:
            QMessageBox.warning(self, "Scorecard submitted", str(e))
            return
        self._after_save(stamp, qid)  # the store moved any pending note into the score in the same write

    def _clear_score(self, qid: str) -> None:
        self.ws.clear_score(self.candidate_id, self.panelist_id, qid, keep_note=self._note_for(qid))
        self._after_save(None, qid)

    def _note_for(self, qid: str) -> str:
        q = self.current_question()
        if q is not None and q.id == qid:
            return self.notes.toPlainText()
        s = self.ws.score(self.candidate_id, self.panelist_id, qid)
        return s.note if s else self.ws.pending_notes(self.candidate_id, self.panelist_id).get(qid, "")

    def _after_save(self, stamp: str | None, qid: str) -> None:
        self.saved_label.setText("✓ Saved " + time.strftime("%H:%M:%S"))
        self.saved.emit(qid)
        self._rebuild_outline()
        q = self.current_question()
        if q is not None and q.id == qid:
            s = self.ws.score(self.candidate_id, self.panelist_id, qid)
            self._show_rating(s.rating if s else None, scored=s is not None)
            self._update_evidence()
        elif q is None or q.id != qid:
            # Undo of a rating on another question: show where the change happened.
            idx = next((i for i, g in enumerate(self.guide) if g.id == qid), None)
            if idx is not None and idx != self.index:
                self.go(idx)
        self.ctx.scores_changed.emit(self.candidate_id)

    def _note_edited(self) -> None:
        self.saved_label.setText("… saving")
        self._note_timer.start()

    def _save_note(self) -> None:
        q = self.current_question()
        if q is None or self.candidate_id is None or self.notes.isReadOnly():
            return
        note = self.notes.toPlainText()
        s = self.ws.score(self.candidate_id, self.panelist_id, q.id)
        if s is None:
            self.ws.set_pending_note(self.candidate_id, self.panelist_id, q.id, note)
        elif s.note != note:
            self.ws.set_score(self.candidate_id, self.panelist_id, q.id, s.rating, note, actor=self._actor())
        self.saved_label.setText("✓ Saved " + time.strftime("%H:%M:%S"))
        self._update_evidence()

    def _flush(self) -> None:
        """Write any note still waiting for its autosave timer (before moving, closing or submitting)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._save_note()
        if self._summary_timer.isActive():
            self._summary_timer.stop()
            self._save_summary()

    # ------------------------------------------------------------------------------------------ verdict

    def choose_verdict(self, key: str) -> None:
        if self.ws.is_submitted(self.candidate_id, self.panelist_id):
            return
        self.ws.set_verdict(self.candidate_id, self.panelist_id, key, self.summary.toPlainText(), actor=self._actor())
        for k, b in self.verdict_buttons.items():
            b.setChecked(k == key)
        self.saved_label.setText("✓ Saved " + time.strftime("%H:%M:%S"))
        self._show_current()

    def _summary_edited(self) -> None:
        self.saved_label.setText("… saving")
        self._summary_timer.start()

    def _save_summary(self) -> None:
        if self.candidate_id is None or self.summary.isReadOnly():
            return
        v = self.ws.verdict(self.candidate_id, self.panelist_id)
        self.ws.set_verdict(self.candidate_id, self.panelist_id, v.recommendation if v else None,
                            self.summary.toPlainText(), actor=self._actor())
        self.saved_label.setText("✓ Saved " + time.strftime("%H:%M:%S"))

    def missing(self) -> list[str]:
        """What stands between this scorecard and submission, in words."""
        scores = self._scores()
        out = []
        unrated = [i for i, q in enumerate(self.guide, 1) if q.id not in scores]
        if unrated:
            out.append("rate (or mark N/A) question " + ", ".join(map(str, unrated)))
        if self.round.require_evidence:
            bare = [i for i, q in enumerate(self.guide, 1)
                    if (s := scores.get(q.id)) and s.rating in (1, 5) and not s.note.strip()]
            if bare:
                out.append("add an evidence note to question " + ", ".join(map(str, bare)) + " (rated 1 or 5)")
        v = self.ws.verdict(self.candidate_id, self.panelist_id)
        if not v or not v.recommendation:
            out.append("choose an overall recommendation (keys 1–4 on this page)")
        return out

    def submit(self) -> None:
        if self.candidate_id is None or self.ws.is_submitted(self.candidate_id, self.panelist_id):
            return
        self._flush()
        if not self.on_verdict_page:
            self.go(len(self.guide))
        missing = self.missing()
        if missing:
            QMessageBox.information(self, "Not ready to submit", "Before you submit:\n• " + "\n• ".join(missing))
            return
        answer = QMessageBox.question(
            self, "Submit scorecard",
            "Submit your scorecard for this candidate?\n\nIt becomes read-only; a later change needs Amend and is "
            "recorded in the audit trail. You will then see the rest of the panel's scores.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ws.submit(self.candidate_id, self.panelist_id, actor=self._actor())
        self._pause_clock()  # the interview is over: the clock stops at submit
        self._tick()
        self.undo_stack.clear()
        self.ctx.status_message.emit("Scorecard submitted.")
        self.ctx.scores_changed.emit(self.candidate_id)
        self.submitted.emit(self.candidate_id)
        self._show_current()

    def amend(self) -> None:
        if self.candidate_id is None or not self.ws.is_submitted(self.candidate_id, self.panelist_id):
            return
        reason, ok = QInputDialog.getText(self, "Amend scorecard",
                                          "Why are you changing a submitted scorecard? (kept in the audit trail)")
        if not ok:
            return
        self.ws.amend(self.candidate_id, self.panelist_id, actor=self._actor(), reason=reason)
        self._resume_clock()
        self.ctx.scores_changed.emit(self.candidate_id)
        self._show_current()

    def _actor(self) -> str:
        return self.ws.panelist(self.panelist_id).name if self.panelist_id else ""

    # ------------------------------------------------------------------------------------------ keyboard

    def keyPressEvent(self, event) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return super().keyPressEvent(event)
        if self.on_verdict_page:
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
                self.choose_verdict(VERDICTS[key - Qt.Key.Key_1])
                return
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.rate(key - Qt.Key.Key_0)
            return
        elif key in (Qt.Key.Key_0, Qt.Key.Key_N):
            self.rate(None)
            return
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down):
            self.next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up):
            self.previous()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab goes into the notes (or the summary on the last page); Tab or Esc from there comes back."""
        editor = self.summary if self.on_verdict_page else self.notes
        if editor.hasFocus():
            self.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            editor.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj in (self.notes, self.summary) and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self._flush()
                self.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        if obj in (self.notes, self.summary) and event.type() == QEvent.Type.FocusOut:
            self._flush()
        return super().eventFilter(obj, event)

    def resizeEvent(self, event) -> None:
        """On a small screen (1024x640 and the like) the whole scale must still fit without scrolling."""
        compact = self.height() < 620 or self.width() < 1100
        if compact != getattr(self, "_compact", None):
            self._compact = compact
            q_size = defs.FONT_QUESTION - 3 if compact else defs.FONT_QUESTION + 2
            a_size = defs.FONT_BODY + 1 if compact else defs.FONT_LARGE
            self.question_label.setStyleSheet(f"font-size: {q_size}px; font-weight: 500;")
            self.probes_label.setStyleSheet(f"font-size: {a_size}px; color: #374151;")
            for w in self.levels.values():
                w.text.setStyleSheet(f"font-size: {a_size}px;")
                w.layout().setContentsMargins(6, 1 if compact else 4, 8, 1 if compact else 4)
            self.outline.setFixedWidth(215 if compact else 270)
            self.notes.setFixedHeight(56 if compact else 86)
        super().resizeEvent(event)

    def hideEvent(self, event) -> None:
        self._flush()
        self._pause_clock()
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._resume_clock()
