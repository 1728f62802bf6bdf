"""One running app per workspace: a second start hands its files to the running one and raises its window.

The running app listens on a local socket (``QLocalServer``: a Unix socket in the temp folder, a named pipe on
Windows) whose name is derived from the user and the workspace's path, so two users on one machine, or one user
with two workspaces open, never meet. A new start first tries to connect: if someone answers, it sends the files
to open as one JSON line, waits for ``ok`` and exits; otherwise it opens the workspace itself and starts
listening just after its first paint.

On Unix the asking side is a plain ``socket`` connection rather than a ``QLocalSocket``: loading QtNetwork costs
about 60 ms, which every start would pay before its window appears.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCryptographicHash, QObject, Signal

from ..logs import log

CONNECT_MS = 500
REPLY_MS = 3000
MAX_MESSAGE = 64 * 1024


def _user() -> str:
    """Who runs this start: the user id on Unix (what separates two users' sockets), the login name on Windows.
    Not getpass or hashlib (below): together they cost the first paint ~4 ms."""
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return os.environ.get("USERNAME") or "user"


def server_name(workspace: Path) -> str:
    """Stable for a (user, workspace) pair; short, since a Unix socket path is limited to about 100 bytes."""
    key = f"{_user()}\0{Path(workspace).expanduser().resolve()}"
    if sys.platform == "win32":
        key = key.lower()  # one file, however its path is cased
    digest = QCryptographicHash.hash(key.encode("utf-8"), QCryptographicHash.Algorithm.Sha256)
    return "interview-kit-" + bytes(digest.toHex()).decode("ascii")[:20]


def address(workspace: Path) -> str:
    """What QLocalServer listens on: a full socket path on Unix (so both sides agree on the folder), the pipe
    name on Windows."""
    name = server_name(workspace)
    return name if sys.platform == "win32" else os.path.join(tempfile.gettempdir(), name)


def hand_over(workspace: Path, files: list[Path]) -> bool:
    """Send ``files`` to the app running on ``workspace`` and ask it to raise its window. False when no app
    answers (then this process opens the workspace itself)."""
    message = (json.dumps({"open": [str(Path(f).resolve()) for f in files]}) + "\n").encode("utf-8")
    if sys.platform == "win32":
        return _hand_over_qt(address(workspace), message)
    return _hand_over_unix(address(workspace), message)


def _hand_over_unix(path: str, message: bytes) -> bool:
    if not os.path.exists(path):
        return False
    import socket  # only when an app may be listening: most starts find no socket file

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_MS / 1000)
            sock.connect(path)  # a socket left by a crashed app refuses: then we are the app
            sock.settimeout(REPLY_MS / 1000)
            sock.sendall(message)
            reply = b""
            while not reply.endswith(b"\n") and len(reply) < 64:
                chunk = sock.recv(64)
                if not chunk:
                    break
                reply += chunk
    except OSError:
        return False
    return reply.strip() == b"ok"


def _hand_over_qt(name: str, message: bytes) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(CONNECT_MS):
        return False
    sock.write(message)
    ok = True
    while ok and sock.bytesToWrite():  # (returns False when there is nothing left to write, so ask first)
        ok = sock.waitForBytesWritten(REPLY_MS)
    while ok and not sock.canReadLine():
        ok = sock.waitForReadyRead(REPLY_MS)
    answered = ok and bytes(sock.readLine()).strip() == b"ok"
    sock.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts on the current workspace; emits the files they were asked to open."""

    files_received = Signal(list)  # list[Path]; empty: just raise the window

    def __init__(self, parent: QObject | None = None):
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.name = ""

    def listen(self, workspace: Path) -> bool:
        """(Re)listen under ``workspace``'s name. A socket file left by a crashed app is removed first: we only
        get here after nobody answered on it, and we hold the workspace's lock."""
        from PySide6.QtNetwork import QLocalServer

        if self._server.isListening():
            self._server.close()
        self.name = address(workspace)
        if self._server.listen(self.name):
            log.info("listening for files to open on %s (%s)", self.name, workspace)
            return True
        QLocalServer.removeServer(self.name)
        listening = self._server.listen(self.name)
        if listening:
            log.info("listening for files to open on %s (%s)", self.name, workspace)
        else:
            log.warning("cannot listen on %s: %s", self.name, self._server.errorString())
        return listening

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            # A bound method, not a lambda holding self: the connection would keep this server alive in a
            # reference cycle (server → socket → slot → server) until a garbage collection deletes it at an
            # unforeseen moment, possibly in the middle of delivering one of its sockets' events.
            conn.readyRead.connect(self._ready_read)
            conn.disconnected.connect(conn.deleteLater)

    def _ready_read(self) -> None:
        self._read(self.sender())

    def _read(self, conn) -> None:
        if conn.bytesAvailable() > MAX_MESSAGE:
            conn.abort()
            return
        if not conn.canReadLine():
            return
        line = bytes(conn.readLine())
        try:
            requested = json.loads(line.decode("utf-8"))["open"]
            if not isinstance(requested, list) or not all(isinstance(f, str) for f in requested):
                raise TypeError("open: not a list of paths")
            files = [Path(f) for f in requested]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            log.warning("ignored a malformed message on %s", self.name)
            conn.abort()
            return
        conn.write(b"ok\n")
        conn.flush()
        log.info("another start handed over %d file(s)", len(files))
        self.files_received.emit(files)
