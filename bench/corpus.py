"""Deterministic benchmark corpus: N articles in the portal's content format, plus campaigns,
plans (with task tables) and events in proportion, inside a copy of the project.

Articles are 400–900 words of generated Vietnamese news prose (lead paragraph, sub-headings,
quotes, lists, some tables, footnotes and body images), 1–3 topics each, dated over five years
(2021–2025); one in five has a lead image. One article (`bai-00000.md`) carries an explicit
`slug:` (EDIT_SLUG) so the serve benchmark knows its URL.

The same N always gives byte-identical files (one seeded `random.Random`, no clock, no set
iteration). Usage: python bench/corpus.py N OUTDIR
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 20240605
FIRST_DAY = date(2021, 1, 1)
YEARS = 5
EDIT_FILE = "bai-00000.md"
EDIT_SLUG = "bai-mau-kiem-tra-chinh-sua"
N_IMAGES = 24

# Written only when the repository's docs/ lacks them (the nav names them; strict mode warns).
MINIMAL_DOCS = {
    "index.md": "---\ntemplate: home.html\nhide: [navigation, toc]\n---\n\nChào mừng.\n",
    "gioi-thieu.md": "# Giới thiệu\n\nSở Tài nguyên và Môi trường.\n",
    "lien-he.md": "# Liên hệ\n\nĐịa chỉ: Số 1 Đường Mẫu.\n",
}

TOPICS = [
    ("dat-dai", "Đất đai"), ("tai-nguyen-nuoc", "Tài nguyên nước"), ("khoang-san", "Khoáng sản"),
    ("dia-chat", "Địa chất"), ("moi-truong", "Môi trường"), ("khi-tuong-thuy-van", "Khí tượng thủy văn"),
    ("bien-doi-khi-hau", "Biến đổi khí hậu"), ("do-dac-ban-do", "Đo đạc và bản đồ"),
    ("bien-hai-dao", "Biển và hải đảo"),
]
TOPIC_SLUGS = [slug for slug, _ in TOPICS]
SUBJECTS = [
    "Sở Tài nguyên và Môi trường", "Ủy ban nhân dân tỉnh", "Phòng Quản lý môi trường", "Trung tâm Quan trắc",
    "Chi cục Biển và Hải đảo", "Văn phòng Đăng ký đất đai", "Thanh tra Sở", "các địa phương ven biển",
    "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn", "các doanh nghiệp trong khu công nghiệp",
    "Phòng Tài nguyên nước", "Trung tâm Phát triển quỹ đất", "Ủy ban Mặt trận Tổ quốc tỉnh",
    "Phòng Tài nguyên và Môi trường các huyện", "Hội Nông dân tỉnh",
]
VERBS = [
    "đã tổ chức", "phối hợp triển khai", "tăng cường kiểm tra", "hướng dẫn thực hiện", "đẩy mạnh tuyên truyền về",
    "rà soát và cập nhật", "tập huấn chuyên sâu về", "báo cáo kết quả", "phát động phong trào", "xây dựng kế hoạch",
    "tổ chức đối thoại về", "lấy ý kiến góp ý về", "sơ kết", "đánh giá hiện trạng",
]
OBJECTS = [
    "công tác quản lý chất thải rắn sinh hoạt", "chất lượng nguồn nước mặt trên các sông chính",
    "quy định mới của Luật Đất đai năm 2024", "việc cấp giấy chứng nhận quyền sử dụng đất",
    "hoạt động khai thác khoáng sản làm vật liệu xây dựng", "kế hoạch ứng phó với biến đổi khí hậu",
    "mạng lưới trạm quan trắc khí tượng thủy văn tự động", "bản đồ địa chính số của các xã",
    "bảo vệ hệ sinh thái rừng ngập mặn ven biển", "phân loại rác tại nguồn ở khu dân cư",
    "tiết kiệm nước trong mùa khô", "giảm thiểu sử dụng túi ni lông khó phân hủy",
    "chỉ số xanh cấp tỉnh (PGI)", "cơ sở dữ liệu tài nguyên và môi trường",
    "bảng giá đất giai đoạn 2025 – 2029", "cấp phép khai thác nước dưới đất",
    "phòng, chống sạt lở bờ biển", "quan trắc tự động nước thải công nghiệp",
    "đa dạng sinh học tại Vườn quốc gia Côn Đảo", "thủ tục hành chính trực tuyến toàn trình",
]
TAILS = [
    "nhằm nâng cao nhận thức của người dân.", "theo đúng tiến độ đề ra.", "với sự tham gia của hàng trăm đại biểu.",
    "góp phần phát triển kinh tế – xã hội bền vững.", "trên địa bàn toàn tỉnh.", "trong năm nay.",
    "và đạt nhiều kết quả tích cực.", "để kịp thời xử lý các vi phạm.", "bảo đảm công khai, minh bạch.",
    "theo chỉ đạo của Bộ Tài nguyên và Môi trường.", "ngay từ những tháng đầu năm.",
]
PLACES = [
    "thành phố Vũng Tàu", "thành phố Bà Rịa", "thị xã Phú Mỹ", "huyện Châu Đức", "huyện Xuyên Mộc",
    "huyện Long Điền", "huyện Đất Đỏ", "huyện Côn Đảo", "xã Bình Châu", "phường Thắng Tam",
    "xã Long Sơn", "thị trấn Phước Bửu",
]
NAMES = [
    "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Minh", "Phạm Thu Hà", "Võ Thành Nam", "Đặng Quốc Huy",
    "Huỳnh Thị Mai", "Bùi Đức Thắng", "Đỗ Thanh Tùng", "Ngô Thị Lan", "Dương Văn Đức", "Lý Thị Hồng",
]
POSITIONS = [
    "Giám đốc Sở Tài nguyên và Môi trường", "Phó Giám đốc Sở", "Phó Chủ tịch Ủy ban nhân dân tỉnh",
    "Trưởng phòng Quản lý môi trường", "Chánh Thanh tra Sở", "Giám đốc Trung tâm Quan trắc",
    "Chủ tịch Ủy ban nhân dân huyện", "Trưởng phòng Quản lý đất đai",
]
QUOTES = [
    "Bảo vệ môi trường không chỉ là trách nhiệm của cơ quan nhà nước mà là việc của từng người dân",
    "Chúng ta phải chuyển từ bị động ứng phó sang chủ động phòng ngừa",
    "Mỗi thửa đất được cấp giấy chứng nhận đúng hạn là một lần người dân thấy chính quyền gần mình hơn",
    "Dữ liệu quan trắc phải được công khai để người dân cùng giám sát",
    "Không đánh đổi môi trường lấy tăng trưởng kinh tế đơn thuần",
    "Nguồn nước là có hạn; tiết kiệm nước hôm nay là giữ nước cho thế hệ mai sau",
]
ACHIEVEMENTS = [
    ("thu gom, xử lý", "tấn rác thải sinh hoạt"), ("cấp mới", "giấy chứng nhận quyền sử dụng đất"),
    ("trồng mới", "cây xanh và cây ngập mặn"), ("kiểm tra", "cơ sở sản xuất, kinh doanh"),
    ("tập huấn cho", "cán bộ địa chính cấp xã"), ("lắp đặt", "trạm quan trắc tự động"),
    ("xử lý", "vụ vi phạm hành chính"), ("giải quyết", "hồ sơ thủ tục hành chính đúng hạn"),
]
PERIODS = ["quý I", "sáu tháng đầu năm", "chín tháng", "năm qua", "giai đoạn 2021 – 2025", "tháng cao điểm"]
UNITS = ["Văn phòng Sở", "Phòng Quản lý môi trường", "Phòng Tài nguyên nước", "Thanh tra Sở", "Trung tâm Quan trắc",
         "Chi cục Biển và Hải đảo", "Phòng Đo đạc bản đồ và Viễn thám", "Phòng Quản lý đất đai"]
AUTHORS = ["Văn phòng Sở", "Ban Biên tập", "Trung tâm Quan trắc", "Phòng Quản lý đất đai", "Chi cục Biển và Hải đảo"]
WRAP = 110


def _number(rng: random.Random) -> str:
    """A Vietnamese-formatted count: `1.234`."""
    return f"{rng.randint(12, 98_000):,}".replace(",", ".")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random) -> str:
    """Return one sentence of news prose."""
    kind = rng.randrange(10)
    if kind < 5:
        return _cap(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}")
    if kind < 7:
        verb, what = rng.choice(ACHIEVEMENTS)
        share = f"{rng.randint(3, 45)},{rng.randint(0, 9)}"
        return (f"Trong {rng.choice(PERIODS)}, tại {rng.choice(PLACES)} đã {verb} {_number(rng)} {what}, "
                f"tăng {share}% so với cùng kỳ.")
    if kind < 8:
        return (f"Theo ông {rng.choice(NAMES)}, {rng.choice(POSITIONS)}, trong thời gian tới đơn vị sẽ tập trung "
                f"vào {rng.choice(OBJECTS)} và {rng.choice(OBJECTS)}.")
    if kind < 9:
        return (f"Đến nay, {rng.randint(52, 99)}% hộ gia đình tại {rng.choice(PLACES)} đã tham gia "
                f"{rng.choice(OBJECTS)}.")
    return (f"Dịp này, {rng.choice(SUBJECTS)} trao {rng.randint(5, 40)} giấy khen cho các tập thể, cá nhân có thành "
            f"tích xuất sắc trong {rng.choice(OBJECTS)}.")


def paragraph(rng: random.Random, sentences: int) -> str:
    return textwrap.fill(" ".join(sentence(rng) for _ in range(sentences)), WRAP)


def body(rng: random.Random, words: int, *, images: bool = False) -> str:
    """Return a Markdown body of about `words` words (prose, headings, lists, quotes and tables)."""
    parts: list[str] = []
    lead = paragraph(rng, 2)
    if rng.random() < 0.5:
        lead = f"**{lead}**"  # the bold lead (sa-pô) of Vietnamese news
    footnote = rng.random() < 0.05
    if footnote:
        lead += "[^1]"
    parts.append(lead)
    count = len(lead.split())
    index = 1
    while count < words - 50:  # the last paragraph overshoots by about 50 words on average
        if index % 4 == 0:
            parts.append(f"## {_cap(rng.choice(OBJECTS))}")
        if index % 7 == 3:
            parts.append("\n".join(f"- {rng.choice(OBJECTS)} tại {rng.choice(PLACES)};" for _ in range(rng.randint(3, 5))))
        if index % 9 == 5:
            quote = textwrap.fill(f"“{rng.choice(QUOTES)}”, {rng.choice(POSITIONS).lower()} nhấn mạnh.", WRAP - 2)
            parts.append("\n".join(f"> {line}" for line in quote.splitlines()))
        if index == 6 and rng.random() < 0.15:
            rows = [f"| {place} | {_number(rng)} | {rng.randint(60, 100)}% |" for place in rng.sample(PLACES, 4)]
            parts.append("| Địa phương | Số hồ sơ | Tỷ lệ đúng hạn |\n|---|---:|---:|\n" + "\n".join(rows))
        if images and index == 3:
            picture = rng.randrange(N_IMAGES)
            parts.append(f"![Quang cảnh hoạt động tại {rng.choice(PLACES)}](../anh/anh-{picture:02d}.jpg)\n"
                         f"*Ảnh: {rng.choice(AUTHORS)}*")
        text = paragraph(rng, rng.randint(3, 6))
        if index % 5 == 2:
            text += " Xem thêm tại [Cổng thông tin của tỉnh](https://baria-vungtau.example.gov.vn/)."
        parts.append(text)
        count = sum(len(part.split()) for part in parts)
        index += 1
    if footnote:
        parts.append(f"[^1]: Theo Quyết định số {rng.randint(100, 3999)}/QĐ-UBND của Ủy ban nhân dân tỉnh.")
    return "\n\n".join(parts)


def _images(folder: Path) -> None:
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True)
    for index in range(N_IMAGES):
        image = Image.new("RGB", (960, 540), (20 + 9 * index, 110 + 3 * index, 90))
        draw = ImageDraw.Draw(image)
        for band in range(12):
            y = 300 + band * 20
            draw.rectangle((0, y, 960, y + 10), fill=(30 + 5 * band, 140 - 4 * index, 60 + 7 * band))
        draw.ellipse((80 + 30 * index, 60, 260 + 30 * index, 240), fill=(240, 200 - 5 * index, 80))
        image.save(folder / f"anh-{index:02d}.jpg", quality=70)


def _copy_project(out: Path, trash: Path | None = None) -> None:
    """Copy the repository's project files (config, templates, menu pages) into `out`, afresh."""
    for name in ("mkdocs.yml", "overrides", "docs", "hooks"):
        if (out / name).exists() or (out / name).is_symlink():
            discard(out / name, trash)
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", out / "overrides")
    shutil.copytree(REPO / "docs", out / "docs")
    for name, text in MINIMAL_DOCS.items():
        if not (out / "docs" / name).exists():
            (out / "docs" / name).write_text(text, encoding="utf-8")
    (out / "hooks").symlink_to(REPO / "hooks", target_is_directory=True)


