"""Tuning knobs, with their defaults in one place: one settings tree, passed down.

``Settings`` is the root. Each step of the pipeline reads its own branch, which
the pipeline passes down to it: ``cluster(..., settings.cluster)``,
``summarize(..., settings.summary)``, ``compare(..., settings.compare)``,
``find_origins(..., settings.origins)`` and ``score_story(..., settings=settings.similarity)``.
The build's limits guard every step (reading, adding, checking, bounding) rather
than tuning one, so they sit at the root. Every value says what it does and the
data it was chosen on (README, "Clustering" and "Commands and options").

Only the few options of the README's "Options" table are public: they come from
the ``generator`` plugin block of ``mkdocs.yml`` or from a YAML file given to
the CLI, by the flat names of ``PUBLIC_OPTIONS``; anything not set keeps the
default below. The rest of the tree is changed in code, as a test or an
ablation does: ``replace(settings, summary=replace(settings.summary, lead_weight=3.0))``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class SimilaritySettings:
    """The knobs of the same-fact score (``generator.similarity``), each with the data it was chosen on."""

    overlap_weight: float = 0.2
    """Share of content-word overlap in the score (the rest is BERTScore F1). Chosen by
    leave-one-story-out on the five gold stories (weights 0, 0.2, 0.3, 0.4 tried): 0.2 won
    on three held-out stories of five; 0 (BERTScore alone) was worst on every story."""
    candidate_floor: float = 0.3
    """Pairs whose sentence-vector cosine is below this are never scored (score 0). Every
    same-fact pair of the five gold stories has a cosine of at least 0.31."""
    block_rows: int = 1024
    """Rows of sentence-vector cosines computed at once (memory, not results)."""


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """The knobs of clustering (``generator.cluster``): when sentences report the same fact."""

    threshold: float = 0.38
    """Same-fact score at which average-link merging joins sentences from different sources
    (the public option ``cluster_threshold``). Chosen on the five gold stories from 0.30 to
    0.46 (flat from 0.34 to 0.42)."""
    same_source_threshold: float = 0.6
    """Two sentences of one source share a cluster only when their same-fact score reaches
    this (a source may restate a fact, but rarely states two facts that look this alike)."""
    adjacent_threshold: float = 0.45
    """Two sentences of one source standing close together (a fact, then its elaboration)
    share a cluster from this score on."""
    adjacent_sentences: int = 2
    """How close "close together" is, in sentences.

    These three were chosen together on the five gold stories (a grid of 0.6 / 0.75 for the
    first, 0.45 / 0.5 / 0.55 and 1 / 2 / 3 for the others; README "Clustering"): left out in
    turn, each story's best setting on the other four is this one on four of five."""


@dataclass(frozen=True, slots=True)
class OriginSettings:
    """The knobs of independent origins (``generator.origins``): when a source derives from another.

    Set on the seed story (the only one here with known derivations: a BBC report, its
    update, a machine translation and an AI rewrite) and checked on the four shared gold
    stories, whose three outlets are independent newsrooms (README "Independent origins").
    """

    shingle_words: int = 5
    """Words per shingle of the shared-wording measure (Broder 1997)."""
    copy_containment: float = 0.9
    """Shared 5-grams (of the shorter article) from which a source is a copy."""
    update_containment: float = 0.4
    """Shared 5-grams from which a source is an edited copy or update of another."""
    rewrite_coverage: float = 0.72
    """Share of the shorter article's sentences whose fact the other reports, for a rewrite.
    Seed story: the update 0.74, the AI rewrite 0.88; gold stories' independent outlets at most 0.69
    (the cheney story's Fox News piece, which says "The New York Times is reporting" and shares 30 % of
    its 5-word shingles with the Times, reaches 0.77 and is counted as a rewrite of it)."""
    rewrite_order: float = 0.9
    """Share of those shared facts that come in the same order, for a rewrite (seed: 0.93 and 1.0)."""
    rewrite_min_facts: int = 10
    """A rewrite needs at least this many shared facts: two short articles built on the same
    quotes agree in order by chance (a gold story's rewrite-in-own-words shares 9; seed 14 and 15)."""
    byline_coverage: float = 0.5
    """With the same byline, this much fact coverage in the same order is enough."""


