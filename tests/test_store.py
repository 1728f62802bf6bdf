"""The workspace: round-trips, autosave, migrations and every refusal to open."""

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest
import sqlite_utils

from interview_kit import store
from interview_kit.model import Anchor, GuideQuestion, RoleSkill
from interview_kit.store import ReadOnlyRoundError, Workspace, WorkspaceError


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _guide_question(qid, skill="adaptability", kind="behavioral", pos=0):
    return GuideQuestion(
        id=qid,
        round_id="",
        position=pos,
        skill=skill,
        kind=kind,
        text=f"Tell me about a time the go-live plan changed overnight ({qid}).",
        probes=("What did you change first?", "Who did you tell, and how?"),
        anchors=(Anchor(1, "Waits to be told what to do."), Anchor(3, "Adjusts own work and tells the lead."),
                 Anchor(5, "Re-plans with the team and briefs the unit before the shift.")),
        minutes=6,
        source="bundled:skills/adaptability.toml",
    )


def _locked_round(ws, n_questions=3):
    rnd = ws.create_round("EHR analyst — spring", "ehr-implementation-analyst",
                          [RoleSkill("adaptability"), RoleSkill("clinical-culture")], per_skill=2, seed=7)
    ws.set_guide(rnd.id, [_guide_question(f"adaptability-0{i}", pos=i) for i in range(1, n_questions + 1)])
    return ws.lock_round(rnd.id)


# ---------------------------------------------------------------------------------------------- round-trips


