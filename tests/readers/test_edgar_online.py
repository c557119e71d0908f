"""EDGAR Online printouts (`tests/data/edgar_online/`, see the README there): every owner of the Reporting Owners
table with name and address as printed, "/s/" signatures with their dates apart, the no-securities line as the flag,
and the accession number with where it came from. The expected values were read off the rendered pages."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from form4viewer.readers import read
from form4viewer.readers.pdf import FROM_FILE_NAME, FROM_METADATA, _accession

DATA = Path(__file__).resolve().parents[1] / "data" / "edgar_online"
SEVEN = DATA / "rklb-form4-2024-seven-owners.pdf"
VACQ = DATA / "0001104659-20-108439-vacq-form3-2020.pdf"
ACROSS = DATA / "rklb-form3-2021-owner-across-pages.pdf"

SAND_HILL = ("2128 SAND HILL ROAD", None, "MENLO PARK", "CA", "94025")
#: The Reporting Owners table of 0000950170-24-058623 as the page prints it: every owner a 10% owner.
SEVEN_OWNERS = [
    "KHOSLA VENTURES SEED B, L.P.",
    "KHOSLA VENTURES SEED B (CF), L.P.",
    "Khosla Ventures Seed Associates B, LLC",
    "Khosla Ventures V, L.P.",
    "Khosla Ventures Associates V, LLC",
    "VK Services, LLC",
    "KHOSLA VINOD",
]
ATTORNEY = "/s/ John J. Demeter, as attorney in fact for Vinod Khosla"
MEMBER = ATTORNEY + ", as Managing Member of VK Services, LLC"
MANAGER = MEMBER + ", in its capacity as Manager of "
SEVEN_SIGNATURES = [
    MANAGER + "Khosla Ventures Seed Associates B, LLC, in its capacity as general partner of Khosla Ventures Seed B, L.P.",
    MANAGER + "Khosla Ventures Seed Associates B, LLC, in its capacity as general partner of Khosla Ventures Seed B "
              "(CF), L.P.",
    MANAGER + "Khosla Ventures Seed Associates B, LLC",
    MANAGER + "Khosla Ventures Associates V, LLC, in its capacity as general partner of Khosla Ventures V, L.P.",
    MANAGER + "Khosla Ventures Associates V, LLC",
    MEMBER,
    ATTORNEY,
]


def _address(owner) -> tuple:
    return (owner.street1.value, owner.street2.value, owner.city.value, owner.state.value, owner.zip_code.value)


@pytest.fixture(scope="module")
def seven():
    return read(SEVEN)


def test_every_owner_of_the_reporting_owners_table_is_read_with_name_and_address(seven) -> None:
    owners = seven.reporting_owners
    assert [o.name.value for o in owners] == SEVEN_OWNERS, SEVEN.name
    for owner in owners:
        assert _address(owner) == SAND_HILL, (SEVEN.name, owner.name.value)
        assert (owner.is_director.value, owner.is_ten_percent_owner.value, owner.is_officer.value,
                owner.is_other.value) == (False, True, False, False), (SEVEN.name, owner.name.value)
        assert owner.state_description.value is None, SEVEN.name


def test_each_printed_signature_block_is_one_signature_with_its_s_and_its_date(seven) -> None:
    assert [s.name.value for s in seven.signatures] == SEVEN_SIGNATURES, SEVEN.name
    assert {s.date.value for s in seven.signatures} == {datetime.date(2024, 5, 13)}, SEVEN.name


def test_accession_number_comes_from_the_pdfs_title_when_the_file_name_has_none(seven) -> None:
    accession = seven.accession_number
    assert accession.value == "0000950170-24-058623", SEVEN.name
    assert accession.confidence == FROM_METADATA and "Title" in (accession.raw or ""), SEVEN.name
    assert any("metadata" in note for note in seven.document.notes), SEVEN.name


def test_accession_number_falls_back_to_the_file_name_with_lower_confidence() -> None:
    value, notes = _accession(None, "/some/folder/0001104659-20-108439-vacq-form3-2020.pdf")
    assert value.value == "0001104659-20-108439"
    assert value.confidence == FROM_FILE_NAME < FROM_METADATA
    assert value.raw == "file name: 0001104659-20-108439-vacq-form3-2020.pdf"
    assert notes == ("accession number taken from the file's name",)
    assert _accession("Form 4", "scan.pdf")[0].empty


def test_no_securities_line_sets_the_flag_and_stays_out_of_remarks_and_footnotes() -> None:
    filing = read(VACQ)
    assert filing.form.value == "3", VACQ.name
    assert filing.no_securities_owned.value is True, VACQ.name
    assert "No securities" in (filing.no_securities_owned.raw or ""), VACQ.name
    assert "No securities" not in str(filing.remarks.value or ""), VACQ.name
    assert not any("No securities" in str(f.text.value) for f in filing.footnotes), VACQ.name
    (owner,) = filing.reporting_owners
    assert owner.name.value == "Baylor David A", VACQ.name
    assert _address(owner) == ("C/O VECTOR ACQUISITION CORPORATION", "ONE MARKET ST, STEUART TOWER, 23RD FLOOR",
                               "SAN FRANCISCO", "CA", "94105"), VACQ.name
    assert owner.is_officer.value is True and owner.officer_title.value == "Chief Financial Officer", VACQ.name
    assert [(s.name.value, s.date.value) for s in filing.signatures] == \
        [("/s/ David Baylor", datetime.date(2020, 9, 24))], VACQ.name
    assert filing.accession_number.value == "0001104659-20-108439", VACQ.name


def test_an_owner_row_the_page_cuts_is_one_owner_with_the_address_from_the_next_page() -> None:
    filing = read(ACROSS)
    (owner,) = filing.reporting_owners
    assert owner.name.value == "GRIFFIN MICHAEL D", ACROSS.name
    assert _address(owner) == ("C/O ROCKET LAB USA, INC.", "3881 MCGOWEN STREET", "LONG BEACH", "CA", "90808"), \
        ACROSS.name
    assert owner.is_director.value is True and owner.is_officer.value is False, ACROSS.name
    assert [(s.name.value, s.date.value) for s in filing.signatures] == \
        [("/s/ Robert M.P. Hurwitz, as Attorney-in-Fact for Michael D. Griffin", datetime.date(2021, 9, 7))], \
        ACROSS.name


@pytest.mark.parametrize(("texts", "shares", "mark", "footnotes"), [
    (["(A)", "643"], "643", "A", ()),
    (["(D)643(1)"], "643", "D", ("F1",)),
    (["643"], "643", None, ()),
])
def test_an_amount_written_with_its_column_mark_is_read_with_the_mark(texts: list[str], shares: str, mark: str | None,
                                                                     footnotes: tuple[str, ...]) -> None:
    from decimal import Decimal

    from form4viewer.readers.pdf import _column_mark, _field_value
    from form4viewer.readers.pdf_layout import Word

    words = [Word(t, 10.0 + 30 * i, 35.0 + 30 * i, 100.0, 108.0, 8.0, 1) for i, t in enumerate(texts)]
    value = _field_value("shares", words)
    assert (value.value, value.footnotes, _column_mark(value)) == (Decimal(shares), footnotes, mark), texts
