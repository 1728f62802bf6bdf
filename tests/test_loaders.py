"""The inputs that once gave tracebacks, each now one clear refusal naming what is wrong; bounded work for
sealed packets and big files; and the CSV imports reading what a spreadsheet really writes."""

import json
import re

import pytest

from interview_kit import csv_import, packets, sealing
from interview_kit.errors import UserError
from interview_kit.store import Workspace

import loader_fuzz


def _body(doc):
    return {k: v for k, v in json.loads(json.dumps(doc)).items() if k not in ("checksum", "signature")}


def _refused_packet(fx, raw: bytes, expected: str):
    before = loader_fuzz.digest(fx.ws.path)
    path = fx.folder / "case.ikit"
    path.write_bytes(raw)
    with pytest.raises(packets.PacketError, match=expected) as caught:
        packets.merge(fx.ws, packets.read(path), str(path))
    assert "\n" not in str(caught.value)
    assert loader_fuzz.digest(fx.ws.path) == before


def _signed(body, big_number=False) -> bytes:
    text = json.dumps(packets.sign(body, check_names=False), ensure_ascii=True)
    return text.replace(f'"{loader_fuzz.BIGINT}"', "9" * 4301).encode()


@pytest.mark.parametrize("mutate, expected", [
    (lambda b: b["candidates"][0].update(name="Zo\ud800ë"), "lone surrogate"),
    (lambda b: b["round"].update(seed=loader_fuzz.BIGINT), "too large for a packet"),
    (lambda b: b["scores"][0].update(updated_at="0001-01-01T00:00:00+05:00"), "not an ISO 8601 timestamp"),
    (lambda b: b["verdicts"][0].pop("updated_at"), "verdict 1 does not have"),
    (lambda b: b["candidates"][0].update(id=[b["candidates"][0]["id"]]), "the id is not a short text"),
    (lambda b: b["scores"][0].update(candidate_id=[b["scores"][0]["candidate_id"]]), "must be text"),
    (lambda b: b["verdicts"][0].update(summary=None), "summary is not text"),
    (lambda b: b["verdicts"][0].update(summary=["a", "list"]), "summary is not text"),
    (lambda b: b["round"]["skills"].append(dict(b["round"]["skills"][0])), "same skill twice"),
    (lambda b: b["panelists"].append(dict(b["panelists"][0])), "same panelist twice"),
    (lambda b: b["candidates"][1].update(name="x" * 201), "the limit is 200"),
    (lambda b: b["candidates"][1].update(name="Lee\x00Aaron"), "control character"),
    (lambda b: b.update(exported_by=["someone"]), "wrong shape at exported_by"),
    (lambda b: b["verdicts"][0].update(amend_reason="no amend"), "amend reason but no amended_at"),
], ids=["lone-surrogate", "4301-digits", "year-1-with-offset", "verdict-without-updated_at", "list-as-id",
        "list-as-score-id", "null-summary", "list-summary", "skill-twice", "panelist-twice", "long-name",
        "nul-in-name", "list-as-exporter", "reason-without-amend"])
def test_a_signed_packet_with_a_bad_value_is_refused_with_one_clear_line(fx, mutate, expected):
    body = _body(fx.scores)
    mutate(body)
    try:
        raw = _signed(body)
    except UnicodeEncodeError:  # a lone surrogate cannot even be signed: it keeps the old signature
        raw = json.dumps({**body, "signature": fx.scores["signature"], "checksum": fx.scores["checksum"]},
                         ensure_ascii=True).encode()
    _refused_packet(fx, raw, expected)


def test_a_kit_naming_a_skill_twice_is_refused(fx):
    body = _body(fx.kit)
    body["round"]["skills"].append(dict(body["round"]["skills"][1]))
    _refused_packet(fx, _signed(body), "same skill twice")


def test_deep_nesting_is_refused_without_a_recursion_error(fx):
    body = _body(fx.scores)
    deep = []
    for _ in range(50):
        deep = [deep]
    body["extra"] = deep
    _refused_packet(fx, _signed(body), "nested more than")
    _refused_packet(fx, b"[" * 100_000, "nested too deeply|damaged")


def test_a_packet_is_refused_by_its_size_before_it_is_read(fx, monkeypatch):
    monkeypatch.setattr(packets, "MAX_BYTES", 1000)
    reads = []
    real_open = open

    def spy(path, mode="r", *a, **k):
        reads.append(path)
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr("builtins.open", spy)
    path = fx.folder / "big.ikit"
    path.write_bytes(b"{" + b" " * 5000 + b"}")
    reads.clear()
    with pytest.raises(packets.PacketError, match="over the"):
        packets.read(path)
    assert path not in reads


@pytest.mark.parametrize("field, value", [("n", 2**20), ("r", 32), ("p", 16), ("n", 2**15 + 1), ("n", "32768"),
                                          ("n", 1.5)])
def test_a_sealed_packet_asking_for_more_scrypt_work_is_refused_before_any_key_is_derived(fx, monkeypatch, field,
                                                                                          value):
    derived = []
    monkeypatch.setattr(sealing, "_key", lambda *a: derived.append(a) or b"\0" * 32)
    doc = json.loads(fx.sealed_bytes)
    doc["kdf"][field] = value
    path = fx.folder / "costly.ikit"
    path.write_text(json.dumps(doc))
    with pytest.raises(packets.PacketError, match="more work|damaged"):
        packets.read(path, loader_fuzz.PASSPHRASE)
    assert derived == []


