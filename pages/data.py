"""Dữ liệu: load a review or funding file (checked first, all or nothing), data quality, load history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.geo import map_layer, without_geometry
from data.labels import label
from data.load import offered_review_years, schema, template
from data.load.problems import labelled_report, report_workbook
from data.reference_data import standard_for_year
from gnbv import formatting
from gnbv.tables import labelled_table
from gnbv.text import plain
from gnbv.ui import filters, layout, uploads
from gnbv.ui.cache import geo_index, is_read_only, query
from gnbv.views import kind_label

REPORT_ROWS_SHOWN = 500

selection = filters.current()
lang = selection.lang
unit_name = layout.unit_display_name(selection)
layout.header(label("data_title", lang), selection, is_synthetic=False)
layout.url_problems(lang)
source = dict(query("data_source").itertuples(index=False, name=None))
st.caption(
    label(
        "data_now",
        lang,
        kind=label(f"data_kind_{source.get('household_data', 'empty')}", lang),
        date=source.get("data_date", "—"),
    )
)

load_tab, quality_tab, history_tab, schema_tab = st.tabs(
    [label("tab_load", lang), label("tab_quality", lang), label("tab_history", lang), label("tab_schema", lang)]
)

# --- load a file ------------------------------------------------------------------------------------------
with load_tab:
    dataset = filters.page_choice(
        "dataset", ["households", "funding"], lambda d: label(f"dataset_{d}", lang), label("dataset_choice", lang)
    )
    year = standard = None
    if dataset == "households":
        left, right = st.columns(2)
        years = offered_review_years()
        year = left.selectbox(
            label("year", lang), years, index=years.index(selection.year) if selection.year in years else 0
        )
        standard = standard_for_year(year)
        right.text_input(label("standard", lang), standard, disabled=True)
    operator = st.text_input(label("operator", lang), placeholder=label("operator_placeholder", lang))
    uploaded = st.file_uploader(
        label("upload_file", lang, limit=formatting.decimal(uploads.limit_megabytes(), lang, 0)),
        type=["csv", "xlsx", "txt"],
        key=f"upload_{dataset}",
    )
    if is_read_only():
        st.warning(label("load_read_only", lang))
    if st.button(
        label("load_button", lang),
        type="primary",
        disabled=uploaded is None or is_read_only(),
        icon=":material/upload:",
    ):
        with st.spinner(label("load_step_check", lang)):
            result = uploads.load_file(dataset, uploaded.getvalue(), uploaded.name, year, standard, operator or "—")
        st.session_state["_last_load"] = {"file_name": uploaded.name, "result": result, "workbooks": {}}

    last = st.session_state.get("_last_load")
    if last:
        result = last["result"]
        message = label(
            f"load_result_{result.status}",
            lang,
            rows=formatting.integer(result.row_count, lang),
            replaced=formatting.integer(result.replaced_row_count, lang),
            units=", ".join(result.unit_codes),
            errors=len(result.errors),
            warnings=len(result.warnings),
            seconds="—",
        )
        {"loaded": st.success, "unchanged": st.info, "rejected": st.error}[result.status](
            f"{plain(last['file_name'])} — {message}"
        )
        if result.problems:
            # Text cells: a whole-file problem has no row, and Arrow wants one type per column.
            report = labelled_report(result.problems, lang)
            report = report.astype(object).where(report.notna(), "").astype(str)
            st.dataframe(report.head(REPORT_ROWS_SHOWN), hide_index=True, key="load_report")
            if len(report) > REPORT_ROWS_SHOWN:
                st.caption(label("report_more", lang, count=len(report) - REPORT_ROWS_SHOWN))
            workbooks = last["workbooks"]
            if lang not in workbooks:  # built once per load and language, not on every rerun that shows it
                workbooks[lang] = report_workbook(result.problems, lang)
            st.download_button(
                label("report_download", lang),
                workbooks[lang],
                file_name=f"kiem-tra-{last['file_name'].rsplit('.', 1)[0]}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                icon=":material/download:",
                key="report_download",
            )

# --- data quality -------------------------------------------------------------------------------------------
with quality_tab:
    quality = query("quality_by_year", scheme=selection.scheme, unit_code=selection.unit_code)
    anomalies = query("quality_anomalies", scheme=selection.scheme, unit_code=selection.unit_code)
    with_data = query("units_with_data", scheme=selection.scheme, parent_code=selection.unit_code)
    no_geometry = without_geometry(map_layer(geo_index(), selection.scheme, selection.unit_code), with_data)

    cards = st.columns(4)
    cards[0].metric(label("check_class_rule", lang), formatting.integer(quality["class_rule_mismatches"].sum(), lang))
    cards[1].metric(label("check_rate_moves", lang), formatting.integer(anomalies["is_rate_anomaly"].sum(), lang))
    cards[2].metric(label("check_count_jumps", lang), formatting.integer(anomalies["is_count_anomaly"].sum(), lang))
    cards[3].metric(label("check_no_geometry", lang), formatting.integer(len(no_geometry), lang))
    st.caption(label("quality_scope", lang, unit=plain(unit_name)))

    st.subheader(label("quality_years_title", lang))
    st.dataframe(
        labelled_table(
            quality,
            [
                ("province", lambda r: r.province_name),
                ("col_year", lambda r: str(r.year)),
                ("standard", lambda r: r.poverty_standard),
                ("kpi_households", lambda r: formatting.integer(r.households, lang)),
                ("col_data_kind", lambda r: kind_label(r.data_kind, lang)),
                ("col_load_id", lambda r: "—" if pd.isna(r.load_id) else str(int(r.load_id))),
                ("check_class_rule", lambda r: formatting.integer(r.class_rule_mismatches, lang)),
                ("col_mismatch_rate", lambda r: formatting.percent(r.mismatch_rate, lang, 2)),
                ("col_unknown_ethnicity", lambda r: formatting.integer(r.unknown_ethnicity_households, lang)),
                ("col_personal_data", lambda r: formatting.integer(r.personal_data_households, lang)),
                ("col_matched", lambda r: formatting.percent(r.matched_rate, lang, 1)),
                ("col_flow_state", lambda r: label(f"flow_state_{r.flow_state}", lang, matched="")),
            ],
            lang,
        ),
        hide_index=True,
        key="quality_years",
    )

    st.subheader(label("anomalies_title", lang))
    if anomalies.empty:
        st.info(label("anomalies_none", lang))
    else:
        st.dataframe(
            labelled_table(
                anomalies,
                [
                    ("commune", lambda r: r.unit_name),
                    ("col_parent", lambda r: r.parent_name),
                    ("col_year", lambda r: f"{r.previous_year} → {r.year}"),
                    (
                        "kpi_poverty_rate",
                        lambda r: (
                            f"{formatting.percent(r.previous_poverty_rate, lang)} → "
                            f"{formatting.percent(r.poverty_rate, lang)}"
                        ),
                    ),
                    ("col_rate_change", lambda r: formatting.points(r.rate_change, lang, 1)),
                    (
                        "kpi_households",
                        lambda r: (
                            f"{formatting.integer(r.previous_households, lang)} → "
                            f"{formatting.integer(r.households, lang)}"
                        ),
                    ),
                    ("col_household_change", lambda r: formatting.percent(r.household_change, lang, 1)),
                    (
                        "col_flags",
                        lambda r: " · ".join(
                            label(key, lang)
                            for key, flagged in (("flag_rate", r.is_rate_anomaly), ("flag_count", r.is_count_anomaly))
                            if flagged
                        ),
                    ),
                ],
                lang,
            ),
            hide_index=True,
            key="anomalies",
        )
    st.caption(label("anomalies_note", lang))
    if len(no_geometry):
        st.warning(label("map_missing_geometry", lang, units=plain(", ".join(no_geometry["unit_name"]))))

# --- load history ----------------------------------------------------------------------------------------------
with history_tab:
    history = query("load_history")
    if history.empty:
        st.info(label("history_none", lang))
    else:
        st.dataframe(
            labelled_table(
                history,
                [
                    ("col_load_id", lambda r: str(r.load_id)),
                    ("col_loaded_at", lambda r: r.loaded_at.strftime("%d/%m/%Y %H:%M")),
                    ("operator", lambda r: r.operator),
                    ("col_file", lambda r: r.file_name),
                    ("col_dataset", lambda r: label(f"dataset_{r.dataset}", lang)),
                    ("col_year", lambda r: "—" if pd.isna(r.year) else str(int(r.year))),
                    ("col_units", lambda r: r.unit_codes),
                    ("col_rows", lambda r: formatting.integer(r.row_count, lang)),
                    ("col_replaced", lambda r: formatting.integer(r.replaced_row_count, lang)),
                    ("col_warnings", lambda r: formatting.integer(r.warning_count, lang)),
                    ("col_checksum", lambda r: r.file_sha256[:16]),
                ],
                lang,
            ),
            hide_index=True,
            key="history",
        )

# --- the import schema ---------------------------------------------------------------------------------------
with schema_tab:
    st.markdown(label("schema_intro", lang))
    for name, standard_shown in (("households", "2022-2025"), ("households", "2016-2020"), ("funding", "2022-2025")):
        title = label(f"dataset_{name}", lang) + (
            f" · {label('standard', lang)} {standard_shown}" if name == "households" else ""
        )
        with st.expander(title, expanded=name == "households" and standard_shown == "2022-2025"):
            fields = pd.DataFrame(schema(name, standard_shown, lang))
            st.dataframe(
                labelled_table(
                    fields,
                    [
                        ("col_field", lambda r: r.label),
                        ("col_required", lambda r: label("yes" if r.required else "no", lang)),
                        ("col_aliases", lambda r: r.aliases),
                    ],
                    lang,
                ),
                hide_index=True,
                key=f"schema_{name}_{standard_shown}",
            )
            st.download_button(
                label("template_download", lang),
                template(name, standard_shown),
                file_name=f"mau-{name}-{standard_shown}.csv",
                mime="text/csv",
                key=f"template_{name}_{standard_shown}",
                icon=":material/description:",
            )
    st.markdown(label("schema_values", lang))
