"""The lead's workflow through the real widgets (issue 13 §2, §4, §6): identity, no dead ends, history, help."""

import sys
import threading

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from interview_kit import demo, packets, sealing
from interview_kit.model import RoleSkill
from interview_kit.names import MENU_PATH
from interview_kit.store import Workspace
from interview_kit.ui import dialogs, errors, identity, pdf_actions

LONG_NAME = ("Maria-Fernanda Guadalupe de los Ángeles Castillo-Øvergaard van der Westhuizen-O'Sullivan "
             "y Nakamura-Abdullah, RN")[:120].ljust(120, "x")


@pytest.fixture
def window(demo_window):
    yield demo_window
    demo_window.close()


@pytest.fixture
def empty_window(tmp_path, main_window):
    w = main_window(tmp_path / "empty.ikdb")
    yield w
    w.close()


@pytest.fixture
def yes(monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    return asked


@pytest.fixture
def name_typed(monkeypatch):
    """The name dialog answers with the text put in ``typed`` (as a person typing and pressing Enter)."""
    typed = []

    def run(dialog):
        dialog.edit.setText(typed.pop(0))
        if not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled():
            return QDialog.DialogCode.Rejected
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(identity.NameDialog, "exec", run)
    return typed


def _menu_paths(window):
    out = set()

    def walk(prefix, actions):
        for a in actions:
            title = a.text().replace("&", "")
            if a.menu() is not None:
                walk(f"{prefix}{a.menu().title().replace('&', '')} → ", a.menu().actions())
            elif title:
                out.add(prefix + title)

    walk("", window.menuBar().actions())
    return out


def _rows(model, col=0):
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


# --------------------------------------------------------------------------------------- §2 who is this


def test_the_first_start_asks_for_the_name_and_keeps_it(tmp_path, app_context, name_typed):
    ctx = app_context(tmp_path / "new.ikdb")
    name_typed.append("  Amira Haddad ")
    me = identity.ask_first_name(ctx)
    assert me.name == "Amira Haddad" and ctx.workspace.me() == me
    assert ctx.settings.value("panelist_name") == "Amira Haddad"


def test_a_workspace_that_knows_its_user_is_not_asked_again(window, monkeypatch):
    monkeypatch.setattr(identity.NameDialog, "exec", lambda d: pytest.fail("asked for a name already known"))
    assert identity.ask_first_name(window.ctx).name == window.ctx.workspace.me().name


def test_the_name_dialog_refuses_a_control_character_and_says_why(qtbot):
    dialog = identity.NameDialog("My name", "Your name")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.edit.setText("Sam\tPatel")
    assert not ok.isEnabled() and "control character" in dialog.problem.text()
    dialog.edit.setText("Sam Patel")
    assert ok.isEnabled() and dialog.problem.text() == ""


def test_file_my_name_renames_me_and_the_history_says_old_to_new(window, name_typed):
    ws = window.ctx.workspace
    old = ws.me()
    name_typed.append("Amira Haddad-Okafor")
    window.my_name_action.trigger()
    assert ws.me().id == old.id and ws.me().name == "Amira Haddad-Okafor"
    [event] = ws.audit_events(f"panelist:{old.id}")
    assert event.detail == {"old": old.name, "new": "Amira Haddad-Okafor"}


def test_a_message_asking_for_a_name_points_at_a_menu_item_that_exists(empty_window, monkeypatch, library,
                                                                       name_typed):
    from pathlib import Path

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    ws = empty_window.ctx.workspace
    demo.build_demo(ws, library)
    ws.conn.execute("DELETE FROM meta WHERE key = 'me'")  # a copy whose user has not said who they are
    empty_window.ctx.rounds_changed.emit()
    empty_window.select_round(ws.find_round(demo.DEMO_TITLE).id)
    empty_window.export_scores_action.trigger()
    assert MENU_PATH in shown[0]
    said = []
    empty_window.ctx.status_message.connect(said.append)
    name_typed.append("")  # the person closes the name dialog without a name
    rid = ws.find_round(demo.DEMO_TITLE).id
    assert not empty_window.start_interview(ws.candidates(rid)[0].id)
    assert MENU_PATH in said[-1]
    assert MENU_PATH in _menu_paths(empty_window)
    src = Path(__file__).parents[1] / "src" / "interview_kit"
    assert not [p for p in src.rglob("*.py") if "Set my name" in p.read_text("utf-8")]


def test_open_round_kit_refuses_a_score_packet_and_points_at_import_packets(empty_window, demo_path, tmp_path,
                                                                            monkeypatch):
    with Workspace.open(demo_path) as lead:
        rid = lead.find_round(demo.DEMO_TITLE).id
        scores = tmp_path / "tom.ikit"
        packets.write(packets.export_scores(lead, rid, lead.panelist_by_name("Tom Becker").id), scores)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(scores)], ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    empty_window.open_kit_action.trigger()
    assert "File → Import packets…" in shown[0] and "File → Import packets…" in _menu_paths(empty_window)
    assert empty_window.ctx.workspace.rounds() == []


