"""Published addresses never die silently: an item's old addresses forward to its page.

An item's URL comes from its title (or `slug:`) and, for articles, its date: editing either moves
the page. Old addresses come from two places:

- `aliases:` in the item's front matter: paths of this site the editor keeps for good (they live
  in content/, so every build, on any machine, writes them);
- the previous build's record (`RECORD_FILE` at the top of the published site): the URL of every
  published item by source file, with the older URLs it still forwards. When an item's URL
  differs from the recorded one, the old URL forwards to the new one and a warning at the line
  that moved it (`title:`, `date:` or `slug:`) says how to keep the address for good.

A forwarding address is a small static page (meta refresh, canonical link, noindex): it works on
any static server, and it is in no sitemap, search index, feed or menu. `NGINX_MAP_FILE` lists the
same pairs for an nginx `map`, for servers that prefer to answer 301 (deploy/nginx.conf).
Drafts and scheduled items are never published, so their URLs are neither recorded nor forwarded;
a deleted item's URL is not forwarded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from . import routes
from .errors import Problem, sort_problems
from .models import Redirect, Site
from .schema import Reader, describe
from .slugs import is_valid_slug

RECORD_FILE = ".portal-urls.json"
"""The published URL of every item, by source file: written by every build, read by the next.
A dot-file: deploy/nginx.conf never serves it."""
NGINX_MAP_FILE = ".portal-redirects.map"
"""`old new;` lines for an nginx `map` (optional 301 answers, deploy/nginx.conf)."""
RECORD_VERSION = 1
MAX_RECORD_BYTES = 64 * 1024 * 1024
"""A larger record is not ours: it is ignored (no comparison), never read into memory."""
MAX_PATH_LENGTH = 300

Record = dict[str, tuple[str, tuple[str, ...]]]
"""Source file (`content/articles/2024/a.md`) → (URL, older URLs it still forwards)."""

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SEGMENT = re.compile(r"[a-z0-9_-][a-z0-9._-]*")
_EXAMPLE = "/tin-tuc/2024/06/ten-cu/"
_WHAT = {"article": "bài", "campaign": "chiến dịch", "plan": "kế hoạch", "event": "sự kiện"}


def site_path(raw: str) -> tuple[str, str]:
    """Return (site-relative directory URL, "") for a path of this site, or ("", why not, in Vietnamese).

    `/tin-tuc/2024/06/ten-cu/`, `tin-tuc/2024/06/ten-cu` and `…/ten-cu/index.html` all give
    `tin-tuc/2024/06/ten-cu/`.
    """
    text = raw.strip()
    if _SCHEME.match(text) or text.startswith("//"):
        return "", (f"là địa chỉ đầy đủ có tên miền: chỉ ghi phần đường dẫn sau tên miền của trang này, ví dụ "
                    f"{_EXAMPLE} (không chuyển tiếp được địa chỉ của trang web khác)")
    if "?" in text or "#" in text:
        return "", (f"có phần '?…' hoặc '#…' mà trang tĩnh không phân biệt được: chỉ ghi đường dẫn, ví dụ "
                    f"{_EXAMPLE}")
    segments = text.strip("/").split("/")
    if segments[-1] == "index.html":
        segments.pop()
    path = "/".join(segments)
    if not path:
        return "", "là trang chủ: trang chủ không chuyển đi đâu được; hãy xoá dòng này"
    if len(path) > MAX_PATH_LENGTH or not all(_SEGMENT.fullmatch(segment) for segment in segments):
        return "", (f"chỉ được gồm chữ thường không dấu a-z, số, '-', '_', '.' và '/' (không có khoảng trắng, "
                    f"không có đoạn bắt đầu bằng '.', tối đa {MAX_PATH_LENGTH} ký tự), ví dụ {_EXAMPLE}")
    return path + "/", ""


def read_aliases(reader: Reader) -> tuple[tuple[str, int], ...]:
    """Return (URL, line) of each valid `aliases:` entry; report the others at their line."""
    result = []
    for raw, line in reader.text_list("aliases"):
        url, problem = site_path(raw)
        if problem:
            reader.error("aliases", "alias-invalid", f"địa chỉ cũ '{describe(raw)}' {problem}", line)
        else:
            result.append((url, line))
    return tuple(result)


# -- the record of published URLs ------------------------------------------------------------------


def read_record(site_dir: Path | None) -> Record | None:
    """Return the record the build in `site_dir` left, or None (none, unreadable: nothing to compare).

    Every URL in it is checked as an `aliases:` entry is, so a hand-edited record cannot make a
    build write outside the site.
    """
    if site_dir is None:
        return None
    path = site_dir / RECORD_FILE
    try:
        if not path.is_file() or path.stat().st_size > MAX_RECORD_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != RECORD_VERSION or not isinstance(data.get("items"), dict):
        return None
    record: Record = {}
    for source, entry in data["items"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        url = site_path(entry["url"])[0]
        older = entry.get("old", [])
        old = tuple(found for raw in (older if isinstance(older, list) else []) if isinstance(raw, str)
                    for found in [site_path(raw)[0]] if found)
        if url:
            record[source] = (url, old)
    return record


def record_json(record: Record) -> bytes:
    """Return the record as this build writes it: sorted, no timestamps (reproducible builds)."""
    items = {source: {"url": url, "old": list(old)} if old else {"url": url}
             for source, (url, old) in sorted(record.items())}
    return (json.dumps({"version": RECORD_VERSION, "items": items}, ensure_ascii=False, indent=1, sort_keys=True)
            + "\n").encode("utf-8")


# -- resolving old addresses -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """An item of this load that has a URL (drafts and scheduled items included)."""

    source: str
    kind: str
    url: str
    slug: str
    title: str
    published: bool
    """Neither a draft nor scheduled: on the public site (whether or not this is a preview)."""
    shown: bool
    """On the site this build writes (the live preview shows drafts and scheduled items too)."""
    aliases: tuple[tuple[str, int], ...]
    lines: dict[str, int]
    """Line of `title`, `date` and `slug` (of the front matter when a key is absent)."""
    explicit_slug: bool
    default_slug: str


def resolve(site: Site, candidates: list[Candidate], previous: Record | None) -> list[Problem]:
    """Set `site.redirects` and `site.url_record`; return the problems of `aliases:` and of moved URLs."""
    problems: list[Problem] = []
    candidates = sorted(candidates, key=lambda c: c.source)
    owner = {c.url: c for c in candidates}
    aliased: dict[str, tuple[Candidate, int]] = {}
    redirects: dict[str, Redirect] = {}
    for item in candidates:
        for url, line in item.aliases:
            problem = _alias_problem(item, url, line, owner, aliased)
            if problem is not None:
                problems.append(problem)
                continue
            aliased[url] = (item, line)
            if item.shown:
                redirects[url] = Redirect(url, item.url, item.title, item.source, line, alias=True)
    record: Record = {}
    for item in candidates:
        entry = (previous or {}).get(item.source)
        if not item.published:
            if entry is not None:
                record[item.source] = entry  # published before, a draft now: its address comes back with it
            continue
        if entry is None:
            record[item.source] = (item.url, ())
            continue
        was, older = entry
        kept = []
        for old in sorted({was, *older} - {item.url}):
            moved_now = old == was
            holder = aliased.get(old, (None, 0))[0] or owner.get(old)
            if holder is item:
                kept.append(old)  # its own `aliases:` entry forwards it
            elif holder is not None or old in redirects:
                other = holder.source if holder is not None else redirects[old].source
                problems.append(_taken(item, was, old, other, moved_now))
            else:
                cause, line = _cause(item, was)
                redirects[old] = Redirect(old, item.url, item.title, item.source, line, alias=False)
                kept.append(old)
                if moved_now:
                    problems.append(_moved(item, was, cause, line))
        record[item.source] = (item.url, tuple(kept))
    site.redirects = [redirects[url] for url in sorted(redirects)]
    site.url_record = record
    return problems


def _alias_problem(item: Candidate, url: str, line: int, owner: dict[str, Candidate],
                   aliased: dict[str, tuple[Candidate, int]]) -> Problem | None:
    shown = "/" + url
    if url == item.url:
        return Problem(item.source, line, "alias-unneeded",
                       f"địa chỉ cũ '{shown}' chính là địa chỉ hiện tại của {_WHAT[item.kind]} này nên không cần "
                       "chuyển tiếp: xoá dòng này", "warning")
    if url in owner:
        other = owner[url]
        state = "" if other.published else " (chưa đăng: bản nháp hoặc hẹn giờ)"
        return Problem(item.source, line, "alias-conflict",
                       f"địa chỉ cũ '{shown}' đang là địa chỉ của {other.source}{state}: một địa chỉ không thể vừa là "
                       "một trang vừa chuyển tới trang khác; xoá dòng này, hoặc đặt 'slug:' khác cho trang kia")
    if url in aliased:
        other, other_line = aliased[url]
        if other is item:
            return Problem(item.source, line, "alias-unneeded",
                           f"địa chỉ cũ '{shown}' đã ghi ở dòng {other_line}: xoá một dòng", "warning")
        return Problem(item.source, line, "alias-conflict",
                       f"địa chỉ cũ '{shown}' đã được {other.source}:{other_line} ghi trong 'aliases:': một địa chỉ "
                       "chỉ chuyển tới được một trang; xoá dòng này ở một trong hai tệp")
    return None


def _cause(item: Candidate, was: str) -> tuple[str, int]:
    """Return (why the URL moved, in Vietnamese; the line of the key that moved it)."""
    old_head, _, old_slug = was.rstrip("/").rpartition("/")
    new_head = item.url.rstrip("/").rpartition("/")[0]

    def from_title(slug: str) -> bool:
        return slug == item.default_slug or re.fullmatch(re.escape(item.default_slug) + r"-\d+", slug) is not None

    reasons = []
    line = item.lines["title"]
    if old_slug != item.slug:
        if item.explicit_slug:
            reasons.append("đổi slug")
            line = item.lines["slug"]
        elif from_title(old_slug) and from_title(item.slug):
            reasons.append("có (hoặc không còn) trang khác cùng tiêu đề")
        else:
            reasons.append("đổi tiêu đề")
    if old_head != new_head and item.kind == "article":
        reasons.append("đổi ngày đăng")
        if old_slug == item.slug:
            line = item.lines["date"]
    return " và ".join(reasons) or "đổi địa chỉ", line


def _moved(item: Candidate, was: str, cause: str, line: int) -> Problem:
    old_head, _, old_slug = was.rstrip("/").rpartition("/")
    hint = f"thêm /{was} vào danh sách 'aliases:'" if item.aliases else f"thêm vào phần khai báo: aliases: [/{was}]"
    if old_slug != item.slug and is_valid_slug(old_slug) and old_head == item.url.rstrip("/").rpartition("/")[0]:
        hint += f" (hoặc giữ địa chỉ cũ bằng slug: {old_slug})"
    return Problem(item.source, line, "url-changed",
                   f"địa chỉ của {_WHAT[item.kind]} đã đổi từ /{was} sang /{item.url} (do {cause}); trang cũ tự chuyển "
                   f"tới trang mới. Để giữ lâu dài, {hint}", "warning")


def _taken(item: Candidate, was: str, old: str, other: str, moved_now: bool) -> Problem:
    what = _WHAT[item.kind]
    if not moved_now:
        return Problem(item.source, item.lines["title"], "url-taken",
                       f"địa chỉ cũ /{old} của {what} này (trước đây tự chuyển tới đây) nay thuộc về {other} nên "
                       "không còn chuyển tới đây", "warning")
    cause, line = _cause(item, was)
    slug = was.rstrip("/").rpartition("/")[2]
    keep = f"slug: {slug}" if is_valid_slug(slug) else "'slug:'"
    return Problem(item.source, line, "url-taken",
                   f"địa chỉ của {what} đã đổi từ /{was} sang /{item.url} (do {cause}), nhưng địa chỉ cũ nay thuộc về "
                   f"{other} nên không chuyển tới {what} này. Nếu {what} này cần giữ địa chỉ cũ, đặt {keep} cho nó "
                   "và một slug khác cho trang kia", "warning")


# -- conflicts with the other files of the build ---------------------------------------------------


def conflicts(site: Site, occupied: set[str]) -> list[Problem]:
    """Drop forwarding addresses whose page would replace (or sit inside) a file of the site.

    `occupied`: site-relative paths of files the build writes (`tin-tuc/index.html`, `rss.xml`).
    An `aliases:` entry there is an error at its line; an address from the record a warning.
    """
    problems = []
    kept = []
    for redirect in site.redirects:
        page = redirect.old + "index.html"
        parts = redirect.old.rstrip("/").split("/")
        folders = ("/".join(parts[:end]) for end in range(1, len(parts) + 1))
        clash = page if page in occupied else next((folder for folder in folders if folder in occupied), None)
        if clash is None:
            kept.append(redirect)
            continue
        shown = "/" + (clash.removesuffix("index.html") if clash.endswith("index.html") else clash)
        if redirect.alias:
            problems.append(Problem(redirect.source, redirect.line, "alias-conflict",
                                    f"địa chỉ cũ '/{redirect.old}' trùng với {shown}, một trang (hay tệp) "
                                    "của trang web (trang tự sinh, trang trong docs/, nguồn tin, lịch): xoá dòng này"))
        else:
            problems.append(Problem(redirect.source, redirect.line, "url-taken",
                                    f"địa chỉ cũ /{redirect.old} nay thuộc về {shown}, một trang (hay tệp) của trang "
                                    "web, nên không chuyển tới trang này", "warning"))
            if redirect.source in site.url_record:  # said once: the next build forgets it
                url, older = site.url_record[redirect.source]
                site.url_record[redirect.source] = (url, tuple(old for old in older if old != redirect.old))
    site.redirects = kept
    return sort_problems(problems)


# -- the files a build writes ------------------------------------------------------------------------


def build_files(site: Site, site_url: str, site_name: str, favicon: str = "") -> list[tuple[str, bytes]]:
    """Return (site path, content) of every forwarding page, and (not in the preview) the record and map."""
    files = [(redirect.old + "index.html", redirect_page(redirect, site_url, site_name, favicon))
             for redirect in site.redirects]
    if not site.preview:
        files.append((RECORD_FILE, record_json(site.url_record)))
        files.append((NGINX_MAP_FILE, nginx_map(site.redirects, site_url)))
    return files


def redirect_page(redirect: Redirect, site_url: str, site_name: str, favicon: str = "") -> bytes:
    """Return the small page at an old address that sends browsers and search engines to the new one.

    No script (the site's Content-Security-Policy allows none inline, and none is needed): a meta
    refresh, the canonical link, noindex, and a sentence with the link for anyone it does not move.
    `favicon` (site-relative) is the site's icon: without the link a browser asks for /favicon.ico.
    """
    target = escape(routes.relative_url(redirect.new, redirect.old))
    absolute = escape(site_url + redirect.new if site_url else routes.relative_url(redirect.new, redirect.old))
    title = escape(redirect.title)
    name = escape(site_name)
    description = f"Trang đã chuyển sang địa chỉ mới: {title}"
    icon = f'\n<link rel="icon" href="{escape(routes.relative_url(favicon, redirect.old))}">' if favicon else ""
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={target}">
<title>Trang đã chuyển: {title} - {name}</title>
<meta name="robots" content="noindex">
<meta name="description" content="{description}">
<link rel="canonical" href="{absolute}">{icon}
<meta property="og:site_name" content="{name}">
<meta property="og:locale" content="vi_VN">
<meta property="og:type" content="website">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:url" content="{absolute}">
<meta name="twitter:card" content="summary">
</head>
<body>
<main>
<h1>Trang đã chuyển sang địa chỉ mới</h1>
<p>Nội dung bạn tìm nay ở địa chỉ mới: <a href="{target}">{title}</a>.</p>
<p>Trình duyệt sẽ tự mở trang mới; nếu không, hãy bấm vào liên kết trên và cập nhật dấu trang của bạn.</p>
</main>
</body>
</html>
""".encode("utf-8")


def nginx_map(redirects: list[Redirect], site_url: str) -> bytes:
    """Return `old new;` lines for an nginx `map $uri …` (every address is checked: no quote, space or `;`)."""
    base = urlsplit(site_url).path or "/"
    base = base if base.endswith("/") else base + "/"
    lines = ["# Written by every portal build: old address -> new address (deploy/nginx.conf, 301 answers)."]
    for redirect in redirects:
        new = base + redirect.new
        for old in (redirect.old, redirect.old.rstrip("/"), redirect.old + "index.html"):
            lines.append(f"{base}{old} {new};")
    return ("\n".join(lines) + "\n").encode("utf-8")
