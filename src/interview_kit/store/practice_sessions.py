"""Practice rating sessions: each person's finished runs of rating sample answers blind, with their ratings
(the calibration figures are computed from them when read, in ``interview_kit.practice``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .. import model
from .core import _Core, _stored_json, new_id, now


class _PracticeSessions(_Core):
    """Mixin of ``Workspace``: practice sessions."""

    def add_practice_session(self, panelist_id: str, seed: int, ratings: Sequence[model.PracticeRating], *,
                             round_id: str | None = None, skills: Sequence[str] = (),
                             finished_at: str | None = None) -> model.PracticeSession:
        """Keep a finished practice run (one row; the figures are computed from the ratings when read)."""
        session = model.PracticeSession(id=new_id(), panelist_id=panelist_id, seed=seed,
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

    def practice_sessions(self, panelist_id: str, *, round_id: str | None = None) -> list[model.PracticeSession]:
        """A person's practice sessions, oldest first (only those for ``round_id`` when given)."""
        sql = "SELECT * FROM practice_sessions WHERE panelist_id = ?"
        params: list = [panelist_id]
        if round_id is not None:
            sql += " AND round_id = ?"
            params.append(round_id)
        rows = self.conn.execute(sql + " ORDER BY finished_at, id", params).fetchall()
        return [
            model.PracticeSession(
                id=r["id"], panelist_id=r["panelist_id"], seed=r["seed"], finished_at=r["finished_at"],
                round_id=r["round_id"], skills=tuple(_stored_json(r["skills"], list, "practice skills")),
                ratings=tuple(model.PracticeRating(x["question_id"], x["sample"], x["reference"], x["rating"])
                              for x in _stored_json(r["ratings"], list, "practice ratings")),
            )
            for r in rows
        ]
