"""Rules that point a person at the values of a filing most likely read (or filed) wrong.

`check(filing)` runs every rule in `RULES` and returns the problems found, in the form's order. Each rule has a
short id (`missing-owner-name`), a severity and a one-line description. Severities:

- `error`: the form (or the SEC's ownership XML schema) makes the value impossible: a required value is empty, a
  code that does not exist, a negative amount, more than four decimals, a date after the signature.
- `warning`: unusual, and worth a look, but real filings do it: holdings that do not chain from row to row (several
  accounts), an exercise without the matching acquisition, a footnote nothing cites.
- `info`: the reader was not sure of a value.

Two rules speak of the source rather than of the filer, and a person sees them apart (`SOURCE_RULES`): the reader's
notes on what the file it read lost (`source-note`), and each value the reader marked as not in the source
(`not-in-source`: an empty value given `Confidence.LOST`). Such a value is not called empty by the other rules: the
filer did not leave it empty, the file lost it.

Paths are in the extract contract's terms (`non_derivative_transactions[1].shares`); a problem with a whole row
names the row (`derivative_transactions[0]`). The checks are a pure function of the filing and cheap enough to rerun
on every edit.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from .display import describe, hidden_characters, visible
from .model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    ROW_FIELDS,
    TABLE_FIELDS,
    TABLES,
    TRANSACTION_CODES,
    VALUE_ORDER,
    Confidence,
    Filing,
    Kind,
    Row,
    Value,
    field_spec,
    not_in_source,
)

SEVERITIES = ("error", "warning", "info")

#: The ownership XML schema's POSITIVE_DECIMAL allows four fraction digits.
MAX_DECIMALS = 4


@dataclass(frozen=True)
class Problem:
    """Something a person should look at: which rule found it, how bad it is (`error`, `warning`, `info`), the
    path of the field (or row) in the extract contract's terms, and a plain message naming the values involved."""

    rule: str
    severity: str
    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "path": self.path, "message": self.message}


class Hit(NamedTuple):
    """What a rule function yields: where, what, and a severity when it differs from the rule's own."""

    path: str
    message: str
    severity: str | None = None


