"""Scanned filings read by OCR (`form4viewer.readers.scan`).

Scans are made here from printouts whose truth is known: the printed EDGAR page of `tests/data/pdf/` (truth: the
ownership XML it was printed from) and the EDGAR Online printouts of `tests/data/edgar_online/` (truth: read off
their pages by a person, `tests/data/edgar_online_truth/`). Each is drawn with pdfium at a resolution and spoiled as
paper and scanners spoil a page (tilt, noise, blur, JPEG artefacts, a photocopy's flat contrast), all from fixed
seeds, then read back through `form4viewer.readers.read` and scored field by field.

The pixel work (straightening, rules, check boxes, the TIFF and image-only PDF containers) is tested without an OCR
engine; the readings need Tesseract and are skipped cleanly where it is not installed.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")
pdfium = pytest.importorskip("pypdfium2")

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402
from printouts.compare import compare as compare_with_xml  # noqa: E402
from test_edgar_online_truth import compare as compare_with_truth  # noqa: E402
from test_edgar_online_truth import load_truth  # noqa: E402

from form4viewer.contract import to_contract  # noqa: E402
from form4viewer.errors import ReadError  # noqa: E402
from form4viewer.model import Confidence, Filing  # noqa: E402
from form4viewer.readers import ocr, read_bytes, scan, sniff  # noqa: E402
from form4viewer.readers.ownership import read_ownership_xml  # noqa: E402
from form4viewer.readers.pdf_layout import make_lines  # noqa: E402
from form4viewer.sources import PdfBox  # noqa: E402

DATA = Path(__file__).parents[1] / "data"
EDGAR_PRINT = DATA / "pdf" / "edgar-print-aapl-adams-2022.pdf"
EDGAR_PRINT_XML = DATA / "pdf" / "edgar-print-aapl-adams-2022.xml"
RKLB_FORM3 = DATA / "edgar_online" / "rklb-form3-2021-owner-across-pages.pdf"
RKLB_FORM3_TRUTH = DATA / "edgar_online_truth" / "0000899243-21-035266.json"
RKLB_SEVEN = DATA / "edgar_online" / "rklb-form4-2024-seven-owners.pdf"
RKLB_SEVEN_TRUTH = DATA / "edgar_online_truth" / "0000950170-24-058623.json"

#: The floors below are Tesseract's; RapidOCR's are in test_ocr_rapid.py.
needs_ocr = pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")


# ---- scans made from printouts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spoil:
    """How a page is spoiled: tilt in degrees (counter-clockwise), Gaussian noise (grey levels), salt-and-pepper
    share, blur radius in pixels, JPEG quality (None: lossless), contrast (1: as printed; 0.5: a photocopy's grey
    ink on grey paper), and the seed of the noise."""

    skew: float = 0.0
    noise: float = 0.0
    specks: float = 0.0
    blur: float = 0.0
    jpeg: int | None = None
    contrast: float = 1.0
    upside_down: bool = False
    seed: int = 0


def page_images(pdf: Path, dpi: int, spoil: Spoil = Spoil()) -> list[Image.Image]:
    """The printout's pages drawn at `dpi` in grey and spoiled as `spoil` says."""
    document = pdfium.PdfDocument(pdf.read_bytes())
    rng = numpy.random.default_rng(spoil.seed)
    out = []
    for index in range(len(document)):
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if spoil.blur:
            image = image.filter(ImageFilter.GaussianBlur(spoil.blur))
        if spoil.skew:
            image = image.rotate(spoil.skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        if spoil.upside_down:
            image = image.rotate(180)
        pixels = numpy.asarray(image, dtype=numpy.float64)
        if spoil.contrast != 1.0:
            pixels = 255 - (255 - pixels) * spoil.contrast - 40 * (1 - spoil.contrast)
        if spoil.noise:
            pixels = pixels + rng.normal(0, spoil.noise, pixels.shape)
        if spoil.specks:
            flips = rng.random(pixels.shape)
            pixels[flips < spoil.specks / 2] = 0
            pixels[flips > 1 - spoil.specks / 2] = 255
        image = Image.fromarray(numpy.clip(pixels, 0, 255).astype(numpy.uint8))
        if spoil.jpeg:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=spoil.jpeg)
            image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
        out.append(image)
    return out


def as_tiff(images: Sequence[Image.Image], dpi: int) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, "TIFF", save_all=True, append_images=list(images[1:]), dpi=(dpi, dpi),
                   compression="tiff_deflate")
    return buffer.getvalue()