def test_new_workspace_is_wal_with_current_schema(ws, ws_path):
    conn = sqlite3.connect(ws_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == store.APPLICATION_ID


def test_new_workspace_file_is_readable_by_owner_only(ws, ws_path):
    assert stat.S_IMODE(os.stat(ws_path).st_mode) == 0o600


def test_round_guide_candidates_and_scores_round_trip(ws_path):
    with Workspace.open(ws_path) as ws:
        rnd = _locked_round(ws)
        cand = ws.add_candidate(rnd.id, "Amara Okafor", "amara@example.org")
        me = ws.ensure_panelist("Dr. Inés Álvarez")
        ws.join_panel(rnd.id, me.id)
        ws.set_score(cand.id, me.id, "adaptability-01", 4, 'Re-ran the "cutover" plan, kept nurses informed')
        ws.set_verdict(cand.id, me.id, "yes", "Solid, calm under change.")
    with Workspace.open(ws_path) as ws:
        [rnd2] = ws.rounds()
        assert rnd2.locked and rnd2.title == "EHR analyst — spring"
        assert [q.id for q in ws.guide(rnd2.id)] == ["adaptability-01", "adaptability-02", "adaptability-03"]
        assert ws.guide(rnd2.id)[0].anchors[2].text.startswith("Re-plans")
        [c] = ws.candidates(rnd2.id)
        assert (c.name, c.email) == ("Amara Okafor", "amara@example.org")
        [s] = ws.scores(candidate_id=c.id)
        assert (s.rating, s.note) == (4, 'Re-ran the "cutover" plan, kept nurses informed')
        assert ws.verdict(c.id, me.id).recommendation == "yes"
        assert [p.name for p in ws.panel(rnd2.id)] == ["Dr. Inés Álvarez"]


def test_na_rating_is_stored_as_null(ws):
    rnd = _locked_round(ws)
    cand = ws.add_candidate(rnd.id, "Wei Chen")
    p = ws.ensure_panelist("Sam Patel")
    ws.set_score(cand.id, p.id, "adaptability-01", None, "not asked: ran out of time")
    assert ws.score(cand.id, p.id, "adaptability-01").rating is None


def test_rating_outside_one_to_five_is_refused(ws):
    rnd = _locked_round(ws)
    cand = ws.add_candidate(rnd.id, "Wei Chen")
    p = ws.ensure_panelist("Sam Patel")
    with pytest.raises(WorkspaceError):
        ws.set_score(cand.id, p.id, "adaptability-01", 7)


def test_candidates_are_listed_in_the_order_they_were_added(ws):
    rnd = _locked_round(ws)
    for name in ["Zoë Brooks", "Aaron Lee", "Mia Novak"]:
        ws.add_candidate(rnd.id, name)
    assert [c.name for c in ws.candidates(rnd.id)] == ["Zoë Brooks", "Aaron Lee", "Mia Novak"]


def test_locked_round_guide_cannot_be_replaced(ws):
    rnd = _locked_round(ws)
    with pytest.raises(ReadOnlyRoundError):
        ws.set_guide(rnd.id, [_guide_question("adaptability-09")])


def test_round_found_by_unique_title_or_id(ws):
    rnd = _locked_round(ws)
    assert ws.find_round("EHR analyst — spring").id == rnd.id
    assert ws.find_round(rnd.id).id == rnd.id
    with pytest.raises(WorkspaceError, match="no round"):
        ws.find_round("Nope")


def test_audit_trail_cannot_be_rewritten(ws):
    _locked_round(ws)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ws.conn.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ws.conn.execute("UPDATE audit SET actor = 'someone else'")


# ------------------------------------------------------------------------------------------------ autosave


def test_each_score_edit_is_visible_to_a_second_connection_at_once(ws, ws_path):
    rnd = _locked_round(ws)
    cand = ws.add_candidate(rnd.id, "Amara Okafor")
    p = ws.ensure_panelist("Sam Patel")
    other = sqlite3.connect(ws_path)
    for rating in (2, 5, 3):
        ws.set_score(cand.id, p.id, "adaptability-02", rating, f"edit {rating}")
        row = other.execute(
            "SELECT rating, note FROM scores WHERE candidate_id = ? AND question_id = 'adaptability-02'", (cand.id,)
        ).fetchone()
        assert row == (rating, f"edit {rating}")
    other.close()


def test_score_edit_survives_a_killed_process(tmp_path):
    path = tmp_path / "crash.ikdb"
    script = textwrap.dedent(
        f"""
        import os
        from interview_kit.store import Workspace
        from interview_kit.model import RoleSkill, GuideQuestion
        ws = Workspace.open({str(path)!r})
        r = ws.create_round("Crash test", "service-desk-analyst", [RoleSkill("adaptability")])
        ws.set_guide(r.id, [GuideQuestion("q1", "", 0, "adaptability", "behavioral", "Tell me about a time…")])
        ws.lock_round(r.id)
        c = ws.add_candidate(r.id, "Jordan Reyes")
        p = ws.ensure_panelist("Sam Patel")
        ws.set_score(c.id, p.id, "q1", 5, "kept calm")
        os._exit(9)  # no close, no cleanup: as if the power went
        """
    )
    subprocess.run([sys.executable, "-c", script], check=False)
    with Workspace.open(path) as ws:
        [s] = ws.scores()
        assert (s.rating, s.note) == (5, "kept calm")


# ---------------------------------------------------------------------------------------------- migrations


def _write_v1_workspace(path):
    """A workspace exactly as schema version 1 wrote it, with a scored candidate."""
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    store.MIGRATIONS[0](db)
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO rounds (id, title, role, per_skill, seed, locked, locked_at, created_at) "
                 "VALUES ('r1', 'Old round', 'service-desk-analyst', 2, 1, 1, '2025-01-01', '2025-01-01')")
    conn.execute("INSERT INTO guide_questions (round_id, id, position, skill, kind, text) "
                 "VALUES ('r1', 'q1', 0, 'adaptability', 'behavioral', 'Tell me about a time…')")
    conn.execute("INSERT INTO candidates VALUES ('c1', 'r1', 'Priya Natarajan', '', 0, '2025-01-01')")
    conn.execute("INSERT INTO panelists VALUES ('p1', 'Sam Patel')")
    conn.execute("INSERT INTO scores VALUES ('c1', 'p1', 'q1', 4, 'good example', '2025-01-02')")
    conn.commit()
    conn.close()
    os.chmod(path, 0o600)


def test_workspace_from_previous_schema_opens_with_its_data_intact(tmp_path):
    path = tmp_path / "old.ikdb"
    _write_v1_workspace(path)
    with Workspace.open(path) as ws:
        assert ws.schema_version == store.SCHEMA_VERSION
        assert ws.migrated_from == 1
        [c] = ws.candidates("r1")
        assert c.name == "Priya Natarajan" and c.withdrawn is False
        [s] = ws.scores()
        assert (s.rating, s.note) == (4, "good example")


def test_migration_keeps_a_backup_copy_of_the_old_file(tmp_path):
    path = tmp_path / "old.ikdb"
    _write_v1_workspace(path)
    with Workspace.open(path) as ws:
        backup = ws.backup_path
    assert backup is not None and backup.exists()
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT note FROM scores").fetchone()[0] == "good example"


def test_failed_migration_leaves_the_old_schema_in_place(tmp_path, monkeypatch):
    path = tmp_path / "old.ikdb"
    _write_v1_workspace(path)

    def broken(db):
        db.execute("ALTER TABLE rounds ADD COLUMN half_done INTEGER")
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.schema, "MIGRATIONS", (store.MIGRATIONS[0], broken))
    monkeypatch.setattr(store.schema, "SCHEMA_VERSION", 2)
    with pytest.raises(RuntimeError):
        Workspace.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    cols = [r[1] for r in conn.execute("PRAGMA table_info(rounds)")]
    assert "half_done" not in cols