RuleFunction = Callable[[Filing], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One check: its id, its usual severity, a one-line description for `form4viewer check --rules`, and the
    function that finds its problems in a filing."""

    id: str
    severity: str
    description: str
    function: RuleFunction


#: Every rule, by id, in the order they run.
RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, description: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as a rule."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(rule_id, severity, description, function)
        return function

    return register


def check(filing: Filing, rules: Iterable[str] | None = None) -> list[Problem]:
    """Every problem the rules (all of them, or those named) find in `filing`, sorted by the form's order of the
    fields, then severity."""
    selected = [RULES[r] for r in rules] if rules is not None else list(RULES.values())
    problems: list[Problem] = []
    for r in selected:
        for hit in r.function(filing):
            problems.append(Problem(r.id, hit.severity or r.severity, hit.path, hit.message))
    # A value already flagged for what it is need not also be flagged for the reader's doubt about it.
    flagged = {p.path for p in problems if p.rule != "low-confidence"}
    problems = [p for p in problems if p.rule != "low-confidence" or p.path not in flagged]
    # A value the source does not show is said to be so once, not called the filer's empty value by other rules.
    lost = _lost_paths(filing)
    if lost:
        gone = set(lost)
        problems = [p for p in problems if p.rule in SOURCE_RULES or p.path not in gone]
    if not problems:
        return problems
    order = _path_order(filing)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    problems.sort(key=lambda p: (order.get(p.path, _row_position(order, p.path)), rank[p.severity]))
    return problems


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


#: The rules that speak of the file the filing was read from, not of what the filer wrote.
SOURCE_RULES = frozenset({"source-note", "not-in-source"})


def from_source(problem: Problem) -> bool:
    """The problem is about the source (what the file lost), not an error or oddity of the filing."""
    return problem.rule in SOURCE_RULES


# The paths of the values not in the source, for the last filing checked (asked twice per check: by the rule that
# lists them and by `check`, which keeps the other rules off them); kept by identity, as the walk is.
_last_lost: tuple[Filing, list[str]] | None = None


def _lost_paths(filing: Filing) -> list[str]:
    global _last_lost
    last = _last_lost
    if last is not None and last[0] is filing:
        return last[1]
    limit = Confidence.LOST
    lost = [path for path, value in _values(filing) if value.confidence <= limit and not_in_source(value)]
    _last_lost = (filing, lost)
    return lost


def _path_order(filing: Filing) -> dict[str, int]:
    order: dict[str, int] = {}
    for i, (path, _) in enumerate(_values(filing)):
        order[path] = i
        if "]." in path:
            order.setdefault(path.rsplit(".", 1)[0], i)  # a row or an owner sorts with its first field
    return order


def _row_position(order: dict[str, int], path: str) -> int:
    for prefix in (path.rsplit(".", 1)[0], path.split(".", 1)[0]):
        if prefix in order:
            return order[prefix]
    return len(order)


# --------------------------------------------------------------------------------------------------------------
# Words for people

_TABLE_NAMES = {
    NON_DERIVATIVE_TRANSACTIONS: "Table I",
    NON_DERIVATIVE_HOLDINGS: "Table I (holdings)",
    DERIVATIVE_TRANSACTIONS: "Table II",
    DERIVATIVE_HOLDINGS: "Table II (holdings)",
}


def shown(value: Any) -> str:
    """A typed value as a person reads it: `10,000`, `22.5307`, `2013-11-22`, `"VP, OPERATIONS"`."""
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "ticked" if value else "not ticked"
    if isinstance(value, Decimal):
        text = format(value, "f")
        whole, _, fraction = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = f"{int(whole.lstrip('-') or 0):,}"
        return sign + whole + ("." + fraction if fraction else "")
    if isinstance(value, date):
        return value.isoformat()
    return f'"{value}"'


def _as_text(value: Value) -> str:
    if value.value is None and value.raw:
        return f'"{value.raw}"'
    return shown(value.value)


def row_name(table: str, index: int, row: Row) -> str:
    """`Table I row 2 (Common Stock)`: the table as the form names it, the row counted from 1, its security."""
    title = row.security_title.value or row.security_title.raw
    return f"{_TABLE_NAMES[table]} row {index + 1}" + (f" ({title})" if title else "")


def field_label(path: str) -> str:
    try:
        return field_spec(path).label
    except KeyError:
        return path.rsplit(".", 1)[-1]


def owner_name(filing: Filing, index: int) -> str:
    name = filing.reporting_owners[index].name.value
    return f"reporting owner {index + 1} ({name})" if name else f"reporting owner {index + 1}"


# --------------------------------------------------------------------------------------------------------------
# Small helpers over values and rows

_INDEX = re.compile(r"\[\d+\]")


@functools.lru_cache(maxsize=4096)
def _kind(path: str) -> Kind | None:
    """The kind of the field at `path` (paths repeat from filing to filing, so each is worked out once)."""
    try:
        return field_spec(_INDEX.sub("[0]", path)).kind
    except KeyError:
        return None


class _Walk(NamedTuple):
    """One walk over a filing: all its values in the form's order (as `Filing.values()` gives them), the date and
    amount fields that hold a value or text read (by kind), and its rows, all and by table."""

    values: list[tuple[str, Value]]
    filled: dict[Kind, list[tuple[str, Value]]]
    rows: list[tuple[str, int, Row, str]]
    by_table: dict[str, list[tuple[int, Row, str]]]
    noted: list[tuple[str, Value]]  # the values that cite footnotes


# The rules each walk the filing's values; the walk is done once per filing checked (the last one is kept, by
# identity: filings are immutable, so the same object always has the same values).
_last_walk: tuple[Filing, _Walk] | None = None

#: The kinds of field whose filled values the rules look at.
_FILLED_KINDS = (Kind.DATE, Kind.DECIMAL)


@functools.lru_cache(maxsize=4096)
def _segment(
    prefix: str, fields: tuple[str, ...]
) -> tuple[tuple[str, ...], Callable[[Any], tuple[Value, ...]], tuple[tuple[int, Kind], ...]]:
    """For a part of a filing with `fields` (an entry of the model's `VALUE_ORDER`, or a row's table's fields) whose
    paths start with `prefix`: the paths of its fields, a getter of their Values all at once, and which of them are
    dates or amounts (paths repeat from filing to filing, so this is done once)."""
    paths = tuple(prefix + name for name in fields)
    getter = attrgetter(*fields) if len(fields) > 1 else (lambda node: (getattr(node, fields[0]),))
    typed = tuple(
        (k, kind)
        for k, path in enumerate(paths)
        if (kind := _kind(path)) in _FILLED_KINDS and not path.startswith("footnotes")  # type: ignore[comparison-overlap]
    )
    return paths, getter, typed  # type: ignore[return-value]


@functools.lru_cache(maxsize=4096)
def _row_path(table: str, index: int) -> str:
    return f"{table}[{index}]"


def _walk(filing: Filing) -> _Walk:
    global _last_walk
    last = _last_walk
    if last is not None and last[0] is filing:
        return last[1]
    values: list[tuple[str, Value]] = []
    filled: dict[Kind, list[tuple[str, Value]]] = {kind: [] for kind in _FILLED_KINDS}

    # The order of Filing.values(): the model's VALUE_ORDER (a test compares the two).
    def part(prefix: str, fields: tuple[str, ...], node: Any) -> None:
        paths, getter, typed = _segment(prefix, fields)
        found = getter(node)
        values.extend(zip(paths, found, strict=True))
        for k, kind in typed:
            value = found[k]
            if value.value is not None or value.raw:
                filled[kind].append((paths[k], value))

    rows: list[tuple[str, int, Row, str]] = []
    by_table: dict[str, list[tuple[int, Row, str]]] = {table: [] for table in TABLES}
    for name, fields in VALUE_ORDER:
        if not name:
            part("", fields, filing)
        elif name in TABLE_FIELDS:
            mine = by_table[name]
            for i, row in enumerate(filing.rows(name)):
                path = _row_path(name, i)
                part(path + ".", row.fields, row)
                rows.append((name, i, row, path))
                mine.append((i, row, path))
        elif name == "issuer":
            part("issuer.", fields, filing.issuer)
        else:
            for i, item in enumerate(getattr(filing, name)):
                part(f"{name}[{i}].", fields, item)
    walk = _Walk(values, filled, rows, by_table, [item for item in values if item[1].footnotes])
    _last_walk = (filing, walk)
    return walk


def _values(filing: Filing) -> list[tuple[str, Value]]:
    return _walk(filing).values


def _blank(value: Value) -> bool:
    """Nothing there at all: no value, no footnote, and no text read (or a person cleared what was read)."""
    return value.value is None and not value.footnotes and (value.corrected or not value.raw)


#: Footnote marks as printouts show them: `(1)`, `<sup>(1)</sup>`, `[1]`, `*`, with `$` signs and dashes of an
#: empty cell; text of nothing else is a cell that holds only footnote marks, not a value that failed to parse.
_MARKS_ONLY = re.compile(r"^(?:\s|<sup>|</sup>|\(\d{1,2}\)|\[\d{1,2}\]|\*|\$|-|\u2014|\u2013)*$")


def _unreadable(value: Value) -> bool:
    """Text was read but it is not a value of the field's kind (and nobody has corrected it since); a cell of
    footnote marks alone, such as `(2)` for a price explained in footnote 2, is not unreadable."""
    if value.value is not None or value.corrected or not value.raw or not value.raw.strip():
        return False
    return not (value.footnotes and _MARKS_ONLY.match(value.raw))


def _all_blank(row: Row, names: tuple[str, ...]) -> bool:
    """`_blank` of each of the row's fields `names` (written out: the rules ask it of every row)."""
    for name in names:
        value = getattr(row, name)
        if value.value is not None or value.footnotes or (value.raw and value.read is None):
            return False
    return True


def _no_text(value: Value) -> bool:
    """No name: nothing there, or only blanks (a footnote does not name anyone)."""
    text = value.value if value.value is not None or value.corrected else value.raw
    return not str(text or "").strip()


def _code(value: Value) -> str | None:
    if isinstance(value.value, str):
        return value.value.strip().upper() or None
    return None


def _rows(filing: Filing, table: str) -> list[tuple[int, Row, str]]:
    """(index, row, path) for each row of a table."""
    return _walk(filing).by_table[table]


def _all_rows(filing: Filing) -> list[tuple[str, int, Row, str]]:
    """(table, index, row, path) for each row of the four tables, in the form's order."""
    return _walk(filing).rows


def _is_form4(filing: Filing) -> bool:
    return _code(filing.form) in ("4", "4/A")


def _is_amendment(filing: Filing) -> bool:
    form = _code(filing.form)
    return bool(form and form.endswith("/A"))


def _signature_date(filing: Filing) -> date | None:
    """The latest signature date (owners of a joint filing may sign on different days); the filing date when no
    signature has one."""
    dates = [s.date.value for s in filing.signatures if isinstance(s.date.value, date)]
    if dates:
        return max(dates)
    return filing.filing_date.value if isinstance(filing.filing_date.value, date) else None


def _norm(text: Any) -> str:
    """Lower case, blanks made single (security titles and natures of ownership repeat: each is worked out once)."""
    try:
        return _norm_once(text)
    except TypeError:  # a value that cannot be a cache key
        return " ".join(str(text or "").lower().split())


@functools.lru_cache(maxsize=8192, typed=True)
def _norm_once(text: Any) -> str:
    return " ".join(str(text or "").lower().split())


# --------------------------------------------------------------------------------------------------------------
# Required values


@rule("missing-issuer-name", "error", "The issuer's name (box 2) is empty.")
def _missing_issuer_name(filing: Filing) -> Iterator[Hit]:
    if _no_text(filing.issuer.name):
        yield Hit("issuer.name", "The issuer's name (box 2) is empty.")


@rule("missing-owner-name", "error", "A reporting owner's name (box 1) is empty, or the filing has no reporting owner.")
def _missing_owner_name(filing: Filing) -> Iterator[Hit]:
    if not filing.reporting_owners:
        yield Hit("reporting_owners", "The filing names no reporting owner (box 1).")
    for i, owner in enumerate(filing.reporting_owners):
        if _no_text(owner.name):
            yield Hit(f"reporting_owners[{i}].name", f"The name of reporting owner {i + 1} (box 1) is empty.")


@rule("missing-relationship", "error", "None of the relationship boxes (Director, Officer, 10% Owner, Other) is ticked "
      "for a reporting owner.")
def _missing_relationship(filing: Filing) -> Iterator[Hit]:
    for i, owner in enumerate(filing.reporting_owners):
        boxes = (owner.is_director, owner.is_officer, owner.is_ten_percent_owner, owner.is_other)
        # A box the source does not show may be the ticked one (not-in-source says so), so none is not yet missing.
        if not any(box.value is True or not_in_source(box) for box in boxes):
            yield Hit(f"reporting_owners[{i}]", f"No relationship box (Director, Officer, 10% Owner, Other) is "
                      f"ticked for {owner_name(filing, i)}; the form requires at least one.")


@rule("missing-officer-title", "error", "Officer is ticked but the officer title is empty.")
def _missing_officer_title(filing: Filing) -> Iterator[Hit]:
    for i, owner in enumerate(filing.reporting_owners):
        if owner.is_officer.value is True and _blank(owner.officer_title):
            yield Hit(f"reporting_owners[{i}].officer_title",
                      f"Officer is ticked for {owner_name(filing, i)} but the officer title is empty.")


@rule("missing-other-text", "error", "Other is ticked but the text saying what the relationship is is empty.")
def _missing_other_text(filing: Filing) -> Iterator[Hit]:
    for i, owner in enumerate(filing.reporting_owners):
        if owner.is_other.value is True and _blank(owner.other_text):
            yield Hit(f"reporting_owners[{i}].other_text",
                      f"Other is ticked for {owner_name(filing, i)} but the text saying what the relationship is "
                      f"is empty.")


@rule("title-without-box", "warning", "An officer title (or other text) is given but the Officer (or Other) box is "
      "not ticked; a tick may have been lost.")
def _title_without_box(filing: Filing) -> Iterator[Hit]:
    for i, owner in enumerate(filing.reporting_owners):
        title = owner.officer_title.value
        if title and str(title).strip() and owner.is_officer.value is not True:
            # Directors and 10% owners often write their role here too; only a title with no box at all is odd.
            if owner.is_director.value is not True and owner.is_ten_percent_owner.value is not True:
                yield Hit(f"reporting_owners[{i}].is_officer",
                          f"The officer title {shown(title)} is given for {owner_name(filing, i)} but the Officer "
                          f"box is not ticked.")
        text = owner.other_text.value
        if text and str(text).strip() and owner.is_other.value is not True and not any(
            b.value is True for b in (owner.is_director, owner.is_officer, owner.is_ten_percent_owner)
        ):
            yield Hit(f"reporting_owners[{i}].is_other",
                      f"The text {shown(text)} is given for {owner_name(filing, i)} but the Other box is not ticked.")


#: The values each table's rows must have; a tuple lists fields of which one is enough (an amount of shares or a
#: dollar value).
REQUIRED_ROW_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    NON_DERIVATIVE_TRANSACTIONS: (
        ("security_title",), ("transaction_date",), ("transaction_code",), ("shares",), ("acquired_disposed",),
        ("shares_owned_following", "value_owned_following"), ("direct_or_indirect",),
    ),
    NON_DERIVATIVE_HOLDINGS: (
        ("security_title",), ("shares_owned_following", "value_owned_following"), ("direct_or_indirect",),
    ),
    DERIVATIVE_TRANSACTIONS: (
        ("security_title",), ("transaction_date",), ("transaction_code",), ("shares", "total_value"),
        ("acquired_disposed",), ("shares_owned_following", "value_owned_following"), ("direct_or_indirect",),
    ),
    DERIVATIVE_HOLDINGS: (
        ("security_title",), ("shares_owned_following", "value_owned_following"), ("direct_or_indirect",),
    ),
}  # fmt: skip

#: Values the form shows for a row that may be left empty only with a footnote saying why.
EXPLAINED_ROW_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    NON_DERIVATIVE_TRANSACTIONS: (("price_per_share",),),
    NON_DERIVATIVE_HOLDINGS: (),
    DERIVATIVE_TRANSACTIONS: (
        ("conversion_or_exercise_price",), ("exercise_date",), ("expiration_date",), ("underlying_security_title",),
        ("underlying_shares", "underlying_value"), ("price_per_share",),
    ),
    DERIVATIVE_HOLDINGS: (
        ("conversion_or_exercise_price",), ("exercise_date",), ("expiration_date",), ("underlying_security_title",),
        ("underlying_shares", "underlying_value"),
    ),
}  # fmt: skip


