"""A filing as the EDGAR ownership XML document (`<ownershipDocument>`) EDGAR itself would hold.

`ownership_xml(filing)` writes the filing's current values, so a person's corrections are what is written;
`missing_for_xml(filing)` names the values the SEC's schema requires that the filing does not have (a printout
often loses one); `validate(xml, form, schema_dir)` checks a document against the SEC's XSD for its form.
An owner abroad is written as today's schema wants (`owner_address`): EDGAR's code for a country in rptOwnerCountry,
also where an older document filed it in rptOwnerState.

Element names and where each field lives come from the XML reader's tables (`readers.ownership`), so that the
reader and the writer cannot disagree about them; only the order the schema requires is stated here.
Amounts are written exactly as their `Decimal`, dates in ISO form, booleans as EDGAR writes them (`1`/`0`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from .model import (
    FILING_FIELDS,
    ISSUER_FIELDS,
    OWNER_FIELDS,
    ROW_FIELDS,
    TABLE_FIELDS,
    TABLE_TITLES,
    Filing,
    ReportingOwner,
    Value,
    format_value,
)
from .readers.ownership import _ISSUER_FIELDS, OWNER_XML, ROW_ELEMENTS, ROW_XML, TOP_XML

log = logging.getLogger(__name__)

#: The schema version written: EDGAR's current one (the SCHEMA_VERSION type only fixes its length).
SCHEMA_VERSION = "X0508"

#: The XSD of each document type in the SEC's schema folder, and the common types they include.
SCHEMA_FILES = {
    "3": "ownership3Document.xsd.xml",
    "3/A": "ownership3ADocument.xsd.xml",
    "4": "ownership4Document.xsd.xml",
    "4/A": "ownership4ADocument.xsd.xml",
    "5": "ownership5Document.xsd.xml",
    "5/A": "ownership5ADocument.xsd.xml",
}
COMMON_SCHEMA = "ownershipDocumentCommon.xsd.xml"

#: Forms 4 and 5 have had the Rule 10b5-1(c) box (aff10b5One, which today's schema requires of them) since this day.
BOX_10B5_1_SINCE = dt.date(2023, 4, 1)

#: Document fields before the issuer, in the schema's order, and the forms whose schema has each.
_HEAD = (
    ("period_of_report", None),
    ("date_of_original_submission", ("3/A", "4/A", "5/A")),
    ("no_securities_owned", ("3", "3/A")),
    ("not_subject_to_section16", ("4", "4/A", "5", "5/A")),
    ("form3_holdings_reported", ("5", "5/A")),
    ("form4_transactions_reported", ("5", "5/A")),
)
#: Row elements that hold their text directly rather than in a `<value>` child.
_BARE = ("transactionCoding/",)
#: Characters XML 1.0 cannot hold at all; a value that has them is written without them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        # Exactly the Decimal: no exponent, no float on the way.
        return format(value, "f")
    text = format_value(value) or ""
    cleaned = _NOT_XML.sub("", text)
    if cleaned != text:
        log.warning("characters XML cannot hold were left out of %r", text)
    return cleaned


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _child(parent: etree._Element, tag: str) -> etree._Element:
    """`parent`'s last child `tag`, made when it has none: boxes such as `<transactionAmounts>` are shared."""
    if len(parent) and parent[-1].tag == tag:
        return parent[-1]
    return etree.SubElement(parent, tag)


def _notes(element: etree._Element, footnotes: Iterable[str]) -> None:
    for note_id in footnotes:
        etree.SubElement(element, "footnoteId", id=note_id)


def _plain(parent: etree._Element, tag: str, value: Value) -> None:
    """An element holding its text directly (document, issuer, owner fields), left out when empty."""
    if value.value is not None:
        _sub(parent, tag, _text(value.value))


#: What the printed form implies where a printout shows nothing, for a coded transaction: the form's own number
#: as its form type, and an unmarked V column as no equity swap.
_IMPLIED = {
    "transaction_form_type": lambda form: form[:1] or None,
    "equity_swap_involved": lambda form: False,
}


