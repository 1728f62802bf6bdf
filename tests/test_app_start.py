"""The desktop app as a desktop user meets it: one running app per workspace that takes files handed to it,
a window icon, paper from the user's region, and a crash dialog instead of a silent exit."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QRunnable, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox

from interview_kit import logs, packets
from interview_kit.store import Workspace
from interview_kit.ui import app as app_module
from interview_kit.ui import errors, instance

ROOT = Path(__file__).resolve().parents[1]


def kit_of(demo_path, target):
    with Workspace.open(demo_path) as ws:
        rnd = next(r for r in ws.rounds() if r.locked)
        packets.write(packets.export_kit(ws, rnd.id), target)
    return rnd


def wait_for(predicate, what, timeout=60.0, proc=None):
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the app exited ({proc.returncode}) while waiting for {what}: {proc.stderr.read()[-800:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_second_start_with_a_packet_hands_it_to_the_running_app(tmp_path, demo_path, isolated_data_dir):
    rnd = kit_of(demo_path, tmp_path / "Round kit — Zoë & Ngữ.ikit")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), QT_QPA_PLATFORM="offscreen",
               INTERVIEW_KIT_DATA_DIR=str(isolated_data_dir))
    workspace = isolated_data_dir / "workspace.ikdb"
    Workspace.open(workspace).close()  # not a first run: no welcome question
    first = subprocess.Popen([sys.executable, "-m", "interview_kit"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        log = isolated_data_dir / "logs" / "interview-kit.log"
        wait_for(lambda: log.exists() and "listening for files" in log.read_text("utf-8"), "the app to listen",
                 proc=first)
        second = subprocess.run([sys.executable, "-m", "interview_kit", str(tmp_path / "Round kit — Zoë & Ngữ.ikit")],
                                env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr

        def imported():
            with sqlite3.connect(f"file:{workspace}?mode=ro", uri=True) as con:
                return rnd.id in {r for (r,) in con.execute("SELECT id FROM rounds")}

        wait_for(imported, "the running app to import the kit", proc=first)
        assert first.poll() is None  # the first app is still the one running
        assert "handed over 1 file" in log.read_text("utf-8")
    finally:
        first.terminate()
        first.wait(20)


def test_the_first_paint_hook_ends_the_real_entry_point_at_its_first_paint(tmp_path, demo_path, isolated_data_dir):
    # bench/startup.py times start-up through this hook; without it the app would run until the timeout.
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), QT_QPA_PLATFORM="offscreen",
               INTERVIEW_KIT_DATA_DIR=str(isolated_data_dir), **{app_module.FIRST_PAINT_ENV: "1"})
    done = subprocess.run([sys.executable, "-m", "interview_kit", "--db", str(demo_path)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_nobody_listening_means_no_hand_over(qapp, tmp_path):
    assert instance.hand_over(tmp_path / "nobody.ikdb", []) is False


def _ask_in_thread(workspace, payload: bytes, results: list, stay=None):
    """A second start asking in a thread: the reply (or the error) goes to ``results``. With ``stay`` (a
    threading.Event) it keeps the connection open until that is set."""
    import socket
    import threading

    def ask():
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(5)
                sock.connect(instance.address(workspace))
                sock.sendall(payload)
                results.append(sock.recv(64))
                if stay is not None:
                    stay.wait(5)
        except OSError as e:
            results.append(e)

    asker = threading.Thread(target=ask, daemon=True)
    asker.start()
    return asker


def _listening(workspace: Path) -> tuple[instance.InstanceServer, list]:
    """A running app's hand-over server for ``workspace``, and the list of file batches it receives."""
    server = instance.InstanceServer()
    assert server.listen(workspace)
    got: list = []
    server.files_received.connect(got.append)
    return server, got


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket client")
def test_the_running_app_answers_ok_and_takes_the_files(qapp, qtbot, tmp_path):
    server, got = _listening(tmp_path / "w.ikdb")
    answers = []
    wanted = str(tmp_path / "Scores — 王小明 & Zoë.ikit")
    _ask_in_thread(tmp_path / "w.ikdb", (json.dumps({"open": [wanted]}) + "\n").encode(), answers)
    qtbot.waitUntil(lambda: bool(got) and bool(answers), timeout=5000)
    server.close()
    assert got == [[Path(wanted)]] and answers == [b"ok\n"]


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket client")
def test_a_server_dropped_while_a_start_is_still_connected_is_freed_at_once(qapp, qtbot, tmp_path):
    # No reference cycle through its sockets' slots. With one, the server outlived its owner until the socket's
    # deleteLater ran; freeing it then deleted that socket a second time, inside its own destructor (a test run
    # aborted that way in the next test's event processing).
    import threading

    import shiboken6

    server, got = _listening(tmp_path / "w.ikdb")
    answers, release = [], threading.Event()
    asker = _ask_in_thread(tmp_path / "w.ikdb", b'{"open": []}\n', answers, stay=release)
    qtbot.waitUntil(lambda: bool(got) and bool(answers), timeout=5000)
    inner = server._server
    server.close()
    del server
    freed = not shiboken6.isValid(inner)
    release.set()
    asker.join(5)
    qapp.processEvents()
    assert freed


