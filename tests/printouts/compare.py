"""Compare a filing read from a printout with the ownership XML it was printed from, field by field, as typed
values. Only fields the printout shows count; a value read where the XML has none counts as a miss too."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from form4viewer.model import OWNER_FIELDS, TABLE_FIELDS, TABLES, Filing, Value
from form4viewer.readers.pdf import CUT

#: Row fields a printout does not show as a value of its own: the form type (only "V" for a Form 5 row), the
#: equity swap flag (only "/K" when set), timeliness (only its footnote marks).
HIDDEN_ROW_FIELDS = {"transaction_form_type"}


@dataclass
class Outcome:
    name: str
    fields: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)
    missing_rows: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)  # fields the printed page shows only in part

    def add(self, path: str, ok: bool, got: Any = None, want: Any = None, *, cut: bool = False) -> None:
        if cut and not ok:
            self.cut.append(f"{self.name}: {path}: read {got!r}, XML {want!r}")
            return
        self.fields += 1
        if ok:
            self.right += 1
        else:
            self.misses.append(f"{self.name}: {path}: read {got!r}, XML {want!r}")


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def _shown_decimal(value: Decimal) -> set[Decimal]:
    """The decimals a page may show for an XML amount: EDGAR's stylesheet prints at most four decimal places."""
    out = {value}
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        out.add(value.quantize(Decimal("0.0001"), ROUND_HALF_EVEN))
        out.add(value.quantize(Decimal("0.0001"), ROUND_HALF_UP))
    return out


def same(got: Value, want: Value) -> bool:
    if set(got.footnotes) != set(want.footnotes):
        return False
    a, b = got.value, want.value
    if isinstance(b, Decimal) and isinstance(a, Decimal):
        return a in _shown_decimal(b)
    if isinstance(b, str) or isinstance(a, str):
        return _norm(a or "") == _norm(b or "")
    return a == b


def _cmp(out: Outcome, path: str, got: Value, want: Value, *, shown: bool = True) -> None:
    if not shown and got.empty:
        return
    if want.empty and got.empty:
        return
    out.add(path, same(got, want), (got.value, got.footnotes), (want.value, want.footnotes),
            cut=got.confidence <= CUT)


def _flag(v: Value) -> Value:
    return Value(bool(v.value), v.footnotes)


def compare(name: str, got: Filing, want: Filing, *, owner_table: bool = True, country: bool = True) -> Outcome:
    """`owner_table`: whether the printout lists owners after the first in a table that shows their officer
    title and other text but not the officer/other boxes themselves. `country`: whether it prints the country
    of an address outside the US (EDGAR's stylesheet prints "UNITED STATES" under every address, and the state
    code, such as "X0", instead)."""
    out = Outcome(name)
    form = want.form.value
    _cmp(out, "form", got.form, want.form)
    _cmp(out, "period_of_report", got.period_of_report, want.period_of_report)
    _cmp(out, "date_of_original_submission", got.date_of_original_submission, want.date_of_original_submission)
    if form and form[0] in "45":
        out.add("not_subject_to_section16", same(_flag(got.not_subject_to_section16),
                _flag(want.not_subject_to_section16)), got.not_subject_to_section16.value,
                want.not_subject_to_section16.value)
        if not got.aff10b5_one.empty or not want.aff10b5_one.empty:
            out.add("aff10b5_one", same(_flag(got.aff10b5_one), _flag(want.aff10b5_one)), got.aff10b5_one.value,
                    want.aff10b5_one.value)
    if form and form[0] == "5":
        for name_ in ("form3_holdings_reported", "form4_transactions_reported"):
            g, w = getattr(got, name_), getattr(want, name_)
            if not w.empty or not g.empty:
                out.add(name_, same(_flag(g), _flag(w)), g.value, w.value)
    _cmp(out, "issuer.name", got.issuer.name, want.issuer.name)
    _cmp(out, "issuer.trading_symbol", got.issuer.trading_symbol, want.issuer.trading_symbol)
    if len(got.reporting_owners) != len(want.reporting_owners):
        out.missing_rows.append(f"{name}: reporting_owners: read {len(got.reporting_owners)}, "
                                f"XML {len(want.reporting_owners)}")
    for i, (g, w) in enumerate(zip(got.reporting_owners, want.reporting_owners, strict=False)):
        for f in OWNER_FIELDS:
            if f == "cik":
                continue
            gv, wv = getattr(g, f), getattr(w, f)
            path = f"reporting_owners[{i}].{f}"
            if f in ("is_director", "is_ten_percent_owner"):
                out.add(path, bool(gv.value) == bool(wv.value), gv.value, wv.value)
            elif f in ("is_officer", "is_other"):
                text = w.officer_title if f == "is_officer" else w.other_text
                if i == 0 or not owner_table or not text.empty:
                    out.add(path, bool(gv.value) == bool(wv.value), gv.value, wv.value)
            elif f == "state_description" and not country:
                _cmp(out, path, gv, wv, shown=False)
            else:
                _cmp(out, path, gv, wv)
    for table in TABLES:
        grows, wrows = got.rows(table), want.rows(table)
        if len(grows) != len(wrows):
            out.missing_rows.append(f"{name}: {table}: read {len(grows)} rows, XML {len(wrows)}")
        for i, (g, w) in enumerate(zip(grows, wrows, strict=False)):
            for f in TABLE_FIELDS[table]:
                if f in HIDDEN_ROW_FIELDS:
                    continue
                gv, wv = getattr(g, f), getattr(w, f)
                path = f"{table}[{i}].{f}"
                if f == "equity_swap_involved":
                    if gv.value or wv.value or gv.footnotes or wv.footnotes:
                        out.add(path, bool(gv.value) == bool(wv.value) and set(gv.footnotes) == set(wv.footnotes),
                                gv.value, wv.value)
                    continue
                if f == "transaction_timeliness":
                    if gv.footnotes or wv.footnotes:
                        out.add(path, set(gv.footnotes) == set(wv.footnotes), gv.footnotes, wv.footnotes)
                    continue
                _cmp(out, path, gv, wv)
        for i in range(len(grows), len(wrows)):
            for f in TABLE_FIELDS[table]:
                wv = getattr(wrows[i], f)
                if f not in HIDDEN_ROW_FIELDS and not wv.empty and f not in ("equity_swap_involved",
                                                                             "transaction_timeliness"):
                    out.add(f"{table}[{i}].{f}", False, None, wv.value)
    gnotes = {n.id: n for n in got.footnotes}
    for note in want.footnotes:
        g = gnotes.pop(note.id, None)
        out.add(f"footnotes[{note.id}]", g is not None and _norm(g.text.value) == _norm(note.text.value),
                g.text.value if g else None, note.text.value, cut=g is not None and g.text.confidence <= CUT)
    for extra in gnotes:
        out.add(f"footnotes[{extra}]", False, gnotes[extra].text.value, None)
    _cmp(out, "remarks", got.remarks, want.remarks)
    for i in range(max(len(got.signatures), len(want.signatures))):
        g = got.signatures[i] if i < len(got.signatures) else None
        w = want.signatures[i] if i < len(want.signatures) else None
        for f in ("name", "date"):
            gv = getattr(g, f) if g else Value()
            wv = getattr(w, f) if w else Value()
            _cmp(out, f"signatures[{i}].{f}", gv, wv)
    return out
