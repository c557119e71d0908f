"""Work that must not freeze the window: reading a file, loading a saved filing, importing a folder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, Signal

from ..errors import Form4ViewerError

log = logging.getLogger(__name__)


class _TaskSignals(QObject):
    done = Signal(object)  # the task's result
    failed = Signal(str)  # a message naming the file and the problem


class Task(QRunnable):
    """Run `work()` on the thread pool; `signals.done(result)` or `signals.failed(message)` arrive on the UI thread.
    `what` names the file in messages about failures that are bugs rather than bad input."""

    def __init__(self, work: Callable[[], Any], what: str) -> None:
        from ..readers import shown_name

        super().__init__()
        self.work = work
        self.what = shown_name(what)  # bytes of a name that are not UTF-8 as \xff: Qt would drop them
        self.signals = _TaskSignals()
        # Python keeps the task (and its signals) alive until its answer is delivered; see MainWindow._run.
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work()
        except Form4ViewerError as exc:
            self._emit(self.signals.failed, str(exc))
        except MemoryError:
            self._emit(self.signals.failed, f"{self.what}: not enough memory to read it")
        except Exception as exc:  # a reader bug: say so plainly, log the details for a bug report
            log.exception("unexpected error with %s", self.what)
            self._emit(self.signals.failed, f"{self.what}: could not be read ({type(exc).__name__}: {exc})")
        else:
            self._emit(self.signals.done, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the application quit while this ran: nobody is left to tell
            log.debug("task finished after the window closed")


def read_file(path: str, password: str | None = None) -> tuple[Any, bytes]:
    """Read a file in the reading process and wait for it (call this on a worker thread)."""
    from .reading import result_of, start_reading

    return result_of(start_reading(path, password))


class ImportThread(QThread):
    """Import files and folders into the SQLite file with a connection of its own (SQLite connections stay on the
    thread that made them). Cancelling stops after the file being read."""

    progress = Signal(int, int, str)  # done, total, file name
    finished_import = Signal(object)  # list of ImportOutcome
    failed = Signal(str)

    def __init__(self, db_path: str, paths: list[str], jobs: int | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.paths = paths
        self.jobs = jobs
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def run(self) -> None:
        from ..importer import import_paths
        from ..store import Store

        try:
            store = Store.open(self.db_path)
        except Form4ViewerError as exc:
            self.failed.emit(str(exc))
            return
        try:
            # Each file has the import's time budget. A few files are read on this thread, where no timer can
            # interrupt a reading (only the readers' check_time() checkpoints end a slow one); many are read in
            # worker processes, where the timer stops a slow file wherever it is. The workers end with this
            # process however it ends.
            outcomes = import_paths(
                store,
                self.paths,
                jobs=self.jobs,
                progress=lambda done, total, outcome: self.progress.emit(done, total, outcome.path or ""),
                cancelled=lambda: self._cancel,
            )
        except Form4ViewerError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:
            log.exception("import failed")
            self.failed.emit(f"{self.db_path}: the import stopped ({type(exc).__name__}: {exc})")
            return
        finally:
            store.close()
        self.finished_import.emit(outcomes)
