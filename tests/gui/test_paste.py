"""Open from Clipboard (Ctrl+Shift+V) and text dropped on the window: a filing's EDGAR page selected and copied in
a browser is read as the page's text, kept as a file in the data folder's "pasted" folder; a file copied in a file
manager is opened where it is; what is no filing is refused with a message and nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtTest import QTest

from .conftest import SAMPLE_FILES

COPIED = Path(__file__).resolve().parents[1] / "data" / "text" / "copied_from_page" / "adsk-pearce-form4-2023.txt"
#: What Chromium put on the clipboard beside that text: the page's HTML (a fragment of its body, styles inlined).
COPIED_HTML = COPIED.with_name("adsk-pearce-form4-2023.clipboard.html")


def _pasted_folder() -> Path:
    return Path(os.environ["FORM4VIEWER_DATA_DIR"]) / "pasted"


def _press_paste(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.ready, timeout=60000):
        QTest.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def test_a_page_copied_from_a_browser_opens_from_the_clipboard(qtbot, window) -> None:
    text = COPIED.read_text(encoding="utf-8")
    QGuiApplication.clipboard().setText(text)
    _press_paste(qtbot, window)
    header = window.filing_pane.header
    assert header.fields["issuer.name"].text() == "Autodesk, Inc."
    assert header.fields["reporting_owners[0].name"].text() == "Pearce Rebecca"
    assert window.document.value("reporting_owners[0].city").value == "SAN FRANCISCO"
    assert str(window.document.value("non_derivative_transactions[0].shares").value) == "1252"
    assert "Autodesk" in window.source.text.toPlainText()
    kept = sorted(_pasted_folder().glob("pasted-*.txt"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == text
    assert window.recent_files()[0] == str(kept[0])
    # The same text pasted again is the same file, not a second one.
    _press_paste(qtbot, window)
    assert sorted(_pasted_folder().glob("pasted-*")) == kept


def test_text_that_is_no_filing_is_refused_and_nothing_is_written(qtbot, window, _no_modal_boxes) -> None:
    QGuiApplication.clipboard().setText("Dear team, the Q3 numbers are attached.")
    with qtbot.waitSignal(window.openFailed, timeout=10000) as failed:
        QTest.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "the clipboard" in failed.args[0] and "not a Form 3/4/5 filing" in failed.args[0]
    assert _no_modal_boxes and _no_modal_boxes[-1][0] == "Cannot open what was pasted"
    assert not _pasted_folder().exists() or not any(_pasted_folder().iterdir())
    assert window.document.filing is None


def test_a_file_copied_in_a_file_manager_opens_where_it_is(qtbot, window) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE_FILES["xml"]))])
    QGuiApplication.clipboard().setMimeData(mime)
    _press_paste(qtbot, window)
    assert window.filing_pane.header.fields["issuer.name"].text() == "Tesla, Inc."
    assert window.recent_files()[0] == str(SAMPLE_FILES["xml"])
    assert not _pasted_folder().exists() or not any(_pasted_folder().iterdir())
    QGuiApplication.clipboard().clear()  # the clipboard owns the data it was given: let it go while the app lives


def test_text_dropped_on_the_window_opens(qtbot, window) -> None:
    mime = QMimeData()
    mime.setText(COPIED.read_text(encoding="utf-8"))
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.ready, timeout=60000):
        window.dropEvent(drop)
    assert window.filing_pane.header.fields["issuer.trading_symbol"].text() == "ADSK"
    assert len(list(_pasted_folder().glob("pasted-*.txt"))) == 1


def test_an_image_on_the_clipboard_is_taken_as_a_png_scan() -> None:
    from PySide6.QtGui import QColor, QImage

    from form4viewer.gui.main_window import _held
    from form4viewer.readers import sniff

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    mime = QMimeData()
    mime.setImageData(image)
    files, ways = _held(mime)
    assert files == [] and len(ways) == 1
    data = ways[0]
    assert sniff(data) == "image" and data.startswith(b"\x89PNG")
    back = QImage.fromData(data)
    assert (back.width(), back.height()) == (40, 30)


def test_a_page_copied_with_its_html_is_read_as_the_page(qtbot, window) -> None:
    # A browser puts the page's HTML beside its text: read as the page, the 10b5-1 box's tick is there, which the
    # text cannot show.
    mime = QMimeData()
    mime.setHtml(COPIED_HTML.read_text(encoding="utf-8"))
    mime.setText(COPIED.read_text(encoding="utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)
    _press_paste(qtbot, window)
    QGuiApplication.clipboard().clear()
    assert window.document.value("aff10b5_one").value is True
    assert window.document.value("reporting_owners[0].zip_code").value == "94105"
    assert window.source.kind == "page"
    assert [p.suffix for p in _pasted_folder().iterdir()] == [".html"]


def test_html_that_is_no_page_of_a_filing_gives_way_to_the_text_beside_it(qtbot, window, _no_modal_boxes,
                                                                            caplog) -> None:
    caplog.set_level("INFO", logger="form4viewer.gui.main_window")
    mime = QMimeData()
    mime.setHtml("<table><tr><td>Quarterly numbers</td><td>attached</td></tr></table>")
    mime.setText(COPIED.read_text(encoding="utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)
    _press_paste(qtbot, window)
    QGuiApplication.clipboard().clear()
    assert window.filing_pane.header.fields["issuer.trading_symbol"].text() == "ADSK"
    assert window.source.kind == "text"
    assert _no_modal_boxes == []
    # the HTML was kept and tried first; it read as no filing, so it went and the text was read instead
    assert sorted(p.suffix for p in _pasted_folder().iterdir()) == [".txt"]
    assert any(".html" in r.getMessage() and "reading what was pasted another way" in r.getMessage()
               for r in caplog.records)


def test_a_filings_text_goes_before_a_picture_copied_with_it(qtbot, window) -> None:
    # A spreadsheet or a word processor copies a picture of what was selected beside its text: the text is read.
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    mime = QMimeData()
    mime.setImageData(image)
    mime.setText(COPIED.read_text(encoding="utf-8"))
    QGuiApplication.clipboard().setMimeData(mime)
    _press_paste(qtbot, window)
    QGuiApplication.clipboard().clear()
    assert window.filing_pane.header.fields["issuer.trading_symbol"].text() == "ADSK"
    assert [p.suffix for p in _pasted_folder().iterdir()] == [".txt"]
