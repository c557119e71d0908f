"""Text that keeps a printout's layout: each line of the page a line of text, each box's words at the column where
the page prints them, runs of spaces between (what `pdftotext -layout` and other converters that keep the layout
write; pages parted by form feeds).

Such a text is the page itself in characters, so it is read as the PDF reader reads a page: its words are set on a
grid of character cells (a word at column c of line l stands at c cell widths from the left and l lines from the
top) and `pdf.FormReader` finds the form's boxes, numbered columns and the Reporting Owners table by their captions
and places, as on a printout without rules. Each value's place on that grid is turned back into the span of the
text it was read from, so the window highlights it in the text as it does for any text.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import Filing, SourceDocument
from ..sources import PdfBox, TextSpan
from .pdf_layout import Layout, Page, Word, make_lines

#: A gap of three spaces or more between two words on a line: the mark of a laid-out text (a conversion in
#: running text, as the markdown of the corpus's seed, parts words by single spaces).
_SPREAD = re.compile(r"\S {3,}\S")
#: Fewest lines a laid-out form has, and the share of them that must hold such a gap.
_LEAST_LINES = 20
_SPREAD_SHARE = 0.2
#: The page the grid is set on: US letter width in points, with a margin; the cell is as wide as the text's longest
#: line allows, a line as high as a cell's type (a type twice the cell's width) with a quarter between lines.
_PAGE_WIDTH = 612.0
_MARGIN = 18.0
_WORD = re.compile(r"\S+")

NOTE = "read as a laid-out text: its columns found by where the words stand, as on the printed page"


def laid_out(text: str) -> bool:
    """Whether a text keeps its printout's layout: at least `_SPREAD_SHARE` of its (at least `_LEAST_LINES`)
    non-blank lines hold a run of three spaces or more between two words."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < _LEAST_LINES:
        return False
    return sum(1 for line in lines if _SPREAD.search(line)) >= _SPREAD_SHARE * len(lines)


def layout_of(text: str) -> tuple[Layout, dict[int, tuple[int, int]]]:
    """The text's words set on a grid of character cells, a page for each part between form feeds, and each word's
    span in the text (by the word's id)."""
    longest = max((len(line) for line in text.replace("\f", "\n").splitlines()), default=1)
    cell = (_PAGE_WIDTH - 2 * _MARGIN) / max(longest, 80)
    size = 2 * cell
    pitch = 1.25 * size
    spans: dict[int, tuple[int, int]] = {}
    pages = []
    start = 0
    for number, part in enumerate(text.split("\f"), start=1):
        words: list[Word] = []
        at = start
        for row, line in enumerate(part.split("\n")):
            top = _MARGIN + row * pitch
            for m in _WORD.finditer(line.rstrip("\r")):
                word = Word(m[0], _MARGIN + m.start() * cell, _MARGIN + m.end() * cell, top, top + size, size, number)
                words.append(word)
                spans[id(word)] = (at + m.start(), at + m.end())
            at += len(line) + 1
        start += len(part) + 1
        height = _MARGIN * 2 + pitch * (part.count("\n") + 1)
        pages.append(Page(number, _PAGE_WIDTH, height, words, make_lines(words, number)))
    return Layout(pages), spans


def read_laid_out(text: str, name: str, document: SourceDocument) -> Filing:
    """The filing a laid-out text holds, read by the PDF reader on its words' grid, each value's source the span of
    the text it was read from. Raises NotAFilingError as the PDF reader does."""
    from .pdf import FormReader, _accession

    layout, spans = layout_of(text)
    filing = FormReader(layout, name, document).read()
    accession, where = _accession(None, name)  # from the file's name, as for a PDF printout
    if filing.accession_number.empty and not accession.empty:
        filing = dataclasses.replace(filing, accession_number=accession, document=dataclasses.replace(
            filing.document, notes=filing.document.notes + where))
    by_page = {page.number: page.words for page in layout.pages}
    for path, value in list(filing.values()):
        source = value.source
        if isinstance(source, PdfBox):
            inside = [spans[id(w)] for w in by_page.get(source.page, ())
                      if source.x0 - 0.5 <= (w.x0 + w.x1) / 2 <= source.x1 + 0.5
                      and source.top - 0.5 <= (w.top + w.bottom) / 2 <= source.bottom + 0.5]
            span = TextSpan(min(s for s, _ in inside), max(e for _, e in inside)) if inside else None
            filing = filing.replace_at(path, dataclasses.replace(value, source=span))
    notes = tuple(dict.fromkeys((*filing.document.notes, NOTE)))
    return dataclasses.replace(filing, document=dataclasses.replace(filing.document, notes=notes))
