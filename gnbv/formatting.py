"""Numbers as a Vietnamese (or English) reader expects them, through babel: 0,66%; 407.668 hộ."""

from __future__ import annotations

import functools
import math

import pandas as pd
from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from data.labels import label

LOCALES = {"vi": "vi_VN", "en": "en"}
# Texts of numbers kept per process: every visitor of a view formats the same numbers again (a page
# formats hundreds; babel takes about 20 µs for each, a kept text well under one).
TEXTS_KEPT = 65_536


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


@functools.cache
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _format(value: object, pattern: str, lang: str) -> str:
    """babel's format_decimal with the pattern and the locale parsed once (parsing both again for each
    number was a tenth of a chart's cost), and the text kept for the next visitor of the view."""
    # 1 and 1.0, 0.0 and -0.0 are equal keys of a cache: the type and a zero's sign keep them apart.
    negative_zero = value == 0 and math.copysign(1.0, value) < 0
    return _kept_text(type(value), value, negative_zero, pattern, lang)


@functools.lru_cache(maxsize=TEXTS_KEPT)
def _kept_text(_type: type, value: object, _negative_zero: bool, pattern: str, lang: str) -> str:
    return _pattern(pattern).apply(value, _locale(lang))


def missing(value: object) -> bool:
    """No value: None, NaN, pandas' NA (a nullable integer column), NaT."""
    return value is None or (not isinstance(value, str | bytes) and bool(pd.isna(value)))


def integer(value: object, lang: str = "vi") -> str:
    if missing(value):
        return "—"
    return _format(int(value), "#,##0", lang)


def signed_integer(value: object, lang: str = "vi") -> str:
    """A difference of counts with its sign: +12, −3 (the minus sign, as the points are written), 0."""
    if missing(value):
        return "—"
    number = int(value)
    return ("+" if number > 0 else "−" if number < 0 else "") + integer(abs(number), lang)


def decimal(value: object, lang: str = "vi", decimals: int = 2) -> str:
    if missing(value):
        return "—"
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return _format(value, pattern, lang)


def percent(fraction: object, lang: str = "vi", decimals: int = 2) -> str:
    """A 0-1 fraction as a percent with two decimals, the way review results are published."""
    if missing(fraction):
        return "—"
    return decimal(float(fraction) * 100, lang, decimals) + "%"


def points(fraction_change: object, lang: str = "vi", decimals: int = 2) -> str:
    """A change of a 0-1 rate in percentage points, with its sign."""
    if missing(fraction_change):
        return "—"
    value = float(fraction_change) * 100
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + decimal(abs(value), lang, decimals)


def target_value(value: object, unit: str, lang: str = "vi") -> str:
    """A target or actual in the target's own unit (pct, households, pp_per_year, persons, ...)."""
    if missing(value):
        return "—"
    if unit == "pct":
        return decimal(value, lang, 2) + "%"
    if unit == "pp_per_year":
        return decimal(value, lang, 2)
    if unit == "ratio":
        return decimal(value, lang, 2)
    if float(value).is_integer():
        return integer(value, lang)
    return decimal(value, lang, 2)


def published_value(value: object, unit: str, decimals: object, lang: str = "vi") -> str:
    """A published figure with the decimals it was published with: "2,68%", "1.005.262"."""
    if missing(value):
        return "—"
    places = 0 if missing(decimals) else int(decimals)
    text = decimal(value, lang, places)
    return text + "%" if unit == "pct" else text


def plan_number(value: object, unit: str, lang: str = "vi") -> str:
    """A number the way a plan writes it: no trailing zeros (90%, 84,65%, 6,7), counts whole (2.500)."""
    if missing(value):
        return "—"
    text = _format(value, "#,##0.##", lang)
    return text + "%" if unit == "pct" else text


def target(low: object, high: object, unit: str, direction: str, lang: str = "vi") -> str:
    """A target as the plans write it: "≤ 0,66%", "≥ 3,3", a range "6,7–6,9%", or a planning base."""
    if not missing(low) and not missing(high) and low != high:
        suffix = "%" if unit == "pct" else ""
        return label("target_range", lang, low=plan_number(low, "", lang), high=plan_number(high, "", lang)) + suffix
    value = high if missing(low) else low
    if direction == "planning_base":
        return plan_number(value, unit, lang)
    key = "target_at_most" if direction == "at_most" else "target_at_least"
    return label(key, lang, value=plan_number(value, unit, lang))


def period(start: int, end: int) -> str:
    """A plan period: "2024" or "2022–2025"."""
    return str(start) if start == end else f"{start}–{end}"


def million(value: object, lang: str = "vi", approximate: bool = False) -> str:
    """An amount in million VND as the plans write it: "671.041", "khoảng 350.000"."""
    if missing(value):
        return "—"
    text = integer(round(float(value)), lang)
    return label("approximately", lang, value=text) if approximate else text


def billion(value_million: object, lang: str = "vi") -> str:
    """Million VND shown in tỷ đồng with one decimal, for charts read from a distance: 671,0."""
    if missing(value_million):
        return "—"
    return decimal(float(value_million) / 1000, lang, 1)
