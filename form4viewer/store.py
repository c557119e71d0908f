"""The SQLite file that keeps saved filings: their source bytes, what was read, every correction, and problems.

One file holds everything a person saves. Each filing keeps:

- the bytes of the file it was read from and their SHA-256, so that it opens with its source even if the file
  moved, and so that importing the same file again finds it instead of making a duplicate;
- what the reader extracted (`Filing.to_dict()` as JSON) and the filing as last saved (`current`, NULL while it
  is still as read);
- a log of corrections: each changed field's path in contract terms, its old and new text, and when;
- the problems the checks found, and a version number that each save increments, so that a save over a version
  that changed since it was loaded is refused (`ConflictError`) rather than silently overwriting.

Columns copied out of the filing (issuer, ticker, owner, form, period, ...) serve the library list and its
indexes. Each filing's current state is also kept as rows of the SEC's eight Insider Transactions tables
(`SUBMISSION`, `REPORTINGOWNER`, `NONDERIV_TRANS`, `NONDERIV_HOLDING`, `DERIV_TRANS`, `DERIV_HOLDING`, `FOOTNOTES`,
`OWNER_SIGNATURE`: the rows of `export --format sec`, typed as `sec_tables` says, each with `filing_id`), written
in the save's own transaction and replaced by every save, so that they never disagree with the filing; with
full-text indexes `SUBMISSION_fts` (issuer name, remarks), `REPORTINGOWNER_fts` (owner names) and `FOOTNOTES_fts`
(footnote text) in sqlite-utils' form, which the store keeps up to date itself (triggers are off). The schema is made by numbered migrations recorded in `PRAGMA user_version`; a file made by an older
release is migrated forward when opened, a file from a newer release is refused.

Every save is one transaction (`db.atomic()`); the file is in WAL mode with full syncs, so a crash or a killed
process leaves the last complete save. An import saves its files many to a transaction (each file all or nothing)
and syncs at WAL checkpoints only, which a crash cannot damage either. Errors from SQLite (locked, read-only, full
disk, damaged or not a database) become `StoreError` with a message that names the database file.

Each filing also has a review state ("to-review" until a person marks it "reviewed", with who and when) and may
keep second sources: other files of the same filing (its PDF printout beside its XML), attached without changing it.

The store reads no file and runs no check: it keeps what it is given. `importer` reads and checks files (in worker
processes) and hands the store filings made ready to write (`prepare`); `codec` writes and reads a filing's JSON.
Only this module imports sqlite_utils.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from .codec import filing_from_json, filing_json
from .errors import ConflictError, Form4ViewerError, StoreError
from .export import CONTENT_KEY_PREFIX, filing_key
from .identity import fingerprint
from .model import TABLES, Filing, Value, format_value
from .sec_tables import COLUMNS as SEC_COLUMNS
from .sec_tables import filing_rows

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------------------------
# Schema and migrations

# Each migration takes the database from version N to N+1 inside one transaction. Never edit a released
# migration: add a new one, so that every file ever written can be brought forward step by step.
_MIGRATION_1 = """
CREATE TABLE filings (
    id INTEGER PRIMARY KEY,
    sha256 TEXT UNIQUE,                    -- of the source bytes; NULL for a filing entered without a file
    source_name TEXT NOT NULL DEFAULT '',  -- the file's name as it was opened
    source_kind TEXT NOT NULL DEFAULT '',  -- xml, sgml, envelope, pdf, text, html
    extracted TEXT NOT NULL,               -- JSON of Filing.to_dict() as the reader gave it
    current TEXT,                          -- JSON of the filing as last saved; NULL while it is as read
    version INTEGER NOT NULL DEFAULT 1,    -- incremented by every save
    created TEXT NOT NULL,                 -- ISO 8601 UTC
    updated TEXT NOT NULL,
    form TEXT,
    period TEXT,
    filing_date TEXT,
    accession TEXT,
    issuer_cik TEXT,
    issuer TEXT,
    ticker TEXT,
    owner_cik TEXT,                        -- every reporting owner, joined with '; '
    owner TEXT,
    corrected INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX filings_issuer ON filings (issuer COLLATE NOCASE);
CREATE INDEX filings_issuer_cik ON filings (issuer_cik);
CREATE INDEX filings_ticker ON filings (ticker COLLATE NOCASE);
CREATE INDEX filings_owner ON filings (owner COLLATE NOCASE);
CREATE INDEX filings_owner_cik ON filings (owner_cik);
CREATE INDEX filings_period ON filings (period);
CREATE INDEX filings_filing_date ON filings (filing_date);
CREATE INDEX filings_updated ON filings (updated);
CREATE INDEX filings_accession ON filings (accession);

CREATE TABLE sources (
    filing_id INTEGER PRIMARY KEY REFERENCES filings (id) ON DELETE CASCADE,
    data BLOB NOT NULL
);

CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    path TEXT NOT NULL,                    -- in contract terms, e.g. non_derivative_transactions[1].shares
    old TEXT,                              -- contract text before; NULL when absent
    new TEXT,                              -- contract text after; NULL when absent
    made TEXT NOT NULL                     -- ISO 8601 UTC
);
CREATE INDEX corrections_filing ON corrections (filing_id);

