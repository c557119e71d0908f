"""EDGAR full submissions: the SGML `.txt` files EDGAR keeps for every filing (`<SEC-DOCUMENT>`, `<SEC-HEADER>`,
then `<DOCUMENT>`s with the ownership XML inside `<XML>`), the dissemination feed's `.nc` files (`<SUBMISSION>`
with `<ACCESSION-NUMBER>`-style header tags), either wrapped in `-----BEGIN PRIVACY-ENHANCED MESSAGE-----`, and
the SEC's XML submission envelopes (`<edgarSubmission>`) that carry documents in base64.

The header gives the accession number and filing date; the Form 3/4/5 document gives the rest. Sources of the XML
values are lines of the whole submission (lines end at LF, CRLF or a lone CR, as a person's editor counts them);
the header values' sources are character spans of the decoded submission. A Form 4 filed as plain text (before
EDGAR took XML in 2003) goes to the text reader, which reports spans in the same decoded text.

The structure is found on the bytes: the markers are ASCII, which reads the same in UTF-8 and Windows-1252, and the
XML keeps its own encoding declaration. Only a UTF-16 submission is re-encoded first.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass

from ..errors import NotAFilingError, ReadError
from ..limits import check_time
from ..model import FORM_TYPES, Confidence, Filing, SourceDocument, Value
from ..sources import TextSpan
from . import decode_as, text_codec
from .ownership import parse_xml, read_ownership_xml

log = logging.getLogger(__name__)

#: An envelope's base64 text may be this large (the document inside is limited like any XML).
MAX_ENVELOPE_BYTES = 20 * 1024 * 1024

_DOCUMENT = b"<DOCUMENT>"
_DOCUMENT_END = b"</DOCUMENT>"
_TYPE = re.compile(rb"<TYPE>[ \t]*([^<\r\n]*)")
_FILENAME = re.compile(rb"<FILENAME>[ \t]*([^<\r\n]*)")
_ACCESSION = re.compile(rb"ACCESSION NUMBER:[ \t]*(\d{10}-\d{2}-\d{6})|<ACCESSION-NUMBER>[ \t]*(\d{10}-\d{2}-\d{6})")
_FILED = re.compile(rb"FILED AS OF DATE:[ \t]*(\d{8})|<FILING-DATE>[ \t]*(\d{8})")
_SEC_DOCUMENT = re.compile(rb"<SEC-DOCUMENT>[ \t]*(\d{10}-\d{2}-\d{6})")
#: The declaration's end is not looked for inside a run of spaces (only at its start), which keeps this linear.
_ENCODING_DECLARATION = re.compile(rb"""\A(<\?xml[^>]*?)(?<!\s)\s++encoding\s*=\s*["'][^"']*["']""")
_OWNERSHIP = b"<ownershipDocument"


@dataclass(frozen=True)
class _Document:
    """One `<DOCUMENT>` of a submission: its type, file name, and byte offsets of its text and XML block."""

    type: str
    filename: str
    text_start: int
    text_end: int
    xml_start: int | None
    xml_end: int | None


def read_submission(data: bytes, name: str) -> Filing:
    """Read the Form 3, 4 or 5 in an EDGAR full submission or submission envelope. Raises ReadError (naming the
    file) when it cannot, NotAFilingError when the submission holds no Form 3, 4 or 5."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"<edgarSubmission" in data[:4096] and head.startswith((b"<?xml", b"<edgarSubmission")):
        return _read_envelope(data, name)
    work, codec, bom, utf16 = _working_bytes(data, name)
    documents = _documents(work)
    if not documents:
        raise NotAFilingError(name, "this EDGAR submission holds no <DOCUMENT>, so no Form 3, 4 or 5")
    header_end = documents[0].text_start
    accession, filed = _header(work[:header_end], work, codec, bom)
    chosen = _choose(documents, work)
    if chosen is None:
        kinds = ", ".join(sorted({doc.type or "?" for doc in documents}))
        raise NotAFilingError(name, f"this EDGAR submission holds no Form 3, 4 or 5 (its documents are: {kinds})")
    if chosen.xml_start is None:
        return _read_text_form(data, work, name, chosen, codec, bom, accession, filed)
    assert chosen.xml_end is not None
    xml_start = chosen.xml_start
    while xml_start < chosen.xml_end and work[xml_start] in b" \t\r\n":
        xml_start += 1
    xml = work[xml_start:chosen.xml_end]
    if utf16:
        xml = _ENCODING_DECLARATION.sub(rb"\1", xml)  # it is UTF-8 now, whatever the declaration said
    line_offset = _line_breaks(work, 0, xml_start)
    return read_ownership_xml(xml, name, line_offset=line_offset, document_kind="sgml", whole=data,
                              header={"accession_number": accession, "filing_date": filed})


