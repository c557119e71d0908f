"""Speed of the ownership XML reader against bare lxml parsing of the same bytes (the baseline), in one run.

In process: `readers.read(path)` (sniffing, safety checks, the walk, the model, the hash) against
`lxml.etree.fromstring(bytes)` of each corpus XML, per file and in total. Whole process: a fresh interpreter reading
the same file list each way, so that start-up and imports count (from compiled bytecode, as installed); timed as wall clock and as CPU time (the machine may
be shared, CPU time is the steadier figure). Goal: within 3x of bare lxml, whole process.

Run with `make bench` (or `pytest tests/benchmarks/bench_xml.py --benchmarks -s`).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from form4viewer.readers import read

BARE = """
import sys
from lxml import etree
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(path, "rb") as fh:
        etree.fromstring(fh.read())
"""
#: The least a reader of our model that walks the tree in Python does: the bare parse, one look at every element's
#: tag, text and line (no decisions, no paths), and as many `Value`s with an `XmlPath` as our reader makes for the
#: file, built the cheapest way Python allows (no parsing of amounts or dates). The reader's compiled walk
#: (`readers/_ownership_walk.pyx`) does not pay for Python's look at each element, and so can come in under it.
FLOOR = """
import json, sys
from lxml import etree
from form4viewer.model import Value
from form4viewer.sources import XmlPath
counts = json.load(open(sys.argv[1] + ".counts", encoding="utf-8"))
new = object.__new__
set_value = Value.__dict__["__dict__"].__set__
set_source = XmlPath.__dict__["__dict__"].__set__
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(path, "rb") as fh:
        root = etree.fromstring(fh.read())
    for element in root.iter():
        element.tag, element.text, element.sourceline
    values = []
    for line in range(counts[path]):
        source = new(XmlPath)
        set_source(source, {"path": path, "line": line})
        value = new(Value)
        set_value(value, {"value": path, "footnotes": (), "raw": path, "source": source, "confidence": 1.0,
                          "read": None})
        values.append(value)
"""
OURS = """
import sys
from form4viewer.readers import read
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    read(path)
"""


def _best_per_file(function, items: list, rounds: int = 3) -> list[float]:
    best = [float("inf")] * len(items)
    for _ in range(rounds):
        for i, item in enumerate(items):
            start = time.perf_counter()
            function(item)
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def _cpu(function) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def _process(code: str, listing: Path, rounds: int = 3) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of a fresh interpreter running `code` over the listed files.

    Both run as an installed program does, from compiled bytecode (pip compiles it when installing): a warm-up
    round writes it to a private folder, which also warms the file cache. Without this, a checkout run with
    PYTHONDONTWRITEBYTECODE set would compile form4viewer's modules anew in every process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(listing.parent / "bytecode"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", code, str(listing)], check=True, env=env)
    walls, cpus = [], []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(listing)], check=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


@pytest.mark.corpus
def test_xml_reading_against_bare_lxml(corpus: Path, tmp_path: Path) -> None:
    paths = sorted((corpus / "xml").glob("*.xml"))
    datas = [path.read_bytes() for path in paths]
    for path in paths[:50]:  # warm up: imports, caches
        read(path)
    # The test process holds pytest's (and maybe Qt's) objects; keep the garbage collector from rescanning them on
    # every collection our allocations trigger, which a real run (the whole-process figures) does not pay.
    gc.collect()
    gc.freeze()
    bare = _best_per_file(etree.fromstring, datas)
    ours = _best_per_file(read, paths)
    ratios = sorted(o / b for o, b in zip(ours, bare, strict=True))
    bare_cpu = min(_cpu(lambda: [etree.fromstring(d) for d in datas]) for _ in range(3))
    ours_cpu = min(_cpu(lambda: [read(p) for p in paths]) for _ in range(3))

    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(str(path) for path in paths), encoding="utf-8")
    counts = {str(path): sum(1 for _, value in read(path).values() if value.source is not None) for path in paths}
    listing.with_name(listing.name + ".counts").write_text(json.dumps(counts), encoding="utf-8")
    bare_wall, bare_pcpu = _process(BARE, listing)
    floor_wall, floor_pcpu = _process(FLOOR, listing)
    ours_wall, ours_pcpu = _process(OURS, listing)

    n = len(paths)
    print(f"\nOwnership XML: form4viewer read() against bare lxml.etree.fromstring() of the same bytes, {n} files "
          f"({sum(map(len, datas)) / 1e6:.1f} MB)")
    print(f"  in process, total (best of 3 per file)  ours {sum(ours) * 1000:8.1f} ms   bare lxml "
          f"{sum(bare) * 1000:8.1f} ms   ratio {sum(ours) / sum(bare):.2f}x")
    print(f"  in process, CPU time of the whole loop  ours {ours_cpu * 1000:8.1f} ms   bare lxml "
          f"{bare_cpu * 1000:8.1f} ms   ratio {ours_cpu / bare_cpu:.2f}x")
    print(f"  per file   ours median {_median(ours) * 1000:.3f} ms, slowest {max(ours) * 1000:.3f} ms; bare median "
          f"{_median(bare) * 1000:.3f} ms; ratio median {ratios[n // 2]:.2f}x, 90th percentile "
          f"{ratios[int(n * 0.9)]:.2f}x")
    print(f"  whole process, wall clock (best of 3)   ours {ours_wall * 1000:8.1f} ms   bare lxml "
          f"{bare_wall * 1000:8.1f} ms   ratio {ours_wall / bare_wall:.2f}x   (goal: within 3x)")
    print(f"  whole process, CPU time (best of 3)     ours {ours_pcpu * 1000:8.1f} ms   bare lxml "
          f"{bare_pcpu * 1000:8.1f} ms   ratio {ours_pcpu / bare_pcpu:.2f}x")
    print(f"  floor of a walk in Python: bare parse, each element's tag, text and line looked at once, and the same "
          f"{sum(counts.values())} Values with sources built directly; whole process "
          f"{floor_wall * 1000:.1f} ms wall = {floor_wall / bare_wall:.2f}x bare, CPU {floor_pcpu * 1000:.1f} ms = "
          f"{floor_pcpu / bare_pcpu:.2f}x")
    gc.unfreeze()
