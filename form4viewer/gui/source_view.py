"""The source pane: PDF pages (drawn by pdfium on a worker thread) or the text of a text, HTML or XML source.

Selecting a field highlights where it was read and scrolls there; clicking the source selects the field read
nearest to the click. Both directions go through the document (`FilingDocument.select`); where a field was read
and which field a click means are the session's (Qt-free) `source_of`, `field_at_point` and `field_at_offset`.
Each kind of view (PDF pages, text, web page) is a `SourceView`: the pane asks the one shown, whatever it is."""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt, QThread, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFontDatabase,
    QImage,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..display import in_place
from ..errors import Form4ViewerError
from ..readers import decode_text
from ..readers.text_layout import laid_out
from ..session import field_at_offset, field_at_point, source_of, where_it_would_stand
from ..sources import PdfBox, Source, TextSpan, XmlPath
from .document import FilingDocument
from .pdf_render import PdfRenderer
from .workers import Task

if TYPE_CHECKING:
    from ..model import Filing
    from .html_view import HtmlSourceView

log = logging.getLogger(__name__)

HIGHLIGHT_FILL = QColor(255, 213, 0, 90)
HIGHLIGHT_LINE = QColor(230, 120, 0)
FOUND_FILL = QColor(60, 140, 255, 70)
FOUND_CURRENT_FILL = QColor(255, 140, 0, 110)
FOUND_CURRENT_LINE = QColor(200, 90, 0)
#: What the pane says while a scan shown without its reading has its pages decoded and straightened.
DRAWING_SCAN = "Drawing the scan's pages…"

#: How much of a text is looked at to tell whether it keeps its printout's layout (`text_layout.laid_out`).
LAYOUT_SAMPLE = 65_536


class SourceView(Protocol):
    """One view of a source as the pane uses it, whatever the source is: PDF pages, a text (or markup), a web page.
    `kind` names it ("pdf", "text", "page"); `widget` is what the pane shows."""

    kind: str

    @property
    def widget(self) -> QWidget: ...

    @property
    def is_drawn(self) -> bool:
        """True once what is in view is on the screen."""
        ...

    def show_source(self, source: Source | None) -> None:
        """Mark where a field was read and scroll to it; None (or a source of another kind) takes the mark away."""

    def zoom_in(self) -> None: ...

    def zoom_out(self) -> None: ...

    def search(self, text: str, backward: bool = False) -> None:
        """Find `text` (the next or previous match on a second call); which match is shown and how many there
        are is reported through the view's `findResult` (a PDF's once the drawing thread has looked). Named apart
        from the text widgets' own `find`, which the views use."""


# --------------------------------------------------------------------------------------------------------------
# PDF pages


