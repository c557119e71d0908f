"""A word cut out of a scanned page to be read again (`form4viewer.readers.scan._cut`): a line drawn under it is
taken away, the feet of its capitals are not.

`roman-three-300dpi.png` is cut from page 2 of the Peridot Acquisition Corp. II Form 4
(`corpus/rendered/0000899243-23-008241_F4_PDOT_Peridot-Acquisition-Spon_fromtxt.pdf`, 300 dpi, rules taken off as
the reader takes them): "III," of "CARNELIAN ENERGY CAPITAL III, L.P.", the third reporting owner's name, 20 pixels
in from the picture's edges. The feet of the three serif I's and the comma ink most of one row; taken for an
underline, they were cut away, and the I's read again without them were read "TIT." (the XML has "III").
"""

from __future__ import annotations

from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from PIL import Image  # noqa: E402

from form4viewer.readers import ocr, scan  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "scan"


def _word(grey: object) -> ocr.OcrWord:
    height, width = grey.shape  # type: ignore[attr-defined]
    return ocr.OcrWord("III,", 20, 20, width - 20, height - 20, 0.75)


def test_the_feet_of_capitals_are_kept_in_the_cut() -> None:
    grey = numpy.asarray(Image.open(DATA / "roman-three-300dpi.png").convert("L"))
    cut = scan._cut(grey, _word(grey), 300, 200) < 128
    rows = numpy.flatnonzero(cut[:, 5:39].any(axis=1))  # the three I's, without the comma
    glyphs = scan._glyphs(cut[:, :39])
    assert len(glyphs) == 3
    top, bottom = rows[0], rows[-1]
    assert bottom - top + 1 >= 22  # the I's whole height, feet included
    for first, end, _, _ in glyphs:  # each I as wide at its foot as at its head: a serif at both ends
        head = numpy.flatnonzero(cut[top, first:end]).size
        foot = numpy.flatnonzero(cut[bottom, first:end]).size
        assert head >= 7 and foot >= 7


def test_a_line_under_the_word_is_taken_away() -> None:
    grey = numpy.asarray(Image.open(DATA / "roman-three-300dpi.png").convert("L")).copy()
    plain = scan._cut(grey, _word(grey), 300, 200) < 128
    grey[49:51, 14:66] = 0  # an unbroken line two pixels thick under the word, as a link's underline
    cut = scan._cut(grey, _word(grey), 300, 200) < 128
    assert not cut[-12:].all(axis=1).any()
    assert (cut == plain).all()
