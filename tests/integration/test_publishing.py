"""The publishing recipe (deploy/publish/) for real: a bare repository with the hook installed as
deploy/PUBLISHING.md installs it, a working clone, `git push`, and the timer's `rebuild` script.

Nothing is mocked: git runs the post-receive hook, which runs publish.sh, which runs `portal build`
with this test's Python (PORTAL_PYTHON) and swaps the served symlink.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers import EPOCH, REPO, article, make_project, snapshot

DAY = 86400
AUTHOR = {
    "GIT_AUTHOR_NAME": "Biên tập viên", "GIT_AUTHOR_EMAIL": "bientap@example.gov.vn",
    "GIT_AUTHOR_DATE": "2024-06-17T10:00:00+07:00",
    "GIT_COMMITTER_NAME": "Biên tập viên", "GIT_COMMITTER_EMAIL": "bientap@example.gov.vn",
    "GIT_COMMITTER_DATE": "2024-06-17T10:00:00+07:00",
}
ARTICLE_PAGE = Path("tin-tuc/2024/06/quan-trac-moi-truong/index.html")


def base_env(home: Path, epoch: str = EPOCH) -> dict[str, str]:
    """The environment of every git and script run: no user or system git config, a fixed author,
    the build's "today", and none of the publishing settings of the machine running the tests."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "GIT_"))}
    env.update(AUTHOR)
    # npm's download cache stays the machine's (the server installs Decap from it, as `make` did).
    env.setdefault("npm_config_cache", str(Path.home() / ".npm"))
    env.update({"HOME": str(home), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                "SOURCE_DATE_EPOCH": epoch, "LC_ALL": "C.UTF-8"})
    return env


def git(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@dataclass
class Server:
    """A server as deploy/PUBLISHING.md sets it up, inside the test's folder."""

    root: Path  # PORTAL_SERVE_ROOT
    bare: Path  # the bare repository
    bin: Path   # the scripts (deploy/publish/*) and publish.env

    @property
    def site(self) -> Path:
        """The served folder: the symlink nginx's `root` names."""
        return self.root / "site"

    def status(self) -> tuple[str, dict[str, object]]:
        folder = self.root / "status"
        return ((folder / "last-build.txt").read_text(encoding="utf-8"),
                json.loads((folder / "last-build.json").read_text(encoding="utf-8")))

    def releases(self) -> list[str]:
        return sorted(path.name for path in (self.root / "releases").iterdir())

    def rebuild(self, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.bin / "rebuild")], env=env, capture_output=True, text=True, timeout=600)


def install(tmp_path: Path, env: dict[str, str], **settings: str) -> Server:
    """Install the recipe: the scripts in bin/ with publish.env, the hook a symlink in the bare repository."""
    srv = tmp_path / "srv"
    server = Server(srv / "portal", srv / "git" / "portal.git", srv / "portal" / "bin")
    server.bare.parent.mkdir(parents=True)
    shutil.copytree(REPO / "deploy" / "publish", server.bin)
    lines = {"PORTAL_SERVE_ROOT": str(server.root), "PORTAL_PYTHON": sys.executable,
             "PORTAL_GIT_DIR": str(server.bare), **settings}
    (server.bin / "publish.env").write_text("".join(f"{key}={value}\n" for key, value in lines.items()),
                                            encoding="utf-8")
    git("init", "--quiet", "--bare", "--initial-branch=main", str(server.bare), cwd=tmp_path, env=env)
    (server.bare / "hooks" / "post-receive").symlink_to(server.bin / "post-receive")
    return server


