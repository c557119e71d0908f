"""An import runs Python's garbage collector less often while it reads and saves (`readers.GC_THRESHOLD`), and
gives the caller's setting back when it ends, however it ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from form4viewer.importer import import_paths
from form4viewer.readers import GC_THRESHOLD
from form4viewer.store import Store

OWNERSHIP = Path(__file__).parent / "data" / "ownership"


@pytest.fixture
def threshold() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_an_import_collects_less_often_meanwhile_and_restores_the_setting(
    tmp_path: Path, threshold: tuple[int, int, int]
) -> None:
    seen = []
    with Store.open(tmp_path / "db.sqlite") as store:
        outcomes = import_paths(
            store,
            [OWNERSHIP / "mdb-form5.xml", OWNERSHIP / "rtpy-form3-holdings-only.xml"],
            jobs=1,
            progress=lambda done, total, outcome: seen.append(gc.get_threshold()),
        )
    assert [o.status for o in outcomes] == ["read", "read"]
    assert seen == [(GC_THRESHOLD, 10, 10)] * 2
    assert gc.get_threshold() == (700, 10, 10)


def test_a_cancelled_or_failed_import_restores_the_setting(tmp_path: Path, threshold: tuple[int, int, int]) -> None:
    def stop(done: int, total: int, outcome: object) -> None:
        raise KeyboardInterrupt

    with Store.open(tmp_path / "db.sqlite") as store, pytest.raises(KeyboardInterrupt):
        import_paths(store, [OWNERSHIP / "mdb-form5.xml"], jobs=1, progress=stop)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_caller_that_collects_even_less_often_keeps_its_setting(tmp_path: Path) -> None:
    before = gc.get_threshold()
    gc.set_threshold(100_000, 10, 10)
    try:
        seen = []
        with Store.open(tmp_path / "db.sqlite") as store:
            import_paths(store, [OWNERSHIP / "mdb-form5.xml"], jobs=1,
                         progress=lambda done, total, outcome: seen.append(gc.get_threshold()))  # fmt: skip
        assert seen == [(100_000, 10, 10)]
        assert gc.get_threshold() == (100_000, 10, 10)
    finally:
        gc.set_threshold(*before)
