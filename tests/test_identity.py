"""A filing's identity by content (form4viewer.identity): the same for the XML and the printout of one filing, different
as soon as something that makes it another filing differs; the store keeps it indexed and finds a second source by
it when the keys differ (an XML without its accession number and the PDF of the same filing)."""

from __future__ import annotations

import dataclasses
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
import sqlite_utils

from form4viewer.export import CONTENT_KEY_PREFIX, content_key, filing_key
from form4viewer.identity import PREFIX, content, fingerprint, issuer_name, owner_name
from form4viewer.importer import import_paths
from form4viewer.model import Filing, Value
from form4viewer.readers import read, read_bytes
from form4viewer.store import MIGRATIONS, SCHEMA_VERSION, Store, filing_json, summary_columns

SECOND = Path(__file__).parent / "data" / "second_source"
XML = SECOND / "0000769397-23-000114_autodesk-form4.xml"
PDF = SECOND / "0000769397-23-000114_autodesk-form4.pdf"
LNKD = Path(__file__).parent / "data" / "store" / "lnkd-form4-2012-two-owners.xml"


def xml_without_accession() -> Filing:
    """The Autodesk XML as held under a name without its accession number (nothing else in it gives one)."""
    return read_bytes(XML.read_bytes(), "autodesk-pearce.xml")


@pytest.fixture(scope="module")
def pdf() -> Filing:
    return read(PDF)


@pytest.fixture
def store() -> Store:
    return Store(sqlite_utils.Database(memory=True))


def with_row_value(filing: Filing, field: str, value: object) -> Filing:
    (row,) = filing.non_derivative_transactions
    changed = dataclasses.replace(row, **{field: dataclasses.replace(getattr(row, field), value=value)})
    return dataclasses.replace(filing, non_derivative_transactions=(changed,))


# --------------------------------------------------------------------------------------------------------------
# What counts


def test_names_compare_without_case_punctuation_company_form_or_word_order() -> None:
    assert issuer_name("ROCKET LAB USA, INC.") == issuer_name("Rocket Lab USA Inc") == "rocket lab usa"
    assert issuer_name("Autodesk, Inc.") == "autodesk"
    assert issuer_name("AT&T Inc.") == issuer_name("AT and T INC") == "at and t"
    assert issuer_name("Khosla Ventures Seed B, L.P.") == "khosla ventures seed b"
    assert owner_name("GRIFFIN MICHAEL D") == owner_name("Michael D. Griffin") == "d griffin michael"
    assert owner_name("Pearce Rebecca") == owner_name("Rebecca Pearce")
    assert owner_name("Müller Jörg") == owner_name("MULLER JORG")
    assert owner_name("Griffin Michael") != owner_name("Griffin Michael D")


def test_the_autodesk_xml_describes_its_filing_as_a_person_reads_it() -> None:
    assert content(xml_without_accession()) == {
        "form": "4",
        "period": "2023-06-15",
        "issuer": "autodesk",
        "owners": ["pearce rebecca"],
        # table, date, code, shares, price, A/D, owned after, D/I, exercise price, underlying (Table II only)
        "rows": [["non_derivative_transactions", "2023-06-15", "S", "1252", "220", "D", "23074", "D", None, None]],
    }


def test_the_pdf_printout_and_the_xml_of_one_filing_have_one_fingerprint_but_not_one_key(pdf: Filing) -> None:
    xml = xml_without_accession()
    # The printout lacks the CIKs and what EDGAR's page does not print, so every value's hash differs.
    assert content_key(xml) != content_key(pdf)
    assert filing_key(xml).startswith(CONTENT_KEY_PREFIX)
    assert fingerprint(xml) == fingerprint(pdf)
    assert fingerprint(xml) is not None and fingerprint(xml).startswith(PREFIX)  # type: ignore[union-attr]


