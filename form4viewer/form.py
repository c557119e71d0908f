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
#: The heading of the footnotes, after which a printout gives the remarks and, in most layouts, the signatures.
EXPLANATION_HEADING = re.compile(r"^\s*Explanation of Responses:?", re.I)
#: Its first column's caption.
OWNER_NAME_CAPTION = "Reporting Owner Name / Address"
#: The words of that caption every printout keeps, however it sets the "/ Address" after them.
OWNER_NAME_WORDS = "Reporting Owner Name"
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
_CAPTION_LETTERS = re.sub(r"[^a-z]", "", SIGNATURE_CAPTION.lower())


def is_signature_caption(text: str) -> bool:
    """Whether a line holds the caption under a signature, "Signature of Reporting Person", told by its letters: a
    scan may read a space inside a word or a mark before it ("=si gnature of Reporting Person" for "** Signature
    ...")."""
    return _CAPTION_LETTERS in re.sub(r"[^a-z]", "", text.lower())

#: The Form 3 line that stands for the no-securities-owned box.
NO_SECURITIES_LINE = re.compile(r"No\s+securities\s+(?:are\s+)?beneficially\s+owned\.?", re.I)
#: The check boxes above box 1 and Form 5's and Form 3's boxes, by the model's field, as the words printed beside
#: them (regular expressions, matched case-blind).
CHECK_BOX_CAPTIONS: dict[str, str] = {
    "not_subject_to_section16": r"Check this box if no longer subject to Section 16",
    "aff10b5_one": r"Check this box to indicate that a transaction was made pursuant to a contract",
    "form3_holdings_reported": r"Form 3 Holdings Reported",
    "form4_transactions_reported": r"Form 4 Transactions Reported",
    "no_securities_owned": r"No securities (?:are )?beneficially owned",
}
#: What marks a ticked box in a printout's relationship columns.
TICK_MARKS = frozenset("Xx✓✔✗✘☒☑■")
#: A line that opens with a check box as a printout writes one ("_X_ Form filed by ...", "[X] ...", "___ ...").
TICK_BOX_LINE = re.compile(r"^(?:_++[Xx✓✔]?+_*+|[Xx✓✔]_++|\[[Xx✓✔ ]?\])(?:\s|$)")
#: A check box's mark at the end of a word ("below)__X__", "_____", "[X]"); each run of underscores is tried once,
#: from its start, so that a long run cannot make the search quadratic.
TICK_BEFORE = re.compile(r"((?<!_)(?:_++[Xx✓✔]?+_*+|_*+[Xx✓✔]_++)|\[[Xx✓✔ ]?\]|^[Xx✓✔])$")
#: A ticked box as a word of its own ("_X_", "X__", "[X]").
TICKED = re.compile(r"(?<!_)_*+[Xx✓✔]_*+|\[[Xx✓✔]\]")

#: EDGAR's accession number: filer id, year, sequence (`0000950170-24-009914`).
ACCESSION = re.compile(r"(?<!\d)(\d{10})-(\d{2})-(\d{6})(?!\d)")

#: Two-letter codes of the US states, territories and military mail that stand in an address's state place.
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP".split()
)

_US_ZIP = re.compile(r"\d{5}(?:-?\d{4})?")
#: Letters a scan's reading gives for the digits they look like ("XO" for EDGAR's code X0).
DIGIT_LIKE = str.maketrans("OoIl", "0011")
#: EDGAR's state place also holds its codes for countries and provinces (`A1` British Columbia, `X0` the UK).
_STATE_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]")
_POSTAL_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,7}")
_TOKEN = re.compile(r"\S+")
#: Words a number follows in a street line, so that "BOX 12345" is not read as a city and a ZIP.
_NUMBERED_PLACES = frozenset({"BOX", "SUITE", "STE", "UNIT", "FLOOR", "FL", "ROOM", "RM", "APT", "NO", ""})
#: Words of an address followed by a number or letter of their own ("SUITE C", "BOX 309", "UNIT 4B").
NUMBERED_PLACES = _NUMBERED_PLACES


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


# ---- boxes ---------------------------------------------------------------------------------------------------

