"""Speed of the ownership XML reader against bare lxml parsing of the same bytes (the baseline), in one run, on both
of its paths: with the optional accelerator (`form4viewer_accel`, packaging/accel/) where it is installed, and in
pure Python (FORM4VIEWER_ACCEL=0).

The command people run: `form4viewer extract --format jsonl` over the 935 corpus XMLs, the whole process with its
output written to a file, against a fresh interpreter parsing the same files with lxml. Goal: within 3x, with
what is installed by default. The command reads so many files in one process per core, as the bulk import does; its
CPU time is that of all its processes, and `--jobs 1` (all in one process) is timed beside it. Then `readers.read(path)` (sniffing, safety checks, the walk, the model, the hash)
in process and in a fresh interpreter, each path. Timed as wall clock and as CPU time (the machine may be shared;
CPU time is the steadier figure), best of 3. The command and its baseline are timed again as a regular install runs
them, without the editable install's import finder that this checkout's processes load.

Run with `make bench` (or `pytest tests/benchmarks/bench_xml.py --benchmarks -s`).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from lxml import etree

from form4viewer.readers import ownership, read

BARE = """
import sys
from lxml import etree
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(path, "rb") as fh:
        etree.fromstring(fh.read())
"""
#: The least a reader of our model that walks the tree in Python does: the bare parse, one look at every element's
#: tag, text and line (no decisions, no paths), and as many `Value`s with an `XmlPath` as our reader makes for the
#: file, through the constructors the reader uses (`Value.trusted`, `XmlPath.trusted`; no parsing of amounts or
#: dates). The accelerator does not pay for Python's look at each element, and so can come in under it.
FLOOR = """
import json, sys
from lxml import etree
from form4viewer.model import Value
from form4viewer.sources import XmlPath
counts = json.load(open(sys.argv[1] + ".counts", encoding="utf-8"))
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(path, "rb") as fh:
        root = etree.fromstring(fh.read())
    for element in root.iter():
        element.tag, element.text, element.sourceline
    values = [Value.trusted(path, (), path, XmlPath.trusted(path, line), 1.0) for line in range(counts[path])]
"""
OURS = """
import sys
from form4viewer.readers import ownership, read
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


def _process(code: str | list[str], listing: Path, rounds: int = 3, **extra: str) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of a fresh interpreter running `code` over the listed files (or of the
    command `code`, its output written to a file beside the listing).

    Both run as an installed program does, from compiled bytecode (pip compiles it when installing): a warm-up
    round writes it to a private folder, which also warms the file cache. Without this, a checkout run with
    PYTHONDONTWRITEBYTECODE set would compile form4viewer's modules anew in every process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(listing.parent / "bytecode"), **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argv = [sys.executable, "-c", code, str(listing)] if isinstance(code, str) else code
    output = listing.with_name("output.jsonl")
    with output.open("wb") as out:
        subprocess.run(argv, check=True, env=env, stdout=out)
    walls, cpus = [], []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with output.open("wb") as out:
            subprocess.run(argv, check=True, env=env, stdout=out)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _paths() -> list[tuple[str, dict[str, str]]]:
    """The reader's paths to time: what is installed by default, and pure Python beside it when that differs."""
    if ownership.ACCELERATED:
        return [("accelerated (default)", {}), ("pure Python", {"FORM4VIEWER_ACCEL": "0"})]
    return [("pure Python (default: no accelerator installed)", {})]


