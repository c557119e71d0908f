"""Bad files in the window: each hostile file of the command-line suite gives one clear message naming it and
leaves the filing that was open as it was, unsaved edits included; a password-protected PDF asks for its password."""

from __future__ import annotations

import importlib.util
import re
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from .conftest import SAMPLE_FILES, open_and_wait


def _hostile_files_suite():  # type: ignore[no-untyped-def]
    """The command-line suite of bad files, whose factories these tests reuse."""
    path = Path(__file__).parents[1] / "robustness" / "test_hostile_files.py"
    spec = importlib.util.spec_from_file_location("_hostile_files_suite", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOSTILE = _hostile_files_suite()
BAD_FILES = HOSTILE.BAD_FILES
SYMBOL = "issuer.trading_symbol"


@pytest.fixture
def errors(window, monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """What the window reports through its error method."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "show_error", lambda title, message: shown.append((title, message)))
    return shown


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_gives_one_message_naming_it_and_the_open_filing_keeps_its_edits(
    qtbot, window, monkeypatch, errors, tmp_path: Path, name: str
) -> None:
    factory, words = BAD_FILES[name]
    open_and_wait(qtbot, window, SAMPLE_FILES["pdf"])
    window.document.set_value(SYMBOL, "MSFX")
    asked: list[int] = []
    # The person is asked about the unsaved edit and lets it go; the bad file then fails to open.
    monkeypatch.setattr(window, "ask_unsaved", lambda: asked.append(1) or QMessageBox.StandardButton.Discard)
    path = tmp_path / name
    path.write_bytes(factory())
    with qtbot.waitSignal(window.openFailed, timeout=60000):
        assert window.open_path(path)
    assert asked == [1]
    (title, message), = errors
    assert re.match(re.escape(str(path)) + r"(, line \d+)?: ", message) and "Traceback" not in message
    assert re.search(words, message, re.IGNORECASE), message
    assert window.document.value(SYMBOL).value == "MSFX" and window.isWindowModified()
    assert window.document.file_path == str(SAMPLE_FILES["pdf"])
    assert window.source.stack.currentWidget() is window.source.pdf and window.source.pdf.page_count == 2
    assert window.recovery_path is not None and not window.is_busy
    # The window goes on working: the next edit and a good file.
    window.document.set_value(SYMBOL, "MSFT")
    assert window.document.value(SYMBOL).value == "MSFT"
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert window.document.filing.issuer.name.value == "Tesla, Inc."


@pytest.fixture
def locked_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "locked form 4.pdf"
    HOSTILE._encrypted_copy(HOSTILE.ENCRYPTED_SOURCE, path, "s3cret")
    return path


def test_a_password_protected_pdf_asks_again_after_a_wrong_password_and_opens_with_the_right_one(
    qtbot, window, monkeypatch, errors, locked_pdf: Path
) -> None:
    asked: list[tuple[str, bool]] = []
    replies = ["wrong", "s3cret"]
    monkeypatch.setattr(window, "ask_password", lambda path, wrong: asked.append((path, wrong)) or replies.pop(0))
    with qtbot.waitSignal(window.ready, timeout=60000):
        assert window.open_path(locked_pdf)
    assert asked == [(str(locked_pdf), False), (str(locked_pdf), True)]
    assert errors == []
    filing = window.document.filing
    assert filing.issuer.name.value == "Autodesk, Inc."
    assert window.document.source_bytes == locked_pdf.read_bytes()
    assert window.source.kind == "pdf" and window.source.pdf.page_count >= 1  # pages drawn with the password
    assert window.source.pdf.error is None


def test_cancelling_the_password_leaves_the_open_filing_and_says_why(
    qtbot, window, monkeypatch, errors, locked_pdf: Path
) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value("non_derivative_transactions[0].shares", Decimal("5300"))
    monkeypatch.setattr(window, "ask_unsaved", lambda: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(window, "ask_password", lambda path, wrong: None)
    with qtbot.waitSignal(window.openFailed, timeout=60000) as blocker:
        assert window.open_path(locked_pdf)
    message = blocker.args[0]
    assert message == f"{locked_pdf}: the PDF is password-protected and was not opened"
    assert window.last_error == message
    assert window.document.filing.issuer.name.value == "Tesla, Inc."
    assert window.document.value("non_derivative_transactions[0].shares").value == Decimal("5300")
    assert window.isWindowModified() and not window.is_busy
