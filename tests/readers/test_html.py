"""The EDGAR web page reader on single pages: values checked by hand against the page, sources, errors."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

import form4viewer
from form4viewer.checks import check
from form4viewer.errors import NotAFilingError, ReadError
from form4viewer.model import not_in_source
from form4viewer.readers import decode_text, read_bytes
from form4viewer.readers.html import read_html
from form4viewer.sources import TextSpan


def _read(path: Path) -> form4viewer.Filing:
    return read_html(path.read_bytes(), str(path))


def _source_text(path: Path, span: TextSpan) -> str:
    return decode_text(path.read_bytes())[span.start : span.end]


# ---- the stylesheet layout (corpus/rendered) ---------------------------------------------------------------------


def test_html_reader_reads_the_header_boxes_of_a_rendered_page(data: Path) -> None:
    filing = _read(data / "html" / "cxai-form4-rendered.html")
    assert filing.document.kind == "html"
    assert filing.form.value == "4"
    assert filing.period_of_report.value == dt.date(2022, 12, 28)
    assert filing.not_subject_to_section16.value is True
    assert filing.aff10b5_one.value is False
    assert filing.issuer.name.value == "CXApp Inc."
    assert filing.issuer.trading_symbol.value == "CXAI"
    assert filing.issuer.cik.value is None  # the page does not print it


def test_html_reader_reads_every_owner_with_address_and_relationship(data: Path) -> None:
    owners = _read(data / "html" / "cxai-form4-rendered.html").reporting_owners
    assert [o.name.value for o in owners] == [
        "MILLENNIUM MANAGEMENT LLC", "MILLENNIUM GROUP MANAGEMENT LLC", "ENGLANDER ISRAEL A", "ICS OPPORTUNITIES, LTD.",
    ]
    first = owners[0]
    # the top box prints "<br>399 PARK AVENUE": an empty first street line
    assert first.street1.value is None and first.street2.value == "399 PARK AVENUE"
    assert (first.city.value, first.state.value, first.zip_code.value) == ("NEW YORK", "NY", "10022")
    assert first.is_other.value is True and first.other_text.value == "See Footnote 3"
    assert first.is_officer.value is False and first.officer_title.value is None
    englander = owners[2]
    assert englander.street1.value == "C/O MILLENNIUM MANAGEMENT LLC"
    assert englander.street2.value == "399 PARK AVENUE"
    assert owners[3].is_ten_percent_owner.value is True and owners[3].is_other.value is False
    # the Reporting Owners table has no officer/other boxes: those are inferred, and say so
    assert owners[3].is_other.confidence < 0.9


def test_html_reader_reads_table_rows_with_their_footnote_marks(data: Path) -> None:
    filing = _read(data / "html" / "cxai-form4-rendered.html")
    (row,) = filing.non_derivative_transactions
    assert row.security_title.value == "Class A Common Stock"
    assert row.transaction_date.value == dt.date(2022, 12, 28)
    assert row.transaction_code.value == "J"
    assert row.shares.value == Decimal("175000") and row.shares.footnotes == ("F1", "F3")
    assert row.acquired_disposed.value == "D"
    assert row.price_per_share.value == Decimal("10.1246")
    assert row.shares_owned_following.value == Decimal("338")
    assert row.shares_owned_following.footnotes == ("F2", "F3")
    assert row.direct_or_indirect.value == "I" and row.direct_or_indirect.footnotes == ("F3",)
    assert row.nature_of_ownership.value == "See Footnote 3"
    assert filing.derivative_transactions == () and filing.derivative_holdings == ()
    assert [note.id for note in filing.footnotes] == ["F1", "F2", "F3"]
    assert filing.footnotes[0].text.value.startswith("ICS Opportunities, Ltd. tendered and redeemed 175,000 shares")
    (signature,) = filing.signatures
    assert signature.name.value == "Gil Raviv, Global General Counsel"
    assert signature.date.value == dt.date(2023, 5, 18)


def test_html_reader_spans_point_at_the_printed_text(data: Path) -> None:
    path = data / "html" / "cxai-form4-rendered.html"
    filing = _read(path)
    row = filing.non_derivative_transactions[0]
    assert _source_text(path, row.shares.source) == "175,000"
    assert _source_text(path, row.price_per_share.source) == "10.1246"
    assert _source_text(path, filing.issuer.name.source) == "CXApp Inc."
    assert _source_text(path, filing.reporting_owners[2].name.source) == "ENGLANDER ISRAEL A"
    assert _source_text(path, filing.signatures[0].date.source) == "05/18/2023"


# ---- the sec.gov layout (corpus/html) -------------------------------------------------------------------------------


def test_html_reader_reads_a_page_saved_from_sec_gov(data: Path) -> None:
    path = data / "html" / "scwo-form4-secgov.html"
    filing = _read(path)
    assert filing.form.value == "4"
    assert filing.issuer.name.value == "374Water Inc." and filing.issuer.trading_symbol.value == "SCWO"
    (owner,) = filing.reporting_owners
    assert owner.name.value == "Melkote Rajesh Ramaswamy"
    assert owner.street1.value == "C/O 374 WATER INC."
    assert owner.street2.value == "100 SOUTHCENTER COURT, SUITE 200"
    assert (owner.city.value, owner.state.value, owner.zip_code.value) == ("MORRISVILLE", "NC", "27560")
    assert owner.is_officer.value is True and owner.is_director.value is False
    assert owner.officer_title.value == "Chief Technology Officer"
    (stock,) = filing.non_derivative_transactions
    assert stock.shares.value == Decimal("757756") and stock.shares.footnotes == ("F1",)
    assert stock.price_per_share.value == Decimal("0")
    (option,) = filing.derivative_transactions
    assert option.conversion_or_exercise_price.value == Decimal("0.33")
    assert option.shares.value == Decimal("757576") and option.acquired_disposed.value == "A"
    assert option.exercise_date.value is None and option.exercise_date.footnotes == ("F1",)
    assert option.expiration_date.value == dt.date(2035, 4, 29)
    assert option.underlying_security_title.value == "Common Stock"
    assert option.underlying_shares.value == Decimal("757576")
    assert option.shares_owned_following.value == Decimal("757756")
    assert filing.footnotes[0].text.value.startswith("Vesting commencement date is March 31, 2025.")
    assert filing.signatures[0].name.value == "/s/ Rajesh Melkote"
    assert filing.signatures[0].date.value == dt.date(2025, 5, 2)
    assert _source_text(path, option.conversion_or_exercise_price.source) == "0.33"
    # sec.gov links each name to the company's EDGAR page, whose address holds the CIK
    assert filing.issuer.cik.value == "0000933972" and owner.cik.value == "0002064133"
    assert _source_text(path, owner.cik.source) == "0002064133"
    # the A/D letter is the column the amount stands in; its source is that amount
    assert _source_text(path, option.acquired_disposed.source) == "757,576"


@pytest.mark.parametrize(("sample", "ticker"), [("scwo-form4-secgov.html", "SCWO"), ("cxai-form4-rendered.html", "CXAI")])
def test_html_pages_are_recognised_by_read(data: Path, sample: str, ticker: str) -> None:
    filing = form4viewer.read(data / "html" / sample)
    assert filing.document.kind == "html"
    assert filing.document.sha256 and filing.document.size == (data / "html" / sample).stat().st_size
    assert filing.issuer.trading_symbol.value == ticker


# ---- the seven pages saved from sec.gov, checked by eye -----------------------------------------------------------


def test_html_reader_reads_the_microsoft_director_page(corpus: Path) -> None:
    filing = _read(corpus / "html" / "period2016-06-02_F4_MSFT_List-Teri-L_danielsobrado.html")
    assert filing.issuer.name.value == "MICROSOFT CORP" and filing.issuer.trading_symbol.value == "MSFT"
    (owner,) = filing.reporting_owners
    assert owner.name.value == "List Teri L."
    assert (owner.street1.value, owner.street2.value) == ("C/O MICROSOFT CORPORATION", "ONE MICROSOFT WAY")
    assert owner.zip_code.value == "98052-6399"
    assert owner.is_director.value is True and owner.is_officer.value is False
    (holding,) = filing.non_derivative_holdings
    assert holding.security_title.value == "Common Stock"
    assert holding.shares_owned_following.value == Decimal("3398") and holding.direct_or_indirect.value == "D"
    (units,) = filing.derivative_transactions
    assert units.security_title.value == "Restricted Stock Units"
    assert units.conversion_or_exercise_price.value is None
    assert units.conversion_or_exercise_price.footnotes == ("F1",)
    assert units.transaction_code.value == "A" and units.shares.value == Decimal("1619")
    assert units.exercise_date.footnotes == ("F2",) and units.expiration_date.footnotes == ("F2",)
    assert units.underlying_shares.value == Decimal("1619") and units.price_per_share.value == Decimal("0")
    assert units.shares_owned_following.value == Decimal("4172")
    assert units.shares_owned_following.footnotes == ("F3",)
    assert [n.id for n in filing.footnotes] == ["F1", "F2", "F3"]
    assert filing.remarks.value is None
    assert filing.signatures[0].name.value == "Keith R. Dolliver, Attorney-in-fact for Teri L. List-Stoll"
    assert filing.signatures[0].date.value == dt.date(2016, 6, 3)


def test_html_reader_takes_the_accession_number_from_the_address_a_saved_page_came_from(corpus: Path) -> None:
    path = corpus / "html" / "0001192482-19-000071_F4_COLL_Brannelly-Paul_piquette.html"
    filing = _read(path)
    assert filing.accession_number.value == "0001192482-19-000071"
    assert _source_text(path, filing.accession_number.source) == "000119248219000071"
    # a page without that comment has none
    assert _read(corpus / "html" / "period2023-01-24_F4_EVBN_SULLIVAN-NORA-B_dgunning.html").accession_number.empty


def test_html_reader_reads_the_evans_bancorp_page(corpus: Path) -> None:
    filing = _read(corpus / "html" / "period2023-01-24_F4_EVBN_SULLIVAN-NORA-B_dgunning.html")
    assert filing.issuer.name.value == "EVANS BANCORP INC"
    (owner,) = filing.reporting_owners
    assert owner.name.value == "SULLIVAN NORA B" and owner.street1.value == "6460 MAIN STREET"
    assert owner.street2.value is None and owner.city.value == "WILLIAMSVILLE"
    (row,) = filing.non_derivative_transactions
    assert row.transaction_code.value == "A" and row.shares.value == Decimal("519")
    assert row.shares.footnotes == ("F1",)
    assert row.price_per_share.value == Decimal("39.52")
    assert row.shares_owned_following.value == Decimal("5381.2")
    assert filing.signatures[0].name.value == "/s/Jessica L. Brosius, Attorney in Fact for Nora B. Sullivan"


def test_html_reader_reads_the_brookfield_form3_with_ten_owners(corpus: Path) -> None:
    filing = _read(corpus / "html" / "period2023-09-28_F3_TRTN_BROOKFIELD-Corp-ON_dgunning.html")
    assert filing.form.value == "3"
    assert filing.period_of_report.value == dt.date(2023, 9, 28)
    assert filing.issuer.name.value == "Triton International Ltd" and filing.issuer.trading_symbol.value == "TRTN"
    # Read on the page: box 1 at the top names BROOKFIELD Corp /ON/; after Table II, ten boxes name every owner,
    # BROOKFIELD Corp /ON/ (same address) first, then BAM Partners Trust ... BIF V Thanos Carry L.P. A filing holds
    # at most ten owners (the schema's maxOccurs), which is why the remarks say it is "filed in two parts".
    names = [o.name.value for o in filing.reporting_owners]
    assert names == ["BROOKFIELD Corp /ON/", "BAM Partners Trust", "BIPC Holding LP", "BIPC GP Holdings Inc.",
                     "Brookfield Infrastructure Partners L.P.", "Brookfield Infrastructure Partners Ltd",
                     "Brookfield Infrastructure Corp", "BIF V Bermuda GP Ltd", "BIF V Carry Splitter L.P.",
                     "BIF V Thanos Carry L.P."]
    first = filing.reporting_owners[0]
    assert first.name.value == "BROOKFIELD Corp /ON/"
    assert (first.city.value, first.state.value, first.zip_code.value) == ("TORONTO ONTARIO", "A6", "M5J2T3")
    assert first.is_ten_percent_owner.value is True and first.is_director.value is False
    # the name is hard-wrapped in the page source; the value reads as one line
    assert "BIF V Thanos Carry L.P." in [o.name.value for o in filing.reporting_owners]
    # the page shows relationships for the first owner only: the others' are not in the source, which the checks
    # say, rather than calling them boxes the filer left empty
    second = filing.reporting_owners[1]
    boxes = (second.is_director, second.is_officer, second.is_ten_percent_owner, second.is_other)
    assert all(box.value is None and not_in_source(box) for box in boxes)
    rules = {p.rule for p in check(filing)}
    assert "not-in-source" in rules and "missing-relationship" not in rules
    (holding,) = filing.non_derivative_holdings
    assert holding.security_title.value == "Common Shares, par value $0.01 per share"
    assert holding.shares_owned_following.value == Decimal("101158891")
    assert holding.shares_owned_following.footnotes == ("F1",)
    assert holding.nature_of_ownership.footnotes == ("F2", "F3")
    assert filing.footnotes[1].text.value == "See Exhibit 99.1 for text of footnote (2)."
    assert filing.remarks.value.startswith("On September 28, 2023, Brookfield Infrastructure Corporation")
    assert filing.signatures[0].date.value == dt.date(2023, 10, 10)


# ---- not a filing -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [
    b"<html><head><title>Quarterly report</title></head><body><p>Revenue grew.</p></body></html>",
    b"<!DOCTYPE html><html><body><table><tr><td>1. Name and Address of Reporting Person</td></tr></table></body></html>",
])
def test_html_reader_refuses_a_page_that_is_not_a_filing_naming_the_file(page: bytes) -> None:
    with pytest.raises(NotAFilingError) as caught:
        read_bytes(page, "report.html")
    assert str(caught.value).startswith("report.html: ")
    assert "not an EDGAR Form 3, 4 or 5" in str(caught.value)


def test_html_reader_expands_no_entities_declared_in_the_page(data: Path) -> None:
    page = (data / "html" / "cxai-form4-rendered.html").read_bytes()
    page = b'<!DOCTYPE html [<!ENTITY x "EXPANDED">]>' + page.replace(b"CXApp Inc.", b"CXApp &x; Inc.")
    filing = read_html(page, "entity.html")
    assert "EXPANDED" not in (filing.issuer.name.value or "")
    assert filing.issuer.trading_symbol.value == "CXAI"


def test_html_reader_gives_a_clear_error_for_an_empty_page() -> None:
    with pytest.raises(ReadError) as caught:
        read_html(b"   ", "blank.html")
    assert str(caught.value).startswith("blank.html: ")


def test_html_reader_keeps_entities_decoded_and_spans_on_the_entity(tmp_path: Path, data: Path) -> None:
    page = (data / "html" / "cxai-form4-rendered.html").read_bytes()
    page = page.replace(b"CXApp Inc.", b"CXApp &amp; Co.")
    filing = read_html(page, "amp.html")
    assert filing.issuer.name.value == "CXApp & Co."
    span = filing.issuer.name.source
    assert re.sub(r"\s+", " ", decode_text(page)[span.start : span.end]) == "CXApp &amp; Co."


@pytest.mark.parametrize("sample", ["cxai-form4-rendered.html", "scwo-form4-secgov.html"])
def test_html_reader_gives_a_filing_or_a_clear_error_for_damaged_pages(data: Path, sample: str) -> None:
    page = (data / "html" / sample).read_bytes()
    damaged = [page[: len(page) * k // 10] for k in range(1, 10)]  # cut short
    damaged += [page[: len(page) * k // 10] + page[len(page) * k // 10 + 500 :] for k in range(1, 10)]  # a hole
    damaged.append(page.replace(b"/2022", b"/20-2").replace(b"/2025", b"/20-5"))  # dates that do not parse
    for broken in damaged:
        try:
            filing = read_html(broken, "damaged.html")
        except ReadError as exc:
            assert str(exc).startswith("damaged.html: ")
        else:
            assert filing.document.kind == "html"
