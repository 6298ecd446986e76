"""The editor guide (HUONG-DAN-BIEN-TAP.md) is true.

Every fenced example in it is checked by a test here (a new example without one fails
`test_every_example_in_the_guide_is_checked`): example files load with exactly the problems the
guide shows (none, or the `portal check` lines it prints), and what the guide says they produce
(URLs, dates, units) holds. The rule tables of section 11 explain exactly the rules of
`portal/rules.py`, each in the table of its severity.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PIL import Image

from helpers import REPO, SAMPLE_EPOCH, write_tree
from portal import cli, rules
from portal.dates import VN_TZ, build_now
from portal.loader import KIND_DIRS, LoadOptions, load_site
from portal.models import Site
from portal.plans import parse_when
from portal.project import read_project
from portal.render import Renderer
from portal.slugs import slugify_vi
from portal.units import build_units

GUIDE = REPO / "HUONG-DAN-BIEN-TAP.md"
TEXT = GUIDE.read_text(encoding="utf-8")
NOW = build_now({"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})
"""After every date of the examples: nothing in them is scheduled."""


def section(number: int) -> str:
    """Return the text of section `number`, from its heading to the next (headings in examples do not count)."""
    found: list[str] = []
    inside = fenced = False
    for line in TEXT.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            inside = line.startswith(f"## {number}. ")
        if inside:
            found.append(line)
    assert found, f"no section {number}"
    return "\n".join(found)


# -- the guide's fenced examples ---------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A fenced block of the guide."""

    lang: str
    text: str
    line: int
    """Line of the opening fence."""
    intro: str
    """The paragraph just before the fence."""

    def __str__(self) -> str:
        return f"HUONG-DAN-BIEN-TAP.md:{self.line} (```{self.lang})"


def fenced_blocks() -> list[Block]:
    """Return every fenced block of the guide, in order."""
    lines = TEXT.split("\n")
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = re.match(r"^```(\S*)\s*$", lines[index])
        if opening is None:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].rstrip() == "```")
        before = index - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        start = before
        while start > 0 and lines[start - 1].strip():
            start -= 1
        intro = "\n".join(lines[start:before + 1])
        found.append(Block(opening.group(1), "\n".join(lines[index + 1:end]), index + 1, intro))
        index = end + 1
    return found


BLOCKS = fenced_blocks()
FILE_INTRO = re.compile(r"Tệp `(content/[^`]+)`")
EXAMPLE_KINDS = {
    "content file": lambda b: b.lang == "markdown" and FILE_INTRO.search(b.intro) is not None,
    "topics.yml": lambda b: b.lang == "yaml" and "`content/topics.yml`" in b.intro,
    "observances.yml": lambda b: b.lang == "yaml" and "`content/observances.yml`" in b.intro,
    "content folders": lambda b: b.lang == "text" and b.text.startswith("content/\n"),
    "portal new": lambda b: b.lang == "text" and b.text.startswith("$ .venv/bin/portal new "),
    "portal check": lambda b: b.lang == "text" and "Tổng cộng:" in b.text,
    "video embed": lambda b: b.lang == "html" and "<iframe" in b.text,
}
"""Each kind of example and how to recognise it; each kind has its own tests below."""


def examples(kind: str) -> list[Block]:
    return [block for block in BLOCKS if EXAMPLE_KINDS[kind](block)]


def only_example(kind: str) -> Block:
    found = examples(kind)
    assert len(found) == 1, f"expected one {kind} example in the guide, found {[str(b) for b in found]}"
    return found[0]


def test_every_example_in_the_guide_is_checked():
    unchecked = [str(block) for block in BLOCKS if not any(test(block) for test in EXAMPLE_KINDS.values())]
    assert unchecked == [], "examples no test checks: add them to EXAMPLE_KINDS and write their test"
    ambiguous = [str(block) for block in BLOCKS if sum(test(block) for test in EXAMPLE_KINDS.values()) > 1]
    assert ambiguous == []
    assert [kind for kind in EXAMPLE_KINDS if not examples(kind)] == []


