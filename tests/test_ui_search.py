"""Ctrl+F in the main window: the search panel lists candidates, notes and questions and jumps to them."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from interview_kit import demo


def _search(window, qtbot, text):
    window.find_action.trigger()
    dock = window._search
    dock.box.setText(text)
    dock.run()
    return dock


def test_ctrl_f_opens_the_search_panel_with_the_cursor_in_its_box(demo_window, qtbot):
    assert demo_window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    demo_window.activateWindow()
    demo_window.find_action.trigger()
    dock = demo_window._search
    assert dock.isVisible()
    qtbot.waitUntil(lambda: dock.box.hasFocus())


def test_typing_a_name_lists_the_candidate_and_enter_goes_to_them(demo_window, qtbot):
    dock = _search(demo_window, qtbot, "marcus")
    assert [(h.kind, h.candidate_name) for h in dock.model.hits] == [("candidate", "Marcus O'Neill")]
    qtbot.keyClick(dock.box, Qt.Key.Key_Return)
    ws = demo_window.ctx.workspace
    assert demo_window.selected_round_id() == ws.find_round(demo.DEMO_TITLE).id
    assert ws.candidate(demo_window.round_pane.selected_candidate_id()).name == "Marcus O'Neill"
    assert demo_window.stack.currentWidget() is demo_window.splitter


def test_another_panelists_note_opens_in_the_panel_view_on_that_candidate(demo_window, qtbot):
    ws = demo_window.ctx.workspace
    me = ws.me()
    dock = _search(demo_window, qtbot, "measurable result")
    notes = [h for h in dock.model.hits if h.kind == "note" and h.panelist_id != me.id]
    assert notes, "the demo's lead has submitted, so the panel's notes are found"
    dock.chosen.emit(notes[0])
    assert demo_window.stack.currentWidget() is demo_window.panel
    assert demo_window.panel._selected_id() == notes[0].candidate_id


def test_a_search_with_nothing_to_look_for_says_so_in_the_panel(demo_window, qtbot):
    dock = _search(demo_window, qtbot, "%% **")
    assert dock.model.rowCount() == 0 and "at least one letter" in dock.status.text()


def test_search_hits_model_passes_the_qt_model_tester(demo_window, qtbot, qtmodeltester):
    dock = _search(demo_window, qtbot, "go-live")
    assert dock.model.rowCount() > 0
    qtmodeltester.check(dock.model)
