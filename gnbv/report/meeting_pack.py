"""The meeting pack: for the current filters, the same slides as a PDF and a PPTX, the tables behind them
as an Excel workbook, and a PNG of each chart, in one .zip.

Slides: a title slide (unit, year, date of the data, whether it is synthetic, source documents), then
overview (map), deprivation dimensions, funding and trends: the views of presentation mode, each built
by the same view function as its page (gnbv.views), so a slide says what the page says, in its order;
targets without data go to a last appendix slide. Charts are the pages' own figures, drawn on the
server by plotly.js in Chromium (gnbv.report.chromium). Nothing here imports Streamlit: the caller
passes the function that runs queries.
"""

from __future__ import annotations

import base64
import html
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Font
from pptx import Presentation
from pptx.util import Emu, Pt

from data.excel import text_cells
from data.geo import GeoDataMissing, map_layer
from data.labels import in_language, label, metric_name
from data.reference import periods
from gnbv import charts, formatting, maps
from gnbv.report.chromium import ChromiumPage, open_chromium
from gnbv.selection import Selection
from gnbv.text import file_slug
from gnbv.views import Query, asker, kind_label, summary_report_note
from gnbv.views.dimensions import SLIDE_GROUP, dimensions
from gnbv.views.funding import funding
from gnbv.views.new_standard import new_standard
from gnbv.views.overview import overview, target_text
from gnbv.views.trends import ratio_lines, trends

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, 13.33 × 7.5 in
FONT = "Noto Sans"


class NothingToPack(LookupError):
    """The unit has no review data for the year: a pack would be empty slides."""


@dataclass
class Slide:
    key: str  # file name of its chart and sheet
    title: str
    lines: list[str]  # the key figures, written out
    figure: go.Figure | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # sheet name -> the numbers behind it
    note: str = ""


@dataclass
class Pack:
    title: str
    subtitle: str
    facts: list[str]  # the title slide: data date, synthetic or not, sources
    slides: list[Slide]
    file_stem: str

    def footer(self, slide: Slide) -> list[str]:
        """Under every slide, in PDF and PPTX alike: its note, then the data's date and kind."""
        return [*([slide.note] if slide.note else []), f"{self.facts[0]} · {self.facts[1]}"]


def _overview_slide(query: Query, geo: dict, selection: Selection) -> tuple[Slide, Slide | None]:
    """The overview slide says first what the page says first (its KPI row, the headline target
    included), then the targets it can assess; targets without data go to an appendix slide."""
    lang = selection.lang
    view = overview(query, selection)
    if view.overview_row is None:
        raise NothingToPack(selection.unit_code)
    lines = [figure.line() for figure in view.figures if figure.value != "—"]
    for row in view.measured_targets.itertuples():
        if view.headline_target is not None and row.metric == view.headline_target["metric"]:
            continue
        lines.append(
            f"{metric_name(row.metric, lang)}: {target_text(row, lang)} · {label('col_actual', lang)} "
            f"{formatting.target_value(row.actual_value, row.value_unit, lang)} · "
            f"{label(f'assessment_{row.assessment}', lang)} ({row.source_document})"
        )
    figure, tables = None, {label("pack_sheet_overview", lang): view.overview_row.to_frame().T}
    if selection.child_level and len(view.units_below):
        tables[label("pack_sheet_units", lang)] = view.units_below
        try:
            layer = map_layer(geo, selection.scheme, selection.unit_code)
        except GeoDataMissing:
            layer = None
        if layer is not None and view.units_below["poverty_rate"].notna().any():
            figure = maps.choropleth(view.units_below, layer, lang, height=900)
    tables[label("pack_sheet_targets", lang)] = view.targets
    slide = Slide("1_tong_quan", label("pack_slide_overview", lang), lines[:9], figure, tables, " · ".join(view.notes))
    missing = view.targets_without_data
    appendix = None
    if len(missing):
        appendix = Slide(
            "9_phu_luc_muc_tieu",
            label("pack_slide_targets_without_data", lang),
            [
                f"{metric_name(row.metric, lang)}: {target_text(row, lang)} ({row.source_document})"
                for row in missing.itertuples()
            ],
            tables={label("pack_sheet_targets_without_data", lang): missing},
        )
    return slide, appendix


