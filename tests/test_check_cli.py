"""`form4viewer check FILE... [--format text|jsonl] [--rules]`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from unnamed_accounts import rum_with_accounts_unnamed

from form4viewer.checks import RULES
from form4viewer.cli import main

DATA = Path(__file__).parent / "data" / "checks"
JOBY = DATA / "joby-form4-2023.xml"


@pytest.fixture
def unknown_code(tmp_path: Path) -> Path:
    """The Joby filing with its first transaction code changed to one the form does not have."""
    text = JOBY.read_text(encoding="utf-8")
    assert text.count("<transactionCode>S</transactionCode>") == 3
    path = tmp_path / "joby with a bad code.xml"
    path.write_text(text.replace("<transactionCode>S</transactionCode>", "<transactionCode>Q</transactionCode>", 1),
                    encoding="utf-8")
    return path


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_check_jsonl_gives_one_line_per_file_in_order(
    unknown_code: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_filing = tmp_path / "notes.txt"
    not_a_filing.write_text("shopping list: milk, eggs\n", encoding="utf-8")
    status = main(["check", "--format", "jsonl", str(JOBY), str(not_a_filing), str(unknown_code)])
    items = lines(capsys.readouterr().out)
    assert status == 1
    assert [item["file"] for item in items] == [str(JOBY), str(not_a_filing), str(unknown_code)]
    assert items[0]["problems"] == []
    assert "error" in items[1] and str(not_a_filing) in items[1]["error"] and "problems" not in items[1]
    assert items[2]["problems"] == [{
        "rule": "unknown-transaction-code",
        "severity": "error",
        "path": "non_derivative_transactions[0].transaction_code",
        "message": 'Table I row 1 (Common Stock): the transaction code "Q" is not a Form 4 transaction code.',
    }]


@pytest.fixture
def unnamed(tmp_path: Path) -> Path:
    """RUM's filing with its three accounts not told apart (unnamed_accounts): notes and warnings, no error."""
    path = tmp_path / "rum accounts unnamed.xml"
    path.write_bytes(rum_with_accounts_unnamed())
    return path


def test_check_exits_0_when_only_warnings_or_notes_are_found(unnamed: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "jsonl", str(unnamed)]) == 0
    (item,) = lines(capsys.readouterr().out)
    assert item["problems"] and {p["severity"] for p in item["problems"]} == {"info", "warning"}


def test_check_exits_1_when_an_error_is_found(unknown_code: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(JOBY), str(unknown_code)]) == 1


def test_check_text_lists_problems_grouped_by_file(unknown_code: Path, unnamed: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(JOBY), str(unknown_code), str(unnamed)])
    out = capsys.readouterr().out
    assert f"{JOBY}: no problems found" in out
    assert f"{unknown_code}: 1 error\n" in out
    assert "error    non_derivative_transactions[0].transaction_code  [unknown-transaction-code]" in out
    assert f"{unnamed}: 3 warnings, 4 notes" in out
    assert out.index(str(JOBY)) < out.index(str(unknown_code)) < out.index(str(unnamed))


def test_check_rules_lists_every_rule_with_its_severity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--rules"]) == 0
    listed = [line.split()[:2] for line in capsys.readouterr().out.splitlines()]
    assert listed == [[rule.id, rule.severity] for rule in RULES.values()]


def test_check_without_files_says_what_it_needs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 2
    assert "FILE" in capsys.readouterr().err


def test_check_of_a_missing_file_names_it_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone.xml"
    assert main(["check", str(missing)]) == 1
    captured = capsys.readouterr()
    assert f"form4viewer: {missing}: no such file or folder\n" == captured.err  # a failure goes to stderr
    assert "Traceback" not in captured.out + captured.err