#: The boxes above the tables, by name, each as the words of its caption that every edition of the form prints
#: (a regular expression, matched case-blind; readers of a page anchor it after the box's number, "1. ").
BOX_CAPTIONS: dict[str, str] = {
    "owner": r"Name and Address of Reporting Person",
    "issuer": r"Issuer Name and Ticker",
    "period": r"Date of Earliest Transaction|Date of Event Requiring Statement|"
              r"Statement for (?:Issuer'?s\s+)?(?:Fiscal Year|Month)",
    "amendment": r"If Amendment,?\s+Date",
    "relationship": r"Relationship of Reporting Person",
    "group": r"Individual or Joint/?\s*Group",
    "irs": r"I\.?R\.?S\.?\s+(?:Identification|or Social)",
}
#: The words a box's caption starts with, which a narrow box keeps on the caption's first line.
BOX_FIRST_WORDS: dict[str, str] = {
    "amendment": r"If Amendment",
    "period": r"Date of Event|Date of Earliest Transaction|Statement for Issuer|Fiscal Year Ended",
}
#: Words of the captions of the boxes beside box 1; a word of these is caption, not value.
BOX_CAPTION_WORDS = frozenset(
    """issuer name and ticker or trading symbol date of earliest transaction (month/day/year) month/day/year
    if amendment, original filed filed(month/day/year) event requiring statement relationship reporting person(s)
    to (check all applicable) check applicable) all applicable statement for issuer's fiscal year ended
    foreign 2a. 3a. of (month/day/year) filed(month/day/year)""".split()
)
#: The caption of column 7's second part (Table II of Form 4; column 3 of Form 3), the amount of underlying
#: securities.
UNDERLYING_AMOUNT_CAPTION = "Amount or Number of Shares"
#: Each box's caption as a note to a person names it.
BOX_TITLES: dict[str, str] = {
    "owner": "Name and Address of Reporting Person",
    "issuer": "Issuer Name and Ticker or Trading Symbol",
    "amendment": "If Amendment, Date Original Filed",
    "relationship": "Relationship of Reporting Person(s) to Issuer",
}
#: Box 6 (Form 4; box 5 of Form 3) as a printout writes its choices; text after an officer title that matches
#: this belongs to that box, not to the title.
GROUP_BOX_TEXT = re.compile(
    r"Form filed by (?:One|More than One) Reporting Person|Individual or Joint/Group|^Joint/Group Filing", re.I)


#: The boxes of the SEC's fillable form, told apart by the words of their printed label (Form 3 and Form 4 number them
#: differently: Form 3's box 2 is the date of the event, its box 3 the issuer).
FILLABLE_BOX_LABELS: tuple[tuple[str, str], ...] = (
    ("owner", r"name and address"),
    ("foreign_symbol", r"foreign trading"),
    ("issuer", r"issuer name"),
    ("period", r"date of earliest|date of event|statement for issuer"),
    ("amendment", r"if amendment"),
    ("relationship", r"relationship of reporting"),
    ("joint", r"individual or joint"),
)

#: Hints printed under the lines of box 1, top to bottom, and the owner fields the line above each one holds.
BOX1_HINTS: tuple[tuple[str, str], ...] = (
    ("(Last)", "name"),
    ("(Street)", "street"),
    ("(City)", "city_state_zip"),
    ("(Country)", "country"),
)

#: The words printed beside the relationship boxes.
RELATIONSHIP_WORDS = {"Director": "is_director", "10%": "is_ten_percent_owner", "Officer": "is_officer",
                      "Other": "is_other"}


# ---- tables --------------------------------------------------------------------------------------------------

#: The two tables, as the readers name them.
TABLE_I = "T1"
TABLE_II = "T2"


@dataclass(frozen=True)
class Column:
    """A numbered column of Table I or II: its number as printed, the fields of a row it holds (left to right),
    and for a column with sub-columns (Code | V, Amount | (A) or (D) | Price) a regular expression for each
    sub-column's caption, left to right. `caption` matches a word of the column's own caption that the column
    before it does not have ("Execution" of "2A. Deemed Execution Date, if any", "Beneficially" of "5. Amount of
    Securities Beneficially Owned Following Reported Transaction(s)"): where the column's number went unread or was
    misread (a scan), the first such word between its neighbours' numbers still tells where the column starts."""

    number: str
    fields: tuple[str, ...]
    anchors: tuple[str, ...] = ()
    caption: str = ""


