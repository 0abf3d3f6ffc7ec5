"""``python -m generator fetch``: read outlets' feeds and file new articles into stories.

``feeds.yml`` lists RSS or Atom feeds. Each new article link is fetched and checked
like ``add`` does, then sorted by ``generator.grouping``: it joins the story folder whose
articles it resembles, or starts a new story with other new articles like it. Story
folders are never merged, split or reordered: a file a person moved by hand stays
where it was put, and counts for the folder it is in now.

Every decision (joined, new story, refused and why) is appended to ``.fetch-log.yml``
in the seeds folder, and every link in it is never fetched again, so running twice adds
nothing. The log is YAML a person can read and edit: delete an entry to try a link again.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .add import (
    PageCheck,
    StorySources,
    normal_address,
    page_fetcher,
    read_page,
    save_page,
)
from .atomic import write_bytes_atomic
from .errors import ConfigError, FetchError, GeneratorError, InputError
from .folders import discover_stories, read_story
from .grouping import Document, group_documents
from .settings import Settings
from .slugs import slugify
from .web import FEED_TYPES, Fetched, check_address, fetch

LOG_FILE = ".fetch-log.yml"
MAX_ENTRIES_PER_FEED = 50
"""Only the newest entries of a feed are read on one run: a feed is a list of recent items."""

Fetcher = Callable[..., Fetched]


@dataclass(frozen=True, slots=True)
class Decision:
    """What ``fetch`` did with one article link."""

    link: str
    feed: str
    decision: str
    """``joined`` an existing story, started a ``new story``, or was ``refused``."""
    story: str | None = None
    file: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, str]:
        values = {"link": self.link, "feed": self.feed, "decision": self.decision, "story": self.story,
                  "file": self.file, "reason": self.reason}
        return {key: value for key, value in values.items() if value is not None}


def load_feeds(path: Path) -> tuple[str, ...]:
    """Return the feed addresses listed in ``feeds.yml``; raise ``ConfigError`` naming the problem.

    The file is ``feeds:`` followed by a list of addresses or of ``{url: ...}`` mappings.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found; list the feeds as 'feeds:' followed by '- https://...' lines") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {' '.join(str(error).split())}") from None
    items = data.get("feeds") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{path}: must hold 'feeds:' followed by a list of feed addresses")
    urls = []
    for item in items:
        url = item.get("url") if isinstance(item, dict) else item
        if not isinstance(url, str):
            raise ConfigError(f"{path}: feed entry {item!r} is not an address; write '- https://...'")
        try:
            urls.append(check_address(url))
        except FetchError as error:
            raise ConfigError(f"{path}: {error}") from None
    return tuple(urls)


def read_feed(fetched: Fetched) -> tuple[str, ...]:
    """Return the article links of a fetched feed, newest first as the feed lists them.

    Raises ``FetchError`` when the answer is not an RSS or Atom feed.
    """
    import feedparser  # only fetch needs it

    # A stream, never a string: feedparser would fetch a string that looks like an address.
    parsed = feedparser.parse(io.BytesIO(fetched.body))
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        detail = f" ({' '.join(str(problem).split())})" if problem else ""
        raise FetchError(fetched.requested, f"is not an RSS or Atom feed{detail}; nothing was fetched from it")
    links = []
    for entry in parsed.entries[:MAX_ENTRIES_PER_FEED]:
        link = entry.get("link")
        if isinstance(link, str) and link.strip():
            links.append(link.strip())
    return tuple(links)


def read_log(seeds_dir: Path) -> list[dict[str, Any]]:
    """Return the decisions recorded so far (an empty list when there is no log)."""
    path = seeds_dir / LOG_FILE
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot be read ({' '.join(str(error).split())}); fix or delete it") from None
    entries = data.get("decisions") if isinstance(data, dict) else None
    return [entry for entry in entries or [] if isinstance(entry, dict)]


