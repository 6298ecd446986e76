"""Material's interface strings, looked up once per key (overrides/partials/language.html)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
from helpers import REPO
from mkdocs.theme import Theme

from portal.adapter.templates import Translations

MATERIAL = Path(material.__file__).resolve().parent / "templates"


def theme_env() -> jinja2.Environment:
    return Theme(name="material", custom_dir=str(REPO / "overrides"), language="vi").get_env()


def keys() -> list[str]:
    found: set[str] = set()
    for table in (REPO / "overrides/partials/languages/vi.html", MATERIAL / "partials/languages/en.html"):
        found |= set(re.findall(r'^\s*"([a-z][a-z0-9.]*)":', table.read_text(encoding="utf-8"), re.M))
    return sorted(found) + ["khong.co.khoa"]


def test_every_string_is_the_one_materials_own_macro_gives() -> None:
    env = theme_env()
    # Material's own language.html (ours shadows it), with the same tables: our Vietnamese, its English.
    original = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.DictLoader({"partials/language.html": (MATERIAL / "partials/language.html").read_text(encoding="utf-8")}),
        env.loader,
    ]))
    config = {"theme": {"language": "vi"}}
    expected = original.get_template("partials/language.html", globals={"config": config}).module
    ours = Translations(env, "vi")
    table = keys()
    assert len(table) > 50 and "search.result.none" in table
    for key in table:
        assert ours(key) == str(expected.t(key)), key  # type: ignore[attr-defined]
    assert ours("action.skip") == "Chuyển đến nội dung chính"  # our Vietnamese table wins
    assert ours("khong.co.khoa") == "khong.co.khoa"

    # Material's search plugin reads the same file before page templates exist (no portal_t).
    plain = env.get_template("partials/language.html", globals={"config": config}).module
    assert [str(plain.t(key)) for key in table] == [ours(key) for key in table]  # type: ignore[attr-defined]
