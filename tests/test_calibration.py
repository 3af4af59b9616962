"""The integer machinery behind the demo panel: allocation and published-rate rounding."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.allocation import AllocationError, allocate
from data.demo.calibrate import PublishedRate, normalise_name


def test_allocate_is_proportional_and_exact():
    assert list(allocate(10, np.array([1.0, 1.0, 2.0]))) == [3, 2, 5] or list(
        allocate(10, np.array([1.0, 1.0, 2.0]))
    ) == [2, 3, 5]
    assert allocate(407_668, np.random.default_rng(1).random(10)).sum() == 407_668


@given(
    st.integers(0, 10**9),
    st.lists(st.one_of(st.integers(0, 5).map(float), st.floats(0, 1e6)), min_size=1, max_size=12),
)
def test_allocate_without_caps_splits_as_the_capped_rounds_do(total, weights):
    """The single round used when nothing caps or pins a part gives what the general rounds give with
    caps that never bind: the same parts, adding up, each within one of its proportional share."""
    weights = np.array(weights)
    plain = allocate(total, weights)
    assert list(plain) == list(allocate(total, weights, caps=np.full(len(weights), total)))
    assert plain.sum() == total
    basis = weights if weights.sum() > 0 else np.ones(len(weights))  # no weight at all: equal parts
    shares = total * basis / basis.sum()
    assert np.all(np.abs(plain - shares) < 1 + 1e-6 * total)


def test_allocate_respects_caps_and_pins():
    result = allocate(10, np.array([10.0, 1.0, 1.0]), caps=np.array([4, 10, 10]), fixed={2: 1})
    assert result.sum() == 10 and result[0] == 4 and result[2] == 1


def test_allocate_fails_loudly_when_impossible():
    with pytest.raises(AllocationError):
        allocate(10, np.array([1.0, 1.0]), caps=np.array([3, 3]))


def test_published_rate_bounds():
    rate = PublishedRate("2.66")
    assert rate.low == Fraction(2655, 100000) and rate.high == Fraction(2665, 100000)
    assert rate.holds(266, 10_000) and not rate.holds(267, 10_000)
    smallest, largest = PublishedRate("0.36").households_interval(111)
    assert all(PublishedRate("0.36").holds(111, h) for h in (smallest, largest))
    assert not PublishedRate("0.36").holds(111, smallest - 1) and not PublishedRate("0.36").holds(111, largest + 1)


def test_count_for_finds_the_nearest_count_with_the_rate():
    # 21,700 / 236,000 = 9.1949% rounds to 9.19: the nearest count that reads 9.20% is 21,701
    assert PublishedRate("9.2").count_for(236_000, 21_700) == 21_701
    count = PublishedRate("2.99").count_for(1236, 30)
    assert PublishedRate("2.99").holds(count, 1236)


def test_names_match_across_spellings():
    assert normalise_name("Huyện Mù Căng Chải") == normalise_name("Huyện Mù Cang Chải")
    assert normalise_name("Tỉnh Hoà Bình") == normalise_name("Hòa Bình")
    assert normalise_name("Thành phố Yên Bái") == "yenbai"
