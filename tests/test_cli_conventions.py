"""The command line behaves as its neighbours (sqlite-utils, csvkit, git) do: an unknown command is an error naming
the commands, `-` reads standard input, a progress bar with its rate and time left on a terminal only, and failures
on standard error."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from unnamed_accounts import rum_with_accounts_unnamed

from form4viewer import cli
from form4viewer.cli import main
from form4viewer.export import filing_key
from form4viewer.readers import read

ROOT = Path(__file__).resolve().parents[1]
COMMAND = ROOT / ".venv" / "bin" / "form4viewer"
COMMANDS = ("gui", "extract", "check", "import", "export", "tables", "list", "search", "info", "install-desktop")

#: One real filing of each kind the readers take.
STDIN_SAMPLES = ("store/lnkd-form4-2012-two-owners.xml", "submissions/lrcx-form4a.txt",
                 "submissions/amd-form4-feed.nc", "html/scwo-form4-secgov.html", "text/qualys-form4-2013.txt",
                 "pdf/kscope-msft-jolla-alice-2024.pdf")  # fmt: skip


def _headless_env() -> dict[str, str]:
    """The environment of a session without a display: no X, no Wayland, no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _run(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(COMMAND), *args], input=stdin, capture_output=True, timeout=timeout,
                          env=_headless_env(), cwd=ROOT)  # fmt: skip


# ---- unknown commands -------------------------------------------------------------------------------------------


def test_an_unknown_command_is_an_error_that_names_the_commands_and_opens_no_window() -> None:
    proc = _run("frobnicate")
    err = proc.stderr.decode()
    assert proc.returncode == 2, err  # not 134, Qt's abort without a display
    assert err.startswith("form4viewer: unknown command 'frobnicate'; the commands are: ")
    named = err.split("the commands are: ", 1)[1].split(" (", 1)[0].split(", ")
    assert sorted(named) == sorted(COMMANDS)
    assert proc.stdout == b"" and "Traceback" not in err


def test_an_unknown_command_does_not_load_qt() -> None:
    code = ("import sys; from form4viewer.cli import main; status = main(['frobnicate']); "
            "print('PySide6' in sys.modules, status)")  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=_headless_env(), cwd=ROOT)  # fmt: skip
    assert proc.stdout.split() == ["False", "2"], proc.stderr


@pytest.mark.parametrize(
    ("argv", "opens"),
    [
        (["frobnicate"], None),
        (["-v", "lst"], None),
        (["not-yet-written.xml"], "not-yet-written.xml"),  # a file name: the window says what is wrong with it
        (["filings/form4"], "filings/form4"),
        (["EXISTING"], "EXISTING"),  # a file that exists, even without a dot
        ([], None),
    ],
)
def test_a_first_word_opens_the_window_only_when_it_names_a_file(
    argv: list[str], opens: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "EXISTING").write_bytes(b"")
    opened: list[Any] = []
    monkeypatch.setattr(cli, "_cmd_gui", lambda args: opened.append(args.file) or 0)
    status = main(argv)
    if argv and opens is None:
        assert status == 2 and opened == []
        word = argv[-1]
        assert capsys.readouterr().err.startswith(f"form4viewer: unknown command '{word}'; the commands are: gui, ")
    else:
        assert status == 0 and opened == [opens]


# ---- standard input ---------------------------------------------------------------------------------------------


def _as_if_from_stdin(item: Any, name: str) -> Any:
    """`item` with the file's name written as standard input's, which is all that may differ."""
    if isinstance(item, dict):
        return {k: _as_if_from_stdin(v, name) for k, v in item.items()}
    if isinstance(item, list):
        return [_as_if_from_stdin(v, name) for v in item]
    return "<stdin>" if item == name else item


