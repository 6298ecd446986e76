"""The search index builder: Vietnamese folding, words, the files it writes, keeping them when
nothing changed. The browser half (docs/assets/js/portal-search.js) is tested in
tests/browser/test_search.py; `search` below is the same query logic, in Python, over the files."""

from __future__ import annotations

import json
import math
import os
import unicodedata
from pathlib import Path

import pytest

from portal import search_index as si


def test_folding_ignores_diacritics_case_tone_placement_and_keyboard_form() -> None:
    assert si.fold("Đất ĐAI") == "dat dai"
    assert si.fold("MÔI TRƯỜNG") == si.fold("môi trường") == "moi truong"
    assert si.fold("hoà") == si.fold("hòa") == si.fold(unicodedata.normalize("NFD", "Hòa")) == "hoa"
    assert si.fold("Đường") == "duong"
    assert si.fold("thuỷ") == si.fold("thủy") == "thuy"


def test_document_numbers_are_words_whole_and_in_parts() -> None:
    assert si.words(si.fold("Quyết định 1596/QĐ-UBND; Kế hoạch 81/KH-STNMT.")) == [
        "quyet", "dinh", "1596", "qd", "ubnd", "ke", "hoach", "81", "kh", "stnmt", "1596/qd-ubnd", "81/kh-stnmt"]


def test_extract_keeps_visible_text_and_counts_headings_twice() -> None:
    html = ('<h2 id="dat">Đất đai<a class="headerlink" href="#dat" title="Liên kết">¶</a></h2>'
            '<p>Quản lý <strong>đất</strong> &amp; nước<sup id="fnref:1"><a href="#fn:1">1</a></sup>.</p>')
    text, found, counts = si.extract(html)
    assert text == "Đất đai Quản lý đất & nước."
    assert dict(zip(found.split(" "), (ord(c) - 32 for c in counts))) == {
        "dat": 3, "dai": 2, "quan": 1, "ly": 1, "nuoc": 1}


@pytest.mark.parametrize("chars", [1, 5, 40, 41, 42, 120, 1200, 6000])
@pytest.mark.parametrize("lead", ["", "Sở Tài nguyên và Môi trường"])
def test_excerpts_are_the_same_when_workers_keep_only_what_the_setting_shows(chars: int, lead: str) -> None:
    # The render workers keep `search_text_chars` + 1 characters of each body (adapter/search.py),
    # not the whole text: every excerpt, of texts shorter or longer than that, must come out the same.
    for words in (3, 8, 9, 10, 300, 2000):
        html = "<p>" + " ".join(f"đất{n % 7} <b>môi</b>trường" for n in range(words)) + "</p><h2>Kết luận</h2>"
        full = si.extract(html, limit=len(html))  # the whole text
        kept = si.extract(html, limit=min(chars, si.TEXT_LIMIT) + 1)
        assert kept[1:] == full[1:]  # every word is indexed either way
        whole = si.Doc(url="a/", title="A", kind="article", date="2024-01-01", lead=lead, text=full[0])
        short = si.Doc(url="a/", title="A", kind="article", date="2024-01-01", lead=lead, text=kept[0])
        assert si.excerpt_text(short, chars) == si.excerpt_text(whole, chars)


@pytest.mark.parametrize("ids", [[0], [0, 1, 2, 3], [5, 40, 41, 5000, 5001, 200000], list(range(0, 9000, 7))])
def test_page_numbers_round_trip(ids: list[int]) -> None:
    encoded = si.encode_gaps(ids)
    assert set(encoded) <= set(si.TERMINAL + si.CONTINUE)
    assert si.decode_gaps(encoded) == ids


def doc(url: str, title: str, body: str, *, kind: str = "article", date: str = "2024-06-05",
        topics: tuple[str, ...] = ("moi-truong",), number: str = "", lead: str = "") -> si.Doc:
    text, found, counts = si.extract(f"<p>{body}</p>")
    return si.Doc(url=url, title=title, kind=kind, date=date, topics=topics, number=number, lead=lead,
                  text=text, words=found, counts=counts)


