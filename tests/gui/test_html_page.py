"""A saved EDGAR page is shown laid out as the page, and each value's span in the markup is highlighted on it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from form4viewer.gui.html_view import HtmlSourceView, PageMap, visible_characters
from form4viewer.readers import decode_text, read
from form4viewer.sources import TextSpan

from .conftest import SAMPLE_FILES, open_and_wait

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


def test_visible_characters_leave_out_markup_scripts_styles_and_the_title() -> None:
    markup = ("<html><head><title>Form 4</title><style>td {color: red}</style><script>var x = 1;</script></head>"
              "<body><!-- saved --><td>A &amp; B</td><td>&#49;0</td></body></html>")
    chars, offsets = visible_characters(markup)
    assert chars == "A&B10"
    assert [markup[offset] for offset in offsets] == ["A", "&", "B", "&", "0"]  # an entity's character: its "&"
    assert offsets[1] == markup.index("&amp;")


def test_a_span_inside_a_link_address_shows_as_the_link_text() -> None:
    markup = '<p><a href="browse?CIK=0001234567">Doe Jane</a> owns</p>'
    shown = "Doe Jane owns"
    page = PageMap(markup, shown)
    cik = markup.index("0001234567")
    start, end = page.to_view(TextSpan(cik, cik + 10)) or (0, 0)
    assert shown[start:end] == "Doe Jane"
    name = markup.index("Doe")
    assert page.to_view(TextSpan(name, name + 8)) == (0, 8)
    assert page.to_source(4) == markup.index("Jane")


def _shown_matches_markup(view: HtmlSourceView, markup: str, span: TextSpan) -> bool:
    assert view.highlight_span(span)
    start, end = view.highlighted_range or (0, 0)
    shown = _SPACE.sub("", view.toPlainText()[start:end])
    import html

    return shown == _SPACE.sub("", html.unescape(_TAG.sub("", markup[span.start:span.end])))


def test_every_value_of_the_sample_page_is_highlighted_on_the_laid_out_page(qtbot) -> None:
    view = HtmlSourceView()
    qtbot.addWidget(view)
    path = SAMPLE_FILES["html"]
    markup = decode_text(path.read_bytes())
    view.set_source(markup)
    assert view.map is not None and view.map.matched == view.map.total  # every shown character found
    spans = [value.source for _, value in read(path).values() if isinstance(value.source, TextSpan)]
    assert len(spans) >= 25
    in_text = [span for span in spans if markup.rfind("<", 0, span.start) < markup.rfind(">", 0, span.start)]
    assert all(_shown_matches_markup(view, markup, span) for span in in_text)


@pytest.mark.corpus
def test_values_of_every_corpus_page_are_highlighted_where_the_page_shows_them(qtbot, corpus: Path) -> None:
    view = HtmlSourceView()
    qtbot.addWidget(view)
    files = sorted((corpus / "html").glob("*.htm*")) + sorted((corpus / "rendered").glob("*.html"))
    assert len(files) > 100
    checked = 0
    for path in files:
        markup = decode_text(path.read_bytes())
        view.set_source(markup)
        assert view.map is not None and view.map.matched == view.map.total, path.name
        for name, value in read(path).values():
            span = value.source
            if not isinstance(span, TextSpan) or markup.rfind("<", 0, span.start) > markup.rfind(">", 0, span.start):
                continue  # read from inside a tag (a link's address): shown as the link's text, tested above
            assert _shown_matches_markup(view, markup, span), (path.name, name)
            checked += 1
    assert checked > 7000


def test_clicking_a_value_on_the_page_selects_its_field(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["html"])
    page = window.source.page
    span = window.document.value("issuer.trading_symbol").source
    assert isinstance(span, TextSpan) and page.highlight_span(span)
    window.document.select("issuer.name")
    start, _ = page.highlighted_range or (0, 0)
    page.clear_highlight()
    symbol_start, symbol_end = page.map.to_view(span) if page.map else (0, 0)
    cursor = page.textCursor()
    cursor.setPosition(symbol_start + 1)
    point = page.cursorRect(cursor).center()
    QTest.mouseClick(page.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert window.document.current_path == "issuer.trading_symbol"
    assert page.toPlainText()[symbol_start:symbol_end] == "EVBN"


def test_the_markup_can_be_shown_instead_of_the_page_and_back(qtbot, window) -> None:
    open_and_wait(qtbot, window, SAMPLE_FILES["html"])
    window.document.select("reporting_owners[0].name")
    window.source.page.markupRequested.emit()
    assert window.source.kind == "text" and "<td" in window.source.text.toPlainText()
    start, end = window.source.text.highlighted_range
    assert window.source.text.toPlainText()[start:end] == "SULLIVAN NORA B"
    window.source.text.pageRequested.emit()
    assert window.source.kind == "page"
    start, end = window.source.page.highlighted_range
    assert window.source.page.toPlainText()[start:end] == "SULLIVAN NORA B"


def test_where_qt_shows_a_page_differently_its_characters_are_aligned() -> None:
    markup = "<p>Owner: <b>Doe Jane</b></p><p>Shares 1,000</p>"
    shown = "Owner: Doe Jane\n\u2022 Shares 1,000"  # a bullet the markup does not have
    page = PageMap(markup, shown)
    assert page.matched == page.total
    start = markup.index("1,000")
    view = page.to_view(TextSpan(start, start + 5))
    assert view is not None and shown[view[0]:view[1]] == "1,000"


# The expressions visible_characters used before it scanned by hand; its results must not change on any page.
_OLD_HIDDEN = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|title)\b[^>]*>.*?(?:</\1\s*>|$)|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^>]*>",
    re.DOTALL | re.IGNORECASE,
)


def _old_hidden_spans(markup: str) -> list[tuple[int, int]]:
    return [m.span() for m in _OLD_HIDDEN.finditer(markup)]


@pytest.mark.parametrize("markup", [
    "<p>a</p><!-- x --><script>if (a<b) x()</script><SCRIPT x>y</script >z<title>t</TITLE>",
    "a < b <3 <!x> <?y?> </ a> <scripts>k</scripts> <style>s", "<!-- open\n", "<a<a<a b>c", "&#65;&amp &#x41;",
])
def test_hidden_markup_is_found_where_the_old_expression_found_it(markup: str) -> None:
    from form4viewer.gui.html_view import hidden_spans

    assert list(hidden_spans(markup)) == _old_hidden_spans(markup)


@pytest.mark.corpus
def test_hidden_markup_of_every_corpus_page_is_found_where_the_old_expression_found_it(corpus: Path) -> None:
    from form4viewer.gui.html_view import hidden_spans

    files = sorted((corpus / "html").glob("*.htm*")) + sorted((corpus / "rendered").glob("*.html"))
    for path in [*files, SAMPLE_FILES["html"]]:
        markup = decode_text(path.read_bytes())
        assert list(hidden_spans(markup)) == _old_hidden_spans(markup), path.name


@pytest.mark.parametrize("unit", ["<a", "<!--", "<script", "&#", "&", " ", "\t", "color=", "<script>x</script"])
def test_visible_characters_of_a_hostile_page_take_time_in_proportion_to_its_length(unit: str) -> None:
    import time

    from form4viewer.gui.html_view import neutralised

    def seconds(count: int) -> float:
        # CPU time of this process, best of three: other work on the machine neither adds to it nor, by chance,
        # to one of the two sizes only (wall-clock time did, on a machine running another job beside the suite).
        markup = unit * count
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            visible_characters(markup)
            neutralised(markup)
            best = min(best, time.process_time() - start)
        return best

    small, large = seconds(50_000), seconds(100_000)
    assert large < 3 * small + 0.05, f"{unit!r} * 100,000: {large:.2f} s, * 50,000: {small:.2f} s"
    assert large < 5.0, f"{unit!r} * 100,000: {large:.2f} s"
