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
import logging
import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import lru_cache

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QImage, QMouseEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from ..display import markup_in_place
from ..sources import TextSpan
from .source_view import find_wrapping, highlight_selection

log = logging.getLogger(__name__)

_NO_BASE = QUrl("about:blank")
MAX_RECORDED_REQUESTS = 1000

#: Raw-text elements whose content a browser does not show; matched after "<" (IGNORECASE as before: Python's
#: folding lets "ſ" stand for "s" and "K" for "k", which the comparison with the old patterns keeps).
_RAW_TEXT_OPEN = re.compile(r"(script|style|title)\b", re.IGNORECASE)
#: What may follow "<" in a tag: an optional "/" and a letter.
_TAG_START = re.compile(r"/?[A-Za-z]", re.IGNORECASE)
_BARE_HEX_COLOUR = re.compile(r"""\b((?:bg)?color)\s*+=\s*+(["']?)([0-9A-Fa-f]{6})\b""", re.IGNORECASE)
#: The most shown characters aligned when Qt shows a page differently from its markup (alignment takes time that
#: grows faster than the page; EDGAR's pages have a few thousand).
MAX_ALIGNED = 100_000
#: The longest markup laid out as a page. Qt lays a page out on the window's thread (about 1.6 s a million
#: characters of dense markup) where Esc cannot stop it; EDGAR's pages are under 100,000 characters, and a longer
#: one is shown as its markup.
MAX_PAGE_CHARS = 1_000_000
_ENTITY = re.compile(r"&(#[0-9]++|#[xX][0-9a-fA-F]++|[A-Za-z][A-Za-z0-9]*+);?")
#: More digits than any character reference needs (U+10FFFF is 1114111); a longer one shows as U+FFFD, as a
#: browser shows it (and int() refuses more than 4,300 digits).
_MAX_REFERENCE_DIGITS = 8


@lru_cache(maxsize=64)
def _raw_text_close(name: str) -> re.Pattern[str]:
    return re.compile("</" + re.escape(name) + r"\s*+>", re.IGNORECASE)


