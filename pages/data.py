"""Dữ liệu: load a review or funding file (checked first, all or nothing), data quality, load history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data import accounts
from data.labels import in_language, label, metric_name
from data.load import files_name, schema, template
from data.load.problems import labelled_report, report_workbook
from gnbv import formatting
from gnbv.tables import labelled_table
from gnbv.text import plain
from gnbv.ui import auth, filters, layout, uploads
from gnbv.ui.cache import geo_index, is_read_only, query, serves_seed_while_building
from gnbv.views import kind_label
from gnbv.views.data_page import DATASETS, Visitor, audit, data_page, load_form, quality, schema_sections

REPORT_ROWS_SHOWN = 500

selection = filters.current()
lang = selection.lang
unit_name = layout.current_unit_name()
layout.header(label("data_title", lang), selection, is_synthetic=False)
filters.validated_choice("dataset", DATASETS)  # a wrong ?dataset= is reported with the other link problems
layout.url_problems(lang)

# What the visitor may do decides the tabs (the loader checks again on the server: gnbv/ui/uploads.py).
account = auth.current()
may_load = auth.may_load()
view = data_page(
    query,
    Visitor(
        may_load=may_load,
        signed_in=account is not None,
        is_admin=account is not None and account.is_admin,
        has_accounts=auth.has_accounts(),
    ),
    lang,
)
st.caption(view.data_now)


# --- load a file ------------------------------------------------------------------------------------------
def undo_state(row) -> str:
    if not pd.isna(row.undone_at):
        return label("undone_by", lang, who=row.undone_by, at=row.undone_at.strftime("%d/%m/%Y %H:%M"))
    return label("can_undo" if row.can_undo else "cannot_undo", lang)


def show_result(last: dict) -> None:
    """The last load's result: message, preview, continuity, the report and its workbook."""
    result = last["result"]
    message = label(
        f"load_result_{result.status}",
        lang,
        rows=formatting.integer(result.row_count, lang),
        replaced=formatting.integer(result.replaced_row_count, lang),
        units=", ".join(result.unit_codes),
        errors=len(result.errors),
        warnings=len(result.warnings),
        seconds=formatting.decimal(result.seconds, lang, 1),
        load_id=result.load_id or "—",
    )
    show = {"loaded": st.success, "unchanged": st.info, "rejected": st.error, "undone": st.success}
    show.get(result.status, st.warning)(f"{plain(last['file_name'])} — {message}")
    if len(result.sources) > 1:
        st.caption(
            label(
                "sources_caption",
                lang,
                read=plain(", ".join(s.name for s in result.sources if s.status == "read")) or "—",
                skipped=plain(
                    "; ".join(
                        f"{s.name} ({label(f'source_reason_{s.reason}', lang)})"
                        for s in result.sources
                        if s.status == "skipped"
                    )
                )
                or "—",
            )
        )
    request = last.get("request")
    if request and any(p.code == "sheets_differ" for p in result.errors):
        tables = [s.name for s in result.sources if s.fields]
        chosen = st.multiselect(label("choose_sheets", lang), tables, key="choose_sheets")
        if st.button(label("load_chosen_sheets", lang), disabled=not chosen, key="load_chosen_sheets"):
            names = [name.split(" · ", 1)[-1] for name in chosen]
            run_load(request | {"sheets": names})
            st.rerun()
    if request and any(p.code == "id_in_other_commune" for p in result.errors):
        moves = st.checkbox(label("confirm_moves", lang), key="confirm_moves")
        if st.button(label("load_with_moves", lang), disabled=not moves, key="load_with_moves"):
            run_load(request | {"confirm_moves": True})
            st.rerun()
    for which in ("previous", "next"):
        share = result.share(which)
        if share is not None:
            st.caption(label(f"continuity_{which}", lang, share=formatting.decimal(100 * share, lang, 1)))
    if result.preview is not None and len(result.preview):
        st.subheader(label("preview_title", lang))
        st.dataframe(
            labelled_table(
                result.preview,
                [
                    ("col_level", lambda r: label(f"level_{r.level}", lang)),
                    ("col_unit", lambda r: r.unit_name),
                    ("col_households_before", lambda r: formatting.integer(r.households_before, lang)),
                    ("col_households_after", lambda r: formatting.integer(r.households_after, lang)),
                    ("col_removal", lambda r: label("removal_mark", lang) if r.is_removal else ""),
                ],
                lang,
            ),
            hide_index=True,
            key="load_preview",
        )
    if result.status == "needs_confirmation":
        confirmed = st.checkbox(label("confirm_removal", lang), key="confirm_removal")
        if st.button(
            label("load_confirmed_button", lang), type="primary", disabled=not confirmed, key="load_confirmed"
        ):
            run_load(last["request"] | {"confirm_removal": True})
            st.rerun()
    if result.problems:
        # Text cells: a whole-file problem has no row, and Arrow wants one type per column.
        report = labelled_report(result.problems, lang, result.headers, result.sources)
        report = report.astype(object).where(report.notna(), "").astype(str)
        st.dataframe(report.head(REPORT_ROWS_SHOWN), hide_index=True, key="load_report")
        if len(report) > REPORT_ROWS_SHOWN:
            st.caption(label("report_more", lang, count=len(report) - REPORT_ROWS_SHOWN))
        workbooks = last["workbooks"]
        if lang not in workbooks:  # built once per load and language, not on every rerun that shows it
            workbooks[lang] = report_workbook(result.problems, lang, result.headers, result.sources)
        st.download_button(
            label("report_download", lang),
            workbooks[lang],
            file_name=f"kiem-tra-{last['file_name'].rsplit('.', 1)[0]}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            key="report_download",
        )


