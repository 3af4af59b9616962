"""Numbers as a Vietnamese (or English) reader expects them, through babel: 0,66%; 407.668 hộ."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

LOCALES = {"vi": "vi_VN", "en": "en"}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def integer(value: object, lang: str = "vi") -> str:
    if _missing(value):
        return "—"
    return format_decimal(int(value), format="#,##0", locale=LOCALES[lang])


def decimal(value: object, lang: str = "vi", decimals: int = 2) -> str:
    if _missing(value):
        return "—"
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(fraction: object, lang: str = "vi", decimals: int = 2) -> str:
    """A 0-1 fraction as a percent with two decimals, the way review results are published."""
    if _missing(fraction):
        return "—"
    return decimal(float(fraction) * 100, lang, decimals) + "%"


def points(fraction_change: object, lang: str = "vi", decimals: int = 2) -> str:
    """A change of a 0-1 rate in percentage points, with its sign."""
    if _missing(fraction_change):
        return "—"
    value = float(fraction_change) * 100
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + decimal(abs(value), lang, decimals)


def target_value(value: object, unit: str, lang: str = "vi") -> str:
    """A target or actual in the target's own unit (pct, households, pp_per_year, persons, ...)."""
    if _missing(value):
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
