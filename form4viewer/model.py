"""One model of a Form 3, 4 or 5 filing, as the form has it.

Every leaf of a filing is a `Value`: the parsed value (`str`, `Decimal`, `datetime.date` or `bool`), the footnote
ids the filer attached to that field, the raw text it was read from, where it was read (`sources`), and how sure the
reader was. A person's correction replaces the value and keeps the rest, remembering what was read so that it can be
reverted.

Filings are immutable: an edit makes a new filing (`Filing.replace_at`), which is what the undo stack and the store
rely on. Fields are addressed by path in the extract contract's terms, e.g. `issuer.name`,
`reporting_owners[0].officer_title`, `non_derivative_transactions[1].shares`, `footnotes[0].text`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

from .sources import PdfBox, Source, TextSpan, XmlPath, source_from_dict

# --------------------------------------------------------------------------------------------------------------
# Kinds of field and how their text is read


class Kind(StrEnum):
    """What a field holds; decides parsing, formatting and the editor the viewer offers."""

    TEXT = "text"
    DECIMAL = "decimal"
    DATE = "date"
    BOOL = "bool"
    CODE = "code"  # transaction code, one letter from TRANSACTION_CODES
    AD = "ad"  # A (acquired) or D (disposed of)
    DI = "di"  # D (direct) or I (indirect)
    FORM = "form"  # 3, 3/A, 4, 4/A, 5, 5/A


FORM_TYPES = ("3", "3/A", "4", "4/A", "5", "5/A")

#: Transaction codes of the Form 4 instructions (General Instruction 8), with their meanings.
TRANSACTION_CODES: dict[str, str] = {
    "P": "Open market or private purchase",
    "S": "Open market or private sale",
    "V": "Transaction voluntarily reported earlier than required",
    "A": "Grant, award or other acquisition from the issuer (Rule 16b-3(d))",
    "D": "Disposition to the issuer (Rule 16b-3(e))",
    "F": "Payment of exercise price or tax liability by delivering or withholding securities",
    "I": "Discretionary transaction (Rule 16b-3(f))",
    "M": "Exercise or conversion of derivative security exempted under Rule 16b-3",
    "C": "Conversion of derivative security",
    "E": "Expiration of short derivative position",
    "H": "Expiration (or cancellation) of long derivative position with value received",
    "O": "Exercise of out-of-the-money derivative security",
    "X": "Exercise of in-the-money or at-the-money derivative security",
    "G": "Bona fide gift",
    "L": "Small acquisition under Rule 16a-6",
    "W": "Acquisition or disposition by will or the laws of descent and distribution",
    "Z": "Deposit into or withdrawal from voting trust",
    "J": "Other acquisition or disposition (described in a footnote)",
    "K": "Transaction in equity swap or similar instrument",
    "U": "Disposition pursuant to a tender of shares in a change of control transaction",
}

_GROUPING = re.compile(r"[,\s$]")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_decimal(text: str) -> Decimal:
    """`"$ 1,234.50"` -> `Decimal("1234.50")`; a value in parentheses is negative. Raises ValueError."""
    cleaned = _GROUPING.sub("", text.strip())
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    if not cleaned:
        raise ValueError(f"no number in {text!r}")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return -number if negative else number


def parse_date(text: str) -> dt.date:
    """ISO `2013-11-22` (a trailing time zone such as `-05:00` is ignored) or US `11/22/2013`. Raises ValueError."""
    text = text.strip()
    m = _ISO_DATE.match(text)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = _US_DATE.match(text)
    if m:
        year = int(m[3])
        if year < 100:
            year += 2000 if year < 70 else 1900
        return dt.date(year, int(m[1]), int(m[2]))
    raise ValueError(f"not a date: {text!r}")


def parse_bool(text: str) -> bool:
    """`1`/`true`/`X` -> True, `0`/`false`/empty -> False, as the XML and printouts have them."""
    t = text.strip().lower()
    if t in ("1", "true", "x", "yes", "y"):
        return True
    if t in ("0", "false", "", "no", "n"):
        return False
    raise ValueError(f"not a yes/no value: {text!r}")


def parse_value(kind: Kind, text: str) -> Any:
    """The typed value of `text` for a field of `kind`; empty text is None. Raises ValueError when it does not fit.

    Codes and A/D, D/I choices are upper-cased; other text is kept as filed."""
    if text is None or not text.strip():
        return None
    if kind is Kind.DECIMAL:
        return parse_decimal(text)
    if kind is Kind.DATE:
        return parse_date(text)
    if kind is Kind.BOOL:
        return parse_bool(text)
    if kind in (Kind.CODE, Kind.AD, Kind.DI):
        return text.strip().upper()
    if kind is Kind.FORM:
        return text.strip().upper()
    return text


# --------------------------------------------------------------------------------------------------------------
# What a person types into an editor
#
# Stricter than `parse_value`, which reads what filers wrote: typed text is either taken exactly as meant or
# refused with a reason, never guessed at (no two-digit years, no stray commas, no codes outside the form's list).

#: Fields of the kind TEXT whose typed text must still be one of a few letters, with what each means.
TIMELINESS: dict[str, str] = {"E": "Early", "L": "Late"}
TRANSACTION_FORM_TYPES = ("3", "4", "5")
TYPED_CHOICES: dict[str, tuple[str, ...]] = {
    "transaction_timeliness": tuple(TIMELINESS),
    "transaction_form_type": TRANSACTION_FORM_TYPES,
}

# ASCII digits only: Decimal and int() would also take other scripts' digits, which nobody types into a Form 4.
_TYPED_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d+)", re.ASCII)
_TYPED_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_TYPED_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_TYPED_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)?(\.\d*)?", re.ASCII)
_TYPED_NOTE_SUFFIX = re.compile(r"\d\s*\(\s*F?\d+\s*\)$", re.ASCII | re.IGNORECASE)
_TYPED_AD_SUFFIX = re.compile(r"\d\s*(?:\(\s*([AD])\s*\)|\s([AD]))$", re.ASCII | re.IGNORECASE)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
#: Dates a person may type: Section 16 began in 1934; a few years ahead covers expiration dates of options.
TYPED_YEARS = (1900, 2199)


@dataclass(frozen=True)
class Typed:
    """What a person typed, read for one field: `value` when it was taken, else `message` saying why not."""

    value: Any = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is None


def _typed_date(text: str) -> Typed:
    m = _TYPED_US_DATE.fullmatch(text)
    if m:
        month, day, year_text = int(m[1]), int(m[2]), m[3]
        if len(year_text) != 4:
            return Typed(message=f"{text!r}: write the year in full, as MM/DD/YYYY (e.g. 11/21/2013).")
        year = int(year_text)
    elif (m := _TYPED_ISO_DATE.fullmatch(text) or _TYPED_COMPACT_DATE.fullmatch(text)) is not None:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        return Typed(message=f"{text!r} is not a date: type it as MM/DD/YYYY (11/21/2013) or YYYY-MM-DD "
                             f"(2013-11-21).")
    if not TYPED_YEARS[0] <= year <= TYPED_YEARS[1]:
        return Typed(message=f"{text!r}: the year {year} is not one a filing can have "
                             f"({TYPED_YEARS[0]} to {TYPED_YEARS[1]}).")
    if not 1 <= month <= 12:
        return Typed(message=f"{text!r}: there is no month {month}.")
    try:
        return Typed(dt.date(year, month, day))
    except ValueError:
        return Typed(message=f"{text!r}: {_MONTHS[month - 1]} {year} has no day {day}.")


def _typed_amount(text: str) -> Typed:
    body = text
    suffix = _TYPED_AD_SUFFIX.search(body)
    if suffix is not None:
        letter = (suffix[1] or suffix[2]).upper()
        return Typed(message=f"{text!r}: the ({letter}) belongs in the \"(A) or (D)\" column; type the amount "
                             f"alone here.")
    if _TYPED_NOTE_SUFFIX.search(body) is not None:
        return Typed(message=f"{text!r}: footnote marks are attached from the field's menu (Footnotes), not typed "
                             f"with the amount.")
    if body.startswith("$"):
        body = body[1:].lstrip()
    if body.startswith(("-", "(", "\u2212")):
        return Typed(message=f"{text!r}: amounts and prices on the form are not negative.")
    m = _TYPED_NUMBER.fullmatch(body)
    if m is None or not (m[1] or (m[2] or ".")[1:]):
        if "," in body:
            return Typed(message=f"{text!r}: commas must separate thousands (1,234.50); use a point for "
                                 f"decimals.")
        return Typed(message=f"{text!r} is not an amount: type digits, with commas between thousands and a "
                             f"point before decimals (e.g. $1,234.50).")
    return Typed(Decimal((m[1] or "0").replace(",", "").replace(" ", "") + (m[2] or "")))


def _typed_choice(text: str, allowed: tuple[str, ...], what: str) -> Typed:
    letter = text.upper()
    if len(letter) == 3 and letter[0] == "(" and letter[2] == ")":
        letter = letter[1]  # "(A)" as the form prints it
    if letter in allowed:
        return Typed(letter)
    return Typed(message=f"{text!r} is not {what}: type one of {', '.join(allowed)}.")


def parse_typed(kind: Kind, text: str, field: str = "") -> Typed:
    """Read what a person typed into the editor of a field of `kind` (`field` is the field's name, which narrows
    some text fields, e.g. `transaction_timeliness` to E or L). Empty text empties the field (value None).

    Dates as the form writes them (`11/21/2013`, `1/5/2013`), ISO (`2013-11-21`) or `20131121`; amounts with `$`,
    spaces and commas between thousands, kept as typed (`$1,234.50` is `Decimal("1234.50")`); codes, A/D, D/I
    and form types from their lists, in either case. Anything else is refused with a message; nothing is guessed."""
    stripped = text.strip()
    if kind is Kind.TEXT and field not in TYPED_CHOICES:
        return Typed(text if stripped else None)
    if not stripped:
        return Typed(None)
    if kind is Kind.DATE:
        return _typed_date(stripped)
    if kind is Kind.DECIMAL:
        return _typed_amount(stripped)
    if kind is Kind.BOOL:
        try:
            return Typed(parse_bool(stripped))
        except ValueError:
            return Typed(message=f"{stripped!r} is not a yes or no: type yes or no (or 1 or 0).")
    if kind is Kind.CODE:
        return _typed_choice(stripped, tuple(TRANSACTION_CODES), "a transaction code")
    if kind is Kind.AD:
        return _typed_choice(stripped, ("A", "D"), "A (acquired) or D (disposed of)")
    if kind is Kind.DI:
        return _typed_choice(stripped, ("D", "I"), "D (direct) or I (indirect)")
    if kind is Kind.FORM:
        return _typed_choice(stripped, FORM_TYPES, "a form type")
    if field == "transaction_timeliness":
        return _typed_choice(stripped, tuple(TIMELINESS), "E (early) or L (late)")
    return _typed_choice(stripped, TYPED_CHOICES[field], "a form type of a transaction")


def decimal_text(number: Decimal) -> str:
    """A Decimal as the contract writes it, `format(number, "f")` (no grouping, no exponent), which is `str(number)`
    unless that has an exponent: str takes half the time, and amounts are written hundreds of times a filing."""
    text = str(number)
    return text if "E" not in text else format(number, "f")


def format_value(value: Any) -> str | None:
    """The contract's text for a typed value: ISO dates, decimals without grouping or exponent, true/false."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------------------------------------------
