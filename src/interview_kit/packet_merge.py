"""Merging checked packets into a workspace: whose key may sign for whom, the merge rule, and what a packet may
do to a submitted scorecard. (Import it through ``packets``, which re-exports these names.)

**Trust.** A workspace pins a signing key on the first packet it accepts from a panelist (and, for round kits,
from the lead of that round); a later packet for that panelist signed by another key is refused, naming them.
Your own panelist identity expects your own copy's key. Re-pinning is a deliberate, audited act
(:func:`trust`, ``interview-kit packet trust``, and a dialog in the app).

**The merge rule** makes the order of imports irrelevant: rows are keyed, a panelist owns their rows, and for
the same key the newer ``updated_at`` wins, with ties broken by comparing the row's content. That choice is a
pure function of the two rows, so it is commutative, associative and idempotent.

**Submitted means submitted.** A packet may change a scorecard that is submitted here only as an amend made by
its panelist after that submission (its verdict row carries ``amended_at`` and ``amend_reason``); the merge then
writes the same audit rows an amend in the app writes (``scorecard.amend``, ``score.change`` with old and new
and the packet's checksum, ``verdict.change``, ``scorecard.submit``). Any other change to a submitted scorecard
refuses the whole file.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import identity
from .model import Anchor, Candidate, GuideQuestion, Panelist, RoleSkill, Round
from .packets import PacketError, read, signer
from .store import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UntrustedKey:
    """A packet signed by another key than the one this workspace pinned for its sender."""

    subject: str  # panelist id, or 'round:<id>' for a round's lead
    name: str
    pinned: str
    offered: str


class KeyMismatch(PacketError):
    def __init__(self, message: str, untrusted: UntrustedKey):
        super().__init__(message)
        self.untrusted = untrusted


@dataclass
class ImportReport:
    """What one file did to the workspace (or why it was refused)."""

    path: str
    kind: str = ""
    round_title: str = ""
    panelist: str = ""
    refused: str = ""
    untrusted: UntrustedKey | None = None  # set when refused because of the signing key
    internal_error: bool = False
    round_created: bool = False
    candidates_added: int = 0
    panelists_added: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_newer: int = 0  # rows where this workspace already had a newer version
    ties: int = 0  # same updated_at, different content: settled by the deterministic tie-break
    verdicts_added: int = 0
    verdicts_updated: int = 0
    amended: int = 0  # submitted scorecards changed by an amend the panelist made
    key_pinned: str = ""  # fingerprint of a key pinned by this import
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused

    def summary(self) -> str:
        if self.refused:
            return f"{self.path}: refused — {self.refused}"
        who = f" from {self.panelist}" if self.panelist else ""
        pinned = f"; signing key {self.key_pinned} pinned" if self.key_pinned else ""
        if self.kind == "kit":
            what = "round kit opened" if self.round_created else "round kit already here"
            return (f"{self.path}: {what} — {self.round_title!r}; {self.candidates_added} candidate(s) and "
                    f"{self.panelists_added} panelist(s) added{pinned}")
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.kept_newer:
            parts.append(f"{self.kept_newer} kept (this workspace had a newer version)")
        if self.ties:
            parts.append(f"{self.ties} same-time conflict(s) settled by the tie-break")
        verdicts = f"; verdicts: {self.verdicts_added} added, {self.verdicts_updated} updated"
        amended = f"; {self.amended} submitted scorecard(s) amended" if self.amended else ""
        return (f"{self.path}: scores{who} for {self.round_title!r}: " + ", ".join(parts) + verdicts + amended
                + pinned)


# ------------------------------------------------------------------------------------------------- trust


def signing_subject(doc: dict) -> tuple[str, str]:
    """(subject, name) whose key must sign this packet: the exporting panelist, or a kit's round's lead."""
    if doc["kind"] == "kit":
        return f"round:{doc['round']['id']}", f"the lead of {doc['round']['title']!r}"
    owner = doc["exported_by"]
    return owner, next(p["name"] for p in doc["panelists"] if p["id"] == owner)


def expected_key(ws: Workspace, subject: str) -> str | None:
    """The key that must sign for ``subject`` here: the pinned one, else (for yourself) your own copy's."""
    pin = ws.pinned_key(subject)
    if pin is not None:
        return pin[0]
    if subject == ws.meta("me"):
        return identity.own_public_key_or_none()
    return None


