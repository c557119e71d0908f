"""A scan reopened from the Library, in the same window or after a restart, is drawn as its reading saw it: the file's
pages made again upright and level on a worker thread (the pane saying "Drawing the scan's pages…" meanwhile), so a
value's box is highlighted on the same pixels as right after the reading.

The scans are made here from page 1 of the printed EDGAR page of Apple's Form 4 (`tests/data/pdf/`), drawn with
pdfium at 200 dpi: tilted 3 degrees and written as a PNG, and turned upside down and written as an image-only PDF (a
picture a page, as a scanner writes one). They are read in this process as the reading process reads them (its page
images handed to the window with the filing), saved, and opened again from the Library. The readings need
Tesseract and are skipped cleanly where it is not installed.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

numpy = pytest.importorskip("numpy")
pdfium = pytest.importorskip("pypdfium2")

from PIL import Image  # noqa: E402

from form4viewer.model import Filing  # noqa: E402
from form4viewer.readers import ocr, read_bytes, scan  # noqa: E402
from form4viewer.sources import PdfBox  # noqa: E402

from .conftest import SAMPLE_FILES, open_and_wait  # noqa: E402

pytestmark = pytest.mark.skipif(ocr.available() is None, reason="no OCR engine (Tesseract) installed")

PRINTOUT = Path(__file__).parents[1] / "data" / "pdf" / "edgar-print-aapl-adams-2022.pdf"
DPI = 200
TILT = 3.0
ISSUER = "issuer.name"
AMOUNT = "non_derivative_transactions[0].shares"
TITLE = "non_derivative_transactions[0].security_title"  # at the page's left edge, where a tilt moves it most
PATHS = (ISSUER, AMOUNT, TITLE)


@dataclass
class Scan:
    name: str
    data: bytes
    filing: Filing
    pages: list[Any]  # reading.PageImage: the pages as the reading handed them to the window


def _first_page() -> Image.Image:
    document = pdfium.PdfDocument(PRINTOUT.read_bytes())
    return document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")


def _as_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def _as_pdf(image: Image.Image) -> bytes:
    """An image-only PDF, as a scanner writes one: the page a picture (kept lossless), no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    width, height = image.size[0] * 72 / DPI, image.size[1] * 72 / DPI
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.drawImage(ImageReader(image), 0, 0, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _read(name: str, data: bytes) -> Scan:
    """The scan read by OCR as the reading process reads it: the filing, and its pages as read (page_image)."""
    from form4viewer.gui.reading import page_image

    pages: list[Any] = []
    filing = read_bytes(data, name, page_read=lambda _n, image, dpi: pages.append(page_image(image, dpi)))
    return Scan(name, data, filing, pages)


@pytest.fixture(scope="module")
def tilted() -> Scan:
    page = _first_page().rotate(TILT, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return _read("aapl-adams-scan-tilted.png", _as_png(page))


@pytest.fixture(scope="module")
def upside_down() -> Scan:
    return _read("aapl-adams-scan-upside-down.pdf", _as_pdf(_first_page().rotate(180)))


@pytest.fixture
def decoded_on(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The threads of this process (the window's) the file's pages are decoded and straightened on, from here on
    (the reader's own functions, watched)."""
    threads: list[threading.Thread] = []
    for name in ("image_pages", "pdf_pages", "straighten"):
        original = getattr(scan, name)

        def watched(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            threads.append(threading.current_thread())
            return _original(*args, **kwargs)

        monkeypatch.setattr(scan, name, watched)
    return threads


def _pixels(window: Any, page: int) -> Any:
    image = window.source.image._pages[page - 1].image
    rows = numpy.frombuffer(image.constBits(), dtype=numpy.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width()]


def _under(window: Any, box: PdfBox) -> Any:
    """The pixels of the drawn page under `box`, widened by 3 points."""
    dpi = window.source.image._pages[box.page - 1].dpi
    scale = dpi / 72
    x0, x1 = int((box.x0 - 3) * scale), int((box.x1 + 3) * scale) + 1
    y0, y1 = int((box.top - 3) * scale), int((box.bottom + 3) * scale) + 1
    return _pixels(window, box.page)[y0:y1, x0:x1].astype(numpy.int16)


def _shown_as_read(qtbot: Any, window: Any, read: Scan) -> dict[str, tuple[Any, Any]]:
    """Show the scan as right after its reading and save it; per value, the highlight and the pixels under it."""
    from form4viewer.gui.source_view import ScanPage, grey_image

    window.source.set_scan_pages(read.data, [ScanPage(grey_image(p.width, p.height, p.pixels), p.dpi)
                                             for p in read.pages])
    with qtbot.waitSignal(window.source.drawn, timeout=10000):
        window.document.load(read.filing, read.data, read.name)
    assert window.save()
    seen = {}
    for path in PATHS:
        window.document.select(path)
        box = window.document.value(path).source
        assert isinstance(box, PdfBox) and box.page == 1, path
        assert window.source.image.highlighted is not None, path
        seen[path] = (window.source.image.highlighted, _under(window, box))
    return seen


def _reopened(qtbot: Any, window: Any, filing_id: int, decoded_on: list[threading.Thread],
              here: bool = False) -> None:
    """Open the saved scan from the Library and wait until its pages are drawn, checking the window's thread is
    free meanwhile: the pages are made in the reading process, or (`here`) on a worker thread of this one."""
    with qtbot.waitSignal(window.source.drawn, timeout=60000):
        assert window.open_stored(filing_id)
        # The window is back from opening it before the pages are made: they are made on a worker thread.
        assert window.source.drawing_scan and window.source.kind == ""
        assert window.source.stack.currentWidget() is window.source.message
        assert window.source.message.text() == "Drawing the scan's pages…"
    assert not window.source.drawing_scan
    if here:
        assert decoded_on and all(thread is not threading.main_thread() for thread in decoded_on)
    else:
        assert not decoded_on


def _same_as_read(window: Any, read: Scan, seen: dict[str, tuple[Any, Any]]) -> None:
    view = window.source.image
    assert window.source.kind == "image" and window.source.stack.currentWidget() is view
    assert view.page_count == len(read.pages) == 1
    # The page drawn is the page as read: upright and level, pixel for pixel.
    drawn = _pixels(window, 1).astype(numpy.int16)
    as_read = numpy.frombuffer(read.pages[0].pixels, dtype=numpy.uint8).reshape(read.pages[0].height,
                                                                               read.pages[0].width)
    assert drawn.shape == as_read.shape
    assert numpy.abs(drawn - as_read).mean() < 1.0
    for path in PATHS:
        window.document.select(path)
        rect, pixels = seen[path]
        now = view.highlighted
        assert now is not None, path
        assert abs(now.left() - rect.left()) < 1 and abs(now.top() - rect.top()) < 1, path
        assert abs(now.width() - rect.width()) < 1 and abs(now.height() - rect.height()) < 1, path
        box = window.document.value(path).source
        under = _under(window, box)
        assert under.shape == pixels.shape and numpy.abs(under - pixels).mean() < 2.0, path


def _file_page(read: Scan, kind: str) -> Any:
    """The file's own first page as drawn before this change (decoded, not straightened), in the grey levels of
    the pages handed over."""
    from form4viewer.gui.reading import page_image

    image, dpi = next(scan.pdf_pages(read.data, read.name) if kind == "pdf" else scan.image_pages(read.data, read.name))
    page = page_image(image, dpi)
    return numpy.frombuffer(page.pixels, dtype=numpy.uint8).reshape(page.height, page.width).astype(numpy.int16)


@pytest.mark.parametrize("which", ["tilted", "upside_down"])
def test_a_scan_reopened_after_a_restart_is_drawn_as_read_with_the_same_boxes_highlighted(
    qtbot: Any, window: Any, db_path: Path, request: pytest.FixtureRequest, which: str
) -> None:
    from form4viewer.gui.main_window import MainWindow

    read: Scan = request.getfixturevalue(which)
    kind = "pdf" if read.name.endswith(".pdf") else "image"
    assert read.filing.document.kind == kind
    for path in PATHS:
        assert read.filing.get(path).value is not None, path
    seen = _shown_as_read(qtbot, window, read)
    filing_id = window.document.filing_id
    assert filing_id is not None
    window.close()

    decoded_on = request.getfixturevalue("decoded_on")
    fresh = MainWindow(db_path)
    qtbot.addWidget(fresh)
    fresh.resize(1280, 820)
    fresh.show()
    qtbot.waitExposed(fresh)
    fresh.refresh_library()
    _reopened(qtbot, fresh, filing_id, decoded_on)
    _same_as_read(fresh, read, seen)
    # What was drawn before (the file's own page) is not the page read: the tilt or the turn is undone.
    own = _file_page(read, kind)
    drawn = _pixels(fresh, 1).astype(numpy.int16)
    assert own.shape != drawn.shape or numpy.abs(own - drawn).mean() > 5
    fresh.document.undo_stack.setClean()
    fresh.close()


def test_a_scan_opened_again_from_the_library_in_the_same_window_is_drawn_as_read(
    qtbot: Any, window: Any, tilted: Scan, decoded_on: list[threading.Thread]
) -> None:
    seen = _shown_as_read(qtbot, window, tilted)
    filing_id = window.document.filing_id
    decoded_on.clear()  # showing it as read decodes nothing
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert not decoded_on
    _reopened(qtbot, window, filing_id, decoded_on)
    _same_as_read(window, tilted, seen)


def test_a_filing_opened_while_a_scan_s_pages_are_made_is_not_covered_by_them(
    qtbot: Any, window: Any, tilted: Scan, decoded_on: list[threading.Thread]
) -> None:
    """The pages made for a scan no longer shown are dropped: the filing opened meanwhile stays in the pane."""
    _shown_as_read(qtbot, window, tilted)
    filing_id = window.document.filing_id
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.open_stored(filing_id)
    assert window.source.drawing_scan
    open_and_wait(qtbot, window, SAMPLE_FILES["text"])
    assert not window.source.drawing_scan
    qtbot.wait(50)
    from PySide6.QtCore import QThreadPool

    assert QThreadPool.globalInstance().waitForDone(60000)
    qtbot.wait(50)  # the dropped pages' answer, delivered
    assert window.source.kind == "text" and window.source.stack.currentWidget() is window.source.text


def test_a_scan_s_pages_are_made_on_a_worker_thread_when_the_reading_process_is_stopped_meanwhile(
    qtbot: Any, window: Any, upside_down: Scan, decoded_on: list[threading.Thread], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Esc on a reading ends the reading process, also while it makes a scan's pages: they are made here then."""
    from form4viewer.gui import reading

    def stopped(_data: bytes, name: str, *_args: Any) -> Any:
        raise reading.ProcessStoppedError(f"{name}: the reading process stopped")

    seen = _shown_as_read(qtbot, window, upside_down)
    filing_id = window.document.filing_id
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    monkeypatch.setattr(reading, "scan_pages_elsewhere", stopped)
    _reopened(qtbot, window, filing_id, decoded_on, here=True)
    _same_as_read(window, upside_down, seen)


def test_a_scan_s_pages_made_while_a_file_that_fails_is_read_are_drawn_when_the_pane_is_given_back(
    qtbot: Any, window: Any, tilted: Scan, tmp_path: Path
) -> None:
    seen = _shown_as_read(qtbot, window, tilted)
    filing_id = window.document.filing_id
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.open_stored(filing_id)
    assert window.source.drawing_scan
    broken = tmp_path / "not-a-filing.txt"
    broken.write_text("Minutes of the board meeting, nothing more.\n")
    with qtbot.waitSignal(window.openFailed, timeout=60000):
        assert window.open_path(broken)
    assert window.document.filing_id == filing_id  # the scan stays open
    qtbot.waitUntil(lambda: window.source.kind == "image", timeout=60000)
    _same_as_read(window, tilted, seen)


def test_a_scan_s_pages_that_arrive_while_a_reading_has_the_pane_wait_for_it_to_give_the_pane_back(
    qtbot: Any, window: Any, tilted: Scan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages come while another file is being read: the pane keeps saying so (and tells nothing drawn), and
    shows the pages when that reading fails and the scan stays open."""
    from form4viewer.errors import ReadError
    from form4viewer.gui import main_window, reading

    released = threading.Event()

    def held_reading(path: str, _password: str | None = None) -> Any:
        released.wait(60)
        raise ReadError(path, "not a Form 3, 4 or 5")

    seen = _shown_as_read(qtbot, window, tilted)
    filing_id = window.document.filing_id
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    monkeypatch.setattr(reading, "scan_pages_elsewhere", lambda *_args: tilted.pages)  # as the process makes them
    monkeypatch.setattr(main_window, "read_file", held_reading)
    drawn: list[bool] = []
    window.source.drawn.connect(lambda: drawn.append(True))
    assert window.open_stored(filing_id)
    assert window.open_path("/nowhere/held.txt")
    qtbot.waitUntil(lambda: not window.source.drawing_scan, timeout=30000)
    qtbot.wait(50)
    assert window.source.stack.currentWidget() is window.source.message
    assert window.source.message.text().startswith("Reading held.txt")
    assert not drawn and window.source.kind == ""
    with qtbot.waitSignal(window.source.drawn, timeout=30000):
        with qtbot.waitSignal(window.openFailed, timeout=30000):
            released.set()
    assert window.document.filing_id == filing_id
    _same_as_read(window, tilted, seen)
