"""Importing a folder that holds hostile entries beside real filings: a FIFO, a link to /dev/zero, a name whose bytes
are not UTF-8, a folder that may not be read, a link back up the tree and a file too slow to read. The import ends,
every real filing it may read is saved, and each hostile entry has one outcome naming it; with one reading process
and with a pool of them, from the command line and through Store.import_paths. And the pool's workers, the window's
reading process and the export's workers end when the process that started them is killed with kill -9.

Every case runs in a program of its own, with a time limit, so that a hang fails the test instead of holding up the
suite; as another user when this runs as root (root reads any folder, so a folder's permissions only mean
something to another user)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from form4viewer.importer import import_paths
from form4viewer.readers import shown_name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and permissions of POSIX systems")

OWNERSHIP = Path(__file__).parents[1] / "data" / "ownership"
REAL = ["mdb-form5", "tsla-form4-34-footnotes", "pdot-form4-ten-owners", "rtpy-form3-holdings-only",
        "flme-form4-non-us-address", "c-form4a-elements-left-out"]  # fmt: skip
ODD_NAME = b"\xff\xfe-form4.xml"  # a copy of Unity's Form 4
LOCKED_FILING = "snhy-form4-wrapped-closing-tag"  # in the folder that may not be read
SLOW = "slow-form4.xml"  # a copy of Sun Hydraulics' Form 4 that the reader is made to take ten minutes over
TIME_LIMIT = 3.0  # seconds per file: every real filing here reads in a small part of that, also on a busy machine
TIMEOUT = 120

# Runs an import. Everything the import loads is loaded before the switch to another user, who cannot read this
# machine's Python installation; the reader is made slow on one file (in every reading process: they are forked
# from this one, or read in it).
IMPORT = """
import json, os, sys, time
import ctypes, concurrent.futures.process, multiprocessing.popen_fork, multiprocessing.queues
import multiprocessing.synchronize, multiprocessing.connection
import form4viewer.cli, form4viewer.checks, form4viewer.limits, form4viewer.readers as readers
import form4viewer.readers.ownership, form4viewer.readers.submission
from form4viewer.importer import import_paths
from form4viewer.store import Store, load_driver

load_driver()
(mode, user), slow, argv = sys.argv[1].split(":"), sys.argv[2], sys.argv[3:]
if mode == "cli":
    form4viewer.cli.build_parser().parse_args(argv)  # argparse loads what it needs on first use
real_dispatch = readers._dispatch

def slow_dispatch(kind, data, name, *options):
    if slow == "all" or name.endswith(slow):
        time.sleep(600)
    return real_dispatch(kind, data, name, *options)

readers._dispatch = slow_dispatch  # every kind of file is read through it
if user == "other" and os.geteuid() == 0:
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
if mode == "cli":
    sys.exit(form4viewer.cli.main(argv))
db, jobs, limit, folder = argv
with Store.open(db) as store:
    outcomes = import_paths(store, [folder], jobs=int(jobs), time_limit=float(limit))
