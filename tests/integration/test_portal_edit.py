"""`portal edit` (`make edit`) starts the web editor's local backend next to the live preview, and
leaves neither running when it is stopped, by Ctrl+C or by a service manager's SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import SAMPLE_EPOCH, sample_project
from serving import BACKEND_INFO, answers, portal_editing


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_edit_serves_both_and_stops_both(tmp_path: Path, stop: signal.Signals) -> None:
    proj = sample_project(tmp_path / "proj")
    env = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "edit.log"
    with portal_editing(proj, env, log, stop) as (base, api):
        request = urllib.request.Request(api, data=BACKEND_INFO, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["type"] == "local_fs"  # files in the checkout, as if typed
        with urllib.request.urlopen(base + "quan-tri/config.yml", timeout=5) as response:
            assert api.replace("127.0.0.1", "localhost") in response.read().decode()
    assert "/quan-tri/" in log.read_text(encoding="utf-8")
    assert not answers(api, BACKEND_INFO) and not answers(base)
