"""The checks on the seed: a Qualys Form 4 printout turned into text, which lost one Amount per Table I row, Table
II's (A) or (D) and every Table II column after the underlying amount (resources/samples/README.md). A person must be
pointed at exactly those places, as losses of the source, not as the filer's empty values."""

from __future__ import annotations

from pathlib import Path

import pytest

from form4viewer.checks import SOURCE_RULES, check, from_source, has_errors
from form4viewer.readers import read

SEED = Path(__file__).resolve().parents[1] / "resources" / "samples" / "qualys-form4-2013.txt"

#: The values the text lost, by the form's columns: Table I's column 4 Amount in both rows; Table II's column 5
#: (A) or (D) and columns 8-11 (price, owned following, ownership form, nature of indirect ownership).
LOST = (
    "non_derivative_transactions[0].shares",
    "non_derivative_transactions[1].shares",
    "derivative_transactions[0].acquired_disposed",
    "derivative_transactions[0].price_per_share",
    "derivative_transactions[0].shares_owned_following",
    "derivative_transactions[0].direct_or_indirect",
    "derivative_transactions[0].nature_of_ownership",
)


@pytest.fixture(scope="module")
def problems() -> dict[str, list[tuple[str, str]]]:
    by_path: dict[str, list[tuple[str, str]]] = {}
    for p in check(read(SEED)):
        by_path.setdefault(p.path, []).append((p.rule, p.severity))
    return by_path


@pytest.mark.parametrize("path", LOST)
def test_seed_values_the_text_lost_are_said_to_be_not_in_the_source(
    problems: dict[str, list[tuple[str, str]]], path: str
) -> None:
    assert problems[path] == [("not-in-source", "warning")]


def test_seed_losses_are_the_only_values_said_to_be_not_in_the_source(
    problems: dict[str, list[tuple[str, str]]],
) -> None:
    assert sorted(path for path, found in problems.items() if ("not-in-source", "warning") in found) == sorted(LOST)


def test_seed_losses_are_not_called_the_filers_errors() -> None:
    found = check(read(SEED))
    assert [p for p in found if p.rule in ("missing-row-value", "empty-without-footnote")] == []
    assert not has_errors(found)


def test_seed_reader_notes_are_listed_as_source_problems_worded_for_a_person() -> None:
    filing = read(SEED)
    notes = [p for p in check(filing) if p.rule == "source-note"]
    assert len(notes) == len(filing.document.notes) == 5
    assert all(from_source(p) and p.severity == "info" and p.path == "" for p in notes)
    assert all(p.message[0].isupper() and p.message.endswith(".") for p in notes)
    messages = " ".join(p.message for p in notes)
    assert "Officer check box shows no mark" in messages
    assert "Table II: the text has no columns 8-11" in messages
    assert "Table I: no Amount (column 4) in rows 1 and 2" in messages
    assert "Footnote (2) is missing from the text" in messages
    assert {p.rule for p in check(filing) if from_source(p)} == SOURCE_RULES


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
