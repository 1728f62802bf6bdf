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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import UserError
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
    Verdict,
    VERDICTS,
)

#: Stamped into every workspace (``PRAGMA application_id``) so that we can tell our files from other SQLite
#: databases. It spells "IKit" in ASCII.
APPLICATION_ID = 0x494B6974

SQLITE_MAGIC = b"SQLite format 3\x00"


class WorkspaceError(UserError):
    """A workspace cannot be opened or changed; the message is one line meant for the user."""


class ReadOnlyRoundError(WorkspaceError):
    """A locked round (or a submitted scorecard) was asked to change."""


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
    _m1_initial, _m2_interview_settings, _m8_practice_sessions)
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
        return WorkspaceError(f"{self.path} is open in another running interview-kit; close it there first")

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
    """Look at ``path`` before SQLite does. Returns True when the file must be created.

    Raises WorkspaceError (and changes nothing) for anything we must not open.
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
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except PermissionError:
        raise WorkspaceError(f"{path} cannot be read: permission denied") from None
    if not head:
        raise WorkspaceError(f"{path} is an empty file, not an interview-kit workspace")
    if not head.startswith(SQLITE_MAGIC):
        raise WorkspaceError(f"{path} is not an interview-kit workspace (it is not a SQLite database)")
    return False


def _read_header(path: Path) -> tuple[int, int, bool]:
    """(application_id, user_version, has_tables) read through a read-only connection that writes nothing."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise WorkspaceError(f"{path} is damaged or not a workspace ({e})") from None
    return app_id, version, bool(tables)


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the workspace aside (through SQLite's backup API, so the WAL is included) before migrating."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)
    return target


def _json_list(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text or "[]"))


def _anchors(text: str) -> tuple[Anchor, ...]:
    data = json.loads(text or "{}")
    return tuple(Anchor(int(k), v) for k, v in sorted(data.items(), key=lambda kv: int(kv[0])))


def _anchors_json(anchors: Iterable[Anchor]) -> str:
    return json.dumps({str(a.level): a.text for a in anchors}, ensure_ascii=False, sort_keys=True)


