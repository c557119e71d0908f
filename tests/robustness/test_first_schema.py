"""A database written by the store's first schema opens with the current store, migrated forward, keeping every
filing, correction, problem and source. tests/data/robustness/first-schema.sqlite was made by
make_first_schema_db.py beside it, by running the first migration alone."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer import read
from form4viewer.store import MIGRATIONS, SCHEMA_VERSION, Store

DATA = Path(__file__).parents[1] / "data"
FIRST = DATA / "robustness" / "first-schema.sqlite"


def schema_of(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))


def test_the_sample_file_is_exactly_the_first_schema() -> None:
    sample = sqlite3.connect(f"file:{FIRST}?mode=ro", uri=True)
    made = sqlite3.connect(":memory:")
    made.executescript(MIGRATIONS[0])
    assert sample.execute("PRAGMA user_version").fetchone()[0] == 1
    assert schema_of(sample) == schema_of(made)
    sample.close()


@pytest.fixture
def migrated(tmp_path: Path) -> Store:
    copy = tmp_path / "first-schema.sqlite"
    copy.write_bytes(FIRST.read_bytes())
    store = Store.open(copy)
    yield store
    store.close()


def test_a_first_schema_file_is_migrated_to_the_current_schema(migrated: Store) -> None:
    assert migrated.schema_version == SCHEMA_VERSION
    assert [(s.id, s.issuer, s.form, s.corrected) for s in migrated.list_filings(order="id")] == [
        (1, "LINKEDIN CORP", "4", True),
        (2, "Unity Software Inc.", "3", False),
        (3, "Tesla, Inc.", "4", True),
    ]


def test_a_first_schema_file_keeps_its_corrections_and_what_was_read(migrated: Store) -> None:
    lnkd = migrated.load(1)
    assert migrated.version(1) == 3
    assert lnkd.non_derivative_transactions[1].shares.value == Decimal("18252")
    assert lnkd.non_derivative_transactions[1].shares.read.value == Decimal("18251")
    assert lnkd.reporting_owners[0].officer_title.value == "Chairman"
    assert lnkd.remarks.value == "shares checked against the PDF"
    assert [(c.path, c.old, c.new) for c in migrated.corrections(1)] == [
        ("non_derivative_transactions[1].shares", "18251", "18252"),
        ("reporting_owners[0].officer_title", None, "Chairman"),
        ("remarks", None, "shares checked against the PDF"),
    ]
    assert migrated.load_extracted(1) == read(DATA / "store" / "lnkd-form4-2012-two-owners.xml").replace_at(
        "document", lnkd.document
    )
    assert [(p.rule, p.path) for p in migrated.problems(1)] == [
        ("holdings-do-not-chain", "non_derivative_transactions[0].shares_owned_following"),
        ("holdings-do-not-chain", "non_derivative_transactions[1].shares_owned_following"),
    ]


def test_a_first_schema_file_keeps_sources_and_filings_saved_without_one(migrated: Store) -> None:
    assert migrated.source_bytes(1) == (DATA / "store" / "lnkd-form4-2012-two-owners.xml").read_bytes()
    assert migrated.source_bytes(2) == (DATA / "store" / "unity-form3-2020-holdings.xml").read_bytes()
    assert migrated.load(2) == migrated.load_extracted(2)
    tsla = migrated.record(3)
    assert tsla.filing.remarks.value == "entered without its file"
    assert tsla.sha256 == read(DATA / "robustness" / "tsla-form4-2023.xml").document.sha256
    assert migrated.find_by_hash(tsla.sha256) == 3


def test_a_migrated_first_schema_file_takes_new_corrections(migrated: Store) -> None:
    filing = migrated.load(1)
    price = filing.get("non_derivative_transactions[0].price_per_share")
    changed = filing.replace_at("non_derivative_transactions[0].price_per_share", price.corrected_to(Decimal("88.5")))
    assert migrated.save(changed, filing_id=1, expected_version=3).version == 4
    assert migrated.corrections(1)[-1].path == "non_derivative_transactions[0].price_per_share"
    assert migrated.load(1) == changed
