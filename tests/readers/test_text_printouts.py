"""The text reader on printouts it has not seen: corpus XML filings rendered to the markdown-like text a converter
makes of a filing-service printout, in several layouts, and read back. Every value the text shows is compared with
the XML; every row must be found.

Layouts:
- `joined`: like the Qualys seed: one tab-separated cell per numbered column of the form (column 4 holds
  "Amount (A)/(D) Price"), owners' name and address run together in the Reporting Owners table;
- `subcells`: one cell per sub-column (Code | V, Amount | (A)/(D) | Price ...), owners' address lines kept apart with
  `<br>`, titles longer than 28 characters wrapped onto a continuation line, no cover page, a page break (running
  header, page number) inside tables of more than three rows;
- `pipes`: the `joined` layout written as markdown pipe tables (`| a | b |` with a `|---|` line under the header),
  and box values on their label's line ("3. Date of Earliest Transaction (Month/Day/Year) 11/22/2013");
- `seedlike`: the seed's cells (Table I's price in a cell of its own after "Amount (A)/(D)", a cell count that does
  not match the header's) and its Table II header labels ("8. Amount or Number of Shares"), but Table II complete
  with all its columns; the header repeated after a page break.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from form4viewer.model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    Filing,
    Row,
    Value,
)
from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.readers.text import read_text
from form4viewer.sources import TextSpan

LAYOUTS = ("joined", "subcells", "seedlike", "pipes")

# ---- rendering ------------------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Markdown escapes as the converter writes them."""
    return re.sub(r"([\\$*_])", r"\\\1", text)


def _marks(value: Value) -> str:
    return "".join(f" <sup>({note[1:]})</sup>" for note in value.footnotes if note[1:].isdigit())


def _show(value: Value, kind: str = "text") -> str:
    """A value as a printout shows it, with its footnote marks."""
    v = value.value
    if v is None:
        text = ""
    elif isinstance(v, dt.date):
        text = v.strftime("%m/%d/%Y")
    elif isinstance(v, Decimal):
        text = f"{v:,f}"
        if kind == "price":
            text = "\\$ " + text
    elif isinstance(v, bool):
        text = "X" if v else ""
    else:
        text = _esc(" ".join(str(v).split()))
    return (text + _marks(value)).strip()


def _code(row: Row) -> str:
    code = _show(Value(row.transaction_code.value))
    if row.equity_swap_involved.value is True:
        code += "/K"
    return (code + _marks(row.transaction_code)).strip()


def _v(row: Row) -> str:
    return "V" if row.transaction_form_type.value == "5" else ""


T1_HEADER_4 = [
    "1. Title of Security (Instr. 3)",
    "2. Transaction Date (Month/Day/Year)",
    "2A. Deemed Execution Date, if any (Month/Day/Year)",
    "3. Transaction Code (Instr. 8)",
    "4. Securities Acquired (A) or Disposed of (D) (Instr. 3, 4 and 5)",
    "5. Amount of Securities Beneficially Owned Following Reported Transaction(s) (Instr. 3 and 4)",
    "6. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)",
    "7. Nature of Indirect Beneficial Ownership (Instr. 4)",
]
T2_HEADER_4 = [
    "1. Title of Derivative Security (Instr. 3)",
    "2. Conversion or Exercise Price of Derivative Security",
    "3. Transaction Date (Month/Day/Year)",
    "3A. Deemed Execution Date, if any (Month/Day/Year)",
    "4. Transaction Code (Instr. 8)",
    "5. Number of Derivative Securities Acquired (A) or Disposed of (D) (Instr. 3, 4, and 5)",
    "6. Date Exercisable and Expiration Date (Month/Day/Year)",
    "7. Title and Amount of Underlying Securities (Instr. 3 and 4)",
    "8. Price of Derivative Security (Instr. 5)",
    "9. Number of derivative Securities Beneficially Owned Following Reported Transaction(s) (Instr. 4)",
    "10. Ownership Form of Derivative Security: Direct (D) or Indirect (I) (Instr. 4)",
    "11. Nature of Indirect Beneficial Ownership (Instr. 4)",
]
#: Table II's header as the seed has it (its "8. Amount or Number of Shares" is column 7's amount), complete.
T2_HEADER_SEED = T2_HEADER_4[:8] + ["8. Amount or Number of Shares"] + T2_HEADER_4[8:]
T1_HEADER_3 = [
    "1. Title of Security (Instr. 4)",
    "2. Amount of Securities Beneficially Owned (Instr. 4)",
    "3. Ownership Form: Direct (D) or Indirect (I) (Instr. 5)",
    "4. Nature of Indirect Beneficial Ownership (Instr. 5)",
]
T2_HEADER_3 = [
    "1. Title of Derivative Security (Instr. 4)",
    "2. Date Exercisable and Expiration Date (Month/Day/Year)",
    "3. Title and Amount of Securities Underlying Derivative Security (Instr. 4)",
    "4. Conversion or Exercise Price of Derivative Security",
    "5. Ownership Form of Derivative Security: Direct (D) or Indirect (I) (Instr. 5)",
    "6. Nature of Indirect Beneficial Ownership (Instr. 5)",
]


