"""The SEC's fillable forms filled in: the test types a real filing's values into the blank Form 4 with pypdf, the way
a person fills it on screen (opaque field names, a widget over each box), and reads them back.

The blank forms the SEC publishes (SEC 1474 (03-26), SEC 1473) come without form fields, so the test adds the
widgets where a person would type: over the line of each box, in the cells of the tables. Where each widget goes is
written down here, in page coordinates measured on the blank; the reader has to find out by itself which box it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

import form4viewer
from form4viewer.model import OWNER_FIELDS, TABLES, Filing
from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.pdf_form import read_filled_form, widgets

DATA = Path(__file__).parents[1] / "data" / "pdf_form"

#: A widget: its page, its place (x0, top, x1, bottom) and what is typed into it (a check box: ticked or not; a text
#: with a type size: a long text the viewer set smaller to fit its box).
Entry = tuple[int, tuple[float, float, float, float], str | bool | tuple[str, float]]

#: Table I rows on page 2 of SEC 1474 (03-26) are ruled every 21 points from y=165; Table II's every 20 from 244.
_T1 = {"title": (35, 85), "date": (88, 180), "code": (278, 318), "amount": (353, 400), "ad": (402, 460),
       "price": (463, 496), "owned": (498, 622), "di": (624, 696), "nature": (699, 757)}
_T2 = {"title": (35, 81), "exercise_price": (84, 135), "date": (138, 189), "code": (246, 275), "a": (305, 333),
       "d": (336, 365), "exercisable": (367, 419), "expiration": (421, 468), "underlying": (471, 500),
       "underlying_amount": (502, 545), "price": (547, 594), "owned": (597, 653), "di": (655, 707)}


def _cell(page: int, columns: dict[str, tuple[int, int]], column: str, top: float, height: float,
          text: str) -> Entry:
    left, right = columns[column]
    return (page, (left, top + 3, right, top + height - 3), text)


def baglino_entries() -> list[Entry]:
    """Tesla's Form 4 of 2023-07-27 (tsla-baglino-form4-2023.xml) as a person types it into the blank form."""
    rows = [("M(1)", "A", "$17.22", "77,334.25"), ("S(1)", "D", "$268.23", "66,834.25")]
    entries: list[Entry] = [
        (1, (72, 101, 82, 111), False),  # no longer subject to Section 16
        (1, (72, 170, 82, 180), True),  # Rule 10b5-1(c)
        (1, (80, 303, 285, 330), "Baglino Andrew D"),
        (1, (80, 347, 285, 360), "C/O TESLA, INC."),
        (1, (80, 362, 285, 376), "1 TESLA ROAD"),
        (1, (80, 398, 135, 420), "AUSTIN"),
        (1, (140, 398, 200, 420), "TX"),
        (1, (204, 398, 285, 420), "78725"),
        (1, (330, 300, 466, 318), "Tesla, Inc. [TSLA]"),
        (1, (294, 364, 466, 420), "07/27/2023"),
        (1, (476, 318, 486, 327), False),  # Director
        (1, (476, 335, 486, 344), True),  # Officer
        (1, (476, 352, 486, 361), False),  # 10% Owner
        (1, (476, 370, 486, 379), False),  # Other
        (1, (490, 380, 700, 396), "SVP Powertrain and Energy Eng."),
    ]
    for i, (code, ad, price, owned) in enumerate(rows):
        top = 165 + 21 * i
        for column, text in (("title", "Common Stock"), ("date", "07/27/2023"), ("code", code),
                             ("amount", "10,500"), ("ad", ad), ("price", price), ("owned", owned), ("di", "D")):
            entries.append(_cell(2, _T1, column, top, 21, text))
    for column, text in (("title", "Non-Qualified Stock Option (right to buy)"), ("exercise_price", "$17.22"),
                         ("date", "07/27/2023"), ("code", "M(1)"), ("d", "10,500"), ("exercisable", "(2)"),
                         ("expiration", "07/19/2029"), ("underlying", "Common Stock"),
                         ("underlying_amount", "10,500"), ("price", "$0.00"), ("owned", "541,275"), ("di", "D")):
        entries.append(_cell(3, _T2, column, 244, 20, text))
    # the explanation of responses, as numbered paragraphs in one field
    notes = read_ownership_xml((DATA / "tsla-baglino-form4-2023.xml").read_bytes(), "baglino.xml").footnotes
    entries.append((3, (72, 470, 758, 540), "\n".join(f"{n.id[1:]}. {n.text.value}" for n in notes)))
    entries.append((4, (405, 140, 575, 160), "By: Aaron Beckman, Power of Attorney For: Andrew D. Baglino"))
    entries.append((4, (615, 140, 718, 160), "07/31/2023"))
    return entries