# Values


class Confidence:
    """The one scale of confidence, from 0 (nothing could be read) to 1 (machine-readable data), with the levels
    every reader gives and the thresholds the checks and the window use. A reader says how it got a value by
    picking the level that describes it; nothing else in the program writes a confidence number down.

    Thresholds: below `DOUBTFUL` a value is marked in the window and the checks point at it (as info); below
    `LOW` the checks warn."""

    #: Read from machine-readable data (ownership XML, a submission's XML).
    EXACT = 1.0
    #: Read from the place the form gives it on a page or in a text, where it was printed whole.
    SURE = 0.95
    #: Read from its place, but a value the printout shows only in part or the stylesheet rounds.
    NEARLY = 0.9
    #: A value whose text ran over several lines, or was split out of a cell holding more than one.
    WRAPPED = 0.85
    #: Threshold: below this a value is marked for a person to look at.
    DOUBTFUL = 0.8
    #: A check box whose mark the source lost, read from what the rest of the form says.
    MARK_LOST = 0.75
    #: A value concluded from what the page shows rather than read (a column inferred from its neighbours).
    INFERRED = 0.7
    #: A value read where the form's box was found only approximately (a check box whose mark may be lost).
    UNCERTAIN = 0.6
    #: A value read by a heuristic (an address split without separators, two words run together); also the
    #: threshold below which the checks warn.
    GUESS = 0.5
    LOW = 0.5
    #: Text found where a value belongs, but it does not read as one.
    UNPARSED = 0.3
    #: Text running past the edge of the page: only part of it is shown.
    CUT = 0.25
    #: A value that could not be read at all from the text found.
    UNREADABLE = 0.2
    #: An empty value where the source lost what the form must show.
    LOST = 0.1


