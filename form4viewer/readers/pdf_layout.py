"""The text and ruling of PDF pages, read once: words, lines, rules and check boxes, in pdfplumber coordinates.

`Layout.from_pdf(pdf)` makes one pass over each page's characters (in content-stream order, which is reading order
within a run of text) and builds words itself, instead of calling pdfplumber's `extract_words`: it is faster, and it
keeps apart text that a printer set on overlapping lines (a narrow column whose words wrap in tight leading), which
word extraction with a fixed tolerance merges letter by letter.

A PDF can ask for any amount of work in a few kilobytes (a compressed string of a million characters, Form XObjects
that each draw the next one twice, eighteen deep), so pages are laid out by `PageGuard`, which counts what a page
draws while pdfminer interprets it and stops at caps no Form 3, 4 or 5 printout comes near.
"""

from __future__ import annotations

import bisect
import io
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1, stream_value
from pdfminer.psparser import KWD, LIT, PSEOF, literal_name
from pdfplumber import page as pdfplumber_page
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from ..errors import ReadError
from ..form import TICK_MARKS
from ..limits import check_time

# Caps on what one PDF may ask of the reader. The largest value in the real printouts (the corpus's pdf/, rendered/
# and edgar-online/ folders and the samples: 177 PDFs) is in brackets; each cap leaves a margin of several times, so
# that a longer real filing than any seen (more rows, longer footnotes) is still read. The time such a filing takes
# (pdfminer and pdfplumber spend 0.1 to 0.4 ms on each character) is bounded by the reading's time budget, not here:
# these caps keep a small file from asking for unbounded memory or work.
#: Characters drawn on one page [8,263: a Form 4 of many rows]. Counted as pdfminer draws them, before any layout
#: is built, so a page is refused having cost at most this many.
MAX_CHARS_PER_PAGE = 60_000
#: Characters drawn in the whole document [24,777: the SEC's blank Form 4 with its 12 pages of instructions].
MAX_CHARS = 200_000
#: Lines, rectangles, curves and pictures drawn on one page [617]; check boxes are found among them.
MAX_SHAPES_PER_PAGE = 6_000
#: Bytes of content stream interpreted for one page, a Form XObject's counted each time it is drawn [91,919].
MAX_CONTENT_BYTES = 1_000_000
#: Form XObjects drawn inside one another [1]. Real printouts use them to place a page or a picture, not to nest.
MAX_FORM_DEPTH = 10
#: Form XObjects drawn on one page in all [1]. Wider than ten times, for printers that draw each box or logo as a
#: form: a small form is cheap to draw, and the bytes of every one drawn count against MAX_CONTENT_BYTES as well.
MAX_FORMS_PER_PAGE = 500
#: Words on one line of a page [45: a row of Table II].
MAX_WORDS_PER_LINE = 500

#: How often (in characters or shapes drawn) the interpreter looks at the clock.
_CHECK_EVERY = 2048


class PdfLimitError(ReadError):
    """The PDF asks for more work than any Form 3, 4 or 5 printout needs (characters, pages, nesting); it is
    refused rather than read for minutes."""

#: Characters drawn as a tick in a check box (the form's check-box marks).
TICKS = TICK_MARKS


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
    #: Words typed over the pages with a PDF viewer's text tool (`typed_words`), on all pages.
    typed: int = 0

    @property
    def char_count(self) -> int:
        return sum(len(w.text) for p in self.pages for w in p.words)

    def all_lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    @classmethod
    def from_pdf(cls, pdf: Any, guard: PageGuard | None = None) -> Layout:
        """The layout of every page of a pdfplumber PDF, each page drawn under `guard` (one for the document is
        made when none is given). Raises PdfLimitError when a page or the document is beyond the caps."""
        if guard is None:
            guard = PageGuard("")
        for page in pdf.pages:
            guard.watch(page)
            # Every page is drawn before any is turned into pdfplumber's objects (which costs three times the
            # drawing): a document over the caps is refused having cost the drawing alone.
            page.layout  # noqa: B018
        pages = []
        typed = 0
        for number, page in enumerate(pdf.pages, start=1):
            check_time()
            words = without_browser_margins(build_words(page.chars, number), number, float(page.height))
            over = typed_words(_text_notes(page), words, number)
            typed += len(over)
            words += over
            lines = make_lines(words, number)
            longest = max((len(line.words) for line in lines), default=0)
            if longest > MAX_WORDS_PER_LINE:
                raise guard.refuse(f"page {number} has a line of {longest:,} words, more than the "
                                   f"{MAX_WORDS_PER_LINE:,} a line may have; a line of a Form 3, 4 or 5 has a few dozen")
            horizontal, vertical = rules_of(page.rects, page.lines)
            horizontal = [seg for seg in horizontal if not underlines(seg, words)]
            boxes = check_boxes(page.rects, page.curves, words, page.lines) + image_boxes(page.images)
            pages.append(Page(number, float(page.width), float(page.height), words, lines, horizontal, vertical, boxes))
            # The page's characters are words now; pdfplumber's objects for it (a kilobyte a character) can go.
            page.close()
        return cls(pages, typed)


