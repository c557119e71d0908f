"""The PDF of a filing saved from an XML that gives no accession number (neither in it nor in its file's name): the
keys differ, the content is the same (form4viewer.identity), so opening the PDF asks whether to attach it to the
saved filing or keep both, in the box a person sees. Files: tests/data/second_source (see its README lines)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from form4viewer.export import filing_key
from form4viewer.readers import load_file, read
from form4viewer.session import Session

from .conftest import open_and_wait

SECOND = Path(__file__).resolve().parents[1] / "data" / "second_source"
XML = SECOND / "0000769397-23-000114_autodesk-form4.xml"
PDF = SECOND / "0000769397-23-000114_autodesk-form4.pdf"


def xml_saved_without_accession(db_path: Path, tmp_path: Path) -> int:
    """The XML, copied under a name without its accession number, saved by another window."""
    xml = tmp_path / "autodesk-pearce.xml"
    shutil.copy(XML, xml)
    other = Session(db_path, tmp_path / "other-recovery")
    filing = read(xml)
    assert filing_key(filing) != filing_key(read(PDF))  # only the content can tell they are one filing
    other.set_open(load_file(xml), str(xml))
    outcome = other.save(filing)
    other.close_store()
    return outcome.filing_id  # type: ignore[union-attr]


def answer_the_box(qtbot, button_text: str, seen: list[tuple[str, list[str]]]) -> None:  # type: ignore[no-untyped-def]
    """When the question box shows, note its text and buttons and click `button_text` as a person would."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, look)
            return
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        seen.append((box.text(), sorted(buttons)))
        qtbot.mouseClick(buttons[button_text], Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, look)


def test_opening_the_pdf_of_an_xml_saved_without_its_accession_number_offers_to_attach_it(
    qtbot, window, db_path, tmp_path
) -> None:
    filing_id = xml_saved_without_accession(db_path, tmp_path)
    seen: list[tuple[str, list[str]]] = []
    answer_the_box(qtbot, "Attach to the Saved Filing", seen)
    open_and_wait(qtbot, window, PDF)
    ((text, buttons),) = seen
    assert f"0000769397-23-000114_autodesk-form4.pdf is the same filing as saved filing {filing_id}" in text
    assert buttons == ["Attach to the Saved Filing", "Cancel", "Keep Both"]
    # The saved filing is shown, read from its XML, and the PDF is kept with it.
    assert window.document.filing_id == filing_id and not window.isWindowModified()
    assert window.document.source_bytes == XML.read_bytes()
    (attached,) = window.store.sources(filing_id)
    assert attached.kind == "pdf" and window.store.attached_bytes(attached.id) == PDF.read_bytes()
    assert window.store.count() == 1


def test_keep_both_saves_the_pdf_of_that_xml_as_a_filing_of_its_own(qtbot, window, db_path, tmp_path) -> None:
    filing_id = xml_saved_without_accession(db_path, tmp_path)
    seen: list[tuple[str, list[str]]] = []
    answer_the_box(qtbot, "Keep Both", seen)
    open_and_wait(qtbot, window, PDF)
    assert len(seen) == 1 and window.document.filing_id is None
    assert window.save()
    assert window.document.filing_id not in (None, filing_id) and window.store.count() == 2
    assert window.store.sources(filing_id) == []
