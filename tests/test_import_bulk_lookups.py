"""An import of many files reads every saved key and content fingerprint at once (`importer._KEYS_AT_ONCE`) rather
than asking the database file by file; it finds the same second sources as an import of a few files."""

from __future__ import annotations

from pathlib import Path

import pytest

from form4viewer import importer
from form4viewer.importer import import_paths
from form4viewer.store import Store

SECOND = Path(__file__).parent / "data" / "second_source"
XML = SECOND / "0000769397-23-000114_autodesk-form4.xml"
PDF = SECOND / "0000769397-23-000114_autodesk-form4.pdf"
LNKD = Path(__file__).parent / "data" / "store" / "lnkd-form4-2012-two-owners.xml"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "files"
    folder.mkdir()
    # The XML under a name without its accession number: only its content tells it is the PDF's filing.
    out = {"xml": folder / "autodesk-pearce.xml", "pdf": folder / PDF.name, "other": folder / LNKD.name}
    out["xml"].write_bytes(XML.read_bytes())
    out["pdf"].write_bytes(PDF.read_bytes())
    out["other"].write_bytes(LNKD.read_bytes())
    return out


@pytest.mark.parametrize("many", [False, True], ids=["each-looked-up", "read-at-once"])
def test_a_second_source_saved_by_an_earlier_import_is_found_by_its_content(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, many: bool
) -> None:
    monkeypatch.setattr(importer, "_KEYS_AT_ONCE", 2 if many else 1000)
    with Store.open(tmp_path / "db.sqlite") as store:
        assert [o.status for o in import_paths(store, [files["pdf"]], jobs=1)] == ["read"]
        outcomes = import_paths(store, [files["other"], files["xml"]], jobs=1)
        assert [(o.status, o.filing_id, o.second_source) for o in outcomes] == [
            ("read", 2, None), ("attached", 1, 1)]  # fmt: skip
        assert store.count() == 2 and [s.name for s in store.sources(1)] == [str(files["xml"])]


@pytest.mark.parametrize("batch", [1, 256])
def test_a_second_source_saved_earlier_in_the_same_import_is_found_by_its_content(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    # Saved in an earlier batch (batch 1) or waiting in this one (256): either way the XML is the PDF's.
    monkeypatch.setattr(importer, "_KEYS_AT_ONCE", 2)
    monkeypatch.setattr(importer, "_BATCH_SECONDS", 3600.0)  # the batch of 256 waits for its files, however slow
    with Store.open(tmp_path / "db.sqlite") as store:
        outcomes = import_paths(store, [files["pdf"], files["other"], files["xml"]], jobs=1, batch=batch)
        assert [(o.status, o.filing_id, o.second_source) for o in outcomes] == [
            ("read", 1, None), ("read", 2, None), ("attached", 1, 1)]  # fmt: skip
