"""Start the desktop app (or render one screen to a PNG for --screenshot).

Start-up order: the log; the QApplication with its desktop id; if another app already runs on the
same workspace, hand it the files and stop; check the installation; open the workspace (its lock); listen for
later starts; show the window; just after its first paint, the window icon, then the files given (a packet is
imported, a workspace opened).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from .. import __version__, logs, paths
from ..errors import UserError

DESKTOP_ID = "org.interviewkit.InterviewKit"
#: bench/startup.py sets this to time a frozen bundle, where it cannot inject code: exit at the first paint.
FIRST_PAINT_ENV = "INTERVIEW_KIT_EXIT_ON_FIRST_PAINT"
#: What runs "just after the first paint" waits this long after the window is shown.
FIRST_PAINT_MS = 50
#: A start racing another (both found nobody listening) waits this long for the winner to listen.
HAND_OVER_WAIT_S = 5.0


def run(*, db: Path | None, extra_banks: list[Path], screenshot: Path | None = None, view: str = "rounds",
        open_files: list[Path] | None = None) -> int:
    # The core first: once PySide6 is loaded, it reads the source of every module imported after it (looking
    # for its `__feature__` switches), ~0.1 ms a module.
    from .. import package_data
    from ..store import Workspace, WorkspaceBusyError

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from . import defs, instance
    from .context import AppContext
    from .main_window import MainWindow

    log_path = logs.setup()
    opener = FileOpenEvents()
    app = QApplication.instance()
    if app is None:
        app = make_application(opener)
    elif sys.platform == "darwin":
        opener.watch(app)  # an application made by someone else (a test, a bench): the slower way, a filter
    app.setApplicationName("interview-kit")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(paths.APP_ORG)
    app.setDesktopFileName(DESKTOP_ID)

    files = [Path(f).expanduser().resolve() for f in open_files or []]
    workspaces = [f for f in files if f.suffix.lower() == ".ikdb"]
    path = workspaces[-1] if workspaces else (db or paths.default_workspace())
    if screenshot is None and instance.hand_over(path, files):
        logs.log.info("handed %d file(s) to the app already running on %s", len(files), path)
        return 0

    if screenshot is not None:
        package_data.require_bundled_banks()  # (an interactive start checks just after its first paint)

    first_run = db is None and not workspaces and not path.exists()
    try:
        ws = Workspace.open(path)
    except WorkspaceBusyError as e:
        # Another start opened it a moment ago and is about to listen: give it the files.
        deadline = time.monotonic() + HAND_OVER_WAIT_S
        while screenshot is None and time.monotonic() < deadline:
            if instance.hand_over(path, files):
                return 0
            time.sleep(0.2)
        if screenshot is not None:
            raise
        app.setWindowIcon(app_icon())
        QMessageBox.critical(None, "Cannot open workspace", f"{e}\n\nThe file was not changed.")
        return 1
    except UserError as e:
        if screenshot is not None:
            raise
        app.setWindowIcon(app_icon())
        QMessageBox.critical(None, "Cannot open workspace", f"{e}\n\nThe file was not changed.")
        return 1
    logs.log.info("interview-kit %s started on %s (log: %s)", __version__, path, log_path)

    ctx = AppContext(ws, extra_banks=extra_banks)
    window = MainWindow(ctx)
    from . import errors

    errors.install(window)
    if screenshot is not None:
        window.resize(*defs.WINDOW_SIZE)
        window.show()
        window.show_for_screenshot(view)
        for _ in range(3):
            app.processEvents()
        from ..files import atomic_path

        image = window.grab()
        window.close()
        errors.uninstall()
        ctx.close()
        with atomic_path(screenshot) as tmp:
            if not image.save(str(tmp), "PNG"):
                raise UserError(f"could not write the screenshot to {screenshot}")
        return 0

    window.resize(*defs.WINDOW_SIZE)
    window.restore_state()
    if os.environ.get(FIRST_PAINT_ENV):
        _exit_on_first_paint(window)
    window.show()
    window.resume()
    servers = []

    def after_first_paint() -> None:
        # The title bar's and task bar's icon (drawn by the window manager, not in our first paint: reading eight
        # renderings cost the first paint ~2.5 ms).
        app.setWindowIcon(app_icon())
        # Listen for later starts (QtNetwork loads here, not before the window shows), then check the
        # installation, then open the files given.
        server = instance.InstanceServer(window)
        server.listen(ctx.workspace.path)
        ctx.workspace_changed.connect(lambda: server.listen(ctx.workspace.path))
        server.files_received.connect(lambda received: open_in_window(window, received))
        opener.target = lambda received: open_in_window(window, received)
        servers.append(server)
        try:
            package_data.require_bundled_banks()
        except UserError as e:
            print(f"interview-kit: {e}", file=sys.stderr)
            QMessageBox.critical(window, "interview-kit cannot start", str(e))
            app.exit(1)
            return
        if ctx.workspace.me() is None:
            # Before anything else: who is using this copy (their name goes on every score and change).
            from . import identity

            identity.ask_first_name(ctx, window)
        pending = [f for f in files if f.suffix.lower() != ".ikdb"] + opener.take_pending()
        if pending:
            open_in_window(window, pending)
        elif first_run:
            answer = QMessageBox.question(
                window,
                "Welcome to interview-kit",
                f"A new workspace was created at\n{path}\n\nFill it with a demo round (an EHR implementation "
                "analyst round with three candidates, scored by a three-person panel) to look around?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                window.load_demo()

    QTimer.singleShot(FIRST_PAINT_MS, after_first_paint)
    # Load the banks just after the first paint: the builder is then instant, and a bad user bank file is
    # reported at start (status bar and stderr) rather than when someone first opens the builder.
    QTimer.singleShot(200, lambda: ctx.library)
    # Today's rolling backup, read in a worker once the window is up (at most one a day, the last 7 kept).
    from PySide6.QtCore import QThreadPool

    def rolling_backup() -> None:
        from . import backup_actions  # (not before the first paint)

        backup_actions.start_rolling_backup(ctx)

    QTimer.singleShot(1500, rolling_backup)
    ctx.workspace_changed.connect(rolling_backup)
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()
    for server in servers:
        server.close()
    errors.uninstall()
    ctx.close()
    logs.log.info("interview-kit stopped (exit %s)", code)
    return code


def _exit_on_first_paint(window) -> None:
    """Exit at the window's first Paint event. The filter watches the window alone: an application-wide one
    would add its own cost to what it measures (see FileOpenEvents)."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                os._exit(0)
            return False

    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)


