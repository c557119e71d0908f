"""Readers, one module per kind of input. `read(path)` sniffs the bytes (never the file name) and picks one.

| kind       | what it is                                                          | module          |
|------------|---------------------------------------------------------------------|-----------------|
| `xml`      | EDGAR ownership XML                                                 | `ownership`     |
| `sgml`     | EDGAR full submission (`.txt`, feed `.nc`, PEM-wrapped)             | `submission`    |
| `envelope` | SEC `edgarSubmission` XML with base64 documents                      | `submission`    |
| `pdf`      | a PDF printout, or the SEC's fillable form filled in                | `pdf`           |
| `text`     | a text conversion of a printout                                     | `text`          |
| `html`     | a saved EDGAR page                                                  | `html`          |
| `image`    | a PNG, JPEG or TIFF scan of a form (an image-only PDF too), by OCR  | `scan`          |
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import stat
import sys
import threading
from collections.abc import Callable
from typing import Any

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
    "image": 100 * 1024 * 1024,
}

#: The most any file is read before its kind is known: the largest a filing of any kind may be.
MAX_FILE_BYTES = max(MAX_BYTES.values())

_HEAD = 64 * 1024
_PEM = b"-----BEGIN PRIVACY-ENHANCED MESSAGE-----"
_SGML_MARKS = (b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"<SUBMISSION>", b"<DOCUMENT>", b"<IMS-DOCUMENT>", _PEM)
_TEXT_MARKS = re.compile(
    r"STATEMENT\s+OF\s+(CHANGES\s+(IN|OF)\s+)?BENEFICIAL\s+OWNERSHIP|INITIAL\s+STATEMENT\s+OF\s+BENEFICIAL|"
    r"ANNUAL\s+STATEMENT\s+OF\s+(CHANGES\s+IN\s+)?BENEFICIAL|\bFORM\s+[345]\b",
    re.IGNORECASE,
)


#: A byte that is not UTF-8 decodes (with surrogateescape) to one lone surrogate, U+DC80 to U+DCFF; these are put
#: back as that byte's Windows-1252 character (U+FFFD for the five bytes Windows-1252 leaves undefined).
_STRAYS = re.compile("[\udc80-\udcff]+")
_AS_CP1252 = {0xDC00 + b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0x100)}
#: UTF-8 text with more places than this that are not UTF-8 is not UTF-8 with a few stray bytes: it is read as
#: Windows-1252 throughout, as an older printout is.
MAX_STRAYS = 1000


def _strays_and_utf8(data: bytes) -> tuple[int, int]:
    """How many places in `data` are not UTF-8, and how many characters of more than one byte are, each counted
    in passes that run in C (a file of stray bytes is not to be walked byte by byte in Python)."""
    replaced = data.decode("utf-8", errors="replace")
    strays = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return strays, len(replaced) - len(replaced.encode("ascii", errors="ignore")) - strays


def text_codec(data: bytes) -> str:
    """How `decode_text` reads bytes without a byte-order mark: "utf-8"; "mixed" when they are UTF-8 with a few
    bytes that are not (each read as Windows-1252); "cp1252" when they are not UTF-8."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    strays, utf8 = _strays_and_utf8(data)
    return "mixed" if utf8 and strays <= MAX_STRAYS else "cp1252"


def decode_as(data: bytes, codec: str) -> str:
    """`data` decoded as `text_codec` said: one character for each byte that is not UTF-8 (U+FFFD where no codec
    takes it)."""
    if codec != "mixed":
        return data.decode(codec, errors="replace")
    text = data.decode("utf-8", errors="surrogateescape")
    parts: list[str] = []
    position = 0
    for run in _STRAYS.finditer(text):
        parts += (text[position:run.start()], run.group().translate(_AS_CP1252))
        position = run.end()
    parts.append(text[position:])
    return "".join(parts)


