"""The session without a display: saving (each outcome), the recovery file, and which field a click on the source
means. Files are the shipped samples (resources/samples/README.md says where each came from)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from form4viewer import read
from form4viewer.checks import check
from form4viewer.model import Filing
from form4viewer.readers import load_file
from form4viewer.recovery import pending
from form4viewer.session import (
    Conflict,
    Duplicate,
    Failed,
    Opened,
    Readings,
    ReadOnly,
    Restored,
    Saved,
    SecondSource,
    Session,
    field_at_offset,
    field_at_point,
    source_of,
    where_it_would_stand,
)
from form4viewer.sources import PdfBox, TextSpan

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
TESLA = SAMPLES / "tesla-form4-2023.xml"
MICROSOFT = SAMPLES / "microsoft-form4-2024.pdf"
QUALYS = SAMPLES / "qualys-form4-2013.txt"


def opened(session: Session, path: Path) -> Filing:
    """Read `path` and tell the session it is what is shown, as the window does."""
    filing = read(path)
    session.set_open(load_file(path), str(path))
    return filing


def corrected(filing: Filing, path: str, value: object) -> Filing:
    return filing.replace_at(path, filing.get(path).corrected_to(value))


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return Session(tmp_path / "filings.sqlite", recovery_dir=tmp_path / "recovery")


# ---- saving -------------------------------------------------------------------------------------------------------


def test_a_first_save_keeps_the_bytes_and_the_problems_and_a_second_replaces_them(session: Session) -> None:
    filing = opened(session, TESLA)
    outcome = session.save(filing, check(filing))
    assert isinstance(outcome, Saved) and outcome.version == 1 and outcome.corrections_logged == 0
    assert session.filing_id == outcome.filing_id and session.version == 1
    store = session.store
    assert store is not None
    assert store.source_bytes(outcome.filing_id) == TESLA.read_bytes()
    assert [p.rule for p in store.problems(outcome.filing_id)] == [p.rule for p in check(filing)]

    fixed = corrected(filing, "remarks", "Shares held by the Elon Musk Revocable Trust")
    again = session.save(fixed, [])
    assert isinstance(again, Saved) and again.filing_id == outcome.filing_id
    assert again.version == 2 and again.corrections_logged == 1
    assert store.load(outcome.filing_id).remarks.value == "Shares held by the Elon Musk Revocable Trust"
    assert store.problems(outcome.filing_id) == []  # replaced by the save's own, in its transaction


def test_a_save_over_another_windows_save_is_a_conflict_until_the_person_overwrites(tmp_path: Path) -> None:
    db = tmp_path / "filings.sqlite"
    mine, theirs = Session(db, tmp_path / "r1"), Session(db, tmp_path / "r2")
    filing = opened(mine, TESLA)
    first = mine.save(filing)
    assert isinstance(first, Saved)
    loaded = theirs.open_saved(first.filing_id)
    assert isinstance(loaded, Opened) and loaded.name == str(TESLA) and loaded.data == TESLA.read_bytes()
    assert isinstance(theirs.save(corrected(loaded.filing, "remarks", "theirs")), Saved)

    outcome = mine.save(corrected(filing, "remarks", "mine"))
    assert isinstance(outcome, Conflict)
    assert theirs.store is not None and theirs.store.load(first.filing_id).remarks.value == "theirs"
    overwritten = mine.save(corrected(filing, "remarks", "mine"), overwrite=True)
    assert isinstance(overwritten, Saved) and overwritten.version == 3
    assert theirs.store.load(first.filing_id).remarks.value == "mine"
    mine.close_store()
    theirs.close_store()


def test_the_same_bytes_saved_twice_is_a_duplicate_naming_the_saved_filing(tmp_path: Path) -> None:
    db = tmp_path / "filings.sqlite"
    first, second = Session(db, tmp_path / "r1"), Session(db, tmp_path / "r2")
    saved = first.save(opened(first, QUALYS))
    assert isinstance(saved, Saved)
    outcome = second.save(opened(second, QUALYS))
    assert isinstance(outcome, Duplicate) and outcome.filing_id == saved.filing_id
    assert f"filing {saved.filing_id}" in outcome.message and second.filing_id is None
    first.close_store()
    second.close_store()


def test_a_read_only_database_says_so_and_another_database_takes_the_save(tmp_path: Path) -> None:
    import sqlite_utils

    from form4viewer.store import Store

    path = tmp_path / "ro.sqlite"
    Store.open(path).close()
    session = Session(path, tmp_path / "recovery")
    session.store = Store(sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True)), path)
    filing = opened(session, MICROSOFT)
    outcome = session.save(filing)
    assert isinstance(outcome, ReadOnly) and outcome.message == f"{path}: the database file is read-only; save to " \
                                                                "another file"
    assert session.filing_id is None

    elsewhere = tmp_path / "elsewhere.sqlite"
    saved = session.save_to_database(elsewhere, filing, check(filing))
    assert isinstance(saved, Saved) and saved.db_path == str(elsewhere)
    assert session.db_path == str(elsewhere) and session.filing_id == saved.filing_id
    assert session.store is not None and session.store.load(saved.filing_id).issuer.name.value == "MICROSOFT CORP"
    session.close_store()


def test_a_database_that_is_a_folder_is_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    session = Session(folder, tmp_path / "recovery")
    outcome = session.save(opened(session, TESLA))
    assert outcome == Failed("Cannot use the database", f"{folder}: this is a folder, not a database file")
    assert session.store is None


# ---- recovery -----------------------------------------------------------------------------------------------------


def test_unsaved_work_is_kept_until_saved_and_comes_back_on_what_it_was_made_on(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    session = Session(tmp_path / "filings.sqlite", folder)
    filing = opened(session, TESLA)
    saved = session.save(filing)
    assert isinstance(saved, Saved)
    edited = corrected(filing, "issuer.trading_symbol", "TSLQ")
    assert session.write_recovery(edited) is None
    assert session.recovery_path is not None and session.recovery_path.parent == folder
    assert session.recovery_path.exists()

    # The program stops here. (A file of a running process is another window's and is not offered: the file is
    # made to name a process that has ended, as after a crash.)
    written = session.recovery_path
    session.recovery = None
    session.close_store()
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    kept = folder / f"{ended.pid}-{written.name.split('-', 1)[1]}"
    kept.write_text(json.dumps({**json.loads(written.read_text()), "pid": ended.pid}))
    written.unlink()
    found = pending(folder)
    assert [r.path for r in found] == [kept]

    later = Session(tmp_path / "filings.sqlite", folder)
    restored = later.restore(found[0])
    assert isinstance(restored, Restored)
    assert restored.filing.issuer.trading_symbol.value == "TSLQ"
    assert restored.base.issuer.trading_symbol.value == "TSLA"  # the saved filing, under the change
    assert (restored.filing_id, restored.version) == (saved.filing_id, 1) and not restored.source_lost
    assert restored.data == TESLA.read_bytes()
    assert restored.recovery.exists()  # taken over by this process
    later.recovery = restored.recovery  # as the window does once it shows the filing

    assert isinstance(later.save(restored.filing), Saved)
    assert later.recovery is None and not restored.recovery.exists() and pending(folder) == []  # saved: gone
    later.close_store()


# ---- which field a click means ------------------------------------------------------------------------------------


def test_a_click_on_a_pdf_page_selects_the_field_printed_there_and_nothing_far_from_any() -> None:
    import pdfplumber

    filing = read(MICROSOFT)
    with pdfplumber.open(MICROSOFT) as pdf:
        # Box 2 of the printout, as a person reads it on page 1: the issuer's name, then its symbol.
        name_box = (319.0, 232.0, 395.0, 242.0)
        assert pdf.pages[0].crop(name_box).extract_text() == "MICROSOFT CORP"
    x, y = (name_box[0] + name_box[2]) / 2, (name_box[1] + name_box[3]) / 2
    assert field_at_point(filing, 1, x, y) == "issuer.name"
    assert field_at_point(filing, 1, 410.0, 237.0) == "issuer.trading_symbol"
    assert field_at_point(filing, 1, 300.0, 560.0) is None  # the empty middle of page 1
    assert field_at_point(filing, 3, x, y) is None  # no such page


def test_a_click_in_a_text_selects_the_field_whose_characters_hold_it() -> None:
    filing = read(QUALYS)
    text = QUALYS.read_text(encoding="latin-1")
    at = text.index("REDWOOD CITY")
    assert field_at_offset(filing, at + 3, 0) == "reporting_owners[0].city"
    assert field_at_offset(filing, text.index("1600 BRIDGE PARKWAY") + 5, 0) == "reporting_owners[0].street2"
    assert field_at_offset(filing, len(text) + 500, 0) is None


def test_where_a_row_was_read_is_its_fields_joined() -> None:
    filing = read(MICROSOFT)
    row = source_of(filing, "non_derivative_holdings[0]")
    assert isinstance(row, PdfBox) and row.page == 1
    title = source_of(filing, "non_derivative_holdings[0].security_title")
    nature = source_of(filing, "non_derivative_holdings[0].nature_of_ownership")
    assert isinstance(title, PdfBox) and isinstance(nature, PdfBox)
    assert row.x0 == title.x0 and row.x1 == nature.x1  # from Common Stock to By Living Trust
    assert source_of(filing, "non_derivative_holdings[5]") is None
    span = source_of(read(QUALYS), "reporting_owners[0]")
    assert isinstance(span, TextSpan) and span.start <= 699 and span.end >= 809


def test_a_value_the_text_lost_stands_in_its_row_and_a_value_read_has_its_own_place() -> None:
    filing = read(QUALYS)
    text = QUALYS.read_text(encoding="latin-1")
    # Table I's Amount (column 4) is not in the seed's text: its row's line is where it would stand.
    assert source_of(filing, "non_derivative_transactions[0].shares") is None
    row = where_it_would_stand(filing, "non_derivative_transactions[0].shares")
    assert isinstance(row, TextSpan)
    assert text[row.start:row.end].startswith("Common Stock\t11/22/2013\t\tM <sup>(1)</sup>\tA\t")
    second = where_it_would_stand(filing, "non_derivative_transactions[1].shares")
    assert isinstance(second, TextSpan) and text[second.start:second.end].startswith("Common Stock\t11/22/2013\t\tS")
    # A value read from the text is shown where it was read, not in its row; a path not in the filing has no place.
    assert where_it_would_stand(filing, "non_derivative_transactions[0].price_per_share") is None
    assert where_it_would_stand(filing, "non_derivative_transactions[7].shares") is None


# ---- a second source of a saved filing ------------------------------------------------------------------------------

SECOND = Path(__file__).parent / "data" / "second_source"


def test_a_pdf_of_a_filing_saved_from_its_xml_is_a_second_source_attached_on_request(tmp_path: Path) -> None:
    db = tmp_path / "filings.sqlite"
    first = Session(db, tmp_path / "r1")
    from_xml = first.save(opened(first, SECOND / "0000769397-23-000114_autodesk-form4.xml"))
    assert isinstance(from_xml, Saved)
    first.close_store()

    session = Session(db, tmp_path / "r2")
    pdf = opened(session, SECOND / "0000769397-23-000114_autodesk-form4.pdf")
    outcome = session.save(pdf, check(pdf))
    assert isinstance(outcome, SecondSource) and outcome.filing_id == from_xml.filing_id
    assert "0000769397-23-000114_autodesk-form4.pdf is the same filing as saved filing" in outcome.message
    assert session.filing_id is None and session.store is not None and session.store.count() == 1

    attached = session.attach_source(outcome.filing_id, "pdf")
    assert isinstance(attached, Opened) and attached.filing_id == from_xml.filing_id
    assert attached.filing.issuer.name.value == "Autodesk, Inc."  # the saved filing, as saved from the XML
    assert attached.data == (SECOND / "0000769397-23-000114_autodesk-form4.xml").read_bytes()
    assert session.filing_id == from_xml.filing_id and session.store.count() == 1
    (kept,) = session.store.sources(from_xml.filing_id)
    pdf_size = (SECOND / "0000769397-23-000114_autodesk-form4.pdf").stat().st_size
    assert (kept.kind, kept.size) == ("pdf", pdf_size)
    # Opened again, the PDF is the saved filing's own file now: a duplicate, not a second source.
    again = Session(db, tmp_path / "r3")
    assert again.open_store() is None
    assert again.saved_id((SECOND / "0000769397-23-000114_autodesk-form4.pdf").read_bytes()) == from_xml.filing_id
    session.close_store()
    again.close_store()


def test_a_second_source_kept_apart_is_saved_as_a_filing_of_its_own(tmp_path: Path) -> None:
    session = Session(tmp_path / "filings.sqlite", tmp_path / "recovery")
    xml = session.save(opened(session, SECOND / "0000769397-23-000114_autodesk-form4.xml"))
    assert isinstance(xml, Saved)
    pdf = opened(session, SECOND / "0000769397-23-000114_autodesk-form4.pdf")
    second = session.second_source(pdf)
    assert second is not None and second.filing_id == xml.filing_id
    assert session.save(pdf) == second  # nothing saved: the save says the same
    session.keep_both = True  # as when the person chose "Keep Both" on opening it
    both = session.save(pdf)
    assert isinstance(both, Saved) and both.filing_id != xml.filing_id
    assert session.store is not None and session.store.count() == 2
    session.close_store()


# ---- readings and exports -----------------------------------------------------------------------------------------


def test_a_stopped_reading_is_dropped_and_a_later_one_is_used() -> None:
    readings = Readings()
    first = readings.start("/filings/long.pdf")
    assert readings.current == (first, "/filings/long.pdf")
    assert readings.stop() == "/filings/long.pdf" and readings.current is None
    assert readings.stop() is None  # nothing under way
    second = readings.start("/filings/short.xml")
    assert readings.finish(first) is False  # the stopped reading's answer comes late: dropped
    assert readings.current == (second, "/filings/short.xml")  # and the one under way is still so
    assert readings.finish(second) is True and readings.current is None


def test_a_filings_rows_are_exported_and_a_folder_that_is_not_there_is_named(session: Session, tmp_path: Path) -> None:
    filing = read(TESLA)
    # The XML has two Table I and two Table II transactions.
    assert session.export_csv(tmp_path / "tesla.csv", filing) == 4
    assert (tmp_path / "tesla.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # the folder export's convention
    lines = (tmp_path / "tesla.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 5 and '"Tesla, Inc.","TSLA"' in lines[1]
    missing = tmp_path / "no-such-folder" / "tesla.csv"
    assert session.export_csv(missing, filing) == Failed("Cannot export", f"{missing}: No such file or directory")


def test_every_saved_filing_is_exported_as_the_sec_tables(session: Session, tmp_path: Path) -> None:
    assert isinstance(session.save(opened(session, TESLA)), Saved)
    counts = session.export_all(tmp_path / "out")
    assert isinstance(counts, dict) and (tmp_path / "out" / "SUBMISSION.csv").exists()
    # As the XML has it: one owner, two Table I and two Table II transactions, footnotes F1-F3, one signature.
    assert {name: counts[name] for name in ("SUBMISSION.csv", "REPORTINGOWNER.csv", "NONDERIV_TRANS.csv",
                                            "DERIV_TRANS.csv", "FOOTNOTES.csv", "OWNER_SIGNATURE.csv")} == {
        "SUBMISSION.csv": 1, "REPORTINGOWNER.csv": 1, "NONDERIV_TRANS.csv": 2, "DERIV_TRANS.csv": 2,
        "FOOTNOTES.csv": 3, "OWNER_SIGNATURE.csv": 1}
    session.close_store()
