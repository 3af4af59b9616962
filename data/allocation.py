"""Splitting a whole number into whole parts that add up exactly (largest remainder), with caps and pins.

Used by the demo calibration and by the what-if planner, whose totals must always add up.
"""

from __future__ import annotations

import numpy as np


class AllocationError(ValueError):
    """The total cannot be split within the caps."""


def allocate(
    total: int,
    weights: np.ndarray,
    caps: np.ndarray | None = None,
    fixed: dict[int, int] | None = None,
) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights``, never above ``caps``.

    ``fixed`` pins some positions to given values; the rest share what is left. Ties of the
    remainders go to the earlier position.
    """
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if caps is None and not fixed and total > 0 and n:
        # One round places everything when nothing caps or pins a part: the demo's money and most of its plan
        # split this way some 60,000 times a build (the general rounds below cost three times as much).
        return _split_round(total, weights if weights.sum() > 0 else np.ones(n))
    result = np.zeros(n, dtype=np.int64)
    fixed = fixed or {}
    for index, value in fixed.items():
        result[index] = value
    free = np.ones(n, dtype=bool)
    free[list(fixed)] = False
    remaining = total - int(result.sum())
    if remaining < 0:
        raise AllocationError(f"pinned values exceed the total {total}")
    caps = np.full(n, np.iinfo(np.int64).max) if caps is None else np.asarray(caps, dtype=np.int64)
    open_ = free.copy()
    while remaining > 0:
        if not open_.any():
            raise AllocationError(f"cannot place {remaining} more within the caps")
        w = np.where(open_, weights, 0.0)
        if w.sum() <= 0:
            w = open_.astype(float)
        base = _split_round(remaining, w)
        room = caps - result
        take = np.minimum(base, room)
        take[~open_] = 0
        result += take
        remaining -= int(take.sum())
        open_ &= result < caps
    return result


def _split_round(amount: int, weights: np.ndarray) -> np.ndarray:
    """``amount`` split by ``weights`` (their sum positive): the floors, then one more to the largest
    remainders, ties to the earlier position."""
    share = amount * weights / weights.sum()
    base = np.floor(share + 1e-9).astype(np.int64)
    left = amount - int(base.sum())
    order = np.argsort(-np.round(share - base, 9), kind="stable")  # float noise must not break ties
    base[order[:left]] += 1
    return base