#: Forms 4 and 5, Table I.
T1_TRANSACTIONS = (
    Column("1", ("security_title",)),
    Column("2", ("transaction_date",), caption=r"^Transaction$"),
    Column("2A", ("deemed_execution_date",), caption=r"^(Deemed|Execution)$"),
    Column("3", ("transaction_code", "transaction_timeliness"), (r"^Code$", r"^V$")),
    Column("4", ("shares", "acquired_disposed", "price_per_share"), (r"^Amount$", r"^\(A\)", r"^Price$")),
    Column("5", ("shares_owned_following",), caption=r"^Beneficially$"),
    Column("6", ("direct_or_indirect",), caption=r"^Ownership$"),
    Column("7", ("nature_of_ownership",), caption=r"^Nature$"),
)
#: Forms 4 and 5, Table II.
T2_TRANSACTIONS = (
    Column("1", ("security_title",)),
    Column("2", ("conversion_or_exercise_price",), caption=r"^Conversion$"),
    Column("3", ("transaction_date",), caption=r"^Transaction$"),
    Column("3A", ("deemed_execution_date",), caption=r"^(Deemed|Execution)$"),
    Column("4", ("transaction_code", "transaction_timeliness"), (r"^Code$", r"^V$")),
    Column("5", ("shares_acquired", "shares_disposed"), (r"^\(A\)$", r"^\(D\)$")),
    Column("6", ("exercise_date", "expiration_date"), (r"^Exercisable$|^Date$", r"^Expiration")),
    Column("7", ("underlying_security_title", "underlying_shares"), (r"^Title$", r"^Amount")),
    Column("8", ("price_per_share",), caption=r"^Price$"),
    Column("9", ("shares_owned_following",), caption=r"^Beneficially$"),
    Column("10", ("direct_or_indirect",), caption=r"^Ownership$"),
    Column("11", ("nature_of_ownership",), caption=r"^Nature$"),
)
#: Form 3, Table I.
T1_FORM3 = (
    Column("1", ("security_title",)),
    Column("2", ("shares_owned_following",), caption=r"^Beneficially$"),
    Column("3", ("direct_or_indirect",), caption=r"^Ownership$"),
    Column("4", ("nature_of_ownership",), caption=r"^Nature$"),
)
#: Form 3, Table II.
T2_FORM3 = (
    Column("1", ("security_title",)),
    Column("2", ("exercise_date", "expiration_date"), (r"^Exercisable$|^Date$", r"^Expiration")),
    Column("3", ("underlying_security_title", "underlying_shares"), (r"^Title$", r"^Amount")),
    Column("4", ("conversion_or_exercise_price",), caption=r"^Conversion$"),
    Column("5", ("direct_or_indirect",), caption=r"^Ownership$"),
    Column("6", ("nature_of_ownership",), caption=r"^Nature$"),
)

#: The numbers of the columns after column 1, by table and form ("4" stands for Forms 4 and 5).
COLUMN_NUMBERS: dict[str, dict[str, tuple[str, ...]]] = {
    TABLE_I: {"4": ("3", "4", "5", "6", "7"), "3": ("2", "3", "4")},
    TABLE_II: {"4": ("2", "3", "4", "5", "6", "7", "8", "9", "10", "11"), "3": ("2", "3", "4", "5", "6")},
}
#: What each numbered column of a Form 4 is called in a note to a person.
COLUMN_TITLES: dict[tuple[str, str], dict[str, str]] = {
    (TABLE_I, "4"): {"2": "Transaction Date", "3": "Transaction Code", "4": "Securities Acquired or Disposed Of",
                     "5": "Amount Owned Following", "6": "Ownership Form", "7": "Nature of Indirect Ownership"},
    (TABLE_II, "4"): {"2": "Conversion or Exercise Price", "3": "Transaction Date", "4": "Transaction Code",
                      "5": "Number Acquired or Disposed Of", "6": "Date Exercisable and Expiration Date",
                      "7": "Underlying Securities", "8": "Price of Derivative Security",
                      "9": "Number Owned Following", "10": "Ownership Form", "11": "Nature of Indirect Ownership"},
}
#: What each field of a table row is called in a note to a person.
FIELD_CAPTIONS: dict[str, str] = {
    "security_title": "Title of Security",
    "conversion_or_exercise_price": "Conversion or Exercise Price",
    "transaction_date": "Transaction Date",
    "deemed_execution_date": "Deemed Execution Date",
    "transaction_code": "Transaction Code",
    "shares": "Amount",
    "acquired_disposed": "(A) or (D)",
    "price_per_share": "Price",
    "exercise_date": "Date Exercisable",
    "expiration_date": "Expiration Date",
    "underlying_security_title": "Title of Underlying Securities",
    "underlying_shares": "Amount of Underlying Securities",
    "shares_owned_following": "Amount Owned Following",
    "direct_or_indirect": "Ownership Form (D or I)",
    "nature_of_ownership": "Nature of Indirect Ownership",
}

