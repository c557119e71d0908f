"""Item models over the open filing (table rows, signatures, footnotes, problems) and over the saved filings.

The filing models read straight from `FilingDocument.filing` and write through `FilingDocument.set_value`, so an
edit in a table is an undo command like any other; they refresh from the document's one `filingChanged` signal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    FOOTNOTE_FIELDS,
    ROW_FIELDS,
    SIGNATURE_FIELDS,
    TABLE_FIELDS,
    Kind,
    ReportingOwner,
    Typed,
    Value,
    field_spec,
    parse_typed,
    parse_value,
)
from ..review import TO_REVIEW, AmendmentLink, Related, ReviewMark, related
from . import marks, plain
from .document import FilingDocument, label_of

PathRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
StateRole = Qt.ItemDataRole.UserRole + 4  # a saved filing's review state ("to-review", "reviewed")
ProblemCountRole = Qt.ItemDataRole.UserRole + 5  # how many problems are saved for it

_Index = QModelIndex | QPersistentModelIndex


#: The columns a reviewer reads first, in that order: what was done (title, date, code), how much (amount, A/D,
#: price) and what is held after it (owned following, D/I). Table II has its own: the derivative's exercise price,
#: dates and underlying security stand between the amount and its price, as on the form. A table's other columns
#: follow in the form's order; only they collapse when no row of the filing fills them.
READ_FIRST: dict[str, tuple[str, ...]] = {
    "table_i": ("security_title", "transaction_date", "transaction_code", "shares", "acquired_disposed",
                "price_per_share", "shares_owned_following", "direct_or_indirect"),
    "table_ii": ("security_title", "conversion_or_exercise_price", "transaction_date", "transaction_code", "shares",
                 "acquired_disposed", "exercise_date", "expiration_date", "underlying_security_title",
                 "underlying_shares", "price_per_share", "shares_owned_following", "direct_or_indirect"),
}


def read_first(table: str) -> tuple[str, ...]:
    """The columns of `table` a reviewer reads first (never collapsed), in reading order."""
    first = READ_FIRST["table_ii" if table in (DERIVATIVE_TRANSACTIONS, DERIVATIVE_HOLDINGS) else "table_i"]
    return tuple(name for name in first if name in TABLE_FIELDS[table])


def review_order(table: str) -> tuple[str, ...]:
    """All columns of `table`: those read first, then the rest in the form's order."""
    first = read_first(table)
    return first + tuple(name for name in TABLE_FIELDS[table] if name not in first)


def relationship(owner: ReportingOwner) -> str:
    """Box 5 in words: "Director, Officer (CEO), 10% Owner", "Other (member of a group)"; empty when no box is
    ticked."""
    parts: list[str] = []
    if owner.is_director.value:
        parts.append("Director")
    if owner.is_officer.value:
        title = owner.officer_title.value
        parts.append(f"Officer ({title})" if title else "Officer")
    if owner.is_ten_percent_owner.value:
        parts.append("10% Owner")
    if owner.is_other.value:
        other = owner.other_text.value
        parts.append(f"Other ({other})" if other else "Other")
    return ", ".join(parts)


def display_text(value: Value, kind: Kind) -> str:
    """How a value reads in a cell: amounts with thousands separators, ISO dates, footnote ids after the value."""
    v = value.value
    if v is None:
        text = ""
    elif isinstance(v, Decimal):
        text = f"{v:,f}"
    elif isinstance(v, dt.date):
        text = v.isoformat()
    elif isinstance(v, bool):
        text = "yes" if v else "no"
    else:
        text = str(v)
    if value.footnotes:
        notes = " ".join(f"({n})" for n in value.footnotes)
        text = f"{text} {notes}" if text else notes
    return text


def edit_value(value: Value, kind: Kind) -> Any:
    """What an editor starts from: the contract's text (ISO for dates), which `parse_typed` reads back as it was."""
    return value.text


def parse_edit(kind: Kind, data: Any) -> Any:
    """The typed value of what an editor gave back. Raises ValueError when it does not fit the field."""
    if isinstance(data, QDate):
        return dt.date(data.year(), data.month(), data.day()) if data.isValid() else None
    if isinstance(data, (dt.date, Decimal, bool)) or data is None:
        return data
    return parse_value(kind, str(data))


