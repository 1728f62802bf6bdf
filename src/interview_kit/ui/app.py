"""Start the desktop app (or render one screen to a PNG for --screenshot)."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import __version__, paths
from ..errors import UserError


def run(*, db: Path | None, extra_banks: list[Path], screenshot: Path | None = None, view: str = "rounds") -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..store import Workspace
    from . import defs
    from .context import AppContext
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("interview-kit")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(paths.APP_ORG)
    app.setDesktopFileName("org.interviewkit.InterviewKit")

    path = db or paths.default_workspace()
    first_run = db is None and not path.exists()
    try:
        ws = Workspace.open(path)
    except UserError as e:
        if screenshot is not None:
            raise
        QMessageBox.critical(None, "Cannot open workspace", f"{e}\n\nThe file was not changed.")
        return 1

    ctx = AppContext(ws, extra_banks=extra_banks)
    window = MainWindow(ctx)
    from . import errors

    errors.install(window)
    if screenshot is None and ws.me() is None:
        # Before anything else: who is using this copy (their name goes on every score and change).
        from . import identity

        identity.ask_first_name(ctx, window)
    if first_run and screenshot is None:
        answer = QMessageBox.question(
            None,
            "Welcome to interview-kit",
            f"A new workspace was created at\n{path}\n\nFill it with a demo round (an EHR implementation analyst "
            "round with three candidates, scored by a three-person panel) to look around?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            window.load_demo()

    if screenshot is not None:
        window.resize(*defs.WINDOW_SIZE)
        window.show()
        window.show_for_screenshot(view)
        for _ in range(3):
            app.processEvents()
        from ..files import atomic_path

        image = window.grab()
        window.close()
        ctx.close()
        with atomic_path(screenshot) as tmp:
            if not image.save(str(tmp), "PNG"):
                raise UserError(f"could not write the screenshot to {screenshot}")
        return 0
    window.resize(*defs.WINDOW_SIZE)
    window.restore_state()
    window.show()
    window.resume()
    # Load the banks just after the first paint: the builder is then instant, and a bad user bank file is
    # reported at start (status bar and stderr) rather than when someone first opens the builder.
    QTimer.singleShot(200, lambda: ctx.library)
    # Today's rolling backup, read in a worker once the window is up (at most one a day, the last 7 kept).
    from PySide6.QtCore import QThreadPool

    from . import backup_actions

    QTimer.singleShot(1500, lambda: backup_actions.start_rolling_backup(ctx))
    ctx.workspace_changed.connect(lambda: backup_actions.start_rolling_backup(ctx))
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()
    ctx.close()
    return code
