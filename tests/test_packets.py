"""Panel packets: export, the merge rules, and every refusal (each leaving the workspace untouched)."""

import hashlib
import itertools
import json
import shutil
import sqlite3
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_kit import demo, packets
from interview_kit.cli import main
from interview_kit.model import Anchor, GuideQuestion, RoleSkill
from interview_kit.store import Workspace

TITLE = demo.DEMO_TITLE


@pytest.fixture
def lead(demo_path):
    """The hiring lead's workspace: the demo, with its scored round."""
    return demo_path


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _export(path, panelist=None):
    with Workspace.open(path) as ws:
        rnd = ws.find_round(TITLE)
        if panelist is None:
            return packets.export_kit(ws, rnd.id)
        return packets.export_scores(ws, rnd.id, ws.panelist_by_name(panelist).id)


def _write(doc, path):
    packets.write(doc, path)
    return path


def _merge(ws, doc):
    """Merge a document the way a file is merged: parsed and checked first."""
    return packets.merge(ws, packets.parse(json.dumps(doc).encode("utf-8")))


def _tables(path):
    conn = sqlite3.connect(path)
    out = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in ("scores",)}
    out["verdicts"] = conn.execute("SELECT * FROM verdicts ORDER BY 1, 2").fetchall()
    conn.close()
    return out


@pytest.fixture
def laptop(lead, tmp_path):
    """A panelist's workspace that has opened the round kit."""
    path = tmp_path / "laptop.ikdb"
    kit = _write(_export(lead), tmp_path / "kit.ikit")
    with Workspace.open(path) as ws:
        assert packets.import_file(ws, kit).ok
    return path


# ---------------------------------------------------------------------------------------------- export


def test_packet_document_has_the_contract_keys_and_a_valid_checksum(lead):
    doc = _export(lead, "Tom Becker")
    assert {"format", "version", "kind", "round", "guide", "candidates", "panelists", "scores", "verdicts",
            "checksum"} <= set(doc)
    assert doc["format"] == "interview-kit-packet" and doc["version"] == 2 and doc["kind"] == "scores"
    body = {k: v for k, v in doc.items() if k != "checksum"}
    assert body["signature"]["alg"] == "ed25519"
    expected = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                              .encode("utf-8")).hexdigest()
    assert doc["checksum"] == "sha256:" + expected


def test_packet_validates_against_the_published_schema(lead):
    import jsonschema

    jsonschema.validate(_export(lead, "Tom Becker"), packets.schema())
    jsonschema.validate(_export(lead), packets.schema())


def test_a_kit_carries_no_scores(lead):
    doc = _export(lead)
    assert doc["kind"] == "kit" and doc["scores"] == [] and doc["verdicts"] == []


def test_score_packet_carries_only_the_exporters_rows(lead):
    doc = _export(lead, "Aisha Rahman, RN")
    owner = doc["exported_by"]
    assert doc["scores"] and {s["panelist_id"] for s in doc["scores"]} == {owner}


# ----------------------------------------------------------------------------------------------- merge


def test_opening_a_round_kit_keeps_the_round_candidate_and_panelist_ids(lead, tmp_path):
    kit = _write(_export(lead), tmp_path / "kit.ikit")
    laptop = tmp_path / "laptop.ikdb"
    with Workspace.open(laptop) as ws:
        report = packets.import_file(ws, kit)
        assert report.ok and report.round_created
    with Workspace.open(lead) as a, Workspace.open(laptop) as b:
        ra = a.find_round(TITLE)
        rb = b.round(ra.id)
        assert rb.locked and rb.title == ra.title
        assert [c.id for c in b.candidates(ra.id)] == [c.id for c in a.candidates(ra.id)]
        assert {p.id for p in b.panel(ra.id)} == {p.id for p in a.panel(ra.id)}
        assert [q.text for q in b.guide(ra.id)] == [q.text for q in a.guide(ra.id)]


def test_importing_the_same_packet_twice_changes_nothing(lead, tmp_path):
    pkt = _write(_export(lead, "Tom Becker"), tmp_path / "tom.ikit")
    laptop = tmp_path / "laptop.ikdb"
    with Workspace.open(laptop) as ws:
        first = packets.import_file(ws, pkt)
        after_first = ws.scores()
        second = packets.import_file(ws, pkt)
        assert first.added == 30 and second.added == 0 and second.unchanged == 30
        assert ws.scores() == after_first


