"""CSV export: the SEC Insider Transactions Data Sets' eight tables with the SEC's columns, the flat
transactions.csv, spreadsheet-safe cells, and corrections carried into the export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
import sqlite_utils

from form4viewer.export import (
    PROBLEM_COLUMNS,
    SEC_TABLES,
    TRANSACTION_COLUMNS,
    content_key,
    export_folder,
    export_key,
    safe_cell,
    write_sec_tables,
    write_transactions_csv,
)
from form4viewer.importer import import_file
from form4viewer.model import Filing
from form4viewer.readers import read
from form4viewer.sec_format import surrogate_key
from form4viewer.store import Store

LNKD = "store/lnkd-form4-2012-two-owners.xml"
UNITY = "store/unity-form3-2020-holdings.xml"

# The header lines of the SEC's Insider Transactions Data Sets files (2023 and later, when AFF10B5ONE was added),
# as the SEC spells them: EXCERCISE_DATE in DERIV_TRANS but EXERCISE_DATE in DERIV_HOLDING.
SEC_HEADERS = {
    "SUBMISSION.csv": "ACCESSION_NUMBER FILING_DATE PERIOD_OF_REPORT DATE_OF_ORIG_SUB NO_SECURITIES_OWNED "
    "NOT_SUBJECT_SEC16 FORM3_HOLDINGS_REPORTED FORM4_TRANS_REPORTED DOCUMENT_TYPE ISSUERCIK ISSUERNAME "
    "ISSUERTRADINGSYMBOL REMARKS AFF10B5ONE",
    "REPORTINGOWNER.csv": "ACCESSION_NUMBER RPTOWNERCIK RPTOWNERNAME RPTOWNER_RELATIONSHIP RPTOWNER_TITLE "
    "RPTOWNER_TXT RPTOWNER_STREET1 RPTOWNER_STREET2 RPTOWNER_CITY RPTOWNER_STATE RPTOWNER_ZIPCODE "
    "RPTOWNER_STATE_DESC FILE_NUMBER",
    "NONDERIV_TRANS.csv": "ACCESSION_NUMBER NONDERIV_TRANS_SK SECURITY_TITLE SECURITY_TITLE_FN TRANS_DATE "
    "TRANS_DATE_FN DEEMED_EXECUTION_DATE DEEMED_EXECUTION_DATE_FN TRANS_FORM_TYPE TRANS_CODE EQUITY_SWAP_INVOLVED "
    "EQUITY_SWAP_TRANS_CD_FN TRANS_TIMELINESS TRANS_TIMELINESS_FN TRANS_SHARES TRANS_SHARES_FN TRANS_PRICEPERSHARE "
    "TRANS_PRICEPERSHARE_FN TRANS_ACQUIRED_DISP_CD TRANS_ACQUIRED_DISP_CD_FN SHRS_OWND_FOLWNG_TRANS "
    "SHRS_OWND_FOLWNG_TRANS_FN VALU_OWND_FOLWNG_TRANS VALU_OWND_FOLWNG_TRANS_FN DIRECT_INDIRECT_OWNERSHIP "
    "DIRECT_INDIRECT_OWNERSHIP_FN NATURE_OF_OWNERSHIP NATURE_OF_OWNERSHIP_FN",
    "NONDERIV_HOLDING.csv": "ACCESSION_NUMBER NONDERIV_HOLDING_SK SECURITY_TITLE SECURITY_TITLE_FN "
    "TRANS_FORM_TYPE TRANS_FORM_TYPE_FN SHRS_OWND_FOLWNG_TRANS SHRS_OWND_FOLWNG_TRANS_FN VALU_OWND_FOLWNG_TRANS "
    "VALU_OWND_FOLWNG_TRANS_FN DIRECT_INDIRECT_OWNERSHIP DIRECT_INDIRECT_OWNERSHIP_FN NATURE_OF_OWNERSHIP "
    "NATURE_OF_OWNERSHIP_FN",
    "DERIV_TRANS.csv": "ACCESSION_NUMBER DERIV_TRANS_SK SECURITY_TITLE SECURITY_TITLE_FN CONV_EXERCISE_PRICE "
    "CONV_EXERCISE_PRICE_FN TRANS_DATE TRANS_DATE_FN DEEMED_EXECUTION_DATE DEEMED_EXECUTION_DATE_FN TRANS_FORM_TYPE "
    "TRANS_CODE EQUITY_SWAP_INVOLVED EQUITY_SWAP_TRANS_CD_FN TRANS_TIMELINESS TRANS_TIMELINESS_FN TRANS_SHARES "
    "TRANS_SHARES_FN TRANS_TOTAL_VALUE TRANS_TOTAL_VALUE_FN TRANS_PRICEPERSHARE TRANS_PRICEPERSHARE_FN "
    "TRANS_ACQUIRED_DISP_CD TRANS_ACQUIRED_DISP_CD_FN EXCERCISE_DATE EXCERCISE_DATE_FN EXPIRATION_DATE "
    "EXPIRATION_DATE_FN UNDLYNG_SEC_TITLE UNDLYNG_SEC_TITLE_FN UNDLYNG_SEC_SHARES UNDLYNG_SEC_SHARES_FN "
    "UNDLYNG_SEC_VALUE UNDLYNG_SEC_VALUE_FN SHRS_OWND_FOLWNG_TRANS SHRS_OWND_FOLWNG_TRANS_FN VALU_OWND_FOLWNG_TRANS "
    "VALU_OWND_FOLWNG_TRANS_FN DIRECT_INDIRECT_OWNERSHIP DIRECT_INDIRECT_OWNERSHIP_FN NATURE_OF_OWNERSHIP "
    "NATURE_OF_OWNERSHIP_FN",
    "DERIV_HOLDING.csv": "ACCESSION_NUMBER DERIV_HOLDING_SK SECURITY_TITLE SECURITY_TITLE_FN CONV_EXERCISE_PRICE "
    "CONV_EXERCISE_PRICE_FN TRANS_FORM_TYPE TRANS_FORM_TYPE_FN EXERCISE_DATE EXERCISE_DATE_FN EXPIRATION_DATE "
    "EXPIRATION_DATE_FN UNDLYNG_SEC_TITLE UNDLYNG_SEC_TITLE_FN UNDLYNG_SEC_SHARES UNDLYNG_SEC_SHARES_FN "
    "UNDLYNG_SEC_VALUE UNDLYNG_SEC_VALUE_FN SHRS_OWND_FOLWNG_TRANS SHRS_OWND_FOLWNG_TRANS_FN VALU_OWND_FOLWNG_TRANS "
    "VALU_OWND_FOLWNG_TRANS_FN DIRECT_INDIRECT_OWNERSHIP DIRECT_INDIRECT_OWNERSHIP_FN NATURE_OF_OWNERSHIP "
    "NATURE_OF_OWNERSHIP_FN",
    "FOOTNOTES.csv": "ACCESSION_NUMBER FOOTNOTE_ID FOOTNOTE_TXT",
    "OWNER_SIGNATURE.csv": "ACCESSION_NUMBER OWNERSIGNATURENAME OWNERSIGNATUREDATE",
}


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def sk(key: str, table: str, position: int) -> str:
    """The `_SK` of a filing's row as the SEC form writes it: the same in the CSV form."""
    return str(surrogate_key(key, table, position))


