"""Typing into the window's editors key by key, as a person does: what was typed is what is saved, or the editor
says why not and keeps the text. Each check reads the document's filing and counts the undo steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from form4viewer.gui.delegates import TypedLineEdit

from .conftest import SAMPLE_FILES, open_and_wait

ROW = "non_derivative_transactions[0]"
PERIOD = dt.date(2023, 3, 8)  # the Tesla sample's period of report


@pytest.fixture
def opened(qtbot, window):  # type: ignore[no-untyped-def]
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.document.filing.period_of_report.value == PERIOD
    return window


def _view_and_index(window, path: str):  # type: ignore[no-untyped-def]
    table = path.split("[")[0]
    editor = window.filing_pane.tables[table]
    window.filing_pane.table_tabs.setCurrentWidget(editor)
    index = editor.model.index_of(path)
    assert index.isValid(), path
    return editor.view, index


def _open_cell_editor(qtbot, window, path: str, first_key: str | None) -> TypedLineEdit:  # type: ignore[no-untyped-def]
    """Select the cell and start typing into it (its first key opens the editor, as in a spreadsheet), or press
    F2 for an empty entry."""
    view, index = _view_and_index(window, path)
    view.setFocus()
    view.setCurrentIndex(index)
    if first_key is None:
        QTest.keyClick(view, Qt.Key.Key_F2)
    else:
        QTest.keyClick(view, first_key)
    editor = QApplication.focusWidget()
    assert isinstance(editor, TypedLineEdit), f"{path}: {editor!r} has the focus, not the cell's editor"
    return editor


def type_into_cell(qtbot, window, path: str, text: str) -> TypedLineEdit:  # type: ignore[no-untyped-def]
    """Type `text` key by key into the cell at `path` (replacing what it shows) and press Enter."""
    editor = _open_cell_editor(qtbot, window, path, text[0])
    QTest.keyClicks(editor, text[1:])
    assert editor.text() == text
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the view commits and closes its editor on the next turn of the event loop
    QApplication.processEvents()
    return editor


def _editor_open(window, path: str) -> bool:
    view, index = _view_and_index(window, path)
    return view.isPersistentEditorOpen(index) or isinstance(view.indexWidget(index), TypedLineEdit) \
        or isinstance(QApplication.focusWidget(), TypedLineEdit)


def _steps(window) -> int:  # type: ignore[no-untyped-def]
    return window.document.undo_stack.count()


# ---- table cells -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["2013-11-21", "11/21/2013", "20131121"])
def test_a_date_typed_into_a_filled_cell_is_the_date_saved(qtbot, opened, typed: str) -> None:
    path = f"{ROW}.transaction_date"
    assert opened.document.value(path).value == PERIOD
    type_into_cell(qtbot, opened, path, typed)
    qtbot.waitUntil(lambda: opened.document.value(path).value == dt.date(2013, 11, 21), timeout=3000)
    assert _steps(opened) == 1
    _view, index = _view_and_index(opened, path)
    assert index.data() == "2013-11-21"


def test_an_impossible_date_is_refused_with_a_reason_and_the_typed_text_kept(qtbot, opened) -> None:
    path = f"{ROW}.transaction_date"
    editor = type_into_cell(qtbot, opened, path, "2/30/2013")
    assert editor.refusal is not None and "February 2013 has no day 30" in editor.refusal
    assert editor.text() == "2/30/2013" and editor.isVisible()  # Enter did not close it
    assert "February 2013 has no day 30" in opened.statusBar().currentMessage()
    assert opened.document.value(path).value == PERIOD and _steps(opened) == 0
    # Leaving the cell does not drop the text either: the cell shows it, marked, with the reason.
    view, index = _view_and_index(opened, path)
    view.setFocus()
    qtbot.waitUntil(lambda: not editor.isVisible() or not editor.hasFocus(), timeout=3000)
    QApplication.processEvents()
    model = index.model()
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "2/30/2013"
    assert "February 2013 has no day 30" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert opened.document.value(path).value == PERIOD and _steps(opened) == 0
    # Typed again, right, it is taken and the mark goes.
    type_into_cell(qtbot, opened, path, "2/28/2013")
    qtbot.waitUntil(lambda: opened.document.value(path).value == dt.date(2013, 2, 28), timeout=3000)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "2013-02-28" and _steps(opened) == 1


def test_the_empty_date_cell_of_a_new_row_takes_what_is_typed(qtbot, opened) -> None:
    row = opened.document.add_row("non_derivative_transactions")
    path = f"non_derivative_transactions[{row}].transaction_date"
    assert opened.document.value(path).value is None and _steps(opened) == 1
    type_into_cell(qtbot, opened, path, "11/21/2013")
    qtbot.waitUntil(lambda: opened.document.value(path).value == dt.date(2013, 11, 21), timeout=3000)
    assert _steps(opened) == 2


def test_the_calendar_of_an_empty_date_opens_at_the_period_of_report(qtbot, opened) -> None:
    row = opened.document.add_row("non_derivative_transactions")
    editor = _open_cell_editor(qtbot, opened, f"non_derivative_transactions[{row}].transaction_date", None)
    assert editor.text() == ""
    editor.calendar_action.trigger()
    calendar = editor.calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate() == QDate(2023, 3, 8)
    assert (calendar.yearShown(), calendar.monthShown()) == (2023, 3)
    assert editor.isVisible()  # the popup did not close the cell's editor
    calendar.clicked.emit(QDate(2023, 3, 10))  # a click on the 10th
    qtbot.waitUntil(lambda: opened.document.value(f"non_derivative_transactions[{row}].transaction_date").value
                    == dt.date(2023, 3, 10), timeout=3000)
    assert _steps(opened) == 2


def test_the_calendar_of_a_filled_date_opens_at_its_date(qtbot, opened) -> None:
    editor = _open_cell_editor(qtbot, opened, f"{ROW}.expiration_date".replace("non_derivative", "derivative"),
                               None)
    held = opened.document.value("derivative_transactions[0].expiration_date").value
    editor.calendar_action.trigger()
    assert editor.calendar.selectedDate() == QDate(held.year, held.month, held.day)


def test_timeliness_takes_e_or_l_and_refuses_anything_else(qtbot, opened) -> None:
    path = f"{ROW}.transaction_timeliness"
    editor = type_into_cell(qtbot, opened, path, "2,165,242")
    assert editor.refusal is not None and "E (early) or L (late)" in editor.refusal
    assert editor.text() == "2,165,242"
    assert opened.document.value(path).value is None and _steps(opened) == 0
    editor.selectAll()
    QTest.keyClicks(editor, "L")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened.document.value(path).value == "L", timeout=3000)
    assert _steps(opened) == 1 and editor.refusal is None


def test_an_amount_with_a_dollar_sign_and_commas_is_saved_as_the_decimal_typed(qtbot, opened) -> None:
    path = f"{ROW}.price_per_share"
    type_into_cell(qtbot, opened, path, "$1,234.50")
    qtbot.waitUntil(lambda: opened.document.value(path).value == Decimal("1234.50"), timeout=3000)
    value = opened.document.value(path).value
    assert isinstance(value, Decimal) and str(value) == "1234.50"
    assert _steps(opened) == 1


@pytest.mark.parametrize(("typed", "says"), [("1,23", "commas"), ("5,250 (A)", "(A) or (D)"), ("-3", "negative")])
def test_amounts_that_are_not_plain_numbers_are_refused_in_the_cell(qtbot, opened, typed: str, says: str) -> None:
    path = f"{ROW}.shares"
    editor = type_into_cell(qtbot, opened, path, typed)
    assert editor.refusal is not None and says in editor.refusal and editor.text() == typed
    assert opened.document.value(path).value == Decimal("5250") and _steps(opened) == 0


def test_a_code_outside_the_forms_list_is_refused_and_a_listed_one_taken(qtbot, opened) -> None:
    path = f"{ROW}.transaction_code"
    editor = type_into_cell(qtbot, opened, path, "Q")
    assert editor.refusal is not None and "not a transaction code" in editor.refusal and editor.text() == "Q"
    assert opened.document.value(path).value == "M" and _steps(opened) == 0
    editor.selectAll()
    QTest.keyClicks(editor, "S")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened.document.value(path).value == "S", timeout=3000)
    assert _steps(opened) == 1


@pytest.mark.parametrize(("field", "typed", "saved", "refused"), [
    ("acquired_disposed", "d", "D", "X"),
    ("direct_or_indirect", "D", "D", "A"),
    ("transaction_form_type", "5", "5", "4/A"),
    ("transaction_code", "g", "G", "GG"),
])
def test_choices_typed_into_a_cell(qtbot, opened, field: str, typed: str, saved: str, refused: str) -> None:
    path = f"{ROW}.{field}"
    held = opened.document.value(path).value
    editor = type_into_cell(qtbot, opened, path, refused)
    assert editor.refusal is not None and editor.text() == refused
    assert opened.document.value(path).value == held
    editor.selectAll()
    QTest.keyClicks(editor, typed)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened.document.value(path).value == saved, timeout=3000)
    assert _steps(opened) == 1


def test_a_choice_picked_from_the_list_is_saved(qtbot, opened) -> None:
    path = f"{ROW}.transaction_timeliness"
    editor = _open_cell_editor(qtbot, opened, path, None)
    editor.show_choices()
    late = next(a for a in editor.choice_menu.actions() if a.data() == "L")
    assert late.text() == "L — Late"
    late.trigger()
    qtbot.waitUntil(lambda: opened.document.value(path).value == "L", timeout=3000)
    editor.choice_menu.hide()
    assert _steps(opened) == 1


def test_every_empty_cell_of_a_new_row_takes_typing(qtbot, opened) -> None:
    row = opened.document.add_row("non_derivative_transactions")
    entries = {
        "security_title": ("Common Stock", "Common Stock"),
        "transaction_date": ("11/21/2013", dt.date(2013, 11, 21)),
        "deemed_execution_date": ("2013-11-22", dt.date(2013, 11, 22)),
        "transaction_form_type": ("4", "4"),
        "transaction_code": ("S", "S"),
        "transaction_timeliness": ("E", "E"),
        "shares": ("2,165,242", Decimal("2165242")),
        "price_per_share": ("$4.80", Decimal("4.80")),
        "acquired_disposed": ("D", "D"),
        "shares_owned_following": ("10,000.5", Decimal("10000.5")),
        "direct_or_indirect": ("I", "I"),
        "nature_of_ownership": ("By trust", "By trust"),
    }
    for step, (name, (typed, saved)) in enumerate(entries.items(), start=2):
        path = f"non_derivative_transactions[{row}].{name}"
        type_into_cell(qtbot, opened, path, typed)
        qtbot.waitUntil(lambda p=path, s=saved: opened.document.value(p).value == s, timeout=3000)
        assert _steps(opened) == step, name


def test_a_typed_date_goes_through_save(qtbot, opened) -> None:
    path = f"{ROW}.transaction_date"
    type_into_cell(qtbot, opened, path, "2013-11-21")
    qtbot.waitUntil(lambda: opened.document.value(path).value == dt.date(2013, 11, 21), timeout=3000)
    assert opened.save()
    saved = opened.store.load(opened.document.filing_id)
    assert saved.non_derivative_transactions[0].transaction_date.value == dt.date(2013, 11, 21)


# ---- the fields above the tables -------------------------------------------------------------------------------

def _type_into_field(qtbot, window, path: str, text: str):  # type: ignore[no-untyped-def]
    field = window.filing_pane.header.fields[path]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=3000)
    field.selectAll()
    QTest.keyClicks(field, text)
    assert field.text() == text
    QTest.keyClick(field, Qt.Key.Key_Return)
    return field


@pytest.mark.parametrize("typed", ["2013-11-21", "11/21/2013"])
def test_a_date_typed_into_the_period_field_is_the_date_saved(qtbot, opened, typed: str) -> None:
    _type_into_field(qtbot, opened, "period_of_report", typed)
    assert opened.document.value("period_of_report").value == dt.date(2013, 11, 21)
    assert _steps(opened) == 1


def test_an_impossible_date_in_a_field_is_refused_and_kept_when_leaving_it(qtbot, opened) -> None:
    field = _type_into_field(qtbot, opened, "period_of_report", "2/30/2013")
    assert field.refusal is not None and "February 2013 has no day 30" in field.refusal
    assert "February 2013 has no day 30" in field.toolTip()
    field.clearFocus()
    qtbot.waitUntil(lambda: not field.hasFocus(), timeout=3000)
    assert field.text() == "2/30/2013"  # still what was typed, marked
    assert opened.document.value("period_of_report").value == PERIOD and _steps(opened) == 0
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_Escape)  # the person gives up: the field shows what it holds
    assert field.text() == "2023-03-08" and field.refusal is None


def test_the_empty_amendment_date_field_takes_typing_and_its_calendar_opens_at_the_period(qtbot, opened) -> None:
    field = opened.filing_pane.header.fields["date_of_original_submission"]
    assert field.text() == ""
    field.calendar_action.trigger()
    assert field.calendar.selectedDate() == QDate(2023, 3, 8)
    field.calendar.hide()
    _type_into_field(qtbot, opened, "date_of_original_submission", "3/1/2023")
    assert opened.document.value("date_of_original_submission").value == dt.date(2023, 3, 1)
    assert _steps(opened) == 1


def test_the_form_type_field_takes_a_typed_form_and_refuses_others(qtbot, opened) -> None:
    field = _type_into_field(qtbot, opened, "form", "6")
    assert field.refusal is not None and "form type" in field.refusal
    assert opened.document.value("form").value == "4" and _steps(opened) == 0
    _type_into_field(qtbot, opened, "form", "4/a")
    assert opened.document.value("form").value == "4/A" and _steps(opened) == 1


def test_free_text_fields_are_written_as_typed(qtbot, opened) -> None:
    _type_into_field(qtbot, opened, "reporting_owners[0].officer_title", "Technoking of Tesla")
    assert opened.document.value("reporting_owners[0].officer_title").value == "Technoking of Tesla"
    assert _steps(opened) == 1


def test_a_signature_date_typed_in_the_forms_format_is_saved(qtbot, opened) -> None:
    pane = opened.filing_pane
    pane.bottom_tabs.setCurrentIndex(1)
    view, model = pane.signatures, pane.signatures_model
    index = model.index_of("signatures[0].date")
    assert index.isValid()
    view.setFocus()
    view.setCurrentIndex(index)
    QTest.keyClick(view, "3")
    editor = QApplication.focusWidget()
    assert isinstance(editor, TypedLineEdit)
    QTest.keyClicks(editor, "/31/2023")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened.document.value("signatures[0].date").value == dt.date(2023, 3, 31), timeout=3000)
    assert _steps(opened) == 1


def test_a_typed_date_is_one_undo_step_that_undo_and_redo_walk(qtbot, opened) -> None:
    path = f"{ROW}.transaction_date"
    type_into_cell(qtbot, opened, path, "11/21/2013")
    qtbot.waitUntil(lambda: opened.document.value(path).value == dt.date(2013, 11, 21), timeout=3000)
    type_into_cell(qtbot, opened, f"{ROW}.shares", "5,300")
    qtbot.waitUntil(lambda: opened.document.value(f"{ROW}.shares").value == Decimal("5300"), timeout=3000)
    assert _steps(opened) == 2
    opened.undo_action.trigger()
    opened.undo_action.trigger()
    assert opened.document.value(path).value == PERIOD
    assert opened.document.value(f"{ROW}.shares").value == Decimal("5250")
    opened.redo_action.trigger()
    assert opened.document.value(path).value == dt.date(2013, 11, 21)
