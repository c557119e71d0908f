"""Builds first-schema.sqlite: a database as the first release of the store wrote it (schema 1, made by running the
store's first migration alone), with corrections, problems and a filing saved without its source. Run from the
repository root while the store's newest schema is still 1; the committed file is what the tests use:

    .venv/bin/python tests/data/robustness/make_first_schema_db.py
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

from form4viewer import read
from form4viewer.checks import check
from form4viewer.importer import import_file
from form4viewer.store import MIGRATIONS, Store

HERE = Path("tests/data/robustness")  # relative, so that the file names saved in it are too
DATA = HERE.parent
OUT = HERE / "first-schema.sqlite"


def main() -> None:
    for stale in HERE.glob("first-schema.sqlite*"):
        stale.unlink()
    conn = sqlite3.connect(OUT)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(OUT) as store:
        assert store.schema_version == 1, "the store has a newer schema now: keep the committed file"
        lnkd = DATA / "store" / "lnkd-form4-2012-two-owners.xml"
        first = import_file(store, lnkd).filing_id
        assert first is not None
        # Two saves of corrections, as a person would make them on two days.
        filing = store.load(first)
        shares = filing.get("non_derivative_transactions[1].shares")
        filing = filing.replace_at("non_derivative_transactions[1].shares", shares.corrected_to(Decimal("18252")))
        store.save(filing, filing_id=first, expected_version=1)
        filing = store.load(first)
        title = filing.get("reporting_owners[0].officer_title")
        filing = filing.replace_at("reporting_owners[0].officer_title", title.corrected_to("Chairman"))
        filing = filing.replace_at("remarks", filing.remarks.corrected_to("shares checked against the PDF"))
        store.save(filing, filing_id=first, expected_version=2)
        store.save_problems(first, check(store.load(first)))
        import_file(store, DATA / "store" / "unity-form3-2020-holdings.xml")
        tsla = read(HERE / "tsla-form4-2023.xml")
        store.save(tsla.replace_at("remarks", tsla.remarks.corrected_to("entered without its file")))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to commit
    for extra in HERE.glob("first-schema.sqlite-*"):
        extra.unlink()


if __name__ == "__main__":
    main()