def _check_trust(ws: Workspace, doc: dict, label: str, report: ImportReport) -> None:
    subject, name = signing_subject(doc)
    offered = signer(doc)
    expected = expected_key(ws, subject)
    if expected is None:
        ws.pin_key(subject, name, offered, actor=name, detail={"file": label, "checksum": doc["checksum"]})
        report.key_pinned = identity.fingerprint(offered)
        return
    if expected != offered:
        raise KeyMismatch(
            f"is signed by another copy of interview-kit than the one {name} uses here (key "
            f"{identity.fingerprint(offered)}, expected {identity.fingerprint(expected)}); if {name} really has "
            f"a new copy, trust its key with `interview-kit packet trust {_quote(name)} --from {_quote(label)}`",
            UntrustedKey(subject, name, expected, offered))


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) if any(c in text for c in " '\"$`\\") else text


def find_subject(ws: Workspace, who: str) -> tuple[str, str]:
    """(subject, name) for ``packet trust WHO``: a panelist's name (or id), or a round (its lead's kits)."""
    from .errors import UserError

    p = ws.panelist_by_name(who)
    if p is None:
        try:
            p = ws.panelist(who)
        except UserError:
            p = None
    if p is not None:
        return p.id, p.name
    try:
        rnd = ws.find_round(who)
    except UserError:
        raise UserError(f"no panelist or round called {who!r} in this workspace") from None
    return f"round:{rnd.id}", f"the lead of {rnd.title!r}"


def trust(ws: Workspace, who: str, packet_path: Path | None = None, passphrase: str | None = None,
          actor: str = "") -> str:
    """Re-pin ``who``'s signing key (audited). With a packet, pin the key that signed it (the packet must be from
    ``who``); without one, forget the pin so that the next packet accepted from them pins its key.
    Returns a sentence saying what was done."""
    from .errors import UserError

    subject, name = find_subject(ws, who)
    if packet_path is None:
        if not ws.unpin_key(subject, actor=actor):
            return f"{name} had no pinned key here; the next packet accepted from them pins one"
        return f"forgot {name}'s signing key; the next packet accepted from them pins its key"
    try:
        doc = read(Path(packet_path), passphrase)
    except PacketError as e:
        raise PacketError(f"{packet_path}: {e}") from None
    packet_subject, packet_name = signing_subject(doc)
    if packet_subject != subject:
        raise UserError(f"{packet_path} is from {packet_name}, not from {name}")
    key = signer(doc)
    ws.pin_key(subject, name, key, actor=actor, detail={"file": str(packet_path), "reason": "trusted by hand"})
    return f"{name}'s signing key is now {identity.fingerprint(key)}"


# ------------------------------------------------------------------------------------------------- merge


def _content_key(row: tuple) -> str:
    """The tie-break: the same for every workspace, whatever order rows arrive in."""
    return json.dumps(list(row), sort_keys=True, ensure_ascii=False)


def wins(incoming: tuple, existing: tuple, stamp_index: int) -> bool:
    """True when ``incoming`` should replace ``existing``: newer time wins; equal times compare content."""
    a, b = incoming[stamp_index], existing[stamp_index]
    if a != b:
        return a > b
    return _content_key(incoming) > _content_key(existing)


def _guide_from_doc(round_id: str, doc: dict) -> list[GuideQuestion]:
    return [
        GuideQuestion(
            id=q["id"], round_id=round_id, position=i, skill=q["skill"], kind=q["kind"], text=q["text"],
            probes=tuple(q.get("probes") or ()),
            anchors=tuple(Anchor(int(k), v) for k, v in sorted((q.get("anchors") or {}).items())),
            minutes=q.get("minutes"), source=q.get("source", ""),
        )
        for i, q in enumerate(doc["guide"])
    ]


def _question_signature(q: GuideQuestion) -> tuple:
    return (q.id, q.skill, q.kind, q.text, tuple(q.probes), tuple((a.level, a.text) for a in q.anchors))


