"""`export --format xlsx`: one workbook, a sheet per csv export table, dates as Excel dates, amounts as numbers,
text as string cells that Excel never runs as formulas."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from form4viewer.cli import main
from form4viewer.export import SEC_TABLES
from form4viewer.readers import read
from form4viewer.sec_format import surrogate_key

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
TESLA = ROOT / "resources" / "samples" / "tesla-form4-2023.xml"
SECSAMPLE = ROOT / "tests" / "data" / "ownership" / "secsample-form4.xml"
FORMULA = '=HYPERLINK("http://example.invalid","click")'


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("xlsx")
    hostile = folder / "hostile-form4.xml"
    # A filer's remarks that a spreadsheet would run as a formula.
    text = SECSAMPLE.read_text(encoding="utf-8")
    assert "<remarks>This is just a general comment.</remarks>" in text
    hostile.write_text(
        text.replace("This is just a general comment.", FORMULA.replace("&", "&amp;").replace('"', "&quot;")),
        encoding="utf-8",
    )
    db = folder / "db.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(TESLA), str(hostile)]) == 0
    out = folder / "out.xlsx"
    assert main(["export", "--db", str(db), "--out", str(out), "--format", "xlsx"]) == 0
    return out, openpyxl.load_workbook(out)


def test_one_sheet_per_table_with_bold_frozen_header(workbook: tuple[Path, object]) -> None:
    path, book = workbook
    names = [name.removesuffix(".csv") for name in SEC_TABLES]
    assert book.sheetnames == [*names, "transactions", "problems"], path
    for file, columns in SEC_TABLES.items():
        sheet = book[file.removesuffix(".csv")]
        assert [c.value for c in sheet[1]] == list(columns), f"{path}: {file}"
        assert all(c.font.b for c in sheet[1]), f"{path}: {file} header not bold"
        assert sheet.freeze_panes == "A2", f"{path}: {file}"
        assert sheet.column_dimensions["A"].width >= len("ACCESSION_NUMBER"), f"{path}: {file}"
    assert book["SUBMISSION"].max_row == 3, path


def _rows(book: object, sheet: str) -> list[dict[str, object]]:
    lines = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


def test_dates_are_dates_and_amounts_are_numbers(workbook: tuple[Path, object]) -> None:
    path, book = workbook
    filing = read(TESLA)
    rows = [r for r in _rows(book, "NONDERIV_TRANS") if r["ACCESSION_NUMBER"] == _key(book, "TESLA")]
    expected = filing.non_derivative_transactions
    assert len(rows) == len(expected) > 0, path
    for row, want in zip(rows, expected, strict=True):
        assert isinstance(row["TRANS_DATE"], dt.datetime), f"{path}: {row['TRANS_DATE']!r}"
        assert row["TRANS_DATE"].date() == want.transaction_date.value, path
        # a number cell (openpyxl reads a whole number back as int), never text
        assert isinstance(row["TRANS_SHARES"], int | float), f"{path}: {row['TRANS_SHARES']!r}"
        assert row["TRANS_SHARES"] == float(want.shares.value), path
        if want.price_per_share.value is not None:
            assert row["TRANS_PRICEPERSHARE"] == float(want.price_per_share.value), path
    submission = next(r for r in _rows(book, "SUBMISSION") if r["ISSUERNAME"] and "Tesla" in r["ISSUERNAME"])
    assert submission["PERIOD_OF_REPORT"] == dt.datetime.combine(filing.period_of_report.value, dt.time()), path
    # CIKs keep their leading zeros: text, not numbers
    assert submission["ISSUERCIK"] == filing.issuer.cik.value and isinstance(submission["ISSUERCIK"], str), path
    cell = book["NONDERIV_TRANS"]["E2"]
    assert cell.is_date and cell.number_format == "yyyy-mm-dd", path


def _key(book: object, issuer: str) -> str:
    return next(r["ACCESSION_NUMBER"] for r in _rows(book, "SUBMISSION") if issuer in str(r["ISSUERNAME"]).upper())


def test_text_that_looks_like_a_formula_is_a_string_cell(workbook: tuple[Path, object]) -> None:
    path, book = workbook
    sheet = book["SUBMISSION"]
    remarks = [c for c in sheet["M"][1:] if c.value and str(c.value).startswith("=")]
    assert len(remarks) == 1, path
    assert remarks[0].value == FORMULA, f"{path}: no guard quote in a string cell: {remarks[0].value!r}"
    assert remarks[0].data_type == "s", f"{path}: {remarks[0].data_type}"
    # in the file itself: a shared or inline string, never an <f> formula element
    import zipfile

    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml, path


def test_without_openpyxl_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(TESLA)]) == 0
    code = (
        "import sys; sys.modules['openpyxl'] = None\n"
        "from form4viewer.cli import main\n"
        f"sys.exit(main(['export', '--db', {str(db)!r}, '--out', {str(tmp_path / 'x.xlsx')!r}, '--format', 'xlsx']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install" in lines[0] and "openpyxl" in lines[0], done.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_a_table_longer_than_a_sheet_goes_on_in_a_second_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from form4viewer import xlsx_export
    from form4viewer.export import all_lines

    many = ROOT / "tests" / "data" / "ownership" / "tsla-form4-34-footnotes.xml"
    lines = all_lines("0000000000-23-000001", read(many))
    rows = len(lines["NONDERIV_TRANS.csv"])
    assert rows >= 5, many
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 3)  # a header and two rows a sheet
    monkeypatch.setattr(xlsx_export, "_WIDTH_SAMPLE", 1)  # sheets start as their rows come, not in table order
    out = tmp_path / "small.xlsx"
    counts = xlsx_export.write_xlsx(out, [lines])
    assert counts["NONDERIV_TRANS"] == rows, out
    book = openpyxl.load_workbook(out)
    parts = [name for name in book.sheetnames if name.startswith("NONDERIV_TRANS")]
    assert parts[:2] == ["NONDERIV_TRANS", "NONDERIV_TRANS (2)"], book.sheetnames
    assert book.sheetnames.index("NONDERIV_TRANS") == 2 and book.sheetnames[0] == "SUBMISSION", book.sheetnames
    assert sum(book[name].max_row - 1 for name in parts) == rows, out
    assert all(book[name]["A1"].value == "ACCESSION_NUMBER" for name in parts), out
    # the rows keep their order and their stable _SK across the sheets, as the csv export writes them
    keys = [int(r[1]) for name in parts for r in book[name].iter_rows(min_row=2, values_only=True)]
    assert keys == [surrogate_key("0000000000-23-000001", "NONDERIV_TRANS", n) for n in range(1, rows + 1)], out


def test_cells_a_workbook_cannot_hold_are_written_visibly() -> None:
    from form4viewer.model import Kind
    from form4viewer.xlsx_export import MAX_TEXT, typed_cell

    assert typed_cell(Kind.TEXT, "A\x01B") == "A⟨U+0001⟩B"
    assert typed_cell(Kind.TEXT, "'=1+1") == "=1+1"  # the csv guard taken off: a string cell needs none
    assert typed_cell(Kind.TEXT, "-") == "-"
    assert typed_cell(Kind.TEXT, "'quoted") == "'quoted"  # a quote the filer typed stays
    assert len(typed_cell(Kind.TEXT, "x" * (MAX_TEXT + 5))) == MAX_TEXT
    assert typed_cell(Kind.DECIMAL, "15905.123456789") == 15905.123456789
    assert typed_cell(Kind.DECIMAL, "") is None
    assert typed_cell(Kind.DATE, "2024-07-31") == dt.date(2024, 7, 31)
    assert typed_cell(Kind.DATE, "not a date") == "not a date"


def test_the_workbooks_folder_is_made_when_missing_as_the_other_formats_make_theirs(
    workbook: tuple[Path, object], tmp_path: Path
) -> None:
    db = workbook[0].parent / "db.sqlite"
    out = tmp_path / "new" / "folder" / "filings.xlsx"
    assert main(["export", "--db", str(db), "--out", str(out), "--format", "xlsx", "--ticker", "TSLA"]) == 0
    submissions = list(openpyxl.load_workbook(out, read_only=True)["SUBMISSION"].iter_rows(values_only=True))
    assert [line[10] for line in submissions[1:]] == ["Tesla, Inc."]  # ISSUERNAME
    assert sorted(p.name for p in out.parent.iterdir()) == ["filings.xlsx"]  # no temporary file left beside it


def test_a_place_that_cannot_be_written_is_one_line_on_stderr(
    workbook: tuple[Path, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = workbook[0].parent / "db.sqlite"
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--out", str(blocker / "f.xlsx"), "--format", "xlsx"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"form4viewer: {blocker / 'f.xlsx'}: cannot write"), err
    assert blocker.read_text() == "not a folder"


def test_an_export_that_fails_midway_leaves_the_earlier_workbook_as_it_was(tmp_path: Path) -> None:
    from form4viewer.export import all_lines
    from form4viewer.xlsx_export import write_xlsx

    out = tmp_path / "filings.xlsx"
    write_xlsx(out, [all_lines("0001", read(TESLA))])
    before = out.read_bytes()

    def failing() -> object:
        yield all_lines("0002", read(SECSAMPLE))
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_xlsx(out, failing())
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filings.xlsx"]
