"""The text and ruling of PDF pages, read once: words, lines, rules and check boxes, in pdfplumber coordinates.

`Layout.from_pdf(pdf)` makes one pass over each page's characters (in content-stream order, which is reading order
within a run of text) and builds words itself, instead of calling pdfplumber's `extract_words`: it is faster, and it
keeps apart text that a printer set on overlapping lines (a narrow column whose words wrap in tight leading), which
word extraction with a fixed tolerance merges letter by letter.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Characters drawn as a tick in a check box.
TICKS = frozenset("Xx✓✔✗✘☒☑■")


class Word:
    """A run of characters without a space on one baseline: `text` and its box on `page` (1-based)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "page")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float, size: float, page: int):
        self.text = text
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.size = size
        self.page = page

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def __repr__(self) -> str:  # for debugging and test failures
        return f"Word({self.text!r}, p{self.page} {self.x0:.1f},{self.top:.1f},{self.x1:.1f},{self.bottom:.1f})"


@dataclass
class Line:
    """Words that share a baseline (superscripts included), left to right."""

    words: list[Word]
    page: int

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def __repr__(self) -> str:
        return f"Line(p{self.page} {self.top:.1f}: {self.text!r})"


@dataclass(frozen=True)
class Segment:
    """A ruling line: horizontal (`y` fixed, from `a` to `b` in x) or vertical (`x` fixed, from `a` to `b` in y)."""

    at: float
    a: float
    b: float


@dataclass(frozen=True)
class CheckBox:
    """A small square drawn on the page, and whether something is drawn or written inside it."""

    x0: float
    top: float
    x1: float
    bottom: float
    ticked: bool


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    lines: list[Line]
    horizontal: list[Segment] = field(default_factory=list)
    vertical: list[Segment] = field(default_factory=list)
    boxes: list[CheckBox] = field(default_factory=list)

    def words_in(self, x0: float, top: float, x1: float, bottom: float) -> list[Word]:
        """Words whose centre lies in the box."""
        return [w for w in self.words if x0 <= w.center < x1 and top <= w.middle < bottom]

    def lines_in(self, x0: float, top: float, x1: float, bottom: float) -> list[Line]:
        return make_lines(self.words_in(x0, top, x1, bottom), self.number)

    def rules_across(self, y0: float, y1: float, x0: float, x1: float, min_cover: float = 0.5) -> list[float]:
        """The y of horizontal rules between y0 and y1 that cover at least `min_cover` of [x0, x1]."""
        span = max(x1 - x0, 1.0)
        # A ruled table draws each cell's border on its own, so the cover of a rule is summed over its pieces.
        pieces = sorted((seg.at, max(seg.a, x0), min(seg.b, x1)) for seg in self.horizontal
                        if y0 <= seg.at <= y1 and seg.b > x0 and seg.a < x1)
        found: list[float] = []
        group: list[tuple[float, float, float]] = []
        for piece in pieces + [(float("inf"), 0.0, 0.0)]:
            if group and piece[0] - group[-1][0] > 2.0:
                covered = _covered([(a, b) for _, a, b in group])
                if covered >= min_cover * span:
                    found.append(sum(g[0] for g in group) / len(group))
                group = []
            group.append(piece)
        return found

    def vertical_rules(self, y0: float, y1: float) -> list[Segment]:
        """Vertical rules that cross the band [y0, y1]."""
        return [s for s in self.vertical if s.a <= y1 and s.b >= y0]


@dataclass
class Layout:
    pages: list[Page]

    @property
    def char_count(self) -> int:
        return sum(len(w.text) for p in self.pages for w in p.words)

    def all_lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    @classmethod
    def from_pdf(cls, pdf: Any) -> Layout:
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            words = build_words(page.chars, number)
            lines = make_lines(words, number)
            horizontal, vertical = rules_of(page.rects, page.lines)
            boxes = check_boxes(page.rects, page.curves, words) + image_boxes(page.images)
            pages.append(Page(number, float(page.width), float(page.height), words, lines, horizontal, vertical, boxes))
        return cls(pages)


def build_words(chars: Iterable[dict[str, Any]], page: int) -> list[Word]:
    """Words from characters in content-stream order: a space, a jump back or down, a gap wider than a fifth of
    the type size, or a change of type size (a footnote mark set small) ends a word."""
    words: list[Word] = []
    text: list[str] = []
    x0 = x1 = top = bottom = size = 0.0
    last_top = 0.0
    for c in chars:
        t = c["text"]
        if not t or t.isspace() or t == "\xa0":
            if text:
                words.append(Word("".join(text), x0, x1, top, bottom, size, page))
                text = []
            continue
        cx0 = c["x0"]
        ctop = c["top"]
        csize = c["size"] or (c["bottom"] - ctop)
        if text:
            gap = cx0 - x1
            if (
                abs(ctop - last_top) <= 0.2 * size
                and -0.3 * size <= gap <= 0.12 * size
                and abs(csize - size) <= 0.12 * size
            ):
                text.append(t)
                x1 = max(x1, c["x1"])
                bottom = max(bottom, c["bottom"])
                top = min(top, ctop)
                last_top = ctop
                continue
            words.append(Word("".join(text), x0, x1, top, bottom, size, page))
        text = [t]
        x0, x1, top, bottom, size = cx0, c["x1"], ctop, c["bottom"], csize
        last_top = ctop
    if text:
        words.append(Word("".join(text), x0, x1, top, bottom, size, page))
    return words


