"""`form4viewer list`, `search` and `info --json`: the saved filings and the facts of the installation, as a table on
a terminal or as JSON for a script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from form4viewer import __version__
from form4viewer.cli import main
from form4viewer.export import filing_key
from form4viewer.paths import data_dir, default_db_path
from form4viewer.readers import read
from form4viewer.store import Store

DATA = Path(__file__).parent / "data"

#: Real filings and what each really says: key, issuer, ticker, owners, form, period, source kind.
FILINGS = {
    "store/lnkd-form4-2012-two-owners.xml": (
        None, "LINKEDIN CORP", "LNKD", ["Hoffman Reid", "Reid Hoffman & Michelle Yee Living Trust"], "4",
        "2012-02-27", "xml"),
    "submissions/lrcx-form4a.txt": (
        "0000707549-25-000004", "LAM RESEARCH CORP", "LRCX", ["Ahmed Sohail U"], "4/A", "2024-11-04", "sgml"),
    "ownership/mdb-form5.xml": (None, "MongoDB, Inc.", "MDB", ["BOTHA ROELOF"], "5", "2020-01-31", "xml"),
    "store/unity-form3-2020-holdings.xml": (
        None, "Unity Software Inc.", "U", ["BOTHA ROELOF"], "3", "2020-09-17", "xml"),
}  # fmt: skip


@pytest.fixture
def db(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with the four filings imported, one after the other so that their ids follow FILINGS."""
    path = tmp_path / "filings.sqlite"
    for sample in FILINGS:
        copy = tmp_path / Path(sample).name
        shutil.copy(data / sample, copy)
        assert main(["import", "--db", str(path), "--jobs", "1", str(copy)]) == 0
    capsys.readouterr()
    return path


def _key(sample: str) -> str:
    """The key export gives the filing, worked out from the file itself."""
    return filing_key(read(DATA / sample))


def _expected(ids: list[int] | None = None) -> list[tuple[Any, ...]]:
    rows = [(accession or _key(sample), *rest) for sample, (accession, *rest) in FILINGS.items()]
    return [rows[i - 1] for i in ids] if ids is not None else rows


