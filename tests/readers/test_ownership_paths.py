"""The ownership XML reader's two paths, the optional accelerator (`form4viewer_accel`, built from packaging/accel/)
and pure Python, give the same filings value for value: one test over documents made to reach every shape the
accelerator hands back to Python, the samples in tests/data and the corpus's XMLs and submissions. The other tests
here read those shapes and lines with whichever path is installed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer.errors import ReadError
from form4viewer.readers import ownership, read, read_bytes
from form4viewer.sources import XmlPath

DATA = Path(__file__).parents[1] / "data"
#: ../shared/corpus beside this checkout, as tests/conftest.py finds it; the test reads it when it is there.
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

ROW = """
    <nonDerivativeTransaction>
      <securityTitle><value>{title}</value></securityTitle>
      <transactionDate><value>{when}</value></transactionDate>
      <transactionCoding>
        <transactionFormType>4</transactionFormType>
        <transactionCode>{code}</transactionCode>
        <equitySwapInvolved>0</equitySwapInvolved>
        <footnoteId id="F2"/>
      </transactionCoding>
      <transactionAmounts>
        <transactionShares><value>{shares}</value><footnoteId id=" F1 "/></transactionShares>
        <transactionPricePerShare>{price}</transactionPricePerShare>
        <transactionAcquiredDisposedCode><value>a</value></transactionAcquiredDisposedCode>
      </transactionAmounts>
      <postTransactionAmounts>
        <sharesOwnedFollowingTransaction><value>1,000</value></sharesOwnedFollowingTransaction>
      </postTransactionAmounts>
      <ownershipNature><directOrIndirectOwnership><value>D</value></directOrIndirectOwnership></ownershipNature>
    </nonDerivativeTransaction>"""

#: Every shape the compiled walk reads itself or hands to Python: values with and without a <value> child,
#: footnote ids on values and on <transactionCoding>, two <value>s, markup inside a value and a footnote, CDATA
#: beside text, a character reference in an id, a child in another namespace, text no parser takes, a repeated
#: field, empty values, a holding whose form type gets <transactionCoding>'s footnote, letters beyond ASCII.
DOCUMENT = f"""<?xml version="1.0"?>
<ownershipDocument>
  <schemaVersion>X0508</schemaVersion>
  <documentType>4</documentType>
  <periodOfReport>2024-02-30</periodOfReport>
  <notSubjectToSection16>Y</notSubjectToSection16>
  <aff10b5One>true</aff10b5One>
  <issuer><issuerCik>0000012345</issuerCik><issuerName>Acme &amp; Sons</issuerName>
    <issuerTradingSymbol>acme</issuerTradingSymbol></issuer>
  <reportingOwner>
    <reportingOwnerId><rptOwnerCik>0000099999</rptOwnerCik><rptOwnerName>Müller Jürgen</rptOwnerName></reportingOwnerId>
    <reportingOwnerAddress><rptOwnerStreet1><![CDATA[Bahnhofstrasse 1]]> Postfach</rptOwnerStreet1>
      <rptOwnerStreet2/><rptOwnerCity>Zürich</rptOwnerCity></reportingOwnerAddress>
    <reportingOwnerRelationship><isDirector>1</isDirector><isOfficer>false</isOfficer>
      <officerTitle>   </officerTitle></reportingOwnerRelationship>
  </reportingOwner>
  <nonDerivativeTable>
    {ROW.format(title="Common Stock", when="2024-01-05", code="s", shares="100", price="12.50")}
    {ROW.format(title="Class <b>A</b> Stock", when="01/05/2024", code="P", shares="(2,500)", price="abc")}
    <nonDerivativeTransaction>
      <securityTitle><value>Preferred</value><value>ignored</value><footnoteId id="F&#51;"/></securityTitle>
      <transactionDate><value>2024-01-06</value></transactionDate>
      <transactionDate><value>2024-01-07</value></transactionDate>
      <x:extra xmlns:x="urn:example">not ours</x:extra>
    </nonDerivativeTransaction>
    <nonDerivativeHolding>
      <securityTitle><value>Common Stock</value></securityTitle>
      <transactionCoding><footnoteId id="F4"/></transactionCoding>
      <postTransactionAmounts><sharesOwnedFollowingTransaction><value>5000</value>
      </sharesOwnedFollowingTransaction></postTransactionAmounts>
      <ownershipNature><directOrIndirectOwnership><value>I</value><footnoteId id="F1"/></directOrIndirectOwnership>
        <natureOfOwnership><value>By <i>trust</i></value></natureOfOwnership></ownershipNature>
    </nonDerivativeHolding>
  </nonDerivativeTable>
  <derivativeTable>
    <derivativeTransaction>
      <securityTitle><value>Option</value></securityTitle>
      <conversionOrExercisePrice><footnoteId id="F1"/> <footnoteId id="F2"/></conversionOrExercisePrice>
      <transactionDate><value>2024-01-05</value></transactionDate>
      <transactionCoding><transactionFormType>4</transactionFormType><transactionCode>M</transactionCode>
        <equitySwapInvolved>0</equitySwapInvolved></transactionCoding>
      <exerciseDate><footnoteId id="F1"/>see F1</exerciseDate>
      <expirationDate><footnoteId id="F2"/></expirationDate>
      <underlyingSecurity><underlyingSecurityTitle><value>Common Stock</value></underlyingSecurityTitle>
        <underlyingSecurityShares><value>10</value></underlyingSecurityShares></underlyingSecurity>
    </derivativeTransaction>
  </derivativeTable>
  <footnotes>
    <footnote id="F1">Weighted average; prices from $12.00 to $13.00.</footnote>
    <footnote id="F2">Sold under a <b>10b5-1</b> plan.</footnote>
    <footnote id="F3"><![CDATA[Held by the <trust>.]]></footnote>
    <footnote id="F4"/>
  </footnotes>
  <remarks>Remarks &lt;none&gt;</remarks>
  <ownerSignature><signatureName>/s/ J. Müller</signatureName><signatureDate>2024-01-08</signatureDate></ownerSignature>
