"""Work that runs off the UI thread: parsing documents, writing workbooks."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from tracker.errors import UserError


class JobWorker(QObject):
    """Runs one job off the UI thread, reporting progress.

    Signals:
        progressed(int, int): done and total.
        finished(object): the job's result.
        failed(str): a user-facing message.
        crashed(object): an unexpected exception for the exception hook.
    """

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, job: object) -> None:
        super().__init__()
        self._job = job

    @Slot()
    def run(self) -> None:
        """Run the job (which receives a progress callback); exactly one end signal fires."""
        try:
            result = self._job(self.progressed.emit)  # type: ignore[operator]
        except UserError as error:
            self.failed.emit(str(error))
        except Exception as error:
            self.crashed.emit(error)
        else:
            self.finished.emit(result)
