"""`form4viewer import` and `form4viewer export`, and the store's import of files and folders."""

from __future__ import annotations

import csv
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from form4viewer import importer
from form4viewer.cli import main
from form4viewer.importer import import_paths
from form4viewer.paths import default_db_path
from form4viewer.readers import read
from form4viewer.store import Store

SAMPLES = ("store/lnkd-form4-2012-two-owners.xml", "store/unity-form3-2020-holdings.xml",
           "robustness/tsla-form4-2023.xml")  # fmt: skip


@pytest.fixture
def folder(data: Path, tmp_path: Path) -> Path:
    """A folder of three filings (one in a subfolder), a note that is not a filing, and a hidden file."""
    root = tmp_path / "filings"
    (root / "2023").mkdir(parents=True)
    shutil.copy(data / SAMPLES[0], root / "lnkd.xml")
    shutil.copy(data / SAMPLES[1], root / "unity.xml")
    shutil.copy(data / SAMPLES[2], root / "2023" / "tsla.xml")
    (root / "notes.txt").write_text("Ask about the Unity holdings.\n")
    (root / ".hidden.xml").write_bytes(b"<ownershipDocument>")
    return root


def test_importing_a_folder_saves_each_filing_and_skips_what_is_not_one(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite"
    assert main(["import", str(folder), "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"3 filings read and saved in {db}", "1 files in the folders skipped (not filings)"]
    assert err == ""  # no progress bar when stderr is not a terminal
    with Store.open(db) as store:
        issuers = sorted(s.issuer for s in store.list_filings())
        assert issuers == ["LINKEDIN CORP", "Tesla, Inc.", "Unity Software Inc."]
        by_name = {store.record(i).source_name: i for i in store.ids()}
        assert store.load(by_name[str(folder / "2023" / "tsla.xml")]) == read(folder / "2023" / "tsla.xml")


def test_importing_again_skips_every_file_as_a_duplicate(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite"
    main(["import", str(folder), "--db", str(db)])
    capsys.readouterr()
    assert main(["import", str(folder), "--db", str(db)]) == 0
    out, _ = capsys.readouterr()
    assert "0 filings read and saved" in out
    assert "3 skipped as duplicates (already saved; their corrections are kept)" in out
    with Store.open(db) as store:
        assert store.count() == 3


def test_a_file_that_fails_is_listed_with_its_reason_and_the_exit_status_is_1(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.xml"
    damaged.write_bytes((folder / "lnkd.xml").read_bytes()[:3000])
    note = folder / "notes.txt"
    db = tmp_path / "db.sqlite"
    assert main(["import", str(damaged), str(note), str(tmp_path / "absent.xml"), str(folder / "unity.xml"),
                 "--db", str(db)]) == 1  # fmt: skip
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"1 filing read and saved in {db}", "3 failed (each named on standard error)"]
    lines = err.splitlines()  # failures on stderr, each naming its file
    assert lines[0].startswith(f"form4viewer: {damaged}") and "not well-formed" in lines[0]
    assert lines[1].startswith(f"form4viewer: {note}: not a Form 3/4/5 filing")
    assert lines[2] == f"form4viewer: {tmp_path / 'absent.xml'}: no such file or folder"


def test_import_without_db_uses_the_default_database(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(folder / "lnkd.xml")]) == 0
    assert f"1 filing read and saved in {default_db_path()}" in capsys.readouterr().out
    with Store.open(default_db_path(), create=False) as store:
        assert store.count() == 1


def test_a_progress_bar_is_drawn_on_a_terminal(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["import", str(folder), "--db", str(tmp_path / "db.sqlite")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("\rimporting [") and err.rstrip().endswith("]  4/4  100%  in 0 s")


def test_an_unusable_database_is_one_clear_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.sqlite"
    db.write_text("not a database\n" * 100)
    assert main(["import", str(folder), "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        f"form4viewer: {db}: this is not a form4viewer database (the file is damaged or of another kind)\n"
    )


# --------------------------------------------------------------------------------------------------------------
# The store's import


def test_import_reports_progress_for_every_file(folder: Path) -> None:
    store = Store.open(folder.parent / "db.sqlite")
    seen: list[tuple[int, int, str]] = []
    outcomes = import_paths(store, [folder], progress=lambda done, total, o: seen.append((done, total, o.status)))
    assert [o.status for o in outcomes] == ["read", "skipped", "read", "read"]
    assert [(done, total) for done, total, _ in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    store.close()


def test_parallel_import_saves_the_same_filings_in_the_order_found(corpus: Path, tmp_path: Path) -> None:
    files = sorted((corpus / "xml").glob("*.xml"))[:60]
    with Store.open(tmp_path / "parallel.sqlite") as store:
        outcomes = import_paths(store, files + files[:5], jobs=2, batch=16)
        assert [o.path for o in outcomes] == [str(f) for f in files + files[:5]]
        assert [o.status for o in outcomes] == ["read"] * 60 + ["duplicate"] * 5
        assert [o.filing_id for o in outcomes[:60]] == list(range(1, 61))
        assert [o.filing_id for o in outcomes[60:]] == [1, 2, 3, 4, 5]
        for outcome, path in zip(outcomes, files, strict=False):
            assert store.load(outcome.filing_id) == read(path)
            assert store.source_bytes(outcome.filing_id) == path.read_bytes()


def test_a_cancelled_import_keeps_the_files_already_read(corpus: Path, tmp_path: Path) -> None:
    files = sorted((corpus / "xml").glob("*.xml"))[:40]
    done: list[int] = []
    with Store.open(tmp_path / "cancel.sqlite") as store:
        outcomes = import_paths(store, files, jobs=1, progress=lambda n, total, o: done.append(n),
                                      cancelled=lambda: len(done) >= 10, batch=4)  # fmt: skip
        assert 10 <= len(outcomes) < 40
        assert store.count() == len(outcomes)
        assert all(o.status == "read" for o in outcomes)


def test_files_read_slowly_are_saved_and_reported_without_waiting_for_a_full_batch(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each file takes longer to read than a batch may wait: each is saved and reported as soon as the next one is
    # read, though the batch (1024 files) is far from full. With no time limit on a batch, all wait for the end.
    events: list[str] = []
    real = importer._read_file

    def slow(name: str, *args: Any) -> Any:
        events.append(f"read {Path(name).name}")
        time.sleep(0.05)
        return real(name, *args)

    monkeypatch.setattr(importer, "_read_file", slow)
    for seconds, expected in ((0.04, ["read lnkd.xml", "read unity.xml", "saved 1", "read tsla.xml", "saved 2",
                                       "saved 3"]),
                              (3600.0, ["read lnkd.xml", "read unity.xml", "read tsla.xml", "saved 1", "saved 2",
                                        "saved 3"])):  # fmt: skip
        monkeypatch.setattr(importer, "_BATCH_SECONDS", seconds)
        events.clear()
        with Store.open(folder.parent / f"db-{seconds}.sqlite") as store:
            import_paths(store, [folder / "lnkd.xml", folder / "unity.xml", folder / "2023" / "tsla.xml"], jobs=1,
                         progress=lambda done, total, o: events.append(f"saved {o.filing_id}"))  # fmt: skip
        assert events == expected


# --------------------------------------------------------------------------------------------------------------
# export


def test_export_writes_the_nine_files_and_a_summary(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite"
    main(["import", str(folder), "--db", str(db)])
    capsys.readouterr()
    out_dir = tmp_path / "csv"
    assert main(["export", "--db", str(db), "--out", str(out_dir)]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0] == f"3 filings from {db} written to {out_dir}:"
    assert "  NONDERIV_TRANS.csv     6 rows" in out  # 4 LinkedIn and 2 Tesla transactions
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([
        "SUBMISSION.csv", "REPORTINGOWNER.csv", "NONDERIV_TRANS.csv", "NONDERIV_HOLDING.csv", "DERIV_TRANS.csv",
        "DERIV_HOLDING.csv", "FOOTNOTES.csv", "OWNER_SIGNATURE.csv", "transactions.csv", "problems.csv"])  # fmt: skip
    with open(out_dir / "SUBMISSION.csv", newline="", encoding="utf-8-sig") as fh:
        submissions = list(csv.DictReader(fh))
    assert sorted(s["ISSUERNAME"] for s in submissions) == ["LINKEDIN CORP", "Tesla, Inc.", "Unity Software Inc."]
    # no accession numbers: keyed by content (F4V-...), never by row id, so that two databases cannot collide
    assert len({s["ACCESSION_NUMBER"] for s in submissions}) == 3
    assert all(s["ACCESSION_NUMBER"].startswith("F4V-") for s in submissions)


def test_export_of_chosen_filings_writes_only_those(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.sqlite"
    main(["import", str(folder), "--db", str(db)])
    with Store.open(db) as store:
        unity = next(s.id for s in store.list_filings("unity"))
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "one"), "--filing", str(unity)]) == 0
    with open(tmp_path / "one" / "SUBMISSION.csv", newline="", encoding="utf-8-sig") as fh:
        (only,) = list(csv.DictReader(fh))
    assert only["ISSUERNAME"] == "Unity Software Inc." and only["ACCESSION_NUMBER"].startswith("F4V-")
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "two"), "--filing", "99"]) == 1
    assert capsys.readouterr().err == f"form4viewer: {db}: there is no filing 99\n"


def test_export_from_a_missing_database_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "absent.sqlite"
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "csv")]) == 1
    assert capsys.readouterr().err == f"form4viewer: {db}: no such database\n"
    assert not db.exists()


# --------------------------------------------------------------------------------------------------------------
# A second source: the XML of a filing and the PDF printed from EDGAR's page of it (same accession number)

RIV = "store/0001398344-23-009540_F4_RIV_RIVERNORTH-CAPITAL-MANAG_fromtxt"
RIV_KEY = "0001398344-23-009540"


@pytest.fixture
def riv(data: Path, tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "riv"
    folder.mkdir()
    xml, pdf = folder / f"{Path(RIV).name}.xml", folder / f"{Path(RIV).name}.pdf"
    shutil.copy(data / f"{RIV}.xml", xml)
    shutil.copy(data / f"{RIV}.pdf", pdf)
    return xml, pdf


def _sec_rows(db: Path, out: Path, table: str) -> list[dict[str, str]]:
    assert main(["export", "--db", str(db), "--out", str(out), "--format", "sec"]) == 0
    with open(out / f"{table}.tsv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_the_pdf_of_a_saved_xml_is_attached_to_it_and_exports_as_one_filing(
    riv: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml, pdf = riv
    db = tmp_path / "db.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(xml)]) == 0
    capsys.readouterr()
    assert main(["import", "--db", str(db), "--jobs", "1", str(pdf)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{pdf}: second source of {RIV_KEY} (saved from {xml}): attached",
        f"0 filings read and saved in {db}",
        "1 second source attached to filings saved already",
    ]
    assert err == ""
    with Store.open(db) as store:
        assert store.ids() == [1]
        (attached,) = store.sources(1)
        assert (attached.name, attached.kind) == (str(pdf), "pdf")
        assert store.attached_bytes(attached.id) == pdf.read_bytes()
        assert store.load(1) == read(xml) and store.corrections(1) == []
    export = tmp_path / "sec"
    (submission,) = _sec_rows(db, export, "SUBMISSION")
    assert (submission["ACCESSION_NUMBER"], submission["ISSUERTRADINGSYMBOL"]) == (RIV_KEY, "RIV")
    (sale,) = _sec_rows(db, export, "NONDERIV_TRANS")  # the XML's one sale, once
    assert (sale["ACCESSION_NUMBER"], sale["TRANS_SHARES"]) == (RIV_KEY, "1600.0")  # as the SEC prints 1600
    (owner,) = _sec_rows(db, export, "REPORTINGOWNER")
    assert owner["RPTOWNERNAME"] == "RIVERNORTH CAPITAL MANAGEMENT, LLC"
    # Importing the PDF again finds it saved, with the filing it was attached to.
    assert main(["import", "--db", str(db), "--jobs", "1", str(pdf)]) == 0
    assert "1 skipped as duplicates" in capsys.readouterr().out


@pytest.mark.parametrize("keys_at_once", [False, True])
def test_the_xml_and_the_pdf_of_one_filing_in_one_import_give_one_filing(
    keys_at_once: bool, riv: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A few files look each key up; many read every saved key first (as if these two were many).
    import form4viewer.importer

    if keys_at_once:
        monkeypatch.setattr(form4viewer.importer, "_KEYS_AT_ONCE", 1)
    xml, pdf = riv
    db = tmp_path / "db.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(xml.parent)]) == 0
    out = capsys.readouterr().out
    # The folder's files come by name: the PDF first, so it is the one saved and the XML its second source.
    assert out.splitlines() == [
        f"{xml}: second source of {RIV_KEY} (saved from {pdf}): attached",
        f"1 filing read and saved in {db}",
        "1 second source attached to filings saved already",
    ]
    with Store.open(db) as store:
        assert store.count() == 1 and [s.name for s in store.sources(1)] == [str(xml)]


def test_keep_saves_a_second_source_as_a_filing_of_its_own_and_says_so(
    riv: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml, pdf = riv
    db = tmp_path / "db.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", "--second-source", "keep", str(xml), str(pdf)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{pdf}: second source of {RIV_KEY} (saved from {xml}): kept",
        f"2 filings read and saved in {db}",
        "1 second source kept as filings of their own (counted above)",
    ]
    with Store.open(db) as store:
        assert store.ids() == [1, 2] and store.sources(1) == [] and store.sources(2) == []
    assert len(_sec_rows(db, tmp_path / "sec", "SUBMISSION")) == 2


def test_a_second_source_on_standard_input_is_attached_too(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    # Lam Research's 4/A as a full submission (its header gives the accession number), then the same submission
    # as another download gives it (a line ending more) on standard input.
    submission = data / "submissions" / "lrcx-form4a.txt"
    db = tmp_path / "db.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(submission)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(submission.read_bytes() + b"\n")))
    assert main(["import", "--db", str(db), "-"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"<stdin>: second source of 0000707549-25-000004 (saved from {submission}): attached")
    with Store.open(db) as store:
        assert store.count() == 1 and [s.name for s in store.sources(1)] == ["<stdin>"]


def test_import_paths_refuses_an_unknown_second_source_mode(tmp_path: Path, data: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store, pytest.raises(ValueError, match="attach, keep, not 'merge'"):
        import_paths(store, [data / SAMPLES[0]], second_source="merge")
