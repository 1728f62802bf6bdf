"""The app's log: a rotating file in the platform's log folder, and standard streams that always exist.

A windowed build (Windows ``InterviewKit.exe``, a macOS app started from Finder) has no console: there
``sys.stdout`` and ``sys.stderr`` are None and any ``print(..., file=sys.stderr)`` would raise. ``ensure_streams``
puts a harmless stream in their place first thing, and the log file keeps what would have gone there.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from pathlib import Path

import platformdirs

from . import paths

LOG_NAME = "interview-kit.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

log = logging.getLogger("interview_kit")


class RotatingLog(logging.FileHandler):
    """The log file, rotated by size (``interview-kit.log`` → ``.1`` → … → ``.BACKUPS``, the oldest dropped).

    Not ``logging.handlers.RotatingFileHandler``: that module brings sockets, pickle and queues with it, about
    5 ms of a start-up whose first paint is measured against a bare window (bench/startup.py)."""

    def __init__(self, path: Path, max_bytes: int, backups: int):
        super().__init__(path, encoding="utf-8", delay=False)
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() + len(self.format(record)) + 1 > self.max_bytes:
                self._rotate()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _rotate(self) -> None:
        self.stream.close()
        self.stream = None
        base = Path(self.baseFilename)
        for i in range(self.backups - 1, 0, -1):
            older = base.with_name(f"{base.name}.{i}")
            if older.exists():
                os.replace(older, base.with_name(f"{base.name}.{i + 1}"))
        if self.backups > 0:
            os.replace(base, base.with_name(f"{base.name}.1"))
        else:
            base.unlink(missing_ok=True)
        self.stream = self._open()


def log_dir() -> Path:
    """platformdirs' user log folder (``~/.local/state/interview-kit/log`` on Linux, ``~/Library/Logs/
    interview-kit`` on macOS, ``%LOCALAPPDATA%\\interview-kit\\Logs`` on Windows); under the data folder when
    ``INTERVIEW_KIT_DATA_DIR`` moves everything (tests, portable installs)."""
    if os.environ.get(paths.DATA_DIR_ENV):
        return paths.data_dir() / "logs"
    return Path(platformdirs.user_log_dir(paths.APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_NAME


class _LogStream(io.TextIOBase):
    """Stands in for a missing stderr/stdout: what is written goes to the log, line by line."""

    def __init__(self, level: int):
        self._level = level
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            if line.strip():
                log.log(self._level, "%s", line)
        return len(text)

    @property
    def encoding(self) -> str:
        return "utf-8"


def ensure_streams() -> None:
    """Give a windowed process (no console) a stdout and stderr that exist: writes land in the log."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    if setup() is None:  # no log file either: what is written goes nowhere, but nothing raises
        log.addHandler(logging.NullHandler())
    log.propagate = False  # never to logging's last-resort handler, which writes to sys.stderr
    if sys.stdout is None:
        sys.stdout = _LogStream(logging.INFO)
    if sys.stderr is None:
        sys.stderr = _LogStream(logging.WARNING)


def setup() -> Path | None:
    """Log to the rotating file (1 MB, 3 old files kept). Returns its path, or None if it cannot be written
    (a read-only home): the app still runs, it just keeps no log."""
    target = log_file()
    for handler in [h for h in log.handlers if isinstance(h, RotatingLog)]:
        if Path(handler.baseFilename) == target.absolute():
            return target
        log.removeHandler(handler)  # the data folder moved (INTERVIEW_KIT_DATA_DIR): follow it
        handler.close()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingLog(target, MAX_BYTES, BACKUPS)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return target
