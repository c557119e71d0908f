"""Batch work in worker processes: importing many files into the store, and mapping a function over saved filings.

`import_paths(store, paths)` walks files and folders, reads each file (in worker processes, one per core, or in this
one for a few files) within its time budget, runs the checks, and hands the filings made ready to write
(`store.prepare`) to the store, which saves them many to a transaction (`Store.save_batch`). `map_filings(store, fn)`
loads saved filings in worker processes that each open the database read-only.

The store itself reads no file and runs no check: the readers and the checks are used only here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .codec import filing_from_json
from .errors import Form4ViewerError, NotAFilingError, StoreError
from .limits import DEFAULT_SECONDS
from .model import Filing
from .readers import GC_THRESHOLD, collect_less, fork_is_safe
from .store import PreparedFiling, Store, _explain, open_checked, prepare, prepare_read

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one file did: `status` is "read" (saved as a new filing), "duplicate" (the same bytes are
    already saved, as a filing's source or attached to one: `filing_id` is that filing, nothing was changed),
    "attached" (a second source of filing `filing_id`, kept with it), "skipped" (a file inside a folder that is
    not a filing at all) or "failed" (`message` says why, naming the file).

    `second_source` is the id of the saved filing this file is a second source of (the same key or the same
    content, as `Store.same_filing` finds them, from other bytes: the PDF printout of a saved XML), else None;
    `message` then says so, "<name>: second source of <KEY of the saved filing> (saved from <first file's name>):
    attached" or ": kept" (saved as a filing of its own, status "read")."""

    status: str
    filing_id: int | None
    message: str
    path: str = ""
    second_source: int | None = None


#: From how many files on an import reads every saved filing's key at once rather than looking each one up.
_KEYS_AT_ONCE = 256
#: How many files read an import saves in one transaction at most (`import_paths`' `batch`).
BATCH = 1024
#: How long, in seconds, the files read wait for the rest of their batch: when the next file comes this long after a
#: batch's first, the batch is saved (and its files reported) without it, full or not. Slow files (PDFs, scans)
#: are then saved about as they are read, and fast ones many to a transaction.
_BATCH_SECONDS = 0.5
#: What an import does with a second source of a filing saved already: keep it with that filing, or save it as a
#: filing of its own.
SECOND_SOURCE = ("attach", "keep")


def _already_saved(name: str, filing_id: int) -> ImportOutcome:
    return ImportOutcome("duplicate", filing_id, f"{name}: already saved as filing {filing_id}", name)


def _save_batch(store: Store, items: list[tuple[str, PreparedFiling]]) -> list[ImportOutcome]:
    """Save the filings read (`Store.save_batch`), each reported by its name."""
    outcomes = []
    for (name, _), (status, filing_id, message) in zip(items, store.save_batch(items), strict=True):
        if status == "duplicate" and filing_id is not None:
            outcomes.append(_already_saved(name, filing_id))
        else:
            outcomes.append(ImportOutcome(status, filing_id, message, name))
    return outcomes


def _attach(store: Store, first: int, name: str, prepared: PreparedFiling, said: str) -> ImportOutcome:
    """Keep a second source with the saved filing `first` (`Store.attach_source`)."""
    try:
        store.attach_source(first, name, prepared.source or b"", prepared.source_kind)
    except Form4ViewerError as exc:
        return ImportOutcome("failed", None, f"{name}: not attached to filing {first} ({exc})", name)
    return ImportOutcome("attached", first, f"{said}: attached", name, first)


def import_file(store: Store, path: str | os.PathLike[str]) -> ImportOutcome:
    """Read one file and save it in `store` as a new filing, unless the same bytes are saved already."""
    return import_paths(store, [path], jobs=1)[0]

