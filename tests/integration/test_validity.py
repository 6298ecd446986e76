"""Every page is valid HTML (DESIGN.md §4): the Nu Html Checker (vnu.jar, pinned in tests/js,
run with the machine's Java) finds no error on any page type of the sample site, nor on the
hand-written pages of docs/. Warnings and notes are allowed; errors are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit import HAND_WRITTEN, PAGE_TYPES, describe_vnu, page_file, page_type_paths, run_vnu, validate, vnu_errors


@pytest.fixture(scope="module")
def checked(sample_site: Path) -> dict[str, tuple[str, list[dict[str, object]]]]:
    """{page name: (its URL, vnu's messages)} for every page type and hand-written page, in one vnu run."""
    paths = {**page_type_paths(sample_site), **HAND_WRITTEN}
    return {name: (paths[name], messages) for name, messages in validate(sample_site, paths).items()}


@pytest.mark.parametrize("name", [*PAGE_TYPES, *HAND_WRITTEN])
def test_page_is_valid_html(checked: dict[str, tuple[str, list[dict[str, object]]]], name: str) -> None:
    path, messages = checked[name]
    errors = vnu_errors(messages)  # type: ignore[arg-type]
    assert errors == [], f"{len(errors)} vnu error(s):\n{describe_vnu(name, path, errors)}"  # type: ignore[arg-type]


def test_the_checker_reports_invalid_markup(tmp_path: Path) -> None:
    """The check can fail: vnu sees the very mistakes this suite once had (a checkbox with
    `autocomplete`, a `role` on a table row, a label for a missing control), line by line."""
    page = tmp_path / "invalid" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8"><title>Thử</title></head>\n<body>\n'
        '<input type="checkbox" id="a" autocomplete="off">\n'
        '<table><tr role="row"><td>1</td></tr></table>\n'
        '<label for="khong-co">Nhãn</label>\n'
        "</body>\n</html>\n",
        encoding="utf-8",
    )
    errors = vnu_errors(run_vnu([page])[page])
    assert [(m["lastLine"], m["message"].split(" ")[:2]) for m in errors] == [
        (5, ["Attribute", "“autocomplete”"]),
        (6, ["The", "“role”"]),
        (7, ["The", "value"]),
    ]
    assert page_file(tmp_path, "invalid/") == page
