"""The people in a workspace: each round's candidates, the panelists, and who uses this copy (their name)."""

from __future__ import annotations

import sqlite3

from ..errors import UserError, WorkspaceError
from ..model import Candidate, Panelist
from ..names import clean_email, clean_name
from .core import _Core, new_id, now
from .queries import HOT_QUERIES


class _People(_Core):
    """Mixin of ``Workspace``: candidates, panelists and the user's own identity."""

    def add_candidate(self, round_id: str, name: str, email: str = "", candidate_id: str | None = None,
                      actor: str = "") -> Candidate:
        name = clean_name(name, "a candidate's name")
        email = clean_email(email)
        self.round(round_id)
        cid = candidate_id or new_id()
        with self.transaction():
            position = self.conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM candidates WHERE round_id = ?", (round_id,)
            ).fetchone()[0]
            self.conn.execute(
                "INSERT INTO candidates (id, round_id, name, email, position, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (cid, round_id, name, email, position, now()),
            )
            self.audit("candidate.add", f"candidate:{cid}", {"round": round_id, "name": name}, actor)
        return self.candidate(cid)

    def _candidate_from_row(self, r: sqlite3.Row) -> Candidate:
        return Candidate(r["id"], r["round_id"], r["name"], r["email"], r["position"], bool(r["withdrawn"]))

    def candidate(self, candidate_id: str) -> Candidate:
        row = self.conn.execute(HOT_QUERIES["candidate"], (candidate_id,)).fetchone()
        if row is None:
            raise WorkspaceError(f"no candidate with id {candidate_id}")
        return self._candidate_from_row(row)

    def candidates(self, round_id: str, *, include_withdrawn: bool = True) -> list[Candidate]:
        rows = self.conn.execute(HOT_QUERIES["candidates_of_round"], (round_id,)).fetchall()
        return [self._candidate_from_row(r) for r in rows if include_withdrawn or not r["withdrawn"]]

    def find_candidate(self, ref: str, round_id: str | None = None) -> Candidate:
        """A candidate by id, or by a name unique within ``round_id`` (or across all rounds when None)."""
        row = self.conn.execute("SELECT * FROM candidates WHERE id = ?", (ref,)).fetchone()
        if row is not None and (round_id is None or row["round_id"] == round_id):
            return self._candidate_from_row(row)
        if round_id is None:
            rows = self.conn.execute(HOT_QUERIES["candidates_by_name"], (ref,)).fetchall()
        else:
            rows = self.conn.execute(HOT_QUERIES["candidates_by_name_in_round"], (ref, round_id)).fetchall()
        if not rows:
            raise WorkspaceError(f"no candidate called {ref!r}")
        if len(rows) > 1:
            rounds = ", ".join(sorted({r["round_title"] for r in rows}))
            raise WorkspaceError(f"{len(rows)} candidates are called {ref!r} (rounds: {rounds}); use an id")
        return self._candidate_from_row(rows[0])

    def rename_candidate(self, candidate_id: str, name: str, actor: str = "") -> Candidate:
        old = self.candidate(candidate_id)
        name = clean_name(name, "a candidate's name")
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
        name = clean_name(name, "a panelist's name")
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
        rows = self.conn.execute(HOT_QUERIES["panel"], (round_id,)).fetchall()
        return [Panelist(r["id"], r["name"]) for r in rows]

    def me(self) -> Panelist | None:
        """The person using this copy (their panelist identity), if they have said who they are."""
        pid = self.meta("me")
        return self.panelist(pid) if pid else None

    def set_me(self, name: str) -> Panelist:
        """Say who uses this copy (an existing panelist of that name is that person); also makes this copy's
        signing key if it has none yet (see ``identity``)."""
        from .. import identity

        p = self.ensure_panelist(clean_name(name))
        self.set_meta("me", p.id)
        try:
            identity.ensure_keypair()
        except UserError:
            pass  # a data folder we cannot write: the first export makes the key, or says why it cannot
        return p

    def rename_me(self, name: str, actor: str = "") -> Panelist:
        """Change the name of the person using this copy (File → My name…); audited old → new. Their id, and so
        their scores on every round, stay theirs."""
        name = clean_name(name)
        me = self.me()
        if me is None:
            return self.set_me(name)
        if name == me.name:
            return me
        with self.transaction():
            self.conn.execute("UPDATE panelists SET name = ? WHERE id = ?", (name, me.id))
            self.audit("panelist.rename", f"panelist:{me.id}", {"old": me.name, "new": name}, actor or me.name)
        return self.panelist(me.id)
