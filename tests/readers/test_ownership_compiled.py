"""The compiled walk of ownership XML (`readers/_ownership_walk.pyx`) gives exactly what the Python walk gives:
on documents made to reach every shape it hands back to Python, on the samples, and over the corpus."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from form4viewer.errors import ReadError
from form4viewer.model import Filing
from form4viewer.readers import ownership, read, read_bytes
from form4viewer.sources import XmlPath

DATA = Path(__file__).parents[1] / "data"

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


@pytest.fixture
def both_ways(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Callable[[], Filing]], tuple[Filing, Filing]]]:
    """Runs a reading with the compiled walk and again with the Python walk."""
    if not ownership.COMPILED_WALK:
        pytest.fail("the compiled XML walk is not built (form4viewer/readers/_ownership_walk.pyx); `make test` builds "
                    "it with Cython and the C compiler")

    def run(reading: Callable[[], Filing]) -> tuple[Filing, Filing]:
        monkeypatch.setattr(ownership, "COMPILED_WALK", True)
        compiled = reading()
        monkeypatch.setattr(ownership, "COMPILED_WALK", False)
        python = reading()
        monkeypatch.setattr(ownership, "COMPILED_WALK", True)
        return compiled, python

    yield run


def _same(compiled: Filing, python: Filing) -> None:
    assert compiled == python
    assert compiled.document == python.document  # notes on text that did not parse, in the same words
    assert repr(compiled) == repr(python)  # the same types too (Decimal and date, not text)


def test_every_shape_reads_the_same_both_ways(both_ways) -> None:
    compiled, python = both_ways(lambda: read_bytes(DOCUMENT.encode(), "shapes.xml"))
    _same(compiled, python)
    first, second, third = compiled.non_derivative_transactions
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
    (holding,) = compiled.non_derivative_holdings
    assert holding.transaction_form_type.footnotes == ("F4",) and holding.transaction_form_type.value is None
    assert holding.direct_or_indirect.value == "I" and holding.direct_or_indirect.footnotes == ("F1",)
    assert holding.nature_of_ownership.value == "By trust"
    (option,) = compiled.derivative_transactions
    assert option.conversion_or_exercise_price.value is None
    assert option.conversion_or_exercise_price.footnotes == ("F1", "F2")
    assert option.expiration_date.value is None and option.expiration_date.footnotes == ("F2",)
    assert option.expiration_date.source.path.endswith("/derivativeTransaction/expirationDate")
    assert option.exercise_date.raw == "see F1" and option.exercise_date.value is None  # text beside the reference
    (owner,) = compiled.reporting_owners
    assert owner.name.value == "Müller Jürgen" and owner.city.value == "Zürich"
    assert owner.street1.value == "Bahnhofstrasse 1 Postfach"
    assert owner.street2.value is None and owner.officer_title.value is None
    assert owner.is_director.value is True and owner.is_officer.value is False
    assert compiled.issuer.name.value == "Acme & Sons" and compiled.issuer.trading_symbol.value == "acme"
    assert compiled.aff10b5_one.value is True
    assert compiled.period_of_report.value is None and compiled.period_of_report.raw == "2024-02-30"
    assert [(note.id, note.text.value) for note in compiled.footnotes] == [
        ("F1", "Weighted average; prices from $12.00 to $13.00."),
        ("F2", "Sold under a 10b5-1 plan."),
        ("F3", "Held by the <trust>."),
        ("F4", None),
    ]
    assert compiled.remarks.value == "Remarks <none>"
    assert compiled.signatures[0].date.value == date(2024, 1, 8)
    assert compiled.not_subject_to_section16.value is True  # "Y", through the general parser
    assert len(compiled.document.notes) == 3  # the period, the price "abc" and "see F1", noted once each


def test_lines_are_those_of_the_file_past_65535_and_after_an_offset(both_ways) -> None:
    """libxml2 keeps a line in 16 bits; past that the compiled walk asks lxml, as the Python walk does."""
    lines = DOCUMENT.split("\n")
    at = next(i for i, line in enumerate(lines) if "<footnotes>" in line)
    far = "\n".join(lines[:at] + [""] * 70_000 + lines[at:])
    compiled, python = both_ways(lambda: ownership.read_ownership_xml(far.encode(), "far.xml", line_offset=12))
    _same(compiled, python)
    assert compiled.footnotes[0].text.source.line == at + 70_000 + 2 + 12
    assert compiled.signatures[0].name.source.line > 70_000


def _compare(files: list[Path], both_ways) -> tuple[int, int]:
    """Files read both ways and found the same, and files refused both ways in the same words."""
    read_count = refused = 0
    for path in files:
        try:
            compiled, python = both_ways(lambda path=path: read(path))
        except ReadError as exc:
            ownership.COMPILED_WALK = False
            try:
                with pytest.raises(ReadError) as again:
                    read(path)
            finally:
                ownership.COMPILED_WALK = True
            assert str(again.value) == str(exc)
            refused += 1
            continue
        _same(compiled, python)
        read_count += 1
    return read_count, refused


def test_the_samples_read_the_same_both_ways(both_ways) -> None:
    files = sorted(path for folder in ("ownership", "submissions") for path in (DATA / folder).iterdir()
                   if path.suffix in (".xml", ".txt", ".nc"))
    # The SEC's sample with a mismatched tag is refused, as a file and inside its base64 envelope.
    assert _compare(files, both_ways) == (len(files) - 2, 2)


@pytest.mark.corpus
@pytest.mark.slow
def test_the_corpus_reads_the_same_both_ways(corpus: Path, both_ways) -> None:
    files = sorted(path for folder in ("xml", "xml-malformed", "sgml") for path in (corpus / folder).rglob("*")
                   if path.is_file())
    read_count, refused = _compare(files, both_ways)
    assert read_count >= 970 and refused < 20, (read_count, refused)


# Random edits of a real filing's tree, each kept well-formed: elements repeated, removed, given other text, a
# tail, a child of a tag the reader knows or not, markup in a value. Whatever comes of it, both walks agree.
_SAMPLE = (DATA / "ownership" / "tsla-form4-34-footnotes.xml").read_bytes()
_TAGS = ["value", "footnoteId", "transactionCode", "securityTitle", "transactionDate", "b", "rptOwnerName",
         "transactionShares", "footnote", "remarks"]
_TEXTS = st.sampled_from(["", " ", "12", "1,000", "(5)", "2024-01-05", "01/05/2024", "true", "Y", "x", "Zürich",
                          "  a  b  ", "-0", "1E+3", "NaN"])
_EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(["repeat", "remove", "text", "tail", "child",
                                                                     "id"]),
                            _TEXTS, st.sampled_from(_TAGS)), max_size=8)


def _edited(edits: list[tuple[int, str, str, str]]) -> bytes:
    from lxml import etree

    root = etree.fromstring(_SAMPLE)
    for pick, edit, text, tag in edits:
        elements = list(root.iter())
        element = elements[pick % len(elements)]
        parent = element.getparent()
        if edit == "repeat" and parent is not None:
            parent.insert(parent.index(element), copy.deepcopy(element))
        elif edit == "remove" and parent is not None:
            parent.remove(element)
        elif edit == "text":
            element.text = text
        elif edit == "tail" and parent is not None:
            element.tail = text
        elif edit == "child":
            etree.SubElement(element, tag).text = text or None
        elif edit == "id":
            element.set("id", text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_EDITS)
def test_edited_filings_read_the_same_both_ways(both_ways, edits: list[tuple[int, str, str, str]]) -> None:
    data = _edited(edits)
    try:
        compiled, python = both_ways(lambda: read_bytes(data, "edited.xml"))
    except ReadError as exc:
        ownership.COMPILED_WALK = False
        try:
            with pytest.raises(ReadError) as again:
                read_bytes(data, "edited.xml")
        finally:
            ownership.COMPILED_WALK = True
        assert str(again.value) == str(exc)
        return
    _same(compiled, python)
