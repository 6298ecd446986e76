"""Several builds in ONE Python process (as under `mkdocs serve`): per-build state must be reset.

MkDocs keeps hook modules loaded between builds, so anything the portal kept from a previous
build (items, pages, problems) would leak into the next one. Build A, then A plus one article,
then A again: the first and last outputs must be byte-identical, the middle one must differ.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EPOCH, article, build_into, make_project

CONTENT = {
    "articles/2024/ngay-moi-truong.md": article("Ngày Môi trường thế giới", "2024-06-05"),
    "articles/2024/tuan-le-bien.md": article("Tuần lễ Biển và Hải đảo", "2024-06-01", "[bien-hai-dao]"),
    "articles/2023/gio-trai-dat.md": article("Giờ Trái Đất 2023", "2023-03-25", "[moi-truong]"),
}
EXTRA = "articles/2024/them.md"
EXTRA_URL = "tin-tuc/2024/06/tin-them-vao-giua-hai-lan-build/"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, bytes]]:
    root = tmp_path_factory.mktemp("inprocess")
    proj = make_project(root, CONTENT)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        mp.chdir(proj)
        build_into(proj, root / "out1")
        (proj / "content" / EXTRA).write_text(
            article("Tin thêm vào giữa hai lần build", "2024-06-10"), encoding="utf-8")
        build_into(proj, root / "out2")
        (proj / "content" / EXTRA).unlink()
        build_into(proj, root / "out3")
    return [tree(root / name) for name in ("out1", "out2", "out3")]


def test_same_content_gives_byte_identical_output(outputs: list[dict[str, bytes]]) -> None:
    first, _, third = outputs
    assert sorted(first) == sorted(third)
    different = [path for path in first if first[path] != third[path]]
    assert different == []


def test_the_build_in_between_saw_its_own_content(outputs: list[dict[str, bytes]]) -> None:
    first, second, third = outputs
    assert EXTRA_URL + "index.html" in second
    assert EXTRA_URL + "index.html" not in first and EXTRA_URL + "index.html" not in third
    assert "Tin thêm vào giữa hai lần build".encode() in second["tin-tuc/index.html"]
    assert "Tin thêm vào giữa hai lần build".encode() not in third["tin-tuc/index.html"]


def test_output_has_the_articles(outputs: list[dict[str, bytes]]) -> None:
    first = outputs[0]
    for url in ("tin-tuc/2024/06/ngay-moi-truong-the-gioi/", "tin-tuc/2024/06/tuan-le-bien-va-hai-dao/",
                "tin-tuc/2023/03/gio-trai-dat-2023/"):
        assert url + "index.html" in first
