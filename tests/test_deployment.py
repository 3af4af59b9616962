"""The deployment of docs/deployment.md, for real: two dashboard processes behind Debian's nginx.

Checked: the proxy answers only for its host names, refuses an oversized body before Streamlit sees it,
forbids framing and keeps each browser on one process; sessions work through the websocket; a load
from the command line, while both processes hold the database open read-only, lands, and both
processes show the new figures at their next run.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from data.database import connect
from gnbv import deployment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import load_test  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(deployment.NGINX).exists(), reason="nginx: make system-deps"),
]
# Each xdist worker starts its own deployment (the fixture is per module and per worker): its own ports.
PORT = 8791 + 10 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


@pytest.fixture(scope="module")
def running(demo_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployment")
    database = folder / "gnbv.duckdb"
    shutil.copy(demo_path, database)
    with deployment.start(
        2, PORT, database, run_dir=folder / "run", first_backend_port=PORT + 2, environment={"GNBV_MAX_UPLOAD_MB": "1"}
    ) as running:
        yield running, database


def _request(method: str, path: str, host: str = "127.0.0.1", body: bytes | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request(method, path, body=body, headers={"Host": host})
    response = connection.getresponse()
    response.read()
    return response


def test_the_proxy_guards_the_door(running):
    response = _request("GET", "/")
    assert response.status == 200
    assert "frame-ancestors 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Frame-Options") == "SAMEORIGIN"
    assert "gnbv_route=" in response.getheader("Set-Cookie")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _request("GET", "/", host="attacker.invalid")  # another host name: no answer at all
    # Above GNBV_MAX_UPLOAD_MB (1 here): refused by nginx before Streamlit buffers it.
    assert _request("PUT", "/_stcore/upload_file/x/y", body=b"0" * (2 * 1024 * 1024)).status == 413


def _upstreams(log: Path, marker: str) -> list[str]:
    return [line.split()[-2] for line in log.read_text().splitlines() if marker in line]


def test_each_browser_stays_on_one_process(running):
    server, _database = running
    first = urllib.request.urlopen(server.url + "/?probe=first")
    cookie = first.headers["Set-Cookie"].split(";")[0]
    for _ in range(6):
        request = urllib.request.Request(server.url + "/?probe=again", headers={"Cookie": cookie})
        assert urllib.request.urlopen(request).headers["Set-Cookie"].split(";")[0] == cookie
    for index in range(16):  # other browsers: other keys, spread over the processes
        request = urllib.request.Request(server.url + "/?probe=other", headers={"Cookie": f"gnbv_route=b{index}"})
        urllib.request.urlopen(request).read()
    log = server.run_dir / "access.log"
    assert len(set(_upstreams(log, "probe=first") + _upstreams(log, "probe=again"))) == 1
    assert len(set(_upstreams(log, "probe=other"))) == 2


def test_sessions_through_the_websocket(running):
    summary = load_test.run(running[0].url, sessions=4, interactions=3)
    assert summary["interactions"] == 12
    assert summary["errors"] == 0, summary["first_errors"]


def test_a_load_while_processes_read_reaches_every_process(running, tmp_path):
    from review_files import export_rows, review_file, review_households

    server, database = running
    view = "province=33&year=2024"
    before = [load_test.overview_metrics(f"http://127.0.0.1:{port}", view) for port in server.backend_ports]
    assert before[0] == before[1]

    reference = connect(database, read_only=True)  # readers may share the file
    households = review_households(reference, "33", count=400, seed=5)
    reference.close()
    export = tmp_path / "hy2024.csv"
    export.write_bytes(review_file(None, 2024, rows=export_rows(households, 2024)))
    loaded = subprocess.run(
        [sys.executable, "-m", "data.load", str(export), "--year", "2024", "--yes", "--database", str(database)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT), "GNBV_SHARED_DATABASE": "1"},
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert not database.with_name(database.name + ".next").exists()

    after = [load_test.overview_metrics(f"http://127.0.0.1:{port}", view) for port in server.backend_ports]
    assert after[0] == after[1]
    assert after[0] != before[0]  # both processes opened the new file
    assert load_test.run(server.url, sessions=2, interactions=2)["errors"] == 0


def test_a_refused_load_leaves_the_file_untouched(running, tmp_path):
    _server, database = running
    identity = database.stat().st_ino
    junk = tmp_path / "junk.csv"
    junk.write_text("ma_ho,phan_loai\n1,xyz\n", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "data.load", str(junk), "--year", "2024", "--database", str(database)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT), "GNBV_SHARED_DATABASE": "1"},
    )
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert database.stat().st_ino == identity
    assert not database.with_name(database.name + ".next").exists()
