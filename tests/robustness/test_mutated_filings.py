"""Real filings damaged at random (bytes flipped, cut short, chunks inserted or deleted, lines shuffled) go through
the readers: a reader either gives a filing that can be saved and checked, or one of the project's own errors
naming the file; never another exception, and each within a bounded time (hypothesis's deadline).

The examples are derandomized so that CI runs the same ones every time; set FORM4VIEWER_FUZZ_SCALE (say 10) to run
more, with fresh random ones."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from form4viewer import read_bytes
from form4viewer.checks import check
from form4viewer.errors import Form4ViewerError
from form4viewer.model import Filing

DATA = Path(__file__).parents[1] / "data"
SCALE = int(os.environ.get("FORM4VIEWER_FUZZ_SCALE", "1"))

# sample -> (examples, deadline in seconds); PDFs are slower to read, so fewer of them, with more time each.
SAMPLES = {
    "robustness/tsla-form4-2023.xml": (120, 3),
    "ownership/secsample-form4.xml": (60, 3),
    "submissions/dkng-form4-10b5-1.txt": (80, 3),
    "submissions/amd-form4-feed.nc": (40, 3),
    "submissions/snhy-form4-pem-wrapped.txt": (40, 3),
    "submissions/secsample-envelope-form4.xml": (60, 3),
    "text/qualys-form4-2013.txt": (100, 3),
    "submissions/prac-form4-plain-text-2000.txt": (60, 3),
    "html/cxai-form4-rendered.html": (80, 5),
    "html/scwo-form4-secgov.html": (60, 5),
    "robustness/rendered-form4.pdf": (25, 20),
    "pdf/kscope-msft-jolla-alice-2024.pdf": (15, 20),
}


def _flip(data: bytes, at: int, byte: int) -> bytes:
    if not data:
        return data
    at %= len(data)
    return data[:at] + bytes([byte]) + data[at + 1 :]


def _truncate(data: bytes, at: int) -> bytes:
    return data[: at % (len(data) + 1)]


def _insert(data: bytes, at: int, chunk: bytes) -> bytes:
    at %= len(data) + 1
    return data[:at] + chunk + data[at:]


def _copy(data: bytes, at: int, start: int, length: int) -> bytes:
    """A piece of the file itself put somewhere else: well-formed-looking damage that gets past sniffing."""
    if not data:
        return data
    start %= len(data)
    return _insert(data, at, data[start : start + length])


def _delete(data: bytes, at: int, length: int) -> bytes:
    if not data:
        return data
    at %= len(data)
    return data[:at] + data[at + length :]


# Values that readers have to parse: numbers, dates, codes, empty, absurd.
TOKENS = [b"", b"0", b"-1", b"1e999", b"NaN", b"99999999999999999999999999", b"0.0000001", b"1,000,000", b"$",
          b"13/45/2023", b"2023-02-30", b"02/29/2023", b"9999-12-31", b"true", b"X", b"(1)", b"[F9]", b"F99",
          b"A", b"D", b"Z", "Müller".encode(), "\u202e".encode(), b"&amp;", b"  "]  # fmt: skip


def _token(data: bytes, at: int, token: bytes) -> bytes:
    """A run of letters or digits replaced: the file stays well-formed, so the damage reaches the value parsing."""
    if not data:
        return data
    at %= len(data)
    while at < len(data) and not data[at : at + 1].isalnum():
        at += 1
    end = at
    while end < len(data) and data[end : end + 1].isalnum():
        end += 1
    return data[:at] + token + data[end:]


def _text_node(data: bytes, at: int, token: bytes) -> bytes:
    """The text between two tags replaced (an XML or HTML value), leaving the markup well-formed."""
    found = _TEXT_NODE.search(data, at % (len(data) + 1)) or _TEXT_NODE.search(data)
    if found is None:
        return data
    return data[: found.start(1)] + token + data[found.end(1) :]


_TEXT_NODE = re.compile(rb">\s*([^<\s][^<]*?)\s*<")


def _swap_lines(data: bytes, pairs: list[tuple[int, int]]) -> bytes:
    lines = data.split(b"\n")
    for i, j in pairs:
        i, j = i % len(lines), j % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


POS = st.integers(min_value=0, max_value=1 << 20)
MUTATION = st.one_of(
    st.tuples(st.just("flip"), POS, st.integers(0, 255)),
    st.tuples(st.just("truncate"), POS),
    st.tuples(st.just("insert"), POS, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("insert"), POS, st.sampled_from([b"<", b">", b"&", b"]]>", b"<!--", b"\x00", b"\r", b"(", b")",
                                                      b"\xff\xfe", b"%PDF-1.4", b"obj", b"endstream", b"</TABLE>",
                                                      b"<DOCUMENT>", b"&#0;", b"&#xD800;", "é".encode()])),
    st.tuples(st.just("copy"), POS, POS, st.integers(1, 4096)),
    st.tuples(st.just("delete"), POS, st.integers(1, 4096)),
    st.tuples(st.just("swap lines"), st.lists(st.tuples(POS, POS), min_size=1, max_size=8)),
)
# Damage to values only, which keeps markup well-formed and so reaches the readers' value parsing.
VALUE_MUTATION = st.one_of(
    st.tuples(st.just("token"), POS, st.sampled_from(TOKENS)),
    st.tuples(st.just("text node"), POS, st.sampled_from(TOKENS)),
)
MUTATIONS = st.one_of(
    st.lists(st.one_of(MUTATION, VALUE_MUTATION), min_size=1, max_size=4),
    st.lists(st.tuples(st.just("text node"), POS, st.sampled_from(TOKENS)), min_size=1, max_size=6),
)
_APPLY = {"flip": _flip, "truncate": _truncate, "insert": _insert, "copy": _copy, "delete": _delete,
          "swap lines": _swap_lines, "token": _token, "text node": _text_node}  # fmt: skip


def mutate(data: bytes, mutations: list[tuple]) -> bytes:
    for kind, *args in mutations:
        data = _APPLY[kind](data, *args)
    return data


def read_damaged(data: bytes, name: str) -> Filing | None:
    """Read damaged bytes: a filing, or None for one of the project's own errors (which must name the file)."""
    try:
        filing = read_bytes(data, name)
    except Form4ViewerError as exc:
        assert name in str(exc), str(exc)
        assert "Traceback" not in str(exc)
        return None
    # Whatever a reader gives must be something the store can keep (it keeps `to_dict()`) and load back equal,
    # and that the checks can look at.
    assert Filing.from_dict(filing.to_dict()) == filing
    check(filing)
    return filing


def _fuzz_test(sample: str):  # type: ignore[no-untyped-def]
    examples, deadline = SAMPLES[sample]
    original = (DATA / sample).read_bytes()

    @settings(
        max_examples=examples * SCALE,
        deadline=timedelta(seconds=deadline),
        derandomize=SCALE == 1,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(mutations=MUTATIONS)
    def run(mutations: list[tuple]) -> None:
        read_damaged(mutate(original, mutations), f"damaged {Path(sample).name}")

    return run


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_a_damaged_real_filing_gives_a_filing_or_a_clear_error_naming_it(sample: str) -> None:
    _fuzz_test(sample)()


# The SEC's sample envelope carries a Form 4 with a tag typo: it is refused intact, so its damage tests the
# envelope's decoding and the refusal, not the ownership reader.
REFUSED_INTACT = {"submissions/secsample-envelope-form4.xml"}


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_every_sample_reads_intact_so_damage_is_what_the_fuzzing_tests(sample: str) -> None:
    filing = read_damaged((DATA / sample).read_bytes(), sample)
    if sample in REFUSED_INTACT:
        assert filing is None
        return
    assert filing is not None
    assert filing.form.value in {"3", "4", "5", "4/A"}
    assert filing.reporting_owners
