"""Reporting owners are a list (name and relationship, any number of them) beside the selected owner's fields;
owners are added and removed in the window, each step undoable, and kept when saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyleOptionViewItem

from .conftest import SAMPLE_FILES, open_and_wait

DATA = Path(__file__).resolve().parents[1] / "data"
TEN_OWNERS = DATA / "gui" / "hymc-form4-2023-ten-owners.xml"

#: The ten reporting owners of the Hycroft Mining Form 4 of 2023-02-03, as its XML names them, each a 10% owner.
HYMC_OWNERS = [
    "Mudrick Capital Management, L.P.",
    "Mudrick Jason",
    "Mudrick Capital Management LLC",
    "Mudrick Distressed Opportunity Drawdown Fund II GP, LLC",
    "Mudrick Distressed Opportunity Drawdown Fund II, L.P.",
    "Mudrick Distressed Opportunity Drawdown Fund II SC, L.P.",
    "Mudrick Distressed Opportunity Fund Global, LP",
    "Mudrick GP, LLC",
    "Mudrick Distressed Opportunity Drawdown Fund GP, LLC",
    "Mudrick Distressed Opportunity Drawdown Fund, L.P.",
]


def _listed(header) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    model = header.owners_model
    return [(model.index(r, 0).data(Qt.ItemDataRole.EditRole), model.index(r, 1).data())
            for r in range(model.rowCount())]


def _click_owner(header, row: int) -> None:  # type: ignore[no-untyped-def]
    view = header.owner_list
    view.scrollTo(header.owners_model.index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(header.owners_model.index(row, 0)).center())


def test_an_owner_is_added_named_and_removed_with_undo_and_redo(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    header = window.filing_pane.header
    assert _listed(header) == [("Musk Elon", "Director, Officer (CEO), 10% Owner")]
    QTest.mouseClick(header.add_owner_button, Qt.MouseButton.LeftButton)
    assert len(window.document.filing.reporting_owners) == 2
    assert header.owners_model.rowCount() == 2 and header.current_owner() == 1
    assert header.owner_list.currentIndex().row() == 1
    assert window.document.current_path == "reporting_owners[1].name"
    name = header.fields["reporting_owners[1].name"]
    name.setFocus()
    QTest.keyClicks(name, "Musk Family Trust")
    QTest.mouseClick(header.fields["reporting_owners[1].is_ten_percent_owner"], Qt.MouseButton.LeftButton)
    assert _listed(header)[1] == ("Musk Family Trust", "10% Owner")
    assert window.isWindowModified()

    _click_owner(header, 0)
    assert header.current_owner() == 0
    QTest.mouseClick(header.remove_owner_button, Qt.MouseButton.LeftButton)
    owners = window.document.filing.reporting_owners
    assert [o.name.value for o in owners] == ["Musk Family Trust"]
    assert header.fields["reporting_owners[0].name"].text() == "Musk Family Trust"
    assert _listed(header) == [("Musk Family Trust", "10% Owner")]
    window.document.undo_stack.undo()
    assert [o.name.value for o in window.document.filing.reporting_owners] == ["Musk Elon", "Musk Family Trust"]
    for _ in range(3):
        window.document.undo_stack.undo()
    assert [o.name.value for o in window.document.filing.reporting_owners] == ["Musk Elon"]
    assert header.owners_model.rowCount() == 1
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


def test_owner_names_show_as_written_with_an_ampersand(qtbot, window) -> None:
    open_and_wait(qtbot, window, DATA / "store" / "lnkd-form4-2012-two-owners.xml")
    header = window.filing_pane.header
    assert [name for name, _ in _listed(header)] == ["Hoffman Reid", "Reid Hoffman & Michelle Yee Living Trust"]
    assert header.owners_model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Reid Hoffman & Michelle Yee Living Trust")


def test_ten_owners_are_listed_whole_and_each_opens_with_its_boxes_in_view(qtbot, window) -> None:
    window.resize(1440, 900)
    open_and_wait(qtbot, window, TEN_OWNERS)
    header = window.filing_pane.header
    scroll = window.filing_pane.header_scroll
    qtbot.waitUntil(lambda: header.owner_list.viewport().width() > 200)
    assert _listed(header) == [(name, "10% Owner") for name in HYMC_OWNERS]
    assert header.owners_box.title() == "Reporting owners (10)"
    view = header.owner_list
    delegate = view.itemDelegate()
    assert scroll.horizontalScrollBar().maximum() == 0  # the owner panel fits its width at 1440 px
    for row in range(10):
        _click_owner(header, row)
        assert header.current_owner() == row
        index = header.owners_model.index(row, 0)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualRect(index)
        assert index.data() == f"{HYMC_OWNERS[row]}\n10% Owner"
        assert not delegate.elided(option, index), HYMC_OWNERS[row]  # the whole name shows, its relationship under it
        assert header.fields[f"reporting_owners[{row}].name"].text() == HYMC_OWNERS[row]
        box = header.fields[f"reporting_owners[{row}].is_ten_percent_owner"]
        assert box.isChecked() and box.isVisible()
        corner = box.mapTo(scroll.viewport(), QPoint(0, 0))
        assert scroll.viewport().rect().contains(QRect(corner, box.size()))  # ticked and in sight, no scrolling


def test_selecting_an_owners_field_elsewhere_shows_that_owner(qtbot, window) -> None:
    open_and_wait(qtbot, window, TEN_OWNERS)
    header = window.filing_pane.header
    window.document.select("reporting_owners[7].city")
    assert header.current_owner() == 7 and header.owner_list.currentIndex().row() == 7
    assert header.fields["reporting_owners[7].city"].hasFocus() or window.document.current_path.startswith(
        "reporting_owners[7]")


def test_the_owner_list_passes_the_model_tester(qtbot, window, qtmodeltester) -> None:
    open_and_wait(qtbot, window, TEN_OWNERS)
    qtmodeltester.check(window.filing_pane.header.owners_model)


def test_the_owners_title_is_short_where_the_box_is_too_narrow_for_it_beside_its_buttons(qtbot, window) -> None:
    # In a window 1100 px wide with no filing open, "Reporting owners" ran under the Add button at the box's right.
    window.resize(1100, 700)
    window.show()
    header = window.filing_pane.header
    box = header.owners_box
    qtbot.waitUntil(lambda: box.width() > 0 and header.owner_buttons.x() > 0)
    assert box.width() < 260, box.width()  # too narrow for "Reporting owners" and the buttons
    assert box.title() == "Owners"
    assert box.fontMetrics().horizontalAdvance(box.title()) + 12 < header.owner_buttons.x()
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: box.width() > 300)
    assert box.title() == "Reporting owners"
