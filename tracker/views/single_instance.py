"""One window per ledger on a PC: a second start brings the first window to the front.

A local socket (a named pipe on Windows) is only visible on this computer; nothing goes over
the network.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_MESSAGE = b"activate"


def instance_key(location: str) -> str:
    """A name shared by every start of the program on the same ledger by the same user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    digest = hashlib.sha1(f"{user}\n{location}".encode()).hexdigest()[:16]
    return f"duban-tracker-{digest}"


class SingleInstance(QObject):
    """Finds a running copy, or becomes the one others find.

    Signals:
        activated: another start asked this copy to come to the front.
    """

    activated = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        # Owned by the application unless told otherwise: Qt objects must not outlive it.
        super().__init__(parent if parent is not None else QCoreApplication.instance())
        self._key = key
        self._server: QLocalServer | None = None

    def notify_running(self, timeout_ms: int = 500) -> bool:
        """Ask a running copy to come to the front; True when one answered."""
        socket = QLocalSocket(self)
        try:
            socket.connectToServer(self._key)
            if not socket.waitForConnected(timeout_ms):
                return False
            socket.write(_MESSAGE)
            socket.flush()
            socket.waitForBytesWritten(timeout_ms)
            socket.disconnectFromServer()
            return True
        finally:
            socket.abort()
            socket.deleteLater()

    def listen(self) -> bool:
        """Start answering later starts; False when the name could not be taken."""
        QLocalServer.removeServer(self._key)  # a stale socket left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._key):
            return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        return True

    def close(self) -> None:
        """Stop answering."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_new_connection(self) -> None:
        assert self._server is not None
        connection = self._server.nextPendingConnection()
        if connection is None:
            return
        connection.readyRead.connect(self._on_ready_read)
        connection.disconnected.connect(connection.deleteLater)
        if connection.bytesAvailable():
            self._read(connection)

    def _on_ready_read(self) -> None:
        connection = self.sender()
        if isinstance(connection, QLocalSocket):
            self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if _MESSAGE in bytes(connection.readAll().data()):
            self.activated.emit()
