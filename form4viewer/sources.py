"""Where a value came from: a box on a PDF page, a span of text, or a path in an XML document.

Every extracted value carries one of these so that the viewer can highlight the place it was read from,
and so that a person's correction keeps pointing at the same place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar


@dataclass(frozen=True)
class PdfBox:
    """A rectangle on a PDF page.

    `page` is 1-based. Coordinates are in PDF points measured from the page's top-left corner, as pdfplumber
    gives them: `x0 <= x1`, `top <= bottom`.
    """

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    kind = "pdf"

    def union(self, other: PdfBox) -> PdfBox:
        """The smallest box holding both; both must be on the same page."""
        if other.page != self.page:
            raise ValueError("boxes on different pages cannot be joined")
        return PdfBox(
            self.page,
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "page": self.page,
            "box": [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)],
        }


@dataclass(frozen=True)
class TextSpan:
    """Characters `start` (inclusive) to `end` (exclusive) of the source's decoded text."""

    start: int
    end: int

    kind = "text"

    def union(self, other: TextSpan) -> TextSpan:
        return TextSpan(min(self.start, other.start), max(self.end, other.end))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "span": [self.start, self.end]}


@dataclass(frozen=True)
class XmlPath:
    """An element of an XML document: its path (`/ownershipDocument/issuer/issuerName`) and, where known,
    the 1-based line of the source file it starts on (counted in the whole file, so a full submission's line
    numbers point into the submission, not into the embedded XML)."""

    path: str
    line: int | None = None

    kind = "xml"
    if TYPE_CHECKING:  # not a field: `XmlPath.trusted(path, line)`, the plain constructor (see `_plain_xml_path`)
        trusted: ClassVar[Callable[[str, int | None], XmlPath]]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "line": self.line}


_new = object.__new__


def _plain_xml_path(path: str, line: int | None) -> XmlPath:
    """An XmlPath made without the dataclass's constructor, which fills a frozen instance through
    `object.__setattr__` (at about twice this cost), for the XML reader, which makes tens of thousands: it trusts
    that `path` is a str and `line` an int or None (tests/test_model_values.py makes every source the reader gives
    again through the constructor)."""
    made = _new(XmlPath)
    state = made.__dict__
    state["path"] = path
    state["line"] = line
    return made


XmlPath.trusted = _plain_xml_path


Source = PdfBox | TextSpan | XmlPath


def source_from_dict(data: dict[str, Any] | None) -> Source | None:
    """The inverse of each source's `to_dict`."""
    if not data:
        return None
    kind = data.get("kind")
    if kind == "pdf":
        x0, top, x1, bottom = data["box"]
        return PdfBox(int(data["page"]), float(x0), float(top), float(x1), float(bottom))
    if kind == "text":
        start, end = data["span"]
        return TextSpan(int(start), int(end))
    if kind == "xml":
        return XmlPath(str(data["path"]), data.get("line"))
    raise ValueError(f"unknown source kind {kind!r}")


def describe(source: Source | None) -> str:
    """A short human description of a source, for tooltips and messages."""
    if source is None:
        return "not read from the source"
    if isinstance(source, PdfBox):
        return f"page {source.page}, box ({source.x0:.0f}, {source.top:.0f}, {source.x1:.0f}, {source.bottom:.0f})"
    if isinstance(source, TextSpan):
        return f"characters {source.start}-{source.end}"
    where = f"line {source.line}, " if source.line else ""
    return f"{where}{source.path}"