def clone(tmp_path: Path, content: dict[str, str | bytes], env: dict[str, str]) -> Path:
    """An editor's working copy: a small project, committed on main, with its own hooks/ (not the
    tests' link to this repository's, beside whose node_modules/ the build would find Decap) and the
    npm lock file of the web editor, which the server installs itself."""
    proj = make_project(tmp_path, content)
    (proj / "hooks").unlink()
    shutil.copytree(REPO / "hooks", proj / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("package.json", "package-lock.json"):
        shutil.copy(REPO / name, proj / name)
    git("init", "--quiet", "--initial-branch=main", cwd=proj, env=env)
    commit(proj, "Nội dung đầu tiên", env)
    return proj


def commit(proj: Path, message: str, env: dict[str, str]) -> str:
    git("add", "--all", cwd=proj, env=env)
    git("commit", "--quiet", "-m", message, cwd=proj, env=env)
    return git("rev-parse", "HEAD", cwd=proj, env=env).stdout.strip()


def push(proj: Path, remote: Path, env: dict[str, str], ref: str = "main") -> subprocess.CompletedProcess[str]:
    """`git push`: it succeeds whatever the build does (a post-receive hook cannot reject)."""
    return git("push", str(remote), ref, cwd=proj, env=env)


def remote_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """What the pushing editor saw from the server (git prints it as `remote: ...` on stderr)."""
    return [line[len("remote: "):].rstrip() for line in result.stderr.splitlines() if line.startswith("remote: ")]


def test_push_publishes_and_a_failed_build_publishes_nothing(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    server = install(tmp_path, env, PORTAL_KEEP="1")
    proj = clone(tmp_path, {"articles/2024/quan-trac.md": article("Quan trắc môi trường", "2024-06-10")}, env)

    # A branch other than main is stored, not published.
    git("switch", "--quiet", "-c", "ban-nhap", cwd=proj, env=env)
    shown = remote_lines(push(proj, server.bare, env, "ban-nhap"))
    assert any("Chỉ nhánh main được xuất bản" in line for line in shown), shown
    assert not server.site.exists()
    git("switch", "--quiet", "main", cwd=proj, env=env)

    # 1. A push to main publishes it: the served symlink points at a release holding the article.
    first = git("rev-parse", "HEAD", cwd=proj, env=env).stdout.strip()
    shown = remote_lines(push(proj, server.bare, env))
    assert any(line.startswith("ĐÃ XUẤT BẢN") and first[:12] in line for line in shown), shown
    assert server.site.is_symlink()
    published = os.readlink(server.site)
    assert published.startswith("releases/") and published.endswith(first[:12])
    # The web editor is published too: its npm packages were installed on the server (build/npm/).
    assert (server.site / "quan-tri/decap-cms.js").is_file() and (server.root / "build/npm/node_modules").is_dir()
    page = server.site / ARTICLE_PAGE
    assert "Quan trắc môi trường" in page.read_text(encoding="utf-8")
    text, data = server.status()
    assert data["ok"] is True and data["commit"] == first and data["served"] == published.split("/")[1]
    assert "ĐÃ XUẤT BẢN" in text

    # 2. A content error: the push itself succeeds, the site stays byte for byte as it was, and the
    # editor (and the status file) get the error as path:line: message, in Vietnamese.
    before = snapshot(server.site)
    releases_before = server.releases()
    (proj / "content/articles/2024/bai-loi.md").write_text(
        article("Bài có lỗi", "2024-06-12", topics="[khong-co-linh-vuc]"), encoding="utf-8")
    broken = commit(proj, "Thêm bài có lỗi", env)
    result = push(proj, server.bare, env)
    assert git("rev-parse", "main", cwd=server.bare, env=env).stdout.strip() == broken  # the push was stored
    shown = remote_lines(result)
    error = "content/articles/2024/bai-loi.md:4: [topic-unknown] lĩnh vực 'khong-co-linh-vuc' không tồn tại"
    assert any(line.startswith(error) for line in shown), result.stderr
    assert any(line.startswith("CHƯA XUẤT BẢN") for line in shown), shown
    assert any(f"giữ nguyên bản trước (commit {first[:12]})" in line for line in shown), shown
    assert os.readlink(server.site) == published
    assert snapshot(server.site) == before
    assert server.releases() == releases_before
    text, data = server.status()
    assert error in text.splitlines()
    assert "CHƯA XUẤT BẢN" in text
    assert data["ok"] is False and data["commit"] == broken and data["errors"] == 1
    assert data["served"] == published.split("/")[1] and data["release"] is None

    # 3. The fix is published; with PORTAL_KEEP=1 the previous release is deleted, never the served one.
    (proj / "content/articles/2024/bai-loi.md").write_text(
        article("Bài đã sửa", "2024-06-12"), encoding="utf-8")
    fixed = commit(proj, "Sửa lĩnh vực", env)
    shown = remote_lines(push(proj, server.bare, env))
    assert any(line.startswith("ĐÃ XUẤT BẢN") and fixed[:12] in line for line in shown), shown
    now_published = os.readlink(server.site)
    assert now_published != published and now_published.endswith(fixed[:12])
    assert "Bài đã sửa" in (server.site / "tin-tuc/2024/06/bai-da-sua/index.html").read_text(encoding="utf-8")
    assert (server.site / ARTICLE_PAGE).is_file()
    assert server.releases() == [now_published.split("/")[1]]
    assert server.status()[1]["ok"] is True


def test_timer_rebuild_publishes_a_scheduled_article_once_its_date_passes(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    # The web editor's repository (Gitea/GitLab): the timer fetches main from it (PORTAL_UPSTREAM).
    upstream = tmp_path / "forge" / "portal.git"
    upstream.parent.mkdir()
    git("init", "--quiet", "--bare", "--initial-branch=main", str(upstream), cwd=tmp_path, env=env)
    after = tmp_path / "after-publish.log"  # PORTAL_AFTER_PUBLISH: e.g. nginx's reload, once per publication
    server = install(tmp_path, env, PORTAL_UPSTREAM=str(upstream), PORTAL_AFTER_PUBLISH=f"echo published >> {after}")
    proj = clone(tmp_path, {
        "articles/2024/quan-trac.md": article("Quan trắc môi trường", "2024-06-10"),
        "articles/2024/hen-gio.md": article("Bài hẹn giờ", "2024-06-20 08:00"),
    }, env)
    head = git("rev-parse", "HEAD", cwd=proj, env=env).stdout.strip()
    push(proj, upstream, env)
    scheduled = server.site / "tin-tuc/2024/06/bai-hen-gio/index.html"

    # Before its date (EPOCH is 17/06/2024): the site is published without the scheduled article.
    result = server.rebuild(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (server.site / ARTICLE_PAGE).is_file()
    assert not scheduled.exists()
    text, data = server.status()
    assert data["ok"] is True and data["commit"] == head and data["trigger"] == "rebuild"
    first = os.readlink(server.site)

    # The timer's next run after 20/06/2024 08:00 (Vietnam time) publishes it, with no new commit.
    later = base_env(tmp_path, epoch=str(int(EPOCH) + 3 * DAY))
    result = server.rebuild(later)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Bài hẹn giờ" in scheduled.read_text(encoding="utf-8")
    assert os.readlink(server.site) != first
    assert after.read_text(encoding="utf-8") == "published\npublished\n"
    # One release per commit is kept: the earlier build of the same commit is gone.
    assert server.releases() == [os.readlink(server.site).split("/")[1]]


def test_one_build_at_a_time_and_a_held_site_stays(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    server = install(tmp_path, env, PORTAL_LOCK_WAIT="600")
    proj = clone(tmp_path, {"articles/2024/quan-trac.md": article("Quan trắc môi trường", "2024-06-10")}, env)

    # While the site is held (after a rollback), a push is stored but nothing is built.
    server.root.mkdir(parents=True, exist_ok=True)
    (server.root / "hold").write_text("Đã quay lại bản trước; chờ sửa nội dung.\n", encoding="utf-8")
    shown = remote_lines(push(proj, server.bare, env))
    assert any("tạm dừng" in line for line in shown), shown
    assert "  Đã quay lại bản trước; chờ sửa nội dung." in shown
    assert not server.site.exists()
    (server.root / "hold").unlink()

    # Another build holds the lock: the timer's run waits for it, then builds.
    lock_file = server.root / "build" / "lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = subprocess.Popen([str(server.bin / "rebuild")], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        assert waiting.stdout is not None
        first_line = waiting.stdout.readline()  # printed once it found the lock taken
        assert first_line.startswith("Một lần xây dựng khác đang chạy; đang chờ"), first_line
        assert not server.site.exists()
        fcntl.flock(lock, fcntl.LOCK_UN)
    rest = waiting.stdout.read()
    assert waiting.wait(timeout=600) == 0, rest
    assert (server.site / ARTICLE_PAGE).is_file()

    # With no time to wait, a run gives up and publishes nothing.
    busy_env = {**env, "PORTAL_LOCK_WAIT": "0"}
    with open(lock_file, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        before = os.readlink(server.site)
        status_before = server.status()
        result = server.rebuild(busy_env)
    assert result.returncode == 75, result.stdout + result.stderr
    assert "Hết thời gian chờ" in result.stdout
    assert os.readlink(server.site) == before and server.status() == status_before
