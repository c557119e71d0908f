"""The form is described once: the readers take its captions, column numbers and labels, check-box marks and
address parsers from form4viewer/form.py, and the confidence scale is named once, in model.Confidence."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from form4viewer import form
from form4viewer.model import Confidence

PACKAGE = Path(__file__).resolve().parents[1] / "form4viewer"
#: The readers of printed forms (ownership XML and submissions name no caption).
READERS = ["pdf", "pdf_form", "pdf_layout", "html", "text", "row_kinds"]

#: Words of the form's captions that only form.py may write down: box captions, Table I/II column captions, the
#: Reporting Owners table's and the signature block's captions, box 6's choices.
CAPTION_WORDS = [
    "name and address of reporting person", "issuer name and ticker", "relationship of reporting person",
    "individual or joint", "form filed by", "if amendment", "date of earliest transaction",
    "date of event requiring", "title of derivative security", "title of security", "conversion or exercise price",
    "deemed execution", "beneficially owned following", "securities beneficially owned", "nature of indirect",
    "ownership form", "date exercisable", "price of derivative", "amount or number of shares",
    "reporting owner name", "signature of reporting person", "no securities", "(street)", "(city)", "(last)",
]


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module but its docstrings and the `what=` names that notes give a field."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg == "what":
            skip.update(id(n) for n in ast.walk(node.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]


def _plain(text: str) -> str:
    """A caption as a regular expression writes it, read as words ("Name\\s*and" -> "name and")."""
    return " ".join(re.sub(r"\\s[*+?]?|\\b|\?:", " ", text).lower().split())


@pytest.mark.parametrize("reader", READERS)
def test_a_reader_writes_down_no_caption_of_the_form(reader: str) -> None:
    found = [f"{reader}.py:{line}: {text[:80]!r}" for line, text in _strings(PACKAGE / "readers" / f"{reader}.py")
             for word in CAPTION_WORDS if word in _plain(text)]
    assert found == []


def test_the_scan_finds_a_caption_where_one_is_written(tmp_path: Path) -> None:
    # The scan above must be able to fail: a caption written as a regular expression is seen.
    module = tmp_path / "m.py"
    module.write_text('"""Doc: Name and Address of Reporting Person."""\nimport re\n'
                      'BOX = re.compile(r"^1\\.\\s*Name\\s*and\\s*Address of Reporting Person")\n', encoding="utf-8")
    texts = [t for _, t in _strings(module)]
    assert [w for t in texts for w in CAPTION_WORDS if w in _plain(t)] == ["name and address of reporting person"]


@pytest.mark.parametrize("reader", READERS)
def test_a_reader_numbers_no_column_and_parses_no_address_itself(reader: str) -> None:
    source = (PACKAGE / "readers" / f"{reader}.py").read_text(encoding="utf-8")
    assert "Column(" not in source  # the numbered columns are form.T1_TRANSACTIONS ... form.T2_FORM3
    assert "def column_kind" not in source and "def column_field" not in source
    # A ZIP code written as a pattern, or a state list, is an address parser of its own.
    assert not re.search(r"\\d\{5\}|\bUS_STATES\s*=", source)


def test_every_reader_takes_its_column_map_from_the_form() -> None:
    from form4viewer.readers import pdf, pdf_form, text

    assert pdf.T1_TRANSACTIONS is form.T1_TRANSACTIONS and pdf.T2_FORM3 is form.T2_FORM3
    assert text._COLUMNS is form.CAPTION_COLUMNS and text._PRE2003 is form.PRE2003_COLUMNS
    assert pdf_form.column_field is form.column_field and pdf_form.BOX_LABELS is form.FILLABLE_BOX_LABELS
    html_source = (PACKAGE / "readers" / "html.py").read_text(encoding="utf-8")
    assert "columns.append(column_field(labels))" in html_source


def test_the_numbered_columns_cover_every_field_of_a_row_once() -> None:
    from form4viewer.model import TABLE_FIELDS

    # Form 4 Table I numbers 1, 2, 2A, 3 .. 7; Table II 1, 2, 3, 3A, 4 .. 11; Form 3's tables 1 .. 4 and 1 .. 6.
    assert [c.number for c in form.T1_TRANSACTIONS] == ["1", "2", "2A", "3", "4", "5", "6", "7"]
    assert [c.number for c in form.T2_TRANSACTIONS] == ["1", "2", "3", "3A", *map(str, range(4, 12))]
    assert [c.number for c in form.T1_FORM3] == ["1", "2", "3", "4"]
    assert [c.number for c in form.T2_FORM3] == ["1", "2", "3", "4", "5", "6"]
    for table in (form.T1_TRANSACTIONS, form.T1_FORM3, form.T2_FORM3):
        fields = [f for column in table for f in column.fields]
        assert len(fields) == len(set(fields))
    every = {f for fields in TABLE_FIELDS.values() for f in fields}
    assert {f for c in form.T2_FORM3 for f in c.fields} <= every


@pytest.mark.parametrize(("labels", "field"), [
    # As EDGAR's stylesheet and the fillable form label the columns.
    (["1. Title of Security (Instr. 3)"], "security_title"),
    (["2A. Deemed Execution Date, if any (Month/Day/Year)"], "deemed_execution_date"),
    (["3. Transaction Code (Instr. 8)", "Code"], "code"),
    (["3. Transaction Code (Instr. 8)", "V"], "v"),
    (["4. Securities Acquired (A) or Disposed Of (D) (Instr. 3, 4 and 5)", "(A) or (D)"], "acquired_disposed"),
    (["5. Number of Derivative Securities Acquired (A) or Disposed of (D) (Instr. 3, 4 and 5)", "(D)"], "amount_d"),
    (["6. Date Exercisable and Expiration Date (Month/Day/Year)", "Expiration Date"], "expiration_date"),
    (["7. Title and Amount of Securities Underlying Derivative Security (Instr. 3 and 4)",
      "Amount or Number of Shares"], "underlying_amount"),
    (["3. Ownership Form: Direct (D) or Indirect (I) (Instr. 5)"], "direct_or_indirect"),
    (["3. Ownership From: Direct (D) or Indirect (I) (Instr. 5)"], "direct_or_indirect"),  # Form 3's misprint
    (["Remarks:"], None),
])
def test_a_column_is_known_by_its_caption(labels: list[str], field: str | None) -> None:
    assert form.column_field(labels) == field


@pytest.mark.parametrize(("line", "parts"), [
    ("NEW YORK,\u00a0NY\u00a010022", ("NEW YORK", "NY", "10022")),
    ("BOSTON,\u00a0\u00a002110", ("BOSTON", "", "02110")),  # the state left blank
    ("\u00a0CA", (None, "", "CA")),
    ("NEW YORK, NY 10022", None),  # no no-break space: a line for parse_city_line
])
def test_a_stylesheet_city_line_is_split_at_its_no_break_spaces(line: str, parts: tuple | None) -> None:
    split = form.split_city_line(line)
    if parts is None:
        assert split is None
        return
    assert split is not None
    assert tuple(line[s[0]:s[1]].strip() if s is not None else None
                 for s in (split.city, split.state, split.zip_code)) == parts


# ---- one confidence scale ----------------------------------------------------------------------------------------


#: Names a module would give a confidence level or threshold of its own.
LEVEL_NAMES = re.compile(r"CONFIDENCE|^(?:SURE|READ|GUESS|INFERRED|LOST|WRAPPED|SPLIT|UNPARSED|CUT|MERGED|PLACED|"
                         r"DOUBTFUL|LOW|HIGH|FROM_[A-Z_]+)$")


def _own_confidences(path: Path) -> list[str]:
    """Confidence numbers a module writes down itself: a level or threshold named as one and given as a number
    between 0 and 1, a `confidence=` given as a number, a confidence compared with a number."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def number(node: ast.AST) -> bool:
        return isinstance(node, ast.Constant) and isinstance(node.value, float) and 0 < node.value < 1

    found = []
    for node in tree.body:
        names = [ast.unparse(t) for t in (node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)])
                 if t is not None] if isinstance(node, (ast.Assign, ast.AnnAssign)) else []
        if names and node.value is not None and number(node.value) and any(LEVEL_NAMES.search(n) for n in names):
            found.append(f"{path.name}:{node.lineno}")
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "confidence" and number(node.value):
            found.append(f"{path.name}:{node.value.lineno}")
        if isinstance(node, ast.Compare) and "confidence" in ast.unparse(node) and any(
                number(n) for n in [node.left, *node.comparators]):
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_module_but_the_model_writes_down_a_confidence_of_its_own() -> None:
    # The OCR modules compare the engine's own confidence (0 to 100, or 0 to 1) before putting it on the scale.
    modules = [p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "model.py"
               and not (p.parent.name == "readers" and p.name in ("ocr.py", "scan.py"))]
    found = [hit for path in modules for hit in _own_confidences(path)]
    assert found == []


def test_the_confidence_scan_finds_a_threshold_of_its_own(tmp_path: Path) -> None:
    module = tmp_path / "window.py"
    module.write_text("LOW_CONFIDENCE = 0.8\nSPACING = 0.6\n\n\ndef marked(value):\n"
                      "    return value.confidence < 0.5\n", encoding="utf-8")
    assert _own_confidences(module) == ["window.py:1", "window.py:6"]


def test_the_window_and_the_checks_use_the_same_thresholds() -> None:
    from form4viewer import checks

    assert Confidence.LOW < Confidence.DOUBTFUL <= Confidence.NEARLY < Confidence.SURE < Confidence.EXACT == 1.0
    assert not hasattr(checks, "LOW_CONFIDENCE") and not hasattr(checks, "DOUBTFUL_CONFIDENCE")
    marks = (PACKAGE / "gui" / "marks.py").read_text(encoding="utf-8")
    assert "Confidence.DOUBTFUL" in marks and "LOW_CONFIDENCE" not in marks
