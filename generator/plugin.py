"""The MkDocs plugin: only the glue between MkDocs and ``generator.pipeline``.

Declared in ``mkdocs.yml`` as ``generator``; a plain ``mkdocs build`` then
regenerates every story page from the seeds folder in memory, with the very
function the CLI uses (``build_pages``), so the two give the same pages. Like
mkdocs-gen-files, nothing here knows how a page is made.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .converted_pages import ConvertedPages
from .errors import GeneratorError
from .settings import PUBLIC_OPTIONS, Settings
from .write import read_manifest

log = get_plugin_logger(__name__)


class FolderOptions(base.Config):  # type: ignore[no-untyped-call]  # mkdocs is untyped here
    """Where the plugin finds things, relative to mkdocs.yml, and whether it runs at all."""

    enabled = c.Type(bool, default=True)
    seeds = c.Type(str, default="seeds")
    templates = c.Type(str, default="templates")
    cache = c.Type(str, default=".cache/generator")
    """The folder of unchanged stories' results, shared with `python -m generator build`; "" for none."""
    scheduler = c.Optional(c.Type(str))
    """A Dask scheduler's address (or "local") to compute changed stories on; none: this process."""


def _with_pipeline_settings(options: type[FolderOptions]) -> type[FolderOptions]:
    """``options`` plus one optional option per public pipeline setting.

    The names are read from ``PUBLIC_OPTIONS``, so a new public setting is accepted
    in mkdocs.yml without touching this file; their values are checked by
    ``Settings.from_mapping``, which names the option in its error.
    """
    extra = {name: c.Optional(c.Type(object)) for name in PUBLIC_OPTIONS}
    return type("GeneratorPluginConfig", (options,), extra)


class GeneratorPlugin(BasePlugin[FolderOptions]):  # type: ignore[no-untyped-call]
    """Adds the generated story pages and ``story.json`` files to the site."""

    config_class = _with_pipeline_settings(FolderOptions)

    def __init__(self) -> None:
        self.settings = Settings()
        self.seeds_dir = Path("seeds")
        self.templates_dir = Path("templates")
        self.cache_dir: Path | None = None
        self.generated: frozenset[str] = frozenset()
        """The Markdown pages this build generated (the ones whose HTML may be reused)."""
        self.converted: ConvertedPages | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Resolve folders against mkdocs.yml's folder and check the pipeline settings."""
        root = Path(config.config_file_path or ".").resolve().parent
        self.seeds_dir = root / self.config.seeds
        self.templates_dir = root / self.config.templates
        self.cache_dir = root / self.config.cache if self.config.cache else None
        values = {name: getattr(self.config, name) for name in PUBLIC_OPTIONS if getattr(self.config, name) is not None}
        try:
            self.settings = Settings.from_mapping(values, origin="mkdocs.yml, generator plugin")
        except GeneratorError as error:
            raise PluginError(str(error)) from error
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Put every generated page in the site, replacing copies the CLI left in docs/."""
        if not self.config.enabled:
            return files
        from .executors import story_executor
        from .pipeline import BuildReport, build_pages

        started = time.perf_counter()
        try:
            with story_executor(scheduler=self.config.scheduler) as executor:
                report = BuildReport()
                pages = build_pages(self.seeds_dir, self.templates_dir, self.settings, cache_dir=self.cache_dir,
                                    executor=executor, report=report)
            written_before = set(read_manifest(Path(config.docs_dir)))
        except GeneratorError as error:
            raise PluginError(f"generator: {error}") from error
        for src_uri in sorted(written_before - set(pages)):
            # A page an earlier `python -m generator build` wrote for a story that is gone.
            stale = files.get_file_from_path(src_uri)
            if stale is not None:
                files.remove(stale)
        for src_uri, content in pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                if src_uri not in written_before and existing.content_bytes != content.encode("utf-8"):
                    log.warning(f"docs/{src_uri} is replaced by a generated page; rename the hand-written file")
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        self.generated = frozenset(src_uri for src_uri in pages if src_uri.endswith(".md"))
        stories = sum(1 for path in pages if path.endswith("/story.json"))
        log.info(f"generated {len(pages)} files for {stories} stories from {self.seeds_dir} "
                 f"({len(report.computed)} computed, {stories - len(report.computed)} from the cache) "
                 f"in {time.perf_counter() - started:.2f} s")
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Reuse the HTML of unchanged generated pages, when there is a cache folder."""
        if self.config.enabled and self.cache_dir is not None:
            self.converted = ConvertedPages(self.cache_dir, config)
            self.converted.start()

    @event_priority(-100)  # last: the Markdown every other plugin has made is what is converted
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.converted is None or page.file.src_uri not in self.generated:
            return markdown
        return self.converted.reuse(markdown, page, files)

    @event_priority(100)  # first: every other plugin sees the page's full HTML
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.converted is None or page.file.src_uri not in self.generated:
            return html
        return self.converted.finish(html, page, files)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.converted is not None:
            self.converted.stop()
            log.info(f"reused the HTML of {self.converted.reused} of {len(self.generated)} generated pages")
            self.converted = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.converted is not None:
            self.converted.stop()
            self.converted = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        """Rebuild when an article or a template changes during ``mkdocs serve``."""
        if self.config.enabled:
            for folder in (self.seeds_dir, self.templates_dir):
                if folder.is_dir():
                    server.watch(str(folder))
        return server
