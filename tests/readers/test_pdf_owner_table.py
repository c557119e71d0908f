"""The PDF reader on what wraps or runs over in a printout's narrow columns: an owner's name wrapped in the
Reporting Owners table, an officer title running past the middle of its column in a table without rules, a
footnote mark set after an amount that fills its column.

The samples are printouts of corpus filings drawn by tests/printouts/generator.py in the layouts of
test_pdf_unseen_layouts (see tests/data/README.md); the truth is each filing's XML.
"""

from __future__ import annotations

from pathlib import Path

from form4viewer.readers.pdf import read_pdf

DATA = Path(__file__).parents[1] / "data" / "pdf"


def _read(name: str):
    return read_pdf((DATA / name).read_bytes(), name)


def test_a_wrapped_name_the_filing_prints_whole_elsewhere_is_one_name() -> None:
    owners = _read("hymc-form4-2023-wrapped-owner-names.pdf").reporting_owners
    by_name = {o.name.value: o for o in owners}
    # "... Drawdown Fund II" / "GP, LLC" in the table; footnote (1) names "... Drawdown Fund II GP, LLC".
    for name in ("Mudrick Distressed Opportunity Drawdown Fund II GP, LLC",
                 "Mudrick Distressed Opportunity Drawdown Fund II SC, L.P."):
        owner = by_name[name]
        assert (owner.street1.value, owner.street2.value) == ("527 MADISON AVENUE, 6TH FLOOR", None)
    # A line of only a suffix finished a name before, and still does.
    assert "Mudrick Distressed Opportunity Drawdown Fund II, L.P." in by_name
    assert len(owners) == 10


def test_an_officer_title_past_its_columns_middle_stays_the_officers_title() -> None:
    owners = _read("wqga-form4-2023-unruled-a4.pdf").reporting_owners
    titles = {o.name.value: (o.officer_title.value, o.other_text.value) for o in owners}
    assert titles["Harry Serge"] == ("Chief Financial Officer", None)
    assert titles["Rolet Xavier R."] == ("Chief Executive Officer", None)


def test_a_footnote_mark_after_a_narrow_amount_is_the_amounts() -> None:
    rows = _read("wqga-form4-2023-unruled-a4.pdf").derivative_transactions
    # "(D) 5,023,749 (2)": the mark reaches into the (D) sub-column's place.
    assert [(r.shares.value, r.shares.footnotes, r.acquired_disposed.value) for r in rows] == [
        (5023749, ("F2",), "D"), (75000, ("F3",), "D")]


def _page(rules: list[float], officer_at: float = 271.0) -> tuple[list, list]:
    """Page 2 of Apple's Form 4 of September 2025 (`corpus/rendered/period2025-09-28_F4_AAPL_COOK-TIMOTHY-D_cache.pdf`)
    scanned at 300 dpi, as its reading gave the Reporting Owners row's title line: "Chief Executive Officer" filling
    the Officer column, "Officer" 2.9 points after "Executive" in words 6.2 points high, and the rules that cross it."""
    from form4viewer.readers.pdf_layout import Page, Segment, Word

    words = [Word("X", 150.7, 157.4, 55.2, 61.4, 8.0, 2), Word("Chief", 212.9, 231.6, 55.2, 61.4, 8.0, 2),
             Word("Executive", 234.0, 268.1, 55.2, 61.4, 8.0, 2), Word("Officer", officer_at, officer_at + 24.4, 55.2, 61.4, 8.0, 2)]
    vertical = [Segment(at, 27.6, 89.8) for at in rules]
    pages = [Page(1, 612, 792, [], []), Page(2, 612, 792, words, [], vertical=vertical)]
    return pages, words


def test_the_words_of_one_ruled_cell_are_one_phrase_however_far_apart_the_reading_set_them() -> None:
    from form4viewer.readers.pdf import _phrases

    pages, words = _page([32.4, 137.5, 166.6, 206.4, 297.1, 319.2])
    assert [[w.text for w in p] for p in _phrases(pages, words)] == [["X"], ["Chief", "Executive", "Officer"]]
    # A rule between two words parts them, however close.
    pages, words = _page([32.4, 137.5, 166.6, 206.4, 269.5, 297.1, 319.2])
    assert [[w.text for w in p] for p in _phrases(pages, words)] == [["X"], ["Chief", "Executive"], ["Officer"]]
    # Without rules between the columns (a frame only), a word space is the measure: "Officer" 2.9 points (0.47 of
    # the words' height) after "Executive" is a word space away (a laid-out text's one space is half a word's
    # height, a monospaced type's more); 4.5 points (0.73) is not.
    pages, words = _page([32.4, 319.2])
    assert [[w.text for w in p] for p in _phrases(pages, words)] == [["X"], ["Chief", "Executive", "Officer"]]
    pages, words = _page([32.4, 319.2], officer_at=272.6)
    assert [[w.text for w in p] for p in _phrases(pages, words)] == [["X"], ["Chief", "Executive"], ["Officer"]]

