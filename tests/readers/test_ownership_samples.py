"""Hand-checked values on real filings of every shape: each assertion is a value read off the file by eye."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer.contract import to_contract
from form4viewer.errors import ReadError
from form4viewer.readers import read
from form4viewer.sources import XmlPath

OWNERSHIP = Path(__file__).parents[1] / "data" / "ownership"


def test_ten_owner_form4_reads_every_owner_and_puts_coding_footnotes_on_the_code() -> None:
    filing = read(OWNERSHIP / "pdot-form4-ten-owners.xml")
    assert filing.form.value == "4"
    assert filing.period_of_report.value == dt.date(2023, 3, 13)
    assert filing.not_subject_to_section16.value is True
    assert filing.issuer.name.value == "Peridot Acquisition Corp. II"
    assert filing.issuer.trading_symbol.value == "PDOT"
    names = [owner.name.value for owner in filing.reporting_owners]
    assert names == [
        "Peridot Acquisition Sponsor II, LLC", "CEC AVENTURINE HOLDINGS, LLC", "CARNELIAN ENERGY CAPITAL III, L.P.",
        "CARNELIAN ENERGY CAPITAL GP III, L.P.", "CARNELIAN ENERGY CAPITAL HOLDINGS, LLC", "Ackerman Tomas",
        "Goodman Daniel", "Levande Alan B", "YEARWOOD JUNE", "Prochazka Scott M",
    ]
    sponsor = filing.reporting_owners[0]
    assert (sponsor.is_ten_percent_owner.value, sponsor.is_other.value, sponsor.other_text.value) == (
        True, True, "See Remarks")
    assert sponsor.street2.value == "2229 SAN FELIPE STREET, SUITE 1450"
    assert filing.reporting_owners[1].street2.value is None  # <rptOwnerStreet2></rptOwnerStreet2>
    # The fourth owner's name is the fourth <reportingOwner>'s, on line 85.
    assert filing.reporting_owners[3].name.source == XmlPath(
        "/ownershipDocument/reportingOwner[4]/reportingOwnerId/rptOwnerName", 85)

    first, second = filing.derivative_transactions
    assert first.security_title.value == "Class B Ordinary Shares"
    assert first.security_title.footnotes == ()
    assert first.conversion_or_exercise_price.footnotes == ("F1",)
    assert first.transaction_code.value == "D"
    assert first.transaction_code.footnotes == ("F2", "F3")  # on <transactionCoding>
    assert first.shares.value == Decimal("10121368") and first.shares.footnotes == ("F2", "F3")
    assert first.price_per_share.text == "0.00"
    assert first.underlying_security_title.value == "Class A Ordinary Shares"
    assert first.shares_owned_following.value == Decimal("0")
    assert second.shares.value == Decimal("90000") and second.transaction_code.footnotes == ("F4",)
    assert filing.remarks.value.startswith('This "Exit" Form 4 is filed to report that')
    assert [(sig.name.value, sig.date.value) for sig in filing.signatures] == [
        ("/s/ See signatures included in Exhibit 99.1", dt.date(2023, 3, 13))]


def test_form4_with_34_footnotes_keeps_them_all_in_order() -> None:
    filing = read(OWNERSHIP / "tsla-form4-34-footnotes.xml")
    assert [note.id for note in filing.footnotes] == [f"F{i}" for i in range(1, 35)]
    assert filing.footnotes[0].text.value.startswith(
        "THE TRANSACTIONS REPORTED ON THIS FORM 4 WERE AUTOMATICALLY EFFECTED PURSUANT TO A RULE 10B5-1")
    assert filing.footnotes[33].text.value.endswith(
        "23,737,050 of the shares subject to this option have vested and 2,637,455 of the shares have not vested.")
    assert filing.footnotes[33].text.source == XmlPath("/ownershipDocument/footnotes/footnote[34]", 1365)
    owner = filing.reporting_owners[0]
    assert (owner.name.value, owner.officer_title.value) == ("Musk Elon", "CEO")
    assert (owner.is_director.value, owner.is_officer.value, owner.is_ten_percent_owner.value) == (True, True, True)
    row = filing.non_derivative_transactions[0]
    assert (row.transaction_code.value, row.transaction_code.footnotes) == ("M", ("F1",))
    assert row.shares.value == Decimal("1554176") and row.price_per_share.value == Decimal("6.24")
    assert row.acquired_disposed.value == "A" and row.direct_or_indirect.value == "D"
    assert row.deemed_execution_date.value is None and row.transaction_timeliness.value is None
    assert "F1" in filing.footnote_citations()


def test_form3_with_only_a_holding_keeps_footnotes_that_stand_for_values() -> None:
    filing = read(OWNERSHIP / "rtpy-form3-holdings-only.xml")
    assert filing.form.value == "3"
    assert filing.no_securities_owned.value is False
    assert filing.issuer.cik.value == "0001828108"
    assert filing.non_derivative_transactions == () and filing.derivative_transactions == ()
    assert filing.non_derivative_holdings == ()
    (holding,) = filing.derivative_holdings
    assert holding.security_title.value == "Class B ordinary shares"
    # Price, exercise and expiration dates are given only as footnotes F1 and F2.
    for field in ("conversion_or_exercise_price", "exercise_date", "expiration_date"):
        value = getattr(holding, field)
        assert (value.value, value.footnotes) == (None, ("F1", "F2")), field
    assert holding.underlying_shares.value == Decimal("24317500")
    assert (holding.direct_or_indirect.value, holding.nature_of_ownership.value) == ("I", "See Footnote")
    assert holding.nature_of_ownership.footnotes == ("F2",)
    assert 'under the heading "Description of Securities-Founder Shares"' in filing.footnotes[0].text.value
    assert filing.remarks.value == "Exhibit 24 - Power of Attorney"
    row = to_contract(filing)["derivative_holdings"][0]
    assert set(row) - {"footnotes"} == {
        "security_title", "conversion_or_exercise_price", "transaction_form_type", "exercise_date",
        "expiration_date", "underlying_security_title", "underlying_shares", "underlying_value",
        "shares_owned_following", "value_owned_following", "direct_or_indirect", "nature_of_ownership"}


def test_form5_reads_its_boxes_and_form_type_5_rows() -> None:
    filing = read(OWNERSHIP / "mdb-form5.xml")
    assert filing.form.value == "5"
    assert filing.period_of_report.value == dt.date(2020, 1, 31)
    assert (filing.form3_holdings_reported.value, filing.form4_transactions_reported.value) == (False, False)
    assert filing.issuer.name.value == "MongoDB, Inc."
    assert filing.reporting_owners[0].officer_title.value is None
    gift, received = filing.non_derivative_transactions
    assert (gift.transaction_form_type.value, gift.transaction_code.value) == ("5", "G")
    assert gift.transaction_date.value == dt.date(2020, 3, 4)
    assert (gift.shares.value, gift.shares.footnotes, gift.acquired_disposed.value) == (Decimal(3936), ("F1",), "D")
    assert gift.shares_owned_following.value == Decimal(1057)
    assert received.acquired_disposed.value == "A"
    assert received.nature_of_ownership.value == "By Estate Planning Vehicles"
    assert filing.derivative_transactions == ()
    assert filing.signatures[0].date.value == dt.date(2020, 3, 13)


def test_form4_amendment_with_true_false_booleans_and_left_out_elements() -> None:
    filing = read(OWNERSHIP / "c-form4a-elements-left-out.xml")
    assert filing.form.value == "4/A"
    assert filing.date_of_original_submission.value == dt.date(2025, 10, 22)
    assert filing.schema_version == "X0508"
    assert filing.not_subject_to_section16.value is None  # left out
    assert filing.aff10b5_one.value is False
    owner = filing.reporting_owners[0]
    assert (owner.is_director.value, owner.is_officer.value, owner.is_other.value) == (True, True, False)
    assert owner.officer_title.value == "Chair & CEO"  # &amp; decoded
    row = filing.non_derivative_transactions[0]
    assert row.shares.value == Decimal("259605.4") and row.shares.footnotes == ("F1",)
    assert row.shares_owned_following.text == "886023.62"
    assert row.equity_swap_involved.value is False
    option = filing.derivative_transactions[0]
    assert option.conversion_or_exercise_price.value == Decimal("96.3")
    assert (option.exercise_date.value, option.exercise_date.footnotes) == (None, ("F2",))
    assert option.expiration_date.value == dt.date(2035, 10, 22)


def test_value_only_row_reads_total_value_and_value_owned_following() -> None:
    filing = read(OWNERSHIP / "u-form4-value-only-rows.xml")
    (notes,) = filing.derivative_transactions
    assert notes.security_title.value == "2.0% Convertible Senior Notes due 2027"
    assert (notes.conversion_or_exercise_price.value, notes.conversion_or_exercise_price.footnotes) == (
        Decimal("48.8935"), ("F1",))
    assert notes.shares.value is None
    assert notes.total_value.value == Decimal("60000000")
    assert notes.value_owned_following.value == Decimal("60000000")
    assert notes.shares_owned_following.value is None
    assert notes.underlying_shares.value == Decimal("1227156")
    assert (notes.nature_of_ownership.value, notes.nature_of_ownership.footnotes) == (
        "Sequoia Capital Fund, LP", ("F2",))
    item = to_contract(filing)["derivative_transactions"][0]
    assert (item["total_value"], item["shares"], item["value_owned_following"]) == ("60000000", None, "60000000")


def test_owner_outside_the_us_keeps_state_code_and_country() -> None:
    filing = read(OWNERSHIP / "flme-form4-non-us-address.xml")
    ireland, advisors, person = filing.reporting_owners
    assert ireland.name.value == "Pilgrim Global ICAV"
    assert ireland.street1.value == "33 SIR JOHN ROGERSON'S QUAY"
    assert (ireland.city.value, ireland.state.value, ireland.zip_code.value) == ("DUBLIN", "L2", "D2")
    assert ireland.state_description.value == "IRELAND"
    assert (advisors.city.value, advisors.state.value, advisors.state_description.value) == ("RENO", "NV", None)
    assert person.name.value == "Maupin Darren"


def test_closing_tag_split_by_edgars_line_wrap_is_joined_and_the_footnote_read_whole() -> None:
    path = OWNERSHIP / "snhy-form4-wrapped-closing-tag.xml"
    filing = read(path)
    (note,) = filing.footnotes
    assert note.text.value.startswith("Each phantom share represents the value of a share of the Registrant's")
    assert note.text.value.endswith("upon the termination of Mr. Robson's employment.")
    assert note.text.source == XmlPath("/ownershipDocument/footnotes/footnote", 177)
    assert filing.document.notes == (
        "line 177: the closing tag </footnote> was split by a line break (EDGAR wrapped long lines); "
        "it was joined again",)
    # Everything after the repair keeps its line: the signature is on line 182 of the file.
    assert filing.signatures[0].name.source.line == 182
    assert filing.signatures[0].name.value == "Paul R. Lynch, as Attorney-in-Fact for PETER G. ROBSON"
    (phantom,) = filing.derivative_transactions
    assert phantom.shares.value == Decimal("809.7166")
    assert phantom.price_per_share.footnotes == ("F1",)


def test_split_tag_is_not_joined_into_an_element_the_document_never_opens(tmp_path: Path) -> None:
    text = (OWNERSHIP / "snhy-form4-wrapped-closing-tag.xml").read_text()
    path = tmp_path / "other.xml"
    path.write_text(text.replace("</fo\notnote>", "</foot\nbar>"))
    with pytest.raises(ReadError, match="not well-formed") as caught:
        read(path)
    assert caught.value.line == 178


def test_sec_sample_with_a_mismatched_tag_is_refused_naming_file_line_and_tags() -> None:
    path = OWNERSHIP / "secsample-form4-mismatched-tag.xml"
    with pytest.raises(ReadError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}, line 49: the XML is not well-formed: <rptOwnerCounrty> (opened on line 49) is closed by "
        "</rptOwnerState>; the tags do not match")


def test_sec_sample_form4_reads_its_value_only_holding_and_remarks() -> None:
    filing = read(OWNERSHIP / "secsample-form4.xml")
    assert filing.issuer.cik.value == "1212121212"
    assert filing.issuer.name.value is None  # the sample leaves the name out
    assert [owner.cik.value for owner in filing.reporting_owners] == ["0000343434", "1212121212"]
    assert filing.remarks.value == "This is just a general comment."
    options = filing.non_derivative_holdings[1]
    assert options.security_title.value == "Common Stock Options"
    assert (options.shares_owned_following.value, options.value_owned_following.value) == (None, Decimal("2222.33"))
    assert options.direct_or_indirect.value == "I"


@pytest.mark.parametrize("name", sorted(p.name for p in OWNERSHIP.glob("*.xml") if "mismatched" not in p.name))
def test_element_by_element_lookup_reads_the_same_as_the_single_pass(name: str, monkeypatch) -> None:
    """The reader walks each row once; where a tag repeats it looks fields up one by one instead. Both ways must
    read every sample identically, sources included."""
    from form4viewer.readers import ownership

    fast = read(OWNERSHIP / name)

    def repeated(*args: object) -> None:
        raise ownership._RepeatedError

    monkeypatch.setattr(ownership._Walker, "_single_pass", repeated)
    assert read(OWNERSHIP / name) == fast


def test_repeated_element_reads_the_first_with_an_indexed_path(tmp_path: Path) -> None:
    text = (OWNERSHIP / "mdb-form5.xml").read_text()
    title = "<securityTitle>\n                <value>Class A Common Stock</value>\n            </securityTitle>"
    assert title in text
    path = tmp_path / "twice.xml"
    path.write_text(text.replace(title, title + "\n            <securityTitle><value>Other</value></securityTitle>", 1))
    first = read(path).non_derivative_transactions[0]
    assert first.security_title.value == "Class A Common Stock"
    assert first.security_title.source == XmlPath(
        "/ownershipDocument/nonDerivativeTable/nonDerivativeTransaction[1]/securityTitle[1]/value", 48)
    assert first.shares.value == Decimal(3936) and first.shares.footnotes == ("F1",)
