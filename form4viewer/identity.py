"""A filing's identity by its content: the same for every file of one filing, different for different filings.

One filing reaches a person in many forms: EDGAR's ownership XML, the page EDGAR renders from it (saved as HTML or
printed to PDF), a data vendor's printout, a text conversion of a printout. Only the XML and the submission carry
the accession number reliably, and a printout lacks values the XML has (CIKs, some flags, footnote ids), so the
key that hashes every value (`export.content_key`) differs between them. `fingerprint` hashes only what every
one of those forms shows, normalized so that the way it is printed does not count.

Two filings have the same content, and so the same fingerprint, when all of these are equal:

- the form type, amendments apart: "4" and "4/A" are different filings (an amendment is never the same filing as
  its original);
- the period of report (the date in box 3 of the form: the earliest transaction, or the event of a Form 3);
- the issuer's name, compared without case, punctuation and accents, "&" as "and", and without the words that
  name a company's legal form wherever they stand ("Inc", "Corp", "Co", "Ltd", "LLC", "L.P.", "plc", "The", ...):
  "ROCKET LAB USA, INC." is "Rocket Lab USA Inc";
- the reporting owners' names, as a set, each compared without case, punctuation and accents and with its words
  in any order: "GRIFFIN MICHAEL D" is "Michael D. Griffin";
- the rows of Tables I and II, whatever their order (a row given twice counts twice), each by its table and these
  values as filed: transaction date, transaction code, amount (shares, or the value for a value-only row), price
  per share, acquired or disposed, amount owned after, direct or indirect ownership; in Table II also the exercise
  price and the amount of underlying securities. Amounts compare as numbers ("1,000.00" is 1000); a price given only
  by a footnote is no price.

Nothing else counts: not CIKs (printouts leave them out), security titles, footnotes and their ids, remarks,
signatures, addresses, relationship boxes, nor where or how well each value was read. A filing without a form
type, period of report, issuer name or reporting owner has no fingerprint (None): too little is known to tell it
from another one. The store looks the fingerprint up after the key (`Store.same_filing`: the accession number, else
`export.content_key`) and keeps only a filing whose issuer CIK and owner CIKs agree where both filings give them,
and whose accession number is this one's where both have one (two submissions are two filings).

Values as they stand count, corrections included: a printout read wrongly matches its XML once corrected.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from .model import TABLE_FIELDS, TABLES, Filing, Row

#: What a fingerprint starts with, so that it is never taken for an accession number or a content key.
PREFIX = "F4I-"

#: Words that name a company's legal form rather than the company; left out of an issuer's name.
_COMPANY_FORMS = frozenset(
    "inc incorporated corp corporation co company ltd limited llc lp llp plc sa nv ag se the".split()
)
#: The values of a row that count, in this order: each a name and the `Row` fields that give it (the first one that
#: has a value; the amount is the shares or, for a value-only row, the value). Only those of the row's table apply.
_ROW_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("transaction_date", ("transaction_date",)),
    ("transaction_code", ("transaction_code",)),
    ("amount", ("shares", "total_value")),
    ("price_per_share", ("price_per_share",)),
    ("acquired_disposed", ("acquired_disposed",)),
    ("owned_following", ("shares_owned_following", "value_owned_following")),
    ("direct_or_indirect", ("direct_or_indirect",)),
    ("conversion_or_exercise_price", ("conversion_or_exercise_price",)),
    ("underlying_shares", ("underlying_shares",)),
)
_AMOUNTS = frozenset({"amount", "price_per_share", "owned_following", "conversion_or_exercise_price",
                      "underlying_shares"})
#: For each table, per value of `_ROW_FIELDS`: None where it does not apply, else (is an amount, fields).
_PLAN: dict[str, tuple[tuple[bool, tuple[str, ...]] | None, ...]] = {
    table: tuple((name in _AMOUNTS, fields) if fields[0] in TABLE_FIELDS[table] else None
                 for name, fields in _ROW_FIELDS)
    for table in TABLES
}
_WORD = re.compile(r"[a-z0-9]+")


def _plain(text: str) -> str:
    """Lower case, accents taken off, `&` as "and"."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.lower().replace("&", " and ")