def header(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return next(csv.reader(fh))


@pytest.fixture
def exported(data: Path, tmp_path: Path) -> Path:
    items = [("0001209191-12-014199", read(data / LNKD)), ("form4viewer-7", read(data / UNITY))]
    counts = write_sec_tables(tmp_path / "sec", items)
    assert counts == {
        "SUBMISSION.csv": 2, "REPORTINGOWNER.csv": 3, "NONDERIV_TRANS.csv": 4, "NONDERIV_HOLDING.csv": 5,
        "DERIV_TRANS.csv": 1, "DERIV_HOLDING.csv": 12, "FOOTNOTES.csv": 6 + 3, "OWNER_SIGNATURE.csv": 2,
    }  # fmt: skip
    return tmp_path / "sec"


@pytest.mark.parametrize("name", sorted(SEC_HEADERS))
def test_each_sec_table_has_the_secs_column_names_in_the_secs_order(exported: Path, name: str) -> None:
    assert header(exported / name) == SEC_HEADERS[name].split()
    assert list(SEC_TABLES[name]) == SEC_HEADERS[name].split()


def test_submission_has_the_filings_header_values(exported: Path) -> None:
    lnkd, unity = rows(exported / "SUBMISSION.csv")
    assert lnkd == {
        "ACCESSION_NUMBER": "0001209191-12-014199", "FILING_DATE": "", "PERIOD_OF_REPORT": "2012-02-27",
        "DATE_OF_ORIG_SUB": "", "NO_SECURITIES_OWNED": "", "NOT_SUBJECT_SEC16": "0", "FORM3_HOLDINGS_REPORTED": "",
        "FORM4_TRANS_REPORTED": "", "DOCUMENT_TYPE": "4", "ISSUERCIK": "0001271024", "ISSUERNAME": "LINKEDIN CORP",
        "ISSUERTRADINGSYMBOL": "LNKD", "REMARKS": "", "AFF10B5ONE": "",
    }  # fmt: skip
    assert (unity["ACCESSION_NUMBER"], unity["DOCUMENT_TYPE"], unity["PERIOD_OF_REPORT"]) == (
        "form4viewer-7",
        "3",
        "2020-09-17",
    )
    assert (unity["NO_SECURITIES_OWNED"], unity["ISSUERNAME"], unity["ISSUERTRADINGSYMBOL"]) == (
        "0",
        "Unity Software Inc.",
        "U",
    )


def test_reportingowner_has_one_line_per_owner_with_relationship_and_address(exported: Path) -> None:
    hoffman, trust, botha = rows(exported / "REPORTINGOWNER.csv")
    assert hoffman == {
        "ACCESSION_NUMBER": "0001209191-12-014199", "RPTOWNERCIK": "0001519339", "RPTOWNERNAME": "Hoffman Reid",
        "RPTOWNER_RELATIONSHIP": "Director,TenPercentOwner", "RPTOWNER_TITLE": "", "RPTOWNER_TXT": "",
        "RPTOWNER_STREET1": "C/O LINKEDIN CORPORATION", "RPTOWNER_STREET2": "2029 STIERLIN COURT",
        "RPTOWNER_CITY": "MOUNTAIN VIEW", "RPTOWNER_STATE": "CA", "RPTOWNER_ZIPCODE": "94043",
        "RPTOWNER_STATE_DESC": "", "FILE_NUMBER": "",
    }  # fmt: skip
    assert (trust["RPTOWNERCIK"], trust["RPTOWNERNAME"], trust["RPTOWNER_RELATIONSHIP"]) == (
        "0001521103",
        "Reid Hoffman & Michelle Yee Living Trust",
        "TenPercentOwner",
    )
    assert (botha["ACCESSION_NUMBER"], botha["RPTOWNERNAME"], botha["RPTOWNER_STREET1"]) == (
        "form4viewer-7",
        "BOTHA ROELOF",
        "2800 SAND HILL ROAD, SUITE 101",
    )


def test_nonderiv_trans_has_each_row_with_its_footnote_ids(exported: Path) -> None:
    conversion, first_sale, *_ = rows(exported / "NONDERIV_TRANS.csv")
    assert conversion == {
        "ACCESSION_NUMBER": "0001209191-12-014199",
        "NONDERIV_TRANS_SK": sk("0001209191-12-014199", "NONDERIV_TRANS", 1),
        "SECURITY_TITLE": "Class A Common Stock",
        "SECURITY_TITLE_FN": "", "TRANS_DATE": "2012-02-27", "TRANS_DATE_FN": "", "DEEMED_EXECUTION_DATE": "",
        "DEEMED_EXECUTION_DATE_FN": "", "TRANS_FORM_TYPE": "4", "TRANS_CODE": "C", "EQUITY_SWAP_INVOLVED": "0",
        "EQUITY_SWAP_TRANS_CD_FN": "F1", "TRANS_TIMELINESS": "", "TRANS_TIMELINESS_FN": "", "TRANS_SHARES": "78667",
        "TRANS_SHARES_FN": "", "TRANS_PRICEPERSHARE": "", "TRANS_PRICEPERSHARE_FN": "F2,F3",
        "TRANS_ACQUIRED_DISP_CD": "A", "TRANS_ACQUIRED_DISP_CD_FN": "", "SHRS_OWND_FOLWNG_TRANS": "78667",
        "SHRS_OWND_FOLWNG_TRANS_FN": "", "VALU_OWND_FOLWNG_TRANS": "", "VALU_OWND_FOLWNG_TRANS_FN": "",
        "DIRECT_INDIRECT_OWNERSHIP": "I", "DIRECT_INDIRECT_OWNERSHIP_FN": "", "NATURE_OF_OWNERSHIP": "See footnote",
        "NATURE_OF_OWNERSHIP_FN": "F4",
    }  # fmt: skip
    assert (first_sale["NONDERIV_TRANS_SK"], first_sale["TRANS_CODE"], first_sale["EQUITY_SWAP_TRANS_CD_FN"]) == (
        sk("0001209191-12-014199", "NONDERIV_TRANS", 2),
        "S",
        "F5",
    )
    assert (first_sale["TRANS_SHARES"], first_sale["TRANS_PRICEPERSHARE"], first_sale["TRANS_PRICEPERSHARE_FN"]) == (
        "18251",
        "88.1132",
        "F6",
    )
    assert (first_sale["TRANS_ACQUIRED_DISP_CD"], first_sale["SHRS_OWND_FOLWNG_TRANS"]) == ("D", "60416")


def test_deriv_trans_has_exercise_and_underlying_columns(exported: Path) -> None:
    (conversion,) = rows(exported / "DERIV_TRANS.csv")
    expected = {
        "DERIV_TRANS_SK": sk("0001209191-12-014199", "DERIV_TRANS", 1), "SECURITY_TITLE": "Class B Common Stock",
        "CONV_EXERCISE_PRICE": "",
        "CONV_EXERCISE_PRICE_FN": "F2,F3", "TRANS_DATE": "2012-02-27", "TRANS_FORM_TYPE": "4", "TRANS_CODE": "C",
        "EQUITY_SWAP_INVOLVED": "0", "EQUITY_SWAP_TRANS_CD_FN": "F1", "TRANS_SHARES": "78667",
        "TRANS_TOTAL_VALUE": "", "TRANS_PRICEPERSHARE": "0.00", "TRANS_ACQUIRED_DISP_CD": "D", "EXCERCISE_DATE": "",
        "EXCERCISE_DATE_FN": "F2,F3", "EXPIRATION_DATE": "", "EXPIRATION_DATE_FN": "F2,F3",
        "UNDLYNG_SEC_TITLE": "Class A Common Stock", "UNDLYNG_SEC_SHARES": "78667", "UNDLYNG_SEC_VALUE": "",
        "SHRS_OWND_FOLWNG_TRANS": "18872030", "DIRECT_INDIRECT_OWNERSHIP": "I", "NATURE_OF_OWNERSHIP": "See footnote",
        "NATURE_OF_OWNERSHIP_FN": "F4",
    }  # fmt: skip
    assert {key: conversion[key] for key in expected} == expected


def test_holdings_of_a_form_3_go_to_both_holding_tables(exported: Path) -> None:
    common = rows(exported / "NONDERIV_HOLDING.csv")
    assert [r["SHRS_OWND_FOLWNG_TRANS"] for r in common] == ["3909607", "9289278", "269560", "6016318", "301354"]
    first = common[0]
    assert (first["ACCESSION_NUMBER"], first["NONDERIV_HOLDING_SK"], first["SECURITY_TITLE"]) == (
        "form4viewer-7",
        sk("form4viewer-7", "NONDERIV_HOLDING", 1),
        "Common Stock",
    )
    assert (first["DIRECT_INDIRECT_OWNERSHIP"], first["NATURE_OF_OWNERSHIP_FN"]) == ("I", "F2,F3")
    assert first["NATURE_OF_OWNERSHIP"] == "Sequoia Capital Global Growth Fund III - Endurance Partners, L.P."
    preferred = rows(exported / "DERIV_HOLDING.csv")[0]
    assert (preferred["SECURITY_TITLE"], preferred["CONV_EXERCISE_PRICE_FN"], preferred["EXERCISE_DATE_FN"]) == (
        "Series A Preferred Stock",
        "F1",
        "F1",
    )
    assert (preferred["UNDLYNG_SEC_TITLE"], preferred["UNDLYNG_SEC_SHARES"]) == ("Common Stock", "2027400")
    assert preferred["NATURE_OF_OWNERSHIP"] == "Sequoia Capital XII Principals Fund, LLC"


def test_footnotes_and_signatures_have_one_line_each(exported: Path) -> None:
    notes = rows(exported / "FOOTNOTES.csv")
    assert [(n["ACCESSION_NUMBER"], n["FOOTNOTE_ID"]) for n in notes[:6]] == [
        ("0001209191-12-014199", f"F{i}") for i in range(1, 7)
    ]
    assert notes[0]["FOOTNOTE_TXT"] == (
        "Each share of Class A Common Stock was issued upon conversion of one share of "
        "Class B Common Stock at the election of the Reporting Person."
    )
    lnkd, unity = rows(exported / "OWNER_SIGNATURE.csv")
    assert lnkd == {
        "ACCESSION_NUMBER": "0001209191-12-014199",
        "OWNERSIGNATURENAME": "/s/ Lora Blum, Attorney-In-Fact",
        "OWNERSIGNATUREDATE": "2012-02-29",
    }
    assert unity["ACCESSION_NUMBER"] == "form4viewer-7"


# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("-2+3", "'-2+3"),
     ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Common Stock", "Common Stock"),
     ("1,000", "1,000"), ("", ""),
     # full-width signs, and characters that do not show standing before the sign
     ("\uff1dSUM(1,2)", "'\uff1dSUM(1,2)"), ("\uff0bA1", "'\uff0bA1"), ("\uff20A1", "'\uff20A1"),
     ("\u200b=1+1", "'\u200b=1+1"), ("\ufeff=1+1", "'\ufeff=1+1"), ("  =1+1", "'  =1+1"),
     ("\u00a0-cmd", "'\u00a0-cmd"),
     # numbers and a lone dash (NATURE_OF_OWNERSHIP "-") are values, not formulas
     ("-", "-"), ("+1", "+1"), ("-2.5", "-2.5"), ("-1,000.25", "-1,000.25"), ("x;=cmd", "x;=cmd")],
)  # fmt: skip
def test_cells_a_spreadsheet_would_run_as_formulas_are_escaped(text: str, written: str) -> None:
    assert safe_cell(text) == written


