"""A save interrupted by killing the process leaves the file opening with the last complete save."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from form4viewer.importer import import_file
from form4viewer.store import Store

SAVER = """
import sys
from form4viewer.store import Store

store = Store.open(sys.argv[1])
filing_id = int(sys.argv[2])
filing = store.load(filing_id)
n = 0
while True:
    n += 1
    # Large saves, so that the kill is likely to land while one is being written.
    remarks = filing.remarks.corrected_to(f"save {n} " + "x" * 200_000)
    result = store.save(filing.replace_at("remarks", remarks), filing_id=filing_id, expected_version=n)
    print(result.version, flush=True)
"""


def test_a_save_killed_midway_leaves_the_last_complete_save(data: Path, tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite"
    with Store.open(db) as store:
        filing_id = import_file(store, data / "store" / "lnkd-form4-2012-two-owners.xml").filing_id
    for attempt, saves_before_kill in enumerate((3, 7, 12)):
        with Store.open(db) as store:
            start_version = store.version(filing_id)
        # Each round starts the saver on a fresh copy of the state, so its expected versions line up.
        saver = SAVER.replace("n = 0", f"n = {start_version - 1}")
        child = subprocess.Popen([sys.executable, "-c", saver, str(db), str(filing_id)], stdout=subprocess.PIPE,
                                 text=True)  # fmt: skip
        assert child.stdout is not None
        printed = [int(child.stdout.readline()) for _ in range(saves_before_kill)]
        time.sleep(0.003 * attempt)  # land the kill at different points of the next save
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)

        check = sqlite3.connect(db)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check.close()
        with Store.open(db) as store:
            version = store.version(filing_id)
            assert version >= printed[-1]
            remarks = store.load(filing_id).remarks.value
            # Version k+1 is the k-th save; what is loaded, the version and the log agree.
            assert remarks.startswith(f"save {version - 1} ") and len(remarks) == len(f"save {version - 1} ") + 200_000
            assert len(store.corrections(filing_id)) == version - 1