#: The types a Value's `value` may have (exactly these: a `datetime` is not a date of the form, a float not an
#: amount, and neither is taken).
_VALUE_TYPES = frozenset({str, bool, Decimal, dt.date, type(None)})
#: The same but Decimal, which must also be finite.
_PLAIN_TYPES = frozenset({str, bool, dt.date, type(None)})
_SOURCE_TYPES = frozenset({PdfBox, TextSpan, XmlPath})
#: The form of a footnote id: F and its number (the schema of ownership XML has F1 to F99).
FOOTNOTE_ID = re.compile(r"F\d+", re.ASCII)
#: Footnote ids already found to be of the form F<n>: ids repeat across a filing and across filings.
_NOTE_IDS: set[str] = set()


def _checked_notes(footnotes: Any) -> tuple[str, ...]:
    """`footnotes` as a tuple of ids of the form F<n>; TypeError or ValueError for anything else."""
    if type(footnotes) is not tuple:
        if not isinstance(footnotes, (tuple, list)):
            raise TypeError(f"footnotes must be a tuple of ids such as 'F1', not {type(footnotes).__name__}")
        footnotes = tuple(footnotes)
    for note_id in footnotes:
        if note_id not in _NOTE_IDS:
            if type(note_id) is not str or FOOTNOTE_ID.fullmatch(note_id) is None:
                raise ValueError(f"a footnote id is F followed by its number ('F1'), not {note_id!r}")
            if len(_NOTE_IDS) < 10_000:
                _NOTE_IDS.add(note_id)
    return footnotes


def _refused(value: Any) -> str | None:
    """Why `value` cannot be a Value's value, or None when it can."""
    kind = type(value)
    if kind in _VALUE_TYPES:
        if kind is Decimal and not value.is_finite():
            return f"an amount must be a finite number, not {value}"
        return None
    if isinstance(value, dt.datetime):
        return f"a date is a datetime.date without a time, not the datetime {value!r}"
    if isinstance(value, float):
        return f"an amount is a Decimal, never a float ({value!r}): floats do not keep the digits filed"
    if isinstance(value, str):  # a subclass of str (lxml's smart strings): text all the same
        return None
    return f"a value is text, a Decimal, a datetime.date, a bool or None, not a {kind.__name__} ({value!r})"


@dataclass(frozen=True, slots=True, init=False)
class Value:
    """One field of a filing; immutable, compared and hashed by its parts, and made only through its constructor,
    which checks what it is given (TypeError or ValueError otherwise):

    - `value`: what the field holds, None when the source shows nothing; `str` for text and codes, `Decimal` for
      amounts and prices (finite; never a float), `datetime.date` for dates (not a `datetime`), `bool` for boxes.
    - `footnotes`: the ids of the footnotes the filer attached to this field, each `F<n>` (`"F1"`), as a tuple (a
      list is taken as one).
    - `raw`: the text the value was read from (`str`), or None.
    - `source`: where it was read (`PdfBox`, `TextSpan` or `XmlPath`), or None.
    - `confidence`: how sure the reader was, a number from 0 (a guess) to 1 (read from machine-readable data); see
      `Confidence` for the levels.
    - `read`: what the reader gave, kept once a person has changed the value (None while the value is as read), so
      that `corrected` is derived, not a flag to keep in step.
    """

    value: Any
    footnotes: tuple[str, ...]
    raw: str | None
    source: Source | None
    confidence: float
    read: Value | None

    #: `Value.trusted(value, footnotes, raw, source, confidence=1.0)`: the plain constructor beside this one, for
    #: readers that make each part's type themselves; it checks nothing (see `_Trusted` for what it trusts).
    trusted: ClassVar[Callable[..., Value]]

    def __init__(self, value: Any = None, footnotes: tuple[str, ...] = (), raw: str | None = None,
                 source: Source | None = None, confidence: float = 1.0, read: Value | None = None) -> None:
        # The checks come first and cost a few type tests on the usual values: readers make every Value through
        # here, hundreds per filing.
        kind = type(value)
        if kind not in _PLAIN_TYPES:
            if kind is Decimal:
                if not value.is_finite():
                    raise ValueError(_refused(value))
            elif (problem := _refused(value)) is not None:
                raise TypeError(problem)
        if footnotes:
            footnotes = _checked_notes(footnotes)
        elif type(footnotes) is not tuple:
            footnotes = _checked_notes(footnotes)
        if raw is not None and not isinstance(raw, str):
            raise TypeError(f"raw is the text a value was read from, not a {type(raw).__name__}")
        if source is not None and type(source) not in _SOURCE_TYPES and not isinstance(source, (PdfBox, TextSpan,
                                                                                                 XmlPath)):
            raise TypeError(f"a source is a PdfBox, TextSpan or XmlPath, not a {type(source).__name__}")
        if type(confidence) is not float or not 0.0 <= confidence <= 1.0:
            if type(confidence) is bool or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
                raise ValueError(f"a confidence is a number from 0 to 1, not {confidence!r}")
            confidence = float(confidence)
        if read is not None and type(read) is not Value:
            raise TypeError(f"read is the Value the reader gave, not a {type(read).__name__}")
        _set_value(self, value)
        _set_footnotes(self, footnotes)
        _set_raw(self, raw)
        _set_source(self, source)
        _set_confidence(self, confidence)
        _set_read(self, read)

    @property
    def corrected(self) -> bool:
        return self.read is not None

    @property
    def empty(self) -> bool:
        return self.value is None and not self.footnotes

    @property
    def text(self) -> str:
        """The value as the contract writes it, or an empty string."""
        return format_value(self.value) or ""

    def as_read(self) -> Value:
        """What the reader gave for this field."""
        return self.read if self.read is not None else self

    def corrected_to(self, value: Any = ..., footnotes: tuple[str, ...] | None = None) -> Value:
        """This field after a person's change. Returns the as-read value when the change undoes every correction."""
        original = self.as_read()
        new_value = self.value if value is ... else value
        new_notes = self.footnotes if footnotes is None else tuple(footnotes)
        if new_value == original.value and type(new_value) is type(original.value) and new_notes == original.footnotes:
            return original
        return dataclasses.replace(original, value=new_value, footnotes=new_notes, read=original)

    def reverted(self) -> Value:
        return self.as_read()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": _encode(self.value)}
        if self.footnotes:
            data["footnotes"] = list(self.footnotes)
        if self.raw is not None:
            data["raw"] = self.raw
        if self.source is not None:
            data["source"] = self.source.to_dict()
        if self.confidence != 1.0:
            data["confidence"] = self.confidence
        if self.read is not None:
            data["read"] = self.read.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Value:
        if not data:
            return cls()
        return cls(
            value=_decode(data.get("value")),
            footnotes=tuple(data.get("footnotes", ())),
            raw=data.get("raw"),
            source=source_from_dict(data.get("source")),
            confidence=float(data.get("confidence", 1.0)),
            read=cls.from_dict(data["read"]) if data.get("read") else None,
        )


