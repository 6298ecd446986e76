"""The web editor at /quan-tri/: Decap CMS, configured at build time from the kinds table.

Every collection, field, sub-form and choice list is derived from `kinds.KINDS` (and the `Part`s of
fields.py) and from the content itself (topics, campaigns, plans), so the forms cannot drift from
what the loader accepts: a key the loader reads is a field of the form, and the reverse
(tests/unit/test_web_editor.py). Decap itself is pinned in package-lock.json and copied from
node_modules/ into the site: the editor makes no request to any host but the site and its git server.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from . import fields, routes
from .kinds import KINDS, Field, Kind
from .models import Site
from .settings import Settings

EDITOR = "quan-tri/"
"""Site-relative folder of the web editor."""
DIST = Path("node_modules") / "decap-cms" / "dist"
"""Decap's browser bundle, relative to the project root (installed by `npm ci`: package-lock.json)."""
BUNDLE = "decap-cms.js"
PAGE_MARK = b'rel="cms-config-url"'
"""What tells the editor's page from the site's pages (the live preview must not reload it)."""
MEDIA_FOLDER = "anh"
"""Images uploaded with an item go into this folder beside its file (as the guide asks editors to do)."""

DAY = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False}
MOMENT = {"widget": "datetime", "format": "YYYY-MM-DD HH:mm", "date_format": "DD/MM/YYYY", "time_format": "HH:mm"}
WHEN_PATTERN = (r"^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$|^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$",
                "Viết YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD hoặc BẮT-ĐẦU/KẾT-THÚC (YYYY-MM-DD/YYYY-MM-DD)")
EMAIL_PATTERN = (r"^[^@\s]+@[^@\s]+$", "Viết địa chỉ thư dạng ten@co-quan.gov.vn")
SLUG_PATTERN = (r"^[a-z0-9]+(-[a-z0-9]+)*$",
                "Chỉ chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ mua-lon-gay-ngap")


class EditorMissing(Exception):
    """Decap's files are not installed (npm ci was not run)."""


@dataclass(frozen=True, slots=True)
class Choices:
    """What the forms offer to choose from, as (value, Vietnamese label) pairs."""

    topics: tuple[tuple[str, str], ...]
    campaigns: tuple[tuple[str, str], ...]
    plans: tuple[tuple[str, str], ...]
    document_types: tuple[str, ...]

    @classmethod
    def of(cls, site: Site, settings: Settings) -> "Choices":
        return cls(
            tuple((slug, topic.name) for slug, topic in site.topics.items()),
            tuple((c.slug, c.title) for c in sorted(site.campaigns, key=lambda c: c.title)),
            tuple((p.slug, p.title) for p in sorted(site.plans, key=lambda p: p.title)),
            settings.document_types,
        )

    def of_key(self, key: str) -> tuple[tuple[str, str], ...]:
        """Return the items a reference key (`campaign`, `plan`) may name."""
        return {"campaign": self.campaigns, "plan": self.plans}[key]


def _options(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"label": label, "value": value} for value, label in pairs]


def _pattern(pattern: tuple[str, str]) -> dict[str, Any]:
    return {"pattern": list(pattern)}


# -- one widget per kind of value -----------------------------------------------------------------------

def _value_widget(value: str, choices: Choices, paragraph: bool = False) -> dict[str, Any]:
    """Return the Decap widget for a value of type `value` (a `Part.value`, or a field's by its parser)."""
    if value == "text":
        return {"widget": "text" if paragraph else "string"}
    if value == "long":
        return {"widget": "text"}
    if value == "texts":  # one text or a list: our "lines" widget (web_editor.js), one per line
        return {"widget": "lines", "hint": "(Mỗi dòng một mục.)"}
    if value == "day":
        return dict(DAY)
    if value == "moment":
        return dict(MOMENT)
    if value == "when":
        return {"widget": "string", **_pattern(WHEN_PATTERN)}
    if value == "email":
        return {"widget": "string", **_pattern(EMAIL_PATTERN)}
    if value == "campaign":
        return {"widget": "select", "options": _options(choices.campaigns)}
    raise KeyError(value)


def _field(key: str, label: str, required: bool, help_text: str, widget: dict[str, Any]) -> dict[str, Any]:
    """Return a Decap field: the key's own help first, then what the widget adds ("one per line")."""
    hint = " ".join(text for text in (help_text, widget.pop("hint", "")) if text)
    return {"label": label, "name": key, "required": required, **({"hint": hint} if hint else {}), **widget}


def _parts(parts: tuple[fields.Part, ...], choices: Choices) -> list[dict[str, Any]]:
    return [_field(part.key, part.label, part.required, part.help, _value_widget(part.value, choices))
            for part in parts]


def _list_of(parts: tuple[fields.Part, ...], summary: str) -> Callable[[Field, Choices], dict[str, Any]]:
    def widget(field: Field, choices: Choices) -> dict[str, Any]:
        return {"widget": "list", "summary": summary, "collapsed": True, "fields": _parts(parts, choices)}
    return widget


def _text(field: Field, choices: Choices) -> dict[str, Any]:
    return _value_widget("text", choices, field.paragraph)


