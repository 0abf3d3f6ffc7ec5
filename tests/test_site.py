"""End to end: generated pages through `mkdocs build --strict`, then checks on the built HTML.

Two builds into tmp_path, each from a temporary copy of mkdocs.yml:

* ``cli``: `python -m generator build` on a small seeds folder (one article full of
  markup), then `mkdocs build` with the plugin on: it must replace the CLI's pages
  without a warning;
* ``plugin``: the same seeds through the plugin alone, which must give the same
  pages; its docs folder also holds the hand-made fixture stories
  (tests/render_fixtures.py), one of them with markup in every field.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from render_fixtures import HOSTILE_TEXTS, bridge_story, hostile_story, single_source_story

from generator.render import DIGEST_WORDS, MATRIX_ROW_WORDS, render_site
from generator.text import first_words
from generator.write import write_pages

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# Markdown or template syntax that must never reach a reader as text.
LEAKS = ("{{", "{%", "](", "[^", "{:", "{ #", "{ .", "**", "!!!", "???")

SEED_ARTICLES = {
    "harbour-fire/first.txt": (
        "Harbour fire\n\n"
        "A fire broke out at the city harbour on Tuesday night, the fire service said.\n\n"
        "About 40 firefighters fought the blaze for six hours.\n\n"
        "No one was injured, officials said.\n"
    ),
    "harbour-fire/second.md": (
        "A fire broke out on Tuesday night at the city harbour, according to the fire service.\n\n"
        "Some 60 firefighters fought the blaze for six hours.\n\n"
        "Officials said no one was injured. <script>alert(1)</script> [click](javascript:alert(1))\n\n"
        "The cause is {{ config }} unknown {% include 'x' %} | a | b | [^1] {: .x} **bold**.\n"
    ),
    "harbour-fire/third.txt": (
        "Fire at the harbour\n\n"
        "The city harbour caught fire on Tuesday night, the fire service said.\n\n"
        "A warehouse of <img src=x onerror=alert(1)> imported timber was destroyed.\n"
    ),
    "lone-report/only.txt": "A lone report.\n\nThe council met on Monday to discuss the budget.\n",
    "gone-story/a.txt": "Gone.\n\nThis story is deleted before MkDocs builds the site.\n",
}


@dataclass
class Page:
    """What the checks need from one built HTML page."""

    path: str
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """(href, classes) of every <a> with an href."""
    scripts: list[tuple[str, str]] = field(default_factory=list)
    """(src, type) of every <script>, in order."""
    attributes: list[tuple[str, str, str]] = field(default_factory=list)
    article_tags: list[str] = field(default_factory=list)
    article_text: str = ""
    title: str = ""


class _PageParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.article_depth = 0
        self.in_title = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            self.page.attributes.append((tag, name, value))
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.page.links.append((values["href"], tuple(values.get("class", "").split())))
        if tag == "script":
            # The file name only: the relative path to the theme's assets depends on page depth.
            self.page.scripts.append((values.get("src", "").rsplit("/", 1)[-1], values.get("type", "")))
        if tag == "title":
            self.in_title = True
        if tag == "article":
            self.article_depth += 1
        elif self.article_depth:
            self.page.article_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article_depth -= 1
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.article_depth:
            self.text.append(data)
        if self.in_title:
            self.page.title += data


def parse_site(site: Path) -> dict[str, Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        page = Page(relative)
        parser = _PageParser(page)
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        page.article_text = re.sub(r"\s+", " ", "".join(parser.text))
        pages[relative] = page
    return pages


def hand_written_docs(target: Path) -> Path:
    """A docs folder with the project's hand-written pages (and a stand-in evaluation page)."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "about.md", target / "about.md")
    shutil.copytree(ROOT / "docs" / "assets", target / "assets")
    evaluation = ROOT / "docs" / "evaluation.md"
    if evaluation.is_file():
        shutil.copy(evaluation, target / "evaluation.md")
    else:
        (target / "evaluation.md").write_text("# Evaluation\n")
    return target


