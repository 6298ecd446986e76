"""Responsible units (đơn vị) named in plans: one unit per spelling, near-duplicate warnings, pages.

Editors type unit names by hand in every task (`lead`, `partners`). Names that differ only in
case, spacing, Unicode form (NFC/NFD), dash or comma spacing, or old/new tone placement
("hòa"/"hoà", "thủy"/"thuỷ") are one unit. Names one letter apart are probably typos of each
other: they stay separate units, and a warning names both spellings and where they are written.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

from . import routes
from .errors import Problem
from .models import Plan, Task
from .slugs import fold, slugify_vi
from .wording import describe_when

Role = Literal["lead", "partner"]

_DASH = re.compile(r"\s*[\u002d\u2010-\u2015\u2212]\s*")
_COMMA = re.compile(r"\s*,\s*")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# In NFD, a tone written on the first vowel of an open "oa", "oe", "uy" (old style: hòa, khỏe,
# thủy) moves to the second vowel (new style: hoà, khoẻ, thuỷ), so both spellings share a key.
_OLD_TONE = re.compile(rf"([oOuU])([{_TONES}])([aAeEyY])(?![^\W\d_])")


def clean_unit_name(name: str) -> str:
    """Return a unit name as displayed: NFC, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def unit_key(name: str) -> str:
    """Return the comparison key of a unit name (equal keys = the same unit)."""
    text = unicodedata.normalize("NFD", clean_unit_name(name))
    text = _OLD_TONE.sub(r"\1\3\2", text)
    text = unicodedata.normalize("NFC", text).casefold()
    text = _DASH.sub(" - ", text)
    text = _COMMA.sub(", ", text)
    return " ".join(text.split())


# -- near duplicates -------------------------------------------------------------------------


def _word_at(text: str, index: int) -> str:
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = index
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def is_one_letter_apart(a: str, b: str) -> bool:
    """Return True when `b` is `a` with one letter added, removed, replaced, or two neighbours swapped.

    Differences that are digits ("Đội 1"/"Đội 2") or whole one-character words ("Tổ A"/"Tổ B")
    name different units on purpose, so they do not count.
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):  # one character inserted into `a` at i
        return a[i:] == b[i + 1:] and not b[i].isdigit()
    if a[i + 1:] == b[i + 1:]:  # one character replaced at i
        if a[i].isdigit() or b[i].isdigit():
            return False
        return not (len(_word_at(a, i)) == 1 and len(_word_at(b, i)) == 1)
    # two neighbours swapped
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


def near_duplicate_pairs(keys: Iterable[str]) -> list[tuple[str, str]]:
    """Return sorted pairs of distinct keys that are one letter apart.

    Linear in the number of keys: each key is filed under itself and every one-character
    deletion of it; only keys sharing a file are compared.
    """
    files: dict[str, set[str]] = defaultdict(set)
    for key in set(keys):
        files[key].add(key)
        for index in range(len(key)):
            files[key[:index] + key[index + 1:]].add(key)
    pairs: set[tuple[str, str]] = set()
    for group in files.values():
        if len(group) < 2:
            continue
        for a, b in combinations(sorted(group), 2):
            if is_one_letter_apart(a, b):
                pairs.add((a, b))
    return sorted(pairs)


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a unit name is written: which spelling, in which file, on which line."""

    spelling: str
    source: str
    line: int


def _mentions(plans: Iterable[Plan]) -> Iterator[tuple[Plan, Task, Role, Mention]]:
    """Yield every unit name of every task, in a stable order (file, then task order)."""
    for plan in sorted(plans, key=lambda p: p.source):
        for task in plan.tasks:
            yield plan, task, "lead", Mention(clean_unit_name(task.lead), plan.source, task.lead_line or task.line)
            for index, partner in enumerate(task.partners):
                line = task.partner_lines[index] if index < len(task.partner_lines) else task.line
                yield plan, task, "partner", Mention(clean_unit_name(partner), plan.source, line)


