"""Small PDFs built to make a PDF reader work without end, written as raw PDF bytes at test time.

Each is a few kilobytes on disk and would cost minutes and gigabytes to lay out in full: a long compressed string in
a tiny font, one line of tens of thousands of words, Form XObjects that each draw the next one several times (or
themselves), and many pages that all share one dense content stream. Text is set in Helvetica, which every reader
knows without an embedded font.
"""

from __future__ import annotations

import zlib

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _stream(content: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    if compress:
        content = zlib.compress(content, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), extra, content)


def _document(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pages(contents: list[int], *, first_free: int, xobjects: bytes = b"",
           extra: bytes = b"") -> tuple[list[bytes], list[bytes]]:
    """Catalog (1), page tree (2), font (3) and one page object per content stream object number in `contents`;
    the page objects are numbered from `first_free`."""
    kids = b" ".join(b"%d 0 R" % (first_free + i) for i in range(len(contents)))
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)),
        _FONT,
    ]
    pages = [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 3 0 R >> %s >> %s >>" % (content, xobjects, extra)
        for content in contents
    ]
    return head, pages


def _simple(content: bytes) -> bytes:
    head, pages = _pages([4], first_free=5)
    return _document([*head, _stream(content), *pages])


def one_long_line(words: int = 10_000) -> bytes:
    """One baseline holding `words` one-letter words, squeezed onto the page by horizontal scaling."""
    text = b" ".join([b"a"] * words)
    return _simple(b"BT /F1 6 Tf 1 Tz 20 400 Td (%s) Tj ET" % text)


def tiny_characters(count: int = 500_000) -> bytes:
    """One string of `count` characters in a tiny font: a page of what no eye can see."""
    return _simple(b"BT /F1 0.05 Tf 20 400 Td (%s) Tj ET" % (b"x" * count))


def dense_pages(pages: int = 99, lines: int = 120, per_line: int = 160) -> bytes:
    """`pages` pages that all draw one shared content stream of `lines` lines of `per_line` characters."""
    row = b" ".join([b"1234567"] * (per_line // 8))
    body = b"BT /F1 4 Tf 5 TL 20 780 Td " + b" ".join(b"(%s) '" % row for _ in range(lines)) + b" ET"
    head, page_objects = _pages([4] * pages, first_free=5)
    return _document([*head, _stream(body), *page_objects])


def xobject_fanout(depth: int = 18, fanout: int = 2, leaf: bytes = b"BT /F1 8 Tf 20 20 Td (x) Tj ET", *,
                   in_annotation: bool = False) -> bytes:
    """Form XObjects nested `depth` deep, each drawing the next `fanout` times: fanout**depth leaves drawn. Drawn
    by the page, or (`in_annotation`) as the appearance of a stamp annotation, which only a viewer draws."""
    # Objects: 1-3 catalog, pages, font; 4 page content; 5 page; 6.. the forms, form k drawing form k + 1.
    first_form = 6
    forms = []
    for k in range(depth):
        if k == depth - 1:
            body, resources = leaf, b"/Font << /F1 3 0 R >>"
        else:
            body = b" ".join([b"/X Do"] * fanout)
            resources = b"/XObject << /X %d 0 R >>" % (first_form + k + 1)
        forms.append(_stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << %s >>"
                             % resources))
    if in_annotation:
        annotation = b"/Annots [<< /Type /Annot /Subtype /Stamp /Rect [0 0 612 792] /AP << /N %d 0 R >> >>]"
        head, pages = _pages([4], first_free=5, extra=annotation % first_form)
        return _document([*head, _stream(b"BT /F1 8 Tf 20 700 Td (FORM 4) Tj ET"), *pages, *forms])
    head, pages = _pages([4], first_free=5, xobjects=b"/XObject << /X %d 0 R >>" % first_form)
    return _document([*head, _stream(b"/X Do"), *pages, *forms])


def xobject_cycle(fanout: int = 2) -> bytes:
    """A Form XObject that draws itself `fanout` times (and a little text each time)."""
    body = b"BT /F1 8 Tf 20 20 Td (x) Tj ET " + b" ".join([b"/X Do"] * fanout)
    form = _stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                         b"/Resources << /Font << /F1 3 0 R >> /XObject << /X 6 0 R >> >>")
    head, pages = _pages([4], first_free=5, xobjects=b"/XObject << /X 6 0 R >>")
    return _document([*head, _stream(b"/X Do"), *pages, form])


def many_shapes(count: int = 20_000) -> bytes:
    """`count` tiny filled squares, each a shape pdfminer keeps and the check-box finder looks at."""
    return _simple(b" ".join(b"%d %d 3 3 re f" % (10 + 4 * (i % 140), 10 + 4 * (i // 140 % 190)) for i in range(count)))


def inflating_content(megabytes: int = 50) -> bytes:
    """A content stream of `megabytes` of spaces, compressed to a thousandth of that."""
    return _simple(b"BT /F1 8 Tf 20 20 Td (x) Tj ET" + b" " * (megabytes * 1_000_000))


def field_tree(depth: int = 20, fanout: int = 10, fields: int = 0) -> bytes:
    """An AcroForm whose field tree names each node's kid `fanout` times, `depth` deep (a tree walk visits
    fanout**depth nodes), and beside it `fields` ordinary text fields."""
    # Objects: 1-3 catalog, pages, font; 4 content; 5 page; 6.. the chain of nodes; then the flat fields.
    chain = [b"<< /T (n%d) %s >>" % (k, b"/Kids [%s]" % b" ".join([b"%d 0 R" % (7 + k)] * fanout)
                                          if k < depth - 1 else b"/FT /Tx /V (x)")
             for k in range(depth)]
    first_flat = 6 + depth
    flat = [b"<< /T (f%d) /FT /Tx /V (x) /Rect [10 10 20 20] /P 5 0 R >>" % i for i in range(fields)]
    listed = b" ".join([b"6 0 R"] + [b"%d 0 R" % (first_flat + i) for i in range(fields)])
    head, pages = _pages([4], first_free=5)
    head[0] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [%s] >> >>" % listed
    return _document([*head, _stream(b"BT /F1 8 Tf 20 700 Td (FORM 4) Tj ET"), *pages, *chain, *flat])


#: The cases the robustness tests run, by name: what each builds.
CASES = {
    "one_long_line": one_long_line,
    "xobject_fanout": xobject_fanout,
    "tiny_characters": tiny_characters,
    "dense_pages": dense_pages,
}