@pytest.mark.corpus
def test_xml_reading_against_bare_lxml(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted((corpus / "xml").glob("*.xml"))
    datas = [path.read_bytes() for path in paths]
    n = len(paths)
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(str(path) for path in paths), encoding="utf-8")
    counts = {str(path): sum(1 for _, value in read(path).values() if value.source is not None) for path in paths}
    listing.with_name(listing.name + ".counts").write_text(json.dumps(counts), encoding="utf-8")
    bare_wall, bare_pcpu = _process(BARE, listing)
    print(f"\nOwnership XML, {n} corpus files ({sum(map(len, datas)) / 1e6:.1f} MB); baseline: a fresh interpreter "
          f"parsing them with lxml.etree.fromstring, {bare_wall * 1000:.1f} ms wall, {bare_pcpu * 1000:.1f} ms CPU "
          f"(best of 3)")

    # The command people run, whole process, output written; each path.
    command = [str(Path(sys.executable).with_name("form4viewer")), "extract", "--format", "jsonl", *map(str, paths)]
    outputs = []
    for label, env in _paths():
        wall, pcpu = _process(command, listing, **env)
        outputs.append(listing.with_name("output.jsonl").read_bytes())
        print(f"  form4viewer extract --format jsonl, {label:48} {wall * 1000:8.1f} ms wall = "
              f"{wall / bare_wall:.2f}x   CPU {pcpu * 1000:8.1f} ms = {pcpu / bare_pcpu:.2f}x   (goal: within 3x)")
    wall, pcpu = _process([*command, "--jobs", "1"], listing)
    outputs.append(listing.with_name("output.jsonl").read_bytes())
    print(f"  form4viewer extract --format jsonl --jobs 1 (one process), {ownership.ACCELERATED and 'accelerated' or 'pure Python':28} "
          f"{wall * 1000:8.1f} ms wall = {wall / bare_wall:.2f}x   CPU {pcpu * 1000:8.1f} ms = {pcpu / bare_pcpu:.2f}x")
    assert outputs[0].count(b"\n") == n and all(output == outputs[0] for output in outputs)  # the same readings
    # The same, as a regular (not editable) install runs it: this checkout is installed with `pip install -e`,
    # whose import finder every process loads at start (a .pth file) and asks for each of form4viewer's modules.
    # Both the baseline and the command are run past it (no site module; the checkout and site-packages on the
    # path, which is where a regular install puts the package), each against the other.
    regular = {"PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                              sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])}
    regular_bare_wall, regular_bare_pcpu = _process([sys.executable, "-S", "-c", BARE, str(listing)], listing,
                                                    **regular)
    print(f"  as a regular install runs them (no editable install's finder): baseline {regular_bare_wall * 1000:.1f} "
          f"ms wall, {regular_bare_pcpu * 1000:.1f} ms CPU")
    for label, env in _paths():
        wall, pcpu = _process([sys.executable, "-S", *command], listing, **regular, **env)
        print(f"  form4viewer extract --format jsonl, {label:48} {wall * 1000:8.1f} ms wall = "
              f"{wall / regular_bare_wall:.2f}x   CPU {pcpu * 1000:8.1f} ms = {pcpu / regular_bare_pcpu:.2f}x   "
              "(regular install)")
    for label, env in _paths():
        wall, pcpu = _process(OURS, listing, **env)
        print(f"  read() of each file in a fresh process, {label:42} {wall * 1000:8.1f} ms wall = "
              f"{wall / bare_wall:.2f}x   CPU {pcpu * 1000:8.1f} ms = {pcpu / bare_pcpu:.2f}x")
    floor_wall, floor_pcpu = _process(FLOOR, listing)
    print(f"  floor of a walk in Python: bare parse, each element's tag, text and line looked at once, and the same "
          f"{sum(counts.values())} Values with sources made as the reader makes them; whole process "
          f"{floor_wall * 1000:.1f} ms wall = {floor_wall / bare_wall:.2f}x bare, CPU {floor_pcpu * 1000:.1f} ms = "
          f"{floor_pcpu / bare_pcpu:.2f}x")

    # In process, per file (best of 3 each), each path.
    for path in paths[:50]:  # warm up: imports, caches
        read(path)
    # The test process holds pytest's (and maybe Qt's) objects; keep the garbage collector from rescanning them on
    # every collection our allocations trigger, which a real run (the whole-process figures) does not pay.
    gc.collect()
    gc.freeze()
    bare = _best_per_file(etree.fromstring, datas)
    bare_cpu = min(_cpu(lambda: [etree.fromstring(d) for d in datas]) for _ in range(3))
    for label, env in _paths():
        monkeypatch.setattr(ownership, "ACCELERATED", ownership.ACCELERATED and not env)
        ours = _best_per_file(read, paths)
        ratios = sorted(o / b for o, b in zip(ours, bare, strict=True))
        ours_cpu = min(_cpu(lambda: [read(p) for p in paths]) for _ in range(3))
        print(f"  in process, {label}: total {sum(ours) * 1000:.1f} ms against bare lxml {sum(bare) * 1000:.1f} ms "
              f"= {sum(ours) / sum(bare):.2f}x; CPU {ours_cpu * 1000:.1f} ms against {bare_cpu * 1000:.1f} ms = "
              f"{ours_cpu / bare_cpu:.2f}x; per file median {_median(ours) * 1000:.3f} ms, ratio median "
              f"{ratios[n // 2]:.2f}x, 90th percentile {ratios[int(n * 0.9)]:.2f}x")
        _print_split(paths, label)
    gc.unfreeze()


def _print_split(paths: list[Path], label: str) -> None:
    """Where the extract command's time goes in process, step by step over the files (CPU time, one round
    after the rounds above): loading the bytes, parsing, the reader's walk and the making of the
    filing from the tree, the contract, and its JSON line."""
    from form4viewer.contract import to_contract
    from form4viewer.readers import _load
    from form4viewer.readers.ownership import filing_from_tree, parse_xml

    encode = json.JSONEncoder(ensure_ascii=False).encode
    steps = dict.fromkeys(("load", "parse", "walk and filing", "contract", "JSON"), 0.0)
    clock = time.process_time
    for path in paths:
        start = clock()
        data, _ = _load(path)
        loaded = clock()
        root = parse_xml(data, str(path))
        parsed = clock()
        filing = filing_from_tree(root, str(path), data)
        walked = clock()
        item = to_contract(filing, str(path))
        contracted = clock()
        encode(item)
        done = clock()
        steps["load"] += loaded - start
        steps["parse"] += parsed - loaded
        steps["walk and filing"] += walked - parsed
        steps["contract"] += contracted - walked
        steps["JSON"] += done - contracted
    print(f"  in process, {label}, extract's steps (CPU): " + ", ".join(f"{name} {seconds * 1000:.0f} ms"
                                                          for name, seconds in steps.items()))