def app_icon():
    """The window and task-bar icon, from the PNG renderings shipped as package data."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from ..package_data import icon_files, icon_side

    icon = QIcon()
    for png in icon_files():
        side = icon_side(png)  # given, so that QIcon need not read each file to learn it
        icon.addFile(str(png), QSize(side, side))
    return icon


def open_in_window(window, files: list[Path]) -> None:
    """Open what a file manager, a second start or macOS sent: a workspace is switched to, packets are
    imported (a round kit's round is then shown); then the window comes to the front."""
    raise_window(window)
    workspaces = [Path(f) for f in files if Path(f).suffix.lower() == ".ikdb"]
    packets_ = [Path(f) for f in files if Path(f).suffix.lower() != ".ikdb"]
    if workspaces and not window.switch_to(workspaces[-1]):
        return
    if not packets_:
        return
    missing = [p for p in packets_ if not p.is_file()]
    if missing:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(window, "Open", "Not found: " + ", ".join(str(m) for m in missing))
        packets_ = [p for p in packets_ if p.is_file()]
    before = {r.id for r in window.ctx.workspace.rounds()}
    window.import_packets(packets_)
    new = [r.id for r in window.ctx.workspace.rounds() if r.id not in before]
    if new:
        window.select_round(new[-1])


def raise_window(window) -> None:
    from PySide6.QtCore import Qt

    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def make_application(opener: "FileOpenEvents"):
    """The QApplication. On macOS, files opened from Finder (or dropped on the Dock icon) arrive as a
    QFileOpenEvent sent to the application object: there it is a subclass whose ``event`` hands them to
    ``opener``. Not an application-wide event filter: that makes PySide resolve the Python type of every object
    that gets an event, and the first private Qt class (a table's corner button) makes it build some 170 enum
    types, ~50 ms before the first paint."""
    from PySide6.QtWidgets import QApplication

    if sys.platform != "darwin":
        return QApplication(sys.argv[:1])
    from PySide6.QtCore import QEvent

    class MacApplication(QApplication):
        def event(self, event):
            if event.type() == QEvent.Type.FileOpen and event.file():
                opener.received(Path(event.file()))
                return True
            return super().event(event)

    return MacApplication(sys.argv[:1])


class FileOpenEvents:
    """The files macOS asked to open (QFileOpenEvent). Those that arrive before the window exists are kept until
    it does (``take_pending``); then each goes to ``target``."""

    def __init__(self):
        self._pending: list[Path] = []
        self.target = None
        self._filter = None

    def watch(self, app) -> None:
        """Catch the events with an application-wide filter, for an application this module did not make."""
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class _Filter(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.FileOpen and event.file():
                    outer.received(Path(event.file()))
                    return True
                return False

        self._filter = _Filter(app)
        app.installEventFilter(self._filter)

    def received(self, path: Path) -> None:
        if self.target is None:
            self._pending.append(path)
        else:
            self.target([path])

    def take_pending(self) -> list[Path]:
        pending, self._pending = self._pending, []
        return pending