#: Each column recognised by words of its caption, whatever its number: the table it belongs to ("*" either),
#: the caption's words, and its sub-columns as (field, kind of value: text, date, code, v, num, ad, price, di).
#: The first that matches a caption is taken, so a caption that contains another comes before it.
CAPTION_COLUMNS: list[tuple[str, re.Pattern[str], tuple[tuple[str, str], ...]]] = [
    (TABLE_II, re.compile(r"title of derivative security", re.I), (("security_title", "text"),)),
    (TABLE_I, re.compile(r"title of security", re.I), (("security_title", "text"),)),
    ("*", re.compile(r"conversion or exercise price|exercise price of derivative", re.I),
     (("conversion_or_exercise_price", "price"),)),
    ("*", re.compile(r"date exercisable and expiration|exercisable and expiration", re.I),
     (("exercise_date", "date"), ("expiration_date", "date"))),
    ("*", re.compile(r"^\W*date exercisable", re.I), (("exercise_date", "date"),)),
    ("*", re.compile(r"^\W*expiration date", re.I), (("expiration_date", "date"),)),
    ("*", re.compile(r"deemed execution", re.I), (("deemed_execution_date", "date"),)),
    ("*", re.compile(r"transaction date", re.I), (("transaction_date", "date"),)),
    ("*", re.compile(r"transaction code|^\s*code\b", re.I), (("transaction_code", "code"), ("transaction_form_type", "v"))),
    (TABLE_II, re.compile(r"number of derivative securities acquired|derivative securities acquired \(a\)", re.I),
     (("shares", "num"), ("acquired_disposed", "ad"))),
    (TABLE_I, re.compile(r"securities acquired \(a\)|acquired \(a\) or disposed", re.I),
     (("shares", "num"), ("acquired_disposed", "ad"), ("price_per_share", "price"))),
    ("*", re.compile(r"title and amount of (?:the )?(?:underlying|securities underlying)", re.I),
     (("underlying_security_title", "text"), ("underlying_shares", "num"))),
    ("*", re.compile(r"amount or number of shares", re.I), (("underlying_shares", "num"),)),
    ("*", re.compile(r"price of derivative security", re.I), (("price_per_share", "price"),)),
    (TABLE_II, re.compile(r"number of derivative securities beneficially owned|derivative securities beneficially owned",
                          re.I), (("shares_owned_following", "num"),)),
    ("*", re.compile(r"amount of securities beneficially owned|beneficially owned following|"
                     r"securities beneficially owned", re.I), (("shares_owned_following", "num"),)),
    ("*", re.compile(r"ownership form", re.I), (("direct_or_indirect", "di"),)),
    ("*", re.compile(r"nature of indirect", re.I), (("nature_of_ownership", "text"),)),
]

#: The columns of the Form 4 before 2003 (typed text with `<S>`/`<C>` column marks), by table and the number of
#: columns its mark line gives: one sub-column each, as (field, kind).
PRE2003_COLUMNS: dict[tuple[str, int], list[tuple[tuple[str, str], ...]]] = {
    (TABLE_I, 10): [(("security_title", "text"),), (("transaction_date", "date"),), (("transaction_code", "code"),),
                    (("transaction_form_type", "v"),), (("shares", "num"),), (("acquired_disposed", "ad"),),
                    (("price_per_share", "price"),), (("shares_owned_following", "num"),),
                    (("direct_or_indirect", "di"),), (("nature_of_ownership", "text"),)],
    (TABLE_II, 15): [(("security_title", "text"),), (("conversion_or_exercise_price", "price"),),
                     (("transaction_date", "date"),), (("transaction_code", "code"),),
                     (("transaction_form_type", "v"),), (("shares", "num"),), (("acquired_disposed", "ad"),),
                     (("exercise_date", "date"),), (("expiration_date", "date"),),
                     (("underlying_security_title", "text"),), (("underlying_shares", "num"),),
                     (("price_per_share", "price"),), (("shares_owned_following", "num"),),
                     (("direct_or_indirect", "di"),), (("nature_of_ownership", "text"),)],
}