#: Form 3's Table II has no column for the number of derivative securities owned: its rows give the underlying amount.
FORM3_DERIVATIVE_HOLDINGS_FIELDS = (
    ("security_title",), ("underlying_shares", "underlying_value"), ("direct_or_indirect",),
)


def _is_form3(filing: Filing) -> bool:
    return _code(filing.form) in ("3", "3/A")


@rule("missing-row-value", "error", "A row lacks a value the form requires (security title, date, code, amount, "
      "(A) or (D), amount owned following, D or I) and no footnote explains it.")
def _missing_row_value(filing: Filing) -> Iterator[Hit]:
    form3 = _is_form3(filing)
    for table, i, row, path in _all_rows(filing):
        groups = REQUIRED_ROW_FIELDS[table]
        if form3 and table == DERIVATIVE_HOLDINGS:
            groups = FORM3_DERIVATIVE_HOLDINGS_FIELDS
        for group in groups:
            if _all_blank(row, group):
                yield Hit(f"{path}.{group[0]}", f"{row_name(table, i, row)}: {ROW_FIELDS[group[0]].label} is empty "
                          f"and no footnote explains it.")


@rule("empty-without-footnote", "warning", "A value the form shows for a row (price, exercise price, dates "
      "exercisable and expiration, underlying security) is empty and no footnote explains it.")