def find_unit_problems(plans: Iterable[Plan]) -> list[Problem]:
    """Return a warning for every two unit names one letter apart, naming both spellings and files."""
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for _plan, _task, _role, mention in _mentions(plans):
        if mention.spelling:
            mentions[unit_key(mention.spelling)].append(mention)
    problems = []
    for a, b in near_duplicate_pairs(mentions):
        # Report at the rarer spelling (the likely typo), pointing at the more common one.
        rare, common = sorted((a, b), key=lambda k: (len(mentions[k]), k))
        here, there = mentions[rare][0], mentions[common][0]
        count = len(mentions[common])
        problems.append(Problem(
            here.source, here.line, "unit-near-duplicate",
            f"đơn vị '{here.spelling}' gần giống đơn vị '{there.spelling}' ({there.source}:{there.line}"
            f"{f' và {count - 1} chỗ khác' if count > 1 else ''}); nếu là cùng một đơn vị, hãy thống nhất "
            "cách viết",
            "warning",
        ))
    return problems


# -- units and their tasks -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitTask:
    """A task as seen from one unit: the plan, the task and the unit's role in it."""

    plan: Plan
    task: Task
    role: Role
    when_text: str


@dataclass(frozen=True, slots=True)
class Unit:
    """A responsible unit and every task it leads or supports, across all plans."""

    key: str
    name: str
    """The spelling used most often (the first one written, on a tie)."""
    slug: str
    url: str
    leads: tuple[UnitTask, ...]
    supports: tuple[UnitTask, ...]
    spellings: tuple[str, ...]
    """Every spelling that normalises to this unit, most used first."""

    @property
    def plan_count(self) -> int:
        """Return how many plans name this unit."""
        return len({t.plan.url for t in (*self.leads, *self.supports)})


@dataclass(slots=True)
class Units:
    """Every unit, alphabetically, with look-up by any spelling."""

    units: list[Unit] = field(default_factory=list)
    by_key: dict[str, Unit] = field(default_factory=dict)

    def get(self, name: str) -> Unit | None:
        """Return the unit a name (any spelling) refers to."""
        return self.by_key.get(unit_key(name))


def sort_key_vi(text: str) -> tuple[str, str]:
    """Return a key sorting Vietnamese text alphabetically ("Ủy ban" among the U's, not after Z)."""
    return fold(text).casefold(), text.casefold()


def _newest_first(tasks: list[UnitTask]) -> tuple[UnitTask, ...]:
    ordered = sorted(tasks, key=lambda t: (t.task.when.start, t.task.when.end, t.plan.issued, t.plan.url,
                                           -t.task.number), reverse=True)
    return tuple(ordered)


def build_units(plans: Iterable[Plan]) -> Units:
    """Return every unit named in the plans' tasks, with the tasks it leads or supports."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    first_seen: dict[str, dict[str, int]] = defaultdict(dict)
    roles: dict[str, dict[Role, list[UnitTask]]] = defaultdict(lambda: {"lead": [], "partner": []})
    seen: set[tuple[str, str, int]] = set()
    for order, (plan, task, role, mention) in enumerate(_mentions(plans)):
        if not mention.spelling:
            continue
        key = unit_key(mention.spelling)
        spellings[key][mention.spelling] += 1
        first_seen[key].setdefault(mention.spelling, order)
        if (key, plan.url, task.number) in seen:  # named twice in one task: count it once
            continue
        seen.add((key, plan.url, task.number))
        roles[key][role].append(UnitTask(plan, task, role, describe_when(task.when)))

    named: list[tuple[str, str, tuple[str, ...]]] = []
    for key, counter in spellings.items():
        ranked = sorted(counter, key=lambda s: (-counter[s], first_seen[key][s]))
        named.append((key, ranked[0], tuple(ranked)))
    named.sort(key=lambda entry: (*sort_key_vi(entry[1]), entry[0]))

    # Units whose names fold to the same ASCII slug: the most mentioned keeps the plain URL (a
    # one-off typo gets `-2`, not the unit everybody spells right).
    slugs: dict[str, str] = {}
    taken: dict[str, int] = {}
    by_use = sorted(named, key=lambda e: (-sum(spellings[e[0]].values()), *sort_key_vi(e[1]), e[0]))
    for key, name, _spellings in by_use:
        base = slugify_vi(name) or "don-vi"
        taken[base] = taken.get(base, 0) + 1
        slugs[key] = base if taken[base] == 1 else f"{base}-{taken[base]}"

    result = Units()
    for key, name, all_spellings in named:
        unit = Unit(key, name, slugs[key], routes.unit_url(slugs[key]), _newest_first(roles[key]["lead"]),
                    _newest_first(roles[key]["partner"]), all_spellings)
        result.units.append(unit)
        result.by_key[key] = unit
    return result
