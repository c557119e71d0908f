"""Items set in places in order: the best way to give each of a row's values, left to right, one of the form's
columns, left to right, each column at most one value (the text reader's sub-columns, `row_kinds`' columns)."""

from __future__ import annotations

from collections.abc import Callable

#: A step of an assignment: (item, place) for an item set in a place, (item, None) for one left out.
Step = tuple[int, int | None]


def fit_in_order(items: int, places: int, score: Callable[[int, int], float | None],
                 drop: Callable[[int], float]) -> tuple[float, list[Step]]:
    """The best assignment of `items` to `places` keeping both in order, each place taking at most one item, and its
    total: `score(i, j)` is what setting item i in place j gains (None: it cannot be there), `drop(i)` what leaving
    item i out costs. Of equal assignments, the one that leaves places empty before taking or dropping an item
    wins. The steps are in the items' order."""
    neg = float("-inf")
    best = [[neg] * (places + 1) for _ in range(items + 1)]
    move = [[""] * (places + 1) for _ in range(items + 1)]
    best[0][0] = 0.0
    for i in range(items + 1):
        for j in range(places + 1):
            here = best[i][j]
            if here == neg:
                continue
            if j < places and here > best[i][j + 1]:
                best[i][j + 1], move[i][j + 1] = here, "skip"
            if i < items:
                dropped = here + drop(i)
                if dropped > best[i + 1][j]:
                    best[i + 1][j], move[i + 1][j] = dropped, "drop"
                if j < places:
                    fit = score(i, j)
                    if fit is not None and here + fit > best[i + 1][j + 1]:
                        best[i + 1][j + 1], move[i + 1][j + 1] = here + fit, "take"
    steps: list[Step] = []
    i, j = items, places
    while i > 0 or j > 0:
        step = move[i][j]
        if step == "take":
            steps.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == "drop":
            steps.append((i - 1, None))
            i -= 1
        else:
            j -= 1
    steps.reverse()
    return best[items][places], steps


__all__ = ["Step", "fit_in_order"]
