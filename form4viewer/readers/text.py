"""Text conversions of Form 3/4/5 printouts, and the plain-text Forms 4 filed before EDGAR took XML (2003).

Three layouts are read:

- the markdown-like text a converter makes of a filing-service printout: the form's numbered boxes as lines
  (`1. Name and Address of Reporting Person`, the value on the lines after it), Tables I and II as tab-separated
  rows (or markdown pipe tables) under a header row of the form's numbered columns, `<sup>(1)</sup>` footnote
  marks, markdown escapes (`\\$`, `\\_`, `\\*`), a "Reporting Owners" table, "Signatures" and "Explanation of
  Responses"; rows wrapped onto a second line and tables going on after a page break are joined;
- the pre-2003 ASCII Form 4: the same boxes, and tables drawn with `|` inside `<TABLE>` blocks, rows wrapped over
  several lines;
- a filing's web page (EDGAR's page of it) selected in a browser and pasted: the page's cells apart by tabs, each
  keeping its own line breaks, so a table's header and an owner's name and address stand on several lines and the
  boxes at the top, side by side on the page, interleave (`_rows_with_breaks` makes it the first layout).

Table rows are read by their header labels, never by position alone: the values of a row are tokens (a date, a
number, a `$` price, a code letter, text, a footnote mark) that are aligned to the sub-columns of the form's columns
(4 is Amount, (A) or (D), Price) by type and order; a value that lands outside the cell of its column gets a lower
confidence, and a value the text lost stays empty with a low confidence and a note.

Every value carries a `TextSpan` into the decoded text of the file (plus `offset` when the text is part of a larger
file), the text it was read from, and a confidence: 0.9-0.95 where the text shows the value in its place, lower where
the reader inferred a column, split a cell or guessed a box's mark. `document.notes` tells a person what the text
lost or what was guessed (a box without its mark, a column missing, a footnote merged into another).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import form
from ..errors import NotAFilingError
from ..form import bracketed_tail
from ..limits import check_time
from ..model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    ROW_FIELDS,
    TABLE_FIELDS,
    TRANSACTION_CODES,
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
from . import decode_text
from .in_order import Step, fit_in_order

log = logging.getLogger(__name__)

#: Confidence of a value the text shows where the form puts it (a conversion, not machine-readable data).
SURE = Confidence.SURE
#: A value split out of a cell holding more than one value.
SPLIT = Confidence.WRAPPED
#: A value found in a neighbouring cell: its column was inferred from its type and order.
INFERRED = Confidence.INFERRED
#: A value read by a heuristic (an address split without separators, a box whose mark was lost).
GUESS = Confidence.GUESS
#: An empty value where the text lost what the form must show.
LOST = Confidence.LOST


# --------------------------------------------------------------------------------------------------------------
# Cleaned text that remembers where each character came from


@dataclass(frozen=True)
class _Frag:
    """A piece of the document with markdown escapes, emphasis and entities removed; `pos[i]` is the index in the
    decoded text of the character `text[i]`, and `pos[len(text)]` the index just after the piece."""

    text: str
    pos: tuple[int, ...]

    def sub(self, i: int, j: int) -> _Frag:
        return _Frag(self.text[i:j], self.pos[i:j] + (self.pos[j - 1] + 1 if j > i else self.pos[i],))

    def strip(self) -> _Frag:
        s = self.text
        i, j = 0, len(s)
        while i < j and s[i].isspace():
            i += 1
        while j > i and s[j - 1].isspace():
            j -= 1
        return self.sub(i, j)

    def span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        j = len(self.text) if j is None else j
        if j <= i:
            return (self.pos[i], self.pos[i])
        return (self.pos[i], self.pos[j - 1] + 1)

    def split(self, sep: str) -> list[_Frag]:
        out, start = [], 0
        while True:
            k = self.text.find(sep, start)
            if k < 0:
                out.append(self.sub(start, len(self.text)))
                return out
            out.append(self.sub(start, k))
            start = k + len(sep)


MARK_OPEN, MARK_CLOSE = "\x01", "\x02"

_CLEAN = re.compile(
    r"<sup>\s*\(?\s*(?P<sup>\d{1,3})\s*\)?\s*</sup>"  # a footnote mark
    r"|<br\s*/?>"
    r"|\\(?P<esc>[\\`*_{}\[\]()#+\-.!$|<>~&])"
    r"|\*\*"
    r"|&(?P<ent>amp|lt|gt|nbsp|quot|#39);"
    r"|</?(?:b|i|u|strong|em|sup|sub|span|p|div)\b[^>]*>",
    re.IGNORECASE,
)
_SPECIAL = re.compile(r"[<\\*&]")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "nbsp": " ", "quot": '"', "#39": "'"}


def _clean(text: str, start: int, end: int) -> _Frag:
    """`text[start:end]` cleaned: `<sup>(1)</sup>` becomes `\\x011\\x02`, `<br>` a newline, escapes their
    character; bold marks and other inline tags go."""
    if not _SPECIAL.search(text, start, end):
        return _Frag(text[start:end], tuple(range(start, end + 1)))
    out: list[str] = []
    pos: list[int] = []
    i = start
    for m in _CLEAN.finditer(text, start, end):
        out.append(text[i:m.start()])
        pos.extend(range(i, m.start()))
        if m["sup"]:
            piece = MARK_OPEN + m["sup"] + MARK_CLOSE
        elif m[0].lower().startswith("<br"):
            piece = "\n"
        elif m["esc"]:
            piece = m["esc"]
        elif m["ent"]:
            piece = _ENTITIES[m["ent"].lower()]
        else:
            piece = ""
        if piece:
            out.append(piece)
            # The last character of a replacement stands for the rest of the markup, so spans cover all of it.
            pos.extend([m.start()] * (len(piece) - 1))
            pos.append(m.end() - 1)
        i = m.end()
    out.append(text[i:end])
    pos.extend(range(i, end))
    return _Frag("".join(out), tuple(pos) + (end,))


_MARKS = re.compile(r"\x01(\d+)\x02")


def _plain(text: str) -> str:
    """Text for a value: footnote marks removed, runs of white space made one space."""
    return " ".join(_MARKS.sub(" ", text).split())


def _marks(text: str) -> tuple[str, ...]:
    return tuple(f"F{n}" for n in _MARKS.findall(text))


# --------------------------------------------------------------------------------------------------------------
# Dates in the ways printouts write them

_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_WORD_DATE = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})\s*,\s*(\d{4})$")
_DATE_TOKEN = (
    r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\s*,\s*\d{4}"
)


def parse_text_date(text: str) -> dt.date:
    """`11/22/2013`, `2013-11-22`, `November 22, 2013` or `February 29,2000`. Raises ValueError."""
    t = " ".join(text.split())
    m = _WORD_DATE.match(t)
    if m and m[1].lower() in _MONTHS:
        return dt.date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    from ..model import parse_date

    return parse_date(t)


def _parse(kind: Kind, text: str) -> Any:
    if kind is Kind.DATE:
        return parse_text_date(text) if text.strip() else None
    return parse_value(kind, text)


# --------------------------------------------------------------------------------------------------------------
# Row tokens and the form's sub-columns


@dataclass
class _Token:
    kind: str  # text, date, num, price, letter, mark, dash
    text: str
    span: tuple[int, int]
    cell: int
    notes: list[str] = field(default_factory=list)
    alone: bool = True  # the only value in its cell
    follows: bool = False  # a footnote mark right after another token of the same cell
    more_cells: bool = False  # its column goes on in a further cell of the row


@dataclass(frozen=True)
class _Slot:
    field: str
    kind: str  # text, date, num, price, code, v, ad, di
    column: int  # index of the header cell (or pre-2003 sub-column) it belongs to
    number: str  # the form's column number, for notes


_TOKEN = re.compile(
    r"(?P<mark>\x01\d+\x02|\(\d{1,2}\)(?![\w]))"
    r"|(?P<date>" + _DATE_TOKEN + r")"
    # "$ (1)": a price given only by its footnote, not a price of -1
    r"|(?P<price>\$\s*(?!\(\d{1,2}\)(?![\d.,]))\(?\d[\d,]*(?:\.\d+)?\)?|\$\s*\.\d+)"
    r"|(?P<num>\(?\d[\d,]*(?:\.\d+)?\)?|\.\d+)(?![\w%/])"
    r"|(?P<letter>\(?\b[A-Z](?:/K)?\b\)?)(?![\w'])"
    r"|(?P<dash>(?<!\S)(?:-+|\u2014|N/A)(?!\S))"
    r"|(?P<punct>[,;])"
    r"|(?P<word>[^\s\x01]+)"
)

#: Numbers that are unmistakably values, not part of a title like "Notes due 2025".
_STRONG = re.compile(r"^\$|,|\.\d|^\d{1,2}/")


def _tokens(frag: _Frag, cell: int, column: str, bare_marks: bool = True) -> list[_Token]:
    """The values of one table cell, in order. `column` says what the cell's column holds: "text" (a title: all of
    it is text, footnote marks apart), "mixed" (a title then an amount: numbers after the last word are values),
    "split" (a title cell that may have taken in a neighbouring cell's values) or "values"."""
    raw: list[_Token] = []
    spots: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(frag.text):
        kind = m.lastgroup or "word"
        if kind == "punct":
            continue  # "A,D": a separator between values
        if kind == "mark" and not bare_marks and not m[0].startswith(MARK_OPEN):
            kind = "word"  # where marks are <sup>, a "(2)" is part of the text ("Class B Common Stock (2)")
        raw.append(_Token(kind, m[0], frag.span(m.start(), m.end()), cell))
        spots.append((m.start(), m.end()))
    words = [i for i, t in enumerate(raw) if t.kind == "word"]
    merged: list[_Token] = []
    if column == "text" and any(t.kind != "mark" for t in raw):
        first, last = 0, len(raw) - 1
        while raw[first].kind == "mark":
            first += 1
        while raw[last].kind == "mark":
            last -= 1
    elif words:
        first, last = words[0], words[-1]
        # Extend the text over weak numbers and letters ("Notes due 2025", "Class A") in title cells.
        while column == "split" and last + 1 < len(raw) and raw[last + 1].kind in ("num", "letter") \
                and not _STRONG.search(raw[last + 1].text):
            last += 1
        # A title and an amount: a "$" amount cannot be the amount, so it belongs to the title.
        while column == "mixed" and last + 1 < len(raw) and raw[last + 1].kind == "price":
            last += 1
        while column in ("split", "mixed") and first > 0 and raw[first - 1].kind in ("num", "letter", "price") \
                and (not _STRONG.search(raw[first - 1].text) or column == "mixed" and raw[first - 1].kind == "price"):
            first -= 1
    else:
        first, last = 0, -1
    if last >= first:
        merged.extend(raw[:first])
        start, end = raw[first].span[0], raw[last].span[1]
        inside = raw[first:last + 1]
        notes = [n for t in inside if t.kind == "mark" for n in _marks_of(t.text)]
        text = _plain(frag.text[spots[first][0]:spots[last][1]])
        merged.append(_Token("text", text, (start, end), cell, notes))
        merged.extend(raw[last + 1:])
    else:
        merged = raw
    # A mark that follows nothing is a footnote-only value; one that follows a value belongs to it, or is the
    # footnote-only value of the next sub-column ("03/15/2023 (5)": a date, then an expiration date given only
    # by a footnote). The alignment decides which.
    grouped: list[_Token] = []
    for t in merged:
        if t.kind == "mark":
            t.notes = list(_marks_of(t.text))
            previous = grouped[-1] if grouped else None
            before = grouped[-2] if len(grouped) > 1 else None
            side_by_side = previous is not None and previous.kind == "mark" and not previous.span[1] < t.span[0]
            after_value = previous is not None and previous.kind == "mark" and before is not None and \
                before.kind not in ("mark", "dash")
            if previous is not None and (side_by_side or after_value):
                # "(2)(3)", and every mark in a run after a value, go together: to that value, or together to an
                # empty field after it ("A (2) (3)": A, then a price given only by footnotes 2 and 3).
                previous.notes.extend(t.notes)
                previous.span = (previous.span[0], t.span[1])
                previous.text += t.text
                continue
        grouped.append(t)
    merged = grouped
    # An amount written after its column's mark ("(A) 643 (2)", as form.parse_amount reads it) is the amount
    # with its footnote marks, then its (A) or (D): the order the form's sub-columns have.
    for k in range(len(merged) - 1):
        mark, amount = merged[k], merged[k + 1]
        if mark.kind == "letter" and mark.text in ("(A)", "(D)") and amount.kind == "num" \
                and form.parse_amount(f"{mark.text} {amount.text}") is not None:
            end = k + 2
            while end < len(merged) and merged[end].kind == "mark":
                end += 1
            merged[k:end] = [*merged[k + 1:end], mark]
    run: set[str] = set()  # footnotes of the marks since the last value
    for k, t in enumerate(merged):
        t.follows = t.kind == "mark" and k > 0 and merged[k - 1].kind != "dash"
        if t.kind != "mark":
            run = set()
        elif run & set(t.notes):
            t.follows = False  # "(8)(9) (8)(9)": no field cites a footnote twice, so these are the next field's
            run = set(t.notes)
        else:
            run |= set(t.notes)
    values = [t for t in merged if t.kind != "mark" or not t.follows]
    for t in merged:
        t.alone = len(values) == 1
    return merged


def _marks_of(text: str) -> list[str]:
    return [f"F{n}" for n in re.findall(r"\d+", text)]


def _score(token: _Token, slot: _Slot) -> float | None:
    """How well a token fits a sub-column; None when it cannot be there."""
    k, s = token.kind, slot.kind
    base: float | None = None
    if k == "text":
        base = 3 if s == "text" else None
    elif k == "date":
        base = 3 if s == "date" else None
    elif k == "num":
        base = 3 if s == "num" else 2 if s == "price" else None
    elif k == "price":
        base = 3 if s == "price" else None
    elif k == "letter":
        letter = token.text.strip("()")
        code = letter.split("/")[0]
        if s == "code" and code in TRANSACTION_CODES:
            base = 2.5 if not token.text.startswith("(") else 1
        elif s == "v" and letter == "V":
            base = 3
        elif s == "ad" and letter in ("A", "D"):
            base = 3
        elif s == "di" and letter in ("D", "I"):
            base = 3
    elif k == "mark":
        # A footnote-only value, in its own column only, and never for a code or a mark like (A)/(D), D/I.
        if s in ("code", "v", "ad", "di") or token.cell != slot.column:
            return None
        # A mark right after a value is that value's where the column's next field has a cell of its own.
        if token.follows and token.more_cells:
            return None
        return 1
    elif k == "dash":
        base = 0
    if base is None:
        return None
    return base + (2 if token.cell == slot.column else 0)


def _drop_cost(token: _Token, index: int, count: int) -> float:
    """Leaving a token unread costs; a placeholder dash costs nothing. Of two equal readings the one that keeps the
    earlier token wins ("A,D" reads as A)."""
    return 0.0 if token.kind == "dash" else -5.0 - 0.001 * (count - index)


def _fit(tokens: list[_Token], slots: list[_Slot]) -> tuple[float, list[Step]]:
    """The best fit of tokens to slots in order (each slot at most one token) and the steps that give it."""
    return fit_in_order(
        len(tokens), len(slots), lambda i, j: _score(tokens[i], slots[j]),
        lambda i: 0.0 if tokens[i].follows else _drop_cost(tokens[i], i, len(tokens)),
    )


def _align(tokens: list[_Token], slots: list[_Slot]) -> tuple[dict[int, _Token], list[_Token]]:
    """Assign tokens to slots in order (each slot at most one token), maximising fit; returns slot index -> token
    and the tokens that fit nowhere. Marks that take no slot are attached to the value before them."""
    _, steps = _fit(tokens, slots)
    assigned: dict[int, _Token] = {j: tokens[i] for i, j in steps if j is not None}
    dropped: list[_Token] = [tokens[i] for i, j in steps if j is None]
    # Marks not given a sub-column of their own belong to the value before them.
    owner: dict[int, _Token] = {id(t): t for t in assigned.values()}
    kept: list[_Token] = []
    for index, token in enumerate(tokens):
        if token.follows and id(token) not in owner:
            previous = next((t for t in reversed(tokens[:index]) if t.cell == token.cell and not (
                t.follows and id(t) not in owner)), None)
            if previous is not None:
                previous.notes.extend(token.notes)
                previous.span = (previous.span[0], token.span[1])
            continue
        if any(token is d for d in dropped):
            kept.append(token)
    return assigned, kept


# The form's columns, their numbers, captions and the fields they hold: `form` describes them.
_T1 = form.TABLE_I
_T2 = form.TABLE_II
_COLUMNS = form.CAPTION_COLUMNS
_FIELD_NAMES = form.FIELD_CAPTIONS
_FORM_COLUMNS = form.COLUMN_NUMBERS
_COLUMN_TITLES = form.COLUMN_TITLES
_BOX_TITLES = form.BOX_TITLES
_CHECK_BOXES = form.CHECK_BOX_CAPTIONS
_UNDERLYING_AMOUNT = form.UNDERLYING_AMOUNT_CAPTION

#: Fields a transaction row must show on the form; an empty one means the text lost it.
_REQUIRED = {
    NON_DERIVATIVE_TRANSACTIONS: ("security_title", "transaction_date", "transaction_code", "shares",
                                  "acquired_disposed", "shares_owned_following", "direct_or_indirect"),
    NON_DERIVATIVE_HOLDINGS: ("security_title", "shares_owned_following", "direct_or_indirect"),
    DERIVATIVE_TRANSACTIONS: ("security_title", "transaction_date", "transaction_code", "shares",
                              "acquired_disposed", "underlying_security_title", "shares_owned_following",
                              "direct_or_indirect"),
    DERIVATIVE_HOLDINGS: ("security_title", "underlying_security_title", "direct_or_indirect"),
}


@dataclass
class _Header:
    table: str  # _T1 or _T2
    slots: list[_Slot]
    numbers: list[str]  # the form column number each header cell carries ("" when none)
    fields: set[str]
    pre2003: bool = False


_NUMBER = re.compile(r"^\s*(\d{1,2}[A-Z]?)\s*\.")


def _header(cells: list[_Frag], table: str) -> _Header:
    slots: list[_Slot] = []
    numbers: list[str] = []
    for index, cell in enumerate(cells):
        label = _plain(cell.text)
        m = _NUMBER.match(label)
        number = m[1] if m else ""
        numbers.append(number)
        body = label[m.end():] if m else label
        for which, pattern, subs in _COLUMNS:
            if which not in ("*", table):
                continue
            if pattern.search(body) or pattern.search(label):
                for name, kind in subs:
                    slots.append(_Slot(name, kind, index, number))
                break
    # A sub-column with a header cell of its own ("Amount or Number of Shares" after "7. Title and Amount of
    # Underlying Securities") is that cell's, not its parent column's.
    width = {c: sum(1 for slot in slots if slot.column == c) for c in range(len(cells))}
    keep = [slot for slot in slots if not any(
        other.field == slot.field and width[other.column] < width[slot.column] for other in slots)]
    return _Header(table, keep, numbers, {s.field for s in keep})


# --------------------------------------------------------------------------------------------------------------
# The reader


_BOXES = [(name, re.compile(caption, re.I)) for name, caption in form.BOX_CAPTIONS.items()]
#: The rest of a box's label after its key words: "of Reporting Person *", "Symbol", "(Month/Day/Year)".
_LABEL_TAIL = re.compile(r"(?:\s*(?:of Reporting Person(?:\(s\))?|or Trading Symbol|(?:of\s+)?Original(?:\s+Filed)?|"
                         r"Filed|Ended|to Issuer|/Year|Filing|Reporting|Requiring Statement|Transaction)\b)?(?:\s*\*+)?"
                         r"(?:\s*\((?:Month/Day/Year|Month/Year|Check [A-Za-z ]+|Voluntary)\))*(?:\s*\*+)?:?", re.I)
_BOX_LINE = re.compile(r"^\s*\d{1,2}[A-Z]?\s*\.\s*\S")
_CAPTION = re.compile(r"^\s*(?:\([A-Za-z/ .']*\)\s*)+$")
_STOP = re.compile(r"^\s*(?:#|\*\*\s*Table|Table\s+I|<TABLE>|<CAPTION>|Reminder:|Explanation of Responses)", re.I)
#: The start of a Markdown heading, up to the title's first character (anchored: its backtracking is bounded).
_HEADING_START = re.compile(r"^\s*(?:#{1,6}\s*|\*\*)(?P<first>[^*#])")

def _is_city_line(text: str) -> bool:
    """Whether a line is an address's "CITY, ST ZIP" (state and ZIP both printed)."""
    parsed = form.parse_city_line(text)
    return parsed is not None and parsed.state is not None and parsed.zip_code is not None


_FORM_TITLE = [
    ("3", re.compile(r"INITIAL\s+STATEMENT\s+OF\s+BENEFICIAL\s+OWNERSHIP", re.I)),
    ("5", re.compile(r"ANNUAL\s+STATEMENT\s+OF\s+(?:CHANGES\s+IN\s+)?BENEFICIAL\s+OWNERSHIP", re.I)),
    ("4", re.compile(r"STATEMENT\s+OF\s+CHANGES\s+(?:IN|OF)\s+BENEFICIAL\s+OWNERSHIP", re.I)),
]
_MARK_BEFORE = re.compile(r"(?:\(\s*[Xx]?\s*\)|\[\s*[Xx]?\s*\]|_*[Xx]_+|_+[Xx]_*|_{2,}|(?<![\w])[Xx])\s*$")


def _heading(plain: str) -> str | None:
    """The title of a Markdown heading line (`## Title`, `**Title**`), or None when the line is no heading.

    `_HEADING_START` finds where the title begins; its end (before closing stars and spaces) is found with string
    methods, since a lazy title before `\\**\\s*$` takes quadratic time on a long run of spaces."""
    m = _HEADING_START.match(plain)
    if not m:
        return None
    start = m.start("first")
    end = max(start + 1, len(plain.rstrip().rstrip("*")))
    return plain[start:end]


def _mark_before(text: str, at: int) -> re.Match[str] | None:
    """The check box drawn just before a label (`_X_`, `____`, `(X)`, `( )`, `[X]`, `X`), if any."""
    return _MARK_BEFORE.search(text, max(0, at - 24), at)
_RELATIONS = {
    "is_director": r"Director",
    "is_ten_percent_owner": r"10\s*%\s*Owner",
    "is_officer": r"Officer(?:\s*\(give title below\))?",
    "is_other": r"Other(?:\s*\(specify below\))?",
}


@dataclass
class _Line:
    start: int
    end: int
    frag: _Frag

    @property
    def text(self) -> str:
        return self.frag.text


class _Reader:
    def __init__(self, text: str, name: str, offset: int, form_number: str = "4"):
        self.source_text = text
        self.form_number = form_number  # decides Form 3's table layout before the tables are read
        self.name = name
        self.offset = offset
        self.notes: list[str] = []
        # A converted printout writes footnote marks as <sup>(1)</sup>; a plain-text form as (1).
        self.bare_marks = "<sup>" not in text.lower()
        self.lines: list[_Line] = []
        #: Set while the owners are read: the text outside the Reporting Owners table, and each row's words.
        self.printed_elsewhere = ""
        self.owner_cells: list[list[str]] = []
        pipes = "<TABLE>" not in text.upper()  # pre-2003 forms draw their tables with "|" too
        for m in re.finditer(r"[^\n]*\n?", text):
            check_time()
            if not m[0] and m.start() == len(text):
                break
            end = m.end()
            line_end = end - 1 if m[0].endswith("\n") else end
            if line_end > m.start() and text[line_end - 1] == "\r":
                line_end -= 1
            frag = _clean(text, m.start(), line_end)
            if pipes and _PIPE_ROW.match(frag.text):
                if _PIPE_RULE.match(frag.text):
                    continue  # the |---|---| line under a markdown table's header
                frag = _pipes_to_tabs(text, frag)
            self.lines.append(_Line(m.start(), line_end, frag))
        #: A form copied from a web page (`_rows_with_breaks`): its boxes stand side by side, so the lines under a
        #: box's caption may be another box's.
        self.copied = bool(_CELL_BREAK.search(text))
        if self.copied:
            self.lines = _rows_with_breaks(self.lines)

    # ---- values ----------------------------------------------------------------------------------------------

    def span(self, start: int, end: int) -> TextSpan:
        return TextSpan(start + self.offset, end + self.offset)

    def value(self, kind: Kind, text: str, span: tuple[int, int] | None, confidence: float,
              footnotes: Iterable[str] = (), where: str = "") -> Value:
        notes = tuple(dict.fromkeys(footnotes))
        source = self.span(*span) if span else None
        text = _plain(text)
        if not text:
            return Value(None, notes, raw=None, source=source, confidence=confidence)
        try:
            parsed = _parse(kind, text)
        except ValueError as exc:
            self.notes.append(f"{where or 'a value'}: {exc}; left empty")
            return Value(None, notes, raw=text, source=source, confidence=Confidence.UNREADABLE)
        return Value(parsed, notes, raw=text, source=source, confidence=confidence)

    def frag_value(self, kind: Kind, frag: _Frag, confidence: float, where: str = "") -> Value:
        frag = frag.strip()
        return self.value(kind, frag.text, frag.span() if frag.text else None, confidence, _marks(frag.text), where)

    # ---- boxes -----------------------------------------------------------------------------------------------

    def boxes(self) -> dict[str, list[_Line]]:
        """The value lines of each numbered box of the form's top part."""
        found: dict[str, list[_Line]] = {}
        current: str | None = None
        for line in self.lines:
            plain = line.text.strip()
            if plain[:1].isdigit() and _BOX_LINE.match(plain):
                current = None
                for key, pattern in _BOXES:
                    hit = pattern.search(line.text)
                    if hit and key not in found:
                        current = key
                        found[key] = [line] if key == "relationship" else []
                        rest = _LABEL_TAIL.match(line.text, hit.end())
                        value = line.frag.sub(rest.end() if rest else hit.end(), len(line.text)).strip()
                        if key != "relationship" and value.text and not _CAPTION.match(value.text):
                            # The value on the label's own line: "3. Date of Earliest Transaction 11/22/2013"
                            found[key].append(_Line(line.start, line.end, value))
                        break
                continue
            if current is None:
                continue
            if _STOP.match(plain) or "\t" in line.text:
                current = None
                continue
            if plain:
                found[current].append(line)
        return found

    def box_values(self, lines: list[_Line]) -> list[_Frag]:
        out = []
        for line in lines:
            frag = line.frag.strip()
            if frag.text and not _CAPTION.match(frag.text):
                out.append(frag)
        return out

    def date_values(self, lines: list[_Line]) -> list[_Frag]:
        """The values of a box that holds a date. In a form copied from a web page the lines under the caption
        may be the next boxes' (an address beside "If Amendment, Date Original Filed"): there only a date is the
        box's."""
        values = self.box_values(lines)
        if self.copied:
            values = [v for v in values[:1] if re.fullmatch(_DATE_TOKEN, _plain(v.text))]
        return values

    # ---- the whole filing ------------------------------------------------------------------------------------

    def read(self) -> dict[str, Any]:
        boxes = self.boxes()
        form = self.form(boxes)
        result: dict[str, Any] = {"form": form}
        result["issuer"] = self.issuer(boxes.get("issuer", []))
        period_lines = self.date_values(boxes.get("period", []))
        result["period_of_report"] = (
            self.frag_value(Kind.DATE, period_lines[0], SURE, "date of the period") if period_lines
            else Value(confidence=LOST))
        amend = self.date_values(boxes.get("amendment", []))
        result["date_of_original_submission"] = (
            self.frag_value(Kind.DATE, amend[0], SURE, "date original filed") if amend else Value(confidence=Confidence.NEARLY))
        result.update(self.check_boxes(form.value))
        owners_table = self.reporting_owners_table()
        result["reporting_owners"] = self.owners(boxes, owners_table)
        tables = self.tables()
        result.update(tables)
        result["footnotes"] = self.footnotes()
        result["remarks"] = self.remarks()
        result["signatures"] = self.signatures()
        result["filing_date"] = self.cover_date()
        return result

    def form(self, boxes: dict[str, list[_Line]]) -> Value:
        head = [line for line in self.lines[:80] if line.text.strip()]
        for line in head:
            m = re.match(r"^\s*+(?:\*\*)?\s*+FORM\s++([345])(\s*+/\s*+A)?\b", line.text, re.I)
            if m:
                number = m[1] + ("/A" if m[2] else "")
                raw_span = line.frag.span(m.start(), m.end())
                amended = self.date_values(boxes.get("amendment", []))
                if amended and "/A" not in number:
                    number += "/A"
                    self.notes.append(f"box '{form.BOX_TITLES['amendment']}' has a date: read as an amendment")
                return Value(number, raw=line.text.strip(), source=self.span(*raw_span), confidence=SURE)
        for number, pattern in _FORM_TITLE:
            for line in head:
                m = pattern.search(line.text)
                if m:
                    return Value(number, raw=m[0], source=self.span(*line.frag.span(m.start(), m.end())),
                                 confidence=INFERRED)
        self.notes.append("the form type (3, 4 or 5) is not shown")
        return Value(confidence=LOST)

    def issuer(self, lines: list[_Line]) -> Issuer:
        values = self.box_values(lines)
        if not values:
            self.notes.append(f"no issuer name (box '{form.BOX_TITLES['issuer']}')")
            return Issuer(name=Value(confidence=LOST), trading_symbol=Value(confidence=LOST))
        first = values[0]
        bracket = bracketed_tail(first.text)
        if bracket:
            name = first.sub(0, bracket[0]).strip()
            ticker = first.sub(bracket[1], bracket[2])
            return Issuer(name=self.frag_value(Kind.TEXT, name, SURE),
                          trading_symbol=self.frag_value(Kind.TEXT, ticker, SURE))
        ticker_value = Value(confidence=Confidence.NEARLY)
        if len(values) > 1 and re.fullmatch(r"[A-Za-z.\-]{1,8}", values[1].text):
            ticker_value = self.frag_value(Kind.TEXT, values[1], Confidence.NEARLY)
        return Issuer(name=self.frag_value(Kind.TEXT, first, SURE), trading_symbol=ticker_value)

    def check_boxes(self, form: str | None) -> dict[str, Value]:
        out: dict[str, Value] = {}
        boxes = _CHECK_BOXES
        pattern = re.compile("|".join(f"(?P<{name}>{label})" for name, label in boxes.items()), re.I)
        hits: dict[str, tuple[_Line, re.Match[str]]] = {}
        for line in self.lines[:200]:
            if "\t" in line.text:
                break  # the tables: the boxes are above them
            for found in pattern.finditer(line.text):
                hits.setdefault(found.lastgroup or "", (line, found))
        for name in boxes:
            if name in hits:
                line, found = hits[name]
                m = _mark_before(line.text, found.start())
                mark = m[0].strip() if m else ""
                span = line.frag.span(m.start() if m else found.start(), found.end())
                if "x" in mark.lower():
                    out[name] = Value(True, raw=mark, source=self.span(*span), confidence=SURE)
                elif mark:
                    out[name] = Value(False, raw=mark, source=self.span(*span), confidence=SURE)
                else:
                    # The printout draws no box here; an unmarked label is read as not ticked.
                    out[name] = Value(False, raw=None, source=self.span(*span), confidence=Confidence.UNCERTAIN)
        return out

    # ---- owners ----------------------------------------------------------------------------------------------

    def reporting_owners_table(self) -> list[dict[str, Any]]:
        """Rows of the "Reporting Owners" table: name/address cell and the four relationship cells."""
        rows: list[dict[str, Any]] = []
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if "\t" in line.text and "owner name" in line.text[:40].lower() and re.match(
                    rf"^\s*{form.OWNER_NAME_WORDS}\s*/\s*Address", line.text, re.I):
                columns: dict[str, int] = {}
                j = i + 1
                for k in (i, i + 1):
                    if k >= len(self.lines):
                        continue
                    cells = self.lines[k].frag.split("\t")
                    # Captions under "Relationships" with no empty cell first under the name's caption (a web page's
                    # name column spans both header lines): each stands one cell to the right in the rows.
                    shift = int(k > i and cells[0].text.strip().lower().startswith(("director", "10%", "officer")))
                    for index, cell in enumerate(cells, start=shift):
                        label = cell.text.strip().lower()
                        for key, word in (("director", "director"), ("ten", "10%"), ("officer", "officer"),
                                          ("other", "other")):
                            if label.startswith(word):
                                columns[key] = index
                    if "director" in self.lines[k].text.lower():
                        j = k + 1
                while j < len(self.lines) and self.lines[j].text.strip():
                    if _owners_end(self.lines[j].text):
                        break  # the next part of the form, with no blank line before it
                    cells = self.lines[j].frag.split("\t")
                    if cells[0].text.strip():
                        line_frag = self.lines[j].frag
                        rows.append({"cells": cells, "columns": columns, "span": line_frag.span()})
                    elif rows:
                        # A wrapped row: its text continues the cells of the row above.
                        rows[-1].setdefault("more", []).append(cells)
                    j += 1
                i = j
                continue
            i += 1
        return rows

    def owners(self, boxes: dict[str, list[_Line]], table: list[dict[str, Any]]) -> tuple[ReportingOwner, ...]:
        box = self.box_values(boxes.get("owner", []))
        owners: list[dict[str, Value]] = []
        # What the filing prints after the form outside the table's rows (signatures, footnotes, remarks), where
        # an owner's name may stand alone, and not the boxes at the top (box 1's name beside box 2's issuer); and
        # each row's words, where owners share a street.
        rows = {row["span"] for row in table}
        first = min([k for k, line in enumerate(self.lines) if line.frag.span() in rows or
                     form.EXPLANATION_HEADING.match(_plain(line.frag.text))], default=len(self.lines))
        self.printed_elsewhere = " ".join(" ".join(_plain(line.frag.text).split()) for line in self.lines[first:]
                                          if line.frag.span() not in rows).upper()
        self.owner_cells = [[w.strip(",").upper() for w in _plain(row["cells"][0].text).split()] for row in table]
        if box:
            owner_1 = self.owner_from_box(box, boxes.get("owner", []), table[0] if table else None)
            cell = table[0]["cells"][0].strip() if table else None
            if "city" not in owner_1 and cell is not None and "\n" in cell.text and \
                    _plain(cell.text.split("\n", 1)[0]) == _plain(box[0].text):
                # Box 1 without its city (a web page's boxes copied side by side): the table's row has the address.
                owner_1 = self.owner_from_cell(cell, 0, [])
            owners.append(owner_1)
        for index, row in enumerate(table):
            if index == 0 and owners:
                continue
            owners.append(self.owner_from_cell(row["cells"][0].strip(), index, owners[:1]))
        relationship = boxes.get("relationship", [])
        for index, owner in enumerate(owners):
            owner.update(self.relationship(relationship if index == 0 else [],
                                           table[index] if index < len(table) else None, index))
        if not owners:
            self.notes.append(f"no reporting owner (box 1 '{form.BOX_TITLES['owner']}')")
        return tuple(ReportingOwner(**owner) for owner in owners)

    def owner_from_box(self, lines: list[_Frag], raw: list[_Line], row: dict[str, Any] | None) -> dict[str, Value]:
        out: dict[str, Value] = {"name": self.frag_value(Kind.TEXT, lines[0], SURE)}
        rest = lines[1:]
        city_index = None
        # A printout labels the lines: "(Street)" under the street, "(City) (State) (Zip)" under the city.
        groups: dict[str, list[_Frag]] = {}
        pending: list[_Frag] = []
        for line in raw:
            frag = line.frag.strip()
            caption = re.match(r"^\((Last|Street|City)\)", frag.text, re.I)
            if caption:
                groups[caption[1].lower()] = pending
                pending = []
            elif frag.text:
                pending.append(frag)
        if "street" in groups and "city" in groups and len(groups["city"]) == 1:
            streets = groups["street"]
            out.update(self.city_state_zip(groups["city"][0], SURE))
            rest = []
        else:
            for k in range(len(rest) - 1, -1, -1):
                if _is_city_line(_plain(rest[k].text)):
                    city_index = k
                    break
            streets = rest[:city_index] if city_index is not None else rest
        if city_index is not None:
            out.update(self.city_state_zip(rest[city_index], SURE))
        elif rest:
            self.notes.append("owner 1: no 'City, State ZIP' line in box 1; the address is read as street lines")
        cell_text = _plain(row["cells"][0].text) if row else ""
        if len(streets) >= 2:
            out["street1"] = self.frag_value(Kind.TEXT, streets[0], SURE)
            out["street2"] = self.frag_value(Kind.TEXT, streets[1], SURE)
        elif len(streets) == 1:
            out.update(self.split_street(streets[0], cell_text))
        return out

    def split_street(self, street: _Frag, cell_text: str) -> dict[str, Value]:
        """Box 1 of a printout joins the two street lines with ", "; the Reporting Owners table joins them with a
        space. Where exactly one ", " of box 1 is a space in the table, that is where the lines meet."""
        text = street.text
        splits = []
        for m in re.finditer(r", ", text):
            joined = _plain(text[: m.start()] + " " + text[m.end():])
            if cell_text and joined in cell_text:
                splits.append(m)
        if len(splits) == 1:
            m = splits[0]
            return {"street1": self.frag_value(Kind.TEXT, street.sub(0, m.start()), SPLIT),
                    "street2": self.frag_value(Kind.TEXT, street.sub(m.end(), len(text)), SPLIT)}
        return {"street1": self.frag_value(Kind.TEXT, street, Confidence.DOUBTFUL), "street2": Value(confidence=Confidence.DOUBTFUL)}

    def city_state_zip(self, frag: _Frag, confidence: float) -> dict[str, Value]:
        """City, state and ZIP of a "CITY, ST ZIP" line by the form's address parser; without a ZIP, "CITY, ST",
        ", ST" or only the city, as filed."""
        parsed = form.parse_city_line(frag.text)
        if parsed is None:
            return {"city": self.frag_value(Kind.TEXT, frag.strip(), confidence if "," not in frag.text else GUESS)}
        return {name: self.frag_value(Kind.TEXT, frag.sub(*span), confidence)
                for name, span in (("city", parsed.city), ("state", parsed.state), ("zip_code", parsed.zip_code))
                if span is not None}

    def owner_from_cell(self, cell: _Frag, index: int, known: list[dict[str, Value]]) -> dict[str, Value]:
        """An owner listed only in the Reporting Owners table: name and address in one cell."""
        if "\n" in cell.text:
            parts = [p.strip() for p in cell.split("\n") if p.text.strip()]
            out = {"name": self.frag_value(Kind.TEXT, parts[0], SURE)}
            rest = parts[1:]
            address = form.parse_address([_plain(p.text) for p in rest])
            if len(rest) >= 3 and address.state is not None and address.lines.get("state") != address.lines.get("city"):
                # City, state, ZIP and country a line each, as EDGAR's page sets them.
                for name in ("street1", "city", "state", "zip_code", "country"):
                    at = address.lines.get(name)
                    if at is not None and getattr(address, name) is not None:
                        # a country printed after the address is the filing's state description, as the PDF reader
                        # reads it
                        out["state_description" if name == "country" else name] = self.frag_value(
                            Kind.TEXT, rest[at], SURE)
                end = min(v for k, v in address.lines.items() if k not in ("street1", "street2"))
                if address.street2 is not None and end > 1:
                    out["street2"] = self.lines_value(rest[1:end])
                return out
            if rest and _is_city_line(_plain(rest[-1].text)):
                out.update(self.city_state_zip(rest[-1], SURE))
                rest = rest[:-1]
            if rest:
                out["street1"] = self.frag_value(Kind.TEXT, rest[0], SURE)
            if len(rest) > 1:
                out["street2"] = self.frag_value(Kind.TEXT, rest[1], SURE)
            return out
        return self.split_name_address(cell, index, known)

    def split_name_address(self, cell: _Frag, index: int, known: list[dict[str, Value]]) -> dict[str, Value]:
        """Name, street and city run together with spaces. Where the cell ends with an address already read (box 1
        gives the first owner's, with its lines apart), that address is used; otherwise a guess: the street starts
        at "C/O" or a house number, the city after the last street word. Either way, said so in the notes."""
        text = cell.text
        words = [(m.start(), m.end(), m[0].strip(",")) for m in re.finditer(r"\S+", text)]
        for first_owner in known:
            parts = [(name, (first_owner[name].value or "").replace(",", " ").split()) for name in
                     ("street1", "street2", "city", "state", "zip_code") if first_owner.get(name) is not None]
            flat = [w for _, ws in parts for w in ws]
            if not flat or len(flat) >= len(words):
                continue
            tail = [w[2] for w in words[-len(flat):]]
            place: dict[str, Value] = {}
            if [w.strip(",").upper() for w in tail] == [w.strip(",").upper() for w in flat]:
                at = len(words) - len(flat)
            else:
                # Owner 1's street lines, then a place of this owner's own (another city, the state left out).
                at, place = self.known_street(cell, words, parts)
                if not place:
                    continue
                parts = [(name, ws) for name, ws in parts if name in ("street1", "street2")]
            found: dict[str, Value] = {}
            care_of = next((k for k in range(1, at) if re.match(r"^C/O\b", words[k][2], re.I)), None)
            if care_of is not None and first_owner.get("street2", Value()).value is None:
                # This owner's mail goes "C/O" someone at owner 1's street: a line more than owner 1 has.
                found["name"] = self.frag_value(Kind.TEXT, cell.sub(0, words[care_of - 1][1]), Confidence.DOUBTFUL)
                found["street1"] = self.frag_value(Kind.TEXT, cell.sub(words[care_of][0], words[at - 1][1]), Confidence.DOUBTFUL)
                parts = [("street2" if name == "street1" else name, ws) for name, ws in parts]
            else:
                found["name"] = self.frag_value(Kind.TEXT, cell.sub(0, words[at - 1][1]), Confidence.DOUBTFUL)
            for name, ws in parts:
                if ws:
                    piece = cell.sub(words[at][0], words[at + len(ws) - 1][1])
                    if piece.text.endswith(","):
                        piece = piece.sub(0, len(piece.text) - 1)
                    found[name] = self.frag_value(Kind.TEXT, piece, Confidence.DOUBTFUL)
                    at += len(ws)
            found.update(place)
            self.notes.append(f"owner {index + 1}: name and address run together in the Reporting Owners table; "
                              f"the {'street' if place else 'address'} is the one of owner 1, so the name is what "
                              "comes before it")
            return found
        out: dict[str, Value] = {}
        end = len(text)
        ending = form.parse_place_at_end(text)
        if ending is not None and ending.zip_code is not None:
            # "CITY ST ZIP", or "CITY ZIP" with the state left out.
            if ending.state is not None:
                out["state"] = self.frag_value(Kind.TEXT, cell.sub(*ending.state), GUESS)
            out["zip_code"] = self.frag_value(Kind.TEXT, cell.sub(*ending.zip_code), GUESS)
            # The city ends before the comma that parts it from the state (or, without one, the ZIP).
            end = len(text[: (ending.state or ending.zip_code)[0]].rstrip())
            end -= text[:end].endswith(",")
        words = [w for w in words if w[0] < end]
        starts = [k for k, w in enumerate(words) if k > 0 and re.match(r"^C/O\b", w[2], re.I)]
        if not starts:
            starts = self.name_printed_elsewhere(cell, words)
        if not starts:
            numbers = [k for k, w in enumerate(words) if k > 0 and re.match(
                r"^(?:\d|P\.?O\.?$|ONE$|TWO$|THREE$|#)", w[2], re.I)]
            # A house number is followed by a street word before the next number ("2014 HOLDINGS, L.P. 200 WEST
            # STREET": the street starts at 200).
            bounds = [*numbers[1:], len(words)] if numbers else []
            with_street = [k for k, stop in zip(numbers, bounds, strict=True) if any(
                re.match(_STREET_END, w[2].rstrip(".,"), re.I) for w in words[k + 1:min(stop, k + 6)])]
            # A number right after a company's suffix starts the street ("... GP LLC 55 HUDSON YARDS, 47TH FLOOR").
            after_name = [k for k in numbers if form.NAME_SUFFIX.fullmatch(words[k - 1][2])]
            starts = after_name[:1] or with_street[:1] or numbers[:1]
        if not starts:
            self.notes.append(f"owner {index + 1}: name and address run together in the Reporting Owners table "
                              "and could not be told apart; all read as the name")
            out["name"] = self.frag_value(Kind.TEXT, cell.sub(0, end), GUESS)
            return out
        street_start = starts[0]
        out["name"] = self.frag_value(Kind.TEXT, cell.sub(0, words[street_start - 1][1]), GUESS)
        address = words[street_start:]
        city_start = None
        for k in range(len(address) - 1, 0, -1):
            before = address[k - 1][2].rstrip(".,")
            if re.match(_STREET_END, before, re.I) or re.match(r"^[\d#]", before):
                city_start = k
                own = address[k][2].rstrip(".,")
                if before.upper() in form.NUMBERED_PLACES and k + 1 < len(address) and (
                        len(own) == 1 and own.isalpha() or any(c.isdigit() for c in own)):
                    city_start = k + 1  # "SUITE C", "UNIT 4B": the place's own number or letter, then the city
                break
        if city_start is None:
            city_start = len(address) - 1 if len(address) > 1 else None
        shared = self.shared_street(address, index)
        if shared is not None and city_start is not None and (shared > city_start or not any(
                re.search(r"\d", w[2]) or w[2].rstrip(".,").upper() in form.NUMBERED_PLACES
                for w in address[shared:city_start])):
            # Another owner's cell runs the same street and then another place: the place starts where they part.
            city_start = shared
        if city_start is not None:
            street = address[:city_start]
            split = None
            first = next((k for k in range(1, len(street)) if re.match(r"^\d", street[k][2])), None)
            if street[0][2].upper().startswith("C/O") or first and form.NAME_SUFFIX.fullmatch(street[first - 1][2]):
                # The mail goes through someone ("C/O ...", or a company's name) before the house number.
                split = first
            if split:
                out["street1"] = self.frag_value(Kind.TEXT, cell.sub(street[0][0], street[split - 1][1]), GUESS)
                out["street2"] = self.frag_value(Kind.TEXT, cell.sub(street[split][0], street[-1][1]), GUESS)
            else:
                out["street1"] = self.frag_value(Kind.TEXT, cell.sub(street[0][0], street[-1][1]), GUESS)
            out["city"] = self.frag_value(Kind.TEXT, cell.sub(address[city_start][0], min(address[-1][1], end)),
                                          GUESS)
        else:
            out["street1"] = self.frag_value(Kind.TEXT, cell.sub(address[0][0], address[-1][1]), GUESS)
        self.notes.append(f"owner {index + 1}: name, street and city split where the Reporting Owners table runs "
                          "them together; check them")
        return out

    def name_printed_elsewhere(self, cell: _Frag, words: list[tuple[int, int, str]]) -> list[int]:
        """Where a company's name ends in a run-together cell, when the filing prints that name elsewhere (a
        signature "NAME, By: /s/ ...", a footnote): the index of the first word after the longest start of the cell
        that ends with a company's suffix and is printed outside the table; [] when there is none."""
        best = []
        for k in range(1, len(words) - 1):
            if not form.NAME_SUFFIX.fullmatch(words[k - 1][2]):
                continue
            name = " ".join(cell.text[: words[k - 1][1]].rstrip(",").split()).upper()
            if form.printed_alone(name, words[k][2], self.printed_elsewhere):
                best = [k]
        return best

    def shared_street(self, address: list[tuple[int, int, str]], index: int) -> int | None:
        """Where this owner's address parts from another owner's in the table that runs the same street words (two
        at least) and then a place of its own: the index in `address` of the first word that differs."""
        words = [w[2].rstrip(",").upper() for w in address]
        best = None
        for other, cell in enumerate(self.owner_cells):
            if other == index or len(words) < 3:
                continue
            for at in range(len(cell) - 1):
                if cell[at:at + 2] != words[:2]:
                    continue
                same = 2
                while same < len(words) and at + same < len(cell) and cell[at + same] == words[same]:
                    same += 1
                if same < len(words) and at + same < len(cell):
                    best = max(best or 0, same)
        return best

    def known_street(self, cell: _Frag, words: list[tuple[int, int, str]],
                     parts: list[tuple[str, list[str]]]) -> tuple[int, dict[str, Value]]:
        """Where owner 1's street lines stand in a run-together cell followed by a place of the owner's own: the
        index of the street's first word and the city, state and ZIP read from what follows it ({} when the
        street is not there, or what follows does not read as a place)."""
        street = [w.strip(",").upper() for name, ws in parts if name in ("street1", "street2") for w in ws]
        if not street:
            return 0, {}
        upper = [w[2].strip(",").upper() for w in words]
        for at in range(1, len(words) - len(street)):
            if upper[at:at + len(street)] != street:
                continue
            rest = cell.sub(words[at + len(street)][0], len(cell.text))
            parsed = form.parse_place_after_street(rest.text)
            if parsed is None or parsed.city is None:
                return 0, {}
            return at, {name: self.frag_value(Kind.TEXT, rest.sub(*span), Confidence.DOUBTFUL)
                        for name, span in (("city", parsed.city), ("state", parsed.state),
                                           ("zip_code", parsed.zip_code)) if span is not None}
        return 0, {}

    def relationship(self, box: list[_Line], row: dict[str, Any] | None, index: int) -> dict[str, Value]:
        """Box 5 (the first owner's relationship) and the owner's row of the Reporting Owners table."""
        marks: dict[str, tuple[str, tuple[int, int]]] = {}
        title_lines: list[_Frag] = []
        for line in box[1:]:
            frag = line.frag.strip()
            if re.match(r"^\((?:Last|First|Middle|Street|City)\)", frag.text, re.I):
                break  # box 1's captions: what follows is box 1's (a web page's boxes copied side by side)
            found = False
            for name, label in _RELATIONS.items():
                hit = re.search(r"\b(?:" + label + r")\b", frag.text, re.I)
                if hit:
                    found = True
                    m = _mark_before(frag.text, hit.start())
                    state = "none" if not m else ("ticked" if "x" in m[0].lower() else "blank")
                    start = m.start() if m else hit.start()
                    marks.setdefault(name, (state, frag.span(start, hit.end())))
            if not found and frag.text and not _CAPTION.match(frag.text) and not re.match(
                    r"^\(?\s*(?:check all applicable|specify below)", frag.text, re.I):
                title_lines.append(frag)
        cells: dict[str, _Frag] = {}
        if row:
            for key, name in (("director", "is_director"), ("ten", "is_ten_percent_owner"),
                              ("officer", "is_officer"), ("other", "is_other")):
                col = row["columns"].get(key)
                if col is not None and col < len(row["cells"]):
                    cells[name] = row["cells"][col].strip()
        out: dict[str, Value] = {}
        for name in _RELATIONS:
            state, span = marks.get(name, ("absent", (0, 0)))
            cell = cells.get(name)
            cell_text = _plain(cell.text) if cell is not None else None
            in_table = bool(cell_text) and (name in ("is_officer", "is_other") or "x" in (cell_text or "").lower())
            if state == "ticked":
                out[name] = Value(True, raw="X", source=self.span(*span), confidence=SURE)
            elif state == "blank" and (cell is None or not in_table):
                out[name] = Value(False, raw=None, source=self.span(*span),
                                  confidence=SURE if cell is not None else 0.9)
            elif cell is not None:
                conf = Confidence.NEARLY
                if state == "none" and in_table:
                    conf = Confidence.MARK_LOST
                    label = _LABELS[name]
                    self.notes.append(
                        f"owner {index + 1}: box 5's {label} check box shows no mark (lost in the conversion); "
                        f"{label} is read as ticked because the Reporting Owners table shows "
                        f"{cell_text!r} in its {label} column")
                elif state == "blank" and in_table:
                    # The box is drawn empty: that is what the form says, whatever the table writes.
                    self.notes.append(f"owner {index + 1}: box 5 leaves {_LABELS[name]} blank but the Reporting "
                                      f"Owners table shows {cell_text!r} in that column; read as not ticked")
                    out[name] = Value(False, raw=None, source=self.span(*span), confidence=Confidence.UNCERTAIN)
                    continue
                # An empty column is read from the owner's whole row, which is what shows it empty.
                where = cell.span() if cell.text else row["span"] if row else None
                out[name] = Value(in_table, raw=cell_text or None, source=self.span(*where) if where else None,
                                  confidence=conf)
            elif state == "none":
                out[name] = Value(None, source=self.span(*span), confidence=LOST)
                self.notes.append(f"owner {index + 1}: box 5's {_LABELS[name]} check box shows no mark either way")
            else:
                out[name] = Value(confidence=GUESS if index == 0 and box else LOST)
        officer = cells.get("is_officer")
        other = cells.get("is_other")
        if officer is not None and _plain(officer.text) and _plain(officer.text).upper() != "X":
            out["officer_title"] = self.frag_value(Kind.TEXT, officer, Confidence.NEARLY)
        if other is not None and _plain(other.text) and _plain(other.text).upper() != "X":
            out["other_text"] = self.frag_value(Kind.TEXT, other, Confidence.NEARLY)
        if title_lines and "officer_title" not in out and "other_text" not in out:
            title = title_lines[0]
            if out.get("is_other", Value()).value and not out.get("is_officer", Value()).value:
                out["other_text"] = self.frag_value(Kind.TEXT, title, Confidence.DOUBTFUL)
            else:
                out["officer_title"] = self.frag_value(Kind.TEXT, title, Confidence.DOUBTFUL if out.get(
                    "is_officer", Value()).value else GUESS)
        return out

    # ---- tables ----------------------------------------------------------------------------------------------

    def tables(self) -> dict[str, tuple[Row, ...]]:
        rows: dict[str, list[Row]] = {t: [] for t in TABLE_FIELDS}
        blocks = self.markdown_tables() + self.pre2003_tables()
        counters = {_T1: 0, _T2: 0}
        missing_columns: dict[str, set[str]] = {_T1: set(), _T2: set()}
        shown_numbers: dict[str, set[str]] = {_T1: set(), _T2: set()}
        lost: dict[tuple[str, str, str], list[int]] = {}
        for header, body in blocks:
            form = "3" if self.form_number == "3" else "4"
            expected = _FORM_COLUMNS[header.table][form]
            if not header.pre2003:
                present = {n for n in header.numbers if n}
                shown_numbers[header.table] |= present
                shown = {s.field for s in header.slots}
                for number in expected:
                    if number not in present:
                        missing_columns[header.table].add(number)
                if "underlying_shares" in shown and "8" in present and "9" not in present and header.table == _T2 \
                        and not any(s.field == "price_per_share" for s in header.slots):
                    missing_columns[_T2].add("8")
            for tokens, cells in body:
                counters[header.table] += 1
                row = self.row(header, tokens, cells, counters[header.table], lost)
                if row is not None:
                    rows[row.table].append(row)
        for table, numbers in missing_columns.items():
            if numbers and (counters[table] or table == _T1):
                form = "3" if self.form_number == "3" else "4"
                titles = _COLUMN_TITLES.get((table, form), {})
                ordered = sorted(numbers, key=lambda n: int(re.sub(r"\D", "", n)))
                names = ", ".join(f"{n} ({titles[n]})" if n in titles else n for n in ordered)
                label = "Table I" if table == _T1 else "Table II"
                why = ""
                if table == _T2 and "8" in numbers and any(n.startswith("8") for n in shown_numbers[_T2]):
                    why = (f"; its header's \"8. {_UNDERLYING_AMOUNT}\" is column 7's amount of underlying "
                           "securities, so column 8 is missing too")
                self.notes.append(f"{label}: the text has no column{'s' if len(numbers) > 1 else ''} "
                                  f"{_ranges(ordered)}: {names}; those values are left empty{why}")
        for (table, field_name, column), rows_lost in lost.items():
            label = "Table I" if table in (NON_DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_HOLDINGS) else "Table II"
            where = f"row {rows_lost[0]}" if len(rows_lost) == 1 else \
                "rows " + ", ".join(str(n) for n in rows_lost[:-1]) + f" and {rows_lost[-1]}"
            in_column = f" (column {column})" if column else ""
            self.notes.append(f"{label}: no {_FIELD_NAMES.get(field_name, field_name)}{in_column} in {where} "
                              "(lost in the text); left empty")
        return {t: tuple(r) for t, r in rows.items()}


    def markdown_tables(self) -> list[tuple[_Header, list[tuple[list[_Token], list[tuple[int, _Frag]]]]]]:
        blocks = []
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            if "\t" not in line.text or "itle" not in line.text[:40]:
                i += 1
                continue
            first = line.text.split("\t", 1)[0]
            m = _TABLE_HEAD.match(first)
            if not m:
                i += 1
                continue
            table = _T2 if m[1] else _T1
            header_cells = line.frag.split("\t")
            header = _header(header_cells, table)
            kinds = _column_kinds(header.slots)
            body: list[tuple[list[_Token], list[tuple[int, _Frag]]]] = []
            j = i + 1
            while j < len(self.lines):
                check_time()
                if _table_end(self.lines[j].text):
                    break  # the form's next part, with no blank line before it
                if not self.lines[j].text.strip():
                    resume = self.page_break(j, len(header_cells))
                    if resume is None:
                        break
                    j = resume
                words = _plain(self.lines[j].text).lower().split()
                if not body and words and all(w in form.TABLE_HEADER_WORDS for w in words):
                    j += 1
                    continue  # the sub-columns' captions ("Code | V | Amount | (A) or (D) | Price")
                frag = self.lines[j].frag
                if self.copied:
                    # A row copied from a web page with line breaks inside its cells: its lines until it has a
                    # cell for each of the header's sub-columns (a line break inside a cell is a space).
                    want = len(header.slots) - 1
                    while frag.text.count("\t") < want and j + 1 < len(self.lines) and \
                            self.lines[j + 1].text.strip() and not _table_end(self.lines[j + 1].text) and \
                            frag.text.count("\t") + self.lines[j + 1].text.count("\t") <= want:
                        j += 1
                        frag = _glue(frag, self.lines[j].frag, " ")
                cells = frag.split("\t")
                if re.match(r"^\s*\d+[A-Z]?\.\s+[A-Z][a-z]", cells[0].text) and j == i + 1:
                    j += 1
                    continue  # a second header line
                merged_cells = len(cells) < len(header.numbers)
                candidates = _fit_cells(cells, header)
                choices = []
                for placed in candidates:
                    tokens = []
                    # Whether a column's text goes on in a later cell, found in one pass from the end (asking each
                    # cell about all the cells after it is quadratic in a row of thousands of tabs).
                    later: set[int] = set()
                    goes_on = [False] * len(placed)
                    for k in range(len(placed) - 1, -1, -1):
                        goes_on[k] = placed[k][0] in later
                        later.add(placed[k][0])
                    for k, (index, cell) in enumerate(placed):
                        more = goes_on[k]
                        for t in _tokens(cell, index, _cell_kind(kinds, index, merged_cells), self.bare_marks):
                            t.more_cells = more
                            tokens.append(t)
                    score = _fit(tokens, header.slots)[0] if len(candidates) > 1 else 0.0
                    choices.append((score, tokens, placed))
                _, tokens, placed = max(choices, key=lambda c: c[0])
                only_text = tokens and all(t.kind in ("text", "mark") for t in tokens)
                if body and (only_text or not cells[0].text.strip()):
                    # A wrapped row: the line continues the row above, cell by cell.
                    prev_tokens, prev_cells = body[-1]
                    body[-1] = (self.join_wrapped(prev_tokens, tokens), prev_cells + placed)
                elif tokens:
                    body.append((tokens, placed))
                j += 1
            blocks.append((header, body))
            i = j
        return blocks

    def page_break(self, blank: int, width: int) -> int | None:
        """Where a table goes on after a page break (blank lines and the printout's running header or page
        number, then more rows without a header), or None where the table ends at the blank line."""
        k = blank
        furniture = False
        while k < len(self.lines) and (not self.lines[k].text.strip() or _PAGE_FURNITURE.match(self.lines[k].text)):
            furniture = furniture or bool(self.lines[k].text.strip())
            k += 1
        if not furniture or k >= len(self.lines):
            return None
        text = self.lines[k].text
        if "\t" not in text or len(text.split("\t")) < width - 2 or re.match(
                r"^\s*(?:1\s*\.\s*Title|Reporting Owner)", text, re.I):
            return None
        return k

    @staticmethod
    def join_wrapped(above: list[_Token], below: list[_Token]) -> list[_Token]:
        out = list(above)
        for t in below:
            match = next((a for a in out if a.cell == t.cell and a.kind == t.kind == "text"), None)
            if match is not None:
                match.text = f"{match.text} {t.text}"
                match.span = (match.span[0], t.span[1])
                match.notes.extend(t.notes)
                match.alone = False
            else:
                t.alone = False
                out.append(t)
        out.sort(key=lambda t: (t.cell, t.span[0]))
        return out

    def row(self, header: _Header, tokens: list[_Token], cells: list[tuple[int, _Frag]], number: int,
            lost: dict[tuple[str, str, str], list[int]]) -> Row | None:
        assigned, dropped = _align(tokens, header.slots)
        values: dict[str, Value] = {}
        dropped_cells = {t.cell for t in dropped}
        for k, slot in enumerate(header.slots):
            token = assigned.get(k)
            if token is None:
                continue
            if token.kind == "dash":
                values[slot.field] = Value(None, raw=token.text, source=self.span(*token.span), confidence=Confidence.NEARLY)
                continue
            if token.cell == slot.column:
                conf = SURE if token.alone else SPLIT
            else:
                conf = INFERRED
            if token.cell in dropped_cells:
                conf = min(conf, GUESS)
            text = token.text if token.kind != "mark" else ""
            if slot.kind == "v":
                # The form's "V" column marks a transaction reported voluntarily, ahead of a Form 5.
                values["transaction_form_type"] = Value("5", tuple(token.notes), raw=token.text,
                                                        source=self.span(*token.span), confidence=GUESS)
                self.notes.append(f"{'Table I' if header.table == _T1 else 'Table II'} row {number}: column V is "
                                  "marked; read as a transaction reported voluntarily (form type 5)")
                continue
            if slot.kind == "code" and "/K" in text.upper():
                values["equity_swap_involved"] = Value(True, raw=text, source=self.span(*token.span), confidence=conf)
                text = text.upper().replace("/K", "")
            kind = ROW_FIELDS[slot.field].kind
            if slot.kind in ("ad", "di", "code"):
                text = text.strip("()")
            values[slot.field] = self.value(kind, text, token.span, conf, token.notes,
                                            where=f"row {number}, {_FIELD_NAMES.get(slot.field, slot.field)}")
        for t in dropped:
            if t.kind != "dash":
                self.notes.append(f"{'Table I' if header.table == _T1 else 'Table II'} row {number}: "
                                  f"{t.text!r} fits no column and was not read")
        if "transaction_code" in values and "equity_swap_involved" not in values and values["transaction_code"].value:
            code = values["transaction_code"]
            values["equity_swap_involved"] = Value(False, source=code.source, confidence=Confidence.DOUBTFUL)
        is_transaction = any(values.get(f, Value()).value is not None or values.get(f, Value()).footnotes
                             for f in ("transaction_date", "transaction_code"))
        if header.table == _T1:
            table = NON_DERIVATIVE_TRANSACTIONS if is_transaction else NON_DERIVATIVE_HOLDINGS
        else:
            table = DERIVATIVE_TRANSACTIONS if is_transaction else DERIVATIVE_HOLDINGS
        columns_shown = {s.field: s for s in header.slots}
        cell_spans: dict[int, tuple[int, int]] = {}
        for index, cell in cells:
            span = cell.span()
            known = cell_spans.get(index)
            cell_spans[index] = span if known is None else (min(known[0], span[0]), max(known[1], span[1]))
        fields: dict[str, Value] = {}
        for name in TABLE_FIELDS[table]:
            if name in values:
                fields[name] = values[name]
                continue
            shown = columns_shown.get(name)
            if shown is None:
                if header.pre2003 and name == "deemed_execution_date":
                    fields[name] = Value()  # the form had no such column before 2003
                elif name in _FIELD_NAMES:
                    fields[name] = Value(confidence=LOST)
                continue
            cell_span = cell_spans.get(shown.column)
            source = self.span(*cell_span) if cell_span else None
            if name in _REQUIRED[table]:
                # Its cell holds a neighbour's value when the text dropped this one: point at nothing rather than at it.
                taken = any(t.cell == shown.column for t in assigned.values())
                fields[name] = Value(source=None if taken else source, confidence=LOST)
                lost.setdefault((table, name, shown.number), []).append(number)
            else:
                fields[name] = Value(source=source, confidence=Confidence.NEARLY)
        return Row(table=table, **fields)

    # ---- pre-2003 tables -------------------------------------------------------------------------------------

    def pre2003_tables(self) -> list[tuple[_Header, list[tuple[list[_Token], list[tuple[int, _Frag]]]]]]:
        blocks: list[tuple[_Header, list[tuple[list[_Token], list[tuple[int, _Frag]]]]]] = []
        if "<TABLE>" not in self.source_text.upper():
            return blocks
        i = 0
        in_table = False
        while i < len(self.lines):
            text = self.lines[i].text
            if re.match(r"^\s*<TABLE>", text, re.I):
                in_table = True
            elif re.match(r"^\s*</TABLE>", text, re.I):
                in_table = False
            if in_table and re.search(r"\bTable\s+(I{1,2})\b", text, re.I) and "|" in text:
                table = _T2 if re.search(r"Table\s+II\b", text, re.I) else _T1
                j = i + 1
                while j < len(self.lines) and not re.match(r"^\s*<S>", self.lines[j].text, re.I):
                    j += 1
                if j >= len(self.lines):
                    break
                columns = len(re.findall(r"<[SC]>", self.lines[j].text, re.I))
                layout = _PRE2003.get((table, columns))
                k = j + 1
                raw_rows: list[list[list[_Frag]]] = []
                current: list[list[_Frag]] | None = None
                while k < len(self.lines) and not re.match(r"^\s*(?:<CAPTION>|</TABLE>)", self.lines[k].text, re.I):
                    line = self.lines[k]
                    if "|" not in line.text or re.match(r"^[\s_\-|]*$", line.text):
                        current = None
                        k += 1
                        continue
                    cells = line.frag.split("|")
                    if not any(c.text.strip() for c in cells):
                        current = None
                    elif current is None or cells[0].text.strip() and not _continues(current, cells) and not (
                            layout is not None and _only_text(cells, layout)):
                        current = [cells]
                        raw_rows.append(current)
                    else:
                        current.append(cells)
                    k += 1
                if layout is None:
                    if raw_rows:
                        self.notes.append(f"{'Table I' if table == _T1 else 'Table II'}: a table of {columns} "
                                          "columns is not a layout this reader knows; its rows were not read")
                else:
                    slots = [_Slot(name, kind, index, str(index + 1)) for index, subs in enumerate(layout)
                             for name, kind in subs]
                    header = _Header(table, slots, [], {s.field for s in slots}, pre2003=True)
                    kinds = _column_kinds(slots)
                    body = []
                    for lines in raw_rows:
                        joined = _join_columns(lines)
                        tokens = [t for index, cell in enumerate(joined)
                                  for t in _tokens(cell, index, _cell_kind(kinds, index, False))]
                        if len(lines) > 1:
                            for t in tokens:
                                if t.kind != "text" and " " not in t.text and _spans_lines(t, lines):
                                    t.alone = False
                        if tokens:
                            body.append((tokens, list(enumerate(joined))))
                    blocks.append((header, body))
                i = k
                continue
            i += 1
        return blocks

    # ---- footnotes, remarks, signatures ----------------------------------------------------------------------

    def section(self, title: re.Pattern[str], hint: str) -> list[_Line]:
        """Lines under a heading, up to the next heading or a closing note. `hint` is a word the heading has."""
        out: list[_Line] = []
        inside = False
        hint = hint.lower()
        for line in self.lines:
            if not inside and hint not in line.text.lower():
                continue
            plain = line.text.strip()
            # "**Signature of Reporting Person" is the form's caption with its mark, not a bold heading.
            heading = _heading(plain) if plain[:1] in "#*" and not form.is_signature_caption(plain) else None
            label = heading if heading is not None else plain
            if title.match(label.strip()):
                inside = True
                rest = title.sub("", label.strip(), count=1).strip()
                if rest:
                    m = title.match(label.strip())
                    if m:
                        start = line.text.find(rest)
                        out.append(_Line(line.start, line.end, line.frag.sub(start, len(line.text))))
                continue
            # The caption under each signature is the signatures' own, however its "**" was written.
            caption = hint == "signature" and form.is_signature_caption(plain)
            if inside and (heading is not None or (_SECTION_END.match(plain) and not caption)
                           or form.EXPLANATION_HEADING.match(plain)):
                if out or heading is not None:
                    break
            if inside:
                out.append(line)
        return out

    def footnotes(self) -> tuple[Footnote, ...]:
        lines = self.section(re.compile(r"^Explanation of Responses:?", re.I), "Explanation")
        items: list[tuple[str, list[_Frag]]] = []
        for line in lines:
            frag = line.frag
            m = re.match(r"^\s*(?:[-*+]\s+)?(?:\x01(\d+)\x02|\((\d+)\)|(\d+)[.)])\s*", frag.text)
            if m:
                items.append((m[1] or m[2] or m[3], [frag.sub(m.end(), len(frag.text))]))
            elif re.match(r"^\s*(?:[-*+]\s+)?\*", frag.text):
                items.append(("", []))  # the form's own "*" and "**" notes
            elif frag.text.strip() and items and items[-1][0]:
                items[-1][1].append(frag)
            elif not frag.text.strip() and items:
                items.append(("", []))
        out = []
        seen: list[int] = []
        for number, parts in items:
            if not number:
                continue
            texts = [p.strip() for p in parts if p.strip().text]
            if not texts:
                continue
            body = "\n".join(" ".join(t.text.split()) for t in texts)
            span = (texts[0].span()[0], texts[-1].span()[1])
            if len(texts) > 1:
                log.debug("footnote %s runs over %d lines", number, len(texts))
            out.append(Footnote(id=f"F{number}", text=Value(_MARKS.sub(lambda m: f"({m[1]})", body), raw=body,
                                                           source=self.span(*span), confidence=SURE)))
            seen.append(int(number))
        if seen:
            wanted = set(range(1, max(seen) + 1))
            for gap in sorted(wanted - set(seen)):
                before = next((n for n in reversed(sorted(seen)) if n < gap), None)
                merged = ""
                if before is not None:
                    note = next(f for f in out if f.id == f"F{before}")
                    if "\n" in (note.text.value or ""):
                        merged = (f"; footnote ({before}) runs over more than one paragraph, and the later one may "
                                  f"be ({gap}) merged into it")
                self.notes.append(f"footnote ({gap}) is missing from the text{merged}")
        return tuple(out)

    def remarks(self) -> Value:
        lines = self.section(re.compile(r"^Remarks:?", re.I), "Remarks")
        texts = [line.frag.strip() for line in lines if line.frag.text.strip()]
        if not texts:
            return Value(confidence=Confidence.NEARLY)
        body = "\n".join(_plain(t.text) for t in texts)
        span = (texts[0].span()[0], texts[-1].span()[1])
        return Value(body, raw=body, source=self.span(*span), confidence=SURE)

    def signatures(self) -> tuple[Signature, ...]:
        lines = self.section(re.compile(r"^Signatures?:?$", re.I), "Signature")
        pending: list[_Frag] = []
        out: list[Signature] = []
        for line in lines:
            frag = line.frag.strip()
            plain = _plain(frag.text)
            if not plain or re.match(rf"^\**\s*{form.SIGNATURE_CAPTION}", plain, re.I):
                continue
            if re.fullmatch(_DATE_TOKEN, plain):
                out.append(Signature(name=self.lines_value(pending), date=self.frag_value(
                    Kind.DATE, frag, SURE, "signature date")))
                pending = []
                continue
            m = re.match(r"^(.*\S)\s+(\d{1,2}/\d{1,2}/\d{2,4})$", plain)
            if m:
                k = frag.text.rfind(m[2])
                out.append(Signature(name=self.frag_value(Kind.TEXT, frag.sub(0, k), SURE),
                                     date=self.frag_value(Kind.DATE, frag.sub(k, len(frag.text)), SURE)))
                continue
            pending.append(frag)
        for name in pending:
            out.append(Signature(name=self.frag_value(Kind.TEXT, name, SURE), date=Value(confidence=LOST)))
        if not out:
            out.extend(self.plain_signatures())
        return tuple(out)

    def lines_value(self, frags: list[_Frag]) -> Value:
        """A text value written over several lines (a signature block): the lines joined by spaces."""
        if not frags:
            return Value(confidence=LOST)
        if len(frags) == 1:
            return self.frag_value(Kind.TEXT, frags[0], SURE)
        text = " ".join(_plain(f.text) for f in frags)
        return self.value(Kind.TEXT, text, (frags[0].span()[0], frags[-1].span()[1]), SPLIT,
                          [n for f in frags for n in _marks(f.text)])

    def plain_signatures(self) -> list[Signature]:
        """The pre-2003 layout: "SIGNATURE OF REPORTING PERSON" over the name, "DATE" over the date."""
        name: Value | None = None
        date: Value | None = None
        for k, line in enumerate(self.lines):
            label = line.text.strip().upper()
            following = next((x for x in self.lines[k + 1:k + 4] if x.text.strip()), None)
            if following is None:
                continue
            if label.startswith(form.SIGNATURE_CAPTION.upper()) and name is None:
                name = self.frag_value(Kind.TEXT, following.frag, SURE)
            elif label == "DATE" and date is None and re.fullmatch(_DATE_TOKEN, _plain(following.text)):
                date = self.frag_value(Kind.DATE, following.frag, SURE, "signature date")
        if name is None:
            return []
        return [Signature(name=name, date=date or Value(confidence=LOST))]

    def cover_date(self) -> Value:
        """A printout's cover page: issuer, "Form 4" and the date it was filed, before the form itself."""
        head: list[_Line] = []
        for line in self.lines[:12]:
            if re.match(r"^\s*+\**+\s*+FORM\s++[345]\s*+\**+\s*+$", line.text, re.I) and line.text.strip().startswith("**"):
                break
            if line.text.strip():
                head.append(line)
        for k, line in enumerate(head[:-1]):
            if re.match(r"^\s*Form\s+[345](?:/A)?\s*$", line.text, re.I):
                date = head[k + 1].frag.strip()
                if re.fullmatch(_DATE_TOKEN, _plain(date.text)):
                    # The cover of a filing-service printout shows the date the filing was made.
                    return self.frag_value(Kind.DATE, date, 0.6, "cover page date")
        return Value()


#: What a printout repeats on every page: its running header, page numbers, the form's number.
_PAGE_FURNITURE = re.compile(r"^\s*+(?:Edgar Filing:|Page \d+(?: of \d+)?\s*$|SEC 1474|\(?continued\)?\s*$|"
                             r"\**+\s*+Table I+\b.*\(continued\))", re.I)
_SECTION_END = re.compile(r"^\s*(?:Note:|SIGNATURE OF REPORTING|</TEXT>|Remarks:|Reporting Owners\b|Signatures\b)",
                          re.I)
_LABELS = {name: caption for caption, name in form.RELATIONSHIP_CAPTIONS}

_STREET_END = (r"^(?:ST|STREET|AVE|AVENUE|RD|ROAD|BLVD|BOULEVARD|DR|DRIVE|WAY|LANE|LN|PKWY|PARKWAY|PLAZA|PLACE|"
               r"PL|CIRCLE|CIR|CT|COURT|FLOOR|FL|FLR|SUITE|STE|HIGHWAY|HWY|SQUARE|SQ|TERRACE|TRAIL|CENTER|CENTRE|"
               r"TOWER|BUILDING|BLDG|ROOM|RM|UNIT|BOX|STOP|PIKE|ALLEY|ROW|WALK|PARK|TURNPIKE|EXPRESSWAY|#\S*)$")

#: Sub-columns of the pre-2003 Form 4, by table and the number of columns the `<S>`/`<C>` line marks.
_PRE2003 = form.PRE2003_COLUMNS


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|(?:\s*:?-{2,}:?\s*\|)+\s*$")


#: The end of a caption that a cell's line breaks cut: "(Instr. 3)", "(Month/Day/Year)".
_CAPTION_TAIL = r"\((?:Instr\.[^()\n]{0,30}|Month/Day/Year|Month/Year)\)"
#: A table's header copied from a web page: a caption's last line, then a tab and the next column's numbered caption
#: on the same line. A browser copies a table's cells with tabs between them and keeps the line breaks inside a cell,
#: so one row of the table stands on several lines of the text.
_CELL_BREAK = re.compile(rf"^[^\S\n]*{_CAPTION_TAIL}[^\S\n]*\t[^\S\n]*\d{{1,2}}[A-Z]?\s*\.\s*[A-Z]", re.M)
#: A line that ends a caption cut by the cell's line breaks, alone or before a tab.
_CAPTION_END = re.compile(rf"^\s*{_CAPTION_TAIL}\s*(?:\t|$)", re.I)
#: A table's header, its first caption; group 1 says Table II.
_TABLE_HEAD = re.compile(r"^\s*1\s*\.\s*Title of (Derivative )?Security", re.I)
_TABLE_TITLE = re.compile(r"^\s*Table\s+II?\s*[-\u2013\u2014:]", re.I)
_SIGNATURES_HEADING = re.compile(r"^\s*Signatures?:?\s*$", re.I)
#: The lines under Table I before what follows it: the reminder, the note on the OMB number.
_TABLE_NOTE = re.compile(r"^\s*(?:Reminder:|Persons who respond|Reporting Owners\b)", re.I)


def _owners_end(text: str) -> bool:
    """Whether a line opens the part of the form after the Reporting Owners table: the signatures, or the
    explanation of responses."""
    return bool(_SIGNATURES_HEADING.match(text) or form.EXPLANATION_HEADING.match(text))


def _table_end(text: str) -> bool:
    """Whether a line opens what follows a table on the form (the reminder, the next table's title or header, the
    Reporting Owners table, the signatures, the explanation of responses): a table ends there though no blank line
    parts them (a page's text as a browser copies it)."""
    return bool(_TABLE_NOTE.match(text) or _TABLE_TITLE.match(text) or _TABLE_HEAD.match(text)) or _owners_end(text)


def _glue(first: _Frag, second: _Frag, sep: str) -> _Frag:
    """Two pieces of the text as one, `sep` standing for the line break between them (at its place in the file)."""
    return _Frag(first.text + sep + second.text, first.pos[:-1] + (first.pos[-1],) + second.pos)


def _rows_with_breaks(lines: list[_Line]) -> list[_Line]:
    """The lines of a form copied from a web page (EDGAR's page of the filing, selected and pasted), as the readers
    of converted printouts take them. Above Table I the page sets its boxes side by side in the cells of a layout
    table, so a line holds pieces of several boxes between tabs: each cell becomes a line of its own. A table's
    header row, its captions cut by their own line breaks, becomes one line (a line break inside a caption is a
    space). A row of the Reporting Owners table, whose name and address cell holds a line each for the name, the
    streets, the city, state, ZIP and country, becomes one line with those line breaks kept in its first cell."""
    out: list[_Line] = []
    boxes = True
    owners = False
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if _TABLE_TITLE.match(text) or _TABLE_HEAD.match(text):
            boxes = False
        if boxes and "\t" in text:
            for cell in line.frag.split("\t"):
                cell = cell.strip()
                if cell.text:
                    start, end = cell.span()
                    out.append(_Line(start, end, cell))
            i += 1
            continue
        if _TABLE_HEAD.match(text):
            owners = False
            frag, j = line.frag, i + 1
            while j < len(lines) and _CAPTION_END.match(lines[j].text):
                frag = _glue(frag, lines[j].frag, " ")
                j += 1
            out.append(_Line(line.start, lines[j - 1].end, frag))
            i = j
            continue
        if re.match(rf"^\s*{form.OWNER_NAME_WORDS}\s*/\s*Address", text, re.I):
            owners = True
        elif owners and _owners_end(text):
            owners = False
        elif owners and text.strip() and "\t" not in text and not re.match(r"^\s*Director\b", text.strip(), re.I):
            # A row of the Reporting Owners table: its lines up to the one whose tabs open the relationship cells.
            j = i
            while j < len(lines) and lines[j].text.strip() and "\t" not in lines[j].text and not _owners_end(lines[j].text):
                j += 1
            if j < len(lines) and "\t" in lines[j].text:
                frag = line.frag
                for k in range(i + 1, j + 1):
                    frag = _glue(frag, lines[k].frag, "\n")
                out.append(_Line(line.start, lines[j].end, frag))
                i = j + 1
                continue
        out.append(line)
        i += 1
    return out


def _pipes_to_tabs(text: str, frag: _Frag) -> _Frag:
    """A markdown pipe-table row as the tab-separated row the table readers take: the outer pipes go, the inner
    ones (not escaped as `\\|` in the file) become tabs; every character keeps its place in the file."""
    stripped = frag.strip()
    inner = stripped.sub(1, len(stripped.text) - 1)
    chars = list(inner.text)
    for k, ch in enumerate(chars):
        at = inner.pos[k]
        if ch == "|" and text[at] == "|" and (at == 0 or text[at - 1] != "\\"):
            chars[k] = "\t"
    return _Frag("".join(chars), inner.pos)


def _column_kinds(slots: list[_Slot]) -> dict[int, str]:
    kinds: dict[int, set[str]] = {}
    for slot in slots:
        kinds.setdefault(slot.column, set()).add(slot.kind)
    return {column: ("text" if k == {"text"} else "mixed" if "text" in k else "values") for column, k in kinds.items()}


def _cell_kind(kinds: dict[int, str], index: int, merged: bool) -> str:
    kind = kinds.get(index, "values")
    return "split" if kind == "text" and merged else kind


def _fit_cells(cells: list[_Frag], header: _Header) -> list[list[tuple[int, _Frag]]]:
    """The ways the cells of a row may stand under the header's columns, each cell with its column. A row with one
    cell per sub-column (Code | V, Amount | (A) or (D) | Price) has more cells than the header: each sub-cell goes
    to its sub-column's column. A row with a few more cells than the header has some column split in two; every
    way of splitting the columns that have sub-columns is a candidate, and the one whose values fit best wins."""
    columns = len(header.numbers)
    if len(cells) <= columns or len(header.slots) <= columns:
        return [list(enumerate(cells))]
    trimmed = list(cells)
    while len(trimmed) > len(header.slots) and not trimmed[-1].text.strip():
        trimmed.pop()
    if len(trimmed) == len(header.slots):
        return [[(slot.column, cell) for cell, slot in zip(trimmed, header.slots, strict=True)]]
    trimmed = list(cells)
    room = [sum(1 for slot in header.slots if slot.column == c) - 1 for c in range(columns)]
    extra = len(trimmed) - columns
    shares: list[list[int]] = [[]]
    for c in range(columns):
        shares = [share + [k] for share in shares for k in range(min(room[c], extra - sum(share)) + 1)]
        if len(shares) > 200:
            break
    out = [list(enumerate(trimmed))]
    for share in shares:
        if len(share) != columns or sum(share) != extra:
            continue
        placed: list[tuple[int, _Frag]] = []
        for c, k in enumerate(share):
            for _ in range(k + 1):
                placed.append((c, trimmed[len(placed)]))
        out.append(placed)
    return out


def _continues(current: list[list[_Frag]], cells: list[_Frag]) -> bool:
    """Whether a line of a pre-2003 table continues the row above: a word cut at the column's edge."""
    last = current[-1]
    first = last[0].text
    return bool(first) and not first.endswith(" ") and bool(cells[0].text) and not cells[0].text.startswith(" ") \
        and cells[0].text[:1].islower()


def _only_text(cells: list[_Frag], layout: list[tuple[tuple[str, str], ...]]) -> bool:
    """Whether a line of a pre-2003 table has text only in title and nature columns: the rest of a wrapped row."""
    for index, cell in enumerate(cells):
        if cell.text.strip() and (index >= len(layout) or layout[index][0][1] != "text"):
            return False
    return True


def _join_columns(lines: list[list[_Frag]]) -> list[_Frag]:
    """One row of a pre-2003 table from its wrapped lines: each column's pieces joined, without a space where a
    word was cut at the column's edge."""
    width = max(len(cells) for cells in lines)
    out: list[_Frag] = []
    for index in range(width):
        pieces = [cells[index] for cells in lines if index < len(cells)]
        joined: _Frag | None = None
        for piece in pieces:
            stripped = piece.strip()
            if not stripped.text:
                continue
            if joined is None:
                joined = stripped
                full = not piece.text.endswith(" ")
                continue
            glue = "" if full else " "
            joined = _Frag(joined.text + glue + stripped.text,
                           joined.pos[:-1] + ((joined.pos[-1],) if glue else ()) + stripped.pos)
            full = not piece.text.endswith(" ")
        out.append(joined if joined is not None else pieces[0].sub(0, 0))
    return out


def _spans_lines(token: _Token, lines: list[list[_Frag]]) -> bool:
    return any(token.span[0] < cells[0].pos[0] <= token.span[1] for cells in lines[1:] if cells and cells[0].pos)


def _ranges(numbers: list[str]) -> str:
    ints = [int(re.sub(r"\D", "", n)) for n in numbers]
    if len(ints) > 1 and ints == list(range(ints[0], ints[-1] + 1)):
        return f"{ints[0]}-{ints[-1]}"
    return ", ".join(numbers)


# --------------------------------------------------------------------------------------------------------------


_DOCUMENT = re.compile(r"<TEXT>\s*\n?(.*?)</TEXT>", re.S | re.I)


def read_text(data: bytes, name: str) -> Filing:
    """Read a text conversion of a Form 3/4/5 printout, or a pre-2003 plain-text filing. Raises NotAFilingError
    (naming the file) when the text is not such a form."""
    text = decode_text(data)
    filing = _read_either(text, name)
    document = dataclasses.replace(filing.document, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return dataclasses.replace(filing, document=document)


def _read_either(text: str, name: str) -> Filing:
    """A text read as running text and, where it keeps its printout's layout (`text_layout.laid_out`), also as a
    laid-out page (`text_layout.read_laid_out`): the reading that finds more values is kept (a plain-text filing of
    2000, spread in columns too, reads better as running text; `pdftotext -layout` of a printout as a page)."""
    from .text_layout import laid_out, read_laid_out

    try:
        filing: Filing | None = read_text_document(text, name)
        refused: NotAFilingError | None = None
    except NotAFilingError as exc:
        filing, refused = None, exc
    if laid_out(text):
        try:
            page = read_laid_out(text, name, SourceDocument(kind="text", name=name))
        except NotAFilingError:
            page = None
        except Exception:  # a page the PDF reader trips over: the running text's reading stands, as read
            log.exception("%s: the text's layout could not be read", name)
            page = None
        if page is not None and (filing is None or _found(page) > _found(filing)):
            filing = page
    if filing is None:
        assert refused is not None
        raise refused
    return filing


def _found(filing: Filing) -> int:
    """How many values a reading found (a value, or a footnote mark)."""
    return sum(1 for _, value in filing.values() if value.value is not None or value.footnotes)


def read_text_document(text: str, name: str, offset: int = 0, base: Filing | None = None) -> Filing:
    """Read a printout's text that is already decoded. `offset` is added to every span, so that spans point into
    the whole file when `text` is a part of it; `base` is a filing whose accession number and filing date (from a
    full submission's header) are kept, and whose document description is extended with this reader's notes.

    A full submission holding a plain-text document (`<TEXT>...</TEXT>`) is read from that document."""
    body, body_start = text, 0
    m = _DOCUMENT.search(text)
    if m and re.search(r"<SEC-DOCUMENT>|<SEC-HEADER>|<DOCUMENT>", text[: m.start()], re.I):
        body, body_start = m[1], m.start(1)
    if not _looks_like_form(body):
        raise NotAFilingError(name, "the text is not a Form 3, 4 or 5: none of the form's boxes "
                              f"({_BOX_TITLES['owner']}, {_BOX_TITLES['issuer']}) were found")
    reader = _Reader(body, name, offset + body_start, _form_hint(body))
    parts = reader.read()
    form: Value = parts["form"]
    owners = parts["reporting_owners"]
    notes = list(dict.fromkeys(reader.notes))
    kwargs: dict[str, Any] = {
        "form": form,
        "period_of_report": parts["period_of_report"],
        "date_of_original_submission": parts["date_of_original_submission"],
        "issuer": parts["issuer"],
        "reporting_owners": owners,
        "footnotes": parts["footnotes"],
        "remarks": parts["remarks"],
        "signatures": parts["signatures"],
        "filing_date": parts["filing_date"],
    }
    for name_ in ("no_securities_owned", "not_subject_to_section16", "form3_holdings_reported",
                  "form4_transactions_reported", "aff10b5_one"):
        if name_ in parts:
            kwargs[name_] = parts[name_]
    for table in TABLE_FIELDS:
        kwargs[table] = parts[table]
    cited = {n for part in _all_values(kwargs) for n in part.footnotes}
    have = {f.id for f in parts["footnotes"]}
    for missing in sorted(cited - have, key=lambda s: int(s[1:]) if s[1:].isdigit() else 0):
        notes.append(f"footnote mark ({missing[1:]}) is used but its text is not in the file")
    kind = "text"
    document = SourceDocument(kind=kind, name=name, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                              size=len(text.encode("utf-8")), notes=tuple(notes))
    if base is None and body_start:
        kwargs.update(_submission_header(text[:body_start], offset))
    if base is not None:
        kwargs["accession_number"] = base.accession_number
        if not base.filing_date.empty or kwargs["filing_date"].empty:
            kwargs["filing_date"] = base.filing_date
        if base.document.kind != "unknown":
            document = dataclasses.replace(base.document, notes=tuple(base.document.notes) + tuple(notes))
    filing = Filing(**kwargs, document=document)
    log.debug("%s: read %d owners, %d+%d+%d+%d rows, %d footnotes", name, len(owners),
              len(filing.non_derivative_transactions), len(filing.non_derivative_holdings),
              len(filing.derivative_transactions), len(filing.derivative_holdings), len(filing.footnotes))
    return filing


def _submission_header(head: str, offset: int) -> dict[str, Value]:
    """Accession number and filing date from the SGML header of a full submission read on its own."""
    out: dict[str, Value] = {}
    m = re.search(r"^ACCESSION NUMBER:\s*(\S+)", head, re.M)
    if m:
        out["accession_number"] = Value(m[1], raw=m[1], source=TextSpan(offset + m.start(1), offset + m.end(1)))
    m = re.search(r"^FILED AS OF DATE:[ \t]*(\d{8})\b", head, re.M)
    date = _header_date(m[1]) if m else None
    if m and date is not None:
        out["filing_date"] = Value(date, raw=m[1], source=TextSpan(offset + m.start(1), offset + m.end(1)))
    return out


def _header_date(digits: str) -> dt.date | None:
    """A header's YYYYMMDD date, or None when the digits are no date (a damaged header is not a reason to refuse
    the filing it heads)."""
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _form_hint(text: str) -> str:
    for number, pattern in _FORM_TITLE:
        if pattern.search(text[:20000]):
            return number
    return _form_line(text[:5000]) or "4"


def _form_line(text: str) -> str | None:
    """The number of the first "FORM 4" that starts a line (after spaces and stars), as
    `(?m)^\\s*\\**\\s*FORM\\s+([345])\\b` finds it; found from each "FORM" backwards, since that expression tries
    every line start of a run of blank lines to its end (cubic in the run)."""
    for m in re.finditer(r"FORM\s++([345])\b", text, re.I):
        spaces_start = m.start()
        while spaces_start and text[spaces_start - 1].isspace():
            spaces_start -= 1
        # A line starts in the spaces just before FORM (at the text's start or after a line break) ...
        if spaces_start == 0 or "\n" in text[spaces_start : m.start()]:
            return m[1]
        stars_start = spaces_start
        while stars_start and text[stars_start - 1] == "*":
            stars_start -= 1
        if stars_start == spaces_start:
            continue
        run_start = stars_start
        while run_start and text[run_start - 1].isspace():
            run_start -= 1
        # ... or in the spaces before the stars in front of it.
        if run_start == 0 or "\n" in text[run_start:stars_start]:
            return m[1]
    return None


def _looks_like_form(text: str) -> bool:
    return bool(_BOXES[0][1].search(text) or _BOXES[1][1].search(text))


def _all_values(kwargs: dict[str, Any]) -> Iterable[Value]:
    for item in kwargs.values():
        if isinstance(item, Value):
            yield item
        elif isinstance(item, tuple):
            for part in item:
                if dataclasses.is_dataclass(part):
                    for f in dataclasses.fields(part):
                        v = getattr(part, f.name)
                        if isinstance(v, Value) and f.name != "text":
                            yield v
        elif dataclasses.is_dataclass(item):
            for f in dataclasses.fields(item):
                v = getattr(item, f.name)
                if isinstance(v, Value):
                    yield v
