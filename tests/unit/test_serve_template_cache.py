"""`mkdocs serve` keeps compiled templates between rebuilds, never a stale one."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from portal.adapter.templates import _MemoryBytecodeCache


def test_templates_compile_once_across_environments_and_again_when_edited(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object):
        compiled.append(str(name))
        return compile_(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    cache = _MemoryBytecodeCache()
    (tmp_path / "trang.html").write_text("{{ tieu_de }}!", encoding="utf-8")

    def rebuild(**context: object) -> str:  # each serve rebuild makes a new environment
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        return env.get_template("trang.html").render(**context)

    assert [rebuild(tieu_de=f"Bài {n}") for n in range(3)] == ["Bài 0!", "Bài 1!", "Bài 2!"]
    assert compiled == ["trang.html"]
    (tmp_path / "trang.html").write_text("{{ tieu_de }} – sửa", encoding="utf-8")
    assert rebuild(tieu_de="Bài 3") == "Bài 3 – sửa"
    assert compiled == ["trang.html", "trang.html"]
