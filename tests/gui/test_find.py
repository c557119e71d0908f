"""Find in the source as a person uses it: the count of matches, which one is shown, and "Not found"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsRectItem

from form4viewer.gui.source_view import FOUND_CURRENT_FILL, FOUND_FILL
from form4viewer.readers import decode_text

from .conftest import SAMPLE_FILES, open_and_wait


def _search(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    box = window.find_box
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)  # typed key by key
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_find_in_a_text_source_counts_the_matches_and_steps_through_them(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    path = SAMPLE_FILES["text"]
    open_and_wait(qtbot, window, path)
    # counted here from the file itself: every "common stock", case aside
    expected = decode_text(path.read_bytes()).lower().count("common stock")
    assert expected >= 2
    _search(qtbot, window, "Common Stock")
    assert window.find_result.text() == f"1 of {expected}"
    first = window.source.text.textCursor().selectionStart()
    qtbot.keyClick(window.find_box, Qt.Key.Key_Return)
    assert window.find_result.text() == f"2 of {expected}"
    assert window.source.text.textCursor().selectionStart() > first
    assert window.source.text.textCursor().selectedText().lower() == "common stock"
    _search(qtbot, window, "no such words here")
    assert window.find_result.text() == "Not found"
    qtbot.keyClicks(window.find_box, "x")  # a new search clears the old answer
    assert window.find_result.text() == ""


def test_find_in_a_pdf_marks_the_current_match_apart_from_the_others(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])
    _search(qtbot, window, "Microsoft")
    qtbot.waitUntil(lambda: window.find_result.text().startswith("1 of "), timeout=20000)
    total = int(window.find_result.text().split()[-1])
    assert total >= 2
    marks = [item for item in window.source.pdf.scene().items() if isinstance(item, QGraphicsRectItem)
             and item.brush().color() in (FOUND_FILL, FOUND_CURRENT_FILL)]
    assert len(marks) == total
    assert sum(1 for item in marks if item.brush().color() == FOUND_CURRENT_FILL) == 1
    qtbot.keyClick(window.find_box, Qt.Key.Key_Return)
    assert window.find_result.text() == f"2 of {total}"
    _search(qtbot, window, "zzqqzz")
    qtbot.waitUntil(lambda: window.find_result.text() == "Not found", timeout=20000)


def test_export_dialogs_open_where_the_person_last_exported_else_in_their_documents(
    qtbot, window, tmp_path: Path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert window.export_folder() in (documents, str(Path.home()))
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    out = tmp_path / "exports"
    out.mkdir()
    assert window.export_csv(out / "tesla.csv") == 4  # two rows in each of Table I and Table II
    assert window.export_folder() == str(out.resolve())
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, *a, **k: (asked.append(start), ("", ""))[1])
    window._export_dialog()
    assert asked == [str(out.resolve() / "tesla-form4-2023.csv")]
