"""The `portal` command: `check` validates content/, `build` publishes site/ safely, `new` scaffolds."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from . import dates, redirects, web_editor
from .errors import summary_line
from .kinds import KINDS
from .loader import LoadOptions, load_site
from .models import Site
from .options import Options
from .project import find_root, read_project
from .safebuild import safe_build
from .scaffold import ScaffoldError, create


def cmd_check(args: argparse.Namespace) -> int:
    """Validate content/ and print every problem; exit 1 when there is an error."""
    project = read_project(find_root(Path(args.root).resolve()))
    for message in project.problems:
        print(message, file=sys.stderr)
    # Compared with the published site's record of URLs, as `portal build` does: moved items are reported.
    published = getattr(args, "site_dir", None)
    previous = redirects.read_record(Path(published) if published else project.root / project.site_dir)
    site, problems = load_site(project.root, LoadOptions(now=dates.build_now(), preview=args.preview,
                                                         settings=project.settings, previous_urls=previous,
                                                         parallel=Options.from_environ().parallel))
    for problem in problems:
        print(problem.format())
    errors = sum(1 for p in problems if p.is_error)
    closing = sys.stderr if errors else sys.stdout
    print(("Không có lỗi. " if not problems else "") + f"Tổng cộng: {summary_line(problems)}.", file=closing)
    print(unpublished_line(site), file=closing)
    return 1 if errors or project.problems else 0


def unpublished_line(site: Site) -> str:
    """Return how many drafts and scheduled items there are and which one goes live next, in Vietnamese."""
    drafts = sum(1 for item in site.unpublished if item.draft)
    scheduled = sorted(((dates.as_datetime(item.goes_live), item.source, item.goes_live)
                        for item in site.unpublished if item.goes_live is not None))
    if not drafts and not scheduled:
        return "Không có bản nháp hay mục hẹn giờ."
    line = f"Có {drafts} bản nháp và {len(scheduled)} mục hẹn giờ đăng"
    if not scheduled:
        return line + "."
    _, source, goes_live = scheduled[0]
    if isinstance(goes_live, datetime):
        when = f"lúc {dates.format_time(goes_live)} {dates.format_full(dates.as_date(goes_live))}"
    else:
        when = f"vào {dates.format_full(goes_live)}"  # a day: the first build of that day publishes it
    return f"{line}; mục kế tiếp lên trang {when}: {source}"


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, build into a temporary folder and swap it in; exit non-zero on any failure."""
    project = read_project(find_root(Path(args.root).resolve()))
    site = Path(args.site_dir) if args.site_dir else project.root / project.site_dir
    return safe_build(project, site.resolve(), echo=lambda line: print(line, flush=True))


def cmd_new(args: argparse.Namespace) -> int:
    """Create a new content file and print its path and future URL."""
    project = read_project(find_root(Path(args.root).resolve()))
    try:
        created = create(project, args.kind, args.title, args.topic)
    except ScaffoldError as error:
        print(f"Không tạo được tệp: {error}", file=sys.stderr)
        return 1
    print(f"Đã tạo: {created.rel}")
    print(f"Địa chỉ khi đăng: {project.site_url or '/'}{created.url}")
    print(f"Xem trước (make serve): http://127.0.0.1:8000/{created.url}")
    print("Tệp đang là bản nháp (draft: true): xoá dòng draft khi sẵn sàng đăng, rồi chạy portal check.")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """Run the web editor on this computer: Decap's local backend beside the live preview (`make edit`)."""
    project = read_project(find_root(Path(args.root).resolve()))
    port = project.settings.editor_proxy_port
    try:
        command, env = web_editor.local_backend(project.root, port)
    except web_editor.EditorMissing as error:
        print(f"Không mở được trình soạn thảo: {error}", file=sys.stderr)
        return 1
    backend = subprocess.Popen(command, env={**os.environ, **env}, cwd=project.root)
    preview: subprocess.Popen[bytes] | None = None
    # Stopped by a service manager (SIGTERM) as by Ctrl+C: neither server is left running.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        preview = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--no-strict",
                                    "--dev-addr", args.dev_addr], cwd=project.root)
        print(f"Trình soạn thảo web: http://{args.dev_addr}/{web_editor.EDITOR} (bấm Đăng nhập; thay đổi được ghi "
              f"thẳng vào content/). Xem trước: http://{args.dev_addr}/ . Dừng: Ctrl+C.", flush=True)
        return preview.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (preview, backend):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait()


def main(argv: list[str] | None = None) -> int:
    """Run the `portal` command line."""
    parser = argparse.ArgumentParser(prog="portal", description="Công cụ biên tập cổng thông tin.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra toàn bộ content/ mà không xây dựng trang")
    check.add_argument("--root", default=".", help="thư mục dự án (chứa mkdocs.yml)")
    check.add_argument("--preview", action="store_true", help="kiểm tra như khi xem trước (gồm bản nháp)")
    check.add_argument("--site-dir", default=None,
                       help="thư mục đang xuất bản, để báo bài đã đổi địa chỉ (mặc định: site_dir trong mkdocs.yml)")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="kiểm tra rồi xây dựng trang vào site/ an toàn (site/ cũ giữ nguyên nếu lỗi)")
    build.add_argument("--root", default=".", help="thư mục dự án (chứa mkdocs.yml)")
    build.add_argument("--site-dir", default=None, help="thư mục xuất bản (mặc định: site_dir trong mkdocs.yml)")
    build.set_defaults(func=cmd_build)
    new = sub.add_parser("new", help="tạo tệp nội dung mới có sẵn phần khai báo đầu tệp")
    new.add_argument("kind", choices=list(KINDS), help=f"loại nội dung: {', '.join(KINDS)}")
    new.add_argument("title", help="tiêu đề, đặt trong dấu ngoặc kép")
    new.add_argument("--topic", default=None, help="slug lĩnh vực (mặc định: lĩnh vực đầu tiên trong topics.yml)")
    new.add_argument("--root", default=".", help="thư mục dự án (chứa mkdocs.yml)")
    new.set_defaults(func=cmd_new)
    edit = sub.add_parser("edit", help="mở trình soạn thảo web trên máy này (kèm xem trước), ghi vào content/")
    edit.add_argument("--root", default=".", help="thư mục dự án (chứa mkdocs.yml)")
    edit.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ của trang xem trước")
    edit.set_defaults(func=cmd_edit)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