class PartsModel(QAbstractTableModel):
    """The items of one tuple of the filing (`non_derivative_transactions`, `signatures`...) as rows, their
    fields as columns, with the form's column names."""

    def __init__(self, document: FilingDocument, collection: str, fields: tuple[str, ...],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.collection = collection
        self.fields = fields
        self._specs = {**ROW_FIELDS} if collection in TABLE_FIELDS else {**SIGNATURE_FIELDS}
        self._rows = self._count()
        #: Entries a person typed that were refused, by path: (the text as typed, why it was refused). The cell
        #: shows the text, marked, until it is typed again, emptied, or the rows change.
        self.refused: dict[str, tuple[str, str]] = {}
        document.filingChanged.connect(self._refresh)
        document.loaded.connect(self._forget_refused)  # another filing: nothing was typed into its cells yet

    def _forget_refused(self) -> None:
        if self.refused:
            self.refused.clear()
            self._refresh()

    def _items(self) -> tuple[Any, ...]:
        filing = self.document.filing
        return getattr(filing, self.collection) if filing is not None else ()

    def _count(self) -> int:
        return len(self._items())

    def _refresh(self) -> None:
        count = self._count()
        if count != self._rows:
            self.refused.clear()  # rows came or went: the paths no longer name the same cells
        if count != self._rows:
            self.beginResetModel()
            self._rows = count
            self.endResetModel()
        elif count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(self.fields) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, count - 1)

    def path(self, index: _Index) -> str:
        return f"{self.collection}[{index.row()}].{self.fields[index.column()]}"

    def row_path(self, row: int) -> str:
        return f"{self.collection}[{row}]"

    def index_of(self, path: str) -> QModelIndex:
        """The cell of a field path (or the first cell of a row path); invalid when the path is not in this model."""
        prefix = f"{self.collection}["
        if not path.startswith(prefix):
            return QModelIndex()
        inside, _, rest = path[len(prefix):].partition("]")
        if not inside.isdigit():
            return QModelIndex()
        name = rest.lstrip(".")
        column = self.fields.index(name) if name in self.fields else 0
        return self.index(int(inside), column)

    def empty_columns(self) -> list[int]:
        """The columns no row fills (no value or an unticked box, no footnote, nothing typed and refused), leaving
        out those a reviewer reads first; all of them when the table has no rows."""
        items = self._items()
        keep = set(read_first(self.collection)) if self.collection in TABLE_FIELDS else set(self.fields)
        empty = []
        for column, name in enumerate(self.fields):
            if name in keep:
                continue
            # An unticked box is as blank on the form as an empty cell (the V column of most filings).
            blank = (None, False) if self._specs[name].kind is Kind.BOOL else (None,)
            if any(getattr(item, name).value not in blank or getattr(item, name).footnotes for item in items):
                continue
            if any(path.endswith(f"].{name}") for path in self.refused):
                continue
            empty.append(column)
        return empty

    # ---- Qt model -----------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.fields):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return self._specs[self.fields[section]].label
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._specs[self.fields[section]].label
            return None
        if not 0 <= section < self._rows:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        severity = self.document.markers().get(self.row_path(section))
        if role == Qt.ItemDataRole.DecorationRole and severity:
            return marks.icon(severity)
        if role == Qt.ItemDataRole.ToolTipRole and severity:
            problems = self.document.problems_at(self.row_path(section))
            return marks.tooltip(label_of(self.row_path(section)), None, problems)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._specs[self.fields[index.column()]].kind is Kind.BOOL:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        items = self._items()
        if not index.isValid() or not 0 <= index.row() < min(self._rows, len(items)) \
                or not 0 <= index.column() < len(self.fields):
            return None
        item = items[index.row()]
        name = self.fields[index.column()]
        value: Value = getattr(item, name)
        kind = self._specs[name].kind
        refused = self.refused.get(self.path(index)) if self.refused else None
        if refused is not None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return plain.shown(refused[0]) if role == Qt.ItemDataRole.DisplayRole else refused[0]
            if role == Qt.ItemDataRole.BackgroundRole:
                return marks.background("error")
            if role == Qt.ItemDataRole.DecorationRole:
                return marks.icon("error")
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain.tip(f"Not taken: {refused[1]}\nThe field still holds: {value.text or '(empty)'}")
        if role == Qt.ItemDataRole.DisplayRole:
            if kind is Kind.BOOL:  # the check box shows the value; only footnotes need text
                return plain.shown(" ".join(f"({n})" for n in value.footnotes))
            return plain.shown(display_text(value, kind))
        if role == Qt.ItemDataRole.EditRole:
            return edit_value(value, kind)
        if role == Qt.ItemDataRole.CheckStateRole and kind is Kind.BOOL:
            return Qt.CheckState.Checked if value.value else Qt.CheckState.Unchecked
        if role == PathRole:
            return self.path(index)
        if role == KindRole:
            return kind.value
        if role == SortRole:
            return value.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if kind is Kind.DECIMAL:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole):
            path = self.path(index)
            severity = self.document.markers().get(path)
            state = marks.state_of(value, severity)
            if role == Qt.ItemDataRole.BackgroundRole:
                return marks.background(state)
            if role == Qt.ItemDataRole.DecorationRole:
                return marks.icon(state) if state else None
            return marks.tooltip(label_of(path), value, self.document.problems_at(path))
        return None

    def setData(self, index: _Index, data: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or self.document.filing is None:
            return False
        kind = self._specs[self.fields[index.column()]].kind
        if role == Qt.ItemDataRole.CheckStateRole and kind is Kind.BOOL:
            new: Any = Qt.CheckState(data) == Qt.CheckState.Checked if not isinstance(data, bool) else data
        elif role == Qt.ItemDataRole.EditRole:
            try:
                new = parse_edit(kind, data)
            except ValueError:
                return False
        else:
            return False
        self.refused.pop(self.path(index), None)
        self.document.set_value(self.path(index), new, merge=kind is not Kind.BOOL)
        return True

    def set_typed(self, index: _Index, text: str) -> Typed:
        """Take what a person typed into a cell, read by `parse_typed`: one undo step when it is taken; when it is
        refused the cell keeps the text, marked, with the reason in its tooltip, and the field keeps its value."""
        if not index.isValid() or self.document.filing is None:
            return Typed(message="No filing is open.")
        name = self.fields[index.column()]
        path = self.path(index)
        typed = parse_typed(self._specs[name].kind, text, name)
        if typed.ok:
            self.refused.pop(path, None)
            before = self.document.filing
            self.document.set_value(path, typed.value, merge=False)
            if self.document.filing is before:  # the same value again: no change, but the cell is no longer marked
                self.dataChanged.emit(index, index)
        else:
            self.refused[path] = (text, typed.message or "")
            self.dataChanged.emit(index, index)
        return typed


class FootnotesModel(QAbstractTableModel):
    """The filing's footnotes: id, text (editable) and the fields that cite each."""

    HEADERS = ("Id", "Text", "Cited by")

    def __init__(self, document: FilingDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._rows = self._count()
        self._cited: dict[str, list[str]] = {}
        document.filingChanged.connect(self._refresh)
        self._recite()

    def _count(self) -> int:
        return len(self.document.filing.footnotes) if self.document.filing is not None else 0

    def _recite(self) -> None:
        self._cited = self.document.filing.footnote_citations() if self.document.filing is not None else {}

    def _refresh(self) -> None:
        self._recite()
        count = self._count()
        if count != self._rows:
            self.beginResetModel()
            self._rows = count
            self.endResetModel()
        elif count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, 2))

    def path(self, row: int) -> str:
        return f"footnotes[{row}].text"

    def index_of(self, path: str) -> QModelIndex:
        if not path.startswith("footnotes["):
            return QModelIndex()
        inside = path[len("footnotes["):].partition("]")[0]
        return self.index(int(inside), 1) if inside.isdigit() else QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < 3 else None
        return str(section + 1) if 0 <= section < self._rows else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 1 else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        notes = self.document.filing.footnotes if self.document.filing is not None else ()
        if not index.isValid() or not 0 <= index.row() < min(self._rows, len(notes)) or not 0 <= index.column() < 3:
            return None
        note = notes[index.row()]
        column = index.column()
        cited = self._cited.get(note.id, [])
        if role == PathRole:
            return self.path(index.row())
        if role == KindRole:
            return Kind.TEXT.value
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            if column == 0:
                return plain.shown(note.id)
            if column == 1:
                return plain.shown(note.text.text)
            return "; ".join(label_of(p) for p in cited) if cited else "(not cited)"
        if role == Qt.ItemDataRole.EditRole and column == 1:
            return note.text.text
        if column == 1 or (column == 0 and role != Qt.ItemDataRole.ToolTipRole):
            path = self.path(index.row())
            severity = self.document.markers().get(path)
            state = marks.state_of(note.text, severity)
            if role == Qt.ItemDataRole.BackgroundRole:
                return marks.background(state)
            if role == Qt.ItemDataRole.DecorationRole and column == 0:
                return marks.icon(state) if state else None
            if role == Qt.ItemDataRole.ToolTipRole:
                return marks.tooltip(f"Footnote {note.id}", note.text, self.document.problems_at(path))
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return plain.tip("\n".join(label_of(p) for p in cited) or "No field cites this footnote")
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return plain.tip(f"Footnote {note.id}")
        return None

    def setData(self, index: _Index, data: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != 1 or role != Qt.ItemDataRole.EditRole:
            return False
        self.document.set_value(self.path(index.row()), parse_value(FOOTNOTE_FIELDS["text"].kind, str(data or "")))
        return True


class OwnersModel(QAbstractTableModel):
    """The reporting owners as a list: name and relationship (box 5), one row each, any number of them; an
    owner's fields are edited in the form beside the list."""

    HEADERS = ("Reporting owner", "Relationship")

    def __init__(self, document: FilingDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._rows = self._count()
        document.filingChanged.connect(self._refresh)

    def _owners(self) -> tuple[ReportingOwner, ...]:
        return self.document.filing.reporting_owners if self.document.filing is not None else ()

    def _count(self) -> int:
        return len(self._owners())

    def _refresh(self) -> None:
        count = self._count()
        if count != self._rows:
            self.beginResetModel()
            self._rows = count
            self.endResetModel()
        elif count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, 1))

    def path(self, row: int) -> str:
        return f"reporting_owners[{row}].name"

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < 2 else None
        return str(section + 1) if 0 <= section < self._rows else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        owners = self._owners()
        if not index.isValid() or not 0 <= index.row() < min(self._rows, len(owners)) or not 0 <= index.column() < 2:
            return None
        owner = owners[index.row()]
        name = owner.name.text or f"Owner {index.row() + 1}"
        relation = relationship(owner)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 1:
                return plain.shown(relation)
            # A list of one column shows each owner on two lines: the name, then the relationship under it.
            return plain.shown(name) + (f"\n{plain.shown(relation)}" if relation else "")
        if role in (Qt.ItemDataRole.EditRole, SortRole):
            return plain.shown(name if index.column() == 0 else relation)
        if role == Qt.ItemDataRole.ToolTipRole:
            address = ", ".join(v.text for v in (owner.street1, owner.street2, owner.city, owner.state,
                                                 owner.zip_code, owner.country) if v.text)
            lines = [name, relation, address]
            return plain.tip("\n".join(line for line in lines if line))
        if role == PathRole:
            return self.path(index.row())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            markers = self.document.markers()
            prefix = f"reporting_owners[{index.row()}]."
            found = {severity for path, severity in markers.items() if path.startswith(prefix)}
            for severity in ("error", "warning", "info"):
                if severity in found:
                    return marks.icon(severity)
        return None