def decode_text(data: bytes) -> str:
    """Text of a file: UTF-8 or UTF-16 by its byte-order mark, else UTF-8, else Windows-1252; in UTF-8 text with a
    few bytes that are not UTF-8, those bytes alone are read as Windows-1252 ("Albért", not "AlbÃ©rt").
    `encoding_note` says when the encoding was guessed."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_as(data, text_codec(data))


def encoding_note(data: bytes) -> str | None:
    """A note for a person when the text's encoding was guessed: not UTF-8 at all (read as Windows-1252), or UTF-8
    with some bytes that are not (a file pieced together from two encodings). None for UTF-8 and UTF-16."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or data.isascii():
        return None
    codec = text_codec(data)
    if codec == "utf-8":
        return None
    if codec == "cp1252":
        return ("the text is not UTF-8; it was read as Windows-1252 (a guess), so check names with accents or "
                "symbols against the printout")
    strays, _ = _strays_and_utf8(data)
    return (f"the text mixes encodings: it is UTF-8 but not in {strays} place{'' if strays == 1 else 's'}, "
            "read as Windows-1252 there, so check names with accents or symbols against the printout")


def sniff(head: bytes) -> str | None:
    """The kind of a file from its first bytes, or None when it is nothing a reader takes."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
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


def shown_name(name: str | os.PathLike[str]) -> str:
    """A file name fit for messages and for storing: bytes that are not UTF-8 (which Python keeps in a name as
    lone surrogates) are written out as `\\xff`, so that printing or saving the name cannot fail. Open the file
    with the real name, never with this one."""
    text = os.fspath(name)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that are no escaped bytes (a Windows name): written as \udcxx
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _node_kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file of any kind a filing can be"


def _refuse_node(shown: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ReadError(shown, "this is a folder, not a file")
    kind = _node_kind(mode)
    if kind is not None:
        raise ReadError(shown, f"not a regular file: {kind}")


def _too_large(shown: str, size: int, kind: str | None) -> FileTooLargeError:
    if kind is None:
        return FileTooLargeError(shown, f"the file is {size / 1e6:.0f} MB, larger than any filing "
                                 f"({MAX_FILE_BYTES // (1024 * 1024)} MB at most)")
    return FileTooLargeError(shown, f"the file is {size / 1e6:.0f} MB, more than a {kind.upper()} filing can be "
                             f"({MAX_BYTES[kind] // (1024 * 1024)} MB at most)")


def _open_error(name: str, shown: str, exc: OSError) -> ReadError:
    """An OSError from opening or reading `name`, in words."""
    if isinstance(exc, FileNotFoundError):
        return ReadError(shown, "no such file or folder")
    if isinstance(exc, IsADirectoryError):
        return ReadError(shown, "this is a folder, not a file")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.ENXIO):
        try:
            mode = os.stat(name).st_mode
        except OSError:
            mode = stat.S_IFREG
        if stat.S_ISDIR(mode):  # Windows refuses to open a folder this way
            return ReadError(shown, "this is a folder, not a file")
        if _node_kind(mode) is not None:  # a socket cannot be opened at all (ENXIO)
            return ReadError(shown, f"not a regular file: {_node_kind(mode)}")
        if exc.errno != errno.ENXIO:
            return ReadError(shown, "permission denied")
    if exc.errno == errno.ELOOP:
        return ReadError(shown, "a symbolic link that leads back to itself (too many levels of links)")
    if isinstance(exc, NotADirectoryError):
        return ReadError(shown, "no such file or folder (a part of the path is a file, not a folder)")
    return ReadError(shown, exc.strerror or str(exc))


#: The kind `_load` gives when it did not look at the whole head (a short first read): `_kind_of` looks.
_UNKNOWN = "unknown"

#: How a file is opened: read only; a FIFO must not block the open (nobody may ever write to it), and a terminal
#: must not become this process's controlling terminal. Flags the platform lacks count as 0.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_CLOEXEC", 0))


def load_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file to be read as a filing: the one place where a file is opened for reading. Only a
    regular file is read (a FIFO, a device such as /dev/zero, a socket or a folder is refused, also behind a
    symbolic link), at most the largest a filing of any kind may be, and less when the first bytes show its kind
    (MAX_BYTES). Raises ReadError naming the file (as `shown_name` writes it) for anything wrong."""
    return _load(path)[0]


