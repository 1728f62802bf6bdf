"""The workspace: one SQLite file (WAL) through sqlite-utils. Every read and write of the app's data is here.

Opening is careful because a workspace holds people's scores: we look at the file before SQLite touches it,
refuse anything that is not ours (or is newer than us, read-only, or open elsewhere) with one clear message,
and leave such a file exactly as it was. Schema changes are small named migration steps recorded in
``PRAGMA user_version``; an older workspace is copied aside before it is migrated, and the migration runs in
one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sqlite3
import sys
import uuid
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from typing import TYPE_CHECKING

from . import workspace_file
from .errors import UserError, WorkspaceError
from .names import MAX_NOTE, clean_email, clean_name

if TYPE_CHECKING:  # sqlite-utils is imported on first use: it costs ~70 ms of start-up otherwise
    import sqlite_utils

from .model import (
    Anchor,
    AuditEvent,
    Candidate,
    Decision,
    GuideQuestion,
    Panelist,
    PracticeRating,
    PracticeSession,
    RoleSkill,
    Round,
    Score,
    SearchHit,
    Verdict,
    VERDICTS,
)

#: Stamped into every workspace (``PRAGMA application_id``) so that we can tell our files from other SQLite
#: databases. It spells "IKit" in ASCII.
APPLICATION_ID = 0x494B6974

SQLITE_MAGIC = workspace_file.SQLITE_MAGIC


class WorkspaceBusyError(WorkspaceError):
    """Another running interview-kit holds the workspace (the app then hands its files to that one)."""


class ReadOnlyRoundError(WorkspaceError):
    """A locked round (or a submitted scorecard) was asked to change."""


@dataclass(frozen=True)
class RoundSnapshot:
    """A deleted draft round as it was, so that the deletion can be undone."""

    round: Round
    guide: tuple[GuideQuestion, ...]
    candidates: tuple[Candidate, ...]


def now() -> str:
    """UTC time as ISO 8601 with microseconds: uniform width, so text order is time order."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")


def new_id() -> str:
    return str(uuid.uuid4())


# --------------------------------------------------------------------------------------------------------------
# Migrations: each step is a small named function, applied in order; its position + 1 is the schema version.


