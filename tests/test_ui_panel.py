"""The panel view through the real widgets: numbers, flags, the consensus decision and independence."""

import dataclasses

import pytest
from PySide6.QtCore import QSettings, Qt

from interview_kit import demo, independence, scoring
from interview_kit.reports import data
from interview_kit.model import Score
from interview_kit.store import Workspace
from interview_kit.ui.context import AppContext
from interview_kit.ui.main_window import MainWindow
from interview_kit.ui.panel import RANGE_ROLE, PanelModel


@pytest.fixture
def window(demo_window):
    """The demo's main window, on the panel view of the scored round."""
    demo_window.select_round(demo_window.ctx.workspace.find_round(demo.DEMO_TITLE).id)
    assert demo_window.show_view("panel")
    return demo_window


def _row(panel, name):
    return next(i for i, r in enumerate(panel.model.rows) if r.candidate.name == name)


def test_panel_view_shows_the_same_numbers_as_the_report(window):
    panel = window.panel
    ws = window.ctx.workspace
    report = data.report_json(data.gather(ws, panel.round_id, viewer=ws.me().id))
    for c in report["candidates"]:
        row = _row(panel, c["name"])
        mean = panel.model.data(panel.model.index(row, 1), RANGE_ROLE)[0]
        assert mean == pytest.approx(c["overall"], abs=1e-3)
        for j, s in enumerate(panel.model.skills):
            cell = panel.model.data(panel.model.index(row, 2 + j), RANGE_ROLE)[0]
            assert cell == pytest.approx(c["skills"][s.skill], abs=1e-3)


def test_a_flagged_disagreement_is_tinted_and_explained_on_hover(window):
    panel = window.panel
    row = _row(panel, "Marcus O'Neill")
    col = 2 + [s.skill for s in panel.model.skills].index("negotiation-resistance")
    idx = panel.model.index(row, col)
    assert panel.model.data(idx, Qt.ItemDataRole.BackgroundRole) is not None
    assert "range from 1.00 to 5.00" in panel.model.data(idx, Qt.ItemDataRole.ToolTipRole)


def test_a_skill_cell_is_tinted_exactly_when_the_skill_or_one_of_its_questions_is_flagged(window):
    model = window.panel.model
    tinted = 0
    for row, res in enumerate(model.rows):
        for j, sr in enumerate(res.skills):
            skill = sr.skill.skill
            flagged = bool(res.flags_on(skill)) or any(res.flags_on(qr.question.id) for qr in res.questions
                                                       if qr.question.skill == skill)
            tint = model.data(model.index(row, 2 + j), Qt.ItemDataRole.BackgroundRole)
            assert (tint is not None) == flagged, (res.candidate.name, skill)
            tinted += flagged
    assert tinted  # the demo has disagreements to tint


def test_a_question_flag_tints_its_skills_cell_though_the_skill_itself_is_not_flagged(window):
    d = window.panel.d
    skill = d.round.skills[0].skill
    q1, q2 = [q for q in d.guide if q.skill == skill][:2]
    (a, b), cand = d.panel[:2], d.candidates[0]
    # 5 and 3 on one question (2 points apart), 3 and 5 on the other: both panelists' skill means are 4.
    scores = [Score(cand.id, p.id, q.id, r) for p, q, r in ((a, q1, 5), (b, q1, 3), (a, q2, 3), (b, q2, 5))]
    res = scoring.candidate_result(cand, d.guide, d.round.skills, d.panel, scores)
    assert res.flags_on(q1.id) and not res.flags_on(skill)
    model = PanelModel()
    model.load(dataclasses.replace(d, results=[res]), set())
    assert model.data(model.index(0, 2), Qt.ItemDataRole.BackgroundRole) is not None
    assert "ratings on question" in model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)


def test_rows_are_sorted_by_weighted_overall(window):
    means = [r.overall.mean for r in window.panel.model.rows]
    assert means == sorted(means, reverse=True)


def test_agreement_leads_with_a_plain_sentence_and_keeps_the_figures_on_hover(window):
    label = window.panel.agreement_label
    assert "The panel is 2+ points apart on 2 of 30 questions; overall agreement is poor." in label.text()
    assert "Krippendorff" not in label.text() and "ICC" not in label.text()
    assert "Krippendorff's α" in label.toolTip() and "good ≥ 0.75" in label.toolTip()
    assert "Tom Becker +0.63 (lenient" in window.panel.calibration_label.text()


def test_consensus_decision_is_recorded_audited_and_keeps_the_verdicts(window):
    panel = window.panel
    ws = window.ctx.workspace
    panel.table.selectRow(_row(panel, "Priya Natarajan"))
    cid = panel._selected_id()
    before = ws.verdicts(candidate_id=cid)
    panel.decision.setCurrentIndex(panel.decision.findData("advance"))
    panel.rationale.setPlainText("Strongest evidence on change and communication; panel agreed after discussion.")
    panel.record_button.click()
    d = ws.decision(cid)
    assert d.decision == "advance" and d.recorded_by == "Dr. Maya Lindqvist"
    assert ws.verdicts(candidate_id=cid) == before
    assert any(e.action == "decision.record" for e in ws.audit_events(f"candidate:{cid}"))
    assert panel.model.data(panel.model.index(_row(panel, "Priya Natarajan"), panel.model.columnCount() - 1)) \
        == "Advance / hire"


def test_panel_model_passes_the_qt_model_tester(window, qtmodeltester):
    model = PanelModel()
    model.load(window.panel.d, set())
    qtmodeltester.check(model)


