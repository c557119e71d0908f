"""`form4viewer export --format xml`: one EDGAR ownership document per saved filing, with its corrections, checked
against the SEC's schemas shipped in resources/schema."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from owner_country import with_country_moved

from form4viewer import read
from form4viewer.cli import main
from form4viewer.edgar_xml import shipped_schemas, validate
from form4viewer.export import filing_key
from form4viewer.model import Filing
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


# --------------------------------------------------------------------------------------------------------------
# Every corpus XML through import and export --format xml


def _values(filing: Filing) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every value of the filing with its type and footnote ids, and the footnote ids in order (the sources of the
    two readings differ; the accession number and filing date are not in a bare document)."""
    # repr keeps a Decimal's exponent: 0.50 and 0.5 are equal numbers but not the same value as filed.
    values = [(path, repr(value.value), value.footnotes) for path, value in filing.values()
              if path not in ("accession_number", "filing_date")]  # fmt: skip
    return [*values, ("footnote ids", repr(tuple(n.id for n in filing.footnotes)), ())]


def test_every_corpus_xml_imported_and_exported_reads_back_the_same_and_validates(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted((corpus / "xml").glob("*.xml"))
    db = tmp_path / "f.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(corpus / "xml")]) == 0
    # A file that is a second source of a filing saved from another file is kept with it, not written on its own.
    second = {line.split(": second source of ")[0] for line in "\n".join(capsys.readouterr()).splitlines()
              if ": second source of " in line}
    status = main(["export", "--db", str(db), "--format", "xml", "--out", str(tmp_path / "out")])
    _, err = capsys.readouterr()
    named = {line.split(".xml is not valid EDGAR XML yet: ")[0].removeprefix("form4viewer: "): line
             for line in err.splitlines() if ".xml is not valid EDGAR XML yet: " in line}  # fmt: skip
    assert status == (1 if named else 0)
    schemas = shipped_schemas()
    differ, valid, invalid_unnamed = [], 0, []
    for path in files:
        if str(path) in second:
            continue
        filing = read(path)
        key = filing_key(filing)
        written = (tmp_path / "out" / f"{key}.xml").read_bytes()
        back = read_bytes(written, path.name)
        filing = with_country_moved(filing)  # a country's code filed in rptOwnerState is written in rptOwnerCountry
        # A Form 4 or 5 filed before the 10b5-1 box existed is written with the box unticked: the one value added.
        added = {"aff10b5_one"} if filing.aff10b5_one.value is None and back.aff10b5_one.value is False else set()
        if [v for v in _values(filing) if v[0] not in added] != [v for v in _values(back) if v[0] not in added]:
            differ.append(path.name)
        errors = validate(written, str(filing.form.value), schemas)
        if not errors:
            valid += 1
            assert key not in named, path.name
        elif key not in named:
            invalid_unnamed.append(path.name)
    assert differ == []
    assert invalid_unnamed == []
    # Every one written is valid, also the 14 whose owner abroad has EDGAR's country code in rptOwnerState (written
    # in rptOwnerCountry).
    assert len(files) == 935 and len(second) == 5 and valid == 930
    assert named == {}


@pytest.mark.parametrize(
    ("sample", "form", "missing", "filled"),
    [
        pytest.param(
            "microsoft-form4-2024.pdf", "4", ["Issuer CIK (issuer.cik)", "CIK (reporting_owners[0].cik)"],
            {"issuer.cik": "0000789019", "reporting_owners[0].cik": "0001234567"},
            id="pdf printout",
        ),
        pytest.param(
            "qualys-form4-2013.txt", "4",
            ["Issuer CIK (issuer.cik)", "Amount in Table I transactions, row 1 (non_derivative_transactions[0].shares)"],
            {
                "aff10b5_one": False,
                "issuer.cik": "0001107843",
                "reporting_owners[0].cik": "0001234567",
                "non_derivative_transactions[0].shares": Decimal("10000"),
                "non_derivative_transactions[1].shares": Decimal("10000"),
                "derivative_transactions[0].acquired_disposed": "D",
                "derivative_transactions[0].price_per_share": Decimal("0"),
                "derivative_transactions[0].direct_or_indirect": "D",
                "derivative_transactions[0].shares_owned_following": Decimal("0"),
            },
            id="seed text printout",
        ),
    ],
)  # fmt: skip
def test_a_printout_is_named_with_what_it_lacks_and_validates_once_a_person_fills_it_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample: str, form: str, missing: list[str],
    filled: dict[str, object],
) -> None:  # fmt: skip
    db = tmp_path / "f.sqlite"
    assert main(["import", "--db", str(db), str(SAMPLES / sample)]) == 0
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--format", "xml", "--out", str(tmp_path / "as-read")]) == 1
    _, err = capsys.readouterr()
    assert "not valid EDGAR XML yet" in err and all(what in err for what in missing), err
    with Store.open(db) as store:
        (filing_id,) = store.ids()
        filing = store.load(filing_id)
        for path, value in filled.items():
            filing = filing.replace_at(path, filing.get(path).corrected_to(value))
        store.save(filing, filing_id=filing_id, expected_version=store.version(filing_id))
    assert main(["export", "--db", str(db), "--format", "xml", "--out", str(tmp_path / "corrected")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "each valid against the SEC's schema" in out
    (written,) = (tmp_path / "corrected").iterdir()
    assert written.name == f"{filing_key(filing)}.xml"
    assert validate(written.read_bytes(), form, shipped_schemas()) == []
    back = read_bytes(written.read_bytes(), "back.xml")
    for path, value in filled.items():
        assert back.get(path).value == value, path
    # the values read off the printout are all there too (a printout shows no form type or swap column: the
    # form's number and "no swap" are written for them)
    implied = ("transaction_form_type", "equity_swap_involved")
    assert [v for v in _values(back) if not v[0].endswith(implied)] == [
        v for v in _values(filing) if not v[0].endswith(implied)
    ]


def test_the_folder_to_write_into_is_also_given_as_o(tmp_path: Path) -> None:
    # As sqlite-utils, csvkit and most tools spell an output: -o is --out.
    db = tmp_path / "f.sqlite"
    assert main(["import", "--db", str(db), str(SAMPLES / "tesla-form4-2023.xml")]) == 0
    assert main(["export", "--db", str(db), "--format", "xml", "-o", str(tmp_path / "xml")]) == 0
    written = list((tmp_path / "xml").glob("*.xml"))
    assert len(written) == 1 and written[0].name.startswith("F4V-")  # a bare XML is keyed by its content
    assert read(written[0]).issuer.name.value == "Tesla, Inc."
