"""Chuẩn mới: what the next poverty standard (2026-2030, from the 2027 review) does to a unit and to each
unit below it, for the unit's latest review year: every household classed again under the new income
lines and the indicators the standards share, with the indicators the data do not hold as an explicit
assumption, and what the policies that follow a household's class would cost.

A province may adopt a higher local standard: the lines are inputs with the national ones as defaults.
Assumed shares are applied to the same households every time (a fixed draw per household); the page
always gives the result with the assumption at 0 % beside the result at the shares set, so a reader sees
how much depends on it. Plain functions of query results (no Streamlit): the page, the slide of the
meeting pack and the tests call them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from data.labels import in_language, label
from data.reference.files import read_reference
from gnbv import formatting
from gnbv.selection import Selection
from gnbv.views import Figure, Query, is_synthetic, kind_note, missing

MAX_OVERRIDES = 200  # units below with shares of their own (a province has up to a few hundred communes)


@dataclass(frozen=True)
class Inputs:
    """What the reader sets: the lines (VND per person per month), the assumed shares (percent) of the
    first and second indicator the data do not hold, shares of their own for some units below, and the
    yearly amount of each policy (VND)."""

    line_rural: int
    line_urban: int
    share_a: int = 0
    share_b: int = 0
    overrides: dict[str, tuple[int, int]] = field(default_factory=dict)
    amounts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """The rules of the simulation for one year (standard_change_settings)."""

    year: int
    standard: str
    next_standard: str
    national_rural: int
    national_urban: int
    income_step: int
    highest_line: int
    share_step: int
    assumed: tuple[str, str]  # the two indicators drawn, in the reader's language
    dropped: str
    verified: bool
    legal_basis: str


@dataclass
class Policy:
    code: str
    name: str
    applies_to: str  # poor | near_poor
    basis: str  # per_person | per_household
    default_amount: float
    is_assumption: bool
    source: str


@dataclass
class NewStandard:
    is_possible: bool
    reason: str | None = None  # why not, in the reader's language
    settings: Settings | None = None
    inputs: Inputs | None = None
    is_synthetic: bool = False
    units: pd.DataFrame = field(default_factory=pd.DataFrame)  # standard_change_by_unit, the selected unit first
    transitions: pd.DataFrame = field(default_factory=pd.DataFrame)  # standard_change_transitions
    figures: list[Figure] = field(default_factory=list)
    costs: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per policy: now, new, change
    link_problems: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def selected(self) -> pd.Series:
        return self.units[self.units["is_selected_unit"]].iloc[0]

    @property
    def units_below(self) -> pd.DataFrame:
        return self.units[~self.units["is_selected_unit"]].reset_index(drop=True)


def settings_of(query: Query, selection: Selection) -> Settings | None:
    """The simulation's rules for the selection's year, else the latest year it can be run for."""
    rows = query("standard_change_settings", scheme=selection.scheme)
    if rows.empty:
        return None
    chosen = rows[rows["year"] == selection.year]
    row = (chosen if len(chosen) else rows).iloc[-1]
    lang = selection.lang
    return Settings(
        year=int(row["year"]),
        standard=row["poverty_standard"],
        next_standard=row["next_standard"],
        national_rural=int(row["line_rural"]),
        national_urban=int(row["line_urban"]),
        income_step=int(row["income_step"]),
        highest_line=int(row["highest_line"]),
        share_step=int(row["share_step"]),
        assumed=(row[in_language("assumed_a", lang)], row[in_language("assumed_b", lang)]),
        dropped=row[in_language("dropped", lang)] or "—",
        verified=bool(row["indicators_verified"]),
        legal_basis=row["legal_basis"],
    )


def policies(lang: str) -> list[Policy]:
    """The policies that follow a household's class (data/reference/class_policies.csv), each amount with
    its source or its «assumption» label."""
    table = read_reference("class_policies.csv")
    return [
        Policy(
            code=row.code,
            name=getattr(row, in_language("name", lang)),
            applies_to=row.applies_to,
            basis=row.basis,
            default_amount=float(row.amount_vnd_per_year),
            is_assumption=row.status != "verified",
            source=row.source_document,
        )
        for row in table.itertuples()
    ]


def checked_inputs(
    settings: Settings,
    line_rural: float | None,
    line_urban: float | None,
    share_a: float | None,
    share_b: float | None,
    overrides_text: str,
    amounts_text: str,
) -> tuple[Inputs, list[dict]]:
    """The inputs as the simulation can apply them, and every value of a link it could not use (a line that
    is not a multiple of the step or beyond the highest line, a share off its steps, an unknown unit or
    policy), each said, never silently replaced: a line is rounded down to its step, a share to its step."""
    problems: list[dict] = []

    def line(value: float | None, default: int, name: str) -> int:
        if value is None:
            return default
        kept = int(min(max(value, settings.income_step), settings.highest_line))
        kept -= kept % settings.income_step
        if kept != value:
            problems.append({"param": name, "value": f"{value:g}", "reason": "line_adjusted", "kept": f"{kept:,}"})
        return kept

    def share(value: float | None, name: str) -> int:
        if value is None:
            return 0
        kept = int(min(max(value, 0), 100))
        kept -= kept % settings.share_step
        if kept != value:
            problems.append({"param": name, "value": f"{value:g}", "reason": "share_adjusted", "kept": kept})
        return kept

    overrides: dict[str, tuple[int, int]] = {}
    parts = [part for part in (overrides_text or "").split(",") if part]
    if len(parts) > MAX_OVERRIDES:
        problems.append({"param": "shares", "value": f"{len(parts)}", "reason": "too_many_shares"})
        parts = []
    for part in parts:
        pieces = part.split(":")
        numbers = pieces[1:]
        valid = len(pieces) == 3 and all(p.isascii() and p.isdigit() and int(p) <= 100 for p in numbers)
        if not valid or int(numbers[0]) % settings.share_step or int(numbers[1]) % settings.share_step:
            problems.append({"param": "shares", "value": part[:40], "reason": "share_invalid"})
        else:
            overrides[pieces[0]] = (int(numbers[0]), int(numbers[1]))

    amounts: dict[str, float] = {}
    known = {policy.code for policy in policies("vi")}
    for part in [part for part in (amounts_text or "").split(",") if part]:
        code, _, value = part.partition(":")
        try:
            number = float(value) if value.isascii() else math.nan
        except ValueError:
            number = math.nan
        if code not in known or not math.isfinite(number) or not 0 <= number <= 1e9:
            problems.append({"param": "amounts", "value": part[:40], "reason": "amount_invalid"})
        else:
            amounts[code] = number
    inputs = Inputs(
        line_rural=line(line_rural, settings.national_rural, "line_rural"),
        line_urban=line(line_urban, settings.national_urban, "line_urban"),
        share_a=share(share_a, "share_a"),
        share_b=share(share_b, "share_b"),
        overrides=overrides,
        amounts=amounts,
    )
    return inputs, problems


def format_overrides(overrides: dict[str, tuple[int, int]]) -> str:
    return ",".join(f"{code}:{a}:{b}" for code, (a, b) in overrides.items())


def format_amounts(amounts: dict[str, float]) -> str:
    return ",".join(f"{code}:{value:g}" for code, value in amounts.items())


def query_parameters(selection: Selection, settings: Settings, inputs: Inputs) -> dict:
    return {
        "scheme": selection.scheme,
        "year": settings.year,
        "line_rural": inputs.line_rural,
        "line_urban": inputs.line_urban,
        "share_a": inputs.share_a,
        "share_b": inputs.share_b,
        "unit_codes": list(inputs.overrides),
        "unit_shares_a": [a for a, _ in inputs.overrides.values()],
        "unit_shares_b": [b for _, b in inputs.overrides.values()],
    }


def _costs(row: pd.Series, inputs: Inputs, lang: str) -> pd.DataFrame:
    """The yearly cost of each policy for the unit now and under the new standard, in VND: persons (or
    households) of the class it follows times the amount."""
    rows = []
    for policy in policies(lang):
        amount = inputs.amounts.get(policy.code, policy.default_amount)
        unit = "members" if policy.basis == "per_person" else "households"
        now = row[f"{policy.applies_to}_{unit}"]
        new = row[f"new_{policy.applies_to}_{unit}"]
        rows.append(
            {
                "code": policy.code,
                "name": policy.name,
                "basis": policy.basis,
                "amount": amount,
                "is_changed": policy.code in inputs.amounts,
                "is_assumption": policy.is_assumption or policy.code in inputs.amounts,
                "source": policy.source,
                "count_now": now,
                "count_new": new,
                "cost_now": None if missing(now) else now * amount,
                "cost_new": None if missing(new) else new * amount,
            }
        )
    frame = pd.DataFrame(rows)
    frame["cost_change"] = frame["cost_new"] - frame["cost_now"]
    return frame


def _figures(row: pd.Series, lang: str) -> list[Figure]:
    def pair(now, new) -> str:
        return f"{formatting.percent(now, lang)} → {formatting.percent(new, lang)}"

    return [
        Figure(
            label("ns_poor_near_poor", lang),
            formatting.percent(row["new_poor_near_poor_rate"], lang),
            delta=label("ns_from", lang, value=formatting.percent(row["poor_near_poor_rate"], lang))
            + f" ({formatting.points(row['poor_near_poor_rate_change'], lang)} {label('points', lang)})",
        ),
        Figure(
            label("ns_households_under_line", lang),
            formatting.integer(row["new_poor_near_poor_households"], lang),
            delta=label(
                "ns_more",
                lang,
                count=formatting.integer(row["new_poor_near_poor_households"] - row["poor_near_poor_households"], lang),
            ),
        ),
        Figure(
            label("ns_poor", lang),
            formatting.integer(row["new_poor_households"], lang),
            delta=pair(row["poor_rate"], row["new_poor_rate"]),
        ),
        Figure(
            label("ns_near_poor", lang),
            formatting.integer(row["new_near_poor_households"], lang),
            delta=label("ns_from", lang, value=formatting.integer(row["near_poor_households"], lang)),
        ),
    ]


def new_standard(query: Query, selection: Selection, raw: dict) -> NewStandard:
    """``raw``: the page's values as the link or the widgets give them (line_rural, line_urban, share_a,
    share_b as numbers or None; shares and amounts as text)."""
    lang = selection.lang
    settings = settings_of(query, selection)
    if settings is None:
        return NewStandard(is_possible=False, reason=label("ns_not_in_scheme", lang))
    if selection.child_level is None and selection.level != "commune":
        return NewStandard(is_possible=False, reason=label("ns_not_in_scheme", lang))
    inputs, problems = checked_inputs(
        settings,
        raw.get("line_rural"),
        raw.get("line_urban"),
        raw.get("share_a"),
        raw.get("share_b"),
        raw.get("shares", ""),
        raw.get("amounts", ""),
    )
    parameters = query_parameters(selection, settings, inputs)
    units = query("standard_change_by_unit", parent_code=selection.unit_code, **parameters)
    if units.empty or not units["is_selected_unit"].any():
        return NewStandard(is_possible=False, reason=label("ns_no_data", lang, year=settings.year), settings=settings)
    below = set(units.loc[~units["is_selected_unit"], "unit_code"])
    unknown = [code for code in inputs.overrides if code not in below]
    if unknown:
        problems += [{"param": "shares", "value": code, "reason": "share_unit_unknown"} for code in unknown]
        inputs = Inputs(
            inputs.line_rural,
            inputs.line_urban,
            inputs.share_a,
            inputs.share_b,
            {code: shares for code, shares in inputs.overrides.items() if code in below},
            inputs.amounts,
        )
        parameters = query_parameters(selection, settings, inputs)
        units = query("standard_change_by_unit", parent_code=selection.unit_code, **parameters)
    if not selection.sees_units_below:
        units = units[units["is_selected_unit"]]
    view = NewStandard(
        is_possible=True,
        settings=settings,
        inputs=inputs,
        units=units.reset_index(drop=True),
        transitions=query("standard_change_transitions", unit_code=selection.unit_code, **parameters),
        link_problems=problems,
    )
    row = view.selected
    view.is_synthetic = is_synthetic(row["data_kind"])
    view.figures = _figures(row, lang)
    view.costs = _costs(row, inputs, lang)
    view.notes = [note for note in _notes(view, selection) if note]
    return view


def _notes(view: NewStandard, selection: Selection) -> list[str | None]:
    lang, settings, inputs, row = selection.lang, view.settings, view.inputs, view.selected
    notes: list[str | None] = [kind_note(row["data_kind"], lang)]
    is_national = (inputs.line_rural, inputs.line_urban) == (settings.national_rural, settings.national_urban)
    notes.append(
        label(
            "ns_lines_national" if is_national else "ns_lines_local",
            lang,
            rural=formatting.integer(inputs.line_rural, lang),
            urban=formatting.integer(inputs.line_urban, lang),
            standard=settings.next_standard,
            basis=settings.legal_basis,
        )
    )
    notes.append(
        label(
            "ns_assumption",
            lang,
            first=settings.assumed[0],
            second=settings.assumed[1],
            share_a=inputs.share_a,
            share_b=inputs.share_b,
            poor_at_zero=formatting.integer(row["new_poor_at_zero"], lang),
            poor=formatting.integer(row["new_poor_households"], lang),
            dropped=settings.dropped,
        )
    )
    if not settings.verified:
        notes.append(label("ns_list_not_verified", lang, standard=settings.next_standard))
    if row["unclassified_households"]:
        notes.append(label("ns_unclassified", lang, count=formatting.integer(row["unclassified_households"], lang)))
    if selection.level == "country" and is_national:
        notes.append(label("ns_projection", lang))
    return notes