def _dimensions_slide(query: Query, selection: Selection) -> Slide | None:
    lang = selection.lang
    view = dimensions(query, selection, SLIDE_GROUP)
    if not view.has_data:
        return None
    name_column = in_language("name", lang)
    lines = [label("pack_group_note", lang, group=label(f"group_{view.group}", lang))]
    lines += [
        f"{getattr(r, name_column)}: {formatting.percent(r.deprived_share, lang, 1)}"
        for r in view.top_shares().itertuples()
    ]
    lines += [figure.line() for figure in view.figures]
    tables = {
        label("pack_sheet_dimensions", lang): view.shares,
        label("pack_sheet_dimension_targets", lang): view.targets,
    }
    figure = charts.deprivation_bars(view.shares, name_column, lang)
    return Slide(
        "2_chieu_thieu_hut", label("pack_slide_dimensions", lang), lines, figure, tables, " · ".join(view.notes)
    )


def _funding_slide(query: Query, selection: Selection) -> Slide | None:
    lang = selection.lang
    view = funding(query, selection)
    if not view.has_money:
        return None
    lines = [figure.line() for figure in view.figures]
    note = (
        label("pack_funding_source", lang, source=view.plan_source)
        if view.uses_plan
        else label("funding_from_breakdown", lang)
    )
    figure = charts.money_by_year(view.by_year, lang) if len(view.by_year) else None
    tables = {
        label("pack_sheet_funding", lang): view.kinds,
        label("pack_sheet_projects", lang): view.projects,
        label("pack_sheet_funding_years", lang): view.by_year,
    }
    notes = " · ".join([note, *view.notes])
    return Slide("3_nguon_von", label("pack_slide_funding", lang, year=selection.year), lines, figure, tables, notes)


def _trends_slide(query: Query, selection: Selection) -> Slide | None:
    lang = selection.lang
    view = trends(query, selection)
    if not view.has_data:
        return None
    lines = [
        f"{r.year}: {formatting.percent(r.poverty_rate, lang)} ({label('standard', lang)} {r.poverty_standard})"
        for r in view.own.itertuples()
    ]
    for r in view.complete_flows.tail(1).itertuples():
        lines.append(
            label(
                "pack_flows",
                lang,
                year=r.year,
                escaped=formatting.integer(r.escaped_households, lang),
                new=formatting.integer(r.newly_poor_households, lang),
                back=formatting.integer(r.fell_back_households, lang),
            )
        )
    lines += view.flow_notes[-1:] + ratio_lines(view, lang)
    figure = charts.rate_trend(view.series, view.trajectories, [], lang)
    tables = {label("pack_sheet_series", lang): view.own, label("pack_sheet_flows", lang): view.flows}
    return Slide("4_xu_huong", label("pack_slide_trends", lang), lines, figure, tables, " · ".join(view.notes))


def _new_standard_slide(query: Query, geo: dict, selection: Selection, raw: dict) -> Slide | None:
    """What the next standard does to the unit, with the page's inputs (the link's lines and assumptions)."""
    lang = selection.lang
    view = new_standard(query, selection, raw)
    if not view.is_possible:
        return None
    lines = [figure.line() for figure in view.figures]
    for cost in view.costs.itertuples():
        lines.append(
            label(
                "pack_ns_cost",
                lang,
                policy=cost.name,
                now=formatting.billion(cost.cost_now / 1e6, lang),
                new=formatting.billion(cost.cost_new / 1e6, lang),
            )
        )
    figure = None
    below = view.units_below
    tables = {
        label("pack_sheet_ns_units", lang): view.units,
        label("pack_sheet_ns_transitions", lang): view.transitions,
        label("pack_sheet_ns_costs", lang): view.costs,
    }
    if selection.child_level and len(below):
        try:
            layer = map_layer(geo, selection.scheme, selection.unit_code)
        except GeoDataMissing:
            layer = None
        if layer is not None:
            figure = maps.choropleth(
                below,
                layer,
                lang,
                height=900,
                value="poor_near_poor_rate_change",
                legend=label("ns_map_legend", lang),
                hover=[],
                suffix=" " + label("points_short", lang),
            )
    title = label("pack_slide_new_standard", lang, standard=view.settings.next_standard, year=view.settings.year)
    return Slide("5_chuan_moi", title, lines, figure, tables, " · ".join(view.notes))


