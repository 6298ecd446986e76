"""The two page-rendering processes take pages from both ends: every page exactly once."""

from __future__ import annotations

import os

from portal.adapter.parallel import SKIP_TEMPLATE, _Claimed, _parent_claim, _Share


def test_each_page_goes_to_exactly_one_process() -> None:
    for helper_speed in range(0, 12):
        share = _Share(10)
        parent, helper = [], []
        back = 9
        for index in range(10):  # the parent walks forwards; the helper did `helper_speed` pages meanwhile
            while back >= 0 and len(helper) < helper_speed * (index + 1) and share.helper_takes(back):
                helper.append(back)
                back -= 1
            if share.parent_takes(index):
                parent.append(index)
        while back >= 0 and share.helper_takes(back):
            helper.append(back)
            back -= 1
        assert sorted(parent + helper) == list(range(10)), helper_speed
        assert not set(parent) & set(helper)


def test_claims_are_shared_with_a_forked_process() -> None:
    share = _Share(4)
    pid = os.fork()
    if pid == 0:
        os._exit(0 if share.helper_takes(3) and share.helper_takes(2) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert [share.parent_takes(i) for i in range(4)] == [True, True, False, False]


def test_template_is_decided_once_when_mkdocs_reads_it() -> None:
    share = _Share(2)
    meta = _Claimed({"template": "article.html", "search": {}}, _parent_claim(share, 1, "article.html"))
    assert "template" not in meta and meta.get("search") == {}
    assert share.helper_takes(1)
    assert meta.get("template", "main.html") == SKIP_TEMPLATE
    assert meta.get("template") == SKIP_TEMPLATE  # later reads agree
    own = _Claimed({}, _parent_claim(share, 0, "list.html"))
    assert own.get("template") == "list.html"
