"""A reading process reads a share of files first and then checks each one (`importer._read_files`): the results
are those of reading and checking each file in turn, in the same order, and each file still has its time for all
of it, its checking included."""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from pathlib import Path

import pytest

from form4viewer import checks, importer
from form4viewer.readers import read_bytes
from form4viewer.store import prepare

OWNERSHIP = Path(__file__).parent / "data" / "ownership"


@pytest.fixture
def share(tmp_path: Path) -> list[tuple[str, bool]]:
    """Real filings with, between them, a file that is not a filing, one that is not there and a copy of the
    first filing's bytes (whose hash is then known)."""
    names = ["mdb-form5", "tsla-form4-34-footnotes", "pdot-form4-ten-owners", "rtpy-form3-holdings-only"]
    for name in names:
        shutil.copyfile(OWNERSHIP / f"{name}.xml", tmp_path / f"{name}.xml")
    (tmp_path / "notes.txt").write_text("Shopping list: milk, bread.\n")
    shutil.copyfile(OWNERSHIP / "mdb-form5.xml", tmp_path / "copy.xml")
    order = [names[0], "notes.txt", names[1], "gone.xml", names[2], "copy.xml", names[3]]
    return [(str(tmp_path / (n if "." in n else f"{n}.xml")), True) for n in order]


def test_a_share_read_then_checked_gives_what_each_file_read_and_checked_in_turn_gives(
    share: list[tuple[str, bool]],
) -> None:
    known = {hashlib.sha256((OWNERSHIP / "mdb-form5.xml").read_bytes()).hexdigest()}
    together = importer._read_files(share, known, True, 60.0)
    one_by_one = [importer._read_files([one], known, True, 60.0)[0] for one in share]
    assert together == one_by_one
    assert [status for _, status, _, _ in together] == ["known", "skipped", "read", "failed", "read", "known", "read"]
    assert [shown for shown, _, _, _ in together] == [name for name, _ in share]
    # what the store is given for each file read: its filing, checked, made ready to write
    for (name, _), (_, status, prepared, _) in zip(share, together, strict=True):
        if status == "read":
            data = Path(name).read_bytes()
            filing = read_bytes(data, name)
            assert prepared == prepare(filing, data, extracted=filing, problems=checks.check(filing))
    assert together[2][2] is not None and together[2][2].columns["ticker"] == "TSLA"
    assert together[3][3].startswith(f"{share[3][0]}: ")  # the file that is not there, named


def test_a_filing_that_cannot_be_prepared_fails_alone(share: list[tuple[str, bool]],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Preparing the share together fails; each is then prepared on its own, and only the culprit is said."""
    from form4viewer import store

    real_rows = store.filing_rows
    bad = share[4][0]

    def rows(filing):  # type: ignore[no-untyped-def]
        if filing.document.name == bad:
            raise ValueError("a value of no known kind")
        return real_rows(filing)

    monkeypatch.setattr(store, "filing_rows", rows)
    results = importer._read_files(share, set(), True, 60.0)
    assert [status for _, status, _, _ in results] == ["read", "skipped", "read", "failed", "failed", "read", "read"]
    assert results[4][3] == f"{bad}: could not be read (ValueError: a value of no known kind)"


@pytest.mark.skipif(sys.platform == "win32", reason="the time budget's timer is a POSIX interval timer")
def test_a_file_whose_checks_take_longer_than_its_time_has_failed_as_too_slow_for_all_its_seconds(
    share: list[tuple[str, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_check = checks.check
    slow = share[4][0]

    def slow_check(filing, rules=None):  # type: ignore[no-untyped-def]
        if filing.document.name == slow:
            time.sleep(5)
        return real_check(filing, rules)

    monkeypatch.setattr(checks, "check", slow_check)
    results = importer._read_files(share, set(), True, 0.5)
    statuses = {shown: (status, message) for shown, status, _, message in results}
    assert statuses[slow] == ("failed", f"{slow}: too slow to read: stopped after 0.5 s (the time allowed for one "
                                        "file); the file may be built to waste time")  # fmt: skip
    assert [statuses[name][0] for name, _ in share] == ["read", "skipped", "read", "failed", "failed", "read", "read"]


def test_what_reading_left_of_a_files_time_is_its_checkings_time() -> None:
    assert importer._time_left(60.0, 1.5) == 58.5
    assert importer._time_left(2.0, 3.0) == 1e-6  # none left is not "no limit"
    assert importer._time_left(None, 3.0) is None
    assert importer._time_left(0, 3.0) == 0
