"""`PORTAL_SERIAL=1 PORTAL_NO_CACHE=1` really turns every speed-up off (options.py), so the
byte-identical comparison in test_optimised_build.py is against a truly plain build."""

from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from helpers import EPOCH, article, build_into, make_project
from portal import loader, render
from portal.adapter import parallel

CONTENT = {f"articles/2024/bai-{n}.md": article(f"Bài số {n}", f"2024-06-{n % 28 + 1:02d}") for n in range(12)}


def watched_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, int]:
    """Build with every threshold at its lowest; count forks, process pools and collector freezes."""
    proj = make_project(tmp_path, CONTENT)
    calls = {"fork": 0, "pool": 0, "freeze": 0}
    real_fork, real_pool, real_freeze = os.fork, ProcessPoolExecutor.__init__, gc.freeze

    def fork() -> int:
        calls["fork"] += 1
        return real_fork()

    def pool(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        calls["pool"] += 1
        real_pool(self, *args, **kwargs)

    def freeze() -> None:
        calls["freeze"] += 1
        real_freeze()

    monkeypatch.setattr(loader, "PARALLEL_LOAD", 1)
    monkeypatch.setattr(render, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(ProcessPoolExecutor, "__init__", pool)
    monkeypatch.setattr(gc, "freeze", freeze)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    for name in ("PORTAL_SERIAL", "PORTAL_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(proj)
    try:
        build_into(proj, tmp_path / "out")
    finally:
        gc.unfreeze()
    assert (tmp_path / "out" / "tin-tuc" / "index.html").is_file()
    calls["cache"] = int((proj / ".cache" / "portal").exists())
    return calls


def test_the_speed_ups_run_in_a_normal_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = watched_build(tmp_path, monkeypatch)
    assert calls["fork"] >= 1 and calls["pool"] >= 1 and calls["freeze"] >= 1 and calls["cache"] == 1, calls


def test_serial_and_no_cache_turn_every_speed_up_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = watched_build(tmp_path, monkeypatch, PORTAL_SERIAL="1", PORTAL_NO_CACHE="1")
    assert calls == {"fork": 0, "pool": 0, "freeze": 0, "cache": 0}
