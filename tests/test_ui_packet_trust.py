"""The app offers to trust a panelist's new signing key when it refuses their packet, and re-imports it; and it
says why when the one name rule refuses a name."""

import os

from interview_kit import demo, identity, packets, paths
from interview_kit.store import Workspace


def _export_tom(lead_path, out):
    with Workspace.open(lead_path) as lead:
        rid = lead.find_round(demo.DEMO_TITLE).id
        packets.write(packets.export_scores(lead, rid, lead.panelist_by_name("Tom Becker").id), out)
        return out


def _setup(tmp_path, demo_path, monkeypatch):
    """A laptop that trusts Tom's first copy, and a packet from Tom's new laptop (another key)."""
    with Workspace.open(demo_path) as lead:
        rid = lead.find_round(demo.DEMO_TITLE).id
        packets.write(packets.export_kit(lead, rid), tmp_path / "kit.ikit")
    laptop = tmp_path / "laptop.ikdb"
    with Workspace.open(laptop) as ws:
        assert packets.import_file(ws, tmp_path / "kit.ikit").ok
        assert packets.import_file(ws, _export_tom(demo_path, tmp_path / "tom.ikit")).ok
    home = os.environ[paths.DATA_DIR_ENV]
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "toms-new-laptop"))
    new = _export_tom(demo_path, tmp_path / "tom-new.ikit")
    new_key = identity.public_key()
    monkeypatch.setenv(paths.DATA_DIR_ENV, home)
    return laptop, new, new_key


def test_a_refused_packet_from_a_new_key_offers_trust_and_imports_when_confirmed(tmp_path, demo_path, app_context,
                                                                              monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from interview_kit.ui import packet_actions

    laptop, new, new_key = _setup(tmp_path, demo_path, monkeypatch)
    ctx = app_context(laptop)
    asked = []
    monkeypatch.setattr(packet_actions.QMessageBox, "warning", lambda *a: None)
    monkeypatch.setattr(packet_actions.QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    [report] = packet_actions.import_packets(None, ctx, [new])
    assert not report.ok and report.untrusted.name == "Tom Becker"
    assert len(asked) == 1 and identity.fingerprint(new_key) in asked[0]
    tom = ctx.workspace.panelist_by_name("Tom Becker")
    assert ctx.workspace.pinned_key(tom.id)[0] == new_key
    assert any(e.action == "key.repin" for e in ctx.workspace.audit_events(f"key:{tom.id}"))


def test_declining_to_trust_a_new_key_changes_nothing(tmp_path, demo_path, app_context, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from interview_kit.ui import packet_actions

    laptop, new, new_key = _setup(tmp_path, demo_path, monkeypatch)
    ctx = app_context(laptop)
    monkeypatch.setattr(packet_actions.QMessageBox, "warning", lambda *a: None)
    monkeypatch.setattr(packet_actions.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    before = ctx.workspace.audit_events()
    packet_actions.import_packets(None, ctx, [new])
    tom = ctx.workspace.panelist_by_name("Tom Becker")
    assert ctx.workspace.pinned_key(tom.id)[0] != new_key
    assert ctx.workspace.audit_events() == before


def test_renaming_a_candidate_to_a_name_the_rule_refuses_warns_and_keeps_the_name(demo_window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from interview_kit.ui import main_window

    ws = demo_window.ctx.workspace
    rnd = ws.find_round(demo.IN_PROGRESS_TITLE)
    demo_window.select_round(rnd.id)
    demo_window.round_pane.candidates.selectRow(0)
    old = ws.candidates(rnd.id)[0].name
    warned = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Sofía " * 40, True))
    monkeypatch.setattr(main_window.QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    demo_window.round_pane.rename_candidate()
    assert ws.candidates(rnd.id)[0].name == old
    assert warned and "the limit is 200" in warned[0]