# The hot path: one prepared statement per score edit (sqlite3 caches the compiled statement by its text).
_UPSERT_SCORE = (
    "INSERT INTO scores (candidate_id, panelist_id, question_id, rating, note, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (candidate_id, panelist_id, question_id) DO UPDATE SET "
    "rating = excluded.rating, note = excluded.note, updated_at = excluded.updated_at"
)


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

    def verdict_rows(self, candidate_ids: Iterable[str]) -> dict[tuple[str, str], tuple]:
        """{(candidate, panelist): (recommendation, summary, submitted_at, updated_at)}."""
        out: dict[tuple[str, str], tuple] = {}
        for chunk in _chunks(sorted(set(candidate_ids))):
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT candidate_id, panelist_id, recommendation, summary, submitted_at, updated_at FROM verdicts "
                f"WHERE candidate_id IN ({marks})",
                chunk,
            ):
                out[(r[0], r[1])] = (r[2], r[3], r[4], r[5])
        return out

    def write_verdict_rows(self, rows: list[tuple]) -> None:
        self.conn.executemany(
            "INSERT INTO verdicts (candidate_id, panelist_id, recommendation, summary, submitted_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (candidate_id, panelist_id) DO UPDATE SET "
            "recommendation = excluded.recommendation, summary = excluded.summary, "
            "submitted_at = excluded.submitted_at, updated_at = excluded.updated_at",
            rows,
        )

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
        if not must_create:
            app_id, version, has_tables = _read_header(path)
            if app_id != APPLICATION_ID and (has_tables or version):
                raise WorkspaceError(f"{path} is a SQLite database of another program, not an interview-kit workspace")
            if version > SCHEMA_VERSION:
                raise WorkspaceError(
                    f"{path} was written by a newer interview-kit (schema {version}; this version reads up to "
                    f"{SCHEMA_VERSION}); update interview-kit to open it"
                )
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                raise WorkspaceError(f"{path} is read-only; copy it somewhere writable or change its permissions")
        else:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except OSError as e:
                raise WorkspaceError(f"cannot create {path}: {e.strerror}") from None
            os.close(fd)
        lock = _InstanceLock(path)
        try:
            lock.acquire()
        except WorkspaceError:
            if must_create:
                path.unlink(missing_ok=True)
            raise
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            cls._configure(conn)
            ws = cls(path, conn, lock, None)
            ws._migrate(fresh=must_create)
        except sqlite3.Error as e:
            lock.release()
            if must_create:
                path.unlink(missing_ok=True)
            raise WorkspaceError(f"cannot open {path}: {e}") from None
        except BaseException:
            lock.release()
            raise
        return ws

    @staticmethod
    def _configure(conn: sqlite3.Connection) -> None:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA foreign_keys = ON")
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
        sql = "SELECT * FROM audit"
        args: tuple = ()
        if entity_prefix:
            sql += " WHERE entity LIKE ?"
            args = (entity_prefix + "%",)
        rows = self.conn.execute(sql + " ORDER BY id", args).fetchall()
        return [
            AuditEvent(r["id"], r["at"], r["actor"], r["action"], r["entity"], json.loads(r["detail"]))
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
            self.audit("round.create", f"round:{rid}", {"title": title, "role": role})
        return self.round(rid)

    def _write_round_skills(self, round_id: str, skills: Sequence[RoleSkill]) -> None:
        self.conn.execute("DELETE FROM round_skills WHERE round_id = ?", (round_id,))
        self.conn.executemany(
            "INSERT INTO round_skills (round_id, skill, name, weight, position) VALUES (?, ?, ?, ?, ?)",
            [(round_id, s.skill, s.name, float(s.weight), i) for i, s in enumerate(skills)],
        )

    def _round_from_row(self, row: sqlite3.Row) -> Round:
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
        )

    def rounds(self) -> list[Round]:
        rows = self.conn.execute("SELECT * FROM rounds ORDER BY created_at, title").fetchall()
        return [self._round_from_row(r) for r in rows]

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
        return {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT round_id, count(*) FROM candidates WHERE withdrawn = 0 GROUP BY round_id"
            )
        }

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

    def add_candidate(self, round_id: str, name: str, email: str = "", candidate_id: str | None = None) -> Candidate:
        name = name.strip()
        if not name:
            raise WorkspaceError("a candidate needs a name")
        self.round(round_id)
        cid = candidate_id or new_id()
        with self.transaction():
            position = self.conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM candidates WHERE round_id = ?", (round_id,)
            ).fetchone()[0]
            self.conn.execute(
                "INSERT INTO candidates (id, round_id, name, email, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (cid, round_id, name, email.strip(), position, now()),
            )
            self.audit("candidate.add", f"candidate:{cid}", {"round": round_id, "name": name})
        return self.candidate(cid)

    def _candidate_from_row(self, r: sqlite3.Row) -> Candidate:
        return Candidate(r["id"], r["round_id"], r["name"], r["email"], r["position"], bool(r["withdrawn"]))

    def candidate(self, candidate_id: str) -> Candidate:
        row = self.conn.execute("SELECT * FROM candidates WHERE id = ?", (candidate_id,)).fetchone()
        if row is None:
            raise WorkspaceError(f"no candidate with id {candidate_id}")
        return self._candidate_from_row(row)

    def candidates(self, round_id: str, *, include_withdrawn: bool = True) -> list[Candidate]:
        sql = "SELECT * FROM candidates WHERE round_id = ?"
        if not include_withdrawn:
            sql += " AND withdrawn = 0"
        rows = self.conn.execute(sql + " ORDER BY position", (round_id,)).fetchall()
        return [self._candidate_from_row(r) for r in rows]

    def find_candidate(self, ref: str, round_id: str | None = None) -> Candidate:
        """A candidate by id, or by a name unique within ``round_id`` (or across all rounds when None)."""
        row = self.conn.execute("SELECT * FROM candidates WHERE id = ?", (ref,)).fetchone()
        if row is not None and (round_id is None or row["round_id"] == round_id):
            return self._candidate_from_row(row)
        sql = "SELECT c.*, r.title AS round_title FROM candidates c JOIN rounds r ON r.id = c.round_id WHERE c.name = ?"
        args: tuple = (ref,)
        if round_id is not None:
            sql += " AND c.round_id = ?"
            args += (round_id,)
        rows = self.conn.execute(sql, args).fetchall()
        if not rows:
            raise WorkspaceError(f"no candidate called {ref!r}")
        if len(rows) > 1:
            rounds = ", ".join(sorted({r["round_title"] for r in rows}))
            raise WorkspaceError(f"{len(rows)} candidates are called {ref!r} (rounds: {rounds}); use an id")
        return self._candidate_from_row(rows[0])

    def rename_candidate(self, candidate_id: str, name: str, actor: str = "") -> Candidate:
        old = self.candidate(candidate_id)
        name = name.strip()
        if not name:
            raise WorkspaceError("a candidate needs a name")
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
        name = name.strip()
        if not name:
            raise WorkspaceError("a panelist needs a name")
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
        rows = self.conn.execute(
            "SELECT p.* FROM panelists p JOIN round_panelists rp ON rp.panelist_id = p.id "
            "WHERE rp.round_id = ? ORDER BY p.name, p.id",
            (round_id,),
        ).fetchall()
        return [Panelist(r["id"], r["name"]) for r in rows]

    def me(self) -> Panelist | None:
        """The person using this copy (their panelist identity), if they have said who they are."""
        pid = self.meta("me")
        return self.panelist(pid) if pid else None

    def set_me(self, name: str) -> Panelist:
        p = self.ensure_panelist(name)
        self.set_meta("me", p.id)
        return p

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
                round_id=r["round_id"], skills=tuple(json.loads(r["skills"])),
                ratings=tuple(PracticeRating(x["question_id"], x["sample"], x["reference"], x["rating"])
                              for x in json.loads(r["ratings"])),
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
        stamp = now()
        state = self.conn.execute(
            "SELECT submitted_at, amended_at FROM verdicts WHERE candidate_id = ? AND panelist_id = ?",
            (candidate_id, panelist_id),
        ).fetchone()
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

    def clear_score(self, candidate_id: str, panelist_id: str, question_id: str) -> None:
        """Forget a score (used by undo when the question had no score before)."""
        self.conn.execute(
            "DELETE FROM scores WHERE candidate_id = ? AND panelist_id = ? AND question_id = ?",
            (candidate_id, panelist_id, question_id),
        )

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
        r = self.conn.execute(
            "SELECT * FROM scores WHERE candidate_id = ? AND panelist_id = ? AND question_id = ?",
            (candidate_id, panelist_id, question_id),
        ).fetchone()
        return Score(r["candidate_id"], r["panelist_id"], r["question_id"], r["rating"], r["note"], r["updated_at"]) if r else None

    def scores(
        self, *, round_id: str | None = None, candidate_id: str | None = None, panelist_id: str | None = None
    ) -> list[Score]:
        sql = "SELECT s.* FROM scores s JOIN candidates c ON c.id = s.candidate_id WHERE 1 = 1"
        args: list = []
        if round_id is not None:
            sql += " AND c.round_id = ?"
            args.append(round_id)
        if candidate_id is not None:
            sql += " AND s.candidate_id = ?"
            args.append(candidate_id)
        if panelist_id is not None:
            sql += " AND s.panelist_id = ?"
            args.append(panelist_id)
        sql += " ORDER BY c.position, s.panelist_id, s.question_id"
        return [
            Score(r["candidate_id"], r["panelist_id"], r["question_id"], r["rating"], r["note"], r["updated_at"])
            for r in self.conn.execute(sql, args)
        ]

    # ------------------------------------------------------------------------------------------ verdicts

    def verdict(self, candidate_id: str, panelist_id: str) -> Verdict | None:
        r = self.conn.execute(
            "SELECT * FROM verdicts WHERE candidate_id = ? AND panelist_id = ?", (candidate_id, panelist_id)
        ).fetchone()
        return self._verdict_from_row(r) if r else None

    @staticmethod
    def _verdict_from_row(r: sqlite3.Row) -> Verdict:
        return Verdict(r["candidate_id"], r["panelist_id"], r["recommendation"], r["summary"], r["submitted_at"],
                       r["updated_at"], r["amended_at"])

    def verdicts(self, *, round_id: str | None = None, candidate_id: str | None = None) -> list[Verdict]:
        sql = "SELECT v.* FROM verdicts v JOIN candidates c ON c.id = v.candidate_id WHERE 1 = 1"
        args: list = []
        if round_id is not None:
            sql += " AND c.round_id = ?"
            args.append(round_id)
        if candidate_id is not None:
            sql += " AND v.candidate_id = ?"
            args.append(candidate_id)
        sql += " ORDER BY c.position, v.panelist_id"
        return [self._verdict_from_row(r) for r in self.conn.execute(sql, args)]

    def set_verdict(
        self, candidate_id: str, panelist_id: str, recommendation: str | None, summary: str = "", *, actor: str = ""
    ) -> None:
        """Save a draft verdict (recommendation and summary) before submission."""
        if recommendation is not None and recommendation not in VERDICTS:
            raise WorkspaceError(f"a recommendation is one of {', '.join(VERDICTS)}, not {recommendation!r}")
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

    def submit(self, candidate_id: str, panelist_id: str, *, actor: str = "") -> str:
        """Lock this panelist's scorecard for this candidate. Returns the submission time."""
        v = self.verdict(candidate_id, panelist_id)
        if v is None or v.recommendation is None:
            raise WorkspaceError("choose an overall recommendation before submitting")
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "UPDATE verdicts SET submitted_at = ?, updated_at = ? WHERE candidate_id = ? AND panelist_id = ?",
                (stamp, stamp, candidate_id, panelist_id),
            )
            self.audit("scorecard.submit", f"scorecard:{candidate_id}:{panelist_id}", {"recommendation": v.recommendation}, actor)
        return stamp

    def amend(self, candidate_id: str, panelist_id: str, *, actor: str = "", reason: str = "") -> None:
        """Reopen a submitted scorecard; every change from now on is audited with its old and new value."""
        if not self.is_submitted(candidate_id, panelist_id):
            raise WorkspaceError("only a submitted scorecard can be amended")
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "UPDATE verdicts SET submitted_at = NULL, amended_at = ?, updated_at = ? "
                "WHERE candidate_id = ? AND panelist_id = ?",
                (stamp, stamp, candidate_id, panelist_id),
            )
            self.audit("scorecard.amend", f"scorecard:{candidate_id}:{panelist_id}", {"reason": reason}, actor)

    def is_submitted(self, candidate_id: str, panelist_id: str) -> bool:
        v = self.verdict(candidate_id, panelist_id)
        return bool(v and v.submitted_at)

    # ----------------------------------------------------------------------------------------- decisions

    def record_decision(self, candidate_id: str, decision: str, rationale: str, recorded_by: str) -> Decision:
        old = self.decision(candidate_id)
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "INSERT INTO decisions (candidate_id, decision, rationale, recorded_by, recorded_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (candidate_id) DO UPDATE SET decision = excluded.decision, "
                "rationale = excluded.rationale, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
                (candidate_id, decision, rationale, recorded_by, stamp),
            )
            self.audit(
                "decision.record",
                f"candidate:{candidate_id}",
                {"old": old.decision if old else None, "new": decision, "rationale": rationale},
                recorded_by,
            )
        return Decision(candidate_id, decision, rationale, recorded_by, stamp)

    def decision(self, candidate_id: str) -> Decision | None:
        r = self.conn.execute("SELECT * FROM decisions WHERE candidate_id = ?", (candidate_id,)).fetchone()
        return Decision(r["candidate_id"], r["decision"], r["rationale"], r["recorded_by"], r["recorded_at"]) if r else None


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