# -- example content files -----------------------------------------------------------------------


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def example_files() -> dict[str, str]:
    """Return {path under content/: text} of the guide's example content files."""
    files = {}
    for block in examples("content file"):
        path = FILE_INTRO.search(block.intro).group(1)  # type: ignore[union-attr]
        files[path.removeprefix("content/")] = block.text + "\n"
    return files


def write_example_project(root: Path, replace: dict[str, str] | None = None) -> Path:
    """Write a project holding the guide's example files (and what they name), the site's topics
    and the guide's observances.yml; `replace` swaps example files ({old path: new path})."""
    files: dict[str, str | bytes] = {}
    for path, text in example_files().items():
        path = (replace or {}).get(path, path)
        files[path] = text
        folder = Path(path).parent
        for target in re.findall(r"(?:^image: |\]\()(anh/[^)\s]+)", text, re.MULTILINE):
            files[(folder / target).as_posix()] = _jpeg()
        for target in re.findall(r"^attachment: (\S+)", text, re.MULTILINE):
            files[(folder / target).as_posix()] = b"%PDF-1.4\n"
    files["observances.yml"] = only_example("observances.yml").text + "\n"
    write_tree(root / "content", files)
    shutil.copy(REPO / "content/topics.yml", root / "content/topics.yml")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = write_example_project(tmp_path_factory.mktemp("guide"))
    site, problems = load_site(root, LoadOptions(now=NOW))
    assert [p.format() for p in problems] == []
    return site


def test_example_files_are_one_of_each_kind():
    assert sorted(Path(path).parts[0] for path in example_files()) == sorted(KIND_DIRS)


def test_example_files_load_without_any_problem(example_site: Site):
    site = example_site
    assert len(site.articles) == len(site.campaigns) == len(site.plans) == len(site.events) == 1
    # The cross-references of the examples resolve: the article belongs to the campaign, and so on.
    assert site.articles[0].campaign == site.campaigns[0].slug
    assert site.campaigns[0].plan == site.plans[0].slug == site.events[0].plan
    assert site.articles[0].image is not None and site.plans[0].attachment is not None
    assert {target: url for target, url, _w, _h in site.articles[0].links} == {
        "../../plans/2025/ke-hoach-tuyen-truyen-2025.md": site.plans[0].url,
        "anh/xe-thu-gom.jpg": "media/articles/2025/anh/xe-thu-gom.jpg",
    }


def test_example_article_has_the_address_the_guide_shows(example_site: Site):
    article = example_site.articles[0]
    shown = re.search(r"Địa chỉ khi đăng: https://[^/]+/(\S+)", only_example("portal new").text).group(1)  # type: ignore[union-attr]
    assert article.url == shown == "tin-tuc/2025/06/ra-quan-lam-sach-bo-bien-vung-tau/"
    # "Địa chỉ bài: /tin-tuc/NĂM/THÁNG/slug/"
    assert "Địa chỉ bài: `/tin-tuc/NĂM/THÁNG/slug/`" in TEXT
    assert article.url == f"tin-tuc/{article.date.year}/{article.date.month:02d}/{article.slug}/"
    assert article.date == datetime(2025, 6, 7, 8, 30, tzinfo=VN_TZ)


def test_example_campaign_plan_and_event_are_what_the_guide_says(example_site: Site):
    campaign, plan, event = example_site.campaigns[0], example_site.plans[0], example_site.events[0]
    assert (campaign.start, campaign.end) == (date(2025, 6, 1), date(2025, 6, 30))
    # Each activity has a `date` (one day) or `start` + `end`.
    first, second = campaign.activities
    assert first.start == datetime(2025, 6, 5, 7, 30, tzinfo=VN_TZ) and first.end is None
    assert (second.start, second.end) == (date(2025, 6, 9), date(2025, 6, 15))
    assert [(t.when.start, t.when.end) for t in plan.tasks] == [
        (date(2025, 6, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2025, 9, 30))]
    assert plan.tasks[0].campaign == campaign.slug
    assert [(d.date, d.what) for d in plan.deadlines] == [
        (date(2025, 12, 15), "Báo cáo kết quả thực hiện kế hoạch năm 2025")]
    assert plan.issued == date(2025, 2, 10) and plan.number == "25/KH-STNMT"
    # An event with times starts and ends on the day, at the times written.
    assert (event.start, event.end) == (datetime(2025, 6, 20, 8, 0, tzinfo=VN_TZ),
                                        datetime(2025, 6, 20, 11, 30, tzinfo=VN_TZ))


