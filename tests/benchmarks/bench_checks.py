"""Speed of the checks, which the window reruns on every edit: `check(filing)` over the corpus XML filings against
`to_contract(filing)` (one pass formatting every value, what an export or the extract command does) in the same run,
and the time of one edit plus a rerun on the largest filing.

Run with `make bench` (or `pytest tests/benchmarks/bench_checks.py --benchmarks -s`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer.checks import check
from form4viewer.contract import to_contract
from form4viewer.model import Filing
from form4viewer.readers import read


def per_filing(function: Callable[[Filing], object], filings: list[Filing], rounds: int = 3) -> list[float]:
    """Best of `rounds` seconds for each filing."""
    best = [float("inf")] * len(filings)
    for _ in range(rounds):
        for i, filing in enumerate(filings):
            start = time.perf_counter()
            function(filing)
            best[i] = min(best[i], time.perf_counter() - start)
    return best


@pytest.mark.corpus
def test_checks_against_formatting_every_value(corpus: Path) -> None:
    filings = [read(path) for path in sorted((corpus / "xml").glob("*.xml"))]
    per_filing(check, filings[:50], rounds=1)  # warm up
    baseline = per_filing(lambda f: to_contract(f, "x"), filings)
    checks = per_filing(check, filings)
    sizes = [sum(1 for _ in f.values()) for f in filings]
    largest = max(range(len(filings)), key=lambda i: sizes[i])
    print(f"\ncheck() on {len(filings)} corpus XML filings, against to_contract() (baseline) in the same run")
    print(f"  total       check {sum(checks) * 1000:8.1f} ms   to_contract {sum(baseline) * 1000:8.1f} ms   "
          f"ratio {sum(checks) / sum(baseline):.2f}x")
    ordered = sorted(checks)
    print(f"  per filing  median {ordered[len(ordered) // 2] * 1000:.2f} ms, 99th percentile "
          f"{ordered[int(len(ordered) * 0.99)] * 1000:.2f} ms, slowest {ordered[-1] * 1000:.2f} ms")
    print(f"  largest filing ({sizes[largest]} fields): check {checks[largest] * 1000:.2f} ms, "
          f"to_contract {baseline[largest] * 1000:.2f} ms")

    # What the window does on each keystroke that changes a value: one edit, then the checks again.
    filing = filings[largest]
    path = next(p for p, v in filing.values() if isinstance(v.value, Decimal))
    edits = 200
    start = time.perf_counter()
    for n in range(edits):
        filing = filing.replace_at(path, filing.get(path).corrected_to(Decimal(n)))
        check(filing)
    elapsed = (time.perf_counter() - start) / edits
    print(f"  one edit of {path} plus check() on the largest filing: {elapsed * 1000:.2f} ms")