# ---- SGML submissions -----------------------------------------------------------------------------------------


def _working_bytes(data: bytes, name: str) -> tuple[bytes, str, int, bool]:
    """The bytes to find the structure in, the codec `decode_text` reads the file with, the length of a UTF-8
    byte-order mark, and whether the file was UTF-16 (then the bytes are its UTF-8 re-encoding)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-8", 0, True
        except UnicodeDecodeError:
            raise ReadError(name, "the file starts like UTF-16 text but does not decode as UTF-16") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data, "utf-8", 3, False
    return data, text_codec(data), 0, False


def _chars(work: bytes, codec: str, bom: int, position: int) -> int:
    """The character offset in the decoded file (as `readers.decode_text` decodes it) of a byte position."""
    return len(decode_as(work[bom:position], codec))


def _line_breaks(data: bytes, start: int, end: int) -> int:
    """Line ends (LF, CRLF or a lone CR) in `data[start:end]`."""
    returns = data.count(b"\r", start, end)
    crlf = data.count(b"\r\n", start, end) if returns else 0  # the slowest count, needless without a CR
    return data.count(b"\n", start, end) + returns - crlf


def _documents(work: bytes) -> list[_Document]:
    documents = []
    starts = []
    found = work.find(_DOCUMENT)
    while found >= 0:
        starts.append(found + len(_DOCUMENT))
        found = work.find(_DOCUMENT, found + len(_DOCUMENT))
    for i, start in enumerate(starts):
        check_time()
        limit = starts[i + 1] if i + 1 < len(starts) else len(work)
        end = work.find(_DOCUMENT_END, start, limit)
        if end < 0:
            end = limit
        type_match = _TYPE.search(work, start, end)
        name_match = _FILENAME.search(work, start, end)
        text_open = work.find(b"<TEXT>", start, end)
        if text_open < 0:
            text_start = text_end = end
        else:
            text_start = text_open + len(b"<TEXT>")
            text_close = work.rfind(b"</TEXT>", text_start, end)
            text_end = text_close if text_close >= 0 else end
        xml_open = work.find(b"<XML>", text_start, text_end)
        xml_start = xml_end = None
        if xml_open >= 0:
            xml_start = xml_open + len(b"<XML>")
            xml_close = work.rfind(b"</XML>", xml_start, text_end)
            xml_end = xml_close if xml_close >= 0 else text_end
        documents.append(_Document(
            type=type_match[1].decode("ascii", "replace").strip().upper() if type_match else "",
            filename=name_match[1].decode("utf-8", "replace").strip() if name_match else "",
            text_start=text_start,
            text_end=text_end,
            xml_start=xml_start,
            xml_end=xml_end,
        ))
    return documents


def _choose(documents: list[_Document], work: bytes) -> _Document | None:
    """The Form 3/4/5 document: the first of that type with ownership XML, else the first of that type (plain
    text), else any document whose XML is an ownership document whatever its type says."""
    forms = [doc for doc in documents if doc.type in FORM_TYPES]
    for doc in forms:
        if doc.xml_start is not None and work.find(_OWNERSHIP, doc.xml_start, doc.xml_end) >= 0:
            return doc
    for doc in documents:
        if doc.xml_start is not None and work.find(_OWNERSHIP, doc.xml_start, doc.xml_end) >= 0:
            return doc
    return forms[0] if forms else None


#: A header field that is not there (Values are immutable, so one serves for both).
_NOT_FOUND = Value()


def _header(header: bytes, work: bytes, codec: str, bom: int) -> tuple[Value, Value]:
    """The accession number and filing date from the submission's header, with their spans in the decoded text."""
    accession = _NOT_FOUND
    match = _ACCESSION.search(header) or _SEC_DOCUMENT.search(header)
    if match:
        group = 1 if match[1] is not None else match.lastindex or 1
        text = match[group].decode("ascii")
        accession = Value(text, raw=text, source=_span(work, codec, bom, match.start(group), match.end(group)))
    filed = _NOT_FOUND
    match = _FILED.search(header)
    if match:
        group = 1 if match[1] is not None else 2
        text = match[group].decode("ascii")
        source = _span(work, codec, bom, match.start(group), match.end(group))
        try:
            filed = Value(dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])), raw=text, source=source)
        except ValueError:
            filed = Value(None, raw=text, source=source, confidence=Confidence.UNREADABLE)
    return accession, filed


