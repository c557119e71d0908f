"""A table row's values put in their columns by what they are, where the columns' places do not agree.

A printout's row is read by where its words stand under the captions (`pdf._Grid.assign`). Some printouts set a
row's values away from their captions: EDGAR's own page, printed and turned into text, sets the amounts of Table I
a few characters left of "4." and "5.", runs a price into the column after it and wraps a row over three lines
("$" on one, "220 23,074" on the next). Each value then stands in a column that cannot hold it: two amounts in
one cell, a price where the amount owned goes, a letter beside an amount.

The form says what each column holds, left to right: a title, dates, a transaction code, V, amounts, (A) or (D),
a price, D or I, a nature of ownership. Where the row read by places has a cell that cannot be its field's
(`consistent`), its values are taken in that order (a title's words in reading order, a value cell's left to
right) and set in the columns by kind (`by_kind`): the best assignment keeps every value in order, puts each in a
column that can hold it, and prefers a value's own column by place. A row whose values cannot all be placed so is
left as its places gave it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import ROW_FIELDS, TRANSACTION_CODES, Kind
from .in_order import fit_in_order
from .pdf_layout import Word, make_lines

#: Footnote marks alone ("(2)", "(2)(3)"), and marks at a word's end ("S(1)", "23,074(2)").
_MARKS = re.compile(r"^(?:\(\d{1,3}\))+$")
_TRAILING_MARKS = re.compile(r"(?:\(\d{1,3}\))+$")
_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")
#: An amount, bracketed whole or not at all ("5)" is a footnote mark a scan broke, no amount).
_NUMBER = re.compile(r"^(?:\(\d[\d,]*(?:\.\d+)?\)|\d[\d,]*(?:\.\d+)?|\.\d+)$")
_PRICE = re.compile(r"^\$(?:\(\d[\d,]*(?:\.\d+)?\)|\d[\d,]*(?:\.\d+)?|\.\d+)$")
_LETTER = re.compile(r"^\(?([A-Z])(/K)?\)?$")
#: A value no title ends with: a date, a price, an amount with its thousands' separators or decimals.
_STRONG = re.compile(r"^\$|^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+\.\d+$|^\d{1,2}/\d{1,2}/\d{2,4}$")

#: A word of a title: letters, with the punctuation names and titles use.
_WORDLIKE = re.compile(r"^[A-Za-z][A-Za-z'&.,\-/]*[A-Za-z.,)]?$|^\(?[A-Za-z][A-Za-z'&.,\-/]*\)?[.,]?$")
#: The fields of words: titles and the nature of ownership (the other fields of text hold a letter: V, E or L).
_TITLES = frozenset({"security_title", "underlying_security_title", "nature_of_ownership"})
#: Fields whose amounts are prices (a "$" amount belongs there first).
_PRICES = frozenset({"price_per_share", "conversion_or_exercise_price"})
#: What leaving a value unplaced costs: more than any assignment gains, so that every value is placed.
_DROP = -20.0
#: What a value gains in the column its place gave it.
_OWN_COLUMN = 2.0


@dataclass
class _Token:
    kind: str  # text, date, num, price, letter, mark; dollar: a "$" with no amount after it
    words: list[Word]
    column: str  # the field the row's places gave it
    letter: str = ""
    marks: list[Word] = field(default_factory=list)
    split: bool = False  # its words came from two cells (a "$" in one, its amount in the next)


def _kind_of(text: str) -> tuple[str, str]:
    """A word's kind (and its letter, for a letter), footnote marks at its end aside."""
    if _MARKS.match(text):
        return "mark", ""
    bare = _TRAILING_MARKS.sub("", text)
    if _DATE.match(bare):
        return "date", ""
    if _PRICE.match(bare):
        return "price", ""
    if _NUMBER.match(bare):
        return "num", ""
    if m := _LETTER.match(bare):
        return "letter", m[1] + (m[2] or "")
    return "text", ""


def _reading(words: Sequence[Word]) -> list[Word]:
    out: list[Word] = []
    for page in sorted({w.page for w in words}):
        for line in make_lines([w for w in words if w.page == page], page):
            out.extend(line.words)
    return out


