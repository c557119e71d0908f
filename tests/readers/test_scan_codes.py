"""Transaction codes read again from their cells' pixels where the first reading gave no code
(`form4viewer.readers.scan.reread_code_cells`).

A code's cell holds one of the form's code letters, perhaps with its footnote mark raised after it ("J(1)"); an OCR
engine reading the whole page misreads a lone "S" as "5" and a code with its mark as "JC)" or "1JO". The reader
finds those cells once the table is read, cuts each out of the page and reads the letter (and the mark) again
with only the characters they may hold. The BigBear.ai Form 4 of 2023 (`tests/data/pdf/`, two sales, code S,
as EDGAR's stylesheet prints it; the codes from its XML, `corpus/xml/0000899243-23-008986_...xml`) is scanned at
300 dpi, where the engine reads each "S" as "5".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")

from test_scan import as_pdf, page_images  # noqa: E402

from form4viewer.model import Confidence, Filing  # noqa: E402
from form4viewer.readers import ocr, read_bytes, scan  # noqa: E402
from form4viewer.readers.pdf_layout import Layout  # noqa: E402

DATA = Path(__file__).parents[1] / "data"
BBAI = DATA / "pdf" / "bbai-form4-2023-rendered.pdf"

needs_ocr = pytest.mark.skipif(ocr.engine() != "tesseract", reason="Tesseract is not the OCR engine here")


@pytest.fixture(scope="module")
def bbai_page() -> bytes:
    """The form's page of the BigBear.ai Form 4 (its first), scanned at 300 dpi as an image-only PDF."""
    return as_pdf(page_images(BBAI, 300)[:1], 300)


def _read_noting_first(data: bytes, name: str, field: str) -> tuple[Filing, list[str | None]]:
    """The filing read from `data`, and what the page's reading gave for `field` of each Table I transaction before
    the cells were read again."""
    first: list[str | None] = []
    real = scan.reread_code_cells

    def spy(filing, layout, pages, name):  # noqa: ANN001, ANN202 - the reader's own arguments
        first.extend(getattr(row, field).raw for row in filing.non_derivative_transactions)
        return real(filing, layout, pages, name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scan, "reread_code_cells", spy)
        return read_bytes(data, name), first


@needs_ocr
def test_a_code_the_page_reading_took_for_a_digit_is_read_again_as_the_letter(bbai_page: bytes) -> None:
    filing, first = _read_noting_first(bbai_page, "bbai-scan-300.pdf", "transaction_code")
    assert first == ["5", "5"]  # what the page's reading gave, before the cells were read again
    rows = filing.non_derivative_transactions
    assert [row.transaction_code.value for row in rows] == ["S", "S"]
    assert [row.transaction_date.value for row in rows] == [date(2023, 3, 15), date(2023, 3, 16)]
    assert all(row.transaction_code.confidence < Confidence.DOUBTFUL for row in rows)  # for a person to look at
    assert all(row.shares.value is not None and row.shares.value > Decimal(0) for row in rows)


def test_codes_read_as_codes_are_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The printed Apple page's Form 4 read from its text layer: every code is one letter, perhaps with its mark.
    path = DATA / "pdf" / "edgar-print-aapl-adams-2022.pdf"
    filing = read_bytes(path.read_bytes(), path.name)
    assert filing.non_derivative_transactions

    def no_reading(*_: object, **__: object) -> None:
        raise AssertionError("a cell was read again")

    monkeypatch.setattr(scan, "_crops_read", no_reading)
    assert scan.reread_code_cells(filing, Layout([]), [], "aapl.pdf") is None