def _empty_without_footnote(filing: Filing) -> Iterator[Hit]:
    for table, i, row, path in _all_rows(filing):
        for group in EXPLAINED_ROW_FIELDS[table]:
            if _all_blank(row, group):
                yield Hit(f"{path}.{group[0]}", f"{row_name(table, i, row)}: {ROW_FIELDS[group[0]].label} is empty "
                          f"and no footnote explains it.")


@rule("missing-nature-of-ownership", "warning", "A row is marked I (indirect) but does not say the nature of the "
      "indirect ownership.")
def _missing_nature(filing: Filing) -> Iterator[Hit]:
    for table, i, row, path in _all_rows(filing):
        if _code(row.direct_or_indirect) == "I" and _blank(row.nature_of_ownership):
            yield Hit(f"{path}.nature_of_ownership", f"{row_name(table, i, row)} is held indirectly (I) but the "
                      f"nature of the indirect ownership is empty.")


@rule("missing-filing-value", "error", "The period of report, an amendment's original filing date, or a signature "
      "is missing.")
def _missing_filing_value(filing: Filing) -> Iterator[Hit]:
    if _blank(filing.period_of_report):
        yield Hit("period_of_report", "The date of the earliest transaction (period of report, box 3) is empty.")
    if _is_amendment(filing) and _blank(filing.date_of_original_submission):
        yield Hit("date_of_original_submission", f"The form is an amendment ({filing.form.value}) but the date the "
                  f"original was filed (box 4) is empty.")
    if not filing.signatures:
        yield Hit("signatures", "The filing has no signature.")
    for i, sig in enumerate(filing.signatures):
        if _blank(sig.name):
            yield Hit(f"signatures[{i}].name", f"Signature {i + 1} has no name.")
        if _blank(sig.date):
            yield Hit(f"signatures[{i}].date", f"Signature {i + 1} has no date.")


# --------------------------------------------------------------------------------------------------------------
# Values that cannot be right


@rule("unknown-transaction-code", "error", "A transaction code that is not one of the Form 4 codes (P, S, A, D, F, "
      "M, X, C, G, ...).")
def _unknown_code(filing: Filing) -> Iterator[Hit]:
    for table, i, row, path in _all_rows(filing):
        if not row.is_transaction:
            continue
        value = row.transaction_code
        code = _code(value)
        if code is None and not _unreadable(value):
            continue
        if code not in TRANSACTION_CODES:
            yield Hit(f"{path}.transaction_code", f"{row_name(table, i, row)}: the transaction code "
                      f"{_as_text(value)} is not a Form 4 transaction code.")


@rule("bad-acquired-disposed", "error", "The (A) or (D) column holds something other than A or D.")
def _bad_ad(filing: Filing) -> Iterator[Hit]:
    for table, i, row, path in _all_rows(filing):
        if not row.is_transaction:
            continue
        value = row.acquired_disposed
        code = _code(value)
        if (code is not None or _unreadable(value)) and code not in ("A", "D"):
            yield Hit(f"{path}.acquired_disposed", f"{row_name(table, i, row)}: (A) or (D) is {_as_text(value)}; "
                      f"it must be A (acquired) or D (disposed of).")


@rule("bad-direct-indirect", "error", "The ownership form holds something other than D (direct) or I (indirect).")
def _bad_di(filing: Filing) -> Iterator[Hit]:
    for table, i, row, path in _all_rows(filing):
        value = row.direct_or_indirect
        code = _code(value)
        if (code is not None or _unreadable(value)) and code not in ("D", "I"):
            yield Hit(f"{path}.direct_or_indirect", f"{row_name(table, i, row)}: the ownership form is "
                      f"{_as_text(value)}; it must be D (direct) or I (indirect).")


def _kind_values(filing: Filing, kind: Kind) -> list[tuple[str, Value]]:
    """The fields of `kind` (a date or an amount) that hold a value or text read."""
    return _walk(filing).filled[kind]


def _where(filing: Filing, path: str) -> str:
    """`Table I row 2 (Common Stock): Transaction Date` or the field's label, for messages about any field."""
    m = re.match(r"([a-z_]+)\[(\d+)\]\.(\w+)$", path)
    if m and m[1] in TABLES:
        index = int(m[2])
        rows = filing.rows(m[1])
        if index < len(rows):
            return f"{row_name(m[1], index, rows[index])}: {field_label(path)}"
    if m and m[1] == "reporting_owners":
        return f"{owner_name(filing, int(m[2]))}: {field_label(path)}"
    if m and m[1] == "signatures":
        return f"Signature {int(m[2]) + 1}: {field_label(path)}"
    return field_label(path)


@rule("not-a-date", "error", "A date that does not exist or could not be read as a date.")
def _not_a_date(filing: Filing) -> Iterator[Hit]:
    for path, value in _kind_values(filing, Kind.DATE):
        if _unreadable(value):
            yield Hit(path, f"{_where(filing, path)} is \"{value.raw}\", which is not a date that exists.")


#: Dates that cannot come after the form was signed; dates exercisable and expiration dates lie in the future.
_PAST_DATES = ("transaction_date", "deemed_execution_date")


@rule("date-after-signature", "error", "A transaction date (or the period of report) comes after the date the form "
      "was signed.")
def _date_after_signature(filing: Filing) -> Iterator[Hit]:
    signed = _signature_date(filing)
    if signed is None:
        return
    period = filing.period_of_report.value
    if isinstance(period, date) and period > signed and not _is_form3(filing):
        yield Hit("period_of_report", f"The period of report {shown(period)} is after the form was signed "
                  f"({shown(signed)}).")
    for table, i, row, path in _all_rows(filing):
        if not row.is_transaction:
            continue
        for name in _PAST_DATES:
            when = getattr(row, name).value
            if isinstance(when, date) and when > signed:
                yield Hit(f"{path}.{name}", f"{row_name(table, i, row)}: {ROW_FIELDS[name].label} {shown(when)} is "
                          f"after the form was signed ({shown(signed)}).")


@rule("not-a-number", "error", "An amount or price that could not be read as a number.")
def _not_a_number(filing: Filing) -> Iterator[Hit]:
    for path, value in _kind_values(filing, Kind.DECIMAL):
        if _unreadable(value):
            yield Hit(path, f"{_where(filing, path)} is \"{value.raw}\", which is not a number.")


@rule("negative-amount", "error", "A negative amount, price or value; the form has only amounts of zero or more.")
def _negative_amount(filing: Filing) -> Iterator[Hit]:
    for path, value in _kind_values(filing, Kind.DECIMAL):
        if isinstance(value.value, Decimal) and value.value < 0:
            yield Hit(path, f"{_where(filing, path)} is {shown(value.value)}; amounts on the form cannot be negative.")


