"""The SQLite store: saves load back exactly, corrections are logged and survive re-import, versions guard against
overwriting another window's save, old files migrate, and SQLite's failures become clear StoreErrors."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
from decimal import Decimal
from pathlib import Path

import pytest
import sqlite_utils

from form4viewer.errors import ConflictError, Form4ViewerError, StoreError
from form4viewer.importer import import_file, import_paths, map_filings
from form4viewer.model import Filing, Row, Value
from form4viewer.readers import read
from form4viewer.store import SCHEMA_VERSION, DuplicateSourceError, Store, StoredProblem, saved_id_by_hash

LNKD = "store/lnkd-form4-2012-two-owners.xml"
UNITY = "store/unity-form3-2020-holdings.xml"


@pytest.fixture
def store() -> Store:
    return Store(sqlite_utils.Database(memory=True))


@pytest.fixture
def lnkd(data: Path) -> Path:
    return data / LNKD


def saved(store: Store, path: Path) -> int:
    return store.save(read(path), path.read_bytes()).filing_id


# --------------------------------------------------------------------------------------------------------------
# Saving and loading


@pytest.mark.parametrize("name", [LNKD, UNITY])
def test_a_saved_filing_loads_back_equal_to_what_was_saved(store: Store, data: Path, name: str) -> None:
    filing = read(data / name)
    result = store.save(filing, (data / name).read_bytes())
    assert result.version == 1 and result.corrections_logged == 0
    assert store.load(result.filing_id) == filing
    assert store.source_bytes(result.filing_id) == (data / name).read_bytes()


def test_save_load_round_trip_is_lossless_on_the_whole_corpus(corpus: Path, tmp_path: Path) -> None:
    """Every ownership XML, full submission, EDGAR page and text printout of the corpus (the PDFs are below)."""
    files = sorted((corpus / "xml").glob("*.xml"))
    assert len(files) >= 900
    for folder in ("sgml", "html", "text"):
        files += sorted(p for p in (corpus / folder).rglob("*") if p.is_file())
    read_files: dict[Path, tuple[Filing, int]] = {}
    with Store.open(tmp_path / "corpus.sqlite") as store:
        # One outer transaction (each save nests in it) spares a disk sync per filing.
        with store.db.atomic():
            for path in files:
                try:
                    filing = read(path)
                except Form4ViewerError:
                    continue  # the SEC samples with a mismatched tag: nothing to save
                read_files[path] = filing, store.save(filing, path.read_bytes()).filing_id
    assert len(read_files) >= len(files) - 10
    # Reopen the file, so that what is compared came from disk.
    with Store.open(tmp_path / "corpus.sqlite") as store:
        differing = [path.name for path, (filing, i) in read_files.items() if store.load(i) != filing]
        assert differing == []
        assert store.count() == len(read_files)


def test_a_filing_read_from_a_pdf_loads_back_equal_to_what_was_saved(store: Store, data: Path) -> None:
    path = data / "robustness" / "rendered-form4.pdf"
    filing = read(path)
    assert store.load(store.save(filing, path.read_bytes()).filing_id) == filing


def test_the_real_filing_service_pdfs_load_back_equal_to_what_was_saved(store: Store, corpus: Path) -> None:
    for path in sorted((corpus / "pdf").glob("F4_*.pdf")):
        filing = read(path)
        assert store.load(store.save(filing, path.read_bytes()).filing_id) == filing, path.name


def test_the_record_keeps_the_source_name_kind_hash_and_times(store: Store, lnkd: Path) -> None:
    before = dt.datetime.now(dt.UTC)
    filing_id = saved(store, lnkd)
    record = store.record(filing_id)
    assert record.id == filing_id and record.version == 1
    assert record.source_name == str(lnkd)
    assert record.source_kind == "xml"
    assert record.sha256 == hashlib.sha256(lnkd.read_bytes()).hexdigest()
    assert store.find_by_hash(record.sha256) == filing_id
    assert before <= record.created == record.updated <= dt.datetime.now(dt.UTC)
    assert record.filing.issuer.name.value == "LINKEDIN CORP"


def test_a_filing_saved_without_source_bytes_has_no_source(store: Store, lnkd: Path) -> None:
    filing_id = store.save(read(lnkd)).filing_id
    with pytest.raises(StoreError, match=f"filing {filing_id} has no source file saved"):
        store.source_bytes(filing_id)
    # The reader's hash still finds it, so the same file is not saved twice.
    assert store.find_by_hash(hashlib.sha256(lnkd.read_bytes()).hexdigest()) == filing_id


# --------------------------------------------------------------------------------------------------------------
# Corrections


def correct(filing, path: str, value, footnotes=None):  # type: ignore[no-untyped-def]
    return filing.replace_at(path, filing.get(path).corrected_to(value, footnotes))


def test_a_correction_is_logged_with_path_old_and_new_text_and_when(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    filing = store.load(filing_id)
    changed = correct(filing, "non_derivative_transactions[1].shares", Decimal("18252"))
    changed = correct(changed, "reporting_owners[0].officer_title", "Chairman")
    before = dt.datetime.now(dt.UTC)
    result = store.save(changed, filing_id=filing_id, expected_version=1)
    assert result.version == 2 and result.corrections_logged == 2
    log = store.corrections(filing_id)
    assert [(c.path, c.old, c.new) for c in log] == [
        ("reporting_owners[0].officer_title", None, "Chairman"),
        ("non_derivative_transactions[1].shares", "18251", "18252"),
    ]
    assert all(before <= c.when <= dt.datetime.now(dt.UTC) for c in log)
    loaded = store.load(filing_id)
    assert loaded == changed
    assert loaded.non_derivative_transactions[1].shares.value == Decimal("18252")
    assert loaded.non_derivative_transactions[1].shares.read.value == Decimal("18251")


def test_each_save_logs_only_what_changed_since_the_last_save(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    first = correct(store.load(filing_id), "issuer.trading_symbol", "LNKD.X")
    store.save(first, filing_id=filing_id)
    second = correct(first, "issuer.trading_symbol", "LNKD")  # back to what was read
    second = correct(second, "remarks", "checked against the paper copy")
    assert store.save(second, filing_id=filing_id).corrections_logged == 2
    assert [(c.path, c.old, c.new) for c in store.corrections(filing_id)] == [
        ("issuer.trading_symbol", "LNKD", "LNKD.X"),
        ("issuer.trading_symbol", "LNKD.X", "LNKD"),
        ("remarks", None, "checked against the paper copy"),
    ]


def test_a_change_of_footnote_references_is_logged_under_the_fields_footnotes(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    filing = store.load(filing_id)
    path = "non_derivative_transactions[1].price_per_share"
    assert filing.get(path).footnotes == ("F6",)
    store.save(correct(filing, path, filing.get(path).value, ("F6", "F5")), filing_id=filing_id)
    assert [(c.path, c.old, c.new) for c in store.corrections(filing_id)] == [(f"{path}.footnotes", "F6", "F6,F5")]


def test_added_and_removed_rows_are_logged_with_their_values(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    filing = store.load(filing_id)
    holding = Row(
        "non_derivative_holdings",
        security_title=Value("Class A Common Stock"),
        shares_owned_following=Value(Decimal("100")),
        direct_or_indirect=Value("D"),
    )
    changed = filing.with_rows("non_derivative_holdings", [holding])
    changed = changed.with_rows("derivative_transactions", [])
    store.save(changed, filing_id=filing_id)
    log = [(c.path, c.old, c.new) for c in store.corrections(filing_id)]
    assert ("non_derivative_holdings[0]", None, "row") in log
    assert ("non_derivative_holdings[0].shares_owned_following", None, "100") in log
    assert ("derivative_transactions[0]", "row", None) in log
    assert ("derivative_transactions[0].underlying_shares", "78667", None) in log
    assert ("derivative_transactions[0].exercise_date.footnotes", "F2,F3", None) in log
    assert store.load(filing_id) == changed


def test_a_filing_corrected_before_its_first_save_logs_its_corrections(store: Store, lnkd: Path) -> None:
    filing = correct(read(lnkd), "issuer.name", "LinkedIn Corporation")
    result = store.save(filing, lnkd.read_bytes())
    assert result.corrections_logged == 1
    assert [(c.path, c.old, c.new) for c in store.corrections(result.filing_id)] == [
        ("issuer.name", "LINKEDIN CORP", "LinkedIn Corporation")
    ]
    assert store.load(result.filing_id) == filing
    assert store.load_extracted(result.filing_id) == read(lnkd)


def test_reimporting_the_same_file_is_a_duplicate_and_keeps_the_correction(store: Store, lnkd: Path) -> None:
    first = import_file(store, lnkd)
    assert first.status == "read"
    corrected = correct(store.load(first.filing_id), "non_derivative_transactions[0].shares", Decimal("78668"))
    store.save(corrected, filing_id=first.filing_id, expected_version=1)
    again = import_file(store, lnkd)
    assert again.status == "duplicate" and again.filing_id == first.filing_id
    assert "already saved as filing" in again.message and str(lnkd) in again.message
    assert store.count() == 1
    assert store.load(first.filing_id).non_derivative_transactions[0].shares.value == Decimal("78668")
    assert store.version(first.filing_id) == 2


def test_saving_a_saved_file_as_new_names_the_filing_that_has_it(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    with pytest.raises(DuplicateSourceError, match=f"already saved as filing {filing_id}") as caught:
        store.save(read(lnkd), lnkd.read_bytes())
    assert caught.value.filing_id == filing_id
    assert isinstance(caught.value, ConflictError)
    assert store.count() == 1


# --------------------------------------------------------------------------------------------------------------
# Versions and transactions


def test_a_save_over_a_version_that_changed_raises_conflict_and_writes_nothing(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    window_a = store.load(filing_id)
    window_b = store.load(filing_id)
    store.save(correct(window_a, "remarks", "from window A"), filing_id=filing_id, expected_version=1)
    with pytest.raises(ConflictError, match=f"filing {filing_id} was saved by another window or program"):
        store.save(correct(window_b, "remarks", "from window B"), filing_id=filing_id, expected_version=1)
    assert store.load(filing_id).remarks.value == "from window A"
    assert store.version(filing_id) == 2
    assert [c.new for c in store.corrections(filing_id)] == ["from window A"]


def test_two_programs_on_one_file_both_read_and_the_stale_save_is_refused(tmp_path: Path, lnkd: Path) -> None:
    path = tmp_path / "shared.sqlite"
    with Store.open(path) as first, Store.open(path) as second:
        filing_id = saved(first, lnkd)
        version = second.version(filing_id)
        filing = second.load(filing_id)
        first.save(correct(first.load(filing_id), "remarks", "first"), filing_id=filing_id, expected_version=version)
        with pytest.raises(ConflictError):
            second.save(correct(filing, "remarks", "second"), filing_id=filing_id, expected_version=version)
        # After reloading, the second program can save over the new version.
        fresh = second.record(filing_id)
        result = second.save(
            correct(fresh.filing, "remarks", "second"), filing_id=filing_id, expected_version=fresh.version
        )
        assert result.version == 3
        assert first.load(filing_id).remarks.value == "second"


def test_a_save_that_fails_part_way_leaves_the_last_save(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    store.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON corrections BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(StoreError, match="refused"):
        store.save(correct(store.load(filing_id), "remarks", "lost"), filing_id=filing_id)
    assert store.version(filing_id) == 1
    assert store.load(filing_id) == read(lnkd)
    assert store.corrections(filing_id) == []


def test_saving_a_filing_that_is_not_there_says_so(store: Store, lnkd: Path) -> None:
    with pytest.raises(StoreError, match="there is no filing 42"):
        store.save(read(lnkd), filing_id=42)
    with pytest.raises(StoreError, match="there is no filing 42"):
        store.load(42)


def test_deleting_a_filing_removes_its_source_corrections_and_problems(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    store.save(correct(store.load(filing_id), "remarks", "x"), filing_id=filing_id)
    store.save_problems(filing_id, [StoredProblem("rule", "warning", "remarks", "message")])
    store.delete(filing_id)
    for table in ("filings", "sources", "corrections", "problems"):
        assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


# --------------------------------------------------------------------------------------------------------------
# The library list and problems


def test_the_library_list_shows_searches_and_sorts_saved_filings(store: Store, data: Path) -> None:
    lnkd_id = saved(store, data / LNKD)
    unity_id = saved(store, data / UNITY)
    store.save(correct(store.load(lnkd_id), "remarks", "checked"), filing_id=lnkd_id)
    store.save_problems(unity_id, [StoredProblem("owner-title", "warning", "reporting_owners[0].officer_title", "m")])
    by_issuer = store.list_filings(order="issuer")
    assert [s.id for s in by_issuer] == [lnkd_id, unity_id]
    lnkd_line, unity_line = by_issuer
    assert (lnkd_line.issuer, lnkd_line.ticker, lnkd_line.form, lnkd_line.period) == (
        "LINKEDIN CORP",
        "LNKD",
        "4",
        dt.date(2012, 2, 27),
    )
    assert lnkd_line.owner == "Hoffman Reid; Reid Hoffman & Michelle Yee Living Trust"
    assert lnkd_line.corrected and not unity_line.corrected
    assert (lnkd_line.problems, unity_line.problems) == (0, 1)
    assert [s.id for s in store.list_filings()] == [lnkd_id, unity_id]  # most recently saved first
    assert [s.id for s in store.list_filings("michelle yee")] == [lnkd_id]
    assert [s.id for s in store.list_filings("botha")] == [unity_id]
    assert store.list_filings("100%") == []
    with pytest.raises(ValueError, match="unknown order"):
        store.list_filings(order="size")


def test_problems_are_saved_with_the_filing_and_replaced_on_the_next_save(store: Store, lnkd: Path) -> None:
    filing_id = saved(store, lnkd)
    first = [
        StoredProblem("footnote-unused", "info", "footnotes[5]", "F6 is not cited"),
        StoredProblem("holdings-chain", "warning", "non_derivative_transactions[1].shares_owned_following", "m"),
    ]
    store.save_problems(filing_id, first)
    assert store.problems(filing_id) == first
    store.save_problems(filing_id, first[1:])
    assert store.problems(filing_id) == first[1:]
    with pytest.raises(StoreError):
        store.save_problems(filing_id, [StoredProblem("r", "fatal", "", "not a severity")])
    assert store.problems(filing_id) == first[1:]


# --------------------------------------------------------------------------------------------------------------
# The file: schema, migrations and SQLite's failures


def test_a_new_file_gets_the_schema_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "made" / "filings.sqlite"
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.db.journal_mode == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert {"filings", "sources", "corrections", "problems"} <= set(store.db.table_names())
        indexed = {column for index in store.db["filings"].indexes for column in index.columns}
        assert {"issuer", "owner", "ticker", "period", "updated", "sha256"} <= indexed


def test_an_empty_file_is_migrated_to_the_current_schema(tmp_path: Path, lnkd: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        filing_id = saved(store, lnkd)
    with Store.open(path) as store:
        assert store.load(filing_id) == read(lnkd)


def test_a_file_at_every_older_schema_version_is_migrated_forward(tmp_path: Path, lnkd: Path) -> None:
    from form4viewer.store import MIGRATIONS

    for version in range(SCHEMA_VERSION):
        path = tmp_path / f"schema{version}.sqlite"
        old = sqlite3.connect(path)
        for number in range(version):
            old.executescript(MIGRATIONS[number])
        old.execute(f"PRAGMA user_version = {version}")
        old.commit()
        old.close()
        with Store.open(path) as store:
            assert store.schema_version == SCHEMA_VERSION
            assert store.load(saved(store, lnkd)) == read(lnkd)


def test_a_file_made_by_the_first_schema_opens_with_its_correction(data: Path, tmp_path: Path) -> None:
    # tests/data/store/schema1.sqlite was written by the first release's schema: the LinkedIn filing with the
    # second sale's shares corrected from 18251 to 18252.
    copy = tmp_path / "schema1.sqlite"
    copy.write_bytes((data / "store" / "schema1.sqlite").read_bytes())
    with Store.open(copy) as store:
        assert store.schema_version == SCHEMA_VERSION
        (summary,) = store.list_filings()
        filing = store.load(summary.id)
        assert filing.non_derivative_transactions[1].shares.value == Decimal("18252")
        assert filing.non_derivative_transactions[1].shares.read.value == Decimal("18251")
        assert [(c.path, c.old, c.new) for c in store.corrections(summary.id)] == [
            ("non_derivative_transactions[1].shares", "18251", "18252")
        ]
        assert store.source_bytes(summary.id) == (data / LNKD).read_bytes()


def test_a_file_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match=f"{path}: this database was made by a newer form4viewer"):
        Store.open(path)


def test_a_sqlite_file_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="belongs to another program"):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert [row[0] for row in conn.execute("SELECT name FROM sqlite_master")] == ["invoices"]
    conn.close()


def test_a_file_that_is_not_a_database_gives_a_clear_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value) == f"{path}: this is not a form4viewer database (the file is damaged or of another kind)"


def test_a_missing_database_is_reported_when_it_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store.open(tmp_path / "absent.sqlite", create=False)
    with pytest.raises(StoreError, match="this is a folder, not a database file"):
        Store.open(tmp_path)


def test_a_locked_database_gives_a_clear_error_and_keeps_the_last_save(tmp_path: Path, lnkd: Path) -> None:
    path = tmp_path / "locked.sqlite"
    with Store.open(path, timeout=0.1) as store:
        filing_id = saved(store, lnkd)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match=f"{path}: the database is in use by another program"):
                store.save(correct(store.load(filing_id), "remarks", "x"), filing_id=filing_id)
            assert store.load(filing_id) == read(lnkd)  # reading still works
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.save(correct(store.load(filing_id), "remarks", "x"), filing_id=filing_id).version == 2


def test_a_read_only_database_can_be_read_but_a_save_says_it_is_read_only(tmp_path: Path, lnkd: Path) -> None:
    path = tmp_path / "ro.sqlite"
    with Store.open(path) as store:
        filing_id = saved(store, lnkd)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    store = Store(sqlite_utils.Database(conn), path)
    assert store.load(filing_id) == read(lnkd)
    with pytest.raises(StoreError, match=f"{path}: the database file is read-only"):
        store.save(correct(store.load(filing_id), "remarks", "x"), filing_id=filing_id)
    store.close()


def test_a_full_disk_gives_a_clear_error_and_keeps_the_last_save(tmp_path: Path, lnkd: Path) -> None:
    path = tmp_path / "full.sqlite"
    with Store.open(path) as store:
        filing_id = saved(store, lnkd)
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk had no room left
        big = correct(store.load(filing_id), "remarks", "x" * 200_000)
        with pytest.raises(StoreError, match=f"{path}: the disk is full"):
            store.save(big, filing_id=filing_id)
        assert store.version(filing_id) == 1
        assert store.load(filing_id) == read(lnkd)


def summary_of(filing_id: int, filing) -> tuple[int, str, int]:  # type: ignore[no-untyped-def]
    return filing_id, filing.issuer.name.value, len(filing.non_derivative_transactions)


def test_mapping_over_saved_filings_in_worker_processes_gives_what_loading_gives(corpus: Path, tmp_path: Path) -> None:
    files = sorted((corpus / "xml").glob("*.xml"))[:40]
    with Store.open(tmp_path / "map.sqlite") as store:
        import_paths(store, files, jobs=1)
        store.save(correct(store.load(3), "issuer.name", "Corrected Name"), filing_id=3)
        expected = [(i, summary_of(i, store.load(i))) for i in range(1, 41)]
        assert list(map_filings(store, summary_of, jobs=2, chunk=4)) == expected
        assert list(map_filings(store, summary_of, [7, 2], jobs=2, chunk=1)) == [expected[6], expected[1]]
        assert expected[2][1][1] == "Corrected Name"
        with pytest.raises(StoreError, match="there is no filing 99"):
            list(map_filings(store, summary_of, [1, 99] * 10, jobs=2, chunk=2))


def test_an_imported_filing_has_the_checks_problems_saved_with_it(store: Store, data: Path, tmp_path: Path) -> None:
    from form4viewer.checks import check

    # The LinkedIn filing with its first sale's code changed to one that does not exist.
    bad = tmp_path / "unknown-code.xml"
    bad.write_bytes((data / LNKD).read_bytes().replace(b"<transactionCode>S<", b"<transactionCode>Q<", 1))
    filing_id = import_file(store, bad).filing_id
    expected = [(p.rule, p.severity, p.path, p.message) for p in check(read(bad))]
    assert any(path == "non_derivative_transactions[1].transaction_code" for _, _, path, _ in expected)
    assert [(p.rule, p.severity, p.path, p.message) for p in store.problems(filing_id)] == expected
    assert store.list_filings()[0].problems == len(expected)
    # Without checks (a caller that runs them itself), nothing is saved for the same problem.
    other = tmp_path / "unknown-code-2.xml"
    other.write_bytes(bad.read_bytes().replace(b"<transactionCode>S<", b"<transactionCode>Q<", 1))
    (unchecked,) = import_paths(store, [other], check=False)
    assert check(read(other)) and store.problems(unchecked.filing_id) == []


def test_problems_given_to_a_save_are_saved_in_the_same_transaction(store: Store, lnkd: Path) -> None:
    problem = StoredProblem("missing-officer-title", "error", "reporting_owners[0].officer_title", "no title")
    filing_id = store.save(read(lnkd), lnkd.read_bytes(), problems=[problem]).filing_id
    assert store.problems(filing_id) == [problem]
    changed = correct(store.load(filing_id), "reporting_owners[0].officer_title", "Chairman")
    store.save(changed, filing_id=filing_id, problems=[])
    assert store.problems(filing_id) == []
    # A refused save changes neither the filing nor its problems.
    with pytest.raises(ConflictError):
        store.save(changed, filing_id=filing_id, expected_version=1, problems=[problem])
    assert store.problems(filing_id) == []


# --------------------------------------------------------------------------------------------------------------
# Importing many files at once


def copies_of(data: Path, folder: Path, count: int) -> list[Path]:
    """`count` different filings: the two-owner LinkedIn filing with remarks and a period of report of their own
    (copies that differ only in their bytes or their remarks would be second sources of one filing)."""
    folder.mkdir()
    source = (data / LNKD).read_bytes()
    assert source.count(b"<remarks></remarks>") == 1 and source.count(b"<periodOfReport>2012-02-27<") == 1
    paths = []
    for i in range(count):
        path = folder / f"lnkd-{i:02}.xml"
        path.write_bytes(source.replace(b"<remarks></remarks>", f"<remarks>copy {i}</remarks>".encode())
                         .replace(b"<periodOfReport>2012-02-27<", f"<periodOfReport>2012-02-{27 - i:02}<".encode()))
        paths.append(path)
    return paths


def test_files_imported_together_load_back_with_their_problems_in_order(
    store: Store, data: Path, tmp_path: Path
) -> None:
    from form4viewer.checks import check

    paths = copies_of(data, tmp_path / "in", 7)
    outcomes = import_paths(store, [tmp_path / "in"], jobs=1, batch=3)
    assert [o.status for o in outcomes] == ["read"] * 7
    assert [o.filing_id for o in outcomes] == [1, 2, 3, 4, 5, 6, 7]
    for path, outcome in zip(paths, outcomes, strict=True):
        assert outcome.filing_id is not None
        record = store.record(outcome.filing_id)
        assert record.filing == read(path) and record.source_name == str(path) and record.version == 1
        assert store.source_bytes(outcome.filing_id) == path.read_bytes()
        assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        expected = [(p.rule, p.severity, p.path, p.message) for p in check(read(path))]
        assert [(p.rule, p.severity, p.path, p.message) for p in store.problems(outcome.filing_id)] == expected
    assert [s.id for s in store.list_filings(order="id")] == [1, 2, 3, 4, 5, 6, 7]


def test_the_same_bytes_twice_in_one_import_are_saved_once(store: Store, data: Path, tmp_path: Path) -> None:
    first, second = copies_of(data, tmp_path / "in", 2)
    twin = tmp_path / "in" / "lnkd-00-again.xml"
    twin.write_bytes(first.read_bytes())
    outcomes = import_paths(store, [first, twin, second], jobs=1)
    assert [(o.status, o.filing_id) for o in outcomes] == [("read", 1), ("duplicate", 1), ("read", 2)]
    assert "already saved as filing 1" in outcomes[1].message
    assert store.count() == 2


def test_a_file_that_cannot_be_saved_is_reported_and_the_others_of_its_batch_are_kept(
    store: Store, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import form4viewer.checks
    from form4viewer.checks import Problem

    paths = copies_of(data, tmp_path / "in", 5)
    real_check = form4viewer.checks.check

    def check(filing: Filing) -> list[Problem]:
        # A severity the database refuses (its CHECK constraint): saving this one filing fails.
        if filing.document.name.endswith("lnkd-02.xml"):
            return [Problem("made-up", "fatal", "remarks", "not a severity")]
        return real_check(filing)

    monkeypatch.setattr(form4viewer.checks, "check", check)
    outcomes = import_paths(store, [tmp_path / "in"], jobs=1)
    assert [o.status for o in outcomes] == ["read", "read", "failed", "read", "read"]
    assert outcomes[2].message.startswith(f"{paths[2]}: not saved (")
    assert store.count() == 4
    for path, outcome in zip(paths, outcomes, strict=True):
        if outcome.status == "read":
            assert outcome.filing_id is not None and store.load(outcome.filing_id) == read(path)
    # The failed file is not half saved: importing it again (now checkable) saves it whole.
    monkeypatch.setattr(form4viewer.checks, "check", real_check)
    (again,) = import_paths(store, [paths[2]])
    assert again.status == "read" and store.load(again.filing_id or 0) == read(paths[2])
    assert store.source_bytes(again.filing_id or 0) == paths[2].read_bytes()
    assert store.count() == 5


def test_an_import_leaves_the_database_syncing_fully_for_the_saves_after_it(tmp_path: Path, data: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        import_paths(store, [data / LNKD])
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        # and with SQLite's own page cache (2 MB) and checkpoints (every 1000 pages of log) again
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -2000
        assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000


def test_programs_opening_the_same_new_file_at_once_all_get_it(tmp_path: Path) -> None:
    """The window and an import (or two windows) creating the database together: switching it to WAL and
    migrating it wait for each other instead of failing with "database is locked"."""
    for attempt in range(25):
        path = tmp_path / f"new-{attempt}.sqlite"
        start = threading.Barrier(3)
        errors: list[str] = []

        def open_it(path: Path = path, start: threading.Barrier = start, errors: list[str] = errors) -> None:
            start.wait()
            try:
                with Store.open(path) as store:
                    assert store.schema_version == SCHEMA_VERSION
            except StoreError as exc:
                errors.append(str(exc))

        threads = [threading.Thread(target=open_it) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sqlite_utils.Database(path).journal_mode == "wal"


def test_the_quick_look_finds_a_saved_file_by_its_hash_without_opening_the_database(tmp_path: Path, lnkd: Path,
                                                                                    data: Path) -> None:
    path = tmp_path / "filings.sqlite"
    sha = hashlib.sha256(lnkd.read_bytes()).hexdigest()
    assert saved_id_by_hash(path, sha) is None  # no database yet
    assert not path.exists()  # and the look made none
    with Store.open(path) as store:
        assert import_file(store, lnkd).status == "read"
        filing_id = store.find_by_hash(sha)
    assert filing_id is not None
    assert saved_id_by_hash(path, sha) == filing_id
    assert saved_id_by_hash(path, "0" * 64) is None
    first = tmp_path / "schema1.sqlite"  # made by the first release, with the same file saved in it
    first.write_bytes((data / "store" / "schema1.sqlite").read_bytes())
    with Store.open(first) as store:
        assert saved_id_by_hash(first, sha) == store.find_by_hash(sha) is not None
    newer = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match=f"schema {SCHEMA_VERSION + 1}, not {SCHEMA_VERSION}"):
        saved_id_by_hash(newer, sha)  # the window then opens it as usual, which says what is wrong


def test_the_empty_values_of_a_saved_filing_are_null_in_the_database(store: Store, data: Path) -> None:
    outcomes = import_paths(store, [data / LNKD, data / UNITY], jobs=1)
    assert [o.status for o in outcomes] == ["read", "read"]
    store.save(read(data / LNKD).replace_at("remarks", Value("Saved by hand")), filing_id=outcomes[0].filing_id)
    for table, column in (("filings", "current"), ("SUBMISSION", "DATE_OF_ORIG_SUB"),
                          ("NONDERIV_TRANS", "DEEMED_EXECUTION_DATE"), ("REPORTINGOWNER", "RPTOWNER_STREET2")):
        kinds = [row[0] for row in store.db.execute(f"SELECT typeof({column}) FROM {table} ORDER BY rowid")]
        assert "null" in kinds, (table, column, kinds)
    assert [row[0] for row in store.db.execute("SELECT current IS NULL FROM filings ORDER BY id")] == [0, 1]
