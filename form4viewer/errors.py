"""The project's own errors. Every failure a person can cause with a file or a database is one of these, with a
message that names the file and the problem; anything else escaping is a bug."""

from __future__ import annotations

import os


class Form4ViewerError(Exception):
    """Base of all errors the application reports to a person."""


class ReadError(Form4ViewerError):
    """A file could not be read as a filing. `str(error)` is `"<file>: <problem>"`."""

    def __init__(self, path: str | os.PathLike[str] | None, problem: str, line: int | None = None):
        self.path = os.fspath(path) if path is not None else None
        self.problem = problem
        self.line = line
        where = self.path or "<input>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {problem}")


class NotAFilingError(ReadError):
    """The file is readable but is not a Form 3, 4 or 5 filing."""


class FileTooLargeError(ReadError):
    """The file is larger than a filing of its kind can be."""


class StoreError(Form4ViewerError):
    """The SQLite file could not be opened, read or written."""


class ConflictError(StoreError):
    """A save would overwrite a version of the filing that changed since it was loaded."""
