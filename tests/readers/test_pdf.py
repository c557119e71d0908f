"""The PDF reader on real printouts (values checked by eye against the rendered pages), and on scans, protected,
damaged and filled-in-form PDFs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest
from printouts.compare import compare, same
from printouts.generator import STYLES, Style, render
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from form4viewer.errors import NotAFilingError, ReadError
from form4viewer.model import Filing, SourceDocument, Value
from form4viewer.readers import read_bytes
from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.pdf import CUT, LAYOUT_NOTE, MERGED, SCAN_NOTE, read_pdf
from form4viewer.sources import PdfBox

DATA = Path(__file__).parents[1] / "data" / "pdf"


def _read(name: str) -> Filing:
    return read_pdf((DATA / name).read_bytes(), name)


def _scan_pdf() -> bytes:
    """A page with only drawing on it, as a scanner's PDF has only a picture."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for i in range(20):
        c.rect(50 + i * 10, 100 + i * 20, 200, 8, fill=1)
    c.showPage()
    c.rect(50, 50, 100, 100)
    c.save()
    return buf.getvalue()


def _protected(data: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---- a filing service's printout (kscope), read by eye from the page ------------------------------------------


def test_pdf_reader_reads_the_filing_service_printout_of_a_director_grant() -> None:
    f = _read("kscope-msft-list-teri-2025.pdf")
    assert f.form.value == "4"
    assert f.period_of_report.value == dt.date(2025, 1, 31)
    assert (f.issuer.name.value, f.issuer.trading_symbol.value) == ("MICROSOFT CORP", "MSFT")
    (owner,) = f.reporting_owners
    assert owner.name.value == "List Teri"
    assert (owner.street1.value, owner.street2.value) == ("C/O MICROSOFT CORPORATION", "ONE MICROSOFT WAY")
    assert (owner.city.value, owner.state.value, owner.zip_code.value) == ("REDMOND", "WA", "98052-6399")
    assert owner.is_director.value is True and owner.is_officer.value is False
    (grant,) = f.non_derivative_transactions
    assert grant.security_title.value == "Common Stock"
    assert grant.transaction_date.value == dt.date(2025, 1, 31)
    assert grant.transaction_code.value == "A"
    assert grant.shares.value == Decimal("151") and grant.shares.footnotes == ("F1",)
    assert grant.acquired_disposed.value == "A"
    assert grant.price_per_share.value == Decimal("0")
    assert grant.shares_owned_following.value == Decimal("151")
    assert grant.direct_or_indirect.value == "D"
    (trust,) = f.non_derivative_holdings
    assert (trust.shares_owned_following.value, trust.direct_or_indirect.value) == (Decimal("2264"), "I")
    assert trust.nature_of_ownership.value == "By Trust"


def test_pdf_reader_reads_a_derivative_row_whose_underlying_title_is_broken_in_a_narrow_column() -> None:
    (units,) = _read("kscope-msft-list-teri-2025.pdf").derivative_holdings
    assert units.security_title.value == "Restricted Stock Units"
    assert units.conversion_or_exercise_price.value is None and units.conversion_or_exercise_price.footnotes == ("F2",)
    assert units.exercise_date.footnotes == ("F3",) and units.expiration_date.footnotes == ("F3",)
    assert units.underlying_security_title.value == "Common Stock"
    assert units.underlying_shares.value == Decimal("22798.213")
    assert units.shares_owned_following.value == Decimal("22798.213")
    assert units.shares_owned_following.footnotes == ("F2",)
    assert units.direct_or_indirect.value == "D"


def test_pdf_reader_keeps_footnotes_and_the_signature_beside_them_apart() -> None:
    f = _read("kscope-msft-list-teri-2025.pdf")
    assert [n.id for n in f.footnotes] == ["F1", "F2", "F3"]
    assert f.footnotes[0].text.value == "Represents stock award which is fully vested on the date of grant."
    assert f.footnotes[2].text.value.endswith("separation from service to the Board of Directors.")
    (sig,) = f.signatures
    assert sig.name.value == "Julia Stark, Attorney-in-fact for Teri List"
    assert sig.date.value == dt.date(2025, 2, 3)


def test_pdf_reader_reads_an_officers_sale_to_cover_taxes() -> None:
    f = _read("kscope-msft-jolla-alice-2024.pdf")
    (owner,) = f.reporting_owners
    assert owner.name.value == "Jolla Alice L."
    assert owner.is_officer.value is True and owner.is_director.value is False
    assert owner.officer_title.value == "Chief Accounting Officer"
    (row,) = f.non_derivative_transactions
    assert row.transaction_code.value == "F"
    assert row.shares.value == Decimal("617.402")
    assert (row.acquired_disposed.value, row.price_per_share.value) == ("D", Decimal("447.27"))
    assert row.shares_owned_following.value == Decimal("70593.0086")
    assert f.derivative_transactions == () and f.derivative_holdings == ()
    assert f.footnotes == ()
    assert f.signatures[0].date.value == dt.date(2024, 12, 16)
    assert f.not_subject_to_section16.value is False and f.aff10b5_one.value is False


# ---- EDGAR's page printed by a browser ------------------------------------------------------------------------


def test_pdf_reader_matches_the_xml_of_a_browser_printout_field_by_field() -> None:
    got = _read("edgar-print-aapl-adams-2022.pdf")
    want = read_ownership_xml((DATA / "edgar-print-aapl-adams-2022.xml").read_bytes(), "x")
    assert len(got.non_derivative_transactions) == len(want.non_derivative_transactions) == 7
    for g, w in zip(got.non_derivative_transactions, want.non_derivative_transactions, strict=True):
        for name in ("security_title", "transaction_date", "transaction_code", "shares", "acquired_disposed",
                     "price_per_share", "shares_owned_following", "direct_or_indirect"):
            assert (getattr(g, name).value, getattr(g, name).footnotes) == (
                getattr(w, name).value, getattr(w, name).footnotes), name
    assert [(n.id, n.text.value) for n in got.footnotes] == [(n.id, n.text.value) for n in want.footnotes]
    assert got.reporting_owners[0].officer_title.value == "SVP, GC and Secretary"
    assert got.signatures[0].name.value == want.signatures[0].name.value


def test_pdf_reader_keeps_where_each_value_stands_and_what_it_read() -> None:
    price = _read("edgar-print-aapl-adams-2022.pdf").non_derivative_transactions[0].price_per_share
    assert price.value == Decimal("159.94") and price.footnotes == ("F2",)
    assert price.raw == "$ 159.94 (2)"
    assert isinstance(price.source, PdfBox) and price.source.page == 1
    assert 300 < price.source.x0 < price.source.x1 < 420 and price.source.top < price.source.bottom
    # The value ran over three lines ("$", the number, the mark): read, but not as sure as a one-line value.
    assert price.confidence < 0.9


def test_pdf_reader_is_what_reading_any_file_picks_for_a_pdf() -> None:
    data = (DATA / "kscope-msft-jolla-alice-2024.pdf").read_bytes()
    f = read_bytes(data, "jolla.pdf")
    assert f.document.kind == "pdf" and f.document.pages == 1 and f.document.name == "jolla.pdf"
    assert f.issuer.trading_symbol.value == "MSFT"


# ---- scans, passwords, damage, the fillable form ----------------------------------------------------------------


def test_pdf_reader_opens_a_scan_for_viewing_without_inventing_values() -> None:
    f = read_pdf(_scan_pdf(), "scan.pdf")
    assert f.document.notes == (SCAN_NOTE,)
    assert f.document.pages == 2 and f.document.kind == "pdf"
    assert all(v.empty for _, v in f.values())
    assert f.reporting_owners == () and f.non_derivative_transactions == ()


def test_pdf_reader_says_a_protected_pdf_needs_its_password() -> None:
    data = _protected((DATA / "kscope-msft-jolla-alice-2024.pdf").read_bytes(), "s3cret")
    with pytest.raises(ReadError, match="password-protected") as info:
        read_pdf(data, "locked.pdf")
    assert str(info.value).startswith("locked.pdf: ")
    with pytest.raises(ReadError, match="password given does not open it"):
        read_pdf(data, "locked.pdf", password="wrong")


def test_pdf_reader_opens_a_protected_pdf_with_its_password() -> None:
    data = _protected((DATA / "kscope-msft-jolla-alice-2024.pdf").read_bytes(), "s3cret")
    f = read_pdf(data, "locked.pdf", password="s3cret")
    assert f.reporting_owners[0].officer_title.value == "Chief Accounting Officer"


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_pdf_reader_names_the_file_when_a_pdf_is_truncated(cut: float) -> None:
    data = (DATA / "kscope-msft-jolla-alice-2024.pdf").read_bytes()
    with pytest.raises(ReadError) as info:
        read_pdf(data[: int(len(data) * cut)], "half.pdf")
    assert str(info.value).startswith("half.pdf: ")
    assert "damaged or truncated" in str(info.value)


def test_pdf_reader_names_the_file_when_a_pdf_is_garbage_after_its_header() -> None:
    with pytest.raises(ReadError, match=r"^junk\.pdf: .*damaged or truncated"):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 40, "junk.pdf")