class PageGuard:
    """Draws the pages of one PDF (named `name` in its refusals) with pdfminer, counting characters, shapes,
    content bytes and Form XObjects as they are drawn, and refusing the PDF at the first cap passed."""

    def __init__(self, name: str):
        self.name = name
        self.chars: dict[int, int] = {}  # characters drawn, by page number: a page laid out twice counts once

    def refuse(self, problem: str) -> PdfLimitError:
        return PdfLimitError(self.name, problem)

    def watch(self, page: Any) -> None:
        """Make every later use of the pdfplumber `page`'s objects (chars, rects, words) draw it under this guard."""
        if not isinstance(page, _GuardedPage):
            page.__class__ = _GuardedPage
        page.guard = self

    def lay_out(self, page: Any) -> Any:
        """pdfminer's layout of the pdfplumber `page`, as `page.layout` gives it, drawn within the caps."""
        from pdfplumber.utils.exceptions import PdfminerException

        check_time()
        number = page.page_number
        before = sum(count for n, count in self.chars.items() if n != number)
        device = _GuardedDevice(page.pdf.rsrcmgr, pageno=number, laparams=page.pdf.laparams)
        device.guard, device.number, device.chars_before = self, number, before
        interpreter = _GuardedInterpreter(page.pdf.rsrcmgr, device)
        try:
            interpreter.process_page(page.page_obj)
        except ReadError:
            raise
        except Exception as exc:  # as pdfplumber's own layout reports pdfminer's errors
            raise PdfminerException(exc) from None
        self.chars[number] = device.chars
        _check_appearances(page.page_obj, self, number)
        return device.get_result()


class _GuardedPage(pdfplumber_page.Page):
    """A pdfplumber page whose layout is drawn by its `PageGuard`."""

    guard: PageGuard

    @property
    def layout(self) -> Any:
        if not hasattr(self, "_layout"):
            self._layout = self.guard.lay_out(self)
        return self._layout


class _GuardedDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, counting what is drawn; the interpreter and its copies for Form XObjects
    share it, so the counts are the page's."""

    guard: PageGuard
    number: int
    chars_before: int
    chars = 0
    shapes = 0
    content_bytes = 0
    forms = 0
    depth = 0

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        self.chars += 1
        if self.chars % _CHECK_EVERY == 0:
            check_time()
        if self.chars > MAX_CHARS_PER_PAGE:
            raise self.guard.refuse(f"page {self.number} has more than {MAX_CHARS_PER_PAGE:,} characters; a page "
                                    "of a Form 3, 4 or 5 has a few thousand")
        if self.chars_before + self.chars > MAX_CHARS:
            raise self.guard.refuse(f"the PDF has more than {MAX_CHARS:,} characters by page {self.number}; a "
                                    "Form 3, 4 or 5 printout has a few thousand a page")
        adv: float = super().render_char(*args, **kwargs)
        return adv

    def _shape(self) -> None:
        self.shapes += 1
        if self.shapes % _CHECK_EVERY == 0:
            check_time()
        if self.shapes > MAX_SHAPES_PER_PAGE:
            raise self.guard.refuse(f"page {self.number} draws more than {MAX_SHAPES_PER_PAGE:,} lines, boxes and "
                                    "pictures; a page of a Form 3, 4 or 5 draws a few hundred")

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        self._shape()
        super().paint_path(*args, **kwargs)

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        self._shape()
        super().render_image(*args, **kwargs)


_FORM = LIT("Form")


