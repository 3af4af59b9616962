"""The meeting pack for Hòa Bình 2024: PDF and PPTX with the same slides, the tables in Excel, a PNG per
chart. The PDF's text is Vietnamese with its diacritics and its fonts are embedded; LibreOffice opens the
PPTX and prints the same number of pages."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from data import geo
from gnbv.report import meeting_pack
from gnbv.selection import Selection
from queries import run_query

pytestmark = pytest.mark.browser
SOFFICE = Path("/usr/bin/soffice")


@pytest.fixture(scope="module")
def pack(demo_con, tmp_path_factory):
    def query(name: str, **params: object):
        return run_query(demo_con, name, **params)

    selection = Selection("17", "province", 2024, "2022-2025", "vi", "legacy_63")
    name, content = meeting_pack.build(query, geo.load_index(), selection, "Tỉnh Hòa Bình")
    folder = tmp_path_factory.mktemp("pack")
    zipfile.ZipFile(io.BytesIO(content)).extractall(folder)
    return name, folder


def fonts_of(reader: PdfReader) -> dict[str, bool]:
    """Font name -> whether the font program is embedded."""
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_the_pack_holds_every_document(pack):
    name, folder = pack
    assert name == "gnbv_tinh_hoa_binh_2024.zip"
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert files == [
        "bieu_do/1_tong_quan.png",
        "bieu_do/2_chieu_thieu_hut.png",
        "bieu_do/3_nguon_von.png",
        "bieu_do/4_xu_huong.png",
        "gnbv_tinh_hoa_binh_2024.pdf",
        "gnbv_tinh_hoa_binh_2024.pptx",
        "gnbv_tinh_hoa_binh_2024.xlsx",
    ]
    for png in (folder / "bieu_do").glob("*.png"):
        assert Image.open(png).size == (2200, 1400)


def test_pdf_text_is_vietnamese_and_fonts_are_embedded(pack):
    _, folder = pack
    reader = PdfReader(folder / "gnbv_tinh_hoa_binh_2024.pdf")
    assert len(reader.pages) == 6  # title + overview, dimensions, funding, trends, targets without data
    text = "\n".join(page.extract_text() for page in reader.pages)
    for phrase in (
        "Giảm nghèo bền vững — Tỉnh Hòa Bình — năm",
        "Dữ liệu ngày",
        "Số liệu mô phỏng: hộ trong cơ sở dữ liệu mẫu",
        "Chiều thiếu hụt dịch vụ xã hội cơ bản",
        "Vốn đầu tư phát triển: 120.839 triệu đồng",
        "Tổng nguồn vốn: 671.041 triệu đồng",
        "Kế hoạch 86/KH-UBND",
        "hộ thoát nghèo",
    ):
        assert phrase in text, phrase
    fonts = fonts_of(reader)
    assert any("NotoSans" in f for f in fonts) and all(fonts.values()), fonts


def test_libreoffice_opens_the_pptx_with_the_same_slides(pack, tmp_path):
    _, folder = pack
    if not SOFFICE.is_file():
        pytest.fail("LibreOffice is missing: make browser-deps installs libreoffice-impress-nogui")
    subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(folder / "gnbv_tinh_hoa_binh_2024.pptx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    reader = PdfReader(tmp_path / "gnbv_tinh_hoa_binh_2024.pdf")
    assert len(reader.pages) == 6
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Nguồn vốn năm 2024" in text and "Vốn vay NHCSXH: khoảng 350.000 triệu" in text, text


def test_excel_has_the_tables_behind_the_slides(pack):
    _, folder = pack
    workbook = load_workbook(folder / "gnbv_tinh_hoa_binh_2024.xlsx")
    assert workbook.sheetnames[0] == "GNBV"
    assert {"Tổng quan", "Đơn vị cấp dưới", "Chiều thiếu hụt", "Nguồn vốn", "Vốn theo dự án", "Biến động"} <= set(
        workbook.sheetnames
    )
    funding = workbook["Nguồn vốn"]
    header = [c.value for c in funding[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in funding.iter_rows(min_row=2, values_only=True)}
    assert rows["total"]["plan_amount"] == 671041
    assert rows["development_investment"]["plan_amount"] == 120839
    assert workbook["GNBV"]["A1"].value == "Giảm nghèo bền vững — Tỉnh Hòa Bình — năm 2024"


def test_a_pack_of_today_s_units_holds_the_new_standard_slide_with_the_page_s_inputs(demo_con, tmp_path):
    """Today's Lào Cai in 2025: the pack carries the Chuẩn mới slide, computed with the lines the page had
    (a rural line of 2.600.000 đ here), and says the result is a simulation; a unit without review data
    has nothing to pack, said as such."""

    def query(name: str, **params: object):
        return run_query(demo_con, name, **params)

    selection = Selection("15", "province", 2025, "2022-2025", "vi", "from_2025")
    _, content = meeting_pack.build(
        query, geo.load_index(), selection, "Tỉnh Lào Cai", inputs={"line_rural": 2_600_000}
    )
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path)
    pdf = next(tmp_path.glob("*.pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Chuẩn nghèo 2026-2030 áp vào kỳ rà soát 2025 (mô phỏng)" in text
    assert "2.600.000" in text

    empty = Selection("11", "province", 2025, "2022-2025", "vi", "from_2025")  # Điện Biên: not in the seed
    with pytest.raises(meeting_pack.NothingToPack):
        meeting_pack.collect(query, geo.load_index(), empty, "Tỉnh Điện Biên", {})
