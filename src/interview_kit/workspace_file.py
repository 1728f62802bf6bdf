"""The workspace as a file on disk: what we check before SQLite may touch it, how a new one comes into being,
and the copies we keep of it (migration backups and the rolling daily backups).

Why a module of its own: these are file-system rules (headers, renames, folders of copies), not queries of the
app's data, and each has a crash story that must be told in one place:

- **Reading before opening.** A file that may not be ours is judged from its first 100 bytes (SQLite's header:
  magic, page size, ``user_version`` at offset 60, ``application_id`` at 68) without SQLite opening it, so a
  refusal creates and changes nothing (no ``-wal``/``-shm`` left beside it, no migration re-run).
- **Creating.** A new workspace is built under a temporary name in the same folder and linked into place only
  when its schema is complete: a kill at any moment leaves no file, or a whole workspace. An empty (0-byte)
  file at the path holds nothing and is taken to be such a leftover, so it is replaced.
- **Copies.** Every backup is written to a temporary file by SQLite's backup API (the WAL's pages included),
  checked (``integrity_check``, schema version), and only then renamed into place.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import glob
import os
import re
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkspaceError
from .files import atomic_path, finish, place_new, temp_beside

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
#: The rolling backups: at most one per calendar day of use, the newest KEEP_BACKUPS kept.
KEEP_BACKUPS = 7


@dataclass(frozen=True)
class Header:
    """What SQLite's 100-byte header says, read as plain bytes."""

    page_size: int
    pages: int  # 0 when the header's page count is not trustworthy
    user_version: int
    application_id: int
    wal: bool


def read_header(path: Path) -> Header:
    """Judge ``path`` from its first 100 bytes; WorkspaceError (nothing changed) when it is not a database."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEADER_SIZE)
    except PermissionError:
        raise WorkspaceError(f"{path} cannot be read: permission denied") from None
    except OSError as e:
        raise WorkspaceError(f"{path} cannot be read: {e.strerror or e}") from None
    if not head.startswith(SQLITE_MAGIC) and not (head and SQLITE_MAGIC.startswith(head)):
        raise WorkspaceError(f"{path} is not an interview-kit workspace (it is not a SQLite database)")
    if len(head) < HEADER_SIZE:
        raise WorkspaceError(f"{path} is damaged: its database header is cut short; restore it from a backup "
                             "(File → Restore from backup)")
    (page_size,) = struct.unpack(">H", head[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise WorkspaceError(f"{path} is damaged: its database header is not valid; restore it from a backup "
                             "(File → Restore from backup)")
    change_counter, pages = struct.unpack(">II", head[24:32])
    (valid_for,) = struct.unpack(">I", head[92:96])
    (user_version,) = struct.unpack(">i", head[60:64])
    (application_id,) = struct.unpack(">i", head[68:72])
    wal = head[18] == 2 and head[19] == 2
    return Header(page_size, pages if valid_for == change_counter else 0, user_version,
                  application_id & 0xFFFFFFFF, wal)


def is_leftover_empty(path: Path) -> bool:
    """A 0-byte file with no write-ahead log beside it: what a kill during creation used to leave. It holds
    nothing, so it may be replaced by a new workspace."""
    try:
        if path.stat().st_size != 0:
            return False
    except OSError:
        return False
    wal = path.with_name(path.name + "-wal")
    return not (wal.exists() and wal.stat().st_size > 0)


def create(path: Path, build: Callable[[Path], None], *, replace_empty: bool = False) -> None:
    """Make a new workspace at ``path``: ``build(tmp)`` writes it completely under a temporary name beside
    ``path``; then it is fsynced and linked into place, never over an existing file (unless that file is an
    empty leftover, ``replace_empty``)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = temp_beside(path, ".creating")
    try:
        build(tmp)
        if replace_empty:
            if not is_leftover_empty(path):
                raise WorkspaceError(f"cannot create {path}: a file appeared there meanwhile")
            finish(tmp)
            os.replace(tmp, path)
        elif not place_new(tmp, path):
            raise WorkspaceError(f"cannot create {path}: a file appeared there meanwhile")
    except OSError as e:
        raise WorkspaceError(f"cannot create {path}: {e.strerror or e}") from None
    finally:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)


def remove_interrupted_creations(path: Path) -> None:
    """Remove what a kill during an earlier creation of ``path`` left: its temporary files (never the target)."""
    try:
        leftovers = list(path.parent.glob(f".{glob.escape(path.name)}.*.creating*"))
    except OSError:
        return
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            leftover.unlink()


