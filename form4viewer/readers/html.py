"""EDGAR's rendered web pages of Forms 3, 4 and 5: the page EDGAR's XSL stylesheets make from the ownership XML
(`xslF345X0n`), in both the stylesheet layout shipped with the schemas (`<font>` labels, `__X__` boxes, a
"Reporting Owners" table) and the layout of pages saved from sec.gov (`FormData` spans, `X` cells).

The page is read by its labels and table structure: a box's value is the text that follows its printed label, a
table's columns are named by their header labels ("3. Transaction Code" / "Code"), never by position on the page.
Every value keeps the character span of its text in the decoded HTML source, so the viewer can highlight it there.

Parsing is safe: lxml's HTML parser loads nothing from the network and expands no external entities.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from .. import form
from ..errors import NotAFilingError, ReadError
from ..form import bracketed_tail, column_field
from ..limits import check_time
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
from ..sources import TextSpan

log = logging.getLogger(__name__)

#: Confidence of a value read from its labelled place on the page: the page is machine-made from the XML, but
#: numbers are rounded to 4 decimals, CIKs are not shown, and a few fields are inferred.
READ = Confidence.SURE
#: A value the page does not print but that follows from what it prints (a relationship from a title).
INFERRED = Confidence.INFERRED

#: The hint printed under box 1's street line.
_STREET_HINT = next(hint for hint, part in form.BOX1_HINTS if part == "street")

_BR = "\u2028"  # stands for <br> in extracted text, so that line breaks in the markup stay apart from source ones
_WS = re.compile(r"[\s\u00a0\u2028]+")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
#: A tag left open at the end of the page runs to the end (`(?:>|\\Z)`): otherwise every `<` of a long run of them
#: would be scanned to the end for a `>` that is not there, quadratic in the length of the run.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style)\b[^>]*+(?:>|\Z).*?(?:</\1\s*>|$)|<![^>]*+(?:>|\Z)|<\?[^>]*+(?:>|\Z)"
    r"|</?[A-Za-z][^>]*+(?:>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
_NOTE_MARK = re.compile(r"^\(?\s*(\d{1,3})\s*\)?$")
_NUMBERED_LABEL = re.compile(r"^\d{1,2}[aA]?\.\s*[A-Za-z]")
_BOX_LABEL = re.compile(r"^\((Last|First|Middle|Street|City|State|Zip|Zip/Postal Code|Country)\)$", re.IGNORECASE)
#: Printed hints inside a box, between its label and its value.
_HINT = re.compile(r"^\((Month/Day/Year|Check all applicable|Check Applicable Line)\)$", re.IGNORECASE)
_US_DATE_LOOSE = re.compile(r"^(\d{1,2})/(\d{1,2})[^/]*/(\d{4})$")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


# --------------------------------------------------------------------------------------------------------------
# Text with its place in the source


@dataclass
class _Str:
    """Text taken from the page, with each character's (start, end) offsets in the decoded source, or None for
    characters the markup implies (a `<br>`)."""

    text: str = ""
    where: list[tuple[int, int] | None] = field(default_factory=list)

    def __add__(self, other: _Str) -> _Str:
        return _Str(self.text + other.text, self.where + other.where)

    def strip(self) -> _Str:
        chars = " \t\r\n\u00a0" + _BR
        start, end = 0, len(self.text)
        while start < end and self.text[start] in chars:
            start += 1
        while end > start and self.text[end - 1] in chars:
            end -= 1
        return self[start:end]

    def __getitem__(self, index: slice) -> _Str:
        return _Str(self.text[index], self.where[index])

    @property
    def value(self) -> str:
        return _norm(self.text)

    def span(self) -> TextSpan | None:
        places = [w for w in self.where if w is not None]
        if not places:
            return None
        return TextSpan(places[0][0], places[-1][1])

    def lines(self) -> list[_Str]:
        out, start = [], 0
        for i, ch in enumerate(self.text):
            if ch == _BR:
                out.append(self[start:i].strip())
                start = i + 1
        out.append(self[start:].strip())
        return out

    def match(self, pattern: re.Pattern[str], group: int | str = 0) -> _Str | None:
        m = pattern.search(self.text)
        if not m or m.start(group) < 0:
            return None
        return self[m.start(group) : m.end(group)].strip()


class _SourceText:
    """The decoded HTML source, and where each text node of the parsed tree lies in it.

    The markup is scanned once into runs of character data (entities decoded, each character remembering its
    source offsets); the tree's text nodes are then found in those runs in document order."""

    def __init__(self, text: str):
        chars: list[str] = []
        where: list[tuple[int, int]] = []
        pos = 0
        for m in _MARKUP.finditer(text):
            check_time()
            self._add_run(text, pos, m.start(), chars, where)
            chars.append("\x00")
            where.append((m.start(), m.start()))
            pos = m.end()
        self._add_run(text, pos, len(text), chars, where)
        self.data = "".join(chars)
        self.where = where
        self.cursor = 0

    @staticmethod
    def _add_run(text: str, start: int, end: int, chars: list[str], where: list[tuple[int, int]]) -> None:
        i = start
        while i < end:
            ch = text[i]
            if ch == "&":
                m = _ENTITY.match(text, i, end)
                if m:
                    decoded = html_lib.unescape(m.group(0))
                    if decoded != m.group(0):
                        for c in decoded:
                            chars.append(c)
                            where.append((i, m.end()))
                        i = m.end()
                        continue
            if ch != "\r":
                chars.append(ch)
                where.append((i, i + 1))
            i += 1

    def locate(self, node_text: str) -> list[tuple[int, int]] | None:
        """Offsets of each character of a text node, found after the previous one; None when not found."""
        wanted = node_text.replace("\r", "")
        index = self.data.find(wanted, self.cursor)
        if index < 0:
            return None
        self.cursor = index + len(wanted)
        return self.where[index : index + len(wanted)]


