"""The window loses nothing: unsaved corrections survive a crash and are offered at the next start, a save over a
version another program saved asks first, and a database that cannot be written keeps the edits in the window and
in a recovery file until they are saved to another database."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from form4viewer import recovery
from form4viewer.gui.main_window import CANCEL, OVERWRITE, RELOAD
from form4viewer.model import Filing
from form4viewer.readers import read
from form4viewer.store import Store

from .conftest import SAMPLE_FILES, open_and_wait

SHARES = "non_derivative_transactions[0].shares"  # 5250 in the Tesla sample
Button = QMessageBox.StandardButton

# A window in a program of its own: opens the sample, corrects one amount, says where its recovery file is, and
# waits to be killed.
KILLED_WINDOW = """
import sys
from decimal import Decimal
from form4viewer.gui.app import application
from form4viewer.gui.main_window import MainWindow

app = application()
window = MainWindow(sys.argv[2], remember=False)
window.show()

def opened(_path):
    window.document.set_value("non_derivative_transactions[0].shares", Decimal("5300"))
    print(window.recovery_path, flush=True)

window.opened.connect(opened)
window.openFailed.connect(lambda message: (print("failed", message, flush=True), app.quit()))
window.open_path(sys.argv[1])
app.exec()
"""

# What a program that stopped leaves: a recovery file written by a process that is no longer running.
LEFT_BEHIND = """
import json, sys
from form4viewer.model import Filing
from form4viewer.recovery import RecoveryFile

