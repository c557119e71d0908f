"""EDGAR ownership XML (`<ownershipDocument>`), every schema version from X0202 on.

Parsing is safe by construction: a document that declares a DTD or entities is refused (filings never have one),
entities are not expanded, nothing is loaded from the network, and the size is limited.

One kind of damage EDGAR itself did is repaired, because it loses nothing: old submissions were wrapped at 1,023
characters a line, which can split a closing tag (`</fo` + line break + `otnote>`). Such a tag is joined again when
the element it closes was opened in the document, and the line break is moved after it so that every line number
stays that of the file. XML that names no encoding and is not UTF-8 is read as Windows-1252 (EDGAR's text files'
encoding), with a note. Anything else that is not well-formed is refused with the line, never guessed at.

Every value keeps an `XmlPath` source: the element's path as `lxml`'s `getpath` writes it (an index only where
siblings share a tag) and its line in the file. Paths are built during the walk rather than asked of lxml for each
value, which is most of the reading time otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from lxml import etree

from ..errors import FileTooLargeError, NotAFilingError, ReadError
from ..limits import check_time
from ..model import (
    BLANK,
    DERIVATIVE_HOLDINGS,
    DERIVATIVE_TRANSACTIONS,
    FOOTNOTE_ID,
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

_DTD_TEXT = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_BARE_CR = re.compile(rb"\r(?!\n)")
_DECLARED_ENCODING = re.compile(rb"""\A(\xef\xbb\xbf)?\s*<\?xml[^>]*\sencoding\s*=""")
#: A closing tag split by a line break: `</fo` newline `otnote>`.
_SPLIT_CLOSING_TAG = re.compile(rb"</([A-Za-z_][\w.-]*)(\r\n|\n|\r)([\w.-]+)>")
_MISMATCH = re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)")
#: libxml2 ends some messages with the line of the XML where the tag concerned began ("... Start Tag t line 47").
_TRAILING_LINE = re.compile(r"(?<!\s)\s++line (\d+)$")  # tried only where a run of spaces starts: linear

#: Where each row field lives, relative to the row element: the element holding the value (its `<value>` child
#: where it has one, else its own text) and footnote ids; extra elements whose footnote ids belong to the field.
ROW_XML: dict[str, tuple[str, tuple[str, ...]]] = {
    "security_title": ("securityTitle", ()),
    "conversion_or_exercise_price": ("conversionOrExercisePrice", ()),
    "transaction_date": ("transactionDate", ()),
    "deemed_execution_date": ("deemedExecutionDate", ()),
    "transaction_form_type": ("transactionCoding/transactionFormType", ()),
    # Footnotes on <transactionCoding> explain the code (on a holding, which has no code, the form type).
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
    "country": "reportingOwnerAddress/rptOwnerCountry",
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

class _Record:
    """How to read one kind of element (a row, an owner, the document's own fields): for each field, the steps to
    the element holding it, its kind, and whether the text is in a `<value>` child; plus, for boxes such as
    `<transactionCoding>`, which field the box's own footnote references belong to.

    `plan` is the same, arranged by the tags of the element's children for a single pass. A field held by a child
    is `(field, kind, with_value_child, path, value_path)`, the paths relative to the element (`/transactionDate`,
    `/transactionDate/value`); a box is `(fields by the grandchild's tag, field its footnotes belong to or None)`."""

    __slots__ = ("fields", "specs", "box_notes", "plan")

    def __init__(self, specs: Sequence[tuple[str, tuple[str, ...], Kind, bool]], box_notes: dict[str, str]):
        self.fields = tuple(field for field, _, _, _ in specs)
        self.specs = tuple(specs)
        self.box_notes = box_notes
        plan: dict[str, Any] = {}
        for field, steps, kind, with_value_child in specs:
            relative = "/" + "/".join(steps)
            leaf = (field, kind, with_value_child, relative, relative + "/value")
            if len(steps) == 1:
                plan[steps[0]] = leaf
            else:
                plan.setdefault(steps[0], ({}, box_notes.get(steps[0])))[0][steps[1]] = leaf
        for tag, field in box_notes.items():
            plan.setdefault(tag, ({}, field))
        self.plan = plan


def _row_record(table: str) -> _Record:
    fields = TABLE_FIELDS[table]
    specs = [
        # transactionFormType, transactionCode and equitySwapInvolved hold their text directly.
        (field, tuple(ROW_XML[field][0].split("/")), ROW_FIELDS[field].kind,
         not ROW_XML[field][0].startswith("transactionCoding/"))
        for field in fields
    ]
    # Footnotes on <transactionCoding> explain the code; on a holding, which has no code, the form type.
    notes_field = "transaction_code" if "transaction_code" in fields else "transaction_form_type"
    return _Record(specs, {"transactionCoding": notes_field})


_ROWS = {table: _row_record(table) for table in TABLE_FIELDS}
_OWNER = _Record(
    [(field, tuple(path.split("/")), OWNER_KINDS.get(field, Kind.TEXT), False) for field, path in OWNER_XML.items()],
    {},
)
_ISSUER_FIELDS = {"cik": "issuerCik", "name": "issuerName", "trading_symbol": "issuerTradingSymbol"}
#: The document's own fields, the issuer's (as `issuer.cik`...) and the remarks.
_TOP = _Record(
    [(field, (tag,), kind, False) for field, (tag, kind) in TOP_XML.items()]
    + [(f"issuer.{field}", ("issuer", tag), Kind.TEXT, False) for field, tag in _ISSUER_FIELDS.items()]
    + [("remarks", ("remarks",), Kind.TEXT, False), ("schema_version", ("schemaVersion",), Kind.TEXT, False)],
    {},
)
_SIGNATURE = _Record(
    [("name", ("signatureName",), Kind.TEXT, False), ("date", ("signatureDate",), Kind.DATE, False)], {}
)

_EMPTY = BLANK
_BOOLS = {"1": True, "true": True, "0": False, "false": False}
_UPPER = (Kind.CODE, Kind.AD, Kind.DI, Kind.FORM)


def _parse(kind: Kind, raw: str) -> Any:
    """`parse_value(kind, raw)` for stripped, non-empty text, with the forms XML uses taken directly."""
    if kind is Kind.DECIMAL:
        try:
            number = Decimal(raw)
        except ArithmeticError:  # grouping, parentheses, a currency sign: the general parser handles them
            return parse_value(kind, raw)
        if number.is_finite():
            return number
    elif kind is Kind.DATE:
        if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass
    elif kind is Kind.BOOL:
        found = _BOOLS.get(raw)
        if found is not None:
            return found
    elif kind in _UPPER:
        return raw.upper()
    elif kind is Kind.TEXT:
        return raw
    return parse_value(kind, raw)


#: XmlPaths already made, by path and line, for the accelerator: they are immutable, and files from the same filing
#: software repeat the same elements on the same lines, so most are shared rather than made again. Emptied when it
#: grows large.
_SOURCES: dict[tuple[str, int | None], XmlPath] = {}
_MAX_SOURCES = 50_000


#: Values are made by the model's plain constructor: this reader makes each part's type itself (text stripped,
#: values parsed to their kind's type, footnote ids checked by `_drop_bad_references`, an XmlPath), and
#: tests/test_model_values.py makes every value it reads again through the checked one. So are the parts of a
#: filing, from the fields read (each a Value, a row's table one of the model's), which that test makes again
#: through their dataclass constructors.
_made = Value.trusted
_row = Row.trusted
_owner = ReportingOwner.trusted
_issuer = Issuer.trusted
_footnote = Footnote.trusted
_signature = Signature.trusted
_document = SourceDocument.trusted
_filing = Filing.trusted
_xml_path = XmlPath.trusted


_TEXT = Kind.TEXT


def _whole_text(element: etree._Element) -> str:
    """The text of an element and of everything in it, without its tail."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


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
        # Whitespace between elements means nothing in an ownership document; dropping it makes parsing faster.
        remove_blank_text=True,
        collect_ids=False,
    )


