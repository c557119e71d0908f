"""PDF pages drawn with pdfium on a thread of their own: pdfium is not thread-safe, so one worker owns the open
document and takes requests in order (load, render a page at a scale, find text)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

# pdfium is imported by the drawing thread when it opens its first PDF, not by the window's thread while it starts.
if TYPE_CHECKING:
    import pypdfium2 as pdfium

log = logging.getLogger(__name__)

#: pdfium bitmap formats (FPDFBitmap_*) and the QImage format with the same bytes in memory.
_FORMATS = {
    2: QImage.Format.Format_BGR888,  # BGR
    3: QImage.Format.Format_RGB32,  # BGRx: Qt's RGB32 is B, G, R, x in memory on little-endian machines
    4: QImage.Format.Format_ARGB32,  # BGRA
}


class PdfRenderer(QObject):
    """Lives on its own QThread. Every request carries the generation of the document it is for, so answers about
    a document that has since been replaced are dropped."""

    loaded = Signal(int, list)  # generation, [(width, height) in points per page]
    rendered = Signal(int, int, float, QImage)  # generation, page index (0-based), scale, image
    found = Signal(int, list)  # generation, [(page 1-based, x0, top, x1, bottom)]
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self._pdf: pdfium.PdfDocument | None = None
        self._generation = -1

    @Slot(int, object)
    def load(self, generation: int, document: tuple[bytes, str | None]) -> None:
        """Open the PDF `document` = (bytes, password or None)."""
        data, password = document
        self.close()
        self._generation = generation
        try:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(data, password=password)
            try:
                pdf.init_forms()  # draw the values typed into a fillable form, not only the blank form
            except Exception:  # a form environment that will not start still leaves the page drawable
                log.debug("no form environment", exc_info=True)
            sizes = [tuple(pdf.get_page_size(i)) for i in range(len(pdf))]
        except Exception as exc:
            log.warning("cannot draw the PDF: %s", exc)
            self.failed.emit(generation, f"the pages cannot be drawn ({exc})")
            return
        self._pdf = pdf
        self.loaded.emit(generation, sizes)

    @Slot(int, int, float)
    def render(self, generation: int, index: int, scale: float) -> None:
        if generation != self._generation or self._pdf is None or not 0 <= index < len(self._pdf):
            return
        try:
            page = self._pdf[index]
            bitmap = page.render(scale=scale, may_draw_forms=True, prefer_bgrx=True)
            fmt = _FORMATS.get(bitmap.format, QImage.Format.Format_RGB32)
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
            page.close()
        except Exception as exc:
            log.warning("cannot draw page %d: %s", index + 1, exc)
            self.failed.emit(generation, f"page {index + 1} cannot be drawn ({exc})")
            return
        self.rendered.emit(generation, index, scale, image)

    @Slot(int, str)
    def find(self, generation: int, text: str) -> None:
        """Every place `text` occurs, as boxes in points from each page's top-left (as pdfplumber measures)."""
        if generation != self._generation or self._pdf is None or not text:
            self.found.emit(generation, [])
            return
        hits: list[tuple[int, float, float, float, float]] = []
        for index in range(len(self._pdf)):
            page = self._pdf[index]
            height = page.get_height()
            textpage = page.get_textpage()
            searcher = textpage.search(text, match_case=False)
            while (match := searcher.get_next()) is not None:
                start, count = match
                for r in range(textpage.count_rects(start, count)):
                    left, bottom, right, top = textpage.get_rect(r)
                    hits.append((index + 1, left, height - top, right, height - bottom))
            searcher.close()
            textpage.close()
            page.close()
        self.found.emit(generation, hits)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
