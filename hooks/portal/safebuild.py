"""`portal build`: validate, build into a temporary folder next to site/, then swap it in atomically.

The published folder is only ever touched by one atomic step (Linux `renameat2(RENAME_EXCHANGE)`,
or two renames where that is unavailable) taken with SIGINT/SIGTERM blocked. Until then MkDocs
writes into `.site.tmp-XXXX`; a content error, a failed build, Ctrl-C or SIGTERM removes that
folder and leaves the previous site/ exactly as it was. Leftovers of a killed run (SIGKILL, power
cut) are removed by the next run.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from . import dates, redirects
from .errors import summary_line
from .loader import LoadOptions, load_site
from .options import Options
from .outdir import not_writable, refusal
from .project import Project

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_PR_SET_PDEATHSIG = 1


class BuildInterrupted(Exception):
    """Raised inside the build when SIGINT, SIGTERM or SIGHUP arrives."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass(frozen=True, slots=True)
class Folders:
    """The published folder and the names of its temporary neighbours."""

    site: Path

    @property
    def tmp_prefix(self) -> str:
        """Prefix of the folder a build writes into (`.site.tmp-`)."""
        return f".{self.site.name}.tmp-"

    @property
    def old_prefix(self) -> str:
        """Prefix of a replaced site waiting to be deleted (`.site.old-`)."""
        return f".{self.site.name}.old-"

    def leftovers(self) -> list[Path]:
        """Return temporary folders left by an earlier run that was killed."""
        parent = self.site.parent
        if not parent.is_dir():
            return []
        return sorted(
            path for path in parent.iterdir()
            if path.name.startswith((self.tmp_prefix, self.old_prefix)) and path.is_dir() and not path.is_symlink()
        )


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Turn SIGINT/SIGTERM/SIGHUP into `BuildInterrupted` for the duration of the block."""
    def handler(signum: int, _frame: FrameType | None) -> None:
        raise BuildInterrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in HANDLED_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP until the block is over (they are delivered afterwards)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _exclusive(root: Path) -> Iterator[bool]:
    """Hold an exclusive lock on the project folder; yield False when another build holds it."""
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        except OSError:
            pass  # a file system without locks: build anyway
        yield True
    finally:
        os.close(fd)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux `renameat2`); return False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_in(new: Path, site: Path) -> Path | None:
    """Put `new` at `site` in one atomic step; return where the previous site now is (to delete)."""
    if not site.exists() and not site.is_symlink():
        os.rename(new, site)
        return None
    if _exchange(new, site):
        return new
    old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
    old.rmdir()
    os.rename(site, old)
    os.rename(new, site)
    return old


def _die_with_parent() -> None:
    """In the MkDocs child: get SIGTERM if `portal build` itself is killed (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the MkDocs child and everything it started (it leads its own process group)."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _folder_mode(site: Path) -> int:
    """Permissions for the new site: the old site's, or what the umask allows (mkdtemp gives 0700)."""
    if site.is_dir():
        return stat.S_IMODE(site.stat().st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def _size(folder: Path) -> tuple[int, int]:
    count = total = 0
    for path in folder.rglob("*"):
        if path.is_file():
            count += 1
            total += path.stat().st_size
    return count, total


def mkdocs_command(project: Project, out: Path) -> list[str]:
    """Return the MkDocs build command writing into `out`."""
    return [
        sys.executable, "-m", "mkdocs", "build", "--strict",
        "--config-file", str(project.root / "mkdocs.yml"), "--site-dir", str(out),
    ]


def safe_build(project: Project, site: Path, echo: Callable[[str], None] = print) -> int:
    """Validate and build `project` into `site` safely; return the exit status."""
    folders = Folders(site)
    with _exclusive(project.root) as locked:
        if not locked:
            echo("Một lần xây dựng khác đang chạy trong thư mục này; hãy đợi nó xong rồi chạy lại.")
            return 1
        try:
            with _signals_raise():
                return _build(project, folders, echo)
        except BuildInterrupted as stop:
            echo(f"Đã dừng theo yêu cầu ({signal.Signals(stop.signum).name}): {site.name}/ được giữ nguyên như trước.")
            return 128 + stop.signum


def _build(project: Project, folders: Folders, echo: Callable[[str], None]) -> int:
    site = folders.site
    started = time.monotonic()
    # Before anything is read or written: a target that would delete the project's own files (or a
    # folder that is not a site), and one the swap could not write to, end the build at once.
    reason = refusal(project.root, site, project.root / project.docs_dir)
    if reason is None:
        site.parent.mkdir(parents=True, exist_ok=True)
        reason = not_writable(site)
    if reason is not None:
        echo(f"Không xây dựng: {reason}")
        return 1
    for leftover in folders.leftovers():
        shutil.rmtree(leftover, ignore_errors=True)
    for message in project.problems:
        echo(message)
    if project.problems:
        echo(f"Cấu hình không hợp lệ: {site.name}/ được giữ nguyên.")
        return 1
    # The published site's record of URLs: a moved item is reported here as in the MkDocs build.
    _site, problems = load_site(project.root, LoadOptions(now=dates.build_now(), settings=project.settings,
                                                          previous_urls=redirects.read_record(site),
                                                          parallel=Options.from_environ().parallel))
    if any(problem.is_error for problem in problems):
        for problem in problems:
            echo(problem.format())
        echo(f"Tổng cộng: {summary_line(problems)}. Trang web chưa được xây dựng lại; {site.name}/ giữ nguyên.")
        return 1
    # Without errors MkDocs runs, and it lists the warnings itself (with its own warnings, if any).
    site.parent.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix=folders.tmp_prefix, dir=site.parent))
    try:
        # The published site/ is where unchanged pages are linked from (the adapter, reuse.py).
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PORTAL_PUBLISH_DIR": str(site.resolve())}
        process = subprocess.Popen(
            mkdocs_command(project, out), cwd=project.root, env=env,
            start_new_session=True, preexec_fn=_die_with_parent,  # noqa: PLW1509 - single-threaded here
        )
        try:
            code = process.wait()
        except BaseException:
            _stop(process)
            raise
        if code != 0:
            echo(f"MkDocs báo lỗi (mã {code}): trang web chưa được xây dựng lại; {site.name}/ giữ nguyên.")
            return 1
        os.chmod(out, _folder_mode(site))
        with _signals_blocked():
            # From here on the new site is published: a signal waits until the old one is deleted.
            try:
                old = swap_in(out, site)
            except OSError as error:
                echo(f"Không thay được {site.name}/ ({error.strerror or error}): {site.name}/ giữ nguyên như trước.")
                return 1
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        count, total = _size(site)
        echo(f"Tổng cộng: {summary_line(problems)}. Đã xây dựng {site.name}/: {count} tệp, "
             f"{total / 1024 / 1024:.1f} MB trong {time.monotonic() - started:.1f} giây.")
        return 0
    finally:
        if out.exists() and out.resolve() != site.resolve():
            shutil.rmtree(out, ignore_errors=True)
