"""The site's search index: static files a phone downloads only in part.

Why not Pagefind (the established tool for this): measured on the benchmark corpus of 10,000
Vietnamese articles, Pagefind 1.5.2 transferred 1.7 MB for the query "moi truong" and 2.4 MB for
"dat dai" (its index stores every position of every word, and Vietnamese syllables such as "môi",
"trường", "đất" occur in nearly every article: one chunk of the index held 2 MB), took 26 s and
3 GB of memory to index (the cold build takes about 30 s), its Python API waits 0.1 s per page
added, and it does not fold "đ" to "d". This index keeps, per word and page, only a
one-character score, so the postings of a word found on all 10,000 pages are about 20 KB before
compression (6 KB as nginx sends them): one such search transfers about 80 KB, code included.
There is no WebAssembly, so the Content-Security-Policy stays as strict as before.

What is indexed: the item pages (articles, campaigns, plans, events, and documents once they
exist), never lists, drafts or scheduled items (neither reaches a public build). Per page:
the title (weighted 5), the document number (5, also as one word: "1596/qd-ubnd"), the summary
and headings (2), the body (1), and what each kind shows besides its body (a plan's issuer and
legal bases, a campaign's theme and activities, an event's place).

Words are folded before they are indexed and before they are searched: Unicode NFD, combining
marks dropped, "đ"/"Đ" to "d", lower case. So "moi truong", "MÔI TRƯỜNG" and "môi trường" are the
same words, "hoà" and "hòa" too, and "dat dai" finds "đất đai". Result excerpts come from the
page's own text, with its diacritics; the browser highlights the words whose folded form matches.

The files, under `search/` (read by docs/assets/js/portal-search.js):

- `index.json`: the entry, fetched when search is first used: format, the folder of this build's
  files, the number of pages, how pages are grouped, the first word of each chunk of words.
- `<id>/w<k>.json`: chunk k of the words, in sorted order: `{word: [deltas, scores]}`, where
  `deltas` lists the page numbers (gaps, base-32 digits) and `scores` one character per page.
  A chunk holds about CHUNK_CHARS characters; a frequent word has a chunk of its own.
  Filters are words too: `~loai:plan`, `~linh-vuc:moi-truong` (no typed word contains "~"); so
  is a page's own document number, `~so:1596/qd-ubnd` and `~so:1596`, which ranks that page first.
- `<id>/p<k>.json`: pages k*PAGES_PER_FILE … (k+1)*PAGES_PER_FILE-1: URL, title, kind, date,
  topics, number and the first `text_chars` characters of text (settings: `search_text_chars`),
  from which the browser cuts the excerpt around the first match.

The costly part, each body's text and word counts, is taken in the render workers with the
Markdown conversion and cached with the HTML (`extract`). The postings are then merged and
written (`publish`, about 2 s at 10,000 pages: in a parallel build by a forked process of its
own while MkDocs adds and renders the pages), or, when what the pages' entries are made of is unchanged
(`input_digest`) and the previous build's files are intact, those files are kept as they are:
Pagefind-style indexes cannot be updated in part (page numbers and chunks shift), so an index is
either kept whole or written again.

`<id>` is a hash of the files' content: every file under it is immutable (cached for a year by
deploy/nginx.conf). Pages are numbered newest first, so equal scores list the newest first.
The builder is deterministic: the same pages give the same bytes.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import marshal
import os
import re
import shutil
import time
import unicodedata
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import and_, or_, rshift, sub
from pathlib import Path
from typing import Any

from . import routes

FORMAT = 2
"""Bump when the files change shape (the browser code checks it). 2: document numbers (`~so:`)."""
EXTRACT_VERSION = "1"
"""Bump when `extract` changes: cached extracts of another version are not used."""
FOLDER = routes.SEARCH.rstrip("/")
ENTRY = "index.json"
MANIFEST = "search.json"
"""In the cache folder: what the last build indexed and wrote (to keep it when nothing changed)."""
CHUNK_CHARS = 32_000
PAGES_PER_FILE = 16
TEXT_CHARS = 1_200
"""Characters of each page's text kept for excerpts by default (settings: `search_text_chars`);
the whole text is indexed. A match further down shows the beginning of the page instead."""
TEXT_LIMIT = 6_000
"""The most `search_text_chars` may ask for. The render workers keep one character more of each
body's text than the setting asks for (`extract`'s `limit`): enough to cut the excerpt the same way."""

WEIGHTS = {"title": 5, "number": 5, "lead": 2, "body": 1}
K1, B, AVG_WORDS = 1.2, 0.75, 600
"""BM25's saturation and length normalisation, with a fixed average page length (words), so a
page's scores do not depend on the other pages."""
LEVELS = 31
"""Scores are stored as 1…LEVELS (one base-32 digit)."""

