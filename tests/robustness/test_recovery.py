"""Unsaved corrections survive a crash: the recovery file a killed program leaves is offered at the next start and
gives back the exact filing; files of running programs are left alone; damaged files are reported, not a crash."""

from __future__ import annotations

import inspect
import json
import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer import read
from form4viewer.model import Filing
from form4viewer.recovery import RecoveryError, RecoveryFile, pending, recovery_dir, scan

DATA = Path(__file__).parents[1] / "data"
TSLA = DATA / "robustness" / "tsla-form4-2023.xml"


def edited(remarks: str = "checked against the PDF") -> Filing:
    """The Tesla filing as a person left it: a corrected share count, a corrected title and new remarks."""
    filing = read(TSLA)
    shares = filing.get("non_derivative_transactions[0].shares")
    filing = filing.replace_at("non_derivative_transactions[0].shares", shares.corrected_to(Decimal("10250")))
    title = filing.get("reporting_owners[0].officer_title")
    filing = filing.replace_at("reporting_owners[0].officer_title", title.corrected_to("Technoking of Tesla"))
    return filing.replace_at("remarks", filing.remarks.corrected_to(remarks))


# A program that keeps one document's recovery file up to date and never saves; the test kills it.
WRITER = """
import sys, time
from decimal import Decimal
from pathlib import Path
from form4viewer import read
from form4viewer.model import Filing
from form4viewer.recovery import RecoveryFile

TSLA = Path(sys.argv[1])
{edited}

recovery = RecoveryFile()
n = 0
while True:
    n += 1
    # Large remarks make each write take a while, so that kills land in the middle of some.
    recovery.write(edited(f"edit {{n}} " + "x" * int(sys.argv[2])), source_path=sys.argv[1], db_path="/tmp/f.sqlite",
                   filing_id=7, version=3)
    print(n, recovery.path, flush=True)
    if sys.argv[3] == "once":
        time.sleep(600)
"""