def _m1_initial(db: "sqlite_utils.Database") -> None:
    """Rounds, their frozen guide, candidates, panel, scores, verdicts, decisions and the audit trail."""
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """CREATE TABLE rounds (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            role TEXT NOT NULL,
            role_name TEXT NOT NULL DEFAULT '',
            per_skill INTEGER NOT NULL DEFAULT 2,
            seed INTEGER NOT NULL DEFAULT 0,
            locked INTEGER NOT NULL DEFAULT 0,
            locked_at TEXT,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE round_skills (
            round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            skill TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',  -- copied from the bank, so a round reads without the banks
            weight REAL NOT NULL DEFAULT 1.0,
            position INTEGER NOT NULL,
            PRIMARY KEY (round_id, skill)
        )"""
    )
    db.execute(
        """CREATE TABLE guide_questions (
            round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            skill TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            probes TEXT NOT NULL DEFAULT '[]',
            anchors TEXT NOT NULL DEFAULT '{}',
            minutes INTEGER,
            source TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (round_id, id)
        )"""
    )
    db.execute(
        """CREATE TABLE candidates (
            id TEXT PRIMARY KEY,
            round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX candidates_round ON candidates(round_id, position)")
    db.execute("CREATE TABLE panelists (id TEXT PRIMARY KEY, name TEXT NOT NULL)")
    db.execute(
        """CREATE TABLE round_panelists (
            round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            panelist_id TEXT NOT NULL REFERENCES panelists(id),
            PRIMARY KEY (round_id, panelist_id)
        )"""
    )
    db.execute(
        """CREATE TABLE scores (
            candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            panelist_id TEXT NOT NULL REFERENCES panelists(id),
            question_id TEXT NOT NULL,
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
            note TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (candidate_id, panelist_id, question_id)
        )"""
    )
    db.execute(
        """CREATE TABLE verdicts (
            candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            panelist_id TEXT NOT NULL REFERENCES panelists(id),
            recommendation TEXT CHECK (recommendation IS NULL OR recommendation IN
                ('strong_no', 'no', 'yes', 'strong_yes')),
            summary TEXT NOT NULL DEFAULT '',
            submitted_at TEXT,
            amended_at TEXT,  -- set when a submitted scorecard is reopened: later changes are audited
            updated_at TEXT NOT NULL,
            PRIMARY KEY (candidate_id, panelist_id)
        )"""
    )
    db.execute(
        """CREATE TABLE decisions (
            candidate_id TEXT PRIMARY KEY REFERENCES candidates(id) ON DELETE CASCADE,
            decision TEXT NOT NULL,
            rationale TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            entity TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute("CREATE INDEX audit_entity ON audit(entity)")
    # Append-only: the database itself refuses to rewrite history.
    db.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )


def _m2_interview_settings(db: "sqlite_utils.Database") -> None:
    """Round settings the interview mode needs, withdrawing a candidate without deleting their scores, and notes
    taken before a rating."""
    db.execute("ALTER TABLE rounds ADD COLUMN time_budget_minutes INTEGER")
    db.execute("ALTER TABLE rounds ADD COLUMN require_evidence INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE rounds ADD COLUMN weight_reason TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE candidates ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0")
    # Notes typed before a rating is chosen: kept (autosaved) here, because a score row with no rating means
    # N/A. They move into the score when it is rated. Local to this workspace; never exported in packets.
    db.execute(
        """CREATE TABLE pending_notes (
            candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            panelist_id TEXT NOT NULL REFERENCES panelists(id),
            question_id TEXT NOT NULL,
            note TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (candidate_id, panelist_id, question_id)
        )"""
    )


def _m3_decision_basis(db: "sqlite_utils.Database") -> None:
    """What a consensus decision was based on, so a scorecard changed after it marks it "scores changed since".

    ``basis``: a fingerprint of the candidate's submitted scorecards when the decision was recorded (NULL for a
    decision recorded before this step: never marked). ``scores_changed_at``: when they first differed from it;
    cleared when the decision is confirmed again."""
    db.execute("ALTER TABLE decisions ADD COLUMN basis TEXT")
    db.execute("ALTER TABLE decisions ADD COLUMN scores_changed_at TEXT")


def _m4_round_archive(db: "sqlite_utils.Database") -> None:
    """Archived rounds: a finished (locked) round leaves the app's list but stays in the file, with its scores."""
    db.execute("ALTER TABLE rounds ADD COLUMN archived INTEGER NOT NULL DEFAULT 0")


def _m5_packet_trust(db: "sqlite_utils.Database") -> None:
    """Signed packets: the signing keys this workspace has pinned, and why a submitted scorecard was amended
    (a packet carries the reason, so the lead's copy records the same amend as the panelist's)."""
    db.execute("ALTER TABLE verdicts ADD COLUMN amend_reason TEXT")
    db.execute(
        """CREATE TABLE signing_keys (
            subject TEXT PRIMARY KEY,  -- a panelist id, or 'round:<id>' for the lead who sends a round's kits
            name TEXT NOT NULL DEFAULT '',
            public_key TEXT NOT NULL,  -- base64 of the raw Ed25519 public key
            pinned_at TEXT NOT NULL
        )"""
    )


def _m6_rating_takes_pending_note(db: "sqlite_utils.Database") -> None:
    """A rating and the removal of the note typed before it are one write: triggers in the same statement, so a
    crash between them cannot leave a rated question with a stale pending note (one fsync, not two)."""
    for event in ("INSERT", "UPDATE"):
        db.execute(
            f"CREATE TRIGGER scores_take_pending_note_{event.lower()} AFTER {event} ON scores BEGIN "
            "DELETE FROM pending_notes WHERE candidate_id = NEW.candidate_id AND panelist_id = NEW.panelist_id "
            "AND question_id = NEW.question_id; END"
        )


def _m7_search(db: "sqlite_utils.Database") -> None:
    """Full-text search across rounds: candidates' names, score notes and guide questions (SQLite FTS5 through
    sqlite-utils, with its triggers, so the index never drifts from the tables), and indexes for the lookups
    the query plans showed as scans (a name across rounds, counts per round, an audit entity prefix)."""
    db.execute("CREATE INDEX candidates_name ON candidates(name, round_id)")
    db.execute("CREATE INDEX candidates_round_withdrawn ON candidates(round_id, withdrawn)")
    # sqlite-utils runs its DDL through executescript, which COMMITs first: that would end the migration's one
    # transaction half-way. Within this step, run the same statements one by one on the open transaction.
    with _statements_in_transaction(db):
        # remove_diacritics 2: "Jose" finds "José". The external-content tables are keyed on the rowid of their
        # source tables; nothing here ever VACUUMs (which may renumber rowids of tables without an INTEGER
        # PRIMARY KEY), and a 'rebuild' of each *_fts table would repair the index if something did.
        for table, column in (("candidates", "name"), ("scores", "note"), ("guide_questions", "text")):
            db[table].enable_fts([column], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@contextlib.contextmanager
def _statements_in_transaction(db: "sqlite_utils.Database"):
    def executescript(script: str):
        statement = ""
        for line in script.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                db.conn.execute(statement)
                statement = ""
        if statement.strip():
            db.conn.execute(statement)

    db.executescript = executescript  # type: ignore[method-assign]
    try:
        yield
    finally:
        del db.executescript


def _m8_practice_sessions(db: "sqlite_utils.Database") -> None:
    """Practice rating: each person's sessions of rating sample answers blind, with their ratings, so their
    calibration (agreement with the reference levels, leniency or severity) can be shown over time."""
    db.execute(
        """CREATE TABLE practice_sessions (
            id TEXT PRIMARY KEY,
            panelist_id TEXT NOT NULL REFERENCES panelists(id),
            round_id TEXT REFERENCES rounds(id) ON DELETE CASCADE,
            skills TEXT NOT NULL DEFAULT '[]',
            seed INTEGER NOT NULL,
            finished_at TEXT NOT NULL,
            ratings TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX practice_sessions_by_person ON practice_sessions (panelist_id, finished_at)")


MIGRATIONS: tuple[Callable[["sqlite_utils.Database"], None], ...] = (
    _m1_initial,
    _m2_interview_settings,
    _m3_decision_basis,
    _m4_round_archive,
    _m5_packet_trust,
    _m6_rating_takes_pending_note,
    _m7_search,
    _m8_practice_sessions,
)
SCHEMA_VERSION = len(MIGRATIONS)


# --------------------------------------------------------------------------------------------------------------
# The lock that keeps a second running instance out of a workspace.


class _InstanceLock:
    """An exclusive lock held while the workspace is open, so a second running instance is kept out.

    On POSIX it is ``flock`` on the workspace file itself: flock locks are separate from the byte-range locks
    SQLite uses, so they do not interfere, and nothing is written to the file. Windows byte-range locks are
    mandatory and would block SQLite's own reads, so there the lock is on the first byte of a sidecar file
    (``NAME.lock``) instead. Either way the lock vanishes with the process: a crash never leaves a stale one.
    """

    def __init__(self, path: Path):
        self._fd: int | None = None
        self._sidecar: Path | None = None
        self.path = path

    def _busy(self) -> WorkspaceError:
        return WorkspaceBusyError(f"{self.path} is open in another running interview-kit; close it there first")

    def acquire(self) -> None:
        if sys.platform == "win32":
            self._acquire_windows()
            return
        import fcntl

        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise self._busy() from None
        self._fd = fd

    def _acquire_windows(self) -> None:
        import msvcrt

        sidecar = self.path.with_name(self.path.name + ".lock")
        fd = os.open(sidecar, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise self._busy() from None
        self._fd, self._sidecar = fd, sidecar

    def release(self) -> None:
        if self._fd is None:
            return
        if self._sidecar is not None:
            import msvcrt

            os.lseek(self._fd, 0, os.SEEK_SET)
            msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
        os.close(self._fd)
        self._fd = None
        if self._sidecar is not None:
            with contextlib.suppress(OSError):  # another instance may have it open already; then it stays
                self._sidecar.unlink(missing_ok=True)
            self._sidecar = None


# --------------------------------------------------------------------------------------------------------------


def _check_file(path: Path, *, create: bool) -> bool:
    """Look at ``path`` before SQLite does. Returns True when a new workspace must be made there.

    Raises WorkspaceError (and changes nothing) for anything we must not open. An empty file is a leftover of
    an interrupted creation (it holds nothing) and is made into a workspace.
    """
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder; give the path of a workspace file inside it")
    if not path.exists():
        if not create:
            raise WorkspaceError(f"{path} does not exist")
        parent = path.parent
        if parent.exists() and not os.access(parent, os.W_OK):
            raise WorkspaceError(f"cannot create {path}: the folder {parent} is read-only")
        return True
    if workspace_file.is_leftover_empty(path):
        if not create:
            raise WorkspaceError(f"{path} is an empty file, not an interview-kit workspace")
        return True
    return False


def _check_header(path: Path) -> None:
    """Refuse, from the header bytes alone, a file that is not ours, is newer than us, or is read-only."""
    header = workspace_file.read_header(path)
    if header.application_id != APPLICATION_ID and (header.user_version or header.pages > 1):
        raise WorkspaceError(f"{path} is a SQLite database of another program, not an interview-kit workspace")
    _check_version(path, header.user_version)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise WorkspaceError(f"{path} is read-only; copy it somewhere writable or change its permissions")


def _check_version(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise WorkspaceError(
            f"{path} was written by a newer interview-kit (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}); update interview-kit to open it"
        )
    if version < 0:
        raise WorkspaceError(f"{path} is damaged (schema version {version}); restore it from a backup "
                             "(File → Restore from backup)")


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the workspace aside before migrating: written whole, checked, then renamed into place."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    return workspace_file.backup(conn, target, expect_version=version)


class WorkspaceDamaged(WorkspaceError):
    """A value in the file is not what we wrote (damage on disk, or an edit by another tool)."""

    def __init__(self, what: str):
        super().__init__(f"the workspace is damaged ({what}); restore it from a backup (File → Restore from "
                         "backup)")


def _stored_json(text, expected: type, what: str):
    """Decode a JSON column we wrote; anything else is damage, said in one line (not a JSONDecodeError)."""
    try:
        data = json.loads(text) if text else expected()
    except (ValueError, TypeError, RecursionError):
        raise WorkspaceDamaged(f"unreadable {what}") from None
    if not isinstance(data, expected):
        raise WorkspaceDamaged(f"unreadable {what}")
    return data


def _json_list(text: str) -> tuple[str, ...]:
    return tuple(_stored_json(text, list, "list in a guide question"))


def _anchors(text: str) -> tuple[Anchor, ...]:
    data = _stored_json(text, dict, "anchors of a guide question")
    try:
        return tuple(Anchor(int(k), str(v)) for k, v in sorted(data.items(), key=lambda kv: int(kv[0])))
    except (ValueError, TypeError):
        raise WorkspaceDamaged("anchors of a guide question") from None


def _anchors_json(anchors: Iterable[Anchor]) -> str:
    return json.dumps({str(a.level): a.text for a in anchors}, ensure_ascii=False, sort_keys=True)


# The hot path: one prepared statement per score edit (sqlite3 caches the compiled statement by its text).
_UPSERT_SCORE = (
    "INSERT INTO scores (candidate_id, panelist_id, question_id, rating, note, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (candidate_id, panelist_id, question_id) DO UPDATE SET "
    "rating = excluded.rating, note = excluded.note, updated_at = excluded.updated_at"
)


#: Every lookup the app makes while someone waits (a rating, the panel view, a report, start-up, search), in one
#: place. tests/test_store.py runs EXPLAIN QUERY PLAN on each and fails if one scans scores, candidates or audit:
#: a plan that reads the whole table is what made large workspaces slow. The methods below use these strings.
_SCORE_COLUMNS = "s.candidate_id, s.panelist_id, s.question_id, s.rating, s.note, s.updated_at"  # Score's fields, in order

HOT_QUERIES: dict[str, str] = {
    "upsert_score": _UPSERT_SCORE,
    "score": "SELECT * FROM scores WHERE candidate_id = ? AND panelist_id = ? AND question_id = ?",
    "scorecard_state": "SELECT submitted_at, amended_at FROM verdicts WHERE candidate_id = ? AND panelist_id = ?",
    "verdict": "SELECT * FROM verdicts WHERE candidate_id = ? AND panelist_id = ?",
    "scores_of_candidate_by_panelist": (
        f"SELECT {_SCORE_COLUMNS} FROM scores s WHERE s.candidate_id = ? AND s.panelist_id = ? ORDER BY s.question_id"),
    "scores_of_candidate": (
        f"SELECT {_SCORE_COLUMNS} FROM scores s WHERE s.candidate_id = ? ORDER BY s.panelist_id, s.question_id"),
    "scores_of_round": (
        f"SELECT {_SCORE_COLUMNS} FROM candidates c JOIN scores s ON s.candidate_id = c.id WHERE c.round_id = ? "
        "ORDER BY c.position, s.panelist_id, s.question_id"),
    "verdicts_of_round": (
        "SELECT v.* FROM candidates c JOIN verdicts v ON v.candidate_id = c.id WHERE c.round_id = ? "
        "ORDER BY c.position, v.panelist_id"),
    "verdicts_of_candidate": "SELECT v.* FROM verdicts v WHERE v.candidate_id = ? ORDER BY v.panelist_id",
    "decisions_of_round": (
        "SELECT d.* FROM candidates c JOIN decisions d ON d.candidate_id = c.id WHERE c.round_id = ?"),
    "candidates_of_round": "SELECT * FROM candidates WHERE round_id = ? ORDER BY position",
    "candidate": "SELECT * FROM candidates WHERE id = ?",
    "candidates_by_name": (
        "SELECT c.*, r.title AS round_title FROM candidates c JOIN rounds r ON r.id = c.round_id WHERE c.name = ?"),
    "candidates_by_name_in_round": (
        "SELECT c.*, r.title AS round_title FROM candidates c JOIN rounds r ON r.id = c.round_id "
        "WHERE c.name = ? AND c.round_id = ?"),
    # The rounds list: each round with its skills (in order) and its active candidates, in one query.
    "rounds_overview": (
        "SELECT r.*, "
        "(SELECT count(*) FROM candidates c WHERE c.round_id = r.id AND c.withdrawn = 0) AS candidate_count, "
        "(SELECT json_group_array(json_array(k.position, k.skill, k.name, k.weight)) FROM round_skills k "
        "WHERE k.round_id = r.id) AS skills_json "
        "FROM rounds r ORDER BY r.created_at, r.title"),
    "audit_by_entity_prefix": "SELECT * FROM audit WHERE entity >= ? AND entity < ? ORDER BY id",
    "panel": (
        "SELECT p.* FROM round_panelists rp JOIN panelists p ON p.id = rp.panelist_id WHERE rp.round_id = ? "
        "ORDER BY p.name, p.id"),
    "search_candidates": (
        "SELECT c.id AS candidate_id, c.round_id, c.name AS candidate_name, r.title AS round_title, "
        "snippet(candidates_fts, 0, '', '', '…', 16) AS snippet "
        "FROM candidates_fts JOIN candidates c ON c.rowid = candidates_fts.rowid JOIN rounds r ON r.id = c.round_id "
        "WHERE candidates_fts MATCH ? LIMIT ?"),
    "search_questions": (
        "SELECT g.round_id, g.id AS question_id, g.position, r.title AS round_title, "
        "snippet(guide_questions_fts, 0, '', '', '…', 16) AS snippet "
        "FROM guide_questions_fts JOIN guide_questions g ON g.rowid = guide_questions_fts.rowid "
        "JOIN rounds r ON r.id = g.round_id WHERE guide_questions_fts MATCH ? LIMIT ?"),
    # A note is found by its author, by anyone who has submitted their own scorecard for that candidate, and by
    # someone not on that round's panel (a lead who did not interview): scoring.visible_scores' rule, in SQL so
    # that it holds before the LIMIT. A viewer with no name counts as a panelist who has submitted nothing.
    "search_notes": (
        "SELECT s.candidate_id, s.panelist_id, s.question_id, c.round_id, c.name AS candidate_name, "
        "r.title AS round_title, snippet(scores_fts, 0, '', '', '…', 16) AS snippet "
        "FROM scores_fts JOIN scores s ON s.rowid = scores_fts.rowid JOIN candidates c ON c.id = s.candidate_id "
        "JOIN rounds r ON r.id = c.round_id "
        "WHERE scores_fts MATCH ?1 AND ?2 IS NOT NULL AND (s.panelist_id = ?2 "
        "OR NOT EXISTS (SELECT 1 FROM round_panelists rp WHERE rp.round_id = c.round_id AND rp.panelist_id = ?2) "
        "OR EXISTS (SELECT 1 FROM verdicts v WHERE v.candidate_id = s.candidate_id AND v.panelist_id = ?2 "
        "AND v.submitted_at IS NOT NULL)) LIMIT ?3"),
}


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must appear, each as a prefix ("ana" finds "Ana" and
    "analyst"), and nothing the user types is read as FTS syntax."""
    import re

    words = re.findall(r"\w+", text)
    if not words:
        raise WorkspaceError("search for at least one letter or digit")
    return " ".join(f'"{w}"*' for w in words)


# ------------------------------------------------------------------------------------------ packet support
# Bulk reads and writes for merging packets: one SELECT per packet to see what is here, one executemany to write
# what changed. The merge rules themselves live in packets.py.


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _PacketRows:
    """Mixin of the bulk methods a packet merge needs (kept together so the hot SQL is in one place)."""

    conn: sqlite3.Connection

    def score_rows(self, candidate_ids: Iterable[str], panelist_id: str) -> dict[tuple[str, str, str], tuple]:
        """{(candidate, panelist, question): (rating, note, updated_at)} of one panelist for these candidates.

        Keyed on the primary key's first two columns, so the cost follows the packet's size, not the table's.
        """
        out: dict[tuple[str, str, str], tuple] = {}
        for chunk in _chunks(sorted(set(candidate_ids))):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT candidate_id, panelist_id, question_id, rating, note, updated_at FROM scores "
                f"WHERE candidate_id IN ({marks}) AND panelist_id = ?",
                (*chunk, panelist_id),
            ):
                out[(r[0], r[1], r[2])] = (r[3], r[4], r[5])
        return out

    def write_score_rows(self, rows: list[tuple]) -> None:
        """Upsert (candidate, panelist, question, rating, note, updated_at) rows as they are (no audit)."""
        self.conn.executemany(_UPSERT_SCORE, rows)
        self.note_changed_decisions({r[0] for r in rows})  # type: ignore[attr-defined]

    def verdict_rows(self, candidate_ids: Iterable[str]) -> dict[tuple[str, str], tuple]:
        """{(candidate, panelist): (recommendation, summary, submitted_at, amended_at, amend_reason, updated_at)}."""
        out: dict[tuple[str, str], tuple] = {}
        for chunk in _chunks(sorted(set(candidate_ids))):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT candidate_id, panelist_id, recommendation, summary, submitted_at, amended_at, amend_reason, "
                f"updated_at FROM verdicts WHERE candidate_id IN ({marks})",
                chunk,
            ):
                out[(r[0], r[1])] = tuple(r[2:])
        return out

    def write_verdict_rows(self, rows: list[tuple]) -> None:
        """Upsert (candidate, panelist, recommendation, summary, submitted_at, amended_at, amend_reason,
        updated_at) rows as they are (the packet merge writes its own audit rows)."""
        self.conn.executemany(
            "INSERT INTO verdicts (candidate_id, panelist_id, recommendation, summary, submitted_at, amended_at, "
            "amend_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (candidate_id, panelist_id) "
            "DO UPDATE SET recommendation = excluded.recommendation, summary = excluded.summary, "
            "submitted_at = excluded.submitted_at, amended_at = excluded.amended_at, "
            "amend_reason = excluded.amend_reason, updated_at = excluded.updated_at",
            rows,
        )
        self.note_changed_decisions({r[0] for r in rows})  # type: ignore[attr-defined]

    # Signing keys a workspace has pinned: a panelist's (their id), or the lead's of a round ('round:<id>').

    def pinned_key(self, subject: str) -> tuple[str, str, str] | None:
        """(public key, name, pinned_at) pinned for ``subject``, or None."""
        row = self.conn.execute(
            "SELECT public_key, name, pinned_at FROM signing_keys WHERE subject = ?", (subject,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def pin_key(self, subject: str, name: str, public_key: str, *, actor: str = "", detail: dict | None = None) -> None:
        """Pin (or re-pin) ``subject``'s signing key; audited with the old and new key."""
        old = self.pinned_key(subject)
        with self.transaction():  # type: ignore[attr-defined]
            self.conn.execute(
                "INSERT INTO signing_keys (subject, name, public_key, pinned_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (subject) DO UPDATE SET name = excluded.name, public_key = excluded.public_key, "
                "pinned_at = excluded.pinned_at",
                (subject, name, public_key, now()),
            )
            self.audit("key.pin" if old is None else "key.repin", f"key:{subject}",  # type: ignore[attr-defined]
                       {"name": name, "old": old[0] if old else None, "new": public_key, **(detail or {})}, actor)

    def unpin_key(self, subject: str, *, actor: str = "") -> bool:
        """Forget ``subject``'s pinned key (the next packet accepted from them pins its key). Audited."""
        old = self.pinned_key(subject)
        if old is None:
            return False
        with self.transaction():  # type: ignore[attr-defined]
            self.conn.execute("DELETE FROM signing_keys WHERE subject = ?", (subject,))
            self.audit("key.unpin", f"key:{subject}", {"name": old[1], "old": old[0]}, actor)  # type: ignore[attr-defined]
        return True

    def adopt_round(self, rnd: Round, guide: Sequence[GuideQuestion]) -> None:
        """Create a locked round with the ids it has elsewhere (a round kit opened on a panelist's laptop)."""
        self.conn.execute(
            "INSERT INTO rounds (id, title, role, role_name, per_skill, seed, locked, locked_at, created_at, "
            "time_budget_minutes, require_evidence, weight_reason) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
            (rnd.id, rnd.title, rnd.role, rnd.role_name, rnd.per_skill, rnd.seed, rnd.locked_at or now(), now(),
             rnd.time_budget_minutes, int(rnd.require_evidence), rnd.weight_reason),
        )
        self._write_round_skills(rnd.id, rnd.skills)  # type: ignore[attr-defined]
        self.conn.executemany(
            "INSERT INTO guide_questions (round_id, id, position, skill, kind, text, probes, anchors, minutes, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (rnd.id, q.id, i, q.skill, q.kind, q.text, json.dumps(list(q.probes), ensure_ascii=False),
                 _anchors_json(q.anchors), q.minutes, q.source)
                for i, q in enumerate(guide)
            ],
        )

    def adopt_candidates(self, round_id: str, candidates: Sequence[Candidate]) -> int:
        """Add candidates with their own ids (and positions) where this workspace lacks them. Returns how many."""
        have = {r[0] for r in self.conn.execute("SELECT id FROM candidates WHERE round_id = ?", (round_id,))}
        new = [c for c in candidates if c.id not in have]
        self.conn.executemany(
            "INSERT INTO candidates (id, round_id, name, email, position, created_at, withdrawn) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(c.id, round_id, c.name, c.email, c.position, now(), int(c.withdrawn)) for c in new],
        )
        return len(new)

    def adopt_panelists(self, round_id: str, panelists: Sequence[Panelist]) -> int:
        """Add panelists with their own ids where missing, and put them on the round's panel."""
        have = {r[0] for r in self.conn.execute("SELECT id FROM panelists")}
        new = [p for p in panelists if p.id not in have]
        self.conn.executemany("INSERT INTO panelists (id, name) VALUES (?, ?)", [(p.id, p.name) for p in new])
        self.conn.executemany(
            "INSERT OR IGNORE INTO round_panelists (round_id, panelist_id) VALUES (?, ?)",
            [(round_id, p.id) for p in panelists],
        )
        return len(new)

    def candidate_rounds(self, candidate_ids: Iterable[str]) -> dict[str, str]:
        """{candidate id: round id} for those of these candidates that exist here."""
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(set(candidate_ids))):
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT id, round_id FROM candidates WHERE id IN ({marks})", chunk))
        return out

    def round_or_none(self, round_id: str) -> Round | None:
        row = self.conn.execute("SELECT * FROM rounds WHERE id = ?", (round_id,)).fetchone()
        return self._round_from_row(row) if row else None  # type: ignore[attr-defined]