def discard(path: Path, trash: Path | None = None) -> None:
    """Delete `path`, or with `trash` move it there (run.py empties the trash after measuring).

    Deleting thousands of files just before a timed build slows the build's own file creation:
    ext4 without a journal skips inodes freed in the last 60-360 s when it allocates new ones
    (`recently_deleted` in fs/ext4/ialloc.c), which made writing the 14,000 pages of a
    10,000-article site 4-10 times slower here. Moving a folder frees nothing.
    """
    if trash is None:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        return
    trash.mkdir(parents=True, exist_ok=True)
    path.rename(trash / f"{len(list(trash.iterdir())):04d}-{path.name}")


STAMP = ".bench-corpus"
"""Names the generator and N that wrote a corpus folder: an identical corpus is not rewritten."""


def _stamp(n: int) -> str:
    return f"{n} {hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}\n"


def _day(rng: random.Random, years: int = YEARS) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange(years * 365))


def write_project(n: int, out: Path, trash: Path | None = None) -> Path:
    """Create a project folder with N articles (replacing `out`); return it.

    A folder this same generator wrote for the same N keeps its content (the generator is
    deterministic); its project files are copied afresh from the repository. With `trash`,
    whatever is replaced is moved there instead of deleted (see `discard`).
    """
    stamp = out / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == _stamp(n):
        _copy_project(out, trash)
        return out
    if out.exists() or out.is_symlink():
        discard(out, trash)
    out.mkdir(parents=True)
    _copy_project(out)
    content = out / "content"
    content.mkdir()
    (content / "topics.yml").write_text(
        "".join(f"- slug: {slug}\n  name: {name}\n  description: Tin tức và văn bản về {name.lower()}.\n"
                for slug, name in TOPICS), encoding="utf-8")
    (content / "observances.yml").write_text(
        '- title: Ngày Nước Thế giới\n  date: "03-22"\n  topics: [tai-nguyen-nuoc]\n'
        '- title: Ngày Môi trường Thế giới\n  date: "06-05"\n  topics: [moi-truong]\n'
        '- title: Tuần lễ Biển và Hải đảo Việt Nam\n  start: "06-01"\n  end: "06-08"\n  topics: [bien-hai-dao]\n',
        encoding="utf-8")
    _images(content / "articles" / "anh")
    rng = random.Random(SEED)
    n_campaigns = max(1, n // 200)
    n_plans = max(1, n // 200)
    n_events = max(1, n // 100)
    campaign_days: list[date] = []
    for index in range(n_campaigns):
        day = _day(rng)
        campaign_days.append(day)
        topics = rng.sample(TOPIC_SLUGS, 2)
        path = content / "campaigns" / f"chien-dich-{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        activities = "".join(
            f"  - title: {title}\n    date: {day + timedelta(days=offset)}\n    location: {rng.choice(PLACES)}\n"
            for offset, title in ((0, "Lễ phát động"), (10, "Ra quân làm sạch môi trường"), (29, "Tổng kết")))
        path.write_text(
            f"---\ntitle: Chiến dịch số {index} – {rng.choice(OBJECTS)}\nslug: chien-dich-{index}\n"
            f"start: {day}\nend: {day + timedelta(days=30)}\ntopics: [{', '.join(topics)}]\n"
            f"theme: Chung tay vì {rng.choice(OBJECTS)}\norganizer: Sở Tài nguyên và Môi trường\n"
            f"activities:\n{activities}---\n\n{body(rng, 250)}\n", encoding="utf-8")
    for index in range(n_plans):
        day = _day(rng)
        tasks = "".join(
            f"  - task: {_cap(rng.choice(VERBS))} {rng.choice(OBJECTS)}\n    lead: {rng.choice(UNITS)}\n"
            f"    partners: [{rng.choice(UNITS)}, Ủy ban nhân dân {rng.choice(PLACES)}]\n"
            f"    form: Hội nghị, tin bài, pa-nô, áp phích\n    when: {day.year}-Q{rng.randint(1, 4)}\n"
            for _ in range(12))
        path = content / "plans" / str(day.year) / f"ke-hoach-{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: Kế hoạch tuyên truyền về {rng.choice(OBJECTS)} năm {day.year} (số {index})\n"
            f"slug: ke-hoach-{index}\nissued: {day}\n"
            f"issuer: Sở Tài nguyên và Môi trường\nnumber: {index + 1}/KH-STNMT\nsigner: {rng.choice(NAMES)}\n"
            f"signer_title: Phó Giám đốc\ntopics: [moi-truong, {rng.choice(TOPIC_SLUGS[:4])}]\n"
            f"bases:\n  - Luật Bảo vệ môi trường năm 2020\n  - Luật Đất đai năm 2024\n"
            f"tasks:\n{tasks}deadlines:\n  - date: {day + timedelta(days=90)}\n    what: Báo cáo kết quả quý\n"
            f"  - date: {day + timedelta(days=300)}\n    what: Báo cáo tổng kết năm\n---\n\n"
            f"{body(rng, 300)}\n", encoding="utf-8")
    for index in range(n_events):
        day = _day(rng, YEARS + 1)
        extra = ""
        if index % 4 == 0:
            campaign = rng.randrange(n_campaigns)
            extra = f"campaign: chien-dich-{campaign}\n"
            day = campaign_days[campaign] + timedelta(days=index % 31)  # an event of a campaign falls within it
        path = content / "events" / f"su-kien-{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: Hội nghị chuyên đề số {index} về {rng.choice(OBJECTS)}\nslug: su-kien-{index}\n"
            f"start: {day} 08:00\nend: {day} 11:30\nlocation: Hội trường Sở, {rng.choice(PLACES)}\n"
            f"topics: [{rng.choice(TOPIC_SLUGS)}]\n{extra}---\n\n{body(rng, 120)}\n", encoding="utf-8")
    titles: set[str] = set()
    for index in range(n):
        day = _day(rng)
        topics = rng.sample(TOPIC_SLUGS, rng.randint(1, 3))
        year_dir = content / "articles" / str(day.year)
        year_dir.mkdir(exist_ok=True)
        title = f"{_cap(rng.choice(SUBJECTS))} {rng.choice(VERBS)} {rng.choice(OBJECTS)} tại {rng.choice(PLACES)}"
        if title in titles:
            title += f" (đợt {index})"
        titles.add(title)
        meta = [f"title: {title}", f"date: {day} {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}",
                f"topics: [{', '.join(topics)}]", f"author: {rng.choice(AUTHORS)}"]
        if index == 0:
            meta.append(f"slug: {EDIT_SLUG}")
        if index % 5 == 0:
            meta += [f"image: ../anh/anh-{(index // 5) % N_IMAGES:02d}.jpg",
                     f"image_alt: Ảnh minh họa hoạt động tại {rng.choice(PLACES)}"]
        if index % 7 == 0:
            meta.append(f"summary: {sentence(rng)}")
        if index % 10 == 3:
            meta.append(f"campaign: chien-dich-{rng.randrange(n_campaigns)}")
        if index % 20 == 7:
            meta.append(f"plan: ke-hoach-{rng.randrange(n_plans)}")
        if index % 25 == 11:
            meta.append(f"updated: {day + timedelta(days=rng.randint(1, 20))}")
        text = body(rng, rng.randint(400, 900), images=index % 6 == 1)
        (year_dir / f"bai-{index:05d}.md").write_text("---\n" + "\n".join(meta) + "\n---\n\n" + text + "\n",
                                                    encoding="utf-8")
    (out / STAMP).write_text(_stamp(n), encoding="utf-8")  # last: an interrupted run leaves no stamp
    return out


if __name__ == "__main__":
    write_project(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {sys.argv[1]} articles to {sys.argv[2]}")
