"""How a field shows what a person should know about it: flagged by a check, corrected by hand, read with low
confidence, or not in the source at all (the file it was read from lost it). One colour and one small icon per state, used by the tables and the header fields alike."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from ..model import Confidence, Value, format_value, not_in_source
from ..sources import describe
from . import plain

#: Background and icon colours of each state, worst first.
STATES: dict[str, tuple[str, str]] = {
    "error": ("#fbdcdc", "#c62828"),
    "warning": ("#fdebc8", "#e08a00"),
    "corrected": ("#dcebfb", "#1565c0"),
    "low": ("#fff6bf", "#9a7d00"),
    "info": ("#e8eef3", "#546e7a"),
    "lost": ("#ececec", "#616161"),
}

STATE_NAMES = {
    "error": "Error found by a check",
    "warning": "Warning from a check",
    "corrected": "Corrected by hand",
    "low": "Read with low confidence",
    "info": "Note from a check",
    "lost": "Not in the source: the file it was read from does not show it",
}


def state_of(value: Value | None, severity: str | None) -> str | None:
    """The one state a field shows: not in the source (which no other check then speaks of), a check's error or
    warning, then a correction, then low confidence."""
    if value is not None and not_in_source(value):
        return "lost"
    if severity in ("error", "warning"):
        return severity
    if value is not None and value.corrected:
        return "corrected"
    if value is not None and value.confidence < Confidence.DOUBTFUL and not value.empty:
        return "low"
    if severity == "info":
        return "info"
    return None


def background(state: str | None) -> QBrush | None:
    if state is None:
        return None
    return QBrush(QColor(STATES[state][0]))


@cache
def icon(state: str) -> QIcon:
    """A small drawn icon per state (drawn rather than loaded so that nothing depends on an icon theme)."""
    colour = QColor(STATES[state][1])
    result = QIcon()
    for size in (16, 32):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = size / 16
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        glyph = {"error": "!", "warning": "!", "corrected": "✎", "low": "?", "info": "i", "lost": "∅"}[state]
        if state == "warning":
            tri = QPolygonF([QPointF(8 * s, 1 * s), QPointF(15.5 * s, 14.5 * s), QPointF(0.5 * s, 14.5 * s)])
            path = QPainterPath()
            path.addPolygon(tri)
            p.drawPath(path)
            text_rect = QRectF(0, 4 * s, 16 * s, 11 * s)
        else:
            p.drawEllipse(QRectF(1 * s, 1 * s, 14 * s, 14 * s))
            text_rect = QRectF(0, 0, 16 * s, 16 * s)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(11 * s))
        p.setFont(font)
        p.setPen(QPen(QColor("white")))
        p.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, glyph)
        p.end()
        result.addPixmap(pm)
    return result


def tooltip(label: str, value: Value | None, problems: list[Any]) -> str:
    """What a field's tooltip says: its name, the raw text read and where, corrections, and the checks' findings."""
    lines = [f"<b>{_esc(label)}</b>"]
    if value is not None and not_in_source(value):
        lines.append("Not in the source: the file this filing was read from does not show it (the filer did not "
                     "leave it empty). Look it up in the filing on EDGAR.")
        if value.source is not None:
            lines.append(f"Where it would stand: {_esc(describe(value.source))}")
    elif value is not None:
        read = value.as_read()
        if read.raw is not None:
            lines.append(f"Read: “{_esc(read.raw)}”")
        elif read.value is not None:
            lines.append(f"Read: {_esc(format_value(read.value) or '')}")
        lines.append(f"From: {_esc(describe(read.source))}")
        if read.confidence < 1.0:
            lines.append(f"Confidence: {read.confidence:.0%}")
        if value.corrected:
            was = format_value(read.value) or "(empty)"
            lines.append(f"<span style='color:{STATES['corrected'][1]}'>Corrected by hand; was {_esc(was)}</span>")
        if value.footnotes:
            lines.append("Footnotes: " + _esc(", ".join(value.footnotes)))
    for problem in problems:
        if getattr(problem, "rule", "") == "not-in-source":
            continue  # said above, in the field's own words
        colour = STATES.get(problem.severity, STATES["info"])[1]
        lines.append(f"<span style='color:{colour}'>{_esc(problem.severity.title())}: {_esc(problem.message)}</span>")
    return "<br>".join(lines)


def _esc(text: str) -> str:
    return plain.escaped(text)