print(json.dumps([[o.status, o.path, o.message] for o in outcomes]))
"""


def run_import(mode: str, slow: str, *args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", IMPORT, f"{mode}:other", slow, *args], capture_output=True, text=True,
                          timeout=timeout, errors="strict")  # fmt: skip


@pytest.fixture
def hostile_folder(shared_tmp: Path) -> tuple[Path, Path]:
    """(folder to import, database path), both where another user can reach them."""
    folder = shared_tmp / "filings"
    folder.mkdir()
    for name in REAL:
        shutil.copyfile(OWNERSHIP / f"{name}.xml", folder / f"{name}.xml")
    shutil.copyfile(OWNERSHIP / "u-form4-value-only-rows.xml", os.fsencode(folder) + b"/" + ODD_NAME)
    shutil.copyfile(OWNERSHIP / f"{LOCKED_FILING}.xml", folder / SLOW)
    os.mkfifo(folder / "pipe.xml")
    (folder / "zero.xml").symlink_to("/dev/zero")
    (folder / "up").symlink_to(folder)  # a link back up the tree: not followed
    locked = folder / "locked"
    locked.mkdir()
    shutil.copyfile(OWNERSHIP / f"{LOCKED_FILING}.xml", locked / f"{LOCKED_FILING}.xml")
    for p in [folder, *folder.iterdir()]:
        if not p.is_symlink() and not p.is_fifo():
            p.chmod(0o755 if p.is_dir() else 0o644)
    locked.chmod(0o000 if os.geteuid() != 0 else 0o700)  # the import runs as another user when this is root
    db_folder = shared_tmp / "db"
    db_folder.mkdir()
    db_folder.chmod(0o777)
    return folder, db_folder / "filings.sqlite"


def _saved(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(Path(row[0]).name for row in conn.execute("SELECT source_name FROM filings"))


def _expected_failures(folder: Path) -> dict[str, str]:
    return {
        f"{folder}/locked": f"{folder}/locked: the folder cannot be read (permission denied); nothing in it was "
                            "imported",
        f"{folder}/pipe.xml": f"{folder}/pipe.xml: not a regular file: a FIFO (named pipe)",
        f"{folder}/{SLOW}": f"{folder}/{SLOW}: too slow to read: stopped after {TIME_LIMIT:g} s (the time allowed "
                            "for one file); the file may be built to waste time",
        f"{folder}/zero.xml": f"{folder}/zero.xml: not a regular file: a device",
    }


SAVED = sorted([*(f"{name}.xml" for name in REAL), "\\xff\\xfe-form4.xml"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_command_line_import_saves_every_real_filing_and_names_each_hostile_entry(
    hostile_folder: tuple[Path, Path], jobs: int
) -> None:
    folder, db = hostile_folder
    started = time.monotonic()
    proc = run_import("cli", SLOW, "import", "--db", str(db), "--jobs", str(jobs), "--time-limit",
                      str(TIME_LIMIT), str(folder))  # fmt: skip
    took = time.monotonic() - started
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines == [f"{len(SAVED)} filings read and saved in {db}", "4 failed (each named on standard error)"]
    assert sorted(proc.stderr.splitlines()) == sorted(f"form4viewer: {m}" for m in _expected_failures(folder).values())
    assert _saved(db) == SAVED
    assert took < 60  # the slow file was stopped after its few seconds, not read for its ten minutes


@pytest.mark.parametrize("jobs", [1, 2])
def test_store_import_paths_gives_one_outcome_naming_each_hostile_entry(
    hostile_folder: tuple[Path, Path], jobs: int
) -> None:
    folder, db = hostile_folder
    proc = run_import("store", SLOW, str(db), str(jobs), str(TIME_LIMIT), str(folder))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    outcomes = json.loads(proc.stdout)
    read = sorted(Path(path).name for status, path, _ in outcomes if status == "read")
    failed = {path: message for status, path, message in outcomes if status == "failed"}
    assert read == SAVED
    assert failed == _expected_failures(folder)
    assert len(outcomes) == len(SAVED) + len(failed)  # one outcome each, the link up the tree not walked
    # In the order they were found: the files of the folder by name, then its folders.
    files = sorted(set(os.listdir(folder)) - {"locked", "up"})
    assert [path for _, path, _ in outcomes] == [f"{folder}/{shown_name(f)}" for f in files] + [f"{folder}/locked"]
    assert _saved(db) == SAVED


def test_a_tiny_time_budget_stops_a_real_filing_too(tmp_path: Path) -> None:
    """Not only a reader made slow: the budget stops the real reading of a real filing."""
    from form4viewer.store import Store

    path = tmp_path / "form4.xml"
    shutil.copyfile(OWNERSHIP / "tsla-form4-34-footnotes.xml", path)
    db = tmp_path / "filings.sqlite"
    script = ("import sys, json\nfrom form4viewer.importer import import_paths\nfrom form4viewer.store import Store\n"
              "with Store.open(sys.argv[1]) as s:\n"
              "    o = import_paths(s, [sys.argv[2]], jobs=1, time_limit=1e-6)\n"
              "print(json.dumps([[x.status, x.message] for x in o]))\n")  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", script, str(db), str(path)], capture_output=True, text=True,
                          timeout=TIMEOUT)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (status, message), = json.loads(proc.stdout)
    assert status == "failed" and message.startswith(f"{path}: too slow to read: stopped after 1e-06 s")
    with Store.open(db) as store:
        assert store.count() == 0


# --------------------------------------------------------------------------------------------------------------
# Worker and reading processes end with their parent, kill -9 included


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"  # a zombie has ended; only its exit status is left


def _kill_parent_and_watch_children(proc: subprocess.Popen[bytes], expected: int) -> None:
    children: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(children) < expected:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            children = _children(proc.pid)
            time.sleep(0.1)
        assert len(children) >= expected, f"the workers did not start: {children}"
        time.sleep(0.5)  # past each worker's start, where it arranges to end with its parent
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.1)
        assert [c for c in children if _alive(c)] == [], "workers outlived the process that started them"
    finally:
        if proc.poll() is None:
            proc.kill()
        for child in children:
            if _alive(child):
                os.kill(child, signal.SIGKILL)
        proc.wait(10)


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the process table in /proc")


@needs_proc
def test_import_workers_end_when_the_import_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    folder.mkdir()
    for n in range(12):
        shutil.copyfile(OWNERSHIP / f"{REAL[n % len(REAL)]}.xml", folder / f"{n:02}.xml")
    proc = subprocess.Popen([sys.executable, "-c", IMPORT, "cli:same", "all", "import", "--db",
                             str(tmp_path / "filings.sqlite"), "--jobs", "2", "--time-limit", "0", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    _kill_parent_and_watch_children(proc, 2)


READING = """
import sys, threading, time
import form4viewer.readers as readers
from form4viewer.gui import reading