# The constructor's own setters of the slots (the class refuses attribute assignment: it is frozen).
_set_value = Value.__dict__["value"].__set__
_set_footnotes = Value.__dict__["footnotes"].__set__
_set_raw = Value.__dict__["raw"].__set__
_set_source = Value.__dict__["source"].__set__
_set_confidence = Value.__dict__["confidence"].__set__
_set_read = Value.__dict__["read"].__set__


class _Trusted:
    """`Value.trusted(value, footnotes, raw, source, confidence=1.0)`: a Value as read (`read` None) made without
    the constructor's checks, at about half its cost, for a reader that makes every part's type itself and makes
    tens of thousands of values (the ownership XML reader, in Python and through its accelerator). It trusts that
    `value` is a str, a bool, a finite Decimal, a datetime.date or None; `footnotes` a tuple of `F<n>` ids; `raw`
    a str or None; `source` a PdfBox, TextSpan, XmlPath or None; `confidence` a float from 0 to 1. A reader that
    uses it shows by a test that each value it makes is one the constructor takes (tests/test_model_values.py makes
    every value read from the corpus and tests/data again through it, on both of the XML reader's paths).

    A frozen class's slots cannot be filled by plain assignment, which is what makes the checked constructor cost
    what it does; this class has Value's slots without the frozenness, is filled, and becomes the Value it was
    made as before anything else sees it."""

    __slots__ = Value.__slots__

    def __init__(self, value: Any, footnotes: tuple[str, ...], raw: str | None, source: Source | None,
                 confidence: float = 1.0) -> None:
        self.value = value
        self.footnotes = footnotes
        self.raw = raw
        self.source = source
        self.confidence = confidence
        self.read = None
        self.__class__ = Value  # type: ignore[assignment]  # the same slots: it is a Value from here on


Value.trusted = _Trusted  # type: ignore[assignment]  # makes a Value (see _Trusted)
#: The empty value: every field a source leaves out holds this one (values are immutable, so one serves all).
BLANK = Value()

def _encode(value: Any) -> Any:
    """A JSON-safe, type-tagged form of a typed value (so that a stored filing loads back exactly)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Decimal):
        return {"decimal": decimal_text(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    raise TypeError(f"cannot store a {type(value).__name__}")


def _decode(data: Any) -> Any:
    if isinstance(data, dict):
        if "decimal" in data:
            return Decimal(data["decimal"])
        if "date" in data:
            return dt.date.fromisoformat(data["date"])
    return data


def not_in_source(value: Value) -> bool:
    """The reader marked the value as one the source does not show: empty, given `Confidence.LOST` (a column the
    printout dropped, a tick lost in a conversion), and not changed by a person since."""
    return (value.confidence <= Confidence.LOST and value.read is None and value.value is None and not value.raw
            and not value.footnotes)


def V(value: Any = None, *footnotes: str, **kwargs: Any) -> Value:  # noqa: N802 - short constructor for tests
    return Value(value, tuple(footnotes), **kwargs)


# --------------------------------------------------------------------------------------------------------------
# Field specifications


@dataclass(frozen=True)
class FieldSpec:
    """A field of the contract: its name, kind and the form's label for it."""

    name: str
    kind: Kind
    label: str


def _specs(*items: tuple[str, Kind, str]) -> dict[str, FieldSpec]:
    return {name: FieldSpec(name, kind, label) for name, kind, label in items}


FILING_FIELDS = _specs(
    ("form", Kind.FORM, "Form"),
    ("period_of_report", Kind.DATE, "Date of earliest transaction / event requiring statement"),
    ("date_of_original_submission", Kind.DATE, "If amendment, date original filed"),
    ("no_securities_owned", Kind.BOOL, "No securities beneficially owned"),
    ("not_subject_to_section16", Kind.BOOL, "No longer subject to Section 16"),
    ("form3_holdings_reported", Kind.BOOL, "Form 3 holdings reported"),
    ("form4_transactions_reported", Kind.BOOL, "Form 4 transactions reported"),
    ("aff10b5_one", Kind.BOOL, "Rule 10b5-1(c) plan"),
    ("remarks", Kind.TEXT, "Remarks"),
    ("accession_number", Kind.TEXT, "Accession number"),
    ("filing_date", Kind.DATE, "Filing date"),
)

ISSUER_FIELDS = _specs(
    ("cik", Kind.TEXT, "Issuer CIK"),
    ("name", Kind.TEXT, "Issuer name"),
    ("trading_symbol", Kind.TEXT, "Ticker or trading symbol"),
)