# Keys the loader reads itself (fields.handled_elsewhere), by key.
_ELSEWHERE: dict[str, Callable[[Field, Choices], dict[str, Any]]] = {
    "slug": lambda field, choices: {"widget": "string", **_pattern(SLUG_PATTERN)},
    "image_alt": _text,
    "aliases": lambda field, choices: _value_widget("texts", choices),
}

WIDGETS: dict[fields.Parser, Callable[[Field, Choices], dict[str, Any]]] = {
    fields.text: _text,
    fields.flag: lambda field, choices: {"widget": "boolean", "default": False},
    fields.day: lambda field, choices: dict(DAY),
    fields.moment: lambda field, choices: dict(MOMENT),
    fields.updated: lambda field, choices: dict(DAY),
    fields.texts: lambda field, choices: _value_widget("texts", choices),
    fields.document_type: lambda field, choices: {"widget": "select", "options": list(choices.document_types)},
    fields.topics: lambda field, choices: {"widget": "select", "multiple": True, "min": 1,
                                           "options": _options(choices.topics)},
    fields.reference: lambda field, choices: {"widget": "select", "options": _options(choices.of_key(field.key))},
    fields.handled_elsewhere: lambda field, choices: _ELSEWHERE[field.key](field, choices),
    fields.image: lambda field, choices: {"widget": "image", "choose_url": False},
    # Files go beside the item's own file (the media folder is relative to the entry).
    fields.attachment: lambda field, choices: {"widget": "file", "choose_url": False,
                                               "media_folder": "", "public_folder": ""},
    fields.attachments: lambda field, choices: {"widget": "file", "choose_url": False,
                                                "media_folder": "", "public_folder": ""},
    fields.activities: _list_of(fields.ACTIVITY_PARTS, "{{fields.title}}"),
    fields.tasks: _list_of(fields.TASK_PARTS, "{{fields.task}}"),
    fields.deadlines: _list_of(fields.DEADLINE_PARTS, "{{fields.date}}: {{fields.what}}"),
    # An optional table: its keys are required together, which web_editor.js checks before a save.
    fields.consultation: lambda field, choices: {
        "widget": "object", "collapsed": True,
        "fields": [{**part, "required": False} for part in _parts(fields.CONSULTATION_PARTS, choices)]},
}
"""The form widget of each field type (the parser that reads the key)."""

# Defaults of a new item, as `portal new` fills them in: the date of the day (announcement, publication).
_NOW_DEFAULTS = {"date", "start", "issued"}


def field_config(kind: Kind, field: Field, choices: Choices) -> dict[str, Any]:
    """Return the Decap field of one key of a kind."""
    config = _field(field.key, field.label, field.required, field.help, WIDGETS[field.parse](field, choices))
    if field.key in _NOW_DEFAULTS and config.get("widget") == "datetime":
        config["default"] = "{{now}}"
    if field.draft_may_omit:
        config["required"] = False  # a draft may lack it; `portal check` says so when it is published
    return config


# The loader's checks across keys (Kind.check), as rules web_editor.js applies before a save.
CHECK_RULES: dict[Callable[..., None], list[list[str]]] = {
    fields.check_span: [["order", "start", "end"]],
    fields.check_same_form: [["same_form", "start", "end"], ["order", "start", "end"]],
    fields.check_validity: [["order", "issued", "expires"], ["order", "effective", "expires"]],
}


def rules(kind: Kind) -> dict[str, Any]:
    """Return what web_editor.js needs of `kind`: the rules across keys it checks before a save, the
    Vietnamese labels its messages name the keys by, and the key the preview shows as the date."""
    found = list(CHECK_RULES[kind.check]) if kind.check is not None else []
    found += [["together", "image", "image_alt"]] if "image" in kind.keys and "image_alt" in kind.keys else []
    found += [["unless_draft", field.key] for field in kind.fields if field.draft_may_omit]
    return {"rules": found, "labels": {field.key: field.label for field in kind.fields}, "date_key": kind.date_key}


def _path_template(kind: Kind) -> str:
    """Return Decap's `path` for new files from the kind's `new_path` ("{year}/{slug}.md").

    Decap fills a path's dates from the item's own date field, read as UTC: a name starting with
    the day (an event's `{today}-`) could show the day before, so such names keep only the slug
    (a file's name never changes an address: the slug does).
    """
    template = kind.new_path.removesuffix(".md").replace("{today}-", "")
    return template.replace("{year}", "{{year}}").replace("{slug}", "{{slug}}")


def collection(kind: Kind, choices: Choices) -> dict[str, Any]:
    """Return the Decap collection of one kind: every key, then the body."""
    return {
        "name": kind.folder,
        "label": kind.label,
        "label_singular": kind.noun,
        "folder": f"content/{kind.folder}",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "path": _path_template(kind),
        "media_folder": MEDIA_FOLDER,
        "public_folder": MEDIA_FOLDER,
        "summary": "{{title}}",
        "sortable_fields": [kind.date_key, "title"],
        "fields": [*(field_config(kind, f, choices) for f in kind.fields),
                   {"label": "Nội dung", "name": "body", "widget": "markdown", "required": False,
                    "modes": ["raw"]}],
    }


