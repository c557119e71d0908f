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


def _mark(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures: ␀ ␇ ␌ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\u25c6"  # ◆ for the invisible formatting characters


def in_place(text: str) -> str:
    """`text` with each hidden character replaced by one visible character (a control picture such as ␇, else ◆):
    the same length, so that offsets into the text still point at the same places (the source views use it)."""
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(lambda m: _mark(m.group(0)), text)


# A character reference to a hidden character, in as many digits as the reference to ◆ (U+25C6) takes, so that it
# can be swapped in place; shorter ones name control characters a page shows as nothing, and no reordering one.
_REFERENCE = re.compile(r"&#(?:[xX](0*[0-9A-Fa-f]{4})|(0*[0-9]{4}));|&(lrm|rlm);")


def _reference_mark(m: re.Match[str]) -> str:
    if m.group(3):
        return "&loz;"  # ◊, as long as &lrm; and &rlm;
    digits = m.group(1) or m.group(2)
    code = int(digits, 16 if m.group(1) else 10)
    if code > 0x10FFFF or not _HIDDEN.fullmatch(chr(code)):
        return m.group(0)
    mark = format(0x25C6, "X") if m.group(1) else str(0x25C6)
    return m.group(0).replace(digits, mark.rjust(len(digits), "0"), 1)


def markup_in_place(markup: str) -> str:
    """`in_place` for a web page's markup: hidden characters, written as themselves or as character references,
    become ◆ (or ◊) in the same number of characters, so that offsets into the markup still hold."""
    return _REFERENCE.sub(_reference_mark, in_place(markup))
