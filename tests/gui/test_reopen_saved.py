"""Opening a file that was saved before shows the saved filing with its corrections, whether or not the window has
opened its database yet (a file named at start is looked up without waiting for it)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .conftest import SAMPLE_FILES, open_and_wait

PATH = "non_derivative_transactions[0].shares"


def test_a_file_saved_before_opens_with_its_correction_in_a_new_window(qtbot, window, db_path: Path) -> None:
    from form4viewer.gui.main_window import MainWindow

    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value(PATH, Decimal("5300"))
    assert window.save()
    saved_id = window.document.filing_id

    fresh = MainWindow(db_path)
    qtbot.addWidget(fresh)
    assert fresh.store is None  # the database is opened a moment after the window is drawn, or when needed
    with qtbot.waitSignal(fresh.opened, timeout=60000) as blocker:
        assert fresh.open_path(SAMPLE_FILES["xml"])
    assert blocker.args[0] == str(SAMPLE_FILES["xml"])
    value = fresh.document.value(PATH)
    assert value.value == Decimal("5300") and value.corrected and value.read.value == Decimal("5250")
    assert fresh.document.filing_id == saved_id
    assert fresh.store is not None  # opened to load the saved filing
    fresh.document.undo_stack.setClean()
    fresh.close()

    open_and_wait(qtbot, window, SAMPLE_FILES["text"])  # the first window, its database open all along
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.document.value(PATH).value == Decimal("5300")
    assert window.document.filing_id == saved_id


def test_a_new_file_opens_without_the_database_being_opened(qtbot, db_path: Path) -> None:
    from form4viewer.gui.main_window import MainWindow

    fresh = MainWindow(db_path)
    qtbot.addWidget(fresh)
    with qtbot.waitSignal(fresh.opened, timeout=60000):
        assert fresh.open_path(SAMPLE_FILES["xml"])
    assert fresh.document.filing.issuer.name.value == "Tesla, Inc."
    assert fresh.document.filing_id is None
    assert fresh.store is None and not db_path.exists()  # nothing to look up in a database that is not there yet
    fresh.close()
