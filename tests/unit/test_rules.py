"""The registry of rule codes (portal/rules.py): well formed, enforced by `Problem`, and true to the code."""

from __future__ import annotations

import ast
import re

import pytest

from helpers import HOOKS
from portal import rules
from portal.errors import Problem

CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_every_rule_is_well_formed():
    codes = [rule.code for rule in rules.ALL_RULES]
    assert len(codes) == len(set(codes)) == len(rules.BY_CODE)
    for rule in rules.ALL_RULES:
        assert CODE.match(rule.code), rule.code
        assert rule.severities in (rules.ERROR, rules.WARNING, rules.BOTH), rule.code
        text = rule.explanation
        assert text.strip() == text and "\n" not in text and 20 <= len(text) <= 300, rule.code
        assert re.search(r"[à-ỹÀ-Ỹđ]", text), f"{rule.code}: the explanation is for editors, in Vietnamese"
    assert rules.ALLOWED == {(rule.code, severity) for rule in rules.ALL_RULES for severity in rule.severities}


def test_problem_refuses_a_rule_that_is_not_registered():
    with pytest.raises(ValueError, match=r"rule 'khong-co-quy-tac-nay' is not registered: add it to hooks/portal/rules\.py"):
        Problem("content/a.md", 1, "khong-co-quy-tac-nay", "thông báo")
    error_only = next(rule.code for rule in rules.ALL_RULES if rule.severities == rules.ERROR)
    with pytest.raises(ValueError, match=rf"rule '{error_only}' is registered as error, not 'warning'"):
        Problem("content/a.md", 1, error_only, "thông báo", "warning")
    warning_only = next(rule.code for rule in rules.ALL_RULES if rule.severities == rules.WARNING)
    with pytest.raises(ValueError, match=rf"rule '{warning_only}' is registered as warning, not 'error'"):
        Problem("content/a.md", 1, warning_only, "thông báo")
    for rule in rules.ALL_RULES:
        for severity in rule.severities:
            assert Problem("content/a.md", 1, rule.code, "thông báo", severity).format() == (
                f"content/a.md:1: [{rule.code}] thông báo")


def test_every_registered_rule_is_still_used_by_the_code():
    source = "\n".join(path.read_text(encoding="utf-8") for path in (HOOKS / "portal").rglob("*.py")
                       if path.name != "rules.py")
    # campaign-unknown and plan-unknown are also built as f"{key}-unknown" (key: campaign, plan).
    built = {f"{key}-unknown" for key in ("campaign", "plan")} if 'f"{key}-unknown"' in source else set()
    unused = sorted(rule.code for rule in rules.ALL_RULES
                    if f'"{rule.code}"' not in source and f"'{rule.code}'" not in source and rule.code not in built)
    assert unused == [], "rules nothing reports any more: remove them from rules.py and the guide"


def test_rules_module_imports_nothing_from_the_package():
    # errors.py imports rules.py: an import back would make a cycle.
    tree = ast.parse((HOOKS / "portal" / "rules.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert imported <= {"__future__", "dataclasses", "typing"}
    assert all(node.level == 0 for node in ast.walk(tree) if isinstance(node, ast.ImportFrom))
