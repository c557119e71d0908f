"""The SEC tables inside the SQLite file: each saved filing's current, corrected state as rows of the SEC's eight
tables, equal to what `export --format sec` writes for it, replaced by every save, removed with the filing, filled
by the migration for files saved before they existed, and searchable by name, footnote and remark."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from form4viewer.errors import StoreError
from form4viewer.export import filing_key
from form4viewer.importer import import_paths
from form4viewer.model import Filing
from form4viewer.readers import read
from form4viewer.sec_format import TABLE_NAMES, sec_date, sec_number, sec_rows
from form4viewer.sec_tables import COLUMNS, DATE_COLUMNS, FLAG_COLUMNS, NUMBER_COLUMNS
from form4viewer.store import MIGRATIONS, SCHEMA_VERSION, Store

DATA = Path(__file__).parent / "data"
OWNERSHIP = DATA / "ownership"
FIRST = DATA / "robustness" / "first-schema.sqlite"
SAMPLES = ["tsla-form4-34-footnotes.xml", "pdot-form4-ten-owners.xml", "mdb-form5.xml", "rtpy-form3-holdings-only.xml",
           "u-form4-value-only-rows.xml", "flme-form4-non-us-address.xml"]  # fmt: skip


def correct(filing: Filing, path: str, value: Any) -> Filing:
    return filing.replace_at(path, filing.get(path).corrected_to(value))


def printed(column: str, cell: Any) -> str:
    """A typed cell of the database as the SEC's files print it, to set beside `export --format sec`."""
    if cell is None:
        return ""
    if column in DATE_COLUMNS:
        return sec_date(dt.date.fromisoformat(cell))
    if column in NUMBER_COLUMNS:
        return sec_number(Decimal(repr(cell)))
    return str(cell)


def as_filed(column: str, cell: str) -> str:
    # A flag is exported as filed (`true`, `0`...); the database holds it as 1 or 0.
    return {"true": "1", "false": "0"}.get(cell, cell) if column in FLAG_COLUMNS else cell


def table_rows(db: sqlite_utils.Database, filing_id: int) -> dict[str, list[list[str]]]:
    """The SEC tables' rows of one saved filing, in the database's order, printed as the SEC prints them."""
    out = {}
    for table in TABLE_NAMES:
        columns = COLUMNS[table]
        order = "id" if "id" in db[table].columns_dict else "rowid"
        rows = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE filing_id = ? ORDER BY {order}", [filing_id])
        out[table] = [[printed(c, cell) for c, cell in zip(columns, row, strict=True)] for row in rows]
    return out


def exported(filing: Filing) -> dict[str, list[list[str]]]:
    lines = sec_rows(filing_key(filing), filing, "current")
    return {t: [[as_filed(c, cell) for c, cell in zip(COLUMNS[t], line, strict=True)] for line in lines[t]]
            for t in TABLE_NAMES}  # fmt: skip


@pytest.fixture
def store() -> Store:
    return Store(sqlite_utils.Database(memory=True))


@pytest.mark.parametrize("name", SAMPLES)
def test_saved_filings_rows_equal_the_sec_exports_rows(store: Store, name: str) -> None:
    filing = read(OWNERSHIP / name)
    saved = store.save(filing, (OWNERSHIP / name).read_bytes())
    rows = table_rows(store.db, saved.filing_id)
    assert rows == exported(store.load(saved.filing_id)), name
    assert sum(len(r) for r in rows.values()) > 2, f"{name}: the sample should fill more than SUBMISSION"


def test_a_correction_is_in_the_tables_and_a_second_save_replaces_the_rows(store: Store) -> None:
    path = OWNERSHIP / "tsla-form4-34-footnotes.xml"
    filing = read(path)
    saved = store.save(filing, path.read_bytes())
    before = store.db.execute("SELECT count(*) FROM NONDERIV_TRANS WHERE filing_id = ?", [saved.filing_id]).fetchone()
    first = filing.non_derivative_transactions[0]
    corrected = correct(filing, "non_derivative_transactions[0].shares", first.shares.value + Decimal("0.125"))
    corrected = correct(corrected, "reporting_owners[0].name", "Musk Elon R. (corrected)")
    store.save(corrected, filing_id=saved.filing_id)
    # Replaced, not added to: the same number of rows, with the corrected value at full precision (not the
    # export's two decimals).
    shares = [r[0] for r in store.db.execute(
        "SELECT TRANS_SHARES FROM NONDERIV_TRANS WHERE filing_id = ? ORDER BY rowid", [saved.filing_id])]  # fmt: skip
    assert len(shares) == before[0]
    assert shares[0] == float(first.shares.value + Decimal("0.125"))
    assert [r[0] for r in store.db.execute("SELECT RPTOWNERNAME FROM REPORTINGOWNER")] == ["Musk Elon R. (corrected)"]
    assert table_rows(store.db, saved.filing_id) == exported(store.load(saved.filing_id))
    # The full-text index follows the save: the new name is found, the old one no longer.
    assert [r["RPTOWNERNAME"] for r in store.db["REPORTINGOWNER"].search("corrected")] == ["Musk Elon R. (corrected)"]
    assert list(store.db["REPORTINGOWNER"].search('"Musk Elon"')) != []
    assert store.db.execute("SELECT count(*) FROM REPORTINGOWNER_fts").fetchone()[0] == 1


