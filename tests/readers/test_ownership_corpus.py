"""Every well-formed ownership XML and every full submission in the corpus extracts exactly as filed.

What "as filed" means is worked out here independently of the reader: the XML is walked with the standard
library's ElementTree and this module's own map of element names, and the extract contract must match it field for
field (values, per-field footnote ids, footnotes, remarks, signatures, owners). Sources are checked too: each path
finds the element again, and each line of the file holds the text read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import pytest

from form4viewer.contract import to_contract
from form4viewer.model import TABLE_FIELDS, Filing
from form4viewer.readers import decode_text, read
from form4viewer.sources import TextSpan, XmlPath

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _files(pattern: str) -> list[Path]:
    return sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []


XML_FILES = _files("xml/*.xml")
SUBMISSIONS = _files("sgml/*.txt")
ENVELOPES = _files("sgml/sec-samples/*.xml")

# ---- the independent reading --------------------------------------------------------------------------------

TOP = {
    "form": "documentType",
    "period_of_report": "periodOfReport",
    "date_of_original_submission": "dateOfOriginalSubmission",
    "no_securities_owned": "noSecuritiesOwned",
    "not_subject_to_section16": "notSubjectToSection16",
    "form3_holdings_reported": "form3HoldingsReported",
    "form4_transactions_reported": "form4TransactionsReported",
    "aff10b5_one": "aff10b5One",
}
OWNER = {
    "cik": "reportingOwnerId/rptOwnerCik",
    "name": "reportingOwnerId/rptOwnerName",
    "street1": "reportingOwnerAddress/rptOwnerStreet1",
    "street2": "reportingOwnerAddress/rptOwnerStreet2",
    "city": "reportingOwnerAddress/rptOwnerCity",
    "state": "reportingOwnerAddress/rptOwnerState",
    "zip_code": "reportingOwnerAddress/rptOwnerZipCode",
    "state_description": "reportingOwnerAddress/rptOwnerStateDescription",
    "country": "reportingOwnerAddress/rptOwnerCountry",
    "is_director": "reportingOwnerRelationship/isDirector",
    "is_officer": "reportingOwnerRelationship/isOfficer",
    "is_ten_percent_owner": "reportingOwnerRelationship/isTenPercentOwner",
    "is_other": "reportingOwnerRelationship/isOther",
    "officer_title": "reportingOwnerRelationship/officerTitle",
    "other_text": "reportingOwnerRelationship/otherText",
}
# Row fields: (element below the row, whether the text sits in a <value> child)
ROW = {
    "security_title": ("securityTitle", True),
    "conversion_or_exercise_price": ("conversionOrExercisePrice", True),
    "transaction_date": ("transactionDate", True),
    "deemed_execution_date": ("deemedExecutionDate", True),
    "transaction_form_type": ("transactionCoding/transactionFormType", False),
    "transaction_code": ("transactionCoding/transactionCode", False),
    "equity_swap_involved": ("transactionCoding/equitySwapInvolved", False),
    "transaction_timeliness": ("transactionTimeliness", True),
    "shares": ("transactionAmounts/transactionShares", True),
    "total_value": ("transactionAmounts/transactionTotalValue", True),
    "price_per_share": ("transactionAmounts/transactionPricePerShare", True),
    "acquired_disposed": ("transactionAmounts/transactionAcquiredDisposedCode", True),
    "exercise_date": ("exerciseDate", True),
    "expiration_date": ("expirationDate", True),
    "underlying_security_title": ("underlyingSecurity/underlyingSecurityTitle", True),
    "underlying_shares": ("underlyingSecurity/underlyingSecurityShares", True),
    "underlying_value": ("underlyingSecurity/underlyingSecurityValue", True),
    "shares_owned_following": ("postTransactionAmounts/sharesOwnedFollowingTransaction", True),
    "value_owned_following": ("postTransactionAmounts/valueOwnedFollowingTransaction", True),
    "direct_or_indirect": ("ownershipNature/directOrIndirectOwnership", True),
    "nature_of_ownership": ("ownershipNature/natureOfOwnership", True),
}
TABLES = {
    "non_derivative_transactions": ("nonDerivativeTable", "nonDerivativeTransaction"),
    "non_derivative_holdings": ("nonDerivativeTable", "nonDerivativeHolding"),
    "derivative_transactions": ("derivativeTable", "derivativeTransaction"),
    "derivative_holdings": ("derivativeTable", "derivativeHolding"),
}
NUMBERS = {"conversion_or_exercise_price", "shares", "total_value", "price_per_share", "underlying_shares",
           "underlying_value", "shares_owned_following", "value_owned_following"}
DATES = {"period_of_report", "date_of_original_submission", "transaction_date", "deemed_execution_date",
         "exercise_date", "expiration_date"}
FLAGS = {"no_securities_owned", "not_subject_to_section16", "form3_holdings_reported",
         "form4_transactions_reported", "aff10b5_one", "is_director", "is_officer", "is_ten_percent_owner",
         "is_other", "equity_swap_involved"}
UPPER = {"form", "transaction_code", "acquired_disposed", "direct_or_indirect"}


def _as_contract(name: str, text: str) -> Any:
    """The contract's form of a value as filed."""
    if not text:
        return None
    if name in NUMBERS:
        return format(Decimal(text.replace(",", "")), "f")
    if name in DATES:
        return text[:10]
    if name in FLAGS:
        return {"1": True, "true": True, "0": False, "false": False}[text.lower()]
    if name in UPPER:
        return text.upper()
    return text


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _ids(element: ET.Element | None) -> list[str]:
    return [note.get("id", "").strip() for note in element.findall("footnoteId")] if element is not None else []


