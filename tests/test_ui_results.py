"""The panel view's content through the real widgets: drafts shown as drafts, "not yet scored", independence for
a copy with no name, the consensus decision's rules, and the words a panel reads (issue 13 §1-§3, §5)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from interview_kit import demo
from interview_kit.model import GuideQuestion, RoleSkill
from interview_kit.store import Workspace
from interview_kit.ui.main_window import MainWindow
from interview_kit.ui.panel import RANGE_ROLE

LEAD = "Dr. Maya Lindqvist"
PANEL = ("Siobhán O'Brien", "Omar Haddad", "李明")


def _build(path, *, me: str | None = LEAD):
    """Zoë: submitted by all three. Björn: submitted by Siobhán only, Omar has a draft. Ana: one draft (3 of 4
    rated, all 5s — it would rank first if drafts counted)."""
    with Workspace.open(path) as ws:
        rnd = ws.create_round("Service desk <nights> & weekends", "service-desk-analyst",
                              [RoleSkill("teamwork", 1.0, "Teamwork"), RoleSkill("clinical-culture", 2.0, "Clinical")])
        ws.set_guide(rnd.id, [GuideQuestion(f"q{i}", rnd.id, i, "teamwork" if i < 2 else "clinical-culture",
                                            "behavioral", f"Tell me about handover {i}.") for i in range(4)])
        ws.lock_round(rnd.id)
        panel = [ws.ensure_panelist(n) for n in PANEL]
        for p in panel:
            ws.join_panel(rnd.id, p.id)
        zoe, bjorn, ana = (ws.add_candidate(rnd.id, n) for n in ("Zoë Ångström", "Björn Ek", "Ana <b>&</b> Lee"))
        for i, p in enumerate(panel):
            for j in range(4):
                ws.set_score(zoe.id, p.id, f"q{j}", 3 + (i == 1), f"{p.name}: specific")
            ws.set_verdict(zoe.id, p.id, "yes", "Clear.")
            ws.submit(zoe.id, p.id)
        for j in range(4):
            ws.set_score(bjorn.id, panel[0].id, f"q{j}", 2, "general")
            ws.set_score(bjorn.id, panel[1].id, f"q{j}", 4, "OMAR DRAFT NOTE")
        ws.set_verdict(bjorn.id, panel[0].id, "no", "Vague.")
        ws.submit(bjorn.id, panel[0].id)
        for j in range(3):
            ws.set_score(ana.id, panel[2].id, f"q{j}", 5, "LI DRAFT NOTE")
        if me:
            ws.set_me(me)
        return rnd.id, {c.name: c.id for c in (zoe, bjorn, ana)}


@pytest.fixture
def messages(monkeypatch):
    """Message boxes record what they say instead of waiting for a click."""
    said = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: said.append(a[2]) or QMessageBox.StandardButton.Ok)
    return said


@pytest.fixture
def lead_panel(tmp_path, main_window):
    rid, ids = _build(tmp_path / "lead.ikdb")
    w = main_window(tmp_path / "lead.ikdb")
    w.select_round(rid)
    assert w.show_view("panel")
    return w.panel, ids


def _row(panel, cid):
    return next(i for i, r in enumerate(panel.model.rows) if r.candidate.id == cid)


def _select(panel, cid):
    panel.table.selectRow(_row(panel, cid))


def _tree_texts(panel):
    texts, stack = [], [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        texts += [item.text(c) for c in range(3)]
        stack += [item.child(i) for i in range(item.childCount())]
    return texts


def test_a_candidate_with_only_a_draft_is_not_yet_scored_and_listed_last(lead_panel):
    panel, ids = lead_panel
    m = panel.model
    assert [r.candidate.id for r in m.rows] == [ids["Zoë Ångström"], ids["Björn Ek"], ids["Ana <b>&</b> Lee"]]
    last = m.rowCount() - 1
    assert m.data(m.index(last, 1)) == "not yet scored" and m.data(m.index(last, 1), RANGE_ROLE) is None
    assert "draft · 3 of 4 rated" in m.data(m.index(last, 0), Qt.ItemDataRole.ToolTipRole)


def test_a_draft_never_moves_a_mean(lead_panel):
    panel, ids = lead_panel
    bjorn = panel.d.result(ids["Björn Ek"])
    assert bjorn.overall.mean == pytest.approx(2.0)  # Omar's draft 4s are not in it
    verdicts = panel.model.data(panel.model.index(_row(panel, ids["Björn Ek"]), panel.model.columnCount() - 2))
    assert verdicts == "N×1  · 1 draft"


def test_the_lead_sees_drafts_in_the_detail_marked_not_counted(lead_panel):
    panel, ids = lead_panel
    _select(panel, ids["Björn Ek"])
    texts = _tree_texts(panel)
    assert "Drafts — not counted (1)" in texts and "draft · 4 of 4 rated" in texts and "OMAR DRAFT NOTE" in texts
    assert "Omar Haddad: draft · 4 of 4 rated (not counted)" in panel.verdicts_label.text()


def test_a_copy_with_no_name_shows_no_one_elses_scores_or_drafts(tmp_path, app_context, qtbot):
    rid, ids = _build(tmp_path / "nameless.ikdb", me=None)
    w = MainWindow(app_context(tmp_path / "nameless.ikdb"))
    qtbot.addWidget(w)
    w.show()
    w.select_round(rid)
    w.show_view("panel")
    panel = w.panel
    assert all(not r.scored and not r.verdicts and not r.drafts for r in panel.model.rows)
    for cid in ids.values():
        _select(panel, cid)
        assert not any("NOTE" in t or "specific" in t or "general" in t for t in _tree_texts(panel))
        assert not panel.decision_box.isEnabled()
    assert "File → My name…" in panel.agreement_label.text()


def test_the_decision_starts_blank(lead_panel):
    panel, ids = lead_panel
    _select(panel, ids["Zoë Ångström"])
    assert panel.decision.currentData() is None and panel.rationale.toPlainText() == ""


def test_a_decision_cannot_be_recorded_without_a_submitted_scorecard(lead_panel, messages):
    panel, ids = lead_panel
    _select(panel, ids["Ana <b>&</b> Lee"])
    panel.decision.setCurrentIndex(panel.decision.findData("advance"))
    panel.rationale.setPlainText("Strong draft ratings.")
    panel.record_button.click()
    assert panel.ctx.workspace.decision(ids["Ana <b>&</b> Lee"]) is None
    assert "No scorecard for Ana <b>&</b> Lee is submitted yet" in messages[-1]


def test_a_decision_needs_a_choice_not_a_default(lead_panel, messages):
    panel, ids = lead_panel
    _select(panel, ids["Zoë Ångström"])
    panel.rationale.setPlainText("Consistent evidence.")
    panel.record_button.click()
    assert panel.ctx.workspace.decision(ids["Zoë Ångström"]) is None and "Choose the panel's decision" in messages[-1]


def test_recording_without_a_name_points_at_file_my_name(tmp_path, app_context, qtbot, messages):
    rid, ids = _build(tmp_path / "w.ikdb", me=None)
    w = MainWindow(app_context(tmp_path / "w.ikdb"))
    qtbot.addWidget(w)
    w.select_round(rid)
    w.show_view("panel")
    panel = w.panel
    _select(panel, ids["Zoë Ångström"])
    panel.decision.setCurrentIndex(panel.decision.findData("advance"))
    panel.rationale.setPlainText("Consistent evidence.")
    assert not panel.record_decision()
    assert w.ctx.workspace.decision(ids["Zoë Ångström"]) is None
    assert "File → My name…" in messages[-1]


def test_recording_warns_by_name_about_panelists_who_have_not_submitted(lead_panel, messages, monkeypatch):
    panel, ids = lead_panel
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    _select(panel, ids["Björn Ek"])
    panel.decision.setCurrentIndex(panel.decision.findData("decline"))
    panel.rationale.setPlainText("Vague on both skills.")
    panel.record_button.click()
    assert asked and "Omar Haddad" in asked[0] and "李明" in asked[0] and "Siobhán" not in asked[0]
    assert panel.ctx.workspace.decision(ids["Björn Ek"]) is None
    assert panel.record_decision(confirm_missing=True)
    assert panel.ctx.workspace.decision(ids["Björn Ek"]).decision == "decline"


def test_a_decision_shows_scores_changed_since_until_confirmed(lead_panel, messages):
    panel, ids = lead_panel
    ws = panel.ctx.workspace
    zoe = ids["Zoë Ångström"]
    _select(panel, zoe)
    panel.decision.setCurrentIndex(panel.decision.findData("advance"))
    panel.rationale.setPlainText("Consistent evidence across the panel.")
    assert panel.record_decision()
    omar = ws.panelist_by_name("Omar Haddad")
    ws.amend(zoe, omar.id, actor=omar.name, reason="wrong candidate's notes")
    ws.submit(zoe, omar.id, actor=omar.name)
    panel.refresh()
    _select(panel, zoe)
    cell = panel.model.data(panel.model.index(_row(panel, zoe), panel.model.columnCount() - 1))
    assert cell == "Advance / hire · scores changed since"
    assert "Scores changed since this decision" in panel.current_decision.text()
    assert panel.record_button.text() == "Confirm decision"
    assert panel.record_decision()
    assert ws.decision(zoe).scores_changed_at is None
    assert panel.record_button.text() == "Record decision"


def test_the_agreement_line_is_a_sentence_and_has_no_statistics_error_text(tmp_path, app_context, qtbot):
    rid, _ = _build(tmp_path / "w.ikdb")
    with Workspace.open(tmp_path / "w.ikdb") as ws:  # leave only Siobhán's scorecards submitted
        for name in PANEL[1:]:
            p = ws.panelist_by_name(name)
            for c in ws.candidates(rid):
                if ws.is_submitted(c.id, p.id):
                    ws.amend(c.id, p.id)
    w = MainWindow(app_context(tmp_path / "w.ikdb"))
    qtbot.addWidget(w)
    w.select_round(rid)
    w.show_view("panel")
    text = w.panel.agreement_label.text() + w.panel.agreement_label.toolTip()
    assert "Only one panelist's scorecards are submitted" in text
    assert "ICC needs" not in text and "got 1" not in text and "columns" not in text


def test_the_verdict_shorthand_has_a_legend_in_the_view(lead_panel):
    panel, _ = lead_panel
    assert "SY strong yes · Y yes · N no · SN strong no" in panel.legend.text()


def test_no_one_is_called_lenient_or_severe_on_too_few_shared_ratings(lead_panel):
    panel, _ = lead_panel  # three panelists, but only 4 ratings each shared: nothing to say
    assert "lenient" not in panel.calibration_label.text() and "severe" not in panel.calibration_label.text()


def test_the_demo_panel_reads_numbers_in_the_one_format(demo_window):
    demo_window.select_round(demo_window.ctx.workspace.find_round(demo.DEMO_TITLE).id)
    demo_window.show_view("panel")
    panel = demo_window.panel
    tip = panel.model.data(panel.model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    mean = panel.model.rows[0].overall.mean
    from interview_kit.scoring import fmt

    assert f"Weighted overall {fmt(mean)}" in tip and len(fmt(mean).split(".")[1]) == 2


def test_a_panelist_who_has_not_submitted_does_not_see_the_consensus_either(tmp_path, app_context, qtbot):
    rid, ids = _build(tmp_path / "w.ikdb")
    with Workspace.open(tmp_path / "w.ikdb") as ws:
        ws.record_decision(ids["Björn Ek"], "decline", "VAGUE ON BOTH SKILLS", LEAD)
        ws.set_me("Omar Haddad")  # on the panel, his Björn scorecard still a draft
    w = MainWindow(app_context(tmp_path / "w.ikdb"))
    qtbot.addWidget(w)
    w.select_round(rid)
    w.show_view("panel")
    panel = w.panel
    row = _row(panel, ids["Björn Ek"])
    assert panel.model.data(panel.model.index(row, panel.model.columnCount() - 1)) == "—"
    assert panel.model.data(panel.model.index(row, 1)) == "hidden until you submit"
    _select(panel, ids["Björn Ek"])
    assert "VAGUE" not in panel.rationale.toPlainText() and "hidden until you submit" in panel.verdicts_label.text()
    assert "OMAR DRAFT NOTE" in _tree_texts(panel)  # his own draft is his to see


def test_the_candidates_list_hides_the_consensus_from_a_panelist_who_has_not_submitted(tmp_path, app_context):
    """Independence in every view: Omar has only a draft for Björn, so Björn's decision column stays "—"."""
    from interview_kit.model import DECISIONS
    from interview_kit.ui.models import CandidatesModel

    path = tmp_path / "omar.ikdb"
    rid, ids = _build(path, me=PANEL[1])
    with Workspace.open(path) as ws:
        ws.record_decision(ids["Björn Ek"], next(iter(DECISIONS)), "Siobhán's scorecard is clear.", LEAD)
        ws.record_decision(ids["Zoë Ångström"], next(iter(DECISIONS)), "All three agree.", LEAD)
    model = CandidatesModel(app_context(path))
    model.set_round(rid)
    shown = {model.row_at(model.index(i, 0)).name: model.data(model.index(i, 3)) for i in range(model.rowCount())}
    assert shown["Björn Ek"] == "—"
    assert shown["Zoë Ångström"] == next(iter(DECISIONS))