def test_pdf_reader_hands_a_filled_in_fillable_form_to_the_form_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    filled = Filing(form=Value("4"), document=SourceDocument("pdf", name="filled.pdf"))

    def read_filled_form(pdf: object, name: str) -> Filing | None:
        calls.append((len(pdf.pages), name))  # type: ignore[attr-defined]
        return filled if name == "filled.pdf" else None

    module = types.ModuleType("form4viewer.readers.pdf_form")
    module.read_filled_form = read_filled_form  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "form4viewer.readers.pdf_form", module)
    data = (DATA / "kscope-msft-jolla-alice-2024.pdf").read_bytes()
    assert read_pdf(data, "filled.pdf") is filled
    # No form fields filled in: the printout is read from its text.
    assert read_pdf(data, "printout.pdf").issuer.name.value == "MICROSOFT CORP"
    assert calls == [(1, "filled.pdf"), (1, "printout.pdf")]


def test_pdf_reader_marks_text_cut_at_the_page_edge_as_shown_only_in_part(corpus: Path) -> None:
    name = "0001209191-21-017168_F3_OSCR_THIEL-PETER.pdf"
    f = read_pdf((corpus / "rendered" / name).read_bytes(), name)
    # EDGAR's page is wider than the paper: the end of each footnote's lines is cut off in the printout.
    assert f.footnotes[0].text.confidence == CUT
    assert any("past the edge of the printed page" in note and "footnotes[0].text" in note
               for note in f.document.notes)
    assert f.non_derivative_holdings[0].shares_owned_following.confidence > CUT


