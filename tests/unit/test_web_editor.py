"""The web editor's configuration is generated from the kinds table and the content: every key the
loader reads is a field of its kind's form and the form has no key the loader would refuse;
required keys are required; choices carry the Vietnamese names."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from portal import fields, web_editor
from portal.kinds import KINDS
from portal.models import Site, Topic
from portal.settings import Settings

PARTS = {"activities": fields.ACTIVITY_PARTS, "tasks": fields.TASK_PARTS, "deadlines": fields.DEADLINE_PARTS,
         "consultation": fields.CONSULTATION_PARTS}


def _site(preview: bool = False) -> Site:
    """A site with two topics, a campaign and a plan (the choices only read slugs, titles and names)."""
    topics = {"moi-truong": Topic("moi-truong", "Môi trường", ""), "dat-dai": Topic("dat-dai", "Đất đai", "")}
    site = Site(topics=topics, preview=preview)
    campaign = SimpleNamespace(slug="gio-trai-dat-2024", title="Chiến dịch Giờ Trái đất năm 2024")
    site.campaigns = [campaign]  # type: ignore[list-item]
    site.plans = [SimpleNamespace(slug="ke-hoach-81", title="Kế hoạch 81/KH-STNMT")]  # type: ignore[list-item]
    return site


@pytest.fixture(scope="module")
def config() -> dict:
    return web_editor.config(_site(), Settings(), "https://stnmt.example.gov.vn/")


def _collection(config: dict, kind: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == KINDS[kind].folder)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_key_the_loader_reads_is_a_field_and_no_other(config: dict, kind: str) -> None:
    names = [field["name"] for field in _collection(config, kind)["fields"]]
    assert names == [*KINDS[kind].keys, "body"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_required_keys_are_required_in_the_form(config: dict, kind: str) -> None:
    required = {field["name"] for field in _collection(config, kind)["fields"] if field["required"]}
    # A document's number and file may wait while it is a draft: the form lets a draft be saved.
    assert required == set(KINDS[kind].required_of(draft=True))


@pytest.mark.parametrize("kind", list(KINDS))
def test_sub_forms_have_the_keys_the_loader_reads(config: dict, kind: str) -> None:
    for field in _collection(config, kind)["fields"]:
        if field["name"] in PARTS:
            parts = PARTS[field["name"]]
            assert [sub["name"] for sub in field["fields"]] == [part.key for part in parts]
            if field["widget"] == "list":  # each entry's own required keys
                assert [sub["required"] for sub in field["fields"]] == [part.required for part in parts]


def test_dates_are_pickers_in_the_formats_editors_type(config: dict) -> None:
    article = {f["name"]: f for f in _collection(config, "article")["fields"]}
    campaign = {f["name"]: f for f in _collection(config, "campaign")["fields"]}
    assert article["date"]["widget"] == "datetime" and article["date"]["format"] == "YYYY-MM-DD HH:mm"
    assert campaign["start"]["format"] == "YYYY-MM-DD" and campaign["start"]["time_format"] is False
    assert campaign["date"]["default"] == "{{now}}"  # the announcement day: today, as `portal new` writes it


def test_choices_are_the_contents_topics_campaigns_and_plans_by_name(config: dict) -> None:
    article = {f["name"]: f for f in _collection(config, "article")["fields"]}
    assert article["topics"]["multiple"] is True and article["topics"]["min"] == 1
    assert {"label": "Môi trường", "value": "moi-truong"} in article["topics"]["options"]
    assert article["campaign"]["options"] == [{"label": "Chiến dịch Giờ Trái đất năm 2024",
                                               "value": "gio-trai-dat-2024"}]
    assert article["plan"]["options"] == [{"label": "Kế hoạch 81/KH-STNMT", "value": "ke-hoach-81"}]
    tasks = next(f for f in _collection(config, "plan")["fields"] if f["name"] == "tasks")
    task = {f["name"]: f for f in tasks["fields"]}
    assert task["campaign"]["options"] == article["campaign"]["options"]
    document = {f["name"]: f for f in _collection(config, "document")["fields"]}
    assert document["type"]["options"] == list(Settings().document_types)


def test_a_key_of_an_unknown_type_stops_the_build_instead_of_missing_from_the_form() -> None:
    def new_type(ctx, reader, field, base_dir):  # a parser the web editor has no widget for
        return {}
    from dataclasses import replace
    kind = replace(KINDS["event"], fields=(*KINDS["event"].fields, replace(KINDS["event"].fields[0], parse=new_type,
                                                                            key="new_key")))
    with pytest.raises(KeyError):
        web_editor.collection(kind, web_editor.Choices.of(_site(), Settings()))


def test_the_local_backend_is_only_in_the_preview_and_the_git_server_comes_from_settings() -> None:
    assert "local_backend" not in web_editor.config(_site(), Settings(), "")
    local = web_editor.config(_site(preview=True), Settings(editor_proxy_port=8090), "")
    assert local["local_backend"] == {"url": "http://localhost:8090/api/v1"}
    gitea = {"name": "gitea", "repo": "so-tnmt/cong-thong-tin", "base_url": "https://git.example.gov.vn",
             "publish_mode": "editorial_workflow"}
    office = web_editor.config(_site(), Settings(editor_backend=gitea), "")
    assert office["backend"] == {k: v for k, v in gitea.items() if k != "publish_mode"}
    assert office["publish_mode"] == "editorial_workflow" and office["locale"] == "vi"


def test_new_files_go_where_portal_new_puts_them(config: dict) -> None:
    paths = {c["name"]: c["path"] for c in config["collections"]}
    assert paths == {"articles": "{{year}}/{{slug}}", "campaigns": "{{slug}}", "plans": "{{year}}/{{slug}}",
                     "events": "{{slug}}", "documents": "{{year}}/{{slug}}"}
    assert all(c["media_folder"] == "anh" and c["folder"] == "content/" + c["name"] for c in config["collections"])


def test_the_files_are_yaml_decap_reads_and_a_page_without_inline_script(tmp_path: Path) -> None:
    files = dict(web_editor.build_files(Path(__file__).resolve().parents[2], _site(), Settings(),
                                        "https://x.gov.vn/", "Sở <TN&MT>", ["assets/css/portal.css"]))
    assert yaml.safe_load(files["quan-tri/config.yml"])["locale"] == "vi"
    page = files["quan-tri/index.html"].decode()
    assert "<script>" not in page and '<meta name="robots" content="noindex, nofollow">' in page
    assert "Sở &lt;TN&amp;MT&gt;" in page
    assert b'CMS.registerPreviewStyle("../assets/css/portal.css");' in files["quan-tri/portal-editor.js"]
    assert len(files["quan-tri/decap-cms.js"]) > 1_000_000


def test_without_decaps_files_the_build_says_how_to_install_them(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(web_editor, "DIST", Path("node_modules/khong-co"))
    with pytest.raises(web_editor.EditorMissing, match="npm ci"):
        web_editor.build_files(tmp_path, _site(), Settings(), "", "Sở", [])


def test_the_loaders_checks_across_keys_are_rules_the_editor_applies_before_saving() -> None:
    event, document, article = (web_editor.rules(KINDS[name]) for name in ("event", "document", "article"))
    assert ["same_form", "start", "end"] in event["rules"] and ["order", "start", "end"] in event["rules"]
    assert ["order", "issued", "expires"] in document["rules"]
    assert [rule for rule in document["rules"] if rule[0] == "unless_draft"] == [
        ["unless_draft", "number"], ["unless_draft", "attachment"]]
    assert ["together", "image", "image_alt"] in article["rules"] and article["labels"]["image_alt"] == "Mô tả ảnh"
    for kind in KINDS.values():  # a kind's check the editor does not know stops the build
        assert kind.check is None or kind.check in web_editor.CHECK_RULES
