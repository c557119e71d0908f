"""EDGAR ownership XML (`<ownershipDocument>`), every schema version from X0202 on.

Parsing is safe by construction: a document that declares a DTD is refused before parsing (filings never have one),
entities are not expanded, nothing is loaded from the network, and the size is limited.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

from lxml import etree

from ..errors import FileTooLargeError, NotAFilingError, ReadError
from ..model import (
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    NON_DERIVATIVE_HOLDINGS,
    NON_DERIVATIVE_TRANSACTIONS,
    ROW_FIELDS,
    TABLE_FIELDS,
    Filing,
    Footnote,
    Issuer,
    Kind,
    ReportingOwner,
    Row,
    Signature,
    SourceDocument,
    Value,
    parse_value,
)
from ..sources import XmlPath

log = logging.getLogger(__name__)

#: Larger than any real ownership document by two orders of magnitude.
MAX_XML_BYTES = 10 * 1024 * 1024

_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)

#: Where each row field lives, relative to the row element: the element holding the value (its `<value>` child
#: where it has one, else its own text) and footnote ids; extra elements whose footnote ids belong to the field.
ROW_XML: dict[str, tuple[str, tuple[str, ...]]] = {
    "security_title": ("securityTitle", ()),
    "conversion_or_exercise_price": ("conversionOrExercisePrice", ()),
    "transaction_date": ("transactionDate", ()),
    "deemed_execution_date": ("deemedExecutionDate", ()),
    "transaction_form_type": ("transactionCoding/transactionFormType", ()),
    # Footnotes on <transactionCoding> explain the code.
    "transaction_code": ("transactionCoding/transactionCode", ("transactionCoding",)),
    "equity_swap_involved": ("transactionCoding/equitySwapInvolved", ()),
    "transaction_timeliness": ("transactionTimeliness", ()),
    "shares": ("transactionAmounts/transactionShares", ()),
    "total_value": ("transactionAmounts/transactionTotalValue", ()),
    "price_per_share": ("transactionAmounts/transactionPricePerShare", ()),
    "acquired_disposed": ("transactionAmounts/transactionAcquiredDisposedCode", ()),
    "exercise_date": ("exerciseDate", ()),
    "expiration_date": ("expirationDate", ()),
    "underlying_security_title": ("underlyingSecurity/underlyingSecurityTitle", ()),
    "underlying_shares": ("underlyingSecurity/underlyingSecurityShares", ()),
    "underlying_value": ("underlyingSecurity/underlyingSecurityValue", ()),
    "shares_owned_following": ("postTransactionAmounts/sharesOwnedFollowingTransaction", ()),
    "value_owned_following": ("postTransactionAmounts/valueOwnedFollowingTransaction", ()),
    "direct_or_indirect": ("ownershipNature/directOrIndirectOwnership", ()),
    "nature_of_ownership": ("ownershipNature/natureOfOwnership", ()),
}

#: Table element, row element, and the model's table for each kind of row.
ROW_ELEMENTS = (
    ("nonDerivativeTable", "nonDerivativeTransaction", NON_DERIVATIVE_TRANSACTIONS),
    ("nonDerivativeTable", "nonDerivativeHolding", NON_DERIVATIVE_HOLDINGS),
    ("derivativeTable", "derivativeTransaction", DERIVATIVE_TRANSACTIONS),
    ("derivativeTable", "derivativeHolding", DERIVATIVE_HOLDINGS),
)

OWNER_XML = {
    "cik": "reportingOwnerId/rptOwnerCik",
    "name": "reportingOwnerId/rptOwnerName",
    "street1": "reportingOwnerAddress/rptOwnerStreet1",
    "street2": "reportingOwnerAddress/rptOwnerStreet2",
    "city": "reportingOwnerAddress/rptOwnerCity",
    "state": "reportingOwnerAddress/rptOwnerState",
    "zip_code": "reportingOwnerAddress/rptOwnerZipCode",
    "state_description": "reportingOwnerAddress/rptOwnerStateDescription",
    "is_director": "reportingOwnerRelationship/isDirector",
    "is_officer": "reportingOwnerRelationship/isOfficer",
    "is_ten_percent_owner": "reportingOwnerRelationship/isTenPercentOwner",
    "is_other": "reportingOwnerRelationship/isOther",
    "officer_title": "reportingOwnerRelationship/officerTitle",
    "other_text": "reportingOwnerRelationship/otherText",
}

TOP_XML = {
    "form": ("documentType", Kind.FORM),
    "period_of_report": ("periodOfReport", Kind.DATE),
    "date_of_original_submission": ("dateOfOriginalSubmission", Kind.DATE),
    "no_securities_owned": ("noSecuritiesOwned", Kind.BOOL),
    "not_subject_to_section16": ("notSubjectToSection16", Kind.BOOL),
    "form3_holdings_reported": ("form3HoldingsReported", Kind.BOOL),
    "form4_transactions_reported": ("form4TransactionsReported", Kind.BOOL),
    "aff10b5_one": ("aff10b5One", Kind.BOOL),
}

OWNER_KINDS = {
    "is_director": Kind.BOOL,
    "is_officer": Kind.BOOL,
    "is_ten_percent_owner": Kind.BOOL,
    "is_other": Kind.BOOL,
}


def safe_parser() -> etree.XMLParser:
    """An lxml parser that expands no entity, loads no DTD and touches no network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
    )


