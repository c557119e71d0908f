"""Exports: the SEC's Insider Transactions Data Sets tables as CSV for spreadsheets (`--format csv`, here), as the
SEC's own tab-separated files (`--format sec`, in `sec_format`), the keys filings are exported under, and the
filters every export takes.

The CSV form. The SEC tables (`SUBMISSION.csv`, `REPORTINGOWNER.csv`, `NONDERIV_TRANS.csv`, `NONDERIV_HOLDING.csv`,
`DERIV_TRANS.csv`, `DERIV_HOLDING.csv`, `FOOTNOTES.csv`, `OWNER_SIGNATURE.csv`) have exactly the column names and
order of the SEC's files, their own spellings included (`EXCERCISE_DATE` in DERIV_TRANS, `EXERCISE_DATE` in
DERIV_HOLDING), so that tools written for the SEC's data read ours. Where the CSV form differs from the SEC's files,
on purpose, for spreadsheets: dates are ISO `YYYY-MM-DD`; amounts are written as filed, at full precision; flags
are `1`/`0`; comma-separated with CRLF line ends. `_FN` columns hold the footnote ids cited by the field, joined by
commas (`F1,F2`). The `_SK` keys are the SEC form's (`sec_format`): a number made from the filing's key, the table and
the row's place in the filing, the same in every export and every database, so that exports can be merged. (They
numbered the rows of each table from 1 in the order written, which two merged exports both used.) `FILE_NUMBER`
stays empty: a filing does not carry it.

Every CSV file starts with a UTF-8 byte-order mark, the one convention for all of them: spreadsheet programs (Excel
above all) read a file without one in the machine's legacy code page and garble every accented name, and
pandas, duckdb and Python's `utf-8-sig` skip it. (The SEC form has none, as the SEC's files have none.)

`transactions.csv` has one line per Table I or Table II row (transactions and holdings) with the filing's,
issuer's and owners' columns repeated, for people who open it in a spreadsheet; `row` counts the rows of each table
from 1, as the window numbers them. `problems.csv` has one line per
problem the checks find in each filing as saved (rule, severity, field path, message), so that a review can be
followed outside the application.

Any cell a spreadsheet would run as a formula is prefixed with `'`: one whose first character that shows is `=`, `+`,
`-` or `@` (full-width forms such as `＝` included, and whatever white space, control or zero-width characters stand
before it), or that starts with a tab or a carriage return. A number (`-2.5`) and a lone `-` are left as they are.
Every cell is quoted, so that a spreadsheet that splits on `;` (as European ones do) cannot turn `x;=cmd|...` into a
cell of its own.

Keys. A filing is exported under its accession number where one is known: the document's or the submission
header's (the filing's `accession_number`), else one in the file's name (EDGAR's pattern `0001104659-25-030072`,
as in EDGAR's own file names). Otherwise under a key derived from the filing's content, the same in every database:
`F4V-` and the first 20 hex digits of the SHA-256 of the filing's canonical JSON (every field of the form as read,
value and footnote ids, sources and reading details left out; keys sorted, no spaces, UTF-8). A person's
corrections do not change it, so a filing keeps its key as it is reviewed; two databases that hold the same file
give it the same key, and different filings never share one. Never a row id.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from .model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    ROW_FIELDS,
    TABLES,
    Filing,
    ReportingOwner,
    Row,
    Value,
    format_value,
)

# --------------------------------------------------------------------------------------------------------------
# The SEC's tables: file name -> columns, in the SEC's order and spelling.

SUBMISSION_COLUMNS = (
    "ACCESSION_NUMBER", "FILING_DATE", "PERIOD_OF_REPORT", "DATE_OF_ORIG_SUB", "NO_SECURITIES_OWNED",
    "NOT_SUBJECT_SEC16", "FORM3_HOLDINGS_REPORTED", "FORM4_TRANS_REPORTED", "DOCUMENT_TYPE", "ISSUERCIK",
    "ISSUERNAME", "ISSUERTRADINGSYMBOL", "REMARKS", "AFF10B5ONE",
)  # fmt: skip
REPORTINGOWNER_COLUMNS = (
    "ACCESSION_NUMBER", "RPTOWNERCIK", "RPTOWNERNAME", "RPTOWNER_RELATIONSHIP", "RPTOWNER_TITLE", "RPTOWNER_TXT",
    "RPTOWNER_STREET1", "RPTOWNER_STREET2", "RPTOWNER_CITY", "RPTOWNER_STATE", "RPTOWNER_ZIPCODE",
    "RPTOWNER_STATE_DESC", "FILE_NUMBER",
)  # fmt: skip
NONDERIV_TRANS_COLUMNS = (
    "ACCESSION_NUMBER", "NONDERIV_TRANS_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "TRANS_DATE", "TRANS_DATE_FN",
    "DEEMED_EXECUTION_DATE", "DEEMED_EXECUTION_DATE_FN", "TRANS_FORM_TYPE", "TRANS_CODE", "EQUITY_SWAP_INVOLVED",
    "EQUITY_SWAP_TRANS_CD_FN", "TRANS_TIMELINESS", "TRANS_TIMELINESS_FN", "TRANS_SHARES", "TRANS_SHARES_FN",
    "TRANS_PRICEPERSHARE", "TRANS_PRICEPERSHARE_FN", "TRANS_ACQUIRED_DISP_CD", "TRANS_ACQUIRED_DISP_CD_FN",
    "SHRS_OWND_FOLWNG_TRANS", "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS_FN",
    "DIRECT_INDIRECT_OWNERSHIP", "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN",
)  # fmt: skip
NONDERIV_HOLDING_COLUMNS = (
    "ACCESSION_NUMBER", "NONDERIV_HOLDING_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "TRANS_FORM_TYPE",
    "TRANS_FORM_TYPE_FN", "SHRS_OWND_FOLWNG_TRANS", "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS",
    "VALU_OWND_FOLWNG_TRANS_FN", "DIRECT_INDIRECT_OWNERSHIP", "DIRECT_INDIRECT_OWNERSHIP_FN",
    "NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN",
)  # fmt: skip
DERIV_TRANS_COLUMNS = (
    "ACCESSION_NUMBER", "DERIV_TRANS_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "CONV_EXERCISE_PRICE",
    "CONV_EXERCISE_PRICE_FN", "TRANS_DATE", "TRANS_DATE_FN", "DEEMED_EXECUTION_DATE", "DEEMED_EXECUTION_DATE_FN",
    "TRANS_FORM_TYPE", "TRANS_CODE", "EQUITY_SWAP_INVOLVED", "EQUITY_SWAP_TRANS_CD_FN", "TRANS_TIMELINESS",
    "TRANS_TIMELINESS_FN", "TRANS_SHARES", "TRANS_SHARES_FN", "TRANS_TOTAL_VALUE", "TRANS_TOTAL_VALUE_FN",
    "TRANS_PRICEPERSHARE", "TRANS_PRICEPERSHARE_FN", "TRANS_ACQUIRED_DISP_CD", "TRANS_ACQUIRED_DISP_CD_FN",
    "EXCERCISE_DATE", "EXCERCISE_DATE_FN", "EXPIRATION_DATE", "EXPIRATION_DATE_FN", "UNDLYNG_SEC_TITLE",
    "UNDLYNG_SEC_TITLE_FN", "UNDLYNG_SEC_SHARES", "UNDLYNG_SEC_SHARES_FN", "UNDLYNG_SEC_VALUE",
    "UNDLYNG_SEC_VALUE_FN", "SHRS_OWND_FOLWNG_TRANS", "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS",
    "VALU_OWND_FOLWNG_TRANS_FN", "DIRECT_INDIRECT_OWNERSHIP", "DIRECT_INDIRECT_OWNERSHIP_FN",
    "NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN",
)  # fmt: skip
DERIV_HOLDING_COLUMNS = (
    "ACCESSION_NUMBER", "DERIV_HOLDING_SK", "SECURITY_TITLE", "SECURITY_TITLE_FN", "CONV_EXERCISE_PRICE",
    "CONV_EXERCISE_PRICE_FN", "TRANS_FORM_TYPE", "TRANS_FORM_TYPE_FN", "EXERCISE_DATE", "EXERCISE_DATE_FN",
    "EXPIRATION_DATE", "EXPIRATION_DATE_FN", "UNDLYNG_SEC_TITLE", "UNDLYNG_SEC_TITLE_FN", "UNDLYNG_SEC_SHARES",
    "UNDLYNG_SEC_SHARES_FN", "UNDLYNG_SEC_VALUE", "UNDLYNG_SEC_VALUE_FN", "SHRS_OWND_FOLWNG_TRANS",
    "SHRS_OWND_FOLWNG_TRANS_FN", "VALU_OWND_FOLWNG_TRANS", "VALU_OWND_FOLWNG_TRANS_FN", "DIRECT_INDIRECT_OWNERSHIP",
    "DIRECT_INDIRECT_OWNERSHIP_FN", "NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN",
)  # fmt: skip
FOOTNOTES_COLUMNS = ("ACCESSION_NUMBER", "FOOTNOTE_ID", "FOOTNOTE_TXT")
OWNER_SIGNATURE_COLUMNS = ("ACCESSION_NUMBER", "OWNERSIGNATURENAME", "OWNERSIGNATUREDATE")

SEC_TABLES: dict[str, tuple[str, ...]] = {
    "SUBMISSION.csv": SUBMISSION_COLUMNS,
    "REPORTINGOWNER.csv": REPORTINGOWNER_COLUMNS,
    "NONDERIV_TRANS.csv": NONDERIV_TRANS_COLUMNS,
    "NONDERIV_HOLDING.csv": NONDERIV_HOLDING_COLUMNS,
    "DERIV_TRANS.csv": DERIV_TRANS_COLUMNS,
    "DERIV_HOLDING.csv": DERIV_HOLDING_COLUMNS,
    "FOOTNOTES.csv": FOOTNOTES_COLUMNS,
    "OWNER_SIGNATURE.csv": OWNER_SIGNATURE_COLUMNS,
}

#: The SEC file of each of our tables, and the name of its row key column.
_ROW_FILES = {
    NON_DERIVATIVE_TRANSACTIONS: ("NONDERIV_TRANS.csv", "NONDERIV_TRANS_SK"),
    NON_DERIVATIVE_HOLDINGS: ("NONDERIV_HOLDING.csv", "NONDERIV_HOLDING_SK"),
    DERIVATIVE_TRANSACTIONS: ("DERIV_TRANS.csv", "DERIV_TRANS_SK"),
    DERIVATIVE_HOLDINGS: ("DERIV_HOLDING.csv", "DERIV_HOLDING_SK"),
}

#: SEC column (without `_FN`) -> our row field. EQUITY_SWAP_TRANS_CD_FN is handled apart: the SEC puts the
#: footnotes of the whole <transactionCoding> there, which our model keeps on the transaction code.
_ROW_COLUMNS = {
    "SECURITY_TITLE": "security_title",
    "CONV_EXERCISE_PRICE": "conversion_or_exercise_price",
    "TRANS_DATE": "transaction_date",
    "DEEMED_EXECUTION_DATE": "deemed_execution_date",
    "TRANS_FORM_TYPE": "transaction_form_type",
    "TRANS_CODE": "transaction_code",
    "EQUITY_SWAP_INVOLVED": "equity_swap_involved",
    "TRANS_TIMELINESS": "transaction_timeliness",
    "TRANS_SHARES": "shares",
    "TRANS_TOTAL_VALUE": "total_value",
    "TRANS_PRICEPERSHARE": "price_per_share",
    "TRANS_ACQUIRED_DISP_CD": "acquired_disposed",
    "EXCERCISE_DATE": "exercise_date",
    "EXERCISE_DATE": "exercise_date",
    "EXPIRATION_DATE": "expiration_date",
    "UNDLYNG_SEC_TITLE": "underlying_security_title",
    "UNDLYNG_SEC_SHARES": "underlying_shares",
    "UNDLYNG_SEC_VALUE": "underlying_value",
    "SHRS_OWND_FOLWNG_TRANS": "shares_owned_following",
    "VALU_OWND_FOLWNG_TRANS": "value_owned_following",
    "DIRECT_INDIRECT_OWNERSHIP": "direct_or_indirect",
    "NATURE_OF_OWNERSHIP": "nature_of_ownership",
}
_CODING_FIELDS = ("transaction_form_type", "transaction_code", "equity_swap_involved")

TRANSACTIONS_CSV = "transactions.csv"

#: The flat table's columns: filing, issuer and owners, then the row's place and every row field.
TRANSACTION_COLUMNS: tuple[str, ...] = (
    "filing", "accession_number", "form", "period_of_report", "filing_date", "date_of_original_submission",
    "aff10b5_one", "issuer_cik", "issuer_name", "trading_symbol", "owner_cik", "owner_name", "owner_relationship",
    "officer_title", "table", "row", *ROW_FIELDS, "footnotes", "corrected",
)  # fmt: skip

PROBLEMS_CSV = "problems.csv"

#: The problems table's columns: the filing's export key and accession number, then the problem.
PROBLEM_COLUMNS: tuple[str, ...] = ("filing", "accession_number", "rule", "severity", "field", "message")

_FORMULA_SIGNS = frozenset("=+-@")
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)")


def _runs_as_formula(text: str) -> bool:
    if text.startswith(("\t", "\r")):
        return True
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            continue  # a spreadsheet may drop these before it looks at the first character
        return unicodedata.normalize("NFKC", ch) in _FORMULA_SIGNS
    return False


def safe_cell(text: str) -> str:
    """The text, prefixed with `'` when a spreadsheet would run it as a formula (a number and a lone `-` stay as
    they are)."""
    if text and _runs_as_formula(text) and text.strip() != "-" and not _NUMBER.fullmatch(text.strip()):
        return "'" + text
    return text


def _writer(fileobj: IO[str]) -> Any:
    return csv.writer(fileobj, quoting=csv.QUOTE_ALL)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return safe_cell(format_value(value) or "")


def _value(value: Value) -> str:
    return _cell(value.value)


def _notes(*values: Value) -> str:
    ids: list[str] = []
    for value in values:
        ids.extend(note for note in value.footnotes if note not in ids)
    return safe_cell(",".join(ids))


_ACCESSION = re.compile(r"(?<![0-9])([0-9]{10}-[0-9]{2}-[0-9]{6})(?![0-9])")
CONTENT_KEY_PREFIX = "F4V-"


def accession_in(text: str) -> str | None:
    """The last accession number (EDGAR's `0001104659-25-030072`) in a text such as a file's path, if any."""
    found = _ACCESSION.findall(text or "")
    return found[-1] if found else None


def _canonical(node: Any) -> Any:
    if isinstance(node, Value):
        read = node.as_read()  # corrections do not move the key
        return [_canonical(read.value), list(read.footnotes)]
    if isinstance(node, bool) or node is None or isinstance(node, (int, str)):
        return node
    if isinstance(node, Decimal):
        return format(node, "f")
    if isinstance(node, dt.date):
        return node.isoformat()
    if isinstance(node, (tuple, list)):
        return [_canonical(item) for item in node]
    if dataclasses.is_dataclass(node):
        # Empty fields are left out, so that a field added to the model later does not move every key.
        out = {}
        for f in dataclasses.fields(node):
            item = getattr(node, f.name)
            if (
                f.name in ("document", "schema_version", "table")
                or item == ()
                or (isinstance(item, Value) and item.as_read().empty)
            ):
                continue
            out[f.name] = _canonical(item)
        return out
    return str(node)


def content_key(filing: Filing) -> str:
    """`F4V-` and 20 hex digits of the SHA-256 of the filing's canonical JSON of values as read."""
    text = json.dumps(_canonical(filing), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return CONTENT_KEY_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def filing_key(filing: Filing) -> str:
    """The key a filing is exported under, the same in every database: its accession number (the document's, the
    submission header's, or one in its file's name), else `content_key`."""
    accession = filing.accession_number.value
    if accession and str(accession).strip():
        return str(accession).strip()
    return accession_in(filing.document.name) or content_key(filing)


def export_key(filing_id: int, filing: Filing) -> str:
    """The ACCESSION_NUMBER a saved filing is exported under (`filing_key`); `filing_id` is not part of it, so that
    two databases never give different filings one key."""
    return filing_key(filing)


# --------------------------------------------------------------------------------------------------------------
# Filters


def _cik(text: str) -> str:
    return text.strip().lstrip("0") or "0"


@dataclasses.dataclass(frozen=True)
class Selection:
    """Which filings an export writes; every condition given must hold (within one, any of its values may).

    `tickers`: the issuer's trading symbol, any case. `ciks`: the issuer's or an owner's CIK, leading zeros
    ignored. `owners`: part of an owner's name, any case. `period_from`/`period_to`: the period of report, both
    ends included (a filing without one is left out once either is given). `codes`: a transaction code (`S`, `P`,
    ...) on at least one Table I or II transaction; the filing is written whole, so that its tables still join.
    `keys`: the export key (accession number or `F4V-...`)."""

    tickers: tuple[str, ...] = ()
    ciks: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    codes: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()

    def matches(self, key: str, filing: Filing) -> bool:
        if self.keys and key not in self.keys:
            return False
        if self.tickers:
            symbol = str(filing.issuer.trading_symbol.value or "").strip().upper()
            if symbol not in {t.strip().upper() for t in self.tickers}:
                return False
        if self.ciks:
            known = {_cik(str(filing.issuer.cik.value or ""))}
            known.update(_cik(str(o.cik.value or "")) for o in filing.reporting_owners)
            if not known & {_cik(c) for c in self.ciks}:
                return False
        if self.owners:
            names = [str(o.name.value or "").casefold() for o in filing.reporting_owners]
            if not any(part.casefold() in name for part in self.owners for name in names):
                return False
        if self.period_from or self.period_to:
            period = filing.period_of_report.value
            if not isinstance(period, dt.date):
                return False
            if (self.period_from and period < self.period_from) or (self.period_to and period > self.period_to):
                return False
        if self.codes:
            wanted = {c.strip().upper() for c in self.codes}
            found = {
                str(row.transaction_code.value or "").strip().upper()
                for table in (NON_DERIVATIVE_TRANSACTIONS, DERIVATIVE_TRANSACTIONS)
                for row in filing.rows(table)
            }
            if not wanted & found:
                return False
        return True


def surrogate_key(key: str, table: str, position: int) -> int:
    """The stable `_SK` of the `position`-th row (from 1) of `table` (`NONDERIV_TRANS`, ...) in the filing exported
    under `key`: the first 13 hex digits of the SHA-256 of `key TAB table TAB position`, below 2**52."""
    return int(hashlib.sha256(f"{key}\t{table}\t{position}".encode()).hexdigest()[:13], 16)


def render_selected(
    fmt: str, layout: str, selection: Selection, filing_id: int, filing: Filing
) -> dict[str, list[list[str]]] | None:
    """The lines a saved filing adds to an export in `fmt` (`csv` or `sec`), or None when `selection` leaves it out.
    Module-level so that worker processes can run it (through functools.partial)."""
    key = filing_key(filing)
    if not selection.matches(key, filing):
        return None
    if fmt == "sec":
        from .sec_format import sec_rows

        return sec_rows(key, filing, layout)
    return all_lines(key, filing)


def relationship(owner: ReportingOwner) -> str:
    """The owner's ticked relationship boxes in the SEC's words, joined by commas."""
    names = (
        ("is_director", "Director"),
        ("is_officer", "Officer"),
        ("is_ten_percent_owner", "TenPercentOwner"),
        ("is_other", "Other"),
    )
    return ",".join(label for field, label in names if getattr(owner, field).value is True)


# --------------------------------------------------------------------------------------------------------------
# Rows


def submission_row(key: str, filing: Filing) -> list[str]:
    return [
        safe_cell(key), _value(filing.filing_date), _value(filing.period_of_report),
        _value(filing.date_of_original_submission), _value(filing.no_securities_owned),
        _value(filing.not_subject_to_section16), _value(filing.form3_holdings_reported),
        _value(filing.form4_transactions_reported), _value(filing.form), _value(filing.issuer.cik),
        _value(filing.issuer.name), _value(filing.issuer.trading_symbol), _value(filing.remarks),
        _value(filing.aff10b5_one),
    ]  # fmt: skip


def owner_row(key: str, owner: ReportingOwner) -> list[str]:
    # RPTOWNER_STATE is the SEC's "state or country code": an owner abroad in today's form has its code as country.
    return [
        safe_cell(key), _value(owner.cik), _value(owner.name), safe_cell(relationship(owner)),
        _value(owner.officer_title), _value(owner.other_text), _value(owner.street1), _value(owner.street2),
        _value(owner.city), _value(owner.state if owner.state.value is not None else owner.country),
        _value(owner.zip_code), _value(owner.state_description), "",
    ]  # fmt: skip


def table_row(key: str, sk: int, row: Row) -> list[str]:
    """A Table I or II row in its SEC file's columns."""
    columns = SEC_TABLES[_ROW_FILES[row.table][0]]
    out = [safe_cell(key), str(sk)]
    for column in columns[2:]:
        if column == "EQUITY_SWAP_TRANS_CD_FN":
            out.append(_notes(*(getattr(row, name) for name in _CODING_FIELDS)))
        elif column.endswith("_FN"):
            out.append(_notes(getattr(row, _ROW_COLUMNS[column[:-3]])))
        else:
            out.append(_value(getattr(row, _ROW_COLUMNS[column])))
    return out


# --------------------------------------------------------------------------------------------------------------
# Writers


def sec_lines(key: str, filing: Filing) -> dict[str, list[list[str]]]:
    """The lines one filing adds to each SEC table, table rows with their stable `_SK`."""
    lines: dict[str, list[list[str]]] = {name: [] for name in SEC_TABLES}
    lines["SUBMISSION.csv"].append(submission_row(key, filing))
    lines["REPORTINGOWNER.csv"].extend(owner_row(key, owner) for owner in filing.reporting_owners)
    for table in TABLES:
        name = _ROW_FILES[table][0]
        sec_table = name.removesuffix(".csv")
        lines[name].extend(
            table_row(key, surrogate_key(key, sec_table, n), row) for n, row in enumerate(filing.rows(table), 1)
        )
    lines["FOOTNOTES.csv"].extend([safe_cell(key), safe_cell(n.id), _value(n.text)] for n in filing.footnotes)
    lines["OWNER_SIGNATURE.csv"].extend([safe_cell(key), _value(s.name), _value(s.date)] for s in filing.signatures)
    return lines


def render(filing_id: int, filing: Filing) -> dict[str, list[list[str]]]:
    """Every line a saved filing adds to the export, by file (the eight SEC tables, transactions.csv and
    problems.csv), under its export key. Runs in worker processes for a large export."""
    return all_lines(export_key(filing_id, filing), filing)


def all_lines(key: str, filing: Filing) -> dict[str, list[list[str]]]:
    """The lines one filing adds to every file of a full export, under `key`."""
    lines = sec_lines(key, filing)
    lines[TRANSACTIONS_CSV] = list(transaction_rows(key, filing))
    lines[PROBLEMS_CSV] = list(problem_rows(key, filing))
    return lines


def problem_rows(key: str, filing: Filing) -> Iterable[list[str]]:
    """The problems table's lines for one filing, in the form's order."""
    from .checks import check

    accession = _value(filing.accession_number)
    for problem in check(filing):
        yield [
            safe_cell(key),
            accession,
            problem.rule,
            problem.severity,
            safe_cell(problem.path),
            safe_cell(problem.message),
        ]


_HEADERS = {TRANSACTIONS_CSV: TRANSACTION_COLUMNS, PROBLEMS_CSV: PROBLEM_COLUMNS}


class _Files:
    """The export's CSV files, open for writing, with the rows written to each."""

    def __init__(self, out_dir: Path, names: Iterable[str]):
        self.files: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            for name in names:
                # Every CSV file starts with a byte-order mark, so that spreadsheet programs read it as UTF-8.
                fh = open(out_dir / name, "w", newline="", encoding="utf-8-sig")
                self.files[name] = fh
                self.writers[name] = _writer(fh)
                self.writers[name].writerow(_HEADERS.get(name) or SEC_TABLES[name])
                self.counts[name] = 0
        except BaseException:
            self.close()
            raise

    def write(self, lines: dict[str, list[list[str]]]) -> None:
        for name, rows in lines.items():
            if name not in self.files:
                continue
            self.writers[name].writerows(rows)
            self.counts[name] += len(rows)

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()


def write_rendered(out_dir: str | os.PathLike[str], rendered: Iterable[dict[str, list[list[str]]]]) -> dict[str, int]:
    """Write lines made by `render` into the eight SEC tables, transactions.csv and problems.csv in `out_dir`
    (made if missing). Returns the number of data rows written to each file."""
    files = _Files(Path(out_dir), [*SEC_TABLES, TRANSACTIONS_CSV, PROBLEMS_CSV])
    try:
        for lines in rendered:
            files.write(lines)
    finally:
        files.close()
    return dict(files.counts)


def write_sec_tables(out_dir: str | os.PathLike[str], filings: Iterable[tuple[str, Filing]]) -> dict[str, int]:
    """Write the eight SEC data-set tables for `(accession number or id, filing)` pairs into `out_dir` (made if
    missing). Returns the number of data rows written to each file."""
    files = _Files(Path(out_dir), SEC_TABLES)
    try:
        for key, filing in filings:
            files.write(sec_lines(key, filing))
    finally:
        files.close()
    return dict(files.counts)


def transaction_rows(key: str, filing: Filing) -> Iterable[list[str]]:
    """The flat table's lines for one filing: one per Table I/II row."""
    owners = filing.reporting_owners
    common = [
        safe_cell(key), _value(filing.accession_number), _value(filing.form), _value(filing.period_of_report),
        _value(filing.filing_date), _value(filing.date_of_original_submission), _value(filing.aff10b5_one),
        _value(filing.issuer.cik), _value(filing.issuer.name), _value(filing.issuer.trading_symbol),
        safe_cell("; ".join(format_value(o.cik.value) or "" for o in owners)),
        safe_cell("; ".join(format_value(o.name.value) or "" for o in owners)),
        safe_cell("; ".join(relationship(o) for o in owners)),
        safe_cell("; ".join(format_value(o.officer_title.value) or "" for o in owners if o.officer_title.value)),
    ]  # fmt: skip
    for table in TABLES:
        # Rows are counted from 1 within their table, as the window numbers them.
        for number, row in enumerate(filing.rows(table), 1):
            fields = row.fields
            line = [*common, table, str(number)]
            line.extend(_value(getattr(row, name)) if name in fields else "" for name in ROW_FIELDS)
            notes = "; ".join(
                f"{name}: {','.join(getattr(row, name).footnotes)}" for name in fields if getattr(row, name).footnotes
            )
            corrected = "; ".join(name for name in fields if getattr(row, name).corrected)
            line.extend((safe_cell(notes), safe_cell(corrected)))
            yield line


def write_transactions_csv(fileobj: IO[str], items: Iterable[tuple[str, Filing]]) -> int:
    """Write the flat table (header and one line per Table I/II row) to a text file. Returns the number of
    lines written after the header. `footnotes` lists `field: F1,F2` for the fields that cite footnotes,
    `corrected` the fields a person changed."""
    writer = _writer(fileobj)
    writer.writerow(TRANSACTION_COLUMNS)
    count = 0
    for key, filing in items:
        for line in transaction_rows(key, filing):
            writer.writerow(line)
            count += 1
    return count


def export_folder(out_dir: str | os.PathLike[str], items: Iterable[tuple[str, Filing]]) -> dict[str, int]:
    """Write the eight SEC tables, `transactions.csv` and `problems.csv` for `(accession number or id, filing)`
    pairs into `out_dir` in one pass over the filings. Returns the number of data rows in each file."""
    return write_rendered(out_dir, (all_lines(key, filing) for key, filing in items))