def fetch_feeds(feed_urls: Sequence[str], seeds_dir: Path, *, settings: Settings | None = None,
                fetcher: Fetcher = fetch) -> tuple[list[Decision], list[FetchError]]:
    """Read every feed, file its new articles into story folders, and log each decision.

    Returns the decisions taken on this run and the feeds that could not be read.
    A feed that fails writes nothing; an article that fails is logged as refused.
    """
    settings = settings or Settings()
    log = read_log(seeds_dir)
    seen = {entry.get("link") for entry in log}
    failed: list[FetchError] = []
    decisions: list[Decision] = []
    candidates: list[tuple[str, PageCheck]] = []
    known = _AllStories(seeds_dir, settings)
    fetch_page = page_fetcher(settings) if fetcher is fetch else fetcher
    for feed_url in feed_urls:
        try:
            links = read_feed(fetcher(feed_url, accept=FEED_TYPES))
        except FetchError as error:
            failed.append(error)
            continue
        for link in links:
            if link in seen:
                continue
            seen.add(link)
            try:
                page = read_page(fetch_page(link))
                duplicate = known.duplicate_of(page)
                if duplicate:
                    raise FetchError(link, f"already in the seeds: {duplicate}")
            except FetchError as error:
                decisions.append(Decision(link, feed_url, "refused", reason=error.problem))
                continue
            known.remember(page)
            candidates.append((feed_url, page))
    decisions.extend(_file_articles(candidates, seeds_dir, known))
    if decisions:
        _append_log(seeds_dir, decisions)
    return decisions, failed


class _AllStories:
    """Every story folder's articles: for duplicates across the seeds and for grouping."""

    def __init__(self, seeds_dir: Path, settings: Settings) -> None:
        self.folders: list[Path] = []
        self.documents: list[Document] = []
        self.story_of: list[int] = []
        self.by_folder: dict[Path, StorySources] = {}
        self._new: list[PageCheck] = []
        try:
            folders = discover_stories(seeds_dir)
        except InputError:  # no story folder yet
            folders = ()
        for folder in folders:
            report = read_story(folder, settings, root=seeds_dir)
            self.by_folder[folder] = StorySources(folder, settings)
            if report.story is None:
                continue
            self.folders.append(folder)
            for article in report.story.articles:
                self.documents.append(Document("\n".join(article.paragraphs), article.source.title))
                self.story_of.append(len(self.folders) - 1)

    def duplicate_of(self, page: PageCheck) -> str | None:
        for folder, sources in self.by_folder.items():
            found = sources.duplicate_of(page)
            if found:
                return f"{folder.name}/{found}"
        for other in self._new:
            same_address = normal_address(other.metadata.url) == normal_address(page.metadata.url)
            if other.text_key == page.text_key or same_address:
                return f"{other.fetched.requested} (fetched on this run)"
        return None

    def remember(self, page: PageCheck) -> None:
        self._new.append(page)


def _file_articles(candidates: Sequence[tuple[str, PageCheck]], seeds_dir: Path,
                   known: _AllStories) -> list[Decision]:
    if not candidates:
        return []
    new_documents = [Document(page.text, page.metadata.title) for _feed, page in candidates]
    labels = group_documents([*known.documents, *new_documents],
                             fixed=[*known.story_of, *([None] * len(new_documents))])
    existing = len(known.documents)
    folder_of_label = {labels[index]: known.folders[known.story_of[index]] for index in range(existing)}
    decisions = []
    for offset, (feed_url, page) in enumerate(candidates):
        label = labels[existing + offset]
        folder = folder_of_label.get(label)
        decision = "joined"
        if folder is None:
            base = slugify(page.metadata.title or "story", fallback="story")
            folder, number = seeds_dir / base, 2
            while folder.exists():
                folder = seeds_dir / f"{base}-{number}"
                number += 1
            folder_of_label[label] = folder
            decision = "new story"
        elif not folder.exists():
            decision = "new story"
        elif folder not in known.folders:
            decision = "joined"  # a story started earlier on this run
        try:
            saved = save_page(page, folder)
        except GeneratorError as error:  # logged; the run goes on
            decisions.append(Decision(page.fetched.requested, feed_url, "refused", reason=str(error)))
            continue
        decisions.append(Decision(page.fetched.requested, feed_url, decision, story=folder.name,
                                  file=saved.path.name))
    return decisions


def _append_log(seeds_dir: Path, decisions: Sequence[Decision]) -> None:
    path = seeds_dir / LOG_FILE
    seeds_dir.mkdir(parents=True, exist_ok=True)
    entries = read_log(seeds_dir) + [decision.as_dict() for decision in decisions]
    header = ("# Decisions of `python -m generator fetch`, oldest first: which story each article\n"
              "# link joined or started, or why it was refused. A link listed here is never fetched\n"
              "# again; delete its entry to retry it. Moving a file between story folders is fine.\n")
    body = yaml.safe_dump({"decisions": entries}, sort_keys=False, allow_unicode=True, width=1000)
    write_bytes_atomic(path, (header + body).encode("utf-8"))
