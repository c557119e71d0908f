"""A pasted filing kept as a file (`pasted.keep_pasted`): named by when it was pasted and by its bytes, the same
bytes pasted again the same file, its suffix by what the bytes are, and text that is no filing refused unwritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from form4viewer.errors import NotAFilingError
from form4viewer.pasted import keep_pasted
from form4viewer.readers import read

DATA = Path(__file__).parent / "data"
COPIED = DATA / "text" / "copied_from_page" / "adsk-pearce-form4-2023.txt"
WHEN = dt.datetime(2026, 12, 6, 18, 45, 3)


def test_a_pasted_page_is_kept_whole_and_read_as_the_file_it_became(tmp_path: Path) -> None:
    data = COPIED.read_bytes()
    path = keep_pasted(data, folder=tmp_path, now=WHEN)
    assert path.parent == tmp_path and path.name.startswith("pasted-2026-12-06-184503-") and path.suffix == ".txt"
    assert path.read_bytes() == data
    assert read(path).issuer.trading_symbol.value == "ADSK"
    # pasted again later: the same file
    assert keep_pasted(data, folder=tmp_path, now=WHEN + dt.timedelta(hours=1)) == path
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_pasted_xml_is_kept_as_xml(tmp_path: Path) -> None:
    data = (DATA / "text" / "copied_from_page" / "adsk-pearce-form4-2023.xml").read_bytes()
    path = keep_pasted(data, folder=tmp_path, now=WHEN)
    assert path.suffix == ".xml" and read(path).issuer.name.value == "Autodesk, Inc."


def test_the_data_folder_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORM4VIEWER_DATA_DIR", str(tmp_path))
    assert keep_pasted(COPIED.read_bytes()).parent == tmp_path / "pasted"


@pytest.mark.parametrize("data", [b"", b"   \n", b"Dear team, the Q3 numbers are attached."])
def test_what_is_no_filing_is_refused_naming_where_it_came_from_and_nothing_is_written(tmp_path: Path,
                                                                                        data: bytes) -> None:
    with pytest.raises(NotAFilingError) as refused:
        keep_pasted(data, "the text dropped", folder=tmp_path / "pasted")
    assert str(refused.value).startswith("the text dropped: not a Form 3/4/5 filing")
    assert not (tmp_path / "pasted").exists()


def test_a_folder_that_cannot_be_made_is_an_os_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    with pytest.raises(OSError):
        keep_pasted(COPIED.read_bytes(), folder=tmp_path / "data" / "pasted")
    assert (tmp_path / "data").read_text() == "a file where the data folder should be"


def test_a_pasted_image_is_kept_as_png(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    assert keep_pasted(png, folder=tmp_path, now=WHEN).suffix == ".png"
