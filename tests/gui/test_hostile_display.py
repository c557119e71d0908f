"""Filing text is shown as plain text everywhere in the window, with hidden characters written out: a filing whose
every text value is markup opens, and no widget, cell, header, tab or tooltip would lay that markup out."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QTabBar, QToolTip, QWidget

from form4viewer.gui.plain import tip
from form4viewer.model import Kind, field_spec

from .conftest import SAMPLE_FILES, open_and_wait

MARKUP = '<img src="/dev/zero"><b>X</b><a href="file:///etc/passwd">y</a>'


def _rich_with_markup(text: object) -> bool:
    """Text Qt would lay out as rich text, in which the markup would be tags rather than characters."""
    if not isinstance(text, str) or not text:
        return False
    from PySide6.QtGui import Qt as GuiQt

    if not GuiQt.mightBeRichText(text):
        return False
    document = QTextDocument()
    document.setHtml(text)
    return "<img" in text and "<img" not in document.toPlainText()


def _texts_of_model(model: QAbstractItemModel) -> list[tuple[str, object]]:
    """(where, text) of every header and cell: display texts (drawn as plain text) and tooltips (rich if they look
    it)."""
    texts: list[tuple[str, object]] = []
    for column in range(model.columnCount()):
        texts.append(("header", model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)))
        texts.append(("header tooltip", model.headerData(column, Qt.Orientation.Horizontal,
                                                         Qt.ItemDataRole.ToolTipRole)))
    for row in range(model.rowCount()):
        texts.append(("row tooltip", model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)))
        for column in range(model.columnCount()):
            index = model.index(row, column)
            texts.append(("cell", index.data(Qt.ItemDataRole.DisplayRole)))
            texts.append(("cell tooltip", index.data(Qt.ItemDataRole.ToolTipRole)))
    return texts


#: Places Qt always draws as plain text (a rich-looking text there shows its tags as characters).
PLAIN_PLACES = ("window title", "header", "cell", "tab")


def _mark_every_text_value(window) -> int:  # type: ignore[no-untyped-def]
    changed = 0
    for path, _value in list(window.document.filing.values()):
        try:
            if field_spec(path).kind is Kind.TEXT:
                window.document.set_value(path, MARKUP)
                changed += 1
        except (KeyError, ValueError):
            continue
    return changed


def test_a_filing_whose_every_text_is_markup_shows_nowhere_as_rich_text(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    assert _mark_every_text_value(window) > 10
    QApplication.processEvents()
    found: list[tuple[str, object]] = [("window title", window.windowTitle())]
    for widget in window.findChildren(QWidget):
        found.append((f"tooltip of {widget.objectName() or type(widget).__name__}", widget.toolTip()))
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            found.append(("label", widget.text()))
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                found += [("tab", widget.tabText(i)), ("tab tooltip", widget.tabToolTip(i))]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            found += _texts_of_model(widget.model())
    shown = [text for _, text in found if isinstance(text, str) and MARKUP in text or "&lt;img" in str(text)]
    assert shown, "the markup shows somewhere (as text)"
    rich = [(where, text) for where, text in found if where not in PLAIN_PLACES and _rich_with_markup(text)]
    assert rich == [], f"{SAMPLE_FILES['xml']}: filing text laid out as rich text: {rich[:3]}"


def test_hovering_a_problem_quoting_markup_shows_it_as_text(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    window.document.set_value("non_derivative_transactions[0].security_title", MARKUP)
    window.document.set_value("non_derivative_transactions[0].shares", None)
    view = window.problems.view
    model = view.model()
    rows = range(model.rowCount())
    tips = [model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole) for row in rows]
    assert tips and not any(_rich_with_markup(t) for t in tips), f"{SAMPLE_FILES['xml']}: {tips[:2]}"
    window.problems_dock.show()
    view.show()
    qtbot.waitExposed(view)
    for row in rows:  # as a person hovering each row would
        rect = view.visualRect(model.index(row, 2))
        event = QHelpEvent(QHelpEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center()))
        QApplication.sendEvent(view.viewport(), event)
        QApplication.processEvents()
    QToolTip.hideText()
    assert tip(MARKUP).startswith("<p") and "&lt;img" in tip(MARKUP)
    assert QPoint  # the view survived every tooltip


def test_hidden_characters_show_as_markers_while_the_filing_keeps_them(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["xml"])
    tricky = "\u202e.cnI ,elppA\u200b\u0007"
    window.document.set_value("issuer.name", tricky)
    window.document.set_value("non_derivative_transactions[0].security_title", tricky)
    field = window.filing_pane.header.fields["issuer.name"]
    window.setFocus()
    field.refresh()
    assert field.text() == "⟨U+202E⟩.cnI ,elppA⟨U+200B⟩⟨U+0007⟩"
    model = window.filing_pane.tables["non_derivative_transactions"].model
    cell = model.index_of("non_derivative_transactions[0].security_title")
    assert model.data(cell, Qt.ItemDataRole.DisplayRole) == "⟨U+202E⟩.cnI ,elppA⟨U+200B⟩⟨U+0007⟩"
    assert model.data(cell, Qt.ItemDataRole.EditRole) == tricky  # the cell's editor edits the stored text
    assert window.document.value("issuer.name").text == tricky
    # A person clicks into the field and types one more character: what is saved is the stored text and it.
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    assert field.text() == tricky
    field.end(False)
    qtbot.keyClicks(field, "X")
    assert window.document.value("issuer.name").text == tricky + "X"
    window.setFocus()
    field.clearFocus()
    qtbot.waitUntil(lambda: not field.hasFocus())
    assert field.text().startswith("⟨U+202E⟩")
