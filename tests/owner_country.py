"""An owner's address as today's SEC schema holds it, for the tests that read a written document back.

Documents made before the schema had rptOwnerCountry hold EDGAR's code for a country (Cayman Islands `E9`) in
rptOwnerState; today's schema takes only US codes there, so the written document holds the code in rptOwnerCountry
and reads back with it as the owner's country. The US codes are the SEC's own list: rptOwnerState's enumeration in
the common schema, read here on its own (not through the writer's tables).
"""

from __future__ import annotations

import dataclasses

from lxml import etree

from form4viewer.edgar_xml import shipped_schemas
from form4viewer.model import Filing, Value

_XS = {"xs": "http://www.w3.org/2001/XMLSchema"}
US_STATES = frozenset(
    code.strip()
    for code in etree.parse(str(shipped_schemas() / "ownershipDocumentCommon.xsd.xml")).xpath(
        "//xs:element[@name='rptOwnerState']//xs:enumeration/@value", namespaces=_XS)
    if code.strip()
)


def with_country_moved(filing: Filing) -> Filing:
    """The filing with each owner's non-US code in the state moved to the (empty) country, as today's schema has it."""
    owners = tuple(
        dataclasses.replace(owner, state=Value(), country=owner.state)
        if owner.state.value and owner.state.value not in US_STATES and owner.country.value is None else owner
        for owner in filing.reporting_owners
    )
    return dataclasses.replace(filing, reporting_owners=owners)
