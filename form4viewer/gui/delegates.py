"""Editors that fit each kind of field: a date editor for dates, a validated line for amounts, the list of valid
transaction codes with their meanings, A/D and D/I choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..display import visible
from ..model import FORM_TYPES, TRANSACTION_CODES, Kind, parse_date, parse_decimal
from .models import KindRole

#: The date a date editor shows for "no date" (QDateEdit cannot be empty).
NO_DATE = QDate(1900, 1, 1)


def choices(kind: Kind) -> list[tuple[str, str]]:
    """(value, label) pairs for the kinds a person picks from a list; the first is "none"."""
    if kind is Kind.CODE:
        return [("", "")] + [(code, f"{code} — {meaning}") for code, meaning in TRANSACTION_CODES.items()]
    if kind is Kind.AD:
        return [("", ""), ("A", "A — Acquired"), ("D", "D — Disposed of")]
    if kind is Kind.DI:
        return [("", ""), ("D", "D — Direct"), ("I", "I — Indirect")]
    if kind is Kind.FORM:
        return [("", "")] + [(form, form) for form in FORM_TYPES]
    return []


class DecimalValidator(QValidator):
    """Accepts what `parse_decimal` reads (`1,234.50`, `$ 4.80`, `(12)`) and an empty field."""

    def validate(self, text: str, pos: int) -> object:
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        try:
            parse_decimal(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


class DateValidator(QValidator):
    """Accepts ISO and US dates (`2013-11-22`, `11/22/2013`) and an empty field."""

    def validate(self, text: str, pos: int) -> object:
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        try:
            parse_date(text)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos


def make_choice_combo(kind: Kind, parent: QWidget | None, current: str) -> QComboBox:
    combo = QComboBox(parent)
    for value, label in choices(kind):
        combo.addItem(label, value)
    if current and combo.findData(current) < 0:
        combo.addItem(visible(f"{current} (not a valid choice)"), current)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.setMaxVisibleItems(24)
    return combo


def make_date_edit(parent: QWidget | None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("(none)")
    return edit


def set_date(edit: QDateEdit, date: Any) -> None:
    edit.setDate(date if isinstance(date, QDate) and date.isValid() else NO_DATE)


def date_of(edit: QDateEdit) -> QDate:
    """The editor's date; an invalid QDate for "(none)"."""
    return QDate() if edit.date() == NO_DATE else edit.date()


class ValueDelegate(QStyledItemDelegate):
    """The editor of a cell follows the field's Kind (from the model's `KindRole`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QWidget:  # noqa: N802
        kind = Kind(index.data(KindRole) or "text")
        if kind is Kind.DATE:
            return make_date_edit(parent)
        if kind in (Kind.CODE, Kind.AD, Kind.DI, Kind.FORM):
            combo = make_choice_combo(kind, parent, str(index.data(Qt.ItemDataRole.EditRole) or ""))
            combo.activated.connect(lambda _=0, c=combo: self._commit_and_close(c))
            return combo
        editor = QLineEdit(parent)
        if kind is Kind.DECIMAL:
            editor.setValidator(DecimalValidator(editor))
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def _commit_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        data = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit):
            set_date(editor, data)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(str(data or ""))))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if data is None else str(data))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QDateEdit):
            model.setData(index, date_of(editor), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            if not editor.hasAcceptableInput():
                return  # an amount that is not a number is not taken; the cell keeps its value
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