def test_a_panelist_who_has_not_submitted_sees_no_one_elses_scores(tmp_path, library, qtbot):
    ws = Workspace.open(tmp_path / "w.ikdb")
    demo.build_demo(ws, library)
    rnd = ws.find_round(demo.IN_PROGRESS_TITLE)
    sofia = ws.candidates(rnd.id)[0]
    other = ws.ensure_panelist("Tom Becker")
    ws.join_panel(rnd.id, other.id)
    for q in ws.guide(rnd.id):
        ws.set_score(sofia.id, other.id, q.id, 1, "SECRET NOTE FROM TOM")
    ws.set_verdict(sofia.id, other.id, "strong_no", "SECRET SUMMARY")
    ws.submit(sofia.id, other.id)
    ctx = AppContext(ws, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    ctx._library = library
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    w.select_round(rnd.id)
    w.show_view("panel")
    panel = w.panel
    row = _row(panel, "Sofia Marquez")
    assert "your scores only" in panel.model.data(panel.model.index(row, 0))
    panel.table.selectRow(row)
    texts = []
    stack = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        texts += [item.text(c) for c in range(3)]
        stack += [item.child(i) for i in range(item.childCount())]
    assert not any("SECRET" in t or "Tom Becker" in t for t in texts)
    assert "SECRET" not in panel.verdicts_label.text()
    assert not panel.decision_box.isEnabled()
    tooltip = panel.model.data(panel.model.index(row, 2), Qt.ItemDataRole.ToolTipRole)
    assert "Tom Becker" not in tooltip
    ctx.close()


def test_export_pdf_of_a_whole_round_runs_in_a_worker_and_can_be_cancelled(window, tmp_path):
    from interview_kit.ui import pdf_actions

    ws = window.ctx.workspace
    rid = ws.find_round(demo.DEMO_TITLE).id
    target = tmp_path / "round.pdf"
    pdf_actions.export_pdf(window, window.ctx, rid, None, choice=1, target=target, open_when_done=False, wait=True)
    assert target.read_bytes()[:5] == b"%PDF-"

    class CancelAtOnce(pdf_actions.PdfWorker):
        def _progress(self, i, total):
            return False

    cancelled = tmp_path / "cancelled.pdf"
    worker = CancelAtOnce(pdf_actions.pdf.RoundSummary(data.gather(ws, rid, viewer=independence.LEAD), scorecards=True), cancelled)
    messages = []
    worker.signals.done.connect(messages.append)
    worker.run()
    assert messages == ["cancelled"] and not cancelled.exists()
    assert not list(tmp_path.glob(".ikit-pdf-*"))


# ------------------------------------------------------------------------- work only for what is on screen


@pytest.fixture
def gathers(monkeypatch):
    """Counts the panel view's gathers of a round."""
    calls = []
    real = data.gather

    def counting(ws, round_id, **kw):
        calls.append(round_id)
        return real(ws, round_id, **kw)

    monkeypatch.setattr(data, "gather", counting)
    return calls


def _rate_in(window, round_id):
    ws = window.ctx.workspace
    cand = ws.candidates(round_id)[0]
    panelist = ws.ensure_panelist("Rosa Ibáñez")
    ws.set_score(cand.id, panelist.id, ws.guide(round_id)[0].id, 3, "calm & clear")
    window.ctx.scores_changed.emit(cand.id)


def _other_round(window):
    ws = window.ctx.workspace
    other = next(r for r in ws.rounds() if r.id != window.panel.round_id)
    if not ws.candidates(other.id):
        ws.add_candidate(other.id, "Chen Jing 陈静")
    if not ws.guide(other.id):
        pytest.skip("the demo's other round has no guide")
    return other.id


def test_a_rating_in_another_round_does_not_gather_the_shown_panel_view(window, gathers):
    _rate_in(window, _other_round(window))
    assert gathers == []


def test_a_rating_in_the_panels_round_while_it_is_hidden_gathers_once_when_it_is_shown(window, gathers):
    rid = window.panel.round_id
    window.show_view("rounds")
    _rate_in(window, rid)
    _rate_in(window, rid)
    assert gathers == []
    window.show_view("panel")
    assert gathers == [rid]


def test_a_rating_in_the_panels_round_while_it_is_shown_gathers_it_once(window, gathers):
    _rate_in(window, window.panel.round_id)
    assert gathers == [window.panel.round_id]


def test_coming_back_to_an_unchanged_panel_view_does_not_gather(window, gathers):
    window.show_view("rounds")
    window.show_view("panel")
    assert gathers == []


def test_a_change_to_the_panels_candidates_gathers_it_again(window, gathers):
    rid = window.panel.round_id
    window.ctx.workspace.add_candidate(rid, "Nadia Haddad نادية")
    window.ctx.candidates_changed.emit(rid)
    assert gathers == [rid]
    assert any(r.candidate.name == "Nadia Haddad نادية" for r in window.panel.model.rows)



def test_repainting_the_panel_view_many_times_does_not_abort_the_app(demo_path, tmp_path):
    """A long session repaints thousands of cells; the app must survive the binding's lost references to None
    (run in a child process, because the failure is an interpreter abort)."""
    import os
    import subprocess
    import sys

    code = f"""
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from interview_kit.model import Score
from interview_kit.store import Workspace
from interview_kit.ui.context import AppContext
from interview_kit.ui.main_window import MainWindow
from interview_kit import demo
app = QApplication([])
ctx = AppContext(Workspace.open({str(demo_path)!r}), settings=QSettings({str(tmp_path / 's.ini')!r},
                 QSettings.Format.IniFormat))
w = MainWindow(ctx)
w.resize(1280, 800)
w.show()
w.select_round(ctx.workspace.find_round(demo.DEMO_TITLE).id)
w.show_view("panel")
app.processEvents()  # laid out, so every repaint draws the range cells
for _ in range(400):
    w.panel.table.viewport().repaint()
print("survived")
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "survived" in proc.stdout, proc.stderr[-400:]