class PdfView(QGraphicsView):
    """Pages stacked top to bottom in a scene measured in PDF points; each page is a white sheet with its drawing
    on top, re-drawn at the scale the zoom needs for the pages in view only."""

    pageClicked = Signal(int, float, float)  # noqa: N815 - page 1-based, x, y in points from top-left
    drawn = Signal()
    zoomChanged = Signal(float)  # noqa: N815
    findResult = Signal(int, int)  # noqa: N815 - the current match (1-based; 0 when none) and how many there are

    _load = Signal(int, object)
    _render = Signal(int, int, float)
    _find = Signal(int, str)

    kind = "pdf"
    GAP = 14.0
    MAX_SCALE = 4.0
    #: Pages kept drawn on either side of the ones in view (the rest drop their pictures to save memory).
    KEEP = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QColor("#7c8289"))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.zoom = 1.0
        self._fit_width = True
        self._generation = 0
        self._sizes: list[tuple[float, float]] = []
        self._offsets: list[float] = []
        self._pixmaps: list[QGraphicsPixmapItem] = []
        self._scales: list[float] = []
        self._pending: set[int] = set()
        self._highlight: QGraphicsRectItem | None = None
        self._pending_box: PdfBox | None = None
        self._found_items: list[QGraphicsRectItem] = []
        self._found: list[tuple[int, float, float, float, float]] = []
        self._found_at = -1
        self._drawn_sent = False
        self.error: str | None = None

        self._thread = QThread(self)
        self._thread.setObjectName("pdf-render")
        self._renderer = PdfRenderer()
        self._renderer.moveToThread(self._thread)
        self._load.connect(self._renderer.load)
        self._render.connect(self._renderer.render)
        self._find.connect(self._renderer.find)
        self._renderer.loaded.connect(self._on_loaded)
        self._renderer.rendered.connect(self._on_rendered)
        self._renderer.found.connect(self._on_found)
        self._renderer.failed.connect(self._on_failed)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(15)
        self._timer.timeout.connect(self._render_visible)
        self.verticalScrollBar().valueChanged.connect(self._schedule)
        self.horizontalScrollBar().valueChanged.connect(self._schedule)

    def shutdown(self) -> None:
        self._generation += 1
        self._thread.quit()
        self._thread.wait(5000)

    # ---- document ---------------------------------------------------------------------------------------------

    def set_pdf(self, data: bytes, password: str | None = None,
                sizes: list[tuple[float, float]] | None = None, view: tuple[float, bool, int, int] | None = None,
                ) -> None:
        """Draw the PDF `data`. `sizes`, the page sizes when they are known already (a document shown again), lays
        the pages out at once instead of when the drawing thread has opened it; `view` (from `view_state`, with
        `sizes`) puts back the zoom and scroll position the person had."""
        self._generation += 1
        self.scene().clear()
        self._highlight = None
        self._found_items = []
        self._sizes, self._offsets, self._pixmaps, self._scales = [], [], [], []
        self._pending.clear()
        self._drawn_sent = False
        self._fit_width = True
        self.error = None
        if not self._thread.isRunning():  # started on first use, so a window that never shows a PDF has no thread
            self._thread.start()
        if sizes:
            if view is not None:
                self.zoom, self._fit_width = view[0], view[1]
            self._lay_out(sizes)
            if view is not None:
                self.horizontalScrollBar().setValue(view[2])
                self.verticalScrollBar().setValue(view[3])
        self._load.emit(self._generation, (data, password))

    def view_state(self) -> tuple[float, bool, int, int]:
        """The zoom, whether it follows the pane's width, and the scroll position, for `set_pdf(..., view=)`."""
        return self.zoom, self._fit_width, self.horizontalScrollBar().value(), self.verticalScrollBar().value()

    @property
    def page_count(self) -> int:
        return len(self._sizes)

    @property
    def page_sizes(self) -> list[tuple[float, float]]:
        return list(self._sizes)

    @property
    def is_drawn(self) -> bool:
        return self._drawn_sent

    def _on_loaded(self, generation: int, sizes: list[tuple[float, float]]) -> None:
        if generation != self._generation:
            return
        if not self._sizes:
            self._lay_out(sizes)
        if self._pending_box is not None:
            box, self._pending_box = self._pending_box, None
            self.highlight(box)
        self._render_visible()  # the first pages are asked for at once; scrolling and zooming wait for a pause

    def _lay_out(self, sizes: list[tuple[float, float]]) -> None:
        scene = self.scene()
        y = self.GAP
        width = max((w for w, _ in sizes), default=612.0)
        for w, h in sizes:
            x = (width - w) / 2
            shadow = scene.addRect(QRectF(x + 2, y + 2, w, h), QPen(Qt.PenStyle.NoPen), QBrush(QColor(0, 0, 0, 70)))
            shadow.setZValue(-2)
            sheet = scene.addRect(QRectF(x, y, w, h), QPen(QColor("#5f646a"), 0), QBrush(Qt.GlobalColor.white))
            sheet.setZValue(-1)
            item = QGraphicsPixmapItem()
            item.setPos(x, y)
            item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            scene.addItem(item)
            self._pixmaps.append(item)
            self._scales.append(0.0)
            self._offsets.append(y)
            y += h + self.GAP
        self._sizes = [(float(w), float(h)) for w, h in sizes]
        scene.setSceneRect(QRectF(-self.GAP, 0, width + 2 * self.GAP, y))
        self._apply_zoom()

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.error = message
            self._drawn_sent = True
            self.drawn.emit()

    def _page_rect(self, index: int) -> QRectF:
        width = max(w for w, _ in self._sizes)
        w, h = self._sizes[index]
        return QRectF((width - w) / 2, self._offsets[index], w, h)

    # ---- zoom and drawing -------------------------------------------------------------------------------------

    def _dpi_scale(self) -> float:
        return self.logicalDpiX() / 72.0

    def _apply_zoom(self) -> None:
        if self._fit_width and self._sizes:
            width = max(w for w, _ in self._sizes) + 2 * self.GAP
            avail = max(100, self.viewport().width() - 4)
            self.zoom = max(0.1, avail / (width * self._dpi_scale()))
        k = self.zoom * self._dpi_scale()
        self.setTransform(QTransform.fromScale(k, k))
        self.zoomChanged.emit(self.zoom)
        self._schedule()

    def set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self.zoom = max(0.25, min(zoom, 6.0))
        self._apply_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / 1.25)

    def fit_width(self) -> None:
        self._fit_width = True
        self._apply_zoom()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._fit_width:
            self._apply_zoom()
        self._schedule()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def _schedule(self, *_: object) -> None:
        self._timer.start()

    def _visible_pages(self) -> list[int]:
        if not self._sizes:
            return []
        view = self.mapToScene(self.viewport().rect()).boundingRect()
        first = max(0, bisect.bisect_right(self._offsets, view.top()) - 1)
        pages = []
        for i in range(first, len(self._sizes)):
            if self._offsets[i] > view.bottom():
                break
            if self._page_rect(i).intersects(view):
                pages.append(i)
        return pages

    def _needed_scale(self) -> float:
        scale = self.zoom * self._dpi_scale() * self.devicePixelRatioF()
        return min(self.MAX_SCALE, math.ceil(scale * 4) / 4)  # in quarter steps so small zooms reuse pictures

    def _render_visible(self) -> None:
        visible = self._visible_pages()
        if not visible:
            return
        needed = self._needed_scale()
        keep = set(range(max(0, visible[0] - self.KEEP), min(len(self._sizes), visible[-1] + self.KEEP + 1)))
        for i, item in enumerate(self._pixmaps):
            if i not in keep and self._scales[i]:
                item.setPixmap(QPixmap())
                self._scales[i] = 0.0
        done = True
        for i in visible:
            if self._scales[i] < needed:
                done = False
                if i not in self._pending:
                    self._pending.add(i)
                    self._render.emit(self._generation, i, needed)
        if done and not self._drawn_sent:
            self._drawn_sent = True
            self.drawn.emit()

    def _on_rendered(self, generation: int, index: int, scale: float, image: QImage) -> None:
        if generation != self._generation or index >= len(self._pixmaps):
            return
        self._pending.discard(index)
        item = self._pixmaps[index]
        item.setPixmap(QPixmap.fromImage(image))
        item.setScale(1.0 / scale)
        self._scales[index] = scale
        if not self._drawn_sent:
            self._render_visible()  # `drawn` as soon as the last page in view has come
        self._schedule()

    # ---- highlight and clicks ---------------------------------------------------------------------------------

    def _scene_rect(self, page: int, x0: float, top: float, x1: float, bottom: float) -> QRectF:
        page_rect = self._page_rect(page - 1)
        return QRectF(page_rect.left() + x0, page_rect.top() + top, x1 - x0, bottom - top)

    @property
    def widget(self) -> QWidget:
        return self

    def show_source(self, source: Source | None) -> None:
        self.highlight(source if isinstance(source, PdfBox) else None)

    def highlight(self, box: PdfBox | None) -> None:
        if self._highlight is not None:
            self.scene().removeItem(self._highlight)
            self._highlight = None
        if box is None:
            return
        if not self._sizes:
            self._pending_box = box
            return
        if not 1 <= box.page <= len(self._sizes):
            return
        rect = self._scene_rect(box.page, box.x0, box.top, box.x1, box.bottom).adjusted(-2, -2, 2, 2)
        pen = QPen(HIGHLIGHT_LINE, 2)
        pen.setCosmetic(True)
        self._highlight = self.scene().addRect(rect, pen, QBrush(HIGHLIGHT_FILL))
        self._highlight.setZValue(10)
        self.ensureVisible(rect, 40, 60)

    @property
    def highlighted(self) -> QRectF | None:
        return self._highlight.rect() if self._highlight is not None else None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._sizes:
            point = self.mapToScene(event.position().toPoint())
            hit = self.page_point(point)
            if hit is not None:
                self.pageClicked.emit(*hit)
        super().mousePressEvent(event)

    def page_point(self, point: QPointF) -> tuple[int, float, float] | None:
        """The page (1-based) and point in PDF points from its top-left under a scene point."""
        for i in range(len(self._sizes)):
            rect = self._page_rect(i)
            if rect.contains(point):
                return i + 1, point.x() - rect.left(), point.y() - rect.top()
        return None

    def scene_point(self, page: int, x: float, y: float) -> QPointF:
        rect = self._page_rect(page - 1)
        return QPointF(rect.left() + x, rect.top() + y)

    # ---- find ---------------------------------------------------------------------------------------------------

    def search(self, text: str, backward: bool = False) -> None:
        self.find(text, backward)

    def find(self, text: str, backward: bool = False) -> None:
        """Look for `text` on every page; the first call searches, later calls with the same text step through."""
        if text and text == getattr(self, "_find_text", None) and self._found:
            step = -1 if backward else 1
            self._found_at = (self._found_at + step) % len(self._found)
            self._show_found()
            return
        self._find_text = text
        self._find.emit(self._generation, text)

    def _on_found(self, generation: int, hits: list[tuple[int, float, float, float, float]]) -> None:
        if generation != self._generation:
            return
        for item in self._found_items:
            self.scene().removeItem(item)
        self._found_items = []
        self._found = hits
        self._found_at = 0 if hits else -1
        for hit in hits:
            item = self.scene().addRect(self._scene_rect(*hit), QPen(Qt.PenStyle.NoPen), QBrush(FOUND_FILL))
            item.setZValue(9)
            self._found_items.append(item)
        self._show_found()

    def _show_found(self) -> None:
        # The current match stands out from the others: a stronger fill and an outline.
        for i, item in enumerate(self._found_items):
            current = i == self._found_at
            item.setBrush(QBrush(FOUND_CURRENT_FILL if current else FOUND_FILL))
            item.setPen(QPen(FOUND_CURRENT_LINE, 1.5) if current else QPen(Qt.PenStyle.NoPen))
            item.setZValue(10 if current else 9)
        if 0 <= self._found_at < len(self._found):
            self.ensureVisible(self._scene_rect(*self._found[self._found_at]), 60, 80)
        self.findResult.emit(self._found_at + 1, len(self._found))

    @property
    def found_count(self) -> int:
        return len(self._found)


