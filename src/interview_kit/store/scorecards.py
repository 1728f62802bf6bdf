"""Scorecards and what is decided from them: scores (the autosave hot path) and notes typed before a rating,
verdicts (draft, submit, amend), and the panel's consensus decisions with the fingerprint that marks one
"scores changed since". Changes to an amended scorecard, and every decision, are audited."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from sys import intern

from ..errors import WorkspaceError
from ..model import VERDICTS, Decision, Score, Verdict
from ..names import MAX_NOTE
from .core import ReadOnlyRoundError, _chunks, _Core, now
from .queries import _SCORE_COLUMNS, _UPSERT_SCORE, HOT_QUERIES


class _Scorecards(_Core):
    """Mixin of ``Workspace``: scores, pending notes, verdicts and decisions."""

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
        if len(note) > MAX_NOTE:  # what a packet carries, so that every copy accepts what this one stores
            raise WorkspaceError(f"a note is at most {MAX_NOTE:,} characters; this one has {len(note):,}")
        stamp = now()
        state = self.conn.execute(HOT_QUERIES["scorecard_state"], (candidate_id, panelist_id)).fetchone()
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

    def clear_score(self, candidate_id: str, panelist_id: str, question_id: str, *, keep_note: str = "") -> None:
        """Forget a score (undo of a question's first rating). Its note, if any, goes back to being a note typed
        before a rating — in the same transaction, so a crash cannot lose it."""
        with self.transaction():
            self.conn.execute(
                "DELETE FROM scores WHERE candidate_id = ? AND panelist_id = ? AND question_id = ?",
                (candidate_id, panelist_id, question_id),
            )
            if keep_note:
                self.set_pending_note(candidate_id, panelist_id, question_id, keep_note)

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
        r = self.conn.execute(HOT_QUERIES["score"], (candidate_id, panelist_id, question_id)).fetchone()
        return Score(r["candidate_id"], r["panelist_id"], r["question_id"], r["rating"], r["note"], r["updated_at"]) if r else None

    def scores(
        self, *, round_id: str | None = None, candidate_id: str | None = None, panelist_id: str | None = None
    ) -> list[Score]:
        """The scores of one candidate (optionally of one panelist), or of a whole round, in a stable order."""
        if candidate_id is not None:
            if panelist_id is not None:
                rows = self.conn.execute(HOT_QUERIES["scores_of_candidate_by_panelist"], (candidate_id, panelist_id))
            else:
                rows = self.conn.execute(HOT_QUERIES["scores_of_candidate"], (candidate_id,))
            if round_id is not None and self.candidate(candidate_id).round_id != round_id:
                return []
        elif round_id is not None:
            rows = self.round_score_rows(round_id)
            if panelist_id is not None:
                rows = (r for r in rows if r[1] == panelist_id)
        else:  # everything (tests, tools): not a hot path
            rows = self.conn.execute(
                f"SELECT {_SCORE_COLUMNS} FROM scores s JOIN candidates c ON c.id = s.candidate_id "
                "WHERE ?1 IS NULL OR s.panelist_id = ?1 ORDER BY c.round_id, c.position, s.panelist_id, s.question_id",
                (panelist_id,))
        return [Score(*r) for r in rows]

    def round_score_rows(self, round_id: str) -> list[tuple]:
        """A round's scores as plain tuples in :class:`Score`'s field order (candidate_id, panelist_id,
        question_id, rating, note, updated_at), in the order of :meth:`scores`.

        The lean row path of the hot read (a report, the panel view): a round of hundreds of candidates is tens of
        thousands of rows, and a frozen dataclass per row cost a third of the read. Tuples of strings and numbers
        are also the one kind of object Python's garbage collector stops tracking, so a gathered round no longer
        makes every later collection walk its scores.

        The three ids of a row are interned as the cursor is read: SQLite hands back a new string for each, so
        a 200-candidate round held 36,000 copies of a few hundred ids (3 MB of its PDF's peak memory)."""
        rows = self._plain_rows(HOT_QUERIES["scores_of_round"], (round_id,))
        return [(intern(c), intern(p), intern(q), rating, note, at) for c, p, q, rating, note, at in rows]

    # ------------------------------------------------------------------------------------------ verdicts

    def verdict(self, candidate_id: str, panelist_id: str) -> Verdict | None:
        r = self.conn.execute(HOT_QUERIES["verdict"], (candidate_id, panelist_id)).fetchone()
        return self._verdict_from_row(r) if r else None

    @staticmethod
    def _verdict_from_row(r: sqlite3.Row) -> Verdict:
        return Verdict(r["candidate_id"], r["panelist_id"], r["recommendation"], r["summary"], r["submitted_at"],
                       r["updated_at"], r["amended_at"], r["amend_reason"])

    def verdicts(self, *, round_id: str | None = None, candidate_id: str | None = None) -> list[Verdict]:
        if candidate_id is not None:
            rows = self.conn.execute(HOT_QUERIES["verdicts_of_candidate"], (candidate_id,)).fetchall()
            if round_id is not None and self.candidate(candidate_id).round_id != round_id:
                return []
        elif round_id is not None:  # a round's, on every report and panel view: plain tuples in Verdict's order
            return [Verdict(*r) for r in self._plain_rows(HOT_QUERIES["verdicts_of_round"], (round_id,))]
        else:  # everything (tests, tools): not a hot path
            rows = self.conn.execute(
                "SELECT v.* FROM verdicts v JOIN candidates c ON c.id = v.candidate_id "
                "ORDER BY c.round_id, c.position, v.panelist_id").fetchall()
        return [self._verdict_from_row(r) for r in rows]

    def set_verdict(
        self, candidate_id: str, panelist_id: str, recommendation: str | None, summary: str = "", *, actor: str = ""
    ) -> None:
        """Save a draft verdict (recommendation and summary) before submission."""
        if recommendation is not None and recommendation not in VERDICTS:
            raise WorkspaceError(f"a recommendation is one of {', '.join(VERDICTS)}, not {recommendation!r}")
        if len(summary) > MAX_NOTE:
            raise WorkspaceError(f"a summary is at most {MAX_NOTE:,} characters; this one has {len(summary):,}")
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

    def submit(self, candidate_id: str, panelist_id: str, *, actor: str = "", paper: bool = False) -> str:
        """Lock this panelist's scorecard for this candidate. Returns the submission time.

        In the app a recommendation is required. A paper scorecard (``paper``, entered with ``scores import
        --submit``) was handed in complete and may carry none: it is submitted as it stands."""
        v = self.verdict(candidate_id, panelist_id)
        if v is None and paper:
            self.set_verdict(candidate_id, panelist_id, None, "", actor=actor)
            v = self.verdict(candidate_id, panelist_id)
        if v is None or (v.recommendation is None and not paper):
            raise WorkspaceError("choose an overall recommendation before submitting")
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "UPDATE verdicts SET submitted_at = ?, updated_at = ? WHERE candidate_id = ? AND panelist_id = ?",
                (stamp, stamp, candidate_id, panelist_id),
            )
            self.audit("scorecard.submit", f"scorecard:{candidate_id}:{panelist_id}", {"recommendation": v.recommendation}, actor)
            self.note_changed_decisions([candidate_id], actor)
        return stamp

    def amend(self, candidate_id: str, panelist_id: str, *, actor: str = "", reason: str = "") -> None:
        """Reopen a submitted scorecard; every change from now on is audited with its old and new value."""
        if not self.is_submitted(candidate_id, panelist_id):
            raise WorkspaceError("only a submitted scorecard can be amended")
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "UPDATE verdicts SET submitted_at = NULL, amended_at = ?, amend_reason = ?, updated_at = ? "
                "WHERE candidate_id = ? AND panelist_id = ?",
                (stamp, reason, stamp, candidate_id, panelist_id),
            )
            self.audit("scorecard.amend", f"scorecard:{candidate_id}:{panelist_id}", {"reason": reason}, actor)
            self.note_changed_decisions([candidate_id], actor)

    def is_submitted(self, candidate_id: str, panelist_id: str) -> bool:
        v = self.verdict(candidate_id, panelist_id)
        return bool(v and v.submitted_at)

    # ----------------------------------------------------------------------------------------- decisions

    def round_built_here(self, round_id: str) -> bool:
        """True when this workspace created the round (the lead's copy), False when it came from a round kit."""
        return self.conn.execute(
            "SELECT 1 FROM audit WHERE entity = ? AND action IN ('round.create', 'round.duplicate') LIMIT 1",
            (f"round:{round_id}",),
        ).fetchone() is not None

    def submitted_panelists(self, candidate_id: str) -> list[str]:
        """Ids of the panelists whose scorecard for this candidate is submitted."""
        return [r[0] for r in self.conn.execute(
            "SELECT panelist_id FROM verdicts WHERE candidate_id = ? AND submitted_at IS NOT NULL ORDER BY panelist_id",
            (candidate_id,),
        )]

    def _scorecards_basis(self, candidate_id: str) -> str:
        """A fingerprint of the candidate's submitted scorecards: their verdicts, ratings and notes."""
        import hashlib

        h = hashlib.sha256()
        for r in self.conn.execute(
            "SELECT panelist_id, recommendation, summary FROM verdicts WHERE candidate_id = ? AND submitted_at IS NOT "
            "NULL ORDER BY panelist_id", (candidate_id,),
        ):
            h.update(json.dumps(["v", *r], ensure_ascii=False).encode("utf-8"))
        for r in self.conn.execute(
            "SELECT s.panelist_id, s.question_id, s.rating, s.note FROM scores s JOIN verdicts v ON "
            "v.candidate_id = s.candidate_id AND v.panelist_id = s.panelist_id WHERE s.candidate_id = ? AND "
            "v.submitted_at IS NOT NULL ORDER BY s.panelist_id, s.question_id", (candidate_id,),
        ):
            h.update(json.dumps(["s", *r], ensure_ascii=False).encode("utf-8"))
        return h.hexdigest()

    def note_changed_decisions(self, candidate_ids: Iterable[str], actor: str = "") -> None:
        """Mark "scores changed since" on each of these candidates' decisions whose submitted scorecards differ
        from what it was recorded on (an amendment, a later submission, a merged packet); audited once."""
        ids = sorted(set(candidate_ids))
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT candidate_id, decision, basis FROM decisions WHERE candidate_id IN ({marks}) "
                "AND basis IS NOT NULL AND scores_changed_at IS NULL", chunk,
            ).fetchall()
            for cid, decision, basis in rows:
                if self._scorecards_basis(cid) == basis:
                    continue
                stamp = now()
                self.conn.execute("UPDATE decisions SET scores_changed_at = ? WHERE candidate_id = ?", (stamp, cid))
                self.audit("decision.scores_changed", f"candidate:{cid}", {"decision": decision}, actor)

    def record_decision(self, candidate_id: str, decision: str, rationale: str, recorded_by: str) -> Decision:
        """Record (or confirm again) the panel's consensus decision. It needs a named recorder and at least one
        submitted scorecard; recording it again after the scores changed confirms it (audited as such)."""
        from ..model import DECISIONS

        if decision not in DECISIONS:
            raise WorkspaceError(f"a decision is one of {', '.join(DECISIONS)}, not {decision!r}")
        if not recorded_by.strip():
            raise WorkspaceError("say who you are before recording a decision (File → My name…)")
        if not self.submitted_panelists(candidate_id):
            raise WorkspaceError(f"no scorecard for {self.candidate(candidate_id).name} is submitted yet; a decision "
                                 "needs at least one submitted scorecard")
        old = self.decision(candidate_id)
        stamp = now()
        with self.transaction():
            self.conn.execute(
                "INSERT INTO decisions (candidate_id, decision, rationale, recorded_by, recorded_at, basis, "
                "scores_changed_at) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (candidate_id) DO UPDATE SET "
                "decision = excluded.decision, rationale = excluded.rationale, recorded_by = excluded.recorded_by, "
                "recorded_at = excluded.recorded_at, basis = excluded.basis, scores_changed_at = NULL",
                (candidate_id, decision, rationale, recorded_by, stamp, self._scorecards_basis(candidate_id)),
            )
            confirm = old is not None and old.scores_changed_at is not None
            self.audit(
                "decision.confirm" if confirm else "decision.record",
                f"candidate:{candidate_id}",
                {"old": old.decision if old else None, "new": decision, "rationale": rationale},
                recorded_by,
            )
        return Decision(candidate_id, decision, rationale, recorded_by, stamp)

    def decisions(self, round_id: str) -> dict[str, Decision]:
        """{candidate id: decision} for a round's candidates that have one."""
        return {r["candidate_id"]: self._decision_from_row(r)
                for r in self.conn.execute(HOT_QUERIES["decisions_of_round"], (round_id,))}

    def decision(self, candidate_id: str) -> Decision | None:
        r = self.conn.execute("SELECT * FROM decisions WHERE candidate_id = ?", (candidate_id,)).fetchone()
        return self._decision_from_row(r) if r else None

    @staticmethod
    def _decision_from_row(r: sqlite3.Row) -> Decision:
        return Decision(r["candidate_id"], r["decision"], r["rationale"], r["recorded_by"], r["recorded_at"],
                        r["scores_changed_at"])
