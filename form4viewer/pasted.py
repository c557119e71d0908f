"""What a person pastes into the window or drops on it that is not a file: a filing's EDGAR page selected and copied
in a browser, its XML copied from the page's source, a printout's text from an e-mail, an image of a scan. It is kept
as a file in the data folder's `pasted` folder and then read, shown, saved and opened again as any file is.

The same bytes pasted again are the same file (its name ends with the start of their SHA-256); a text that is no
filing is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path

from .errors import NotAFilingError
from .paths import data_dir

#: The data folder's folder of pasted filings.
FOLDER = "pasted"
#: A pasted filing's suffix, by the kind its bytes are (`readers.sniff`).
_SUFFIXES = {"xml": ".xml", "envelope": ".xml", "html": ".html", "pdf": ".pdf", "image": ".png", "sgml": ".txt",
             "text": ".txt"}


def keep_pasted(data: bytes, what: str = "the clipboard", folder: str | os.PathLike[str] | None = None,
                now: dt.datetime | None = None) -> Path:
    """The file that holds `data`, pasted from `what` ("the clipboard", "the text dropped"): an earlier paste of the
    same bytes, else a new file `pasted-<date>-<time>-<hash><suffix>` in `folder` (the data folder's `pasted` by
    default), written whole or not at all. Raises NotAFilingError, naming `what`, for bytes no reader takes, and
    OSError where the folder cannot be written."""
    from .readers import sniff

    kind = sniff(data[: 64 * 1024]) if data.strip() else None
    if kind is None:
        raise NotAFilingError(what, "not a Form 3/4/5 filing: copy a filing's EDGAR page, its XML or a printout's "
                                    "text, and paste again")
    where = Path(folder) if folder is not None else data_dir() / FOLDER
    where.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:12]
    suffix = _SUFFIXES[kind]
    for earlier in sorted(where.glob(f"pasted-*-{digest}{suffix}")):
        try:
            if earlier.read_bytes() == data:
                return earlier
        except OSError:
            continue
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    path = where / f"pasted-{stamp}-{digest}{suffix}"
    handle, scratch = tempfile.mkstemp(prefix=".pasted-", dir=where)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return path


__all__ = ["FOLDER", "keep_pasted"]