@dataclass(frozen=True, slots=True)
class CompareSettings:
    """The knobs of the differences (``generator.compare``)."""

    reported_elsewhere: float = 0.45
    """A sentence whose same-fact score with another origin's sentence reaches this may report
    the same fact in other words, so it is never called "only this source". Chosen on the four
    shared gold stories: their gold single-source facts mostly score below it, while most
    sentences of facts two outlets share score above it (README "Differences")."""
    number_same_fact: float = 0.5
    """Numbers are compared only between sentences whose same-fact score reaches this: two counts of
    one noun in loosely related sentences are most often counts of different things (the victims of
    this shooting and of an earlier one). Chosen by reading the number conflicts
    of the NeuS full-text and DUC 2004 dev sets (20 and 46 before, most of them false); every
    conflict of the seed story, the gold stories and the 40 BASIL dev events stays."""
    duration_same_fact: float = 0.7
    """Spans of time ("11 days", "a 5-day course") and years are compared only between
    near-paraphrases scoring this: a story gives many spans and years of different things (how long
    a drug was given and how long recovery took; the year of a crime and of its conviction). Chosen
    with ``number_same_fact``, on the same data."""
    related_wording: float = 0.3
    """Sentences of different clusters this similar in wording are close enough to compare their numbers."""
    wording_floor: float = 0.3
    """Wording-similarity pairs below this are never stored (the differences' pair search)."""
    containment_weight: float = 0.85
    """How much a one-sided containment counts next to a two-sided cosine in the wording similarity."""
    quote_threshold: float = 0.5
    """Two quotes whose words match at least this much are the same quote, maybe reworded."""
    short_quote_context: float = 0.5
    """Sentences around two short quotes must be this similar for the quotes to be one quote reworded."""
    negation_similarity: float = 0.6
    """Only near-paraphrases are checked for opposite polarity: looser pairs differ for other reasons."""
    min_opposed_content_words: int = 4
    """Sentences with fewer content words than this are never called opposed."""
    speaker_lookback: int = 3
    """How many sentences back a pronoun's speaker is looked for."""


