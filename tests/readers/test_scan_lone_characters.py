"""Characters a page's reading gets wrong on their own, read again from their pixels
(`form4viewer.readers.scan.read_unread_ink`, `form4viewer.readers.scan.reread_form_number`).

The images are cut from corpus pages scanned at 300 dpi with the rules taken off as the reader takes them:
- ownership-form-i-300dpi.png: the Tesla Form 4 of November 2021 (`corpus/rendered/0000899243-21-044232_...`),
  page 2, Table I row 22, column 6: the "I" of Ownership Form (its XML: `<directOrIndirectOwnership>` I). Its stroke
  is 8 pixels wide, under 2 points, and the engine reads it, alone, as a bar.
- form-title-300dpi.png: the Joby Aviation Form 4 of 2023 (`corpus/rendered/0001819848-23-000289_...`), page 1, the
  title "FORM 4" in its heavy face (its XML: `<documentType>` 4) and the box under it, which the page's reading read
  as "FORM A" (the boxes below are the page's, moved to the image).
"""

from __future__ import annotations

from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.readers import ocr, scan  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "scan"
pytestmark = pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")


def _grey(name: str) -> numpy.ndarray:
    return numpy.asarray(Image.open(DATA / name).convert("L"))


def test_a_single_stroke_alone_in_a_cell_is_read_as_the_letter_i_and_left_for_a_person_to_check() -> None:
    found = scan.read_unread_ink([], _grey("ownership-form-i-300dpi.png"), 300, "tesla.png")
    assert [w.text for w in found] == ["I"]
    (word,) = found
    assert (word.x0, word.x1) == (47, 55)  # the stroke's ink, not the cell
    assert word.confidence <= 0.6  # under the checks' mark: made out only on a second reading


def test_ink_beside_a_word_read_is_left_to_that_word() -> None:
    # The same stroke inside a word's box is part of that word: nothing is added.
    covering = ocr.OcrWord("I", 45, 24, 57, 50, 0.9)
    assert scan.read_unread_ink([covering], _grey("ownership-form-i-300dpi.png"), 300, "tesla.png") == [covering]


def _title_words(number: str) -> list[ocr.OcrWord]:
    title = (1, 1, 1, 1)
    return [
        ocr.OcrWord("FORM", 39, 33, 257, 88, 0.96, title),
        ocr.OcrWord(number, 285, 34, 327, 87, 0.81, title),
        ocr.OcrWord("Check", 70, 116, 149, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("this", 157, 116, 201, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("box", 210, 116, 257, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("if", 266, 116, 283, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("no", 292, 122, 324, 139, 0.96, (1, 2, 1, 1)),
        ocr.OcrWord("longer", 70, 155, 161, 184, 0.96, (1, 2, 1, 2)),
        ocr.OcrWord("subject", 170, 155, 272, 184, 0.96, (1, 2, 1, 2)),
        ocr.OcrWord("to", 281, 158, 307, 178, 0.96, (1, 2, 1, 2)),
    ]


def test_the_title_s_number_read_as_a_letter_is_read_again_with_its_title() -> None:
    words = scan.reread_form_number(_title_words("A"), _grey("form-title-300dpi.png"), 300, "joby.png")
    assert [w.text for w in words[:2]] == ["FORM", "4"]
    assert words[1].confidence < 0.9  # made out only on a second reading
    assert words[2:] == _title_words("A")[2:]


def test_a_title_read_as_a_form_s_number_and_a_form_in_body_type_are_left_alone() -> None:
    grey = _grey("form-title-300dpi.png")
    assert scan.reread_form_number(_title_words("4"), grey, 300, "joby.png") == _title_words("4")
    # "Form 5 obligations" in the box's small type, "5" read as "S": no title, nothing read again.
    body = [ocr.OcrWord("Form", 70, 194, 128, 217, 0.96, (1, 2, 1, 3)), ocr.OcrWord("S", 137, 194, 150, 217, 0.5,
                                                                                    (1, 2, 1, 3)),
            *_title_words("4")[2:]]
    assert scan.reread_form_number(body, grey, 300, "joby.png") == body
