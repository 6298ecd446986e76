"""The portal as a citizen sees it (issue 16): masthead and footer from configuration, the home
page's featured story and sections, layouts that use the screen. Debian's Chromium, nginx."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml

from helpers import FIXTURE_SITE, REPO, SAMPLE_EPOCH, make_project, run_portal

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
PLAN = "ke-hoach/ke-hoach-81-kh-stnmt-2024/"


def _settings() -> dict:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:portal.slugs.slugify_toc", "x")
    return yaml.safe_load(text)["extra"]["portal"]


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _open(browser, url: str, viewport: dict, **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_home_leads_with_the_newest_featured_story(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    featured = [fm for fm in map(_front_matter, sorted((FIXTURE_SITE / "content" / "articles").rglob("*.md")))
                if fm.get("featured") is True and not fm.get("draft")]
    assert len(featured) >= 2, "the sample has featured stories"
    newest = max(featured, key=lambda fm: str(fm["date"]))
    context, page = _open(browser, server, DESKTOP)
    try:
        main = page.locator("main, .md-content").first
        # The first section of the page is "Tin nổi bật", and its first story is the newest featured one,
        # shown with its picture above the fold.
        assert main.locator("h2").first.inner_text().strip().lower() == "tin nổi bật"
        lead = page.locator(".portal-featured__item").first
        assert lead.locator("h3").inner_text().strip() == newest["title"]
        image = lead.locator("img")
        box = image.bounding_box()
        assert box is not None and box["width"] >= 600 and box["y"] < DESKTOP["height"], box
        # A featured story is not repeated under "Tin mới".
        latest = [t.strip() for t in page.locator("#tin-moi ~ .portal-list .portal-card__title").all_inner_texts()]
        assert latest and newest["title"] not in latest
        # Quick links to public services and the hotline, from mkdocs.yml.
        settings = _settings()
        services = page.locator(".portal-box--services a")
        assert [s["title"] for s in settings["services"]] == services.all_inner_texts()[: len(settings["services"])]
        assert page.locator(".portal-box--services a[href^='tel:']").inner_text() == settings["hotline"]
    finally:
        context.close()


def test_news_by_topic_are_columns_on_a_desktop_and_stacked_on_a_phone(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    tops = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context, page = _open(browser, server, viewport)
        try:
            columns = page.locator(".portal-by-topic__column")
            assert columns.count() >= 3
            # No empty column: each has a topic link and at least one story.
            for index in range(columns.count()):
                assert columns.nth(index).locator("li a").count() >= 1
            tops[name] = [columns.nth(i).bounding_box()["y"] for i in range(3)]
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name}: the page scrolls sideways ({width} px)"
        finally:
            context.close()
    assert tops["desktop"][0] == tops["desktop"][1], "side by side on a desktop"
    assert tops["phone"][0] < tops["phone"][1] < tops["phone"][2], "one under another on a phone"


def test_the_full_name_is_never_cut_on_a_phone(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    settings = _settings()
    context, page = _open(browser, urljoin(server, "tin-tuc/"), PHONE, is_mobile=True, has_touch=True)
    try:
        name = page.locator(".portal-masthead__name")
        assert name.inner_text().strip().lower() == settings["organization"].lower()
        assert page.locator(".portal-masthead__parent").inner_text().strip().lower() == settings["parent_body"].lower()
        fits = name.evaluate("""el => ({scroll: el.scrollWidth, client: el.clientWidth,
                                       right: el.getBoundingClientRect().right, lines: Math.round(
                                       el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))})""")
        assert fits["scroll"] <= fits["client"] and fits["right"] <= PHONE["width"], fits
        assert fits["lines"] >= 2, "the long name wraps onto more lines instead of being cut"
        # The emblem is legible (not Material's 24 px icon).
        emblem = page.locator(".portal-masthead__emblem").bounding_box()
        assert emblem is not None and emblem["height"] >= 40, emblem
        # The header bar does not show a cut copy of the name while the masthead is in view.
        assert page.locator(".md-header__topic").first.evaluate("el => getComputedStyle(el).opacity") == "0"
    finally:
        context.close()


def test_footer_carries_the_lines_a_department_site_must_show(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    settings = _settings()
    context, page = _open(browser, urljoin(server, "gioi-thieu/"), DESKTOP)
    try:
        footer = page.locator(".portal-footer").inner_text()
        for line in (f"Cơ quan chủ quản: {settings['parent_body']}", f"Người chịu trách nhiệm: {settings['responsible']}",
                     settings["licence"], f"Địa chỉ: {settings['address']}"):
            assert line in footer, line
        assert page.locator(f".portal-footer a[href='mailto:{settings['email']}']").count() == 1
        assert page.locator(".portal-footer a[href^='tel:']").count() == 2  # phone and hotline
    finally:
        context.close()


def test_the_plan_task_table_uses_the_page_width(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _open(browser, urljoin(server, PLAN), DESKTOP)
    try:
        table = page.locator("table.portal-tasks").bounding_box()
        assert table is not None and table["width"] >= 1000, table
        # No sidebar holding one link beside the content.
        sidebars = page.locator(".md-sidebar--primary, .md-sidebar--secondary")
        for index in range(sidebars.count()):
            assert not sidebars.nth(index).is_visible() or sidebars.nth(index).bounding_box()["width"] == 0
        # Partner units repeated in every row run on as one paragraph, not a bulleted column: rows
        # average 169 px with bullets at this width (280 px in the old 650 px column), under 150 px now.
        heights = page.locator("table.portal-tasks tbody tr").evaluate_all("rows => rows.map(r => r.offsetHeight)")
        assert sum(heights) / len(heights) <= 150, heights
        assert page.locator("td.portal-tasks__partners li").first.evaluate("li => getComputedStyle(li).display") == "inline"
    finally:
        context.close()


def test_a_second_department_gets_its_own_masthead_colours_and_footer(tmp_path: Path, browser, serve_folder) -> None:  # type: ignore[no-untyped-def]
    """Site identity is configuration: another department's settings, no template touched."""
    proj = make_project(tmp_path, {"articles/2024/a.md": "---\ntitle: Tin một\ndate: 2024-06-01\ntopics: [moi-truong]\n---\n\nNội dung.\n"})
    config = proj / "mkdocs.yml"
    data = config.read_text(encoding="utf-8")
    start = data.index("    organization:")
    end = data.index("    per_page:")
    data = data[:start] + (
        "    organization: Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng\n"
        "    parent_body: Ủy ban nhân dân tỉnh Lâm Đồng\n"
        "    responsible: Giám đốc Sở Nông nghiệp và Môi trường\n"
        "    email: snnmt@lamdong.example.gov.vn\n"
        "    colors:\n"
        "      primary: \"#1f4e8c\"\n"
        "      primary_dark: \"#5a1a1a\"\n"
    ) + data[end:]
    config.write_text(data, encoding="utf-8")
    result = run_portal(proj, "build", epoch=SAMPLE_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    base = serve_folder(proj / "site")
    context, page = _open(browser, base, PHONE)
    try:
        assert page.locator(".portal-masthead__name").inner_text().strip().lower() == "sở nông nghiệp và môi trường tỉnh lâm đồng"
        assert page.locator(".portal-masthead__parent").inner_text().strip().lower() == "ủy ban nhân dân tỉnh lâm đồng"
        colours = page.evaluate("""() => ({
            masthead: getComputedStyle(document.querySelector('.portal-masthead')).backgroundColor,
            header: getComputedStyle(document.querySelector('.md-header')).backgroundColor})""")
        assert colours == {"masthead": "rgb(90, 26, 26)", "header": "rgb(31, 78, 140)"}, colours
        footer = page.locator(".portal-footer").inner_text()
        assert "Cơ quan chủ quản: Ủy ban nhân dân tỉnh Lâm Đồng" in footer
        # Lines whose setting is empty are left out, not shown empty.
        assert "Đường dây nóng" not in footer and "Địa chỉ" not in footer
        assert page.locator(".portal-box--services").count() == 0
    finally:
        context.close()


def test_share_links_make_no_request_before_a_click_and_copy_the_address(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(urljoin(server, PLAN))
        page.wait_for_load_state("networkidle")
        share = page.locator(".portal-share")
        facebook = share.locator("a", has_text="Facebook")
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        href = urlsplit(facebook.get_attribute("href"))
        assert (href.scheme, href.netloc, href.path) == ("https", "www.facebook.com", "/sharer/sharer.php")
        assert parse_qs(href.query) == {"u": [canonical]}
        # Nothing was fetched from another host: no share script, no counter, no icon.
        assert all(url.startswith(server) for url in requested), [u for u in requested if not u.startswith(server)]
        copy = share.get_by_role("button", name="Chép liên kết")
        copy.click()
        page.wait_for_function("document.querySelector('.portal-share__status').textContent.length > 0")
        assert share.locator("[role=status]").inner_text() == "Đã chép liên kết."
        assert page.evaluate("navigator.clipboard.readText()") == canonical
    finally:
        context.close()


def test_our_type_applies_dark_bold_headings_and_the_system_font(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """Material's light 300 headings at 54 % black and its own font stack gave way to ours."""
    context, page = _open(browser, urljoin(server, "gioi-thieu/"), PHONE)
    try:
        style = page.evaluate("""() => {
            const h1 = getComputedStyle(document.querySelector('.md-typeset h1'));
            const body = getComputedStyle(document.querySelector('.md-typeset p'));
            return {family: body.fontFamily, weight: h1.fontWeight, color: h1.color, size: parseFloat(h1.fontSize)}}""")
        assert style["family"].startswith("system-ui,"), style
        assert style["weight"] == "700" and style["color"] == "rgb(26, 31, 36)", style
        assert style["size"] <= 28, "a heading that fits a phone"
    finally:
        context.close()
