"""The core behind the lead's UI (issue 13 §2, §4, §6): the one name rule, renaming oneself, deleting and
archiving rounds, the history in words, and Open round kit refusing score packets. No Qt here."""

import pytest

from interview_kit import demo, history, packets, store
from interview_kit.errors import UserError
from interview_kit.model import RoleSkill
from interview_kit.names import MAX_LENGTH, clean_name
from interview_kit.store import Workspace


@pytest.fixture
def demo_ws(demo_path):
    with Workspace.open(demo_path) as ws:
        yield ws


# ----------------------------------------------------------------------------------------------- names


def test_a_name_is_trimmed():
    assert clean_name("  Amira Haddad \n") == "Amira Haddad"


@pytest.mark.parametrize("name", ["Zoë O'Brien-Łukasz", "<b>Tom</b> & Co", "王小明", "محمد علي", "x" * MAX_LENGTH])
def test_real_names_in_any_script_are_accepted_as_given(name):
    assert clean_name(name) == name


@pytest.mark.parametrize("bad, says", [("", "empty"), ("   ", "empty"), ("x" * (MAX_LENGTH + 1), "the limit is 200"),
                                       ("Sam\tPatel", "control character"), ("Sam\x00", "control character"),
                                       ("Sam\nPatel", "control character")])
def test_a_bad_name_is_refused_with_the_reason(bad, says):
    with pytest.raises(UserError, match=says):
        clean_name(bad)


def test_the_store_applies_the_name_rule(ws):
    with pytest.raises(UserError, match="control character"):
        ws.set_me("Sam\x07Patel")
    assert ws.me() is None
    assert ws.set_me("  Sam Patel ").name == "Sam Patel"


def test_renaming_myself_keeps_my_id_and_is_audited_old_to_new(demo_ws):
    me = demo_ws.me()
    renamed = demo_ws.rename_me(" Dr. Amira Haddad-Okafor ", actor=me.name)
    assert renamed.id == me.id and renamed.name == "Dr. Amira Haddad-Okafor"
    [event] = demo_ws.audit_events(f"panelist:{me.id}")
    assert event.action == "panelist.rename"
    assert event.detail == {"old": me.name, "new": "Dr. Amira Haddad-Okafor"}


def test_renaming_myself_to_a_bad_name_changes_nothing(demo_ws):
    me = demo_ws.me()
    with pytest.raises(UserError):
        demo_ws.rename_me("\x1b[31m")
    assert demo_ws.me().name == me.name and not demo_ws.audit_events(f"panelist:{me.id}")


# ------------------------------------------------------------------------------------- delete / archive


def _draft(ws):
    rnd = ws.create_round("Night shift — draft", "service-desk-analyst", [RoleSkill("teamwork", 1.0, "Teamwork")])
    ws.add_candidate(rnd.id, "Léa Dubois", "lea@example.org")
    withdrawn = ws.add_candidate(rnd.id, "محمد علي")
    ws.set_withdrawn(withdrawn.id)
    return rnd


def test_deleting_a_draft_round_removes_it_and_its_candidates_and_is_audited(ws):
    rnd = _draft(ws)
    ws.delete_round(rnd.id, actor="Sam Patel")
    assert ws.rounds() == [] and ws.candidate_counts() == {}
    [event] = [e for e in ws.audit_events(f"round:{rnd.id}") if e.action == "round.delete"]
    assert event.actor == "Sam Patel" and event.detail["title"] == "Night shift — draft"


def test_a_deleted_draft_comes_back_with_its_ids_candidates_and_guide(ws, library):
    from interview_kit import plans

    rnd = _draft(ws)
    guide = plans.to_guide(plans.draw(library, list(rnd.skills), 2, 7).questions, rnd.id)
    ws.set_guide(rnd.id, guide)
    before = (ws.round(rnd.id), ws.guide(rnd.id), ws.candidates(rnd.id))
    snapshot = ws.delete_round(rnd.id)
    ws.restore_round(snapshot)
    assert (ws.round(rnd.id), ws.guide(rnd.id), ws.candidates(rnd.id)) == before


def test_a_locked_round_cannot_be_deleted(demo_ws):
    rnd = demo_ws.find_round(demo.DEMO_TITLE)
    with pytest.raises(UserError, match="archive it instead"):
        demo_ws.delete_round(rnd.id)
    assert demo_ws.round(rnd.id)


def test_an_archived_round_stays_in_the_file_with_its_scores(demo_path):
    with Workspace.open(demo_path) as ws:
        rnd = ws.find_round(demo.DEMO_TITLE)
        scores = len(ws.scores(round_id=rnd.id))
        ws.set_archived(rnd.id, actor="Amira")
    with Workspace.open(demo_path) as ws:
        again = ws.round(rnd.id)
        assert again.archived and len(ws.scores(round_id=rnd.id)) == scores
        assert [e.action for e in ws.audit_events(f"round:{rnd.id}")][-1] == "round.archive"
        ws.set_archived(rnd.id, False)
        assert not ws.round(rnd.id).archived


