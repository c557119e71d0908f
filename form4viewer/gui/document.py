"""The open filing: the Filing itself, the bytes it was read from, where it is stored, its undo stack and its
problems. Every change a person makes goes through here as an undo command; views listen to `filingChanged`."""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..model import (
    MAX_REPORTING_OWNERS,
    TABLE_TITLES,
    TABLES,
    Filing,
    Row,
    Signature,
    Value,
    field_spec,
)
from ..session import Session
from .commands import EditValueCommand, ReplaceFilingCommand

log = logging.getLogger(__name__)

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_INDEX = re.compile(r"^([a-z_]+)\[(\d+)\]")


def run_checks(filing: Filing) -> list[Any]:
    """The checks' problems with the filing, worst first."""
    from ..checks import check

    problems = list(check(filing))
    problems.sort(key=lambda p: SEVERITY_ORDER.get(p.severity, 3))
    return problems


def label_of(path: str) -> str:
    """A person's name for a field path: `Table I transactions, row 2: Amount`."""
    m = _INDEX.match(path)
    rest = path.split(".", 1)[1] if "." in path else ""
    label = ""
    if rest or not m:
        try:
            label = field_spec(path).label
        except KeyError:
            label = rest or path
    if m and m[1] in TABLES:
        where = f"{TABLE_TITLES[m[1]]}, row {int(m[2]) + 1}"
    elif m and m[1] == "reporting_owners":
        where = f"Reporting owner {int(m[2]) + 1}"
    elif m and m[1] == "footnotes":
        return f"Footnote {int(m[2]) + 1}"
    elif m and m[1] == "signatures":
        where = f"Signature {int(m[2]) + 1}"
    else:
        return label or path
    return f"{where}: {label}" if label else where


