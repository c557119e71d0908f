"""The EDGAR page reader against ground truth: every rendered page in the corpus compared field by field with the
XML it was made from.

A field counts as right when its typed value and its footnote ids equal the XML's. Only fields the page prints are
compared: CIKs, the transaction form type (printed only as a `V` or a Form 5 suffix) and the timeliness code are
not on the page. Booleans the XML leaves out are compared as false, because the page shows an unticked box. Text
is compared with runs of white space made one space, as a browser shows it. The misses are listed in the report
this test prints (run with `-s`) and in its failure message.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from form4viewer.model import OWNER_FIELDS, TABLES, Filing, Value
from form4viewer.readers import decode_text
from form4viewer.readers.html import read_html
from form4viewer.readers.ownership import read_ownership_xml
from form4viewer.sources import TextSpan

#: Row fields the stylesheet does not print as values (only the `V` mark or a Form 5 suffix hint at them).
UNPRINTED_ROW_FIELDS = {"transaction_form_type", "transaction_timeliness"}
UNPRINTED_OWNER_FIELDS = {"cik", "state_description"}
BOOL_FIELDS = {"not_subject_to_section16", "aff10b5_one", "no_securities_owned", "is_director", "is_officer",
               "is_ten_percent_owner", "is_other", "equity_swap_involved"}


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _same(path: str, got: Value, want: Value) -> bool:
    name = path.rsplit(".", 1)[-1]
    want_value = want.value
    got_value = got.value
    if name in BOOL_FIELDS:
        want_value = bool(want_value)
        got_value = bool(got_value)
    return _plain(got_value) == _plain(want_value) and tuple(got.footnotes) == tuple(want.footnotes)


def compare(got: Filing, want: Filing, *, ciks: bool = False) -> tuple[int, list[str], list[str]]:
    """(fields compared, misses as "path: got != want", row-count problems). `ciks`: the page links names to
    EDGAR company pages, so the CIKs are compared too."""
    compared = 0
    misses: list[str] = []
    row_problems: list[str] = []
    form = (want.form.value or "")[:1]

    def check(path: str, g: Value, w: Value) -> None:
        nonlocal compared
        compared += 1
        if not _same(path, g, w):
            misses.append(f"{path}: read {g.value!r} {list(g.footnotes)} != XML {w.value!r} {list(w.footnotes)}")

    top = ["form", "period_of_report", "date_of_original_submission"]
    if form in ("4", "5"):
        top += ["not_subject_to_section16", "aff10b5_one"]
    if form == "3":
        top += ["no_securities_owned"]
    for name in top:
        check(name, getattr(got, name), getattr(want, name))
    for name in ("cik", "name", "trading_symbol") if ciks else ("name", "trading_symbol"):
        check(f"issuer.{name}", getattr(got.issuer, name), getattr(want.issuer, name))
    if len(got.reporting_owners) != len(want.reporting_owners):
        row_problems.append(f"owners: read {len(got.reporting_owners)}, XML has {len(want.reporting_owners)}")
    for i, (g_owner, w_owner) in enumerate(zip(got.reporting_owners, want.reporting_owners, strict=False)):
        for name in OWNER_FIELDS:
            if name in UNPRINTED_OWNER_FIELDS and not (ciks and name == "cik"):
                continue
            check(f"reporting_owners[{i}].{name}", getattr(g_owner, name), getattr(w_owner, name))
    for table in TABLES:
        g_rows, w_rows = got.rows(table), want.rows(table)
        if len(g_rows) != len(w_rows):
            row_problems.append(f"{table}: read {len(g_rows)} rows, XML has {len(w_rows)}")
        for i, (g_row, w_row) in enumerate(zip(g_rows, w_rows, strict=False)):
            for name in w_row.fields:
                if name in UNPRINTED_ROW_FIELDS:
                    continue
                check(f"{table}[{i}].{name}", getattr(g_row, name), getattr(w_row, name))
    if [n.id for n in got.footnotes] != [n.id for n in want.footnotes]:
        row_problems.append(f"footnotes: read {[n.id for n in got.footnotes]}, XML has {[n.id for n in want.footnotes]}")
    for i, (g_note, w_note) in enumerate(zip(got.footnotes, want.footnotes, strict=False)):
        check(f"footnotes[{i}].text", g_note.text, w_note.text)
    check("remarks", got.remarks, want.remarks)
    if len(got.signatures) != len(want.signatures):
        row_problems.append(f"signatures: read {len(got.signatures)}, XML has {len(want.signatures)}")
    for i, (g_sig, w_sig) in enumerate(zip(got.signatures, want.signatures, strict=False)):
        check(f"signatures[{i}].name", g_sig.name, w_sig.name)
        check(f"signatures[{i}].date", g_sig.date, w_sig.date)
    return compared, misses, row_problems


def _pairs(corpus: Path) -> list[tuple[Path, Path]]:
    pages = sorted((corpus / "rendered").glob("*.html"))
    return [(page, corpus / "xml" / f"{page.stem}.xml") for page in pages]


def test_html_reader_reads_every_rendered_page_like_its_xml(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = _pairs(corpus)
    assert len(pairs) == 100
    total = 0
    all_misses: list[str] = []
    all_row_problems: list[str] = []
    by_field: Counter[str] = Counter()
    for page, xml in pairs:
        got = read_html(page.read_bytes(), str(page))
        want = read_ownership_xml(xml.read_bytes(), str(xml))
        compared, misses, row_problems = compare(got, want)
        total += compared
        all_misses += [f"{page.name}: {m}" for m in misses]
        all_row_problems += [f"{page.name}: {p}" for p in row_problems]
        for miss in misses:
            by_field[re.sub(r"\[\d+\]", "[]", miss.split(":")[0])] += 1
    right = total - len(all_misses)
    accuracy = right / total
    report = [
        f"EDGAR pages: {len(pairs)} pages, {total} fields compared, {right} right ({accuracy:.2%}), "
        f"{len(all_misses)} missed, {len(all_row_problems)} row/part count problems",
        *(f"  misses in {field}: {count}" for field, count in by_field.most_common()),
        *(f"  MISS {m}" for m in all_misses),
        *(f"  ROWS {p}" for p in all_row_problems),
    ]
    with capsys.disabled():
        print("\n" + "\n".join(report))
    assert not all_row_problems, "\n".join(report)
    assert accuracy >= 0.995, "\n".join(report)


def _shown(source: str, start: int, end: int) -> str:
    """The text a browser shows for a stretch of the source: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<br\b[^>]*>", " ", source[start:end], flags=re.IGNORECASE)
    text = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@pytest.mark.parametrize("page", [
    "rendered/0000320193-22-000061_F4_AAPL_Adams-Katherine-L_fromtxt.html",
    "rendered/0001062993-23-011633_F4_CXAI_MILLENNIUM-MANAGEMENT-LL_fromtxt.html",
    "html/period2025-04-30_F4_SCWO_Melkote-Rajesh-Ramaswamy_dgunning.html",
    "html/period2023-09-28_F3_TRTN_BROOKFIELD-Corp-ON_dgunning.html",
])
def test_html_reader_points_every_value_at_its_own_text_in_the_source(corpus: Path, page: str) -> None:
    path = corpus / page
    source = decode_text(path.read_bytes())
    filing = read_html(path.read_bytes(), str(path))
    placed = 0
    for where, value in filing.values():
        if value.raw is None:
            continue
        assert isinstance(value.source, TextSpan), where
        assert _shown(source, value.source.start, value.source.end) == re.sub(r"\s+", " ", value.raw).strip(), where
        placed += 1
    assert placed >= 40


