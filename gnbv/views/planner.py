"""Kịch bản: the starting point of a what-if scenario for next year, and the numbers it needs."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.reference import periods
from gnbv import formatting, scenario
from gnbv.selection import Selection
from gnbv.views import Query, asker, is_synthetic, missing

MAX_COST_PER_EXIT = 1e9  # million VND per household: a value beyond is a typing error, said as one


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
    # The plan year is the first of a new standard: the base is the base year's households classed under it
    # (simulated), and the default pace is the programme's.
    plan_standard: str | None = None
    is_simulated_base: bool = False
    pace_source: str | None = None


def planner_base(query: Query, selection: Selection, use_appendix: bool) -> PlannerBase:
    """The units below the selected one in its latest review year (communes of a province of today's units,
    districts of an older province, provinces of the country), what the plans say, the pace so far."""
    if selection.child_level is None or not selection.year:
        return PlannerBase(is_possible=False)
    ask = asker(query, selection)
    plan_year = selection.year + 1
    plan_standard = periods.standard_of_year(plan_year) or selection.standard
    is_simulated_base = plan_standard != selection.standard
    base = ask("planner_simulated_base", standard=plan_standard) if is_simulated_base else ask("planner_base")
    appendix = ask("plan_appendix", year=plan_year)
    view = PlannerBase(
        is_possible=True,
        plan_year=plan_year,
        base=base,
        appendix=appendix,
        is_synthetic=bool(base["data_kind"].map(is_synthetic).any()) if len(base) else False,
        plan_standard=plan_standard,
        is_simulated_base=is_simulated_base,
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
    if is_simulated_base and planned_reduction.empty and planned_rate.empty:
        # No plan of the unit's own for the new standard's first year: the national programme's pace.
        national = ask("target_progress", unit_code=periods.COUNTRY_CODE, year=plan_year)
        national = national[national["metric"] == "poverty_rate_reduction"]
        planned_reduction = national["target_low"]
        if len(national):
            view.pace_source = national["source_document"].iloc[0]
    pace = ask("reduction_pace") if not is_simulated_base else pd.DataFrame(columns=["is_selected_unit"])
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


@dataclass
class Scenario:
    """A scenario as the planner set it: the target (within what the slider offers), the rule, the edited
    counts, and what they mean per unit and in total; ``link_problems``: what a link asked for that could
    not be used ({"param", "value", "reason", ...}), each said on the page, never silently replaced."""

    target_pct: float
    slider_max: float
    rule: str
    edits: dict[str, int]
    table: pd.DataFrame  # scenario.scenario_table
    total: dict  # scenario.totals
    link_problems: list[dict] = field(default_factory=list)


def slider_max(view: PlannerBase) -> float:
    """The highest target rate the slider offers, in percent: today's rate (or the plan's, if higher)."""
    return max(round(100 * view.current_rate, 2), view.default_target_pct, 0.01)


def plan_scenario(
    view: PlannerBase, target_pct: float | None, rule: str, edits_text: str, cost: float | None, lang: str
) -> Scenario:
    """The scenario for the values of the page (or its link): a target above what the slider offers is
    kept at the slider's top and said; edits that cannot be used are said and left out."""
    top = slider_max(view)
    problems = []
    if target_pct is None:
        target_pct = view.default_target_pct
    elif target_pct > top:
        problems.append(
            {
                "param": "target",
                "value": f"{target_pct:g}",
                "reason": "target_above_current",
                "top": formatting.decimal(top, lang, 2),
            }
        )
        target_pct = top
    households = dict(zip(view.base["unit_code"], view.base["households"].astype(int), strict=True))
    edits, edit_problems = scenario.parse_edits(edits_text, households)
    problems += [{"param": "edits", **problem} for problem in edit_problems]
    allowed = scenario.allowed_counts(view.base, rule, target_pct / 100, edits)
    table = scenario.scenario_table(view.base, allowed, cost)
    return Scenario(
        target_pct=float(target_pct),
        slider_max=float(top),
        rule=rule,
        edits=edits,
        table=table,
        total=scenario.totals(table),
        link_problems=problems,
    )


def unit_slider(poverty_rate: float, target_rate: float) -> tuple[float, float, float]:
    """A unit's own slider in percent: (today's rate, the slider's top, where it stands)."""
    now = 100 * poverty_rate
    top = max(round(now, 2), 0.01)
    return now, top, min(round(100 * target_rate, 2), top)
