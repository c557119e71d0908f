"""The text reader on the two real text filings: the Qualys printout converted to markdown-like text (the file the
application opens first) and the pre-2003 plain-text Form 4 of Productivity Technologies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer.errors import NotAFilingError
from form4viewer.model import Filing, SourceDocument, Value
from form4viewer.readers import decode_text, read_bytes
from form4viewer.readers.text import read_text, read_text_document
from form4viewer.sources import TextSpan

SEED = "text/qualys-form4-2013.txt"
PRE2003 = "text/productivity-technologies-form4-2000.txt"


def _read(data_dir: Path, name: str) -> tuple[Filing, str]:
    raw = (data_dir / name).read_bytes()
    return read_text(raw, name), decode_text(raw)


@pytest.fixture(scope="module")
def seed() -> tuple[Filing, str]:
    return _read(Path(__file__).parents[1] / "data", SEED)


@pytest.fixture(scope="module")
def pre2003() -> tuple[Filing, str]:
    return _read(Path(__file__).parents[1] / "data", PRE2003)


def _shown(value: Value, text: str) -> str:
    """The characters of the file a value's span covers."""
    assert isinstance(value.source, TextSpan), value
    return text[value.source.start:value.source.end]


# ---- the Qualys printout --------------------------------------------------------------------------------------


def test_seed_is_read_as_a_text_form4_of_qualys(seed: tuple[Filing, str]) -> None:
    filing, _ = seed
    assert filing.document.kind == "text"
    assert filing.form.value == "4"
    assert filing.issuer.name.value == "QUALYS, INC."
    assert filing.issuer.trading_symbol.value == "QLYS"
    assert filing.issuer.cik.value is None  # a printout does not show it
    assert filing.period_of_report.value == dt.date(2013, 11, 22)
    assert filing.date_of_original_submission.value is None