def _words(text: str) -> list[str]:
    # "L.P." and "U.S.A." are one word each: the dots between single letters are dropped first.
    text = re.sub(r"\b([a-z])\.(?=[a-z]\b)", r"\1", _plain(text))
    return _WORD.findall(text)


def issuer_name(text: str | None) -> str:
    """An issuer's name as compared: its words in lower case without punctuation, accents and company forms."""
    words = _words(text or "")
    kept = [w for w in words if w not in _COMPANY_FORMS]
    return " ".join(kept or words)


def owner_name(text: str | None) -> str:
    """A reporting owner's name as compared: its words in lower case, without punctuation and accents, sorted, so
    that "LAST FIRST MIDDLE" and "First Middle Last" are one name."""
    return " ".join(sorted(_words(text or "")))


def _form(value: Any) -> str:
    text = re.sub(r"\s+", "", str(value or "")).upper()
    return re.sub(r"^FORM", "", text)


def _amount(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value).replace(",", "").replace("$", ""))
        except InvalidOperation:
            return str(value).strip().lower() or None
    if not value.is_finite():
        return None
    text = str(value)  # the quickest way to the digits; an exponent ("1E+3") is written out below
    if "E" in text:
        text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _amount(value)
    text = str(value).strip().upper()
    return text or None


def row_values(row: Row) -> tuple[str | None, ...]:
    """A row's values that count (`_ROW_FIELDS`), normalized; a value that does not apply to its table is None."""
    out: list[str | None] = []
    for step in _PLAN[row.table]:
        if step is None:
            out.append(None)
            continue
        amount, fields = step
        value = getattr(row, fields[0]).value
        if value is None and len(fields) > 1:
            value = getattr(row, fields[1]).value
        # The usual types first, as `_amount` and `_scalar` make them (amounts repeat: each is worked out once).
        kind = type(value)
        if value is None:
            out.append(None)
        elif kind is Decimal:
            out.append(_decimal(value) if amount else _amount(value))
        elif kind is str and not amount:
            out.append(value.strip().upper() or None)
        else:
            out.append(_amount(value) if amount else _scalar(value))
    return tuple(out)


@functools.lru_cache(maxsize=16384)
def _decimal(value: Decimal) -> str | None:
    """`_amount` of a Decimal, which depends only on the number (equal numbers give the same text)."""
    return _amount(value)


@functools.lru_cache(maxsize=8192)
def _names(form: str, issuer: str) -> tuple[str, str]:
    """`_form` and `issuer_name` of a filing's form type and issuer name (both repeat from filing to filing)."""
    return _form(form), issuer_name(issuer)


_owner_name = functools.lru_cache(maxsize=8192)(owner_name)


def content(filing: Filing) -> dict[str, Any] | None:
    """What `fingerprint` hashes, as plain data a person can read (form, period, issuer, owners, rows); None when
    the filing lacks a form type, period of report, issuer name or reporting owner name."""
    form_value = filing.form.value
    issuer_value = str(filing.issuer.name.value or "")
    if type(form_value) is str:
        form, issuer = _names(form_value, issuer_value)
    else:
        form, issuer = _form(form_value), issuer_name(issuer_value)
    period = filing.period_of_report.value
    owners = sorted({_owner_name(str(o.name.value or "")) for o in filing.reporting_owners} - {""})
    if not form or not isinstance(period, dt.date) or not issuer or not owners:
        return None
    rows = sorted(([table, *row_values(row)] for table in TABLES for row in filing.rows(table)),
                  key=lambda row: [part or "" for part in row])
    return {"form": form, "period": period.isoformat(), "issuer": issuer, "owners": owners, "rows": rows}


def fingerprint(filing: Filing) -> str | None:
    """`PREFIX` and 24 hex digits of the SHA-256 of `content(filing)`; None when it has none (see the module)."""
    described = content(filing)
    if described is None:
        return None
    text = json.dumps(described, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
