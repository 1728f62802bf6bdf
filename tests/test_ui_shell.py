"""The app shell through the real widgets (pytest-qt, offscreen)."""

import pytest
from PySide6.QtCore import QSettings, Qt

from interview_kit import demo
from interview_kit.store import SCHEMA_VERSION, Workspace
from interview_kit.ui.context import AppContext
from interview_kit.ui.main_window import MainWindow
from interview_kit.ui.models import CandidatesModel, RoundsModel


@pytest.fixture
def window(demo_window):
    return demo_window


@pytest.fixture
def ctx(demo_window):
    return demo_window.ctx


def _column(model, col=0):
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def test_main_window_lists_the_demo_round_and_its_candidates(window):
    assert _column(window.rounds_model) == [demo.DEMO_TITLE, demo.IN_PROGRESS_TITLE]
    assert _column(window.round_pane.candidates_model) == ["Jordan Ellis", "Priya Natarajan", "Marcus O'Neill"]
    assert window.round_pane.title.text() == demo.DEMO_TITLE


def test_candidates_show_submission_counts_not_ratings(window):
    assert _column(window.round_pane.candidates_model, 2) == ["3 of 3"] * 3


def test_rounds_model_passes_the_qt_model_tester(ctx, qtmodeltester):
    qtmodeltester.check(RoundsModel(ctx))


def test_candidates_model_passes_the_qt_model_tester(ctx, qtmodeltester):
    model = CandidatesModel(ctx)
    model.set_round(ctx.workspace.find_round(demo.DEMO_TITLE).id)
    qtmodeltester.check(model)


def test_new_round_appears_when_rounds_change(window, ctx):
    from interview_kit.model import RoleSkill

    ctx.workspace.create_round("Service desk — nights", "service-desk-analyst", [RoleSkill("teamwork")])
    ctx.rounds_changed.emit()
    assert "Service desk — nights" in _column(window.rounds_model)


def test_window_layout_is_kept_in_settings(window, ctx, qtbot):
    window.splitter.setSizes([300, 900])
    sizes = window.splitter.sizes()
    window.close()
    assert not ctx.settings.value("window/geometry").isEmpty()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.resize(window.size())
    again.show()
    again.restore_state()
    left, right = again.splitter.sizes()
    # The offscreen screen is smaller than the window, so compare the split, not the pixels.
    assert left / (left + right) == pytest.approx(sizes[0] / sum(sizes), abs=0.02)


def test_about_names_version_workspace_and_schema(window, monkeypatch):
    from interview_kit.ui import main_window

    shown = {}
    monkeypatch.setattr(main_window.QMessageBox, "about", lambda parent, title, text: shown.update(text=text))
    window.about_action.trigger()
    assert "0.1.0" in shown["text"] and "demo.ikdb" in shown["text"] and f"Schema version: {SCHEMA_VERSION}" in shown["text"]


def test_opening_a_text_file_as_workspace_keeps_the_current_one(window, ctx, tmp_path, monkeypatch):
    from interview_kit.ui import main_window

    bad = tmp_path / "notes.txt"
    bad.write_text("not a workspace")
    errors = []
    monkeypatch.setattr(main_window.QMessageBox, "critical", lambda *a: errors.append(a[2]))
    assert window.switch_to(bad) is False
    assert "not a SQLite database" in errors[0]
    assert _column(window.rounds_model)[0] == demo.DEMO_TITLE


def test_recent_workspaces_remember_the_opened_file(window, ctx, tmp_path):
    other = tmp_path / "other.ikdb"
    assert window.switch_to(other)
    assert ctx.recent_workspaces()[0] == str(other.resolve())
    assert _column(window.rounds_model) == []


def test_a_broken_user_bank_file_is_reported_and_the_good_ones_load(tmp_path, isolated_data_dir, qtbot, capsys):
    import shutil
    from pathlib import Path

    user_banks = isolated_data_dir / "banks"
    user_banks.mkdir()
    broken = Path(__file__).parent / "data" / "broken_banks"
    for name in ("bad_syntax.toml", "good.toml"):
        shutil.copy(broken / name, user_banks / name)
    ws = Workspace.open(tmp_path / "w.ikdb")
    context = AppContext(ws, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(context)
    qtbot.addWidget(w)
    library = context.library
    assert "adaptability" in library.skills  # bundled banks still load
    assert any(s.source.endswith("good.toml") for s in library.skills.values())
    assert w.bank_problems_button.isVisibleTo(w) and "1 bank file" in w.bank_problems_button.text()
    assert "bad_syntax.toml" in capsys.readouterr().err
    context.close()


def test_dropping_packets_on_the_window_merges_them_and_reports_each(tmp_path, library, qtbot, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from interview_kit import packets
    from interview_kit.ui import packet_actions

    lead = Workspace.open(tmp_path / "lead.ikdb")
    demo.build_demo(lead, library)
    rid = lead.find_round(demo.DEMO_TITLE).id
    kit = tmp_path / "kit.ikit"
    packets.write(packets.export_kit(lead, rid), kit)
    tom = tmp_path / "tom.ikit"
    packets.write(packets.export_scores(lead, rid, lead.panelist_by_name("Tom Becker").id), tom)
    broken = tmp_path / "broken.ikit"
    broken.write_text("{")
    lead.close()

    ws = Workspace.open(tmp_path / "laptop.ikdb")
    context = AppContext(ws, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    context._library = library
    w = MainWindow(context)
    qtbot.addWidget(w)
    shown = []
    monkeypatch.setattr(packet_actions.QMessageBox, "warning", lambda p, title, text: shown.append((title, text)))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (kit, tom, broken)])
    w.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                           Qt.KeyboardModifier.NoModifier))
    title, text = shown[0]
    assert "1 packet(s) refused" in title
    assert "round kit opened" in text and "30 added" in text and "broken.ikit: refused" in text
    assert _column(w.rounds_model) == [demo.DEMO_TITLE]
    assert len(ws.scores()) == 30
    context.close()