def _t1_cells(row: Row, form3: bool, sub: bool) -> list[list[str]]:
    """Cells per column; each column a list of its sub-cells."""
    if form3:
        return [[_show(row.security_title)], [_show(row.shares_owned_following)],
                [_show(row.direct_or_indirect)], [_show(row.nature_of_ownership)]]
    return [
        [_show(row.security_title)],
        [_show(row.transaction_date)],
        [_show(row.deemed_execution_date)],
        [_code(row), _v(row)],
        [_show(row.shares), _show(row.acquired_disposed), _show(row.price_per_share, "price")],
        [_show(row.shares_owned_following)],
        [_show(row.direct_or_indirect)],
        [_show(row.nature_of_ownership)],
    ]


def _t2_cells(row: Row, form3: bool) -> list[list[str]]:
    if form3:
        return [
            [_show(row.security_title)],
            [_show(row.exercise_date), _show(row.expiration_date)],
            [_show(row.underlying_security_title), _show(row.underlying_shares)],
            [_show(row.conversion_or_exercise_price, "price")],
            [_show(row.direct_or_indirect)],
            [_show(row.nature_of_ownership)],
        ]
    return [
        [_show(row.security_title)],
        [_show(row.conversion_or_exercise_price, "price")],
        [_show(row.transaction_date)],
        [_show(row.deemed_execution_date)],
        [_code(row), _v(row)],
        [_show(row.shares), _show(row.acquired_disposed)],
        [_show(row.exercise_date), _show(row.expiration_date)],
        [_show(row.underlying_security_title), _show(row.underlying_shares)],
        [_show(row.price_per_share, "price")],
        [_show(row.shares_owned_following)],
        [_show(row.direct_or_indirect)],
        [_show(row.nature_of_ownership)],
    ]


def _seed_cells(columns: list[list[str]], split: int) -> list[str]:
    """The seed's cells: one per column, except column `split` whose last sub-cell stands alone (Table I's price
    after "Amount (A)/(D)", Table II's underlying amount after its title)."""
    cells = []
    for index, column in enumerate(columns):
        if index == split:
            cells += [" ".join(c for c in column[:-1] if c), column[-1]]
        else:
            cells.append(" ".join(c for c in column if c))
    return cells


def _table_lines(header: list[str], rows: list[list[list[str]]], layout: str, split: int = -1,
                 running: str = "") -> list[str]:
    """A table's lines. After its third row the page breaks: `subcells` goes on with bare rows after the running
    header and page number, `seedlike` repeats the table's header on the new page."""
    lines = ["\t".join(header)]
    for number, columns in enumerate(rows):
        if number == 3 and layout != "joined":
            lines += ["", running, "", "Page 2", ""]
            if layout == "seedlike":
                lines.append("\t".join(header))
        if layout == "seedlike" and split >= 0:
            lines.append("\t".join(_seed_cells(columns, split)))
            continue
        if layout == "subcells":
            cells = [cell for column in columns for cell in column]
            title = cells[0]
            wrapped = None
            if len(title) > 28 and " " in title[20:] and "<sup>" not in title:
                cut = title.index(" ", 20)
                cells[0], wrapped = title[:cut], title[cut + 1:]
            lines.append("\t".join(cells))
            if wrapped:
                lines.append("\t".join([wrapped] + [""] * (len(cells) - 1)))
        else:
            lines.append("\t".join(" ".join(c for c in column if c) for column in columns))
    return lines


def _box(mark: bool | None) -> str:
    return "\\_X\\_" if mark else "\\_\\_\\_\\_"