CREATE TABLE problems (
    id INTEGER PRIMARY KEY,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    path TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL
);
CREATE INDEX problems_filing ON problems (filing_id);
"""

# The SEC's eight tables (sec_tables.py says what each column holds), each saved filing's current state, rewritten
# with every save in its transaction, and full-text indexes over names, footnotes and remarks in sqlite-utils' form
# (`<table>_fts`, content="<table>", so that `db[table].search()` and Datasette find them). The store keeps those
# indexes itself, as triggers would: triggers are switched off on every connection (`_harden`).
_MIGRATION_2 = """
CREATE TABLE SUBMISSION (
    id INTEGER PRIMARY KEY,
    ACCESSION_NUMBER TEXT NOT NULL,
    FILING_DATE TEXT,
    PERIOD_OF_REPORT TEXT,
    DATE_OF_ORIG_SUB TEXT,
    NO_SECURITIES_OWNED INTEGER,
    NOT_SUBJECT_SEC16 INTEGER,
    FORM3_HOLDINGS_REPORTED INTEGER,
    FORM4_TRANS_REPORTED INTEGER,
    DOCUMENT_TYPE TEXT,
    ISSUERCIK TEXT,
    ISSUERNAME TEXT,
    ISSUERTRADINGSYMBOL TEXT,
    REMARKS TEXT,
    AFF10B5ONE INTEGER,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE
);
CREATE INDEX SUBMISSION_filing ON SUBMISSION (filing_id);
CREATE INDEX SUBMISSION_ACCESSION_NUMBER ON SUBMISSION (ACCESSION_NUMBER);
CREATE INDEX SUBMISSION_ISSUERCIK ON SUBMISSION (ISSUERCIK);
CREATE INDEX SUBMISSION_ISSUERTRADINGSYMBOL ON SUBMISSION (ISSUERTRADINGSYMBOL);
CREATE INDEX SUBMISSION_PERIOD_OF_REPORT ON SUBMISSION (PERIOD_OF_REPORT);
CREATE TABLE REPORTINGOWNER (
    id INTEGER PRIMARY KEY,
    ACCESSION_NUMBER TEXT NOT NULL,
    RPTOWNERCIK TEXT,
    RPTOWNERNAME TEXT,
    RPTOWNER_RELATIONSHIP TEXT,
    RPTOWNER_TITLE TEXT,
    RPTOWNER_TXT TEXT,
    RPTOWNER_STREET1 TEXT,
    RPTOWNER_STREET2 TEXT,
    RPTOWNER_CITY TEXT,
    RPTOWNER_STATE TEXT,
    RPTOWNER_ZIPCODE TEXT,
    RPTOWNER_STATE_DESC TEXT,
    FILE_NUMBER TEXT,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE
);
CREATE INDEX REPORTINGOWNER_filing ON REPORTINGOWNER (filing_id);
CREATE INDEX REPORTINGOWNER_ACCESSION_NUMBER ON REPORTINGOWNER (ACCESSION_NUMBER);
CREATE INDEX REPORTINGOWNER_RPTOWNERCIK ON REPORTINGOWNER (RPTOWNERCIK);
CREATE TABLE NONDERIV_TRANS (
    ACCESSION_NUMBER TEXT NOT NULL,
    NONDERIV_TRANS_SK INTEGER,
    SECURITY_TITLE TEXT,
    SECURITY_TITLE_FN TEXT,
    TRANS_DATE TEXT,
    TRANS_DATE_FN TEXT,
    DEEMED_EXECUTION_DATE TEXT,
    DEEMED_EXECUTION_DATE_FN TEXT,
    TRANS_FORM_TYPE TEXT,
    TRANS_CODE TEXT,
    EQUITY_SWAP_INVOLVED INTEGER,
    EQUITY_SWAP_TRANS_CD_FN TEXT,
    TRANS_TIMELINESS TEXT,
    TRANS_TIMELINESS_FN TEXT,
    TRANS_SHARES REAL,
    TRANS_SHARES_FN TEXT,
    TRANS_PRICEPERSHARE REAL,
    TRANS_PRICEPERSHARE_FN TEXT,
    TRANS_ACQUIRED_DISP_CD TEXT,
    TRANS_ACQUIRED_DISP_CD_FN TEXT,
    SHRS_OWND_FOLWNG_TRANS REAL,
    SHRS_OWND_FOLWNG_TRANS_FN TEXT,
    VALU_OWND_FOLWNG_TRANS REAL,
    VALU_OWND_FOLWNG_TRANS_FN TEXT,
    DIRECT_INDIRECT_OWNERSHIP TEXT,
    DIRECT_INDIRECT_OWNERSHIP_FN TEXT,
    NATURE_OF_OWNERSHIP TEXT,
    NATURE_OF_OWNERSHIP_FN TEXT,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE
);
CREATE INDEX NONDERIV_TRANS_filing ON NONDERIV_TRANS (filing_id);
CREATE INDEX NONDERIV_TRANS_ACCESSION_NUMBER ON NONDERIV_TRANS (ACCESSION_NUMBER);
CREATE INDEX NONDERIV_TRANS_TRANS_CODE ON NONDERIV_TRANS (TRANS_CODE);
CREATE INDEX NONDERIV_TRANS_TRANS_DATE ON NONDERIV_TRANS (TRANS_DATE);
CREATE TABLE NONDERIV_HOLDING (
    ACCESSION_NUMBER TEXT NOT NULL,
    NONDERIV_HOLDING_SK INTEGER,
    SECURITY_TITLE TEXT,
    SECURITY_TITLE_FN TEXT,
    TRANS_FORM_TYPE TEXT,
    TRANS_FORM_TYPE_FN TEXT,
    SHRS_OWND_FOLWNG_TRANS REAL,
    SHRS_OWND_FOLWNG_TRANS_FN TEXT,
    VALU_OWND_FOLWNG_TRANS REAL,
    VALU_OWND_FOLWNG_TRANS_FN TEXT,
    DIRECT_INDIRECT_OWNERSHIP TEXT,
    DIRECT_INDIRECT_OWNERSHIP_FN TEXT,
    NATURE_OF_OWNERSHIP TEXT,
    NATURE_OF_OWNERSHIP_FN TEXT,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE
);
CREATE INDEX NONDERIV_HOLDING_filing ON NONDERIV_HOLDING (filing_id);
CREATE INDEX NONDERIV_HOLDING_ACCESSION_NUMBER ON NONDERIV_HOLDING (ACCESSION_NUMBER);
CREATE TABLE DERIV_TRANS (
    ACCESSION_NUMBER TEXT NOT NULL,
    DERIV_TRANS_SK INTEGER,
    SECURITY_TITLE TEXT,
    SECURITY_TITLE_FN TEXT,
    CONV_EXERCISE_PRICE REAL,
    CONV_EXERCISE_PRICE_FN TEXT,
    TRANS_DATE TEXT,
    TRANS_DATE_FN TEXT,
    DEEMED_EXECUTION_DATE TEXT,
    DEEMED_EXECUTION_DATE_FN TEXT,
    TRANS_FORM_TYPE TEXT,
    TRANS_CODE TEXT,
    EQUITY_SWAP_INVOLVED INTEGER,
    EQUITY_SWAP_TRANS_CD_FN TEXT,
    TRANS_TIMELINESS TEXT,
    TRANS_TIMELINESS_FN TEXT,
    TRANS_SHARES REAL,
    TRANS_SHARES_FN TEXT,
    TRANS_TOTAL_VALUE REAL,
    TRANS_TOTAL_VALUE_FN TEXT,
    TRANS_PRICEPERSHARE REAL,
    TRANS_PRICEPERSHARE_FN TEXT,
    TRANS_ACQUIRED_DISP_CD TEXT,
    TRANS_ACQUIRED_DISP_CD_FN TEXT,
    EXCERCISE_DATE TEXT,
    EXCERCISE_DATE_FN TEXT,
    EXPIRATION_DATE TEXT,
    EXPIRATION_DATE_FN TEXT,
    UNDLYNG_SEC_TITLE TEXT,
    UNDLYNG_SEC_TITLE_FN TEXT,
    UNDLYNG_SEC_SHARES REAL,
    UNDLYNG_SEC_SHARES_FN TEXT,
    UNDLYNG_SEC_VALUE REAL,
    UNDLYNG_SEC_VALUE_FN TEXT,
    SHRS_OWND_FOLWNG_TRANS REAL,
    SHRS_OWND_FOLWNG_TRANS_FN TEXT,
    VALU_OWND_FOLWNG_TRANS REAL,
    VALU_OWND_FOLWNG_TRANS_FN TEXT,
    DIRECT_INDIRECT_OWNERSHIP TEXT,
    DIRECT_INDIRECT_OWNERSHIP_FN TEXT,
    NATURE_OF_OWNERSHIP TEXT,
    NATURE_OF_OWNERSHIP_FN TEXT,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE
);
CREATE INDEX DERIV_TRANS_filing ON DERIV_TRANS (filing_id);
CREATE INDEX DERIV_TRANS_ACCESSION_NUMBER ON DERIV_TRANS (ACCESSION_NUMBER);
CREATE INDEX DERIV_TRANS_TRANS_CODE ON DERIV_TRANS (TRANS_CODE);
CREATE INDEX DERIV_TRANS_TRANS_DATE ON DERIV_TRANS (TRANS_DATE);
CREATE TABLE DERIV_HOLDING (
    ACCESSION_NUMBER TEXT NOT NULL,
    DERIV_HOLDING_SK INTEGER,
    SECURITY_TITLE TEXT,
    SECURITY_TITLE_FN TEXT,
    CONV_EXERCISE_PRICE REAL,
    CONV_EXERCISE_PRICE_FN TEXT,
    TRANS_FORM_TYPE TEXT,
    TRANS_FORM_TYPE_FN TEXT,
    EXERCISE_DATE TEXT,
    EXERCISE_DATE_FN TEXT,
    EXPIRATION_DATE TEXT,
    EXPIRATION_DATE_FN TEXT,
    UNDLYNG_SEC_TITLE TEXT,
    UNDLYNG_SEC_TITLE_FN TEXT,
    UNDLYNG_SEC_SHARES REAL,
    UNDLYNG_SEC_SHARES_FN TEXT,
    UNDLYNG_SEC_VALUE REAL,
    UNDLYNG_SEC_VALUE_FN TEXT,
    SHRS_OWND_FOLWNG_TRANS REAL,
    SHRS_OWND_FOLWNG_TRANS_FN TEXT,
    VALU_OWND_FOLWNG_TRANS REAL,
    VALU_OWND_FOLWNG_TRANS_FN TEXT,
    DIRECT_INDIRECT_OWNERSHIP TEXT,
    DIRECT_INDIRECT_OWNERSHIP_FN TEXT,
    NATURE_OF_OWNERSHIP TEXT,
    NATURE_OF_OWNERSHIP_FN TEXT,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE
);
CREATE INDEX DERIV_HOLDING_filing ON DERIV_HOLDING (filing_id);
CREATE INDEX DERIV_HOLDING_ACCESSION_NUMBER ON DERIV_HOLDING (ACCESSION_NUMBER);
CREATE TABLE FOOTNOTES (
    id INTEGER PRIMARY KEY,
    ACCESSION_NUMBER TEXT NOT NULL,
    FOOTNOTE_ID TEXT,
    FOOTNOTE_TXT TEXT,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE
);
CREATE INDEX FOOTNOTES_filing ON FOOTNOTES (filing_id);
CREATE INDEX FOOTNOTES_ACCESSION_NUMBER ON FOOTNOTES (ACCESSION_NUMBER);
CREATE TABLE OWNER_SIGNATURE (
    ACCESSION_NUMBER TEXT NOT NULL,
    OWNERSIGNATURENAME TEXT,
    OWNERSIGNATUREDATE TEXT,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE
);
CREATE INDEX OWNER_SIGNATURE_filing ON OWNER_SIGNATURE (filing_id);
CREATE INDEX OWNER_SIGNATURE_ACCESSION_NUMBER ON OWNER_SIGNATURE (ACCESSION_NUMBER);
CREATE VIRTUAL TABLE "SUBMISSION_fts" USING FTS5 ("ISSUERNAME", "REMARKS", content="SUBMISSION");
CREATE VIRTUAL TABLE "REPORTINGOWNER_fts" USING FTS5 ("RPTOWNERNAME", content="REPORTINGOWNER");
CREATE VIRTUAL TABLE "FOOTNOTES_fts" USING FTS5 ("FOOTNOTE_TXT", content="FOOTNOTES");
"""

# Review state and second sources. Each filing is "to-review" until a person marks it "reviewed" (who and when kept
# beside it; every change is also a line of its corrections log, with who made it). A second source is another file
# of a filing already saved (the PDF printout of a saved XML): its bytes are kept with that filing, like the first
# source's, and never change its values or corrections.
_MIGRATION_3 = """
ALTER TABLE filings ADD COLUMN review_state TEXT NOT NULL DEFAULT 'to-review'
    CHECK (review_state IN ('to-review', 'reviewed'));