def expected_contract(root: ET.Element) -> dict[str, Any]:
    """The extract contract of an <ownershipDocument>, read without the project's reader."""
    out: dict[str, Any] = {}
    for name, tag in TOP.items():
        out[name] = _as_contract(name, _text(root.find(tag)))
    out["issuer"] = {
        "cik": _text(root.find("issuer/issuerCik")) or None,
        "name": _text(root.find("issuer/issuerName")) or None,
        "trading_symbol": _text(root.find("issuer/issuerTradingSymbol")) or None,
    }
    out["reporting_owners"] = [
        {name: _as_contract(name, _text(owner.find(path))) for name, path in OWNER.items()}
        for owner in root.findall("reportingOwner")
    ]
    for table, (table_tag, row_tag) in TABLES.items():
        rows = []
        for row in root.findall(f"{table_tag}/{row_tag}"):
            item: dict[str, Any] = {}
            notes: dict[str, list[str]] = {}
            coding_ids = _ids(row.find("transactionCoding"))
            coding_field = "transaction_code" if "transaction_code" in TABLE_FIELDS[table] else "transaction_form_type"
            for name in TABLE_FIELDS[table]:
                path, in_value = ROW[name]
                holder = row.find(path)
                value_el = holder.find("value") if holder is not None and in_value else None
                item[name] = _as_contract(name, _text(value_el if value_el is not None else holder))
                ids = _ids(holder) + (coding_ids if name == coding_field else [])
                if ids:
                    notes[name] = ids
            item["footnotes"] = notes
            rows.append(item)
        out[table] = rows
    out["footnotes"] = [
        {"id": note.get("id", "").strip(), "text": _text(note) or None} for note in root.findall("footnotes/footnote")
    ]
    out["remarks"] = _text(root.find("remarks")) or None
    out["signatures"] = [
        {"name": _text(sig.find("signatureName")) or None,
         "date": _as_contract("period_of_report", _text(sig.find("signatureDate")))}
        for sig in root.findall("ownerSignature")
    ]
    return out


def _undo_line_wrap(xml: str) -> str:
    """EDGAR's old 1,023-column wrap split `</footnote>` in one 2006 filing; as filed, the tag is whole."""
    return re.sub(r"</(\w+)\r?\n(\w+)>", r"</\1\2>", xml)


def _submission_xml(path: Path) -> str:
    """The <XML> block of the Form 3/4/5 document of a full submission, found with a plain regular expression."""
    text = path.read_bytes().decode("utf-8")
    for document in re.findall(r"<DOCUMENT>(.*?)</DOCUMENT>", text, re.S):
        kind = re.search(r"<TYPE>([^<\r\n]*)", document)
        block = re.search(r"<XML>\s*(.*?)</XML>", document, re.S)
        if kind and kind[1].strip() in ("3", "3/A", "4", "4/A", "5", "5/A") and block:
            return block[1]
    raise AssertionError(f"{path.name} has no ownership XML")