def parse_xml(data: bytes, name: str, *, line_offset: int = 0) -> etree._Element:
    """Parse untrusted XML bytes safely. Raises ReadError naming the file (and line) for anything wrong."""
    if len(data) > MAX_XML_BYTES:
        raise FileTooLargeError(
            name, f"the XML is {len(data) / 1e6:.0f} MB; an ownership document is far smaller "
            f"(limit {MAX_XML_BYTES // 1_000_000} MB)"
        )
    if _DTD.search(data[:65536]) or (b"<!" in data and _DTD.search(data)):
        raise ReadError(name, "the XML declares a DTD or entities (<!DOCTYPE>/<!ENTITY>), which filings never do; "
                        "it was not read, for safety")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] + line_offset if exc.position else None
        message = exc.msg.split(", line ")[0] if exc.msg else "not well-formed"
        raise ReadError(name, f"the XML is not well-formed: {message}", line=line) from None
    if root is None:
        raise ReadError(name, "the XML is empty")
    return root


def read_ownership_xml(data: bytes, name: str, *, line_offset: int = 0, document_kind: str = "xml",
                       whole: bytes | None = None) -> Filing:
    """Read an `<ownershipDocument>`. `line_offset` is the number of lines before the XML in the file it came from
    (a full submission), so that sources point into that file; `whole` is that file's bytes, for the hash."""
    root = parse_xml(data, name, line_offset=line_offset)
    return filing_from_tree(root, name, data if whole is None else whole, line_offset, document_kind)


