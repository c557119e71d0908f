"""The SQLite file under attack: killed saves, two programs at once, locks, read-only and full disks, damaged files.
Each ends in a StoreError whose message names the file (or a ConflictError the window asks the person about), and
nothing saved before is lost. Complements tests/test_store.py and tests/test_store_crash.py, which cover the same
failures from inside one program."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from form4viewer.cli import main
from form4viewer.errors import StoreError
from form4viewer.importer import import_file
from form4viewer.model import Filing
from form4viewer.store import Store

DATA = Path(__file__).parents[1] / "data"
LNKD = DATA / "store" / "lnkd-form4-2012-two-owners.xml"
UNITY = DATA / "store" / "unity-form3-2020-holdings.xml"
# Files the killed program imports one after another (each a new filing) between its edits of the first one.
IMPORTS = [p for p in sorted((DATA / "checks").glob("*.xml")) + sorted((DATA / "ownership").glob("*.xml"))
           if "mismatched" not in p.name]  # fmt: skip


def corrected(filing: Filing, remarks: str) -> Filing:
    return filing.replace_at("remarks", filing.remarks.corrected_to(remarks))


def run(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def saved_db(tmp_path: Path) -> tuple[Path, int]:
    """A database with two filings, the first corrected once."""
    path = tmp_path / "filings.sqlite"
    with Store.open(path) as store:
        filing_id = import_file(store, LNKD).filing_id
        assert filing_id is not None
        import_file(store, UNITY)
        store.save(corrected(store.load(filing_id), "checked"), filing_id=filing_id, expected_version=1)
    return path, filing_id


def snapshot(path: Path) -> dict[int, tuple[int, Filing, list[tuple[str, str | None, str | None]]]]:
    """Everything saved: per filing its version, the filing and its corrections."""
    with Store.open(path) as store:
        return {
            i: (store.version(i), store.load(i), [(c.path, c.old, c.new) for c in store.corrections(i)])
            for i in store.ids()
        }


# --------------------------------------------------------------------------------------------------------------
# Killed at random points of saves and imports

SAVER = """
import sys
from form4viewer.importer import import_file
from form4viewer.store import Store

store = Store.open(sys.argv[1])
filing_id = int(sys.argv[2])
imports = sys.argv[3:]
while True:
    # An edit of the first filing: big remarks, so that the kill is likely to land inside a write.
    record = store.record(filing_id)
    n = record.version
    remarks = record.filing.remarks.corrected_to(f"save {n} " + "x" * 150_000)
    store.save(record.filing.replace_at("remarks", remarks), filing_id=filing_id, expected_version=n)
    print("saved", n + 1, flush=True)
    if imports:
        outcome = import_file(store, imports.pop(0))
        print("imported", outcome.status, outcome.filing_id, flush=True)
"""


def test_saves_and_imports_killed_at_random_points_leave_every_complete_save(saved_db: tuple[Path, int]) -> None:
    path, filing_id = saved_db
    rng = random.Random(20231)
    imports = [str(p) for p in IMPORTS]
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(filing_id), *imports],
                                 stdout=subprocess.PIPE, text=True)  # fmt: skip
        assert child.stdout is not None
        printed = [child.stdout.readline().split() for _ in range(rng.randint(1, 5))]
        time.sleep(rng.uniform(0, 0.08))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()

        check = sqlite3.connect(path)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
        saved = snapshot(path)
        version, filing, log = saved[filing_id]
        last_saved = max(int(p[1]) for p in printed if p[0] == "saved")
        assert version >= last_saved
        # The remarks, the version and the log tell the same story: nothing half-written.
        assert filing.remarks.value == f"save {version - 1} " + "x" * 150_000
        assert len(log) == version - 1
        for kind, *rest in printed:
            if kind == "imported":
                assert rest[0] == "read" and int(rest[1]) in saved
        # Every imported file is either wholly saved, with its source, or not at all.
        with Store.open(path) as store:
            for other in store.ids():
                assert hashlib_of(store.source_bytes(other)) == store.record(other).sha256
            done = {store.record(i).source_name for i in store.ids()}
        imports = [p for p in imports if p not in done]


def hashlib_of(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------------------------
# Two programs on one file

OTHER_WINDOW = """
import sys
from form4viewer.errors import ConflictError
from form4viewer.store import Store

store = Store.open(sys.argv[1])
record = store.record(int(sys.argv[2]))
print("opened", record.version, record.filing.remarks.value, flush=True)
sys.stdin.readline()  # the other program saves meanwhile
remarks = record.filing.remarks.corrected_to("from the second program")
try:
    store.save(record.filing.replace_at("remarks", remarks), filing_id=record.id, expected_version=record.version)
    print("saved", flush=True)
except ConflictError as exc:
    print("conflict", exc, flush=True)
