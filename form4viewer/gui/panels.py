"""The two docks: the problems the checks found in the open filing, and the library of saved filings."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from . import plain
from .document import FilingDocument
from .models import LibraryModel, PathRole, ProblemsModel, SortRole


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
    """What the checks say about the open filing, recomputed as it is edited; a click shows the field."""

    def __init__(self, document: FilingDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = ProblemsModel(document, self)
        self.view = _table(self)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnWidth(1, 300)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # an error of the checks may quote the filing
        self.summary.setContentsMargins(6, 2, 6, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        document.filingChanged.connect(self._summarise)
        self._summarise()

    def _summarise(self) -> None:
        if self.document.filing is None:
            self.summary.setText("No filing open.")
            return
        if self.document.checks_error:
            self.summary.setText(plain.shown(self.document.checks_error))
            return
        counts = {s: sum(1 for p in self.document.problems if p.severity == s) for s in ("error", "warning", "info")}
        if not any(counts.values()):
            self.summary.setText("The checks found nothing to look at.")
            return
        parts = [f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items() if n]
        self.summary.setText(", ".join(parts) + ".  F8 goes to the next, Shift+F8 to the previous.")

    def _clicked(self, index: QModelIndex) -> None:
        path = index.data(PathRole)
        if path:
            self.document.select("")
            self.document.select(path)

    def step(self, delta: int) -> str | None:
        """Go to the next (`delta` 1) or previous (-1) problem, wrapping around; returns its path."""
        count = self.model.rowCount()
        if not count:
            return None
        current = self.view.currentIndex().row()
        row = (current + delta) % count if current >= 0 else (0 if delta > 0 else count - 1)
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        path = index.data(PathRole)
        if path:
            self.document.select("")
            self.document.select(path)
        return path


class LibraryPanel(QWidget):
    """The saved filings, searchable and sortable; opening one shows it with its corrections."""

    openRequested = Signal(int)  # noqa: N815 - filing id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search issuer, ticker, owner, form…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.open_button = QPushButton("Open", self)
        self.open_button.clicked.connect(self._open_current)
        self.count = QLabel(self)
        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 4)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addWidget(self.open_button)
        self.view = _table(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(7, Qt.SortOrder.DescendingOrder)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((220, 60, 200, 50, 90, 80, 70)):
            self.view.setColumnWidth(column, width)
        self.view.activated.connect(lambda index: self.openRequested.emit(int(index.data(Qt.ItemDataRole.UserRole))))
        self.view.doubleClicked.connect(
            lambda index: self.openRequested.emit(int(index.data(Qt.ItemDataRole.UserRole)))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)
        self._count()

    def _count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} saved")

    def set_items(self, items: list) -> None:
        self.model.set_items(items)
        self._count()

    def _open_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.openRequested.emit(int(index.data(Qt.ItemDataRole.UserRole)))
