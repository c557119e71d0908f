"""PDFs built to waste time and memory are refused (or read) within seconds and a few hundred megabytes, with one
line naming the file and what is wrong, on the command line and on the window's reading path.

Each file is built at test time (tests/robustness/hostile_pdfs.py) and read in a child process with a memory limit
and a kill timer, so a reader that loses its bounds fails the test instead of hanging or swapping the machine.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from form4viewer import limits
from form4viewer.errors import ReadError
from form4viewer.readers import read_bytes
from form4viewer.readers.pdf_form import MAX_FIELDS
from form4viewer.readers.pdf_layout import (
    MAX_CHARS,
    MAX_CHARS_PER_PAGE,
    MAX_WORDS_PER_LINE,
    Word,
    _overlaps,
    make_lines,
)

sys.path.insert(0, str(Path(__file__).parent))
import hostile_pdfs  # noqa: E402

#: The kill timer: far beyond what a bounded read takes (a few seconds) on a busy two-core machine.
SECONDS = 20.0
#: Address space the child may map (RLIMIT_AS): Python with pdfminer and pdfplumber loaded maps about 0.3 GB.
ADDRESS_SPACE = 1536 * 1024 * 1024
#: Peak resident memory allowed to a child reading one hostile PDF (an ordinary filing takes about 60 MB).
PEAK_BYTES = 400 * 1024 * 1024


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int


# The child writes its own peak memory when it exits. On Linux that is VmHWM from /proc: the high-water mark of the
# memory of the program it runs, and of nothing before it. ru_maxrss, which wait4 reports, keeps the peak of the
# process that forked the child across exec, so a test process that has grown large would be measured instead.
_MEASURED = """
import atexit, os, resource, runpy, sys
def _peak():
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    with open("peak.txt", "w") as out:
        out.write(str(peak))
atexit.register(_peak)
how, what, *rest = sys.argv[1:]
sys.argv = [what, *rest]
if how == "-m":
    runpy.run_module(what, run_name="__main__", alter_sys=True)
else:
    sys.argv[0] = "-c"
    exec(compile(what, "<child>", "exec"), {"__name__": "__main__"})
"""


def _run(args: list[str], cwd: Path) -> Run:
    """Run python `args` (`-m module ...` or `-c code ...`) in a child with a memory limit, killed after SECONDS;
    its peak memory as the child measured it."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    out, err, peak_file = cwd / "stdout.txt", cwd / "stderr.txt", cwd / "peak.txt"
    peak_file.unlink(missing_ok=True)
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _MEASURED, *args], stdout=stdout, stderr=stderr,
                                preexec_fn=limit, cwd=cwd)
        timer = threading.Timer(SECONDS, proc.kill)
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
    # A child killed by the timer or the memory limit wrote nothing: its peak is not known, and counts as too much.
    peak = int(peak_file.read_text()) if peak_file.exists() else ADDRESS_SPACE
    return Run(proc.returncode, out.read_text(), err.read_text(), seconds, peak)


@dataclass(frozen=True)
class Case:
    build: Callable[[], bytes]
    problem: str  # what the refusal says (a part of it)


