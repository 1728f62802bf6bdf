"""The main window: rounds on the left, the selected round and its candidates on the right (``round_pane``);
the other views (builder, interview, panel) in a stack, built when first shown; the menus and their actions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelection, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, store
from ..errors import UserError
from . import defs
from .context import AppContext
from .models import RoundsModel
from .round_pane import RoundPane, list_table

if TYPE_CHECKING:
    from .builder import BuilderView
    from .interview import InterviewView
    from .panel import PanelView
    from .search import SearchDock


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("interview-kit")
        self.setMinimumSize(*defs.MIN_SIZE)
        self.setAcceptDrops(True)  # drop .ikit packets (a round kit, or the panel's scores) onto the window

        self.rounds_model = RoundsModel(ctx, self)
        self.rounds = list_table(self.rounds_model)
        self.rounds.setObjectName("rounds")
        self.round_pane = RoundPane(ctx, self)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(defs.MARGIN, defs.MARGIN, 0, defs.MARGIN)
        heading = QLabel("Rounds")
        heading.setStyleSheet(f"font-size: {defs.FONT_LARGE + 2}px; font-weight: 600;")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.rounds, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.round_pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([560, 720])

        self._interview: "InterviewView | None" = None
        self._builder: "BuilderView | None" = None
        self._panel: "PanelView | None" = None
        self._search: "SearchDock | None" = None
        self.round_pane.open_builder.connect(self.open_builder)
        self.round_pane.new_round_requested.connect(self.new_round)
        self.round_pane.demo_requested.connect(self.load_demo)
        self.round_pane.panel_button.clicked.connect(lambda: self.show_view("panel"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)
        self.round_pane.interview_button.clicked.connect(self.start_interview)
        self.round_pane.candidates.activated.connect(lambda _i: self.start_interview())

        self.rounds.selectionModel().selectionChanged.connect(self._round_selected)
        self.rounds_model.modelReset.connect(self._restore_selection)
        ctx.workspace_changed.connect(self._update_status)
        # After File → Open / Open recent / New workspace: show the selected round of the new file at once.
        ctx.workspace_changed.connect(lambda: self.round_pane.show_round(self.selected_round_id()))
        ctx.rounds_changed.connect(self.update_actions)
        ctx.workspace_changed.connect(self.update_actions)
        ctx.identity_changed.connect(lambda: self.round_pane.show_round(self.selected_round_id()))
        ctx.status_message.connect(lambda m: self.statusBar().showMessage(m, 5000))
        self.workspace_label = QLabel()
        self.bank_problems_button = QPushButton()
        self.bank_problems_button.setFlat(True)
        self.bank_problems_button.setStyleSheet(f"color: {defs.BAD}; font-weight: 600;")
        self.bank_problems_button.hide()
        self.bank_problems_button.clicked.connect(self.show_bank_problems)
        self._bank_problems: list = []
        ctx.bank_problems.connect(self._on_bank_problems)
        self.statusBar().addPermanentWidget(self.bank_problems_button)
        self.statusBar().addPermanentWidget(self.workspace_label)

        self._build_actions()
        self._update_status()
        self._restore_selection()
        self.update_actions()

    # ------------------------------------------------------------------------------------------ actions

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.new_action = QAction("&New workspace…", self, shortcut=QKeySequence.StandardKey.New,
                                  triggered=self.new_workspace)
        self.open_action = QAction("&Open workspace…", self, shortcut=QKeySequence.StandardKey.Open,
                                   triggered=self.open_workspace)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.restore_backup_action = QAction("Restore from &backup…", self, triggered=self.restore_from_backup)
        file_menu.addAction(self.restore_backup_action)
        self.new_round_action = QAction("New &round…", self, shortcut=QKeySequence("Ctrl+Shift+N"),
                                        triggered=self.new_round)
        self.open_kit_action = QAction("Open round &kit…", self, shortcut=QKeySequence("Ctrl+Shift+O"),
                                       triggered=self.open_round_kit)
        self.my_name_action = QAction("My &name…", self, triggered=self.change_my_name)
        self.import_action = QAction("&Import packets…", self, shortcut=QKeySequence("Ctrl+I"),
                                     triggered=self.import_packets)
        self.export_kit_action = QAction("Export round &kit…", self, shortcut=QKeySequence("Ctrl+Shift+E"),
                                         triggered=lambda: self.export_packet(kit=True))
        self.export_scores_action = QAction("&Export my scores…", self, shortcut=QKeySequence("Ctrl+E"),
                                            triggered=lambda: self.export_packet(kit=False))
        self.export_pdf_action = QAction("Export &PDF…", self, shortcut=QKeySequence("Ctrl+P"),
                                         triggered=self.export_pdf)
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        file_menu.insertAction(self.recent_menu.menuAction(), self.new_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.new_round_action)
        file_menu.addSeparator()
        for act in (self.open_kit_action, self.import_action, self.export_kit_action, self.export_scores_action):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.export_pdf_action)
        paper_menu = file_menu.addMenu("Paper si&ze")
        paper_group = QActionGroup(self)

        current = self.ctx.paper
        for key, label in (("a4", "A4"), ("letter", "US Letter")):
            act = QAction(label, self, checkable=True, checked=current == key)
            act.triggered.connect(lambda _=False, k=key: self.ctx.settings.setValue("pdf/paper", k))
            paper_group.addAction(act)
            paper_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.my_name_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu

        edit_menu = menu.addMenu("&Edit")
        self.undo_action = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = QAction("&Find in all rounds…", self, shortcut=QKeySequence.StandardKey.Find,
                                   triggered=self.show_search)
        edit_menu.addAction(self.find_action)

        view_menu = menu.addMenu("&View")
        group = QActionGroup(self)
        self.view_actions = {}
        for i, (name, label) in enumerate((("rounds", "&Rounds and candidates"), ("builder", "Round &builder"),
                                           ("interview", "&Interview"), ("panel", "&Panel view"))):
            act = QAction(label, self, checkable=True, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, n=name: self.show_view(n))
            group.addAction(act)
            view_menu.addAction(act)
            self.view_actions[name] = act
        self.view_actions["rounds"].setChecked(True)
        view_menu.addSeparator()
        self.practice_action = QAction("Practice &rating…", self, shortcut=QKeySequence("Ctrl+Shift+P"),
                                       triggered=self.open_practice)
        view_menu.addAction(self.practice_action)

        self.show_archived_action = QAction("Show &archived rounds", self, checkable=True,
                                            checked=self.rounds_model.show_archived)
        self.show_archived_action.toggled.connect(self.rounds_model.set_show_archived)
        view_menu.addAction(self.show_archived_action)

        from . import round_actions

        round_actions.build_menu(self, menu.addMenu("&Round"))

        help_menu = menu.addMenu("&Help")
        self.guide_action = QAction("&Quick guide", self, shortcut=QKeySequence.StandardKey.HelpContents,
                                    triggered=self.show_quick_guide)
        self.shortcuts_action = QAction("&Keyboard shortcuts", self, shortcut=QKeySequence("Ctrl+/"),
                                        triggered=self.show_shortcuts)
        self.demo_action = QAction("Add the &demo round", self, triggered=self.load_demo)
        self.about_action = QAction("&About interview-kit", self, triggered=self.show_about)
        for act in (self.guide_action, self.shortcuts_action):
            help_menu.addAction(act)
        help_menu.addSeparator()
        help_menu.addAction(self.demo_action)
        help_menu.addAction(self.about_action)

    def update_actions(self) -> None:
        """Actions that need a round are off while there is none selected (or none at all)."""
        from . import round_actions

        has_round = self.selected_round_id() is not None
        for act in (self.export_kit_action, self.export_scores_action, self.export_pdf_action):
            act.setEnabled(has_round)
        round_actions.update(self)

    def change_my_name(self) -> None:
        from . import identity

        identity.change_name(self.ctx, self)

    def show_shortcuts(self) -> None:
        from . import help

        help.ShortcutsDialog(self).exec()

    def show_quick_guide(self) -> None:
        from . import help

        help.QuickGuideDialog(self).exec()

    # --------------------------------------------------------------------------------------------- views

    @property
    def builder(self) -> "BuilderView":
        """The round builder, built on first use."""
        if self._builder is None:
            from .builder import BuilderView

            self._builder = BuilderView(self.ctx, self)
            self._builder.locked.connect(self._round_locked)
            self.stack.addWidget(self._builder)
        return self._builder

    def _round_locked(self, round_id: str) -> None:
        self.ctx.settings.setValue("last_round", round_id)
        self.show_view("rounds")
        self.ctx.status_message.emit("Round locked: add candidates, then interview (Enter).")

    def new_round(self) -> None:
        self.builder.new_round()
        self._show_widget("builder", self.builder)

    def open_builder(self, round_id: str) -> None:
        self.builder.edit_round(round_id)
        self._show_widget("builder", self.builder)

    def _show_widget(self, name: str, widget) -> None:
        self.stack.setCurrentWidget(widget)
        self.view_actions[name].setChecked(True)
        self.ctx.settings.setValue("view", name)

    # -------------------------------------------------------------------------------------------- search

    def show_search(self) -> None:
        """Ctrl+F: the search panel (built on first use), focused on its box."""
        if self._search is None:
            from .search import SearchDock

            self._search = SearchDock(self.ctx, self)
            self._search.chosen.connect(self.go_to_hit)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._search)
        self._search.open()

    def go_to_hit(self, hit) -> None:
        """Jump to a search hit: its round and candidate; your own note in a scorecard still open, at its question
        in the interview; anyone else's note in the panel view."""
        ws = self.ctx.workspace
        self.select_round(hit.round_id)
        if hit.kind == "note":
            me = ws.me()
            if me is not None and hit.panelist_id == me.id and not ws.is_submitted(hit.candidate_id, me.id):
                index = next((i for i, q in enumerate(ws.guide(hit.round_id)) if q.id == hit.question_id), 0)
                self.start_interview(hit.candidate_id, index)
                return
            if self.show_view("panel"):
                self.panel.select_candidate(hit.candidate_id)
            return
        self.show_view("rounds")
        if hit.candidate_id:
            self.round_pane.select_candidate(hit.candidate_id)

    @property
    def panel(self) -> "PanelView":
        """The panel view, built on first use."""
        if self._panel is None:
            from .panel import PanelView

            self._panel = PanelView(self.ctx, self)
            self.stack.addWidget(self._panel)
        return self._panel

    @property
    def interview(self) -> "InterviewView":
        """The interview screen, built on first use so start-up does not pay for it."""
        if self._interview is None:
            from .interview import InterviewView

            self._interview = InterviewView(self.ctx, self)
            self.stack.addWidget(self._interview)
        return self._interview

    def show_view(self, name: str) -> bool:
        if name == "builder":
            rid = self.selected_round_id()
            # Come back to the draft in progress; else continue the selected draft; else start a new one.
            in_progress = self._builder is not None and self._builder.round_id is not None
            if not in_progress:
                if rid and not self.ctx.workspace.round(rid).locked:
                    self.builder.edit_round(rid)
                else:
                    self.builder.new_round()
            self.stack.setCurrentWidget(self.builder)
        elif name == "panel":
            rid = self.selected_round_id()
            if rid is None:
                self.ctx.status_message.emit("Select a round first.")
                self.view_actions["rounds"].setChecked(True)
                return False
            self.panel.show_round(rid)
            self.stack.setCurrentWidget(self.panel)
        elif name == "interview":
            if (self._interview is None or self.interview.candidate_id is None) and not self.start_interview():
                self.view_actions["rounds"].setChecked(True)
                return False
            self.stack.setCurrentWidget(self.interview)
            self.interview.setFocus()
        else:
            self.stack.setCurrentWidget(self.splitter)
        self.view_actions[name].setChecked(True)
        self.ctx.settings.setValue("view", name)
        return True

    def open_practice(self) -> None:
        """View → Practice rating: a window of its own, so the rounds stay in view behind it."""
        from .practice import PracticeWindow

        if getattr(self, "_practice", None) is None:
            self._practice = PracticeWindow(self.ctx, self)
        self._practice.show()
        self._practice.raise_()
        self._practice.activateWindow()

    def ensure_me(self):
        """The person using this copy, asked for once and kept in the workspace and in settings."""
        from . import identity

        return identity.ask_first_name(self.ctx, self)

    def start_interview(self, candidate_id: str | None = None, index: int | None = None) -> bool:
        """Interview a candidate, at question ``index`` or, by default, at the first question not yet rated."""
        candidate_id = candidate_id or self.round_pane.selected_candidate_id()
        if candidate_id is None:
            self.ctx.status_message.emit("Select a candidate first.")
            return False
        cand = self.ctx.workspace.candidate(candidate_id)
        rnd = self.ctx.workspace.round(cand.round_id)
        if not rnd.locked:
            QMessageBox.information(self, "Round not locked",
                                    f"Lock the guide of {rnd.title!r} before interviewing, so every candidate "
                                    "gets the same questions.")
            return False
        me = self.ensure_me()
        if me is None:
            from ..names import MENU_PATH

            self.ctx.status_message.emit(f"An interview needs your name on the scores: {MENU_PATH}")
            return False
        self.ctx.workspace.join_panel(rnd.id, me.id)
        if index is None:
            index = self.first_unrated(candidate_id, me.id)
        self.interview.open(candidate_id, me.id, index)
        self.ctx.candidates_changed.emit(rnd.id)  # joining the panel changes the round's "n of m"
        self.ctx.settings.setValue("interview/candidate", candidate_id)
        self.stack.setCurrentWidget(self.interview)
        self.view_actions["interview"].setChecked(True)
        self.ctx.settings.setValue("view", "interview")
        self.interview.setFocus()
        return True

    def first_unrated(self, candidate_id: str, panelist_id: str) -> int:
        """Where an interview picks up: the first question this panelist has not rated (the recommendation
        page once all are rated)."""
        ws = self.ctx.workspace
        guide = ws.guide(ws.candidate(candidate_id).round_id)
        rated = {s.question_id for s in ws.scores(candidate_id=candidate_id, panelist_id=panelist_id)}
        return next((i for i, q in enumerate(guide) if q.id not in rated), len(guide))

    def show_for_screenshot(self, view: str) -> None:
        """Put ``view`` on screen for --screenshot. The interview shows the interview most in progress: a
        candidate this panelist has partly scored and not submitted (or else the first one)."""
        if view == "builder":
            # The builder as a lead sees it mid-way: the demo's role drawn into a new draft, unsaved.
            self.builder.new_round()
            idx = self.builder.role_combo.findData("ehr-implementation-analyst")
            self.builder.role_combo.setCurrentIndex(max(idx, 0))
            self.builder.title_edit.setText("EHR implementation analyst — Autumn 2027")
            self.builder.seed.setValue(20270901)
            self._show_widget("builder", self.builder)
            self.builder.preview_draw()
            return
        if view == "panel":
            self.show_view("panel")
            self.panel.select_most_flagged()
            return
        if view != "interview":
            self.show_view(view)
            return
        ws = self.ctx.workspace
        me = ws.me()
        if me is None:
            return
        best = None
        for rnd in ws.rounds():
            if not rnd.locked:
                continue
            n = len(ws.guide(rnd.id))
            for cand in ws.candidates(rnd.id, include_withdrawn=False):
                done = len(ws.scores(candidate_id=cand.id, panelist_id=me.id))
                rank = (0 < done < n and not ws.is_submitted(cand.id, me.id), not ws.is_submitted(cand.id, me.id))
                if best is None or rank > best[0]:
                    best = (rank, cand.id, min(done, n - 1))
        if best is not None:
            self.start_interview(best[1], best[2])

    def resume(self) -> None:
        """Come back to where the user was: the same view, candidate and question."""
        if self.ctx.settings.value("view") == "interview":
            cid = self.ctx.settings.value("interview/candidate")
            index = int(self.ctx.settings.value("interview/question_index", 0) or 0)
            try:
                self.ctx.workspace.candidate(cid)
            except UserError:
                return
            if self.ctx.workspace.me() is not None:
                self.start_interview(cid, index)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.ctx.recent_workspaces()
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        for path in recent:
            self.recent_menu.addAction(path, lambda p=path: self.switch_to(Path(p)))

    def new_workspace(self) -> None:
        from . import dialogs

        path = dialogs.save_file(self, self.ctx.settings, "workspace", "New workspace", "interviews.ikdb",
                                 "interview-kit workspace (*.ikdb)")
        if path:
            target = Path(path)
            if target.exists():
                QMessageBox.warning(self, "New workspace", f"{target} already exists. Use Open workspace to open it.")
                return
            self.switch_to(target)

    def open_workspace(self) -> None:
        from . import dialogs

        path = dialogs.open_file(self, self.ctx.settings, "workspace", "Open workspace",
                                 "interview-kit workspace (*.ikdb);;All files (*)")
        if path:
            self.switch_to(Path(path))

    def restore_from_backup(self) -> bool:
        from . import backup_actions

        return backup_actions.restore_from_backup(self, self.ctx)

    def switch_to(self, path: Path) -> bool:
        if path.resolve() == self.ctx.workspace.path.resolve():
            return True
        try:
            ws = store.Workspace.open(path)
        except UserError as e:
            QMessageBox.critical(self, "Cannot open workspace", f"{e}\n\nThe file was not changed.")
            return False
        self.stack.setCurrentWidget(self.splitter)
        if self._interview is not None:
            self._interview._flush()
            self._interview._pause_clock()
            self._interview.candidate_id = None
        self.ctx.switch_workspace(ws)
        self.ctx.status_message.emit(f"Opened {path}")
        return True

    # ------------------------------------------------------------------------------------------ packets

    def open_round_kit(self) -> None:
        from . import packet_actions

        if self._interview is not None:
            self._interview._flush()
        packet_actions.choose_and_open_kit(self, self.ctx)

    def import_packets(self, paths: list | None = None) -> None:
        from . import packet_actions

        if self._interview is not None:
            self._interview._flush()
        if paths:
            packet_actions.import_packets(self, self.ctx, paths)
        else:
            packet_actions.choose_and_import(self, self.ctx)

    def export_packet(self, *, kit: bool) -> None:
        from . import packet_actions

        rid = self.selected_round_id()
        if rid is None:
            QMessageBox.information(self, "Export", "Select a round first.")
            return
        if self._interview is not None:
            self._interview._flush()
        packet_actions.export(self, self.ctx, rid, kit=kit)

    def export_pdf(self) -> None:
        from . import pdf_actions

        if self._interview is not None:
            self._interview._flush()
        cid = self.round_pane.selected_candidate_id()
        if self.stack.currentWidget() is self._interview and self._interview is not None:
            cid = self._interview.candidate_id
        elif self.stack.currentWidget() is self._panel and self._panel is not None:
            cid = self._panel.selected_candidate_id()
        pdf_actions.export_pdf(self, self.ctx, self.selected_round_id(), cid)

    def dragEnterEvent(self, event) -> None:
        if any(u.toLocalFile().endswith(".ikit") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.toLocalFile().endswith(".ikit")]
        if paths:
            event.acceptProposedAction()
            self.import_packets(paths)

    def _on_bank_problems(self, problems: list) -> None:
        self._bank_problems = problems
        files = len({f.path for f in problems})
        self.bank_problems_button.setText(f"⚠ {len(problems)} problem(s) in {files} bank file(s) — details")
        self.bank_problems_button.show()

    def show_bank_problems(self) -> None:
        lines = "\n\n".join(str(f) for f in self._bank_problems[:20])
        more = len(self._bank_problems) - 20
        QMessageBox.warning(
            self, "Question bank problems",
            "These bank files (or parts of them) were skipped; everything else loaded.\n\n" + lines
            + (f"\n\n… and {more} more (interview-kit banks validate lists them all)" if more > 0 else ""),
        )

    def load_demo(self) -> None:
        from .. import demo

        try:
            rnd = demo.build_demo(self.ctx.workspace, self.ctx.library)
        except UserError as e:
            QMessageBox.warning(self, "Demo", str(e))
            return
        self.ctx.rounds_changed.emit()
        self.select_round(rnd.id)
        self.ctx.status_message.emit("Demo round added.")

    def show_about(self) -> None:
        ws = self.ctx.workspace
        QMessageBox.about(
            self,
            "About interview-kit",
            f"<b>interview-kit {__version__}</b><br>Structured behavioral interviews for health IT, "
            f"scored offline.<br><br>Workspace: {_html(str(ws.path))}<br>Schema version: {ws.schema_version}",
        )

    # ---------------------------------------------------------------------------------------- selection

    def select_round(self, round_id: str) -> None:
        row = next((i for i, r in enumerate(self.rounds_model.rows) if r.id == round_id), None)
        if row is not None:
            self.rounds.selectRow(row)

    def selected_round_id(self) -> str | None:
        rows = self.rounds.selectionModel().selectedRows()
        return self.rounds_model.row_at(rows[0]).id if rows else None

    def _round_selected(self, selected: QItemSelection, _deselected) -> None:
        rid = self.selected_round_id()
        if rid:
            self.ctx.remember("last_round", rid)
        self.round_pane.show_round(rid)
        self.update_actions()

    def _restore_selection(self) -> None:
        """Select the last round used (or the first one) so the window never opens on an empty pane."""
        if not self.rounds_model.rows:
            self.round_pane.show_round(None)
            self.update_actions()
            return
        last = self.ctx.settings.value("last_round")
        row = next((i for i, r in enumerate(self.rounds_model.rows) if r.id == last), 0)
        self.rounds.selectRow(row)

    def _update_status(self) -> None:
        ws = self.ctx.workspace
        self.workspace_label.setText(f"Workspace: {ws.path}  ·  schema v{ws.schema_version}")
        self.setWindowTitle(f"interview-kit — {ws.path.name}")

    # ------------------------------------------------------------------------------------ window state

    def restore_state(self) -> None:
        geometry = self.ctx.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = self.ctx.settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def closeEvent(self, event) -> None:
        if self._interview is not None:
            self._interview._flush()
            self._interview._pause_clock()
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("window/splitter", self.splitter.saveState())
        super().closeEvent(event)


def _html(text: str) -> str:
    from html import escape

    return escape(text)
