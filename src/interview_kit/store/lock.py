"""The lock that keeps a second running instance of the app out of an open workspace."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from ..errors import WorkspaceError


class WorkspaceBusyError(WorkspaceError):
    """Another running interview-kit holds the workspace (the app then hands its files to that one)."""


class _InstanceLock:
    """An exclusive lock held while the workspace is open, so a second running instance is kept out.

    On POSIX it is ``flock`` on the workspace file itself: flock locks are separate from the byte-range locks
    SQLite uses, so they do not interfere, and nothing is written to the file. Windows byte-range locks are
    mandatory and would block SQLite's own reads, so there the lock is on the first byte of a sidecar file
    (``NAME.lock``) instead. Either way the lock vanishes with the process: a crash never leaves a stale one.
    """

    def __init__(self, path: Path):
        self._fd: int | None = None
        self._sidecar: Path | None = None
        self.path = path

    def _busy(self) -> WorkspaceError:
        return WorkspaceBusyError(f"{self.path} is open in another running interview-kit; close it there first")

    def acquire(self) -> None:
        if sys.platform == "win32":
            self._acquire_windows()
            return
        import fcntl

        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise self._busy() from None
        self._fd = fd

    def _acquire_windows(self) -> None:
        import msvcrt

        sidecar = self.path.with_name(self.path.name + ".lock")
        fd = os.open(sidecar, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise self._busy() from None
        self._fd, self._sidecar = fd, sidecar

    def release(self) -> None:
        if self._fd is None:
            return
        if self._sidecar is not None:
            import msvcrt

            os.lseek(self._fd, 0, os.SEEK_SET)
            msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
        os.close(self._fd)
        self._fd = None
        if self._sidecar is not None:
            with contextlib.suppress(OSError):  # another instance may have it open already; then it stays
                self._sidecar.unlink(missing_ok=True)
            self._sidecar = None
