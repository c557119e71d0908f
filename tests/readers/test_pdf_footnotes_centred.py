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

from datetime import date
from decimal import Decimal

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


def _reader(lines: list[list[Word]], name: str) -> tuple[FormReader, Page]:
    """A form reader of one letter page holding these lines, and the page."""
    words = [w for line in lines for w in line]
    page = Page(1, 612.0, 792.0, words, make_lines(words, 1))
    document = SourceDocument(kind="pdf", name=name, sha256="", size=0, pages=1)
    return FormReader(Layout([page]), name, document), page


def _footnotes(lines: list[list[Word]]) -> dict[str, str]:
    return {f.id: f.text.value for f in _reader(lines, "notes.pdf")[0]._footnotes()}


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


def test_bold_marks_whose_closing_brackets_were_read_as_words_of_their_own_are_still_marks() -> None:
    """The Bank of America Form 4 of September 2025 (`corpus/rendered/period2025-09-26_F4_NZF_BANK-OF-AMERICA-CORP-
    DE_cache.pdf`, page 2) as read off its scan at 300 dpi: the marks (1) to (3) are bold, beside the middle lines
    of their notes, and the engine read each as "(1" and ")" apart (the lines below are its, the notes' texts the
    filing's own, cut short)."""
    notes = _footnotes([
        _line(303.0, 32, "Explanation of Responses:"),
        _line(329.0, 34, "* If the form is filed by more than one reporting person, see Instruction 4(b)(v)."),
        _line(428.4, 47, "This statement is jointly filed"),
        _line(438.0, 47, "Persons\"). Bank of America"),
        [*_line(447.1, 34, "(1"), *_line(447.1, 42, ")"), *_line(447.1, 47, "Reporting Person disclaims")],
        _line(456.7, 47, "deemed an admission"),
        _line(465.6, 47, "1934, or for any other purpose."),
        _line(478.6, 47, "Each Reporting Person declares"),
        _line(488.2, 47, "13(d) of the Exchange Act"),
        [*_line(492.5, 34, "(2"), *_line(492.5, 42, ")")],
        _line(497.5, 47, "other group for the purpose"),
        _line(506.6, 47, "of any group."),
        _line(519.6, 47, "Without conceding its status"),
        [*_line(528.7, 34, "(3"), *_line(528.7, 42, ")"), *_line(528.7, 47, "swing profit recovery")],
        _line(537.8, 47, "will be remitted to the Issuer."),
        _line(558.2, 32, "Note: File three copies of this Form, one of which must be manually signed."),
    ])
    assert notes == {
        "F1": "This statement is jointly filed Persons\"). Bank of America Reporting Person disclaims deemed an "
              "admission 1934, or for any other purpose.",
        "F2": "Each Reporting Person declares 13(d) of the Exchange Act other group for the purpose of any group.",
        "F3": "Without conceding its status swing profit recovery will be remitted to the Issuer.",
    }


def test_a_starred_line_read_in_two_overlapping_pieces_and_a_mark_beside_its_own_bracket_leave_the_notes_apart(
) -> None:
    """The Apple Form 4 of Sabih Khan of October 2025 (`corpus/rendered/period2025-10-01_F4_AAPL_Khan-Sabih_
    cache.pdf`, page 2) as read off its scan at 300 dpi: the form's "**" line read as "eK" a little above the rest
    of its line, which overlaps it; notes (1) to (3) of one line, (4) and (5) of three and four lines with their
    marks beside the middle, (5) read "(5) )" on a line of its own between two of its lines. Its XML's notes:
    F3 "Shares withheld by Apple ... No shares were sold.", F4 "This award was granted on September 25, 2022, ...",
    F5 "TSR is calculated based on the change ..." (the texts below are cut short)."""
    notes = _footnotes([
        _line(217.2, 32, "Explanation of Responses:", 12.0),
        _line(243.8, 34, "* If the form is filed by more than one reporting person, see Instruction 4(b)(v).", 5.1),
        _line(255.8, 34, "eK", 2.9),
        _line(256.1, 46, "Intentional misstatements or omissions of facts constitute Federal Criminal Violations.", 5.0),
        _line(268.1, 34, "(1) Each restricted stock unit represents the right to receive one share.", 5.0),
        _line(280.1, 34, "(2) This transaction represents the settlement of restricted stock units.", 5.0),
        _line(292.3, 34, "(3) Shares withheld by Apple. No shares were sold.", 5.1),
        _line(304.3, 46, "This award was granted on September 25, 2022,", 5.1),
        _line(313.2, 34, "(4) restricted stock units that was determined", 5.0),
        _line(321.6, 46, "and ending with the last day of Apple's fiscal year 2025.", 5.0),
        _line(333.8, 46, "TSR is calculated based on the change", 5.1),
        _line(342.7, 46, "reinvested in the stock.", 5.1),
        [*_line(346.8, 34, "(5)", 6.2), *_line(346.8, 45.5, ")", 6.2)],
        _line(351.4, 46, "performance period.", 5.0),
        _line(360.0, 46, "of the performance period. Apple's ending value was calculated to be $244.54.", 5.0),
        _line(447.1, 32, "Note: File three copies of this Form, one of which must be manually signed.", 5.1),
    ])
    assert notes == {
        "F1": "Each restricted stock unit represents the right to receive one share.",
        "F2": "This transaction represents the settlement of restricted stock units.",
        "F3": "Shares withheld by Apple. No shares were sold.",
        "F4": "This award was granted on September 25, 2022, restricted stock units that was determined and ending "
              "with the last day of Apple's fiscal year 2025.",
        "F5": "TSR is calculated based on the change reinvested in the stock. performance period. of the "
              "performance period. Apple's ending value was calculated to be $244.54.",
    }