TERMINAL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
"""Base-32 digits ending a number (and scores)."""
CONTINUE = "ghijklmnopqrstuvwxyz0123456789-_"
"""Base-32 digits followed by more digits of the same number."""

# -- folding and words ----------------------------------------------------------------------------

_KEEP = b"abcdefghijklmnopqrstuvwxyz0123456789"
_SPLIT = bytes(byte if byte in _KEEP else 32 for byte in range(256))
"""Every byte that is not a folded letter or digit becomes a space."""
_COMPOUND = re.compile(rb"[a-z0-9]+(?:[/-][a-z0-9]+)+")
_COUNTS = bytes(min(count, 223) + 32 for count in range(256))


def _fold(text: str) -> bytes:
    return unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D").encode("ascii", "ignore").lower()


def fold(text: str) -> str:
    """Return `text` without diacritics, in lower case and in ASCII ("Đất ĐAI" -> "dat dai").

    Unicode NFD, then "đ"/"Đ" become "d" and everything outside ASCII (the combining marks) is
    dropped. The browser folds queries the same way (portal-search.js). Letters of other
    scripts are dropped too: this is a search for Vietnamese text.
    """
    return _fold(text).decode("ascii")


def _words(folded: bytes) -> list[bytes]:
    found = folded.translate(_SPLIT).split()
    if b"/" in folded or b"-" in folded:
        found += _COMPOUND.findall(folded)
    return found


def _text_words(text: str) -> list[str]:
    """Return the folded words of `text` (as `words(fold(text))`, faster)."""
    folded = _fold(text)
    found = folded.translate(_SPLIT).decode("ascii").split()
    if b"/" in folded or b"-" in folded:
        found += [word.decode("ascii") for word in _COMPOUND.findall(folded)]
    return found


def words(folded: str) -> list[str]:
    """Return the words of folded text: runs of letters and digits, plus slash/hyphen compounds whole.

    "1596/qd-ubnd" gives "1596", "qd", "ubnd" and "1596/qd-ubnd", so a document number is found
    whole or by its parts.
    """
    return [word.decode("ascii") for word in _words(folded.encode("ascii", "ignore"))]


def number_words(number: str) -> list[str]:
    """Return the words marking the page whose own number this is: "1596/QĐ-UBND" gives
    "~so:1596/qd-ubnd" and "~so:1596". A search for a document's number (whole, or its digits) puts
    that document first, before the pages that cite it (portal-search.js)."""
    if not number:
        return []
    found = _text_words(number)
    return [f"~so:{word}" for word in dict.fromkeys(w for w in found if "/" in w or "-" in w or w.isdigit())]


# -- what the render workers extract from each body -------------------------------------------------

_DROP = re.compile(
    r'<a [^>]*class="(?:headerlink|footnote-backref)"[^>]*>.*?</a>|<sup id="fnref[^>]*>.*?</sup>'
    r"|<(script|style|svg)\b.*?</\1>", re.S | re.I)
_BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|table|thead|tbody|tr|td|th|caption|blockquote|pre|br|hr|figure"
                    r"|figcaption|dl|dt|dd|section|aside|details|summary|iframe|img)\b[^>]*>", re.I)
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """Return the visible text of an HTML fragment on one line (blocks separated by spaces)."""
    text = _TAG.sub("", _BLOCK.sub(" ", html))
    return " ".join(html_lib.unescape(text).split())


def extract(html: str, limit: int = TEXT_LIMIT) -> tuple[str, str, str]:
    """Return (text, words, counts) of a rendered body: run in the render workers, cached with the HTML.

    `text` is the body's visible text, its first `limit` characters (the whole text is counted);
    `words` are the body's folded words, space-separated; `counts` has one character per word,
    its count plus 32 (at most 255), headings counted twice (weight 2). Strings rather than a
    dict: three objects per page in memory and in the render cache instead of hundreds.
    """
    html = _DROP.sub("", html)
    raw = html_lib.unescape(_TAG.sub("", _BLOCK.sub(" ", html)))
    text = " ".join(raw[:limit + 1000].split())[:limit]
    counts = Counter(_words(_fold(raw)))
    for heading in _HEADING.findall(html):
        counts.update(_words(_fold(plain_text(heading))))
    try:
        levels = bytes(counts.values()).translate(_COUNTS)
    except ValueError:  # a word more than 255 times
        levels = bytes(min(count, 223) + 32 for count in counts.values())
    return text, b" ".join(counts).decode("ascii"), levels.decode("latin-1")


