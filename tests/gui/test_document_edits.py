"""The document's footnote and owner edits: each is the Filing's own edit pushed as one undo step, and the file it
came from is the session's. The filing is the Tesla sample (footnotes F1-F3, F1 cited by both Table I rows)."""

from __future__ import annotations

from form4viewer import read
from form4viewer.gui.document import FilingDocument
from form4viewer.readers import load_file
from form4viewer.session import Session

from .conftest import SAMPLE_FILES

NATURE = "non_derivative_transactions[{}].nature_of_ownership"


def loaded(tmp_path) -> FilingDocument:  # type: ignore[no-untyped-def]
    session = Session(tmp_path / "filings.sqlite", tmp_path / "recovery")
    document = FilingDocument(session=session)
    document.load(read(SAMPLE_FILES["xml"]), load_file(SAMPLE_FILES["xml"]), str(SAMPLE_FILES["xml"]))
    return document


def test_the_file_shown_is_the_sessions(qapp, tmp_path) -> None:
    document = loaded(tmp_path)
    assert document.session.file_path == document.file_path == str(SAMPLE_FILES["xml"])
    assert document.source_bytes == SAMPLE_FILES["xml"].read_bytes() and document.filing_id is None


def test_removing_a_footnote_is_one_step_that_undo_gives_back_with_its_references(qapp, tmp_path) -> None:
    document = loaded(tmp_path)
    document.remove_footnote(0)
    assert [n.id for n in document.filing.footnotes] == ["F2", "F3"]
    assert document.value(NATURE.format(0)).footnotes == () and document.value(NATURE.format(1)).footnotes == ()
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText() == "Remove Footnote F1"
    document.undo_stack.undo()
    assert [n.id for n in document.filing.footnotes] == ["F1", "F2", "F3"]
    assert document.value(NATURE.format(1)).footnotes == ("F1",)


def test_a_footnote_is_added_attached_and_detached_each_as_one_step(qapp, tmp_path) -> None:
    document = loaded(tmp_path)
    assert document.add_footnote("Held in a trust") == "F4"
    assert document.current_path == "footnotes[3].text"
    document.toggle_footnote(NATURE.format(0), "F4")
    assert document.value(NATURE.format(0)).footnotes == ("F1", "F4")
    document.toggle_footnote(NATURE.format(0), "F1")
    assert document.value(NATURE.format(0)).footnotes == ("F4",)
    assert document.undo_stack.count() == 3
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.value(NATURE.format(0)).footnotes == ("F1",)
    assert document.current_path == NATURE.format(0)  # undo shows the field it changed


def test_owners_are_added_to_the_forms_ten_and_removed_by_name(qapp, tmp_path) -> None:
    document = loaded(tmp_path)
    assert document.add_owner() == 1
    document.set_value("reporting_owners[1].name", "Musk Family Trust")
    document.remove_owner(0)
    assert document.undo_stack.undoText() == "Remove Reporting Owner Musk Elon"
    assert [o.name.value for o in document.filing.reporting_owners] == ["Musk Family Trust"]
    while len(document.filing.reporting_owners) < 10:
        assert document.add_owner() is not None
    assert document.add_owner() is None and len(document.filing.reporting_owners) == 10