# ---- printouts in other layouts, drawn from the sample's XML ----------------------------------------------------


@pytest.mark.parametrize("ruled", [True, False], ids=["rows-ruled", "rows-apart-by-space"])
@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_pdf_reader_reads_every_field_of_a_printout_in_each_vendor_layout(style: Style, ruled: bool) -> None:
    want = read_ownership_xml((DATA / "edgar-print-aapl-adams-2022.xml").read_bytes(), "x")
    style = dataclasses.replace(style, ruled_rows=ruled)
    got = read_pdf(render(want, style), f"aapl-{style.name}.pdf")
    outcome = compare(style.name, got, want)
    assert outcome.missing_rows == []
    assert outcome.misses == []
    assert outcome.fields > 70


def test_pdf_reader_is_less_sure_of_values_in_columns_squeezed_until_they_run_together() -> None:
    want = read_ownership_xml((DATA / "edgar-print-aapl-adams-2022.xml").read_bytes(), "x")
    # Squeeze Table I's columns until amounts run into the next column, as cramped printouts do.
    cramped = dataclasses.replace(STYLES[0], name="cramped", widths=9.0)
    got = read_pdf(render(want, cramped), "cramped.pdf")
    assert len(got.non_derivative_transactions) == 7
    flagged = 0
    for g, w in zip(got.non_derivative_transactions, want.non_derivative_transactions, strict=True):
        for name in g.fields:
            value = getattr(g, name)
            if value.empty:
                continue
            flagged += value.confidence <= MERGED
            if not same(value, getattr(w, name)):
                # A value read wrong here is one the reader said it was unsure of.
                assert value.confidence <= MERGED, (name, value)
    assert flagged >= 7
    assert g.security_title.value == "Common Stock" and g.security_title.confidence > MERGED


def test_pdf_reader_says_a_pdf_of_other_text_is_no_form() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.drawString(72, 700, "Minutes of the annual meeting of shareholders, held on 12 May 2023 in Springfield.")
    c.save()
    with pytest.raises(NotAFilingError, match=r"^minutes\.pdf: .*no Form 3, 4 or 5"):
        read_pdf(buf.getvalue(), "minutes.pdf")


def test_pdf_reader_opens_a_pdf_whose_layout_trips_it_for_manual_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    def trip(self: object) -> Filing:
        raise IndexError("a layout the reader did not foresee")

    monkeypatch.setattr("form4viewer.readers.pdf.FormReader.read", trip)
    f = read_pdf((DATA / "kscope-msft-jolla-alice-2024.pdf").read_bytes(), "odd.pdf")
    assert f.document.notes == (LAYOUT_NOTE,) and f.document.pages == 1
    assert all(v.empty for _, v in f.values())


def test_pdf_reader_gives_a_filing_the_store_keeps_exactly() -> None:
    f = _read("kscope-msft-list-teri-2025.pdf")
    assert Filing.from_dict(f.to_dict()) == f
    sources = [v.source for _, v in f.values() if v.value is not None]
    assert sources and all(isinstance(s, PdfBox) and s.page == 1 for s in sources)
