"""`form4viewer extract` over many files reads them in worker processes: the same output, in the order given, as
reading them all in one process (`--jobs 1`); a bad file is reported in its place; a worker that dies loses only
the files it held, each reported by name; a bad `--jobs` is refused. Each run is a fresh process, as a person's is
(this test process may hold threads, where workers are not forked)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SOURCES = [
    DATA / "ownership" / "pdot-form4-ten-owners.xml",
    DATA / "submissions" / "dkng-form4-10b5-1.txt",
    DATA / "ownership" / "u-form4-value-only-rows.xml",
    DATA / "ownership" / "tsla-form4-34-footnotes.xml",
    DATA / "ownership" / "mdb-form5.xml",
]
#: More files than extract reads in one process (`cli._PARALLEL_FROM`).
COUNT = 90


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    """COUNT filings copied under names of their own, and a broken one as the 41st."""
    names = []
    for i in range(COUNT):
        source = SOURCES[i % len(SOURCES)]
        path = tmp_path / f"{i:03d}-{source.name}"
        if i == 40:
            path = tmp_path / f"{i:03d}-broken.xml"
            path.write_bytes(b'<?xml version="1.0"?>\n<ownershipDocument>\n<issuer>\n</ownershipDocument>\n')
        else:
            shutil.copyfile(source, path)
        names.append(str(path))
    return names


def _extract(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    argv = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "form4viewer", *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)


def test_many_files_read_in_workers_give_what_one_process_gives(files: list[str]) -> None:
    one = _extract("extract", "--format", "jsonl", "--jobs", "1", *files)
    two = _extract("extract", "--format", "jsonl", "--jobs", "2", *files)
    assert one.returncode == two.returncode == 1  # the broken file
    assert two.stdout == one.stdout and two.stderr == one.stderr == ""
    items = [json.loads(line) for line in two.stdout.splitlines()]
    assert [item["file"] for item in items] == files
    assert set(items[40]) == {"file", "error"} and "the XML is not well-formed" in items[40]["error"]
    pdot = items[0]
    assert len(pdot["reporting_owners"]) == 10
    assert pdot["derivative_transactions"][0]["shares"] == "10121368"
    assert items[1]["accession_number"] == "0001104659-25-025206"
    assert all(item == items[i % len(SOURCES)] | {"file": files[i]} for i, item in enumerate(items) if i != 40)


def test_json_array_from_workers_is_the_same_with_the_error_on_stderr(files: list[str]) -> None:
    one = _extract("extract", "--jobs", "1", *files)
    two = _extract("extract", "--jobs", "2", *files)
    assert two.returncode == one.returncode == 1
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert two.stderr.startswith(f"form4viewer: {files[40]}, line 4: the XML is not well-formed")
    assert len(json.loads(two.stdout)) == COUNT


#: Runs extract with a worker that dies (as one would on a file that crashes the XML library) while it reads the
#: share holding the file whose name has "003-" in it.
DYING = """
import os, sys
from form4viewer import cli

real = cli._extract_files_list

def dying(files, seconds, lines):
    if any("003-" in f for f in files):
        os._exit(70)
    return real(files, seconds, lines)

cli._extract_files_list = dying
sys.exit(cli.main(["extract", "--format", "jsonl", "--jobs", "2", *sys.argv[1:]]))
"""


def test_a_worker_that_dies_loses_only_files_not_yet_given_each_reported_by_name(files: list[str]) -> None:
    result = _extract(*files, code=DYING)
    assert result.returncode == 1
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["file"] for item in items] == files  # every file, once, in order
    lost = [i for i, item in enumerate(items) if "error" in item and "stopped unexpectedly" in item["error"]]
    # The share that held the 4th file, a few files in a row; every file after it is read.
    assert 3 in lost and lost == list(range(lost[0], lost[-1] + 1)) and len(lost) <= 32
    assert items[lost[0]]["error"] == (f"{files[lost[0]]}: not read: a reading process stopped unexpectedly (this "
                                       "file or one read at the same time may have crashed it)")
    assert all("error" not in item for i, item in enumerate(items) if i not in lost and i != 40)
    assert "error" in items[40] and items[50]["reporting_owners"][0]["name"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_a_bad_number_of_jobs_is_refused(jobs: str, files: list[str]) -> None:
    result = _extract("extract", "--jobs", jobs, *files[:2])
    assert result.returncode == 2 and result.stdout == ""
    assert f"argument --jobs: not a number of processes (1 or more): '{jobs}'" in result.stderr