DOCS = [
    doc("tin-tuc/2024/06/dat-dai/", "Phổ biến Luật Đất đai", "Hội nghị về đất đai và đường giao thông.", date="2024-06-01"),
    doc("tin-tuc/2024/05/moi-truong/", "Ngày Môi trường thế giới", "Mít tinh vì môi trường, khánh thành trạm quan trắc.",
        date="2024-05-30", topics=("moi-truong", "bien-hai-dao")),
    doc("ke-hoach/ke-hoach-81/", "Kế hoạch truyền thông", "Phân công nhiệm vụ truyền thông.", kind="plan",
        date="2024-08-05", number="81/KH-STNMT", lead="Sở Tài nguyên và Môi trường"),
    doc("su-kien/khanh-hoa/", "Tập huấn ở Khánh Hòa", "Tập huấn truyền thông tại Nha Trang.", kind="event",
        date="2023-10-11", topics=("tai-nguyen-nuoc",)),
]


def load(files: dict[str, bytes]) -> tuple[dict, dict[str, dict], list[list]]:
    """Return (entry, all chunks' words, all pages) of built files."""
    entry = json.loads(files[si.ENTRY])
    folder = entry["id"]
    chunks = {}
    for number in range(len(entry["chunks"])):
        chunks.update(json.loads(files[f"{folder}/w{number}.json"]))
    pages = []
    for number in range(math.ceil(entry["pages"] / entry["per_file"])):
        pages += json.loads(files[f"{folder}/p{number}.json"])
    return entry, chunks, pages


def search(files: dict[str, bytes], query: str, **filters: str) -> list[str]:
    """Return the URLs of the pages holding every word of `query` and matching the filters, best first."""
    entry, chunks, pages = load(files)
    scores: dict[int, float] | None = None
    required = list(dict.fromkeys(word for word in si.words(si.fold(query)) if word.isalnum()))
    needed = [(word, 1.0) for word in required] + [(f"~{k.replace('_', '-')}:{v}", 0.0) for k, v in filters.items()]
    for word, weight in needed:
        if word not in chunks:
            return []
        ids = si.decode_gaps(chunks[word][0])
        levels = [si.TERMINAL.index(c) for c in chunks[word][1]]
        idf = math.log(1 + (entry["pages"] - len(ids) + 0.5) / (len(ids) + 0.5))
        found = {page: weight * idf * level for page, level in zip(ids, levels)}
        scores = found if scores is None else {p: s + found[p] for p, s in scores.items() if p in found}
    assert scores is not None
    return [pages[p][0] for p in sorted(scores, key=lambda p: (-scores[p], p))]


def test_built_index_finds_vietnamese_words_however_typed() -> None:
    _, files = si.build_files(si.order(DOCS))
    assert search(files, "dat dai")[0] == "tin-tuc/2024/06/dat-dai/"
    assert search(files, "ĐẤT ĐAI") == search(files, "dat dai")
    assert search(files, "duong") == ["tin-tuc/2024/06/dat-dai/"]  # "đường": đ folds to d
    assert search(files, "moi truong")[0] == "tin-tuc/2024/05/moi-truong/"  # in the title: first
    assert search(files, "khanh hoa") == ["su-kien/khanh-hoa/"]  # "khánh thành" has no "hoa"
    assert search(files, "truyen thong", loai="plan") == ["ke-hoach/ke-hoach-81/"]
    assert search(files, "truyen thong", linh_vuc="tai-nguyen-nuoc") == ["su-kien/khanh-hoa/"]
    assert search(files, "khong co tu nay") == []


def test_document_numbers_are_found() -> None:
    _, files = si.build_files(si.order(DOCS))
    _, chunks, _ = load(files)
    assert search(files, "81") == ["ke-hoach/ke-hoach-81/"]
    assert "81/kh-stnmt" in chunks  # the whole number, for the browser's exact-number bonus