def mkdocs_build(tmp: Path, name: str, docs: Path, *, seeds: Path | None,
                 cache: Path | None = None) -> tuple[Path, str]:
    """Build ``docs`` with a copy of the project's mkdocs.yml; return the site folder and the log."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(tmp / f"site-{name}")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "generator" in entry:
            options = entry["generator"]
            options["templates"] = str(ROOT / options["templates"])
            options["seeds"] = str(seeds) if seeds else str(tmp)
            options["enabled"] = seeds is not None
            if cache is not None:
                options["cache"] = str(cache)
    config_file = tmp / f"mkdocs-{name}.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-f", str(config_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp / f"site-{name}", result.stderr


@dataclass
class Sites:
    cli: Path
    """Built from docs/ after `python -m generator build`, the plugin on as well."""
    plugin: Path
    """Built by the plugin alone; its docs/ also holds the fixture stories as plain files."""
    cli_log: str
    plugin_log: str
    pages: dict[str, Page]
    """The parsed pages of ``plugin``."""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    tmp = tmp_path_factory.mktemp("site")
    seeds = tmp / "seeds"
    for relative, text in SEED_ARTICLES.items():
        (seeds / relative).parent.mkdir(parents=True, exist_ok=True)
        (seeds / relative).write_text(text, encoding="utf-8")

    cli_docs = hand_written_docs(tmp / "docs-cli")
    result = subprocess.run(
        [PYTHON, "-m", "generator", "build", "--seeds", str(seeds), "--docs", str(cli_docs),
         "--templates", str(ROOT / "templates"), "--cache", str(tmp / "cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # A story deleted after the CLI ran: its pages are stale in docs/ and must not be published.
    shutil.rmtree(seeds / "gone-story")
    cli_site, cli_log = mkdocs_build(tmp, "cli", cli_docs, seeds=seeds, cache=tmp / "cache")

    # The fixture stories ride along in the plugin build as files the plugin did not make
    # (one build fewer); the seeds' home page and feed replace theirs.
    plugin_docs = hand_written_docs(tmp / "docs-plugin")
    fixture_pages = render_site((bridge_story(), single_source_story(), hostile_story()), ROOT / "templates")
    for relative, text in fixture_pages.items():
        if relative not in ("index.md", "feed.xml"):  # site-level pages: the seeds' replace them
            (plugin_docs / relative).parent.mkdir(parents=True, exist_ok=True)
            (plugin_docs / relative).write_text(text, encoding="utf-8")
    plugin_site, plugin_log = mkdocs_build(tmp, "plugin", plugin_docs, seeds=seeds, cache=tmp / "cache")
    return Sites(cli_site, plugin_site, cli_log, plugin_log, parse_site(plugin_site))


@pytest.fixture
def fixture_site(sites: Sites) -> dict[str, Page]:
    return sites.pages


def check_links_resolve(pages: dict[str, Page], site: Path) -> int:
    """Assert every relative link reaches a built file and, with a fragment, an id on it; count citations."""
    citations = 0
    for page in pages.values():
        for href, classes in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                assert parts.scheme in ("http", "https"), f"{page.path}: link {href!r}"
                continue
            target = page.path
            if parts.path:
                target = normpath(f"{page.path.rsplit('/', 1)[0] if '/' in page.path else '.'}/{unquote(parts.path)}")
                if (site / target).is_dir():
                    target = f"{target}/index.html"
            target = target.removeprefix("./")
            assert (site / target).is_file(), f"{page.path}: link {href!r} goes nowhere"
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in pages[target].ids, f"{page.path}: {href!r} has no anchor there"
            if "cite" in classes and page.path.startswith("stories/"):
                assert re.fullmatch(r"s-\d+", parts.fragment), href
                citations += 1
    return citations


def check_nothing_live(pages: dict[str, Page]) -> None:
    """No script, event handler or javascript: URL beyond the theme's own."""
    theme_scripts = pages["about/index.html"].scripts
    for page in pages.values():
        assert page.scripts == theme_scripts, f"{page.path}: unexpected <script>"
        for tag, name, value in page.attributes:
            assert not name.startswith("on"), f"{page.path}: <{tag} {name}=...>"
            if name in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), page.path
        # Pages built from source text may hold no image at all; hand-written pages (the
        # Evaluation page's chart) may show the project's own local images.
        generated = page.path == "index.html" or page.path.startswith("stories/")
        forbidden = ("script", "iframe", "object", "embed", "form", "input", "style") + (("img",) if generated else ())
        for tag in forbidden:
            assert tag not in page.article_tags, f"{page.path}: <{tag}> in the article"
        for tag, name, value in page.attributes:
            if tag == "img" and name == "src":
                assert "://" not in value and not value.startswith("//"), f"{page.path}: remote image {value!r}"


def check_no_syntax_leaks(page: Page, allowed: tuple[str, ...] = ()) -> None:
    text = page.article_text
    for hostile in sorted(allowed, key=len, reverse=True):
        text = text.replace(hostile, " ")
    for leak in LEAKS:
        assert leak not in text, f"{page.path}: {leak!r} leaked into the page text"