args = json.loads(sys.argv[1])
file = RecoveryFile()
file.write(Filing.from_dict(args.pop("filing")), **args)
print(file.path)
"""


def left_behind(filing: Filing, **where: object) -> Path:
    """Write a recovery file from a program that then ends, as a crashed window leaves it."""
    args = json.dumps({"filing": filing.to_dict(), **where}, default=str)
    proc = subprocess.run([sys.executable, "-c", LEFT_BEHIND, args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout.strip())


def corrected(filing: Filing, path: str, value: object) -> Filing:
    return filing.replace_at(path, filing.get(path).corrected_to(value))


def ask_with(monkeypatch, window, *replies: Button) -> list:  # type: ignore[no-untyped-def]
    asked: list = []
    queue = list(replies)

    def ask(recovered, more):  # type: ignore[no-untyped-def]
        asked.append((recovered, more))
        return queue.pop(0)

    monkeypatch.setattr(window, "ask_restore", ask)
    return asked


# ---- recovery files ---------------------------------------------------------------------------------------------


def test_a_killed_window_s_unsaved_correction_is_offered_at_the_next_start_and_restored(
    qtbot, window, monkeypatch, tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WINDOW, str(SAMPLE_FILES["xml"]), str(tmp_path / "other.sqlite")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the window, and the reading process it started
        proc.wait(30)
    assert line and not line.startswith("failed"), (line, proc.stderr.read() if proc.stderr else "")
    left = Path(line)
    assert left.exists() and left.parent == recovery.recovery_dir()

    asked = ask_with(monkeypatch, window, Button.Yes)
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.offer_recovery()
    (offered, more), = asked
    assert offered.source_path == str(SAMPLE_FILES["xml"]) and more == 0
    value = window.document.value(SHARES)
    assert value.value == Decimal("5300") and value.corrected and value.read.value == Decimal("5250")
    assert window.isWindowModified() and window.document.state == "corrected, not saved"
    assert window.document.source_bytes == SAMPLE_FILES["xml"].read_bytes()
    assert "Tesla" in window.source.text.toPlainText()
    assert not left.exists()  # taken over by this window: no other start offers it again
    assert window.recovery_path is not None
    # The restored correction is one undoable step on top of the file as read.
    window.undo_action.trigger()
    assert window.document.value(SHARES).value == Decimal("5250")
    assert window.recovery_path is None
    window.redo_action.trigger()
    assert window.recovery_path is not None
    assert window.save()
    assert window.store.load(window.document.filing_id).get(SHARES).value == Decimal("5300")
    assert window.recovery_path is None and recovery.pending() == []


@pytest.mark.parametrize("reply", [Button.Discard, Button.Ignore], ids=["discard", "not now"])
def test_declining_a_restore_discards_it_and_not_now_keeps_it_for_the_next_start(
    qtbot, window, monkeypatch, reply: Button
) -> None:
    filing = corrected(read(SAMPLE_FILES["xml"]), SHARES, Decimal("5300"))
    left = left_behind(filing, source_path=str(SAMPLE_FILES["xml"]), db_path=window.db_path)
    asked = ask_with(monkeypatch, window, reply)
    assert not window.offer_recovery()
    assert len(asked) == 1
    assert window.document.filing is None
    assert left.exists() == (reply == Button.Ignore)
    assert [r.path for r in recovery.pending()] == ([left] if reply == Button.Ignore else [])


def test_edits_are_kept_in_a_recovery_file_until_saved(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.recovery_path is None
    window.document.set_value(SHARES, Decimal("5300"))
    kept = window.recovery_path
    assert kept is not None  # the first unsaved change is written at once
    window.document.set_value("issuer.name", "Tesla Motors")
    # Later edits are written a moment after the last one.
    qtbot.waitUntil(lambda: json.loads(kept.read_text("utf-8"))["filing"]["issuer"]["name"]["value"] ==
                    "Tesla Motors", timeout=5000)
    record = json.loads(kept.read_text("utf-8"))
    assert record["source_path"] == str(SAMPLE_FILES["xml"]) and record["filing_id"] is None
    assert record["db_path"] == os.path.abspath(window.db_path)
    assert window.save()
    assert not kept.exists() and window.recovery_path is None


def test_undoing_every_edit_or_closing_without_saving_removes_the_recovery_file(
    qtbot, window, monkeypatch
) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value(SHARES, Decimal("5300"))
    first = window.recovery_path
    assert first is not None
    window.undo_action.trigger()
    assert not first.exists()
    window.redo_action.trigger()
    second = window.recovery_path
    assert second is not None
    monkeypatch.setattr(window, "ask_unsaved", lambda: Button.Discard)
    assert window.close()
    assert not second.exists() and recovery.pending() == []


def test_a_restored_saved_filing_is_saved_over_its_version_and_a_later_save_elsewhere_asks(
    qtbot, window, monkeypatch, db_path: Path
) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.save()
    filing_id, version = window.document.filing_id, window.document.version
    edited = corrected(window.document.filing, SHARES, Decimal("5300"))
    left_behind(edited, db_path=str(db_path), filing_id=filing_id, version=version)
    window.document.load(read(SAMPLE_FILES["html"]), SAMPLE_FILES["html"].read_bytes(), str(SAMPLE_FILES["html"]))
    ask_with(monkeypatch, window, Button.Yes)
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.offer_recovery()
    assert window.document.filing_id == filing_id and window.document.version == version
    assert window.document.value(SHARES).value == Decimal("5300")
    assert window.document.source_bytes == SAMPLE_FILES["xml"].read_bytes()  # the source kept in the database
    # Another program saves the filing meanwhile: saving the restored work asks before overwriting it.
    with Store.open(db_path) as other:
        other.save(corrected(other.load(filing_id), "remarks", "checked elsewhere"), filing_id=filing_id,
                   expected_version=version)
    asked: list[str] = []
    monkeypatch.setattr(window, "ask_conflict", lambda message: asked.append(message) or OVERWRITE)
    assert window.save()
    assert len(asked) == 1 and str(db_path) in asked[0]
    with Store.open(db_path) as check:
        assert check.load(filing_id).get(SHARES).value == Decimal("5300")
        assert check.record(filing_id).version == version + 2
    assert recovery.pending() == [] and window.recovery_path is None


# ---- conflicts --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [OVERWRITE, RELOAD, CANCEL])
def test_saving_over_a_version_another_program_saved_asks_first(
    qtbot, window, monkeypatch, db_path: Path, answer: str
) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.save()
    filing_id = window.document.filing_id
    with Store.open(db_path) as other:  # a second connection to the same file, as another window has
        theirs = corrected(other.load(filing_id), "issuer.name", "Tesla Inc (theirs)")
        assert other.save(theirs, filing_id=filing_id, expected_version=1).version == 2
    window.document.set_value(SHARES, Decimal("5300"))
    asked: list[str] = []
    monkeypatch.setattr(window, "ask_conflict", lambda message: asked.append(message) or answer)
    assert window.save() == (answer != CANCEL)
    assert len(asked) == 1
    assert f"filing {filing_id} was saved by another window or program" in asked[0]
    with Store.open(db_path) as check:
        stored = check.load(filing_id)
        version = check.record(filing_id).version
    if answer == OVERWRITE:
        assert stored.get(SHARES).value == Decimal("5300") and version == 3
        assert window.document.version == 3 and not window.isWindowModified()
    elif answer == RELOAD:
        assert stored.issuer.name.value == "Tesla Inc (theirs)" and version == 2
        assert window.document.filing.issuer.name.value == "Tesla Inc (theirs)"
        assert window.document.value(SHARES).value == Decimal("5250")
        assert window.document.version == 2 and not window.isWindowModified()
        assert window.recovery_path is None
    else:
        assert stored.issuer.name.value == "Tesla Inc (theirs)" and version == 2
        assert window.document.value(SHARES).value == Decimal("5300") and window.isWindowModified()
        assert window.recovery_path is not None


# ---- a database that cannot take the save -----------------------------------------------------------------------


@contextlib.contextmanager
def as_a_user_who_cannot_write() -> Iterator[None]:
    """Root writes anywhere: a test run as root acts as `nobody` for the moment the save is tried."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def _damaged(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(64 * 1024))


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file permissions of POSIX systems")
@pytest.mark.parametrize("what", ["read-only", "locked", "damaged"])
def test_a_database_that_cannot_be_written_keeps_the_edits_until_saved_to_another_database(
    qtbot, window, monkeypatch, shared_tmp: Path, tmp_path: Path, what: str
) -> None:
    folder = shared_tmp / "db"
    folder.mkdir()
    path = folder / "filings.sqlite"
    window._open_store(str(path))
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.save()
    window.document.set_value(SHARES, Decimal("5300"))
    kept = window.recovery_path
    assert kept is not None
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "show_error", lambda title, message: errors.append((title, message)))
    window.store.close()
    window.store = None
    holder = None
    if what == "read-only":
        for p in folder.iterdir():
            p.chmod(0o444)
        folder.chmod(0o555)
        with as_a_user_who_cannot_write():
            saved = window.save()
    elif what == "locked":
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        saved = window.save()
    else:
        for p in folder.iterdir():
            p.unlink()
        _damaged(path)
        saved = window.save()
    try:
        assert not saved
        (title, message), = errors
        assert message.startswith(f"{path}: ") and "Traceback" not in message
        assert {"read-only": "read-only", "locked": "locked", "damaged": "not a form4viewer database"}[what] in message
        assert "Save to Another Database" in message
        assert window.isWindowModified() and window.document.value(SHARES).value == Decimal("5300")
        assert kept.exists()
        assert Filing.from_dict(json.loads(kept.read_text("utf-8"))["filing"]).get(SHARES).value == Decimal("5300")
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
    elsewhere = tmp_path / "elsewhere" / "filings.sqlite"
    assert window.save_to_database(elsewhere)
    assert window.db_path == str(elsewhere) and not window.isWindowModified()
    assert not kept.exists() and recovery.pending() == []
    with Store.open(elsewhere) as saved_there:
        (summary,) = saved_there.list_filings()
        assert saved_there.load(summary.id).get(SHARES).value == Decimal("5300")
        assert saved_there.source_bytes(summary.id) == SAMPLE_FILES["xml"].read_bytes()


