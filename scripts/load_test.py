"""A meeting's load, without browsers: sessions talking Streamlit's own websocket protocol.

Each session does what a browser does: fetches the page (its cookies: nginx's sticky route, Streamlit's
XSRF token), opens the websocket ``/_stcore/stream`` and asks for script runs with Streamlit's protobuf
``BackMsg`` (a page and its URL parameters, as when a link is followed or the sidebar changes the
view). An interaction is timed from the request to the server's ``script_finished``. An exception
element in the reply, a page-not-found, a run that does not finish or a dropped connection counts as
an error. Against 127.0.0.1 only.

``python scripts/load_test.py http://127.0.0.1:8080 --sessions 30 --interactions 10``
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import http.cookies
import json
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

# What a committee clicks through: the country, provinces of both schemes, a district, other years.
VIEWS = [
    "",
    "province=15&year=2023",
    "province=33&year=2024",
    "province=38&year=2023",
    "province=38&district=399&year=2023",
    "province=17&year=2024",
    "province=34&year=2022",
    "year=2025",
    "province=08&year=2025",
    "province=33&year=2025",
]
PAGES = ["tong-quan", "chieu-thieu-hut", "nguon-von", "xu-huong"]
RUN_TIMEOUT = 120


@dataclass
class Outcome:
    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _fetch_cookies(base: str, page: str = "/") -> dict[str, str]:
    """The cookies a browser holds before it opens the stream: the page's (the proxy's route) and the health
    check's (Streamlit's XSRF token, which the stream and every upload must echo)."""
    jar = http.cookies.SimpleCookie()
    for path in (page, "/_stcore/health"):
        request = urllib.request.Request(base + path)
        if jar:
            request.add_header("Cookie", "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items()))
        with urllib.request.urlopen(request, timeout=30) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                jar.load(header)
            response.read()
    return {name: morsel.value for name, morsel in jar.items()}


def _rerun(query_string: str, page_hash: str = "", page_name: str = "") -> bytes:
    message = BackMsg()
    state = message.rerun_script
    state.query_string = query_string
    state.page_script_hash = page_hash
    state.page_name = page_name
    state.context_info.timezone = "Asia/Ho_Chi_Minh"
    state.context_info.locale = "vi-VN"
    return message.SerializeToString()


async def _connect(base: str, page: str = "/"):
    """Fetch the page as a browser does (cookies: the proxy's route, the XSRF token), then open the stream."""
    cookies = await asyncio.to_thread(_fetch_cookies, base, page)
    xsrf = cookies.get("_streamlit_xsrf", "")
    return websockets.connect(
        f"ws://{urllib.parse.urlsplit(base).netloc}/_stcore/stream",
        subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
        additional_headers={"Origin": base, "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())},
        max_size=None,
        open_timeout=60,
    )


async def _run_once(socket, request: bytes, pages: dict[str, str], metrics: dict[str, str] | None = None) -> str | None:
    """Send one rerun and read until it finishes; the error, or None. ``metrics`` collects the KPI cards."""
    await socket.send(request)
    error = None
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(socket.recv(), RUN_TIMEOUT))
        kind = message.WhichOneof("type")
        if kind == "navigation":
            pages.update({page.url_pathname: page.page_script_hash for page in message.navigation.app_pages})
        elif kind == "page_not_found":
            error = "page not found"
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            if metrics is not None and message.delta.new_element.WhichOneof("type") == "metric":
                metrics[message.delta.new_element.metric.label] = message.delta.new_element.metric.body
            if message.delta.new_element.WhichOneof("type") == "exception":
                exception = message.delta.new_element.exception
                error = f"{exception.type}: {exception.message[:120]}"
            elif message.delta.new_element.WhichOneof("type") == "alert":
                # A page that says it cannot show its figures (the database locked or damaged) is answered
                # fast: counted as an error, never as a fast view.
                alert = message.delta.new_element.alert
                if alert.format == Alert.ERROR:
                    error = f"error shown: {alert.body[:120]}"
        elif kind == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                error = "compile error"
            return error


async def _session(base: str, interactions: int, seed: int, outcome: Outcome) -> None:
    choose = random.Random(seed)
    try:
        async with await _connect(base) as socket:
            pages: dict[str, str] = {}
            for index in range(interactions):
                view = VIEWS[(seed + index) % len(VIEWS)] if index else choose.choice(VIEWS)
                # The first run opens the shared link (the default page); later runs name a page by its hash.
                page = PAGES[(seed + index) % len(PAGES)] if index else PAGES[0]
                page_hash = pages.get(page) or pages.get("" if page == PAGES[0] else page, "")
                request = _rerun(view, page_hash)
                started = time.perf_counter()
                try:
                    error = await _run_once(socket, request, pages)
                except TimeoutError:
                    error = f"no answer within {RUN_TIMEOUT} s"
                outcome.seconds.append(time.perf_counter() - started)
                if error:
                    outcome.errors.append(f"{page}?{view}: {error}")
    except (OSError, websockets.WebSocketException) as error:
        outcome.errors.append(f"session {seed}: {type(error).__name__}: {error}")


async def _visitor(base: str, links: int, seed: int, outcome: Outcome) -> None:
    """A visitor following ``links`` links one after the other, each in a new session as a browser tab
    opened on a link does: the page fetched, a new stream, the first run of the linked page."""
    for index in range(links):
        view = VIEWS[(seed + index) % len(VIEWS)]
        page = PAGES[(seed * 3 + index) % len(PAGES)]
        started = time.perf_counter()
        try:
            async with await _connect(base, "/" if page == PAGES[0] else "/" + page) as socket:
                error = await _run_once(socket, _rerun(view, page_name="" if page == PAGES[0] else page), {})
        except TimeoutError:
            error = f"no answer within {RUN_TIMEOUT} s"
        except (OSError, websockets.WebSocketException) as problem:
            error = f"{type(problem).__name__}: {problem}"
        outcome.seconds.append(time.perf_counter() - started)
        if error:
            outcome.errors.append(f"{page}?{view}: {error}")


async def _metrics(base: str, query_string: str) -> dict[str, str]:
    async with await _connect(base) as socket:
        metrics: dict[str, str] = {}
        error = await _run_once(socket, _rerun(query_string), {}, metrics)
    if error:
        raise RuntimeError(error)
    return metrics


async def _visit(base: str, page: str, query_string: str) -> tuple[str, object]:
    """Open a session, follow a link to ``page`` (its URL path), and keep the socket open: (session id,
    socket). The caller closes the socket."""
    connection = await _connect(base)
    socket = await connection.__aenter__()
    pages: dict[str, str] = {}
    session = ""
    await socket.send(_rerun(query_string))
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(socket.recv(), RUN_TIMEOUT))
        kind = message.WhichOneof("type")
        if kind == "new_session":
            session = message.new_session.initialize.session_id or session
        elif kind == "navigation":
            pages.update({entry.url_pathname: entry.page_script_hash for entry in message.navigation.app_pages})
        elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            break
    if page:
        await _run_once(socket, _rerun(query_string, pages.get(page, "")), pages)
    return session, connection


