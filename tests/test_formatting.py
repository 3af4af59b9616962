"""Vietnamese number formats, and the label catalogues."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import numpy as np
from babel import Locale
from babel.numbers import parse_pattern
from hypothesis import given
from hypothesis import strategies as st

from data.labels import ASSETS, label, metric_name
from gnbv import formatting


def test_vietnamese_numbers():
    assert formatting.percent(0.0066) == "0,66%"
    assert formatting.integer(407668) == "407.668"
    assert formatting.points(-0.0058) == "−0,58"
    assert formatting.target_value(84.65, "pct") == "84,65%"
    assert formatting.target_value(2675.0, "households") == "2.675"
    assert formatting.percent(None) == "—"


def test_english_numbers():
    assert formatting.percent(0.0066, "en") == "0.66%"
    assert formatting.integer(407668, "en") == "407,668"


def test_catalogues_have_the_same_keys():
    for kind in ("labels", "metrics"):
        with open(ASSETS / f"{kind}_vi.toml", "rb") as fh:
            vi = tomllib.load(fh)
        with open(ASSETS / f"{kind}_en.toml", "rb") as fh:
            en = tomllib.load(fh)
        assert set(vi) == set(en), kind


def test_every_target_metric_has_a_name():
    from data.reference.files import read_reference

    metrics = set(read_reference("seed_targets.csv")["metric"]) | set(read_reference("seed_reported.csv")["metric"])
    for metric in metrics:
        assert metric_name(metric, "vi") != metric, metric
        assert metric_name(metric, "en") != metric, metric


def test_labels_format():
    assert label("year_option", "vi", year=2023, standard="2022-2025") == "2023 (chuẩn 2022-2025)"
    assert label("synthetic_badge", "vi") == "Dữ liệu mô phỏng"


def test_targets_read_as_in_the_plans():
    assert formatting.target(0.66, 0.66, "pct", "at_most") == "≤ 0,66%"
    assert formatting.target(6.7, 6.9, "pct", "at_most") == "6,7–6,9%"
    assert formatting.target(3.3, None, "pp_per_year", "at_least") == "≥ 3,3"
    assert formatting.target(2500, 3000, "persons", "at_least") == "2.500–3.000"
    assert formatting.target(407668, 407668, "households", "planning_base") == "407.668"
    assert formatting.target(None, 37, "pct", "at_most") == "≤ 37%"
    assert formatting.period(2022, 2025) == "2022–2025" and formatting.period(2024, 2024) == "2024"


PATTERNS = ["#,##0", "#,##0.##", "#,##0.00", "#,##0.0"]


@given(
    st.lists(
        st.one_of(
            st.integers(-(10**12), 10**12),
            st.floats(-1e15, 1e15),
            st.sampled_from([0.0, -0.0, 0, 1, 1.0, np.float64(-0.0), np.float32(0.1), Decimal("1.10")]),
            st.decimals(min_value=-(10**9), max_value=10**9, places=3),
        ),
        max_size=12,
    ),
    st.sampled_from(PATTERNS),
    st.sampled_from(["vi", "en"]),
)
def test_a_kept_number_text_is_babel_s_whatever_was_formatted_before(values, pattern, lang):
    """Texts are kept per number for the next visitor: equal numbers of another type or a zero of the other
    sign (1 and 1.0, 0.0 and -0.0: one key for a dict) never get each other's text."""
    for value in [*values, *reversed(values)]:
        assert formatting._format(value, pattern, lang) == parse_pattern(pattern).apply(
            value, Locale.parse(formatting.LOCALES[lang])
        )