def _address(owner: Any) -> tuple[str, str]:
    street = ", ".join(_esc(v.value) for v in (owner.street1, owner.street2) if v.value)
    city = _esc(owner.city.value or "")
    tail = " ".join(v.value for v in (owner.state, owner.zip_code) if v.value)
    return street, f"{city}, {tail}" if tail else city


def _as_pipes(lines: list[str]) -> list[str]:
    """Tab-separated table lines as a markdown pipe table."""
    out = []
    for line in lines:
        if "\t" not in line:
            out.append(line)
            continue
        cells = [cell.replace("|", "\\|") for cell in line.split("\t")]
        out.append("| " + " | ".join(cells) + " |")
        if not out[-2:-1] or "|" not in out[-2]:
            out.append("|" + "---|" * len(cells))
    return out


def render(filing: Filing, layout: str) -> str:
    """The filing as a converted printout in one of LAYOUTS."""
    if layout == "pipes":
        # Pipe tables, and the issuer and the date on their boxes' label lines.
        text = "\n".join(_as_pipes(render(filing, "joined").split("\n")))
        return re.sub(r"((?:Issuer Name and Ticker or Trading Symbol|\(Month/Day/Year\))) *\n(?=\S)", r"\1 ", text)
    form = filing.form.value or "4"
    number = form[0]
    form3 = number == "3"
    out: list[str] = ["", ""]
    issuer = _esc(filing.issuer.name.value or "")
    if layout != "subcells":
        out += [f"{issuer}  ", f"Form {form}  ", "January 2, 2024", ""]
    out += [f"**FORM {number}**", "", "**UNITED STATES SECURITIES AND EXCHANGE COMMISSION  ", "Washington, D.C. 20549**",
            "", "OMB APPROVAL", ""]
    if not form3:
        mark = "X " if filing.not_subject_to_section16.value else ""
        out += [f"{mark}Check this box if no longer subject to Section 16. Form 4 or Form 5 obligations may continue. "
                "See Instruction 1(b).", ""]
    if number == "5":
        out += [f"{_box(filing.form3_holdings_reported.value)} Form 3 Holdings Reported  ",
                f"{_box(filing.form4_transactions_reported.value)} Form 4 Transactions Reported", ""]
    if number == "4" and filing.aff10b5_one.value is not None:
        out += [f"{_box(filing.aff10b5_one.value)} Check this box to indicate that a transaction was made pursuant to "
                "a contract, instruction or written plan that is intended to satisfy the affirmative defense "
                "conditions of Rule 10b5-1(c). See Instruction 10.", ""]
    title = {"3": "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES",
             "4": "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES",
             "5": "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES"}[number]
    out += [f"**{title}**", "", "(Print or Type Responses)", ""]
    owner = filing.reporting_owners[0]
    street, city = _address(owner)
    out += ["1. Name and Address of Reporting Person \\*  ", _esc(owner.name.value or ""), "",
            "(Last) (First) (Middle)", "", street, "", "(Street)", "", city, "", "(City) (State) (Zip)", ""]
    issuer_line = f"{issuer} [{_esc(filing.issuer.trading_symbol.value or '')}]"
    period = _show(Value(filing.period_of_report.value))
    original = _show(Value(filing.date_of_original_submission.value))
    relation = [
        "(Check all applicable)", "",
        f"{_box(owner.is_director.value)} Director {_box(owner.is_ten_percent_owner.value)} 10% Owner  ",
        f"{_box(owner.is_officer.value)} Officer (give title below) {_box(owner.is_other.value)} Other (specify "
        "below)", "",
    ]
    if owner.officer_title.value or owner.other_text.value:
        relation += [_esc(owner.officer_title.value or owner.other_text.value), ""]
    group = f"{_box(len(filing.reporting_owners) == 1)} Form filed by One Reporting Person  "
    group2 = f"{_box(len(filing.reporting_owners) > 1)} Form filed by More than One Reporting Person"
    if form3:
        out += ["2. Date of Event Requiring Statement (Month/Day/Year)  ", period, "",
                "3. Issuer Name and Ticker or Trading Symbol  ", issuer_line, "",
                "4. Relationship of Reporting Person(s) to Issuer", "", *relation,
                "5. If Amendment, Date Original Filed(Month/Day/Year)", "", *([original, ""] if original else []),
                "6. Individual or Joint/Group Filing(Check Applicable Line)  ", group, group2, ""]
    else:
        label = ("3. Date of Earliest Transaction (Month/Day/Year)  " if number == "4"
                 else "3. Statement for Issuer's Fiscal Year Ended (Month/Day/Year)  ")
        out += ["2. Issuer Name and Ticker or Trading Symbol  ", issuer_line, "", label, period, "",
                "4. If Amendment, Date Original Filed(Month/Day/Year)", "", *([original, ""] if original else []),
                "5. Relationship of Reporting Person(s) to Issuer", "", *relation,
                "6. Individual or Joint/Group Filing(Check Applicable Line)  ", group, group2, ""]
    t1 = list(filing.non_derivative_transactions) + list(filing.non_derivative_holdings)
    t2 = list(filing.derivative_transactions) + list(filing.derivative_holdings)
    out += ["**Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned**", ""]
    out += _table_lines(T1_HEADER_3 if form3 else T1_HEADER_4,
                        [_t1_cells(r, form3, layout == "subcells") for r in t1], layout, -1 if form3 else 4,
                        f"Edgar Filing: {issuer} - Form {form}")
    out += ["", "Reminder: Report on a separate line for each class of securities beneficially owned directly or "
            "indirectly.", "", "SEC 1474 (9-02)", "", f"Edgar Filing: {issuer} - Form {form}", "",
            "**Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned**  ",
            "(e.g., puts, calls, warrants, options, convertible securities)", ""]
    running = f"Edgar Filing: {issuer} - Form {form}"
    if form3:
        out += _table_lines(T2_HEADER_3, [_t2_cells(r, form3) for r in t2], layout, 2, running)
    elif layout == "seedlike":
        out += _table_lines(T2_HEADER_SEED, [_t2_cells(r, form3) for r in t2], layout, 7, running)
    else:
        out += _table_lines(T2_HEADER_4, [_t2_cells(r, form3) for r in t2], layout, -1, running)
    out += ["", "## Reporting Owners", "", "Reporting Owner Name / Address\tRelationships\t\t\t",
            "\tDirector\t10% Owner\tOfficer\tOther"]
    for o in filing.reporting_owners:
        street_lines = [_esc(v.value) for v in (o.street1, o.street2) if v.value]
        _, city = _address(o)
        parts = [_esc(o.name.value or ""), *street_lines, city]
        cell = ("<br>" if layout == "subcells" else " ").join(p for p in parts if p)
        officer = _esc(o.officer_title.value) if o.officer_title.value else ("X" if o.is_officer.value else "")
        other = _esc(o.other_text.value) if o.other_text.value else ("X" if o.is_other.value else "")
        out.append("\t".join([cell, "X" if o.is_director.value else "", "X" if o.is_ten_percent_owner.value else "",
                              officer, other]))
    out += ["", "## Signatures", ""]
    for sig in filing.signatures:
        out += [f"{_esc(sig.name.value or '')}  ", f" {_show(Value(sig.date.value))}  "]
    out += [" \\*\\*Signature of Reporting Person Date", "", "## Explanation of Responses:", "",
            "- \\* If the form is filed by more than one reporting person, see Instruction 4(b)(v).",
            "- \\*\\* Intentional misstatements or omissions of facts constitute Federal Criminal Violations. See 18 "
            "U.S.C. 1001 and 15 U.S.C. 78ff(a)."]
    for note in filing.footnotes:
        paragraphs = [_esc(" ".join(p.split())) for p in (note.text.value or "").split("\n") if p.strip()]
        if paragraphs:
            out.append(f"- ({note.id[1:]}) " + "  \n ".join(paragraphs))
    if filing.remarks.value:
        out += ["", "## Remarks:", "", _esc(" ".join(filing.remarks.value.split()))]
    out += ["", "Note: File three copies of this Form, one of which must be manually signed."]
    return "\n".join(out) + "\n"