def _span(work: bytes, codec: str, bom: int, start: int, end: int) -> TextSpan:
    first = _chars(work, codec, bom, start)
    return TextSpan(first, first + len(decode_as(work[start:end], codec)))


def _read_text_form(data: bytes, work: bytes, name: str, document: _Document, codec: str, bom: int,
                    accession: Value, filed: Value) -> Filing:
    """A Form 3/4/5 document without XML (filed as plain text): the text reader reads it, with spans in the
    decoded submission."""
    try:
        from .text import read_text_document
    except ImportError:
        raise ReadError(name, f"this submission's Form {document.type} is plain text (filed before EDGAR took XML), "
                        "and reading text forms is not available in this installation") from None
    text = decode_as(work[document.text_start:document.text_end], codec)
    offset = _chars(work, codec, bom, document.text_start)
    base = Filing(
        accession_number=accession,
        filing_date=filed,
        document=SourceDocument(kind="sgml", name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data)),
    )
    return read_text_document(text, name, offset=offset, base=base)


# ---- submission envelopes -------------------------------------------------------------------------------------


def _read_envelope(data: bytes, name: str) -> Filing:
    """An `<edgarSubmission>` whose `<edgarDocument>`s carry their files in base64 `<documentMimeBlock>`s."""
    root = parse_xml(data, name, max_bytes=MAX_ENVELOPE_BYTES)
    if root.tag != "edgarSubmission":
        raise NotAFilingError(name, f"this XML is a <{root.tag}> document, not a Form 3/4/5 filing")
    candidates = []
    kinds = []
    for document in root.iter("edgarDocument"):
        doc_type = (document.findtext("documentType") or "").strip().upper()
        block = document.find("documentMimeBlock")
        kinds.append(doc_type or "?")
        if block is None:
            continue
        candidates.append((doc_type, (document.findtext("documentName") or "").strip(), block))
    chosen = None
    for doc_type, doc_name, block in candidates:
        decoded = _decode_base64(block.text or "", name, doc_name, block.sourceline)
        if doc_type in FORM_TYPES or _OWNERSHIP in decoded[:4096]:
            chosen = (doc_type, doc_name or "the document", block, decoded)
            if _OWNERSHIP in decoded:
                break
    if chosen is None:
        listed = ", ".join(kinds) or "none"
        raise NotAFilingError(name, f"this submission envelope holds no Form 3, 4 or 5 (its documents: {listed})")
    _, doc_name, block, decoded = chosen
    where = f"{doc_name} (base64 at line {block.sourceline} of this envelope)"
    try:
        filing = read_ownership_xml(
            decoded, name, document_kind="envelope", whole=data,
            notes=(f"the filing is {where}; the lines of its values are lines of that document once decoded",),
        )
    except ReadError as exc:
        line = f", line {exc.line} of it" if exc.line is not None else ""
        raise type(exc)(name, f"{where}{line}: {exc.problem}") from None
    return filing


def _decode_base64(text: str, name: str, doc_name: str, line: int | None) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ReadError(name, f"{doc_name or 'a document'} in this envelope is not valid base64", line=line) from None
