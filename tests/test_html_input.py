"""Saved web pages: the article's text and metadata through trafilatura, the old reader as fallback.

The pages in ``tests/data/pages/`` were written for these tests, one per usual layout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import html_input
from generator.folders import load_story, read_story
from generator.html_input import extract_page, has_article
from generator.pipeline import build_story
from generator.render import render_site
from generator.settings import Settings

PAGES = Path(__file__).resolve().parent / "data" / "pages"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_article_keeps_its_paragraphs_and_drops_menus_related_links_and_comments() -> None:
    found = extract_page(page("article_related_comments.html"))
    assert found.extractor == "trafilatura"
    assert "A storm cut power to 40,000 homes across the region on Sunday night" in found.text
    assert "Winds of up to 80 miles per hour" in found.text
    for furniture in ("Sport", "Related stories", "Flood warnings", "Great reporting", "every single winter",
                      "Copyright"):
        assert furniture not in found.text
    meta = found.metadata
    assert (meta.outlet, meta.title, meta.author, meta.published, meta.url) == (
        "Example Times", "Storm cuts power to 40,000 homes", "Ann Writer", "2026-11-02",
        "https://www.example.com/news/storm-power")


def test_live_blog_keeps_every_entry() -> None:
    found = extract_page(page("live_blog.html"))
    for entry in ("power has been restored to most of the 40,000 homes", "Rail services between the two cities",
                  "gusts of up to 80 miles per hour"):
        assert entry in found.text
    assert "Share this live blog" not in found.text
    assert found.metadata.url == "https://daily.example.org/live/storm-latest"
    assert found.metadata.outlet == "Daily Example"


def test_amp_page_reads_json_ld_metadata_and_the_canonical_link() -> None:
    found = extract_page(page("amp_page.html"))
    assert "40,000 customers had been affected" in found.text
    assert "font-family" not in found.text
    meta = found.metadata
    assert (meta.author, meta.published, meta.url) == (
        "Cara Columnist", "2026-11-03", "https://amp.example.net/storm-cuts-power")


def test_paywall_teaser_keeps_the_teaser_without_the_subscription_prompt() -> None:
    found = extract_page(page("paywall_teaser.html"))
    assert "took down power lines serving 40,000 homes" in found.text
    assert "repairs will take weeks" in found.text
    assert "Subscribe" not in found.text and "Log in" not in found.text
    assert found.metadata.author == "Dee Reporter"


def test_page_with_no_article_gives_no_text() -> None:
    found = extract_page(page("no_article.html"))
    assert (found.text, found.extractor) == ("", "none")
    assert not has_article("Home\n\nNews\n\nStorm cuts power to 40,000 homes")


def test_fallback_reader_is_used_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_input, "_trafilatura", lambda html: None)
    found = extract_page(page("article_related_comments.html"))
    assert found.extractor == "html.parser"
    assert "Engineers worked through the night" in found.text
    assert found.metadata.outlet == "Example Times"
    assert found.metadata.url == "https://www.example.com/news/storm-power"


def test_extraction_repeats_exactly() -> None:
    assert extract_page(page("live_blog.html")) == extract_page(page("live_blog.html"))


def test_story_yml_wins_over_what_the_page_says(tmp_path: Path) -> None:
    story = tmp_path / "storm"
    story.mkdir()
    shutil.copy(PAGES / "article_related_comments.html", story / "times.html")
    (story / "story.yml").write_text("sources:\n  times.html: {outlet: The Example Times, author: A. Writer}\n")
    source = load_story(story, Settings()).articles[0].source
    assert (source.outlet, source.author, source.published) == ("The Example Times", "A. Writer", "2026-11-02")
    assert source.url == "https://www.example.com/news/storm-power"


def test_saved_page_with_no_article_is_skipped_with_a_warning(tmp_path: Path) -> None:
    story = tmp_path / "storm"
    story.mkdir()
    shutil.copy(PAGES / "no_article.html", story / "front.htm")
    shutil.copy(PAGES / "amp_page.html", story / "amp.html")
    report = read_story(story, Settings())
    assert report.story is not None and [a.source.id for a in report.story.articles] == ["amp"]
    assert any("front.htm: has no article text; skipped" in warning for warning in report.warnings)


def test_story_of_saved_pages_builds_the_same_page_as_one_of_text_files(tmp_path: Path) -> None:
    pages = tmp_path / "pages" / "storm"
    texts = tmp_path / "texts" / "storm"
    pages.mkdir(parents=True)
    texts.mkdir(parents=True)
    for name in ("article_related_comments", "amp_page", "paywall_teaser"):
        shutil.copy(PAGES / f"{name}.html", pages / f"{name}.html")
        found = extract_page(page(f"{name}.html"))
        meta = found.metadata
        paragraphs = found.text.split("\n\n")[1:]  # the headline goes into front matter instead
        front = "\n".join(f"{key}: \"{value}\"" for key, value in (
            ("outlet", meta.outlet), ("title", meta.title), ("url", meta.url), ("published", meta.published),
            ("author", meta.author)))
        (texts / f"{name}.md").write_text(f"---\n{front}\n---\n" + "\n\n".join(paragraphs) + "\n")
    for folder in (pages, texts):
        (folder / "story.yml").write_text("title: Storm cuts power\n")
    settings = Settings()
    from_pages = build_story(load_story(pages, settings), settings)
    from_texts = build_story(load_story(texts, settings), settings)
    assert [s.text for s in from_pages.sentences] == [s.text for s in from_texts.sentences]
    story_page = "stories/storm-cuts-power/index.md"
    assert render_site((from_pages,), TEMPLATES)[story_page] == render_site((from_texts,), TEMPLATES)[story_page]
    by_outlet = {source.outlet: source for source in from_pages.sources}
    assert sorted(by_outlet) == ["AMP News", "Example Times", "Premium Post"]
    assert by_outlet["AMP News"].author == "Cara Columnist"
    assert by_outlet["Premium Post"].published == "2026-11-04"
    assert by_outlet["Example Times"].url == "https://www.example.com/news/storm-power"


def test_extraction_never_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a saved page must be read without the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for path in sorted(PAGES.glob("*.html")):
        extract_page(path.read_text(encoding="utf-8"))


def test_hostile_page_metadata_stays_text_on_the_pages(tmp_path: Path) -> None:
    story = tmp_path / "storm"
    story.mkdir()
    hostile = page("article_related_comments.html").replace(
        'content="Example Times"', 'content="&lt;img src=x onerror=alert(1)&gt; {{ config }}"').replace(
        '<meta name="author" content="Ann Writer">', '<meta name="author" content="[x](javascript:alert(1))">')
    (story / "evil.html").write_text(hostile, encoding="utf-8")
    settings = Settings()
    built = build_story(load_story(story, settings), settings)
    # trafilatura capitalises a site name written in lower case.
    assert built.sources[0].outlet.casefold() == "<img src=x onerror=alert(1)> {{ config }}"
    pages = render_site((built,), TEMPLATES)
    for name, text in pages.items():
        if name.endswith(".md"):
            assert "<img" not in text and "{{ config" not in text and "](javascript" not in text, name