def _tokens(fields: Sequence[str], cells: dict[str, list[Word]]) -> list[_Token]:
    """The row's values in the columns' order, a title's in reading order and a value cell's left to right: a "$"
    with the amount after it (in its cell or the next), a title's words together (footnote marks among them, values
    no title holds split off), footnote marks with the value before them."""
    tokens: list[_Token] = []
    dollar: Word | None = None  # a "$" standing alone, waiting for its amount
    dollar_field = ""
    waiting: list[Word] = []  # footnote marks met between a "$" and its amount
    for name in fields:
        title = name in _TITLES
        spilled: set[int] = set()
        if title:
            words, spilled = _title_first(_reading(cells.get(name, [])))
        else:
            words = _left_to_right(cells.get(name, []))
        cell: list[_Token] = []
        for w in words:
            kind, letter = _kind_of(w.text)
            last = cell[-1] if cell else None
            if kind == "mark" and dollar is not None:
                waiting.append(w)  # "$", its mark under it, then its amount: the mark is the amount's
                continue
            if kind == "mark" and last is not None and not _apart(last, w):
                _owner(cell, w).marks.append(w)
                continue
            if w.text == "$":
                if dollar is not None:
                    tokens.append(_Token("dollar", [dollar], name, "", waiting))
                    waiting = []
                dollar, dollar_field = w, name
                continue
            if dollar is not None:
                if kind == "num":
                    cell.append(_Token("price", [dollar, w], name, "", waiting, split=dollar_field != name))
                    dollar, waiting = None, []
                    continue
                tokens.append(_Token("dollar", [dollar], name, "", waiting))
                dollar, waiting = None, []
            if title and kind != "mark" and id(w) not in spilled:
                kind = "text"  # "Class A", "Notes due 2025", "par value $0.001": a title's words
            if kind == "text" and last is not None and last.kind == "text":
                last.words.extend([*last.marks, w])  # "by (2) Trust": a mark inside a title stays in it
                last.marks = []
                continue
            cell.append(_Token(kind, [w], name, letter))
        tokens.extend(cell)
    if dollar is not None:
        tokens.append(_Token("dollar", [dollar], fields[-1], "", waiting))
    return tokens


def _left_to_right(words: list[Word]) -> list[Word]:
    """A value cell's words in the form's order, left to right, those that start at one place top to bottom (a
    price wrapped in a narrow column, "$" above "249.34", though an amount to their right stands on the line
    between); a "$" just before the amount it goes with."""
    if not words:
        return words
    step = 0.5 * max(w.size for w in words)
    keys = {id(w): (w.page, round(w.x0 / step), w.top, 0) for w in words}
    for w in words:
        if w.text != "$":
            continue
        # A "$" goes just before its amount: the nearest number beside it or on a line below, wherever it starts.
        amounts = [a for a in words if a.page == w.page and a.top >= w.top - w.size / 2 and a.x1 > w.x0
                   and _kind_of(a.text)[0] == "num"]
        if amounts:
            amount = min(amounts, key=lambda a: (a.top - w.top) + abs(a.x0 - w.x0))
            keys[id(w)] = (*keys[id(amount)][:3], -1)
    return sorted(words, key=lambda w: keys[id(w)])


def _title_first(words: list[Word]) -> tuple[list[Word], set[int]]:
    """A title cell's words with its text first, in reading order, then the values no title holds (an amount of the
    next column wrapped into the title's lines: "Class 2,422" over "B common stock"), left to right; and those
    values (by id). A value a word space after a word of the title is the title's ("par value $0.001")."""
    values: set[int] = set()
    for k, w in enumerate(words):
        before = words[k - 1] if k else None
        in_phrase = before is not None and id(before) not in values and abs(before.middle - w.middle) < w.size / 2 \
            and 0 <= w.x0 - before.x1 <= 0.8 * w.size  # "par value $0.001 per share": a word space apart
        if (_STRONG.match(w.text) or w.text == "$") and not in_phrase:
            values.add(id(w))
        elif _MARKS.match(w.text) and k and id(words[k - 1]) in values and \
                abs(words[k - 1].middle - w.middle) < w.size / 2:
            values.add(id(w))  # a footnote mark right after such a value
    if not values:
        return words, values
    return [w for w in words if id(w) not in values] + sorted((w for w in words if id(w) in values),
                                                              key=lambda w: (w.x0, w.top)), values


def _apart(last: _Token, mark: Word) -> bool:
    """A footnote mark after a value given only by its marks, farther than a word space from it on its line: the
    next column's value so given ("(8)   (8)": an exercise date and an expiration date each given by note 8)."""
    if last.kind != "mark":
        return False
    end = (last.marks or last.words)[-1]
    return abs(end.middle - mark.middle) < mark.size / 2 and mark.x0 - end.x1 > mark.size


