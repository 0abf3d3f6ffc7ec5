"""Clustering: sentences from different sources that report the same fact.

This is the "theme" step of SimFinder / MultiGen (Hatzivassiloglou, Klavans and
Eskin 1999; Barzilay and McKeown 2005): find the sets of sentences across
documents that say the same thing, identity and paraphrase alike (Radev 2000,
Cross-document Structure Theory), while sentences that only share the story's
vocabulary stay apart.

How:

1. Sentences with the same normalised text are collapsed first, so syndicated
   wire copy repeated by hundreds of outlets costs one comparison, not hundreds.
2. Similarity is the same-fact score of ``generator.similarity``: BERTScore F1
   over the MiniLM encoder's contextual word-piece vectors, mixed with
   content-word overlap, scored only for candidate pairs whose sentence vectors
   are close, as one sparse matrix shared with the later steps.
3. (The wording similarity below, TF-IDF over stems and character 4-grams,
   serves the differences' pair search; clustering no longer uses it.)
4. Average-link agglomerative clustering over that sparse graph, merging in
   order of similarity: two clusters merge when their mean pairwise similarity
   (pairs never scored count as 0) reaches the threshold, and never when that
   would put two different sentences of one source together unless they are
   near-identical (a source rarely states the same fact twice, and this stops
   chains through a sentence that packs two facts).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .lexicon import STOP_WORDS
from .models import Cluster, Sentence
from .settings import ClusterSettings, CompareSettings
from .similarity import Encoder, StoryScores, encoder_from_model, score_story
from .text import normalised_wording, stem, tokens

_BLOCK_ROWS = 1024


def cluster(
    sentences: Sequence[Sentence], settings: ClusterSettings, *, encoder: Encoder | None = None,
    scores: StoryScores | None = None,
) -> tuple[Cluster, ...]:
    """Return clusters covering every sentence exactly once, in a stable order.

    Clusters are ordered by their earliest member (source id, then position), and
    members inside a cluster by (source, index); ids are ``c1``, ``c2``, ... in
    that order, so the same input always gives the same ids. ``scores`` are the
    story's same-fact scores when already computed; else they are computed with
    ``encoder`` (the bundled MiniLM when None; tests and ablations pass their own).
    """
    if not sentences:
        return ()
    ordered = sorted(sentences, key=lambda s: (s.source, s.index))
    groups = _collapse_identical(ordered)
    representatives = [ordered[group[0]] for group in groups]
    if scores is None:
        scores = score_story([(s.text, s.source) for s in ordered], encoder=encoder or encoder_from_model())
    rows = [scores.row(s.text) for s in representatives]
    similarity = scores.matrix[rows][:, rows].tocsr()
    positions = [{ordered[i].source: ordered[i].index for i in reversed(group)} for group in groups]
    labels = _average_link(
        similarity, restatements=_restatements(similarity, positions, settings),
        sources=[_group_sources(ordered, group) for group in groups],
        threshold=settings.threshold,
    )
    members_by_label: dict[int, list[Sentence]] = {}
    for group, label in zip(groups, labels):
        members_by_label.setdefault(label, []).extend(ordered[i] for i in group)
    clusters = sorted(
        (tuple(sorted(members, key=lambda s: (s.source, s.index))) for members in members_by_label.values()),
        key=lambda members: (members[0].source, members[0].index),
    )
    return tuple(Cluster(f"c{number}", members) for number, members in enumerate(clusters, start=1))


def sentence_similarity(
    texts: Sequence[str], *, settings: CompareSettings = CompareSettings(),
) -> sparse.csr_matrix:
    """Return the sparse symmetric matrix of pairwise wording similarities in [0, 1].

    The diagonal is 0 and entries below ``settings.wording_floor`` are dropped.
    """
    count = len(texts)
    if count == 0:
        return sparse.csr_matrix((0, 0))
    features = [_features(text) for text in texts]
    vocabulary: dict[str, int] = {}
    for feature_counts in features:
        for feature in feature_counts:
            vocabulary.setdefault(feature, len(vocabulary))
    rows, cols, values = [], [], []
    for row, feature_counts in enumerate(features):
        for feature, value in feature_counts.items():
            rows.append(row)
            cols.append(vocabulary[feature])
            values.append(value)
    counts = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float64), (rows, cols)), shape=(count, max(len(vocabulary), 1))
    )
    document_frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
    idf = np.log((1.0 + count) / (1.0 + document_frequency)) + 1.0
    weighted = counts.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    masses = np.asarray(weighted.sum(axis=1)).ravel()
    unit = (sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ weighted).tocsr()
    indicator = (weighted > 0).astype(np.float64).tocsr()
    # Row blocks: character n-grams are shared by nearly every pair of sentences, so the
    # full products would be dense; each block is floored before the next is computed.
    blocks = [
        _wording_block(start, min(start + _BLOCK_ROWS, count), weighted, unit, indicator, masses, settings)
        for start in range(0, count, _BLOCK_ROWS)
    ]
    return sparse.vstack(blocks).tocsr()


def _wording_block(
    start: int, stop: int, weighted: sparse.csr_matrix, unit: sparse.csr_matrix,
    indicator: sparse.csr_matrix, masses: np.ndarray, settings: CompareSettings,
) -> sparse.csr_matrix:
    """Rows ``start:stop`` of the wording similarity: max(cosine, weighted containment), floored.

    Containment is the feature weight two sentences share (the smaller of each
    side's weight on the other's features) over the smaller sentence's weight.
    """
    count = weighted.shape[0]
    cosine = (unit[start:stop] @ unit.T).toarray()
    own = (weighted[start:stop] @ indicator.T).toarray()
    theirs = (indicator[start:stop] @ weighted.T).toarray()
    smaller = np.minimum(masses[start:stop, None], masses[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        contained = np.where(smaller > 0, np.minimum(own, theirs) / np.where(smaller > 0, smaller, 1.0), 0.0)
    combined = np.maximum(cosine, np.clip(contained, 0.0, 1.0) * settings.containment_weight)
    rows = np.arange(stop - start)
    combined[rows, rows + start] = 0.0
    combined[combined < settings.wording_floor] = 0.0
    return sparse.csr_matrix(np.clip(combined, 0.0, 1.0), shape=(stop - start, count))


_CHAR_GRAM = 4


def _features(text: str) -> dict[str, float]:
    """Return the weighted features of one sentence: stems and character 4-grams of content words."""
    result: dict[str, float] = {}
    for token in tokens(text):
        if token in STOP_WORDS or (len(token) < 2 and not token.isdigit()):
            continue
        key = "w:" + stem(token)
        result[key] = result.get(key, 0.0) + 1.0
        if token.isdigit() or len(token) < _CHAR_GRAM + 1:
            continue
        padded = f" {token.replace('-', '')} "
        for start in range(len(padded) - _CHAR_GRAM + 1):
            gram = "c:" + padded[start:start + _CHAR_GRAM]
            result[gram] = result.get(gram, 0.0) + 0.25
    return result


def _collapse_identical(ordered: Sequence[Sentence]) -> list[list[int]]:
    """Group positions of sentences whose text is the same once case and punctuation are ignored."""
    groups: dict[str, list[int]] = {}
    for position, sentence in enumerate(ordered):
        key = normalised_wording(sentence.text)
        groups.setdefault(key or f"\0{position}", []).append(position)
    return sorted(groups.values(), key=lambda group: group[0])


def _group_sources(ordered: Sequence[Sentence], group: Sequence[int]) -> frozenset[str]:
    return frozenset(ordered[i].source for i in group)


def _restatements(
    similarity: sparse.csr_matrix, positions: Sequence[dict[str, int]], settings: ClusterSettings,
) -> set[tuple[int, int]]:
    """Pairs of items that may share a cluster although a source has both: a restatement.

    Two sentences of one source report one fact when they score at least
    ``same_source_threshold``, or at least ``adjacent_threshold`` when they stand
    within ``adjacent_sentences`` of each other (a fact and its elaboration).
    """
    coo = similarity.tocoo()
    allowed = set()
    for row, col, value in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist()):
        if value >= settings.same_source_threshold:
            allowed.add((row, col))
        elif value >= settings.adjacent_threshold and any(
            abs(index - positions[col][source]) <= settings.adjacent_sentences
            for source, index in positions[row].items() if source in positions[col]
        ):
            allowed.add((row, col))
    return allowed


def _average_link(similarity: sparse.csr_matrix, *, sources: Sequence[frozenset[str]], threshold: float,
                  restatements: set[tuple[int, int]]) -> list[int]:
    """Return a cluster label per item from sparse average-link merging with source constraints.

    Candidate merges are taken from a max-heap of cluster-pair scores (mean
    pairwise similarity, unscored pairs counting as 0) and re-scored lazily
    after each merge, which is exact average-link restricted to pairs of
    clusters joined by at least one stored edge.
    """
    count = similarity.shape[0]
    size = [1] * count
    cluster_sources = [set(s) for s in sources]
    # links[a][b]: sum of similarities between clusters a and b (only stored edges).
    links: list[dict[int, float]] = [dict() for _ in range(count)]
    coo = similarity.tocoo()
    for row, col, value in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist()):
        if row < col:
            links[row][col] = links[row].get(col, 0.0) + value
            links[col][row] = links[col].get(row, 0.0) + value
    # Same-source pairs that restate one fact are allowed to merge.
    strong_pairs = restatements
    members: list[list[int]] = [[i] for i in range(count)]
    heap: list[tuple[float, int, int]] = []
    for a in range(count):
        for b, total in links[a].items():
            if a < b and total >= threshold:
                heapq.heappush(heap, (-total, a, b))
    alive = [True] * count
    while heap:
        negative_score, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or b not in links[a]:
            continue
        score = links[a][b] / (size[a] * size[b])
        if abs(score + negative_score) > 1e-12:
            if score >= threshold:
                heapq.heappush(heap, (-score, a, b))
            continue
        if score < threshold:
            continue
        if not _may_join(members[a], members[b], cluster_sources[a], cluster_sources[b], sources, strong_pairs):
            continue
        # Merge b into a.
        alive[b] = False
        size[a] += size[b]
        members[a].extend(members[b])
        cluster_sources[a] |= cluster_sources[b]
        for other, total in links[b].items():
            if other == a:
                continue
            links[a][other] = links[a].get(other, 0.0) + total
            links[other][a] = links[other].get(a, 0.0) + total
            del links[other][b]
        del links[a][b]
        links[b] = {}
        for other, total in links[a].items():
            merged_score = total / (size[a] * size[other])
            if merged_score >= threshold:
                first, second = (a, other) if a < other else (other, a)
                heapq.heappush(heap, (-merged_score, first, second))
    # Each item's label is the cluster that absorbed it: the one still alive that lists it.
    labels = [0] * count
    for cluster_index in range(count):
        if alive[cluster_index]:
            for item in members[cluster_index]:
                labels[item] = cluster_index
    return labels


def _may_join(
    left: Sequence[int], right: Sequence[int], left_sources: set[str], right_sources: set[str],
    sources: Sequence[frozenset[str]], strong_pairs: set[tuple[int, int]],
) -> bool:
    """Whether two clusters may merge: shared sources only through near-identical sentences."""
    shared = left_sources & right_sources
    if not shared:
        return True
    for i in left:
        for j in right:
            if sources[i] & sources[j] & shared and (i, j) not in strong_pairs:
                return False
    return True