OWNER_FIELDS = _specs(
    ("cik", Kind.TEXT, "CIK"),
    ("name", Kind.TEXT, "Name"),
    ("street1", Kind.TEXT, "Street"),
    ("street2", Kind.TEXT, "Street (2)"),
    ("city", Kind.TEXT, "City"),
    ("state", Kind.TEXT, "State"),
    ("zip_code", Kind.TEXT, "ZIP"),
    ("state_description", Kind.TEXT, "State or country (outside the US)"),
    ("country", Kind.TEXT, "Country (outside the US)"),
    ("is_director", Kind.BOOL, "Director"),
    ("is_officer", Kind.BOOL, "Officer"),
    ("is_ten_percent_owner", Kind.BOOL, "10% Owner"),
    ("is_other", Kind.BOOL, "Other"),
    ("officer_title", Kind.TEXT, "Officer title"),
    ("other_text", Kind.TEXT, "Other (specify)"),
)

ROW_FIELDS = _specs(
    ("security_title", Kind.TEXT, "Title of Security"),
    ("conversion_or_exercise_price", Kind.DECIMAL, "Conversion or Exercise Price"),
    ("transaction_date", Kind.DATE, "Transaction Date"),
    ("deemed_execution_date", Kind.DATE, "Deemed Execution Date"),
    ("transaction_form_type", Kind.TEXT, "Form Type"),
    ("transaction_code", Kind.CODE, "Code"),
    ("equity_swap_involved", Kind.BOOL, "V / Equity Swap"),
    ("transaction_timeliness", Kind.TEXT, "Timeliness"),
    ("shares", Kind.DECIMAL, "Amount"),
    ("total_value", Kind.DECIMAL, "Total Value"),
    ("price_per_share", Kind.DECIMAL, "Price"),
    ("acquired_disposed", Kind.AD, "(A) or (D)"),
    ("exercise_date", Kind.DATE, "Date Exercisable"),
    ("expiration_date", Kind.DATE, "Expiration Date"),
    ("underlying_security_title", Kind.TEXT, "Underlying Title"),
    ("underlying_shares", Kind.DECIMAL, "Underlying Amount"),
    ("underlying_value", Kind.DECIMAL, "Underlying Value"),
    ("shares_owned_following", Kind.DECIMAL, "Owned Following"),
    ("value_owned_following", Kind.DECIMAL, "Value Owned Following"),
    ("direct_or_indirect", Kind.DI, "D or I"),
    ("nature_of_ownership", Kind.TEXT, "Nature of Indirect Ownership"),
)

FOOTNOTE_FIELDS = _specs(("text", Kind.TEXT, "Footnote"))
SIGNATURE_FIELDS = _specs(("name", Kind.TEXT, "Signature"), ("date", Kind.DATE, "Date"))

NON_DERIVATIVE_TRANSACTIONS = "non_derivative_transactions"
NON_DERIVATIVE_HOLDINGS = "non_derivative_holdings"
DERIVATIVE_TRANSACTIONS = "derivative_transactions"
DERIVATIVE_HOLDINGS = "derivative_holdings"
TABLES = (NON_DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_HOLDINGS, DERIVATIVE_TRANSACTIONS, DERIVATIVE_HOLDINGS)

#: The fields each table's rows have, in the order of the form's columns.
TABLE_FIELDS: dict[str, tuple[str, ...]] = {
    NON_DERIVATIVE_TRANSACTIONS: (
        "security_title", "transaction_date", "deemed_execution_date", "transaction_form_type",
        "transaction_code", "equity_swap_involved", "transaction_timeliness", "shares", "acquired_disposed",
        "price_per_share", "shares_owned_following", "value_owned_following", "direct_or_indirect",
        "nature_of_ownership",
    ),
    NON_DERIVATIVE_HOLDINGS: (
        "security_title", "transaction_form_type", "shares_owned_following", "value_owned_following",
        "direct_or_indirect", "nature_of_ownership",
    ),
    DERIVATIVE_TRANSACTIONS: (
        "security_title", "conversion_or_exercise_price", "transaction_date", "deemed_execution_date",
        "transaction_form_type", "transaction_code", "equity_swap_involved", "transaction_timeliness", "shares",
        "total_value", "acquired_disposed", "exercise_date", "expiration_date", "underlying_security_title",
        "underlying_shares", "underlying_value", "price_per_share", "shares_owned_following",
        "value_owned_following", "direct_or_indirect", "nature_of_ownership",
    ),
    DERIVATIVE_HOLDINGS: (
        "security_title", "conversion_or_exercise_price", "transaction_form_type", "exercise_date",
        "expiration_date", "underlying_security_title", "underlying_shares", "underlying_value",
        "shares_owned_following", "value_owned_following", "direct_or_indirect", "nature_of_ownership",
    ),
}  # fmt: skip

TABLE_TITLES = {
    NON_DERIVATIVE_TRANSACTIONS: "Table I transactions",
    NON_DERIVATIVE_HOLDINGS: "Table I holdings",
    DERIVATIVE_TRANSACTIONS: "Table II transactions",
    DERIVATIVE_HOLDINGS: "Table II holdings",
}


#: The filing's own fields that come first in the form's order, and last (what a full submission's header adds).
FILING_HEAD = ("form", "period_of_report", "date_of_original_submission", "no_securities_owned",
               "not_subject_to_section16", "form3_holdings_reported", "form4_transactions_reported", "aff10b5_one")
FILING_TAIL = ("accession_number", "filing_date")

#: The order of a filing's values, written down once (`Filing.values`, the checks' walk and the codec follow it):
#: (the Filing's attribute, its fields). An empty attribute is the filing's own fields; a part that is a tuple
#: (owners, rows, footnotes, signatures) gives each item's fields in turn, rows those of their own table.
VALUE_ORDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("", FILING_HEAD),
    ("issuer", tuple(ISSUER_FIELDS)),
    ("reporting_owners", tuple(OWNER_FIELDS)),
    *((table, TABLE_FIELDS[table]) for table in TABLES),
    ("footnotes", tuple(FOOTNOTE_FIELDS)),
    ("", ("remarks",)),
    ("signatures", tuple(SIGNATURE_FIELDS)),
    ("", FILING_TAIL),
)


