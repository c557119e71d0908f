"""A Value is made one way, through its constructor, which refuses what a field of a filing cannot hold; it is
immutable, compared and hashed by its parts, and pickles (the import reads in worker processes)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer.model import BLANK, TABLE_FIELDS, TABLES, VALUE_ORDER, Filing, Kind, Value, parse_value
from form4viewer.readers import read
from form4viewer.sources import PdfBox, TextSpan, XmlPath

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        ((12.5,), TypeError, "never a float"),
        ((dt.datetime(2013, 11, 22, 9, 30),), TypeError, "not the datetime"),
        ((Decimal("NaN"),), ValueError, "finite"),
        ((Decimal("-Infinity"),), ValueError, "finite"),
        ((12,), TypeError, "not a int"),
        (("643", ("1",)), ValueError, "'1'"),
        (("643", ("F1", "f2")), ValueError, "'f2'"),
        (("643", "F1"), TypeError, "tuple of ids"),
        (("643", (), 643), TypeError, "raw"),
        (("643", (), "643", "line 3"), TypeError, "a source is"),
        (("643", (), "643", None, 1.5), ValueError, "from 0 to 1"),
        (("643", (), "643", None, True), ValueError, "from 0 to 1"),
        (("643", (), "643", None, 1.0, "642"), TypeError, "read is"),
    ],
)
def test_the_constructor_refuses_what_a_field_cannot_hold(args: tuple, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words.replace("(", r"\(")):
        Value(*args)


def test_an_impossible_date_is_refused_as_text_and_as_stored() -> None:
    with pytest.raises(ValueError):
        parse_value(Kind.DATE, "02/30/2024")
    with pytest.raises(ValueError):
        Value.from_dict({"value": {"date": "2024-02-30"}})
    with pytest.raises(TypeError):
        Value.from_dict({"value": 12.5})
    assert Value.from_dict({"value": {"date": "2024-02-29"}}).value == dt.date(2024, 2, 29)


def test_what_it_takes_is_kept_as_given() -> None:
    box = PdfBox(1, 10.0, 20.0, 30.0, 40.0)
    value = Value(Decimal("643.00"), ["F1", "F12"], "643.00", box, 1)
    assert value.value == Decimal("643.00") and str(value.value) == "643.00"
    assert value.footnotes == ("F1", "F12")  # a list is taken as a tuple
    assert value.confidence == 1.0 and type(value.confidence) is float
    assert value.source is box
    assert Value(dt.date(2013, 11, 22)).text == "2013-11-22"
    assert Value(False).text == "false" and Value(None).empty


def test_a_value_cannot_be_changed_in_place() -> None:
    value = Value("Common Stock", (), "Common Stock", TextSpan(3, 15))
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.value = "Preferred"  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        value.__dict__  # noqa: B018 - slotted: there is no dict to write to
    with pytest.raises(TypeError, match="never a float"):
        dataclasses.replace(value, value=1.5)  # replace goes through the constructor too
    assert dataclasses.replace(value, value="Preferred").value == "Preferred"


def test_values_and_filings_compare_hash_and_pickle_by_their_parts() -> None:
    one = Value(Decimal("1.5"), ("F2",), "1.5", XmlPath("/ownershipDocument/a", 7), 0.9)
    other = Value(Decimal("1.5"), ("F2",), "1.5", XmlPath("/ownershipDocument/a", 7), 0.9)
    assert one == other and hash(one) == hash(other) and one is not other
    assert one != dataclasses.replace(other, footnotes=())
    corrected = one.corrected_to(Decimal("2"))
    assert pickle.loads(pickle.dumps(corrected)) == corrected and corrected.read == one
    filing = read(DATA / "ownership" / "tsla-form4-34-footnotes.xml")
    again = pickle.loads(pickle.dumps(filing))
    assert again == filing and hash(again.footnotes[0].text) == hash(filing.footnotes[0].text)
    assert Filing().form is BLANK and Filing().issuer.name is BLANK


def test_a_filings_values_come_in_the_order_written_down_once() -> None:
    filing = read(DATA / "ownership" / "tsla-form4-34-footnotes.xml")
    paths = [path for path, _ in filing.values()]
    expected = []
    for part, fields in VALUE_ORDER:
        node = getattr(filing, part) if part else None
        if node is None:
            expected += list(fields)
        elif isinstance(node, tuple):
            expected += [f"{part}[{i}].{name}" for i, item in enumerate(node)
                         for name in (TABLE_FIELDS[item.table] if part in TABLE_FIELDS else fields)]
        else:
            expected += [f"{part}.{name}" for name in fields]
    assert paths == expected
    assert paths[:2] == ["form", "period_of_report"] and paths[-2:] == ["accession_number", "filing_date"]
    assert paths.index("remarks") > paths.index("footnotes[0].text") > paths.index("issuer.name")


#: ../shared/corpus beside this checkout, as tests/conftest.py finds it; read when it is there.
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.mark.parametrize("accelerated", [True, False], ids=["accelerator", "pure-python"])
def test_every_value_and_part_the_xml_reader_makes_plainly_is_one_the_checked_constructors_take(
    accelerated: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ownership XML reader makes its values with `Value.trusted`, their sources with `XmlPath.trusted`, and
    the parts of a filing (owners, rows, footnotes, signatures, the issuer, the document, the filing) with their
    `trusted` constructors, which check nothing: each value, source and part it reads from tests/data and the
    corpus's XMLs and submissions is made again through the checked constructors, which must take it and give the
    same, with its fields in the same order."""
    from form4viewer.errors import ReadError
    from form4viewer.readers import ownership

    if accelerated and not ownership.ACCELERATED:
        pytest.skip("the accelerator is not installed (`make accel` builds it)")
    monkeypatch.setattr(ownership, "ACCELERATED", accelerated)
    files = sorted(path for folder in ("ownership", "submissions") for path in (DATA / folder).iterdir()
                   if path.suffix in (".xml", ".txt", ".nc"))
    if CORPUS.is_dir():
        files += sorted(path for folder in ("xml", "xml-malformed", "sgml") for path in (CORPUS / folder).rglob("*")
                        if path.is_file())
    checked = rows = 0
    for path in files:
        try:
            filing = read(path)
        except ReadError:
            continue
        for where, value in filing.values():
            again = Value(value.value, value.footnotes, value.raw, value.source, value.confidence, value.read)
            assert again == value, f"{path.name} {where}"
            assert type(again.value) is type(value.value) and type(value.confidence) is float, f"{path.name} {where}"
            assert type(value.footnotes) is tuple and type(value.raw) in (str, type(None)), f"{path.name} {where}"
            if value.source is not None:  # the XmlPaths, made by XmlPath.trusted, again through the constructor
                source = dataclasses.replace(value.source)
                assert source == value.source and vars(source) == vars(value.source), f"{path.name} {where}"
                if type(value.source) is XmlPath:
                    assert type(value.source.line) in (int, type(None)), f"{path.name} {where}"
            checked += 1
        parts = [filing, filing.issuer, filing.document, *filing.reporting_owners, *filing.footnotes,
                 *filing.signatures, *(row for table in TABLES for row in getattr(filing, table))]
        for part in parts:
            again = dataclasses.replace(part)  # through the dataclass's constructor (and a Row's check of its table)
            assert again == part and vars(again) == vars(part), f"{path.name} {type(part).__name__}"
            assert list(vars(again)) == list(vars(part)), f"{path.name} {type(part).__name__}"
        rows += sum(len(getattr(filing, table)) for table in TABLES)
    assert checked > (90_000 if CORPUS.is_dir() else 1_000)
    assert rows > (5_000 if CORPUS.is_dir() else 50)


