"""Batch reading on a local Dask cluster with two worker processes: the Parquet tables hold the same rows as
`export --format sec` of the same files imported into a database; files that cannot be read are named."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

from distributed import Client, LocalCluster  # noqa: E402

from form4viewer.cli import main  # noqa: E402
from form4viewer.cluster import FAILURE_COLUMNS, FAILURES, read_to_parquet  # noqa: E402
from form4viewer.sec_format import TABLE_NAMES, layout  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def input_files() -> list[Path]:
    """Real filings of every kind: the project's own samples (XML, PDF, web page, text printout) and ownership
    documents, and, when the corpus is beside the checkout, every 20th of its XML documents and a few full
    submissions."""
    files = sorted((ROOT / "resources" / "samples").glob("*.*"))
    files = [f for f in files if f.suffix != ".md"]
    files += sorted((ROOT / "tests" / "data" / "ownership").glob("*.xml"))
    if (CORPUS / "xml").is_dir():
        xml = sorted(p for p in (CORPUS / "xml").glob("*.xml") if not p.name.endswith("_fromtxt.xml"))
        files += xml[::20][:40]
        sgml = sorted((CORPUS / "sgml").glob("*.txt"))
        files += sgml[1:4]
    return files


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Two worker processes, one thread each, no dashboard: nothing listens beyond loopback.
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1")
    dask_client = Client(cluster)
    try:
        yield dask_client
    finally:
        dask_client.close()
        cluster.close()


#: An SEC sample with a tag typo (`<rptOwnerCounrty>` closed by `</rptOwnerState>`): not well-formed XML.
BROKEN = ROOT / "tests" / "data" / "ownership" / "secsample-form4-mismatched-tag.xml"


@pytest.fixture(scope="module")
def inputs() -> tuple[list[Path], Path]:
    return [f for f in input_files() if f != BROKEN], BROKEN


def read_tsv(path: Path) -> list[tuple[str, ...]]:
    with open(path, newline="", encoding="utf-8") as fh:
        lines = list(csv.reader(fh, delimiter="\t", quotechar='"'))
    return [tuple(line) for line in lines]


def read_parquet(folder: Path) -> list[tuple[str, ...]]:
    table = pq.read_table(folder)
    columns = [table.column(n).to_pylist() for n in range(table.num_columns)]
    return [tuple(table.column_names)] + list(zip(*columns, strict=True))


def test_parquet_tables_hold_the_rows_export_sec_writes(
    client: Client, inputs: tuple[list[Path], Path], tmp_path: Path
) -> None:
    files, broken = inputs
    out = tmp_path / "parquet"
    result = read_to_parquet([*files, broken], out, client, partition_size=8)
    assert result.partitions == -(-(len(files) + 1) // 8)
    assert result.read == len(files), result.failures
    assert [file for file, _ in result.failures] == [str(broken)], result.failures
    # Every worker took part: the work was spread over both processes.
    assert len(client.scheduler_info()["workers"]) == 2

    db = tmp_path / "db.sqlite"
    # Each file is read on its own by the cluster; the import keeps a second source of a filing (the corpus gives a
    # filing as its XML and as its submission) as a filing of its own, as the Parquet rows do.
    assert main(["import", "--db", str(db), "--jobs", "1", "--second-source", "keep", *map(str, files)]) == 0
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "sec"), "--format", "sec"]) == 0
    for name in TABLE_NAMES:
        tsv = read_tsv(tmp_path / "sec" / f"{name}.tsv")
        parquet = read_parquet(out / name)
        assert parquet[0] == tsv[0] == layout()[name], name
        assert Counter(parquet[1:]) == Counter(tsv[1:]), f"{name}: the Parquet rows differ from export --format sec"
        assert result.rows[name] == len(tsv) - 1, name
    assert len(read_tsv(tmp_path / "sec" / "SUBMISSION.tsv")) - 1 == len(files)

    failures = read_parquet(out / FAILURES)
    assert failures[0] == FAILURE_COLUMNS
    assert [row[0] for row in failures[1:]] == [str(broken)]
    assert BROKEN.name in failures[1][1]


def test_tables_command_on_a_running_scheduler(
    client: Client, inputs: tuple[list[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files, broken = inputs
    sample = ROOT / "resources" / "samples" / "tesla-form4-2023.xml"
    out = tmp_path / "out"
    args = ["tables", str(sample), str(broken), "--out", str(out), "--scheduler", client.scheduler.address]
    assert main(args) == 1  # one file failed
    said = capsys.readouterr()
    assert BROKEN.name in said.err and "1 of 2 files read" in said.out, said
    assert pq.read_table(out / "SUBMISSION").num_rows == 1
    assert pq.read_table(out / "NONDERIV_TRANS").num_rows > 0
    # A second run into the same folder would mix its partitions with these: refused.
    assert main(args) == 1
    assert "holds Parquet partitions already" in capsys.readouterr().err


def test_without_dask_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "from form4viewer.cli import main\n"
        f"sys.exit(main(['tables', 'x.xml', '--out', {str(tmp_path / 'o')!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install" in lines[0] and "dask" in lines[0], done.stderr


def test_tables_command_starts_a_local_cluster_of_its_own(
    inputs: tuple[list[Path], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files, _ = inputs
    out = tmp_path / "out"
    sample = ROOT / "resources" / "samples"
    assert main(["tables", str(sample), "--out", str(out), "--workers", "2", "--partition-size", "2"]) == 0
    said = capsys.readouterr()
    readable = [p for p in sample.iterdir() if p.suffix != ".md"]
    # README.md in the folder is no filing: skipped, as import skips it, not a failure
    assert f"{len(readable)} of {len(readable) + 1} files read" in said.out, said
    assert "1 files in the folders skipped" in said.out and not said.err.strip(), said
    assert pq.read_table(out / "SUBMISSION").num_rows == len(readable), said