@functools.lru_cache(maxsize=8192)
def _normalized_exponent(number: Decimal) -> int | str:
    """The exponent of the number without trailing zeros (equal numbers have the same one, and amounts repeat from
    filing to filing, so each is worked out once)."""
    return number.normalize().as_tuple().exponent


@rule("too-many-decimals", "error", f"An amount or price with more than {MAX_DECIMALS} decimals, which the form does "
      "not allow.")
def _too_many_decimals(filing: Filing) -> Iterator[Hit]:
    for path, value in _kind_values(filing, Kind.DECIMAL):
        number = value.value
        if not isinstance(number, Decimal) or not number.is_finite():
            continue
        # Written with at most MAX_DECIMALS places it has no more; only a longer one is normalized (its places may
        # be trailing zeros).
        written = number.as_tuple().exponent
        if isinstance(written, int) and written < -MAX_DECIMALS:
            exponent = _normalized_exponent(number)
            if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
                yield Hit(path, f"{_where(filing, path)} is {shown(number)}, with {-exponent} decimals; the form "
                          f"allows at most {MAX_DECIMALS}.")


# --------------------------------------------------------------------------------------------------------------
# Values that disagree with each other

#: Acquired (A) or disposed of (D), as each code's meaning makes it, per table; codes absent here go either way.
_DIRECTION = {
    NON_DERIVATIVE_TRANSACTIONS: {"P": "A", "S": "D", "A": "A", "D": "D", "F": "D", "M": "A", "X": "A", "C": "A",
                                  "L": "A", "U": "D"},
    DERIVATIVE_TRANSACTIONS: {"P": "A", "S": "D", "A": "A", "D": "D", "F": "D", "M": "D", "X": "D", "O": "D",
                              "E": "D", "H": "D"},
}


@rule("code-disagrees-with-direction", "warning", "(A) or (D) is not what the transaction code means, e.g. a sale "
      "(S) marked A, or an exercise (M) in Table I marked D; A and D may have been swapped.")
def _code_direction(filing: Filing) -> Iterator[Hit]:
    exercised_amounts = {
        row.underlying_shares.value
        for row in filing.derivative_transactions
        if _code(row.transaction_code) in _EXERCISE_CODES and _code(row.acquired_disposed) == "D"
    }
    for table, directions in _DIRECTION.items():
        for i, row, path in _rows(filing, table):
            code, ad = _code(row.transaction_code), _code(row.acquired_disposed)
            expected = directions.get(code or "")
            if not expected or ad not in ("A", "D") or ad == expected:
                continue
            if table == DERIVATIVE_TRANSACTIONS and ad == "A" and row.shares.value in exercised_amounts:
                continue  # a derivative (Class B stock, vested units) acquired by exercising another row's
            meaning = TRANSACTION_CODES[code or ""].lower()
            yield Hit(f"{path}.acquired_disposed", f"{row_name(table, i, row)}: code {code} ({meaning}) is "
                      f"usually {expected} ({'acquired' if expected == 'A' else 'disposed of'}), but the row "
                      f"says {ad}.")


def _chain_key(row: Row, by_notes: bool = False) -> tuple[Any, ...]:
    """The holding a row's amount owned following belongs to: its security and ownership; `by_notes`, also the
    footnotes on its nature of ownership, which often name the holder ("See footnote" and a footnote naming a
    fund)."""
    key: tuple[Any, ...] = (_norm(row.security_title.value), _code(row.direct_or_indirect),
                            _norm(row.nature_of_ownership.value))
    if row.is_derivative:  # an option with another price, vesting or expiry is another security
        key += (row.conversion_or_exercise_price.value, row.exercise_date.value, row.expiration_date.value,
                _norm(row.underlying_security_title.value))
    if by_notes:  # last, so that the key without it is the security's
        key += (row.nature_of_ownership.footnotes,)
    return key


#: Holdings that differ by less than this are taken to chain (filers round fractional shares).
CHAIN_TOLERANCE = Decimal("0.5")


class _Link(NamedTuple):
    """Two consecutive rows of one security and ownership: what the later row says it owns, and what follows from
    the earlier row and its own amount."""

    before: int
    after: int
    held_before: Decimal
    amount: Decimal
    acquired: bool
    held_after: Decimal

    @property
    def expected(self) -> Decimal:
        return self.held_before + self.amount if self.acquired else self.held_before - self.amount

    @property
    def broken(self) -> bool:
        if abs(self.expected - self.held_after) < CHAIN_TOLERANCE:
            return False
        # A row that starts from nothing (all it owns came with it) or empties an account that the previous row had
        # already emptied speaks of another account or grant, not of a misread amount.
        fresh = self.acquired and abs(self.held_after - self.amount) < CHAIN_TOLERANCE
        emptied = not self.acquired and self.held_after == 0 and self.held_before == 0
        return not (fresh or emptied)


def _chains(filing: Filing, table: str, by_notes: bool = False) -> dict[tuple[Any, ...], list[_Link]]:
    """The links between consecutive rows of each holding of a transaction table, by holding (`_chain_key`)."""
    groups: dict[tuple[Any, ...], list[_Link]] = {}
    previous: dict[tuple[Any, ...], tuple[int, Decimal] | None] = {}
    for i, row in enumerate(filing.rows(table)):
        key = _chain_key(row, by_notes)
        after, amount, ad = row.shares_owned_following.value, row.shares.value, _code(row.acquired_disposed)
        before = previous.get(key)
        previous[key] = (i, after) if isinstance(after, Decimal) else None
        if before is not None and isinstance(after, Decimal) and isinstance(amount, Decimal) and ad in ("A", "D"):
            groups.setdefault(key, []).append(_Link(before[0], i, before[1], amount, ad == "A", after))
        else:
            groups.setdefault(key, [])
    return groups


def _broken(chains: dict[tuple[Any, ...], list[_Link]]) -> int:
    return sum(link.broken for links in chains.values() for link in links)


def _mistakes(links: list[_Link]) -> list[tuple[_Link, _Link | None]]:
    """The broken links of a holding as mistakes: each breaks one link (an amount, or the first or last row's
    holding) or two in a row (a holding in the middle, which then disagrees with both neighbours)."""
    broken = [link for link in links if link.broken]
    mistakes: list[tuple[_Link, _Link | None]] = []
    k = 0
    while k < len(broken):
        link = broken[k]
        nxt = broken[k + 1] if k + 1 < len(broken) else None
        if nxt is not None and nxt.before == link.after:
            mistakes.append((link, nxt))
            k += 2
        else:
            mistakes.append((link, None))
            k += 1
    return mistakes


@rule("holdings-do-not-chain", "warning", "The amount owned after a row is not that after the previous row of the "
      "same holding (accounts named by footnotes kept apart), plus or minus its amount (an info when most rows do "
      "not chain).")
