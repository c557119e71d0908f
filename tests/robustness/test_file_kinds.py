"""Files that are not regular files, and names that are not UTF-8, on the command line: `extract` refuses a FIFO, a
device, a socket, a folder and a link to any of them at once with one message naming the file (nothing is read from
them, nothing hangs), reads a real filing whatever bytes its name holds, and says "permission denied" for a file it
may not read. Each case runs in a program of its own with a time and memory limit, so that a regression fails the
test instead of hanging or exhausting the machine."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and sockets of POSIX systems")

DATA = Path(__file__).parents[1] / "data"
FILING = DATA / "ownership" / "mdb-form5.xml"  # MongoDB's Form 5
TIMEOUT = 60
#: Far more than reading a filing needs, far less than what /dev/zero read to the end would take.
MEMORY = 1536 * 1024 * 1024

# Run the command line with a memory limit; as another user when asked and this runs as root (root reads any
# file, so a file's permissions only mean something to another user). Everything is imported before the switch:
# that user cannot read this machine's Python installation.
RUN = """
import os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), resource.RLIM_INFINITY))
import ctypes, errno, json, stat, threading
import form4viewer.cli, form4viewer.contract, form4viewer.limits, form4viewer.readers.ownership
form4viewer.cli.build_parser().parse_args(sys.argv[3:])  # argparse loads what it needs on first use
if sys.argv[2] == "other" and os.geteuid() == 0:
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
sys.exit(form4viewer.cli.main(sys.argv[3:]))
"""


def extract(path: str | bytes | Path, as_other_user: bool = False) -> tuple[int, dict, str]:
    """(exit status, the jsonl object, stderr) of `form4viewer extract --format jsonl PATH`, run apart."""
    argv = [sys.executable, "-c", RUN, str(MEMORY), "other" if as_other_user else "same", "extract",
            "--format", "jsonl", os.fsencode(path)]  # fmt: skip
    proc = subprocess.run(argv, capture_output=True, timeout=TIMEOUT)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in out + err, err
    lines = out.splitlines()
    assert len(lines) == 1, out + err
    return proc.returncode, json.loads(lines[0]), err


def _fifo(folder: Path) -> Path:
    path = folder / "form4.xml"  # named as a filing would be
    os.mkfifo(path)
    return path


def _link_to_zero(folder: Path) -> Path:
    path = folder / "form4.xml"
    path.symlink_to("/dev/zero")
    return path


def _socket(folder: Path) -> Path:
    path = folder / "form4.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # stays a socket file after this process lets go of it
    server.close()
    return path


def _folder(folder: Path) -> Path:
    path = folder / "form4.xml"
    path.mkdir()
    return path


def _link_loop(folder: Path) -> Path:
    (folder / "a.xml").symlink_to(folder / "b.xml")
    (folder / "b.xml").symlink_to(folder / "a.xml")
    return folder / "a.xml"


NOT_FILES: dict[str, tuple[Callable[[Path], Path | str], str]] = {
    "fifo": (_fifo, "not a regular file: a FIFO (named pipe)"),
    "dev-zero": (lambda _: "/dev/zero", "not a regular file: a device"),
    "dev-urandom": (lambda _: "/dev/urandom", "not a regular file: a device"),
    "link-to-dev-zero": (_link_to_zero, "not a regular file: a device"),
    "socket": (_socket, "not a regular file: a socket"),
    "folder": (_folder, "this is a folder, not a file"),
    "link-loop": (_link_loop, "a symbolic link that leads back to itself (too many levels of links)"),
}


@pytest.mark.parametrize("kind", sorted(NOT_FILES))
def test_extract_refuses_what_is_not_a_regular_file_at_once_naming_it(tmp_path: Path, kind: str) -> None:
    factory, problem = NOT_FILES[kind]
    path = str(factory(tmp_path))
    status, item, err = extract(path)
    assert status == 1
    assert item == {"file": path, "error": f"{path}: {problem}"}


def test_a_filing_named_with_bytes_that_are_not_utf8_reads_and_its_name_is_shown_escaped(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/form4-\xff\xfe.xml"
    shutil.copyfile(FILING, name)
    status, item, err = extract(name)
    assert status == 0, err
    assert item["file"] == f"{tmp_path}/form4-\\xff\\xfe.xml"
    assert item["issuer"]["name"] == "MongoDB, Inc." and item["form"] == "5"


def test_a_bad_file_named_with_bytes_that_are_not_utf8_is_reported_with_its_name_escaped(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/\xff\xfe.xml"
    os.mkfifo(name)
    status, item, err = extract(name)
    assert status == 1
    assert item == {"file": f"{tmp_path}/\\xff\\xfe.xml",
                    "error": f"{tmp_path}/\\xff\\xfe.xml: not a regular file: a FIFO (named pipe)"}


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file permissions of POSIX systems")
def test_a_file_that_may_not_be_read_is_refused_as_permission_denied(shared_tmp: Path) -> None:
    path = shared_tmp / "form4.xml"
    shutil.copyfile(FILING, path)
    path.chmod(0o000)  # root reads it anyway: the command runs as another user then
    status, item, err = extract(path, as_other_user=True)
    assert status == 1
    assert item == {"file": str(path), "error": f"{path}: permission denied"}


def test_the_same_messages_come_from_the_window_s_reading_and_the_import(tmp_path: Path) -> None:
    """The window's reading, import and the command line open files in one place and word problems alike."""
    from form4viewer.errors import ReadError
    from form4viewer.gui.reading import read_file
    from form4viewer.importer import _read_file
    from form4viewer.readers import read

    for kind, (factory, problem) in sorted(NOT_FILES.items()):
        folder = tmp_path / kind
        folder.mkdir()
        path = str(factory(folder))
        expected = f"{path}: {problem}"
        for reader in (read, read_file):
            with pytest.raises(ReadError) as caught:
                reader(path)
            assert str(caught.value) == expected
        assert _read_file(path, True, set()) == (path, "failed", None, expected)


@pytest.mark.parametrize("command", ["extract", "check"])
def test_extract_and_check_give_each_file_a_time_budget(tmp_path: Path, command: str) -> None:
    """A budget far below what reading takes stops a real filing: reported as too slow, naming it; with no limit
    (0) the same file reads."""
    path = tmp_path / "form5.xml"
    shutil.copyfile(FILING, path)
    run = [sys.executable, "-m", "form4viewer", command, "--format", "jsonl"]
    proc = subprocess.run([*run, "--time-limit", "0.000001", str(path)], capture_output=True, text=True,
                          timeout=TIMEOUT)  # fmt: skip
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    item = json.loads(proc.stdout)
    assert item["file"] == str(path)
    assert item["error"].startswith(f"{path}: too slow to read: stopped after 1e-06 s (the time allowed for one file)")
    proc = subprocess.run([*run, "--time-limit", "0", str(path)], capture_output=True, text=True, timeout=TIMEOUT)
    assert "error" not in json.loads(proc.stdout), proc.stdout
