"""Interview mode and the round builder, through the real widgets (pytest-qt, offscreen)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from interview_kit import banks, demo
from interview_kit.store import Workspace
from interview_kit.ui import builder as builder_mod
from interview_kit.ui.main_window import MainWindow


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def window(demo_window):
    yield demo_window
    demo_window.close()


@pytest.fixture
def yes_to_dialogs(monkeypatch):
    """Confirmation dialogs answer Yes (one keystroke: Enter on the default button)."""
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2] if len(args) > 2 else "")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _in_progress(window):
    ws = window.ctx.workspace
    rnd = ws.find_round(demo.IN_PROGRESS_TITLE)
    cand = ws.candidates(rnd.id)[0]
    return rnd, cand


def _open_interview(window, candidate_id, index=0):
    assert window.start_interview(candidate_id, index)
    view = window.interview
    window.activateWindow()
    view.setFocus()
    return view


def _my_scores(window, candidate_id):
    ws = window.ctx.workspace
    return {s.question_id: s for s in ws.scores(candidate_id=candidate_id, panelist_id=ws.me().id)}


def test_number_keys_rate_the_current_question_and_save_at_once(window, qtbot):
    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 4)
    qtbot.keyClick(view, Qt.Key.Key_4)
    q = view.guide[4]
    assert _my_scores(window, cand.id)[q.id].rating == 4
    assert "Saved" in view.saved_label.text()


def test_zero_and_n_mark_not_asked(window, qtbot):
    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 4)
    qtbot.keyClick(view, Qt.Key.Key_N)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_0)
    scores = _my_scores(window, cand.id)
    assert scores[view.guide[4].id].rating is None and scores[view.guide[5].id].rating is None


def test_arrows_and_page_keys_move_between_questions(window, qtbot):
    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 0)
    for key, expected in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_PageDown, 2), (Qt.Key.Key_PageUp, 1),
                          (Qt.Key.Key_Left, 0), (Qt.Key.Key_Left, 0)):
        qtbot.keyClick(view, key)
        assert view.index == expected
    assert view.progress_label.text() == f"Question 1 of {len(view.guide)}"


def test_typing_a_note_never_changes_the_rating(window, qtbot):
    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 4)
    qtbot.keyClick(view, Qt.Key.Key_3)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.notes.hasFocus()
    qtbot.keyClicks(view.notes, "Said 5 things, rated 1 by peers")
    qtbot.keyClick(view.notes, Qt.Key.Key_Escape)
    assert view.hasFocus()
    s = _my_scores(window, cand.id)[view.guide[4].id]
    assert s.rating == 3 and s.note == "Said 5 things, rated 1 by peers"


def test_a_note_typed_before_rating_is_kept_and_joins_the_rating(window, qtbot):
    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 5)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.notes, "Strong STAR answer")
    qtbot.keyClick(view.notes, Qt.Key.Key_Escape)
    ws = window.ctx.workspace
    assert ws.pending_notes(cand.id, ws.me().id)[view.guide[5].id] == "Strong STAR answer"
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert _my_scores(window, cand.id)[view.guide[5].id].note == "Strong STAR answer"
    assert ws.pending_notes(cand.id, ws.me().id) == {}


def test_ctrl_z_undoes_the_last_rating(window, qtbot):
    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 0)
    before = _my_scores(window, cand.id)[view.guide[0].id].rating
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert _my_scores(window, cand.id)[view.guide[0].id].rating == 1
    window.undo_action.trigger()
    assert _my_scores(window, cand.id)[view.guide[0].id].rating == before


def test_undo_of_a_first_rating_leaves_the_question_unrated(window, qtbot):
    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 6)
    qtbot.keyClick(view, Qt.Key.Key_2)
    window.undo_action.trigger()
    assert view.guide[6].id not in _my_scores(window, cand.id)


def test_evidence_note_is_required_for_extreme_ratings(window, qtbot):
    rnd, cand = _in_progress(window)
    assert rnd.require_evidence
    view = _open_interview(window, cand.id, 6)
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert "Evidence note required" in view.evidence_label.text()
    missing = " ".join(view.missing())
    assert "evidence note to question 7" in missing


def test_a_full_interview_by_keyboard_takes_at_most_30_keystrokes(tmp_path, settings_path, library, qtbot,
                                                                  yes_to_dialogs, app_context):
    """Acceptance: a 12-question interview scored, recommended and submitted with keys only."""
    from interview_kit import plans

    path = tmp_path / "w.ikdb"
    role = library.roles["service-desk-analyst"]
    with Workspace.open(path) as ws:
        rnd = ws.create_round("Service desk — nights", role.id, plans.named_skills(library, role.skills),
                              per_skill=2, role_name=role.name)
        ws.set_guide(rnd.id, plans.to_guide(plans.draw(library, role.skills, 2, 1, role=role.id).questions, rnd.id))
        ws.lock_round(rnd.id)
        cand = ws.add_candidate(rnd.id, "Nadia Haddad")
        ws.set_me("Sam Patel")
    ctx = app_context(path, settings_path)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    with qtbot.waitActive(w):
        w.show()
    view = _open_interview(w, cand.id)
    assert len(view.guide) == 12
    keys = []
    for i in range(12):
        keys.append(Qt.Key.Key_N if i == 7 else Qt.Key.Key_1 + (i % 4) + 1 - 1)
        keys.append(Qt.Key.Key_Right)
    keys += [Qt.Key.Key_3]  # "Yes" on the recommendation page
    for k in keys:
        qtbot.keyClick(view, k)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    presses = len(keys) + 1 + len(yes_to_dialogs)  # the confirmation is one Enter
    assert presses <= 30
    ws = ctx.workspace
    assert ws.is_submitted(cand.id, ws.me().id)
    assert ws.verdict(cand.id, ws.me().id).recommendation == "yes"
    assert len(ws.scores(candidate_id=cand.id)) == 12
    w.close()
    ctx.close()


def test_submit_lists_what_is_missing_and_does_not_submit(window, qtbot, monkeypatch):
    rnd, cand = _in_progress(window)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    view = _open_interview(window, cand.id, 0)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert shown and "rate (or mark N/A) question" in shown[0] and "recommendation" in shown[0]
    assert not window.ctx.workspace.is_submitted(cand.id, window.ctx.workspace.me().id)


def test_submitted_scorecard_is_read_only_until_amended_and_amendments_are_audited(window, qtbot, monkeypatch,
                                                                                   yes_to_dialogs):
    ws = window.ctx.workspace
    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 0)
    for i in range(len(view.guide)):
        view.go(i)
        qtbot.keyClick(view, Qt.Key.Key_3)
    view.go(len(view.guide))
    qtbot.keyClick(view, Qt.Key.Key_4)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    me = ws.me()
    assert ws.is_submitted(cand.id, me.id)
    view.go(0)
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert _my_scores(window, cand.id)[view.guide[0].id].rating == 3  # read-only
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Misheard the example", True))
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not ws.is_submitted(cand.id, me.id)
    qtbot.keyClick(view, Qt.Key.Key_5)
    assert _my_scores(window, cand.id)[view.guide[0].id].rating == 5
    changes = [e for e in ws.audit_events(f"scorecard:{cand.id}") if e.action == "score.change"]
    assert changes[-1].detail["old"]["rating"] == 3 and changes[-1].detail["new"]["rating"] == 5
    amend = [e for e in ws.audit_events(f"scorecard:{cand.id}") if e.action == "scorecard.amend"]
    assert amend[-1].detail["reason"] == "Misheard the example"


def test_interview_shows_only_my_own_scores(window, qtbot):
    """Independence: another panelist's ratings for this candidate never reach the interview screen."""
    ws = window.ctx.workspace
    rnd, cand = _in_progress(window)
    other = ws.ensure_panelist("Tom Becker")
    ws.join_panel(rnd.id, other.id)
    guide = ws.guide(rnd.id)
    ws.set_score(cand.id, other.id, guide[6].id, 1, "OTHER PANELIST NOTE")
    ws.set_verdict(cand.id, other.id, "strong_no", "OTHER PANELIST SUMMARY")
    view = _open_interview(window, cand.id, 6)
    texts = [view.notes.toPlainText(), view.outline.item(6).text(), view.evidence_label.text()]
    assert not any("OTHER PANELIST" in t for t in texts)
    assert not any(lv.styleSheet().count("2px") for lv in view.levels.values())  # nothing selected
    view.go(len(view.guide))
    assert "OTHER PANELIST" not in view.summary.toPlainText()
    assert not any(b.isChecked() for b in view.verdict_buttons.values())


