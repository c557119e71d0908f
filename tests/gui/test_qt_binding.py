"""The installed Qt binding keeps Python's reference counts: PySide6 6.12.0 drops a reference to None on every call
of a method that returns nothing, and a window that has made enough calls (tens of thousands: one session's clicks,
highlights and edits) stops with "deallocating None"."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit


def test_methods_that_return_nothing_leave_the_reference_count_of_none_alone(qtbot) -> None:
    document = QTextDocument("a filing's text " * 50)
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("a filing's text " * 50)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for position in range(2000):
        cursor.setPosition(position % 100)
        editor.setExtraSelections([])
        editor.centerCursor()
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"None lost {lost} references in 6,000 calls"


def test_a_highlight_set_many_times_does_not_wear_the_binding_down(qtbot) -> None:
    editor = QTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("Common Stock 1,000 D $12.50\n" * 40)
    before = sys.getrefcount(None)
    for start in range(0, 1000, 5):
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(editor.document())
        cursor.setPosition(start)
        cursor.setPosition(start + 4, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor  # type: ignore[attr-defined]
        editor.setExtraSelections([selection])
    assert before - sys.getrefcount(None) < 100