@pytest.mark.parametrize(("page", "xml"), [
    ("0001192482-19-000071_F4_COLL_Brannelly-Paul_piquette.html", "0001192482-19-000071_F4_COLL_Brannelly-Paul_fromtxt.xml"),
    ("period2020-09-15_F3_SNOW_GARRETT-MARK_dgunning.html", "period2020-09-15_F3_SNOW_GARRETT-MARK.xml"),
    ("period2022-01-31_F5_SNOW_McMahon-John-Dennis_dgunning.html", "period2022-01-31_F5_SNOW_McMahon-John-Dennis.xml"),
    ("period2025-04-30_F4_SCWO_Melkote-Rajesh-Ramaswamy_dgunning.html", "period2025-04-30_F4_SCWO_Melkote-Rajesh-Ramaswamy.xml"),
])
def test_html_reader_reads_pages_saved_from_sec_gov_like_their_xml(corpus: Path, page: str, xml: str) -> None:
    got = read_html((corpus / "html" / page).read_bytes(), page)
    want = read_ownership_xml((corpus / "xml" / xml).read_bytes(), xml)
    compared, misses, row_problems = compare(got, want, ciks=True)
    assert compared > 30
    assert misses == [] and row_problems == []


OLDER_STYLESHEETS = ["3_X06", "4_X06", "4_X07", "4_X08", "5_X06", "5_X07", "5_X08"]


@pytest.mark.parametrize("stylesheet", OLDER_STYLESHEETS)
def test_html_reader_reads_pages_made_by_older_edgar_stylesheets(corpus: Path, stylesheet: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """EDGAR's earlier stylesheets (in the corpus schemas) lay the page out differently: the street lines on one
    line, "city, state zip" on one line, no 10b5-1 box. The rendered corpus uses none of them; corpus XMLs of the
    form are rendered with the stylesheet here and read back."""
    from lxml import etree

    transform = etree.XSLT(etree.parse(str(corpus / "schema" / "xsl" / f"{stylesheet}.xsl")))
    form = stylesheet[0]
    # Form 4s are most of the corpus: every 20th of them, every 3rd Form 3, every Form 5
    step = {"3": 3, "4": 20, "5": 1}[form]
    xmls = [p for p in sorted((corpus / "xml").glob("*.xml")) if re.search(rf"_F{form}(A|_)", p.name)][::step]
    assert xmls
    total, misses, rows = 0, [], []
    for xml in xmls:
        page = bytes(transform(etree.parse(str(xml))))
        got = read_html(page, f"{xml.stem}.html")
        want = read_ownership_xml(xml.read_bytes(), str(xml))
        if got.aff10b5_one.value is None:
            # these stylesheets have no 10b5-1 box: the page does not show the field
            got = dataclasses.replace(got, aff10b5_one=want.aff10b5_one)
        compared, missed, row_problems = compare(got, want)
        total += compared
        misses += [f"{xml.name}: {m}" for m in missed]
        rows += [f"{xml.name}: {p}" for p in row_problems]
    report = [f"{stylesheet}: {len(xmls)} pages, {total} fields, {total - len(misses)} right "
              f"({(total - len(misses)) / total:.2%})", *(f"  MISS {m}" for m in misses), *(f"  ROWS {r}" for r in rows)]
    with capsys.disabled():
        print("\n" + "\n".join(report))
    assert rows == [], "\n".join(report)
    assert (total - len(misses)) / total >= 0.995, "\n".join(report)