class _Page:
    """The parsed page: its text nodes in document order, each with source offsets, and label lookup."""

    def __init__(self, text: str, root: etree._Element):
        self.root = root
        self.text = text
        self.source = _SourceText(text)
        # (element, "text"|"tail") -> _Str
        self.nodes: dict[tuple[Any, str], _Str] = {}
        # every non-blank text node in document order: (owner element, kind, _Str)
        self.tokens: list[tuple[Any, str, _Str]] = []
        self.token_range: dict[Any, tuple[int, int]] = {}
        self.unplaced = 0
        self._walk(root)
        # the text of every small element, for finding labels; a label is a few words, so elements holding many
        # text nodes are left out, which keeps label lookup linear in the size of the page
        self.short_text: list[tuple[Any, str]] = []
        for element in root.iter():
            if not isinstance(element.tag, str) or element.tag in ("html", "body", "script", "style", "head"):
                continue
            start, end = self.token_range.get(element, (0, 0))
            if end - start > 40:
                continue
            text = _norm(element.text_content())
            if text and len(text) <= 400:
                self.short_text.append((element, text))

    def _node(self, element: Any, kind: str, text: str | None) -> None:
        if not text:
            return
        clean = text.replace("\r", "")
        where = self.source.locate(clean) if clean.strip() else None
        if where is None:
            if clean.strip():
                self.unplaced += 1
            where_list: list[tuple[int, int] | None] = [None] * len(clean)
        else:
            where_list = list(where)
        item = _Str(clean, where_list)
        self.nodes[(element, kind)] = item
        if clean.strip():
            self.tokens.append((element, kind, item))

    def _walk(self, element: Any) -> None:
        check_time()
        start = len(self.tokens)
        if isinstance(element.tag, str) and element.tag.lower() not in ("script", "style", "title"):
            self._node(element, "text", element.text)
            for child in element:
                self._walk(child)
        elif isinstance(element.tag, str) and element.tag.lower() == "title":
            self._node(element, "text", element.text)
        self.token_range[element] = (start, len(self.tokens))
        self._node(element, "tail", element.tail)

    # ---- text of elements ------------------------------------------------------------------------------------

    def text_of(self, element: Any, *, skip_marks: bool = True) -> _Str:
        """All text inside `element` (not its tail); `<br>` gives a line break; footnote marks are left out."""
        parts: list[_Str] = []
        self._collect(element, parts, skip_marks, top=True)
        out = _Str()
        for part in parts:
            out = out + part
        return out

    def _collect(self, element: Any, parts: list[_Str], skip_marks: bool, top: bool = False) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        skip = tag in ("script", "style") or (skip_marks and tag == "sup")
        if tag == "br":
            parts.append(_Str(_BR, [None]))
        elif not skip and tag:
            if (element, "text") in self.nodes:
                parts.append(self.nodes[(element, "text")])
            for child in element:
                self._collect(child, parts, skip_marks)
        if not top and (element, "tail") in self.nodes:
            parts.append(self.nodes[(element, "tail")])

    def marks(self, element: Any) -> tuple[str, ...]:
        """Footnote ids of the `(1)` marks inside `element`, in order (`#F1` link targets where there are some)."""
        out: list[str] = []
        for sup in element.iter("sup"):
            text = _norm(sup.text_content())
            m = _NOTE_MARK.match(text)
            if not m:
                continue
            note_id = f"F{int(m.group(1))}"
            link = sup.getparent()
            href = (link.get("href") or "") if link is not None and link.tag == "a" else ""
            if re.match(r"^#F\d+$", href):
                note_id = href[1:]
            if note_id not in out:
                out.append(note_id)
        return tuple(out)

    # ---- labels -------------------------------------------------------------------------------------------------

    def labels(self, pattern: str) -> list[Any]:
        """The innermost elements whose whole text matches `pattern` (case-insensitive, spaces normalised)."""
        rx = re.compile(pattern, re.IGNORECASE)
        found = [element for element, text in self.short_text if rx.search(text)]
        # keep the innermost ones
        inner = set(found)
        for element in found:
            parent = element.getparent()
            while parent is not None:
                inner.discard(parent)
                parent = parent.getparent()
        return [e for e in found if e in inner]

    def label(self, pattern: str) -> Any | None:
        found = self.labels(pattern)
        return found[0] if found else None

    def texts_after(self, element: Any, limit: int = 12, *, brackets: bool = False) -> list[_Str]:
        """Non-blank text nodes after `element` (outside it), up to the next printed label of the form."""
        _, end = self.token_range[element]
        out: list[_Str] = []
        for owner, kind, item in self.tokens[end : end + 60]:
            text = item.value
            if _is_in_sup(owner, kind):
                continue
            if text in ("*", "**") or (text in ("[", "]") and not brackets) or _HINT.match(text):
                continue
            if _NUMBERED_LABEL.match(text) or _BOX_LABEL.match(text):
                break
            out.append(item.strip())
            if len(out) >= limit:
                break
        return out


def _is_in_sup(element: Any, kind: str) -> bool:
    node = element if kind == "text" else element.getparent()
    while node is not None:
        if isinstance(node.tag, str) and node.tag.lower() == "sup":
            return True
        node = node.getparent()
    return False


def _ancestor(element: Any, tags: tuple[str, ...]) -> Any | None:
    node = element.getparent()
    while node is not None:
        if isinstance(node.tag, str) and node.tag.lower() in tags:
            return node
        node = node.getparent()
    return None


def _cells(row: Any) -> list[Any]:
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _rows(table: Any) -> list[Any]:
    out = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if isinstance(c.tag, str) and c.tag.lower() == "tr")
    return out


def _span_int(cell: Any, attr: str) -> int:
    try:
        return max(1, int(cell.get(attr) or 1))
    except ValueError:
        return 1


def _following(element: Any, tag: str) -> Any | None:
    """The first `tag` element after `element` in document order that is not its ancestor or descendant."""
    seen = False
    ancestors = set()
    node = element.getparent()
    while node is not None:
        ancestors.add(node)
        node = node.getparent()
    inside = set(element.iter())
    for candidate in element.getroottree().getroot().iter():
        if candidate is element:
            seen = True
            continue
        if not seen or candidate in inside or candidate in ancestors:
            continue
        if isinstance(candidate.tag, str) and candidate.tag.lower() == tag:
            return candidate
    return None


# --------------------------------------------------------------------------------------------------------------
# Values


