"""Benchmark runner: the floor, our cold and warm `mkdocs build`, peak memory, profile, serve loop.

    python bench/run.py                       # table for N = 1000, 2000, 10000 + serve latency at 2000
    python bench/run.py --sizes 1000,2000 --runs 3 --no-serve
    python bench/run.py --profile 2000        # one cold build under cProfile: top 30 functions
    python bench/run.py --serve 2000          # editing loop under `mkdocs serve` only

Every figure is the wall time of a whole child process (interpreter start-up included), the
median of k runs. Corpora are generated once per N (bench/corpus.py) into --workdir.
See bench/README.md for what each figure means and the targets.
"""

from __future__ import annotations

import argparse
import cProfile  # noqa: F401 - fail early if the profiler is missing
import json
import os
import pstats
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "hooks"))

import corpus  # noqa: E402
import search_transfer  # noqa: E402  (puts tests/ on the path: serving.py)
from serving import free_port  # noqa: E402

EPOCH = "1795410000"  # 2026-11-23 12:00 +07:00, the tests' SAMPLE_EPOCH: every corpus date is in the past
DEFAULT_SIZES = (1000, 2000, 10000)
SERVE_N = 2000
OUT = BENCH / "out"
TARGETS = {
    "ratio_cold": 1.5,     # cold build / floor at 10,000 articles
    "ratio_warm": 1.0,     # warm rebuild / floor at 10,000 articles
    "linearity": 1.15,     # ms/article at 10,000 / ms/article at 1,000
    "peak_mb": 1024.0,     # peak memory at 10,000 articles
    "serve_s": 3.0,        # save -> rebuilt page served, 2,000 articles
    "search_kb": 300.0,    # one search ("moi truong", typed) transfers at most this, 10,000 articles
    "search_share": 0.10,  # the search index adds at most this to the cold build, 10,000 articles
}


def child_env() -> dict[str, str]:
    """Environment of every measured child: fixed build date, no MkDocs 2 banner."""
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}


