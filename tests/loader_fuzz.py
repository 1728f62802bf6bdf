"""Mutations of real inputs for every file loader (packets, sealed packets, the two CSV imports), shared by
``tests/test_loader_fuzz.py`` (a few hundred cases each, in ``make test``) and ``tools/fuzz_loaders.py`` (the
long run). Each loader case returns "accepted" or "refused" and whether the workspace's bytes changed; any other
exception is a bug and propagates.

The inputs start from a small real round (names with accents, ``<b>&``, Chinese and Arabic, multi-line notes,
a submitted, a draft and an amended scorecard) and are mutated at the byte level (flips, truncation, inserted
tokens, deleted and duplicated runs) and at the level of their structure (JSON values replaced by a lone
surrogate, a 4,301-digit number, year-1 timestamps with offsets, null, lists where ids belong…; keys removed;
list items repeated, such as a skill named twice; scrypt parameters raised; CSV cells with control characters,
over-long names and broken quotes). JSON mutations are re-signed most of the time, so that the checks behind
the signature are reached too.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from interview_kit import csv_import, packets, sealing
from interview_kit.model import Anchor, GuideQuestion, RoleSkill
from interview_kit.store import Workspace

PASSPHRASE = "correct horse battery"
BIGINT = "__BIGINT__"  # replaced by a 4,301-digit number after serialising (json.dumps cannot write one)

CANDIDATES = ("Zoë Brooks", "李明", "محمد <b>&</b> Haddad")
NOTES = ("Walked through the outage, step by step.\nCalled the unit first; logged it after.",
         'Said "it depends", then gave a real example, with commas, and <b>tags</b> & ampersands.',
         "Wrote a tip sheet — still on the ED wall. 很好")


def digest(path: Path) -> str:
    """The workspace file and its WAL as they are on disk (a refused import must change neither)."""
    h = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


@dataclass(repr=False)
class Fixture:
    """A lead's small round, exported, and a panelist's workspace (the target) that has merged it."""

    folder: Path
    ws: Workspace  # the target, kept open across cases
    round_id: str
    kit: dict
    scores: dict
    packet_bytes: bytes
    kit_bytes: bytes
    sealed_bytes: bytes
    candidates_csv: bytes
    scores_csv: bytes
    case: int = 0

    def __repr__(self) -> str:
        return f"Fixture({self.folder})"

    def close(self) -> None:
        self.ws.close()

    def _file(self, raw: bytes, suffix: str) -> Path:
        self.case += 1
        path = self.folder / f"case{self.case % 4}{suffix}"
        path.write_bytes(raw)
        return path

    def _run(self, fn, errors) -> tuple[str, bool]:
        before = digest(self.ws.path)
        try:
            fn()
        except errors:
            return "refused", digest(self.ws.path) != before
        return "accepted", False

    def packet(self, raw: bytes) -> tuple[str, bool]:
        path = self._file(raw, ".ikit")
        return self._run(lambda: packets.merge(self.ws, packets.read(path), str(path)), packets.PacketError)

    def sealed(self, raw: bytes) -> tuple[str, bool]:
        path = self._file(raw, ".ikit")
        return self._run(lambda: packets.merge(self.ws, packets.read(path, PASSPHRASE), str(path)),
                         packets.PacketError)

    def candidates(self, raw: bytes) -> tuple[str, bool]:
        path = self._file(raw, ".csv")
        return self._run(lambda: csv_import.import_candidates(self.ws, self.round_id, path), csv_import.CsvError)

    def paper_scores(self, raw: bytes) -> tuple[str, bool]:
        path = self._file(raw, ".csv")
        return self._run(lambda: csv_import.import_scores(self.ws, self.round_id, path, "Omar Haddad"),
                         csv_import.CsvError)


def build(folder: Path) -> Fixture:
    """Make the round on a 'lead' workspace, export it, and merge it into the target. Call with the data dir
    already set (the packets are signed with that copy's key). Seals with a cheap scrypt (n=2**10: within the
    accepted range) so that a case costs milliseconds."""
    folder.mkdir(parents=True, exist_ok=True)
    guide = [GuideQuestion(f"q{i}", "", i, skill, "behavioral", f"Tell me about a time {i} — «{skill}».",
                           ("What did you do?",), (Anchor(1, "No example."), Anchor(5, "Example & result.")))
             for i, skill in enumerate(("teamwork", "teamwork", "communication"))]
    with Workspace.open(folder / "lead.ikdb") as lead:
        rnd = lead.create_round("Integration engineers — Ω <b>&</b>", "integration-engineer",
                                [RoleSkill("teamwork", 2.0, "Teamwork"), RoleSkill("communication", 1.0)])
        lead.set_guide(rnd.id, guide)
        lead.lock_round(rnd.id)
        cands = [lead.add_candidate(rnd.id, n, "a@example.org" if i == 0 else "") for i, n in enumerate(CANDIDATES)]
        grace = lead.set_me("Grace Kim")
        omar = lead.ensure_panelist("Omar Haddad")
        for p in (grace, omar):
            lead.join_panel(rnd.id, p.id)
        for c, note in zip(cands, NOTES):
            for q, rating in zip(guide, (4, None, 2)):
                lead.set_score(c.id, grace.id, q.id, rating, note)
            lead.set_verdict(c.id, grace.id, "yes", f"Summary for {c.name}: clear, calm.")
        lead.submit(cands[0].id, grace.id)
        lead.submit(cands[2].id, grace.id)
        lead.amend(cands[2].id, grace.id, reason="Re-read my notes")
        lead.set_score(cands[2].id, grace.id, "q0", 3, "Amended: the example was the team's.")
        lead.submit(cands[2].id, grace.id)
        kit = packets.export_kit(lead, rnd.id)
        scores = packets.export_scores(lead, rnd.id, grace.id)
    kit_path, packet_path, sealed_path = folder / "kit.ikit", folder / "grace.ikit", folder / "sealed.ikit"
    packets.write(kit, kit_path)
    packets.write(scores, packet_path)
    saved = dict(sealing.SCRYPT)
    sealing.SCRYPT.update(n=2**10)
    try:
        packets.write(scores, sealed_path, passphrase=PASSPHRASE)
    finally:
        sealing.SCRYPT.update(saved)
    ws = Workspace.open(folder / "target.ikdb")
    assert packets.import_file(ws, kit_path).ok and packets.import_file(ws, packet_path).ok
    candidates_csv = ("name,email\nZoë Brooks,zoe@example.org\n\"Lee, Aaron\",\n李明,\n"
                      "محمد <b>&</b>,m@example.org\r\n").encode("utf-8")
    rows = ["candidate,question_id,rating,note"]
    for c in CANDIDATES:
        for q, r in zip(("q0", "q1", "q2"), ("4", "NA", "2")):
            rows.append(f'"{c}",{q},{r},"{c}: a note, with ""quotes"",\nand a second line"')
    scores_csv = ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")
    return Fixture(folder, ws, rnd.id, kit, scores, packet_path.read_bytes(), kit_path.read_bytes(),
                   sealed_path.read_bytes(), candidates_csv, scores_csv)


# ------------------------------------------------------------------------------------ byte mutations

TOKENS = (b'"', b"\\", b"\\ud800", b"\\u0000", b"\x00", b"\xff", b"\xc3", b"\r\n", b"\n", b"{", b"}", b"[", b"]",
          b",", b":", b"null", b"1e999", b"NaN", b"-0", b"9" * 4301, b"[" * 5000, b'""', b"\xef\xbb\xbf",
          b"\t=HYPERLINK(\"x\")", b"\xe2\x80\xae", b"0001-01-01T00:00:00+14:00")


@st.composite
def byte_mutations(draw, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(("flip", "truncate", "insert", "token", "delete", "duplicate")))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[i:]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == "token":
            data[i:i] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 64))]
        else:
            data[i:i] = data[i:i + draw(st.integers(1, 64))]
    return bytes(data)


# ------------------------------------------------------------------------------------ JSON mutations

VALUES = ("\ud800", "x\udfffy", BIGINT, "0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00.000000-03:00",
          "9999-12-31T23:59:59-05:00", "2026-13-45T00:00:00Z", "2026-01-01T00:00:00", None, [], {}, ["an-id"],
          {"id": "x"}, True, False, 0, -1, 6, 1.5, 2**60, 1e308, "", " ", "x" * 250, "\x00", "Zoë\u0007",
          "<b>&</b>", "李明", "scores", "kit", "strong_yes", "a" * 20001)


def _walk(draw, node) -> list:
    path = []
    while isinstance(node, (dict, list)) and node:
        key = draw(st.sampled_from(sorted(node))) if isinstance(node, dict) else \
            draw(st.integers(0, len(node) - 1))
        path.append(key)
        node = node[key]
        if draw(st.integers(0, 3)) == 0:
            break
    return path


def _parent(doc, path):
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node


@st.composite
def json_mutations(draw, base: dict) -> bytes:
    """A packet document with 1-3 structural mutations, usually re-signed so that deep checks run."""
    body = {k: v for k, v in copy.deepcopy(base).items() if k not in ("checksum",)}
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(("replace", "replace", "replace", "delete", "repeat", "skill-twice",
                                   "verdict-without-updated_at", "summary", "id-list", "kind", "rescore",
                                   "year-one", "surrogate", "row-item", "row-field", "row-field")))
        rnd, verdicts, cands = body.get("round"), body.get("verdicts"), body.get("candidates")
        skills = rnd.get("skills") if isinstance(rnd, dict) else None
        if op == "skill-twice" and isinstance(skills, list) and skills:
            skills.append(copy.deepcopy(skills[0]))
        elif op == "verdict-without-updated_at" and isinstance(verdicts, list) and verdicts:
            v = verdicts[draw(st.integers(0, len(verdicts) - 1))]
            if isinstance(v, dict):
                v.pop("updated_at", None)
        elif op == "summary" and isinstance(verdicts, list) and verdicts and isinstance(verdicts[0], dict):
            verdicts[0]["summary"] = draw(st.sampled_from((None, ["a list"], 3, {"a": 1})))
        elif op == "id-list" and isinstance(cands, list) and cands:
            c = cands[draw(st.integers(0, len(cands) - 1))]
            if isinstance(c, dict):
                c["id"] = [c.get("id")]
        elif op in ("rescore", "year-one") and isinstance(body.get("scores"), list) and body["scores"]:
            row = body["scores"][draw(st.integers(0, len(body["scores"]) - 1))]
            if isinstance(row, dict):  # a later change (a submitted scorecard refuses it) or a year-1 time
                row["rating"] = draw(st.sampled_from((1, 2, 3, 4, 5, None)))
                row["updated_at"] = "2099-01-01T00:00:00Z" if op == "rescore" else \
                    draw(st.sampled_from(("0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00.000001+14:00")))
        elif op == "surrogate" and isinstance(cands, list) and cands and isinstance(cands[0], dict):
            cands[0]["name"] = "Zo\ud800ë"
        elif op in ("row-item", "row-field"):
            lists = [lst for lst in (body.get("candidates"), body.get("panelists"), body.get("scores"),
                                     body.get("verdicts"), body.get("guide"), skills) if isinstance(lst, list) and lst]
            if lists:
                lst = draw(st.sampled_from(lists))
                i = draw(st.integers(0, len(lst) - 1))
                if op == "row-item":
                    lst[i] = draw(st.sampled_from(VALUES))
                elif isinstance(lst[i], dict) and lst[i]:
                    lst[i][draw(st.sampled_from(sorted(lst[i])))] = draw(st.sampled_from(VALUES))
        elif op == "kind":
            body["kind"] = "kit" if body.get("kind") == "scores" else "scores"
        else:
            path = _walk(draw, body)
            if not path:
                continue
            parent = _parent(body, path)
            key = path[-1]
            if op == "replace":
                parent[key] = draw(st.sampled_from(VALUES))
            elif op == "delete":
                del parent[key]
            elif isinstance(parent, list):
                parent.insert(key, copy.deepcopy(parent[key]))
    resign = draw(st.integers(0, 9))
    try:
        if resign < 8:
            body = packets.sign(body, check_names=False)
        elif resign < 9:
            body = packets.seal(body)
    except (UnicodeEncodeError, TypeError, ValueError):
        pass  # a lone surrogate cannot be signed: the stale signature and checksum stay
    text = json.dumps(body, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from((None, 1))))
    text = text.replace(f'"{BIGINT}"', "9" * 4301)
    return text.encode("utf-8", "surrogatepass")


def packet_inputs(fx: Fixture):
    return st.one_of(  # structure mutations three times as often: they reach the checks behind the signature
        byte_mutations(fx.packet_bytes), byte_mutations(fx.kit_bytes),
        json_mutations(fx.scores), json_mutations(fx.scores), json_mutations(fx.scores), json_mutations(fx.kit),
        json_mutations(fx.kit),
    )


# ---------------------------------------------------------------------------------- sealed mutations

SCRYPT_VALUES = (2**20, 2**16, 2**14, 2**10, 2**9, 3, 0, -1, 32, 16, 9, 2, 1, "32768", 1.5, None, [], BIGINT,
                 2**62)


@st.composite
def sealed_mutations(draw, base: bytes) -> bytes:
    doc = json.loads(base)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(("kdf", "kdf", "field", "delete", "ciphertext")))
        if op == "kdf" and isinstance(doc.get("kdf"), dict):
            doc["kdf"][draw(st.sampled_from(("n", "r", "p", "salt", "name")))] = draw(st.sampled_from(SCRYPT_VALUES))
        elif op == "field":
            doc[draw(st.sampled_from(("version", "format", "cipher", "nonce")))] = draw(st.sampled_from(VALUES))
        elif op == "delete":
            doc.pop(draw(st.sampled_from(sorted(doc))), None)
        elif isinstance(doc.get("ciphertext"), str):
            blob = doc["ciphertext"]
            cut = draw(st.integers(0, len(blob)))
            doc["ciphertext"] = draw(st.sampled_from((blob[:cut], blob[:cut] + "!" + blob[cut:], blob[::-1])))
    text = json.dumps(doc, ensure_ascii=True).replace(f'"{BIGINT}"', "9" * 4301)
    return text.encode("utf-8")


def sealed_inputs(fx: Fixture):
    return st.one_of(byte_mutations(fx.sealed_bytes), sealed_mutations(fx.sealed_bytes))


# ------------------------------------------------------------------------------------- CSV mutations

CELLS = ("", " ", "x" * 201, "Zoë\x00Brooks", "Lee\x1bAaron", "\ud800", '"', 'un"balanced', "a\nb", "a\r\nb",
         "=1+1", "+SUM(A1)", "@cmd", "-2", "NA", "N/A", "0", "6", "4.0", "q9", "李明", "محمد <b>&</b> Haddad",
         "x" * 20001, ",", "name", "candidate")


@st.composite
def csv_mutations(draw, base: bytes) -> bytes:
    text = base.decode("utf-8")
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(("cell", "cell", "extra", "drop", "repeat")))
        cells = lines[i].split(",")
        if op == "cell":
            j = draw(st.integers(0, len(cells) - 1))
            value = draw(st.sampled_from(CELLS))
            cells[j] = draw(st.sampled_from((value, '"' + value.replace('"', '""') + '"')))
            lines[i] = ",".join(cells)
        elif op == "extra":
            lines[i] += "," + draw(st.sampled_from(CELLS))
        elif op == "drop":
            del lines[i]
            if not lines:
                lines = [""]
        else:
            lines.insert(i, lines[i])
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def csv_inputs(base: bytes):
    return st.one_of(byte_mutations(base), csv_mutations(base))


LOADERS = {
    "packet": (lambda fx: packet_inputs(fx), Fixture.packet),
    "sealed packet": (lambda fx: sealed_inputs(fx), Fixture.sealed),
    "candidates CSV": (lambda fx: csv_inputs(fx.candidates_csv), Fixture.candidates),
    "scores CSV": (lambda fx: csv_inputs(fx.scores_csv), Fixture.paper_scores),
}
