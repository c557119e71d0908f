"""The review queue in the window, and the line that names an amendment's original (or an original's amendment).

"Mark Reviewed and Open Next" saves the open filing if it has unsaved corrections, marks it reviewed in the
database (who and when) and opens the next filing still to review in the Library's list as it is sorted and
filtered (`review.next_to_review`); when none is left it says the batch is done. The walking and the pairing are
Qt-free (`form4viewer.review`); this module only wires them to the window.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStyle, QToolBar, QVBoxLayout, QWidget

from ..errors import StoreError
from ..review import REVIEWED, TO_REVIEW, next_to_review
from . import plain

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

#: The shortcut of "Mark Reviewed and Open Next".
NEXT_SHORTCUT = "Ctrl+Return"


class AmendmentBanner(QWidget):
    """A line above the source and the filing when the Library holds the other half of an amendment pair: what
    the open filing amends or is amended by, with a button that opens it."""

    openRequested = Signal(int)  # noqa: N815 - filing id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendment-banner")
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # names come from the filing
        self.label.setWordWrap(True)
        self.open_original = QPushButton("Open the Original", self)
        self.open_original.setObjectName("open-original")
        self.open_amendment = QPushButton("Open the Amendment", self)
        self.open_amendment.setObjectName("open-amendment")
        self.original_id: int | None = None
        self.amendment_id: int | None = None
        self.open_original.clicked.connect(lambda: self._open(self.original_id))
        self.open_amendment.clicked.connect(lambda: self._open(self.amendment_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.open_original)
        layout.addWidget(self.open_amendment)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.palette().ColorRole.ToolTipBase)
        self.label.setForegroundRole(self.palette().ColorRole.ToolTipText)
        self.hide()

    def _open(self, filing_id: int | None) -> None:
        if filing_id is not None:
            self.openRequested.emit(filing_id)

    def show_pair(self, text: str, original: int | None, amendment: int | None) -> None:
        """Say `text`, with a button for each of `original` and `amendment` given; hidden when `text` is empty."""
        self.original_id, self.amendment_id = original, amendment
        self.label.setText(plain.shown(text))
        self.open_original.setVisible(original is not None)
        self.open_amendment.setVisible(amendment is not None)
        self.setVisible(bool(text))


class ReviewQueue(QObject):
    """The window's review queue: the action (in a Review menu, on the toolbar, by its shortcut), the Library's
    review column and filters fed from the store, and the amendment line above the panes."""

    batchDone = Signal(str)  # noqa: N815 - what was said when no filing of the batch is left to review

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.library.store_getter = lambda: window.store

        style = window.style()
        self.next_action = QAction("Mark Reviewed and Open &Next", window)
        self.next_action.setObjectName("mark-reviewed-next")
        self.next_action.setShortcut(QKeySequence(NEXT_SHORTCUT))
        self.next_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))
        tip = ("Save the filing, mark it reviewed and open the next filing to review in the Library's order "
               f"({NEXT_SHORTCUT})")  # fmt: skip
        self.next_action.setToolTip(tip)
        self.next_action.setStatusTip(tip)
        self.next_action.triggered.connect(self.mark_reviewed_and_open_next)
        self.to_review_action = QAction("Mark &To Review", window)
        self.to_review_action.setObjectName("mark-to-review")
        self.to_review_action.setStatusTip("Put the open filing back in the review queue")
        self.to_review_action.triggered.connect(lambda: self.mark(TO_REVIEW))
        for action in (self.next_action, self.to_review_action):
            window.addAction(action)

        menu_bar = window.menuBar()
        help_menu = next((a for a in menu_bar.actions() if a.text().replace("&", "") == "Help"), None)
        self.menu = menu_bar.addMenu("&Review")
        if help_menu is not None:
            menu_bar.insertMenu(help_menu, self.menu)
        self.menu.addAction(self.next_action)
        self.menu.addAction(self.to_review_action)
        toolbar = window.findChild(QToolBar, "main-toolbar")
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.next_action)

        # The amendment line goes above the source and the filing, over the whole width.
        self.banner = AmendmentBanner(window)
        self.banner.openRequested.connect(window.open_stored)
        central = window.centralWidget()
        holder = QWidget(window)
        holder.setObjectName("central-with-banner")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        if central is not None:
            column.addWidget(central, 1)
        window.setCentralWidget(holder)

        window.document.loaded.connect(self.update_banner)
        window.document.filingChanged.connect(self._update_actions)
        self.library.model.modelReset.connect(self.update_banner)
        self.library.model.modelReset.connect(self._update_actions)  # a save gives the open filing its id
        self._update_actions()

    def _update_actions(self) -> None:
        has_filing = self.window.document.filing is not None
        self.next_action.setEnabled(has_filing)
        self.to_review_action.setEnabled(has_filing and self.window.document.filing_id is not None)

    def _say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 15000)

    def _saved_id(self) -> int | None:
        """The open filing's id, saving it first when it has never been saved or has unsaved corrections."""
        doc = self.window.document
        if doc.filing is None:
            return None
        if doc.filing_id is None or not doc.undo_stack.isClean():
            if not self.window.save():
                return None
        return doc.filing_id

    def mark(self, state: str) -> bool:
        """Set the open (saved) filing's review state; the Library follows. False when it could not be set."""
        filing_id = self._saved_id()
        if filing_id is None or self.window.store is None:
            return False
        try:
            self.window.store.set_review_state(filing_id, state)
        except (StoreError, ValueError) as exc:
            self.window.show_error("Cannot set the review state", str(exc))
            return False
        self.window.refresh_library()
        return True

    def mark_reviewed_and_open_next(self) -> int | None:
        """Mark the open filing reviewed and open the next one to review in the Library's list (its sort and
        filters as they are); the id opened, or None (the batch is done, or nothing could be marked)."""
        if self.window.is_busy:
            self._say("Wait until the file is read.")
            return None
        filing_id = self._saved_id()
        if filing_id is None:
            if self.window.document.filing is None:
                self._say("Open a filing to review first.")
            return None
        order = self.library.order()  # the batch as shown before this filing leaves a "to review" filter
        states = self.library.states()
        if not self.mark(REVIEWED):
            return None
        states[filing_id] = REVIEWED
        following = next_to_review(order, states, filing_id)
        if following is None:
            message = "Batch done: every filing listed in the Library is reviewed."
            self.library.say(message)
            self._say(message)
            self.batchDone.emit(message)
            return None
        self.library.say("")
        if not self.window.open_stored(following):
            return None
        self.library.select(following)
        return following

    def update_banner(self) -> None:
        """Show what the open filing amends or is amended by, when the Library holds it."""
        filing_id = self.window.document.filing_id
        model = self.library.model
        side = model.related(filing_id) if filing_id is not None else None
        if not side:
            self.banner.show_pair("", None, None)
            return
        parts = []
        this = model.summary(filing_id) if filing_id is not None else None
        form = getattr(this, "form", "") or "filing"
        if side.originals:
            parts.append(f"This {form} amends " + ", ".join(model.describe(i) for i in side.originals) + ".")
        if side.amendments:
            parts.append(f"This {form} is amended by " + ", ".join(model.describe(i) for i in side.amendments) + ".")
        self.banner.show_pair(" ".join(parts), side.originals[0] if side.originals else None,
                              side.amendments[0] if side.amendments else None)  # fmt: skip
