"""Reading story folders: every kind of bad input is either handled or refused with a clear message.

Each test writes the bytes it needs into ``tmp_path``; no fixture files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.decoding import BinaryContentError, decode_bytes
from generator.errors import InputError
from generator.folders import discover_stories, load_stories, load_story, read_story
from generator.html_input import html_to_text, looks_like_html
from generator.markdown_input import markdown_to_text
from generator.models import StoryInput
from generator.settings import Settings

SETTINGS = Settings()

PARAGRAPH_ONE = ("The city council approved the new budget on Tuesday after a long debate. "
                 "Members voted nine to four in favour of the plan.")
PARAGRAPH_TWO = ("The mayor said the money would pay for repairs to three bridges. "
                 "Work is expected to start in the spring and last two years.")
ARTICLE = f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def story_dir(tmp_path: Path, name: str = "story") -> Path:
    return tmp_path / "seeds" / name


def text_of(story: StoryInput, source_id: str) -> str:
    article = next(a for a in story.articles if a.source.id == source_id)
    return "\n".join(article.paragraphs)


def only_error(tmp_path: Path, folder: Path | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        load_story(folder or story_dir(tmp_path), SETTINGS)
    return caught.value


# ----------------------------------------------------------------------- folders


def test_missing_seeds_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="seeds folder not found") as caught:
        discover_stories(tmp_path / "nowhere")
    assert "nowhere" in str(caught.value)


def test_seeds_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "seeds", ARTICLE)
    with pytest.raises(InputError, match="is not a folder"):
        discover_stories(path)


def test_empty_seeds_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    with pytest.raises(InputError, match="no story folders"):
        load_stories(tmp_path / "seeds", SETTINGS)


def test_hidden_entries_are_skipped_and_story_folders_sorted_by_name(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    for name in ("b-story", "a-story", ".git"):
        write(seeds / name, "x.txt", ARTICLE)
    write(seeds / "a-story", ".DS_Store", b"\x00\x01")
    assert [path.name for path in discover_stories(seeds)] == ["a-story", "b-story"]
    assert load_story(seeds / "a-story", SETTINGS).warnings == ()


def test_story_folder_without_articles_is_an_error_and_other_files_are_warned(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "photo.jpg", b"\xff\xd8\xff\xe0")
    error = only_error(tmp_path)
    assert "no article files (.txt or .md)" in str(error)
    assert str(folder) in str(error)
    report = read_story(folder, SETTINGS)
    assert any("photo.jpg" in w and "ignored" in w for w in report.warnings)


def test_other_files_are_ignored_with_a_warning_naming_them(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "notes.docx", b"PK\x03\x04")
    write(folder, "story.yaml", "title: x\n")
    (folder / "extra").mkdir()
    story = load_story(folder, SETTINGS)
    assert [a.source.id for a in story.articles] == ["a"]
    assert any("notes.docx" in w for w in story.warnings)
    assert any("story.yaml" in w and "did you mean story.yml" in w for w in story.warnings)
    assert any("extra" in w and "sub-folder" in w for w in story.warnings)


def test_one_source_loads(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "only.txt", ARTICLE)
    story = load_story(story_dir(tmp_path), SETTINGS)
    assert len(story.articles) == 1
    assert PARAGRAPH_ONE in text_of(story, "only")


def test_byte_identical_sources_are_both_kept_with_a_warning(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "b.txt", ARTICLE)
    story = load_story(folder, SETTINGS)
    assert [a.source.id for a in story.articles] == ["a", "b"]
    assert any("b.txt" in w and "byte-identical to a.txt" in w for w in story.warnings)


def test_same_text_in_another_encoding_is_warned_as_a_copy(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "b.txt", b"\xff\xfe" + ARTICLE.encode("utf-16-le"))
    story = load_story(folder, SETTINGS)
    assert len(story.articles) == 2
    assert any("b.txt" in w and "same text as a.txt" in w for w in story.warnings)


def test_near_copies_are_fine(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "b.txt", ARTICLE.replace("Tuesday", "Wednesday"))
    story = load_story(folder, SETTINGS)
    assert len(story.articles) == 2
    assert not any("identical" in w or "same text" in w for w in story.warnings)


def test_sources_are_sorted_by_id_not_file_system_order(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    for name in ("zeta.txt", "Alpha.md", "beta.txt", "10.txt", "9.txt"):
        write(folder, name, ARTICLE.replace("Tuesday", name))
    ids = [a.source.id for a in load_story(folder, SETTINGS).articles]
    assert ids == sorted(ids) == ["10", "9", "Alpha", "beta", "zeta"]


def test_two_files_with_the_same_stem_are_an_error(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "a.md", ARTICLE)
    error = only_error(tmp_path)
    assert "a.txt" in str(error) and "rename" in str(error)


# ------------------------------------------------------------------ empty / size


def test_empty_and_whitespace_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "empty.txt", b"")
    write(folder, "blank.md", b" \n\t\r\n  \n")
    story = load_story(folder, SETTINGS)
    assert [a.source.id for a in story.articles] == ["a"]
    assert any("empty.txt: is empty; skipped" in w for w in story.warnings)
    assert any("blank.md: contains only whitespace; skipped" in w for w in story.warnings)


def test_only_empty_files_is_an_error(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "empty.txt", b"")
    write(folder, "blank.txt", b"   \n")
    error = only_error(tmp_path)
    assert "no usable article" in str(error)
    assert "empty.txt" in str(error) and "blank.txt" in str(error)


def test_file_without_sentence_punctuation_loads(tmp_path: Path) -> None:
    words = "police say the road will stay closed until further notice while engineers inspect the bridge"
    write(story_dir(tmp_path), "a.txt", words + "\n")
    story = load_story(story_dir(tmp_path), SETTINGS)
    assert "engineers inspect the bridge" in text_of(story, "a")


def test_single_one_megabyte_line_loads(tmp_path: Path) -> None:
    sentence = "The committee met again today and agreed on a new timetable for the project. "
    line = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    write(story_dir(tmp_path), "long.txt", line)
    story = load_story(story_dir(tmp_path), SETTINGS)
    assert "new timetable" in text_of(story, "long")
    # The Markdown path alone (clean_text is exercised above): unclosed marks must
    # not make the inline patterns backtrack over the whole line.
    text, _removed = markdown_to_text("**" + line + " [link](http://x.org) *x `y")
    assert text.startswith("**The committee") and text.endswith(" link *x `y")


def test_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "big.txt", "word " * 1000)
    with pytest.raises(InputError) as caught:
        load_story(story_dir(tmp_path), Settings(max_file_bytes=2000))
    message = str(caught.value)
    assert "big.txt" in message and "2,000 bytes" in message and "max_file_bytes" in message


# --------------------------------------------------------------------- encodings


def test_utf8_with_bom(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.md", b"\xef\xbb\xbf---\ntitle: Caf\xc3\xa9 news\n---\n" + ARTICLE.encode())
    story = load_story(story_dir(tmp_path), SETTINGS)
    assert "\ufeff" not in text_of(story, "a")
    assert story.articles[0].source.title == "Café news"


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom(tmp_path: Path, codec: str, bom: bytes) -> None:
    text = ARTICLE.replace("budget", "budget für Köln “now”")
    write(story_dir(tmp_path), "a.txt", bom + text.encode(codec))
    story = load_story(story_dir(tmp_path), SETTINGS)
    assert "budget für Köln “now”" in text_of(story, "a")
    assert story.warnings == ()


def test_utf16_without_bom_is_recognised() -> None:
    decoded = decode_bytes(ARTICLE.encode("utf-16-le"))
    assert decoded.text == ARTICLE and decoded.encoding == "utf-16-le"
    assert any("byte order mark" in note for note in decoded.notes)


def test_windows_1252_curly_quotes(tmp_path: Path) -> None:
    data = b"The mayor said \x93we will build it\x94 and the caf\xe9 owner agreed \x96 loudly. " + \
        PARAGRAPH_TWO.encode()
    write(story_dir(tmp_path), "a.txt", data)
    story = load_story(story_dir(tmp_path), SETTINGS)
    text = text_of(story, "a")
    assert "“we will build it”" in text and "café" in text and "– loudly" in text
    assert any("a.txt" in w and "Windows-1252" in w for w in story.warnings)


def test_utf8_with_a_few_windows_1252_bytes_keeps_both() -> None:
    decoded = decode_bytes("Zoë said “yes”".encode() + b" and \x93no\x94.")
    assert decoded.text == "Zoë said “yes” and “no”."
    assert any("mixes UTF-8" in note for note in decoded.notes)


def test_bytes_no_encoding_reads_become_replacement_with_a_warning() -> None:
    decoded = decode_bytes(b"Budget talks \x81 resumed today.")
    assert decoded.text == "Budget talks \ufffd resumed today."
    assert any("replaced with U+FFFD" in note for note in decoded.notes)


def test_crlf_and_lone_cr_become_newlines(tmp_path: Path) -> None:
    data = f"{PARAGRAPH_ONE}\r\n\r\n{PARAGRAPH_TWO}\r\rA third paragraph says more about the plan today.\r"
    write(story_dir(tmp_path), "a.txt", data)
    story = load_story(story_dir(tmp_path), SETTINGS)
    text = text_of(story, "a")
    assert "\r" not in text
    assert PARAGRAPH_ONE in text and PARAGRAPH_TWO in text
    assert decode_bytes(data.encode()).text == (
        f"{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}\n\nA third paragraph says more about the plan today.\n")


def test_a_few_nul_bytes_are_stripped_with_a_warning(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.txt", ARTICLE.replace("budget", "bud\x00get").encode() + b"\x00")
    story = load_story(story_dir(tmp_path), SETTINGS)
    assert "\x00" not in text_of(story, "a") and "budget" in text_of(story, "a")
    assert any("a.txt" in w and "2 NUL" in w for w in story.warnings)


def test_mostly_binary_file_is_refused(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.txt", bytes(range(256)) * 20)
    error = only_error(tmp_path)
    assert "a.txt" in str(error) and "looks like a binary file" in str(error)


def test_png_saved_as_txt_is_refused(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x10" * 64)
    error = only_error(tmp_path)
    assert "photo.txt" in str(error)
    assert "looks like a binary file (a PNG image)" in str(error)
    assert "plain text" in str(error)


def test_control_characters_are_removed() -> None:
    decoded = decode_bytes(b"Red \x1b[31malert\x1b[0m ends\x07 here.\x0cNext page starts.")
    assert decoded.text == "Red alert ends here.\nNext page starts."
    with pytest.raises(BinaryContentError):
        decode_bytes(b"\x01\x02\x03\x04\x05\x06abc" * 10)


# --------------------------------------------------------------------- markup


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Budget passes | City Paper</title>
<meta property="og:site_name" content="City Paper">
<meta property="og:url" content="javascript:alert(1)">
<meta name="author" content="Jane Roe">
<style>p { color: red }</style><script>var secret = "do not show";</script></head>
<body><nav><ul><li>Home</li><li>Sport</li></ul></nav>
<article><h1>Council passes the budget</h1>
<p>The city council approved the new budget on <b>Tuesday</b> after a long debate.</p>
<p>Members voted nine to four &amp; the mayor welcomed it.</p>
<ul><li>Bridges will be repaired first.</li></ul>
<div hidden><p>Hidden teaser text</p></div>
</article><footer><p>Copyright City Paper</p></footer></body></html>
"""


