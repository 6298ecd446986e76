"""Vietnamese-aware ASCII slugs for URLs and heading anchors."""

from __future__ import annotations

import unicodedata

import pytest

from portal.render import Renderer
from portal.slugs import MAX_SLUG_LENGTH, fold, is_valid_slug, slugify_toc, slugify_vi


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đất đai: Tuần lễ Biển và Hải đảo Việt Nam 2024", "dat-dai-tuan-le-bien-va-hai-dao-viet-nam-2024"),
        ("ĐẮK LẮK ĐẨY MẠNH ĐO ĐẠC", "dak-lak-day-manh-do-dac"),
        ("Nước ngầm – sạch & an toàn!!", "nuoc-ngam-sach-an-toan"),
        ("Hưởng ứng “Giờ Trái Đất” 2024", "huong-ung-gio-trai-dat-2024"),
        ("Kế hoạch số 81/KH-STNMT", "ke-hoach-so-81-kh-stnmt"),
        ("Thủy – thuỷ, hòa – hoà", "thuy-thuy-hoa-hoa"),
        ("   --- ", ""),
    ],
)
def test_slugify_vi(title: str, slug: str) -> None:
    assert slugify_vi(title) == slug


def test_d_with_stroke_becomes_d() -> None:
    # đ (U+0111) has no Unicode decomposition: a plain NFD strip would keep or drop it.
    assert fold("Đồng đất đỏ") == "Dong dat do"
    assert slugify_vi("đ Đ") == "d-d"


def test_nfd_and_nfc_titles_give_the_same_slug() -> None:
    title = "Quản lý tài nguyên nước ngầm"
    assert slugify_vi(unicodedata.normalize("NFD", title)) == slugify_vi(title) == "quan-ly-tai-nguyen-nuoc-ngam"


def test_titles_differing_only_by_diacritics_collide() -> None:
    """The loader adds `-2` for these; the slug function itself is many-to-one."""
    assert slugify_vi("Mưa đá") == slugify_vi("Mua đá") == slugify_vi("Múa đá") == "mua-da"


def test_long_title_is_cut_at_a_word_boundary() -> None:
    title = (
        "Hội nghị tổng kết công tác quản lý nhà nước về tài nguyên và môi trường năm 2024 "
        "và triển khai nhiệm vụ trọng tâm năm 2025"
    )
    full = slugify_vi(title, max_length=1000)
    slug = slugify_vi(title)
    assert len(full) > MAX_SLUG_LENGTH
    assert len(slug) <= MAX_SLUG_LENGTH
    assert full.startswith(slug + "-"), "cut in the middle of a word"
    assert slug == "hoi-nghi-tong-ket-cong-tac-quan-ly-nha-nuoc-ve-tai-nguyen-va-moi-truong-nam-2024"
    assert is_valid_slug(slug)


def test_cut_exactly_before_a_hyphen_keeps_the_whole_last_word() -> None:
    words = "abcd-" * 16  # 80 characters including the final hyphen
    slug = slugify_vi(words + "efgh")
    assert slug == words[:-1]  # 79 characters: "abcd-…-abcd"


def test_a_single_word_longer_than_the_limit_is_cut() -> None:
    assert slugify_vi("a" * 100) == "a" * MAX_SLUG_LENGTH


@pytest.mark.parametrize(
    ("value", "valid"),
    [("dat-dai", True), ("2024", True), ("Dat-dai", False), ("dat--dai", False), ("-dat", False),
     ("dat_dai", False), ("đất-đai", False), ("a" * 80, True), ("a" * 81, False), ("", False)],
)
def test_is_valid_slug(value: str, valid: bool) -> None:
    assert is_valid_slug(value) is valid


def test_toc_slugify_uses_the_same_rules_and_separator() -> None:
    assert slugify_toc("Đường dây nóng", "-") == "duong-day-nong"
    assert slugify_toc("Đường dây nóng", "_") == "duong_day_nong"
    assert slugify_toc("!!!", "-") == "muc"


def test_heading_anchors_in_rendered_articles_are_ascii() -> None:
    html, toc = Renderer().convert("## Đất đai và nước\n\n## Đất đai và nước\n", "tin-tuc/2024/06/a/", {})
    assert 'id="dat-dai-va-nuoc"' in html
    assert [anchor for _level, anchor, _text in toc] == ["dat-dai-va-nuoc", "dat-dai-va-nuoc_1"]
    assert [text for _level, _anchor, text in toc] == ["Đất đai và nước", "Đất đai và nước"]
