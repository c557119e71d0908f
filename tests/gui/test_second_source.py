"""A file whose filing the database holds already, read from another file: the person is told, on opening it and
on saving it, and chooses "Attach to the Saved Filing" or "Keep Both". The files are an Autodesk Form 4's XML and
the PDF printed from EDGAR's rendering of it (tests/data/README.md)."""

from __future__ import annotations

from pathlib import Path

from form4viewer.gui.main_window import ATTACH, CANCEL, KEEP_BOTH
from form4viewer.session import SecondSource, Session

from .conftest import open_and_wait

SECOND = Path(__file__).resolve().parents[1] / "data" / "second_source"
XML = SECOND / "0000769397-23-000114_autodesk-form4.xml"
PDF = SECOND / "0000769397-23-000114_autodesk-form4.pdf"


def saved_elsewhere(db_path: Path, tmp_path: Path) -> int:
    """The XML saved by another window (its own session on the same database)."""
    other = Session(db_path, tmp_path / "other-recovery")
    from form4viewer import read
    from form4viewer.readers import load_file

    other.set_open(load_file(XML), str(XML))
    outcome = other.save(read(XML))
    other.close_store()
    return outcome.filing_id  # type: ignore[union-attr]


def answering(window, monkeypatch, answer: str) -> list[SecondSource]:  # type: ignore[no-untyped-def]
    asked: list[SecondSource] = []

    def ask(outcome: SecondSource) -> str:
        asked.append(outcome)
        return answer

    monkeypatch.setattr(window, "ask_second_source", ask)
    return asked


def test_opening_the_pdf_of_a_saved_filing_asks_and_attaches_it(qtbot, window, monkeypatch, db_path, tmp_path) -> None:
    filing_id = saved_elsewhere(db_path, tmp_path)
    asked = answering(window, monkeypatch, ATTACH)
    open_and_wait(qtbot, window, PDF)
    assert [a.filing_id for a in asked] == [filing_id]
    assert "0000769397-23-000114_autodesk-form4.pdf is the same filing as saved filing" in asked[0].message
    # The saved filing is shown, with the XML it was saved from, and the PDF is kept with it.
    assert window.document.filing_id == filing_id and not window.isWindowModified()
    assert window.document.source_bytes == XML.read_bytes()
    assert window.document.filing.issuer.name.value == "Autodesk, Inc."
    (attached,) = window.store.sources(filing_id)
    assert attached.kind == "pdf" and window.store.attached_bytes(attached.id) == PDF.read_bytes()
    assert window.store.count() == 1


def test_keep_both_on_opening_saves_the_pdf_as_a_filing_of_its_own_without_asking_again(
    qtbot, window, monkeypatch, db_path, tmp_path
) -> None:
    filing_id = saved_elsewhere(db_path, tmp_path)
    asked = answering(window, monkeypatch, KEEP_BOTH)
    open_and_wait(qtbot, window, PDF)
    assert len(asked) == 1 and window.document.filing_id is None
    assert window.document.source_bytes == PDF.read_bytes()
    assert window.save()
    assert len(asked) == 1  # the person answered already
    assert window.document.filing_id not in (None, filing_id) and window.store.count() == 2
    assert window.store.sources(filing_id) == []


def test_saving_a_file_whose_filing_was_saved_meanwhile_asks_and_cancel_keeps_the_edits(
    qtbot, window, monkeypatch, db_path, tmp_path
) -> None:
    open_and_wait(qtbot, window, PDF)  # nothing saved yet: nothing to ask
    window.document.set_value("remarks", "Checked against the XML")
    filing_id = saved_elsewhere(db_path, tmp_path)  # another window saves the XML meanwhile

    asked = answering(window, monkeypatch, CANCEL)
    assert not window.save()
    assert [a.filing_id for a in asked] == [filing_id]
    assert window.isWindowModified() and window.document.value("remarks").value == "Checked against the XML"
    assert window.store.count() == 1 and window.recovery_path is not None  # the edit is kept in its recovery file

    asked = answering(window, monkeypatch, ATTACH)
    assert window.save()
    assert [a.filing_id for a in asked] == [filing_id]
    assert window.document.filing_id == filing_id and not window.isWindowModified()
    assert [s.kind for s in window.store.sources(filing_id)] == ["pdf"]
    assert window.store.count() == 1