def test_what_makes_another_filing_changes_the_fingerprint() -> None:
    xml = xml_without_accession()
    same = fingerprint(xml)
    others = [
        dataclasses.replace(xml, form=Value("4/A")),  # an amendment is not its original
        dataclasses.replace(xml, period_of_report=Value(xml.period_of_report.value.replace(day=16))),
        dataclasses.replace(xml, issuer=dataclasses.replace(xml.issuer, name=Value("Autodesk Holdings, Inc."))),
        dataclasses.replace(xml, reporting_owners=(
            dataclasses.replace(xml.reporting_owners[0], name=Value("Pearce Robert")),)),
        with_row_value(xml, "shares", Decimal(1253)),
        with_row_value(xml, "price_per_share", Decimal("220.01")),
        with_row_value(xml, "transaction_code", "M"),
        with_row_value(xml, "acquired_disposed", "A"),
        with_row_value(xml, "shares_owned_following", Decimal(23075)),
        dataclasses.replace(xml, non_derivative_transactions=()),
        dataclasses.replace(xml, non_derivative_transactions=xml.non_derivative_transactions * 2),
    ]
    found = [fingerprint(other) for other in others]
    assert same not in found and len(set(found)) == len(found)


def test_what_a_printout_may_show_otherwise_leaves_the_fingerprint_alone() -> None:
    xml = xml_without_accession()
    owner = xml.reporting_owners[0]
    alike = [
        dataclasses.replace(xml, remarks=Value("See the attached power of attorney")),
        dataclasses.replace(xml, issuer=dataclasses.replace(xml.issuer, cik=Value(None), name=Value("AUTODESK INC"))),
        dataclasses.replace(xml, reporting_owners=(dataclasses.replace(owner, cik=Value(None),
                                                                        name=Value("Rebecca Pearce")),)),
        with_row_value(xml, "shares", Decimal("1252.00")),
        with_row_value(xml, "security_title", "Common Stock, par value $0.01"),
        dataclasses.replace(xml, footnotes=()),
        dataclasses.replace(xml, signatures=()),
    ]
    assert {fingerprint(one) for one in alike} == {fingerprint(xml)}


def test_the_order_of_the_rows_and_owners_does_not_count() -> None:
    filing = read(LNKD)
    assert len(filing.reporting_owners) == 2 and len(filing.non_derivative_transactions) == 4
    turned = dataclasses.replace(
        filing,
        reporting_owners=filing.reporting_owners[::-1],
        non_derivative_transactions=filing.non_derivative_transactions[::-1],
    )
    assert fingerprint(turned) == fingerprint(filing)


def test_a_filing_too_empty_to_tell_apart_has_no_fingerprint() -> None:
    xml = xml_without_accession()
    assert fingerprint(dataclasses.replace(xml, reporting_owners=())) is None
    assert fingerprint(dataclasses.replace(xml, period_of_report=Value(None))) is None
    assert fingerprint(dataclasses.replace(xml, form=Value(None))) is None
    assert fingerprint(dataclasses.replace(xml, issuer=dataclasses.replace(xml.issuer, name=Value(None)))) is None
    assert fingerprint(Filing()) is None


# --------------------------------------------------------------------------------------------------------------
# The store


def test_the_pdf_of_an_xml_saved_without_its_accession_number_is_found_by_its_content(
    store: Store, pdf: Filing
) -> None:
    xml = xml_without_accession()
    saved = store.save(xml, XML.read_bytes()).filing_id
    assert store.same_filing(pdf) == saved
    assert store.key_of(saved) == filing_key(xml)
    # The other way round: the PDF saved first, then the XML.
    other = Store(sqlite_utils.Database(memory=True))
    first = other.save(pdf, PDF.read_bytes()).filing_id
    assert other.same_filing(xml) == first
    # The very bytes saved are the same file, not a second source.
    assert store.same_filing(xml) is None