CASES = {
    # One line of 10,000 one-letter words: line building compared every word with every other (20,000 took 52 s).
    "one_long_line": Case(hostile_pdfs.one_long_line, f"page 1 has a line of 10,000 words, more than the "
                                                      f"{MAX_WORDS_PER_LINE} a line may have; a line of a Form 3, 4 "
                                                      "or 5 has a few dozen"),
    "one_longer_line": Case(lambda: hostile_pdfs.one_long_line(20_000), "page 1 has a line of 20,000 words"),
    # Half a million characters in a 1 KB file.
    "tiny_characters": Case(hostile_pdfs.tiny_characters, f"page 1 has more than {MAX_CHARS_PER_PAGE:,} characters"),
    # Form XObjects 18 deep, each drawing the next twice: 262,143 forms drawn.
    "xobject_fanout": Case(hostile_pdfs.xobject_fanout, "page 1 nests Form XObjects more than 10 deep"),
    "xobject_deeper": Case(lambda: hostile_pdfs.xobject_fanout(depth=40, fanout=1), "more than 10 deep"),
    "xobject_wider": Case(lambda: hostile_pdfs.xobject_fanout(depth=4, fanout=40),
                          "page 1 draws more than 500 Form XObjects"),
    # The same forms as a stamp's appearance, which pdfminer does not draw but pdfium in the window does (6 s, 377 MB).
    "appearance_fanout": Case(lambda: hostile_pdfs.xobject_fanout(in_annotation=True),
                              "page 1 nests Form XObjects more than 10 deep"),
    "appearance_wider": Case(lambda: hostile_pdfs.xobject_fanout(depth=4, fanout=40, in_annotation=True),
                             "page 1 has annotations that draw more than 500 Form XObjects"),
    # 99 pages that share one content stream of 19,000 characters.
    "dense_pages": Case(hostile_pdfs.dense_pages, f"the PDF has more than {MAX_CHARS:,} characters by page "),
    # Pages each just under the cap for one page: the cap for the document stops them.
    "pages_near_the_page_cap": Case(
        lambda: hostile_pdfs.dense_pages(pages=20, lines=MAX_CHARS_PER_PAGE // 1000, per_line=990),
        f"the PDF has more than {MAX_CHARS:,} characters by page "),
    "many_shapes": Case(hostile_pdfs.many_shapes, "page 1 draws more than 6,000 lines, boxes and pictures"),
    "inflating_content": Case(hostile_pdfs.inflating_content, "page 1 has more than 1 MB of drawing instructions"),
}


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, case in CASES.items():
        files[name] = folder / f"{name}.pdf"
        files[name].write_bytes(case.build())
    return files


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_pdf_is_refused_quickly_on_the_command_line(name: str, hostile_files: dict[str, Path],
                                                             tmp_path: Path) -> None:
    path = hostile_files[name]
    assert path.stat().st_size < 100_000  # small files: the work they ask for is the point
    run = _run(["-m", "form4viewer", "extract", str(path)], tmp_path)
    print(f"{name}: {run.seconds:.1f} s, peak {run.peak_bytes / 2**20:.0f} MB")  # the figures, with -s
    assert run.status == 1, (run.status, run.stderr[-2000:])
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"form4viewer: {path}: "), lines[0]
    assert CASES[name].problem in lines[0], lines[0]
    assert run.seconds < SECONDS
    assert run.peak_bytes < PEAK_BYTES, f"{run.peak_bytes / 2**20:.0f} MB"


@pytest.mark.parametrize("name", ["one_long_line", "xobject_fanout", "dense_pages"])
def test_hostile_pdf_gives_one_json_error_naming_the_file(name: str, hostile_files: dict[str, Path],
                                                          tmp_path: Path) -> None:
    path = hostile_files[name]
    run = _run(["-m", "form4viewer", "extract", "--format", "jsonl", str(path)], tmp_path)
    assert run.status == 1
    import json

    record = json.loads(run.stdout)
    assert record["file"] == str(path)
    assert record["error"].startswith(f"{path}: ") and CASES[name].problem in record["error"]
    assert "Traceback" not in run.stderr


_WINDOW_READ = """
import sys
from form4viewer.readers import read_bytes
from form4viewer.errors import ReadError
path = sys.argv[1]
try:
    read_bytes(open(path, "rb").read(), path)
except ReadError as exc:
    print(type(exc).__name__, exc, sep="|")
else:
    print("read")
"""


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_pdf_is_refused_on_the_windows_reading_path(name: str, hostile_files: dict[str, Path],
                                                            tmp_path: Path) -> None:
    # The window reads a file through gui/reading.py's read_file in a process of its own, which calls read_bytes.
    path = hostile_files[name]
    run = _run(["-c", _WINDOW_READ, str(path)], tmp_path)
    assert run.status == 0, run.stderr[-2000:]
    kind, message = run.stdout.strip().split("|")
    assert kind == "PdfLimitError"
    assert message.startswith(f"{path}: ") and CASES[name].problem in message
    assert run.seconds < SECONDS and run.peak_bytes < PEAK_BYTES


