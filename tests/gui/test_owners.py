"""Reporting owners are added and removed in the window, each step undoable, and kept when saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import SAMPLE_FILES, open_and_wait


def test_an_owner_is_added_named_and_removed_with_undo_and_redo(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    header = window.filing_pane.header
    assert header.owners.count() == 1
    QTest.mouseClick(header.add_owner_button, Qt.MouseButton.LeftButton)
    assert len(window.document.filing.reporting_owners) == 2
    assert header.owners.count() == 2 and header.owners.currentIndex() == 1
    assert window.document.current_path == "reporting_owners[1].name"
    window.document.set_value("reporting_owners[1].name", "Musk Family Trust")
    window.document.set_value("reporting_owners[1].is_ten_percent_owner", True)
    assert header.owners.tabText(1) == "Musk Family Trust"
    assert window.isWindowModified()

    header.owners.tabCloseRequested.emit(0)  # the tab's close button
    owners = window.document.filing.reporting_owners
    assert [o.name.value for o in owners] == ["Musk Family Trust"]
    assert header.fields["reporting_owners[0].name"].text() == "Musk Family Trust"
    window.document.undo_stack.undo()
    assert [o.name.value for o in window.document.filing.reporting_owners] == ["Musk Elon", "Musk Family Trust"]
    for _ in range(3):
        window.document.undo_stack.undo()
    assert [o.name.value for o in window.document.filing.reporting_owners] == ["Musk Elon"]
    assert header.owners.count() == 1
    for _ in range(4):
        window.document.undo_stack.redo()
    assert [o.name.value for o in window.document.filing.reporting_owners] == ["Musk Family Trust"]


def test_an_added_owner_is_saved_and_exported(qtbot, window, tmp_path) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.add_owner()
    window.document.set_value("reporting_owners[1].name", "Musk Family Trust")
    window.document.set_value("reporting_owners[1].is_other", True)
    window.document.set_value("reporting_owners[1].other_text", "Trust of the reporting person")
    assert window.save()
    stored = window.store.load(window.library.model.filing_id(0))
    assert [o.name.value for o in stored.reporting_owners] == ["Musk Elon", "Musk Family Trust"]
    assert stored.reporting_owners[1].other_text.value == "Trust of the reporting person"
    window.export_all(tmp_path / "out")
    owners_csv = (tmp_path / "out" / "REPORTINGOWNER.csv").read_text(encoding="utf-8-sig")
    assert "Musk Family Trust" in owners_csv and "Trust of the reporting person" in owners_csv


def test_a_form_takes_at_most_ten_owners(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    for _ in range(9):
        assert window.document.add_owner() is not None
    assert window.document.add_owner() is None
    assert len(window.document.filing.reporting_owners) == 10
    assert not window.filing_pane.header.add_owner_button.isEnabled()
