"""Editors that fit each kind of field. Every one is a line a person types into, read by the model's own
`parse_typed`: what was typed is what is saved, or the editor says why not and keeps the text. Dates have a
calendar that opens at the field's date (else the filing's period of report); codes, A/D, D/I, form types and
timeliness have a list of their choices with their meanings."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QDate, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QHelpEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from ..display import visible
from ..model import FORM_TYPES, TIMELINESS, TRANSACTION_CODES, TRANSACTION_FORM_TYPES, Kind, Typed, parse_typed
from .models import KindRole, PathRole
from .plain import escaped

log = logging.getLogger(__name__)

#: How a refused entry looks, in an editor and in its cell.
REFUSED_STYLE = "QLineEdit { background: #ffd6d6; border: 1px solid #c00000; }"


def choices(kind: Kind, field: str = "") -> list[tuple[str, str]]:
    """(value, label) pairs for the fields a person picks from a list; the first is "none"."""
    if kind is Kind.CODE:
        return [("", "")] + [(code, f"{code} — {meaning}") for code, meaning in TRANSACTION_CODES.items()]
    if kind is Kind.AD:
        return [("", ""), ("A", "A — Acquired"), ("D", "D — Disposed of")]
    if kind is Kind.DI:
        return [("", ""), ("D", "D — Direct"), ("I", "I — Indirect")]
    if kind is Kind.FORM:
        return [("", "")] + [(form, form) for form in FORM_TYPES]
    if field == "transaction_timeliness":
        return [("", "")] + [(letter, f"{letter} — {meaning}") for letter, meaning in TIMELINESS.items()]
    if field == "transaction_form_type":
        return [("", "")] + [(form, f"Form {form}") for form in TRANSACTION_FORM_TYPES]
    return []


def make_choice_combo(kind: Kind, parent: QWidget | None, current: str) -> QComboBox:
    combo = QComboBox(parent)
    for value, label in choices(kind):
        combo.addItem(label, value)
    if current and combo.findData(current) < 0:
        combo.addItem(visible(f"{current} (not a valid choice)"), current)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.setMaxVisibleItems(24)
    return combo


def field_name(path: str) -> str:
    """`non_derivative_transactions[0].transaction_timeliness` -> `transaction_timeliness`."""
    return path.rpartition(".")[2].partition("[")[0]


def show_in_status(widget: QWidget, message: str) -> None:
    """The window's status bar, where a person looks for what just happened."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 15000)


