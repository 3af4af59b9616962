"""Charts and downloads kept for what they hold: the same content gives the same object, any change a new one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gnbv import charts, maps, shared_results


def _by_year(allocated: float = 120_000.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2024, 2025, 2024],
            "money_kind": ["development_investment", "development_investment", "recurrent"],
            "name_vi": ["Vốn đầu tư phát triển", "Vốn đầu tư phát triển", "Vốn sự nghiệp"],
            "name_en": ["Development investment", "Development investment", "Recurrent"],
            "allocated": [allocated, 80_000.0, 40_000.0],
            "disbursed": [100_000.0, 60_000.0, 35_000.0],
        }
    )


def test_the_same_content_gives_the_same_figure_and_the_figure_is_what_the_builder_draws():
    first = charts.money_by_year(_by_year(), "vi")
    assert charts.money_by_year(_by_year(), "vi") is first  # another frame, equal content
    assert first.to_json() == charts.money_by_year.uncached(_by_year(), "vi").to_json()


@pytest.mark.parametrize(
    "changed",
    [
        lambda frame: frame.assign(allocated=[120_000.0, 80_000.0, 40_000.5]),  # one value
        lambda frame: frame.assign(year=frame["year"].astype(float)),  # the same numbers, another type
        lambda frame: frame.set_axis([5, 6, 7]),  # the index
        lambda frame: frame.rename_axis("year_index"),  # the index's name
        lambda frame: frame.rename(columns={"name_en": "name_fr"}),  # a column's name
        lambda frame: frame.iloc[::-1],  # the order of the rows
    ],
)
def test_any_change_of_content_gives_another_fingerprint(changed):
    frame = _by_year()
    assert shared_results.fingerprint(changed(frame)) != shared_results.fingerprint(frame)


def test_options_and_language_are_part_of_the_key():
    assert charts.money_by_year(_by_year(), "en") is not charts.money_by_year(_by_year(), "vi")
    layer = {"url": "/app/static/geo/p.json", "codes": {"01", "02"}, "is_national": True}
    rates = pd.DataFrame(
        {
            "unit_code": ["01", "02"],
            "short_name": ["Hà Nội", "Hà Giang"],
            "lat": [21.0, 22.8],
            "lon": [105.8, 105.0],
            "poverty_rate": [0.01, 0.2],
            "poor_households": [10, 200],
            "households": [1000, 1000],
        }
    )
    assert maps.choropleth(rates, layer, "vi", height=900) is not maps.choropleth(rates, layer, "vi")
    assert maps.choropleth(rates, {**layer, "codes": {"01"}}, "vi") is not maps.choropleth(rates, layer, "vi")


def test_what_cannot_be_summed_up_is_built_every_time():
    calls = []

    @shared_results.shared_result
    def build(frame):
        calls.append(1)
        return object()

    listed = pd.DataFrame({"codes": [["01", "02"], ["03"]]})  # a column of lists
    assert build(listed) is not build(listed)
    assert build(np.array(["a"], dtype=object)) is not build(np.array(["a"], dtype=object))
    assert len(calls) == 4
    assert build(pd.DataFrame({"a": [1]})) is build(pd.DataFrame({"a": [1]}))
    assert len(calls) == 5


def test_only_the_last_results_used_are_kept(monkeypatch):
    monkeypatch.setattr(shared_results._results, "size", 2)

    @shared_results.shared_result
    def build(value):
        return [value]

    first, second = build(1), build(2)
    assert build(1) is first  # used again: now the most recent
    build(3)  # drops 2, the least recently used
    assert build(1) is first
    assert build(2) is not second


def test_the_planner_s_appendix_is_built_once_per_scenario():
    from gnbv.report import appendix_workbook

    rows = [
        {"name": "Mường Lát", "households": 9_812, "poor": 2_104},
        {"name": "Quan Sơn", "households": 9_950, "poor": 1_733},
    ]
    first = appendix_workbook.build(rows, "Phụ lục", "Theo tỷ lệ", [])
    assert appendix_workbook.build([dict(row) for row in rows], "Phụ lục", "Theo tỷ lệ", []) is first
    changed = [rows[0], {**rows[1], "poor": 1_734}]
    assert appendix_workbook.build(changed, "Phụ lục", "Theo tỷ lệ", []) != first
