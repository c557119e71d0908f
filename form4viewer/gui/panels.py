"""The two docks: the problems the checks found in the open filing, and the library of saved filings."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..review import REVIEWED, TO_REVIEW, AmendmentLink, ReviewMark, amendment_links, review_marks
from . import plain
from .document import FilingDocument
from .models import LibraryModel, PathRole, ProblemCountRole, ProblemsModel, SortRole, StateRole

log = logging.getLogger(__name__)


def _table(parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    view.setWordWrap(False)
    return view


class ProblemsPanel(QWidget):
    """What the open filing needs a person to look at, recomputed as it is edited, in two groups: "Source", what
    the file it was read from lost (the reader's notes and each value not in the source), and "Filing", what the
    checks find in what the filer wrote. A click shows the field; F8 walks both groups, the source's first."""

    #: What to tell a person when the field selected is one the source does not show (there is nothing to highlight).
    message = Signal(str)

    def __init__(self, document: FilingDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.source_model = ProblemsModel(document, self, group=ProblemsModel.SOURCE)
        self.model = ProblemsModel(document, self, group=ProblemsModel.FILING)
        self.source_view = self._problems_view(self.source_model)
        self.view = self._problems_view(self.model)
        # The reader's notes are sentences: shown whole, over as many lines as they take.
        self.source_view.setWordWrap(True)
        self.source_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._active: QTableView | None = None
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # an error of the checks may quote the filing
        self.summary.setContentsMargins(6, 2, 6, 2)
        self.source_group = self._group("Source: what the file this filing was read from does not show",
                                         self.source_view)
        self.filing_group = self._group("Filing: what the checks find", self.view)
        groups = QSplitter(Qt.Orientation.Vertical, self)
        groups.setChildrenCollapsible(False)
        groups.addWidget(self.source_group)
        groups.addWidget(self.filing_group)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(groups)
        document.filingChanged.connect(self._summarise)
        document.currentPathChanged.connect(self._selected)
        self._summarise()

    def _selected(self, path: str) -> None:
        if not path:
            return
        for row in range(self.source_model.rowCount()):
            problem = self.source_model.problem(row)
            if problem.path == path and problem.rule == "not-in-source":
                self.message.emit(problem.message)
                return

    def _problems_view(self, model: ProblemsModel) -> QTableView:
        view = _table(self)
        view.setModel(model)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        view.setColumnWidth(1, 300)
        # Shrinks to its header and one problem, so that the dock takes no more of the window than the filing
        # can spare (the rest scrolls); it grows as the dock is made taller.
        frame = 2 * view.frameWidth()
        view.setMinimumHeight(header.sizeHint().height() + view.verticalHeader().defaultSectionSize() + frame)
        view.clicked.connect(lambda index: self._clicked(view, index))
        view.activated.connect(lambda index: self._clicked(view, index))
        return view

    def _group(self, title: str, view: QTableView) -> QWidget:
        box = QWidget(self)
        label = QLabel(title, box)
        label.setTextFormat(Qt.TextFormat.PlainText)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(6, 4, 6, 2)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(label)
        column.addWidget(view)
        return box

    def _summarise(self) -> None:
        # A group with nothing in it is not shown (the summary says so): the dock keeps its room for what is.
        self.source_group.setVisible(self.source_model.rowCount() > 0)
        self.filing_group.setVisible(self.model.rowCount() > 0)
        if self.document.filing is None:
            self.summary.setText("No filing open.")
            return
        if self.document.checks_error:
            self.summary.setText(plain.shown(self.document.checks_error))
            return
        parts = []
        source = [self.source_model.problem(r) for r in range(self.source_model.rowCount())]
        notes = sum(1 for p in source if p.rule == "source-note")
        lost = len(source) - notes
        if source:
            said = [f"{notes} note{'s' if notes != 1 else ''}"] if notes else []
            said += [f"{lost} value{'s' if lost != 1 else ''} not in the source"] if lost else []
            parts.append("Source: " + ", ".join(said) + ".")
        found = [self.model.problem(r) for r in range(self.model.rowCount())]
        counts = {s: sum(1 for p in found if p.severity == s) for s in ("error", "warning", "info")}
        if any(counts.values()):
            parts.append("Filing: " + ", ".join(f"{n} {name}{'s' if n != 1 else ''}"
                                                for name, n in counts.items() if n) + ".")
        elif parts:
            parts.append("Filing: the checks find nothing.")
        if not parts:
            self.summary.setText("The checks found nothing to look at.")
            return
        self.summary.setText("  ".join(parts) + "  F8 goes to the next, Shift+F8 to the previous.")

    def _clicked(self, view: QTableView, index: QModelIndex) -> None:
        self._active = view
        other = self.view if view is self.source_view else self.source_view
        other.clearSelection()
        other.setCurrentIndex(QModelIndex())
        path = index.data(PathRole)
        if path:
            self.document.select("")
            self.document.select(path)

    def step(self, delta: int) -> str | None:
        """Go to the next (`delta` 1) or previous (-1) problem with a field, the source's values first, then the
        filing's problems, wrapping around; returns its path."""
        places = [(self.source_view, r) for r in range(self.source_model.rowCount())
                  if self.source_model.problem(r).path]
        places += [(self.view, r) for r in range(self.model.rowCount())]
        if not places:
            return None
        current = -1
        if self._active is not None and self._active.currentIndex().isValid():
            here = (self._active, self._active.currentIndex().row())
            current = places.index(here) if here in places else -1
        k = (current + delta) % len(places) if current >= 0 else (0 if delta > 0 else len(places) - 1)
        view, row = places[k]
        index = view.model().index(row, 0)
        self._active = view
        other = self.view if view is self.source_view else self.source_view
        other.clearSelection()
        other.setCurrentIndex(QModelIndex())
        view.setCurrentIndex(index)
        view.scrollTo(index)
        path = index.data(PathRole)
        if path:
            self.document.select("")
            self.document.select(path)
        return path


def _choices(parent: QWidget, name: str, tip: str, choices: tuple[tuple[str, Any], ...],
             apply: Callable[[Any], None]) -> QComboBox:
    """A drop-down of (text, value) choices that gives the chosen value to `apply`."""
    box = QComboBox(parent)
    box.setObjectName(name)
    box.setToolTip(tip)
    for text, value in choices:
        box.addItem(text, value)
    box.currentIndexChanged.connect(lambda i: apply(box.itemData(i)))
    return box


class LibraryFilter(QSortFilterProxyModel):
    """The Library's filter: the search text in any column, and optionally one review state and only the filings
    with (or without) saved problems."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state: str | None = None
        self._problems: bool | None = None

    def set_state(self, state: str | None) -> None:
        """Keep only the filings in `state` ("to-review", "reviewed"); None keeps all."""
        self._refilter(lambda: setattr(self, "_state", state))

    def set_problems(self, problems: bool | None) -> None:
        """Keep only filings with saved problems (True), only those without (False), or all (None)."""
        self._refilter(lambda: setattr(self, "_problems", problems))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later; invalidateFilter is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._state is not None and index.data(StateRole) != self._state:
            return False
        if self._problems is not None and (int(index.data(ProblemCountRole) or 0) > 0) != self._problems:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class LibraryPanel(QWidget):
    """The saved filings, searchable, sortable and filtered by review state and problems; opening one shows it
    with its corrections. Each row shows its review state (who, when) and the amendment pair it is in."""

    openRequested = Signal(int)  # noqa: N815 - filing id

    #: The state filter's choices: what it reads, the state it keeps.
    STATES = (("All filings", None), ("To review", TO_REVIEW), ("Reviewed", REVIEWED))
    PROBLEMS = (("Any problems", None), ("With problems", True), ("No problems", False))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: Gives the open store (or None) when the list is set, for who reviewed each filing and the amendment
        #: pairs; without it the list shows what `set_items` is given.
        self.store_getter: Callable[[], Any] | None = None
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search issuer, ticker, owner, form…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.state_filter = _choices(self, "library-state-filter", "Show the filings in one review state",
                                     self.STATES, self.proxy.set_state)
        self.problems_filter = _choices(self, "library-problems-filter",
                                        "Show the filings with saved problems, or those without", self.PROBLEMS,
                                        self.proxy.set_problems)
        self.open_button = QPushButton("Open", self)
        self.open_button.clicked.connect(self._open_current)
        self.count = QLabel(self)
        self.notice = QLabel(self)
        self.notice.setObjectName("library-notice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 4)
        top.addWidget(self.search, 1)
        top.addWidget(self.state_filter)
        top.addWidget(self.problems_filter)
        top.addWidget(self.count)
        top.addWidget(self.open_button)
        self.view = _table(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(7, Qt.SortOrder.DescendingOrder)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((220, 60, 200, 50, 90, 80, 70, 130, 235)):
            self.view.setColumnWidth(column, width)
        # The review state is read with the form and period; the model keeps its columns' order for old callers.
        header.moveSection(LibraryModel.REVIEW_COLUMN, 5)
        self.view.activated.connect(lambda index: self.openRequested.emit(int(index.data(Qt.ItemDataRole.UserRole))))
        self.view.doubleClicked.connect(
            lambda index: self.openRequested.emit(int(index.data(Qt.ItemDataRole.UserRole)))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.view)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)
        self._count()

    def _count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} saved")

    def set_items(self, items: list) -> None:
        """Show the saved filings `items` (`Store.list_filings()`), with who reviewed each and the amendment pairs
        read from the store `store_getter` gives."""
        store = self.store_getter() if self.store_getter is not None else None
        marks: dict[int, ReviewMark] = {}
        links: list[AmendmentLink] = []
        if store is not None and items:
            try:
                marks = review_marks(store.db.conn)
                links = amendment_links(store.db.conn)
            except sqlite3.Error as exc:  # the list stays usable without them
                log.warning("cannot read review marks and amendments from %s: %s", getattr(store, "name", ""), exc)
        self.model.set_items(items, marks, links)
        self._count()

    def order(self) -> list[int]:
        """The ids of the filings shown, in the order shown (the sort and the filters as they are)."""
        return [int(self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole)) for row in range(self.proxy.rowCount())]

    def states(self) -> dict[int, str]:
        """Every listed filing's review state (shown or filtered out)."""
        return {self.model.filing_id(row): self.model.review_mark(self.model.filing_id(row)).state
                for row in range(self.model.rowCount())}  # fmt: skip

    def select(self, filing_id: int) -> bool:
        """Make a filing's row the current one and scroll to it; False when it is not shown."""
        row = self.model.row_of(filing_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def say(self, message: str) -> None:
        """A line above the list (the batch is done, say); an empty message hides it."""
        self.notice.setText(message)
        self.notice.setVisible(bool(message))

    def _open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.openRequested.emit(int(index.data(Qt.ItemDataRole.UserRole)))
