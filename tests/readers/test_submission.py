"""Full submissions: SGML `.txt`, feed `.nc`, PEM-wrapped, base64 envelopes and a plain-text Form 4 of 2000.
Values are checked by eye against the files; line numbers are lines of the whole submission."""

from __future__ import annotations

import base64
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer.errors import NotAFilingError, ReadError
from form4viewer.readers import decode_text, read, read_bytes
from form4viewer.sources import TextSpan, XmlPath

DATA = Path(__file__).parents[1] / "data"
SUBMISSIONS = DATA / "submissions"


def _at(path: Path, span: TextSpan) -> str:
    return decode_text(path.read_bytes())[span.start:span.end]


def test_full_submission_takes_accession_and_filing_date_from_its_header_and_the_10b5_1_box() -> None:
    path = SUBMISSIONS / "dkng-form4-10b5-1.txt"
    filing = read(path)
    assert filing.document.kind == "sgml"
    assert filing.accession_number.value == "0001104659-25-025206"
    assert filing.filing_date.value == dt.date(2025, 3, 18)  # FILED AS OF DATE: 20250318
    assert _at(path, filing.accession_number.source) == "0001104659-25-025206"
    assert _at(path, filing.filing_date.source) == "20250318"
    assert filing.aff10b5_one.value is True
    assert filing.aff10b5_one.source == XmlPath("/ownershipDocument/aff10b5One", 106)
    assert filing.reporting_owners[0].name.value == "Dodge R Stanton"
    assert filing.reporting_owners[0].name.source.line == 86
    first, second, third = filing.non_derivative_transactions
    assert (first.transaction_code.value, first.transaction_code.footnotes) == ("S", ("F1",))
    assert first.shares.value == Decimal("49252")
    assert (first.price_per_share.value, first.price_per_share.footnotes) == (Decimal("37.59"), ("F2",))
    assert first.shares_owned_following.value == Decimal("710145")
    assert second.price_per_share.footnotes == ("F3",)
    assert third.transaction_date.value == dt.date(2025, 3, 17)
    assert (third.price_per_share.value, third.price_per_share.footnotes) == (Decimal("39"), ())
    assert third.shares_owned_following.source.line == 213
    assert filing.document.sha256 and filing.document.size == path.stat().st_size


def test_feed_file_with_submission_tags_reads_header_and_lines() -> None:
    path = SUBMISSIONS / "amd-form4-feed.nc"
    filing = read(path)
    assert filing.accession_number.value == "0000002488-24-000005"
    assert filing.filing_date.value == dt.date(2024, 1, 17)  # <FILING-DATE>20240117
    assert filing.issuer.name.value == "ADVANCED MICRO DEVICES INC"
    assert filing.issuer.name.source.line == 71
    assert filing.reporting_owners[0].name.value == "SMITH DARLA M"
    assert filing.reporting_owners[0].name.source.line == 78


def test_feed_file_whose_lines_end_in_a_lone_cr_counts_them_as_lines() -> None:
    path = SUBMISSIONS / "arw-form4-feed-cr-lines.nc"
    filing = read(path)
    assert filing.accession_number.value == "0001127602-25-004598"
    assert filing.filing_date.value == dt.date(2025, 2, 13)
    owner = filing.reporting_owners[0]
    assert (owner.name.value, owner.name.source.line) == ("Jean-Claude Carine Lamercie", 84)
    assert owner.officer_title.value == "SVP, CLO & Secretary"
    award, withheld = filing.non_derivative_transactions
    assert (award.transaction_code.value, award.shares.value, award.price_per_share.value) == (
        "A", Decimal("2193"), Decimal("106.82"))
    assert award.security_title.footnotes == ("F1",)
    assert (withheld.transaction_code.value, withheld.shares.value) == ("F", Decimal("1009"))
    assert withheld.shares_owned_following.value == Decimal("20869")


def test_pem_wrapped_2006_submission_reads_completely_despite_the_split_closing_tag() -> None:
    path = SUBMISSIONS / "snhy-form4-pem-wrapped.txt"
    filing = read(path)
    assert filing.accession_number.value == "0001225259-06-000003"
    assert filing.filing_date.value == dt.date(2006, 10, 18)
    assert filing.issuer.name.value == "SUN HYDRAULICS CORP"
    (note,) = filing.footnotes
    assert note.text.value.endswith("upon the termination of Mr. Robson's employment.")
    assert note.text.source.line == 252
    assert filing.document.notes == (
        "line 252: the closing tag </footnote> was split by a line break (EDGAR wrapped long lines); "
        "it was joined again",)
    assert filing.signatures[0].date.value == dt.date(2006, 10, 18)
    assert filing.signatures[0].date.source.line == 258


def test_form4_amendment_submission_reads_original_date_and_remarks() -> None:
    filing = read(SUBMISSIONS / "lrcx-form4a.txt")
    assert filing.form.value == "4/A"
    assert filing.form.source.line == 66
    assert filing.date_of_original_submission.value == dt.date(2024, 11, 4)
    assert filing.accession_number.value == "0000707549-25-000004"
    assert filing.filing_date.value == dt.date(2025, 1, 21)
    assert filing.reporting_owners[0].name.value == "Ahmed Sohail U"
    out, into_trust = filing.non_derivative_transactions
    assert (out.shares.value, out.acquired_disposed.value, out.shares_owned_following.value) == (
        Decimal(3690), "D", Decimal(0))
    assert (into_trust.acquired_disposed.value, into_trust.shares_owned_following.value) == ("A", Decimal(30630))
    assert (into_trust.direct_or_indirect.value, into_trust.nature_of_ownership.value) == ("I", "by trust")
    assert filing.remarks.value == ("Adjusted to reflect a ten-for-one forward split of the Issuer's common stock "
                                    "effective after market close on October 2, 2024.")