# --------------------------------------------------------------------------------------------------------------
# Scanned pages


class ScanPage:
    """One page image of a scan as the view draws it: the picture, and its resolution (pixels to the inch), which
    puts the values' boxes, measured in points (72 to the inch) on the page as it was read, on the picture."""

    __slots__ = ("dpi", "image")

    def __init__(self, image: QImage, dpi: float) -> None:
        self.image = image
        self.dpi = dpi

    @property
    def size(self) -> tuple[float, float]:
        """The page's width and height in points."""
        return self.image.width() * 72 / self.dpi, self.image.height() * 72 / self.dpi


def grey_image(width: int, height: int, pixels: bytes) -> QImage:
    """A QImage of its own (copied) from 8-bit grey pixels, one byte a pixel, row by row."""
    return QImage(pixels, width, height, width, QImage.Format.Format_Grayscale8).copy()


def scan_pages_of(data: bytes, name: str, kind: str = "image", password: str | None = None,
                  wanted: Callable[[], bool] = lambda: True) -> list[ScanPage]:
    """The page images of a scan (an image file, every frame of a multi-page TIFF; or an image-only PDF, `kind`
    "pdf") as its reading saw them: decoded and straightened as the scan reader does (`reading.straightened_pages`),
    so the values' boxes fall where they were read, no finer than the reading process hands pages over. Seconds a
    page, so they are made in the reading process, where they hold nothing of the window's, and this waits for them
    (call it on a worker thread); if that process is stopped meanwhile (Esc on a reading), here, while `wanted()`.
    Raises ReadError naming the file when it cannot be decoded (a page larger than the reader takes is refused, as
    the reader refuses it)."""
    from .reading import ProcessStoppedError, scan_pages_elsewhere, straightened_pages

    try:
        pages = scan_pages_elsewhere(data, name, kind, password)
    except ProcessStoppedError:
        pages = straightened_pages(data, name, kind, password) if wanted() else []
    return [ScanPage(grey_image(page.width, page.height, page.pixels), page.dpi) for page in pages]