def collect(query: Query, geo: dict, selection: Selection, unit_name: str, inputs: dict | None = None) -> Pack:
    """``inputs``: the new-standard page's values (lines, assumptions) the pack's slide uses."""
    lang = selection.lang
    ask = asker(query, selection)
    source = dict(ask("data_source").itertuples(index=False, name=None))
    kind = ask("unit_data_kind")["data_kind"].iloc[0]
    overview_slide, appendix = _overview_slide(query, geo, selection)
    slides = [
        s
        for s in (
            overview_slide,
            _dimensions_slide(query, selection),
            _funding_slide(query, selection),
            _trends_slide(query, selection),
            _new_standard_slide(query, geo, selection, inputs or {}),
            appendix,
        )
        if s is not None
    ]
    documents = ask("target_progress")["source_document"].drop_duplicates()
    facts = [
        label("pack_data_date", lang, date=source.get("data_date", "—")),
        kind_label(kind, lang, "footer"),
        label("pack_units", lang, scheme=label(f"scheme_{selection.scheme}", lang)),
        label(
            "pack_rules",
            lang,
            standard=selection.standard or "—",
            programme=periods.programme_of_year(selection.year) or "—",
        ),
        label("pack_made", lang, when=datetime.now().strftime("%d/%m/%Y %H:%M")),
        *[label("pack_source", lang, source=d) for d in documents],
    ]
    reported = summary_report_note(ask("unit_sources", year=None), lang)  # figures from summary forms, said
    if reported:
        facts.insert(2, reported)
    return Pack(
        title=label("pack_title", lang, unit=unit_name, year=selection.year),
        subtitle=label("app_subtitle", lang),
        facts=facts,
        slides=slides,
        file_stem=f"gnbv_{file_slug(unit_name)}_{selection.year}",
    )


# --- the documents ---------------------------------------------------------------------------------------


def render_charts(pack: Pack, draw: ChromiumPage) -> dict[str, bytes]:
    # 1100 × 700 at twice the pixels: the charts' own type sizes stay legible when the image fills a slide.
    return {s.key: draw.png(s.figure, width=1100, height=700, scale=2) for s in pack.slides if s.figure is not None}


