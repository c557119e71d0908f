"""Batch reading on a Dask cluster: many files in, the SEC's tables out as Parquet partitions.

Reading a filing is a pure function of a file's bytes (`readers.read_bytes`), so files are read where the work
is: the paths are cut into partitions, each partition is read by one task on a worker, and that task writes its
rows straight from the worker, one Parquet file per table:

    OUT/SUBMISSION/part-00000.parquet  OUT/REPORTINGOWNER/part-00000.parquet  ...  OUT/OWNER_SIGNATURE/...
    OUT/FAILURES/part-00000.parquet    (FILE, ERROR: the files that could not be read, and why)

The rows are `sec_format.sec_rows`'s, the same `export --format sec` writes for the same files once imported:
the SEC's columns and names, every column a string as in the SEC's `.tsv` files (`31-JUL-2024`, `224.05`, flags
as filed, empty text for a value the filing does not give), the filing's key (`export.filing_key`) in
ACCESSION_NUMBER and the stable `_SK` keys. Every partition writes all eight tables (a table without rows gets a
file with no rows), so each folder reads as one data set (`pyarrow.parquet.read_table("OUT/NONDERIV_TRANS")`,
`dask.dataframe.read_parquet`, duckdb's `read_parquet('OUT/NONDERIV_TRANS/*.parquet')`).

Unlike an import into the SQLite file, the same bytes given twice are read twice (nothing is saved to compare
with). The workers open the paths themselves, so on a cluster of several machines the files must be at the same
path on every worker (a shared file system). Dask and pyarrow are an optional extra: `pip install
'form4viewer[dask]'`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sec_format import TABLE_NAMES, layout

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "form4viewer: tables needs Dask and pyarrow: pip install 'form4viewer[dask]' "
    "(or pip install 'dask[distributed]' pyarrow)"
)
FAILURES = "FAILURES"
FAILURE_COLUMNS = ("FILE", "ERROR")
DEFAULT_PARTITION_SIZE = 200


@dataclass
class TablesResult:
    """What `read_to_parquet` wrote: data rows by table, the files read, those skipped (found in a folder, no
    filing), and (file, error) for each failure."""

    rows: dict[str, int] = field(default_factory=dict)
    read: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    partitions: int = 0


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def _read_one(path: str, seconds: float | None, in_folder: bool = False) -> tuple[str, Any, str]:
    """(shown name, filing or None, error message) for one file, as `import` reads it; a file found in a folder
    that is no filing gives an empty message (skipped, as `import` skips it)."""
    from .errors import Form4ViewerError, NotAFilingError, ReadError
    from .limits import time_budget
    from .readers import load_file, read_bytes, shown_name

    shown = shown_name(path)
    try:
        with time_budget(seconds, shown):
            return shown, read_bytes(load_file(path), shown), ""
    except NotAFilingError as exc:
        return shown, None, "" if in_folder else str(exc)
    except ReadError as exc:
        return shown, None, str(exc)
    except Form4ViewerError as exc:
        return shown, None, f"{shown}: {exc}"
    except MemoryError:
        return shown, None, f"{shown}: not enough memory to read it"
    except Exception as exc:  # a reader bug must not stop the batch; it is reported with the file
        log.exception("unexpected error reading %s", shown)
        return shown, None, f"{shown}: could not be read ({type(exc).__name__}: {exc})"


def _write_table(path: Path, columns: Sequence[str], rows: list[list[str]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = [pa.array([row[n] for row in rows], type=pa.string()) for n in range(len(columns))]
    pq.write_table(pa.Table.from_arrays(arrays, names=list(columns)), path)


def read_partition(
    paths: Sequence[str],
    out_dir: str,
    index: int,
    layout_name: str = "current",
    seconds: float | None = None,
    in_folders: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Read `paths` and write partition `index` of every table under `out_dir`. Runs on a worker. Returns the
    rows written by table, the number of files read, the number skipped and the failures."""
    from .export import filing_key
    from .sec_format import sec_rows

    columns = layout(layout_name)
    tables: dict[str, list[list[str]]] = {name: [] for name in TABLE_NAMES}
    failures: list[list[str]] = []
    read = skipped = 0
    for path in paths:
        shown, filing, error = _read_one(path, seconds, path in in_folders)
        if filing is None:
            if error:
                failures.append([shown, error])
            else:
                skipped += 1
            continue
        read += 1
        for name, lines in sec_rows(filing_key(filing), filing, layout_name).items():
            tables[name].extend(lines)
    folder = Path(out_dir)
    for name in TABLE_NAMES:
        _write_table(folder / name / part_name(index), columns[name], tables[name])
    _write_table(folder / FAILURES / part_name(index), FAILURE_COLUMNS, failures)
    rows = {name: len(lines) for name, lines in tables.items()}
    return {"rows": rows, "read": read, "skipped": skipped, "failures": failures}


