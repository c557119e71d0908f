"""Abbreviations whose points the OCR engine lost, written again from their ink
(`form4viewer.readers.scan.abbreviations_from_pixels`).

The pictures are cut from pages scanned at 300 dpi (rules taken off as the reader takes them), each word 20 pixels in
from the picture's edges; the text is what Tesseract read there on the whole page, the truth what the page prints
(and the filing's XML holds):
- `abbreviation-us-300dpi.png`: "U.S." of "Sequoia Capital U.S. Growth Fund IV, L.P.", Table I, column 7, of the
  Block, Inc. Form 4 of Roelof Botha (`corpus/rendered/0001209191-22-023143_F4_SQ_BOTHA-ROELOF.pdf`, page 1), read "US.";
- `abbreviation-lp-comma-300dpi.png`: "L.P." ending "Sequoia Capital U.S. Venture Partners Fund XV, L.P." on the same
  page, read "LP," (a comma where the page has a point);
- `abbreviation-lp-300dpi.png`: "L.P." ending "Sequoia Capital Growth Fund III, L.P.", Table II of the 23andMe
  Form 3 of Roelof Botha (`corpus/rendered/0001062993-21-005990_F3_ME_BOTHA-ROELOF.pdf`, page 2), read "Lp";
- `abbreviation-llc-300dpi.png`: "LLC" of "Held by LLC", Table I of the Isabella Bank Form 4
  (`corpus/rendered/0000842517-24-000086_F4_ISBA_McGuirk-Richard-L_fromtxt.pdf`, page 1): no points to find;
- `abbreviation-none-kkr-300dpi.png`: "KKR" of "KKR Alternative Assets LLC", the reporting owner's name on page 2 of
  the KKR Real Estate Select Trust Form 4
  (`corpus/rendered/0001140361-23-033183_F4_KKR-Real-Estate-Sele_KKR-Alternative-Assets-L_fromtxt.pdf`), read "KKR":
  no points either, though each K's and the R's leg ends in columns inked only near the foot, as a point run into its
  letter does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.readers import ocr, scan  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "scan"


def _mended(name: str, read: str) -> str:
    grey = numpy.asarray(Image.open(DATA / name).convert("L"))
    height, width = grey.shape
    word = ocr.OcrWord(read, 20, 20, width - 20, height - 20, 0.6)
    return scan.abbreviations_from_pixels([word], grey, 300)[0].text


@pytest.mark.parametrize(("name", "read", "printed"), [
    ("abbreviation-us-300dpi.png", "US.", "U.S."),
    ("abbreviation-us-300dpi.png", "U.S.", "U.S."),
    ("abbreviation-lp-comma-300dpi.png", "LP,", "L.P."),
    ("abbreviation-lp-300dpi.png", "Lp", "L.P."),
    ("abbreviation-lp-300dpi.png", "LP", "L.P."),
])
def test_an_abbreviation_s_points_are_read_from_its_ink(name: str, read: str, printed: str) -> None:
    assert _mended(name, read) == printed


def test_letters_without_points_in_their_ink_stay_as_read() -> None:
    assert _mended("abbreviation-llc-300dpi.png", "LLC") == "LLC"
    assert _mended("abbreviation-none-kkr-300dpi.png", "KKR") == "KKR"
    # Letters the ink does not hold as many of: nothing to go by.
    assert _mended("abbreviation-us-300dpi.png", "USS.") == "USS."