class Workspace(_PacketRows):
    """One open workspace file. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: _InstanceLock, migrated_from: int | None):
        self.path = path
        self.conn = conn
        self._db = None
        #: Guides of locked rounds never change, so they are read from the file once per open.
        self._frozen_guides: dict[str, list[GuideQuestion]] = {}
        self._lock = lock
        #: The schema version the file had before this open migrated it (None when nothing was migrated).
        self.migrated_from = migrated_from
        self.backup_path: Path | None = None

    # ---------------------------------------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True) -> "Workspace":
        path = Path(path).expanduser()
        must_create = _check_file(path, create=create)
        workspace_file.remove_interrupted_creations(path)
        if must_create:
            workspace_file.create(path, cls._build_new, replace_empty=path.exists())
        else:
            _check_header(path)
        lock = _InstanceLock(path)
        lock.acquire()
        conn = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            # A leftover rollback journal of ours is rolled back here, by this read-write connection.
            workspace_file.check_readable(conn, path)
            cls._configure(conn, wal=False)
            ws = cls(path, conn, lock, None)
            ws._migrate(fresh=False)
            cls._use_wal(conn)
        except BaseException as e:
            if conn is not None:
                conn.close()
            lock.release()
            if isinstance(e, sqlite3.Error):
                raise WorkspaceError(f"cannot open {path}: {e}") from None
            raise
        return ws

    @classmethod
    def _build_new(cls, tmp: Path) -> None:
        """Write a complete, empty workspace at ``tmp`` (see ``workspace_file.create``)."""
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            cls._configure(conn)
            cls(tmp, conn, _InstanceLock(tmp), None)._migrate(fresh=True)
        finally:
            conn.close()

    @staticmethod
    def _configure(conn: sqlite3.Connection, *, wal: bool = True) -> None:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA foreign_keys = ON")
        if wal:
            Workspace._use_wal(conn)

    @staticmethod
    def _use_wal(conn: sqlite3.Connection) -> None:
        """Switch to WAL (a write to the header when the file is in another mode, so it comes after the
        migration backup: the backup is of the file exactly as it was)."""
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise WorkspaceError(f"the workspace could not be switched to WAL mode (got {mode})")
        # FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and the promise is
        # that a crash or power cut loses at most the edit in flight. bench/autosave.py shows the cost.
        conn.execute("PRAGMA synchronous = FULL")

    def _migrate(self, *, fresh: bool) -> None:
        version = self.schema_version
        if version == SCHEMA_VERSION:
            return
        _check_version(self.path, version)  # the header may be stale when the WAL holds a newer version
        if not fresh and version > 0:
            self.backup_path = _backup(self.conn, self.path, version)
        with self.transaction():
            for step in MIGRATIONS[version:]:
                step(self.db)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if version == 0:
                self._set_meta("workspace_id", new_id())
                self._set_meta("created_at", now())
        self.migrated_from = version if not fresh else None

    def close(self) -> None:
        if self.conn is not None:
            # Nothing is written on close (no PRAGMA optimize): opening a workspace and refusing a bad file
            # must leave it byte-for-byte as it was.
            self.conn.close()
            self.conn = None  # type: ignore[assignment]
        self._lock.release()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------- plumbing

    @property
    def db(self) -> "sqlite_utils.Database":
        """The sqlite-utils view of the same connection (migrations, bulk writes)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def transaction(self):
        """``with ws.transaction():`` — one all-or-nothing write (BEGIN IMMEDIATE … COMMIT/ROLLBACK)."""
        return _Transaction(self.conn)

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self._set_meta(key, value)

    def audit(self, action: str, entity: str = "", detail: dict | None = None, actor: str = "") -> None:
        self.conn.execute(
            "INSERT INTO audit (at, actor, action, entity, detail) VALUES (?, ?, ?, ?, ?)",
            (now(), actor, action, entity, json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)),
        )

    def audit_events(self, entity_prefix: str | None = None) -> list[AuditEvent]:
        if entity_prefix:
            # A prefix as a range on the entity index (LIKE cannot use it: it is case-insensitive).
            after = entity_prefix[:-1] + chr(ord(entity_prefix[-1]) + 1)
            rows = self.conn.execute(HOT_QUERIES["audit_by_entity_prefix"], (entity_prefix, after)).fetchall()
        else:
            rows = self.conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
        return [
            AuditEvent(r["id"], r["at"], r["actor"], r["action"], r["entity"], _stored_json(r["detail"], dict, "audit detail"))
            for r in rows
        ]

    # --------------------------------------------------------------------------------------------- rounds

    def create_round(
        self,
        title: str,
        role: str,
        skills: Sequence[RoleSkill],
        *,
        per_skill: int = 2,
        seed: int = 0,
        time_budget_minutes: int | None = None,
        require_evidence: bool = False,
        weight_reason: str = "",
        round_id: str | None = None,
        role_name: str = "",
        actor: str = "",
    ) -> Round:
        title = title.strip()
        if not title:
            raise WorkspaceError("a round needs a title")
        rid = round_id or new_id()
        with self.transaction():
            self.conn.execute(
                "INSERT INTO rounds (id, title, role, role_name, per_skill, seed, locked, created_at, "
                "time_budget_minutes, require_evidence, weight_reason) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                (rid, title, role, role_name, per_skill, seed, now(), time_budget_minutes, int(require_evidence),
                 weight_reason),
            )
            self._write_round_skills(rid, skills)
            self.audit("round.create", f"round:{rid}", {"title": title, "role": role}, actor)
        return self.round(rid)

    def _write_round_skills(self, round_id: str, skills: Sequence[RoleSkill]) -> None:
        self.conn.execute("DELETE FROM round_skills WHERE round_id = ?", (round_id,))
        self.conn.executemany(
            "INSERT INTO round_skills (round_id, skill, name, weight, position) VALUES (?, ?, ?, ?, ?)",
            [(round_id, s.skill, s.name, float(s.weight), i) for i, s in enumerate(skills)],
        )

    def _round_from_row(self, row: sqlite3.Row, skills: tuple[RoleSkill, ...] | None = None) -> Round:
        if skills is None:
            skills = tuple(
                RoleSkill(r["skill"], r["weight"], r["name"])
                for r in self.conn.execute(
                    "SELECT skill, name, weight FROM round_skills WHERE round_id = ? ORDER BY position", (row["id"],)
                )
            )
        return Round(
            id=row["id"],
            title=row["title"],
            role=row["role"],
            role_name=row["role_name"],
            per_skill=row["per_skill"],
            seed=row["seed"],
            locked=bool(row["locked"]),
            locked_at=row["locked_at"],
            created_at=row["created_at"],
            time_budget_minutes=row["time_budget_minutes"],
            require_evidence=bool(row["require_evidence"]),
            weight_reason=row["weight_reason"],
            skills=skills,
            archived=bool(row["archived"]),
        )

    def rounds_overview(self) -> list[tuple[Round, int]]:
        """Every round with its skills and its number of active candidates, in one query."""
        out = []
        parsed: dict[str, tuple[RoleSkill, ...]] = {}  # rounds of one role share their skills: parse each once
        for row in self.conn.execute(HOT_QUERIES["rounds_overview"]):
            text = row["skills_json"]
            skills = parsed.get(text)
            if skills is None:
                skills = parsed[text] = tuple(RoleSkill(skill, weight, name)
                                              for _pos, skill, name, weight in sorted(json.loads(text)))
            out.append((self._round_from_row(row, skills), row["candidate_count"]))
        return out

    def rounds(self) -> list[Round]:
        return [rnd for rnd, _count in self.rounds_overview()]

    def has_rounds(self) -> bool:
        return self.conn.execute("SELECT 1 FROM rounds LIMIT 1").fetchone() is not None

    def round(self, round_id: str) -> Round:
        row = self.conn.execute("SELECT * FROM rounds WHERE id = ?", (round_id,)).fetchone()
        if row is None:
            raise WorkspaceError(f"no round with id {round_id}")
        return self._round_from_row(row)

    def find_round(self, ref: str) -> Round:
        """A round by its id or its unique title (what the command line accepts as ROUND)."""
        row = self.conn.execute("SELECT * FROM rounds WHERE id = ?", (ref,)).fetchone()
        if row is not None:
            return self._round_from_row(row)
        rows = self.conn.execute("SELECT * FROM rounds WHERE title = ?", (ref,)).fetchall()
        if not rows:
            rows = self.conn.execute("SELECT * FROM rounds WHERE lower(title) = lower(?)", (ref,)).fetchall()
        if not rows:
            raise WorkspaceError(f"no round called {ref!r}; `interview-kit round list` shows the rounds")
        if len(rows) > 1:
            ids = ", ".join(r["id"] for r in rows)
            raise WorkspaceError(f"{len(rows)} rounds are called {ref!r}; use one of their ids: {ids}")
        return self._round_from_row(rows[0])

    def candidate_counts(self) -> dict[str, int]:
        """{round id: active candidates} for every round."""
        return {rnd.id: count for rnd, count in self.rounds_overview()}

    def _require_draft(self, round_id: str) -> Round:
        rnd = self.round(round_id)
        if rnd.locked:
            raise ReadOnlyRoundError(
                f"round {rnd.title!r} is locked; duplicate it into a new draft to change its guide"
            )
        return rnd

    def set_guide(self, round_id: str, questions: Sequence[GuideQuestion]) -> None:
        """Replace a draft round's guide with copies of ``questions`` (position follows the sequence)."""
        self._require_draft(round_id)
        with self.transaction():
            self.conn.execute("DELETE FROM guide_questions WHERE round_id = ?", (round_id,))
            self.conn.executemany(
                "INSERT INTO guide_questions (round_id, id, position, skill, kind, text, probes, anchors, minutes, "
                "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        round_id,
                        q.id,
                        i,
                        q.skill,
                        q.kind,
                        q.text,
                        json.dumps(list(q.probes), ensure_ascii=False),
                        _anchors_json(q.anchors),
                        q.minutes,
                        q.source,
                    )
                    for i, q in enumerate(questions)
                ],
            )

    def update_round(self, round_id: str, **fields) -> Round:
        """Change a draft round's settings (title, per_skill, seed, time budget, evidence rule, skills)."""
        self._require_draft(round_id)
        allowed = {"title", "role", "role_name", "per_skill", "seed", "time_budget_minutes", "require_evidence", "weight_reason"}
        skills = fields.pop("skills", None)
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown round fields: {sorted(unknown)}")
        with self.transaction():
            for key, value in fields.items():
                if key == "require_evidence":
                    value = int(bool(value))
                self.conn.execute(f"UPDATE rounds SET {key} = ? WHERE id = ?", (value, round_id))
            if skills is not None:
                self._write_round_skills(round_id, skills)
        return self.round(round_id)

    def lock_round(self, round_id: str, actor: str = "") -> Round:
        """Freeze a round: its guide (already copied into the workspace) can no longer change."""
        rnd = self._require_draft(round_id)
        count = self.conn.execute(
            "SELECT count(*) FROM guide_questions WHERE round_id = ?", (round_id,)
        ).fetchone()[0]
        if count == 0:
            raise WorkspaceError(f"round {rnd.title!r} has no questions yet; draw its guide before locking it")
        with self.transaction():
            self.conn.execute("UPDATE rounds SET locked = 1, locked_at = ? WHERE id = ?", (now(), round_id))
            self.audit("round.lock", f"round:{round_id}", {"questions": count}, actor)
        return self.round(round_id)

    def duplicate_round(self, round_id: str, title: str | None = None, actor: str = "") -> Round:
        """A new draft with the same settings and a copy of the guide (a locked round is never edited)."""
        src = self.round(round_id)
        with self.transaction():
            copy = self.create_round(
                title or f"{src.title} (copy)", src.role, src.skills, per_skill=src.per_skill, seed=src.seed,
                time_budget_minutes=src.time_budget_minutes, require_evidence=src.require_evidence,
                weight_reason=src.weight_reason, role_name=src.role_name,
            )
            self.set_guide(copy.id, self.guide(round_id))
            self.audit("round.duplicate", f"round:{copy.id}", {"from": round_id}, actor)
        return copy

    def delete_round(self, round_id: str, actor: str = "") -> RoundSnapshot:
        """Delete a draft round with its guide and candidates (audited). A locked round is archived instead: its
        scores are evidence. Returns what :meth:`restore_round` needs to undo it."""
        rnd = self.round(round_id)
        if rnd.locked:
            raise ReadOnlyRoundError(f"round {rnd.title!r} is locked; archive it instead of deleting it")
        snapshot = RoundSnapshot(rnd, tuple(self._read_guide(round_id)), tuple(self.candidates(round_id)))
        with self.transaction():
            self.conn.execute("DELETE FROM rounds WHERE id = ?", (round_id,))
            self.audit("round.delete", f"round:{round_id}", {"title": rnd.title, "candidates": len(snapshot.candidates)},
                       actor)
        return snapshot

    def restore_round(self, snapshot: "RoundSnapshot", actor: str = "") -> Round:
        """Put back a draft round removed by :meth:`delete_round` (its ids too), audited."""
        rnd = snapshot.round
        with self.transaction():
            self.create_round(
                rnd.title, rnd.role, rnd.skills, per_skill=rnd.per_skill, seed=rnd.seed,
                time_budget_minutes=rnd.time_budget_minutes, require_evidence=rnd.require_evidence,
                weight_reason=rnd.weight_reason, round_id=rnd.id, role_name=rnd.role_name,
            )
            self.conn.execute("UPDATE rounds SET created_at = ? WHERE id = ?", (rnd.created_at, rnd.id))
            self.set_guide(rnd.id, snapshot.guide)
            for c in snapshot.candidates:
                self.add_candidate(rnd.id, c.name, c.email, candidate_id=c.id)
                if c.withdrawn:
                    self.conn.execute("UPDATE candidates SET withdrawn = 1 WHERE id = ?", (c.id,))
            self.audit("round.restore", f"round:{rnd.id}", {"title": rnd.title}, actor)
        return self.round(rnd.id)

    def set_archived(self, round_id: str, archived: bool = True, actor: str = "") -> Round:
        """Archive a locked round (it leaves the app's list and stays in the file) or bring it back; audited."""
        rnd = self.round(round_id)
        if archived and not rnd.locked:
            raise WorkspaceError(f"round {rnd.title!r} is a draft; delete it instead, or lock it first")
        with self.transaction():
            self.conn.execute("UPDATE rounds SET archived = ? WHERE id = ?", (int(archived), round_id))
            self.audit("round.archive" if archived else "round.unarchive", f"round:{round_id}", {"title": rnd.title},
                       actor)
        return self.round(round_id)

    def round_history(self, round_id: str, candidate_id: str | None = None) -> list[AuditEvent]:
        """The audit trail of a round, oldest first: the round itself, its candidates, their scorecards and the
        people on its panel; or, with ``candidate_id``, that candidate and their scorecards only."""
        where_candidate = "c.round_id = :rid" + (" AND c.id = :cid" if candidate_id else "")
        own = "" if candidate_id else (
            "a.entity = 'round:' || :rid OR a.entity IN (SELECT 'panelist:' || panelist_id FROM round_panelists "
            "WHERE round_id = :rid) OR "
        )
        rows = self.conn.execute(
            f"SELECT a.* FROM audit a WHERE {own}EXISTS (SELECT 1 FROM candidates c WHERE {where_candidate} AND "
            "(a.entity = 'candidate:' || c.id OR substr(a.entity, 1, length(c.id) + 11) = 'scorecard:' || c.id || ':'))"
            " ORDER BY a.id",
            {"rid": round_id, "cid": candidate_id},
        ).fetchall()
        return [AuditEvent(r["id"], r["at"], r["actor"], r["action"], r["entity"], json.loads(r["detail"]))
                for r in rows]

    def guide(self, round_id: str) -> list[GuideQuestion]:
        frozen = self._frozen_guides.get(round_id)
        if frozen is not None:
            return list(frozen)
        locked = self.conn.execute("SELECT locked FROM rounds WHERE id = ?", (round_id,)).fetchone()
        guide = self._read_guide(round_id)
        if locked and locked[0]:
            self._frozen_guides[round_id] = guide
        return list(guide)

    def _read_guide(self, round_id: str) -> list[GuideQuestion]:
        rows = self.conn.execute(
            "SELECT * FROM guide_questions WHERE round_id = ? ORDER BY position", (round_id,)
        ).fetchall()
        return [
            GuideQuestion(
                id=r["id"],
                round_id=r["round_id"],
                position=r["position"],
                skill=r["skill"],
                kind=r["kind"],
                text=r["text"],
                probes=_json_list(r["probes"]),
                anchors=_anchors(r["anchors"]),
                minutes=r["minutes"],
                source=r["source"],
            )
            for r in rows
        ]

    # -------------------------------------------------------------------------------------- candidates

    def add_candidate(self, round_id: str, name: str, email: str = "", candidate_id: str | None = None,
                      actor: str = "") -> Candidate:
        name = clean_name(name, "a candidate's name")
        email = clean_email(email)
        self.round(round_id)
        cid = candidate_id or new_id()
        with self.transaction():
            position = self.conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM candidates WHERE round_id = ?", (round_id,)
            ).fetchone()[0]
            self.conn.execute(
                "INSERT INTO candidates (id, round_id, name, email, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (cid, round_id, name, email, position, now()),
            )
            self.audit("candidate.add", f"candidate:{cid}", {"round": round_id, "name": name}, actor)
        return self.candidate(cid)

    def _candidate_from_row(self, r: sqlite3.Row) -> Candidate:
        return Candidate(r["id"], r["round_id"], r["name"], r["email"], r["position"], bool(r["withdrawn"]))

    def candidate(self, candidate_id: str) -> Candidate:
        row = self.conn.execute(HOT_QUERIES["candidate"], (candidate_id,)).fetchone()
        if row is None:
            raise WorkspaceError(f"no candidate with id {candidate_id}")
        return self._candidate_from_row(row)

    def candidates(self, round_id: str, *, include_withdrawn: bool = True) -> list[Candidate]:
        rows = self.conn.execute(HOT_QUERIES["candidates_of_round"], (round_id,)).fetchall()
        return [self._candidate_from_row(r) for r in rows if include_withdrawn or not r["withdrawn"]]

    def find_candidate(self, ref: str, round_id: str | None = None) -> Candidate:
        """A candidate by id, or by a name unique within ``round_id`` (or across all rounds when None)."""
        row = self.conn.execute("SELECT * FROM candidates WHERE id = ?", (ref,)).fetchone()
        if row is not None and (round_id is None or row["round_id"] == round_id):
            return self._candidate_from_row(row)
        if round_id is None:
            rows = self.conn.execute(HOT_QUERIES["candidates_by_name"], (ref,)).fetchall()
        else:
            rows = self.conn.execute(HOT_QUERIES["candidates_by_name_in_round"], (ref, round_id)).fetchall()
        if not rows:
            raise WorkspaceError(f"no candidate called {ref!r}")
        if len(rows) > 1:
            rounds = ", ".join(sorted({r["round_title"] for r in rows}))
            raise WorkspaceError(f"{len(rows)} candidates are called {ref!r} (rounds: {rounds}); use an id")
        return self._candidate_from_row(rows[0])

    def rename_candidate(self, candidate_id: str, name: str, actor: str = "") -> Candidate:
        old = self.candidate(candidate_id)
        name = clean_name(name, "a candidate's name")
        with self.transaction():
            self.conn.execute("UPDATE candidates SET name = ? WHERE id = ?", (name, candidate_id))
            self.audit("candidate.rename", f"candidate:{candidate_id}", {"old": old.name, "new": name}, actor)
        return self.candidate(candidate_id)

    def set_withdrawn(self, candidate_id: str, withdrawn: bool = True, actor: str = "") -> Candidate:
        with self.transaction():
            self.conn.execute("UPDATE candidates SET withdrawn = ? WHERE id = ?", (int(withdrawn), candidate_id))
            self.audit("candidate.withdraw" if withdrawn else "candidate.reinstate", f"candidate:{candidate_id}", {}, actor)
        return self.candidate(candidate_id)

    # ---------------------------------------------------------------------------------------- panelists

    def panelist(self, panelist_id: str) -> Panelist:
        row = self.conn.execute("SELECT * FROM panelists WHERE id = ?", (panelist_id,)).fetchone()
        if row is None:
            raise WorkspaceError(f"no panelist with id {panelist_id}")
        return Panelist(row["id"], row["name"])

    def panelists(self) -> list[Panelist]:
        return [Panelist(r["id"], r["name"]) for r in self.conn.execute("SELECT * FROM panelists ORDER BY name")]

    def panelist_by_name(self, name: str) -> Panelist | None:
        row = self.conn.execute(
            "SELECT * FROM panelists WHERE lower(name) = lower(?) ORDER BY id LIMIT 1", (name.strip(),)
        ).fetchone()
        return Panelist(row["id"], row["name"]) if row else None

    def ensure_panelist(self, name: str, panelist_id: str | None = None) -> Panelist:
        """The panelist with this id (or, without one, this name), created when new."""
        name = clean_name(name, "a panelist's name")
        if panelist_id:
            row = self.conn.execute("SELECT * FROM panelists WHERE id = ?", (panelist_id,)).fetchone()
            if row:
                return Panelist(row["id"], row["name"])
        else:
            found = self.panelist_by_name(name)
            if found:
                return found
        pid = panelist_id or new_id()
        self.conn.execute("INSERT INTO panelists (id, name) VALUES (?, ?)", (pid, name))
        return Panelist(pid, name)

    def join_panel(self, round_id: str, panelist_id: str) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO round_panelists (round_id, panelist_id) VALUES (?, ?)", (round_id, panelist_id)
        )

    def panel(self, round_id: str) -> list[Panelist]:
        rows = self.conn.execute(HOT_QUERIES["panel"], (round_id,)).fetchall()
        return [Panelist(r["id"], r["name"]) for r in rows]

    def me(self) -> Panelist | None:
        """The person using this copy (their panelist identity), if they have said who they are."""
        pid = self.meta("me")
        return self.panelist(pid) if pid else None

    def set_me(self, name: str) -> Panelist:
        """Say who uses this copy (an existing panelist of that name is that person); also makes this copy's
        signing key if it has none yet (see ``identity``)."""
        from . import identity

        p = self.ensure_panelist(clean_name(name))
        self.set_meta("me", p.id)
        try:
            identity.ensure_keypair()
        except UserError:
            pass  # a data folder we cannot write: the first export makes the key, or says why it cannot
        return p

    def rename_me(self, name: str, actor: str = "") -> Panelist:
        """Change the name of the person using this copy (File → My name…); audited old → new. Their id, and so
        their scores on every round, stay theirs."""
        name = clean_name(name)
        me = self.me()
        if me is None:
            return self.set_me(name)
        if name == me.name:
            return me
        with self.transaction():
            self.conn.execute("UPDATE panelists SET name = ? WHERE id = ?", (name, me.id))
            self.audit("panelist.rename", f"panelist:{me.id}", {"old": me.name, "new": name}, actor or me.name)
        return self.panelist(me.id)

    # ------------------------------------------------------------------------------------------ practice

    def add_practice_session(self, panelist_id: str, seed: int, ratings: Sequence[PracticeRating], *,
                             round_id: str | None = None, skills: Sequence[str] = (),
                             finished_at: str | None = None) -> PracticeSession:
        """Keep a finished practice run (one row; the figures are computed from the ratings when read)."""
        session = PracticeSession(id=new_id(), panelist_id=panelist_id, seed=seed,
                                  finished_at=finished_at or now(), ratings=tuple(ratings), round_id=round_id,
                                  skills=tuple(skills))
        rows = [{"question_id": r.question_id, "sample": r.sample, "reference": r.reference, "rating": r.rating}
                for r in session.ratings]
        with self.transaction():
            self.conn.execute(
                "INSERT INTO practice_sessions (id, panelist_id, round_id, skills, seed, finished_at, ratings) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session.id, panelist_id, round_id, json.dumps(list(session.skills)), seed, session.finished_at,
                 json.dumps(rows)),
            )
        return session

    def practice_sessions(self, panelist_id: str, *, round_id: str | None = None) -> list[PracticeSession]:
        """A person's practice sessions, oldest first (only those for ``round_id`` when given)."""
        sql = "SELECT * FROM practice_sessions WHERE panelist_id = ?"
        params: list = [panelist_id]
        if round_id is not None:
            sql += " AND round_id = ?"
            params.append(round_id)
        rows = self.conn.execute(sql + " ORDER BY finished_at, id", params).fetchall()
        return [
            PracticeSession(
                id=r["id"], panelist_id=r["panelist_id"], seed=r["seed"], finished_at=r["finished_at"],
                round_id=r["round_id"], skills=tuple(_stored_json(r["skills"], list, "practice skills")),
                ratings=tuple(PracticeRating(x["question_id"], x["sample"], x["reference"], x["rating"])
                              for x in _stored_json(r["ratings"], list, "practice ratings")),
            )
            for r in rows
        ]

    # -------------------------------------------------------------------------------------------- scores

    def set_score(
        self,
        candidate_id: str,
        panelist_id: str,
        question_id: str,
        rating: int | None,
        note: str = "",
        *,
        actor: str = "",
    ) -> str:
        """Record one score and commit it at once (autosave). Returns its ``updated_at``.

        A panelist who has submitted their scorecard must :meth:`amend` first; an amended change is audited with
        its old and new value.
        """
        if rating is not None and rating not in (1, 2, 3, 4, 5):
            raise WorkspaceError(f"a rating is 1 to 5 or N/A, not {rating!r}")
        if len(note) > MAX_NOTE:  # what a packet carries, so that every copy accepts what this one stores
            raise WorkspaceError(f"a note is at most {MAX_NOTE:,} characters; this one has {len(note):,}")
        stamp = now()
        state = self.conn.execute(HOT_QUERIES["scorecard_state"], (candidate_id, panelist_id)).fetchone()
        if state is not None and state[0] is not None:
            raise ReadOnlyRoundError("this scorecard is submitted; choose Amend to change it")
        if state is not None and state[1] is not None:
            old = self.score(candidate_id, panelist_id, question_id)
            with self.transaction():
                self.conn.execute(_UPSERT_SCORE, (candidate_id, panelist_id, question_id, rating, note, stamp))
                self.audit(
                    "score.change",
                    f"scorecard:{candidate_id}:{panelist_id}",
                    {
                        "question": question_id,
                        "old": {"rating": old.rating, "note": old.note} if old else None,
                        "new": {"rating": rating, "note": note},
                    },
                    actor,
                )
        else:
            # Autocommit mode: this single statement is its own transaction, committed before we return.
            self.conn.execute(_UPSERT_SCORE, (candidate_id, panelist_id, question_id, rating, note, stamp))
        return stamp

    def clear_score(self, candidate_id: str, panelist_id: str, question_id: str, *, keep_note: str = "") -> None:
        """Forget a score (undo of a question's first rating). Its note, if any, goes back to being a note typed
        before a rating — in the same transaction, so a crash cannot lose it."""
        with self.transaction():
            self.conn.execute(
                "DELETE FROM scores WHERE candidate_id = ? AND panelist_id = ? AND question_id = ?",
                (candidate_id, panelist_id, question_id),
            )
            if keep_note:
                self.set_pending_note(candidate_id, panelist_id, question_id, keep_note)

    def set_pending_note(self, candidate_id: str, panelist_id: str, question_id: str, note: str) -> None:
        """Autosave a note typed before the question is rated (an empty note removes it)."""
        if note:
            self.conn.execute(
                "INSERT INTO pending_notes VALUES (?, ?, ?, ?, ?) ON CONFLICT (candidate_id, panelist_id, question_id) "
                "DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at",
                (candidate_id, panelist_id, question_id, note, now()),
            )
        else:
            self.clear_pending_note(candidate_id, panelist_id, question_id)

    def clear_pending_note(self, candidate_id: str, panelist_id: str, question_id: str) -> None:
        self.conn.execute(
            "DELETE FROM pending_notes WHERE candidate_id = ? AND panelist_id = ? AND question_id = ?",
            (candidate_id, panelist_id, question_id),
        )

    def pending_notes(self, candidate_id: str, panelist_id: str) -> dict[str, str]:
        return {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT question_id, note FROM pending_notes WHERE candidate_id = ? AND panelist_id = ?",
                (candidate_id, panelist_id),
            )
        }

    def score(self, candidate_id: str, panelist_id: str, question_id: str) -> Score | None:
        r = self.conn.execute(HOT_QUERIES["score"], (candidate_id, panelist_id, question_id)).fetchone()
        return Score(r["candidate_id"], r["panelist_id"], r["question_id"], r["rating"], r["note"], r["updated_at"]) if r else None

    def scores(
        self, *, round_id: str | None = None, candidate_id: str | None = None, panelist_id: str | None = None
    ) -> list[Score]:
        """The scores of one candidate (optionally of one panelist), or of a whole round, in a stable order."""
        if candidate_id is not None:
            if panelist_id is not None:
                rows = self.conn.execute(HOT_QUERIES["scores_of_candidate_by_panelist"], (candidate_id, panelist_id))
            else:
                rows = self.conn.execute(HOT_QUERIES["scores_of_candidate"], (candidate_id,))
            if round_id is not None and self.candidate(candidate_id).round_id != round_id:
                return []
        elif round_id is not None:
            # Plain tuples, not sqlite3.Row: a round of hundreds of candidates is tens of thousands of rows.
            cursor = self.conn.cursor()
            cursor.row_factory = None
            rows = cursor.execute(HOT_QUERIES["scores_of_round"], (round_id,))
            if panelist_id is not None:
                rows = (r for r in rows if r[1] == panelist_id)
        else:  # everything (tests, tools): not a hot path
            rows = self.conn.execute(
                f"SELECT {_SCORE_COLUMNS} FROM scores s JOIN candidates c ON c.id = s.candidate_id "
                "WHERE ?1 IS NULL OR s.panelist_id = ?1 ORDER BY c.round_id, c.position, s.panelist_id, s.question_id",
                (panelist_id,))
        return [Score(*r) for r in rows]

    # ------------------------------------------------------------------------------------------ verdicts

    def verdict(self, candidate_id: str, panelist_id: str) -> Verdict | None:
        r = self.conn.execute(HOT_QUERIES["verdict"], (candidate_id, panelist_id)).fetchone()
        return self._verdict_from_row(r) if r else None

    @staticmethod
    def _verdict_from_row(r: sqlite3.Row) -> Verdict:
        return Verdict(r["candidate_id"], r["panelist_id"], r["recommendation"], r["summary"], r["submitted_at"],
                       r["updated_at"], r["amended_at"], r["amend_reason"])

    def verdicts(self, *, round_id: str | None = None, candidate_id: str | None = None) -> list[Verdict]:
        if candidate_id is not None:
            rows = self.conn.execute(HOT_QUERIES["verdicts_of_candidate"], (candidate_id,)).fetchall()
            if round_id is not None and self.candidate(candidate_id).round_id != round_id:
                return []
        elif round_id is not None:
            rows = self.conn.execute(HOT_QUERIES["verdicts_of_round"], (round_id,)).fetchall()
        else:  # everything (tests, tools): not a hot path
            rows = self.conn.execute(
                "SELECT v.* FROM verdicts v JOIN candidates c ON c.id = v.candidate_id "
                "ORDER BY c.round_id, c.position, v.panelist_id").fetchall()
        return [self._verdict_from_row(r) for r in rows]

    def set_verdict(
        self, candidate_id: str, panelist_id: str, recommendation: str | None, summary: str = "", *, actor: str = ""
    ) -> None:
        """Save a draft verdict (recommendation and summary) before submission."""
        if recommendation is not None and recommendation not in VERDICTS:
            raise WorkspaceError(f"a recommendation is one of {', '.join(VERDICTS)}, not {recommendation!r}")
        if len(summary) > MAX_NOTE:
            raise WorkspaceError(f"a summary is at most {MAX_NOTE:,} characters; this one has {len(summary):,}")
        current = self.verdict(candidate_id, panelist_id)
        if current and current.submitted_at:
            raise ReadOnlyRoundError("this scorecard is submitted; choose Amend to change it")
        with self.transaction():
            self.conn.execute(
                "INSERT INTO verdicts (candidate_id, panelist_id, recommendation, summary, submitted_at, updated_at) "
                "VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (candidate_id, panelist_id) DO UPDATE SET "
                "recommendation = excluded.recommendation, summary = excluded.summary, updated_at = excluded.updated_at",
                (candidate_id, panelist_id, recommendation, summary, now()),
            )
            if current and current.amended_at:
                self.audit(
                    "verdict.change",
                    f"scorecard:{candidate_id}:{panelist_id}",
                    {
                        "old": {"recommendation": current.recommendation, "summary": current.summary},
                        "new": {"recommendation": recommendation, "summary": summary},
                    },
                    actor,
                )

    def submit(self, candidate_id: str, panelist_id: str, *, actor: str = "", paper: bool = False) -> str:
        """Lock this panelist's scorecard for this candidate. Returns the submission time.

        In the app a recommendation is required. A paper scorecard (``paper``, entered with ``scores import
        --submit``) was handed in complete and may carry none: it is submitted as it stands."""
        v = self.verdict(candidate_id, panelist_id)
        if v is None and paper:
            self.set_verdict(candidate_id, panelist_id, None, "", actor=actor)
            v = self.verdict(candidate_id, panelist_id)
        if v is None or (v.recommendation is None and not paper):
            raise WorkspaceError("choose an overall recommendation before submitting")
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "UPDATE verdicts SET submitted_at = ?, updated_at = ? WHERE candidate_id = ? AND panelist_id = ?",
                (stamp, stamp, candidate_id, panelist_id),
            )
            self.audit("scorecard.submit", f"scorecard:{candidate_id}:{panelist_id}", {"recommendation": v.recommendation}, actor)
            self.note_changed_decisions([candidate_id], actor)
        return stamp

    def amend(self, candidate_id: str, panelist_id: str, *, actor: str = "", reason: str = "") -> None:
        """Reopen a submitted scorecard; every change from now on is audited with its old and new value."""
        if not self.is_submitted(candidate_id, panelist_id):
            raise WorkspaceError("only a submitted scorecard can be amended")
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "UPDATE verdicts SET submitted_at = NULL, amended_at = ?, amend_reason = ?, updated_at = ? "
                "WHERE candidate_id = ? AND panelist_id = ?",
                (stamp, reason, stamp, candidate_id, panelist_id),
            )
            self.audit("scorecard.amend", f"scorecard:{candidate_id}:{panelist_id}", {"reason": reason}, actor)
            self.note_changed_decisions([candidate_id], actor)

    def is_submitted(self, candidate_id: str, panelist_id: str) -> bool:
        v = self.verdict(candidate_id, panelist_id)
        return bool(v and v.submitted_at)

    # ----------------------------------------------------------------------------------------- decisions

    def round_built_here(self, round_id: str) -> bool:
        """True when this workspace created the round (the lead's copy), False when it came from a round kit."""
        return self.conn.execute(
            "SELECT 1 FROM audit WHERE entity = ? AND action IN ('round.create', 'round.duplicate') LIMIT 1",
            (f"round:{round_id}",),
        ).fetchone() is not None

    def submitted_panelists(self, candidate_id: str) -> list[str]:
        """Ids of the panelists whose scorecard for this candidate is submitted."""
        return [r[0] for r in self.conn.execute(
            "SELECT panelist_id FROM verdicts WHERE candidate_id = ? AND submitted_at IS NOT NULL ORDER BY panelist_id",
            (candidate_id,),
        )]

    def _scorecards_basis(self, candidate_id: str) -> str:
        """A fingerprint of the candidate's submitted scorecards: their verdicts, ratings and notes."""
        import hashlib

        h = hashlib.sha256()
        for r in self.conn.execute(
            "SELECT panelist_id, recommendation, summary FROM verdicts WHERE candidate_id = ? AND submitted_at IS NOT "
            "NULL ORDER BY panelist_id", (candidate_id,),
        ):
            h.update(json.dumps(["v", *r], ensure_ascii=False).encode("utf-8"))
        for r in self.conn.execute(
            "SELECT s.panelist_id, s.question_id, s.rating, s.note FROM scores s JOIN verdicts v ON "
            "v.candidate_id = s.candidate_id AND v.panelist_id = s.panelist_id WHERE s.candidate_id = ? AND "
            "v.submitted_at IS NOT NULL ORDER BY s.panelist_id, s.question_id", (candidate_id,),
        ):
            h.update(json.dumps(["s", *r], ensure_ascii=False).encode("utf-8"))
        return h.hexdigest()

    def note_changed_decisions(self, candidate_ids: Iterable[str], actor: str = "") -> None:
        """Mark "scores changed since" on each of these candidates' decisions whose submitted scorecards differ
        from what it was recorded on (an amendment, a later submission, a merged packet); audited once."""
        ids = sorted(set(candidate_ids))
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT candidate_id, decision, basis FROM decisions WHERE candidate_id IN ({marks}) "
                "AND basis IS NOT NULL AND scores_changed_at IS NULL", chunk,
            ).fetchall()
            for cid, decision, basis in rows:
                if self._scorecards_basis(cid) == basis:
                    continue
                stamp = now()
                self.conn.execute("UPDATE decisions SET scores_changed_at = ? WHERE candidate_id = ?", (stamp, cid))
                self.audit("decision.scores_changed", f"candidate:{cid}", {"decision": decision}, actor)

    def record_decision(self, candidate_id: str, decision: str, rationale: str, recorded_by: str) -> Decision:
        """Record (or confirm again) the panel's consensus decision. It needs a named recorder and at least one
        submitted scorecard; recording it again after the scores changed confirms it (audited as such)."""
        from .model import DECISIONS

        if decision not in DECISIONS:
            raise WorkspaceError(f"a decision is one of {', '.join(DECISIONS)}, not {decision!r}")
        if not recorded_by.strip():
            raise WorkspaceError("say who you are before recording a decision (File → My name…)")
        if not self.submitted_panelists(candidate_id):
            raise WorkspaceError(f"no scorecard for {self.candidate(candidate_id).name} is submitted yet; a decision "
                                 "needs at least one submitted scorecard")
        old = self.decision(candidate_id)
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "INSERT INTO decisions (candidate_id, decision, rationale, recorded_by, recorded_at, basis, "
                "scores_changed_at) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (candidate_id) DO UPDATE SET "
                "decision = excluded.decision, rationale = excluded.rationale, recorded_by = excluded.recorded_by, "
                "recorded_at = excluded.recorded_at, basis = excluded.basis, scores_changed_at = NULL",
                (candidate_id, decision, rationale, recorded_by, stamp, self._scorecards_basis(candidate_id)),
            )
            confirm = old is not None and old.scores_changed_at is not None
            self.audit(
                "decision.confirm" if confirm else "decision.record",
                f"candidate:{candidate_id}",
                {"old": old.decision if old else None, "new": decision, "rationale": rationale},
                recorded_by,
            )
        return Decision(candidate_id, decision, rationale, recorded_by, stamp)

    # -------------------------------------------------------------------------------------------- search

    def search(self, text: str, *, viewer: str | None, limit: int = 50) -> list[SearchHit]:
        """Candidates, notes and guide questions in every round whose text has all of ``text``'s words (as
        prefixes): up to ``limit`` of each kind, candidates first. Notes follow the independence rule for
        ``viewer`` (a panelist id; None finds no one else's notes). Each kind is one FTS5 query."""
        query = fts_query(text)
        try:
            cands = self.conn.execute(HOT_QUERIES["search_candidates"], (query, limit)).fetchall()
            questions = self.conn.execute(HOT_QUERIES["search_questions"], (query, limit)).fetchall()
            notes = self.conn.execute(HOT_QUERIES["search_notes"], (query, viewer, limit)).fetchall()
        except sqlite3.OperationalError as e:  # fts_query quotes every word, so this is not the user's doing
            raise WorkspaceError(f"search failed: {e}") from None
        return (
            [SearchHit("candidate", r["round_id"], r["candidate_id"], r["snippet"], r["round_title"],
                       r["candidate_name"]) for r in cands]
            + [SearchHit("question", r["round_id"], None, r["snippet"], r["round_title"], "", r["question_id"])
               for r in questions]
            + [SearchHit("note", r["round_id"], r["candidate_id"], r["snippet"], r["round_title"], r["candidate_name"],
                         r["question_id"], r["panelist_id"]) for r in notes]
        )

    def decisions(self, round_id: str) -> dict[str, Decision]:
        """{candidate id: decision} for a round's candidates that have one."""
        return {r["candidate_id"]: self._decision_from_row(r)
                for r in self.conn.execute(HOT_QUERIES["decisions_of_round"], (round_id,))}

    def decision(self, candidate_id: str) -> Decision | None:
        r = self.conn.execute("SELECT * FROM decisions WHERE candidate_id = ?", (candidate_id,)).fetchone()
        return self._decision_from_row(r) if r else None

    @staticmethod
    def _decision_from_row(r: sqlite3.Row) -> Decision:
        return Decision(r["candidate_id"], r["decision"], r["rationale"], r["recorded_by"], r["recorded_at"],
                        r["scores_changed_at"])


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception. Nested use joins the outer transaction."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.outer = False

    def __enter__(self):
        if self.conn.in_transaction:
            self.outer = False
            return self
        self.conn.execute("BEGIN IMMEDIATE")
        self.outer = True
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self.outer:
            return False
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        return False

