"""Hidden characters written out so that what shows is what is stored."""

from __future__ import annotations

import pytest

from form4viewer.display import describe, hidden_characters, in_place, markup_in_place, visible


def test_visible_writes_out_bidirectional_zero_width_and_control_characters() -> None:
    assert visible("\u202e.cnI ,elppA") == "\u27e8U+202E\u27e9.cnI ,elppA"
    assert visible("a\u200bb\x07c\u2066d\u2069") == "a\u27e8U+200B\u27e9b\u27e8U+0007\u27e9c\u27e8U+2066\u27e9d\u27e8U+2069\u27e9"
    assert visible("Line one\nline\ttwo\r\n") == "Line one\nline\ttwo\r\n"  # ordinary white space stays
    assert visible("Société Générale") == "Société Générale"


def test_hidden_characters_are_listed_once_in_order_and_described_by_name() -> None:
    assert hidden_characters("\u202ea\u202e\x00b\ufeff") == ["\u202e", "\x00", "\ufeff"]
    assert describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert describe("\x07") == "U+0007"


@pytest.mark.parametrize(
    ("text", "shown"),
    [("a\u202eb", "a\u25c6b"), ("\x07\x0c\x7f", "\u2407\u240c\u2421"), ("\u00ad", "\u25c6"), ("tab\tok", "tab\tok")],
)
def test_in_place_marks_keep_the_length(text: str, shown: str) -> None:
    assert in_place(text) == shown and len(in_place(text)) == len(text)


@pytest.mark.parametrize(
    ("markup", "shown"),
    [("a&#8238;b", "a&#9670;b"), ("a&#x202e;b", "a&#x25C6;b"), ("&#x0202E;", "&#x025C6;"), ("&rlm;&lrm;", "&loz;&loz;"),
     ("&#8364; &#0065; &#x20AC;", "&#8364; &#0065; &#x20AC;"), ("<b>\u2067x</b>", "<b>\u25c6x</b>")],
)
def test_markup_in_place_swaps_references_to_hidden_characters_for_marks_of_the_same_length(
    markup: str, shown: str
) -> None:
    assert markup_in_place(markup) == shown and len(markup_in_place(markup)) == len(markup)