def slow_reading(kind, data, name, progress=None, page_read=None):
    time.sleep(600)

readers._dispatch = slow_reading  # every kind of file is read through it
if sys.argv[2] == "main":
    started = reading.start_reading(sys.argv[1])
else:  # as the window does after Esc: from a worker thread, which then ends
    thread = threading.Thread(target=reading.start_reading, args=(sys.argv[1],))
    thread.start()
    thread.join()
time.sleep(600)
"""


@needs_proc
@pytest.mark.parametrize("started_on", ["main", "thread"])
def test_the_window_s_reading_process_ends_when_the_window_s_process_is_killed(started_on: str) -> None:
    """Started on a thread that ends, the reading process lives on (the kernel's parent-death signal would follow
    that thread) and still ends with the process."""
    proc = subprocess.Popen([sys.executable, "-c", READING, str(OWNERSHIP / "mdb-form5.xml"), started_on],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    if started_on == "thread":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _children(proc.pid):
            time.sleep(0.1)
        time.sleep(1.5)
        # Started fresh (not forked: a thread was running), with multiprocessing's resource tracker beside it.
        children = _children(proc.pid)
        assert children and all(_alive(c) for c in children), "the reading process ended with its thread"
    _kill_parent_and_watch_children(proc, 1)


EXPORT = """
import sys, time
from form4viewer.importer import import_paths, map_filings
from form4viewer.store import Store

def slow(filing_id, filing):
    time.sleep(600)

with Store.open(sys.argv[1]) as store:
    import_paths(store, [sys.argv[2]], jobs=1)
    for _ in map_filings(store, slow, jobs=2, chunk=1):
        pass
"""


@needs_proc
def test_export_workers_end_when_the_export_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "filings"
    folder.mkdir()
    for name in REAL:
        shutil.copyfile(OWNERSHIP / f"{name}.xml", folder / f"{name}.xml")
    proc = subprocess.Popen([sys.executable, "-c", EXPORT, str(tmp_path / "filings.sqlite"), str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    _kill_parent_and_watch_children(proc, 2)


def test_a_filing_a_thousand_folders_deep_is_found_and_saved(tmp_path: Path) -> None:
    """The walk keeps its own list of folders: os.walk recursed, and such a tree ended in RecursionError."""
    from form4viewer.store import Store

    folder = deep = tmp_path / "filings"
    folder.mkdir()
    for _ in range(1200):  # one at a time: pathlib and os.makedirs recurse too
        deep = deep / "a"
        deep.mkdir()
    shutil.copyfile(OWNERSHIP / "mdb-form5.xml", deep / "mdb-form5.xml")
    shutil.copyfile(OWNERSHIP / "tsla-form4-34-footnotes.xml", folder / "tsla-form4-34-footnotes.xml")
    try:
        with Store.open(tmp_path / "filings.sqlite") as store:
            outcomes = import_paths(store, [folder], jobs=1)
        assert [(o.status, o.path) for o in outcomes] == [("read", str(folder / "tsla-form4-34-footnotes.xml")),
                                                          ("read", str(deep / "mdb-form5.xml"))]  # fmt: skip
    finally:
        _remove_tree(folder)  # now: pytest's own clean-up of old temporary folders recurses


def _remove_tree(top: Path) -> None:
    folders = [top]
    for folder in folders:  # grows as it goes: every folder, parents before children
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        folder.rmdir()


BUDGETED_READING = """
import sys, time
import form4viewer.readers as readers
from form4viewer.errors import Form4ViewerError
from form4viewer.gui import reading

def slow_reading(kind, data, name, progress=None, page_read=None):
    time.sleep(600)

readers._dispatch = slow_reading  # every kind of file is read through it
reading.READING_SECONDS = 1.0  # the reading process is forked from this one, so it has these too
try:
    reading.result_of(reading.start_reading(sys.argv[1]))
except Form4ViewerError as exc:
    print(exc)
reading.shutdown()
"""


def test_the_window_s_reading_process_stops_a_file_over_its_time_budget() -> None:
    path = str(OWNERSHIP / "mdb-form5.xml")
    proc = subprocess.run([sys.executable, "-c", BUDGETED_READING, path], capture_output=True, text=True,
                          timeout=TIMEOUT)  # fmt: skip
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout.strip() == (f"{path}: too slow to read: stopped after 1 s (the time allowed for one file); "
                                   "the file may be built to waste time")
