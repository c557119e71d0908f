"""Room for the tables: the columns a reviewer reads first come first, empty ones collapse, the title stays in view,
cut values are whole in their tooltips, footnotes wrap, panels fold away; at 1440x900 ten rows of Table I show
beside the source, and at smaller sizes nothing is cut off without a way to see it. The accession number and the
filing date are in the header and corrected like any field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QToolTip

from .conftest import open_and_wait

DATA = Path(__file__).resolve().parents[1] / "data"
THIRTY_ROWS = DATA / "gui" / "tsla-form4-2021-30-rows.pdf"
SUBMISSION = DATA / "submissions" / "dkng-form4-10b5-1.txt"
T1 = "non_derivative_transactions"


def _labels(editor) -> list[str]:  # type: ignore[no-untyped-def]
    """The column names of a table as they show, left to right."""
    model, view = editor.model, editor.view
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            if not view.isColumnHidden(c)]


def _option(view, index) -> QStyleOptionViewItem:  # type: ignore[no-untyped-def]
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    return option


@pytest.fixture
def thirty(qtbot, window):  # type: ignore[no-untyped-def]
    window.resize(1440, 900)
    open_and_wait(qtbot, window, THIRTY_ROWS, timeout=120000)
    assert len(window.document.filing.non_derivative_transactions) == 30
    return window


def test_ten_rows_of_table_i_show_beside_the_source_at_1440_by_900(qtbot, thirty) -> None:
    view = thirty.filing_pane.tables[T1].view
    qtbot.waitUntil(lambda: view.visible_rows() >= 10, timeout=5000)
    assert view.visible_rows() >= 10
    source = thirty.source
    assert source.isVisible() and source.width() >= 500  # the page beside the rows, not folded away
    assert source.geometry().right() < thirty.filing_pane.geometry().left()


def test_columns_a_reviewer_reads_first_come_first_and_empty_ones_collapse(qtbot, thirty) -> None:
    editor = thirty.filing_pane.tables[T1]
    # The Tesla sales fill title, date, code, amount, A/D, price, owned following, D/I and the nature of the
    # indirect ownership (by Trust); no row has a deemed execution date, form type, V, timeliness or value owned.
    assert _labels(editor) == ["Title of Security", "Transaction Date", "Code", "Amount", "(A) or (D)", "Price",
                               "Owned Following", "D or I", "Nature of Indirect Ownership"]
    assert editor.hidden_columns() == ["deemed_execution_date", "transaction_form_type", "equity_swap_involved",
                                       "transaction_timeliness", "value_owned_following"]
    pane = thirty.filing_pane
    pane.empty_columns_action.trigger()  # "Show Empty Columns" in the table's menu
    assert editor.hidden_columns() == []
    assert _labels(editor)[:8] == ["Title of Security", "Transaction Date", "Code", "Amount", "(A) or (D)", "Price",
                                   "Owned Following", "D or I"]
    assert "Deemed Execution Date" in _labels(editor)


def test_showing_empty_columns_is_remembered(qtbot, thirty, db_path) -> None:
    thirty.filing_pane.empty_columns_action.trigger()
    from form4viewer.gui.main_window import MainWindow

    again = MainWindow(db_path)
    qtbot.addWidget(again)
    assert again.filing_pane.empty_columns_action.isChecked()
    assert again.filing_pane.tables[T1].show_empty_columns


def test_a_field_asked_for_in_a_collapsed_column_is_shown(qtbot, thirty) -> None:
    editor = thirty.filing_pane.tables[T1]
    assert "transaction_timeliness" in editor.hidden_columns()
    thirty.document.select(f"{T1}[3].transaction_timeliness")
    assert "transaction_timeliness" not in editor.hidden_columns()
    assert editor.view.currentIndex() == editor.model.index_of(f"{T1}[3].transaction_timeliness")


def test_holdings_and_table_ii_put_their_own_columns_first(qtbot, window) -> None:
    open_and_wait(qtbot, window, DATA / "store" / "unity-form3-2020-holdings.xml")
    pane = window.filing_pane
    pane.empty_columns_action.trigger()  # every column, to see the order
    assert _labels(pane.tables["non_derivative_holdings"])[:3] == ["Title of Security", "Owned Following", "D or I"]
    assert _labels(pane.tables["derivative_holdings"])[:9] == [
        "Title of Security", "Conversion or Exercise Price", "Date Exercisable", "Expiration Date",
        "Underlying Title", "Underlying Amount", "Owned Following", "D or I", "Form Type"]
    assert _labels(pane.tables["derivative_transactions"])[:11] == [
        "Title of Security", "Conversion or Exercise Price", "Transaction Date", "Code", "Amount", "(A) or (D)",
        "Date Exercisable", "Expiration Date", "Underlying Title", "Underlying Amount", "Price"]


def test_the_title_column_stays_in_view_when_the_table_scrolls_sideways(qtbot, thirty) -> None:
    pane = thirty.filing_pane
    pane.empty_columns_action.trigger()  # wider than the pane: it scrolls
    view = pane.tables[T1].view
    bar = view.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    assert view.columnViewportPosition(0) < 0  # the table's own title column has scrolled away...
    frozen = view.frozen
    assert frozen is not None and frozen.isVisible()
    assert frozen.x() == view.verticalHeader().width() + view.frameWidth()  # ...and the frozen one has not
    assert frozen.columnWidth(0) == view.columnWidth(0)
    index = view.model().index(4, 0)
    assert frozen.visualRect(index).isValid() and index.data() == "Common Stock"
    # The last column, scrolled to, is not hidden under the frozen one.
    last = view.model().index(0, view.model().columnCount() - 1)
    view.scrollTo(last)
    assert view.columnViewportPosition(last.column()) >= view.columnWidth(0)


def test_a_title_typed_into_the_frozen_column_is_saved(qtbot, thirty) -> None:
    pane = thirty.filing_pane
    view = pane.tables[T1].view
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    index = view.model().index(2, 0)
    view.setFocus()
    view.setCurrentIndex(index)
    QTest.keyClick(view, "C")  # the first key opens the editor, as in a spreadsheet
    editor = QApplication.focusWidget()
    assert editor is not view and editor.parent() is view.frozen.viewport()  # edited where it shows
    QTest.keyClicks(editor, "lass A Common Stock")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: thirty.document.value(f"{T1}[2].security_title").value == "Class A Common Stock")
    thirty.undo_action.trigger()
    assert thirty.document.value(f"{T1}[2].security_title").value == "Common Stock"


def test_a_value_cut_to_fit_its_column_is_whole_in_its_tooltip(qtbot, thirty) -> None:
    view = thirty.filing_pane.tables[T1].view
    model = view.model()
    column = model.fields.index("shares_owned_following")
    index = model.index(0, column)
    whole = index.data()
    assert whole == "168,878,098"  # row 1's shares owned following, as the page shows it
    delegate = view.itemDelegate()
    assert not delegate.elided(_option(view, index), index)
    view.setColumnWidth(column, 50)
    assert delegate.elided(_option(view, index), index)
    view.scrollTo(index)
    rect = view.visualRect(index)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                                                       view.viewport().mapToGlobal(rect.center())))
    assert QToolTip.isVisible() and whole in QToolTip.text()
    QToolTip.hideText()


def test_footnote_text_wraps_and_its_row_grows(qtbot, thirty) -> None:
    notes = thirty.filing_pane.footnotes.view
    one_line = notes.fontMetrics().height() + 8
    model = notes.model()
    first = model.index(0, 1)
    assert first.data().startswith("The price reported in Column 4 is a weighted average price.")
    assert notes.rowHeight(0) >= 2 * notes.fontMetrics().height()  # a long footnote on several lines
    assert not notes.itemDelegate().elided(_option(notes, first), first)
    # The fields citing footnote F2 (the trust) are many: they stay on one line, whole in the tooltip.
    assert notes.rowHeight(1) < 3 * one_line


def test_folding_the_header_and_the_footnotes_gives_the_tables_room_and_is_remembered(qtbot, thirty, db_path) -> None:
    pane = thirty.filing_pane
    view = pane.tables[T1].view
    before = view.visible_rows()
    pane.header_action.trigger()
    assert not pane.header_scroll.isVisible()
    qtbot.waitUntil(lambda: view.visible_rows() >= before + 8)
    without_header = view.visible_rows()
    QTest.mouseClick(pane.bottom_tabs.cornerWidget().widgetForAction(pane.notes_action), Qt.MouseButton.LeftButton)
    assert not pane.notes_action.isChecked()
    qtbot.waitUntil(lambda: pane.bottom_tabs.height() <= pane.bottom_tabs.tabBar().sizeHint().height() + 2)
    qtbot.waitUntil(lambda: view.visible_rows() >= without_header + 2)
    from form4viewer.gui.main_window import MainWindow

    again = MainWindow(db_path)
    qtbot.addWidget(again)
    assert not again.filing_pane.header_action.isChecked() and not again.filing_pane.notes_action.isChecked()
    # A field of the folded header, asked for (from the problems, say), opens it again.
    thirty.document.select("issuer.name")
    assert pane.header_scroll.isVisible()
    pane.bottom_tabs.tabBarClicked.emit(0)
    assert pane.notes_action.isChecked()


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_smaller_windows_cut_nothing_off_without_a_way_to_see_it(qtbot, window, size: tuple[int, int]) -> None:
    window.resize(*size)
    open_and_wait(qtbot, window, THIRTY_ROWS, timeout=120000)
    pane = window.filing_pane
    scroll = pane.header_scroll
    qtbot.waitUntil(lambda: pane.header.width() <= scroll.viewport().width())
    assert scroll.horizontalScrollBar().maximum() == 0  # the header never needs sideways scrolling
    form_box = pane.header.fields["form"].parentWidget()
    corner = form_box.mapTo(scroll.viewport(), QPoint(0, 0))
    assert scroll.viewport().rect().intersects(QRect(corner, form_box.size()))  # the Form box is in view
    view = pane.tables[T1].view
    assert view.visible_rows() >= 3
    delegate = view.itemDelegate()
    model = view.model()
    for row in range(view.visible_rows()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if view.isColumnHidden(column) or not delegate.elided(_option(view, index), index):
                continue
            rect = view.visualRect(index)  # a cut value: its tooltip has it whole
            QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                                                               view.viewport().mapToGlobal(rect.center())))
            assert index.data() in QToolTip.text()


def test_the_accession_number_and_filing_date_are_shown_and_corrected_like_any_field(qtbot, window) -> None:
    open_and_wait(qtbot, window, SUBMISSION)
    header = window.filing_pane.header
    accession = header.fields["accession_number"]
    filed = header.fields["filing_date"]
    # What the submission's header says: ACCESSION NUMBER 0001104659-25-025206, FILED AS OF DATE 20250318.
    assert accession.text() == "0001104659-25-025206" and accession.isVisible()
    assert window.document.value("filing_date").value == dt.date(2025, 3, 18) and filed.isVisible()

    accession.setFocus()
    accession.selectAll()
    QTest.keyClicks(accession, "0001104659-25-025207")
    QTest.keyClick(accession, Qt.Key.Key_Tab)
    assert window.document.value("accession_number").value == "0001104659-25-025207"
    assert window.document.value("accession_number").corrected
    filed.setFocus()
    filed.selectAll()
    QTest.keyClicks(filed, "03/19/2025")  # the form's own format
    QTest.keyClick(filed, Qt.Key.Key_Return)
    assert window.document.value("filing_date").value == dt.date(2025, 3, 19)
    assert window.isWindowModified()

    window.undo_action.trigger()
    assert window.document.value("filing_date").value == dt.date(2025, 3, 18)
    window.redo_action.trigger()
    assert window.save()
    stored = window.store.load(window.document.filing_id)
    assert stored.accession_number.value == "0001104659-25-025207"
    assert stored.filing_date.value == dt.date(2025, 3, 19)


def test_rows_are_counted_from_1_in_the_tables_footnotes_and_labels(qtbot, thirty) -> None:
    pane = thirty.filing_pane
    model = pane.tables[T1].model
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in (0, 29)] == ["1", "30"]
    assert pane.footnotes.model.headerData(0, Qt.Orientation.Vertical) == "1"
    thirty.document.select(f"{T1}[0].shares")
    menu = pane.menu_for(f"{T1}[0].shares", pane)
    assert menu.actions()[0].text() == "Table I transactions, row 1: Amount"


def test_the_footnotes_of_a_short_filing_show_whole_below_its_rows(qtbot, window) -> None:
    # Tesla's Form 4 of 2023: two rows in Table I and three footnotes. Before a person moves the splitter, the
    # footnotes get the lines they need where the rows leave room, rather than two lines and a scroll bar.
    window.resize(1366, 768)
    open_and_wait(qtbot, window, Path(__file__).resolve().parents[2] / "resources" / "samples" / "tesla-form4-2023.xml")
    pane = window.filing_pane
    notes, rows = pane.footnotes.view, pane.tables[T1].view

    def whole(view, count: int) -> bool:  # type: ignore[no-untyped-def]
        return view.model().rowCount() == count and all(
            view.visualRect(view.model().index(r, 1)).bottom() <= view.viewport().height() for r in range(count))

    qtbot.waitUntil(lambda: whole(notes, 3), timeout=5000)
    assert whole(notes, 3)
    assert whole(rows, 2)


def test_the_problems_dock_takes_only_the_room_its_problems_need(qtbot, window) -> None:
    # The EDGAR Online Form 3 of Rocket Lab (Michael Griffin): one note from the reader (the accession number is
    # its PDF's title), and nothing the checks find. At 1024x700 the dock shows the note under "Source" and says
    # the checks find nothing, with no empty table for them; the filing side keeps the rest of the height.
    window.resize(1024, 700)
    window.show()
    open_and_wait(qtbot, window, DATA / "edgar_online" / "rklb-form3-2021-owner-across-pages.pdf")
    problems = window.problems
    assert problems.source_model.rowCount() == 1 and problems.model.rowCount() == 0
    assert "Filing: the checks find nothing." in problems.summary.text()
    assert problems.source_group.isVisibleTo(problems)
    assert not problems.filing_group.isVisibleTo(problems)
    qtbot.waitUntil(lambda: window.problems_dock.height() <= 150, timeout=5000)
    assert window.filing_pane.height() >= 440
    # The issuer's name deleted is an error of the filing: its group comes back, and the dock makes room for both
    # groups' first rows.
    name = window.filing_pane.header.fields["issuer.name"]
    name.setFocus()
    name.selectAll()
    QTest.keyClick(name, Qt.Key.Key_Delete)
    QTest.keyClick(name, Qt.Key.Key_Tab)
    assert window.document.value("issuer.name").value is None
    qtbot.waitUntil(lambda: problems.model.rowCount() > 0, timeout=5000)
    assert problems.filing_group.isVisibleTo(problems)
    assert "Filing: 1 error." in problems.summary.text()
    for view in (problems.source_view, problems.view):
        assert view.height() >= view.horizontalHeader().height() + view.verticalHeader().defaultSectionSize()
    assert window.problems_dock.height() <= 220
