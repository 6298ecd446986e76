"""The `portal` command: `portal check` validates content/ without building."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import dates
from .errors import summary_line
from .loader import LoadOptions, load_site


def find_root(start: Path) -> Path:
    """Return the nearest folder (upwards) holding mkdocs.yml, or `start`."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def cmd_check(args: argparse.Namespace) -> int:
    """Validate content/ and print every problem; exit 1 when there is an error."""
    root = find_root(Path(args.root).resolve())
    _site, problems = load_site(root, LoadOptions(now=dates.build_now(), preview=args.preview))
    for problem in problems:
        print(problem.format())
    errors = sum(1 for p in problems if p.is_error)
    print(("Không có lỗi. " if not problems else "") + f"Tổng cộng: {summary_line(problems)}.",
          file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    """Run the `portal` command line."""
    parser = argparse.ArgumentParser(prog="portal", description="Công cụ biên tập cổng thông tin.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra toàn bộ content/ mà không xây dựng trang")
    check.add_argument("--root", default=".", help="thư mục dự án (chứa mkdocs.yml)")
    check.add_argument("--preview", action="store_true", help="kiểm tra như khi xem trước (gồm bản nháp)")
    check.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