@pytest.mark.parametrize("sample", STDIN_SAMPLES)
def test_extract_of_standard_input_gives_what_extract_of_the_file_gives(sample: str, data: Path) -> None:
    path = data / sample
    from_file = _run("extract", str(path), "--format", "jsonl")
    from_stdin = _run("extract", "-", "--format", "jsonl", stdin=path.read_bytes())
    assert from_file.returncode == from_stdin.returncode == 0, from_stdin.stderr
    got = json.loads(from_stdin.stdout)
    assert got["file"] == "<stdin>"
    assert got == _as_if_from_stdin(json.loads(from_file.stdout), str(path))
    assert got["form"] in ("3", "4", "4/A", "5")


def test_check_of_standard_input_finds_what_check_of_the_file_finds(tmp_path: Path) -> None:
    path = tmp_path / "rum.xml"
    path.write_bytes(rum_with_accounts_unnamed())
    from_file = _run("check", str(path), "--format", "jsonl")
    from_stdin = _run("check", "-", "--format", "jsonl", stdin=path.read_bytes())
    file_problems = json.loads(from_file.stdout)["problems"]
    assert json.loads(from_stdin.stdout) == {"file": "<stdin>", "problems": file_problems}
    assert {p["rule"] for p in file_problems} == {"holdings-do-not-chain", "footnote-not-cited"}
    text = _run("check", "-", stdin=path.read_bytes())
    assert text.stdout.decode().startswith("<stdin>: 3 warnings, 4 notes\n")


def test_standard_input_can_be_read_among_files(data: Path) -> None:
    lnkd, mdb = data / "store/lnkd-form4-2012-two-owners.xml", data / "ownership/mdb-form5.xml"
    proc = _run("extract", str(lnkd), "-", "--format", "jsonl", stdin=mdb.read_bytes())
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(item["file"], item["issuer"]["name"]) for item in lines] == [
        (str(lnkd), "LINKEDIN CORP"), ("<stdin>", "MongoDB, Inc.")]  # fmt: skip