def test_deleting_a_filing_removes_its_rows_and_index_entries(store: Store) -> None:
    ids = []
    for name in ("tsla-form4-34-footnotes.xml", "mdb-form5.xml"):
        ids.append(store.save(read(OWNERSHIP / name), (OWNERSHIP / name).read_bytes()).filing_id)
    store.delete(ids[0])
    for table in TABLE_NAMES:
        left = {r[0] for r in store.db.execute(f"SELECT DISTINCT filing_id FROM {table}")}
        assert ids[0] not in left, table
    assert store.db.execute("SELECT count(*) FROM SUBMISSION").fetchone()[0] == 1
    assert list(store.db["REPORTINGOWNER"].search("Musk")) == []
    # The index itself holds no entry of the deleted rows (a stale one would match a later row given the same id).
    for table, word in (("REPORTINGOWNER", "musk"), ("SUBMISSION", "tesla"), ("FOOTNOTES", "tesla")):
        matched = store.db.execute(f"SELECT count(*) FROM {table}_fts WHERE {table}_fts MATCH ?", [word]).fetchone()
        assert matched[0] == 0, table
    assert store.db.execute("SELECT count(*) FROM SUBMISSION_fts").fetchone()[0] == 1
    # FTS5's own consistency check of an external-content index against its table.
    store.db.execute("INSERT INTO FOOTNOTES_fts (FOOTNOTES_fts) VALUES ('integrity-check')")
    store.db.execute("INSERT INTO REPORTINGOWNER_fts (REPORTINGOWNER_fts) VALUES ('integrity-check')")


def test_an_import_writes_the_same_rows_as_one_save_at_a_time(store: Store, tmp_path: Path) -> None:
    with Store.open(tmp_path / "imported.sqlite") as imported:
        outcomes = import_paths(imported, [OWNERSHIP / name for name in SAMPLES], jobs=1)
        assert [o.status for o in outcomes] == ["read"] * len(SAMPLES)
        for outcome in outcomes:
            assert table_rows(imported.db, outcome.filing_id) == exported(imported.load(outcome.filing_id)), outcome
        imported.db.execute("INSERT INTO REPORTINGOWNER_fts (REPORTINGOWNER_fts) VALUES ('integrity-check')")
        assert (
            imported.db.execute("SELECT count(*) FROM REPORTINGOWNER_fts").fetchone()[0]
            == (imported.db.execute("SELECT count(*) FROM REPORTINGOWNER").fetchone()[0])
        )


def test_a_first_schema_file_migrates_and_gets_the_rows_of_its_saved_filings(tmp_path: Path) -> None:
    copy = tmp_path / "first-schema.sqlite"
    copy.write_bytes(FIRST.read_bytes())
    with Store.open(copy) as store:
        assert store.schema_version == SCHEMA_VERSION
        for filing_id in (1, 2, 3):
            assert table_rows(store.db, filing_id) == exported(store.load(filing_id)), filing_id
        # LinkedIn's second row was corrected from 18251 to 18252 shares: the tables hold the corrected state.
        assert [r[0] for r in store.db.execute(
            "SELECT TRANS_SHARES FROM NONDERIV_TRANS WHERE filing_id = 1 ORDER BY rowid")][1] == 18252.0  # fmt: skip
        titles = store.db.execute("SELECT RPTOWNER_TITLE FROM REPORTINGOWNER WHERE filing_id = 1 ORDER BY id")
        assert [r[0] for r in titles] == ["Chairman", None]  # the title a person added to the first owner
        assert [r["ISSUERNAME"] for r in store.db["SUBMISSION"].search("tesla")] == ["Tesla, Inc."]
        assert [r["REMARKS"] for r in store.db["SUBMISSION"].search("checked")] == ["shares checked against the PDF"]
    # Reopened, the migrated file passes the schema check.
    with Store.open(copy) as store:
        assert store.db.execute("SELECT count(*) FROM SUBMISSION").fetchone()[0] == 3


def test_a_full_text_index_not_defined_as_form4viewer_defines_it_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "altered.sqlite"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS:
        conn.executescript(migration)
    conn.executescript(
        'DROP TABLE "REPORTINGOWNER_fts"; '
        'CREATE VIRTUAL TABLE "REPORTINGOWNER_fts" USING FTS5 ("RPTOWNERNAME", "RPTOWNER_TITLE", '
        'content="REPORTINGOWNER");'
    )
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="REPORTINGOWNER_fts"):
        Store.open(path).close()


def test_the_tables_have_the_secs_names_typed_columns_links_and_indexes(store: Store) -> None:
    db = store.db
    for table in TABLE_NAMES:
        columns = db[table].columns_dict
        assert list(columns)[-1] == "filing_id", table
        assert [fk.other_table for fk in db[table].foreign_keys] == ["filings"], table
        assert "ACCESSION_NUMBER" in columns
    assert db["NONDERIV_TRANS"].columns_dict["TRANS_SHARES"] is float
    assert db["NONDERIV_TRANS"].columns_dict["TRANS_DATE"] is str
    assert db["SUBMISSION"].columns_dict["AFF10B5ONE"] is int
    assert db["DERIV_TRANS"].columns_dict["DERIV_TRANS_SK"] is int
    indexed = {(table, tuple(i.columns)) for table in TABLE_NAMES for i in db[table].indexes}
    for wanted in [("SUBMISSION", ("ACCESSION_NUMBER",)), ("SUBMISSION", ("ISSUERCIK",)),
                   ("SUBMISSION", ("ISSUERTRADINGSYMBOL",)), ("REPORTINGOWNER", ("RPTOWNERCIK",)),
                   ("NONDERIV_TRANS", ("TRANS_CODE",)), ("NONDERIV_TRANS", ("TRANS_DATE",)),
                   ("DERIV_TRANS", ("TRANS_CODE",))]:  # fmt: skip
        assert wanted in indexed, wanted
    assert {db[t].detect_fts() for t in ("SUBMISSION", "REPORTINGOWNER", "FOOTNOTES")} == {
        "SUBMISSION_fts",
        "REPORTINGOWNER_fts",
        "FOOTNOTES_fts",
    }
