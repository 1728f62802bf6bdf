"""Time from process start to the first painted main window on the demo workspace, against a bare PySide6
QMainWindow process measured the same way in the same run.

Each child process watches its main window with an event filter and exits at the window's first Paint event
(the app through its INTERVIEW_KIT_EXIT_ON_FIRST_PAINT hook); the parent times the whole process from spawn to
exit.

    python bench/startup.py                  the real `interview-kit` entry point against a bare PySide6 window
                                             (both from the virtualenv)
    python bench/startup.py --bundle [EXE]   the PyInstaller bundle (default dist/interview-kit/interview-kit,
                                             `make bundle`) against the same app run from the virtualenv; both
                                             are the real `interview-kit` entry point, told to exit at first paint
                                             by INTERVIEW_KIT_EXIT_ON_FIRST_PAINT (the bundle cannot take -c code)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15  # each child is a fraction of a second: enough runs to steady the median on a busy machine
BUNDLE_RUNS = 9

#: The bare baseline: a PySide6 main window that exits at its own first Paint event. The filter watches that
#: window alone, as the app's INTERVIEW_KIT_EXIT_ON_FIRST_PAINT hook does: an application-wide Python event
#: filter would itself cost the app ~50 ms (PySide resolves the Python type of every object that gets an event,
#: and the first private Qt class makes it build some 170 enum types), which a user's start never pays.
BARE = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            os._exit(0)
        return False
w = QMainWindow()
w.resize(1280, 800)
_filter = FirstPaint(w)
w.installEventFilter(_filter)
w.show()
app.exec()
"""


def child_env(data_dir: Path) -> dict:
    """The environment both children run in: offscreen, told to exit at the first paint, data in ``data_dir``.
    An installed app runs from cached bytecode, so the children may write it (the warm-up run does, as a
    user's first start does)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), INTERVIEW_KIT_DATA_DIR=str(data_dir),
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), INTERVIEW_KIT_EXIT_ON_FIRST_PAINT="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def app_command(db: Path) -> list[str]:
    """The real entry point on ``db``: the `interview-kit` console script that installing the package writes
    beside this Python (what a user runs), else `python -m interview_kit`."""
    script = Path(sys.executable).with_name("interview-kit")
    entry = [str(script)] if script.is_file() else [sys.executable, "-m", "interview_kit"]
    return [*entry, "--db", str(db)]


BARE_COMMAND = [sys.executable, "-c", BARE]


def time_command(argv: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return elapsed


def alternate(commands: list[tuple[str, list[str], dict]], runs: int) -> list[float]:
    """Each (label, argv, env) run once to warm the OS file cache (and write bytecode), then ``runs`` times in
    turn, so that the machine's load falls on all alike. Prints each one's runs (stderr); returns their medians (seconds),
    in order."""
    for _label, argv, env in commands:
        time_command(argv, env)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for (_label, argv, env), out in zip(commands, times):
            out.append(time_command(argv, env))
    for (label, _argv, _env), out in zip(commands, times):
        print(f"{label:26s} median {statistics.median(out) * 1000:.0f} ms  "
              f"(runs: {', '.join(f'{t * 1000:.0f}' for t in out)})", file=sys.stderr)
    return [statistics.median(out) for out in times]


def bundle_main(exe: Path) -> None:
    if not exe.is_file():
        raise SystemExit(f"no bundle at {exe}: run `make bundle` first")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.ikdb"
        env = child_env(Path(tmp))
        subprocess.run([sys.executable, "-m", "interview_kit", "--db", str(db), "demo"], env=env, check=True,
                       capture_output=True)
        frozen_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}
        venv_s, bundle_s = alternate([("venv    first paint", app_command(db), env),
                                      ("bundle  first paint", [str(exe), "--db", str(db)], frozen_env)], BUNDLE_RUNS)
    bundle_ms, venv_ms = bundle_s * 1000, venv_s * 1000
    print(json.dumps({"name": "bundle_startup_to_first_paint", "value": round(bundle_ms, 1), "unit": "ms",
                      "baseline": round(venv_ms, 1), "ratio": round(bundle_ms / venv_ms, 3)}))


def main() -> None:
    if "--bundle" in sys.argv[1:]:
        rest = [a for a in sys.argv[1:] if a != "--bundle"]
        bundle_main(Path(rest[0]) if rest else ROOT / "dist" / "interview-kit" / "interview-kit")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.ikdb"
        env = child_env(Path(tmp))
        subprocess.run([sys.executable, "-m", "interview_kit.cli", "--db", str(db), "demo"], env=env, check=True,
                       capture_output=True)
        bare_s, ours_s = alternate([("bare PySide6 QMainWindow", BARE_COMMAND, env),
                                    ("interview-kit main window", app_command(db), env)], RUNS)
    ours_ms, bare_ms = ours_s * 1000, bare_s * 1000
    print(json.dumps({"name": "startup_to_first_paint", "value": round(ours_ms, 1), "unit": "ms",
                      "baseline": round(bare_ms, 1), "ratio": round(ours_ms / bare_ms, 3)}))


if __name__ == "__main__":
    main()
