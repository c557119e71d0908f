"""What a person types into an editor is read by `parse_typed`: taken exactly as meant, or refused with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from form4viewer.model import TRANSACTION_CODES, Kind, parse_typed


@pytest.mark.parametrize("text", ["2013-11-21", "11/21/2013", "  11/21/2013 ", "20131121", "2013-11-21"])
def test_typed_dates_in_the_forms_and_iso_forms_are_the_date_typed(text: str) -> None:
    assert parse_typed(Kind.DATE, text).value == dt.date(2013, 11, 21)
    assert parse_typed(Kind.DATE, text).ok


def test_typed_dates_without_leading_zeros_are_read_month_first() -> None:
    assert parse_typed(Kind.DATE, "1/5/2013").value == dt.date(2013, 1, 5)
    assert parse_typed(Kind.DATE, "2013-1-5").value == dt.date(2013, 1, 5)


@pytest.mark.parametrize(("text", "says"), [
    ("2/30/2013", "February 2013 has no day 30"),
    ("2013-02-29", "February 2013 has no day 29"),
    ("13/01/2013", "no month 13"),
    ("11/21/13", "year in full"),
    ("11/21/0213", "year 213"),
    ("2013-11", "not a date"),
    ("21.11.2013", "not a date"),
    ("11/21/2013x", "not a date"),
    ("١١/٢١/٢٠١٣", "not a date"),
])
def test_impossible_or_unclear_dates_are_refused_with_a_reason(text: str, says: str) -> None:
    typed = parse_typed(Kind.DATE, text)
    assert not typed.ok and typed.value is None
    assert says in typed.message and text.strip() in typed.message


def test_a_leap_day_is_a_date() -> None:
    assert parse_typed(Kind.DATE, "2/29/2024").value == dt.date(2024, 2, 29)


@pytest.mark.parametrize(("text", "value"), [
    ("$1,234.50", Decimal("1234.50")),
    ("$ 1,234.50", Decimal("1234.50")),
    ("1234.50", Decimal("1234.50")),
    ("2,165,242", Decimal("2165242")),
    ("1 234", Decimal("1234")),
    ("0.0001", Decimal("0.0001")),
    (".5", Decimal("0.5")),
    ("12.", Decimal("12")),
    ("1234567890123456789.123456789", Decimal("1234567890123456789.123456789")),
])
def test_typed_amounts_are_decimals_exactly_as_typed(text: str, value: Decimal) -> None:
    typed = parse_typed(Kind.DECIMAL, text)
    assert typed.ok and typed.value == value and isinstance(typed.value, Decimal)
    assert str(typed.value) == str(value)  # trailing zeros kept: 1234.50, not 1234.5


@pytest.mark.parametrize(("text", "says"), [
    ("1,23", "commas must separate thousands"),
    ("12,34,567", "commas must separate thousands"),
    ("1000 (A)", "(A) or (D)"),
    ("1,000(D)", "(A) or (D)"),
    ("-3", "not negative"),
    ("(12)", "not negative"),
    ("1e5", "not an amount"),
    ("NaN", "not an amount"),
    ("five", "not an amount"),
    (".", "not an amount"),
    ("$", "not an amount"),
    ("١٢٣", "not an amount"),
])
def test_amounts_that_are_not_plain_numbers_are_refused_with_a_reason(text: str, says: str) -> None:
    typed = parse_typed(Kind.DECIMAL, text)
    assert not typed.ok and says in typed.message


def test_timeliness_is_e_or_l_and_nothing_else() -> None:
    assert parse_typed(Kind.TEXT, "L", "transaction_timeliness").value == "L"
    assert parse_typed(Kind.TEXT, "e", "transaction_timeliness").value == "E"
    refused = parse_typed(Kind.TEXT, "2,165,242", "transaction_timeliness")
    assert not refused.ok and "E (early) or L (late)" in refused.message
    assert not parse_typed(Kind.TEXT, "Late", "transaction_timeliness").ok


def test_codes_and_choices_come_from_their_lists() -> None:
    assert parse_typed(Kind.CODE, "S").value == "S"
    assert parse_typed(Kind.CODE, "s").value == "S"
    assert all(parse_typed(Kind.CODE, code).value == code for code in TRANSACTION_CODES)
    assert not parse_typed(Kind.CODE, "Q").ok and "transaction code" in parse_typed(Kind.CODE, "Q").message
    assert not parse_typed(Kind.CODE, "SS").ok
    assert parse_typed(Kind.AD, "(D)").value == "D"
    assert not parse_typed(Kind.AD, "I").ok
    assert parse_typed(Kind.DI, "i").value == "I"
    assert not parse_typed(Kind.DI, "A").ok
    assert parse_typed(Kind.FORM, "4/a").value == "4/A"
    assert not parse_typed(Kind.FORM, "6").ok
    assert parse_typed(Kind.TEXT, "4", "transaction_form_type").value == "4"
    assert not parse_typed(Kind.TEXT, "4/A", "transaction_form_type").ok


def test_booleans_text_and_empty_entries() -> None:
    assert parse_typed(Kind.BOOL, "yes").value is True
    assert parse_typed(Kind.BOOL, "0").value is False
    assert not parse_typed(Kind.BOOL, "maybe").ok
    assert parse_typed(Kind.TEXT, " Chief Executive ").value == " Chief Executive "  # text as typed
    for kind in Kind:
        empty = parse_typed(kind, "   ")
        assert empty.ok and empty.value is None


def test_a_footnote_mark_typed_after_an_amount_is_refused_with_where_it_goes() -> None:
    for text in ("1,000 (1)", "4.80(F2)"):
        typed = parse_typed(Kind.DECIMAL, text)
        assert not typed.ok and "footnote" in typed.message.lower()


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
@example(dt.date(2013, 11, 21))
@example(dt.date(2024, 2, 29))
def test_every_date_typed_in_each_accepted_form_reads_back_as_itself(date: dt.date) -> None:
    for text in (f"{date.month:02d}/{date.day:02d}/{date.year}", f"{date.month}/{date.day}/{date.year}",
                 date.isoformat(), date.strftime("%Y%m%d")):
        assert parse_typed(Kind.DATE, text).value == date, text


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**15, places=4, allow_nan=False, allow_infinity=False))
@example(Decimal("1234.50"))
@example(Decimal("2165242"))
def test_every_amount_typed_with_dollar_and_commas_reads_back_exactly(amount: Decimal) -> None:
    for text in (f"{amount:f}", f"{amount:,f}", f"${amount:,f}", f"$ {amount:,f}"):
        typed = parse_typed(Kind.DECIMAL, text)
        assert typed.ok, text
        assert typed.value == amount and str(typed.value) == f"{amount:f}", text
