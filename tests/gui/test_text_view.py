"""The text source view: offsets the readers give (characters of the decoded file, `\\r\\n` counted as two, a
character outside the Basic Multilingual Plane as one) land on the same characters in the view."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from form4viewer.gui.source_view import MAX_HIGHLIGHTED, TextSourceView
from form4viewer.sources import TextSpan


def _selected(view: TextSourceView) -> str:
    start, end = view.highlighted_range or (0, 0)
    return view.document().toPlainText().replace("\u2029", "\n")[start:end]


def test_spans_after_crlf_lines_and_wide_characters_highlight_their_own_characters(qtbot: QtBot) -> None:
    view = TextSourceView()
    qtbot.addWidget(view)
    text = "Name:\r\n\U0001d400 DOE JOHN\r\nAmount: 1,000\rPrice \U0001f600 $5.25\r\n"
    view.set_source(text)
    shown = view.document().toPlainText()
    for word in ("DOE JOHN", "1,000", "$5.25"):
        start = text.index(word)
        view.highlight_span(TextSpan(start, start + len(word)))
        start_view, end_view = view.highlighted_range or (0, 0)
        assert end_view - start_view == len(word)
        # Qt counts the wide characters as two units each
        assert shown.encode("utf-16-le")[2 * start_view:2 * end_view].decode("utf-16-le") == word
        assert view.to_source(start_view) == start


def test_long_markup_is_shown_without_colours_and_short_markup_with(qtbot: QtBot) -> None:
    view = TextSourceView()
    qtbot.addWidget(view)
    view.set_source("<value>1</value>\n" * 10, xml=True)
    assert view._highlighter is not None
    view.set_source("<value>1</value>\n" * (MAX_HIGHLIGHTED // 17 + 1), xml=True)
    assert view._highlighter is None
    assert view.document().blockCount() == MAX_HIGHLIGHTED // 17 + 2


def test_hidden_characters_show_as_marks_in_place_so_the_text_cannot_reorder(qtbot: QtBot) -> None:
    view = TextSourceView()
    qtbot.addWidget(view)
    text = "<issuerName>\u202e.cnI ,elppA</issuerName>\r\n<x>\u200b\x07</x>"
    view.set_source(text, xml=True)
    assert view.document().toPlainText() == "<issuerName>\u25c6.cnI ,elppA</issuerName>\n<x>\u25c6\u2407</x>"
    start = text.index(".cnI")
    view.highlight_span(TextSpan(start, start + len(".cnI ,elppA")))
    assert _selected(view) == ".cnI ,elppA"


def test_a_web_page_shows_hidden_characters_as_marks_and_keeps_its_highlights(qtbot: QtBot) -> None:
    from form4viewer.gui.html_view import HtmlSourceView

    view = HtmlSourceView()
    qtbot.addWidget(view)
    markup = "<html><body><p>Issuer: \u202e.cnI ,elppA</p><p>Owner: &#8238;kcuD&#x202E; Donald &rlm;</p></body></html>"
    view.set_source(markup)
    shown = view.document().toPlainText()
    assert "\u202e" not in shown and "\u200f" not in shown
    assert "Issuer: \u25c6.cnI ,elppA" in shown and "Owner: \u25c6kcuD\u25c6 Donald \u25ca" in shown
    start = markup.index("kcuD")
    assert view.highlight_span(TextSpan(start, start + 4))
    begin, end = view.highlighted_range or (0, 0)
    assert shown[begin:end] == "kcuD"


def test_a_text_that_keeps_its_printouts_layout_is_shown_unwrapped_and_running_text_wrapped(qtbot: QtBot) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QPlainTextEdit

    data = Path(__file__).parents[1] / "data" / "text"
    view = TextSourceView()
    qtbot.addWidget(view)
    # pdftotext -layout of an EDGAR Online printout: its columns stand where the page prints them.
    view.set_source((data / "laid_out" / "0000899243-21-035298.txt").read_text(encoding="utf-8"))
    assert view.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    view.set_source((data / "qualys-form4-2013.txt").read_text(encoding="utf-8"))
    assert view.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth
