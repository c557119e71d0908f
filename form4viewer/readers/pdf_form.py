"""The SEC's own Form 3 and Form 4 PDFs filled in on screen: the values typed into the form's fields.

Field names in such forms are opaque ("Text12", "Check Box3"), and differ between revisions of the form, so a
field is mapped to the model by where its widget sits on the page relative to the form's printed labels:

* on the first page, the numbered box whose label is nearest above and to the left of the widget ("1.Name and
  Address of Reporting Person", "2.Issuer Name and Ticker or Trading Symbol", "3.Date of Earliest Transaction",
  ...), and inside box 1 the hint printed under the line the widget is on ("(Last)", "(Street)", "(City)");
* a relationship box by the word printed beside it ("Director", "10% Owner", "Officer", "Other");
* in Tables I and II, the column whose header labels stand over the widget (the columns are the form's ruled
  cells; the header labels are read the same way as on EDGAR's web pages), and the row by the widget's height;
* the "Explanation of Responses" area and the signature and date lines by their labels.

`read_filled_form` returns None when the PDF has no form fields or none is filled, so that the PDF reader can go on
to read the page text instead.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text as pdf_decode_text

from .. import form
from ..errors import ReadError
from ..form import BOX_TITLES, SIGNATURE_CAPTION, column_field
from ..model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    ROW_FIELDS,
    TABLE_FIELDS,
    Confidence,
    Filing,
    Footnote,
    Issuer,
    Kind,
    ReportingOwner,
    Row,
    Signature,
    SourceDocument,
    Value,
    parse_value,
)
from ..sources import PdfBox

log = logging.getLogger(__name__)

#: Fields (and the nodes of the field tree above them) a form may have: far more than the SEC's fillable Forms 3
#: and 4 have (a few hundred boxes on their pages).
MAX_FIELDS = 5_000

#: Typed by a person into a field, so the text is exact; which field of the model it is was worked out from the
#: widget's place on the form.
PLACED = Confidence.NEARLY

# Footnote marks at the end of a field's text: "5,000 (1)(2)". Tried only where a run of white space starts (or
# where none is), each quantifier possessive, so that a long run of spaces cannot make the search quadratic.
_MARKS = re.compile(r"(?<!\s)\s*+((?:\(\s*+\d{1,3}\s*+\)\s*+)++)$")
#: A widget's "NAME [TICKER]" or "NAME (TICKER)": the bracketed part, found from where the bracket opens.
_NAMED_TICKER = re.compile(r"[\[(]\s*+([A-Za-z0-9.\-]{1,10})\s*+[\])]\s*+$")
#: Where a numbered note begins in the explanation of responses; a line end followed by a blank line is passed over
#: (the note begins at the blank line's end), so that a run of blank lines is not scanned from each of its line ends.
_NOTE_START = re.compile(r"(?:^|\n(?![^\S\n]*+\n))\s*+\(?(\d{1,3})[.)]\s+")
_NUMBERED = re.compile(r"^(\d{1,2}[aA]?)\.")

#: The boxes, the hints under box 1's lines and the words beside the relationship boxes, as `form` describes them.
BOX_LABELS = form.FILLABLE_BOX_LABELS
OWNER_HINTS = form.BOX1_HINTS
RELATIONSHIP_WORDS = form.RELATIONSHIP_WORDS
#: Box 1's caption, however the form's text runs its words together.
_OWNER_BOX = re.compile(form.BOX_CAPTIONS["owner"].replace(" ", r"\s*"))


@dataclass(frozen=True)
class Widget:
    """One filled-in place on the form: its field's full name, whether it is a check box, the text typed (or,
    for a check box, whether it is ticked) and where it is."""

    name: str
    check: bool
    text: str
    ticked: bool
    box: PdfBox

    @property
    def cx(self) -> float:
        return (self.box.x0 + self.box.x1) / 2

    @property
    def cy(self) -> float:
        return (self.box.top + self.box.bottom) / 2


# --------------------------------------------------------------------------------------------------------------
# Fields of the AcroForm


def _text(obj: Any) -> str:
    obj = resolve1(obj)
    if obj is None:
        return ""
    if isinstance(obj, bytes):
        return pdf_decode_text(obj)
    if isinstance(obj, PSLiteral):
        name = obj.name
        return name.decode("latin-1") if isinstance(name, bytes) else str(name)
    if isinstance(obj, list):
        return ", ".join(_text(item) for item in obj)
    return str(obj)


def _page_numbers(pdf: Any) -> dict[int, int]:
    """Object id of each annotation -> the 1-based page it is on."""
    where: dict[int, int] = {}
    for number, page in enumerate(pdf.pages, start=1):
        annots = resolve1(page.page_obj.attrs.get("Annots"))
        for ref in annots or ():
            if isinstance(ref, PDFObjRef):
                where[ref.objid] = number
    return where


def widgets(pdf: Any, name_of_file: str = "<input>") -> list[Widget]:
    """Every widget of the document's AcroForm with its value, in pdfplumber's top-left page coordinates. Raises
    ReadError naming `name_of_file` when the form has more fields than any Form 3, 4 or 5."""
    form = resolve1(pdf.doc.catalog.get("AcroForm"))
    if not isinstance(form, dict):
        return []
    fields = resolve1(form.get("Fields"))
    if not fields:
        return []
    pages = _page_numbers(pdf)
    page_ids = {page.page_obj.pageid: number for number, page in enumerate(pdf.pages, start=1)}
    out: list[Widget] = []
    # A field tree is a tree; a hostile one shares its kids (each node's Kids naming the next node ten times) so
    # that walking it as a tree visits 10**20 nodes. Each node is visited once, and only so many in all.
    seen: set[int] = set()

    def visit(ref: Any, prefix: str, inherited: dict[str, Any], depth: int) -> None:
        if isinstance(ref, PDFObjRef):
            if ref.objid in seen:
                return
            seen.add(ref.objid)
        if len(seen) > MAX_FIELDS:
            raise ReadError(name_of_file, f"the PDF has more than {MAX_FIELDS:,} form fields; the SEC's Form 4 has "
                            "a few hundred")
        node = resolve1(ref)
        if not isinstance(node, dict) or depth > 20:
            return
        part = _text(node.get("T")) if node.get("T") is not None else ""
        name = f"{prefix}.{part}" if prefix and part else (part or prefix)
        here = dict(inherited)
        for key in ("FT", "V", "Ff"):
            if key in node:
                here[key] = node[key]
        kids = resolve1(node.get("Kids"))
        if kids:
            for kid in kids:
                visit(kid, name, here, depth + 1)
            if any(isinstance(resolve1(k), dict) and "T" in resolve1(k) for k in kids):
                return
        rect = resolve1(node.get("Rect"))
        if not rect or len(rect) != 4:
            return
        number = pages.get(ref.objid) if isinstance(ref, PDFObjRef) else None
        page_ref = node.get("P")
        if number is None and isinstance(page_ref, PDFObjRef):
            number = page_ids.get(page_ref.objid)
        if number is None:
            return
        page = pdf.pages[number - 1]
        try:
            mx0, _, _, my1 = (float(v) for v in page.page_obj.mediabox)
            x0, y0, x1, y1 = (float(resolve1(v)) for v in rect)
        except (TypeError, ValueError):
            log.debug("form field %r has no usable rectangle", name)
            return
        box = PdfBox(number, min(x0, x1) - mx0, my1 - max(y0, y1), max(x0, x1) - mx0, my1 - min(y0, y1))
        kind = _text(here.get("FT"))
        check = kind == "Btn"
        value = _text(here.get("V"))
        if check:
            state = _text(node.get("AS")) or value
            ticked = state not in ("", "Off")
            out.append(Widget(name, True, "", ticked, box))
        else:
            out.append(Widget(name, False, value.strip(), value.strip().upper() == "X", box))

    for ref in fields:
        visit(ref, "", {}, 0)
    return out


# --------------------------------------------------------------------------------------------------------------
# Printed labels


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _words(page: Any) -> list[_Word]:
    return [_Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in page.extract_words(keep_blank_chars=False)]


def _label_text(words: list[_Word], start: _Word) -> str:
    """The words of a printed label on its line, from `start` to the next gap wider than a few spaces."""
    line = sorted((w for w in words if abs(w.top - start.top) < 2 and w.x0 >= start.x0), key=lambda w: w.x0)
    out = []
    right = start.x0
    for word in line:
        if word.x0 - right > 12:
            break
        out.append(word.text)
        right = word.x1
    return " ".join(out)


def _find(words: list[_Word], text: str) -> list[_Word]:
    return [w for w in words if w.text == text]


def _first_page_boxes(words: list[_Word]) -> list[tuple[str, _Word]]:
    boxes = []
    for word in words:
        if not _NUMBERED.match(word.text):
            continue
        label = _label_text(words, word).lower().replace(" ", "")
        for kind, pattern in BOX_LABELS:
            if re.search(pattern.replace(" ", ""), label):
                boxes.append((kind, word))
                break
    return boxes


# --------------------------------------------------------------------------------------------------------------
# Values


class _Values:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def make(self, kind: Kind, text: str, box: PdfBox | None, what: str, *, confidence: float = PLACED,
             notes: tuple[str, ...] = ()) -> Value:
        raw = text.strip()
        marks = _MARKS.search(raw)
        if marks:
            notes = notes + tuple(f"F{int(n)}" for n in re.findall(r"\d+", marks.group(1)))
            raw = raw[: marks.start()].strip()
        if not raw:
            return Value(footnotes=notes, source=box, confidence=confidence) if notes else Value()
        try:
            parsed = parse_value(kind, raw)
        except ValueError:
            self.notes.append(f"{what} on page {box.page if box else '?'}: cannot read {raw!r}")
            return Value(None, notes, raw=raw, source=box, confidence=Confidence.UNREADABLE)
        return Value(parsed, notes, raw=raw, source=box, confidence=confidence)

    def flag(self, ticked: bool, box: PdfBox | None) -> Value:
        return Value(ticked, raw="X" if ticked else "", source=box, confidence=PLACED)


# --------------------------------------------------------------------------------------------------------------
# Tables


_TABLE_END = ("Reminder:", "Explanation", "Page", "*If", "SEC")


def _columns(page: Any, words: list[_Word],
             header_top: float) -> tuple[list[tuple[float, float, str | None]], float, float]:
    """The table's columns as (left, right, field kind), the top of its body and where the table ends.

    The columns are the form's ruled cells; the header is the printed words above the first rule below them, and a
    rule inside the header separates a numbered label ("4. Securities Acquired (A) or Disposed of (D)") from the
    sub-labels of the columns it spans ("Amount", "(A) or (D)", "Price")."""
    end = min((w.top for w in words if w.top > header_top + 5 and w.text in _TABLE_END), default=page.height)
    header_words = [w for w in words if header_top < w.top < end]
    edges = [e for e in page.edges if header_top - 30 < e["top"] < end]
    horizontal = sorted({round(e["top"], 0) for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 5})
    last_word = max((w.bottom for w in header_words), default=header_top)
    body_top = min((y for y in horizontal if y >= last_word - 1), default=last_word)
    header_words = [w for w in header_words if w.top < body_top]
    rules = [y for y in horizontal if y < body_top and y > min((w.top for w in header_words), default=body_top)]
    sub_top = rules[-1] if rules else body_top
    xs: list[float] = []
    for x in sorted(e["x0"] for e in edges if e["orientation"] == "v" and e["bottom"] > body_top + 5):
        if not xs or x - xs[-1] > 3:
            xs.append(x)
    spans = list(zip(xs, xs[1:], strict=False))
    own = [[w for w in header_words if left <= (w.x0 + w.x1) / 2 < right] for left, right in spans]
    groups: list[list[int]] = []
    for i, column_words in enumerate(own):
        if any(_NUMBERED.match(w.text) for w in column_words if w.top < sub_top) or not groups:
            groups.append([i])
        else:
            groups[-1].append(i)
    kinds: dict[int, str | None] = {}
    for group in groups:
        parent_words = sorted((w for i in group for w in own[i] if w.top < sub_top), key=lambda w: (w.top, w.x0))
        parent = _dehyphen(" ".join(w.text for w in parent_words))
        for i in group:
            sub_words = sorted((w for w in own[i] if w.top >= sub_top), key=lambda w: (w.top, w.x0))
            sub_label = _dehyphen(" ".join(w.text for w in sub_words))
            labels = [parent] + ([sub_label] if sub_label and len(group) > 1 else [])
            kinds[i] = column_field(labels)
    columns = [(left, right, kinds.get(i)) for i, (left, right) in enumerate(spans)]
    return columns, body_top, end


def _dehyphen(text: str) -> str:
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)
    return re.sub(r"(\d)\.(\S)", r"\1. \2", text)


def _rows_of(items: list[Widget]) -> list[list[Widget]]:
    rows: list[list[Widget]] = []
    for widget in sorted(items, key=lambda w: w.cy):
        if rows and abs(rows[-1][0].cy - widget.cy) < max(4.0, (widget.box.bottom - widget.box.top) / 2):
            rows[-1].append(widget)
        else:
            rows.append([widget])
    return rows


def _table_rows(page: Any, words: list[_Word], placed: list[Widget], derivative: bool, values: _Values,
                form_number: str | None) -> list[Row]:
    title = next((w for w in words if w.text == "Table"), None)
    header_top = title.bottom if title is not None else 0.0
    columns, body_top, end = _columns(page, words, header_top)
    inside = [w for w in placed if body_top < w.cy < end and (w.text or (w.check and w.ticked))]
    rows = []
    for row_widgets in _rows_of(inside):
        got: dict[str, Value] = {}
        for widget in row_widgets:
            kind = next((k for left, right, k in columns if left <= widget.cx < right), None)
            if kind is None:
                continue
            _cell(got, kind, widget, values)
        is_transaction = any(got.get(k) is not None and got[k].value is not None
                             for k in ("transaction_date", "transaction_code"))
        if derivative:
            table = DERIVATIVE_TRANSACTIONS if is_transaction else DERIVATIVE_HOLDINGS
        else:
            table = NON_DERIVATIVE_TRANSACTIONS if is_transaction else NON_DERIVATIVE_HOLDINGS
        if is_transaction and "transaction_form_type" not in got and form_number in ("4", "5"):
            got["transaction_form_type"] = Value(form_number, confidence=Confidence.INFERRED)
        fields = {k: v for k, v in got.items() if k in TABLE_FIELDS[table]}
        if any(not v.empty for v in fields.values()):
            rows.append(Row(table=table, **fields))
    return rows


def _cell(got: dict[str, Value], kind: str, widget: Widget, values: _Values) -> None:
    text = widget.text
    box = widget.box
    if kind in ("owned_following", "underlying_amount"):
        dollars = text.strip().startswith("$")
        pair = {"owned_following": ("value_owned_following", "shares_owned_following"),
                "underlying_amount": ("underlying_value", "underlying_shares")}[kind]
        name = pair[0] if dollars else pair[1]
        got[name] = values.make(Kind.DECIMAL, text, box, name)
    elif kind in ("amount_a", "amount_d"):
        name = "total_value" if text.strip().startswith("$") else "shares"
        got[name] = values.make(Kind.DECIMAL, text, box, name)
        if got[name].value is not None:
            got["acquired_disposed"] = Value("A" if kind == "amount_a" else "D", source=box, confidence=PLACED)
    elif kind == "code" or kind == "code_with_form":
        marks = _MARKS.search(text)
        notes = tuple(f"F{int(n)}" for n in re.findall(r"\d+", marks.group(1))) if marks else ()
        bare = text[: marks.start()] if marks else text
        m = re.match(r"^\s*([A-Za-z])\s*(/\s*K)?", bare)
        got["transaction_code"] = values.make(Kind.CODE, m.group(1) if m else bare, box, "transaction code",
                                              notes=notes)
        if m:
            got["equity_swap_involved"] = Value(bool(m.group(2)), raw=text.strip(), source=box, confidence=PLACED)
    elif kind == "v":
        if text.strip().upper() == "V" or (widget.check and widget.ticked):
            got["transaction_form_type"] = Value("5", raw="V", source=box, confidence=PLACED)
    elif kind in ROW_FIELDS:
        got[kind] = values.make(ROW_FIELDS[kind].kind, text, box, kind)


# --------------------------------------------------------------------------------------------------------------


def read_filled_form(pdf: Any, name: str) -> Filing | None:
    """A filing from the values typed into a fillable SEC Form 3 or 4, or None when the PDF has no form field
    with a value (a printout, or the blank form)."""
    placed = widgets(pdf, name)
    if not any((w.check and w.ticked) or (not w.check and w.text) for w in placed):
        return None
    # unticked boxes count too: they say "no"
    return _FormReader(pdf, name, [w for w in placed if w.check or w.text]).read()


class _FormReader:
    def __init__(self, pdf: Any, name: str, filled: list[Widget]):
        self.pdf = pdf
        self.name = name
        self.filled = filled
        self.values = _Values()
        self.notes: list[str] = []
        self._words: dict[int, list[_Word]] = {}

    def words(self, number: int) -> list[_Word]:
        if number not in self._words:
            self._words[number] = _words(self.pdf.pages[number - 1])
        return self._words[number]

    def page_text(self, number: int) -> str:
        return " ".join(w.text for w in self.words(number))

    def on(self, number: int) -> list[Widget]:
        return [w for w in self.filled if w.box.page == number]

    def read(self) -> Filing | None:
        pages = len(self.pdf.pages)
        first = form_number = None
        table_pages: list[tuple[int, bool]] = []
        explanation: list[int] = []
        signature: list[int] = []
        for number in range(1, pages + 1):
            if not self.on(number) and first is not None:
                continue
            text = self.page_text(number)
            if first is None and _OWNER_BOX.search(text):
                first = number
                m = re.search(r"\bFORM\s+([345])\b", text)
                form_number = m.group(1) if m else None
            if re.search(r"Table\s+II\b", text):
                table_pages.append((number, True))
            elif re.search(r"Table\s+I\b", text):  # Form 3 starts Table I on its first page
                table_pages.append((number, False))
            if "Explanation of Responses" in text:
                explanation.append(number)
            if SIGNATURE_CAPTION in text:
                signature.append(number)
        if first is None:
            # filled fields, but not on the SEC's Form 3/4/5: let the PDF reader read the page text instead
            log.debug("%s has form fields but no '%s' box", self.name, BOX_TITLES["owner"])
            return None
        kwargs, owner, issuer = self._first_page(first, form_number)
        rows: dict[str, list[Row]] = {t: [] for t in TABLE_FIELDS}
        for number, derivative in table_pages:
            for row in _table_rows(self.pdf.pages[number - 1], self.words(number), self.on(number), derivative,
                                   self.values, form_number):
                rows[row.table].append(row)
        footnotes, remarks = self._explanation(explanation)
        signatures = self._signatures(signature)
        form = Value(form_number, source=None, confidence=PLACED) if form_number else Value()
        if kwargs.get("date_of_original_submission", Value()).value is not None and form_number:
            form = Value(f"{form_number}/A", confidence=PLACED)
        notes = ["read from the values typed into the SEC's fillable form; each field was placed by where it "
                 "sits on the form", *self.notes, *self.values.notes]
        filing = Filing(
            form=form,
            issuer=issuer,
            reporting_owners=(ReportingOwner(**owner),) if owner else (),
            non_derivative_transactions=tuple(rows[NON_DERIVATIVE_TRANSACTIONS]),
            non_derivative_holdings=tuple(rows[NON_DERIVATIVE_HOLDINGS]),
            derivative_transactions=tuple(rows[DERIVATIVE_TRANSACTIONS]),
            derivative_holdings=tuple(rows[DERIVATIVE_HOLDINGS]),
            footnotes=tuple(footnotes),
            remarks=remarks,
            signatures=tuple(signatures),
            document=self._document(notes),
            **kwargs,
        )
        placed = {value.source for _, value in filing.values() if value.source is not None}
        stray = [w for w in self.filled if not w.check and w.text and w.box not in placed]
        if stray:
            # typed somewhere the form has no field for (or nowhere near a label): tell the person
            listed = "; ".join(f"page {w.box.page}: {w.text[:40]!r}" for w in stray[:5])
            more = f" and {len(stray) - 5} more" if len(stray) > 5 else ""
            extra = f"{len(stray)} filled field(s) are not in any box the reader knows: {listed}{more}"
            filing = dataclasses.replace(filing, document=dataclasses.replace(
                filing.document, notes=filing.document.notes + (extra,)))
        return filing

    def _document(self, notes: list[str]) -> SourceDocument:
        digest, size = "", 0
        stream = getattr(self.pdf, "stream", None)
        if stream is not None and hasattr(stream, "seek"):
            try:
                position = stream.tell()
                stream.seek(0)
                data = stream.read()
                stream.seek(position)
                digest, size = hashlib.sha256(data).hexdigest(), len(data)
            except (OSError, ValueError):
                pass
        return SourceDocument(kind="pdf", name=self.name, sha256=digest, size=size, pages=len(self.pdf.pages),
                              notes=tuple(notes))

    # ---- first page -------------------------------------------------------------------------------------------

    def _first_page(self, number: int, form_number: str | None) -> tuple[dict[str, Any], dict[str, Value], Issuer]:
        words = self.words(number)
        boxes = _first_page_boxes(words)
        top_of_boxes = min((w.top for _, w in boxes), default=0.0)
        table_title = next((w for w in words if w.text == "Table"), None)
        values = self.values
        kwargs: dict[str, Any] = {}
        owner: dict[str, Value] = {}
        issuer_parts: list[Widget] = []
        titles: list[Widget] = []
        streets: list[Widget] = []
        names: list[Widget] = []
        for widget in self.on(number):
            if table_title is not None and widget.cy > table_title.top:
                continue  # Form 3's Table I starts on the first page
            if widget.cy < top_of_boxes:
                if widget.check or widget.ticked:  # a box, or an "X" typed into a text field
                    self._top_checkbox(widget, words, kwargs)
                continue
            box_name = self._box_of(widget, boxes)
            if box_name == "owner":
                part = self._owner_line(widget, words)
                if part == "name":
                    names.append(widget)
                elif part == "street":
                    streets.append(widget)
                elif part in ("city", "state", "zip_code"):
                    owner[part] = values.make(Kind.TEXT, widget.text, widget.box, part)
            elif box_name == "issuer":
                issuer_parts.append(widget)
            elif box_name == "period":
                kwargs["period_of_report"] = values.make(Kind.DATE, widget.text, widget.box, "period of report")
            elif box_name == "amendment":
                kwargs["date_of_original_submission"] = values.make(Kind.DATE, widget.text, widget.box,
                                                                    "date original filed")
            elif box_name == "relationship":
                field = self._relationship(widget, words) if widget.check or widget.ticked else None
                if field is not None:
                    owner[field] = values.flag(widget.ticked, widget.box)
                elif not widget.check:
                    titles.append(widget)
            elif box_name == "foreign_symbol":
                self.notes.append(f"foreign trading symbol {widget.text!r} has no place in the model; not kept")
        if names:
            names.sort(key=lambda w: w.box.x0)
            text = " ".join(w.text for w in names)
            source = names[0].box
            for other in names[1:]:
                source = source.union(other.box) if other.box.page == source.page else source
            owner["name"] = values.make(Kind.TEXT, text, source, "owner name")
        lines: list[tuple[str, PdfBox]] = []
        for widget in sorted(streets, key=lambda w: w.cy):
            lines += [(line, widget.box) for line in widget.text.splitlines() if line.strip()]
        for key, (line, box) in zip(("street1", "street2"), lines, strict=False):
            owner[key] = values.make(Kind.TEXT, line, box, key)
        if titles:
            text = " ".join(w.text for w in sorted(titles, key=lambda w: w.cy))
            box = titles[0].box
            is_other = owner.get("is_other", Value()).value
            is_officer = owner.get("is_officer", Value()).value
            key = "other_text" if is_other and not is_officer else "officer_title"
            owner[key] = values.make(Kind.TEXT, text, box, key)
        if owner:
            for field in RELATIONSHIP_WORDS.values():
                owner.setdefault(field, Value(False, confidence=PLACED))
        return kwargs, owner, self._issuer(issuer_parts)

    @staticmethod
    def _box_of(widget: Widget, boxes: list[tuple[str, _Word]]) -> str | None:
        """The box a widget is in: the column of labels nearest to its left, then the lowest label in that column
        above it (box 5 of Form 4 spans the rows of boxes 2, 2a and 3 beside it)."""
        left = [(name, label) for name, label in boxes if label.x0 <= widget.box.x0 + 6 and label.top <= widget.cy]
        if not left:
            return None
        column = max(label.x0 for _, label in left)
        same = [(label.top, name) for name, label in left if column - label.x0 < 10]
        return max(same)[1]

    @staticmethod
    def _owner_line(widget: Widget, words: list[_Word]) -> str | None:
        hints = []
        for hint, part in OWNER_HINTS:
            word = next((w for w in words if w.text.startswith(hint.rstrip(")")) and w.x0 < widget.box.x1 + 200
                         and w.top >= widget.cy - 3), None)
            if word is not None:
                hints.append((word.top, part, word))
        if not hints:
            return None
        _, part, _ = min(hints, key=lambda h: h[0])
        if part != "city_state_zip":
            return part
        state = next((w for w in words if w.text == "(State)"), None)
        zip_word = next((w for w in words if w.text.startswith("(Zip")), None)
        if zip_word is not None and widget.cx >= zip_word.x0 - 8:
            return "zip_code"
        if state is not None and widget.cx >= state.x0 - 8:
            return "state"
        return "city"

    @staticmethod
    def _relationship(widget: Widget, words: list[_Word]) -> str | None:
        best = None
        for word in words:
            field = RELATIONSHIP_WORDS.get(word.text)
            if field is None or abs(word.cy - widget.cy) > 9 or word.x0 < widget.box.x0 - 6:
                continue
            distance = word.x0 - widget.box.x1
            if distance > 80:
                continue
            if best is None or distance < best[0]:
                best = (distance, field)
        return best[1] if best else None

    def _top_checkbox(self, widget: Widget, words: list[_Word], kwargs: dict[str, Any]) -> None:
        lines = {
            "not_subject_to_section16": next((w for w in words if w.text == "longer"), None),
            "aff10b5_one": next((w for w in words if w.text == "indicate"), None),
        }
        best = None
        for field, word in lines.items():
            if word is None:
                continue
            distance = abs(word.cy - widget.cy)
            if distance < 14 and widget.box.x0 < word.x0 and (best is None or distance < best[0]):
                best = (distance, field)
        if best is not None:
            kwargs[best[1]] = self.values.flag(widget.ticked, widget.box)

    def _issuer(self, parts: list[Widget]) -> Issuer:
        if not parts:
            return Issuer()
        parts = sorted(parts, key=lambda w: (round(w.cy / 6), w.box.x0))
        if len(parts) >= 2:
            return Issuer(
                name=self.values.make(Kind.TEXT, parts[0].text, parts[0].box, "issuer name"),
                trading_symbol=self.values.make(Kind.TEXT, parts[1].text.strip("[]() "), parts[1].box, "ticker"),
            )
        widget = parts[0]
        m = _NAMED_TICKER.search(widget.text)
        if m and "\n" not in widget.text[:m.start()].rstrip():  # the name is one line
            return Issuer(name=self.values.make(Kind.TEXT, widget.text[:m.start()].rstrip(), widget.box, "issuer name"),
                          trading_symbol=self.values.make(Kind.TEXT, m.group(1), widget.box, "ticker"))
        return Issuer(name=self.values.make(Kind.TEXT, widget.text, widget.box, "issuer name", confidence=Confidence.UNCERTAIN))

    # ---- last pages -------------------------------------------------------------------------------------------

    def _explanation(self, pages: Iterable[int]) -> tuple[list[Footnote], Value]:
        texts: list[Widget] = []
        for number in pages:
            label = next((w for w in self.words(number) if w.text == "Explanation"), None)
            if label is None:
                continue
            texts += [w for w in self.on(number) if not w.check and w.cy > label.top]
        if not texts:
            return [], Value()
        texts.sort(key=lambda w: (w.box.page, w.cy))
        whole = "\n".join(w.text for w in texts)
        box = texts[0].box
        notes: list[Footnote] = []
        pieces = _NOTE_START.split(whole)
        before = pieces[0].strip()
        for mark, body in zip(pieces[1::2], pieces[2::2], strict=False):
            text = re.sub(r"\s+", " ", body).strip()
            notes.append(Footnote(f"F{int(mark)}", Value(text, raw=body.strip(), source=box, confidence=PLACED)))
        remarks = Value()
        if before:
            # text that is not a numbered explanation is kept as remarks
            remarks = Value(before, raw=before, source=box, confidence=Confidence.INFERRED if notes else PLACED)
        return notes, remarks

    def _signatures(self, pages: Iterable[int]) -> list[Signature]:
        out = []
        for number in pages:
            words = self.words(number)
            label = next((w for w in words if w.text.endswith("Signature")), None)
            if label is None:
                continue
            date_label = next((w for w in words if w.text == "Date" and abs(w.top - label.top) < 3), None)
            above = [w for w in self.on(number) if not w.check and label.top - 80 < w.cy < label.top + 2]
            name = [w for w in above if date_label is None or w.cx < date_label.x0 - 20]
            date = [w for w in above if date_label is not None and w.cx >= date_label.x0 - 20]
            if not name and not date:
                continue
            out.append(Signature(
                name=self.values.make(Kind.TEXT, name[0].text, name[0].box, "signature") if name else Value(),
                date=self.values.make(Kind.DATE, date[0].text, date[0].box, "signature date") if date else Value(),
            ))
        return out
