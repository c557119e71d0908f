"""Bulk import speed: the 17,949 full submissions of 2023 into one SQLite file, against bare lxml parsing of the
same XML in the same run (goal: within 6x), and files per second. Also where one process spends its time on a
sample, and the export of the whole file.

The machine may be shared, so wall-clock figures wander: the bare parse is timed before and after the import (the
ratio is against their mean), and CPU time is printed beside each (for the import, this process's and its reading
processes'; spread over the cores, it is what the import would take on an idle machine).

Run with `make bench` (or `pytest tests/benchmarks/bench_import.py --benchmarks -s`).
"""

from __future__ import annotations

import gc
import hashlib
import os
import resource
import sqlite3
import tarfile
import time
from pathlib import Path

import pytest
from lxml import etree

from form4viewer import store as store_module
from form4viewer.checks import check
from form4viewer.codec import filing_json
from form4viewer.export import render, write_rendered
from form4viewer.identity import fingerprint
from form4viewer.importer import BATCH, _read_files, import_paths, map_filings
from form4viewer.limits import DEFAULT_SECONDS
from form4viewer.readers import read_bytes
from form4viewer.sec_tables import filing_rows
from form4viewer.store import Store, prepare

ARCHIVE = "bulk/form4-full-submissions-2023q1-q3.tar.xz"


