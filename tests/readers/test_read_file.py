"""readers.read_file: the one way a file is opened and read (the command line, the window, import and the store go
through it), with its errors worded once, naming the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from form4viewer.errors import ReadError
from form4viewer.readers import read, read_file

DATA = Path(__file__).resolve().parents[1] / "data"
RENDERED = DATA / "robustness" / "rendered-form4.pdf"


def test_read_file_gives_the_filing_and_the_very_bytes_it_was_read_from() -> None:
    path = DATA / "text" / "qualys-form4-2013.txt"
    filing, data = read_file(path)
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
    assert filing.issuer.name.value == read(path).issuer.name.value == "QUALYS, INC."


def test_a_password_opens_a_protected_pdf_through_read_file(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=PdfReader(RENDERED))
    writer.encrypt(user_password="s3cret", owner_password="s3cret-owner")
    with locked.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ReadError) as caught:
        read_file(locked)
    assert str(caught.value).startswith(f"{locked}: ") and "password" in str(caught.value)
    filing, _ = read_file(locked, password="s3cret")
    assert filing.issuer.name.value == "Autodesk, Inc."


def test_a_password_given_for_a_file_that_is_no_pdf_is_not_needed() -> None:
    path = DATA / "text" / "qualys-form4-2013.txt"
    assert read_file(path, password="unused")[0].issuer.name.value == "QUALYS, INC."


@pytest.mark.parametrize(("make", "problem"), [
    (lambda d: d / "missing.pdf", "no such file or folder"),
    (lambda d: d, "this is a folder, not a file"),
])
def test_read_file_words_what_is_wrong_with_the_file(tmp_path: Path, make, problem: str) -> None:
    path = make(tmp_path)
    with pytest.raises(ReadError) as caught:
        read_file(path)
    assert str(caught.value) == f"{path}: {problem}"


def test_the_window_reads_a_file_by_the_same_function() -> None:
    source = (Path(__file__).resolve().parents[2] / "form4viewer" / "gui" / "reading.py").read_text(encoding="utf-8")
    assert "from ..readers import read_file" in source and "load_file(" not in source