class _GuardedInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, counting the content bytes it reads and the Form XObjects it draws (pdfminer draws
    a form each time it is named, so a few forms that each draw the next one twice multiply without end)."""

    device: _GuardedDevice

    def execute(self, streams: Sequence[object]) -> None:
        device = self.device
        for obj in streams:
            check_time()
            room = MAX_CONTENT_BYTES - device.content_bytes
            size = _decoded_size(obj, room)
            if size > room:
                raise device.guard.refuse(
                    f"page {device.number} has more than {MAX_CONTENT_BYTES // 1_000_000:,} MB of drawing "
                    "instructions; a page of a Form 3, 4 or 5 has well under one")
            device.content_bytes += size
        super().execute(streams)

    def do_Do(self, xobjid_arg: Any) -> None:  # noqa: N802 (pdfminer's name for the operator)
        try:
            xobj = stream_value(self.xobjmap[literal_name(xobjid_arg)])
            is_form = xobj.get("Subtype") is _FORM
        except Exception:  # pdfminer's own do_Do reports a missing or broken XObject as it always has
            is_form = False
        if not is_form:
            super().do_Do(xobjid_arg)
            return
        device = self.device
        if xobj.objid is not None and (xobj.objid in self.stream_ids or xobj.objid in self.parent_stream_ids):
            # pdfminer skips a form that draws itself, but pdfium (which draws the page in the window) follows it
            # without end: such a file is refused here, before the window is given it.
            raise device.guard.refuse(f"page {device.number} has a Form XObject that draws itself; no Form 3, 4 "
                                      "or 5 printout does")
        device.forms += 1
        if device.forms > MAX_FORMS_PER_PAGE:
            raise device.guard.refuse(f"page {device.number} draws more than {MAX_FORMS_PER_PAGE:,} Form XObjects; "
                                      "a page of a Form 3, 4 or 5 draws a few")
        if device.depth >= MAX_FORM_DEPTH:
            raise device.guard.refuse(f"page {device.number} nests Form XObjects more than {MAX_FORM_DEPTH} deep; "
                                      "a page of a Form 3, 4 or 5 nests a few")
        device.depth += 1
        try:
            super().do_Do(xobjid_arg)
        finally:
            device.depth -= 1


def _check_appearances(page: Any, guard: PageGuard, number: int) -> None:
    """The appearance streams of the page's annotations (a form field's drawn value) are Form XObjects that pdfminer
    does not read but pdfium draws in the window: their nesting and fan-out are held to the same caps, by a walk
    that reads each form once."""
    try:
        annots = resolve1(page.annots) or []
        annots = annots if isinstance(annots, list) else []
    except Exception:
        return
    forms = 0
    memo: dict[int, tuple[int, int]] = {}
    for annot in annots:
        try:
            appearance = resolve1(resolve1(annot).get("AP")) or {}
            states = [resolve1(appearance.get(key)) for key in ("N", "R", "D")]
        except Exception:  # an annotation pdfium cannot read either
            continue
        for state in states:
            drawn = list(state.values()) if isinstance(state, dict) else [state]
            for obj in drawn:
                stream = resolve1(obj)
                if isinstance(stream, PDFStream):
                    count, _ = _form_tree(stream, guard, number, memo, set(), 1)
                    forms += count
                    if forms > MAX_FORMS_PER_PAGE:
                        raise guard.refuse(f"page {number} has annotations that draw more than "
                                           f"{MAX_FORMS_PER_PAGE:,} Form XObjects; a page of a Form 3, 4 or 5 "
                                           "draws a few")


def _form_tree(stream: PDFStream, guard: PageGuard, number: int, memo: dict[int, tuple[int, int]],
               active: set[int], depth: int) -> tuple[int, int]:
    """(forms drawn when `stream` is drawn, itself included; how deep they nest below it), each form read once."""
    key = stream.objid if stream.objid is not None else id(stream)
    if key in active:
        raise guard.refuse(f"page {number} has a Form XObject that draws itself; no Form 3, 4 or 5 printout does")
    if depth > MAX_FORM_DEPTH:
        raise guard.refuse(f"page {number} nests Form XObjects more than {MAX_FORM_DEPTH} deep; a page of a Form 3, "
                           "4 or 5 nests a few")
    if key in memo:
        return memo[key]
    check_time()
    if _decoded_size(stream, MAX_CONTENT_BYTES) > MAX_CONTENT_BYTES:
        raise guard.refuse(f"page {number} has more than {MAX_CONTENT_BYTES // 1_000_000:,} MB of drawing "
                           "instructions; a page of a Form 3, 4 or 5 has well under one")
    try:
        resources = resolve1(stream.get("Resources")) or {}
        xobjects = resolve1(resources.get("XObject")) or {}
    except Exception:
        xobjects = {}
    count, height = 1, 0
    active.add(key)
    try:
        for name in _drawn_names(stream):
            child = resolve1(xobjects.get(name)) if isinstance(xobjects, dict) else None
            if isinstance(child, PDFStream) and child.get("Subtype") is _FORM:
                below, child_height = _form_tree(child, guard, number, memo, active, depth + 1)
                count += below
                height = max(height, child_height + 1)
                if count > MAX_FORMS_PER_PAGE:
                    raise guard.refuse(f"page {number} has annotations that draw more than "
                                       f"{MAX_FORMS_PER_PAGE:,} Form XObjects; a page of a Form 3, 4 or 5 draws a "
                                       "few")
    finally:
        active.discard(key)
    memo[key] = (count, height)
    return count, height


def _drawn_names(stream: PDFStream) -> list[str]:
    """The names a content stream draws with `Do`, in order."""
    names: list[str] = []
    try:
        parser = PDFContentParser([stream])
        last: object = None
        while True:
            try:
                _, obj = parser.nextobject()
            except PSEOF:
                break
            if obj is _DO and last is not None:
                names.append(literal_name(last))
            last = obj
    except Exception:  # what pdfium makes of a damaged stream is its own affair; nothing more to count here
        pass
    return names


_DO = KWD(b"Do")


def _decoded_size(obj: object, limit: int) -> int:
    """The size of a content stream once decoded, or more than `limit` when it is larger: a compressed stream is
    inflated only up to `limit` bytes here, so a small stream that inflates to gigabytes is found before pdfminer
    inflates it whole."""
    try:
        stream = stream_value(obj)
    except Exception:  # not a stream: pdfminer skips it
        return 0
    if not isinstance(stream, PDFStream):
        return 0
    if stream.data is not None:
        return len(stream.data)
    filters = stream.get_filters()
    if filters and all(f in LITERALS_FLATE_DECODE for f, _ in filters) and stream.rawdata is not None:
        data = stream.rawdata
        if stream.decipher is not None and stream.objid is not None and stream.genno is not None:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        try:
            for _ in filters:
                inflater = zlib.decompressobj()
                data = inflater.decompress(data, max(limit, 0) + 1)
                if len(data) > limit:
                    return len(data)
        except zlib.error:  # pdfminer recovers what it can from a damaged stream; measure what it gets
            pass
        else:
            return len(data)
    return len(stream.get_data())


#: The typographic ligatures a PDF may draw as one glyph ("Oﬃcer" in the SEC's Form 3 of 2019), as the letters
#: they stand for, so that a caption or a value reads as it is typed.
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}


def build_words(chars: Iterable[dict[str, Any]], page: int) -> list[Word]:
    """Words from characters in content-stream order: a space, a jump back or down, a gap wider than a fifth of
    the type size, or a change of type size (a footnote mark set small) ends a word. A ligature is written as its
    letters (`_LIGATURES`)."""
    words: list[Word] = []
    text: list[str] = []
    x0 = x1 = top = bottom = size = 0.0
    last_top = 0.0
    ligatures = _LIGATURES
    for c in chars:
        t = c["text"]
        t = ligatures.get(t, t)
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


#: The most text annotations of one page, and characters of one, read as typed over the page; a form has a few dozen
#: boxes and cells.
MAX_TYPED_NOTES = 2000
MAX_TYPED_CHARS = 20_000
#: A letter's width in Helvetica, the text tools' usual type, as a share of its size (`_text_width`).
_NARROW = frozenset("fijlrtI.,;:'!|()[] ")
_WIDE = frozenset("mwMW@%")


def _text_width(text: str, size: float) -> float:
    """About how wide `text` is set in Helvetica of `size` points (capitals and digits 0.6 of the size, narrow
    letters and signs 0.3, wide ones 0.85, the rest 0.5)."""
    total = 0.0
    for c in text:
        if c in _NARROW:
            total += 0.3
        elif c in _WIDE:
            total += 0.85
        elif c.isupper() or c.isdigit():
            total += 0.6
        else:
            total += 0.5
    return total * size


def _typed_size(data: dict[str, Any]) -> float:
    """The type size of a text annotation: its default style's ("font: 12pt Helvetica"), else its default
    appearance's ("/Helv 12 Tf"), else 10 points."""
    for key, pattern in (("DS", rb"(\d+(?:\.\d+)?)\s*pt"), ("DA", rb"(\d+(?:\.\d+)?)\s+Tf")):
        raw = resolve1(data.get(key))
        if isinstance(raw, str):
            raw = raw.encode("latin-1", "replace")
        if isinstance(raw, bytes) and (m := re.search(pattern, raw)) and 2 <= float(m[1]) <= 72:
            return float(m[1])
    return 10.0


