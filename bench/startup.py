"""Time from process start to the first painted main window on the demo workspace, against a bare PySide6
QMainWindow process measured the same way in the same run.

Each child process installs an event filter before the window exists, and exits as soon as a main window
receives its first Paint event; the parent times the whole process from spawn to exit.
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
RUNS = 5

_QUIT_ON_FIRST_PAINT = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            os._exit(0)
        return False
_filter = FirstPaint()
app.installEventFilter(_filter)
"""

APP = _QUIT_ON_FIRST_PAINT + """
from pathlib import Path
from interview_kit.ui.app import run
run(db=Path(sys.argv[1]), extra_banks=[])
"""

BARE = _QUIT_ON_FIRST_PAINT + """
w = QMainWindow()
w.resize(1280, 800)
w.show()
app.exec()
"""


def time_child(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(ROOT / "src"))
    # An installed app runs from cached bytecode; let the warm-up run write it, as a user's first start does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.ikdb"
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), INTERVIEW_KIT_DATA_DIR=tmp)
        subprocess.run([sys.executable, "-m", "interview_kit.cli", "--db", str(db), "demo"], env=env, check=True,
                       capture_output=True)
        os.environ["INTERVIEW_KIT_DATA_DIR"] = tmp
        time_child(BARE)  # warm the OS file cache for both
        time_child(APP, str(db))
        ours, bare = [], []
        for _ in range(RUNS):
            bare.append(time_child(BARE))
            ours.append(time_child(APP, str(db)))
    ours_ms = statistics.median(ours) * 1000
    bare_ms = statistics.median(bare) * 1000
    print(f"interview-kit main window  median {ours_ms:.0f} ms  (runs: {', '.join(f'{t * 1000:.0f}' for t in ours)})")
    print(f"bare PySide6 QMainWindow   median {bare_ms:.0f} ms  (runs: {', '.join(f'{t * 1000:.0f}' for t in bare)})")
    print(json.dumps({"name": "startup_to_first_paint", "value": round(ours_ms, 1), "unit": "ms",
                      "baseline": round(bare_ms, 1), "ratio": round(ours_ms / bare_ms, 3)}))


if __name__ == "__main__":
    main()