#: The SEC's blank Form 3 (SEC 1473 (05-19)) in the corpus.
FORM3_BLANK = "SEC-blank-Form3_SEC-1473-05-19_pluschka.pdf"


def garrett_form3_entries() -> list[Entry]:
    """Snowflake's Form 3 of Mark Garrett (2020-09-15) as a person types it into the blank Form 3: box 1, the date
    of the event, box 3 with the ticker, Director ticked, a Table I holding by trust, a Table II option, one
    footnote, the signature."""
    return [
        (1, (80, 222, 265, 244), "Garrett Mark"),
        (1, (80, 262, 265, 298), "C/O SNOWFLAKE INC."),
        (1, (80, 340, 135, 368), "SAN MATEO"),
        (1, (140, 340, 200, 368), "CA"),
        (1, (205, 340, 265, 368), "94402"),
        (1, (272, 240, 372, 258), "09/15/2020"),
        (1, (380, 218, 700, 242), "Snowflake Inc. [SNOW]"),
        (1, (385, 287, 395, 297), True),  # Director
        (1, (77, 455, 270, 470), "Class B Common Stock"),
        (1, (280, 455, 405, 470), "95,898 (2)"),
        (1, (412, 455, 512, 470), "I"),
        (1, (520, 455, 715, 470), "Trust"),
        # Table II on page 3: ruled every 40 points from y=268
        (3, (74, 272, 209, 304), "Stock Option (Right to Buy)"),
        (3, (213, 272, 254, 304), "(5)"),
        (3, (258, 272, 308, 304), "04/14/2028"),
        (3, (312, 272, 430, 304), "Class B Common Stock"),
        (3, (434, 272, 475, 304), "95,898"),
        (3, (479, 272, 524, 304), "$3.74"),
        (3, (528, 272, 583, 304), "I"),
        (3, (587, 272, 718, 304), "Trust (8)"),
        (3, (72, 530, 720, 550), "2. Each share of Class B Common Stock is convertible at any time."),
        (4, (405, 88, 575, 108), "/s/ Mark Garrett"),
        (4, (615, 88, 718, 108), "09/17/2020"),
    ]


def assert_garrett_form3(got: Filing) -> None:
    """`got` holds what `garrett_form3_entries` typed, each value in its field."""
    assert got.form.value == "3"
    assert got.period_of_report.value == dt.date(2020, 9, 15)
    assert got.issuer.name.value == "Snowflake Inc." and got.issuer.trading_symbol.value == "SNOW"
    owner = got.reporting_owners[0]
    assert owner.name.value == "Garrett Mark" and owner.street1.value == "C/O SNOWFLAKE INC."
    assert (owner.city.value, owner.state.value, owner.zip_code.value) == ("SAN MATEO", "CA", "94402")
    assert owner.is_director.value is True
    (holding,) = got.non_derivative_holdings
    assert holding.security_title.value == "Class B Common Stock"
    assert holding.shares_owned_following.value == Decimal("95898")
    assert holding.shares_owned_following.footnotes == ("F2",)
    assert holding.direct_or_indirect.value == "I" and holding.nature_of_ownership.value == "Trust"
    (option,) = got.derivative_holdings
    assert option.security_title.value == "Stock Option (Right to Buy)"
    assert option.exercise_date.value is None and option.exercise_date.footnotes == ("F5",)
    assert option.expiration_date.value == dt.date(2028, 4, 14)
    assert option.underlying_security_title.value == "Class B Common Stock"
    assert option.underlying_shares.value == Decimal("95898")
    assert option.conversion_or_exercise_price.value == Decimal("3.74")
    assert option.direct_or_indirect.value == "I" and option.nature_of_ownership.footnotes == ("F8",)
    assert [(n.id, n.text.value) for n in got.footnotes] == [
        ("F2", "Each share of Class B Common Stock is convertible at any time.")]
    assert got.signatures[0].name.value == "/s/ Mark Garrett"
    assert got.signatures[0].date.value == dt.date(2020, 9, 17)


