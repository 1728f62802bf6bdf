"""Panel results: aggregation with N/A and missing panelists, weighting, every flag, and the JSON report."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_kit import independence, scoring
from interview_kit.model import Candidate, GuideQuestion, Panelist, RoleSkill, Score, Verdict

GUIDE = [
    GuideQuestion("ad-1", "r", 0, "adaptability", "behavioral", "Tell me about a time the go-live moved."),
    GuideQuestion("ad-2", "r", 1, "adaptability", "situational", "Imagine the vendor slips a week."),
    GuideQuestion("cc-1", "r", 2, "clinical-culture", "behavioral", "Tell me about a privacy request."),
    GuideQuestion("cc-2", "r", 3, "clinical-culture", "situational", "Imagine a surgeon wants a shortcut."),
]
SKILLS = [RoleSkill("adaptability", 1.0, "Adaptability"), RoleSkill("clinical-culture", 3.0, "Clinical culture")]
ANA = Panelist("p-ana", "Ana Souza")
BEN = Panelist("p-ben", "Ben Okoro")
CY = Panelist("p-cy", "Cy Lam")
PANEL = [ANA, BEN, CY]
AMARA = Candidate("c-amara", "r", "Amara Okafor", position=0)
WEI = Candidate("c-wei", "r", "Wei Chen", position=1)


def s(cand, panelist, q, rating, note=""):
    return Score(cand.id, panelist.id, q, rating, note, "2026-11-25T10:00:00.000000+00:00")


def test_question_mean_and_spread_leave_na_out():
    scores = [s(AMARA, ANA, "ad-1", 4), s(AMARA, BEN, "ad-1", None), s(AMARA, CY, "ad-1", 2)]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores)
    q = res.questions[0]
    assert (q.stat.mean, q.stat.spread, q.stat.n) == (3.0, 2, 2)
    assert q.ratings == {ANA.id: 4, BEN.id: None, CY.id: 2}
    assert res.na_count == 1


def test_skill_mean_is_the_mean_of_each_panelists_own_mean():
    # Ana rates both adaptability questions (5, 3 -> 4.0); Ben rates one (2 -> 2.0). Panel: (4 + 2) / 2 = 3.0,
    # not the mean of the three ratings (10 / 3).
    scores = [s(AMARA, ANA, "ad-1", 5), s(AMARA, ANA, "ad-2", 3), s(AMARA, BEN, "ad-1", 2)]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores)
    adapt = res.skills[0]
    assert adapt.by_panelist == {ANA.id: 4.0, BEN.id: 2.0, CY.id: None}
    assert adapt.stat.mean == 3.0 and adapt.stat.n == 2


def test_overall_is_weighted_over_skills_with_data():
    scores = [s(AMARA, ANA, "ad-1", 2), s(AMARA, ANA, "cc-1", 4)]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores)
    assert res.overall.mean == pytest.approx((2 * 1 + 4 * 3) / 4)


def test_a_skill_without_ratings_drops_out_of_the_overall_and_is_flagged():
    scores = [s(AMARA, ANA, "ad-1", 3), s(AMARA, BEN, "ad-2", 5)]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores)
    assert res.skills[1].stat.mean is None
    assert res.overall.mean == pytest.approx(4.0)
    assert any(f.kind == "no-ratings" and f.subject == "clinical-culture" for f in res.flags)


def test_no_ratings_at_all_gives_no_means_rather_than_zero():
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, [])
    assert res.overall.mean is None and res.overall.n == 0
    assert all(q.stat.mean is None for q in res.questions)


def test_a_missing_panelist_is_named_and_left_out():
    scores = [s(AMARA, ANA, q.id, 4) for q in GUIDE] + [s(AMARA, BEN, q.id, 3) for q in GUIDE]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores)
    assert res.missing_panelists == (CY.id,)
    assert res.overall.n == 2 and res.overall.mean == pytest.approx(3.5)


def test_two_points_apart_on_a_question_is_flagged_one_point_is_not():
    scores = [s(AMARA, ANA, "ad-1", 5), s(AMARA, BEN, "ad-1", 3), s(AMARA, ANA, "ad-2", 4), s(AMARA, BEN, "ad-2", 3)]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores)
    flagged = {f.subject for f in res.flags if f.kind == "disagreement" and f.scope == "question"}
    assert flagged == {"ad-1"}


def test_two_points_apart_on_a_skill_is_flagged():
    scores = [s(AMARA, ANA, "cc-1", 5), s(AMARA, ANA, "cc-2", 5), s(AMARA, BEN, "cc-1", 3), s(AMARA, BEN, "cc-2", 3)]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores)
    assert any(f.kind == "disagreement" and f.scope == "skill" and f.subject == "clinical-culture" for f in res.flags)


def test_strong_yes_with_a_low_own_mean_is_a_contradiction():
    scores = [s(AMARA, ANA, q.id, 2) for q in GUIDE]
    verdicts = [Verdict(AMARA.id, ANA.id, "strong_yes", "great", "2026-11-25T11:00:00+00:00")]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores, verdicts)
    assert [f.subject for f in res.flags if f.kind == "verdict-contradiction"] == [ANA.id]


def test_no_with_a_high_own_mean_is_a_contradiction_and_a_consistent_verdict_is_not():
    scores = [s(AMARA, ANA, q.id, 5) for q in GUIDE] + [s(AMARA, BEN, q.id, 2) for q in GUIDE]
    verdicts = [Verdict(AMARA.id, ANA.id, "no"), Verdict(AMARA.id, BEN.id, "no")]
    res = scoring.candidate_result(AMARA, GUIDE, SKILLS, PANEL, scores, verdicts)
    assert [f.subject for f in res.flags if f.kind == "verdict-contradiction"] == [ANA.id]


def test_comparison_sorts_by_overall_and_marks_overlapping_ranges():
    scores = ([s(AMARA, p, q.id, r) for p, r in ((ANA, 5), (BEN, 4)) for q in GUIDE]
              + [s(WEI, p, q.id, r) for p, r in ((ANA, 4), (BEN, 3)) for q in GUIDE])
    results = [scoring.candidate_result(c, GUIDE, SKILLS, PANEL, scores) for c in (WEI, AMARA)]
    ranked = scoring.compare(results)
    assert [r.result.candidate.name for r in ranked] == ["Amara Okafor", "Wei Chen"]
    assert [r.rank for r in ranked] == [1, 2]
    assert (ranked[0].overlaps, ranked[0].clearly_above, ranked[0].clearly_below) == (1, 0, 0)


def _result_with_range(i: int, low: float, high: float) -> scoring.CandidateResult:
    cand = Candidate(f"c{i}", "r", f"Candidate {i}", position=i)
    return scoring.CandidateResult(cand, [], [], scoring.Stat((low + high) / 2, high - low, 2, low, high), {}, {})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(2, 10), st.integers(0, 6)), min_size=0, max_size=30))
def test_comparison_counts_equal_the_pairwise_definition(ranges):
    # low/high on a half-point grid from 1 to 5, so equal ends (touching ranges) are common.
    results = [_result_with_range(i, lo / 2, min(5.0, lo / 2 + width / 2)) for i, (lo, width) in enumerate(ranges)]
    for r in scoring.compare(results):
        me = r.result.overall
        others = [o.overall for o in results if o is not r.result]
        above = sum(1 for o in others if me.low > o.high)
        below = sum(1 for o in others if o.low > me.high)
        assert (r.clearly_above, r.clearly_below, r.overlaps) == (above, below, len(others) - above - below)


def test_round_results_equal_one_candidate_at_a_time():
    scores = ([s(AMARA, p, q.id, r) for p, r in ((ANA, 5), (BEN, 4)) for q in GUIDE]
              + [s(WEI, p, q.id, r) for p, r in ((ANA, 4), (CY, 2)) for q in GUIDE])
    verdicts = [Verdict(AMARA.id, ANA.id, "no"), Verdict(WEI.id, CY.id, "strong_yes")]
    together = scoring.round_results([AMARA, WEI], GUIDE, SKILLS, PANEL, scores, verdicts)
    alone = [scoring.candidate_result(c, GUIDE, SKILLS, PANEL, scores, verdicts) for c in (AMARA, WEI)]
    assert together == alone


def test_round_agreement_reads_good_for_a_consistent_panel():
    scores = []
    for cand, base in ((AMARA, 4), (WEI, 2)):
        for i, q in enumerate(GUIDE):
            for p in PANEL:
                scores.append(s(cand, p, q.id, min(5, base + (i % 2))))
    ag = scoring.round_agreement(PANEL, scores)
    assert ag.reading == "good" and ag.icc["ICC2"] > 0.75 and ag.alpha > 0.75
    assert ag.icc_targets == 8


def test_round_agreement_says_when_there_is_not_enough_data():
    ag = scoring.round_agreement(PANEL, [s(AMARA, ANA, "ad-1", 3)])
    assert ag.reading == "not enough data" and ag.icc is None and ag.alpha is None and ag.note


def test_calibration_finds_the_lenient_and_the_severe_rater():
    scores = []
    for cand in (AMARA, WEI):
        for q in GUIDE:
            scores += [s(cand, ANA, q.id, 3), s(cand, BEN, q.id, 4), s(cand, CY, q.id, 2)]
    offsets = scoring.round_agreement(PANEL, scores).offsets
    assert offsets[BEN.id]["offset"] > 0 > offsets[CY.id]["offset"]
    assert offsets[ANA.id]["offset"] == pytest.approx(0) and offsets[BEN.id]["n"] == 8


def test_a_panelist_who_has_not_submitted_sees_only_their_own_rows():
    scores = [s(AMARA, ANA, "ad-1", 4), s(AMARA, BEN, "ad-1", 1), s(WEI, BEN, "ad-1", 2), s(WEI, ANA, "ad-1", 5)]
    verdicts = [Verdict(WEI.id, ANA.id, "yes", "", "2026-11-25T11:00:00+00:00"), Verdict(AMARA.id, BEN.id, "no")]
    seen, seen_v = independence.visible_scores(scores, verdicts, ANA.id, [p.id for p in PANEL])
    assert {(x.candidate_id, x.panelist_id) for x in seen} == {(AMARA.id, ANA.id), (WEI.id, BEN.id), (WEI.id, ANA.id)}
    assert all(v.candidate_id == WEI.id for v in seen_v)


def test_a_lead_who_is_not_on_the_panel_sees_everything():
    scores = [s(AMARA, ANA, "ad-1", 4), s(AMARA, BEN, "ad-1", 1)]
    seen, _ = independence.visible_scores(scores, [], "p-lead", [p.id for p in PANEL])
    assert len(seen) == 2


# ------------------------------------------------------------------------------------------- the report


def test_demo_report_json_validates_against_its_schema_and_flags_the_disagreement(tmp_path, capsys):
    import jsonschema

    from interview_kit import demo
    from interview_kit.cli import main
    from interview_kit.reports import data
    from interview_kit.store import Workspace

    db = tmp_path / "demo.ikdb"
    assert main(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "report", demo.DEMO_TITLE, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    from importlib import resources

    schema = json.loads((resources.files("interview_kit") / "schemas" / "report.schema.json").read_text("utf-8"))
    jsonschema.validate(doc, schema)
    marcus = next(c for c in doc["candidates"] if c["name"] == "Marcus O'Neill")
    assert any(f["kind"] == "disagreement" for f in marcus["flags"])
    with Workspace.open(db) as ws:
        d = data.gather(ws, ws.find_round(demo.DEMO_TITLE).id, viewer=independence.LEAD)
        res = d.result(marcus["id"])
        assert marcus["overall"] == pytest.approx(res.overall.mean, abs=1e-3)


def test_report_for_one_candidate_by_name(tmp_path, capsys):
    from interview_kit.cli import main

    db = tmp_path / "demo.ikdb"
    main(["--db", str(db), "demo"])
    capsys.readouterr()
    assert main(["--db", str(db), "report", "Priya Natarajan", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in doc["candidates"]] == ["Priya Natarajan"]


def test_report_for_an_ambiguous_candidate_name_lists_the_rounds(tmp_path, capsys):
    from interview_kit import demo
    from interview_kit.cli import main
    from interview_kit.store import Workspace

    db = tmp_path / "demo.ikdb"
    main(["--db", str(db), "demo"])
    with Workspace.open(db) as ws:
        ws.add_candidate(ws.find_round(demo.IN_PROGRESS_TITLE).id, "Priya Natarajan")
    capsys.readouterr()
    assert main(["--db", str(db), "report", "Priya Natarajan", "--json"]) == 1
    err = capsys.readouterr().err
    assert demo.DEMO_TITLE in err and demo.IN_PROGRESS_TITLE in err


def test_report_csv_is_sorted_and_byte_identical_for_equal_workspaces(tmp_path, capsys):
    import csv
    import shutil

    from interview_kit import demo
    from interview_kit.cli import main

    db = tmp_path / "demo.ikdb"
    main(["--db", str(db), "demo"])
    copy = tmp_path / "copy.ikdb"
    shutil.copy(db, copy)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["--db", str(db), "report", demo.DEMO_TITLE, "--csv", str(a)]) == 0
    assert main(["--db", str(copy), "report", demo.DEMO_TITLE, "--csv", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    rows = list(csv.DictReader(a.open(encoding="utf-8")))
    assert len(rows) == 3 * 3 * 10
    assert rows[0]["candidate"] == "Jordan Ellis" and rows[-1]["candidate"] == "Marcus O'Neill"