def _owner(cell: list[_Token], mark: Word) -> _Token:
    """The value a footnote mark goes with: the one before it on its line, or, for a mark on a line of its own (a
    wrapped cell's "(3)" under its price), the value it stands under."""
    last = cell[-1]
    if abs(last.words[-1].middle - mark.middle) < mark.size / 2 or last.words[-1].page != mark.page:
        return last

    def distance(token: _Token) -> float:
        x0 = min(w.x0 for w in token.words)
        x1 = max(w.x1 for w in token.words)
        return max(x0 - mark.x1, mark.x0 - x1, 0.0)

    return min(reversed(cell), key=distance)


def _field_kind(name: str) -> Kind:
    return ROW_FIELDS[name].kind if name in ROW_FIELDS else Kind.DECIMAL  # shares_acquired / shares_disposed


def _score(token: _Token, name: str) -> float | None:
    """How well a value fits a field; None when the field cannot hold it."""
    kind = _field_kind(name)
    k = token.kind
    base: float | None = None
    if k == "text":
        # Words in a value's cell are a title's or a nature's that ran into it ("by trust"), or, where they are not
        # words ("p\u00ae" for "D(1)" on a scan), a value read wrong: that stays in its cell, for the reading that
        # follows to read again or a person to correct.
        if name in _TITLES:
            base = 3.0 if token.column in _TITLES or all(_WORDLIKE.match(w.text) or _MARKS.match(w.text)
                                                         for w in token.words) else None
        else:
            base = 1.0 if token.column == name else None
    elif k == "date":
        base = 3.0 if kind is Kind.DATE else None
    elif k == "num":
        base = 3.0 if kind is Kind.DECIMAL else None
    elif k == "price":
        base = (3.0 if name in _PRICES else 2.0) if kind is Kind.DECIMAL else None
    elif k == "letter":
        letter = token.letter
        if kind is Kind.CODE and letter.split("/")[0] in TRANSACTION_CODES:
            base = 2.5
        elif name == "transaction_timeliness" and letter in ("V", "E", "L"):
            base = 3.0
        elif kind is Kind.AD and letter in ("A", "D"):
            base = 3.0
        elif kind is Kind.DI and letter in ("D", "I"):
            base = 3.0
    elif k == "mark":
        # A value given only by its footnotes: an amount, a date or a title, best in its own column.
        base = 0.5 if kind in (Kind.DECIMAL, Kind.DATE) or name in _TITLES else None
    if base is None:
        return None
    return base + (_OWN_COLUMN if token.column == name else 0.0)


def consistent(fields: Sequence[str], cells: dict[str, list[Word]]) -> bool:
    """Whether each cell the row's places gave can be its field's: at most one value in a cell of a value, and that
    of the field's kind; a title with no date, price or grouped amount at its end."""
    return _fits(_tokens(fields, cells))


def by_kind(fields: Sequence[str], cells: dict[str, list[Word]]) -> dict[str, list[Word]] | None:
    """The row's words by field, its values set in the columns by kind and order (see the module's text); None
    when some value fits no column so (the row is then left as its places gave it)."""
    return _aligned(fields, _tokens(fields, cells))


def placed(fields: Sequence[str], cells: dict[str, list[Word]]) -> dict[str, list[Word]] | None:
    """`by_kind` of a row that is not `consistent`; None for a row whose cells all fit their fields or whose values
    cannot all be placed (either way it stays as its places gave it). The row's values are found once."""
    tokens = _tokens(fields, cells)
    return None if _fits(tokens) else _aligned(fields, tokens)


def _fits(tokens: list[_Token]) -> bool:
    if any(t.split for t in tokens):
        return False
    for token_list in _by_cell(tokens).values():
        values = [t for t in token_list if t.kind not in ("mark", "dollar")]
        if not values:
            continue
        name = token_list[0].column
        if name in _TITLES:
            if any(t.kind != "text" for t in values):
                return False
            continue
        if len(values) > 1 or _score(values[0], name) is None:
            return False
    return True


def _by_cell(tokens: list[_Token]) -> dict[str, list[_Token]]:
    out: dict[str, list[_Token]] = {}
    for t in tokens:
        out.setdefault(t.column, []).append(t)
    return out


def _aligned(fields: Sequence[str], tokens: list[_Token]) -> dict[str, list[Word]] | None:
    _, steps = fit_in_order(len(tokens), len(fields), lambda i, j: _score(tokens[i], fields[j]),
                            lambda i: 0.0 if tokens[i].kind == "dollar" else _DROP)
    out: dict[str, list[Word]] = {}
    for i, j in steps:
        token = tokens[i]
        if j is not None:
            out[fields[j]] = token.words + token.marks
        elif token.kind != "dollar":
            return None  # a value no column can hold ("$" with no amount after it is no value)
    return out


__all__ = ["by_kind", "consistent", "placed"]
