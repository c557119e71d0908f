"""The SEC's eight Insider Transactions tables as rows of typed values, for the tables of the same names inside the
SQLite file (written by the store with every save, so that sqlite-utils, Datasette, pandas and duckdb users query
them directly).

The rows are those of `export --format sec` (`sec_format.sec_rows`, under `export.filing_key`: the accession
number, else the `F4V-` content key), with each cell given a type a query can filter, sort and sum:

- tables and columns carry the SEC's own names, upper case, its spellings kept (`REPORTINGOWNER`, `EXCERCISE_DATE`
  in DERIV_TRANS), so that SQL written for the SEC's quarterly data sets runs here;
- dates are ISO 8601 text (`2023-03-01`): they sort and compare as text, and `strftime('%Y-%m', TRANS_DATE)`,
  duckdb's `CAST(... AS DATE)` and Datasette's date facets read them;
- amounts (shares, prices, values, holdings after the row) are REAL with the value as filed or as corrected, not
  rounded to the SEC files' two decimals: `sum(TRANS_SHARES)` adds what the filings say. A REAL keeps 15
  significant digits, more than any amount a filing holds; the exact decimal text stays in the filing's JSON;
- flags (NO_SECURITIES_OWNED, AFF10B5ONE, EQUITY_SWAP_INVOLVED, ...) are INTEGER 1 or 0, NULL when not filed;
- `_SK` keys are INTEGER (the stable keys of `sec_format.surrogate_key`); CIKs, codes, footnote ids and text are
  TEXT as the SEC files write them; an empty cell is NULL.

Each row also has `filing_id`, the saved filing it belongs to (`filings.id`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from typing import Any

from .export import _ROW_COLUMNS, filing_key, relationship
from .model import TABLES, Filing, ReportingOwner, Row, Value
from .sec_format import (
    _CODING_FIELDS,
    _ROW_TABLES,
    TABLE_NAMES,
    footnote_ids,
    layout,
    sec_cell,
    surrogate_key,
)

#: Columns holding dates, amounts and flags; every other column is text (and the `_SK` columns integers).
DATE_COLUMNS = frozenset({
    "FILING_DATE", "PERIOD_OF_REPORT", "DATE_OF_ORIG_SUB", "TRANS_DATE", "DEEMED_EXECUTION_DATE", "EXCERCISE_DATE",
    "EXERCISE_DATE", "EXPIRATION_DATE", "OWNERSIGNATUREDATE",
})  # fmt: skip
NUMBER_COLUMNS = frozenset({
    "CONV_EXERCISE_PRICE", "TRANS_SHARES", "TRANS_PRICEPERSHARE", "TRANS_TOTAL_VALUE", "UNDLYNG_SEC_SHARES",
    "UNDLYNG_SEC_VALUE", "SHRS_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS",
})  # fmt: skip
FLAG_COLUMNS = frozenset({
    "NO_SECURITIES_OWNED", "NOT_SUBJECT_SEC16", "FORM3_HOLDINGS_REPORTED", "FORM4_TRANS_REPORTED", "AFF10B5ONE",
    "EQUITY_SWAP_INVOLVED",
})  # fmt: skip

#: Table -> its columns in the SEC's current layout (the order of the database's columns, `filing_id` after them).
COLUMNS: dict[str, tuple[str, ...]] = dict(layout("current"))

_MONTHS = {name: n for n, name in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                                             "NOV", "DEC"), 1)}  # fmt: skip
_FLAGS = {"1": 1, "true": 1, "0": 0, "false": 0}


def column_type(column: str) -> str:
    """The SQLite type of a column of the SEC tables."""
    if column in NUMBER_COLUMNS:
        return "REAL"
    if column in FLAG_COLUMNS or column.endswith("_SK"):
        return "INTEGER"
    return "TEXT"


def _iso(sec_date: str) -> str:
    # The export writes dates as `31-JUL-2024`; back to the date it was made from.
    day, month, year = sec_date.split("-")
    return dt.date(int(year), _MONTHS[month], int(day)).isoformat()


def _typed(column: str, printed: str) -> Any:
    """A cell of `sec_format`'s rows (the SEC's print), typed."""
    if printed == "":
        return None
    if column in DATE_COLUMNS:
        try:
            return _iso(printed)
        except (ValueError, KeyError):
            return printed
    if column in FLAG_COLUMNS:
        return _FLAGS.get(printed.strip().lower(), printed)
    if column.endswith("_SK"):
        return int(printed)
    return printed


_TEXT, _NUMBER, _DATE, _FLAG, _NOTES, _CODING_NOTES = range(6)


def _plan(columns: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """How each column after ACCESSION_NUMBER and the `_SK` of a Table I/II row is made, and from which row
    field: the columns of `sec_format._table_row`, by the same mapping (`export._ROW_COLUMNS`)."""
    plan = []
    for column in columns[2:]:
        if column == "EQUITY_SWAP_TRANS_CD_FN":
            plan.append((_CODING_NOTES, column, ""))
        elif column.endswith("_FN"):
            plan.append((_NOTES, column, _ROW_COLUMNS[column[:-3]]))
        elif column in NUMBER_COLUMNS:
            plan.append((_NUMBER, column, _ROW_COLUMNS[column]))
        elif column in DATE_COLUMNS:
            plan.append((_DATE, column, _ROW_COLUMNS[column]))
        elif column in FLAG_COLUMNS:
            plan.append((_FLAG, column, _ROW_COLUMNS[column]))
        else:
            plan.append((_TEXT, column, _ROW_COLUMNS[column]))
    return plan


def _other(kind: int, column: str, value: Value) -> Any:
    """A cell whose value is not of its column's usual type (flags, and what a printout gave where a number or
    date belongs; any number but a Decimal): as the export writes it, typed."""
    v = value.value
    if kind == _NUMBER and isinstance(v, (Decimal, int)) and not isinstance(v, bool):
        return float(v)  # the amount as filed or corrected, not the export's two decimals
    if kind == _DATE and isinstance(v, dt.date):
        return v.isoformat()
    if kind == _TEXT and isinstance(v, str):
        return v or None
    return _typed(column, sec_cell(value))


#: Each cell as an expression over the row's field values `f0`, `f1`... (`{v}` stands for one of them): its usual
#: type is turned straight into the column's, anything else goes through `_other`. A row's cells are one
#: expression (no loop over the columns: this runs for every cell of every row an import saves).
_CELL = {
    _NUMBER: "(None if (v := {v}.value) is None else float(v) if type(v) is Decimal else _other({k}, {c!r}, {v}))",
    _DATE: "(None if (v := {v}.value) is None else v.isoformat() if type(v) is date else _other({k}, {c!r}, {v}))",
    _TEXT: "(None if (v := {v}.value) is None else (v or None) if type(v) is str else _other({k}, {c!r}, {v}))",
    _FLAG: "(None if {v}.value is None else _other({k}, {c!r}, {v}))",
    _NOTES: "(footnote_ids({v}) if {v}.footnotes else None)",
}


def _row_maker(table: str, plan: list[tuple[int, str, str]]) -> Callable[[str, int, Row], tuple[Any, ...]]:
    """`make(key, position, row)`: the typed cells of a Table I/II row of `table` (ACCESSION_NUMBER `key`, the
    `_SK` of the row at `position`, from 1, then the columns of `plan`), as `sec_format._table_row` makes them
    printed. Written out as one function per table (`plan` is fixed: the SEC's layout)."""
    fields = sorted({field for _, _, field in plan if field} | set(_CODING_FIELDS))
    name = {field: f"f{n}" for n, field in enumerate(fields)}
    cells = []
    for kind, column, field in plan:
        if kind == _CODING_NOTES:
            coding = [name[f] for f in _CODING_FIELDS]
            cells.append(f"(footnote_ids({', '.join(coding)}) if {' or '.join(c + '.footnotes' for c in coding)} "
                         "else None)")
        else:
            cells.append(_CELL[kind].format(v=name[field], k=kind, c=column))
    lines = ["def make(key, position, row):", f"    {', '.join(name[f] for f in fields)}, = get(row)",
             f"    return (key, surrogate_key(key, {table!r}, position),", *(f"        {c}," for c in cells), "    )"]
    scope: dict[str, Any] = {"get": attrgetter(*fields), "surrogate_key": surrogate_key,
                             "footnote_ids": footnote_ids, "_other": _other, "Decimal": Decimal, "date": dt.date}
    exec("\n".join(lines), scope)  # noqa: S102 -- source made above from the fixed layout, no outside text
    make: Callable[[str, int, Row], tuple[Any, ...]] = scope["make"]
    return make


_MAKERS = {name: _row_maker(name, _plan(COLUMNS[name])) for name in _ROW_TABLES.values()}

#: The Value each column of a SUBMISSION row and of a REPORTINGOWNER row is made from: the mapping of
#: `sec_format._submission` and `sec_format._owner` (a test compares the rows with theirs), so that each cell is
#: typed from its value rather than printed as the SEC prints it and read back.
_SUBMISSION_VALUES = {
    "FILING_DATE": "filing_date", "PERIOD_OF_REPORT": "period_of_report",
    "DATE_OF_ORIG_SUB": "date_of_original_submission", "NO_SECURITIES_OWNED": "no_securities_owned",
    "NOT_SUBJECT_SEC16": "not_subject_to_section16", "FORM3_HOLDINGS_REPORTED": "form3_holdings_reported",
    "FORM4_TRANS_REPORTED": "form4_transactions_reported", "DOCUMENT_TYPE": "form", "ISSUERCIK": "issuer.cik",
    "ISSUERNAME": "issuer.name", "ISSUERTRADINGSYMBOL": "issuer.trading_symbol", "REMARKS": "remarks",
    "AFF10B5ONE": "aff10b5_one",
}  # fmt: skip
_OWNER_VALUES = {
    "RPTOWNERCIK": "cik", "RPTOWNERNAME": "name", "RPTOWNER_TITLE": "officer_title", "RPTOWNER_TXT": "other_text",
    "RPTOWNER_STREET1": "street1", "RPTOWNER_STREET2": "street2", "RPTOWNER_CITY": "city",
    "RPTOWNER_ZIPCODE": "zip_code", "RPTOWNER_STATE_DESC": "state_description",
}  # fmt: skip
#: Columns whose cells are the text as filed (`_typed` keeps it as it is).
_TEXT_COLUMNS = frozenset(
    column for columns in COLUMNS.values() for column in columns
    if column not in DATE_COLUMNS and column not in FLAG_COLUMNS and not column.endswith("_SK")
)


def _cell(column: str, value: Value) -> Any:
    """`_typed(column, sec_cell(value))`, with text and dates of their columns taken straight from the value."""
    v = value.value
    if v is None:
        return None
    kind = type(v)
    if kind is str and column in _TEXT_COLUMNS:
        return v or None
    if kind is dt.date and column in DATE_COLUMNS:
        return v.isoformat()
    return _typed(column, sec_cell(value))


def _submission_row(key: str, filing: Filing) -> tuple[Any, ...]:
    return tuple(
        key if column == "ACCESSION_NUMBER" else _cell(column, _SUBMISSION_GETTERS[column](filing))
        for column in COLUMNS["SUBMISSION"]
    )


def _owner_row(key: str, owner: ReportingOwner) -> tuple[Any, ...]:
    cells: list[Any] = []
    for column in COLUMNS["REPORTINGOWNER"]:
        if column == "ACCESSION_NUMBER":
            cells.append(key)
        elif column == "RPTOWNER_RELATIONSHIP":
            cells.append(relationship(owner) or None)
        elif column == "RPTOWNER_STATE":
            # the SEC's "state or country code": an owner abroad in today's form has its code as country
            cells.append(_cell(column, owner.state if owner.state.value is not None else owner.country))
        elif column == "FILE_NUMBER":
            cells.append(None)
        else:
            cells.append(_cell(column, getattr(owner, _OWNER_VALUES[column])))
    return tuple(cells)


_SUBMISSION_GETTERS = {column: attrgetter(path) for column, path in _SUBMISSION_VALUES.items()}


def filing_rows(filing: Filing) -> dict[str, list[tuple[Any, ...]]]:
    """The rows one filing adds to each SEC table (by the SEC's table name), as tuples in `COLUMNS` order: the
    rows of `export --format sec` (`sec_format.sec_rows`) under `filing_key(filing)`, typed. Amounts are the
    filing's own values, not the export's two-decimal print. Table I/II rows, most of the work, are made cell by
    cell from the export's own mapping and helpers, without printing and reading back each date and amount."""
    key = filing_key(filing)
    out: dict[str, list[tuple[Any, ...]]] = {
        "SUBMISSION": [_submission_row(key, filing)],
        "REPORTINGOWNER": [_owner_row(key, owner) for owner in filing.reporting_owners],
    }
    for table in TABLES:
        name = _ROW_TABLES[table]
        make = _MAKERS[name]
        out[name] = [make(key, n, row) for n, row in enumerate(filing.rows(table), 1)]
    out["FOOTNOTES"] = [(key, note.id or None, _cell("FOOTNOTE_TXT", note.text)) for note in filing.footnotes]
    out["OWNER_SIGNATURE"] = [
        (key, _cell("OWNERSIGNATURENAME", s.name), _cell("OWNERSIGNATUREDATE", s.date)) for s in filing.signatures
    ]
    return {name: out[name] for name in TABLE_NAMES}


__all__ = ["COLUMNS", "DATE_COLUMNS", "FLAG_COLUMNS", "NUMBER_COLUMNS", "column_type", "filing_rows"]