ALTER TABLE filings ADD COLUMN reviewed_by TEXT;
ALTER TABLE filings ADD COLUMN reviewed_at TEXT;
CREATE INDEX filings_review_state ON filings (review_state);
ALTER TABLE corrections ADD COLUMN who TEXT;
CREATE TABLE attached_sources (
    id INTEGER PRIMARY KEY,
    filing_id INTEGER NOT NULL REFERENCES filings (id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL UNIQUE,
    data BLOB NOT NULL,
    added TEXT NOT NULL
);
CREATE INDEX attached_sources_filing ON attached_sources (filing_id);
"""

# A filing's identity by content (`identity.fingerprint` of its current state), so that a second source without
# the accession number (the PDF of an XML saved without one) is found by one indexed lookup (`Store.same_filing`).
_MIGRATION_4 = """
ALTER TABLE filings ADD COLUMN fingerprint TEXT;
CREATE INDEX filings_fingerprint ON filings (fingerprint);
"""

MIGRATIONS: tuple[str, ...] = (_MIGRATION_1, _MIGRATION_2, _MIGRATION_3, _MIGRATION_4)
SCHEMA_VERSION = len(MIGRATIONS)
#: The SEC tables' INSERT statements, and the columns of each that its full-text index holds.
_SEC_INSERT = {
    table: f"INSERT INTO {table} ({', '.join((*columns, 'filing_id'))}) VALUES ({', '.join('?' * (len(columns) + 1))})"
    for table, columns in SEC_COLUMNS.items()
}
#: An import's page cache (negative: KiB) and how many pages of write-ahead log it lets grow between checkpoints.
_BULK_CACHE_KIB = -65536
_BULK_CHECKPOINT_PAGES = 10000
#: Where a SUBMISSION row holds the filing's key.
_SUBMISSION_KEY = SEC_COLUMNS["SUBMISSION"].index("ACCESSION_NUMBER")
_SEC_FTS = {"SUBMISSION": ("ISSUERNAME", "REMARKS"), "REPORTINGOWNER": ("RPTOWNERNAME",), "FOOTNOTES": ("FOOTNOTE_TXT",)}

# --------------------------------------------------------------------------------------------------------------
# Checking a database before it is trusted
#
# A database file can come from anywhere, and SQLite runs what its schema says: a trigger fires on our own INSERT, a
# view named `filings` runs any query, a CHECK or DEFAULT calls any function. So a file is used only when its schema
# is exactly the one that form4viewer's migrations make for its version. That is decided from sqlite_master and
# pragmas alone (nothing is selected from a table or view of the file), on a read-only connection, so that a refused
# file is left as it was, byte for byte.

#: How long the check may take: it reads only the schema, which takes milliseconds on any file form4viewer made.
CHECK_SECONDS = 10.0
#: Tables SQLite itself makes (ANALYZE's statistics, AUTOINCREMENT's counters): data, never code, so allowed.
_SQLITE_TABLES = {"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}


def _null(value: None) -> None:
    """The adapter of None: SQLite's NULL, which sqlite3 binds for it anyway."""
    return value


# sqlite3 binds an int, a float or a str at once, but looks for an adapter for anything else (Python 3.11: None too),
# raising and clearing an AttributeError or two on the way when there is none, some 0.3 us each time. A filing binds
# some 60 Nones (most columns of its SEC rows are empty): that was a fifth of the CPU that saving takes in an import.
# With an adapter registered for None it is found at once, and still bound as NULL.
sqlite3.register_adapter(type(None), _null)


def _harden(conn: sqlite3.Connection) -> None:
    """SQLite's defensive settings, set on every connection before anything else runs on it: no function that is
    not harmless runs from the schema, damaged pages are caught as they are read, and (where Python can say so)
    the schema cannot be written directly and triggers and views of the file do not run. form4viewer makes no
    trigger or view, so turning them off costs nothing."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    setconfig = getattr(conn, "setconfig", None)  # Python 3.12+
    if setconfig is not None:
        for flag, on in (
            ("SQLITE_DBCONFIG_DEFENSIVE", True),
            ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", False),
            ("SQLITE_DBCONFIG_ENABLE_TRIGGER", False),
            ("SQLITE_DBCONFIG_ENABLE_VIEW", False),
        ):
            if hasattr(sqlite3, flag):
                setconfig(getattr(sqlite3, flag), on)


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration, one at a time."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip() and not all(part.strip().startswith("--") or not part.strip() for part in pending.splitlines()):
        yield pending


def _squeezed(sql: str | None) -> str:
    return " ".join((sql or "").split())


@dataclass(frozen=True)
class _Schema:
    """What a database's schema holds, as SQLite reports it: each object's kind and table, each table's columns
    (`PRAGMA table_xinfo`) and foreign keys, each index's table, uniqueness and columns, and each object's SQL."""

    kinds: dict[str, tuple[str, str]]  # name -> (type, table)
    sql: dict[str, str]
    columns: dict[str, list[tuple[Any, ...]]]
    foreign_keys: dict[str, list[tuple[Any, ...]]]
    indexes: dict[str, tuple[Any, ...]]


def _schema_of(conn: sqlite3.Connection) -> _Schema:
    kinds: dict[str, tuple[str, str]] = {}
    sql: dict[str, str] = {}
    for kind, name, table, text in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        kinds[name] = (kind, table)
        sql[name] = _squeezed(text)
    tables = [n for n, (k, _) in kinds.items() if k == "table" and n not in _SQLITE_TABLES]
    columns: dict[str, list[tuple[Any, ...]]] = {}
    foreign_keys: dict[str, list[tuple[Any, ...]]] = {}
    indexes: dict[str, tuple[Any, ...]] = {}
    for table in tables:
        if sql[table].upper().startswith("CREATE VIRTUAL"):
            continue  # refused before these are compared; a pragma on it would load its module
        quoted = '"' + table.replace('"', '""') + '"'
        columns[table] = [tuple(r) for r in conn.execute(f"PRAGMA table_xinfo({quoted})")]
        foreign_keys[table] = sorted(tuple(r) for r in conn.execute(f"PRAGMA foreign_key_list({quoted})"))
        for _seq, index, unique, origin, partial in conn.execute(f"PRAGMA index_list({quoted})"):
            described = [tuple(r) for r in conn.execute(f"""PRAGMA index_xinfo("{index.replace('"', '""')}")""")]
            indexes[index] = (table, unique, origin, partial, described)
    return _Schema(kinds, sql, columns, foreign_keys, indexes)


_EXPECTED: dict[int, _Schema] = {}


def _expected_schema(version: int) -> _Schema:
    """The schema form4viewer makes at `version`: the migrations up to it, run on an empty in-memory database."""
    if version not in _EXPECTED:
        conn = sqlite3.connect(":memory:")
        try:
            for number in range(version):
                conn.executescript(MIGRATIONS[number])
            _EXPECTED[version] = _schema_of(conn)
        finally:
            conn.close()
    return _EXPECTED[version]


def _newer(version: int) -> str:
    return (f"this database was made by a newer form4viewer (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION}); update form4viewer to open it")


def _schema_problem(conn: sqlite3.Connection, version: int) -> str | None:
    """Why the schema of the database on `conn` is not the one form4viewer makes at `version`, in words a person
    understands; None when it is exactly that one. A newer release's schema is not known here: every caller
    refuses such a file itself (opening it says `_newer`)."""
    if version > SCHEMA_VERSION:
        return None
    if version < 0:
        return f"not a form4viewer database: its schema version {version} is not one form4viewer made"
    found = _schema_of(conn)
    # Code first: whatever else the file holds, these would run.
    for name, (kind, table) in found.kinds.items():
        if kind == "trigger":
            return f"not a form4viewer database: it has a trigger {name!r} (on {table!r}) that form4viewer did not create"
        if kind == "view":
            return f"not a form4viewer database: it has a view {name!r} that form4viewer did not create"
        if kind == "table" and found.sql[name].upper().startswith("CREATE VIRTUAL") and not (
            # the full-text indexes of the SEC tables, exactly as form4viewer's migrations make them
            0 < version and _expected_schema(version).sql.get(name) == found.sql[name]
        ):
            return f"not a form4viewer database: it has a virtual table {name!r} that form4viewer did not create"
        if kind not in ("table", "index"):
            return f"not a form4viewer database: it has a {kind} {name!r} that form4viewer did not create"
    tables = sorted(n for n, (k, _) in found.kinds.items() if k == "table" and n not in _SQLITE_TABLES)
    if version == 0:
        # A new or empty file. Anything in it belongs to another program (and the first migration could not
        # create its tables over it anyway).
        others = tables or sorted(found.kinds)
        if others:
            return (f"this SQLite file belongs to another program (it has tables {', '.join(others[:5])}); "
                    "choose another file")
        return None
    expected = _expected_schema(version)
    expected_tables = sorted(n for n, (k, _) in expected.kinds.items() if k == "table")
    for name in tables:
        if name not in expected_tables:
            return f"not a form4viewer database: it has a table {name!r} that form4viewer did not create"
    for name in expected_tables:
        if name not in tables:
            return f"not a form4viewer database: its table {name!r} is missing"
        if name not in expected.columns:
            continue  # a full-text index (virtual table): its definition is compared below
        have = {c[1]: c for c in found.columns[name]}
        want = {c[1]: c for c in expected.columns[name]}
        for column in have.keys() - want.keys():
            return (f"not a form4viewer database: table {name!r} has a column {column!r} that form4viewer "
                    "did not create")
        for column in want.keys() - have.keys():
            return f"not a form4viewer database: table {name!r} lacks its column {column!r}"
        if found.columns[name] != expected.columns[name]:
            column = next(w[1] for h, w in zip(found.columns[name], expected.columns[name], strict=True) if h != w)
            return (f"not a form4viewer database: column {column!r} of table {name!r} is not defined as "
                    "form4viewer defines it")
        if found.foreign_keys[name] != expected.foreign_keys[name]:
            return f"not a form4viewer database: the links of table {name!r} to other tables are not form4viewer's"
    for index in found.indexes.keys() - expected.indexes.keys():
        return f"not a form4viewer database: it has an index {index!r} that form4viewer did not create"
    for index in expected.indexes.keys() - found.indexes.keys():
        return f"not a form4viewer database: its index {index!r} is missing"
    for index, described in expected.indexes.items():
        if found.indexes[index] != described:
            return f"not a form4viewer database: its index {index!r} is not defined as form4viewer defines it"
    # Last, the text of each definition, which also holds what no pragma reports (CHECK constraints, collations).
    for name, text in expected.sql.items():
        if found.sql.get(name) != text:
            return f"not a form4viewer database: {expected.kinds[name][0]} {name!r} is not defined as form4viewer defines it"
    return None


def _check_schema(conn: sqlite3.Connection, name: str) -> int:
    """The schema version of the database on `conn` once its schema is found to be form4viewer's; StoreError
    naming the file otherwise. Work on the file is bounded by CHECK_SECONDS."""
    deadline = time.monotonic() + CHECK_SECONDS
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    # One read transaction for the thirty-odd pragmas, rather than a lock taken and let go for each.
    began = not conn.in_transaction
    try:
        if began:
            conn.execute("BEGIN")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        problem = _schema_problem(conn, version)
    except sqlite3.OperationalError as exc:
        if "interrupted" not in str(exc):
            raise
        problem = f"not a form4viewer database: checking its schema took over {CHECK_SECONDS:g} seconds"
    finally:
        if began and conn.in_transaction:
            conn.execute("ROLLBACK")  # nothing was written: this only lets go of the read lock
        conn.set_progress_handler(None, 0)
    if problem is not None:
        raise StoreError(f"{name}: {problem}")
    return version


def _wal_without_log(path: Path) -> bool:
    """Whether the file is a WAL database with no -wal file beside it: then nothing but the file holds its
    contents, and a read-only connection would still make -wal and -shm files (and leave them)."""
    try:
        with open(path, "rb") as file:
            header = file.read(20)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and 2 in header[18:20] and not os.path.exists(f"{path}-wal")


def _connect_read_only(path: Path, immutable: bool, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{'immutable=1' if immutable else 'mode=ro'}", uri=True,
                           timeout=timeout)
    try:
        _harden(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def open_checked(path: str | os.PathLike[str], *, timeout: float = 5.0) -> tuple[sqlite3.Connection, int]:
    """A read-only connection to the database file at `path` (which exists) and its schema version, once its
    schema is found to be form4viewer's. Raises StoreError naming the file otherwise. Nothing is written: the file
    keeps its bytes and journal mode, and no -wal or -shm file is made where there was none."""
    path = Path(path)
    name = os.fspath(path)
    immutable = _wal_without_log(path)
    in_read_only_folder = False
    while True:
        try:
            conn = _connect_read_only(path, immutable, timeout)
        except sqlite3.Error as exc:
            raise StoreError(f"{name}: {_explain(exc)}") from None
        try:
            version = _check_schema(conn, name)
        except sqlite3.Error as exc:
            conn.close()
            if not immutable and path.exists() and _folder_is_read_only(path):
                # A -shm file cannot be made there, and nobody can be writing the file either.
                immutable = in_read_only_folder = True
                continue
            raise StoreError(f"{name}: {_explain(exc)}") from None
        except BaseException:
            conn.close()
            raise
        if immutable and not in_read_only_folder and os.path.exists(f"{path}-wal"):
            # Another program opened the file while it was being read: read it again, with what it wrote.
            conn.close()
            immutable = False
            continue
        return conn, version


# --------------------------------------------------------------------------------------------------------------
# What the store gives back


@dataclass(frozen=True)
class SaveResult:
    """A completed save: the filing's id, its new version, and how many corrections it logged."""

    filing_id: int
    version: int
    corrections_logged: int


@dataclass(frozen=True)
class StoredFiling:
    """A saved filing with its bookkeeping. `created`/`updated` are UTC."""

    id: int
    version: int
    filing: Filing
    source_name: str
    source_kind: str
    sha256: str | None
    created: dt.datetime
    updated: dt.datetime


@dataclass(frozen=True)
class FilingSummary:
    """One line of the library list. `owner` joins every reporting owner's name with '; '; `problems` counts
    the problems saved for the filing."""

    id: int
    issuer: str
    ticker: str
    owner: str
    form: str
    period: dt.date | None
    corrected: bool
    updated: dt.datetime
    problems: int
    review_state: str = "to-review"


@dataclass(frozen=True)
class Correction:
    """One changed field: its path in contract terms, the contract text before and after (None when absent),
    and when it was saved (UTC). A change of footnote references is logged under `<path>.footnotes` with the ids
    joined by commas; a row, owner, footnote or signature added or removed is logged under its own path
    (`non_derivative_transactions[2]`) with `"row"` on the side where it exists. A change of review state is
    logged under `REVIEW_PATH` with the states before and after. `who` is the person who made the change where
    it was recorded (review state changes), else None."""

    path: str
    old: str | None
    new: str | None
    when: dt.datetime
    who: str | None = None


#: The review states of a saved filing: every new save and import is "to-review" until a person marks it "reviewed".
REVIEW_STATES = ("to-review", "reviewed")
#: The path under which the corrections log records a change of review state.
REVIEW_PATH = "review_state"


class ReviewState(NamedTuple):
    """A filing's review state, who set it and when (UTC): `state, who, when = store.review_state(filing_id)`.
    `who` and `when` are None while it has never changed from the "to-review" it was saved with."""

    state: str
    who: str | None
    when: dt.datetime | None


@dataclass(frozen=True)
class AttachedSource:
    """Another file of a saved filing (the PDF printout of a filing saved from its XML, say), kept with it: its
    `id` (for `Store.attached_bytes`), the file's name and kind as given, the SHA-256 and size of its bytes, and
    when it was attached (UTC)."""

    id: int
    filing_id: int
    name: str
    kind: str
    sha256: str
    size: int
    added: dt.datetime


@dataclass(frozen=True)
class StoredProblem:
    """A problem saved with a filing, as the checks reported it (same fields as `checks.Problem`)."""

    rule: str
    severity: str
    path: str
    message: str


class BatchSaved(NamedTuple):
    """What `Store.save_batch` did with one filing: `status` "read" (saved as filing `filing_id`), "duplicate" (its
    bytes are saved already, as filing `filing_id`) or "failed" (`message` says why, naming the file)."""

    status: str
    filing_id: int | None
    message: str


class DuplicateSourceError(ConflictError):
    """A new save of bytes that are already saved as another filing; open that one to keep its corrections."""

    def __init__(self, message: str, filing_id: int):
        super().__init__(message)
        self.filing_id = filing_id


class _ProblemLike(Protocol):
    rule: str
    severity: str
    path: str
    message: str


# --------------------------------------------------------------------------------------------------------------
# A filing made ready to write: everything a save needs that does not touch the database. Import workers build
# these in other processes so that the single writer only inserts.


@dataclass(frozen=True)
class PreparedFiling:
    source_name: str
    source_kind: str
    sha256: str | None
    extracted: str
    current: str | None
    columns: dict[str, Any]
    source: bytes | None
    problems: tuple[tuple[str, str, str, str], ...] = ()
    #: The filing's rows of the SEC tables (sec_tables.filing_rows), made where it is read; None: made on saving.
    sec: dict[str, list[tuple[Any, ...]]] | None = None
    #: The filing's key (`export.filing_key`, its SUBMISSION row's ACCESSION_NUMBER); "" when not made.
    key: str = ""


def _text(value: Value) -> str | None:
    return format_value(value.value)


def summary_columns(filing: Filing, corrected: bool | None = None) -> dict[str, Any]:
    """The columns the library list shows and sorts by, copied out of a filing (`corrected` when known)."""
    owners = filing.reporting_owners
    return {
        "form": _text(filing.form),
        "period": _text(filing.period_of_report),
        "filing_date": _text(filing.filing_date),
        "accession": _text(filing.accession_number),
        "issuer_cik": _text(filing.issuer.cik),
        "issuer": _text(filing.issuer.name),
        "ticker": _text(filing.issuer.trading_symbol),
        "owner_cik": "; ".join(_text(o.cik) or "" for o in owners) or None,
        "owner": "; ".join(_text(o.name) or "" for o in owners) or None,
        "corrected": int(filing.corrected if corrected is None else corrected),
    }


def _cik(text: str | None) -> str:
    """A CIK as compared: its digits without leading zeros ("" when none)."""
    return (text or "").strip().lstrip("0")


def _ciks(text: str | None) -> frozenset[str]:
    """The owner CIKs of a filing's `owner_cik` column ('; '-joined), or none at all when an owner lacks one: the
    set is compared only where every owner's CIK is known."""
    ciks = [_cik(part) for part in (text or "").split(";")]
    return frozenset(ciks) if ciks and all(ciks) else frozenset()


def as_read(filing: Filing) -> Filing:
    """The filing with every corrected value put back to what the reader gave (rows a person added stay)."""
    for path, value in list(filing.values()):
        if value.corrected:
            filing = filing.replace_at(path, value.as_read())
    return filing


def prepare(
    filing: Filing,
    source: bytes | None = None,
    *,
    extracted: Filing | None = None,
    problems: Iterable[_ProblemLike] = (),
    sha256: str | None = None,
) -> PreparedFiling:
    """Everything needed to write `filing` as a new record. `extracted` is what the reader gave, when the filing
    was edited before its first save (by default, the filing with its corrected values reverted). `sha256` is the
    SHA-256 of `source` when the caller has it already."""
    sha: str | None
    if source is not None:
        sha = sha256 or hashlib.sha256(source).hexdigest()
    else:
        sha = filing.document.sha256 or None
    corrected = None
    if extracted is None:
        corrected = filing.corrected
        extracted = as_read(filing) if corrected else filing
    elif extracted is filing:
        corrected = False  # what a reader gave has no corrections
    sec = filing_rows(filing)
    extracted_json = filing_json(extracted)
    current_json = extracted_json if extracted is filing else filing_json(filing)
    return _prepared(filing, source, sha, extracted_json, current_json, corrected, problems, sec, fingerprint(filing))


def prepare_read(read: Sequence[tuple[Filing, bytes, Iterable[_ProblemLike], str | None]]) -> list[PreparedFiling]:
    """`prepare(filing, source, extracted=filing, problems=problems, sha256=sha256)` of each `(filing, source,
    problems, sha256)`, filings as their reader gave them, in order. Each step is done for all of them in turn
    (their SEC rows, then their JSON, then their fingerprints): a process doing one kind of work for a while keeps
    its caches warm, and this takes about a tenth less CPU than preparing one filing after another."""
    rows = [filing_rows(filing) for filing, _, _, _ in read]
    texts = [filing_json(filing) for filing, _, _, _ in read]
    prints = [fingerprint(filing) for filing, _, _, _ in read]
    return [
        _prepared(filing, source, sha256 or hashlib.sha256(source).hexdigest(), text, text, False, problems, sec,
                  printed)
        for (filing, source, problems, sha256), sec, text, printed in zip(read, rows, texts, prints, strict=True)
    ]  # fmt: skip


def _prepared(filing: Filing, source: bytes | None, sha: str | None, extracted_json: str, current_json: str,
              corrected: bool | None, problems: Iterable[_ProblemLike], sec: dict[str, list[tuple[Any, ...]]],
              printed: str | None) -> PreparedFiling:
    return PreparedFiling(
        source_name=filing.document.name,
        source_kind=filing.document.kind,
        sha256=sha,
        extracted=extracted_json,
        current=None if current_json == extracted_json else current_json,
        columns={**summary_columns(filing, corrected), "fingerprint": printed},
        source=source,
        problems=tuple((p.rule, p.severity, p.path, p.message) for p in problems),
        sec=sec,
        key=sec["SUBMISSION"][0][_SUBMISSION_KEY],
    )


# --------------------------------------------------------------------------------------------------------------
# Corrections: the difference between two versions of a filing, field by field


def _notes(value: Value) -> str | None:
    return ",".join(value.footnotes) or None


def _parts(filing: Filing) -> Iterator[tuple[str, int]]:
    """(list name, length) for every list of parts of a filing."""
    yield "reporting_owners", len(filing.reporting_owners)
    for table in TABLES:
        yield table, len(filing.rows(table))
    yield "footnotes", len(filing.footnotes)
    yield "signatures", len(filing.signatures)


def diff(old: Filing, new: Filing) -> list[tuple[str, str | None, str | None]]:
    """(path, old text, new text) for every field, footnote reference list and part that differs."""
    changes: list[tuple[str, str | None, str | None]] = []
    old_parts = dict(_parts(old))
    for name, count in _parts(new):
        had = old_parts[name]
        for i in range(had, count):
            changes.append((f"{name}[{i}]", None, "row"))
        for i in range(count, had):
            changes.append((f"{name}[{i}]", "row", None))
    for i in range(min(len(old.footnotes), len(new.footnotes))):
        if old.footnotes[i].id != new.footnotes[i].id:
            changes.append((f"footnotes[{i}].id", old.footnotes[i].id or None, new.footnotes[i].id or None))
    old_values = dict(old.values())
    new_values = dict(new.values())
    empty = Value()
    for path, after in new_values.items():
        before = old_values.get(path, empty)
        if before.value != after.value or type(before.value) is not type(after.value):
            changes.append((path, _text(before), _text(after)))
        if before.footnotes != after.footnotes:
            changes.append((f"{path}.footnotes", _notes(before), _notes(after)))
    for path, gone in old_values.items():
        if path in new_values:
            continue
        if gone.value is not None:
            changes.append((path, _text(gone), None))
        if gone.footnotes:
            changes.append((f"{path}.footnotes", _notes(gone), None))
    return changes


# --------------------------------------------------------------------------------------------------------------
# Errors


_PROBLEMS = (
    ("database is locked", "the database is in use by another program (locked); try again when it has finished"),
    ("database table is locked", "the database is in use by another program (locked); try again"),
    ("readonly database", "the database file is read-only; save to another file"),
    ("read-only", "the database file is read-only; save to another file"),
    ("database or disk is full", "the disk is full; free some space or save to another disk"),
    ("disk i/o error", "the disk could not be read or written (I/O error)"),
    ("file is not a database", "this is not a form4viewer database (the file is damaged or of another kind)"),
    ("file is encrypted", "this is not a form4viewer database (the file is damaged or of another kind)"),
    ("malformed", "the database file is damaged"),
    ("unable to open database file", "the database file cannot be opened (is the folder there and writable?)"),
)


def _folder_is_read_only(path: Path) -> bool:
    return not os.access(path.parent, os.W_OK)


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc)
    lower = text.lower()
    for needle, problem in _PROBLEMS:
        if needle in lower:
            return problem
    return f"database error: {text}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(when: dt.datetime) -> str:
    return when.isoformat(timespec="microseconds")


def _parse_stamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _attached_source(row: Sequence[Any]) -> AttachedSource:
    source_id, filing_id, name, kind, sha256, size, added = row
    return AttachedSource(int(source_id), int(filing_id), name, kind, sha256, int(size), _parse_stamp(added))


def _user() -> str:
    """The login name of the person using the program, for the review state when none is given."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER/LOGNAME and no password entry (a bare container)
        return "unknown"


# --------------------------------------------------------------------------------------------------------------


def load_driver() -> None:
    """Import sqlite-utils (a tenth of a second): it is imported when a database is first opened, not with this
    module, so that the window can ask `saved_id_by_hash` before it needs it and can load it while it is idle."""
    import sqlite_utils  # noqa: F401


def saved_id_by_hash(path: str | os.PathLike[str], sha256: str) -> int | None:
    """The id of the filing saved in the database at `path` from bytes with this SHA-256, or None when there is none
    (or no database yet). A quick look through a read-only connection, with neither sqlite-utils nor a migration:
    the window asks this for every file it opens before the database is open. Raises StoreError when it cannot
    tell (an older schema, a locked or damaged file); opening the database as usual then says what is wrong."""
    path = Path(path)
    if not path.exists():
        return None
    name = os.fspath(path)
    # The database is not trusted yet: its schema is checked first, as when it is opened.
    conn, version = open_checked(path, timeout=1.0)
    try:
        if version != SCHEMA_VERSION:
            raise StoreError(f"{name}: schema {version}, not {SCHEMA_VERSION}; opening it says more")
        row = conn.execute("SELECT id FROM filings WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else int(row[0])
    except sqlite3.Error as exc:
        raise StoreError(f"{name}: {_explain(exc)}") from None
    finally:
        conn.close()


class Store:
    """Saved filings in one SQLite file (or an in-memory database, for tests).

    `Store(db)` takes a `sqlite_utils.Database` and brings its schema up to date; `Store.open(path)` opens (or
    creates) a file. `timeout` is how long a save waits for another program that is writing to the same file.
    """

    def __init__(self, db: sqlite_utils.Database, path: str | os.PathLike[str] | None = None, *, timeout: float = 5.0,
                 read_only: bool = False):
        self.db = db
        self.path = Path(path) if path is not None else None
        self.name = os.fspath(path) if path is not None else "<memory>"
        self.read_only = read_only
        with self._guard():
            conn = db.conn
            _harden(conn)
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            # Checked again on the connection that will be used (Store.open checked the file read-only first, so
            # that a refused file is left as it was): the file may have been replaced in between.
            version = _check_schema(conn, self.name)
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.name}: {_newer(version)}")
            if read_only:
                if int(self._one("PRAGMA user_version")[0]) != SCHEMA_VERSION:
                    raise StoreError(f"{self.name}: the database needs updating to this version of form4viewer, "
                                     "but its folder is read-only; copy it somewhere writable")
                return
            if not db.memory:
                self._enable_wal(timeout)
                # A committed save survives a power cut, not only a crash of the program.
                conn.execute("PRAGMA synchronous = FULL")
            self._migrate()

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True, timeout: float = 5.0) -> Store:
        """Open the SQLite file at `path`, creating it (and its folders) when `create`, and migrate it."""
        path = Path(path)
        name = os.fspath(path)
        if not create and not path.exists():
            raise StoreError(f"{name}: no such database")
        if path.is_dir():
            raise StoreError(f"{name}: this is a folder, not a database file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{name}: cannot make its folder ({exc.strerror or exc})") from None
        import sqlite_utils

        if path.exists():
            # Checked read-only before anything can write to it (not even the switch to WAL).
            checked, version = open_checked(path, timeout=timeout)
            checked.close()
            if version > SCHEMA_VERSION:
                raise StoreError(f"{name}: {_newer(version)}")
        try:
            conn = sqlite3.connect(path, timeout=timeout)
        except sqlite3.Error as exc:
            raise StoreError(f"{name}: {_explain(exc)}") from None
        try:
            _harden(conn)
            # No recursive triggers: form4viewer makes no trigger, and a file with one is refused.
            db = sqlite_utils.Database(conn, execute_plugins=False, recursive_triggers=False)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{name}: {_explain(exc)}") from None
        try:
            return cls(db, path, timeout=timeout)
        except StoreError:
            db.close()
            if not (path.exists() and _folder_is_read_only(path)):
                raise
        except BaseException:
            db.close()
            raise
        # A WAL database needs its folder writable even to be read (SQLite keeps an index file beside it). In a
        # read-only folder nobody can change the file, so it is opened as immutable: readable, and every save
        # fails with "read-only" before anything is written.
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
            return cls(sqlite_utils.Database(conn, execute_plugins=False), path, timeout=timeout, read_only=True)
        except sqlite3.Error as exc:
            raise StoreError(f"{name}: {_explain(exc)}") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- plumbing -----------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn SQLite's errors into StoreError naming the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"{self.name}: {_explain(exc)}") from None

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute(sql, params).fetchone()

    @property
    def schema_version(self) -> int:
        with self._guard():
            return int(self._one("PRAGMA user_version")[0])

    def _enable_wal(self, timeout: float) -> None:
        """Switch the file to WAL. The switch needs the file to itself and SQLite does not wait for that, so when
        another program is opening the same new file at this moment, it is tried again for up to `timeout`."""
        deadline = time.monotonic() + timeout
        while self.db.journal_mode != "wal":
            try:
                self.db.enable_wal()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _migrate(self) -> None:
        # __init__ has checked the schema (another program's file and a newer release's are refused there).
        if int(self._one("PRAGMA user_version")[0]) == SCHEMA_VERSION:
            return
        # The write lock is taken first (BEGIN IMMEDIATE), waiting for it as for any save: two programs opening a
        # new file at once would otherwise both read the version and then fail to turn their read into a write
        # ("database is locked") rather than wait. The version is read again once the lock is held: the other
        # program may have migrated meanwhile.
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(self._one("PRAGMA user_version")[0])
            for number in range(version, SCHEMA_VERSION):
                log.info("migrating %s to schema %d", self.name, number + 1)
                # Statement by statement inside the transaction (executescript would commit it first), so that a
                # crash leaves the file at the version it had, never with half a migration.
                for statement in _statements(MIGRATIONS[number]):
                    conn.execute(statement)
                if number + 1 == 2:
                    self._fill_sec_tables()
                if number + 1 == 4:
                    self._fill_fingerprints()
                self.db.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _load_json(self, text: str) -> Filing:
        # Damage inside a row's text is invisible to SQLite's own checks; it must still be a clear StoreError.
        try:
            return filing_from_json(text)
        except Exception as exc:
            raise StoreError(
                f"{self.name}: the database file is damaged: a saved filing cannot be read back "
                f"({type(exc).__name__}: {exc})"
            ) from None

    # ---- saving -------------------------------------------------------------------------------------------------

    def save(
        self,
        filing: Filing,
        source_bytes: bytes | None = None,
        *,
        filing_id: int | None = None,
        expected_version: int | None = None,
        extracted: Filing | None = None,
        problems: Iterable[_ProblemLike] | None = None,
    ) -> SaveResult:
        """Save `filing` in one transaction and log what changed as corrections.

        Without `filing_id` this makes a new record: `source_bytes` (or, without them, the SHA-256 the reader
        recorded) must not be saved already, else `DuplicateSourceError` names the filing that has them.
        `extracted` is what the reader gave when the filing was edited before this first save (by default the
        filing with its corrected values reverted). With `filing_id` it replaces that filing's saved state;
        when `expected_version` is given and the saved version differs (another window or program saved in
        between), nothing is written and ConflictError is raised. `problems`, when given, replace the problems
        saved for the filing in the same transaction.
        """
        rows = None if problems is None else tuple((p.rule, p.severity, p.path, p.message) for p in problems)
        with self._guard():
            if filing_id is None:
                prepared = prepare(filing, source_bytes, extracted=extracted)
                if rows is not None:
                    prepared = dataclasses.replace(prepared, problems=rows)
                with self.db.atomic():
                    self._lock()
                    return self._insert(prepared, _now())
            with self.db.atomic():
                result = self._update(filing_id, filing, source_bytes, expected_version)
                if rows is not None:
                    self.db.execute("DELETE FROM problems WHERE filing_id = ?", (filing_id,))
                    self._write_problems(filing_id, rows)
                return result

    def _lock(self) -> None:
        """Take the file's write lock at the start of a transaction, before anything is read: in WAL mode a
        transaction that reads first and then writes fails outright if another program wrote in between."""
        self.db.execute("UPDATE filings SET id = id WHERE 0")

    def _insert(self, prepared: PreparedFiling, when: dt.datetime) -> SaveResult:
        """Write a new record (inside the caller's transaction)."""
        if prepared.sha256 is not None:
            existing = self._find_by_hash(prepared.sha256)
            if existing is not None:
                raise DuplicateSourceError(
                    f"{self.name}: {prepared.source_name or 'this file'} is already saved as filing {existing}; "
                    "open that one to keep its corrections",
                    existing,
                )
        stamp = _stamp(when)
        cols = prepared.columns
        record = {
            "sha256": prepared.sha256,
            "source_name": prepared.source_name,
            "source_kind": prepared.source_kind,
            "extracted": prepared.extracted,
            "current": prepared.current,
            "version": 1,
            "created": stamp,
            "updated": stamp,
            **cols,
        }
        cursor = self.db.execute(
            f"INSERT INTO filings ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
            tuple(record.values()),
        )
        filing_id = int(cursor.lastrowid or 0)
        if prepared.source is not None:
            self.db.execute("INSERT INTO sources (filing_id, data) VALUES (?, ?)", (filing_id, prepared.source))
        logged = 0
        if prepared.current is not None:
            changes = diff(self._load_json(prepared.extracted), self._load_json(prepared.current))
            logged = self._log(filing_id, changes, stamp)
        if prepared.problems:
            self._write_problems(filing_id, prepared.problems)
        self._write_sec([(filing_id, self._sec_of(prepared))])
        return SaveResult(filing_id, 1, logged)

    def _sec_of(self, prepared: PreparedFiling) -> dict[str, list[tuple[Any, ...]]]:
        if prepared.sec is not None:
            return prepared.sec
        return filing_rows(self._load_json(prepared.current or prepared.extracted))

    def _write_sec(self, rows: Sequence[tuple[int, dict[str, list[tuple[Any, ...]]]]]) -> None:
        """Write the SEC tables' rows of filings that have none (inside the caller's transaction): one statement
        per table, then one per full-text index for the lot (`rows` are for consecutive new ids, or one filing)."""
        if not rows:
            return
        conn = self.db.conn
        for table in SEC_COLUMNS:
            conn.executemany(_SEC_INSERT[table], [(*row, fid) for fid, tables in rows for row in tables[table]])
        ids = [fid for fid, _ in rows]
        for table, columns in _SEC_FTS.items():
            names = ", ".join(columns)
            conn.execute(
                f'INSERT INTO "{table}_fts" (rowid, {names}) SELECT id, {names} FROM {table} '
                "WHERE filing_id BETWEEN ? AND ?",
                (min(ids), max(ids)),
            )

    def _clear_sec(self, filing_id: int) -> None:
        """Remove a filing's rows from the SEC tables and their full-text indexes (as a trigger would)."""
        conn = self.db.conn
        for table, columns in _SEC_FTS.items():
            names = ", ".join(columns)
            conn.execute(
                f'INSERT INTO "{table}_fts" ("{table}_fts", rowid, {names}) '
                f"SELECT 'delete', id, {names} FROM {table} WHERE filing_id = ?",
                (filing_id,),
            )
        for table in SEC_COLUMNS:
            conn.execute(f"DELETE FROM {table} WHERE filing_id = ?", (filing_id,))

    def _fill_sec_tables(self) -> None:
        """Write the SEC tables of every filing saved before they existed (inside the migration's transaction),
        from each one's current state. A filing whose saved JSON cannot be read gets no rows (and is reported
        when it is opened), so that one damaged row does not keep the whole file from opening."""
        reader = self.db.conn.cursor()
        reader.execute("SELECT id, coalesce(current, extracted) FROM filings ORDER BY id")
        filled = 0
        while chunk := reader.fetchmany(500):
            batch = []
            for filing_id, text in chunk:
                try:
                    batch.append((int(filing_id), filing_rows(self._load_json(text))))
                except Exception as exc:  # noqa: BLE001 -- damage is reported when the filing is opened
                    log.warning("%s: filing %s has no SEC table rows: %s", self.name, filing_id, exc)
            for one in batch:  # one at a time: ids in a chunk need not be consecutive
                self._write_sec([one])
            filled += len(batch)
        log.info("%s: SEC tables written for %d saved filings", self.name, filled)

    def _fill_fingerprints(self) -> None:
        """Write the fingerprint of every filing saved before it was kept (inside the migration's transaction),
        from each one's current state; a filing whose saved JSON cannot be read keeps none (see _fill_sec_tables)."""
        last = 0
        # A page of filings at a time, each read whole before it is written (no write under an open SELECT).
        while chunk := self.db.conn.execute(
            "SELECT id, coalesce(current, extracted) FROM filings WHERE id > ? ORDER BY id LIMIT 500", (last,)
        ).fetchall():
            last = int(chunk[-1][0])
            found = []
            for filing_id, text in chunk:
                try:
                    found.append((fingerprint(self._load_json(text)), int(filing_id)))
                except Exception as exc:  # noqa: BLE001 -- damage is reported when the filing is opened
                    log.warning("%s: filing %s has no fingerprint: %s", self.name, filing_id, exc)
            self.db.conn.executemany("UPDATE filings SET fingerprint = ? WHERE id = ?", found)

    def _update(
        self, filing_id: int, filing: Filing, source_bytes: bytes | None, expected_version: int | None
    ) -> SaveResult:
        # Writing first takes the file's write lock before anything is read, so that the version compared and
        # the state diffed are the ones this save replaces.
        cursor = self.db.execute(
            "UPDATE filings SET version = version + 1 WHERE id = ? AND (? IS NULL OR version = ?)",
            (filing_id, expected_version, expected_version),
        )
        if cursor.rowcount == 0:
            row = self._one("SELECT version FROM filings WHERE id = ?", (filing_id,))
            if row is None:
                raise StoreError(f"{self.name}: there is no filing {filing_id} (was it deleted?)")
            raise ConflictError(
                f"{self.name}: filing {filing_id} was saved by another window or program since it was opened "
                f"(it is now at version {row[0]}, this one was opened at version {expected_version})"
            )
        row = self._one("SELECT extracted, current, version, sha256 FROM filings WHERE id = ?", (filing_id,))
        extracted_json, current_json, version, sha = row
        before = self._load_json(current_json if current_json is not None else extracted_json)
        new_json = filing_json(filing)
        stamp = _stamp(_now())
        cols = {**summary_columns(filing), "fingerprint": fingerprint(filing)}
        columns = {"current": None if new_json == extracted_json else new_json, "updated": stamp, **cols}
        self.db.execute(
            f"UPDATE filings SET {', '.join(f'{name} = ?' for name in columns)} WHERE id = ?",
            (*columns.values(), filing_id),
        )
        self._clear_sec(filing_id)  # the current state replaces the last one
        self._write_sec([(filing_id, filing_rows(filing))])
        if source_bytes is not None and self._one("SELECT 1 FROM sources WHERE filing_id = ?", (filing_id,)) is None:
            new_sha = hashlib.sha256(source_bytes).hexdigest()
            if sha is None:
                self.db.execute("UPDATE filings SET sha256 = ? WHERE id = ?", (new_sha, filing_id))
            elif sha != new_sha:
                raise StoreError(
                    f"{self.name}: the source given for filing {filing_id} is not the file it was read from"
                )
            self.db.execute("INSERT INTO sources (filing_id, data) VALUES (?, ?)", (filing_id, source_bytes))
        logged = self._log(filing_id, diff(before, filing), stamp)
        return SaveResult(filing_id, int(version), logged)

    def _log(self, filing_id: int, changes: list[tuple[str, str | None, str | None]], stamp: str) -> int:
        if changes:
            self.db.conn.executemany(
                "INSERT INTO corrections (filing_id, path, old, new, made) VALUES (?, ?, ?, ?, ?)",
                [(filing_id, path, old, new, stamp) for path, old, new in changes],
            )
        return len(changes)

    def delete(self, filing_id: int) -> None:
        """Remove a filing with its source, corrections and problems."""
        with self._guard(), self.db.atomic():
            self._clear_sec(filing_id)
            self.db.execute("DELETE FROM filings WHERE id = ?", (filing_id,))

    # ---- problems -----------------------------------------------------------------------------------------------

    def save_problems(self, filing_id: int, problems: Iterable[_ProblemLike]) -> None:
        """Replace the problems saved for a filing (objects with rule, severity, path and message)."""
        rows = tuple((p.rule, p.severity, p.path, p.message) for p in problems)
        with self._guard(), self.db.atomic():
            self._lock()
            self._require(filing_id)
            self.db.execute("DELETE FROM problems WHERE filing_id = ?", (filing_id,))
            self._write_problems(filing_id, rows)

    def _write_problems(self, filing_id: int, rows: Iterable[tuple[str, str, str, str]]) -> None:
        self.db.conn.executemany(
            "INSERT INTO problems (filing_id, rule, severity, path, message) VALUES (?, ?, ?, ?, ?)",
            [(filing_id, rule, severity, path or "", message) for rule, severity, path, message in rows],
        )

    def problems(self, filing_id: int) -> list[StoredProblem]:
        with self._guard():
            return [
                StoredProblem(*row)
                for row in self.db.execute(
                    "SELECT rule, severity, path, message FROM problems WHERE filing_id = ? ORDER BY id", (filing_id,)
                )
            ]

    # ---- reading ------------------------------------------------------------------------------------------------

    def _require(self, filing_id: int) -> None:
        if self._one("SELECT 1 FROM filings WHERE id = ?", (filing_id,)) is None:
            raise StoreError(f"{self.name}: there is no filing {filing_id}")

    def load(self, filing_id: int) -> Filing:
        """The filing exactly as last saved, corrections included."""
        with self._guard():
            row = self._one("SELECT coalesce(current, extracted) FROM filings WHERE id = ?", (filing_id,))
        if row is None:
            raise StoreError(f"{self.name}: there is no filing {filing_id}")
        return self._load_json(row[0])

    def load_extracted(self, filing_id: int) -> Filing:
        """The filing as the reader gave it, before any correction."""
        with self._guard():
            row = self._one("SELECT extracted FROM filings WHERE id = ?", (filing_id,))
        if row is None:
            raise StoreError(f"{self.name}: there is no filing {filing_id}")
        return self._load_json(row[0])

    def record(self, filing_id: int) -> StoredFiling:
        with self._guard():
            row = self._one(
                "SELECT id, version, coalesce(current, extracted), source_name, source_kind, sha256, created, updated"
                " FROM filings WHERE id = ?",
                (filing_id,),
            )
        if row is None:
            raise StoreError(f"{self.name}: there is no filing {filing_id}")
        return StoredFiling(
            int(row[0]),
            int(row[1]),
            self._load_json(row[2]),
            row[3],
            row[4],
            row[5],
            _parse_stamp(row[6]),
            _parse_stamp(row[7]),
        )

    def version(self, filing_id: int) -> int:
        with self._guard():
            row = self._one("SELECT version FROM filings WHERE id = ?", (filing_id,))
        if row is None:
            raise StoreError(f"{self.name}: there is no filing {filing_id}")
        return int(row[0])

    def source_bytes(self, filing_id: int) -> bytes:
        """The bytes of the file the filing was read from. StoreError when none were kept."""
        with self._guard():
            row = self._one("SELECT data FROM sources WHERE filing_id = ?", (filing_id,))
        if row is None:
            raise StoreError(f"{self.name}: filing {filing_id} has no source file saved")
        return bytes(row[0])

    def _find_by_hash(self, sha256: str) -> int | None:
        row = self._one("SELECT id FROM filings WHERE sha256 = ?", (sha256,))
        if row is None:
            row = self._one("SELECT filing_id FROM attached_sources WHERE sha256 = ?", (sha256,))
        return int(row[0]) if row else None

    def find_by_hash(self, sha256: str) -> int | None:
        """The id of the filing read from bytes with this SHA-256, or that keeps them as an attached second source
        (`attach_source`), if saved."""
        with self._guard():
            return self._find_by_hash(sha256)

    def corrections(self, filing_id: int) -> list[Correction]:
        """Every correction logged for a filing, oldest first."""
        with self._guard():
            rows = list(
                self.db.execute(
                    "SELECT path, old, new, made, who FROM corrections WHERE filing_id = ? ORDER BY id", (filing_id,)
                )
            )
        return [Correction(path, old, new, _parse_stamp(made), who) for path, old, new, made, who in rows]

    # ---- review state ------------------------------------------------------------------------------------------

    def review_state(self, filing_id: int) -> ReviewState:
        """(state, who, when) of a saved filing: "to-review" (every new save and import) or "reviewed", who set it
        and when (UTC), both None while it was never changed. StoreError when there is no such filing."""
        with self._guard():
            row = self._one("SELECT review_state, reviewed_by, reviewed_at FROM filings WHERE id = ?", (filing_id,))
        if row is None:
            raise StoreError(f"{self.name}: there is no filing {filing_id}")
        return ReviewState(row[0], row[1], _parse_stamp(row[2]) if row[2] else None)

    def set_review_state(self, filing_id: int, state: str, who: str | None = None) -> ReviewState:
        """Mark a saved filing "to-review" or "reviewed" (`REVIEW_STATES`) by `who` (the login name,
        `getpass.getuser()`, unless given), now; returns the new (state, who, when). In one transaction the filing
        gets its state and a line in its corrections log (`REVIEW_PATH`, the old and new state, `who`). The
        filing's values, version and `updated` stay as they are, so a window holding it still saves without a
        conflict. Setting the state it already has writes nothing and returns the state as it is. StoreError when
        there is no such filing; ValueError for a state not in `REVIEW_STATES`."""
        if state not in REVIEW_STATES:
            raise ValueError(f"unknown review state {state!r}; use one of {', '.join(REVIEW_STATES)}")
        who = _user() if who is None else who
        with self._guard(), self.db.atomic():
            self._lock()
            row = self._one("SELECT review_state, reviewed_by, reviewed_at FROM filings WHERE id = ?", (filing_id,))
            if row is None:
                raise StoreError(f"{self.name}: there is no filing {filing_id}")
            if row[0] == state:
                return ReviewState(row[0], row[1], _parse_stamp(row[2]) if row[2] else None)
            when = _now()
            stamp = _stamp(when)
            self.db.execute(
                "UPDATE filings SET review_state = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                (state, who, stamp, filing_id),
            )
            self.db.execute(
                "INSERT INTO corrections (filing_id, path, old, new, made, who) VALUES (?, ?, ?, ?, ?, ?)",
                (filing_id, REVIEW_PATH, row[0], state, stamp, who),
            )
        return ReviewState(state, who, when)

    # ---- second sources ----------------------------------------------------------------------------------------

    def keys(self) -> dict[str, int]:
        """Every saved filing's key (`export.filing_key` of its current state) with its id (the first saved, where
        several filings share a key)."""
        with self._guard():
            return {key: int(first) for key, first in self.db.execute(
                "SELECT ACCESSION_NUMBER, min(filing_id) FROM SUBMISSION GROUP BY ACCESSION_NUMBER"
            )}  # fmt: skip

    def fingerprints(self) -> set[str]:
        """The content fingerprint of every saved filing (`identity.fingerprint`, as `same_filing` looks them up)."""
        with self._guard():
            return {row[0] for row in self.db.execute(
                "SELECT DISTINCT fingerprint FROM filings WHERE fingerprint IS NOT NULL"
            )}  # fmt: skip

    def first_with_key(self, key: str) -> int | None:
        """The id of the first saved filing with this key (`keys`), or None."""
        with self._guard():
            row = self._one("SELECT min(filing_id) FROM SUBMISSION WHERE ACCESSION_NUMBER = ?", (key,))
        return None if row is None or row[0] is None else int(row[0])

    def source_name(self, filing_id: int) -> str:
        """The name of the file a saved filing was read from ("" for one entered without a file)."""
        with self._guard():
            row = self._one("SELECT source_name FROM filings WHERE id = ?", (filing_id,))
        if row is None:
            raise StoreError(f"{self.name}: there is no filing {filing_id}")
        return str(row[0])

    def same_filing(self, filing: Filing, sha256: str | None = None) -> int | None:
        """The id of a saved filing that `filing` is another file of, read from other bytes: `filing` is then a second
        source of that one (its PDF printout, say), to attach (`attach_source`) or save as a filing of its own.

        First a saved filing with the same key (`export.filing_key`: the accession number where known, else the key
        derived from all its values); else one with the same content (`identity.fingerprint`: form, period,
        issuer, owners and table rows, which every file of a filing shows), looked up by its index, whose issuer
        CIK and set of owner CIKs agree with `filing`'s where both give them, and not when both have an accession
        number and the two differ (two submissions are two filings, whatever they hold). None when there is
        none, or when the one found was read from these very bytes or keeps them attached (`sha256`, by default
        `filing.document.sha256`): that is the same file, not a second source. A saved filing's key and content
        are those of its current state (corrections included); with several, the first saved."""
        key = filing_key(filing)
        sha = sha256 or filing.document.sha256 or None
        with self._guard():
            ids = [int(row[0]) for row in self.db.execute(
                "SELECT DISTINCT filing_id FROM SUBMISSION WHERE ACCESSION_NUMBER = ? ORDER BY filing_id", (key,)
            )]  # fmt: skip
            if not ids:
                ids = self._same_content(key, {**summary_columns(filing), "fingerprint": fingerprint(filing)})
            if not ids:
                return None
            if sha is not None and self._find_by_hash(sha) in ids:
                return None
        return ids[0]

    def first_with_content(self, key: str, columns: dict[str, Any]) -> int | None:
        """The first saved filing with the content of a filing made ready to write (`PreparedFiling.key` and
        `.columns`), as `same_filing` finds it after the key; None when there is none."""
        with self._guard():
            ids = self._same_content(key, columns)
        return ids[0] if ids else None

    def key_of(self, filing_id: int) -> str:
        """A saved filing's key (`export.filing_key` of its current state, its SUBMISSION row's ACCESSION_NUMBER)."""
        with self._guard():
            row = self._one("SELECT ACCESSION_NUMBER FROM SUBMISSION WHERE filing_id = ?", (filing_id,))
        if row is None:
            raise StoreError(f"{self.name}: there is no filing {filing_id}")
        return str(row[0])

    def _same_content(self, key: str, columns: dict[str, Any]) -> list[int]:
        """The saved filings with `columns["fingerprint"]` whose CIKs agree and accession numbers do not differ
        (`same_filing`), first saved first."""
        found = columns.get("fingerprint")
        if not found:
            return []
        issuer = _cik(columns.get("issuer_cik"))
        owners = _ciks(columns.get("owner_cik"))
        accession = not key.startswith(CONTENT_KEY_PREFIX)
        ids = []
        for filing_id, their_issuer, their_owners, their_key in self.db.execute(
            "SELECT f.id, f.issuer_cik, f.owner_cik, s.ACCESSION_NUMBER FROM filings f "
            "JOIN SUBMISSION s ON s.filing_id = f.id WHERE f.fingerprint = ? ORDER BY f.id",
            (found,),
        ):
            if issuer and _cik(their_issuer) not in ("", issuer):
                continue
            theirs = _ciks(their_owners)
            if owners and theirs and owners != theirs:
                continue
            if accession and not str(their_key).startswith(CONTENT_KEY_PREFIX) and their_key != key:
                continue
            ids.append(int(filing_id))
        return ids

    def attach_source(self, filing_id: int, name: str, data: bytes, kind: str = "") -> AttachedSource:
        """Keep `data`, another file of saved filing `filing_id` (`name` and `kind` as its reader says: "pdf",
        "xml", ...), with that filing, its bytes kept as the first source's are. Nothing else of the filing
        changes: its values, corrections, version and review state stay; `sources` lists what is attached, and
        `find_by_hash` finds the filing by these bytes too, so importing the file again is a duplicate.
        Attaching bytes already attached to this filing gives that attachment back; bytes that are this or
        another filing's own source, or attached to another filing, raise `DuplicateSourceError` naming the
        filing that has them. StoreError when there is no such filing."""
        sha = hashlib.sha256(data).hexdigest()
        with self._guard(), self.db.atomic():
            self._lock()
            self._require(filing_id)
            row = self._one("SELECT id, filing_id FROM attached_sources WHERE sha256 = ?", (sha,))
            if row is not None and int(row[1]) == filing_id:
                return self._attached(int(row[0]))
            owner = int(row[1]) if row is not None else self._find_by_hash(sha)
            if owner is not None:
                raise DuplicateSourceError(
                    f"{self.name}: {name or 'this file'} is already saved as filing {owner}", owner
                )
            cursor = self.db.execute(
                "INSERT INTO attached_sources (filing_id, name, kind, sha256, data, added) VALUES (?, ?, ?, ?, ?, ?)",
                (filing_id, name, kind, sha, data, _stamp(_now())),
            )
            return self._attached(int(cursor.lastrowid or 0))

    _ATTACHED = "SELECT id, filing_id, name, kind, sha256, length(data), added FROM attached_sources"

    def _attached(self, source_id: int) -> AttachedSource:
        return _attached_source(self._one(f"{self._ATTACHED} WHERE id = ?", (source_id,)))

    def sources(self, filing_id: int) -> list[AttachedSource]:
        """The second sources attached to a saved filing (`attach_source`), in the order they were attached; the
        first source, the file the filing was read from, is `source_bytes`. StoreError when there is no such
        filing."""
        with self._guard():
            self._require(filing_id)
            rows = list(self.db.execute(f"{self._ATTACHED} WHERE filing_id = ? ORDER BY id", (filing_id,)))
        return [_attached_source(row) for row in rows]

    def attached_bytes(self, source_id: int) -> bytes:
        """The bytes of an attached source (`AttachedSource.id`). StoreError when there is none with that id."""
        with self._guard():
            row = self._one("SELECT data FROM attached_sources WHERE id = ?", (source_id,))
        if row is None:
            raise StoreError(f"{self.name}: there is no attached source {source_id}")
        return bytes(row[0])

    _ORDERS = {
        "updated": "f.updated DESC, f.id DESC",
        "created": "f.id DESC",
        "issuer": "f.issuer COLLATE NOCASE, f.period DESC, f.id",
        "ticker": "f.ticker COLLATE NOCASE, f.period DESC, f.id",
        "owner": "f.owner COLLATE NOCASE, f.period DESC, f.id",
        "form": "f.form, f.period DESC, f.id",
        "period": "f.period DESC, f.id DESC",
        "id": "f.id",
    }

    def list_filings(
        self, search: str = "", order: str = "updated", *, limit: int | None = None, state: str | None = None
    ) -> list[FilingSummary]:
        """Saved filings for the library list, each with its problem count and review state. `search` matches
        (case-insensitively, anywhere) the issuer, its CIK, ticker, owners, their CIKs, form, accession number or
        file name; `order` is one of updated, created, issuer, ticker, owner, form, period, id; `state` keeps the
        filings in one review state ("to-review" or "reviewed")."""
        if order not in self._ORDERS:
            raise ValueError(f"unknown order {order!r}; use one of {', '.join(self._ORDERS)}")
        if state is not None and state not in REVIEW_STATES:
            raise ValueError(f"unknown review state {state!r}; use one of {', '.join(REVIEW_STATES)}")
        where = ""
        params: list[Any] = []
        if search.strip():
            pattern = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            columns = ("issuer", "issuer_cik", "ticker", "owner", "owner_cik", "form", "accession", "source_name")
            where = "WHERE (" + " OR ".join(f"f.{c} LIKE ? ESCAPE '\\'" for c in columns) + ")"
            params = [pattern] * len(columns)
        if state is not None:
            where += (" AND " if where else "WHERE ") + "f.review_state = ?"
            params.append(state)
        sql = (
            "SELECT f.id, f.issuer, f.ticker, f.owner, f.form, f.period, f.corrected, f.updated,"
            " (SELECT count(*) FROM problems p WHERE p.filing_id = f.id), f.review_state"
            f" FROM filings f {where} ORDER BY {self._ORDERS[order]}"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._guard():
            rows = list(self.db.execute(sql, params))
        return [
            FilingSummary(
                int(i),
                issuer or "",
                ticker or "",
                owner or "",
                form or "",
                dt.date.fromisoformat(period) if period else None,
                bool(corrected),
                _parse_stamp(updated),
                int(problems),
                review,
            )
            for i, issuer, ticker, owner, form, period, corrected, updated, problems, review in rows
        ]

    def catalog(
        self, text: str = "", *, ticker: str = "", limit: int | None = None, state: str | None = None
    ) -> list[dict[str, Any]]:
        """Saved filings as plain values (the command line's `list` and `search`), in the order they were saved:
        id, accession (None where not known), issuer, issuer_cik, ticker, owners (a list of names), form, period,
        filing_date, problems (how many are saved), source_kind, source_name, corrected, created and updated (ISO
        8601 UTC), review_state ("to-review" or "reviewed"), reviewed_by and reviewed_at (None until the state is
        first changed). `text` keeps the filings whose issuer, an owner's name, a footnote or the remarks contain
        it (SQLite's LIKE: case-blind for ASCII letters), as the filing stands now, corrections included; `ticker`
        keeps one ticker's (any case); `state` the filings in one review state."""
        if state is not None and state not in REVIEW_STATES:
            raise ValueError(f"unknown review state {state!r}; use one of {', '.join(REVIEW_STATES)}")
        doc = "coalesce(f.current, f.extracted)"
        where: list[str] = []
        params: list[Any] = []
        if text.strip():
            pattern = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            like = "LIKE ? ESCAPE '\\'"
            # The owner column holds every owner's name (joined with '; '), kept in step with each save. Footnotes
            # and remarks are in the filing's JSON, whose parsing is most of the cost: text the JSON holds as it is
            # (no quote, backslash or control character, which it escapes) is first looked for in the JSON's text.
            in_json = f"(json_extract({doc}, '$.remarks.value') {like} OR EXISTS (SELECT 1 FROM json_each({doc}," \
                f" '$.footnotes') n WHERE json_extract(n.value, '$.text.value') {like}))"
            if all(ch >= " " and ch not in '"\\' for ch in text.strip()):
                in_json = f"({doc} {like} AND {in_json})"
                params += [pattern] * 5
            else:
                params += [pattern] * 4
            where.append(f"(f.issuer {like} OR f.owner {like} OR {in_json})")
        if ticker.strip():
            where.append("f.ticker = ? COLLATE NOCASE")
            params.append(ticker.strip())
        if state is not None:
            where.append("f.review_state = ?")
            params.append(state)
        sql = (
            "SELECT f.id, f.accession, f.issuer, f.issuer_cik, f.ticker,"
            # One owner (most filings) is the owner column as it is; several are taken from the JSON, as a name
            # may itself hold the '; ' that joins them there.
            " CASE WHEN instr(f.owner, '; ') = 0 THEN json_array(f.owner) ELSE"
            f" (SELECT json_group_array(json_extract(o.value, '$.name.value')) FROM json_each({doc},"
            " '$.reporting_owners') o) END,"
            " f.form, f.period, f.filing_date, (SELECT count(*) FROM problems p WHERE p.filing_id = f.id),"
            " f.source_kind, f.source_name, f.corrected, f.created, f.updated, f.review_state, f.reviewed_by,"
            " f.reviewed_at FROM filings f"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY f.id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        names = ("id", "accession", "issuer", "issuer_cik", "ticker", "owners", "form", "period", "filing_date",
                 "problems", "source_kind", "source_name", "corrected", "created", "updated", "review_state",
                 "reviewed_by", "reviewed_at")
        with self._guard():
            rows = [dict(zip(names, row, strict=True)) for row in self.db.execute(sql, params)]
        for row in rows:
            row["owners"] = [name for name in json.loads(row["owners"] or "[]") if name]
            row["corrected"] = bool(row["corrected"])
        return rows

    def count(self) -> int:
        with self._guard():
            return int(self._one("SELECT count(*) FROM filings")[0])

    def ids(self) -> list[int]:
        with self._guard():
            return [int(row[0]) for row in self.db.execute("SELECT id FROM filings ORDER BY id")]

    def iter_filings(self, ids: Iterable[int] | None = None) -> Iterator[tuple[int, Filing]]:
        """(id, filing as saved) for the given ids (all, in id order, by default), reading in small batches."""
        wanted = list(ids) if ids is not None else self.ids()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            with self._guard():
                rows = dict(
                    self.db.execute(
                        f"SELECT id, coalesce(current, extracted) FROM filings WHERE id IN ({','.join('?' * len(chunk))})",
                        chunk,
                    )
                )
            for filing_id in chunk:
                if filing_id not in rows:
                    raise StoreError(f"{self.name}: there is no filing {filing_id}")
                yield filing_id, self._load_json(rows[filing_id])

    # ---- bulk saving (the importer's writer) ---------------------------------------------------------------------

    @contextlib.contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """For an import (`with store.bulk_writing():`): commits sync the write-ahead log only at checkpoints
        (SQLite's NORMAL level). In WAL mode that cannot damage the file; a power cut may lose the last batches
        saved, which are still in the files imported. Every other save keeps full syncs. The page cache is larger
        (the indexes of the SEC tables stay in memory between batches) and the log is checkpointed every 40 MB
        rather than every 4 MB, then once at the end; what is written is the same."""
        conn = self.db.conn
        relaxed = not self.db.memory and not self.read_only and not conn.in_transaction
        if relaxed:
            with self._guard():
                cache = int(conn.execute("PRAGMA cache_size").fetchone()[0])
                checkpoint = int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")
                conn.execute(f"PRAGMA wal_autocheckpoint = {_BULK_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            if relaxed and not conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute(f"PRAGMA wal_autocheckpoint = {checkpoint}")
                    conn.execute(f"PRAGMA cache_size = {cache}")
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA synchronous = FULL")

    def known_hashes(self) -> set[str]:
        """The SHA-256 of every file saved: each filing's source and the sources attached to filings."""
        with self._guard():
            return {row[0] for row in self.db.execute(
                "SELECT sha256 FROM filings WHERE sha256 IS NOT NULL UNION ALL SELECT sha256 FROM attached_sources"
            )}  # fmt: skip

    def save_batch(self, items: Sequence[tuple[str, PreparedFiling]]) -> list[BatchSaved]:
        """Save filings read by an import (`prepare`d, each with the name to report it by) in one transaction,
        each all or nothing; one result per item, in order: "read" (saved, with its new id), "duplicate" (its
        bytes are saved already, as filing `filing_id`; nothing written) or "failed" (`message` says why, naming
        it). First all are written together, a few statements for the lot; if any of them fails, that is undone
        and each is saved again in its own savepoint, so that one bad file is reported and the others are kept."""
        when = _now()
        with self._guard(), self.db.atomic():
            self._lock()
            try:
                with self.db.atomic():
                    return self._insert_many(items, _stamp(when))
            except (sqlite3.IntegrityError, Form4ViewerError) as exc:
                log.info("saving %d files together failed (%s); saving them one by one", len(items), exc)
            outcomes = []
            for name, prepared in items:
                existing = self._find_by_hash(prepared.sha256) if prepared.sha256 else None
                if existing is not None:
                    outcomes.append(BatchSaved("duplicate", existing, ""))
                    continue
                try:
                    with self.db.atomic():
                        result = self._insert(prepared, when)
                except (sqlite3.IntegrityError, Form4ViewerError) as exc:
                    outcomes.append(BatchSaved("failed", None, f"{name}: not saved ({exc})"))
                    continue
                outcomes.append(BatchSaved("read", result.filing_id, ""))
        return outcomes

    def _insert_many(self, items: Sequence[tuple[str, PreparedFiling]], stamp: str) -> list[BatchSaved]:
        """Write new records for filings read by an import (inside the caller's transaction, which holds the
        write lock): one query finds the files saved already, and one statement per table writes the rest. The
        ids are the ones SQLite would give one insert at a time (the largest so far plus one)."""
        conn = self.db.conn
        hashes = list({p.sha256 for _, p in items if p.sha256})
        saved: dict[str, int] = {}
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            marks = ",".join("?" * len(chunk))
            saved.update(conn.execute(
                f"SELECT sha256, id FROM filings WHERE sha256 IN ({marks}) UNION ALL "
                f"SELECT sha256, filing_id FROM attached_sources WHERE sha256 IN ({marks})", chunk + chunk
            ))  # fmt: skip
        next_id = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM filings").fetchone()[0])
        columns: tuple[str, ...] | None = None
        records: list[tuple[Any, ...]] = []
        sources: list[tuple[int, bytes]] = []
        problems: list[tuple[int, str, str, str, str]] = []
        corrected: list[tuple[int, PreparedFiling]] = []
        sec: list[tuple[int, dict[str, list[tuple[Any, ...]]]]] = []
        outcomes: list[BatchSaved] = []
        for _name, prepared in items:
            existing = saved.get(prepared.sha256) if prepared.sha256 else None
            if existing is not None:
                outcomes.append(BatchSaved("duplicate", existing, ""))
                continue
            cols = prepared.columns
            if columns is None:
                columns = tuple(cols)
            elif tuple(cols) != columns:
                raise StoreError(f"{self.name}: the files of one import have different columns")
            filing_id = next_id
            next_id += 1
            if prepared.sha256:
                saved[prepared.sha256] = filing_id  # the same bytes again in this batch are a duplicate of these
            records.append((filing_id, prepared.sha256, prepared.source_name, prepared.source_kind,
                            prepared.extracted, prepared.current, 1, stamp, stamp, *cols.values()))  # fmt: skip
            if prepared.source is not None:
                sources.append((filing_id, prepared.source))
            problems.extend((filing_id, rule, severity, path or "", message)
                            for rule, severity, path, message in prepared.problems)  # fmt: skip
            if prepared.current is not None:
                corrected.append((filing_id, prepared))
            sec.append((filing_id, self._sec_of(prepared)))
            outcomes.append(BatchSaved("read", filing_id, ""))
        if records:
            assert columns is not None
            names = ("id", "sha256", "source_name", "source_kind", "extracted", "current", "version", "created",
                     "updated", *columns)  # fmt: skip
            conn.executemany(
                f"INSERT INTO filings ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", records
            )
            conn.executemany("INSERT INTO sources (filing_id, data) VALUES (?, ?)", sources)
            conn.executemany(
                "INSERT INTO problems (filing_id, rule, severity, path, message) VALUES (?, ?, ?, ?, ?)", problems
            )
            self._write_sec(sec)
            for filing_id, prepared in corrected:
                changes = diff(self._load_json(prepared.extracted), self._load_json(prepared.current or ""))
                self._log(filing_id, changes, stamp)
        return outcomes


__all__ = [
    "REVIEW_PATH",
    "REVIEW_STATES",
    "AttachedSource",
    "Correction",
    "DuplicateSourceError",
    "FilingSummary",
    "BatchSaved",
    "PreparedFiling",
    "ReviewState",
    "SaveResult",
    "Store",
    "StoredFiling",
    "StoredProblem",
    "diff",
    "prepare",
    "prepare_read",
]