def test_links_and_citations_resolve(sites: Sites) -> None:
    fixture_site = sites.pages
    citations = check_links_resolve(fixture_site, sites.plugin)
    story = bridge_story()
    # The story page: the summary's citations and the digest (disagreements, unconfirmed claims);
    # the differences page: every claim of every difference.
    in_digest = sum(len(difference.claims) for difference in story.differences
                    if difference.kind in ("conflict", "unsupported"))
    expected = sum(len(item.support) for item in story.summary) + in_digest
    on_story_page = sum(1 for _, classes in fixture_site["stories/bridge-closure/index.html"].links if "cite" in classes)
    assert on_story_page == expected
    on_differences_page = sum(1 for _, classes in fixture_site["stories/bridge-closure/differences/index.html"].links
                              if "cite" in classes)
    assert on_differences_page == sum(len(difference.claims) for difference in story.differences)
    # Every summary sentence has an anchor, and cited source sentences link back to it.
    assert {"fact-1", "fact-2"} <= fixture_site["stories/bridge-closure/index.html"].ids
    back = [href for href, classes in fixture_site["stories/bridge-closure/sources/beta/index.html"].links
            if "back-link" in classes]
    assert back == ["../../#fact-1", "../../#fact-2"]
    assert citations > expected


def test_fixture_site_has_no_live_markup(fixture_site: dict[str, Page]) -> None:
    check_nothing_live(fixture_site)
    assert "<script>" in fixture_site["stories/hostile/index.html"].title  # shown as text in <title>


def test_hostile_text_is_shown_as_text(fixture_site: dict[str, Page]) -> None:
    source = fixture_site["stories/hostile/sources/evil-b/index.html"]
    for hostile in HOSTILE_TEXTS:
        assert hostile in source.article_text
    assert "javascript:alert(1) (not a web address, so not linked)" in source.article_text
    story = fixture_site["stories/hostile/index.html"]
    assert "<script>alert(1)</script> notice [click](javascript:alert(1))" in story.article_text


def test_no_markdown_or_template_syntax_reaches_the_reader(sites: Sites) -> None:
    # Whatever the sources themselves say may contain such syntax, as text; take it out
    # (every string of every story.json), then nothing like it may be left.
    source_strings = story_json_strings(sites.plugin)
    assert set(HOSTILE_TEXTS) <= source_strings
    # Pages also quote the opening words of a sentence (the digest, the "Who reports what" rows).
    source_strings |= {first_words(text, words) for text in source_strings for words in (MATRIX_ROW_WORDS, DIGEST_WORDS)}
    for page in sites.pages.values():
        check_no_syntax_leaks(page, tuple(source_strings))


def story_json_strings(site: Path) -> set[str]:
    """Every string value in every published story.json: what came from the sources."""
    strings: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, str):
            strings.add(re.sub(r"\s+", " ", value).strip())
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for path in sorted(site.glob("stories/*/story.json")):
        collect(json.loads(path.read_text(encoding="utf-8")))
    return strings


def test_sentence_marks_are_visible(fixture_site: dict[str, Page]) -> None:
    page = fixture_site["stories/bridge-closure/sources/alpha/index.html"]
    assert {"s-1", "s-2", "s-3", "s-4"} <= page.ids
    assert ("p", "class", "sentence used-same-words conflict") in page.attributes
    assert "✓ the summary uses these words (2) · ≈ the summary states this fact in other words (0)" in page.article_text
    assert "◆ reported only by this source (1)" in page.article_text


def test_seeds_build_through_cli_and_plugin_alike(sites: Sites) -> None:
    assert "replaced by a generated page" not in sites.cli_log
    generated = sorted(
        p.relative_to(sites.cli).as_posix() for p in (sites.cli / "stories").rglob("*") if p.is_file()
    )
    assert "stories/harbour-fire/story.json" in generated
    assert "stories/lone-report/index.html" in generated
    assert not (sites.cli / "stories" / "gone-story").exists()
    assert any(path.startswith("stories/harbour-fire/sources/") for path in generated)
    for relative in generated + ["index.html"]:
        assert (sites.cli / relative).read_bytes() == (sites.plugin / relative).read_bytes(), relative


def test_plugin_reuses_the_stories_the_cli_computed(sites: Sites) -> None:
    # One cache for both paths: the CLI computed every story; both mkdocs builds took them all
    # from its cache folder, and still gave the CLI's pages byte for byte (the test above).
    for log in (sites.cli_log, sites.plugin_log):
        assert "(0 computed," in log, log


