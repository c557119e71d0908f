"""The main window: the source on the left, the filing on the right, problems and the library in docks.

Tests drive it through `open_path`, `open_stored`, `save`, `save_to_database`, `export_csv`, `export_all`,
`import_paths` and `offer_recovery`, which never show a file dialog; the menu actions add the dialogs around them.
Every question the window asks goes through one `ask_*` method, and every error through `show_error`, so that tests
can answer and listen without a modal dialog.

Unsaved work is kept in a recovery file (`form4viewer.recovery`) a moment after each edit and removed when it is
saved, undone or given up; the next start offers what a crash left behind.

The open file, its bytes, where the filing is saved, the database and the recovery file are the session's
(`form4viewer.session`, Qt-free): the window asks it to open, save, attach, restore and export, and turns each
outcome it answers into what the person sees."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QSplitter,
    QToolButton,
)
from shiboken6 import isValid

# PySide6 makes each Qt class, with all its enums, when Python first names it: the file dialog and the style (whose
# enums alone take tens of milliseconds) are named where they are used, not before the window is first drawn.
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent

    from ..store import Store

from .. import __version__
from ..errors import Form4ViewerError, StoreError
from ..paths import default_db_path
from ..recovery import Recovered, RecoveryError, pending
from ..session import (
    Conflict,
    Duplicate,
    Failed,
    Opened,
    ReadOnly,
    Saved,
    SaveOutcome,
    SecondSource,
    Session,
    recovered_name,
)
from . import plain
from .document import FilingDocument
from .filing_pane import FilingPane
from .panels import LibraryPanel, ProblemsPanel
from .reading import PasswordRequiredError
from .review_queue import ReviewQueue
from .source_view import SourcePane
from .workers import ImportThread, Task, read_file

log = logging.getLogger(__name__)

MAX_RECENT = 10
#: How long after the last edit the filing is written to its recovery file.
RECOVERY_DELAY_MS = 1500
#: Answers to `ask_conflict`.
OVERWRITE, RELOAD, CANCEL = "overwrite", "reload", "cancel"
#: Answers to `ask_second_source` (or CANCEL).
ATTACH, KEEP_BOTH = "attach", "keep both"
KEPT_NOTE = ("Your changes are still here, unsaved, and kept in a recovery file; File > Save to Another Database… "
             "saves them elsewhere.")
OPEN_FILTER = (
    "Filings (*.xml *.txt *.nc *.pdf *.htm *.html);;Ownership XML (*.xml);;EDGAR submissions (*.txt *.nc);;"
    "PDF printouts (*.pdf);;EDGAR pages (*.htm *.html);;All files (*)"
)


def _while_alive(window: QObject, slot: Callable[[Any], None]) -> Callable[[Any], None]:
    """`slot`, called only while `window` exists: a stopped reading's answer can come after the window is gone."""

    def call(value: Any) -> None:
        if isValid(window):
            slot(value)

    return call


def _icon(name: str, fallback: str | None = None) -> QIcon:
    """A toolbar icon from resources/icons, or the style's own (`fallback`, a QStyle.StandardPixmap name) when the
    file is not there."""
    try:
        from ..resources import icon_path

        return QIcon(str(icon_path(name)))
    except (ImportError, FileNotFoundError):
        from PySide6.QtWidgets import QStyle

        style = QApplication.style()
        if fallback is None or style is None:
            return QIcon()
        return style.standardIcon(getattr(QStyle.StandardPixmap, fallback))


#: How long the window waits after it (or a PDF's pages opened at start) is drawn before importing the modules it
#: does not need to draw: long enough for the first picture to be on screen.
WARM_UP_DELAY_MS = 100

#: The largest PDF drawn before it is read; a larger file is left to the reading (which refuses what no filing is).
PREVIEW_MAX_BYTES = 200 * 1024 * 1024


def _held(mime: Any) -> tuple[list[str], list[bytes]]:
    """What a clipboard or a drop holds that may be a filing: its local files; else the ways of reading it, best
    first. Text that is a filing comes first: a browser's copy of a filing's page carries the page's HTML beside its
    text, and the HTML goes before the text (it keeps what the text cannot, the check boxes' ticks; read as a page).
    Then an image (a scan; a spreadsheet or a word processor copies a picture of the cells beside their text), as
    PNG bytes. Text that is no filing comes last, to be refused by name. None: nothing of these."""
    if mime is None:
        return [], []
    files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    if files:
        return files, []
    from ..readers import sniff

    ways: list[bytes] = []
    text = mime.text().encode("utf-8") if mime.hasText() else b""
    kind = sniff(text[:65536]) if text.strip() else None
    if kind is not None:
        html = mime.html() if mime.hasHtml() else ""
        if kind == "text" and "<table" in html.lower():
            ways.append(_as_page(html))
        ways.append(text)
    if mime.hasImage():
        from PySide6.QtCore import QBuffer, QIODevice
        from PySide6.QtGui import QImage

        image = QImage(mime.imageData())
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.isNull() and image.save(buffer, "PNG"):
            ways.append(bytes(buffer.data().data()))
    if kind is None and text:
        ways.append(text)
    return [], ways


def _as_page(html: str) -> bytes:
    """A page's HTML as a browser copies it (a fragment of its body, or a whole page) as a page of its own, in UTF-8."""
    if "<html" in html[:4096].lower():
        return html.encode("utf-8")
    return ('<html><head><meta charset="utf-8"></head><body>' + html + "</body></html>").encode("utf-8")


def _pdf_bytes(path: str) -> bytes | None:
    """The bytes of `path` when it is a PDF that can be drawn while it is read, else None (the reading reports
    any problem with the file)."""
    from ..readers import load_file

    try:
        if Path(path).stat().st_size > PREVIEW_MAX_BYTES:
            return None
        data = load_file(path)
    except (OSError, Form4ViewerError):
        return None
    return data if data[:1024].find(b"%PDF-") >= 0 else None


def _import_heavy_modules() -> None:
    from .. import checks, export, store  # noqa: F401

    store.load_driver()