class FilingDocument(QObject):
    """The filing being looked at and corrected.

    `filing` is None until something is opened. The file it came from is the `session`'s: `source_bytes` are the
    bytes it was read from (shown in the source pane and saved with it); `filing_id`/`version` say where it is
    stored (None when never saved)."""

    filingChanged = Signal()  # noqa: N815 - Qt naming
    #: A field (or row) to show: emitted when a person selects one anywhere, and after undo/redo.
    currentPathChanged = Signal(str)  # noqa: N815
    loaded = Signal()

    def __init__(self, parent: QObject | None = None, session: Session | None = None) -> None:
        super().__init__(parent)
        self.session = session if session is not None else Session(":memory:")
        self.filing: Filing | None = None
        self.problems: list[Any] = []
        self.checks_error: str | None = None
        self.current_path = ""
        self.undo_stack = QUndoStack(self)

    # ---- the file it came from (the session's) ------------------------------------------------------------------

    @property
    def source_bytes(self) -> bytes:
        return self.session.source_bytes

    @property
    def file_path(self) -> str | None:
        return self.session.file_path

    @property
    def filing_id(self) -> int | None:
        return self.session.filing_id

    @property
    def version(self) -> int | None:
        return self.session.version

    @property
    def source_password(self) -> str | None:
        """The password that opened a password-protected PDF source (kept only while it is shown)."""
        return self.session.password

    # ---- loading ----------------------------------------------------------------------------------------------

    def load(
        self,
        filing: Filing,
        source_bytes: bytes,
        file_path: str | None = None,
        filing_id: int | None = None,
        version: int | None = None,
        password: str | None = None,
    ) -> None:
        """Show another filing; the undo history starts afresh. `password` opens a password-protected PDF source."""
        self.undo_stack.clear()
        self.filing = filing
        self.session.set_open(source_bytes, file_path, filing_id, version, password)
        self.current_path = ""
        self._recheck()
        self.undo_stack.setClean()
        # Models first (they follow filingChanged), then whatever fits itself to a newly opened filing.
        self.filingChanged.emit()
        self.loaded.emit()

    def restore_to(self, filing: Filing, text: str) -> None:
        """Put `filing` on top of the one shown as one undoable step (unsaved work given back after a crash)."""
        self._push(filing, text)

    def mark_saved(self) -> None:
        """What is shown is what the session saved: the undo stack's clean state moves here."""
        self.undo_stack.setClean()

    @property
    def state(self) -> str:
        """`as read`, `corrected` (not saved) or `saved`, for the status bar."""
        if self.filing is None:
            return ""
        if self.filing_id is not None and self.undo_stack.isClean():
            return "saved, corrected" if self.filing.corrected else "saved"
        if self.filing.corrected or not self.undo_stack.isClean():
            return "corrected, not saved"
        return "as read"

    # ---- problems ---------------------------------------------------------------------------------------------

    def _recheck(self) -> None:
        if self.filing is None:
            self.problems = []
            return
        try:
            self.problems = run_checks(self.filing)
            self.checks_error = None
        except ImportError as exc:
            # The checks are their own module; the window still works while they are unavailable.
            self.problems = []
            self.checks_error = f"checks are not available ({exc})"
        except Exception as exc:  # a bug in one rule must not take the editor down
            log.exception("checks failed")
            self.problems = []
            self.checks_error = f"checks failed: {type(exc).__name__}: {exc}"

    def markers(self) -> dict[str, str]:
        """For each path with a problem, the worst severity; row-level problems are kept under the row's path."""
        out: dict[str, str] = {}
        for problem in self.problems:
            path = problem.path or ""
            old = out.get(path)
            if old is None or SEVERITY_ORDER.get(problem.severity, 3) < SEVERITY_ORDER.get(old, 3):
                out[path] = problem.severity
        return out

    def problems_at(self, path: str) -> list[Any]:
        return [p for p in self.problems if p.path == path]

    # ---- selection --------------------------------------------------------------------------------------------

    def select(self, path: str) -> None:
        """Make `path` the field every view shows (the source pane highlights where it was read)."""
        if path == self.current_path:
            return
        self.current_path = path
        self.currentPathChanged.emit(path)

    # ---- edits (each one undo command) ------------------------------------------------------------------------

    def apply(self, filing: Filing, path: str = "") -> None:
        """Show `filing` in place of the one shown and select `path` (the undo commands' way in; a person's edits
        go through the methods below, each one undo step)."""
        self.filing = filing
        self._recheck()
        self.filingChanged.emit()
        if path:
            self.current_path = ""  # force the views to show it again
            self.select(path)

    def _push(self, after: Filing, text: str, path: str = "") -> None:
        assert self.filing is not None
        if after == self.filing:
            return
        self.undo_stack.push(ReplaceFilingCommand(self, self.filing, after, text, path))

    def value(self, path: str) -> Value:
        assert self.filing is not None
        value = self.filing.get(path)
        if not isinstance(value, Value):
            raise KeyError(path)
        return value

    def set_value(self, path: str, new: Any, merge: bool = True) -> None:
        """Correct the field at `path` to the typed value `new` (already parsed)."""
        if self.filing is None:
            return
        old = self.value(path)
        if new == old.value and type(new) is type(old.value):
            return
        after = self.filing.replace_at(path, old.corrected_to(new))
        self.undo_stack.push(
            EditValueCommand(self, self.filing, after, f"Edit {label_of(path)}", path, merge=merge)
        )

    def revert(self, path: str) -> None:
        """Put back what the reader gave for the field."""
        if self.filing is None:
            return
        old = self.value(path)
        if not old.corrected:
            return
        self._push(self.filing.replace_at(path, old.reverted()), f"Revert {label_of(path)}", path)

    def set_footnotes(self, path: str, ids: tuple[str, ...]) -> None:
        if self.filing is None:
            return
        old = self.value(path)
        if tuple(ids) == old.footnotes:
            return
        self._push(self.filing.replace_at(path, old.corrected_to(footnotes=tuple(ids))),
                   f"Footnotes of {label_of(path)}", path)

    def toggle_footnote(self, path: str, note_id: str) -> None:
        """Attach the footnote to the field, or detach it when it is attached."""
        if self.filing is None:
            return
        if note_id in self.value(path).footnotes:
            self._push(self.filing.detach_footnote(path, note_id), f"Footnotes of {label_of(path)}", path)
        else:
            self._push(self.filing.attach_footnote(path, note_id), f"Footnotes of {label_of(path)}", path)

    # rows

    def add_row(self, table: str, at: int | None = None) -> int:
        """Insert an empty row into `table` (at the end by default); returns its index."""
        assert self.filing is not None
        rows = list(self.filing.rows(table))
        at = len(rows) if at is None else max(0, min(at, len(rows)))
        rows.insert(at, Row(table))
        self._push(self.filing.with_rows(table, rows), f"Add Row to {TABLE_TITLES[table]}", f"{table}[{at}]")
        return at

    def remove_row(self, table: str, index: int) -> None:
        assert self.filing is not None
        rows = list(self.filing.rows(table))
        if not 0 <= index < len(rows):
            return
        del rows[index]
        self._push(self.filing.with_rows(table, rows), f"Remove Row {index + 1} of {TABLE_TITLES[table]}")

    def move_row(self, table: str, index: int, delta: int) -> None:
        assert self.filing is not None
        rows = list(self.filing.rows(table))
        to = index + delta
        if not (0 <= index < len(rows) and 0 <= to < len(rows)):
            return
        rows[index], rows[to] = rows[to], rows[index]
        self._push(self.filing.with_rows(table, rows), f"Move Row in {TABLE_TITLES[table]}", f"{table}[{to}]")

    # reporting owners

    def add_owner(self) -> int | None:
        """Add an empty reporting owner after the others; returns its index, or None when the form's ten are there."""
        assert self.filing is not None
        at = len(self.filing.reporting_owners)
        try:
            after = self.filing.with_owner()
        except ValueError:
            return None
        self._push(after, "Add Reporting Owner", f"reporting_owners[{at}].name")
        return at

    def remove_owner(self, index: int) -> None:
        assert self.filing is not None
        if not 0 <= index < len(self.filing.reporting_owners):
            return
        name = self.filing.reporting_owners[index].name.text or f"Owner {index + 1}"
        self._push(self.filing.without_owner(index), f"Remove Reporting Owner {name}")

    # footnotes and signatures

    def add_footnote(self, text: str = "") -> str:
        """A new footnote with the next free id (`F3` after `F2`); returns the id."""
        assert self.filing is not None
        after, note_id = self.filing.with_footnote(text)
        self._push(after, f"Add Footnote {note_id}", f"footnotes[{len(after.footnotes) - 1}].text")
        return note_id

    def remove_footnote(self, index: int) -> None:
        """Remove a footnote and every reference to it, in one step."""
        assert self.filing is not None
        if not 0 <= index < len(self.filing.footnotes):
            return
        gone = self.filing.footnotes[index].id
        self._push(self.filing.without_footnote(gone), f"Remove Footnote {gone}")

    def add_signature(self) -> None:
        assert self.filing is not None
        sigs = self.filing.signatures + (Signature(),)
        self._push(dataclasses.replace(self.filing, signatures=sigs), "Add Signature",
                   f"signatures[{len(sigs) - 1}].name")

    def remove_signature(self, index: int) -> None:
        assert self.filing is not None
        sigs = list(self.filing.signatures)
        if not 0 <= index < len(sigs):
            return
        del sigs[index]
        self._push(dataclasses.replace(self.filing, signatures=tuple(sigs)), f"Remove Signature {index + 1}")


#: A Form 3, 4 or 5 names at most ten reporting owners (more file a second form).
MAX_OWNERS = MAX_REPORTING_OWNERS
