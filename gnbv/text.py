"""User-supplied text (file contents, file names, unit names from a file, URL values) shown safely.

Streamlit renders Markdown in messages, captions, labels and buttons, and plotly renders a subset of
HTML in chart text: a «Văn bản nguồn» of ``**đậm** [bấm](javascript:…) ![t](http://…/t.png)`` must be
shown as those characters, never as bold text, a link or an image fetched from outside.
"""

from __future__ import annotations

import html
import re

from unidecode import unidecode

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@&=])")


def plain(text: object) -> str:
    """``text`` with every Markdown and HTML character escaped, for any Streamlit element that renders
    Markdown. Line breaks become spaces, so a value cannot start a heading or a list."""
    flattened = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flattened)


def chart_text(text: object) -> str:
    """``text`` for plotly labels and hover text (which render <b>, <a>, <br> …): HTML-escaped."""
    return html.escape(str(text), quote=True)


def file_slug(text: object) -> str:
    """``text`` as a file-name part any system and any zip tool takes: "Tỉnh Hòa Bình" -> "tinh_hoa_binh"."""
    return re.sub(r"[^a-z0-9]+", "_", unidecode(str(text)).lower()).strip("_") or "gnbv"
