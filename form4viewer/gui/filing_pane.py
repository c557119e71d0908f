"""The filing pane: the header (issuer, form, reporting owners and their boxes), Table I and Table II, footnotes,
remarks and signatures. Everything is edited in place; every change is an undo command on the document."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..model import TABLES, Kind, Value, field_spec
from . import plain
from .delegates import ValueDelegate
from .document import MAX_OWNERS, FilingDocument, label_of
from .fields import Bound, ValueTextEdit, make_field
from .models import FootnotesModel, OwnersModel, PartsModel, PathRole, review_order

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's largest widget size (not exported by PySide6)


def _flag(value: object) -> bool:
    """A yes/no setting as QSettings gives it back (a bool, or "true"/"false" from an INI file)."""
    return value in (True, "true", "1", 1)


TABLE_TAB_TITLES = {
    "non_derivative_transactions": "Table I · Transactions",
    "non_derivative_holdings": "Table I · Holdings",
    "derivative_transactions": "Table II · Transactions",
    "derivative_holdings": "Table II · Holdings",
}


def field_menu(document: FilingDocument, path: str, parent: QWidget) -> QMenu:
    """The menu of one field: revert it, attach or detach footnotes, show where it was read."""
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)
    try:
        value: Value | None = document.value(path)
    except (KeyError, AssertionError):
        value = None
    title = menu.addAction(label_of(path))
    title.setEnabled(False)
    show = menu.addAction("Show Where It Was Read")
    show.triggered.connect(lambda: (document.select(""), document.select(path)))
    if value is None:
        return menu
    revert = menu.addAction("Revert to What Was Read")
    revert.setEnabled(value.corrected)
    revert.triggered.connect(lambda: document.revert(path))
    notes = menu.addMenu("Footnotes")
    notes.setObjectName("footnotes-menu")
    filing = document.filing
    for note in filing.footnotes if filing is not None else ():
        text = note.text.text
        action = notes.addAction(plain.shown(f"{note.id}  {text[:60] + '…' if len(text) > 60 else text}"))
        action.setObjectName(f"footnote-{note.id}")
        action.setCheckable(True)
        action.setChecked(note.id in value.footnotes)
        action.setToolTip(plain.tip(text))
        action.triggered.connect(lambda _=False, n=note.id: document.toggle_footnote(path, n))
    missing = [n for n in value.footnotes if filing is not None and filing.footnote(n) is None]
    for note_id in missing:
        action = notes.addAction(plain.shown(f"{note_id}  (no such footnote)"))
        action.setCheckable(True)
        action.setChecked(True)
        action.triggered.connect(lambda _=False, n=note_id: document.toggle_footnote(path, n))
    if notes.actions():
        notes.addSeparator()
    new = notes.addAction("New Footnote Attached Here")
    new.triggered.connect(lambda: _new_footnote_here(document, path))
    return menu


def _new_footnote_here(document: FilingDocument, path: str) -> None:
    document.undo_stack.beginMacro(f"New Footnote on {label_of(path)}")
    note_id = document.add_footnote("")
    document.toggle_footnote(path, note_id)
    document.undo_stack.endMacro()
    document.select(f"footnotes[{len(document.filing.footnotes) - 1}].text")  # type: ignore[union-attr]


class FrozenColumn(QTableView):
    """The first column of a table (the security's title) drawn over the table's left edge, so that it stays in
    view when the table scrolls sideways. It shares the table's model, selection and delegate: a click, a typed
    key or a context menu does there what it does in the table."""

    def __init__(self, table: PartsTable) -> None:
        super().__init__(table)
        self.table = table
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setItemDelegate(table.itemDelegate())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(table.selectionBehavior())
        self.setSelectionMode(table.selectionMode())
        self.setEditTriggers(table.editTriggers())
        self.setWordWrap(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        header = self.horizontalHeader()
        header.setDefaultAlignment(table.horizontalHeader().defaultAlignment())
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # A line on its right edge shows where the columns scroll under it.
        self.setStyleSheet("QTableView { border: none; border-right: 1px solid palette(mid); }")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: table.context_menu_at(self.indexAt(pos), self.viewport().mapToGlobal(pos)))
        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        table.model().modelReset.connect(self.sync)
        table.horizontalHeader().sectionResized.connect(lambda *_: self.sync())
        table.horizontalHeader().geometriesChanged.connect(self.sync)
        table.verticalHeader().geometriesChanged.connect(self.sync)
        self._syncing = False
        self.sync()

    def sync(self) -> None:
        """Show only the first column, as wide and as high as the table's, over the table's own."""
        if self._syncing:
            return
        self._syncing = True
        try:
            table = self.table
            for column in range(self.model().columnCount()):
                if self.isColumnHidden(column) != (column != 0):
                    self.setColumnHidden(column, column != 0)
            if self.columnWidth(0) != table.columnWidth(0):
                self.setColumnWidth(0, table.columnWidth(0))
            if self.horizontalHeader().height() != table.horizontalHeader().height():
                self.horizontalHeader().setFixedHeight(table.horizontalHeader().height())
            self.verticalScrollBar().setValue(table.verticalScrollBar().value())
            frame = table.frameWidth()
            geometry = QRect(table.verticalHeader().width() + frame, frame, table.columnWidth(0) + 1,
                             table.viewport().height() + table.horizontalHeader().height())
            if self.geometry() != geometry:
                self.setGeometry(geometry)
            shown = table.model().columnCount() > 0 and not table.isColumnHidden(0)
            if self.isVisibleTo(table) != shown:
                self.setVisible(shown)
        finally:
            self._syncing = False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Keys go to the table, which hands typing in the first column back here."""
        super().focusInEvent(event)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


class PartsTable(QTableView):
    """A table of a filing part; the current cell is the document's current field. With `frozen`, its first column
    stays in view when it scrolls sideways; values cut to fit their column have the whole value in their tooltip."""

    contextMenuAt = Signal(QModelIndex, QPoint)  # noqa: N815 - the index under the mouse (maybe invalid), global pos

    def __init__(self, document: FilingDocument, model: PartsModel | FootnotesModel, parent: QWidget | None = None,
                 *, frozen: bool = False):
        super().__init__(parent)
        self.document = document
        self.setModel(model)
        self.setItemDelegate(ValueDelegate(self))
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.context_menu_at(self.indexAt(pos), self.viewport().mapToGlobal(pos)))
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        model.modelReset.connect(self.fit_columns)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.frozen: FrozenColumn | None = FrozenColumn(self) if frozen else None
        self.fit_columns()

    def context_menu_at(self, index: QModelIndex, global_pos: QPoint) -> None:
        self.contextMenuAt.emit(index, global_pos)

    def fit_columns(self) -> None:
        """Columns as wide as their values or their name, whichever is wider, on one line (up to a limit; a longer
        value is cut, whole in its tooltip, as a longer name is in the header's)."""
        model = self.model()
        fm = self.fontMetrics()
        for column in range(model.columnCount()):
            widest = 0
            for row in range(min(model.rowCount(), 60)):
                text = str(model.index(row, column).data() or "")
                widest = max(widest, fm.horizontalAdvance(text) + 34)
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            header_width = min(fm.horizontalAdvance(title) + 18, 200)
            self.setColumnWidth(column, min(max(widest, header_width, 48), 420))
        self.horizontalHeader().setFixedHeight(fm.height() + 10)
        if self.frozen is not None:
            self.frozen.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.frozen is not None:
            self.frozen.sync()

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """As QTableView's, and a cell scrolled to is never left under the frozen first column."""
        super().scrollTo(index, hint)
        if self.frozen is not None and self.frozen.isVisible() and index.isValid() and index.column() > 0:
            left = self.columnViewportPosition(index.column())
            hidden = self.columnWidth(0) - left
            if hidden > 0:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() - hidden)

    def edit(self, index: QModelIndex | QPersistentModelIndex,  # type: ignore[override]
             trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.AllEditTriggers,
             event: QEvent | None = None) -> bool:
        """The first column is edited where it shows: in the frozen column drawn over it."""
        if self.frozen is not None and self.frozen.isVisible() and index.isValid() and index.column() == 0:
            return self.frozen.edit(index, trigger, event)
        return super().edit(index, trigger, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Delete empties the current cell (an undo step like any edit)."""
        index = self.currentIndex()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid() \
                and self.state() != QAbstractItemView.State.EditingState \
                and index.flags() & Qt.ItemFlag.ItemIsEditable:
            path = index.data(PathRole)
            if path:
                self.document.set_value(path, None, merge=False)
                event.accept()
                return
        super().keyPressEvent(event)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        path = current.data(PathRole) if current.isValid() else None
        if path:
            self.document.select(path)

    def show_path(self, path: str) -> bool:
        model = self.model()
        index = model.index_of(path)  # type: ignore[attr-defined]
        if not index.isValid():
            return False
        if self.isColumnHidden(index.column()):
            self.setColumnHidden(index.column(), False)  # a field asked for is shown, even in an empty column
        if self.currentIndex() != index:
            self.selectionModel().setCurrentIndex(index, self.selectionModel().SelectionFlag.ClearAndSelect)
        self.scrollTo(index)
        return True

    def visible_rows(self) -> int:
        """How many rows show whole in the view as it is now."""
        height = self.viewport().height()
        rows = 0
        for row in range(self.model().rowCount()):
            top = self.rowViewportPosition(row)
            if top >= 0 and top + self.rowHeight(row) <= height:
                rows += 1
        return rows


class TableEditor(QWidget):
    """One of the four tables with its row actions (add, remove, move up, move down: in the menu of the row
    button beside the table tabs and in the context menu). Columns a reviewer reads first come first; the other
    columns that no row fills are hidden unless `show_empty_columns` (the header's context menu switches it)."""

    showEmptyColumnsChanged = Signal(bool)  # noqa: N815

    def __init__(self, document: FilingDocument, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.show_empty_columns = False
        self.model = PartsModel(document, table, review_order(table), self)
        self.view = PartsTable(document, self.model, self, frozen=True)
        self.view.contextMenuAt.connect(self._menu)
        self.view.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        if self.view.frozen is not None:
            frozen_header = self.view.frozen.horizontalHeader()
            frozen_header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            frozen_header.customContextMenuRequested.connect(
                lambda pos: self._header_menu(self.view.horizontalHeader().mapFromGlobal(frozen_header.mapToGlobal(pos))))
        self.add_action = QAction("Add Row Below", self, triggered=self.add_row)
        self.add_above_action = QAction("Add Row Above", self, triggered=self.add_row_above)
        self.remove_action = QAction("Remove Row", self, triggered=self.remove_row)
        self.up_action = QAction("Move Row Up", self, triggered=lambda: self.move_row(-1))
        self.down_action = QAction("Move Row Down", self, triggered=lambda: self.move_row(1))
        self.remove_action.setShortcut(QKeySequence("Ctrl+Shift+Del"))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.row_actions = (self.add_action, self.add_above_action, self.remove_action, self.up_action,
                            self.down_action)
        self.addActions(list(self.row_actions))
        self.rows_menu = QMenu(self)
        self.rows_menu.addActions(list(self.row_actions))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view)
        self.model.modelReset.connect(self.collapse_empty_columns)
        document.loaded.connect(self.collapse_empty_columns)

    def collapse_empty_columns(self) -> None:
        """Hide the columns no row of the filing fills (all shown when `show_empty_columns`)."""
        empty = set(self.model.empty_columns()) if not self.show_empty_columns else set()
        for column in range(self.model.columnCount()):
            self.view.setColumnHidden(column, column in empty)
        self.view.fit_columns()

    def hidden_columns(self) -> list[str]:
        return [self.model.fields[c] for c in range(self.model.columnCount()) if self.view.isColumnHidden(c)]

    def set_show_empty_columns(self, show: bool) -> None:
        if show != self.show_empty_columns:
            self.show_empty_columns = show
            self.collapse_empty_columns()
            self.showEmptyColumnsChanged.emit(show)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> None:
        row = self.current_row()
        self.document.add_row(self.table, row + 1 if row >= 0 else None)

    def add_row_above(self) -> None:
        row = self.current_row()
        self.document.add_row(self.table, row if row >= 0 else 0)

    def remove_row(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.document.remove_row(self.table, row)

    def move_row(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.document.move_row(self.table, row, delta)

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self.view)
        action = menu.addAction("Show Empty Columns")
        action.setCheckable(True)
        action.setChecked(self.show_empty_columns)
        action.setToolTip("Columns no row of this filing fills are hidden; show them to type into them")
        action.toggled.connect(self.set_show_empty_columns)
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    def _menu(self, index: QModelIndex, global_pos: QPoint) -> None:
        if index.isValid():
            self.view.setCurrentIndex(index)
            menu = field_menu(self.document, self.model.path(index), self.view)
            menu.addSeparator()
        else:
            menu = QMenu(self.view)
        menu.addAction(self.add_action)
        if index.isValid():
            for action in self.row_actions[1:]:
                menu.addAction(action)
        menu.exec(global_pos)


class FootnotesEditor(QWidget):
    """The footnotes: id, text (wrapped; a row grows to show its whole text) and which fields cite each; add and
    remove (the buttons beside the tabs and the context menu)."""

    def __init__(self, document: FilingDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = FootnotesModel(document, self)
        self.view = PartsTable(document, self.model, self)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # A row grows with its footnote's text; the list of fields that cite it stays on one line (whole in the
        # tooltip), or one footnote cited by thirty fields would fill the panel.
        self.cited_delegate = ValueDelegate(self.view, wrap=False)
        self.view.setItemDelegateForColumn(2, self.cited_delegate)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.customContextMenuRequested.connect(self._menu)
        self.add_action = QAction("Add Footnote", self, triggered=lambda: self.document.add_footnote(""))
        self.remove_action = QAction("Remove Footnote", self, triggered=self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view)
        self.model.modelReset.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        self.view.setColumnWidth(0, 52)
        self.view.setColumnWidth(1, max(280, int(self.view.viewport().width() * 0.6)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()  # the text column takes the room it gets, and its rows wrap to it

    def remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.document.remove_footnote(index.row())

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        menu = QMenu(self.view)
        menu.addAction("Add Footnote", lambda: self.document.add_footnote(""))
        if index.isValid():
            menu.addAction("Remove Footnote", lambda: self.document.remove_footnote(index.row()))
        menu.exec(self.view.viewport().mapToGlobal(pos))


class HeaderView(QWidget):
    """Issuer, form, filing (accession number and date), dates and boxes, and the reporting owners: a list of
    them (name and relationship, any number) beside which the selected owner's fields are edited."""

    def __init__(self, document: FilingDocument, menu: Callable[[str, QWidget], QMenu], parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.menu = menu
        self.fields: dict[str, QWidget] = {}
        self._owner_count = -1

        # One box for the issuer and the form (a second box's title and frame would take a line): the issuer's
        # name, ticker and CIK, the form's own values, then EDGAR's (accession number and filing date) on one
        # line, then the boxes two by two, the amendment's date taking the place beside the fifth box.
        form = QGroupBox("Issuer and form", self)
        self.form_box = form
        grid = self._grid(form)
        grid.addWidget(QLabel("Issuer"), 0, 0)
        grid.addWidget(self._field("issuer.name"), 0, 1, 1, 3)
        grid.addWidget(QLabel("Ticker"), 1, 0)
        grid.addWidget(self._field("issuer.trading_symbol"), 1, 1)
        grid.addWidget(self._label("CIK", "issuer.cik"), 1, 2)
        grid.addWidget(self._field("issuer.cik"), 1, 3)
        grid.addWidget(QLabel("Form"), 2, 0)
        grid.addWidget(self._field("form"), 2, 1)
        grid.addWidget(self._label("Period", "period_of_report"), 2, 2)
        grid.addWidget(self._field("period_of_report"), 2, 3)
        # The accession number is wider than the fields above it: its line has its own proportions.
        filed = QHBoxLayout()
        filed.setSpacing(4)
        accession = self._field("accession_number")
        accession.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000000000-00-000000") + 44)  # + its marker
        filed.addWidget(accession, 1)
        filed.addWidget(self._label("Filed", "filing_date"))
        filed.addWidget(self._field("filing_date"))
        grid.addWidget(self._label("Accession", "accession_number"), 3, 0)
        grid.addLayout(filed, 3, 1, 1, 3)
        # The boxes in fewer words than the form's (their tooltips give the form's), so that two fit a line.
        boxes = (("not_subject_to_section16", "No longer Section 16"), ("aff10b5_one", "Rule 10b5-1(c) plan"),
                 ("no_securities_owned", "No securities owned"), ("form3_holdings_reported", "Form 3 holdings"),
                 ("form4_transactions_reported", "Form 4 transactions"))
        for i, (name, label) in enumerate(boxes):
            grid.addWidget(self._field(name, label), 4 + i // 2, (i % 2) * 2, 1, 2)
        amends = QHBoxLayout()
        amends.setSpacing(6)
        amends.addWidget(self._label("Original filed", "date_of_original_submission"))
        amends.addWidget(self._field("date_of_original_submission"), 1)
        grid.addLayout(amends, 6, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(form)
        left.addStretch(1)

        # The add and remove buttons stand on the box's title line, at its right, so that the list of owners takes
        # the box's whole width and no line of its own is spent on them.
        owners_box = QGroupBox("Reporting owners", self)
        self.owners_box = owners_box
        self._owners_title = "Reporting owners"  # the whole title; shortened where the box is narrow
        owners_box.installEventFilter(self)
        self.owners_model = OwnersModel(document, self)
        self.owner_list = QTableView(owners_box)
        self.owner_list.setObjectName("owner-list")
        self.owner_list.setModel(self.owners_model)
        self.owner_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.owner_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.owner_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.owner_list.setAlternatingRowColors(True)
        self.owner_list.setShowGrid(False)
        self.owner_list.setWordWrap(False)
        self.owner_list.horizontalHeader().hide()
        self.owner_list.verticalHeader().hide()
        self.owner_list.horizontalHeader().setStretchLastSection(True)
        self.owner_list.setColumnHidden(1, True)  # the relationship shows under each name
        self.owners_model.modelReset.connect(lambda: self.owner_list.setColumnHidden(1, True))
        self.owner_list.setItemDelegate(ValueDelegate(self.owner_list))  # a name cut short is whole in its tooltip
        self.owner_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.owner_list.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2 + 6)
        self.owner_list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.owner_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.owner_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.owner_list.selectionModel().currentRowChanged.connect(self._owner_picked)
        self.owner_pages = QStackedWidget(owners_box)
        self.add_owner_button = QToolButton(owners_box)
        self.add_owner_button.setText("Add")
        self.add_owner_button.setToolTip("Add a reporting owner (a form names up to ten)")
        self.add_owner_button.clicked.connect(document.add_owner)
        self.remove_owner_button = QToolButton(owners_box)
        self.remove_owner_button.setText("Remove")
        self.remove_owner_button.setToolTip("Remove the selected owner from the filing")
        self.remove_owner_button.clicked.connect(self.remove_owner)
        self.owner_buttons = QWidget(owners_box)
        title_row = QHBoxLayout(self.owner_buttons)
        title_row.setContentsMargins(0, 0, 0, 0)
        title_row.setSpacing(2)
        for button in (self.add_owner_button, self.remove_owner_button):
            button.setAutoRaise(True)
            button.setFixedHeight(self.fontMetrics().height() + 2)
            title_row.addWidget(button)
        owners_layout = QVBoxLayout(owners_box)
        owners_layout.setContentsMargins(6, 2, 6, 2)
        owners_layout.setSpacing(2)
        owners_layout.addWidget(self.owner_list)
        owners_layout.addWidget(self.owner_pages)
        owners_layout.addStretch(1)

        self.issuer_and_form = QWidget(self)
        self.issuer_and_form.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.columns.setContentsMargins(4, 2, 4, 2)
        self.columns.setSpacing(6)
        self.columns.addWidget(self.issuer_and_form, 1)
        self.columns.addWidget(owners_box, 1)
        document.filingChanged.connect(self.refresh)
        document.currentPathChanged.connect(self.show_path)

    def _fit_owners_title(self) -> None:
        """The owners box's title, or its short form ("Owners (8)") where the box is too narrow for the title and
        the buttons beside it (they stood over the title's end)."""
        title = self._owners_title
        room = self.owners_box.width() - self.owner_buttons.sizeHint().width() - 30
        if self.owners_box.fontMetrics().horizontalAdvance(title) > room:
            title = title.replace("Reporting owners", "Owners")
        if self.owners_box.title() != title:
            self.owners_box.setTitle(title)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.owners_box and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            hint = self.owner_buttons.sizeHint()
            self.owner_buttons.setGeometry(self.owners_box.width() - hint.width() - 6, 0, hint.width(), hint.height())
            self.owner_buttons.raise_()
            self._fit_owners_title()
        return super().eventFilter(watched, event)

    @staticmethod
    def _grid(box: QGroupBox) -> QGridLayout:
        grid = QGridLayout(box)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        return grid

    @staticmethod
    def _label(text: str, path: str) -> QLabel:
        label = QLabel(text)
        label.setToolTip(field_spec(path).label)
        return label

    def _field(self, path: str, label: str | None = None) -> QWidget:
        widget = make_field(self.document, path, self.menu, self, label)
        if field_spec(path).kind is Kind.DATE:  # a whole date beside its marker and calendar button
            widget.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 48)
        self.fields[path] = widget
        return widget

    def side_by_side_width(self) -> int:
        """The narrowest the header can be with the owners beside the issuer and form; narrower, they go below."""
        margins = self.columns.contentsMargins()
        return (self.issuer_and_form.minimumSizeHint().width() + self.owners_box.minimumSizeHint().width()
                + self.columns.spacing() + margins.left() + margins.right())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        side_by_side = event.size().width() >= self.side_by_side_width()
        direction = QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Only as wide as the wider column: narrower than both side by side, the owners go below."""
        hint = super().minimumSizeHint()
        margins = self.columns.contentsMargins()
        narrow = max(self.issuer_and_form.minimumSizeHint().width(), self.owners_box.minimumSizeHint().width()) \
            + margins.left() + margins.right()
        return QSize(narrow, hint.height())

    def current_owner(self) -> int:
        return self.owner_pages.currentIndex()

    def remove_owner(self) -> None:
        row = self.owner_list.currentIndex().row()
        if row >= 0:
            self.document.remove_owner(row)

    def _owner_picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() != self.owner_pages.currentIndex():
            self.owner_pages.setCurrentIndex(current.row())

    def _select_owner(self, row: int) -> None:
        if 0 <= row < self.owners_model.rowCount():
            self.owner_pages.setCurrentIndex(row)
            if self.owner_list.currentIndex().row() != row:
                self.owner_list.setCurrentIndex(self.owners_model.index(row, 0))

    def _owner_page(self, i: int) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        p = f"reporting_owners[{i}]."

        def f(name: str) -> QWidget:
            widget = make_field(self.document, p + name, self.menu, page)
            self.fields[p + name] = widget
            return widget

        def line(*parts: tuple[str, str, int]) -> QHBoxLayout:
            """Several fields on one line: (label, field name, stretch); the first label goes in column 0."""
            row = QHBoxLayout()
            row.setSpacing(6)
            for n, (label, name, stretch) in enumerate(parts):
                if n:
                    row.addWidget(self._label(label, p + name))
                row.addWidget(f(name), stretch)
            return row

        rows = [
            ("Name", line(("", "name", 3), ("CIK", "cik", 1))),
            ("Street", line(("", "street1", 1), ("", "street2", 1))),
            ("City", line(("", "city", 3), ("State", "state", 1), ("ZIP", "zip_code", 2), ("Country", "country", 1))),
        ]
        for r, (label, row) in enumerate(rows):
            grid.addWidget(QLabel(label), r, 0)
            grid.addLayout(row, r, 1)
        # Box 5 on one line when there is room for it, two by two when there is not: a ticked box is never
        # pushed out of sight.
        relation = FlowRow(page)
        for name in ("is_director", "is_officer", "is_ten_percent_owner", "is_other"):
            relation.add(f(name))
        grid.addWidget(QLabel("Is"), 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(relation, 3, 1)
        grid.addWidget(QLabel("Title"), 4, 0)
        grid.addLayout(line(("", "officer_title", 3), ("Other", "other_text", 2)), 4, 1)
        grid.setColumnStretch(1, 1)
        return page

    def _build_owners(self, count: int) -> None:
        for path in [p for p in self.fields if p.startswith("reporting_owners[")]:
            self.fields.pop(path)
        while self.owner_pages.count():
            page = self.owner_pages.widget(0)
            self.owner_pages.removeWidget(page)
            page.deleteLater()
        for i in range(count):
            self.owner_pages.addWidget(self._owner_page(i))
        self._owner_count = count
        # The list shows up to three owners at once (it scrolls for more), one when there is one.
        rows = max(1, min(count, 3))
        self.owner_list.setFixedHeight(rows * self.owner_list.verticalHeader().defaultSectionSize()
                                       + 2 * self.owner_list.frameWidth())

    def refresh(self) -> None:
        filing = self.document.filing
        count = len(filing.reporting_owners) if filing is not None else 0
        if count != self._owner_count:
            current = self.owner_pages.currentIndex()
            self._build_owners(count)
            self._select_owner(min(max(current, 0), count - 1))
        self._owners_title = f"Reporting owners ({count})" if count > 1 else "Reporting owners"
        self._fit_owners_title()
        self.add_owner_button.setEnabled(filing is not None and count < MAX_OWNERS)
        self.remove_owner_button.setEnabled(count > 0)
        for widget in self.fields.values():
            if isinstance(widget, Bound):
                widget.refresh()

    def show_path(self, path: str) -> bool:
        widget = self.fields.get(path)
        if widget is None:
            return False
        if path.startswith("reporting_owners["):
            self._select_owner(int(path[len("reporting_owners["):].partition("]")[0]))
        if not widget.hasFocus():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class FlowRow(QWidget):
    """Widgets side by side on one line when they fit, else two a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[QWidget] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self._per_line = 0

    def add(self, widget: QWidget) -> None:
        self.items.append(widget)
        self._arrange(len(self.items))

    def _one_line_width(self) -> int:
        return sum(w.sizeHint().width() for w in self.items) + self.grid.horizontalSpacing() * (len(self.items) - 1)

    def _arrange(self, per_line: int) -> None:
        if per_line == self._per_line:
            return
        self._per_line = per_line
        for widget in self.items:
            self.grid.removeWidget(widget)
        for n, widget in enumerate(self.items):
            self.grid.addWidget(widget, n // per_line, n % per_line)
        for column in range(len(self.items)):
            self.grid.setColumnStretch(column, 0)
        self.grid.setColumnStretch(per_line - 1, 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        widest = max((w.sizeHint().width() for w in self.items), default=0)
        return QSize(2 * widest + self.grid.horizontalSpacing(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange(len(self.items) if self._one_line_width() <= event.size().width() else 2)


class FilingPane(QWidget):
    """The right side of the window: the header, the tables, and footnotes, remarks and signatures below them.
    The header and the panel below the tables fold away (the buttons beside the table tabs and the bottom tabs,
    remembered) so that the tables get their room; the tables' empty columns collapse (also remembered)."""

    tablesChanged = Signal()  # noqa: N815

    SETTINGS = {"header": "filing/header_shown", "notes": "filing/notes_shown",
                "empty_columns": "filing/show_empty_columns"}

    def __init__(self, document: FilingDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = QSettings()
        menu = self.menu_for
        self.header = HeaderView(document, menu, self)
        header_scroll = QScrollArea(self)
        header_scroll.setWidget(self.header)
        header_scroll.setWidgetResizable(True)
        header_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.header_scroll = header_scroll

        self.table_tabs = QTabWidget(self)
        self.table_tabs.setDocumentMode(True)
        self.tables: dict[str, TableEditor] = {}
        show_empty = _flag(self.settings.value(self.SETTINGS["empty_columns"], False))
        for table in TABLES:
            editor = TableEditor(document, table, self)
            editor.show_empty_columns = show_empty
            editor.showEmptyColumnsChanged.connect(self.set_show_empty_columns)
            self.tables[table] = editor
            self.table_tabs.addTab(editor, TABLE_TAB_TITLES[table])
        self.rows_button = QToolButton(self)
        self.rows_button.setText("Table")
        self.rows_button.setToolTip("Add, remove and move rows of this table; show the columns no row fills")
        self.rows_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.rows_button.setAutoRaise(True)
        self.empty_columns_action = QAction("Show Empty Columns", self)
        self.empty_columns_action.setCheckable(True)
        self.empty_columns_action.setChecked(show_empty)
        self.empty_columns_action.setToolTip("Show the columns no row of this filing fills (hidden to give the "
                                             "others room)")
        self.empty_columns_action.toggled.connect(self.set_show_empty_columns)
        self.header_action = QAction("Header", self)
        self.header_action.setCheckable(True)
        self.header_action.setToolTip("Show or hide the issuer, form and reporting owners above the tables")
        self.header_action.toggled.connect(self.set_header_shown)
        table_corner = QToolBar(self)
        table_corner.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        table_corner.setIconSize(QSize(12, 12))
        table_corner.addWidget(self.rows_button)
        table_corner.addAction(self.header_action)
        self.table_tabs.setCornerWidget(table_corner, Qt.Corner.TopRightCorner)
        self.table_tabs.currentChanged.connect(self._table_shown)
        self._table_shown(0)

        self.bottom_tabs = QTabWidget(self)
        self.bottom_tabs.setDocumentMode(True)
        self.footnotes = FootnotesEditor(document, self)
        self.bottom_tabs.addTab(self.footnotes, "Footnotes")
        self.signatures_model = PartsModel(document, "signatures", ("name", "date"), self)
        self.signatures = PartsTable(document, self.signatures_model, self)
        self.signatures.customContextMenuRequested.connect(self._signature_menu)
        self.signatures.horizontalHeader().setStretchLastSection(True)
        signatures_page = QWidget(self)
        sig_layout = QVBoxLayout(signatures_page)
        sig_layout.setContentsMargins(0, 0, 0, 0)
        sig_bar = QToolBar(signatures_page)
        sig_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        sig_bar.addAction("Add Signature", document.add_signature)
        sig_bar.addAction("Remove Signature", self._remove_signature)
        sig_layout.addWidget(sig_bar)
        sig_layout.addWidget(self.signatures)
        self.remarks = ValueTextEdit(document, "remarks", menu, self)
        remarks_page = QWidget(self)
        remarks_layout = QHBoxLayout(remarks_page)
        remarks_layout.setContentsMargins(0, 0, 0, 0)
        remarks_box = QGroupBox("Remarks", remarks_page)
        QVBoxLayout(remarks_box).addWidget(self.remarks)
        signatures_box = QGroupBox("Signatures", remarks_page)
        QVBoxLayout(signatures_box).addWidget(signatures_page)
        remarks_layout.addWidget(remarks_box, 1)
        remarks_layout.addWidget(signatures_box, 1)
        self.bottom_tabs.addTab(remarks_page, "Remarks and signatures")
        self.notes_action = QAction("Show", self)
        self.notes_action.setCheckable(True)
        self.notes_action.setToolTip("Show or hide the footnotes, remarks and signatures below the tables")
        self.notes_action.toggled.connect(self.set_notes_shown)
        notes_corner = QToolBar(self)
        notes_corner.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        notes_corner.addAction(self.footnotes.add_action)
        notes_corner.addAction(self.footnotes.remove_action)
        notes_corner.addSeparator()
        notes_corner.addAction(self.notes_action)
        self.bottom_tabs.setCornerWidget(notes_corner, Qt.Corner.TopRightCorner)
        self.bottom_tabs.tabBarClicked.connect(lambda _i: self.notes_action.setChecked(True))
        self.bottom_tabs.currentChanged.connect(
            lambda i: (self.footnotes.add_action.setVisible(i == 0), self.footnotes.remove_action.setVisible(i == 0)))

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("filing-splitter")
        self.splitter.addWidget(header_scroll)
        self.splitter.addWidget(self.table_tabs)
        self.splitter.addWidget(self.bottom_tabs)
        # Room the window gains or loses goes to the tables; the header keeps the height its fields need.
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setChildrenCollapsible(False)
        # The panels' own minimums (a group box, a tool bar, a header and a row) would keep more room than they
        # need to be used; the tables get it instead, and the panels scroll.
        self.bottom_tabs.setMinimumHeight(self.bottom_tabs.tabBar().sizeHint().height())
        self.table_tabs.setMinimumHeight(self.table_tabs.tabBar().sizeHint().height() + 60)
        self.header_scroll.setMinimumHeight(40)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._notes_height = 0
        self._default_pending = False
        self._restoring = True  # the states read back from the settings are not written again
        self.splitter.splitterMoved.connect(self._splitter_moved)
        self.header_action.setChecked(_flag(self.settings.value(self.SETTINGS["header"], True)))
        self.notes_action.setChecked(_flag(self.settings.value(self.SETTINGS["notes"], True)))
        self.set_header_shown(self.header_action.isChecked())
        self.set_notes_shown(self.notes_action.isChecked())
        self._restoring = False
        document.filingChanged.connect(self._retitle)
        document.loaded.connect(self._loaded)
        document.currentPathChanged.connect(self.show_path)

    def _remember(self, key: str, value: bool) -> None:
        if not self._restoring:
            self.settings.setValue(self.SETTINGS[key], value)

    # ---- room for the tables -------------------------------------------------------------------------------

    def default_sizes(self) -> list[int]:
        """The splitter's sizes before a person sets them: the header as high as its fields need, the footnotes
        below as many lines as the filing's take where its rows leave room (`_footnotes_height`), the rest to the
        tables. Until a person moves the splitter, they are set again when the
        pane's height changes or another filing is opened."""
        header = self.header.sizeHint().height() + 2
        if self.splitter.height() > 300:  # owners below the form (a narrow window) scroll rather than crowd out
            header = min(header, self.splitter.height() * 2 // 5)
        if not self.header_action.isChecked():
            header = 0
        handles = self.splitter.handleWidth() * 2
        notes = self.bottom_tabs.tabBar().sizeHint().height()
        if self.notes_action.isChecked():
            notes = self._footnotes_height(self.splitter.height() - header - handles, notes)
        self._default_pending = True  # until a person moves the splitter
        tables = max(100, self.splitter.height() - header - notes - handles)
        return [header, tables, notes]

    def _footnotes_height(self, room: int, tabs: int) -> int:
        """The footnotes panel's height in `room` (what the header leaves; `tabs` is its tab bar's height): the
        lines the filing's footnotes take where the tables' rows (at least three) leave room for them, at most half
        the room, and never less than a header and two lines."""
        least = tabs + self.fontMetrics().height() * 3 + 16
        filing = self.document.filing
        if filing is None:
            return least
        view = self.footnotes.view
        count = min(len(filing.footnotes), view.model().rowCount())
        # Each footnote's row as high as it is drawn (a long one wraps), else a line.
        drawn = sum(view.rowHeight(row) or view.verticalHeader().defaultSectionSize() for row in range(count))
        if view.isVisible():  # what the panel draws besides the rows (tabs, header, scroll bar, frames), as laid out
            around = self.splitter.widget(2).height() - view.viewport().height()
        else:
            around = (tabs + view.horizontalHeader().sizeHint().height()
                      + view.horizontalScrollBar().sizeHint().height() + 8)
        rows = max(len(filing.rows(table)) for table in TABLES)
        table = self.tables[TABLES[0]].view
        tables = (self.table_tabs.tabBar().sizeHint().height() + table.horizontalHeader().sizeHint().height()
                  + table.verticalHeader().defaultSectionSize() * max(3, rows)
                  + table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth() + 2)
        return max(least, min(around + drawn, room // 2, room - tables))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._apply_default_sizes()

    def _apply_default_sizes_later(self) -> None:
        """Once the header's layout has settled for the filing just shown."""
        QTimer.singleShot(0, self._apply_default_sizes)

    def _apply_default_sizes(self) -> None:
        if self._default_pending and self.isVisible():
            self.splitter.setSizes(self.default_sizes())

    def _splitter_moved(self) -> None:
        self._default_pending = False

    def set_header_shown(self, shown: bool) -> None:
        self.header_scroll.setVisible(shown)
        if self.header_action.isChecked() != shown:
            self.header_action.setChecked(shown)
        self._remember("header", shown)
        self._apply_default_sizes_later()

    def set_notes_shown(self, shown: bool) -> None:
        """Fold the panel below the tables to its tabs (a click on a tab opens it again)."""
        tabs = self.bottom_tabs
        if self.notes_action.isChecked() != shown:
            self.notes_action.setChecked(shown)
        self.notes_action.setText("Hide" if shown else "Show")
        folded = tabs.tabBar().sizeHint().height()
        if shown:
            tabs.setMaximumHeight(QWIDGETSIZE_MAX)
            if self._notes_height and self.splitter.count() == 3:
                sizes = self.splitter.sizes()
                grow = self._notes_height - sizes[2]
                if grow > 0:
                    self.splitter.setSizes([sizes[0], max(0, sizes[1] - grow), self._notes_height])
        else:
            sizes = self.splitter.sizes() if self.splitter.count() == 3 else []
            tabs.setMaximumHeight(folded)
            if sizes and sizes[2] > folded:
                self._notes_height = sizes[2]
                self.splitter.setSizes([sizes[0], sizes[1] + sizes[2] - folded, folded])  # the tables take it
        self._remember("notes", shown)
        self._apply_default_sizes_later()

    def set_show_empty_columns(self, show: bool) -> None:
        for editor in self.tables.values():
            editor.set_show_empty_columns(show)
        if self.empty_columns_action.isChecked() != show:
            self.empty_columns_action.setChecked(show)
        self._remember("empty_columns", show)

    def _table_shown(self, index: int) -> None:
        editor = self.table_tabs.widget(index)
        if isinstance(editor, TableEditor):
            if self.empty_columns_action not in editor.rows_menu.actions():
                editor.rows_menu.addSeparator()
                editor.rows_menu.addAction(self.empty_columns_action)
            self.rows_button.setMenu(editor.rows_menu)

    def menu_for(self, path: str, parent: QWidget) -> QMenu:
        return field_menu(self.document, path, parent)

    def _remove_signature(self) -> None:
        index = self.signatures.currentIndex()
        if index.isValid():
            self.document.remove_signature(index.row())

    def _signature_menu(self, pos: QPoint) -> None:
        index = self.signatures.indexAt(pos)
        if index.isValid():
            menu = field_menu(self.document, self.signatures_model.path(index), self.signatures)
            menu.addSeparator()
        else:
            menu = QMenu(self.signatures)
        menu.addAction("Add Signature", self.document.add_signature)
        if index.isValid():
            menu.addAction("Remove Signature", lambda: self.document.remove_signature(index.row()))
        menu.exec(self.signatures.viewport().mapToGlobal(pos))

    def _retitle(self) -> None:
        filing = self.document.filing
        for i, table in enumerate(TABLES):
            count = len(filing.rows(table)) if filing is not None else 0
            self.table_tabs.setTabText(i, f"{TABLE_TAB_TITLES[table]} ({count})")
        notes = len(filing.footnotes) if filing is not None else 0
        self.bottom_tabs.setTabText(0, f"Footnotes ({notes})")

    def _loaded(self) -> None:
        """Show the first table that has rows, and size columns to the new filing's values."""
        filing = self.document.filing
        self._apply_default_sizes_later()
        for editor in self.tables.values():
            editor.view.fit_columns()
        if filing is None:
            return
        for i, table in enumerate(TABLES):
            if filing.rows(table):
                self.table_tabs.setCurrentIndex(i)
                break

    def show_path(self, path: str) -> None:
        """Bring the field at `path` into view wherever it is (header, a table, footnotes, signatures)."""
        if not path:
            return
        if path in self.header.fields and not self.header_scroll.isVisible():
            self.set_header_shown(True)
        if self.header.show_path(path):
            widget = self.header.fields[path]
            self.header_scroll.ensureWidgetVisible(widget)
            return
        for i, table in enumerate(TABLES):
            if path.startswith(table + "["):
                self.table_tabs.setCurrentIndex(i)
                self.tables[table].view.show_path(path)
                return
        if path.startswith(("footnotes[", "signatures[")) or path == "remarks":
            self.notes_action.setChecked(True)
        if path.startswith("footnotes["):
            self.bottom_tabs.setCurrentIndex(0)
            self.footnotes.view.show_path(path)
        elif path.startswith("signatures[") or path == "remarks":
            self.bottom_tabs.setCurrentIndex(1)
            if path == "remarks":
                self.remarks.setFocus()
            else:
                self.signatures.show_path(path)