def run_load(request: dict) -> None:
    """Check and load (one writer at a time: a second upload waits, and says so)."""
    status = st.empty()

    def progress(step: str) -> None:
        status.info(label(f"load_step_{step}", lang), icon=":material/hourglass_top:")

    progress("check")
    result = uploads.load_file(**request, progress=progress)
    status.empty()
    st.session_state["_last_load"] = {
        "file_name": files_name(request["content"], request["file_name"]),
        "result": result,
        "workbooks": {},
        "request": request,
    }


def load_tab() -> None:
    dataset = filters.page_choice(
        "dataset", DATASETS, lambda d: label(f"dataset_{d}", lang), label("dataset_choice", lang)
    )
    year = standard = None
    scope = "communes"
    if dataset == "summary_report":
        left, right = st.columns([1, 2])
        form = load_form(selection, filters.asked_year())
        year = left.selectbox(label("year", lang), form.years, index=form.years.index(form.year))
        right.caption(label("load_reports_note", lang, scheme=label(f"scheme_{form.schemes[year]}", lang)))
    if dataset == "households":
        left, middle, right = st.columns(3)
        form = load_form(selection, filters.asked_year())
        year = left.selectbox(label("year", lang), form.years, index=form.years.index(form.year))
        standards = form.standards[year]
        standard = middle.selectbox(label("standard", lang), standards, index=0, help=label("standard_help", lang))
        right.caption(label("load_scheme_note", lang, scheme=label(f"scheme_{form.schemes[year]}", lang)))
        scope = st.radio(
            label("load_scope", lang),
            ["communes", "province"],
            format_func=lambda s: label(f"load_scope_{s}", lang),
            horizontal=True,
        )
    if account is None:  # demo mode: who loads is typed; with accounts it is the signed-in account
        st.text_input(label("operator", lang), placeholder=label("operator_placeholder", lang), key="operator")
    uploads.allow_uploads()  # this session may send files (the server refuses them from any other)
    uploaded = st.file_uploader(
        label("upload_file", lang, limit=formatting.decimal(uploads.limit_megabytes(), lang, 0)),
        type=["csv", "xlsx", "xlsm", "txt", "zip"],
        help=label("upload_file_help", lang),
        key=f"upload_{dataset}",
        accept_multiple_files=True,
    )
    if serves_seed_while_building():
        st.warning(label("load_while_building", lang))
    elif is_read_only():
        st.warning(label("load_read_only", lang))
    if st.button(
        label("load_button", lang),
        type="primary",
        disabled=not uploaded or is_read_only(),
        icon=":material/upload:",
    ):
        files = [(item.name, item.getvalue()) for item in uploaded]
        run_load(
            {
                "dataset": dataset,
                "content": files,
                "file_name": None,
                "year": year,
                "standard": standard,
                "typed_operator": st.session_state.get("operator", ""),
                "scope": scope,
            }
        )
    last = st.session_state.get("_last_load")
    if last:
        show_result(last)


