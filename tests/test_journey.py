"""Acceptance (issue 13): a hiring lead and a two-person panel on separate copies, through the real widgets.

The lead builds, locks and exports a round kit; panelist A opens it, scores one candidate completely, submits and
exports; panelist B scores three questions of the other candidate and exports a draft; the lead imports both.
The draft candidate is "not yet scored" and unranked in the panel view, in `report --json` and in the round PDF;
the decision starts blank and cannot be recorded without a submitted scorecard.
"""

import io
import json

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from interview_kit.cli import main
from interview_kit.ui import identity, pdf_actions

LEAD, A, B = "Dr. Maya Lindqvist", "Grace Kim", "محمد علي"
NADIA, SIOBHAN = "Nadia Haddad", "Siobhán Ní Bhriain & <b>O'Neill</b>"
TITLE = "Service desk — nights & weekends"


class Desk:
    """What the person at the keyboard answers: their name, file names, Yes to confirmations; it keeps what the
    app said in message boxes."""

    def __init__(self, monkeypatch):
        self.name = ""
        self.open_files: list[str] = []
        self.save_as = ""
        self.said: list[str] = []
        self.candidates: list[str] = []

        def get_text(parent, title, label, *a, **k):
            if "passphrase" in (title + label).lower():
                return "", True  # no passphrase: the packet goes on a USB stick
            if "candidate" in (title + label).lower():
                return self.candidates.pop(0), True
            return self.name, True

        def type_name(dialog):  # the name dialog (first start, File → My name…): type it and press Enter
            dialog.edit.setText(self.name)
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(identity.NameDialog, "exec", type_name)
        monkeypatch.setattr(QInputDialog, "getText", get_text)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (self.save_as, ""))
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (list(self.open_files), ""))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (self.open_files[0], ""))
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        for kind in ("information", "warning", "critical"):
            monkeypatch.setattr(QMessageBox, kind,
                                lambda *a, **k: self.said.append(a[2]) or QMessageBox.StandardButton.Ok)


def _interview(w, qtbot, candidate_id, ratings, verdict_key=None):
    """Score with the keyboard: a rating per question (None: stop there), then the verdict page and submit."""
    assert w.start_interview(candidate_id)
    view = w.interview
    view.setFocus()
    for r in ratings:
        qtbot.keyClick(view, Qt.Key.Key_0 + r)
        qtbot.keyClick(view, Qt.Key.Key_Right)
    if verdict_key is not None:
        view.go(len(view.guide))
        qtbot.keyClick(view, verdict_key)
        view.submit_button.click()
    view._flush()


@pytest.fixture
def desk(monkeypatch):
    return Desk(monkeypatch)