#: Row elements whose schema type requires a <value> before any footnote (INDIRECT_NATURE); the others take
#: footnotes alone.
_VALUE_REQUIRED = frozenset({"natureOfOwnership"})


def _write_row(parent: etree._Element, row_tag: str, row: Any, form: str) -> None:
    element = etree.SubElement(parent, row_tag)
    fields = set(row.fields)
    coding_notes = "transaction_code" if "transaction_code" in fields else "transaction_form_type"
    coding: etree._Element | None = None
    for field, (path, _extra) in ROW_XML.items():  # ROW_XML is in the schema's order
        if field not in fields:
            continue
        value: Value = getattr(row, field)
        if value.value is None and field in _IMPLIED and row.transaction_code.value is not None:
            value = Value(_IMPLIED[field](form), value.footnotes)
        *boxes, leaf = path.split("/")
        bare = path.startswith(_BARE)
        if value.value is None and (bare or not value.footnotes):
            if bare and field == coding_notes and value.footnotes:
                coding = _child(element, "transactionCoding")
            continue
        holder = element
        for box in boxes:
            holder = _child(holder, box)
        if bare:
            coding = holder
            _sub(holder, leaf, _text(value.value))
            continue
        target = _sub(holder, leaf)
        if value.value is not None:
            _sub(target, "value", _text(value.value))
        elif leaf in _VALUE_REQUIRED:
            _sub(target, "value", "")  # as EDGAR's filers write a nature given only by its footnotes
        _notes(target, value.footnotes)
    if coding is not None:
        # The footnotes on <transactionCoding> are the code's (a holding's: its form type's); they follow its
        # children.
        _notes(coding, getattr(row, coding_notes).footnotes)


_XS = "http://www.w3.org/2001/XMLSchema"
#: The elements of `<reportingOwnerAddress>` in the schema's order.
_ADDRESS_ORDER = ("rptOwnerNonUSAddressFlag", "rptOwnerStreet1", "rptOwnerStreet2", "rptOwnerCity",
                  "rptOwnerNonUSStateTerritory", "rptOwnerState", "rptOwnerCountry", "rptOwnerZipCode",
                  "rptOwnerStateDescription")


@dataclasses.dataclass(frozen=True)
class EdgarCodes:
    """EDGAR's two-character codes as the SEC's common schema lists them, each with the name its comment gives:
    `states` (rptOwnerState: the US states and territories) and `countries` (rptOwnerCountry: countries, and
    Canada's provinces). Documents made before the schema had rptOwnerCountry hold a country's code in
    rptOwnerState."""

    states: dict[str, str]
    countries: dict[str, str]
    #: The country codes by name, and by a name's part before its parenthesis where no other name is that part.
    by_name: dict[str, str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, str] = {}
        shorts: dict[str, list[str]] = {}
        for code, name in self.countries.items():
            by_name.setdefault(name, code)
            # 'CANADA (FEDERAL LEVEL)' is also 'CANADA' (cut by hand: a pattern here is quadratic on long runs).
            short = name[:name.index("(")].rstrip() if name.endswith(")") and "(" in name else name
            shorts.setdefault(short, []).append(code)
        for short, found in shorts.items():
            if len(found) == 1:
                by_name.setdefault(short, found[0])
        object.__setattr__(self, "by_name", by_name)

    def country_code(self, text: str) -> str | None:
        """The country code `text` is, or names (`UNITED KINGDOM`, `Ontario, Canada`; a name the schema qualifies
        in parentheses, `CANADA (FEDERAL LEVEL)`, also by its first part when no other name is that); None when it
        is neither."""
        key = " ".join(text.upper().split())
        return key if key in self.countries else self.by_name.get(key)


