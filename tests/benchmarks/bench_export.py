"""Export speed: every filing of a database of the 17,949 full submissions of 2023 (`bulk/` in the corpus, imported
once with `form4viewer import`) exported with `form4viewer export` in each format (sec, csv, xlsx, xml), each timed,
against two baselines in the same run over the same database:

- "sqlite3 + json": the least any export must do, every saved filing's JSON read back with plain sqlite3 and
  `json.loads` (nothing made of it);
- "sqlite3 + csv": the SEC tables the database already holds, every row selected with plain sqlite3 and written
  with the csv module as eight tab-separated files (the same rows `--format sec` writes, without formatting them
  as the SEC does).

The machine may be shared, so wall-clock figures wander; CPU time (this process's and its worker processes') is
printed beside each. Run with `make bench` (or `pytest tests/benchmarks/bench_export.py --benchmarks -s`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import resource
import sqlite3
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from form4viewer.cli import main
from form4viewer.sec_format import TABLE_NAMES

ARCHIVE = "bulk/form4-full-submissions-2023q1-q3.tar.xz"
FORMATS = ("sec", "csv", "xlsx", "xml")


def cpu_now() -> float:
    """CPU seconds of this process and of its finished child processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextlib.contextmanager
def timed(into: dict[str, tuple[float, float]], name: str) -> Iterator[None]:
    start, cpu = time.perf_counter(), cpu_now()
    yield
    into[name] = (time.perf_counter() - start, cpu_now() - cpu)


def sqlite_json(db: Path) -> int:
    """Every saved filing's JSON (as corrected, else as read), read and parsed; returns how many."""
    count = 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for (text,) in conn.execute("SELECT coalesce(current, extracted) FROM filings"):
            json.loads(text)
            count += 1
    return count


def sqlite_csv(db: Path, out: Path) -> int:
    """Every row of the database's eight SEC tables written as tab-separated files; returns the SUBMISSION rows."""
    out.mkdir(parents=True)
    submissions = 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for table in TABLE_NAMES:
            cursor = conn.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - the SEC's table names
            with open(out / f"{table}.tsv", "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
                writer.writerow([d[0] for d in cursor.description])
                for row in cursor:
                    writer.writerow(row)
                    submissions += table == "SUBMISSION"
    return submissions


def quietly(run: Callable[[], int]) -> tuple[int, str]:
    """The exit status of a command-line call, and what it wrote to standard error (its standard output dropped)."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = run()
    return status, err.getvalue()


@pytest.mark.corpus
def test_export_of_every_bulk_filing_in_each_format(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("bulk")
    with tarfile.open(corpus / ARCHIVE) as archive:
        archive.extractall(folder, filter="data")
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    db = tmp_path_factory.mktemp("db") / "bulk.sqlite"
    times: dict[str, tuple[float, float]] = {}
    with timed(times, "import"):
        status, _ = quietly(lambda: main(["import", "--db", str(db), str(folder)]))
    assert status == 0

    out = tmp_path_factory.mktemp("out")
    sqlite_json(db)  # warm the file cache for every reader alike
    with timed(times, "sqlite3 + json"):
        filings = sqlite_json(db)
    assert filings == files
    with timed(times, "sqlite3 + csv"):
        assert sqlite_csv(db, out / "baseline") == files

    said: dict[str, str] = {}
    for fmt in FORMATS:
        target = out / ("filings.xlsx" if fmt == "xlsx" else fmt)
        with timed(times, fmt):
            status, said[fmt] = quietly(
                lambda fmt=fmt, target=target: main(["export", "--db", str(db), "--out", str(target), "--format", fmt])
            )
        # `--format xml` ends with status 1 when a document is not valid EDGAR XML yet (each named on stderr)
        assert status == 0 or (fmt == "xml" and status == 1), (fmt, said[fmt][-2000:])

    not_valid = sum(1 for line in said["xml"].splitlines() if "is not valid EDGAR XML yet" in line)

    cores = os.cpu_count() or 1
    json_s, json_cpu = times["sqlite3 + json"]
    csv_s, csv_cpu = times["sqlite3 + csv"]
    print()
    print(f"export of {files} full submissions (bulk/, 2023 Q1-Q3) on {cores} cores; import once: "
          f"{times['import'][0]:.1f} s")  # fmt: skip
    print(f"  baseline sqlite3 + json (every filing's JSON read back): {json_s:6.1f} s, CPU {json_cpu:6.1f} s, "
          f"{files / json_s:7.0f} filings/s")  # fmt: skip
    print(f"  baseline sqlite3 + csv (the SEC tables' rows as TSV):    {csv_s:6.1f} s, CPU {csv_cpu:6.1f} s, "
          f"{files / csv_s:7.0f} filings/s")  # fmt: skip
    for fmt in FORMATS:
        wall, cpu = times[fmt]
        print(f"  export --format {fmt:4}: {wall:6.1f} s, CPU {cpu:6.1f} s, {files / wall:5.0f} filings/s = "
              f"{wall / json_s:5.1f}x sqlite3 + json, {wall / csv_s:5.1f}x sqlite3 + csv"
              + (f"; {not_valid} documents not valid EDGAR XML yet" if fmt == "xml" else ""))  # fmt: skip
    sizes = {
        "sec": sum(p.stat().st_size for p in (out / "sec").iterdir()),
        "csv": sum(p.stat().st_size for p in (out / "csv").iterdir()),
        "xlsx": (out / "filings.xlsx").stat().st_size,
        "xml": sum(p.stat().st_size for p in (out / "xml").iterdir()),
    }
    print("  output sizes: " + ", ".join(f"{fmt} {size / 1e6:.0f} MB" for fmt, size in sizes.items()))

    # every filing written once in each format (a remark may run over lines: the files are read as CSV)
    with open(out / "sec" / "SUBMISSION.tsv", newline="", encoding="utf-8") as fh:
        assert sum(1 for _ in csv.reader(fh, delimiter="\t")) - 1 == files
    with open(out / "csv" / "SUBMISSION.csv", newline="", encoding="utf-8-sig") as fh:
        assert sum(1 for _ in csv.reader(fh)) - 1 == files
    assert sum(1 for _ in (out / "xml").glob("*.xml")) == files