def test_a_draft_is_never_ranked_and_a_decision_needs_a_submitted_scorecard(tmp_path, main_window, qtbot, desk):
    # --- the lead builds, locks and exports the round kit
    lead = main_window(tmp_path / "lead.ikdb")
    desk.name = LEAD
    assert lead.ensure_me().name == LEAD
    lead.new_round()
    b = lead.builder
    b.role_combo.setCurrentIndex(b.role_combo.findData("service-desk-analyst"))
    b.title_edit.setText(TITLE)
    b.draw_button.click()
    b.lock_button.click()
    ws = lead.ctx.workspace
    assert not desk.said, desk.said
    rnd = ws.find_round(TITLE)
    assert rnd.locked
    lead.select_round(rnd.id)
    desk.candidates = [NADIA, SIOBHAN]
    lead.round_pane.add_candidate()
    lead.round_pane.add_candidate()
    nadia, siobhan = (c.id for c in ws.candidates(rnd.id))
    guide = ws.guide(rnd.id)
    kit = tmp_path / "kit.ikit"
    desk.save_as = str(kit)
    lead.export_packet(kit=True)
    assert kit.exists()

    # --- panelist A: opens the kit, scores Nadia completely, submits, exports
    a = main_window(tmp_path / "a.ikdb")
    desk.open_files = [str(kit)]
    a.open_kit_action.trigger()
    a.select_round(rnd.id)
    desk.name = A
    _interview(a, qtbot, nadia, [3] * len(guide), verdict_key=Qt.Key.Key_3)  # 3: "yes"
    me_a = a.ctx.workspace.me()
    assert a.ctx.workspace.is_submitted(nadia, me_a.id)
    packet_a = tmp_path / "grace.ikit"
    desk.save_as = str(packet_a)
    a.export_packet(kit=False)

    # --- panelist B: three questions of Siobhán, higher ratings, not submitted; exports a draft
    bw = main_window(tmp_path / "b.ikdb")
    bw.open_kit_action.trigger()
    bw.select_round(rnd.id)
    desk.name = B
    _interview(bw, qtbot, siobhan, [4, 4, 4])
    me_b = bw.ctx.workspace.me()
    assert len(bw.ctx.workspace.scores(candidate_id=siobhan, panelist_id=me_b.id)) == 3
    assert not bw.ctx.workspace.is_submitted(siobhan, me_b.id)
    packet_b = tmp_path / "mohammed.ikit"
    desk.save_as = str(packet_b)
    bw.export_packet(kit=False)

    # --- the lead imports both
    desk.open_files = [str(packet_a), str(packet_b)]
    lead.import_action.trigger()
    assert {p.name for p in ws.panel(rnd.id)} == {A, B}
    assert len(ws.scores(candidate_id=siobhan)) == 3

    # The panel view: Nadia ranked, Siobhán "not yet scored", below her, with B's draft shown as a draft.
    lead.select_round(rnd.id)
    assert lead.show_view("panel")
    panel = lead.panel
    m = panel.model
    assert [r.candidate.id for r in m.rows] == [nadia, siobhan]
    assert m.data(m.index(0, 1), Qt.ItemDataRole.ToolTipRole).startswith("Weighted overall 3.00")
    assert m.data(m.index(1, 1)) == "not yet scored"
    assert f"{B}: draft · 3 of {len(guide)} rated (not counted)" in m.data(m.index(1, 0), Qt.ItemDataRole.ToolTipRole)

    # The decision starts blank and cannot be recorded without a submitted scorecard.
    panel.table.selectRow(1)
    assert panel.decision.currentData() is None and not panel.rationale.toPlainText()
    panel.decision.setCurrentIndex(panel.decision.findData("advance"))
    panel.rationale.setPlainText("Strong answers on the three questions asked.")
    panel.record_button.click()
    assert ws.decision(siobhan) is None
    assert "No scorecard for" in desk.said[-1] and "submitted" in desk.said[-1]

    # The round PDF, made from the app: Nadia ranked 1, Siobhán not yet scored with no rank.
    target = tmp_path / "round.pdf"
    pdf_actions.export_pdf(lead, lead.ctx, rnd.id, None, choice=1, target=target, open_when_done=False, wait=True)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages)
    summary = text[text.index("Candidates by weighted overall"):text.index("Method")]
    assert "1 Nadia Haddad 3.00" in summary
    assert "not yet scored" in summary and "2 Siobhán" not in summary
    assert summary.index("Nadia Haddad") < summary.rindex("Siobhán")

    # report --json on the lead's workspace (the app closed first: one instance per workspace).
    lead.close()
    lead.ctx.close()
    capsys_out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(capsys_out):
        assert main(["--db", str(tmp_path / "lead.ikdb"), "report", TITLE, "--json"]) == 0
    doc = json.loads(capsys_out.getvalue())
    rows = {c["id"]: c for c in doc["candidates"]}
    assert [c["id"] for c in doc["candidates"]] == [nadia, siobhan]
    assert rows[nadia]["rank"] == 1 and rows[nadia]["overall"] == pytest.approx(3.0)
    assert rows[nadia]["scorecards_submitted"] == 1 and rows[nadia]["scorecards_draft"] == 0
    assert rows[siobhan]["overall"] is None and rows[siobhan]["rank"] is None
    assert rows[siobhan]["scorecards_submitted"] == 0 and rows[siobhan]["scorecards_draft"] == 1
    assert rows[siobhan]["decision"] is None
