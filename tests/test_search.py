"""Search across rounds: candidates, notes and guide questions through SQLite FTS5, with independence."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_kit import cli, independence
from interview_kit.model import GuideQuestion, RoleSkill
from interview_kit.store import WorkspaceError


def _round(ws, title="Service desk — spring", questions=("Tell me about a time a clinician was frustrated.",)):
    rnd = ws.create_round(title, "service-desk-analyst", [RoleSkill("customer-service")])
    ws.set_guide(rnd.id, [GuideQuestion(f"q{i}", "", i, "customer-service", "behavioral", text)
                          for i, text in enumerate(questions)])
    ws.lock_round(rnd.id)
    return rnd


def _panelist(ws, rnd, name):
    p = ws.ensure_panelist(name)
    ws.join_panel(rnd.id, p.id)
    return p


def _submit(ws, cand, p):
    ws.set_verdict(cand.id, p.id, "yes", "solid")
    ws.submit(cand.id, p.id)


def test_finds_a_candidate_by_part_of_their_name_in_any_round(ws):
    first, second = _round(ws, "Spring"), _round(ws, "Autumn")
    ws.add_candidate(first.id, "José Álvarez")
    later = ws.add_candidate(second.id, "Josefina Chen 陈")
    hits = ws.search("jose", viewer=None)
    assert {(h.kind, h.round_id, h.candidate_name) for h in hits} == {
        ("candidate", first.id, "José Álvarez"), ("candidate", second.id, "Josefina Chen 陈")}
    assert [h.candidate_id for h in ws.search("Josefina", viewer=None)] == [later.id]


def test_finds_guide_questions_by_their_words(ws):
    rnd = _round(ws, questions=("Walk me through a <b>go-live</b> weekend & what broke.", "Tell me about a budget."))
    [hit] = ws.search("weekend broke", viewer=None)
    assert (hit.kind, hit.round_id, hit.candidate_id, hit.question_id) == ("question", rnd.id, None, "q0")
    assert "go-live" in hit.snippet


def test_a_renamed_candidate_is_found_by_the_new_name_only(ws):
    rnd = _round(ws)
    cand = ws.add_candidate(rnd.id, "Amara Okafor")
    ws.rename_candidate(cand.id, "Amara Okafor-Diallo")
    assert [h.candidate_name for h in ws.search("Diallo", viewer=None)] == ["Amara Okafor-Diallo"]
    ws.rename_candidate(cand.id, "Amara Nwosu")
    assert ws.search("Diallo", viewer=None) == []


def test_an_edited_note_is_found_by_its_new_words_and_not_its_old_ones(ws):
    rnd = _round(ws)
    cand = ws.add_candidate(rnd.id, "Amara Okafor")
    me = _panelist(ws, rnd, "Sam Patel")
    ws.set_score(cand.id, me.id, "q0", 4, "Calmed the charge nurse, then fixed the printer")
    assert [h.kind for h in ws.search("printer", viewer=me.id)] == ["note"]
    ws.set_score(cand.id, me.id, "q0", 4, "Escalated the label printer to facilities")
    assert ws.search("nurse", viewer=me.id) == []
    [hit] = ws.search("facilities", viewer=me.id)
    assert (hit.candidate_id, hit.panelist_id, hit.question_id) == (cand.id, me.id, "q0")


def test_another_panelists_note_is_hidden_until_the_viewer_submits_for_that_candidate(ws):
    rnd = _round(ws)
    cand = ws.add_candidate(rnd.id, "Wei Chen")
    ana, ben = _panelist(ws, rnd, "Ana Souza"), _panelist(ws, rnd, "Ben Okoro")
    ws.set_score(cand.id, ana.id, "q0", 2, "Blamed the vendor for the outage")
    ws.set_score(cand.id, ben.id, "q0", 4, "Owned the fix")
    assert ws.search("vendor", viewer=ben.id) == []
    assert ws.search("vendor", viewer=None) == []  # no name: a panelist who has submitted nothing
    _submit(ws, cand, ben)
    assert [h.panelist_id for h in ws.search("vendor", viewer=ben.id)] == [ana.id]


def test_a_lead_who_is_not_on_the_panel_finds_every_note(ws):
    rnd = _round(ws)
    cand = ws.add_candidate(rnd.id, "Wei Chen")
    ana = _panelist(ws, rnd, "Ana Souza")
    lead = ws.ensure_panelist("Dana Lead")
    ws.set_score(cand.id, ana.id, "q0", 2, "Blamed the vendor")
    assert [h.panelist_id for h in ws.search("vendor", viewer=lead.id)] == [ana.id]


def test_search_text_is_never_read_as_query_syntax(ws):
    rnd = _round(ws)
    ws.add_candidate(rnd.id, 'Ola "NEAR" Nordmann')
    assert [h.candidate_name for h in ws.search('"near" (Ola) *', viewer=None)] == ['Ola "NEAR" Nordmann']


def test_a_search_with_no_words_is_one_clear_error(ws):
    with pytest.raises(WorkspaceError, match="at least one letter"):
        ws.search("  -- ** ", viewer=None)


def test_search_json_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "w.ikdb"
    from interview_kit.store import Workspace

    with Workspace.open(db) as ws:
        rnd = _round(ws)
        cand = ws.add_candidate(rnd.id, "Layla Haddad ليلى")
    assert cli.main(["--db", str(db), "search", "Layla", "--json"]) == 0
    [hit] = json.loads(capsys.readouterr().out)
    assert {k: hit[k] for k in ("kind", "round_id", "candidate_id")} == {
        "kind": "candidate", "round_id": rnd.id, "candidate_id": cand.id}
    assert "Layla" in hit["snippet"]


def test_search_on_the_command_line_with_nothing_to_search_for_is_a_user_error(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "w.ikdb"), "search", "%%"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.booleans()), min_size=1, max_size=9),
       st.integers(0, 3))
def test_notes_found_are_exactly_the_notes_visible_scores_shows(tmp_path_factory, rows, who):
    """Search's independence rule (SQL, so it holds before the limit) agrees with independence.visible_scores."""
    from interview_kit.store import Workspace

    with Workspace.open(tmp_path_factory.mktemp("s") / "w.ikdb") as ws:
        rnd = _round(ws)
        cands = [ws.add_candidate(rnd.id, f"Candidate {i}") for i in range(3)]
        panel = [_panelist(ws, rnd, name) for name in ("Ana Souza", "Ben Okoro", "Cy Lam")]
        outsider = ws.ensure_panelist("Dana Lead")
        for c, p, submitted in rows:
            if not ws.is_submitted(cands[c].id, panel[p].id):
                ws.set_score(cands[c].id, panel[p].id, "q0", 3, f"escalation note by {panel[p].name}")
                if submitted:
                    ws.set_verdict(cands[c].id, panel[p].id, "yes")
                    ws.submit(cands[c].id, panel[p].id)
        viewer = (panel + [outsider])[who].id
        found = {(h.candidate_id, h.panelist_id) for h in ws.search("escalation", viewer=viewer, limit=100)}
        shown, _ = independence.visible_scores(ws.scores(round_id=rnd.id), ws.verdicts(round_id=rnd.id), viewer,
                                          [p.id for p in panel])
        assert found == {(s.candidate_id, s.panelist_id) for s in shown}
