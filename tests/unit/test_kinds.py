"""The kind table (kinds.py) is the one declaration every part reads: the editor guide's key tables,
`portal new`, the loader and the feeds agree with it, so a key cannot exist in one place only."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from portal import feeds, routes
from portal.dates import as_datetime
from portal.kinds import KINDS
from portal.loader import KIND_DIRS
from portal.models import Campaign
from test_editor_guide import section

GUIDE_SECTIONS = {"article": 3, "campaign": 4, "plan": 5, "event": 6, "document": 15}
"""The section of HUONG-DAN-BIEN-TAP.md that explains each kind."""


def guide_keys(kind: str) -> tuple[set[str], set[str]]:
    """Return (every key, the required keys) of the key table in the kind's guide section."""
    text = section(GUIDE_SECTIONS[kind])
    table = text[text.index("| Khoá | Bắt buộc | Ý nghĩa |"):].split("\n\n", 1)[0]
    keys: set[str] = set()
    required: set[str] = set()
    for row in table.split("\n")[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        names = set(re.findall(r"`([a-z_]+)`", cells[0]))
        keys |= names
        if cells[1].startswith("có"):
            required |= names
    return keys, required


def test_every_kind_has_a_guide_section():
    assert set(GUIDE_SECTIONS) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_guide_key_table_lists_exactly_the_declared_keys(kind: str):
    keys, required = guide_keys(kind)
    declared = KINDS[kind]
    assert sorted(keys - set(declared.keys)) == [], "in the guide, not declared in kinds.py"
    assert sorted(set(declared.keys) - keys) == [], "declared in kinds.py, missing from the guide"
    assert required == set(declared.required)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_key_has_a_parser_a_vietnamese_label_and_a_unique_name(kind: str):
    declared = KINDS[kind]
    assert len(declared.keys) == len(set(declared.keys))
    for field in declared.fields:
        assert callable(field.parse) and field.label and field.label[0].isupper(), field.key
    # Every attribute a key fills exists on the model.
    model_fields = set(declared.model.__dataclass_fields__)
    assert {f.attr for f in declared.fields if f.key not in ("slug", "aliases", "image_alt")} <= model_fields


def test_folders_sections_and_feeds_come_from_the_table():
    assert KIND_DIRS == {kind.folder: name for name, kind in KINDS.items()}
    assert len({kind.section for kind in KINDS.values()}) == len(KINDS)
    with_feeds = [kind.section for kind in KINDS.values() if kind.kind_feed]
    assert with_feeds == [routes.NEWS, routes.CAMPAIGNS, routes.PLANS, routes.DOCUMENTS]


def test_campaigns_and_events_enter_the_feeds_on_their_announcement_date():
    start = date(2024, 6, 1)
    campaign = Campaign(kind="campaign", source="c.md", slug="c", url=routes.campaign_url("c"), title="C",
                        topics=(), date=as_datetime(start), start=start, end=date(2024, 6, 30))
    assert feeds.published(campaign) == as_datetime(date(2024, 5, 2))  # 30 days before, without `date:`
    announced = replace(campaign, announced=date(2024, 5, 20))
    assert feeds.published(announced) == as_datetime(date(2024, 5, 20))
    # An announcement typed after the start does not hold the item back past its start.
    assert feeds.published(replace(campaign, announced=date(2024, 6, 5))) == as_datetime(start)
