"""The checks measured on the whole clean XML corpus: how many real filings they call wrong (false alarms), and how
many single errors planted in real filings they point at. Both print a report (run with `-s` to see it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer.checks import _ONE_FOR_ONE, _chain_key, check
from form4viewer.model import DERIVATIVE_TRANSACTIONS, NON_DERIVATIVE_TRANSACTIONS, TRANSACTION_CODES, Filing
from form4viewer.readers import read

#: At most this share of real, accepted filings may get an error.
ERROR_RATE_GOAL = 0.02
#: At least this share of planted errors must be pointed at.
DETECTION_GOAL = 0.90


@pytest.fixture(scope="module")
def filings(corpus: Path) -> list[tuple[str, Filing]]:
    return [(path.name, read(path)) for path in sorted((corpus / "xml").glob("*.xml"))]


@pytest.mark.corpus
@pytest.mark.slow
def test_real_filings_rarely_raise_errors(filings: list[tuple[str, Filing]]) -> None:
    files_by = {severity: defaultdict(set) for severity in ("error", "warning", "info")}
    error_cases = []
    for name, filing in filings:
        for problem in check(filing):
            files_by[problem.severity][problem.rule].add(name)
            if problem.severity == "error":
                error_cases.append(f"  {name}  {problem.path}: {problem.message}")
    total = len(filings)
    with_error = set().union(*files_by["error"].values()) if files_by["error"] else set()
    print(f"\nChecks on {total} clean corpus XML filings")
    for severity, by_rule in files_by.items():
        files = set().union(*by_rule.values()) if by_rule else set()
        print(f"  {severity:7}: {len(files):4} filings ({len(files) / total:.1%})")
        for rule, names in sorted(by_rule.items(), key=lambda item: -len(item[1])):
            print(f"    {rule:33} {len(names):4} filings ({len(names) / total:.1%})")
    print("Errors found (each looked at):")
    print("\n".join(error_cases) or "  none")
    assert total >= 900
    assert len(with_error) / total < ERROR_RATE_GOAL


# --------------------------------------------------------------------------------------------------------------
# Planted errors

Plant = tuple[Filing, tuple[str, ...], str | None, bool]  # filing, planted paths, row or owner path, tied


def _transaction_fields(filing: Filing, field: str) -> list[tuple[str, str, int]]:
    return [
        (f"{table}[{i}].{field}", table, i)
        for table in (NON_DERIVATIVE_TRANSACTIONS, DERIVATIVE_TRANSACTIONS)
        for i, row in enumerate(filing.rows(table))
        if getattr(row, field).value is not None
    ]


def _change(filing: Filing, path: str, new: object) -> Filing:
    return filing.replace_at(path, filing.get(path).corrected_to(new))


def _digit_changed(number: Decimal, rng: random.Random) -> Decimal:
    text = format(number, "f")
    where = rng.choice([i for i, c in enumerate(text) if c.isdigit()])
    digit = rng.choice([d for d in "0123456789" if d != text[where]])
    return Decimal(text[:where] + digit + text[where + 1 :])


def _tied(filing: Filing, table: str, index: int, field: str) -> bool:
    """Whether the form ties this amount or holding to another value: the previous (or, for a holding, next) row
    of the same security and ownership, an exercise in the other table, or an option's underlying amount."""
    rows = filing.rows(table)
    row = rows[index]
    same = [j for j, other in enumerate(rows) if _chain_key(other) == _chain_key(row)]
    at = same.index(index)

    def held(j: int) -> bool:
        return isinstance(rows[j].shares_owned_following.value, Decimal)

    before = at > 0 and held(same[at - 1]) and held(index)
    after = at + 1 < len(same) and held(same[at + 1]) and held(index)
    if field == "shares_owned_following":
        return before or after
    code, ad = row.transaction_code.value, row.acquired_disposed.value
    exercise = table == NON_DERIVATIVE_TRANSACTIONS and code in ("M", "X", "C") and ad == "A"
    one_for_one = table == DERIVATIVE_TRANSACTIONS and isinstance(row.underlying_shares.value, Decimal) and bool(
        _ONE_FOR_ONE.search(str(row.security_title.value or ""))
    )
    return before or exercise or one_for_one


def plant_digit(field: str) -> Callable[[Filing, random.Random], Plant | None]:
    def plant(filing: Filing, rng: random.Random) -> Plant | None:
        places = [p for p in _transaction_fields(filing, field) if isinstance(filing.get(p[0]).value, Decimal)]
        if not places:
            return None
        path, table, i = rng.choice(places)
        changed = _change(filing, path, _digit_changed(filing.get(path).value, rng))
        return changed, (path,), f"{table}[{i}]", _tied(filing, table, i, field)

    return plant


def plant_swapped_ad(filing: Filing, rng: random.Random) -> Plant | None:
    places = [p for p in _transaction_fields(filing, "acquired_disposed") if filing.get(p[0]).value in ("A", "D")]
    if not places:
        return None
    path, table, i = rng.choice(places)
    return _change(filing, path, "D" if filing.get(path).value == "A" else "A"), (path,), f"{table}[{i}]", True


def plant_unknown_code(filing: Filing, rng: random.Random) -> Plant | None:
    places = _transaction_fields(filing, "transaction_code")
    if not places:
        return None
    path, table, i = rng.choice(places)
    code = rng.choice([c for c in "BNQRTY" if c not in TRANSACTION_CODES])
    return _change(filing, path, code), (path,), f"{table}[{i}]", True