@functools.cache
def edgar_codes() -> EdgarCodes:
    """The codes of rptOwnerState and rptOwnerCountry in the common schema form4viewer ships."""
    path = schema_file(shipped_schemas(), COMMON_SCHEMA)
    if path is None:
        raise FileNotFoundError(f"{COMMON_SCHEMA} is not in {shipped_schemas()}")
    parser = etree.XMLParser(no_network=True, resolve_entities=False, remove_comments=False)
    tree = etree.parse(str(path), parser)
    lists: list[dict[str, str]] = []
    for name in ("rptOwnerState", "rptOwnerCountry"):
        codes: dict[str, str] = {}
        for enum in tree.xpath(f"//xs:element[@name='{name}']//xs:enumeration", namespaces={"xs": _XS}):
            code = enum.get("value", "").strip()
            comment = enum.getnext()
            if code:
                codes[code] = comment.text.strip() if comment is not None and comment.tag is etree.Comment else code
        lists.append(codes)
    return EdgarCodes(*lists)


#: The owner fields written as they are into `<reportingOwnerAddress>` (the state and country are placed by
#: `owner_address`), each with its element, from the reader's table.
_ADDRESS_FIELDS = {field: path.split("/")[1] for field, path in OWNER_XML.items()
                   if path.startswith("reportingOwnerAddress/") and field not in ("state", "country")}
_STATE_TAG, _COUNTRY_TAG = (OWNER_XML[field].split("/")[1] for field in ("state", "country"))


def owner_address(owner: ReportingOwner) -> list[tuple[str, str]]:
    """The owner's `<reportingOwnerAddress>` elements and their text, as today's schema takes them.

    A US state code stays in rptOwnerState. A country's code in rptOwnerState, as documents made before
    rptOwnerCountry hold it (Cayman Islands `E9`), and a printout's state column holding one, move to
    rptOwnerCountry; a country the owner has only by name (a printout's address abroad, read into the state
    description) is written as its code too. The state description is written as filed, and
    rptOwnerNonUSAddressFlag is set where a country other than the United States (`X1`) is written. A value that
    is no code of either list is written where the filing has it (`missing_for_xml` names it), so nothing filed is
    left out."""
    out: dict[str, str] = {}
    for field, tag in _ADDRESS_FIELDS.items():
        value: Value = getattr(owner, field)
        if value.value is not None:
            out[tag] = _text(value.value)
    codes = edgar_codes()
    state = _text(owner.state.value).strip() if owner.state.value is not None else ""
    country = _text(owner.country.value).strip() if owner.country.value is not None else ""
    country_code = codes.country_code(country) if country else None
    if state.upper() in codes.states:
        out[_STATE_TAG] = state.upper()
    elif state and codes.country_code(state) == state.upper() and (not country or country_code == state.upper()):
        country_code = state.upper()
    elif state:
        out[_STATE_TAG] = state
    if not country_code and not country and not state and owner.state_description.value is not None:
        country_code = codes.country_code(_text(owner.state_description.value))
    if country_code:
        out[_COUNTRY_TAG] = country_code
        if codes.countries[country_code] != "UNITED STATES":
            out["rptOwnerNonUSAddressFlag"] = "1"
    elif country:
        out[_COUNTRY_TAG] = country
    return [(tag, out[tag]) for tag in _ADDRESS_ORDER if tag in out]


def _address_problems(i: int, owner: ReportingOwner) -> Iterator[str]:
    """What of the owner's state and country today's schema cannot take (`owner_address` writes it as it is)."""
    written = dict(owner_address(owner))
    codes = edgar_codes()
    state = written.get(_STATE_TAG, "").strip()
    if state and state not in codes.states:
        if state.upper() in codes.countries:
            what = f"{state!r} is EDGAR's code for {codes.countries[state.upper()]}, and the country says another"
        else:
            what = f"{state!r} is no US state's code (a place abroad is written as its country)"
        yield _needs(f"reporting_owners[{i}].state", OWNER_FIELDS["state"].label, f": {what}")
    country = written.get(_COUNTRY_TAG, "").strip()
    if country and country not in codes.countries:
        yield _needs(f"reporting_owners[{i}].country", OWNER_FIELDS["country"].label,
                     f": {country!r} is none of EDGAR's country codes")