def test_pages_carry_what_a_result_shows() -> None:
    _, files = si.build_files(si.order(DOCS))
    entry, _, pages = load(files)
    assert [page[0] for page in pages] == ["ke-hoach/ke-hoach-81/", "tin-tuc/2024/06/dat-dai/",
                                           "tin-tuc/2024/05/moi-truong/", "su-kien/khanh-hoa/"]  # newest first
    assert pages[0] == ["ke-hoach/ke-hoach-81/", "Kế hoạch truyền thông", "plan", "2024-08-05", ["moi-truong"],
                        "81/KH-STNMT", "Sở Tài nguyên và Môi trường Phân công nhiệm vụ truyền thông."]
    assert entry["kinds"] == {"article": 2, "event": 1, "plan": 1}
    assert entry["topics"] == {"bien-hai-dao": 1, "moi-truong": 3, "tai-nguyen-nuoc": 1}


def test_words_are_split_into_sorted_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(si, "CHUNK_CHARS", 60)
    _, files = si.build_files(si.order(DOCS))
    entry = json.loads(files[si.ENTRY])
    firsts = entry["chunks"]
    assert len(firsts) > 3 and firsts == sorted(firsts)
    for number, first in enumerate(firsts):
        chunk = json.loads(files[f"{entry['id']}/w{number}.json"])
        assert min(chunk) == first
        assert all(si.chunk_of(firsts, word) == number for word in chunk)


def test_same_pages_give_the_same_bytes_in_any_order() -> None:
    one = si.build_files(si.order(DOCS))
    two = si.build_files(si.order(list(reversed(DOCS))))
    assert one == two
    assert len(one[0]) == 12 and all(path == si.ENTRY or path.startswith(one[0] + "/") for path in one[1])


def test_excerpt_text_is_cut_at_a_word() -> None:
    long = doc("a/", "A", "một hai ba bốn năm sáu bảy tám")
    assert si.excerpt_text(long, 12) == "một hai ba…"
    assert si.excerpt_text(long, 1000) == "một hai ba bốn năm sáu bảy tám"


def test_unchanged_index_is_kept_from_the_previous_build(tmp_path: Path) -> None:
    cache, site, aside = tmp_path / "cache", tmp_path / "site", tmp_path / "aside"
    first = si.publish(DOCS, site, cache_dir=cache)
    assert not first.kept and first.pages == 4
    written = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # The next build in place: the previous site is set aside, the unchanged index moved back.
    site.rename(aside)
    again = si.publish(DOCS, site, cache_dir=cache, previous=aside, move=True)
    assert again.kept and again.folder == first.folder
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()} == written
    # A published site is linked from, never changed.
    other = tmp_path / "other"
    linked = si.publish(DOCS, other, cache_dir=cache, previous=site, move=False)
    assert linked.kept and (site / si.FOLDER / si.ENTRY).is_file()
    assert os.path.samefile(other / si.FOLDER / si.ENTRY, site / si.FOLDER / si.ENTRY)


def test_changed_pages_or_files_are_indexed_again(tmp_path: Path) -> None:
    cache, site = tmp_path / "cache", tmp_path / "site"
    first = si.publish(DOCS, site, cache_dir=cache)
    edited = [*DOCS[:-1], doc("su-kien/khanh-hoa/", "Tập huấn ở Khánh Hòa", "Nội dung đã sửa.", kind="event")]
    changed = si.publish(edited, tmp_path / "two", cache_dir=cache, previous=site)
    assert not changed.kept and changed.folder != first.folder
    # The same pages again, but a file of the previous build edited by hand (size kept): rebuilt.
    si.publish(DOCS, site, cache_dir=cache)
    entry = site / si.FOLDER / si.ENTRY
    stat = entry.stat()
    data = entry.read_bytes()
    entry.write_bytes(data.replace(b'"format"', b'"FORMAT"'))
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert not si.publish(DOCS, tmp_path / "three", cache_dir=cache, previous=site).kept