def hidden_spans(markup: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each run of markup a browser does not show, in order: comments, scripts, styles and the
    title with their content, declarations, processing instructions, tags. One pass, each character looked at a
    bounded number of times, so a page of unclosed tags ("<a<a<a…") takes time in proportion to its length."""
    # Unclosed, a comment or script runs to the end, or to just before a last line feed (as "$" matched before).
    n = len(markup) - 1 if markup.endswith("\n") else len(markup)
    position = 0
    next_close = -2  # the first ">" at or after the current "<"; -2 not looked for yet, -1 none left
    while True:
        start = markup.find("<", position)
        if start < 0:
            return
        if next_close != -1 and next_close < start:
            next_close = markup.find(">", start)
        if markup.startswith("<!--", start):  # a comment runs to "-->", or to the end when it is not closed
            close = markup.find("-->", start + 4)
            position = n if close < 0 else close + 3
            yield start, position
            continue
        raw = _RAW_TEXT_OPEN.match(markup, start + 1)
        if raw is not None and next_close >= 0:
            close_tag = _raw_text_close(raw.group(1)).search(markup, next_close + 1)
            position = n if close_tag is None else close_tag.end()
            yield start, position
            continue
        if next_close >= 0 and (markup.startswith(("<!", "<?"), start) or _TAG_START.match(markup, start + 1)):
            position = next_close + 1
            yield start, position
            continue
        position = start + 1  # a "<" that opens nothing is text


def visible_characters(markup: str) -> tuple[str, list[int]]:
    """The characters a browser shows of `markup`, whitespace left out, and the offset in `markup` each comes from
    (the characters of an entity come from its `&`)."""
    chars: list[str] = []
    offsets: list[int] = []
    position = 0
    for start, end in hidden_spans(markup):
        _add_text(markup, position, start, chars, offsets)
        position = end
    _add_text(markup, position, len(markup), chars, offsets)
    return "".join(chars), offsets


def _unescape(entity: str) -> str:
    if entity.startswith("&#"):
        digits = entity[2:].rstrip(";")
        if digits[:1] in ("x", "X"):
            digits = digits[1:]
        if len(digits.lstrip("0")) > _MAX_REFERENCE_DIGITS:
            return "\ufffd"
    return html.unescape(entity)


def _add_text(markup: str, start: int, end: int, chars: list[str], offsets: list[int]) -> None:
    position = start
    for entity in _ENTITY.finditer(markup, start, end):
        _add_plain(markup, position, entity.start(), chars, offsets)
        for ch in _unescape(entity.group(0)):
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


#: Inside markup that is not shown: the attributes that name something to load (images, backgrounds, style sheets),
#: CSS `url(...)` and `@import`, and entities (Qt decodes "&#115;rc" in a tag to "src").
_RESOURCE_NAMES = re.compile(
    r"(?<![\w-])(src|srcset|lowsrc|dynsrc|background|href|data|poster)(?=\s*+=)|url\s*+\(|@import|&(?=[#\w])",
    re.IGNORECASE,
)
_LINK_TAG = re.compile(r"<a[\s/>]", re.IGNORECASE)


def _defuse(hidden: str) -> str:
    is_link = _LINK_TAG.match(hidden) is not None

    def rename(m: re.Match[str]) -> str:
        word = m.group(0)
        if word == "&":
            return "&amp;"
        if is_link and word.lower() == "href":
            return word  # a link's address is never loaded (links are not followed), and keeps the link's look
        return "x-" + word if word[0] != "@" else "@x-" + word[1:]

    defused = _RESOURCE_NAMES.sub(rename, hidden)
    # Browsers take a colour without its "#" (EDGAR's pages have bgcolor="DCDCDC"); Qt does not, and says so.
    return _BARE_HEX_COLOUR.sub(r"\1=\2#\3", defused)


def neutralised(markup: str) -> str:
    """`markup` as handed to Qt: the same text shown, but nothing in it names a file, address or data to load: in
    every tag, comment, script and style, resource attributes are renamed (`x-src`), `url(` and `@import` spoilt
    and entities escaped. The view loads nothing anyway (see `HtmlSourceView.loadResource`); this is the second
    lock."""
    parts: list[str] = []
    position = 0
    for start, end in hidden_spans(markup):
        parts.append(markup[position:start])
        parts.append(_defuse(markup[start:end]))
        position = end
    parts.append(markup[position:])
    return "".join(parts)


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


def _empty_images(document: QTextDocument) -> None:
    """Every image of `document` gets an empty name, so that laying it out asks for no file."""
    cursor = QTextCursor(document)
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                image = fragment.charFormat().toImageFormat()
                if image.name():
                    image.setName("")
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
            it += 1
        block = block.next()


class HtmlSourceView(QTextBrowser):
    """A saved EDGAR page laid out as the page, read-only, with the value a person selected highlighted on it.
    Links are not followed and nothing is loaded: the page is shown from its own markup only (see `neutralised` and
    `loadResource`)."""

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
        #: (resource type, name) of what the laid-out page asked for (none of it is loaded), the first few only.
        self.resource_requests: list[tuple[int, str]] = []
        self._blank_image = QImage(1, 1, QImage.Format.Format_ARGB32)
        self._blank_image.fill(Qt.GlobalColor.transparent)
        self.setSearchPaths([])
        self._own_document: QTextDocument | None = None

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802
        # Nothing the page names is loaded, not even from disk: a value of the kind asked for, empty, and never
        # None, on which Qt would read the named file itself (a FIFO would hang the window, /dev/zero fill memory,
        # a \\host\share path open a network connection) or decode a data: address.
        if len(self.resource_requests) < MAX_RECORDED_REQUESTS:
            self.resource_requests.append((int(kind), name.toString() if isinstance(name, QUrl) else str(name)))
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return self._blank_image  # not a null image: on that Qt would try to load the file by its name
        if kind in (QTextDocument.ResourceType.StyleSheetResource.value, QTextDocument.ResourceType.HtmlResource.value,
                    QTextDocument.ResourceType.MarkdownResource.value):
            return ""
        return QByteArray()

    def set_source(self, markup: str) -> None:
        self.resource_requests.clear()
        # Bidirectional and other hidden characters show as marks, in place, so that the page cannot show text
        # other than what the filing holds ("Apple, Inc." for U+202E ".cnI ,elppA"); offsets are unchanged.
        markup = markup_in_place(markup)
        # No base a relative name could be resolved against to a file: "about:" names nothing on disk.
        # Parsed into a document with no layout yet, so that images can be emptied before anything is laid out:
        # Qt's image handler reads an image it has no resource for by its name, past `loadResource`.
        document = QTextDocument(self)  # its parent's loadResource answers what the parser asks for
        document.setBaseUrl(_NO_BASE)
        document.setHtml(neutralised(markup))
        _empty_images(document)
        self.setDocument(document)
        if self._own_document is not None:
            self._own_document.deleteLater()  # the view deletes only the document it made itself
        self._own_document = document
        self.map = PageMap(markup, self.document().toPlainText())
        self.setExtraSelections([])
        self.highlighted_range = None
        if self.resource_requests:
            log.debug("the page asked for %d resources; none was loaded", len(self.resource_requests))

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

    def find_text(self, text: str, backward: bool = False) -> tuple[int, int]:
        return find_wrapping(self, text, backward)