# --- data quality -------------------------------------------------------------------------------------------
def quality_tab() -> None:
    checks = quality(query, selection, geo_index())
    anomalies, no_geometry = checks.anomalies, checks.without_geometry
    for column, (key, count) in zip(st.columns(len(checks.cards)), checks.cards, strict=True):
        column.metric(label(key, lang), formatting.integer(count, lang))
    st.caption(label("quality_scope", lang, unit=plain(unit_name)))

    st.subheader(label("quality_years_title", lang))
    st.dataframe(
        labelled_table(
            checks.by_year,
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
    if len(checks.movements):
        st.subheader(label("movements_title", lang, year=selection.year, count=len(checks.movements)))
        st.dataframe(
            labelled_table(
                checks.movements,
                [
                    ("col_household_id", lambda r: r.household_id),
                    ("commune", lambda r: r.commune_name),
                    ("col_movement_word", lambda r: label(f"movement_{r.reported_movement}", lang)),
                    ("col_previous_class", lambda r: label(f"class_{r.previous_class}", lang)),
                    ("col_class_now", lambda r: label(f"class_{r.household_class}", lang)),
                    ("col_poor_before", lambda r: label("yes" if r.was_poor_before else "no", lang)),
                    ("col_load_id", lambda r: "—" if pd.isna(r.load_id) else str(int(r.load_id))),
                ],
                lang,
            ),
            hide_index=True,
            key="movement_contradictions",
        )
        st.caption(label("movements_note", lang))
    both = checks.report_vs_households
    if len(both):
        st.subheader(label("report_vs_households_title", lang, count=len(both)))

        def side(form_column: str, column: str, difference: str):
            return lambda r: (
                f"{formatting.integer(getattr(r, form_column), lang)} / {formatting.integer(getattr(r, column), lang)}"
                f" ({formatting.signed_integer(getattr(r, difference), lang)})"
            )

        st.dataframe(
            labelled_table(
                both,
                [
                    ("col_unit", lambda r: r.unit_name),
                    ("col_year", lambda r: str(r.year)),
                    ("col_report_households", side("form_households", "households", "households_difference")),
                    ("col_report_poor", side("form_poor", "poor", "poor_difference")),
                    ("col_report_near_poor", side("form_near_poor", "near_poor", "near_poor_difference")),
                    ("col_load_id", lambda r: str(int(r.load_id))),
                ],
                lang,
            ),
            hide_index=True,
            key="report_vs_households",
        )
        st.caption(label("report_vs_households_note", lang))
    if len(no_geometry):
        st.warning(label("map_missing_geometry", lang, units=plain(", ".join(no_geometry["unit_name"]))))


# --- published figures against the data ----------------------------------------------------------------------
def published_tab() -> None:
    checked = query("published_figure_check")
    st.caption(
        label(
            "published_check_summary",
            lang,
            met=formatting.integer(int(checked["is_met"].sum()), lang),
            total=formatting.integer(len(checked), lang),
        )
    )
    if st.toggle(label("published_unmet_only", lang), value=True, key="published_unmet_only"):
        checked = checked[~checked["is_met"]]
    reason = in_language("reason", lang)
    st.dataframe(
        labelled_table(
            checked,
            [
                ("col_unit", lambda r: r.unit_name),
                ("col_year", lambda r: str(r.year)),
                ("standard", lambda r: r.poverty_standard),
                ("col_metric", lambda r: metric_name(r.metric, lang)),
                (
                    "col_published",
                    lambda r: formatting.published_value(r.published_value, r.value_unit, r.decimals, lang),
                ),
                (
                    "col_in_data",
                    lambda r: formatting.published_value(r.computed_value, r.value_unit, r.decimals, lang),
                ),
                ("col_met", lambda r: label("published_met" if r.is_met else "published_not_met", lang)),
                ("col_reason", lambda r: "" if formatting.missing(getattr(r, reason)) else getattr(r, reason)),
                ("col_source", lambda r: r.source_document),
            ],
            lang,
        ),
        hide_index=True,
        key="published_check",
    )


# --- load history ----------------------------------------------------------------------------------------------
def history_tab() -> None:
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
                    ("col_matched_previous", lambda r: formatting.percent(r.previous_year_matched_rate, lang, 1)),
                    ("col_matched_next", lambda r: formatting.percent(r.next_year_matched_rate, lang, 1)),
                    ("col_warnings", lambda r: formatting.integer(r.warning_count, lang)),
                    ("col_undo_state", lambda r: undo_state(r)),
                    ("col_checksum", lambda r: r.file_sha256[:16]),
                ],
                lang,
            ),
            hide_index=True,
            key="history",
        )
        undoable = history[history["can_undo"]]
        if len(undoable) and may_load and not is_read_only():
            st.subheader(label("undo_title", lang))
            choice = st.selectbox(
                label("undo_choice", lang),
                list(undoable["load_id"]),
                format_func=lambda load_id: label(
                    "undo_option",
                    lang,
                    load_id=load_id,
                    file=undoable.set_index("load_id").loc[load_id, "file_name"],
                    units=undoable.set_index("load_id").loc[load_id, "unit_codes"],
                ),
                key="undo_choice",
            )
            sure = st.checkbox(label("undo_confirm", lang), key="undo_confirm")
            if st.button(label("undo_button", lang), disabled=not sure, icon=":material/undo:", key="undo_button"):
                result = uploads.undo(int(choice), st.session_state.get("operator", ""))
                st.session_state["_last_load"] = {"file_name": f"#{choice}", "result": result, "workbooks": {}}
                st.rerun()