def read_from_scan(filing: Filing) -> bool:
    """True when `filing` was read off a scan by OCR (an image file, or a PDF whose pages are pictures): its values'
    boxes are on the pages as read, upright and level, not on the file's own pages."""
    if filing.document.kind == "image":
        return True
    if filing.document.kind != "pdf":
        return False
    from ..readers.scan import SCAN_NOTE

    return SCAN_NOTE in filing.document.notes


class ImageView(PdfView):
    """The pages of a scan as pictures (a PNG, JPEG or TIFF file, or the pages of a scanned PDF as the OCR read
    them), laid out, zoomed, highlighted and clicked as a PDF's pages are; nothing to draw on a thread, as the
    pictures are at hand. Find looks through the values read off the pages (a scan has no text layer)."""

    kind = "image"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[ScanPage] = []
        #: The values read off the pages, for Find: (text, page, x0, top, x1, bottom).
        self.words: list[tuple[str, int, float, float, float, float]] = []

    def set_pages(self, pages: list[ScanPage]) -> None:
        """Show `pages` (the view is cleared first; no pages shows an empty view that is drawn at once)."""
        self._generation += 1
        self.scene().clear()
        self._highlight = None
        self._found_items = []
        self._found = []
        self._found_at = -1
        self._sizes, self._offsets, self._pixmaps, self._scales = [], [], [], []
        self._pending.clear()
        self._drawn_sent = False
        self._fit_width = True
        self.error = None
        self._pages = list(pages)
        self._lay_out([page.size for page in self._pages])
        if self._pending_box is not None:
            box, self._pending_box = self._pending_box, None
            self.highlight(box)
        if not self._pages:
            self._drawn_sent = True
            QTimer.singleShot(0, self.drawn.emit)
            return
        self._render_visible()

    def _render_visible(self) -> None:
        visible = self._visible_pages()
        if not visible:
            return
        keep = set(range(max(0, visible[0] - self.KEEP), min(len(self._sizes), visible[-1] + self.KEEP + 1)))
        for i, item in enumerate(self._pixmaps):
            if i in keep and not self._scales[i]:
                page = self._pages[i]
                item.setPixmap(QPixmap.fromImage(page.image))
                item.setScale(72 / page.dpi)
                self._scales[i] = page.dpi / 72
            elif i not in keep and self._scales[i]:
                item.setPixmap(QPixmap())  # pictures far from view are dropped to save memory
                self._scales[i] = 0.0
        if not self._drawn_sent:
            # Told after the slots of the document's `loaded` have run, as the text views tell it.
            self._drawn_sent = True
            QTimer.singleShot(0, self.drawn.emit)

    def find(self, text: str, backward: bool = False) -> None:
        if text and text == getattr(self, "_find_text", None) and self._found:
            super().find(text, backward)
            return
        self._find_text = text
        wanted = text.casefold()
        hits = [hit[1:] for hit in self.words if wanted and wanted in hit[0].casefold()]
        self._on_found(self._generation, hits)


# --------------------------------------------------------------------------------------------------------------
# Text sources


def highlight_selection(document: QTextDocument, start: int, end: int,
                        whole_line: bool = False) -> QTextEdit.ExtraSelection:
    """The look of the value a person selected, on characters `start` to `end` of a text view's document."""
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor  # type: ignore[attr-defined]
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(255, 213, 0, 150))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(HIGHLIGHT_LINE)
    if whole_line:
        fmt.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
    selection.format = fmt  # type: ignore[attr-defined]
    return selection