def _text_notes(page: Any) -> list[dict[str, Any]]:
    """A pdfplumber page's annotations as pdfplumber gives them, when it has some and no more than a form could
    (`MAX_TYPED_NOTES`); none when they cannot be read (a damaged annotation loses what was typed over the page, not
    the page)."""
    try:
        listed = resolve1(page.page_obj.attrs.get("Annots"))
        if not isinstance(listed, list) or not 0 < len(listed) <= MAX_TYPED_NOTES:
            return []
        annots = page.annots
    except Exception:  # noqa: BLE001 -- pdfminer raises many unrelated types for damaged objects
        return []
    return annots if isinstance(annots, list) else []


def typed_words(annots: Sequence[dict[str, Any]], words: Sequence[Word], page: int) -> list[Word]:
    """Words typed over a page with a PDF viewer's text tool (Preview's text box, Acrobat's and a browser's "Add
    text"): each FreeText annotation's text, set in its box as the viewer shows it (line by line from its top, in
    its type size, narrowed to the box's width where it would run past it), unless the page's own text already
    holds it there (a tool that wrote it into the page as well). Callouts (a comment with a leader line) and hidden
    notes are left out, and any note of more than `MAX_TYPED_CHARS` characters."""
    out: list[Word] = []
    notes = [a for a in annots if isinstance(a.get("data"), dict)
             and literal_name(resolve1(a["data"].get("Subtype"))) == "FreeText"]
    for annot in notes:
        data = annot["data"]
        text = annot.get("contents")
        flags = resolve1(data.get("F"))
        intent = resolve1(data.get("IT"))
        if (not isinstance(text, str) or not text.strip() or len(text) > MAX_TYPED_CHARS
                or (isinstance(flags, int) and flags & 2)
                or (intent is not None and literal_name(intent) == "FreeTextCallout")):
            continue
        x0, top, x1, bottom = (float(annot[k]) for k in ("x0", "top", "x1", "bottom"))
        lines = [ln.split() for ln in re.split(r"\r\n|\r|\n", text)]
        inside = {w.text for w in words if x0 - 1 <= w.center <= x1 + 1 and top - 1 <= w.middle <= bottom + 1}
        if inside and all(t in inside for ln in lines for t in ln):
            continue
        size = _typed_size(data)
        pitch = min(1.15 * size, max(bottom - top - 2, size) / max(len(lines), 1))
        align = resolve1(data.get("Q"))
        room = max(x1 - x0 - 4, 1.0)
        for row, parts in enumerate(lines):
            if not parts:
                continue
            space = 0.28 * size
            widths = [_text_width(t, size) for t in parts]
            full = sum(widths) + space * (len(parts) - 1)
            scale = min(1.0, room / full) if full else 1.0
            left = x0 + 2
            if align in (1, 2) and full * scale < room:
                left += (room - full * scale) / (2 if align == 1 else 1)
            y = top + 2 + row * pitch
            for t, width in zip(parts, widths, strict=True):
                out.append(Word(t, left, left + width * scale, y, y + size, size, page))
                left += (width + space) * scale
    return out