def _doc_with_rating(lead, rating, stamp, note="re-scored"):
    doc = _export(lead, "Tom Becker")
    body = {k: v for k, v in doc.items() if k != "checksum"}
    body["scores"] = [dict(body["scores"][0], rating=rating, updated_at=stamp, note=note)]
    body["verdicts"] = []
    return packets.sign(body), body["scores"][0]


def test_newer_row_wins_and_an_older_one_is_kept_out(lead, laptop):
    newer, row = _doc_with_rating(lead, 1, "2099-01-01T00:00:00.000000+00:00")
    older, _ = _doc_with_rating(lead, 5, "2000-01-01T00:00:00.000000+00:00")
    with Workspace.open(laptop) as ws:
        assert _merge(ws, newer).added == 1
        r2 = _merge(ws, older)
        assert r2.kept_newer == 1 and r2.updated == 0
        s = ws.score(row["candidate_id"], row["panelist_id"], row["question_id"])
        assert s.rating == 1


def test_same_time_conflicts_settle_the_same_way_in_either_order(lead, laptop, tmp_path):
    stamp = "2099-01-01T00:00:00.000000+00:00"
    a, row = _doc_with_rating(lead, 2, stamp, "version A")
    b, _ = _doc_with_rating(lead, 4, stamp, "version B")
    results = []
    for order in ((a, b), (b, a)):
        copy = tmp_path / f"copy{len(results)}.ikdb"
        shutil.copy(laptop, copy)
        with Workspace.open(copy) as ws:
            reports = [_merge(ws, d) for d in order]
            assert sum(r.ties for r in reports) == 1
            s = ws.score(row["candidate_id"], row["panelist_id"], row["question_id"])
            results.append((s.rating, s.note))
    assert results[0] == results[1]


def test_timestamps_in_other_zones_are_compared_as_instants(lead, laptop):
    newer, row = _doc_with_rating(lead, 1, "2099-01-01T02:00:00+02:00")  # 00:00 UTC
    later, _ = _doc_with_rating(lead, 3, "2099-01-01T00:30:00Z")
    with Workspace.open(laptop) as ws:
        _merge(ws, later)
        report = _merge(ws, newer)
        assert report.kept_newer == 1
        assert ws.score(row["candidate_id"], row["panelist_id"], row["question_id"]).rating == 3


# -------------------------------------------------------------------------------------------- refusals


def _refused(ws_path, packet_path, expected, passphrase=None):
    before = _digest(ws_path)
    with Workspace.open(ws_path) as ws:
        report = packets.import_file(ws, packet_path, passphrase)
    assert not report.ok and expected in report.refused, report.refused
    assert _digest(ws_path) == before


def test_truncated_packet_is_refused_and_changes_nothing(lead, laptop, tmp_path):
    full = _write(_export(lead, "Tom Becker"), tmp_path / "tom.ikit")
    cut = tmp_path / "cut.ikit"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    _refused(laptop, cut, "damaged or truncated")


def test_edited_packet_with_a_stale_checksum_is_refused_and_changes_nothing(lead, laptop, tmp_path):
    doc = _export(lead, "Tom Becker")
    doc["scores"][0]["rating"] = 5 if doc["scores"][0]["rating"] != 5 else 4
    path = tmp_path / "edited.ikit"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _refused(laptop, path, "checksum does not match")


def test_packet_for_a_different_guide_names_the_first_differing_question(lead, laptop, tmp_path):
    doc = _export(lead, "Tom Becker")
    body = {k: v for k, v in doc.items() if k != "checksum"}
    body["guide"][2] = dict(body["guide"][2], text="A different question entirely?")
    path = _write(packets.sign(body), tmp_path / "other-guide.ikit")
    _refused(laptop, path, f"question 3 ({body['guide'][2]['id']}) differs in its text")


def test_packet_from_a_newer_version_is_refused(lead, laptop, tmp_path):
    body = {k: v for k, v in _export(lead, "Tom Becker").items() if k != "checksum"}
    body["version"] = 3
    path = _write(packets.sign(body), tmp_path / "v3.ikit")
    _refused(laptop, path, "newer interview-kit")


