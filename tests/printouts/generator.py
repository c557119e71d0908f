"""Printouts of a filing in the manner of filing services and data vendors, drawn with reportlab from its
ownership XML, in layouts the reader has never seen: other page sizes, fonts, type sizes and column widths, a
vendor's cover page and running header, ticks drawn as boxes or written `_X_`, continuation pages.

`render(filing, style)` gives the PDF's bytes; the filing (read from the XML) is the ground truth.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from form4viewer.model import Filing, Row, Value


@dataclass(frozen=True)
class Style:
    """One layout of printout."""

    name: str
    page: tuple[float, float]
    font: str
    bold: str
    size: float  # type size of values
    label: float  # type size of captions
    margin: float
    cover: bool  # a vendor's cover page with issuer, form and date
    header: bool  # a running header "Edgar Filing: ISSUER - Form 4" on every page
    drawn_ticks: bool  # ticks as drawn boxes with an X inside, else written "_X_" / "___"
    repeat_header: bool  # table headers repeated on continuation pages
    owners_first: bool  # the "Reporting Owners" table before the footnotes (else after the signatures)
    widths: float  # how much wider the first columns are than the rest (column widths differ between styles)
    ruled_rows: bool = True  # rules between table rows (else rows stand apart by white space only)
    place_line: bool = False  # box 1's city, state and ZIP on one line ("CITY, ST ZIP"), not one under each caption
    comma: bool = True  # "CITY, ST ZIP" (else "CITY ST ZIP") in box 1's one line and the Reporting Owners table
    amount_marks: bool = False  # Table II's column 5 as one column of amounts written with their mark, "(A) 643"
    signature_line: bool = False  # a signature's name and its date on one line of text


STYLES = (
    Style("vendor-letter-helvetica", LETTER, "Helvetica", "Helvetica-Bold", 7.5, 5.8, 30, cover=True, header=True,
          drawn_ticks=False, repeat_header=False, owners_first=True, widths=1.6),
    Style("a4-times-drawn-boxes", A4, "Times-Roman", "Times-Bold", 8.5, 6.2, 40, cover=False, header=True,
          drawn_ticks=True, repeat_header=True, owners_first=False, widths=1.0),
    Style("letter-landscape-courier", landscape(LETTER), "Courier", "Courier-Bold", 7.0, 5.5, 24, cover=True,
          header=False, drawn_ticks=False, repeat_header=True, owners_first=False, widths=2.2),
)

T1_F4 = (
    ("1. Title of Security (Instr. 3)", (("", "security_title"),), 2.0),
    ("2. Transaction Date (Month/Day/Year)", (("", "transaction_date"),), 1.0),
    ("2A. Deemed Execution Date, if any (Month/Day/Year)", (("", "deemed_execution_date"),), 1.0),
    ("3. Transaction Code (Instr. 8)", (("Code", "transaction_code"), ("V", "transaction_timeliness")), 1.0),
    ("4. Securities Acquired (A) or Disposed of (D) (Instr. 3, 4 and 5)",
     (("Amount", "shares"), ("(A) or (D)", "acquired_disposed"), ("Price", "price_per_share")), 2.4),
    ("5. Amount of Securities Beneficially Owned Following Reported Transaction(s) (Instr. 3 and 4)",
     (("", "shares_owned_following"),), 1.3),
    ("6. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)", (("", "direct_or_indirect"),), 0.9),
    ("7. Nature of Indirect Beneficial Ownership (Instr. 4)", (("", "nature_of_ownership"),), 1.3),
)
T2_F4 = (
    ("1. Title of Derivative Security (Instr. 3)", (("", "security_title"),), 1.4),
    ("2. Conversion or Exercise Price of Derivative Security", (("", "conversion_or_exercise_price"),), 0.9),
    ("3. Transaction Date (Month/Day/Year)", (("", "transaction_date"),), 0.9),
    ("3A. Deemed Execution Date, if any (Month/Day/Year)", (("", "deemed_execution_date"),), 0.9),
    ("4. Transaction Code (Instr. 8)", (("Code", "transaction_code"), ("V", "transaction_timeliness")), 0.8),
    ("5. Number of Derivative Securities Acquired (A) or Disposed of (D) (Instr. 3, 4, and 5)",
     (("(A)", "shares_acquired"), ("(D)", "shares_disposed")), 1.3),
    ("6. Date Exercisable and Expiration Date (Month/Day/Year)",
     (("Date Exercisable", "exercise_date"), ("Expiration Date", "expiration_date")), 1.5),
    ("7. Title and Amount of Underlying Securities (Instr. 3 and 4)",
     (("Title", "underlying_security_title"), ("Amount or Number of Shares", "underlying_shares")), 1.7),
    ("8. Price of Derivative Security (Instr. 5)", (("", "price_per_share"),), 0.9),
    ("9. Number of Derivative Securities Beneficially Owned Following Reported Transaction(s) (Instr. 4)",
     (("", "shares_owned_following"),), 1.1),
    ("10. Ownership Form of Derivative Security: Direct (D) or Indirect (I) (Instr. 4)",
     (("", "direct_or_indirect"),), 0.9),
    ("11. Nature of Indirect Beneficial Ownership (Instr. 4)", (("", "nature_of_ownership"),), 1.1),
)
T1_F3 = (
    ("1. Title of Security (Instr. 4)", (("", "security_title"),), 2.0),
    ("2. Amount of Securities Beneficially Owned (Instr. 4)", (("", "shares_owned_following"),), 1.4),
    ("3. Ownership Form: Direct (D) or Indirect (I) (Instr. 5)", (("", "direct_or_indirect"),), 1.0),
    ("4. Nature of Indirect Beneficial Ownership (Instr. 5)", (("", "nature_of_ownership"),), 2.0),
)
T2_F3 = (
    ("1. Title of Derivative Security (Instr. 4)", (("", "security_title"),), 1.6),
    ("2. Date Exercisable and Expiration Date (Month/Day/Year)",
     (("Date Exercisable", "exercise_date"), ("Expiration Date", "expiration_date")), 1.6),
    ("3. Title and Amount of Securities Underlying Derivative Security (Instr. 4)",
     (("Title", "underlying_security_title"), ("Amount or Number of Shares", "underlying_shares")), 2.0),
    ("4. Conversion or Exercise Price of Derivative Security", (("", "conversion_or_exercise_price"),), 1.0),
    ("5. Ownership Form of Derivative Security: Direct (D) or Indirect (I) (Instr. 5)",
     (("", "direct_or_indirect"),), 1.0),
    ("6. Nature of Indirect Beneficial Ownership (Instr. 5)", (("", "nature_of_ownership"),), 1.4),
)

#: Table II of Form 4 with column 5 as one column, each amount written after its mark: "(A) 643", "(D) 1,000".
T2_F4_MARKED = tuple(
    (label, (("", "marked_amount"),), weight) if label.startswith("5.") else (label, parts, weight)
    for label, parts, weight in T2_F4
)

PRICES = {"price_per_share", "conversion_or_exercise_price"}


def place(owner: Any, comma: bool = True) -> str:
    """An owner's city, state and ZIP on one line: "LONG BEACH, CA 90808", or "LONG BEACH CA 90808"."""
    city, state, zip_code = (str(v.value or "") for v in (owner.city, owner.state, owner.zip_code))
    rest = " ".join(p for p in (state, zip_code) if p)
    if not city or not rest:
        return city or rest
    return f"{city}{',' if comma else ''} {rest}"


