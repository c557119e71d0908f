"""Every reader's work grows linearly with its input: long runs of spaces, tabs, brackets, `<`, `&`, digits, commas
and letters, put where a hostile file would put them (an issuer box, a table row, an address line, the end of a
web page), take at most about four times as long at four times the length (quadratic would be sixteen).

Each frame runs in a child process with a timeout and a memory limit, so a regression fails instead of hanging.
The second part walks every regular expression of the Qt-free modules and times it on runs of the characters it
names."""

from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEED = DATA / "text" / "qualys-form4-2013.txt"
EVANS = ROOT / "resources" / "samples" / "evans-bancorp-form4-2023.html"
PAGE = DATA / "html" / "scwo-form4-secgov.html"
PLAIN_FORM = DATA / "submissions" / "prac-form4-plain-text-2000.txt"
SUBMISSION = DATA / "submissions" / "dkng-form4-10b5-1.txt"
XML = DATA / "robustness" / "tsla-form4-2023.xml"

#: Runs of these (one unit repeated) are put into each frame.
RUNS = {"spaces": " ", "tabs": "\t", "open_brackets": "[", "close_brackets": "]", "lt": "<", "lt_a": "<a",
        "ampersands": "&", "digits": "0", "commas": ",", "slashes": "/", "parens": "(", "letters": "a",
        "newlines": "\n"}
#: Characters in the smaller input; the larger has four times as many.
N = 5000
#: Time at 4n over time at n: linear is about 4, quadratic 16. Plus an allowance for noise on a busy machine.
MOST_GROWTH = 6.0
NOISE_SECONDS = 0.3
#: The most the larger input may take, whatever the growth.
CEILING_SECONDS = 8.0
CHILD_TIMEOUT = 300


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _evans() -> str:
    return EVANS.read_text(encoding="utf-8")


# Each frame: (reader, how to build the file around a run). Built from the real samples in tests/data.
FRAMES: dict[str, Callable[[str], str]] = {
    "text_issuer_box": lambda run: _replace_once(_seed(), "QUALYS, INC. [QLYS]", "QUALYS, INC. [" + run + "QLYS"),
    "text_issuer_line": lambda run: _replace_once(_seed(), "QUALYS, INC. [QLYS]", "QUALYS, " + run + "INC. [QLYS]"),
    "text_table_row": lambda run: _replace_once(_seed(), "Common Stock\t11/22/2013", "Common Stock" + run + "\t11/22/2013"),
    "text_address_line": lambda run: _replace_once(_seed(), "REDWOOD CITY, CA 94065", "REDWOOD CITY" + run + ", CA 94065"),
    "text_line_of_its_own": lambda run: _replace_once(_seed(), "QUALYS, INC. [QLYS]\n", "QUALYS, INC. [QLYS]\n" + run + "\n"),
    "text_heading": lambda run: _replace_once(_seed(), "QUALYS, INC. [QLYS]\n", "QUALYS, INC. [QLYS]\n\n** " + run + "x\n"),
    "html_issuer_box": lambda run: _replace_once(
        _evans(), 'EVANS BANCORP INC</a>\n     [ <span class="FormData">EVBN</span> ]', "EVANS BANCORP INC [" + run + "EVBN</a>"),
    "html_end_of_page": lambda run: PAGE.read_text(encoding="utf-8") + run,
    "html_value_cell": lambda run: _replace_once(PAGE.read_text(encoding="utf-8"), ">SCWO<", ">SCWO" + run + "<"),
    "sgml_plain_text_form": lambda run: _replace_once(PLAIN_FORM.read_text(encoding="utf-8"), "STATEMENT OF CHANGES",
                                                      run + "\nSTATEMENT OF CHANGES"),
    "sgml_header": lambda run: _replace_once(SUBMISSION.read_text(encoding="utf-8"), "<TYPE>", run + "\n<TYPE>"),
    "xml_footnote": lambda run: _replace_once(XML.read_text(encoding="utf-8"), "The Elon Musk", run + "The Elon Musk"),
    "xml_declaration": lambda run: _replace_once(XML.read_text(encoding="utf-8"), '<?xml version="1.0"', '<?xml version="1.0"' + run),
}

#: The five cases found slow, by name, at the size they were found (the larger input; the smaller is a quarter).
MEASURED = {
    # 83 s: an issuer box `EVANS BANCORP INC [` and 3,000 spaces in a saved EDGAR page (18 KB).
    "evans_issuer_box_3000_spaces": ("html_issuer_box", " ", 3000),
    # 48 s: the seed text with `QUALYS, INC. [` and 4,000 spaces (6 KB).
    "qualys_issuer_box_4000_spaces": ("text_issuer_box", " ", 4000),
    # 69 s: a page with `<a` 200,000 times (415 KB).
    "page_with_200000_lt_a": ("html_end_of_page", "<a", 200000),
    # 15 s: 20,000 tabs in a table row.
    "table_row_20000_tabs": ("text_table_row", "\t", 20000),
    # 5.8 s: `_CITY_LINE` on 20,000 spaces (and the whole reader on such an address line).
    "city_line_20000_spaces": ("text_address_line", " ", 20000),
}


