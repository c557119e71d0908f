"""The filing pane: the header (issuer, form, reporting owners and their boxes), Table I and Table II, footnotes,
remarks and signatures. Everything is edited in place; every change is an undo command on the document."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabBar,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..model import TABLE_FIELDS, TABLES, Value
from . import plain
from .delegates import ValueDelegate
from .document import MAX_OWNERS, FilingDocument, label_of
from .fields import Bound, ValueTextEdit, make_field
from .models import FootnotesModel, PartsModel, PathRole

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


class PartsTable(QTableView):
    """A table of a filing part; the current cell is the document's current field."""

    def __init__(self, document: FilingDocument, model: PartsModel | FootnotesModel, parent: QWidget | None = None):
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
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        model.modelReset.connect(self.fit_columns)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns as wide as their values, headers wrapped rather than widening a column for a long name."""
        model = self.model()
        fm = self.fontMetrics()
        for column in range(model.columnCount()):
            widest = 0
            for row in range(min(model.rowCount(), 60)):
                text = str(model.index(row, column).data() or "")
                widest = max(widest, fm.horizontalAdvance(text) + 34)
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            longest_word = max((fm.horizontalAdvance(w) for w in title.split()), default=0) + 16
            header_width = min(fm.horizontalAdvance(title) + 16, max(longest_word, 96))
            self.setColumnWidth(column, min(max(widest, header_width, 48), 420))
        self.horizontalHeader().setMinimumHeight(fm.height() * 2 + 10)

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
        if self.currentIndex() != index:
            self.selectionModel().setCurrentIndex(index, self.selectionModel().SelectionFlag.ClearAndSelect)
        self.scrollTo(index)
        return True


class TableEditor(QWidget):
    """One of the four tables with its row actions: add, remove, move up, move down."""

    def __init__(self, document: FilingDocument, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.model = PartsModel(document, table, TABLE_FIELDS[table], self)
        self.view = PartsTable(document, self.model, self)
        self.view.customContextMenuRequested.connect(self._menu)
        bar = QToolBar(self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = bar.addAction("Add Row", self.add_row)
        self.remove_action = bar.addAction("Remove Row", self.remove_row)
        self.up_action = bar.addAction("Move Up", lambda: self.move_row(-1))
        self.down_action = bar.addAction("Move Down", lambda: self.move_row(1))
        self.remove_action.setShortcut(QKeySequence("Ctrl+Shift+Del"))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.view)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> None:
        row = self.current_row()
        self.document.add_row(self.table, row + 1 if row >= 0 else None)

    def remove_row(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.document.remove_row(self.table, row)

    def move_row(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0:
            self.document.move_row(self.table, row, delta)

    def _menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
            menu = field_menu(self.document, self.model.path(index), self.view)
            menu.addSeparator()
        else:
            menu = QMenu(self.view)
        menu.addAction("Add Row Below", self.add_row)
        if index.isValid():
            menu.addAction("Add Row Above", lambda: self.document.add_row(self.table, index.row()))
            menu.addAction("Remove Row", self.remove_row)
            menu.addAction("Move Row Up", lambda: self.move_row(-1))
            menu.addAction("Move Row Down", lambda: self.move_row(1))
        menu.exec(self.view.viewport().mapToGlobal(pos))


class FootnotesEditor(QWidget):
    """The footnotes: id, text and which fields cite each; add and remove."""

    def __init__(self, document: FilingDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = FootnotesModel(document, self)
        self.view = PartsTable(document, self.model, self)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(True)
        self.view.customContextMenuRequested.connect(self._menu)
        bar = QToolBar(self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction("Add Footnote", lambda: self.document.add_footnote(""))
        bar.addAction("Remove Footnote", self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.view)
        self.model.modelReset.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        self.view.setColumnWidth(0, 52)
        self.view.setColumnWidth(1, max(280, int(self.view.viewport().width() * 0.55)))

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
    """Issuer, form, dates and boxes, and one tab per reporting owner."""

    def __init__(self, document: FilingDocument, menu: Callable[[str, QWidget], QMenu], parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.menu = menu
        self.fields: dict[str, QWidget] = {}
        self._owner_count = -1

        issuer = QGroupBox("Issuer", self)
        issuer_grid = QGridLayout(issuer)
        issuer_grid.setVerticalSpacing(4)
        issuer_grid.addWidget(QLabel("Name"), 0, 0)
        issuer_grid.addWidget(self._field("issuer.name"), 0, 1, 1, 3)
        issuer_grid.addWidget(QLabel("Ticker"), 1, 0)
        issuer_grid.addWidget(self._field("issuer.trading_symbol"), 1, 1)
        issuer_grid.addWidget(QLabel("CIK"), 1, 2)
        issuer_grid.addWidget(self._field("issuer.cik"), 1, 3)
        issuer_grid.setColumnStretch(1, 1)
        issuer_grid.setColumnStretch(3, 1)

        filing = QGroupBox("Form", self)
        grid = QGridLayout(filing)
        grid.setVerticalSpacing(4)
        grid.addWidget(QLabel("Form"), 0, 0)
        grid.addWidget(self._field("form"), 0, 1)
        grid.addWidget(QLabel("Period"), 0, 2)
        grid.addWidget(self._field("period_of_report"), 0, 3)
        grid.addWidget(QLabel("Amendment of a form filed"), 1, 0, 1, 3)
        grid.addWidget(self._field("date_of_original_submission"), 1, 3)
        names = ("not_subject_to_section16", "aff10b5_one", "no_securities_owned", "form3_holdings_reported",
                 "form4_transactions_reported")
        for i, name in enumerate(names):
            grid.addWidget(self._field(name), 2 + i // 2, (i % 2) * 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        left = QVBoxLayout()
        left.addWidget(issuer)
        left.addWidget(filing)
        left.addStretch(1)

        self.owners = QTabWidget(self)
        self.owners.setDocumentMode(True)
        # Owners are added with the button beside the tabs and removed with a tab's close button (both undoable).
        self.owners.setTabsClosable(True)
        # Several owners share the width left beside "Add Owner": names are shortened rather than scrolled away.
        self.owners.setElideMode(Qt.TextElideMode.ElideRight)
        self.owners.setUsesScrollButtons(False)
        self.owners.tabCloseRequested.connect(document.remove_owner)
        self.add_owner_button = QToolButton(self.owners)
        self.add_owner_button.setText("Add Owner")
        self.add_owner_button.setToolTip("Add a reporting owner (a form names up to ten)")
        self.add_owner_button.setAutoRaise(True)
        self.add_owner_button.clicked.connect(document.add_owner)
        self.owners.setCornerWidget(self.add_owner_button, Qt.Corner.TopRightCorner)
        owners_box = QGroupBox("Reporting owners", self)
        owners_layout = QVBoxLayout(owners_box)
        owners_layout.setContentsMargins(6, 4, 6, 6)
        owners_layout.addWidget(self.owners)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(left, 1)
        layout.addWidget(owners_box, 1)
        document.filingChanged.connect(self.refresh)
        document.currentPathChanged.connect(self.show_path)

    def _field(self, path: str) -> QWidget:
        widget = make_field(self.document, path, self.menu, self)
        self.fields[path] = widget
        return widget

    def _build_owners(self, count: int) -> None:
        for path in [p for p in self.fields if p.startswith("reporting_owners[")]:
            self.fields.pop(path)
        while self.owners.count():
            page = self.owners.widget(0)
            self.owners.removeTab(0)
            page.deleteLater()
        for i in range(count):
            page = QWidget()
            grid = QGridLayout(page)
            grid.setContentsMargins(4, 6, 4, 4)
            grid.setHorizontalSpacing(8)
            grid.setVerticalSpacing(4)
            p = f"reporting_owners[{i}]."

            def f(name: str, page: QWidget = page, p: str = p) -> QWidget:
                widget = make_field(self.document, p + name, self.menu, page)
                self.fields[p + name] = widget
                return widget

            def line(*parts: tuple[str, str, int]) -> QHBoxLayout:
                """Several fields on one line: (label, field name, stretch); the first label goes in column 0."""
                row = QHBoxLayout()
                row.setSpacing(6)
                for n, (label, name, stretch) in enumerate(parts):
                    if n:
                        row.addWidget(QLabel(label))
                    row.addWidget(f(name), stretch)
                return row

            rows = [
                ("Name", line(("", "name", 3), ("CIK", "cik", 2))),
                ("Street", line(("", "street1", 1))),
                ("", line(("", "street2", 1))),
                ("City", line(("", "city", 3), ("State", "state", 1), ("ZIP", "zip_code", 2))),
            ]
            for r, (label, row) in enumerate(rows):
                grid.addWidget(QLabel(label), r, 0)
                grid.addLayout(row, r, 1)
            relation = QGridLayout()
            relation.setContentsMargins(0, 0, 0, 0)
            for n, name in enumerate(("is_director", "is_ten_percent_owner", "is_officer", "is_other")):
                relation.addWidget(f(name), n // 2, n % 2)
            grid.addWidget(QLabel("Relation"), 4, 0, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(relation, 4, 1)
            grid.addWidget(QLabel("Title"), 5, 0)
            grid.addLayout(line(("", "officer_title", 3), ("Other", "other_text", 2)), 5, 1)
            grid.setColumnStretch(1, 1)
            self.owners.addTab(page, f"Owner {i + 1}")
        self._owner_count = count

    def refresh(self) -> None:
        filing = self.document.filing
        count = len(filing.reporting_owners) if filing is not None else 0
        if count != self._owner_count:
            self._build_owners(count)
        for i in range(count):
            name = filing.reporting_owners[i].name.text if filing is not None else ""
            # A tab's text takes "&" as the mark of a keyboard shortcut; owners such as "Smith & Co" need it doubled.
            self.owners.setTabText(i, plain.shown(name).replace("&", "&&") if name else f"Owner {i + 1}")
            self.owners.setTabToolTip(i, plain.tip(name))
            close = self.owners.tabBar().tabButton(i, QTabBar.ButtonPosition.RightSide)
            if close is not None:
                close.setToolTip(plain.tip(f"Remove {name or 'this owner'} from the filing"))
        self.add_owner_button.setEnabled(filing is not None and count < MAX_OWNERS)
        for widget in self.fields.values():
            if isinstance(widget, Bound):
                widget.refresh()

    def show_path(self, path: str) -> bool:
        widget = self.fields.get(path)
        if widget is None:
            return False
        if path.startswith("reporting_owners["):
            self.owners.setCurrentIndex(int(path[len("reporting_owners["):].partition("]")[0]))
        if not widget.hasFocus():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class FilingPane(QWidget):
    """The right side of the window."""

    tablesChanged = Signal()  # noqa: N815

    def __init__(self, document: FilingDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        menu = self.menu_for
        self.header = HeaderView(document, menu, self)
        header_scroll = QScrollArea(self)
        header_scroll.setWidget(self.header)
        header_scroll.setWidgetResizable(True)
        header_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.header_scroll = header_scroll

        self.table_tabs = QTabWidget(self)
        self.tables: dict[str, TableEditor] = {}
        for table in TABLES:
            editor = TableEditor(document, table, self)
            self.tables[table] = editor
            self.table_tabs.addTab(editor, TABLE_TAB_TITLES[table])

        self.bottom_tabs = QTabWidget(self)
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

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("filing-splitter")
        self.splitter.addWidget(header_scroll)
        self.splitter.addWidget(self.table_tabs)
        self.splitter.addWidget(self.bottom_tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        document.filingChanged.connect(self._retitle)
        document.loaded.connect(self._loaded)
        document.currentPathChanged.connect(self.show_path)

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
        if self.header.show_path(path):
            widget = self.header.fields[path]
            self.header_scroll.ensureWidgetVisible(widget)
            return
        for i, table in enumerate(TABLES):
            if path.startswith(table + "["):
                self.table_tabs.setCurrentIndex(i)
                self.tables[table].view.show_path(path)
                return
        if path.startswith("footnotes["):
            self.bottom_tabs.setCurrentIndex(0)
            self.footnotes.view.show_path(path)
        elif path.startswith("signatures[") or path == "remarks":
            self.bottom_tabs.setCurrentIndex(1)
            if path == "remarks":
                self.remarks.setFocus()
            else:
                self.signatures.show_path(path)