def _facts(listed: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    keys = ("key", "issuer", "ticker", "owners", "form", "period", "source_kind")
    return [tuple(item[key] for key in keys) for item in listed]


def _json(argv: list[str], capsys: pytest.CaptureFixture[str], status: int = 0) -> Any:
    assert main(argv) == status
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def test_list_json_gives_each_saved_filing_with_what_it_really_says(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = _json(["list", "--db", str(db), "--json"], capsys)
    assert _facts(listed) == _expected()
    assert [item["id"] for item in listed] == [1, 2, 3, 4]
    lrcx = listed[1]
    assert lrcx["accession"] == "0000707549-25-000004" and lrcx["filing_date"] == "2025-01-21"
    assert lrcx["issuer_cik"] == "0000707549" and lrcx["source_name"].endswith("lrcx-form4a.txt")
    assert listed[0]["accession"] is None  # a bare XML does not say its accession number: its key is its content's
    assert listed[0]["key"].startswith("F4V-") and len(listed[0]["key"]) == 24
    assert all(item["corrected"] is False and isinstance(item["problems"], int) for item in listed)


def test_list_on_a_terminal_is_aligned_columns(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["KEY", "ISSUER", "TICKER", "OWNERS", "FORM", "PERIOD", "PROBLEMS", "SOURCE", "SAVED",
                                "REVIEW"]
    assert all(line.endswith("  to-review") for line in lines[1:])
    assert len(lines) == 1 + len(FILINGS)
    for heading in ("ISSUER", "TICKER", "OWNERS", "FORM", "PERIOD"):
        column = lines[0].index(heading)
        values = [line[column:].split("  ")[0] for line in lines[1:]]
        index = {"ISSUER": 1, "TICKER": 2, "OWNERS": 3, "FORM": 4, "PERIOD": 5}[heading]
        expected = [row[index] for row in _expected()]
        if heading == "OWNERS":
            expected = ["; ".join(owners) for owners in expected]
        assert values == expected, heading
    assert lines[2].startswith("0000707549-25-000004      LAM RESEARCH CORP")


def test_list_keeps_one_ticker_and_stops_at_the_limit(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _facts(_json(["list", "--db", str(db), "--json", "--ticker", "lrcx"], capsys)) == _expected([2])
    assert _facts(_json(["list", "--db", str(db), "--json", "--limit", "2"], capsys)) == _expected([1, 2])
    assert _json(["list", "--db", str(db), "--json", "--ticker", "AAPL"], capsys) == []


def test_list_keeps_the_filings_of_one_review_state(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store:
        store.set_review_state(2, "reviewed", who="alice")
    listed = _json(["list", "--db", str(db), "--json", "--state", "reviewed"], capsys)
    assert _facts(listed) == _expected([2])
    assert (listed[0]["review_state"], listed[0]["reviewed_by"]) == ("reviewed", "alice")
    assert listed[0]["reviewed_at"] is not None
    to_review = _json(["list", "--db", str(db), "--json", "--state", "to-review"], capsys)
    assert _facts(to_review) == _expected([1, 3, 4])
    assert {(item["review_state"], item["reviewed_by"], item["reviewed_at"]) for item in to_review} == {
        ("to-review", None, None)}
    assert _facts(_json(["search", "botha", "--db", str(db), "--json", "--state", "to-review"], capsys)) == (
        _expected([3, 4]))
    assert main(["list", "--db", str(db), "--state", "reviewed"]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert row.startswith("0000707549-25-000004") and row[header.index("REVIEW"):] == "reviewed"
    with pytest.raises(SystemExit):
        main(["list", "--db", str(db), "--state", "done"])
    assert "invalid choice: 'done'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("linkedin", [1]),  # the issuer
        ("botha roelof", [3, 4]),  # an owner, in another case
        ("Michelle Yee", [1]),  # the second owner of the LinkedIn filing
        ("Sohail Family Trust", [2]),  # a footnote of the Lam Research filing
        ("TEN-FOR-ONE FORWARD SPLIT", [2]),  # its remarks
        ("Nasdaq-listed company that does not exist", []),
    ],
)
def test_search_finds_names_footnotes_and_remarks(
    text: str, found: list[int], db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = _json(["search", text, "--db", str(db), "--json"], capsys, status=0 if found else 1)
    assert _facts(listed) == _expected(found)


def test_search_finds_a_filing_as_corrected(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import dataclasses

    with Store.open(db) as store:
        filing = store.load(3)
        remarks = filing.remarks.corrected_to("Gifts to the Botha family foundation")
        store.save(dataclasses.replace(filing, remarks=remarks), filing_id=3, expected_version=store.version(3))
    listed = _json(["search", "family foundation", "--db", str(db), "--json"], capsys)
    assert _facts(listed) == _expected([3]) and listed[0]["corrected"] is True
    assert main(["list", "--db", str(db)]) == 0
    assert " corrected" in capsys.readouterr().out.splitlines()[3]


def test_search_takes_percent_and_underscore_as_themselves(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The LinkedIn filing's footnotes speak of "66 2/3%" and "less than 10%"; no filing holds an underscore.
    assert _facts(_json(["search", "2/3%", "--db", str(db), "--json"], capsys)) == _expected([1])
    assert _json(["search", "66_2", "--db", str(db), "--json"], capsys, status=1) == []
    assert _json(["search", "_", "--db", str(db), "--json"], capsys, status=1) == []


def test_list_of_a_missing_database_is_one_line_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.sqlite"
    assert main(["list", "--db", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"form4viewer: {missing}: no such database\n"
    assert not missing.exists()


def test_info_json_has_the_facts_info_prints(capsys: pytest.CaptureFixture[str]) -> None:
    facts = _json(["info", "--json"], capsys)
    assert facts["version"] == __version__
    assert facts["database"] == str(default_db_path()) and facts["data_folder"] == str(data_dir())
    assert main(["info"]) == 0
    text = capsys.readouterr().out
    assert f"database:    {facts['database']}\n" in text
    assert all(sample in text for sample in facts["samples"]) and len(facts["samples"]) >= 1


def test_a_filing_with_ten_owners_keeps_the_table_narrow_and_the_json_whole(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite"
    assert main(["import", "--db", str(db), str(data / "ownership/pdot-form4-ten-owners.xml")]) == 0
    capsys.readouterr()
    (item,) = _json(["list", "--db", str(db), "--json"], capsys)
    assert len(item["owners"]) == 10 and item["ticker"] == "PDOT"
    assert main(["list", "--db", str(db)]) == 0
    header, row = capsys.readouterr().out.splitlines()
    owners = row[header.index("OWNERS"):header.index("FORM")].rstrip()
    assert len(owners) == 60 and owners.endswith("…") and owners.startswith(item["owners"][0])


def test_export_takes_the_key_list_gives(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    listed = _json(["list", "--db", str(db), "--json"], capsys)
    for item in (listed[0], listed[1]):  # a key derived from the content, an accession number
        out = tmp_path / item["key"]
        assert main(["export", "--db", str(db), "--out", str(out), "--filing", item["key"]]) == 0
        with open(out / "SUBMISSION.csv", newline="", encoding="utf-8-sig") as fh:
            (row,) = list(csv.DictReader(fh))
        assert row["ACCESSION_NUMBER"] == item["key"] and row["ISSUERNAME"] == item["issuer"]
