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
from decimal import Decimal
from typing import Any

from .export import _ROW_COLUMNS, filing_key
from .model import TABLES, Filing
from .sec_format import _ROW_TABLES, TABLE_NAMES, layout, sec_rows

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


def _number(value: Any, printed: str) -> Any:
    if isinstance(value, bool) or value is None:
        return float(Decimal(printed)) if printed else None
    if isinstance(value, (Decimal, int, float)):
        return float(value)
    return printed or None  # text where a number belongs (a printout misread) is kept as text, not dropped


def _typed(column: str, printed: str) -> Any:
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


def filing_rows(filing: Filing) -> dict[str, list[tuple[Any, ...]]]:
    """The rows one filing adds to each SEC table (by the SEC's table name), as tuples in `COLUMNS` order: the
    rows of `export --format sec` under `filing_key(filing)`, typed. Amounts are the filing's own values (not the
    export's two-decimal print)."""
    key = filing_key(filing)
    printed = sec_rows(key, filing, "current")
    out: dict[str, list[tuple[Any, ...]]] = {}
    by_name = {_ROW_TABLES[table]: table for table in TABLES}
    for name in TABLE_NAMES:
        columns = COLUMNS[name]
        rows = []
        model_rows = filing.rows(by_name[name]) if name in by_name else ()
        for index, line in enumerate(printed[name]):
            typed = []
            for column, cell in zip(columns, line, strict=True):
                if column in NUMBER_COLUMNS:
                    typed.append(_number(getattr(model_rows[index], _ROW_COLUMNS[column]).value, cell))
                else:
                    typed.append(_typed(column, cell))
            rows.append(tuple(typed))
        out[name] = rows
    return out


__all__ = ["COLUMNS", "DATE_COLUMNS", "FLAG_COLUMNS", "NUMBER_COLUMNS", "column_type", "filing_rows"]
