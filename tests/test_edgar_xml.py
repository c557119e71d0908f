"""The filing as EDGAR ownership XML: written from the current values, read back the same, valid against the SEC's
schema once the values it requires are there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from owner_country import with_country_moved

from form4viewer import readers
from form4viewer.edgar_xml import missing_for_xml, ownership_xml, validate
from form4viewer.model import Filing

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