def test_a_draft_round_cannot_be_archived(ws):
    rnd = _draft(ws)
    with pytest.raises(UserError, match="delete it instead"):
        ws.set_archived(rnd.id)


def test_a_workspace_of_the_previous_schema_gets_unarchived_rounds(tmp_path):
    import sqlite3

    import sqlite_utils

    path = tmp_path / "before-archive.ikdb"
    before = store.MIGRATIONS.index(store._m4_round_archive)
    conn = sqlite3.connect(path)  # the file exactly as the schema before the archive step left it
    for step in store.MIGRATIONS[:before]:
        step(sqlite_utils.Database(conn))
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {before}")
    for rid, title in (("r1", "Service desk — winter"), ("r2", "Integration team — spring")):
        conn.execute("INSERT INTO rounds (id, title, role, per_skill, seed, locked, locked_at, created_at) "
                     "VALUES (?, ?, 'service-desk-analyst', 2, 1, 1, '2026-01-01', '2026-01-01')", (rid, title))
    conn.commit()
    conn.close()
    with Workspace.open(path) as ws:
        assert ws.schema_version == store.SCHEMA_VERSION
        assert [r.archived for r in ws.rounds()] == [False, False]


# ---------------------------------------------------------------------------------------------- history


def _names(ws, rid):
    return history.Names({c.id: c.name for c in ws.candidates(rid)}, {p.id: p.name for p in ws.panelists()},
                         {q.id: f"Q{q.position + 1}" for q in ws.guide(rid)})


def test_history_says_who_changed_which_score_from_what_to_what(demo_ws):
    rnd = demo_ws.find_round(demo.DEMO_TITLE)
    cand = demo_ws.candidates(rnd.id)[0]
    tom = demo_ws.panelist_by_name("Tom Becker")
    q = demo_ws.guide(rnd.id)[2]
    demo_ws.amend(cand.id, tom.id, actor="Tom Becker", reason="misheard the example")
    old = demo_ws.score(cand.id, tom.id, q.id)
    demo_ws.set_score(cand.id, tom.id, q.id, 2, "Blamed the clinic, not the plan", actor="Tom Becker")
    entries = [history.describe(e, _names(demo_ws, rnd.id)) for e in demo_ws.round_history(rnd.id)]
    change = next(e for e in entries if e.what.startswith("Changed Q3"))
    assert change.who == "Tom Becker"
    assert change.what == f"Changed Q3 on Tom Becker's scorecard for {cand.name}"
    assert change.change.startswith(f"{old.rating} → 2; note")
    amend = next(e for e in entries if e.what.startswith("Reopened"))
    assert amend.change == "reason: misheard the example"


def test_history_of_one_candidate_holds_only_their_events(demo_ws):
    rnd = demo_ws.find_round(demo.DEMO_TITLE)
    first, second = demo_ws.candidates(rnd.id)[:2]
    demo_ws.rename_candidate(second.id, "Priya N. <b>&</b>", actor="Amira")
    events = demo_ws.round_history(rnd.id, first.id)
    assert events and all(first.id in e.entity for e in events)
    everything = demo_ws.round_history(rnd.id)
    assert any(e.entity == f"round:{rnd.id}" for e in everything)
    rename = history.describe(everything[-1], _names(demo_ws, rnd.id))
    assert rename.change == f"{second.name} → Priya N. <b>&</b>"


def test_an_unknown_action_still_reads_as_words_with_its_details():
    from interview_kit.model import AuditEvent

    e = AuditEvent(1, "2027-03-01T09:30:12Z", "", "decision.confirm", "candidate:c1", {"note": "scores changed"})
    entry = history.describe(e, history.Names({"c1": "Jordan Ellis"}, {}, {}))
    assert entry.what == "Decision confirm (Jordan Ellis)" and entry.change == "note: scores changed"
    assert entry.who == "(no name given)" and entry.when == "2027-03-01 09:30"


# ------------------------------------------------------------------------------------------ open a kit


def test_open_round_kit_refuses_a_score_packet_and_changes_nothing(demo_ws, tmp_path):
    rid = demo_ws.find_round(demo.DEMO_TITLE).id
    scores = tmp_path / "tom.ikit"
    packets.write(packets.export_scores(demo_ws, rid, demo_ws.panelist_by_name("Tom Becker").id), scores)
    with Workspace.open(tmp_path / "laptop.ikdb") as laptop:
        report = packets.import_kit_file(laptop, scores)
        assert not report.ok and "File → Import packets" in report.refused
        assert laptop.rounds() == [] and laptop.scores() == []
        kit = tmp_path / "kit.ikit"
        packets.write(packets.export_kit(demo_ws, rid), kit)
        assert packets.import_kit_file(laptop, kit).ok and [r.id for r in laptop.rounds()] == [rid]
