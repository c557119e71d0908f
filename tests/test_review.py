"""The review queue's walk through a batch and amendments paired with their original, without Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from form4viewer.importer import import_paths
from form4viewer.review import (
    REVIEWED,
    TO_REVIEW,
    AmendmentLink,
    Related,
    ReviewMark,
    Submission,
    amendment_links,
    next_to_review,
    pair_amendments,
    related,
    review_marks,
    submissions,
)
from form4viewer.store import Store

# ---- the queue -----------------------------------------------------------------------------------------------------


def test_next_to_review_takes_the_next_one_in_the_order_shown() -> None:
    order = [7, 3, 9, 1]
    states = {7: REVIEWED, 3: TO_REVIEW, 9: TO_REVIEW, 1: TO_REVIEW}
    assert next_to_review(order, states, 3) == 9
    assert next_to_review(order, states, 9) == 1


def test_next_to_review_skips_reviewed_filings_and_comes_back_for_ones_skipped_earlier() -> None:
    order = [7, 3, 9, 1]
    states = {7: TO_REVIEW, 3: REVIEWED, 9: REVIEWED, 1: REVIEWED}
    assert next_to_review(order, states, 3) == 7
    assert next_to_review(order, states, 1) == 7


def test_next_to_review_is_none_when_the_batch_is_done() -> None:
    order = [7, 3, 9]
    states = dict.fromkeys(order, REVIEWED)
    assert next_to_review(order, states, 9) is None
    # the open filing itself never comes back, even while it is still to review
    assert next_to_review(order, {7: REVIEWED, 3: REVIEWED, 9: TO_REVIEW}, 9) is None


def test_next_to_review_starts_at_the_top_when_the_open_filing_is_not_in_the_batch() -> None:
    order = [5, 6]
    assert next_to_review(order, {5: REVIEWED, 6: TO_REVIEW}, None) == 6
    assert next_to_review(order, {}, 42) == 5  # filtered out; a filing without a state is to review
    assert next_to_review([], {}, None) is None


# ---- amendments, by hand: the rule -----------------------------------------------------------------------------------


def _sub(filing_id: int, form: str = "4", *, filed: str | None = None, period: str | None = "2024-03-01",
         original: str | None = None, issuer_cik: str | None = "320193", owners: tuple[str, ...] = ("1214156",),
         names: tuple[str, ...] = ()) -> Submission:
    return Submission(filing_id, form, filed, period, original, issuer_cik, "APPLE INC", "AAPL", frozenset(owners),
                      frozenset(names))


def test_an_amendment_pairs_with_the_filing_filed_on_its_date_of_original_submission() -> None:
    original = _sub(1, filed="2024-03-04", period="2024-03-01")
    other_day = _sub(2, filed="2024-03-05", period="2024-03-01")
    amendment = _sub(3, "4/A", filed="2024-04-10", period="2024-03-01", original="2024-03-04")
    assert pair_amendments([original, other_day, amendment]) == [AmendmentLink(3, 1, "filing date")]


def test_a_filing_without_a_filing_date_is_matched_on_its_period() -> None:
    original = _sub(1, period="2024-03-04")
    filed_that_day = _sub(2, filed="2024-03-06", period="2024-03-04")  # its filing date says it is not the one
    amendment = _sub(3, "4/A", period="2024-03-01", original="2024-03-04")
    assert pair_amendments([original, filed_that_day, amendment]) == [AmendmentLink(3, 1, "period")]


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (_sub(1, filed="2024-03-04", issuer_cik="789019"), "another issuer"),
        (_sub(1, filed="2024-03-04", owners=("1513142",)), "another owner"),
        (_sub(1, "3", filed="2024-03-04"), "another form"),
        (_sub(1, filed="2024-03-05"), "filed another day"),
    ],
)
def test_no_pair_for(other: Submission, why: str) -> None:
    amendment = _sub(3, "4/A", filed="2024-04-10", original="2024-03-04")
    assert pair_amendments([other, amendment]) == [], why


def test_owners_without_ciks_are_compared_by_name_and_joint_filers_by_any_owner_in_common() -> None:
    printout = _sub(1, filed="2024-03-04", owners=(), names=("COOK TIMOTHY D",))
    amendment = _sub(3, "4/A", filed="2024-04-10", original="2024-03-04", owners=(), names=("COOK TIMOTHY D",))
    assert pair_amendments([printout, amendment]) == [AmendmentLink(3, 1, "filing date")]
    joint = _sub(4, filed="2024-03-04", owners=("1214156", "70858"))
    assert AmendmentLink(3, 4, "filing date") not in pair_amendments([joint, amendment])  # one has CIKs, one not
    amendment_with_cik = _sub(5, "4/A", filed="2024-04-10", original="2024-03-04", owners=("70858",))
    assert pair_amendments([joint, amendment_with_cik]) == [AmendmentLink(5, 4, "filing date")]


def test_an_original_matched_on_its_filing_date_wins_over_one_matched_on_its_period() -> None:
    by_period = _sub(1, period="2024-03-04")
    by_filing_date = _sub(2, filed="2024-03-04", period="2024-03-01")
    amendment = _sub(3, "4/A", filed="2024-04-10", original="2024-03-04")
    assert pair_amendments([by_period, by_filing_date, amendment]) == [AmendmentLink(3, 2, "filing date")]


def test_related_gives_each_side_of_a_pair() -> None:
    links = [AmendmentLink(3, 1, "period"), AmendmentLink(4, 1, "period")]
    sides = related(links)
    assert sides[1] == Related(originals=(), amendments=(3, 4))
    assert sides[3] == Related(originals=(1,), amendments=())
    assert 2 not in sides and not Related()


# ---- amendments among real saved filings ---------------------------------------------------------------------------


@pytest.fixture
def store() -> Store:
    return Store(sqlite_utils.Database(memory=True))


def _ids_by_name(store: Store) -> dict[str, int]:
    return {Path(row["source_name"]).name: row["id"] for row in store.catalog()}


def test_real_amendments_are_found_beside_their_originals(store: Store, data: Path) -> None:
    files = sorted((data / "amendments").glob("*.xml"))
    outcomes = import_paths(store, files, jobs=1)
    assert all(o.filing_id for o in outcomes), outcomes
    ids = _ids_by_name(store)
    # Citigroup: the 4/A names 2025-10-22, the original's period (these documents carry no filing date).
    # MUNEX: the 4/A names 2025-09-29, which the original Form 4 gave as its period though its sales were on 09-25;
    # the 10-13 Form 4 of the same owners and issuer, and the NZF one filed a day earlier, are not its original.
    assert amendment_links(store.db.conn) == sorted(
        [
            AmendmentLink(ids["citigroup-form4a-2025-10-22.xml"], ids["citigroup-form4-2025-10-22.xml"], "period"),
            AmendmentLink(ids["munex-form4a-2025-09-25.xml"], ids["munex-form4-2025-09-29.xml"], "period"),
        ],
        key=lambda link: link.amendment,
    )


def test_submissions_carry_what_the_pairing_reads(store: Store, data: Path) -> None:
    import_paths(store, [data / "amendments" / "munex-form4a-2025-09-25.xml"], jobs=1)
    (sub,) = submissions(store.db.conn)
    assert (sub.form, sub.period, sub.original_date, sub.filing_date) == ("4/A", "2025-09-25", "2025-09-29", None)
    assert (sub.issuer_cik, sub.ticker) == ("1232860", "MUNEX")
    assert sub.owner_ciks == {"70858", "728612"}  # Bank of America Corp and Merrill Lynch, leading zeros dropped
    assert sub.is_amendment and sub.base_form == "4"


def test_an_amendment_whose_original_is_not_saved_has_no_pair(store: Store, data: Path) -> None:
    # Lam Research's 4/A, filed 2025-01-21 as a full submission, amends a Form 4 of 2024-11-04 not in the library.
    import_paths(store, [data / "submissions" / "lrcx-form4a.txt", data / "amendments" / "munex-form4-2025-09-29.xml"],
                 jobs=1)
    subs = {s.form: s for s in submissions(store.db.conn)}
    assert (subs["4/A"].original_date, subs["4/A"].filing_date) == ("2024-11-04", "2025-01-21")
    assert amendment_links(store.db.conn) == []


def test_review_marks_say_who_reviewed_a_filing_and_when(store: Store, data: Path) -> None:
    import_paths(store, sorted((data / "amendments").glob("citigroup-*.xml")), jobs=1)
    ids = _ids_by_name(store)
    first, second = ids["citigroup-form4-2025-10-22.xml"], ids["citigroup-form4a-2025-10-22.xml"]
    state = store.set_review_state(first, REVIEWED, who="ann")
    marks = review_marks(store.db.conn)
    assert second not in marks  # never reviewed: the Library shows it "to review"
    assert marks[first] == ReviewMark(REVIEWED, "ann", state.when)
    assert marks[first].describe() == f"reviewed by ann, {state.when:%Y-%m-%d %H:%M}"
    assert ReviewMark().describe() == "to review"
    store.set_review_state(first, TO_REVIEW, who="bob")
    assert review_marks(store.db.conn) == {}


def test_only_filings_that_can_be_in_a_pair_are_read(store: Store, data: Path) -> None:
    import_paths(store, sorted((data / "amendments").glob("*.xml")), jobs=1)
    ids = _ids_by_name(store)
    read = {sub.filing_id for sub in submissions(store.db.conn)}
    # the two 4/As, and the filings whose period is a date one of them names; not the other two Form 4s
    assert read == {ids[name] for name in ("citigroup-form4a-2025-10-22.xml", "citigroup-form4-2025-10-22.xml",
                                           "munex-form4a-2025-09-25.xml", "munex-form4-2025-09-29.xml")}
