"""``python -m generator add URL… --story SLUG``: save web pages into a story folder.

Each page is fetched once (``generator.web``), checked (it must hold an article and
must not repeat a source the story already has, by canonical address or by text),
and saved as the bytes the server sent, with its metadata recorded in the folder's
``story.yml``: from then on every build reads the saved file and never the network,
so it is reproducible. A page that fails any check writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from .atomic import write_bytes_atomic
from .clean import clean_text
from .decoding import BinaryContentError, decode_bytes
from .errors import FetchError, GeneratorError, InputError
from .folders import STORY_FILE, read_story
from .html_input import extract_page
from .metadata import SourceMetadata
from .settings import Settings
from .slugs import slugify
from .web import Fetched, fetch

Fetcher = Callable[[str], Fetched]


@dataclass(frozen=True, slots=True)
class SavedPage:
    """A page written into a story folder, and what was recorded about it."""

    path: Path
    metadata: SourceMetadata


@dataclass(frozen=True, slots=True)
class PageCheck:
    """A fetched page read as an article: its cleaned text and metadata, before saving."""

    fetched: Fetched
    metadata: SourceMetadata
    text_key: str
    text: str = ""
    """The cleaned article text, one paragraph per line (what grouping reads)."""


def normal_address(url: str | None) -> str:
    """Return ``url`` in a form two spellings of one page share (no fragment, no trailing slash, lower-case host)."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), (parts.hostname or "").lower(), path, parts.query, ""))


def text_key(paragraphs: Iterable[str]) -> str:
    """Return a page's cleaned text in a form that two copies of one article share."""
    return " ".join(" ".join(paragraphs).casefold().split())


def read_page(fetched: Fetched) -> PageCheck:
    """Return the fetched page read as an article, or raise ``FetchError`` if it holds none."""
    try:
        decoded = decode_bytes(fetched.body)
    except BinaryContentError as error:
        raise FetchError(fetched.requested, f"{error}") from None
    page = extract_page(decoded.text)
    cleaned = clean_text(page.text) if page.text else None
    if cleaned is None or not cleaned.paragraphs:
        raise FetchError(fetched.requested, "no article found in the page (a section front, a list of links "
                         "or an error page?); nothing was saved")
    metadata = page.metadata
    url = metadata.url or fetched.url
    metadata = SourceMetadata(outlet=metadata.outlet, title=metadata.title or cleaned.headline, url=url,
                              published=metadata.published or cleaned.published,
                              author=metadata.author or cleaned.author)
    return PageCheck(fetched, metadata, text_key(cleaned.paragraphs), "\n".join(cleaned.paragraphs))


class StorySources:
    """What a story folder already holds: addresses and texts, to refuse a duplicate."""

    def __init__(self, story_dir: Path, settings: Settings) -> None:
        self.addresses: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        if not story_dir.is_dir():
            return
        report = read_story(story_dir, settings)
        if report.story is None:
            return
        for article in report.story.articles:
            if article.source.url:
                self.addresses.setdefault(normal_address(article.source.url), article.source.filename)
            self.texts.setdefault(text_key(article.paragraphs), article.source.filename)
        for address, name in _recorded_addresses(story_dir).items():
            self.addresses.setdefault(address, name)

    def duplicate_of(self, page: PageCheck) -> str | None:
        """Return the file name of the source ``page`` repeats, or ``None``."""
        for address in (page.metadata.url, page.fetched.url, page.fetched.requested):
            name = self.addresses.get(normal_address(address))
            if name:
                return f"{name} (same address)"
        name = self.texts.get(page.text_key)
        return f"{name} (same text)" if name else None

    def remember(self, page: PageCheck, filename: str) -> None:
        for address in (page.metadata.url, page.fetched.url, page.fetched.requested):
            self.addresses.setdefault(normal_address(address), filename)
        self.texts.setdefault(page.text_key, filename)


def add_pages(urls: Iterable[str], story_dir: Path, *, settings: Settings | None = None,
              fetcher: Fetcher | None = None) -> tuple[list[SavedPage], list[GeneratorError]]:
    """Fetch each address and save its page into ``story_dir``; return what was saved and what failed.

    Addresses are handled one by one in the order given; one that fails writes
    nothing and does not stop the others. ``fetcher`` defaults to ``web.fetch`` with
    the build's own size limit (``max_file_bytes``), so no page is saved that the
    build would then refuse.
    """
    settings = settings or Settings()
    fetcher = fetcher or page_fetcher(settings)
    known = StorySources(story_dir, settings)
    saved: list[SavedPage] = []
    failed: list[GeneratorError] = []
    for url in urls:
        try:
            page = read_page(fetcher(url))
            duplicate = known.duplicate_of(page)
            if duplicate:
                raise FetchError(url, f"the story already has this article: {duplicate}; nothing was saved")
            result = save_page(page, story_dir)
        except (FetchError, InputError) as error:
            failed.append(error)
            continue
        known.remember(page, result.path.name)
        saved.append(result)
    return saved, failed


