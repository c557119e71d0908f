"""The PDF reader over the 100 filings of `corpus/rendered/`: EDGAR's own page for each, printed to PDF by a
browser, compared field by field with the XML it was made from.

Every table row must be found, and at least 99.5% of the fields the pages show must read right. The misses are
written to `pdf-corpus-report.txt` under pytest's temporary directory and summed up at the end of the run; values
the printed page shows only in part (text running past the paper's edge, read with the lowest confidence) are listed
there too, apart from the accuracy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from printouts.compare import Outcome, compare

from form4viewer.model import Filing
from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.pdf import read_pdf

RENDERED = Path(__file__).parents[2].parent / "shared" / "corpus" / "rendered"
NAMES = sorted(p.stem for p in RENDERED.glob("*.pdf")) if RENDERED.is_dir() else []

_outcomes: dict[str, Outcome] = {}


def _outcome(corpus: Path, stem: str) -> Outcome:
    if stem not in _outcomes:
        pdf = corpus / "rendered" / f"{stem}.pdf"
        got: Filing = read_pdf(pdf.read_bytes(), pdf.name)
        want = read_ownership_xml((corpus / "xml" / f"{stem}.xml").read_bytes(), f"{stem}.xml")
        _outcomes[stem] = compare(stem, got, want, country=False)
    return _outcomes[stem]


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("stem", NAMES)
def test_pdf_reader_finds_every_owner_and_every_table_row_of_a_printed_edgar_page(corpus: Path, stem: str) -> None:
    outcome = _outcome(corpus, stem)
    assert outcome.missing_rows == []


@pytest.mark.corpus
@pytest.mark.slow
def test_pdf_reader_reads_at_least_995_in_1000_fields_of_the_printed_edgar_pages_right(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(NAMES) == 100
    outcomes = [_outcome(corpus, stem) for stem in NAMES]
    fields = sum(o.fields for o in outcomes)
    right = sum(o.right for o in outcomes)
    misses = [m for o in outcomes for m in o.misses]
    rows = [m for o in outcomes for m in o.missing_rows]
    cut = [m for o in outcomes for m in o.cut]
    report = tmp_path_factory.mktemp("pdf-corpus") / "pdf-corpus-report.txt"
    lines = [
        f"PDF reader over {len(outcomes)} printed EDGAR pages: {right}/{fields} fields right "
        f"({right / fields:.2%}); {len(misses)} misses; {len(rows)} tables or owner lists with rows missing; "
        f"{len(cut)} values shown only in part (cut at the page edge)",
        "",
        "Misses:",
        *misses,
        "",
        "Rows missing:",
        *rows,
        "",
        "Shown only in part (cut at the page edge; not counted):",
        *cut,
    ]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = [lines[0], *(f"  miss: {miss[:200]}" for miss in misses[:40]), f"  full report: {report}"]
    with capsys.disabled():
        print("\n" + "\n".join(summary))
    print("\n".join(summary))  # again into the captured output, which `-rA` shows
    assert rows == []
    assert right / fields >= 0.995, f"{len(misses)} misses, see {report}"


@pytest.mark.parametrize("blank", ["SEC-blank-Form3_SEC-1473-05-19_pluschka.pdf",
                                   "SEC-blank-Form4_SEC-1474-03-26_SanjuMenon.pdf"])
def test_the_secs_blank_forms_read_with_no_table_rows(corpus: Path, blank: str) -> None:
    # Read on the page: both tables of each blank are empty ruled cells. Under the Form 3's Table I the form prints
    # "* If the form is filed by more than one reporting person, see Instruction 4(b)(v).": an instruction of the
    # form, not a holding.
    filing = read_pdf((corpus / "pdf" / blank).read_bytes(), blank)
    assert filing.form.value == ("3" if "Form3" in blank else "4")
    for table in ("non_derivative_transactions", "non_derivative_holdings", "derivative_transactions",
                  "derivative_holdings"):
        assert filing.rows(table) == (), table
    assert filing.footnotes == () and filing.signatures == ()
