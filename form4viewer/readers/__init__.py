"""Readers, one module per kind of input. `read(path)` sniffs the bytes (never the file name) and picks one.

| kind       | what it is                                                          | module          |
|------------|---------------------------------------------------------------------|-----------------|
| `xml`      | EDGAR ownership XML                                                 | `ownership`     |
| `sgml`     | EDGAR full submission (`.txt`, feed `.nc`, PEM-wrapped)             | `submission`    |
| `envelope` | SEC `edgarSubmission` XML with base64 documents                      | `submission`    |
| `pdf`      | a PDF printout, or the SEC's fillable form filled in                | `pdf`           |
| `text`     | a text conversion of a printout                                     | `text`          |
| `html`     | a saved EDGAR page                                                  | `html`          |
"""

from __future__ import annotations

import os
import re

from ..errors import FileTooLargeError, NotAFilingError, ReadError
from ..model import Filing

#: The most a file of each kind may be before it is refused unread.
MAX_BYTES = {
    "xml": 10 * 1024 * 1024,
    "envelope": 20 * 1024 * 1024,
    "sgml": 50 * 1024 * 1024,
    "pdf": 200 * 1024 * 1024,
    "text": 10 * 1024 * 1024,
    "html": 20 * 1024 * 1024,
}

_HEAD = 64 * 1024
_PEM = b"-----BEGIN PRIVACY-ENHANCED MESSAGE-----"
_SGML_MARKS = (b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"<SUBMISSION>", b"<DOCUMENT>", b"<IMS-DOCUMENT>", _PEM)
_TEXT_MARKS = re.compile(
    r"STATEMENT\s+OF\s+(CHANGES\s+(IN|OF)\s+)?BENEFICIAL\s+OWNERSHIP|INITIAL\s+STATEMENT\s+OF\s+BENEFICIAL|"
    r"ANNUAL\s+STATEMENT\s+OF\s+(CHANGES\s+IN\s+)?BENEFICIAL|\bFORM\s+[345]\b",
    re.IGNORECASE,
)


def decode_text(data: bytes) -> str:
    """Text of a file: UTF-8 or UTF-16 by its byte-order mark, else UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff(head: bytes) -> str | None:
    """The kind of a file from its first bytes, or None when it is nothing a reader takes."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = decode_text(head).encode("utf-8", errors="replace")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<?xml") and b"<ownershipDocument" in head:
        return "xml"  # the usual case, decided without the case-blind look below
    if any(mark in head[:4096] for mark in _SGML_MARKS) and not start.startswith(b"<?xml"):
        return "sgml"
    lower = head.lower()
    if start.startswith(b"<?xml") or (start.startswith(b"<") and not lower.lstrip().startswith((b"<!doctype html", b"<html"))):
        if b"<ownershipdocument" in lower:
            return "xml"
        if b"<edgarsubmission" in lower:
            return "envelope"
        if b"<html" in lower:
            return "html"
        if start.startswith(b"<?xml") or b"<!doctype" in lower[:512] or b"<!entity" in lower:
            return "xml"  # the XML reader says what document it is, or why it is refused
    if b"<html" in lower or b"<!doctype html" in lower:
        return "html"
    if _looks_like_text(head) and _TEXT_MARKS.search(decode_text(head)):
        return "text"
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head[:4096]:
        return False
    controls = sum(1 for b in head[:4096] if b < 9 or 13 < b < 32)
    return controls < len(head[:4096]) * 0.01


def read(path: str | os.PathLike[str]) -> Filing:
    """Read a filing from a file of any supported kind. Raises ReadError (naming the file) for anything wrong."""
    name = os.fspath(path)
    try:
        # One open and one fstat: reading many small files, the system calls are a good part of the time.
        with open(name, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(_HEAD)
            kind = _kind_of(head, name)
            limit = MAX_BYTES[kind]
            if size > limit:
                raise FileTooLargeError(
                    name, f"the file is {size / 1e6:.0f} MB, more than a {kind.upper()} filing can be "
                    f"({limit // (1024 * 1024)} MB at most)"
                )
            data = head + fh.read(limit + 1 - len(head))
    except FileNotFoundError:
        raise ReadError(name, "no such file") from None
    except IsADirectoryError:
        raise ReadError(name, "this is a folder, not a file") from None
    except PermissionError:
        if os.path.isdir(name):  # Windows refuses to open a folder this way
            raise ReadError(name, "this is a folder, not a file") from None
        raise ReadError(name, "permission denied") from None
    except OSError as exc:
        raise ReadError(name, exc.strerror or str(exc)) from None
    return _dispatch(kind, data, name)


def read_bytes(data: bytes, name: str = "<input>") -> Filing:
    """Read a filing from bytes; `name` is used in messages and kept as the document's name."""
    kind = _kind_of(data[:_HEAD], name)
    if len(data) > MAX_BYTES[kind]:
        raise FileTooLargeError(name, f"the file is {len(data) / 1e6:.0f} MB, more than a {kind.upper()} filing can be")
    return _dispatch(kind, data, name)


def _kind_of(head: bytes, name: str) -> str:
    if not head.strip():
        raise NotAFilingError(name, "the file is empty")
    kind = sniff(head)
    if kind is None:
        raise NotAFilingError(name, "not a Form 3/4/5 filing (not ownership XML, an EDGAR submission, a PDF, "
                              "an EDGAR page or a text printout of a form)")
    return kind


def _dispatch(kind: str, data: bytes, name: str) -> Filing:
    if kind == "xml":
        from .ownership import read_ownership_xml

        return read_ownership_xml(data, name)
    if kind in ("sgml", "envelope"):
        from .submission import read_submission

        return read_submission(data, name)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name)
    if kind == "text":
        from .text import read_text

        return read_text(data, name)
    if kind == "html":
        from .html import read_html

        return read_html(data, name)
    raise NotAFilingError(name, "not a Form 3/4/5 filing")
