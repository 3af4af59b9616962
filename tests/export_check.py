"""The Hưng Yên 2024 appendix as Kế hoạch 45/KH-UBND prints it, read from data/reference (for export tests)."""

from __future__ import annotations

from data.reference.files import read_reference
from gnbv.report.appendix_workbook import HEADERS


def appendix_rows_of_the_plan() -> list[list]:
    plan = read_reference("seed_targets.csv")
    plan = plan[plan["province_code"] == "33"]
    value = {(r.unit_name, r.metric): float(r.target_low) for r in plan.itertuples()}
    districts = list(dict.fromkeys(plan.loc[plan["level"] == "district", "unit_name"]))
    rows = [list(HEADERS)]
    for index, name in enumerate(districts, start=1):
        rows.append(
            [
                index,
                name,
                int(value[(name, "total_households")]),
                int(value[(name, "poor_households")]),
                value[(name, "poverty_rate")],
            ]
        )
    province = plan.loc[plan["level"] == "province", "unit_name"].iloc[0]
    rows.append(
        [
            None,
            "Tổng cộng",
            int(value[(province, "total_households")]),
            int(value[(province, "poor_households")]),
            value[(province, "poverty_rate")],
        ]
    )
    return rows
