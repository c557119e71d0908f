"""The checks on the seed: a Qualys Form 4 printout turned into text, which lost one Amount per Table I row and every
Table II column after the underlying amount. A person must be pointed at exactly those places."""

from __future__ import annotations

from pathlib import Path

import pytest

from form4viewer.checks import check, has_errors
from form4viewer.readers import read

SEED = Path(__file__).resolve().parents[1] / "resources" / "samples" / "qualys-form4-2013.txt"


@pytest.fixture(scope="module")
def problems() -> dict[str, list[tuple[str, str]]]:
    by_path: dict[str, list[tuple[str, str]]] = {}
    for p in check(read(SEED)):
        by_path.setdefault(p.path, []).append((p.rule, p.severity))
    return by_path


@pytest.mark.parametrize("row", [0, 1])
def test_seed_lost_table_i_amounts_are_errors(problems: dict[str, list[tuple[str, str]]], row: int) -> None:
    assert ("missing-row-value", "error") in problems[f"non_derivative_transactions[{row}].shares"]


@pytest.mark.parametrize("field", ["acquired_disposed", "shares_owned_following", "direct_or_indirect"])
def test_seed_cut_table_ii_columns_are_errors(problems: dict[str, list[tuple[str, str]]], field: str) -> None:
    assert ("missing-row-value", "error") in problems[f"derivative_transactions[0].{field}"]


@pytest.mark.parametrize("field", ["price_per_share", "nature_of_ownership"])
def test_seed_cut_table_ii_columns_that_may_be_blank_are_warnings(
    problems: dict[str, list[tuple[str, str]]], field: str
) -> None:
    assert any(severity == "warning" for _, severity in problems[f"derivative_transactions[0].{field}"])


def test_seed_values_it_shows_whole_are_not_flagged(problems: dict[str, list[tuple[str, str]]]) -> None:
    for path in ("issuer.name", "reporting_owners[0].name", "reporting_owners[0].officer_title",
                 "non_derivative_transactions[0].transaction_code", "non_derivative_transactions[1].shares_owned_following",
                 "derivative_transactions[0].underlying_shares", "derivative_transactions[0].expiration_date",
                 "signatures[0].name", "signatures[0].date", "period_of_report"):
        assert path not in problems, (path, problems.get(path))


def test_seed_signature_for_the_owner_matches_though_names_are_filed_last_name_first() -> None:
    filing = read(SEED)
    assert filing.reporting_owners[0].name.value == "Albert Peter"
    assert "for Peter Albert" in filing.signatures[0].name.value
    assert [p for p in check(filing) if p.rule == "signature-name-mismatch"] == []
    assert has_errors(check(filing))
