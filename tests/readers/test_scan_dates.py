"""A date a scan's reading made no date of, read again from its cell's pixels (`scan.reread_date_cells`).

`amendment-date-300dpi.png` is cut from page 1 of the Citigroup Form 4/A of Jane Nind Fraser of October 2025
(`corpus/rendered/period2025-10-22_F4AA_C_Fraser-Jane-Nind_cache.pdf`, 300 dpi), boxes 3 and 4: box 4, "If
Amendment, Date Original Filed", holds 10/22/2025 (its XML: `<dateOfOriginalSubmission>` 2025-10-22; its form
4/A). The page's reading read the date "40/22/2025", its 1 beside the rule on the box's left, so that it was no date
and the filing, whose title on that page says "FORM 4", was not taken for an amendment. The word's box below is the
reading's, in points of the picture (which starts 309.6 points from the page's left and 187.2 from its top).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.model import Filing, Value  # noqa: E402
from form4viewer.readers import ocr, scan  # noqa: E402
from form4viewer.readers.pdf_layout import Layout, Page, make_lines  # noqa: E402
from form4viewer.sources import PdfBox  # noqa: E402

pytestmark = pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")
PICTURE = Path(__file__).parents[1] / "data" / "scan" / "amendment-date-300dpi.png"


def _reread(text: str, value: object = None) -> Layout | None:
    image = Image.open(PICTURE).convert("L")
    word = scan.ScanWord(text, 9.36, 44.88, 88.56, 94.08, 7.0, 1, 0.3)
    page = Page(1, image.size[0] * 72 / 300, image.size[1] * 72 / 300, [word], make_lines([word], 1))
    box = PdfBox(1, word.x0, word.top, word.x1, word.bottom)
    filing = Filing(date_of_original_submission=Value(value, raw=text, source=box, confidence=0.3))
    return scan.reread_date_cells(filing, Layout([page]), [scan.ScanPage(page, 300, 0.0, 0, image)], "citi.png")


def test_a_date_read_as_no_date_is_read_again_from_its_cell() -> None:
    layout = _reread("40/22/2025")
    assert layout is not None
    (word,) = layout.pages[0].words
    assert word.text == "10/22/2025"
    assert word.confidence <= 0.79  # made out only on a second reading: under the checks' mark
    assert (word.x0, word.x1) == (9.36, 44.88)  # where the words of the cell stood


def test_a_date_that_read_as_one_and_text_of_another_shape_are_left_alone() -> None:
    import datetime as dt

    assert _reread("10/22/2025", dt.date(2025, 10, 22)) is None
    assert _reread("See Remarks") is None


def test_a_page_is_cleaned_once_for_all_the_cells_read_again() -> None:
    page = scan.ScanPage(Page(1, 84.0, 112.8, [], []), 300, 0.0, 0, Image.open(PICTURE).convert("L"))
    first = scan._cleaned(page)
    assert scan._cleaned(page) is first  # the codes' cells and the dates' share one picture of the page
    cleaned, threshold = first
    assert cleaned.shape == (470, 350) and 100 <= threshold <= 200


def test_a_scan_of_part_of_a_form_is_refused_as_a_scan_naming_the_file() -> None:
    # The picture of boxes 3 and 4 alone: text is read off it, but no form's title or table.
    from form4viewer.errors import NotAFilingError
    from form4viewer.readers import read_bytes

    with pytest.raises(NotAFilingError) as raised:
        read_bytes(PICTURE.read_bytes(), "boxes-3-and-4.png")
    message = str(raised.value)
    assert message.startswith("boxes-3-and-4.png: ") and "read off the scan holds no Form 3, 4 or 5" in message
    assert "PDF" not in message