def test_formula_text_in_a_filing_is_escaped_in_every_file(data: Path, tmp_path: Path) -> None:
    filing = read(data / LNKD)
    for path in (
        "issuer.name",
        "reporting_owners[0].name",
        "non_derivative_transactions[0].security_title",
        "footnotes[0].text",
        "signatures[0].name",
    ):
        filing = filing.replace_at(path, filing.get(path).corrected_to("=cmd|'/c calc'!A1"))
    counts = export_folder(tmp_path, [("@acc", filing)])
    assert counts["transactions.csv"] == 5
    for name in [*SEC_TABLES, "transactions.csv"]:
        text = (tmp_path / name).read_text(encoding="utf-8-sig")
        assert ",=" not in text and "\n=" not in text and ",@" not in text, name
        if counts[name]:
            assert "'@acc" in text, name
    assert rows(tmp_path / "SUBMISSION.csv")[0]["ISSUERNAME"] == "'=cmd|'/c calc'!A1"


def test_the_flat_table_has_one_line_per_row_with_filing_issuer_and_owner(data: Path) -> None:
    out = io.StringIO()
    count = write_transactions_csv(out, [(str(data / LNKD), read(data / LNKD))])
    lines = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(lines) == 5
    assert list(lines[0]) == list(TRANSACTION_COLUMNS)
    # Rows are counted from 1 within each table, as the window numbers them: the conversion, then three sales.
    assert [(line["table"], line["row"]) for line in lines] == [
        ("non_derivative_transactions", "1"),
        ("non_derivative_transactions", "2"),
        ("non_derivative_transactions", "3"),
        ("non_derivative_transactions", "4"),
        ("derivative_transactions", "1"),
    ]
    first_sale = lines[1]
    assert first_sale["filing"] == str(data / LNKD)
    assert (first_sale["table"], first_sale["row"], first_sale["issuer_name"], first_sale["trading_symbol"]) == (
        "non_derivative_transactions",
        "2",
        "LINKEDIN CORP",
        "LNKD",
    )
    assert first_sale["owner_name"] == "Hoffman Reid; Reid Hoffman & Michelle Yee Living Trust"
    assert first_sale["owner_relationship"] == "Director,TenPercentOwner; TenPercentOwner"
    assert (first_sale["shares"], first_sale["price_per_share"], first_sale["transaction_code"]) == (
        "18251",
        "88.1132",
        "S",
    )
    assert first_sale["footnotes"] == "transaction_code: F5; price_per_share: F6; nature_of_ownership: F4"
    assert first_sale["underlying_shares"] == "" and first_sale["corrected"] == ""
    option = lines[4]
    assert (option["table"], option["underlying_shares"], option["shares_owned_following"]) == (
        "derivative_transactions",
        "78667",
        "18872030",
    )


