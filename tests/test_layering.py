"""The library is Qt-free: only form4viewer/gui imports PySide6, only the PDF reader imports pdfplumber, only the
store imports sqlite_utils."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "form4viewer"


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "gui" in rel.parts or rel.name == "__main__":
            continue
        names.append(".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts))
    return names


def test_every_non_gui_module_imports_without_loading_pyside6() -> None:
    modules = _modules()
    assert "form4viewer.model" in modules and "form4viewer.readers.ownership" in modules
    assert "form4viewer.session" in modules  # the open filing's session is tested without a display
    assert "form4viewer.review" in modules  # the review queue and amendment pairing stay Qt-free
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_each_heavy_dependency_is_imported_only_where_it_belongs() -> None:
    allowed = {
        "PySide6": lambda rel: rel.parts[0] == "gui",
        "pdfplumber": lambda rel: rel.parts[0] == "readers" and rel.stem.startswith("pdf"),
        # The scan reader draws an image-only PDF's pages to read them by OCR.
        "pypdfium2": lambda rel: rel.parts[0] == "gui" or (rel.parts[0] == "readers" and (rel.stem.startswith("pdf")
                                                                                          or rel.stem == "scan")),
        "sqlite_utils": lambda rel: rel.stem == "store",
    }
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        for name in _imports(path) & set(allowed):
            if not allowed[name](rel):
                wrong.append(f"{rel} imports {name}")
    assert wrong == []


def _relative_imports(path: Path) -> set[str]:
    """The package's own modules a module imports, anywhere in it (inside functions too), as `readers`, `checks`..."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("form4viewer."))
    return found


def test_the_store_reads_no_file_and_runs_no_check() -> None:
    """The store keeps what it is given: the readers and the checks are the importer's (form4viewer/importer.py)."""
    assert {"readers", "checks", "importer"} & _relative_imports(PACKAGE / "store.py") == set()
    assert {"readers", "checks"} <= _relative_imports(PACKAGE / "importer.py")
    # The package's own `read` (form4viewer/__init__.py) loads the readers' package: only what the store adds counts.
    code = (
        "import sys\n"
        "import form4viewer\n"
        "before = set(sys.modules)\n"
        "import form4viewer.store, form4viewer.codec\n"
        "print(sorted(m for m in set(sys.modules) - before\n"
        "             if m.startswith(('form4viewer.readers', 'form4viewer.checks'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
