"""The extract contract: the plain JSON-ready form of a filing that `form4viewer extract` prints.

Dates are ISO strings, amounts decimal strings without grouping, booleans true/false, absent values null, footnote
references per field under each row's (and the filing's) `footnotes` key. `sources` and `confidence` extras carry,
per path, where each value was read and how sure the reader was.
"""

from __future__ import annotations

from typing import Any

from .model import (
    FILING_FIELDS,
    FILING_HEAD,
    ISSUER_FIELDS,
    OWNER_FIELDS,
    TABLES,
    Filing,
    Value,
    format_value,
)

#: The filing's own fields the contract gives first, in the model's order.
_TOP = FILING_HEAD


def _plain(value: Value) -> Any:
    """The contract's form of a value: text, true/false and null as they are, else `format_value`'s text."""
    v = value.value
    kind = type(v)
    if kind is str or kind is bool or v is None:
        return v
    return format_value(v)


def to_contract(filing: Filing, file: str | None = None, *, extras: bool = True) -> dict[str, Any]:
    """The filing as the extract contract's object. With `extras`, also `accession_number`, `filing_date`,
    `schema_version`, `source_kind`, `notes`, and per-path `confidence` and `sources` for values not read with
    full confidence or read from a place."""
    out: dict[str, Any] = {}
    if file is not None:
        out["file"] = file
    for name in _TOP:
        out[name] = _plain(getattr(filing, name))
    out["issuer"] = {name: _plain(getattr(filing.issuer, name)) for name in ISSUER_FIELDS}
    out["reporting_owners"] = [
        {name: _plain(getattr(owner, name)) for name in OWNER_FIELDS} for owner in filing.reporting_owners
    ]
    for table in TABLES:
        rows = []
        for row in filing.rows(table):
            item: dict[str, Any] = {}
            notes: dict[str, list[str]] = {}
            for name in row.fields:
                value: Value = getattr(row, name)
                item[name] = _plain(value)
                if value.footnotes:
                    notes[name] = list(value.footnotes)
            item["footnotes"] = notes
            rows.append(item)
        out[table] = rows
    out["footnotes"] = [{"id": note.id, "text": note.text.value} for note in filing.footnotes]
    out["remarks"] = _plain(filing.remarks)
    out["signatures"] = [{"name": _plain(sig.name), "date": _plain(sig.date)} for sig in filing.signatures]
    top_notes = {
        name: list(getattr(filing, name).footnotes)
        for name in FILING_FIELDS
        if name in _TOP and getattr(filing, name).footnotes
    }
    if top_notes:
        out["field_footnotes"] = top_notes
    if extras:
        out["accession_number"] = _plain(filing.accession_number)
        out["filing_date"] = _plain(filing.filing_date)
        out["schema_version"] = filing.schema_version
        out["source_kind"] = filing.document.kind
        if filing.document.notes:
            out["notes"] = list(filing.document.notes)
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