def pptx_bytes(pack: Pack, images: dict[str, bytes]) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]

    def text_box(slide, left, top, width, height, lines, size, bold=False):
        frame = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height)).text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT

    inch = 914400
    title_slide = deck.slides.add_slide(blank)
    text_box(title_slide, inch // 2, inch, 12 * inch, 1400000, [pack.title], 36, bold=True)
    text_box(title_slide, inch // 2, 2 * inch + 300000, 12 * inch, 500000, [pack.subtitle], 20)
    text_box(title_slide, inch // 2, 3 * inch + 200000, 12 * inch, 3 * inch, pack.facts, 14)
    for slide_content in pack.slides:
        slide = deck.slides.add_slide(blank)
        text_box(slide, inch // 2, 250000, 12 * inch, 700000, [slide_content.title], 28, bold=True)
        has_image = slide_content.key in images
        text_width = 4 * inch if has_image else 12 * inch
        text_box(slide, inch // 2, 1100000, text_width, 5 * inch, slide_content.lines, 14)
        if has_image:
            slide.shapes.add_picture(
                io.BytesIO(images[slide_content.key]),
                Emu(4 * inch + 700000),
                Emu(1100000),
                width=Emu(8 * inch + 300000),
            )
        text_box(slide, inch // 2, 6 * inch + 500000, 12 * inch, 500000, pack.footer(slide_content), 10)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _slide_html(title: str, lines: list[str], image: bytes | None, footer: list[str]) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    picture = f'<img src="data:image/png;base64,{base64.b64encode(image).decode()}">' if image is not None else ""
    notes = "".join(f"<p>{html.escape(line)}</p>" for line in footer)
    return (
        f'<section><h1>{html.escape(title)}</h1><div class="body"><ul>{items}</ul>{picture}</div>'
        f"<footer>{notes}</footer></section>"
    )


PDF_STYLE = """
@page { size: 297mm 167mm; margin: 0; }
body { margin: 0; font-family: 'Noto Sans', sans-serif; color: #111; }
section { width: 297mm; height: 167mm; box-sizing: border-box; padding: 9mm 12mm; page-break-after: always;
  position: relative; overflow: hidden; }
h1 { font-size: 22pt; margin: 0 0 5mm 0; }
.body { display: flex; gap: 8mm; align-items: flex-start; }
ul { flex: 0 0 85mm; font-size: 11.5pt; line-height: 1.35; padding-left: 5mm; margin: 0; }
img { flex: 1; width: 180mm; }
footer { position: absolute; bottom: 6mm; left: 12mm; right: 12mm; font-size: 8.5pt; color: #333; }
footer p { margin: 0; }
section.title h1 { font-size: 30pt; margin-top: 25mm; }
section.title ul { font-size: 13pt; list-style: none; padding: 0; flex: 1; }
"""


def pdf_bytes(pack: Pack, images: dict[str, bytes], draw: ChromiumPage) -> bytes:
    title_items = "".join(f"<li>{html.escape(line)}</li>" for line in pack.facts)
    pages = [
        f'<section class="title"><h1>{html.escape(pack.title)}</h1><h2>{html.escape(pack.subtitle)}</h2>'
        f'<div class="body"><ul>{title_items}</ul></div></section>'
    ]
    for slide in pack.slides:
        pages.append(_slide_html(slide.title, slide.lines, images.get(slide.key), pack.footer(slide)))
    document = (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{PDF_STYLE}</style></head>'
        f"<body>{''.join(pages)}</body></html>"
    )
    return draw.pdf(document)


def xlsx_bytes(pack: Pack) -> bytes:
    """Every table behind the slides, one sheet each, numbers as numbers."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = "GNBV"
    for row, line in enumerate([pack.title, pack.subtitle, *pack.facts], start=1):
        cover.cell(row=row, column=1, value=line).font = Font(bold=row == 1, size=14 if row == 1 else 11)
    cover.column_dimensions["A"].width = 120
    used = {"GNBV"}
    for slide in pack.slides:
        for name, frame in slide.tables.items():
            title = name[:31]
            while title in used:
                title = title[:29] + str(len(used))
            used.add(title)
            sheet = workbook.create_sheet(title)
            sheet.append(list(frame.columns))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for values in frame.itertuples(index=False):
                sheet.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in values])
            sheet.freeze_panes = "A2"
            text_cells(sheet)  # a source document "=HYPERLINK(…)" from a loaded file stays text
    text_cells(cover)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build(
    query: Query, geo: dict, selection: Selection, unit_name: str, inputs: dict | None = None
) -> tuple[str, bytes]:
    """The pack as (file name, .zip bytes); ``query`` runs a query file (the pages' cache, or a test's);
    ``inputs``: the new-standard page's values for its slide."""
    pack = collect(query, geo, selection, unit_name, inputs)
    with open_chromium() as draw:  # one Chromium for the charts and the PDF
        images = render_charts(pack, draw)
        pdf = pdf_bytes(pack, images, draw)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{pack.file_stem}.pdf", pdf)
        archive.writestr(f"{pack.file_stem}.pptx", pptx_bytes(pack, images))
        archive.writestr(f"{pack.file_stem}.xlsx", xlsx_bytes(pack))
        for key, png in images.items():
            archive.writestr(f"bieu_do/{key}.png", png)
    return f"{pack.file_stem}.zip", buffer.getvalue()