def fill_form(blank: Path, out: Path, entries: list[Entry], *, size: float = 6, flatten: bool = False) -> None:
    """Add a widget for each entry to the blank form, then fill the text fields with pypdf's form filling, in
    Helvetica of `size` points; with `flatten`, what is typed is made part of the page, as printing it does (a
    check box is then typed as an X, what a printed tick looks like)."""
    writer = PdfWriter(clone_from=str(blank))
    fields = ArrayObject()
    texts: dict[int, dict[str, str]] = {}
    for number, (page_number, (x0, top, x1, bottom), value) in enumerate(entries, start=1):
        page = writer.pages[page_number - 1]
        height = float(page.mediabox.top)
        widget = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject([FloatObject(x0), FloatObject(height - bottom), FloatObject(x1),
                                              FloatObject(height - top)]),
            NameObject("/F"): NumberObject(4),
        })
        if isinstance(value, bool) and flatten:
            value = "X" if value else ""
        typed = size
        if isinstance(value, tuple):
            value, typed = value
        if isinstance(value, bool):
            state = NameObject("/Yes" if value else "/Off")
            widget.update({NameObject("/FT"): NameObject("/Btn"), NameObject("/T"): TextStringObject(f"Check Box{number}"),
                           NameObject("/V"): state, NameObject("/AS"): state})
        else:
            name = f"Text{number}"
            widget.update({NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name),
                           NameObject("/DA"): TextStringObject(f"/Helv {typed:g} Tf 0 g")})
            if "\n" in value:
                widget[NameObject("/Ff")] = NumberObject(4096)  # multiline
            texts.setdefault(page_number, {})[name] = value
        annotation = writer.add_annotation(page_number - 1, widget)
        fields.append(annotation.indirect_reference)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): fields,
        NameObject("/NeedAppearances"): BooleanObject(True),
        NameObject("/DA"): TextStringObject(f"/Helv {size:g} Tf 0 g"),
        NameObject("/DR"): DictionaryObject({NameObject("/Font"): DictionaryObject({
            NameObject("/Helv"): writer._add_object(DictionaryObject({
                NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            })),
        })}),
    })
    for page_number, values in texts.items():
        writer.update_page_form_field_values(writer.pages[page_number - 1], values, auto_regenerate=False,
                                             flatten=flatten)
    with out.open("wb") as fh:
        writer.write(fh)


def _read(path: Path) -> Filing | None:
    with pdfplumber.open(path) as pdf:
        return read_filled_form(pdf, str(path))


@pytest.fixture
def filled_baglino(data: Path, tmp_path: Path) -> Path:
    out = tmp_path / "form4-filled.pdf"
    fill_form(data / "pdf_form" / "sec-form4-blank-2026-pages1-4.pdf", out, baglino_entries())
    return out


def test_filled_form_fixture_really_has_the_typed_values(filled_baglino: Path) -> None:
    with pdfplumber.open(filled_baglino) as pdf:
        placed = widgets(pdf)
    assert len(placed) == len(baglino_entries())
    assert {w.text for w in placed if w.text} >= {"Baglino Andrew D", "Tesla, Inc. [TSLA]", "$268.23"}
    assert all(w.name.startswith(("Text", "Check Box")) for w in placed)


