"""The round builder: pick a role template, adjust skills and weights, draw the guide, swap, reorder, add a
custom question, lock.

Every change is saved into a draft round at once (nothing is lost if the app closes), and every guide edit is
an undoable command. Rules live in the core: drawing in ``plans``, the fairness lint in ``banks``, the draft and
locking in ``store``.
"""

from __future__ import annotations

import secrets
import uuid

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import banks, plans
from ..errors import UserError
from ..model import Anchor, GuideQuestion, Question, RoleSkill
from . import commands, defs
from .commands import AppliedCommand
from .context import AppContext


def weight_reason_problem(chosen: list[RoleSkill], template: dict[str, float], reason: str,
                          template_reason: str) -> str | None:
    """Why the weights cannot be saved as they are, or None.

    A weight that differs from the role template (a skill the template lacks counts as 1) needs the lead's own
    reason: the template's pre-filled reason describes the template, not the change. Unequal weights need a
    reason in any case."""
    reason = reason.strip()
    changed = [s.label for s in chosen if abs(s.weight - template.get(s.skill, 1.0)) > 1e-9]
    if changed and (not reason or reason == template_reason):
        return (f"The weight of {', '.join(changed[:3])}{' and others' if len(changed) > 3 else ''} differs from the "
                "role template: give your own job-analysis reason.")
    if len({s.weight for s in chosen}) > 1 and not reason:
        return "The skills have different weights: give the job-analysis reason first."
    return None


class SetGuide(AppliedCommand):
    """Replace a draft round's guide; undo puts the previous guide back."""

    def __init__(self, builder: "BuilderView", round_id: str, before: list[GuideQuestion], after: list[GuideQuestion],
                 text: str):
        super().__init__(text)
        self.builder, self.round_id, self.before, self.after = builder, round_id, before, after

    def apply(self) -> None:
        self.builder._write_guide(self.round_id, self.after)

    def undo(self) -> None:
        self.builder._write_guide(self.round_id, self.before)


