"""Panel packets (``.ikit``): export, verify and merge a panel's scores taken offline.

A packet is data only: UTF-8 JSON, never pickle, never eval. Reading one is paranoid on purpose — size, bytes,
JSON, shape (the JSON Schema in ``schemas/packet.schema.json``), checksum, version, then every row's references
and ranges — and nothing is written until all of that has passed. Merging is one transaction per file.

The merge rule makes the order of imports irrelevant: rows are keyed, a panelist owns their rows, and for the
same key the newer ``updated_at`` wins, with ties broken by comparing the row's content. That choice is a
pure function of the two rows, so it is commutative, associative and idempotent: any order of any packets,
imported any number of times, ends in the same tables.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import UserError
from .model import Anchor, Candidate, GuideQuestion, Panelist, RoleSkill, Round
from .store import Workspace, now

FORMAT = "interview-kit-packet"
VERSION = 1
SUFFIX = ".ikit"
#: A packet of a whole round with long notes is well under a megabyte; anything this big is not ours.
MAX_BYTES = 20 * 1024 * 1024


class PacketError(UserError):
    """A packet was refused; the workspace was not changed."""


# --------------------------------------------------------------------------------------------- writing


def canonical_bytes(doc: dict) -> bytes:
    """The bytes the checksum covers: the document without ``checksum``, keys sorted, no spaces, UTF-8."""
    body = {k: v for k, v in doc.items() if k != "checksum"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def checksum(doc: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(doc)).hexdigest()


def seal(doc: dict) -> dict:
    sealed = dict(doc)
    sealed["checksum"] = checksum(doc)
    return sealed


def _guide_doc(q: GuideQuestion) -> dict:
    return {
        "id": q.id,
        "skill": q.skill,
        "kind": q.kind,
        "text": q.text,
        "probes": list(q.probes),
        "anchors": {str(a.level): a.text for a in q.anchors},
        "minutes": q.minutes,
        "source": q.source,
    }


def _base(ws: Workspace, round_id: str, kind: str) -> dict:
    rnd = ws.round(round_id)
    if not rnd.locked:
        raise UserError(f"round {rnd.title!r} is a draft; lock it before sending it to the panel")
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "exported_at": now(),
        "round": {
            "id": rnd.id,
            "title": rnd.title,
            "role": rnd.role,
            "role_name": rnd.role_name,
            "per_skill": rnd.per_skill,
            "seed": rnd.seed,
            "time_budget_minutes": rnd.time_budget_minutes,
            "require_evidence": rnd.require_evidence,
            "weight_reason": rnd.weight_reason,
            "skills": [{"id": s.skill, "name": s.name, "weight": s.weight} for s in rnd.skills],
        },
        "guide": [_guide_doc(q) for q in ws.guide(round_id)],
        "candidates": [
            {"id": c.id, "name": c.name, "email": c.email, "position": c.position, "withdrawn": c.withdrawn}
            for c in ws.candidates(round_id)
        ],
        "panelists": [{"id": p.id, "name": p.name} for p in ws.panel(round_id)],
        "scores": [],
        "verdicts": [],
    }


def export_kit(ws: Workspace, round_id: str) -> dict:
    """The round kit a lead sends to the panel: guide, candidates and panel, no scores."""
    return seal(_base(ws, round_id, "kit"))


def export_scores(ws: Workspace, round_id: str, panelist_id: str) -> dict:
    """One panelist's scores and verdicts for a round (what they send back to the lead)."""
    doc = _base(ws, round_id, "scores")
    panelist = ws.panelist(panelist_id)
    if all(p["id"] != panelist_id for p in doc["panelists"]):
        doc["panelists"].append({"id": panelist.id, "name": panelist.name})
    doc["exported_by"] = panelist_id
    doc["scores"] = [
        {"candidate_id": s.candidate_id, "panelist_id": s.panelist_id, "question_id": s.question_id,
         "rating": s.rating, "note": s.note, "updated_at": s.updated_at}
        for s in ws.scores(round_id=round_id, panelist_id=panelist_id)
    ]
    doc["verdicts"] = [
        {"candidate_id": v.candidate_id, "panelist_id": v.panelist_id, "recommendation": v.recommendation,
         "summary": v.summary, "submitted_at": v.submitted_at, "updated_at": v.updated_at}
        for v in ws.verdicts(round_id=round_id)
        if v.panelist_id == panelist_id
    ]
    return seal(doc)


def write(doc: dict, path: Path) -> None:
    """Write atomically (temporary file, fsync, rename): a full disk or a crash never leaves half a packet."""
    path = Path(path)
    data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ikit-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"could not write {path}: {e.strerror}") from None


# --------------------------------------------------------------------------------------------- reading


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads((resources.files("interview_kit") / "schemas" / "packet.schema.json").read_text("utf-8"))
    # Rows are checked in code (the hot path); the schema checks everything else here.
    for key in ("scores", "verdicts"):
        schema["properties"][key] = {"type": "array"}
    return jsonschema.Draft202012Validator(schema)