def import_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int, ImportOutcome], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    batch: int = BATCH,
    check: bool = True,
    time_limit: float | None = DEFAULT_SECONDS,
    second_source: str = "attach",
) -> list[ImportOutcome]:
    """Import files and folders into `store` (recursively; hidden files skipped), reading in `jobs` processes (one per
    core by default) while this process writes. Files go into the database many to a transaction (`batch` of them,
    or fewer once the first has waited `_BATCH_SECONDS`), each file all or nothing. A file inside a folder that is
    not a filing at all is "skipped"; a file named directly that is not one has "failed", and so has a FIFO,
    device or socket, a file too slow to read (more than `time_limit` seconds for reading and checking it; None or
    0 for no limit) and a folder that cannot be read. `progress(done, total, outcome)` is called after each file; when `cancelled()` turns true the import
    stops (files already read are kept). With `check`, the checks run on each filing and their problems are
    saved with it. Returns one outcome per file (and per unreadable folder), in the order they were found;
    an outcome's path and message write bytes of a name that are not UTF-8 as `\\xff` (readers.shown_name).

    A file whose filing has the key of one saved already (`export.filing_key`: the accession number, else the key
    of its content) or, failing that, its content (`identity.fingerprint`, with CIKs and accession numbers agreeing
    as `Store.same_filing` says), or that of one read earlier in the same import, is a second source of it: with
    `second_source` "attach" its bytes are kept with that filing (`Store.attach_source`, status "attached"), with
    "keep" it is saved as a filing of its own; either way its outcome says so (`ImportOutcome.second_source`)."""
    if second_source not in SECOND_SOURCE:
        raise ValueError(f"second_source must be one of {', '.join(SECOND_SOURCE)}, not {second_source!r}")
    with store.bulk_writing(), _fewer_collections():
        return _import_paths(store, paths, jobs, progress, cancelled, batch, check, time_limit, second_source)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector less often (`readers.GC_THRESHOLD`) until the block ends."""
    previous = gc.get_threshold()
    gc.set_threshold(max(GC_THRESHOLD, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _import_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    jobs: int | None,
    progress: Callable[[int, int, ImportOutcome], None] | None,
    cancelled: Callable[[], bool] | None,
    batch: int,
    check: bool,
    time_limit: float | None = DEFAULT_SECONDS,
    second_source: str = "attach",
) -> list[ImportOutcome]:
    from .readers import shown_name

    found = _expand(paths)
    total = len(found)
    done = 0
    pending: list[tuple[str, PreparedFiling]] = []
    first_pending = 0.0  # when the first file of `pending` was read (time.monotonic)
    reported: list[ImportOutcome] = []
    # Second sources: the key of every filing saved (its first id), the keys waiting in `pending`, and which of
    # those are second sources to keep (their place in `pending`: the filing they are of, and what to say).
    # Many files: every saved key is read at once; a few: each is looked up.
    many = len(found) >= _KEYS_AT_ONCE
    keys: dict[str, int | None] = dict(store.keys()) if many else {}
    # The same filing by its content is looked up only for a fingerprint some saved filing has (many files).
    contents: set[str] = store.fingerprints() if many else set()
    pending_keys: set[str] = set()
    kept: dict[int, tuple[int, str]] = {}

    def report(outcome: ImportOutcome) -> None:
        nonlocal done
        reported.append(outcome)
        done += 1
        if progress:
            progress(done, total, outcome)

    def flush() -> None:
        for n, outcome in enumerate(_save_batch(store, pending) if pending else []):
            if outcome.status == "read" and outcome.filing_id is not None:
                if keys.get(pending[n][1].key) is None:
                    keys[pending[n][1].key] = outcome.filing_id
                if content := pending[n][1].columns.get("fingerprint"):
                    contents.add(content)
                if n in kept:
                    first, said = kept[n]
                    outcome = dataclasses.replace(outcome, message=f"{said}: kept", second_source=first)
            report(outcome)
        pending.clear()
        pending_keys.clear()
        kept.clear()

    def take(real_name: str, result: _ReadResult) -> None:
        # `real_name` opens the file; the result's name (shown_name) is what messages and the database get.
        nonlocal done, first_pending
        name, status, prepared, message = result
        if status == "known" and prepared is not None and prepared.sha256:
            existing = store.find_by_hash(prepared.sha256)
            if existing is not None:
                outcome = _already_saved(name, existing)
                flush()  # keep the outcomes in the order the files were found
                reported.append(outcome)
                done += 1
                if progress:
                    progress(done, total, outcome)
                return
            status, prepared, message = _read_file(real_name, False, set(), check, time_limit)[1:]
            if status == "known" or (status == "read" and prepared is None):
                status, message = "failed", f"{name}: changed while it was imported"
        if status == "read" and prepared is not None:
            key = prepared.key
            if key:
                content = prepared.columns.get("fingerprint")
                if key in pending_keys or content in pending_keys:
                    flush()  # the first file of this filing is saved before this one is compared with it
                if key not in keys and not many:
                    keys[key] = store.first_with_key(key)
                first = keys.get(key)
                if first is None and content and (not many or content in contents):
                    # the same filing by its content (Store.same_filing)
                    first = store.first_with_content(key, prepared.columns)
                saved = store.find_by_hash(prepared.sha256) if first is not None and prepared.sha256 else None
                if saved is not None:  # these very bytes, read because a lone file is not looked up first
                    flush()
                    report(_already_saved(name, saved))
                    return
                if first is not None:
                    said = f"{name}: second source of {store.key_of(first)} (saved from {store.source_name(first)})"
                    if second_source == "attach":
                        flush()  # outcomes stay in the order the files were found
                        report(_attach(store, first, name, prepared, said))
                        return
                    kept[len(pending)] = (first, said)
                pending_keys.add(key)
                if content:
                    pending_keys.add(content)
            if pending and time.monotonic() - first_pending >= _BATCH_SECONDS:
                flush()  # the batch has waited long enough: it is saved, and this file starts the next
            if not pending:
                first_pending = time.monotonic()
            pending.append((name, prepared))
            if len(pending) >= batch:
                flush()
            return
        flush()
        outcome = ImportOutcome(status, None, message, name)
        reported.append(outcome)
        done += 1
        if progress:
            progress(done, total, outcome)

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    readable = [(name, in_folder) for name, in_folder, problem in found if not problem]
    if workers <= 1 or len(readable) < 4 * workers:
        # Read here, on the caller's thread. On the command line's main thread the time budget's timer stops a
        # slow file wherever it is; on another thread (the window's ImportThread, a QThread) only the readers'
        # check_time() checkpoints can end it.
        known = store.known_hashes() if len(found) > 1 else set()
        for name, in_folder, problem in found:
            if cancelled and cancelled():
                break
            if problem:
                take(name, (shown_name(name), "failed", None, problem))
            else:
                take(name, _read_file(name, in_folder, known, check, time_limit))
        flush()
        return reported

    import threading
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    # Workers learn the saved hashes once, so that re-imported files are not read again.
    fork = fork_is_safe()
    if fork:
        # Forked workers start with the readers of submissions and XML and the checks loaded, not each on its own.
        from . import checks  # noqa: F401
        from .readers import ownership, submission  # noqa: F401
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork" if fork else "spawn"),
        initializer=_init_worker,
        # Each worker ends with this process (readers.end_with_parent); they are started on this thread.
        initargs=(store.known_hashes(), check, time_limit, os.getpid(),
                  threading.current_thread() is threading.main_thread()),
    )
    try:
        chunk = max(1, min(32, len(readable) // (workers * 8)))
        chunks = [readable[at : at + chunk] for at in range(0, len(readable), chunk)]
        results = itertools.chain.from_iterable(executor.map(_read_in_worker, chunks))
        for name, _, problem in found:
            # A folder that could not be read has its outcome where it was found, between the files read.
            take(name, (shown_name(name), "failed", None, problem) if problem else next(results))
            if cancelled and cancelled():
                break
        flush()
    except BrokenProcessPool:
        # A worker died (a file that crashed the XML or PDF library, or the system ran out of memory): keep
        # what was read and report the rest as not read, rather than taking this program down too.
        flush()
        for name, _, problem in found[done:]:
            outcome = ImportOutcome(
                "failed",
                None,
                problem or f"{shown_name(name)}: not read: a reading process stopped unexpectedly "
                "(this file or one read at the same time may have crashed it)",
                shown_name(name),
            )
            reported.append(outcome)
            done += 1
            if progress:
                progress(done, total, outcome)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return reported


def map_filings(
    store: Store,
    fn: Callable[[int, Filing], Any],
    ids: Iterable[int] | None = None,
    *,
    jobs: int | None = None,
    chunk: int = 200,
) -> Iterator[tuple[int, Any]]:
    """`(id, fn(id, filing as saved))` of the filings saved in `store`, for the given ids (all, in id order, by default), in that order.

    For a file on disk and many filings, `jobs` worker processes (one per core by default) each read the file
    and call `fn` (a module-level function, so that it can be sent to them) on their share, which spreads the
    cost of loading filings over the cores; an in-memory database or a few filings are done in this process."""
    wanted = list(ids) if ids is not None else store.ids()
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if store.db.memory or store.path is None or workers <= 1 or len(wanted) < 4 * chunk:
        for filing_id, filing in store.iter_filings(wanted):
            yield filing_id, fn(filing_id, filing)
        return
    known = set(store.ids())
    missing = [i for i in wanted if i not in known]
    if missing:
        raise StoreError(f"{store.name}: there is no filing {missing[0]}")
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    fork = fork_is_safe()
    chunks = [wanted[i : i + chunk] for i in range(0, len(wanted), chunk)]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork" if fork else "spawn"),
        initializer=_init_map_worker,
        initargs=(os.fspath(store.path), os.getpid(), threading.current_thread() is threading.main_thread()),
    ) as executor:
        try:
            for results in executor.map(_map_chunk, [fn] * len(chunks), chunks):
                yield from results
        except sqlite3.Error as exc:
            raise StoreError(f"{store.name}: {_explain(exc)}") from None


# --------------------------------------------------------------------------------------------------------------
# Finding files and reading them, in worker processes or in this one

# (name, status, prepared, message): the name as readers.shown_name writes it, for messages and the database.
_ReadResult = tuple[str, str, "PreparedFiling | None", str]
_KNOWN: set[str] = set()
_CHECK = True
_SECONDS: float | None = None


def _expand(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, bool, str]]:
    """The files to import, in order, each with whether it was found inside a folder and "" (or, for a folder
    that could not be read, that folder with the problem, naming it). A folder's files come by name, then its
    folders, each walked the same way. Symbolic links to folders are not followed (nor imported), so a link back
    up the tree cannot make the walk endless; anything else inside a folder (a FIFO, a link to a device) is listed
    and its reading says what it is."""
    from .readers import shown_name

    found: list[tuple[str, bool, str]] = []
    for path in paths:
        name = os.fspath(path)
        if not os.path.isdir(name):
            found.append((name, False, ""))
            continue
        # A walk with a list of its own rather than os.walk, which recurses: a tree a thousand folders deep would
        # end in RecursionError.
        waiting = [name]
        while waiting:
            folder = waiting.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = [(entry.name, _kind_in_folder(entry)) for entry in scan if not entry.name.startswith(".")]
            except OSError as exc:
                problem = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
                found.append((folder, True, f"{shown_name(folder)}: the folder cannot be read ({problem}); "
                              "nothing in it was imported"))
                continue
            found.extend((os.path.join(folder, f), True, "") for f, kind in sorted(entries) if kind == "file")
            waiting.extend(os.path.join(folder, d) for d, kind in sorted(entries, reverse=True) if kind == "folder")
    return found


def _kind_in_folder(entry: os.DirEntry[str]) -> str:
    """"folder" to walk into, "link" to a folder (not followed), or "file" (anything else, to be read)."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        return "link" if entry.is_dir() else "file"
    except OSError:  # gone, or its link cannot be followed: its reading says why
        return "file"