# --------------------------------------------------------------------------------------------------------------


def test_the_export_reflects_a_saved_correction(data: Path, tmp_path: Path) -> None:
    store = Store(sqlite_utils.Database(memory=True))
    filing_id = import_file(store, data / LNKD).filing_id
    filing = store.load(filing_id)
    path = "non_derivative_transactions[1].shares"
    store.save(filing.replace_at(path, filing.get(path).corrected_to(Decimal("18252"))), filing_id=filing_id)
    items = [(export_key(i, f), f) for i, f in store.iter_filings()]
    # no accession number anywhere: keyed by its content as read, which the correction does not move
    key = content_key(read(data / LNKD))
    assert [k for k, _ in items] == [key] and key.startswith("F4V-")
    export_folder(tmp_path, items)
    sale = rows(tmp_path / "NONDERIV_TRANS.csv")[1]
    assert (sale["ACCESSION_NUMBER"], sale["TRANS_SHARES"]) == (key, "18252")
    flat = rows(tmp_path / "transactions.csv")[1]
    assert (flat["shares"], flat["corrected"]) == ("18252", "shares")


def test_export_key_is_the_accession_number_when_the_filing_has_one(data: Path) -> None:
    filing = read(data / LNKD)
    # never the row id: the same filing has the same key whatever its id in a database
    assert export_key(12, filing) == export_key(1, filing) == content_key(filing)
    with_accession = filing.replace_at("accession_number", filing.accession_number.corrected_to("0001209191-12-014199"))
    assert export_key(12, with_accession) == "0001209191-12-014199"