def test_oversized_file_is_refused_before_it_is_read(laptop, tmp_path, monkeypatch):
    monkeypatch.setattr(packets, "MAX_BYTES", 1000)
    path = tmp_path / "big.ikit"
    path.write_text(json.dumps({"format": "interview-kit-packet", "pad": "x" * 2000}))
    _refused(laptop, path, "over the")


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda b: b["scores"][0].update(rating=7), "rating 7 is not 1-5"),
        (lambda b: b["scores"][0].update(rating=4.0), "rating 4.0 is not 1-5"),
        (lambda b: b["scores"][0].update(rating=True), "rating True is not 1-5"),
        (lambda b: b["scores"][0].update(panelist_id="someone-else"), "unknown panelist"),
        (lambda b: b["scores"][0].update(question_id="not-in-guide"), "not in the guide"),
        (lambda b: b["scores"][0].update(candidate_id="ghost"), "not in the packet"),
        (lambda b: b["scores"][0].update(updated_at="yesterday"), "not an ISO 8601 timestamp"),
        (lambda b: b["scores"][0].pop("note"), "does not have exactly"),
        (lambda b: b.update(candidates="Jordan"), "wrong shape at candidates"),
        (lambda b: b["round"].pop("title"), "wrong shape at round"),
        (lambda b: b.update(kind="everything"), "wrong shape at kind"),
    ],
    ids=["rating-7", "rating-float", "rating-bool", "unknown-panelist", "foreign-question", "unknown-candidate",
         "bad-time", "missing-field", "candidates-not-list", "round-without-title", "bad-kind"],
)
def test_well_sealed_packet_of_the_wrong_shape_is_refused(lead, laptop, tmp_path, mutate, expected):
    body = {k: v for k, v in _export(lead, "Tom Becker").items() if k != "checksum"}
    mutate(body)
    path = _write(packets.sign(body), tmp_path / "shape.ikit")
    _refused(laptop, path, expected)


def test_zip_renamed_to_ikit_is_refused(laptop, tmp_path):
    path = tmp_path / "scores.ikit"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("scores.json", "{}")
    _refused(laptop, path, "zip archive")


def test_binary_file_is_refused(laptop, tmp_path):
    path = tmp_path / "photo.ikit"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _refused(laptop, path, "binary file")


def test_json_that_is_not_a_packet_is_refused(laptop, tmp_path):
    path = tmp_path / "other.ikit"
    path.write_text('{"hello": "world"}')
    _refused(laptop, path, "not an interview-kit packet")


def test_duplicate_keys_are_refused(laptop, tmp_path):
    path = tmp_path / "dup.ikit"
    path.write_text('{"format": "interview-kit-packet", "format": "x"}')
    _refused(laptop, path, "appears twice")


def test_packet_refused_midway_rolls_back_everything(lead, tmp_path):
    """A packet whose round is new here but whose candidate belongs to another round is refused whole."""
    laptop = tmp_path / "l.ikdb"
    with Workspace.open(laptop) as ws:
        other = ws.create_round("Other", "x", [RoleSkill("teamwork")])
        ws.set_guide(other.id, [GuideQuestion("q", "", 0, "teamwork", "behavioral", "Tell me…")])
        ws.lock_round(other.id)
        doc = _export(lead)
        ws.add_candidate(other.id, "Clash", candidate_id=doc["candidates"][0]["id"])
    before = _digest(laptop)
    path = _write(doc, tmp_path / "kit.ikit")
    _refused(laptop, path, "belongs to another round")
    assert _digest(laptop) == before


# -------------------------------------------------------------------------------------- CLI and panels


def _cli(*argv):
    return main([str(a) for a in argv])


def test_cli_import_reports_each_file_and_exits_1_if_any_was_refused(lead, laptop, tmp_path, capsys):
    good = _write(_export(lead, "Tom Becker"), tmp_path / "tom.ikit")
    bad = tmp_path / "bad.ikit"
    bad.write_text("{not json")
    code = _cli("--db", laptop, "packet", "import", good, bad)
    out, err = capsys.readouterr()
    assert code == 1
    assert "tom.ikit" in out and "30 added" in out
    assert err.count("\n") == 1 and "bad.ikit" in err and "refused" in err
    with Workspace.open(laptop) as ws:
        assert len(ws.scores()) == 30


