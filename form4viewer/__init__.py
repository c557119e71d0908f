"""form4viewer: read, check, correct and export SEC Form 3, 4 and 5 insider-ownership filings."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import Form4ViewerError, NotAFilingError, ReadError, StoreError
from .model import Filing, Footnote, Issuer, ReportingOwner, Row, Signature, Value
from .readers import read, read_bytes

__all__ = [
    "__version__",
    "Filing",
    "Footnote",
    "Form4ViewerError",
    "Issuer",
    "NotAFilingError",
    "ReadError",
    "ReportingOwner",
    "Row",
    "Signature",
    "StoreError",
    "Value",
    "read",
    "read_bytes",
]