def test_an_empty_export_writes_headers_only(tmp_path: Path) -> None:
    counts = export_folder(tmp_path / "new" / "folder", [])
    assert set(counts.values()) == {0}
    for name in SEC_HEADERS:
        assert header(tmp_path / "new" / "folder" / name) == SEC_HEADERS[name].split()
    assert header(tmp_path / "new" / "folder" / "transactions.csv") == list(TRANSACTION_COLUMNS)
    assert header(tmp_path / "new" / "folder" / "problems.csv") == list(PROBLEM_COLUMNS)


def test_a_filing_without_rows_still_has_its_submission_and_owner_lines(tmp_path: Path) -> None:
    counts = write_sec_tables(tmp_path, [("x", Filing())])
    assert counts["SUBMISSION.csv"] == 1 and counts["NONDERIV_TRANS.csv"] == 0


def test_problems_csv_lists_what_the_checks_find_and_follows_a_correction(data: Path, tmp_path: Path) -> None:
    store = Store(sqlite_utils.Database(memory=True))
    filing_id = import_file(store, data / LNKD).filing_id
    filing = store.load(filing_id)
    path = "non_derivative_transactions[0].transaction_code"
    store.save(filing.replace_at(path, filing.get(path).corrected_to("Q")), filing_id=filing_id)
    export_folder(tmp_path / "wrong", [(export_key(i, f), f) for i, f in store.iter_filings()])
    flagged = [p for p in rows(tmp_path / "wrong" / "problems.csv") if p["field"] == path]
    assert [(p["filing"], p["rule"], p["severity"]) for p in flagged] == [
        (content_key(filing), "unknown-transaction-code", "error")
    ]
    assert "Q" in flagged[0]["message"]
    fixed = store.load(filing_id)
    store.save(fixed.replace_at(path, fixed.get(path).reverted()), filing_id=filing_id)
    export_folder(tmp_path / "fixed", [(export_key(i, f), f) for i, f in store.iter_filings()])
    assert [p for p in rows(tmp_path / "fixed" / "problems.csv") if p["field"] == path] == []


