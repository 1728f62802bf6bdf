"""Packet support: bulk reads and writes for merging packets, one SELECT per packet to see what is here and
one executemany to write what changed; pinned signing keys; adopting a round kit's round, candidates and panel
with their own ids. The merge rules themselves live in ``packets.py`` and ``packet_merge.py``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from ..model import Candidate, GuideQuestion, Panelist, Round
from .core import _anchors_json, _chunks, now
from .queries import _UPSERT_SCORE


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
