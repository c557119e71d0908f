"""Every rule of `form4viewer.checks` on real filings: a planted change it catches, and clean filings it leaves alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from unnamed_accounts import rum_with_accounts_unnamed

from form4viewer.checks import RULES, SEVERITIES, Problem, check, has_errors
from form4viewer.model import Confidence, Filing, Kind, Value, field_spec
from form4viewer.readers import read, read_bytes

DATA = Path(__file__).parent / "data" / "checks"
CLEAN = ("joby-form4-2023", "lrcx-form4a-2025", "yelp-form3-2012", "trin-form4-2023")

_cache: dict[str, Filing] = {}


def load(name: str) -> Filing:
    if name not in _cache:
        _cache[name] = read(DATA / f"{name}.xml")
    return _cache[name]


def change(filing: Filing, path: str, new: object) -> Filing:
    """The filing after a person typed `new` into the field at `path`."""
    return filing.replace_at(path, filing.get(path).corrected_to(new))


def as_read(filing: Filing, path: str, value: Value) -> Filing:
    """The filing as a reader would have given it with `value` at `path`."""
    return filing.replace_at(path, value)


def without_footnote(filing: Filing, note_id: str) -> Filing:
    return dataclasses.replace(filing, footnotes=tuple(n for n in filing.footnotes if n.id != note_id))


def found(problems: list[Problem], rule: str) -> list[str]:
    return [p.path for p in problems if p.rule == rule]


# (rule, sample, what is planted, the path the problem must name). Each plant is a single change a misreading (or a
# filer's slip) makes in a real filing.
PLANTS: list[tuple[str, str, Callable[[Filing], Filing], str]] = [
    ("missing-issuer-name", "joby-form4-2023", lambda f: change(f, "issuer.name", None), "issuer.name"),
    ("missing-owner-name", "trin-form4-2023", lambda f: change(f, "reporting_owners[0].name", None),
     "reporting_owners[0].name"),
    ("missing-relationship", "joby-form4-2023", lambda f: change(f, "reporting_owners[0].is_officer", False),
     "reporting_owners[0]"),
    ("missing-officer-title", "trin-form4-2023", lambda f: change(f, "reporting_owners[0].officer_title", None),
     "reporting_owners[0].officer_title"),
    ("missing-other-text", "yelp-form3-2012", lambda f: change(f, "reporting_owners[0].is_other", True),
     "reporting_owners[0].other_text"),
    ("title-without-box", "joby-form4-2023", lambda f: change(f, "reporting_owners[0].is_officer", False),
     "reporting_owners[0].is_officer"),
    ("missing-row-value", "joby-form4-2023", lambda f: change(f, "non_derivative_transactions[1].shares", None),
     "non_derivative_transactions[1].shares"),
    ("empty-without-footnote", "joby-form4-2023",
     lambda f: change(f, "non_derivative_transactions[0].price_per_share", None),
     "non_derivative_transactions[0].price_per_share"),
    ("missing-nature-of-ownership", "trin-form4-2023",
     lambda f: change(f, "non_derivative_holdings[0].nature_of_ownership", None),
     "non_derivative_holdings[0].nature_of_ownership"),
    ("missing-filing-value", "lrcx-form4a-2025", lambda f: change(f, "date_of_original_submission", None),
     "date_of_original_submission"),
    ("unknown-transaction-code", "joby-form4-2023",
     lambda f: change(f, "non_derivative_transactions[2].transaction_code", "Q"),
     "non_derivative_transactions[2].transaction_code"),
    ("bad-acquired-disposed", "joby-form4-2023",
     lambda f: change(f, "derivative_transactions[0].acquired_disposed", "B"),
     "derivative_transactions[0].acquired_disposed"),
    ("bad-direct-indirect", "lrcx-form4a-2025",
     lambda f: change(f, "non_derivative_transactions[1].direct_or_indirect", "X"),
     "non_derivative_transactions[1].direct_or_indirect"),
    ("not-a-date", "joby-form4-2023",
     lambda f: as_read(f, "non_derivative_transactions[3].transaction_date",
                       Value(None, raw="06/31/2023", confidence=0.2)),
     "non_derivative_transactions[3].transaction_date"),
    ("date-after-signature", "joby-form4-2023",
     lambda f: change(f, "non_derivative_transactions[3].transaction_date", dt.date(2023, 6, 19)),
     "non_derivative_transactions[3].transaction_date"),
    ("not-a-number", "trin-form4-2023",
     lambda f: as_read(f, "non_derivative_transactions[0].shares", Value(None, raw="30,l23", confidence=0.2)),
     "non_derivative_transactions[0].shares"),
    ("negative-amount", "joby-form4-2023",
     lambda f: change(f, "non_derivative_transactions[2].price_per_share", Decimal("-7.72")),
     "non_derivative_transactions[2].price_per_share"),
    ("too-many-decimals", "joby-form4-2023",
     lambda f: change(f, "non_derivative_transactions[2].price_per_share", Decimal("7.723451")),
     "non_derivative_transactions[2].price_per_share"),
    ("code-disagrees-with-direction", "joby-form4-2023",
     lambda f: change(f, "non_derivative_transactions[0].acquired_disposed", "A"),
     "non_derivative_transactions[0].acquired_disposed"),
    ("holdings-do-not-chain", "joby-form4-2023",
     lambda f: change(f, "non_derivative_transactions[2].shares_owned_following", Decimal(89457)),
     "non_derivative_transactions[2].shares_owned_following"),
    ("holdings-below-amount", "trin-form4-2023",
     lambda f: change(f, "non_derivative_transactions[1].shares_owned_following", Decimal(63587)),
     "non_derivative_transactions[1].shares_owned_following"),
    ("derivative-amount-not-underlying", "joby-form4-2023",
     lambda f: change(f, "derivative_transactions[0].underlying_shares", Decimal(11461)),
     "derivative_transactions[0].shares"),
    ("period-not-earliest-transaction", "joby-form4-2023",
     lambda f: change(f, "period_of_report", dt.date(2023, 6, 13)), "period_of_report"),
    ("exercise-without-acquisition", "joby-form4-2023",
     lambda f: change(f, "derivative_transactions[0].underlying_shares", Decimal(11461)),
     "derivative_transactions[0].underlying_shares"),
    ("acquisition-without-exercise", "joby-form4-2023",
     lambda f: change(f, "non_derivative_transactions[1].shares", Decimal(11614)),
     "non_derivative_transactions[1].shares"),
    ("original-date-without-amendment", "joby-form4-2023",
     lambda f: change(f, "date_of_original_submission", dt.date(2023, 6, 1)), "date_of_original_submission"),
    ("signature-name-mismatch", "joby-form4-2023", lambda f: change(f, "signatures[0].name", "/s/ Michael Chen"),
     "signatures[0].name"),
    ("footnote-not-found", "joby-form4-2023", lambda f: without_footnote(f, "F5"),
     "derivative_transactions[0].exercise_date"),
    ("footnote-not-cited", "joby-form4-2023",
     lambda f: f.replace_at("non_derivative_transactions[2].price_per_share",
                            f.get("non_derivative_transactions[2].price_per_share").corrected_to(footnotes=())),
     "footnotes[2].text"),
    ("hidden-characters", "joby-form4-2023", lambda f: change(f, "issuer.name", "\u202e.cnI ,elppA"), "issuer.name"),
    ("hidden-characters", "trin-form4-2023",
     lambda f: as_read(f, "reporting_owners[0].name", Value(None, raw="Smith\u200b\x07 John", confidence=0.3)),
     "reporting_owners[0].name"),
    ("low-confidence", "trin-form4-2023",
     lambda f: as_read(f, "non_derivative_transactions[1].shares",
                       dataclasses.replace(f.get("non_derivative_transactions[1].shares"), raw="219,653",
                                           confidence=0.4)),
     "non_derivative_transactions[1].shares"),
    ("not-in-source", "joby-form4-2023",
     lambda f: as_read(f, "non_derivative_transactions[1].shares", Value(confidence=Confidence.LOST)),
     "non_derivative_transactions[1].shares"),
    ("source-note", "joby-form4-2023",
     lambda f: dataclasses.replace(f, document=dataclasses.replace(
         f.document, notes=("text runs past the edge of the printed page: footnotes[0].text",))),
     ""),
]


def test_every_rule_has_a_planted_case() -> None:
    assert sorted({rule for rule, *_ in PLANTS}) == sorted(RULES)


def test_rules_have_short_ids_a_severity_and_one_line_descriptions() -> None:
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.id), rule.id
        assert rule.severity in SEVERITIES
        assert rule.description and "\n" not in rule.description and len(rule.description) < 240


@pytest.mark.parametrize("sample", CLEAN)
def test_clean_real_filings_have_no_problems(sample: str) -> None:
    assert check(load(sample)) == []


@pytest.mark.parametrize(("rule", "sample", "plant", "path"), PLANTS, ids=[p[0] for p in PLANTS])
def test_rule_catches_a_change_planted_in_a_real_filing(
    rule: str, sample: str, plant: Callable[[Filing], Filing], path: str
) -> None:
    filing = load(sample)
    assert path not in found(check(filing), rule)
    problems = check(plant(filing))
    assert path in found(problems, rule)
    problem = next(p for p in problems if p.rule == rule and p.path == path)
    assert problem.severity in SEVERITIES and problem.message[0].isupper() and problem.message.endswith(".")


def test_messages_name_the_values_involved() -> None:
    joby = load("joby-form4-2023")
    problems = check(change(joby, "non_derivative_transactions[2].shares_owned_following", Decimal(89457)))
    messages = [p.message for p in problems if p.rule == "holdings-do-not-chain"]
    assert any("89,457" in m and "93,654" in m and "4,107" in m and "89,547" in m for m in messages)
    late = check(change(joby, "non_derivative_transactions[3].transaction_date", dt.date(2023, 6, 19)))
    assert any("2023-06-19" in p.message and "2023-06-16" in p.message for p in late if p.rule == "date-after-signature")
    coded = check(change(joby, "non_derivative_transactions[2].transaction_code", "Q"))
    assert any('"Q"' in p.message and "Table I row 3 (Common Stock)" in p.message for p in coded)


def test_impossible_values_are_errors_and_unusual_ones_warnings() -> None:
    joby = load("joby-form4-2023")
    coded = check(change(joby, "non_derivative_transactions[2].transaction_code", "Q"))
    assert has_errors(coded)
    unchained = check(change(joby, "non_derivative_transactions[2].shares_owned_following", Decimal(89457)))
    assert not has_errors(unchained)
    assert {p.severity for p in unchained if p.rule == "holdings-do-not-chain"} == {"warning"}


def test_a_digit_changed_in_a_holding_points_at_that_row() -> None:
    joby = load("joby-form4-2023")
    problems = check(change(joby, "non_derivative_transactions[1].shares_owned_following", Decimal(93645)))
    # Row 2's holding disagrees with row 1 and with row 3: it is the one named, not its neighbours.
    assert found(problems, "holdings-do-not-chain") == ["non_derivative_transactions[1].shares_owned_following"]


def test_holdings_of_accounts_named_by_their_footnotes_chain_each_on_its_own() -> None:
    # RUM sells from three accounts, rows 1, 4, 7 (F4), 2, 5, 8 (F6) and 3, 6, 9 (F8): 661,756 - 292,931 = 368,825
    # and 368,825 - 102,310 = 266,515 (F4); 8,418 - 3,726 = 4,692 and 4,692 - 1,302 = 3,390 (F6); 204,473 - 86,705 =
    # 117,768 and 117,768 - 30,284 = 87,484 (F8).
    assert check(read(DATA / "rum-form4-2024.xml")) == []


def test_holdings_of_several_accounts_not_told_apart_are_notes_not_errors() -> None:
    problems = [p for p in check(read_bytes(rum_with_accounts_unnamed(), "rum.xml"))
                if p.rule == "holdings-do-not-chain"]
    assert problems and not has_errors(problems)
    assert {p.severity for p in problems} == {"info"}
    assert all("several accounts" in p.message for p in problems)


@pytest.mark.parametrize(
    ("owner", "signature"),
    [
        ("Albert Peter", "/s/ Bruce Posey by power of attorney for Peter Albert"),  # the seed's
        ("Albert Peter", "/s/ Peter Albert"),
        ("Papadopoulos Didier", "Didier Papadopoulos"),
        ("Papadopoulos Didier", "/s/ Sarah Slayen, Attorney-in-Fact"),
        ("Papadopoulos Didier", "/s/ Sarah Slayen, POA"),
        ("Müller Jürgen", "/s/ Juergen Muller"),
    ],
)
def test_signatures_by_the_owner_or_for_the_owner_match(owner: str, signature: str) -> None:
    filing = change(change(load("joby-form4-2023"), "reporting_owners[0].name", owner), "signatures[0].name", signature)
    assert found(check(filing), "signature-name-mismatch") == []


def test_a_signature_by_someone_else_is_pointed_at() -> None:
    filing = change(load("joby-form4-2023"), "signatures[0].name", "/s/ Peter Albert")
    assert found(check(filing), "signature-name-mismatch") == ["signatures[0].name"]


def test_a_value_the_reader_could_not_parse_is_reported_with_its_text() -> None:
    joby = load("joby-form4-2023")
    filing = as_read(joby, "non_derivative_transactions[0].acquired_disposed", Value(None, raw="(0)", confidence=0.2))
    problems = [p for p in check(filing) if p.path == "non_derivative_transactions[0].acquired_disposed"]
    assert [p.rule for p in problems] == ["bad-acquired-disposed"]  # not also "low confidence" for the same field
    assert '"(0)"' in problems[0].message


def test_a_value_a_person_cleared_counts_as_missing_even_though_text_was_read() -> None:
    filing = change(load("joby-form4-2023"), "non_derivative_transactions[0].shares", None)
    assert "non_derivative_transactions[0].shares" in found(check(filing), "missing-row-value")


def test_a_value_left_empty_with_a_footnote_is_explained() -> None:
    joby = load("joby-form4-2023")
    path = "non_derivative_transactions[0].price_per_share"
    explained = joby.replace_at(path, joby.get(path).corrected_to(None, footnotes=("F1",)))
    assert found(check(explained), "empty-without-footnote") == []


def test_low_confidence_is_a_note_or_a_warning_by_how_low() -> None:
    trin = load("trin-form4-2023")
    path = "non_derivative_transactions[1].shares"
    unsure = check(as_read(trin, path, dataclasses.replace(trin.get(path), raw="219,653", confidence=0.7)))
    doubtful = check(as_read(trin, path, dataclasses.replace(trin.get(path), raw="219,653", confidence=0.3)))
    assert [(p.rule, p.severity) for p in unsure] == [("low-confidence", "info")]
    assert [(p.rule, p.severity) for p in doubtful] == [("low-confidence", "warning")]
    assert "219,653" in doubtful[0].message
    misread = Value(Decimal(219658), raw="219,658", confidence=0.3)
    assert {p.rule for p in check(as_read(trin, path, misread))} == {"holdings-do-not-chain", "low-confidence"}
    corrected = trin.replace_at(path, misread.corrected_to(Decimal(219653)))
    assert check(corrected) == []  # a person has looked at it


def test_problems_come_in_the_form_order() -> None:
    joby = load("joby-form4-2023")
    filing = change(joby, "derivative_transactions[0].direct_or_indirect", None)
    filing = change(filing, "issuer.name", None)
    filing = change(filing, "non_derivative_transactions[2].transaction_code", "Q")
    assert [p.path for p in check(filing)] == [
        "issuer.name",
        "non_derivative_transactions[2].transaction_code",
        "derivative_transactions[0].direct_or_indirect",
    ]


def test_check_leaves_the_filing_as_it_was() -> None:
    filing = change(load("joby-form4-2023"), "non_derivative_transactions[2].transaction_code", "Q")
    before = filing.to_dict()
    first = check(filing)
    assert filing.to_dict() == before
    assert check(filing) == first


def test_a_filing_with_nothing_in_it_gets_errors_not_a_crash() -> None:
    problems = check(Filing())
    assert {"missing-issuer-name", "missing-owner-name", "missing-filing-value"} <= {p.rule for p in problems}


def test_only_named_rules_run_when_asked() -> None:
    filing = change(change(load("joby-form4-2023"), "issuer.name", None), "signatures[0].name", "/s/ Michael Chen")
    assert [p.rule for p in check(filing, rules=["signature-name-mismatch"])] == ["signature-name-mismatch"]


def test_problem_to_dict_has_the_contract_keys() -> None:
    problem = check(change(load("joby-form4-2023"), "issuer.name", None))[0]
    assert problem.to_dict() == {
        "rule": "missing-issuer-name",
        "severity": "error",
        "path": "issuer.name",
        "message": "The issuer's name (box 2) is empty.",
    }


@pytest.mark.parametrize("raw", ["(2)", "<sup>(2)</sup>", "$ (2)", "(2)(3)"])
def test_a_cell_holding_only_a_footnote_mark_is_explained_not_unreadable(raw: str) -> None:
    """Printouts show a price or date given only by a footnote as its mark: `(2)` read from such a cell is the
    footnote, not a number that failed to parse."""
    joby = load("joby-form4-2023")
    path = "non_derivative_transactions[0].price_per_share"
    filing = as_read(joby, path, Value(None, ("F1",), raw=raw, confidence=0.9))
    assert [p.rule for p in check(filing) if p.path == path] == []


def test_a_footnote_mark_beside_other_text_is_still_not_a_number() -> None:
    joby = load("joby-form4-2023")
    path = "non_derivative_transactions[0].price_per_share"
    filing = as_read(joby, path, Value(None, ("F1",), raw="about (1)", confidence=0.9))
    assert "not-a-number" in [p.rule for p in check(filing) if p.path == path]


def test_the_checks_walk_a_filing_in_the_order_filing_values_gives(data: Path) -> None:
    """The checks collect a filing's values their own, quicker way; it must be the model's list exactly."""
    from form4viewer.checks import _walk

    files = sorted(p for p in data.rglob("*") if p.suffix in (".xml", ".txt", ".nc", ".html", ".pdf"))
    walked = 0
    for path in files:
        try:
            filing = read(path)
        except Exception:  # the hostile samples: nothing to walk
            continue
        # A row added to each table, a footnote, a signature and an owner, so that every part is there.
        filing = dataclasses.replace(
            filing,
            reporting_owners=(*filing.reporting_owners, filing.reporting_owners[0]) if filing.reporting_owners else (),
            signatures=(*filing.signatures, *filing.signatures),
        )
        assert _walk(filing).values == list(filing.values()), path.name
        for kind in (Kind.DATE, Kind.DECIMAL):
            filled = [p for p, v in filing.values() if field_spec(p).kind is kind and (v.value is not None or v.raw)]
            assert [p for p, _ in _walk(filing).filled[kind]] == filled, path.name
        walked += 1
    assert walked >= 20


def test_hidden_characters_are_named_and_written_out_in_the_message() -> None:
    filing = change(load("joby-form4-2023"), "footnotes[0].text", "Held by\u2066 a trust\u2069.\tSee\nbelow")
    (problem,) = [p for p in check(filing) if p.rule == "hidden-characters"]
    assert problem.path == "footnotes[0].text"
    assert "U+2066 LEFT-TO-RIGHT ISOLATE" in problem.message and "U+2069 POP DIRECTIONAL ISOLATE" in problem.message
    assert "\u27e8U+2066\u27e9 a trust\u27e8U+2069\u27e9" in problem.message
    # tabs and line ends are the ordinary white space of footnotes, not hidden characters
    assert not [p for p in check(change(filing, "footnotes[0].text", "Held by a trust.\tSee\nbelow"))
                if p.rule == "hidden-characters"]


def test_hidden_characters_in_the_text_of_an_amount_that_could_not_be_read_are_found() -> None:
    # The rule clears a filing with one search of all its text: the raw text of a value that failed to parse is
    # part of it, the text of a parsed amount is not.
    filing = as_read(load("trin-form4-2023"), "non_derivative_transactions[0].shares",
                     Value(None, raw="30,123\u200b", confidence=0.2))  # fmt: skip
    found = [p.path for p in check(filing) if p.rule == "hidden-characters"]
    assert found == ["non_derivative_transactions[0].shares"]
    parsed = as_read(load("trin-form4-2023"), "non_derivative_transactions[0].shares",
                     Value(Decimal("30123"), raw="30,123\u200b", confidence=0.9))  # fmt: skip
    assert not [p for p in check(parsed) if p.rule == "hidden-characters"]


@pytest.mark.parametrize(("price", "flagged"), [
    ("7.7234", False), ("7.72000000", False), ("7.723400", False), ("7.72345", True), ("0.000010", True),
])  # fmt: skip
def test_too_many_decimals_counts_places_without_trailing_zeros(price: str, flagged: bool) -> None:
    filing = change(load("joby-form4-2023"), "non_derivative_transactions[2].price_per_share", Decimal(price))
    found = [p.path for p in check(filing) if p.rule == "too-many-decimals"]
    assert found == (["non_derivative_transactions[2].price_per_share"] if flagged else [])


def test_an_owner_whose_relationship_boxes_the_source_does_not_show_is_not_said_to_have_none_ticked() -> None:
    # Joby's owner is an officer only. A page that prints the first owner's boxes alone leaves a second owner's out:
    # the reader marks them not in the source, and the checks say that instead of "no box is ticked".
    filing = load("joby-form4-2023")
    lost = Value(None, confidence=Confidence.LOST)
    unshown = as_read(filing, "reporting_owners[0].is_officer", lost)
    for box in ("is_director", "is_ten_percent_owner", "is_other"):
        unshown = as_read(unshown, f"reporting_owners[0].{box}", lost)
    problems = check(unshown)
    assert found(problems, "missing-relationship") == []
    assert set(found(problems, "not-in-source")) >= {"reporting_owners[0].is_officer", "reporting_owners[0].is_other"}
    # Boxes printed unticked are still the filer's: none ticked is an error.
    printed = as_read(filing, "reporting_owners[0].is_officer", Value(False, raw="", confidence=Confidence.SURE))
    assert found(check(printed), "missing-relationship") == ["reporting_owners[0]"]
