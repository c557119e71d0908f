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
