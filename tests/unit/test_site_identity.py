"""Site identity as configuration (DESIGN §6): `extra.portal` settings of the masthead and footer."""

from __future__ import annotations

from portal.pages import theme_css
from portal.settings import Settings, contrast_on_white


def test_services_are_title_and_url_pairs() -> None:
    settings, problems = Settings.from_mapping({"services": [
        {"title": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn/"},
        {"title": "Liên hệ", "url": "lien-he/"}]})
    assert problems == []
    assert settings.services == (("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"), ("Liên hệ", "lien-he/"))


def test_a_comma_in_a_flow_mapping_is_explained() -> None:
    # `- {title: Phản ánh, kiến nghị, url: …}`: YAML reads "kiến nghị" as a key of its own.
    _, problems = Settings.from_mapping({"services": [{"title": "Phản ánh", "kiến nghị": None, "url": "https://a.vn/"}]})
    assert len(problems) == 1
    assert "mục thứ 1 có khoá lạ 'kiến nghị'" in problems[0] and "ngoặc kép" in problems[0]


def test_a_service_link_must_be_a_web_address() -> None:
    for url in ("javascript:alert(1)", "//evil.example/", "data:text/html,x"):
        _, problems = Settings.from_mapping({"services": [{"title": "X", "url": url}]})
        assert problems and problems[0].startswith("extra.portal.services:"), url


def test_colours_must_be_hex_and_readable_on_white() -> None:
    settings, problems = Settings.from_mapping({"colors": {"primary": "#1F4E8C", "link": "#0a5a8a"}})
    assert problems == [] and settings.colors == (("primary", "#1f4e8c"), ("link", "#0a5a8a"))
    _, problems = Settings.from_mapping({"colors": {"primary": "#ffcc00"}})
    assert problems and "quá nhạt" in problems[0] and "1.5:1" in problems[0]
    _, problems = Settings.from_mapping({"colors": {"primary": "green"}})
    assert problems and "#rrggbb" in problems[0]
    _, problems = Settings.from_mapping({"colors": {"background": "#000000"}})
    assert problems and "primary, primary_dark, accent, link" in problems[0]


def test_contrast_ratio_matches_wcag() -> None:
    assert round(contrast_on_white("#000000"), 1) == 21.0
    assert round(contrast_on_white("#767676"), 2) == 4.54  # the classic lightest AA grey


def test_theme_css_sets_the_variables_of_each_colour() -> None:
    settings, _ = Settings.from_mapping({"colors": {"primary": "#1f4e8c", "accent": "#8c1f1f"}})
    css = theme_css(settings)
    assert "--md-primary-fg-color: #1f4e8c;" in css and "--md-accent-fg-color: #8c1f1f;" in css
    # Without primary_dark, the masthead takes the primary colour.
    assert "--portal-masthead-bg: #1f4e8c;" in css
    settings, _ = Settings.from_mapping({"colors": {"primary": "#1f4e8c", "primary_dark": "#5a1a1a"}})
    assert "--portal-masthead-bg: #5a1a1a;" in theme_css(settings)
