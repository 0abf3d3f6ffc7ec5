"""The whole product as one readable flow: story folders in, pages out.

``build_story`` is a pure function of a story's files and the settings; the CLI
and the MkDocs plugin both call ``build_pages`` so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path

from .cache import StoryCache
from .cluster import cluster
from .compare import compare, disputed_sentences, opposed_sentences
from .ingest import StoryInput, load_stories
from .limits import bound_sentences
from .models import Article, Sentence, Source, Story
from .origins import find_origins
from .segment import segment
from .settings import Settings
from .similarity import REDUNDANT_THRESHOLD, RELATED_THRESHOLD, Encoder, encoder_from_model, score_story
from .summarize import summarize


def build_story(
    story: StoryInput, settings: Settings, *, query: str | None = None, encoder: Encoder | None = None,
) -> Story:
    """Return the fully computed story model for one story folder's articles.

    ``query`` (a topic statement, as in DUC 2006) only steers which facts the
    summary prefers; the site's stories have none. ``encoder`` is the sentence
    encoder (the bundled MiniLM when None); tests pass a small fake.
    """
    sentences = segment(story.articles)
    # Bounded work (issue 13): near-duplicates collapse and distinct sentences are capped before
    # any pairwise step; a story within the cap passes through unchanged.
    bounded = bound_sentences(sentences, settings, label=str(story.directory))
    sentences = bounded.sentences
    scores = score_story([(s.text, s.source) for s in sentences], encoder=encoder or encoder_from_model())
    clusters = cluster(sentences, settings, scores=scores)
    # Copies, updates and rewrites of one article count once: support is counted in origins.
    origins = find_origins(story.articles, sentences, clusters)
    kin = {source: frozenset(s for s, o in origins.origin_of.items() if o == origin)
           for source, origin in origins.origin_of.items()}

    def reported_elsewhere(sentence: Sentence) -> bool:
        return scores.best_elsewhere(sentence.text, exclude=kin.get(sentence.source, frozenset({sentence.source}))) \
            >= RELATED_THRESHOLD

    differences = compare(clusters, sentences, settings, origin_of=origins.origin_of, related=reported_elsewhere)
    # A wording the other sources contradict never stands for what they agree on.
    summary = summarize(clusters, settings, query=query, avoid=disputed_sentences(differences),
                        opposed=opposed_sentences(differences), origin_of=origins.origin_of,
                        same_fact=scores.dense, same_fact_threshold=REDUNDANT_THRESHOLD)
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
        notices=story.warnings + bounded.notices,
        origins=tuple(sorted(origins.origin_of.items())),
        derivations=origins.derivations,
    )


def build_stories(
    seeds_dir: Path, settings: Settings, *, cache_dir: Path | None = None, executor: Executor | None = None,
) -> tuple[Story, ...]:
    """Return the story model of every story under ``seeds_dir``, in slug order.

    Reading and cleaning are cheap and always run; the expensive steps are
    skipped for a story whose cleaned input, settings and generator code are
    unchanged since a cached run (``cache_dir``). Stories are independent, so
    they can be computed in parallel: pass any ``concurrent.futures.Executor``
    (a process pool here; ``dask.distributed.Client.get_executor()`` on a cluster).
    """
    inputs = sorted(load_stories(seeds_dir, settings), key=lambda story: story.slug)
    cache = StoryCache(cache_dir, settings) if cache_dir is not None else None
    results: dict[str, Story] = {}
    missing: list[StoryInput] = []
    for story in inputs:
        cached = cache.get(story) if cache else None
        if cached is None:
            missing.append(story)
        else:
            results[story.slug] = cached
    if executor is None or len(missing) < 2:
        built = [build_story(story, settings) for story in missing]
    else:
        built = list(executor.map(build_story, missing, [settings] * len(missing)))
    for story, model in zip(missing, built):
        results[story.slug] = model
        if cache:
            cache.put(story, model)
    return tuple(results[story.slug] for story in inputs)


def build_pages(
    seeds_dir: Path, templates_dir: Path, settings: Settings, *, cache_dir: Path | None = None,
    executor: Executor | None = None,
) -> dict[str, str]:
    """Return every generated page, keyed by its path under ``docs/``."""
    from .render import render_site

    stories = build_stories(seeds_dir, settings, cache_dir=cache_dir, executor=executor)
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
    built = build_story(story, run_settings, query=query)
    return " ".join(sentence.text for sentence in built.summary)


def _title_from_sources(articles: Sequence[Article]) -> str | None:
    """The first headline any source carries, in file order."""
    for article in articles:
        if article.source.title:
            return article.source.title
    return None