# ------------------------------------------------------------------------------------ §4 dead ends


def test_after_opening_another_workspace_the_round_shows_its_candidates(empty_window, demo_path):
    assert empty_window.switch_to(demo_path)
    assert _rows(empty_window.round_pane.candidates_model) == ["Jordan Ellis", "Priya Natarajan", "Marcus O'Neill"]


def test_after_open_recent_and_new_workspace_the_candidate_list_follows(window, demo_path, tmp_path):
    assert window.switch_to(tmp_path / "fresh.ikdb")  # File → New workspace ends here
    assert _rows(window.round_pane.candidates_model) == []
    window._fill_recent()
    [back] = [a for a in window.recent_menu.actions() if a.text() == str(demo_path.resolve())]
    back.trigger()  # File → Open recent
    assert window.round_pane.candidates_model.rowCount() == 3


def test_export_pdf_from_the_panel_view_prints_the_candidate_selected_there(window, monkeypatch):
    asked = []
    monkeypatch.setattr(pdf_actions, "export_pdf", lambda parent, ctx, rid, cid: asked.append(cid))
    window.round_pane.candidates.selectRow(0)
    window.show_view("panel")
    window.panel.table.selectRow(2)
    window.export_pdf_action.trigger()
    assert asked == [window.panel.model.rows[2].candidate.id]
    assert asked[0] != window.round_pane.selected_candidate_id()


def test_the_scorecard_of_a_withdrawn_candidate_is_written(window, tmp_path):
    ws = window.ctx.workspace
    rid = ws.find_round(demo.DEMO_TITLE).id
    cand = ws.candidates(rid)[1]
    ws.set_withdrawn(cand.id)
    target = tmp_path / "withdrawn.pdf"
    pdf_actions.export_pdf(window, window.ctx, rid, cand.id, choice=0, target=target, open_when_done=False, wait=True)
    assert target.read_bytes().startswith(b"%PDF")