def find_wrapping(view: QTextEdit | QPlainTextEdit, text: str, backward: bool = False) -> tuple[int, int]:
    """Find `text` from the cursor on (or back), going round the end of the document once, and select it. Returns
    which match is selected (1-based; 0 when none) and how many there are (case aside, as Qt finds them)."""
    flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
    if not view.find(text, flags):
        cursor = view.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        view.setTextCursor(cursor)
        if not view.find(text, flags):
            return 0, 0
    starts = match_starts(view.document().toPlainText(), text)
    selected = view.textCursor().selectionStart()
    return bisect.bisect_right(starts, selected), len(starts)


def match_starts(shown: str, text: str) -> list[int]:
    """Where `text` starts in `shown`, case aside, as document positions (UTF-16 units, as Qt counts)."""
    haystack, needle = shown.casefold(), text.casefold()
    if len(haystack) != len(shown) or len(needle) != len(text):
        haystack, needle = shown.lower(), text.lower()  # a letter that folds to two would shift the positions
    wide = [i for i, ch in enumerate(shown) if ord(ch) > 0xFFFF] if not shown.isascii() else []
    starts = []
    at = haystack.find(needle) if needle else -1
    while at >= 0:
        starts.append(at + bisect.bisect_left(wide, at))
        at = haystack.find(needle, at + 1)
    return starts


_CRLF = re.compile("\r(?=\n)")
_WIDE = re.compile("[\U00010000-\U0010ffff]")
#: Markup longer than this is shown without colours: the highlighter colours every line of the document at once, on
#: the window's thread (EDGAR's ownership documents have a few tens of thousands of characters).
MAX_HIGHLIGHTED = 2_000_000


