"""Panel packets (``.ikit``): export, sign, read and check the document (merging is in ``packet_merge``).

A packet is data only: UTF-8 JSON, never pickle, never eval. Reading one is paranoid on purpose and bounded:
size (before a byte is read), bytes, JSON (no huge numbers, no deep nesting, no lone surrogates), version,
shape (the JSON Schema in ``schemas/packet.schema.json``), checksum, signature, then every row's types,
references and ranges — and nothing is written until all of that has passed. Every refusal is a PacketError.

Version 2 packets are signed: the copy that exports a packet signs it with its Ed25519 key (``identity``) over
the canonical bytes of the document without ``checksum`` and ``signature``; the checksum is then taken over the
document without ``checksum``. A checksum proves the file is intact; a signature proves which copy made it;
neither proves who sat at the keyboard.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import files, identity
from .errors import UserError
from .names import MAX_NOTE, InvalidName, clean_email, clean_name
from .model import GuideQuestion
from .store import Workspace, now

FORMAT = "interview-kit-packet"
VERSION = 2
SUFFIX = ".ikit"
#: A packet of a whole round with long notes is well under a megabyte; anything this big is not ours.
MAX_BYTES = 20 * 1024 * 1024
#: Numbers in a packet are small (ratings, positions, seeds, minutes); JSON-safe integers at most.
MAX_INT = 2**53
#: A packet is four levels deep (document → guide → question → anchors); anything much deeper is not ours.
MAX_DEPTH = 12


class PacketError(UserError):
    """A packet was refused; the workspace was not changed."""


# --------------------------------------------------------------------------------------------- writing


def _canonical(doc: dict, leave_out: tuple[str, ...]) -> bytes:
    body = {k: v for k, v in doc.items() if k not in leave_out}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def canonical_bytes(doc: dict) -> bytes:
    """The bytes the checksum covers: the document without ``checksum``, keys sorted, no spaces, UTF-8."""
    return _canonical(doc, ("checksum",))


def signed_bytes(doc: dict) -> bytes:
    """The bytes the signature covers: the same recipe, without ``checksum`` and ``signature``."""
    return _canonical(doc, ("checksum", "signature"))


def checksum(doc: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(doc)).hexdigest()


def seal(doc: dict) -> dict:
    """The document with its checksum recomputed (and its signature left as it is)."""
    sealed = dict(doc)
    sealed["checksum"] = checksum(doc)
    return sealed


def sign(doc: dict, *, check_names: bool = True) -> dict:
    """The document signed with this copy's key (made if missing), then checksummed.

    Names are checked first (``check_names=False`` is for tests that play a foreign copy)."""
    body = {k: v for k, v in doc.items() if k not in ("checksum", "signature")}
    if check_names and isinstance(body.get("candidates"), list) and isinstance(body.get("panelists"), list):
        try:  # names stored before the one name rule would make every other copy refuse the packet
            _check_people(json.loads(json.dumps({"candidates": body["candidates"], "panelists": body["panelists"]})))
        except PacketError as e:
            raise UserError(f"cannot export this round yet: {e}; rename them first") from None
    public_key, value = identity.sign(signed_bytes(body))
    body["signature"] = {"alg": "ed25519", "public_key": public_key, "value": value}
    return seal(body)


def signer(doc: dict) -> str:
    """The public key (base64) that signed a checked packet."""
    return doc["signature"]["public_key"]


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
    return sign(_base(ws, round_id, "kit"))


def _verdict_doc(v) -> dict:
    row = {"candidate_id": v.candidate_id, "panelist_id": v.panelist_id, "recommendation": v.recommendation,
           "summary": v.summary, "submitted_at": v.submitted_at, "updated_at": v.updated_at}
    if v.amended_at:
        row["amended_at"] = v.amended_at
        row["amend_reason"] = v.amend_reason or ""
    return row


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
    doc["verdicts"] = [_verdict_doc(v) for v in ws.verdicts(round_id=round_id) if v.panelist_id == panelist_id]
    return sign(doc)


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
    for key in ("scores", "verdicts", "candidates", "panelists", "guide"):  # rows: checked in code, with the
        frame["properties"][key] = {"type": "array", "maxItems": full["properties"][key].get("maxItems", 10**6)}
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
    message = e.message if len(e.message) <= 200 else e.message[:200] + "…"
    return f"has the wrong shape at {where[:100]}: {message}"


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
        raise PacketError(f"the key {dup[:80]!r} appears twice in one object")
    return out


def _reject_constant(name):
    raise PacketError(f"{name} is not a valid JSON number here")


def _small_int(text: str) -> int:
    # Checked on the digits before int() runs: a 4,301-digit number never costs a conversion.
    if len(text) > 17 or abs(value := int(text)) > MAX_INT:
        raise PacketError(f"holds the number {text[:20]}{'…' if len(text) > 20 else ''}, too large for a packet")
    return value


def _small_float(text: str) -> float:
    value = float(text) if len(text) <= 40 else float("inf")
    if not math.isfinite(value):
        raise PacketError(f"holds the number {text[:20]}{'…' if len(text) > 20 else ''}, out of range for a packet")
    return value


#: A lone surrogate can only come from a \\uD800-\\uDFFF escape (UTF-8 bytes cannot encode one).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _check_depth(doc) -> None:
    """Iteratively, so a deep document cannot exhaust the stack of the code that reads it."""
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PacketError(f"is nested more than {MAX_DEPTH} levels deep; it is not an interview-kit packet")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def read(path: Path, passphrase: str | None = None) -> dict:
    """Read and check a packet completely; raise PacketError with one clear sentence if anything is off.

    The size is checked before anything is read, and at most ``MAX_BYTES`` are read (a file that grows
    meanwhile is still bounded). A sealed (passphrase-protected) packet is opened with ``passphrase`` first,
    then checked the same way.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise PacketError("is a folder, not a packet")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PacketError(f"is {size / 2**20:.1f} MiB, over the {MAX_BYTES // 2**20} MiB limit for a packet")
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise PacketError("no such file") from None
    except OSError as e:
        raise PacketError(f"cannot be read: {e.strerror or e}") from None
    if len(raw) > MAX_BYTES:
        raise PacketError(f"is over the {MAX_BYTES // 2**20} MiB limit for a packet")
    if not raw:
        raise PacketError("is empty")
    from . import sealing

    if sealing.is_sealed(raw):
        if not passphrase:
            raise PacketError("is protected by a passphrase; give it to open the packet")
        try:
            raw = sealing.unseal(raw, passphrase)
        except UserError as e:
            raise PacketError(str(e)) from None
        if len(raw) > MAX_BYTES:
            raise PacketError(f"holds a packet over the {MAX_BYTES // 2**20} MiB limit")
    return parse(raw)