# ---- comparing ------------------------------------------------------------------------------------------------

#: Row fields a printout of each form shows.
_SHOWN = {
    "4": {
        NON_DERIVATIVE_TRANSACTIONS: ("security_title", "transaction_date", "deemed_execution_date",
                                      "transaction_code", "shares", "acquired_disposed", "price_per_share",
                                      "shares_owned_following", "direct_or_indirect", "nature_of_ownership"),
        NON_DERIVATIVE_HOLDINGS: ("security_title", "shares_owned_following", "direct_or_indirect",
                                  "nature_of_ownership"),
        DERIVATIVE_TRANSACTIONS: ("security_title", "conversion_or_exercise_price", "transaction_date",
                                  "deemed_execution_date", "transaction_code", "shares", "acquired_disposed",
                                  "exercise_date", "expiration_date", "underlying_security_title",
                                  "underlying_shares", "price_per_share", "shares_owned_following",
                                  "direct_or_indirect", "nature_of_ownership"),
        DERIVATIVE_HOLDINGS: ("security_title", "conversion_or_exercise_price", "exercise_date", "expiration_date",
                              "underlying_security_title", "underlying_shares", "shares_owned_following",
                              "direct_or_indirect", "nature_of_ownership"),
    },
    "3": {
        NON_DERIVATIVE_HOLDINGS: ("security_title", "shares_owned_following", "direct_or_indirect",
                                  "nature_of_ownership"),
        DERIVATIVE_HOLDINGS: ("security_title", "exercise_date", "expiration_date", "underlying_security_title",
                              "underlying_shares", "conversion_or_exercise_price", "direct_or_indirect",
                              "nature_of_ownership"),
    },
}
_OWNER_SHOWN = ("name", "street1", "street2", "city", "state", "zip_code", "is_director", "is_officer",
                "is_ten_percent_owner", "is_other", "officer_title", "other_text")


