"""`form4viewer extract`: many files in one process, the contract's keys, one bad file stops nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from form4viewer import __version__
from form4viewer.cli import main

DATA = Path(__file__).parent / "data"
GOOD = [
    DATA / "ownership" / "pdot-form4-ten-owners.xml",
    DATA / "submissions" / "dkng-form4-10b5-1.txt",
    DATA / "ownership" / "u-form4-value-only-rows.xml",
]
TOP_KEYS = {
    "file", "form", "period_of_report", "date_of_original_submission", "no_securities_owned",
    "not_subject_to_section16", "form3_holdings_reported", "form4_transactions_reported", "aff10b5_one", "issuer",
    "reporting_owners", "non_derivative_transactions", "non_derivative_holdings", "derivative_transactions",
    "derivative_holdings", "footnotes", "remarks", "signatures",
}
OWNER_KEYS = {"cik", "name", "street1", "street2", "city", "state", "zip_code", "state_description", "country",
              "is_director", "is_officer", "is_ten_percent_owner", "is_other", "officer_title", "other_text"}


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "broken form.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<ownershipDocument>\n<issuer>\n</ownershipDocument>\n')
    return path


def test_jsonl_gives_one_line_per_file_in_order_with_an_error_object_for_the_bad_one(
    bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(GOOD[0]), str(bad), str(GOOD[1]), str(GOOD[2])]
    status = main(["extract", "--format", "jsonl", *files])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    items = [json.loads(line) for line in lines]
    assert [item["file"] for item in items] == files
    error = items[1]
    assert set(error) == {"file", "error"}
    assert error["error"].startswith(f"{bad}, line 4: the XML is not well-formed")
    pdot, dkng, unity = items[0], items[2], items[3]
    assert TOP_KEYS <= set(pdot) and TOP_KEYS <= set(dkng)
    assert len(pdot["reporting_owners"]) == 10 and all(set(o) == OWNER_KEYS for o in pdot["reporting_owners"])
    assert pdot["not_subject_to_section16"] is True
    row = pdot["derivative_transactions"][0]
    assert (row["transaction_code"], row["shares"], row["price_per_share"]) == ("D", "10121368", "0.00")
    assert row["footnotes"] == {"conversion_or_exercise_price": ["F1"], "transaction_code": ["F2", "F3"],
                                "shares": ["F2", "F3"], "price_per_share": ["F2", "F3"], "exercise_date": ["F1"],
                                "expiration_date": ["F1"], "direct_or_indirect": ["F2", "F3"]}
    assert dkng["aff10b5_one"] is True and dkng["accession_number"] == "0001104659-25-025206"
    assert dkng["filing_date"] == "2025-03-18"
    assert dkng["non_derivative_transactions"][0]["transaction_date"] == "2025-03-14"
    assert unity["derivative_transactions"][0]["total_value"] == "60000000"
    assert unity["signatures"] == [{"name": "/s/ Jung Yeon Son, Attorney-in-fact for Roelof Botha",
                                    "date": "2022-11-10"}]


def test_json_gives_an_array_and_names_the_bad_file_on_stderr(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["extract", str(bad), str(GOOD[2])])
    captured = capsys.readouterr()
    assert status == 1
    items = json.loads(captured.out)
    assert [item["file"] for item in items] == [str(bad), str(GOOD[2])]
    assert "error" in items[0] and items[1]["issuer"]["name"] == "Unity Software Inc."
    assert str(bad) in captured.err and "Traceback" not in captured.err


def test_all_good_files_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--format", "jsonl", *map(str, GOOD)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_missing_file_is_an_error_object_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.xml"
    assert main(["extract", "--format", "jsonl", str(missing)]) == 1
    assert json.loads(capsys.readouterr().out) == {"file": str(missing), "error": f"{missing}: no such file or folder"}


def test_extract_help_describes_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "usage: form4viewer extract" in out and "jsonl" in out and "FILE" in out


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"form4viewer {__version__}"


def test_python_dash_m_form4viewer_extract_runs_headless(bad: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "form4viewer", "extract", "--format", "jsonl", str(GOOD[1]), str(bad)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1, proc.stderr
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert first["issuer"]["trading_symbol"] == "DKNG"
    assert first["reporting_owners"][0]["name"] == "Dodge R Stanton"
    assert second["file"] == str(bad) and "not well-formed" in second["error"]
    assert "Traceback" not in proc.stderr
