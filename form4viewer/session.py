"""The open filing's session: the file it came from, its bytes, where it is saved (id and version), the database
and the recovery file; and the Qt-free logic the source views share (where a field was read, which field a click
on the source means).

The window asks the session to open, save, reload and restore, and turns what it answers into dialogs. Each
answer is a small frozen class (`Saved`, `Conflict`, `Duplicate`, `SecondSource`, `ReadOnly`, `Failed`, ...), so
that every way a save can end is a case a test can reach without a display.

Plain Python (no Qt): tests call it directly."""

from __future__ import annotations

import hashlib
import logging
import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConflictError, Form4ViewerError, StoreError
from .model import Filing, Value
from .recovery import Recovered, RecoveryError, RecoveryFile
from .sources import PdfBox, Source, TextSpan, XmlPath

if TYPE_CHECKING:
    from .store import Store

log = logging.getLogger(__name__)

#: How far (points) from a value's box a click on a page still selects it.
CLICK_REACH_PT = 36.0
#: How many characters from a value's span a click in a text still selects it.
CLICK_REACH_CHARS = 20
#: A click on a line counts as this many characters away per line between it and an XML value's line.
CHARS_PER_LINE = 1000


# --------------------------------------------------------------------------------------------------------------
# Where a field was read, and which field a click means


def source_of(filing: Filing, path: str) -> Source | None:
    """Where the field at `path` was read; for a row or owner path, the sources of its fields joined (boxes on the
    page of its first boxed field, spans into one span). None when the path is not in the filing or nothing of it
    was read from the source."""
    try:
        part = filing.get(path)
    except KeyError:
        return None
    if isinstance(part, Value):
        return part.source
    found: Source | None = None
    prefix = path + "."
    for p, value in filing.values():
        if not p.startswith(prefix) or value.source is None:
            continue
        src = value.source
        if found is None:
            found = src
        elif isinstance(found, PdfBox) and isinstance(src, PdfBox) and src.page == found.page:
            found = found.union(src)
        elif isinstance(found, TextSpan) and isinstance(src, TextSpan):
            found = found.union(src)
    return found


def where_it_would_stand(filing: Filing, path: str) -> Source | None:
    """Where a field would stand in the source when nothing of it was read there (a value the source lost, or one it
    leaves empty): the joined source of the row, owner or box it belongs to, so that a person sees the place without a
    neighbour's characters being taken for the field. None for a field read from the source (`source_of` answers)
    and for one whose part shows nothing either."""
    try:
        part = filing.get(path)
    except KeyError:
        return None
    if not isinstance(part, Value) or part.source is not None or "." not in path:
        return None
    return source_of(filing, path.rsplit(".", 1)[0])


def field_at_point(filing: Filing, page: int, x: float, y: float, reach: float = CLICK_REACH_PT) -> str | None:
    """The path of the field read nearest to the point (`x`, `y`, points from the top-left) of page `page`
    (1-based): the one whose box holds it, else the one whose box is nearest, when it is within `reach` points.
    None when no field was read within reach on that page."""
    best: tuple[float, str] | None = None
    for path, value in filing.values():
        box = value.source
        if not isinstance(box, PdfBox) or box.page != page:
            continue
        dx = max(box.x0 - x, 0.0, x - box.x1)
        dy = max(box.top - y, 0.0, y - box.bottom)
        distance = math.hypot(dx, dy)
        if best is None or distance < best[0]:
            best = (distance, path)
    return best[1] if best is not None and best[0] <= reach else None


def field_at_offset(filing: Filing, offset: int, line: int, reach: int = CLICK_REACH_CHARS) -> str | None:
    """The path of the field read nearest to character `offset` (of the source's text) on `line` (1-based): a
    span holding the offset wins, the shortest of several (a cell inside its row's line); else the nearest span
    or XML line within `reach` characters (a line counts as `CHARS_PER_LINE`). None when nothing is in reach."""
    best: tuple[int, int, str] | None = None  # (distance, span length, path)
    for path, value in filing.values():
        src = value.source
        if isinstance(src, TextSpan):
            distance = 0 if src.start <= offset <= src.end else min(abs(offset - src.start), abs(offset - src.end))
            candidate = (distance, src.end - src.start, path)
        elif isinstance(src, XmlPath) and src.line:
            candidate = (abs(src.line - line) * CHARS_PER_LINE, 0, path)
        else:
            continue
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return best[2] if best is not None and best[0] <= reach else None