def _norm(value: Value, *, truthy: bool = False) -> tuple[Any, tuple[str, ...]]:
    v = value.value
    if isinstance(v, str):
        v = " ".join(v.split()) or None
    if truthy:
        v = bool(v)
    if isinstance(v, Decimal):
        v = v.normalize()
    notes = tuple(sorted(n for n in value.footnotes if n[1:].isdigit()))
    return v, notes


def compare(expected: Filing, got: Filing) -> tuple[int, list[str]]:
    """Fields compared and the misses, as `path: expected != got`."""
    misses: list[str] = []
    count = 0

    def check(path: str, want: Value, have: Value, truthy: bool = False) -> None:
        nonlocal count
        count += 1
        a, b = _norm(want, truthy=truthy), _norm(have, truthy=truthy)
        if a != b:
            misses.append(f"{path}: {a!r} != {b!r}")

    number = (expected.form.value or "4")[0]
    check("form", expected.form, got.form)
    check("period_of_report", expected.period_of_report, got.period_of_report)
    check("date_of_original_submission", expected.date_of_original_submission, got.date_of_original_submission)
    if number != "3":
        check("not_subject_to_section16", expected.not_subject_to_section16, got.not_subject_to_section16, True)
    if number == "5":
        check("form3_holdings_reported", expected.form3_holdings_reported, got.form3_holdings_reported, True)
        check("form4_transactions_reported", expected.form4_transactions_reported, got.form4_transactions_reported,
              True)
    if number == "4" and expected.aff10b5_one.value is not None:
        check("aff10b5_one", expected.aff10b5_one, got.aff10b5_one, True)
    check("issuer.name", expected.issuer.name, got.issuer.name)
    check("issuer.trading_symbol", expected.issuer.trading_symbol, got.issuer.trading_symbol)
    count += 1
    if len(got.reporting_owners) != len(expected.reporting_owners):
        misses.append(f"reporting_owners: {len(expected.reporting_owners)} != {len(got.reporting_owners)}")
    for i, (a, b) in enumerate(zip(expected.reporting_owners, got.reporting_owners, strict=False)):
        for name in _OWNER_SHOWN:
            check(f"reporting_owners[{i}].{name}", getattr(a, name), getattr(b, name), name.startswith("is_"))
    shown = _SHOWN["3" if number == "3" else "4"]
    for table, fields in shown.items():
        want_rows, have_rows = expected.rows(table), got.rows(table)
        count += 1
        if len(want_rows) != len(have_rows):
            misses.append(f"{table}: {len(want_rows)} rows != {len(have_rows)}")
        for i, (a, b) in enumerate(zip(want_rows, have_rows, strict=False)):
            for name in fields:
                check(f"{table}[{i}].{name}", getattr(a, name), getattr(b, name))
            if a.is_transaction and number != "3":
                count += 1
                if (a.transaction_form_type.value == "5") != (b.transaction_form_type.value == "5"):
                    misses.append(f"{table}[{i}].transaction_form_type (V): {a.transaction_form_type.value!r} != "
                                  f"{b.transaction_form_type.value!r}")
                check(f"{table}[{i}].equity_swap_involved", a.equity_swap_involved, b.equity_swap_involved, True)
    want_notes = {n.id: n for n in expected.footnotes if n.id[1:].isdigit() and (n.text.value or "").strip()}
    have_notes = {n.id: n for n in got.footnotes}
    for note_id, note in want_notes.items():
        found = have_notes.get(note_id)
        check(f"footnotes[{note_id}]", note.text, found.text if found is not None else Value())
    count += 1
    if set(have_notes) - set(want_notes):
        misses.append(f"footnotes: extra {sorted(set(have_notes) - set(want_notes))}")
    check("remarks", expected.remarks, got.remarks)
    count += 1
    if len(expected.signatures) != len(got.signatures):
        misses.append(f"signatures: {len(expected.signatures)} != {len(got.signatures)}")
    for i, (a, b) in enumerate(zip(expected.signatures, got.signatures, strict=False)):
        check(f"signatures[{i}].name", a.name, b.name)
        check(f"signatures[{i}].date", a.date, b.date)
    return count, misses