def _box_predates(filing: Filing) -> bool:
    """Whether the filing is a Form 4 or 5 from before the 10b5-1 box, which therefore does not answer it."""
    period = filing.period_of_report.value
    return (filing.aff10b5_one.value is None and (filing.form.value or " ")[0] in "45"
            and isinstance(period, dt.date) and period < BOX_10B5_1_SINCE)


def ownership_xml(filing: Filing, *, unticked_before_10b5_1_box: bool = False) -> bytes:
    """The filing as an EDGAR `<ownershipDocument>`, UTF-8, with its current (corrected) values.

    Empty values are left out; an empty value with footnotes is written as the footnote references alone, as the
    schema allows for such fields. Required values the filing lacks stay missing: see `missing_for_xml`.

    `unticked_before_10b5_1_box` writes `aff10b5One` 0 for a Form 4 or 5 whose period of report precedes
    `BOX_10B5_1_SINCE`: its form had no such box, and an unticked box is what today's schema can say of it. Off,
    the document says only what the filing says (and such a filing does not validate against today's schema)."""
    form = filing.form.value or ""
    if unticked_before_10b5_1_box and _box_predates(filing):
        filing = dataclasses.replace(filing, aff10b5_one=Value(False))
    root = etree.Element("ownershipDocument")
    _sub(root, "schemaVersion", SCHEMA_VERSION)
    _plain(root, TOP_XML["form"][0], filing.form)
    for field, forms in _HEAD:
        head: Value = getattr(filing, field)
        if forms is not None and form in SCHEMA_FILES and form not in forms and head.value is not None:
            # The form's schema has no such element (a Form 4 cannot say "no securities owned").
            log.warning("%s is left out: a form %s document has no %s", field, form, TOP_XML[field][0])
            continue
        _plain(root, TOP_XML[field][0], head)
    issuer = _sub(root, "issuer")
    for field, tag in _ISSUER_FIELDS.items():
        _plain(issuer, tag, getattr(filing.issuer, field))
    for owner in filing.reporting_owners:
        owner_el = _sub(root, "reportingOwner")
        address = dict(owner_address(owner))
        for field, path in OWNER_XML.items():  # OWNER_XML is in the schema's order, but for the address
            box, tag = path.split("/")
            if box == "reportingOwnerAddress":
                if address:
                    box_el = _child(owner_el, box)
                    for address_tag in _ADDRESS_ORDER:
                        if address_tag in address:
                            _sub(box_el, address_tag, address.pop(address_tag))
                continue
            value: Value = getattr(owner, field)
            if value.value is None:
                continue
            _sub(_child(owner_el, box), tag, _text(value.value))
        if not len(owner_el) or owner_el[0].tag != "reportingOwnerId":
            owner_el.insert(0, etree.Element("reportingOwnerId"))
        if owner_el[-1].tag != "reportingOwnerRelationship":
            _sub(owner_el, "reportingOwnerRelationship")
    _plain(root, TOP_XML["aff10b5_one"][0], filing.aff10b5_one)
    for table_tag in ("nonDerivativeTable", "derivativeTable"):
        kinds = [(row_tag, table) for tag, row_tag, table in ROW_ELEMENTS if tag == table_tag]
        if not any(filing.rows(table) for _, table in kinds):
            continue
        table_el = _sub(root, table_tag)
        for row_tag, table in kinds:
            for row in filing.rows(table):
                _write_row(table_el, row_tag, row, form)
    if filing.footnotes:
        notes = _sub(root, "footnotes")
        for note in filing.footnotes:
            _sub(notes, "footnote", _text(note.text.value) if note.text.value is not None else None).set("id", note.id)
    _plain(root, "remarks", filing.remarks)
    for signature in filing.signatures:
        sig = _sub(root, "ownerSignature")
        _plain(sig, "signatureName", signature.name)
        _plain(sig, "signatureDate", signature.date)
    log.debug("wrote form %s as ownership XML", form)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --------------------------------------------------------------------------------------------------------------
# What the schema requires


def _needs(path: str, label: str, what: str = "") -> str:
    return f"{label} ({path}){what}"


