"""Rendering the story model: golden pages, story.json, determinism and safe templates.

Regenerate the golden files after an intended change with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from render_fixtures import HOSTILE_TEXTS, bridge_story, hostile_story, single_source_story

from generator.errors import ConfigError
from generator.models import Source
from generator.render import SCHEMA_VERSION, render_site

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
EXPECTED = Path(__file__).resolve().parent / "golden" / "expected"


def golden_pages() -> dict[str, str]:
    return render_site((bridge_story(), single_source_story()), TEMPLATES)


def test_pages_match_the_golden_files() -> None:
    pages = golden_pages()
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for relative, text in pages.items():
            target = EXPECTED / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    expected = {
        path.relative_to(EXPECTED).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(EXPECTED.rglob("*")) if path.is_file()
    }
    assert sorted(pages) == sorted(expected), "set UPDATE_GOLDEN=1 to regenerate after an intended change"
    for relative, text in pages.items():
        assert text == expected[relative], f"{relative} differs from tests/golden/expected (UPDATE_GOLDEN=1)"


def test_site_layout() -> None:
    assert sorted(golden_pages()) == [
        "feed.xml",
        "index.md",
        "stories/bridge-closure/differences.md",
        "stories/bridge-closure/index.md",
        "stories/bridge-closure/sources/alpha.md",
        "stories/bridge-closure/sources/beta.md",
        "stories/bridge-closure/sources/gamma.md",
        "stories/bridge-closure/story.json",
        "stories/comet/index.md",
        "stories/comet/sources/only-source.md",
        "stories/comet/story.json",
    ]


def test_output_does_not_depend_on_story_order_and_repeats_exactly() -> None:
    forward = render_site((bridge_story(), single_source_story(), hostile_story()), TEMPLATES)
    backward = render_site((hostile_story(), single_source_story(), bridge_story()), TEMPLATES)
    assert forward == backward
    assert list(forward) == sorted(forward)
    assert all(text.endswith("\n") and not text.endswith("\n\n") for text in forward.values())


def test_story_json_holds_sources_clusters_summary_and_differences() -> None:
    data = json.loads(golden_pages()["stories/bridge-closure/story.json"])
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["generator"]["name"] == "news-consensus-generator"
    assert (data["slug"], data["title"]) == ("bridge-closure", "Old River Bridge closed")
    assert [source["id"] for source in data["sources"]] == ["alpha", "beta", "gamma"]
    assert data["sources"][0]["outlet"] == "Alpha News" and data["sources"][2]["outlet"] is None
    # Every sentence of every source is in exactly one cluster.
    members = [(m["source"], m["sentence"]) for cluster in data["clusters"] for m in cluster["members"]]
    story = bridge_story()
    assert sorted(members) == sorted((s.source, s.anchor) for s in story.sentences)
    first = data["summary"][0]
    assert first["text"] == story.summary[0].text
    assert first["cluster"] == "c1"
    assert first["sources"] == ["alpha", "beta", "gamma"]
    assert first["citations"] == [
        {"source": "alpha", "sentence": "s-1"}, {"source": "beta", "sentence": "s-1"},
        {"source": "gamma", "sentence": "s-1"},
    ]
    assert first["disputed_by"] == []
    second = data["summary"][1]
    assert second["sources"] == ["alpha"]
    assert second["disputed_by"] == [{"source": "beta", "sentence": "s-2"}]
    kinds = [difference["kind"] for difference in data["differences"]]
    assert kinds == ["conflict", "unsupported", "unique", "quote"]
    conflict = data["differences"][0]
    assert conflict["aspect"] == "number" and conflict["cluster"] == "c2"
    assert [claim["source"] for claim in conflict["claims"]] == ["alpha", "beta"]
    assert conflict["claims"][1]["text"] == "Some 15,000 vehicles use the bridge daily."


def test_story_json_keeps_hostile_text_verbatim() -> None:
    data = json.loads(render_site((hostile_story(),), TEMPLATES)["stories/hostile/story.json"])
    texts = [m["text"] for cluster in data["clusters"] for m in cluster["members"]]
    assert set(HOSTILE_TEXTS) <= set(texts)
    assert data["sources"][0]["url"] == "javascript:alert(1)"  # data, not a link: kept as given


def test_story_page_cites_every_supporting_sentence_and_lists_differences() -> None:
    pages = golden_pages()
    page = pages["stories/bridge-closure/index.md"]
    assert '[1 <span class="cite-name">Alpha News</span> ✓](sources/alpha.md#s-1){ .cite .cite-same-words' in page
    assert '[3 <span class="cite-name">unnamed</span> ≈](sources/gamma.md#s-1){ .cite .cite-same-fact' in page
    assert '[2 <span class="cite-name">Beta &#38; Co</span> ≠](sources/beta.md#s-2){ .cite .cite-disputes' in page
    # The digest: disagreements with each side's words and outlets, unconfirmed claims, one line each.
    assert "### Sources disagree (1) { .digest-heading }\n\n- Daily traffic: “12,000” " in page
    assert "### Unconfirmed&#58; one source only (1) { .digest-heading }\n\n- “Repairs will cost" in page
    assert "Reported by one source only" not in page and "Quoted differently" not in page
    assert ("[All 4 differences, every sentence in full](differences.md):\n1 where sources disagree · "
            "1 unconfirmed · 1 reported by one source only · 1 quoted differently.") in page
    assert "[Data as JSON](story.json)" in page
    # The complete lists, one click away.
    differences = pages["stories/bridge-closure/differences.md"]
    assert "## Sources disagree (1)\n\n!!! warning \"Daily traffic&#58; 12,000 or 15,000 vehicles\"" in differences
    assert "## Unconfirmed&#58; one source only (1)\n\n!!! danger" in differences
    assert "## Reported by one source only (1)\n\n!!! info" in differences
    assert "## Quoted differently (1)\n\n!!! quote" in differences
    assert "[← the story and its summary](index.md)" in differences
    # The traffic figure: alpha supports it, beta says otherwise, gamma does not report it.
    # The table is in a collapsed box, so its rows are indented.
    row = next(line.strip() for line in page.splitlines() if line.strip().startswith("| 2. About 12,000 vehicles"))
    assert row.split(" | ")[1:] == [
        '[✓](sources/alpha.md#s-2){ .level-same-words title="Source 1, sentence 2, same words" }',
        '[≠](sources/beta.md#s-2){ .level-disputes title="Source 2, sentence 2, says otherwise" }',
        "– |"]
    # In the summary beta is shown disputing the figure, never as support for it.
    summary_part = page.split("Who reports what")[0]
    assert "(sources/beta.md#s-2){ .cite .cite-disputes" in summary_part
    assert "(sources/beta.md#s-2){ .cite .cite-same" not in summary_part


def test_list_style_differences_say_a_shared_summary_once() -> None:
    story = bridge_story()
    ferry = story.differences[2]
    second = replace(ferry, claims=(replace(ferry.claims[0], sentence=story.sentences[0]),))
    page = render_site((replace(story, differences=(ferry, second)),), TEMPLATES)["stories/bridge-closure/differences.md"]
    assert '!!! info "Only one source mentions a ferry"' in page
    assert "— Only one source mentions a ferry" not in page


def test_single_source_story_says_no_consensus_and_keeps_the_source_page() -> None:
    pages = golden_pages()
    assert "No consensus possible" in pages["stories/comet/index.md"]
    assert "Who reports what" not in pages["stories/comet/index.md"]
    assert "stories/comet/differences.md" not in pages
    assert "{ #s-2 .sentence }" in pages["stories/comet/sources/only-source.md"]


def test_story_with_no_summary_says_so() -> None:
    story = replace(bridge_story(), summary=(), differences=())
    page = render_site((story,), TEMPLATES)["stories/bridge-closure/index.md"]
    assert '!!! info "No consensus"' in page
    assert "The sources do not contradict each other" in page


def test_source_page_marks_sentences_with_classes_and_a_legend() -> None:
    page = golden_pages()["stories/bridge-closure/sources/alpha.md"]
    assert "{ #s-1 .sentence .used-same-words .paragraph-start }" in page
    assert "{ #s-2 .sentence .used-same-words .conflict }" in page
    assert "{ #s-4 .sentence .unique .paragraph-start }" in page
    assert "{ .legend }" in page and "the summary uses these words (2)" in page
    assert '??? note "Removed as page furniture (2 lines)"' in page
    assert "Image&#58; the bridge &#91;photo&#93; — *caption*" in page


def test_unsafe_file_names_become_plain_page_paths() -> None:
    pages = render_site((hostile_story(),), TEMPLATES)
    assert "stories/hostile/sources/evil-b.md" in pages
    assert all(" " not in path and "<" not in path for path in pages)


def test_source_slugs_are_made_unique() -> None:
    story = bridge_story()
    sources = (story.sources[0], replace(story.sources[1], slug="ALPHA"), story.sources[2])
    pages = render_site((replace(story, sources=sources),), TEMPLATES)
    assert "stories/bridge-closure/sources/alpha-2.md" in pages
    assert "(sources/alpha-2.md#s-1)" in pages["stories/bridge-closure/index.md"]


def test_templates_escape_every_value_by_default(tmp_path: Path) -> None:
    for name in ("home.md.j2", "story.md.j2", "source.md.j2", "differences.md.j2"):
        (tmp_path / name).write_text("{{ stories[0].story.title if stories is defined else story.title }}\n")
    page = render_site((hostile_story(),), tmp_path)["index.md"]
    assert page == "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62; &#91;click&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;\n"


def test_template_printing_none_or_an_unknown_name_is_an_error(tmp_path: Path) -> None:
    for name in ("story.md.j2", "source.md.j2", "differences.md.j2"):
        (tmp_path / name).write_text("x\n")
    (tmp_path / "home.md.j2").write_text("{{ no_such_name }}\n")
    with pytest.raises(ConfigError, match="home.md.j2"):
        render_site((bridge_story(),), tmp_path)
    (tmp_path / "home.md.j2").write_text("{{ stories[0].story.published }}\n")
    with pytest.raises(ConfigError, match="None"):
        render_site((bridge_story(),), tmp_path)


def test_missing_templates_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="templates folder not found"):
        render_site((bridge_story(),), tmp_path / "missing")


def test_only_http_urls_become_links() -> None:
    pages = golden_pages()
    assert "[alpha.example ↗](https://www.alpha.example/news/bridge?id=7)" in pages[
        "stories/bridge-closure/sources/alpha.md"]
    beta = pages["stories/bridge-closure/sources/beta.md"]
    assert "javascript&#58;alert&#40;1&#41; (not a web address, so not linked)" in beta


def test_home_lists_newest_first_with_date_sources_and_first_summary_sentence() -> None:
    older = replace(single_source_story(), slug="older", title="Older", published="2020-01-01")
    undated = replace(single_source_story(), slug="undated", title="Undated")
    home = render_site((older, bridge_story(), undated), TEMPLATES)["index.md"]
    headings = [line for line in home.splitlines() if line.startswith("## [")]
    assert [line.split("](")[0] for line in headings] == ["## [Old River Bridge closed", "## [Older", "## [Undated"]
    first = home.split("## [Old River Bridge closed](stories/bridge-closure/index.md) { .story-heading }\n", 1)[1]
    assert first.startswith("\n2024-03-03 · 3 sources\n{ .story-meta }\n\n"
                            f"{bridge_story().summary[0].text}\n{{ .story-lede }}\n")
    assert "Undated · 1 source\n" in home


def test_a_larger_site_lists_the_newest_on_the_home_page_and_every_story_by_month() -> None:
    stories = (
        replace(single_source_story(), slug="late-march", title="Late March", published="2024-03-20"),
        bridge_story(),  # 2024-03-03
        replace(single_source_story(), slug="january", title="January", published="2024-01-05"),
        replace(single_source_story(), slug="undated", title="Undated story"),
    )
    pages = render_site(stories, TEMPLATES, home_stories=2)
    home = pages["index.md"]
    assert [line.split("](")[0] for line in home.splitlines() if line.startswith("## [")] == [
        "## [Late March", "## [Old River Bridge closed"]
    assert "4 stories: the 2 newest below, newest first, and every story by month in the [archive](#archive)." in home
    assert [line for line in home.splitlines() if line.startswith("- [")] == [
        "- [March 2024](archive/2024-03.md): 2 stories",
        "- [January 2024](archive/2024-01.md): 1 story",
        "- [Undated](archive/undated.md): 1 story",
    ]
    assert sorted(path for path in pages if path.startswith("archive/")) == [
        "archive/2024-01.md", "archive/2024-03.md", "archive/undated.md"]
    march = pages["archive/2024-03.md"]
    assert "# Stories of March 2024\n\n2 stories, newest first. [All months](../index.md#archive)\n" in march
    assert "# Stories without a date\n\n1 story, by title." in pages["archive/undated.md"]
    assert [line.split("](")[1].split(")")[0] for line in march.splitlines() if line.startswith("## [")] == [
        "../stories/late-march/index.md", "../stories/bridge-closure/index.md"]
    # The archive lists every story once, each as on the home page (links aside).
    listed = [line for path, text in pages.items() if path.startswith("archive/")
              for line in text.splitlines() if line.startswith("## [")]
    assert len(listed) == len(set(listed)) == len(stories)
    entry = home.split("## [Old River Bridge closed]", 1)[1].split("## ", 1)[0]
    assert entry.rstrip("\n").replace("(stories/", "(../stories/") in march


def test_a_site_within_the_home_page_has_no_archive() -> None:
    pages = render_site((bridge_story(), single_source_story()), TEMPLATES, home_stories=2)
    assert not any(path.startswith("archive/") for path in pages)
    assert "archive" not in pages["index.md"].lower()


def test_home_counts_independent_origins_when_a_source_copies_another() -> None:
    story = bridge_story()
    copied = replace(story, origins=tuple((source.id, story.sources[0].id if index == 1 else source.id)
                                          for index, source in enumerate(story.sources)))
    home = render_site((copied,), TEMPLATES)["index.md"]
    assert "2024-03-03 · 3 sources, 2 independent origins\n" in home


def test_source_without_metadata_gets_a_readable_label_not_its_file_stem() -> None:
    story = bridge_story()
    bare = Source(id="gamma", slug="gamma", filename="gamma.txt")
    assert story.sources[2] == bare
    pages = golden_pages()
    assert "3. **Unnamed source 3**" in pages["stories/bridge-closure/index.md"]
    assert "**gamma**" not in pages["stories/bridge-closure/index.md"]
    names = [source["name"] for source in json.loads(pages["stories/bridge-closure/story.json"])["sources"]]
    assert names == ["Alpha News", "Beta & Co", "Unnamed source 3"]


def test_a_source_is_named_by_outlet_then_site_then_headline_never_by_file_stem() -> None:
    from generator.render import source_name

    bare = Source(id="001_dd9ecd64d5470c9a", slug="s", filename="001_dd9ecd64d5470c9a.txt")
    assert source_name(bare, 3) == "Unnamed source 3"
    assert source_name(replace(bare, title="Bridge shut"), 3) == "Bridge shut"
    assert source_name(replace(bare, title="Bridge shut"), 3, "https://www.example.org/a") == "example.org"
    assert source_name(replace(bare, outlet="Example Times"), 3, "https://www.example.org/a") == "Example Times"


def test_site_feed_lists_every_story_newest_first_with_escaped_text() -> None:
    import xml.etree.ElementTree as ET

    pages = render_site((bridge_story(), single_source_story(), hostile_story()), TEMPLATES)
    again = render_site((hostile_story(), bridge_story(), single_source_story()), TEMPLATES)
    assert pages["feed.xml"] == again["feed.xml"]
    root = ET.fromstring(pages["feed.xml"].encode("utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 3
    assert entries[0].find(f"{atom}title").text == "Old River Bridge closed"
    assert entries[0].find(f"{atom}updated").text == "2024-03-03T00:00:00Z"
    assert entries[0].find(f"{atom}link").get("href") == "stories/bridge-closure/"
    assert "<script>" not in pages["feed.xml"]


def test_site_feed_lists_only_the_newest_stories() -> None:
    import xml.etree.ElementTree as ET

    from generator.site_feed import FeedEntry, atom_feed

    entries = [FeedEntry(f"story-{day:02d}", f"Story {day}", f"2024-01-{day:02d}", "Text.", 2) for day in range(1, 31)]
    root = ET.fromstring(atom_feed(entries, limit=3).encode("utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    assert [entry.find(f"{atom}title").text for entry in root.findall(f"{atom}entry")] == [
        "Story 30", "Story 29", "Story 28"]
    assert root.find(f"{atom}updated").text == "2024-01-30T00:00:00Z"


def test_story_page_says_when_it_was_last_updated() -> None:
    page = golden_pages()["stories/bridge-closure/index.md"]
    assert "last updated 2024-03-03" in page


def test_derivations_are_shown_with_links_that_resolve_from_each_page() -> None:
    from dataclasses import replace

    from generator.models import Derivation

    story = bridge_story()
    derived = replace(story, origins=(("alpha", "alpha"), ("beta", "alpha"), ("gamma", "gamma")),
                      derivations=(Derivation("beta", "alpha", "rewrite", 0.1, 0.8, 1.0, False),))
    pages = render_site((derived,), ROOT / "templates")
    story_page = pages["stories/bridge-closure/index.md"]
    assert "3 sources · 2 independent origins" in story_page
    assert "[2&#46; Beta &#38; Co](sources/beta.md) is a rewrite, translation or update of [1&#46; Alpha News](sources/alpha.md)" in story_page
    source_page = pages["stories/bridge-closure/sources/beta.md"]
    assert "](../sources/beta.md) is a rewrite" in source_page and "](../sources/alpha.md) (" in source_page
    data = json.loads(pages["stories/bridge-closure/story.json"])
    assert [s["origin"] for s in data["sources"]] == ["alpha", "alpha", "gamma"]
    assert data["derivations"][0]["relation"] == "rewrite"


def test_summary_sentences_have_anchors_and_cited_sentences_link_back() -> None:
    pages = golden_pages()
    story_page = pages["stories/bridge-closure/index.md"]
    assert '<span class="fact" id="fact-1">The Old River Bridge was closed' in story_page
    assert '<span class="fact" id="fact-2">About 12,000 vehicles' in story_page
    alpha = pages["stories/bridge-closure/sources/alpha.md"]
    assert ("found a crack. [↩ summary 1](../index.md#fact-1){ .back-link "
            'title="Back to sentence 1 of the summary" }\n{ #s-1 ') in alpha
    # A sentence that says otherwise links back too: the summary cites it with ≠.
    assert "daily. [↩ summary 2](../index.md#fact-2)" in pages["stories/bridge-closure/sources/beta.md"]
    # A sentence the summary does not cite has no back link.
    assert "[sic] dollars" not in alpha and "dollars.\n{ #s-4" in alpha


def test_citation_previews_hold_the_outlet_date_and_escaped_sentence() -> None:
    page = golden_pages()["stories/bridge-closure/index.md"]
    assert ('{ .cite .cite-same-words aria-describedby="cite-f1-1-1" }<span class="cite-preview" '
            'id="cite-f1-1-1" role="tooltip">Alpha News · 2024-03-02 · same words: '
            "<q>The Old River Bridge was closed on Monday after engineers found a crack.</q></span>") in page
    hostile = render_site((hostile_story(),), TEMPLATES)["stories/hostile/index.md"]
    preview = hostile.split('<span class="cite-preview" id="cite-f1-1-1" role="tooltip">', 1)[1].split("</span>")[0]
    assert preview == ("&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62; · &#42;&#42;bold&#42;&#42; · same words: "
                       "<q>&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;</q>")


def test_preview_ids_are_unique_on_each_page() -> None:
    for path, page in render_site((bridge_story(), hostile_story()), TEMPLATES).items():
        ids = [part.split('"', 1)[0] for part in page.split('id="cite-')[1:]]
        assert len(ids) == len(set(ids)), path


def test_source_page_lists_its_single_source_facts() -> None:
    pages = golden_pages()
    alpha = pages["stories/bridge-closure/sources/alpha.md"]
    assert ("## Only in this source (1)\n\n- [sentence 4](#s-4) (unconfirmed): "
            "“Repairs will cost 3 &#42; 4 million &#91;sic&#93; dollars.” — Only one source gives the cost of repairs") in alpha
    gamma = pages["stories/bridge-closure/sources/gamma.md"]
    assert "- [sentence 2](#s-2): “A ferry will run" in gamma
    assert "Only in this source" not in pages["stories/bridge-closure/sources/beta.md"]


def test_a_fact_only_versions_of_one_article_report_has_its_own_group_not_one_source_only() -> None:
    story = bridge_story()
    ferry = story.differences[2]
    both = (ferry.claims[0], replace(ferry.claims[0], sentence=story.sentences[0]))
    versions = replace(ferry, kind="one-origin", aspect="fact", summary="Only versions of one article report this",
                       claims=both)
    pages = render_site((replace(story, differences=(versions,)),), TEMPLATES)
    differences = pages["stories/bridge-closure/differences.md"]
    assert ("## Reported only by versions of one article (1)\n\n"
            '!!! info "Only versions of one article report this"\n    - “A ferry') in differences
    assert "one source only" not in differences
    assert "1 reported only by versions of one article." in pages["stories/bridge-closure/index.md"]
    for source in ("alpha", "gamma"):
        page = pages[f"stories/bridge-closure/sources/{source}.md"]
        assert "Only in this source" not in page and ".unique" not in page, "no sentence is marked 'only here'"


def test_an_item_whose_summary_only_repeats_its_heading_carries_no_summary() -> None:
    from generator.compare import SINGLE_SOURCE_SUMMARIES

    story = bridge_story()
    ferry = story.differences[2]
    plain = replace(ferry, summary=SINGLE_SOURCE_SUMMARIES["unique"])
    added = replace(ferry, summary="Added by this source to the article it derives from",
                    claims=(replace(ferry.claims[0], sentence=story.sentences[0]),))
    pages = render_site((replace(story, differences=(plain, added)),), TEMPLATES)
    differences = pages["stories/bridge-closure/differences.md"]
    assert "— Only this source reports this" not in differences
    assert "— Added by this source to the article it derives from" in differences
    gamma = pages["stories/bridge-closure/sources/gamma.md"]
    assert "- [sentence 2](#s-2): “A ferry will run" in gamma and "Only this source reports this" not in gamma


def test_a_box_whose_items_only_repeat_the_heading_takes_the_kinds_title() -> None:
    from generator.compare import SINGLE_SOURCE_SUMMARIES

    story = bridge_story()
    ferry = replace(story.differences[2], summary=SINGLE_SOURCE_SUMMARIES["unique"])
    second = replace(ferry, claims=(replace(ferry.claims[0], sentence=story.sentences[0]),))
    page = render_site((replace(story, differences=(ferry, second)),), TEMPLATES)["stories/bridge-closure/differences.md"]
    assert '!!! info "Facts only one source reports"' in page
    assert "Only this source reports this" not in page


def test_the_digest_lists_at_most_a_few_differences_of_a_kind() -> None:
    story = bridge_story()
    conflict = story.differences[0]
    many = tuple(replace(conflict, summary=f"Difference {n}: a / b") for n in range(8))
    pages = render_site((replace(story, differences=many),), TEMPLATES)
    page = pages["stories/bridge-closure/index.md"]
    assert "### Sources disagree (8)" in page
    assert page.count("\n- Difference ") == 5
    assert "- [and 3 more](differences.md)" in page
    assert pages["stories/bridge-closure/differences.md"].count('!!! warning "Difference ') == 8


def test_source_page_says_a_reason_all_its_single_source_facts_share_once() -> None:
    story = bridge_story()
    cost = story.differences[1]
    mayor = replace(cost, claims=(replace(cost.claims[0], sentence=story.sentences[2]),))
    page = render_site((replace(story, differences=(cost, mayor)),), TEMPLATES)["stories/bridge-closure/sources/alpha.md"]
    assert "## Only in this source (2)\n\nOnly one source gives the cost of repairs:\n\n- [sentence 3](#s-3)" in page
    assert "— Only one source gives" not in page


def test_a_sentence_that_opens_with_a_quote_is_not_quoted_twice() -> None:
    from generator.text import quoted as _quoted

    assert _quoted("The bridge closed.") == "“The bridge closed.”"
    assert _quoted("“They mustn't fear the dock.”") == "“They mustn't fear the dock.”"
    # A quotation that runs on into the next sentence: the passage shown is still closed.
    assert _quoted("“They mustn't fear the dock.") == "“They mustn't fear the dock.”"
    assert _quoted('"They mustn\'t fear the dock.') == '"They mustn\'t fear the dock.”'
    assert _quoted("“Don’t,” she said.") == "“Don’t,” she said."  # closed in the sentence (’ is an apostrophe)


def test_a_quotation_closed_in_mixed_marks_or_ended_here_is_shown_balanced() -> None:
    from generator.text import quoted as _quoted

    # Opened straight, closed curly: already closed, nothing added.
    assert _quoted('"In the interest of safety, they have to decide,” she added.') == (
        '"In the interest of safety, they have to decide,” she added.')
    # The end of a quotation opened in the sentence before: only the opening mark is added.
    assert _quoted('Freedom means freedom for everyone."') == '“Freedom means freedom for everyone."'