# -- the pages to index ----------------------------------------------------------------------------

@dataclass(slots=True)
class Doc:
    """One page of the index."""

    url: str
    """Site-relative URL ("tin-tuc/2024/06/slug/")."""
    title: str
    kind: str
    date: str
    """ISO date shown with the result (the kind's list date)."""
    topics: tuple[str, ...] = ()
    number: str = ""
    lead: str = ""
    """Summary and what the page shows besides its body, indexed with weight 2 and shown first."""
    text: str = ""
    """The body's text (from `extract`)."""
    words: str = ""
    """The body's folded words, space-separated (from `extract`)."""
    counts: str = ""
    """One character per word of `words`: its count plus 32 (from `extract`)."""

    def postings(self) -> tuple[list[str], bytearray]:
        """Return (words, scores): every word of the page once, with its score (0 for filters)."""
        found = self.words.split(" ") if self.words else []
        counts = self.counts.encode("latin-1")
        extra: dict[str, int] = {}
        for text, weight in ((f"{self.title} {self.number}", WEIGHTS["title"]), (self.lead, WEIGHTS["lead"])):
            for word in _text_words(text) if text else ():
                extra[word] = extra.get(word, 0) + weight
        length = sum(counts) - 32 * len(counts) + len(extra)
        values = bytes(set(counts))
        levels = bytearray(counts.translate(bytes.maketrans(values, bytes(score(v - 32, length) for v in values))))
        where = dict(zip(found, range(len(found))))
        for word, weight in extra.items():
            index = where.get(word)
            if index is None:
                found.append(word)
                levels.append(score(weight, length))
            else:
                levels[index] = score(counts[index] - 32 + weight, length)
        found.append(f"~loai:{self.kind}")
        found += [f"~linh-vuc:{topic}" for topic in self.topics]
        found += number_words(self.number)
        levels += bytes(len(found) - len(levels))
        return found, levels


def item_doc(item: Any) -> Doc:
    """Return the index entry of a content item (any kind; fields a kind lacks are skipped)."""
    extracted = item.extract if isinstance(item.extract, tuple) and len(item.extract) == 3 else ("", "", "")
    lead: list[str] = []
    if item.summary and not item.summary_is_default:
        lead.append(item.summary)
    for name in ("theme", "issuer", "location", "organizer", "doc_type"):
        value = getattr(item, name, "")
        if isinstance(value, str) and value:
            lead.append(value)
    lead += [str(basis) for basis in getattr(item, "bases", ()) or ()]
    for activity in getattr(item, "activities", ()) or ():
        lead += [str(getattr(activity, name, "")) for name in ("title", "location") if getattr(activity, name, "")]
    for task in getattr(item, "tasks", ()) or ():
        lead.append(str(getattr(task, "task", "")))
    kind = getattr(item.kind, "name", item.kind)
    day = item.date.date() if hasattr(item.date, "date") else item.date
    return Doc(url=item.url, title=item.title, kind=str(kind), date=day.isoformat(), topics=tuple(item.topics),
               number=str(getattr(item, "number", "") or ""), lead=" ".join(lead),
               text=extracted[0], words=extracted[1], counts=extracted[2])


# -- building the files ----------------------------------------------------------------------------

def _digits(value: int) -> str:
    """Return `value` (>= 0) in base 32: CONTINUE digits, then one TERMINAL digit."""
    out = [TERMINAL[value & 31]]
    value >>= 5
    while value:
        out.append(CONTINUE[value & 31])
        value >>= 5
    return "".join(reversed(out))


_GAPS = ["", *(_digits(n) for n in range(4096))]
"""The digits of every gap up to 4096 (gap - 1, as `encode_gaps` writes them)."""
_LEVEL_CHARS = bytes.maketrans(bytes(range(32)), TERMINAL.encode("ascii"))


def encode_gaps(ids: Sequence[int]) -> str:
    """Return increasing page numbers as base-32 gaps (the first from -1, each gap minus one)."""
    gaps = list(map(sub, ids, [-1, *ids[:-1]]))
    if max(gaps, default=1) < len(_GAPS):
        return "".join(map(_GAPS.__getitem__, gaps))
    return "".join(_digits(gap - 1) for gap in gaps)