def _missing(filing: Filing, unticked_before_10b5_1_box: bool) -> Iterator[str]:
    form = filing.form.value
    if form is None:
        yield _needs("form", FILING_FIELDS["form"].label)
        return
    if filing.period_of_report.value is None:
        yield _needs("period_of_report", FILING_FIELDS["period_of_report"].label)
    if form.endswith("/A") and filing.date_of_original_submission.value is None:
        yield _needs("date_of_original_submission", FILING_FIELDS["date_of_original_submission"].label)
    if form[0] in "45" and filing.aff10b5_one.value is None and not (
            unticked_before_10b5_1_box and _box_predates(filing)):
        yield _needs("aff10b5_one", FILING_FIELDS["aff10b5_one"].label)
    for field in ("cik", "trading_symbol"):
        if getattr(filing.issuer, field).value is None:
            yield _needs(f"issuer.{field}", ISSUER_FIELDS[field].label)
    if not filing.reporting_owners:
        yield "a reporting owner (reporting_owners): the form has none"
    for i, owner in enumerate(filing.reporting_owners):
        if owner.cik.value is None:
            yield _needs(f"reporting_owners[{i}].cik", OWNER_FIELDS["cik"].label)
        yield from _address_problems(i, owner)
    for table in TABLE_FIELDS:
        for i, row in enumerate(filing.rows(table)):
            for field in _required_row_fields(row):
                value: Value = getattr(row, field)
                if value.value is None and not (value.footnotes and field in _FOOTNOTE_WILL_DO):
                    where = f"{TABLE_TITLES[table]}, row {i + 1}"
                    yield _needs(f"{table}[{i}].{field}", f"{ROW_FIELDS[field].label} in {where}")
            for pair in (("shares", "total_value"), ("shares_owned_following", "value_owned_following")):
                if all(f in row.fields for f in pair) and all(getattr(row, f).value is None for f in pair):
                    if pair[0] in _required_row_fields(row) or (form[0] == "3" and row.is_derivative
                                                                and pair[0] == "shares_owned_following"):
                        continue  # named above; a Form 3's Table II holding has no amount owned
                    where = f"{TABLE_TITLES[table]}, row {i + 1}"
                    yield _needs(f"{table}[{i}].{pair[0]}", f"{ROW_FIELDS[pair[0]].label} in {where}")
    for note in filing.footnotes:
        if not re.fullmatch(r"F[1-9][0-9]?", note.id):
            yield f"footnote id {note.id!r} (footnotes): EDGAR's ids are F1 to F99"
    cited = filing.footnote_citations()
    ids = {note.id for note in filing.footnotes}
    for note_id, paths in cited.items():
        if note_id not in ids:
            yield f"the text of footnote {note_id} (footnotes), cited by {paths[0]}"
    if not filing.signatures:
        yield "a signature (signatures): the form has none"
    for i, signature in enumerate(filing.signatures):
        for field in ("name", "date"):
            if getattr(signature, field).value is None:
                label = "Signature of Reporting Person" if field == "name" else "Signature date"
                yield _needs(f"signatures[{i}].{field}", label)


#: Fields whose element may hold footnote references in place of a value.
_FOOTNOTE_WILL_DO = frozenset({
    "conversion_or_exercise_price", "price_per_share", "exercise_date", "expiration_date", "underlying_shares",
    "underlying_value", "deemed_execution_date",
})


def _required_row_fields(row: Any) -> tuple[str, ...]:
    """Row fields the schema requires a value (or, where `_FOOTNOTE_WILL_DO`, a footnote) for."""
    required = ["security_title", "direct_or_indirect"]
    if row.is_transaction:
        required += ["transaction_date", "price_per_share", "acquired_disposed"]
        if not row.is_derivative:
            required.append("shares")  # Table I amounts are shares only
        if row.transaction_code.value is None and row.equity_swap_involved.value is not None:
            required.append("transaction_code")  # form type and V are implied by a code (see _IMPLIED)
    if row.is_derivative:
        required += ["conversion_or_exercise_price", "exercise_date", "expiration_date", "underlying_security_title"]
    return tuple(field for field in row.fields if field in required)


