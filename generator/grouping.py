"""Sorting articles into stories: which documents report the same news event.

A pile of articles on many stories (a day of several outlets' feeds) is grouped
without knowing how many stories there are: documents are TF-IDF vectors over
content-word stems and pairs of adjacent stems, with names (capitalised words),
lede and headline words counted again, since two reports of one event share its
names and the words of its headline far more than two reports of different events
do. The cosine of two documents is standardised against how alike unrelated
documents look in the same pool, and groups come from average-link agglomerative
merging (UPGMA) that stops when no two groups are alike enough, the bar rising with
the size of the smaller group. TF-IDF, cosine and average link with a threshold are
the classic recipe of Topic Detection and Tracking (Allan et al. 1998, "Topic
Detection and Tracking Pilot Study"; Yang, Pierce and Carbonell 1998, "A Study on
Retrospective and On-line Event Detection"); the standardisation and the rising bar
are ours, measured with ``bench/grouping.py``.

``group`` also takes groups that already exist (story folders), which new
documents may join but which are never merged with each other or split: that is
how ``python -m generator fetch`` files a new article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .lexicon import STOP_WORDS
from .text import content_stems, stem

DEFAULT_THRESHOLD = 4.0
"""How unusual (in robust standard deviations above a document's typical similarity to the
rest of the pool, see ``standardise``) the average similarity of an article to a group
must be for it to join (two groups: see ``SIZE_EXPONENT``). Chosen for ``SIZE_EXPONENT``
0.5 by a sweep on the DUC 2004 dev pool only (25 topics, 250 articles; ARI 0.912, and
0.89-0.90 at 3.75 and 4.25); NeuS and BASIL were measured with it (README, "Sorting
articles into stories")."""

SIZE_EXPONENT = 0.5
"""The bar for merging two groups is ``threshold × (size of the smaller group) ** SIZE_EXPONENT``:
a stray article joins a story on moderate evidence, but two stories of several articles
each must be far more alike to be one, which keeps closely related events apart (two
stages of one antitrust case, a summit and a trial in the same city). A square root,
not fitted finely: 0.4 to 0.65 were tried on DUC 2004 dev (README)."""

SMALL_POOL = 20
"""Below this many documents there is too little background to standardise against;
such a pool is grouped on the plain cosine with ``SMALL_POOL_THRESHOLD``."""
SMALL_POOL_THRESHOLD = 0.2
"""Plain-cosine threshold for small pools (NeuS dev pool: ARI 0.88 at 0.19-0.2, BASIL 0.84)."""

NAME_WEIGHT = 1.0
"""Extra count of a capitalised word not at a sentence start (a name: "Kaba", "Braverman")."""
TITLE_WEIGHT = 2.0
"""Extra count of each content word of the headline."""
LEDE_WORDS = 50
"""The opening words (the lede says what the event is), whose content words count once more."""
BIGRAM_WEIGHT = 1.0
"""Count of each pair of adjacent content stems ("wye river", "antitrust trial"): pairs tell
two stories about the same people apart better than single words."""
MIN_DOCUMENT_FREQUENCY = 2
"""A term in only one document cannot link two, and only dilutes that document's vector."""

_NAME = re.compile(r"(?<![.!?:\"“]\s)(?<!^)\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Document:
    """One article to group: its text and, when known, its headline."""

    text: str
    title: str | None = None


def features(document: Document) -> dict[str, float]:
    """Return the weighted terms of a document: content stems, their pairs, names, lede and headline words."""
    stems = content_stems(document.text)
    terms: dict[str, float] = {}
    for term in stems:
        terms[term] = terms.get(term, 0.0) + 1.0
    for first, second in zip(stems, stems[1:]):
        terms[f"{first} {second}"] = terms.get(f"{first} {second}", 0.0) + BIGRAM_WEIGHT
    for match in _NAME.finditer(document.text):
        word = match.group().lower()
        if word not in STOP_WORDS:
            terms[stem(word)] = terms.get(stem(word), 0.0) + NAME_WEIGHT
    for term in content_stems(" ".join(document.text.split()[:LEDE_WORDS])):
        terms[term] = terms.get(term, 0.0) + 1.0
    if document.title:
        for term in content_stems(document.title):
            terms[term] = terms.get(term, 0.0) + TITLE_WEIGHT
    return terms


def similarity_matrix(documents: Sequence[Document]) -> np.ndarray:
    """Return the cosine similarity of every pair of documents' TF-IDF vectors (dense, n × n).

    Term frequency is sublinear (1 + log tf) and the IDF is smoothed, computed on
    these documents themselves, so a word every document shares counts for little.
    """
    counts = [features(document) for document in documents]
    frequency_of: Counter[str] = Counter(term for terms in counts for term in terms)
    vocabulary = {term: column for column, term in enumerate(
        sorted(term for term, frequency in frequency_of.items() if frequency >= MIN_DOCUMENT_FREQUENCY))}
    size = len(documents)
    vectors = np.zeros((size, len(vocabulary)))
    for row, terms in enumerate(counts):
        for term, count in terms.items():
            column = vocabulary.get(term)
            if column is not None:
                idf = math.log((1 + size) / (1 + frequency_of[term])) + 1.0
                vectors[row, column] = (1.0 + math.log(max(count, 1.0))) * idf
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors /= norms[:, None]
    similarity = vectors @ vectors.T
    np.clip(similarity, 0.0, 1.0, out=similarity)
    return similarity


def standardise(similarity: np.ndarray) -> np.ndarray:
    """Return each similarity as robust standard deviations above the pair's typical similarity.

    For document ``i``, its median similarity to the rest of the pool and the median
    absolute deviation (×1.4826) describe how alike unrelated articles look in this
    pool; the pair's score is the mean of the two documents' views. Medians ignore
    the few documents of the same story, so the scale does not shift with how many
    articles a story has (a plain cosine threshold chosen on stories of ten articles
    merges nothing on stories of three).
    """
    size = similarity.shape[0]
    others = similarity.copy()
    np.fill_diagonal(others, np.nan)
    median = np.nanmedian(others, axis=1)
    spread = np.nanmedian(np.abs(others - median[:, None]), axis=1) * 1.4826
    spread = np.maximum(spread, 1e-3)
    scores = ((similarity - median[:, None]) / spread[:, None] + (similarity - median[None, :]) / spread[None, :]) / 2
    return scores if size else similarity


def group(similarity: np.ndarray, *, threshold: float = DEFAULT_THRESHOLD,
          size_exponent: float = SIZE_EXPONENT, fixed: Sequence[int | None] | None = None) -> tuple[int, ...]:
    """Return a group number per document, from average-link merging (UPGMA) with a rising bar.

    Two groups may merge when their average pairwise score reaches
    ``threshold × min(size) ** size_exponent`` (``size_exponent=0`` is plain average
    link with a threshold); of the pairs that may, the one furthest above its bar
    merges first. ``fixed[i]`` is the existing group of document ``i`` (``None`` for a new one):
    documents of one existing group start together, and two existing groups are
    never merged. Group numbers are assigned in order of each group's first
    document, so the result does not depend on the order of merges; ties between
    equally similar pairs go to the lowest indices, so it is deterministic.
    """
    size = similarity.shape[0]
    if size == 0:
        return ()
    fixed = list(fixed) if fixed is not None else [None] * size
    starts: dict[object, list[int]] = {}
    for index in range(size):
        key = ("fixed", fixed[index]) if fixed[index] is not None else ("new", index)
        starts.setdefault(key, []).append(index)
    members = list(starts.values())
    is_fixed = [fixed[group_members[0]] is not None for group_members in members]
    count = len(members)
    # Sum of pairwise similarities between groups; the average is sum / (|a| * |b|).
    totals = np.zeros((count, count))
    for a in range(count):
        for b in range(a + 1, count):
            totals[a, b] = totals[b, a] = similarity[np.ix_(members[a], members[b])].sum()
    sizes = np.array([len(m) for m in members], dtype=float)
    alive = np.ones(count, dtype=bool)
    while True:
        average = totals / np.outer(sizes, sizes)
        bar = threshold * np.minimum.outer(sizes, sizes) ** size_exponent
        margin = average - bar
        blocked = ~np.outer(alive, alive) | np.eye(count, dtype=bool) | np.outer(is_fixed, is_fixed)
        margin[blocked] = -np.inf
        best = int(np.argmax(margin))
        a, b = divmod(best, count)
        if not margin[a, b] >= 0.0:
            break
        a, b = min(a, b), max(a, b)
        members[a] = sorted(members[a] + members[b])
        is_fixed[a] = is_fixed[a] or is_fixed[b]
        totals[a, :] += totals[b, :]
        totals[:, a] += totals[:, b]
        totals[a, a] = 0.0
        sizes[a] += sizes[b]
        alive[b] = False
        totals[b, :] = 0.0
        totals[:, b] = 0.0
    labels = [0] * size
    ordered = sorted((members[g] for g in range(count) if alive[g]), key=lambda m: m[0])
    for number, group_members in enumerate(ordered):
        for index in group_members:
            labels[index] = number
    return tuple(labels)


def story_scores(documents: Sequence[Document]) -> tuple[np.ndarray, float, float]:
    """Return the pairwise scores ``group`` merges on, with the threshold and size exponent for them.

    Standardised similarities, ``DEFAULT_THRESHOLD`` and ``SIZE_EXPONENT`` for a pool
    of at least ``SMALL_POOL`` documents; plain cosines, ``SMALL_POOL_THRESHOLD`` and
    plain average link below that.
    """
    similarity = similarity_matrix(documents)
    if len(documents) < SMALL_POOL:
        return similarity, SMALL_POOL_THRESHOLD, 0.0
    return standardise(similarity), DEFAULT_THRESHOLD, SIZE_EXPONENT


def group_documents(documents: Sequence[Document], *, threshold: float | None = None,
                    fixed: Sequence[int | None] | None = None) -> tuple[int, ...]:
    """Return a story number per document, without knowing the number of stories.

    ``fixed`` gives documents already in a story (see ``group``); ``threshold``
    overrides the one that goes with the pool's size (see ``story_scores``).
    """
    scores, default, exponent = story_scores(documents)
    return group(scores, threshold=default if threshold is None else threshold, size_exponent=exponent,
                 fixed=fixed)


def adjusted_rand_index(truth: Sequence[object], predicted: Sequence[object]) -> float:
    """Return the adjusted Rand index of two groupings (Hubert and Arabie 1985): 1 is identical, ~0 chance."""
    pairs = Counter(zip(truth, predicted))
    def choose2(n: float) -> float:
        return n * (n - 1) / 2.0
    index = sum(choose2(n) for n in pairs.values())
    rows = sum(choose2(n) for n in Counter(truth).values())
    columns = sum(choose2(n) for n in Counter(predicted).values())
    total = choose2(len(truth))
    if total == 0:
        return 1.0
    expected = rows * columns / total
    maximum = (rows + columns) / 2.0
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def bcubed_f1(truth: Sequence[object], predicted: Sequence[object]) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over documents."""
    pairs = Counter(zip(truth, predicted))
    true_sizes = Counter(truth)
    predicted_sizes = Counter(predicted)
    size = len(truth)
    if size == 0:
        return 1.0, 1.0, 1.0
    precision = sum(pairs[(t, p)] / predicted_sizes[p] for t, p in zip(truth, predicted)) / size
    recall = sum(pairs[(t, p)] / true_sizes[t] for t, p in zip(truth, predicted)) / size
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
