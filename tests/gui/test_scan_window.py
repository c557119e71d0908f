"""A scan in the window: its pages drawn as read (upright and level) with the values' boxes on them, how far the
OCR is told page by page while the window keeps turning, and Esc stopping it.

The scans are made here from the printed EDGAR page of Apple's Form 4 (`tests/data/pdf/`, two pages), drawn with
pdfium at 200 dpi, the first page tilted 1.5 degrees as a sheet slips in a scanner, and written as PNG or as a
two-page TIFF. The readings need Tesseract and are skipped cleanly where it is not installed.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest

numpy = pytest.importorskip("numpy")
pdfium = pytest.importorskip("pypdfium2")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from form4viewer.readers import ocr, read_bytes  # noqa: E402
from form4viewer.sources import PdfBox  # noqa: E402

from .conftest import open_and_wait  # noqa: E402

pytestmark = pytest.mark.skipif(ocr.available() is None, reason="no OCR engine (Tesseract) installed")

PRINTOUT = Path(__file__).parents[1] / "data" / "pdf" / "edgar-print-aapl-adams-2022.pdf"
DPI = 200
TILT = 1.5
AMOUNT = "non_derivative_transactions[0].shares"
TITLE = "non_derivative_transactions[0].security_title"  # at the page's left edge, where a tilt moves it most


def scanned_pages() -> list[Image.Image]:
    document = pdfium.PdfDocument(PRINTOUT.read_bytes())
    pages = [document[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    pages[0] = pages[0].rotate(TILT, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return pages


def as_tiff(pages: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:], dpi=(DPI, DPI), compression="tiff_deflate")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def tiff(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scans") / "aapl-adams-scan-200.tif"
    path.write_bytes(as_tiff(scanned_pages()))
    return path


@pytest.fixture(scope="module")
def read_tiff(tiff: Path) -> tuple[Any, bytes, list[Any]]:
    """The TIFF read once by OCR, as the reading process reads it: the filing, its bytes and its pages as read."""
    from form4viewer.gui.reading import page_image

    pages: list[Any] = []
    data = tiff.read_bytes()
    filing = read_bytes(data, tiff.name, page_read=lambda _n, image, dpi: pages.append(page_image(image, dpi)))
    return filing, data, pages


def _show(qtbot, window, read_tiff, hand_over: bool) -> None:  # type: ignore[no-untyped-def]
    from form4viewer.gui.source_view import ScanPage, grey_image

    filing, data, pages = read_tiff
    if hand_over:
        window.source.set_scan_pages(data, [ScanPage(grey_image(p.width, p.height, p.pixels), p.dpi) for p in pages])
    # Without them the pages are made again, upright and level, on a worker thread: seconds a page.
    with qtbot.waitSignal(window.source.drawn, timeout=10000 if hand_over else 60000):
        window.document.load(filing, data, "aapl-adams-scan-200.tif")


def _ink_centre(window, box: PdfBox) -> tuple[float, float] | None:  # type: ignore[no-untyped-def]
    """Where the ink is, in points on the page, of the page image drawn under `box` (widened by 3 points)."""
    page = window.source.image._pages[box.page - 1]
    scale = page.dpi / 72
    image = page.image
    pixels = numpy.frombuffer(image.constBits(), dtype=numpy.uint8).reshape(image.height(), image.bytesPerLine())
    x0, x1 = int((box.x0 - 3) * scale), int((box.x1 + 3) * scale) + 1
    y0, y1 = int((box.top - 3) * scale), int((box.bottom + 3) * scale) + 1
    ink = numpy.argwhere(pixels[y0:y1, x0:x1] < 128)
    if not len(ink):
        return None
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0)
    return (x0 + (left + right) / 2) / scale, (y0 + (top + bottom) / 2) / scale


def test_a_scan_s_pages_are_drawn_as_read_and_the_selected_value_is_highlighted_on_its_ink(
    qtbot, window, read_tiff
) -> None:
    _show(qtbot, window, read_tiff, hand_over=True)
    view = window.source.image
    assert window.source.kind == "image" and window.source.stack.currentWidget() is view
    assert view.page_count == 2
    for width, height in view.page_sizes:  # letter pages, in points
        assert abs(width - 612) < 1 and abs(height - 792) < 1
    for path in (AMOUNT, TITLE):
        window.document.select(path)
        box = window.document.value(path).source
        assert isinstance(box, PdfBox) and box.page == 1
        rect = view.highlighted
        assert rect is not None
        top_left = view.scene_point(box.page, box.x0, box.top)
        assert abs(rect.left() + 2 - top_left.x()) < 0.5 and abs(rect.top() + 2 - top_left.y()) < 0.5
        # The box is on the value's ink in the picture drawn: the page was straightened before it was read, and
        # the picture is the straightened page.
        centre = _ink_centre(window, box)
        assert centre is not None, path
        assert abs(centre[0] - (box.x0 + box.x1) / 2) < 3 and abs(centre[1] - (box.top + box.bottom) / 2) < 2, path


def test_an_image_file_shown_without_its_reading_draws_every_page_of_the_file(qtbot, window, read_tiff) -> None:
    """A scan opened from the Library has no pages handed over: every page of the file is drawn, made again as the
    reading saw it (test_scan_reopen.py: on the same pixels)."""
    _show(qtbot, window, read_tiff, hand_over=False)
    view = window.source.image
    assert window.source.kind == "image"
    assert view.page_count == 2
    assert [round(w) for w, _ in view.page_sizes] == [612, 612]
    window.document.select(AMOUNT)
    assert view.highlighted is not None


def test_clicking_a_value_on_a_scanned_page_selects_its_field(qtbot, window, read_tiff) -> None:
    _show(qtbot, window, read_tiff, hand_over=True)
    view = window.source.image
    box = window.document.value(AMOUNT).source
    assert isinstance(box, PdfBox)
    point = view.mapFromScene(view.scene_point(box.page, (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert window.document.current_path == AMOUNT


def test_a_scan_zooms_and_fits_its_width_with_the_window_s_keys(qtbot, window, read_tiff) -> None:
    _show(qtbot, window, read_tiff, hand_over=True)
    view = window.source.image
    fitted = view.zoom
    view.setFocus()
    QTest.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fitted * 1.25)
    QTest.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == pytest.approx(fitted)


def test_find_goes_through_the_values_read_off_a_scan(qtbot, window, read_tiff) -> None:
    _show(qtbot, window, read_tiff, hand_over=True)
    with qtbot.waitSignal(window.source.findResult, timeout=5000) as found:
        window.source.find("CUPERTINO")
    current, count = found.args
    assert current == 1 and count >= 1


def test_a_damaged_image_file_shown_from_its_saved_bytes_says_so_without_a_traceback(qtbot, window,
                                                                                     read_tiff) -> None:
    filing, data, _pages = read_tiff
    with qtbot.waitSignal(window.source.drawn, timeout=10000):
        window.document.load(filing, data[: len(data) // 3], "aapl-adams-scan-200.tif")
    assert window.source.kind == ""
    text = window.source.message.text()
    assert text.startswith("The pages cannot be drawn: aapl-adams-scan-200.tif: the image is damaged or truncated")


def test_reading_a_two_page_scan_says_which_page_the_ocr_is_on_and_the_window_keeps_turning(
    qtbot, window, tiff: Path
) -> None:
    from PySide6.QtCore import QTimer

    said: list[tuple[str, float]] = []
    ticks: list[float] = []
    status = window.statusBar()
    status.messageChanged.connect(lambda text: said.append((text, time.monotonic())))
    timer = QTimer(window)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    open_and_wait(qtbot, window, tiff, timeout=240000)
    timer.stop()
    pages = [(text, when) for text, when in said if text.startswith("Reading page")]
    assert [text for text, _ in pages] == ["Reading page 1 of 2 (OCR)… (Esc stops)",
                                           "Reading page 2 of 2 (OCR)… (Esc stops)"]
    # The window went on turning while each page was read: its timer ticked between the word that page 2 was
    # being read and the filing's arrival.
    second = pages[1][1]
    assert sum(1 for tick in ticks if tick > second) >= 10
    assert window.source.kind == "image" and window.source.image.page_count == 2
    assert window.document.value(AMOUNT).value is not None


def test_esc_stops_a_scan_mid_page_and_the_filing_that_was_open_stays(qtbot, window, tiff: Path) -> None:
    from .conftest import SAMPLE_FILES

    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    issuer = window.document.filing.issuer.name.value
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=60000,
                          check_params_cb=lambda text: text.startswith("Reading page 1 of 2")):
        window.open_path(tiff)
    with qtbot.waitSignal(window.openFailed, timeout=10000) as failed:
        QTest.keyClick(window, Qt.Key.Key_Escape)
    assert failed.args[0].endswith("reading stopped")
    assert window.document.filing.issuer.name.value == issuer
    assert not window.is_busy
    assert window.busy.maximum() == 0  # the progress bar is back to its busy look for the next reading