# --- the import schema ---------------------------------------------------------------------------------------
def schema_tab() -> None:
    st.markdown(label("schema_intro", lang))
    for section in schema_sections(lang):
        name, standard_shown = section.dataset, section.standard
        with st.expander(section.title, expanded=section.expanded):
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


def audit_tab() -> None:
    trail = audit()
    st.caption(label("audit_intro", lang))
    st.dataframe(
        labelled_table(
            trail.shown,
            [
                ("col_event_id", lambda r: str(r.event_id)),
                ("col_loaded_at", lambda r: r.occurred_at),
                ("col_account", lambda r: r.account or "—"),
                ("col_client_address", lambda r: r.client_address or "—"),
                ("col_event", lambda r: r.event),
                ("col_result", lambda r: r.result),
                ("col_detail", lambda r: r.detail),
            ],
            lang,
        ),
        hide_index=True,
        key="audit",
    )
    st.download_button(
        label("audit_download", lang),
        trail.csv,
        file_name="gnbv-nhat-ky.csv",
        mime="text/csv",
        icon=":material/download:",
        key="audit_download",
    )
    if account is not None:
        st.subheader(label("accounts_title", lang))
        st.dataframe(accounts.accounts(), hide_index=True, key="accounts")
        st.caption(label("accounts_cli", lang))


names = view.tabs
if view.load_note:
    st.caption(view.load_note)
renderers = {
    "load": load_tab,
    "quality": quality_tab,
    "history": history_tab,
    "published": published_tab,
    "audit": audit_tab,
    "schema": schema_tab,
}
for name, tab in zip(names, st.tabs([label(f"tab_{name}", lang) for name in names]), strict=True):
    with tab:
        renderers[name]()
