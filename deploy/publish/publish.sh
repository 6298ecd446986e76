#!/bin/bash
# publish.sh: build the portal from the publishing branch and publish it atomically.
#
# Usage:
#   publish.sh push      as a git post-receive hook (reads "old new ref" lines on stdin);
#                        builds when the publishing branch was updated
#   publish.sh rebuild   rebuilds the branch's current head (the timer, or by hand), after
#                        fetching it from PORTAL_UPSTREAM when that is set
#
# Both `post-receive` and `rebuild` call this script; all the logic is here.
#
# Settings (environment variables; the environment wins over publish.env, a file of KEY=value
# lines next to this script, which wins over the defaults below; see publish.env.example):
#   PORTAL_SERVE_ROOT     folder holding everything below (default /srv/portal)
#   PORTAL_PYTHON         Python of the venv with requirements.txt installed
#                         (default $PORTAL_SERVE_ROOT/venv/bin/python)
#   PORTAL_GIT_DIR        the bare repository `rebuild` builds from (default /srv/git/portal.git);
#                         a hook always builds from the repository that received the push
#   PORTAL_BRANCH         the branch that is published (default main)
#   PORTAL_KEEP           how many published commits to keep for rollback (default 5)
#   PORTAL_LOCK_WAIT      seconds to wait for another build to finish (default 1800)
#   PORTAL_UPSTREAM       optional: `rebuild` first fetches the branch from this git URL (a Gitea or
#                         GitLab repository the web editor commits to)
#   PORTAL_NPM            npm of the machine's Node.js (default npm): installs the web editor's
#                         files (Decap CMS) the commit's package-lock.json pins, when it changes
#   PORTAL_AFTER_PUBLISH  optional shell command run after each publication
#                         (e.g. `sudo -n systemctl reload nginx`, for the map of moved pages)
#
# Layout under PORTAL_SERVE_ROOT:
#   site -> releases/<release>   the served folder: a symlink, swapped atomically (nginx root)
#   releases/<UTC time>-<commit> published builds (hard-linked copies of build/site)
#   build/                       work area: tree/ (the commit's files), site/ (the last successful
#                                build, from which unchanged pages are reused), cache/, npm/ (the npm
#                                packages of the last package-lock.json), lock, output.txt
#   status/last-build.txt        the last build's result for people: errors as "path:line: message"
#   status/last-build.json       the same for programs: time, commit, ok, errors, release, served
#   status/last-build.log        the last build's full output
#   hold                         if this file exists, nothing is published (after a rollback)
#
# Messages go to stdout: in a post-receive hook git shows them to the pushing editor as
# "remote: ..." lines; under systemd they go to the journal. They are in Vietnamese (editors read them).

set -euo pipefail
umask 022  # the web server must be able to read every published file

here=$(dirname "$(readlink -f "$0")")

say() { printf '%s\n' "$*"; }

# Read publish.env: KEY=value lines (no shell code is run); a variable already set in the
# environment is left as it is.
load_settings() {
    local file=$1 line key value
    [ -f "$file" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        case $line in '' | '#'*) continue ;; esac
        key=${line%%=*}
        value=${line#*=}
        case $key in
            PORTAL_SERVE_ROOT | PORTAL_PYTHON | PORTAL_GIT_DIR | PORTAL_BRANCH | PORTAL_KEEP | \
                PORTAL_LOCK_WAIT | PORTAL_UPSTREAM | PORTAL_NPM | PORTAL_AFTER_PUBLISH) ;;
            *)
                say "publish.env: bỏ qua dòng không hiểu: $line"
                continue
                ;;
        esac
        case $value in
            \"*\") value=${value#\"} value=${value%\"} ;;
            \'*\') value=${value#\'} value=${value%\'} ;;
        esac
        [ -n "${!key+x}" ] && continue
        export "$key=$value"
    done <"$file"
}

load_settings "$here/publish.env"
mode=${1:-}
case $mode in
    push | rebuild) ;;
    *)
        say "usage: $0 push|rebuild" >&2
        exit 2
        ;;
esac