@pytest.mark.skipif(sys.platform == "win32", reason="Unix socket client")
def test_a_malformed_message_is_ignored_and_opens_nothing(qapp, qtbot, tmp_path):
    server, got = _listening(tmp_path / "w.ikdb")
    answers = []
    _ask_in_thread(tmp_path / "w.ikdb", b'{"open": "rm -rf /"}\n', answers)
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    server.close()
    assert got == []
    assert answers[0] == b"" or isinstance(answers[0], OSError)  # hung up on, never "ok"


def test_a_socket_left_by_a_crashed_app_is_no_running_app(qapp, tmp_path):
    import socket

    stale = instance.address(tmp_path / "w.ikdb")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(stale)
    sock.close()  # the file stays, nobody listens: as after a crash
    assert instance.hand_over(tmp_path / "w.ikdb", []) is False
    server = instance.InstanceServer()
    assert server.listen(tmp_path / "w.ikdb")  # and the next app takes the name over
    server.close()


def test_server_names_differ_by_workspace_and_fit_a_socket_path(tmp_path):
    a, b = instance.server_name(tmp_path / "a.ikdb"), instance.server_name(tmp_path / "b.ikdb")
    assert a != b and len(a) < 60
    assert instance.server_name(tmp_path / "." / "a.ikdb") == a


def test_window_icon_has_every_size(qapp):
    icon = app_module.app_icon()
    sizes = sorted(s.width() for s in icon.availableSizes())
    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]


def test_each_icon_rendering_is_the_size_its_name_says(qapp):
    # app_icon gives QIcon each file's size from its name instead of letting it read the file.
    from PySide6.QtGui import QImageReader

    from interview_kit import package_data

    for png in package_data.icon_files():
        size = QImageReader(str(png)).size()
        assert (size.width(), size.height()) == (package_data.icon_side(png),) * 2, png.name


def test_two_users_of_one_workspace_get_different_server_names(tmp_path, monkeypatch):
    a = instance.server_name(tmp_path / "shared.ikdb")
    monkeypatch.setattr(instance, "_user", lambda: "another-user")
    assert instance.server_name(tmp_path / "shared.ikdb") != a


@pytest.mark.parametrize("locale, paper", [
    (QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "letter"),
    (QLocale(QLocale.Language.French, QLocale.Country.Canada), "letter"),
    (QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom), "a4"),
    (QLocale(QLocale.Language.German, QLocale.Country.Germany), "a4"),
    (QLocale(QLocale.Language.Japanese, QLocale.Country.Japan), "a4"),
])
def test_default_paper_follows_qt_locale(qapp, locale, paper):
    from interview_kit.ui.context import locale_paper

    before = QLocale()
    QLocale.setDefault(locale)
    try:
        assert locale_paper() == paper
    finally:
        QLocale.setDefault(before)


def test_a_chosen_paper_wins_over_the_locale(app_context, demo_path):
    ctx = app_context(demo_path)
    ctx.settings.setValue("pdf/paper", "letter")
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        assert ctx.paper == "letter"
    finally:
        QLocale.setDefault(QLocale.system())


@pytest.fixture
def handler(qapp, monkeypatch):
    shown = []
    monkeypatch.setattr(errors.ErrorDialog, "exec", lambda self: shown.append(self) or 0)
    errors.install(None)
    logs.setup()
    yield errors, shown
    errors.uninstall()
    for hd in list(logs.log.handlers):
        if isinstance(hd, logs.RotatingLog):
            logs.log.removeHandler(hd)
            hd.close()


