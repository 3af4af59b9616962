"""What a view shows: the unit, its level, the review year, the poverty standard and the language.

A plain value, so that the pages, the meeting pack and the view functions share it without Streamlit
(gnbv.ui.filters reads it from the sidebar and the URL).
"""

from __future__ import annotations

from dataclasses import dataclass

CHILD_LEVEL = {"country": "province", "province": "district", "district": "commune", "commune": None}


@dataclass(frozen=True)
class Selection:
    unit_code: str
    level: str
    year: int | None
    standard: str | None
    lang: str

    @property
    def child_level(self) -> str | None:
        return CHILD_LEVEL[self.level]
