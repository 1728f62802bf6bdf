"""Practice rating (View → Practice rating): rate the banks' sample answers blind, then see the reference.

Three pages in one window: choose the set (a round's guide or chosen skills, a seed, how many answers), rate
each answer from the keyboard (1-5; after each, the reference level and why; Enter or → for the next), and the
calibration at the end (exact agreement, mean absolute difference, lenient or severe), which is kept for the
person in the workspace. The same seed gives the same answers in the same order, so a panel can run one set.
"""

from __future__ import annotations

import secrets

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import practice
from ..model import Question
from . import defs
from .context import AppContext

NO_SAMPLES = ("None of the chosen questions has sample answers yet, so there is nothing to practise on. "
              "Sample answers live in the bank files ([[questions.samples]], see docs/banks.md); choose other "
              "skills or a round whose questions have them.")
RATE_KEYS = "1–5 rate · Enter or → next answer · Esc close"
SETUP_WIDTH = 820
YOURS_BG = "#fdf0dd"


def _label(text: str = "", *, size: int = defs.FONT_BODY, bold: bool = False, muted: bool = False,
           wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    font = label.font()
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    if muted:
        label.setStyleSheet(f"color: {defs.MUTED};")
    return label


class SetupPage(QWidget):
    """Which answers: a round's guide or chosen skills, the seed, how many; and who is practising."""

    start_requested = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QHBoxLayout(self)
        outer.setContentsMargins(defs.BIG_MARGIN, defs.BIG_MARGIN, defs.BIG_MARGIN, defs.BIG_MARGIN)
        column = QWidget()
        column.setMaximumWidth(SETUP_WIDTH)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(defs.SPACING)
        layout.addWidget(_label("Practice rating", size=defs.FONT_TITLE, bold=True))
        layout.addWidget(_label(
            "Rate sample answers blind against the anchors, as in an interview; after each one you see the "
            "level the bank's authors gave it and why. Everyone who uses the same seed rates the same answers "
            "in the same order, so a panel can compare before its interviews.", muted=True))

        form = QFormLayout()
        form.setSpacing(defs.SPACING)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Your name as it appears on the panel")
        me = ctx.workspace.me()
        if me is not None:
            self.name_edit.setText(me.name)
        form.addRow("Who is practising:", self.name_edit)

        self.round_radio = QRadioButton("A round's guide:")
        self.skills_radio = QRadioButton("Chosen skills:")
        self.source_group = QButtonGroup(self)
        self.source_group.addButton(self.round_radio)
        self.source_group.addButton(self.skills_radio)
        self.round_combo = QComboBox()
        for rnd in ctx.workspace.rounds():
            self.round_combo.addItem(rnd.title, rnd.id)
        self.skills_list = QListWidget()
        self.skills_list.setMinimumHeight(160)
        self.skills_list.setSpacing(1)
        for skill in ctx.library.skills.values():
            item = QListWidgetItem(skill.name)
            item.setData(Qt.ItemDataRole.UserRole, skill.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.skills_list.addItem(item)
        form.addRow(self.round_radio, self.round_combo)
        form.addRow(self.skills_radio, self.skills_list)

        seed_row = QHBoxLayout()
        self.seed_spin = QSpinBox()
        self.seed_spin.setMinimumWidth(120)
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setValue(secrets.randbelow(1_000_000))
        self.seed_spin.setToolTip("Give this number to the rest of the panel so they rate the same answers")
        new_seed = QPushButton("New seed")
        new_seed.setAutoDefault(False)
        new_seed.clicked.connect(lambda: self.seed_spin.setValue(secrets.randbelow(1_000_000)))
        seed_row.addWidget(self.seed_spin)
        seed_row.addWidget(new_seed)
        seed_row.addStretch(1)
        form.addRow("Seed:", seed_row)
        self.size_spin = QSpinBox()
        self.size_spin.setMaximumWidth(160)
        self.size_spin.setRange(1, 60)
        self.size_spin.setValue(practice.DEFAULT_SET_SIZE)
        form.addRow("Answers to rate:", self.size_spin)
        layout.addLayout(form)

        self.availability = _label()
        layout.addWidget(self.availability)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton("Start practising")
        self.start_button.setToolTip("Enter")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_requested)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        layout.addStretch(1)

        if self.round_combo.count():
            self.round_radio.setChecked(True)
        else:
            self.round_radio.setEnabled(False)
            self.round_combo.setEnabled(False)
            self.skills_radio.setChecked(True)
        for signal in (self.round_radio.toggled, self.round_combo.currentIndexChanged, self.skills_list.itemChanged,
                       self.name_edit.textChanged):
            signal.connect(self.refresh)
        self.refresh()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.start_button.isEnabled():
            self.start_requested.emit()
        else:
            super().keyPressEvent(event)

    # ---------------------------------------------------------------------------------------- choosing

    def chosen_skills(self) -> list[str]:
        items = (self.skills_list.item(i) for i in range(self.skills_list.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def set_skills(self, skill_ids) -> None:
        self.skills_radio.setChecked(True)
        for i in range(self.skills_list.count()):
            item = self.skills_list.item(i)
            wanted = item.data(Qt.ItemDataRole.UserRole) in skill_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def round_id(self) -> str | None:
        return self.round_combo.currentData() if self.round_radio.isChecked() else None

    def questions(self) -> list[Question]:
        library = self.ctx.library
        if self.round_radio.isChecked():
            rid = self.round_id()
            return practice.guide_questions(self.ctx.workspace.guide(rid), library.question) if rid else []
        return [q for sid in self.chosen_skills() for q in library.skill_questions(sid)]

    def refresh(self) -> None:
        self.round_combo.setEnabled(self.round_radio.isChecked())
        self.skills_list.setEnabled(self.skills_radio.isChecked())
        questions = self.questions()
        with_samples = [q for q in questions if q.samples]
        answers = sum(len(q.samples) for q in with_samples)
        if not questions:
            text, ok = ("Choose a round with a guide, or tick one or more skills." if self.round_radio.isChecked()
                        or not self.chosen_skills() else "The chosen skills have no questions."), False
        elif not with_samples:
            text, ok = NO_SAMPLES, False
        else:
            missing = len(questions) - len(with_samples)
            text = (f"{answers} sample answers from {len(with_samples)} of {len(questions)} questions"
                    + (f"; {missing} question{'s have' if missing != 1 else ' has'} no sample answers yet and "
                       "will be left out." if missing else "."))
            ok = True
        self.availability.setText(text)
        self.availability.setStyleSheet(f"color: {defs.MUTED if ok else defs.WARN};")
        self.size_spin.setMaximum(max(1, answers))
        self.start_button.setEnabled(ok and bool(self.name_edit.text().strip()))


class RatePage(QWidget):
    """One answer at a time: the question, its anchors and the answer; 1-5 rates, then the reference."""

    rated = Signal(int)
    next_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.revealed = False
        self.given = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(defs.MARGIN * 2, defs.MARGIN, defs.MARGIN * 2, defs.MARGIN)
        layout.setSpacing(defs.SPACING)
        self.progress = _label(muted=True)
        layout.addWidget(self.progress)
        self.question = _label(size=defs.FONT_LARGE, bold=True)
        layout.addWidget(self.question)

        body = QHBoxLayout()
        body.setSpacing(defs.MARGIN)
        answer_box = QVBoxLayout()
        answer_box.addWidget(_label("The candidate's answer", bold=True))
        self.answer = _label(size=defs.FONT_BODY + 1)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        answer_scroll = QScrollArea()
        answer_scroll.setWidgetResizable(True)
        answer_scroll.setFrameShape(QFrame.Shape.NoFrame)
        answer_scroll.setWidget(self.answer)
        answer_box.addWidget(answer_scroll, 1)
        self.reveal = _label(size=defs.FONT_BODY + 1)
        self.reveal.setStyleSheet(f"background: {defs.PANEL_BG}; border: 1px solid #d6d9de; padding: 8px;")
        answer_box.addWidget(self.reveal)
        body.addLayout(answer_box, 3)

        anchors_box = QVBoxLayout()
        anchors_box.addWidget(_label("Anchors", bold=True))
        self.anchor_labels: dict[int, QLabel] = {}
        anchors_widget = QWidget()
        anchors_layout = QVBoxLayout(anchors_widget)
        anchors_layout.setContentsMargins(0, 0, 0, 0)
        for level in range(1, 6):
            label = _label(size=defs.FONT_BODY)
            label.setMargin(4)
            self.anchor_labels[level] = label
            anchors_layout.addWidget(label)
        anchors_layout.addStretch(1)
        anchors_scroll = QScrollArea()
        anchors_scroll.setWidgetResizable(True)
        anchors_scroll.setFrameShape(QFrame.Shape.NoFrame)
        anchors_scroll.setWidget(anchors_widget)
        anchors_box.addWidget(anchors_scroll, 1)
        body.addLayout(anchors_box, 2)
        layout.addLayout(body, 1)

        buttons = QHBoxLayout()
        self.rate_buttons = []
        for level in range(1, 6):
            button = QPushButton(str(level))
            button.setMinimumWidth(56)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, lvl=level: self.rate(lvl))
            buttons.addWidget(button)
            self.rate_buttons.append(button)
        buttons.addSpacing(defs.MARGIN)
        self.next_button = QPushButton("Next answer →")
        self.next_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.next_button.setAutoDefault(False)
        self.next_button.clicked.connect(self.next_requested)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(_label(RATE_KEYS, muted=True, wrap=False, size=defs.FONT_SMALL))
        layout.addLayout(buttons)

    def show_item(self, item: practice.PracticeItem, index: int, total: int, skill_name: str, seed: int) -> None:
        self.revealed = False
        self.progress.setText(f"Answer {index + 1} of {total} · {skill_name} · {item.question.kind} · seed {seed}")
        self.question.setText(item.question.text)
        self.answer.setText(item.sample.answer)
        anchors = {a.level: a.text for a in item.question.anchors}
        for level, label in self.anchor_labels.items():
            label.setText(f"{level}  {anchors.get(level, '(no anchor)')}")
            label.setStyleSheet("")
        self.reveal.setText("Rate the answer against the anchors: press 1 to 5.")
        for button in self.rate_buttons:
            button.setChecked(False)
        self.next_button.setEnabled(False)
        self.setFocus()

    def rate(self, level: int) -> None:
        if not self.revealed:
            self.rated.emit(level)
        else:  # a rating is final once the reference is shown: keep the button of the one given pressed
            for i, button in enumerate(self.rate_buttons, start=1):
                button.setChecked(i == self.given)

    def show_reference(self, item: practice.PracticeItem, rating: int, last: bool) -> None:
        self.revealed = True
        reference = item.sample.level
        diff = rating - reference
        how = ("exactly the reference level" if diff == 0 else
               f"{abs(diff)} level{'s' if abs(diff) > 1 else ''} {'above' if diff > 0 else 'below'} the reference")
        self.reveal.setText(f"Reference level {reference}; you rated {rating} — {how}.\nWhy: {item.sample.why}\n"
                            + ("Enter: see your figures." if last else "Enter or →: next answer."))
        self.given = rating
        ref_label = self.anchor_labels[reference]
        ref_label.setText(ref_label.text() + ("   ◀ reference and your rating" if rating == reference
                                              else "   ◀ reference"))
        ref_label.setStyleSheet(f"background: {defs.SELECTED_BG}; border-left: 4px solid {defs.ACCENT};")
        if rating != reference and rating in self.anchor_labels:
            yours = self.anchor_labels[rating]
            yours.setText(yours.text() + "   ◀ your rating")
            yours.setStyleSheet(f"background: {YOURS_BG}; border-left: 4px solid {defs.WARN};")
        for i, button in enumerate(self.rate_buttons, start=1):
            button.setChecked(i == rating)
        self.next_button.setText("See my figures →" if last else "Next answer →")
        self.next_button.setEnabled(True)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.rate(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Right, Qt.Key.Key_Space):
            if self.revealed:
                self.next_requested.emit()
        else:
            super().keyPressEvent(event)


class ResultPage(QWidget):
    """The calibration figures of the session just finished, answer by answer, and what was kept."""

    again_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(defs.BIG_MARGIN, defs.BIG_MARGIN, defs.BIG_MARGIN, defs.BIG_MARGIN)
        layout.setSpacing(defs.SPACING)
        layout.addWidget(_label("Your calibration", size=defs.FONT_TITLE, bold=True))
        figures = QHBoxLayout()
        self.exact = _label(size=defs.FONT_LARGE, bold=True)
        self.mad = _label(size=defs.FONT_LARGE, bold=True)
        self.direction = _label(size=defs.FONT_LARGE, bold=True)
        for caption, value in (("Exact agreement", self.exact), ("Mean absolute difference", self.mad),
                               ("Direction", self.direction)):
            box = QVBoxLayout()
            box.addWidget(_label(caption, muted=True))
            box.addWidget(value)
            figures.addLayout(box, 1)
        layout.addLayout(figures)
        self.sentence = _label()
        layout.addWidget(self.sentence)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["#", "Question (answer)", "You", "Reference", "Difference"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.saved = _label(muted=True)
        layout.addWidget(self.saved)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        again = QPushButton("Practise again")
        again.setAutoDefault(False)
        again.clicked.connect(self.again_requested)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close_requested)
        buttons.addWidget(again)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def show_result(self, items, ratings, calibration: practice.Calibration, who: str, seed: int,
                    date: str) -> None:
        c = calibration
        self.exact.setText(f"{c.exact_count} of {c.n} ({c.exact:.0%})")
        self.mad.setText(f"{c.mad:.2f} levels")
        self.direction.setText(f"{c.direction} ({c.bias:+.2f})")
        colour = defs.OK if c.direction == "balanced" else defs.WARN
        self.direction.setStyleSheet(f"color: {colour};")
        self.sentence.setText(c.sentence())
        self.table.setRowCount(len(items))
        for row, (item, r) in enumerate(zip(items, ratings)):
            diff = r.rating - r.reference
            cells = [str(row + 1), f"{item.question.text}  (sample answer {item.number})", str(r.rating),
                     str(r.reference), f"{diff:+d}" if diff else "0"]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col != 1:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, cell)
        self.table.resizeRowsToContents()
        self.saved.setText(f"Kept for {who} on {date[:10]}. Seed {seed}: give it to the rest of the panel so "
                           "they rate the same answers; `interview-kit practice ROUND --panelist NAME` lists "
                           "a person's sessions.")


class PracticeWindow(QDialog):
    """View → Practice rating."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Practice rating — interview-kit")
        self.setModal(False)
        self.setMinimumSize(*defs.MIN_SIZE)
        self.resize(1100, 720)
        self.stack = QStackedWidget()
        self.setup = SetupPage(ctx)
        self.rate_page = RatePage()
        self.result = ResultPage()
        for page in (self.setup, self.rate_page, self.result):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setup.start_requested.connect(self.start)
        self.rate_page.rated.connect(self._rated)
        self.rate_page.next_requested.connect(self._next)
        self.result.again_requested.connect(lambda: self.stack.setCurrentWidget(self.setup))
        self.result.close_requested.connect(self.close)
        self.items: list[practice.PracticeItem] = []
        self.ratings = []
        self.index = 0
        self.seed = 0
        self.session = None

    def reject(self) -> None:
        """Esc or closing the window (QDialog routes both here): mid-session, ask first — an unfinished
        session is not kept."""
        if self.stack.currentWidget() is self.rate_page and self.ratings:
            answer = QMessageBox.question(
                self, "Stop practising?",
                f"You have rated {len(self.ratings)} of {len(self.items)} answers. An unfinished session is not "
                "kept. Stop now?")
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.stack.setCurrentWidget(self.setup)
        super().reject()

    def start(self) -> bool:
        """Draw the set from the setup page's choices and show the first answer (False if there is none)."""
        questions = self.setup.questions()
        self.seed = self.setup.seed_spin.value()
        self.items = practice.practice_set(questions, self.seed, self.setup.size_spin.value())
        if not self.items:
            QMessageBox.information(self, "Practice rating", NO_SAMPLES)
            return False
        self.ratings, self.index, self.session = [], 0, None
        self.stack.setCurrentWidget(self.rate_page)
        self._show_current()
        return True

    def _skill_name(self, skill_id: str) -> str:
        skill = self.ctx.library.skills.get(skill_id)
        return skill.name if skill else skill_id

    def _show_current(self) -> None:
        item = self.items[self.index]
        self.rate_page.show_item(item, self.index, len(self.items), self._skill_name(item.question.skill),
                                 self.seed)

    def _rated(self, level: int) -> None:
        item = self.items[self.index]
        self.ratings.append(item.rated(level))
        self.rate_page.show_reference(item, level, last=self.index == len(self.items) - 1)

    def _next(self) -> None:
        if self.index < len(self.items) - 1:
            self.index += 1
            self._show_current()
        else:
            self._finish()

    def _finish(self) -> None:
        ws = self.ctx.workspace
        who = ws.ensure_panelist(self.setup.name_edit.text())
        round_id = self.setup.round_id()
        skills = [] if round_id else self.setup.chosen_skills()
        self.session = ws.add_practice_session(who.id, self.seed, self.ratings, round_id=round_id, skills=skills)
        calibration = practice.calibrate(self.ratings)
        self.result.show_result(self.items, self.ratings, calibration, who.name, self.seed, self.session.finished_at)
        self.stack.setCurrentWidget(self.result)