def test_a_cell_with_a_list_separator_before_a_formula_stays_one_quoted_cell(data: Path, tmp_path: Path) -> None:
    # A spreadsheet that splits on ";" would make "=cmd|..." a cell of its own if the cell were not quoted.
    filing = read(data / LNKD)
    attack = "x;=cmd|' /C calc'!A0"
    filing = filing.replace_at("issuer.name", filing.issuer.name.corrected_to(attack))
    export_folder(tmp_path, [("acc", filing)])
    for name in ("SUBMISSION.csv", "transactions.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8-sig")
        assert f'"{attack.replace(chr(34), chr(34) * 2)}"' in text, name
        # read as a spreadsheet set to split on ";" reads it (a quote anywhere opens or closes quoted text, and a
        # ";" inside quoted text does not split): no cell begins with the formula
        for line in text.splitlines():
            cells, quoted, start = [], False, 0
            for i, ch in enumerate(line):
                if ch == '"':
                    quoted = not quoted
                elif ch == ";" and not quoted:
                    cells.append(line[start:i])
                    start = i + 1
            cells.append(line[start:])
            assert not any(cell.lstrip().startswith("=") for cell in cells), (name, line)
    assert rows(tmp_path / "SUBMISSION.csv")[0]["ISSUERNAME"] == attack
