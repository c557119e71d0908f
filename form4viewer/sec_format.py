"""The SEC's Insider Transactions Data Sets files as the SEC writes them (`export --format sec`).

Each quarter the SEC publishes eight tab-separated tables (`SUBMISSION.tsv` ... `OWNER_SIGNATURE.tsv`). Rows written
here can be appended to the SEC's own files; what the real files show, and what is written the same way:

- tab-separated, UTF-8 without a byte-order mark, LF line ends, `.tsv` names; a field that holds a double quote
  (or a tab or line break) is quoted with the quote doubled, any other field is written bare;
- dates `DD-MON-YYYY` in capitals (`31-JUL-2024`), month names in English whatever the locale;
- numbers as the SEC's database prints them: rounded to two decimals, half away from zero (`224.048` ->
  `224.05`), trailing zeros dropped but at least one decimal kept (`15905` -> `15905.0`, `26.80` -> `26.8`);
- flags as filed (`0`, `1`, `true`, `false`; nothing when the element was left out); a flag a person corrected, or
  one read from a printout's check box, is written `1` or `0`;
- text as filed, double spaces kept; footnote ids of a field in the filing's order, joined with `, `
  (`F3, F2, F4`); EQUITY_SWAP_TRANS_CD_FN holds the footnotes of the whole transaction coding;
- one relationship column (`Director`, `Officer`, `TenPercentOwner`, `Other`, several joined with `,`);
- the column names as shipped, `EXCERCISE_DATE` in DERIV_TRANS and `EXERCISE_DATE` in DERIV_HOLDING.

The column set depends on the quarter: the current layout (2025q1 on) ends SUBMISSION with AFF10B5ONE; the
`2024q3` layout (as downloaded in November 2024) has no AFF10B5ONE.

What a filing cannot say is left empty: FILING_DATE when the file had no submission header, FILE_NUMBER (the
owner's SEC file number, which only EDGAR's header index holds), RPTOWNER_STATE_DESC.

`_SK` keys. The SEC's surrogate keys are numbers from its own database, which no reader of the filing can know.
Ours are stable: the same filing gives the same keys in every export and every database, whatever else is
exported with it. The rule: for the n-th row (from 1, in the filing's order) of table T (`NONDERIV_TRANS`,
`NONDERIV_HOLDING`, `DERIV_TRANS`, `DERIV_HOLDING`) of the filing exported under key K,

    _SK = int(sha256(f"{K}\\t{T}\\t{n}".encode("utf-8")).hexdigest()[:13], 16)

a whole number below 2**52, so that it survives a trip through a float (spreadsheets, JavaScript, pandas).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from .export import _ROW_COLUMNS, SEC_TABLES, relationship, surrogate_key
from .model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    TABLES,
    Filing,
    ReportingOwner,
    Row,
    Value,
)

# The SEC's tables and their columns, in the SEC's order and spelling, as in its files' header lines.
TABLE_NAMES = (
    "SUBMISSION", "REPORTINGOWNER", "NONDERIV_TRANS", "NONDERIV_HOLDING", "DERIV_TRANS", "DERIV_HOLDING",
    "FOOTNOTES", "OWNER_SIGNATURE",
)  # fmt: skip

_CURRENT = {name.removesuffix(".csv"): columns for name, columns in SEC_TABLES.items()}

#: Layout name -> {table: columns}. "current" is the SEC's layout since AFF10B5ONE was added (2025q1 files);
#: "2024q3" the one without it.
LAYOUTS: dict[str, dict[str, tuple[str, ...]]] = {
    "current": _CURRENT,
    "2024q3": {table: tuple(c for c in columns if c != "AFF10B5ONE") for table, columns in _CURRENT.items()},
}


def layout(name: str = "current") -> dict[str, tuple[str, ...]]:
    """The columns of each table in the named layout (`current` or `2024q3`)."""
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r} (known: {', '.join(LAYOUTS)})")
    return LAYOUTS[name]


_ROW_TABLES = {
    NON_DERIVATIVE_TRANSACTIONS: "NONDERIV_TRANS",
    NON_DERIVATIVE_HOLDINGS: "NONDERIV_HOLDING",
    DERIVATIVE_TRANSACTIONS: "DERIV_TRANS",
    DERIVATIVE_HOLDINGS: "DERIV_HOLDING",
}
_CODING_FIELDS = ("transaction_form_type", "transaction_code", "equity_swap_involved")

# --------------------------------------------------------------------------------------------------------------
# Cells

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_CENT = Decimal("0.01")
# Enough digits for any amount a filing can hold, so that quantize never fails for lack of precision.
_WIDE = decimal.Context(prec=1000, rounding=decimal.ROUND_HALF_UP)
_FLAGS_AS_FILED = frozenset({"0", "1", "true", "false"})


def sec_date(day: dt.date) -> str:
    """`31-JUL-2024`: the SEC's date, month in English capitals whatever the locale."""
    return f"{day.day:02d}-{_MONTHS[day.month - 1]}-{day.year:04d}"