class TypedLineEdit(QLineEdit):
    """A line for one field of `kind`: the text is kept as typed and read by `parse_typed` when the person is done.

    A refused entry stays in the line, marked, with the reason in its tooltip (shown at once) and in the status
    bar. Dates get a calendar button, fields with a list of choices a button that lists them; picking one emits
    `picked`, as a finished edit."""

    picked = Signal()

    def __init__(self, kind: Kind, field: str = "", parent: QWidget | None = None,
                 anchor: Callable[[], dt.date | None] | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.field = field
        self.anchor = anchor  # the date a calendar opens at when the field has none (the period of report)
        self.refusal: str | None = None
        self.calendar: QCalendarWidget | None = None
        self.choice_menu: QMenu | None = None
        self._normal_tip = ""
        if kind is Kind.DATE:
            self.setPlaceholderText("MM/DD/YYYY")
            fallback = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
            self.calendar_action = QAction(QIcon.fromTheme("x-office-calendar", fallback), "Calendar", self)
            self.calendar_action.setToolTip("Pick the date on a calendar")
            self.calendar_action.triggered.connect(self.show_calendar)
            self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        elif kind is Kind.DECIMAL:
            self.setAlignment(Qt.AlignmentFlag.AlignRight)
        listed = choices(kind, field)
        if listed:
            self.choice_action = QAction(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown), "Choices", self)
            self.choice_action.setToolTip("\n".join(label for _, label in listed[1:]))
            self.choice_action.triggered.connect(self.show_choices)
            self.addAction(self.choice_action, QLineEdit.ActionPosition.TrailingPosition)
            self.setPlaceholderText("/".join(value for value, _ in listed[1:]) if len(listed) <= 4 else "")
        self.textEdited.connect(self._typing)

    def typed(self) -> Typed:
        return parse_typed(self.kind, self.text(), self.field)

    # ---- refusal -------------------------------------------------------------------------------------------

    def show_refusal(self, message: str) -> None:
        """Say why the text was not taken, keep it, and mark the line."""
        if self.refusal is None:
            self._normal_tip = self.toolTip()
        self.refusal = message
        self.setStyleSheet(REFUSED_STYLE)
        self.setToolTip(message)
        if self.isVisible():
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
        show_in_status(self, message)
        log.info("typed entry refused: %s", message)

    def clear_refusal(self) -> None:
        if self.refusal is None:
            return
        self.refusal = None
        self.setStyleSheet("")
        self.setToolTip(self._normal_tip)
        QToolTip.hideText()

    def _typing(self, _text: str) -> None:
        self.clear_refusal()

    # ---- calendar and choices ------------------------------------------------------------------------------

    def calendar_start(self) -> dt.date:
        """The field's date as typed, else the anchor (the filing's period of report), else today."""
        typed = self.typed()
        if typed.ok and isinstance(typed.value, dt.date):
            return typed.value
        anchored = self.anchor() if self.anchor is not None else None
        return anchored if isinstance(anchored, dt.date) else dt.date.today()

    def show_calendar(self) -> None:
        if self.calendar is None:
            # A child of the line, so that a table's editor is not closed when the popup takes the focus.
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._date_picked)
            self.calendar.activated.connect(self._date_picked)
        start = self.calendar_start()
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.calendar.setCurrentPage(start.year, start.month)
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _date_picked(self, date: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self.setText(f"{date.month():02d}/{date.day():02d}/{date.year():04d}")
        self.setModified(True)
        self.clear_refusal()
        self.setFocus()
        self.picked.emit()

    def show_choices(self) -> None:
        if self.choice_menu is None:
            self.choice_menu = QMenu(self)
            for value, label in choices(self.kind, self.field):
                action = self.choice_menu.addAction(label or "(none)")
                action.setData(value)
            self.choice_menu.triggered.connect(self._choice_picked)
        self.choice_menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def _choice_picked(self, action: QAction) -> None:
        self.setText(str(action.data() or ""))
        self.setModified(True)
        self.clear_refusal()
        self.setFocus()
        self.picked.emit()


def filing_period(model: QAbstractItemModel | None) -> dt.date | None:
    """The period of report of the filing a model shows (where a calendar opens for an empty date)."""
    document = getattr(model, "document", None)
    filing = getattr(document, "filing", None)
    value = getattr(getattr(filing, "period_of_report", None), "value", None)
    return value if isinstance(value, dt.date) else None


class ValueDelegate(QStyledItemDelegate):
    """The editor of a cell follows the field's Kind (from the model's `KindRole`); the text typed is handed to the
    model's `set_typed`, which takes it or keeps it in the cell with the reason it was refused."""

    def __init__(self, parent: QObject | None = None, *, wrap: bool = True) -> None:
        super().__init__(parent)
        self.wrap = wrap  # False: one line even in a view that wraps text (cut, and whole in the tooltip)

    def elided(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> bool:
        """Whether the cell's text is cut to fit its cell (shown with "…"); its tooltip then gives it whole."""
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            return False
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        shown = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1
        if opt.features & QStyleOptionViewItem.ViewItemFeature.WrapText:
            needed = opt.fontMetrics.boundingRect(shown.adjusted(margin, 0, -margin, 0),
                                                  int(Qt.TextFlag.TextWordWrap), text)
            return needed.height() > shown.height() or needed.width() > shown.width() - 2 * margin
        lines = text.split("\n")
        if len(lines) * opt.fontMetrics.lineSpacing() > shown.height() + 1:
            return True
        return max(opt.fontMetrics.horizontalAdvance(line) for line in lines) > shown.width() - 2 * margin

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,  # noqa: N802
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event is not None and event.type() == QEvent.Type.ToolTip and index.isValid() \
                and self.elided(option, index):
            whole = escaped(str(index.data(Qt.ItemDataRole.DisplayRole)))
            more = index.data(Qt.ItemDataRole.ToolTipRole)
            QToolTip.showText(event.globalPos(), f"<p>{whole}</p>{more or ''}", view)
            return True
        return super().helpEvent(event, view, option, index)

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if not self.wrap:
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QWidget:  # noqa: N802
        kind = Kind(index.data(KindRole) or "text")
        model = index.model()
        editor = TypedLineEdit(kind, field_name(str(index.data(PathRole) or "")), parent,
                               anchor=lambda: filing_period(model))
        editor.picked.connect(lambda e=editor: self._commit_and_close(e))
        return editor

    def _commit_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        if isinstance(editor, TypedLineEdit) and editor.refusal is not None:
            return
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit):
            if editor.isModified():
                return  # the model changed while a person types here: what they typed stays
            data = index.data(Qt.ItemDataRole.EditRole)
            editor.setText("" if data is None else str(data))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, TypedLineEdit):
            set_typed = getattr(model, "set_typed", None)
            if set_typed is None:
                typed = editor.typed()
                if typed.ok:
                    model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
                return
            typed = set_typed(index, editor.text())
            if not typed.ok:
                editor.show_refusal(typed.message)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter on a refused entry keeps the editor open with the text and the reason; the text is never dropped.
        if isinstance(editor, TypedLineEdit) and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            typed = editor.typed()
            if not typed.ok:
                editor.show_refusal(typed.message or "")
                return True
        return super().eventFilter(editor, event)