def test_many_packets_merge_in_a_worker_with_progress(tmp_path, library, qtbot, monkeypatch):
    from interview_kit import packets
    from interview_kit.ui import packet_actions

    lead = Workspace.open(tmp_path / "lead.ikdb")
    demo.build_demo(lead, library)
    rid = lead.find_round(demo.DEMO_TITLE).id
    files = [tmp_path / "kit.ikit"]
    packets.write(packets.export_kit(lead, rid), files[0])
    for p in lead.panel(rid):
        f = tmp_path / f"{p.id}.ikit"
        packets.write(packets.export_scores(lead, rid, p.id), f)
        files.append(f)
    lead.close()
    ws = Workspace.open(tmp_path / "laptop.ikdb")
    context = AppContext(ws, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    shown = []
    monkeypatch.setattr(packet_actions.QMessageBox, "information", lambda p, title, text: shown.append(text))
    reports = packet_actions.import_packets(None, context, files, wait=True)
    assert len(files) >= packet_actions.PROGRESS_FROM
    assert [r.ok for r in reports] == [True] * len(files)
    assert len(ws.scores()) == 90 and shown
    context.close()


def test_opening_the_main_window_loads_no_heavy_module(tmp_path):
    """Start-up stays within 2x a bare Qt window (bench/startup.py) because the main window needs none of
    reportlab, sqlite-utils, jsonschema or the banks; this guards against an import creeping back in."""
    import subprocess
    import sys

    Workspace.open(tmp_path / "w.ikdb").close()  # an existing workspace, as at every start but the first
    script = f"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from interview_kit.store import SCHEMA_VERSION, Workspace
from interview_kit.ui.context import AppContext
from interview_kit.ui.main_window import MainWindow
ws = Workspace.open(Path({str(tmp_path / 'w.ikdb')!r}))
w = MainWindow(AppContext(ws))
w.show()
app.processEvents()
print(sorted(m for m in ("reportlab", "sqlite_utils", "jsonschema", "interview_kit.banks") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_a_sealed_packet_in_the_app_asks_for_the_passphrase(tmp_path, demo_path, app_context, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from interview_kit import packets
    from interview_kit.ui import packet_actions

    with Workspace.open(demo_path) as lead:
        rid = lead.find_round(demo.DEMO_TITLE).id
        sealed = tmp_path / "tom.ikit"
        packets.write(packets.export_scores(lead, rid, lead.panelist_by_name("Tom Becker").id), sealed,
                      passphrase="correct horse battery")
    context = app_context(tmp_path / "laptop.ikdb")
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a[2]) or ("correct horse battery", True))
    monkeypatch.setattr(packet_actions.QMessageBox, "information", lambda *a: None)
    [report] = packet_actions.import_packets(None, context, [sealed])
    assert asked and "protected by a passphrase" in asked[0]
    assert report.ok and report.added == 30


def test_showing_many_rounds_reads_only_the_rows_on_screen_and_a_sample(tmp_path, main_window, qtbot, monkeypatch):
    from interview_kit.model import RoleSkill
    from interview_kit.ui import defs

    path = tmp_path / "years.ikdb"
    with Workspace.open(path) as ws:
        with ws.transaction():
            for i in range(400):
                ws.create_round(f"Go-live support {i} — Zürich & 北京", "go-live-support", [RoleSkill("teamwork")])
    rows_read = set()
    real = RoundsModel.data

    def counting(self, index, role=Qt.ItemDataRole.DisplayRole):
        rows_read.add(index.row())
        return real(self, index, role)

    monkeypatch.setattr(RoundsModel, "data", counting)
    w = main_window(path)
    qtbot.waitExposed(w)
    assert len(w.rounds_model.rows) == 400
    assert len(rows_read) <= defs.SIZE_SAMPLE_ROWS + 40  # not the 400 rows a full auto-size reads


def test_reloading_the_rounds_list_does_not_reread_the_selected_rounds_candidates(window, monkeypatch):
    fetched = []
    real = CandidatesModel.fetch
    monkeypatch.setattr(CandidatesModel, "fetch", lambda self: fetched.append(self.round_id) or real(self))
    window.ctx.rounds_changed.emit()
    assert window.selected_round_id() is not None and fetched == []


def test_a_change_to_the_selected_rounds_candidates_still_shows(window):
    ws = window.ctx.workspace
    rid = window.selected_round_id()
    ws.add_candidate(rid, "Zoë Ångström")
    window.ctx.candidates_changed.emit(rid)
    assert "Zoë Ångström" in _column(window.round_pane.candidates_model)