def config(site: Site, settings: Settings, site_url: str) -> dict[str, Any]:
    """Return Decap's whole configuration (config.yml, written as JSON: YAML is a superset)."""
    choices = Choices.of(site, settings)
    backend = dict(settings.editor_backend) or {
        "name": "proxy", "proxy_url": f"http://localhost:{settings.editor_proxy_port}/api/v1", "branch": "main"}
    result: dict[str, Any] = {
        "backend": backend,
        # In the live preview (make edit) the editor writes into the checkout through decap-server;
        # the published editor never looks for one (nor breaks its server's policy trying).
        "local_backend": {"url": f"http://localhost:{settings.editor_proxy_port}/api/v1"} if site.preview else None,
        "locale": "vi",
        "site_url": site_url or None,
        "display_url": site_url or None,
        "logo_url": "../assets/logo.svg",
        "media_folder": "content/anh",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(kind, choices) for kind in KINDS.values()],
    }
    if "publish_mode" in backend:
        result["publish_mode"] = backend.pop("publish_mode")
    return {key: value for key, value in result.items() if value is not None}


def index_html(site_name: str) -> bytes:
    """Return the editor's page: Decap's bundle and our preview styles, no inline script."""
    name = escape(site_name)
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Quản trị nội dung - {name}</title>
<link rel="icon" href="../assets/logo.svg">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Trang quản trị nội dung cần bật JavaScript.</noscript>
<script src="{BUNDLE}"></script>
<script src="portal-editor.js"></script>
</body>
</html>
""".encode()


WIDGET_JS = Path(__file__).with_name("web_editor.js")
"""Our own widget for the forms (one text or a list of texts, one per line)."""


def editor_js(styles: list[str]) -> bytes:
    """Return the script that gives the preview pane the site's own styles, states the loader's rules
    across keys by collection, and registers our widget, checks and preview (web_editor.js). It holds
    no editor-written text (topic names and titles are data in config.yml)."""
    lines = [f"CMS.registerPreviewStyle({json.dumps(routes.relative_url(style, EDITOR))});" for style in styles]
    checks = {kind.folder: rules(kind) for kind in KINDS.values()}
    return ("// The preview pane looks like the site: its own style sheets.\n" + "\n".join(lines) + "\n"
            + "// What the loader checks across keys, by collection (web_editor.py: rules).\n"
            + f"window.PORTAL_RULES = {json.dumps(checks, ensure_ascii=False, sort_keys=True)};\n\n").encode() \
        + WIDGET_JS.read_bytes()


LOCAL_SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
"""Decap's local backend (package-lock.json): reads and writes content/ of a checkout for `make edit`."""


def _installed(root: Path, relative: Path) -> Path | None:
    """Return an npm file of the project (beside mkdocs.yml), else the one beside this generator's code."""
    here = Path(__file__).resolve().parents[2]
    return next((folder / relative for folder in (root, here) if (folder / relative).is_file()), None)


def local_backend(root: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """Return the command and environment of the local backend serving `root` on 127.0.0.1:`port`.

    `fs` mode: the editor's changes are files in the checkout, as if typed by hand (git records
    them when the editor commits); nothing listens beyond this computer.
    """
    node = shutil.which("node")
    server = _installed(root, LOCAL_SERVER)
    if node is None or server is None:
        raise EditorMissing(f"thiếu máy chủ cục bộ của trình soạn thảo ({LOCAL_SERVER.as_posix()}): chạy `npm ci` "
                            "ở thư mục dự án (hoặc `make edit`, tự cài)")
    env = {"MODE": "fs", "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(root),
           "LOG_LEVEL": "warn"}
    return [node, str(server)], env


def bundle_files(root: Path) -> list[tuple[str, Path]]:
    """Return (name, file) of Decap's bundle and its chunks, with its licence notice: the project's
    own (node_modules/ beside mkdocs.yml), else the one installed beside this generator's code."""
    found = _installed(root, DIST / BUNDLE)
    if found is None:
        raise EditorMissing(
            f"thiếu trình soạn thảo web ({DIST.as_posix()}/{BUNDLE}): chạy `npm ci` ở thư mục dự án "
            "(hoặc `make build`, tự cài) rồi xây dựng lại")
    dist = found.parent
    chunks = sorted(path for path in dist.glob(f"*.{BUNDLE}") if path.name[0].isdigit())
    return [(path.name, path) for path in (found, *chunks, dist / f"{BUNDLE}.LICENSE.txt") if path.is_file()]


def build_files(root: Path, site: Site, settings: Settings, site_url: str, site_name: str,
                styles: list[str]) -> list[tuple[str, bytes]]:
    """Return (site path, content) of every file of the web editor."""
    files = [(EDITOR + name, path.read_bytes()) for name, path in bundle_files(root)]
    files.append((EDITOR + "index.html", index_html(site_name)))
    files.append((EDITOR + "config.yml",
                  json.dumps(config(site, settings, site_url), ensure_ascii=False, indent=1).encode()))
    files.append((EDITOR + "portal-editor.js", editor_js(styles)))
    return files
