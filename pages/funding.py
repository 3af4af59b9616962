"""Nguồn vốn: the four kinds of money, by project and year, money beside need, cost per household escaped."""

from __future__ import annotations

import streamlit as st

from data.labels import in_language, label
from gnbv import charts, formatting
from gnbv.tables import labelled_table
from gnbv.text import plain
from gnbv.ui import filters, layout
from gnbv.ui.cache import query
from gnbv.views import kind_label
from gnbv.views.funding import approximate, funding, need_rows, plan_check_text, plan_source_text

selection = filters.current()
lang = selection.lang
unit_name = layout.current_unit_name()
year = selection.year
view = funding(query, selection)
layout.header(label("funding_title", lang, unit=unit_name, year=year or "—"), selection, view.is_synthetic)
layout.url_problems(lang)
if view.programme:
    st.caption(label("funding_programme", lang, programme=view.programme))


def show_frame() -> None:
    """The national frame of the programme period (the country's page): sources, amounts, where from."""
    if view.frame.empty:
        return
    st.subheader(label("funding_frame_title", lang, period=view.frame["programme_period"].iloc[0]))
    layout.table(
        labelled_table(
            view.frame,
            [
                ("col_money_source", lambda r: getattr(r, in_language("name", lang))),
                (
                    "col_capital_type",
                    lambda r: label(f"capital_{r.capital_type}", lang) if isinstance(r.capital_type, str) else "—",
                ),
                (
                    "col_billion",
                    lambda r: (
                        (label("approximately", lang).format(value="") + " " if r.is_approximate else "")
                        + formatting.integer(r.amount_billion_vnd, lang)
                    ),
                ),
                ("col_share", lambda r: formatting.percent(r.share_of_total, lang, 1)),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="funding_frame",
    )


if not view.has_money:
    years = ", ".join(str(y) for y in view.years_with_money) or "—"
    st.info(label("funding_none", lang, unit=plain(unit_name), year=year or "—", years=years))
    for note in view.notes:
        st.caption(note)
    show_frame()
    st.stop()
layout.notes(view.notes)


def money(column: str, approximate_column: str | None = None):
    def cell(row) -> str:
        amount = getattr(row, column)
        flag = getattr(row, approximate_column) if approximate_column else False
        return formatting.million(amount, lang, approximate=approximate(flag, amount))

    return cell


# --- the four kinds of money ------------------------------------------------------------------------
layout.figures(view.figures)
st.caption(label("million_note", lang))

st.subheader(label("funding_kinds_title", lang))
layout.table(
    labelled_table(
        view.kinds,
        [
            ("col_money_kind", lambda r: getattr(r, in_language("name", lang))),
            ("col_plan_amount", money("plan_amount", "plan_is_approximate")),
            ("col_allocated_breakdown", money("allocated", "is_approximate")),
            ("col_plan_check", lambda r: plan_check_text(r, lang)),
            ("col_disbursed", money("disbursed")),
            ("col_disbursement_rate", lambda r: formatting.percent(r.disbursement_rate, lang, 1)),
            ("col_central", money("central_allocated")),
            ("col_local", money("local_allocated")),
            ("col_source", lambda r: plan_source_text(r, lang)),
        ],
        lang,
    ),
    hide_index=True,
    key="funding_kinds",
)

show_frame()

# --- by project ---------------------------------------------------------------------------------------
st.subheader(label("funding_projects_title", lang, year=year))
if view.projects_note:
    st.caption(view.projects_note)
if view.projects.empty:
    st.info(label("funding_no_projects", lang))
else:
    st.plotly_chart(
        charts.project_bars(view.projects, lang), key="project_bars", config=charts.PLOTLY_CONFIG, theme=None
    )
    layout.table(
        labelled_table(
            view.projects,
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
st.plotly_chart(charts.money_by_year(view.by_year, lang), key="money_by_year", config=charts.PLOTLY_CONFIG, theme=None)

# --- money vs need ----------------------------------------------------------------------------------------
if view.need is None or view.need.empty:
    filters.validated_choice("need", [])  # a ?need= with no section to show it in is said, not dropped
if view.need is not None:
    child_level = selection.child_level
    st.subheader(label("need_title", lang, level=label(f"level_{child_level}", lang)))
    if view.need.empty:
        st.info(label("need_none", lang))
    else:
        need_names = dict(zip(view.need["project_code"], view.need[in_language("need", lang)], strict=False))
        project = filters.page_choice(
            "need",
            list(dict.fromkeys(view.need["project_code"])),
            lambda code: need_names[code],
            label("need_choice", lang),
        )
        need = need_rows(view, project)
        st.plotly_chart(charts.need_bars(need, lang), key=f"need_{project}", config=charts.PLOTLY_CONFIG, theme=None)
        layout.table(
            labelled_table(
                need,
                [
                    ("col_unit", lambda r: r.unit_name),
                    (
                        "col_funding_gap",
                        lambda r: (
                            "—" if formatting.missing(r.need_assessment) else label(f"need_{r.need_assessment}", lang)
                        ),
                    ),
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
            key=f"need_table_{selection.scheme}_{selection.unit_code}_{project}",
        )
        st.caption(label("need_note", lang))

# --- cost per household escaped --------------------------------------------------------------------------
st.subheader(label("cost_title", lang))
if view.costs.empty:
    st.info(label("cost_none", lang))
else:
    layout.table(
        labelled_table(
            view.costs,
            [
                ("col_unit", lambda r: unit_name if r.is_selected_unit else r.unit_name),
                ("col_year", lambda r: str(r.year)),
                ("col_budget_disbursed", money("disbursed")),
                ("flow_escaped", lambda r: formatting.integer(r.escaped_households, lang)),
                ("col_cost_per_escaped", lambda r: formatting.decimal(r.cost_per_escaped, lang, 1)),
                ("col_data_kind", lambda r: kind_label(r.cost_kind, lang)),
            ],
            lang,
        ),
        hide_index=True,
        key=f"cost_table_{selection.scheme}_{selection.unit_code}",
    )
    with st.expander(label("cost_meaning_title", lang)):
        st.markdown(label("cost_meaning", lang))