def _holdings_chain(filing: Filing) -> Iterator[Hit]:
    for table in (NON_DERIVATIVE_TRANSACTIONS, DERIVATIVE_TRANSACTIONS):
        rows = filing.rows(table)
        if len(rows) < 2:
            continue  # no row to chain from (most tables)
        chains, accounts = _chains(filing, table), False
        if _broken(chains):
            # Several accounts side by side, each named by a footnote on its nature of ownership, chain each on its
            # own: they are told apart so where that leaves fewer links broken (a filer who left the footnote off
            # one row of a single holding is not split by it).
            by_notes = _chains(filing, table, by_notes=True)
            if _broken(by_notes) < _broken(chains):
                chains, accounts = by_notes, True
        # The holdings of one security and ownership (its accounts, where they were told apart), and whether most of
        # their links are broken by more than one mistake: accounts or grants that do not chain as filed.
        found = {key: _mistakes(links) for key, links in chains.items()}
        pooled: dict[tuple[Any, ...], list[int]] = {}
        for key, links in chains.items():
            counts = pooled.setdefault(key[:-1] if accounts else key, [0, 0, 0])
            counts[0] += len(found[key])
            counts[1] += sum(link.broken for link in links)
            counts[2] += len(links)
        for key, links in chains.items():
            mistakes = found[key]
            if not mistakes:
                continue
            ruined, broken_links, all_links = pooled[key[:-1] if accounts else key]
            # Rows that never chain are most likely several accounts or grants reported side by side, not a misread.
            systematic = ruined >= 2 and 2 * broken_links >= all_links
            severity = "info" if systematic else None
            aside = (" Most rows of this security do not chain, so the filing may report several accounts side by "
                     "side." if systematic else "")
            for link, nxt in mistakes:
                row = rows[link.after]
                if nxt is not None:
                    implied = nxt.held_after - nxt.amount if nxt.acquired else nxt.held_after + nxt.amount
                    yield Hit(f"{table}[{link.after}].shares_owned_following",
                              f"{row_name(table, link.after, row)}: amount owned following is "
                              f"{shown(link.held_after)}, but row {link.before + 1} left {shown(link.held_before)} and "
                              f"this row {'acquired' if link.acquired else 'disposed of'} {shown(link.amount)}, which "
                              f"makes {shown(link.expected)}; row {nxt.after + 1} goes on from {shown(implied)}."
                              f"{aside}", severity)
                    continue
                sign = "+" if link.acquired else "-"
                message = (f"{row_name(table, link.after, row)}: amount owned following is {shown(link.held_after)}, "
                           f"but row {link.before + 1} left {shown(link.held_before)} and this row "
                           f"{'acquired' if link.acquired else 'disposed of'} {shown(link.amount)} "
                           f"({shown(link.held_before)} {sign} {shown(link.amount)} = {shown(link.expected)}); one of "
                           f"these amounts may be misread.{aside}")
                yield Hit(f"{table}[{link.after}].shares_owned_following", message, severity)
                if link is links[0]:
                    # Nothing before the first row confirms its holding, so it is as suspect as this row's.
                    first = rows[link.before]
                    yield Hit(f"{table}[{link.before}].shares_owned_following",
                              f"{row_name(table, link.before, first)}: amount owned following is "
                              f"{shown(link.held_before)}, but row {link.after + 1} does not go on from it "
                              f"({shown(link.held_before)} {sign} {shown(link.amount)} = {shown(link.expected)}, and "
                              f"row {link.after + 1} says {shown(link.held_after)}); one of these amounts may be "
                              f"misread.{aside}", severity)


@rule("holdings-below-amount", "warning", "A row acquired more than the amount owned after it, which would mean "
      "owning less than nothing before.")
def _holdings_below_amount(filing: Filing) -> Iterator[Hit]:
    for table in (NON_DERIVATIVE_TRANSACTIONS, DERIVATIVE_TRANSACTIONS):
        for i, row, path in _rows(filing, table):
            after, amount = row.shares_owned_following.value, row.shares.value
            if (_code(row.acquired_disposed) == "A" and isinstance(after, Decimal) and isinstance(amount, Decimal)
                    and amount - after >= CHAIN_TOLERANCE):
                yield Hit(f"{path}.shares_owned_following", f"{row_name(table, i, row)}: {shown(amount)} acquired "
                          f"but only {shown(after)} owned following.")


#: Derivatives that convert one for one into the underlying security: options, restricted and performance units.
_ONE_FOR_ONE = re.compile(r"option|stock units?\b|\brsus?\b|\bpsus?\b|phantom|right to buy", re.IGNORECASE)


@rule("derivative-amount-not-underlying", "info", "An option or stock unit whose number of derivative securities is "
      "not its number of underlying shares (they usually convert one for one).")
def _derivative_amount_not_underlying(filing: Filing) -> Iterator[Hit]:
    for table, field in ((DERIVATIVE_TRANSACTIONS, "shares"), (DERIVATIVE_HOLDINGS, "shares_owned_following")):
        if table == DERIVATIVE_HOLDINGS and _is_form3(filing):
            continue
        for i, row, path in _rows(filing, table):
            amount, underlying = getattr(row, field).value, row.underlying_shares.value
            if (isinstance(amount, Decimal) and isinstance(underlying, Decimal) and amount != underlying
                    and _ONE_FOR_ONE.search(str(row.security_title.value or ""))):
                yield Hit(f"{path}.{field}", f"{row_name(table, i, row)}: {ROW_FIELDS[field].label} is "
                          f"{shown(amount)} but the underlying amount is {shown(underlying)}; options and units "
                          f"usually convert one for one.")


@rule("period-not-earliest-transaction", "warning", "On a Form 4, the period of report (box 3) is not the date of "
      "the earliest transaction reported.")
def _period_not_earliest(filing: Filing) -> Iterator[Hit]:
    if not _is_form4(filing):
        return
    period = filing.period_of_report.value
    dates = [
        row.transaction_date.value
        for table in (NON_DERIVATIVE_TRANSACTIONS, DERIVATIVE_TRANSACTIONS)
        for row in filing.rows(table)
        if isinstance(row.transaction_date.value, date)
    ]
    if not isinstance(period, date) or not dates:
        return
    earliest = min(dates)
    if period != earliest:
        yield Hit("period_of_report", f"The date of earliest transaction (box 3) is {shown(period)}, but the "
                  f"earliest transaction reported is dated {shown(earliest)}.")


_EXERCISE_CODES = ("M", "X", "C")


class _Leg(NamedTuple):
    """One side of an exercise: a row, its amount of underlying shares, and whose account it is."""

    table: str
    row: int
    amount: Decimal
    owner: tuple[str | None, str]


# The legs of the last filing asked (both exercise rules ask for them), kept by identity, as the walk is.
_last_legs: tuple[Filing, tuple[list[_Leg], list[_Leg]]] | None = None


