"""Header widgets, each bound to one field path: line edits for text and amounts, date editors, check boxes for
the form's boxes, a list for the form type. Each shows the field's state (colour, icon, tooltip), selects the field
when it gets focus, and writes through the document (one undo command; typing in one field merges)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QFocusEvent, QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from ..model import Kind, Value, field_spec, parse_value
from . import marks, plain
from .delegates import DecimalValidator, date_of, make_choice_combo, make_date_edit, set_date
from .document import FilingDocument, label_of
from .models import display_text

MenuProvider = Callable[[str, QWidget], QMenu]


class Bound:
    """What every bound widget has: its path, the document, and how it shows the field's state."""

    path: str
    document: FilingDocument
    menu_provider: MenuProvider | None

    def _bind(self, document: FilingDocument, path: str, menu_provider: MenuProvider | None) -> None:
        self.document = document
        self.path = path
        self.menu_provider = menu_provider
        self.kind = field_spec(path).kind

    def current(self) -> Value | None:
        if self.document.filing is None:
            return None
        try:
            return self.document.value(self.path)
        except KeyError:
            return None

    def state(self) -> str | None:
        return marks.state_of(self.current(), self.document.markers().get(self.path))

    def _decorate(self, widget: QWidget, selector: str) -> None:
        state = self.state()
        colour = marks.STATES[state][0] if state else None
        widget.setStyleSheet(f"{selector} {{ background: {colour}; }}" if colour else "")
        widget.setToolTip(marks.tooltip(label_of(self.path), self.current(), self.document.problems_at(self.path)))

    def refresh(self) -> None:
        raise NotImplementedError


def _context_menu(bound: Bound, widget: QWidget, event: QContextMenuEvent, fallback: QMenu | None) -> None:
    if bound.menu_provider is None:
        if fallback is not None:
            fallback.exec(event.globalPos())
        return
    menu = bound.menu_provider(bound.path, widget)
    if fallback is not None:
        menu.addSeparator()
        menu.addActions(fallback.actions())
    menu.exec(event.globalPos())


class ValueLineEdit(QLineEdit, Bound):
    """Text and amounts. Text is written as it is typed (merging into one undo step); an amount once it parses."""

    def __init__(self, document: FilingDocument, path: str, menu_provider: MenuProvider | None = None,
                 parent: QWidget | None = None) -> None:
        QLineEdit.__init__(self, parent)
        self._bind(document, path, menu_provider)
        self._marker = QAction(self)
        self.addAction(self._marker, QLineEdit.ActionPosition.TrailingPosition)
        if self.kind is Kind.DECIMAL:
            self.setValidator(DecimalValidator(self))
            self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.textEdited.connect(self._edited)
        self.editingFinished.connect(self._finished)
        self.setPlaceholderText("—")
        self.refresh()

    def _typed(self) -> Any:
        return parse_value(self.kind, self.text())

    def _edited(self, _text: str) -> None:
        if self.kind is Kind.DECIMAL and not self.hasAcceptableInput():
            return
        try:
            self.document.set_value(self.path, self._typed())
        except (ValueError, KeyError):
            pass

    def _finished(self) -> None:
        self._edited(self.text())

    def refresh(self) -> None:
        value = self.current()
        self.setEnabled(value is not None)
        if value is None:
            self.setText("")
            return
        shown = value.text if self.kind is not Kind.DECIMAL or value.value is None else f"{value.value:,f}"
        if not self.hasFocus():
            shown = plain.shown(shown)  # hidden characters written out; the real text comes back to be edited
        try:
            same = self._typed() == value.value
        except ValueError:
            same = False
        if not (self.hasFocus() and same) and self.text() != shown:
            self.setText(shown)
            if not self.hasFocus():
                self.setCursorPosition(0)  # show the start of a long value, not its end
        state = self.state()
        self._marker.setVisible(state is not None)
        if state:
            self._marker.setIcon(marks.icon(state))
            self._marker.setToolTip(marks.STATE_NAMES[state])
        self._decorate(self, "QLineEdit")
        if value.footnotes:
            self.setToolTip(self.toolTip())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        value = self.current()
        if value is not None and self.kind is not Kind.DECIMAL and self.text() != value.text:
            self.setText(value.text)  # what a person edits is what is stored, not its shown form
        self.document.select(self.path)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.refresh()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        _context_menu(self, self, event, self.createStandardContextMenu())