class MainWindow(QMainWindow):
    """One window, one filing at a time."""

    opened = Signal(str)  # a filing is shown (file path, or `library:<id>`)
    openFailed = Signal(str)  # noqa: N815 - the message shown
    ready = Signal()  # the filing is shown and its source drawn
    sourceShown = Signal(str)  # noqa: N815 - the file's source is drawn (a PDF's pages before its values are read)
    saved = Signal(int)
    imported = Signal(object)  # list of ImportOutcome

    def __init__(self, db_path: str | os.PathLike[str] | None = None, *, quiet: bool = False,
                 remember: bool = True) -> None:
        super().__init__()
        self.quiet = quiet  # no message boxes: errors are logged (the --screenshot mode)
        self.remember = remember  # write window state and recent files to the settings
        self.settings = QSettings()
        self.setObjectName("main-window")
        self.setWindowTitle("form4viewer")
        self.setAcceptDrops(True)
        self.last_error: str | None = None
        self.session = Session(db_path or self.settings.value("db_path", "") or default_db_path())
        self._busy = 0
        self._loading_ready = False
        self._showing: str | None = None  # the file whose source is on its way to the screen (`sourceShown`)
        #: A pasted file being read and the other ways of reading what was pasted, tried when it cannot be read.
        self._pasted_next: tuple[str, list[bytes], str] | None = None
        self._import_thread: ImportThread | None = None
        self._tasks: set[Task] = set()
        self.pool = QThreadPool.globalInstance()
        self.recovery_error: str | None = None
        self._recovery_timer = QTimer(self)
        self._recovery_timer.setSingleShot(True)
        self._recovery_timer.setInterval(RECOVERY_DELAY_MS)
        self._recovery_timer.timeout.connect(self.write_recovery)

        self.document = FilingDocument(self, self.session)
        self.source = SourcePane(self.document, self)
        self.filing_pane = FilingPane(self.document, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(self.source)
        self.splitter.addWidget(self.filing_pane)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.problems = ProblemsPanel(self.document, self)
        self.problems.message.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problems-dock")
        self.problems_dock.setWidget(self.problems)
        self.library = LibraryPanel(self)
        self.library.openRequested.connect(self.open_stored)
        self.library_dock = QDockWidget("Library", self)
        self.library_dock.setObjectName("library-dock")
        self.library_dock.setWidget(self.library)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.library_dock)
        self.tabifyDockWidget(self.problems_dock, self.library_dock)
        self.problems_dock.raise_()

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self._make_status_bar()
        self.review = ReviewQueue(self)  # "Mark Reviewed and Open Next", the Library's review column, amendments

        self.document.undo_stack.cleanChanged.connect(self._update_title)
        self.document.undo_stack.cleanChanged.connect(self._clean_changed)
        self.document.undo_stack.indexChanged.connect(self._edited)
        self.document.undo_stack.indexChanged.connect(self._update_state)
        self.document.filingChanged.connect(self._update_state)
        self.document.filingChanged.connect(self._update_actions)
        self.source.drawn.connect(self._source_drawn)
        self.source.findResult.connect(self._show_find_result)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.source.shutdown)
            from .reading import shutdown as stop_reading

            app.aboutToQuit.connect(stop_reading)

        self.db_label.setText(f"Database: {self.db_path}")
        # Importing the SQLite layer and the checks takes a good part of a second and nothing drawn at start needs
        # them: they are imported on a worker thread once the window is drawn (with a PDF opened at start, once its
        # pages are), so that they neither hold the interpreter lock the drawing needs nor freeze the window; the
        # database is opened when they are in. Whatever needs the database before that opens it at once.
        self._warm_up_started = False
        self._restore_state()
        self._update_title()
        self._update_state()
        self._update_actions()

    # ---- building ------------------------------------------------------------------------------------------------

    def _action(self, text: str, slot: Any, shortcut: Any = None, icon: str | None = None,
                fallback: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(_icon(icon, fallback))
        if shortcut is not None:
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        sk = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", self._open_dialog, sk.Open, "open", "SP_DialogOpenButton",
                                        "Open a filing: ownership XML, EDGAR submission, PDF, text or web page")
        self.paste_action = self._action("Open from &Clipboard", self.open_clipboard, "Ctrl+Shift+V",
                                         tip="Open the filing on the clipboard: its EDGAR page copied from a browser, "
                                             "its XML or text, an image of it, or a file copied in a file manager")
        self.save_action = self._action("&Save", self.save, sk.Save, "save", "SP_DialogSaveButton",
                                        "Save the filing and its corrections to the database")
        self.save_elsewhere_action = self._action("Save to Another &Database…", self._save_elsewhere_dialog,
                                                  tip="Save the filing to another SQLite file and go on with that one")
        self.export_action = self._action("&Export This Filing as CSV…", self._export_dialog, "Ctrl+E", "export",
                                          tip="Write this filing's Table I and II rows to a CSV file")
        self.export_all_action = self._action("Export &All Saved Filings…", self._export_all_dialog, "Ctrl+Shift+E",
                                              tip="Write every saved filing as the SEC data-set CSV tables")
        self.import_action = self._action("&Import a Folder…", self._import_dialog, "Ctrl+I", "import",
                                          tip="Read every filing in a folder into the database")
        self.database_action = self._action("Use &Database…", self._database_dialog,
                                            tip="Choose the SQLite file filings are saved to")
        self.quit_action = self._action("&Quit", self.close, sk.Quit)
        self.stop_reading_action = self._action("S&top Reading", self.stop_reading, "Esc",
                                                tip="Stop reading the file; the filing that was open stays open")
        self.stop_reading_action.setEnabled(False)
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(sk.Undo)
        self.undo_action.setIcon(_icon("undo", "SP_ArrowBack"))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(sk.Redo)
        self.redo_action.setIcon(_icon("redo", "SP_ArrowForward"))
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.revert_action = self._action("Re&vert Field to What Was Read", self._revert_current, "Ctrl+R", "revert",
                                          tip="Put back the value the reader gave for the selected field")
        self.add_footnote_action = self._action("Add &Footnote", self._add_footnote, None, "footnote",
                                                tip="Add a footnote to the filing")
        self.next_problem_action = self._action("&Next Problem", lambda: self.problems.step(1), "F8",
                                                "next-problem", tip="Go to the next problem the checks found")
        self.previous_problem_action = self._action("&Previous Problem", lambda: self.problems.step(-1),
                                                    "Shift+F8", "previous-problem",
                                                    tip="Go to the previous problem the checks found")
        self.find_action = self._action("&Find…", self._start_find, sk.Find, "find", tip="Find text in the source")
        self.find_next_action = self._action("Find Ne&xt", lambda: self._find(False), sk.FindNext)
        self.find_previous_action = self._action("Find Pre&vious", lambda: self._find(True), sk.FindPrevious)
        self.zoom_in_action = self._action("Zoom &In", self.source.zoom_in, sk.ZoomIn, "zoom-in",
                                           tip="Zoom into the source")
        self.zoom_out_action = self._action("Zoom &Out", self.source.zoom_out, sk.ZoomOut, "zoom-out",
                                            tip="Zoom out of the source")
        self.fit_action = self._action("&Fit Page Width", self.source.fit_width, "Ctrl+0")
        self.about_action = self._action("&About form4viewer", self._about)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self.open_action)
        file.addAction(self.paste_action)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addAction(self.save_action)
        file.addAction(self.save_elsewhere_action)
        file.addAction(self.export_action)
        file.addAction(self.export_all_action)
        file.addAction(self.import_action)
        file.addAction(self.stop_reading_action)
        file.addSeparator()
        file.addAction(self.database_action)
        file.addSeparator()
        file.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(self.revert_action)
        edit.addAction(self.add_footnote_action)
        edit.addSeparator()
        edit.addAction(self.find_action)
        edit.addAction(self.find_next_action)
        edit.addAction(self.find_previous_action)
        go = bar.addMenu("&Go")
        go.addAction(self.next_problem_action)
        go.addAction(self.previous_problem_action)
        view = bar.addMenu("&View")
        view.addAction(self.zoom_in_action)
        view.addAction(self.zoom_out_action)
        view.addAction(self.fit_action)
        view.addSeparator()
        view.addAction(self.problems_dock.toggleViewAction())
        view.addAction(self.library_dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        samples = help_menu.addMenu("Open &Sample")
        try:
            from ..resources import sample_title
            from ..resources import samples as sample_files

            for sample in sample_files():
                samples.addAction(sample_title(sample), lambda p=sample: self.open_path(str(p)))
        except (ImportError, FileNotFoundError):
            samples.setEnabled(False)
        help_menu.addAction(self.about_action)

    def _make_toolbar(self) -> None:
        bar = self.addToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.open_action, self.save_action, self.export_action, self.import_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        bar.addSeparator()
        bar.addAction(self.previous_problem_action)
        bar.addAction(self.next_problem_action)
        bar.addSeparator()
        bar.addAction(self.zoom_out_action)
        bar.addAction(self.zoom_in_action)
        bar.addSeparator()
        self.find_box = QLineEdit(bar)
        self.find_box.setPlaceholderText("Find in source")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(220)
        self.find_box.addAction(_icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.find_box.returnPressed.connect(lambda: self._find(False))
        self.find_box.textChanged.connect(lambda _text: self.find_result.clear())
        bar.addWidget(self.find_box)
        # "3 of 12" or "Not found" beside the box, so that a search that finds nothing says so.
        self.find_result = QLabel(bar)
        self.find_result.setTextFormat(Qt.TextFormat.PlainText)
        self.find_result.setMinimumWidth(self.find_result.fontMetrics().horizontalAdvance("Not found  ") + 8)
        self.find_result.setContentsMargins(6, 0, 6, 0)
        bar.addWidget(self.find_result)
        # Text beside icons only where the icon alone is not plain.
        for action in (self.undo_action, self.redo_action, self.zoom_in_action, self.zoom_out_action):
            button = bar.widgetForAction(action)
            if button is not None:
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)  # type: ignore[attr-defined]

    def _make_status_bar(self) -> None:
        status = self.statusBar()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.state_label = QLabel(self)
        self.db_label = QLabel(self)
        self.db_label.setTextFormat(Qt.TextFormat.PlainText)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stop_button = QToolButton(self)
        self.stop_button.setDefaultAction(self.stop_reading_action)
        self.stop_button.setAutoRaise(True)
        self.stop_button.hide()
        status.addPermanentWidget(self.busy)
        status.addPermanentWidget(self.stop_button)
        status.addPermanentWidget(self.state_label)
        status.addPermanentWidget(self.db_label)

    # ---- settings ------------------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        else:
            self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)
        for splitter, key in ((self.splitter, "window/splitter"), (self.filing_pane.splitter, "window/filing")):
            sizes = self.settings.value(key)
            if isinstance(sizes, QByteArray) and not sizes.isEmpty():
                splitter.restoreState(sizes)
            elif splitter is self.splitter:
                splitter.setSizes([590, 850])  # the filing side as wide as ten owners' names need
            else:
                splitter.setSizes(self.filing_pane.default_sizes())

    def save_settings(self) -> None:
        if not self.remember:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/filing", self.filing_pane.splitter.saveState())
        self.settings.setValue("db_path", self.db_path)
        self.settings.sync()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]

    def _remember(self, path: str) -> None:
        if not self.remember:
            return
        path = os.path.abspath(path)
        recent = [p for p in self.recent_files() if p != path]
        self.settings.setValue("recent", ([path] + recent)[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name, lambda p=path: self.open_path(p))
            action.setToolTip(path)
            action.setStatusTip(path)
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", lambda: self.settings.setValue("recent", []))
        else:
            self.recent_menu.addAction("(no recent files)").setEnabled(False)

    # ---- the database ----------------------------------------------------------------------------------------------

    @property
    def db_path(self) -> str:
        """The SQLite file filings are saved to (the session's)."""
        return self.session.db_path

    @db_path.setter
    def db_path(self, path: str) -> None:
        self.session.db_path = os.fspath(path)

    @property
    def store(self) -> Any:
        """The open database (the session's), None until it is opened or when it cannot be used."""
        return self.session.store

    @store.setter
    def store(self, store: Any) -> None:
        self.session.store = store

    def _show_database(self, failed: Failed | None = None, path: str | None = None) -> None:
        if failed is not None:
            self.db_label.setText(f"Database: {path or self.db_path} (cannot be used)")
            self.db_label.setToolTip(plain.tip(failed.message))
        else:
            self.db_label.setText(f"Database: {self.db_path}")
            self.db_label.setToolTip(plain.tip(self.db_path))

    def _open_store(self, path: str, report: bool = True) -> bool:
        self._warm_up_started = True  # the modules are in now: nothing left to warm up
        failed = self.session.open_store(path)
        if failed is not None:
            self._show_database(failed, path)
            if report:
                self.show_error(failed.title, failed.message)
            else:
                log.warning("%s", failed.message)
                self.last_error = failed.message
                self.statusBar().showMessage(failed.message, 15000)
            return False
        self._show_database()
        self.refresh_library()
        return True

    def _open_store_at_start(self) -> None:
        if self.store is None:
            self._open_store(self.db_path, report=False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._warm_up_started:
            QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up_when_idle)

    def _warm_up_when_idle(self) -> None:
        # The pages of a PDF being opened come first: `_source_drawn` starts the warm-up once they are drawn.
        if self._showing is None or not self.source.previewing:
            self._warm_up()

    def _warm_up(self) -> None:
        """Import the database layer, the checks and the export on a worker thread, then open the database (unless
        something that needed it has opened it first, or the window has closed)."""
        if self._warm_up_started or not self.isVisible():
            return
        self._warm_up_started = True
        warm = Task(_import_heavy_modules, "form4viewer")
        warm.signals.done.connect(self._warmed_up)
        warm.signals.failed.connect(self._warmed_up)
        self._run(warm)

    def _warmed_up(self, _result: object) -> None:
        if self.isVisible():
            self._store_on_demand()

    def _saved_id(self, data: bytes) -> int | None:
        """The saved filing read from these bytes, if any; a database that cannot be used is shown as such."""

        def open_store() -> Store | None:
            self._store_on_demand()
            return self.store

        return self.session.saved_id(data, open_store)

    def _store_on_demand(self) -> None:
        """Open the database now if nothing has tried to yet (the warm-up opens it once the window is drawn)."""
        if self.store is None and not self.session.store_attempted:
            self._open_store(self.db_path, report=False)

    def refresh_library(self) -> None:
        self._store_on_demand()
        if self.store is None:
            self.library.set_items([])
            return
        try:
            self.library.set_items(self.store.list_filings())
        except StoreError as exc:
            self.show_error("Cannot read the database", str(exc))

    def _database_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Use Database", self.db_path, "SQLite files (*.sqlite *.db);;"
                                              "All files (*)", options=QFileDialog.Option.DontConfirmOverwrite)
        if path and self.maybe_save():
            if self._open_store(path):  # the filing shown is saved in the other database no more
                self.save_settings()
                self._update_state()
                self.write_recovery()  # unsaved work now belongs to the new database

    # ---- opening ---------------------------------------------------------------------------------------------------

    def _open_dialog(self) -> None:
        start = str(Path(self.recent_files()[0]).parent) if self.recent_files() else ""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Open Filing", start, OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | os.PathLike[str], started: Future[Any] | None = None) -> bool:
        """Read a file off the UI thread and show it. Returns False when the person kept the unsaved filing.
        `opened` or `openFailed` is emitted when the reading is over. `started` is a reading of the same file
        already under way (the window starts reading a file given on the command line before it is built)."""
        if not self.maybe_save():
            return False
        self._start_reading(os.fspath(path), started)
        return True

    def _start_reading(self, path: str, started: Future[Any] | None = None, password: str | None = None) -> None:
        token = self.session.readings.start(path)
        self.stop_reading_action.setEnabled(True)
        self.stop_button.show()
        self._set_busy(True, f"Reading {Path(path).name}… (Esc stops)")
        self._watch_progress(path)
        if password is None:
            self._showing = path
            data = _pdf_bytes(path)
            if data is not None:
                self.source.preview(data)

        def work() -> Any:
            # A PDF that wants a password is a question for the person, not a failure: handed back as it is.
            try:
                if started is not None:
                    from .reading import result_of

                    return result_of(started)
                return read_file(path, password)
            except PasswordRequiredError as exc:
                return exc

        task = Task(work, path)
        task.signals.done.connect(_while_alive(self, lambda result: self._read_result(path, result, password, token)))
        task.signals.failed.connect(_while_alive(self, lambda message: self._read_failed(message, token)))
        self._run(task)

    def stop_reading(self) -> None:
        """Stop the reading under way (a long PDF): the reading process is ended, the filing that was open stays
        open, and the stopped file is not shown."""
        path = self.session.readings.stop()
        if path is None:
            return
        from .reading import shutdown

        shutdown()  # the worker waiting for the reading gets an error, which `_reading_over` drops
        if hasattr(self, "_progress_timer"):
            self._progress_timer.stop()
            self.busy.setRange(0, 0)
        self.stop_reading_action.setEnabled(False)
        self.stop_button.hide()
        self._set_busy(False)
        self._showing = None
        self.source.restore()
        message = f"Stopped reading {Path(path).name}"
        self.statusBar().showMessage(message, 8000)
        self.openFailed.emit(f"{path}: reading stopped")

    def _watch_progress(self, path: str) -> None:
        """Show how far the reading process is with a scan ("Reading page 2 of 5 (OCR)…"), as it says."""
        from .reading import progress

        progress()  # what an earlier reading said is over
        self.busy.setRange(0, 0)
        self._progress_path = path
        if not hasattr(self, "_progress_timer"):
            self._progress_timer = QTimer(self)
            self._progress_timer.setInterval(150)
            self._progress_timer.timeout.connect(self._show_progress)
        self._progress_timer.start()

    def _show_progress(self) -> None:
        from .reading import progress

        said = progress()
        if said is None or said[0] != self._progress_path or self.session.readings.current is None:
            return
        _, done, total = said
        if done < total:
            message = f"Reading page {done + 1} of {total} (OCR)… (Esc stops)"
        else:
            message = f"Reading the form off {total} scanned page{'s' if total != 1 else ''}… (Esc stops)"
        self.busy.setRange(0, max(total, 1))
        self.busy.setValue(done)
        self.statusBar().showMessage(message)
        if not self.source.previewing:  # a scanned PDF's pages are shown while it is read: left in view
            self.source.set_busy(message)

    def _reading_over(self, token: int) -> bool:
        """Marks reading `token` over; False when a person stopped it (what it gives is then dropped)."""
        current = self.session.readings.current
        if current is not None and current[0] == token:
            if hasattr(self, "_progress_timer"):
                self._progress_timer.stop()
                self.busy.setRange(0, 0)
            self.stop_reading_action.setEnabled(False)
            self.stop_button.hide()
        return self.session.readings.finish(token)

    def _read_result(self, path: str, result: Any, password: str | None, token: int = 0) -> None:
        if not self._reading_over(token):
            return
        if not isinstance(result, PasswordRequiredError):
            filing, data = result[0], result[1]
            # A scan's pages as the OCR read them (upright and level), drawn with the values' boxes on them.
            from .source_view import ScanPage, grey_image

            self.source.set_scan_pages(data, [ScanPage(grey_image(p.width, p.height, p.pixels), p.dpi)
                                              for p in (result[2] if len(result) > 2 else ())])
            self._read_done(path, filing, data, password=password)
            return
        self._set_busy(False)
        answer = self.ask_password(path, result.wrong)
        if answer is None:
            self.source.restore()  # the filing that was open stays open
            self._showing = None
            message = f"{path}: the PDF is password-protected and was not opened"
            self.last_error = message
            self.statusBar().showMessage(message, 10000)
            self.openFailed.emit(message)
            return
        self._start_reading(path, None, answer)

    def ask_password(self, path: str, wrong: bool) -> str | None:
        """The password of a protected PDF, or None when the person cancels (tests replace this)."""
        name = Path(path).name
        prompt = (f"The password does not open {name}. Try again:" if wrong
                  else f"{name} is protected by a password. Password:")
        text, ok = QInputDialog.getText(self, "Password-protected PDF", prompt, QLineEdit.EchoMode.Password)
        return text if ok else None

    def _run(self, task: Task) -> None:
        """Start a task, holding on to it until its answer has arrived (else the answer can be lost with it)."""
        self._tasks.add(task)
        task.signals.done.connect(lambda _result: self._tasks.discard(task))
        task.signals.failed.connect(lambda _message: self._tasks.discard(task))
        self.pool.start(task)

    def _read_done(self, path: str, filing: Any, data: bytes, password: str | None = None) -> None:
        self._set_busy(False)
        self._pasted_next = None
        self._remember(path)
        stored_id = self._saved_id(data)
        if stored_id is not None:
            self._open_store_at_start()
        if stored_id is not None and self._load_stored(stored_id, password=password):
            self.statusBar().showMessage(
                f"{Path(path).name} was saved before: showing the saved filing with its corrections", 8000)
            self.opened.emit(path)
            return
        self._discard_recovery()
        self._loading_ready = True
        self.document.load(filing, data, path, password=password)
        if filing.document.notes:  # listed, and kept, under Source in the Problems panel
            count = len(filing.document.notes)
            self.statusBar().showMessage(f"{Path(path).name}: the reader has {count} note{'s' if count != 1 else ''} "
                                         "on this file (what it lost or inferred); see Source in Problems", 10000)
            self.problems_dock.raise_()
        # A database not made yet holds nothing: the check would only make it (and wait for its modules).
        if self.store is None and os.path.exists(self.db_path):
            self._store_on_demand()
        second = self.session.second_source(filing) if self.store is not None else None
        if second is not None:
            answer = self.ask_second_source(second)
            if answer == ATTACH and self._attach(second):
                return
            self.session.keep_both = answer == KEEP_BOTH
        self.opened.emit(path)

    def _read_failed(self, message: str, token: int = 0) -> None:
        if not self._reading_over(token):
            return
        self._set_busy(False)
        pasted, self._pasted_next = self._pasted_next, None
        if pasted is not None and pasted[0] == self._showing and pasted[1]:
            # What was pasted has another way of being read (a page's text beside its HTML): that one is opened,
            # and the file kept of the way that read as no filing goes.
            log.info("%s: %s; reading what was pasted another way", pasted[0], message)
            with contextlib.suppress(OSError):
                Path(pasted[0]).unlink()
            self._showing = None
            self.open_pasted(pasted[1], pasted[2], asked=True)
            return
        self._showing = None
        self.source.restore()  # the filing that was open stays open
        self.show_error("Cannot open the file", message)
        self.openFailed.emit(message)

    def open_stored(self, filing_id: int) -> bool:
        """Show a saved filing with its corrections and the source bytes saved with it."""
        if filing_id == self.document.filing_id:
            return True
        if not self.maybe_save():
            return False
        return self._load_stored(filing_id, emit=True)

    def _load_stored(self, filing_id: int, emit: bool = False, password: str | None = None) -> bool:
        if self.store is None:
            return False
        outcome = self.session.open_saved(filing_id, password)
        if isinstance(outcome, Failed):
            self.show_error(outcome.title, outcome.message)
            return False
        self._recovery_timer.stop()
        self._loading_ready = bool(outcome.data)
        self.document.load(outcome.filing, outcome.data, outcome.name, outcome.filing_id, outcome.version,
                           password=password)
        if emit:
            self.opened.emit(f"library:{filing_id}")
        return True

    def _source_drawn(self) -> None:
        if not self._warm_up_started:
            QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)
        if self._showing is not None and not self.source.preview_failed:
            path, self._showing = self._showing, None
            self.sourceShown.emit(path)
        if self._loading_ready:
            self._loading_ready = False
            self.ready.emit()

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = max(0, self._busy + (1 if busy else -1))
        self.busy.setVisible(self._busy > 0)
        if busy:
            self.statusBar().showMessage(message)
            self.source.set_busy(message)
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            self.statusBar().clearMessage()
            QApplication.restoreOverrideCursor()

    @property
    def is_busy(self) -> bool:
        return self._busy > 0

    # ---- unsaved changes -------------------------------------------------------------------------------------------

    def _commit_open_editors(self) -> None:
        """An edit still in an editor counts: moving focus away makes the editor hand its value over."""
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            focus.clearFocus()

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel for a filing with unsaved changes (tests replace this)."""
        name = Path(self.document.file_path or "this filing").name
        return QMessageBox.question(
            self, "Unsaved changes", plain.tip(f"Save the changes to {name} before going on?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def maybe_save(self) -> bool:
        """True when it is fine to replace the open filing: nothing unsaved, saved now, or the person said so."""
        self._commit_open_editors()
        if self.document.filing is None or self.document.undo_stack.isClean():
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        if self._import_thread is not None and self._import_thread.isRunning():
            self._import_thread.cancel()
            self._import_thread.wait()
        self._discard_recovery()  # closed cleanly: saved, or the person chose to drop the changes
        self.save_settings()
        self.source.shutdown()
        self.session.close_store()
        event.accept()

    # ---- saving and exporting --------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the filing (and its source bytes, the first time) to the database. True when it is saved (or, after
        a conflict, when the person chose the other program's version and nothing unsaved is left)."""
        self._commit_open_editors()
        doc = self.document
        if doc.filing is None:
            return False
        if self.store is None and not self._open_store(self.db_path, report=False):
            self._save_failed("Cannot use the database", self.last_error or f"{self.db_path}: cannot be used")
            return False
        return self._after_save(self.session.save(doc.filing, doc.problems))

    def _after_save(self, outcome: SaveOutcome) -> bool:
        """Turn what the session answered into what the person sees; True when the filing is saved."""
        if isinstance(outcome, Saved):
            self._saved(outcome)
            return True
        if isinstance(outcome, Conflict):
            return self._resolve_conflict(outcome.message)
        if isinstance(outcome, Duplicate):
            self.show_error("Already saved", f"{outcome.message}\nOpen it from the library to go on correcting it.")
            return False
        if isinstance(outcome, SecondSource):
            return self._resolve_second_source(outcome)
        if isinstance(outcome, ReadOnly):
            self._save_failed("Cannot save", outcome.message)
            return False
        self._save_failed(outcome.title, outcome.message)
        return False

    def _saved(self, result: Saved) -> None:
        self.document.mark_saved()
        self._discard_recovery()
        self._update_state()
        self.refresh_library()
        self.statusBar().showMessage(
            f"Saved to {self.db_path} (filing {result.filing_id}, version {result.version}"
            f"{f', {result.corrections_logged} corrections logged' if result.corrections_logged else ''})", 6000)
        self.saved.emit(result.filing_id)

    def _save_failed(self, title: str, message: str) -> None:
        """The database refused the save: say so, and keep the edits in the window and in the recovery file."""
        self.write_recovery()
        self.show_error(title, f"{message}\n{KEPT_NOTE}")

    def _resolve_conflict(self, message: str) -> bool:
        answer = self.ask_conflict(message)
        if answer == OVERWRITE:
            assert self.document.filing is not None
            return self._after_save(self.session.save(self.document.filing, self.document.problems, overwrite=True))
        if answer == RELOAD:
            filing_id = self.document.filing_id
            assert filing_id is not None
            password = self.document.source_password
            self._discard_recovery()
            return self._load_stored(filing_id, emit=True, password=password)
        self.statusBar().showMessage("Not saved: your changes are still here", 8000)
        return False

    def ask_conflict(self, message: str) -> str:
        """Another window or program saved this filing since it was opened: `OVERWRITE` it with these changes,
        `RELOAD` the saved one (these changes are dropped) or `CANCEL` (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Saved elsewhere in the meantime",
                          f"{message}.\n\nOverwrite it with your changes, or keep the saved version and reload it "
                          "(your changes are dropped)?", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        mine = box.addButton("Overwrite with Mine", QMessageBox.ButtonRole.DestructiveRole)
        theirs = box.addButton("Keep Theirs and Reload", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return OVERWRITE if clicked is mine else RELOAD if clicked is theirs else CANCEL

    def ask_second_source(self, outcome: SecondSource) -> str:
        """The filing is saved already, read from another file: `ATTACH` this file to the saved filing (its
        corrections kept), `KEEP_BOTH` as two filings, or `CANCEL` (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Saved from another file",
                          f"{outcome.message}.\n\nAttach this file to the saved filing (the saved filing is shown, "
                          "with its corrections; changes made to this file's reading are given up), or keep both as "
                          "separate filings?", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message names files
        attach = box.addButton("Attach to the Saved Filing", QMessageBox.ButtonRole.AcceptRole)
        both = box.addButton("Keep Both", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(attach)
        box.exec()
        clicked = box.clickedButton()
        return ATTACH if clicked is attach else KEEP_BOTH if clicked is both else CANCEL

    def _resolve_second_source(self, outcome: SecondSource) -> bool:
        answer = self.ask_second_source(outcome)
        doc = self.document
        assert doc.filing is not None
        if answer == KEEP_BOTH:
            return self._after_save(self.session.save(doc.filing, doc.problems, keep_both=True))
        if answer == ATTACH:
            return self._attach(outcome)
        self.statusBar().showMessage("Not saved: your changes are still here", 8000)
        return False

    def _attach(self, outcome: SecondSource) -> bool:
        """Keep the open file with the saved filing it is a second source of, and show that filing (with its
        corrections; edits made to the file's own reading are given up, as the person was told)."""
        doc = self.document
        assert doc.filing is not None
        name = Path(doc.file_path or "this file").name
        opened = self.session.attach_source(outcome.filing_id, doc.filing.document.kind)
        if not isinstance(opened, Opened):
            self._save_failed(getattr(opened, "title", "Cannot attach the file"), opened.message)
            return False
        self._recovery_timer.stop()
        self._loading_ready = bool(opened.data)
        self.document.load(opened.filing, opened.data, opened.name, opened.filing_id, opened.version)
        self.refresh_library()
        self.statusBar().showMessage(f"{name} attached to saved filing {opened.filing_id}: showing that filing", 8000)
        self.opened.emit(f"library:{opened.filing_id}")
        return True

    def save_to_database(self, path: str | os.PathLike[str]) -> bool:
        """Save the filing as a new record in the SQLite file at `path` (made when it is not there) and go on with
        that file: the way out when the database in use is read-only, full, locked or damaged."""
        self._commit_open_editors()
        doc = self.document
        if doc.filing is None:
            return False
        outcome = self.session.save_to_database(path, doc.filing, doc.problems)
        if not isinstance(outcome, Saved):
            self._save_failed(getattr(outcome, "title", "Cannot save"), outcome.message)
            return False
        self._show_database()
        self.save_settings()
        self._saved(outcome)
        return True

    def _save_elsewhere_dialog(self) -> None:
        if self.document.filing is None:
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Save to Another Database", "", "SQLite files (*.sqlite *.db);;"
                                              "All files (*)", options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.save_to_database(path)

    # ---- recovery files --------------------------------------------------------------------------------------------

    def _edited(self, *_: object) -> None:
        if self.document.filing is not None and not self.document.undo_stack.isClean():
            self._recovery_timer.start()

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self._discard_recovery()  # saved, or undone back to what is saved
        else:
            self.write_recovery()  # the first unsaved change is kept at once

    def write_recovery(self) -> bool:
        """Write the filing as it stands to its recovery file (done a moment after each edit). False when there is
        nothing unsaved, or the file cannot be written (then the status bar says why)."""
        self._recovery_timer.stop()
        doc = self.document
        if doc.filing is None or doc.undo_stack.isClean():
            return False
        self.recovery_error = self.session.write_recovery(doc.filing)
        if self.recovery_error is not None:
            self.statusBar().showMessage(self.recovery_error, 10000)
            return False
        return True

    @property
    def recovery_path(self) -> Path | None:
        """The recovery file of the open filing, when one has been written."""
        return self.session.recovery_path

    def _discard_recovery(self) -> None:
        self._recovery_timer.stop()
        self.session.discard_recovery()

    def offer_recovery(self, directory: str | os.PathLike[str] | None = None) -> bool:
        """Offer the unsaved work a program that stopped without closing left behind (called once the window
        shows). Each is restored, discarded or kept for later as the person says; after one is restored the rest
        wait for the next start. True when one was restored."""
        found = pending(directory)
        for number, recovered in enumerate(found):
            answer = self.ask_restore(recovered, len(found) - number - 1)
            if answer == QMessageBox.StandardButton.Yes:
                if self.restore(recovered):
                    return True
            elif answer == QMessageBox.StandardButton.Discard:
                try:
                    recovered.discard()
                except RecoveryError as exc:
                    self.show_error("Cannot discard the unsaved changes", str(exc))
        return False

    def ask_restore(self, recovered: Recovered, more: int) -> QMessageBox.StandardButton:
        """Yes (restore), Discard or Ignore (ask again next time) for unsaved work found at start (tests replace
        this)."""
        name = recovered_name(recovered)
        when = recovered.written.astimezone().strftime("%Y-%m-%d %H:%M")
        where = (f" (saved filing {recovered.filing_id} in {recovered.db_path})"
                 if recovered.filing_id is not None else "")
        fields = sum(1 for _path, value in recovered.filing.values() if value.corrected)
        if fields:
            where += f", {fields} field{'s' if fields != 1 else ''} corrected"
        box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved changes",
                          f"form4viewer stopped on {when} with unsaved changes to {name}{where}.\n\n"
                          "Restore them?" + (f"\n\n{more} more will be offered at the next start." if more else ""),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Ignore, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the file's and the issuer's names are the filing's text
        box.button(QMessageBox.StandardButton.Yes).setText("Restore")
        box.button(QMessageBox.StandardButton.Ignore).setText("Not Now")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return QMessageBox.StandardButton(box.exec())

    def restore(self, recovered: Recovered) -> bool:
        """Show recovered work as an unsaved, undoable change on top of what it was made on: the saved filing
        when it had been saved (so a save checks that nobody saved it since), else the filing as read from its
        source. The recovery file is taken over by this window."""
        if not self.maybe_save():
            return False
        self._recovery_timer.stop()
        shown = self.db_path, self.store
        outcome = self.session.restore(recovered)
        if isinstance(outcome, Failed):
            self.show_error(outcome.title, outcome.message)
            return False
        if (self.db_path, self.store) != shown:
            self._show_database()
            self.refresh_library()
        self._loading_ready = bool(outcome.data)
        self.document.load(outcome.base, outcome.data, outcome.name, outcome.filing_id, outcome.version)
        self.session.recovery = outcome.recovery
        self.document.restore_to(outcome.filing, "Restore Unsaved Changes")
        if self.document.undo_stack.isClean():
            self.session.discard_recovery()  # nothing differed from what is saved
        else:
            self.write_recovery()
        self.statusBar().showMessage(
            f"Restored the unsaved changes to {Path(outcome.name).name}"
            + ("; its source file is no longer there" if outcome.source_lost else ""), 10000)
        self.opened.emit(outcome.name)
        return True

    def export_csv(self, path: str | os.PathLike[str]) -> int:
        """Write this filing's Table I and II rows, as corrected, to a CSV file. Returns the rows written."""
        if self.document.filing is None:
            return 0
        self._commit_open_editors()
        count = self.session.export_csv(path, self.document.filing)
        if isinstance(count, Failed):
            self.show_error(count.title, count.message)
            return 0
        self.statusBar().showMessage(f"Wrote {count} rows to {path}", 6000)
        self._remember_export_folder(Path(path).parent)
        return count

    def export_all(self, folder: str | os.PathLike[str]) -> dict[str, int]:
        """Write every saved filing as the SEC data-set tables (and transactions.csv) into `folder`."""
        self._store_on_demand()  # shows the database that cannot be used as such
        counts = self.session.export_all(folder)
        if isinstance(counts, Failed):
            self.show_error(counts.title, counts.message)
            return {}
        self.statusBar().showMessage(f"Exported {self.store.count()} filings to {folder}", 6000)
        self._remember_export_folder(Path(folder))
        return counts

    def export_folder(self) -> str:
        """Where an export's dialog opens: where the person last exported to, else their documents folder (never
        the program's own folder, which a relative name would mean)."""
        last = str(self.settings.value("export/folder", "") or "")
        if last and os.path.isdir(last):
            return last
        from PySide6.QtCore import QStandardPaths

        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return documents if documents and os.path.isdir(documents) else str(Path.home())

    def _remember_export_folder(self, folder: Path) -> None:
        self.settings.setValue("export/folder", os.fspath(folder.resolve()))

    def _export_dialog(self) -> None:
        if self.document.filing is None:
            return
        stem = Path(self.document.file_path or "filing").stem
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Export This Filing as CSV",
                                              os.path.join(self.export_folder(), f"{stem}.csv"), "CSV files (*.csv)")
        if path:
            self.export_csv(path)

    def _export_all_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Export All Saved Filings to a Folder", self.export_folder())
        if folder:
            self.export_all(folder)

    # ---- importing -------------------------------------------------------------------------------------------------

    def _import_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Import a Folder of Filings")
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str], jobs: int | None = None) -> ImportThread | None:
        """Import files and folders into the database on a worker thread, with a progress dialog that cancels."""
        if self._import_thread is not None and self._import_thread.isRunning():
            return None
        thread = ImportThread(self.db_path, [os.fspath(p) for p in paths], jobs, self)
        dialog = QProgressDialog("Finding filings…", "Cancel", 0, 0, self)
        dialog.setWindowTitle("Importing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(thread.cancel)

        def progress(done: int, total: int, name: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"{done} of {total}: {Path(name).name}")

        def finished(outcomes: list) -> None:
            dialog.close()
            counts: dict[str, int] = {}
            for outcome in outcomes:
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
            summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing found"
            self.statusBar().showMessage(f"Import: {summary}", 10000)
            self.refresh_library()
            self.library_dock.raise_()
            failed = [o.message for o in outcomes if o.status == "failed"]
            if failed and not self.quiet:
                box = QMessageBox(QMessageBox.Icon.Warning, "Import", f"Imported: {summary}.", parent=self)
                box.setDetailedText("\n".join(failed))
                box.open()
            self.imported.emit(outcomes)

        def failed(message: str) -> None:
            dialog.close()
            self.show_error("Import stopped", message)
            self.imported.emit([])

        thread.progress.connect(progress)
        thread.finished_import.connect(finished)
        thread.failed.connect(failed)
        self._import_thread = thread
        thread.start()
        return thread

    # ---- editing helpers -------------------------------------------------------------------------------------------

    def _revert_current(self) -> None:
        path = self.document.current_path
        if path and self.document.filing is not None:
            try:
                self.document.revert(path)
            except KeyError:
                pass

    def _add_footnote(self) -> None:
        if self.document.filing is not None:
            self.document.add_footnote("")

    def _start_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _find(self, backward: bool) -> None:
        text = self.find_box.text()
        if text:
            self.source.find(text, backward)

    def _show_find_result(self, current: int, total: int) -> None:
        if total == 0:
            self.find_result.setText("Not found")
            self.find_result.setStyleSheet("color: #b3261e;")
        else:
            self.find_result.setText(f"{current} of {total}")
            self.find_result.setStyleSheet("")

    # ---- state shown -----------------------------------------------------------------------------------------------

    def _update_title(self) -> None:
        doc = self.document
        if doc.filing is None:
            self.setWindowTitle("form4viewer")
        else:
            name = Path(doc.file_path).name if doc.file_path else "filing"
            issuer = doc.filing.issuer.name.text
            form = doc.filing.form.text
            what = f"{issuer} Form {form}" if issuer and form else issuer or name
            # "[*]" in a name would be taken for the mark of unsaved changes
            what, name = (plain.shown(part).replace("[*]", "[ *]") for part in (what, name))
            self.setWindowTitle(f"{what} — {name}[*] — form4viewer")
        self.setWindowModified(not doc.undo_stack.isClean())

    def _update_state(self, *_: object) -> None:
        state = self.document.state
        self.state_label.setText(state.capitalize() if state else "")
        colours = {"as read": "#555", "corrected, not saved": "#1565c0", "saved": "#2e7d32",
                   "saved, corrected": "#2e7d32"}
        self.state_label.setStyleSheet(f"color: {colours.get(state, '#555')}; font-weight: 600; padding: 0 8px;")
        self._update_title()

    def _update_actions(self) -> None:
        has = self.document.filing is not None
        for action in (self.save_action, self.export_action, self.revert_action, self.add_footnote_action,
                       self.next_problem_action, self.previous_problem_action):
            action.setEnabled(has)

    def show_error(self, title: str, message: str) -> None:
        """A clear message naming the file and the problem; never a traceback."""
        self.last_error = message
        log.warning("%s: %s", title, message)
        if not self.quiet:
            QMessageBox.critical(self, title, plain.tip(message))  # a message may quote the file

    def _about(self) -> None:
        QMessageBox.about(
            self, "About form4viewer",
            f"<h3>form4viewer {__version__}</h3>"
            "<p>Read, check, correct and export SEC Form 3, 4 and 5 insider-ownership filings: ownership XML, EDGAR "
            "submissions, PDF printouts, text conversions and EDGAR pages.</p>"
            f"<p>Database: {self.db_path}</p>",
        )

    # ---- drag and drop ---------------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        mime = event.mimeData()
        if any(url.isLocalFile() for url in mime.urls()) or mime.hasImage() or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files, ways = _held(event.mimeData())
        if files or ways:
            event.acceptProposedAction()
            # After the drop returns, so that a question about unsaved changes does not run inside the drag.
            QTimer.singleShot(0, lambda: self.open_path(files[0]) if files else self.open_pasted(ways, "the text dropped"))

    # ---- the clipboard ---------------------------------------------------------------------------------------------

    def open_clipboard(self) -> bool:
        """Open the filing the clipboard holds: the first file copied in a file manager, where it is; else an image
        (a scan) or text (a filing's EDGAR page selected and copied in a browser, its XML, a printout's text), kept
        as a file (`open_pasted`). Returns False when nothing was opened, and says why."""
        from PySide6.QtGui import QGuiApplication

        files, ways = _held(QGuiApplication.clipboard().mimeData())
        if files:
            return self.open_path(files[0])
        return self.open_pasted(ways, "the clipboard")

    def open_pasted(self, ways: Sequence[bytes], what: str, *, asked: bool = False) -> bool:
        """Open a filing pasted or dropped, given as the ways of reading it, best first (`_held`: a browser's copy
        of a page as its HTML, then as its text): kept first as a file in the data folder's "pasted" folder
        (`pasted.keep_pasted`; the same bytes again are the same file), which is then read, shown and saved as any
        file is; where it cannot be read, the next way is. Bytes that are no filing are refused, naming `what`, and
        nothing is written. Returns False when nothing was opened (the person kept the unsaved filing, or there was
        nothing to open). `asked`: the person has answered for the unsaved filing already."""
        from ..errors import NotAFilingError
        from ..pasted import keep_pasted

        ways = [w for w in ways if w.strip()]
        if not ways:
            message = f"{what}: nothing to open: copy a filing's EDGAR page, its XML or text, an image of it or its file"
            self.show_error("Nothing to open", message)
            self.openFailed.emit(message)
            return False
        if not asked and not self.maybe_save():
            return False
        refused: NotAFilingError | None = None
        for n, data in enumerate(ways):
            try:
                path = keep_pasted(data, what)
            except NotAFilingError as exc:
                refused = refused or exc
                continue
            except OSError as exc:
                message = f"{what}: could not be kept as a file in {exc.filename or 'the data folder'}: " \
                          f"{exc.strerror or exc}"
                self.show_error("Cannot open what was pasted", message)
                self.openFailed.emit(message)
                return False
            self._pasted_next = (str(path), list(ways[n + 1 :]), what)
            break
        else:
            assert refused is not None
            self.show_error("Cannot open what was pasted", str(refused))
            self.openFailed.emit(str(refused))
            return False
        self._start_reading(str(path))
        self.statusBar().showMessage(f"Reading what was pasted, kept as {path}… (Esc stops)")
        return True
