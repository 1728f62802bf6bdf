"""Results count what the panel submitted: drafts vs submitted, independence, the consensus decision's rules,
the words and numbers a panel reads (issue 13 §1, §2 core, §3, §5)."""

import csv
import json
from importlib import resources

import jsonschema
import pytest

from interview_kit import independence, scoring
from interview_kit.cli import main
from interview_kit.model import Candidate, GuideQuestion, Panelist, RoleSkill, Score, Verdict
from interview_kit.reports import data
from interview_kit.store import Workspace, WorkspaceError

SUBMITTED = "2026-11-25T11:00:00.000000+00:00"
GUIDE = [GuideQuestion(f"q{i}", "r", i, "teamwork" if i < 2 else "clinical-culture", "behavioral",
                       f"Tell me about handover {i} & <b>why</b>.") for i in range(4)]
SKILLS = (RoleSkill("teamwork", 1.0, "Teamwork"), RoleSkill("clinical-culture", 2.0, "Clinical culture"))
NAMES = ("Siobhán O'Brien", "Omar Haddad", "李明")


@pytest.fixture
def round_ws(tmp_path):
    """A locked round with three panelists and three candidates: Zoë is fully scored and submitted by all
    three; Björn by two; 'Ana <b>&</b> Lee' has only a draft (3 of 4 rated, high ratings)."""
    ws = Workspace.open(tmp_path / "lead.ikdb")
    rnd = ws.create_round("Service desk <nights> & weekends", "service-desk-analyst", list(SKILLS))
    ws.set_guide(rnd.id, [GuideQuestion(q.id, rnd.id, q.position, q.skill, q.kind, q.text) for q in GUIDE])
    ws.lock_round(rnd.id)
    panel = [ws.ensure_panelist(n) for n in NAMES]
    for p in panel:
        ws.join_panel(rnd.id, p.id)
    zoe, bjorn, ana = (ws.add_candidate(rnd.id, n) for n in ("Zoë Ångström", "Björn Ek", "Ana <b>&</b> Lee"))
    for i, p in enumerate(panel):
        for q in GUIDE:
            ws.set_score(zoe.id, p.id, q.id, 3 + (i == 1), f"{p.name}: specific, with numbers")
        ws.set_verdict(zoe.id, p.id, "yes", "Clear.")
        ws.submit(zoe.id, p.id)
    for p in panel[:2]:
        for q in GUIDE:
            ws.set_score(bjorn.id, p.id, q.id, 2, "general answers")
        ws.set_verdict(bjorn.id, p.id, "no", "Vague.")
        ws.submit(bjorn.id, p.id)
    for q in GUIDE[:3]:
        ws.set_score(ana.id, panel[2].id, q.id, 5, "DRAFT NOTE")
    yield ws, rnd, panel, (zoe, bjorn, ana)
    ws.close()


# ------------------------------------------------------------------------------ drafts vs submitted


def test_a_candidate_not_yet_scored_gets_no_per_skill_no_ratings_flags():
    res = scoring.candidate_result(Candidate("c", "r", "Zoë"), GUIDE, SKILLS, [Panelist("a", "Ana")], [])
    assert res.flags == []


def test_split_scorecards_keeps_submitted_rows_and_lists_drafts_with_their_progress():
    c, p1, p2 = "c-zoe", "p-siobhan", "p-omar"
    scores = [Score(c, p1, "q0", 4), Score(c, p2, "q0", 5), Score(c, p2, "q1", None)]
    verdicts = [Verdict(c, p1, "yes", "", SUBMITTED), Verdict(c, p2, "strong_yes")]
    cards = scoring.split_scorecards(scores, verdicts)
    assert [(s.panelist_id, s.rating) for s in cards.scores] == [(p1, 4)]
    assert [v.panelist_id for v in cards.verdicts] == [p1]
    assert [(x.panelist_id, x.rated) for x in cards.drafts] == [(p2, 2)]
    assert cards.drafts[0].label(12) == "draft · 2 of 12 rated"


def test_a_scorecard_reopened_for_amendment_is_a_draft_again(round_ws):
    ws, rnd, panel, (zoe, _, _) = round_ws
    ws.amend(zoe.id, panel[0].id, reason="typo in a note")
    res = data.gather(ws, rnd.id, viewer=independence.LEAD).result(zoe.id)
    assert res.scorecards_submitted == 2 and [x.panelist_id for x in res.drafts] == [panel[0].id]


