"""Full-text search across rounds (SQLite FTS5, see ``schema._m7_search``): candidates' names, guide
questions and score notes, with the independence rule applied in SQL."""

from __future__ import annotations

import sqlite3

from ..errors import WorkspaceError
from .. import model
from .core import _Core
from .queries import HOT_QUERIES


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must appear, each as a prefix ("ana" finds "Ana" and
    "analyst"), and nothing the user types is read as FTS syntax."""
    import re

    words = re.findall(r"\w+", text)
    if not words:
        raise WorkspaceError("search for at least one letter or digit")
    return " ".join(f'"{w}"*' for w in words)


class _Search(_Core):
    """Mixin of ``Workspace``: search."""

    def search(self, text: str, *, viewer: str | None, limit: int = 50) -> list[model.SearchHit]:
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
            [model.SearchHit("candidate", r["round_id"], r["candidate_id"], r["snippet"], r["round_title"],
                       r["candidate_name"]) for r in cands]
            + [model.SearchHit("question", r["round_id"], None, r["snippet"], r["round_title"], "", r["question_id"])
               for r in questions]
            + [model.SearchHit("note", r["round_id"], r["candidate_id"], r["snippet"], r["round_title"], r["candidate_name"],
                         r["question_id"], r["panelist_id"]) for r in notes]
        )
