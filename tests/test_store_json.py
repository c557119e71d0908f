"""The text the store keeps for a filing is written in one pass (`codec.filing_json`); it must be exactly the JSON
of `Filing.to_dict()`, byte for byte, so that files written before and after load alike and compare equal."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from form4viewer.codec import filing_json
from form4viewer.errors import Form4ViewerError
from form4viewer.model import TABLE_FIELDS, Filing, Footnote, Issuer, ReportingOwner, Row, Signature, Value
from form4viewer.readers import read
from form4viewer.sources import PdfBox, TextSpan, XmlPath


def reference(filing: Filing) -> str:
    return json.dumps(filing.to_dict(), ensure_ascii=False, separators=(",", ":"))


def corrected(filing: Filing) -> Filing:
    """Every seventh field changed as a person would: a new value, new footnote references, or cleared."""
    for k, (path, value) in enumerate(list(filing.values())[::7]):
        if k % 3 == 0:
            filing = filing.replace_at(path, value.corrected_to('a "quoted" \\ value, caf\u00e9\n\u2028'))
        elif k % 3 == 1:
            filing = filing.replace_at(path, value.corrected_to(footnotes=("F9", "F1")))
        else:
            filing = filing.replace_at(path, value.corrected_to(None))
    return filing


def test_the_stored_json_of_every_corpus_filing_is_that_of_to_dict(corpus: Path) -> None:
    files = sorted((corpus / "xml").glob("*.xml"))
    for folder in ("sgml", "html", "text"):
        files += sorted(p for p in (corpus / folder).rglob("*") if p.is_file())
    files += sorted((corpus / "rendered").rglob("*.pdf"))[:3]  # boxes with float coordinates; PDFs read slowly
    assert _compare_as_read_and_corrected(files) >= 950


def test_the_stored_json_of_the_samples_is_that_of_to_dict(data: Path) -> None:
    files = [p for p in sorted(data.rglob("*")) if p.is_file() and p.suffix in (".xml", ".txt", ".nc", ".pdf", ".html")]
    assert _compare_as_read_and_corrected(files) >= 20


def _compare_as_read_and_corrected(files: list[Path]) -> int:
    """Asserts each readable file's stored JSON equals `to_dict`'s, as read and corrected; returns how many."""
    compared = 0
    for path in files:
        try:
            filing = read(path)
        except Form4ViewerError:
            continue
        edited = corrected(filing)
        assert (path.name, filing_json(filing)) == (path.name, reference(filing))
        assert (path.name, filing_json(edited)) == (path.name, reference(edited))
        compared += 1
    return compared


# Footnote ids as a Value takes them: F and a number.
note_ids = st.integers(0, 10**4).map(lambda n: f"F{n}")
# Values of every kind a filing can hold, with text that needs escaping, and sources of the three kinds.
texts = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(["", '"', "\\", "\x00\x1f", "\u2028"])
typed = st.one_of(
    st.none(),
    st.booleans(),
    texts,
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(min_value=dt.date(1, 1, 1)),
)
sources = st.one_of(
    st.none(),
    st.builds(XmlPath, texts, st.one_of(st.none(), st.integers(-5, 10**9))),
    st.builds(TextSpan, st.integers(0, 10**6), st.integers(0, 10**6)),
    st.builds(PdfBox, st.integers(1, 100), *[st.floats(-1e4, 1e4) | st.integers(-100, 100) for _ in range(4)]),
)
plain_values = st.builds(
    Value,
    typed,
    st.lists(note_ids, max_size=3).map(tuple),
    st.none() | texts,
    sources,
    st.sampled_from([1.0, 1, 0, 0.0, 0.25, 0.1 + 0.2, 1e-7, 0.999999]),
)
values = plain_values | st.builds(
    lambda read, value, notes: read.corrected_to(value, notes), plain_values, typed, st.lists(note_ids, max_size=2)
)


@st.composite
def rows(draw: st.DrawFn) -> Row:
    table = draw(st.sampled_from(sorted(TABLE_FIELDS)))
    names = draw(st.lists(st.sampled_from(TABLE_FIELDS[table]), max_size=6, unique=True))
    return Row(table, **{name: draw(values) for name in names})


@st.composite
def filings(draw: st.DrawFn) -> Filing:
    return Filing(
        form=draw(values),
        period_of_report=draw(values),
        aff10b5_one=draw(values),
        issuer=Issuer(name=draw(values), trading_symbol=draw(values)),
        reporting_owners=tuple(
            ReportingOwner(name=draw(values), city=draw(values)) for _ in range(draw(st.integers(0, 2)))
        ),
        non_derivative_transactions=tuple(draw(st.lists(rows(), max_size=3))),
        derivative_holdings=tuple(draw(st.lists(rows(), max_size=2))),
        footnotes=tuple(Footnote(draw(texts), draw(values)) for _ in range(draw(st.integers(0, 2)))),
        remarks=draw(values),
        signatures=tuple(Signature(draw(values), draw(values)) for _ in range(draw(st.integers(0, 2)))),
        schema_version=draw(st.none() | texts),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filings())
def test_the_stored_json_of_any_filing_is_that_of_to_dict(filing: Filing) -> None:
    assert filing_json(filing) == reference(filing)


@pytest.mark.parametrize(
    "value",
    [
        Value(Decimal("1E+3")),
        Value(Decimal("-0.00")),
        Value(Decimal("1.2E-7"), raw="0.00000012", source=XmlPath("/a/b", 3)),  # read from XML: the quick path
        Value(Decimal("0E+2"), raw="0", source=XmlPath("/a/b", 3)),
        Value(Decimal("12345.6700"), raw="12,345.67", source=XmlPath("/a/b", 3)),
        Value(dt.date(999, 1, 2), raw="2/1/999"),
        Value("same", raw="same", source=XmlPath("/a/b", None)),
        Value(True, raw="1", source=XmlPath('/a/\u00e9"b', 7), confidence=0.5),
        Value(None, ("F1",), source=TextSpan(3, 9)),
        Value("x", source=PdfBox(2, 1.005, 2, 3.333333, 4.0)),
    ],
)
def test_values_of_every_kind_are_written_as_to_dict_writes_them(value: Value) -> None:
    filing = Filing(remarks=value, issuer=Issuer(name=value.corrected_to("new")))
    assert filing_json(filing) == reference(filing)