def sec_number(number: Decimal) -> str:
    """The SEC's print of a number: two decimals at most, half away from zero, at least one decimal kept."""
    rounded = number.quantize(_CENT, context=_WIDE)
    if rounded == 0:
        return "0.0"  # never "-0.0"
    text = format(rounded, "f").rstrip("0")
    return text + "0" if text.endswith(".") else text


def sec_cell(value: Value) -> str:
    """One value as the SEC's files write it."""
    v = value.value
    if v is None:
        return ""
    if isinstance(v, bool):
        # As filed (`0`, `true`...) when read from an ownership document and not corrected since.
        if not value.corrected and value.raw is not None and value.raw.strip() in _FLAGS_AS_FILED:
            return value.raw.strip()
        return "1" if v else "0"
    if isinstance(v, Decimal):
        return sec_number(v)
    if isinstance(v, dt.date):
        return sec_date(v)
    return str(v)


def footnote_ids(*values: Value) -> str:
    """The footnote ids of the fields, in the filing's order, each once, joined with `, `."""
    ids: list[str] = []
    for value in values:
        ids.extend(note for note in value.footnotes if note not in ids)
    return ", ".join(ids)


# --------------------------------------------------------------------------------------------------------------
# Rows


def _submission(key: str, filing: Filing) -> dict[str, str]:
    return {
        "ACCESSION_NUMBER": key, "FILING_DATE": sec_cell(filing.filing_date),
        "PERIOD_OF_REPORT": sec_cell(filing.period_of_report),
        "DATE_OF_ORIG_SUB": sec_cell(filing.date_of_original_submission),
        "NO_SECURITIES_OWNED": sec_cell(filing.no_securities_owned),
        "NOT_SUBJECT_SEC16": sec_cell(filing.not_subject_to_section16),
        "FORM3_HOLDINGS_REPORTED": sec_cell(filing.form3_holdings_reported),
        "FORM4_TRANS_REPORTED": sec_cell(filing.form4_transactions_reported), "DOCUMENT_TYPE": sec_cell(filing.form),
        "ISSUERCIK": sec_cell(filing.issuer.cik), "ISSUERNAME": sec_cell(filing.issuer.name),
        "ISSUERTRADINGSYMBOL": sec_cell(filing.issuer.trading_symbol), "REMARKS": sec_cell(filing.remarks),
        "AFF10B5ONE": sec_cell(filing.aff10b5_one),
    }  # fmt: skip


