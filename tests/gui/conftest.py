"""Fixtures for the window: a MainWindow on a private SQLite file and private settings, and the shipped samples."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

from form4viewer.gui.app import APPLICATION, ORGANIZATION  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

#: One sample of each kind the readers take (resources/samples/README.md says where each came from).
SAMPLE_FILES = {
    "xml": SAMPLES / "tesla-form4-2023.xml",
    "pdf": SAMPLES / "microsoft-form4-2024.pdf",
    "text": SAMPLES / "qualys-form4-2013.txt",
    "html": SAMPLES / "evans-bancorp-form4-2023.html",
}


@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings caches where it keeps files on first use, so point it at a private folder once per session."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    folder = str(tmp_path_factory.mktemp("settings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(qapp: object) -> Iterator[None]:
    """As in the application: no garbage collection from worker threads while windows live (see gui/collector)."""
    from form4viewer.gui.collector import MainThreadCollector

    collector = MainThreadCollector()
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture(autouse=True)
def _fresh_settings(_private_settings: None) -> Iterator[None]:
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A message box would wait for a click that never comes; record what it would have said instead."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text, *a: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked a question nobody answers"))
    return shown


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "filings.sqlite"


@pytest.fixture
def window(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    from form4viewer.gui.main_window import MainWindow

    win = MainWindow(db_path)
    win.resize(1280, 820)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.document.undo_stack.setClean()  # closing must not wait on a question
    win.close()
    win.deleteLater()


def open_and_wait(qtbot, window, path: Path | str, timeout: int = 60000) -> None:  # type: ignore[no-untyped-def]
    """Open a file and wait until it is read and its source drawn."""
    with qtbot.waitSignal(window.ready, timeout=timeout):
        assert window.open_path(path)
