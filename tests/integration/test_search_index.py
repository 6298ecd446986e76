"""The search index a phone downloads: content pages only, UTF-8, a bounded text per page, a
pre-compressed copy, and under 1.5 MB gzipped for a 2,000-article portal."""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path


from helpers import FIXTURE_SITE, SAMPLE_EPOCH, make_project, run_build
from portal.settings import Settings

BUDGET_GZ = 1.5 * 1024 * 1024
N_ARTICLES = 2000


def load_index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def pages_of(index: dict) -> set[str]:
    return {doc["location"].split("#", 1)[0] for doc in index["docs"]}


def test_only_content_pages_are_indexed(sample_site: Path) -> None:
    pages = pages_of(load_index(sample_site))
    articles = {p.parent.relative_to(sample_site).as_posix() + "/"
                for p in sample_site.glob("tin-tuc/[0-9]*/[0-9][0-9]/*/index.html")}
    assert articles and articles <= pages
    for kind in ("chien-dich", "ke-hoach", "su-kien"):
        items = {p.parent.relative_to(sample_site).as_posix() + "/" for p in sample_site.glob(f"{kind}/*/index.html")
                 if p.parent.name != "trang"}
        assert items and items <= pages, kind
    lists = ["tin-tuc/", "linh-vuc/", "linh-vuc/moi-truong/", "chien-dich/", "ke-hoach/", "lich-su-kien/",
             "nhan-tin/", "tin-tuc/2024/"]
    assert not pages & set(lists)
    assert not [p for p in pages if "/trang/" in p or p.startswith(("lich-su-kien/", "don-vi/", "linh-vuc/"))]


def test_index_is_utf8_bounded_and_precompressed(sample_site: Path) -> None:
    path = sample_site / "search" / "search_index.json"
    raw = path.read_bytes()
    assert b"\\u1" not in raw  # Vietnamese letters as UTF-8, not six-byte escapes
    assert gzip.decompress((sample_site / "search" / "search_index.json.gz").read_bytes()) == raw
    index = json.loads(raw)
    limit = Settings().search_text_chars
    text_per_page: dict[str, int] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#", 1)[0]
        text_per_page[page] = text_per_page.get(page, 0) + len(re.sub(r"<[^>]+>", "", doc["text"]))
    assert max(text_per_page.values()) <= limit + len(text_per_page)  # "…" marks each cut
    assert any(doc["text"].endswith("…</p>") or doc["text"].endswith("…") for doc in index["docs"])
    # Every heading stays searchable, even past the text budget.
    titles = {doc["title"] for doc in index["docs"]}
    assert "Những điểm mới đáng chú ý" in titles


def _markov(seed: int) -> tuple[random.Random, list[str], dict[str, list[str]]]:
    """A syllable chain learnt from the sample articles: prose that compresses like real news."""
    words: list[str] = []
    for path in sorted((FIXTURE_SITE / "content" / "articles").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", body)
        words += re.findall(r"[^\s#>*|_`\[\]^-]+", body)
    chain: dict[str, list[str]] = {}
    for first, second in zip(words, words[1:]):
        chain.setdefault(first, []).append(second)
    return random.Random(seed), words, chain


def realistic_articles(n: int) -> dict[str, str]:
    """Return n articles of 400–900 words (lead, three sections) in varied Vietnamese prose."""
    rng, words, chain = _markov(20240605)

    def prose(count: int) -> str:
        word = rng.choice(words)
        out = [word]
        for _ in range(count - 1):
            following = chain.get(word)
            word = rng.choice(following) if following and rng.random() > 0.05 else rng.choice(words)
            out.append(word)
        return " ".join(out)

    topics = ["moi-truong", "tai-nguyen-nuoc", "bien-hai-dao"]
    files = {}
    for index in range(n):
        day = f"{2021 + index % 5}-{1 + index % 12:02d}-{1 + index % 28:02d}"
        title = re.sub(r"[:\"'#&*!|>%@`{}\[\]]", " ", prose(rng.randint(8, 16))).strip()
        total = rng.randint(400, 900)
        parts = [prose(total // 8)]
        for _ in range(3):
            parts += [f"## {prose(rng.randint(3, 7))}", prose(total // 4), prose(total // 8)]
        files[f"articles/{day[:4]}/bai-{index:05d}.md"] = (
            f"---\ntitle: \"{title}\"\ndate: {day}\ntopics: [{topics[index % 3]}]\n---\n\n" + "\n\n".join(parts) + "\n"
        )
    return files


def test_index_of_a_2000_article_portal_fits_a_phone(tmp_path: Path) -> None:
    proj = make_project(tmp_path, realistic_articles(N_ARTICLES))
    result = run_build(proj, epoch=SAMPLE_EPOCH)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    site = proj / "site"
    raw = (site / "search" / "search_index.json").read_bytes()
    packed = (site / "search" / "search_index.json.gz").read_bytes()
    index = json.loads(raw)
    assert len([p for p in pages_of(index) if p.startswith("tin-tuc/")]) == N_ARTICLES
    print(f"search index, {N_ARTICLES} articles: {len(raw) / 1024:.0f} KB raw, {len(packed) / 1024:.0f} KB gzipped")
    assert len(packed) < BUDGET_GZ, f"{len(packed) / 1024 / 1024:.2f} MB gzipped"
    assert len(raw) < 8 * 1024 * 1024  # what the search worker parses and indexes