def test_pdf_form_reader_reads_a_filled_form4_like_the_filing_it_was_filled_from(filled_baglino: Path) -> None:
    # through the front door: the PDF reader hands a PDF with filled form fields to the form reader
    got = form4viewer.read(filled_baglino)
    assert got.document.kind == "pdf"
    assert got.document.sha256 == hashlib.sha256(filled_baglino.read_bytes()).hexdigest()
    assert any("fillable form" in note for note in got.document.notes)
    assert not any("not in any box" in note for note in got.document.notes)
    want = read_ownership_xml((DATA / "tsla-baglino-form4-2023.xml").read_bytes(), "baglino.xml")
    misses = []
    compared = 0

    def check(path: str, g: object, w: object) -> None:
        nonlocal compared
        compared += 1
        if (g.value, g.footnotes) != (w.value, w.footnotes):  # type: ignore[attr-defined]
            misses.append(f"{path}: {g.value!r} {g.footnotes} != {w.value!r} {w.footnotes}")  # type: ignore[attr-defined]

    for name in ("form", "period_of_report", "not_subject_to_section16", "aff10b5_one"):
        check(name, getattr(got, name), getattr(want, name))
    check("issuer.name", got.issuer.name, want.issuer.name)
    check("issuer.trading_symbol", got.issuer.trading_symbol, want.issuer.trading_symbol)
    assert len(got.reporting_owners) == 1
    for name in OWNER_FIELDS:
        if name not in ("cik", "state_description"):
            check(f"owner.{name}", getattr(got.reporting_owners[0], name), getattr(want.reporting_owners[0], name))
    for table in TABLES:
        assert len(got.rows(table)) == len(want.rows(table)), table
        for i, (g_row, w_row) in enumerate(zip(got.rows(table), want.rows(table), strict=True)):
            for name in w_row.fields:
                check(f"{table}[{i}].{name}", getattr(g_row, name), getattr(w_row, name))
    assert [n.id for n in got.footnotes] == ["F1", "F2"]
    for g_note, w_note in zip(got.footnotes, want.footnotes, strict=True):
        check(g_note.id, g_note.text, w_note.text)
    check("signature.name", got.signatures[0].name, want.signatures[0].name)
    check("signature.date", got.signatures[0].date, want.signatures[0].date)
    assert compared >= 70
    assert misses == [], "\n".join(misses)


def test_pdf_form_reader_points_each_value_at_its_widget(filled_baglino: Path) -> None:
    got = _read(filled_baglino)
    assert got is not None
    name = got.reporting_owners[0].name
    assert name.source.page == 1
    assert (round(name.source.x0), round(name.source.top), round(name.source.x1), round(name.source.bottom)) == (
        80, 303, 285, 330)
    price = got.non_derivative_transactions[1].price_per_share
    assert price.value == Decimal("268.23") and price.raw == "$268.23"
    assert price.source.page == 2 and round(price.source.top) == 165 + 21 + 3
    assert got.derivative_transactions[0].expiration_date.value == dt.date(2029, 7, 19)
    assert got.derivative_transactions[0].expiration_date.source.page == 3
    assert got.signatures[0].date.source.page == 4
    assert 0 < price.confidence < 1
    assert got.document.kind == "pdf" and got.document.pages == 4


def test_pdf_form_reader_gives_none_for_the_blank_form4(data: Path) -> None:
    assert _read(data / "pdf_form" / "sec-form4-blank-2026-pages1-4.pdf") is None