def _legs(filing: Filing) -> tuple[list[_Leg], list[_Leg]]:
    """Table II exercises and conversions (code M, X or C, disposed of) by their underlying shares, and the
    acquisitions that can match them: Table I rows acquired by exercise or conversion, and Table II rows acquired by
    one (an option exercised into Class B stock reported in Table II) or by a reclassification (code J). The lists
    are shared by the rules that ask: not to be changed."""
    global _last_legs
    last = _last_legs
    if last is not None and last[0] is filing:
        return last[1]
    exercised: list[_Leg] = []
    acquired: list[_Leg] = []
    for table in (DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_TRANSACTIONS):
        for i, row in enumerate(filing.rows(table)):
            code, ad = _code(row.transaction_code), _code(row.acquired_disposed)
            owner = (_code(row.direct_or_indirect), _norm(row.nature_of_ownership.value))
            if table == DERIVATIVE_TRANSACTIONS and code in _EXERCISE_CODES and ad == "D":
                if isinstance(row.underlying_shares.value, Decimal):
                    exercised.append(_Leg(table, i, row.underlying_shares.value, owner))
            elif ad == "A" and isinstance(row.shares.value, Decimal) and (
                code in _EXERCISE_CODES or (table == DERIVATIVE_TRANSACTIONS and code == "J")
            ):
                acquired.append(_Leg(table, i, row.shares.value, owner))
    _last_legs = (filing, (exercised, acquired))
    return exercised, acquired


def _close(a: Decimal, b: Decimal, rows: int) -> bool:
    # Fractional units are rounded on each row; an aggregate may be off by that rounding.
    return abs(a - b) < CHAIN_TOLERANCE * max(rows, 1)


def _total(legs: list[_Leg]) -> Decimal:
    return sum((leg.amount for leg in legs), Decimal(0))


def _unmatched(exercised: list[_Leg], acquired: list[_Leg]) -> tuple[list[_Leg], list[_Leg]]:
    """Pair equal amounts one to one; of what is left, rows of one account whose totals agree (several grants
    exercised into one Table I row, or the reverse) are matched too. Returns what is left on each side."""
    free = list(acquired)
    left: list[_Leg] = []
    for leg in exercised:
        match = next((a for a in free if a.amount == leg.amount), None)
        if match is None:
            left.append(leg)
        else:
            free.remove(match)
    if not left and not free:
        return [], []
    owners = {leg.owner for leg in left} | {leg.owner for leg in free}
    still_left, still_free = [], []
    for owner in owners:
        mine = [leg for leg in left if leg.owner == owner]
        theirs = [leg for leg in free if leg.owner == owner]
        if not (mine and theirs and _close(_total(mine), _total(theirs),
                                           len(mine) + len(theirs))):
            still_left += mine
            still_free += theirs
    if still_left and still_free and _close(_total(still_left), _total(still_free),
                                            len(still_left) + len(still_free)):
        return [], []
    return still_left, still_free


@rule("exercise-without-acquisition", "warning", "A Table II exercise or conversion (code M, X or C) has no "
      "acquisition of the same number of underlying shares (in Table I, or in Table II for a derivative acquired).")
def _exercise_without_acquisition(filing: Filing) -> Iterator[Hit]:
    if not filing.derivative_transactions:
        return  # no exercise or conversion to match (most filings)
    exercised, acquired = _legs(filing)
    if not exercised:
        return
    left, _ = _unmatched(exercised, acquired)
    for leg in left:
        row = filing.derivative_transactions[leg.row]
        yield Hit(f"derivative_transactions[{leg.row}].underlying_shares",
                  f"{row_name(DERIVATIVE_TRANSACTIONS, leg.row, row)}: an exercise or conversion (code "
                  f"{_code(row.transaction_code)}) of {shown(leg.amount)} underlying shares, but no row acquires "
                  f"{shown(leg.amount)} shares by exercise or conversion.")


@rule("acquisition-without-exercise", "warning", "A Table I acquisition by exercise or conversion (code M, X or C) "
      "has no Table II row exercising or converting the same number of underlying shares.")
def _acquisition_without_exercise(filing: Filing) -> Iterator[Hit]:
    if not filing.derivative_transactions:
        return  # nothing to compare with (the derivative may have been reported elsewhere)
    exercised, acquired = _legs(filing)
    if not any(leg.table == NON_DERIVATIVE_TRANSACTIONS for leg in acquired):
        return
    _, free = _unmatched(exercised, acquired)
    for leg in free:
        if leg.table != NON_DERIVATIVE_TRANSACTIONS:
            continue
        row = filing.non_derivative_transactions[leg.row]
        yield Hit(f"non_derivative_transactions[{leg.row}].shares",
                  f"{row_name(NON_DERIVATIVE_TRANSACTIONS, leg.row, row)}: {shown(leg.amount)} shares acquired by "
                  f"exercise or conversion (code {_code(row.transaction_code)}), but no Table II row exercises or "
                  f"converts {shown(leg.amount)} underlying shares.")


@rule("original-date-without-amendment", "warning", "A date of original filing (box 4) is given but the form is not "
      "an amendment.")
def _original_date_without_amendment(filing: Filing) -> Iterator[Hit]:
    if filing.form.value and not _is_amendment(filing) and filing.date_of_original_submission.value is not None:
        yield Hit("date_of_original_submission", f"The form is a {filing.form.value}, not an amendment, but gives "
                  f"the date an original was filed ({shown(filing.date_of_original_submission.value)}).")