def test_three_laptop_panel_merges_to_the_same_tables_in_all_six_orders(tmp_path, library, capsys):
    """Acceptance: kit out, three panelists score on paper and import, three packets back, six merge orders."""
    lead = tmp_path / "lead.ikdb"
    rid = None
    assert _cli("--db", lead, "round", "new", "--title", "Integration engineers", "--role", "integration-engineer",
                "--seed", "5", "--lock") == 0
    rid = capsys.readouterr().out.strip()
    people = tmp_path / "people.csv"
    people.write_text("name\nAmara Okafor\nWei Chen\n", encoding="utf-8")
    assert _cli("--db", lead, "candidates", "import", rid, people) == 0
    kit = tmp_path / "kit.ikit"
    assert _cli("--db", lead, "packet", "export", rid, "--kit", "-o", kit) == 0
    with Workspace.open(lead) as ws:
        qids = [q.id for q in ws.guide(rid)]
    panel = {"Grace Kim": 0, "Omar Haddad": 1, "Lucía Fernández": 2}
    packet_files = []
    for name, offset in panel.items():
        laptop = tmp_path / f"{name.split()[0]}.ikdb"
        assert _cli("--db", laptop, "packet", "import", kit) == 0
        rows = ["candidate,question_id,rating,note"]
        for cand in ("Amara Okafor", "Wei Chen"):
            for i, q in enumerate(qids):
                rating = "NA" if (i + offset) % 7 == 0 else str((i + offset) % 5 + 1)
                rows.append(f'{cand},{q},{rating},"{name}: note, with ""quotes"" {i}"')
        csv_file = tmp_path / f"{name.split()[0]}.csv"
        csv_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
        assert _cli("--db", laptop, "scores", "import", rid, csv_file, "--panelist", name) == 0
        with Workspace.open(laptop) as ws:
            p = ws.panelist_by_name(name)
            for c in ws.candidates(rid):
                ws.set_verdict(c.id, p.id, ["no", "yes", "strong_yes"][offset], f"{name} on {c.name}")
                ws.submit(c.id, p.id)
        out = tmp_path / f"{name.split()[0]}.ikit"
        assert _cli("--db", laptop, "packet", "export", rid, "--panelist", name, "-o", out) == 0
        packet_files.append(out)
    capsys.readouterr()
    results = []
    for n, order in enumerate(itertools.permutations(packet_files)):
        copy = tmp_path / f"merge{n}.ikdb"
        shutil.copy(lead, copy)
        assert _cli("--db", copy, "packet", "import", *order) == 0
        results.append(_tables(copy))
    assert len(results) == 6
    assert all(r == results[0] for r in results)
    assert len(results[0]["scores"]) == 3 * 2 * len(qids) and len(results[0]["verdicts"]) == 6


# ---------------------------------------------------------------------------------- the merge property


GUIDE = [GuideQuestion(f"q{i}", "r", i, "teamwork", "behavioral", f"Tell me about time {i}.",
                       ("What did you do?", "What happened?"), (Anchor(1, "No example."), Anchor(3, "An example."),
                                                                Anchor(5, "An example with a result.")))
         for i in range(3)]
CANDS = ["c1", "c2"]
PANEL = ["p1", "p2", "p3"]


def _synthetic_packet(panelist, rows, verdict):
    doc = {
        "format": "interview-kit-packet", "version": 2, "kind": "scores", "exported_by": panelist,
        "round": {"id": "r", "title": "Property round", "role": "service-desk-analyst",
                  "skills": [{"id": "teamwork", "weight": 1.0}]},
        "guide": [packets._guide_doc(q) for q in GUIDE],
        "candidates": [{"id": c, "name": c.upper(), "position": i} for i, c in enumerate(CANDS)],
        "panelists": [{"id": p, "name": p.upper()} for p in PANEL],
        "scores": [{"candidate_id": c, "panelist_id": panelist, "question_id": q, "rating": r, "note": n,
                    "updated_at": f"2026-01-01T00:00:{t:02d}.000000+00:00"} for (c, q), (r, n, t) in rows.items()],
        "verdicts": [] if verdict is None else [
            {"candidate_id": "c1", "panelist_id": panelist, "recommendation": verdict[0], "summary": verdict[1],
             "submitted_at": None, "updated_at": f"2026-01-01T00:00:{verdict[2]:02d}.000000+00:00"}],
    }
    return packets.sign(doc)


row_value = st.tuples(st.one_of(st.none(), st.integers(1, 5)), st.sampled_from(["", "ok", "strong, clear", "é"]),
                      st.integers(0, 5))
