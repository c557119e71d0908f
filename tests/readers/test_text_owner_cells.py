"""The text reader on Reporting Owners tables whose cells run each owner's name and address together on one line,
where the words alone do not say where the name ends: what the filing prints elsewhere tells it (owner 1's address
in box 1, the name in a signature or footnote, another owner's cell with the same street).

The samples are conversions of corpus filings in the seed's style (see tests/data/README.md); the truth is the
filing's XML, with the owners' places varied as test_pdf_unseen_layouts varies them (the state left out, an owner
in London).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from form4viewer.readers.text import read_text

DATA = Path(__file__).parents[1] / "data" / "text"


def _owners(name: str) -> list[dict[str, str | None]]:
    filing = read_text((DATA / name).read_bytes(), name)
    return [{k: getattr(o, k).value for k in ("name", "street1", "street2", "city", "state", "zip_code")}
            for o in filing.reporting_owners]


def test_a_company_named_in_a_signature_ends_where_its_address_begins() -> None:
    owners = _owners("svf-form4-2023-owners-run-together.txt")
    assert len(owners) == 5
    # Signed "SVF II Aggregator (Jersey) L.P., By: /s/ ...": the name ends there, though "CRESTBRIDGE LIMITED"
    # ends with a company's suffix too; it is the company the mail goes through, street 1.
    assert owners[1] == {"name": "SVF II Aggregator (Jersey) L.P.", "street1": "CRESTBRIDGE LIMITED",
                         "street2": "47 ESPLANADE", "city": "ST. HELIER", "state": None, "zip_code": "JE1 0BD"}
    # The next owner runs the same street to another place: "ST." of the first is the city's, not the street's.
    assert owners[2] == {"name": "SOFTBANK VISION FUND II-2 L.P.", "street1": "CRESTBRIDGE LIMITED",
                         "street2": "47 ESPLANADE", "city": "LONDON", "state": "X0", "zip_code": "W1J 7BU"}
    assert owners[3]["name"] == "SB Global Advisers Ltd" and owners[3]["street1"] == "69 GROSVENOR STREET"


@pytest.mark.parametrize(("index", "name", "city", "state", "zip_code"), [
    (2, "Harry Serge", "GRAND CAYAMN", None, "KY1-1104"),  # the state left out (the filing spells CAYAMN so)
    (3, "Brogard Michel", "LONDON", "X0", "W1J 7BU"),
    (4, "Shagoury Antoine", "GRAND CAYAMN", "E9", "KY1-1104"),
])
def test_owner_1s_street_in_a_cell_gives_the_name_before_it_whatever_place_follows(
        index: int, name: str, city: str, state: str | None, zip_code: str) -> None:
    owners = _owners("wqga-form4-2023-owners-run-together-pipes.txt")
    assert len(owners) == 8
    assert owners[index] == {"name": name, "street1": "C/O WORLD QUANTUM GROWTH ACQUISITION",
                             "street2": "CORP., PO BOX 309, UGLAND HOUSE", "city": city, "state": state,
                             "zip_code": zip_code}
