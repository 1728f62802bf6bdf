"""Signed packets (version 2), pinned keys, and 'submitted means submitted' — each refusal leaving the workspace
byte for byte as it was."""

import base64
import contextlib
import hashlib
import json
import os
import stat

import pytest

from interview_kit import demo, identity, packets, paths
from interview_kit.cli import main
from interview_kit.store import Workspace
from test_packets import _export, _write

TITLE = demo.DEMO_TITLE


def _digest(path):
    """The workspace file and its WAL, as they are on disk."""
    h = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


@contextlib.contextmanager
def another_copy(monkeypatch, folder):
    """Run the body as another installed copy of interview-kit: its own data folder, so its own key."""
    before = os.environ[paths.DATA_DIR_ENV]
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    try:
        yield
    finally:
        monkeypatch.setenv(paths.DATA_DIR_ENV, before)


def _import(ws_path, packet_path):
    with Workspace.open(ws_path) as ws:
        return packets.import_file(ws, packet_path)


def _refused(ws_path, packet_path, expected):
    before = _digest(ws_path)
    report = _import(ws_path, packet_path)
    assert not report.ok and expected in report.refused, report.refused
    assert "\n" not in report.refused
    assert _digest(ws_path) == before
    return report


@pytest.fixture
def lead(demo_path):
    return demo_path


@pytest.fixture
def laptop(lead, tmp_path):
    """A panelist's workspace that has opened the round kit (on the same copy as the lead unless a test moves)."""
    path = tmp_path / "laptop.ikdb"
    assert _import(path, _write(_export(lead), tmp_path / "kit.ikit")).ok
    return path


# ------------------------------------------------------------------------------------------- signing


def test_a_packet_is_signed_over_its_canonical_bytes_without_checksum_and_signature(lead):
    doc = _export(lead, "Tom Becker")
    sig = doc["signature"]
    assert sig["alg"] == "ed25519" and sig["public_key"] == identity.public_key()
    body = {k: v for k, v in doc.items() if k not in ("checksum", "signature")}
    signed = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    Ed25519PublicKey.from_public_bytes(base64.b64decode(sig["public_key"])).verify(
        base64.b64decode(sig["value"]), signed)  # raises if not