def _marks(v: Value) -> str:
    return " ".join(f"({n[1:]})" for n in v.footnotes)


def _text(v: Value, field: str) -> str:
    value = v.value
    if value is None:
        out = ""
    elif isinstance(value, Decimal):
        out = f"{value:,}"
        if field in PRICES:
            out = "$ " + out
    elif hasattr(value, "strftime"):
        out = f"{value.month:02d}/{value.day:02d}/{value.year}"
    elif isinstance(value, bool):
        out = ""
    else:
        out = str(value)
    marks = _marks(v)
    return f"{out} {marks}".strip()


def _cell(row: Row, field: str) -> str:
    if field in ("shares_acquired", "shares_disposed"):
        want = "A" if field == "shares_acquired" else "D"
        if row.acquired_disposed.value == want:
            return _text(row.shares, "shares")
        return ""
    if field == "transaction_timeliness":
        return _marks(row.transaction_timeliness)
    if field == "marked_amount":
        amount = _text(row.shares, "shares")
        mark = row.acquired_disposed.value
        return f"({mark}) {amount}" if amount and mark in ("A", "D") else amount
    if field == "transaction_code":
        text = str(row.transaction_code.value or "")
        if row.equity_swap_involved.value:
            text += "/K"
        return f"{text} {_marks(row.transaction_code)}".strip()
    if field not in row.fields:
        return ""
    return _text(getattr(row, field), field)


