"""Work that runs off the UI thread (parsing documents, writing workbooks, reaching a server).

One :class:`BackgroundRunner` per window or dialog runs one job at a time: the job gets a
progress callback, its result comes back on the UI thread, a :class:`~tracker.errors.UserError`
becomes a message and anything else reaches the exception hook. No session crosses threads:
jobs call services, which open their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from tracker import APP_NAME
from tracker.errors import UserError

Progress = Callable[[int, int], None]
Job = Callable[[Progress], object]


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

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    @Slot()
    def run(self) -> None:
        """Run the job (which receives a progress callback); exactly one end signal fires."""
        try:
            result = self._job(self.progressed.emit)
        except UserError as error:
            self.failed.emit(str(error))
        except Exception as error:
            self.crashed.emit(error)
        else:
            self.finished.emit(result)


@dataclass
class _Running:
    thread: QThread
    worker: JobWorker
    progress: QProgressDialog | None
    on_done: Callable[[Any], None]
    on_failed: Callable[[str], None] | None
    on_crashed: Callable[[BaseException], None] | None


class BackgroundRunner(QObject):
    """Runs one job at a time off the UI thread, with a progress dialog over ``parent``.

    Signals:
        busy_changed(bool): a job started (True) or ended (False).
        refused(str): a job was asked for while another runs (a status-bar message).
    """

    busy_changed = Signal(bool)
    refused = Signal(str)

    def __init__(self, parent: QWidget, report_error: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._report_error = report_error
        self._running: _Running | None = None

    @property
    def busy(self) -> bool:
        """Whether a job is running."""
        return self._running is not None

    def run(
        self,
        job: Job,
        on_done: Callable[[Any], None],
        *,
        message: str | None = None,
        on_failed: Callable[[str], None] | None = None,
        on_crashed: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Start ``job``; False (and ``refused``) when another job is running.

        ``message`` shows a progress dialog (after 0.4 s); ``on_failed`` gets a user error's
        message (default: shown to the clerk); ``on_crashed`` an unexpected exception (default:
        raised on the UI thread, for the exception hook).
        """
        if self._running is not None:
            self.refused.emit("上一项工作尚未完成,请稍候。")
            return False
        progress = None
        if message is not None:
            progress = QProgressDialog(message, "", 0, 0, self._parent)
            progress.setWindowTitle(APP_NAME)
            progress.setCancelButton(None)
            progress.setMinimumDuration(400)
            progress.setWindowModality(Qt.WindowModality.WindowModal)
        thread = QThread(self)
        worker = JobWorker(job)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Bound slots of this object: they run on the UI thread, whatever thread emits.
        worker.progressed.connect(self._on_progressed)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.crashed.connect(self._on_crashed)
        self._running = _Running(thread, worker, progress, on_done, on_failed, on_crashed)
        self.busy_changed.emit(True)
        thread.start()
        return True

    def wait(self, milliseconds: int = 30_000) -> None:
        """Let a running job finish (when the window closes); its result is dropped."""
        if self._running is not None:
            self._running.thread.wait(milliseconds)
            self._end()

    def _end(self) -> _Running | None:
        running, self._running = self._running, None
        if running is None:
            return None
        if running.progress is not None:
            running.progress.close()
        running.thread.quit()
        running.thread.wait()
        running.worker.deleteLater()
        running.thread.deleteLater()
        self.busy_changed.emit(False)
        return running

    @Slot(int, int)
    def _on_progressed(self, done: int, total: int) -> None:
        running = self._running
        if running is not None and running.progress is not None and total:
            running.progress.setMaximum(total)
            running.progress.setValue(min(done, total))

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        running = self._end()
        if running is not None:
            running.on_done(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        running = self._end()
        if running is not None and running.on_failed is not None:
            running.on_failed(message)
        else:
            self._report_error(message)

    @Slot(object)
    def _on_crashed(self, error: BaseException) -> None:
        running = self._end()
        if running is not None and running.on_crashed is not None:
            running.on_crashed(error)
            return
        raise error
