"""Browser-test fixtures: build the site once, serve it with nginx (deploy/nginx.conf), drive Chromium."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from helpers import REPO

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
    """Write a main nginx.conf that includes deploy/nginx.conf with the test's port and root."""
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


@pytest.fixture(scope="session")
def server(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the sample site with nginx and deploy/nginx.conf; yield the base URL."""
    with nginx_serving(sample_site, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(scope="module")
def serve_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], str]]:
    """Return `serve(folder) -> base URL`: nginx with deploy/nginx.conf serving any folder
    (stopped at the end of the module), for server tests that need files the build never writes."""
    with ExitStack() as stack:
        def serve(folder: Path) -> str:
            return stack.enter_context(nginx_serving(folder, tmp_path_factory.mktemp("nginx")))
        yield serve


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Launch Debian's Chromium through Playwright (no downloaded browsers)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
