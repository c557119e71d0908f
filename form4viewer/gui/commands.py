"""Undo commands. The model is immutable, so every command simply swaps one Filing for another; what differs is
how each describes itself and whether consecutive ones merge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from ..model import Filing

if TYPE_CHECKING:
    from .document import FilingDocument

#: `id()` of value edits; two consecutive edits merge only when they are to the same field.
EDIT_VALUE_ID = 4001


class ReplaceFilingCommand(QUndoCommand):
    """Replace the document's filing by `after`; undo puts `before` back. `path` is the field (or row) the change
    is about, selected again on undo and redo so the person sees what changed."""

    def __init__(self, document: FilingDocument, before: Filing, after: Filing, text: str, path: str = "") -> None:
        super().__init__(text)
        self.document = document
        self.before = before
        self.after = after
        self.path = path

    def redo(self) -> None:
        self.document.apply(self.after, self.path)

    def undo(self) -> None:
        self.document.apply(self.before, self.path)


class EditValueCommand(ReplaceFilingCommand):
    """A change to one field's value. Typing into one field several times in a row is one undo step."""

    def __init__(
        self, document: FilingDocument, before: Filing, after: Filing, text: str, path: str, merge: bool = True
    ) -> None:
        super().__init__(document, before, after, text, path)
        self.merge = merge

    def id(self) -> int:
        return EDIT_VALUE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditValueCommand) or other.path != self.path or not other.merge:
            return False
        self.after = other.after
        return True
