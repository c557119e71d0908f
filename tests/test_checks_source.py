"""What the source lost, apart from what the filer wrote: a value the reader marks as not in the source (an empty
value given `Confidence.LOST`) is said to be so, and never called the filer's empty value; the reader's notes are
listed worded for a person, with the form's labels in place of field paths."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from form4viewer.checks import check, for_a_person, from_source, not_in_source
from form4viewer.model import Confidence, Filing, Value
from form4viewer.readers import read

DATA = Path(__file__).parent / "data" / "checks"
AMOUNT = "non_derivative_transactions[1].shares"


def joby() -> Filing:
    return read(DATA / "joby-form4-2023.xml")


def rules_at(filing: Filing, path: str) -> list[tuple[str, str]]:
    return [(p.rule, p.severity) for p in check(filing) if p.path == path]


def test_an_amount_lost_in_the_source_is_said_to_be_not_in_the_source_not_empty() -> None:
    filing = joby().replace_at(AMOUNT, Value(confidence=Confidence.LOST))
    assert rules_at(filing, AMOUNT) == [("not-in-source", "warning")]
    (problem,) = [p for p in check(filing) if p.path == AMOUNT]
    assert from_source(problem)
    assert problem.message.startswith("Table I row 2 (Common Stock): Amount is not in the source: ")
    assert "the filer did not leave it empty" in problem.message


def test_the_same_amount_left_empty_by_the_filer_is_still_an_error() -> None:
    filing = joby().replace_at(AMOUNT, Value(None, confidence=Confidence.SURE))
    assert rules_at(filing, AMOUNT) == [("missing-row-value", "error")]
    assert not from_source(next(p for p in check(filing) if p.path == AMOUNT))


def test_a_lost_amount_a_person_typed_in_is_no_longer_a_problem() -> None:
    filed = joby().get(AMOUNT).value  # the amount the filing on EDGAR gives
    lost = Value(confidence=Confidence.LOST)
    filing = joby().replace_at(AMOUNT, lost.corrected_to(filed))
    assert not not_in_source(filing.get(AMOUNT))
    assert rules_at(filing, AMOUNT) == []


def test_a_low_value_read_from_text_is_a_doubt_not_a_loss() -> None:
    doubtful = Value(Decimal("2916"), raw="2,9l6", confidence=Confidence.LOST)
    assert not not_in_source(doubtful)
    assert not not_in_source(Value(None, ("F1",), confidence=Confidence.LOST))  # a footnote explains it


def test_notes_name_fields_by_the_forms_labels_not_by_paths() -> None:
    filing = joby()
    note = ("text runs past the edge of the printed page, so these values are shown only in part: "
            "footnotes[0].text, reporting_owners[0].city, non_derivative_transactions[1].shares, filing_date")
    worded = for_a_person(filing, note)
    assert "[" not in worded and "filing_date" not in worded
    assert worded.startswith("Text runs past the edge")
    assert "Footnote 1 text" in worded
    assert f"reporting owner 1 ({filing.reporting_owners[0].name.value}): City" in worded
    assert "Table I row 2 (Common Stock): Amount" in worded
    assert worded.endswith("Filing date.")


def test_words_of_a_note_that_are_no_field_stay_as_they_are() -> None:
    worded = for_a_person(joby(), "box 5's Officer check box shows no mark; read as_is from page_2.")
    assert worded == "Box 5's Officer check box shows no mark; read as_is from page_2."


def test_every_note_of_the_source_is_a_problem_of_the_whole_filing() -> None:
    filing = joby()
    filing = dataclasses.replace(filing, document=dataclasses.replace(
        filing.document, notes=("footnote (2) is missing from the text", "Table I: no Amount (column 4) in row 2")))
    notes = [p for p in check(filing) if p.rule == "source-note"]
    assert [(p.path, p.severity, p.message) for p in notes] == [
        ("", "info", "Footnote (2) is missing from the text."),
        ("", "info", "Table I: no Amount (column 4) in row 2."),
    ]


def test_a_pdf_printouts_note_on_cut_text_names_the_footnote_not_its_path(corpus: Path) -> None:
    """EDGAR's page is wider than the paper: the printout cuts the end of each footnote's lines, and the reader says
    which values are shown only in part."""
    filing = read(corpus / "rendered" / "0001209191-21-017168_F3_OSCR_THIEL-PETER.pdf")
    assert any("footnotes[0].text" in note for note in filing.document.notes)  # as the reader keeps it
    (cut,) = [p for p in check(filing) if p.rule == "source-note" and "past the edge" in p.message]
    assert "Footnote 1 text" in cut.message and "footnotes[" not in cut.message
