"""The filing as EDGAR ownership XML: written from the current values, read back the same, valid against the SEC's
schema once the values it requires are there."""

from __future__ import annotations

import datetime as dt
import re
import tarfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from owner_country import US_STATES, with_country_moved

from form4viewer import readers
from form4viewer.edgar_xml import missing_for_xml, owner_address, ownership_xml, validate
from form4viewer.export import sec_lines
from form4viewer.model import Filing, ReportingOwner, Value
from form4viewer.readers import ownership
from form4viewer.sec_format import sec_rows
from form4viewer.sec_tables import COLUMNS, filing_rows

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def _compared(filing: Filing) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every value of the filing with its type and footnote ids (sources differ between the two readings)."""
    # repr keeps a Decimal's exponent: 0.50 and 0.5 are equal numbers but not the same value as filed.
    return [(path, repr(value.value), value.footnotes) for path, value in filing.values()
            if path not in ("accession_number", "filing_date")] + [("ids", repr(tuple(n.id for n in filing.footnotes)),
                                                                  ())]


def _differences(a: Filing, b: Filing) -> list[tuple[Any, Any]]:
    left, right = _compared(a), _compared(b)
    return [(x, y) for x, y in zip(left, right, strict=False) if x != y] + ([("length", (len(left), len(right)))]
                                                             if len(left) != len(right) else [])


@pytest.fixture(scope="module")
def schema(corpus: Path) -> Path:
    return corpus / "schema"


@pytest.mark.parametrize("name", ["tsla-form4-34-footnotes.xml", "u-form4-value-only-rows.xml", "mdb-form5.xml",
                                  "rtpy-form3-holdings-only.xml", "pdot-form4-ten-owners.xml",
                                  "c-form4a-elements-left-out.xml", "flme-form4-non-us-address.xml"])
def test_written_xml_reads_back_as_the_same_filing(data: Path, name: str) -> None:
    filing = readers.read(data / "ownership" / name)
    again = readers.read_bytes(ownership_xml(filing), name)
    assert _differences(with_country_moved(filing), again) == [], name


def test_every_corpus_xml_reads_back_the_same_and_validates_where_its_original_does(schema: Path) -> None:
    files = sorted((schema.parent / "xml").glob("*.xml"))
    assert len(files) == 935
    differ, written_valid, original_valid, only_original, answered_valid, unticked_valid = [], 0, 0, [], 0, 0
    unexplained: dict[str, list[str]] = {}
    for path in files:
        filing = readers.read(path)
        written = ownership_xml(filing)
        if _differences(with_country_moved(filing), readers.read_bytes(written, path.name)):
            differ.append(path.name)
        form = filing.form.value
        ok_written = not validate(written, form, schema)
        ok_original = not validate(path.read_bytes(), form, schema)
        written_valid += ok_written
        original_valid += ok_original
        if ok_original and not ok_written:
            only_original.append(path.name)
        unticked_valid += not validate(ownership_xml(filing, unticked_before_10b5_1_box=True), form, schema)
        if ok_written:
            assert missing_for_xml(filing) == [], path.name
            answered_valid += 1
            continue
        # Filed before the 10b5-1 box existed: today's schema requires an answer of Forms 4 and 5.
        unanswered = filing.aff10b5_one.value is None and form[0] in "45"
        assert missing_for_xml(filing) == ["Rule 10b5-1(c) plan (aff10b5_one)"] * unanswered, path.name
        answered = filing.replace_at("aff10b5_one", filing.aff10b5_one.corrected_to(False)) if unanswered else filing
        errors = validate(ownership_xml(answered), form, schema)
        if not errors:
            answered_valid += 1
        else:
            unexplained[path.name] = errors
    assert differ == []
    assert only_original == []
    # 14 originals hold EDGAR's code for a country (E9, Cayman Islands...) in rptOwnerState, as EDGAR disseminated
    # them, which today's schema refuses; written, the code is in rptOwnerCountry.
    # Written, 12 of them are valid as they are: 11 Forms 4 that answer the 10b5-1 box and a Form 3 (two Forms 4
    # predate the box).
    assert original_valid == 438
    assert written_valid == 438 + 12
    assert answered_valid == 935
    # Every one lacking the answer predates the box, so writing the unticked box makes the same documents valid.
    assert unticked_valid == 935
    assert unexplained == {}


def test_written_document_is_valid_and_keeps_decimals_exactly(data: Path, schema: Path) -> None:
    filing = readers.read(data / "checks" / "rum-form4-2024.xml")
    assert missing_for_xml(filing) == []
    written = ownership_xml(filing)
    assert validate(written, "4", schema) == []
    root = etree.fromstring(written)
    assert root.findtext("schemaVersion") == "X0508"
    prices = [row.price_per_share.value for row in filing.non_derivative_transactions]
    written_prices = root.xpath("//nonDerivativeTransaction//transactionPricePerShare/value/text()")
    assert written_prices == [format(price, "f") for price in prices]
    assert "6.7116" in root.xpath("//transactionPricePerShare/value/text()")


def test_a_corrected_value_is_what_is_written(data: Path, schema: Path) -> None:
    filing = readers.read(data / "checks" / "rum-form4-2024.xml")
    path = "non_derivative_transactions[0].shares"
    corrected = filing.replace_at(path, filing.get(path).corrected_to(Decimal("1234.5")))
    written = ownership_xml(corrected)
    assert etree.fromstring(written).xpath("//nonDerivativeTransaction[1]//transactionShares/value/text()") == [
        "1234.5"]
    assert readers.read_bytes(written, "corrected.xml").get(path).value == Decimal("1234.5")
    assert validate(written, "4", schema) == []


def _fill(filing: Filing, changes: dict[str, object]) -> Filing:
    for path, value in changes.items():
        filing = filing.replace_at(path, filing.get(path).corrected_to(value))
    return filing


def test_seed_printout_names_its_missing_values_and_validates_once_they_are_filled(schema: Path) -> None:
    filing = readers.read(SAMPLES / "qualys-form4-2013.txt")
    missing = missing_for_xml(filing)
    assert "Amount in Table I transactions, row 1 (non_derivative_transactions[0].shares)" in missing
    assert "Issuer CIK (issuer.cik)" in missing
    assert validate(ownership_xml(filing), "4", schema) != []
    filled = _fill(filing, {
        "aff10b5_one": False,
        "issuer.cik": "0001107843",
        "reporting_owners[0].cik": "0001234567",
        "non_derivative_transactions[0].shares": Decimal("10000"),
        "non_derivative_transactions[1].shares": Decimal("10000"),
        "derivative_transactions[0].acquired_disposed": "D",
        "derivative_transactions[0].price_per_share": Decimal("0"),
        "derivative_transactions[0].direct_or_indirect": "D",
        "derivative_transactions[0].shares_owned_following": Decimal("0"),
    })
    assert missing_for_xml(filled) == []
    written = ownership_xml(filled)
    assert validate(written, "4", schema) == []
    back = readers.read_bytes(written, "seed.xml")
    assert back.non_derivative_transactions[0].shares.value == Decimal("10000")
    assert back.issuer.cik.value == "0001107843"


def test_pdf_printout_validates_once_its_ciks_are_filled(schema: Path) -> None:
    filing = readers.read(SAMPLES / "microsoft-form4-2024.pdf")
    assert missing_for_xml(filing) == ["Issuer CIK (issuer.cik)", "CIK (reporting_owners[0].cik)"]
    filled = _fill(filing, {"issuer.cik": "0000789019", "reporting_owners[0].cik": "0001234567"})
    assert missing_for_xml(filled) == []
    written = ownership_xml(filled)
    assert validate(written, "4", schema) == []
    back = readers.read_bytes(written, "msft.xml")
    # A printout shows no form type or V column for a coded row: the form's number and "no swap" are written.
    implied = {"transaction_form_type", "equity_swap_involved"}
    assert [x for x, y in _differences(filled, back) if x[0].rsplit(".", 1)[-1] not in implied] == []
    assert {row.transaction_form_type.value for row in back.derivative_transactions} == {"4"}
    assert {row.equity_swap_involved.value for row in back.derivative_transactions} == {False}
    assert isinstance(back.period_of_report.value, dt.date)


def test_missing_for_xml_names_the_field_by_its_label_and_path(data: Path) -> None:
    filing = readers.read(data / "checks" / "rum-form4-2024.xml")
    path = "non_derivative_transactions[0].shares"
    lost = filing.replace_at(path, filing.get(path).corrected_to(None))
    assert missing_for_xml(lost) == ["Amount in Table I transactions, row 1 (non_derivative_transactions[0].shares)"]
    amendment = filing.replace_at("form", filing.form.corrected_to("4/A"))
    assert missing_for_xml(amendment) == [
        "If amendment, date original filed (date_of_original_submission)"]


def test_a_price_given_only_by_a_footnote_is_written_as_the_footnote_reference(data: Path) -> None:
    filing = readers.read(data / "checks" / "rum-form4-2024.xml")
    note = filing.footnotes[0].id
    path = "non_derivative_transactions[0].price_per_share"
    by_note = filing.replace_at(path, filing.get(path).corrected_to(None, (note,)))
    assert missing_for_xml(by_note) == []
    price = etree.fromstring(ownership_xml(by_note)).xpath(
        "//nonDerivativeTransaction[1]/transactionAmounts/transactionPricePerShare")[0]
    assert [child.tag for child in price] == ["footnoteId"]
    assert price[0].get("id") == note
    back = readers.read_bytes(ownership_xml(by_note), "by-note.xml").get(path)
    assert (back.value, back.footnotes) == (None, (note,))


def test_a_form4_from_before_the_10b5_1_box_is_written_unticked_only_when_asked(data: Path) -> None:
    filing = readers.read(data / "ownership" / "tsla-form4-34-footnotes.xml")
    assert filing.aff10b5_one.value is None
    assert missing_for_xml(filing) == ["Rule 10b5-1(c) plan (aff10b5_one)"]
    assert etree.fromstring(ownership_xml(filing)).find("aff10b5One") is None
    assert missing_for_xml(filing, unticked_before_10b5_1_box=True) == []
    root = etree.fromstring(ownership_xml(filing, unticked_before_10b5_1_box=True))
    assert root.findtext("aff10b5One") == "0"
    # A filing from after the box came in keeps its question open: nothing is assumed for it.
    later = filing.replace_at("period_of_report", filing.period_of_report.corrected_to(dt.date(2023, 4, 1)))
    assert missing_for_xml(later, unticked_before_10b5_1_box=True) == ["Rule 10b5-1(c) plan (aff10b5_one)"]
    assert etree.fromstring(ownership_xml(later, unticked_before_10b5_1_box=True)).find("aff10b5One") is None


def test_a_nature_of_ownership_given_only_by_its_footnote_is_written_with_an_empty_value(
    data: Path, schema: Path
) -> None:
    # EDGAR's filers write <natureOfOwnership><value></value><footnoteId id="F2"/>: the schema's INDIRECT_NATURE
    # requires the value element, where the other row elements take footnotes alone.
    filing = readers.read(data / "checks" / "rum-form4-2024.xml")
    note = filing.footnotes[0].id
    path = "non_derivative_transactions[0].nature_of_ownership"
    by_note = filing.replace_at(path, filing.get(path).corrected_to(None, (note,)))
    written = ownership_xml(by_note)
    nature = etree.fromstring(written).xpath("//nonDerivativeTransaction[1]//natureOfOwnership")[0]
    assert [(child.tag, child.text, child.get("id")) for child in nature] == [("value", None, None),
                                                                               ("footnoteId", None, note)]
    assert validate(written, "4", schema) == []
    back = readers.read_bytes(written, "by-note.xml").get(path)
    assert (back.value, back.footnotes) == (None, (note,))


# --------------------------------------------------------------------------------------------------------------
# Owners abroad


def _address(xml: bytes, owner: int) -> list[tuple[str, str | None]]:
    found = etree.fromstring(xml).xpath(f"reportingOwner[{owner}]/reportingOwnerAddress")
    return [(child.tag, child.text) for child in found[0]] if found else []


def test_an_irish_owner_filed_with_its_country_code_in_the_state_is_written_with_it_in_rptownercountry(
    data: Path, schema: Path
) -> None:
    # As filed (2023): <rptOwnerState>L2</rptOwnerState>, <rptOwnerStateDescription>IRELAND</...>; today's schema
    # takes only US codes in rptOwnerState and L2 (IRELAND) is one of rptOwnerCountry's.
    filing = readers.read(data / "ownership" / "flme-form4-non-us-address.xml")
    ireland = filing.reporting_owners[0]
    assert (ireland.state.value, ireland.country.value) == ("L2", None)
    written = ownership_xml(filing)
    assert _address(written, 1) == [
        ("rptOwnerNonUSAddressFlag", "1"),
        ("rptOwnerStreet1", "33 SIR JOHN ROGERSON'S QUAY"),
        ("rptOwnerCity", "DUBLIN"),
        ("rptOwnerCountry", "L2"),
        ("rptOwnerZipCode", "D2"),
        ("rptOwnerStateDescription", "IRELAND"),
    ]
    # The two owners in Nevada keep their state and have no flag or country.
    for reno in (2, 3):
        address = dict(_address(written, reno))
        assert (address["rptOwnerCity"], address["rptOwnerState"]) == ("RENO", "NV")
        assert "rptOwnerCountry" not in address and "rptOwnerNonUSAddressFlag" not in address
    assert missing_for_xml(filing) == []
    assert validate(written, "4", schema) == []
    back = readers.read_bytes(written, "flme.xml").reporting_owners[0]
    assert (back.state.value, back.country.value, back.state_description.value, back.city.value) == (
        None, "L2", "IRELAND", "DUBLIN")


def test_a_document_in_todays_form_reads_its_country_and_writes_it_back_unchanged(
    data: Path, schema: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = ownership_xml(readers.read(data / "ownership" / "flme-form4-non-us-address.xml"))
    today = readers.read_bytes(written, "today.xml")
    owner = today.reporting_owners[0]
    assert owner.country.value == "L2"
    assert owner.country.source.path == "/ownershipDocument/reportingOwner[1]/reportingOwnerAddress/rptOwnerCountry"
    # The pure-Python reader reads it alike (the accelerator, when installed, read it above).
    monkeypatch.setattr(ownership, "ACCELERATED", False)
    assert readers.read_bytes(written, "today.xml") == today
    again = ownership_xml(today)
    assert again == written
    assert _differences(today, readers.read_bytes(again, "again.xml")) == []
    assert validate(again, "4", schema) == []


def test_a_printed_owner_in_london_is_written_with_the_country_code_its_xml_has(data: Path, schema: Path) -> None:
    # EDGAR's page prints the address as "LONDON, X0 SW10 9JE"; the XML it was made from has X0 in rptOwnerState.
    printed = readers.read(data / "pdf" / "edgar-print-acab-london-2023.pdf")
    filed = readers.read(data / "pdf" / "edgar-print-acab-london-2023.xml")
    assert [o.state.value for o in filed.reporting_owners] == ["X0", "NY"]
    london, new_york = (dict(_address(ownership_xml(printed), i)) for i in (1, 2))
    assert (london.get("rptOwnerCountry"), london.get("rptOwnerState"), london["rptOwnerCity"]) == (
        "X0", None, "LONDON")
    assert (new_york.get("rptOwnerCountry"), new_york["rptOwnerState"]) == (None, "NY")
    # The same address as the document the page was made from writes, but for the state description (UNITED
    # KINGDOM), which EDGAR's page does not print.
    from_xml = dict(_address(ownership_xml(filed), 1))
    assert from_xml.pop("rptOwnerStateDescription") == "UNITED KINGDOM"
    assert london == from_xml


@pytest.mark.parametrize(("state", "country", "description", "address"), [
    # A printout's country read from the address (into the state description), the state left out.
    (None, None, "UNITED KINGDOM", {"rptOwnerNonUSAddressFlag": "1", "rptOwnerCountry": "X0",
                                    "rptOwnerStateDescription": "UNITED KINGDOM"}),
    (None, None, "Ontario,  Canada", {"rptOwnerNonUSAddressFlag": "1", "rptOwnerCountry": "A6",
                                      "rptOwnerStateDescription": "Ontario,  Canada"}),
    # The schema's "CANADA (FEDERAL LEVEL)" is the only Canada without a province.
    (None, "Canada", None, {"rptOwnerNonUSAddressFlag": "1", "rptOwnerCountry": "Z4"}),
    (None, "M0", "JAPAN", {"rptOwnerNonUSAddressFlag": "1", "rptOwnerCountry": "M0",
                           "rptOwnerStateDescription": "JAPAN"}),
    # Puerto Rico is a US code: it stays the state, with its description.
    ("PR", None, "PUERTO RICO", {"rptOwnerState": "PR", "rptOwnerStateDescription": "PUERTO RICO"}),
    ("ca", None, None, {"rptOwnerState": "CA"}),
    # EDGAR's code for the United States, as three 2023 filings of a Nashville owner have it in rptOwnerState: a
    # country, but not an address abroad.
    ("X1", None, None, {"rptOwnerCountry": "X1"}),
])
def test_an_owners_state_and_country_are_written_where_todays_schema_takes_them(
    state: str | None, country: str | None, description: str | None, address: dict[str, str]
) -> None:
    owner = ReportingOwner(city=Value("SOMEWHERE"), state=Value(state), country=Value(country),
                           state_description=Value(description))
    assert dict(owner_address(owner)) == {"rptOwnerCity": "SOMEWHERE", **address}


def test_a_state_or_country_that_is_no_edgar_code_is_kept_and_named(data: Path, schema: Path) -> None:
    filing = readers.read(data / "ownership" / "flme-form4-non-us-address.xml")
    ontario = filing.replace_at("reporting_owners[0].state", filing.get("reporting_owners[0].state").corrected_to("ON"))
    assert missing_for_xml(ontario) == [
        "State (reporting_owners[0].state): 'ON' is no US state's code (a place abroad is written as its country)"]
    written = ownership_xml(ontario)
    assert dict(_address(written, 1))["rptOwnerState"] == "ON"
    assert validate(written, "4", schema) != []
    both = filing.replace_at("reporting_owners[0].country",
                             filing.get("reporting_owners[0].country").corrected_to("ATLANTIS"))
    assert missing_for_xml(both) == [
        "State (reporting_owners[0].state): 'L2' is EDGAR's code for IRELAND, and the country says another",
        "Country (outside the US) (reporting_owners[0].country): 'ATLANTIS' is none of EDGAR's country codes"]
    assert {tag: text for tag, text in _address(ownership_xml(both), 1)
            if tag in ("rptOwnerState", "rptOwnerCountry")} == {"rptOwnerState": "L2", "rptOwnerCountry": "ATLANTIS"}


_OWNER_STATE = re.compile(rb"<rptOwnerState>([^<]*)</rptOwnerState>")


@pytest.mark.slow
@pytest.mark.corpus
def test_every_bulk_submission_with_an_owner_abroad_writes_a_valid_document_that_reads_back_the_same(
    schema: Path,
) -> None:
    # The 17,949 Form 4 submissions of 2023 Q1-Q3: those whose XML has an owner's rptOwnerState outside the SEC's
    # US list (all of them EDGAR's country codes, as it disseminated them then), found by the bytes alone.
    checked, invalid, differ, missing = 0, {}, [], {}
    with tarfile.open(schema.parent / "bulk" / "form4-full-submissions-2023q1-q3.tar.xz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            data = archive.extractfile(member).read()  # type: ignore[union-attr]
            if all(code.strip().decode() in US_STATES or not code.strip() for code in _OWNER_STATE.findall(data)):
                continue
            checked += 1
            name = member.name.rsplit("/", 1)[-1]
            filing = readers.read_bytes(data, name)
            if _differences(with_country_moved(filing), readers.read_bytes(ownership_xml(filing), name)):
                differ.append(name)
            if missing_for_xml(filing, unticked_before_10b5_1_box=True):
                missing[name] = missing_for_xml(filing, unticked_before_10b5_1_box=True)
            errors = validate(ownership_xml(filing, unticked_before_10b5_1_box=True), filing.form.value, schema)
            if errors:
                invalid[name] = errors
    assert checked == 445
    assert differ == []
    assert missing == {}
    assert invalid == {}


def test_the_sec_tables_give_an_owner_abroad_the_same_code_from_todays_form_as_from_the_filed_one(data: Path) -> None:
    # The SEC's REPORTINGOWNER.RPTOWNER_STATE is the owner's "state or country code": Ireland's L2 whether the
    # document has it in rptOwnerState (as filed in 2023) or in rptOwnerCountry (today's form).
    filed = readers.read(data / "ownership" / "flme-form4-non-us-address.xml")
    today = readers.read_bytes(ownership_xml(filed), "today.xml")
    assert (today.reporting_owners[0].state.value, today.reporting_owners[0].country.value) == (None, "L2")
    at = COLUMNS["REPORTINGOWNER"].index("RPTOWNER_STATE")
    for filing in (filed, today):
        assert [line[at] for line in sec_lines("K", filing)["REPORTINGOWNER.csv"]] == ["L2", "NV", "NV"]
        assert [line[at] for line in sec_rows("K", filing)["REPORTINGOWNER"]] == ["L2", "NV", "NV"]
        assert [line[at] for line in filing_rows(filing)["REPORTINGOWNER"]] == ["L2", "NV", "NV"]
