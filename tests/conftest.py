"""Suite-wide fixtures and rules (a skipped test fails the run: CI must not hide anything)."""

from __future__ import annotations

from pathlib import Path

import pytest

import os
import subprocess
import sys

from helpers import SAMPLE_EPOCH, make_project, sample_project

_skipped: list[str] = []


@pytest.fixture
def project(tmp_path: Path):
    """Return a factory: `project(content_files, **kw)` -> project path under tmp_path."""
    def factory(content: dict[str, str | bytes], **kwargs):
        return make_project(tmp_path, content, **kwargs)
    return factory


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if _skipped:
        terminalreporter.write_line(f"FAILED: {len(_skipped)} test(s) skipped; skips are not allowed.", red=True)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the tests' sample site once (the frozen sample content of tests/fixtures/site/ with the
    repository's mkdocs.yml, docs/, overrides/ and hooks/; fixed SOURCE_DATE_EPOCH) into a temp folder."""
    work = tmp_path_factory.mktemp("sample")
    proj = sample_project(work / "proj")
    out = work / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": SAMPLE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=proj, env=env, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


