"""Serving a built site as in production, for the browser tests, `make audit` and `make bench`:
nginx with deploy/nginx.conf on a free loopback port, and the Debian Chromium flags Playwright uses."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_config(site_dir: Path, port: int, workdir: Path) -> Path:
    """Write a main nginx.conf that includes deploy/nginx.conf with this port and site folder."""
    server = (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    server = re.sub(r"listen\s+\d+;", f"listen 127.0.0.1:{port};", server, count=1)
    server = re.sub(r"root\s+[^;]+;", f"root {site_dir};", server, count=1)
    # The map of moved pages is read from the site folder too (nginx.conf keeps the two paths in step).
    server = server.replace("/srv/portal/site/", f"{site_dir}/")
    (workdir / "portal.conf").write_text(server, encoding="utf-8")
    mime = "/etc/nginx/mime.types"
    # pytest's temp folders are private (0700): as root, workers must run as root to read them.
    main = f"""
daemon off;
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include {mime};
    default_type application/octet-stream;
    access_log {workdir}/access.log;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    include {workdir}/portal.conf;
}}
"""
    path = workdir / "nginx-main.conf"
    path.write_text(main, encoding="utf-8")
    return path


@contextmanager
def nginx_serving(site_dir: Path, workdir: Path) -> Iterator[str]:
    """Serve `site_dir` with nginx and deploy/nginx.conf (state in `workdir`); yield the base URL."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    config = nginx_config(site_dir, port, workdir)
    proc = subprocess.Popen([nginx, "-c", str(config), "-p", str(workdir)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "nginx exited")
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("nginx did not start")
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def answers(url: str, data: bytes | None = None) -> bool:
    """Return whether `url` answers 200 now (a POST of JSON `data` when given)."""
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


BACKEND_INFO = b'{"action": "info"}'
"""The web editor's first question to its local backend (decap-server)."""


@contextmanager
def portal_editing(proj: Path, env: dict[str, str], log: Path,
                   stop: signal.Signals = signal.SIGINT) -> Iterator[tuple[str, str]]:
    """Run `portal edit` (what `make edit` runs) on `proj` with free ports until both servers answer;
    yield the preview's base URL and the local backend's API URL; stop it with `stop` (Ctrl+C by
    default), its output in `log`."""
    backend_port, preview_port = free_port(), free_port()
    config = proj / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  portal:\n", f"  portal:\n    editor_proxy_port: {backend_port}\n", 1), encoding="utf-8")
    base, api = f"http://127.0.0.1:{preview_port}/", f"http://127.0.0.1:{backend_port}/api/v1"
    with log.open("w") as output:
        process = subprocess.Popen([sys.executable, "-m", "portal.cli", "edit", "--root", str(proj),
                                    "--dev-addr", f"127.0.0.1:{preview_port}"],
                                   env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while not (answers(base + "quan-tri/config.yml") and answers(api, BACKEND_INFO)):
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "portal edit did not start: " + log.read_text()
                time.sleep(0.2)  # servers that are starting: the condition is polled, not a fixed wait
            yield base, api
        finally:
            process.send_signal(stop)
            try:
                process.wait(timeout=60)
            finally:
                process.kill()
