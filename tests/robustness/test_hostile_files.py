"""Bad and hostile files: each ends quickly with one clear message naming the file, never a traceback, and
nothing outside the file is read or fetched. Files that are unusual but real (UTF-16, CRLF, odd names) read fine."""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from form4viewer import read
from form4viewer.cli import main
from form4viewer.errors import Form4ViewerError

DATA = Path(__file__).parents[1] / "data"
TSLA = DATA / "robustness" / "tsla-form4-2023.xml"


def extract_jsonl(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    status = main(["extract", "--format", "jsonl", str(path)])
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1, out
    return status, json.loads(out[0])


def _xml_with(body: bytes, prolog: bytes = b"") -> bytes:
    return b'<?xml version="1.0"?>\n' + prolog + body


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _pdf_not_a_filing() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Quarterly newsletter of the gardening club")
    c.drawString(72, 700, "Tomatoes did well this year.")
    c.showPage()
    c.save()
    return buf.getvalue()


def _pdf_pages(n: int) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(n):
        c.drawString(72, 720, f"Page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


TEN_K = (
    "UNITED STATES SECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\n\nFORM 10-K\n\n"
    "ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934\n"
    "For the fiscal year ended December 31, 2023\n\nItem 1. Business\n\nWe make widgets.\n" * 20
)

HTML_NOT_A_FILING = (
    "<!DOCTYPE html><html><head><title>Recipes</title></head><body><h1>Bread</h1>"
    "<table><tr><td>Flour</td><td>500 g</td></tr></table></body></html>"
)

# name -> (bytes factory, a pattern the message must match)
# The readers word it their own way: "not a Form 3/4/5 filing", "no Form 3, 4 or 5 on it", "not an EDGAR Form 3, 4 or 5".
NOT_A_FORM = r"not (a|an EDGAR) Form 3/4/5|no Form 3, 4 or 5|not an EDGAR Form 3, 4 or 5"

BAD_FILES = {
    "empty.xml": (lambda: b"", "empty"),
    "empty.pdf": (lambda: b"", "empty"),
    "random.pdf": (lambda: _random_bytes(20000, 1), NOT_A_FORM),
    "random.xml": (lambda: _random_bytes(20000, 2), NOT_A_FORM),
    "random.txt": (lambda: _random_bytes(20000, 3), NOT_A_FORM),
    "truncated.pdf": (lambda: _pdf_not_a_filing()[:700], "PDF is damaged or truncated"),
    "newsletter.pdf": (_pdf_not_a_filing, NOT_A_FORM),
    "10-K annual report.txt": (lambda: TEN_K.encode(), NOT_A_FORM),
    "recipes.html": (lambda: HTML_NOT_A_FILING.encode(), NOT_A_FORM),
    "not-ownership.xml": (lambda: _xml_with(b"<catalog><book>x</book></catalog>"), "not a Form 3/4/5"),
    "malformed.xml": (lambda: _xml_with(b"<ownershipDocument><issuer></ownershipDocument>"), "not well-formed"),
    "deep.xml": (lambda: _xml_with(b"<ownershipDocument>" + b"<a>" * 200_000 + b"</a>" * 200_000
                                   + b"</ownershipDocument>"), "not well-formed"),
    "billion-laughs.xml": (
        lambda: _xml_with(
            b"<ownershipDocument><remarks>&lol9;</remarks></ownershipDocument>",
            b'<!DOCTYPE ownershipDocument [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                       for i in range(1, 10))
            + b"]>\n",
        ),
        "DTD",
    ),
    "remote-dtd.xml": (
        lambda: _xml_with(b"<ownershipDocument/>",
                          b'<!DOCTYPE ownershipDocument SYSTEM "http://198.51.100.7/ownership.dtd">\n'),
        "DTD",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_one_clear_message_naming_it(name: str, tmp_path: Path, capsys) -> None:
    factory, words = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(factory())
    status, item = extract_jsonl(path, capsys)
    assert status == 1
    assert item["file"] == str(path)
    assert str(path) in item["error"]
    assert re.search(words, item["error"], re.IGNORECASE), item["error"]
    assert "Traceback" not in item["error"]
    with pytest.raises(Form4ViewerError):
        read(path)


def test_external_entity_reads_no_local_file(tmp_path: Path, capsys) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    path = tmp_path / "xxe.xml"
    path.write_bytes(_xml_with(
        b"<ownershipDocument><documentType>4</documentType><remarks>&xxe;</remarks></ownershipDocument>",
        f'<!DOCTYPE ownershipDocument [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'.encode(),
    ))
    status, item = extract_jsonl(path, capsys)
    assert status == 1
    assert "TOP-SECRET-VALUE" not in json.dumps(item)
    assert "DTD" in item["error"]


def test_huge_xml_is_refused_unread_by_its_size(tmp_path: Path, capsys) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as fh:
        fh.write(b'<?xml version="1.0"?>\n<ownershipDocument><remarks>')
        chunk = b"x" * (1024 * 1024)
        for _ in range(150):
            fh.write(chunk)
        fh.write(b"</remarks></ownershipDocument>")
    status, item = extract_jsonl(path, capsys)
    assert status == 1
    assert "150 MB" in item["error"] or "157 MB" in item["error"]


def test_pdf_of_three_thousand_pages_is_refused_with_its_page_count(tmp_path: Path, capsys) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(_pdf_pages(3000))
    status, item = extract_jsonl(path, capsys)
    assert status == 1
    assert "3,000 pages" in item["error"] or "3000 pages" in item["error"]


def _encrypted_copy(source: Path, target: Path, password: str) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    with target.open("wb") as fh:
        writer.write(fh)


ENCRYPTED_SOURCE = DATA / "robustness" / "rendered-form4.pdf"


def test_encrypted_pdf_without_password_says_it_is_protected(tmp_path: Path, capsys) -> None:
    path = tmp_path / "locked.pdf"
    _encrypted_copy(ENCRYPTED_SOURCE, path, "s3cret")
    status, item = extract_jsonl(path, capsys)
    assert status == 1
    assert "password" in item["error"].lower()


def test_encrypted_pdf_opens_with_the_password(tmp_path: Path) -> None:
    from form4viewer.readers.pdf import read_pdf

    path = tmp_path / "locked.pdf"
    _encrypted_copy(ENCRYPTED_SOURCE, path, "s3cret")
    filing = read_pdf(path.read_bytes(), str(path), password="s3cret")
    plain = read(ENCRYPTED_SOURCE)
    assert filing.issuer.name.value == plain.issuer.name.value == "Autodesk, Inc."
    assert [r.shares.value for r in filing.non_derivative_transactions] == [
        r.shares.value for r in plain.non_derivative_transactions
    ]


def test_encrypted_pdf_with_a_wrong_password_says_the_password_does_not_open_it(tmp_path: Path) -> None:
    from form4viewer.readers.pdf import read_pdf

    path = tmp_path / "locked.pdf"
    _encrypted_copy(ENCRYPTED_SOURCE, path, "s3cret")
    with pytest.raises(Form4ViewerError) as caught:
        read_pdf(path.read_bytes(), str(path), password="wrong")
    assert str(caught.value) == f"{path}: the PDF is password-protected and the password given does not open it"


# ---- a real PDF cut short or with its cross-reference table damaged -------------------------------------------


@pytest.mark.parametrize("keep", [0.02, 0.5, 0.9, 0.99])
def test_a_truncated_real_pdf_says_it_is_damaged_or_truncated(keep: float, tmp_path: Path, capsys) -> None:
    data = ENCRYPTED_SOURCE.read_bytes()
    path = tmp_path / f"cut at {keep:.0%}.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    status, item = extract_jsonl(path, capsys)
    assert status == 1
    assert item["error"].startswith(f"{path}: the PDF is damaged or truncated and could not be read")


def _damaged_xref(data: bytes, how: str) -> bytes:
    start = data.rfind(b"startxref")
    if how == "no startxref":
        return data[:start]
    if how == "startxref pointing nowhere":
        return data[:start] + b"startxref\n123\n%%EOF\n"
    table = data.rfind(b"xref", 0, start)
    damaged = bytearray(data)
    for i in range(table + 5, start):  # every offset in the table made wrong
        if damaged[i : i + 1].isdigit():
            damaged[i] = ord("9")
    return bytes(damaged)


def test_a_real_pdf_whose_xref_offsets_all_point_past_its_end_says_it_is_damaged(tmp_path: Path, capsys) -> None:
    # The table parses, so the PDF library trusts it and finds no objects where it points.
    path = tmp_path / "damaged-xref.pdf"
    path.write_bytes(_damaged_xref(ENCRYPTED_SOURCE.read_bytes(), "offsets overwritten"))
    status, item = extract_jsonl(path, capsys)
    assert status == 1
    assert item["error"].startswith(f"{path}: the PDF is damaged or truncated and could not be read")


@pytest.mark.parametrize("how", ["no startxref", "startxref pointing nowhere"])
def test_a_real_pdf_with_a_damaged_xref_table_reads_as_the_intact_one(how: str, tmp_path: Path) -> None:
    # The objects are all there; the PDF library finds them by scanning, as viewers do.
    path = tmp_path / "damaged-xref.pdf"
    path.write_bytes(_damaged_xref(ENCRYPTED_SOURCE.read_bytes(), how))
    damaged, intact = read(path).to_dict(), read(ENCRYPTED_SOURCE).to_dict()
    damaged.pop("document"), intact.pop("document")
    assert damaged == intact
    assert damaged["issuer"]["name"]["value"] == "Autodesk, Inc."


# ---- unusual but real: these read fine ----------------------------------------------------------------------


def test_utf16_xml_reads_like_utf8(tmp_path: Path) -> None:
    text = TSLA.read_bytes().decode("utf-8").replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    path = tmp_path / "utf16.xml"
    path.write_bytes(text.encode("utf-16"))
    assert read(path).to_dict()["issuer"] == read(TSLA).to_dict()["issuer"]
    assert len(read(path).derivative_transactions) == len(read(TSLA).derivative_transactions)


def test_crlf_xml_reads_like_lf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.xml"
    path.write_bytes(TSLA.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    a, b = read(path), read(TSLA)
    assert [r.shares.value for r in a.non_derivative_transactions] == [r.shares.value for r in b.non_derivative_transactions]
    assert a.issuer.name.value == b.issuer.name.value


@pytest.mark.parametrize("name", ["form 4 with spaces.xml", "Überweisung – Müller.xml", "株式.xml"])
def test_file_names_with_spaces_and_non_ascii_letters_read(name: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / name
    path.write_bytes(TSLA.read_bytes())
    status, item = extract_jsonl(path, capsys)
    assert status == 0
    assert item["file"] == str(path)
    assert item["issuer"]["name"] == "Tesla, Inc."


def test_command_line_prints_no_traceback_and_bounded_memory_for_hostile_files(tmp_path: Path) -> None:
    """The same files through a real process with its address space capped at 2 GB: one line each, no traceback."""
    paths = []
    for name, (factory, _) in sorted(BAD_FILES.items()):
        path = tmp_path / name
        path.write_bytes(factory())
        paths.append(str(path))
    code = (
        "import resource, sys;"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30));"
        "from form4viewer.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code, "extract", "--format", "jsonl", *paths],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [item["file"] for item in lines] == paths
    assert all("error" in item for item in lines)