def schema() -> dict:
    """The published JSON Schema of the packet format."""
    return json.loads((resources.files("interview_kit") / "schemas" / "packet.schema.json").read_text("utf-8"))


def _no_duplicate_keys(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise PacketError(f"the key {k!r} appears twice in one object")
        out[k] = v
    return out


def _reject_constant(name):
    raise PacketError(f"{name} is not a valid JSON number here")


def read(path: Path) -> dict:
    """Read and check a packet completely; raise PacketError with one clear sentence if anything is off."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise PacketError("no such file") from None
    if path.is_dir():
        raise PacketError("is a folder, not a packet")
    if size > MAX_BYTES:
        raise PacketError(f"is {size / 1e6:.1f} MB, over the {MAX_BYTES // 1_000_000} MB limit for a packet")
    if size == 0:
        raise PacketError("is empty")
    raw = path.read_bytes()
    return parse(raw)


def parse(raw: bytes) -> dict:
    if raw[:4] == b"PK\x03\x04":
        raise PacketError("is a zip archive (or an Office file), not an interview-kit packet")
    if b"\x00" in raw[:4096]:
        raise PacketError("is a binary file, not an interview-kit packet")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PacketError(f"is not UTF-8 text (byte {e.start}); it is damaged or not a packet") from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise PacketError(f"is damaged or truncated: the JSON breaks at line {e.lineno}, column {e.colno}") from None
    except RecursionError:
        raise PacketError("is nested too deeply to be a packet") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PacketError("is not an interview-kit packet (its format is not 'interview-kit-packet')")
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise PacketError(f"was written by a newer interview-kit (packet version {version}; this version reads "
                          f"{VERSION}); update interview-kit to import it")
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "the document"
        raise PacketError(f"has the wrong shape at {where}: {e.message}")
    if doc["checksum"] != checksum(doc):
        raise PacketError("was edited or damaged after export: its checksum does not match its content")
    _check_rows(doc)
    return doc


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _timestamp(value, where: str) -> str:
    """A row's time as canonical UTC with microseconds, so text order is time order in every workspace."""
    if not isinstance(value, str):
        raise PacketError(f"{where}: updated_at is not a timestamp")
    try:
        t = _dt.datetime.fromisoformat(value)
    except ValueError:
        raise PacketError(f"{where}: {value!r} is not an ISO 8601 timestamp") from None
    if t.tzinfo is None:
        raise PacketError(f"{where}: {value!r} has no time zone")
    return t.astimezone(_dt.timezone.utc).isoformat(timespec="microseconds")


def _check_rows(doc: dict) -> None:
    """Field-by-field checks of every score and verdict, and that each refers to something in the packet."""
    kind = doc["kind"]
    candidates = {c["id"] for c in doc["candidates"]}
    panelists = {p["id"] for p in doc["panelists"]}
    questions = {q["id"] for q in doc["guide"]}
    if len(questions) != len(doc["guide"]):
        raise PacketError("has the same question twice in its guide")
    if kind == "kit" and (doc["scores"] or doc["verdicts"]):
        raise PacketError("is a round kit but carries scores; a kit must not")
    owner = doc.get("exported_by")
    if kind == "scores" and owner not in panelists:
        raise PacketError("is a score packet without a known exporting panelist")
    seen = set()
    for i, s in enumerate(doc["scores"]):
        where = f"score {i + 1}"
        if not isinstance(s, dict) or set(s) != {"candidate_id", "panelist_id", "question_id", "rating", "note",
                                                 "updated_at"}:
            raise PacketError(f"{where} does not have exactly candidate_id, panelist_id, question_id, rating, "
                              "note and updated_at")
        rating = s["rating"]
        if rating is not None and not (_is_int(rating) and 1 <= rating <= 5):
            raise PacketError(f"{where}: rating {rating!r} is not 1-5 or null (N/A)")
        if not isinstance(s["note"], str) or len(s["note"]) > 20000:
            raise PacketError(f"{where}: the note is not text (or is over 20,000 characters)")
        if s["candidate_id"] not in candidates:
            raise PacketError(f"{where} is for a candidate who is not in the packet")
        if s["panelist_id"] not in panelists:
            raise PacketError(f"{where} is by an unknown panelist")
        if s["panelist_id"] != owner:
            raise PacketError(f"{where} belongs to another panelist; a packet carries only its exporter's rows")
        if s["question_id"] not in questions:
            raise PacketError(f"{where} is for question {s['question_id']!r}, which is not in the guide")
        key = (s["candidate_id"], s["panelist_id"], s["question_id"])
        if key in seen:
            raise PacketError(f"{where} repeats a candidate and question already scored in this packet")
        seen.add(key)
        s["updated_at"] = _timestamp(s["updated_at"], where)
    seen = set()
    for i, v in enumerate(doc["verdicts"]):
        where = f"verdict {i + 1}"
        if not isinstance(v, dict):
            raise PacketError(f"{where} is not an object")
        if v.get("recommendation") not in (None, "strong_no", "no", "yes", "strong_yes"):
            raise PacketError(f"{where}: {v.get('recommendation')!r} is not a recommendation")
        if v["candidate_id"] not in candidates or v["panelist_id"] != owner:
            raise PacketError(f"{where} refers to a candidate or panelist this packet does not own")
        if (v["candidate_id"], v["panelist_id"]) in seen:
            raise PacketError(f"{where} repeats a verdict already in this packet")
        seen.add((v["candidate_id"], v["panelist_id"]))
        v["updated_at"] = _timestamp(v["updated_at"], where)
        if v.get("submitted_at") is not None:
            v["submitted_at"] = _timestamp(v["submitted_at"], where)


# ---------------------------------------------------------------------------------------------- merging


@dataclass
class ImportReport:
    """What one file did to the workspace (or why it was refused)."""

    path: str
    kind: str = ""
    round_title: str = ""
    panelist: str = ""
    refused: str = ""
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
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused

    def summary(self) -> str:
        if self.refused:
            return f"{self.path}: refused — {self.refused}"
        who = f" from {self.panelist}" if self.panelist else ""
        if self.kind == "kit":
            what = "round kit opened" if self.round_created else "round kit already here"
            return (f"{self.path}: {what} — {self.round_title!r}; {self.candidates_added} candidate(s) and "
                    f"{self.panelists_added} panelist(s) added")
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.kept_newer:
            parts.append(f"{self.kept_newer} kept (this workspace had a newer version)")
        if self.ties:
            parts.append(f"{self.ties} same-time conflict(s) settled by the tie-break")
        verdicts = f"; verdicts: {self.verdicts_added} added, {self.verdicts_updated} updated"
        return f"{self.path}: scores{who} for {self.round_title!r}: " + ", ".join(parts) + verdicts


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
    owner = next((p for p in panelists if p.id == doc.get("exported_by")), None)
    report.panelist = owner.name if owner else ""
    with ws.transaction():
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
        for c in candidates:
            row = ws.conn.execute("SELECT round_id FROM candidates WHERE id = ?", (c.id,)).fetchone()
            if row and row[0] != rnd.id:
                raise PacketError(f"candidate {c.name!r} belongs to another round here")
        report.candidates_added = ws.adopt_candidates(rnd.id, candidates)
        report.panelists_added = ws.adopt_panelists(rnd.id, panelists)
        if doc["scores"]:
            _merge_scores(ws, doc["scores"], report)
        if doc["verdicts"]:
            _merge_verdicts(ws, doc["verdicts"], report)
        ws.audit("packet.import", f"round:{rnd.id}", {
            "kind": doc["kind"], "from": report.panelist, "checksum": doc["checksum"],
            "added": report.added, "updated": report.updated, "kept_newer": report.kept_newer,
        })
    return report


def _merge_scores(ws: Workspace, scores: list[dict], report: ImportReport) -> None:
    existing = ws.score_rows(s["candidate_id"] for s in scores)
    writes = []
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
            if row[2] == old[2]:
                report.ties += 1
        else:
            report.kept_newer += 1
            if row[2] == old[2]:
                report.ties += 1
            continue
        writes.append(key + row)
    ws.write_score_rows(writes)


def _merge_verdicts(ws: Workspace, verdicts: list[dict], report: ImportReport) -> None:
    existing = ws.verdict_rows(v["candidate_id"] for v in verdicts)
    writes = []
    for v in verdicts:
        key = (v["candidate_id"], v["panelist_id"])
        row = (v.get("recommendation"), v.get("summary", ""), v.get("submitted_at"), v["updated_at"])
        old = existing.get(key)
        if old is None:
            report.verdicts_added += 1
        elif old == row or not wins(row, old, 3):
            continue
        else:
            report.verdicts_updated += 1
        writes.append(key + row)
    ws.write_verdict_rows(writes)


def import_file(ws: Workspace, path: Path) -> ImportReport:
    """Read, check and merge one file; a refused file leaves the workspace untouched."""
    try:
        doc = read(path)
        return merge(ws, doc, str(path))
    except PacketError as e:
        return ImportReport(path=str(path), refused=str(e))


def default_name(doc: dict) -> str:
    """A file name that says what the packet is: ``<round>-<kit|panelist>.ikit``."""
    def slug(text: str) -> str:
        keep = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
        return "-".join(part for part in keep.split("-") if part)[:60] or "round"

    who = "kit"
    if doc["kind"] == "scores":
        owner = next((p["name"] for p in doc["panelists"] if p["id"] == doc.get("exported_by")), "scores")
        who = slug(owner)
    return f"{slug(doc['round']['title'])}-{who}{SUFFIX}"