def test_a_rebuild_reuses_every_page_and_gives_the_same_site(sites: Sites) -> None:
    # The same build again with the same cache folder: MkDocs converts no generated page anew
    # (generator.converted_pages), and every file of the site is byte-identical, search index included.
    tmp = sites.cli.parent
    again, log = mkdocs_build(tmp, "cli-again", tmp / "docs-cli", seeds=tmp / "seeds", cache=tmp / "cache")
    reused = re.search(r"reused the HTML of (\d+) of (\d+) generated pages", log)
    assert reused is not None and reused.group(1) == reused.group(2) and int(reused.group(1)) > 5, log
    built = sorted(path.relative_to(sites.cli).as_posix() for path in sites.cli.rglob("*") if path.is_file())
    assert built == sorted(path.relative_to(again).as_posix() for path in again.rglob("*") if path.is_file())
    assert "search/search_index.json" in built
    for relative in built:
        assert (sites.cli / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_archive_pages_build_strictly_and_every_link_on_them_resolves(tmp_path: Path) -> None:
    docs = hand_written_docs(tmp_path / "docs")
    write_pages(render_site((bridge_story(), single_source_story(), hostile_story()), ROOT / "templates",
                            home_stories=1), docs)
    site, _ = mkdocs_build(tmp_path, "archive", docs, seeds=None)
    pages = parse_site(site)
    archive = sorted(path for path in pages if path.startswith("archive/"))
    assert archive, sorted(pages)
    check_links_resolve(pages, site)
    check_nothing_live(pages)
    listed = [href for path in archive for href, _ in pages[path].links if "/stories/" in href]
    assert len(listed) == 3


def test_seeds_stories_are_listed_and_a_lone_source_has_no_consensus(sites: Sites) -> None:
    home = sites.pages["index.html"].article_text
    assert "Harbour fire" in home or "harbour-fire" in home
    lone = sites.pages["stories/lone-report/index.html"].article_text
    assert "No consensus possible" in lone


def test_plugin_accepts_every_pipeline_setting_and_reports_bad_values() -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    from generator.plugin import GeneratorPlugin
    from generator.settings import PUBLIC_OPTIONS

    plugin = GeneratorPlugin()
    names = {name for name, _ in plugin.config_class._schema}
    assert names == {"enabled", "seeds", "templates", "cache", "scheduler"} | set(PUBLIC_OPTIONS)

    config = MkDocsConfig(config_file_path=str(ROOT / "mkdocs.yml"))
    errors, warnings = plugin.load_config({"summary_words": 150, "seeds": "elsewhere"})
    assert (errors, warnings) == ([], [])
    plugin.on_config(config)
    assert plugin.settings.summary.words == 150
    assert plugin.seeds_dir == ROOT / "elsewhere"

    plugin = GeneratorPlugin()
    plugin.load_config({"summary_words": "many"})
    with pytest.raises(PluginError, match="summary_words"):
        plugin.on_config(config)

    errors, warnings = GeneratorPlugin().load_config({"no_such_option": 1})
    assert warnings and "no_such_option" in str(warnings)


def test_site_feed_is_published_and_lists_the_seed_stories(sites: Sites) -> None:
    import xml.etree.ElementTree as ET

    for site in (sites.cli, sites.plugin):
        root = ET.fromstring((site / "feed.xml").read_bytes())
        links = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
        story_links = [href for href in links if href and href.startswith("stories/")]
        assert story_links and all((site / href / "index.html").is_file() for href in story_links)


_KILLED_WRITE = """
import json, os, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from generator import write
pages = json.loads(Path({pages!r}).read_text(encoding="utf-8"))
count = 0
original = os.replace
def dying(*args, **kwargs):
    global count
    count += 1
    if count == {call}:
        os._exit(9)  # like SIGKILL: nothing is cleaned up
    return original(*args, **kwargs)
os.replace = dying
write.write_pages(pages, Path({docs!r}))
"""


@pytest.mark.parametrize("call", [2, 5, 9])
def test_build_killed_mid_swap_then_a_normal_build_publishes_strictly(tmp_path: Path, call: int) -> None:
    """Issue 13: a SIGKILL mid-swap left half-swapped pages and orphans that failed --strict."""
    import json

    old_pages = render_site((bridge_story(), single_source_story()), ROOT / "templates")
    new_pages = render_site((bridge_story(), hostile_story()), ROOT / "templates")
    reference = hand_written_docs(tmp_path / "reference")
    write_pages(old_pages, reference)
    write_pages(new_pages, reference)
    docs = hand_written_docs(tmp_path / "docs")
    write_pages(old_pages, docs)
    pages_file = tmp_path / "pages.json"
    pages_file.write_text(json.dumps(new_pages), encoding="utf-8")
    script = _KILLED_WRITE.format(root=str(ROOT), pages=str(pages_file), docs=str(docs), call=call)
    assert subprocess.run([PYTHON, "-c", script], capture_output=True).returncode == 9
    write_pages(new_pages, docs)  # the next normal build

    def files(folder: Path) -> dict[str, bytes]:
        return {path.relative_to(folder).as_posix(): path.read_bytes()
                for path in sorted(folder.rglob("*")) if path.is_file()}

    assert files(docs) == files(reference)
    mkdocs_build(tmp_path, f"killed-{call}", docs, seeds=None)
