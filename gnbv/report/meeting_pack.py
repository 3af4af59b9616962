"""The meeting pack: for the current filters, the same slides as a PDF and a PPTX, the tables behind them
as an Excel workbook, and a PNG of each chart, in one .zip.

Slides: a title slide (unit, year, date of the data, whether it is synthetic, source documents), then
overview (map), deprivation dimensions, funding and trends: the views of presentation mode. Every
number comes from the same queries as the pages; charts are the pages' own figures, drawn on the server
by plotly.js in Chromium (gnbv.report.chromium).
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

from data.geo import GeoDataMissing, map_layer
from data.labels import label, metric_name
from gnbv import charts, formatting, maps
from gnbv.report.chromium import Renderer, renderer
from gnbv.selection import Selection
from gnbv.ui.cache import geo_index, query

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, 13.33 × 7.5 in
FONT = "Noto Sans"


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


def _overview_slide(selection: Selection, lang: str) -> Slide:
    params = {"unit_code": selection.unit_code, "year": selection.year, "standard": selection.standard}
    overview = query("unit_overview", **params)
    targets = query("target_progress", **params)
    kpi = overview.iloc[0]
    lines = [
        f"{label('kpi_poverty_rate', lang)}: {formatting.percent(kpi['poverty_rate'], lang)}"
        f" ({formatting.integer(kpi['poor_households'], lang)} / {formatting.integer(kpi['households'], lang)})",
        f"{label('kpi_near_poor_rate', lang)}: {formatting.percent(kpi['near_poor_rate'], lang)}",
    ]
    for row in targets.itertuples():
        target = formatting.target(row.target_low, row.target_high, row.unit, row.direction, lang)
        actual = "—" if pd.isna(row.actual_value) else formatting.target_value(row.actual_value, row.unit, lang)
        lines.append(
            f"{metric_name(row.metric, lang)}: {target} · {label('col_actual', lang)} {actual} · "
            f"{label(f'status_{row.status}', lang)} ({row.source_document})"
        )
    figure, tables = None, {label("pack_sheet_overview", lang): overview}
    if selection.child_level:
        rates = query(
            "rates_of_units_below", parent_code=selection.unit_code, year=selection.year, standard=selection.standard
        )
        tables[label("pack_sheet_units", lang)] = rates
        try:
            layer = map_layer(geo_index(), selection.unit_code)
        except GeoDataMissing:
            layer = None
        if layer is not None and rates["poverty_rate"].notna().any():
            figure = maps.choropleth(rates, layer, lang, height=900)
    tables[label("pack_sheet_targets", lang)] = targets
    title = label("pack_slide_overview", lang)
    return Slide("1_tong_quan", title, lines[:6], figure, tables)


def _dimensions_slide(selection: Selection, lang: str) -> Slide | None:
    params = {"unit_code": selection.unit_code, "year": selection.year, "standard": selection.standard}
    group = "poor_near_poor"
    shares = query("deprivation_shares", group=group, **params)
    if shares.empty:
        return None
    summary = query("mpi_summary", group=group, **params).iloc[0]
    targets = query("dimension_target_progress", **params)
    name_column = "name_vi" if lang == "vi" else "name_en"
    top = shares.sort_values("deprived_share", ascending=False).head(3)
    lines = [label("pack_group_note", lang, group=label(f"group_{group}", lang))]
    lines += [f"{getattr(r, name_column)}: {formatting.percent(r.deprived_share, lang, 1)}" for r in top.itertuples()]
    m0 = formatting.decimal(summary["adjusted_headcount"], lang, 3)
    headcount = formatting.percent(summary["headcount_ratio"], lang, 1)
    lines.append(f"M0 = {m0} (H = {headcount}, A = {formatting.percent(summary['intensity'], lang, 1)})")
    figure = charts.deprivation_bars(shares, name_column, lang)
    tables = {label("pack_sheet_dimensions", lang): shares, label("pack_sheet_dimension_targets", lang): targets}
    return Slide("2_chieu_thieu_hut", label("pack_slide_dimensions", lang), lines, figure, tables)


def _funding_slide(selection: Selection, lang: str) -> Slide | None:
    kinds = query("funding_by_kind", unit_code=selection.unit_code, year=selection.year)
    if kinds["breakdown_row_count"].sum() == 0 and kinds["plan_amount"].isna().all():
        return None
    by_year = query("funding_by_year", unit_code=selection.unit_code)
    projects = query("funding_by_project", unit_code=selection.unit_code, year=selection.year)
    use_plan = kinds["plan_amount"].notna().any()
    column = "plan_amount" if use_plan else "allocated"
    lines = []
    for row in kinds.itertuples():
        approximate = bool(row.plan_is_approximate) if use_plan and pd.notna(row.plan_is_approximate) else False
        amount = formatting.million(getattr(row, column), lang, approximate=approximate)
        lines.append(f"{label(f'money_{row.money_kind}', lang)}: {amount} {label('million_unit', lang)}")
    source = kinds["plan_source_document"].dropna()
    note = (
        label("pack_funding_source", lang, source=source.iloc[0])
        if len(source)
        else label("funding_from_breakdown", lang)
    )
    figure = charts.money_by_year(by_year, lang) if len(by_year) else None
    tables = {
        label("pack_sheet_funding", lang): kinds,
        label("pack_sheet_projects", lang): projects,
        label("pack_sheet_funding_years", lang): by_year,
    }
    return Slide("3_nguon_von", label("pack_slide_funding", lang, year=selection.year), lines, figure, tables, note)


def _trends_slide(selection: Selection, lang: str) -> Slide | None:
    series = query("rate_series", unit_code=selection.unit_code)
    own = series[series["is_selected_unit"]]
    if own.empty:
        return None
    trajectories = query("target_trajectories", unit_code=selection.unit_code)
    flows = query("flows_over_years", unit_code=selection.unit_code)
    lines = [
        f"{r.year}: {formatting.percent(r.poverty_rate, lang)} ({label('standard', lang)} {r.poverty_standard})"
        for r in own.itertuples()
    ]
    for r in flows.tail(1).itertuples():
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
    figure = charts.rate_trend(series, trajectories, [], lang)
    tables = {label("pack_sheet_series", lang): own, label("pack_sheet_flows", lang): flows}
    return Slide("4_xu_huong", label("pack_slide_trends", lang), lines, figure, tables)


def collect(selection: Selection, unit_name: str) -> Pack:
    lang = selection.lang
    source = dict(query("data_source").itertuples(index=False, name=None))
    is_synthetic = bool(query("unit_data_kind", unit_code=selection.unit_code)["is_synthetic"].iloc[0])
    slides = [
        s
        for s in (
            _overview_slide(selection, lang),
            _dimensions_slide(selection, lang),
            _funding_slide(selection, lang),
            _trends_slide(selection, lang),
        )
        if s is not None
    ]
    documents = query(
        "target_progress", unit_code=selection.unit_code, year=selection.year, standard=selection.standard
    )["source_document"].drop_duplicates()
    facts = [
        label("pack_data_date", lang, date=source.get("data_date", "—")),
        label("synthetic_note", lang) if is_synthetic else label("real_data", lang),
        label("pack_made", lang, when=datetime.now().strftime("%d/%m/%Y %H:%M")),
        *[label("pack_source", lang, source=d) for d in documents],
    ]
    return Pack(
        title=label("pack_title", lang, unit=unit_name, year=selection.year),
        subtitle=label("app_subtitle", lang),
        facts=facts,
        slides=slides,
        file_stem=f"gnbv_{selection.unit_code}_{selection.year}",
    )


# --- the documents ---------------------------------------------------------------------------------------


def render_charts(pack: Pack, draw: Renderer) -> dict[str, bytes]:
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


def pdf_bytes(pack: Pack, images: dict[str, bytes], draw: Renderer) -> bytes:
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build(selection: Selection, unit_name: str) -> tuple[str, bytes]:
    """The pack as (file name, .zip bytes)."""
    pack = collect(selection, unit_name)
    with renderer() as draw:  # one Chromium for the charts and the PDF
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
