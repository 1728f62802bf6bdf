"""One running app per workspace: a second start hands its files to the running one and raises its window.

The running app listens on a local socket (``QLocalServer``: a Unix socket, a named pipe on Windows) whose
name is derived from the user and the workspace's path, so two users on one machine, or one user with two
workspaces open, never meet. A new start first tries to connect: if someone answers, it sends the files to open
as one JSON line, waits for ``ok`` and exits; otherwise it opens the workspace itself and starts listening.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ..logs import log

CONNECT_MS = 500
REPLY_MS = 3000
MAX_MESSAGE = 64 * 1024


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (a container with an unknown uid)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def server_name(workspace: Path) -> str:
    """Stable for a (user, workspace) pair; short, since a Unix socket path is limited to about 100 bytes."""
    key = f"{_user()}\0{Path(workspace).expanduser().resolve()}"
    if sys.platform == "win32":
        key = key.lower()  # one file, however its path is cased
    return "interview-kit-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def hand_over(workspace: Path, files: list[Path]) -> bool:
    """Send ``files`` to the app running on ``workspace`` and ask it to raise its window. False when no app
    answers (then this process opens the workspace itself)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(workspace))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = json.dumps({"open": [str(Path(f).resolve()) for f in files]}) + "\n"
    socket.write(message.encode("utf-8"))
    ok = True
    while ok and socket.bytesToWrite():  # (returns False when there is nothing left to write, so ask first)
        ok = socket.waitForBytesWritten(REPLY_MS)
    while ok and not socket.canReadLine():
        ok = socket.waitForReadyRead(REPLY_MS)
    answered = ok and bytes(socket.readLine()).strip() == b"ok"
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts on the current workspace; emits the files they were asked to open."""

    files_received = Signal(list)  # list[Path]; empty: just raise the window

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.name = ""

    def listen(self, workspace: Path) -> bool:
        """(Re)listen under ``workspace``'s name. A socket file left by a crashed app is removed first: we only
        get here after nobody answered on it, and we hold the workspace's lock."""
        if self._server.isListening():
            self._server.close()
        self.name = server_name(workspace)
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
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if socket.bytesAvailable() > MAX_MESSAGE:
            socket.abort()
            return
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine())
        try:
            files = [Path(f) for f in json.loads(line.decode("utf-8"))["open"] if isinstance(f, str)]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            log.warning("ignored a malformed message on %s", self.name)
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        log.info("another start handed over %d file(s)", len(files))
        self.files_received.emit(files)
