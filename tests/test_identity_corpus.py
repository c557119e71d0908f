"""A filing's identity by content (form4viewer.identity) over the corpus: every other file of a corpus filing (EDGAR's
page for it saved as HTML and printed to PDF, its full submission) is found as a second source of its XML held
without the accession number, saved first or second; and no two different filings are taken for one.

Figures when written (935 XMLs, 100 rendered pages and PDFs, 7 saved EDGAR pages, 42 submissions, 67 EDGAR Online
printouts): every rendered page and PDF, the 4 saved pages that have their XML in the corpus and the 40
submissions with a well-formed XML beside them have their XML's fingerprint and are found as its second source;
of the 436,645 pairs of XMLs 5 share a fingerprint, and each is one filing twice (the same document gathered from
two repositories, see DUPLICATES); the 3 saved pages and 2 submissions without an XML, and the 67 printouts, match
no XML, and no printout matches another. Printouts drawn from corpus XMLs by tests/printouts/generator.py (the 60
of test_pdf_printouts and the 24 of test_pdf_unseen_layouts) have their XML's fingerprint in 82 of 84: in the two
others (one filing in two styles) the PDF reader joins the owner's "c/o" company line to the owner's name.
"""

from __future__ import annotations

import collections
import itertools
import re
from pathlib import Path

import pytest
import sqlite_utils

from form4viewer.export import filing_key
from form4viewer.identity import fingerprint
from form4viewer.model import Filing
from form4viewer.readers import read, read_bytes
from form4viewer.store import Store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
RENDERED = sorted(p.stem for p in (CORPUS / "rendered").glob("*.pdf")) if CORPUS.is_dir() else []

#: The corpus XMLs that are one filing twice, found by reading them side by side: the same document gathered from
#: two repositories (whitespace, an XML declaration, footnotes cut short with "..." by one of them), or the XML
#: block of a submission beside a copy of the same XML. Each is one filing, so each pair must share a fingerprint.
DUPLICATES = {
    frozenset({"0000002488-24-000005_F4_AMD_SMITH-DARLA-M_fromtxt.xml", "period2024-01-15_F4_AMD_SMITH-DARLA-M.xml"}),
    frozenset({"0000704051-14-000037_F4_LM_SCHMOKE-KURT-L_fromtxt.xml", "period2014-04-21_F4_LM_SCHMOKE-KURT-L.xml"}),
    frozenset({"0000899243-22-038522_F4_TSLA_Musk-Elon.xml", "period2022-12-12_F4_TSLA_Musk-Elon.xml"}),
    frozenset({"0000899243-23-008179_F4_TSLA_Musk-Elon.xml", "period2023-03-08_F4_TSLA_Musk-Elon.xml"}),
    frozenset({"period2025-09-12_F4_TSLA_Musk-Elon.xml", "period2025-09-12_F4_TSLA_Musk-Elon_cache.xml"}),
}

_XMLS: dict[str, Filing] = {}


def xmls(corpus: Path) -> dict[str, Filing]:
    """Every corpus XML read, by file name."""
    if not _XMLS:
        _XMLS.update((p.name, read(p)) for p in sorted((corpus / "xml").glob("*.xml")))
    return _XMLS


def without_accession(path: Path) -> Filing:
    """An XML as held under a name that does not give its accession number (the document gives none)."""
    filing = read_bytes(path.read_bytes(), re.sub(r"^\d{10}-\d\d-\d{6}_", "", path.name))
    assert filing_key(filing).startswith("F4V-"), path.name
    return filing


def second_source_both_ways(xml: Filing, other: Filing) -> None:
    """`other` is found as a second source of `xml` saved first, and `xml` of `other` saved first."""
    for first, second in ((xml, other), (other, xml)):
        store = Store(sqlite_utils.Database(memory=True))
        saved = store.save(first).filing_id
        assert store.same_filing(second) == saved, (first.document.name, second.document.name)