def test_html_page_saved_as_txt_keeps_visible_text(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "page.txt", HTML_PAGE)
    story = load_story(story_dir(tmp_path), SETTINGS)
    text = text_of(story, "page")
    assert "approved the new budget on Tuesday after a long debate." in text
    assert "nine to four & the mayor" in text
    for hidden in ("secret", "color: red", "Home", "Copyright", "Hidden teaser", "<", ">"):
        assert hidden not in text
    source = story.articles[0].source
    assert source.outlet == "City Paper" and source.author == "Jane Roe"
    assert source.url is None  # a javascript: address never survives
    assert any("page.txt" in w and "HTML page" in w for w in story.warnings)


def test_html_to_text_puts_blocks_on_their_own_paragraph() -> None:
    text, metadata = html_to_text("<h2>Heading</h2><p>One <i>two</i></p><li>Three</li>")
    assert text.split("\n\n") == ["Heading", "One two", "Three"]
    assert metadata.title is None


def test_prose_mentioning_a_tag_is_not_html() -> None:
    assert not looks_like_html("Engineers used the <p> tag. Then <div> and <span> too.")
    assert looks_like_html("  <p>One</p><p>Two</p>")
    assert not looks_like_html("<p>One</p><p>Two</p>", document_only=True)


MARKDOWN = """# Council passes the *budget*

The city council [approved](https://example.org/a "title") the new **budget** on Tuesday
after a long debate, see [the report][rep] and <https://example.org/raw>.

![A bridge](https://example.org/bridge.png) ![x][img]

| Item | Cost |
|------|-----:|
| Bridges | 10 |

> - Members voted _nine to four_ in favour[^1].
1. Work starts in `spring`.

```
print("code")
```

Setext heading
--------------

<span class="x">Inline html</span> stays as text, \\*escaped\\* too.

[rep]: https://example.org/report
[img]: https://example.org/i.png
[^1]: A footnote.
"""


