"""Unsaved corrections survive a crash: one recovery file per open document, offered back at the next start.

While a person edits a filing, the window writes the filing as it stands to a JSON file in
`paths.data_dir()/recovery/` (`RecoveryFile.write`, a short while after each edit) and removes it when the filing
is saved or closed unchanged (`RecoveryFile.discard`). If the program dies in between, the file stays; the next
start lists it with `pending()` and can give the filing back exactly (`Recovered.restore()`), with what it needs to
save it where it belongs: the source file's path and SHA-256, the database, the filing's id and the version the
edits were made on.

Each file records the process that writes it (pid, host and, where the system tells it, the process's start time,
so that a reused pid is not mistaken for it). Files of a process that is still running belong to another open
window and are not offered. Files are written whole or not at all (a temporary file, flushed to disk, then
`os.replace`), so a crash while writing leaves the previous state. A file that cannot be read is reported and
skipped, never a crash.

Plain Python (no Qt), so that it can be tested without a display.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .errors import Form4ViewerError
from .model import Filing

log = logging.getLogger(__name__)

FORMAT = "form4viewer-recovery"
FORMAT_VERSION = 1
_SUFFIX = ".json"
_TEMP_SUFFIX = ".tmp"


class RecoveryError(Form4ViewerError):
    """A recovery file could not be written or read. `str(error)` is `"<file>: <problem>"`."""

    def __init__(self, path: str | os.PathLike[str], problem: str):
        self.path = os.fspath(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


def recovery_dir() -> Path:
    """Where recovery files are kept: `recovery/` in the application's data directory."""
    return paths.data_dir() / "recovery"


# --------------------------------------------------------------------------------------------------------------
# Processes: is the one that wrote a file still running?


