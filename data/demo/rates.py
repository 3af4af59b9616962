"""Published rates in whole households: the interval a rounded rate stands for, the count that rounds to
it, and the common log-odds shift that spreads a total over units of different poverty."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from data.allocation import AllocationError


class CalibrationError(AllocationError):
    """A published figure cannot be reproduced by the demo plan."""


@dataclass(frozen=True)
class PublishedRate:
    """A rate published in percent with its decimals, e.g. '2.66' -> [2.655%, 2.665%)."""

    text: str

    @property
    def low(self) -> Fraction:
        return (Fraction(self.text) - Fraction(1, 2 * 10**self.decimals)) / 100

    @property
    def high(self) -> Fraction:
        return (Fraction(self.text) + Fraction(1, 2 * 10**self.decimals)) / 100

    @property
    def decimals(self) -> int:
        """At least two: a page shows rates with two decimals, and "9,2%" must read 9,20% there."""
        return max(2, len(self.text.split(".")[1]) if "." in self.text else 0)

    def holds(self, numerator: int, denominator: int) -> bool:
        """Strictly inside: a rate exactly on the half (0,225%) rounds one way in SQL and the other in
        Python's binary floats, so it would read 0,23% in one place and 0,22% in another."""
        return denominator > 0 and self.low < Fraction(numerator, denominator) < self.high

    def households_interval(self, count: int) -> tuple[int, int]:
        """Smallest and largest denominators for which ``count`` has this rate."""
        smallest = math.floor(count / self.high) + 1
        largest = math.ceil(count / self.low) - 1 if self.low > 0 else 10**12
        return smallest, largest

    def count_for(self, households: int, preferred: float) -> int:
        """The count closest to ``preferred`` whose rate over ``households`` is this rate."""
        low = max(0, math.ceil(self.low * households))
        high = min(households, math.floor(self.high * households))
        start = min(max(round(preferred), low), high)
        for step in range(households + 1):
            for candidate in (start - step, start + step):
                if 0 <= candidate <= households and self.holds(candidate, households):
                    return candidate
            if start - step < low and start + step > high:
                break
        raise CalibrationError(f"no count of {households} households has rate {self.text}%")


def logit_shifted_weights(relative: np.ndarray, households: np.ndarray, total: int) -> np.ndarray:
    """Expected counts per unit when every unit's log-odds move by the same amount.

    Scaling rates proportionally would push a unit at 49% in 2023 past 85% two years earlier; a common
    shift on the log-odds scale keeps poor units poor without exceeding 100%.
    """
    households = np.asarray(households, dtype=float)
    relative = np.maximum(np.asarray(relative, dtype=float), 1e-6)
    if households.sum() <= 0 or total <= 0:
        return np.zeros(len(households))
    mean_relative = float((relative * households).sum() / households.sum())
    # Start from a 10% average; the common shift below then finds the real level.
    start = np.clip(relative / mean_relative * 0.10, 1e-6, 0.95)
    logit = np.log(start / (1 - start))
    low, high = -30.0, 30.0
    for _ in range(100):
        mid = (low + high) / 2
        expected = (households / (1 + np.exp(-(logit + mid)))).sum()
        low, high = (mid, high) if expected < total else (low, mid)
    return households / (1 + np.exp(-(logit + (low + high) / 2)))