def _corpus_xmls(corpus: Path) -> Iterator[Path]:
    yield from sorted((corpus / "xml").glob("*.xml"))


def _expected(path: Path) -> Filing | None:
    filing = read_ownership_xml(path.read_bytes(), path.name)
    if not filing.reporting_owners:
        return None
    return filing


def _run(corpus: Path, layout: str, pick: Any = None) -> tuple[int, list[str], int, int, list[str]]:
    fields = 0
    misses: list[str] = []
    rows_expected = rows_found = 0
    row_misses: list[str] = []
    for path in _corpus_xmls(corpus):
        if pick is not None and not pick(path):
            continue
        expected = _expected(path)
        if expected is None:
            continue
        text = render(expected, layout)
        got = read_text(text.encode("utf-8"), f"{path.stem}.{layout}.txt")
        n, m = compare(expected, got)
        fields += n
        misses += [f"{path.name}: {miss}" for miss in m]
        for table in (NON_DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_HOLDINGS, DERIVATIVE_TRANSACTIONS,
                      DERIVATIVE_HOLDINGS):
            want, have = len(expected.rows(table)), len(got.rows(table))
            rows_expected += want
            rows_found += min(want, have)
            if want != have:
                row_misses.append(f"{path.name}: {table} {want} != {have}")
    return fields, misses, rows_expected, rows_found, row_misses


# ---- tests ----------------------------------------------------------------------------------------------------

SAMPLES = ("guts-form3-2024-six-owners.xml", "snow-form5-2022.xml", "fxco-form4-2023-four-owners.xml",
           "lrcx-form4a-2025.xml")


def _sample(data: Path, name: str) -> Filing:
    path = data / "text" / "xml" / name
    return read_ownership_xml(path.read_bytes(), path.name)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", SAMPLES)
def test_printout_text_reads_back_every_field_of_the_xml(data: Path, name: str, layout: str) -> None:
    expected = _sample(data, name)
    got = read_text(render(expected, layout).encode("utf-8"), f"{name}.{layout}.txt")
    count, misses = compare(expected, got)
    assert misses == []
    assert count > 40
    assert got.form.value == expected.form.value
    assert [len(got.rows(t)) for t in (NON_DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_HOLDINGS, DERIVATIVE_TRANSACTIONS,
                                       DERIVATIVE_HOLDINGS)] == \
        [len(expected.rows(t)) for t in (NON_DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_HOLDINGS,
                                         DERIVATIVE_TRANSACTIONS, DERIVATIVE_HOLDINGS)]


def test_form3_printout_gives_holdings_of_six_owners(data: Path) -> None:
    expected = _sample(data, "guts-form3-2024-six-owners.xml")
    got = read_text(render(expected, "joined").encode("utf-8"), "guts.txt")
    assert got.form.value == "3"
    assert len(got.reporting_owners) == 6
    assert [o.name.value for o in got.reporting_owners] == [o.name.value for o in expected.reporting_owners]
    assert got.non_derivative_transactions == () and got.derivative_transactions == ()
    assert len(got.derivative_holdings) == 5
    row = got.derivative_holdings[0]
    assert row.underlying_shares.value == expected.derivative_holdings[0].underlying_shares.value
    assert row.direct_or_indirect.value == expected.derivative_holdings[0].direct_or_indirect.value
    # Owners after the first share owner 1's address in the Reporting Owners table, run together with their name.
    assert got.reporting_owners[1].street1.confidence < 0.95
    assert any("the address is the one of owner 1" in note for note in got.document.notes)