# -- measuring one child process -----------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as handle:
                found += [int(p) for p in handle.read().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size (shared pages split between sharers), else RSS; 0 if gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:
        return 0


class TreeSampler(threading.Thread):
    """Sample the memory of a process and all its descendants (e.g. a worker pool) every `interval` s."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            pending, total, seen = [self.pid], 0, set()
            while pending:
                pid = pending.pop()
                if pid in seen:
                    continue
                seen.add(pid)
                total += _pss_kb(pid)
                pending += _children(pid)
            self.peak_kb = max(self.peak_kb, total)


@dataclass
class Run:
    """One child process: wall seconds, CPU seconds, its own peak RSS (wait4) and the sampled tree peak."""

    seconds: float
    peak_mb: float
    tree_mb: float
    returncode: int
    output: str = ""
    cpu_s: float = 0.0
    """User + system time of the child and every descendant it waited for (e.g. a worker pool)."""


def measure(cmd: list[str], cwd: Path, timeout: float = 3600, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` and return its wall time and memory; stdout+stderr kept for error reports."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**child_env(), **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        sampler.stopped.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    # Linux: ru_maxrss in KiB, the largest single process among the child and its reaped children.
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, peak_mb, max(sampler.peak_kb / 1024, 0.0), proc.returncode, output, cpu)


def _checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        tail = "\n".join(run.output.strip().splitlines()[-30:])
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{tail}")
    return run


def floor_cmd(project: Path, libyaml: bool = False) -> list[str]:
    return [sys.executable, str(BENCH / "floor.py"), str(project), *(["--libyaml"] if libyaml else [])]


def build_cmd() -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]


def make_cold(project: Path, trash: Path | None = None) -> None:
    """Remove what a previous build left: the cache and the output folder.

    With `trash` they are moved there and deleted after the measurements (`corpus.discard`:
    deleting 30,000 files just before a timed build slows the build's own file creation).
    """
    for name in (".cache", "site"):
        if (project / name).exists():
            corpus.discard(project / name, trash)


def trash_folder(workdir: Path) -> Path:
    """Where this run moves what it replaces; emptied when the run ends (and left-overs now)."""
    trash = workdir / ".trash"
    shutil.rmtree(trash, ignore_errors=True)
    return trash


# -- the table ----------------------------------------------------------------------------------

@dataclass
class Row:
    n: int
    runs: int
    items: int
    pages: int
    floor_s: float
    cold_s: float
    warm_s: float
    ratio_cold: float
    ratio_warm: float
    ms_per_article_cold: float
    ms_per_article_floor: float
    ms_per_article_warm: float
    peak_mb: float
    tree_mb: float
    peak_mb_warm: float
    tree_mb_warm: float
    floor_libyaml_s: float | None = None
    ratio_cold_libyaml: float | None = None
    floor_cpu_s: float = 0.0
    cold_cpu_s: float = 0.0
    warm_cpu_s: float = 0.0
    cold_nosearch_s: float = 0.0
    """A cold build with the search index turned off (PORTAL_NO_SEARCH=1): what search costs."""
    search_share: float = 0.0
    """(cold - cold without search) / cold without search."""
    cold_nosearch_cpu_s: float = 0.0
    search_index_s: float = 0.0
    """Building and writing the index (search_index.publish: in a forked process of its own while
    the pages are added and rendered, or after them in a serial build); the words are taken in the
    render workers, with the Markdown conversion: `search_share` counts both."""
    search_files: int = 0
    search_mb: float = 0.0
    search_kb: float | None = None
    """Bytes one search ("moi truong", typed) transfers, as nginx serves them; None if not measured."""
    search_budget_kb: float = 0.0
    samples: dict[str, list[float]] = field(default_factory=dict)


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def search_stats(project: Path) -> dict[str, Any]:
    """Return what the last build's search index step recorded (.cache/portal/search.json)."""
    try:
        return dict(json.loads((project / ".cache" / "portal" / "search.json").read_text(encoding="utf-8"))["stats"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def search_transfer_kb(site: Path, log: Any = print) -> float | None:
    """Return the KB one search transfers on `site` served by nginx, or None without the test tools."""
    try:
        [transfer] = search_transfer.measure_site(site, [search_transfer.QUERY])
    except (ImportError, OSError, RuntimeError) as error:
        log(f"  search transfer not measured ({type(error).__name__}: {error}); `make setup-dev` installs the tools")
        return None
    return round(transfer.total / 1024, 1)


def bench_size(n: int, runs: int, workdir: Path, libyaml_floor: bool = True, log: Any = print,
               trash: Path | None = None, search: bool = True) -> Row:
    """Generate the corpus for `n` once, then interleave floor / cold / warm `runs` times."""
    project = workdir / f"corpus-{n}"
    started = time.perf_counter()
    corpus.write_project(n, project, trash)
    items = sum(1 for _ in (project / "content").rglob("*.md"))
    log(f"  N={n}: corpus of {items} Markdown files written in {time.perf_counter() - started:.1f} s")
    floors: list[Run] = []
    floors_c: list[Run] = []
    colds: list[Run] = []
    warms: list[Run] = []
    plain: list[Run] = []
    indexing: list[dict[str, Any]] = []
    for index in range(runs):
        floors.append(_checked(measure(floor_cmd(project), project), "floor"))
        if libyaml_floor:
            floors_c.append(_checked(measure(floor_cmd(project, libyaml=True), project), "floor (libyaml)"))
        if search:
            make_cold(project, trash)
            plain.append(_checked(measure(build_cmd(), project, env={"PORTAL_NO_SEARCH": "1"}),
                                  "cold build without search"))
        make_cold(project, trash)
        colds.append(_checked(measure(build_cmd(), project), "cold build"))
        indexing.append(search_stats(project))
        warms.append(_checked(measure(build_cmd(), project), "warm build"))
        log(f"  N={n} run {index + 1}/{runs}: floor {floors[-1].seconds:.2f} s, cold {colds[-1].seconds:.2f} s "
            f"({colds[-1].seconds / floors[-1].seconds:.2f}×, cpu {colds[-1].cpu_s:.2f} s), "
            f"warm {warms[-1].seconds:.2f} s ({warms[-1].seconds / floors[-1].seconds:.2f}×), "
            f"peak {colds[-1].peak_mb:.0f} MB (tree {colds[-1].tree_mb:.0f} MB)")
    floor = statistics.median(r.seconds for r in floors)
    cold = statistics.median(r.seconds for r in colds)
    warm = statistics.median(r.seconds for r in warms)
    floor_c = statistics.median(r.seconds for r in floors_c) if floors_c else None
    cold_plain = statistics.median(r.seconds for r in plain) if plain else 0.0
    site = project / "site"
    stats = indexing[-1] if indexing else {}
    search_kb = search_transfer_kb(site, log) if search else None
    if search_kb is not None:
        log(f"  N={n}: one search for {search_transfer.QUERY!r} transferred {search_kb:.1f} KB "
            f"(budget at this size {search_transfer.budget(n) / 1024:.0f} KB)")
    samples = {"floor": [round(r.seconds, 3) for r in floors], "cold": [round(r.seconds, 3) for r in colds],
               "warm": [round(r.seconds, 3) for r in warms]}
    if floors_c:
        samples["floor_libyaml"] = [round(r.seconds, 3) for r in floors_c]
    return Row(
        n=n, runs=runs, items=items, pages=count_pages(project / "site"),
        floor_s=round(floor, 3), cold_s=round(cold, 3), warm_s=round(warm, 3),
        ratio_cold=round(cold / floor, 3), ratio_warm=round(warm / floor, 3),
        ms_per_article_cold=round(cold * 1000 / n, 3), ms_per_article_floor=round(floor * 1000 / n, 3),
        ms_per_article_warm=round(warm * 1000 / n, 3),
        peak_mb=round(max(r.peak_mb for r in colds), 1), tree_mb=round(max(r.tree_mb for r in colds), 1),
        peak_mb_warm=round(max(r.peak_mb for r in warms), 1), tree_mb_warm=round(max(r.tree_mb for r in warms), 1),
        floor_cpu_s=round(statistics.median(r.cpu_s for r in floors), 3),
        cold_cpu_s=round(statistics.median(r.cpu_s for r in colds), 3),
        warm_cpu_s=round(statistics.median(r.cpu_s for r in warms), 3),
        floor_libyaml_s=round(floor_c, 3) if floor_c else None,
        ratio_cold_libyaml=round(cold / floor_c, 3) if floor_c else None,
        cold_nosearch_s=round(cold_plain, 3), search_share=round(cold / cold_plain - 1, 3) if cold_plain else 0.0,
        cold_nosearch_cpu_s=round(statistics.median(r.cpu_s for r in plain), 3) if plain else 0.0,
        search_index_s=round(statistics.median(float(s.get("seconds", 0)) for s in indexing), 3) if indexing else 0.0,
        search_files=int(stats.get("files", 0)), search_mb=round(int(stats.get("bytes", 0)) / 1e6, 1),
        search_kb=search_kb, search_budget_kb=round(search_transfer.budget(n) / 1024, 1),
        samples={**samples, "cold_nosearch": [round(r.seconds, 3) for r in plain]},
    )


def format_table(rows: list[Row]) -> str:
    head = ("N", "floor s", "cold s", "cold/floor", "warm s", "warm/floor", "ms/art cold", "peak MB", "tree MB",
            "pages", "k", "cold/floor(libyaml)", "cpu: floor/cold/warm s")
    lines = [head] + [(
        f"{r.n:,}", f"{r.floor_s:.2f}", f"{r.cold_s:.2f}", f"{r.ratio_cold:.2f}", f"{r.warm_s:.2f}",
        f"{r.ratio_warm:.2f}", f"{r.ms_per_article_cold:.2f}", f"{r.peak_mb:.0f}", f"{r.tree_mb:.0f}",
        f"{r.pages:,}", str(r.runs),
        "–" if r.ratio_cold_libyaml is None else f"{r.ratio_cold_libyaml:.2f} ({r.floor_libyaml_s:.2f} s)",
        f"{r.floor_cpu_s:.1f} / {r.cold_cpu_s:.1f} / {r.warm_cpu_s:.1f}",
    ) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["| " + " | ".join(cell.rjust(w) for cell, w in zip(line, widths)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    return "\n".join(out)


def format_search(rows: list[Row]) -> str:
    """One line per size: the search index's cost and what one search transfers."""
    lines = []
    for r in rows:
        transfer = (f"{r.search_kb:.1f} KB (budget {r.search_budget_kb:.0f} KB)" if r.search_kb is not None
                    else "not measured")
        cost = (f"cold build {r.cold_s:.2f} s vs {r.cold_nosearch_s:.2f} s without search: {100 * r.search_share:+.1f} % "
                f"(CPU {r.cold_cpu_s:.1f} s vs {r.cold_nosearch_cpu_s:.1f} s: "
                f"{100 * (r.cold_cpu_s / r.cold_nosearch_cpu_s - 1) if r.cold_nosearch_cpu_s else 0:+.1f} %)"
                if r.cold_nosearch_s else "cold build without search not measured")
        lines.append(f"  N={r.n:,}: index {r.search_files:,} files, {r.search_mb:.1f} MB on disk, built and written in "
                     f"{r.search_index_s:.2f} s (beside the page rendering); {cost}; one search for "
                     f"{search_transfer.QUERY!r}: {transfer}")
    return "\n".join(lines)


def linearity(rows: list[Row]) -> dict[str, Any] | None:
    if len(rows) < 2:
        return None
    small, large = min(rows, key=lambda r: r.n), max(rows, key=lambda r: r.n)
    return {
        "small_n": small.n, "large_n": large.n,
        "cold": round(large.ms_per_article_cold / small.ms_per_article_cold, 3),
        "floor": round(large.ms_per_article_floor / small.ms_per_article_floor, 3),
        "warm": round(large.ms_per_article_warm / small.ms_per_article_warm, 3),
    }


def verdicts(rows: list[Row], linear: dict[str, Any] | None, serve: dict[str, Any] | None) -> list[str]:
    """One line per issue target that this run measured: value, target, met or not."""
    def line(name: str, value: float, target: float, note: str = "") -> str:
        mark = "ok  " if value <= target else "MISS"
        return f"  [{mark}] {name}: {value:.2f} (target ≤ {target:g}){note}"

    lines = []
    large = max(rows, key=lambda r: r.n) if rows else None
    if large is not None:
        note = "" if large.n >= 10000 else f"  (measured at N={large.n:,}; the target is for 10,000)"
        lines.append(line("cold/floor", large.ratio_cold, TARGETS["ratio_cold"], note))
        lines.append(line("warm/floor", large.ratio_warm, TARGETS["ratio_warm"], note))
        lines.append(line("peak MB (tree)", max(large.peak_mb, large.tree_mb), TARGETS["peak_mb"], note))
        if large.search_kb is not None:  # the budget scaled to the size (search_transfer.budget)
            lines.append(line("search KB per query", large.search_kb, large.search_budget_kb, note))
        if large.cold_nosearch_s:
            lines.append(line("search share of the cold build", large.search_share, TARGETS["search_share"], note))
    if linear is not None:
        note = f"  (ms/article at {linear['large_n']:,} ÷ at {linear['small_n']:,}; floor itself: {linear['floor']:.2f})"
        lines.append(line("linearity", linear["cold"], TARGETS["linearity"], note))
    if serve is not None and serve.get("latencies"):
        lines.append(line("serve save→page s (max)", max(serve["latencies"]), TARGETS["serve_s"],
                          f"  (N={serve['n']:,}; median {serve['median']:.2f} s)"))
    return lines


# -- profile ------------------------------------------------------------------------------------

def _where(filename: str) -> str:
    for marker in ("site-packages/", f"/lib/python{sys.version_info.major}.{sys.version_info.minor}/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    try:
        return Path(filename).resolve().relative_to(REPO).as_posix()
    except (ValueError, OSError):
        return filename if filename.startswith("<") or filename == "~" else Path(filename).name


_WRAPPERS = ("<frozen runpy>", "click/", "<string>:1(", "<built-in method builtins.exec>", "mkdocs/__main__.py")


def print_profile(path: Path, top: int = 30, out: Any = sys.stdout) -> None:
    """Print the top functions by cumulative and by own time, with short locations."""
    stats = pstats.Stats(str(path))
    entries = []
    for (filename, line, name), (cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = name if filename == "~" else f"{_where(filename)}:{line}({name})"
        entries.append((where, nc, cc, tt, ct))
    total = stats.total_tt  # type: ignore[attr-defined]
    for title, key in (("cumulative time", 4), ("own time", 3)):
        print(f"\nTop {top} by {title} (total {total:.2f} s in the main process; start-up wrappers omitted):",
              file=out)
        print(f"{'calls':>10} {'own s':>8} {'cum s':>8} {'cum %':>6}  function", file=out)
        kept = [e for e in entries if not e[0].startswith(_WRAPPERS)]
        for where, nc, cc, tt, ct in sorted(kept, key=lambda e: e[key], reverse=True)[:top]:
            calls = str(nc) if nc == cc else f"{nc}/{cc}"
            print(f"{calls:>10} {tt:8.3f} {ct:8.3f} {100 * ct / total:5.1f}%  {where}", file=out)


def profile(n: int, workdir: Path, warm: bool, top: int) -> None:
    project = workdir / f"corpus-{n}"
    corpus.write_project(n, project)
    make_cold(project)
    if warm:
        _checked(measure(build_cmd(), project), "cold build (before the profiled warm build)")
    OUT.mkdir(parents=True, exist_ok=True)
    prof = OUT / f"profile-{n}-{'warm' if warm else 'cold'}.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "--strict", "-q"]
    run = _checked(measure(cmd, project), "profiled build")
    print(f"{'warm' if warm else 'cold'} build of N={n:,} under cProfile: {run.seconds:.2f} s "
          f"(profiling overhead included); stats saved to {prof.relative_to(REPO)}")
    print("Only the main process is reported: time spent in worker processes shows up as waiting "
          "(e.g. `acquire`, `wait`, `recv`), and forked workers inherit the profiler, so they run slower too.")
    print_profile(prof, top)


# -- serve: the editing loop ---------------------------------------------------------------------

def edit_target(project: Path) -> tuple[Path, str]:
    """Return the article with the explicit slug and its URL path, computed as the site does."""
    import yaml

    from portal import routes

    path = next((project / "content" / "articles").rglob(corpus.EDIT_FILE))
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
    assert front["slug"] == corpus.EDIT_SLUG, "the corpus must give the edited article an explicit slug"
    # `YYYY-MM-DD HH:MM` in Vietnam's time zone (no offset in the corpus): the URL takes its local date.
    day = date.fromisoformat(str(front["date"])[:10])
    return path, "/" + routes.article_url(day, front["slug"])


def fetch(url: str, timeout: float = 30) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local dev server
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, predicate: Any, deadline: float, interval: float = 0.05,
             alive: Any = lambda: True) -> float | None:
    """Poll `url` until predicate(body) holds; return the perf_counter time it did, or None at deadline
    (or as soon as `alive()` turns false: a server that exited will never answer)."""
    while time.perf_counter() < deadline and alive():
        body = fetch(url, timeout=max(1.0, deadline - time.perf_counter()))
        if body is not None and predicate(body):
            return time.perf_counter()
        time.sleep(interval)
    return None


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (its own process group): SIGINT, then SIGTERM, then SIGKILL."""
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


_VALUE_OPTIONS = frozenset({"-a", "--dev-addr", "-f", "--config-file", "-t", "--theme"})
"""Options of `mkdocs serve` that take a value."""


def serve_flags() -> list[str]:
    """The flags `make serve` passes to `mkdocs serve` (what editors run), read from the Makefile."""
    makefile = REPO / "Makefile"
    if makefile.is_file():
        for line in makefile.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if line.startswith("\t") and len(words) >= 2 and words[0].endswith("mkdocs") and words[1] == "serve":
                flags: list[str] = []
                for word in words[2:]:
                    if word.startswith("$"):
                        # A make variable (`--dev-addr $(ADDR)`): drop it, and the option it is the value of.
                        if flags and flags[-1] in _VALUE_OPTIONS:
                            flags.pop()
                        continue
                    flags.append(word)
                return flags
    return ["--livereload"]


def serve_latency(n: int, workdir: Path, edits: int = 3, project: Path | None = None,
                  flags: list[str] | None = None) -> dict[str, Any]:
    """Start `mkdocs serve`, then `edits` times: append a marker to one article, time until it is served."""
    if project is None:
        project = workdir / f"corpus-{n}"
        corpus.write_project(n, project)
    path, url_path = edit_target(project)
    original = path.read_bytes()  # put back afterwards: the corpus is reused by the next run
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = base + url_path
    log_path = workdir / f"serve-{n}.log"
    flags = serve_flags() if flags is None else flags
    cmd = [sys.executable, "-m", "mkdocs", "serve", *flags, "-a", f"127.0.0.1:{port}"]
    latencies: list[float] = []
    result: dict[str, Any] = {"n": n, "url": url_path, "flags": flags, "latencies": latencies}
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=child_env(), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            alive = lambda: proc.poll() is None  # noqa: E731
            ready = wait_for(url, lambda body: "<html" in body, started + 120 + n * 0.1, alive=alive)
            if ready is None or proc.poll() is not None:
                tail = " | ".join(log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-2:])
                raise SystemExit(f"mkdocs serve did not serve {url_path} (see {log_path}): {tail}")
            result["first_build_s"] = round(ready - started, 2)
            print(f"  serve N={n:,} (mkdocs serve {' '.join(flags)}): first build served after "
                  f"{ready - started:.2f} s; editing {url_path}")
            for index in range(edits):
                time.sleep(1.5)  # let the watcher settle after the previous rebuild
                marker = f"bench-marker-{os.getpid()}-{index}-{time.monotonic_ns()}"
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write(f"\nCâu kiểm tra chỉnh sửa {marker}.\n")
                saved = time.perf_counter()
                shown = wait_for(url, lambda body: marker in body, saved + 120, alive=alive)
                if shown is None:
                    raise SystemExit(f"edit {index + 1}: the page did not change within 120 s (see {log_path})")
                latencies.append(round(shown - saved, 3))
                print(f"  serve N={n:,} edit {index + 1}/{edits}: served after {shown - saved:.2f} s")
        finally:
            stop(proc)
            path.write_bytes(original)
    result["median"] = round(statistics.median(latencies), 3)
    result["max"] = round(max(latencies), 3)
    return result


# -- main ---------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated article counts (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per measurement, median reported (default: 3)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "portal-bench",
                        help="where corpora are generated (default: %(default)s)")
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="results file (default: %(default)s)")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve-edit latency")
    parser.add_argument("--no-search", action="store_true",
                        help="skip the search measurements (a cold build without search, one search in Chromium)")
    parser.add_argument("--no-libyaml-floor", action="store_true",
                        help="skip the second floor that parses front matter with libyaml, as the site does")
    parser.add_argument("--serve", type=int, nargs="?", const=SERVE_N, metavar="N",
                        help=f"only measure the editing loop under mkdocs serve (default N: {SERVE_N})")
    parser.add_argument("--edits", type=int, default=3, help="edits timed in the serve measurement")
    parser.add_argument("--serve-flags", default=None,
                        help="flags for `mkdocs serve` (default: those of `make serve` in the Makefile)")
    parser.add_argument("--serve-n", type=int, default=SERVE_N,
                        help="articles in the serve measurement of a full run (default: %(default)s)")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one cold build of N articles")
    parser.add_argument("--warm", action="store_true", help="with --profile: profile a warm rebuild instead")
    parser.add_argument("--top", type=int, default=30, help="with --profile: rows per list")
    return parser.parse_args(argv)


def _flags(args: argparse.Namespace) -> list[str] | None:
    return None if args.serve_flags is None else args.serve_flags.split()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.profile:
        profile(args.profile, args.workdir, args.warm, args.top)
        return 0
    if args.serve:
        serve = serve_latency(args.serve, args.workdir, args.edits, flags=_flags(args))
        print(json.dumps(serve))
        for line in verdicts([], None, serve):
            print(line)
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    load_before = os.getloadavg()[0]
    print(f"Benchmark: sizes {', '.join(f'{n:,}' for n in sizes)}; {os.cpu_count()} CPUs; "
          f"Python {sys.version.split()[0]}; load average {load_before:.1f}; corpora in {args.workdir}")
    rows = []
    trash = trash_folder(args.workdir)
    for n in sizes:
        # Three at every size: this machine's speed swings from one minute to the next, and one
        # run of 10,000 articles gave cold/floor from 1.24 to 1.64 for the same code.
        runs = args.runs if args.runs else 3
        rows.append(bench_size(n, runs, args.workdir, libyaml_floor=not args.no_libyaml_floor, trash=trash,
                               search=not args.no_search))
    serve = None
    if not args.no_serve:
        try:
            serve = serve_latency(args.serve_n, args.workdir, args.edits, flags=_flags(args))
        except SystemExit as failure:  # keep the table: report the failed loop instead
            serve = {"n": args.serve_n, "error": str(failure), "latencies": []}
    shutil.rmtree(trash, ignore_errors=True)
    linear = linearity(rows)
    print()
    print(format_table(rows))
    print("\nSearch index:")
    print(format_search(rows))
    if linear is not None:
        print(f"\nLinearity: ms/article at {linear['large_n']:,} ÷ at {linear['small_n']:,}: cold {linear['cold']:.2f}, "
              f"warm {linear['warm']:.2f} (floor {linear['floor']:.2f})")
    if serve is not None and serve.get("error"):
        print(f"Serve (N={serve['n']:,}): FAILED: {serve['error']}")
    elif serve is not None:
        print(f"Serve (N={serve['n']:,}): save → rebuilt page served in "
              f"{', '.join(f'{s:.2f}' for s in serve['latencies'])} s (median {serve['median']:.2f} s; "
              f"first build {serve['first_build_s']:.1f} s)")
    load_after = os.getloadavg()[0]
    print(f"Load average (1 min) before/after: {load_before:.1f} / {load_after:.1f} on {os.cpu_count()} CPUs"
          + ("  — a busy machine: compare ratios and CPU seconds, not wall times" if max(load_before, load_after)
             > (os.cpu_count() or 1) else ""))
    print("\nTargets (issue 7):")
    for line in verdicts(rows, linear, serve):
        print(line)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    results = {"epoch": EPOCH, "cpus": os.cpu_count(), "python": sys.version.split()[0],
               "load_average": [round(load_before, 2), round(load_after, 2)],
               "rows": [asdict(r) for r in rows], "linearity": linear, "serve": serve, "targets": TARGETS}
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nResults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