_READER: sqlite3.Connection | None = None
_READER_NAME = ""


def _init_reader(path: str) -> None:
    """Open the database read-only in a worker of `Store.map_filings`."""
    global _READER, _READER_NAME, _READER_ERROR
    _READER_NAME = path
    try:
        _READER, _version = open_checked(path)
    except StoreError as exc:  # said by the first chunk: an initializer's error only breaks the pool
        _READER_ERROR = exc


_READER_ERROR: StoreError | None = None


def _map_chunk(fn: Callable[[int, Filing], Any], ids: list[int]) -> list[tuple[int, Any]]:
    if _READER_ERROR is not None:
        raise _READER_ERROR
    assert _READER is not None
    rows = dict(
        _READER.execute(
            f"SELECT id, coalesce(current, extracted) FROM filings WHERE id IN ({','.join('?' * len(ids))})", ids
        )
    )
    results = []
    for i in ids:
        try:
            filing = filing_from_json(rows[i])
        except Exception as exc:  # damage inside a row's text, as in Store._load_json
            raise StoreError(
                f"{_READER_NAME}: the database file is damaged: saved filing {i} cannot be read back "
                f"({type(exc).__name__}: {exc})"
            ) from None
        results.append((i, fn(i, filing)))
    return results


def _init_map_worker(path: str, parent: int, started_on_main_thread: bool) -> None:
    """A worker of `Store.map_filings` ends with this process, however it ends, and opens the database."""
    from .readers import end_with_parent

    end_with_parent(parent, creator_is_main_thread=started_on_main_thread)
    _init_reader(path)


