"""A document declaring a DTD or entities is refused wherever the declaration stands, however many exclamation
marks the text has before it (the scan looks at each "!" in a document with few, and searches for "<!" in one with
many); comments and CDATA sections, which also start with "<!", are not taken for one."""

from __future__ import annotations

from pathlib import Path

import pytest

from form4viewer.errors import ReadError
from form4viewer.readers.ownership import read_ownership_xml

SAMPLE = Path(__file__).parents[1] / "data" / "ownership" / "tsla-form4-34-footnotes.xml"


@pytest.mark.parametrize("bangs", [0, 3, 64, 65, 500])
@pytest.mark.parametrize("declaration", [b"<!DOCTYPE ownershipDocument>", b"<!doctype ownershipDocument>",
                                         b'<!ENTITY e "x">'])
def test_a_declaration_is_refused_after_any_number_of_exclamation_marks(bangs: int, declaration: bytes) -> None:
    data = SAMPLE.read_bytes()
    head, rest = data.split(b"?>", 1)
    document = head + b"?>\n<!-- " + b"!" * bangs + b" -->\n" + declaration + rest
    with pytest.raises(ReadError, match="DTD or entities"):
        read_ownership_xml(document, "x.xml")


@pytest.mark.parametrize("bangs", [3, 500])
def test_comments_cdata_and_exclamation_marks_in_text_are_read(bangs: int) -> None:
    data = SAMPLE.read_bytes()
    marks = b"!" * bangs
    document = data.replace(b"<remarks>", b"<remarks><!-- a comment" + marks + b" --><![CDATA[Wow" + marks + b"]]>", 1)
    assert document != data
    assert read_ownership_xml(document, "x.xml").remarks.value.startswith("Wow" + "!" * bangs)
