"""A researcher's questions answered with plain SQL on the SEC tables of a database of ~100 corpus filings, opened
with sqlite-utils, each set beside an independent count made by parsing the same XML files with lxml (not through
form4viewer): sales by ticker and month, the owners of an issuer, the holdings after each row, the facet on
transaction code that Datasette runs, and a full-text search for an owner's name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from lxml import etree

from form4viewer.importer import import_paths
from form4viewer.store import Store

ACCESSION = re.compile(r"^[0-9]{10}-[0-9]{2}-[0-9]{6}")
COUNT = 100


def sample(corpus: Path) -> list[Path]:
    """About 100 corpus XML files, one per accession number, spread over the corpus."""
    by_accession: dict[str, Path] = {}
    for path in sorted((corpus / "xml").glob("*.xml")):
        found = ACCESSION.match(path.name)
        if found:
            by_accession.setdefault(found.group(), path)
    files = list(by_accession.values())
    step = max(1, len(files) // COUNT)
    return files[::step][:COUNT]


def text(node: Any, path: str) -> str | None:
    found = node.find(path)
    if found is None or found.text is None or not found.text.strip():
        return None
    return found.text.strip()


def parsed(path: Path) -> dict[str, Any]:
    """What a researcher reads off one ownership document, with lxml alone."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    transactions = []
    for row in root.iterfind("nonDerivativeTable/nonDerivativeTransaction"):
        shares = text(row, "transactionAmounts/transactionShares/value")
        after = text(row, "postTransactionAmounts/sharesOwnedFollowingTransaction/value")
        transactions.append({
            "code": text(row, "transactionCoding/transactionCode"),
            "date": text(row, "transactionDate/value"),
            "shares": Decimal(shares) if shares else None,
            "after": Decimal(after) if after else None,
        })  # fmt: skip
    return {
        "accession": ACCESSION.match(path.name).group(),  # type: ignore[union-attr]
        "ticker": text(root, "issuer/issuerTradingSymbol"),
        "issuer_cik": text(root, "issuer/issuerCik"),
        "owners": [
            (text(o, "reportingOwnerId/rptOwnerCik"), text(o, "reportingOwnerId/rptOwnerName"))
            for o in root.iterfind("reportingOwner")
        ],
        "transactions": transactions,
    }


@pytest.fixture(scope="module")
def researched(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[sqlite_utils.Database, list[dict]]:
    files = sample(corpus)
    path = tmp_path_factory.mktemp("queries") / "filings.sqlite"
    with Store.open(path) as store:
        outcomes = import_paths(store, files, jobs=1)
    assert [o.status for o in outcomes] == ["read"] * len(files), [o.message for o in outcomes if o.status != "read"]
    db = sqlite_utils.Database(path)
    yield db, [parsed(p) for p in files]
    db.close()


def cik(text: str | None) -> str:
    return (text or "").lstrip("0")


def test_sales_by_ticker_and_month_with_share_totals(researched: tuple[sqlite_utils.Database, list[dict]]) -> None:
    db, filings = researched
    rows = db.execute(
        """
        SELECT s.ISSUERTRADINGSYMBOL, substr(t.TRANS_DATE, 1, 7) AS month, count(*), sum(t.TRANS_SHARES)
        FROM NONDERIV_TRANS t JOIN SUBMISSION s ON s.ACCESSION_NUMBER = t.ACCESSION_NUMBER
        WHERE t.TRANS_CODE = 'S'
        GROUP BY 1, 2 ORDER BY 1, 2
        """
    ).fetchall()
    counted: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for filing in filings:
        for row in filing["transactions"]:
            if row["code"] == "S":
                entry = counted[(filing["ticker"], row["date"][:7])]
                entry[0] += 1
                entry[1] += row["shares"] or 0
    expected = [(ticker, month, n, float(total)) for (ticker, month), (n, total) in sorted(counted.items())]
    assert len(expected) >= 5, "the sample should hold sales of several tickers"
    assert [(t, m, n) for t, m, n, _ in rows] == [(t, m, n) for t, m, n, _ in expected]
    assert [total for *_, total in rows] == pytest.approx([total for *_, total in expected], rel=1e-12)


def test_owners_of_an_issuer(researched: tuple[sqlite_utils.Database, list[dict]]) -> None:
    db, filings = researched
    per_issuer = Counter(cik(f["issuer_cik"]) for f in filings)
    for issuer, _ in per_issuer.most_common(3):
        found = db.execute(
            """
            SELECT DISTINCT o.RPTOWNERCIK, o.RPTOWNERNAME
            FROM REPORTINGOWNER o JOIN SUBMISSION s ON s.ACCESSION_NUMBER = o.ACCESSION_NUMBER
            WHERE ltrim(s.ISSUERCIK, '0') = ?
            """,
            [issuer],
        ).fetchall()
        expected = {(cik(c), n) for f in filings if cik(f["issuer_cik"]) == issuer for c, n in f["owners"]}
        assert {(cik(c), n) for c, n in found} == expected, issuer


def test_holdings_after_each_row(researched: tuple[sqlite_utils.Database, list[dict]]) -> None:
    db, filings = researched
    got: dict[str, list[float | None]] = defaultdict(list)
    for accession, after in db.execute(
        "SELECT ACCESSION_NUMBER, SHRS_OWND_FOLWNG_TRANS FROM NONDERIV_TRANS ORDER BY ACCESSION_NUMBER, NONDERIV_TRANS_SK"
    ):
        got[accession].append(after)
    # Within a filing, the SEC's _SK keys are no order: compare each filing's holdings as a sorted list.
    expected = {
        f["accession"]: sorted(float(r["after"]) for r in f["transactions"] if r["after"] is not None)
        for f in filings
        if f["transactions"]
    }
    assert {a: sorted(v for v in values if v is not None) for a, values in got.items()} == expected
    assert sum(len(v) for v in expected.values()) > 100


def test_the_facet_datasette_runs_on_transaction_code(researched: tuple[sqlite_utils.Database, list[dict]]) -> None:
    db, filings = researched
    # The SQL of Datasette's column facet (datasette/facets.py, ColumnFacet), on the table's page.
    facet = db.execute(
        """
        select TRANS_CODE as value, count(*) as count from (select * from NONDERIV_TRANS)
        where TRANS_CODE is not null and TRANS_CODE != ''
        group by TRANS_CODE order by count desc, value limit 31
        """
    ).fetchall()
    counted = Counter(r["code"] for f in filings for r in f["transactions"] if r["code"])
    assert facet == sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    assert {"S", "M"} <= dict(facet).keys()


def test_full_text_search_for_an_owners_name_finds_their_filings(
    researched: tuple[sqlite_utils.Database, list[dict]],
) -> None:
    db, filings = researched
    names = Counter(n for f in filings for _, n in f["owners"])
    name, _ = names.most_common(1)[0]
    tokens = set(re.findall(r"\w+", name.casefold()))
    found = {row["ACCESSION_NUMBER"] for row in db["REPORTINGOWNER"].search(name, quote=True)}
    expected = {
        f["accession"]
        for f in filings
        if any(tokens <= set(re.findall(r"\w+", (n or "").casefold())) for _, n in f["owners"])
    }
    assert found == expected, name
    assert len(expected) >= 2, name