def as_pdf(images: Sequence[Image.Image], dpi: int) -> bytes:
    """An image-only PDF, as a scanner writes one: each page a picture (kept lossless), no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    for image in images:
        width, height = image.size[0] * 72 / dpi, image.size[1] * 72 / dpi
        canvas.setPageSize((width, height))
        canvas.drawImage(ImageReader(image), 0, 0, width, height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# ---- scoring -------------------------------------------------------------------------------------------------


@dataclass
class Score:
    right: int
    fields: int
    rows_missing: list[str]
    misses: list[str]
    misses_marked: int  # misreads whose value carries a confidence under Confidence.DOUBTFUL

    @property
    def share(self) -> float:
        return self.right / self.fields


def _confidence_at(filing: Filing, path: str) -> float | None:
    try:
        value = filing.get(path)
    except (KeyError, IndexError, ValueError, AttributeError):
        return None
    return getattr(value, "confidence", None)


def score_against_xml(filing: Filing, xml: Path) -> Score:
    want = read_ownership_xml(xml.read_bytes(), xml.name)
    outcome = compare_with_xml(xml.stem, filing, want, country=False)
    marked = 0
    for miss in outcome.misses:
        path = miss.split(": ")[1]
        confidence = _confidence_at(filing, path)
        marked += confidence is None or confidence < Confidence.DOUBTFUL
    return Score(outcome.right, outcome.fields, outcome.missing_rows, outcome.misses, marked)


def score_against_truth(filing: Filing, truth_file: Path, name: str) -> Score:
    truth = load_truth(truth_file)
    checks = list(compare_with_truth(truth, to_contract(filing, name)))
    misses = [c for c in checks if not c.right]
    rows = [c.path for c in misses if c.path.endswith("(how many)")]
    marked = 0
    for c in misses:
        path = c.path.split(" ")[0]
        confidence = _confidence_at(filing, path) if "footnotes" not in path else None
        marked += confidence is None or confidence < Confidence.DOUBTFUL
    return Score(sum(c.right for c in checks), len(checks), rows,
                 [f"{c.path}: truth {c.truth!r}, read {c.got!r}" for c in misses], marked)


def report(what: str, score: Score) -> str:
    return (f"{what}: {score.right}/{score.fields} fields ({score.share:.1%}); rows or owners missing: "
            f"{score.rows_missing or 'none'}; misreads {len(score.misses)}, of them under the checks' threshold "
            f"{score.misses_marked}" + "".join(f"\n    miss: {m}" for m in score.misses))


# ---- the bytes are sniffed as scans --------------------------------------------------------------------------


def test_png_jpeg_and_tiff_bytes_are_sniffed_as_scans() -> None:
    image = Image.new("L", (20, 20), 255)
    for kind in ("PNG", "JPEG", "TIFF"):
        buffer = io.BytesIO()
        image.save(buffer, kind)
        assert sniff(buffer.getvalue()[:64]) == "image", kind
        assert scan.image_kind(buffer.getvalue()) == kind
    assert sniff(b"%PDF-1.7\n") == "pdf"


def test_a_multi_page_tiff_gives_each_page_with_its_stated_resolution() -> None:
    pages = page_images(RKLB_FORM3, 100)
    assert len(pages) == 3
    got = list(scan.image_pages(as_tiff(pages, 100), "x.tif"))
    assert [dpi for _, dpi in got] == [100.0, 100.0, 100.0]
    assert [image.size for image, _ in got] == [p.size for p in pages]


def test_an_image_only_pdf_scanned_below_300_dpi_is_drawn_at_its_own_resolution() -> None:
    pages = page_images(RKLB_FORM3, 200)[:2]
    got = list(scan.pdf_pages(as_pdf(pages, 200), "x.pdf"))
    assert [dpi for _, dpi in got] == [200.0, 200.0]
    assert [image.size for image, _ in got] == [p.size for p in pages]
    # Finer scans, and coarser ones (at 150 dpi a rule is too thin to find as drawn), are drawn at 300 dpi; so is a
    # page of text with no picture over it.
    for dpi in (150, 400):
        ((image, drawn),) = scan.pdf_pages(as_pdf(page_images(RKLB_FORM3, dpi)[:1], dpi), "x.pdf")
        assert drawn == 300 and image.size[0] == 2550 and abs(image.size[1] - 3300) <= 2
    pages = scan.pdf_pages((DATA / "pdf" / "edgar-print-aapl-adams-2022.pdf").read_bytes(), "aapl.pdf")
    assert {dpi for _, dpi in pages} == {300}


def test_a_page_scanned_at_150_dpi_is_read_enlarged_to_300() -> None:
    # As drawn, a Tesla Form 4 of set K at 150 dpi read 251 of 281 fields; enlarged first, 290 of 291.
    (page,) = page_images(RKLB_FORM3, 150)[:1]
    read = scan.read_page(page, 150, 1, "x.tif")
    assert read.dpi == 300 and read.image.size[0] == 2550 and abs(read.image.size[1] - 3300) <= 2
    assert read.page.width == 612.0 and abs(read.page.height - 792.0) < 1
    assert any(line.text.startswith("Table I - Non-Derivative Securities") for line in read.page.lines)


def test_an_image_without_a_stated_resolution_is_taken_as_a_letter_page_wide() -> None:
    buffer = io.BytesIO()
    Image.new("L", (1700, 2200), 255).save(buffer, "PNG")
    ((image, dpi),) = scan.image_pages(buffer.getvalue(), "x.png")
    assert dpi == 200.0 and image.size == (1700, 2200)


def test_a_damaged_image_is_refused_naming_the_file() -> None:
    buffer = io.BytesIO()
    Image.new("L", (300, 300), 255).save(buffer, "PNG")
    with pytest.raises(ReadError) as caught:
        list(scan.image_pages(buffer.getvalue()[:60], "torn.png"))
    assert "torn.png" in str(caught.value) and "damaged or truncated" in str(caught.value)


# ---- straightening, rules and boxes from pixels ---------------------------------------------------------------


@pytest.mark.parametrize("tilt", [-4.0, -1.5, 0.0, 2.0, 3.5])
def test_the_tilt_of_a_page_is_found_within_a_fifth_of_a_degree(tilt: float) -> None:
    (image, *_) = page_images(EDGAR_PRINT, 100, Spoil(skew=tilt))
    assert scan.skew_angle(image) == pytest.approx(-tilt, abs=0.2)


def _drawn_form(dpi: int = 200) -> Image.Image:
    """A page with a ruled table (rules of known places), an empty check box and a ticked one."""
    image = Image.new("L", (int(8.5 * dpi), int(3 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    for y in (dpi, 2 * dpi):  # two rules across, at 1 and 2 inches
        draw.line([(dpi // 2, y), (8 * dpi, y)], fill=0, width=3)
    draw.line([(4 * dpi, dpi), (4 * dpi, 2 * dpi)], fill=0, width=2)  # a column rule at 4 inches
    side = int(10 / 72 * dpi)
    for x, ticked in ((dpi, False), (2 * dpi, True)):  # 10-point boxes at 1 and 2 inches, 2.5 inches down
        top = int(2.5 * dpi)
        draw.rectangle([x, top, x + side, top + side], outline=0, width=2)
        if ticked:
            draw.line([(x + 4, top + 4), (x + side - 4, top + side - 4)], fill=0, width=3)
            draw.line([(x + side - 4, top + 4), (x + 4, top + side - 4)], fill=0, width=3)
    return image


def test_rules_are_found_in_the_pixels_where_they_are_drawn_in_points() -> None:
    grey = numpy.asarray(_drawn_form())
    horizontal, vertical = scan.rules_from_pixels(grey < 128, 200)
    assert [round(s.at) for s in sorted(horizontal, key=lambda s: s.at)] == [72, 144]
    assert all(round(s.a) == 36 and round(s.b) == 576 for s in horizontal)
    assert [round(s.at) for s in vertical] == [288]


def test_check_boxes_are_found_and_read_as_ticked_from_their_pixels() -> None:
    grey = numpy.asarray(_drawn_form())
    boxes = sorted(scan.boxes_from_pixels(grey < 128, 200), key=lambda b: b.x0)
    assert [(round(b.x0), round(b.top), b.ticked) for b in boxes] == [(72, 180, False), (144, 180, True)]


def test_the_rules_are_taken_off_the_page_and_the_words_left() -> None:
    image = _drawn_form()
    draw = ImageDraw.Draw(image)
    draw.text((600, 230), "Common Stock", fill=0)
    grey = numpy.asarray(image)
    mask = scan.rule_pixels(grey < 128, 200)
    assert mask[200, 1000] and mask[300, 800]  # on the rules
    assert not mask[230:245, 600:680].any()  # the words


# ---- scans read --------------------------------------------------------------------------------------------------


@needs_ocr
def test_a_page_shaded_all_over_is_read() -> None:
    """The last page of the Tesla Form 4 of Elon Musk of December 2021 (`corpus/rendered/0000899243-21-044689_F4_
    TSLA_Musk-Elon.pdf`, page 3 at 300 dpi; `tests/data/scan/shaded-page-300dpi.png`): six lines of type on a grey
    ground that fills the page inside its white margin (its XML: footnote F19 "The Elon Musk Revocable Trust dated
    July 22, 2003, for which the reporting person is trustee." and the remarks, whose line runs off the page).
    The page's darkest split is its grey from its margin, not its ink from its paper, and so was the engine's:
    it read no word of it."""
    from PIL import Image

    page = scan.read_page(Image.open(Path(__file__).parents[1] / "data" / "scan" / "shaded-page-300dpi.png"), 300, 3,
                          "tesla.png").page
    lines = [ln.text for ln in page.lines]
    assert lines[0] == ("(19) The Elon Musk Revocable Trust dated July 22, 2003, for which the reporting person is "
                        "trustee.")
    assert lines[1] == "Remarks:"
    assert lines[2].startswith("This Form 4 is the second of two Form 4s being filed by the Reporting Person")
    assert lines[-1] == "* Form 4: SEC 1474 (03-26)"


def test_a_scan_without_an_ocr_engine_is_refused_with_the_way_to_install_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORM4VIEWER_TESSERACT", "/nonexistent/tesseract")
    ocr.available.cache_clear()
    try:
        buffer = io.BytesIO()
        Image.new("L", (850, 1100), 255).save(buffer, "PNG")
        with pytest.raises(ReadError) as caught:
            read_bytes(buffer.getvalue(), "scan.png")
        assert "scan.png" in str(caught.value) and "Tesseract" in str(caught.value)
    finally:
        monkeypatch.delenv("FORM4VIEWER_TESSERACT")
        ocr.available.cache_clear()


def test_tesseract_tsv_gives_words_with_pixel_boxes_and_confidences() -> None:
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t150\t1990\t270\t42\t96.5\tCommon\n"
           "5\t1\t1\t1\t1\t2\t440\t1990\t140\t42\t38.25\tSt0ck\n"
           "5\t1\t1\t1\t1\t3\t600\t1990\t10\t42\t95\t \n")
    assert ocr.parse_tsv(tsv) == [ocr.OcrWord("Common", 150, 1990, 420, 2032, 0.965, (1, 1, 1, 1)),
                                  ocr.OcrWord("St0ck", 440, 1990, 580, 2032, 0.3825, (1, 1, 1, 1))]


def _header_row(*texts: str) -> list[ocr.OcrWord]:
    """Words side by side on one line of a page at 300 dpi, 60 pixels apart."""
    return [ocr.OcrWord(t, 150 + 60 * k, 2450, 150 + 60 * k + 12 * len(t), 2480, 0.9) for k, t in enumerate(texts)]


def test_a_dash_read_off_a_vertical_rule_is_dropped_and_a_dash_in_a_cell_kept() -> None:
    from form4viewer.readers.pdf_layout import Segment

    # The rule between the Conversion Price and Transaction Date columns of Table II, x = 106.3 pt, from a
    # printed EDGAR page at 300 dpi: the engine read its stub where the row's rule crosses it as "—".
    rules = [Segment(106.3, 61.0, 94.6)]
    stub = scan.ScanWord("—", 106.6, 110.6, 72.0, 83.0, 13.2, 2, 0.66)
    none_in_cell = scan.ScanWord("—", 130.0, 134.0, 74.6, 80.9, 7.5, 2, 0.95)
    date = scan.ScanWord("05/28/2013", 106.8, 146.3, 74.6, 80.9, 7.5, 2, 0.96)
    assert scan._rule_stub(stub, rules)
    assert not scan._rule_stub(none_in_cell, rules)
    assert not scan._rule_stub(date, rules)


def test_a_column_number_read_with_a_bracket_for_its_full_stop_is_put_right_before_the_next_number() -> None:
    # Table II of a Form 3 as the printed EDGAR page sets it: column 5's caption ("Ownership Form") starts on the
    # line below, so "5." stands between "4." and "6."; the engine read it "5)".
    words = _header_row("1.", "Title", "3.", "Title", "4.", "5)", "6.", "Nature")
    assert [w.text for w in scan.mended_numbers(words)] == ["1.", "Title", "3.", "Title", "4.", "5.", "6.", "Nature"]
    # A number that closes an instruction is not a column's, nor one the line has already.
    words = _header_row("1.", "Title", "2.", "Date", "(Instr.", "3)", "3.", "Code")
    assert [w.text for w in scan.mended_numbers(words)][5] == "3)"
    words = _header_row("3.", "Title", "4.", "5)", "5.", "Form")
    assert [w.text for w in scan.mended_numbers(words)][3] == "5)"


def test_the_first_column_number_read_as_another_digit_or_with_a_colon_is_put_right_before_column_2() -> None:
    # Table I of two EDGAR Online Form 4s at 200 dpi: the "1." against the table's left rule read "7" and "1:".
    for first in ("7", "1:", "1)"):
        words = _header_row(first, "Title", "of", "Security", "2.", "Trans.", "Date", "3.", "Code")
        mended = scan.mended_numbers(words)
        assert [w.text for w in mended][:2] == ["1.", "Title"], first
        assert mended[0].confidence < 0.9
    # Not when the line's next number is not column 2, nor when a caption's word opens the line.
    words = _header_row("7", "Title", "4.", "Trans.", "5.", "Code")
    assert scan.mended_numbers(words)[0].text == "7"
    words = _header_row("(D)", "Price", "2.", "Date", "3.", "Code")
    assert scan.mended_numbers(words)[0].text == "(D)"


def test_an_amount_whose_decimal_point_was_read_as_a_comma_gets_its_point_back_unsure() -> None:
    # The price "$25.5495" of an EDGAR Online Form 4 at 200 dpi, read "$25,5495": four digits after a comma are
    # no thousands' group. A price with one or two after it is a price's cents.
    for read, meant in (("$25,5495", "$25.5495"), ("1,234,5678", "1,234.5678"), ("$4,50", "$4.50")):
        word = scan.mended(ocr.OcrWord(read, 100, 200, 180, 220, 0.95))
        assert (word.text, word.confidence) == (meant, scan.REREAD_BELOW)
    # Thousands' commas stay; so does a comma in a count, where one or two digits after it say nothing.
    for kept in ("$4,496", "1,837,524", "81,943", "4,50"):
        assert scan.mended(ocr.OcrWord(kept, 100, 200, 180, 220, 0.95)).text == kept


@needs_ocr
def test_an_amount_whose_raised_mark_the_engine_garbled_is_read_again_in_two() -> None:
    # The shares cell "66582(1)" of an EDGAR Online Form 4 at 200 dpi (enlarged to 300 as the reader does), read
    # "66582!)" with no confidence: the amount lost its footnote.
    grey = numpy.asarray(Image.open(DATA / "scan" / "amount-mark-200dpi.png").convert("L"))
    word = ocr.OcrWord("66582!)", 12, 12, 116, 42, 0.0)
    (again,) = scan.reread_amount_marks([word], grey, 300, "amount.png")
    assert again.text == "66582(1)"
    assert scan._scaled(again.confidence) < Confidence.DOUBTFUL  # made out on a second reading: looked at
    # A word read sure, or an amount with its mark read right, is left as it is; a closing bracket without its
    # opening one is garbled however sure the engine was, and is read again.
    for kept in (dataclasses.replace(word, text="66582!", confidence=0.95), dataclasses.replace(word, text="66582(1)")):
        assert scan.reread_amount_marks([kept], grey, 300, "amount.png") == [kept]
    (sure,) = scan.reread_amount_marks([dataclasses.replace(word, confidence=0.95)], grey, 300, "amount.png")
    assert sure.text == "66582(1)"


def test_an_amount_s_digits_end_at_their_foot_not_at_a_comma_s_tail() -> None:
    # An amount "9,563" and its raised mark, as ink: the digits 15 rows high, the comma's tail 7 rows below them,
    # the mark raised after them. The mark starts after the digits, not after the comma.
    ink = numpy.zeros((32, 60), dtype=bool)
    ink[8:23, 0:31] = True  # the digits
    ink[22:30, 12:15] = True  # the comma's tail
    ink[2:13, 40:51] = True  # the raised mark
    assert scan._raised_split(ink) == 31
    # A letter with a raised mark after it, as before: split after the letter.
    letter = numpy.zeros((32, 40), dtype=bool)
    letter[8:28, 0:12] = True
    letter[4:16, 20:30] = True
    assert scan._raised_split(letter) == 12


def test_a_bracket_read_with_a_rules_stub_beside_it_is_the_bracket() -> None:
    # The ticker's "[" of an EDGAR Online Form 4 at 200 dpi ("Rocket Lab USA, Inc. [ RKLB ]") read "[|": the
    # ticker was lost and the name read "Rocket Lab USA, Inc. [| RKLB".
    for read, meant in (("[|", "["), ("|]", "]"), ("]|", "]")):
        assert scan.mended(ocr.OcrWord(read, 100, 200, 120, 240, 0.58)).text == meant
    for kept in ("[", "|", "[RKLB]", "[|RKLB"):
        assert scan.mended(ocr.OcrWord(kept, 100, 200, 120, 240, 0.58)).text == kept


def test_a_tick_read_as_small_and_capital_x_is_the_x_however_sure() -> None:
    # The X under Director in the Reporting Owners table of the Square Form 4 of Roelof Botha of May 2018
    # (corpus/xml/0000899243-18-015035_F4_SQ_BOTHA-ROELOF.xml printed through EDGAR's stylesheet, 300 dpi) read "xX"
    # with confidence 0.81: he was read as no director (its XML: isDirector 1).
    for read in ("xX", "Xx", "XxX", "xXx"):
        assert scan.mended(ocr.OcrWord(read, 713, 179, 740, 205, 0.81)).text == "X"
    # Capitals alone may be a word ("Fund XX"); so may a small x alone ("2 x 3"): kept when read sure.
    for kept in ("XX", "XXX", "x", "xx"):
        assert scan.mended(ocr.OcrWord(kept, 713, 179, 740, 205, 0.81)).text == kept
    assert scan.mended(ocr.OcrWord("XX", 713, 179, 740, 205, 0.5)).text == "X"


def test_an_opening_quote_read_twice_before_its_word_is_one_quote() -> None:
    # Footnote 1 of the Joby Aviation Form 4 of 2023 scanned at 300 dpi (corpus/rendered/0001819848-23-000289_...):
    # 'Represents Restricted Stock Units ("RSUs")' read with '(""RSUs").', as footnote 8 of the Oscar Health Form 3
    # of 2021 read '(""FF-VIE").' (their XMLs: one quote).
    for read, meant in (('(""RSUs").', '("RSUs").'), ('""FF-VIE").', '"FF-VIE").'), ('“"Plan”', '"Plan”')):
        assert scan.mended(ocr.OcrWord(read, 100, 200, 180, 220, 0.95)).text == meant
    for kept in ('("RSUs")', '"A"', 'x""y', '""', '"'):
        assert scan.mended(ocr.OcrWord(kept, 100, 200, 180, 220, 0.95)).text == kept


def test_a_capital_the_engine_split_off_an_abbreviation_is_joined_and_a_word_space_kept() -> None:
    # A footnote line of the Khosla Form 4s at 200 dpi (enlarged to 300): "of which KVA Seed B is the general
    # partner", the K read apart from "VA" 2 pixels off where the line's words stand 11 to 12 apart.
    texts = ["of", "which", "K", "VA", "Seed", "B", "is", "the", "general"]
    xs = [100, 131, 206, 210, 262, 320, 341, 360, 400]
    words = [ocr.OcrWord(t, x, 500, x + (4 if t == "K" else 14 * len(t) - 12), 525, 0.93, (3, 1, 2))
             for t, x in zip(texts, xs, strict=True)]
    joined = scan.joined_capitals(words)
    assert [w.text for w in joined] == ["of", "which", "KVA", "Seed", "B", "is", "the", "general"]
    assert (joined[2].x0, joined[2].x1) == (206, 226)
    # A word space of the line's usual width keeps the letter apart ("Class A SHARES").
    spaced = [dataclasses.replace(w, x0=w.x0 + 10, x1=w.x1 + 10) if w.text not in ("of", "which", "K") else w
              for w in words]
    assert [w.text for w in scan.joined_capitals(spaced)][2:4] == ["K", "VA"]
    # Box 2's ticker of a Huntington Bancshares Form 4 of 2023 (accession 0001225208-23-005089) at 200 dpi, tilted and
    # noisy, read enlarged to 300: "[HB" and "AN]" a pixel apart on a line of three words (no usual space to go
    # by). Capitals that close are one word, whatever the line; a word space of 10 pixels at that size keeps two
    # tickers apart ("[GOOG GOOGL]").
    line = (1, 12, 1, 1)
    ticker = [ocr.OcrWord("[HB", 1335, 1114, 1397, 1148, 0.9, line), ocr.OcrWord("AN]", 1398, 1114, 1466, 1148, 0.9, line)]
    assert [w.text for w in scan.joined_capitals(ticker)] == ["[HBAN]"]
    two = [ocr.OcrWord("[GOOG", 1300, 1114, 1400, 1148, 0.9, line),
           ocr.OcrWord("GOOGL]", 1410, 1114, 1530, 1148, 0.9, line)]
    assert [w.text for w in scan.joined_capitals(two)] == ["[GOOG", "GOOGL]"]
    # Box 1's street of the printed Apple page at 300 dpi: "ONE APPLE PARK WAY", boxes 18 pixels apart, taller than
    # the letters, over rows a rule crosses, so no paper stands between the words' ink there: a word space apart,
    # they stay words.
    grain = numpy.add.outer(numpy.arange(1260) % 7, numpy.arange(600) % 5).astype(numpy.uint8)  # a scan's levels
    grey = 225 + grain
    for x0, x1 in ((149, 218), (236, 341), (360, 452), (475, 547)):
        grey[1215:1240, x0:x1] = 20 + grain[1215:1240, x0:x1]
    grey[1244:1246, :] = 20 + grain[1244:1246, :]
    street = [ocr.OcrWord(t, x0, 1209, x1, 1247, 0.95, line)
              for t, x0, x1 in (("ONE", 149, 218), ("APPLE", 236, 341), ("PARK", 360, 452), ("WAY", 475, 547))]
    assert [w.text for w in scan.joined_capitals(street, grey)] == ["ONE", "APPLE", "PARK", "WAY"]


def test_a_speck_read_unsure_as_a_letter_is_dropped_and_small_type_kept() -> None:
    # Before each "Earnout Rights" row of an EDGAR Online Form 3's Table II at 200 dpi (enlarged to 300): a speck
    # 7 pixels across read "p" (0.19) and "P" (0.13), which became the titles' first word.
    assert scan._speck(ocr.OcrWord("p", 291, 2163, 298, 2170, 0.19), 300)
    # A letter of the smallest type (three points, 12 pixels high), a sure one, or a full stop are kept.
    assert not scan._speck(ocr.OcrWord("D", 291, 2163, 299, 2175, 0.3), 300)
    assert not scan._speck(ocr.OcrWord("p", 291, 2163, 298, 2170, 0.9), 300)
    assert not scan._speck(ocr.OcrWord(".", 291, 2163, 298, 2170, 0.19), 300)


def test_a_title_word_the_engine_split_in_letters_is_joined() -> None:
    # "FORM 4" in an EDGAR Online printout's large spaced capitals, read "FO", "RM", "4" at 200 dpi: the largest
    # "FORM n" left on the page was the caption's "Form 4 or Form 5 obligations", and the Form 4 read as a 5.
    words = [ocr.OcrWord("FO", 60, 80, 101, 118, 0.93, (1, 1, 1)), ocr.OcrWord("RM", 106, 80, 150, 118, 0.6, (1, 1, 1)),
             ocr.OcrWord("4", 160, 80, 178, 118, 0.96, (1, 1, 1))]
    joined = scan.mended_titles(words)
    assert [(w.text, w.x0, w.x1, w.confidence) for w in joined] == [("FORM", 60, 150, 0.6), ("4", 160, 178, 0.96)]
    # Pieces far apart, or on two lines, stay apart.
    apart = [dataclasses.replace(words[0]), dataclasses.replace(words[1], x0=200, x1=244)]
    assert [w.text for w in scan.mended_titles(apart)] == ["FO", "RM"]
    lines = [words[0], dataclasses.replace(words[1], line=(1, 1, 2))]
    assert [w.text for w in scan.mended_titles(lines)] == ["FO", "RM"]


def test_the_numeral_of_a_table_s_title_is_the_one_its_name_says() -> None:
    # Table II of the eBay Form 4 of Cornelius Boone of 2023 (accession 0001845827-23-000002) at 200 dpi, tilted and
    # noisy: "Table II - Derivative Securities Acquired, ..." read "Table I - Derivative", and its five rows lost.
    def title(*texts: str) -> list[ocr.OcrWord]:
        return [ocr.OcrWord(t, 100 + 60 * k, 50, 150 + 60 * k, 70, 0.93, (2, 1, 1)) for k, t in enumerate(texts)]

    def numeral(words: list[ocr.OcrWord]) -> str:
        return scan.mended_titles(words)[1].text

    assert numeral(title("Table", "I", "-", "Derivative", "Securities")) == "II"
    assert numeral(title("Table", "II", "-", "Non-Derivative", "Securities")) == "I"
    assert numeral(title("Table", "1l", "-", "Derivative", "Securities")) == "II"
    assert numeral(title("Table", "l", "-", "Non-Derivative", "Securities")) == "I"
    # Read as letters, the numeral is the one the name says (an AMG and an ADIL Form 4 of 2023 at 200 dpi, tilted
    # and noisy, accessions 0001127602-23-009330 and 0001213900-23-043129: "Table TE - Derivative", "Table If -
    # Derivative", each losing its one row).
    assert numeral(title("Table", "TE", "-", "Derivative", "Securities")) == "II"
    assert numeral(title("Table", "If", "-", "Derivative", "Securities")) == "II"
    assert numeral(title("Table", "L", "-", "Non-Derivative", "Securities")) == "I"
    # With no name after it, the strokes tell; letters with no name stay as read.
    assert numeral(title("Table", "Il")) == "II" and numeral(title("Table", "I")) == "I"
    assert numeral(title("Table", "TE")) == "TE" and numeral(title("Table", "of", "Contents")) == "of"


def test_a_class_s_letter_read_into_a_word_beside_it_is_a_word_of_its_own() -> None:
    # "ClassA Common Stock" in Table II of an Antara Capital Form 4 of 2023 and "Class ACommon Stock" in a footnote
    # of a Yelp Form 4 of 2012 (both printed through EDGAR's stylesheet, read at 300 dpi): the space after "Class"
    # is narrow in the form's type.
    line = (1, 1, 1)
    words = [ocr.OcrWord("ClassA", 100, 10, 160, 30, 0.9, line), ocr.OcrWord("Common", 166, 10, 240, 30, 0.96, line)]
    split = scan.split_class_letters(words)
    assert [(w.text, w.x0, w.x1) for w in split] == [("Class", 100, 150), ("A", 150, 160), ("Common", 166, 240)]
    words = [ocr.OcrWord("Class", 100, 10, 150, 30, 0.9, line), ocr.OcrWord("ACommon", 156, 10, 240, 30, 0.9, line)]
    assert [w.text for w in scan.split_class_letters(words)] == ["Class", "A", "Common"]
    # A word of capitals after "Class" on another line, or after another word, stays whole.
    words = [ocr.OcrWord("Class", 100, 10, 150, 30, 0.9, line), ocr.OcrWord("ACommon", 156, 40, 240, 60, 0.9, (1, 1, 2))]
    assert [w.text for w in scan.split_class_letters(words)] == ["Class", "ACommon"]
    assert [w.text for w in scan.split_class_letters([ocr.OcrWord("NYSE", 0, 0, 40, 20, 0.9)])] == ["NYSE"]


def test_words_of_the_form_s_vocabulary_read_into_no_word_are_put_right() -> None:
    # "(tight to buy)" and "(ight to buy)" for a derivative's "(right to buy)"; "LLG" for an LLC in a signature;
    # "Attomey-in-fact" for the signature of an attorney-in-fact; "ple" for an issuer's "plc".
    for read, meant in (("(tight", "(right"), ("(ight", "(right"), ("LLG,", "LLC,"), ("LLG", "LLC"),
                        ("Attomey-in-fact", "Attorney-in-fact"), ("Attomey", "Attorney"),
                        ("Attormey-in-fact", "Attorney-in-fact"), ("Attommey-In-Fact", "Attorney-In-Fact"),
                        ("ple", "plc"), ("attormey-in-fact", "attorney-in-fact"),
                        # EDGAR Online's Rocket Lab Forms at 200 dpi: "March Ist, May 22nd"
                        ("Ist,", "1st,"), ("Ist", "1st")):
        assert scan.mended(ocr.OcrWord(read, 0, 0, 40, 20, 0.9)).text == meant
    for word in ("tight", "(light", "LLGS", "(right", "Attorneys", "Attomeys", "pleas", "Ple", "Istanbul", "ist"):
        assert scan.mended(ocr.OcrWord(word, 0, 0, 40, 20, 0.9)).text == word
    # A footnote mark read with a letter for its digit ("See Footnotes (S)" for the mark 5), left unsure; the
    # captions' "(I)" and "(A)" stay.
    five = scan.mended(ocr.OcrWord("(S)", 0, 0, 40, 20, 0.95))
    assert (five.text, five.confidence < scan.REREAD_BELOW + 1e-9) == ("(5)", True)
    captions = ("(I)", "(A)", "(D)")
    assert [scan.mended(ocr.OcrWord(w, 0, 0, 40, 20, 0.95)).text for w in captions] == list(captions)
    # Marks side by side with a speck read as a sign inside a bracket (a Yelp Form 4's "(3)(4)" read "(3)(@4)").
    marks = scan.mended(ocr.OcrWord("(3)(@4)", 0, 0, 40, 20, 0.9))
    assert (marks.text, marks.confidence <= scan.REREAD_BELOW) == ("(3)(4)", True)
    assert scan.mended(ocr.OcrWord("(3)(4)", 0, 0, 40, 20, 0.9)).confidence == 0.9
    # Column 1's number read as a letter, its point read or lost (a Monterey Innovation Form 4's "LTitle of
    # Security": with the column's number gone, Table I's header was not found and its two rows were lost).
    assert [scan.mended(ocr.OcrWord(w, 0, 0, 40, 20, 0.9)).text for w in
            ("L.Title", "LTitle", "LTitleof", "lName", "Title", "LaSalle", "LLC", "ITitles")] == \
        ["1.Title", "1.Title", "1.Titleof", "1.Name", "Title", "LaSalle", "LLC", "ITitles"]
    # A mark whose closing bracket went unread (a Unity Form 4's "LLC (4" before "(5)"); a caption's "4)" stays.
    assert [scan.mended(ocr.OcrWord(w, 0, 0, 40, 20, 0.9)).text for w in ("(4", "4)", "(Instr.")] == \
        ["(4)", "4)", "(Instr."]


@needs_ocr
def test_a_page_upside_down_is_turned_upright() -> None:
    (image, *_) = page_images(EDGAR_PRINT, 150, Spoil(upside_down=True))
    page = scan.read_page(image, 150, 1, "upside-down.png")
    assert page.turned == 180
    assert any(line.text.startswith("Common Stock") for line in page.page.lines)


@needs_ocr
def test_a_printed_edgar_page_scanned_at_300_dpi_gives_every_row_and_98_in_100_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pages = page_images(EDGAR_PRINT, 300)
    filing = read_bytes(as_pdf(pages, 300), "edgar-print-scan-300.pdf")
    score = score_against_xml(filing, EDGAR_PRINT_XML)
    with capsys.disabled():
        print("\n" + report("printed EDGAR page, image-only PDF at 300 dpi", score))
    assert filing.document.kind == "pdf" and scan.SCAN_NOTE in filing.document.notes
    assert score.rows_missing == []
    assert len(filing.non_derivative_transactions) == 7
    # The goal is 98%. Reached: 79/80 (98.75%), first 76/80 before the underlines under footnote marks were
    # taken off and misread marks read again; the miss is the first row's mark, which the engine drops, marked for
    # a person to look at.
    assert score.share >= 0.98


@needs_ocr
def test_an_edgar_online_printout_scanned_at_200_dpi_tilted_and_noisy_gives_its_owner_rows_notes_and_signature(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spoil = Spoil(skew=2.0, noise=10.0, seed=16)
    pages = page_images(RKLB_FORM3, 200, spoil)
    filing = read_bytes(as_tiff(pages, 200), "0000899243-21-035266-scan-200.tif")
    score = score_against_truth(filing, RKLB_FORM3_TRUTH, RKLB_FORM3.name)
    with capsys.disabled():
        print("\n" + report("EDGAR Online Form 3, TIFF at 200 dpi, tilted 2 degrees, noise", score))
    assert filing.document.kind == "image"
    assert score.rows_missing == []
    assert [owner.name.value for owner in filing.reporting_owners] == ["GRIFFIN MICHAEL D"]
    assert [note.id for note in filing.footnotes] == ["F1", "F2"]
    # The goal is 95%. Reached: 54/56 (96.4%), first 52/56 before pages under 300 dpi were enlarged to it
    # and misread marks read again; the misses (the ticker read "RKLB}", a long footnote's text) are marked for a
    # person to look at.
    assert score.share >= 0.96


@needs_ocr
def test_every_value_read_from_a_scan_keeps_its_box_on_the_page_and_a_confidence() -> None:
    pages = page_images(EDGAR_PRINT, 200)
    filing = read_bytes(as_tiff(pages[:1], 200), "edgar-print-scan-200.tif")
    read_values = [(path, value) for path, value in filing.values() if not value.empty]
    assert len(read_values) > 40
    boxed = [(path, value) for path, value in read_values if isinstance(value.source, PdfBox)]
    assert len(boxed) >= 0.9 * len(read_values)
    for path, value in boxed:
        box = value.source
        assert isinstance(box, PdfBox)
        assert 0 <= box.x0 < box.x1 <= 612 + 1 and 0 <= box.top < box.bottom <= 792 + 1, (path, box)
        assert 0 < value.confidence <= Confidence.SURE, (path, value.confidence)
    shares = filing.non_derivative_transactions[0].shares
    assert shares.value is not None and str(shares.value) == "9136"
    assert isinstance(shares.source, PdfBox) and 320 < shares.source.x0 < 350  # the Amount column



def test_info_says_whether_scans_can_be_read_and_by_what(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from form4viewer.cli import main

    assert main(["info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["scans"] == ocr.scan_support()
    monkeypatch.setenv("FORM4VIEWER_TESSERACT", "/nonexistent/tesseract")
    ocr.available.cache_clear()
    try:
        assert main(["info"]) == 0
        assert "scans:       shown only (no OCR engine" in capsys.readouterr().out
    finally:
        monkeypatch.delenv("FORM4VIEWER_TESSERACT")
        ocr.available.cache_clear()


@needs_ocr
def test_a_scan_of_something_else_still_opens_for_viewing_and_an_image_of_nothing_is_refused() -> None:
    from form4viewer.errors import NotAFilingError
    from form4viewer.readers.pdf import SCAN_NOTE as VIEW_ONLY

    blank = Image.new("L", (850, 1100), 255)
    ImageDraw.Draw(blank).rectangle([100, 100, 700, 300], outline=0, width=3)
    filing = read_bytes(as_pdf([blank], 100), "blank-scan.pdf")
    assert filing.document.notes[0] == VIEW_ONLY and "OCR found no form" in filing.document.notes[-1]
    assert all(value.empty for _, value in filing.values())
    buffer = io.BytesIO()
    blank.save(buffer, "PNG")
    with pytest.raises(NotAFilingError) as caught:
        read_bytes(buffer.getvalue(), "blank.png")
    assert str(caught.value).startswith("blank.png: ")


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _read_a_big_page() -> None:
    image = Image.new("L", (5000, 6500), 255)
    draw = ImageDraw.Draw(image)
    for y in range(100, 6400, 40):
        draw.text((100, y), "Common Stock 05/04/2022 S 9,136 D $159.94 468,198 D " * 3, fill=0)
    ocr.read_words(image, 600, "big.png")


@needs_ocr
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_the_ocr_engine_ends_when_the_reading_process_is_killed() -> None:
    import multiprocessing
    import os
    import signal
    import time

    reader = multiprocessing.get_context("fork").Process(target=_read_a_big_page)
    reader.start()
    assert reader.pid is not None
    engines: list[int] = []
    for _ in range(200):  # the engine starts once the page is drawn and encoded
        engines = _children(reader.pid)
        if engines:
            break
        time.sleep(0.05)
    assert engines, "the engine never started"
    time.sleep(2.0)  # the page handed over: the engine is reading it (half a minute's work), not waiting for it
    os.kill(reader.pid, signal.SIGKILL)
    reader.join()
    for _ in range(100):
        if not any(Path(f"/proc/{pid}").exists() and "Z" not in (Path(f"/proc/{pid}/stat").read_text().split()[2:3] or [""])
                   for pid in engines):
            break
        time.sleep(0.05)
    left = [pid for pid in engines if Path(f"/proc/{pid}").exists()
            and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert left == []


def test_ink_in_groups_a_word_space_apart_gives_a_box_for_each() -> None:
    ink = numpy.zeros((60, 200), dtype=bool)
    ink[10:40, 20:24] = True  # a stroke
    ink[10:40, 28:32] = True  # and another 4 pixels on: one letter's
    ink[12:38, 120:150] = True  # a letter far off
    assert sorted(scan._inked_groups(ink, 6)) == [(10, 40, 20, 32), (12, 38, 120, 150)]
    assert scan._inked_groups(numpy.zeros((10, 10), dtype=bool), 6) == []


@needs_ocr
def test_letters_the_engine_left_unread_in_table_cells_are_read_on_their_own() -> None:
    # Table I's first four rows on the printed Apple page at 300 dpi (6.4 to 8.2 inches down), its rules taken off
    # as for reading. Read as a whole, the engine gives the titles, dates, amounts and prices, and leaves out each
    # letter alone in its cell: the code S (column 3, at 4 inches), the D of (A) or (D) (4.9 inches) and the D of
    # the Ownership Form (7 inches). Each is read on its own, where it stands on its row.
    (page, *_) = page_images(EDGAR_PRINT, 300)
    grey = numpy.asarray(page)[1920:2460].copy()
    grey[scan.rule_pixels(grey < 128, 300)] = 255
    words = ocr.read_words(Image.fromarray(grey), 300, "apple.png")
    rows = sorted({round(w.top, -1) for w in words if re.fullmatch(r"\d\d/\d\d/\d{4}", w.text)})
    assert len(rows) == 4
    found = scan.read_unread_ink(words, grey, 300, "apple.png")[len(words):]
    for inches, letter in ((4.0, "S"), (4.9, "D"), (7.05, "D")):
        column = sorted((w for w in found if abs(w.x0 / 300 - inches) < 0.1), key=lambda w: w.top)
        assert [w.text for w in column] == [letter] * 4, inches
        assert [round(w.top, -1) for w in column] == rows
        assert all(w.confidence < 0.9 for w in column)  # made out only on a second reading


def test_a_letter_made_of_a_descender_and_the_line_under_it_is_dropped() -> None:
    # Table II's title "Stock Options (right to buy)" of Susan Windham-Bannister's Humacyte Form 4 of 2023 at 300 dpi,
    # as the engine read it (boxes in pixels): a sure "P" across the "p" of "Options" and the top of "(right".
    words = [ocr.OcrWord("Stock", 19, 19, 99, 45, 0.96), ocr.OcrWord("Options", 18, 61, 130, 86, 0.97),
             ocr.OcrWord("P", 44, 68, 60, 106, 0.9), ocr.OcrWord("(right", 19, 101, 97, 134, 0.97),
             ocr.OcrWord("to", 107, 106, 133, 127, 0.97), ocr.OcrWord("buy)", 17, 141, 82, 174, 0.96)]
    assert [w.text for w in words if scan._straddling(w, words)] == ["P"]
    # A letter on a line of its own between two lines, or beside a word, stays: "A" under "Class", a code's "M".
    under = [ocr.OcrWord("Class", 19, 19, 99, 45, 0.96), ocr.OcrWord("A", 40, 55, 56, 80, 0.95),
             ocr.OcrWord("Common", 19, 90, 130, 115, 0.96)]
    beside = [ocr.OcrWord("Stock", 19, 19, 99, 45, 0.96), ocr.OcrWord("M", 120, 19, 140, 45, 0.95)]
    assert not any(scan._straddling(w, under) for w in under)
    assert not any(scan._straddling(w, beside) for w in beside)


def test_words_the_engine_set_on_one_line_down_a_column_keep_their_rows() -> None:
    # Column 6 of Table I of Scott Belsky's Adobe Form 4 of April 2023 at 300 dpi (boxes in pixels, one engine line
    # for the column's cells): each "D" read again on its own keeps its row; levelled on the line's middle, three
    # stood on one row and the other rows had none.
    line = (5, 1, 1, 1)
    rows = [(1868, 1893), (1947, 1984), (2026, 2056), (2104, 2129), (2183, 2206), (2262, 2287)]
    words = [ocr.OcrWord("D", 2124, top, 2150, bottom, 0.93, line) for top, bottom in rows]
    assert [(w.top, w.bottom) for w in scan.levelled(words)] == rows
    # Words of one line standing a little higher or lower are levelled, as before.
    words = [ocr.OcrWord("Common", 100, 300, 200, 325, 0.96, line),
             ocr.OcrWord("Stock", 210, 304, 280, 329, 0.96, line), ocr.OcrWord("D", 300, 301, 320, 326, 0.93, line)]
    assert {(w.top, w.bottom) for w in scan.levelled(words)} == {(301, 326)}


def test_a_line_the_engine_ran_into_the_line_under_it_leaves_that_line_its_words() -> None:
    # Page 1 of Elon Musk's Tesla Form 4 of July 2010 (`corpus/rendered/0001181431-10-035864_F4_TSLA_Musk-Elon.pdf`)
    # scanned at 150 dpi, read enlarged to 300 (boxes in pixels): the engine found one line from the owner's
    # "UNITED STATES" to Table I's title at the right, the country a line lower, its "STATES" reaching a pixel
    # above the title's foot. Levelled on the title, "STATES" opened the title's line ("STATES Table I - ..."), the
    # table was not found and its five rows were lost.
    line = (1, 11, 1, 15)
    words = [ocr.OcrWord("UNITED", 144, 1373, 269, 1397, 0.96, line),
             ocr.OcrWord("STATES", 280, 1372, 400, 1398, 0.96, line),
             ocr.OcrWord("Table", 1382, 1351, 1447, 1372, 0.97, line), ocr.OcrWord("I", 1455, 1353, 1464, 1372, 0.93, line),
             ocr.OcrWord("-", 1473, 1363, 1481, 1366, 0.93, line),
             ocr.OcrWord("Non-Derivative", 1491, 1352, 1675, 1372, 0.93, line),
             ocr.OcrWord("Securities", 1683, 1352, 1799, 1373, 0.97, line),
             ocr.OcrWord("Acquired,", 1804, 1352, 1923, 1378, 0.97, line),
             ocr.OcrWord("Disposed", 1933, 1352, 2038, 1379, 0.96, line),
             ocr.OcrWord("of,", 2045, 1352, 2075, 1376, 0.96, line), ocr.OcrWord("or", 2085, 1358, 2111, 1373, 0.97, line),
             ocr.OcrWord("Beneficially", 2119, 1352, 2258, 1378, 0.97, line),
             ocr.OcrWord("Owned", 2267, 1352, 2352, 1373, 0.97, line)]
    levelled = scan.levelled(words)
    assert [(w.top, w.bottom) for w in levelled[:2]] == [(1373, 1397), (1372, 1398)]
    assert {(w.top, w.bottom) for w in levelled[2:] if w.text != "-"} == {(1352, 1373)}
    scale = 72 / 300
    layout = [scan.ScanWord(w.text, w.x0 * scale, w.x1 * scale, w.top * scale, w.bottom * scale,
                            (w.bottom - w.top) * scale * 1.2, 1, w.confidence) for w in levelled]
    assert [line.text for line in make_lines(layout, 1)] == [
        "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned", "UNITED STATES"]


def test_the_items_of_a_list_in_roman_numerals_read_as_digits_are_roman_again() -> None:
    # Footnote (1) of EDGAR Online's Rocket Lab Form 3 of Aug 2021 (`corpus/edgar-online/0000899243-21-035266_...`)
    # at 200 dpi: "... to occur of (i) a sale event ... or (ii) the issuer's ..." read "(1)" and "(11)" (the truth
    # beside the printout), after the note's own mark "(1)".
    def words(*texts: str, block: int = 4) -> list[ocr.OcrWord]:
        return [ocr.OcrWord(t, 40 * k, 100, 40 * k + 30, 120, 0.93, (block, 1, 1 + k // 8))
                for k, t in enumerate(texts)]

    note = words("(1)", "Each", "unit", "vests", "upon", "(1)", "a", "sale", "or", "(11)", "the", "issuer's",
                 "offering;", "(111)", "or", "a", "merger.")
    texts = [w.text for w in scan.roman_enumerations(note)]
    assert texts[0] == "(1)" and [texts[5], texts[9], texts[13]] == ["(i)", "(ii)", "(iii)"]
    assert [w.text for w in scan.roman_enumerations(words("(i)", "a", "sale", "or", "(i1)", "the"))] == \
        ["(i)", "a", "sale", "or", "(ii)", "the"]
    # A list in Arabic numerals, and footnote marks 1 and 11 in another block, stay as read.
    arabic = words("(1)", "a", "(2)", "b", "(10)", "c", "(11)", "d")
    assert scan.roman_enumerations(arabic) == arabic
    apart = words("(1)", "see") + words("note", "(11)", block=5)
    assert scan.roman_enumerations(apart) == apart
    # A note whose mark "(1)" stands beside its second line, between the text's "(i)" ending the first and its
    # "(ii)", read right (a Sarcos Form 4 of 2023 printed by EDGAR, accession 0001209191-23-038075, at 200 dpi):
    # the mark stays "(1)", else the note is lost.
    marked = words("the", "earlier", "of", "(i)", "(1)", "the", "first", "anniversary", "or", "(ii)", "the", "day")
    assert scan.roman_enumerations(marked) == marked


def test_an_owner_s_state_read_with_a_letter_for_a_digit_is_edgar_s_code_made_out_not_read() -> None:
    # A TDR Capital Form 4 of 2023 (accession 0001104659-23-063138) at 300 dpi: seven owners in London, EDGAR's code
    # X0 read "XO" in each. A US state (Alabama read "Al" too), a code read right and two letters that make no code
    # stay as read.
    from form4viewer.model import ReportingOwner, Value

    states = ["XO", "X0", "NY", "AI", "ZZ", "OH", "Al"]
    owners = tuple(ReportingOwner(state=Value(state, raw=state, confidence=Confidence.SURE)) for state in states)
    mended = scan.mended_state_codes(Filing(reporting_owners=owners))
    assert [o.state.value for o in mended.reporting_owners] == ["X0", "X0", "NY", "A1", "ZZ", "OH", "Al"]
    assert [o.state.confidence for o in mended.reporting_owners] == [
        Confidence.INFERRED, Confidence.SURE, Confidence.SURE, Confidence.INFERRED, Confidence.SURE, Confidence.SURE,
        Confidence.SURE]
