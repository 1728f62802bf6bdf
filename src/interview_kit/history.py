"""The audit trail in words: who did what, when, and what changed (old → new), for Round → History.

Pure: it turns the store's :class:`AuditEvent` rows into sentences, given the names of the round's candidates,
panelists and questions. An action it does not know still reads as its name and its details, never as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import VERDICT_LABELS, AuditEvent

#: The words for a consensus decision (the same keys as reports.data.DECISIONS, kept Qt- and reportlab-free).
DECISION_WORDS = {"advance": "Advance / hire", "hold": "Hold — need more evidence", "decline": "Decline"}


@dataclass(frozen=True)
class Names:
    """Ids → what a person reads: candidates, panelists and questions (``Q3``) of one round."""

    candidates: dict[str, str]
    panelists: dict[str, str]
    questions: dict[str, str]

    def candidate(self, cid: str) -> str:
        return self.candidates.get(cid, "a candidate no longer in this round")

    def panelist(self, pid: str) -> str:
        return self.panelists.get(pid, "a panelist")


@dataclass(frozen=True)
class Entry:
    """One line of the history: when (UTC, to the minute), who, what happened, and the change."""

    id: int
    when: str
    who: str
    what: str
    change: str
    candidate_id: str | None


def _rating(score: dict | None) -> str:
    if score is None:
        return "not rated"
    r = score.get("rating")
    return "N/A" if r is None else str(r)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _arrow(old: str, new: str) -> str:
    return f"{old} → {new}"


def describe(event: AuditEvent, names: Names) -> Entry:
    """``event`` as a line a hiring lead reads."""
    kind, _, rest = event.entity.partition(":")
    cid = pid = None
    if kind == "candidate":
        cid = rest
    elif kind == "scorecard":
        cid, _, pid = rest.partition(":")
    elif kind == "panelist":
        pid = rest
    d = event.detail or {}
    a = event.action
    cand = names.candidate(cid) if cid else ""
    whose = f"{names.panelist(pid)}'s scorecard for {cand}" if pid and cid else ""
    change = ""
    if a == "round.create":
        what = f"Created the round “{d.get('title', '')}”"
    elif a == "round.lock":
        what = f"Locked the guide ({d.get('questions', '?')} questions): every candidate now gets the same ones"
    elif a == "round.duplicate":
        what = "Created this round as a copy of another round"
    elif a == "round.archive":
        what = "Archived the round"
    elif a == "round.unarchive":
        what = "Brought the round back from the archive"
    elif a == "round.delete":
        what = f"Deleted the draft round “{d.get('title', '')}”"
    elif a == "round.restore":
        what = f"Restored the deleted draft round “{d.get('title', '')}”"
    elif a == "packet.import":
        src = f" from {d['from']}" if d.get("from") else ""
        what = f"Imported a {'round kit' if d.get('kind') == 'kit' else 'score packet'}{src}"
        if d.get("kind") != "kit":
            change = f"{d.get('added', 0)} added, {d.get('updated', 0)} updated"
    elif a == "candidate.add":
        what = f"Added the candidate {d.get('name') or cand}"
    elif a == "candidate.rename":
        what = "Renamed a candidate"
        change = _arrow(d.get("old", ""), d.get("new", ""))
    elif a == "candidate.withdraw":
        what = f"Withdrew {cand} from the round"
    elif a == "candidate.reinstate":
        what = f"Reinstated {cand}"
    elif a == "score.change":
        q = names.questions.get(d.get("question", ""), d.get("question", "a question"))
        what = f"Changed {q} on {whose}"
        old, new = d.get("old"), d.get("new") or {}
        change = _arrow(_rating(old), _rating(new))
        if (old or {}).get("note", "") != new.get("note", ""):
            change += f"; note “{_short((old or {}).get('note', ''), 40)}” → “{_short(new.get('note', ''), 40)}”"
    elif a == "verdict.change":
        what = f"Changed the recommendation on {whose}"
        old, new = d.get("old") or {}, d.get("new") or {}
        change = _arrow(VERDICT_LABELS.get(old.get("recommendation"), "none"),
                        VERDICT_LABELS.get(new.get("recommendation"), "none"))
    elif a == "scorecard.submit":
        what = f"Submitted {whose}"
        change = f"recommendation: {VERDICT_LABELS.get(d.get('recommendation'), 'none')}"
    elif a == "scorecard.amend":
        what = f"Reopened {whose} to amend it"
        change = f"reason: {_short(d.get('reason', ''))}" if d.get("reason") else "no reason given"
    elif a == "decision.record":
        what = f"Recorded the panel's decision for {cand}"
        old = DECISION_WORDS.get(d.get("old"), "none") if d.get("old") else "none"
        change = _arrow(old, DECISION_WORDS.get(d.get("new"), str(d.get("new"))))
        if d.get("rationale"):
            change += f" — “{_short(d['rationale'])}”"
    elif a == "panelist.rename":
        what = "Changed the name this copy's user goes by"
        change = _arrow(d.get("old", ""), d.get("new", ""))
    else:
        subject = whose or cand
        what = a.replace(".", " ").replace("_", " ").capitalize() + (f" ({subject})" if subject else "")
        old, new = d.get("old"), d.get("new")
        if old is not None or new is not None:
            change = _arrow(str(old), str(new))
        else:
            change = ", ".join(f"{k}: {_short(str(v), 40)}" for k, v in sorted(d.items()))
    when = event.at[:16].replace("T", " ")
    return Entry(event.id, when, event.actor or "(no name given)", what, change, cid)
