"""Header widgets, each bound to one field path: typed lines for text, amounts, dates (with a calendar) and the
form type (with its list), check boxes for the form's boxes. Each shows the field's state (colour, icon, tooltip), selects the field
when it gets focus, and writes through the document (one undo command; typing in one field merges)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QFocusEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from ..model import TYPED_CHOICES, Kind, Value, field_spec, parse_value
from . import marks, plain
from .delegates import TypedLineEdit, field_name
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


class ValueLineEdit(TypedLineEdit, Bound):
    """Every field a person types into. Free text is written as it is typed (merging into one undo step); any
    other kind (dates, amounts, codes, choices) when the person is done (Enter, leaving the field, a pick from the
    calendar or the list), read by `parse_typed`: taken as one undo step, or refused with the reason shown and
    the text kept. Escape puts back what the field holds."""

    def __init__(self, document: FilingDocument, path: str, menu_provider: MenuProvider | None = None,
                 parent: QWidget | None = None) -> None:
        kind = field_spec(path).kind
        TypedLineEdit.__init__(self, kind, field_name(path), parent, anchor=self._period_of_report)
        self._bind(document, path, menu_provider)
        self._refused_over: Value | None = None  # what the field held when an entry was refused
        self._marker = QAction(self)
        self.addAction(self._marker, QLineEdit.ActionPosition.TrailingPosition)
        self.textEdited.connect(self._edited)
        self.editingFinished.connect(self._finished)
        self.picked.connect(self._finished)
        if not self.placeholderText():
            self.setPlaceholderText("—")
        self.refresh()

    @property
    def as_you_type(self) -> bool:
        return self.kind is Kind.TEXT and self.field not in TYPED_CHOICES

    def _period_of_report(self) -> dt.date | None:
        filing = self.document.filing
        value = filing.period_of_report.value if filing is not None else None
        return value if isinstance(value, dt.date) else None

    def _edited(self, _text: str) -> None:
        if self.as_you_type:
            typed = self.typed()
            if typed.ok:
                self.document.set_value(self.path, typed.value)

    def _finished(self) -> None:
        if self.as_you_type or self.document.filing is None:
            return
        if not self.isModified() and self.refusal is None:
            return  # nothing typed: what is shown is the field's own value
        typed = self.typed()
        if not typed.ok:
            self._refused_over = self.current()
            self.show_refusal(typed.message or "")
            self._marker.setVisible(True)
            self._marker.setIcon(marks.icon("error"))
            self._marker.setToolTip(typed.message or "")
            return
        self.clear_refusal()
        self.setModified(False)
        self.document.set_value(self.path, typed.value, merge=False)
        self.refresh()

    def _shown(self, value: Value) -> str:
        if self.kind is Kind.DECIMAL and value.value is not None:
            return f"{value.value:,f}"
        return value.text

    def refresh(self) -> None:
        value = self.current()
        self.setEnabled(value is not None)
        if value is None:
            self.clear_refusal()
            self.setText("")
            return
        if self.refusal is not None:
            if value == self._refused_over:
                return  # the refused text stays, marked, until the person types again or presses Escape
            self.clear_refusal()  # the field changed since (undo, another edit): show what it holds now
            self.setModified(False)
        shown = self._shown(value)
        if not self.hasFocus():
            shown = plain.shown(shown)  # hidden characters written out; the real text comes back to be edited
        try:
            same = self.typed().value == value.value
        except ValueError:
            same = False
        # While a person types a date or an amount (not yet written), their text stays; free text is written as
        # typed, so it stays when it is what the field holds.
        typing = self.isModified() and not self.as_you_type
        if not (self.hasFocus() and (same or typing)) and self.text() != shown:
            self.setText(shown)
            if not self.hasFocus():
                self.setCursorPosition(0)  # show the start of a long value, not its end
        state = self.state()
        self._marker.setVisible(state is not None)
        if state:
            self._marker.setIcon(marks.icon(state))
            self._marker.setToolTip(marks.STATE_NAMES[state])
        self._decorate(self, "QLineEdit")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and (self.refusal is not None or self.isModified()):
            self.clear_refusal()
            self.setModified(False)
            self.setText("")
            self.refresh()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        value = self.current()
        if value is not None and self.refusal is None and self.kind is not Kind.DECIMAL \
                and self.text() != value.text:
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


class ValueCheckBox(QCheckBox, Bound):
    """One of the form's boxes."""

    def __init__(self, document: FilingDocument, path: str, text: str, menu_provider: MenuProvider | None = None,
                 parent: QWidget | None = None) -> None:
        QCheckBox.__init__(self, text, parent)
        self._bind(document, path, menu_provider)
        self.label = text  # the form's words, or fewer where room is short (the tooltip has the form's)
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
        self.setText(f"{self.label} {notes}".strip())
        state = self.state()
        self.setIcon(marks.icon(state) if state else QIcon())
        self._decorate(self, "QCheckBox")

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.document.select(self.path)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        _context_menu(self, self, event, None)


def make_field(document: FilingDocument, path: str, menu_provider: MenuProvider | None = None,
               parent: QWidget | None = None, label: str | None = None) -> QWidget:
    """The widget that fits the field's Kind; a box is named `label`, else by the form's label for it."""
    kind = field_spec(path).kind
    if kind is Kind.BOOL:
        return ValueCheckBox(document, path, label or field_spec(path).label, menu_provider, parent)
    return ValueLineEdit(document, path, menu_provider, parent)
