"""A PDF's pages show as soon as the window has them, while its values are still being read; the filing pane fills
in when the reading is over; a file that fails leaves the open filing and its source as they were."""

from __future__ import annotations

import io
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from form4viewer.gui import main_window

from .conftest import SAMPLE_FILES, open_and_wait

PDF_FIELD = "non_derivative_holdings[0].shares_owned_following"


@pytest.fixture
def held_reading(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Readings wait for this event before they start: a test sees the window while the reading is under way,
    however fast or slow the machine reads."""
    go = threading.Event()
    real = main_window.read_file

    def read_file(path: str, password: str | None = None) -> Any:
        assert go.wait(60), "the reading was never let go"
        return real(path, password)

    monkeypatch.setattr(main_window, "read_file", read_file)
    return go


@pytest.fixture
def letter_pdf(tmp_path: Path) -> Path:
    """A PDF with one page of text and no form on it: drawn at once, refused by the reader."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "A letter to shareholders")
    page.save()
    path = tmp_path / "letter.pdf"
    path.write_bytes(out.getvalue())
    return path


def test_a_pdf_s_pages_show_before_its_values_are_read_and_its_values_fill_in_when_ready(
    qtbot, window, held_reading: threading.Event
) -> None:
    events: list[str] = []
    seen: dict[str, Any] = {}

    def shown(path: str) -> None:
        events.append("shown")
        seen.update(path=path, widget=window.source.stack.currentWidget(), pages=window.source.pdf.page_count,
                    drawn=window.source.pdf.is_drawn, filing=window.document.filing, busy=window.is_busy,
                    status=window.statusBar().currentMessage(), issuer=window.filing_pane.header.fields[
                        "issuer.name"].text())
        held_reading.set()

    window.sourceShown.connect(shown)
    window.ready.connect(lambda: events.append("ready"))
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.open_path(SAMPLE_FILES["pdf"])
    assert events == ["shown", "ready"]
    # While it was read: its two pages drawn, no filing yet, and the window said what it was doing.
    assert seen["path"] == str(SAMPLE_FILES["pdf"])
    assert seen["widget"] is window.source.pdf and seen["pages"] == 2 and seen["drawn"]
    assert seen["filing"] is None and seen["busy"]
    assert seen["status"] == "Reading microsoft-form4-2024.pdf… (Esc stops)"
    assert seen["issuer"] in ("", "—")
    # Once read: the values are in and the highlight goes both ways on the pages already drawn.
    assert window.filing_pane.header.fields["issuer.name"].text() == "MICROSOFT CORP"
    assert not window.is_busy and window.statusBar().currentMessage() != "Reading microsoft-form4-2024.pdf…"
    window.document.select(PDF_FIELD)
    assert window.source.pdf.highlighted is not None
    box = window.document.value(PDF_FIELD).source
    window.document.select("issuer.name")
    window.source._page_clicked(box.page, (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2)
    assert window.document.current_path == PDF_FIELD


def test_a_pdf_that_fails_to_read_after_showing_gives_back_the_open_filing_and_its_pages(
    qtbot, window, held_reading: threading.Event, letter_pdf: Path, errors
) -> None:
    held_reading.set()
    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])
    window.document.set_value("issuer.trading_symbol", "MSFX")
    window.document.undo_stack.setClean()  # no question about unsaved changes in this test
    held_reading.clear()
    shown_pages: list[int] = []

    def shown(_path: str) -> None:
        shown_pages.append(window.source.pdf.page_count)
        held_reading.set()

    window.sourceShown.connect(shown)
    with qtbot.waitSignal(window.openFailed, timeout=60000) as blocker:
        assert window.open_path(letter_pdf)
    assert shown_pages == [1]  # the letter's one page was shown while it was read
    assert str(letter_pdf) in blocker.args[0] and errors and str(letter_pdf) in errors[-1][1]
    # The open filing stays, and its own two pages are drawn again beside it.
    assert window.document.filing.issuer.trading_symbol.value == "MSFX"
    assert window.source.stack.currentWidget() is window.source.pdf
    qtbot.waitUntil(lambda: window.source.pdf.is_drawn and window.source.pdf.page_count == 2, timeout=30000)
    window.document.select(PDF_FIELD)
    assert window.source.pdf.highlighted is not None
    assert window.document.value(PDF_FIELD).value == Decimal("15905")
    assert not window.is_busy


def test_a_text_file_is_shown_and_read_with_its_source_shown_first(qtbot, window) -> None:
    events: list[str] = []
    window.sourceShown.connect(lambda _path: events.append("shown"))
    window.ready.connect(lambda: events.append("ready"))
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert events == ["shown", "ready"]
    assert window.source.stack.currentWidget() is window.source.text


@pytest.fixture
def errors(window, monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """What the window reports through its error method."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "show_error", lambda title, message: shown.append((title, message)))
    return shown