packet_strategy = st.builds(
    _synthetic_packet,
    st.sampled_from(PANEL),
    st.dictionaries(st.tuples(st.sampled_from(CANDS), st.sampled_from([q.id for q in GUIDE])), row_value,
                    min_size=1, max_size=6),
    st.one_of(st.none(), st.tuples(st.sampled_from(["no", "yes"]), st.sampled_from(["a", "b"]), st.integers(0, 5))),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(packet_strategy, min_size=1, max_size=5), data=st.data())
def test_any_order_of_any_packets_with_repeats_ends_in_the_same_workspace(tmp_path_factory, docs, data):
    folder = tmp_path_factory.mktemp("merge")
    with_repeats = docs + data.draw(st.lists(st.sampled_from(docs), max_size=3))
    orders = [with_repeats, list(reversed(with_repeats)), data.draw(st.permutations(with_repeats))]
    results = []
    for n, order in enumerate(orders):
        path = folder / f"w{n}.ikdb"
        with Workspace.open(path) as ws:
            for doc in order:
                _merge(ws, doc)
        results.append(_tables(path))
    assert results[0] == results[1] == results[2]


def test_my_submitted_rows_are_never_overwritten_by_an_older_packet(lead, tmp_path):
    """The lead exports a packet, then amends and re-submits; importing the old packet changes nothing."""
    old = _write(_export(lead, "Dr. Maya Lindqvist"), tmp_path / "old.ikit")
    with Workspace.open(lead) as ws:
        me = ws.me()
        rnd = ws.find_round(TITLE)
        cand = ws.candidates(rnd.id)[0]
        q = ws.guide(rnd.id)[0]
        ws.amend(cand.id, me.id, reason="re-read my notes")
        ws.set_score(cand.id, me.id, q.id, 1, "corrected after the debrief")
        ws.submit(cand.id, me.id)
        report = packets.import_file(ws, old)
        assert report.ok and report.kept_newer >= 1
        assert ws.score(cand.id, me.id, q.id).note == "corrected after the debrief"
        assert ws.is_submitted(cand.id, me.id)


# ------------------------------------------------------------------------------------- sealed packets


def test_a_sealed_packet_merges_with_the_right_passphrase(lead, laptop, tmp_path):
    path = tmp_path / "sealed.ikit"
    packets.write(_export(lead, "Tom Becker"), path, passphrase="correct horse battery")
    assert b"Handled the resistant surgeon" not in path.read_bytes()  # the content is not readable
    with Workspace.open(laptop) as ws:
        report = packets.import_file(ws, path, "correct horse battery")
    assert report.ok and report.added == 30


def test_a_sealed_packet_with_the_wrong_passphrase_is_refused_and_changes_nothing(lead, laptop, tmp_path):
    path = tmp_path / "sealed.ikit"
    packets.write(_export(lead, "Tom Becker"), path, passphrase="correct horse battery")
    before = _digest(laptop)
    with Workspace.open(laptop) as ws:
        report = packets.import_file(ws, path, "wrong horse battery")
        missing = packets.import_file(ws, path)
    assert "passphrase is wrong" in report.refused and "protected by a passphrase" in missing.refused
    assert _digest(laptop) == before


def test_a_tampered_sealed_packet_is_refused(lead, laptop, tmp_path):
    import base64

    path = tmp_path / "sealed.ikit"
    packets.write(_export(lead, "Tom Becker"), path, passphrase="correct horse battery")
    doc = json.loads(path.read_text())
    blob = bytearray(base64.b64decode(doc["ciphertext"]))
    blob[100] ^= 1
    doc["ciphertext"] = base64.b64encode(bytes(blob)).decode()
    path.write_text(json.dumps(doc))
    _refused(laptop, path, "passphrase is wrong, or the file was changed", "correct horse battery")


def test_cli_seals_and_opens_with_a_passphrase_file(lead, laptop, tmp_path, capsys):
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery\n")
    out = tmp_path / "tom.ikit"
    assert _cli("--db", lead, "packet", "export", TITLE, "--panelist", "Tom Becker", "-o", out,
                "--passphrase-file", secret) == 0
    assert _cli("--db", laptop, "packet", "import", out) == 1
    assert _cli("--db", laptop, "packet", "import", out, "--passphrase-file", secret) == 0
    assert "30 added" in capsys.readouterr().out