def test_a_draft_never_enters_a_mean_and_its_candidate_is_not_yet_scored_and_last(round_ws):
    ws, rnd, _, (zoe, bjorn, ana) = round_ws
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    res = d.result(ana.id)
    assert not res.scored and res.overall.mean is None and res.scorecards_submitted == 0
    assert [x.rated for x in res.drafts] == [3]
    assert [r.candidate.name for r in d.ordered()] == [zoe.name, bjorn.name, ana.name]
    assert [r.result.candidate.id for r in scoring.compare(d.results)] == [zoe.id, bjorn.id]


def test_flags_and_agreement_ignore_drafts(round_ws):
    ws, rnd, panel, (zoe, _, _) = round_ws
    ws.amend(zoe.id, panel[2].id)
    for q in GUIDE:  # a draft 2+ points from everyone else: no flag, no effect on agreement
        ws.set_score(zoe.id, panel[2].id, q.id, 1, "reconsidering")
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    assert not d.result(zoe.id).flags
    assert panel[2].id not in {s.panelist_id for s in d.scores if s.candidate_id == zoe.id}


def test_report_json_counts_scorecards_and_puts_the_unscored_candidate_last_unranked(round_ws, capsys):
    ws, rnd, _, (zoe, bjorn, ana) = round_ws
    ws.close()
    assert main(["--db", str(ws.path), "report", rnd.id, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    schema = json.loads((resources.files("interview_kit") / "schemas" / "report.schema.json").read_text("utf-8"))
    jsonschema.validate(doc, schema)
    rows = [(c["name"], c["rank"], c["scorecards_submitted"], c["scorecards_draft"]) for c in doc["candidates"]]
    assert rows == [(zoe.name, 1, 3, 0), (bjorn.name, 2, 2, 0), (ana.name, None, 0, 1)]
    last = doc["candidates"][-1]
    assert last["overall"] is None and all(v is None for v in last["skills"].values())
    assert last["drafts"][0]["rated"] == 3 and last["drafts"][0]["questions"] == 4


def test_report_json_keeps_full_precision(round_ws, capsys):
    ws, rnd, _, (zoe, _, _) = round_ws
    ws.close()
    main(["--db", str(ws.path), "report", rnd.id, "--json"])
    zoe_doc = json.loads(capsys.readouterr().out)["candidates"][0]
    assert zoe_doc["overall"] == pytest.approx(10 / 3, abs=1e-12)


def test_report_csv_has_a_submitted_column_with_draft_rows_marked(round_ws, tmp_path):
    ws, rnd, panel, (_, _, ana) = round_ws
    ws.close()
    out = tmp_path / "r.csv"
    assert main(["--db", str(ws.path), "report", rnd.id, "--csv", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert "submitted" in rows[0]
    ana_li = [r for r in rows if r["candidate"] == ana.name and r["panelist"] == "李明"]
    assert {r["submitted"] for r in ana_li} == {"no"} and [r["rating"] for r in ana_li] == ["5", "5", "5", ""]
    assert {r["submitted"] for r in rows if r["candidate"] == "Zoë Ångström"} == {"yes"}


def test_scorecard_and_round_pdfs_say_not_yet_scored_and_show_the_draft_as_a_draft(round_ws):
    import io

    import pypdf

    from interview_kit.reports import pdf

    ws, rnd, _, (zoe, bjorn, ana) = round_ws
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    reader = pypdf.PdfReader(io.BytesIO(pdf.RoundSummary(d).to_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "not yet scored" in text
    table = text[text.index("Candidates by weighted overall"):]
    assert table.index(zoe.name) < table.index(bjorn.name) < table.rindex("Ana <b>&</b> Lee")
    assert "1 draft(s)" in text
    card = " ".join(" ".join(p.extract_text() for p in
                             pypdf.PdfReader(io.BytesIO(pdf.Scorecard(d, ana.id).to_bytes())).pages).split())
    assert "not yet scored" in card and "draft · 3 of 4 rated" in card and "DRAFT NOTE" not in card


# ---------------------------------------------------------------------------------------- independence


def test_a_copy_with_no_name_sees_nobody_elses_rows():
    scores = [Score("c", "p-omar", "q0", 4, "Omar's note")]
    verdicts = [Verdict("c", "p-omar", "yes", "Omar's summary", SUBMITTED)]
    assert independence.visible_scores(scores, verdicts, None, ["p-omar"]) == ([], [])


def test_a_lead_not_on_the_panel_sees_submitted_scorecards_and_drafts(round_ws):
    ws, rnd, _, (_, _, ana) = round_ws
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    assert d.result(ana.id).drafts and {s.note for s in d.draft_scores} == {"DRAFT NOTE"}


def test_a_panelist_who_has_not_submitted_sees_nothing_of_others_in_json_or_pdf(round_ws, capsys):
    ws, rnd, panel, (zoe, bjorn, _) = round_ws
    ws.record_decision(bjorn.id, "decline", "Vague on both skills.", "Dr. Maya Lindqvist")
    ws.set_meta("me", panel[2].id)  # 李明 has not submitted for Björn
    d = data.gather(ws, rnd.id, viewer=independence.viewer(ws, rnd.id, headless=True))
    assert d.result(bjorn.id).verdicts == {} and not d.result(bjorn.id).scored
    assert d.result(zoe.id).scorecards_submitted == 3  # submitted for Zoë: sees the panel there
    ws.close()
    main(["--db", str(ws.path), "report", rnd.id, "--json"])
    text = capsys.readouterr().out
    assert "general answers" not in text and "Vague" not in text and '"decline"' not in text


def test_the_command_line_reports_as_the_lead_only_in_the_copy_that_built_the_round(round_ws, tmp_path):
    from interview_kit import packets

    ws, rnd, _, _ = round_ws
    assert independence.viewer(ws, rnd.id, headless=True) == independence.LEAD
    assert independence.viewer(ws, rnd.id) is None  # the app, nameless: a panelist
    kit = tmp_path / "kit.ikit"
    packets.write(packets.export_kit(ws, rnd.id), kit, None)
    with Workspace.open(tmp_path / "panelist.ikdb") as other:
        packets.import_file(other, kit, None)
        assert independence.viewer(other, rnd.id, headless=True) is None


# ------------------------------------------------------------------------------------------- decision


def test_a_decision_needs_a_submitted_scorecard(round_ws):
    ws, _, _, (_, _, ana) = round_ws
    with pytest.raises(WorkspaceError, match="submitted scorecard"):
        ws.record_decision(ana.id, "advance", "Strong draft.", "Dr. Maya Lindqvist")
    assert ws.decision(ana.id) is None


def test_a_decision_needs_a_named_recorder_and_points_at_the_menu_item(round_ws):
    ws, _, _, (zoe, _, _) = round_ws
    with pytest.raises(WorkspaceError, match="File → My name…"):
        ws.record_decision(zoe.id, "advance", "Consistent evidence.", "  ")


def test_an_amended_scorecard_marks_the_decision_until_it_is_confirmed_and_both_are_audited(round_ws):
    ws, _, panel, (zoe, _, _) = round_ws
    ws.record_decision(zoe.id, "advance", "Consistent evidence across the panel.", "Dr. Maya Lindqvist")
    assert ws.decision(zoe.id).scores_changed_at is None
    ws.amend(zoe.id, panel[1].id, actor=panel[1].name, reason="second thoughts")
    ws.set_score(zoe.id, panel[1].id, "q0", 2, "on reflection, vague", actor=panel[1].name)
    ws.submit(zoe.id, panel[1].id, actor=panel[1].name)
    assert ws.decision(zoe.id).scores_changed_at is not None
    ws.record_decision(zoe.id, "advance", "Still advance: one rating lower.", "Dr. Maya Lindqvist")
    assert ws.decision(zoe.id).scores_changed_at is None
    actions = [e.action for e in ws.audit_events(f"candidate:{zoe.id}") if e.action.startswith("decision.")]
    assert actions == ["decision.record", "decision.scores_changed", "decision.confirm"]


def test_a_later_submission_merged_from_a_packet_marks_the_decision(round_ws, tmp_path):
    from interview_kit import packets

    ws, rnd, panel, (_, bjorn, _) = round_ws
    ws.record_decision(bjorn.id, "decline", "Vague on both skills.", "Dr. Maya Lindqvist")
    laptop = tmp_path / "laptop.ikdb"
    kit = tmp_path / "kit.ikit"
    packets.write(packets.export_kit(ws, rnd.id), kit, None)
    with Workspace.open(laptop) as other:
        packets.import_file(other, kit, None)
        for q in GUIDE:
            other.set_score(bjorn.id, panel[2].id, q.id, 4, "better than the others heard")
        other.set_verdict(bjorn.id, panel[2].id, "yes", "Fine.")
        other.submit(bjorn.id, panel[2].id)
        packets.write(packets.export_scores(other, rnd.id, panel[2].id), tmp_path / "li.ikit", None)
    assert packets.import_file(ws, tmp_path / "li.ikit", None).ok
    assert ws.decision(bjorn.id).scores_changed_at is not None


# ------------------------------------------------------------------------------------ words and numbers


@pytest.mark.parametrize("value, shown", [(3.25, "3.25"), (3.75, "3.75"), (3.125, "3.13"), (3.375, "3.38"),
                                          (10 / 3, "3.33"), (4, "4.00"), (None, "—")])
def test_one_number_format_rounds_halves_up_to_two_decimals(value, shown):
    assert scoring.fmt(value) == shown


def test_signed_offsets_use_a_real_minus_sign():
    assert scoring.fmt(-0.625, signed=True) == "−0.63" and scoring.fmt(0.625, signed=True) == "+0.63"


def test_lenient_or_severe_is_said_only_with_three_panelists_and_ten_shared_ratings():
    assert scoring.leaning(0.9, 30, 2) is None  # two raters: mirror images, never
    assert scoring.leaning(0.9, 9, 3) is None
    assert scoring.leaning(0.9, 10, 3) == "lenient"
    assert scoring.leaning(-0.5, 10, 4) == "severe"
    assert scoring.leaning(0.2, 10, 3) == "in line"


def test_with_two_panelists_nobody_is_called_lenient_or_severe():
    panel = [Panelist("a", "Ana"), Panelist("b", "Ben")]
    scores = [Score(f"c{c}", p.id, f"q{q}", 5 if p.id == "a" else 2) for c in range(4) for q in range(5)
              for p in panel]
    ag = scoring.round_agreement(panel, scores)
    assert ag.offsets["a"]["n"] == 20 and ag.leaning("a") is None and ag.leaning("b") is None


def test_agreement_with_one_submitted_scorecard_is_said_in_words_not_error_text():
    panel = [Panelist("a", "Ana"), Panelist("b", "Ben")]
    ag = scoring.round_agreement(panel, [Score("c", "a", "q0", 4), Score("c", "a", "q1", 3)])
    assert ag.reading == "not enough data"
    assert ag.note == "fewer than two panelists have submitted ratings, so there is nothing to compare yet"
    assert "raters" not in ag.note and "column" not in ag.note


def test_the_plain_sentence_counts_questions_two_or_more_points_apart(round_ws):
    ws, rnd, panel, (zoe, _, _) = round_ws
    ws.amend(zoe.id, panel[0].id)
    ws.set_score(zoe.id, panel[0].id, "q0", 1, "missed the point")
    ws.submit(zoe.id, panel[0].id)
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    sentence = scoring.panel_sentence(d.results, d.agreement)
    assert sentence.startswith("The panel is 2+ points apart on 1 of 8 questions; overall agreement is ")


def test_the_plain_sentence_with_nothing_submitted():
    cand = Candidate("c", "r", "Zoë")
    res = scoring.candidate_result(cand, GUIDE, SKILLS, [Panelist("a", "Ana")], [])
    ag = scoring.round_agreement([Panelist("a", "Ana")], [])
    assert scoring.panel_sentence([res], ag) == ("No scorecard has been submitted yet, so there are no results to "
                                                 "compare.")


def test_the_verdict_shorthand_counts_submitted_verdicts_only():
    verdicts = [Verdict("c", "a", "strong_yes", "", SUBMITTED), Verdict("c", "b", "strong_yes", "", SUBMITTED),
                Verdict("c", "d", "yes", "", SUBMITTED), Verdict("c", "e", "strong_no")]
    assert data.verdict_tally(verdicts) == "SY×2  Y×1"
    assert "SY strong yes" in data.VERDICT_LEGEND


# ------------------------------------------------------------------------------------------ paper scores


def _paper(tmp_path, rows):
    f = tmp_path / "paper.csv"
    f.write_text("candidate,question_id,rating,note\n" + "".join(rows), encoding="utf-8")
    return str(f)


def test_scores_import_is_a_draft_unless_submitted(round_ws, tmp_path, capsys):
    ws, rnd, _, (_, bjorn, _) = round_ws
    ws.close()
    paper = _paper(tmp_path, [f"Björn Ek,{q.id},4,\"Named the unit, the outcome & what he'd change\"\n" for q in GUIDE])
    assert main(["--db", str(ws.path), "scores", "import", rnd.id, paper, "--panelist", "Grace Kim"]) == 0
    assert "draft" in capsys.readouterr().out
    with Workspace.open(ws.path) as again:
        grace = again.panelist_by_name("Grace Kim")
        assert not again.is_submitted(bjorn.id, grace.id)
        res = data.gather(again, rnd.id, viewer=independence.LEAD).result(bjorn.id)
        assert res.scorecards_submitted == 2 and [x.rated for x in res.drafts] == [4]


def test_scores_import_with_submit_submits_the_scorecard_with_its_recommendation(round_ws, tmp_path, capsys):
    ws, rnd, _, (_, bjorn, _) = round_ws
    ws.close()
    paper = _paper(tmp_path, [f"Björn Ek,{q.id},4,specific\n" for q in GUIDE]
                   + ["Björn Ek,recommendation,strong yes,\"Best answer on handovers, by far\"\n"])
    assert main(["--db", str(ws.path), "scores", "import", rnd.id, paper, "--panelist", "Grace Kim",
                 "--submit"]) == 0
    assert "1 scorecard(s) submitted" in capsys.readouterr().out
    with Workspace.open(ws.path) as again:
        grace = again.panelist_by_name("Grace Kim")
        v = again.verdict(bjorn.id, grace.id)
        assert v.submitted_at and v.recommendation == "strong_yes" and v.summary == "Best answer on handovers, by far"
        assert data.gather(again, rnd.id, viewer=independence.LEAD).result(bjorn.id).scorecards_submitted == 3


def test_scores_import_with_submit_and_no_recommendation_row_submits_the_sheet_as_it_stands(round_ws, tmp_path,
                                                                                              capsys):
    """The command-line contract: `--submit` submits a paper scorecard handed in complete, recommendation or not."""
    ws, rnd, _, _ = round_ws
    ws.close()
    paper = _paper(tmp_path, [f"Björn Ek,{GUIDE[0].id},4,specific\n"])
    assert main(["--db", str(ws.path), "scores", "import", rnd.id, paper, "--panelist", "Grace Kim",
                 "--submit"]) == 0
    with Workspace.open(ws.path) as again:
        grace = again.panelist_by_name("Grace Kim")
        bjorn = again.find_candidate("Björn Ek", rnd.id)
        v = again.verdict(bjorn.id, grace.id)
        assert v.submitted_at and v.recommendation is None
        assert again.score(bjorn.id, grace.id, GUIDE[0].id).rating == 4


def test_a_merged_draft_stays_a_draft_and_a_later_submitted_copy_replaces_it(round_ws, tmp_path):
    from interview_kit import packets

    ws, rnd, panel, (_, bjorn, _) = round_ws
    kit = tmp_path / "kit.ikit"
    packets.write(packets.export_kit(ws, rnd.id), kit, None)
    with Workspace.open(tmp_path / "laptop.ikdb") as laptop:
        packets.import_file(laptop, kit, None)
        for q in GUIDE:
            laptop.set_score(bjorn.id, panel[2].id, q.id, 3, "steady")
        laptop.set_verdict(bjorn.id, panel[2].id, "yes", "Steady.")
        packets.write(packets.export_scores(laptop, rnd.id, panel[2].id), tmp_path / "draft.ikit", None)
        laptop.submit(bjorn.id, panel[2].id)
        packets.write(packets.export_scores(laptop, rnd.id, panel[2].id), tmp_path / "final.ikit", None)
    packets.import_file(ws, tmp_path / "draft.ikit", None)
    res = data.gather(ws, rnd.id, viewer=independence.LEAD).result(bjorn.id)
    assert res.scorecards_submitted == 2 and [x.panelist_id for x in res.drafts] == [panel[2].id]
    packets.import_file(ws, tmp_path / "final.ikit", None)
    res = data.gather(ws, rnd.id, viewer=independence.LEAD).result(bjorn.id)
    assert res.scorecards_submitted == 3 and res.drafts == ()


def test_a_decision_from_the_previous_schema_survives_the_migration_unmarked(tmp_path):
    import os
    import sqlite3

    import sqlite_utils

    from interview_kit import store

    path = tmp_path / "v2.ikdb"
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    for step in store.MIGRATIONS[:2]:
        step(db)
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO rounds (id, title, role, per_skill, seed, locked, locked_at, created_at) "
                 "VALUES ('r1', 'Old round', 'service-desk-analyst', 2, 1, 1, '2025-01-01', '2025-01-01')")
    conn.execute("INSERT INTO candidates (id, round_id, name, email, position, created_at) "
                 "VALUES ('c1', 'r1', 'Priya Natarajan', '', 0, '2025-01-01')")
    conn.execute("INSERT INTO panelists VALUES ('p1', 'Sam Patel')")
    conn.execute("INSERT INTO verdicts (candidate_id, panelist_id, recommendation, summary, submitted_at, updated_at) "
                 "VALUES ('c1', 'p1', 'yes', 'Calm.', '2025-01-02', '2025-01-02')")
    conn.execute("INSERT INTO decisions VALUES ('c1', 'advance', 'Strong.', 'Dr. Maya Lindqvist', '2025-01-03')")
    conn.commit()
    conn.close()
    os.chmod(path, 0o600)
    with Workspace.open(path) as ws:
        assert ws.decision("c1").decision == "advance" and ws.decision("c1").scores_changed_at is None
        ws.amend("c1", "p1")
        assert ws.decision("c1").scores_changed_at is None


def _round_pdf_text(d):
    import io

    import pypdf

    from interview_kit.reports import pdf

    doc = pdf.RoundSummary(d).to_bytes()
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(doc)).pages).split())


def test_the_round_pdf_leads_with_the_sentence_and_keeps_the_statistics_for_the_method_note(round_ws):
    ws, rnd, _, _ = round_ws
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    text = _round_pdf_text(d)
    sentence = scoring.panel_sentence(d.results, d.agreement)
    method = text.index("Method")
    assert text.index(sentence) < text.index("Candidates by weighted overall") < method
    assert "Krippendorff" not in text[:method] and "ICC" not in text[:method]
    assert "Lenient or severe is said only with 3+ panelists and 10+ shared ratings" in text[method:]


def test_the_round_pdf_prints_results_in_the_views_number_format(round_ws):
    ws, rnd, _, (zoe, _, _) = round_ws
    d = data.gather(ws, rnd.id, viewer=independence.LEAD)
    assert scoring.fmt(d.result(zoe.id).overall.mean) == "3.33"
    assert f"1 {zoe.name} 3.33" in _round_pdf_text(d)


def test_the_round_pdf_names_a_lenient_panelist_with_three_raters_and_never_with_two(round_ws):
    ws, rnd, panel, _ = round_ws
    extra = [ws.add_candidate(rnd.id, n) for n in ("Léa Dubois", "محمد علي", "Grace Kim")]
    for c in extra:
        for i, p in enumerate(panel):
            for q in GUIDE:
                ws.set_score(c.id, p.id, q.id, 5 if i == 1 else 2, "specific")
            ws.set_verdict(c.id, p.id, "yes", "")
            ws.submit(c.id, p.id)
    text = _round_pdf_text(data.gather(ws, rnd.id, viewer=independence.LEAD))
    assert "Omar Haddad +2.00 (lenient, 20 ratings)" in text
    for c in ws.candidates(rnd.id):  # now only Siobhán and Omar have submitted anything
        if ws.is_submitted(c.id, panel[2].id):
            ws.amend(c.id, panel[2].id)
    text = _round_pdf_text(data.gather(ws, rnd.id, viewer=independence.LEAD))
    assert "Rater calibration" not in text and "(lenient" not in text and "(severe" not in text


def test_a_round_with_nothing_submitted_prints_in_words(round_ws):
    ws, rnd, panel, cands = round_ws
    for c in cands:
        for p in panel:
            if ws.is_submitted(c.id, p.id):
                ws.amend(c.id, p.id)
    text = _round_pdf_text(data.gather(ws, rnd.id, viewer=independence.LEAD))
    assert "No scorecard has been submitted yet, so there are no results to compare." in text
    assert text.count("not yet scored") >= 3 and "fewer than two panelists have submitted ratings" in text
    assert "Dot: weighted overall" not in text  # no chart of nobody
