"""The review queue and amendments beside their original, without Qt.

Review queue: every saved filing is "to-review" until a person marks it "reviewed" (the store keeps the state, who
and when). `next_to_review` walks a batch in the order a person sees it (the Library's sort and filter), so "mark
reviewed and open next" needs only the ids in that order and their states.

Amendments: a Form 4/A (3/A, 5/A) names the date its original was filed, box 4 of the form ("If Amendment, Date
Original Filed"), the SEC tables' `DATE_OF_ORIG_SUB`. Its original is the saved filing of the same form, issuer and
reporting owner whose filing date is that date. Many saved filings have no filing date (an ownership XML on its own,
a printout): for those the period of report stands in for it, as filers often give the date they file as the period
(a Form 4 is due two business days after the transaction). The pairs are found from the SEC tables the store keeps
inside the database (`SUBMISSION`, `REPORTINGOWNER`), with read-only SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

TO_REVIEW = "to-review"
REVIEWED = "reviewed"

#: How a state reads in the window.
STATE_LABELS = {TO_REVIEW: "to review", REVIEWED: "reviewed"}


class _Executes(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...


def next_to_review(order: Sequence[int], states: Mapping[int, str], current: int | None) -> int | None:
    """The filing to open after `current` in a batch shown in `order` (ids): the first one after it still to
    review, else the first one before it still to review (one skipped earlier); None when every filing of the
    batch is reviewed. `current` itself never comes back, and an id missing from `states` counts as to review.
    With `current` not in `order` (filtered out, or none open) the batch is walked from its start."""
    start = order.index(current) + 1 if current is not None and current in order else 0
    for filing_id in (*order[start:], *order[:start]):
        if filing_id != current and states.get(filing_id, TO_REVIEW) != REVIEWED:
            return filing_id
    return None


@dataclass(frozen=True)
class ReviewMark:
    """A saved filing's review state with who set it and when (UTC; None while never changed)."""

    state: str = TO_REVIEW
    who: str | None = None
    when: dt.datetime | None = None

    def describe(self) -> str:
        """How the Library shows it: "to review", or "reviewed by ann, 2026-12-03 16:20" (UTC)."""
        text = STATE_LABELS.get(self.state, self.state)
        if self.state == REVIEWED and self.who:
            text += f" by {self.who}"
        if self.state == REVIEWED and self.when is not None:
            text += f", {self.when:%Y-%m-%d %H:%M}"
        return text


def review_marks(conn: _Executes) -> dict[int, ReviewMark]:
    """The `ReviewMark` of every reviewed filing (the store's `filings` table, read only); a filing not in it is to
    review."""
    rows = conn.execute(
        "SELECT id, review_state, reviewed_by, reviewed_at FROM filings WHERE review_state = ?", (REVIEWED,)
    )
    return {
        int(fid): ReviewMark(state or TO_REVIEW, who or None, dt.datetime.fromisoformat(when) if when else None)
        for fid, state, who, when in rows
    }


# ---- amendments --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """What pairing needs of one saved filing: its id, form ("4", "4/A"), dates as ISO text (None where the filing
    does not give them), the issuer's CIK, name and ticker, and its reporting owners' CIKs and names."""

    filing_id: int
    form: str
    filing_date: str | None
    period: str | None
    original_date: str | None
    issuer_cik: str | None
    issuer: str
    ticker: str
    owner_ciks: frozenset[str]
    owner_names: frozenset[str]

    @property
    def is_amendment(self) -> bool:
        """A form ending in /A, or any filing that names the date of its original."""
        return self.form.upper().endswith("/A") or bool(self.original_date)

    @property
    def base_form(self) -> str:
        return _base_form(self.form)


@dataclass(frozen=True)
class AmendmentLink:
    """An amendment saved beside its original: both filing ids, and whether the original's filing date or (having
    none) its period of report matched the amendment's date of original submission (`matched_on`)."""

    amendment: int
    original: int
    matched_on: str


def _base_form(form: str) -> str:
    form = form.strip().upper()
    return form[:-2] if form.endswith("/A") else form


def _cik(text: Any) -> str:
    digits = str(text or "").strip().lstrip("0")
    return digits if digits.isdigit() else ""


def _name(text: Any) -> str:
    """A name compared without case, punctuation or spacing ("Fraser, Jane Nind" is "FRASER JANE NIND")."""
    return " ".join(re.findall(r"[A-Z0-9]+", str(text or "").upper()))


def _same_issuer(a: Submission, b: Submission) -> bool:
    if a.issuer_cik and b.issuer_cik:
        return a.issuer_cik == b.issuer_cik
    if a.ticker and b.ticker:
        return a.ticker == b.ticker
    return bool(a.issuer) and a.issuer == b.issuer


def _same_owner(a: Submission, b: Submission) -> bool:
    # An amendment may add or drop a joint filer; one owner in common is the same filer.
    if a.owner_ciks and b.owner_ciks:
        return bool(a.owner_ciks & b.owner_ciks)
    return bool(a.owner_names & b.owner_names)