def missing_for_xml(filing: Filing, *, unticked_before_10b5_1_box: bool = False) -> list[str]:
    """The values EDGAR's schema requires that the filing lacks, each as `label (path)`, in the form's order, and
    an owner's state or country that is none of EDGAR's codes (`label (path): why`); an empty list when the written
    document can be valid. `unticked_before_10b5_1_box` as for `ownership_xml`."""
    return list(_missing(filing, unticked_before_10b5_1_box))


# --------------------------------------------------------------------------------------------------------------
# Validation


class _SchemaFolder(etree.Resolver):
    """Finds the schemas' `<xs:include>`d files in the folder, also where they are saved with a prefix
    (`secfiler__ownershipDocumentCommon.xsd.xml`); nothing else is loaded."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        name = (url or "").replace("\\", "/").rsplit("/", 1)[-1]
        found = schema_file(self.folder, name)
        return self.resolve_filename(str(found), context) if found else None


def schema_file(folder: Path, name: str) -> Path | None:
    """`name` in `folder`. A folder whose files carry a source prefix (`secfiler__ownership4Document.xsd.xml`)
    is read as one set: the prefix that has every form's schema and the common types, so that a partial older
    set beside it is never mixed in."""
    plain = folder / name
    if plain.is_file():
        return plain
    for prefix in _complete_prefixes(folder):
        found = folder / f"{prefix}{name}"
        if found.is_file():
            return found
    return None


def _complete_prefixes(folder: Path) -> list[str]:
    names = {path.name for path in folder.iterdir()} if folder.is_dir() else set()
    wanted = (*SCHEMA_FILES.values(), COMMON_SCHEMA)
    prefixes = sorted({name[: -len(common)] for name in names for common in (COMMON_SCHEMA,) if name.endswith(common)})
    return [prefix for prefix in prefixes if all(prefix + want in names for want in wanted)]


_SCHEMAS: dict[tuple[str, str], etree.XMLSchema] = {}


def schema_for(form: str, schema_dir: Path | str) -> etree.XMLSchema:
    """The SEC's XSD for documents of `form` (3, 3/A, 4, 4/A, 5, 5/A), loaded from `schema_dir` once."""
    folder = Path(schema_dir)
    key = (form, str(folder.resolve()))
    if key not in _SCHEMAS:
        if form not in SCHEMA_FILES:
            raise ValueError(f"no SEC schema for form {form!r}")
        path = schema_file(folder, SCHEMA_FILES[form])
        if path is None:
            raise FileNotFoundError(f"{SCHEMA_FILES[form]} is not in {folder}")
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        parser.resolvers.add(_SchemaFolder(folder))
        _SCHEMAS[key] = etree.XMLSchema(etree.parse(str(path), parser))
    return _SCHEMAS[key]


def validate(xml: bytes, form: str, schema_dir: Path | str) -> list[str]:
    """The SEC schema's complaints about document `xml` of `form`, each with its line; empty when it is valid."""
    schema = schema_for(form, schema_dir)
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    try:
        tree = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def shipped_schemas() -> Path:
    """The folder of the SEC's schemas that form4viewer ships (resources/schema)."""
    from .resources import resource_path

    return resource_path("schema")


def export_item(selection: Any, filing_id: int, filing: Filing) -> tuple[str, bytes, list[str]] | None:
    """For `export --format xml`: the filing's key, its document (with the 10b5-1 box unticked for a filing made
    before the box existed) and what keeps it from being valid EDGAR XML (the values missing, else the schema's
    complaints); None when `selection` leaves the filing out. Module-level so that worker processes can run it."""
    from .export import filing_key

    key = filing_key(filing)
    if not selection.matches(key, filing):
        return None
    xml = ownership_xml(filing, unticked_before_10b5_1_box=True)
    problems = missing_for_xml(filing, unticked_before_10b5_1_box=True)
    if not problems and filing.form.value in SCHEMA_FILES:
        problems = validate(xml, str(filing.form.value), shipped_schemas())
    return key, xml, problems
