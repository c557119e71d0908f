"""The 17,949 full-submission Form 4 files of 2023 import into one SQLite file and export with every row.

The expected counts come from an independent walk of each submission's embedded XML with lxml, not from the
readers. Slow (about two minutes on two cores): marked `slow`, and part of the suite.
"""

from __future__ import annotations

import csv
import re
import tarfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from form4viewer.checks import check
from form4viewer.export import SEC_TABLES, TRANSACTIONS_CSV, render, write_rendered
from form4viewer.importer import import_paths, map_filings
from form4viewer.readers import read
from form4viewer.store import Store

ARCHIVE = "bulk/form4-full-submissions-2023q1-q3.tar.xz"
FILINGS = 17_949

#: Which element of the ownership XML makes one line of which SEC table.
ELEMENT_TABLE = {
    "ownershipDocument": "SUBMISSION.csv",
    "reportingOwner": "REPORTINGOWNER.csv",
    "nonDerivativeTransaction": "NONDERIV_TRANS.csv",
    "nonDerivativeHolding": "NONDERIV_HOLDING.csv",
    "derivativeTransaction": "DERIV_TRANS.csv",
    "derivativeHolding": "DERIV_HOLDING.csv",
    "footnote": "FOOTNOTES.csv",
    "ownerSignature": "OWNER_SIGNATURE.csv",
}
_XML_BLOCK = re.compile(rb"<XML>\s*(.*?)\s*</XML>", re.DOTALL)


def expected_rows(files: list[Path]) -> Counter[str]:
    """Lines each SEC table should have, counted from the elements of every file's embedded XML."""
    counts: Counter[str] = Counter()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    for path in files:
        block = _XML_BLOCK.search(path.read_bytes())
        assert block, f"{path.name} has no <XML> block"
        root = etree.fromstring(block.group(1), parser)
        for element in root.iter():
            if isinstance(element.tag, str):
                table = ELEMENT_TABLE.get(etree.QName(element).localname)
                if table:
                    counts[table] += 1
    return counts


def lines_in(path: Path) -> int:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


@pytest.mark.slow
@pytest.mark.corpus
def test_the_bulk_quarter_imports_into_one_file_and_exports_every_row(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("bulk")
    with tarfile.open(corpus / ARCHIVE) as archive:
        archive.extractall(folder, filter="data")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(files) == FILINGS
    expected = expected_rows(files)
    assert expected["SUBMISSION.csv"] == FILINGS

    db = tmp_path_factory.mktemp("db") / "bulk.sqlite"
    with Store.open(db) as store:
        outcomes = import_paths(store, [folder])
        failed = [o.message for o in outcomes if o.status != "read"]
        assert failed == []
        assert store.count() == FILINGS
        # A sample loads back exactly as read, with the checks' problems and the source's bytes.
        for outcome in outcomes[::40]:
            path = Path(outcome.path)
            filing_id = outcome.filing_id or 0
            assert store.load(filing_id) == read(path), path.name
            problems = [(p.rule, p.severity, p.path, p.message) for p in check(read(path))]
            assert [(p.rule, p.severity, p.path, p.message) for p in store.problems(filing_id)] == problems
            assert store.source_bytes(filing_id) == path.read_bytes()

        out = tmp_path_factory.mktemp("csv")
        counts = write_rendered(out, (lines for _, lines in map_filings(store, render)))

    for name in SEC_TABLES:
        assert (name, counts[name]) == (name, expected[name])
        assert (name, lines_in(out / name)) == (name, expected[name])
    table_rows = sum(expected[name] for name in ("NONDERIV_TRANS.csv", "NONDERIV_HOLDING.csv", "DERIV_TRANS.csv",
                                                 "DERIV_HOLDING.csv"))  # fmt: skip
    assert counts[TRANSACTIONS_CSV] == lines_in(out / TRANSACTIONS_CSV) == table_rows

    # Every filing is exported under the accession number its full submission gave (the file names start with it).
    with open(out / "SUBMISSION.csv", newline="", encoding="utf-8-sig") as fh:
        accessions = sorted(row["ACCESSION_NUMBER"] for row in csv.DictReader(fh))
    assert accessions == sorted(p.name.split("_")[0] for p in files)


# --------------------------------------------------------------------------------------------------------------
# An import in bulk writes what saving the files one by one writes


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in store.db.execute(sql)]


def test_a_bulk_import_writes_exactly_what_saving_file_by_file_writes(data: Path, tmp_path: Path) -> None:
    from form4viewer.sec_tables import COLUMNS

    files = sorted((data / "ownership").glob("*.xml")) + [
        data / "store" / "lnkd-form4-2012-two-owners.xml", data / "store" / "unity-form3-2020-holdings.xml",
        data / "submissions" / "lrcx-form4a.txt", data / "submissions" / "dkng-form4-10b5-1.txt"]  # fmt: skip
    with Store.open(tmp_path / "bulk.sqlite") as bulk, Store.open(tmp_path / "one-by-one.sqlite") as single:
        # Worker processes, batches of four: the import's own path for many files.
        outcomes = import_paths(bulk, files, jobs=2, batch=4, second_source="keep")
        saved = [Path(o.path) for o in outcomes if o.status == "read"]
        assert len(saved) >= 12, outcomes
        for path in saved:
            filing = read(path)
            single.save(filing, path.read_bytes(), problems=check(filing))
        stamps = ("created", "updated")
        columns = [c for c in bulk.db["filings"].columns_dict if c not in stamps]
        for sql in (
            f"SELECT {', '.join(columns)} FROM filings ORDER BY id",
            "SELECT filing_id, data FROM sources ORDER BY filing_id",
            "SELECT filing_id, rule, severity, path, message FROM problems ORDER BY id",
            "SELECT * FROM corrections",
            *(f"SELECT * FROM {table} ORDER BY rowid" for table in COLUMNS),
        ):
            assert _rows(bulk, sql) == _rows(single, sql), sql
        assert sum(len(_rows(bulk, f"SELECT * FROM {table}")) for table in COLUMNS) > 100
        # The full-text indexes hold what their tables hold (SQLite's own check), and answer alike.
        for store in (bulk, single):
            for table in ("SUBMISSION_fts", "REPORTINGOWNER_fts", "FOOTNOTES_fts"):
                store.db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        for table, words in (("SUBMISSION_fts", ("tesla", "linkedin", "mongodb")),
                             ("REPORTINGOWNER_fts", ("botha", "musk", "hoffman")),
                             ("FOOTNOTES_fts", ("weighted average", "trust", "exercisable"))):  # fmt: skip
            for word in words:
                sql = f"SELECT rowid FROM {table} WHERE {table} MATCH '\"{word}\"' ORDER BY rowid"
                assert _rows(bulk, sql) == _rows(single, sql), (table, word)
                assert _rows(bulk, sql), (table, word)  # each word is in one of the files
