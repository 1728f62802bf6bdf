"""The workspace file on disk: refusals that change nothing, creation that a kill cannot half-do, recovery of a
leftover journal, checked migration backups, and the rolling daily backups with restore."""

import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from interview_kit import store, workspace_file
from interview_kit.errors import UserError
from interview_kit.store import Workspace, WorkspaceError


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder):
    return sorted(p.name for p in folder.iterdir())


def _set_user_version(path, version):
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


# ---------------------------------------------------------------------------------- refusals change nothing


def test_a_newer_workspace_is_refused_without_leaving_wal_or_shm_files(ws_path):
    Workspace.open(ws_path).close()
    _set_user_version(ws_path, store.SCHEMA_VERSION + 5)
    before, listing = _digest(ws_path), _listing(ws_path.parent)
    with pytest.raises(WorkspaceError, match="newer interview-kit"):
        Workspace.open(ws_path)
    assert _digest(ws_path) == before
    assert _listing(ws_path.parent) == listing


def test_a_negative_schema_version_is_refused_as_damaged_and_left_unchanged(ws_path):
    Workspace.open(ws_path).close()
    _set_user_version(ws_path, -3)
    before = _digest(ws_path)
    with pytest.raises(WorkspaceError, match="damaged"):
        Workspace.open(ws_path)
    assert _digest(ws_path) == before


def test_a_header_cut_short_is_refused_as_damaged(tmp_path):
    path = tmp_path / "cut.ikdb"
    path.write_bytes(b"SQLite format 3\x00\x10\x00")
    with pytest.raises(WorkspaceError, match="damaged"):
        Workspace.open(path)
    assert path.read_bytes() == b"SQLite format 3\x00\x10\x00"
    assert _listing(tmp_path) == ["cut.ikdb"]