def _read_once(frame: str, unit: str, count: int) -> dict[str, object]:
    from form4viewer.errors import ReadError
    from form4viewer.readers import read_bytes

    data = FRAMES[frame](unit * count).encode("utf-8")
    name = f"hostile-{frame}.txt"
    start = time.perf_counter()
    try:
        read_bytes(data, name)
        outcome, message = "read", ""
    except ReadError as exc:
        outcome, message = "refused", str(exc)
    return {"seconds": time.perf_counter() - start, "outcome": outcome, "message": message, "name": name}


def _grow(frame: str, unit: str, large: int) -> dict[str, object]:
    """Read the frame with a run of large // 4 units and of `large` units; the times of both, retried once when the
    growth looks too steep (a busy machine)."""
    small_units = max(1, large // 4 // len(unit))
    large_units = max(1, large // len(unit))
    small, big = _read_once(frame, unit, small_units), _read_once(frame, unit, large_units)
    if big["seconds"] > MOST_GROWTH * small["seconds"] + NOISE_SECONDS:  # type: ignore[operator]
        small2, big2 = _read_once(frame, unit, small_units), _read_once(frame, unit, large_units)
        small["seconds"] = min(small["seconds"], small2["seconds"])  # type: ignore[type-var]
        big["seconds"] = min(big["seconds"], big2["seconds"])  # type: ignore[type-var]
    return {"small": small, "big": big}


def _child_main(request: str) -> None:
    """In the child: `request` is JSON [[frame, unit, large], ...]; prints one JSON result per line."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
    for frame, unit, large in json.loads(request):
        print(json.dumps({"frame": frame, "unit": unit, **_grow(frame, unit, large)}), flush=True)


def _in_child(cases: list[tuple[str, str, int]]) -> dict[tuple[str, str], dict]:
    try:
        done = subprocess.run([sys.executable, __file__, json.dumps(cases)], capture_output=True, text=True,
                              timeout=CHILD_TIMEOUT, cwd=ROOT)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"reading {cases} took over {CHILD_TIMEOUT} s (no longer linear): "
                             f"{(exc.stdout or b'')[-2000:]!r}") from None
    assert done.returncode == 0, done.stderr[-3000:]
    out = {}
    for line in done.stdout.splitlines():
        result = json.loads(line)
        out[(result["frame"], result["unit"])] = result
    return out


@cache
def _frame_results(frame: str) -> dict[tuple[str, str], dict]:
    return _in_child([(frame, unit, 4 * N) for unit in RUNS.values()])


def _assert_linear(result: dict, what: str) -> None:
    small, big = result["small"], result["big"]
    for one in (small, big):
        assert one["outcome"] in ("read", "refused"), one
        if one["outcome"] == "refused":
            assert one["name"] in one["message"], f"{what}: the message does not name the file: {one['message']}"
    assert big["seconds"] <= MOST_GROWTH * small["seconds"] + NOISE_SECONDS, (
        f"{what}: {small['seconds']:.3f} s at n, {big['seconds']:.3f} s at 4n: not linear")
    assert big["seconds"] < CEILING_SECONDS, f"{what}: {big['seconds']:.1f} s"


@pytest.mark.parametrize("frame", list(FRAMES))
@pytest.mark.parametrize("run", list(RUNS))
def test_reader_time_grows_linearly_with_a_run_in_the_frame(frame: str, run: str) -> None:
    _assert_linear(_frame_results(frame)[(frame, RUNS[run])], f"{frame} with a run of {run}")


@pytest.mark.parametrize("case", list(MEASURED))
def test_the_measured_slow_case_reads_in_linear_time(case: str) -> None:
    frame, unit, large = MEASURED[case]
    result = _in_child([(frame, unit, large)])[(frame, unit)]
    _assert_linear(result, case)
    assert result["big"]["outcome"] == "read", result  # each is still a filing, and is read


def test_the_issuer_box_still_splits_name_and_ticker() -> None:
    from form4viewer.readers import read_bytes
    from form4viewer.readers.text import bracketed_tail

    assert bracketed_tail("QUALYS, INC. [QLYS]") == (13, 14, 18)
    assert bracketed_tail("A [B] C [ D ]  ") == (8, 10, 11)
    assert bracketed_tail("A [ x [y] ]") is None  # as the expression it replaces: "[" to "]" holds no "]"
    assert bracketed_tail("A [   ]") == (2, 6, 6)
    assert bracketed_tail("A [" + " " * 100000) is None
    seed = read_bytes(SEED.read_bytes(), "seed.txt")
    assert (seed.issuer.name.value, seed.issuer.trading_symbol.value) == ("QUALYS, INC.", "QLYS")
    page = read_bytes(EVANS.read_bytes(), "evans.html")
    assert (page.issuer.name.value, page.issuer.trading_symbol.value) == ("EVANS BANCORP INC", "EVBN")


# ---- every regular expression ----------------------------------------------------------------------------------

MODULES = ["form4viewer.readers", "form4viewer.readers.text", "form4viewer.readers.html",
           "form4viewer.readers.submission", "form4viewer.readers.ownership", "form4viewer.model",
           "form4viewer.checks", "form4viewer.export", "form4viewer.cli", "form4viewer.display",
           "form4viewer.readers.pdf", "form4viewer.readers.pdf_layout", "form4viewer.readers.pdf_form",
           "form4viewer.form", "form4viewer.sec_format", "form4viewer.sec_tables", "form4viewer.edgar_xml",
           "form4viewer.limits", "form4viewer.recovery", "form4viewer.store"]
UNITS = [" ", "\t", "[", "]", "<", "<a", "&", "0", ",", "/", "(", "a", "A", "\n", "x ", "0,", ", ", "[ ", "a.", "-",
         "_", "*", "#", "|", ".", ":", "1 ", "<!", "&#", "\r\n"]
SURROUNDS = [("", ""), ("X [", "x"), ("X [", "]x"), ("a", "x"), ("1. ", ""), ("A, ", "!"), ("**", "x"), ("", "\n")]
#: Patterns applied only to input of bounded length, with the reason.
BOUNDED = {
    # text._MARK_BEFORE: `_mark_before` searches only the 24 characters before a check box's label.
    r"(?:\(\s*[Xx]?\s*\)|\[\s*[Xx]?\s*\]|_*[Xx]_+|_+[Xx]_*|_{2,}|(?<![\w])[Xx])\s*$",
    # model._STEP and checks._where: only ever `match`ed (one start, linear) against the field paths the program
    # builds itself ("table_1[2].transaction_date"); a `search` would be quadratic on a long word.
    r"([a-z0-9_]+)(?:\[(\d+)\])?$",
    r"([a-z_]+)\[(\d+)\]\.(\w+)$",
}
GUARD_N = 500


def _patterns(module_name: str) -> list[tuple[str, re.Pattern[str]]]:
    """The module's compiled patterns (also inside module-level lists and tuples) and the literal patterns its
    functions pass to re.search, re.match and the like."""
    module = importlib.import_module(module_name)
    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}

    def add(label: str, value: object) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found.setdefault((value.pattern, value.flags), (label, value))
        elif isinstance(value, (list, tuple)):
            for item in value:
                add(label, item)

    for name, value in vars(module).items():
        add(f"{module_name}.{name}", value)
    for node in ast.walk(ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            flags = 0
            for sub in ast.walk(node):
                if (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "re"
                        and sub.attr in ("I", "M", "S", "IGNORECASE", "MULTILINE", "DOTALL")):
                    flags |= getattr(re, sub.attr)
            try:
                add(f"{module_name}:{node.lineno}", re.compile(node.args[0].value, flags))
            except re.error:
                pass
    return [item for item in found.values() if item[1].pattern not in BOUNDED]


def _cost(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    pattern.search(text)
    pattern.match(text)
    return time.perf_counter() - start


def _units_for(pattern: re.Pattern[str]) -> list[str]:
    named = {ch for ch in pattern.pattern if ch.isprintable() and not ch.isalnum() and ch not in "\\^$?+*{}|"}
    return UNITS + sorted(named - set(UNITS))


def _steep(module_name: str) -> list[str]:
    """Patterns whose time on a run grows more than MOST_GROWTH-fold from n to 4n (or that are slow already)."""
    out = []
    for label, pattern in _patterns(module_name):
        for unit in _units_for(pattern):
            for before, after in SURROUNDS:
                small = before + unit * (GUARD_N // len(unit)) + after
                big = before + unit * (4 * GUARD_N // len(unit)) + after
                small_time = _cost(pattern, small)
                if small_time > 0.2:
                    out.append(f"{label} {pattern.pattern!r}: {small_time:.2f} s on {before!r}+{unit!r}*n+{after!r}")
                    break
                big_time = _cost(pattern, big)
                if big_time < 0.003:
                    continue
                # best of three on both, against a busy machine
                big_time = min(big_time, _cost(pattern, big), _cost(pattern, big))
                small_time = max(min(small_time, _cost(pattern, small), _cost(pattern, small)), 2e-5)
                if big_time > 0.003 and big_time / small_time > MOST_GROWTH:
                    out.append(f"{label} {pattern.pattern!r}: {small_time * 1000:.1f} ms at n, "
                               f"{big_time * 1000:.1f} ms at 4n on {before!r}+{unit!r}*n+{after!r}")
                    break
    return out


@pytest.mark.parametrize("module_name", MODULES)
def test_every_regular_expression_takes_linear_time_on_runs(module_name: str) -> None:
    code = (f"import sys, json; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            f"import test_linear_time as t; print(json.dumps(t._steep({module_name!r})))")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=CHILD_TIMEOUT,
                              cwd=ROOT)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"a pattern of {module_name} took over {CHILD_TIMEOUT} s on a run") from None
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_the_guard_finds_a_pattern_that_backtracks() -> None:
    # The old issuer expression, as a check that the guard above can fail.
    old = re.compile(r"\[\s*([^\]]*?)\s*\]\s*$")
    small, big = "X [" + " " * 100 + "x", "X [" + " " * 400 + "x"
    assert _cost(old, big) > 6 * _cost(old, small)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _child_main(sys.argv[1])