# --------------------------------------------------------------------------------------------------------------
# What the session answers


@dataclass(frozen=True)
class Saved:
    """The filing is saved: its id and new version in `db_path`, and how many corrections the save logged."""

    filing_id: int
    version: int
    corrections_logged: int
    db_path: str


@dataclass(frozen=True)
class Conflict:
    """Another window or program saved this filing since it was opened; nothing was written."""

    message: str


@dataclass(frozen=True)
class Duplicate:
    """The same bytes are saved already as filing `filing_id`; nothing was written."""

    filing_id: int
    message: str


@dataclass(frozen=True)
class SecondSource:
    """The filing is saved already as `filing_id`, read from other bytes (the same filing's PDF beside its XML,
    say); nothing was written. The person chooses: attach these bytes to it (`Session.attach_source`) or keep both
    (`Session.save(..., keep_both=True)`)."""

    filing_id: int
    message: str


@dataclass(frozen=True)
class ReadOnly:
    """The database cannot be written (a read-only file or folder); the work is kept, to save elsewhere."""

    message: str


@dataclass(frozen=True)
class Failed:
    """Something else went wrong; `title` and `message` (naming the file and the problem) are for a person."""

    title: str
    message: str


@dataclass(frozen=True)
class Opened:
    """A saved filing to show: the filing with its corrections, the bytes saved with it (b"" when none were),
    the name of the file it was read from, its id and version."""

    filing: Filing
    data: bytes
    name: str
    filing_id: int
    version: int


@dataclass(frozen=True)
class Restored:
    """Recovered work and what it was made on: `base` (the saved filing, or the filing as read) to show with the
    recovered `filing` on top as one undoable step; `data`/`name` the source shown; `filing_id`/`version` where it
    is saved (None when it never was); `source_lost` when its source file is gone."""

    base: Filing
    filing: Filing
    data: bytes
    name: str
    filing_id: int | None
    version: int | None
    source_lost: bool
    #: The recovered work's file, taken over: the window keeps it (`Session.recovery`) once `base` is shown.
    recovery: RecoveryFile


SaveOutcome = Saved | Conflict | Duplicate | SecondSource | ReadOnly | Failed


def _is_read_only(exc: Form4ViewerError) -> bool:
    return "read-only" in str(exc)


def recovered_name(recovered: Recovered) -> str:
    """How a person knows recovered work: its source file's name, else its issuer and form."""
    if recovered.source_path:
        return Path(recovered.source_path).name
    filing = recovered.filing
    if filing.document.name:
        return Path(filing.document.name).name
    return f"{filing.issuer.name.text or 'a filing'} Form {filing.form.text}".strip()


# --------------------------------------------------------------------------------------------------------------
# Readings of files


class Readings:
    """The readings of files a window starts, one under way at a time: each has a number (its token); a person can
    stop the one under way, and what a stopped reading gives later is dropped."""

    def __init__(self) -> None:
        #: The reading under way: its token and file.
        self.current: tuple[int, str] | None = None
        self._count = 0
        self._stopped: set[int] = set()

    def start(self, path: str) -> int:
        """A new reading of `path` is under way (any earlier one is no longer the current one); its token."""
        self._count += 1
        self.current = (self._count, path)
        return self._count

    def stop(self) -> str | None:
        """Stop the reading under way: what it gives will be dropped. The file it was reading, or None when none
        was under way."""
        if self.current is None:
            return None
        token, path = self.current
        self._stopped.add(token)
        self.current = None
        return path

    def finish(self, token: int) -> bool:
        """Reading `token` has given its answer: True when it is to be used, False when a person stopped it."""
        if self.current is not None and self.current[0] == token:
            self.current = None
        if token in self._stopped:
            self._stopped.discard(token)
            return False
        return True


# --------------------------------------------------------------------------------------------------------------
# The session


