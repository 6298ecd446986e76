"""Material templates copied into overrides/ and changed there: each copy was made from one upstream
file, recorded here by its sha256. When Material changes that file (an upgrade), this test fails:
redo the copy from the new file, keep our change, and record the new digest."""

from __future__ import annotations

import hashlib
from pathlib import Path

import material
import pytest
from helpers import REPO

MATERIAL = Path(material.__file__).resolve().parent / "templates"

COPIES = {
    # overrides/ path: (sha256 of Material's file it was copied from, what we changed)
    "base.html": ("8536d352b0093623df9e0032894f321cbe264b15a9b48cdd962583772455dadb",
                  'the drawer and search toggles: form="__toggles" instead of autocomplete="off"'),
    "partials/toc.html": ("fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
                          'the title is a label for "__toc" only on pages of the nav'),
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_the_upstream_file_of_a_copy_is_unchanged(name: str) -> None:
    digest, change = COPIES[name]
    upstream = (MATERIAL / name).read_bytes()
    assert hashlib.sha256(upstream).hexdigest() == digest, (
        f"Material's {name} changed since overrides/{name} was copied from it ({change}): "
        f"copy it again, redo the change and record the new sha256 in {Path(__file__).name}"
    )


CHANGES = {
    # overrides/ path: (lines of Material's file taken out, lines put in), stripped
    "base.html": (
        ['<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
         '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'],
        ['<form id="__toggles" autocomplete="off" hidden></form>',
         '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" form="__toggles">',
         '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" form="__toggles">'],
    ),
    "partials/toc.html": (
        [],
        ["{% if nav and page in nav.pages %}", "{% else %}", '<div class="md-nav__title">', "</div>", "{% endif %}"],
    ),
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_a_copy_differs_from_upstream_only_where_it_says(name: str) -> None:
    """Apart from its leading comment and the lines of its change, the copy is Material's file."""
    upstream = (MATERIAL / name).read_text(encoding="utf-8").split("-#}\n", 1)[1].splitlines()
    ours = (REPO / "overrides" / name).read_text(encoding="utf-8")
    comment, body = ours.split("-#}\n", 1)
    assert comment.startswith("{#- Material's ") and Path(__file__).name in comment
    lines = body.splitlines()
    taken_out = [line.strip() for line in upstream if line not in lines]
    put_in = [line.strip() for line in lines if line not in upstream]
    assert (taken_out, put_in) == CHANGES[name]
