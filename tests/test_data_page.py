"""Dữ liệu page in AppTest: read-only on the demo database; quality checks, history and schema render."""

from __future__ import annotations

from data.load import households


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
    households_2022 = tables[0]
    assert len(households_2022) == len(households.BASE_FIELDS) + 12  # the base columns, 12 indicators
    assert "Mã hộ" in households_2022.iloc[0]["Accepted headers"]
    assert len(tables[1]) == len(households.BASE_FIELDS) + 10  # the 2016-2020 standard's 10 indicators
