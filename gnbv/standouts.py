""" "What stands out": short sentences computed from query results, never written by hand."""

from __future__ import annotations

import pandas as pd

from data.labels import in_language, label
from gnbv import formatting


def deprivation_highlights(
    contributions: pd.DataFrame, units_below: pd.DataFrame, targets: pd.DataFrame, lang: str
) -> list[str]:
    """Sentences on the largest contributor to M0, the unit most deprived in it, and the furthest target.

    ``contributions``: rows of mpi_contributions; ``units_below``: rows of deprivation_of_units_below;
    ``targets``: rows of dimension_target_progress.
    """
    lines = []
    name = in_language("name", lang)
    if len(contributions) and contributions["contribution_share"].notna().any():
        top = contributions.loc[contributions["contribution_share"].idxmax()]
        lines.append(
            label(
                "standout_contribution",
                lang,
                indicator=top[name],
                share=formatting.percent(top["contribution_share"], lang, 0),
            )
        )
        in_indicator = units_below[units_below["indicator_code"] == top["indicator_code"]]
        if len(in_indicator) > 1 and in_indicator["deprived_share"].notna().any():
            worst = in_indicator.loc[in_indicator["deprived_share"].idxmax()]
            lines.append(
                label(
                    "standout_unit",
                    lang,
                    unit=worst["unit_name"],
                    share=formatting.percent(worst["deprived_share"], lang, 1),
                    indicator=top[name].lower() if lang == "en" else top[name],
                )
            )
    measured = targets[targets["gap"].notna()] if len(targets) else targets
    if len(measured):
        furthest = measured.loc[measured["gap"].idxmin()]
        if furthest["gap"] < 0:
            lines.append(
                label(
                    "standout_target",
                    lang,
                    metric=furthest["metric_name"],
                    gap=formatting.decimal(-furthest["gap"], lang, 1),
                )
            )
        else:
            lines.append(label("standout_targets_met", lang))
    return lines