def test_markdown_keeps_words_and_drops_all_syntax() -> None:
    text, removed = markdown_to_text(MARKDOWN)
    paragraphs = text.split("\n\n")
    assert paragraphs == [
        "Council passes the budget",
        "The city council approved the new budget on Tuesday after a long debate, see the report and .",
        "Members voted nine to four in favour.",
        "Work starts in spring.",
        "Setext heading",
        "Inline html stays as text, *escaped* too.",
    ]
    reasons = {line.reason for line in removed}
    assert {"Markdown table", "Markdown code block", "Markdown link definition", "Markdown footnote"} <= reasons
    assert any(line.text == "| Bridges | 10 |" for line in removed)


def test_markdown_file_has_no_syntax_in_its_sentences(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.md", MARKDOWN + "\n" + ARTICLE)
    story = load_story(story_dir(tmp_path), SETTINGS)
    text = text_of(story, "a")
    for syntax in ("](", "![", "http", "| ", "**", "`", "[^", "<span", "# "):
        assert syntax not in text
    assert "Members voted nine to four in favour." in text


def test_txt_file_loses_markdown_links_and_images(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.txt",
          "The council [approved](javascript:alert(1)) the budget ![img](http://x/y.png) on Tuesday "
          "after a long debate in the chamber.\n\n" + PARAGRAPH_TWO)
    text = text_of(load_story(story_dir(tmp_path), SETTINGS), "a")
    assert "The council approved the budget  on Tuesday" in text or "The council approved the budget on" in text
    assert "javascript" not in text and "](" not in text


# ------------------------------------------------------------------- metadata


def test_front_matter_sets_metadata_and_story_yml_wins(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.md", "---\noutlet: Front Outlet\ntitle: Front title\nurl: https://example.org/a\n"
          "published: 2024-03-01\nauthor: A. Writer\n---\n" + ARTICLE)
    write(folder, "story.yml", "title: The budget story\npublished: 2024-03-02\n"
          "sources:\n  a:\n    outlet: Override Outlet\n")
    story = load_story(folder, SETTINGS)
    source = story.articles[0].source
    assert (source.outlet, source.title, source.url, source.published, source.author) == (
        "Override Outlet", "Front title", "https://example.org/a", "2024-03-01", "A. Writer")
    assert story.title == "The budget story" and story.published == "2024-03-02"
    assert story.slug == "the-budget-story"
    assert "Front Outlet" not in text_of(story, "a") and "---" not in text_of(story, "a")


def test_malformed_front_matter_names_file_and_line(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.md", "---\noutlet: Paper\ntitle: [unclosed\n---\n" + ARTICLE)
    message = str(only_error(tmp_path))
    assert "a.md" in message and "front matter is not valid YAML" in message
    assert "line 4" in message or "line 3" in message


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.md", "---\ntitle: x\n" + ARTICLE)
    assert "never closed" in str(only_error(tmp_path))


def test_unknown_keys_are_warned_not_silently_ignored(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.md", "---\ntitle: T\ntags: [x]\n---\n" + ARTICLE)
    write(folder, "story.yml", "title: S\nsummary: no\noutlet: misplaced\nsources:\n  a.md:\n    lang: en\n")
    story = load_story(folder, SETTINGS)
    warnings = "\n".join(story.warnings)
    assert "a.md: front matter: unknown key 'tags'" in warnings
    assert "story.yml: unknown key 'summary'" in warnings
    assert "per-source metadata goes under 'sources:'" in warnings
    assert "unknown key 'lang'" in warnings


@pytest.mark.parametrize("yaml_text, expected", [
    ("title: [a, b]\n", "title must be text, not a list"),
    ("title: yes\n", "title must be text, not true/false"),
    ("published: {a: 1}\n", "published must be text, not a mapping"),
])
def test_wrong_types_are_errors(tmp_path: Path, yaml_text: str, expected: str) -> None:
    write(story_dir(tmp_path), "a.md", "---\n" + yaml_text + "---\n" + ARTICLE)
    message = str(only_error(tmp_path))
    assert "a.md" in message and expected in message and "quoted string" in message


def test_malformed_story_yml_names_the_line(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "story.yml", "title: ok\nsources:\n  a:\n   outlet: x\n  - broken\n")
    message = str(only_error(tmp_path))
    assert "story.yml" in message and "not valid YAML" in message and "line 5" in message


@pytest.mark.parametrize("yaml_text, expected", [
    ("- a\n- b\n", "must be a mapping"),
    ("sources: [a]\n", "sources must map article file names"),
    ("sources:\n  missing.txt: {outlet: x}\n", "'missing.txt' names no file in this folder"),
    ("sources:\n  ../other/a.txt: {outlet: x}\n", "is a path"),
    ("sources:\n  /etc/passwd: {outlet: x}\n", "is a path"),
    ("sources:\n  1: {outlet: x}\n", "write the file name in quotes"),
    ("sources:\n  a: [x]\n", "must be a mapping of outlet"),
    ("sources:\n  notes.pdf: {}\n", "is not an article file"),
    ("sources:\n  a: {}\n  a.txt: {}\n", "both name a.txt"),
    ("title: !!python/object:os.system x\n", "not valid YAML"),
])
def test_bad_story_yml_is_an_error_naming_it(tmp_path: Path, yaml_text: str, expected: str) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "notes.pdf", b"%PDF-1.4")
    write(folder, "story.yml", yaml_text)
    message = str(only_error(tmp_path))
    assert "story.yml" in message and expected in message


def test_empty_story_yml_is_fine(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.txt", ARTICLE)
    write(story_dir(tmp_path), "story.yml", "")
    assert load_story(story_dir(tmp_path), SETTINGS).title is None


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                                 "ftp://example.org/a", "//example.org/a", "https://", "http://ex ample.org",
                                 "https://example.org/\"onmouseover=\"x"])
def test_urls_that_are_not_plain_http_are_dropped_with_a_warning(tmp_path: Path, url: str) -> None:
    write(story_dir(tmp_path), "a.md", f"---\nurl: '{url}'\n---\n" + ARTICLE)
    story = load_story(story_dir(tmp_path), SETTINGS)
    assert story.articles[0].source.url is None
    assert any("a.md" in w and "not an http(s) address" in w for w in story.warnings)


def test_http_url_is_kept(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.md", "---\nurl: HTTP://Example.org/path?q=1\n---\n" + ARTICLE)
    assert load_story(story_dir(tmp_path), SETTINGS).articles[0].source.url == "HTTP://Example.org/path?q=1"


# ------------------------------------------------------------------- symlinks


def test_symlink_out_of_the_seeds_tree_is_refused(tmp_path: Path) -> None:
    secret = write(tmp_path / "outside", "secret.txt", ARTICLE)
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    os.symlink(secret, folder / "b.txt")
    message = str(only_error(tmp_path))
    assert "b.txt" in message and "outside the seeds folder" in message


def test_story_folder_symlinked_out_of_the_tree_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "outside", "a.txt", ARTICLE)
    (tmp_path / "seeds").mkdir()
    os.symlink(tmp_path / "outside", tmp_path / "seeds" / "linked")
    with pytest.raises(InputError, match="outside the seeds folder"):
        load_stories(tmp_path / "seeds", SETTINGS)


def test_symlinked_story_yml_out_of_the_tree_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside", "story.yml", "title: x\n")
    write(story_dir(tmp_path), "a.txt", ARTICLE)
    os.symlink(outside, story_dir(tmp_path) / "story.yml")
    assert "outside the seeds folder" in str(only_error(tmp_path))


def test_symlink_inside_the_tree_is_followed_and_broken_one_refused(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    original = write(seeds / "one", "a.txt", ARTICLE)
    write(seeds / "two", "b.txt", ARTICLE.replace("Tuesday", "Friday"))
    os.symlink(original, seeds / "two" / "a.txt")
    stories = load_stories(seeds, SETTINGS)
    assert [a.source.id for a in stories[1].articles] == ["a", "b"]
    os.symlink(seeds / "gone.txt", seeds / "two" / "c.txt")
    assert "broken symlink" in str(only_error(tmp_path, seeds / "two"))


def test_two_stories_with_the_same_slug_are_disambiguated(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    for folder in ("first", "second"):
        write(seeds / folder, "a.txt", ARTICLE)
        write(seeds / folder, "story.yml", "title: Budget Passes!\n")
    write(seeds / "Budget passes", "a.txt", ARTICLE)
    stories = load_stories(seeds, SETTINGS)
    assert [(s.directory.name, s.slug) for s in stories] == [
        ("Budget passes", "budget-passes"), ("first", "budget-passes-2"), ("second", "budget-passes-3")]
    assert any("already used by" in w and "Budget passes" in w for w in stories[1].warnings)
    assert stories[0].warnings == ()


def test_non_ascii_titles_and_folder_names(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    write(seeds / "Élections à Paris", "a.txt", ARTICLE)
    write(seeds / "新闻", "a.txt", ARTICLE)
    write(seeds / "b", "a.txt", ARTICLE)
    write(seeds / "b", "story.yml", "title: Выборы\n".encode())
    slugs = [story.slug for story in load_stories(seeds, SETTINGS)]
    assert slugs[0].startswith("story-") and slugs[1] == "elections-a-paris" and slugs[2].startswith("story-")
    assert len(set(slugs)) == 3


def test_file_names_with_spaces_quotes_and_unicode(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    names = ["a b.txt", "a_b.txt", "it's “quoted”.txt", "Ünïcode — name.md", "index.txt", "新闻.txt"]
    for number, name in enumerate(names):
        write(folder, name, ARTICLE.replace("Tuesday", f"day {number}"))
    story = load_story(folder, SETTINGS)
    by_id = {a.source.id: a.source for a in story.articles}
    assert by_id["a b"].slug == "a-b" and by_id["a_b"].slug == "a-b-2"
    assert by_id["it's “quoted”"].slug == "its-quoted"
    assert by_id["Ünïcode — name"].slug == "unicode-name"
    assert by_id["Ünïcode — name"].filename == "Ünïcode — name.md"
    assert by_id["index"].slug == "index-2"
    assert by_id["新闻"].slug.startswith("source-")
    slugs = [source.slug for source in by_id.values()]
    assert len(set(slugs)) == len(slugs)
    assert all(slug.isascii() and slug == slug.lower() and " " not in slug for slug in slugs)


def test_fifo_named_like_an_article_is_skipped_without_blocking(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "a.txt", ARTICLE)
    os.mkfifo(story_dir(tmp_path) / "pipe.txt")
    story = load_story(story_dir(tmp_path), SETTINGS)
    assert [a.source.id for a in story.articles] == ["a"]
    assert any("pipe.txt: not a regular file" in w for w in story.warnings)


def test_control_character_in_file_name_is_an_error(tmp_path: Path) -> None:
    write(story_dir(tmp_path), "bad\nname.txt", ARTICLE)
    assert "control characters" in str(only_error(tmp_path))


def test_text_in_other_languages_does_not_crash(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "zh.txt", "市议会周二通过了新预算。议员以九票对四票支持该计划。\n")
    write(folder, "ar.txt", "وافق مجلس المدينة على الميزانية الجديدة يوم الثلاثاء. صوت الأعضاء لصالح الخطة.\n")
    write(folder, "ru.md", "# Бюджет\n\nГородской совет одобрил новый бюджет во вторник.\n")
    write(folder, "hi.txt", "नगर परिषद ने मंगलवार को नया बजट मंजूर किया।\n".encode("utf-16"))
    story = load_story(folder, SETTINGS)
    assert [a.source.id for a in story.articles] == ["ar", "hi", "ru", "zh"]
    assert "नया बजट" in text_of(story, "hi")


# ------------------------------------------------------------------ issue 13: faults


def test_fifo_named_story_yml_is_an_error_not_a_hang(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    os.mkfifo(folder / "story.yml")
    error = only_error(tmp_path)
    assert "story.yml" in str(error) and "not a regular file" in str(error) and "FIFO" in str(error)


def test_fifo_article_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    os.mkfifo(folder / "b.txt")
    report = read_story(folder, SETTINGS)
    assert report.story is not None and [a.source.id for a in report.story.articles] == ["a"]
    assert any("b.txt" in warning and "not a regular file" in warning for warning in report.warnings)


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-30", "2024-00-10"])
def test_impossible_date_in_story_yml_is_an_error_naming_file_and_field(tmp_path: Path, date: str) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    write(folder, "story.yml", f"title: T\npublished: {date}\n")
    error = only_error(tmp_path)
    assert "story.yml" in str(error) and f"published '{date}' is not a real date" in str(error)


def test_impossible_date_in_front_matter_is_an_error_naming_file_and_field(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.md", f"---\noutlet: X\npublished: 2023-02-30\n---\n{ARTICLE}")
    error = only_error(tmp_path)
    assert "a.md" in str(error) and "front matter: published '2023-02-30' is not a real date" in str(error)


def test_real_dates_still_read_as_dates(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.md", f"---\npublished: 2024-02-29\n---\n{ARTICLE}")
    write(folder, "story.yml", "published: 2024-03-01 10:30:00\n")
    story = load_story(folder, SETTINGS)
    assert story.published == "2024-03-01T10:30:00"
    assert story.articles[0].source.published == "2024-02-29"


def test_check_lists_every_problem_including_impossible_dates(tmp_path: Path) -> None:
    from generator.check import check_seeds

    seeds = tmp_path / "seeds"
    write(seeds / "one", "a.txt", ARTICLE)
    write(seeds / "one", "story.yml", "published: 2024-13-45\n")
    write(seeds / "one", "b.md", f"---\npublished: 2023-02-30\n---\n{ARTICLE}")
    write(seeds / "two", "a.txt", ARTICLE)
    os.mkfifo(seeds / "two" / "story.yml")
    problems = check_seeds(seeds, SETTINGS)
    errors = [str(problem) for problem in problems if problem.kind == "error"]
    assert len(errors) == 3
    assert any("one/story.yml" in e for e in errors) and any("b.md" in e for e in errors)
    assert any("two/story.yml" in e and "FIFO" in e for e in errors)


def test_odd_length_utf16_without_bom_is_read_not_called_binary() -> None:
    data = ("The council approved the budget on Tuesday. " * 3).encode("utf-16-le") + b"\x00"
    decoded = decode_bytes(data)
    assert decoded.text.startswith("The council approved the budget")
    assert any("odd number of bytes" in note for note in decoded.notes)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders without permission")
def test_story_folder_without_execute_permission_is_named_as_such(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", ARTICLE)
    folder.chmod(0o600)
    try:
        error = only_error(tmp_path)
    finally:
        folder.chmod(0o755)
    assert "permission denied" in str(error) and "symlink loop" not in str(error)


def test_unclosed_svg_on_the_first_line_keeps_the_rest_of_the_article(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", f"<svg width='10'><p>{PARAGRAPH_ONE}</p>\n<p>{PARAGRAPH_TWO}</p><div>End.</div>")
    report = read_story(folder, SETTINGS)
    assert report.story is not None
    assert PARAGRAPH_TWO in text_of(report.story, "a")
    assert any("<svg> element is never closed" in warning for warning in report.warnings)


def test_html_lists_what_it_removes_including_cdata(tmp_path: Path) -> None:
    folder = story_dir(tmp_path)
    write(folder, "a.txt", f"<html><body><nav>Menu Home</nav><p>{PARAGRAPH_ONE}</p>"
                           f"<p>Two <![CDATA[hidden words]]> end.</p><script>var x = 1;</script></body></html>")
    story = load_story(folder, SETTINGS)
    removed = {(line.text, line.reason) for line in story.articles[0].removed}
    assert ("Menu Home", "HTML <nav> element") in removed
    assert ("hidden words", "HTML <![...]> section") in removed
    assert ("var x = 1;", "HTML <script> element") in removed


@pytest.mark.parametrize("opening", ["<script>", "<style>", "<title>", "<svg><nav>"])
def test_any_unclosed_element_that_would_swallow_the_rest_keeps_the_article(opening: str) -> None:
    from generator.html_input import read_html

    page = read_html(f"{opening}\n<p>{PARAGRAPH_ONE}</p><p>{PARAGRAPH_TWO}</p><div>End.</div>")
    assert PARAGRAPH_ONE in page.text and PARAGRAPH_TWO in page.text
    assert page.unclosed and page.unclosed.startswith(opening.split(">")[0] + ">")