def check_readable(conn: sqlite3.Connection, path: Path) -> None:
    """Read the schema once: a damaged first page or catalogue is refused before anything is written."""
    try:
        conn.execute("SELECT count(*), max(length(sql)) FROM sqlite_master").fetchone()
        conn.execute("SELECT name, sql FROM sqlite_master").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
        detail = " ".join(str(e).split())[:160]
        raise WorkspaceError(f"{path} is damaged ({detail}); restore it from a backup "
                             "(File → Restore from backup)") from None


# ------------------------------------------------------------------------------------------------- copies


def backup(conn: sqlite3.Connection, target: Path, *, expect_version: int | None = None) -> Path:
    """Copy an open workspace to ``target`` through SQLite's backup API, check the copy, then rename it into
    place. The source may keep being written meanwhile (the backup restarts on its own if it must)."""
    with atomic_path(target) as tmp:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest)
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
            version = dest.execute("PRAGMA user_version").fetchone()[0]
            # The copy keeps the source's WAL mode; make it a plain single file so it travels as one.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        if ok != "ok":
            raise WorkspaceError(f"the backup copy {target} did not check out ({ok}); nothing was changed")
        if expect_version is not None and version != expect_version:
            raise WorkspaceError(f"the backup copy {target} has schema {version}, expected {expect_version}")
    return target


def backups_dir(path: Path) -> Path:
    """Where the rolling backups of the workspace at ``path`` live: a folder beside it."""
    return path.with_name(f"{path.stem}-backups")


_BACKUP_NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{4}-\d{2}-\d{2})\.ikdb$")


def rolling_backups(path: Path) -> list[Path]:
    """The rolling backups of ``path``, newest first."""
    folder = backups_dir(path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if _BACKUP_NAME.match(p.name) and p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def rolling_backup(path: Path, *, today: _dt.date | None = None, keep: int = KEEP_BACKUPS) -> Path | None:
    """Take today's backup of the workspace at ``path`` unless one exists; keep the newest ``keep``.

    Reads through a connection of its own (a consistent snapshot in WAL mode), so the app can run it in a
    worker while the interviewer keeps scoring. Returns the new file, or None when today's already exists.
    """
    today = today or _dt.date.today()
    folder = backups_dir(path)
    target = folder / f"{path.stem}-{today.isoformat()}.ikdb"
    if target.exists():
        return None
    folder.mkdir(mode=0o700, exist_ok=True)
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        backup(src, target)
    finally:
        src.close()
    for old in rolling_backups(path)[keep:]:
        old.unlink(missing_ok=True)
    return target


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, for the restore preview."""

    path: Path
    taken_on: str
    size: int
    rounds: int
    candidates: int
    scores: int
    last_edit: str | None
    round_titles: tuple[str, ...]
    problem: str = ""  # why the copy cannot be used (damaged, not a workspace); empty when it is fine


def summarise_backup(path: Path) -> BackupSummary:
    """Count what a backup holds, read-only and without leaving files beside it (``immutable``)."""
    m = _BACKUP_NAME.match(path.name)
    taken = m.group("day") if m else _dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    size = path.stat().st_size
    try:
        read_header(path)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
            titles = tuple(r[0] for r in conn.execute("SELECT title FROM rounds ORDER BY created_at DESC"))
            return BackupSummary(path, taken, size, len(titles), one("SELECT count(*) FROM candidates"),
                                 one("SELECT count(*) FROM scores"), one("SELECT max(updated_at) FROM scores"),
                                 titles)
        finally:
            conn.close()
    except (sqlite3.DatabaseError, WorkspaceError) as e:
        why = str(e).replace(str(path), "").strip(" :")
        return BackupSummary(path, taken, size, 0, 0, 0, None, (), f"cannot be read ({why})")


def restore(path: Path, backup_file: Path) -> Path:
    """Put ``backup_file`` in place of the (closed) workspace at ``path``. The current file is first kept as a
    backup of its own (``NAME-backups/NAME-before-restore-<time>.ikdb``), so a restore can itself be undone."""
    summary = summarise_backup(backup_file)
    if summary.problem:
        raise WorkspaceError(f"{backup_file.name} {summary.problem}")
    folder = backups_dir(path)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = folder / f"{path.stem}-before-restore-{stamp}.ikdb"
    if path.exists():
        src = sqlite3.connect(path)
        try:
            backup(src, kept)
        finally:
            src.close()
    with atomic_path(path) as tmp:
        with open(backup_file, "rb") as f_in, open(tmp, "wb") as f_out:
            while chunk := f_in.read(1 << 20):
                f_out.write(chunk)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return kept
