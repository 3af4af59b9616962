"""Nguồn vốn: the four kinds of money as the plan states them beside the breakdown, by project and year,
money beside need, budget money per household escaped."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.labels import in_language, label
from data.reference import periods
from gnbv import formatting
from gnbv.selection import Selection
from gnbv.tables import named_rows
from gnbv.views import Figure, Query, asker, kind_note, missing


@dataclass
class Funding:
    has_money: bool
    years_with_money: list[int] = field(default_factory=list)
    is_synthetic: bool = False
    uses_plan: bool = False  # the headline figures are the plan's own (else the sum of the breakdown)
    figures: list[Figure] = field(default_factory=list)  # total and the four kinds
    kinds: pd.DataFrame = field(default_factory=pd.DataFrame)  # funding_by_kind
    projects: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_year: pd.DataFrame = field(default_factory=pd.DataFrame)
    need: pd.DataFrame | None = None  # funding_vs_need of the units below (projects with an indicator)
    costs: pd.DataFrame = field(default_factory=pd.DataFrame)  # cost_per_escaped shown (this year, else all)
    plan_source: str | None = None
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)  # programme_frame (the country only)
    projects_note: str | None = None  # a programme whose component list is not public says so
    programme: str | None = None  # the programme period of the year, named
    notes: list[str] = field(default_factory=list)

    def amount_column(self) -> str:
        return "plan_amount" if self.uses_plan else "allocated"


def approximate(flag: object, amount: object) -> bool:
    return not missing(flag) and bool(flag) and not missing(amount)


def _figures(kinds: pd.DataFrame, uses_plan: bool, lang: str) -> list[Figure]:
    total = kinds.set_index("money_kind").loc["total"]
    column = "plan_amount" if uses_plan else "allocated"
    figures = [
        Figure(
            label("funding_total", lang),
            formatting.million(total[column], lang),
            delta=label("funding_from_plan" if uses_plan else "funding_from_breakdown", lang),
            unit=label("million_unit", lang),
        )
    ]
    for row in named_rows(kinds[kinds["money_kind"] != "total"]):
        amount = getattr(row, column)
        flag = row.plan_is_approximate if uses_plan else row.is_approximate
        share = amount / total[column] if not missing(amount) and total[column] else None
        share_text = label("share_of_total", lang, share=formatting.percent(share, lang, 1))
        figures.append(
            Figure(
                getattr(row, in_language("name", lang)),
                formatting.million(amount, lang),
                delta=share_text,
                unit=label("million_unit", lang),
                approximately=label("approximately", lang) if approximate(flag, amount) else None,
            )
        )
    return figures


def funding(query: Query, selection: Selection, need_project: str | None = None) -> Funding:
    ask = asker(query, selection)
    lang = selection.lang
    by_year = ask("funding_by_year")
    years = sorted(int(y) for y in by_year["year"].unique())
    kinds = ask("funding_by_kind") if selection.year else pd.DataFrame()
    if kinds.empty or not bool(kinds["has_money"].iloc[0]):
        notes = [label("funding_legacy_units_note", lang)] if periods.predecessor_scheme(selection.scheme) else []
        view = Funding(has_money=False, years_with_money=years, by_year=by_year, notes=notes)
        if selection.year:
            _programme_facts(view, ask, selection)
        return view
    total = kinds.set_index("money_kind").loc["total"]
    uses_plan = not missing(total["plan_amount"])
    synthetic = bool(kinds["is_synthetic"].fillna(False).any())
    view = Funding(
        has_money=True,
        years_with_money=years,
        is_synthetic=synthetic,
        uses_plan=uses_plan,
        figures=_figures(kinds, uses_plan, lang),
        kinds=kinds,
        projects=ask("funding_by_project"),
        by_year=by_year,
        plan_source=total["plan_source_document"] if uses_plan else None,
    )
    _programme_facts(view, ask, selection)
    if selection.child_level:
        need = ask("funding_vs_need")
        view.need = need if len(need) else None  # no project of the year's programme serves an indicator
    costs = ask("cost_per_escaped")
    this_year = costs[costs["year"] == selection.year]
    view.costs = this_year if len(this_year) else costs[costs["is_selected_unit"]]
    notes = [label("funding_synthetic_note", lang) if synthetic else None]
    if len(view.costs) and (view.costs["cost_kind"] == "mixed").any():
        notes.append(kind_note("mixed", lang))
    view.notes = [note for note in notes if note]
    return view


def _programme_facts(view: Funding, ask, selection: Selection) -> None:
    """The programme of the year by name, its national frame at the country, and whether its component
    list is public (a page never invents one)."""
    lang = selection.lang
    table = periods.programme_periods()
    code = periods.programme_of_year(selection.year)
    row = table[table["code"] == code]
    if row.empty:
        return
    row = row.iloc[0]
    view.programme = row[in_language("name", lang)]
    if not bool(row["components_public"]):
        view.projects_note = label("funding_components_not_public", lang, programme=code, basis=row["legal_basis"])
    if selection.level == periods.COUNTRY:
        view.frame = ask("programme_frame")


def need_rows(view: Funding, project: str) -> pd.DataFrame:
    """The units' need and money for one project, the most needy first."""
    return view.need[view.need["project_code"] == project].sort_values("need_share", ascending=False)


def plan_check_text(row, lang: str) -> str:
    if row.plan_check == "matches":
        return label("check_matches", lang)
    if row.plan_check == "differs":
        return label("check_differs", lang, difference=formatting.million(row.plan_difference, lang))
    return "—"


def plan_source_text(row, lang: str) -> str:
    if missing(row.plan_source_document):
        return label("funding_breakdown_source", lang)
    return f"{row.plan_source_document} ({label('source_row', lang, row=int(row.plan_source_row))})"
