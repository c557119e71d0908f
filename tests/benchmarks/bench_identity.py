"""What a filing's content fingerprint (form4viewer.identity) costs an import, and what finding a second source by it
costs a save: over the 935 corpus XMLs, `identity.fingerprint` and `store.prepare` (which computes it for every file
an import writes) timed against `prepare` without it in the same run (the baseline), in CPU time, the best of five
runs each (the machine may be shared); and `Store.same_filing` for 200 of them under names without their accession
number, in a file of the 935, against working out and looking up the key alone (what it did before).

Run with `pytest tests/benchmarks/bench_identity.py --benchmarks -s`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

import form4viewer.store
from form4viewer.export import filing_key
from form4viewer.identity import fingerprint
from form4viewer.model import Filing
from form4viewer.readers import read, read_bytes
from form4viewer.store import Store, prepare


def best_cpu(work: Callable[[], object], runs: int = 5) -> float:
    """The least CPU seconds of `runs` runs of `work`."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.corpus
def test_fingerprint_cost_against_prepare_without_it(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted((corpus / "xml").glob("*.xml"))
    filings: list[Filing] = [read(p) for p in paths]
    n = len(filings)
    alone = best_cpu(lambda: [fingerprint(f) for f in filings])
    with_it = best_cpu(lambda: [prepare(f) for f in filings])
    monkeypatch.setattr(form4viewer.store, "fingerprint", lambda filing: None)
    without = best_cpu(lambda: [prepare(f) for f in filings])
    monkeypatch.undo()
    print(f"\nfingerprint: {alone / n * 1e6:.0f} us a filing; prepare {with_it / n * 1e6:.0f} us with it, "
          f"{without / n * 1e6:.0f} us without (baseline): +{(with_it - without) / without:.1%}")

    store = Store(sqlite_utils.Database(memory=True))
    for filing in filings:
        store.save(filing)
    # The same filings under names without an accession number and with other bytes (no key or hash matches).
    seconds = [read_bytes(p.read_bytes() + b"\n", p.name.split("_", 1)[-1]) for p in paths[:200]]
    found = []
    spent = best_cpu(lambda: found.__setitem__(slice(None), [store.same_filing(f) for f in seconds]))
    # Baseline: what same_filing did before, the key worked out and looked up (it finds only the files whose
    # saved copy had no accession number in its name either: then both keys are the content's).
    keyed: list[int | None] = []
    by_key = best_cpu(lambda: keyed.__setitem__(slice(None), [store.first_with_key(filing_key(f)) for f in seconds]))
    print(f"same_filing by content in a file of {n}: {spent / len(seconds) * 1e6:.0f} us a file, "
          f"{sum(i is not None for i in found)} of {len(seconds)} found; the key alone (baseline): "
          f"{by_key / len(seconds) * 1e6:.0f} us a file, {sum(i is not None for i in keyed)} found")
    assert sum(i is not None for i in found) >= 190