# --------------------------------------------------------------------------------------------------------------
# The parts of a filing


@dataclass(frozen=True)
class Issuer:
    """Box 2 of the form: the issuer's CIK (10 digits as filed), name and trading symbol. Each field is a `Value`
    (text), `BLANK` where the source leaves it out; immutable, as every part of a filing is."""

    if TYPE_CHECKING:  # not a field: `Issuer.trusted(fields)`, the plain constructor (see `_plain_constructor`)
        trusted: ClassVar[Callable[[dict[str, Any]], Issuer]]

    cik: Value = BLANK
    name: Value = BLANK
    trading_symbol: Value = BLANK


@dataclass(frozen=True)
class ReportingOwner:
    """Box 1 and 5 of the form for one reporting person: name (as filed, last name first), address,
    relationship boxes and the officer title or other text. Each field is a `Value` (text; the four relationship
    boxes bool), `BLANK` where the source leaves it out."""

    if TYPE_CHECKING:  # not a field: `ReportingOwner.trusted(fields)`, the plain constructor (see `_plain_constructor`)
        trusted: ClassVar[Callable[[dict[str, Any]], ReportingOwner]]

    cik: Value = BLANK
    name: Value = BLANK
    street1: Value = BLANK
    street2: Value = BLANK
    city: Value = BLANK
    state: Value = BLANK
    zip_code: Value = BLANK
    state_description: Value = BLANK
    country: Value = BLANK
    is_director: Value = BLANK
    is_officer: Value = BLANK
    is_ten_percent_owner: Value = BLANK
    is_other: Value = BLANK
    officer_title: Value = BLANK
    other_text: Value = BLANK


@dataclass(frozen=True)
class Row:
    """One row of Table I or Table II, a transaction or a holding; `table` says which (one of `TABLES`).

    Amounts are `Decimal` shares or dollars; a row has either `shares` or `total_value` (value-only rows), and
    either `shares_owned_following` or `value_owned_following`. Only the fields in `TABLE_FIELDS[table]` apply.
    Each field is a `Value` of the kind `ROW_FIELDS` gives it, `BLANK` where the source leaves it out; a table
    that is not one of `TABLES` is refused (ValueError).
    """

    if TYPE_CHECKING:  # not a field: `Row.trusted(fields)`, the plain constructor (see `_plain_constructor`)
        trusted: ClassVar[Callable[[dict[str, Any]], Row]]

    table: str
    security_title: Value = BLANK
    conversion_or_exercise_price: Value = BLANK
    transaction_date: Value = BLANK
    deemed_execution_date: Value = BLANK
    transaction_form_type: Value = BLANK
    transaction_code: Value = BLANK
    equity_swap_involved: Value = BLANK
    transaction_timeliness: Value = BLANK
    shares: Value = BLANK
    total_value: Value = BLANK
    price_per_share: Value = BLANK
    acquired_disposed: Value = BLANK
    exercise_date: Value = BLANK
    expiration_date: Value = BLANK
    underlying_security_title: Value = BLANK
    underlying_shares: Value = BLANK
    underlying_value: Value = BLANK
    shares_owned_following: Value = BLANK
    value_owned_following: Value = BLANK
    direct_or_indirect: Value = BLANK
    nature_of_ownership: Value = BLANK

    def __post_init__(self) -> None:
        if self.table not in TABLE_FIELDS:
            raise ValueError(f"unknown table {self.table!r}")

    @property
    def fields(self) -> tuple[str, ...]:
        return TABLE_FIELDS[self.table]

    @property
    def is_transaction(self) -> bool:
        return self.table in (NON_DERIVATIVE_TRANSACTIONS, DERIVATIVE_TRANSACTIONS)

    @property
    def is_derivative(self) -> bool:
        return self.table in (DERIVATIVE_TRANSACTIONS, DERIVATIVE_HOLDINGS)


@dataclass(frozen=True)
class Footnote:
    """An explanation of responses: `id` as filed (`F1`; fields cite it by this id) and its text, a `Value`."""

    if TYPE_CHECKING:  # not a field: `Footnote.trusted(fields)`, the plain constructor (see `_plain_constructor`)
        trusted: ClassVar[Callable[[dict[str, Any]], Footnote]]

    id: str
    text: Value = BLANK


@dataclass(frozen=True)
class Signature:
    """A signature line: the signer's name as written (`/s/ ...`) and the date, each a `Value` (text, date)."""

    if TYPE_CHECKING:  # not a field: `Signature.trusted(fields)`, the plain constructor (see `_plain_constructor`)
        trusted: ClassVar[Callable[[dict[str, Any]], Signature]]

    name: Value = BLANK
    date: Value = BLANK


