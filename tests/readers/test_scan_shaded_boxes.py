"""Check boxes a browser's printed page draws as a shaded square with no outline in ink
(`form4viewer.readers.scan.shaded_boxes_from_pixels`, looked for by `read_page` left of each "Check" it reads).

EDGAR's printed page (corpus/rendered/) draws the box above box 1 ("Check this box to indicate that a transaction
was made pursuant to a contract ... 10b5-1(c)") as a square a shade darker than the grey paper with a light tick in
it when checked, and a square lighter than the paper with a grey edge when not. The images are cut from page 1 of
two such printouts scanned at 300 dpi:
- check-box-ticked-300dpi.png: the Autodesk Form 4 of 2023 (`0000769397-23-000114_...`), whose XML has
  `<aff10b5One>1`;
- check-box-clear-300dpi.png: the Joby Aviation Form 4 of 2023 (`0001819848-23-000289_...`), `<aff10b5One>0`.
Each shows the caption's first lines and the box beside "Check" (at about 145 to 178 pixels across, 52 to 85
down).
- shaded-boxes-noisy-200dpi.png: the Webster Financial Form 4 of Beatrice Ordonez of 2023
  (`0001437749-23-002271_...`, its XML `<notSubjectToSection16>1` and `<aff10b5One>0`), drawn at 200 dpi tilted 2
  degrees with noise (seed 16) and straightened as the reader does, from 100 px down page 1, 330 by 230 pixels:
  both boxes, the first (about 92 to 112 px across, 45 to 65 down) ticked, the second (140 to 160 down) not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.readers import ocr, scan  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "scan"
#: Left of "Check" (top, bottom, left, right in pixels), as read_page draws the window: 14 points above and below
#: the word, 40 points to its left.
WINDOW = (0, 133, 41, 207)


def _grey(name: str) -> numpy.ndarray:
    return numpy.asarray(Image.open(DATA / name).convert("L"))


@pytest.mark.parametrize(("name", "ticked"), [("check-box-ticked-300dpi.png", True),
                                              ("check-box-clear-300dpi.png", False)])
def test_a_shaded_box_beside_its_caption_is_found_and_read_ticked_or_not(name: str, ticked: bool) -> None:
    (box,) = scan.shaded_boxes_from_pixels(_grey(name), 300, [WINDOW])
    assert box.ticked is ticked
    # The square itself, about 7 points a side, at its place on the image (in points).
    assert 33 <= box.x0 < box.x1 <= 44 and 11 <= box.top < box.bottom <= 22
    assert 5 <= box.x1 - box.x0 <= 9 and 5 <= box.bottom - box.top <= 9


def test_paper_with_no_square_on_it_holds_no_box() -> None:
    # The caption's own words, to the right of the box: letters are no square of a shade.
    assert scan.shaded_boxes_from_pixels(_grey("check-box-ticked-300dpi.png"), 300, [(0, 167, 205, 458)]) == []
    # The white margin and the grey paper beside it, above the box.
    assert scan.shaded_boxes_from_pixels(_grey("check-box-ticked-300dpi.png"), 300, [(0, 40, 0, 200)]) == []


@pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")
@pytest.mark.parametrize(("name", "ticked"), [("check-box-ticked-300dpi.png", True),
                                              ("check-box-clear-300dpi.png", False)])
def test_a_page_read_gets_the_box_left_of_its_caption(name: str, ticked: bool) -> None:
    page = scan.read_page(Image.open(DATA / name).convert("L"), 300, 1, name).page
    assert [box.ticked for box in page.boxes] == [ticked]


def test_boxes_on_a_noisy_scan_are_found_and_read() -> None:
    # The noise is as strong as the few levels the squares stand off the paper by: unsmoothed, neither was found.
    grey = _grey("shaded-boxes-noisy-200dpi.png")
    (first,) = scan.shaded_boxes_from_pixels(grey, 200, [(8, 99, 19, 129)])
    (second,) = scan.shaded_boxes_from_pixels(grey, 200, [(143, 234, 19, 129)])
    assert (first.ticked, second.ticked) == (True, False)
    assert 32 <= first.x0 < first.x1 <= 42 and 15 <= first.top < first.bottom <= 25
