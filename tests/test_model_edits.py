"""Footnote and owner edits as the filing's own methods: each gives a new filing and leaves the old one as it was.
The filing is the Tesla sample (resources/samples/tesla-form4-2023.xml): footnotes F1-F3, F1 cited by both
Table I rows' nature of ownership, one owner (Musk Elon)."""

from __future__ import annotations

from pathlib import Path

import pytest

from form4viewer import read
from form4viewer.model import Filing, ReportingOwner, V

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "tesla-form4-2023.xml"


@pytest.fixture(scope="module")
def filing() -> Filing:
    return read(SAMPLE)


def test_a_new_footnote_takes_the_next_free_id_and_counts_as_a_correction(filing: Filing) -> None:
    after, note_id = filing.with_footnote("Held by a trust.")
    assert note_id == "F4"
    assert [n.id for n in after.footnotes] == ["F1", "F2", "F3", "F4"]
    assert after.footnotes[-1].text.value == "Held by a trust." and after.footnotes[-1].text.corrected
    assert [n.id for n in filing.footnotes] == ["F1", "F2", "F3"]  # the old filing is untouched


def test_removing_a_footnote_removes_every_reference_to_it(filing: Filing) -> None:
    after = filing.without_footnote("F1")
    assert [n.id for n in after.footnotes] == ["F2", "F3"]
    assert after.non_derivative_transactions[0].nature_of_ownership.footnotes == ()
    assert after.non_derivative_transactions[1].nature_of_ownership.footnotes == ()
    assert "F1" not in after.footnote_citations()
    assert after.derivative_transactions[0].exercise_date.footnotes == ("F2",)  # other notes stay cited
    with pytest.raises(KeyError):
        filing.without_footnote("F9")


def test_attaching_keeps_the_forms_order_and_detaching_takes_one_reference_off(filing: Filing) -> None:
    path = "derivative_transactions[0].exercise_date"
    many = filing
    for number in range(4, 11):
        many, _ = many.with_footnote(f"note {number}")
    many = many.attach_footnote(path, "F10").attach_footnote(path, "F1")
    assert many.get(path).footnotes == ("F1", "F2", "F10")  # F10 after F2, as on the form
    assert many.get(path).corrected
    assert many.attach_footnote(path, "F2") is many  # cited already: nothing changes
    fewer = many.detach_footnote(path, "F2")
    assert fewer.get(path).footnotes == ("F1", "F10")
    assert fewer.detach_footnote(path, "F2") is fewer
    with pytest.raises(KeyError):
        filing.attach_footnote(path, "F7")  # no such footnote
    with pytest.raises(KeyError):
        filing.attach_footnote("non_derivative_transactions[0]", "F1")  # a row, not a field


def test_owners_are_added_after_the_others_up_to_the_forms_ten_and_removed_by_place(filing: Filing) -> None:
    after = filing.with_owner(ReportingOwner(name=V("Kimbal Musk")))
    assert [o.name.text for o in after.reporting_owners] == ["Musk Elon", "Kimbal Musk"]
    assert [o.name.text for o in after.without_owner(0).reporting_owners] == ["Kimbal Musk"]
    with pytest.raises(IndexError):
        after.without_owner(2)
    full = filing
    while len(full.reporting_owners) < 10:
        full = full.with_owner()
    assert full.reporting_owners[-1] == ReportingOwner()
    with pytest.raises(ValueError, match="at most 10"):
        full.with_owner()