def test_seed_owner_has_name_and_redwood_city_address(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    (owner,) = filing.reporting_owners
    assert owner.name.value == "Albert Peter"
    assert owner.street1.value == "C/O QUALYS, INC."
    assert owner.street2.value == "1600 BRIDGE PARKWAY"
    assert (owner.city.value, owner.state.value, owner.zip_code.value) == ("REDWOOD CITY", "CA", "94065")
    assert _shown(owner.name, text) == "Albert Peter"
    assert _shown(owner.zip_code, text) == "94065"
    # The two street lines were told apart by comparing box 1 with the Reporting Owners table: not certain.
    assert owner.street1.confidence < 0.95


def test_seed_owner_is_an_officer_with_title_but_not_for_certain(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    owner = filing.reporting_owners[0]
    assert owner.officer_title.value == "VP, OPERATIONS"
    assert _shown(owner.officer_title, text) == "VP, OPERATIONS"
    # The title sits in the Officer column of the Reporting Owners table, not in box 5's text.
    assert owner.officer_title.source.start > text.index("## Reporting Owners")
    assert owner.is_officer.value is True
    assert 0.5 <= owner.is_officer.confidence < 1
    assert any("Officer check box shows no mark" in note for note in filing.document.notes)
    assert owner.is_director.value is False
    assert owner.is_ten_percent_owner.value is False
    assert owner.is_other.value is False
    assert owner.other_text.value is None


@pytest.mark.parametrize(
    ("index", "code", "ad", "price", "after"),
    [(0, "M", "A", Decimal("4.8"), Decimal("10000")), (1, "S", "D", Decimal("22.5307"), Decimal("0"))],
)
def test_seed_table1_rows_read_price_then_holdings_after(
    seed: tuple[Filing, str], index: int, code: str, ad: str, price: Decimal, after: Decimal
) -> None:
    filing, text = seed
    assert len(filing.non_derivative_transactions) == 2
    assert filing.non_derivative_holdings == ()
    row = filing.non_derivative_transactions[index]
    assert row.security_title.value == "Common Stock"
    assert row.transaction_date.value == dt.date(2013, 11, 22)
    assert row.deemed_execution_date.value is None
    assert row.transaction_code.value == code
    assert row.transaction_code.footnotes == ("F1",)
    assert row.acquired_disposed.value == ad
    assert row.price_per_share.value == price
    assert row.shares_owned_following.value == after
    assert row.direct_or_indirect.value == "D"
    assert row.nature_of_ownership.value is None
    # "\$ 4.8 10,000" shares one cell: the price was found outside its column, the holdings split from it.
    assert _shown(row.price_per_share, text).replace("\\", "") == f"$ {price}"
    assert row.price_per_share.confidence < row.transaction_code.confidence
    assert row.shares_owned_following.confidence < row.transaction_code.confidence
    assert _shown(row.transaction_code, text).startswith(code + " <sup>(1)</sup>")


def test_seed_table1_lost_amounts_stay_empty_with_low_confidence(seed: tuple[Filing, str]) -> None:
    filing, _ = seed
    for row in filing.non_derivative_transactions:
        assert row.shares.value is None
        assert row.shares.raw is None
        assert row.shares.confidence <= 0.2
    assert any(note.startswith("Table I: no Amount (column 4) in rows 1 and 2") for note in filing.document.notes)


def test_seed_option_row_reads_columns_1_to_7(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    (row,) = filing.derivative_transactions
    assert filing.derivative_holdings == ()
    assert row.security_title.value == "Stock Option (right to buy)"
    assert row.conversion_or_exercise_price.value == Decimal("4.8")
    assert row.transaction_date.value == dt.date(2013, 11, 22)
    assert (row.transaction_code.value, row.transaction_code.footnotes) == ("M", ("F1",))
    assert row.shares.value == Decimal("10000")
    assert (row.exercise_date.value, row.exercise_date.footnotes) == (None, ("F3",))
    assert _shown(row.exercise_date, text) == "<sup>(3)</sup>"
    assert row.expiration_date.value == dt.date(2021, 4, 28)
    assert row.underlying_security_title.value == "Common Stock"
    assert row.underlying_shares.value == Decimal("10000")
    assert _shown(row.underlying_shares, text) == "10,000"


def test_seed_option_row_leaves_the_cut_columns_empty(seed: tuple[Filing, str]) -> None:
    filing, _ = seed
    row = filing.derivative_transactions[0]
    for name in ("price_per_share", "shares_owned_following", "direct_or_indirect", "nature_of_ownership",
                 "acquired_disposed"):
        value = getattr(row, name)
        assert value.value is None and value.confidence <= 0.2, name
    cut = [note for note in filing.document.notes if note.startswith("Table II: the text has no columns")]
    assert cut and "9 (Number Owned Following), 10 (Ownership Form), 11 (Nature of Indirect Ownership)" in cut[0]


def test_seed_footnotes_1_and_3_with_the_merged_paragraph_in_1(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    assert [note.id for note in filing.footnotes] == ["F1", "F3"]
    f1, f3 = (note.text.value for note in filing.footnotes)
    assert f1.startswith("The transactions reported on this Form 4 were effected pursuant to a Rule 10b5-1")
    assert "ranging from $22.50 to $22.71 per share" in f1  # the escaped \$ is read as $
    assert f1.endswith("the number of shares sold at each separate price.")
    assert f3.startswith("The option is subject to an early exercise provision")
    assert _shown(filing.footnotes[1].text, text).endswith("vest monthly thereafter.")
    assert any(note.startswith("footnote (2) is missing") and "(1)" in note for note in filing.document.notes)
    cited = filing.footnote_citations()
    assert cited["F1"] == ["non_derivative_transactions[0].transaction_code",
                           "non_derivative_transactions[1].transaction_code",
                           "derivative_transactions[0].transaction_code"]
    assert cited["F3"] == ["derivative_transactions[0].exercise_date"]


def test_seed_signature_and_its_date(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    (signature,) = filing.signatures
    assert signature.name.value == "/s/ Bruce Posey by power of attorney for Peter Albert"
    assert signature.date.value == dt.date(2013, 11, 22)
    assert _shown(signature.date, text) == "11/22/2013"


def test_seed_cover_date_is_read_as_the_filing_date_with_doubt(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    assert filing.filing_date.value == dt.date(2013, 11, 25)
    assert filing.filing_date.confidence < 0.9
    assert _shown(filing.filing_date, text) == "November 25, 2013"


def test_seed_every_value_points_at_its_own_text(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    checked = 0
    for path, value in filing.values():
        if value.raw is None or value.source is None:
            continue
        shown = _shown(value, text)
        plain = shown.replace("\\", "").replace("<sup>", "").replace("</sup>", "")
        assert value.raw.split()[0] in plain, path
        checked += 1
    assert checked >= 35


def test_seed_values_not_shown_are_never_certain(seed: tuple[Filing, str]) -> None:
    filing, _ = seed
    for path, value in filing.values():
        assert value.confidence < 1 or value.value is None, path


def test_seed_offset_moves_every_span_and_base_keeps_submission_values(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    base = Filing(accession_number=Value("0001181431-13-060063"), filing_date=Value(dt.date(2013, 11, 25)))
    moved = read_text_document(text, "seed", offset=1000, base=base)
    assert moved.accession_number.value == "0001181431-13-060063"
    assert moved.filing_date.value == dt.date(2013, 11, 25) and moved.filing_date.confidence == 1.0
    pairs = dict(filing.values())
    for path, value in moved.values():
        if path in ("accession_number", "filing_date"):
            continue
        before = pairs[path].source
        if before is None:
            assert value.source is None, path
        else:
            assert value.source == TextSpan(before.start + 1000, before.end + 1000), path


def test_seed_is_dispatched_to_the_text_reader_by_its_content(seed: tuple[Filing, str]) -> None:
    filing, text = seed
    again = read_bytes(text.encode("utf-8"), SEED)
    assert again.to_dict() == filing.to_dict()


# ---- the pre-2003 plain-text Form 4 ---------------------------------------------------------------------------


def test_pre2003_form_reads_issuer_owner_and_period(pre2003: tuple[Filing, str]) -> None:
    filing, text = pre2003
    assert filing.form.value == "4"
    assert filing.issuer.name.value == "Productivity Technologies Corp."
    assert filing.issuer.trading_symbol.value == "PRAC"
    assert filing.period_of_report.value == dt.date(2000, 2, 29)
    (owner,) = filing.reporting_owners
    assert owner.name.value == "Foster, Alan H."
    assert owner.street1.value == "c/o Productivity Technologies Corp."
    assert owner.street2.value == "520 Madison Avenue"
    assert (owner.city.value, owner.state.value, owner.zip_code.value) == ("New York", "NY", "10022")
    assert owner.is_director.value is True
    assert (owner.is_officer.value, owner.is_ten_percent_owner.value, owner.is_other.value) == (False, False, False)
    assert filing.not_subject_to_section16.value is False
    # Spans point into the whole submission file, inside its <TEXT> document.
    assert _shown(owner.name, text) == "Foster, Alan H."
    assert owner.name.source.start > text.index("<TEXT>")


def test_pre2003_option_row_joins_wrapped_lines(pre2003: tuple[Filing, str]) -> None:
    filing, text = pre2003
    assert filing.non_derivative_transactions == () and filing.non_derivative_holdings == ()
    (row,) = filing.derivative_transactions
    assert row.security_title.value == "Options to Purchase Common Stock"
    assert row.conversion_or_exercise_price.value == Decimal("1.375")
    assert row.transaction_date.value == dt.date(2000, 2, 7)
    assert row.transaction_code.value == "A"
    assert row.shares.value == Decimal("12000")
    assert row.exercise_date.value == dt.date(2000, 2, 7)
    assert row.expiration_date.value == dt.date(2005, 2, 7)
    assert row.underlying_security_title.value == "Common Stock"
    assert row.underlying_shares.value == Decimal("12000")
    assert row.price_per_share.value is None and row.price_per_share.raw == "-"
    assert row.shares_owned_following.value == Decimal("12000")
    assert row.direct_or_indirect.value == "D"
    # "2/7/0" + "0" on the next line: a value split across lines is less certain than one on one line.
    assert row.expiration_date.confidence < row.underlying_shares.confidence
    assert _shown(row.conversion_or_exercise_price, text) == "$1.375"


def test_pre2003_ambiguous_acquired_disposed_is_read_with_doubt(pre2003: tuple[Filing, str]) -> None:
    filing, _ = pre2003
    row = filing.derivative_transactions[0]
    assert row.acquired_disposed.value == "A"  # "A,D" over "12,000 -": 12,000 acquired, nothing disposed of
    assert row.acquired_disposed.confidence <= 0.5
    assert any("'D' fits no column" in note for note in filing.document.notes)


def test_pre2003_signature_and_submission_header(pre2003: tuple[Filing, str]) -> None:
    filing, _ = pre2003
    (signature,) = filing.signatures
    assert signature.name.value == "/s/ Alan H. Foster"
    assert signature.date.value == dt.date(2000, 3, 13)
    assert filing.accession_number.value == "0001094891-00-000193"
    assert filing.filing_date.value == dt.date(2000, 3, 14)
    assert filing.footnotes == ()


# ---- what is not a form ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "hello world\n", "FORM 4\nnothing else here\n"])
def test_text_without_the_forms_boxes_is_refused_naming_the_file(text: str) -> None:
    with pytest.raises(NotAFilingError, match="notes.txt"):
        read_text(text.encode("utf-8"), "notes.txt")


def _pre2003_row(cells: list[str]) -> str:
    widths = (27, 6, 4, 1, 18, 3, 11, 19, 6, 27)
    return "|".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + "|"


def test_pre2003_table1_rows_are_read_with_wrapped_titles(data: Path) -> None:
    """The 2000 filing's empty Table I given two rows in its own column layout, one with a title over two lines."""
    text = (data / PRE2003).read_text(encoding="utf-8")
    marker = "<S>                        <C>    <C>  <C><C>               <C> <C>         <C>                 <C>    <C>\n"
    assert marker in text
    rows = [
        _pre2003_row(["Common Stock", "2/7/00", "P", "", "1,000", "A", "$1.50", "11,000", "D", ""]),
        _pre2003_row(["Class A Common Stock, par", "2/8/00", "S", "", "500", "D", "$2.125", "10,500", "I",
                      "By Foster Family Trust"]),
        _pre2003_row(["value $.01", "", "", "", "", "", "", "", "", "(1)"]),
    ]
    changed = text.replace(marker, marker + "\n".join(rows) + "\n")
    filing = read_text(changed.encode("utf-8"), "pre2003-with-rows.txt")
    first, second = filing.non_derivative_transactions
    assert (first.security_title.value, first.transaction_date.value, first.transaction_code.value) == \
        ("Common Stock", dt.date(2000, 2, 7), "P")
    assert (first.shares.value, first.acquired_disposed.value, first.price_per_share.value) == \
        (Decimal("1000"), "A", Decimal("1.50"))
    assert (first.shares_owned_following.value, first.direct_or_indirect.value) == (Decimal("11000"), "D")
    assert second.security_title.value == "Class A Common Stock, par value $.01"
    assert (second.shares.value, second.acquired_disposed.value, second.price_per_share.value) == \
        (Decimal("500"), "D", Decimal("2.125"))
    assert (second.direct_or_indirect.value, second.nature_of_ownership.value) == ("I", "By Foster Family Trust")
    assert second.nature_of_ownership.footnotes == ("F1",)
    # The option row of Table II is still read.
    assert filing.derivative_transactions[0].underlying_shares.value == Decimal("12000")


def test_pre2003_document_read_as_part_of_its_submission_keeps_the_header_values(pre2003: tuple[Filing, str]) -> None:
    filing, text = pre2003
    start = text.index("<TEXT>") + len("<TEXT>")
    end = text.index("</TEXT>")
    base = Filing(accession_number=Value("0001094891-00-000193"), filing_date=Value(dt.date(2000, 3, 14)),
                  document=SourceDocument(kind="sgml", name="submission.txt", sha256="0" * 64, size=len(text)))
    part = read_text_document(text[start:end], "submission.txt", offset=start, base=base)
    assert part.document.kind == "sgml" and part.document.name == "submission.txt"
    assert part.accession_number == base.accession_number and part.filing_date == base.filing_date
    assert part.issuer.name.value == "Productivity Technologies Corp."
    assert _shown(part.issuer.name, text) == "Productivity Technologies Corp."
    assert part.derivative_transactions[0] == filing.derivative_transactions[0]
    assert any("fits no column" in note for note in part.document.notes)


def test_pre2003_submission_is_read_through_the_submission_reader_with_the_same_values(
        pre2003: tuple[Filing, str]) -> None:
    filing, text = pre2003
    pytest.importorskip("form4viewer.readers.submission")
    whole = read_bytes(text.encode("utf-8"), "submission.txt")
    assert whole.accession_number.value == "0001094891-00-000193"
    assert whole.filing_date.value == dt.date(2000, 3, 14)
    assert whole.derivative_transactions == filing.derivative_transactions
    assert whole.reporting_owners == filing.reporting_owners
