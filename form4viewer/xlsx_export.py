"""`export --format xlsx`: the csv export's tables as one Excel workbook, one sheet per table, typed cells.

The sheets are the csv export's files (the SEC's eight tables, `transactions` and `problems`), with the same
columns and rows as `export.all_lines` makes them; only the cells' types differ:

- dates (the model's DATE fields) are Excel dates, shown `yyyy-mm-dd`;
- amounts (the model's DECIMAL fields) are numbers. Excel holds doubles, so a Decimal is written as the nearest
  double (15-17 significant digits kept; the csv export keeps every digit);
- everything else (keys, CIKs with their leading zeros, flags as 1/0, codes, footnote ids) is text, written as a
  string cell: Excel shows a text that starts with `=` as text and never runs it, so the csv export's `'` guard
  is taken off again here. Characters a workbook cannot hold (control characters) are written `⟨U+0001⟩`.

The header row is bold and frozen; column widths follow the header and the first rows. A table with more rows
than a sheet holds goes on in `NAME (2)`, `NAME (3)` ... openpyxl is an optional extra (`pip install
'form4viewer[xlsx]'`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import secrets
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from .display import visible
from .export import (
    _ROW_COLUMNS,
    PROBLEM_COLUMNS,
    PROBLEMS_CSV,
    SEC_TABLES,
    TRANSACTION_COLUMNS,
    TRANSACTIONS_CSV,
    safe_cell,
)
from .model import FILING_FIELDS, ROW_FIELDS, SIGNATURE_FIELDS, Kind

log = logging.getLogger(__name__)

INSTALL_HINT = "form4viewer: --format xlsx needs openpyxl: pip install 'form4viewer[xlsx]' (or pip install openpyxl)"

#: Sheet name of each csv export file, in the csv export's order.
SHEETS: dict[str, str] = {name: name.removesuffix(".csv") for name in (*SEC_TABLES, TRANSACTIONS_CSV, PROBLEMS_CSV)}
_HEADERS: dict[str, tuple[str, ...]] = {
    **SEC_TABLES,
    TRANSACTIONS_CSV: TRANSACTION_COLUMNS,
    PROBLEMS_CSV: PROBLEM_COLUMNS,
}

# The SEC's submission and signature columns that hold a date, by the model field they are written from (the
# Table I/II columns go through export._ROW_COLUMNS, the transactions columns are the model's own field names).
_SEC_FIELDS = {
    "FILING_DATE": FILING_FIELDS["filing_date"], "PERIOD_OF_REPORT": FILING_FIELDS["period_of_report"],
    "DATE_OF_ORIG_SUB": FILING_FIELDS["date_of_original_submission"],
    "OWNERSIGNATUREDATE": SIGNATURE_FIELDS["date"],
}  # fmt: skip

MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header included
MAX_TEXT = 32_767  # Excel's characters per cell
_WIDTH_SAMPLE = 200
_MAX_WIDTH = 60
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


def _kind(file: str, column: str) -> Kind:
    if file in (TRANSACTIONS_CSV, PROBLEMS_CSV):
        spec = ROW_FIELDS.get(column) or FILING_FIELDS.get(column)
        return spec.kind if spec is not None and file == TRANSACTIONS_CSV else Kind.TEXT
    if column in _SEC_FIELDS:
        return _SEC_FIELDS[column].kind
    field = _ROW_COLUMNS.get(column)
    return ROW_FIELDS[field].kind if field in ROW_FIELDS else Kind.TEXT


def column_kinds(file: str) -> tuple[Kind, ...]:
    """The kind of each column of a csv export file (DATE and DECIMAL become typed cells; the rest is text)."""
    return tuple(_kind(file, column) for column in _HEADERS[file])


def unguarded(text: str) -> str:
    """The text before export.safe_cell put its `'` in front (a string cell needs no guard)."""
    if text.startswith("'") and safe_cell(text[1:]) == text:
        return text[1:]
    return text


def typed_cell(kind: Kind, text: str) -> Any:
    """The cell value for one csv export cell: a date, a float, None for an empty cell, or the text."""
    if text == "":
        return None
    if kind is Kind.DATE:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    elif kind is Kind.DECIMAL:
        try:
            number = Decimal(text)
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return float(number)
    text = unguarded(text)
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(lambda m: visible(m.group()), text)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(repr(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


class _Sheet:
    """One table's sheet(s): rows are held back until the column widths are known, then streamed."""

    def __init__(self, book: Any, file: str):
        self.book = book
        self.name = SHEETS[file]
        self.header = _HEADERS[file]
        self.kinds = column_kinds(file)
        self.pending: list[list[Any]] | None = []
        self.sheet: Any = None
        self.rows_in_sheet = 0
        self.parts = 0
        self.widths = [len(h) for h in self.header]
        self.count = 0

    def _start(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self.parts += 1
        title = self.name if self.parts == 1 else f"{self.name} ({self.parts})"
        self.sheet = self.book.create_sheet(title)
        self.sheet.freeze_panes = "A2"
        for n, width in enumerate(self.widths, 1):
            self.sheet.column_dimensions[get_column_letter(n)].width = min(_MAX_WIDTH, width + 2)
        bold = Font(bold=True)
        cells = []
        for title_text in self.header:
            cell = WriteOnlyCell(self.sheet, value=title_text)
            cell.font = bold
            cells.append(cell)
        self.sheet.append(cells)
        self.rows_in_sheet = 1

    def _write(self, values: list[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell

        if self.sheet is None or self.rows_in_sheet >= MAX_ROWS:
            self._start()
        cells: list[Any] = []
        for value in values:
            if isinstance(value, str) and value.startswith("="):
                # openpyxl takes a text that starts with "=" for a formula: this one is written as a string cell
                cell = WriteOnlyCell(self.sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                # a plain value: openpyxl writes a date as a date cell shown yyyy-mm-dd, a float as a number
                cells.append(value)
        self.sheet.append(cells)
        self.rows_in_sheet += 1

    def add(self, line: list[str]) -> None:
        values = [typed_cell(kind, text) for kind, text in zip(self.kinds, line, strict=True)]
        self.count += 1
        if self.pending is None:
            self._write(values)
            return
        self.pending.append(values)
        self.widths = [max(w, _display_width(v)) for w, v in zip(self.widths, values, strict=True)]
        if len(self.pending) >= _WIDTH_SAMPLE:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, None
        if self.sheet is None:
            self._start()
        for values in pending or ():
            self._write(values)


def write_xlsx(path: str | os.PathLike[str], rendered: Iterable[dict[str, list[list[str]]]]) -> dict[str, int]:
    """Write lines made by `export.render_selected("csv", ...)` (or `export.all_lines`) into one workbook at
    `path`, one sheet per table. Returns the number of data rows of each table, by sheet name. Raises ImportError
    without openpyxl (INSTALL_HINT says how to install it), OSError when the file cannot be written.

    The folder is made if missing, as the other formats make theirs. The workbook is written beside `path` under a
    temporary name and put in its place once complete, so that a failed export leaves an earlier file untouched;
    that file is opened first, so that a place that cannot be written is said before any work is done."""
    from openpyxl import Workbook

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
    # made as open() makes a file (the user's umask applies), so that the workbook gets the usual permissions
    fd = os.open(part, os.O_CREAT | os.O_EXCL | os.O_RDWR | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "w+b") as fh:
            counts = _write_book(Workbook, fh, rendered)
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise
    return counts


def _write_book(workbook: Any, fh: IO[bytes], rendered: Iterable[dict[str, list[list[str]]]]) -> dict[str, int]:
    # Write-only: rows stream to a temporary file, so a large export does not hold every cell in memory.
    book = workbook(write_only=True)
    sheets = {file: _Sheet(book, file) for file in SHEETS}
    for lines in rendered:
        for file, rows in lines.items():
            sheet = sheets.get(file)
            if sheet is None:
                continue
            for row in rows:
                sheet.add(row)
    for sheet in sheets.values():
        sheet.flush()
    # A long table starts its sheet before the tables ahead of it are done; the sheets go back into table order.
    # (Workbook.move_sheet does not take write-only sheets; the workbook's list of sheets is sorted instead.)
    order = list(SHEETS.values())
    book._sheets.sort(key=lambda ws: (order.index(ws.title.split(" (")[0]), len(ws.title), ws.title))
    book.save(fh)
    return {sheet.name: sheet.count for sheet in sheets.values()}
