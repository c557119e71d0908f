"""Review state and second sources of saved filings: every save starts "to-review", marking it "reviewed" keeps
who and when and is logged; another file of a saved filing is found by its key and kept with it without changing
it; a file of the previous schema is migrated with its filings to review."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from form4viewer.errors import StoreError
from form4viewer.export import filing_key
from form4viewer.importer import import_file
from form4viewer.readers import read, read_bytes
from form4viewer.store import (
    MIGRATIONS,
    REVIEW_PATH,
    SCHEMA_VERSION,
    DuplicateSourceError,
    Store,
    filing_json,
    summary_columns,
)

LNKD = "store/lnkd-form4-2012-two-owners.xml"
UNITY = "store/unity-form3-2020-holdings.xml"


@pytest.fixture
def store() -> Store:
    return Store(sqlite_utils.Database(memory=True))


def saved(store: Store, path: Path) -> int:
    return store.save(read(path), path.read_bytes()).filing_id


def test_a_new_save_is_to_review_until_someone_marks_it_reviewed(store: Store, data: Path) -> None:
    filing_id = saved(store, data / LNKD)
    assert store.review_state(filing_id) == ("to-review", None, None)
    before = dt.datetime.now(dt.UTC)
    state, who, when = store.set_review_state(filing_id, "reviewed", who="alice")
    assert (state, who) == ("reviewed", "alice")
    assert when is not None and before <= when <= dt.datetime.now(dt.UTC)
    assert store.review_state(filing_id) == ("reviewed", "alice", when)
    (logged,) = store.corrections(filing_id)
    assert (logged.path, logged.old, logged.new, logged.who, logged.when) == (
        REVIEW_PATH, "to-review", "reviewed", "alice", when)
    # The filing itself is untouched: a window that loaded version 1 still saves over it.
    assert store.version(filing_id) == 1
    store.save(store.load(filing_id), filing_id=filing_id, expected_version=1)


def test_marking_a_filing_back_to_review_is_logged_too_and_the_same_state_writes_nothing(
    store: Store, data: Path
) -> None:
    filing_id = saved(store, data / LNKD)
    store.set_review_state(filing_id, "reviewed", who="alice")
    store.set_review_state(filing_id, "reviewed", who="bob")  # already reviewed: alice's mark stays
    assert store.review_state(filing_id)[:2] == ("reviewed", "alice")
    store.set_review_state(filing_id, "to-review", who="bob")
    assert [(c.old, c.new, c.who) for c in store.corrections(filing_id)] == [
        ("to-review", "reviewed", "alice"), ("reviewed", "to-review", "bob")]
    assert store.review_state(filing_id)[:2] == ("to-review", "bob")


def test_the_reviewer_is_the_login_name_unless_given(
    store: Store, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "carol")
    filing_id = saved(store, data / LNKD)
    assert store.set_review_state(filing_id, "reviewed").who == "carol"


def test_an_unknown_state_or_filing_is_refused(store: Store, data: Path) -> None:
    filing_id = saved(store, data / LNKD)
    with pytest.raises(ValueError, match="unknown review state 'done'"):
        store.set_review_state(filing_id, "done")
    with pytest.raises(StoreError, match="there is no filing 99"):
        store.set_review_state(99, "reviewed")
    with pytest.raises(StoreError, match="there is no filing 99"):
        store.review_state(99)


def test_the_library_list_and_catalog_carry_the_state_and_the_problem_count(store: Store, data: Path) -> None:
    lnkd = saved(store, data / LNKD)
    unity = import_file(store, data / UNITY).filing_id  # the checks run on an import
    assert unity is not None
    store.set_review_state(lnkd, "reviewed", who="alice")
    by_id = {s.id: s for s in store.list_filings()}
    assert (by_id[lnkd].review_state, by_id[unity].review_state) == ("reviewed", "to-review")
    assert by_id[unity].problems == len(store.problems(unity))
    assert [s.id for s in store.list_filings(state="reviewed")] == [lnkd]
    assert [s.id for s in store.list_filings("unity", state="to-review")] == [unity]
    assert store.list_filings("unity", state="reviewed") == []
    rows = {row["id"]: row for row in store.catalog()}
    assert (rows[lnkd]["review_state"], rows[lnkd]["reviewed_by"]) == ("reviewed", "alice")
    assert (rows[unity]["review_state"], rows[unity]["reviewed_by"], rows[unity]["reviewed_at"]) == (
        "to-review", None, None)
    assert rows[unity]["problems"] == len(store.problems(unity))
    assert [row["id"] for row in store.catalog(state="to-review")] == [unity]


def test_a_file_of_schema_2_is_migrated_with_its_filings_to_review(tmp_path: Path, data: Path) -> None:
    # A database as the release before review states wrote it (schema 2): its migrations, and a filing saved with
    # its SEC tables empty (they are not what this migration is about).
    previous = 2
    path = tmp_path / f"schema{previous}.sqlite"
    filing = read(data / LNKD)
    conn = sqlite3.connect(path)
    for number in range(previous):
        conn.executescript(MIGRATIONS[number])
    record = {"sha256": "ab" * 32, "source_name": "lnkd.xml", "source_kind": "xml", "extracted": filing_json(filing),
              "version": 3, "created": "2024-01-02T03:04:05.000000+00:00",
              "updated": "2024-01-02T03:04:05.000000+00:00", **summary_columns(filing)}
    conn.execute(f"INSERT INTO filings ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
                 tuple(record.values()))
    conn.execute("INSERT INTO corrections (filing_id, path, old, new, made) VALUES (1, 'remarks', NULL, 'x', "
                 "'2024-01-02T03:04:05.000000+00:00')")
    conn.execute(f"PRAGMA user_version = {previous}")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.review_state(1) == ("to-review", None, None)
        assert store.version(1) == 3 and store.load(1) == filing
        assert [(c.path, c.who) for c in store.corrections(1)] == [("remarks", None)]
        assert store.sources(1) == []
        store.set_review_state(1, "reviewed", who="alice")
    with Store.open(path) as store:
        assert store.review_state(1)[:2] == ("reviewed", "alice")


# --------------------------------------------------------------------------------------------------------------
# Second sources


def other_bytes_of(path: Path) -> bytes:
    """The same filing in other bytes: the XML with a comment after it, as a re-export or another download gives."""
    return path.read_bytes() + b"\n<!-- downloaded again -->\n"


def test_another_file_of_a_saved_filing_is_found_by_its_key(store: Store, data: Path) -> None:
    lnkd = saved(store, data / LNKD)
    saved(store, data / UNITY)
    again = read_bytes(other_bytes_of(data / LNKD), "lnkd-again.xml")
    assert filing_key(again) == filing_key(store.load(lnkd))
    assert store.same_filing(again) == lnkd
    # The very bytes saved are the same file, not a second source; an unrelated filing has no match.
    assert store.same_filing(read(data / LNKD)) is None
    assert store.same_filing(read(data / "checks" / "yelp-form3-2012.xml")) is None


def test_an_attached_source_is_kept_with_the_filing_and_changes_nothing_of_it(store: Store, data: Path) -> None:
    lnkd = saved(store, data / LNKD)
    filing = store.load(lnkd)
    store.set_review_state(lnkd, "reviewed", who="alice")
    log = store.corrections(lnkd)
    other = other_bytes_of(data / LNKD)
    attached = store.attach_source(lnkd, "lnkd-again.xml", other, "xml")
    assert (attached.filing_id, attached.name, attached.kind, attached.size) == (lnkd, "lnkd-again.xml", "xml",
                                                                                 len(other))
    assert store.sources(lnkd) == [attached]
    assert store.attached_bytes(attached.id) == other
    assert store.load(lnkd) == filing and store.version(lnkd) == 1
    assert store.corrections(lnkd) == log and store.review_state(lnkd)[0] == "reviewed"
    assert store.source_bytes(lnkd) == (data / LNKD).read_bytes()
    # Its bytes now lead to the filing, so a second import of that file is a duplicate, and attaching it again
    # gives the same attachment back.
    assert store.find_by_hash(attached.sha256) == lnkd
    assert store.same_filing(read_bytes(other, "lnkd-again.xml")) is None
    assert store.attach_source(lnkd, "lnkd-again.xml", other, "xml") == attached
    assert store.sources(lnkd) == [attached]


def test_bytes_of_another_filing_are_not_attached(store: Store, data: Path) -> None:
    lnkd = saved(store, data / LNKD)
    unity = saved(store, data / UNITY)
    with pytest.raises(DuplicateSourceError, match=f"already saved as filing {unity}") as caught:
        store.attach_source(lnkd, "unity.xml", (data / UNITY).read_bytes(), "xml")
    assert caught.value.filing_id == unity
    attached = store.attach_source(lnkd, "lnkd-again.xml", other_bytes_of(data / LNKD), "xml")
    with pytest.raises(DuplicateSourceError, match=f"already saved as filing {lnkd}"):
        store.attach_source(unity, "lnkd-again.xml", other_bytes_of(data / LNKD), "xml")
    with pytest.raises(StoreError, match="there is no filing 99"):
        store.attach_source(99, "x.xml", b"<x/>", "xml")
    store.delete(lnkd)
    with pytest.raises(StoreError, match=f"there is no attached source {attached.id}"):
        store.attached_bytes(attached.id)
