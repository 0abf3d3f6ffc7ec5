"""Reusing MkDocs's HTML of generated pages that have not changed since an earlier build.

On a site of a thousand stories MkDocs spends most of a build turning Markdown
into HTML (59 % of its time for 5,001 story pages, measured with cProfile), and
a rebuild does it again for every page, changed or not. The generator already
knows which pages are unchanged: their Markdown is byte-identical. This module
keeps, per generated page, what MkDocs's conversion produced (the HTML, the
table of contents, the ids on the page and its links to other pages' anchors)
and gives it back instead of converting again.

An entry is reused only when converting again would give the same result:

- its key hashes the page's path and Markdown, the Markdown settings of
  ``mkdocs.yml`` (extensions, their options, ``use_directory_urls``, link
  validation), the log level, and the name and version of every installed
  distribution (Python-Markdown, its extensions, MkDocs);
- every page it links to must still be at the same URL (MkDocs rewrites
  ``../sources/a.md#s-3`` to that page's URL when converting);
- a page whose conversion logged anything (a broken link, say) is never stored,
  so a rebuild reports it again.

Anchor checks still run on every build: MkDocs validates the restored links
against the ids of the pages as they are now.

What stays MkDocs's own work: the page's title (the page's first line, an
``# H1``, is still converted, so the title is exactly MkDocs's), the theme, and
the search index, which are built from the restored HTML as from a fresh one.

Entries are JSON data (``cache.read_entry``, read back field by field with
``cache.from_data``), one file per page, replaced when the page changes. An entry
holds HTML that goes into the site as it is, so the cache folder must be as trusted
as ``docs/`` (so it already was: the page cache holds Markdown, which may hold HTML).
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
import re
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from .atomic import write_bytes_atomic
from .cache import CACHE_SUFFIX, CacheDataError, entry_bytes, from_data, read_entry, to_data

CONVERTED_FORMAT = "generator-converted-page/2"

_FIRST_HEADING = re.compile(r"# [^\n]*")
"""An ATX level-one heading on the first line: MkDocs takes a page's title from it."""

_LINK_TARGETS = (
    re.compile(r"\]\(\s*<?([^)\s>]+)"),                        # [label](target)
    re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.M),    # [label]: target
    re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']"""),      # raw HTML
)


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One heading of a page's table of contents, as MkDocs's toc tokens hold it."""

    level: int
    id: str
    name: str
    children: tuple[TocEntry, ...]


@dataclass(frozen=True, slots=True)
class Converted:
    """What MkDocs's conversion of one page gave, as plain data (read back with ``cache.from_data``)."""

    html: str
    toc: tuple[TocEntry, ...]
    anchor_ids: tuple[str, ...]
    links_to_anchors: dict[str, dict[str, str]] | None
    """Linked page (source path) -> anchor -> the link as written; None when MkDocs keeps none."""
    targets: dict[str, str | None]
    """Every page path the Markdown links to -> its URL at conversion (None: no such page)."""


