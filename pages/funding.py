"""Nguồn vốn: the four kinds of money, by project and year, money beside need, cost per household escaped."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.labels import label
from gnbv import charts, formatting
from gnbv.ui import filters, layout
from gnbv.ui.cache import query

selection = filters.current()
lang = selection.lang
unit_name = layout.unit_display_name(selection)
year = selection.year

kinds = query("funding_by_kind", unit_code=selection.unit_code, year=year) if year else pd.DataFrame()
has_money = len(kinds) and (kinds["breakdown_row_count"].sum() > 0 or kinds["plan_amount"].notna().any())
is_synthetic = bool(has_money and kinds["is_synthetic"].fillna(False).any())
layout.header(label("funding_title", lang, unit=unit_name, year=year or "—"), selection, is_synthetic)
by_year = query("funding_by_year", unit_code=selection.unit_code)
if not has_money:
    years = ", ".join(str(y) for y in sorted(by_year["year"].unique())) or "—"
    st.info(label("funding_none", lang, unit=unit_name, year=year or "—", years=years))
    st.stop()
if is_synthetic:
    st.caption(label("funding_synthetic_note", lang))


def money(column: str, approximate_column: str | None = None):
    def cell(row) -> str:
        flag = getattr(row, approximate_column) if approximate_column else False
        approximate = pd.notna(flag) and bool(flag) and pd.notna(getattr(row, column))
        return formatting.million(getattr(row, column), lang, approximate=approximate)

    return cell


# --- the four kinds of money ------------------------------------------------------------------------
total = kinds.set_index("money_kind").loc["total"]
parts = kinds[kinds["money_kind"] != "total"]
use_plan = pd.notna(total["plan_amount"])
headline_column = "plan_amount" if use_plan else "allocated"
cards = st.columns(5)
cards[0].metric(
    label("funding_total", lang),
    formatting.million(total[headline_column], lang),
    delta=label("funding_from_plan" if use_plan else "funding_from_breakdown", lang),
    delta_color="off",
    delta_arrow="off",
)
for card, row in zip(cards[1:], parts.itertuples(), strict=True):
    amount = row.plan_amount if use_plan else row.allocated
    flag = row.plan_is_approximate if use_plan else row.is_approximate
    approximate = pd.notna(flag) and bool(flag) and pd.notna(amount)
    share = amount / total[headline_column] if pd.notna(amount) and total[headline_column] else None
    share_text = label("share_of_total", lang, share=formatting.percent(share, lang, 1))
    card.metric(
        label(f"money_{row.money_kind}", lang),
        formatting.million(amount, lang),
        # "khoảng" goes under the figure: the figure itself must fit a card read from 5 m.
        delta=label("approximately", lang, value=share_text) if approximate else share_text,
        delta_color="off",
        delta_arrow="off",
    )
st.caption(label("million_note", lang))

st.subheader(label("funding_kinds_title", lang))


def plan_check(row) -> str:
    if pd.isna(row.plan_amount) or pd.isna(row.allocated):
        return "—"
    if abs(row.plan_amount - row.allocated) < 0.5:
        return label("check_matches", lang)
    return label("check_differs", lang, difference=formatting.million(row.allocated - row.plan_amount, lang))


layout.table(
    layout.labelled_table(
        kinds,
        [
            ("col_money_kind", lambda r: label(f"money_{r.money_kind}", lang)),
            ("col_plan_amount", money("plan_amount", "plan_is_approximate")),
            ("col_allocated_breakdown", money("allocated", "is_approximate")),
            ("col_plan_check", plan_check),
            ("col_disbursed", money("disbursed")),
            ("col_disbursement_rate", lambda r: formatting.percent(r.disbursement_rate, lang, 1)),
            ("col_central", money("central_allocated")),
            ("col_local", money("local_allocated")),
            (
                "col_source",
                lambda r: (
                    f"{r.plan_source_document} ({label('source_row', lang, row=int(r.plan_source_row))})"
                    if pd.notna(r.plan_source_document)
                    else label("funding_breakdown_source", lang)
                ),
            ),
        ],
        lang,
    ),
    hide_index=True,
    key="funding_kinds",
)

# --- by project ---------------------------------------------------------------------------------------
projects = query("funding_by_project", unit_code=selection.unit_code, year=year)
st.subheader(label("funding_projects_title", lang, year=year))
if projects.empty:
    st.info(label("funding_no_projects", lang))
else:
    st.plotly_chart(charts.project_bars(projects, lang), key="project_bars", config=charts.PLOTLY_CONFIG, theme=None)
    layout.table(
        layout.labelled_table(
            projects,
            [
                ("col_project", lambda r: f"{r.project_code} · {r.project_name}"),
                ("col_allocated", money("allocated")),
                ("col_disbursed", money("disbursed")),
                ("col_disbursement_rate", lambda r: formatting.percent(r.disbursement_rate, lang, 1)),
                ("col_central", money("central_allocated")),
                ("col_local", money("local_allocated")),
                ("money_development_investment", money("development_investment_allocated")),
                ("money_recurrent", money("recurrent_allocated")),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="funding_projects",
    )
    st.caption(label("funding_projects_note", lang))

# --- by year --------------------------------------------------------------------------------------------
st.subheader(label("funding_years_title", lang))
st.plotly_chart(charts.money_by_year(by_year, lang), key="money_by_year", config=charts.PLOTLY_CONFIG, theme=None)

# --- money vs need ----------------------------------------------------------------------------------------
child_level = selection.child_level
if child_level and selection.standard == "2022-2025":
    st.subheader(label("need_title", lang, level=label(child_level, lang)))
    need_all = query("funding_vs_need", parent_code=selection.unit_code, year=year, standard=selection.standard)
    if need_all.empty:
        st.info(label("need_none", lang))
    else:
        project = filters.page_choice(
            "need",
            list(dict.fromkeys(need_all["project_code"])),
            lambda code: label(f"need_{code.replace('.', '_')}", lang),
            label("need_choice", lang),
        )
        need = need_all[need_all["project_code"] == project].sort_values("need_share", ascending=False)
        st.plotly_chart(charts.need_bars(need, lang), key=f"need_{project}", config=charts.PLOTLY_CONFIG, theme=None)

        def funding_gap(row) -> str:
            if pd.isna(row.need_share) or not row.need_share:
                return "—"
            ratio = row.money_share / row.need_share
            return label("need_under" if ratio < 0.67 else "need_over" if ratio > 1.5 else "need_in_line", lang)

        layout.table(
            layout.labelled_table(
                need,
                [
                    ("col_unit", lambda r: r.unit_name),
                    ("col_funding_gap", funding_gap),
                    ("col_deprived_households", lambda r: formatting.integer(r.deprived_households, lang)),
                    ("col_deprived_rate", lambda r: formatting.percent(r.deprived_rate, lang, 1)),
                    ("col_need_share", lambda r: formatting.percent(r.need_share, lang, 1)),
                    ("col_allocated", money("allocated")),
                    ("col_money_share", lambda r: formatting.percent(r.money_share, lang, 1)),
                    ("col_per_deprived", lambda r: formatting.decimal(r.allocated_per_deprived_household, lang, 1)),
                ],
                lang,
            ),
            hide_index=True,
            key=f"need_table_{selection.unit_code}_{project}",
        )
        st.caption(label("need_note", lang))

# --- cost per household escaped --------------------------------------------------------------------------
costs = query("cost_per_escaped", unit_code=selection.unit_code, standard=selection.standard)
st.subheader(label("cost_title", lang))
if costs.empty:
    st.info(label("cost_none", lang))
else:
    this_year = costs[costs["year"] == year]
    shown = this_year if len(this_year) else costs[costs["is_selected_unit"]]
    layout.table(
        layout.labelled_table(
            shown,
            [
                ("col_unit", lambda r: unit_name if r.is_selected_unit else r.unit_name),
                ("col_year", lambda r: str(r.year)),
                ("col_budget_disbursed", money("disbursed")),
                ("flow_escaped", lambda r: formatting.integer(r.escaped_households, lang)),
                ("col_cost_per_escaped", lambda r: formatting.decimal(r.cost_per_escaped, lang, 1)),
            ],
            lang,
        ),
        hide_index=True,
        key=f"cost_table_{selection.unit_code}",
    )
    with st.expander(label("cost_meaning_title", lang)):
        st.markdown(label("cost_meaning", lang))
