"""Start the window: `run(path, db_path, screenshot)`, called by `form4viewer [FILE] [--db DB] [--screenshot PNG]`."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import time
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__

# Qt is imported inside the functions: a file named at start begins reading before Qt has loaded.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

ORGANIZATION = "form4viewer"
APPLICATION = "form4viewer"

#: How long `--screenshot` waits for the file to be read and drawn before giving up.
SCREENSHOT_TIMEOUT_S = 120
#: The longest the program waits at exit for its worker threads to finish.
WORKERS_EXIT_TIMEOUT_S = 10


def application() -> QApplication:
    """The one QApplication, made with the names QSettings files are kept under."""
    from PySide6.QtCore import QCoreApplication, QSize
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setOrganizationDomain("form4viewer.github.io")
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        from .collector import MainThreadCollector

        # Parented to the application: it lives as long as the window can, and stops with it.
        MainThreadCollector(parent=app)
    assert isinstance(app, QApplication)
    try:
        from ..resources import APP_ICON_SIZES, APP_ID, app_icon_paths

        QApplication.setDesktopFileName(APP_ID)
        master, *pngs = app_icon_paths()
        icon = QIcon()
        # The PNGs (the master's renderings) first, each with its size: Qt then reads none until that size is drawn,
        # where the SVG master first would have it decode them all now. The master serves the sizes between.
        for size, path in zip(APP_ICON_SIZES, pngs, strict=True):
            icon.addFile(str(path), QSize(size, size))
        icon.addFile(str(master))
        app.setWindowIcon(icon)
    except (ImportError, FileNotFoundError) as exc:
        log.debug("no application icon: %s", exc)
    return app


def run(path: str | None = None, db_path: str | None = None, screenshot: str | None = None,
        screenshot_when: str = "ready") -> int:
    """Open the window (on `path`, if given) and run until it is closed. With `screenshot`, open `path`, wait until it
    is read and its source drawn (`screenshot_when` "ready"), or only until its source is drawn ("shown": a PDF's
    pages before its values are read), save a picture of the window to that PNG file and return 0 (1 on failure)."""
    started = None
    if path:
        # Start reading (in a process of its own) while the window is built: it is most of the wait.
        from .reading import start_reading

        started = start_reading(path)
    app = application()
    from PySide6.QtCore import QTimer

    from .main_window import MainWindow

    window = MainWindow(db_path, quiet=screenshot is not None, remember=screenshot is None)
    if screenshot is not None:
        return _screenshot(app, window, path, screenshot, started, screenshot_when)
    window.show()

    def begin() -> None:
        # Unsaved work a crash left behind is offered first, then the file named at start is opened (one after
        # the other: a question's own event loop would otherwise run the opening in the middle of it).
        window.offer_recovery()
        if path:
            window.open_path(path, started)

    QTimer.singleShot(0, begin)
    # Ctrl+C or a TERM signal closes the window as its Quit does (asking about unsaved changes); Python only sees
    # signals while it runs, so a timer lets it look now and then.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: window.close())
    ticker = QTimer()
    ticker.start(300)
    ticker.timeout.connect(lambda: None)
    code = int(app.exec())
    _ending()
    return code


def _ending() -> None:
    """Called once the event loop has returned: the window has closed, saved its settings and closed the database.

    A worker thread may still be waiting for a reading that quitting stopped (or finishing a warm-up import): it
    ends at once, and must before Qt is torn down, or its last signal reaches an application being destroyed and
    the process crashes on its way out. Then what is still alive only has to go with the process: Python would
    first walk all of it in a last full garbage collection (tens of milliseconds for the window's modules and
    objects); frozen, it is left alone."""
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + WORKERS_EXIT_TIMEOUT_S
    # Short waits with the interpreter lock let go in between, which the waiting threads need to finish.
    while not pool.waitForDone(0) and time.monotonic() < deadline:
        time.sleep(0.005)
    gc.freeze()


def _screenshot(app: QApplication, window: object, path: str | None, target: str, started: Future[Any] | None,
                when: str = "ready") -> int:
    from PySide6.QtCore import QTimer

    from .main_window import MainWindow

    assert isinstance(window, MainWindow)
    # 1440x900, or a real screen's size where it is smaller: a picture on a 1024x700 display shows the window at that
    # size (the offscreen platform's screen is no display, and its pictures stay 1440x900).
    real = window.screen() is not None and app.platformName() != "offscreen"
    screen = window.screen().availableGeometry() if real else None
    window.resize(min(1440, screen.width()) if screen else 1440, min(900, screen.height()) if screen else 900)
    window.show()
    result = {"code": 1}

    def grab() -> None:
        # Let the last paint events through before taking the picture.
        app.processEvents()
        pixmap = window.grab()
        out = Path(target)
        if out.parent and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        if pixmap.save(os.fspath(out), "PNG"):
            result["code"] = 0
        else:
            log.error("%s: the picture could not be written", target)
        window.close()
        app.quit()

    def failed(message: str) -> None:
        log.error("%s", message)
        window.close()
        app.quit()

    def timeout() -> None:
        failed(f"{path}: not read and drawn within {SCREENSHOT_TIMEOUT_S} s")

    def show_a_field() -> None:
        # A picture of a tool that shows where values come from should show one: the first problem's field, or
        # else the first amount the tables hold (a Form 3's Table II gives its amount as the underlying shares).
        doc = window.document
        path = next((p.path for p in doc.problems if p.path), "")
        if not path and doc.filing is not None:
            for table in ("non_derivative_transactions", "derivative_transactions", "non_derivative_holdings",
                          "derivative_holdings"):
                rows = doc.filing.rows(table)
                if rows:
                    field = next((name for name in ("shares", "shares_owned_following", "underlying_shares")
                                  if name in rows[0].fields and getattr(rows[0], name).value is not None), None)
                    if field is not None:
                        path = f"{table}[0].{field}"
                        break
        if path:
            doc.select(path)
        QTimer.singleShot(0, grab)

    if when == "shown":
        window.sourceShown.connect(lambda _path: QTimer.singleShot(0, grab))
    else:
        window.ready.connect(show_a_field)
    window.openFailed.connect(failed)
    if path:
        QTimer.singleShot(0, lambda: window.open_path(path, started))
    else:
        QTimer.singleShot(30, grab)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_S * 1000, timeout)
    app.exec()
    _ending()
    return result["code"]