@pytest.mark.parametrize("fanout", [1, 2])
def test_an_xobject_that_draws_itself_is_refused(fanout: int, tmp_path: Path) -> None:
    # pdfminer skips the inner drawing and would read a page with one letter on it, but pdfium, which draws the
    # page in the window, follows a form that draws itself twice for minutes: the file is refused before that.
    path = tmp_path / "cycle.pdf"
    path.write_bytes(hostile_pdfs.xobject_cycle(fanout=fanout))
    run = _run(["-c", _WINDOW_READ, str(path)], tmp_path)
    assert run.stdout.strip() == (f"PdfLimitError|{path}: page 1 has a Form XObject that draws itself; no Form 3, "
                                  "4 or 5 printout does")
    assert run.seconds < SECONDS


def test_a_field_tree_that_shares_its_kids_is_walked_once(tmp_path: Path) -> None:
    # Walked as a tree it has 10**19 leaves; each node is visited once, and the page (no filing on it) is read.
    path = tmp_path / "fields.pdf"
    path.write_bytes(hostile_pdfs.field_tree(depth=20, fanout=10))
    run = _run(["-c", _WINDOW_READ, str(path)], tmp_path)
    assert run.stdout.strip() == "read", run.stdout + run.stderr[-2000:]
    assert run.seconds < SECONDS


def test_a_form_with_thousands_of_fields_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fields.pdf"
    path.write_bytes(hostile_pdfs.field_tree(depth=1, fanout=1, fields=MAX_FIELDS + 10))
    run = _run(["-c", _WINDOW_READ, str(path)], tmp_path)
    assert run.stdout.strip() == (f"ReadError|{path}: the PDF has more than {MAX_FIELDS:,} form fields; the SEC's "
                                  "Form 4 has a few hundred")
    assert run.seconds < SECONDS


# ---- line building ---------------------------------------------------------------------------------------------


def _words_on_one_line(count: int) -> list[Word]:
    return [Word("a", 3.0 * i, 3.0 * i + 2.0, 100.0, 106.0, 6.0, 1) for i in range(count)]


def test_a_line_of_many_words_is_built_in_about_linear_time() -> None:
    # Quadratic before: 4,000 words took seconds and 8,000 four times as long. Each size is timed three times and
    # the fastest kept, so that a pause of the machine's (another process, a collection) is not taken for the growth.
    timings = []
    for count in (4_000, 8_000):
        words = _words_on_one_line(count)
        random.Random(count).shuffle(words)
        fastest = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            lines = make_lines(words, 1)
            fastest = min(fastest, time.perf_counter() - started)
        timings.append(fastest)
        assert [len(line.words) for line in lines] == [count]
        assert [w.x0 for w in lines[0].words] == sorted(w.x0 for w in words)
    assert timings[1] < 3 * timings[0] + 0.05, timings
    assert timings[1] < 2.0, timings


def _make_lines_by_pairs(words: list[Word], page: int) -> list[list[tuple[float, float, float, float]]]:
    """The way lines were built before, comparing a word with every word of a line: the reference. A word joins a
    line within 45% of the height of the line's tallest word so far from its first word's middle."""
    open_lines: list[tuple[float, float, list[Word]]] = []
    for w in sorted(words, key=lambda w: (w.middle, w.x0)):
        for i in range(len(open_lines) - 1, max(-1, len(open_lines) - 4), -1):
            mid, height, ws = open_lines[i]
            if abs(w.middle - mid) <= 0.45 * height and not any(_overlaps(w, o) for o in ws):
                ws.append(w)
                open_lines[i] = (mid, max(height, w.bottom - w.top), ws)
                break
        else:
            open_lines.append((w.middle, max(w.bottom - w.top, 1.0), [w]))
    for _, _, ws in open_lines:
        ws.sort(key=lambda w: w.x0)
    ordered = sorted((ws for _, _, ws in open_lines), key=lambda ws: ws[0].middle)
    return [[(w.x0, w.x1, w.top, w.bottom) for w in ws] for ws in ordered]


