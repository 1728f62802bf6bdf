"""Rounds and their guides: create, change while a draft, lock, duplicate, delete (undoably), archive, and a
round's audit trail. A locked round's guide never changes, so it is read from the file once per open."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import WorkspaceError
from .. import model
from ..model import Candidate, GuideQuestion, RoleSkill, Round
from .core import ReadOnlyRoundError, _anchors, _anchors_json, _Core, _json_list, new_id, now
from .queries import HOT_QUERIES


@dataclass(frozen=True)
class RoundSnapshot:
    """A deleted draft round as it was, so that the deletion can be undone."""

    round: Round
    guide: tuple[GuideQuestion, ...]
    candidates: tuple[Candidate, ...]


class _Rounds(_Core):
    """Mixin of ``Workspace``: rounds, their skills and their guides."""

    _frozen_guides: dict[str, list[GuideQuestion]]

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

    def round_history(self, round_id: str, candidate_id: str | None = None) -> list[model.AuditEvent]:
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
        return [model.AuditEvent(r["id"], r["at"], r["actor"], r["action"], r["entity"], json.loads(r["detail"]))
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
