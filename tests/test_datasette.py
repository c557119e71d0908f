"""Datasette serves the SEC tables of a database made by `form4viewer import` as they are: its facet on transaction
code (Table I and Table II), the same facet within a period filtered by date, and its facet on transaction date,
each equal to an independent count made by parsing the same corpus XML files with lxml (not through form4viewer).
Datasette runs in this process (`Datasette(files=[...]).client`), so no port and no network are needed."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from form4viewer.cli import main

datasette_app = pytest.importorskip("datasette.app", reason="Datasette is in the test extra")

ACCESSION = re.compile(r"(?<![0-9])[0-9]{10}-[0-9]{2}-[0-9]{6}(?![0-9])")

#: Table I and Table II transactions, as the ownership schema names them.
TRANSACTIONS = {
    "NONDERIV_TRANS": "nonDerivativeTable/nonDerivativeTransaction",
    "DERIV_TRANS": "derivativeTable/derivativeTransaction",
}


def _text(node: Any, path: str) -> str | None:
    found = node.find(path)
    if found is None or found.text is None or not found.text.strip():
        return None
    return found.text.strip()


def filing_content(root: Any) -> tuple:
    """What a filing says, read with lxml alone: form, period, issuer, its owners' CIKs, and every transaction's
    date, code and shares (the same filing kept by two sources says the same)."""
    owners = sorted(el.text.strip() for el in root.iterfind("reportingOwner/reportingOwnerId/rptOwnerCik") if el.text)
    rows = sorted(
        (_text(row, "transactionDate/value") or "", _text(row, "transactionCoding/transactionCode") or "",
         _text(row, "transactionAmounts/transactionShares/value") or "")
        for rows in TRANSACTIONS.values() for row in root.iterfind(rows))
    return (_text(root, "documentType"), _text(root, "periodOfReport"), _text(root, "issuer/issuerCik"),
            tuple(owners), tuple(rows))


def corpus_transactions(files: list[Path]) -> dict[str, list[tuple[str | None, str | None]]]:
    """(transaction code, transaction date) of every Table I and Table II transaction in the files (and under
    SUBMISSION, one line per filing), read with lxml alone, each filing once. A filing is known by the accession
    number in its file name; a file without one that says what another file says is a second file of that filing
    (the corpus holds Tesla and AMD Form 4s kept by two sources, laid out differently), attached to the filing saved
    from the first, not saved again."""
    out: dict[str, list[tuple[str | None, str | None]]] = {table: [] for table in TRANSACTIONS}
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    documents = [(path, etree.fromstring(path.read_bytes(), parser)) for path in files]
    # Files named by accession number first: each is a filing of its own; a file without one joins the filing
    # whose content it repeats, else stands alone.
    documents.sort(key=lambda item: ACCESSION.search(item[0].name) is None)
    by_content: dict[tuple, str] = {}
    seen: set[str] = set()
    for path, root in documents:
        content = filing_content(root)
        found = ACCESSION.search(path.name)
        if found:
            identity = found.group()
            by_content.setdefault(content, identity)
        elif content in by_content:
            identity = by_content[content]
        else:
            identity = by_content[content] = f"{path.name}"
        if identity in seen:
            continue
        seen.add(identity)
        for table, rows in TRANSACTIONS.items():
            for row in root.iterfind(rows):
                date = _text(row, "transactionDate/value")
                # A date may carry a time-zone offset (2012-02-27-05:00); the day is its first ten characters.
                out[table].append((_text(row, "transactionCoding/transactionCode"), date[:10] if date else None))
    out["SUBMISSION"] = [(identity, None) for identity in seen]
    return out


@pytest.fixture(scope="module")
def served(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, list]]]:
    """Every corpus XML document imported with the command line, and Datasette over the database."""
    files = sorted((corpus / "xml").glob("*.xml"))
    db = tmp_path_factory.mktemp("datasette") / "filings.sqlite"
    assert main(["import", "--db", str(db), "--jobs", "1", str(corpus / "xml")]) == 0
    # Generous time limits: the machine running the tests may be busy, and a facet that times out is left out.
    ds = datasette_app.Datasette(files=[str(db)], settings={"facet_time_limit_ms": 60_000, "sql_time_limit_ms": 60_000})
    asyncio.run(ds.invoke_startup())
    yield ds, corpus_transactions(files)


def get_json(ds: Any, path: str) -> dict[str, Any]:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


def facet(ds: Any, table: str, query: str, column: str) -> list[tuple[str, int]]:
    """A facet's (value, count) pairs as Datasette serves them on the table's JSON page."""
    page = get_json(ds, f"/filings/{table}.json?{query}&_facet_size=max&_size=0")
    results = page["facet_results"]
    results = results.get("results", results)  # Datasette 1.0 nests them one level deeper
    assert not results[column].get("truncated"), column
    return [(item["value"], item["count"]) for item in results[column]["results"]]


def ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Counts in the order a facet lists them: most first, ties by value."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def test_datasette_serves_one_submission_for_each_filing_of_the_files(served: tuple[Any, dict[str, list]]) -> None:
    ds, filed = served
    page = get_json(ds, "/filings/SUBMISSION.json?_size=0")
    assert page["filtered_table_rows_count"] == len(filed["SUBMISSION"]) > 900


@pytest.mark.parametrize("table", list(TRANSACTIONS))
def test_datasettes_facet_on_transaction_code_counts_the_filed_codes(
    served: tuple[Any, dict[str, list]], table: str
) -> None:
    ds, filed = served
    counted = Counter(code for code, _ in filed[table] if code)
    assert facet(ds, table, "_facet=TRANS_CODE", "TRANS_CODE") == ranked(counted)
    # the corpus has sales, purchases, grants and option exercises, so the facet is not a trivial one
    assert len(counted) >= 5 and sum(counted.values()) > 100, counted


def test_the_facet_within_a_quarter_filtered_by_date_counts_that_quarters_codes(
    served: tuple[Any, dict[str, list]],
) -> None:
    ds, filed = served
    query = "TRANS_DATE__gte=2023-01-01&TRANS_DATE__lt=2023-04-01&_facet=TRANS_CODE"
    counted = Counter(
        code for code, date in filed["NONDERIV_TRANS"] if code and date and "2023-01-01" <= date < "2023-04-01"
    )
    assert facet(ds, "NONDERIV_TRANS", query, "TRANS_CODE") == ranked(counted)
    assert sum(counted.values()) > 50, counted


def test_datasettes_facet_on_transaction_date_counts_each_day(served: tuple[Any, dict[str, list]]) -> None:
    ds, filed = served
    counted = Counter(date for _, date in filed["NONDERIV_TRANS"] if date)
    served_days = dict(facet(ds, "NONDERIV_TRANS", "_facet_date=TRANS_DATE", "TRANS_DATE"))
    assert served_days == dict(counted)
    assert len(served_days) > 100
