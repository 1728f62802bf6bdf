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
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import files
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


def write(doc: dict, path: Path, passphrase: str | None = None) -> None:
    """Write atomically (temporary file, fsync, rename): a full disk or a crash never leaves half a packet.

    With a passphrase the packet is sealed (see ``sealing``) for sending by e-mail.
    """
    path = Path(path)
    data = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    if passphrase:
        from . import sealing

        data = sealing.seal(data, passphrase)
    files.write_atomic(path, data)


# --------------------------------------------------------------------------------------------- reading


@lru_cache(maxsize=1)
def _validators():
    """Two validators cut from the published schema: the packet's frame, and its round + guide.

    The long row lists are checked in code (the hot path, see _check_rows). The round and guide are the same
    in every packet of a round, so their (pure) verdict is cached by content; the frame is small.
    """
    import jsonschema

    full = schema()
    frame = json.loads(json.dumps(full))
    for key in ("scores", "verdicts", "candidates", "guide"):
        frame["properties"][key] = {"type": "array"}
    frame["properties"]["round"] = {"type": "object"}
    parts = {
        "$schema": full["$schema"],
        "type": "object",
        "required": ["round", "guide"],
        "properties": {"round": full["properties"]["round"], "guide": full["properties"]["guide"]},
        "$defs": full["$defs"],
    }
    return jsonschema.Draft202012Validator(frame), jsonschema.Draft202012Validator(parts)


def _first_error(validator, doc) -> str | None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    e = errors[0]
    where = "/".join(str(p) for p in e.absolute_path) or "the document"
    return f"has the wrong shape at {where}: {e.message}"


@lru_cache(maxsize=64)
def _parts_problem(parts_json: str) -> str | None:
    return _first_error(_validators()[1], json.loads(parts_json))


def _check_shape(doc: dict) -> None:
    frame, _ = _validators()
    problem = _first_error(frame, doc)
    if problem is None and isinstance(doc.get("round"), dict) and isinstance(doc.get("guide"), list):
        problem = _parts_problem(json.dumps({"round": doc["round"], "guide": doc["guide"]}, sort_keys=True))
    if problem:
        raise PacketError(problem)


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return (resources.files("interview_kit") / "schemas" / "packet.schema.json").read_text("utf-8")


def schema() -> dict:
    """The published JSON Schema of the packet format."""
    return json.loads(_schema_text())


def _no_duplicate_keys(pairs):
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise PacketError(f"the key {dup!r} appears twice in one object")
    return out


def _reject_constant(name):
    raise PacketError(f"{name} is not a valid JSON number here")


def read(path: Path, passphrase: str | None = None) -> dict:
    """Read and check a packet completely; raise PacketError with one clear sentence if anything is off.

    A sealed (passphrase-protected) packet is opened with ``passphrase`` first, then checked the same way.
    """
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
    from . import sealing

    if sealing.is_sealed(raw):
        if not passphrase:
            raise PacketError("is protected by a passphrase; give it to open the packet")
        try:
            raw = sealing.unseal(raw, passphrase)
        except UserError as e:
            raise PacketError(str(e)) from None
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
    _check_shape(doc)
    if doc["checksum"] != checksum(doc):
        raise PacketError("was edited or damaged after export: its checksum does not match its content")
    _check_rows(doc)
    return doc


_CANDIDATE_KEYS = {"id", "name", "email", "position", "withdrawn"}
_SCORE_KEYS = frozenset({"candidate_id", "panelist_id", "question_id", "rating", "note", "updated_at"})


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")


def _timestamp(value, where: str) -> str:
    """A row's time as canonical UTC with microseconds, so text order is time order in every workspace."""
    if not isinstance(value, str):
        raise PacketError(f"{where}: updated_at is not a timestamp")
    if _CANONICAL_TIME.fullmatch(value):  # what we write ourselves: already canonical
        return value
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
    for i, c in enumerate(doc["candidates"]):
        where = f"candidate {i + 1}"
        if not isinstance(c, dict) or not {"id", "name"} <= set(c) or not set(c) <= _CANDIDATE_KEYS:
            raise PacketError(f"has the wrong shape at candidates/{i}: a candidate has id, name and optionally "
                              "email, position and withdrawn")
        if not (isinstance(c["id"], str) and 0 < len(c["id"]) <= 100):
            raise PacketError(f"{where}: the id is not a short text")
        if not (isinstance(c["name"], str) and 0 < len(c["name"]) <= 500):
            raise PacketError(f"{where}: the name is empty or not text")
        if not isinstance(c.get("email", ""), str) or not isinstance(c.get("withdrawn", False), bool):
            raise PacketError(f"{where}: email must be text and withdrawn true or false")
        if "position" in c and not (_is_int(c["position"]) and c["position"] >= 0):
            raise PacketError(f"{where}: position must be a whole number from 0")
    candidates = {c["id"] for c in doc["candidates"]}
    if len(candidates) != len(doc["candidates"]):
        raise PacketError("lists the same candidate twice")
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
        # The hot loop of a merge: plain comparisons, and an error message built only when it is needed.
        if not isinstance(s, dict) or len(s) != 6 or not _SCORE_KEYS.issuperset(s):
            raise PacketError(f"score {i + 1} does not have exactly candidate_id, panelist_id, question_id, "
                              "rating, note and updated_at")
        rating = s["rating"]
        if rating is not None and (rating.__class__ is not int or not 1 <= rating <= 5):
            raise PacketError(f"score {i + 1}: rating {rating!r} is not 1-5 or null (N/A)")
        note = s["note"]
        if note.__class__ is not str or len(note) > 20000:
            raise PacketError(f"score {i + 1}: the note is not text (or is over 20,000 characters)")
        key = (s["candidate_id"], s["panelist_id"], s["question_id"])
        if key[0] not in candidates:
            raise PacketError(f"score {i + 1} is for a candidate who is not in the packet")
        if key[1] != owner:
            if key[1] not in panelists:
                raise PacketError(f"score {i + 1} is by an unknown panelist")
            raise PacketError(f"score {i + 1} belongs to another panelist; a packet carries only its exporter's "
                              "rows")
        if key[2] not in questions:
            raise PacketError(f"score {i + 1} is for question {key[2]!r}, which is not in the guide")
        if key in seen:
            raise PacketError(f"score {i + 1} repeats a candidate and question already scored in this packet")
        seen.add(key)
        stamp = s["updated_at"]
        if stamp.__class__ is not str or not _CANONICAL_TIME.fullmatch(stamp):
            s["updated_at"] = _timestamp(stamp, f"score {i + 1}")
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
        elsewhere = ws.candidate_rounds(c.id for c in candidates)
        for c in candidates:
            if elsewhere.get(c.id, rnd.id) != rnd.id:
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
    existing = ws.score_rows((s["candidate_id"] for s in scores), scores[0]["panelist_id"])
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


def import_file(ws: Workspace, path: Path, passphrase: str | None = None) -> ImportReport:
    """Read, check and merge one file; a refused file leaves the workspace untouched."""
    try:
        doc = read(path, passphrase)
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


def import_kit_file(ws: Workspace, path: Path, passphrase: str | None = None) -> ImportReport:
    """Like :func:`import_file`, for File → Open round kit: a score packet is refused there, untouched."""
    try:
        doc = read(path, passphrase)
        if doc["kind"] != "kit":
            raise PacketError("is a score packet, not a round kit; use File → Import packets… to merge a "
                              "panelist's scores")
        return merge(ws, doc, str(path))
    except PacketError as e:
        return ImportReport(path=str(path), refused=str(e))