def decode_gaps(text: str) -> list[int]:
    """Inverse of `encode_gaps` (the browser has its own)."""
    out, value, last = [], 0, -1
    for char in text:
        index = TERMINAL.find(char)
        if index < 0:
            value = value * 32 + CONTINUE.index(char)
            continue
        last += value * 32 + index + 1
        out.append(last)
        value = 0
    return out


@lru_cache(maxsize=65536)
def score(weighted: int, length: int) -> int:
    """Return the stored score (1…LEVELS) of a word counted `weighted` times in a page of `length` words."""
    norm = 1 - B + B * length / AVG_WORDS
    saturated = weighted * (K1 + 1) / (weighted + K1 * norm)
    return max(1, min(LEVELS, round(saturated / (K1 + 1) * LEVELS)))


def excerpt_text(doc: Doc, limit: int) -> str:
    """Return the text kept for a page's excerpts: lead and body, cut at a word after `limit` characters."""
    text = " ".join(part for part in (doc.lead, doc.text) if part)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "…"


def order(docs: Iterable[Doc]) -> list[Doc]:
    """Return the pages in index order: newest first, then by URL."""
    return sorted(sorted(docs, key=lambda d: d.url), key=lambda d: d.date, reverse=True)


def input_digest(docs: Sequence[Doc], text_chars: int) -> str:
    """Return a hash of everything the index files are made of (to keep them when it is unchanged)."""
    digest = hashlib.sha256(f"{FORMAT} {EXTRACT_VERSION} {text_chars} {CHUNK_CHARS} {PAGES_PER_FILE}".encode())
    for doc in docs:
        digest.update(marshal.dumps((doc.url, doc.title, doc.kind, doc.date, doc.topics, doc.number, doc.lead,
                                     doc.text, doc.words, doc.counts)))
    return digest.hexdigest()


def build_files(docs: Sequence[Doc], text_chars: int = TEXT_CHARS) -> tuple[str, dict[str, bytes]]:
    """Return (folder id, {path under search/: bytes}) of the index of `docs` (in index order)."""
    # Each posting is appended by C code (map over bound methods, drained by a zero-length deque):
    # a Python loop per posting would take most of the time (2.3 million postings at 10,000 pages).
    postings: defaultdict[str, array[int]] = defaultdict(_new_ids)
    for number, doc in enumerate(docs):
        found, levels = doc.postings()
        # Each posting (page number << 5 | score) is appended by C code: map over a bound
        # method, drained by a zero-length deque. A Python loop per posting took most of the
        # time (2.3 million postings at 10,000 pages).
        _drain(map(array.append, map(postings.__getitem__, found), map(or_, repeat(number << 5), levels)))
    chunks: list[dict[str, list[str]]] = []
    firsts: list[str] = []
    current: dict[str, list[str]] = {}
    size = 0
    for word in sorted(postings):
        codes = postings.pop(word)
        value = [encode_gaps(list(map(rshift, codes, repeat(5)))),
                 bytes(map(and_, codes, repeat(31))).translate(_LEVEL_CHARS).decode("ascii")]
        cost = len(word) + len(value[0]) + len(value[1]) + 8
        if current and size + cost > CHUNK_CHARS:
            chunks.append(current)
            current, size = {}, 0
        if not current:
            firsts.append(word)
        current[word] = value
        size += cost
    if current or not chunks:
        chunks.append(current)
        if len(firsts) < len(chunks):
            firsts.append("")
    files: dict[str, bytes] = {}
    for index, chunk in enumerate(chunks):
        files[f"w{index}.json"] = _json(chunk)
    kinds: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    for start in range(0, len(docs), PAGES_PER_FILE):
        group = docs[start:start + PAGES_PER_FILE]
        files[f"p{start // PAGES_PER_FILE}.json"] = _json([
            [doc.url, doc.title, doc.kind, doc.date, list(doc.topics), doc.number, excerpt_text(doc, text_chars)]
            for doc in group
        ])
        for doc in group:
            kinds[doc.kind] += 1
            topics.update(doc.topics)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    folder = digest.hexdigest()[:12]
    entry = {
        "format": FORMAT, "id": folder, "pages": len(docs), "per_file": PAGES_PER_FILE, "chunks": firsts,
        "kinds": dict(sorted(kinds.items())), "topics": dict(sorted(topics.items())),
    }
    out = {f"{folder}/{path}": data for path, data in files.items()}
    out[ENTRY] = _json(entry)
    return folder, out


