"""A wrong link is never silently replaced: every bad URL parameter shows what was asked, why it cannot be
shown, and what is shown instead; no traceback reaches the visitor."""

from __future__ import annotations

import pytest

from gnbv.text import plain

BAD_LINKS = [
    # (page, parameters, the words the warning must say)
    (None, {"province": "99999"}, "99999"),
    (None, {"province": "abc"}, "abc"),
    (None, {"province": "３３"}, "３３"),
    (None, {"province": "15", "district": "999"}, "999"),
    (None, {"province": "15", "commune": "00001"}, "00001"),
    (None, {"year": "1900"}, "1900"),
    (None, {"year": "2024.5"}, "2024.5"),
    (None, {"year": "２０２４"}, "２０２４"),
    (None, {"year": "-1"}, "-1"),
    (None, {"scheme": "tomorrow"}, "tomorrow"),
    (None, {"lang": "fr"}, "fr"),
    (None, {"year": "2025", "region": "TDMNPB"}, "TDMNPB"),
    (None, {"year": "2025", "province": "15", "district": "139"}, "139"),
    (None, {"year": "2024", "standard": "1999-2000"}, "1999-2000"),
    (None, {"timer": "99999"}, "99999"),
    (None, {"timer": "²"}, "²"),
    (None, {"present": "maybe"}, "maybe"),
    ("pages/planner.py", {"province": "33", "year": "2023", "target": "nan"}, "nan"),
    ("pages/planner.py", {"province": "33", "year": "2023", "target": "inf"}, "inf"),
    ("pages/planner.py", {"province": "33", "year": "2023", "target": "-5"}, "-5"),
    ("pages/planner.py", {"province": "33", "year": "2023", "cost": "abc"}, "abc"),
    ("pages/planner.py", {"province": "33", "year": "2023", "cost": "-1"}, "-1"),
    ("pages/dimensions.py", {"province": "15", "group": "<script>"}, "script"),
    ("pages/data.py", {"dataset": "passwords"}, "passwords"),
    # Each of these was once replaced without a word.
    ("pages/funding.py", {"province": "15", "year": "2024", "need": "XYZ"}, "XYZ"),
    ("pages/funding.py", {"year": "2024", "need": "XYZ"}, "XYZ"),  # the country has no money-vs-need section
    ("pages/trends.py", {"compare": "99,abc"}, "abc"),
    ("pages/trends.py", {"compare": "<script>"}, "<script>"),
    ("pages/trends.py", {"province": "15", "compare": "99"}, "99"),
    ("pages/planner.py", {"province": "33", "year": "2023", "rule": "xyz"}, "xyz"),
    ("pages/planner.py", {"province": "33", "year": "2023", "rule": "edited", "edits": "333:abc,xx"}, "333:abc"),
    ("pages/planner.py", {"province": "33", "year": "2023", "edits": "1:1," * 7000}, "1:1,1:1"),
    ("pages/planner.py", {"province": "33", "year": "2023", "edits": "99999:5"}, "99999:5"),
    (None, {"timer": "2.5"}, "2.5"),
    (None, {"commune": "abc"}, "abc"),
    (None, {"year": "2026", "province": "01", "district": "123"}, "123"),
    (None, {"year": ["2024", "2023"]}, "2024 · 2023"),
]


@pytest.mark.parametrize(("page", "params", "said"), BAD_LINKS)
def test_a_bad_link_says_what_was_asked_and_what_is_shown(open_app, page, params, said):
    at = open_app(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    warnings = " ".join(w.value for w in at.warning)
    assert plain(said) in warnings, (params, warnings)  # as the visitor typed it, shown as text
    assert at.metric or at.dataframe or at.title  # a view is shown, not an empty page


def test_a_good_link_raises_no_warning(open_app):
    at = open_app("pages/trends.py", province="15", year="2023", lang="en")
    assert not at.exception and not at.warning