def test_a_sealed_packet_with_the_parameters_we_write_opens(fx):
    doc = packets.read(fx.folder / "grace.ikit")
    path = fx.folder / "sealed-default.ikit"
    packets.write(doc, path, passphrase=loader_fuzz.PASSPHRASE)
    assert json.loads(path.read_text())["kdf"]["n"] == sealing.MAX_SCRYPT["n"]
    assert packets.read(path, loader_fuzz.PASSPHRASE)["checksum"] == doc["checksum"]


# ------------------------------------------------------------------------------------------------ CSV


def test_candidate_csv_with_a_quoted_multi_line_cell_and_crlf_is_read_as_one_record(fx, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes('\ufeffname,email\r\n"Lee, Aaron",lee@example.org\r\n李明,\r\n'.encode())
    assert csv_import.parse_candidates(path) == [("Lee, Aaron", "lee@example.org"), ("李明", "")]


def test_paper_scores_keep_a_quoted_multi_line_note(fx, tmp_path):
    path = tmp_path / "paper.csv"
    note = 'Said "it depends", then:\r\ncalled the unit first,\nlogged it after.'
    path.write_bytes(("candidate,question_id,rating,note\r\n"
                      f'"Zoë Brooks",q1,4,"{note.replace(chr(34), chr(34) * 2)}"\r\n').encode())
    assert csv_import.import_scores(fx.ws, fx.round_id, path, "Omar Haddad") == (1, 0)
    omar = fx.ws.panelist_by_name("Omar Haddad")
    zoe = fx.ws.find_candidate("Zoë Brooks", fx.round_id)
    assert fx.ws.score(zoe.id, omar.id, "q1").note == note


@pytest.mark.parametrize("name, expected", [
    ("x" * 201, "line 2: the name is 201 characters long; the limit is 200"),
    ("Lee\x00Aaron", "NUL"),
    ("Lee\x1bAaron", "line 2: the name contains a control character (U+001B)"),
    ('"Lee\nAaron"', "line 2: the name contains a control character (U+000A)"),
])
def test_candidate_names_follow_the_one_name_rule_and_nothing_is_imported(fx, tmp_path, name, expected):
    path = tmp_path / "people.csv"
    path.write_text(f"name\n{name}\nWei Chen\n", encoding="utf-8")
    before = loader_fuzz.digest(fx.ws.path)
    with pytest.raises(csv_import.CsvError, match=re.escape(expected)) as caught:
        csv_import.import_candidates(fx.ws, fx.round_id, path)
    assert str(path) in str(caught.value)
    assert loader_fuzz.digest(fx.ws.path) == before


def test_the_store_refuses_a_name_a_packet_would_refuse(fx):
    with pytest.raises(UserError, match="the limit is 200"):
        fx.ws.add_candidate(fx.round_id, "y" * 201)
    with pytest.raises(UserError, match="control character"):
        fx.ws.ensure_panelist("Omar\x00Haddad")


def test_a_store_note_longer_than_a_packet_carries_is_refused(fx):
    cand = fx.ws.candidates(fx.round_id)[1]
    omar = fx.ws.ensure_panelist("Omar Haddad")
    with pytest.raises(UserError, match="at most 20,000"):
        fx.ws.set_score(cand.id, omar.id, "q0", 3, "n" * 20001)


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_BYTES", 100)
    path = tmp_path / "huge.csv"
    path.write_text("name\n" + "Wei Chen\n" * 50)
    with pytest.raises(csv_import.CsvError, match="limit"):
        csv_import.parse_candidates(path)


def test_workspace_open_is_unaffected_by_names_from_older_copies(tmp_path):
    """A name stored before the rule (here, 300 characters) still reads; the rule guards what comes in."""
    path = tmp_path / "old.ikdb"
    with Workspace.open(path) as ws:
        ws.conn.execute("INSERT INTO panelists (id, name) VALUES ('p-old', ?)", ("z" * 300,))
        assert ws.panelist("p-old").name == "z" * 300


# ---------------------------------------------------------------------------------- the one name rule

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

names = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=12),
    st.text(max_size=210).map(lambda t: f"  {t} "),
    st.sampled_from(["Zoë Brooks", "李明", "محمد <b>&</b>", "x" * 200, "x" * 201, "Lee\x00Aaron", "\u200dJoiner",
                     "Omar\u0085Haddad", " \t "]),
)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=names)
def test_a_name_the_store_accepts_is_carried_by_a_packet_and_accepted_by_another_copy(fx, name):
    """One rule for names everywhere: stored here → in the round kit → accepted there, unchanged."""
    try:
        cand = fx.ws.add_candidate(fx.round_id, name)
        panelist = fx.ws.ensure_panelist(name + " (panel)" if len(name.strip()) < 190 else name)
    except UserError:
        return  # refused by the rule, so it never reaches a packet
    fx.ws.join_panel(fx.round_id, panelist.id)
    raw = json.dumps(packets.export_kit(fx.ws, fx.round_id), ensure_ascii=False).encode("utf-8")
    other = fx.folder / "other.ikdb"
    with Workspace.open(other) as there:
        report = packets.merge(there, packets.parse(raw), "kit")
        assert report.ok
        assert there.candidate(cand.id).name == cand.name
        assert there.panelist(panelist.id).name == panelist.name


def test_export_refuses_a_name_stored_before_the_rule_with_a_clear_message(fx):
    cand = fx.ws.candidates(fx.round_id)[0]
    fx.ws.conn.execute("UPDATE candidates SET name = ? WHERE id = ?", ("Zoë " * 60, cand.id))
    with pytest.raises(UserError, match="cannot export this round yet: candidate 1: the name is 239 characters"):
        packets.export_kit(fx.ws, fx.round_id)