@dataclass(frozen=True, slots=True)
class SummarySettings:
    """The knobs of the consensus summary (``generator.summarize``)."""

    words: int = 200
    """Word budget of the consensus summary (it stops at the last whole sentence within it);
    the public option ``summary_words``."""
    min_support: int = 2
    """Independent origins that must report a fact before it can enter the consensus summary;
    the public option ``min_support``."""
    same_fact_threshold: float = 0.6
    """Two summary sentences whose same-fact score reaches this say the same thing, even when
    clustering kept them apart; the summary takes one. Chosen on the four shared gold stories
    and DUC 2004 dev together (README "Clustering"): at 0.4 no gold summary repeats a fact but
    DUC 2004 ROUGE-2 recall falls to 8.54; at 0.6 one gold summary keeps one repeat (two
    sentences of one outlet listing different asks of one plan) and DUC 2004 stays at 9.12."""
    citation_threshold: float = 0.40
    """A source supports and is cited for a summary sentence only through one of its sentences of
    the fact that scores at least this with it (same-fact score), or has its very wording: a cluster
    is joined by average link, so a member may be near the fact's other wordings and still not
    state this one. Chosen by reading the 40 BASIL dev events' ≈ citations: all 30 under 0.40 were
    wrong (topical neighbours), most of those from 0.40 to 0.45 too, but not all; at 0.40 no summary of
    the five gold stories changes, at 0.42 the seed story's citation precision falls (README
    "Citations on stories the rules were not written on")."""
    redundancy_threshold: float = 0.5
    """Content-word cosine above which two sentences count as saying the same thing."""
    min_words: int = 8
    """Shortest sentence, in words, that may stand for a cluster."""
    max_words: int = 60
    """Longest sentence, in words, that may stand for a cluster."""
    fill_ratio: float = 0.5
    """Share of the budget the eligible clusters must fill before less-supported facts top it up."""
    query_boost: float = 1.0
    """With a topic statement, a concept weighs up to ``1 + query_boost`` times as much, in
    proportion to how many of its two stems the query shares."""
    concept_min_sources: int | None = None
    """Sources a concept needs to count; None: 2, or 3 from eight sources on."""
    lead_sentences: int = 2
    """A source's first this many sentences are its lede for the concept weights."""
    lead_weight: float = 2.0
    """Weight a concept gains for each source that has it in its lede."""
    frequency_weight: float = 0.1
    """Weight a concept gains per sentence containing it (breaks ties between equal support)."""
    require_lede: bool = True
    """A summary without a topic statement includes a source's first sentence whenever one is a candidate."""
    max_candidates: int = 400
    """Most sentences the optimiser chooses among at each support level (work, not results on real stories)."""
    node_limit: int = 2000
    """Branch-and-bound nodes after which the optimiser gives way to the greedy search."""
    time_limit: float = 10.0
    """Seconds after which the optimiser gives way to the greedy search."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The root of the settings tree: every knob the pipeline reads; see the README's "Options" table."""

    summary: SummarySettings = field(default_factory=SummarySettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    similarity: SimilaritySettings = field(default_factory=SimilaritySettings)
    origins: OriginSettings = field(default_factory=OriginSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    max_file_bytes: int = 2_000_000
    """Article files larger than this are refused (no real article comes close)."""
    max_story_files: int = 1000
    """Stories with more article files are refused before the files are read. The widest real story
    measured has 300 sources (one wire article carried by 300 outlets); 1,000 small files build in
    50 s and 1.0 GB on 2 cores (bench/limits.py), while 5,000 used to take 23 minutes and 13.9 GB."""
    max_story_sentences: int = 20_000
    """Stories with more sentences are refused before anything is computed. The largest story
    measured, 8 DUC 2006 topics in one story (200 sources), has about 6,000 sentences."""
    max_compared_sentences: int = 1500
    """At most this many distinct sentences of one story enter clustering and comparison, after
    near-duplicates are collapsed; a story over it is cut (lead sentences of every source first) with a
    notice. Chosen on the worst case, word salad where nearly every pair is similar (bench/limits.py,
    2 cores): 1,500 distinct sentences build in 63 s and 0.9 GB, 2,000 in 77 s and 1.3 GB; memory grows
    with the square. Real stories of one event stay far below (a DUC topic of 25 articles: about 1,100)."""

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None, *, origin: str) -> Settings:
        """Build settings from a mapping of public options, refusing unknown keys and wrong types."""
        settings = cls()
        if not values:
            return settings
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: settings must be a mapping of option names to values")
        for key, value in sorted(values.items()):
            if key not in PUBLIC_OPTIONS:
                raise ConfigError(
                    f"{origin}: unknown option {key!r}; known options are {', '.join(sorted(PUBLIC_OPTIONS))}"
                )
            expected = type(settings.option(key))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, expected) or isinstance(value, bool):
                raise ConfigError(
                    f"{origin}: option {key!r} must be a {expected.__name__}, not {value!r}"
                )
            settings = settings.with_option(key, value)
        settings.validate(origin=origin)
        return settings

    def option(self, name: str) -> Any:
        """Return the value of the public option ``name`` (a key of ``PUBLIC_OPTIONS``)."""
        branch, attribute = PUBLIC_OPTIONS[name]
        return getattr(getattr(self, branch) if branch else self, attribute)

    def with_option(self, name: str, value: Any) -> Settings:
        """Return these settings with the public option ``name`` set to ``value``."""
        branch, attribute = PUBLIC_OPTIONS[name]
        if not branch:
            return replace(self, **{attribute: value})
        return replace(self, **{branch: replace(getattr(self, branch), **{attribute: value})})

    def validate(self, *, origin: str) -> None:
        """Refuse values of public options that cannot work, naming the option."""
        if self.summary.words < 10:
            raise ConfigError(f"{origin}: summary_words must be at least 10")
        if self.summary.min_support < 1:
            raise ConfigError(f"{origin}: min_support must be at least 1")
        if not 0.0 < self.cluster.threshold < 1.0:
            raise ConfigError(f"{origin}: cluster_threshold must be between 0 and 1")
        if self.max_file_bytes < 1000:
            raise ConfigError(f"{origin}: max_file_bytes must be at least 1000")
        for name in ("max_story_files", "max_story_sentences", "max_compared_sentences"):
            if self.option(name) < 1:
                raise ConfigError(f"{origin}: {name} must be at least 1")


PUBLIC_OPTIONS: dict[str, tuple[str, str]] = {
    "summary_words": ("summary", "words"),
    "min_support": ("summary", "min_support"),
    "cluster_threshold": ("cluster", "threshold"),
    "max_file_bytes": ("", "max_file_bytes"),
    "max_story_files": ("", "max_story_files"),
    "max_story_sentences": ("", "max_story_sentences"),
    "max_compared_sentences": ("", "max_compared_sentences"),
}
"""The options ``mkdocs.yml`` and ``--config`` accept (README "Options"): flat name -> (branch of
the tree, "" for the root; field). The rest of the tree is not exposed."""
