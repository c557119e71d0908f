"""RUM's Form 4 of 2024 (tests/data/checks) with its accounts not told apart.

The filing sells from three accounts, each row's nature of ownership "See footnote" with the footnote that names its
account (F4, F6 or F8): read so, each account's holdings chain. Without those references the rows of the three
accounts are one security held indirectly, whose holdings do not chain: what a filing reporting several accounts
without naming them looks like to the checks."""

from __future__ import annotations

import re
from pathlib import Path

RUM = Path(__file__).parent / "data" / "checks" / "rum-form4-2024.xml"
_NAMED = re.compile(r'(<natureOfOwnership>\s*<value>See footnote</value>)\s*<footnoteId id="F\d"/>')


def rum_with_accounts_unnamed() -> bytes:
    """The filing's XML with the footnote references of its rows' nature of ownership taken out (all nine)."""
    text, count = _NAMED.subn(r"\1", RUM.read_text(encoding="utf-8"))
    assert count == 9
    return text.encode("utf-8")