# Words on a signature line that are not part of anyone's name.
_SIGNATURE_NOISE = {
    "s", "by", "for", "on", "behalf", "of", "as", "attorney", "attorneys", "in", "fact", "attorney-in-fact", "power",
    "poa", "the", "and", "its", "his", "her", "their", "pursuant", "to", "a", "an", "agent", "authorized",
    "signatory", "jr", "sr", "ii", "iii", "iv", "mr", "mrs", "ms", "dr", "esq", "under",
}
_ENTITY_WORDS = re.compile(
    r"\b(llc|l\.l\.c|inc|incorporated|corp|corporation|co|company|lp|l\.p|llp|ltd|limited|plc|fund|funds|trust|"
    r"partners|partnership|capital|management|holdings?|group|ventures?|investors?|advisors?|associates|bank|"
    r"foundation|gmbh|ag|sa|nv|bv|se|master|offshore|opportunit(y|ies)|equity|asset|assets)\b",
    re.IGNORECASE,
)
_AGENT_WORDS = re.compile(r"attorney|\bpoa\b|power of|on behalf|\bby\b|\bfor\b|agent|authori[sz]ed|\bas\b",
                          re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _name_words(text: str) -> frozenset[str]:
    """The words of a name that may name a person (owners and signers repeat from filing to filing)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return frozenset(w for w in re.findall(r"[a-z]+", folded) if len(w) > 1 and w not in _SIGNATURE_NOISE)


@functools.lru_cache(maxsize=4096)
def _is_entity(name: str) -> bool:
    """A company, fund or trust rather than a person (names repeat from filing to filing: each is looked at once)."""
    return _ENTITY_WORDS.search(name) is not None


@functools.lru_cache(maxsize=4096)
def _signed_for_another(signature: str) -> bool:
    """The signature says it is made for someone else (by an attorney-in-fact, on behalf of...)."""
    return _AGENT_WORDS.search(signature) is not None


@rule("signature-name-mismatch", "warning", "A signature does not name any reporting owner and does not say it is "
      "signed for one (by an attorney-in-fact, an officer of an entity owner).")
def _signature_mismatch(filing: Filing) -> Iterator[Hit]:
    owners = [str(o.name.value) for o in filing.reporting_owners if o.name.value]
    if not owners or any(_is_entity(name) for name in owners):
        return  # an entity signs through a person whose name is not the entity's
    owner_words = [_name_words(name) for name in owners]
    for i, sig in enumerate(filing.signatures):
        text = str(sig.name.value or "")
        if not text.strip() or _signed_for_another(text):
            continue
        words = _name_words(text)
        if not words or any(words & ow for ow in owner_words):
            continue
        yield Hit(f"signatures[{i}].name", f"The signature {shown(text)} does not match the reporting owner "
                  f"{' or '.join(shown(o) for o in owners)} (names are filed last name first).")


# --------------------------------------------------------------------------------------------------------------
# Footnotes


@rule("footnote-not-found", "error", "A field cites a footnote that the filing does not have.")
def _footnote_not_found(filing: Filing) -> Iterator[Hit]:
    known = {note.id for note in filing.footnotes}
    for path, value in _walk(filing).noted:
        for note_id in value.footnotes:
            if note_id not in known:
                yield Hit(path, f"{_where(filing, path)} cites footnote {note_id}, but the filing has no footnote "
                          f"{note_id}.")


@rule("footnote-not-cited", "warning", "A footnote that no field cites.")
def _footnote_not_cited(filing: Filing) -> Iterator[Hit]:
    cited = {note_id for _, value in _walk(filing).noted for note_id in value.footnotes}
    remarks = str(filing.remarks.value or "")
    for i, note in enumerate(filing.footnotes):
        if note.id in cited:
            continue
        number = note.id.lstrip("Ff")
        if number and re.search(rf"\(\s*{re.escape(number)}\s*\)|\b{re.escape(note.id)}\b", remarks):
            continue  # remarks may cite a footnote in their text
        yield Hit(f"footnotes[{i}].text", f"Footnote {note.id} is not cited by any field; the mark that cites it "
                  f"may have been lost.")


# --------------------------------------------------------------------------------------------------------------
# Text that does not show as it is stored


@rule("hidden-characters", "warning", "A value holds characters that do not show as themselves: control characters, "
      "bidirectional formatting (which reorders the text around it on screen) or zero-width characters.")
def _hidden_characters(filing: Filing) -> Iterator[Hit]:
    # Most filings have none: one search of all their text together clears them before any value is looked at.
    values = _values(filing)
    texts = [text for _, v in values if isinstance(text := v.value if v.value is not None else v.raw, str)]
    if not hidden_characters("".join(texts)):
        return
    for path, value in values:
        for text in (value.value, value.raw if value.value is None else None):
            if not isinstance(text, str) or text.isascii() and text.isprintable():
                continue
            found = hidden_characters(text)
            if found:
                what = ", ".join(describe(ch) for ch in found[:4]) + (", ..." if len(found) > 4 else "")
                where = _where(filing, path)
                yield Hit(path, f"{where[:1].upper()}{where[1:]} holds characters that do not show as themselves "
                          f"({what}); as stored it reads \"{visible(text)}\". Retype it if they are not meant to be "
                          "there.")
                break


# --------------------------------------------------------------------------------------------------------------
# The reader's doubts


@rule("low-confidence", "info", f"The reader was not sure of a value (confidence below {Confidence.DOUBTFUL}; a "
      f"warning below {Confidence.LOW}).")
def _low_confidence(filing: Filing) -> Iterator[Hit]:
    for path, value in _values(filing):
        if value.read is not None or value.confidence >= Confidence.DOUBTFUL:  # corrected, or sure enough
            continue
        if not_in_source(value):
            continue  # not a doubt: the source does not show it (not-in-source)
        if value.value is None and not value.raw:
            what = "nothing was read"
        else:
            what = f"read {_as_text(value)}" + (f" from the text \"{value.raw}\"" if value.raw and value.value is not None
                                                and value.raw != value.text else "")
        yield Hit(path, f"{_where(filing, path)}: {what}, with confidence {value.confidence:.0%}; please compare it "
                  f"with the source.", "warning" if value.confidence < Confidence.LOW else None)


# --------------------------------------------------------------------------------------------------------------
# What the source lost


@rule("not-in-source", "warning", "A value the file read does not show (a column or a mark lost when the filing "
      "was printed or converted); it is not the filer's empty value. Look it up in the filing on EDGAR.")
def _not_in_source(filing: Filing) -> Iterator[Hit]:
    for path in _lost_paths(filing):
        yield Hit(path, f"{_where(filing, path)} is not in the source: the file this filing was read from does "
                  "not show it (the filer did not leave it empty). Look it up in the filing on EDGAR.")


@rule("source-note", "info", "What the reader says about the file it read: what it lost, what was inferred.")
def _source_notes(filing: Filing) -> Iterator[Hit]:
    for note in filing.document.notes:
        yield Hit("", for_a_person(filing, note))


#: A field path inside a reader's note (`footnotes[0].text`, `reporting_owners[1].city`, `filing_date`): tried
#: on words holding a bracket, a dot or an underscore, and kept only when the filing's fields have such a path.
_PATH_IN_TEXT = re.compile(r"\b[a-z][a-z0-9_]*(?:\[\d+\])?(?:\.[a-z][a-z0-9_]*)?\b")


def for_a_person(filing: Filing, note: str) -> str:
    """A reader's note worded for a person: the field paths it names given as the form's labels
    (`footnotes[0].text` -> `Footnote 1 text`), as a sentence (upper case first, a full stop last)."""

    def label(m: re.Match[str]) -> str:
        path = m[0]
        if not ("[" in path or "." in path or "_" in path):
            return path
        try:
            field_spec(path)
        except KeyError:
            return path
        if path.startswith("footnotes["):
            index = int(path[len("footnotes["):path.index("]")])
            note_id = filing.footnotes[index].id if index < len(filing.footnotes) else str(index + 1)
            return f"Footnote {note_id.lstrip('Ff')} text"
        return _where(filing, path)

    text = _PATH_IN_TEXT.sub(label, note.strip())
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]
