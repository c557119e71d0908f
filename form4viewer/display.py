"""Characters that change how text looks without being seen: control characters, bidirectional formatting
(U+202E makes ".cnI ,elppA" show as "Apple, Inc."), zero-width characters. A filing's values keep them as read;
the window and the checks make them visible, so that what a person sees is what is stored and exported."""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional formatting characters: embeddings, overrides, isolates and the marks.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Characters that take no room on screen: zero-width space, joiners, word joiner, invisible operators, BOM.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e")

# C0 and C1 controls except tab, line feed and carriage return, which values legitimately hold (footnotes, remarks).
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS | ZERO_WIDTH)) + "]"
)


def hidden_characters(text: str) -> list[str]:
    """The characters of `text` that do not show as themselves, each once, in the order found."""
    seen: dict[str, None] = {}
    for m in _HIDDEN.finditer(text):
        seen.setdefault(m.group(0))
    return list(seen)


def describe(ch: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character's code point and, where Unicode has one, its name."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()


def visible(text: str) -> str:
    """`text` with each hidden character written out as `⟨U+202E⟩`, so that it shows and cannot reorder or hide the
    text around it. Text without such characters is returned as it is."""
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(lambda m: f"\u27e8U+{ord(m.group(0)):04X}\u27e9", text)