def test_example_plan_partners_is_one_unit(example_site: Site):
    # A name with its own commas, in a flow list, is one unit (not three).
    name = "Ủy ban nhân dân các huyện, thị xã, thành phố"
    assert f"partners: [{name}]" in TEXT
    task = example_site.plans[0].tasks[0]
    assert task.partners == (name,)
    assert [unit.name for unit in build_units(example_site.plans).units] == [
        "Phòng Quản lý môi trường", "Phòng Tài nguyên nước", name]


# -- topics.yml, observances.yml ------------------------------------------------------------------


def test_topics_example_loads_and_gives_the_topic_address(tmp_path: Path):
    write_tree(tmp_path / "content", {"topics.yml": only_example("topics.yml").text + "\n"})
    site, problems = load_site(tmp_path, LoadOptions(now=NOW))
    assert [p.format() for p in problems] == []
    topic = site.topics["moi-truong"]
    assert list(site.topics) == ["moi-truong"]
    assert (topic.name, topic.description) == ("Môi trường", "Quản lý chất thải, quan trắc, kiểm soát ô nhiễm.")
    assert "địa chỉ `/linh-vuc/slug/`" in TEXT and topic.url == "linh-vuc/moi-truong/"


def test_observances_example_loads(example_site: Site):
    assert [(o.title, o.start, o.end, o.topics) for o in example_site.observances] == [
        ("Tuần lễ Biển và Hải đảo Việt Nam", (6, 1), (6, 8), ("bien-hai-dao",)),
        ("Ngày Môi trường thế giới", (6, 5), (6, 5), ("moi-truong",)),
    ]


# -- the folders, `portal new`, `portal check` ------------------------------------------------------


def test_folders_example_names_the_content_folders():
    block = only_example("content folders")
    names = [line.split()[0] for line in block.text.split("\n")[1:]]
    assert sorted(names) == sorted([*(f"{folder}/" for folder in KIND_DIRS), "topics.yml", "observances.yml"])


def _month_of(url: str) -> date:
    year, month = re.search(r"tin-tuc/(\d{4})/(\d{2})/", url).groups()  # type: ignore[union-attr]
    return date(int(year), int(month), 15)


def test_portal_new_example_prints_what_the_guide_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]):
    command, *shown = only_example("portal new").text.split("\n")
    args = shlex.split(command.removeprefix("$ "))
    assert args[0] == ".venv/bin/portal"
    # The example was made on a day of the month its address shows.
    day = _month_of(shown[1])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.combine(day, time(9), VN_TZ).timestamp())))
    root = tmp_path / "proj"
    (root / "content").mkdir(parents=True)
    shutil.copy(REPO / "content/topics.yml", root / "content/topics.yml")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    assert cli.main([*args[1:], "--root", str(root)]) == 0
    out, err = capsys.readouterr()
    assert (out.splitlines(), err) == (shown, "")
    # The new file is a draft dated today, with a real topic, at the address shown.
    site, problems = load_site(root, LoadOptions(now=build_now(), preview=True))
    assert [p.format() for p in problems] == []
    (article,) = site.articles
    assert article.draft and article.date.date() == day
    assert article.topics == (next(iter(site.topics)),)
    assert f"{read_project(root).site_url}{article.url}" == shown[1].removeprefix("Địa chỉ khi đăng: ")
    # "--topic moi-truong" chooses the topic; an existing file is never overwritten ("-2").
    first = (root / shown[0].removeprefix("Đã tạo: ")).read_bytes()
    assert "`--topic moi-truong`" in TEXT and "thêm đuôi `-2`" in TEXT
    assert cli.main([*args[1:], "--topic", "moi-truong", "--root", str(root)]) == 0
    again = capsys.readouterr().out.splitlines()
    assert again[0] == shown[0].replace(".md", "-2.md")
    assert (root / shown[0].removeprefix("Đã tạo: ")).read_bytes() == first
    site, problems = load_site(root, LoadOptions(now=build_now(), preview=True))
    assert [p.format() for p in problems] == []
    assert sorted(a.topics for a in site.articles) == sorted([article.topics, ("moi-truong",)])


