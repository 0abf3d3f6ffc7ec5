"""The whole product as one readable flow: story folders in, pages out.

``build_story`` is a pure function of a story's files and the settings; the CLI
and the MkDocs plugin both call ``build_pages`` so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .cache import PageCache, StoryCache, load_stories_cached
from .cluster import cluster
from .compare import compare, disputed_sentences, opposed_sentences
from .embed import one_blas_thread
from .embedding_cache import CachedEncoder, story_store
from .embedding_cache import prune as prune_embeddings
from .limits import bound_sentences
from .models import Article, Sentence, Source, Story, StoryInput
from .origins import find_origins
from .segment import segment
from .settings import Settings
from .similarity import Encoder, SameFactScorer, score_story
from .summarize import summarize


@one_blas_thread()  # every matrix product of a story is small: one BLAS thread is faster
def build_story(
    story: StoryInput, settings: Settings, *, query: str | None = None, encoder: Encoder | None = None,
    similarity: SameFactScorer | None = None,
) -> Story:
    """Return the fully computed story model for one story folder's articles.

    ``query`` (a topic statement, as in DUC 2006) only steers which facts the
    summary prefers; the site's stories have none. ``encoder`` is the sentence
    encoder (the bundled MiniLM, each sentence encoded on its own, when None);
    tests pass a small fake. ``similarity`` is the same-fact scorer every step
    shares (``generator.similarity.same_fact_similarity`` when None); a test or
    an ablation passes another.
    """
    sentences = segment(story.articles)
    # Bounded work (issue 13): near-duplicates collapse and distinct sentences are capped before
    # any pairwise step; a story within the cap passes through unchanged.
    bounded = bound_sentences(sentences, settings, label=str(story.directory))
    sentences = bounded.sentences
    scores = score_story([(s.text, s.source) for s in sentences], encoder=encoder or CachedEncoder(),
                         settings=settings.similarity, scorer=similarity)
    clusters = cluster(sentences, settings.cluster, scores=scores)
    # Copies, updates and rewrites of one article count once: support is counted in origins.
    origins = find_origins(story.articles, sentences, clusters, settings.origins)
    kin = {source: frozenset(s for s, o in origins.origin_of.items() if o == origin)
           for source, origin in origins.origin_of.items()}

    def reported_elsewhere(sentence: Sentence) -> bool:
        return scores.best_elsewhere(sentence.text, exclude=kin.get(sentence.source, frozenset({sentence.source}))) \
            >= settings.compare.reported_elsewhere

    differences = compare(clusters, sentences, settings.compare, origin_of=origins.origin_of,
                          related=reported_elsewhere, same_fact=scores.pair)
    # A wording the other sources contradict never stands for what they agree on.
    summary = summarize(clusters, settings.summary, query=query, avoid=disputed_sentences(differences),
                        opposed=opposed_sentences(differences), origin_of=origins.origin_of,
                        same_fact=scores.dense)
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


LARGE_STORY_SENTENCES = 2000
"""A story with at least this many sentences to encode is built by the calling process with its
sentences' encoding spread over the executor, instead of being one task of the executor."""


@dataclass
class BuildReport:
    """What a build did, for the CLI's and the plugin's messages (filled by ``build_pages``)."""

    stories: list[Story] = field(default_factory=list)
    computed: list[str] = field(default_factory=list)
    """Slugs of the stories computed in this run (not taken from the cache)."""


def build_stories(
    seeds_dir: Path, settings: Settings, *, cache_dir: Path | None = None, executor: Executor | None = None,
    large_story_sentences: int = LARGE_STORY_SENTENCES,
) -> tuple[Story, ...]:
    """Return the story model of every story under ``seeds_dir``, in slug order."""
    return tuple(story for _key, story in _build_keyed(
        seeds_dir, settings, cache_dir=cache_dir, executor=executor, large_story_sentences=large_story_sentences,
        report=BuildReport()))