def make_lines(words: Sequence[Word], page: int) -> list[Line]:
    """Group words into lines: a word joins a line when its middle lies within 45% of the line's first word height
    from that word's middle. Raised footnote marks join the line they follow."""
    lines: list[Line] = []
    open_lines: list[tuple[float, float, list[Word]]] = []
    for w in sorted(words, key=lambda w: (w.middle, w.x0)):
        placed = False
        for i in range(len(open_lines) - 1, max(-1, len(open_lines) - 4), -1):
            mid, height, ws = open_lines[i]
            if abs(w.middle - mid) <= 0.45 * height and not any(_overlaps(w, o) for o in ws):
                ws.append(w)
                placed = True
                break
        if not placed:
            open_lines.append((w.middle, max(w.bottom - w.top, 1.0), [w]))
    for _, _, ws in open_lines:
        ws.sort(key=lambda w: w.x0)
        lines.append(Line(ws, page))
    lines.sort(key=lambda line: line.words[0].middle)
    return lines


def _covered(spans: list[tuple[float, float]]) -> float:
    total = 0.0
    end = float("-inf")
    for a, b in sorted(spans):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


def _overlaps(a: Word, b: Word) -> bool:
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5


def cluster(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted values with neighbours closer than `tolerance` merged (their mean kept)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def rules_of(rects: Iterable[dict[str, Any]], lines: Iterable[dict[str, Any]]) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical ruling lines from thin rectangles, stroked rectangles' sides and lines."""
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    for r in rects:
        w = r["x1"] - r["x0"]
        h = r["bottom"] - r["top"]
        if h <= 2.5 and w > 2.5:
            horizontal.append(Segment((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
        elif w <= 2.5 and h > 2.5:
            vertical.append(Segment((r["x0"] + r["x1"]) / 2, r["top"], r["bottom"]))
        elif r.get("stroke") and w > 12 and h > 12:
            horizontal.append(Segment(r["top"], r["x0"], r["x1"]))
            horizontal.append(Segment(r["bottom"], r["x0"], r["x1"]))
            vertical.append(Segment(r["x0"], r["top"], r["bottom"]))
            vertical.append(Segment(r["x1"], r["top"], r["bottom"]))
    for ln in lines:
        w = ln["x1"] - ln["x0"]
        h = ln["bottom"] - ln["top"]
        if h <= 1.0 and w > 2.5:
            horizontal.append(Segment((ln["top"] + ln["bottom"]) / 2, ln["x0"], ln["x1"]))
        elif w <= 1.0 and h > 2.5:
            vertical.append(Segment((ln["x0"] + ln["x1"]) / 2, ln["top"], ln["bottom"]))
    return horizontal, vertical


def check_boxes(rects: Iterable[dict[str, Any]], curves: Iterable[dict[str, Any]], words: Sequence[Word]) -> list[CheckBox]:
    """Small squares (4 to 14 points a side), each ticked when a smaller mark is drawn inside it or a tick
    character (`X`, `✓`) is written inside it."""
    squares: list[tuple[float, float, float, float]] = []
    marks: list[tuple[float, float, float, float]] = []
    for obj in list(rects) + list(curves):
        w = obj["x1"] - obj["x0"]
        h = obj["bottom"] - obj["top"]
        box = (obj["x0"], obj["top"], obj["x1"], obj["bottom"])
        if 4 <= w <= 14 and 4 <= h <= 14 and abs(w - h) <= 1.5:
            squares.append(box)
        elif 1 <= w < 12 and 1 <= h < 12:
            marks.append(box)
    boxes: list[CheckBox] = []
    for sq in squares:
        # The same box is often drawn several times (fill, border, shadow); keep one.
        if any(abs(b.x0 - sq[0]) < 1.5 and abs(b.top - sq[1]) < 1.5 for b in boxes):
            continue
        boxes.append(CheckBox(*sq, ticked=False))
    out = []
    for b in boxes:
        inner = [m for m in marks if m[0] >= b.x0 - 0.5 and m[2] <= b.x1 + 0.5 and m[1] >= b.top - 0.5
                 and m[3] <= b.bottom + 0.5 and (m[2] - m[0]) < (b.x1 - b.x0) - 1.0]
        # A square drawn inside a bigger one is the box's own inner border, not a tick.
        ticked = any(abs((m[2] - m[0]) - (m[3] - m[1])) > 0.3 or (m[2] - m[0]) < 0.6 * (b.x1 - b.x0) for m in inner)
        if not ticked:
            ticked = any(w.text in TICKS and b.x0 - 1 <= w.center <= b.x1 + 1 and b.top - 1 <= w.middle <= b.bottom + 1
                         for w in words)
        out.append(CheckBox(b.x0, b.top, b.x1, b.bottom, ticked))
    return out


def image_boxes(images: Iterable[dict[str, Any]]) -> list[CheckBox]:
    """Check boxes drawn as small pictures (some filing services do): ticked when a fair share of the picture's
    pixels are dark (an empty box is a light outline)."""
    out = []
    for img in images:
        w = img["x1"] - img["x0"]
        h = img["bottom"] - img["top"]
        if not (4 <= w <= 16 and 4 <= h <= 16 and abs(w - h) <= 2):
            continue
        try:
            from PIL import Image  # a dependency of pdfplumber

            with Image.open(io.BytesIO(img["stream"].get_data())) as picture:
                grey = picture.convert("L")
                histogram = grey.histogram()
            dark = sum(histogram[:100]) / max(sum(histogram), 1)
        except Exception:  # an image PIL cannot decode tells nothing
            continue
        out.append(CheckBox(img["x0"], img["top"], img["x1"], img["bottom"], ticked=dark > 0.03))
    return out


_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
