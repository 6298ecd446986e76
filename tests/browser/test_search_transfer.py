"""What one search costs a phone on a big site: the benchmark corpus of 2,000 articles (bench/corpus.py)
is built and served by nginx with deploy/nginx.conf; a visitor types a two-word query; everything
the browser fetches from the first keystroke to the first results must stay within the budget
(300 KB at 10,000 articles) scaled to 2,000 articles (bench/search_transfer.py: `budget`)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO, SAMPLE_EPOCH

pytestmark = pytest.mark.browser

N_ARTICLES = 2000


def _bench(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _bench("corpus").write_project(N_ARTICLES, tmp_path_factory.mktemp("corpus") / "proj")
    env = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return project / "site"


def test_one_search_on_2000_articles_stays_within_the_budget(browser, big_site: Path, serve_folder) -> None:  # type: ignore[no-untyped-def]
    transfer_module = _bench("search_transfer")
    base = serve_folder(big_site)
    transfer = transfer_module.measure(browser, base, transfer_module.QUERY)
    budget = transfer_module.budget(N_ARTICLES)
    print(f"\none search, {N_ARTICLES:,} articles:\n{transfer.report()}\nbudget {budget:,} B")
    assert transfer.results.startswith("Tìm thấy") and transfer.loaded_before == []
    paths = [path for path, _ in transfer.requests]
    assert "/search/index.json" in paths and any(p.endswith("/portal-search.js") for p in paths)
    assert transfer.total <= budget, transfer.report()