#: What a browser prints in a page's margins when it prints a web page: the date and time ("12/6/26, 9:51 AM",
#: "2026-12-06 09:51"), the page's address ("file:///...", "https://www.sec.gov/..."), the page counter ("1/3",
#: "Page 1 of 3", "1 of 3").
_BROWSER_STAMP = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AaPp]\.?[Mm]\.?)?(\s|$)")
_BROWSER_ADDRESS = re.compile(r"(^|\s)(https?|file)://\S|^about:blank\b", re.I)
_BROWSER_COUNTER = re.compile(r"^(Page\s+)?\d{1,3}\s*(/|of)\s*\d{1,3}$", re.I)
#: How far into the page from its top or bottom edge a browser's header and footer reach, as a share of its height
#: (they are printed in the margin: Chromium's, Firefox's and Safari's all reach within 0.6 inch of the edge).
BROWSER_MARGIN = 0.055


def without_browser_margins(words: list[Word], page: int, height: float) -> list[Word]:
    """`words` without the header and footer a browser prints in the page's margins when it prints a web page
    (the date and time with the page's title, the page's address and the page counter): a line of its own above
    or below everything else, within `BROWSER_MARGIN` of the edge, holding one of them. They are no part of the
    form, and would read as an owner's city or a signature."""
    band = height * BROWSER_MARGIN
    # A word reaching into the band (Firefox sets its footer's baseline 0.56 inch above the edge, its top above 0.6).
    outer = [w for w in words if w.top <= band or w.bottom >= height - band]
    if not outer:
        return words
    dropped = _counter_and_stamp(outer)
    for line in make_lines(outer, page):
        text = line.text
        if not (_BROWSER_STAMP.match(text) or _BROWSER_ADDRESS.search(text) or _BROWSER_COUNTER.match(text)
                or _BROWSER_COUNTER.match(line.words[-1].text)):
            continue
        mine = {id(w) for w in line.words}
        others = [w for w in words if id(w) not in mine]
        if line.bottom <= band:
            alone = all(w.top >= line.bottom - 0.5 for w in others)  # a header: everything else below it
        else:
            alone = all(w.bottom <= line.top + 0.5 for w in others)  # a footer: everything else above it
        if alone:
            dropped |= mine
    return [w for w in words if id(w) not in dropped] if dropped else words