def test_portal_check_example_prints_what_the_guide_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]):
    shown = only_example("portal check").text.split("\n")
    path, line = re.match(r"(content/\S+):(\d+): ", shown[0]).groups()  # type: ignore[union-attr]
    wrong = re.search(r"lĩnh vực '([^']+)' không tồn tại", shown[0]).group(1)  # type: ignore[union-attr]
    # The guide's article, saved under the name the guide shows, with the topic mistyped on line 4.
    article = "articles/2025/ra-quan-lam-sach-bo-bien-vung-tau.md"
    root = write_example_project(tmp_path, replace={article: path.removeprefix("content/")})
    file = root / path
    lines = file.read_text(encoding="utf-8").split("\n")
    assert lines[int(line) - 1].startswith("topics: ")
    lines[int(line) - 1] = f"topics: [{wrong}]"
    file.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    assert cli.main(["check", "--root", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() + err.splitlines() == shown


# -- the video example ---------------------------------------------------------------------------------


def test_video_embed_example_is_kept():
    block = only_example("video embed")
    settings = read_project(REPO).settings
    html = Renderer(iframe_hosts=settings.iframe_hosts).convert(block.text + "\n", "tin-tuc/2025/06/a/", {})[0]
    src = re.search(r'src="([^"]+)"', block.text).group(1)  # type: ignore[union-attr]
    assert re.search(r'<iframe src="https://www\.youtube-nocookie\.com/embed/[^"]+" title="Tên video">', html), html
    assert src.startswith("https://www.youtube-nocookie.com/embed/")


# -- examples written inline ----------------------------------------------------------------------------


def test_inline_examples_hold(tmp_path: Path):
    # "Khi giá trị trong phần khai báo có dấu `:` … đặt trong dấu ngoặc kép"
    quoted = re.search(r'`(title: "[^"`]+")`', TEXT).group(1)  # type: ignore[union-attr]
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        "articles/a.md": f"---\n{quoted}\ndate: 2025-06-05\ntopics: [moi-truong]\n---\n\nNội dung.\n",
    })
    site, problems = load_site(tmp_path, LoadOptions(now=NOW))
    assert [p.format() for p in problems] == []
    assert site.articles[0].title == "Luật Đất đai 2024: những điểm mới"
    # The forms of a task's `when`, as section 5 lists them.
    forms = re.findall(r"`(\d{4}[^`]*)` \(", section(5))
    assert forms == ["2025", "2025-Q3", "2025-06", "2025-06-05", "2025-06-01/2025-06-30"]
    assert [(w.start, w.end) for w in map(parse_when, forms)] == [
        (date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 6, 1), date(2025, 6, 30)), (date(2025, 6, 5), date(2025, 6, 5)),
        (date(2025, 6, 1), date(2025, 6, 30)),
    ]
    # "mặc định lấy từ tiêu đề bỏ dấu (`Đ` → `d`)"
    assert slugify_vi("Đường Đông") == "duong-dong"