class Session:
    """One open filing's file, bytes, place in the database, and recovery file; and the database itself.

    The filing as it stands (with its undo history) is the window's document; the session is told it when it
    saves or keeps a recovery copy. `store` is None until `open_store` (or anything needing it) opens it."""

    def __init__(self, db_path: str | os.PathLike[str], recovery_dir: str | os.PathLike[str] | None = None) -> None:
        self.db_path = os.fspath(db_path)
        self.store: Store | None = None
        #: True once opening the database was tried (it is not tried again on demand when it failed).
        self.store_attempted = False
        self.store_error: str | None = None
        self.file_path: str | None = None
        self.source_bytes: bytes = b""
        #: The password that opened a password-protected PDF source (kept only while it is shown).
        self.password: str | None = None
        self.filing_id: int | None = None
        self.version: int | None = None
        #: The person chose to keep the open file as a filing of its own although the database holds the same
        #: filing read from another file (asked when it was opened): its save does not ask again.
        self.keep_both = False
        self._recovery_dir = recovery_dir
        self.recovery: RecoveryFile | None = None
        self.readings = Readings()

    # ---- the open file --------------------------------------------------------------------------------------

    def set_open(self, data: bytes, file_path: str | None = None, filing_id: int | None = None,
                 version: int | None = None, password: str | None = None) -> None:
        """What is shown now: the bytes it was read from, their file, and where it is saved (None: never)."""
        self.source_bytes = data
        self.file_path = file_path
        self.filing_id = filing_id
        self.version = version
        self.password = password
        self.keep_both = False

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.source_bytes).hexdigest() if self.source_bytes else None

    # ---- the database ---------------------------------------------------------------------------------------

    def open_store(self, path: str | os.PathLike[str] | None = None) -> Failed | None:
        """Use the database at `path` (the session's own by default), made when it is not there. None when it is
        open; `Failed` when it cannot be used (another database that fails leaves the one in use as it was; the
        session's own is closed). The filing shown is saved nowhere yet once another database is in use."""
        path = os.fspath(path) if path is not None else self.db_path
        self.store_attempted = True
        try:
            from .store import Store

            store = Store.open(path)
        except Form4ViewerError as exc:
            if os.path.abspath(path) == os.path.abspath(self.db_path):
                self.store_error = str(exc)
                self.close_store()
            return Failed("Cannot use the database", str(exc))
        self._use(store, path)
        return None

    def _use(self, store: Store, path: str) -> None:
        if self.store is not None and self.store is not store:
            self.close_store()
        if os.path.abspath(path) != os.path.abspath(self.db_path):
            self.filing_id = self.version = None
        self.store = store
        self.db_path = path
        self.store_error = None

    def store_on_demand(self) -> Store | None:
        """The database, opened now if nothing has tried to yet."""
        if self.store is None and not self.store_attempted:
            self.open_store()
        return self.store

    def close_store(self) -> None:
        if self.store is not None:
            try:
                self.store.close()
            except Exception as exc:  # a broken database may fail even to close; nothing is lost by it
                log.warning("%s: %s", self.db_path, exc)
            self.store = None

    def saved_id(self, data: bytes, open_store: Callable[[], Store | None] | None = None) -> int | None:
        """The id of the saved filing read from the same bytes, if any. Before the database is open (a file named
        at start) a quick read-only look answers, so the filing shows without waiting for the database layer; the
        database is opened when that look cannot tell, by `open_store` where given (the window's, which says why a
        database cannot be used), else by `store_on_demand`."""
        sha256 = hashlib.sha256(data).hexdigest()
        if self.store is None and not self.store_attempted:
            from .store import saved_id_by_hash

            try:
                return saved_id_by_hash(self.db_path, sha256)
            except StoreError as exc:
                log.info("%s", exc)
        store = (open_store or self.store_on_demand)()
        if store is None:
            return None
        try:
            return store.find_by_hash(sha256)
        except StoreError as exc:
            log.warning("%s", exc)
            return None

    def open_saved(self, filing_id: int, password: str | None = None) -> Opened | Failed:
        """The saved filing `filing_id` with its corrections and bytes; the session now stands on it."""
        store = self.store_on_demand()
        if store is None:
            return Failed("Cannot open the saved filing", self.store_error or f"{self.db_path}: cannot be used")
        try:
            record = store.record(filing_id)
            data = store.source_bytes(filing_id)
        except StoreError as exc:
            return Failed("Cannot open the saved filing", str(exc))
        self.discard_recovery()
        self.set_open(data or b"", record.source_name, record.id, record.version, password)
        return Opened(record.filing, data or b"", record.source_name, record.id, record.version)

    # ---- saving ---------------------------------------------------------------------------------------------

    def save(self, filing: Filing, problems: Iterable[Any] = (), *, overwrite: bool = False,
             keep_both: bool = False) -> SaveOutcome:
        """Save `filing` and its problems in one transaction: a new record the first time (with the source's
        bytes), else the saved one replaced. `overwrite` replaces it even when another program saved it since
        (else `Conflict`); `keep_both` saves a filing read from other bytes as a record of its own even when the
        database holds the same filing already (else `SecondSource`)."""
        from .store import DuplicateSourceError

        store = self.store if self.store is not None else self._store_for_save()
        if isinstance(store, Failed):
            return store
        if self.filing_id is None and not (keep_both or self.keep_both):
            second = self.second_source(filing)
            if second is not None:
                return second
        try:
            result = store.save(
                filing,
                # Without its bytes (a restored filing whose source is gone) the store knows the file by the
                # SHA-256 the reader recorded.
                (self.source_bytes or None) if self.filing_id is None else None,
                filing_id=self.filing_id,
                expected_version=None if overwrite else self.version,
                problems=list(problems),
            )
        except DuplicateSourceError as exc:
            return Duplicate(exc.filing_id, str(exc))
        except ConflictError as exc:
            return Conflict(str(exc))
        except Form4ViewerError as exc:
            return self._refused(exc)
        self.filing_id, self.version = result.filing_id, result.version
        self.discard_recovery()
        return Saved(result.filing_id, result.version, result.corrections_logged, self.db_path)

    def _store_for_save(self) -> Store | Failed:
        failed = self.open_store()
        if failed is not None or self.store is None:
            return failed or Failed("Cannot use the database", f"{self.db_path}: cannot be used")
        return self.store

    def _refused(self, exc: Form4ViewerError) -> ReadOnly | Failed:
        return ReadOnly(str(exc)) if _is_read_only(exc) else Failed("Cannot save", str(exc))

    def second_source(self, filing: Filing) -> SecondSource | None:
        """`SecondSource` when the database holds `filing` already (the same key: its accession number, else what
        its content gives), read from other bytes than the open file's; None otherwise, and when the database
        cannot be used (its save then says why)."""
        store = self.store_on_demand()
        if store is None or not self.source_bytes:
            return None
        try:
            if store.find_by_hash(self.sha256 or "") is not None:
                return None  # these very bytes: the same file, not a second source
            filing_id = store.same_filing(filing, self.sha256)
        except StoreError as exc:
            log.warning("%s", exc)
            return None
        if filing_id is None:
            return None
        name = Path(self.file_path).name if self.file_path else "this file"
        return SecondSource(filing_id, f"{self.db_path}: {name} is the same filing as saved filing {filing_id}, "
                                       "read from another file")

    def attach_source(self, filing_id: int, kind: str = "") -> Opened | ReadOnly | Failed:
        """Keep the open file's bytes with the saved filing `filing_id` as another source of it (`kind` as its
        reader says: "pdf", "xml", ...) and go on with that filing, its corrections and review state kept."""
        store = self.store_on_demand()
        if store is None:
            return Failed("Cannot use the database", self.store_error or f"{self.db_path}: cannot be used")
        try:
            store.attach_source(filing_id, self.file_path or "", self.source_bytes, kind)
        except Form4ViewerError as exc:
            return self._refused(exc)
        return self.open_saved(filing_id, self.password)

    def save_to_database(self, path: str | os.PathLike[str], filing: Filing, problems: Iterable[Any] = ()
                         ) -> Saved | ReadOnly | Failed:
        """Save `filing` as a new record in the SQLite file at `path` (made when it is not there) and go on with
        that file: the way out when the database in use is read-only, full, locked or damaged."""
        from .store import Store

        path = os.fspath(path)
        try:
            store = Store.open(path)
        except Form4ViewerError as exc:
            return Failed("Cannot use the database", str(exc))
        try:
            result = store.save(filing, self.source_bytes or None, problems=list(problems))
        except Form4ViewerError as exc:
            store.close()
            return self._refused(exc)
        self._use(store, path)
        self.filing_id, self.version = result.filing_id, result.version
        self.discard_recovery()
        return Saved(result.filing_id, result.version, result.corrections_logged, path)

    # ---- export ---------------------------------------------------------------------------------------------

    def export_csv(self, path: str | os.PathLike[str], filing: Filing) -> int | Failed:
        """Write `filing`'s Table I and II rows, as corrected, to the CSV file at `path`; the rows written. The file
        starts with a byte-order mark, as every file of the folder export does (export.py says why)."""
        from .export import filing_key, write_transactions_csv

        try:
            with open(path, "w", newline="", encoding="utf-8-sig") as fh:
                return write_transactions_csv(fh, [(filing_key(filing), filing)])  # the export's key, never an id
        except OSError as exc:
            return Failed("Cannot export", f"{os.fspath(path)}: {exc.strerror or exc}")

    def export_all(self, folder: str | os.PathLike[str]) -> dict[str, int] | Failed:
        """Write every saved filing as the SEC data-set tables (and transactions.csv) into `folder`; the rows
        written to each file."""
        from .export import export_folder, export_key

        store = self.store_on_demand()
        if store is None:
            return Failed("Cannot export", f"{self.db_path}: the database cannot be used")
        try:
            return export_folder(folder, ((export_key(i, f), f) for i, f in store.iter_filings()))
        except Form4ViewerError as exc:
            return Failed("Cannot export", str(exc))
        except OSError as exc:
            return Failed("Cannot export", f"{os.fspath(folder)}: {exc.strerror or exc}")

    # ---- recovery -------------------------------------------------------------------------------------------

    def write_recovery(self, filing: Filing) -> str | None:
        """Keep `filing` as it stands in the recovery file. None when written, else why not (naming the file)."""
        if self.recovery is None:
            self.recovery = RecoveryFile(self._recovery_dir)
        source = self.file_path if self.file_path and os.path.isfile(self.file_path) else None
        try:
            self.recovery.write(
                filing,
                source_path=os.path.abspath(source) if source else None,
                source_sha256=self.sha256,
                db_path=os.path.abspath(self.db_path),
                filing_id=self.filing_id,
                version=self.version,
            )
        except RecoveryError as exc:
            log.warning("%s", exc)
            return str(exc)
        return None

    @property
    def recovery_path(self) -> Path | None:
        return self.recovery.path if self.recovery is not None and self.recovery.exists() else None

    def discard_recovery(self) -> None:
        if self.recovery is None:
            return
        try:
            self.recovery.discard()
        except RecoveryError as exc:
            log.warning("%s", exc)
        self.recovery = None

    def restore(self, recovered: Recovered) -> Restored | Failed:
        """Take over recovered work: it is shown on top of what it was made on (the saved filing when it had been
        saved, so that a save checks nobody saved it since; else the filing as read from its source)."""
        try:
            taken = RecoveryFile.adopt(recovered)
        except RecoveryError as exc:
            return Failed("Cannot restore the unsaved changes", str(exc))
        if taken is None:
            return Failed("Cannot restore the unsaved changes",
                          f"{recovered.path}: another window restored these changes already")
        filing = recovered.restore()
        base, data, name, filing_id, version = None, b"", recovered_name(recovered), None, None
        if recovered.filing_id is not None and recovered.db_path:
            same = os.path.abspath(self.db_path) == os.path.abspath(recovered.db_path)
            if self.store is None or not same:
                self.open_store(recovered.db_path)
            if self.store is not None and os.path.abspath(self.db_path) == os.path.abspath(recovered.db_path):
                try:
                    record = self.store.record(recovered.filing_id)
                    data = self.store.source_bytes(recovered.filing_id) or b""
                    base, name = record.filing, record.source_name or name
                    filing_id, version = recovered.filing_id, recovered.version
                except StoreError as exc:
                    log.warning("%s", exc)
        if base is None:
            from .store import as_read

            base = as_read(filing)
            if recovered.source_unchanged() and recovered.source_path:
                from .readers import load_file

                try:
                    data = load_file(recovered.source_path)
                    name = recovered.source_path
                except Form4ViewerError as exc:
                    log.warning("%s", exc)
        self.discard_recovery()
        self.set_open(data, name, filing_id, version)
        return Restored(base, filing, data, name, filing_id, version, source_lost=not data, recovery=taken)
