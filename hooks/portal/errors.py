"""Content problems as data: `path:line: [rule] message`, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass

from .rules import ALLOWED, Severity, unregistered


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in `content/`, reported to editors in Vietnamese."""

    path: str
    """Path relative to the project root, with forward slashes (`content/articles/a.md`)."""
    line: int
    """1-based line of the offending key (or of the file's start when no key applies)."""
    rule: str
    """Stable rule key, e.g. `topic-unknown`; lets editors and tests match a problem. Only the rules of
    `rules.ALL_RULES` (each with its severities) are accepted: any other raises ValueError."""
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # Every code editors see must be explained (rules.py, the guide): an unregistered rule is a bug.
        if (self.rule, self.severity) not in ALLOWED:
            raise ValueError(unregistered(self.rule, self.severity))

    def format(self) -> str:
        """Return the compiler-style line `path:line: [rule] message`."""
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"

    @property
    def is_error(self) -> bool:
        """Return True when this problem must stop the build."""
        return self.severity == "error"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Return problems in a stable order: by path, then line, then rule."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.rule, p.message))


def summary_line(problems: list[Problem]) -> str:
    """Return the closing count line, e.g. `2 lỗi, 1 cảnh báo`."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    return f"{errors} lỗi, {warnings} cảnh báo"


class ConfigError(Exception):
    """A setting in mkdocs.yml that makes the site impossible to build; the message names it."""