def pair_amendments(submissions: Iterable[Submission]) -> list[AmendmentLink]:
    """Each amendment with the saved filings it amends: same base form, issuer and a reporting owner in common, and
    the amendment's date of original submission equal to the other's filing date, or to its period of report when
    it has no filing date. Where several match, those matched on the filing date win over those matched on the
    period, and originals over earlier amendments; the rest that tie are all given (the same filing saved from
    two files). Ordered by amendment, then original."""
    items = list(submissions)
    by_date: dict[str, list[Submission]] = defaultdict(list)
    for sub in items:
        if sub.filing_date:
            by_date[sub.filing_date].append(sub)
        elif sub.period:
            by_date[sub.period].append(sub)
    links: list[AmendmentLink] = []
    for amendment in sorted(items, key=lambda s: s.filing_id):
        if not amendment.is_amendment or not amendment.original_date:
            continue
        candidates = [
            sub for sub in by_date.get(amendment.original_date, ())
            if sub.filing_id != amendment.filing_id and sub.base_form == amendment.base_form
            and _same_issuer(sub, amendment) and _same_owner(sub, amendment)
        ]  # fmt: skip
        if not candidates:
            continue
        best = min(_rank(sub) for sub in candidates)
        for sub in sorted(candidates, key=lambda s: s.filing_id):
            if _rank(sub) == best:
                matched_on = "filing date" if sub.filing_date else "period"
                links.append(AmendmentLink(amendment.filing_id, sub.filing_id, matched_on))
    return links


def _rank(sub: Submission) -> tuple[int, int]:
    return (0 if sub.filing_date else 1, 1 if sub.is_amendment else 0)


# Only the filings that can be in a pair: those naming a date of original submission, and those filed (or, with no
# filing date, whose period is) on one of those dates. A library holds few amendments, so this is a small part of it.
_PAIRABLE = (
    "WITH dates AS (SELECT DISTINCT DATE_OF_ORIG_SUB AS d FROM SUBMISSION WHERE DATE_OF_ORIG_SUB IS NOT NULL)"
    " SELECT s.filing_id FROM SUBMISSION s WHERE s.DATE_OF_ORIG_SUB IS NOT NULL"
    " OR s.FILING_DATE IN (SELECT d FROM dates)"
    " OR (s.FILING_DATE IS NULL AND s.PERIOD_OF_REPORT IN (SELECT d FROM dates))"
)
_SUBMISSIONS_SQL = (
    "SELECT s.filing_id, s.DOCUMENT_TYPE, s.FILING_DATE, s.PERIOD_OF_REPORT, s.DATE_OF_ORIG_SUB, s.ISSUERCIK,"
    f" s.ISSUERNAME, s.ISSUERTRADINGSYMBOL FROM SUBMISSION s WHERE s.filing_id IN ({_PAIRABLE})"
)
_OWNERS_SQL = f"SELECT filing_id, RPTOWNERCIK, RPTOWNERNAME FROM REPORTINGOWNER WHERE filing_id IN ({_PAIRABLE})"


def _iso(text: Any) -> str | None:
    text = str(text or "").strip()
    return text[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text) else None


def submissions(conn: _Executes) -> list[Submission]:
    """The `Submission` of every saved filing that can be in an amendment pair (an amendment, or a filing whose
    filing date, else period, is a date some amendment names), from the SEC tables inside the database (`conn`: the
    store's connection, or anything with its `execute`). Read only."""
    ciks: dict[int, set[str]] = defaultdict(set)
    names: dict[int, set[str]] = defaultdict(set)
    for filing_id, cik, name in conn.execute(_OWNERS_SQL):
        if _cik(cik):
            ciks[int(filing_id)].add(_cik(cik))
        if _name(name):
            names[int(filing_id)].add(_name(name))
    out = []
    for filing_id, form, filed, period, original, issuer_cik, issuer, ticker in conn.execute(_SUBMISSIONS_SQL):
        fid = int(filing_id)
        out.append(Submission(
            fid, str(form or "").strip(), _iso(filed), _iso(period), _iso(original), _cik(issuer_cik) or None,
            _name(issuer), str(ticker or "").strip().upper() if str(ticker or "").strip().upper() != "NONE" else "",
            frozenset(ciks.get(fid, ())), frozenset(names.get(fid, ())),
        ))  # fmt: skip
    return out


def amendment_links(conn: _Executes) -> list[AmendmentLink]:
    """The amendment pairs among the saved filings (`pair_amendments` over `submissions(conn)`)."""
    return pair_amendments(submissions(conn))


@dataclass(frozen=True)
class Related:
    """One filing's side of the pairs: the filings it amends and the filings that amend it (ids, in id order)."""

    originals: tuple[int, ...] = ()
    amendments: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.originals or self.amendments)


def related(links: Iterable[AmendmentLink]) -> dict[int, Related]:
    """Each filing that is in a pair, with the filings on the other side."""
    originals: dict[int, set[int]] = defaultdict(set)
    amendments: dict[int, set[int]] = defaultdict(set)
    for link in links:
        originals[link.amendment].add(link.original)
        amendments[link.original].add(link.amendment)
    return {
        fid: Related(tuple(sorted(originals.get(fid, ()))), tuple(sorted(amendments.get(fid, ()))))
        for fid in sorted(set(originals) | set(amendments))
    }


__all__ = [
    "REVIEWED",
    "STATE_LABELS",
    "TO_REVIEW",
    "AmendmentLink",
    "Related",
    "ReviewMark",
    "Submission",
    "amendment_links",
    "next_to_review",
    "pair_amendments",
    "related",
    "review_marks",
    "submissions",
]
