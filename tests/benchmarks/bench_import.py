"""Bulk import speed: the 17,949 full submissions of 2023 into one SQLite file, against bare lxml parsing of the
same XML in the same run (goal: within 6x), and files per second. Also where one process spends its time on a
sample, and the export of the whole file.

Run with `make bench` (or `pytest tests/benchmarks/bench_import.py --benchmarks -s`).
"""

from __future__ import annotations

import json
import os
import tarfile
import time
from pathlib import Path

import pytest
from lxml import etree

from form4viewer.export import render, write_rendered
from form4viewer.readers import read_bytes
from form4viewer.store import Store, prepare

ARCHIVE = "bulk/form4-full-submissions-2023q1-q3.tar.xz"


def bare_lxml(files: list[Path]) -> float:
    """Seconds to read each file and parse its embedded XML with lxml, doing nothing with the tree."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    start = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        begin = data.index(b"<XML>") + 5
        end = data.index(b"</XML>", begin)
        etree.fromstring(data[begin:end].strip(), parser)
    return time.perf_counter() - start


@pytest.mark.corpus
def test_bulk_import_against_bare_lxml(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("bulk")
    with tarfile.open(corpus / ARCHIVE) as archive:
        archive.extractall(folder, filter="data")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    bare_lxml(files[:500])  # warm the file cache for both
    baseline = bare_lxml(files)

    db = tmp_path_factory.mktemp("db") / "bulk.sqlite"
    start = time.perf_counter()
    with Store.open(db) as store:
        outcomes = store.import_paths([folder])
    elapsed = time.perf_counter() - start
    read = sum(1 for o in outcomes if o.status == "read")

    # Where one process spends its time, on a sample.
    sample = files[:1000]
    datas = [p.read_bytes() for p in sample]
    t0 = time.perf_counter()
    filings = [read_bytes(data, str(p)) for data, p in zip(datas, sample, strict=True)]
    t1 = time.perf_counter()
    dicts = [f.to_dict() for f in filings]
    t2 = time.perf_counter()
    for d in dicts:
        json.dumps(d, ensure_ascii=False, separators=(",", ":"))
    t3 = time.perf_counter()
    for f, data in zip(filings, datas, strict=True):
        prepare(f, data, extracted=f)
    t4 = time.perf_counter()

    with Store.open(db) as store:
        start = time.perf_counter()
        counts = write_rendered(tmp_path_factory.mktemp("csv"), (lines for _, lines in store.map_filings(render)))
        exported = time.perf_counter() - start

    per = 1000 / len(sample)
    print()
    print(f"bulk import of {len(files)} full submissions ({read} read) on {os.cpu_count()} cores")
    print(f"  bare lxml parse of the same XML, one process: {baseline:7.1f} s")
    print(f"  form4viewer import (read, check for duplicates, save): {elapsed:7.1f} s = {elapsed / baseline:.1f}x "
          f"bare lxml (goal: within 6x); {len(files) / elapsed:.0f} files/s")  # fmt: skip
    print(f"  one process, per file: read {(t1 - t0) * per:.2f} ms, Filing.to_dict {(t2 - t1) * per:.2f} ms, "
          f"JSON {(t3 - t2) * per:.2f} ms, prepare (all of it) {(t4 - t3) * per:.2f} ms; "
          f"bare lxml {baseline / len(files) * 1000:.2f} ms")  # fmt: skip
    print(f"  export of every filing to the nine CSV files: {exported:.1f} s "
          f"({counts['transactions.csv']} table rows, {len(files) / exported:.0f} filings/s)")  # fmt: skip
    print(f"  database size: {db.stat().st_size / 1e6:.0f} MB")
    assert read == len(files)
