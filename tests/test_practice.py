"""Practice rating, headless: the seeded set, the calibration figures, the sessions kept per person in the
workspace, and `interview-kit practice ROUND --panelist NAME`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_kit import practice, store
from interview_kit.banks import load_library
from interview_kit.cli import main
from interview_kit.model import PracticeRating, Question

PRACTICE_BANKS = Path(__file__).parent / "data" / "practice_banks"


@pytest.fixture(scope="module")
def practice_library():
    return load_library(extra_dirs=[PRACTICE_BANKS], include_user=False)


@pytest.fixture
def questions(practice_library):
    return (practice_library.skill_questions("teamwork")[:2]
            + practice_library.skill_questions("strategic-thinking")[:2])


def rating(reference, given, qid="teamwork-01", sample=1):
    return PracticeRating(qid, sample, reference, given)


# ---------------------------------------------------------------------------------------------- the set


def test_the_same_seed_gives_the_same_set_in_the_same_order(questions):
    one = practice.practice_set(questions, seed=4217, size=None)
    two = practice.practice_set(list(reversed(questions)), seed=4217, size=None)
    assert [(i.question.id, i.number) for i in one] == [(i.question.id, i.number) for i in two]


def test_a_known_seed_gives_a_known_order_on_any_python(questions):
    items = practice.practice_set(questions, seed=2026, size=5)
    assert [(i.question.id, i.number) for i in items] == PINNED_2026


#: Worked out by hand from SHA-256("2026\0<question id>\0<number>"), smallest first.
PINNED_2026 = [("teamwork-02", 3), ("strategic-thinking-02", 3), ("strategic-thinking-02", 1),
               ("strategic-thinking-01", 3), ("teamwork-02", 1)]


def test_another_seed_gives_another_order(questions):
    assert ([i.sample for i in practice.practice_set(questions, 1, None)]
            != [i.sample for i in practice.practice_set(questions, 2, None)])


def test_the_set_holds_every_sample_once_when_no_size_is_given(questions):
    items = practice.practice_set(questions, seed=7, size=None)
    assert len(items) == 12 and len({(i.question.id, i.number) for i in items}) == 12


def test_questions_without_samples_give_no_items():
    bare = Question(id="x-01", skill="x", kind="behavioral", text="Tell me about a downtime.")
    assert practice.practice_set([bare], seed=1) == [] and practice.without_samples([bare]) == [bare]


def test_a_round_guide_maps_to_the_bank_questions_behind_it(practice_library):
    from interview_kit.model import GuideQuestion

    guide = [GuideQuestion(id="teamwork-02", round_id="r", position=0, skill="teamwork", kind="behavioral",
                           text="frozen copy"),
             GuideQuestion(id="gone-01", round_id="r", position=1, skill="x", kind="behavioral", text="gone")]
    found = practice.guide_questions(guide, practice_library.question)
    assert [q.id for q in found] == ["teamwork-02"] and found[0].samples


# ---------------------------------------------------------------------------------------- calibration


def test_calibration_against_a_hand_count():
    # ratings 3,4,2,5,3 against references 3,3,2,4,1: diffs 0,+1,0,+1,+2
    ratings = [rating(3, 3), rating(3, 4), rating(2, 2), rating(4, 5), rating(1, 3)]
    c = practice.calibrate(ratings)
    assert (c.n, c.exact_count) == (5, 2)
    assert c.exact == pytest.approx(0.4) and c.mad == pytest.approx(0.8) and c.bias == pytest.approx(0.8)
    assert c.direction == "lenient"


def test_rating_lower_than_the_reference_is_severe():
    assert practice.calibrate([rating(4, 2), rating(3, 3), rating(5, 4)]).direction == "severe"


def test_a_small_mean_difference_is_balanced():
    ratings = [rating(3, 3)] * 7 + [rating(3, 4)]  # +1 once in eight: +0.125
    assert practice.calibrate(ratings).direction == "balanced"


def test_no_ratings_give_zeroes_not_an_error():
    c = practice.calibrate([])
    assert (c.n, c.exact, c.mad, c.direction) == (0, 0.0, 0.0, "balanced")


def test_the_sentence_says_the_figures_in_words():
    text = practice.calibrate([rating(3, 3), rating(3, 5)]).sentence()
    assert "1 of 2 exactly" in text and "50%" in text and "lenient" in text


# ------------------------------------------------------------------------------------------- the store


def test_the_migration_adds_practice_sessions(ws):
    assert ws.schema_version == store.SCHEMA_VERSION
    assert "practice_sessions" in ws.db.table_names()


def test_sessions_are_kept_per_person_with_their_date_and_ratings(ws):
    rnd = ws.create_round("Night analyst — Zoë's panel", "integration-engineer", [])
    zoe, amir = ws.ensure_panelist("Zoë Müller"), ws.ensure_panelist("أمير حداد")
    ws.add_practice_session(zoe.id, 99, [rating(3, 4), rating(2, 2)], round_id=rnd.id,
                            finished_at="2026-11-29T20:00:00+00:00")
    ws.add_practice_session(amir.id, 99, [rating(3, 1)], round_id=rnd.id)
    (mine,) = ws.practice_sessions(zoe.id, round_id=rnd.id)
    assert mine.finished_at == "2026-11-29T20:00:00+00:00" and mine.seed == 99
    assert mine.ratings == (rating(3, 4), rating(2, 2))
    assert [s.panelist_id for s in ws.practice_sessions(amir.id)] == [amir.id]


def test_skills_practice_is_kept_without_a_round(ws):
    p = ws.ensure_panelist("Ngaire")
    ws.add_practice_session(p.id, 5, [rating(3, 3)], skills=["teamwork", "feedback"])
    (s,) = ws.practice_sessions(p.id)
    assert s.round_id is None and s.skills == ("teamwork", "feedback")


# --------------------------------------------------------------------------------------------- the CLI


@pytest.fixture
def practised(tmp_path):
    db = tmp_path / "w.ikdb"
    with store.Workspace.open(db) as ws:
        rnd = ws.create_round("Go-live <b>&</b> support", "go-live-support-trainer", [])
        p = ws.ensure_panelist("Zoë Müller")
        ws.add_practice_session(p.id, 11, [rating(3, 3), rating(2, 4), rating(5, 4)], round_id=rnd.id,
                                finished_at="2026-11-20T09:00:00+00:00")
        ws.add_practice_session(p.id, 11, [rating(3, 3), rating(2, 2), rating(5, 5)], round_id=rnd.id,
                                finished_at="2026-11-28T09:00:00+00:00")
    return db


def test_practice_json_lists_each_session_with_date_n_exact_mad_and_direction(practised, capsys):
    assert main(["--db", str(practised), "practice", "Go-live <b>&</b> support", "--panelist", "zoë müller",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    first, second = out["sessions"]
    assert first["date"] == "2026-11-20T09:00:00+00:00" and first["n"] == 3
    assert first["exact"] == pytest.approx(1 / 3, abs=1e-3) and first["mad"] == pytest.approx(1.0)
    assert first["bias"] == pytest.approx(1 / 3, abs=1e-3) and first["direction"] == "lenient"
    assert (second["exact"], second["mad"], second["direction"]) == (1.0, 0.0, "balanced")
    assert out["overall"]["n"] == 6 and out["panelist"]["name"] == "Zoë Müller"


def test_practice_prints_a_table(practised, capsys):
    assert main(["--db", str(practised), "practice", "Go-live <b>&</b> support", "--panelist", "Zoë Müller"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-20 09:00" in out and "33%" in out and "lenient" in out and "all sessions: 6 answers" in out


def test_practice_for_an_unknown_person_is_one_line_and_exit_1(practised, capsys):
    assert main(["--db", str(practised), "practice", "Go-live <b>&</b> support", "--panelist", "Nobody"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Nobody" in err


def test_banks_show_lists_the_levels_of_each_questions_sample_answers(capsys):
    assert main(["--banks", str(PRACTICE_BANKS), "banks", "show", "teamwork"]) == 0
    assert "sample answers at levels 2, 3, 5" in capsys.readouterr().out