class ValueTextEdit(QPlainTextEdit, Bound):
    """Longer text (remarks), written as it is typed."""

    def __init__(self, document: FilingDocument, path: str, menu_provider: MenuProvider | None = None,
                 parent: QWidget | None = None) -> None:
        QPlainTextEdit.__init__(self, parent)
        self._bind(document, path, menu_provider)
        self.textChanged.connect(self._edited)
        self._refreshing = False
        self.refresh()

    def _edited(self) -> None:
        if self._refreshing:
            return
        self.document.set_value(self.path, parse_value(Kind.TEXT, self.toPlainText()))

    def refresh(self) -> None:
        value = self.current()
        self.setEnabled(value is not None)
        text = value.text if value is not None else ""
        if parse_value(Kind.TEXT, self.toPlainText()) != (value.value if value else None):
            self._refreshing = True
            self.setPlainText(text)
            self._refreshing = False
        self._decorate(self, "QPlainTextEdit")

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.document.select(self.path)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        _context_menu(self, self, event, self.createStandardContextMenu())


class ValueDateEdit(QDateEdit, Bound):
    """A date with a calendar; "(none)" is no date."""

    def __init__(self, document: FilingDocument, path: str, menu_provider: MenuProvider | None = None,
                 parent: QWidget | None = None) -> None:
        QDateEdit.__init__(self, parent)
        template = make_date_edit(None)
        self.setCalendarPopup(True)
        self.setDisplayFormat(template.displayFormat())
        self.setMinimumDate(template.minimumDate())
        self.setSpecialValueText(template.specialValueText())
        template.deleteLater()
        self._bind(document, path, menu_provider)
        self._refreshing = False
        self.dateChanged.connect(self._edited)
        self.refresh()

    def _edited(self, _date: QDate) -> None:
        if self._refreshing:
            return
        date = date_of(self)
        self.document.set_value(self.path, dt.date(date.year(), date.month(), date.day()) if date.isValid() else None)

    def refresh(self) -> None:
        value = self.current()
        self.setEnabled(value is not None)
        self._refreshing = True
        v = value.value if value is not None else None
        set_date(self, QDate(v.year, v.month, v.day) if isinstance(v, dt.date) else QDate())
        self._refreshing = False
        self._decorate(self, "QDateEdit")

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.document.select(self.path)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        _context_menu(self, self, event, None)


class ValueCheckBox(QCheckBox, Bound):
    """One of the form's boxes."""

    def __init__(self, document: FilingDocument, path: str, text: str, menu_provider: MenuProvider | None = None,
                 parent: QWidget | None = None) -> None:
        QCheckBox.__init__(self, text, parent)
        self._bind(document, path, menu_provider)
        self.clicked.connect(self._edited)
        self.refresh()

    def _edited(self, checked: bool) -> None:
        self.document.set_value(self.path, bool(checked), merge=False)
        self.document.select(self.path)

    def refresh(self) -> None:
        value = self.current()
        self.setEnabled(value is not None)
        self.blockSignals(True)
        self.setChecked(bool(value is not None and value.value))
        self.blockSignals(False)
        notes = display_text(Value(None, value.footnotes), Kind.TEXT) if value is not None else ""
        label = field_spec(self.path).label
        self.setText(f"{label} {notes}".strip())
        state = self.state()
        self.setIcon(marks.icon(state) if state else QIcon())
        self._decorate(self, "QCheckBox")

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.document.select(self.path)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        _context_menu(self, self, event, None)


class ValueCombo(QComboBox, Bound):
    """A choice from a fixed list (the form type)."""

    def __init__(self, document: FilingDocument, path: str, menu_provider: MenuProvider | None = None,
                 parent: QWidget | None = None) -> None:
        QComboBox.__init__(self, parent)
        self._bind(document, path, menu_provider)
        template = make_choice_combo(self.kind, None, "")
        for i in range(template.count()):
            self.addItem(template.itemText(i), template.itemData(i))
        template.deleteLater()
        self.activated.connect(self._edited)
        self.refresh()

    def _edited(self, _index: int) -> None:
        self.document.set_value(self.path, self.currentData() or None, merge=False)

    def refresh(self) -> None:
        value = self.current()
        self.setEnabled(value is not None)
        current = value.text if value is not None else ""
        if current and self.findData(current) < 0:
            self.addItem(plain.shown(f"{current} (not a valid choice)"), current)
        self.blockSignals(True)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)
        self._decorate(self, "QComboBox")

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.document.select(self.path)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        _context_menu(self, self, event, None)


def make_field(document: FilingDocument, path: str, menu_provider: MenuProvider | None = None,
               parent: QWidget | None = None) -> QWidget:
    """The widget that fits the field's Kind."""
    kind = field_spec(path).kind
    if kind is Kind.BOOL:
        return ValueCheckBox(document, path, field_spec(path).label, menu_provider, parent)
    if kind is Kind.DATE:
        return ValueDateEdit(document, path, menu_provider, parent)
    if kind is Kind.FORM:
        return ValueCombo(document, path, menu_provider, parent)
    return ValueLineEdit(document, path, menu_provider, parent)