_coordinate = st.integers(0, 60).map(lambda n: n / 4)


@st.composite
def _word_sets(draw: st.DrawFn) -> list[Word]:
    words = []
    for _ in range(draw(st.integers(0, 40))):
        x0, width = draw(_coordinate), draw(st.integers(0, 12).map(lambda n: n / 4))
        top, height = draw(st.integers(0, 8).map(lambda n: n / 2)), draw(st.integers(1, 8).map(lambda n: n / 2))
        words.append(Word("w", x0, x0 + width, top, top + height, height, 1))
    return words


@settings(derandomize=True, max_examples=300, deadline=None)
@given(_word_sets())
# A line a short word started, which a taller word joined, and then a word its first height would have left out.
@example([Word("w", 0.0, 0.5, 0.0, 1.0, 1.0, 1), Word("w", 0.0, 0.0, 0.0, 1.5, 1.5, 1),
          Word("w", 0.0, 0.0, 0.0, 0.5, 0.5, 1), Word("w", 0.0, 0.0, 0.0, 0.5, 0.5, 1),
          Word("w", 0.0, 0.0, 0.0, 0.5, 0.5, 1), Word("w", 0.0, 0.0, 0.0, 2.5, 2.5, 1)])
def test_lines_are_the_same_as_by_comparing_every_pair_of_words(words: list[Word]) -> None:
    got = [[(w.x0, w.x1, w.top, w.bottom) for w in line.words] for line in make_lines(words, 1)]
    assert got == _make_lines_by_pairs(words, 1)


# ---- the hostile parameters varied -----------------------------------------------------------------------------


_builds = st.one_of(
    st.tuples(st.just("line"), st.integers(1, 60_000)),
    st.tuples(st.just("characters"), st.integers(1, 1_000_000)),
    st.tuples(st.just("fanout"), st.integers(1, 40), st.integers(1, 60)),
    st.tuples(st.just("cycle"), st.integers(1, 50)),
    st.tuples(st.just("pages"), st.integers(1, 100), st.integers(1, 200), st.integers(8, 2_000)),
)


def _build(spec: tuple[object, ...]) -> bytes:
    kind, *numbers = spec
    n = [int(v) for v in numbers]  # type: ignore[call-overload]
    if kind == "line":
        return hostile_pdfs.one_long_line(n[0])
    if kind == "characters":
        return hostile_pdfs.tiny_characters(n[0])
    if kind == "fanout":
        return hostile_pdfs.xobject_fanout(depth=n[0], fanout=n[1])
    if kind == "cycle":
        return hostile_pdfs.xobject_cycle(fanout=n[0])
    return hostile_pdfs.dense_pages(pages=n[0], lines=n[1], per_line=n[2])


@settings(derandomize=True, max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_builds)
@example(("line", MAX_WORDS_PER_LINE + 1))
@example(("fanout", 10, 1))
@example(("fanout", 11, 1))
@example(("pages", 100, 200, 1_000))
def test_a_hostile_pdf_is_read_or_refused_within_seconds(spec: tuple[object, ...]) -> None:
    name = f"hostile-{'-'.join(map(str, spec))}.pdf"
    data = _build(spec)
    started = time.monotonic()
    # The budget turns a reader that lost its bounds into a failure here rather than a hang.
    with limits.time_budget(2 * SECONDS, name):
        try:
            read_bytes(data, name)
        except limits.TooSlowError:
            raise
        except ReadError as exc:
            assert str(exc).startswith(f"{name}: "), exc
    seconds = time.monotonic() - started
    print(f"{name}: {seconds:.1f} s")  # the figures, with -s
    assert seconds < SECONDS