def test_the_plain_constructor_makes_an_immutable_value_equal_to_the_checked_ones() -> None:
    source = XmlPath("/ownershipDocument/nonDerivativeTable/nonDerivativeTransaction/transactionAmounts", 41)
    plain = Value.trusted(Decimal("643.00"), ("F1",), "643.00", source, 0.2)
    checked = Value(Decimal("643.00"), ("F1",), "643.00", source, 0.2)
    assert type(plain) is Value and plain == checked and hash(plain) == hash(checked) and plain.read is None
    assert pickle.loads(pickle.dumps(plain)) == checked
    with pytest.raises(dataclasses.FrozenInstanceError):
        plain.raw = "644"  # type: ignore[misc]
    assert Value.trusted(None, (), None, None) == BLANK


def test_the_plain_constructors_of_a_filings_parts_make_what_the_dataclass_constructors_make() -> None:
    from form4viewer.model import Footnote, ReportingOwner, Row, SourceDocument

    price = Value(Decimal("12.50"), ("F2",), "12.50", XmlPath("/ownershipDocument/x/price/value", 40))
    row = Row.trusted({"price_per_share": price, "table": "non_derivative_transactions"})
    assert type(row) is Row and row == Row("non_derivative_transactions", price_per_share=price)
    assert list(vars(row))[:3] == ["table", "security_title", "conversion_or_exercise_price"]  # the fields' order
    assert row.shares is BLANK and hash(row) == hash(Row("non_derivative_transactions", price_per_share=price))
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.shares = price  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(row)) == row
    assert ReportingOwner.trusted({}) == ReportingOwner() and Footnote.trusted({"id": "F1"}) == Footnote("F1")
    assert Filing.trusted({}) == Filing() and Filing.trusted({}).document == SourceDocument("unknown")
    assert dataclasses.replace(row, shares=price).shares is price
