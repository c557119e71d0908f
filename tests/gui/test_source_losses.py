"""What the source lost, in view: the seed text (resources/samples/README.md: a ticked box lost its mark, the Amount
of both Table I rows is gone, footnote (2) is merged into (1), Table II is cut after its column 7) shows its losses
under "Source" in the Problems panel, apart from the filer's errors, also when it is reopened from the Library and in
problems.csv; selecting a value the text lost highlights the row it would stand in, not a neighbour's characters as
if they were the value."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from form4viewer.gui.models import PathRole

from .conftest import SAMPLE_FILES, open_and_wait

SEED = SAMPLE_FILES["text"]
AMOUNT = "non_derivative_transactions[0].shares"

#: What a person reads in the seed's text and finds missing against the form: Table I's column 4 Amount in both
#: rows, Table II's column 5 (A) or (D), and Table II's columns 8-11.
LOST = {
    AMOUNT: "Table I transactions, row 1: Amount",
    "non_derivative_transactions[1].shares": "Table I transactions, row 2: Amount",
    "derivative_transactions[0].acquired_disposed": "Table II transactions, row 1: (A) or (D)",
    "derivative_transactions[0].price_per_share": "Table II transactions, row 1: Price",
    "derivative_transactions[0].shares_owned_following": "Table II transactions, row 1: Owned Following",
    "derivative_transactions[0].direct_or_indirect": "Table II transactions, row 1: D or I",
    "derivative_transactions[0].nature_of_ownership": "Table II transactions, row 1: Nature of Indirect Ownership",
}

#: The reader's notes, as a person would put what the text lost (each to be found in one listed note).
LOSSES = (
    "Officer check box shows no mark",
    "Table II: the text has no columns 8-11",
    "Table I: no Amount (column 4) in rows 1 and 2",
    "Table II: no (A) or (D) (column 5) in row 1",
    "Footnote (2) is missing from the text",
)


def _rows(model) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """Each row of a problems model as shown: severity, field, problem, and the field's path."""
    return [(model.index(r, 0).data(), model.index(r, 1).data(), model.index(r, 2).data(),
             model.index(r, 0).data(PathRole)) for r in range(model.rowCount())]


def _assert_losses_listed(window) -> None:  # type: ignore[no-untyped-def]
    source = _rows(window.problems.source_model)
    notes = [problem for severity, field, problem, path in source if severity == "note" and path == ""]
    assert len(notes) == len(LOSSES)
    for loss in LOSSES:
        assert sum(loss in note for note in notes) == 1, (loss, notes)
    lost = {path: field for severity, field, _problem, path in source if severity == "not in the source"}
    assert lost == LOST
    assert all("[" not in problem for *_, problem, _path in source)  # worded for a person, no field paths
    # ... and none of them is called the filer's error in the other group
    filing = _rows(window.problems.model)
    assert not [row for row in filing if row[3] in LOST]
    assert not [row for row in filing if "is empty and no footnote explains it" in row[2]]
    assert window.problems.source_group.isVisibleTo(window.problems)
    assert window.problems.summary.text().startswith("Source: 5 notes, 7 values not in the source.")


def test_the_seeds_losses_are_listed_under_source_apart_from_the_filers_errors(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEED)
    _assert_losses_listed(window)
    assert "the reader has 5 notes on this file (what it lost or inferred); see Source in Problems" in (
        window.statusBar().currentMessage())


def test_the_seeds_losses_are_still_listed_when_reopened_from_the_library(qtbot, window, db_path: Path) -> None:
    open_and_wait(qtbot, window, SEED)
    assert window.save()
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.problems.source_model.rowCount() == 0
    assert not window.problems.source_group.isVisibleTo(window.problems)
    library = window.library
    QTest.keyClicks(library.search, "qualys")
    assert library.proxy.rowCount() == 1
    filing_id = library.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.open_stored(filing_id)
    assert window.document.filing.issuer.name.value == "QUALYS, INC."
    _assert_losses_listed(window)


def test_problems_csv_carries_the_seeds_losses(qtbot, window, tmp_path: Path) -> None:
    open_and_wait(qtbot, window, SEED)
    assert window.save()
    window.export_all(tmp_path / "out")
    with open(tmp_path / "out" / "problems.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    notes = [row["message"] for row in rows if row["rule"] == "source-note"]
    assert len(notes) == len(LOSSES) and all(row["field"] == "" for row in rows if row["rule"] == "source-note")
    for loss in LOSSES:
        assert sum(loss in note for note in notes) == 1, (loss, notes)
    lost = {row["field"] for row in rows if row["rule"] == "not-in-source"}
    assert lost == set(LOST)
    assert not [row for row in rows if row["field"] in LOST and row["rule"] != "not-in-source"]


def _click(qtbot, window, path: str) -> None:  # type: ignore[no-untyped-def]
    """Click the cell of `path` in its table, as a person selecting it does."""
    editor = window.filing_pane.tables[path.split("[")[0]]
    index = editor.model.index_of(path)
    assert index.isValid(), path
    view = editor.view
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert window.document.current_path == path


def test_selecting_the_lost_amount_shows_its_row_and_says_why(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEED)
    text = window.source.text
    price = "non_derivative_transactions[0].price_per_share"
    _click(qtbot, window, price)
    assert text.highlighted_range is not None
    start, end = text.highlighted_range
    assert "4.8" in text.toPlainText()[start:end]

    _click(qtbot, window, AMOUNT)
    # Where the Amount would stand: its row's line, from the title to the D or I, the value itself being none of it.
    assert text.highlighted_range is not None
    start, end = text.highlighted_range
    assert text.toPlainText()[start:end] == "Common Stock\t11/22/2013\t\tM <sup>(1)</sup>\tA\t\\$ 4.8 10,000\tD\t"
    message = window.statusBar().currentMessage()
    assert message.startswith("Table I row 1 (Common Stock): Amount is not in the source")
    editor = window.filing_pane.tables["non_derivative_transactions"]
    tip = editor.model.index_of(AMOUNT).data(Qt.ItemDataRole.ToolTipRole)
    assert "Not in the source" in tip and "characters" not in tip and "Confidence" not in tip


def test_f8_goes_through_the_values_the_source_lost_first(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEED)
    window.document.select("issuer.name")
    QTest.keyClick(window, Qt.Key.Key_F8)
    assert window.document.current_path == AMOUNT
    start, end = window.source.text.highlighted_range
    assert window.source.text.toPlainText()[start:end].startswith("Common Stock\t11/22/2013")
    QTest.keyClick(window, Qt.Key.Key_F8)
    assert window.document.current_path == "non_derivative_transactions[1].shares"
    QTest.keyClick(window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.document.current_path == AMOUNT


def test_both_groups_of_problems_pass_the_model_tester(qtbot, window, qtmodeltester) -> None:
    open_and_wait(qtbot, window, SEED)
    qtmodeltester.check(window.problems.source_model)
    qtmodeltester.check(window.problems.model)
    assert window.problems.source_model.rowCount() == 12 and window.problems.model.rowCount() >= 1