def _counter_and_stamp(words: list[Word]) -> set[int]:
    """The ids of the words of a footer that holds a page counter ("1 of 2") and a date with its time
    ("12/6/26, 19:40") on one baseline in one type size (Firefox's), found word by word: Firefox prints a page's last
    words down beside and under its footer, so that they read as one line with it ("1 of 98104 2")."""
    found: set[int] = set()
    lines: dict[tuple[float, float], list[Word]] = {}
    for w in words:
        lines.setdefault((round(w.bottom, 1), round(w.size, 1)), []).append(w)
    for same in lines.values():
        same.sort(key=lambda w: w.x0)
        texts = [w.text for w in same]
        counter = next((k for k in range(len(same) - 2) if texts[k].isdigit() and texts[k + 1].lower() == "of"
                        and texts[k + 2].isdigit()), None)
        stamp = next((k for k in range(len(same) - 1) if _BROWSER_STAMP.match(f"{texts[k]} {texts[k + 1]}")), None)
        if counter is not None and stamp is not None:
            end = stamp + 3 if stamp + 2 < len(same) and re.fullmatch(r"[AaPp]\.?[Mm]\.?", texts[stamp + 2]) else stamp + 2
            found |= {id(w) for w in same[counter : counter + 3] + same[stamp:end]}
    return found


def make_lines(words: Sequence[Word], page: int) -> list[Line]:
    """Group words into lines: a word joins a line when its middle lies within 45% of the height of the line's
    tallest word so far from its first word's middle. Raised footnote marks join the line they follow; so does the
    rest of a line that a smaller word started ("Date" in six-point type beside a scan's "Signature", boxed taller,
    and then "of Reporting Person")."""
    ordered = sorted(words, key=lambda w: (w.middle, w.x0))
    starts = sorted({w.x0 for w in ordered})
    open_lines: list[_OpenLine] = []
    for n, w in enumerate(ordered):
        if n % _CHECK_EVERY == 0:
            check_time()
        for i in range(len(open_lines) - 1, max(-1, len(open_lines) - 4), -1):
            line = open_lines[i]
            if abs(w.middle - line.middle) <= 0.45 * line.height and not line.overlaps(w):
                line.add(w)
                break
        else:
            open_lines.append(_OpenLine(w, starts))
    lines = []
    for line in open_lines:
        line.words.sort(key=lambda w: w.x0)
        lines.append(Line(line.words, page))
    lines.sort(key=lambda line: line.words[0].middle)
    return lines


