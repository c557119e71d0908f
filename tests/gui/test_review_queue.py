"""The review queue in the window: a batch imported, then walked with "Mark Reviewed and Open Next" by its
shortcut to the end; the Library's review column, filters and sorting; an amendment opened beside its original."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from form4viewer.gui.models import LibraryModel
from form4viewer.review import REVIEWED, TO_REVIEW

from .conftest import SAMPLE_FILES

DATA = Path(__file__).resolve().parents[1] / "data"
REVIEW = LibraryModel.REVIEW_COLUMN
PROBLEMS = LibraryModel.HEADERS.index("Problems")
AMENDMENT = LibraryModel.AMENDMENT_COLUMN


def _import(qtbot, window, paths: list[Path]) -> list:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.imported, timeout=120000) as blocker:
        assert window.import_paths([str(p) for p in paths], jobs=1) is not None
    return blocker.args[0]


def _open(qtbot, window, filing_id: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.open_stored(filing_id)


def _column(window, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = window.library.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def _batch(corpus: Path) -> list[Path]:
    """Twenty filings of the corpus, several issuers, owners and schema versions: every 40th ownership XML."""
    files = sorted((corpus / "xml").glob("*.xml"))[::40][:20]
    assert len(files) == 20
    return files


def test_a_batch_of_twenty_is_reviewed_to_the_end_by_the_shortcut(qtbot, window, corpus: Path) -> None:
    outcomes = _import(qtbot, window, _batch(corpus))
    assert [o.status for o in outcomes].count("read") == 20
    library = window.library
    assert library.proxy.rowCount() == 20
    assert set(_column(window, REVIEW)) == {"to review"}
    order = library.order()  # as the Library shows them: last saved first
    _open(qtbot, window, order[0])
    # The import's progress dialog was the active window; a person clicks back into the main window.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10000)

    visited = [window.document.filing_id]
    for _ in range(19):
        with qtbot.waitSignal(window.ready, timeout=60000):
            QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        visited.append(window.document.filing_id)
        # the row of the filing opened is the Library's current row
        assert library.view.currentIndex().data(Qt.ItemDataRole.UserRole) == window.document.filing_id
    assert visited == order
    with qtbot.waitSignal(window.review.batchDone, timeout=10000) as done:
        QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args[0] == "Batch done: every filing listed in the Library is reviewed."
    assert library.notice.isVisible() and library.notice.text() == done.args[0]
    assert window.document.filing_id == order[-1]  # the last one stays open

    store = window.store
    for filing_id in order:
        state, who, when = store.review_state(filing_id)
        assert state == REVIEWED and who and when is not None
    assert [row["review_state"] for row in store.catalog()] == [REVIEWED] * 20
    state, who, when = store.review_state(order[0])
    assert set(_column(window, REVIEW)) >= {f"reviewed by {who}, {when:%Y-%m-%d %H:%M}"}
    assert all(text.startswith(f"reviewed by {who}, ") for text in _column(window, REVIEW))


def test_the_action_is_in_the_review_menu_and_on_the_toolbar(window) -> None:
    from PySide6.QtWidgets import QToolBar

    action = window.review.next_action
    assert action.shortcut().toString() == "Ctrl+Return"
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert action in menus["Review"].actions()
    assert action in window.findChild(QToolBar, "main-toolbar").actions()
    assert not action.isEnabled()  # nothing open yet


def test_the_queue_follows_the_libraries_filter_and_order(qtbot, window, corpus: Path) -> None:
    _import(qtbot, window, _batch(corpus)[:6])
    library = window.library
    library.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by issuer
    issuers = _column(window, 0)
    assert issuers == sorted(issuers, key=str.lower)
    order = library.order()
    _open(qtbot, window, order[1])
    with qtbot.waitSignal(window.ready, timeout=60000):
        window.review.next_action.trigger()
    assert window.document.filing_id == order[2]
    # Only those still to review: the two reviewed ones leave the list; the walk goes on down it, then back to
    # the first, skipped above.
    library.state_filter.setCurrentIndex(library.state_filter.findData(TO_REVIEW))
    with qtbot.waitSignal(window.ready, timeout=60000):
        window.review.next_action.trigger()
    assert window.document.filing_id == order[3]
    assert library.order() == [order[0], order[3], order[4], order[5]]
    for expected in (order[4], order[5], order[0]):
        with qtbot.waitSignal(window.ready, timeout=60000):
            window.review.next_action.trigger()
        assert window.document.filing_id == expected
    with qtbot.waitSignal(window.review.batchDone, timeout=10000) as done:
        window.review.next_action.trigger()
    assert done.args[0] == "Batch done: every filing listed in the Library is reviewed."
    assert library.proxy.rowCount() == 0
    library.state_filter.setCurrentIndex(library.state_filter.findData(REVIEWED))
    assert sorted(library.order()) == sorted(order)


def test_library_filters_and_sorts_by_state_and_problems(qtbot, window, corpus: Path) -> None:
    # Six EDGAR documents the checks find nothing in, and two printouts they do (the Qualys text lost values).
    _import(qtbot, window, _batch(corpus)[:6] + [SAMPLE_FILES["text"], SAMPLE_FILES["pdf"]])
    library = window.library
    store = window.store
    problems = {row["id"]: row["problems"] for row in store.catalog()}
    assert any(problems.values()) and not all(problems.values())  # the batch has both kinds
    reviewed = sorted(problems)[:3]
    for filing_id in reviewed:
        store.set_review_state(filing_id, REVIEWED, who="ann")
    window.refresh_library()

    library.state_filter.setCurrentIndex(library.state_filter.findData(REVIEWED))
    assert sorted(library.order()) == reviewed
    assert all(text.startswith("reviewed by ann, ") for text in _column(window, REVIEW))
    library.state_filter.setCurrentIndex(library.state_filter.findData(TO_REVIEW))
    assert sorted(library.order()) == sorted(set(problems) - set(reviewed))
    assert library.count.text() == "5 of 8"
    library.state_filter.setCurrentIndex(library.state_filter.findData(None))

    library.problems_filter.setCurrentIndex(library.problems_filter.findData(True))
    assert sorted(library.order()) == sorted(i for i, n in problems.items() if n)
    library.problems_filter.setCurrentIndex(library.problems_filter.findData(False))
    assert sorted(library.order()) == sorted(i for i, n in problems.items() if not n)
    library.problems_filter.setCurrentIndex(library.problems_filter.findData(None))

    library.view.sortByColumn(PROBLEMS, Qt.SortOrder.DescendingOrder)
    counts = [int(text) for text in _column(window, PROBLEMS)]
    assert counts == sorted(problems.values(), reverse=True)
    library.view.sortByColumn(REVIEW, Qt.SortOrder.AscendingOrder)  # to review first
    states = _column(window, REVIEW)
    assert states[:5] == ["to review"] * 5 and all(s.startswith("reviewed") for s in states[5:])
    # the search box still narrows what the filters keep
    library.state_filter.setCurrentIndex(library.state_filter.findData(REVIEWED))
    library.search.setText(str(library.proxy.index(0, 0).data()))
    assert 1 <= library.proxy.rowCount() <= 3


@pytest.mark.parametrize(
    ("amendment_file", "original_file", "original_text", "amendment_text"),
    [
        ("citigroup-form4a-2025-10-22.xml", "citigroup-form4-2025-10-22.xml",
         "This 4/A amends the 4 of 2025-10-22.", "This 4 is amended by the 4/A of 2025-10-22."),
        ("munex-form4a-2025-09-25.xml", "munex-form4-2025-09-29.xml",
         "This 4/A amends the 4 of 2025-09-29.", "This 4 is amended by the 4/A of 2025-09-25."),
    ],
)
def test_an_amendment_and_its_original_open_each_other(qtbot, window, amendment_file: str, original_file: str,
                                                       original_text: str, amendment_text: str) -> None:
    _import(qtbot, window, sorted((DATA / "amendments").glob("*.xml")))
    library = window.library
    model = library.model
    ids = {Path(row["source_name"]).name: row["id"] for row in window.store.catalog()}
    amendment, original = ids[amendment_file], ids[original_file]
    # The Library names the pair on both rows, and nothing on the others.
    assert model.index(model.row_of(amendment), AMENDMENT).data() == "amends " + original_text.split(" amends ")[1][:-1]
    assert model.index(model.row_of(original), AMENDMENT).data() == "amended by " + amendment_text.split(" by ")[1][:-1]
    assert model.index(model.row_of(ids["munex-form4-2025-10-13.xml"]), AMENDMENT).data() == ""
    # Sorted by that column, each amendment stands right under its original.
    library.view.sortByColumn(AMENDMENT, Qt.SortOrder.AscendingOrder)
    shown = library.order()
    assert shown.index(amendment) == shown.index(original) + 1

    banner = window.review.banner
    _open(qtbot, window, ids["nzf-form4-2025-09-26.xml"])
    assert not banner.isVisible()
    _open(qtbot, window, amendment)
    assert banner.isVisible() and banner.label.text() == original_text
    assert banner.open_original.isVisible() and not banner.open_amendment.isVisible()
    with qtbot.waitSignal(window.ready, timeout=60000):
        qtbot.mouseClick(banner.open_original, Qt.MouseButton.LeftButton)
    assert window.document.filing_id == original
    assert banner.label.text() == amendment_text
    assert banner.open_amendment.isVisible() and not banner.open_original.isVisible()
    with qtbot.waitSignal(window.ready, timeout=60000):
        qtbot.mouseClick(banner.open_amendment, Qt.MouseButton.LeftButton)
    assert window.document.filing_id == amendment
    assert window.document.filing.form.value == "4/A"


def test_an_original_saved_after_its_amendment_is_paired_when_it_is_saved(qtbot, window) -> None:
    _import(qtbot, window, [DATA / "amendments" / "citigroup-form4a-2025-10-22.xml"])
    (amendment,) = window.library.order()
    _open(qtbot, window, amendment)
    assert not window.review.banner.isVisible()
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.open_path(DATA / "amendments" / "citigroup-form4-2025-10-22.xml")
    assert window.save()
    assert window.review.banner.isVisible()
    assert window.review.banner.label.text() == "This 4 is amended by the 4/A of 2025-10-22."


def test_library_model_with_review_marks_and_pairs_passes_the_model_tester(qapp, qtmodeltester) -> None:
    import sqlite_utils

    from form4viewer.importer import import_paths
    from form4viewer.review import amendment_links, review_marks
    from form4viewer.store import Store

    store = Store(sqlite_utils.Database(memory=True))
    import_paths(store, sorted((DATA / "amendments").glob("*.xml")), jobs=1)
    store.set_review_state(store.ids()[0], REVIEWED, who="ann")
    model = LibraryModel()
    model.set_items(store.list_filings(), review_marks(store.db.conn), amendment_links(store.db.conn))
    qtmodeltester.check(model)
    assert model.rowCount() == 6
    assert sorted(model.index(r, AMENDMENT).data() != "" for r in range(6)) == [False, False, True, True, True, True]
    assert model.index(model.row_of(store.ids()[0]), REVIEW).data().startswith("reviewed by ann, ")


def test_an_unsaved_correction_is_saved_before_the_filing_is_marked_reviewed(qtbot, window) -> None:
    from decimal import Decimal

    _import(qtbot, window, [DATA / "amendments" / "nzf-form4-2025-09-26.xml"])
    (waiting,) = window.library.order()
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.open_path(SAMPLE_FILES["xml"])  # read from disk, never saved
    assert not window.review.to_review_action.isEnabled()  # not saved: it has no review state
    path = "non_derivative_transactions[0].shares"
    window.document.set_value(path, Decimal("5300"))
    assert window.isWindowModified()
    with qtbot.waitSignal(window.ready, timeout=60000):
        window.review.next_action.trigger()
    assert window.document.filing_id == waiting
    saved = [row for row in window.store.catalog() if row["id"] != waiting]
    assert len(saved) == 1 and saved[0]["review_state"] == REVIEWED and saved[0]["corrected"]
    assert window.store.load(saved[0]["id"]).get(path).value == Decimal("5300")
    # put back in the queue from the window
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.open_stored(saved[0]["id"])
    assert window.review.to_review_action.isEnabled()
    window.review.to_review_action.trigger()
    assert window.store.review_state(saved[0]["id"]).state == TO_REVIEW
    row = window.library.model.row_of(saved[0]["id"])
    assert window.library.model.index(row, REVIEW).data() == "to review"