def _owner(key: str, owner: ReportingOwner) -> dict[str, str]:
    # RPTOWNER_STATE is the SEC's "state or country code": an owner abroad in today's form has its code as country.
    state = owner.state if owner.state.value is not None else owner.country
    return {
        "ACCESSION_NUMBER": key, "RPTOWNERCIK": sec_cell(owner.cik), "RPTOWNERNAME": sec_cell(owner.name),
        "RPTOWNER_RELATIONSHIP": relationship(owner), "RPTOWNER_TITLE": sec_cell(owner.officer_title),
        "RPTOWNER_TXT": sec_cell(owner.other_text), "RPTOWNER_STREET1": sec_cell(owner.street1),
        "RPTOWNER_STREET2": sec_cell(owner.street2), "RPTOWNER_CITY": sec_cell(owner.city),
        "RPTOWNER_STATE": sec_cell(state), "RPTOWNER_ZIPCODE": sec_cell(owner.zip_code),
        "RPTOWNER_STATE_DESC": sec_cell(owner.state_description), "FILE_NUMBER": "",
    }  # fmt: skip


def _table_row(key: str, table: str, position: int, row: Row, columns: tuple[str, ...]) -> dict[str, str]:
    out = {"ACCESSION_NUMBER": key, columns[1]: str(surrogate_key(key, table, position))}
    for column in columns[2:]:
        if column == "EQUITY_SWAP_TRANS_CD_FN":
            out[column] = footnote_ids(*(getattr(row, name) for name in _CODING_FIELDS))
        elif column.endswith("_FN"):
            out[column] = footnote_ids(getattr(row, _ROW_COLUMNS[column[:-3]]))
        else:
            out[column] = sec_cell(getattr(row, _ROW_COLUMNS[column]))
    return out


def sec_rows(key: str, filing: Filing, layout_name: str = "current") -> dict[str, list[list[str]]]:
    """The lines one filing adds to each of the SEC's tables (by table name), in the layout's columns."""
    columns = layout(layout_name)
    records: dict[str, list[dict[str, str]]] = {name: [] for name in TABLE_NAMES}
    records["SUBMISSION"].append(_submission(key, filing))
    records["REPORTINGOWNER"].extend(_owner(key, owner) for owner in filing.reporting_owners)
    for table in TABLES:
        name = _ROW_TABLES[table]
        records[name].extend(
            _table_row(key, name, n, row, columns[name]) for n, row in enumerate(filing.rows(table), 1)
        )
    records["FOOTNOTES"].extend(
        {"ACCESSION_NUMBER": key, "FOOTNOTE_ID": note.id, "FOOTNOTE_TXT": sec_cell(note.text)}
        for note in filing.footnotes
    )
    records["OWNER_SIGNATURE"].extend(
        {"ACCESSION_NUMBER": key, "OWNERSIGNATURENAME": sec_cell(s.name), "OWNERSIGNATUREDATE": sec_cell(s.date)}
        for s in filing.signatures
    )
    return {name: [[r[c] for c in columns[name]] for r in rows] for name, rows in records.items()}


# --------------------------------------------------------------------------------------------------------------
# Files


def file_name(table: str) -> str:
    return f"{table}.tsv"


def _writer(fileobj: IO[str]) -> Any:
    return csv.writer(
        fileobj, delimiter="\t", quotechar='"', doublequote=True, quoting=csv.QUOTE_MINIMAL, lineterminator="\n"
    )


def write_sec_files(
    out_dir: str | os.PathLike[str], lines: Iterable[dict[str, list[list[str]]]], layout_name: str = "current"
) -> dict[str, int]:
    """Write lines made by `sec_rows` into the eight `.tsv` files in `out_dir` (made if missing). Returns the
    number of data rows written to each file, by file name."""
    columns = layout(layout_name)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, IO[str]] = {}
    writers: dict[str, Any] = {}
    counts = {file_name(name): 0 for name in TABLE_NAMES}
    try:
        for name in TABLE_NAMES:
            # utf-8 without a byte-order mark, "\n" kept as written: the SEC's own files are so.
            files[name] = open(folder / file_name(name), "w", encoding="utf-8", newline="")
            writers[name] = _writer(files[name])
            writers[name].writerow(columns[name])
        for rendered in lines:
            for name, rows in rendered.items():
                writers[name].writerows(rows)
                counts[file_name(name)] += len(rows)
    finally:
        for fh in files.values():
            fh.close()
    return counts