"""


def test_a_save_from_a_second_program_over_a_changed_version_is_refused_with_a_conflict(
    saved_db: tuple[Path, int],
) -> None:
    path, filing_id = saved_db
    child = subprocess.Popen([sys.executable, "-c", OTHER_WINDOW, str(path), str(filing_id)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdin is not None and child.stdout is not None
    assert child.stdout.readline().split() == ["opened", "2", "checked"]
    with Store.open(path) as store:
        store.save(corrected(store.load(filing_id), "from the first program"), filing_id=filing_id, expected_version=2)
    out, _ = child.communicate("\n", timeout=60)
    assert out.startswith(f"conflict {path}: filing {filing_id} was saved by another window or program"), out
    assert "now at version 3, this one was opened at version 2" in out
    version, filing, log = snapshot(path)[filing_id]
    assert (version, filing.remarks.value) == (3, "from the first program")
    assert [new for _, _, new in log] == ["checked", "from the first program"]


def test_a_program_reads_the_last_save_while_another_is_in_the_middle_of_writing(saved_db: tuple[Path, int]) -> None:
    path, filing_id = saved_db
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("UPDATE filings SET current = NULL, version = 99 WHERE id = ?", (filing_id,))
    try:
        reader = run(
            "import sys; from form4viewer.store import Store; s = Store.open(sys.argv[1], timeout=0.2);"
            "print(s.version(int(sys.argv[2])), s.load(int(sys.argv[2])).remarks.value)",
            str(path), str(filing_id),
        )  # fmt: skip
        assert reader.stdout.split() == ["2", "checked"], reader.stderr
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# --------------------------------------------------------------------------------------------------------------
# Locked


@pytest.fixture
def locked_by_another_program(saved_db: tuple[Path, int]) -> Iterator[tuple[Path, int]]:
    """Another program holds the file's write lock (BEGIN EXCLUSIVE) with an unfinished write."""
    path, filing_id = saved_db
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN EXCLUSIVE');"
         "c.execute('UPDATE filings SET version = 99'); print('locked', flush=True); sys.stdin.readline()",
         str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    yield path, filing_id
    holder.communicate("\n", timeout=30)


def test_a_save_while_another_program_holds_the_lock_says_so_and_loses_nothing(
    locked_by_another_program: tuple[Path, int],
) -> None:
    path, filing_id = locked_by_another_program
    before = snapshot(path)
    with Store.open(path, timeout=0.2) as store:
        filing = corrected(store.load(filing_id), "while locked")
        with pytest.raises(StoreError) as caught:
            store.save(filing, filing_id=filing_id, expected_version=2)
        assert str(caught.value).startswith(f"{path}: the database is in use by another program (locked)")
        with pytest.raises(StoreError, match="in use by another program"):
            import_file(store, DATA / "checks" / "yelp-form3-2012.xml")
        assert store.load(filing_id).remarks.value == "checked"
    assert snapshot(path) == before


def test_a_new_database_that_another_program_has_locked_cannot_be_opened_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(path, timeout=0.2)
        assert str(caught.value).startswith(f"{path}: the database is in use by another program (locked)")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store.open(path) as store:  # once released it opens and gets its schema
        assert store.count() == 0


def test_import_on_the_command_line_into_a_locked_database_is_one_clear_line(
    locked_by_another_program: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = locked_by_another_program
    status = main(["import", "--db", str(path), str(DATA / "checks" / "yelp-form3-2012.xml")])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err
    assert f"{path}: the database is in use by another program (locked)" in out + err


# --------------------------------------------------------------------------------------------------------------
# Read-only file or folder, full disk

# Runs as a user who cannot write the file (root writes anywhere, so a root test run drops to `nobody`).
AS_OTHER_USER = """
import json, os, sys
from form4viewer.errors import StoreError
from form4viewer.store import Store, load_driver

# Everything is imported before the switch to another user, who cannot read this machine's Python installation
# (it lives in root's home); a program run by that user would have its own.
load_driver()
if os.geteuid() == 0:
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
out = {}
try:
    store = Store.open(sys.argv[1])
    filing = store.load(int(sys.argv[2]))
    out["read"] = filing.remarks.value
    store.save(filing.replace_at("remarks", filing.remarks.corrected_to("lost?")), filing_id=int(sys.argv[2]))
    out["saved"] = True
except StoreError as exc:
    out["error"] = str(exc)
print(json.dumps(out))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file permissions of POSIX systems")
@pytest.mark.parametrize("what", ["file", "folder", "file and folder"])
def test_a_read_only_database_says_so_and_keeps_what_was_saved(what: str, shared_tmp: Path) -> None:
    folder = shared_tmp / "db"
    folder.mkdir()
    path = folder / "filings.sqlite"
    with Store.open(path) as store:
        filing_id = import_file(store, LNKD).filing_id
        assert filing_id is not None
        store.save(corrected(store.load(filing_id), "checked"), filing_id=filing_id)
    before = snapshot(path)
    for p in folder.iterdir():
        p.chmod(0o666)
    path.chmod(0o444 if "file" in what else 0o666)
    folder.chmod(0o555 if "folder" in what else 0o777)
    proc = run(AS_OTHER_USER, str(path), str(filing_id))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    out = json.loads(proc.stdout)
    assert "saved" not in out
    assert out["error"].startswith(f"{path}: the database file is read-only")
    assert out["read"] == "checked"  # what was saved can still be read, also in a read-only folder
    folder.chmod(0o755)
    assert snapshot(path) == before


FULL_DISK = """
import json, os, resource, signal, sys
from form4viewer.errors import StoreError
from form4viewer.store import Store

path, filing_id = sys.argv[1], int(sys.argv[2])
store = Store.open(path)
filing = store.load(filing_id)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing the program
largest = max(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 16384, resource.RLIM_INFINITY))
out = {}
try:
    store.save(filing.replace_at("remarks", filing.remarks.corrected_to("y" * 500_000)), filing_id=filing_id)
    out["saved"] = True
