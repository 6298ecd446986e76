"""Plan task tables in a real browser: cards on a phone, a table on a desktop and on paper, downloads."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

PLAN = "ke-hoach/ke-hoach-81-kh-stnmt-2024/"  # Kế hoạch số 81/KH-STNMT: 16 tasks in its appendix
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# Read the table the way a person sees it: header text and each row's cells, in order.
READ_TABLE = """() => {
  const table = document.querySelector('table.portal-tasks');
  const clean = (s) => s.replace(/\\s+/g, ' ').trim();
  const headers = [...table.querySelectorAll('thead th')].map((th) => clean(th.textContent));
  const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => {
    if (cell.querySelector('.portal-tasks__text')) return clean(cell.querySelector('.portal-tasks__text').textContent);
    if (cell.querySelector('.portal-tasks__none')) return '';
    const items = [...cell.querySelectorAll('li')];
    return items.length ? items.map((li) => clean(li.textContent)).join('; ') : clean(cell.textContent);
  }));
  return {headers, rows};
}"""


def _open(browser, server: str, viewport: dict, **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.goto(urljoin(server, PLAN))
    return context, page


def test_task_table_reads_as_cards_without_horizontal_scroll_on_a_phone(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _open(browser, server, PHONE, java_script_enabled=False, is_mobile=True, has_touch=True)
    table = page.locator("table.portal-tasks")
    table.scroll_into_view_if_needed()
    assert page.locator("table.portal-tasks tbody tr").count() == 16
    # Nothing on the page is wider than the screen: no sideways scrolling anywhere.
    sizes = page.evaluate("""() => ({
        doc: document.documentElement.scrollWidth, view: window.innerWidth,
        table: document.querySelector('table.portal-tasks').scrollWidth,
        box: document.querySelector('table.portal-tasks').clientWidth})""")
    assert sizes["doc"] <= sizes["view"] == 375, sizes
    assert sizes["table"] <= sizes["box"], sizes
    # Each task is a card: rows stack (block layout), every card fits inside the screen.
    rows = page.locator("table.portal-tasks tbody tr")
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "block"
    for index in range(rows.count()):
        box = rows.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, (index, box)
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"], "cards are stacked one under another"
    # The column headers are hidden, and each value is labelled with its header instead.
    header = page.locator("table.portal-tasks thead").bounding_box()
    assert header is not None and header["width"] <= 1 and header["height"] <= 1
    lead = page.locator("table.portal-tasks tbody tr").first.locator("td.portal-tasks__lead")
    label = lead.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Đơn vị chủ trì" in label, label
    assert lead.evaluate("td => getComputedStyle(td, '::before').display") == "block"
    # The caption still says what the cards are.
    assert page.locator("table.portal-tasks caption").inner_text().startswith("Bảng phân công nhiệm vụ")
    context.close()


def test_task_table_is_a_table_on_a_desktop(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _open(browser, server, DESKTOP)
    table = page.get_by_role("table", name="Bảng phân công nhiệm vụ – Kế hoạch số 81/KH-STNMT (16 nhiệm vụ)")
    assert table.count() == 1
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.locator("tbody tr").first.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    headers = table.get_by_role("columnheader")
    assert headers.all_inner_texts() == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hình thức",
                                         "Thời gian"]
    # All six headers sit side by side on one line, above the first row.
    boxes = [headers.nth(i).bounding_box() for i in range(6)]
    assert len({round(b["y"]) for b in boxes}) == 1
    assert all(boxes[i]["x"] < boxes[i + 1]["x"] for i in range(5))
    first_row = table.locator("tbody tr").first.bounding_box()
    assert first_row["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1
    # Each row is labelled by its task for screen readers (a row header).
    assert table.get_by_role("rowheader").count() == 16
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    context.close()


def test_task_table_prints_as_a_table_even_from_a_phone(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _open(browser, server, PHONE)
    page.emulate_media(media="print")
    table = page.locator("table.portal-tasks")
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.locator("thead").evaluate("h => getComputedStyle(h).display") == "table-header-group"
    assert table.locator("tbody tr").first.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    context.close()


def test_csv_and_json_downloads_match_the_table(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _open(browser, server, DESKTOP, accept_downloads=True)
    shown = page.evaluate(READ_TABLE)
    assert len(shown["rows"]) == 16

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV (mở bằng Excel)").click()
    download = info.value
    assert download.suggested_filename == "nhiem-vu.csv"
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM: Excel shows Vietnamese correctly"
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert table[0][:6] == shown["headers"]
    assert [row[:6] for row in table[1:]] == shown["rows"]

    with page.expect_download() as info:
        page.get_by_role("link", name="JSON", exact=True).click()
    document = json.loads(open(info.value.path(), "rb").read().decode("utf-8"))
    assert document["plan"]["number"] == "81/KH-STNMT"
    assert document["plan"]["issued_text"] == "ngày 05 tháng 8 năm 2024"
    assert [[str(t["number"]), t["task"], t["lead"], "; ".join(t["partners"]), t["form"], t["when"]["text"]]
            for t in document["tasks"]] == shown["rows"]
    context.close()


def test_unit_links_lead_from_the_table_to_the_units_tasks(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _open(browser, server, PHONE, java_script_enabled=False)
    page.locator("table.portal-tasks tbody tr").first.locator("td.portal-tasks__lead a").click()
    page.wait_for_url("**/don-vi/phong-quan-ly-moi-truong/")
    assert page.locator("h1").inner_text() == "Phòng Quản lý môi trường"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    link = page.locator("section[aria-labelledby='dv-lead'] a", has_text="81/KH-STNMT").first
    link.click()
    page.wait_for_url(lambda url: "/ke-hoach/ke-hoach-81-kh-stnmt-2024/#nhiem-vu-" in url)
    context.close()