def _load(path: str | os.PathLike[str]) -> tuple[bytes, str | None]:
    """`load_file`, and the kind `sniff` found in the file's first `_HEAD` bytes (None: none, or an empty file),
    so that reading it does not look at them again."""
    name = os.fspath(path)
    shown = shown_name(name)
    try:
        # Looked at before it is opened, so that a device is never opened at all (opening some has effects);
        # looked at again once open, as the file may have been swapped in between.
        _refuse_node(shown, os.stat(name).st_mode)
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as exc:
        raise _open_error(name, shown, exc) from None
    try:
        info = os.fstat(fd)
        _refuse_node(shown, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(shown, info.st_size, None)
        chunks: list[bytes] = []
        kind = None
        got = 0
        limit = MAX_FILE_BYTES
        while got <= limit:
            chunk = os.read(fd, min(limit + 1 - got, 1 << 20) if got else _HEAD)
            if not chunk:
                break
            if not got:
                # Refused by its size for its kind before the rest is read.
                kind = sniff(chunk)
                if kind is not None and info.st_size > MAX_BYTES[kind]:
                    raise _too_large(shown, info.st_size, kind)
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:  # the file grew while it was read
            raise _too_large(shown, got, None)
    except OSError as exc:
        raise _open_error(name, shown, exc) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if chunks and len(chunks[0]) != min(_HEAD, got):  # a short first read: the head is looked at again
        kind = _UNKNOWN
    return data, kind


#: Told how far the reading of a scan is: (pages read, pages), before the first page and after each.
Progress = Callable[[int, int], None]
#: Given each page of a scan as it was read: (page number, the page image upright and level, its dpi).
PageRead = Callable[[int, Any, float], None]


def read_file(path: str | os.PathLike[str], password: str | None = None, *, progress: Progress | None = None,
              page_read: PageRead | None = None) -> tuple[Filing, bytes]:
    """The filing in a file and the bytes it was read from (kept to show and to save with it): the one way a file
    is opened and read, by the command line, the window, import and the store alike. `password` opens a
    password-protected PDF (a file of another kind has none to open). A scan read by OCR tells `progress` how
    far it is and hands each page image as read to `page_read` (other kinds call neither). Raises ReadError naming
    the file (as `shown_name` writes it) for anything wrong: the file (see `load_file`), or what it holds."""
    data, kind = _load(path)
    return read_loaded(data, kind, shown_name(path), password=password, progress=progress, page_read=page_read), data


def load_with_kind(path: str | os.PathLike[str]) -> tuple[bytes, str | None]:
    """`load_file`, and what kind of file its first bytes show, for `read_loaded` (opaque: pass it on as it is)."""
    return _load(path)


def read_loaded(data: bytes, kind: str | None, name: str, *, password: str | None = None,
                progress: Progress | None = None, page_read: PageRead | None = None) -> Filing:
    """`read_bytes(data, name, ...)` of bytes that `load_with_kind` gave with `kind`, whose first bytes are not
    looked at again."""
    if kind is None or kind is _UNKNOWN or (kind == "pdf" and password is not None):
        return read_bytes(data, name, password=password, progress=progress, page_read=page_read)
    # The kind found as the file was loaded, as read_bytes would find it.
    if len(data) > MAX_BYTES[kind]:  # grown since it was measured
        raise _too_large(name, len(data), kind)
    return _dispatch(kind, data, name, progress, page_read)


def read(path: str | os.PathLike[str]) -> Filing:
    """Read a filing from a file of any supported kind. Raises ReadError (naming the file) for anything wrong."""
    return read_file(path)[0]


def read_bytes(data: bytes, name: str = "<input>", *, password: str | None = None,
               progress: Progress | None = None, page_read: PageRead | None = None) -> Filing:
    """Read a filing from bytes; `name` is used in messages and kept as the document's name; `password` opens a
    password-protected PDF; `progress` and `page_read` as for `read_file`."""
    kind = _kind_of(data[:_HEAD], name)
    if len(data) > MAX_BYTES[kind]:
        raise _too_large(name, len(data), kind)
    if kind == "pdf" and password is not None:
        from .pdf import read_pdf

        return read_pdf(data, name, password=password)
    return _dispatch(kind, data, name, progress, page_read)


#: The garbage collector's first threshold in a process that reads many files (an import, `extract` over many
#: files, their workers): allocations between collections of the youngest objects; Python's default is 700. A
#: filing's objects are freed by reference counting as soon as it is written or sent, and hold no cycles;
#: collecting every 700 allocations walked the objects of the filings in hand several times per file, about 2% of
#: an import's CPU (measured on 5,983 of the bulk archive's submissions). Cycles made meanwhile are still collected,
#: 50,000 allocations later.
GC_THRESHOLD = 50_000


def collect_less() -> None:
    """In a worker process, first thing: what it started with lives as long as it does, so keep the garbage
    collector from walking it again and again (and, in a forked worker, from copying the pages it shares with its
    parent by touching them); and collect the youngest objects less often (`GC_THRESHOLD`)."""
    import gc

    gc.freeze()
    gc.set_threshold(max(GC_THRESHOLD, gc.get_threshold()[0]), *gc.get_threshold()[1:])


def fork_is_safe() -> bool:
    """Whether worker processes may be forked from this one: quickest, but only where the platform forks well and
    no other thread (the window's, Qt's own) could hold a lock that the copy would inherit."""
    return sys.platform.startswith("linux") and threading.active_count() == 1 and "PySide6" not in sys.modules


def end_with_parent(parent: int, *, creator_is_main_thread: bool = True) -> None:
    """Make this worker or reading process end when `parent` (the process that started it, by its id) ends,
    however it ends, kill -9 included. Call it first thing in the process (a pool's initializer).

    On Linux the kernel sends SIGKILL when the parent goes (PR_SET_PDEATHSIG). That signal comes when the *thread*
    that started this process ends, so it is used only when that thread is the parent's main thread; otherwise,
    and on other systems, a thread of this process watches the parent and ends the process once it is gone."""
    if sys.platform.startswith("linux") and creator_is_main_thread:
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            if libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the line above: nobody is left to wait for
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent and sys.platform != "win32":
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="end-with-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    import time

    if sys.platform == "win32":
        # Windows never changes a process's parent id: wait on the parent's handle instead.
        import ctypes

        synchronize, infinite = 0x00100000, 0xFFFFFFFF
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(synchronize, False, parent)
        if handle:
            kernel32.WaitForSingleObject(handle, infinite)
        os._exit(1)
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _kind_of(head: bytes, name: str) -> str:
    if not head.strip():
        raise NotAFilingError(name, "the file is empty")
    kind = sniff(head)
    if kind is None:
        raise NotAFilingError(name, "not a Form 3/4/5 filing (not ownership XML, an EDGAR submission, a PDF, "
                              "an EDGAR page, a text printout or a scan of a form)")
    return kind


def _dispatch(kind: str, data: bytes, name: str, progress: Progress | None = None,
              page_read: PageRead | None = None) -> Filing:
    if kind == "xml":
        from .ownership import read_ownership_xml

        return read_ownership_xml(data, name)
    if kind in ("sgml", "envelope"):
        from .submission import read_submission

        return read_submission(data, name)
    if kind == "pdf":
        from .pdf import read_pdf

        filing = read_pdf(data, name)
        from .pdf import SCAN_NOTE

        if SCAN_NOTE not in filing.document.notes:
            return filing
        from . import ocr

        if ocr.available() is None:  # shown for viewing and manual entry, as before
            return filing
        from .scan import read_scan

        try:
            scanned = read_scan(data, name, kind="pdf", progress=progress, page_read=page_read)
        except NotAFilingError as exc:  # a scan of something else still opens for viewing, as before
            return dataclasses.replace(filing, document=dataclasses.replace(
                filing.document, notes=(*filing.document.notes, f"OCR found no form on it: {exc.problem}")))
        return scanned if filing.accession_number.empty else dataclasses.replace(
            scanned, accession_number=filing.accession_number)
    if kind == "image":
        from .scan import read_scan

        return read_scan(data, name, kind="image", progress=progress, page_read=page_read)
    if kind == "text":
        from .text import read_text

        return _noting_encoding(read_text(data, name), data)
    if kind == "html":
        from .html import read_html

        return _noting_encoding(read_html(data, name), data)
    raise NotAFilingError(name, "not a Form 3/4/5 filing")


def _noting_encoding(filing: Filing, data: bytes) -> Filing:
    """The filing with a note when its text's encoding was guessed (see `encoding_note`)."""
    note = None if data.isascii() else encoding_note(data)
    if note is None:
        return filing
    document = dataclasses.replace(filing.document, notes=(*filing.document.notes, note))
    return dataclasses.replace(filing, document=document)