def partitions(paths: Sequence[str], size: int) -> list[list[str]]:
    if size < 1:
        raise ValueError(f"partition size must be at least 1, not {size}")
    return [list(paths[i : i + size]) for i in range(0, len(paths), size)]


def existing_parts(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Partitions already in `out_dir`, which a new run would mix with its own."""
    folder = Path(out_dir)
    return sorted(p for name in (*TABLE_NAMES, FAILURES) for p in (folder / name).glob("part-*.parquet"))


def read_to_parquet(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    client: Any = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    *,
    workers: int | None = None,
    layout_name: str = "current",
    seconds: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    in_folders: Iterable[str | os.PathLike[str]] = (),
) -> TablesResult:
    """Read every file on a Dask cluster and write the SEC's tables under `out_dir` as Parquet partitions.

    `client`: a `distributed.Client`; without one a LocalCluster of `workers` processes (default: one per core),
    one thread each, runs for the call (its diagnostics server on a free port: 8787 may be a person's own Dask's,
    and distributed opens one even without a dashboard). `partition_size` files make one task and one Parquet file
    per table. `seconds` bounds the reading of one file. Paths in `in_folders` were found in a folder: one that
    is no filing is skipped (counted, not a failure), as `import` does. `progress(done, total)` is called as partitions finish.
    Raises FileExistsError when `out_dir` holds partitions already, ImportError without Dask or pyarrow."""
    import pyarrow  # noqa: F401  (fail here, not on a worker)
    from distributed import Client, LocalCluster, as_completed

    if existing_parts(out_dir):
        raise FileExistsError(f"{os.fspath(out_dir)} holds Parquet partitions already; write into a new folder")
    # Absolute paths: a worker's working directory need not be ours.
    batches = partitions([os.path.abspath(os.fspath(p)) for p in paths], partition_size)
    out = os.path.abspath(os.fspath(out_dir))
    found = frozenset(os.path.abspath(os.fspath(p)) for p in in_folders)
    Path(out).mkdir(parents=True, exist_ok=True)
    result = TablesResult(rows={name: 0 for name in TABLE_NAMES}, partitions=len(batches))
    if not batches:
        # Still an empty data set per table, so that readers of the folder find the columns.
        read_partition([], out, 0, layout_name, seconds)
        result.partitions = 1
        return result

    def run(dask_client: Any) -> None:
        futures = [
            dask_client.submit(
                read_partition, batch, out, n, layout_name, seconds, found.intersection(batch), pure=False
            )
            for n, batch in enumerate(batches)
        ]
        for done, future in enumerate(as_completed(futures), 1):
            outcome = future.result()
            for name, count in outcome["rows"].items():
                result.rows[name] += count
            result.read += outcome["read"]
            result.skipped += outcome["skipped"]
            result.failures.extend((file, error) for file, error in outcome["failures"])
            if progress is not None:
                progress(done, len(batches))

    if client is not None:
        run(client)
    else:
        n_workers = workers or os.cpu_count() or 1
        with (
            LocalCluster(
                n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                host="127.0.0.1",
            ) as cluster,
            Client(cluster) as own_client,
        ):  # fmt: skip
            run(own_client)
    result.failures.sort()
    return result
