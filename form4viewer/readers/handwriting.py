"""Signatures written by hand on a scanned form.

OCR cannot read a signature written by hand: it finds no words in the ink, or reads it as a few letters it is unsure
of ("RL—NIoS XS" at a confidence of 0.01). Such a signature is still a signature: the filing keeps it as one whose
name is left empty for a person to read off the page (the checks then point at it), with its box on the ink, a low
confidence, and the text the engine made of it as what was read; its date, typed or written clearly, is read as it
is. The signature's place is the form's own: above the caption "Signature of Reporting Person", left of the
caption "Date" beside it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from .. import form
from ..model import Confidence, Filing, Signature, Value
from ..sources import PdfBox

#: Below this mean OCR confidence the words read where the signature stands are not a name but the engine's
#: guesses at ink (a typed "/s/" name reads at 0.9 and more; a hand's strokes at 0.3 and less).
READABLE_FROM = 0.5
#: From this OCR confidence a word is taken as printed, not written: its ink is no signature's.
PRINTED_FROM = 0.8
#: How far above its caption a signature stands, in points (a written signature rises above its line).
SIGNATURE_HEIGHT = 28.0
#: How far left of its caption a signature may start, in points (the caption is set under the middle of the line).
SIGNATURE_LEFT = 200.0
#: The least ink that is a signature, in square points: a stroke a point wide and a fifth of an inch long.
LEAST_INK = 15.0
#: A pixel darker than this is ink (the form's shading, at 220 and more, is paper).
INK_BELOW = 128


def ink_box(image: Any, dpi: float, box: tuple[float, float, float, float], page: Any = None,
            ) -> tuple[float, float, float, float] | None:
    """The box (points) around the ink inside `box` (x0, top, x1, bottom, points) of a page image, leaving out the
    form's rules (those of the layout `page` found, and rows or columns inked across most of the box) and the
    words the engine read surely there (printed ones: a heading, a date); None when there is less ink than a
    signature."""
    import numpy

    scale = dpi / 72
    x0, top, x1, bottom = (max(0, int(v * scale)) for v in box)
    grey = numpy.asarray(image)[top:bottom + 1, x0:x1 + 1]
    if not grey.size:
        return None
    ink = grey < INK_BELOW
    pad = max(2, int(scale))

    def clear(x_from: float, x_to: float, y_from: float, y_to: float) -> None:
        ink[max(int(y_from * scale) - top, 0):max(int(y_to * scale) - top + 1, 0),
            max(int(x_from * scale) - x0, 0):max(int(x_to * scale) - x0 + 1, 0)] = False

    for rule in getattr(page, "horizontal", ()):
        clear(rule.a, rule.b, rule.at - pad / scale, rule.at + pad / scale)
    for rule in getattr(page, "vertical", ()):
        clear(rule.at - pad / scale, rule.at + pad / scale, rule.a, rule.b)
    for word in getattr(page, "words", ()):
        if getattr(word, "confidence", 1.0) >= PRINTED_FROM or form.parse_date(word.text) is not None:
            clear(word.x0 - 1, word.x1 + 1, word.top - 1, word.bottom + 1)
    ink[ink.mean(axis=1) > 0.5, :] = False  # a rule across the line
    ink[:, ink.mean(axis=0) > 0.6] = False  # a rule down the side of a box
    if ink.sum() < LEAST_INK * scale * scale:
        return None
    rows, columns = numpy.nonzero(ink)
    return (round((x0 + int(columns.min())) / scale, 2), round((top + int(rows.min())) / scale, 2),
            round((x0 + int(columns.max()) + 1) / scale, 2), round((top + int(rows.max()) + 1) / scale, 2))


def signed_by_hand(filing: Filing, pages: Sequence[Any]) -> tuple[Filing, list[str]]:
    """The filing with each signature written by hand kept as one (see the module's text), and a note for each.
    `pages` are the scan's pages as read (`scan.ScanPage`: the layout page, its image and its resolution)."""
    signatures = list(filing.signatures)
    notes: list[str] = []
    for scanned in pages:
        page = scanned.page
        if scanned.image is None:
            continue
        for line in page.lines:
            if not form.is_signature_caption(line.text):
                continue
            caption = next((w for w in line.words if "signature" in w.text.lower()), line.words[0])
            date_caption = next((w for ln in page.lines for w in ln.words
                                 if w.text == "Date" and w.x0 > caption.x1 and abs(w.top - line.top) < 14), None)
            # The signature stands on the rule the caption is set under (or just above the caption), and ends
            # where its date, or the date's caption, starts.
            rules = [r.at for r in page.horizontal if line.top - 14 <= r.at <= line.top + 2 and r.a <= caption.x0 <= r.b]
            bottom = min(rules) + 1 if rules else line.top - 3
            top = bottom - SIGNATURE_HEIGHT
            right = date_caption.x0 - 4 if date_caption else min(page.width, caption.x1 + SIGNATURE_LEFT)
            dates = [w for w in page.words if top <= w.middle <= bottom and form.parse_date(w.text) is not None]
            right = min([right, *(w.x0 - 2 for w in dates if w.x0 > caption.x0)])
            place = (max(0.0, caption.x0 - SIGNATURE_LEFT), top, right, bottom)
            words = [w for w in page.words if place[0] <= w.center <= place[2] and place[1] <= w.middle <= place[3]
                     and form.parse_date(w.text) is None]
            if words and sum(getattr(w, "confidence", 1.0) for w in words) / len(words) >= READABLE_FROM:
                continue  # a name the engine could read: typed, or written clearly
            ink = ink_box(scanned.image, scanned.dpi, place, page)
            if ink is None:
                continue  # nothing written: not signed here
            name = Value(None, raw=" ".join(w.text for w in words) or None, source=PdfBox(page.number, *ink),
                         confidence=Confidence.LOW)
            index = next((i for i, s in enumerate(signatures) if _stands_at(s, page.number, place)), None)
            if index is None:
                signatures.append(Signature(name=name))
            else:
                signatures[index] = dataclasses.replace(signatures[index], name=name)
            notes.append(f"the signature on page {page.number} is written by hand: its name is left for a person to "
                         "read off the page")
    if not notes:
        return filing, notes
    return dataclasses.replace(filing, signatures=tuple(signatures)), notes


def _stands_at(signature: Signature, page: int, place: tuple[float, float, float, float]) -> bool:
    """The signature's name or date was read on `page` on the line of the signature's `place`."""
    for value in (signature.name, signature.date):
        box = value.source
        if isinstance(box, PdfBox) and box.page == page and place[1] - 10 <= (box.top + box.bottom) / 2 <= place[3] + 1:
            return True
    return False