def test_an_unexpected_error_while_making_a_pdf_is_shown_with_its_details(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(errors.ErrorDialog, "exec", lambda d: shown.append(d) or 0)

    def broken(document, target):
        raise StopIteration

    monkeypatch.setattr(pdf_actions.pdf, "write_pdf", broken)
    rid = window.ctx.workspace.find_round(demo.DEMO_TITLE).id
    target = tmp_path / "x.pdf"
    pdf_actions.export_pdf(window, window.ctx, rid, None, choice=1, target=target, open_when_done=False, wait=True)
    [dialog] = shown
    assert "StopIteration" in dialog.message.text() and "Traceback" in dialog.detail_text
    assert not target.exists()


def test_an_uncaught_exception_becomes_a_dialog_with_copy_details(window, monkeypatch):
    shown = []
    monkeypatch.setattr(errors.ErrorDialog, "exec", lambda d: shown.append(d) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install(window)
    try:
        next(iter([]))
    except StopIteration as e:
        sys.excepthook(type(e), e, e.__traceback__)
    [dialog] = shown
    dialog.copy_button.click()
    assert "StopIteration" in QGuiApplication.clipboard().text()
    assert "interview-kit" in QGuiApplication.clipboard().text()


@pytest.mark.parametrize("worker", ["thread", "qrunnable"])
def test_an_exception_in_a_worker_thread_reaches_the_gui_thread_as_a_dialog(window, monkeypatch, qtbot, worker):
    from PySide6.QtCore import QRunnable, QThreadPool

    shown = []
    monkeypatch.setattr(errors.ErrorDialog, "exec", lambda d: shown.append(threading.current_thread()) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install(window)

    def work():
        raise RuntimeError("disk went away")

    if worker == "thread":
        t = threading.Thread(target=work)
        t.start()
        t.join()
    else:
        class Worker(QRunnable):  # as the app's PDF and packet workers are made
            def run(self):
                work()

        QThreadPool.globalInstance().start(Worker())
        QThreadPool.globalInstance().waitForDone()
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert shown == [threading.main_thread()]


def test_a_long_name_elides_keeps_score_columns_and_the_grid_scrolls_at_1024x640(window):
    from interview_kit.ui import panel

    ws = window.ctx.workspace
    rid = ws.find_round(demo.DEMO_TITLE).id
    cand = ws.add_candidate(rid, LONG_NAME)
    window.ctx.candidates_changed.emit(rid)
    window.resize(1024, 640)
    window.select_round(rid)
    window.show_view("panel")
    table = window.panel.table
    header = table.horizontalHeader()
    assert header.sectionSize(0) == panel.NAME_WIDTH
    assert all(header.sectionSize(c) == panel.SCORE_WIDTH for c in range(1, 2 + len(window.panel.model.skills)))
    row = next(i for i, r in enumerate(window.panel.model.rows) if r.candidate.id == cand.id)
    assert window.panel.model.data(window.panel.model.index(row, 0), 3).startswith(LONG_NAME)  # tooltip
    assert table.horizontalScrollBar().maximum() > 0
    cands = window.round_pane.candidates_model
    crow = next(i for i in range(cands.rowCount()) if cands.row_at(cands.index(i, 0)).id == cand.id)
    assert cands.data(cands.index(crow, 0), 3) == LONG_NAME


def test_a_changed_weight_needs_the_leads_own_reason_not_the_templates(window, monkeypatch):
    b = window.builder
    window.new_round()
    b.role_combo.setCurrentIndex(b.role_combo.findData("health-it-project-manager"))
    template_reason = b.weight_reason.text()
    assert template_reason.startswith("Weights of the")
    b.title_edit.setText("EHR go-live PM — weights")
    b.draw()
    rid = b.round_id
    assert window.ctx.workspace.round(rid).weight_reason == template_reason  # the template, unchanged: its reason
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))  # the lead cancels the question
    b.skills_table.cellWidget(1, 1).setValue(2.0)
    assert window.ctx.workspace.round(rid).weight_reason == ""
    info = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: info.append(a[2]))
    b.draw()
    assert "differs from the role template" in info[0]
    b.weight_reason.setText("Job analysis 2027: go-live support is half the role")
    b.weight_reason.editingFinished.emit()
    assert window.ctx.workspace.round(rid).weight_reason == "Job analysis 2027: go-live support is half the role"