def test_content_is_not_enough_when_cik_or_accession_numbers_differ(store: Store, pdf: Filing) -> None:
    xml = xml_without_accession()
    saved = store.save(xml, XML.read_bytes()).filing_id
    issuer = dataclasses.replace(pdf.issuer, cik=Value("0000000001"))
    assert store.same_filing(dataclasses.replace(pdf, issuer=issuer)) is None
    owner = dataclasses.replace(pdf.reporting_owners[0], cik=Value("0000000002"))
    assert store.same_filing(dataclasses.replace(pdf, reporting_owners=(owner,))) is None
    # CIKs given by one file only do not count: the XML's own, with the printout that has none.
    assert xml.issuer.cik.value and store.same_filing(pdf) == saved
    # Two accession numbers are two submissions, whatever they hold.
    other = Store(sqlite_utils.Database(memory=True))
    other.save(dataclasses.replace(xml, accession_number=Value("0000769397-23-000999")), XML.read_bytes())
    assert filing_key(pdf) == "0000769397-23-000114" and other.same_filing(pdf) is None


def test_a_corrected_filing_is_found_by_its_content_as_it_stands(store: Store, pdf: Filing) -> None:
    xml = xml_without_accession()
    saved = store.save(xml, XML.read_bytes()).filing_id
    wrong = with_row_value(pdf, "shares", Decimal(1258))  # a printout's figure read wrong
    assert store.same_filing(wrong) is None
    store.save(with_row_value(store.load(saved), "shares", Decimal(1258)), filing_id=saved)
    assert store.same_filing(wrong) == saved
    assert store.db.execute("SELECT fingerprint FROM filings").fetchall() == [(fingerprint(wrong),)]


def test_import_attaches_the_pdf_to_the_xml_saved_without_its_accession_number_in_either_order(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    xml, pdf = folder / "autodesk-pearce.xml", folder / PDF.name
    xml.write_bytes(XML.read_bytes())
    pdf.write_bytes(PDF.read_bytes())
    for order in ([xml, pdf], [pdf, xml]):
        with Store.open(tmp_path / f"{order[0].suffix[1:]}-first.sqlite") as store:
            outcomes = import_paths(store, order, jobs=1)
            assert [(o.status, o.filing_id, o.second_source) for o in outcomes] == [
                ("read", 1, None), ("attached", 1, 1)]
            assert outcomes[1].message == (
                f"{order[1]}: second source of {store.key_of(1)} (saved from {order[0]}): attached")
            assert store.count() == 1 and [s.name for s in store.sources(1)] == [str(order[1])]
        with Store.open(tmp_path / f"{order[0].suffix[1:]}-kept.sqlite") as store:
            outcomes = import_paths(store, order, jobs=1, second_source="keep")
            assert [(o.status, o.filing_id, o.second_source) for o in outcomes] == [("read", 1, None), ("read", 2, 1)]
            assert outcomes[1].message.endswith(": kept") and store.count() == 2


def test_a_database_of_schema_3_gets_the_fingerprints_of_its_filings(tmp_path: Path, pdf: Filing) -> None:
    path = tmp_path / "schema3.sqlite"
    xml = xml_without_accession()
    conn = sqlite3.connect(path)
    for number in range(3):
        conn.executescript(MIGRATIONS[number])
    record = {"sha256": "ab" * 32, "source_name": "autodesk-pearce.xml", "source_kind": "xml",
              "extracted": filing_json(xml), "version": 1, "created": "2024-01-02T03:04:05.000000+00:00",
              "updated": "2024-01-02T03:04:05.000000+00:00", **summary_columns(xml)}
    conn.execute(f"INSERT INTO filings ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
                 tuple(record.values()))
    conn.execute("INSERT INTO filings (sha256, source_name, source_kind, extracted, version, created, updated) "
                 "VALUES ('cd', 'damaged.xml', 'xml', '{not json', 1, '2024', '2024')")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 4
        rows = store.db.execute("SELECT id, fingerprint FROM filings ORDER BY id").fetchall()
        assert rows == [(1, fingerprint(xml)), (2, None)]  # a damaged row keeps none and the file still opens
        # The SEC tables were there before; the content lookup joins them.
        store.db.execute("INSERT INTO SUBMISSION (ACCESSION_NUMBER, filing_id) VALUES (?, 1)", (filing_key(xml),))
        assert store.same_filing(pdf) == 1
