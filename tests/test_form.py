"""The form's one description (form4viewer/form.py): its parsers over real address lines, amounts, dates and marks.

The address cases are real owners' addresses from EDGAR's ownership XML in the corpus (`rptOwnerStreet1/2`,
`rptOwnerCity`, `rptOwnerState`, `rptOwnerZipCode`, `rptOwnerStateDescription`), printed the way a printout sets
them; the last test runs over every address of the corpus's XML when the corpus is present.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer import form

CORPUS_XML = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xml"

#: (printed lines, street1, street2, city, state, zip_code, country), from the corpus's XML.
ADDRESSES = [
    (["C/O ROCKET LAB USA, INC.", "3881 MCGOWEN STREET", "LONG BEACH, CA 90808"],
     "C/O ROCKET LAB USA, INC.", "3881 MCGOWEN STREET", "LONG BEACH", "CA", "90808", None),
    (["2128 SAND HILL ROAD", "MENLO PARK, CA 94025"], "2128 SAND HILL ROAD", None, "MENLO PARK", "CA", "94025", None),
    (["399 PARK AVENUE", "NEW YORK, NY 10022"], "399 PARK AVENUE", None, "NEW YORK", "NY", "10022", None),
    (["C/O BAKER BOTTS L.L.P.,", "2001 ROSS AVENUE, SUITE 900", "DALLAS., TX 75201"],
     "C/O BAKER BOTTS L.L.P.,", "2001 ROSS AVENUE, SUITE 900", "DALLAS.", "TX", "75201", None),
    (["3033 BETA AVENUE", "BURNABY, A1 V5G 4M9", "BRITISH COLUMBIA, CANADA"],
     "3033 BETA AVENUE", None, "BURNABY", "A1", "V5G 4M9", "BRITISH COLUMBIA, CANADA"),
    (["49 CATHCART ROAD", "LONDON, X0 SW10 9JE", "UNITED KINGDOM"],
     "49 CATHCART ROAD", None, "LONDON", "X0", "SW10 9JE", "UNITED KINGDOM"),
    (["P.O. BOX 309 UGLAND HOUSE", "GRAND CAYMAN, E9 KY1-1104", "CAYMAN ISLANDS"],
     "P.O. BOX 309 UGLAND HOUSE", None, "GRAND CAYMAN", "E9", "KY1-1104", "CAYMAN ISLANDS"),
    (["1-7-1, KAIGAN", "MINATO-KU TOKYO, M0 105-7537", "JAPAN"],
     "1-7-1, KAIGAN", None, "MINATO-KU TOKYO", "M0", "105-7537", "JAPAN"),
    (["33 SIR JOHN ROGERSON'S QUAY", "DUBLIN, L2 D2", "IRELAND"],
     "33 SIR JOHN ROGERSON'S QUAY", None, "DUBLIN", "L2", "D2", "IRELAND"),
    (["2105 PLANTATION VILLAGE", "DORADO, PR 00646", "PUERTO RICO"],
     "2105 PLANTATION VILLAGE", None, "DORADO", "PR", "00646", "PUERTO RICO"),
    # EDGAR's stylesheet: city, state and ZIP one per line, then the country.
    (["C/O BESSEMER VENTURE PARTNERS", "1865 PALMER AVE., SUITE 104", "LARCHMONT", "NY", "10538", "UNITED STATES"],
     "C/O BESSEMER VENTURE PARTNERS", "1865 PALMER AVE., SUITE 104", "LARCHMONT", "NY", "10538", None),
    # A city filed with its comma ("NEW YORK,") keeps it, one part a line or before the separator's comma.
    (["C/O UNION SQUARE VENTURES", "915 BROADWAY, 19TH FLOOR", "NEW YORK,", "NY", "10010"],
     "C/O UNION SQUARE VENTURES", "915 BROADWAY, 19TH FLOOR", "NEW YORK,", "NY", "10010", None),
    (["69 GROSVENOR STREET", "LONDON,, X0 W1K 3JP", "UNITED KINGDOM"],
     "69 GROSVENOR STREET", None, "LONDON,", "X0", "W1K 3JP", "UNITED KINGDOM"),
    # "CITY ST ZIP" without a comma, and ZIP+4.
    (["ONE MICROSOFT WAY", "REDMOND WA 98052-6399"], "ONE MICROSOFT WAY", None, "REDMOND", "WA", "98052-6399", None),
    # The state left out.
    (["ONE AMGEN CENTER DRIVE", "THOUSAND OAKS 91320"], "ONE AMGEN CENTER DRIVE", None, "THOUSAND OAKS", None,
     "91320", None),
    # One part a line with the postal code lost, as a scan's reading of EDGAR's stylesheet may leave it (a TDR
    # Capital Form 4 of 2023, accession 0001104659-23-063138, at 300 dpi: "W1U 2EU" unread, X0 read "XO").
    (["C/O TDR CAPITAL LLP", "20 BENTINCK STREET", "LONDON", "XO", "UNITED STATES"],
     "C/O TDR CAPITAL LLP", "20 BENTINCK STREET", "LONDON", "XO", None, None),
    (["C/O UNION SQUARE VENTURES", "915 BROADWAY, 19TH FLOOR", "NEW YORK", "NY"],
     "C/O UNION SQUARE VENTURES", "915 BROADWAY, 19TH FLOOR", "NEW YORK", "NY", None, None),
    # Two letters that are no code after a street line stay the street's.
    (["100 MAIN STREET", "SUITE 5", "DO"], "100 MAIN STREET", "SUITE 5 DO", None, None, None, None),
    (["100 MAIN STREET", "BUILDING C", "QA"], "100 MAIN STREET", "BUILDING C QA", None, None, None, None),
]


@pytest.mark.parametrize(("lines", "street1", "street2", "city", "state", "zip_code", "country"), ADDRESSES,
                         ids=[a[0][-1] if len(a[0]) < 4 else a[0][2] for a in ADDRESSES])
def test_address_parser_reads_each_part_of_a_real_address(lines: list[str], street1: str | None,
                                                          street2: str | None, city: str | None, state: str | None,
                                                          zip_code: str | None, country: str | None) -> None:
    got = form.parse_address(lines)
    assert (got.street1, got.street2, got.city, got.state, got.zip_code, got.country) == \
        (street1, street2, city, state, zip_code, country), lines


def test_city_line_keeps_the_street_comma_and_splits_city_state_zip() -> None:
    # The seed's symptoms: "LONG BEACH," as a city, "CA 90808" as a state, no ZIP.
    line = "LONG BEACH, CA 90808"
    parsed = form.parse_city_line(line)
    assert parsed is not None
    assert parsed.texts(line) == {"city": "LONG BEACH", "state": "CA", "zip_code": "90808"}
    assert parsed.city == (0, 10) and parsed.state == (12, 14) and parsed.zip_code == (15, 20)


@pytest.mark.parametrize("line", ["P.O. BOX 12345", "SUITE 10000", "3881 MCGOWEN STREET", "C/O ROCKET LAB USA, INC.",
                                  "", "   "])
def test_street_lines_are_not_read_as_city_lines(line: str) -> None:
    assert form.parse_city_line(line) is None


def test_city_line_parser_takes_linear_time_on_long_runs() -> None:
    # A line of 200,000 spaces or letters is refused or read, either way at once (no backtracking).
    assert form.parse_city_line(" " * 200_000) is None
    assert form.parse_city_line("A " * 100_000 + "CA 90808") is not None


@pytest.mark.skipif(not CORPUS_XML.is_dir(), reason="the corpus is not here")
def test_address_parser_reads_every_owner_address_of_the_xml_corpus() -> None:
    seen: set[tuple[str | None, ...]] = set()
    for path in sorted(CORPUS_XML.glob("*.xml")):
        try:
            tree = ET.parse(path)
        except ET.ParseError:
            continue
        for address in tree.iter("reportingOwnerAddress"):
            def text(tag: str, address: ET.Element = address) -> str | None:
                return (address.findtext(tag) or "").strip() or None
            seen.add((text("rptOwnerStreet1"), text("rptOwnerStreet2"), text("rptOwnerCity"),
                       text("rptOwnerState"), text("rptOwnerZipCode"), text("rptOwnerStateDescription")))
    assert len(seen) > 300
    wrong = []
    for street1, street2, city, state, zip_code, description in sorted(seen, key=str):
        if not city or not state:
            continue  # no city line to print
        printed_city = city.rstrip(",").strip()
        city_line = f"{printed_city}, {state} {zip_code or ''}".strip()
        lines = [x for x in (street1, street2, city_line, description) if x]
        got = form.parse_address(lines)
        country = None if (description or "").upper() in ("", "UNITED STATES") else description
        # A filing that leaves street1 blank prints its one street line first.
        streets = [x for x in (street1, street2) if x] + [None, None]
        street1, street2 = streets[0], streets[1]
        if (got.street1, got.street2, got.city, got.state, got.zip_code, got.country) != \
                (street1, street2, printed_city, state, zip_code, country):
            wrong.append((lines, got))
    assert not wrong, f"{len(wrong)} of {len(seen)} corpus addresses misread, e.g. {wrong[:3]}"


@pytest.mark.parametrize(("text", "value", "mark", "dollar", "footnotes"), [
    ("643", Decimal("643"), None, False, ()),
    ("(A) 643", Decimal("643"), "A", False, ()),
    ("643 (D)", Decimal("643"), "D", False, ()),
    ("(A)643(1)", Decimal("643"), "A", False, ("F1",)),
    ("1,234,567", Decimal("1234567"), None, False, ()),
    ("$12.50", Decimal("12.50"), None, True, ()),
    ("$0 (2)(3)", Decimal("0"), None, True, ("F2", "F3")),
])
def test_amount_parser_reads_the_mark_the_dollar_and_the_footnotes(text: str, value: Decimal, mark: str | None,
                                                                    dollar: bool, footnotes: tuple[str, ...]) -> None:
    assert form.parse_amount(text) == form.Amount(value, mark, dollar, footnotes)


@pytest.mark.parametrize("text", ["", "(A)", "12,34", "1.2.3", "See footnote", "$"])
def test_amount_parser_refuses_what_is_not_one_amount(text: str) -> None:
    assert form.parse_amount(text) is None


@pytest.mark.parametrize(("text", "day"), [
    ("05/13/2024", datetime.date(2024, 5, 13)), ("5/13/2024", datetime.date(2024, 5, 13)),
    ("9/6/22", datetime.date(2022, 9, 6)), ("02/30/2024", None), ("13/01/2024", None), ("2024-05-13", None),
])
def test_date_parser_reads_the_forms_month_day_year(text: str, day: datetime.date | None) -> None:
    assert form.parse_date(text) == day


def test_footnote_marks_come_off_the_end_of_a_value() -> None:
    assert form.footnote_marks("Common Stock(1)(12)") == ("Common Stock", ("F1", "F12"))
    assert form.footnote_marks("Class (A)") == ("Class (A)", ())


def test_name_parser_drops_the_captions_and_knows_a_company() -> None:
    assert form.parse_name("GRIFFIN MICHAEL D  (Last) (First) (Middle)") == form.Name("GRIFFIN MICHAEL D", False)
    assert form.parse_name("KHOSLA VENTURES SEED B, L.P.") == form.Name("KHOSLA VENTURES SEED B, L.P.", True)
    assert form.parse_name(" (Last) (First) ") is None


def test_relationship_captions_are_found_when_set_together() -> None:
    text = "Director10% OwnerOfficerOther"
    found = form.relationship_captions(text)
    assert [(c, f) for c, f, _ in found] == list(form.RELATIONSHIP_CAPTIONS)
    assert [text[a:b] for _, _, (a, b) in found] == ["Director", "10% Owner", "Officer", "Other"]


def test_accession_number_is_found_in_a_title_or_file_name() -> None:
    assert form.accession_number("0000950170-24-058623") == "0000950170-24-058623"
    assert form.accession_number("0000950170-24-058623_F4_RKLB_unknown_4ecb70c1.pdf") == "0000950170-24-058623"
    assert form.accession_number("10000950170-24-058623") is None
    assert form.accession_number("Form 4 filed on 2024-05-13") is None


@pytest.mark.parametrize(("lines", "city", "zip_code", "country"), [
    # Owners abroad whose state place EDGAR left blank, printed city and postal code above the country (corpus
    # XML: WQGA's sponsor in the Cayman Islands, BGRY's Jersey partnership).
    (["PO BOX 309, UGLAND HOUSE", "GRAND CAYMAN KY1-1104", "CAYMAN ISLANDS"], "GRAND CAYMAN", "KY1-1104",
     "CAYMAN ISLANDS"),
    (["47 ESPLANADE", "ST. HELIER, JE1 0BD", "JERSEY"], "ST. HELIER", "JE1 0BD", "JERSEY"),
])
def test_an_address_abroad_with_the_state_left_out_keeps_city_postal_code_and_country(
        lines: list[str], city: str, zip_code: str, country: str) -> None:
    address = form.parse_address(lines)
    assert (address.street1, address.city, address.state, address.zip_code, address.country) == (
        lines[0], city, None, zip_code, country)


@pytest.mark.parametrize("line", ["PO BOX 309", "SUITE 100", "NEW YORK, NY 10022", "LONDON"])
def test_a_line_without_a_postal_code_of_letters_and_digits_is_no_city_line_abroad(line: str) -> None:
    assert form.foreign_city_line(line) is None


@pytest.mark.parametrize(("text", "city", "state", "zip_code"), [
    # The words after an owner's street in a Reporting Owners cell (the corpus's XML: the WQGA and BGRY owners).
    ("GRAND CAYAMN KY1-1104", "GRAND CAYAMN", None, "KY1-1104"),
    ("GRAND CAYAMN E9 KY1-1104", "GRAND CAYAMN", "E9", "KY1-1104"),
    ("SAN FRANCISCO 94129", "SAN FRANCISCO", None, "94129"),
    ("LONDON X0 W1J 7BU", "LONDON", "X0", "W1J 7BU"),
])
def test_a_place_after_a_known_street_reads_abroad_with_the_state_left_out(text: str, city: str, state: str | None,
                                                                          zip_code: str) -> None:
    parsed = form.parse_place_after_street(text)
    assert parsed is not None and parsed.texts(text) == {"city": city, "state": state, "zip_code": zip_code}


def test_a_cell_ending_abroad_gives_city_and_postal_code_but_a_suite_number_is_no_postal_code() -> None:
    cell = "SVF II Aggregator (Jersey) L.P. CRESTBRIDGE LIMITED 47 ESPLANADE ST. HELIER JE1 0BD"
    parsed = form.parse_place_at_end(cell)
    assert parsed is not None and parsed.texts(cell)["zip_code"] == "JE1 0BD" and parsed.state is None
    assert form.parse_place_at_end("SMITH JOHN 100 MAIN STREET UNIT 4B") is None
    assert form.parse_place_at_end("KY1-1104") is None


def test_an_address_part_set_on_a_line_of_its_own_after_the_city() -> None:
    # EDGAR's page sets "NEW YORK" / "NY" / "10001" / "UNITED STATES" a line each; the state's code and the ZIP or
    # postal code are known by themselves, a name or a street is not.
    assert all(form.address_part_line(t) for t in ("NY", "CA,", "10001", "94025-1234", "SW1A 1AA", "M5V 3L9"))
    assert not any(form.address_part_line(t) for t in ("KKR Group Co. Inc.", "30 HUDSON YARDS", "UNITED STATES",
                                                        "NEW YORK", "2128 SAND HILL ROAD", ""))


def test_a_line_that_can_open_an_address() -> None:
    # After a country line, the next owner begins with a name then a street; a street has a number or opens with
    # "C/O", a post office box or "ATTN" (KKR's "C/O KKR & CO. INC.").
    assert all(form.street_line(t) for t in ("30 HUDSON YARDS", "C/O KKR & CO. INC.", "P.O. BOX 12", "ATTN: LEGAL"))
    assert not any(form.street_line(t) for t in ("ROBERTS GEORGE R", "UNITED STATES", "KKR Group Co. Inc."))
