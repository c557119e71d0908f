"""Work that must not freeze the window: reading a file, loading a saved filing, importing a folder."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
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
        super().__init__()
        self.work = work
        self.what = what
        self.signals = _TaskSignals()
        # Python keeps the task (and its signals) alive until its answer is delivered; see MainWindow._run.
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work()
        except Form4ViewerError as exc:
            self.signals.failed.emit(str(exc))
        except MemoryError:
            self.signals.failed.emit(f"{self.what}: not enough memory to read it")
        except Exception as exc:  # a reader bug: say so plainly, log the details for a bug report
            log.exception("unexpected error with %s", self.what)
            self.signals.failed.emit(f"{self.what}: could not be read ({type(exc).__name__}: {exc})")
        else:
            self.signals.done.emit(result)


def read_file(path: str) -> tuple[Any, bytes]:
    """The filing in a file and the bytes it was read from (kept to show and to save with it)."""
    from ..errors import ReadError
    from ..readers import MAX_BYTES, read_bytes

    p = Path(path)
    try:
        if p.is_dir():
            raise ReadError(path, "this is a folder, not a file")
        size = p.stat().st_size
        if size > max(MAX_BYTES.values()):
            raise ReadError(path, f"the file is {size / 1e6:.0f} MB, larger than any filing")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except IsADirectoryError:
        raise ReadError(path, "this is a folder, not a file") from None
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    return read_bytes(data, os.fspath(path)), data


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
        from ..store import Store

        try:
            store = Store.open(self.db_path)
        except Form4ViewerError as exc:
            self.failed.emit(str(exc))
            return
        try:
            outcomes = store.import_paths(
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
