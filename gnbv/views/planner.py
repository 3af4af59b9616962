"""Kịch bản: the starting point of a what-if scenario for next year, and the numbers it needs."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from gnbv import scenario
from gnbv.selection import Selection
from gnbv.views import Query, asker, is_synthetic, missing


@dataclass
class PlannerBase:
    is_possible: bool  # a unit with units below it and a review year
    plan_year: int | None = None
    base: pd.DataFrame = field(default_factory=pd.DataFrame)  # planner_base (or the plan appendix's rows)
    appendix: pd.DataFrame = field(default_factory=pd.DataFrame)  # plan_appendix of the plan year
    uses_appendix: bool = False
    current_rate: float = float("nan")
    default_target_pct: float = 0.0
    observed_cost: pd.Series | None = None  # cost_per_escaped of the unit in the base year
    is_synthetic: bool = False
    has_flow_history: bool = False


def planner_base(query: Query, selection: Selection, use_appendix: bool) -> PlannerBase:
    if selection.child_level in (None, "commune") or not selection.year:
        return PlannerBase(is_possible=False)
    ask = asker(query, selection)
    plan_year = selection.year + 1
    base = ask("planner_base")
    appendix = ask("plan_appendix", year=plan_year)
    view = PlannerBase(
        is_possible=True,
        plan_year=plan_year,
        base=base,
        appendix=appendix,
        is_synthetic=bool(base["data_kind"].map(is_synthetic).any()) if len(base) else False,
    )
    if base.empty:
        return view
    view.uses_appendix = use_appendix and len(appendix) > 0
    if view.uses_appendix:
        # The plan's own planning bases, names and order, so that the export reproduces its appendix.
        plan = appendix.set_index("unit_code")
        base = base[base["unit_code"].isin(plan.index)].copy()
        base["households"] = base["unit_code"].map(plan["households"]).astype(int)
        base["unit_name"] = base["unit_code"].map(plan["unit_name"])
        base["short_name"] = base["unit_name"]
        view.base = base.set_index("unit_code").loc[plan.index].reset_index()
    view.current_rate = view.base["poor_households"].sum() / view.base["households"].sum()
    view.has_flow_history = bool((view.base["flow_years"] > 0).any())
    planned = ask("target_progress", year=plan_year)
    planned_rate = planned.loc[planned["metric"] == "poverty_rate", "target_high"]
    planned_reduction = planned.loc[planned["metric"] == "poverty_rate_reduction", "target_low"]
    pace = ask("reduction_pace")
    own_pace = pace[pace["is_selected_unit"]]
    view.default_target_pct = scenario.default_target(
        view.current_rate,
        float(planned_rate.iloc[0]) if len(planned_rate) else None,
        float(planned_reduction.iloc[0]) if len(planned_reduction) else None,
        float(own_pace["achieved_reduction"].iloc[0]) if len(own_pace) else None,
    )
    costs = ask("cost_per_escaped")
    observed = costs[costs["is_selected_unit"] & (costs["year"] == selection.year)]
    if len(observed) and not missing(observed["cost_per_escaped"].iloc[0]):
        view.observed_cost = observed.iloc[0]
    return view


def appendix_target_pct(appendix: pd.DataFrame) -> float:
    """The rate a plan appendix allows in total, in percent with two decimals."""
    return round(100 * appendix["poor_households"].sum() / appendix["households"].sum(), 2)