def page_fetcher(settings: Settings) -> Fetcher:
    """Return ``web.fetch`` for article pages, capped at the size the build accepts."""
    return partial(fetch, max_bytes=settings.max_file_bytes)


def save_page(page: PageCheck, story_dir: Path) -> SavedPage:
    """Write the page's bytes and record its metadata in ``story.yml``; all or nothing."""
    created = not story_dir.exists()
    story_dir.mkdir(parents=True, exist_ok=True)
    name = _free_name(story_dir, page)
    target = story_dir / name
    try:
        write_bytes_atomic(target, page.fetched.body)
        entry = {key: value for key, value in (
            ("outlet", page.metadata.outlet), ("title", page.metadata.title), ("url", page.metadata.url),
            ("published", page.metadata.published), ("author", page.metadata.author)) if value}
        record_sources(story_dir, {name: entry})
    except (OSError, InputError) as error:
        target.unlink(missing_ok=True)
        if created:
            try:
                story_dir.rmdir()
            except OSError:
                pass
        if isinstance(error, InputError):
            raise
        raise InputError(story_dir, f"cannot save the page: {error.strerror or error}") from None
    return SavedPage(target, page.metadata)


def _free_name(story_dir: Path, page: PageCheck) -> str:
    base = slugify(page.metadata.title or urlsplit(page.fetched.url).path.strip("/") or
                   (urlsplit(page.fetched.url).hostname or "page"), fallback="page")
    taken = {entry.stem.lower() for entry in story_dir.iterdir()}
    name, number = base, 2
    while name.lower() in taken:
        name = f"{base}-{number}"
        number += 1
    return f"{name}.html"


def record_sources(story_dir: Path, entries: Mapping[str, Mapping[str, str]]) -> None:
    """Add per-source metadata to ``story.yml`` under ``sources:``, keeping what a person wrote.

    The entries are appended as text, so comments and layout stay; only when the
    file's shape makes that impossible (``sources`` not the last key, or written
    inline) is the file rewritten from its data. Entries already present are kept.
    """
    path = story_dir / STORY_FILE
    block = yaml.safe_dump({str(k): dict(v) for k, v in entries.items()}, sort_keys=False,
                           allow_unicode=True, default_flow_style=False, width=1000)
    indented = "".join(f"  {line}\n" for line in block.splitlines())
    if not path.exists():
        write_bytes_atomic(path, ("# Written by `python -m generator add` / `fetch`; edit freely.\n"
                                  "sources:\n" + indented).encode("utf-8"))
        return
    try:
        text = path.read_text(encoding="utf-8")
        data: Any = yaml.safe_load(text) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(path, f"is not valid YAML ({' '.join(str(error).split())}); fix it before adding "
                         "pages, nothing was saved") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources") or {}, dict):
        raise InputError(path, "must be a mapping whose 'sources' maps file names to metadata; fix it "
                         "before adding pages, nothing was saved")
    existing = data.get("sources") or {}
    new = {k: dict(v) for k, v in entries.items() if k not in existing}
    if not new:
        return
    expected = dict(data)
    expected["sources"] = {**existing, **new}
    block = yaml.safe_dump(new, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    indented = "".join(f"  {line}\n" for line in block.splitlines())
    base = text if text.endswith("\n") or not text else text + "\n"
    candidate = base + indented if "sources" in data and existing else base + "sources:\n" + indented
    if "sources" in data and not existing:
        candidate = ""  # "sources:" with nothing, or "{}": rewrite
    try:
        if candidate and yaml.safe_load(candidate) == expected:
            write_bytes_atomic(path, candidate.encode("utf-8"))
            return
    except yaml.YAMLError:
        pass
    write_bytes_atomic(path, yaml.safe_dump(expected, sort_keys=False, allow_unicode=True,
                                            default_flow_style=False, width=1000).encode("utf-8"))


def _recorded_addresses(story_dir: Path) -> dict[str, str]:
    """Addresses ``story.yml`` records per file, including files that no longer hold an article."""
    path = story_dir / STORY_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    sources = data.get("sources") if isinstance(data, dict) else None
    result: dict[str, str] = {}
    if isinstance(sources, dict):
        for name, entry in sources.items():
            if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                result[normal_address(entry["url"])] = str(name)
    return result