class ConvertedPages:
    """The converted pages of earlier builds, and this build's reuse of them.

    ``reuse`` decides at ``on_page_markdown`` time (the Markdown MkDocs would
    convert is then final); ``restore`` or ``keep`` finishes at ``on_page_content``.
    """

    def __init__(self, directory: Path, config: MkDocsConfig) -> None:
        self.directory = directory / "converted"
        self.fingerprint = _conversion_fingerprint(config)
        self.reused = 0
        self._hits: dict[str, tuple[str, Converted]] = {}
        self._misses: dict[str, tuple[str, str, int]] = {}
        self._log = _LogCounter()

    def start(self) -> None:
        """Count what MkDocs logs from now on (a page that logs is not stored)."""
        logging.getLogger("mkdocs").addHandler(self._log)

    def stop(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self._log)

    def reuse(self, markdown: str, page: Page, files: Files) -> str:
        """Return the Markdown MkDocs should convert: only the title line when the entry can be reused."""
        src_uri = page.file.src_uri
        heading = _FIRST_HEADING.match(markdown)
        if heading is None:
            return markdown
        key = self._key(src_uri, markdown)
        converted = self._read(src_uri, key)
        if converted is not None and all(_url(files, target) == url for target, url in converted.targets.items()):
            self._hits[src_uri] = (markdown, converted)
            return heading.group(0)
        self._misses[src_uri] = (markdown, key, self._log.count)
        return markdown

    def finish(self, html: str, page: Page, files: Files) -> str:
        """Return the page's HTML: the stored one for a reused page (restoring its toc and anchors), else ``html``.

        A page converted now is stored, unless its conversion logged something.
        """
        src_uri = page.file.src_uri
        if src_uri in self._hits:
            markdown, converted = self._hits.pop(src_uri)
            page.markdown = markdown
            page.toc = get_toc([asdict(entry) for entry in converted.toc])  # type: ignore[misc]  # same keys
            page.present_anchor_ids = set(converted.anchor_ids)
            if converted.links_to_anchors is not None:
                linked = {files.get_file_from_path(target): anchors
                          for target, anchors in converted.links_to_anchors.items()}
                page.links_to_anchors = {file: anchors for file, anchors in linked.items() if file is not None}
            self.reused += 1
            return converted.html
        if src_uri in self._misses:
            markdown, key, logged_before = self._misses.pop(src_uri)
            if self._log.count == logged_before:
                self._write(src_uri, key, _converted(html, markdown, page, files))
        return html

    def _key(self, src_uri: str, markdown: str) -> str:
        digest = hashlib.sha256(f"{CONVERTED_FORMAT}\n{self.fingerprint}\n{src_uri}\n".encode("utf-8", "surrogatepass"))
        digest.update(markdown.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, src_uri: str) -> Path:
        return self.directory / (hashlib.sha256(src_uri.encode("utf-8", "surrogatepass")).hexdigest()[:32]
                                 + CACHE_SUFFIX)

    def _read(self, src_uri: str, key: str) -> Converted | None:
        data = read_entry(self._path(src_uri), CONVERTED_FORMAT, key)
        if data is None or data.get("page") != src_uri:
            return None
        try:
            converted = from_data(Converted, data.get("converted"))
        except (CacheDataError, TypeError, RecursionError):
            return None
        return converted if isinstance(converted, Converted) else None

    def _write(self, src_uri: str, key: str, converted: Converted) -> None:
        payload = {"format": CONVERTED_FORMAT, "key": key, "page": src_uri, "converted": to_data(converted)}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self._path(src_uri), entry_bytes(payload))
        except OSError:
            pass  # a cache that cannot be written only costs time on the next build


class _LogCounter(logging.Handler):
    """Counts the records MkDocs and its plugins log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _converted(html: str, markdown: str, page: Page, files: Files) -> Converted:
    links = page.links_to_anchors
    return Converted(
        html=html,
        toc=tuple(_toc_entry(item) for item in page.toc),
        anchor_ids=tuple(sorted(page.present_anchor_ids or ())),
        links_to_anchors=None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()},
        targets={target: _url(files, target) for target in sorted(_link_targets(markdown, page.file))},
    )


def _toc_entry(item: AnchorLink) -> TocEntry:
    return TocEntry(item.level, item.id, item.title, tuple(_toc_entry(child) for child in item.children))


def _link_targets(markdown: str, file: File) -> set[str]:
    """The pages ``markdown`` may link to, as MkDocs resolves them (more rather than fewer)."""
    targets = set()
    for pattern in _LINK_TARGETS:
        for match in pattern.finditer(markdown):
            parts = urlsplit(match.group(1))
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith(("/", "\\")):
                continue
            joined = posixpath.join(posixpath.dirname(file.src_uri), unquote(parts.path))
            targets.add(posixpath.normpath(joined.lstrip("/")))
    return targets


def _url(files: Files, src_uri: str) -> str | None:
    file = files.get_file_from_path(src_uri)
    return None if file is None else file.url


def _conversion_fingerprint(config: MkDocsConfig) -> str:
    """Everything besides a page's own Markdown that MkDocs's conversion of it depends on."""
    distributions = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    settings = {
        "extensions": [repr(extension) for extension in config["markdown_extensions"]],
        "extension_options": config["mdx_configs"],
        "use_directory_urls": config["use_directory_urls"],
        "validation": repr(config["validation"]),
        "log_level": logging.getLogger("mkdocs").getEffectiveLevel(),
        "distributions": distributions,
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=repr).encode()).hexdigest()
