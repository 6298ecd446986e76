"""Every rule code the tool can print (`path:line: [rule] message`), as data.

Each rule has its severity ("error" stops the build, "warning" does not; a rule may be both) and
a one-line explanation in Vietnamese, for editors: what it means and how to fix it.

`errors.Problem` refuses a rule (or a severity of it) that is not listed here, so no check can
print a code editors cannot look up; tests/unit/test_editor_guide.py checks that the editor guide
(HUONG-DAN-BIEN-TAP.md, section 11) explains exactly these codes, each in the table of its
severity. A new check: add its rule here and a row to the guide's table.

This module imports nothing from the package (errors.py imports it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

ERROR: tuple[Severity, ...] = ("error",)
WARNING: tuple[Severity, ...] = ("warning",)
BOTH: tuple[Severity, ...] = ("error", "warning")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule code, its severities and what it means to an editor."""

    code: str
    """The stable key printed between brackets, e.g. `topic-unknown`."""
    severities: tuple[Severity, ...]
    """How problems of this rule may be reported: `ERROR`, `WARNING` or `BOTH`."""
    explanation: str
    """One line in Vietnamese: what is wrong and how to fix it."""


ALL_RULES: tuple[Rule, ...] = (
    # -- the file itself ------------------------------------------------------------------------
    Rule("encoding", ERROR,
         "Tệp không lưu bằng mã hoá UTF-8 (hoặc chứa ký tự NUL): mở tệp và lưu lại với mã hoá UTF-8."),
    Rule("char-invalid", ERROR,
         "Có ký tự không in được (ngắt trang, ký tự điều khiển…), thường do dán từ PDF hoặc Word: xoá ký tự đó "
         "(gõ lại đoạn chữ quanh nó)."),
    Rule("char-linebreak", WARNING,
         "Phần khai báo có ký tự xuống dòng ẩn (U+2028, U+0085…) dán từ Word hoặc trang web; trang đăng một dấu "
         "cách thay cho nó: nên xoá ký tự này."),
    Rule("file-unreadable", ERROR,
         "Không đọc được tệp (bị khoá quyền, liên kết tượng trưng vòng): kiểm tra lại tệp."),
    Rule("file-missing", ERROR,
         "Thiếu tệp hoặc thư mục cần có (content/, content/topics.yml, tệp đính kèm 'attachment', đích của một "
         "liên kết tượng trưng): kiểm tra tên tệp, thư mục, chữ hoa chữ thường."),
    Rule("path-unknown", WARNING,
         "Tệp .md (hoặc thư mục chứa tệp .md) nằm ngoài bốn thư mục nội dung nên bị bỏ qua: chuyển vào "
         "articles/, campaigns/, plans/ hoặc events/."),
    # -- front matter -----------------------------------------------------------------------------
    Rule("frontmatter-missing", ERROR,
         "Tệp không bắt đầu bằng dòng '---': thêm phần khai báo đầu tệp giữa hai dòng '---'."),
    Rule("frontmatter-unclosed", ERROR,
         "Phần khai báo mở bằng '---' nhưng không có dòng '---' đóng lại: thêm dòng '---' sau khoá cuối cùng."),
    Rule("frontmatter-invalid", ERROR,
         "Phần khai báo không phải các cặp 'khoá: giá trị' (ví dụ chỉ là một dòng chữ hoặc một danh sách): viết "
         "mỗi dòng dạng 'khoá: giá trị'."),
    Rule("yaml-invalid", ERROR,
         "Phần khai báo viết sai cú pháp: thường do thiếu dấu ngoặc kép quanh giá trị có dấu ':', hoặc thụt lề "
         "không đều (thụt bằng dấu cách, không dùng Tab)."),
    Rule("key-missing", ERROR,
         "Thiếu khoá bắt buộc (ví dụ date, topics) hoặc khoá để trống: thêm khoá cùng giá trị."),
    Rule("key-unknown", ERROR,
         "Khoá không được hỗ trợ, thường do viết sai (ví dụ tittle): sửa theo khoá mà thông báo gợi ý."),
    Rule("key-duplicate", ERROR,
         "Một khoá được khai báo hai lần trong cùng một phần khai báo (hay cùng một mục): giữ một dòng, xoá dòng "
         "kia."),
    Rule("type-invalid", ERROR,
         "Giá trị sai kiểu: cần chữ mà YAML đọc là đúng/sai (yes, no: đặt trong ngoặc kép), cần danh sách mà ghi "
         "khác, draft không phải true/false, hoặc topics.yml, observances.yml không phải một danh sách."),
    # -- dates --------------------------------------------------------------------------------------
    Rule("date-invalid", ERROR,
         "Ngày sai dạng hoặc không có thật: dùng YYYY-MM-DD (ví dụ 2025-06-05) hoặc YYYY-MM-DD HH:MM; ngày kỷ "
         "niệm dùng \"MM-DD\"."),
    Rule("date-implausible", ERROR,
         "Năm nằm ngoài khoảng hợp lý (mặc định từ 1945 tới 20 năm sau năm hiện tại), thường do gõ nhầm (0224 "
         "thay vì 2024): sửa năm, hoặc đổi khoảng bằng extra.portal.min_year, extra.portal.max_years_ahead."),
    Rule("date-conflict", ERROR,
         "Một hoạt động của chiến dịch hay một ngày kỷ niệm có cả 'date' lẫn 'start'/'end': chỉ dùng một cách."),
    Rule("date-mixed", ERROR,
         "Sự kiện có 'start' và 'end' khác dạng (một có giờ, một không): để cả hai là ngày, hoặc cả hai có giờ."),
    Rule("end-before-start", ERROR,
         "Ngày kết thúc trước ngày bắt đầu: kiểm tra lại hai ngày."),
    Rule("when-invalid", ERROR,
         "Thời gian nhiệm vụ 'when' sai dạng: dùng 2025, 2025-Q3, 2025-06, 2025-06-05 hoặc 2025-06-01/2025-06-30."),
    Rule("updated-before-date", WARNING,
         "Ngày cập nhật 'updated' trước ngày đăng: kiểm tra lại hai ngày."),
    Rule("title-too-long", WARNING,
         "Tiêu đề quá dài (trên 150 ký tự; kế hoạch trên 250): nên rút gọn để hiện đủ trên điện thoại và kết quả "
         "tìm kiếm."),
    # -- topics, slugs and references ---------------------------------------------------------------
    Rule("topic-unknown", ERROR,
         "Lĩnh vực không có trong content/topics.yml: sửa theo slug mà thông báo gợi ý, hoặc thêm lĩnh vực vào "
         "topics.yml."),
    Rule("topic-duplicate", ERROR,
         "Hai lĩnh vực trong topics.yml cùng một slug: đổi slug hoặc xoá mục trùng."),
    Rule("type-unknown", ERROR,
         "Loại văn bản (`type`) không có trong danh sách `extra.portal.document_types`; thông báo gợi ý loại gần "
         "đúng (ví dụ `Quyết định`); người quản trị thêm loại mới trong mkdocs.yml"),
    Rule("email-invalid", ERROR,
         "Địa chỉ thư nhận góp ý (`consultation: {until: …, email: …}`) không hợp lệ; viết dạng `ten@co-quan.gov.vn`"),
    Rule("campaign-unknown", ERROR,
         "Chiến dịch ghi ở 'campaign:' (của bài, sự kiện hay nhiệm vụ) không có: sửa theo slug mà thông báo gợi ý."),
    Rule("plan-unknown", ERROR,
         "Kế hoạch ghi ở 'plan:' không có: sửa theo slug mà thông báo gợi ý."),
    Rule("slug-invalid", ERROR,
         "Slug có ký tự không cho phép: chỉ dùng chữ thường a-z không dấu, số và dấu '-'."),
    Rule("slug-duplicate", ERROR,
         "Hai bài cùng loại ghi cùng một slug nên trùng địa chỉ: đổi slug của một bài."),
    Rule("url-duplicate", ERROR,
         "Một trang viết tay trong docs/ trùng địa chỉ với trang tự sinh: đổi tên hoặc chuyển trang viết tay."),
    # -- addresses kept when a URL changes (redirects.py) -----------------------------------------
    Rule("alias-invalid", ERROR,
         "Một địa chỉ cũ trong 'aliases:' không phải đường dẫn của trang này (có https://, tên miền, '?', '#', "
         "chữ có dấu, khoảng trắng): chỉ ghi phần đường dẫn, ví dụ /tin-tuc/2024/06/ten-cu/."),
    Rule("alias-conflict", ERROR,
         "Một địa chỉ cũ trong 'aliases:' đang là địa chỉ của trang khác (bài, trang tự sinh, trang trong docs/) "
         "hoặc đã được tệp khác ghi trong 'aliases:': xoá dòng đó."),
    Rule("alias-unneeded", WARNING,
         "Một địa chỉ cũ trong 'aliases:' chính là địa chỉ hiện tại của bài, hoặc được ghi hai lần: xoá dòng đó."),
    Rule("url-changed", WARNING,
         "Địa chỉ của bài đã đăng đổi (do sửa tiêu đề, ngày đăng hay slug); trang cũ tự chuyển tới trang mới. Để "
         "giữ lâu dài, thêm địa chỉ cũ vào 'aliases:' (hoặc giữ địa chỉ cũ bằng 'slug:')."),
    Rule("url-taken", WARNING,
         "Địa chỉ cũ của bài nay là địa chỉ của trang khác nên không chuyển tới bài này: nếu bài cần giữ địa chỉ "
         "cũ, đặt 'slug:' cho cả hai trang."),
    # -- images, files and links --------------------------------------------------------------------
    Rule("image-missing", ERROR,
         "Không tìm thấy tệp ảnh: kiểm tra tên tệp, thư mục, chữ hoa chữ thường."),
    Rule("link-broken", ERROR,
         "Không tìm thấy tệp được liên kết, hoặc liên kết tới một tệp .md không phải bài viết, chiến dịch, kế hoạch "
         "hay sự kiện: sửa đường dẫn."),
    Rule("link-unpublished", WARNING,
         "Bài đã đăng liên kết tới (hoặc ghi campaign:/plan: của) một bản nháp hay bài hẹn giờ: trang chỉ đăng chữ "
         "của liên kết, không lộ địa chỉ; liên kết tự có lại khi bài kia được đăng."),
    Rule("link-text-vague", WARNING,
         "Chữ liên kết mơ hồ (“xem tại đây”, “bấm vào đây”…): viết rõ liên kết dẫn tới đâu."),
    Rule("path-outside", ERROR,
         "Đường dẫn ra ngoài thư mục content/ hoặc bắt đầu bằng '/' (kể cả qua liên kết tượng trưng, với cả tệp "
         ".md): đặt tệp trong content/ và ghi đường dẫn tương đối."),
    Rule("path-external", ERROR,
         "Ảnh đại diện 'image' hoặc tệp đính kèm 'attachment' là địa chỉ web (https://…): tải tệp về, đặt trong "
         "content/ và ghi đường dẫn tương đối."),
    Rule("path-invalid", ERROR,
         "Đường dẫn tệp không hợp lệ (quá dài, có ký tự lạ như %00): đặt tên tệp không dấu, không khoảng trắng rồi "
         "sửa đường dẫn."),
    Rule("image-alt-missing", ERROR,
         "Có ảnh đại diện 'image' nhưng thiếu 'image_alt': thêm mô tả nội dung ảnh."),
    Rule("image-alt-filename", WARNING,
         "Mô tả ảnh chỉ là tên tệp (IMG_2041.jpg): viết điều ảnh thể hiện."),
    Rule("image-external", ERROR,
         "Ảnh lấy từ trang web khác (https://…): tải ảnh về thư mục anh/ và ghi đường dẫn tương đối."),
    Rule("image-heavy", WARNING,
         "Ảnh GIF, AVIF hoặc SVG nặng hơn 1 MB (được đăng nguyên bản), trang tải chậm trên điện thoại: "
         "thu nhỏ hoặc nén ảnh."),
    Rule("image-too-large", ERROR,
         "Ảnh vượt giới hạn dung lượng (mặc định 20 MB, extra.portal.max_image_kb) hoặc quá nhiều điểm ảnh "
         "(extra.portal.max_image_megapixels): thu nhỏ hoặc nén ảnh."),
    Rule("attachment-too-large", ERROR,
         "Tệp đính kèm hay tệp liên kết vượt giới hạn dung lượng (mặc định 20 MB, extra.portal.max_attachment_kb): "
         "nén hoặc chia nhỏ tệp."),
    Rule("image-type", ERROR,
         "Tệp dùng làm ảnh không phải tệp ảnh (jpg, png, webp, gif, svg, avif): chọn đúng tệp ảnh."),
    Rule("file-type", ERROR,
         "Loại tệp không được đăng (ví dụ .html, .js, .exe) vì có thể chạy mã trên tên miền của Sở: chuyển sang "
         "PDF hoặc nén thành .zip."),
    Rule("svg-unsafe", ERROR,
         "Ảnh SVG có mã lệnh, liên kết hoặc tải tài nguyên từ nơi khác: xuất lại ảnh dạng PNG."),
    Rule("image-unreadable", ERROR,
         "Tệp ảnh hỏng hoặc không phải ảnh thật: mở ảnh bằng trình xem ảnh và lưu lại."),
    # -- plans ----------------------------------------------------------------------------------------
    Rule("unit-near-duplicate", WARNING,
         "Hai tên đơn vị (lead, partners) chỉ khác nhau một chữ, có thể là gõ nhầm: nếu là cùng một đơn vị, viết "
         "thống nhất một cách."),
    # -- what would be published differently from what the editor typed (issue 14) -------------------
    Rule("yaml-comment", ERROR,
         "Dấu '#' sau dấu cách bắt đầu ghi chú trong YAML nên phần sau bị bỏ (tiêu đề 'Hội nghị lần #2' chỉ còn "
         "'Hội nghị lần'): đặt cả giá trị trong dấu ngoặc kép."),
    Rule("list-format", BOTH,
         "Danh sách viết thành một chuỗi có dấu phẩy: viết trong ngoặc vuông [a, b] hoặc mỗi mục một dòng '- '. "
         "Là lỗi với lĩnh vực (topics), cảnh báo với tên đơn vị, căn cứ (có thể là một tên có dấu phẩy)."),
    Rule("link-spaces", ERROR,
         "Đường dẫn ảnh hoặc liên kết có dấu cách nên trang hiện nguyên dòng chữ: viết ![mô tả](<anh/tên có dấu "
         "cách.jpg>) hoặc đổi tên tệp không dấu cách."),
    Rule("path-backslash", ERROR,
         "Đường dẫn dùng dấu '\\' kiểu Windows: dùng dấu '/' (anh/ten-anh.jpg)."),
    Rule("embed-blocked", ERROR,
         "Khung nhúng (iframe) từ trang không nằm trong danh sách cho phép bị bỏ khi đăng: người quản trị thêm "
         "tên miền vào extra.portal.iframe_hosts (mkdocs.yml) và frame-src (deploy/nginx.conf), hoặc thay bằng "
         "liên kết."),
    Rule("html-removed", WARNING,
         "Thẻ hoặc thuộc tính HTML bị bỏ khi đăng (script, style, form, onclick…); chữ bên trong vẫn giữ: bỏ "
         "phần HTML đó hoặc dùng định dạng Markdown."),
    Rule("placeholder-left", ERROR,
         "Bài sắp đăng còn chữ mẫu của lệnh portal new: thay bằng nội dung thật (hoặc giữ draft: true)."),
    Rule("file-ignored", ERROR,
         "Tệp trong thư mục nội dung không có phần mở rộng .md nên không được đọc (ví dụ bai-moi.md.txt do "
         "Notepad, BAI.MD, .markdown): đổi tên thành .md."),
    Rule("item-copy", BOTH,
         "Tệp là bản sao của một bài khác: cùng tiêu đề và ngày (lỗi: bài sẽ được đăng hai lần) hoặc cùng nội dung "
         "(cảnh báo): xoá bản sao, hoặc sửa tiêu đề, nội dung cho khác."),
    Rule("replaces-unknown", WARNING,
         "Văn bản ghi `replaces` một số, ký hiệu không có trên trang: trang ghi số đó mà không có liên kết; kiểm tra "
         "số, ký hiệu, hoặc thêm văn bản bị thay thế vào `content/documents/`"),
    Rule("date-outside", WARNING,
         "Ngày của hoạt động, hạn, nhiệm vụ hoặc sự kiện nằm ngoài thời gian của chiến dịch / trước ngày ban hành "
         "kế hoạch: kiểm tra lại ngày (có thể đúng nếu cố ý)."),
)
"""Every rule, grouped by what it is about."""

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}
"""Every rule by its code."""

ALLOWED: frozenset[tuple[str, str]] = frozenset((rule.code, severity) for rule in ALL_RULES
                                                for severity in rule.severities)
"""(code, severity) pairs a `Problem` may have: one set look-up per problem."""


def unregistered(code: str, severity: str) -> str:
    """Return why a problem with this rule and severity may not be created (it is not in `ALL_RULES`)."""
    rule = BY_CODE.get(code)
    if rule is None:
        return (f"rule {code!r} is not registered: add it to hooks/portal/rules.py (severity and a one-line "
                "Vietnamese explanation) and explain it in HUONG-DAN-BIEN-TAP.md, section 11")
    return (f"rule {code!r} is registered as {'/'.join(rule.severities)}, not {severity!r}: change its severities "
            "in hooks/portal/rules.py and move or copy its row to the matching table of HUONG-DAN-BIEN-TAP.md, "
            "section 11")