@needs_ocr
@pytest.mark.corpus
def test_an_ownership_form_that_did_not_read_as_d_or_i_is_read_again_from_its_cell(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The Lam Research Form 4/A of 2025 (`corpus/rendered/0000707549-25-000004_F4AA_LRCX_Ahmed-Sohail-U_fromtxt.pdf`,
    # page 1) at 300 dpi: Table I's one row, column 6, "D(1)", which the page's reading gave as "p®" (its XML:
    # directOrIndirectOwnership D with footnote F1). Read again with only D and I and a mark's characters. (The
    # page's own second readings, of codes and letters with a raised mark and of unsure words, may make it out
    # first; they are left out here, so that the cell is read again as the page's reading left it.)
    monkeypatch.setattr(scan, "reread_code_marks", lambda words, *_args: words)
    monkeypatch.setattr(scan, "reread_raised_marks", lambda words, *_args: words)
    monkeypatch.setattr(scan, "reread_unsure", lambda words, *_args: words)
    page = corpus / "rendered" / "0000707549-25-000004_F4AA_LRCX_Ahmed-Sohail-U_fromtxt.pdf"
    filing, first = _read_noting_first(as_pdf(page_images(page, 300)[:1], 300), "lrcx-scan-300.pdf",
                                       "direct_or_indirect")
    assert first and first[0] not in ("D", "D(1)")  # what the page's reading gave
    row = filing.non_derivative_transactions[0]
    assert (row.direct_or_indirect.value, row.direct_or_indirect.footnotes) == ("D", ("F1",))
    assert row.direct_or_indirect.confidence < Confidence.DOUBTFUL  # for a person to look at
    # The amounts beside it are not taken for a letter's cell: the code, the shares and what they were.
    assert (row.transaction_code.value, row.shares.value, row.acquired_disposed.value) == ("G", Decimal(3690), "D")


@needs_ocr
def test_a_code_letter_the_engine_finds_no_line_in_among_others_is_read_on_its_own() -> None:
    """The MongoDB Form 4 of Roelof Botha of March 2024 (`corpus/xml/0001441816-24-000053_...`) printed by EDGAR's
    stylesheet and scanned at 300 dpi: Table I row 1's code "S" (its XML), which the page's reading read "§". Its
    cell cut out as the reader cuts it (`tests/data/scan/code-letter-alone-300dpi.png`) and enlarged three times
    reads as nothing at all in a picture of crops read as a block; read on its own as one line it is the "S"."""
    from PIL import Image

    cut = Image.open(DATA / "scan" / "code-letter-alone-300dpi.png").convert("L")
    enlarged = cut.resize((cut.size[0] * 3, cut.size[1] * 3), Image.Resampling.LANCZOS)
    (read,) = scan._one_letter_each([enlarged], 900, "code-letter-alone-300dpi.png", scan.CODE_CHARS)
    assert "".join(w.text for w in read) == "S"


@needs_ocr
def test_a_lone_i_the_engine_makes_nothing_of_is_taken_from_its_single_stroke() -> None:
    """The Blackstone Holdings III Form 4 of April 2023 on FOA (`corpus/xml/0000899243-23-010456_...`) printed by
    EDGAR's stylesheet and scanned at 300 dpi: Table I row 1's Ownership Form "I" (its XML), which the page's reading
    read "J". Its cell cut out as the reader cuts it (`tests/data/scan/ownership-form-i-alone-300dpi.png`) reads as
    nothing with only D and I, among others and alone; it is one upright stroke, which in a cell of a D or an I is
    the I."""
    from PIL import Image

    cut = numpy.asarray(Image.open(DATA / "scan" / "ownership-form-i-alone-300dpi.png").convert("L"))
    enlarged = Image.fromarray(cut).resize((cut.shape[1] * 3, cut.shape[0] * 3), Image.Resampling.LANCZOS)
    (read,) = scan._one_letter_each([enlarged], 900, "ownership-form-i-alone-300dpi.png", "DI")
    assert read == []
    assert scan._one_stroke(cut < 128)
    # A D, or two strokes side by side, is no single stroke.
    d = numpy.full((36, 30), 255, dtype=numpy.uint8)
    d[4:32, 4:8] = 0
    d[4:8, 4:20] = d[28:32, 4:20] = 0
    d[8:28, 20:24] = 0
    assert not scan._one_stroke(d < 128)
    two = numpy.full((36, 30), 255, dtype=numpy.uint8)
    two[4:32, 4:8] = two[4:32, 12:16] = 0
    assert not scan._one_stroke(two < 128)