@dataclass(frozen=True)
class SourceDocument:
    """The file a filing was read from: its kind (`xml`, `sgml`, `pdf`, `text`, `html`), name, SHA-256 of its
    bytes, size in bytes, page count for PDFs, and what the reader wants a person to know (`notes`)."""

    if TYPE_CHECKING:  # not a field: `SourceDocument.trusted(fields)`, the plain constructor (see `_plain_constructor`)
        trusted: ClassVar[Callable[[dict[str, Any]], SourceDocument]]

    kind: str
    name: str = ""
    sha256: str = ""
    size: int = 0
    pages: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Filing:
    """A Form 3, 4 or 5 (or amendment) as the form has it, plus what a full submission adds. Its own fields are
    `Value`s of the kinds `FILING_FIELDS` gives (`BLANK` where the source leaves one out); owners, rows, footnotes
    and signatures are tuples of their parts; `schema_version` is the XML's text or None; `document` says what
    file it was read from. Immutable: an edit makes a new filing (`replace_at`)."""

    if TYPE_CHECKING:  # not a field: `Filing.trusted(fields)`, the plain constructor (see `_plain_constructor`)
        trusted: ClassVar[Callable[[dict[str, Any]], Filing]]

    form: Value = BLANK
    period_of_report: Value = BLANK
    date_of_original_submission: Value = BLANK
    no_securities_owned: Value = BLANK
    not_subject_to_section16: Value = BLANK
    form3_holdings_reported: Value = BLANK
    form4_transactions_reported: Value = BLANK
    aff10b5_one: Value = BLANK
    issuer: Issuer = field(default_factory=Issuer)
    reporting_owners: tuple[ReportingOwner, ...] = ()
    non_derivative_transactions: tuple[Row, ...] = ()
    non_derivative_holdings: tuple[Row, ...] = ()
    derivative_transactions: tuple[Row, ...] = ()
    derivative_holdings: tuple[Row, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    remarks: Value = BLANK
    signatures: tuple[Signature, ...] = ()
    accession_number: Value = BLANK
    filing_date: Value = BLANK
    schema_version: str | None = None
    document: SourceDocument = field(default_factory=lambda: SourceDocument("unknown"))

    # ---- paths -------------------------------------------------------------------------------------------------

    def get(self, path: str) -> Any:
        """The part of the filing at `path` (a Value, a row, an owner, a tuple...). Raises KeyError."""
        node: Any = self
        for name, index in _parse_path(path):
            try:
                node = getattr(node, name)
                if index is not None:
                    node = node[index]
            except (AttributeError, IndexError):
                raise KeyError(path) from None
        return node

    def replace_at(self, path: str, new: Any) -> Filing:
        """A copy of the filing with the part at `path` replaced by `new`."""
        steps = _parse_path(path)
        if not steps:
            raise KeyError(path)
        return _replace(self, steps, new, path)

    def rows(self, table: str) -> tuple[Row, ...]:
        return getattr(self, table)

    def with_rows(self, table: str, rows: tuple[Row, ...] | list[Row]) -> Filing:
        if table not in TABLE_FIELDS:
            raise KeyError(table)
        changes: dict[str, Any] = {table: tuple(rows)}
        return dataclasses.replace(self, **changes)

    def footnote(self, footnote_id: str) -> Footnote | None:
        for note in self.footnotes:
            if note.id == footnote_id:
                return note
        return None

    def values(self) -> Iterator[tuple[str, Value]]:
        """Every field of the filing as (path, Value), in the form's order (`VALUE_ORDER`); rows give only their
        table's fields."""
        for part, fields in VALUE_ORDER:
            if not part:
                yield from zip(fields, _getter(fields)(self), strict=True)
                continue
            node = getattr(self, part)
            if type(node) is not tuple:
                yield from zip(_paths(part + ".", fields), _getter(fields)(node), strict=True)
                continue
            rows = part in TABLE_FIELDS
            for i, item in enumerate(node):
                names = TABLE_FIELDS[item.table] if rows else fields
                yield from zip(_paths(f"{part}[{i}].", names), _getter(names)(item), strict=True)

    def footnote_citations(self) -> dict[str, list[str]]:
        """For each footnote id, the paths of the fields that cite it (in the form's order)."""
        cited: dict[str, list[str]] = {}
        for path, value in self.values():
            for note_id in value.footnotes:
                cited.setdefault(note_id, []).append(path)
        return cited

    # ---- edits a person makes (each gives a new filing; the filing itself never changes) ---------------------

    def with_footnote(self, text: str = "") -> tuple[Filing, str]:
        """The filing with a new footnote after the others, and its id: the next free `F<n>` (`F3` after `F2`,
        whatever ids that are not `F<n>` stand beside them). The text is a person's, so it counts as corrected."""
        numbers = [int(note.id[1:]) for note in self.footnotes if note.id[:1] == "F" and note.id[1:].isdigit()]
        note_id = f"F{max(numbers, default=0) + 1}"
        note = Footnote(note_id, Value().corrected_to(text or None))
        return dataclasses.replace(self, footnotes=self.footnotes + (note,)), note_id

    def without_footnote(self, note_id: str) -> Filing:
        """The filing without the footnote `note_id` and without every field's reference to it. KeyError when
        there is no such footnote."""
        if self.footnote(note_id) is None:
            raise KeyError(note_id)
        filing = dataclasses.replace(self, footnotes=tuple(n for n in self.footnotes if n.id != note_id))
        for path in self.footnote_citations().get(note_id, []):
            filing = filing.detach_footnote(path, note_id)
        return filing

    def attach_footnote(self, path: str, note_id: str) -> Filing:
        """The field at `path` citing footnote `note_id` too (references kept in the footnotes' order: F2 before
        F10). Unchanged when it cites it already; KeyError when the path is no field or there is no such note."""
        value = self._value_at(path)
        if self.footnote(note_id) is None:
            raise KeyError(note_id)
        if note_id in value.footnotes:
            return self
        ids = tuple(sorted((*value.footnotes, note_id), key=_note_order))
        return self.replace_at(path, value.corrected_to(footnotes=ids))

    def detach_footnote(self, path: str, note_id: str) -> Filing:
        """The field at `path` no longer citing `note_id` (unchanged when it does not)."""
        value = self._value_at(path)
        if note_id not in value.footnotes:
            return self
        return self.replace_at(path, value.corrected_to(footnotes=tuple(n for n in value.footnotes if n != note_id)))

    def with_owner(self, owner: ReportingOwner | None = None) -> Filing:
        """The filing with one more reporting owner (an empty one by default) after the others. ValueError past
        the form's ten (more owners file a second form)."""
        if len(self.reporting_owners) >= MAX_REPORTING_OWNERS:
            raise ValueError(f"a form names at most {MAX_REPORTING_OWNERS} reporting owners")
        return dataclasses.replace(self, reporting_owners=self.reporting_owners + (owner or ReportingOwner(),))

    def without_owner(self, index: int) -> Filing:
        """The filing without its reporting owner at `index` (0-based). IndexError when there is none."""
        owners = list(self.reporting_owners)
        if not 0 <= index < len(owners):
            raise IndexError(index)
        del owners[index]
        return dataclasses.replace(self, reporting_owners=tuple(owners))

    def _value_at(self, path: str) -> Value:
        value = self.get(path)
        if not isinstance(value, Value):
            raise KeyError(path)
        return value

    @property
    def corrected(self) -> bool:
        return any(value.corrected for _, value in self.values())

    # ---- serialisation ----------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Everything about the filing, JSON-safe, for the store; `Filing.from_dict` gives it back exactly."""
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filing:
        return _from_dict(cls, data)


# --------------------------------------------------------------------------------------------------------------
# Helpers for paths and (de)serialisation

_STEP = re.compile(r"([a-z0-9_]+)(?:\[(\d+)\])?$")


def _parse_path(path: str) -> list[tuple[str, int | None]]:
    steps = []
    for part in path.split("."):
        m = _STEP.match(part)
        if not m:
            raise KeyError(path)
        steps.append((m[1], int(m[2]) if m[2] is not None else None))
    return steps


def _replace(node: Any, steps: list[tuple[str, int | None]], new: Any, path: str) -> Any:
    (name, index), rest = steps[0], steps[1:]
    if not dataclasses.is_dataclass(node) or not hasattr(node, name):
        raise KeyError(path)
    child = getattr(node, name)
    if index is None:
        replacement = _replace(child, rest, new, path) if rest else new
    else:
        if not isinstance(child, tuple) or not 0 <= index < len(child):
            raise KeyError(path)
        item = _replace(child[index], rest, new, path) if rest else new
        replacement = child[:index] + (item,) + child[index + 1 :]
    changes: dict[str, Any] = {name: replacement}
    return dataclasses.replace(node, **changes)  # type: ignore[type-var]  # node is a dataclass instance here


def field_spec(path: str) -> FieldSpec:
    """The specification of the field a path ends in. Raises KeyError for a path that names no field."""
    steps = _parse_path(path)
    last = steps[-1][0]
    first = steps[0][0]
    if len(steps) == 1:
        return FILING_FIELDS[last]
    table = {
        "issuer": ISSUER_FIELDS,
        "reporting_owners": OWNER_FIELDS,
        "footnotes": FOOTNOTE_FIELDS,
        "signatures": SIGNATURE_FIELDS,
    }.get(first)
    if table is None and first in TABLE_FIELDS:
        if last not in TABLE_FIELDS[first]:
            raise KeyError(path)
        table = ROW_FIELDS
    if table is None:
        raise KeyError(path)
    return table[last]


@functools.lru_cache(maxsize=4096)
def _paths(prefix: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The paths of `fields` under `prefix` (`reporting_owners[0].`): the same few hundred for every filing."""
    return tuple(prefix + name for name in fields)


@functools.lru_cache(maxsize=256)
def _getter(fields: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A getter of the attributes `fields` of an object, all at once, as a tuple."""
    if len(fields) == 1:
        name = fields[0]
        return lambda node: (getattr(node, name),)
    return attrgetter(*fields)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _is_blank(value: Value) -> bool:
    """True for a Value equal to `Value()`, tested field by field (cheaper than building one to compare)."""
    return (
        value.value is None
        and not value.footnotes
        and value.raw is None
        and value.source is None
        and value.read is None
        and value.confidence == 1.0
    )


def _to_dict(node: Any) -> Any:
    if isinstance(node, Value):
        return node.to_dict()
    if isinstance(node, tuple):
        return [_to_dict(item) for item in node]
    if dataclasses.is_dataclass(node):
        out = {}
        for name in _field_names(type(node)):
            item = getattr(node, name)
            if isinstance(item, Value) and _is_blank(item):
                continue
            out[name] = _to_dict(item)
        return out
    return node


_PARTS: dict[str, type] = {
    "issuer": Issuer,
    "reporting_owners": ReportingOwner,
    "footnotes": Footnote,
    "signatures": Signature,
    **{table: Row for table in TABLES},
}


def _part_from_dict(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        item = data[f.name]
        if f.type in ("Value",) or f.type is Value:
            kwargs[f.name] = Value.from_dict(item)
        else:
            kwargs[f.name] = item
    return cls(**kwargs)


def _from_dict(cls: type[Filing], data: dict[str, Any]) -> Filing:
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        item = data[f.name]
        if f.name == "document":
            item = dict(item)
            item["notes"] = tuple(item.get("notes", ()))
            kwargs[f.name] = SourceDocument(**item)
        elif f.name == "issuer":
            kwargs[f.name] = _part_from_dict(Issuer, item)
        elif f.name in _PARTS:
            kwargs[f.name] = tuple(_part_from_dict(_PARTS[f.name], part) for part in item)
        elif f.name == "schema_version":
            kwargs[f.name] = item
        else:
            kwargs[f.name] = Value.from_dict(item)
    return cls(**kwargs)


def _plain_constructor(cls: type) -> Callable[[dict[str, Any]], Any]:
    """The plain constructor of a part of a filing, beside its dataclass constructor as `Value.trusted` is beside
    Value's: `cls.trusted(fields)` makes the part from a dict of its fields by name, those left out taking their
    defaults, at about a sixth of the dataclass constructor's cost (which fills a frozen instance one field at a
    time through `object.__setattr__`: 8 us for a Row of 22 fields). It checks nothing (a Row's table is not
    looked up): it trusts that every name is one of the class's fields, that each field without a default is
    given, and that each value is of the field's type (a `Value` where the class has one). A reader that uses it
    shows by a test that each part it makes is one the dataclass constructor makes equal
    (tests/test_model_values.py makes every part read from the corpus again through it)."""
    template: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):
        if spec.default is not dataclasses.MISSING:
            template[spec.name] = spec.default
        elif spec.default_factory is not dataclasses.MISSING:
            template[spec.name] = spec.default_factory()  # immutable, so one serves every instance
        else:
            template[spec.name] = None  # a place kept in the fields' order: the caller gives it
    new = object.__new__

    def trusted(fields: dict[str, Any]) -> Any:
        made: Any = new(cls)
        state = made.__dict__  # the fields in their order, as the dataclass constructor leaves them
        state.update(template)
        state.update(fields)
        return made

    trusted.__qualname__ = f"{cls.__name__}.trusted"
    return trusted


for _part in (Issuer, ReportingOwner, Row, Footnote, Signature, SourceDocument, Filing):
    _part.trusted = _plain_constructor(_part)
del _part

#: A Form 3, 4 or 5 names at most ten reporting owners (more file a second form).
MAX_REPORTING_OWNERS = 10


def _note_order(note_id: str) -> tuple[int, str]:
    """Footnote ids in the form's order: F2 before F10, ids that are not F<n> after them."""
    digits = note_id[1:]
    return (int(digits), note_id) if note_id[:1] == "F" and digits.isdigit() else (10**9, note_id)