class _XmlHighlighter(QSyntaxHighlighter):
    """Tags in one colour, element text left as it is: enough to read an ownership document."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._tag = QTextCharFormat()
        self._tag.setForeground(QColor("#1f5fa8"))

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        start = text.find("<")
        while start >= 0:
            end = text.find(">", start)
            if end < 0:
                self.setFormat(start, len(text) - start, self._tag)
                break
            self.setFormat(start, end - start + 1, self._tag)
            start = text.find("<", end)


class TextSourceView(QPlainTextEdit):
    """The decoded text of the source, read-only. Offsets from readers count characters of `decode_text(bytes)`;
    the view shows `\\r\\n` as one line break and Qt counts UTF-16 units, so positions are mapped both ways."""

    positionClicked = Signal(int, int)  # noqa: N815 - offset in the source text, 1-based line
    pageRequested = Signal()  # noqa: N815 - the markup of an HTML page is shown and the person asks for the page
    findResult = Signal(int, int)  # noqa: N815 - the match shown (1-based; 0 when none) and how many there are

    kind = "text"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page_available = False
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0))
        self.setFont(font)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._removed: list[int] = []  # source offsets of '\r' dropped from '\r\n'
        self._wide: list[int] = []  # source offsets of characters that take two UTF-16 units
        self._highlighter: _XmlHighlighter | None = None
        self._length = 0
        self.highlighted_range: tuple[int, int] | None = None

    def set_source(self, text: str, xml: bool = False) -> None:
        # Found by the regular expression engine rather than a loop in Python: a 20 MB submission is shown on the
        # window's thread.
        self._removed = [m.start() for m in _CRLF.finditer(text)]
        self._wide = [m.start() for m in _WIDE.finditer(text)]
        self._length = len(text)
        # Hidden characters show as marks, one for one, so that the text cannot show other than it holds (U+202E
        # reverses what follows it on screen) and offsets still hold.
        shown = in_place(text.replace("\r\n", "\n").replace("\r", "\n"))
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
            self._highlighter = None
        self.setPlainText(shown)
        if xml and len(shown) <= MAX_HIGHLIGHTED:
            self._highlighter = _XmlHighlighter(self.document())
        # Markup reads best line by line, and so does a text that keeps its printout's layout (its columns stand
        # where the page prints them: wrapped, they would not); a printout's running text reads best wrapped to the
        # pane. The layout is judged on the text's start (a submission may be 20 MB, shown on this thread).
        whole_lines = xml or laid_out(text[:LAYOUT_SAMPLE])
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap if whole_lines else
                             QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setExtraSelections([])
        self.highlighted_range = None

    def to_view(self, offset: int) -> int:
        return offset - bisect.bisect_left(self._removed, offset) + bisect.bisect_left(self._wide, offset)

    def to_source(self, position: int) -> int:
        lo, hi = 0, self._length
        while lo < hi:
            mid = (lo + hi) // 2
            if self.to_view(mid) < position:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _show(self, start: int, end: int, whole_line: bool = False) -> None:
        self.setExtraSelections([highlight_selection(self.document(), start, end, whole_line)])
        self.highlighted_range = (start, end)
        # Centre the value rather than leave it at the edge of the pane.
        view = QTextCursor(self.document())
        view.setPosition(start)
        self.setTextCursor(view)
        self.centerCursor()

    def highlight_span(self, span: TextSpan) -> None:
        start = self.to_view(max(0, span.start))
        end = self.to_view(min(span.end, self._length))
        self._show(start, max(start, end))

    def highlight_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        self._show(block.position(), block.position() + block.length() - 1, whole_line=True)

    def clear_highlight(self) -> None:
        self.setExtraSelections([])
        self.highlighted_range = None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            cursor = self.cursorForPosition(event.position().toPoint())
            self.positionClicked.emit(self.to_source(cursor.position()), cursor.blockNumber() + 1)

    def find_text(self, text: str, backward: bool = False) -> tuple[int, int]:
        return find_wrapping(self, text, backward)

    # SourceView

    @property
    def widget(self) -> QWidget:
        return self

    @property
    def is_drawn(self) -> bool:
        return True

    def show_source(self, source: Source | None) -> None:
        if isinstance(source, TextSpan):
            self.highlight_span(source)
        elif isinstance(source, XmlPath) and source.line:
            self.highlight_line(source.line)
        else:
            self.clear_highlight()

    def zoom_in(self) -> None:
        self.zoomIn(1)

    def zoom_out(self) -> None:
        self.zoomOut(1)

    def search(self, text: str, backward: bool = False) -> None:
        self.findResult.emit(*self.find_text(text, backward))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        if self.page_available:
            menu.addSeparator()
            menu.addAction("Show the Page", self.pageRequested.emit)
        menu.exec(event.globalPos())
        menu.deleteLater()


# --------------------------------------------------------------------------------------------------------------
# The pane


def _max_page_chars() -> int:
    from .html_view import MAX_PAGE_CHARS  # html_view imports this module

    return MAX_PAGE_CHARS


class _PageView:
    """The web page view (html_view.HtmlSourceView, laid out as the page) as a `SourceView`."""

    kind = "page"

    def __init__(self, view: HtmlSourceView, report: Callable[[int, int], None]) -> None:
        self.view = view
        self._report = report

    @property
    def widget(self) -> QWidget:
        return self.view

    @property
    def is_drawn(self) -> bool:
        return True

    def show_source(self, source: Source | None) -> None:
        if isinstance(source, TextSpan):
            self.view.highlight_span(source)
        else:
            self.view.clear_highlight()

    def zoom_in(self) -> None:
        self.view.zoomIn(1)

    def zoom_out(self) -> None:
        self.view.zoomOut(1)

    def search(self, text: str, backward: bool = False) -> None:
        self._report(*self.view.find_text(text, backward))


class SourcePane(QWidget):
    """Shows the document's source and keeps its highlight on the document's current field."""

    drawn = Signal()
    #: After Find: which match is shown (1-based; 0 when none) and how many there are in the source.
    findResult = Signal(int, int)  # noqa: N815

    def __init__(self, document: FilingDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.stack = QStackedWidget(self)
        self.message = QLabel("Open a filing (File ▸ Open, or drop a file here), or paste its EDGAR page "
                              "(Ctrl+Shift+V), to see its source.", self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMargin(24)
        self.message.setStyleSheet("color: #555; font-size: 13pt;")
        self.pdf = PdfView(self)
        self.image = ImageView(self)
        self.text = TextSourceView(self)
        for widget in (self.message, self.pdf, self.image, self.text):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        #: The view the source is shown in (None while nothing is: a message shows instead).
        self.view: SourceView | None = None
        #: The page view of HTML sources, made when the first one is shown; and whether a person asked for the
        #: markup instead (kept for the next pages too).
        self._page: HtmlSourceView | None = None
        self._page_view: _PageView | None = None
        self.show_markup = False
        self.text.pageRequested.connect(lambda: self._set_show_markup(False))
        #: The PDF bytes and password the page view holds: a file shown before its values are read (`preview`)
        #: is kept when its filing arrives, instead of being drawn twice.
        self._pdf_shown: tuple[bytes, str | None] | None = None
        #: True while the pages of a file being read are shown and the filing beside them is still the old one.
        self.previewing = False
        self._sizes_shown: list[tuple[float, float]] = []  # the open filing's page sizes, to show it again at once
        self._view_shown: tuple[float, bool, int, int] | None = None  # and the zoom and scroll it was shown at
        #: A scan's page images and the bytes of the file they are of: handed over by its reading (upright and
        #: level, as read; `set_scan_pages`), or made again so on a worker thread when it is shown without them.
        self._scan_pages: tuple[bytes, list[ScanPage]] | None = None
        #: The worker making a scan's pages again (a scan shown without its reading), and which showing it is for:
        #: an answer for a filing no longer shown is dropped.
        self._scan_task: Task | None = None
        self._scan_tasks: set[Task] = set()
        self._scan_token = 0
        self._scan_failure = ""  # what the pane says when they cannot be made
        self.pdf.pageClicked.connect(self._page_clicked)
        self.pdf.drawn.connect(self._pdf_drawn)
        self.pdf.findResult.connect(self.findResult)
        self.image.pageClicked.connect(self._page_clicked)
        self.image.drawn.connect(self.drawn)
        self.image.findResult.connect(self.findResult)
        self.text.findResult.connect(self.findResult)
        self.text.positionClicked.connect(self._text_clicked)
        document.loaded.connect(self._show_document)
        document.currentPathChanged.connect(self.highlight)

    def shutdown(self) -> None:
        self._scan_token += 1  # a scan's pages being made are wanted no more
        self.pdf.shutdown()
        self.image.shutdown()

    def set_scan_pages(self, data: bytes, pages: list[ScanPage]) -> None:
        """The page images of the scan in `data` as its reading read them: shown, instead of the file's own pages,
        when the filing read from `data` is shown."""
        self._scan_pages = (data, pages) if pages else None

    def fit_width(self) -> None:
        view = self.view if self.view is not None else self.pdf
        fit = getattr(view, "fit_width", None)
        if fit is not None:
            fit()

    @property
    def kind(self) -> str:
        """What the source is shown as: "pdf", "image", "text", "page", or "" when it is not shown."""
        return self.view.kind if self.view is not None else ""

    def set_busy(self, message: str) -> None:
        self.message.setText(message)
        self.stack.setCurrentWidget(self.message)

    def show_message(self, message: str) -> None:
        self.set_busy(message)

    def preview(self, data: bytes) -> None:
        """Draw a PDF's pages while its values are still being read: a person sees the document at once. The pane
        goes back to the open filing's source with `restore` if the reading fails."""
        if not self.previewing:
            self._sizes_shown = self.pdf.page_sizes if self.view is self.pdf and self.pdf.error is None else []
            self._view_shown = self.pdf.view_state() if self._sizes_shown else None
        self.previewing = True
        self._pdf_shown = (data, None)
        self.stack.setCurrentWidget(self.pdf)
        self.pdf.set_pdf(data)

    @property
    def preview_failed(self) -> bool:
        """The PDF being previewed cannot be drawn without more (a password): the busy message shows instead."""
        return self.previewing and self.pdf.error is not None

    def _pdf_drawn(self) -> None:
        if self.preview_failed:
            self.stack.setCurrentWidget(self.message)
        self.drawn.emit()

    def restore(self) -> None:
        """Show the open filing's source again (after a reading that failed)."""
        if self.previewing:
            self.previewing = False
            data = self.document.source_bytes
            if self.view is self.pdf and data:
                # The page view holds the file that failed: the open filing's pages are drawn again.
                self._pdf_shown = (data, self.document.source_password)
                self.pdf.set_pdf(data, self.document.source_password, self._sizes_shown, self._view_shown)
                self.highlight(self.document.current_path)
        scan = self._scan_pages
        if self.view is not None:
            self.stack.setCurrentWidget(self.view.widget)
        elif self._scan_task is not None:
            self.set_busy(DRAWING_SCAN)
        elif scan is not None and self.document.filing is not None and scan[0] == self.document.source_bytes:
            # A scan's pages made while a reading had the pane, drawn now that it is given back.
            self._show_scan(scan[1])
            self.highlight(self.document.current_path)
        elif self._scan_failure and self.document.filing is not None:
            self.set_busy(self._scan_failure)
        else:
            self.show_message("Nothing open.")

    @property
    def is_drawn(self) -> bool:
        return self.view is not None and self.view.is_drawn

    def _show_document(self) -> None:
        filing = self.document.filing
        data = self.document.source_bytes
        if filing is None:
            return
        kind = filing.document.kind
        previewed, self.previewing = self.previewing, False
        if not data:
            self.view = None
            self.set_busy("The source of this filing was not kept.")
            return
        self._scan_token += 1  # a scan's pages still being made are for a filing no longer shown
        self._scan_task = None
        self._scan_failure = ""
        if self._scan_pages is not None and self._scan_pages[0] != data:
            self._scan_pages = None
        if self._scan_pages is None and read_from_scan(filing):
            # Shown without its reading (from the Library, after a restart): the pages are made again as the
            # reading saw them, upright and level, on a worker thread (seconds a page).
            self._make_scan_pages(data, filing.document.name, kind)
            return
        if self._scan_pages is not None:
            self._show_scan(self._scan_pages[1])
            return
        if kind == "pdf" or data[:1024].find(b"%PDF-") >= 0:
            self.view = self.pdf
            self.stack.setCurrentWidget(self.pdf)
            wanted = (data, self.document.source_password)
            if previewed and self._pdf_shown == wanted and self.pdf.error is None:
                # Already drawn (or being drawn) while it was read: `drawn` now, or when its first page comes.
                if self.pdf.is_drawn:
                    QTimer.singleShot(0, self.drawn.emit)
                return
            self._pdf_shown = wanted
            self.pdf.set_pdf(*wanted)
        elif kind == "html" and not self.show_markup and len(data) <= _max_page_chars():
            self.page.set_source(decode_text(data))
            self.view = self._page_view
            self.stack.setCurrentWidget(self.page)
            QTimer.singleShot(0, self.drawn.emit)
        else:
            self.view = self.text
            self.text.set_source(decode_text(data), xml=kind in ("xml", "sgml", "envelope", "html"))
            self.text.page_available = kind == "html"
            self.stack.setCurrentWidget(self.text)
            QTimer.singleShot(0, self.drawn.emit)

    def _show_scan(self, pages: list[ScanPage]) -> None:
        """Draw the open filing's scan on `pages`, with its values for Find."""
        filing = self.document.filing
        assert filing is not None
        self.view = self.image
        self.stack.setCurrentWidget(self.image)
        self.image.words = [(value.raw or str(value.value), value.source.page, value.source.x0,
                             value.source.top, value.source.x1, value.source.bottom)
                            for _, value in filing.values()
                            if isinstance(value.source, PdfBox) and not value.empty]
        self.image.set_pages(pages)

    def _make_scan_pages(self, data: bytes, name: str, kind: str) -> None:
        token, password = self._scan_token, self.document.source_password

        def work() -> tuple[int, bytes, list[ScanPage] | str]:
            try:
                return token, data, scan_pages_of(data, name, kind, password, lambda: token == self._scan_token)
            except Form4ViewerError as exc:
                return token, data, str(exc)

        self.view = None
        self.set_busy(DRAWING_SCAN)
        task = Task(work, name)
        # Bound to the pane (not a lambda): delivered on the window's thread, and dropped if the pane is gone.
        task.signals.done.connect(self._scan_pages_made)
        task.signals.failed.connect(self._scan_task_failed)
        self._scan_task = task
        self._scan_tasks.add(task)  # held until it answers, also when its answer is no longer wanted
        QThreadPool.globalInstance().start(task)

    @property
    def drawing_scan(self) -> bool:
        """True while the pages of the scan shown are being made on a worker thread."""
        return self._scan_task is not None

    def _answered(self) -> None:
        sender = self.sender()
        self._scan_tasks = {task for task in self._scan_tasks if task.signals is not sender}

    def _scan_pages_made(self, result: tuple[int, bytes, list[ScanPage] | str]) -> None:
        self._answered()
        token, data, pages = result
        if token != self._scan_token or self.document.filing is None:
            return
        self._scan_task = None
        # Whatever took the pane meanwhile (a file being read) keeps it, and `drawn` is its to tell: the pages are
        # drawn if it gives the pane back (`restore`).
        waiting = self.stack.currentWidget() is self.message and self.message.text() == DRAWING_SCAN
        if isinstance(pages, str):
            self._scan_pages_failed(pages, waiting)
            return
        self._scan_pages = (data, pages)
        if waiting:
            self._show_scan(pages)
            self.highlight(self.document.current_path)

    def _scan_task_failed(self, message: str) -> None:
        # Not a file that cannot be decoded (the work answers that) but a bug, already logged by the task.
        current = self._scan_task is not None and self.sender() is self._scan_task.signals
        self._answered()
        if current:
            self._scan_pages_failed(message)

    def _scan_pages_failed(self, message: str, waiting: bool = True) -> None:
        self._scan_task = None
        self.view = None
        self._scan_failure = f"The pages cannot be drawn: {message}"
        if waiting:
            self.set_busy(self._scan_failure)
            QTimer.singleShot(0, self.drawn.emit)

    @property
    def page(self) -> HtmlSourceView:
        """The view that lays out an HTML source as the page (made when first needed)."""
        if self._page is None:
            from .html_view import HtmlSourceView

            self._page = HtmlSourceView(self)
            self._page.positionClicked.connect(self._text_clicked)
            self._page.markupRequested.connect(lambda: self._set_show_markup(True))
            self._page_view = _PageView(self._page, self.findResult.emit)
            self.stack.addWidget(self._page)
        return self._page

    def _set_show_markup(self, markup: bool) -> None:
        """Show an HTML source's markup, or its page, and keep the highlight on the current field."""
        self.show_markup = markup
        self._show_document()
        self.highlight(self.document.current_path)

    # ---- both directions of the highlight ---------------------------------------------------------------------

    def highlight(self, path: str) -> None:
        filing = self.document.filing
        if filing is None or self.previewing or self.view is None:
            return
        # A field with nothing read in the source (lost by it, or left empty) shows the row or box it would stand in.
        self.view.show_source((source_of(filing, path) or where_it_would_stand(filing, path)) if path else None)

    def _page_clicked(self, page: int, x: float, y: float) -> None:
        filing = self.document.filing
        if filing is None or self.previewing:  # the open filing's values are not on these pages
            return
        path = field_at_point(filing, page, x, y)
        if path is not None:
            self.document.select(path)

    def _text_clicked(self, offset: int, line: int) -> None:
        filing = self.document.filing
        if filing is None:
            return
        path = field_at_offset(filing, offset, line)
        if path is not None:
            self.document.select(path)

    # ---- zoom and find ------------------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        if self.view is not None:
            self.view.zoom_in()

    def zoom_out(self) -> None:
        if self.view is not None:
            self.view.zoom_out()

    def find(self, text: str, backward: bool = False) -> None:
        """Find `text` in the source; `findResult` says which match is shown and how many there are (at once for
        text, once the drawing thread has looked through a PDF's pages)."""
        if self.view is None:
            self.findResult.emit(0, 0)
        else:
            self.view.search(text, backward)