def test_windows_section_holds(tmp_path: Path):
    windows = section(13)
    assert windows.startswith("## 13. Làm việc trên Windows")
    article = "---\ntitle: Bài lưu trên Windows\ndate: 2025-06-05\ntopics: [moi-truong]\n---\n\nĐoạn văn đầu.\n"
    write_tree(tmp_path / "content", {
        "topics.yml": "- slug: moi-truong\n  name: Môi trường\n",
        # "UTF-8 có BOM cũng được", "Xuống dòng kiểu Windows (CRLF) hay kiểu Linux (LF) đều được"
        "articles/bom-crlf.md": b"\xef\xbb\xbf" + article.replace("\n", "\r\n").encode("utf-8"),
        "articles/lf.md": article.replace("Bài lưu", "Bài khác lưu").encode("utf-8"),
        # "Tệp lưu bằng mã hoá khác (ANSI, UTF-16…) bị báo lỗi `encoding`"
        "articles/ansi.md": article.replace("Bài lưu trên Windows", "Bài ANSI").replace("Đoạn văn đầu", "Văn bàn").encode(
            "cp1258"),  # Windows' Vietnamese "ANSI"
        "articles/utf16.md": article.replace("Bài lưu", "Bài UTF-16").encode("utf-16"),
        # "Tệp `.md.txt` không được đọc như một bài (bài không xuất hiện trên trang)"
        "articles/bai-moi.md.txt": article.replace("Bài lưu", "Bài đuôi txt").encode("utf-8"),
    })
    assert "UTF-8 có BOM cũng được" in windows and "(CRLF) hay kiểu Linux (LF) đều được" in windows
    assert "bị báo lỗi `encoding`" in windows and "Tệp `.md.txt` không được đọc như một bài" in windows
    site, problems = load_site(tmp_path, LoadOptions(now=NOW))
    assert sorted(a.title for a in site.articles) == ["Bài khác lưu trên Windows", "Bài lưu trên Windows"]
    assert sorted((p.path, p.rule) for p in problems if p.path.endswith(".md")) == [
        ("content/articles/ansi.md", "encoding"), ("content/articles/utf16.md", "encoding")]


# -- section 11: the rule tables are the registry ---------------------------------------------------------


def rule_tables() -> dict[str, list[str]]:
    """Return the codes of section 11's tables by the word that introduces them ("Lỗi", "Cảnh báo")."""
    tables: dict[str, list[str]] = {}
    for intro, table in re.findall(r"^([^\n|][^\n]*):\n\n((?:\|[^\n]*\n?)+)", section(11), re.MULTILINE):
        rows = table.strip("\n").split("\n")
        assert rows[0].startswith("| Mã |") and set(rows[1]) <= set("|-"), rows[:2]
        assert intro not in tables, f"two tables introduced by {intro!r}"
        tables[intro] = [code for row in rows[2:] for code in re.findall(r"`([^`]+)`", row.split(" | ")[0])]
    return tables


def test_the_guide_explains_every_rule_of_the_registry_and_only_those():
    tables = rule_tables()
    assert set(tables) == {"Lỗi", "Cảnh báo"}
    wrong = []
    for intro, severity in (("Lỗi", "error"), ("Cảnh báo", "warning")):
        codes = tables[intro]
        registered = {rule.code for rule in rules.ALL_RULES if severity in rule.severities}
        if missing := sorted(registered - set(codes)):
            wrong.append(f"{severity} rules of hooks/portal/rules.py missing from the '{intro}' table: "
                         f"{', '.join(missing)}")
        if unknown := sorted(set(codes) - registered):
            wrong.append(f"codes in the '{intro}' table that are not {severity} rules in hooks/portal/rules.py: "
                         f"{', '.join(unknown)}")
        if twice := sorted({code for code in codes if codes.count(code) > 1}):
            wrong.append(f"codes explained twice in the '{intro}' table: {', '.join(twice)}")
    assert not wrong, "HUONG-DAN-BIEN-TAP.md section 11 must explain every registered rule:\n" + "\n".join(wrong)


def test_rule_codes_named_in_the_guide_text_are_registered_with_that_severity():
    # "(lỗi `file-type`)", "cảnh báo `link-text-vague`", "báo lỗi `topic-unknown`"…
    named = re.findall(r"(lỗi|cảnh báo)\s+`([a-z0-9-]+)`", TEXT, re.IGNORECASE)
    assert len(named) >= 8
    wrong = sorted({f"{word} `{code}`" for word, code in named
                    if code not in rules.BY_CODE
                    or ("error" if word.lower() == "lỗi" else "warning") not in rules.BY_CODE[code].severities})
    assert wrong == []


def test_contents_list_matches_the_headings():
    entries = re.findall(r"^(\d+)\. \[([^\]]+)\]\(#([^)]+)\)$", TEXT, re.MULTILINE)
    headings = re.findall(r"^## (\d+)\. (.+)$", TEXT, re.MULTILINE)
    assert [(number, title) for number, title, _ in entries] == headings
    assert [anchor for _, _, anchor in entries] == [f"{n}-{slugify_vi(title)}" for n, title, _ in entries]