class _Values:
    """Makes Values from page text, noting what did not parse."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def make(self, kind: Kind, text: _Str | None, notes: tuple[str, ...] = (), *, confidence: float = READ,
             what: str = "") -> Value:
        if text is None:
            return Value(footnotes=notes) if notes else Value()
        if kind is Kind.DECIMAL and text.value.startswith("$"):
            # the span and raw text are the number; the dollar sign only told amounts from values
            text = text[text.text.index("$") + 1 :].strip()
        raw = text.value
        span = text.span()
        if not raw:
            return Value(footnotes=notes, source=span, confidence=confidence) if (notes or span) else Value()
        cleaned = raw
        try:
            parsed = parse_value(kind, cleaned)
        except ValueError:
            parsed = None
            if kind is Kind.DATE:
                m = _US_DATE_LOOSE.match(cleaned)
                if m:
                    # the stylesheet prints a date with a time zone as "05/04-05:00/2022"
                    try:
                        parsed = parse_value(kind, f"{m[1]}/{m[2]}/{m[3]}")
                        confidence = min(confidence, Confidence.DOUBTFUL)
                    except ValueError:
                        parsed = None
            if parsed is None:
                where = f"characters {span.start}-{span.end}" if span else "the page"
                self.notes.append(f"{what or kind.value} at {where}: cannot read {raw!r}")
                return Value(None, notes, raw=raw, source=span, confidence=Confidence.UNREADABLE)
        return Value(parsed, notes, raw=raw, source=span, confidence=confidence)

    def flag(self, value: bool | None, text: _Str | None, *, confidence: float = READ) -> Value:
        if value is None:
            return Value()
        raw = text.value if text is not None and text.value else None
        span = text.span() if raw is not None and text is not None else None
        return Value(value, raw=raw, source=span, confidence=confidence)


# --------------------------------------------------------------------------------------------------------------
# Tables


_AMOUNT_FIELDS = {"shares", "price_per_share", "total_value", "conversion_or_exercise_price", "underlying_shares",
                  "underlying_value", "shares_owned_following", "value_owned_following"}


@dataclass
class _Table:
    derivative: bool
    columns: list[str | None]
    rows: list[list[Any]]
    skipped: int = 0


def _read_table_layout(page: _Page, title_cell: Any, derivative: bool) -> _Table | None:
    header = title_cell.getparent()
    table = header.getparent()
    if table is not None and table.tag.lower() in ("thead", "tbody"):
        table = table.getparent()
    if table is None:
        return None
    rows = _rows(table)
    if header not in rows:
        return None
    first = rows.index(header)
    depth = max(_span_int(c, "rowspan") for c in _cells(header))
    # lay the header cells on a grid, so that each leaf column knows every label above it
    grid: dict[tuple[int, int], str] = {}
    for r in range(depth):
        if first + r >= len(rows):
            return None
        col = 0
        for cell in _cells(rows[first + r]):
            while (r, col) in grid:
                col += 1
            text = _norm(page.text_of(cell).text)
            for dr in range(_span_int(cell, "rowspan")):
                for dc in range(_span_int(cell, "colspan")):
                    grid[(r + dr, col + dc)] = text
            col += _span_int(cell, "colspan")
    width = max((c for _, c in grid), default=-1) + 1
    columns: list[str | None] = []
    for c in range(width):
        labels: list[str] = []
        for r in range(depth):
            text = grid.get((r, c), "")
            if text and (not labels or labels[-1] != text):
                labels.append(text)
        columns.append(column_field(labels))
    data: list[list[Any]] = []
    skipped = 0
    for row in rows[first + depth :]:
        cells = _cells(row)
        if not cells:
            continue
        if sum(_span_int(c, "colspan") for c in cells) != width:
            if _norm(page.text_of(row).text):
                skipped += 1
            continue
        data.append(cells)
    return _Table(derivative, columns, data, skipped)


def _find_tables(page: _Page) -> list[_Table]:
    tables = []
    for cell in page.labels(r"^1\s*\.\s*title of (derivative )?security\b"):
        if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
            cell = _ancestor(cell, ("td", "th"))
        if cell is None:
            continue
        derivative = "derivative" in _norm(cell.text_content()).lower()
        table = _read_table_layout(page, cell, derivative)
        if table is not None:
            tables.append(table)
    return tables


_FORM5_CODE = re.compile(r"^([A-Z])?\s*(/\s*K)?\s*([345])?$")


def _row_from_cells(page: _Page, values: _Values, table: _Table, cells: list[Any], form: str | None) -> Row:
    got: dict[str, Value] = {}
    extra_marks: dict[str, tuple[str, ...]] = {}
    col = 0
    placed: list[tuple[str | None, Any]] = []
    for cell in cells:
        placed.append((table.columns[col] if col < len(table.columns) else None, cell))
        col += _span_int(cell, "colspan")
    form_number = (form or "")[:1]
    for kind, cell in placed:
        if kind is None:
            continue
        text = page.text_of(cell).strip()
        marks = page.marks(cell)
        if kind in ("security_title", "underlying_security_title", "nature_of_ownership"):
            got[kind] = values.make(Kind.TEXT, text, marks, what=kind)
        elif kind in ("transaction_date", "deemed_execution_date", "exercise_date", "expiration_date"):
            got[kind] = values.make(Kind.DATE, text, marks, what=kind)
        elif kind == "direct_or_indirect":
            got[kind] = values.make(Kind.DI, text, marks, what=kind)
        elif kind == "acquired_disposed":
            got[kind] = values.make(Kind.AD, text, marks, what=kind)
        elif kind in ("conversion_or_exercise_price", "price_per_share", "shares"):
            got[kind] = values.make(Kind.DECIMAL, text, marks, what=kind)
        elif kind in ("owned_following", "underlying_amount"):
            dollars = text.value.startswith("$")
            name = {"owned_following": ("value_owned_following", "shares_owned_following"),
                    "underlying_amount": ("underlying_value", "underlying_shares")}[kind][0 if dollars else 1]
            got[name] = values.make(Kind.DECIMAL, text, marks, what=name)
        elif kind in ("amount_a", "amount_d"):
            if text.value or marks:
                name = "total_value" if text.value.startswith("$") else "shares"
                got[name] = values.make(Kind.DECIMAL, text, marks, what=name)
                if text.value:
                    letter = "A" if kind == "amount_a" else "D"
                    # the column the amount stands in is the A/D code; the page prints no letter
                    got["acquired_disposed"] = Value(letter, source=text.span(), confidence=READ)
        elif kind == "code":
            code_text = text.match(re.compile(r"^([A-Z])"))
            swap = "/K" in text.value.replace(" ", "")
            got["transaction_code"] = values.make(Kind.CODE, code_text, marks, what="transaction code")
            if code_text is not None:
                got["equity_swap_involved"] = values.flag(swap, text)
        elif kind == "v":
            if text.value.upper() == "V":
                got["transaction_form_type"] = Value("5", raw="V", source=text.span(), confidence=READ)
            if marks:
                extra_marks["transaction_timeliness"] = marks
        elif kind == "code_with_form":
            m = _FORM5_CODE.match(text.value.replace(" ", "")) if text.value else None
            if m:
                code = text.match(re.compile(r"^([A-Z])"))
                got["transaction_code"] = values.make(Kind.CODE, code, marks, what="transaction code")
                if m.group(1):
                    got["equity_swap_involved"] = values.flag(bool(m.group(2)), text)
                digit = m.group(3)
                form_type = digit if digit in ("3", "4") else "5"
                got["transaction_form_type"] = Value(form_type, raw=text.value, source=text.span(), confidence=READ)
                if digit == "5":
                    got["transaction_timeliness"] = Value("L", raw=text.value, source=text.span(),
                                                          confidence=INFERRED)
            elif text.value:
                got["transaction_code"] = values.make(Kind.CODE, text, marks, confidence=Confidence.UNPARSED, what="code")
            elif marks:
                got["transaction_code"] = Value(footnotes=marks, source=text.span())
    for name, marks in extra_marks.items():
        current = got.get(name, Value())
        got[name] = Value(current.value, current.footnotes + marks, current.raw, current.source, current.confidence)
    is_transaction = bool(
        (got.get("transaction_date") and got["transaction_date"].value is not None)
        or (got.get("transaction_code") and got["transaction_code"].value is not None)
    )
    if table.derivative:
        name = DERIVATIVE_TRANSACTIONS if is_transaction else DERIVATIVE_HOLDINGS
    else:
        name = NON_DERIVATIVE_TRANSACTIONS if is_transaction else NON_DERIVATIVE_HOLDINGS
    if is_transaction and "transaction_form_type" not in got and form_number in ("4", "5"):
        # A Form 4 transaction is reported on Form 4 unless the V column says it was reported early.
        got["transaction_form_type"] = Value(form_number, confidence=INFERRED)
    fields = {k: v for k, v in got.items() if k in TABLE_FIELDS[name]}
    for key, val in fields.items():
        if key in ROW_FIELDS and val.value is not None and key in _AMOUNT_FIELDS and val.raw and "." in val.raw:
            # The stylesheet rounds to 4 decimal places; a value printed with 4 may have had more.
            digits = val.raw.split(".")[-1].strip()
            if len(digits) >= 4:
                fields[key] = Value(val.value, val.footnotes, val.raw, val.source, min(val.confidence, Confidence.DOUBTFUL))
    return Row(table=name, **fields)


# --------------------------------------------------------------------------------------------------------------
# The boxes at the top of the form


_REL_LABELS = {
    "is_director": r"^(_*\s*X?\s*_*\s*)?Director$",
    "is_ten_percent_owner": r"^(_*\s*X?\s*_*\s*)?10% Owner$",
    "is_officer": r"^(_*\s*X?\s*_*\s*)?Officer \(give title below\)$",
    "is_other": r"^(_*\s*X?\s*_*\s*)?Other \(specify below\)$",
}


def _underscore_box(text: str) -> bool | None:
    """A box drawn with underscores at the start of a label (`__X__ Director`): True when ticked, False when not,
    None when the text does not start so. What `^_*\\s*(X)?\\s*_*\\s` matches, found with string methods (that
    expression is quadratic on a long run of underscores)."""
    after_bars = len(text) - len(text.lstrip("_"))
    after_space = len(text) - len(text[after_bars:].lstrip())
    if text[after_space : after_space + 1] == "X":
        after_x = after_space + 1
        if text[after_x : after_x + 1].isspace():
            return True
        bars_end = len(text) - len(text[after_x:].lstrip("_"))
        if bars_end > after_x and text[bars_end : bars_end + 1].isspace():
            return True
    return False if after_space > after_bars else None


def _slash_line(text: str) -> tuple[int, int] | None:
    """Where a line holding only "/" is (from the line break before it to just after the line break after it), as
    `\\n\\s*/\\s*\\n` finds it; found from each "/" (that expression is quadratic on a long run of blank lines)."""
    slash = text.find("/")
    while slash >= 0:
        before = slash
        while before and text[before - 1].isspace():
            before -= 1
        after = slash + 1
        while after < len(text) and text[after].isspace():
            after += 1
        first_break = text.find("\n", before, slash)
        last_break = text.rfind("\n", slash + 1, after)
        if first_break >= 0 and last_break >= 0:
            return first_break, last_break + 1
        slash = text.find("/", slash + 1)
    return None


def _checkbox(page: _Page, label: Any) -> tuple[bool | None, _Str | None]:
    """Whether the box printed beside `label` is ticked: an `<input checked>`, an `X` cell, or `__X__` text."""
    text = page.text_of(label).strip()
    marked = _underscore_box(text.text)
    if marked is not None and text.text.startswith("_"):
        return marked, text
    row = _ancestor(label, ("tr",))
    if row is None:
        return None, text
    inputs = [i for i in row.iter("input") if (i.get("type") or "").lower() == "checkbox"]
    if inputs:
        return inputs[0].get("checked") is not None, text
    # pages saved from sec.gov: an `X` in the cell just before the label's cell
    cell = label if label.tag in ("td", "th") else _ancestor(label, ("td", "th"))
    if cell is None or cell.getparent() is not row:
        return None, text
    before = cell.getprevious()
    if before is None:
        return None, text
    mark = page.text_of(before).strip()
    if mark.value.upper() == "X":
        return True, mark
    if mark.value == "":
        return False, text
    return None, text


def _joined(items: list[_Str]) -> _Str:
    out = _Str()
    for i, item in enumerate(items):
        if i:
            out = out + _Str(" ", [None])
        out = out + item
    return out




# --------------------------------------------------------------------------------------------------------------


def read_html(data: bytes, name: str) -> Filing:
    """Read a Form 3, 4 or 5 from an EDGAR web page. Raises NotAFilingError for a page that is not one."""
    from . import decode_text

    text = decode_text(data)
    if not text.strip():
        raise NotAFilingError(name, "the file is empty")
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(name, f"the web page cannot be parsed: {exc}") from None
    if root is None:
        raise NotAFilingError(name, "the web page is empty")
    page = _Page(text, root)
    return _Reader(page, name, data).read()


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(encoding="utf-8", no_network=True, remove_comments=False, remove_pis=True)


class _Reader:
    def __init__(self, page: _Page, name: str, data: bytes):
        self.page = page
        self.name = name
        self.data = data
        self.values = _Values()
        self.notes: list[str] = []

    def read(self) -> Filing:
        page = self.page
        name_label = page.label(rf"^1\.\s*{form.BOX_CAPTIONS['owner']}\b")
        tables = _find_tables(page)
        if name_label is None or not tables:
            raise NotAFilingError(
                self.name, f"this web page is not an EDGAR Form 3, 4 or 5 (it has no '{form.BOX_TITLES['owner']}' "
                f"box or no '{form.FIELD_CAPTIONS['security_title']}' table)"
            )
        form_value, form_number = self._form()
        period = self._date_after(rf"^\d\.\s*({form.BOX_CAPTIONS['period']})\b", "period of report")
        original = self._date_after(rf"^\d\.\s*{form.BOX_CAPTIONS['amendment']} (of )?Original Filed\b",
                                    "date original filed")
        if original.value is not None and form_value.value and "/A" not in form_value.value:
            form_value = Value(f"{form_value.value}/A", raw=form_value.raw, source=form_value.source,
                               confidence=Confidence.NEARLY)
        issuer = self._issuer()
        owners = self._owners()
        rows: dict[str, list[Row]] = {t: [] for t in TABLE_FIELDS}
        seen_derivative = set()
        for table in tables:
            if table.derivative in seen_derivative:
                continue  # a page shows each table once; a second match is a copy of the header elsewhere
            seen_derivative.add(table.derivative)
            if table.skipped:
                self.notes.append(f"{table.skipped} row(s) of Table {'II' if table.derivative else 'I'} did not "
                                  "fit the table's columns and were not read")
            for cells in table.rows:
                row = _row_from_cells(page, self.values, table, cells, form_value.value)
                if all(getattr(row, f).empty for f in row.fields):
                    continue
                rows[row.table].append(row)
        footnotes = self._footnotes()
        remarks = self._remarks()
        signatures = self._signatures()
        kwargs: dict[str, Any] = {
            "form": form_value,
            "period_of_report": period,
            "date_of_original_submission": original,
        }
        kwargs.update(self._boxes(form_number))
        notes = [
            "read from an EDGAR web page: the page rounds numbers to 4 decimal places"
            + ("" if issuer.cik.value else ", and shows no CIKs (the issuer's and owners' are left empty)"),
            *self.notes,
            *self.values.notes,
        ]
        if page.unplaced:
            notes.append(f"{page.unplaced} piece(s) of text could not be placed in the source; their values "
                         "have no highlight")
        document = SourceDocument(
            kind="html",
            name=self.name,
            sha256=hashlib.sha256(self.data).hexdigest(),
            size=len(self.data),
            notes=tuple(notes),
        )
        return Filing(
            **kwargs,
            issuer=issuer,
            reporting_owners=tuple(owners),
            non_derivative_transactions=tuple(rows[NON_DERIVATIVE_TRANSACTIONS]),
            non_derivative_holdings=tuple(rows[NON_DERIVATIVE_HOLDINGS]),
            derivative_transactions=tuple(rows[DERIVATIVE_TRANSACTIONS]),
            derivative_holdings=tuple(rows[DERIVATIVE_HOLDINGS]),
            footnotes=tuple(footnotes),
            remarks=remarks,
            signatures=tuple(signatures),
            accession_number=self._accession(),
            document=document,
        )

    # ---- top of the form ---------------------------------------------------------------------------------------

    def _form(self) -> tuple[Value, str | None]:
        for owner, kind, item in self.page.tokens:
            if isinstance(owner.tag, str) and owner.tag.lower() == "title" and kind == "text":
                continue
            m = re.match(r"^FORM\s+([345])(\s*/\s*A)?$", item.value, re.IGNORECASE)
            if m:
                span = item.strip()
                form = m.group(1) + ("/A" if m.group(2) else "")
                return Value(form, raw=span.value, source=span.span(), confidence=READ), m.group(1)
        return Value(), None

    def _first_after(self, pattern: str) -> _Str | None:
        label = self.page.label(pattern)
        if label is None:
            return None
        after = self.page.texts_after(label, limit=1)
        return after[0] if after else _Str()

    def _date_after(self, pattern: str, what: str) -> Value:
        text = self._first_after(pattern)
        if text is None:
            return Value()
        if text.value and not re.match(r"^\d{1,2}/\d{1,2}", text.value):
            return Value()
        return self.values.make(Kind.DATE, text, what=what)

    def _issuer(self) -> Issuer:
        label = self.page.label(rf"^\d\.\s*{form.BOX_CAPTIONS['issuer']} or Trading Symbol$")
        if label is None:
            return Issuer()
        joined = _joined(self.page.texts_after(label, limit=6, brackets=True))
        if not joined.value:
            return Issuer()
        # "NAME [TICKER]": found with string methods (a regular expression for it takes cubic time on a `[` followed
        # by a long run of spaces).
        bracket = bracketed_tail(joined.text)
        name_part = joined[: len(joined.text[: bracket[0]].rstrip())].strip() if bracket else None
        ticker_part = joined[bracket[1] : bracket[2]].strip() if bracket else None
        if name_part is None:
            return Issuer(name=self.values.make(Kind.TEXT, joined, confidence=Confidence.GUESS, what="issuer name"))
        return Issuer(
            cik=self._linked_cik(name_part),
            name=self.values.make(Kind.TEXT, name_part, what="issuer name"),
            trading_symbol=self.values.make(Kind.TEXT, ticker_part, what="trading symbol")
            if ticker_part is not None and ticker_part.value else Value(),
        )

    def _accession(self) -> Value:
        """The accession number from the sec.gov address a browser notes in a saved page
        (`<!-- saved from url=...Archives/edgar/data/1267565/000119248219000071/... -->`)."""
        m = re.search(r"saved from url=\(\d+\)\S*?/Archives/edgar/data/\d+/(\d{10})(\d{2})(\d{6})\b",
                      self.page.text[:4096])
        if m is None:
            return Value()
        number = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        return Value(number, raw=m.group(1) + m.group(2) + m.group(3), source=TextSpan(m.start(1), m.end(3)),
                     confidence=Confidence.NEARLY)

    def _linked_cik(self, name: _Str) -> Value:
        """Pages saved from sec.gov link the issuer's and each owner's name to EDGAR's company page, whose address
        carries the CIK (`...getcompany&amp;CIK=0000789019`)."""
        span = name.span()
        if span is None:
            return Value()
        before = self.page.text[max(0, span.start - 400) : span.start]
        m = re.search(r"CIK=(\d{1,10})[^<>]*>\s*$", before, re.IGNORECASE)
        if m is None:
            return Value()
        offset = span.start - len(before)
        return Value(m.group(1), raw=m.group(1), source=TextSpan(offset + m.start(1), offset + m.end(1)),
                     confidence=READ)

    def _boxes(self, form_number: str | None) -> dict[str, Value]:
        out: dict[str, Value] = {}
        boxes = {
            "not_subject_to_section16": r"^Check this box if no longer subject to Section 16\b",
            "aff10b5_one": r"^Check this box to indicate that a transaction was made pursuant to a contract\b",
            "form3_holdings_reported": r"^Form 3 Holdings Reported\.?$",
            "form4_transactions_reported": r"^Form 4 Transactions Reported\.?$",
        }
        for field_name, pattern in boxes.items():
            label = self.page.label(pattern)
            if label is None:
                continue
            ticked, text = _checkbox(self.page, label)
            out[field_name] = self.values.flag(ticked, text)
        if form_number == "3":
            # the sentence under Explanation of Responses; filers also write it as a security title in Table I
            label = next((found for found in self.page.labels(rf"^{form.NO_SECURITIES_LINE.pattern}$")
                          if not _in_form_table(found)), None)
            if label is not None:
                text = self.page.text_of(label).strip()
                out["no_securities_owned"] = Value(True, raw=text.value, source=text.span(), confidence=READ)
            else:
                out["no_securities_owned"] = Value(False, confidence=INFERRED)
        return out

    # ---- owners -----------------------------------------------------------------------------------------------

    def _owners(self) -> list[ReportingOwner]:
        page = self.page
        owners: list[dict[str, Value]] = []
        # the boxes at the top describe the first owner; pages from sec.gov repeat the box for every owner
        for label in page.labels(rf"^1\.\s*{form.BOX_CAPTIONS['owner']}\b"):
            owners.append(self._owner_box(label))
        if len(owners) > 2 and _same_owner(owners[0], owners[1]):
            # the boxes after the tables list every owner, the first included: the top box is that one
            del owners[1]
        relation = self._relationship_box()
        if owners:
            owners[0].update(relation)
        table_owners = self._owners_table()
        if len(owners) > 1 and not table_owners:
            # Only the first owner's relationship boxes are printed (the repeated boxes hold a name and an
            # address): the others' are not on the page, which is not the filer leaving them empty.
            for owner in owners[1:]:
                for key in _RELATIONSHIP_FLAGS:
                    owner.setdefault(key, _NOT_SHOWN)
        if table_owners:
            if len(table_owners) >= len(owners):
                merged = []
                for i, row in enumerate(table_owners):
                    item = dict(row)
                    if i < len(owners):
                        # the top box keeps street lines, city, state and zip apart; prefer it where it has them
                        item.update(owners[i])
                    merged.append(item)
                owners = merged
        return [ReportingOwner(**owner) for owner in owners]

    def _owner_box(self, label: Any) -> dict[str, Value]:
        page = self.page
        values = self.values
        out: dict[str, Value] = {}
        after = page.texts_after(label, limit=1)
        out["name"] = Value()  # an empty box says so, whatever other parts of the page print
        if after:
            out["name"] = values.make(Kind.TEXT, after[0], what="owner name")
            cik = self._linked_cik(after[0])
            if not cik.empty:
                out["cik"] = cik
        middle = _next_label(page, label, r"^\(Middle\)$")
        if middle is not None:
            for key, item in zip(("street1", "street2"), _street_lines(page, middle), strict=False):
                out[key] = values.make(Kind.TEXT, item, what=key) if item.value else Value()
        if "street1" in out and "street2" not in out:
            # older stylesheets print both street lines on one: "street1,&#160;street2"
            out.update(self._split_streets(out["street1"], middle))
        street = _next_label(page, label, r"^\(Street\)$")
        under_street = page.texts_after(street, limit=1) if street is not None else []
        combined = _city_line(under_street[0]) if under_street else None
        if combined is not None:
            # older stylesheets print "city,&#160;state&#160;zip" on one line under the (Street) hint
            out.update(self._city_values(combined))
        elif street is not None:
            table = _following(street, "table")
            rows = _rows(table) if table is not None else []
            cells = [c for c in _cells(rows[0])] if rows else []
            for key, cell in zip(("city", "state", "zip_code"), cells, strict=False):
                text = page.text_of(cell).strip()
                if _BOX_LABEL.match(text.value):
                    break
                out[key] = values.make(Kind.TEXT, text, what=key) if text.value else Value()
        return out

    def _split_streets(self, street: Value, middle: Any) -> dict[str, Value]:
        texts = self.page.texts_after(middle, limit=1)
        if not texts:
            return {}
        first = texts[0].match(re.compile(r"^(.*?),\u00a0"), 1)
        second = texts[0].match(re.compile(r",\u00a0(.*)$", re.DOTALL), 1)
        if first is None or second is None:
            if texts[0].text.endswith(","):
                # the separator printed before an empty (blank) second line
                return {"street1": self.values.make(Kind.TEXT, texts[0][:-1].strip(), confidence=Confidence.DOUBTFUL,
                                                    what="street1")}
            return {}
        return {"street1": self.values.make(Kind.TEXT, first, confidence=Confidence.DOUBTFUL, what="street1"),
                "street2": self.values.make(Kind.TEXT, second, confidence=Confidence.DOUBTFUL, what="street2")}

    def _city_values(self, parts: dict[str, _Str | None]) -> dict[str, Value]:
        sure = Confidence.DOUBTFUL if parts.get("city") is not None and parts.get("state") is not None else Confidence.UNCERTAIN
        return {key: self.values.make(Kind.TEXT, text, confidence=sure, what=key) if text is not None and text.value
                else Value() for key, text in parts.items()}

    def _relationship_box(self) -> dict[str, Value]:
        page = self.page
        box = page.label(rf"^[45]\.\s*{form.BOX_CAPTIONS['relationship']}")
        out: dict[str, Value] = {}
        if box is None:
            return out
        container = _ancestor(box, ("td",))
        if container is None:
            return out
        found: dict[str, Any] = {}
        for key, pattern in _REL_LABELS.items():
            rx = re.compile(pattern, re.IGNORECASE)
            for element in container.iter():
                if not isinstance(element.tag, str) or element is container:
                    continue
                if rx.match(_norm(element.text_content())) and not any(
                    rx.match(_norm(c.text_content())) for c in element if isinstance(c.tag, str)
                ):
                    found[key] = element
                    break
        for key, element in found.items():
            ticked, text = _checkbox(page, element)
            out[key] = self.values.flag(ticked, text)
        # titles: the stylesheet prints "title / other text" on one line under the boxes; sec.gov pages put each
        # under its own box
        other_label = found.get("is_other")
        officer_label = found.get("is_officer")
        if other_label is not None and officer_label is not None:
            row = _ancestor(other_label, ("tr",))
            next_row = row.getnext() if row is not None else None
            if next_row is not None:
                cells = [c for c in _cells(next_row)]
                texts = [page.text_of(c).strip() for c in cells]
                spans = [e for e in cells[0].iter("span") if "FormData" in (e.get("class") or "")] if cells else []
                if len(cells) == 1 and len(spans) == 2:
                    # sec.gov pages: one cell holding the officer title's span and the other text's span
                    out["officer_title"] = values_text(self.values, page.text_of(spans[0]).strip(), "officer title")
                    out["other_text"] = values_text(self.values, page.text_of(spans[1]).strip(), "other text")
                elif len(cells) == 1:
                    whole = texts[0]
                    officer = whole
                    other: _Str | None = None
                    ticked_other = out.get("is_other", Value()).value
                    ticked_officer = out.get("is_officer", Value()).value
                    split = _slash_line(whole.text)
                    if split and ticked_other and ticked_officer:
                        officer, other = whole[: split[0]].strip(), whole[split[1]:].strip()
                    elif ticked_other and not ticked_officer:
                        officer, other = _Str(), whole
                    out["officer_title"] = values_text(self.values, officer, "officer title")
                    out["other_text"] = values_text(self.values, other, "other text")
                elif len(cells) >= 4:
                    out["officer_title"] = values_text(self.values, texts[1], "officer title")
                    out["other_text"] = values_text(self.values, texts[3], "other text")
        return out

    def _owners_table(self) -> list[dict[str, Value]]:
        """The stylesheet's "Reporting Owners" table: name and address lines, then the four relationships."""
        page = self.page
        heading = page.label(r"^Reporting Owners$")
        if heading is None:
            return []
        table = _following(heading, "table")
        if table is None:
            return []
        out = []
        for row in _rows(table):
            cells = _cells(row)
            if len(cells) != 5:
                continue
            first = page.text_of(cells[0])
            if first.value.lower().startswith(form.OWNER_NAME_WORDS.lower()):
                continue
            lines = first.lines()
            out.append(self._owner_lines(lines, cells, page))
        return out

    def _owner_lines(self, lines: list[_Str], cells: list[Any], page: _Page) -> dict[str, Value]:
        values = self.values
        item: dict[str, Value] = {}
        while lines and not lines[-1].value:
            lines.pop()
        if lines:
            item["name"] = values.make(Kind.TEXT, lines[0], what="owner name")
        rest = lines[1:]
        combined = _city_line(rest[-1]) if rest else None
        if combined is not None:
            # older stylesheets: street lines, then "city,&#160;state&#160;zip"
            item.update(self._city_values(combined))
            streets = [s for s in rest[:-1] if s.value]
            sure = READ if len(streets) != 1 else 0.6
            for key, text in zip(("street1", "street2"), streets, strict=False):
                item[key] = values.make(Kind.TEXT, text, confidence=sure, what=key)
        # US address: street lines, city, state, zip, "UNITED STATES"; the stylesheet prints every line
        elif len(rest) >= 4 and rest[-1].value.upper() == "UNITED STATES":
            city, state, zip_code = rest[-4], rest[-3], rest[-2]
            streets = [s for s in rest[:-4] if s.value]
            for key, text in (("city", city), ("state", state), ("zip_code", zip_code)):
                item[key] = values.make(Kind.TEXT, text, what=key) if text.value else Value()
            # one street line may be either street1 or street2: the table prints no break for an empty line
            sure = READ if len(streets) != 1 else 0.6
            for key, text in zip(("street1", "street2"), streets, strict=False):
                item[key] = values.make(Kind.TEXT, text, confidence=sure, what=key)
        else:
            streets = [s for s in rest[:2] if s.value]
            for key, text in zip(("street1", "street2"), streets, strict=False):
                item[key] = values.make(Kind.TEXT, text, confidence=Confidence.GUESS, what=key)
            self.notes.append("an owner's address outside the United States was read line by line; check it")
        texts = [page.text_of(c).strip() for c in cells[1:]]
        item["is_director"] = values.flag(texts[0].value.upper() == "X", texts[0])
        item["is_ten_percent_owner"] = values.flag(texts[1].value.upper() == "X", texts[1])
        item["officer_title"] = values_text(values, texts[2], "officer title")
        item["other_text"] = values_text(values, texts[3], "other text")
        # The table has no boxes for officer and other: a title or a text says so.
        item["is_officer"] = values.flag(bool(texts[2].value), texts[2], confidence=INFERRED)
        item["is_other"] = values.flag(bool(texts[3].value), texts[3], confidence=INFERRED)
        return item

    # ---- bottom of the form ---------------------------------------------------------------------------------------

    def _footnotes(self) -> list[Footnote]:
        page = self.page
        heading = page.label(r"^Explanation of Responses:?$")
        if heading is None:
            return []
        table = heading if heading.tag == "table" else _ancestor(heading, ("table",))
        if table is None or heading.tag in ("h1", "h2", "h3"):
            table = _following(heading, "table")
        if table is None:
            return []
        notes: list[Footnote] = []
        for row in _rows(table):
            cells = _cells(row)
            if len(cells) == 2:
                mark = page.text_of(cells[0], skip_marks=False).value
                m = re.match(r"^\((\d+)\)$", mark)
                if not m:
                    continue
                anchor = next((a.get("name") for a in cells[0].iter("a") if a.get("name")), "")
                note_id = anchor.lstrip("#") if re.match(r"^#?F\d+$", anchor or "") else f"F{m.group(1)}"
                text = page.text_of(cells[1], skip_marks=False).strip()
                notes.append(Footnote(note_id, self.values.make(Kind.TEXT, text, what="footnote")))
            elif len(cells) == 1:
                text = page.text_of(cells[0], skip_marks=False).strip()
                body = text.match(re.compile(r"^\(?(\d+)[.)]\s*(?P<body>.*)$", re.DOTALL), "body")
                m = re.match(r"^\(?(\d+)[.)]", text.value)
                if not m or body is None:
                    continue
                notes.append(Footnote(f"F{m.group(1)}", self.values.make(Kind.TEXT, body, what="footnote")))
        return notes

    def _remarks(self) -> Value:
        page = self.page
        label = page.label(r"^Remarks:$")
        if label is None:
            return Value()
        cell = _ancestor(label, ("td",))
        if cell is None:
            return Value()
        whole = page.text_of(cell, skip_marks=False)
        after = whole.match(re.compile(r"Remarks:(?P<body>.*)$", re.DOTALL), "body")
        if after is None or not after.value:
            # sec.gov pages put the remarks in the next row
            row = cell.getparent()
            nxt = row.getnext() if row is not None else None
            if nxt is None:
                return Value()
            after = page.text_of(nxt, skip_marks=False).strip()
            if not after.value or re.match(r"^(/s/|\*\*|Reminder)", after.value) or _looks_like_signature(nxt):
                return Value()
        lines = [line.value for line in after.lines()]
        text = "\n".join(lines).strip()
        return Value(text or None, raw=after.text.replace(_BR, "\n").strip(), source=after.span(),
                     confidence=READ) if text else Value()

    def _signatures(self) -> list[Signature]:
        page = self.page
        out: list[Signature] = []
        for label in page.labels(rf"^\*?\*?\s*{form.SIGNATURE_CAPTION}$"):
            row = _ancestor(label, ("tr",))
            above = row.getprevious() if row is not None else None
            if above is None:
                continue
            texts = [page.text_of(c).strip() for c in _cells(above)]
            texts = [t for t in texts if t.value]
            if not texts:
                continue
            date = texts[-1] if re.match(r"^\d{1,2}/\d{1,2}/\d{2,4}", texts[-1].value) else None
            names = texts[:-1] if date is not None else texts
            name = names[0] if names else None
            out.append(Signature(
                name=self.values.make(Kind.TEXT, name, what="signature"),
                date=self.values.make(Kind.DATE, date, what="signature date"),
            ))
        return out