def test_plain_text_form4_of_2000_goes_to_the_text_reader_with_spans_in_the_whole_submission() -> None:
    path = SUBMISSIONS / "prac-form4-plain-text-2000.txt"
    filing = read(path)
    assert filing.document.kind == "sgml"
    assert filing.accession_number.value == "0001094891-00-000193"
    assert filing.filing_date.value == dt.date(2000, 3, 14)
    text = decode_text(path.read_bytes())
    owner = filing.reporting_owners[0]
    assert owner.name.value and "Foster" in owner.name.value
    # The span points into the whole submission, past its header.
    assert isinstance(owner.name.source, TextSpan)
    assert owner.name.source.start > text.index("<TEXT>")
    assert "Foster" in text[owner.name.source.start:owner.name.source.end]
    assert filing.issuer.name.value and "Productivity Technologies" in filing.issuer.name.value


def _envelope_with(document: bytes) -> bytes:
    """The SEC's sample envelope with its Form 4 document replaced by `document` (base64, as EDGARLink sends)."""
    envelope = (SUBMISSIONS / "secsample-envelope-form4.xml").read_bytes()
    encoded = base64.encodebytes(document)
    return re.sub(rb"(<documentMimeBlock>)\s*[A-Za-z0-9+/=\s]+?(</documentMimeBlock>)",
                  lambda m: m[1] + b"\n" + encoded + m[2], envelope, count=1)


def test_submission_envelope_decodes_its_base64_form4() -> None:
    document = (DATA / "ownership" / "secsample-form4.xml").read_bytes()
    filing = read_bytes(_envelope_with(document), "envelope.xml")
    assert filing.document.kind == "envelope"
    assert filing.form.value == "4"
    assert filing.issuer.cik.value == "1212121212"
    assert filing.remarks.value == "This is just a general comment."
    assert filing.document.notes[0].startswith("the filing is doc4.xml (base64 at line 27 of this envelope)")
    assert filing.remarks.source.line == 287  # a line of doc4.xml once decoded


def test_sec_sample_envelope_with_a_tag_typo_names_envelope_document_and_line() -> None:
    path = SUBMISSIONS / "secsample-envelope-form4.xml"
    with pytest.raises(ReadError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}: doc4.xml (base64 at line 27 of this envelope), line 49 of it: the XML is not well-formed: "
        "<rptOwnerCounrty> (opened on line 49) is closed by </rptOwnerState>; the tags do not match")


def test_envelope_whose_base64_is_damaged_says_so() -> None:
    data = re.sub(rb"<documentMimeBlock>\s*PD94", b"<documentMimeBlock>@@PD94",
                  (SUBMISSIONS / "secsample-envelope-form4.xml").read_bytes(), count=1)
    with pytest.raises(ReadError, match="envelope.xml, line 27: doc4.xml in this envelope is not valid base64"):
        read_bytes(data, "envelope.xml")


def test_submission_without_a_form_3_4_or_5_is_not_a_filing() -> None:
    text = (SUBMISSIONS / "dkng-form4-10b5-1.txt").read_text()
    ten_k = re.sub(r"<DOCUMENT>.*</DOCUMENT>", "<DOCUMENT>\n<TYPE>10-K\n<SEQUENCE>1\n<TEXT>\nAnnual report\n"
                   "</TEXT>\n</DOCUMENT>", text, flags=re.S)
    with pytest.raises(NotAFilingError) as caught:
        read_bytes(ten_k.encode(), "annual.txt")
    assert str(caught.value) == "annual.txt: this EDGAR submission holds no Form 3, 4 or 5 (its documents are: 10-K)"


def test_submission_whose_xml_is_broken_names_the_line_of_the_submission() -> None:
    text = (SUBMISSIONS / "lrcx-form4a.txt").read_text()
    broken = text.replace("<rptOwnerName>Ahmed Sohail U</rptOwnerName>", "<rptOwnerName>Ahmed Sohail U</rptOwner>")
    with pytest.raises(ReadError) as caught:
        read_bytes(broken.encode(), "broken.txt")
    assert caught.value.line == 83
    assert "<rptOwnerName> (opened on line 83) is closed by </rptOwner>" in str(caught.value)


def test_utf16_and_crlf_submissions_read_like_the_original(tmp_path: Path) -> None:
    original = read(SUBMISSIONS / "lrcx-form4a.txt")
    text = (SUBMISSIONS / "lrcx-form4a.txt").read_text()
    crlf = read_bytes(text.replace("\n", "\r\n").encode(), "crlf.txt")
    utf16 = read_bytes(text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
                       .encode("utf-16"), "utf16.txt")
    for filing in (crlf, utf16):
        assert filing.accession_number.value == original.accession_number.value
        assert filing.reporting_owners[0].name == original.reporting_owners[0].name
        assert filing.non_derivative_transactions == original.non_derivative_transactions
        assert filing.remarks == original.remarks
