"""Every item model of the window passes Qt's model tester, with a filing open and as it changes."""

from __future__ import annotations

from decimal import Decimal

from form4viewer import read
from form4viewer.gui.document import FilingDocument
from form4viewer.gui.models import FootnotesModel, LibraryModel, PartsModel, ProblemsModel
from form4viewer.model import TABLE_FIELDS, TABLES

from .conftest import SAMPLE_FILES


def _document() -> FilingDocument:
    doc = FilingDocument()
    path = SAMPLE_FILES["xml"]
    doc.load(read(path), path.read_bytes(), str(path))
    return doc


def test_table_models_pass_the_model_tester(qapp, qtmodeltester) -> None:
    doc = _document()
    for table in TABLES:
        model = PartsModel(doc, table, TABLE_FIELDS[table])
        qtmodeltester.check(model)
    model = PartsModel(doc, "non_derivative_transactions", TABLE_FIELDS["non_derivative_transactions"])
    qtmodeltester.check(model)
    doc.add_row("non_derivative_transactions")
    doc.set_value("non_derivative_transactions[2].shares", Decimal("10"))
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert model.rowCount() == 2


def test_footnote_signature_and_problem_models_pass_the_model_tester(qapp, qtmodeltester) -> None:
    doc = _document()
    qtmodeltester.check(FootnotesModel(doc))
    qtmodeltester.check(PartsModel(doc, "signatures", ("name", "date")))
    problems = ProblemsModel(doc)
    qtmodeltester.check(problems)
    doc.set_value("non_derivative_transactions[0].transaction_code", "Q")
    assert problems.rowCount() >= 1


def test_library_model_passes_the_model_tester(qapp, qtmodeltester, tmp_path) -> None:
    from form4viewer.importer import import_file
    from form4viewer.store import Store

    store = Store.open(tmp_path / "f.sqlite")
    for kind in ("xml", "html"):
        import_file(store, SAMPLE_FILES[kind])
    model = LibraryModel()
    model.set_items(store.list_filings())
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    store.close()
