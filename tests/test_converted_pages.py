"""Reusing MkDocs's HTML of unchanged generated pages (generator.converted_pages).

Each test converts pages the way ``mkdocs build`` does (read, ``on_page_markdown``,
render, ``on_page_content``) with real MkDocs objects, once to fill the cache and once
to reuse it, and compares with a plain conversion. The whole-site check (two builds,
byte-identical sites) is ``test_site.py::test_a_rebuild_reuses_every_page_and_gives_the_same_site``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.converted_pages import ConvertedPages

STORY = "# A story { #top }\n\nSee [the source](sources/one.md#s-2){ .cite }.\n\n## Details\n\nText.\n"
SOURCE = "# The source\n\nFirst.\n{ #s-1 }\n\nSecond.\n{ #s-2 }\n"


@pytest.fixture
def config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def site_files(config: MkDocsConfig, pages: dict[str, str]) -> Files:
    docs = Path(config.docs_dir)
    files = []
    for src_uri, text in pages.items():
        (docs / src_uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / src_uri).write_text(text, encoding="utf-8")
        files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    return Files(files)


def convert(config: MkDocsConfig, files: Files, src_uri: str, converted: ConvertedPages | None) -> Page:
    """Convert one page as ``mkdocs build`` does, with or without the converted-page cache."""
    file = files.get_file_from_path(src_uri)
    assert file is not None
    page = Page(None, file, config)
    page.read_source(config)
    assert page.markdown is not None
    if converted is not None:
        page.markdown = converted.reuse(page.markdown, page, files)
    page.render(config, files)
    assert page.content is not None
    if converted is not None:
        page.content = converted.finish(page.content, page, files)
    return page


def build(config: MkDocsConfig, pages: dict[str, str], cache: Path) -> tuple[dict[str, Page], int]:
    """Convert every page through a fresh ``ConvertedPages``; return the pages and how many were reused."""
    files = site_files(config, pages)
    converted = ConvertedPages(cache, config)
    converted.start()
    try:
        result = {src_uri: convert(config, files, src_uri, converted) for src_uri in pages}
    finally:
        converted.stop()
    return result, converted.reused


def state(page: Page) -> tuple[object, ...]:
    """What later steps of a build read from a converted page."""
    links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    return (page.content, str(page.toc), page.title, page.markdown, page.present_anchor_ids, links)


def test_a_reused_page_is_what_converting_it_gives(config: MkDocsConfig, tmp_path: Path) -> None:
    pages = {"index.md": STORY, "sources/one.md": SOURCE}
    files = site_files(config, pages)
    plain = {src_uri: state(convert(config, files, src_uri, None)) for src_uri in pages}

    first, reused_first = build(config, pages, tmp_path / "cache")
    second, reused_second = build(config, pages, tmp_path / "cache")

    assert (reused_first, reused_second) == (0, 2)
    for src_uri in pages:
        assert state(first[src_uri]) == plain[src_uri]
        assert state(second[src_uri]) == plain[src_uri]
    assert "#s-2" in str(second["index.md"].content) and second["index.md"].title == "A story"
    assert [item.title for item in second["index.md"].toc] == ["A story"]
    assert [child.id for child in next(iter(second["index.md"].toc)).children] == ["details"]


def test_a_changed_page_is_converted_again(config: MkDocsConfig, tmp_path: Path) -> None:
    build(config, {"index.md": STORY, "sources/one.md": SOURCE}, tmp_path / "cache")
    changed = {"index.md": STORY.replace("Text.", "Other text."), "sources/one.md": SOURCE}
    pages, reused = build(config, changed, tmp_path / "cache")
    assert reused == 1
    assert "Other text." in str(pages["index.md"].content)


def test_a_page_whose_link_target_is_gone_is_converted_again(config: MkDocsConfig, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    build(config, {"index.md": STORY, "sources/one.md": SOURCE}, tmp_path / "cache")
    pages, reused = build(config, {"index.md": STORY, "other.md": "# Other\n"}, tmp_path / "cache")
    # The stored HTML links to the source page's URL; without that page MkDocs must see the link again.
    assert reused == 0
    assert "sources/one.md#s-2" in str(pages["index.md"].content)
    assert any("is not found among documentation files" in record.getMessage() for record in caplog.records)


def test_a_page_that_logs_when_converted_is_never_stored(config: MkDocsConfig, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    pages = {"index.md": STORY}  # its link has no target: MkDocs warns
    build(config, pages, tmp_path / "cache")
    caplog.clear()
    _, reused = build(config, pages, tmp_path / "cache")
    assert reused == 0
    assert any("is not found among documentation files" in record.getMessage() for record in caplog.records)


def test_a_page_without_a_title_line_is_never_reused(config: MkDocsConfig, tmp_path: Path) -> None:
    pages = {"index.md": "Intro first.\n\n# Title later\n", "sources/one.md": SOURCE}
    build(config, pages, tmp_path / "cache")
    _, reused = build(config, pages, tmp_path / "cache")
    assert reused == 1  # only the source page, whose first line is its title


def test_a_damaged_or_planted_entry_is_ignored(config: MkDocsConfig, tmp_path: Path) -> None:
    pages = {"index.md": STORY, "sources/one.md": SOURCE}
    build(config, pages, tmp_path / "cache")
    entries = sorted((tmp_path / "cache" / "converted").glob("*.json"))
    assert len(entries) == 2
    entries[0].write_text(entries[0].read_text(encoding="utf-8")[:50], encoding="utf-8")  # truncated
    planted = json.loads(entries[1].read_text(encoding="utf-8"))
    planted["key"] = "0" * 64  # written under another key
    planted["converted"]["html"] = "<script>alert(1)</script>"
    entries[1].write_text(json.dumps(planted), encoding="utf-8")
    result, reused = build(config, pages, tmp_path / "cache")
    assert reused == 0
    assert all("<script>" not in str(page.content) for page in result.values())


def test_an_entry_of_the_wrong_shape_is_ignored(config: MkDocsConfig, tmp_path: Path) -> None:
    pages = {"index.md": STORY, "sources/one.md": SOURCE}
    build(config, pages, tmp_path / "cache")
    for entry in (tmp_path / "cache" / "converted").glob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["converted"]["toc"] = [{"level": "one", "id": "x", "name": "x", "children": []}]
        entry.write_text(json.dumps(data), encoding="utf-8")
    result, reused = build(config, pages, tmp_path / "cache")
    assert reused == 0
    assert result["index.md"].title == "A story"