def guide_difference(here: list[GuideQuestion], there: list[GuideQuestion]) -> str | None:
    """None when the guides match; else a sentence naming the first question that differs."""
    for i, (a, b) in enumerate(zip(here, there), 1):
        if _question_signature(a) != _question_signature(b):
            field_name = next(
                name for name, x, y in (("id", a.id, b.id), ("skill", a.skill, b.skill), ("kind", a.kind, b.kind),
                                        ("text", a.text, b.text), ("probes", a.probes, b.probes),
                                        ("anchors", a.anchors, b.anchors)) if x != y
            )
            return f"question {i} ({a.id}) differs in its {field_name}"
    if len(here) != len(there):
        return f"the guide here has {len(here)} questions, the packet's has {len(there)}"
    return None


def _round_from_doc(doc: dict) -> Round:
    r = doc["round"]
    return Round(
        id=r["id"], title=r["title"], role=r["role"], role_name=r.get("role_name", ""),
        per_skill=r.get("per_skill", 2), seed=r.get("seed", 0), locked=True,
        time_budget_minutes=r.get("time_budget_minutes"), require_evidence=bool(r.get("require_evidence", False)),
        weight_reason=r.get("weight_reason", ""),
        skills=tuple(RoleSkill(s["id"], float(s["weight"]), s.get("name", "")) for s in r.get("skills", [])),
    )


def merge(ws: Workspace, doc: dict, label: str = "") -> ImportReport:
    """Merge a checked packet into the workspace in one transaction (all or nothing)."""
    report = ImportReport(path=label, kind=doc["kind"], round_title=doc["round"]["title"])
    rnd = _round_from_doc(doc)
    guide = _guide_from_doc(rnd.id, doc)
    candidates = [
        Candidate(c["id"], rnd.id, c["name"], c.get("email", ""), c.get("position", i), bool(c.get("withdrawn")))
        for i, c in enumerate(doc["candidates"])
    ]
    panelists = [Panelist(p["id"], p["name"]) for p in doc["panelists"]]
    owner = next((p for p in panelists if p.id == doc.get("exported_by")), None) if doc["kind"] == "scores" else None
    report.panelist = owner.name if owner else ""
    with ws.transaction():
        _check_trust(ws, doc, label, report)
        here = ws.round_or_none(rnd.id)
        if here is None:
            ws.adopt_round(rnd, guide)
            report.round_created = True
        else:
            if not here.locked:
                raise PacketError(f"round {here.title!r} is still a draft here; lock it before merging packets")
            difference = guide_difference(ws.guide(rnd.id), guide)
            if difference:
                raise PacketError(f"its guide differs from round {here.title!r} here: {difference}")
        # Candidates belong to their round: an id used by another round here means the packet is foreign.
        elsewhere = ws.candidate_rounds(c.id for c in candidates)
        for c in candidates:
            if elsewhere.get(c.id, rnd.id) != rnd.id:
                raise PacketError(f"candidate {c.name!r} belongs to another round here")
        report.candidates_added = ws.adopt_candidates(rnd.id, candidates)
        report.panelists_added = ws.adopt_panelists(rnd.id, panelists)
        if doc["scores"] or doc["verdicts"]:
            _merge_scorecards(ws, doc, report, label)
        ws.audit("packet.import", f"round:{rnd.id}", {
            "kind": doc["kind"], "from": report.panelist, "checksum": doc["checksum"],
            "signed_by": identity.fingerprint(signer(doc)),
            "added": report.added, "updated": report.updated, "kept_newer": report.kept_newer,
            "amended": report.amended,
        })
    return report


