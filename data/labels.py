"""Label catalogues (assets/labels_<lang>.toml, assets/metrics_<lang>.toml), Vietnamese first."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


@cache
def catalogue(kind: str, lang: str) -> dict[str, str]:
    with open(ASSETS / f"{kind}_{lang}.toml", "rb") as fh:
        return tomllib.load(fh)


def label(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    text = catalogue("labels", lang).get(key) or catalogue("labels", DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text


def metric_name(metric: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return catalogue("metrics", lang).get(metric) or catalogue("metrics", DEFAULT_LANGUAGE).get(metric, metric)


def in_language(stem: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The column of a reference table that holds ``stem`` in ``lang``: "name" -> "name_vi" / "name_en"."""
    return f"{stem}_{lang if lang in LANGUAGES else DEFAULT_LANGUAGE}"