class ProblemsModel(QAbstractTableModel):
    """What the checks found, worst first; each row knows the field it points at (`PathRole`). `group` keeps one
    side: `SOURCE`, what the file the filing was read from lost (the reader's notes first, then each value not in
    the source, in the form's order), or `FILING`, the checks' findings about what the filer wrote; None keeps all."""

    HEADERS = ("Severity", "Field", "Problem", "Rule")
    SOURCE = "source"
    FILING = "filing"

    def __init__(self, document: FilingDocument, parent: QObject | None = None, group: str | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.group = group
        self._problems = self._selected()
        document.filingChanged.connect(self._refresh)

    def _selected(self) -> list[Any]:
        problems = list(self.document.problems)
        if self.group is None:
            return problems
        from ..checks import from_source  # as the document runs them: the checks are their own module

        if self.group == self.FILING:
            return [p for p in problems if not from_source(p)]
        return sorted((p for p in problems if from_source(p)), key=lambda p: bool(p.path))  # notes, then values

    def _refresh(self) -> None:
        self.beginResetModel()
        self._problems = self._selected()
        self.endResetModel()

    def problem(self, row: int) -> Any:
        return self._problems[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    @staticmethod
    def _columns(p: Any) -> tuple[str, str, str, str]:
        """Severity, field, message and rule as a person reads them; what the source lost is named for what it is."""
        if p.rule == "not-in-source":
            return ("not in the source", label_of(p.path), p.message, p.rule)
        if p.rule == "source-note":
            return ("note", "(the file read)", p.message, p.rule)
        return (p.severity, label_of(p.path) if p.path else "(whole filing)", p.message, p.rule)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        p = self._problems[index.row()]
        column = index.column()
        if role == PathRole:
            return p.path
        if role == SortRole:
            return self._columns(p)[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return plain.shown(self._columns(p)[column])
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            if p.rule == "not-in-source":
                return marks.icon("lost")
            return marks.icon(p.severity) if p.severity in marks.STATES else None
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f" at {p.path}" if p.path else ""
            return plain.tip(f"{p.message}\n{p.rule}{where}")  # the message quotes the filing's text
        return None


class LibraryModel(QAbstractTableModel):
    """The saved filings (`store.list_filings()`), one row each; `SortRole` gives values that sort right. Beside
    each, its review state with who and when (`review.ReviewMark`), and the amendment pairs it is in
    (`review.AmendmentLink`): "amends the 4 of 2025-09-29", "amended by the 4/A of 2025-09-25"."""

    HEADERS = ("Issuer", "Ticker", "Owner", "Form", "Period", "Corrected", "Problems", "Updated", "Review",
               "Amendment")  # fmt: skip
    FIELDS = ("issuer", "ticker", "owner", "form", "period", "corrected", "problems", "updated", "review",
              "amendment")  # fmt: skip
    REVIEW_COLUMN = 8
    AMENDMENT_COLUMN = 9

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []
        self._rows: dict[int, int] = {}
        self._marks: dict[int, ReviewMark] = {}
        self._related: dict[int, Related] = {}

    def set_items(self, items: list[Any], marks: dict[int, ReviewMark] | None = None,
                  links: list[AmendmentLink] | None = None) -> None:
        """Show `items` (`FilingSummary`); `marks` gives who reviewed each and when (the state alone comes with
        the items), `links` the amendment pairs among them."""
        self.beginResetModel()
        self._items = list(items)
        self._rows = {int(item.id): row for row, item in enumerate(self._items)}
        self._marks = dict(marks or {})
        self._related = related(link for link in links or () if link.amendment in self._rows
                                and link.original in self._rows)
        self.endResetModel()

    def filing_id(self, row: int) -> int:
        return int(self._items[row].id)

    def row_of(self, filing_id: int) -> int | None:
        return self._rows.get(filing_id)

    def summary(self, filing_id: int) -> Any:
        """The `FilingSummary` of a filing in the list, or None."""
        row = self._rows.get(filing_id)
        return None if row is None else self._items[row]

    def review_mark(self, filing_id: int) -> ReviewMark:
        row = self._rows.get(filing_id)
        state = getattr(self._items[row], "review_state", TO_REVIEW) if row is not None else TO_REVIEW
        mark = self._marks.get(filing_id, ReviewMark())
        return mark if mark.state == state else ReviewMark(state)

    def related(self, filing_id: int) -> Related:
        """The filings in the list that `filing_id` amends and that amend it."""
        return self._related.get(filing_id, Related())

    def describe(self, filing_id: int) -> str:
        """A filing as a person names it: "the 4/A of 2025-09-25" (its form and period)."""
        item = self.summary(filing_id)
        if item is None:
            return "another filing"
        form = item.form or "filing"
        return f"the {form} of {item.period.isoformat()}" if item.period else f"the {form} #{filing_id}"

    def amendment_text(self, filing_id: int) -> str:
        side = self.related(filing_id)
        parts = []
        if side.originals:
            parts.append("amends " + ", ".join(self.describe(i) for i in side.originals))
        if side.amendments:
            parts.append("amended by " + ", ".join(self.describe(i) for i in side.amendments))
        return "; ".join(parts)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def _pair_sort_key(self, filing_id: int) -> str:
        # An amendment sorts right after its original: both under the original's id.
        side = self.related(filing_id)
        if side.originals:
            return f"{min(side.originals):012d}.{filing_id:012d}"
        if side.amendments:
            return f"{filing_id:012d}"
        return ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        fid = int(item.id)
        column = index.column()
        if column == self.REVIEW_COLUMN:
            mark = self.review_mark(fid)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return plain.shown(mark.describe())
            if role == SortRole:
                # to review first, then reviewed from the longest ago
                when = mark.when.isoformat() if mark.when else ""
                return f"{0 if mark.state == TO_REVIEW else 1}{when}"
            if role == StateRole:
                return mark.state
        elif column == self.AMENDMENT_COLUMN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.amendment_text(fid)
            if role == SortRole:
                return self._pair_sort_key(fid)
        else:
            raw = getattr(item, self.FIELDS[column], None)
            if role == Qt.ItemDataRole.DisplayRole:
                if self.FIELDS[column] == "corrected":
                    return "corrected" if raw else ""
                if isinstance(raw, dt.datetime):
                    return raw.strftime("%Y-%m-%d %H:%M")
                return "" if raw is None else plain.shown(str(raw))
            if role == SortRole:
                if raw is None:
                    return ""
                if isinstance(raw, (bool, int)):
                    return int(raw)
                return str(raw).lower()
        if role == Qt.ItemDataRole.UserRole:
            return fid
        if role == StateRole:
            return self.review_mark(fid).state
        if role == ProblemCountRole:
            return int(getattr(item, "problems", 0) or 0)
        return None


def spec_kind(path: str) -> Kind:
    return field_spec(path).kind
