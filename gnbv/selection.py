"""What a view shows: the unit (with its scheme), its level, the review year, the poverty standard and
the language.

A plain value, so that the pages, the meeting pack and the view functions share it without Streamlit
(gnbv.ui.filters reads it from the sidebar and the URL). A unit code never travels without its scheme:
«15» is Yên Bái under legacy_63 and the new Lào Cai under from_2025.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.reference import periods

SCHEMES = periods.scheme_codes()  # the order of the scheme choice


@dataclass(frozen=True)
class Selection:
    unit_code: str
    level: str
    year: int | None
    standard: str | None
    lang: str
    scheme: str
    # False for a viewer whose views are limited to their provinces, at the country and region levels:
    # they see the totals, never the provinces below (gnbv/ui/auth.py).
    sees_units_below: bool = True

    @property
    def child_level(self) -> str | None:
        """The level of the units shown below this one (None: none are shown)."""
        return periods.child_level(self.scheme, self.level) if self.sees_units_below else None

    @property
    def has_districts(self) -> bool:
        return periods.has_level(self.scheme, "district")

    @property
    def has_regions(self) -> bool:
        return periods.has_level(self.scheme, "region")
