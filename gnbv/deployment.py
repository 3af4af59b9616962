"""Several dashboard processes behind nginx: the deployment of docs/deployment.md, and its test and load test.

``python -m gnbv.deployment --processes 2 --port 8080`` starts N Streamlit processes on 127.0.0.1 and
an nginx (Debian's package) in front of them, in the foreground, until Ctrl-C. The same code starts
the deployment in tests/test_deployment.py and in ``make bench``; ``--print-config`` writes the nginx
configuration for a server's /etc/nginx (then the processes run under systemd, docs/deployment.md).

Why this shape:

- One Streamlit process runs every session's scripts on one core (measured: about 2 page views a
  second); N processes use N cores. A session lives in one process (its websocket, its uploads, its
  downloads), so nginx keeps each browser on one process: the first response sets a ``gnbv_route``
  cookie with a random key, and the upstream is chosen by hashing it (sticky per browser, also when a
  whole ministry reaches the server from one address, where ``ip_hash`` would send all to one process).
- Every process opens the database read-only (``GNBV_SHARED_DATABASE=1``): DuckDB lets no process write
  a file others hold open. A load works on a copy that replaces the file (data.database); every process
  opens the new file at its next run.
- nginx answers only for the configured host names, refuses bodies over the upload limit before they
  reach Streamlit, and forbids framing by other sites.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from data.load import DEFAULT_MAX_MEGABYTES

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
FIRST_BACKEND_PORT = 8611

NGINX_CONFIG = """\
# GNBV Dashboard behind nginx: {processes} Streamlit processes on 127.0.0.1 (gnbv/deployment.py).
{user_line}worker_processes 1;
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    log_format gnbv '$remote_addr [$time_local] "$request" $status $upstream_addr $request_time';
    access_log {run_dir}/access.log gnbv;
    client_body_temp_path {run_dir}/client_body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;
    server_tokens off;

    # Sticky per browser: a random key on the first response, the same process for every later request.
    map $cookie_gnbv_route $gnbv_route {{
        "" $request_id;
        default $cookie_gnbv_route;
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    upstream gnbv {{
        hash $gnbv_route consistent;
{servers}
    }}
    # Any other host name: no answer (a DNS rebinding page or a stray name gets nothing).
    server {{
        listen {listen} default_server;
        return 444;
    }}
    server {{
        listen {listen};
        server_name {server_names};
        # The loader's own limit (GNBV_MAX_UPLOAD_MB), before a byte reaches Streamlit.
        client_max_body_size {upload_megabytes}m;
        add_header Set-Cookie "gnbv_route=$gnbv_route; Path=/; HttpOnly; SameSite=Lax" always;
        add_header Content-Security-Policy "frame-ancestors 'self'" always;
        add_header X-Frame-Options SAMEORIGIN always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy same-origin always;
        location / {{
            proxy_pass http://gnbv;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            # A meeting keeps its websocket open for hours.
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
        }}
    }}
}}
"""


def nginx_config(
    backend_ports: list[int],
    listen: str,
    server_names: list[str],
    run_dir: Path,
    upload_megabytes: int,
) -> str:
    # As root (a CI machine), workers run as nobody: they must be able to reach the run directory.
    user_line = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    return NGINX_CONFIG.format(
        processes=len(backend_ports),
        user_line=user_line,
        run_dir=run_dir,
        servers="\n".join(f"        server 127.0.0.1:{port};" for port in backend_ports),
        listen=listen,
        server_names=" ".join(server_names),
        upload_megabytes=upload_megabytes,
    )


def upload_megabytes(environment: dict[str, str]) -> int:
    """The processes' upload limit (GNBV_MAX_UPLOAD_MB, as data.load reads it), for nginx."""
    return max(1, round(float(environment.get("GNBV_MAX_UPLOAD_MB", DEFAULT_MAX_MEGABYTES))))


def wait_until_up(url: str, seconds: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the process ended with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f} s")


@dataclass
class Deployment:
    """N dashboard processes and nginx, started by ``start`` and stopped by ``stop``."""

    url: str
    backend_ports: list[int]
    run_dir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    def backend_pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finishes open requests
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in [*self.processes, *([self.nginx] if self.nginx else [])]:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def __enter__(self) -> Deployment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(
    processes: int,
    port: int,
    database: Path,
    server_names: tuple[str, ...] = ("127.0.0.1", "localhost"),
    run_dir: Path | None = None,
    first_backend_port: int = FIRST_BACKEND_PORT,
    environment: dict[str, str] | None = None,
    log_to: Path | None = None,
) -> Deployment:
    """Start the processes (shared database, one cookie secret) and nginx on 127.0.0.1:``port``."""
    run_dir = Path(run_dir or tempfile.mkdtemp(prefix="gnbv-deploy-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)
    env = {
        **os.environ,
        **(environment or {}),
        "GNBV_DATABASE": str(Path(database).resolve()),
        "GNBV_SHARED_DATABASE": "1",
        # One secret for every process (signed cookies, st.login); from the environment when set.
        "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32),
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",  # a server does not reload on edits
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    ports = [first_backend_port + index for index in range(processes)]
    deployment = Deployment(f"http://127.0.0.1:{port}", ports, run_dir)
    log = open(log_to or run_dir / "streamlit.log", "ab")  # noqa: SIM115 (closed with the processes)
    try:
        for backend in ports:
            deployment.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gnbv.ui.serve",
                        "--server.address",
                        "127.0.0.1",
                        "--server.port",
                        str(backend),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        config = run_dir / "nginx.conf"
        config.write_text(nginx_config(ports, f"127.0.0.1:{port}", list(server_names), run_dir, upload_megabytes(env)))
        deployment.nginx = subprocess.Popen(
            [NGINX, "-c", str(config), "-p", str(run_dir), "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for backend, process in zip(ports, deployment.processes, strict=True):
            wait_until_up(f"http://127.0.0.1:{backend}/_stcore/health", 90, process)
        wait_until_up(f"{deployment.url}/_stcore/health", 20, deployment.nginx)
    except BaseException:
        deployment.stop()
        raise
    return deployment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gnbv.deployment", description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8080, help="nginx listens on 127.0.0.1:PORT")
    parser.add_argument("--database", type=Path, default=ROOT / "data" / "gnbv.duckdb")
    parser.add_argument("--server-name", action="append", help="a host name the dashboard answers to (repeat)")
    parser.add_argument(
        "--run-dir", type=Path, help="nginx's configuration, pid and logs (default: a temporary folder)"
    )
    parser.add_argument("--print-config", action="store_true", help="print the nginx configuration and stop")
    args = parser.parse_args(argv)
    names = tuple(args.server_name or ("127.0.0.1", "localhost"))
    if args.print_config:
        ports = [FIRST_BACKEND_PORT + index for index in range(args.processes)]
        run_dir = args.run_dir or Path("/var/lib/gnbv/nginx")
        print(nginx_config(ports, str(args.port), list(names), run_dir, upload_megabytes(os.environ)))
        return 0
    deployment = start(args.processes, args.port, args.database, names, args.run_dir)
    print(f"{deployment.url} → {len(deployment.processes)} processes (ports {deployment.backend_ports}); Ctrl-C stops")
    try:
        while all(process.poll() is None for process in [*deployment.processes, deployment.nginx]):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        deployment.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
