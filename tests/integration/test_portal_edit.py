"""`portal edit` (`make edit`) starts the web editor's local backend next to the live preview, and
leaves neither running when it is stopped, by Ctrl+C or by a service manager's SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import SAMPLE_EPOCH, sample_project
from serving import free_port


def _answers(url: str, data: bytes | None = None) -> bool:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_edit_serves_both_and_stops_both(tmp_path: Path, stop: signal.Signals) -> None:
    proj = sample_project(tmp_path / "proj")
    backend_port, preview_port = free_port(), free_port()
    config = proj / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  portal:\n", f"  portal:\n    editor_proxy_port: {backend_port}\n", 1), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([sys.executable, "-m", "portal.cli", "edit", "--root", str(proj),
                                "--dev-addr", f"127.0.0.1:{preview_port}"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    backend = f"http://127.0.0.1:{backend_port}/api/v1"
    info = json.dumps({"action": "info"}).encode()
    editor = f"http://127.0.0.1:{preview_port}/quan-tri/config.yml"
    try:
        deadline = time.monotonic() + 120
        while not (_answers(editor) and _answers(backend, info)):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)  # awaiting servers that start: polled, not a fixed wait
        with urllib.request.urlopen(urllib.request.Request(backend, data=info, headers={
                "Content-Type": "application/json"}), timeout=5) as response:
            assert json.load(response)["type"] == "local_fs"  # files in the checkout, as if typed
        with urllib.request.urlopen(editor, timeout=5) as response:
            assert f"localhost:{backend_port}/api/v1" in response.read().decode()
    finally:
        process.send_signal(stop)
        output, _ = process.communicate(timeout=60)
    assert "/quan-tri/" in output
    assert not _answers(backend, info) and not _answers(editor)