def session_on_page(base: str, page: str, query_string: str = ""):
    """A live session that followed a link to ``page``: (session id, a function that closes it)."""
    loop = asyncio.new_event_loop()
    session, connection = loop.run_until_complete(_visit(base.rstrip("/"), page, query_string))

    def close() -> None:
        loop.run_until_complete(connection.__aexit__(None, None, None))
        loop.close()

    return session, close


def overview_metrics(base: str, query_string: str) -> dict[str, str]:
    """The Overview's KPI cards (label → value as shown) for a view, as one session sees them."""
    return asyncio.run(_metrics(base.rstrip("/"), query_string))


async def _all(base: str, sessions: int, interactions: int, links: bool) -> tuple[Outcome, float]:
    outcome = Outcome()
    # Each visitor fetches its page on a thread of its own, as each browser does: asyncio's default pool
    # (six threads on two cores) queued a hundred visitors' page fetches behind one another.
    asyncio.get_running_loop().set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers=sessions))
    started = time.perf_counter()
    one = _visitor if links else _session
    await asyncio.gather(*(one(base, interactions, seed, outcome) for seed in range(sessions)))
    return outcome, time.perf_counter() - started


def run(base: str, sessions: int = 30, interactions: int = 10, links: bool = False) -> dict:
    """Run the load and summarise it: interactions per second, median and p95 seconds, errors.
    ``links``: every interaction is a link followed in a new session (else reruns inside each session)."""
    if urllib.parse.urlsplit(base).hostname not in ("127.0.0.1", "localhost"):
        raise ValueError("the load test runs against 127.0.0.1 only")
    outcome, wall = asyncio.run(_all(base.rstrip("/"), sessions, interactions, links))
    times = sorted(outcome.seconds)
    return {
        "sessions": sessions,
        "interactions": len(times),
        "seconds": round(wall, 1),
        "per_second": round(len(times) / wall, 2) if wall else None,
        "median_s": round(statistics.median(times), 2) if times else None,
        "p95_s": round(times[int(0.95 * (len(times) - 1))], 2) if times else None,
        "max_s": round(times[-1], 2) if times else None,
        "errors": len(outcome.errors),
        "first_errors": outcome.errors[:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--interactions", type=int, default=10)
    parser.add_argument("--links", action="store_true", help="each interaction a link followed in a new session")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.url, args.sessions, args.interactions, args.links), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
