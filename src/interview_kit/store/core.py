"""What every part of the workspace stands on: time stamps and ids, the store's errors, reading back the JSON
columns we wrote, transactions, and ``_Core`` (the connection, meta values and the audit trail): the base of
the mixins that ``workspace.py`` combines into ``Workspace``.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from .. import model
from ..model import Anchor
from .queries import HOT_QUERIES

if TYPE_CHECKING:  # sqlite-utils is imported on first use: it costs ~70 ms of start-up otherwise
    import sqlite_utils


class ReadOnlyRoundError(WorkspaceError):
    """A locked round (or a submitted scorecard) was asked to change."""


class WorkspaceDamaged(WorkspaceError):
    """A value in the file is not what we wrote (damage on disk, or an edit by another tool)."""

    def __init__(self, what: str):
        super().__init__(f"the workspace is damaged ({what}); restore it from a backup (File → Restore from "
                         "backup)")


def now() -> str:
    """UTC time as ISO 8601 with microseconds: uniform width, so text order is time order."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")


def new_id() -> str:
    import uuid  # on first use: uuid brings `platform` with it, which the app's start does not need

    return str(uuid.uuid4())


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


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


class _Core:
    """The open connection and what every mixin of ``Workspace`` uses: transactions, meta values and the audit
    trail. ``Workspace.__init__`` sets the attributes."""

    conn: sqlite3.Connection
    _db: "sqlite_utils.Database | None"

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

    def _plain_rows(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        """Rows as plain tuples, not sqlite3.Row, one at a time: for the hot reads of a whole round (tens of
        thousands of rows), where name lookups per field and an object per row cost most of the read."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)

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

    def audit_events(self, entity_prefix: str | None = None) -> list[model.AuditEvent]:
        if entity_prefix:
            # A prefix as a range on the entity index (LIKE cannot use it: it is case-insensitive).
            after = entity_prefix[:-1] + chr(ord(entity_prefix[-1]) + 1)
            rows = self.conn.execute(HOT_QUERIES["audit_by_entity_prefix"], (entity_prefix, after)).fetchall()
        else:
            rows = self.conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
        return [
            model.AuditEvent(r["id"], r["at"], r["actor"], r["action"], r["entity"], _stored_json(r["detail"], dict, "audit detail"))
            for r in rows
        ]