def test_empty_standard_input_is_a_failure_that_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\n")))
    assert main(["check", "-"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == "form4viewer: <stdin>: nothing came on standard input\n"


def test_standard_input_is_held_to_the_size_limits_of_files(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from form4viewer import readers

    xml = (data / "ownership/mdb-form5.xml").read_bytes()
    # Over the most any filing may be: refused once that much has come, without reading the rest.
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    stream = io.BytesIO(xml)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    assert main(["extract", "-"]) == 1
    assert "form4viewer: <stdin>: more than 0 MB came on standard input" in capsys.readouterr().err
    assert stream.tell() <= 1001
    # Over what a filing of its kind may be, as load_file holds a file.
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 10**9)
    monkeypatch.setitem(readers.MAX_BYTES, "xml", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(xml)))
    assert main(["extract", "-"]) == 1
    assert "form4viewer: <stdin>: the file is 0 MB, more than a XML filing can be" in capsys.readouterr().err


# ---- progress and failures ------------------------------------------------------------------------------------


def test_the_progress_bar_gives_the_rate_and_the_time_left(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = cli._ProgressBar("importing", "files")
    bar(5, 935)  # too early to say a rate
    clock[0] += 3.56
    bar(420, 935)
    clock[0] += 4.0
    bar(935, 935)
    bar.end()
    lines = capsys.readouterr().err.split("\r")[1:]
    assert [line.split("]", 1)[1].rstrip() for line in lines] == [
        "    5/935    0%",
        "  420/935   44%  118 files/s  4 s left",
        "  935/935  100%  in 8 s",
    ]
    assert lines[0].startswith("importing [") and lines[-1].endswith("\n")
    assert cli._duration(125) == "2 min 05 s" and cli._duration(3780) == "1 h 03 min"


def _filings_folder(data: Path, root: Path) -> Path:
    root.mkdir()
    for sample in ("checks/joby-form4-2023.xml", "checks/rum-form4-2024.xml", "checks/trin-form4-2023.xml",
                   "store/unity-form3-2020-holdings.xml", "ownership/mdb-form5.xml"):  # fmt: skip
        shutil.copy(data / sample, root / Path(sample).name)
    return root


def _run_with_stderr_on_a_terminal(*args: str, timeout: float = 120) -> tuple[int, bytes, bytes]:
    """Run form4viewer with stderr on a pseudo-terminal (stdout piped): exit status, stdout, what the terminal
    got."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([str(COMMAND), *args], stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL,
                            env=_headless_env(), cwd=ROOT)  # fmt: skip
    os.close(follower)
    got = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the other end closed: the process ended
                    break
                if not chunk:
                    break
                got += chunk
            elif proc.poll() is not None:
                break
        out, _ = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)
    return proc.returncode, out, got


def test_import_draws_a_progress_bar_when_stderr_is_a_terminal(data: Path, tmp_path: Path) -> None:
    folder = _filings_folder(data, tmp_path / "filings")
    status, out, terminal = _run_with_stderr_on_a_terminal("import", "--db", str(tmp_path / "db.sqlite"),
                                                           "--jobs", "1", str(folder))  # fmt: skip
    assert status == 0, terminal
    assert terminal.startswith(b"\rimporting [")
    assert b"]  5/5  100%  in " in terminal
    assert terminal.endswith(b"\r\n")  # the bar's line is ended before the summary is printed
    assert out == f"5 filings read and saved in {tmp_path / 'db.sqlite'}\n".encode()


def test_import_draws_no_progress_bar_when_stderr_is_piped(data: Path, tmp_path: Path) -> None:
    folder = _filings_folder(data, tmp_path / "filings")
    proc = _run("import", "--db", str(tmp_path / "db.sqlite"), "--jobs", "1", str(folder))
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert proc.stdout == f"5 filings read and saved in {tmp_path / 'db.sqlite'}\n".encode()


def test_import_failures_go_to_stderr_and_the_summary_to_stdout(data: Path, tmp_path: Path) -> None:
    folder = _filings_folder(data, tmp_path / "filings")
    broken = tmp_path / "broken.xml"
    broken.write_bytes((data / "ownership/mdb-form5.xml").read_bytes()[:2000])
    proc = _run("import", "--db", str(tmp_path / "db.sqlite"), str(folder), str(broken), str(tmp_path / "gone.xml"))
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == [f"5 filings read and saved in {tmp_path / 'db.sqlite'}",
                                                 "2 failed (each named on standard error)"]  # fmt: skip
    err = proc.stderr.decode().splitlines()
    assert err[0].startswith(f"form4viewer: {broken}, line ") and "not well-formed" in err[0]
    assert err[1] == f"form4viewer: {tmp_path / 'gone.xml'}: no such file or folder"


def test_import_of_standard_input_saves_the_filing_once(data: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    lrcx = (data / "submissions/lrcx-form4a.txt").read_bytes()
    first = _run("import", "--db", str(db), "-", str(data / "ownership/mdb-form5.xml"), stdin=lrcx)
    assert first.returncode == 0, first.stderr
    assert first.stdout.decode() == f"2 filings read and saved in {db}\n"
    again = _run("import", "--db", str(db), "-", stdin=lrcx)
    assert again.stdout.decode().splitlines()[1] == "1 skipped as duplicates (already saved; their corrections are kept)"
    listed = json.loads(_run("list", "--db", str(db), "--json").stdout)
    assert [(item["key"], item["issuer"], item["source_name"], item["source_kind"]) for item in listed] == [
        ("0000707549-25-000004", "LAM RESEARCH CORP", "<stdin>", "sgml"),
        (filing_key(read(data / "ownership/mdb-form5.xml")), "MongoDB, Inc.", str(data / "ownership/mdb-form5.xml"),
         "xml")]  # fmt: skip
    junk = _run("import", "--db", str(db), "-", stdin=b"Ask about the Unity holdings.\n")
    assert junk.returncode == 1
    assert junk.stderr.decode().startswith("form4viewer: <stdin>: not a Form 3/4/5 filing")


def test_the_window_is_not_offered_standard_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-"]) == 2
    assert capsys.readouterr().err.startswith("form4viewer: the window opens files, not standard input")
