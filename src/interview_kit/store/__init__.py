"""The workspace: one SQLite file (WAL) through sqlite-utils. Every read and write of the app's data is here.

Use it as ``from interview_kit.store import Workspace``. The package is split by concept; each module imports
only modules listed above it:

- ``schema``: ``APPLICATION_ID``, the migration steps ``_m1_…`` to ``_m8_…``, ``MIGRATIONS`` and
  ``SCHEMA_VERSION`` (patch them there: ``Workspace`` reads them from ``schema`` when it opens a file)
- ``queries``: ``HOT_QUERIES`` (every lookup made while someone waits) and the score upsert
- ``lock``: the lock that keeps a second running instance out (``WorkspaceBusyError``)
- ``core``: time stamps and ids, the store's errors, JSON columns, transactions, and ``_Core`` (connection,
  meta values, the audit trail), the base of the mixins below
- ``rounds``: rounds and their guides; ``people``: candidates, panelists and the user's identity;
  ``scorecards``: scores, pending notes, verdicts and decisions; ``search``: full-text search;
  ``practice_sessions``: practice rating runs; ``packet_rows``: bulk rows and signing keys for packet merges
- ``workspace``: ``Workspace``, which combines those mixins, and opening a file with care
"""

from __future__ import annotations

from ..errors import WorkspaceError
from .core import ReadOnlyRoundError, WorkspaceDamaged, new_id, now
from .lock import WorkspaceBusyError
from .queries import HOT_QUERIES
from .rounds import RoundSnapshot
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, _m4_round_archive  # noqa: F401 (tests use it)
from .search import fts_query
from .workspace import Workspace

__all__ = [
    "APPLICATION_ID",
    "HOT_QUERIES",
    "MIGRATIONS",
    "ReadOnlyRoundError",
    "RoundSnapshot",
    "SCHEMA_VERSION",
    "Workspace",
    "WorkspaceBusyError",
    "WorkspaceDamaged",
    "WorkspaceError",
    "fts_query",
    "new_id",
    "now",
]