def test_the_form_s_own_lines_whose_stars_were_read_as_letters_are_no_note() -> None:
    """The Citigroup Form 4/A of Jane Nind Fraser of October 2025 (`corpus/rendered/period2025-10-22_F4AA_C_Fraser-
    Jane-Nind_cache.pdf`, page 2) as read off its scan at 300 dpi: the form's "** Intentional misstatements ..."
    line read "Kk Intentional misstatements ...", which ran into note (1) (its XML: F1 "Award of deferred stock
    pursuant to the Issuer's 2019 Stock Incentive Plan. ...", cut short below)."""
    notes = _footnotes([
        _line(61.9, 32, "Explanation of Responses:", 10.8),
        _line(86.2, 34, "* If the form is filed by more than reporting person, Instruction 4(b)(v).", 4.5),
        _line(97.2, 34, "Kk Intentional misstatements or omissions of facts constitute Federal Criminal Violations. "
                        "See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).", 4.6),
        _line(108.5, 34, "(1) Award of deferred stock pursuant to the Issuer's 2019 Stock Incentive Plan.", 4.5),
        _line(119.5, 34, "(2) Award of stock options to purchase Citigroup Inc. common stock.", 4.6),
        _line(139.0, 34, "Remarks:", 5.7),
    ])
    assert notes == {"F1": "Award of deferred stock pursuant to the Issuer's 2019 Stock Incentive Plan.",
                     "F2": "Award of stock options to purchase Citigroup Inc. common stock."}


# --------------------------------------------------------------------------------------------------------------
# A scan's lines whose boxes overlap


def scanned(name: str) -> tuple[Layout, str]:
    """A page region as the scan reader read it (`tests/data/scan_words/`: each word's text, box, size and the
    engine's confidence, with the page's horizontal rules), laid out again, and where it was read."""
    import json
    from pathlib import Path

    from form4viewer.readers.pdf_layout import Segment
    from form4viewer.readers.scan import ScanWord

    data = json.loads((Path(__file__).parents[1] / "data" / "scan_words" / name).read_text())
    words: list[Word] = [ScanWord(t, x0, x1, top, bottom, size, 1, sure) for t, x0, x1, top, bottom, size, sure
                         in data["words"]]  # fmt: skip
    page = Page(1, data["page_width"], data["page_height"], words, make_lines(words, 1),
                [Segment(at, a, b) for at, a, b in data["horizontal"]])
    return Layout([page]), data["source"]


