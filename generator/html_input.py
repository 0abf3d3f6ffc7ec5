"""HTML to text, offline: saved web pages (``.html``, ``.htm``) and HTML pasted into article files.

Finding the article in a news page (and leaving out menus, related links, comments,
cookie banners and subscription prompts) is a solved, measured problem: trafilatura
scores F1 0.909 on 750 pages in its authors' evaluation, against 0.801 for
readability-lxml. So a saved page goes through trafilatura first (``extract_page``),
which also reads the title, site name, author, date and canonical link. When it
finds no article (a page that is mostly a list of links, or one it cannot parse),
the hand-written ``html.parser`` walk (``read_html``) keeps the page's visible
text instead, so no page is dropped silently. The same walk reads a ``.txt`` or
``.md`` file that turns out to be an HTML page (``looks_like_html``), listing
what it drops as removed lines.

Nothing is fetched: trafilatura only ever receives the page's text, and its date
search is pinned (no "today" as an upper bound), so the same bytes always give the
same result. ``story.yml`` and front matter still override what is found here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from .metadata import SourceMetadata, clean_value, http_url
from .models import RemovedLine

HTML_SUFFIXES = (".html", ".htm")
"""File name endings read as saved web pages."""

_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2999-12-31"}
"""trafilatura's date search: the publication date the page's markup states (meta tags,
``<time>``, JSON-LD), never a date guessed from the text, and no upper bound taken from
the clock, which would make the result depend on the day of the build."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