# ---------------------------------------------------------------------------------------------- refusals


def test_directory_is_refused(tmp_path):
    with pytest.raises(WorkspaceError, match="is a folder"):
        Workspace.open(tmp_path)


def test_text_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("candidate notes, not a database\n")
    before = _digest(path)
    with pytest.raises(WorkspaceError, match="not a SQLite database"):
        Workspace.open(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_foreign_sqlite_database_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(WorkspaceError, match="another program"):
        Workspace.open(path)
    assert _digest(path) == before


def test_workspace_from_newer_version_is_refused_and_left_unchanged(ws_path):
    Workspace.open(ws_path).close()
    conn = sqlite3.connect(ws_path)
    conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = _digest(ws_path)
    with pytest.raises(WorkspaceError, match="newer interview-kit"):
        Workspace.open(ws_path)
    assert _digest(ws_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_workspace_is_refused_and_left_unchanged(ws_path):
    Workspace.open(ws_path).close()
    os.chmod(ws_path, 0o400)
    before = _digest(ws_path)
    with pytest.raises(WorkspaceError, match="read-only"):
        Workspace.open(ws_path)
    assert _digest(ws_path) == before


def test_read_only_workspace_is_refused_even_for_root(ws_path, monkeypatch):
    """Root bypasses file modes, so the permission check is what we exercise here."""
    Workspace.open(ws_path).close()
    before = _digest(ws_path)
    real_access = os.access
    monkeypatch.setattr(store.workspace.os, "access",
                        lambda p, mode: False if str(p) == str(ws_path) and mode == os.W_OK else real_access(p, mode))
    with pytest.raises(WorkspaceError, match="read-only"):
        Workspace.open(ws_path)
    assert _digest(ws_path) == before


def test_workspace_held_by_another_instance_is_refused(ws, ws_path):
    script = f"from interview_kit.store import Workspace\nWorkspace.open({str(ws_path)!r})"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "open in another running interview-kit" in proc.stderr


class _FakeMsvcrt:
    """Windows' msvcrt.locking semantics (an exclusive lock on a byte of a file, whoever opened it), on POSIX."""

    LK_NBLCK, LK_UNLCK = 2, 0

    def __init__(self):
        self.locked: set[int] = set()

    def locking(self, fd, mode, nbytes):
        inode = os.fstat(fd).st_ino
        if mode == self.LK_UNLCK:
            self.locked.discard(inode)
        elif inode in self.locked:
            raise PermissionError(13, "Permission denied")
        else:
            self.locked.add(inode)


def test_on_windows_a_second_instance_is_kept_out_by_a_lock_on_a_sidecar_file(ws_path, monkeypatch):
    Workspace.open(ws_path).close()
    monkeypatch.setattr(store.lock.sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "msvcrt", _FakeMsvcrt())
    first = Workspace.open(ws_path)
    assert ws_path.with_name(ws_path.name + ".lock").exists()
    with pytest.raises(WorkspaceError, match="open in another running interview-kit"):
        Workspace.open(ws_path)
    first.close()
    assert not ws_path.with_name(ws_path.name + ".lock").exists()
    Workspace.open(ws_path).close()


def test_workspace_can_be_reopened_after_close(ws_path):
    Workspace.open(ws_path).close()
    Workspace.open(ws_path).close()


# ------------------------------------------------------------------------------------- notes before a rating


def test_rating_a_question_takes_its_pending_note_in_the_same_write(ws):
    rnd = _locked_round(ws)
    cand = ws.add_candidate(rnd.id, "Nadia Haddad")
    me = ws.ensure_panelist("Sam Patel")
    ws.set_pending_note(cand.id, me.id, "adaptability-01", "Paused the rollout, «called» the unit")
    ws.set_score(cand.id, me.id, "adaptability-01", 4, "Paused the rollout, «called» the unit")
    assert ws.pending_notes(cand.id, me.id) == {}


def test_undo_of_a_first_rating_keeps_its_note_in_one_transaction(ws, monkeypatch):
    rnd = _locked_round(ws)
    cand = ws.add_candidate(rnd.id, "Nadia Haddad")
    me = ws.ensure_panelist("Sam Patel")
    ws.set_score(cand.id, me.id, "adaptability-01", 4, "Re-planned the shift, told the charge nurse")
    commits = []
    ws.conn.set_trace_callback(lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None)
    ws.clear_score(cand.id, me.id, "adaptability-01", keep_note="Re-planned the shift, told the charge nurse")
    ws.conn.set_trace_callback(None)
    assert commits == ["COMMIT"]
    assert ws.score(cand.id, me.id, "adaptability-01") is None
    assert ws.pending_notes(cand.id, me.id) == {"adaptability-01": "Re-planned the shift, told the charge nurse"}


def test_a_failed_undo_of_a_first_rating_changes_nothing(ws):
    rnd = _locked_round(ws)
    cand = ws.add_candidate(rnd.id, "Nadia Haddad")
    me = ws.ensure_panelist("Sam Patel")
    ws.set_score(cand.id, me.id, "adaptability-01", 4, "kept")
    ws.conn.execute("CREATE TRIGGER refuse_pending BEFORE INSERT ON pending_notes BEGIN "
                    "SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.IntegrityError):
        ws.clear_score(cand.id, me.id, "adaptability-01", keep_note="kept")
    assert ws.score(cand.id, me.id, "adaptability-01").note == "kept"


# --------------------------------------------------------------------------------------- query plans


def _plan_scans(ws, sql: str) -> list[str]:
    """The plan lines that read all of scores, candidates or audit (by name or by the alias the query uses)."""
    import re

    watched = {"scores", "candidates", "audit"}
    names = set(watched)
    for table, alias in re.findall(r"(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(\w+)", sql, flags=re.I):
        if table in watched and alias.upper() not in {"ON", "WHERE", "JOIN", "ORDER", "LIMIT", "GROUP"}:
            names.add(alias)
    numbered = re.findall(r"\?(\d+)", sql)
    count = max(map(int, numbered)) if numbered else sql.count("?")
    plan = [row[3] for row in ws.conn.execute("EXPLAIN QUERY PLAN " + sql, ("x",) * count)]
    return [line for line in plan if line.startswith("SCAN ") and line.split()[1] in names]


def test_no_hot_query_scans_scores_candidates_or_audit(ws):
    from interview_kit.store import HOT_QUERIES

    scans = {name: found for name, sql in HOT_QUERIES.items() if (found := _plan_scans(ws, sql))}
    assert scans == {}


def test_the_plan_check_sees_a_scan_through_an_alias(ws):
    assert _plan_scans(ws, "SELECT s.note FROM scores s WHERE s.note = ?") == ["SCAN s"]


def test_rounds_overview_gives_skills_in_order_and_active_candidates(ws):
    skills = [RoleSkill("teamwork", 2.0, "Teamwork"), RoleSkill("adaptability", 1.0, "Adaptability")]
    rnd = ws.create_round("Service desk — São Paulo", "service-desk-analyst", skills)
    ws.add_candidate(rnd.id, "Zoë Ångström")
    gone = ws.add_candidate(rnd.id, "Wei Chen 陈伟")
    ws.set_withdrawn(gone.id)
    empty = ws.create_round("Go-live <b>& support</b>", "go-live-support", [])
    overview = dict((r.id, (r, n)) for r, n in ws.rounds_overview())
    assert overview[rnd.id][0].skills == tuple(skills) and overview[rnd.id][1] == 1
    assert overview[empty.id][0].skills == () and overview[empty.id][1] == 0
    assert ws.rounds() == [ws.round(rnd.id), ws.round(empty.id)]


def test_audit_events_by_prefix_match_exactly_that_prefix(ws):
    ws.audit("candidate.add", "candidate:abc", {})
    ws.audit("candidate.add", "candidate:abd", {})
    ws.audit("scorecard.submit", "scorecard:abc:p", {})
    assert [e.entity for e in ws.audit_events("candidate:ab")] == ["candidate:abc", "candidate:abd"]
    assert [e.entity for e in ws.audit_events("candidate:abc")] == ["candidate:abc"]


def test_the_rounds_with_their_skills_and_counts_are_one_query_however_many_rounds(ws):
    for i in range(30):
        rnd = ws.create_round(f"Night shift {i} — Ålesund", "service-desk-analyst",
                              [RoleSkill("teamwork"), RoleSkill("adaptability", 2.0)])
        ws.add_candidate(rnd.id, f"Candidate {i}")
    statements = []
    ws.conn.set_trace_callback(statements.append)
    try:
        overview = ws.rounds_overview()
    finally:
        ws.conn.set_trace_callback(None)
    assert len(overview) == 30 and all(n == 1 for _, n in overview)
    assert len(statements) == 1
