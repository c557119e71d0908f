"""A reading under way can be stopped (Esc, File > Stop Reading, or the button beside the busy bar): the filing
that was open stays open, nothing is reported as an error, and the next file opens as usual."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import SAMPLE_FILES, open_and_wait


def test_escape_stops_a_reading_and_the_open_filing_stays(qtbot, window, _no_modal_boxes) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert not window.stop_reading_action.isEnabled()
    with qtbot.waitSignal(window.openFailed, timeout=20000) as blocker:
        assert window.open_path(SAMPLE_FILES["pdf"])
        assert window.stop_reading_action.isEnabled() and window.is_busy
        assert not window.stop_button.isHidden()
        QTest.keyClick(window, Qt.Key.Key_Escape)
    assert blocker.args[0].endswith("reading stopped")
    assert not window.is_busy and not window.stop_reading_action.isEnabled() and window.stop_button.isHidden()
    assert window.document.filing.issuer.name.value == "Tesla, Inc."
    assert window.source.kind == "text" and "Tesla" in window.source.text.toPlainText()
    qtbot.wait(300)  # the stopped reading's worker ends meanwhile: what it gives must be dropped
    assert window.document.filing.issuer.name.value == "Tesla, Inc."
    assert _no_modal_boxes == []  # stopping is not an error

    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])  # a new reading process takes the next file
    assert window.document.filing.issuer.name.value == "MICROSOFT CORP"
    assert window.source.kind == "pdf"


def test_stopping_the_reading_of_the_first_file_leaves_an_empty_window(qtbot, window, _no_modal_boxes) -> None:
    with qtbot.waitSignal(window.openFailed, timeout=20000):
        assert window.open_path(SAMPLE_FILES["text"])
        window.stop_reading_action.trigger()
    assert window.document.filing is None
    assert _no_modal_boxes == []
    open_and_wait(qtbot, window, SAMPLE_FILES["text"])
    assert window.document.filing.issuer.name.value == "QUALYS, INC."


def test_the_pages_come_back_at_the_zoom_and_place_the_person_left_them(qtbot, window, _no_modal_boxes) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])
    pdf = window.source.pdf
    window.zoom_in_action.trigger()
    window.zoom_in_action.trigger()
    zoom = pdf.zoom
    pdf.verticalScrollBar().setValue(pdf.verticalScrollBar().maximum() // 2)
    place = pdf.verticalScrollBar().value()
    assert place > 0
    with qtbot.waitSignal(window.openFailed, timeout=20000):
        assert window.open_path(SAMPLE_FILES["pdf"])  # its pages are shown while it is read, then stopped
        window.stop_reading_action.trigger()
    assert window.source.kind == "pdf" and pdf.page_count == 2
    assert pdf.zoom == zoom
    assert pdf.verticalScrollBar().value() == place