@pytest.mark.corpus
def test_no_two_corpus_xmls_of_different_filings_share_a_fingerprint(corpus: Path) -> None:
    filings = xmls(corpus)
    assert len(filings) == 935
    by_print: dict[str, list[str]] = collections.defaultdict(list)
    for name, filing in filings.items():
        found = fingerprint(filing)
        if found is not None:
            by_print[found].append(name)
    # One SEC sample gives neither the issuer's nor the owners' names: too little to tell it from another filing.
    assert sum(len(names) for names in by_print.values()) == 934
    shared = [frozenset(pair) for names in by_print.values() for pair in itertools.combinations(names, 2)]
    assert set(shared) == DUPLICATES and len(shared) == 5
    for pair in DUPLICATES:
        one, other = (filings[name] for name in sorted(pair))
        # What the fingerprint leaves out agrees too: they are one filing.
        assert (one.issuer.cik.value, [o.cik.value for o in one.reporting_owners]) == (
            other.issuer.cik.value, [o.cik.value for o in other.reporting_owners])
        assert [r.security_title.value for r in one.non_derivative_transactions] == [
            r.security_title.value for r in other.non_derivative_transactions]


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("stem", RENDERED)
def test_edgars_page_and_its_pdf_are_second_sources_of_the_xml_held_without_its_accession_number(
    corpus: Path, stem: str
) -> None:
    xml = without_accession(corpus / "xml" / f"{stem}.xml")
    page = read(corpus / "rendered" / f"{stem}.html")
    pdf = read(corpus / "rendered" / f"{stem}.pdf")
    assert fingerprint(xml) is not None and fingerprint(page) == fingerprint(pdf) == fingerprint(xml)
    second_source_both_ways(xml, page)
    second_source_both_ways(xml, pdf)
    # Nothing else: no other corpus XML (but a copy of this very filing) has this content.
    others = {name for name, filing in xmls(corpus).items() if fingerprint(filing) == fingerprint(xml)}
    assert others == {f"{stem}.xml"} | {n for pair in DUPLICATES if f"{stem}.xml" in pair for n in pair}


@pytest.mark.corpus
@pytest.mark.slow
def test_saved_edgar_pages_and_submissions_match_their_own_xml_and_no_other(corpus: Path) -> None:
    filings = xmls(corpus)
    by_print: dict[str | None, set[str]] = collections.defaultdict(set)
    for name, filing in filings.items():
        by_print[fingerprint(filing)].add(name)
    matched = []
    for path in sorted((corpus / "html").glob("*.html")) + sorted((corpus / "sgml").glob("*.txt")):
        # The XML of the same filing where the corpus has one: the page's name without who saved it, or the
        # submission's XML block.
        stem = path.stem.rsplit("_", 1)[0] if path.parent.name == "html" else path.stem
        own = {f"{stem}.xml", f"{stem}_fromtxt.xml"} & filings.keys()
        found = fingerprint(read(path))
        assert found is not None, path.name
        got = by_print.get(found, set())
        if not own:
            assert got == set(), path.name  # a page or submission without its XML matches none
            continue
        (xml_name,) = own
        assert xml_name in got and got <= {xml_name} | {n for pair in DUPLICATES if xml_name in pair for n in pair}
        second_source_both_ways(without_accession(corpus / "xml" / xml_name), read(path))
        matched.append(path.name)
    assert len([n for n in matched if n.endswith(".html")]) == 4
    # 42 submissions: one holds a plain-text form of 2000, one an XML that is not well-formed (xml-malformed/).
    assert len([n for n in matched if n.endswith(".txt")]) == 40


@pytest.mark.corpus
@pytest.mark.slow
def test_no_edgar_online_printout_is_taken_for_another_filing(corpus: Path) -> None:
    printouts = {p.name: fingerprint(read(p)) for p in sorted((corpus / "edgar-online").glob("*.pdf"))}
    assert len(printouts) == 67 and None not in printouts.values()
    assert len(set(printouts.values())) == 67  # 67 filings, 67 fingerprints
    assert set(printouts.values()).isdisjoint(fingerprint(f) for f in xmls(corpus).values())
