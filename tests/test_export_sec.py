"""`export --format sec`: the SEC's Insider Transactions Data Sets files as the SEC writes them, checked against the
SEC's own rows for the same filings; stable `_SK` keys; export keys that never collide; the CSV form's one
byte-order-mark convention; and the filters every export takes."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from form4viewer.cli import main
from form4viewer.export import SEC_TABLES, content_key, filing_key
from form4viewer.model import Filing
from form4viewer.readers import read
from form4viewer.sec_format import LAYOUTS, TABLE_NAMES, sec_date, sec_number, sec_rows, surrogate_key
from form4viewer.store import Store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SEC_SETS = CORPUS / "sec-data-sets"
OVERLAP = SEC_SETS / "overlap"
OKLO = SEC_SETS / "2025q1-oklo"
OKLO_FILE = OKLO / "0001104659-25-030072.txt"

pytestmark = pytest.mark.skipif(not OVERLAP.is_dir(), reason="the corpus's sec-data-sets folder is not here")


def read_tsv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A TSV file as the SEC writes it, read with the csv module (tab, double quote, LF)."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t", quotechar='"')
        head = next(reader)
        return head, [dict(zip(head, line, strict=True)) for line in reader]


def overlap_files() -> dict[str, Path]:
    """The corpus file of each accession number in the SEC's overlap rows."""
    _, lines = read_tsv(OVERLAP / "ACCESSIONS.tsv")
    return {line["accession"]: CORPUS / line["corpus_file"].strip() for line in lines}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 23 overlap filings (bare XML) and the Oklo submission imported into a fresh database with the command
    line, and exported with `export --format sec`."""
    folder = tmp_path_factory.mktemp("sec")
    db = folder / "db.sqlite"
    files = [str(p) for p in overlap_files().values()] + [str(OKLO_FILE)]
    assert main(["import", "--db", str(db), "--jobs", "1", *files]) == 0
    assert main(["export", "--db", str(db), "--out", str(folder / "out"), "--format", "sec"]) == 0
    return folder / "out"


# Columns the input cannot know: the SEC's own surrogate keys (ours are stable hashes, checked apart); the filing
# date of a bare XML document (it is in the submission header only, which a bare XML does not have); and the
# owner's FILE_NUMBER, which EDGAR keeps in its header index, not in the submission's text the filing is read from.
_SK = re.compile(r"_SK$")


def _compared(row: dict[str, str], exempt: set[str]) -> tuple[tuple[str, str], ...]:
    return tuple((c, v) for c, v in row.items() if c not in exempt and not _SK.search(c))


# Where the SEC's own row says something other than the filing it tabulates, the export follows the filing. One
# case in the overlap: the SEC's DERIV_HOLDING rows of Mithril's Form 3 put the nature of ownership ("See
# footnotes", F3) of the last two holdings (Series E and F, the indirect ones) on the first two (Series C-1 and C-2,
# held directly), as if it had paired the document's <natureOfOwnership> elements with the rows by their order.
# test_the_secs_mithril_rows_disagree_with_the_filing_and_ours_follow_it proves it from the XML.
SEC_DISAGREES_WITH_THE_FILING = {
    ("DERIV_HOLDING", "0000950170-24-009914"): {"NATURE_OF_OWNERSHIP", "NATURE_OF_OWNERSHIP_FN"},
}


def _sec_rows_by_table() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(OVERLAP.glob("*_*.tsv")):
        table = path.stem.split("_", 1)[1]
        out.append((table, path))
    return out


@pytest.mark.parametrize(("table", "sec_file"), _sec_rows_by_table(), ids=lambda x: getattr(x, "name", x))
def test_the_secs_rows_of_the_overlap_filings_are_reproduced_exactly(
    exported: Path, table: str, sec_file: Path
) -> None:
    sec_head, sec = read_tsv(sec_file)
    our_head, ours = read_tsv(exported / f"{table}.tsv")
    # The SEC file's columns are all ours, in the same order (ours may add AFF10B5ONE at the end).
    assert our_head[: len(sec_head)] == sec_head, sec_file.name
    accessions = {line["ACCESSION_NUMBER"] for line in sec}
    assert accessions <= set(overlap_files()), sec_file.name
    for accession in sorted(accessions):
        exempt = {"FILING_DATE"} | SEC_DISAGREES_WITH_THE_FILING.get((table, accession), set())
        want = Counter(_compared(line, exempt) for line in sec if line["ACCESSION_NUMBER"] == accession)
        got = Counter(
            _compared({c: line[c] for c in sec_head}, exempt) for line in ours if line["ACCESSION_NUMBER"] == accession
        )
        assert got == want, f"{sec_file.name}: {accession} ({overlap_files()[accession].name})"
    # The exemption hides nothing: our FILING_DATE of a bare XML is empty, not a different date.
    if table == "SUBMISSION":
        assert {line["FILING_DATE"] for line in ours if line["ACCESSION_NUMBER"] in accessions} == {""}


def test_the_secs_mithril_rows_disagree_with_the_filing_and_ours_follow_it(exported: Path) -> None:
    import xml.etree.ElementTree as ET

    accession = "0000950170-24-009914"
    root = ET.parse(overlap_files()[accession]).getroot()
    in_xml = {
        h.findtext("securityTitle/value"): (
            h.findtext("ownershipNature/natureOfOwnership/value") or "",
            ", ".join(n.get("id", "") for n in h.findall("ownershipNature/natureOfOwnership/footnoteId")),
        )
        for h in root.iter("derivativeHolding")
    }
    assert in_xml["Series E Preferred Stock"] == ("See footnotes", "F3")
    assert in_xml["Series C-1 Preferred Stock"] == ("", "")
    _, sec = read_tsv(OVERLAP / "greittinger_DERIV_HOLDING.tsv")
    _, ours = read_tsv(exported / "DERIV_HOLDING.tsv")

    def nature(lines: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
        return {
            line["SECURITY_TITLE"]: (line["NATURE_OF_OWNERSHIP"], line["NATURE_OF_OWNERSHIP_FN"])
            for line in lines
            if line["ACCESSION_NUMBER"] == accession
        }

    assert nature(ours) == in_xml
    assert nature(sec) != in_xml  # should the SEC correct its row, this exemption can go
    assert sorted(nature(sec).values()) == sorted(in_xml.values())  # the same natures, on other rows


@pytest.mark.parametrize("table", ["SUBMISSION", "REPORTINGOWNER", "NONDERIV_TRANS"])
def test_the_secs_rows_of_the_oklo_submission_are_reproduced_exactly(exported: Path, table: str) -> None:
    sec_head, sec = read_tsv(OKLO / f"{table}.tsv")
    our_head, ours = read_tsv(exported / f"{table}.tsv")
    assert our_head == sec_head, table  # the 2025q1 layout: AFF10B5ONE last in SUBMISSION
    mine = [line for line in ours if line["ACCESSION_NUMBER"] == "0001104659-25-030072"]
    exempt = {"FILE_NUMBER"}  # EDGAR's header index only; FILING_DATE comes from the submission header and counts
    assert [_compared(line, exempt) for line in mine] == [_compared(line, exempt) for line in sec], table
    if table == "REPORTINGOWNER":
        assert [line["FILE_NUMBER"] for line in mine] == [""]  # left empty, not made up


def test_oklos_price_is_rounded_and_its_whole_numbers_keep_a_decimal(exported: Path) -> None:
    _, ours = read_tsv(exported / "NONDERIV_TRANS.tsv")
    (oklo,) = [line for line in ours if line["ACCESSION_NUMBER"] == "0001104659-25-030072"]
    assert (oklo["TRANS_SHARES"], oklo["TRANS_PRICEPERSHARE"], oklo["TRANS_DATE"]) == ("6000.0", "24.57", "27-MAR-2025")


# --------------------------------------------------------------------------------------------------------------
# The files' form


def test_every_file_is_tab_separated_utf8_without_bom_with_lf_only(exported: Path) -> None:
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted(f"{t}.tsv" for t in TABLE_NAMES)
    for name in names:
        data = (exported / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), name
        assert b"\r" not in data, name
        assert data.endswith(b"\n"), name
        assert data.split(b"\n")[0].split(b"\t") == [c.encode() for c in LAYOUTS["current"][name[:-4]]], name


def test_a_field_with_a_double_quote_is_quoted_with_the_quote_doubled(exported: Path) -> None:
    text = (exported / "SUBMISSION.tsv").read_text(encoding="utf-8")
    # Palantir's remarks, as in the SEC's own file
    assert '\t"This Form 4 has been compiled' in text and '""Security Ownership Of Certain' in text
    plain = [line for line in text.splitlines() if "MICROSOFT CORP" in line]
    assert plain and all('"' not in line for line in plain)


_DATE_COLUMNS = re.compile(r"(_DATE|^PERIOD_OF_REPORT|^DATE_OF_ORIG_SUB|^OWNERSIGNATUREDATE)$")
_NUMBER_COLUMNS = re.compile(
    r"^(TRANS_SHARES|TRANS_PRICEPERSHARE|TRANS_TOTAL_VALUE|CONV_EXERCISE_PRICE|"
    r"UNDLYNG_SEC_SHARES|UNDLYNG_SEC_VALUE|SHRS_OWND_FOLWNG_TRANS|VALU_OWND_FOLWNG_TRANS)$"
)


def test_every_date_parses_as_dd_mon_yyyy_and_every_number_as_the_sec_prints_it(exported: Path) -> None:
    dates = numbers = 0
    for table in TABLE_NAMES:
        _, lines = read_tsv(exported / f"{table}.tsv")
        for line in lines:
            for column, value in line.items():
                if not value:
                    continue
                if _DATE_COLUMNS.search(column):
                    # what pandas' to_datetime(format="%d-%b-%Y") does, in capitals as the SEC writes them
                    dt.datetime.strptime(value, "%d-%b-%Y")
                    assert re.fullmatch(r"\d\d-[A-Z]{3}-\d{4}", value), (table, column, value)
                    dates += 1
                elif _NUMBER_COLUMNS.match(column):
                    assert re.fullmatch(r"-?\d+\.\d{1,2}", value), (table, column, value)
                    numbers += 1
    assert dates > 100 and numbers > 300


@pytest.mark.parametrize(
    ("number", "printed"),
    [("15905", "15905.0"), ("0", "0.0"), ("0.00", "0.0"), ("-0.001", "0.0"), ("224.048", "224.05"),
     ("24.5686", "24.57"), ("26.80", "26.8"), ("0.125", "0.13"), ("-2.345", "-2.35"), ("1E+3", "1000.0"),
     ("12345678901234567890123.456", "12345678901234567890123.46")],
)  # fmt: skip
def test_numbers_are_printed_as_the_secs_database_prints_them(number: str, printed: str) -> None:
    assert sec_number(Decimal(number)) == printed


def test_dates_are_in_english_capitals_whatever_the_locale() -> None:
    assert [sec_date(dt.date(2024, m, 1))[3:6] for m in range(1, 13)] == [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]  # fmt: skip
    assert sec_date(dt.date(2024, 7, 31)) == "31-JUL-2024"


def test_flags_are_written_as_filed_and_a_corrected_flag_as_1_or_0(data: Path) -> None:
    filing = read(CORPUS / "xml" / "0001628280-24-031146_F4_SQ_BOTHA-ROELOF.xml")
    assert filing.not_subject_to_section16.raw is not None
    (line,) = sec_rows("k", filing)["SUBMISSION"]
    columns = LAYOUTS["current"]["SUBMISSION"]
    assert line[columns.index("NOT_SUBJECT_SEC16")] == filing.not_subject_to_section16.raw.strip()
    corrected = filing.replace_at("not_subject_to_section16", filing.not_subject_to_section16.corrected_to(True))
    (line,) = sec_rows("k", corrected)["SUBMISSION"]
    assert line[columns.index("NOT_SUBJECT_SEC16")] == "1"


def test_the_2024q3_layout_has_no_aff10b5one(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(OKLO_FILE)]) == 0
    assert (
        main(["export", "--db", str(db), "--out", str(tmp_path / "q3"), "--format", "sec", "--layout", "2024q3"]) == 0
    )
    head, (line,) = read_tsv(tmp_path / "q3" / "SUBMISSION.tsv")
    sec_head, _ = read_tsv(OVERLAP / "MarianaSwe_SUBMISSION.tsv")  # a 2024q3 file
    assert head == sec_head and "AFF10B5ONE" not in line


# --------------------------------------------------------------------------------------------------------------
# _SK keys


def test_sk_keys_follow_the_documented_rule_and_do_not_depend_on_what_else_is_exported(tmp_path: Path) -> None:
    files = list(overlap_files().values())
    db_all, db_one = tmp_path / "all.sqlite", tmp_path / "one.sqlite"
    assert main(["import", "--db", str(db_all), "--jobs", "1", *map(str, files)]) == 0
    assert main(["import", "--db", str(db_one), "--jobs", "1", str(files[5])]) == 0
    for db, out in ((db_all, "all"), (db_one, "one")):
        assert main(["export", "--db", str(db), "--out", str(tmp_path / out), "--format", "sec"]) == 0
    key = filing_key(read(files[5]))
    for table in ("NONDERIV_TRANS", "NONDERIV_HOLDING", "DERIV_TRANS", "DERIV_HOLDING"):
        _, everything = read_tsv(tmp_path / "all" / f"{table}.tsv")
        _, alone = read_tsv(tmp_path / "one" / f"{table}.tsv")
        assert [r for r in everything if r["ACCESSION_NUMBER"] == key] == alone, table
        assert [int(r[f"{table}_SK"]) for r in alone] == [
            surrogate_key(key, table, n) for n in range(1, len(alone) + 1)
        ]
        sks = [r[f"{table}_SK"] for r in everything]
        assert len(set(sks)) == len(sks), table
        assert all(0 < int(s) < 2**52 for s in sks), table


# --------------------------------------------------------------------------------------------------------------
# Keys


def test_a_bare_document_is_keyed_by_the_accession_number_in_its_file_name(tmp_path: Path) -> None:
    source = CORPUS / "xml" / "0001062993-24-016587_F4_MSFT_Hoffman-Reid.xml"
    filing = read(source)
    assert filing.accession_number.value is None
    assert filing_key(filing) == "0001062993-24-016587"
    renamed = tmp_path / "hoffman.xml"
    renamed.write_bytes(source.read_bytes())
    key = filing_key(read(renamed))
    assert re.fullmatch(r"F4V-[0-9a-f]{20}", key) and key == content_key(filing)


def test_the_content_key_ignores_corrections_and_sources_but_not_values(data: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "msft.xml"
    renamed.write_bytes((CORPUS / "xml" / "0001062993-24-016587_F4_MSFT_Hoffman-Reid.xml").read_bytes())
    filing = read(renamed)
    path = "non_derivative_holdings[0].shares_owned_following"
    corrected = filing.replace_at(path, filing.get(path).corrected_to(Decimal("1")))
    assert filing_key(corrected) == filing_key(filing)
    other = read(renamed).replace_at("issuer.name", filing.issuer.name.__class__("Another Corp"))
    assert filing_key(other) != filing_key(filing)


def _keys_of(db: Path, out: Path) -> dict[str, str]:
    """Export key -> issuer name, from the SUBMISSION.csv of a csv export."""
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    with open(out / "SUBMISSION.csv", newline="", encoding="utf-8-sig") as fh:
        return {line["ACCESSION_NUMBER"]: line["ISSUERNAME"] for line in csv.DictReader(fh)}


def test_merged_exports_of_two_databases_never_share_a_key_and_one_filing_keeps_its_key(
    data: Path, tmp_path: Path
) -> None:
    # Files without an accession number anywhere (renamed bare XML): once keyed form4viewer-1 in both databases.
    names = ["store/lnkd-form4-2012-two-owners.xml", "store/unity-form3-2020-holdings.xml"]
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert main(["import", "--db", str(first), "--jobs", "1", str(data / names[0])]) == 0
    assert main(["import", "--db", str(second), "--jobs", "1", str(data / names[1]), str(data / names[0])]) == 0
    a = _keys_of(first, tmp_path / "a")
    b = _keys_of(second, tmp_path / "b")
    assert len(a) == 1 and len(b) == 2
    assert not any(k.startswith("form4viewer-") for k in [*a, *b])
    # the same filing in both has the same key; the different one has a key of its own
    (lnkd,) = a
    assert b[lnkd] == "LINKEDIN CORP"
    merged = [*a.items(), *b.items()]
    by_key: dict[str, set[str]] = {}
    for key, issuer in merged:
        by_key.setdefault(key, set()).add(issuer)
    assert all(len(issuers) == 1 for issuers in by_key.values()), by_key
    assert len(by_key) == 2


# --------------------------------------------------------------------------------------------------------------
# The CSV form


def test_every_csv_file_starts_with_one_bom_and_keeps_full_precision_and_iso_dates(
    exported: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(OKLO_FILE)]) == 0
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "csv")]) == 0
    names = [*SEC_TABLES, "transactions.csv", "problems.csv"]
    for name in names:
        data = (tmp_path / "csv" / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf"), name
    with open(tmp_path / "csv" / "NONDERIV_TRANS.csv", newline="", encoding="utf-8-sig") as fh:
        (sale,) = list(csv.DictReader(fh))
    assert (sale["TRANS_PRICEPERSHARE"], sale["TRANS_SHARES"], sale["TRANS_DATE"]) == ("24.5686", "6000", "2025-03-27")


def test_a_lone_dash_stays_a_dash_in_csv_and_sec(data: Path) -> None:
    from form4viewer.export import sec_lines

    filing = read(CORPUS / "xml" / "0001062993-24-016587_F4_MSFT_Hoffman-Reid.xml")
    path = "non_derivative_holdings[0].nature_of_ownership"
    filing = filing.replace_at(path, filing.get(path).corrected_to("-"))
    csv_line = sec_lines("k", filing)["NONDERIV_HOLDING.csv"][0]
    sec_line = sec_rows("k", filing)["NONDERIV_HOLDING"][0]
    assert csv_line[-2] == "-" and sec_line[-2] == "-"


# --------------------------------------------------------------------------------------------------------------
# Filters


@pytest.fixture(scope="module")
def overlap_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("filters") / "db.sqlite"
    files = [str(p) for p in overlap_files().values()] + [str(OKLO_FILE)]
    assert main(["import", "--db", str(db), "--jobs", "1", *files]) == 0
    return db


def _exported_keys(db: Path, out: Path, *options: str, fmt: str = "sec") -> list[str]:
    if fmt == "xml":  # one KEY.xml per filing; status 1 when one of them is not valid EDGAR XML yet
        assert main(["export", "--db", str(db), "--out", str(out), "--format", fmt, *options]) in (0, 1)
        return sorted(p.stem for p in out.glob("*.xml")) if out.is_dir() else []
    if fmt == "xlsx":
        import openpyxl

        assert main(["export", "--db", str(db), "--out", str(out / "f.xlsx"), "--format", fmt, *options]) == 0
        sheet = openpyxl.load_workbook(out / "f.xlsx", read_only=True)["SUBMISSION"]
        head, *values = sheet.iter_rows(values_only=True)
        return sorted(line[head.index("ACCESSION_NUMBER")] for line in values)
    assert main(["export", "--db", str(db), "--out", str(out), "--format", fmt, *options]) == 0
    name = "SUBMISSION.tsv" if fmt == "sec" else "SUBMISSION.csv"
    if fmt == "sec":
        _, lines = read_tsv(out / name)
    else:
        with open(out / name, newline="", encoding="utf-8-sig") as fh:
            lines = list(csv.DictReader(fh))
    return sorted(line["ACCESSION_NUMBER"] for line in lines)


def _expected(predicate: Callable[[Filing], bool]) -> list[str]:
    out = []
    for path in [*overlap_files().values(), OKLO_FILE]:
        filing = read(path)
        if predicate(filing):
            out.append(filing_key(filing))
    return sorted(out)


@pytest.mark.parametrize("fmt", ["sec", "csv", "xlsx", "xml"])
@pytest.mark.parametrize(
    ("options", "predicate"),
    [
        (["--ticker", "msft"], lambda f: f.issuer.trading_symbol.value == "MSFT"),
        (["--ticker", "NTRA", "OKLO"], lambda f: f.issuer.trading_symbol.value in ("NTRA", "OKLO")),
        (["--cik", "789019"], lambda f: f.issuer.cik.value == "0000789019"),
        (["--cik", "1211060"], lambda f: any(o.cik.value == "0001211060" for o in f.reporting_owners)),
        (["--owner", "botha"], lambda f: any("BOTHA" in (o.name.value or "").upper() for o in f.reporting_owners)),
        (["--from", "2024-07-01", "--to", "2024-08-31"],
         lambda f: dt.date(2024, 7, 1) <= f.period_of_report.value <= dt.date(2024, 8, 31)),
        (["--from", "2025-01-01"], lambda f: f.period_of_report.value >= dt.date(2025, 1, 1)),
        (["--code", "p"], lambda f: any(r.transaction_code.value == "P" for t in ("non_derivative_transactions",
                                        "derivative_transactions") for r in f.rows(t))),
        (["--filing", "0001104659-25-030072", "0001062993-24-016587"],
         lambda f: filing_key(f) in ("0001104659-25-030072", "0001062993-24-016587")),
        (["--ticker", "SQ", "--code", "P"],
         lambda f: f.issuer.trading_symbol.value == "SQ" and any(
             r.transaction_code.value == "P" for r in f.non_derivative_transactions)),
    ],
    ids=["ticker", "tickers", "issuer-cik", "owner-cik", "owner", "period", "from", "code", "filing-keys",
         "ticker-and-code"],
)  # fmt: skip
def test_each_filter_exports_exactly_the_filings_it_names(
    overlap_db: Path, tmp_path: Path, options: list[str], predicate: Callable[[Filing], bool], fmt: str
) -> None:
    expected = _expected(predicate)
    assert expected, options  # each filter picks something, so that the test can fail
    assert len(expected) < 24, options  # and leaves something out
    assert _exported_keys(overlap_db, tmp_path / "out", *options, fmt=fmt) == expected


def test_filing_by_saved_id_still_works_and_a_key_and_an_unknown_key_are_told_apart(
    overlap_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(overlap_db, create=False) as store:
        first = store.ids()[0]
        key = filing_key(store.load(first))
    assert _exported_keys(overlap_db, tmp_path / "id", "--filing", str(first)) == [key]
    assert _exported_keys(overlap_db, tmp_path / "none", "--filing", "0000000000-00-000000") == []
    capsys.readouterr()
    assert main(["export", "--db", str(overlap_db), "--out", str(tmp_path / "bad"), "--filing", "frob"]) == 2
    assert "--filing frob" in capsys.readouterr().err


def test_the_filtered_rows_of_every_table_belong_to_the_chosen_filings(overlap_db: Path, tmp_path: Path) -> None:
    keys = _exported_keys(overlap_db, tmp_path / "out", "--owner", "hoffman")
    assert keys
    for table in TABLE_NAMES:
        _, lines = read_tsv(tmp_path / "out" / f"{table}.tsv")
        assert {line["ACCESSION_NUMBER"] for line in lines} <= set(keys), table


def test_text_with_tabs_line_breaks_and_quotes_reads_back_as_written(tmp_path: Path) -> None:
    from form4viewer.sec_format import write_sec_files

    filing = read(CORPUS / "xml" / "0001062993-24-016587_F4_MSFT_Hoffman-Reid.xml")
    remarks = 'line one\nline "two"\tafter a tab'
    filing = filing.replace_at("remarks", filing.remarks.corrected_to(remarks))
    # the SEC's files hold values as filed: no spreadsheet guard on a leading "="
    filing = filing.replace_at("issuer.name", filing.issuer.name.corrected_to("=MICROSOFT"))
    write_sec_files(tmp_path, [sec_rows("k", filing)])
    _, (line,) = read_tsv(tmp_path / "SUBMISSION.tsv")
    assert (line["REMARKS"], line["ISSUERNAME"]) == (remarks, "=MICROSOFT")
    assert b"\r" not in (tmp_path / "SUBMISSION.tsv").read_bytes()


def test_footnote_ids_are_joined_with_comma_space_in_the_filings_order(data: Path) -> None:
    from form4viewer.model import Value
    from form4viewer.sec_format import footnote_ids

    assert footnote_ids(Value(Decimal(1), ("F3", "F2", "F4"))) == "F3, F2, F4"
    filing = read(data / "store/lnkd-form4-2012-two-owners.xml")  # the conversion's price cites F2 and F3
    line = dict(zip(LAYOUTS["current"]["NONDERIV_TRANS"], sec_rows("k", filing)["NONDERIV_TRANS"][0], strict=True))
    assert (line["TRANS_PRICEPERSHARE_FN"], line["EQUITY_SWAP_TRANS_CD_FN"]) == ("F2, F3", "F1")


def test_filing_by_content_key_picks_that_filing_in_either_database(data: Path, tmp_path: Path) -> None:
    names = ["store/lnkd-form4-2012-two-owners.xml", "store/unity-form3-2020-holdings.xml"]
    key = content_key(read(data / names[1]))
    for n, order in enumerate((names, names[::-1])):
        db = tmp_path / f"{n}.sqlite"
        assert main(["import", "--db", str(db), "--jobs", "1", *(str(data / name) for name in order)]) == 0
        assert _exported_keys(db, tmp_path / f"out{n}", "--filing", key) == [key]
