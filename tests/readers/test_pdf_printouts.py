"""The PDF reader on printouts in layouts it has never seen: 30 filings of the corpus drawn by
`tests/printouts/generator.py` in two of three vendor-style layouts each (Letter with a cover page and running
header, A4 in Times with drawn tick boxes and repeated table headers, landscape Letter in Courier with other column
widths). The XML each was drawn from is the ground truth; the same accuracy as on EDGAR's printed pages is asked.
Misses are written to `pdf-printouts-report.txt` under pytest's temporary directory and summed up at the end."""

from __future__ import annotations

from pathlib import Path

import pytest
from printouts.compare import Outcome, compare
from printouts.generator import STYLES, Style, render, sample

from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.pdf import read_pdf

XML = Path(__file__).parents[2].parent / "shared" / "corpus" / "xml"
NAMES = sample([p.stem for p in XML.glob("*.xml")], 30) if XML.is_dir() else []
#: Each filing in two of the three layouts, taking turns, so that every layout meets 20 filings.
CASES = [(stem, style) for i, stem in enumerate(NAMES) for k, style in enumerate(STYLES) if k != (i + 2) % 3]

_outcomes: dict[tuple[str, str], Outcome] = {}


def _outcome(corpus: Path, stem: str, style: Style) -> Outcome:
    key = (stem, style.name)
    if key not in _outcomes:
        want = read_ownership_xml((corpus / "xml" / f"{stem}.xml").read_bytes(), f"{stem}.xml")
        data = render(want, style)
        got = read_pdf(data, f"{stem}-{style.name}.pdf")
        _outcomes[key] = compare(f"{stem} [{style.name}]", got, want)
    return _outcomes[key]


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize(("stem", "style"), CASES, ids=[f"{s}-{st.name}" for s, st in CASES])
def test_pdf_reader_finds_every_owner_and_row_of_a_printout_in_an_unseen_layout(
    corpus: Path, stem: str, style: Style
) -> None:
    assert _outcome(corpus, stem, style).missing_rows == []


@pytest.mark.corpus
@pytest.mark.slow
def test_pdf_reader_reads_at_least_995_in_1000_fields_of_printouts_in_unseen_layouts_right(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(CASES) == 60
    outcomes = [_outcome(corpus, stem, style) for stem, style in CASES]
    fields = sum(o.fields for o in outcomes)
    right = sum(o.right for o in outcomes)
    misses = [m for o in outcomes for m in o.misses]
    rows = [m for o in outcomes for m in o.missing_rows]
    by_style = {
        style.name: (sum(o.right for (s, st), o in zip(CASES, outcomes, strict=True) if st is style),
                     sum(o.fields for (s, st), o in zip(CASES, outcomes, strict=True) if st is style))
        for style in STYLES
    }
    report = tmp_path_factory.mktemp("pdf-printouts") / "pdf-printouts-report.txt"
    lines = [
        f"PDF reader over {len(CASES)} printouts in unseen layouts: {right}/{fields} fields right "
        f"({right / fields:.2%}); {len(misses)} misses; {len(rows)} tables or owner lists with rows missing",
        *(f"  {name}: {r}/{n} ({r / max(n, 1):.2%})" for name, (r, n) in by_style.items()),
        "",
        "Misses:",
        *misses,
        "",
        "Rows missing:",
        *rows,
    ]
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = [*lines[: 1 + len(STYLES)], *(f"  miss: {m[:200]}" for m in misses[:40]), f"  full report: {report}"]
    with capsys.disabled():
        print("\n" + "\n".join(summary))
    print("\n".join(summary))
    assert rows == []
    assert right / fields >= 0.995, f"{len(misses)} misses, see {report}"
