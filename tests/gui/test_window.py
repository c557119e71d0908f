"""The flows a person goes through in the window: open each kind of file, see where a value was read, correct it,
undo and redo, add a row, attach a footnote, save, reopen from the library, export."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from form4viewer.gui.filing_pane import field_menu
from form4viewer.gui.models import PathRole
from form4viewer.readers import decode_text
from form4viewer.sources import PdfBox, TextSpan, XmlPath

from .conftest import SAMPLE_FILES, open_and_wait

#: What a person checks first in each sample: issuer, first owner, and one table value with its path.
EXPECTED = {
    "xml": ("Tesla, Inc.", "Musk Elon", "non_derivative_transactions[0].shares", Decimal("5250")),
    "pdf": ("MICROSOFT CORP", "Hoffman Reid", "non_derivative_holdings[0].shares_owned_following", Decimal("15905")),
    "text": ("QUALYS, INC.", "Albert Peter", "non_derivative_transactions[1].transaction_date", dt.date(2013, 11, 22)),
    "html": ("EVANS BANCORP INC", "SULLIVAN NORA B", "non_derivative_transactions[0].shares", Decimal("519")),
}


def _cell(window, path: str):  # type: ignore[no-untyped-def]
    table = path.split("[")[0]
    model = window.filing_pane.tables[table].model
    index = model.index_of(path)
    assert index.isValid(), path
    return model, index


@pytest.mark.parametrize("kind", sorted(SAMPLE_FILES))
def test_window_shows_each_kind_of_file_with_its_values_and_source(qtbot, window, kind: str) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES[kind])
    issuer, owner, path, value = EXPECTED[kind]
    header = window.filing_pane.header
    assert header.fields["issuer.name"].text() == issuer
    assert header.fields["reporting_owners[0].name"].text() == owner
    model, index = _cell(window, path)
    assert window.document.value(path).value == value
    assert index.data(PathRole) == path
    assert window.source.kind == {"pdf": "pdf", "html": "page"}.get(kind, "text")
    if kind == "pdf":
        assert window.source.pdf.page_count == 2
    elif kind == "html":  # the page as laid out, not its markup
        shown = window.source.page.toPlainText()
        assert issuer.split()[0] in shown and "<td" not in shown
    else:
        assert issuer.split()[0] in window.source.text.toPlainText()
    assert window.document.state == "as read"
    assert not window.isWindowModified()


@pytest.mark.parametrize("kind", sorted(SAMPLE_FILES))
def test_selecting_a_field_highlights_where_it_was_read(qtbot, window, kind: str) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES[kind])
    _issuer, _owner, path, _value = EXPECTED[kind]
    model, index = _cell(window, path)
    view = window.filing_pane.tables[path.split("[")[0]].view
    view.setCurrentIndex(index)
    assert window.document.current_path == path
    source = window.document.value(path).source
    if isinstance(source, PdfBox):
        rect = window.source.pdf.highlighted
        assert rect is not None
        top_left = window.source.pdf.scene_point(source.page, source.x0, source.top)
        assert abs(rect.left() + 2 - top_left.x()) < 0.5 and abs(rect.top() + 2 - top_left.y()) < 0.5
    elif isinstance(source, TextSpan):
        text = decode_text(SAMPLE_FILES[kind].read_bytes())
        view = window.source.page if kind == "html" else window.source.text
        start, end = view.highlighted_range
        shown = view.toPlainText()[start:end]
        assert shown == text[source.start:source.end].replace("\r\n", "\n")
    else:
        assert isinstance(source, XmlPath)
        start, end = window.source.text.highlighted_range
        line = window.source.text.toPlainText()[start:end]
        assert "<value>5250</value>" in line


def test_clicking_a_value_on_a_pdf_page_selects_its_field(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])
    path = "non_derivative_holdings[0].shares_owned_following"
    box = window.document.value(path).source
    assert isinstance(box, PdfBox)
    pdf = window.source.pdf
    point = pdf.mapFromScene(pdf.scene_point(box.page, (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2))
    QTest.mouseClick(pdf.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert window.document.current_path == path
    assert window.filing_pane.table_tabs.currentWidget() is window.filing_pane.tables["non_derivative_holdings"]


def test_clicking_a_value_in_the_text_selects_its_field(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["html"])
    span = window.document.value("issuer.trading_symbol").source
    assert isinstance(span, TextSpan)
    window.source.page.positionClicked.emit(span.start + 1, 0)
    assert window.document.current_path == "issuer.trading_symbol"
    assert window.filing_pane.header.fields["issuer.trading_symbol"].hasFocus()


def test_editing_a_cell_corrects_it_and_undo_and_redo_bring_it_back(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    path = "non_derivative_transactions[0].shares"
    model, index = _cell(window, path)
    assert model.setData(index, "5,300")
    value = window.document.value(path)
    assert value.value == Decimal("5300") and value.corrected and value.read.value == Decimal("5250")
    assert index.data() == "5,300"
    assert window.isWindowModified()
    assert window.document.state == "corrected, not saved"
    window.undo_action.trigger()
    assert window.document.value(path).value == Decimal("5250")
    assert not window.document.value(path).corrected
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert window.document.value(path).value == Decimal("5300")
    assert window.document.undo_stack.undoText() == "Edit Table I transactions, row 1: Amount"


def test_an_amount_that_is_not_a_number_is_refused(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    model, index = _cell(window, "non_derivative_transactions[0].shares")
    assert not model.setData(index, "five thousand")
    assert window.document.value("non_derivative_transactions[0].shares").value == Decimal("5250")
    assert window.document.undo_stack.count() == 0


def test_dates_codes_and_boxes_are_edited_as_their_kind(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    model, index = _cell(window, "non_derivative_transactions[0].transaction_date")
    assert model.setData(index, QDate(2023, 3, 9))
    assert window.document.value("non_derivative_transactions[0].transaction_date").value == dt.date(2023, 3, 9)
    model, index = _cell(window, "non_derivative_transactions[0].transaction_code")
    assert model.setData(index, "s")
    assert window.document.value("non_derivative_transactions[0].transaction_code").value == "S"
    model, index = _cell(window, "non_derivative_transactions[0].equity_swap_involved")
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert window.document.value("non_derivative_transactions[0].equity_swap_involved").value is True
    box = window.filing_pane.header.fields["reporting_owners[0].is_other"]
    box.click()
    assert window.document.value("reporting_owners[0].is_other").value is True
    assert window.document.undo_stack.count() == 4


def test_typing_in_one_field_is_one_undo_step(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    edit = window.filing_pane.header.fields["reporting_owners[0].officer_title"]
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, "Technoking")
    assert window.document.value("reporting_owners[0].officer_title").value == "Technoking"
    assert window.document.undo_stack.count() == 1
    window.undo_action.trigger()
    assert window.document.value("reporting_owners[0].officer_title").value == "CEO"
    assert edit.text() == "CEO"


def test_revert_puts_back_what_was_read(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value("issuer.trading_symbol", "TSLQ")
    assert window.filing_pane.header.fields["issuer.trading_symbol"].text() == "TSLQ"
    window.document.select("issuer.trading_symbol")
    window.revert_action.trigger()
    assert window.document.value("issuer.trading_symbol").value == "TSLA"
    assert not window.document.value("issuer.trading_symbol").corrected


def test_adding_moving_and_removing_rows(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    editor = window.filing_pane.tables["non_derivative_holdings"]
    editor.add_action.trigger()
    assert len(window.document.filing.non_derivative_holdings) == 1
    assert editor.model.rowCount() == 1
    model, index = _cell(window, "non_derivative_holdings[0].security_title")
    assert model.setData(index, "Common Stock")
    assert window.document.value("non_derivative_holdings[0].security_title").value == "Common Stock"

    rows = window.filing_pane.tables["non_derivative_transactions"]
    rows.view.setCurrentIndex(rows.model.index(0, 0))
    rows.down_action.trigger()
    prices = [r.price_per_share.value for r in window.document.filing.non_derivative_transactions]
    assert prices == [Decimal("6.67"), Decimal("2.79")]
    rows.view.setCurrentIndex(rows.model.index(0, 0))
    rows.remove_action.trigger()
    assert [r.price_per_share.value for r in window.document.filing.non_derivative_transactions] == [Decimal("2.79")]
    for _ in range(4):
        window.undo_action.trigger()
    assert window.document.filing.non_derivative_holdings == ()
    assert len(window.document.filing.non_derivative_transactions) == 2


def test_attaching_and_detaching_a_footnote_from_the_field_menu(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    path = "non_derivative_transactions[0].price_per_share"
    assert window.document.value(path).footnotes == ()
    menu = field_menu(window.document, path, window)
    attach = next(a for a in menu.findChild(type(menu), "footnotes-menu").actions() if a.objectName() == "footnote-F2")
    assert not attach.isChecked()
    attach.trigger()
    assert window.document.value(path).footnotes == ("F2",)
    model, index = _cell(window, path)
    assert index.data() == "2.79 (F2)"
    notes = window.filing_pane.footnotes.model
    assert "Table I transactions, row 1: Price" in notes.index(1, 2).data()
    menu = field_menu(window.document, path, window)
    detach = next(a for a in menu.findChild(type(menu), "footnotes-menu").actions() if a.objectName() == "footnote-F2")
    assert detach.isChecked()
    detach.trigger()
    assert window.document.value(path).footnotes == ()


def test_a_new_footnote_gets_the_next_id_and_its_text(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    note_id = window.document.add_footnote("")
    assert note_id == "F4"
    notes = window.filing_pane.footnotes.model
    assert notes.rowCount() == 4
    assert notes.setData(notes.index(3, 1), "Held by a family trust.")
    assert window.document.filing.footnote("F4").text.value == "Held by a family trust."
    assert notes.index(3, 2).data() == "(not cited)"


def test_problems_follow_edits_and_f8_goes_to_the_field(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.problems.model.rowCount() == 0
    path = "non_derivative_transactions[0].transaction_code"
    model, index = _cell(window, path)
    assert model.setData(index, "Q")
    paths = [window.problems.model.index(r, 0).data(PathRole) for r in range(window.problems.model.rowCount())]
    assert path in paths
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    window.document.select("issuer.name")
    QTest.keyClick(window, Qt.Key.Key_F8)
    assert window.document.current_path == paths[0]
    window.undo_action.trigger()
    assert path not in [window.problems.model.index(r, 0).data(PathRole)
                        for r in range(window.problems.model.rowCount())]


def test_saving_and_reopening_from_the_library_keeps_the_correction(qtbot, window, db_path: Path) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])
    path = "non_derivative_holdings[0].shares_owned_following"
    window.document.set_value(path, Decimal("15906"))
    assert window.save()
    assert not window.isWindowModified()
    assert window.document.state == "saved, corrected"
    assert db_path.exists()
    library = window.library
    assert library.model.rowCount() == 1
    assert library.proxy.index(0, 0).data() == "MICROSOFT CORP"
    assert library.proxy.index(0, 5).data() == "corrected"

    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.document.filing.issuer.name.value == "Tesla, Inc."
    library.search.setText("micro")
    assert library.proxy.rowCount() == 1
    filing_id = library.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.open_stored(filing_id)
    value = window.document.value(path)
    assert value.value == Decimal("15906") and value.corrected and value.read.value == Decimal("15905")
    assert window.source.kind == "pdf" and window.source.pdf.page_count == 2
    assert window.document.source_bytes == SAMPLE_FILES["pdf"].read_bytes()


def test_opening_a_saved_file_again_shows_the_saved_corrections(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["text"])
    window.document.set_value("issuer.cik", "0001107843")
    assert window.save()
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    open_and_wait(qtbot, window, SAMPLE_FILES["text"])
    assert window.document.value("issuer.cik").value == "0001107843"
    assert window.document.filing_id is not None


def test_export_csv_has_the_corrected_value(qtbot, window, tmp_path: Path) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value("non_derivative_transactions[1].shares", Decimal("5251"))
    out = tmp_path / "tesla.csv"
    assert window.export_csv(out) == 4
    with out.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    first_table = [r for r in rows if r["table"] == "non_derivative_transactions"]
    assert [r["shares"] for r in first_table] == ["5250", "5251"]
    assert "shares" in first_table[1]["corrected"]


def test_export_of_every_saved_filing_writes_the_sec_tables(qtbot, window, tmp_path: Path) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value("non_derivative_transactions[1].shares", Decimal("5251"))
    assert window.save()
    counts = window.export_all(tmp_path / "out")
    assert counts["NONDERIV_TRANS.tsv" if "NONDERIV_TRANS.tsv" in counts else next(
        k for k in counts if k.upper().startswith("NONDERIV_TRANS"))] == 2
    flat = (tmp_path / "out" / "transactions.csv").read_text(encoding="utf-8-sig")
    assert "5251" in flat


def test_unsaved_changes_are_asked_about_and_kept_on_cancel(qtbot, window, monkeypatch) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value("issuer.name", "Tesla Motors")
    asked = []
    monkeypatch.setattr(window, "ask_unsaved", lambda: asked.append(1) or QMessageBox.StandardButton.Cancel)
    assert not window.open_path(SAMPLE_FILES["text"])
    assert asked == [1]
    assert window.document.filing.issuer.name.value == "Tesla Motors"
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(window, "ask_unsaved", lambda: QMessageBox.StandardButton.Save)
    open_and_wait(qtbot, window, SAMPLE_FILES["text"])
    assert window.library.model.rowCount() == 1
    assert window.store.load(window.library.model.filing_id(0)).issuer.name.value == "Tesla Motors"


def test_a_damaged_file_gives_a_message_naming_it(qtbot, window, monkeypatch, tmp_path: Path) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[1:]))
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    with qtbot.waitSignal(window.openFailed, timeout=30000):
        window.open_path(bad)
    assert len(shown) == 1
    title, message = shown[0]
    assert str(bad) in message and "Traceback" not in message
    assert window.document.filing is None


def test_an_unusable_database_gives_a_message_and_keeps_the_filing(qtbot, window, monkeypatch, tmp_path) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[1:]))
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value("issuer.name", "Tesla Motors")
    folder = tmp_path / "a-folder.sqlite"
    folder.mkdir()
    window.store = None
    window.db_path = str(folder)
    assert not window.save()
    assert shown and str(folder) in shown[0][1]
    assert window.isWindowModified()
    assert window.document.filing.issuer.name.value == "Tesla Motors"


def test_window_state_recent_files_and_database_persist(qtbot, window, db_path: Path) -> None:
    from form4viewer.gui.main_window import MainWindow

    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.splitter.setSizes([500, 700])
    window.close()
    again = MainWindow()
    again.show()
    qtbot.waitExposed(again)
    try:
        assert again.db_path == str(db_path)
        assert again.recent_files()[0] == str(SAMPLE_FILES["xml"])
        (left, right), (old_left, old_right) = again.splitter.sizes(), window.splitter.sizes()
        assert abs(left / (left + right) - old_left / (old_left + old_right)) < 0.01
        assert again.restoreState(again.settings.value("window/state"))
    finally:
        again.close()


def test_importing_a_folder_fills_the_library(qtbot, window, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for kind in ("xml", "html"):
        (folder / SAMPLE_FILES[kind].name).write_bytes(SAMPLE_FILES[kind].read_bytes())
    (folder / "notes.txt").write_text("not a filing")
    with qtbot.waitSignal(window.imported, timeout=60000) as blocker:
        assert window.import_paths([str(folder)], jobs=1) is not None
    statuses = sorted(o.status for o in blocker.args[0])
    assert statuses.count("read") == 2
    assert window.library.model.rowCount() == 2
    assert {window.library.model.index(r, 1).data() for r in range(2)} == {"TSLA", "EVBN"}


def test_dropping_a_file_opens_it(qtbot, window) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(SAMPLE_FILES["xml"]))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.ready, timeout=60000):
        window.dropEvent(event)
    assert window.document.filing.issuer.name.value == "Tesla, Inc."


def test_screenshot_option_saves_a_picture_of_the_drawn_window(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    png = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "form4viewer", str(SAMPLE_FILES["xml"]), "--db", str(tmp_path / "f.sqlite"),
         "--screenshot", str(png)],
        env=env, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1440, 900)
    # The source pane is drawn: its left half is not one flat colour.
    colours = {image.pixel(x, y) for x in range(20, 500, 7) for y in range(120, 600, 11)}
    assert len(colours) > 3


def test_screenshot_option_fails_cleanly_on_a_file_that_is_no_filing(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    bad = tmp_path / "letter.txt"
    bad.write_text("Dear reader, this is a letter.\n")
    result = subprocess.run(
        [sys.executable, "-m", "form4viewer", str(bad), "--db", str(tmp_path / "f.sqlite"), "--screenshot",
         str(tmp_path / "shot.png")],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 1
    assert str(bad) in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "shot.png").exists()


def test_a_value_still_in_its_editor_is_saved(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    view = window.filing_pane.tables["non_derivative_transactions"].view
    model, index = _cell(window, "non_derivative_transactions[1].price_per_share")
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.focusWidget()
    assert editor is not view
    editor.selectAll()
    QTest.keyClicks(editor, "6.70")
    assert window.save()
    assert window.store.load(window.document.filing_id).non_derivative_transactions[1].price_per_share.value == \
        Decimal("6.70")


def test_find_and_zoom_in_the_source(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])
    pdf = window.source.pdf
    zoom = pdf.zoom
    window.zoom_in_action.trigger()
    assert pdf.zoom == pytest.approx(zoom * 1.25)
    window.find_box.setText("Restricted Stock")
    window.find_next_action.trigger()
    qtbot.waitUntil(lambda: pdf.found_count >= 2, timeout=20000)
    open_and_wait(qtbot, window, SAMPLE_FILES["text"])
    window.find_box.setText("REDWOOD CITY")
    window.find_next_action.trigger()
    assert window.source.text.textCursor().selectedText() == "REDWOOD CITY"


def test_a_file_that_fails_to_read_leaves_the_open_filing_as_it_was(qtbot, window, tmp_path, _no_modal_boxes) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])
    window.document.set_value("issuer.trading_symbol", "MSFX")
    window.document.undo_stack.setClean()  # no question about unsaved changes in this test
    bad = tmp_path / "empty.xml"
    bad.write_bytes(b"")
    with qtbot.waitSignal(window.openFailed, timeout=30000):
        window.open_path(bad)
    assert _no_modal_boxes and str(bad) in _no_modal_boxes[-1][1]
    assert window.document.filing.issuer.trading_symbol.value == "MSFX"
    assert window.source.stack.currentWidget() is window.source.pdf
    assert not window.is_busy


def test_delete_empties_the_current_cell(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    view = window.filing_pane.tables["non_derivative_transactions"].view
    model, index = _cell(window, "non_derivative_transactions[0].price_per_share")
    view.setFocus()
    view.setCurrentIndex(index)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    value = window.document.value("non_derivative_transactions[0].price_per_share")
    assert value.value is None and value.corrected
    window.undo_action.trigger()
    assert window.document.value("non_derivative_transactions[0].price_per_share").value == Decimal("2.79")


def test_a_cancelled_import_stops_before_the_next_file(qtbot, tmp_path: Path) -> None:
    from form4viewer.gui.workers import ImportThread

    folder = tmp_path / "inbox"
    folder.mkdir()
    for kind in ("xml", "html", "text"):
        (folder / SAMPLE_FILES[kind].name).write_bytes(SAMPLE_FILES[kind].read_bytes())
    thread = ImportThread(str(tmp_path / "f.sqlite"), [str(folder)], jobs=1)
    thread.cancel()
    with qtbot.waitSignal(thread.finished_import, timeout=60000) as blocker:
        thread.start()
    thread.wait()
    assert [o for o in blocker.args[0] if o.status == "read"] == []


def test_a_full_submission_shows_the_line_of_the_embedded_xml(qtbot, window, corpus: Path) -> None:
    path = corpus / "sgml" / "0000002488-24-000005_F4_AMD_SMITH-DARLA-M.txt"
    if not path.exists():
        pytest.skip("sample submission not in the corpus")
    open_and_wait(qtbot, window, path)
    assert window.document.filing.document.kind == "sgml"
    window.filing_pane.header.fields["issuer.name"].setFocus()
    assert window.document.current_path == "issuer.name"
    start, end = window.source.text.highlighted_range
    line = window.source.text.toPlainText()[start:end]
    assert "<issuerName>ADVANCED MICRO DEVICES INC</issuerName>" in line


