"""Dữ liệu page in AppTest: read-only on the demo database; quality checks, history and schema render."""

from __future__ import annotations

from data.load import households
from data.reference import facts


def test_data_page_on_the_read_only_demo(open_app):
    at = open_app("pages/data.py", province="15")
    assert not at.exception
    assert any("chỉ đọc" in w.value for w in at.warning)  # the tests open the demo read-only
    assert next(b for b in at.button if b.label == "Kiểm tra và nạp").disabled
    shown = {m.label: m.value for m in at.metric}
    assert shown["Hộ phân loại lệch quy tắc"] == "0"  # the demo follows the rule for every household
    assert int(shown["Xã có tỷ lệ nghèo đổi > 10 điểm"]) > 0  # Trạm Tấu's communes fall fast
    assert shown["Đơn vị chưa có ranh giới"] == "0"
    assert any("Chưa có lần nạp nào" in i.value for i in at.info)


def test_schema_lists_every_column_with_its_aliases(open_app):
    at = open_app("pages/data.py", lang="en")
    tables = [df.value for df in at.dataframe if "Accepted headers" in df.value.columns]
    # Newest standard first: 2026-2030 (13 indicators as configured), 2022-2025 (12), 2016-2020 (10).
    indicators = facts.indicators().groupby("standard").size()
    for table, standard in zip(tables, ["2026-2030", "2022-2025", "2016-2020"], strict=False):
        assert len(table) == len(households.BASE_FIELDS) + indicators[standard]
    assert indicators["2022-2025"] == 12 and indicators["2016-2020"] == 10
    assert "Mã hộ" in tables[1].iloc[0]["Accepted headers"]
