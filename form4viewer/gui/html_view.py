"""A saved EDGAR page shown as the page, not as its markup, with the same two-way highlight as text sources.

The HTML reader gives each value the span of its text in the page's markup. Qt lays the page out in a
`QTextDocument` whose text is in the markup's order, so the characters a browser would show (markup, scripts, styles
and the title left out, entities decoded) are matched one by one, whitespace aside, with the characters of the laid-out
document. Where Qt shows something differently the two are aligned by their longest common runs, and a span whose
characters were not found is not highlighted rather than highlighted in the wrong place.
"""

from __future__ import annotations

import bisect
import html
import re
from difflib import SequenceMatcher

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from ..sources import TextSpan
from .source_view import find_wrapping, highlight_selection

#: Markup whose text a browser does not show: comments, scripts, styles, the title, declarations, tags.
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|title)\b[^>]*>.*?(?:</\1\s*>|$)|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_BARE_HEX_COLOUR = re.compile(r"""\b((?:bg)?color)\s*=\s*["']?([0-9A-Fa-f]{6})\b["']?""", re.IGNORECASE)
#: The most shown characters aligned when Qt shows a page differently from its markup (alignment takes time that
#: grows faster than the page; EDGAR's pages have a few thousand).
MAX_ALIGNED = 100_000
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def visible_characters(markup: str) -> tuple[str, list[int]]:
    """The characters a browser shows of `markup`, whitespace left out, and the offset in `markup` each comes from
    (the characters of an entity come from its `&`)."""
    chars: list[str] = []
    offsets: list[int] = []
    position = 0
    for hidden in _HIDDEN.finditer(markup):
        _add_text(markup, position, hidden.start(), chars, offsets)
        position = hidden.end()
    _add_text(markup, position, len(markup), chars, offsets)
    return "".join(chars), offsets


def _add_text(markup: str, start: int, end: int, chars: list[str], offsets: list[int]) -> None:
    position = start
    for entity in _ENTITY.finditer(markup, start, end):
        _add_plain(markup, position, entity.start(), chars, offsets)
        for ch in html.unescape(entity.group(0)):
            if not ch.isspace():
                chars.append(ch)
                offsets.append(entity.start())
        position = entity.end()
    _add_plain(markup, position, end, chars, offsets)


def _add_plain(markup: str, start: int, end: int, chars: list[str], offsets: list[int]) -> None:
    for offset in range(start, end):
        ch = markup[offset]
        if not ch.isspace():
            chars.append(ch)
            offsets.append(offset)


class PageMap:
    """Character offsets in the markup matched with positions in the laid-out text (`QTextDocument.toPlainText()`,
    whose indexes are document positions, counted in UTF-16 units)."""

    def __init__(self, markup: str, shown: str) -> None:
        self.markup = markup
        source_chars, source_offsets = visible_characters(markup)
        shown_indexes = [i for i, ch in enumerate(shown) if not ch.isspace()]
        shown_chars = "".join(shown[i] for i in shown_indexes)
        pairs: list[tuple[int, int]]
        if source_chars == shown_chars:
            pairs = list(zip(source_offsets, shown_indexes, strict=True))
        elif max(len(source_chars), len(shown_chars)) > MAX_ALIGNED:
            pairs = []  # aligning would hold the window up; the page is shown without highlights
        else:
            matcher = SequenceMatcher(None, source_chars, shown_chars, autojunk=False)
            pairs = [(source_offsets[a + k], shown_indexes[b + k])
                     for a, b, size in matcher.get_matching_blocks() for k in range(size)]
        wide = [i for i, ch in enumerate(shown) if ord(ch) > 0xFFFF]
        self.source = [offset for offset, _ in pairs]
        self.shown = [index + bisect.bisect_left(wide, index) for _, index in pairs]
        self.matched = len(pairs)
        self.total = len(source_chars)

    def to_view(self, span: TextSpan) -> tuple[int, int] | None:
        """The document positions of the shown characters of `span`, or None when none of them is shown."""
        first = bisect.bisect_left(self.source, span.start)
        last = bisect.bisect_left(self.source, span.end) - 1
        if first <= last:
            return self.shown[first], self.shown[last] + 1
        # A value read from inside a tag (the CIK in a link's address) shows as the text the tag encloses.
        opened, closed = self.markup.rfind("<", 0, span.start), self.markup.rfind(">", 0, span.start)
        if opened <= closed or self.markup.startswith("<!", opened) or first >= len(self.source):
            return None
        last = first
        while (last + 1 < len(self.source) and self.source[last + 1] - self.source[last] <= 2
               and last - first < 80):
            last += 1
        return self.shown[first], self.shown[last] + 1

    def to_source(self, position: int) -> int | None:
        """The markup offset of the shown character at (or nearest after) document `position`."""
        if not self.shown:
            return None
        index = min(bisect.bisect_left(self.shown, position), len(self.shown) - 1)
        if index > 0 and position - self.shown[index - 1] <= 1 and self.shown[index] != position:
            index -= 1  # a click just after a character's left edge belongs to it
        return self.source[index]


class HtmlSourceView(QTextBrowser):
    """A saved EDGAR page laid out as the page, read-only, with the value a person selected highlighted on it.
    Links are not followed and nothing is loaded: the page is shown from its own markup only."""

    positionClicked = Signal(int, int)  # noqa: N815 - offset in the markup, line (0: not known)
    markupRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.map: PageMap | None = None
        self.highlighted_range: tuple[int, int] | None = None

    def loadResource(self, kind: int, name: object) -> object:  # noqa: N802
        return None  # images and style sheets the page names are not fetched, not even from disk

    def set_source(self, markup: str) -> None:
        # Browsers take a colour without its "#" (EDGAR's pages have bgcolor="DCDCDC"); Qt does not, and says so.
        self.setHtml(_BARE_HEX_COLOUR.sub(r'\1="#\2"', markup))
        self.map = PageMap(markup, self.document().toPlainText())
        self.setExtraSelections([])
        self.highlighted_range = None

    def highlight_span(self, span: TextSpan) -> bool:
        """Highlights the characters of `span` and scrolls to them; False (and no highlight) when they are not on
        the page as shown."""
        shown = self.map.to_view(span) if self.map is not None else None
        if shown is None:
            self.clear_highlight()
            return False
        start, end = shown
        self.setExtraSelections([highlight_selection(self.document(), start, end)])
        self.highlighted_range = (start, end)
        view = QTextCursor(self.document())
        view.setPosition(start)
        self.setTextCursor(view)
        self.ensureCursorVisible()
        return True

    def clear_highlight(self) -> None:
        self.setExtraSelections([])
        self.highlighted_range = None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection() and self.map:
            offset = self.map.to_source(self.cursorForPosition(event.position().toPoint()).position())
            if offset is not None:
                self.positionClicked.emit(offset, 0)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        menu.addAction("Show the Page's Markup", self.markupRequested.emit)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def find_text(self, text: str, backward: bool = False) -> bool:
        return find_wrapping(self, text, backward)
