"""Exports of two databases, concatenated, never give two filings one key. Each database is made with the command
line from its own files: PDF printouts, a text conversion and EDGAR web pages that carry no accession number
anywhere, bare XML documents renamed so that their names carry none either, and a submission with one in its
header. Both are exported with `export --format sec` and the SEC's files of the two are concatenated, as a person
merging them would. A filing saved in both (the same printout, under two file names) has the same key and the
same rows in both, so that the merged files hold it twice identically rather than two filings under one key.
And within one database, the XML and the PDF printout of one filing, imported one after the other, give that
filing's rows once: the second file is attached to the filing saved from the first."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from form4viewer.cli import main
from form4viewer.sec_format import TABLE_NAMES

ROW_TABLES = ("NONDERIV_TRANS", "NONDERIV_HOLDING", "DERIV_TRANS", "DERIV_HOLDING")

#: Files for the two databases (paths in tests/data), no file in both. The names of the XML documents carry no
#: accession number, and neither do the printouts', the text's or the web pages' contents.
FIRST = [
    "pdf/kscope-msft-jolla-alice-2024.pdf",
    "text/qualys-form4-2013.txt",
    "html/cxai-form4-rendered.html",
    "store/lnkd-form4-2012-two-owners.xml",
]
SECOND = [
    "pdf/kscope-msft-list-teri-2025.pdf",
    "html/scwo-form4-secgov.html",
    "store/unity-form3-2020-holdings.xml",
    "text/productivity-technologies-form4-2000.txt",  # a submission: its header gives the accession number
]
#: One printout saved in both databases, under a different file name in each.
SHARED = "pdf/edgar-print-aapl-adams-2022.pdf"

CONTENT_KEY = re.compile(r"F4V-[0-9a-f]{20}")
ACCESSION = re.compile(r"[0-9]{10}-[0-9]{2}-[0-9]{6}")


def read_tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        lines = list(csv.reader(fh, delimiter="\t"))
    return lines[0], lines[1:]


def build(folder: Path, data: Path, names: list[str], shared_name: str) -> Path:
    """A database made by `import` from copies of the files named (and the shared printout as `shared_name`),
    exported with `export --format sec`; returns the export's folder."""
    files = folder / "files"
    files.mkdir(parents=True)
    for name in names:
        shutil.copy(data / name, files / Path(name).name)
    shutil.copy(data / SHARED, files / shared_name)
    db = folder / "filings.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(files)]) == 0
    assert main(["export", "--db", str(db), "--out", str(folder / "sec"), "--format", "sec"]) == 0
    return folder / "sec"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The two exports and their concatenation (`merged/`: each table's header once, then the first database's
    lines, then the second's)."""
    data = Path(__file__).parent / "data"
    root = tmp_path_factory.mktemp("merged")
    first = build(root / "first", data, FIRST, "adams-printout.pdf")
    second = build(root / "second", data, SECOND, "AAPL form 4 May 2022.pdf")
    merged = root / "merged"
    merged.mkdir()
    for table in TABLE_NAMES:
        head_1, lines_1 = read_tsv(first / f"{table}.tsv")
        head_2, lines_2 = read_tsv(second / f"{table}.tsv")
        assert head_1 == head_2, table
        with open(merged / f"{table}.tsv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, delimiter="\t", lineterminator="\n").writerows([head_1, *lines_1, *lines_2])
    return first, second, merged


def keys(folder: Path) -> list[str]:
    head, lines = read_tsv(folder / "SUBMISSION.tsv")
    at = head.index("ACCESSION_NUMBER")
    return [line[at] for line in lines]


def rows_of(folder: Path, table: str, key: str) -> list[list[str]]:
    head, lines = read_tsv(folder / f"{table}.tsv")
    at = head.index("ACCESSION_NUMBER")
    return [line for line in lines if line[at] == key]


def test_each_database_exports_every_filing_under_a_key_that_is_no_row_id(exports: tuple[Path, Path, Path]) -> None:
    first, second, _ = exports
    for folder, names in ((first, FIRST), (second, SECOND)):
        found = keys(folder)
        assert len(found) == len(names) + 1, found
        assert len(set(found)) == len(found), found
        assert all(CONTENT_KEY.fullmatch(k) or ACCESSION.fullmatch(k) for k in found), found
    # The files without an accession number anywhere are keyed by their content; the submission by its header's.
    assert sum(bool(CONTENT_KEY.fullmatch(k)) for k in keys(first)) == len(FIRST) + 1
    assert "0001094891-00-000193" in keys(second)


def test_the_merged_submissions_share_only_the_key_of_the_filing_saved_in_both(
    exports: tuple[Path, Path, Path],
) -> None:
    first, second, merged = exports
    shared = set(keys(first)) & set(keys(second))
    assert len(shared) == 1, shared
    counts = Counter(keys(merged))
    assert {k for k, n in counts.items() if n > 1} == shared
    assert len(counts) == len(FIRST) + len(SECOND) + 1


def test_the_filing_saved_in_both_has_the_same_key_and_the_same_rows_in_both(
    exports: tuple[Path, Path, Path],
) -> None:
    first, second, _ = exports
    (key,) = set(keys(first)) & set(keys(second))
    issuer = rows_of(first, "SUBMISSION", key)[0]
    assert "Apple Inc." in issuer and "AAPL" in issuer
    for table in TABLE_NAMES:
        assert rows_of(first, table, key) == rows_of(second, table, key), table
    assert rows_of(first, "NONDERIV_TRANS", key), "the shared printout has Table I rows"


@pytest.mark.parametrize("table", ROW_TABLES)
def test_the_merged_row_keys_are_unique_but_for_the_filing_saved_in_both(
    exports: tuple[Path, Path, Path], table: str
) -> None:
    first, second, merged = exports
    (shared,) = set(keys(first)) & set(keys(second))
    head, lines = read_tsv(merged / f"{table}.tsv")
    at, sk = head.index("ACCESSION_NUMBER"), head.index(f"{table}_SK")
    by_sk: dict[str, set[str]] = {}
    for line in lines:
        by_sk.setdefault(line[sk], set()).add(line[at])
    # no _SK is used by two filings; one used twice is a row of the shared filing, written once in each export
    assert all(len(owners) == 1 for owners in by_sk.values()), by_sk
    twice = Counter(line[sk] for line in lines)
    assert all(by_sk[s] == {shared} for s, n in twice.items() if n > 1)
    assert all(n <= 2 for n in twice.values())


def test_the_merged_rows_of_every_table_belong_to_a_filing_of_the_merged_submissions(
    exports: tuple[Path, Path, Path],
) -> None:
    _, _, merged = exports
    known = set(keys(merged))
    written = 0
    for table in TABLE_NAMES[1:]:
        head, lines = read_tsv(merged / f"{table}.tsv")
        at = head.index("ACCESSION_NUMBER")
        assert {line[at] for line in lines} <= known, table
        written += len(lines)
    assert written > 40


# --------------------------------------------------------------------------------------------------------------
# Two sources of one filing in one database

#: EDGAR's page of an Apple Form 4 printed to PDF, and the ownership XML it was made from (tests/data/pdf), under the
#: corpus's names, which carry the filing's accession number.
PRINTOUT = ("pdf/edgar-print-aapl-adams-2022.pdf", "0000320193-22-000061_F4_AAPL_Adams-Katherine-L_fromtxt.pdf")
DOCUMENT = ("pdf/edgar-print-aapl-adams-2022.xml", "0000320193-22-000061_F4_AAPL_Adams-Katherine-L_fromtxt.xml")


@pytest.mark.parametrize("first", [DOCUMENT, PRINTOUT], ids=["xml first", "pdf first"])
def test_the_xml_and_the_pdf_of_one_filing_give_one_filings_rows(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], first: tuple[str, str]
) -> None:
    second = PRINTOUT if first == DOCUMENT else DOCUMENT
    paths = []
    for source, name in (first, second):
        paths.append(tmp_path / name)
        shutil.copy(data / source, paths[-1])
    db = tmp_path / "filings.sqlite"
    for path in paths:  # one after the other, as a person adds the printout of a filing saved earlier
        assert main(["import", "--db", str(db), "--jobs", "1", str(path)]) == 0
    said = capsys.readouterr().out
    assert "second source" in said and "0000320193-22-000061" in said, said
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "sec"), "--format", "sec"]) == 0
    assert keys(tmp_path / "sec") == ["0000320193-22-000061"]
    # the filing's seven Table I rows once (EDGAR's document has seven nonDerivativeTransaction elements)
    rows = rows_of(tmp_path / "sec", "NONDERIV_TRANS", "0000320193-22-000061")
    assert len(rows) == 7
    head, _ = read_tsv(tmp_path / "sec" / "NONDERIV_TRANS.tsv")
    assert len({line[head.index("NONDERIV_TRANS_SK")] for line in rows}) == 7
    assert len(rows_of(tmp_path / "sec", "REPORTINGOWNER", "0000320193-22-000061")) == 1