def _merge_scorecards(ws: Workspace, doc: dict, report: ImportReport, label: str) -> None:
    """Work out every row that wins, check the submitted-scorecard rule per scorecard, then write and audit."""
    owner, name = doc["exported_by"], report.panelist
    scores, verdicts = doc["scores"], doc["verdicts"]
    cands = {s["candidate_id"] for s in scores} | {v["candidate_id"] for v in verdicts}
    existing = ws.score_rows(cands, owner) if scores else {}
    score_changes: dict[str, list[tuple]] = defaultdict(list)  # candidate -> [(key + row, old)]
    for s in scores:
        key = (s["candidate_id"], s["panelist_id"], s["question_id"])
        row = (s["rating"], s["note"], s["updated_at"])
        old = existing.get(key)
        if old is None:
            report.added += 1
        elif old == row:
            report.unchanged += 1
            continue
        elif wins(row, old, 2):
            report.updated += 1
            report.ties += row[2] == old[2]
        else:
            report.kept_newer += 1
            report.ties += row[2] == old[2]
            continue
        score_changes[key[0]].append((key + row, old))

    here_verdicts = ws.verdict_rows(cands)
    incoming = {v["candidate_id"]: v for v in verdicts}
    verdict_changes: dict[str, tuple] = {}  # candidate -> (key + row, old)
    for v in verdicts:
        key = (v["candidate_id"], v["panelist_id"])
        amended_at = v.get("amended_at")
        row = (v["recommendation"], v["summary"], v.get("submitted_at"), amended_at,
               v.get("amend_reason") if amended_at else None, v["updated_at"])
        old = here_verdicts.get(key)
        if old is None:
            report.verdicts_added += 1
        elif old == row or not wins(row, old, 5):
            continue
        else:
            report.verdicts_updated += 1
        verdict_changes[key[0]] = (key + row, old)

    names = {c["id"]: c["name"] for c in doc["candidates"]}
    audits: list[tuple[str, str, dict]] = []
    stamp = {"packet": doc["checksum"], "file": label}
    for cand in sorted(set(score_changes) | set(verdict_changes)):
        here = here_verdicts.get((cand, owner))  # (rec, summary, submitted_at, amended_at, reason, updated_at)
        inc = incoming.get(cand)
        submitted_here = here is not None and here[2] is not None
        amend = None if inc is None else inc.get("amended_at")
        if submitted_here and (amend is None or amend <= here[2]):
            raise PacketError(
                f"would change {name}'s submitted scorecard for {names[cand]} without an amend; a submitted "
                f"scorecard changes only when {name} amends it (and then the packet says so)")
        amended_here = here is not None and here[3] is not None
        if not (submitted_here or amended_here):
            continue
        entity = f"scorecard:{cand}:{owner}"
        if submitted_here or amend not in (None, here[3]):
            report.amended += 1
            audits.append(("scorecard.amend", entity, {"reason": inc.get("amend_reason") or "", **stamp}))
        for row, old in score_changes.get(cand, ()):
            audits.append(("score.change", entity, {
                "question": row[2], "old": None if old is None else {"rating": old[0], "note": old[1]},
                "new": {"rating": row[3], "note": row[4]}, **stamp}))
        if cand in verdict_changes:
            row, old = verdict_changes[cand]
            if old is None or (old[0], old[1]) != (row[2], row[3]):
                audits.append(("verdict.change", entity, {
                    "old": None if old is None else {"recommendation": old[0], "summary": old[1]},
                    "new": {"recommendation": row[2], "summary": row[3]}, **stamp}))
            if row[4] is not None and (old is None or old[2] != row[4]):
                audits.append(("scorecard.submit", entity, {"recommendation": row[2], **stamp}))

    ws.write_score_rows([row for changes in score_changes.values() for row, _ in changes])
    ws.write_verdict_rows([row for row, _ in verdict_changes.values()])
    for action, entity, detail in audits:
        ws.audit(action, entity, detail, name)


def import_file(ws: Workspace, path: Path, passphrase: str | None = None, *, kit_only: bool = False) -> ImportReport:
    """Read, check and merge one file; a refused file leaves the workspace untouched. ``kit_only`` (File → Open
    round kit) refuses a score packet.

    Never raises: a bug met while reading or merging one file refuses that file ("internal error") and the
    caller goes on with the next one.
    """
    try:
        doc = read(path, passphrase)
        if kit_only and doc["kind"] != "kit":
            raise PacketError("is a score packet, not a round kit; use File → Import packets… to merge a "
                              "panelist's scores")
        return merge(ws, doc, str(path))
    except KeyMismatch as e:
        return ImportReport(path=str(path), refused=str(e), untrusted=e.untrusted)
    except PacketError as e:
        return ImportReport(path=str(path), refused=str(e))
    except sqlite3.OperationalError as e:  # a full disk, a locked file: the transaction was rolled back
        return ImportReport(path=str(path), refused=f"the workspace could not be written ({e}); nothing was changed")
    except Exception as e:  # noqa: BLE001 — one file's bug must not stop the others
        log.info("internal error importing %s", path, exc_info=True)
        return ImportReport(path=str(path), internal_error=True,
                            refused=f"internal error ({type(e).__name__}); the file was not imported — please "
                                    "report this with the file")
