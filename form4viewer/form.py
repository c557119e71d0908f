"""What every Form 3, 4 and 5 prints, described once: the Reporting Owners table's captions, the signature block,
the "No securities are beneficially owned" line, and one parser each for the things every layout of the form
prints (an address, a name line, an amount with its (A)/(D) mark, a date, a footnote mark, an accession number).

Readers of printouts, web pages and text conversions find these by the form's own words and by the shape of what
is written (an address ends "CITY, ST ZIP"), never by a layout's coordinates or an issuer's particulars. Everything
here is plain Python on strings and works in time linear in the text: no expression backtracks over a run of
spaces or letters. Spans are character offsets `(start, end)` into the text given, so a reader can keep the
source of each part.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# ---- captions ------------------------------------------------------------------------------------------------

#: The heading of the table of every reporting owner that printouts and EDGAR's page put after the footnotes.
OWNER_TABLE_HEADING = "Reporting Owners"
#: Its first column's caption.
OWNER_NAME_CAPTION = "Reporting Owner Name / Address"
#: The relationship columns, left to right, and the field of `ReportingOwner` each stands for.
RELATIONSHIP_CAPTIONS: tuple[tuple[str, str], ...] = (
    ("Director", "is_director"),
    ("10% Owner", "is_ten_percent_owner"),
    ("Officer", "is_officer"),
    ("Other", "is_other"),
)
#: The caption under a signature line and the one under its date.
SIGNATURE_CAPTION = "Signature of Reporting Person"
SIGNATURE_DATE_CAPTION = "Date"
#: The Form 3 line that stands for the no-securities-owned box.
NO_SECURITIES_LINE = re.compile(r"No\s+securities\s+(?:are\s+)?beneficially\s+owned\.?", re.I)
#: What marks a ticked box in a printout's relationship columns.
TICK_MARKS = frozenset("Xx✓✔✗✘☒☑■")

#: EDGAR's accession number: filer id, year, sequence (`0000950170-24-009914`).
ACCESSION = re.compile(r"(?<!\d)(\d{10})-(\d{2})-(\d{6})(?!\d)")

#: Two-letter codes of the US states, territories and military mail that stand in an address's state place.
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP".split()
)

_US_ZIP = re.compile(r"\d{5}(?:-?\d{4})?")
#: EDGAR's state place also holds its codes for countries and provinces (`A1` British Columbia, `X0` the UK).
_STATE_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]")
_POSTAL_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,7}")
_TOKEN = re.compile(r"\S+")
#: Words a number follows in a street line, so that "BOX 12345" is not read as a city and a ZIP.
_NUMBERED_PLACES = frozenset({"BOX", "SUITE", "STE", "UNIT", "FLOOR", "FL", "ROOM", "RM", "APT", "NO", ""})


Span = tuple[int, int]


def relationship_captions(text: str) -> list[tuple[str, str, Span]]:
    """The relationship captions found in a header line's text, in order, as (caption, field, span). They may run
    together when the printout sets them in narrow columns ("Director10% OwnerOfficerOther")."""
    out: list[tuple[str, str, Span]] = []
    at = 0
    folded = text.lower()
    for caption, name in RELATIONSHIP_CAPTIONS:
        # "10% Owner" may be printed with any spacing, or glued.
        for probe in (caption.lower(), caption.lower().replace(" ", "")):
            k = folded.find(probe, at)
            if k >= 0:
                out.append((caption, name, (k, k + len(probe))))
                at = k + len(probe)
                break
    return out


# ---- addresses -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityLine:
    """The parts of a "CITY, ST ZIP" line, each a span into the line or None where the line leaves it out."""

    city: Span | None = None
    state: Span | None = None
    zip_code: Span | None = None

    def texts(self, line: str) -> dict[str, str | None]:
        return {name: (line[s[0]:s[1]] if s else None) for name, s in
                (("city", self.city), ("state", self.state), ("zip_code", self.zip_code))}


def _strip_span(text: str, start: int, end: int) -> Span | None:
    """The span without the spaces around it and one comma after it (the separator; a city filed as "NEW YORK,"
    and printed "NEW YORK,, NY" keeps its own)."""
    while start < end and text[start] in " ,":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    if end > start and text[end - 1] == ",":
        end -= 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return (start, end) if end > start else None


def _is_state(token: str) -> bool:
    return bool(_STATE_CODE.fullmatch(token.rstrip(".,")))


def parse_city_line(text: str) -> CityLine | None:
    """The city, state and ZIP of one line: "LONG BEACH, CA 90808", "NEW YORK NY 10001-2345", "MENLO PARK, CA",
    "THOUSAND OAKS 91320" (state left out), "LONDON, X0 SW10 9JE" (EDGAR's country code and a postal code of two
    parts). None when the line does not end like an address. Commas around the parts are not part of them."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not tokens:
        return None
    words = [text[a:b] for a, b in tokens]
    n = len(words)
    # Postal code of one part, then two (foreign), then none.
    for k in (1, 2, 0):
        at = n - 1 - k
        if at < 0:
            continue
        state = words[at].rstrip(".,")
        if not _is_state(state) or len(state) != 2:
            continue
        postal = words[at + 1:]
        if k:
            joined = " ".join(postal)
            if state.upper() in US_STATES:
                if k != 1 or not _US_ZIP.fullmatch(postal[0].rstrip(".,")):
                    continue
            elif not all(_POSTAL_PART.fullmatch(p.rstrip(".,")) for p in postal) or len(joined) > 10 \
                    or not any(c.isdigit() for c in joined):
                continue
        elif not state.isupper() or not (state in US_STATES and at > 0 or at > 0 and words[at - 1].endswith(",")):
            # Without a postal code, a US state after the city, or any code after a comma ("GEORGE TOWN, E9").
            continue
        city = _strip_span(text, tokens[0][0], tokens[at - 1][1]) if at > 0 else None
        zip_span = _strip_span(text, tokens[at + 1][0], tokens[-1][1]) if k else None
        return CityLine(city=city, state=(tokens[at][0], tokens[at][0] + len(state)), zip_code=zip_span)
    # "CITY 12345": a US ZIP with the state left out.
    last = words[-1].rstrip(".,")
    # Not a box or suite number ("P.O. BOX 12345", "SUITE 10000").
    if n >= 2 and _US_ZIP.fullmatch(last) and words[-2].rstrip(".,#").upper() not in _NUMBERED_PLACES:
        return CityLine(city=_strip_span(text, tokens[0][0], tokens[-2][1]),
                        zip_code=(tokens[-1][0], tokens[-1][0] + len(last)))
    return None


