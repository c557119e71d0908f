"""`form4viewer export --format xml`: one EDGAR ownership document per saved filing, with its corrections, checked
against the SEC's schemas shipped in resources/schema."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from form4viewer import read
from form4viewer.cli import main
from form4viewer.edgar_xml import shipped_schemas, validate
from form4viewer.export import filing_key
from form4viewer.readers import read_bytes
from form4viewer.store import Store

SAMPLES = Path(__file__).parents[1] / "resources" / "samples"


def test_every_saved_filing_is_written_as_edgar_xml_and_the_incomplete_ones_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("tesla-form4-2023.xml", "qualys-form4-2013.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    db = tmp_path / "f.sqlite"
    assert main(["import", "--db", str(db), str(folder)]) == 0
    with Store.open(db) as store:
        tesla_id = next(i for i, f in store.iter_filings() if f.issuer.name.value == "Tesla, Inc.")
        tesla = store.load(tesla_id)
        # a person's correction is what the document holds
        path = "non_derivative_transactions[1].shares"
        corrected = tesla.replace_at(path, tesla.get(path).corrected_to(Decimal("5251")))
        store.save(corrected, filing_id=tesla_id, expected_version=store.version(tesla_id))
    capsys.readouterr()
    status = main(["export", "--db", str(db), "--format", "xml", "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert status == 1  # the seed printout lost values a valid document needs
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(written) == 2 and "2 filings" in out and "1 not valid yet" in out
    tesla_xml = (tmp_path / "out" / f"{filing_key(corrected)}.xml").read_bytes()
    assert validate(tesla_xml, "4", shipped_schemas()) == []
    shares = etree.fromstring(tesla_xml).findall(".//nonDerivativeTransaction/transactionAmounts/transactionShares/value")
    assert [s.text for s in shares] == ["5250", "5251"]
    assert read_bytes(tesla_xml, "back.xml").get(path).value == Decimal("5251")
    seed_key = filing_key(read(SAMPLES / "qualys-form4-2013.txt"))
    (line,) = [x for x in err.splitlines() if seed_key in x]
    assert "not valid EDGAR XML yet" in line and "Issuer CIK (issuer.cik)" in line
    assert "Amount in Table I transactions, row 1 (non_derivative_transactions[0].shares)" in line


def test_the_shipped_schemas_are_the_secs_for_every_form() -> None:
    folder = shipped_schemas()
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"ownership{n}Document.xsd.xml" for n in ("3", "3A", "4", "4A", "5", "5A")]
                           + ["ownershipDocumentCommon.xsd.xml"])
    tesla = (SAMPLES / "tesla-form4-2023.xml").read_bytes()
    # the filed document itself (X0306, before the 10b5-1 box) is not valid against today's schema; ours is
    assert validate(tesla, "4", folder)