def plant_date_after_signature(filing: Filing, rng: random.Random) -> Plant | None:
    signed = [s.date.value for s in filing.signatures if isinstance(s.date.value, dt.date)]
    places = _transaction_fields(filing, "transaction_date")
    if not signed or not places:
        return None
    path, table, i = rng.choice(places)
    late = max(signed) + dt.timedelta(days=rng.randint(1, 60))
    return _change(filing, path, late), (path,), f"{table}[{i}]", True


def plant_missing_footnote(filing: Filing, rng: random.Random) -> Plant | None:
    cited = filing.footnote_citations()
    notes = [note for note in filing.footnotes if note.id in cited]
    if not notes:
        return None
    gone = rng.choice(notes)
    changed = dataclasses.replace(filing, footnotes=tuple(n for n in filing.footnotes if n is not gone))
    return changed, tuple(cited[gone.id]), None, True


def plant_no_relationship(filing: Filing, rng: random.Random) -> Plant | None:
    if not filing.reporting_owners:
        return None
    owner = f"reporting_owners[{rng.randrange(len(filing.reporting_owners))}]"
    for box in ("is_director", "is_officer", "is_ten_percent_owner", "is_other"):
        filing = _change(filing, f"{owner}.{box}", False)
    return filing, (owner,), owner, True


def plant_officer_without_title(filing: Filing, rng: random.Random) -> Plant | None:
    if not filing.reporting_owners:
        return None
    owner = f"reporting_owners[{rng.randrange(len(filing.reporting_owners))}]"
    filing = _change(_change(filing, f"{owner}.is_officer", True), f"{owner}.officer_title", None)
    return filing, (f"{owner}.officer_title",), owner, True


PLANTS: dict[str, Callable[[Filing, random.Random], Plant | None]] = {
    "amount with a digit changed": plant_digit("shares"),
    "holding with a digit changed": plant_digit("shares_owned_following"),
    "A and D swapped": plant_swapped_ad,
    "unknown transaction code": plant_unknown_code,
    "date after the signature": plant_date_after_signature,
    "footnote missing": plant_missing_footnote,
    "no relationship box": plant_no_relationship,
    "officer without a title": plant_officer_without_title,
}


def _points_at(path: str, planted: tuple[str, ...], row: str | None) -> bool:
    return path in planted or (row is not None and (path == row or path.startswith(row + ".")))


@pytest.mark.corpus
@pytest.mark.slow
def test_planted_errors_are_pointed_at(filings: list[tuple[str, Filing]]) -> None:
    rng = random.Random(20131125)
    planted: Counter[tuple[str, bool]] = Counter()
    caught: Counter[tuple[str, bool]] = Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    for name, filing in filings:
        before = {(p.rule, p.path, p.message) for p in check(filing)}
        for kind, plant in PLANTS.items():
            outcome = plant(filing, rng)
            if outcome is None:
                continue
            changed, paths, row, tied = outcome
            # Only a problem the plant brought (or changed the message of) counts.
            new = [p for p in check(changed) if (p.rule, p.path, p.message) not in before]
            hit = any(_points_at(p.path, paths, row) for p in new)
            planted[kind, tied] += 1
            caught[kind, tied] += hit
            if not hit and tied:
                missed[kind].append(f"{name} {paths[0]}")

    def rate(kind: str, tied: tuple[bool, ...]) -> tuple[int, int]:
        return sum(caught[kind, t] for t in tied), sum(planted[kind, t] for t in tied)

    print("\nSingle errors planted in corpus XML filings, and how many checks point at (path names the field or row)")
    print(f"  {'kind':30} {'where the form ties it':>24} {'anywhere':>20}")
    checkable = [0, 0]
    for kind in PLANTS:
        hit_tied, n_tied = rate(kind, (True,))
        hit_all, n_all = rate(kind, (True, False))
        checkable[0] += hit_tied
        checkable[1] += n_tied
        print(f"  {kind:30} {hit_tied:5}/{n_tied:<5} = {hit_tied / n_tied:6.1%}   {hit_all:5}/{n_all:<5} = "
              f"{hit_all / n_all:6.1%}")
    print(f"  {'all kinds':30} {checkable[0]:5}/{checkable[1]:<5} = {checkable[0] / checkable[1]:6.1%}")
    print("  (An amount or holding is tied when the previous or next row of the same security and ownership, an "
          "exercise in the other table, or an option's underlying amount gives a second figure to compare; "
          "a single row's amount is not, and no rule can see a digit changed there.)")
    for kind, names in missed.items():
        print(f"  missed, {kind}: {len(names)}, e.g. " + "; ".join(names[:3]))
    for kind in PLANTS:
        hit_tied, n_tied = rate(kind, (True,))
        assert n_tied >= 250, kind
        assert hit_tied / n_tied >= DETECTION_GOAL, kind
    assert checkable[0] / checkable[1] >= DETECTION_GOAL


def test_tied_means_a_second_figure_exists() -> None:
    # The measure above splits amounts by whether the form offers a cross-check; make sure the split itself is right
    # on a filing whose rows are known: Joby's sales and RSU exercise (rows 2-4 chain from row 1).
    joby = read(Path(__file__).parent / "data" / "checks" / "joby-form4-2023.xml")
    assert not _tied(joby, NON_DERIVATIVE_TRANSACTIONS, 0, "shares")  # the first sale: nothing before it
    assert _tied(joby, NON_DERIVATIVE_TRANSACTIONS, 1, "shares")  # follows row 1, and is an exercise
    assert _tied(joby, NON_DERIVATIVE_TRANSACTIONS, 0, "shares_owned_following")  # row 2 goes on from it
    assert _tied(joby, DERIVATIVE_TRANSACTIONS, 0, "shares")  # RSUs convert one for one
    assert re.search(_ONE_FOR_ONE, "Restricted Stock Units (RSUs)")