def start_writer(big: int, once: bool) -> subprocess.Popen[str]:
    code = WRITER.format(edited=inspect.getsource(edited))
    return subprocess.Popen([sys.executable, "-c", code, str(TSLA), str(big), "once" if once else "loop"],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.stdout is not None
    child.stdout.close()


def test_unsaved_corrections_of_a_killed_program_are_offered_back_exactly() -> None:
    child = start_writer(0, once=True)
    assert child.stdout is not None
    number, written = child.stdout.readline().split()
    assert number == "1" and Path(written).parent == recovery_dir()
    # While the program runs, its file belongs to its window: nothing is offered.
    assert pending() == []
    kill(child)

    (found,) = pending()
    assert found.path == Path(written)
    assert found.pid == child.pid
    filing = found.restore()
    assert filing == edited("edit 1 ")
    assert filing.non_derivative_transactions[0].shares.value == Decimal("10250")
    assert filing.non_derivative_transactions[0].shares.read.value == read(TSLA).non_derivative_transactions[0].shares.value
    assert filing.reporting_owners[0].officer_title.value == "Technoking of Tesla"
    assert (found.source_path, found.db_path, found.filing_id, found.version) == (str(TSLA), "/tmp/f.sqlite", 7, 3)
    assert found.source_sha256 == read(TSLA).document.sha256
    assert found.source_unchanged()
    assert abs(time.time() - found.written.timestamp()) < 600

    found.discard()
    assert pending() == []
    assert not Path(written).exists()


def test_writes_cut_short_by_kills_leave_the_last_complete_state() -> None:
    rng = random.Random(7)
    last_path: Path | None = None
    for _ in range(4):
        child = start_writer(300_000, once=False)
        assert child.stdout is not None
        printed = [child.stdout.readline().split() for _ in range(rng.randint(1, 4))]
        time.sleep(rng.uniform(0, 0.05))  # land the kill somewhere in a later write
        kill(child)
        found = [r for r in pending() if r.pid == child.pid]
        assert len(found) == 1, found
        remarks = found[0].restore().remarks.value
        number = int(remarks.split()[1])
        assert number >= int(printed[-1][0])
        assert remarks == f"edit {number} " + "x" * 300_000
        assert found[0].restore() == edited(remarks)
        last_path = found[0].path
    # No temporary file of a write cut short is left behind once a start has looked.
    assert last_path is not None
    assert [p.name for p in recovery_dir().iterdir() if p.suffix == ".tmp"] == []


def test_discarding_after_a_save_leaves_nothing_to_offer(tmp_path: Path) -> None:
    recovery = RecoveryFile(tmp_path)
    recovery.discard()  # nothing written yet: nothing to remove, no error
    recovery.write(edited())
    assert recovery.exists()
    recovery.discard()
    assert not recovery.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_file_of_this_running_program_is_not_offered(tmp_path: Path) -> None:
    RecoveryFile(tmp_path).write(edited())
    assert pending(tmp_path) == []


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def written_by(tmp_path: Path, pid: int, **changes: object) -> Path:
    """A recovery file as if written by process `pid`."""
    recovery = RecoveryFile(tmp_path)
    recovery.write(edited(), source_path=TSLA)
    data = json.loads(recovery.path.read_text())
    data.update(pid=pid, **changes)
    path = tmp_path / f"{pid}-{recovery.path.name.split('-', 1)[1]}"
    path.write_text(json.dumps(data, separators=(",", ":")))
    recovery.path.unlink()
    return path


def test_a_file_whose_process_id_now_belongs_to_another_program_is_offered(tmp_path: Path) -> None:
    if not Path(f"/proc/{os.getpid()}/stat").exists():
        pytest.skip("process start times are read from /proc")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        path = written_by(tmp_path, other.pid, started="1")  # started long before: a reused pid
        assert [r.path for r in pending(tmp_path)] == [path]
        live = written_by(tmp_path, other.pid, started=None)
        assert live not in [r.path for r in pending(tmp_path)]
    finally:
        other.kill()
        other.wait()


def good_json(tmp_path: Path) -> bytes:
    return written_by(tmp_path, dead_pid()).read_bytes()


def broken_filing(good: bytes) -> bytes:
    data = json.loads(good)
    data["filing"]["non_derivative_transactions"] = [{"shares": 5}]  # a value that is not a value's record
    return json.dumps(data).encode()


DAMAGED = {
    "random bytes": lambda good: random.Random(3).randbytes(5000),
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "another JSON file": lambda good: b'{"name": "settings", "theme": "dark"}',
    "a list": lambda good: b"[1, 2, 3]",
    "a newer release": lambda good: good.replace(b'"format_version":1', b'"format_version":99'),
    "a broken filing": lambda good: broken_filing(good),
    "no written time": lambda good: good.replace(b'"written":"', b'"written":"not a time'),
    "a filing id that is text": lambda good: json.dumps({**json.loads(good), "filing_id": "seven"}).encode(),
}


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_a_damaged_recovery_file_is_reported_and_skipped(kind: str, tmp_path: Path) -> None:
    good = good_json(tmp_path)
    healthy = sorted(tmp_path.iterdir())
    broken = tmp_path / f"{dead_pid()}-damaged.json"
    broken.write_bytes(DAMAGED[kind](good))
    found, damaged = scan(tmp_path)
    assert [r.path for r in found] == healthy
    assert found[0].restore() == edited()
    (bad,) = damaged
    assert bad.path == broken
    assert bad.problem.startswith(f"{broken}: ")
    assert "Traceback" not in bad.problem
    assert [r.path for r in pending(tmp_path)] == healthy
    bad.discard()
    assert not broken.exists()


def test_several_crashed_documents_are_offered_oldest_first(tmp_path: Path) -> None:
    first = written_by(tmp_path, dead_pid(), written="2026-01-02T10:00:00+00:00")
    second = written_by(tmp_path, dead_pid(), written="2026-01-01T10:00:00+00:00")
    third = written_by(tmp_path, dead_pid(), written="2026-01-01T09:00:00")  # no zone: taken as UTC
    assert [r.path for r in pending(tmp_path)] == [third, second, first]


def test_a_restored_file_is_taken_over_once(tmp_path: Path) -> None:
    path = written_by(tmp_path, dead_pid())
    (found,) = pending(tmp_path)
    taken = RecoveryFile.adopt(found)
    assert taken is not None and taken.exists() and not path.exists()
    assert RecoveryFile.adopt(found) is None  # another window that offered the same file gets nothing
    assert pending(tmp_path) == []  # now it is this running program's
    taken.write(found.restore())
    taken.discard()
    assert list(tmp_path.iterdir()) == []


def test_a_recovery_folder_that_cannot_be_made_gives_a_clear_error(tmp_path: Path) -> None:
    blocked = tmp_path / "recovery"
    blocked.write_text("a file where the folder should be")
    recovery = RecoveryFile(blocked)
    with pytest.raises(RecoveryError) as caught:
        recovery.write(edited())
    assert str(caught.value).startswith(f"{recovery.path}: unsaved changes could not be kept here")


def test_a_failed_write_keeps_what_the_file_held(tmp_path: Path) -> None:
    recovery = RecoveryFile(tmp_path)
    recovery.write(edited("first"))
    # The temporary file cannot be made (a folder is in its way), as on a full or read-only disk.
    (tmp_path / f".{recovery.path.stem}.tmp").mkdir()
    with pytest.raises(RecoveryError, match="unsaved changes could not be kept here"):
        recovery.write(edited("second"))
    data = json.loads(recovery.path.read_text())
    assert Filing.from_dict(data["filing"]) == edited("first")
