"""The floor: read + front matter + Python-Markdown (a new instance per article, as MkDocs does),
with the same Markdown extensions as the site. Usage: python bench/floor.py PROJECT [--libyaml]

Front matter is parsed with PyYAML's pure-Python SafeLoader (the floor of issue 7); `--libyaml`
uses libyaml's CSafeLoader instead, as the site itself does (a lower, stricter floor)."""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import yaml


def main(project: Path, libyaml: bool = False) -> int:
    loader = yaml.CSafeLoader if libyaml else yaml.SafeLoader
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.UnsafeLoader)
    extensions, configs = [], {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            (name, options), = entry.items()
            extensions.append(name)
            configs[name] = options or {}
        else:
            extensions.append(entry)
    count = 0
    for path in sorted((project / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---", 2)
        yaml.load(front, Loader=loader)  # noqa: S506 - a safe loader
        markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)
        count += 1
    return count


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
    print(main(Path(sys.argv[1]), "--libyaml" in sys.argv[2:]))