class _OpenLine:
    """A line being gathered, and which of its words another word would overlap, found in logarithmic time: a
    Fenwick tree over the page's sorted left edges keeps the rightmost right edge of the line's words left of any
    point, so a line of n words is built in O(n log n) where comparing each word with every other took O(n²)."""

    __slots__ = ("middle", "height", "words", "_starts", "_reach")

    def __init__(self, first: Word, starts: list[float]):
        self.middle = first.middle
        self.height = max(first.bottom - first.top, 1.0)
        self.words: list[Word] = []
        self._starts = starts
        self._reach: dict[int, float] = {}  # Fenwick node -> greatest (x1 - 0.5) of the words it covers
        self.add(first)

    def add(self, w: Word) -> None:
        self.words.append(w)
        self.height = max(self.height, w.bottom - w.top)
        reach = w.x1 - 0.5
        node = bisect.bisect_left(self._starts, w.x0) + 1
        size = len(self._starts)
        tree = self._reach
        while node <= size:
            if tree.get(node, _NEVER) < reach:
                tree[node] = reach
            node += node & -node

    def overlaps(self, w: Word) -> bool:
        """Whether `w` overlaps a word of the line by more than half a point (as `_overlaps` says): some word
        starts left of w.x1 - 0.5 and reaches past w.x0 + 0.5."""
        node = bisect.bisect_left(self._starts, w.x1 - 0.5)  # the words starting left of that point
        tree = self._reach
        reach = _NEVER
        while node > 0:
            reach = max(reach, tree.get(node, _NEVER))
            node -= node & -node
        return w.x0 < reach


_NEVER = float("-inf")


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


def underlines(seg: Segment, words: Sequence[Word]) -> bool:
    """Whether a horizontal segment underlines text rather than rules a box: it lies under a run of words on one
    line, between their middle and just below their bottom, and starts and ends where they do (a link on a web
    page printed, "COLLEGIUM PHARMACEUTICAL," underlined in box 2). A box's rule runs from border to border."""
    above = [w for w in words if w.x1 > seg.a and w.x0 < seg.b and w.middle < seg.at <= w.bottom + 2.5]
    if not above:
        return False
    return abs(min(w.x0 for w in above) - seg.a) <= 2.0 and abs(max(w.x1 for w in above) - seg.b) <= 2.0


def check_boxes(rects: Iterable[dict[str, Any]], curves: Iterable[dict[str, Any]], words: Sequence[Word],
                lines: Iterable[dict[str, Any]] = ()) -> list[CheckBox]:
    """Small squares (4 to 14 points a side), each ticked when a smaller mark is drawn inside it, a stroke crosses it
    from corner to corner (an X drawn as two straight lines, as some browsers print a ticked box), or a tick
    character (`X`, `✓`) is written inside it."""
    squares: list[tuple[float, float, float, float]] = []
    marks: list[tuple[float, float, float, float]] = []
    #: Straight strokes neither level nor upright: a box's rules are one or the other, an X's strokes neither.
    strokes = [(ln["x0"], ln["top"], ln["x1"], ln["bottom"]) for ln in lines
               if ln["x1"] - ln["x0"] >= 1 and ln["bottom"] - ln["top"] >= 1]
    for obj in list(rects) + list(curves):
        w = obj["x1"] - obj["x0"]
        h = obj["bottom"] - obj["top"]
        box = (obj["x0"], obj["top"], obj["x1"], obj["bottom"])
        if 4 <= w <= 14 and 4 <= h <= 14 and abs(w - h) <= 1.5:
            squares.append(box)
        elif 1 <= w < 12 and 1 <= h < 12:
            marks.append(box)
    boxes: list[CheckBox] = []
    for n, sq in enumerate(squares):
        if n % 256 == 0:
            check_time()
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
            ticked = any(m[0] >= b.x0 - 0.5 and m[2] <= b.x1 + 0.5 and m[1] >= b.top - 0.5 and m[3] <= b.bottom + 0.5
                         and (m[2] - m[0]) >= 0.5 * (b.x1 - b.x0) for m in strokes)
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
