"""Compacting Material's search index: cuts between words, keeps markup valid, keeps titles."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from portal.search_index import compact, compact_docs, rewrite, truncate_html


def test_short_text_is_untouched() -> None:
    text = "<p>Quan trắc nước mặt</p><ul><li>Sông Dinh</li></ul>"
    assert truncate_html(text, 100) == (text, len("Quan trắc nước mặtSông Dinh"), False)


def test_cut_between_words_and_close_open_elements() -> None:
    text = "<p>Một hai ba bốn năm</p><ul><li>sáu bảy</li></ul>"
    assert truncate_html(text, 9) == ("<p>Một hai…</p>", 9, True)
    assert truncate_html("<ul><li>một hai ba</li><li>bốn</li></ul>", 5) == ("<ul><li>một…</li></ul>", 5, True)


def test_never_split_an_entity() -> None:
    cut, _, was_cut = truncate_html("<p>A &amp;B và C</p>", 4)
    assert was_cut and "&am" not in cut.replace("&amp;", "") and cut.endswith("…</p>")


def test_budget_is_per_page_and_titles_stay() -> None:
    index = {"config": {"lang": ["vi"]}, "docs": [
        {"location": "a/", "title": "Bài A", "text": "<p>" + "chữ " * 100 + "</p>"},
        {"location": "a/#muc-2", "title": "Mục hai", "text": "<p>nội dung mục hai</p>"},
        {"location": "b/", "title": "Bài B", "text": "<p>ngắn</p>"},
    ]}
    out = compact(index, 40)
    assert out["config"] == index["config"]
    assert [d["title"] for d in out["docs"]] == ["Bài A", "Mục hai", "Bài B"]
    assert out["docs"][0]["text"].endswith("…</p>") and len(out["docs"][0]["text"]) < 60
    assert out["docs"][1]["text"] == ""  # page a/ spent its budget: the heading alone is indexed
    assert out["docs"][2]["text"] == "<p>ngắn</p>"


def test_rewrite_writes_utf8_and_a_reproducible_gzip(tmp_path: Path) -> None:
    path = tmp_path / "search_index.json"
    data = {"config": {}, "docs": [{"location": "a/", "title": "Môi trường", "text": "<p>Nước</p>"}]}
    path.write_text(json.dumps(data), encoding="utf-8")  # Material writes ASCII escapes
    before, after, packed = rewrite(path, 100)
    assert after < before
    assert "Môi trường".encode() in path.read_bytes()
    first = (tmp_path / "search_index.json.gz").read_bytes()
    assert len(first) == packed and gzip.decompress(first) == path.read_bytes()
    path.write_text(json.dumps(data), encoding="utf-8")
    rewrite(path, 100)
    assert (tmp_path / "search_index.json.gz").read_bytes() == first


def test_cutting_entries_page_by_page_as_they_are_added_equals_cutting_the_whole_index() -> None:
    """The build cuts each page's entries as Material adds them; the index is the same."""
    docs = [
        {"location": "a/", "title": "Bài A", "text": "<p>" + "chữ " * 30 + "</p>"},
        {"location": "a/#muc-2", "title": "Mục hai", "text": "<ul><li>" + "ý " * 30 + "</li></ul>"},
        {"location": "a/#muc-3", "title": "Mục ba", "text": "<p>cuối</p>"},
        {"location": "b/", "title": "Bài B", "text": "<p>" + "nước " * 10 + "</p>"},
        {"location": "b/#muc", "title": "Mục", "text": "<p>thêm &amp; nữa</p>"},
    ]
    whole = compact({"docs": docs}, 90)["docs"]
    used: dict[str, int] = {}
    added = compact_docs(docs[:3], 90, used) + compact_docs(docs[3:], 90, used)
    assert added == whole
    assert whole[2]["text"] == "" and whole[4]["text"] != ""  # page a spent its budget, page b not yet
