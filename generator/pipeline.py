"""The whole product as one readable flow: story folders in, pages out.

``build_story`` is a pure function of a story's files and the settings; the CLI
and the MkDocs plugin both call ``build_pages`` so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .cluster import cluster
from .compare import compare
from .ingest import StoryInput, load_stories
from .models import Article, Source, Story
from .segment import segment
from .settings import Settings
from .summarize import summarize


def build_story(story: StoryInput, settings: Settings) -> Story:
    """Return the fully computed story model for one story folder's articles."""
    sentences = segment(story.articles)
    clusters = cluster(sentences, settings)
    summary = summarize(clusters, settings)
    differences = compare(clusters, sentences, settings)
    title = story.title or _title_from_sources(story.articles) or story.slug
    return Story(
        slug=story.slug,
        title=title,
        sources=tuple(article.source for article in story.articles),
        articles=story.articles,
        sentences=sentences,
        clusters=clusters,
        summary=summary,
        differences=differences,
        published=story.published,
        notices=story.warnings,
    )


def build_pages(seeds_dir: Path, templates_dir: Path, settings: Settings) -> dict[str, str]:
    """Return every generated page, keyed by its path under ``docs/``."""
    from .render import render_site

    stories = tuple(build_story(story, settings) for story in load_stories(seeds_dir, settings))
    return render_site(stories, templates_dir)


def summarize_documents(
    documents: Sequence[str], *, target_words: int, settings: Settings | None = None,
    query: str | None = None,
) -> str:
    """Return our consensus summary of plain-text documents, as the site would make it.

    This is the entry point of the evaluation: each document becomes a source of
    one story and goes through exactly the pipeline the site uses, with the word
    budget set to ``target_words``.
    """
    from dataclasses import replace

    from .clean import clean_text

    base = settings or Settings()
    run_settings = replace(base, summary_words=target_words)
    articles = []
    for number, document in enumerate(documents, start=1):
        source_id = f"d{number:03d}"
        cleaned = clean_text(document)
        articles.append(Article(Source(id=source_id, slug=source_id, filename=source_id),
                                cleaned.paragraphs, cleaned.removed))
    story = StoryInput(slug="evaluation", title=None, directory=Path("."), articles=tuple(articles))
    built = build_story(story, run_settings)
    return " ".join(sentence.text for sentence in built.summary)


def _title_from_sources(articles: Sequence[Article]) -> str | None:
    """The first headline any source carries, in file order."""
    for article in articles:
        if article.source.title:
            return article.source.title
    return None