class CustomQuestionDialog(QDialog):
    """Write a question of your own; the fairness lint checks it before it can join the guide."""

    def __init__(self, skills: list[RoleSkill], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Custom question")
        form = QFormLayout(self)
        self.skill = QComboBox()
        for rs in skills:
            self.skill.addItem(rs.label, rs.skill)
        self.kind = QComboBox()
        self.kind.addItem("Behavioral (Tell me about a time…)", "behavioral")
        self.kind.addItem("Situational (Imagine that… what would you do?)", "situational")
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(70)
        self.probes = QPlainTextEdit()
        self.probes.setPlaceholderText("One probe per line (2 to 4)")
        self.probes.setFixedHeight(70)
        self.anchors = {}
        form.addRow("Skill", self.skill)
        form.addRow("Kind", self.kind)
        form.addRow("Question", self.text)
        form.addRow("Probes", self.probes)
        for level in (5, 4, 3, 2, 1):
            edit = QLineEdit()
            edit.setPlaceholderText("What an answer at this level shows (observable behavior)"
                                    + ("" if level in (1, 3, 5) else " — optional"))
            self.anchors[level] = edit
            form.addRow(f"Level {level}", edit)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 30)
        self.minutes.setValue(5)
        form.addRow("Minutes", self.minutes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        from .dialogs import fit_to_screen

        fit_to_screen(self, QSize(720, 560))

    def question(self) -> Question:
        probes = tuple(p.strip() for p in self.probes.toPlainText().splitlines() if p.strip())
        anchors = tuple(Anchor(level, e.text().strip()) for level, e in sorted(self.anchors.items()) if e.text().strip())
        return Question(
            id=f"custom-{uuid.uuid4().hex[:8]}",
            skill=self.skill.currentData(),
            kind=self.kind.currentData(),
            text=" ".join(self.text.toPlainText().split()),
            probes=probes,
            anchors=anchors,
            minutes=self.minutes.value(),
            source="custom (written in the builder)",
        )


class BuilderView(QWidget):
    """Build (or continue) a draft round, then lock it."""

    locked = Signal(str)  # round id

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.round_id: str | None = None
        self._preview: list[GuideQuestion] = []
        self._loading = False
        #: The role template's weights and its pre-filled reason: a weight that differs needs the lead's own.
        self._template: dict[str, float] = {}
        self._template_reason = ""
        self._build()

    @property
    def ws(self):
        return self.ctx.workspace

    @property
    def library(self):
        return self.ctx.library

    # ------------------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        title = QLabel("Round builder")
        title.setStyleSheet(f"font-size: {defs.FONT_TITLE + 6}px; font-weight: 600;")
        self.state_label = QLabel()
        self.state_label.setStyleSheet(f"color: {defs.MUTED}; font-size: {defs.FONT_LARGE}px;")

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. EHR analyst — Spring 2027")
        self.role_combo = QComboBox()
        self.per_skill = QSpinBox()
        self.per_skill.setRange(1, 5)
        self.per_skill.setValue(2)
        self.budget = QSpinBox()
        self.budget.setRange(0, 240)
        self.budget.setSingleStep(5)
        self.budget.setSpecialValueText("no limit")
        self.budget.setSuffix(" min")
        self.evidence = QCheckBox("Require a note for ratings of 1 and 5")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        new_seed = QPushButton("New seed")
        new_seed.clicked.connect(lambda: self.seed.setValue(secrets.randbelow(2**31)))
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(new_seed)

        self.skills_table = QTableWidget(0, 2)
        self.skills_table.setHorizontalHeaderLabels(["Skill", "Weight"])
        self.skills_table.verticalHeader().hide()
        self.skills_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.skills_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.skills_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.weight_reason = QLineEdit()
        self.weight_reason.setPlaceholderText("Needed when a weight differs from the template: your reason")

        form = QFormLayout()
        form.addRow("Title", self.title_edit)
        form.addRow("Role template", self.role_combo)
        form.addRow("Questions per skill", self.per_skill)
        form.addRow("Time budget", self.budget)
        form.addRow("", self.evidence)
        form.addRow("Draw seed", seed_row)
        form.addRow(QLabel("Skills (tick to include; weights are equal unless a job analysis says otherwise)"))
        form.addRow(self.skills_table)
        form.addRow("Weight reason", self.weight_reason)

        self.draw_button = QPushButton("Draw guide  (Ctrl+D)")
        self.draw_button.clicked.connect(self.draw)
        self.lock_button = QPushButton("Lock round  (Ctrl+L)")
        self.lock_button.clicked.connect(self.lock)
        actions = QHBoxLayout()
        actions.addWidget(self.draw_button)
        actions.addWidget(self.lock_button)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(defs.MARGIN, defs.MARGIN, defs.MARGIN, defs.MARGIN)
        ll.addWidget(title)
        ll.addWidget(self.state_label)
        ll.addLayout(form, 1)
        ll.addLayout(actions)

        guide_title = QLabel("Guide")
        guide_title.setStyleSheet(f"font-size: {defs.FONT_LARGE + 2}px; font-weight: 600;")
        self.minutes_label = QLabel()
        self.minutes_label.setStyleSheet(f"font-size: {defs.FONT_LARGE}px;")
        head = QHBoxLayout()
        head.addWidget(guide_title, 1)
        head.addWidget(self.minutes_label)
        self.guide_list = QListWidget()
        self.guide_list.setObjectName("guide")
        self.guide_list.setWordWrap(True)
        self.guide_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.guide_list.setStyleSheet(
            f"QListWidget {{ font-size: {defs.FONT_BODY + 2}px; }} "
            "QListWidget::item { padding: 5px 2px; border-bottom: 1px solid #e5e7eb; color: #111; } "
            f"QListWidget::item:selected {{ background: {defs.SELECTED_BG}; color: #111; }}")
        self.guide_list.currentRowChanged.connect(self._show_detail)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setStyleSheet(f"background: {defs.PANEL_BG}; padding: 8px; font-size: {defs.FONT_BODY + 1}px;")
        self.detail.setMinimumHeight(120)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setMaximumHeight(300)
        self.detail_scroll = detail_scroll
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.swap_button = QPushButton("Swap…")
        self.swap_button.setToolTip("Swap for another question of the same skill (Ctrl+W)")
        self.swap_button.clicked.connect(self.swap)
        self.up_button = QPushButton("Up")
        self.up_button.setToolTip("Move the question up (Alt+↑)")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("Down")
        self.down_button.setToolTip("Move the question down (Alt+↓)")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.custom_button = QPushButton("Custom question…")
        self.custom_button.clicked.connect(self.add_custom)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove)
        guide_buttons = QHBoxLayout()
        for b in (self.swap_button, self.up_button, self.down_button, self.custom_button, self.remove_button):
            guide_buttons.addWidget(b)
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet(f"color: {defs.WARN};")

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(defs.MARGIN, defs.MARGIN, defs.MARGIN, defs.MARGIN)
        rl.addLayout(head)
        rl.addWidget(self.guide_list, 4)
        rl.addLayout(guide_buttons)
        rl.addWidget(self.warnings_label)
        rl.addWidget(self.detail_scroll, 2)
        hint = QLabel("Ctrl+D draw · Ctrl+W swap · Alt+↑/↓ move · Ctrl+Z undo · Ctrl+L lock")
        hint.setStyleSheet(f"color: {defs.MUTED};")
        rl.addWidget(hint)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([470, 810])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        for seq, slot in (("Ctrl+D", self.draw), ("Ctrl+L", self.lock), ("Ctrl+W", self.swap),
                          ("Alt+Up", lambda: self.move(-1)), ("Alt+Down", lambda: self.move(1))):
            QShortcut(QKeySequence(seq), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut).activated.connect(slot)

        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self.skills_table.itemChanged.connect(self._skill_toggled)
        for signal in (self.title_edit.editingFinished, self.weight_reason.editingFinished):
            signal.connect(self._save_settings)
        for spin in (self.per_skill, self.budget, self.seed):
            spin.valueChanged.connect(self._save_settings)
        self.evidence.toggled.connect(self._save_settings)

    # --------------------------------------------------------------------------------------------- state

    def new_round(self) -> None:
        """Start a fresh draft from the first role template (saved on the first Draw)."""
        self.round_id = None
        self._preview = []
        self._loading = True
        self.role_combo.clear()
        for role in self.library.roles.values():
            self.role_combo.addItem(role.name, role.id)
        self.title_edit.clear()
        self.seed.setValue(secrets.randbelow(2**31))
        self.budget.setValue(0)
        self.evidence.setChecked(False)
        self.weight_reason.clear()
        self._loading = False
        self._role_changed()
        self.guide_list.clear()
        self._refresh()

    def edit_round(self, round_id: str) -> None:
        """Continue a draft round (a locked round opens read-only)."""
        rnd = self.ws.round(round_id)
        self.round_id = round_id
        self._loading = True
        self.role_combo.clear()
        for role in self.library.roles.values():
            self.role_combo.addItem(role.name, role.id)
        idx = self.role_combo.findData(rnd.role)
        self.role_combo.setCurrentIndex(max(idx, 0))
        self.title_edit.setText(rnd.title)
        self.per_skill.setValue(rnd.per_skill)
        self.seed.setValue(rnd.seed)
        self.budget.setValue(rnd.time_budget_minutes or 0)
        self.evidence.setChecked(rnd.require_evidence)
        self.weight_reason.setText(rnd.weight_reason)
        self._set_template(self.library.roles.get(rnd.role))
        self._fill_skills({s.skill: s.weight for s in rnd.skills})
        self._loading = False
        self._refresh()

    def _fill_skills(self, chosen: dict[str, float]) -> None:
        self._loading, was = True, self._loading
        self.skills_table.setRowCount(0)
        ordered = [s for s in chosen if s in self.library.skills] + [s for s in self.library.skills if s not in chosen]
        for sid in ordered:
            skill = self.library.skills[sid]
            row = self.skills_table.rowCount()
            self.skills_table.insertRow(row)
            item = QTableWidgetItem(skill.name)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if sid in chosen else Qt.CheckState.Unchecked)
            item.setToolTip(skill.definition)
            self.skills_table.setItem(row, 0, item)
            spin = QDoubleSpinBox()
            spin.setRange(0.5, 3.0)
            spin.setSingleStep(0.5)
            spin.setValue(chosen.get(sid, 1.0))
            spin.setEnabled(sid in chosen)
            spin.valueChanged.connect(lambda _v, s=sid: self._weight_changed(s))
            self.skills_table.setCellWidget(row, 1, spin)
        self._loading = was

    def chosen_skills(self) -> list[RoleSkill]:
        out = []
        for row in range(self.skills_table.rowCount()):
            item = self.skills_table.item(row, 0)
            if item.checkState() == Qt.CheckState.Checked:
                sid = item.data(Qt.ItemDataRole.UserRole)
                out.append(RoleSkill(sid, self.skills_table.cellWidget(row, 1).value(), item.text()))
        return out

    def _role_changed(self) -> None:
        if self._loading:
            return
        role = self.library.roles.get(self.role_combo.currentData())
        if role is None:
            return
        self._loading = True
        self.per_skill.setValue(role.questions_per_skill)
        self._fill_skills({rs.skill: rs.weight for rs in role.skills})
        self._set_template(role)
        self.weight_reason.setText(self._template_reason)
        self._loading = False
        self._save_settings()

    def _set_template(self, role) -> None:
        self._template = {rs.skill: rs.weight for rs in role.skills} if role is not None else {}
        unequal = role is not None and len({rs.weight for rs in role.skills}) > 1
        self._template_reason = f"Weights of the {role.name} template" if unequal else ""

    def weight_problem(self) -> str | None:
        return weight_reason_problem(self.chosen_skills(), self._template, self.weight_reason.text(),
                                     self._template_reason)

    def _skill_toggled(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        spin = self.skills_table.cellWidget(item.row(), 1)
        if spin is not None:
            spin.setEnabled(item.checkState() == Qt.CheckState.Checked)
        self._save_settings()

    def _weight_changed(self, skill_id: str) -> None:
        if self._loading:
            return
        if self.weight_problem() is not None:
            if self.weight_reason.text().strip() == self._template_reason:
                self.weight_reason.clear()  # the template's reason does not explain a changed weight
            reason, ok = QInputDialog.getText(
                self, "Why this weight?",
                "A weight that differs from the role template needs your reason from the job analysis\n"
                "(one line, kept with the round):")
            if ok and reason.strip() and reason.strip() != self._template_reason:
                self.weight_reason.setText(reason.strip())
            else:
                self.ctx.status_message.emit("Give the reason for the changed weight before drawing the guide.")
        self._save_settings()

    def _reason_to_store(self) -> str:
        """The reason kept with the round: never the template's pre-filled one for weights it does not describe."""
        return "" if self.weight_problem() else self.weight_reason.text().strip()

    def _locked(self) -> bool:
        return self.round_id is not None and self.ws.round(self.round_id).locked

    def _save_settings(self, *_args) -> None:
        """Write the form into the draft round at once (once a draft exists)."""
        if self._loading or self.round_id is None or self._locked():
            return
        role = self.library.roles.get(self.role_combo.currentData())
        try:
            self.ws.update_round(
                self.round_id,
                title=self.title_edit.text().strip() or "Untitled round",
                role=role.id if role else "",
                role_name=role.name if role else "",
                per_skill=self.per_skill.value(),
                seed=self.seed.value(),
                time_budget_minutes=self.budget.value() or None,
                require_evidence=self.evidence.isChecked(),
                weight_reason=self._reason_to_store(),
                skills=self.chosen_skills(),
            )
        except UserError as e:
            self.ctx.status_message.emit(str(e))
            return
        self.ctx.rounds_changed.emit()
        self._refresh()

    # ------------------------------------------------------------------------------------------ actions

    def draw(self) -> None:
        if self._locked():
            return self._say_locked()
        skills = self.chosen_skills()
        if not skills:
            QMessageBox.information(self, "Draw guide", "Tick at least one skill to draw questions for.")
            return
        problem = self.weight_problem()
        if problem:
            QMessageBox.information(self, "Draw guide", problem)
            self.weight_reason.setFocus()
            return
        role = self.library.roles.get(self.role_combo.currentData())
        result = plans.draw(self.library, skills, self.per_skill.value(), self.seed.value(),
                            role=role.id if role else None, time_budget=self.budget.value() or None)
        if self.round_id is None:
            rnd = self.ws.create_round(
                self.title_edit.text().strip() or f"{role.name if role else 'New'} round",
                role.id if role else "", skills, per_skill=self.per_skill.value(), seed=self.seed.value(),
                time_budget_minutes=self.budget.value() or None, require_evidence=self.evidence.isChecked(),
                weight_reason=self._reason_to_store(), role_name=role.name if role else "", actor=self._actor(),
            )
            self.round_id = rnd.id
            self.title_edit.setText(rnd.title)
            self.ctx.rounds_changed.emit()
        else:
            self._save_settings()
        self._push(plans.to_guide(result.questions, self.round_id), "draw guide")
        self.warnings_label.setText("\n".join(result.warnings))
        self.ctx.status_message.emit(f"Drew {len(result.questions)} questions with seed {self.seed.value()}.")

    def _guide(self) -> list[GuideQuestion]:
        if self.round_id is None:
            return list(self._preview)
        return self.ws.guide(self.round_id)

    def preview_draw(self) -> None:
        """Show what Draw would give without saving a draft (used for --screenshot)."""
        role = self.library.roles.get(self.role_combo.currentData())
        result = plans.draw(self.library, self.chosen_skills(), self.per_skill.value(), self.seed.value(),
                            role=role.id if role else None, time_budget=self.budget.value() or None)
        self._preview = plans.to_guide(result.questions, "")
        self._refresh()

    def _push(self, after: list[GuideQuestion], text: str) -> None:
        commands.do(self.ctx.undo_stack, SetGuide(self, self.round_id, self._guide(), after, text))

    def _write_guide(self, round_id: str, guide: list[GuideQuestion]) -> None:
        self.ws.set_guide(round_id, guide)
        if round_id == self.round_id:
            self._refresh()

    def selected_index(self) -> int:
        return self.guide_list.currentRow()

    def swap(self) -> None:
        if self._locked():
            return self._say_locked()
        i = self.selected_index()
        guide = self._guide()
        if not 0 <= i < len(guide):
            return
        alternatives = plans.alternatives(self.library, guide, i)
        if not alternatives:
            QMessageBox.information(self, "Swap question", "No other question of this skill fits this guide.")
            return
        labels = [f"[{a.kind}, {a.minutes or plans.DEFAULT_MINUTES} min] {a.text}" for a in alternatives]
        from .dialogs import SwapDialog

        dialog = SwapDialog("Swap question", f"Replace question {i + 1} with another "
                            f"{self.library.skills[guide[i].skill].name if guide[i].skill in self.library.skills else guide[i].skill}"
                            " question:", labels, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() < 0:
            return
        pick = alternatives[dialog.chosen()]
        new = list(guide)
        new[i] = plans.to_guide([pick], self.round_id)[0]
        self._push(_renumber(new), f"swap question {i + 1}")
        self.guide_list.setCurrentRow(i)

    def move(self, step: int) -> None:
        if self._locked():
            return self._say_locked()
        i = self.selected_index()
        guide = self._guide()
        j = i + step
        if not (0 <= i < len(guide) and 0 <= j < len(guide)):
            return
        new = list(guide)
        new[i], new[j] = new[j], new[i]
        self._push(_renumber(new), "reorder questions")
        self.guide_list.setCurrentRow(j)

    def remove(self) -> None:
        if self._locked():
            return self._say_locked()
        i = self.selected_index()
        guide = self._guide()
        if 0 <= i < len(guide):
            self._push(_renumber(guide[:i] + guide[i + 1:]), f"remove question {i + 1}")

    def add_custom(self) -> None:
        if self._locked():
            return self._say_locked()
        if self.round_id is None:
            QMessageBox.information(self, "Custom question", "Draw the guide first, then add your own question.")
            return
        skills = self.chosen_skills()
        dialog = CustomQuestionDialog(skills, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            q = dialog.question()
            if not q.text:
                QMessageBox.warning(self, "Custom question", "Write the question first.")
                continue
            findings = banks.lint_question(q, others=self.library.questions() + list(self._guide_as_questions()))
            errors = [f for f in findings if f.is_error]
            if errors:
                QMessageBox.warning(self, "This question cannot be used",
                                    "\n\n".join(f"{f.message}" for f in errors))
                continue
            if findings:
                answer = QMessageBox.question(
                    self, "Check this question",
                    "\n\n".join(f.message for f in findings) + "\n\nAdd it anyway?")
                if answer != QMessageBox.StandardButton.Yes:
                    continue
            self.add_question(q)
            return

    def _guide_as_questions(self):
        for g in self._guide():
            yield Question(g.id, g.skill, g.kind, g.text, g.probes, g.anchors, minutes=g.minutes, source=g.source)

    def add_question(self, q: Question) -> None:
        """Add an already-checked question after the last question of its skill."""
        guide = self._guide()
        at = max((i for i, g in enumerate(guide) if g.skill == q.skill), default=len(guide) - 1) + 1
        new = guide[:at] + plans.to_guide([q], self.round_id) + guide[at:]
        self._push(_renumber(new), "add custom question")
        self.guide_list.setCurrentRow(at)

    def lock(self) -> None:
        if self.round_id is None:
            QMessageBox.information(self, "Lock round", "Draw the guide first.")
            return
        if self._locked():
            return self._say_locked()
        problem = self.weight_problem()
        if problem:
            QMessageBox.information(self, "Lock round", problem)
            self.weight_reason.setFocus()
            return
        guide = self._guide()
        answer = QMessageBox.question(
            self, "Lock round",
            f"Lock this round with its {len(guide)} questions?\n\nEvery candidate then gets exactly these questions, "
            "and later bank edits will not change them. A locked round can be duplicated, not edited.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ws.lock_round(self.round_id, actor=self._actor())
        except UserError as e:
            QMessageBox.warning(self, "Lock round", str(e))
            return
        self.ctx.undo_stack.clear()
        self.ctx.rounds_changed.emit()
        self.locked.emit(self.round_id)
        self._refresh()

    def _actor(self) -> str:
        me = self.ws.me()
        return me.name if me else ""

    def _say_locked(self) -> None:
        self.ctx.status_message.emit("This round is locked: duplicate it into a new draft to change it.")

    # ------------------------------------------------------------------------------------------ display

    def _refresh(self) -> None:
        guide = self._guide()
        locked = self._locked()
        current = self.guide_list.currentRow()
        self.guide_list.blockSignals(True)
        self.guide_list.clear()
        names = {s.id: s.name for s in self.library.skills.values()}
        for i, q in enumerate(guide, 1):
            item = QListWidgetItem(f"{i:>2}. {names.get(q.skill, q.skill)} · {q.kind} · {q.minutes or '?'} min\n"
                                   f"     {q.text}")
            item.setToolTip(f"From {q.source}")
            self.guide_list.addItem(item)
        self.guide_list.blockSignals(False)
        if guide:
            self.guide_list.setCurrentRow(min(max(current, 0), len(guide) - 1))
        else:
            self.detail.setText("Pick a role template, adjust the skills, then Draw (Ctrl+D).")
        total = plans.total_minutes(guide)
        budget = self.budget.value()
        over = budget and total > budget
        self.minutes_label.setText(f"{len(guide)} questions · about {total} min"
                                   + (f" of {budget}" if budget else "") + (" — over budget" if over else ""))
        self.minutes_label.setStyleSheet(f"font-size: {defs.FONT_LARGE}px; color: {defs.BAD if over else '#111'};")
        if self.round_id is None and self._preview:
            self.state_label.setText("Preview — press Draw (Ctrl+D) to save it as a draft")
        elif self.round_id is None:
            self.state_label.setText("New round — nothing saved until you draw")
        elif locked:
            self.state_label.setText("Locked — duplicate it to make changes")
        else:
            self.state_label.setText("Draft — saved as you go")
        for w in (self.draw_button, self.lock_button, self.swap_button, self.up_button, self.down_button,
                  self.custom_button, self.remove_button, self.title_edit, self.role_combo, self.per_skill,
                  self.budget, self.evidence, self.seed, self.skills_table, self.weight_reason):
            w.setEnabled(not locked)

    def _show_detail(self, row: int) -> None:
        guide = self._guide()
        if not 0 <= row < len(guide):
            return
        q = guide[row]
        anchors = "\n".join(f"  {a.level}: {a.text}" for a in sorted(q.anchors, key=lambda a: -a.level))
        probes = "\n".join(f"  • {p}" for p in q.probes)
        self.detail.setText(f"{q.text}\n\nProbes:\n{probes}\n\nScale:\n{anchors}\n\nFrom: {q.source}")


def _renumber(guide: list[GuideQuestion]) -> list[GuideQuestion]:
    from dataclasses import replace

    return [replace(q, position=i) for i, q in enumerate(guide)]