except StoreError as exc:
    out["error"] = str(exc)
out["after"] = store.load(filing_id).remarks.value  # the window's program goes on, with the last save
print(json.dumps(out))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_save_that_runs_out_of_disk_space_says_so_and_keeps_the_last_save(saved_db: tuple[Path, int]) -> None:
    path, filing_id = saved_db
    before = snapshot(path)
    proc = run(FULL_DISK, str(path), str(filing_id))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    out = json.loads(proc.stdout)
    assert "saved" not in out
    assert out["error"].startswith(f"{path}: the disk could not be read or written"), out
    assert out["after"] == "checked"
    assert snapshot(path) == before
    with Store.open(path) as store:  # with room again, the same save goes through
        big = corrected(store.load(filing_id), "y" * 500_000)
        assert store.save(big, filing_id=filing_id, expected_version=2).version == 3


# --------------------------------------------------------------------------------------------------------------
# Damaged files


def _damage(data: bytes, how: str) -> bytes:
    if how == "random bytes":
        return random.Random(5).randbytes(len(data))
    if how == "a text file named .sqlite":
        return b"Filings to check this week:\nTesla\nLinkedIn\n" * 50
    if how == "cut in half":
        return data[: len(data) // 2]
    if how == "only the first page":
        return data[:4096]
    if how == "pages after the first zeroed":
        return data[:4096] + bytes(len(data) - 4096)
    if how == "every saved filing's text overwritten":
        # SQLite's own structure stays intact: only the JSON of each filing (as read and as saved) is hit.
        starts = [i for i in range(len(data)) if data.startswith(b'{"form":', i)]
        assert len(starts) >= 3
        for at in starts:
            data = data[: at + 40] + bytes(200) + data[at + 240 :]
        return data
    raise AssertionError(how)


DAMAGE = ["random bytes", "a text file named .sqlite", "cut in half", "only the first page",
          "pages after the first zeroed", "every saved filing's text overwritten"]  # fmt: skip


def everything_in(path: Path) -> None:
    with Store.open(path) as store:
        for summary in store.list_filings():
            store.record(summary.id)
            store.load_extracted(summary.id)
            store.source_bytes(summary.id)
            store.corrections(summary.id)


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_database_gives_a_clear_error_naming_it_and_is_left_as_it_was(
    how: str, saved_db: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = saved_db
    with Store.open(path) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, as after a clean exit
    damaged = path.with_name("damaged.sqlite")
    damaged.write_bytes(_damage(path.read_bytes(), how))
    before = damaged.read_bytes()
    with pytest.raises(StoreError) as caught:
        everything_in(damaged)
    message = str(caught.value)
    assert message.startswith(f"{damaged}: ")
    assert "damaged" in message
    assert damaged.read_bytes() == before  # nothing written over what a recovery tool might still rescue
    # On the command line: one line naming the file, no traceback.
    status = main(["export", "--db", str(damaged), "--out", str(path.parent / "out")])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in out + err
    assert f"{damaged}: " in err


def test_a_damaged_saved_filing_read_in_an_export_worker_is_a_clear_error_naming_the_database(
    saved_db: tuple[Path, int],
) -> None:
    """Exports of many filings load them in worker processes; damage found there must reach the person the same
    way as in the main process."""
    from form4viewer import importer

    path, filing_id = saved_db
    with Store.open(path) as store:
        store.db.execute("UPDATE filings SET current = '{\"form\": ' WHERE id = ?", [filing_id])
    importer._init_reader(str(path))
    with pytest.raises(StoreError) as caught:
        importer._map_chunk(lambda i, filing: filing.form.value, [filing_id])
    assert str(caught.value).startswith(f"{path}: the database file is damaged")