def test_amendment_printout_is_read_as_form_4a_with_the_original_date(data: Path) -> None:
    expected = _sample(data, "lrcx-form4a-2025.xml")
    got = read_text(render(expected, "subcells").encode("utf-8"), "lrcx.txt")
    assert got.form.value == "4/A"
    assert got.date_of_original_submission.value == expected.date_of_original_submission.value is not None


def test_wrapped_titles_are_joined_into_one_row(data: Path) -> None:
    filing = _sample(data, "fxco-form4-2023-four-owners.xml")
    title = "Series A Convertible Preferred Stock, par value $0.0001 per share"
    first = filing.derivative_transactions[0]
    filing = filing.replace_at("derivative_transactions[0].security_title",
                               Value(title, first.security_title.footnotes))
    text = render(filing, "subcells")
    assert "\nPreferred Stock, par value \\$0.0001 per share\t" in text  # a line of its own
    got = read_text(text.encode("utf-8"), "fxco.txt")
    assert len(got.derivative_transactions) == len(filing.derivative_transactions)
    row = got.derivative_transactions[0]
    assert row.security_title.value == title
    assert row.security_title.confidence < 0.95  # joined from two lines
    assert compare(filing, got)[1] == []


def test_values_split_out_of_one_cell_are_less_certain_than_values_in_their_own_cell(data: Path) -> None:
    expected = _sample(data, "fxco-form4-2023-four-owners.xml")
    joined = read_text(render(expected, "joined").encode("utf-8"), "joined.txt")
    apart = read_text(render(expected, "subcells").encode("utf-8"), "apart.txt")
    row_joined, row_apart = joined.non_derivative_transactions[0], apart.non_derivative_transactions[0]
    assert row_joined.shares.value == row_apart.shares.value == expected.non_derivative_transactions[0].shares.value
    assert row_joined.shares.confidence < row_apart.shares.confidence
    for _, value in apart.values():
        assert value.confidence < 1 or value.value is None


def _pick(path: Path) -> bool:
    """All Forms 3 and 5 and amendments; a quarter of the Forms 4."""
    parts = path.stem.split("_")
    form = next((p for p in parts if p.startswith("F") and p[1:2].isdigit()), "F4")
    if form != "F4":
        return True
    return sum(path.name.encode()) % 4 == 0


@pytest.mark.parametrize("layout", LAYOUTS)
def test_corpus_filings_printed_as_text_read_back_at_least_99_5_percent_right(
    corpus: Path, layout: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    fields, misses, rows_expected, rows_found, row_misses = _run(corpus, layout, _pick)
    accuracy = 1 - len(misses) / fields
    report = tmp_path_factory.getbasetemp() / f"text-printout-misses-{layout}.txt"
    report.write_text(
        f"layout {layout}: {fields} fields, {len(misses)} wrong ({accuracy:.3%} right); "
        f"rows {rows_found}/{rows_expected}\n" + "\n".join(row_misses + misses) + "\n", encoding="utf-8"
    )
    print(f"\n{layout}: {fields} fields, {len(misses)} wrong, {accuracy:.3%} right; rows {rows_found}/"
          f"{rows_expected}; misses listed in {report}")
    assert rows_found == rows_expected, row_misses[:20]
    assert accuracy >= 0.995, f"{accuracy:.3%} right; first misses (all in {report}):\n" + "\n".join(misses[:30])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", SAMPLES)
def test_every_value_read_from_a_printout_points_at_its_text(data: Path, name: str, layout: str) -> None:
    text = render(_sample(data, name), layout)
    filing = read_text(text.encode("utf-8"), f"{name}.{layout}.txt")
    shown = 0
    for path, value in filing.values():
        if value.value is None and not value.footnotes:
            continue
        assert isinstance(value.source, TextSpan), path
        piece = text[value.source.start:value.source.end]
        plain = re.sub(r"<sup>\((\d+)\)</sup>", r"(\1)", piece).replace("\\", "").replace("<br>", " ")
        if value.raw is not None:
            assert value.raw.split()[0] in plain, (path, value.raw, piece)
        for note in value.footnotes:
            assert f"({note[1:]})" in plain, (path, note, piece)
        assert value.confidence < 1 or path in ("accession_number", "filing_date"), path
        shown += 1
    assert shown > 30