def bare_lxml(files: list[Path]) -> tuple[float, float]:
    """Seconds (wall, CPU) to read each file and parse its embedded XML with lxml, doing nothing with the tree."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        data = path.read_bytes()
        begin = data.index(b"<XML>") + 5
        end = data.index(b"</XML>", begin)
        etree.fromstring(data[begin:end].strip(), parser)
    return time.perf_counter() - start, time.process_time() - cpu


def bare_lxml_on_every_core(files: list[Path], cores: int) -> float:
    """Seconds (wall) to do `bare_lxml` over the files shared among `cores` processes run at once: how much faster
    this machine's cores make the same work together than one of them alone (2x on two cores that do not slow each
    other; less where they share a physical core or the host is busy)."""
    start = time.perf_counter()
    children = []
    for k in range(cores):
        pid = os.fork()
        if pid == 0:  # pragma: no cover -- the child
            try:
                bare_lxml(files[k::cores])
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return time.perf_counter() - start


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def per_file_ms(seconds: float, count: int) -> str:
    return f"{seconds / count * 1000:.2f} ms"


@pytest.mark.corpus
def test_bulk_import_against_bare_lxml(corpus: Path, tmp_path_factory: pytest.TempPathFactory,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path_factory.mktemp("bulk")
    with tarfile.open(corpus / ARCHIVE) as archive:
        archive.extractall(folder, filter="data")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    bare_lxml(files[:500])  # warm the file cache for both
    before, before_cpu = bare_lxml(files)

    db = tmp_path_factory.mktemp("db") / "bulk.sqlite"
    start, cpu, workers = time.perf_counter(), time.process_time(), children_cpu()
    with Store.open(db) as store:
        outcomes = import_paths(store, [folder])
    elapsed = time.perf_counter() - start
    main_cpu, workers_cpu = time.process_time() - cpu, children_cpu() - workers
    read = sum(1 for o in outcomes if o.status == "read")

    # How far down the import's time can go with less of its work: the same import without the checks, then
    # also without the filing's JSON and its SEC table rows (the JSON saved as "{}", only the SUBMISSION row made,
    # no SEC table written): what reading the files and saving each with its source and summary costs. Measures
    # only; neither import is one a person could use.
    lighter = {}
    start = time.perf_counter()
    with Store.open(tmp_path_factory.mktemp("db") / "unchecked.sqlite") as store:
        import_paths(store, [folder], check=False)
    lighter["without the checks"] = time.perf_counter() - start
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "filing_json", lambda filing: "{}")
        patch.setattr(store_module, "filing_rows", lambda filing: {"SUBMISSION": filing_rows(filing)["SUBMISSION"]})
        patch.setattr(Store, "_write_sec", lambda self, rows: None)
        start = time.perf_counter()
        with Store.open(tmp_path_factory.mktemp("db") / "bare.sqlite") as store:
            import_paths(store, [folder], check=False)
        lighter["without the checks, the JSON and the SEC tables"] = time.perf_counter() - start

    after, after_cpu = bare_lxml(files)
    cores = os.cpu_count() or 1
    together = bare_lxml_on_every_core(files, cores)
    baseline, baseline_cpu = (before + after) / 2, (before_cpu + after_cpu) / 2

    # Where one process spends its time, on a sample (every 18th file, about a thousand): each step of what a
    # reading process does for a file, then what this process does with what it gets back, saved in batches of
    # the import's size. Preparing a filing to be written is the filing's JSON, its SEC table rows, its content
    # fingerprint and the summary columns; each of the first three is also timed on its own.
    sample = files[::18]
    datas = [p.read_bytes() for p in sample]
    # The import holds a few filings at a time; the sample holds a thousand, which the garbage collector would walk
    # again and again while the later steps run (and count against them): it is kept off for the sample.
    gc.collect()
    gc.disable()
    t0 = time.process_time()
    filings = [read_bytes(data, str(p)) for data, p in zip(datas, sample, strict=True)]
    t1 = time.process_time()
    problems = [check(f) for f in filings]
    t2 = time.process_time()
    hashes = [hashlib.sha256(data).hexdigest() for data in datas]
    prepared = [prepare(f, data, extracted=f, problems=p, sha256=sha)
                for f, data, p, sha in zip(filings, datas, problems, hashes, strict=True)]  # fmt: skip
    t3 = time.process_time()
    parts = {}
    for label, step in (("JSON", filing_json), ("SEC rows", filing_rows), ("fingerprint", fingerprint)):
        start_step = time.process_time()
        for f in filings:
            step(f)
        parts[label] = time.process_time() - start_step
    # What a reading process does with its share of files (a file at a time: opened, hashed, read, checked and
    # made ready to write, within its time limit; `importer._read_files`), on the same sample in the import's shares.
    start_step = time.process_time()
    names = [(str(p), True) for p in sample]
    for at in range(0, len(names), 32):
        _read_files(names[at : at + 32], set(), True, DEFAULT_SECONDS)
    shares = time.process_time() - start_step
    scratch = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    items = [(str(p), item) for p, item in zip(sample, prepared, strict=True)]
    with Store.open(scratch) as store, store.bulk_writing():
        t5 = time.process_time()
        for at in range(0, len(items), BATCH):
            store.save_batch(items[at : at + BATCH])
        t6 = time.process_time()
    gc.enable()

    with Store.open(db) as store:
        start = time.perf_counter()
        counts = write_rendered(tmp_path_factory.mktemp("csv"), (lines for _, lines in map_filings(store, render)))
        exported = time.perf_counter() - start
    with sqlite3.connect(db) as conn:
        (size,) = conn.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").fetchone()

    n = len(sample)
    print()
    print(f"bulk import of {len(files)} full submissions ({read} read) on {cores} cores")
    print(f"  bare lxml parse of the same XML, one process: {baseline:6.1f} s (before the import {before:.1f} s, after "
          f"{after:.1f} s; CPU {baseline_cpu:.1f} s)")  # fmt: skip
    print(f"  the same parse shared among {cores} processes at once: {together:6.1f} s, {baseline / together:.2f}x as "
          f"fast as one process (what this machine's {cores} cores give together; the import's reading runs so)")
    print(f"  form4viewer import (read, check, save): {elapsed:6.1f} s = {elapsed / baseline:.1f}x bare lxml "
          f"(goal: within 6x); {len(files) / elapsed:.0f} files/s")  # fmt: skip
    for label, seconds in lighter.items():
        print(f"    the same import {label} (measuring only): {seconds:6.1f} s = {seconds / baseline:.1f}x bare lxml")
    print(f"    CPU: this process {main_cpu:.1f} s, reading processes {workers_cpu:.1f} s; over {cores} cores "
          f"{(main_cpu + workers_cpu) / cores:.1f} s = {(main_cpu + workers_cpu) / cores / baseline_cpu:.1f}x the "
          f"bare parse's CPU")  # fmt: skip
    print(f"    per file: this process {per_file_ms(main_cpu, len(files))}, reading processes "
          f"{per_file_ms(workers_cpu, len(files))}; bare lxml {per_file_ms(baseline_cpu, len(files))}")  # fmt: skip
    print(f"  one process, CPU per file on {n} of them (garbage collector off): read {per_file_ms(t1 - t0, n)}, checks {per_file_ms(t2 - t1, n)}, "
          f"hash and prepare {per_file_ms(t3 - t2, n)} ("
          + ", ".join(f"{label} {per_file_ms(seconds, n)}" for label, seconds in parts.items())
          + f"); saving {per_file_ms(t6 - t5, n)}")  # fmt: skip
    print(f"  one process, CPU per file of a reading process's work on the same files in shares of 32 (opened, "
          f"hashed, read, checked, prepared, each within its time limit): {per_file_ms(shares, n)}; of which "
          f"the import's own (all but read()): {per_file_ms(shares - (t1 - t0), n)}")  # fmt: skip
    print(f"  export of every filing to the nine CSV files: {exported:.1f} s "
          f"({counts['transactions.csv']} table rows, {len(files) / exported:.0f} filings/s)")  # fmt: skip
    print(f"  database size: {size / 1e6:.0f} MB")
    assert read == len(files)