def raised(exc):
    try:
        raise exc
    except type(exc) as e:
        return type(e), e, e.__traceback__


def test_an_uncaught_bug_shows_a_dialog_and_goes_to_the_log(handler):
    h, shown = handler
    h.handle(*raised(KeyError("candidate 'Zoë <b>&</b>'")))
    [dialog] = shown
    assert "KeyError" in dialog.message.text() and "saved" in dialog.message.text()
    assert "Traceback" in dialog.detail_text and "interview-kit" in dialog.detail_text
    assert "KeyError" in logs.log_file().read_text("utf-8")


def test_copy_details_puts_the_traceback_on_the_clipboard(handler):
    h, shown = handler
    h.handle(*raised(RuntimeError("boom")))
    shown[0].copy_button.click()
    assert "RuntimeError: boom" in QApplication.clipboard().text()


def test_open_log_folder_opens_the_log_folder(handler, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    h, shown = handler
    h.handle(*raised(RuntimeError("boom")))
    shown[0].log_button.click()
    assert opened == [str(logs.log_dir())]


def test_a_user_error_is_a_plain_warning_not_a_crash(handler, monkeypatch):
    from interview_kit.errors import UserError

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    h, shown = handler
    h.handle(*raised(UserError("no round called 'Ärzte'")))
    assert warned == ["no round called 'Ärzte'"] and shown == []


def test_a_bug_in_a_worker_thread_is_shown_by_the_gui_thread(handler, qtbot):
    h, shown = handler

    class Bad(QRunnable):
        def run(self):
            try:
                raise ValueError("worker failed")
            except ValueError as e:
                h.handle(type(e), e, e.__traceback__)

    QThreadPool.globalInstance().start(Bad())
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "worker failed" in shown[0].message.text()


def test_macos_file_open_events_reach_the_window_even_before_it_exists(qapp, tmp_path):
    from PySide6.QtGui import QFileOpenEvent

    opener = app_module.FileOpenEvents()
    opener.watch(qapp)  # (the application made by the tests: the filter)
    early = tmp_path / "Scores — Ana María.ikit"
    QApplication.sendEvent(qapp, QFileOpenEvent(str(early)))
    assert opener.take_pending() == [early]
    got = []
    opener.target = got.append
    late = tmp_path / "Panel 2.ikdb"
    QApplication.sendEvent(qapp, QFileOpenEvent(str(late)))
    assert got == [[late]] and opener.take_pending() == []
    qapp.removeEventFilter(opener._filter)


MAC_APPLICATION = """
import sys
from pathlib import Path
sys.platform = "darwin"  # what make_application asks; Qt itself runs offscreen
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from interview_kit.ui import app as app_module

opener = app_module.FileOpenEvents()
app = app_module.make_application(opener)
QApplication.sendEvent(app, QFileOpenEvent(sys.argv[1]))
print(opener.take_pending() == [Path(sys.argv[1])], type(app).__name__, opener._filter is None)
"""


def test_on_macos_the_application_itself_takes_file_open_events_without_a_filter(tmp_path):
    # An application-wide Python filter would cost every start ~50 ms (see make_application).
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", MAC_APPLICATION, str(tmp_path / "Kit — Zoë.ikit")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "MacApplication", "True"]  # taken, by the application, no filter


def test_opening_a_kit_in_the_window_imports_it_and_shows_its_round(demo_window, library, tmp_path,
                                                                   monkeypatch):
    from interview_kit import demo

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    with Workspace.open(tmp_path / "lead.ikdb") as lead:
        demo.build_demo(lead, library)
    kit = tmp_path / "Kit for Dr. Nguyễn & team.ikit"
    rnd = kit_of(tmp_path / "lead.ikdb", kit)
    Workspace.open(tmp_path / "empty.ikdb").close()
    assert demo_window.switch_to(tmp_path / "empty.ikdb")
    app_module.open_in_window(demo_window, [kit])
    assert demo_window.selected_round_id() == rnd.id
    assert [r.id for r in demo_window.ctx.workspace.rounds()] == [rnd.id]
