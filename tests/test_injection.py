"""User text is shown as text: a funding file whose «Văn bản nguồn» holds Markdown, HTML, a script and a
formula, loaded into a copy of the demo, then every page, the meeting pack's slides, PDF and workbook.

Nothing of it may become bold text, a link, an image fetched from outside, a script or a live formula."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from data import geo
from data.database import connect
from data.load import load_funding
from gnbv.report import meeting_pack
from gnbv.selection import Selection
from queries import run_query

EVIL = (
    "**đậm** [bấm](javascript:alert(2)) ![t](http://attacker.invalid/t.png) "
    "<script>alert(1)</script> <img src=x onerror=alert(3)> # tiêu đề"
)
FORMULA = '=HYPERLINK("http://attacker.invalid","bấm")'
HEADER = "Mã đơn vị;Năm;Dự án;Nguồn vốn;Loại vốn;Vốn phân bổ (triệu đồng);Giải ngân (triệu đồng);Văn bản nguồn"
# Markdown that Streamlit would render: a link or image, HTML, emphasis; each must arrive escaped.
UNESCAPED = re.compile(r"(?<!\\)\]\(|(?<!\\)<(script|img)|(?<![\\*])\*\*đậm")
# The one image a page writes in Markdown: the first map (gnbv.maps.first_map_image), named by the label
# catalogue and drawn from a base64 SVG made on the server, with no text of a file in it unescaped.
FIRST_MAP = re.compile(r"!\[[\w\s]+\]\(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+\)")
PAGES = [None, "pages/dimensions.py", "pages/funding.py", "pages/trends.py", "pages/planner.py", "pages/data.py"]


@pytest.fixture()
def evil_database(demo_copy):
    rows = [
        f"33;2024;DA1.1;Ngân sách trung ương;Đầu tư phát triển;12.500;10.000;{EVIL}",
        f"33;2024;DA5;Ngân sách địa phương;Sự nghiệp;3.000;2.400;{FORMULA}",
    ]
    content = "\r\n".join(["BIỂU NGUỒN VỐN", HEADER, *rows]).encode("utf-8-sig")
    con = connect(str(demo_copy))
    result = load_funding(con, content, "[tệp](javascript:alert(1)) **x**.csv")
    con.close()
    assert result.status == "loaded", [(p.code, p.value) for p in result.errors]
    return demo_copy


def rendered_text(at) -> list[str]:
    """What every Markdown-rendering element of a run holds."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
    texts = [element.value for kind in kinds for element in getattr(at, kind)]
    return texts + [m.label for m in at.metric] + [str(m.help or "") for m in at.metric]


def test_every_page_shows_the_text_as_text(evil_database, app_on):
    for page in PAGES:
        at = app_on(evil_database, page, province="33", year="2024")
        assert not at.exception, page
        for text in rendered_text(at):
            assert not UNESCAPED.search(FIRST_MAP.sub("", text)), (page, text)
    # Where the file's text is shown, it is a table cell (plain text), character for character.
    funding_page = app_on(evil_database, "pages/funding.py", province="33", year="2024")
    cells = {str(v) for df in funding_page.dataframe for v in df.value.to_numpy().ravel()}
    assert EVIL in cells
    data_page = app_on(evil_database, "pages/data.py", province="33", year="2024")
    cells = {str(v) for df in data_page.dataframe for v in df.value.to_numpy().ravel()}
    assert "[tệp](javascript:alert(1)) **x**.csv" in cells


@pytest.mark.slow  # draws the pack in Chromium
def test_the_meeting_pack_shows_the_text_as_text_and_keeps_formulas_as_text(evil_database):
    con = connect(str(evil_database), read_only=True)

    def query(name: str, **params: object):
        return run_query(con, name, **params)

    selection = Selection("33", "province", 2024, "2022-2025", "vi", "legacy_63")
    _, content = meeting_pack.build(query, geo.load_index(), selection, "Tỉnh Hưng Yên")
    con.close()
    archive = zipfile.ZipFile(io.BytesIO(content))
    pdf = next(n for n in archive.namelist() if n.endswith(".pdf"))
    reader = PdfReader(io.BytesIO(archive.read(pdf)))
    links = [a for page in reader.pages for a in (page.get("/Annots") or []) if "/URI" in str(a.get_object())]
    assert links == []  # no link, whatever the texts said
    book = load_workbook(io.BytesIO(archive.read(next(n for n in archive.namelist() if n.endswith(".xlsx")))))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value in (FORMULA, EVIL)]
    assert {cell.value for cell in cells} == {FORMULA, EVIL} and all(cell.data_type == "s" for cell in cells)