def test_the_swap_dialog_fits_a_small_screen_with_very_long_questions(window, qtbot):
    labels = ["[behavioral, 5 min] " + "Tell me about a time you had to explain a downtime procedure " * 8] * 6
    dialog = dialogs.SwapDialog("Swap question", "Replace question 1 with another Teamwork question:", labels, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1024 and dialog.height() <= 640
    assert dialog.frameGeometry().width() <= 1024


@pytest.mark.parametrize("make", [
    lambda w: dialogs.SwapDialog("Swap", "Pick", ["x" * 900], w),
    lambda w: identity.NameDialog("My name", "Your name " * 40, "y" * 200, w),
    lambda w: __import__("interview_kit.ui.builder", fromlist=["x"]).CustomQuestionDialog(
        [RoleSkill("teamwork", 1.0, "Teamwork")], w),
    lambda w: __import__("interview_kit.ui.history", fromlist=["x"]).HistoryDialog(
        w.ctx, w.selected_round_id(), w),
    lambda w: __import__("interview_kit.ui.help", fromlist=["x"]).ShortcutsDialog(w),
    lambda w: __import__("interview_kit.ui.help", fromlist=["x"]).QuickGuideDialog(w),
    lambda w: errors.ErrorDialog("boom " * 200, "Traceback\n" + "  frame\n" * 200, w),
], ids=["swap", "name", "custom-question", "history", "shortcuts", "quick-guide", "error"])
@pytest.mark.parametrize("screen", [(1280, 800), (1024, 640)])
def test_every_dialog_fits_the_screen(window, qtbot, make, screen):
    window.resize(*screen)
    dialog = make(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= screen[0] and dialog.height() <= screen[1]
    hint = dialog.sizeHint().boundedTo(dialog.maximumSize())
    assert hint.width() <= screen[0] and hint.height() <= screen[1]


def test_a_round_kit_can_be_protected_with_a_passphrase(window, tmp_path, monkeypatch):
    target = tmp_path / "kit.ikit"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: asked.append(a[2]) or ("correct horse battery", True))
    window.select_round(window.ctx.workspace.find_round(demo.DEMO_TITLE).id)
    window.export_kit_action.trigger()
    assert "names and e-mail" in asked[0]
    assert sealing.is_sealed(target.read_bytes())
    with Workspace.open(tmp_path / "laptop.ikdb") as laptop:
        assert packets.import_kit_file(laptop, target, "correct horse battery").ok


def test_export_actions_are_off_until_a_round_exists(empty_window):
    w = empty_window
    assert not any(a.isEnabled() for a in (w.export_kit_action, w.export_scores_action, w.export_pdf_action))
    w.load_demo()
    assert all(a.isEnabled() for a in (w.export_kit_action, w.export_scores_action, w.export_pdf_action))


def test_file_dialogs_start_in_the_last_folder_used_for_that_kind_of_file(window, tmp_path, monkeypatch):
    pdfs = tmp_path / "printouts"
    pdfs.mkdir()
    starts = []

    def save(parent, title, start, filters):
        starts.append(start)
        return str(pdfs / "round.pdf"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    settings = window.ctx.settings
    dialogs.save_file(window, settings, "pdf", "Export PDF", "a.pdf", "PDF (*.pdf)")
    dialogs.save_file(window, settings, "pdf", "Export PDF", "b.pdf", "PDF (*.pdf)")
    dialogs.save_file(window, settings, "packet", "Export", "c.ikit", "*.ikit")
    assert starts[1] == str(pdfs / "b.pdf")
    assert not starts[2].startswith(str(pdfs))  # another kind of file keeps its own folder


def test_a_draft_round_can_be_deleted_and_the_deletion_undone(window, yes):
    ws = window.ctx.workspace
    rnd = ws.create_round("Night shift — draft", "service-desk-analyst", [RoleSkill("teamwork", 1.0, "Teamwork")])
    window.ctx.rounds_changed.emit()
    window.select_round(rnd.id)
    assert window.delete_round_action.isEnabled() and not window.archive_action.isEnabled()
    window.delete_round_action.trigger()
    assert "Night shift — draft" in yes[0]
    assert rnd.id not in [r.id for r in ws.rounds()] and "Night shift — draft" not in _rows(window.rounds_model)
    assert [e.action for e in ws.audit_events(f"round:{rnd.id}")][-1] == "round.delete"
    window.undo_action.trigger()
    assert "Night shift — draft" in _rows(window.rounds_model)


def test_an_archived_round_leaves_the_list_until_show_archived(window):
    ws = window.ctx.workspace
    rnd = ws.find_round(demo.DEMO_TITLE)
    window.select_round(rnd.id)
    assert window.archive_action.isEnabled() and not window.delete_round_action.isEnabled()
    window.archive_action.trigger()
    assert demo.DEMO_TITLE not in _rows(window.rounds_model) and ws.round(rnd.id).archived
    window.show_archived_action.setChecked(True)
    assert demo.DEMO_TITLE in _rows(window.rounds_model)
    window.select_round(rnd.id)
    assert window.archive_action.text().replace("&", "") == "Unarchive round"
    window.archive_action.trigger()
    assert not ws.round(rnd.id).archived


def test_the_round_header_counts_the_panel_the_table_counts(window):
    ws = window.ctx.workspace
    rnd = ws.find_round(demo.IN_PROGRESS_TITLE)
    cand = ws.candidates(rnd.id)[1]
    other = ws.ensure_panelist("Léa Dubois")
    window.select_round(rnd.id)
    ws.join_panel(rnd.id, other.id)  # a colleague joins through a packet while the round is on screen
    window.ctx.scores_changed.emit(cand.id)
    model = window.round_pane.candidates_model
    assert "2 panelists" in window.round_pane.details.text()
    assert model.data(model.index(1, 2)).endswith("of 2")


def test_the_clock_stops_at_submit_and_does_not_run_between_sessions(window, monkeypatch, yes):
    from interview_kit.ui import interview as interview_module

    now = [1000.0]
    monkeypatch.setattr(interview_module.time, "monotonic", lambda: now[0])
    ws = window.ctx.workspace
    rnd = ws.find_round(demo.IN_PROGRESS_TITLE)
    cand = ws.candidates(rnd.id)[1]
    assert window.start_interview(cand.id)
    view = window.interview
    now[0] += 95
    view._tick()
    assert view.clock_label.text().startswith("Elapsed 1:35")
    window.show_view("rounds")  # the app is closed for the night: the time is banked
    now[0] += 12 * 3600
    assert window.start_interview(cand.id)
    now[0] += 5
    assert int(view.elapsed()) == 100
    me = ws.me()
    for q in view.guide:
        ws.set_score(cand.id, me.id, q.id, 3, "ok")
    ws.set_verdict(cand.id, me.id, "yes", "Calm on the phone with an angry charge nurse.")
    view.go(len(view.guide))
    view.submit()
    now[0] += 600
    view._tick()
    assert int(view.elapsed()) == 100 and view.clock_label.text().startswith("Elapsed 1:40")


def test_opening_a_candidate_from_the_list_starts_at_the_first_unrated_question(window):
    ws = window.ctx.workspace
    rnd = ws.find_round(demo.IN_PROGRESS_TITLE)
    cand = ws.candidates(rnd.id)[0]
    me = ws.me()
    rated = {s.question_id for s in ws.scores(candidate_id=cand.id, panelist_id=me.id)}
    guide = ws.guide(rnd.id)
    expected = next(i for i, q in enumerate(guide) if q.id not in rated)
    assert expected > 0
    window.select_round(rnd.id)
    window.round_pane.candidates.selectRow(0)
    window.round_pane.interview_button.click()
    assert window.interview.index == expected


# ----------------------------------------------------------------------------------- §6 history, help


def test_history_model_passes_the_qt_model_tester(window, qtmodeltester):
    from interview_kit.ui.history import HistoryModel

    model = HistoryModel(window.ctx, window.ctx.workspace.find_round(demo.DEMO_TITLE).id)
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_round_history_shows_the_trail_in_words_and_filters_by_candidate(window, monkeypatch):
    from interview_kit.ui import history as history_ui

    ws = window.ctx.workspace
    rnd = ws.find_round(demo.DEMO_TITLE)
    first, second = ws.candidates(rnd.id)[:2]
    ws.rename_candidate(second.id, "Priya Natarajan-Rao", actor="Amira Haddad")
    window.select_round(rnd.id)
    opened = []
    monkeypatch.setattr(history_ui.HistoryDialog, "exec", lambda d: opened.append(d) or 0)
    window.history_action.trigger()
    [dialog] = opened
    rows = [[dialog.model.data(dialog.model.index(r, c)) for c in range(4)] for r in range(dialog.model.rowCount())]
    assert rows[0][1:] == ["Amira Haddad", "Renamed a candidate", "Priya Natarajan → Priya Natarajan-Rao"]
    dialog.show_candidate(first.id)
    assert 0 < dialog.model.rowCount() < len(rows)
    assert all(second.name not in r.what and "Renamed" not in r.what for r in dialog.model.rows)


def test_keyboard_shortcuts_are_read_from_the_windows_actions(window):
    from PySide6.QtGui import QKeySequence

    from interview_kit.ui import help

    listed = {(what, keys) for _where, what, keys in help.shortcuts(window)}
    menu_actions = [a for m in window.menuBar().actions() for a in m.menu().actions() if a.shortcut().toString()]
    assert menu_actions
    for a in menu_actions:
        keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert any(k.startswith(keys) or keys in k for _w, k in listed), a.text()
    assert ("History", "Ctrl+H") in listed and ("Keyboard shortcuts", "Ctrl+/") in listed
    window.history_action.setShortcut(QKeySequence("Ctrl+Shift+H"))  # change an action: the list follows
    assert ("History", "Ctrl+Shift+H") in {(w, k) for _x, w, k in help.shortcuts(window)}


def test_the_quick_guide_has_a_page_for_the_lead_and_for_a_panelist(window, qtbot):
    from interview_kit.ui import help

    dialog = help.QuickGuideDialog(window)
    qtbot.addWidget(dialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["For the hiring lead", "For a panelist"]
    lead = dialog.tabs.widget(0).toPlainText()
    panelist = dialog.tabs.widget(1).toPlainText()
    assert "Export round kit" in lead and "Open round kit" in panelist and MENU_PATH.split(" → ")[1] in panelist


def test_the_first_start_asks_for_the_name_before_anything_else(qapp, isolated_data_dir, monkeypatch, name_typed):
    from PySide6.QtWidgets import QApplication

    from interview_kit import paths
    from interview_kit.ui import app as app_module

    order = []
    real = identity.NameDialog.exec
    monkeypatch.setattr(identity.NameDialog, "exec", lambda d: order.append("name") or real(d))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: order.append("demo?") or QMessageBox.StandardButton.No)
    from PySide6.QtTest import QTest

    # The event loop runs long enough for what comes just after the first paint (the name, then the demo).
    monkeypatch.setattr(QApplication, "exec", lambda *a: QTest.qWait(400) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs the error dialog hook
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    name_typed.append("Sam Patel")
    assert app_module.run(db=None, extra_banks=[]) == 0
    assert order == ["name", "demo?"]
    with Workspace.open(paths.default_workspace()) as ws:
        assert ws.me().name == "Sam Patel"


def test_every_menu_path_the_quick_guide_names_exists(window):
    import re

    from interview_kit.ui import help

    window.select_round(window.ctx.workspace.find_round(demo.DEMO_TITLE).id)
    menus = _menu_paths(window)
    named = [" ".join(m.split()) for _label, page in help.GUIDE_PAGES
             for m in re.findall(r"\*\*((?:File|Edit|View|Round|Help) → [^*]+)\*\*", help.guide_text(page))]
    assert len(named) >= 10
    assert [m for m in named if m not in menus] == []


def test_the_main_window_reads_the_list_of_rounds_once_before_it_is_shown(demo_path, main_window, monkeypatch):
    # Years of rounds (500 in bench/scale.py) make each read of the whole list ~12 ms of the first paint.
    from interview_kit.store import Workspace

    reads = []
    overview = Workspace.rounds_overview
    monkeypatch.setattr(Workspace, "rounds_overview", lambda ws: reads.append(1) or overview(ws))
    main_window(demo_path)
    assert len(reads) == 1


def test_reopening_the_same_workspace_and_round_rewrites_no_settings(demo_path, main_window, monkeypatch):
    # Each setValue makes QSettings rewrite and fsync settings.ini, before the first paint of the next start.
    from PySide6.QtCore import QSettings

    first = main_window(demo_path)
    first.close()
    first.ctx.close()  # (syncs settings.ini and frees the workspace for the next start)
    written = []
    set_value = QSettings.setValue
    monkeypatch.setattr(QSettings, "setValue", lambda self, *a: written.append(a[0]) or set_value(self, *a))
    main_window(demo_path)
    assert written == []
