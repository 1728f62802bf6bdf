"""Practice rating in the app: a session run from the keyboard, its figures against a hand count, what is kept,
and the plain message when the chosen questions have no sample answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from interview_kit import plans
from interview_kit.banks import load_library
from interview_kit.cli import main
from interview_kit.model import RoleSkill
from interview_kit.store import Workspace
from interview_kit.ui.practice import NO_SAMPLES, PracticeWindow

from bank_files import question_toml, skill_toml, write

PRACTICE_BANKS = Path(__file__).parent / "data" / "practice_banks"
GUIDE = ["teamwork-01", "teamwork-02", "strategic-thinking-01", "strategic-thinking-02"]
TITLE = "Integration engineer — Zoë's <b>night</b> panel"


@pytest.fixture(scope="module")
def practice_library():
    return load_library(extra_dirs=[PRACTICE_BANKS], include_user=False)


@pytest.fixture
def round_path(tmp_path, practice_library):
    path = tmp_path / "practice.ikdb"
    with Workspace.open(path) as ws:
        rnd = ws.create_round(TITLE, "integration-engineer",
                              [RoleSkill("teamwork", 1.0, "Teamwork"), RoleSkill("strategic-thinking", 1.0, "Strategy")])
        ws.set_guide(rnd.id, plans.to_guide([practice_library.question(q) for q in GUIDE], rnd.id))
        ws.lock_round(rnd.id)
    return path


@pytest.fixture
def window(round_path, app_context, practice_library, qtbot):
    ctx = app_context(round_path)
    ctx._library = practice_library
    w = PracticeWindow(ctx)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.ratings.clear()  # closing mid-session asks first (a test that means to stop mid-session answers it)
    w.close()
    w.deleteLater()


def test_a_keyboard_session_gives_the_figures_of_a_hand_count(window, qtbot):
    setup = window.setup
    setup.name_edit.setText("Zoë Müller")
    setup.seed_spin.setValue(2026)
    setup.size_spin.setValue(5)
    qtbot.keyClick(setup, Qt.Key.Key_Return)  # the default button: Start practising
    assert window.stack.currentWidget() is window.rate_page

    # Seed 2026 puts these answers first (tests/test_practice.py pins the order); their reference levels,
    # read from the fixture bank, are 4, 5, 2, 5, 2.
    assert [(i.question.id, i.number) for i in window.items] == [
        ("teamwork-02", 3), ("strategic-thinking-02", 3), ("strategic-thinking-02", 1),
        ("strategic-thinking-01", 3), ("teamwork-02", 1)]
    for key in (Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_2, Qt.Key.Key_5, Qt.Key.Key_1):
        assert "Rate the answer" in window.rate_page.reveal.text()
        qtbot.keyClick(window.rate_page, key)
        assert "Reference level" in window.rate_page.reveal.text()
        qtbot.keyClick(window.rate_page, Qt.Key.Key_Return)

    # Hand count: ratings 3,4,2,5,1 against 4,5,2,5,2 differ by -1,-1,0,0,-1:
    # 2 of 5 exact (40%), mean absolute difference 3/5 = 0.60, mean signed -0.60: severe.
    assert window.stack.currentWidget() is window.result
    assert window.result.exact.text() == "2 of 5 (40%)"
    assert window.result.mad.text() == "0.60 levels"
    assert window.result.direction.text() == "severe (-0.60)"
    assert window.result.table.rowCount() == 5 and "2026" in window.result.saved.text()

    ws = window.ctx.workspace
    (session,) = ws.practice_sessions(ws.panelist_by_name("Zoë Müller").id)
    assert session.seed == 2026 and [r.rating for r in session.ratings] == [3, 4, 2, 5, 1]
    assert [r.reference for r in session.ratings] == [4, 5, 2, 5, 2]


def test_the_saved_session_is_what_the_cli_reports(window, qtbot, round_path, capsys):
    window.setup.name_edit.setText("Amir Haddad")
    window.setup.seed_spin.setValue(2026)
    window.setup.size_spin.setValue(2)
    window.start()
    for key in (Qt.Key.Key_4, Qt.Key.Key_5):
        qtbot.keyClick(window.rate_page, key)
        qtbot.keyClick(window.rate_page, Qt.Key.Key_Right)
    window.ctx.workspace.close()  # the app holds the workspace; the command line opens it after
    assert main(["--db", str(round_path), "practice", TITLE, "--panelist", "Amir Haddad", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["sessions"]
    assert (row["n"], row["exact"], row["mad"], row["direction"]) == (2, 1.0, 0.0, "balanced")


def test_a_key_before_rating_does_not_skip_the_answer(window, qtbot):
    window.setup.name_edit.setText("Zoë Müller")
    window.start()
    qtbot.keyClick(window.rate_page, Qt.Key.Key_Return)
    assert window.index == 0 and window.ratings == []


def test_rating_twice_keeps_the_first_rating(window, qtbot):
    window.setup.name_edit.setText("Zoë Müller")
    window.start()
    qtbot.keyClick(window.rate_page, Qt.Key.Key_2)
    qtbot.keyClick(window.rate_page, Qt.Key.Key_5)
    assert [r.rating for r in window.ratings] == [2]


def test_the_same_seed_shows_the_same_answers_to_every_panelist(window):
    window.setup.name_edit.setText("Zoë Müller")
    window.setup.seed_spin.setValue(31337)
    window.start()
    first = [(i.question.id, i.number) for i in window.items]
    window.stack.setCurrentWidget(window.setup)
    window.setup.name_edit.setText("Amir Haddad")
    window.start()
    assert [(i.question.id, i.number) for i in window.items] == first


def test_chosen_skills_without_sample_answers_say_so_plainly(round_path, app_context, tmp_path, qtbot):
    folder = tmp_path / "banks"
    write(folder / "night-handover.toml", skill_toml("night-handover", question_toml("night-handover-01")))
    ctx = app_context(round_path)
    ctx._library = load_library(extra_dirs=[folder], include_user=False)
    w = PracticeWindow(ctx)
    qtbot.addWidget(w)
    w.setup.name_edit.setText("Zoë Müller")
    w.setup.set_skills({"night-handover"})
    assert w.setup.availability.text() == NO_SAMPLES
    assert not w.setup.start_button.isEnabled()


def test_a_round_with_some_questions_lacking_samples_says_how_many_are_left_out(window, practice_library):
    without = practice_library.question("teamwork-01").__class__(
        id="teamwork-99", skill="teamwork", kind="behavioral", text="Tell me about a downtime.")
    questions = window.setup.questions() + [without]
    window.setup.questions = lambda: questions
    window.setup.refresh()
    assert "1 question has no sample answers yet" in window.setup.availability.text()


def test_view_menu_opens_practice_rating(demo_window, qtbot):
    demo_window.practice_action.trigger()
    assert demo_window._practice.isVisible()
    assert demo_window._practice.windowTitle().startswith("Practice rating")


def test_escape_mid_session_asks_before_dropping_the_ratings(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window.setup.name_edit.setText("Zoë Müller")
    window.start()
    qtbot.keyClick(window.rate_page, Qt.Key.Key_3)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.keyClick(window.rate_page, Qt.Key.Key_Escape)
    assert window.isVisible() and window.stack.currentWidget() is window.rate_page
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(window.rate_page, Qt.Key.Key_Escape)
    assert not window.isVisible()
    assert window.ctx.workspace.practice_sessions(window.ctx.workspace.ensure_panelist("Zoë Müller").id) == []
