"""Escaping untrusted text: it must render as exactly its own characters, with every extension the site enables."""

from __future__ import annotations

import html
import re
import string
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from render_fixtures import HOSTILE_TEXTS

from generator.markdown import SafeMarkdown, escape, fenced_code, link, safe_url

ROOT = Path(__file__).resolve().parent.parent


def _site_extensions() -> tuple[list[str], dict[str, Any]]:
    """The markdown_extensions of mkdocs.yml, so the tests follow the site's configuration."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = []
    options: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, values),) = entry.items()
            names.append(name)
            options[name] = values or {}
        else:
            names.append(entry)
    return names, options


EXTENSIONS, EXTENSION_OPTIONS = _site_extensions()


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_OPTIONS)


class _Elements(HTMLParser):
    """Collects the tags, attributes and visible text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> _Elements:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_renders_as_a_plain_paragraph_of_itself(text: str) -> None:
    result = parse(render(escape(text)))
    assert result.tags == ["p"]
    assert result.attributes == []
    assert "".join(result.text) == text


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
@pytest.mark.parametrize("layout", [
    "# {}",
    "- {}",
    "1. {}",
    "| a | b |\n| - | - |\n| {} | x |",
    '!!! note "{}"\n    body',
    '??? note "{}"\n    - {}',
    "Before {} after\n{{ .x }}",
])
def test_hostile_text_stays_text_in_every_place_a_template_puts_it(text: str, layout: str) -> None:
    plain = parse(render(layout.format("X", "X")))
    hostile = parse(render(layout.format(escape(text), escape(text))))
    assert hostile.tags == plain.tags
    assert [name for name, _ in hostile.attributes] == [name for name, _ in plain.attributes]
    assert text in "".join(hostile.text)


MARKUP_HEAVY = st.text(alphabet=string.printable + "…—“”\u00a0\u2028\u202e", max_size=60)
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.one_of(MARKUP_HEAVY, ANY_TEXT))
def test_any_text_renders_to_exactly_its_characters(text: str) -> None:
    escaped = escape(text)
    result = parse(render(escaped))
    expected = collapse("".join(c for c in text if not _dropped(c)))
    if not expected:
        assert result.tags == []
        return
    assert result.tags == ["p"]
    assert result.attributes == []
    assert collapse("".join(result.text)) == expected


def _dropped(character: str) -> bool:
    import unicodedata

    return (not character.isspace() and unicodedata.category(character) == "Cc") or character in (
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )


def test_escape_keeps_ordinary_prose_readable() -> None:
    text = "The mayor's office said 12.5 million people - a record - voted, at 10% turnout."
    escaped = escape(text)
    assert "12.5" in escaped and " - a record - " in escaped and "10%" in escaped
    assert escape("- By a reporter").startswith("&#45;")
    assert escape("3. Third").startswith("3&#46;")


def test_escape_drops_control_and_bidi_characters_and_collapses_lines() -> None:
    assert escape("a\u202eb\x07c\n\n    d\te") == "abc d e"


def test_escape_leaves_safe_markdown_alone() -> None:
    built = SafeMarkdown("[1](a.md#s-1)")
    assert escape(built) is built
    assert escape(escape("<b>")) == escape("<b>")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>",
    "vbscript:x", "//evil.example/x", "/relative/path", "relative.html", "http://", "https:///path",
    "http://exa mple.com", "http://example.com/\x00", "", None, "mailto:a@b.c", "ftp://example.com",
])
def test_safe_url_refuses_anything_but_absolute_http(url: str | None) -> None:
    assert safe_url(url) is None


def test_safe_url_encodes_characters_that_could_end_a_link() -> None:
    url = safe_url("https://example.org/a_(b)\"<x>'y z")
    assert url is None  # a space is not part of a URL
    url = safe_url("https://example.org/a_(b)\"<x>'y?q=1&r=2#frag")
    assert url == "https://example.org/a_%28b%29%22%3Cx%3E%27y?q=1&r=2#frag"
    result = parse(render(link("example", url)))
    assert result.tags == ["p", "a"]
    assert dict(result.attributes)["href"] == url


def test_link_refuses_unsafe_targets_and_titles_from_text() -> None:
    with pytest.raises(ValueError):
        link("x", "a.md) [y](javascript:alert(1)")
    with pytest.raises(ValueError):
        link("x", "a.md", title='a" onmouseover="alert(1)')
    result = parse(render(link("<b>label</b>", "a.md#s-2", title="Source 1, sentence 2", classes=("cite",))))
    assert result.tags == ["p", "a"]
    assert dict(result.attributes) == {"href": "a.md#s-2", "title": "Source 1, sentence 2", "class": "cite"}
    assert "".join(result.text) == "<b>label</b>"


def test_escaped_text_is_also_inert_for_html() -> None:
    # Character references for < > & " mean the text cannot open a tag or attribute.
    escaped = escape("<a href=\"x\" onclick='y'>&amp;")
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert html.unescape(escaped) == "<a href=\"x\" onclick='y'>&amp;"


PREVIEW_HOSTILE = (*HOSTILE_TEXTS, '"', "'\" onmouseover=\"alert(1)", "{", "} </span><script>x</script>",
                   "</q></span>[x](javascript:alert(1))", "&lt;b&gt; &amp; &#60;", "{{ page.title }} {% raw %}")


@pytest.mark.parametrize("text", PREVIEW_HOSTILE)
def test_escaped_text_inside_the_generators_raw_html_stays_text(text: str) -> None:
    # A citation preview puts escaped source text between the generator's own HTML tags,
    # right after a link with attributes (generator.render.StoryView.citation).
    chip = link("1 BBC", "sources/a.md#s-1", classes=("cite",), described_by="cite-f1-1-1")
    markup = (f'Sentence.<span class="cite-wrap">{chip}<span class="cite-preview" id="cite-f1-1-1" '
              f'role="tooltip">{escape("Outlet " + text)}: <q>{escape(text)}</q></span></span>')
    result = parse(render(markup))
    assert result.tags == ["p", "span", "a", "span", "q"]
    assert sorted(name for name, _ in result.attributes) == [
        "aria-describedby", "class", "class", "class", "href", "id", "role"]
    assert dict(result.attributes)["href"] == "sources/a.md#s-1"
    expected = collapse(f"Sentence.1 BBCOutlet {text}: {text}")
    assert collapse("".join(result.text)) == expected


def test_link_refuses_an_unsafe_described_by_id() -> None:
    with pytest.raises(ValueError):
        link("x", "a.md", described_by='a" onmouseover="alert(1)')
    with pytest.raises(ValueError):
        link("x", "a.md", described_by="{{ config }}")


@pytest.mark.parametrize("text", ["python -m generator evaluate", "a ``` b", "x `````` y\n```\n<script>"])
def test_fenced_code_cannot_be_closed_by_its_text(text: str) -> None:
    block = fenced_code(text, "sh")
    fence = block.split("sh\n", 1)[0]
    assert set(fence) == {"`"} and len(fence) >= 3
    assert block == f"{fence}sh\n{text}\n{fence}"
    assert fence not in text


def test_fenced_code_refuses_a_language_that_is_not_a_plain_word() -> None:
    with pytest.raises(ValueError):
        fenced_code("x", "sh onclick=y")