def test_a_damaged_catalogue_is_refused_before_anything_is_written(ws_path):
    with Workspace.open(ws_path) as ws:
        ws.create_round("Service desk — winter", "service-desk-analyst", [])
    data = bytearray(ws_path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[100:page] = b"\xff" * (page - 100)  # the schema table's page, scribbled over
    ws_path.write_bytes(bytes(data))
    before = _digest(ws_path)
    with pytest.raises(WorkspaceError, match="damaged"):
        Workspace.open(ws_path)
    assert _digest(ws_path) == before
    assert _listing(ws_path.parent) == ["workspace.ikdb"]


# ------------------------------------------------------------------------------------------------ creation


def test_a_new_workspace_appears_whole_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "new.ikdb"
    with Workspace.open(path) as ws:
        assert ws.schema_version == store.SCHEMA_VERSION
    assert _listing(tmp_path) == ["new.ikdb"]


def test_an_empty_file_left_by_an_interrupted_creation_becomes_a_workspace(tmp_path):
    path = tmp_path / "workspace.ikdb"
    path.write_bytes(b"")
    with Workspace.open(path) as ws:
        assert ws.schema_version == store.SCHEMA_VERSION
        assert ws.meta("workspace_id")


def test_an_empty_file_is_not_created_into_when_creating_is_not_allowed(tmp_path):
    path = tmp_path / "workspace.ikdb"
    path.write_bytes(b"")
    with pytest.raises(WorkspaceError, match="empty file"):
        Workspace.open(path, create=False)
    assert path.read_bytes() == b""


def test_a_kill_at_any_moment_of_creation_leaves_a_workspace_that_opens(tmp_path):
    """Kill `demo` at spread-out moments; every time, the file opens afterwards (made anew if need be)."""
    import signal
    import time

    script = textwrap.dedent("""
        import sys
        from interview_kit import banks, demo
        from interview_kit.store import Workspace
        with Workspace.open(sys.argv[1]) as ws:
            demo.build_demo(ws, banks.load_library(include_user=False))
    """)
    for i, delay in enumerate((0.15, 0.25, 0.3, 0.35, 0.4, 0.5)):
        path = tmp_path / f"w{i}.ikdb"
        child = subprocess.Popen([sys.executable, "-c", script, str(path)])
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        with Workspace.open(path) as ws:
            assert ws.schema_version == store.SCHEMA_VERSION
            assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not [n for n in _listing(tmp_path) if n.endswith(".creating")]


# ------------------------------------------------------------------------------------------------ recovery


def test_a_leftover_rollback_journal_is_recovered_not_refused(ws_path):
    with Workspace.open(ws_path) as ws:
        rnd = ws.create_round("Integration team — spring", "integration-engineer", [])
    script = textwrap.dedent(f"""
        import os, sqlite3
        conn = sqlite3.connect({str(ws_path)!r}, isolation_level=None)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE rounds SET title = 'half-written' ")
        conn.execute("CREATE TABLE scratch AS SELECT randomblob(200000) AS b")
        os._exit(9)  # killed in the middle of a transaction: the journal stays behind, hot
    """)
    subprocess.run([sys.executable, "-c", script], check=False)
    assert ws_path.with_name(ws_path.name + "-journal").exists()
    with Workspace.open(ws_path) as ws:
        assert ws.round(rnd.id).title == "Integration team — spring"
        assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_migration_backup_that_fails_leaves_no_partial_copy_and_no_migration(tmp_path, monkeypatch):
    from test_store import _write_v1_workspace as write_v1_workspace

    path = tmp_path / "old.ikdb"
    write_v1_workspace(path)
    before = _digest(path)

    def failing_backup(conn, target, *, expect_version=None):
        with workspace_file.atomic_path(target) as tmp:
            tmp.write_bytes(b"SQLite format 3\x00 half a copy")
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(workspace_file, "backup", failing_backup)
    with pytest.raises(UserError, match="could not write .*No space left"):
        Workspace.open(path)
    assert _listing(tmp_path) == ["old.ikdb"]
    assert _digest(path) == before


def test_a_migration_backup_is_a_checked_single_file_copy(tmp_path):
    from test_store import _write_v1_workspace as write_v1_workspace

    path = tmp_path / "old.ikdb"
    write_v1_workspace(path)
    with Workspace.open(path) as ws:
        backup = ws.backup_path
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    assert oct(backup.stat().st_mode & 0o777) == "0o600"


# ----------------------------------------------------------------------------------------- rolling backups


def _scored_workspace(path, note="Calm with the charge nurse, \"clear\" steps; café"):
    with Workspace.open(path) as ws:
        from interview_kit.model import GuideQuestion, RoleSkill

        rnd = ws.create_round("Service desk — winter", "service-desk-analyst", [RoleSkill("adaptability")])
        ws.set_guide(rnd.id, [GuideQuestion("q1", "", 0, "adaptability", "behavioral", "Tell me about a time…")])
        ws.lock_round(rnd.id)
        cand = ws.add_candidate(rnd.id, "Amara Okafor")
        me = ws.ensure_panelist("Sam Patel")
        ws.set_score(cand.id, me.id, "q1", 4, note)
        return rnd, cand, me


def test_one_rolling_backup_a_day_of_use(ws_path):
    _scored_workspace(ws_path)
    day = dt.date(2026, 11, 2)
    first = workspace_file.rolling_backup(ws_path, today=day)
    assert first is not None and first.name == "workspace-2026-11-02.ikdb"
    assert workspace_file.rolling_backup(ws_path, today=day) is None
    assert workspace_file.rolling_backups(ws_path) == [first]


def test_rolling_backups_keep_the_last_seven(ws_path):
    _scored_workspace(ws_path)
    for d in range(1, 11):
        workspace_file.rolling_backup(ws_path, today=dt.date(2026, 11, d))
    kept = [p.name for p in workspace_file.rolling_backups(ws_path)]
    assert kept == [f"workspace-2026-11-{d:02d}.ikdb" for d in range(10, 3, -1)]


def test_a_backup_summary_says_what_it_holds(ws_path):
    _scored_workspace(ws_path)
    backup = workspace_file.rolling_backup(ws_path, today=dt.date(2026, 11, 2))
    summary = workspace_file.summarise_backup(backup)
    assert (summary.rounds, summary.candidates, summary.scores) == (1, 1, 1)
    assert summary.round_titles == ("Service desk — winter",)
    assert summary.taken_on == "2026-11-02" and not summary.problem


def test_restore_brings_back_the_backup_and_keeps_the_current_file_aside(ws_path):
    rnd, cand, me = _scored_workspace(ws_path)
    backup = workspace_file.rolling_backup(ws_path, today=dt.date(2026, 11, 2))
    with Workspace.open(ws_path) as ws:
        ws.set_score(cand.id, me.id, "q1", 1, "changed after the backup")
    kept = workspace_file.restore(ws_path, backup)
    with Workspace.open(ws_path) as ws:
        assert ws.score(cand.id, me.id, "q1").rating == 4
    with Workspace.open(kept) as before_restore:
        assert before_restore.score(cand.id, me.id, "q1").rating == 1


def test_a_damaged_backup_is_not_restored(ws_path):
    _scored_workspace(ws_path)
    backup = workspace_file.rolling_backup(ws_path, today=dt.date(2026, 11, 2))
    backup.write_bytes(b"not a database at all")
    before = _digest(ws_path)
    with pytest.raises(WorkspaceError, match="cannot be read"):
        workspace_file.restore(ws_path, backup)
    assert _digest(ws_path) == before