@dataclass(frozen=True)
class Address:
    """An owner's address as printed: street lines, city, state (a US state or EDGAR's country code), ZIP or
    postal code, and the country when one is printed other than the United States. Values are the printed text
    with surrounding commas trimmed; None where the address leaves a part out."""

    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: str | None = None
    country: str | None = None
    #: Index of the line each part came from (street2 from its first line).
    lines: dict[str, int] = field(default_factory=dict)


def _is_country(line: str) -> bool:
    return bool(line.strip()) and not any(c.isdigit() for c in line) and line.strip().upper() == line.strip()


def parse_address(lines: list[str]) -> Address:
    """An address from its printed lines, the name left out: street lines, then "CITY, ST ZIP" (or city, state and
    ZIP one per line, as EDGAR's stylesheet prints them), then a country if printed. A street line may hold commas
    ("C/O ROCKET LAB USA, INC."); it is kept whole."""
    lines = [ln.strip() for ln in lines if ln and ln.strip()]
    parts: dict[str, str | None] = {}
    where: dict[str, int] = {}
    end = len(lines)
    country = None
    # The country closes the address where the line before it is the city's.
    if end >= 2 and _is_country(lines[-1]) and (parse_city_line(lines[-2]) is not None or (
            end >= 4 and _is_state(lines[-3]) and any(c.isdigit() for c in lines[-2]))):
        country = lines[-1].strip(" ,")
        where["country"] = end - 1
        end -= 1
    if end >= 3 and len(lines[end - 2]) == 2 and _is_state(lines[end - 2]) and any(c.isdigit() for c in lines[end - 1]) \
            and parse_city_line(lines[end - 1]) is None:
        # One part a line: no separator to take off ("NEW YORK," is the city as filed).
        parts.update(city=lines[end - 3], state=lines[end - 2], zip_code=lines[end - 1])
        where.update(city=end - 3, state=end - 2, zip_code=end - 1)
        end -= 3
    elif end >= 1:
        city_line = parse_city_line(lines[end - 1])
        if city_line is not None and (end >= 2 or city_line.zip_code is not None):
            for name, text in city_line.texts(lines[end - 1]).items():
                if text is not None:
                    parts[name] = text
                    where[name] = end - 1
            end -= 1
    streets = lines[:end]
    if streets:
        parts["street1"] = streets[0]
        where["street1"] = 0
    if len(streets) > 1:
        parts["street2"] = " ".join(streets[1:])
        where["street2"] = 1
    if country is not None and country.upper() in ("UNITED STATES", "USA", "U.S.A.", "US"):
        country = None
    return Address(country=country, lines=where, **parts)


# ---- names ---------------------------------------------------------------------------------------------------

_NAME_CAPTIONS = re.compile(r"\((?:Last|First|Middle)\)", re.I)
_ENTITY = re.compile(r"\b(?:INC|LLC|L\.?L\.?C|L\.?P|LP|LTD|LIMITED|CORP|CORPORATION|CO|N\.?A|PLC|S\.?A|AG|GMBH|TRUST|"
                     r"FUND|PARTNERS|HOLDINGS|CAPITAL|MANAGEMENT|VENTURES|GROUP)\b\.?", re.I)
#: A line that is only a company's suffix ("INC.", "L.P.", "LLC"): it finishes a name that wrapped.
NAME_SUFFIX = re.compile(r"(INC|LLC|L\.?L\.?C|L\.?P|LP|LTD|LIMITED|CORP|CORPORATION|CO|N\.?A|PLC|S\.?A|AG|GMBH|TRUST|"
                         r"FUND)\.?,?( (INC|LLC|L\.?P|LTD|CO)\.?)?", re.I)


