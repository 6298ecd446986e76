"""What the `portal` command needs from mkdocs.yml, read without MkDocs: site URL and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .settings import Settings

CONFIG_FILE = "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Safe loader that tolerates MkDocs' tags (`!!python/name:…`, `!ENV`, `!relative`)."""


def _any_tag(loader: _ConfigLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)
_ConfigLoader.add_multi_constructor("!", _any_tag)


@dataclass(frozen=True, slots=True)
class Project:
    """A portal project on disk."""

    root: Path
    site_url: str = ""
    """Absolute site URL with a trailing slash, or empty when mkdocs.yml has none."""
    site_dir: str = "site"
    docs_dir: str = "docs"
    settings: Settings = field(default_factory=Settings)
    problems: tuple[str, ...] = ()
    """Configuration problems (unknown `extra.portal` keys, bad values)."""


def find_root(start: Path) -> Path:
    """Return the nearest folder (upwards) holding mkdocs.yml, or `start`."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return start


def read_project(root: Path) -> Project:
    """Read `root/mkdocs.yml`; a missing or unreadable file gives defaults and a problem."""
    path = root / CONFIG_FILE
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - safe subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return Project(root, problems=(f"{CONFIG_FILE}: không đọc được tệp cấu hình ({exc})",))
    if not isinstance(data, dict):
        return Project(root, problems=(f"{CONFIG_FILE}: tệp cấu hình phải là các cặp 'khoá: giá trị'",))
    raw_extra = data.get("extra")
    extra = raw_extra if isinstance(raw_extra, dict) else {}
    portal = extra.get("portal") if isinstance(extra.get("portal"), dict) else None
    settings, problems = Settings.from_mapping(portal)
    url = str(data.get("site_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    return Project(root, url, str(data.get("site_dir") or "site"), str(data.get("docs_dir") or "docs"), settings,
                   tuple(problems))
