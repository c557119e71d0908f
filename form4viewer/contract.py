"""The extract contract: the plain JSON-ready form of a filing that `form4viewer extract` prints.

Dates are ISO strings, amounts decimal strings without grouping, booleans true/false, absent values null, footnote
references per field under each row's (and the filing's) `footnotes` key. `sources` and `confidence` extras carry,
per path, where each value was read and how sure the reader was.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from typing import Any

from .model import (
    FILING_HEAD,
    ISSUER_FIELDS,
    OWNER_FIELDS,
    TABLE_FIELDS,
    TABLES,
    Filing,
    Row,
    Value,
    decimal_text,
    format_value,
)
from .sources import XmlPath

#: The filing's own fields the contract gives first, in the model's order.
_TOP = FILING_HEAD
_ISSUER = tuple(ISSUER_FIELDS)
_OWNER = tuple(OWNER_FIELDS)
#: Getters of each part's fields at once.
_GET_TOP = attrgetter(*_TOP)
_GET_ISSUER = attrgetter(*_ISSUER)
_GET_OWNER = attrgetter(*_OWNER)
_GET_ROW = {table: attrgetter(*fields) for table, fields in TABLE_FIELDS.items()}
#: Sources that add nothing to the `sources` extra: none, or a place in the XML.
_QUIET_SOURCES = frozenset({XmlPath, type(None)})


def _plains(values: tuple[Value, ...]) -> tuple[list[Any], bool]:
    """The contract's form of each value (text, true/false and null as they are, Decimals and dates as
    `format_value` writes them), and whether any of them belongs in the `confidence` or `sources` extras (read with
    less than full confidence, or from a place other than the XML)."""
    plain: list[Any] = []
    add = plain.append
    noted = False
    for value in values:
        v = value.value
        kind = type(v)
        if kind is str or kind is bool or v is None:
            add(v)
        elif kind is Decimal:
            add(decimal_text(v))
        elif kind is dt.date:
            add(v.isoformat())
        else:
            add(format_value(v))
        if value.confidence < 1.0 or value.source.__class__ not in _QUIET_SOURCES:
            noted = True
    return plain, noted


def _row(row: Row) -> tuple[dict[str, Any], bool]:
    """A row as `_plains` writes its values, by field, with the footnote ids of each field that has some under
    `footnotes`; and whether any value belongs in the extras. In one pass over the row's fields (a filing has a
    few hundred rows' values, the most of any part)."""
    item: dict[str, Any] = {}
    notes: dict[str, list[str]] = {}
    noted = False
    for name, value in zip(TABLE_FIELDS[row.table], _GET_ROW[row.table](row), strict=True):
        v = value.value
        kind = type(v)
        if kind is str or kind is bool or v is None:
            item[name] = v
        elif kind is Decimal:
            item[name] = decimal_text(v)
        elif kind is dt.date:
            item[name] = v.isoformat()
        else:
            item[name] = format_value(v)
        if value.footnotes:
            notes[name] = list(value.footnotes)
        if value.confidence < 1.0 or value.source.__class__ not in _QUIET_SOURCES:
            noted = True
    item["footnotes"] = notes
    return item, noted


def to_contract(filing: Filing, file: str | None = None, *, extras: bool = True) -> dict[str, Any]:
    """The filing as the extract contract's object. With `extras`, also `accession_number`, `filing_date`,
    `schema_version`, `source_kind`, `notes`, and per-path `confidence` and `sources` for values not read with
    full confidence or read from a place.

    Each part's fields are taken at once and written in the model's order (`VALUE_ORDER`); the extras' paths are
    made (through `Filing.values()`) only for a filing that has such values, which a filing read from XML rarely
    has."""
    out: dict[str, Any] = {}
    if file is not None:
        out["file"] = file
    head: tuple[Value, ...] = _GET_TOP(filing)
    plain, noted = _plains(head)
    out.update(zip(_TOP, plain, strict=True))
    plain, more = _plains(_GET_ISSUER(filing.issuer))
    noted |= more
    out["issuer"] = dict(zip(_ISSUER, plain, strict=True))
    owners = []
    for owner in filing.reporting_owners:
        plain, more = _plains(_GET_OWNER(owner))
        noted |= more
        owners.append(dict(zip(_OWNER, plain, strict=True)))
    out["reporting_owners"] = owners
    for table in TABLES:
        rows = []
        for row in getattr(filing, table):
            item, more = _row(row)
            noted |= more
            rows.append(item)
        out[table] = rows
    notes = []
    for note in filing.footnotes:
        text = note.text
        notes.append({"id": note.id, "text": text.value})
        noted |= text.confidence < 1.0 or text.source.__class__ not in _QUIET_SOURCES
    out["footnotes"] = notes
    plain, more = _plains((filing.remarks,))
    noted |= more
    out["remarks"] = plain[0]
    signatures = []
    for sig in filing.signatures:
        plain, more = _plains((sig.name, sig.date))
        noted |= more
        signatures.append({"name": plain[0], "date": plain[1]})
    out["signatures"] = signatures
    top_notes = {name: list(value.footnotes) for name, value in zip(_TOP, head, strict=True) if value.footnotes}
    if top_notes:
        out["field_footnotes"] = top_notes
    if extras:
        (out["accession_number"], out["filing_date"]), more = _plains((filing.accession_number, filing.filing_date))
        noted |= more
        out["schema_version"] = filing.schema_version
        out["source_kind"] = filing.document.kind
        if filing.document.notes:
            out["notes"] = list(filing.document.notes)
        if noted:
            confidence = {}
            sources = {}
            for path, value in filing.values():
                if value.confidence < 1.0:
                    confidence[path] = round(value.confidence, 3)
                if value.source is not None and value.source.kind != "xml":
                    sources[path] = value.source.to_dict()
            if confidence:
                out["confidence"] = confidence
            if sources:
                out["sources"] = sources
    return out