def _lines(path: Path) -> list[str]:
    # Lines as a person's editor counts them: LF, CRLF or a lone CR ends a line.
    return path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _compare(filing: Filing, expected: dict[str, Any], file: str) -> None:
    got = to_contract(filing, file, extras=False)
    got.pop("file")
    top_notes = got.pop("field_footnotes", {})
    assert top_notes == {}, "top-level fields carry no footnotes in the ownership schema"
    for key in expected:
        assert got[key] == expected[key], f"{file}: {key} differs"
    assert set(got) == set(expected)


def _check_sources(filing: Filing, root: ET.Element, path: Path) -> None:
    """Each value's path finds its element in the XML, and its line of the file holds the text read."""
    lines = _lines(path)
    for field, value in filing.values():
        source = value.source
        if source is None:
            continue
        if field in ("accession_number", "filing_date"):  # from the submission's header: a span of its text
            assert isinstance(source, TextSpan), field
            assert decode_text(path.read_bytes())[source.start:source.end] == value.raw
            continue
        assert isinstance(source, XmlPath), field
        steps = source.path.split("/")
        assert steps[1] == "ownershipDocument", source.path
        element = root.find("/".join(steps[2:])) if len(steps) > 2 else root
        assert element is not None, f"{field}: {source.path} finds nothing"
        if value.raw:
            assert _text(element) == value.raw, f"{field}: {source.path}"
        if value.raw and source.line is not None:
            first = value.raw.splitlines()[0][:40]
            line = lines[source.line - 1]
            assert first in line or escape(first, quote=False) in line or escape(first) in line \
                or escape(first).replace("&#x27;", "&apos;") in line, f"{field}: line {source.line} of {path.name}"


@pytest.mark.corpus
@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_ownership_xml_extracts_exactly_as_filed(path: Path, corpus: Path) -> None:
    filing = read(path)
    root = ET.fromstring(path.read_bytes())
    _compare(filing, expected_contract(root), str(path))
    _check_sources(filing, root, path)
    assert filing.document.kind == "xml"
    assert all(value.confidence == 1.0 for _, value in filing.values())


@pytest.mark.corpus
@pytest.mark.parametrize("path", SUBMISSIONS, ids=lambda p: p.name)
def test_full_submission_extracts_exactly_as_filed(path: Path, corpus: Path) -> None:
    filing = read(path)
    text = path.read_bytes().decode("utf-8")
    accession = re.search(r"ACCESSION NUMBER:\s*(\S+)|<ACCESSION-NUMBER>([^<\r\n]+)", text)
    filed = re.search(r"FILED AS OF DATE:\s*(\d{8})|<FILING-DATE>(\d{8})", text)
    assert accession and filed
    assert filing.accession_number.value == (accession[1] or accession[2]).strip()
    day = filed[1] or filed[2]
    assert filing.filing_date.text == f"{day[:4]}-{day[4:6]}-{day[6:]}"
    if "_preXML" in path.name:
        assert filing.document.kind == "sgml" and filing.reporting_owners, "the plain-text Form 4 is read as text"
        return
    root = ET.fromstring(_undo_line_wrap(_submission_xml(path)))
    _compare(filing, expected_contract(root), str(path))
    _check_sources(filing, root, path)
    assert filing.document.kind == "sgml"


@pytest.mark.corpus
@pytest.mark.parametrize("path", ENVELOPES, ids=lambda p: p.name)
def test_sec_sample_envelope_with_a_mismatched_tag_gets_an_error_naming_file_document_and_line(
    path: Path, corpus: Path
) -> None:
    """The SEC's sample envelopes all carry a sample document with a tag typo (e.g. <rptOwnerCounrty> closed by
    </rptOwnerState>): what the document says there cannot be known, so nothing is guessed."""
    from form4viewer.errors import ReadError

    with pytest.raises(ReadError) as caught:
        read(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert re.search(r"doc\w+\.xml \(base64 at line \d+ of this envelope\), line \d+ of it: the XML is not "
                     r"well-formed: <\w+> \(opened on line \d+\) is closed by </\w+>", message), message


@pytest.mark.corpus
@pytest.mark.parametrize("path", XML_FILES + SUBMISSIONS, ids=lambda p: p.name)
def test_filing_survives_the_dict_round_trip(path: Path, corpus: Path) -> None:
    filing = read(path)
    assert Filing.from_dict(filing.to_dict()) == filing
