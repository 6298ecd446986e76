"""`PORTAL_SERIAL=1 PORTAL_NO_CACHE=1` really turns every speed-up off (options.py), so the
byte-identical comparison in test_optimised_build.py is against a truly plain build.

The build runs in this process with every threshold at its lowest, so each speed-up would start
if its switch were ignored; forks, process pools, processes, threads, collector freezes and
anything written under `.cache/` are counted.
"""

from __future__ import annotations

import gc
import io
import multiprocessing.process
import os
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from helpers import EPOCH, article, build_into, make_project
from portal import loader, render, safebuild
from portal.adapter import parallel
from portal.errors import Problem
from portal.loader import LoadOptions
from portal.project import read_project


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 110, 160)).save(out, "JPEG", quality=90)
    return out.getvalue()


CONTENT: dict[str, str | bytes] = {
    f"articles/2024/bai-{n}.md": article(f"Bài số {n}", f"2024-06-{n % 28 + 1:02d}") for n in range(12)
}
# An image with responsive copies and a social card: both are made in the thread pool of pages.build_outputs.
CONTENT["articles/anh/bo-bien.jpg"] = jpeg(1600, 1000)
CONTENT["articles/2024/co-anh.md"] = article("Bài có ảnh", "2024-06-05", extra="image: ../anh/bo-bien.jpg\n"
                                             "image_alt: Bờ biển sạch\n")
SWITCHES = ("PORTAL_SERIAL", "PORTAL_NO_CACHE", "PORTAL_NO_SEARCH", "PORTAL_PUBLISH_DIR")


def watch(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, int]:
    """Set the environment, put every threshold at its lowest, and count what starts from now on."""
    calls = {"fork": 0, "pool": 0, "process": 0, "thread": 0, "freeze": 0}
    real_fork, real_pool, real_freeze = os.fork, ProcessPoolExecutor.__init__, gc.freeze
    real_start, real_thread_pool = multiprocessing.process.BaseProcess.start, ThreadPoolExecutor.__init__
    real_thread_start = threading.Thread.start

    def fork() -> int:
        calls["fork"] += 1
        return real_fork()

    def pool(self: Any, *args: Any, **kwargs: Any) -> None:
        calls["pool"] += 1
        real_pool(self, *args, **kwargs)

    def thread_pool(self: Any, *args: Any, **kwargs: Any) -> None:
        calls["pool"] += 1
        real_thread_pool(self, *args, **kwargs)

    def start(self: Any) -> None:
        calls["process"] += 1
        real_start(self)

    def thread_start(self: Any) -> None:
        calls["thread"] += 1
        real_thread_start(self)

    def freeze() -> None:
        calls["freeze"] += 1
        real_freeze()

    monkeypatch.setattr(loader, "PARALLEL_LOAD", 1)
    monkeypatch.setattr(render, "POOL_THRESHOLD", 1)
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a one-core machine would switch the pools off by itself
    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(ProcessPoolExecutor, "__init__", pool)
    monkeypatch.setattr(ThreadPoolExecutor, "__init__", thread_pool)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", start)
    monkeypatch.setattr(threading.Thread, "start", thread_start)
    monkeypatch.setattr(gc, "freeze", freeze)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    for name in SWITCHES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return calls


def watched_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, int]:
    """Build in this process; return what started and whether anything was written under `.cache/`."""
    proj = make_project(tmp_path, CONTENT)
    calls = watch(monkeypatch, **env)
    monkeypatch.chdir(proj)
    try:
        build_into(proj, tmp_path / "out")
    finally:
        gc.unfreeze()
    assert (tmp_path / "out" / "tin-tuc" / "index.html").is_file()
    assert list((tmp_path / "out" / "media").rglob("*.webp")), "the image's copies were not made"
    calls["cache"] = len([path for path in (proj / ".cache").rglob("*")]) if (proj / ".cache").exists() else 0
    return calls


def test_the_speed_ups_run_in_a_normal_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = watched_build(tmp_path, monkeypatch)
    assert calls["fork"] >= 1 and calls["pool"] >= 1 and calls["thread"] >= 1 and calls["freeze"] >= 1, calls
    assert calls["cache"] >= 1, calls


def test_serial_and_no_cache_turn_every_speed_up_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = watched_build(tmp_path, monkeypatch, PORTAL_SERIAL="1", PORTAL_NO_CACHE="1")
    assert calls == {"fork": 0, "pool": 0, "process": 0, "thread": 0, "freeze": 0, "cache": 0}


def test_serial_portal_build_checks_content_without_a_process_pool(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`portal build` loads content/ once before MkDocs runs: that load obeys PORTAL_SERIAL too."""
    proj = make_project(tmp_path, CONTENT)
    seen: list[LoadOptions] = []
    real_load = safebuild.load_site

    def load_site(root: Path, options: LoadOptions) -> Any:
        seen.append(options)
        site, problems = real_load(root, options)
        return site, [*problems, Problem("content/x.md", 1, "url-duplicate", "dừng trước MkDocs")]

    calls = watch(monkeypatch, PORTAL_SERIAL="1")
    monkeypatch.setattr(safebuild, "load_site", load_site)
    assert safebuild.safe_build(read_project(proj), proj / "site", echo=lambda line: None) == 1
    assert [options.parallel for options in seen] == [False]
    assert calls["fork"] == calls["pool"] == calls["process"] == 0, calls
