"""Browser-test fixtures: build the site once, serve it with nginx (deploy/nginx.conf), drive Chromium."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from serving import CHROMIUM, CHROMIUM_ARGS, nginx_serving

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