def _load_json(raw: bytes):
    if raw[:4] == b"PK\x03\x04":
        raise PacketError("is a zip archive (or an Office file), not an interview-kit packet")
    if b"\x00" in raw[:4096]:
        raise PacketError("is a binary file, not an interview-kit packet")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PacketError(f"is not UTF-8 text (byte {e.start}); it is damaged or not a packet") from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant,
                         parse_int=_small_int, parse_float=_small_float)
    except json.JSONDecodeError as e:
        raise PacketError(f"is damaged or truncated: the JSON breaks at line {e.lineno}, column {e.colno}") from None
    except RecursionError:
        raise PacketError("is nested too deeply to be a packet") from None
    _check_depth(doc)
    if _SURROGATE_ESCAPE.search(raw):
        try:
            json.dumps(doc, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise PacketError("holds text that is not valid Unicode (a lone surrogate such as \\ud800); it was not "
                              "written by interview-kit") from None
    return doc


def parse(raw: bytes) -> dict:
    """Check a packet's bytes completely and return the document (PacketError otherwise)."""
    doc = _load_json(raw)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise PacketError("is not an interview-kit packet (its format is not 'interview-kit-packet')")
    version = doc.get("version")
    if version.__class__ is not int:
        raise PacketError("has no packet version (a whole number); it is damaged or not a packet")
    if version > VERSION:
        raise PacketError(f"was written by a newer interview-kit (packet version {version}; this version reads "
                          f"{VERSION}); update interview-kit to import it")
    if version < VERSION:
        raise PacketError(f"is a version {version} packet, which is not signed; this interview-kit accepts only "
                          f"signed packets (version {VERSION}): ask its sender to export it again with this version")
    _check_shape(doc)
    if doc["checksum"] != checksum(doc):
        raise PacketError("was edited or damaged after export: its checksum does not match its content")
    sig = doc["signature"]
    if not identity.verify(sig["public_key"], sig["value"], signed_bytes(doc)):
        raise PacketError("was changed after it was signed: its signature does not match its content (a checksum "
                          "recomputed by hand does not make an edited packet valid)")
    _check_rows(doc)
    return doc


_CANDIDATE_KEYS = frozenset({"id", "name", "email", "position", "withdrawn"})
_SCORE_KEYS = frozenset({"candidate_id", "panelist_id", "question_id", "rating", "note", "updated_at"})
_VERDICT_KEYS = frozenset({"candidate_id", "panelist_id", "recommendation", "summary", "submitted_at",
                           "updated_at", "amended_at", "amend_reason"})
_VERDICT_REQUIRED = frozenset({"candidate_id", "panelist_id", "recommendation", "summary", "updated_at"})
_RECOMMENDATIONS = (None, "strong_no", "no", "yes", "strong_yes")


def _is_int(v) -> bool:
    return v.__class__ is int


def _is_id(v) -> bool:
    return v.__class__ is str and 0 < len(v) <= 100


_CANONICAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")


def _timestamp(value, where: str, what: str = "updated_at") -> str:
    """A row's time as canonical UTC with microseconds, so text order is time order in every workspace."""
    if value.__class__ is not str or len(value) > 40:
        raise PacketError(f"{where}: {what} is not a timestamp")
    if _CANONICAL_TIME.fullmatch(value):  # what we write ourselves: already canonical
        return value
    try:
        t = _dt.datetime.fromisoformat(value)
        if t.tzinfo is None:
            raise PacketError(f"{where}: {what} {value!r} has no time zone")
        return t.astimezone(_dt.timezone.utc).isoformat(timespec="microseconds")
    except (ValueError, OverflowError):  # OverflowError: year 1 with a positive offset is before year 1 in UTC
        raise PacketError(f"{where}: {what} {value!r} is not an ISO 8601 timestamp we can use") from None


def _name(value, where: str) -> str:
    try:
        return clean_name(value, "the name")
    except InvalidName as e:
        raise PacketError(f"{where}: {e}") from None


def _check_people(doc: dict) -> tuple[set, set]:
    for i, c in enumerate(doc["candidates"]):
        where = f"candidate {i + 1}"
        if not isinstance(c, dict) or not {"id", "name"} <= c.keys() or not c.keys() <= _CANDIDATE_KEYS:
            raise PacketError(f"has the wrong shape at candidates/{i}: a candidate has id, name and optionally "
                              "email, position and withdrawn")
        if not _is_id(c["id"]):
            raise PacketError(f"{where}: the id is not a short text")
        c["name"] = _name(c["name"], where)
        try:
            if "email" in c:
                c["email"] = clean_email(c["email"])
        except InvalidName as e:
            raise PacketError(f"{where}: {e}") from None
        if c.get("withdrawn", False).__class__ is not bool:
            raise PacketError(f"{where}: withdrawn must be true or false")
        if "position" in c and not (_is_int(c["position"]) and c["position"] >= 0):
            raise PacketError(f"{where}: position must be a whole number from 0")
    candidates = {c["id"] for c in doc["candidates"]}
    if len(candidates) != len(doc["candidates"]):
        raise PacketError("lists the same candidate twice")
    for i, p in enumerate(doc["panelists"]):
        if p.__class__ is not dict or p.keys() != {"id", "name"} or not _is_id(p["id"]):
            raise PacketError(f"has the wrong shape at panelists/{i}: a panelist has an id and a name")
        p["name"] = _name(p["name"], f"panelist {i + 1}")
    panelists = {p["id"] for p in doc["panelists"]}
    if len(panelists) != len(doc["panelists"]):
        raise PacketError("lists the same panelist twice")
    return candidates, panelists


def _check_rows(doc: dict) -> None:
    """Field-by-field checks of every row, and that each refers to something in the packet."""
    kind = doc["kind"]
    skills = [s["id"] for s in doc["round"].get("skills", [])]
    if len(set(skills)) != len(skills):
        raise PacketError("names the same skill twice in its round")
    candidates, panelists = _check_people(doc)
    questions = {q["id"] for q in doc["guide"]}
    if len(questions) != len(doc["guide"]):
        raise PacketError("has the same question twice in its guide")
    owner = doc.get("exported_by")
    if kind == "kit":
        if doc["scores"] or doc["verdicts"]:
            raise PacketError("is a round kit but carries scores; a kit must not")
    elif owner.__class__ is not str or owner not in panelists:
        raise PacketError("is a score packet without a known exporting panelist")
    _check_scores(doc["scores"], candidates, panelists, questions, owner)
    _check_verdicts(doc["verdicts"], candidates, owner)


def _check_scores(scores: list, candidates: set, panelists: set, questions: set, owner) -> None:
    seen = set()
    for i, s in enumerate(scores):
        # The hot loop of a merge: plain comparisons, and an error message built only when it is needed.
        if s.__class__ is not dict or len(s) != 6 or not _SCORE_KEYS.issuperset(s):
            raise PacketError(f"score {i + 1} does not have exactly candidate_id, panelist_id, question_id, "
                              "rating, note and updated_at")
        rating = s["rating"]
        if rating is not None and (rating.__class__ is not int or not 1 <= rating <= 5):
            raise PacketError(f"score {i + 1}: rating {rating!r} is not 1-5 or null (N/A)")
        note = s["note"]
        if note.__class__ is not str or len(note) > MAX_NOTE:
            raise PacketError(f"score {i + 1}: the note is not text (or is over 20,000 characters)")
        key = (s["candidate_id"], s["panelist_id"], s["question_id"])
        if key[0].__class__ is not str or key[1].__class__ is not str or key[2].__class__ is not str:
            raise PacketError(f"score {i + 1}: candidate_id, panelist_id and question_id must be text")
        if key[0] not in candidates:
            raise PacketError(f"score {i + 1} is for a candidate who is not in the packet")
        if key[1] != owner:
            if key[1] not in panelists:
                raise PacketError(f"score {i + 1} is by an unknown panelist")
            raise PacketError(f"score {i + 1} belongs to another panelist; a packet carries only its exporter's "
                              "rows")
        if key[2] not in questions:
            raise PacketError(f"score {i + 1} is for question {key[2][:80]!r}, which is not in the guide")
        if key in seen:
            raise PacketError(f"score {i + 1} repeats a candidate and question already scored in this packet")
        seen.add(key)
        stamp = s["updated_at"]
        if stamp.__class__ is not str or not _CANONICAL_TIME.fullmatch(stamp):
            s["updated_at"] = _timestamp(stamp, f"score {i + 1}")


def _check_verdicts(verdicts: list, candidates: set, owner) -> None:
    seen = set()
    for i, v in enumerate(verdicts):
        where = f"verdict {i + 1}"
        if v.__class__ is not dict or not _VERDICT_REQUIRED <= v.keys() or not v.keys() <= _VERDICT_KEYS:
            raise PacketError(f"{where} does not have candidate_id, panelist_id, recommendation, summary and "
                              "updated_at (and optionally submitted_at, amended_at, amend_reason)")
        if v["candidate_id"].__class__ is not str or v["panelist_id"].__class__ is not str:
            raise PacketError(f"{where}: candidate_id and panelist_id must be text")
        if v["candidate_id"] not in candidates or v["panelist_id"] != owner:
            raise PacketError(f"{where} refers to a candidate or panelist this packet does not own")
        rec = v["recommendation"]
        if not (rec is None or (rec.__class__ is str and rec in _RECOMMENDATIONS)):
            raise PacketError(f"{where}: {str(v['recommendation'])[:40]!r} is not a recommendation")
        if v["summary"].__class__ is not str or len(v["summary"]) > MAX_NOTE:
            raise PacketError(f"{where}: the summary is not text (or is over 20,000 characters)")
        key = (v["candidate_id"], v["panelist_id"])
        if key in seen:
            raise PacketError(f"{where} repeats a verdict already in this packet")
        seen.add(key)
        v["updated_at"] = _timestamp(v["updated_at"], where)
        for stamp in ("submitted_at", "amended_at"):
            if v.get(stamp) is not None:
                v[stamp] = _timestamp(v[stamp], where, stamp)
        reason = v.get("amend_reason")
        if reason is not None and (reason.__class__ is not str or len(reason) > MAX_NOTE):
            raise PacketError(f"{where}: the amend reason is not text (or is over 20,000 characters)")
        if v.get("amended_at") is None and reason:
            raise PacketError(f"{where} gives an amend reason but no amended_at")


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


# Merging lives in packet_merge; these names are the packet API the app and the command line use.
from .packet_merge import (  # noqa: E402,F401
    ImportReport, KeyMismatch, UntrustedKey, guide_difference, import_file, merge, trust, wins,
)


def import_kit_file(ws: Workspace, path: Path, passphrase: str | None = None) -> ImportReport:
    """Like :func:`import_file`, for File → Open round kit: a score packet is refused there, untouched."""
    return import_file(ws, path, passphrase, kit_only=True)