root=${PORTAL_SERVE_ROOT:-/srv/portal}
python=${PORTAL_PYTHON:-$root/venv/bin/python}
# The repository: in a hook, the one that received the push; for a rebuild, PORTAL_GIT_DIR.
if [ "$mode" = push ] && [ -n "${GIT_DIR:-}" ]; then
    git_dir=$GIT_DIR
else
    git_dir=${PORTAL_GIT_DIR:-/srv/git/portal.git}
fi
branch=${PORTAL_BRANCH:-main}
keep=${PORTAL_KEEP:-5}
lock_wait=${PORTAL_LOCK_WAIT:-1800}

# A hook runs inside the repository with GIT_DIR=. and other GIT_* variables set: use absolute
# paths from here on and keep git's variables out of the build.
git_dir=$(cd "$git_dir" 2>/dev/null && pwd) || {
    say "Không tìm thấy kho git: $git_dir (đặt PORTAL_GIT_DIR trong publish.env)." >&2
    exit 2
}
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES \
    GIT_QUARANTINE_PATH
git() { command git --git-dir="$git_dir" "$@"; }

case $root in
    /*) ;;
    *)
        say "PORTAL_SERVE_ROOT phải là đường dẫn tuyệt đối: $root" >&2
        exit 2
        ;;
esac
case $keep in '' | *[!0-9]* | 0) keep=5 ;; esac
case $lock_wait in '' | *[!0-9]*) lock_wait=1800 ;; esac

# In push mode: was the publishing branch updated (and not deleted)?
pushed=
if [ "$mode" = push ]; then
    while read -r _old new ref; do
        if [ "$ref" = "refs/heads/$branch" ]; then
            case $new in *[!0]*) pushed=$new ;; *) pushed= ;; esac
        elif [ "${ref#refs/heads/}" != "$ref" ]; then
            say "Đã nhận ${ref#refs/heads/}. Chỉ nhánh $branch được xuất bản lên trang web."
        fi
    done
    [ -n "$pushed" ] || exit 0
fi

releases=$root/releases
build=$root/build
status=$root/status
served=$root/site
if ! mkdir -p "$releases" "$build" "$status" || [ ! -w "$build" ]; then
    say "Không ghi được vào $root: hãy tạo thư mục này và cho tài khoản $(id -un) quyền ghi."
    exit 2
fi

# One build at a time (pushes and timer runs alike).
exec 9>"$build/lock"
if ! flock -n 9; then
    say "Một lần xây dựng khác đang chạy; đang chờ nó xong (tối đa $lock_wait giây)…"
    if ! flock -w "$lock_wait" 9; then
        say "Hết thời gian chờ: chưa xây dựng lần này. Lần xây dựng tự động tiếp theo sẽ xuất bản bản mới nhất."
        exit 75
    fi
fi

rm -f "$root"/.site.new-*  # a symlink left by a run killed just before it renamed it

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

json_string() {
    local s=${1//\\/\\\\}
    s=${s//\"/\\\"}
    printf '"%s"' "$s"
}

json_or_null() { if [ -n "$1" ]; then json_string "$1"; else printf 'null'; fi; }

# The release the site serves now (empty before the first publication).
current_release() {
    local target
    target=$(readlink "$served" 2>/dev/null) || return 0
    printf '%s' "${target##*/}"
}

