"""Charts and downloads built once for what they hold.

A chart is a pure function of its frames and options (gnbv/charts.py, gnbv/maps.py), and so is a file a
page offers for download (the planner's appendix); every session that opens a view built the same ones: a
meeting following one link built them once per person. plotly's construction and validation of a figure
was about a quarter of a page view's server time, the planner's appendix workbook a third of its page's
(docs/performance.md). ``shared_result`` keeps the result for a fingerprint of the arguments, so the next
session of a view reuses the first one's.

A result is shared between sessions and threads: nobody may change it after it is returned (bytes cannot
be; Streamlit copies a figure with ``to_dict`` before it serialises it, the meeting pack reads its JSON).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd

Result = TypeVar("Result")
MAX_RESULTS = 256  # a figure or a workbook is tens of kilobytes; a meeting moves through a few dozen views


class LastUsed:
    """The values of the last ``size`` keys used, shared between threads: what ``shared_result`` keeps, and
    the query results of gnbv/ui/cache.py (a plain dictionary, where Streamlit's caches hashed the
    arguments of every call)."""

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[object, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: object) -> object | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: object, value: object) -> None:
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


_results = LastUsed(MAX_RESULTS)


_PLAIN = frozenset({str, int, float, bool, type(None)})


class Unfingerprintable(TypeError):
    """An argument whose content cannot be summed up reliably: the result is built, not shared."""


def _feed(digest, value: object) -> None:
    """Feed ``value``'s type and content into ``digest``; raise Unfingerprintable for anything else."""
    digest.update(type(value).__name__.encode())
    if value is None or isinstance(value, (bool, int, float, str, bytes, np.generic)):
        digest.update(repr(value).encode())
    elif isinstance(value, pd.DataFrame):
        digest.update(
            repr((list(value.columns), [str(t) for t in value.dtypes], value.shape, value.index.names)).encode()
        )
        _feed_values(digest, value.index)
        for _name, column in value.items():
            _feed_values(digest, column)
    elif isinstance(value, pd.Series):
        digest.update(repr((value.name, str(value.dtype), len(value), value.index.names)).encode())
        _feed_values(digest, value.index)
        _feed_values(digest, value)
    elif isinstance(value, np.ndarray):
        if value.dtype == object:
            raise Unfingerprintable("object array")
        digest.update(repr((str(value.dtype), value.shape)).encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
        if all(type(item) in _PLAIN for item in items):  # a unit list, options: one repr, not one per item
            digest.update(repr(items).encode())
            return
        digest.update(str(len(items)).encode())
        for item in items:
            _feed(digest, item)
    elif isinstance(value, dict):
        digest.update(str(len(value)).encode())
        for key in sorted(value, key=repr):
            _feed(digest, key)
            _feed(digest, value[key])
    else:
        raise Unfingerprintable(type(value).__name__)


def _feed_values(digest, values: pd.Series | pd.Index) -> None:
    """A column's values: their bytes when they are numbers or dates, else their repr, element by element
    (pandas' own hash_pandas_object costs a third of a millisecond per column; a map's frame has 25)."""
    array = values.to_numpy()
    if array.dtype.kind in "biufcmM":
        digest.update(np.ascontiguousarray(array).tobytes())
        return
    items = array.tolist()
    if any(isinstance(item, (list, dict, set, np.ndarray)) for item in items):
        raise Unfingerprintable("a column of containers")
    digest.update(repr(items).encode())


def fingerprint(*values: object) -> bytes:
    """A digest of the values' types and contents (equal content, equal fingerprint)."""
    digest = hashlib.blake2b(digest_size=20)
    for value in values:
        _feed(digest, value)
    return digest.digest()


def shared_result(builder: Callable[..., Result]) -> Callable[..., Result]:
    """``builder``, its result kept for the fingerprint of its arguments (the last MAX_RESULTS used)."""
    name = f"{builder.__module__}.{builder.__qualname__}"

    @functools.wraps(builder)
    def build(*args: object, **kwargs: object) -> Result:
        try:
            key = fingerprint(name, args, kwargs)
        except Unfingerprintable:
            return builder(*args, **kwargs)
        result = _results.get(key)
        if result is None:
            result = builder(*args, **kwargs)  # outside the lock: two sessions may build one at once
            _results.put(key, result)
        return result

    build.uncached = builder
    return build
