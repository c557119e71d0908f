"""An owner abroad: the country (rptOwnerCountry) shows beside the state, and a country typed in is what the EDGAR
XML export writes."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from form4viewer.edgar_xml import ownership_xml
from form4viewer.readers import read

from .conftest import open_and_wait

DATA = Path(__file__).resolve().parents[1] / "data"
#: Pilgrim Global ICAV of Dublin, filed in 2023 with Ireland's code L2 in rptOwnerState, and two owners in Reno, NV.
IRISH = DATA / "ownership" / "flme-form4-non-us-address.xml"


def test_an_owner_abroad_shows_its_country_and_a_country_typed_in_is_written(qtbot, window, tmp_path: Path) -> None:
    today = tmp_path / "flme-today.xml"
    today.write_bytes(ownership_xml(read(IRISH)))  # today's form: L2 in rptOwnerCountry
    open_and_wait(qtbot, window, today)
    header = window.filing_pane.header
    assert header.fields["reporting_owners[0].country"].text() == "L2"
    assert header.fields["reporting_owners[0].state"].text() == ""
    assert header.fields["reporting_owners[1].state"].text() == "NV"

    # The second owner moves to London: the state emptied, the country typed key by key.
    header.owner_list.setCurrentIndex(header.owners_model.index(1, 0))
    state = header.fields["reporting_owners[1].state"]
    state.setFocus()
    state.selectAll()
    QTest.keyClick(state, Qt.Key.Key_Delete)
    QTest.keyClick(state, Qt.Key.Key_Tab)
    country = header.fields["reporting_owners[1].country"]
    country.setFocus()
    QTest.keyClicks(country, "X0")
    QTest.keyClick(country, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: window.document.value("reporting_owners[1].country").value == "X0", timeout=3000)
    assert window.document.value("reporting_owners[1].state").value is None

    address = etree.fromstring(ownership_xml(window.document.filing)).xpath("reportingOwner[2]/reportingOwnerAddress")[0]
    assert (address.findtext("rptOwnerCountry"), address.find("rptOwnerState"),
            address.findtext("rptOwnerNonUSAddressFlag")) == ("X0", None, "1")