#: Words of the tables' captions; a line made of these is a header, not data.
TABLE_HEADER_WORDS = frozenset(
    """title of security instr. instr 3) 4) 5) 8) 3, 4 and 5 transaction date month/day/year (month/day/year) deemed
    execution date, if any code (instr. v amount (a) or (d) price disposed acquired securities beneficially owned
    following reported transaction(s) ownership form: direct indirect (i) nature beneficial derivative conversion
    exercise number expiration exercisable underlying shares security: security (instr. 4) (instr. 3) (instr. 5)
    (instr. 8) (instr. 3, 4, 5) 4, 5) 4) and issuer's fiscal year end (instr. 3 and 4) at of (d) (a) disposed
    direct(d) indirect(i) (d) form of 8) 4 5) (e.g., puts, calls, warrants, options, convertible securities) 3
    amount or number (instr. 3, 4 and 5) owned following: reported
    """.split()
)


def column_field(labels: list[str]) -> str | None:
    """The field a table column holds, from its caption and the caption of its sub-column where it has one
    ("4. Securities Acquired (A) or Disposed of (D)" then "Amount"), as a web page or the fillable form labels it;
    None for a column the model has no field for. Besides the model's fields, it answers `code`, `v`,
    `code_with_form` (Form 5's code, /K and form in one column), `amount_a`/`amount_d` (an amount standing in its
    (A) or (D) column), `owned_following` and `underlying_amount` (shares, or a value when written with `$`)."""
    top = labels[0].lower() if labels else ""
    sub = labels[-1].lower() if len(labels) > 1 else ""
    if "title and amount" in top or "underlying" in top:
        if sub.startswith("title"):
            return "underlying_security_title"
        if sub.startswith("amount") or "number of shares" in sub:
            return "underlying_amount"
        return None
    if "title of" in top:
        return "security_title"
    if "conversion or exercise price" in top:
        return "conversion_or_exercise_price"
    if "deemed execution" in top:
        return "deemed_execution_date"
    if "transaction date" in top:
        return "transaction_date"
    if "transaction code" in top:
        if sub == "code":
            return "code"
        if sub == "v":
            return "v"
        return "code_with_form"
    if "acquired" in top and "disposed" in top:
        if sub == "amount":
            return "shares"
        if sub in ("(a) or (d)", "(a)or(d)"):
            return "acquired_disposed"
        if sub == "price":
            return "price_per_share"
        if sub == "(a)":
            return "amount_a"
        if sub == "(d)":
            return "amount_d"
        return None
    if "date exercisable" in top:
        if sub.startswith("date exercisable"):
            return "exercise_date"
        if sub.startswith("expiration"):
            return "expiration_date"
        return None
    if "price of derivative" in top:
        return "price_per_share"
    if "beneficially owned" in top:
        return "owned_following"
    if "ownership form" in top or "ownership from" in top:  # Form 3's PDF misprints "From"
        return "direct_or_indirect"
    if "nature of indirect" in top:
        return "nature_of_ownership"
    return None


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


#: EDGAR's older stylesheets print the line as `city,&#160;state&#160;zip`: the no-break spaces stand between the
#: parts, and a part left blank stays blank between them.
_SEPARATED_CITY_LINE = re.compile(
    r"^(?:(?P<city>[^\u00a0]*?),\u00a0)?(?P<state>[^\u00a0,]*)(?:\u00a0(?P<zip>[^\u00a0]*))?$"
)


def split_city_line(text: str) -> CityLine | None:
    """The city, state and ZIP of a line whose parts stand apart by no-break spaces, as EDGAR's older stylesheets
    print it, taken at those spaces whatever the parts hold (a part left blank gives an empty span; a city not
    printed, None); None when the line has no no-break space or is not so shaped. For a line `parse_city_line`
    does not take ("city,&#160;&#160;zip")."""
    m = _SEPARATED_CITY_LINE.match(text) if "\u00a0" in text else None
    if m is None:
        return None
    spans = {name: (m.start(name), m.end(name)) if m.start(name) >= 0 else None for name in ("city", "state", "zip")}
    return CityLine(city=spans["city"], state=spans["state"], zip_code=spans["zip"])


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