def _looks_like_signature(row: Any) -> bool:
    nxt = row.getnext()
    return nxt is not None and form.SIGNATURE_CAPTION in nxt.text_content()


def values_text(values: _Values, text: _Str | None, what: str) -> Value:
    if text is None or not text.value:
        return Value(source=text.span() if text is not None else None) if text is not None and text.span() else Value()
    return values.make(Kind.TEXT, text, what=what)


def _city_line(text: _Str) -> dict[str, _Str | None] | None:
    """City, state and zip from the one line older stylesheets print (`city,&#160;state&#160;zip`); None when the
    text is not such a line (it needs the stylesheet's no-break space)."""
    raw = text.text.strip(" \t\r\n")
    split = form.split_city_line(raw)
    if split is None:
        return None
    start = text.text.index(raw)
    line = text[start : start + len(raw)]
    parsed = form.parse_city_line(raw.replace("\u00a0", " "))
    if parsed is not None:
        return {name: (line[span[0] : span[1]] if span is not None else None)
                for name, span in (("city", parsed.city), ("state", parsed.state), ("zip_code", parsed.zip_code))}
    # A line the address parser does not take (a part left blank: "city,&#160;&#160;zip") is split at the
    # stylesheet's no-break spaces, which stand between its fields.
    return {name: (line[span[0] : span[1]].strip() if span is not None else None)
            for name, span in (("city", split.city), ("state", split.state), ("zip_code", split.zip_code))}