def test_the_checksum_covers_the_signature(lead):
    doc = _export(lead, "Tom Becker")
    with_sig = {k: v for k, v in doc.items() if k != "checksum"}
    canonical = json.dumps(with_sig, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert doc["checksum"] == "sha256:" + hashlib.sha256(canonical).hexdigest()


def test_the_private_key_is_private_and_in_no_packet_or_workspace(lead, tmp_path, isolated_data_dir):
    doc = _export(lead, "Tom Becker")
    key_file = isolated_data_dir / identity.KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    secret = identity.ensure_keypair().private_bytes_raw()
    text = json.dumps(doc).encode()
    assert base64.b64encode(secret) not in text and secret not in lead.read_bytes()


def test_giving_my_name_makes_the_key_pair(ws, isolated_data_dir):
    assert not (isolated_data_dir / identity.KEY_FILE).exists()
    ws.set_me("Zoë Brooks")
    assert (isolated_data_dir / identity.KEY_FILE).exists()


def test_forged_packet_edited_with_a_recomputed_checksum_is_refused_and_changes_nothing(lead, laptop, tmp_path):
    """Acceptance: someone edits a packet and recomputes its checksum; the signature gives them away."""
    doc = _export(lead, "Tom Becker")
    body = {k: v for k, v in doc.items() if k != "checksum"}
    body["scores"][0] = dict(body["scores"][0], rating=1, note="Forged <b>&</b> 改", updated_at="2099-01-01T00:00:00Z")
    forged = _write(packets.seal(body), tmp_path / "forged.ikit")
    _refused(laptop, forged, "signature does not match")
    _refused(lead, forged, "signature does not match")


def test_version_1_packet_is_refused_with_a_message_to_re_export(lead, laptop, tmp_path):
    body = {k: v for k, v in _export(lead, "Tom Becker").items() if k not in ("checksum", "signature")}
    body["version"] = 1
    old = _write(packets.seal(body), tmp_path / "v1.ikit")
    _refused(laptop, old, "export it again with this version")


# --------------------------------------------------------------------------------------------- pinning


def test_the_first_packet_from_a_panelist_pins_their_key(lead, laptop, tmp_path):
    tom = _write(_export(lead, "Tom Becker"), tmp_path / "tom.ikit")
    report = _import(laptop, tom)
    assert report.ok and report.key_pinned == identity.fingerprint(identity.public_key())
    with Workspace.open(laptop) as ws:
        tom_id = ws.panelist_by_name("Tom Becker").id
        assert ws.pinned_key(tom_id)[0] == identity.public_key()
        assert any(e.action == "key.pin" for e in ws.audit_events(f"key:{tom_id}"))


def test_a_packet_for_a_known_panelist_signed_by_another_key_is_refused_naming_them(lead, laptop, tmp_path,
                                                                                  monkeypatch):
    assert _import(laptop, _write(_export(lead, "Tom Becker"), tmp_path / "tom.ikit")).ok
    with another_copy(monkeypatch, tmp_path / "mallory"):
        doc = _export(lead, "Tom Becker")
        body = {k: v for k, v in doc.items() if k not in ("checksum", "signature")}
        body["scores"][0] = dict(body["scores"][0], rating=1, updated_at="2099-01-01T00:00:00Z")
        impostor = _write(packets.sign(body), tmp_path / "impostor.ikit")
    report = _refused(laptop, impostor, "Tom Becker")
    assert report.untrusted.name == "Tom Becker" and "packet trust" in report.refused


def test_a_kit_pins_the_leads_key_on_a_panelists_copy(lead, laptop, tmp_path, monkeypatch):
    with another_copy(monkeypatch, tmp_path / "mallory"):
        kit = _write(_export(lead), tmp_path / "other-kit.ikit")
    report = _refused(laptop, kit, f"the lead of {TITLE!r}")
    assert report.untrusted.subject.startswith("round:")


def test_a_packet_claiming_to_be_from_me_made_on_another_copy_is_refused(lead, tmp_path, monkeypatch):
    identity.ensure_keypair()  # the lead's copy has its key; the lead (Maya) is 'me' in the demo workspace
    with another_copy(monkeypatch, tmp_path / "mallory"):
        forged = _write(_export(lead, "Dr. Maya Lindqvist"), tmp_path / "maya.ikit")
    _refused(lead, forged, "Dr. Maya Lindqvist")


def test_packet_trust_from_a_packet_repins_the_key_and_is_audited(lead, laptop, tmp_path, monkeypatch, capsys):
    assert _import(laptop, _write(_export(lead, "Tom Becker"), tmp_path / "tom.ikit")).ok
    with another_copy(monkeypatch, tmp_path / "toms-new-laptop"):
        new = _write(_export(lead, "Tom Becker"), tmp_path / "tom-new.ikit")
        new_key = identity.public_key()
    assert main(["--db", str(laptop), "packet", "import", str(new)]) == 1
    assert main(["--db", str(laptop), "packet", "trust", "Tom Becker", "--from", str(new)]) == 0
    assert identity.fingerprint(new_key) in capsys.readouterr().out
    assert main(["--db", str(laptop), "packet", "import", str(new)]) == 0
    with Workspace.open(laptop) as ws:
        tom_id = ws.panelist_by_name("Tom Becker").id
        events = [e for e in ws.audit_events(f"key:{tom_id}") if e.action == "key.repin"]
        assert ws.pinned_key(tom_id)[0] == new_key
        assert len(events) == 1 and events[0].detail["new"] == new_key and events[0].detail["old"] != new_key


def test_packet_trust_refuses_a_packet_from_someone_else(lead, laptop, tmp_path, capsys):
    aisha = _write(_export(lead, "Aisha Rahman, RN"), tmp_path / "aisha.ikit")
    assert main(["--db", str(laptop), "packet", "trust", "Tom Becker", "--from", str(aisha)]) == 1
    assert "not from Tom Becker" in capsys.readouterr().err


def test_packet_trust_names_a_file_it_cannot_read(laptop, tmp_path, capsys):
    broken = tmp_path / "broken.ikit"
    broken.write_text("{")
    assert main(["--db", str(laptop), "packet", "trust", "Tom Becker", "--from", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.ikit: is damaged or truncated" in err


def test_packet_trust_without_a_packet_forgets_the_pin_so_the_next_packet_pins(lead, laptop, tmp_path, monkeypatch):
    assert _import(laptop, _write(_export(lead, "Tom Becker"), tmp_path / "tom.ikit")).ok
    assert main(["--db", str(laptop), "packet", "trust", "Tom Becker"]) == 0
    with another_copy(monkeypatch, tmp_path / "toms-new-laptop"):
        new = _write(_export(lead, "Tom Becker"), tmp_path / "tom-new.ikit")
        new_key = identity.public_key()
    assert _import(laptop, new).ok
    with Workspace.open(laptop) as ws:
        tom_id = ws.panelist_by_name("Tom Becker").id
        assert ws.pinned_key(tom_id)[0] == new_key
        assert [e.action for e in ws.audit_events(f"key:{tom_id}")] == ["key.pin", "key.unpin", "key.pin"]


# ---------------------------------------------------------------------------- submitted means submitted


def _toms_laptop(lead, laptop, tmp_path):
    """Tom's own copy: the kit, then his submitted scores (as the lead has them), and Tom is 'me'."""
    assert _import(laptop, _write(_export(lead, "Tom Becker"), tmp_path / "tom-first.ikit")).ok
    with Workspace.open(laptop) as ws:
        ws.set_me("Tom Becker")
    return laptop


def test_a_panelists_packet_that_changes_a_submitted_scorecard_without_amend_is_refused(lead, laptop, tmp_path):
    """Acceptance: Tom's own (validly signed) packet rewrites his submitted score without amending."""
    doc = _export(lead, "Tom Becker")
    body = {k: v for k, v in doc.items() if k not in ("checksum", "signature")}
    first = body["scores"][0]
    body["scores"][0] = dict(first, rating=1 if first["rating"] != 1 else 2, note="Changed my mind",
                             updated_at="2099-01-01T00:00:00.000000+00:00")
    sneaky = _write(packets.sign(body), tmp_path / "sneaky.ikit")
    report = _refused(lead, sneaky, "submitted scorecard")
    assert "Tom Becker" in report.refused and "without an amend" in report.refused


def test_a_packet_that_reopens_a_submitted_scorecard_without_amend_is_refused(lead, tmp_path):
    doc = _export(lead, "Tom Becker")
    body = {k: v for k, v in doc.items() if k not in ("checksum", "signature")}
    body["verdicts"][0] = dict(body["verdicts"][0], submitted_at=None, updated_at="2099-01-01T00:00:00Z")
    _refused(lead, _write(packets.sign(body), tmp_path / "reopen.ikit"), "without an amend")


def test_a_real_amend_merges_with_its_audit_rows(lead, laptop, tmp_path):
    _toms_laptop(lead, laptop, tmp_path)
    with Workspace.open(laptop) as ws:
        rnd = ws.find_round(TITLE)
        tom = ws.me()
        cand = ws.candidates(rnd.id)[1]
        q = ws.guide(rnd.id)[0]
        old = ws.score(cand.id, tom.id, q.id)
        ws.amend(cand.id, tom.id, actor=tom.name, reason="Re-read my notes: the example was the team's, not his")
        ws.set_score(cand.id, tom.id, q.id, 2, "Downgraded: the example was the team's work", actor=tom.name)
        ws.set_verdict(cand.id, tom.id, "no", "On reflection, not yet", actor=tom.name)
        ws.submit(cand.id, tom.id, actor=tom.name)
        doc = packets.export_scores(ws, rnd.id, tom.id)
    amended = _write(doc, tmp_path / "tom-amended.ikit")
    report = _import(lead, amended)
    assert report.ok and report.amended == 1 and report.updated == 1, report.summary()
    with Workspace.open(lead) as ws:
        assert ws.score(cand.id, tom.id, q.id).rating == 2
        v = ws.verdict(cand.id, tom.id)
        assert v.submitted_at and v.amended_at and v.amend_reason.startswith("Re-read my notes")
        events = ws.audit_events(f"scorecard:{cand.id}:{tom.id}")
        after_import = [e for e in events if e.detail.get("packet") == doc["checksum"]]
        assert [e.action for e in after_import] == ["scorecard.amend", "score.change", "verdict.change",
                                                     "scorecard.submit"]
        change = after_import[1].detail
        assert change["old"] == {"rating": old.rating, "note": old.note}
        assert change["new"] == {"rating": 2, "note": "Downgraded: the example was the team's work"}
        assert all(e.actor == "Tom Becker" for e in after_import)
    again = _import(lead, amended)
    assert again.ok and again.amended == 0 and again.updated == 0


def test_a_draft_merged_stays_a_draft_and_a_later_submission_replaces_it(lead, laptop, tmp_path):
    with Workspace.open(lead) as ws:
        rnd = ws.find_round(TITLE)
        grace = ws.ensure_panelist("Grace Kim")
        ws.join_panel(rnd.id, grace.id)
        cand = ws.candidates(rnd.id)[0]
        q = ws.guide(rnd.id)[0]
        ws.set_score(cand.id, grace.id, q.id, 4, "Clear STAR answer, with the outcome")
        ws.set_verdict(cand.id, grace.id, "yes", "Good")
        draft = packets.export_scores(ws, rnd.id, grace.id)
        ws.submit(cand.id, grace.id)
        final = packets.export_scores(ws, rnd.id, grace.id)
    assert _import(laptop, _write(draft, tmp_path / "draft.ikit")).ok
    with Workspace.open(laptop) as ws:
        assert not ws.is_submitted(cand.id, grace.id)
    assert _import(laptop, _write(final, tmp_path / "final.ikit")).ok
    with Workspace.open(laptop) as ws:
        assert ws.is_submitted(cand.id, grace.id)
    # and the older draft can no longer reopen it
    report = _import(laptop, tmp_path / "draft.ikit")
    assert report.ok and report.verdicts_updated == 0
    with Workspace.open(laptop) as ws:
        assert ws.is_submitted(cand.id, grace.id)


# ------------------------------------------------------------------------------------ multi-file import


def test_a_crash_in_one_file_never_stops_the_others(lead, laptop, tmp_path, monkeypatch, capsys):
    from interview_kit import packet_merge

    tom = _write(_export(lead, "Tom Becker"), tmp_path / "tom.ikit")
    aisha = _write(_export(lead, "Aisha Rahman, RN"), tmp_path / "aisha.ikit")
    real_merge = packet_merge._merge_scorecards

    def buggy(ws, doc, report, label):
        if label.endswith("tom.ikit"):
            raise TypeError("a bug")
        return real_merge(ws, doc, report, label)

    monkeypatch.setattr(packet_merge, "_merge_scorecards", buggy)
    before = _digest(laptop)
    assert main(["--db", str(laptop), "packet", "import", str(tom), str(aisha)]) == 1
    out, err = capsys.readouterr()
    assert "aisha.ikit" in out and "30 added" in out
    assert err.count("\n") == 1 and "tom.ikit" in err and "internal error" in err
    with Workspace.open(laptop) as ws:
        assert {s.panelist_id for s in ws.scores()} == {ws.panelist_by_name("Aisha Rahman, RN").id}
    assert _digest(laptop) != before


def test_packet_trust_accepts_a_round_for_the_key_of_its_leads_kits(lead, laptop, tmp_path, monkeypatch, capsys):
    with another_copy(monkeypatch, tmp_path / "leads-new-desktop"):
        kit = _write(_export(lead), tmp_path / "kit-new.ikit")
        new_key = identity.public_key()
    assert not _import(laptop, kit).ok
    assert main(["--db", str(laptop), "packet", "trust", TITLE, "--from", str(kit)]) == 0
    assert f"the lead of {TITLE!r}" in capsys.readouterr().out
    assert _import(laptop, kit).ok
    with Workspace.open(laptop) as ws:
        assert ws.pinned_key(f"round:{ws.find_round(TITLE).id}")[0] == new_key


def test_export_prints_the_fingerprint_of_the_signing_key(lead, tmp_path, capsys):
    assert main(["--db", str(lead), "packet", "export", TITLE, "--panelist", "Tom Becker", "-o",
                 str(tmp_path / "tom.ikit")]) == 0
    assert f"signed with key {identity.fingerprint(identity.public_key())}" in capsys.readouterr().out
