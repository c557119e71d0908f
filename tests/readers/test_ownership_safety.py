"""Untrusted XML: no entity is expanded, no DTD is loaded, nothing is fetched or read from disk, the size is
limited; and real variations (UTF-16, CRLF) read exactly like the original."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from form4viewer.errors import FileTooLargeError, ReadError
from form4viewer.readers import read, read_bytes
from form4viewer.readers.ownership import MAX_XML_BYTES, parse_xml, read_ownership_xml, safe_parser

SAMPLE = Path(__file__).parents[1] / "data" / "ownership" / "mdb-form5.xml"
BODY = SAMPLE.read_bytes().split(b"?>", 1)[1]  # the document without its XML declaration

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE ownershipDocument [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>\n<ownershipDocument><documentType>4</documentType><remarks>&lol9;</remarks></ownershipDocument>"
)


def test_entity_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(ReadError, match="declares a DTD or entities") as caught:
        read_bytes(LAUGHS, "laughs.xml")
    assert str(caught.value).startswith("laughs.xml: ")


def test_entity_bomb_in_utf16_is_refused_too() -> None:
    with pytest.raises(ReadError, match="declares a DTD or entities"):
        read_bytes(LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"),
                   "laughs16.xml")


def test_parser_itself_expands_no_entity_even_when_a_dtd_gets_past_the_check() -> None:
    """Belt and braces: the lxml parser used is configured never to expand or load anything."""
    from lxml import etree

    try:
        root = etree.fromstring(LAUGHS, safe_parser())
    except etree.XMLSyntaxError as exc:  # libxml2 may also stop at its amplification limit
        assert "amplification" in str(exc)
    else:
        assert len(etree.tostring(root)) < 1000  # 10**9 "lol"s had they been expanded


def test_external_entity_pointing_at_a_local_file_reads_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE ownershipDocument [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
            "<ownershipDocument><documentType>4</documentType><remarks>&xxe;</remarks></ownershipDocument>").encode()
    with pytest.raises(ReadError) as caught:
        read_bytes(data, "xxe.xml")
    assert "TOP-SECRET" not in str(caught.value)


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY remote "fetched">')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def dtd_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.requests.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_doctype_with_a_remote_dtd_is_refused_and_nothing_is_fetched(dtd_server: str) -> None:
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE ownershipDocument SYSTEM "{dtd_server}/ownership.dtd">\n'
            "<ownershipDocument><documentType>4</documentType><remarks>&remote;</remarks></ownershipDocument>"
            ).encode()
    with pytest.raises(ReadError, match="DTD"):
        read_bytes(data, "remote.xml")
    # Even handed straight to the parser, the DTD is not fetched.
    from lxml import etree

    root = etree.fromstring(data, safe_parser())
    assert "fetched" not in etree.tostring(root).decode()
    assert _Recorder.requests == []


def test_xml_larger_than_the_limit_is_refused_unread() -> None:
    with pytest.raises(FileTooLargeError, match="limit 10 MB"):
        parse_xml(b"<ownershipDocument>" + b" " * MAX_XML_BYTES + b"</ownershipDocument>", "big.xml")


def test_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    with path.open("wb") as fh:
        fh.write(b'<?xml version="1.0"?>\n<ownershipDocument><remarks>')
        fh.truncate(MAX_XML_BYTES + 10)
    with pytest.raises(FileTooLargeError, match=str(path)):
        read(path)


def test_utf16_xml_reads_exactly_like_utf8() -> None:
    original = read_ownership_xml(SAMPLE.read_bytes(), "a.xml")
    text = SAMPLE.read_text().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    for encoded in (text.encode("utf-16"), text.encode("utf-16-be"), text.encode("utf-16-le")):
        filing = read_ownership_xml(encoded, "a.xml")
        assert filing.reporting_owners == original.reporting_owners
        assert filing.non_derivative_transactions == original.non_derivative_transactions
        assert filing.footnotes == original.footnotes


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_crlf_and_cr_xml_read_exactly_like_lf_with_the_same_lines(newline: bytes) -> None:
    original = read_ownership_xml(SAMPLE.read_bytes(), "a.xml")
    filing = read_ownership_xml(SAMPLE.read_bytes().replace(b"\n", newline), "a.xml")
    assert list(filing.values()) == list(original.values())


def test_element_in_a_namespace_is_read_by_its_local_name() -> None:
    original = read_ownership_xml(SAMPLE.read_bytes(), "a.xml")
    data = b'<?xml version="1.0"?>' + BODY.replace(b"<ownershipDocument>", b'<ownershipDocument xmlns="urn:x">', 1)
    filing = read_ownership_xml(data, "a.xml")
    assert filing.non_derivative_transactions[0].shares.value == original.non_derivative_transactions[0].shares.value
    assert filing.issuer == original.issuer


def test_latin_letters_in_xml_that_names_no_encoding_are_read_as_windows_1252_with_a_note() -> None:
    data = SAMPLE.read_bytes().replace(b"BOTHA ROELOF", b"BOTH\xc9 ROELOF")  # not UTF-8
    filing = read_ownership_xml(data, "latin.xml")
    assert filing.reporting_owners[0].name.value == "BOTHÉ ROELOF"
    assert filing.reporting_owners[0].name.source.line == 25
    assert filing.document.notes == ("line 25: the XML is not UTF-8 and names no encoding; it was read as "
                                     "Windows-1252",)
    declared = data.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    filing = read_ownership_xml(declared, "declared.xml")
    assert (filing.reporting_owners[0].name.value, filing.document.notes) == ("BOTHÉ ROELOF", ())


def test_a_truncated_tag_is_named_with_the_line_of_the_file_where_it_begins() -> None:
    """libxml2 counts the line in its message from the XML's start; the message gives the file's line."""
    data = BODY.split(b"<reportingOwner>", 1)[0] + b"<reportingOwner><rptOwnerName"
    with pytest.raises(ReadError) as caught:
        read_ownership_xml(data, "cut.xml", line_offset=20)
    message = str(caught.value)
    begins = BODY.split(b"<reportingOwner>", 1)[0].count(b"\n") + 1 + 20
    assert f"(the tag begins on line {begins})" in message, message
    assert message.startswith(f"cut.xml, line {begins}: the XML is not well-formed: ")
