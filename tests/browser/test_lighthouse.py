"""Lighthouse (npm, pinned; mobile profile with its default slow-4G and CPU throttling) on every
page type, served by nginx: Performance >= 95, Accessibility, Best Practices and SEO 100."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from audit import LIGHTHOUSE_MINIMUM, PAGE_TYPES, below_minimum, lighthouse_path, lighthouse_with_retries, page_type_paths

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reports(server: str, sample_site: Path) -> dict[str, dict[str, Any]]:
    """Run Lighthouse once for all page types (one Chromium), keyed by page type."""
    paths = page_type_paths(sample_site)
    urls = [server + lighthouse_path(page_type, paths[page_type]) for page_type in PAGE_TYPES]
    return dict(zip(PAGE_TYPES, lighthouse_with_retries(urls)))


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_lighthouse_scores(reports: dict[str, dict[str, Any]], page_type: str) -> None:
    report = reports[page_type]
    assert report["runtimeError"] is None, report["runtimeError"]
    assert report["formFactor"] == "mobile" and report["throttling"] == "simulate"
    print(f"lighthouse {page_type}: {report['scores']} {report.get('runs', '')}")
    failing = below_minimum(report)
    details = [f"{a['category']}/{a['id']} {a['score']} {a['value']}" for a in report["failing"]]
    assert not failing, f"{page_type} {report['url']}: {failing} (minimum {LIGHTHOUSE_MINIMUM})\n" + "\n".join(details)
