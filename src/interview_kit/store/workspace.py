"""``Workspace``: one open workspace file, its methods combined from the mixins of this package, and opening.

Opening is careful because a workspace holds people's scores: we look at the file before SQLite touches it,
refuse anything that is not ours (or is newer than us, read-only, or open elsewhere) with one clear message,
and leave such a file exactly as it was. An older workspace is copied aside before it is migrated, and the
migration runs in one transaction.
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from pathlib import Path

from .. import workspace_file
from ..errors import WorkspaceError
from ..model import GuideQuestion
from . import schema  # read as schema.MIGRATIONS etc. when a file is opened, so that a test can patch them
from .core import new_id, now
from .lock import _InstanceLock
from .packet_rows import _PacketRows
from .people import _People
from .practice_sessions import _PracticeSessions
from .rounds import _Rounds
from .scorecards import _Scorecards
from .search import _Search


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
    if header.application_id != schema.APPLICATION_ID and (header.user_version or header.pages > 1):
        raise WorkspaceError(f"{path} is a SQLite database of another program, not an interview-kit workspace")
    _check_version(path, header.user_version)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise WorkspaceError(f"{path} is read-only; copy it somewhere writable or change its permissions")


def _check_version(path: Path, version: int) -> None:
    if version > schema.SCHEMA_VERSION:
        raise WorkspaceError(
            f"{path} was written by a newer interview-kit (schema {version}; this version reads up to "
            f"{schema.SCHEMA_VERSION}); update interview-kit to open it"
        )
    if version < 0:
        raise WorkspaceError(f"{path} is damaged (schema version {version}); restore it from a backup "
                             "(File → Restore from backup)")


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the workspace aside before migrating: written whole, checked, then renamed into place."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    return workspace_file.backup(conn, target, expect_version=version)


class Workspace(_PacketRows, _Rounds, _People, _Scorecards, _Search, _PracticeSessions):
    """One open workspace file. Use :meth:`open`; close it (or use ``with``) when done.

    Its methods live in mixins by concept (see the package's docstring); this class opens, migrates and closes
    the file."""

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
        if version == schema.SCHEMA_VERSION:
            return
        _check_version(self.path, version)  # the header may be stale when the WAL holds a newer version
        if not fresh and version > 0:
            self.backup_path = _backup(self.conn, self.path, version)
        with self.transaction():
            for step in schema.MIGRATIONS[version:]:
                step(self.db)
            self.conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
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
