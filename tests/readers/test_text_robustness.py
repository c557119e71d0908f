"""The text reader on damaged and unexpected text: it reads what it can or says the file is not a form, never a
traceback, and every span it gives stays inside the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from form4viewer.errors import ReadError
from form4viewer.readers import decode_text
from form4viewer.readers.text import read_text
from form4viewer.sources import TextSpan

DATA = Path(__file__).parents[1] / "data" / "text"
SEED = (DATA / "qualys-form4-2013.txt").read_text(encoding="utf-8")
PRE2003 = (DATA / "productivity-technologies-form4-2000.txt").read_text(encoding="utf-8")


def _check(text: str) -> None:
    raw = text.encode("utf-8")
    try:
        filing = read_text(raw, "damaged.txt")
    except ReadError as exc:
        assert str(exc).startswith("damaged.txt: ")
        return
    decoded = decode_text(raw)
    for path, value in filing.values():
        if isinstance(value.source, TextSpan):
            assert 0 <= value.source.start <= value.source.end <= len(decoded), path
        assert 0 <= value.confidence <= 1, path


@st.composite
def _damaged(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from([SEED, PRE2003]))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 400)))
        action = draw(st.sampled_from(["cut", "insert", "repeat", "tabs"]))
        if action == "cut":
            text = text[:start] + text[end:]
        elif action == "insert":
            text = text[:start] + draw(st.text(alphabet="\t\n |_\\$<>()X0123456789/.,-ADIMS", max_size=40)) + \
                text[start:]
        elif action == "repeat":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[:start] + text[start:end].replace(" ", "\t") + text[end:]
    return text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_damaged())
def test_damaged_printout_text_is_read_or_refused_with_a_message(text: str) -> None:
    _check(text)


@pytest.mark.parametrize("text", [
    "1. Name and Address of Reporting Person\n",
    "1. Title of Security\t2. Transaction Date\n\tjunk\t\t\n",
    "2. Issuer Name and Ticker or Trading Symbol\nACME [ACM]\n" + "1. Title of Security\t\n" * 3,
    "Reporting Owner Name / Address\tRelationships\n\tDirector\n",
    "<TEXT>\n<TABLE>\n Table II |\n<S> <C>\n|||\n</TABLE>\n</TEXT>\nIssuer Name and Ticker\n",
    "1. Name and Address of Reporting Person\n## Explanation of Responses:\n- (7) only a note\n",
])
def test_fragments_of_a_form_do_not_break_the_reader(text: str) -> None:
    _check(text)


def test_corpus_pages_that_are_not_text_printouts_are_refused_or_read_without_error(corpus: Path) -> None:
    files = sorted((corpus / "html").glob("*")) + sorted((corpus / "xml").glob("*.xml"))[:40]
    assert files
    for path in files:
        _check(decode_text(path.read_bytes()))


@pytest.mark.parametrize(("newline", "encoding"), [("\r\n", "utf-8"), ("\n", "utf-16"), ("\r\n", "cp1252"),
                                                   ("\n", "utf-8-sig")])
def test_seed_saved_with_other_line_ends_and_encodings_reads_the_same(newline: str, encoding: str) -> None:
    plain = read_text(SEED.encode("utf-8"), "seed.txt")
    raw = SEED.replace("\n", newline).encode(encoding)
    other = read_text(raw, "seed.txt")
    decoded = decode_text(raw)
    pairs = dict(plain.values())
    for path, value in other.values():
        assert (value.value, value.footnotes) == (pairs[path].value, pairs[path].footnotes), path
        if value.raw is not None and isinstance(value.source, TextSpan):
            shown = decoded[value.source.start:value.source.end].replace("\\", "")
            assert value.raw.split()[0] in shown, path
    assert other.document.notes == plain.document.notes


def test_a_header_date_that_is_no_date_leaves_the_filing_date_unknown() -> None:
    # Once found by the property test above: nine digits where the header's date stands, "month 00".
    damaged = PRE2003.replace("FILED AS OF DATE:\t\t20000314", "FILED AS OF DATE:\t\t220000316")
    assert damaged != PRE2003
    filing = read_text(damaged.encode("utf-8"), "damaged.txt")
    assert filing.filing_date.value is None
    assert filing.issuer.name.value  # the rest of the filing is read as usual
    good = read_text(PRE2003.encode("utf-8"), "good.txt")
    assert str(good.filing_date.value) == "2000-03-14"
