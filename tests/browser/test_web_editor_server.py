"""The web editor as the real server (deploy/nginx.conf) serves it: its own Content-Security-Policy,
under which Decap starts with the generated configuration and no violation; never indexed; the
public pages keep their strict policy."""

from __future__ import annotations

import urllib.request

import pytest

pytestmark = pytest.mark.browser


def _headers(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return {name.lower(): value for name, value in response.headers.items()}


def test_the_editor_has_its_own_policy_and_is_never_indexed(server: str) -> None:
    editor = _headers(server + "quan-tri/")
    public = _headers(server)
    assert "'unsafe-eval'" in editor["content-security-policy"]
    assert editor["x-robots-tag"] == "noindex, nofollow"
    assert "unsafe" not in public["content-security-policy"] and "x-robots-tag" not in public
    assert _headers(server + "quan-tri/config.yml")["content-type"].startswith("text/yaml")
    for name in ("x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy"):
        assert editor[name] == public[name], name


def test_decap_starts_in_vietnamese_under_the_servers_policy(server: str, browser) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append("failed: " + request.url))
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(server) else outside.append(request.url))
    try:
        page.goto(server + "quan-tri/")
        page.get_by_role("button", name="Đăng nhập").wait_for()
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
    finally:
        page.close()
    assert problems == []  # no Content-Security-Policy violation, no missing chunk
    assert outside == []  # nothing from a third-party host