def foreign_city_line(text: str) -> CityLine | None:
    """The city and postal code of an address abroad with the state left out, as printed above its country:
    "GRAND CAYMAN KY1-1104", "ST. HELIER, JE1 0BD". A postal code of one or two parts, each with a digit, ten
    characters at most; None when the line does not end so. Only the line before a country is read this way (a
    street line such as "PO BOX 309" would read as one too)."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    words = [text[a:b].rstrip(".,") for a, b in tokens]
    for k in (2, 1):
        if len(words) <= k:
            continue
        postal = words[-k:]
        if len(" ".join(postal)) > 10 or not all(
                _POSTAL_PART.fullmatch(p) and any(c.isdigit() for c in p) for p in postal):
            continue
        if k == 1 and not any(c.isalpha() for c in postal[0]):
            continue  # a number alone is a US ZIP, which parse_city_line reads
        return CityLine(city=_strip_span(text, tokens[0][0], tokens[-k - 1][1]),
                        zip_code=_strip_span(text, tokens[-k][0], tokens[-1][1]))
    return None


def parse_place_after_street(text: str) -> CityLine | None:
    """The city, state and ZIP of the words that follow an owner's street where name and address run together
    on one line: "SAN FRANCISCO 94129", "LONDON X0 W1J 7BU", or abroad with the state left out ("GRAND CAYMAN
    KY1-1104"). Only for words known to follow the street (a street line "PO BOX 309" would read as a place)."""
    return parse_city_line(text) or foreign_city_line(text)


def parse_place_at_end(text: str) -> CityLine | None:
    """The city, state and ZIP at the end of a line that runs an owner's name, street and place together:
    `parse_city_line`'s, or abroad with the state left out ("... ST. HELIER JE1 0BD", "... GRAND CAYMAN
    KY1-1104") where the postal code has a letter and a digit and five characters at least (a shorter one may be
    a suite's, "UNIT 4B")."""
    parsed = parse_city_line(text)
    if parsed is not None:
        return parsed
    abroad = foreign_city_line(text)
    if abroad is None or abroad.zip_code is None:
        return None
    code = text[abroad.zip_code[0]:abroad.zip_code[1]]
    if len(code) < 5 or not any(c.isalpha() for c in code):
        return None
    return abroad


def _is_country(line: str) -> bool:
    return bool(line.strip()) and not any(c.isdigit() for c in line) and line.strip().upper() == line.strip()


def _city_and_state(lines: list[str]) -> bool:
    """Whether the lines end in a city and a state one a line, as EDGAR's stylesheet prints them, the postal code
    after them lost: a code of two characters, with a digit where it is EDGAR's code for a place abroad ("X0",
    or "XO" as a scan reads it), after a line of words without digits, after a street line (one with a digit)."""
    return len(lines) >= 3 and len(lines[-1]) == 2 and _is_state(lines[-1]) \
        and (lines[-1].upper() in US_STATES or any(c.isdigit() for c in lines[-1].translate(DIGIT_LIKE))) \
        and not any(c.isdigit() for c in lines[-2]) and any(c.isdigit() for c in lines[-3])


def address_part_line(text: str) -> bool:
    """Whether a line alone is a part of an address that comes after its city when the parts are set a line each
    (as EDGAR's stylesheet prints them): a state's code, a ZIP, or a postal code of letters and digits ("SW1A 1AA")."""
    text = text.strip(" ,")
    if len(text) == 2 and _is_state(text):
        return True
    if _US_ZIP.fullmatch(text):
        return True
    parts = text.split()
    return 0 < len(parts) <= 2 and len(text) <= 10 and all(_POSTAL_PART.fullmatch(p) for p in parts) \
        and any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


#: How a street line without a number begins: in care of, a post office box, for the attention of.
_STREET_WORDS = re.compile(r"^(?:C/O|C\\O|%|P\.?\s?O\.?\s|ATTN|ATTENTION)", re.IGNORECASE)


def street_line(text: str) -> bool:
    """Whether a line can open an address: one with a number, or "C/O ...", "P.O. BOX ...", "ATTN ..."."""
    return any(c.isdigit() for c in text) or bool(_STREET_WORDS.match(text.strip()))


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
    abroad = False
    if end >= 2 and _is_country(lines[-1]) and (parse_city_line(lines[-2]) is not None or (
            end >= 4 and _is_state(lines[-3]) and any(c.isdigit() for c in lines[-2])) or _city_and_state(lines[:-1])):
        country = lines[-1].strip(" ,")
        where["country"] = end - 1
        end -= 1
    elif end >= 3 and _is_country(lines[-1]) and foreign_city_line(lines[-2]) is not None:
        # A city and its postal code with the state left out, then the country.
        country = lines[-1].strip(" ,")
        where["country"] = end - 1
        end -= 1
        abroad = True
    if end >= 3 and len(lines[end - 2]) == 2 and _is_state(lines[end - 2]) and any(c.isdigit() for c in lines[end - 1]) \
            and parse_city_line(lines[end - 1]) is None:
        # One part a line: no separator to take off ("NEW YORK," is the city as filed).
        parts.update(city=lines[end - 3], state=lines[end - 2], zip_code=lines[end - 1])
        where.update(city=end - 3, state=end - 2, zip_code=end - 1)
        end -= 3
    elif _city_and_state(lines[:end]):
        # City and state one a line with the postal code lost (a scan's reading left it out).
        parts.update(city=lines[end - 2], state=lines[end - 1])
        where.update(city=end - 2, state=end - 1)
        end -= 2
    elif end >= 1:
        city_line = foreign_city_line(lines[end - 1]) if abroad else parse_city_line(lines[end - 1])
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


def printed_alone(name: str, next_word: str, text: str) -> bool:
    """Whether `text` (upper case) prints `name` as a whole name somewhere other than before `next_word`, the word
    that follows it where it is in doubt: a signature ("NAME, By: /s/ ..."), a footnote, not box 1 printing the
    same name and address lines in a row."""
    follows = next_word.strip(",").upper()
    for m in re.finditer(rf"(?<!\w){re.escape(name.upper())}(?!\w)", text):
        after = text[m.end():].lstrip(" ,").split(" ", 1)[0]
        if after.strip(",") != follows:
            return True
    return False


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
    "address_part_line", "street_line",
    "ACCESSION", "Address", "Amount", "CHECK_BOX_CAPTIONS", "UNDERLYING_AMOUNT_CAPTION", "BOX1_HINTS", "FILLABLE_BOX_LABELS", "RELATIONSHIP_WORDS", "BOX_CAPTIONS", "BOX_CAPTION_WORDS", "BOX_FIRST_WORDS", "BOX_TITLES", "OWNER_NAME_WORDS", "CAPTION_COLUMNS", "COLUMN_NUMBERS", "COLUMN_TITLES",
    "CityLine", "Column", "FIELD_CAPTIONS", "FOOTNOTE_MARK", "GROUP_BOX_TEXT", "NAME_SUFFIX", "NO_SECURITIES_LINE",
    "Name", "OWNER_NAME_CAPTION", "OWNER_TABLE_HEADING", "PRE2003_COLUMNS", "RELATIONSHIP_CAPTIONS",
    "SIGNATURE_CAPTION", "SIGNATURE_DATE_CAPTION", "T1_FORM3", "T1_TRANSACTIONS", "T2_FORM3", "T2_TRANSACTIONS",
    "TABLE_HEADER_WORDS", "TABLE_I", "TABLE_II", "TICKED", "TICK_BEFORE", "TICK_BOX_LINE", "TICK_MARKS",
    "US_STATES", "accession_number", "bracketed_tail", "column_field", "footnote_marks", "parse_address",
    "parse_amount", "parse_city_line", "parse_date", "parse_name", "foreign_city_line", "relationship_captions", "split_city_line",
    "is_signature_caption", "ticker_like",
]


def ticker_like(text: str) -> bool:
    """One word of at most ten capitals, digits and full stops, opening with a capital ("RKLB", "BRK.A"): a
    ticker as box 2 prints it."""
    return 0 < len(text) <= 10 and "A" <= text[0] <= "Z" and all("A" <= c <= "Z" or "0" <= c <= "9" or c == "."
                                                                 for c in text)


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
