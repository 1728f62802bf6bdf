"""The workspace's schema: each change is a small named migration step, applied in order in one transaction;
a step's position + 1 is the schema version it brings a file to (``PRAGMA user_version``).

Add a step by appending one function to ``MIGRATIONS``; never change a step that has shipped.
``workspace.py`` reads ``MIGRATIONS`` and ``SCHEMA_VERSION`` from this module each time it opens a file, so a
test can patch them here.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils is imported on first use: it costs ~70 ms of start-up otherwise
    import sqlite_utils

#: Stamped into every workspace (``PRAGMA application_id``) so that we can tell our files from other SQLite
#: databases. It spells "IKit" in ASCII.
APPLICATION_ID = 0x494B6974


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
