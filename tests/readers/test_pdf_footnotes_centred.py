"""Footnotes whose marks stand beside the middle of their notes, as EDGAR's page sets them, read off a scan whose
lines run together (`form4viewer.readers.pdf.FormReader._footnotes`).

On EDGAR's printed page each note's mark is set in a column of its own beside the middle of the note. In a text
PDF a mark beside a note of three lines sits on the middle line's baseline, a little off it; an OCR engine reading a
scan puts the mark on that line, and the gaps between notes, which its word boxes close, no longer set the notes
apart. The layout below is the Microchip Form 4 of 2023 (corpus/rendered/0000827054-23-000012_...) as read off its
scan at 300 dpi: notes (5) to (7), (6) and (7) of three lines each with the mark on the middle one, and a garbled
piece of the mark's bracket read after (6). The notes' texts are the filing's own (its XML), cut short.
"""

from __future__ import annotations

from form4viewer.model import SourceDocument
from form4viewer.readers.pdf import FormReader
from form4viewer.readers.pdf_layout import Layout, Page, Word, make_lines

SIZE = 8.0


def _line(top: float, x0: float, text: str) -> list[Word]:
    out, x = [], x0
    for word in text.split():
        out.append(Word(word, x, x + 0.45 * SIZE * len(word), top, top + 7.0, SIZE, 1))
        x += 0.45 * SIZE * (len(word) + 1)
    return out


def _footnotes(lines: list[list[Word]]) -> dict[str, str]:
    words = [w for line in lines for w in line]
    page = Page(1, 612.0, 792.0, words, make_lines(words, 1))
    document = SourceDocument(kind="pdf", name="notes.pdf", sha256="", size=0, pages=1)
    return {f.id: f.text.value for f in FormReader(Layout([page]), "notes.pdf", document)._footnotes()}


def test_notes_with_their_marks_on_their_middle_lines_end_where_their_marks_say() -> None:
    notes = _footnotes([
        _line(303.0, 32, "Explanation of Responses:"),
        _line(329.0, 34, "* If the form is filed by more than one reporting person, see Instruction 4(b)(v)."),
        _line(426.0, 32, "(5) Each performance stock unit represents a contingent right."),
        _line(438.0, 45, "Each Performance Stock Unit (PSU) granted under the Plan"),
        [*_line(446.5, 32, "(6)"), *_line(446.5, 43, ")"), *_line(446.5, 47, "over a period of 12 quarters.")],
        _line(455.0, 45, "Earned PSUs will vest on February 15, 2027."),
        _line(463.5, 45, "Each Performance Stock Unit (PSU) granted under the Plan"),
        [*_line(472.0, 32, "(7)"), *_line(472.0, 45, "over a period of 8 quarters.")],
        _line(480.5, 45, "Earned PSUs will vest on February 17, 2025."),
        _line(500.0, 32, "Note: File three copies of this Form, one of which must be manually signed."),
    ])
    assert notes["F5"] == "Each performance stock unit represents a contingent right."
    assert notes["F6"] == ("Each Performance Stock Unit (PSU) granted under the Plan over a period of 12 quarters. "
                           "Earned PSUs will vest on February 15, 2027.")
    assert notes["F7"] == ("Each Performance Stock Unit (PSU) granted under the Plan over a period of 8 quarters. "
                           "Earned PSUs will vest on February 17, 2025.")


def test_notes_whose_marks_open_their_first_lines_still_run_to_the_next_mark() -> None:
    # A page that sets each mark at the start of its note, the lines after it hanging under the text.
    notes = _footnotes([
        _line(303.0, 32, "Explanation of Responses:"),
        _line(329.0, 34, "(1) The shares are held by a trust"),
        _line(337.5, 45, "of which the reporting person is trustee."),
        _line(346.0, 45, "He disclaims beneficial ownership."),
        _line(354.5, 34, "(2) The price is a weighted average."),
        _line(363.0, 45, "Full information is available on request."),
        _line(390.0, 32, "Note: File three copies of this Form, one of which must be manually signed."),
    ])
    assert notes == {
        "F1": "The shares are held by a trust of which the reporting person is trustee. He disclaims beneficial "
              "ownership.",
        "F2": "The price is a weighted average. Full information is available on request.",
    }