def test_work_whose_source_file_is_gone_is_still_restored_without_its_source(
    qtbot, window, monkeypatch, tmp_path: Path
) -> None:
    copy = tmp_path / "moved away.xml"
    copy.write_bytes(SAMPLE_FILES["xml"].read_bytes())
    left_behind(corrected(read(copy), SHARES, Decimal("5300")), source_path=str(copy), db_path=window.db_path)
    copy.unlink()
    ask_with(monkeypatch, window, Button.Yes)
    assert window.offer_recovery()
    assert window.document.value(SHARES).value == Decimal("5300") and window.isWindowModified()
    assert window.document.source_bytes == b""
    assert "no longer there" in window.statusBar().currentMessage()
    assert window.save()
    assert window.store.load(window.document.filing_id).get(SHARES).value == Decimal("5300")
    # Saved as that file, so that opening the file again later finds this filing.
    sha256 = hashlib.sha256(SAMPLE_FILES["xml"].read_bytes()).hexdigest()
    assert window.store.record(window.document.filing_id).sha256 == sha256


def test_a_recovery_folder_that_cannot_be_written_is_said_in_the_status_bar_and_saving_still_works(
    qtbot, window, monkeypatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "data"
    blocked.mkdir()
    (blocked / "recovery").write_text("a file where the folder should be")
    monkeypatch.setenv("FORM4VIEWER_DATA_DIR", str(blocked))
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value(SHARES, Decimal("5300"))
    assert window.recovery_path is None
    assert window.recovery_error is not None and str(blocked / "recovery") in window.recovery_error
    assert window.recovery_error in window.statusBar().currentMessage()
    assert window.save()
    assert window.store.load(window.document.filing_id).get(SHARES).value == Decimal("5300")
