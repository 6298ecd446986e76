"""Templates copied from Material and changed in overrides/ still match the Material they came from.

Each copy below was made from the pinned Material (requirements.txt). When an upgrade changes the
upstream file, this test fails: compare the new upstream file with our copy, carry the upstream
change over (or decide it does not apply), then record the new file's SHA-256 here. Without it, an
upgrade would keep serving a stale copy silently (issue 16).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import material
import pytest

from helpers import REPO

MATERIAL = Path(material.__file__).resolve().parent / "templates"

COPIES = [
    # (our file, Material's file it was made from or replaces, that file's SHA-256 when ours was made)
    ("overrides/404.html", "404.html", "80c93494b5432b1bcdf292caeb67a0653c45b37372f49e08ad4a70ca695a7495"),
    ("overrides/base.html", "base.html", "8536d352b0093623df9e0032894f321cbe264b15a9b48cdd962583772455dadb"),
    ("overrides/partials/toc.html", "partials/toc.html",
     "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84"),
    ("overrides/main.html", "main.html", "9948b55a7bc979c35825df99baba9e6971fca4eb298dea3cdde61e990a2de5e0"),
    # main.html's site_nav, tabs, header and container blocks are made from base.html's.
    ("overrides/main.html", "base.html", "8536d352b0093623df9e0032894f321cbe264b15a9b48cdd962583772455dadb"),
    ("overrides/partials/copyright.html", "partials/copyright.html",
     "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea"),
    ("overrides/partials/header.html", "partials/header.html",
     "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f"),
    ("overrides/partials/javascripts/base.html", "partials/javascripts/base.html",
     "d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6"),
    ("overrides/partials/javascripts/content.html", "partials/javascripts/content.html",
     "3722e156f0f6339de39fbbfc178b6e401d1a4fb890f189ac5b80c2504bda7dcf"),
    ("overrides/partials/language.html", "partials/language.html",
     "3a44516f305006ac794f51a45ad7b532cf270916d8e92e8c42784e58b2eff0a3"),
    ("overrides/partials/languages/vi.html", "partials/languages/vi.html",
     "53aa292d745afb7b9d284bd05a4d473c927ee193709ffdae31bce9a7ca43e16c"),
    ("overrides/partials/logo.html", "partials/logo.html",
     "e0925ef6c190174a5162ed1ecc55295016dd8a7beec3018db3e04aac283a2dd9"),
    ("overrides/partials/search.html", "partials/search.html",
     "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30"),
]


@pytest.mark.parametrize(("ours", "upstream", "digest"), COPIES, ids=[f"{o}<-{u}" for o, u, _ in COPIES])
def test_the_material_file_a_copy_was_made_from_is_unchanged(ours: str, upstream: str, digest: str) -> None:
    assert (REPO / ours).is_file()
    actual = hashlib.sha256((MATERIAL / upstream).read_bytes()).hexdigest()
    assert actual == digest, (
        f"Material's {upstream} changed since {ours} was made from it: carry the change over into {ours}, "
        f"then set its hash in {Path(__file__).name} to {actual}")


def test_every_override_of_a_material_file_is_listed() -> None:
    """A file of overrides/ with the name of a Material template replaces it: it must be listed above."""
    overrides = REPO / "overrides"
    replacing = sorted(
        path.relative_to(REPO).as_posix() for path in overrides.rglob("*.html")
        if (MATERIAL / path.relative_to(overrides)).is_file())
    assert replacing == sorted({ours for ours, upstream, _ in COPIES if ours.endswith(upstream)}), (
        "an override replaces a Material template without a record of the file it was made from")


# Full copies: apart from their leading comment, they are Material's file except the lines listed.
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


@pytest.mark.parametrize("name", sorted(CHANGES))
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
