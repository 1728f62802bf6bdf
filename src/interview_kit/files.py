"""Every file interview-kit writes goes through here: a temporary file in the same folder, flushed and fsynced,
mode 0600, then renamed onto the target. A crash, a full disk or a size limit leaves the old file or the new
one, never half of one (SQLite's own habit for its journal, applied to our outputs).

Why not write in place: a failed write would destroy the previous report or packet the user still has.
Why 0600: reports and packets carry candidates' names and panel notes; they are the user's to share.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from .errors import UserError

MODE = 0o600


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_beside(target: Path, suffix: str = ".tmp") -> Path:
    """An empty temporary file in ``target``'s folder (so a rename onto ``target`` is atomic), mode 0600."""
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    except OSError as e:
        raise UserError(f"could not write {target}: {e.strerror or e}") from None
    os.close(fd)
    return Path(tmp)


def finish(tmp: Path, mode: int = MODE) -> None:
    """Make a written temporary file durable (fsync) and give it ``mode``, before it is renamed or linked."""
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.chmod(tmp, mode)


def place_new(tmp: Path, target: Path, *, mode: int = MODE) -> bool:
    """Put a finished temporary file (beside ``target``) in place only if ``target`` does not exist yet: fsync,
    ``mode``, then a hard link, which creates atomically or fails. Returns False, leaving ``target`` alone, when
    a file is already there (another process won the race). The caller removes ``tmp``."""
    finish(tmp, mode)
    try:
        os.link(tmp, target)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links (FAT, some network shares): a rename if still free
        if target.exists():
            return False
        os.replace(tmp, target)
    _fsync_dir(target.parent)
    return True


@contextmanager
def atomic_path(target: str | os.PathLike, *, mode: int = MODE):
    """Yield a temporary path beside ``target`` for a writer that wants a path (reportlab, SQLite's backup);
    on success the file is fsynced, given ``mode`` and renamed onto ``target``; on any failure it is removed
    and ``target`` is untouched. OSError becomes a UserError that names the file."""
    target = Path(target)
    tmp_path = temp_beside(target)
    try:
        yield tmp_path
        finish(tmp_path, mode)
        os.replace(tmp_path, target)
    except OSError as e:
        tmp_path.unlink(missing_ok=True)
        raise UserError(f"could not write {target}: {e.strerror or e}") from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def write_atomic(target: str | os.PathLike, data: bytes | Callable[[], bytes], *, mode: int = MODE) -> Path:
    """Write ``data`` (bytes, or a function that makes them) to ``target`` atomically; see the module note."""
    target = Path(target)
    with atomic_path(target, mode=mode) as tmp:
        with open(tmp, "wb") as f:
            f.write(data() if callable(data) else data)
    return target