def _init_worker(known: set[str], check: bool, seconds: float | None = None, parent: int | None = None,
                 started_on_main_thread: bool = True) -> None:
    global _KNOWN, _CHECK, _SECONDS
    if parent is not None:
        from .readers import end_with_parent

        end_with_parent(parent, creator_is_main_thread=started_on_main_thread)
    _KNOWN = known
    _CHECK = check
    _SECONDS = seconds
    collect_less()


def _read_in_worker(files: list[tuple[str, bool]]) -> list[_ReadResult]:
    # A pool's task runs on its worker's main thread, where the time budget's timer can stop any reading.
    return _read_files(files, _KNOWN, _CHECK, _SECONDS)


def _read_file(name: str, in_folder: bool, known: set[str], check: bool = True,
               seconds: float | None = None) -> _ReadResult:
    """Read one file for import (opened by readers.load_with_kind, which is load_file, as everywhere): ("read",
    prepared), ("known", prepared without content) when its bytes are saved already, ("skipped"/"failed",
    message). Reading and checking it may take `seconds` (None: no limit); a file that takes longer has failed as
    too slow to read.
    The name in the result and in messages is readers.shown_name's, which any output and SQLite take."""
    return _read_files([(name, in_folder)], known, check, seconds)[0]


def _read_files(files: list[tuple[str, bool]], known: set[str], check: bool = True,
                seconds: float | None = None) -> list[_ReadResult]:
    """`_read_file` of each file, in order. The files are all read first, then all checked, then made ready to
    write together (`store.prepare_read`): a process doing one kind of work for a while keeps its caches warm
    (reading 32 files, then checking them, then preparing them takes about a fifth less CPU than doing all three
    to each in turn). Each file still has `seconds` for its reading and checking: what its reading left of them
    is its checking's (`_time_left`)."""
    from .limits import time_budget
    from .readers import shown_name

    results: list[_ReadResult | None] = []
    read: list[tuple[int, str, bool, bytes, str, Filing, float]] = []
    for name, in_folder in files:
        shown = shown_name(name)
        started = time.monotonic()
        filing = None
        try:
            with time_budget(seconds, shown):
                result, data, sha, filing = _load_and_read(name, shown, known)
        except Exception as exc:  # noqa: BLE001 -- said with the file, as _failed says it
            result = _failed(shown, in_folder, exc)
        if result is None and filing is not None:
            read.append((len(results), shown, in_folder, data, sha, filing, time.monotonic() - started))
        results.append(result)
    checked = []
    for at, shown, in_folder, data, sha, filing, spent in read:
        try:
            with time_budget(_time_left(seconds, spent), shown):
                problems = _checked(filing) if check else []
        except Exception as exc:  # noqa: BLE001 -- said with the file, as _failed says it
            results[at] = _failed(shown, in_folder, _for_the_file(exc, shown, seconds))
        else:
            checked.append((at, shown, in_folder, data, sha, filing, problems))
    try:
        together = prepare_read([(filing, data, problems, sha) for _, _, _, data, sha, filing, problems in checked])
    except Exception:  # noqa: BLE001 -- one filing that cannot be prepared: found, and said, one by one below
        together = None
    for n, (at, shown, in_folder, data, sha, filing, problems) in enumerate(checked):
        try:
            prepared = together[n] if together is not None else prepare(filing, data, extracted=filing,
                                                                         problems=problems, sha256=sha)
        except Exception as exc:  # noqa: BLE001 -- said with the file, as _failed says it
            results[at] = _failed(shown, in_folder, exc)
        else:
            results[at] = (shown, "read", prepared, "")
    return [result for result in results if result is not None]