# Release names are <UTC time>-<first 12 hex digits of the commit>[-N].
release_commit() {
    local rest=${1#*-}
    printf '%s' "${rest%%-*}"
}

# write_status OK COMMIT ERRORS RELEASE REPORT_FILE: status/last-build.{txt,json}, each replaced atomically.
write_status() {
    local ok=$1 commit=$2 errors=$3 release=$4 report=$5 time current
    time=$(now)
    current=$(current_release)
    {
        say "Thời gian (UTC): $time"
        say "Nhánh: $branch; commit: $commit; cách chạy: $mode"
        if [ "$ok" = true ]; then
            say "Kết quả: ĐÃ XUẤT BẢN (bản $current)"
        else
            say "Kết quả: CHƯA XUẤT BẢN; trang web giữ nguyên bản ${current:-(chưa có)}"
        fi
        say ""
        cat "$report"
    } >"$status/.last-build.txt.tmp"
    mv -f "$status/.last-build.txt.tmp" "$status/last-build.txt"
    {
        printf '{"time": %s, "branch": %s, "commit": %s, "trigger": %s, "ok": %s, "errors": %s, "release": %s, "served": %s}\n' \
            "$(json_string "$time")" "$(json_string "$branch")" "$(json_or_null "$commit")" \
            "$(json_string "$mode")" "$ok" "$errors" "$(json_or_null "$release")" "$(json_or_null "$current")"
    } >"$status/.last-build.json.tmp"
    mv -f "$status/.last-build.json.tmp" "$status/last-build.json"
}

# fail COMMIT MESSAGE: report a failure that is not in the build's output, publish nothing.
fail() {
    say "$2" >"$build/report.txt"
    write_status false "$1" 0 "" "$build/report.txt"
    say "$2"
    exit 2
}

if [ -e "$root/hold" ]; then
    say "Việc xuất bản đang tạm dừng (có tệp $root/hold): commit đã được nhận nhưng chưa xuất bản."
    sed 's/^/  /' "$root/hold"
    exit 0
fi

if [ "$mode" = rebuild ] && [ -n "${PORTAL_UPSTREAM:-}" ]; then
    if ! git fetch --quiet --no-tags "$PORTAL_UPSTREAM" "+refs/heads/$branch:refs/heads/$branch"; then
        say "Không lấy được nhánh $branch từ $PORTAL_UPSTREAM: xây dựng lại bản đang có trên máy chủ."
    fi
fi

commit=$(git rev-parse --verify --quiet "refs/heads/$branch^{commit}") ||
    fail "" "Kho git $git_dir chưa có nhánh $branch: chưa có gì để xuất bản."
if [ -n "$pushed" ] && [ "$pushed" != "$commit" ]; then
    say "Nhánh $branch đã có commit mới hơn (${commit:0:12}) từ một lần đẩy khác: xây dựng bản mới nhất đó."
fi
[ -x "$python" ] || fail "$commit" "Không tìm thấy Python của dự án: $python (đặt PORTAL_PYTHON trong publish.env)."
if [ -e "$served" ] && [ ! -L "$served" ]; then
    fail "$commit" "$served là một thư mục thật, không phải liên kết tới releases/: hãy đổi tên nó (xem deploy/PUBLISHING.md)."
fi

# The commit's files in build/tree, exactly: git rewrites the files that differ from the commit and
# deletes everything else. Files that did not change keep their modification times, which the
# build's digests of templates and code rely on (hooks/portal/fingerprint.py) to keep unchanged
# pages: a warm rebuild. A private index: the repository's HEAD and index are never touched.
# The cache of converted pages lives outside the tree (build/cache).
tree=$build/tree
checkout() {
    GIT_INDEX_FILE=$build/index git --work-tree="$tree" read-tree --reset -u "$commit" &&
        GIT_INDEX_FILE=$build/index git --work-tree="$tree" clean -ffdxq -e /.cache -e /node_modules
}
[ -f "$build/index" ] || rm -rf "$tree"
mkdir -p "$tree" "$build/cache"
if ! checkout; then
    say "Làm lại thư mục làm việc build/tree từ đầu."
    rm -rf "$tree" "$build/index"
    mkdir -p "$tree"
    checkout || fail "$commit" "Không lấy được các tệp của commit ${commit:0:12} từ kho git $git_dir."
fi
if [ ! -L "$tree/.cache" ]; then
    rm -rf "$tree/.cache"
    ln -s "$build/cache" "$tree/.cache"
fi

# The web editor's files come from npm, pinned by the commit's package-lock.json: installed into
# build/npm/ when the lock file changes (npm ci), and linked into the tree like the cache.
if [ -f "$tree/package-lock.json" ]; then
    npm_dir=$build/npm
    if ! cmp -s "$tree/package-lock.json" "$npm_dir/package-lock.json"; then
        say "Cài các gói npm của trình soạn thảo web (package-lock.json mới)…"
        rm -rf "$npm_dir"
        mkdir -p "$npm_dir"
        cp "$tree/package.json" "$tree/package-lock.json" "$npm_dir/"
        if ! (cd "$npm_dir" && "${PORTAL_NPM:-npm}" ci --no-audit --no-fund --loglevel=error --prefer-offline) \
            >"$build/npm.log" 2>&1; then
            rm -f "$npm_dir/package-lock.json"  # tried again next time
            fail "$commit" "Không cài được các gói npm của trình soạn thảo web (xem $build/npm.log)."
        fi
    fi
    ln -sfn "$npm_dir/node_modules" "$tree/node_modules"
fi

say "Đang xây dựng trang web từ commit ${commit:0:12} (nhánh $branch)…"
# The commit's own code (hooks/) builds it; the venv supplies the pinned libraries.
# `portal build` validates first and writes build/site only when everything is right.
output=$build/output.txt
set +e
(cd "$tree" && PYTHONPATH="$tree/hooks${PYTHONPATH:+:$PYTHONPATH}" \
    "$python" -m portal.cli build --root "$tree" --site-dir "$build/site") >"$output" 2>&1
code=$?
set -e
cp "$output" "$status/last-build.log"

# What people read: the output without MkDocs' INFO lines (and the indented lines that continue them).
awk '/^INFO/ { skip = 1; next } skip && /^[ \t]/ { next } { skip = 0; print }' "$output" >"$build/report.txt"
errors=$(grep -cE '^[^[:space:]].*:[0-9]+: ' "$build/report.txt" || true)

if [ "$code" -ne 0 ]; then
    write_status false "$commit" "$errors" "" "$build/report.txt"
    current=$(current_release)
    say "================================================================"
    say "CHƯA XUẤT BẢN: commit ${commit:0:12} có lỗi."
    if [ -n "$current" ]; then
        say "Trang web giữ nguyên bản trước (commit $(release_commit "$current"))."
    else
        say "Trang web chưa có bản nào được xuất bản."
    fi
    say "Hãy sửa các lỗi dưới đây (tệp:dòng: lỗi), commit rồi đẩy (push) lại:"
    say ""
    cat "$build/report.txt"
    say "================================================================"
    exit 1
fi

# Publish: a hard-linked copy of the build under a new name, then one rename of the symlink.
name=$(date -u +%Y%m%dT%H%M%SZ)-${commit:0:12}
n=1
candidate=$name
while [ -e "$releases/$candidate" ]; do
    n=$((n + 1))
    candidate=$name-$n
done
name=$candidate
rm -rf "$releases/.tmp-$name"
cp -al "$build/site" "$releases/.tmp-$name" ||
    fail "$commit" "Không sao chép được bản vừa xây dựng vào $releases (hết chỗ trên đĩa?): chưa xuất bản."
mv -T "$releases/.tmp-$name" "$releases/$name"
ln -s "releases/$name" "$root/.site.new-$$"
mv -T "$root/.site.new-$$" "$served"

if [ -n "${PORTAL_AFTER_PUBLISH:-}" ]; then
    sh -c "$PORTAL_AFTER_PUBLISH" 9>&- || say "Cảnh báo: lệnh sau khi xuất bản ($PORTAL_AFTER_PUBLISH) báo lỗi."
fi

# Keep the newest build of each of the last $keep commits (and always the one served); delete the rest.
declare -A seen=()
commits=0
while IFS= read -r old; do
    sha=$(release_commit "$old")
    if [ "$old" = "$name" ]; then
        [ -n "${seen[$sha]+x}" ] || commits=$((commits + 1))
        seen[$sha]=1
    elif [ -z "${seen[$sha]+x}" ] && [ "$commits" -lt "$keep" ]; then
        seen[$sha]=1
        commits=$((commits + 1))
    else
        rm -rf "${releases:?}/$old"
    fi
done < <(find "$releases" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' |
    LC_ALL=C grep -E '^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{12}(-[0-9]+)?$' | LC_ALL=C sort -r)
find "$releases" -mindepth 1 -maxdepth 1 -type d -name '.tmp-*' -exec rm -rf {} +

write_status true "$commit" 0 "$name" "$build/report.txt"
say "ĐÃ XUẤT BẢN: trang web đang phục vụ commit ${commit:0:12} (bản $name)."
grep -E '^(WARNING|Tổng cộng)' "$build/report.txt" || true
