"""What is not a regular file, opened in the window: a FIFO (which would block a reading forever), /dev/zero and a
link to it (which would be read until memory runs out) give one message naming the file at once, and the filing
that was open stays as it was, unsaved edit included."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from .conftest import SAMPLE_FILES, open_and_wait

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and devices of POSIX systems")

SYMBOL = "issuer.trading_symbol"


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "form4.xml")
    return str(folder / "form4.xml")


def _link_to_zero(folder: Path) -> str:
    (folder / "form4.xml").symlink_to("/dev/zero")
    return str(folder / "form4.xml")


NOT_FILES: dict[str, tuple[Callable[[Path], str], str]] = {
    "fifo": (_fifo, "not a regular file: a FIFO (named pipe)"),
    "dev-zero": (lambda _: "/dev/zero", "not a regular file: a device"),
    "dev-urandom": (lambda _: "/dev/urandom", "not a regular file: a device"),
    "link-to-dev-zero": (_link_to_zero, "not a regular file: a device"),
}


@pytest.fixture
def errors(window, monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """What the window reports through its error method."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "show_error", lambda title, message: shown.append((title, message)))
    return shown


@pytest.mark.parametrize("kind", sorted(NOT_FILES))
def test_what_is_not_a_regular_file_gives_one_message_naming_it_and_the_open_filing_stays(
    qtbot, window, monkeypatch, errors, tmp_path: Path, kind: str
) -> None:
    factory, problem = NOT_FILES[kind]
    path = factory(tmp_path)
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value(SYMBOL, "TSLX")
    monkeypatch.setattr(window, "ask_unsaved", lambda: QMessageBox.StandardButton.Discard)
    # Refused before anything is read: a reading that blocked or filled memory would miss this timeout.
    with qtbot.waitSignal(window.openFailed, timeout=20000) as failed:
        assert window.open_path(path)
    assert failed.args == [f"{path}: {problem}"]
    assert errors == [("Cannot open the file", f"{path}: {problem}")]
    assert window.document.value(SYMBOL).value == "TSLX" and window.isWindowModified()
    assert window.document.file_path == str(SAMPLE_FILES["xml"])
    assert window.document.filing.issuer.name.value == "Tesla, Inc."
    assert not window.is_busy
    # The window goes on working: the next file opens.
    open_and_wait(qtbot, window, SAMPLE_FILES["text"])
    assert window.document.file_path == str(SAMPLE_FILES["text"])
