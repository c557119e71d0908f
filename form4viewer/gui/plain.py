"""Filing text as Qt shows it: always as plain text, with hidden characters made visible.

Qt takes a tooltip, a message box's text or a label's text for rich text when it looks like markup
(`Qt.mightBeRichText`), and then lays it out: a security title `<img src="/dev/zero">` in a tooltip would make Qt
read /dev/zero. Every place of the window that shows text read from a file goes through here."""

from __future__ import annotations

import html

from PySide6.QtGui import Qt  # mightBeRichText lives with QtGui

from ..display import visible


def shown(text: str) -> str:
    """`text` for a plain-text place (a cell, a tab, a title): control, bidirectional and zero-width characters
    written out as `⟨U+202E⟩`, so that what shows is what is stored."""
    return visible(text)


def escaped(text: str) -> str:
    """`text` made visible and escaped, for a piece of a rich-text tooltip the window writes itself."""
    return html.escape(visible(text), quote=False)


def tip(text: str) -> str:
    """A tooltip (or message box text) that shows `text` as it is: unchanged when Qt would take it for plain text,
    else escaped inside a paragraph that keeps its line breaks."""
    text = visible(text)
    if not Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