@dataclass(frozen=True)
class Name:
    """A reporting person's name line as filed (EDGAR's order: last, first, middle, or a company's name)."""

    text: str
    is_entity: bool


def parse_name(text: str) -> Name | None:
    """The name on a name line, with the form's "(Last) (First) (Middle)" captions and extra spaces taken out;
    None when nothing is left."""
    cleaned = " ".join(_NAME_CAPTIONS.sub(" ", text).split())
    if not cleaned:
        return None
    return Name(cleaned, bool(_ENTITY.search(cleaned)))


# ---- amounts, dates, footnote marks ---------------------------------------------------------------------------

#: A footnote mark: "(1)", or several "(1)(2)", printed after a value or on its own.
FOOTNOTE_MARK = re.compile(r"\((\d{1,3})\)")
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")


@dataclass(frozen=True)
class Amount:
    """An amount as a table cell prints it: the number (Decimal), its (A)/(D) mark where the cell carries it,
    whether it was written with `$`, and the footnote ids after it."""

    value: Decimal
    mark: str | None = None
    dollar: bool = False
    footnotes: tuple[str, ...] = ()


def footnote_marks(text: str) -> tuple[str, tuple[str, ...]]:
    """The text with its trailing footnote marks taken off, and the ids they name ("F1", ...)."""
    ids: list[str] = []
    end = len(text.rstrip())
    while end >= 3 and text[end - 1] == ")":
        k = text.rfind("(", 0, end)
        inner = text[k + 1:end - 1] if k >= 0 else ""
        if not (1 <= len(inner) <= 3 and inner.isdigit()):
            break
        ids.insert(0, f"F{int(inner)}")
        end = len(text[:k].rstrip())
    return text[:end], tuple(ids)


def parse_amount(text: str) -> Amount | None:
    """An amount in any of the ways a table cell prints it: "1,234", "$12.50", "(A) 643", "643 (D)", "643(1)",
    "$0 (2)". None when the text is not one amount."""
    body, ids = footnote_marks(text.strip())
    body = body.strip()
    mark = None
    for a, b in (("(A)", "A"), ("(D)", "D")):
        if body.upper().startswith(a):
            mark, body = b, body[3:].strip()
            break
        if body.upper().endswith(a):
            mark, body = b, body[:-3].strip()
            break
    body, more = footnote_marks(body)
    ids = more + ids
    body = body.strip()
    dollar = body.startswith("$")
    m = _AMOUNT.fullmatch(body[1:].lstrip() if dollar else body)
    if not m:
        return None
    try:
        value = Decimal(m[1].replace(",", "") + (m[2] or ""))
    except InvalidOperation:
        return None
    return Amount(value=value, mark=mark, dollar=dollar, footnotes=ids)


_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")


def parse_date(text: str) -> datetime.date | None:
    """A date as the form asks for it (Month/Day/Year: "05/13/2024", "5/13/2024", "5/13/24"); None when the text is
    not one or names no real day."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        return None
    year = int(m[3])
    if len(m[3]) == 2:
        year += 2000 if year < 70 else 1900
    try:
        return datetime.date(year, int(m[1]), int(m[2]))
    except ValueError:
        return None


def accession_number(text: str) -> str | None:
    """The first accession number in a text (a PDF's title, a file name), as EDGAR writes it."""
    m = ACCESSION.search(text or "")
    return m[0] if m else None


__all__ = [
    "ACCESSION", "Address", "Amount", "CityLine", "FOOTNOTE_MARK", "NAME_SUFFIX", "NO_SECURITIES_LINE", "Name",
    "OWNER_NAME_CAPTION", "OWNER_TABLE_HEADING", "RELATIONSHIP_CAPTIONS", "SIGNATURE_CAPTION",
    "SIGNATURE_DATE_CAPTION", "TICK_MARKS", "US_STATES", "accession_number", "footnote_marks", "parse_address",
    "bracketed_tail", "parse_amount", "parse_city_line", "parse_date", "parse_name", "relationship_captions",
]


def bracketed_tail(text: str) -> tuple[int, int, int] | None:
    """Where a value ending in a bracketed part ("QUALYS, INC. [QLYS]") has it: the offset of its `[`, and the start
    and end of what the brackets hold without the spaces around it; None when the text does not end with `]`.

    The first `[` after the last `]` before the closing one is taken, as `\\[\\s*([^\\]]*?)\\s*\\]\\s*$` would take
    it; found with string methods because that expression takes cubic time on a `[` followed by a long run of
    spaces."""
    body = text.rstrip()
    if not body.endswith("]"):
        return None
    close = len(body) - 1
    opening = body.find("[", body.rfind("]", 0, close) + 1, close)
    if opening < 0:
        return None
    inside = body[opening + 1 : close]
    start = opening + 1 + len(inside) - len(inside.lstrip())
    end = max(start, opening + 1 + len(inside.rstrip()))
    return opening, start, end