MIN_ARTICLE_WORDS = 25
"""Fewer words of prose than this and a page holds no article: a section front, a
list of links or an error page. A paywall teaser of two sentences still passes."""
_PROSE_MIN_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What a saved page gives: the article text and its metadata.

    ``text`` has one paragraph per block, separated by blank lines, ready for
    ``clean_text``; ``extractor`` says which reader found it (``trafilatura`` or
    ``html.parser``), so a surprising result can be traced.
    """

    text: str
    metadata: SourceMetadata
    extractor: str


def extract_page(html: str) -> ExtractedPage:
    """Return the main text and metadata of a saved news page.

    trafilatura's result when it finds an article, else the visible text that
    ``html_to_text`` keeps. Metadata found by either reader fills the other's gaps
    (trafilatura's wins): an ``og:site_name`` the fallback reads is not lost when
    trafilatura has no site name. A page with no article (see ``has_article``) gives
    empty text and the extractor ``none``, with whatever metadata it carries.
    """
    fallback_text, fallback_meta = html_to_text(html)
    found = _trafilatura(html)
    if found is not None and has_article(found[0]):
        text, metadata = found
        return ExtractedPage(text, metadata.over(fallback_meta), "trafilatura")
    metadata = found[1].over(fallback_meta) if found is not None else fallback_meta
    if has_article(fallback_text):
        return ExtractedPage(fallback_text, metadata, "html.parser")
    return ExtractedPage("", metadata, "none")


def has_article(text: str) -> bool:
    """Return whether ``text`` holds at least ``MIN_ARTICLE_WORDS`` words of prose.

    Prose is a paragraph of at least six words ending like a sentence; menus,
    headline lists and "Subscribe" buttons are neither, so a page made only of them
    has no article to summarise.
    """
    words = 0
    for paragraph in text.split("\n"):
        count = len(paragraph.split())
        if count >= _PROSE_MIN_WORDS and _SENTENCE_END.search(paragraph.strip()):
            words += count
    return words >= MIN_ARTICLE_WORDS


def _trafilatura(html: str) -> tuple[str, SourceMetadata] | None:
    import trafilatura  # imported here: it takes a moment and only saved pages need it

    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, deduplicate=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except (ValueError, TypeError, LookupError, RecursionError):
        # A page lxml cannot build a tree from: the fallback reader still tries.
        return None
    if document is None:
        return None
    values = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    lines = [" ".join(line.split()) for line in str(values.get("text") or "").split("\n")]
    paragraphs = [line for line in lines if line]
    if not paragraphs:
        return None
    date = clean_value(values.get("date"))
    metadata = SourceMetadata(
        outlet=clean_value(values.get("sitename")),
        title=clean_value(values.get("title")),
        url=http_url(values.get("url")),
        published=date if date and _ISO_DATE.match(date) else None,
        author=clean_value(values.get("author")),
    )
    return "\n\n".join(paragraphs), metadata


# --- the html.parser reader: HTML in article files, and the fallback for saved pages ----------


_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|li|ul|ol|table|tr|td|article|section|main|img|script|style|meta|"
    r"link|nav|header|footer|blockquote|em|strong|b|i)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def looks_like_html(text: str, *, document_only: bool = False) -> bool:
    """Return whether ``text`` is an HTML page (or a fragment of HTML elements) rather than prose.

    It must start with a tag and either carry a document marker (``<!DOCTYPE html>``,
    ``<html>``, ``<body>``) or, unless ``document_only``, at least three common
    HTML tags; prose that merely mentions a tag does not qualify.
    """
    start = text.lstrip()[:1]
    if start != "<":
        return False
    if _HTML_DOCUMENT.search(text, 0, 4096):
        return True
    if document_only:
        return False
    count = 0
    for _match in _HTML_TAG.finditer(text, 0, 65536):
        count += 1
        if count >= 3:
            return True
    return False


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page, one block element per line."""

    HIDDEN = frozenset({"script", "style", "nav", "footer", "aside", "form", "noscript", "template",
                        "svg", "math", "iframe", "object", "canvas", "button", "select", "head", "dialog"})
    BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div",
                        "section", "article", "main", "header", "figure", "figcaption", "dd", "dt",
                        "td", "th", "tr", "table", "ul", "ol", "dl", "address", "caption", "br", "hr",
                        "body", "html", "summary", "details"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "param", "source", "track", "wbr"})
    META = {"og:site_name": "outlet", "og:title": "title", "og:url": "url", "author": "author",
            "article:author": "author", "article:published_time": "published", "date": "published",
            "dc.date": "published", "citation_publication_date": "published"}

    def __init__(self, line_starts: Sequence[int] = (0,)) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = line_starts
        self.unclosed_span: tuple[int, int] | None = None
        """Where the start tag of the element never closed (``unclosed``, or a ``<title>``) lies in the source."""
        self._open_span: tuple[int, int] | None = None
        self._title_span: tuple[int, int] | None = None
        self.lines: list[str] = []
        self.meta: dict[str, str] = {}
        self.removed: list[RemovedLine] = []
        self.unclosed: str | None = None
        """The hidden element (``svg``, ``nav`` ...) still open at the end, whose text was kept."""
        self._current: list[str] = []
        self._hidden: list[str] = []
        # Text of the outermost hidden element, block by block: listed as removed when the
        # element ends, kept as article text if it never does (an unclosed <svg> on the first
        # line must not swallow the article).
        self._hidden_lines: list[str] = []
        self._hidden_current: list[str] = []
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key in self.META and values.get("content"):
                self.meta.setdefault(self.META[key], values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split() and values.get("href"):
            self.meta.setdefault("canonical", values["href"])
        if tag == "title":
            self._in_title = True
            self._title_span = self._tag_span()
        if tag == "body" and "head" in self._hidden:
            self.handle_endtag("head")  # a body starts where an unclosed head ends
        if tag in self.BLOCKS:
            self._flush()
        if tag in self.VOID:
            return
        style = values.get("style", "").replace(" ", "").lower()
        hidden = ("hidden" in values or values.get("aria-hidden", "").lower() == "true"
                  or "display:none" in style or "visibility:hidden" in style)
        # Once inside a hidden element every tag is tracked, so its end tag is found
        # even when the same tag name is nested inside it.
        if self._hidden or tag in self.HIDDEN or hidden:
            if not self._hidden:
                self._open_span = self._tag_span()
            self._hidden.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._hidden:
            outermost = self._hidden[0]
            while self._hidden and self._hidden.pop() != tag:
                pass
            if not self._hidden:
                self._flush()
                for line in self._hidden_lines:
                    self.removed.append(RemovedLine(_shortened(line), f"HTML <{outermost}> element"))
                self._hidden_lines = []
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif self._hidden:
            self._hidden_current.append(data)
        else:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        leftover = self.rawdata if self.cdata_elem else ""
        if leftover:
            # A <script> or <style> never closed: html.parser keeps what follows unread.
            self.handle_data(leftover)
            self.rawdata = ""
        self._flush()
        if self._hidden:
            self.unclosed = self._hidden[0]
            self.unclosed_span = self._open_span
            self.lines.extend(self._hidden_lines)
            self._hidden_lines = []
            self._hidden = []
        elif self._in_title:
            self.unclosed, self.unclosed_span = "title", self._title_span
        title = " ".join("".join(self._title).split())
        if title:
            self.meta.setdefault("title", title)

    def _tag_span(self) -> tuple[int, int] | None:
        """The source offsets of the start tag being handled (``getpos`` is its first character)."""
        line, column = self.getpos()
        text = self.get_starttag_text()
        if text is None or line > len(self._line_starts):
            return None
        start = self._line_starts[line - 1] + column
        return start, start + len(text)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # The standard parser asserts on unknown "<![keyword" sections (only CDATA,
        # IF, ENDIF ... are known); skip any of them to the next "]>" instead.
        end = self.rawdata.find("]>", i + 3)
        if end < 0:
            return -1
        content = " ".join(self.rawdata[i + 3:end].removeprefix("CDATA[").removesuffix("]").split())
        if content:
            self.removed.append(RemovedLine(_shortened(content), "HTML <![...]> section"))
        return end + 2

    def _flush(self) -> None:
        line = " ".join("".join(self._current).split())
        self._current = []
        if line:
            self.lines.append(line)
        hidden = " ".join("".join(self._hidden_current).split())
        self._hidden_current = []
        if hidden:
            self._hidden_lines.append(hidden)


def _shortened(text: str, limit: int = 300) -> str:
    """A removed line as listed on the source page: a script can be megabytes, its listing need not be."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class HtmlText:
    """What reading an HTML page gives: visible text, metadata, and what was removed."""

    text: str
    metadata: SourceMetadata
    removed: tuple[RemovedLine, ...] = ()
    unclosed: str | None = None
    """The hidden elements never closed, as ``"<svg>, <script>"`` (their text was kept as article text)."""


def html_to_text(html: str) -> tuple[str, SourceMetadata]:
    """Return the visible text of an HTML page, one block per paragraph, and its metadata (see ``read_html``)."""
    page = read_html(html)
    return page.text, page.metadata


def read_html(html: str) -> HtmlText:
    """Return the visible text of an HTML page, one block per paragraph, its metadata and what was removed.

    Uses the standard library's ``html.parser`` (no network, no JavaScript). Text in
    ``script``, ``style``, ``nav``, ``footer``, ``aside``, forms and hidden
    elements is dropped; headings, paragraphs and list items each become a
    paragraph. ``<title>`` and ``og:``/``article:`` meta tags become metadata.
    Everything dropped is listed in ``removed``; a hidden element that is never
    closed drops nothing (its text is kept), since a stray ``<svg>`` on the first
    line would otherwise hide the whole article.
    """
    unclosed: list[str] = []
    for _attempt in range(_MAX_UNCLOSED_TAGS + 1):
        parser = _parse_html(html)
        span = parser.unclosed_span
        if parser.unclosed is None or span is None or _attempt == _MAX_UNCLOSED_TAGS:
            break
        # Read the page again without that one start tag: its content is then parsed as the
        # rest of the page (paragraphs stay paragraphs), which no script or style mode can swallow.
        unclosed.append(parser.unclosed)
        html = html[:span[0]] + html[span[1]:]
    if parser.unclosed:
        unclosed.append(parser.unclosed)
    meta = parser.meta
    metadata = SourceMetadata(
        outlet=clean_value(meta.get("outlet")),
        title=clean_value(meta.get("title")),
        url=http_url(meta.get("canonical") or meta.get("url")),
        published=clean_value(meta.get("published")),
        author=clean_value(meta.get("author")),
    )
    return HtmlText("\n\n".join(parser.lines), metadata, tuple(parser.removed),
                    ", ".join(f"<{tag}>" for tag in dict.fromkeys(unclosed)) or None)


_MAX_UNCLOSED_TAGS = 8
"""Unclosed hidden elements taken out one by one (one parse each) before the text inside the
rest is simply kept as it stands."""


def _parse_html(html: str) -> _VisibleText:
    line_starts = [0]
    position = html.find("\n")
    while position >= 0:
        line_starts.append(position + 1)
        position = html.find("\n", position + 1)
    parser = _VisibleText(line_starts)
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        # html.parser's last line of defence against markup it cannot place; keep
        # what it read so far rather than fail on a page that is mostly fine.
        parser._flush()
    return parser