def _load_and_read(name: str, shown: str, known: set[str]) -> tuple[_ReadResult | None, bytes, str, Filing | None]:
    """The file's bytes, their SHA-256 and its filing; or a result for a file whose bytes are saved already."""
    from .readers import load_with_kind, read_loaded

    data, kind = load_with_kind(name)
    sha = hashlib.sha256(data).hexdigest()
    if sha in known:
        return (shown, "known", PreparedFiling(shown, "", sha, "", None, {}, None), ""), data, sha, None
    return None, data, sha, read_loaded(data, kind, shown)


def _time_left(seconds: float | None, spent: float) -> float | None:
    """What is left of a file's `seconds` (None or 0: no limit) once `spent` of them are used; never none at all,
    which would mean no limit."""
    if not seconds or seconds <= 0:
        return seconds
    return max(seconds - spent, 1e-6)


def _for_the_file(exc: Exception, shown: str, seconds: float | None) -> Exception:
    """A file's time running out while it is checked is said as for the whole file, with all its seconds."""
    from .limits import TooSlowError, _Budget

    if isinstance(exc, TooSlowError) and seconds:
        return _Budget(shown, seconds, 0.0).error()
    return exc


def _failed(shown: str, in_folder: bool, exc: Exception) -> _ReadResult:
    """The result of a file whose reading raised `exc`: skipped (not a filing, inside a folder) or failed, said
    with the file."""
    from .errors import ReadError

    if isinstance(exc, NotAFilingError):
        return shown, "skipped" if in_folder else "failed", None, str(exc)
    if isinstance(exc, ReadError):
        return shown, "failed", None, str(exc)
    if isinstance(exc, Form4ViewerError):
        return shown, "failed", None, f"{shown}: {exc}"
    if isinstance(exc, MemoryError):
        return shown, "failed", None, f"{shown}: not enough memory to read it"
    # a reader bug must not stop an import; it is reported with the file
    log.error("unexpected error reading %s", shown, exc_info=exc)
    return shown, "failed", None, f"{shown}: could not be read ({type(exc).__name__}: {exc})"


def _checked(filing: Filing) -> list[Any]:
    """The checks' problems for a filing being imported, so that the library list shows them."""
    from .checks import check
    from .limits import TooSlowError

    try:
        return check(filing)
    except TooSlowError:  # the file's time is up: it is reported as too slow, not saved without its problems
        raise
    except Exception:  # a fault in a rule must not lose the filing; the window reruns the checks when it opens
        log.exception("the checks failed on %s", filing.document.name)
        return []


__all__ = ["SECOND_SOURCE", "ImportOutcome", "import_file", "import_paths", "map_filings"]