def _new_ids() -> array[int]:
    return array("i")


def _drain(iterator: Iterable[Any]) -> None:
    deque(iterator, maxlen=0)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- writing, and keeping the previous build's files -----------------------------------------------

@dataclass(slots=True)
class Stats:
    """What `publish` did (logged, and kept in the cache manifest for `make bench`)."""

    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    kept: bool = False
    folder: str = ""


def publish(docs: Iterable[Doc], out_dir: Path, *, text_chars: int = TEXT_CHARS, cache_dir: Path | None = None,
            previous: Path | None = None, move: bool = False) -> Stats:
    """Write the index of `docs` into `out_dir`/search/ and return what was done.

    With `cache_dir`, the manifest there records the input's digest and the files written; when
    the next build indexes the same input and `previous` (the previous build's files: a folder
    set aside, `move`, or the published site, linked) still holds those files unchanged (size,
    modification time, inode and SHA-256, as reuse.py checks pages), they are kept instead of
    built again.
    """
    started = time.perf_counter()
    ordered = order(docs)
    text_chars = min(text_chars, TEXT_LIMIT)
    digest = input_digest(ordered, text_chars)
    target = out_dir / FOLDER
    manifest = _read_manifest(cache_dir) if cache_dir is not None else {}
    stats = Stats(pages=len(ordered))
    if previous is not None and manifest.get("input") == digest and _intact(previous / FOLDER, manifest):
        folder = str(manifest["id"])
        _place(previous / FOLDER, target, folder, manifest["files"], move=move)
        stats.kept, stats.folder = True, folder
        stats.files = len(manifest["files"])
        stats.bytes = sum(int(stamp[0]) for stamp in manifest["files"].values())
    else:
        folder, files = build_files(ordered, text_chars)
        if target.exists():
            shutil.rmtree(target)
        made: set[Path] = set()
        for rel, data in files.items():
            path = target / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
        stats.folder, stats.files, stats.bytes = folder, len(files), sum(map(len, files.values()))
        manifest = {"input": digest, "id": folder,
                    "files": {rel: _stamp(target / rel, hashlib.sha256(data).hexdigest())
                              for rel, data in files.items()}}
    stats.seconds = round(time.perf_counter() - started, 3)
    if cache_dir is not None:
        _write_manifest(cache_dir, {"version": FORMAT, **manifest, "stats": {
            "pages": stats.pages, "files": stats.files, "bytes": stats.bytes, "seconds": stats.seconds,
            "kept": stats.kept}})
    return stats


def _stamp(path: Path, content: str) -> list[Any]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino, content]


def _read_manifest(cache_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != FORMAT or not isinstance(data.get("files"), dict):
        return {}
    return data


def _write_manifest(cache_dir: Path, data: dict[str, Any]) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f"{MANIFEST}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, cache_dir / MANIFEST)
    except OSError:
        pass


def _intact(folder: Path, manifest: dict[str, Any]) -> bool:
    """True when every file the manifest lists is in `folder` exactly as it was written."""
    try:
        for rel, (size, mtime_ns, inode, content) in manifest["files"].items():
            fd = os.open(folder / rel, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            try:
                stat = os.fstat(fd)
                if (stat.st_size, stat.st_mtime_ns, stat.st_ino) != (size, mtime_ns, inode):
                    return False
                data = os.read(fd, size + 1)
            finally:
                os.close(fd)
            if len(data) != size or hashlib.sha256(data).hexdigest() != content:
                return False
    except (OSError, ValueError, TypeError, KeyError):
        return False
    return True


def _place(source: Path, target: Path, folder: str, files: dict[str, Any], *, move: bool) -> None:
    """Put the previous build's index files into `target`: the folder moved whole, or each file linked."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if move:
        os.rename(source / folder, target / folder)
        os.rename(source / ENTRY, target / ENTRY)
        return
    (target / folder).mkdir()
    for rel in files:
        try:
            os.link(source / rel, target / rel)
        except OSError:
            shutil.copy2(source / rel, target / rel)


def chunk_of(firsts: Sequence[str], word: str) -> int:
    """Return the chunk holding `word` (if any page has it), as the browser finds it."""
    return max(0, bisect_right(firsts, word) - 1)