def _in_form_table(element: Any) -> bool:
    table = _ancestor(element, ("table",))
    while table is not None:
        if re.search(r"Title of (Derivative )?Security", table.text_content()):
            return True
        table = _ancestor(table, ("table",))
    return False


def _street_lines(page: _Page, middle: Any) -> list[_Str]:
    """The street lines under the (Last)/(First)/(Middle) hints. The stylesheet writes `street1<br>street2` after
    the hints in the same cell (so an empty first line still counts); sec.gov pages give each line its own row."""
    labels_table = _ancestor(middle, ("table",))
    cell = _ancestor(labels_table, ("td",)) if labels_table is not None else None
    if cell is not None and labels_table is not None:
        block = labels_table
        while block.getparent() is not cell:
            block = block.getparent()
        parts: list[_Str] = []
        if (block, "tail") in page.nodes:
            parts.append(page.nodes[(block, "tail")])
        for sibling in block.itersiblings():
            page._collect(sibling, parts, True)
        rest = _Str()
        for part in parts:
            rest = rest + part
        if _BR in rest.text and _STREET_HINT not in rest.text:
            return rest.lines()[:2]
    return page.texts_after(middle, limit=2)


def _next_label(page: _Page, start: Any, pattern: str) -> Any | None:
    """The first label matching `pattern` after `start` in document order."""
    _, end = page.token_range[start]
    rx = re.compile(pattern, re.IGNORECASE)
    for owner, kind, item in page.tokens[end : end + 80]:
        if rx.match(item.value):
            return owner if kind == "text" else owner.getparent()
        if re.match(r"^1\.\s*Name and Address", item.value):
            return None
    return None


#: The relationship boxes of an owner.
_RELATIONSHIP_FLAGS = ("is_director", "is_officer", "is_ten_percent_owner", "is_other")
#: A value the page does not show (`model.not_in_source`).
_NOT_SHOWN = Value(None, confidence=Confidence.LOST)


def _same_owner(first: dict[str, Value], second: dict[str, Value]) -> bool:
    """Two owner boxes name the same owner at the same address (spaces and case aside)."""
    def text(owner: dict[str, Value], key: str) -> str:
        value = owner.get(key)
        return " ".join(str(value.value).split()).casefold() if value is not None and value.value else ""

    return bool(text(first, "name")) and all(text(first, key) == text(second, key)
                                              for key in ("name", "street1", "street2", "city", "zip_code"))