def test_the_csv_forms_of_the_two_databases_share_no_row_key_either(exports: tuple[Path, Path, Path]) -> None:
    first, second, _ = exports
    (shared,) = set(keys(first)) & set(keys(second))
    found: dict[str, list[dict[str, str]]] = {}
    for folder in (first, second):
        assert main(["export", "--db", str(folder.parent / "filings.sqlite"), "--out", str(folder.parent / "csv")]) == 0
        for table in ROW_TABLES:
            with open(folder.parent / "csv" / f"{table}.csv", newline="", encoding="utf-8-sig") as fh:
                found.setdefault(table, []).extend(csv.DictReader(fh))
    for table in ROW_TABLES:
        by_sk: dict[str, set[str]] = {}
        for line in found[table]:
            by_sk.setdefault(line[f"{table}_SK"], set()).add(line["ACCESSION_NUMBER"])
        assert all(len(owners) == 1 for owners in by_sk.values()), table
        # and they are the SEC form's keys, row for row
        _, sec_lines = read_tsv(first / f"{table}.tsv")
        head, _ = read_tsv(first / f"{table}.tsv")
        sec_keys = {line[head.index(f"{table}_SK")] for line in sec_lines}
        csv_keys = {line[f"{table}_SK"] for line in found[table] if line["ACCESSION_NUMBER"] in keys(first)}
        assert csv_keys == sec_keys, table
    assert any(shared in owners for t in ROW_TABLES for owners in [{x["ACCESSION_NUMBER"] for x in found[t]}])
