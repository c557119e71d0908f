"""A real text printout and a real EDGAR page, with long runs of hostile characters put in at random places: every
reading ends well within a few seconds (a file built to waste time would run into the budget), either with a filing
or with a ReadError naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from form4viewer.errors import ReadError
from form4viewer.limits import TooSlowError, time_budget
from form4viewer.readers import read_bytes

DATA = Path(__file__).parents[1] / "data"
SAMPLES = {
    "text": DATA / "text" / "qualys-form4-2013.txt",
    "html": DATA / "html" / "scwo-form4-secgov.html",
}
#: A reading of either sample takes well under a second; runs of 20,000 characters read in linear time add little.
BUDGET_SECONDS = 5.0
UNITS = [" ", "\t", "[", "]", "<", "<a", "&", "0", ",", "/", "(", "a", "\n", "\u00a0", "*", "#", "_", "|", "-"]

#: Where runs go: anywhere (a fraction of the file), or just after one of these marks (the n-th one found), which is
#: where the parsers look: inside the issuer's brackets, a table cell, an address, a tag.
MARKS = ["[", "\t", ", ", "<a", "<", ">", "\n", "(", "/", "QUALYS", "374Water", "CITY", "Common Stock"]

places = st.one_of(
    st.floats(min_value=0.0, max_value=1.0),
    st.tuples(st.sampled_from(MARKS), st.integers(0, 40)),
)
insertions = st.lists(
    st.tuples(places, st.sampled_from(UNITS), st.integers(1, 20_000), st.sampled_from(["", "x", "]", "]x", "QLYS"])),
    min_size=1,
    max_size=3,
)


def _place(text: str, where: float | tuple[str, int]) -> int:
    if isinstance(where, float):
        return int(where * len(text))
    mark, nth = where
    at = -1
    for _ in range(nth + 1):
        found = text.find(mark, at + 1)
        if found < 0:
            break
        at = found
    return at + len(mark) if at >= 0 else len(text)


def _with_runs(text: str, runs: list[tuple[float | tuple[str, int], str, int, str]]) -> str:
    for where, unit, length, after in runs:
        at = _place(text, where)
        text = text[:at] + unit * max(1, length // len(unit)) + after + text[at:]
    return text


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_long_runs_anywhere_in_a_real_filing_never_exhaust_the_time_budget(kind: str) -> None:
    original = SAMPLES[kind].read_text(encoding="utf-8")
    name = f"hostile-{SAMPLES[kind].name}"

    @settings(derandomize=True, deadline=None, max_examples=30, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @example(runs=[(("[", 0), " ", 4000, "]x")])  # the issuer's [ and 4,000 spaces: cubic once
    @given(runs=insertions)
    def run(runs: list[tuple[float | tuple[str, int], str, int, str]]) -> None:
        data = _with_runs(original, runs).encode("utf-8")
        try:
            with time_budget(BUDGET_SECONDS, name):
                read_bytes(data, name)
        except TooSlowError as exc:
            raise AssertionError(f"{runs!r}: {exc}") from None
        except ReadError as exc:
            assert name in str(exc)

    run()


def test_the_budget_would_stop_a_reading_that_backtracks() -> None:
    # The reading above is bounded by the same budget that ends this cubic search, so a slow regression fails
    # rather than hangs.
    import re

    with pytest.raises(TooSlowError, match="slow.txt"), time_budget(0.5, "slow.txt"):
        re.search(r"\[\s*([^\]]*?)\s*\]\s*$", "X [" + " " * 5000 + "x")