def test_reopening_the_app_returns_to_the_same_candidate_and_question(demo_path, settings_path, qtbot,
                                                                     app_context):
    ctx = app_context(demo_path, settings_path)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    rnd, cand = _in_progress(w)
    view = _open_interview(w, cand.id, 6)
    qtbot.keyClick(view, Qt.Key.Key_2)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.notes, "typed just before closing")
    w.close()  # the pending autosave is flushed on close
    ctx.close()

    ctx2 = app_context(demo_path, settings_path)
    w2 = MainWindow(ctx2)
    qtbot.addWidget(w2)
    w2.show()
    w2.resume()
    assert w2.stack.currentWidget() is w2.interview
    assert w2.interview.candidate_id == cand.id and w2.interview.index == 6
    assert w2.interview.notes.toPlainText() == "typed just before closing"
    s = _my_scores(w2, cand.id)[w2.interview.guide[6].id]
    assert (s.rating, s.note) == (2, "typed just before closing")
    w2.close()
    ctx2.close()


# ------------------------------------------------------------------------------------------------ builder


def test_builder_creates_draws_swaps_and_locks_a_round(window, qtbot, monkeypatch, yes_to_dialogs):
    window.new_round()
    b = window.builder
    b.role_combo.setCurrentIndex(b.role_combo.findData("go-live-support-trainer"))
    b.title_edit.setText("Go-live trainers — wave 2")
    b.seed.setValue(77)
    qtbot.keyClick(b, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    ws = window.ctx.workspace
    rnd = ws.find_round("Go-live trainers — wave 2")
    guide = ws.guide(rnd.id)
    role = window.ctx.library.roles["go-live-support-trainer"]
    assert len(guide) == role.questions_per_skill * len(role.skills)
    b.guide_list.setCurrentRow(0)
    from interview_kit.ui.dialogs import SwapDialog

    def pick_second(dialog):
        dialog.list.setCurrentRow(1)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SwapDialog, "exec", pick_second)
    b.swap()
    swapped = ws.guide(rnd.id)
    assert swapped[0].id != guide[0].id and swapped[0].skill == guide[0].skill
    window.undo_action.trigger()
    assert ws.guide(rnd.id)[0].id == guide[0].id
    window.redo_action.trigger()
    b.guide_list.setCurrentRow(0)
    qtbot.keyClick(b, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert ws.guide(rnd.id)[1].id == swapped[0].id
    qtbot.keyClick(b, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert ws.round(rnd.id).locked


def test_builder_refuses_a_custom_question_about_age(window, monkeypatch, yes_to_dialogs):
    window.new_round()
    b = window.builder
    b.draw()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    from interview_kit.model import Anchor, Question

    q = Question("custom-x", b.chosen_skills()[0].skill, "behavioral", "How old are you, and how do you handle change?",
                 ("What happened?", "What did you do?"),
                 (Anchor(1, "Gives no example at all."), Anchor(3, "Gives one example with own actions."),
                  Anchor(5, "Gives an example, own actions and a measured result.")))
    findings = banks.lint_question(q)
    assert any(f.rule == "protected-characteristic" for f in findings)

    class FakeDialog:
        calls = 0

        def __init__(self, *a):
            pass

        def exec(self):
            FakeDialog.calls += 1
            return builder_mod.QDialog.DialogCode.Accepted if FakeDialog.calls == 1 else 0

        def question(self):
            return q

    monkeypatch.setattr(builder_mod, "CustomQuestionDialog", FakeDialog)
    before = [g.id for g in b._guide()]
    b.add_custom()
    assert warnings and "age" in warnings[0]
    assert [g.id for g in b._guide()] == before


def test_duplicating_a_locked_round_makes_an_editable_draft(window, qtbot):
    ws = window.ctx.workspace
    rnd = ws.find_round(demo.DEMO_TITLE)
    window.select_round(rnd.id)
    window.round_pane._round_button_clicked()
    copy = ws.find_round(f"{demo.DEMO_TITLE} (copy)")
    assert not copy.locked
    assert [q.id for q in ws.guide(copy.id)] == [q.id for q in ws.guide(rnd.id)]
    assert window.stack.currentWidget() is window.builder


def test_adding_two_candidates_from_the_rounds_view(window, monkeypatch):
    ws = window.ctx.workspace
    rnd = ws.find_round(demo.IN_PROGRESS_TITLE)
    window.select_round(rnd.id)
    names = iter(["Léa Dubois", "محمد علي"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(names), True))
    window.round_pane.add_candidate()
    window.round_pane.add_candidate()
    assert [c.name for c in ws.candidates(rnd.id)][-2:] == ["Léa Dubois", "محمد علي"]
    model = window.round_pane.candidates_model
    assert model.rowCount() == len(ws.candidates(rnd.id))


def test_withdrawing_a_candidate_is_audited(window, yes_to_dialogs):
    ws = window.ctx.workspace
    rnd, cand = _in_progress(window)
    window.select_round(rnd.id)
    window.round_pane.candidates.selectRow(0)
    window.round_pane.toggle_withdrawn()
    assert ws.candidate(cand.id).withdrawn
    assert any(e.action == "candidate.withdraw" for e in ws.audit_events(f"candidate:{cand.id}"))


def test_a_failed_save_says_so_and_does_not_claim_saved(window, qtbot, monkeypatch):
    import sqlite3
    import sys

    import threading

    from interview_kit.ui import errors

    rnd, cand = _in_progress(window)
    view = _open_interview(window, cand.id, 6)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install(window)
    ws = window.ctx.workspace

    def full(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ws, "set_score", full)
    view.saved_label.setText("")
    window.ctx.undo_stack.clear()
    try:
        view.rate(3)
    except sqlite3.OperationalError as e:
        sys.excepthook(type(e), e, e.__traceback__)
    assert shown and "Your last change was not saved" in shown[0]
    assert "Saved" not in view.saved_label.text()
    assert window.ctx.undo_stack.count() == 0
    assert view.guide[6].id not in _my_scores(window, cand.id)