_PARSER = safe_parser()


def parse_xml(data: bytes, name: str, *, line_offset: int = 0, repairs: list[str] | None = None,
              max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse untrusted XML bytes safely. Raises ReadError naming the file (and line) for anything wrong.

    `line_offset` is the number of lines before the XML in the file it came from, so that lines in messages are
    lines of that file. Closing tags split by a line break are joined again (see the module's description); each
    repair is described in `repairs` when a list is given. Larger than `max_bytes` is refused unread."""
    if len(data) > max_bytes:
        raise FileTooLargeError(
            name, f"the XML is {len(data) / 1e6:.0f} MB; an ownership document is far smaller "
            f"(limit {max_bytes // 1_000_000} MB)"
        )
    _refuse_dtd(data, name)
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):  # a CR not followed by LF
        # libxml2 counts lines at LF only; XML reads a lone CR as a line end, and so does a person's editor.
        data = _BARE_CR.sub(b"\n", data)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        repaired, done = _as_windows_1252(data, exc, line_offset)
        repaired, joined = _rejoin_split_closing_tags(repaired, line_offset)
        done += joined
        if done:
            try:
                root = etree.fromstring(repaired, _PARSER)
            except etree.XMLSyntaxError:
                raise _syntax_error(exc, name, line_offset) from None
            if repairs is not None:
                repairs.extend(done)
            for message in done:
                log.info("%s: %s", name, message)
        else:
            raise _syntax_error(exc, name, line_offset) from None
    if root is None:
        raise ReadError(name, "the XML is empty")
    if root.getroottree().docinfo.internalDTD is not None:  # a DTD in a form the byte check did not see
        raise _dtd_error(name)
    return root


#: Up to this many "!" in a document, each is looked at in turn for a "<!" (see `_refuse_dtd`).
_FEW_BANGS = 64


def _refuse_dtd(data: bytes, name: str) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        # UTF-16: the markup's bytes are interleaved with zeros, so look at the text.
        try:
            text = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else
                               ("utf-16-le" if data[0] == 0x3C else "utf-16-be"))
        except UnicodeDecodeError:
            raise ReadError(name, "the XML is not well-formed: its UTF-16 text does not decode") from None
        if _DTD_TEXT.search(text):
            raise _dtd_error(name)
        return
    # The bytes after each "<!" (comments and CDATA sections have them too), without a case-blind scan of the file.
    # Found by their "!", rare in a filing, where "<" is everywhere (a search for "<!" stops at each "<": ten times
    # the cost); by "<!" itself in a file with many.
    if data.count(b"!") <= _FEW_BANGS:
        bang = data.find(b"!")
        while bang >= 0:
            if bang and data[bang - 1] == 0x3C and data[bang + 1:bang + 8].upper().startswith((b"DOCTYPE", b"ENTITY")):
                raise _dtd_error(name)
            bang = data.find(b"!", bang + 1)
        return
    start = data.find(b"<!")
    while start >= 0:
        if data[start + 2:start + 9].upper().startswith((b"DOCTYPE", b"ENTITY")):
            raise _dtd_error(name)
        start = data.find(b"<!", start + 2)


def _dtd_error(name: str) -> ReadError:
    return ReadError(name, "the XML declares a DTD or entities (<!DOCTYPE>/<!ENTITY>), which filings never do; "
                     "it was not read, for safety")


def _syntax_error(exc: etree.XMLSyntaxError, name: str, line_offset: int) -> ReadError:
    line = exc.position[0] + line_offset if exc.position and exc.position[0] else None
    message = (exc.msg or "not well-formed").split(", line ")[0]
    mismatch = _MISMATCH.match(message)
    if mismatch:
        opened, opened_line, closing = mismatch.groups()
        message = (f"<{opened}> (opened on line {int(opened_line) + line_offset}) is closed by </{closing}>; "
                   "the tags do not match")
    elif trailing := _TRAILING_LINE.search(message):
        # That line counts from the XML's start; say it as a line of this file.
        message = f"{message[:trailing.start()]} (the tag begins on line {int(trailing[1]) + line_offset})"
    return ReadError(name, f"the XML is not well-formed: {message}", line=line)


def _as_windows_1252(data: bytes, exc: etree.XMLSyntaxError, line_offset: int) -> tuple[bytes, list[str]]:
    """Text that declares no encoding and is not UTF-8 (an old filer's Latin letters) as Windows-1252, which is what
    EDGAR's own text files are in; the same letters in UTF-8, with the same lines."""
    if "encoding" not in (exc.msg or "") or _DECLARED_ENCODING.match(data) or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data, []
    try:
        data.decode("utf-8")
        return data, []  # valid UTF-8: the error is something else
    except UnicodeDecodeError as bad:
        line = data.count(b"\n", 0, bad.start) + 1 + line_offset
    text = data.decode("cp1252", errors="replace")
    return text.encode("utf-8"), [f"line {line}: the XML is not UTF-8 and names no encoding; it was read as "
                                  "Windows-1252"]


def _rejoin_split_closing_tags(data: bytes, line_offset: int) -> tuple[bytes, list[str]]:
    """`data` with each closing tag that a line break split (`</fo` newline `otnote>`) joined again, when the
    element it closes is opened in the document; the line break goes after the tag, so line numbers stay."""
    done: list[str] = []

    def join(match: re.Match[bytes]) -> bytes:
        tag = match[1] + match[3]
        if not re.search(rb"<" + re.escape(tag) + rb"[\s/>]", data):
            return match[0]
        line = data.count(b"\n", 0, match.start()) + 1 + line_offset
        done.append(f"line {line}: the closing tag </{tag.decode('ascii', 'replace')}> was split by a line break "
                    "(EDGAR wrapped long lines); it was joined again")
        return b"</" + tag + b">" + match[2]

    repaired = _SPLIT_CLOSING_TAG.sub(join, data)
    return repaired, done


def read_ownership_xml(data: bytes, name: str, *, line_offset: int = 0, document_kind: str = "xml",
                       whole: bytes | None = None, notes: tuple[str, ...] = (),
                       header: dict[str, Value] | None = None) -> Filing:
    """Read an `<ownershipDocument>`. `line_offset` is the number of lines before the XML in the file it came from
    (a full submission), so that sources point into that file; `whole` is that file's bytes, for the hash;
    `notes` are added to the document's notes; `header` holds the submission's `accession_number` and
    `filing_date`."""
    repairs: list[str] = []
    root = parse_xml(data, name, line_offset=line_offset, repairs=repairs)
    return filing_from_tree(root, name, data if whole is None else whole, line_offset, document_kind,
                            notes=tuple(notes) + tuple(repairs), header=header)


def filing_from_tree(root: etree._Element, name: str, data: bytes, line_offset: int = 0,
                     document_kind: str = "xml", *, notes: tuple[str, ...] = (),
                     header: dict[str, Value] | None = None) -> Filing:
    """The filing an `<ownershipDocument>` tree holds; `data` is the file's bytes (for the hash and size);
    `header` the fields a full submission's header gives (`accession_number`, `filing_date`)."""
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag.startswith("{"):
        _strip_namespaces(root)
        tag = root.tag
    if tag != "ownershipDocument":
        raise NotAFilingError(name, f"this XML is a <{tag}> document, not a Form 3/4/5 ownership document")
    walker = _Walker(line_offset)
    _drop_bad_references(root, walker.notes, line_offset)
    root_path = "/ownershipDocument"
    kids = _kids(root)

    def children(element: etree._Element, tag: str, parent_path: str) -> list[tuple[etree._Element, str]]:
        return _indexed(kids if element is root else _kids(element), tag, parent_path)

    top = walker.record(root, root_path, _TOP, "")
    owners = []
    for i, (owner, path) in enumerate(children(root, "reportingOwner", root_path)):
        owners.append(_owner(walker.record(owner, path, _OWNER, f"reporting_owners[{i}].")))
    tables: dict[str, list[Row]] = {table: [] for _, _, table in ROW_ELEMENTS}
    for table_tag, row_tag, table in ROW_ELEMENTS:
        record = _ROWS[table]
        for table_el, table_path in children(root, table_tag, root_path):
            rows = tables[table]
            for row_el, row_path in children(table_el, row_tag, table_path):
                check_time()
                fields: dict[str, Any] = walker.record(row_el, row_path, record, f"{table}[{len(rows)}].")
                fields["table"] = table
                rows.append(_row(fields))
    footnotes = []
    for notes_el, notes_path in children(root, "footnotes", root_path):
        for note, note_path in children(notes_el, "footnote", notes_path):
            footnotes.append(_footnote({"id": (note.get("id") or "").strip(),
                                        "text": walker.text_value(note, note_path)}))
    signatures = []
    for i, (sig, sig_path) in enumerate(children(root, "ownerSignature", root_path)):
        signatures.append(_signature(walker.record(sig, sig_path, _SIGNATURE, f"signatures[{i}].")))
    document = _document({
        "kind": document_kind,
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "notes": tuple(notes) + tuple(walker.notes),
    })
    schema = top.pop("schema_version", _EMPTY).value
    return _filing({
        **{field: top.get(field, _EMPTY) for field in TOP_XML},
        "issuer": _issuer({field: top.get(f"issuer.{field}", _EMPTY) for field in _ISSUER_FIELDS}),
        "reporting_owners": tuple(owners),
        NON_DERIVATIVE_TRANSACTIONS: tuple(tables[NON_DERIVATIVE_TRANSACTIONS]),
        NON_DERIVATIVE_HOLDINGS: tuple(tables[NON_DERIVATIVE_HOLDINGS]),
        DERIVATIVE_TRANSACTIONS: tuple(tables[DERIVATIVE_TRANSACTIONS]),
        DERIVATIVE_HOLDINGS: tuple(tables[DERIVATIVE_HOLDINGS]),
        "footnotes": tuple(footnotes),
        "remarks": top.get("remarks", _EMPTY),
        "signatures": tuple(signatures),
        "schema_version": schema,
        "document": document,
        **(header or {}),
    })


# --------------------------------------------------------------------------------------------------------------


#: The `id`s of the footnote references below an element, as they are written.
_REFERENCE_IDS = etree.XPath("descendant-or-self::footnoteId/@id", smart_strings=False)
#: Ids of references found to be kept (F and a number, or empty): they repeat across a filing and across filings.
_GOOD_REFERENCE_IDS: set[str] = {""}


def _drop_bad_references(root: etree._Element, notes: list[str], line_offset: int) -> None:
    """Footnote references whose id is not F and a number (the schema's F1 to F99) cannot be a value's footnote:
    each is taken out of the tree before the walk, with a note naming it and its line.

    The ids are first taken all at once (in C, without an element for each reference) and, when each is one
    already found good, nothing more is done, which is the usual case."""
    if _GOOD_REFERENCE_IDS.issuperset(_REFERENCE_IDS(root)):
        return
    bad = []
    for ref in root.iter("footnoteId"):
        note_id = ref.get("id")
        if note_id and FOOTNOTE_ID.fullmatch(note_id.strip()) is None:
            bad.append(ref)
        elif note_id is not None and len(_GOOD_REFERENCE_IDS) < 10_000:
            _GOOD_REFERENCE_IDS.add(note_id)
    for ref in bad:
        line = None if ref.sourceline is None else ref.sourceline + line_offset
        notes.append(f"line {line}: the footnote reference {ref.get('id')!r} is not F and a number (F1 to F99); "
                     "it was left out")
        parent = ref.getparent()
        if parent is not None:
            if ref.tail:  # text after the reference stays where it was
                previous = ref.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + ref.tail
                else:
                    parent.text = (parent.text or "") + ref.tail
            parent.remove(ref)


def _strip_namespaces(root: etree._Element) -> None:
    """Filings use no namespace; a document that puts its elements in one is read by their local names."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.rsplit("}", 1)[1]


def _kids(element: etree._Element) -> dict[str, list[etree._Element]]:
    """The element's children by tag, in document order."""
    kids: dict[str, list[etree._Element]] = {}
    for child in element:
        tag = child.tag
        found = kids.get(tag)
        if found is None:
            kids[tag] = [child]
        else:
            found.append(child)
    return kids


def _indexed(kids: dict[str, list[etree._Element]], tag: str, parent_path: str) -> list[tuple[etree._Element, str]]:
    """Children with `tag` and their paths, indexed the way lxml's getpath indexes them (only among several)."""
    found = kids.get(tag)
    if not found:
        return []
    if len(found) == 1:
        return [(found[0], f"{parent_path}/{tag}")]
    return [(child, f"{parent_path}/{tag}[{i}]") for i, child in enumerate(found, 1)]


class _RepeatedError(Exception):
    """An element the single pass reads occurs twice where it normally occurs once."""


#: The version of the accelerator's interface this reader speaks (`form4viewer_accel.API`).
ACCEL_API = 4


def _accelerator() -> Any:
    """The compiled walk of a record, `form4viewer_accel.RecordWalk` (a separate, optional platform wheel built from
    packaging/accel/), set up with what it needs from here; None when it is not installed, speaks another version
    of the interface, or FORM4VIEWER_ACCEL=0 turns it off. It gives what `_Walker._single_pass` gives, value for
    value, faster (tests/readers/test_ownership_paths.py compares the two over the corpus)."""
    if os.environ.get("FORM4VIEWER_ACCEL", "1") == "0":
        return None
    try:
        import form4viewer_accel
    except ImportError:
        return None
    if getattr(form4viewer_accel, "API", None) != ACCEL_API:
        log.warning("form4viewer_accel speaks interface %s, not %s: it is not used", getattr(form4viewer_accel, "API",
                    None), ACCEL_API)
        return None
    return form4viewer_accel.RecordWalk(_made, _xml_path, _RepeatedError, (Kind.TEXT, Kind.DECIMAL, Kind.DATE, Kind.BOOL),
                                        _UPPER, _BOOLS, Decimal, dt.date, _SOURCES, _MAX_SOURCES)


_accel = _accelerator()
#: Whether records are read by the accelerator (`form4viewer_accel`) rather than in pure Python; `form4viewer info`
#: says which; tests set it False to compare the two.
ACCELERATED = _accel is not None


class _Walker:
    """Reads values out of one document, noting values that do not parse."""

    __slots__ = ("line_offset", "notes")

    def __init__(self, line_offset: int):
        self.line_offset = line_offset
        self.notes: list[str] = []

    def text_value(self, element: etree._Element, path: str) -> Value:
        """The whole text of an element (a footnote's, which may have markup in it): `"".join(itertext())`, joined
        in C (the parser leaves no comment, processing instruction or entity in the tree to tell them apart)."""
        return self.value(_whole_text(element), element.sourceline, path, (), _TEXT, "", "")

    def record(self, element: etree._Element, path: str, record: _Record, where: str) -> dict[str, Value]:
        """The fields of `record` read below `element` (whose path is `path`); absent ones are left out."""
        try:
            if ACCELERATED:
                found = _accel(self, element, path, record.plan, where, self.line_offset)
            else:
                found = self._single_pass(element, path, record, where)
        except _RepeatedError:
            found = self._by_steps(element, path, record, where)
        box_notes = found.pop("", None)
        if box_notes:
            for field, notes in box_notes.items():
                value = found.get(field)
                found[field] = (_made(None, notes, None, None) if value is None else
                                _made(value.value, value.footnotes + notes, value.raw, value.source, value.confidence))
        return found

    def _single_pass(self, element: etree._Element, path: str, record: _Record, where: str) -> dict[str, Any]:
        """Fields in one pass over children and grandchildren, for the usual element where no tag it reads
        repeats (paths then need no index). Raises _RepeatedError otherwise.

        The usual shapes of a holder, `<holder>text</holder>` and `<holder><value>text</value></holder>`, are read
        here; others go to `holder`."""
        found: dict[str, Any] = {}
        box_notes: dict[str, tuple[str, ...]] | None = None
        plan = record.plan
        boxes: set[str] | None = None
        holders: list[tuple[etree._Element, tuple[str, Kind, bool, str, str]]] = []
        add = holders.append
        for child in element:
            tag = child.tag
            spec = plan.get(tag)
            if spec is None:
                continue
            first = spec[0]
            if first.__class__ is str:
                add((child, spec))
                continue
            if boxes is None:
                boxes = {tag}
            elif tag in boxes:
                raise _RepeatedError
            else:
                boxes.add(tag)
            notes_field = spec[1]
            for grandchild in child:
                inner = grandchild.tag
                inner_spec = first.get(inner)
                if inner_spec is not None:
                    add((grandchild, inner_spec))
                elif notes_field is not None and inner == "footnoteId":
                    note_id = grandchild.get("id")
                    if note_id:
                        if box_notes is None:
                            box_notes = {}
                        box_notes[notes_field] = box_notes.get(notes_field, ()) + (note_id.strip(),)
        for holder, (field, kind, with_value_child, relative, value_relative) in holders:
            if field in found:
                raise _RepeatedError
            count = len(holder)
            if count == 0:
                raw = holder.text
                line = holder.sourceline
                source_path = path + relative
            elif count == 1 and with_value_child and (text_el := holder[0]).tag == "value" and not len(text_el):
                raw = text_el.text
                line = text_el.sourceline
                source_path = path + value_relative
            else:
                found[field] = self.holder(holder, path + relative, kind, with_value_child, where, field)
                continue
            found[field] = self.value(raw, line, source_path, (), kind, where, field)
        if box_notes:
            found[""] = box_notes
        return found

    def _by_steps(self, element: etree._Element, path: str, record: _Record, where: str) -> dict[str, Any]:
        """Fields looked up one by one, the first of repeated elements, with lxml's indexed paths."""
        found: dict[str, Any] = {}
        top = _kids(element)
        for field, steps, kind, with_value_child in record.specs:
            kids, holder, holder_path = top, None, path
            for step in steps:
                if holder is not None:
                    kids = _kids(holder)
                candidates = kids.get(step)
                if not candidates:
                    holder = None
                    break
                holder = candidates[0]
                holder_path = f"{holder_path}/{step}[1]" if len(candidates) > 1 else f"{holder_path}/{step}"
            if holder is not None:
                found[field] = self.holder(holder, holder_path, kind, with_value_child, where, field)
        box_notes: dict[str, tuple[str, ...]] = {}
        for box_tag, field in record.box_notes.items():
            boxes = top.get(box_tag)
            if boxes:
                notes = tuple(
                    (child.get("id") or "").strip() for child in boxes[0] if child.tag == "footnoteId" and child.get("id")
                )
                if notes:
                    box_notes[field] = notes
        if box_notes:
            found[""] = box_notes
        return found

    def holder(self, holder: etree._Element, path: str, kind: Kind, with_value_child: bool, where: str,
               field: str) -> Value:
        """The value an element holds: its `<value>` child's text (or, without one, its own) and the ids of its
        `<footnoteId>` children. `where` and `field` name it in notes."""
        notes: tuple[str, ...] = ()
        text_el = holder
        if len(holder):
            values = 0
            for child in holder:
                tag = child.tag
                if tag == "value":
                    if with_value_child:
                        values += 1
                        if values == 1:
                            text_el = child
                elif tag == "footnoteId":
                    note_id = child.get("id")
                    if note_id:
                        notes += (note_id.strip(),)
            if values:
                path = f"{path}/value[1]" if values > 1 else f"{path}/value"
            # Without a <value> child, the holder's own text (footnote references have none).
            raw = "".join(text_el.itertext()) if text_el is holder or len(text_el) else text_el.text
        else:
            raw = holder.text
        return self.value(raw, text_el.sourceline, path, notes, kind, where, field)

    def value(self, raw: str | None, line: int | None, path: str, notes: tuple[str, ...], kind: Kind, where: str,
              field: str) -> Value:
        """The value of `kind` in text `raw`, read from the element at `path` on `line` of the XML (this file's
        line is counted from it), with footnote ids `notes`. Text that does not parse is noted and kept as raw.
        Each source is made anew: looking it up in `_SOURCES` would cost this walk more than making it, in a process
        that reads a few thousand files; the accelerator, which looks up in C, shares them."""
        if line is not None:
            line += self.line_offset
        if raw and (raw := raw.strip()):
            if kind is _TEXT:
                return _made(raw, notes, raw, _xml_path(path, line))
            try:
                parsed = _parse(kind, raw)
            except ValueError as exc:
                self.notes.append(f"line {line} ({where}{field}): {exc}")
                return _made(None, notes, raw, _xml_path(path, line), 0.2)
            return _made(parsed, notes, raw, _xml_path(path, line))
        return _made(None, notes, None, _xml_path(path, line))