class _Printer:
    def __init__(self, filing: Filing, style: Style):
        self.f = filing
        self.s = style
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=style.page)
        self.w, self.h = style.page
        self.x0 = style.margin
        self.x1 = self.w - style.margin
        self.y = 0.0
        self.form = (filing.form.value or "4").split("/")[0]
        self.issuer = str(filing.issuer.name.value or "")

    # ---- pages -------------------------------------------------------------------------------------------------

    def new_page(self) -> None:
        if self.y:
            self.c.showPage()
        self.y = self.h - self.s.margin
        if self.s.header:
            self.c.setFont(self.s.font, self.s.label + 1)
            self.c.drawCentredString(self.w / 2, self.y, f"Edgar Filing: {self.issuer} - Form {self.form}")
            self.y -= 18

    def need(self, height: float) -> bool:
        """Start a new page when `height` does not fit; True when it did."""
        if self.y - height < self.s.margin:
            self.new_page()
            return True
        return False

    def text(self, x: float, y: float, s: str, size: float | None = None, bold: bool = False) -> None:
        self.c.setFont(self.s.bold if bold else self.s.font, size or self.s.size)
        self.c.drawString(x, y, s)

    def wrap(self, s: str, width: float, size: float | None = None) -> list[str]:
        return simpleSplit(s, self.s.font, size or self.s.size, max(width, 10)) if s else []

    def tick(self, x: float, y: float, on: bool) -> float:
        """A tick box at (x, baseline y); returns the x after it."""
        size = self.s.size
        if self.s.drawn_ticks:
            self.c.rect(x, y - 1.5, 7, 7, stroke=1, fill=0)
            if on:
                self.text(x + 1.4, y, "X", size * 0.85)
            return x + 11
        mark = "_X_" if on else "___"
        self.text(x, y, mark, size)
        return x + self.c.stringWidth(mark, self.s.font, size) + 3

    # ---- the form -----------------------------------------------------------------------------------------------

    def cover(self) -> None:
        self.new_page()
        c = self.c
        y = self.h * 0.62
        for line, size in ((self.issuer, 20), (f"Form {self.form}", 14), (self._filed(), 12)):
            c.setFont(self.s.bold, size)
            c.drawCentredString(self.w / 2, y, line)
            y -= size * 1.8
        c.showPage()
        self.y = 0.0

    def _filed(self) -> str:
        date = self.f.signatures[0].date.value if self.f.signatures else self.f.period_of_report.value
        return date.strftime("%B %d, %Y") if date else ""

    def top(self) -> None:
        self.new_page()
        s = self.s
        self.text(self.x0, self.y - 14, f"FORM {self.form}", 16, bold=True)
        mid = self.x0 + 150
        self.text(mid, self.y - 6, "UNITED STATES SECURITIES AND EXCHANGE COMMISSION", s.size + 1, bold=True)
        self.text(mid, self.y - 16, "Washington, D.C. 20549", s.size)
        title = {"3": "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES",
                 "5": "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES"}.get(
            self.form, "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES")
        self.text(mid, self.y - 28, title, s.size + 0.5, bold=True)
        self.y -= 44
        f = self.f
        checks: list[tuple[Value, str]] = []
        if self.form in ("4", "5"):
            checks.append((f.not_subject_to_section16, "Check this box if no longer subject to Section 16. Form 4 "
                           "or Form 5 obligations may continue. See Instruction 1(b)."))
            if not f.aff10b5_one.empty:
                checks.append((f.aff10b5_one, "Check this box to indicate that a transaction was made pursuant "
                               "to a contract, instruction or written plan intended to satisfy Rule 10b5-1(c)."))
        if self.form == "5":
            checks.append((f.form3_holdings_reported, "Form 3 Holdings Reported"))
            checks.append((f.form4_transactions_reported, "Form 4 Transactions Reported"))
        for value, caption in checks:
            x = self.tick(self.x0, self.y, bool(value.value))
            self.text(x, self.y, caption, s.label)
            self.y -= s.label * 1.8
        self.y -= 4
        self.boxes()

    def boxes(self) -> None:
        s, f = self.s, self.f
        owner = f.reporting_owners[0] if f.reporting_owners else None
        width = self.x1 - self.x0
        xa, xb = self.x0 + width * 0.44, self.x0 + width * 0.72
        lh, vh = s.label * 1.3, s.size * 1.35
        top = self.y
        c = self.c
        # Box 1: name and address, captions under the values.
        y = top - lh
        self.text(self.x0 + 2, y, "1. Name and Address of Reporting Person *", s.label)
        y -= vh
        if owner is not None:
            self.text(self.x0 + 2, y, str(owner.name.value or ""))
        y -= lh
        cols = (self.x0 + 2, self.x0 + (xa - self.x0) * 0.45, self.x0 + (xa - self.x0) * 0.72)
        for x, cap in zip(cols, ("(Last)", "(First)", "(Middle)"), strict=True):
            self.text(x, y, cap, s.label)
        y -= vh
        streets = [str(v.value) for v in (owner.street1, owner.street2) if owner and v.value] if owner else []
        for line in streets:
            self.text(self.x0 + 2, y, line)
            y -= vh
        if not streets:
            y -= vh
        self.text(self.x0 + 2, y, "(Street)", s.label)
        y -= vh
        if owner is not None and s.place_line:
            self.text(self.x0 + 2, y, place(owner, s.comma))
        elif owner is not None:
            for x, v in zip(cols, (owner.city, owner.state, owner.zip_code), strict=True):
                self.text(x, y, str(v.value or ""))
        y -= lh
        for x, cap in zip(cols, ("(City)", "(State)", "(Zip)"), strict=True):
            self.text(x, y, cap, s.label)
        if owner is not None and owner.state_description.value:
            y -= vh
            self.text(self.x0 + 2, y, str(owner.state_description.value))
            y -= lh
            self.text(self.x0 + 2, y, "(Country)", s.label)
        bottom = y - 6
        # Boxes 2 to 4 in the middle, 5 and 6 on the right.
        if self.form == "3":
            middle = [("2. Date of Event Requiring Statement (Month/Day/Year)", _text(f.period_of_report, "")),
                      ("3. Issuer Name and Ticker or Trading Symbol", self._issuer()),
                      ("5. If Amendment, Date Original Filed (Month/Day/Year)",
                       _text(f.date_of_original_submission, ""))]
            rel_label = "4. Relationship of Reporting Person(s) to Issuer (Check all applicable)"
        else:
            period = ("3. Statement for Issuer's Fiscal Year Ended (Month/Day/Year)" if self.form == "5"
                      else "3. Date of Earliest Transaction (Month/Day/Year)")
            middle = [("2. Issuer Name and Ticker or Trading Symbol", self._issuer()),
                      (period, _text(f.period_of_report, "")),
                      ("4. If Amendment, Date Original Filed (Month/Day/Year)",
                       _text(f.date_of_original_submission, ""))]
            rel_label = "5. Relationship of Reporting Person(s) to Issuer (Check all applicable)"
        y = top
        for label, value in middle:
            y -= lh
            for line in self.wrap(label, xb - xa - 4, s.label):
                self.text(xa + 2, y, line, s.label)
                y -= lh
            for line in self.wrap(value, xb - xa - 4):
                self.text(xa + 2, y, line)
                y -= vh
            y -= 4
            c.line(xa, y, xb, y)
        bottom = min(bottom, y)
        y = top - lh
        for line in self.wrap(rel_label, self.x1 - xb - 4, s.label):
            self.text(xb + 2, y, line, s.label)
            y -= lh
        y -= 2
        if owner is not None:
            # Two boxes a line where they fit, else one.
            pairs = (("Director", owner.is_director), ("10% Owner", owner.is_ten_percent_owner),
                     ("Officer (give title below)", owner.is_officer), ("Other (specify below)", owner.is_other))
            half = (self.x1 - xb) / 2
            fits = all(self.c.stringWidth(cap, s.font, s.label) + 16 < half for cap, _ in pairs)
            for k, (cap, flag) in enumerate(pairs):
                x = xb + 2 + (half if fits and k % 2 else 0)
                x = self.tick(x, y, bool(flag.value))
                self.text(x, y, cap, s.label)
                if not fits or k % 2:
                    y -= lh + 2
            y -= 2
            for v in (owner.officer_title, owner.other_text):
                for line in self.wrap(str(v.value or ""), self.x1 - xb - 4):
                    self.text(xb + 6, y, line)
                    y -= vh
        y -= 4
        c.line(xb, y, self.x1, y)
        y -= lh
        self.text(xb + 2, y, "6. Individual or Joint/Group Filing (Check Applicable Line)", s.label * 0.95)
        y -= lh + 2
        x = self.tick(xb + 2, y, len(f.reporting_owners) <= 1)
        self.text(x, y, "Form filed by One Reporting Person", s.label)
        y -= lh + 2
        x = self.tick(xb + 2, y, len(f.reporting_owners) > 1)
        self.text(x, y, "Form filed by More than One Reporting Person", s.label)
        bottom = min(bottom, y - 6)
        c.rect(self.x0, bottom, self.x1 - self.x0, top - bottom)
        c.line(xa, top, xa, bottom)
        c.line(xb, top, xb, bottom)
        self.y = bottom - 14

    def _issuer(self) -> str:
        name = str(self.f.issuer.name.value or "")
        ticker = self.f.issuer.trading_symbol.value
        return f"{name} [{ticker}]" if ticker else name

    # ---- tables -------------------------------------------------------------------------------------------------

    def table(self, title: str, columns: Sequence[tuple[str, tuple[tuple[str, str], ...], float]],
              rows: Sequence[Row]) -> None:
        s = self.s
        weights = [w * (s.widths if i == 0 else 1.0) for i, (_, _, w) in enumerate(columns)]
        total = sum(weights)
        width = self.x1 - self.x0
        spans: list[tuple[float, float]] = []
        x = self.x0
        for w in weights:
            spans.append((x, x + width * w / total))
            x += width * w / total
        subs: list[tuple[float, float, str, str]] = []  # x0, x1, caption, field
        for (x0, x1), (_, parts, _) in zip(spans, columns, strict=True):
            step = (x1 - x0) / len(parts)
            for k, (cap, field) in enumerate(parts):
                subs.append((x0 + k * step, x0 + (k + 1) * step, cap, field))
        self.need(120)
        self.text(self.x0, self.y, title, s.size + 1, bold=True)
        self.y -= 6
        self.header(columns, spans, subs)
        lh = s.size * 1.25
        for row in rows:
            cells = [(sx0, sx1, self.wrap(_cell(row, field), sx1 - sx0 - 4)) for sx0, sx1, _, field in subs]
            height = max([len(lines) for _, _, lines in cells] + [1]) * lh + 6
            if self.need(height + 10):
                if s.repeat_header:
                    self.text(self.x0, self.y, title + " (continued)", s.size + 1, bold=True)
                    self.y -= 6
                    self.header(columns, spans, subs)
                else:
                    self.c.line(self.x0, self.y, self.x1, self.y)
            top = self.y
            for sx0, _sx1, lines in cells:
                y = top - s.size - 2
                for line in lines:
                    self.text(sx0 + 2, y, line)
                    y -= lh
            self.y = top - height
            if s.ruled_rows:
                self.c.line(self.x0, self.y, self.x1, self.y)
                for sx0, _, _, _ in subs:
                    self.c.line(sx0, top, sx0, self.y)
                self.c.line(self.x1, top, self.x1, self.y)
        self.y -= 16

    def header(self, columns: Sequence[tuple[str, tuple[tuple[str, str], ...], float]],
               spans: Sequence[tuple[float, float]], subs: Sequence[tuple[float, float, str, str]]) -> None:
        s = self.s
        lh = s.label * 1.25
        top = self.y
        wrapped = [self.wrap(label, x1 - x0 - 4, s.label) for (label, _, _), (x0, x1) in
                   zip(columns, spans, strict=True)]
        upper = max(len(w) for w in wrapped) * lh + 4
        sub_lines = [self.wrap(cap, x1 - x0 - 4, s.label) for x0, x1, cap, _ in subs]
        lower = max(len(w) for w in sub_lines) * lh + 4
        for lines, (x0, _) in zip(wrapped, spans, strict=True):
            y = top - s.label - 1
            for line in lines:
                self.text(x0 + 2, y, line, s.label)
                y -= lh
        bottom = top - upper - lower
        for lines, (x0, _x1, _cap, _) in zip(sub_lines, subs, strict=True):
            y = bottom + 3 + (len(lines) - 1) * lh
            for line in lines:
                self.text(x0 + 2, y, line, s.label)
                y -= lh
        c = self.c
        c.line(self.x0, top, self.x1, top)
        for (x0, x1), (_, parts, _) in zip(spans, columns, strict=True):
            c.line(x0, top, x0, bottom)
            if len(parts) > 1:
                c.line(x0, top - upper, x1, top - upper)
        for x0, _, cap, _ in subs:
            if cap:
                c.line(x0, top - upper, x0, bottom)
        c.line(self.x1, top, self.x1, bottom)
        c.line(self.x0, bottom, self.x1, bottom)
        self.y = bottom

    # ---- the rest ---------------------------------------------------------------------------------------------

    def heading(self, text: str) -> None:
        self.need(40)
        self.text(self.x0, self.y - 4, text, self.s.size + 3, bold=True)
        self.y -= 18

    def owners(self) -> None:
        s = self.s
        self.heading("Reporting Owners")
        width = min(self.x1 - self.x0, 420)
        xs = [self.x0, self.x0 + width * 0.46, self.x0 + width * 0.56, self.x0 + width * 0.68,
              self.x0 + width * 0.86, self.x0 + width]
        lh = s.size * 1.3
        self.text(xs[0] + 2, self.y - s.label - 2, "Reporting Owner Name / Address", s.label, bold=True)
        self.text(xs[1] + 2, self.y - s.label - 2, "Relationships", s.label, bold=True)
        self.y -= s.label * 1.6 + 2
        for x, cap in zip(xs[1:], ("Director", "10% Owner", "Officer", "Other"), strict=False):
            self.text(x + 2, self.y - s.label, cap, s.label)
        self.y -= s.label + 4
        self.c.line(self.x0, self.y, xs[-1], self.y)
        for o in self.f.reporting_owners:
            lines = [str(o.name.value or "")]
            lines += [str(v.value) for v in (o.street1, o.street2) if v.value]
            line = place(o, s.comma)
            if line:
                lines.append(line)
            if o.state_description.value:
                lines.append(str(o.state_description.value))
            name_lines = [w for line in lines for w in self.wrap(line, xs[1] - xs[0] - 4)]
            title = self.wrap(str(o.officer_title.value or ""), xs[4] - xs[3] - 4)
            other = self.wrap(str(o.other_text.value or ""), xs[5] - xs[4] - 4)
            height = max(len(name_lines), len(title), len(other), 1) * lh + 6
            self.need(height + 4)
            top = self.y
            y = top - s.size - 2
            for line in name_lines:
                self.text(xs[0] + 2, y, line)
                y -= lh
            for k, flag in ((1, o.is_director.value), (2, o.is_ten_percent_owner.value)):
                if flag:
                    self.text((xs[k] + xs[k + 1]) / 2 - 2, top - s.size - 2, "X")
            for k, lines_ in ((3, title), (4, other)):
                y = top - s.size - 2
                for line in lines_:
                    self.text(xs[k] + 2, y, line)
                    y -= lh
            self.y = top - height
            if s.ruled_rows:
                self.c.line(self.x0, self.y, xs[-1], self.y)
                for x in xs:
                    self.c.line(x, top, x, self.y)
        self.y -= 14

    def signatures(self) -> None:
        s = self.s
        self.heading("Signatures")
        for sig in self.f.signatures:
            if s.signature_line:
                # The name, and its date on the name's last line in the same run of text; the captions under it.
                date = _text(sig.date, "")
                lines = self.wrap(str(sig.name.value or ""), 380 - self.c.stringWidth(date + "  ", s.font, s.size))
                lines = [*lines[:-1], f"{lines[-1]}  {date}"] if lines else [date]
                self.need(len(lines) * s.size * 1.3 + 24)
                for line in lines:
                    self.text(self.x0 + 4, self.y - s.size, line)
                    self.y -= s.size * 1.3
                self.y -= 6
                self.c.line(self.x0, self.y, self.x0 + 380, self.y)
                self.text(self.x0 + 4, self.y - s.label - 1, "** Signature of Reporting Person", s.label)
                self.text(self.x0 + 320, self.y - s.label - 1, "Date", s.label)
                self.y -= s.label + 16
                continue
            lines = self.wrap(str(sig.name.value or ""), 280)
            self.need(len(lines) * s.size * 1.3 + 24)
            for line in lines:
                self.text(self.x0 + 4, self.y - s.size, line)
                self.y -= s.size * 1.3
            self.text(self.x0 + 320, self.y + s.size * 0.3 - 0, _text(sig.date, ""))
            self.y -= 6
            self.c.line(self.x0, self.y, self.x0 + 290, self.y)
            self.c.line(self.x0 + 316, self.y, self.x0 + 380, self.y)
            self.text(self.x0 + 4, self.y - s.label - 1, "** Signature of Reporting Person", s.label)
            self.text(self.x0 + 320, self.y - s.label - 1, "Date", s.label)
            self.y -= s.label + 16

    def explanations(self) -> None:
        s = self.s
        self.heading("Explanation of Responses:")
        lh = s.size * 1.3
        for text in ("* If the form is filed by more than one reporting person, see Instruction 4(b)(v).",
                     "** Intentional misstatements or omissions of facts constitute Federal Criminal Violations."):
            self.need(lh)
            self.text(self.x0 + 2, self.y - s.size, text)
            self.y -= lh
        for note in self.f.footnotes:
            lines = self.wrap(str(note.text.value or ""), self.x1 - self.x0 - 26)
            for k, line in enumerate(lines):
                self.need(lh)
                if k == 0:
                    self.text(self.x0 + 2, self.y - s.size, f"({note.id[1:]})")
                self.text(self.x0 + 24, self.y - s.size, line)
                self.y -= lh
        self.y -= 8
        if self.f.remarks.value:
            self.need(30)
            self.text(self.x0 + 2, self.y - s.size, "Remarks:", bold=True)
            self.y -= lh
            for line in self.wrap(str(self.f.remarks.value), self.x1 - self.x0 - 4):
                self.need(lh)
                self.text(self.x0 + 2, self.y - s.size, line)
                self.y -= lh
            self.y -= 8

    def closing(self) -> None:
        self.need(30)
        self.text(self.x0, self.y - self.s.label, "Reminder: Report on a separate line for each class of securities "
                  "beneficially owned directly or indirectly.", self.s.label)
        self.y -= 20


def render(filing: Filing, style: Style) -> bytes:
    """A printout of `filing` in `style`, as PDF bytes."""
    p = _Printer(filing, style)
    if style.cover:
        p.cover()
    p.top()
    form3 = p.form == "3"
    t1_rows = list(filing.non_derivative_transactions) + list(filing.non_derivative_holdings)
    t2_rows = list(filing.derivative_transactions) + list(filing.derivative_holdings)
    p.table("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
            T1_F3 if form3 else T1_F4, t1_rows)
    p.table("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned "
            "(e.g., puts, calls, warrants, options, convertible securities)",
            T2_F3 if form3 else T2_F4_MARKED if style.amount_marks else T2_F4, t2_rows)
    p.closing()
    if style.owners_first:
        p.owners()
        p.signatures()
        p.explanations()
    else:
        p.explanations()
        p.signatures()
        p.owners()
    p.c.showPage()
    p.c.save()
    return p.buf.getvalue()


def sample(names: Sequence[str], count: int) -> list[str]:
    """`count` names spread evenly over the sorted list (always the same ones)."""
    ordered = sorted(names)
    step = max(1, len(ordered) // count)
    return ordered[::step][:count]


__all__: Any = ["STYLES", "Style", "place", "render", "sample"]
