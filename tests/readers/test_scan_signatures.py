"""A signature written by hand on a scanned form (`form4viewer.readers.handwriting`): kept as a signature whose name
is left for a person to read, with its box on the ink and a low confidence, its date read.

The page is the second page of the printed EDGAR page of Apple's Form 4 (`tests/data/pdf/`), whose signature block
reads "/s/ Sam Whittington, Attorney-in-Fact for Katherine L. Adams" over the caption "**Signature of Reporting
Person", and "05/06/2022" over "Date". Where the name stands is taken from the PDF's text layer (pdfplumber); the
name is painted over in the page's own shade and strokes are drawn in its place with reportlab's curves, as a pen
writes; the page is then rasterized at 200 dpi with pdfium, as a scanner would.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")
pdfium = pytest.importorskip("pypdfium2")

from PIL import Image, ImageDraw  # noqa: E402

from form4viewer.checks import check  # noqa: E402
from form4viewer.model import Confidence  # noqa: E402
from form4viewer.readers import handwriting, ocr, read_bytes  # noqa: E402
from form4viewer.sources import PdfBox  # noqa: E402

PRINTOUT = Path(__file__).parents[1] / "data" / "pdf" / "edgar-print-aapl-adams-2022.pdf"
DPI = 200

needs_ocr = pytest.mark.skipif(ocr.available() is None, reason="no OCR engine (Tesseract) installed")


def signature_block() -> tuple[float, float, float, float]:
    """The box (points from the top-left) of the words written on the signature's line: the line just above the
    caption "Signature of Reporting Person", left of the caption "Date"."""
    import pdfplumber

    with pdfplumber.open(PRINTOUT) as pdf:
        words = pdf.pages[1].extract_words()
    caption = next(w for w in words if w["text"].endswith("Signature"))
    date_caption = next(w for w in words if w["text"] == "Date" and abs(w["top"] - caption["top"]) < 14)
    line = [w for w in words if caption["top"] - 20 < w["bottom"] <= caption["top"]
            and w["x1"] < date_caption["x0"] - 10]
    return (min(w["x0"] for w in line), min(w["top"] for w in line), max(w["x1"] for w in line),
            max(w["bottom"] for w in line))


def signed_by_hand() -> tuple[Image.Image, tuple[float, float, float, float]]:
    """The second page with its signature's name replaced by strokes of a pen, rasterized; and where the name was."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    x0, top, x1, bottom = signature_block()
    document = pdfium.PdfDocument(PRINTOUT.read_bytes())
    width, height = document[1].get_size()
    page = document[1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.drawImage(ImageReader(page), 0, 0, width, height)
    canvas.setFillGray(page.getpixel((int((x0 - 3) * DPI / 72), int((top + bottom) / 2 * DPI / 72))) / 255)
    canvas.rect(x0 - 1, height - bottom - 1, x1 - x0 + 2, bottom - top + 2, fill=1, stroke=0)
    canvas.setStrokeColorRGB(0.05, 0.05, 0.3)
    canvas.setLineWidth(1.1)
    base = height - bottom + 1
    pen = canvas.beginPath()
    pen.moveTo(x0 + 4, base + 2)
    x = x0 + 4
    for stroke in range(9):
        pen.curveTo(x + 3, base + 16 - 2 * (stroke % 4), x + 12, base - 5 + (stroke % 2) * 3, x + 16,
                    base + 5 + stroke % 3)
        x += 16
    canvas.drawPath(pen, stroke=1, fill=0)
    canvas.bezier(x0 + 20, base + 10, x0 + 60, base + 16, x0 + 100, base - 6, x0 + 150, base + 4)
    canvas.showPage()
    canvas.save()
    signed = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    return signed, (x0, top, x1, bottom)


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


# ---- ink, without the engine ------------------------------------------------------------------------------------


def test_ink_is_found_where_a_pen_wrote_and_not_on_blank_paper_or_a_rule() -> None:
    page = Image.new("L", (int(8.5 * DPI), int(3 * DPI)), 230)  # the form's grey shading
    draw = ImageDraw.Draw(page)
    scale = DPI / 72
    draw.line([(40 * scale, 100 * scale), (300 * scale, 100 * scale)], fill=0, width=2)  # a rule
    assert handwriting.ink_box(page, DPI, (30, 80, 320, 110)) is None
    draw.line([(60 * scale, 95 * scale), (80 * scale, 85 * scale), (100 * scale, 96 * scale),
               (140 * scale, 84 * scale)], fill=20, width=3)
    box = handwriting.ink_box(page, DPI, (30, 80, 320, 110))
    assert box is not None
    x0, top, x1, bottom = box
    assert abs(x0 - 60) < 1.5 and abs(x1 - 140) < 1.5 and abs(top - 84) < 1.5 and abs(bottom - 96) < 1.5


# ---- read off a page ---------------------------------------------------------------------------------------------


@needs_ocr
def test_a_signature_written_by_hand_is_kept_with_its_date_and_its_name_left_for_a_person() -> None:
    image, (x0, top, x1, bottom) = signed_by_hand()
    filing = read_bytes(png(image), "aapl-adams-signed-by-hand.png")
    assert len(filing.signatures) == 1
    signature = filing.signatures[0]
    assert signature.name.value is None
    assert signature.name.confidence <= Confidence.LOW
    box = signature.name.source
    assert isinstance(box, PdfBox) and box.page == 1
    # The box is on the strokes, which stand where the name was.
    assert x0 - 4 <= box.x0 <= x0 + 10 and box.x1 <= x1 + 4 and top - 12 <= box.top and box.bottom <= bottom + 6
    assert signature.date.value == date(2022, 5, 6)
    assert "the signature on page 1 is written by hand: its name is left for a person to read off the page" in (
        filing.document.notes)
    assert any(p.path == "signatures[0].name" for p in check(filing)), "the checks point at the name to read"


@needs_ocr
def test_a_typed_signature_on_the_same_page_is_read_as_written() -> None:
    page = pdfium.PdfDocument(PRINTOUT.read_bytes())[1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    filing = read_bytes(png(page), "aapl-adams-page-2.png")
    assert [s.name.value for s in filing.signatures] == [
        "/s/ Sam Whittington, Attorney-in-Fact for Katherine L. Adams"]
    assert not any("written by hand" in note for note in filing.document.notes)