def test_long_notes_with_centred_marks_on_a_scan_whose_mark_lines_overlap_the_text_start_at_their_first_lines() -> None:
    """The Sitio Royalties Form 4 of Brett Riesenfeld (2023-01-03) printed from its XML by EDGAR's stylesheet and
    scanned at 300 dpi, page 2: notes (1) to (11), most of three to five lines, each mark set beside the middle of
    its note. The engine read a stray comma on a line of its own, which overlapped the line above it, and that
    overlap, taken for the space between a note's lines, cut every line into a block of its own: each note then
    began at its mark's line, its first lines going to the note before (F1 read from "Sub V, Inc."). The notes'
    first and last words are the filing's XML."""
    layout, source = scanned("str-footnotes-centred-marks.json")
    document = SourceDocument(kind="pdf", name=source, sha256="", size=0, pages=1)
    notes = {f.id: f.text.value for f in FormReader(layout, source, document)._footnotes()}
    assert notes["F1"].startswith("On December 29, 2022, pursuant to the Agreement and Plan of Merger")
    assert notes["F1"].endswith("as a wholly owned subsidiary of New Sitio,")
    assert notes["F2"].startswith("(Continued from Footnote 1) (ii) the merger of Sitio Merger Sub")
    assert notes["F2"].endswith("Sitio and Brigham became direct wholly owned subsidiaries of New Sitio.")
    assert notes["F3"].startswith("(Continued from Footnote 2) Contemporaneously with the filing of this Form 4")
    assert notes["F4"].startswith("Pursuant to the Merger Agreement, effective as of the effective time")
    assert notes["F5"] == ('(Continued from Footnote 4) As used herein, the term "RSUs" refers to (i) Old Sitio RSUs '
                           "prior to the First Effective Time and (ii) New Sitio RSUs following the First Effective "
                           "Time, in each case, unless the context requires otherwise.")
    assert notes["F6"].startswith("Represents Old Sitio RSUs granted to the reporting person pursuant to the Sitio")
    assert notes["F7"].startswith("Represents Old Sitio RSUs granted to the reporting person pursuant to the Old")
    assert notes["F7"].endswith("vesting date.")
    assert notes["F9"].startswith("(Continued from Footnote 8) The terms of the Second Amended")
    assert notes["F10"].startswith("(Continued from Footnote 9) Although the reporting person retained")
    assert notes["F11"].startswith("Pursuant to the Merger Agreement, effective as of the First Effective Time")
    assert len(notes) == 11



def test_a_mark_s_line_overlapping_the_line_above_it_does_not_cut_the_notes_apart() -> None:
    """Noam Lockshin's Sitio Royalties Form 4 of 2023-01-03 printed from its XML by EDGAR's stylesheet and scanned at
    300 dpi, page 2: notes (1) to (6). The mark "(4)", set beside the middle of its note between two of its lines,
    was read with a speck beside it ("Rear]") on a line of its own overlapping the lines above and below. That
    overlap, taken for the space between a note's lines, set every line in a block of its own, and each note after
    the first began at its mark's line, its first lines going to the note before (F2 read from "New Sitio, and
    (iii)"). The notes' first and last words are the filing's XML."""
    layout, source = scanned("str-footnotes-mark-line-overlapping.json")
    document = SourceDocument(kind="pdf", name=source, sha256="", size=0, pages=1)
    notes = {f.id: f.text.value for f in FormReader(layout, source, document)._footnotes()}
    assert notes["F1"].startswith("On December 29, 2022, pursuant to the Agreement and Plan of Merger")
    assert notes["F1"].endswith("as a wholly owned subsidiary of New Sitio,")
    assert notes["F2"].startswith("(Continued from Footnote 1) (ii) the merger of Sitio Merger Sub")
    assert notes["F2"].endswith('of the Sitio Merger (the "First Effective Time"),')
    assert notes["F3"].startswith("(Continued from Footnote 2) each share of Sitio Class A Common Stock")
    assert notes["F3"].endswith("does not reflect sales of securities by the Reporting Person.")
    assert notes["F4"].startswith("Pursuant to the Merger Agreement, effective as of the First Effective")
    assert notes["F5"].startswith("(Continued from Footnote 4) each of which represents a contingent right")
    assert notes["F6"].startswith("Represents Old Sitio RSUs granted to the reporting person pursuant to")
    assert len(notes) == 6


def test_a_mark_read_with_a_bracket_lost_opens_its_note_where_it_is_the_next_mark() -> None:
    # Elon Musk's Tesla Form 4 of December 2021 (corpus/xml/0000899243-21-045949_...) read off its scan at 300 dpi:
    # note (4)'s mark read "(4", which left F4 out and ran its text into F3. A mark that is not the next one stays
    # a note's word.
    notes = _footnotes([
        _line(464.0, 32, "Explanation of Responses:"),
        _line(510.0, 34, "(3) The price reported in Column 4 is a weighted average price."),
        _line(521.0, 33, "(4 The price reported in Column 4 is a weighted average price too."),
        _line(532.0, 34, "5) The reporting person undertakes to provide the full information."),
        _line(543.0, 34, "(7 is not the next mark and stays in the note."),
        _line(600.0, 32, "Note: File three copies of this Form, one of which must be manually signed."),
    ])
    assert notes == {
        "F3": "The price reported in Column 4 is a weighted average price.",
        "F4": "The price reported in Column 4 is a weighted average price too.",
        "F5": "The reporting person undertakes to provide the full information. (7 is not the next mark and stays in "
              "the note.",
    }