def _build_keyed(
    seeds_dir: Path, settings: Settings, *, cache_dir: Path | None, executor: Executor | None,
    report: BuildReport, large_story_sentences: int = LARGE_STORY_SENTENCES,
) -> list[tuple[str, Story]]:
    """Return (input key, model) of every story under ``seeds_dir``, in slug order.

    With ``cache_dir``, a story folder whose files are unchanged is not read and
    cleaned again, the expensive steps are skipped for a story whose cleaned
    input, settings and generator code are unchanged since a cached run, and a
    changed story encodes only its sentences that are not in its embedding cache.
    Stories are independent, so they can be computed in parallel: pass any
    ``concurrent.futures.Executor`` (a process pool, or a Dask client's
    ``get_executor()``). A story of at least ``large_story_sentences`` sentences
    is not sent whole to one worker: this process builds it and spreads the
    encoding of its sentences over the executor. The results never depend on
    where anything ran.
    """
    inputs = sorted(load_stories_cached(seeds_dir, settings, cache_dir), key=lambda story: story.slug)
    keys = StoryCache.keys(inputs, settings)
    cache = StoryCache(cache_dir, settings) if cache_dir is not None else None
    results: dict[str, Story] = {}
    missing: list[StoryInput] = []
    for story in inputs:
        cached = cache.get(story, key=keys[story.slug]) if cache else None
        if cached is None:
            missing.append(story)
        else:
            results[story.slug] = cached
    large_slugs = {story.slug for story in missing
                   if executor is not None and _sentence_count(story) >= large_story_sentences}
    small = [story for story in missing if story.slug not in large_slugs]
    if executor is None or len(small) < 2:
        built: Iterable[Story] = (build_story_cached(story, settings, cache_dir) for story in small)
    else:
        built = executor.map(build_story_cached, small, [settings] * len(small), [cache_dir] * len(small))
    large = [story for story in missing if story.slug in large_slugs]
    built = chain(built, (build_story_cached(story, settings, cache_dir, executor=executor) for story in large))
    for story, model in zip(small + large, built):
        # Stored as each story completes, so an interrupted build keeps what it finished.
        report.computed.append(story.slug)
        results[story.slug] = model
        if cache:
            cache.put(story, model, key=keys[story.slug])
    if cache_dir is not None and missing:
        prune_embeddings(cache_dir)
    return [(keys[story.slug], results[story.slug]) for story in inputs]


def build_story_cached(
    story: StoryInput, settings: Settings, cache_dir: Path | None, *, executor: Executor | None = None,
) -> Story:
    """``build_story`` with the story's embedding cache under ``cache_dir`` (none when None).

    Module-level, so a process pool or a Dask worker can run it.
    """
    store = story_store(cache_dir, story.slug)
    # Only a large story gets an executor here, so all of its missing sentences are spread.
    model = build_story(story, settings, encoder=CachedEncoder(store, executor=executor, spread_from=1))
    store.save()
    return model


def _sentence_count(story: StoryInput) -> int:
    return len(segment(story.articles))


def build_pages(
    seeds_dir: Path, templates_dir: Path, settings: Settings, *, cache_dir: Path | None = None,
    executor: Executor | None = None, report: BuildReport | None = None,
    large_story_sentences: int = LARGE_STORY_SENTENCES,
) -> dict[str, str]:
    """Return every generated page, keyed by its path under ``docs/``.

    With ``cache_dir``, the pages of a story whose model came from the cache are
    taken from the page cache when the templates are unchanged too. The CLI
    and the MkDocs plugin both call this, with the same default cache folder.
    ``report``, when given, receives the story models and which were computed.
    """
    from .render import render_site

    report = report if report is not None else BuildReport()
    keyed = _build_keyed(seeds_dir, settings, cache_dir=cache_dir, executor=executor, report=report,
                         large_story_sentences=large_story_sentences)
    report.stories.extend(story for _key, story in keyed)
    page_cache = PageCache(cache_dir, templates_dir) if cache_dir is not None else None
    return render_site([story for _key, story in keyed], templates_dir, page_cache=page_cache,
                       keys={story.slug: key for key, story in keyed})


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
    run_settings = replace(base, summary=replace(base.summary, words=target_words))
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