</ownershipDocument>
"""



def _far(offset_lines: int = 70_000) -> tuple[bytes, int]:
    """DOCUMENT with 70,000 blank lines before its footnotes (libxml2 keeps a line in 16 bits), and where they
    start."""
    lines = DOCUMENT.split("\n")
    at = next(i for i, line in enumerate(lines) if "<footnotes>" in line)
    return "\n".join(lines[:at] + [""] * offset_lines + lines[at:]).encode(), at


def test_every_shape_of_a_value_is_read() -> None:
    """Values with and without a <value> child, footnote ids on values and on boxes, markup, CDATA, text no parser
    takes, repeated fields, empty values (read by whichever path is installed; the test below compares the two)."""
    filing = read_bytes(DOCUMENT.encode(), "shapes.xml")
    first, second, third = filing.non_derivative_transactions
    assert first.shares.value == Decimal("100") and first.shares.footnotes == ("F1",)
    assert first.shares.source == XmlPath(
        "/ownershipDocument/nonDerivativeTable/nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value",
        first.shares.source.line)
    assert first.transaction_code.value == "S" and first.transaction_code.footnotes == ("F2",)
    assert first.price_per_share.value == Decimal("12.50")
    assert first.transaction_date.value == date(2024, 1, 5)
    assert first.acquired_disposed.value == "A"
    assert first.shares_owned_following.value == Decimal("1000")
    assert second.security_title.raw == "Class A Stock"
    assert second.shares.value == Decimal("-2500")
    assert second.price_per_share.value is None and second.price_per_share.confidence < 1
    assert second.transaction_date.value == date(2024, 1, 5)
    assert third.transaction_date.value == date(2024, 1, 6)  # the first of two
    assert third.security_title.value == "Preferred" and third.security_title.footnotes == ("F3",)
    assert third.security_title.source.path.endswith("/securityTitle/value[1]")
    (holding,) = filing.non_derivative_holdings
    assert holding.transaction_form_type.footnotes == ("F4",) and holding.transaction_form_type.value is None
    assert holding.direct_or_indirect.value == "I" and holding.direct_or_indirect.footnotes == ("F1",)
    assert holding.nature_of_ownership.value == "By trust"
    (option,) = filing.derivative_transactions
    assert option.conversion_or_exercise_price.value is None
    assert option.conversion_or_exercise_price.footnotes == ("F1", "F2")
    assert option.expiration_date.value is None and option.expiration_date.footnotes == ("F2",)
    assert option.expiration_date.source.path.endswith("/derivativeTransaction/expirationDate")
    assert option.exercise_date.raw == "see F1" and option.exercise_date.value is None  # text beside the reference
    (owner,) = filing.reporting_owners
    assert owner.name.value == "Müller Jürgen" and owner.city.value == "Zürich"
    assert owner.street1.value == "Bahnhofstrasse 1 Postfach"
    assert owner.street2.value is None and owner.officer_title.value is None
    assert owner.is_director.value is True and owner.is_officer.value is False
    assert filing.issuer.name.value == "Acme & Sons" and filing.issuer.trading_symbol.value == "acme"
    assert filing.aff10b5_one.value is True
    assert filing.period_of_report.value is None and filing.period_of_report.raw == "2024-02-30"
    assert [(note.id, note.text.value) for note in filing.footnotes] == [
        ("F1", "Weighted average; prices from $12.00 to $13.00."),
        ("F2", "Sold under a 10b5-1 plan."),
        ("F3", "Held by the <trust>."),
        ("F4", None),
    ]
    assert filing.remarks.value == "Remarks <none>"
    assert filing.signatures[0].date.value == date(2024, 1, 8)
    assert filing.not_subject_to_section16.value is True  # "Y", through the general parser
    assert len(filing.document.notes) == 3  # the period, the price "abc" and "see F1", noted once each


def test_lines_are_those_of_the_file_past_65535_and_after_an_offset() -> None:
    far, at = _far()
    filing = ownership.read_ownership_xml(far, "far.xml", line_offset=12)
    assert filing.footnotes[0].text.source.line == at + 70_000 + 2 + 12
    assert filing.signatures[0].name.source.line > 70_000


def test_a_footnote_reference_not_of_the_form_f_and_a_number_is_left_out_with_a_note() -> None:
    bad = DOCUMENT.replace('<footnoteId id=" F1 "/>', '<footnoteId id="1"/>', 1)
    filing = read_bytes(bad.encode(), "bad-id.xml")
    assert filing.non_derivative_transactions[0].shares.footnotes == ()
    assert filing.non_derivative_transactions[0].shares.value == Decimal("100")
    assert any("the footnote reference '1' is not F and a number" in note for note in filing.document.notes)


def _readings(files: list[Path]) -> Iterator[tuple[str, object]]:
    """Each file's filing, or its ReadError's words."""
    for path in files:
        try:
            yield str(path), read(path)
        except ReadError as exc:
            yield str(path), f"refused: {exc}"
    far, _ = _far()
    yield "shapes.xml", read_bytes(DOCUMENT.encode(), "shapes.xml")
    yield "far.xml", ownership.read_ownership_xml(far, "far.xml", line_offset=12)


def test_the_accelerator_and_pure_python_read_every_file_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    if not ownership.ACCELERATED:
        pytest.skip("the accelerator is not installed (`make accel` builds it into .venv with a C compiler); the "
                    "pure-Python reader is in use and there is nothing to compare it with")
    files = sorted(path for folder in ("ownership", "submissions") for path in (DATA / folder).iterdir()
                   if path.suffix in (".xml", ".txt", ".nc"))
    if CORPUS.is_dir():  # the corpus beside this checkout, when there is one
        files += sorted(path for folder in ("xml", "xml-malformed", "sgml") for path in (CORPUS / folder).rglob("*")
                        if path.is_file())
    accelerated = list(_readings(files))
    monkeypatch.setattr(ownership, "ACCELERATED", False)
    pure = list(_readings(files))
    assert len(accelerated) == len(pure) == len(files) + 2
    refused = 0
    for (name, fast), (_, slow) in zip(accelerated, pure, strict=True):
        assert fast == slow, name
        assert repr(fast) == repr(slow), name  # the same types too (Decimal and date, not text), the same notes
        refused += isinstance(fast, str)
    assert refused < 25  # the SEC's sample with a mismatched tag, the corpus's malformed documents


def test_a_footnote_reference_of_blanks_alone_is_left_out_with_a_note() -> None:
    blank = DOCUMENT.replace('<footnoteId id=" F1 "/>', '<footnoteId id="  "/>', 1)
    filing = read_bytes(blank.encode(), "blank-id.xml")
    assert filing.non_derivative_transactions[0].shares.footnotes == ()
    assert filing.non_derivative_transactions[0].shares.value == Decimal("100")
    assert any("the footnote reference '  ' is not F and a number" in note for note in filing.document.notes)
