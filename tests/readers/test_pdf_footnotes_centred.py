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


def _line(top: float, x0: float, text: str, height: float = 7.0) -> list[Word]:
    out, x = [], x0
    for word in text.split():
        out.append(Word(word, x, x + 0.45 * SIZE * len(word), top, top + height, SIZE, 1))
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


def _tall(line: list[Word], text: str, top: float, bottom: float) -> list[Word]:
    """The line with its word `text` boxed from `top` to `bottom`, as an OCR engine boxes a glyph it misread."""
    return [Word(w.text, w.x0, w.x1, top, bottom, w.size, w.page) if w.text == text else w for w in line]


def test_a_word_boxed_taller_than_its_line_does_not_join_the_notes_around_it() -> None:
    # The Tesla Form 4 of 2022 (corpus/rendered/0000899243-22-035390_...) read off its scan at 300 dpi: notes of
    # three lines with their marks on the middle line, 5.3 points high, 3.6 apart within a note and 7.5 between
    # notes; the engine boxed the "4" of the first line from 83.0 to 92.4, 1.2 points short of the next line. The
    # notes' texts are the filing's own (its XML), cut short.
    notes = _footnotes([
        _line(40.0, 32, "Explanation of Responses:", 5.3),
        _tall(_line(84.2, 50, "The price reported in Column 4 is a weighted average price.", 5.3), "4", 83.0,
              92.4),
        [*_line(93.6, 34, "(1)", 5.3), *_line(93.6, 50, "reporting person undertakes to provide Tesla, Inc.", 5.3)],
        _line(103.0, 50, "regarding the number of shares sold at each separate price.", 5.3),
        [*_line(115.7, 34, "(2)", 5.3), *_line(115.7, 50, "The Elon Musk Revokable Trust dated July 22, 2003.", 5.3)],
        _line(128.4, 50, "The price reported in Column 4 is a weighted average price.", 5.3),
        [*_line(137.8, 34, "(3)", 5.3), *_line(137.8, 50, "reporting person undertakes to provide Tesla, Inc.", 5.3)],
        _line(147.1, 50, "regarding the number of shares sold at each separate price.", 5.3),
        _line(170.0, 32, "Note: File three copies of this Form, one of which must be manually signed.", 5.3),
    ])
    price = ("The price reported in Column 4 is a weighted average price. reporting person undertakes to provide "
             "Tesla, Inc. regarding the number of shares sold at each separate price.")
    assert notes == {"F1": price, "F2": "The Elon Musk Revokable Trust dated July 22, 2003.", "F3": price}


def test_a_word_read_on_a_line_of_its_own_beside_a_note_does_not_join_the_notes_around_it() -> None:
    # The Monster Beverage Form 4 of 2023 (corpus/rendered/0001567619-23-004845_...) read off its scan at 300 dpi:
    # notes of one line each with their marks at the start, and notes (1) and (2) of two lines; in note (10) the
    # engine set "stock" on a line of its own, boxed 10.5 points high, reaching 1.9 points into the line under it.
    notes = _footnotes([
        _line(690.0, 32, "Explanation of Responses:", 5.0),
        _line(721.2, 50, "This transaction was executed in multiple trades.", 5.0),
        [*_line(729.8, 34, "(1)", 5.0), *_line(729.8, 50, "The price reported above reflects the average.", 5.0)],
        [*_line(742.4, 34, "(2)", 5.0), *_line(742.4, 50, "The options are fully vested.", 5.0)],
        [*_line(754.4, 34, "(3)", 5.0), *_line(754.4, 50, "The options vest in three installments.", 5.0)],
        [*_line(766.4, 34, "(10)", 5.0), *_line(766.4, 50, "The restricted units were granted.", 5.0)],
        _line(766.2, 150, "stock", 10.5),
        _line(774.8, 50, "Each restricted stock unit represents a right.", 5.0),
        [*_line(786.8, 34, "(11)", 5.0), *_line(786.8, 50, "The remaining units vest on June 1, 2023.", 5.0)],
    ])
    assert notes["F1"] == ("This transaction was executed in multiple trades. The price reported above reflects the "
                           "average.")
    assert notes["F2"] == "The options are fully vested."
    assert notes["F3"] == "The options vest in three installments."
    assert notes["F11"] == "The remaining units vest on June 1, 2023."


def test_words_of_the_form_s_own_starred_lines_read_on_a_line_of_their_own_are_no_note() -> None:
    # The Tesla Form 5 of 2022 (corpus/rendered/0000899243-22-006240_...) read off its scan at 300 dpi: "more",
    # "one" and "see" of the "*" line, set a little lower than the words around them, read as a line of their own.
    notes = _footnotes([
        _line(240.0, 32, "Explanation of Responses:", 5.2),
        [*_line(270.1, 34, "* If the form is filed by", 5.2), *_line(270.1, 180, "than", 5.2),
         *_line(270.1, 214, "reporting person,", 5.2), *_line(270.1, 290, "Instruction 4(b)(v).", 5.2)],
        [*_line(271.4, 114, "more", 3.9), *_line(271.4, 160, "one", 3.9), *_line(271.4, 260, "see", 3.9)],
        _line(283.0, 34, "** Intentional misstatements or omissions of facts constitute Federal Criminal Violations.",
              5.2),
        [*_line(295.9, 34, "(1)", 5.3), *_line(295.9, 50, "Represents a bona fide gift of the Issuer's common stock.",
                                               5.3)],
        _line(320.0, 32, "Note: File three copies of this Form, one of which must be manually signed.", 5.2),
    ])
    assert notes == {"F1": "Represents a bona fide gift of the Issuer's common stock."}
