"""A large site is read on all cores: the result (items, assets, every problem) equals a serial read."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from helpers import REPO, SAMPLE_EPOCH

from portal import loader
from portal.dates import build_now
from portal.loader import LoadOptions, load_site


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus_parallel", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_parallel_read_equals_serial_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _corpus_module().write_project(200, tmp_path / "proj")
    articles = project / "content" / "articles"
    first = sorted(articles.rglob("*.md"))
    # Problems found while reading (bad date, unknown topic, unknown key) and after (slug clash).
    first[3].write_text(first[3].read_text(encoding="utf-8").replace("date:", "date: 2024-13-45\nxdate:", 1),
                        encoding="utf-8")
    first[50].write_text(first[50].read_text(encoding="utf-8").replace("topics: [", "topics: [khong-co, ", 1),
                         encoding="utf-8")
    first[120].write_text(first[120].read_text(encoding="utf-8").replace("---\n", "---\ntieu_de: x\n", 1),
                          encoding="utf-8")
    options = LoadOptions(now=build_now({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH}))
    monkeypatch.setattr(loader, "PARALLEL_LOAD", 10**9)
    serial_site, serial_problems = load_site(project, options)
    monkeypatch.setattr(loader, "PARALLEL_LOAD", 10)
    pools: list[object] = []

    class CountedPool(loader.ProcessPoolExecutor):  # type: ignore[misc, name-defined]
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(loader, "ProcessPoolExecutor", CountedPool)
    parallel_site, parallel_problems = load_site(project, options)
    assert len(pools) == 1  # the files were read in worker processes
    assert len({p.rule for p in serial_problems if p.is_error}) >= 3
    assert [p.format() for p in parallel_problems] == [p.format() for p in serial_problems]
    assert parallel_site.articles == serial_site.articles and len(serial_site.articles) >= 190
    assert parallel_site.plans == serial_site.plans and parallel_site.events == serial_site.events
    assert parallel_site.campaigns == serial_site.campaigns
    assert list(parallel_site.assets.items()) == list(serial_site.assets.items())
    assert len(serial_site.assets) > 10