def test_a_mark_beside_its_note_read_without_its_brackets_is_the_mark_where_it_is_the_next_one() -> None:
    # A B. Riley Form 4 of 2023 printed by EDGAR (accession 0001213900-23-037819) read off its scan at 200 dpi, tilted
    # and noisy (lines as read, texts cut short): note (2)'s mark, set beside the note's middle, read "2" with a
    # speck "~" beside it, which ran F2's text into F1. A bare number that is not the next mark, or that has words
    # beside it, stays the note's.
    notes = _footnotes([
        _line(399.4, 32, "Explanation of Responses:"),
        _line(445.7, 44, "On April 21, 2023, the Issuer announced that its board had determined to redeem"),
        _line(453.6, 44, "Issuer will not be able to consummate an initial business combination"),
        _line(457.9, 33, "(1)"),
        _line(461.5, 44, "represented only the rights to receive the per-share redemption price."),
        _line(480.7, 44, "B. Riley Principal Investments, LLC is the managing member of the Sponsor."),
        _line(488.6, 44, "power over the securities held by the Sponsor."),
        [*_line(492.7, 33, "2"), *_line(492.7, 39, "~")],
        _line(496.6, 44, "BRF and Bryant R. Riley may be deemed to indirectly beneficially own the securities"),
        _line(505.0, 44, "extent of its/his respective pecuniary interest therein."),
        _line(515.5, 44, "The shares of Class B common stock were convertible for shares of Class A"),
        _line(519.6, 33, "(3)"),
        _line(523.7, 44, "Statement on Form S-1 and had no expiration date."),
        _line(560.0, 32, "Note: File three copies of this Form, one of which must be manually signed."),
    ])
    assert notes["F2"] == ("B. Riley Principal Investments, LLC is the managing member of the Sponsor. power over the "
                           "securities held by the Sponsor. BRF and Bryant R. Riley may be deemed to indirectly "
                           "beneficially own the securities extent of its/his respective pecuniary interest therein.")
    assert notes["F1"].endswith("per-share redemption price.") and notes["F3"].startswith("The shares of Class B")
    assert _footnotes([
        _line(464.0, 32, "Explanation of Responses:"),
        _line(510.0, 34, "(1) The shares were sold in the amounts below."),
        _line(521.0, 34, "2 were sold on May 1."),
        _line(532.0, 34, "5 ~"),
        _line(600.0, 32, "Note: File three copies of this Form, one of which must be manually signed."),
    ]) == {"F1": "The shares were sold in the amounts below. 2 were sold on May 1. 5 ~"}


def test_a_mark_misread_as_another_number_takes_its_place_in_the_order_of_the_marks() -> None:
    # Elon Musk's Tesla Form 4 of December 2021 (corpus/xml/0000899243-21-049325_...) read off its scan at 300 dpi:
    # note (8)'s mark read "(3)", between (7) and (9), which put F8's text under F3 and left F8 out.
    notes = _footnotes([
        _line(464.0, 32, "Explanation of Responses:"),
        _line(510.0, 34, "(2) The shares were sold to pay the tax on the options."),
        _line(521.0, 34, "(3) The price is a weighted average of $893.300 to $894.290."),
        _line(532.0, 34, "(7) The price is a weighted average of $897.000 to $897.900."),
        _line(543.0, 34, "(3) The price is a weighted average of $898.000 to $898.950."),
        _line(554.0, 34, "(9) The price is a weighted average of $899.010 to $899.980."),
        _line(600.0, 32, "Note: File three copies of this Form, one of which must be manually signed."),
    ])
    assert notes["F3"] == "The price is a weighted average of $893.300 to $894.290."
    assert notes["F8"] == "The price is a weighted average of $898.000 to $898.950."
    assert sorted(notes, key=lambda k: int(k[1:])) == ["F2", "F3", "F7", "F8", "F9"]


def _form_type(lines: list[list[Word]]) -> str | None:
    reader, page = _reader(lines, "title.pdf")
    return reader._form_type(page)[1]


def test_a_form_whose_number_went_unread_is_known_by_its_title_not_by_the_caption_beside_it() -> None:
    # Page 1 of Elon Musk's Tesla Form 4 of 2010 (accession 0001181431-10-035864) at 300 dpi: the title's large "4"
    # after "FORM" was not read, and "Form 5 obligations" of the caption beside it made the filing a Form 5.
    def page(title: str) -> list[list[Word]]:
        return [_line(32.4, 42, "FORM", 19.0), _line(70.3, 48, "Section 16. Form 4 or"),
                _line(78.7, 48, "Form 5 obligations may continue. See"), _line(106.1, 147, title)]

    assert _form_type(page("STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES")) == "4"
    assert _form_type(page("ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES")) == "5"
    assert _form_type(page("INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES")) == "3"
    # The title's number read: it is the form, whatever the caption says.
    assert _form_type([*page("ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP"), _line(32.4, 60, "4", 19.0)]) \
        == "4"