def filing_from_tree(root: etree._Element, name: str, data: bytes, line_offset: int = 0,
                     document_kind: str = "xml") -> Filing:
    tag = _local(root.tag)
    if tag != "ownershipDocument":
        raise NotAFilingError(name, f"this XML is a <{tag}> document, not a Form 3/4/5 ownership document")
    walker = _Walker(root, line_offset)
    kwargs: dict[str, Any] = {}
    for field, (element, kind) in TOP_XML.items():
        kwargs[field] = walker.value(root, element, kind, with_value_child=False)
    issuer = Issuer(
        cik=walker.value(root, "issuer/issuerCik", Kind.TEXT, with_value_child=False),
        name=walker.value(root, "issuer/issuerName", Kind.TEXT, with_value_child=False),
        trading_symbol=walker.value(root, "issuer/issuerTradingSymbol", Kind.TEXT, with_value_child=False),
    )
    owners = []
    for owner in _children(root, "reportingOwner"):
        owners.append(
            ReportingOwner(
                **{
                    field: walker.value(owner, path, OWNER_KINDS.get(field, Kind.TEXT), with_value_child=False)
                    for field, path in OWNER_XML.items()
                }
            )
        )
    tables: dict[str, list[Row]] = {table: [] for _, _, table in ROW_ELEMENTS}
    for table_tag, row_tag, table in ROW_ELEMENTS:
        for table_el in _children(root, table_tag):
            for row_el in _children(table_el, row_tag):
                tables[table].append(walker.row(row_el, table))
    footnotes = []
    for notes_el in _children(root, "footnotes"):
        for note in _children(notes_el, "footnote"):
            footnotes.append(Footnote(id=(note.get("id") or "").strip(), text=walker.text_value(note)))
    remarks = walker.value(root, "remarks", Kind.TEXT, with_value_child=False)
    signatures = []
    for sig in _children(root, "ownerSignature"):
        signatures.append(
            Signature(
                name=walker.value(sig, "signatureName", Kind.TEXT, with_value_child=False),
                date=walker.value(sig, "signatureDate", Kind.DATE, with_value_child=False),
            )
        )
    schema = _first(root, "schemaVersion")
    document = SourceDocument(
        kind=document_kind,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        notes=tuple(walker.notes),
    )
    return Filing(
        **kwargs,
        issuer=issuer,
        reporting_owners=tuple(owners),
        non_derivative_transactions=tuple(tables[NON_DERIVATIVE_TRANSACTIONS]),
        non_derivative_holdings=tuple(tables[NON_DERIVATIVE_HOLDINGS]),
        derivative_transactions=tuple(tables[DERIVATIVE_TRANSACTIONS]),
        derivative_holdings=tuple(tables[DERIVATIVE_HOLDINGS]),
        footnotes=tuple(footnotes),
        remarks=remarks,
        signatures=tuple(signatures),
        schema_version=(schema.text or "").strip() if schema is not None else None,
        document=document,
    )


# --------------------------------------------------------------------------------------------------------------


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    return [child for child in element if _local(child.tag) == tag]


def _first(element: etree._Element, path: str) -> etree._Element | None:
    node: etree._Element | None = element
    for step in path.split("/"):
        if node is None:
            return None
        found = _children(node, step)
        node = found[0] if found else None
    return node


def _footnote_ids(element: etree._Element) -> tuple[str, ...]:
    return tuple((child.get("id") or "").strip() for child in _children(element, "footnoteId") if child.get("id"))


class _Walker:
    """Reads values out of one document, noting values that do not parse."""

    def __init__(self, root: etree._Element, line_offset: int):
        self.tree = root.getroottree()
        self.line_offset = line_offset
        self.notes: list[str] = []

    def source(self, element: etree._Element) -> XmlPath:
        line = element.sourceline + self.line_offset if element.sourceline else None
        return XmlPath(self.tree.getpath(element), line)

    def text_value(self, element: etree._Element) -> Value:
        text = "".join(element.itertext()).strip()
        return Value(text or None, raw=text or None, source=self.source(element))

    def value(self, parent: etree._Element, path: str, kind: Kind, *, with_value_child: bool = True,
              footnote_holders: tuple[str, ...] = ()) -> Value:
        holder = _first(parent, path)
        notes: tuple[str, ...] = ()
        for extra in footnote_holders:
            extra_el = _first(parent, extra)
            if extra_el is not None:
                notes += _footnote_ids(extra_el)
        if holder is None:
            return Value(footnotes=notes) if notes else Value()
        notes = _footnote_ids(holder) + notes
        text_el = holder
        if with_value_child:
            value_el = _first(holder, "value")
            text_el = value_el if value_el is not None else None
        raw = (text_el.text or "").strip() if text_el is not None else ""
        source = self.source(text_el if text_el is not None else holder)
        if not raw:
            return Value(footnotes=notes, source=source)
        try:
            parsed = parse_value(kind, raw)
        except ValueError as exc:
            self.notes.append(f"line {source.line}: {exc}")
            return Value(None, notes, raw=raw, source=source, confidence=0.2)
        return Value(parsed, notes, raw=raw, source=source)

    def row(self, element: etree._Element, table: str) -> Row:
        values = {}
        for field in TABLE_FIELDS[table]:
            path, holders = ROW_XML[field]
            # transactionFormType, transactionCode and equitySwapInvolved hold their text directly.
            direct = path.startswith("transactionCoding/")
            values[field] = self.value(
                element, path, ROW_FIELDS[field].kind, with_value_child=not direct, footnote_holders=holders
            )
        return Row(table=table, **values)
