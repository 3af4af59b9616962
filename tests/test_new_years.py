"""The years of 2026-2030: the 2026 review loads like any other year on today's units (still the 2022-2025
standard); a 2027 file is read under the 2026-2030 standard with its indicator list, and one reviewed
under the old standard is refused, saying what the new one needs."""

from __future__ import annotations

from review_files import HEADERS, INDICATORS_2022, export_rows, review_file, review_households

from data.load import load_households

NEW_ONLY = {"deprived_waste_disposal": "Xử lý rác thải", "deprived_digital_services": "Sử dụng dịch vụ số"}


def test_a_2026_review_loads_on_today_s_units_under_the_2022_2025_standard(con):
    frame = review_households(con, "15", count=200, scheme="from_2025")
    result = load_households(con, review_file(frame, 2026), "lao-cai-2026.csv", 2026)
    assert result.status == "loaded", [(p.code, p.value) for p in result.errors[:3]]
    assert result.scheme == "from_2025"
    assert con.sql("select distinct poverty_standard, scheme, year from household_review").fetchall() == [
        ("2022-2025", "from_2025", 2026)
    ]


def test_a_2027_file_reviewed_under_the_old_standard_is_refused_with_what_the_new_one_needs(con):
    frame = review_households(con, "15", count=60, scheme="from_2025")
    result = load_households(con, review_file(frame, 2027), "lao-cai-2027.csv", 2027)
    assert result.status == "rejected"
    refused = [p for p in result.errors if p.code == "indicator_not_in_standard"]
    assert [p.details["column"] for p in refused] == [HEADERS["deprived_information"]]
    message = refused[0].message("vi")
    assert "2022-2025" in message and "2026-2030" in message and "rác thải" in message and "dịch vụ số" in message
    assert con.sql("select count(*) from household_review").fetchall() == [(0,)]


def test_a_2027_file_with_the_new_indicators_loads_under_the_2026_2030_standard(con):
    frame = review_households(con, "15", count=60, scheme="from_2025")
    for column in NEW_ONLY:
        frame[column] = frame["deprived_water"]  # whatever the review found: here, as water
    columns = [c for c in HEADERS if c != "deprived_information" and c != "district_code"]
    rows = export_rows(frame, 2027, columns=columns)
    rows[2] += list(NEW_ONLY.values())
    for row, household in zip(rows[3:], frame.itertuples(), strict=True):
        row += ["x" if getattr(household, column) else "" for column in NEW_ONLY]
    result = load_households(con, review_file(None, 2027, rows=rows), "lao-cai-2027.csv", 2027)
    assert result.status == "loaded", [(p.code, p.details, p.value) for p in result.errors[:3]]
    assert "indicators_not_verified" in {p.code for p in result.warnings}  # the list is an assumption
    (standard, known) = con.sql(
        "select distinct poverty_standard, indicators_known_mask from household_review"
    ).fetchall()[0]
    bits = dict(con.sql("select code, bit from indicator where standard = '2026-2030'").fetchall())
    assert standard == "2026-2030"
    assert known == sum(1 << bit for bit in bits.values())  # every indicator of the new list, none other
    assert len(INDICATORS_2022) == 12 and len(bits) == 13