def _form3_tables(table_i_rows: list[list[Word]]) -> dict[str, list[object]]:
    """Tables I and II of EDGAR Online's Form 3 of David P. Kennedy for Vector Acquisition Corp of September 2020
    (`corpus/edgar-online/0001104659-20-108440_...`) as its scan at 200 dpi read them, lines where they stand: Table
    I's column 1 caption read without its number ("Title of Security"), Table I empty as filed, Table II one row
    (the XML's: Class B ordinary shares, 25,000 Class A ordinary shares underlying, owned directly)."""
    lines = [
        _line(315.1, 203, "Table I - Non-Derivative Securities Beneficially Owned"),
        _line(330.5, 27, "Title of Security") + _line(330.5, 251, "2. Amount of Securities")
        + _line(330.5, 366, "3. Ownership") + _line(330.5, 423, "4. Nature of Indirect Beneficial Ownership"),
        _line(341.5, 20, "(Instr. 4)") + _line(341.5, 251, "Beneficially Owned") + _line(341.5, 366, "Form: Direct")
        + _line(341.5, 423, "(Instr. 5)"),
        _line(352.3, 251, "(Instr. 4)") + _line(352.3, 366, "(D) or Indirect"),
        *table_i_rows,
        _line(400.1, 103, "Table II - Derivative Securities Beneficially Owned (e.g., puts, calls, warrants)"),
        _line(414.2, 22, "1. Title of Derivate Security") + _line(414.2, 177, "2. Date Exercisable")
        + _line(414.2, 265, "3. Title and Amount of") + _line(414.2, 376, "4. Conversion")
        + _line(414.2, 432, "5. Ownership") + _line(414.2, 488, "6. Nature of Indirect"),
        _line(426.2, 20, "(Instr. 4)") + _line(426.2, 177, "and Expiration Date") + _line(426.2, 265, "Securities")
        + _line(426.2, 376, "or Exercise") + _line(426.2, 432, "Form of") + _line(426.2, 488, "Beneficial"),
        _line(510.5, 20, "Class B ordinary shares") + _line(510.5, 192, "(1)") + _line(510.5, 237, "(1)")
        + _line(510.5, 271, "ordinary") + _line(510.5, 332, "25000") + _line(510.5, 396, "(1)")
        + _line(510.5, 453, "D"),
        _line(552.2, 20, "Explanation of Responses:"),
    ]
    reader, _ = _reader(lines, "vector.pdf")
    return reader._tables("3")


def test_table_i_s_header_with_its_first_number_lost_is_its_own_not_table_ii_s() -> None:
    # Its header found under Table II's title, Table II's one row was read into Table I as well.
    tables = _form3_tables([])
    assert tables["non_derivative_holdings"] == []
    (held,) = tables["derivative_holdings"]
    assert held.security_title.value == "Class B ordinary shares"
    # A row under the header whose "1." went unread is read in its columns.
    tables = _form3_tables([_line(370.0, 20, "Common Stock") + _line(370.0, 251, "1,000") + _line(370.0, 366, "D")])
    (row,) = tables["non_derivative_holdings"]
    assert (row.security_title.value, row.shares_owned_following.value, row.direct_or_indirect.value) == \
        ("Common Stock", Decimal("1000"), "D")


def test_a_signature_whose_caption_was_read_with_a_space_inside_a_word_is_found() -> None:
    # EDGAR Online's Form 4 of Adam C. Spice for Rocket Lab of May 2022 (`corpus/edgar-online/0000899243-22-018150_...`)
    # at 200 dpi: "** Signature of Reporting Person" read "“Si. gnature of Reporting Person" (the truth beside the
    # printout: "/s/ Adam Spice", 2022-05-16).
    lines = [_line(626.4, 20, "Signatures"),
             _line(641.3, 20, "/s/ Adam Spice") + _line(641.3, 150, "5/16/2022"),
             _line(655.2, 20, "“Si.") + _line(655.2, 37, "gnature of Reporting Person") + _line(655.2, 165, "Date"),
             _line(680.4, 21, "Reminder: Report on a separate line for each class of securities")]
    reader, _ = _reader(lines, "spice.pdf")
    (signed,) = reader._signatures()
    assert (signed.name.value, signed.date.value) == ("/s/ Adam Spice", date(2022, 5, 16))