def _start_token(pid: int) -> str | None:
    """When the process started, as the system counts it (Linux only; None elsewhere or when unknown)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name in field 2 may hold spaces and parentheses: count fields after its closing one.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def _pid_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # os.kill(pid, 0) would terminate the process on Windows; ask for a handle instead.
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    except OSError:
        return False
    return True


def _running(pid: int, host: str, started: str | None) -> bool:
    """Whether the process that wrote a file is still running. A file from another host cannot be checked and
    counts as not running, so that it is offered rather than kept out of sight."""
    if host != socket.gethostname():
        return False
    if not _pid_exists(pid):
        return False
    if started is not None:
        now = _start_token(pid)
        if now is not None and now != started:
            return False  # the pid was reused by a later process
    return True


# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recovered:
    """Unsaved work found by `pending()`: the filing as it was when last written, and where it belongs.

    `source_path`/`source_sha256` name the file it was read from; `db_path`, `filing_id` and `version` the saved
    filing the edits were made on (None for a filing never saved). `written` is when the file was last written
    (UTC); `pid` the process that wrote it."""

    path: Path
    filing: Filing
    source_path: str | None
    source_sha256: str | None
    db_path: str | None
    filing_id: int | None
    version: int | None
    written: dt.datetime
    pid: int

    def restore(self) -> Filing:
        """The filing exactly as it was written, corrections included."""
        return self.filing

    def source_unchanged(self) -> bool:
        """Whether the source file is still where it was, with the same bytes (so it can be shown beside)."""
        if not self.source_path or not self.source_sha256:
            return False
        import hashlib

        from .errors import Form4ViewerError
        from .readers import load_file

        try:  # opened as every file a filing is read from is: a FIFO put in its place is not waited on
            return hashlib.sha256(load_file(self.source_path)).hexdigest() == self.source_sha256
        except Form4ViewerError:
            return False

    def discard(self) -> None:
        """Remove the file (the person chose not to restore it, or restored and saved it)."""
        _unlink(self.path)


@dataclass(frozen=True)
class Damaged:
    """A recovery file that could not be read: its path and why (`problem` names the file)."""

    path: Path
    problem: str

    def discard(self) -> None:
        _unlink(self.path)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise RecoveryError(path, f"could not be removed ({exc.strerror or exc})") from None


class RecoveryFile:
    """The recovery file of one open document. Nothing is written until `write`; `discard` removes it.

    Each instance has its own file name (process id and a random part), so that several windows, or several
    programs sharing the data directory, never write over each other's file."""

    def __init__(self, directory: str | os.PathLike[str] | None = None):
        self.directory = Path(directory) if directory is not None else recovery_dir()
        self.path = self.directory / f"{os.getpid()}-{uuid.uuid4().hex}{_SUFFIX}"

    def write(
        self,
        filing: Filing,
        *,
        source_path: str | os.PathLike[str] | None = None,
        source_sha256: str | None = None,
        db_path: str | os.PathLike[str] | None = None,
        filing_id: int | None = None,
        version: int | None = None,
    ) -> None:
        """Write the filing as it stands, replacing what this file held, whole or not at all. `source_sha256`
        defaults to the one the reader recorded. Raises RecoveryError naming the file when it cannot be written
        (full or read-only disk); what the file held before stays."""
        pid = os.getpid()
        record: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "pid": pid,
            "host": socket.gethostname(),
            "started": _start_token(pid),
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            "source_path": os.fspath(source_path) if source_path is not None else None,
            "source_sha256": source_sha256 if source_sha256 is not None else (filing.document.sha256 or None),
            "db_path": os.fspath(db_path) if db_path is not None else None,
            "filing_id": filing_id,
            "version": version,
            "filing": filing.to_dict(),
        }
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        temp = self.directory / f".{self.path.stem}{_TEMP_SUFFIX}"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(temp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, self.path)
            _sync_dir(self.directory)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise RecoveryError(self.path, f"unsaved changes could not be kept here ({exc.strerror or exc})") from None

    def discard(self) -> None:
        """Remove the file: the filing was saved, or closed without keeping its changes."""
        _unlink(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    @classmethod
    def adopt(cls, recovered: Recovered) -> RecoveryFile | None:
        """Take over a recovered file for a window that restored it: the file is renamed to this process, so
        that no other program offers it too and a crash before the next write keeps it. None when another
        program took it first."""
        taken = cls(recovered.path.parent)
        try:
            os.rename(recovered.path, taken.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise RecoveryError(recovered.path, f"could not be taken over ({exc.strerror or exc})") from None
        # The file now belongs to this process: record it, so that no later start offers it while this runs.
        taken.write(
            recovered.filing,
            source_path=recovered.source_path,
            source_sha256=recovered.source_sha256,
            db_path=recovered.db_path,
            filing_id=recovered.filing_id,
            version=recovered.version,
        )
        return taken


def _sync_dir(directory: Path) -> None:
    """Flush the folder's entry for the renamed file to disk, where the system allows it (not on Windows)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------------------------------------------
# What a new start finds


def _load(path: Path) -> tuple[dict[str, Any], Filing]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise RecoveryError(path, f"the recovery file could not be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecoveryError(path, f"the recovery file is damaged and cannot be restored ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecoveryError(path, "this is not a form4viewer recovery file")
    if not isinstance(data.get("format_version"), int) or data["format_version"] > FORMAT_VERSION:
        raise RecoveryError(path, "the recovery file was written by a newer form4viewer; update form4viewer to restore it")
    try:
        filing = Filing.from_dict(data["filing"])
        if not isinstance(data["pid"], int):
            raise ValueError(f"pid {data['pid']!r} is not a number")
        written = dt.datetime.fromisoformat(data["written"])
        data["written"] = written if written.tzinfo else written.replace(tzinfo=dt.UTC)
        for key, kind in (("filing_id", int), ("version", int), ("source_path", str), ("source_sha256", str),
                          ("db_path", str)):  # fmt: skip
            if data.get(key) is not None and not isinstance(data[key], kind):
                raise ValueError(f"{key} {data[key]!r} is not a {kind.__name__}")
    except Exception as exc:  # any damage to the stored filing makes the file unusable, never a crash
        raise RecoveryError(path, f"the recovery file is damaged and cannot be restored ({type(exc).__name__}: {exc})") from None
    return data, filing


def scan(directory: str | os.PathLike[str] | None = None) -> tuple[list[Recovered], list[Damaged]]:
    """The recovery files of processes no longer running, oldest first, and those that could not be read.
    Temporary files left by a write that a crash cut short are removed."""
    folder = Path(directory) if directory is not None else recovery_dir()
    try:
        entries = sorted(folder.iterdir())
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [Damaged(folder, str(RecoveryError(folder, f"could not be listed ({exc.strerror or exc})")))]
    found: list[Recovered] = []
    damaged: list[Damaged] = []
    for path in entries:
        if path.name.startswith(".") and path.name.endswith(_TEMP_SUFFIX):
            _remove_orphan_temp(path)
            continue
        if path.suffix != _SUFFIX or not path.is_file():
            continue
        try:
            data, filing = _load(path)
        except RecoveryError as exc:
            log.warning("%s", exc)
            damaged.append(Damaged(path, str(exc)))
            continue
        pid = int(data["pid"])
        if _running(pid, str(data.get("host", "")), data.get("started")):
            continue
        found.append(
            Recovered(
                path=path,
                filing=filing,
                source_path=data.get("source_path"),
                source_sha256=data.get("source_sha256"),
                db_path=data.get("db_path"),
                filing_id=data.get("filing_id"),
                version=data.get("version"),
                written=data["written"],
                pid=pid,
            )
        )
    found.sort(key=lambda r: r.written)
    return found, damaged


def _remove_orphan_temp(path: Path) -> None:
    """Remove `.<pid>-<id>.tmp` when its process is gone (it is a write cut short, never a complete state)."""
    try:
        pid = int(path.name[1:].split("-", 1)[0])
    except ValueError:
        return
    if not _pid_exists(pid):
        with contextlib.suppress(OSError):
            path.unlink()


def pending(directory: str | os.PathLike[str] | None = None) -> list[Recovered]:
    """Unsaved work a new start should offer to restore (files of running processes left out), oldest first.
    Damaged files are logged and left out; `scan()` lists them too."""
    return scan(directory)[0]


__all__ = ["Damaged", "RecoveryError", "RecoveryFile", "Recovered", "pending", "recovery_dir", "scan"]
