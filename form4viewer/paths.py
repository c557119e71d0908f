"""Where the application keeps its files by default."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "form4viewer"


def data_dir() -> Path:
    """The user's data directory for the application (`~/.local/share/form4viewer` on Linux);
    `FORM4VIEWER_DATA_DIR` overrides it."""
    override = os.environ.get("FORM4VIEWER_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The SQLite file used when no `--db` is given."""
    return data_dir() / "filings.sqlite"