def test_pdf_form_reader_gives_none_for_a_form_whose_fields_are_all_empty(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty-fields.pdf"
    fill_form(data / "pdf_form" / "sec-form4-blank-2026-pages1-4.pdf", out,
              [(1, (80, 303, 285, 330), ""), (1, (476, 318, 486, 327), False)])
    with pdfplumber.open(out) as pdf:
        assert len(widgets(pdf)) == 2
        assert read_filled_form(pdf, str(out)) is None


@pytest.mark.parametrize("blank", ["SEC-blank-Form3_SEC-1473-05-19_pluschka.pdf",
                                   "SEC-blank-Form4_SEC-1474-03-26_SanjuMenon.pdf"])
def test_pdf_form_reader_gives_none_for_the_sec_blanks_in_the_corpus(corpus: Path, blank: str) -> None:
    assert _read(corpus / "pdf" / blank) is None


def test_pdf_form_reader_reads_a_filled_form3_by_its_own_box_numbers(corpus: Path, tmp_path: Path) -> None:
    """Form 3 numbers its boxes differently (2. date of event, 3. issuer, 4. relationship) and has a shorter
    Table I; the reader goes by the labels, so the same code reads it."""
    out = tmp_path / "form3-filled.pdf"
    fill_form(corpus / "pdf" / FORM3_BLANK, out, garrett_form3_entries())
    got = _read(out)
    assert got is not None
    assert_garrett_form3(got)


def test_pdf_form_reader_reads_an_amendment_an_other_relationship_and_marks_on_amounts(data: Path,
                                                                                      tmp_path: Path) -> None:
    out = tmp_path / "form4a.pdf"
    fill_form(data / "pdf_form" / "sec-form4-blank-2026-pages1-4.pdf", out, [
        (1, (80, 303, 285, 330), "Example Holdings LLC"),
        (1, (294, 364, 466, 420), "3/1/2024"),
        (1, (294, 452, 466, 476), "03/05/2024"),  # 4. If Amendment, Date Original Filed
        (1, (476, 370, 486, 379), True),  # Other
        (1, (490, 380, 700, 396), "Member of 10% group"),
        _cell(2, _T1, "title", 165, 21, "Common Stock"),
        _cell(2, _T1, "date", 165, 21, "03/01/2024"),
        _cell(2, _T1, "code", 165, 21, "P"),
        _cell(2, _T1, "amount", 165, 21, "1,000 (1)(2)"),
        _cell(2, _T1, "owned", 165, 21, "$25,000"),
        _cell(2, _T1, "di", 165, 21, "I"),
        _cell(2, _T1, "nature", 165, 21, "By LLC (3)"),
        (1, (606, 110, 738, 130), "typed over the OMB box"),
    ])
    got = _read(out)
    assert got is not None
    assert got.form.value == "4/A"
    assert got.date_of_original_submission.value == dt.date(2024, 3, 5)
    assert got.period_of_report.value == dt.date(2024, 3, 1)
    owner = got.reporting_owners[0]
    assert owner.is_other.value is True and owner.is_officer.value is False
    assert owner.other_text.value == "Member of 10% group" and owner.officer_title.value is None
    (row,) = got.non_derivative_transactions
    assert row.shares.value == Decimal("1000") and row.shares.footnotes == ("F1", "F2")
    assert row.transaction_code.value == "P" and row.transaction_code.footnotes == ()
    # a dollar amount after the transaction is a value, not shares
    assert row.value_owned_following.value == Decimal("25000") and row.shares_owned_following.value is None
    assert row.nature_of_ownership.value == "By LLC" and row.nature_of_ownership.footnotes == ("F3",)
    # text typed where the form has no box is not lost silently
    assert any("'typed over the OMB box'" in note for note in got.document.notes)


def test_pdf_form_reader_leaves_other_filled_pdfs_to_the_page_reader(tmp_path: Path) -> None:
    blank = tmp_path / "letter.pdf"
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    with blank.open("wb") as fh:
        writer.write(fh)
    out = tmp_path / "letter-filled.pdf"
    fill_form(blank, out, [(1, (72, 72, 300, 90), "Dear Sir")])
    with pdfplumber.open(out) as pdf:
        assert len(widgets(pdf)) == 1
        assert read_filled_form(pdf, str(out)) is None
