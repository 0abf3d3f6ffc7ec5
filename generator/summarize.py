"""The consensus summary: one cited sentence per shared fact, within a word budget.

The summary is extractive. Its units are the clusters made by ``cluster.py``
(sentences from different sources that report the same fact): at most one
member of a cluster enters the summary, printed verbatim, and it cites, for
every source that supports the cluster, that source's member sentence.

Which sentences enter is decided by the concept-coverage model of Gillick and
Favre (2009), "A Scalable Global Model for Summarization" (NAACL HLT Workshop
on Integer Linear Programming for NLP), the model of the ICSI summarizer
(Gillick, Favre and Hakkani-Tür, "The ICSI Summarization System at TAC 2008"):

* a *concept* is a pair of adjacent stemmed words (a bigram) that is not made
  of stop words only;
* its *weight* is the number of sources that contain it, so a fact that many
  outlets report is worth more than a detail one outlet adds; concepts found
  in too few sources get no weight at all. Each source that has the concept in
  its first sentences adds to the weight (news puts the main facts in the
  lede: the position feature of Edmundson, "New Methods in Automatic
  Extracting", 1969), and a small share of its sentence frequency breaks
  ties. A topic
  statement (``query``), when given, raises the weight of concepts that share
  a stem with it;
* the summary is the set of sentences that maximises the total weight of the
  distinct concepts it covers, subject to the word budget, at most one sentence
  per cluster, and no two sentences that say nearly the same thing. A concept
  counts once however many chosen sentences contain it, so redundancy earns
  nothing. This integer linear programme is solved exactly with HiGHS through
  ``scipy.optimize.milp``; if the solver stops at its node limit without a
  proven optimum, a deterministic greedy search of the same objective
  (cost-benefit greedy, Khuller, Moss and Naor 1999; Lin and Bilmes 2010)
  takes over.

Only sentences that at least ``settings.min_support`` origins state are
eligible: support is counted for the sentence, not its cluster, through the
members that score at least ``settings.citation_threshold`` with it or have
its very wording (a cluster is joined by average link, so a member can be near
the fact's other wordings without stating this one), and a source is cited
only through such a member. When they cannot fill half of the budget (a
one-source story, or sources that share few facts), the summary is topped up,
one support level at a time, with the best-covering facts fewer sources
report; each of those still cites exactly the sources that state it, so a
reader sees how thin the support is. Sentences that read badly out of context (very short ones,
questions, quotations without attribution or credited to a pronoun,
sentences opening with a conjunction, a pronoun or a lower-case word,
unbalanced quotes or brackets, text without final punctuation, web addresses,
the items of a list introduced by a colon) are not candidates unless nothing
else is left.

A news summary opens with the news: when a source's first sentence (its
lede, where news writing puts what happened) is among the candidates, the
summary includes at least one lede, the one the coverage model prefers. This is
a constraint, not a weight, so it does not change how facts are valued against
each other. A topic statement, when given, decides what matters instead, so a
query-focused summary has no such constraint.

The chosen sentences are ordered as a story: ledes first (in a generic
summary), then by the mean relative position of their cluster's members in the
source articles (what articles say first comes first), then by cluster id.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from .lexicon import DANGLING_OPENERS, DANGLING_OPENING_PHRASES, OPENING_PRONOUNS, STOP_WORDS
from .models import Cluster, Sentence, SummarySentence
from .segment import inside_quotations
from .settings import SummarySettings
from .text import content_stems, normalised_wording, stem, tokens, word_count

_OPEN_QUOTES = "\"“”'‘’«»"
_FINAL_PUNCTUATION = re.compile(r"[.!][\"'”’)\]]*$")
# A quotation credited to a pronoun ("...," she added.) needs the sentence before it.
_PRONOUN_ATTRIBUTION = re.compile(r"[\"”’],?\s+(?:he|she|they|it|we)\s+[a-z]+", re.IGNORECASE)
_WEB_NOISE = re.compile(r"https?://|www\.|@\w|\.com\b|\bclick\b|\bsubscribe\b", re.IGNORECASE)
# "Did not immediately respond to requests for comment", "declined to comment": a reporter's note
# that someone was asked, not a fact of the story.
_NO_COMMENT = re.compile(
    r"\b(?:respond|return|reply|replie|answer)\w*\s+(?:\w+\s+){0,4}(?:request|call|message|e-?mail|inquir)\w*"
    r"\s+(?:\w+\s+){0,3}(?:for|seeking)\s+comment|\bcould not be reached\b|\bdeclined to comment\b"
    r"|\bno immediate comment\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A cluster member that may stand for its cluster, with its concept ids."""

    sentence: Sentence
    cluster: int
    words: int
    concepts: tuple[int, ...]


def summarize(
    clusters: Sequence[Cluster],
    settings: SummarySettings,
    *,
    query: str | None = None,
    avoid: frozenset[str] = frozenset(),
    opposed: Mapping[str, frozenset[str]] | None = None,
    origin_of: Mapping[str, str] | None = None,
    same_fact: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> tuple[SummarySentence, ...]:
    """Return the consensus summary: cited sentences in reading order, within the word budget.

    ``avoid`` holds ids of sentences that may not stand for their cluster (the
    minority side of a conflict); they still count as support. ``opposed``
    maps a sentence id to the ids a conflict sets against it: those never
    cite it, they are listed as disputing it. ``origin_of`` maps a source to
    the original it was copied, updated or rewritten from: support is counted
    in independent origins, and of a fact's wordings the one most origins
    state word for word is preferred. ``same_fact`` gives the story's
    same-fact scores among sentences: two sentences scoring at least
    ``settings.same_fact_threshold`` never both enter the summary. ``query`` is an
    optional topic statement that raises the weight of the concepts it shares.
    Every knob (budget, support, weights, the optimiser's bounds) is a field
    of ``settings``, documented there.
    """
    ordered = sorted((c for c in clusters if c.members), key=lambda c: c.id)
    if not ordered:
        return ()
    budget = settings.words
    min_words, max_words = settings.min_words, settings.max_words
    members = [tuple(sorted(c.members, key=lambda s: (s.source, s.index))) for c in ordered]
    sentences = [s for group in members for s in group]
    weights, concept_ids = _concept_weights(sentences, query=query, query_boost=settings.query_boost,
                                            min_sources=settings.concept_min_sources,
                                            lead_sentences=settings.lead_sentences, lead_weight=settings.lead_weight,
                                            frequency_weight=settings.frequency_weight)

    not_alone = _list_items(sentences) | inside_quotations(sentences)
    origin = dict(origin_of or {})
    supports = [len({origin.get(source, source) for source in c.sources}) for c in ordered]
    # Support is counted per sentence: the origins whose sentences of the fact state what it says.
    stating: dict[str, tuple[Sentence, ...]] = {}
    for group in members:
        stating.update(_stating(group, same_fact, settings.citation_threshold))
    stated = {key: len({origin.get(s.source, s.source) for s in group}) for key, group in stating.items()}
    avoid = avoid | _less_shared_wordings(members, origin, min_words=min_words, max_words=max_words)
    chosen: list[_Candidate] = []
    covered: set[int] = set()
    # Support levels from the required one down to a single source: the lower
    # levels are used only while the summary is still too short.
    levels = [settings.min_support] + list(range(settings.min_support - 1, 0, -1))
    for strict_form in (True, False):
        for position, level in enumerate(levels):
            used = sum(c.words for c in chosen)
            if position > 0 and used >= settings.fill_ratio * budget:
                break
            in_level = [k for k, support in enumerate(supports)
                        if support >= level]
            taken = {c.cluster for c in chosen}
            candidates = [
                candidate for candidate in _candidates(
                    [k for k in in_level if k not in taken], members, concept_ids,
                    avoid=avoid | not_alone if strict_form else avoid, strict_form=strict_form,
                    min_words=min_words, max_words=max_words, budget=budget - used,
                )
                if (stated[candidate.sentence.id] >= level if position == 0 else stated[candidate.sentence.id] == level)
            ]
            needs_lede = settings.require_lede and not query and not any(c.sentence.index == 0 for c in chosen)
            picked = _select(candidates, weights, covered, budget - used,
                             chosen=chosen, needs_lede=needs_lede,
                             redundancy_threshold=settings.redundancy_threshold,
                             same_fact=same_fact, same_fact_threshold=settings.same_fact_threshold,
                             max_candidates=settings.max_candidates, node_limit=settings.node_limit,
                             time_limit=settings.time_limit)
            chosen.extend(picked)
            for candidate in picked:
                covered.update(candidate.concepts)
        if chosen:
            break
    return _in_reading_order(chosen, ordered, members, sentences, opposed=opposed or {},
                             stating=stating, ledes_first=settings.require_lede and not query)


def _bigrams(text: str) -> list[tuple[str, str]]:
    """Return the stemmed adjacent word pairs of ``text`` that are not stop words only."""
    words = tokens(text)
    return [(stem(a), stem(b)) for a, b in zip(words, words[1:])
            if not (a in STOP_WORDS and b in STOP_WORDS)]


def _concept_weights(
    sentences: Sequence[Sentence], *, query: str | None, query_boost: float,
    min_sources: int | None, lead_sentences: int, lead_weight: float, frequency_weight: float,
) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Return each concept's weight and, per sentence, the ids of the concepts it contains.

    The weight is the number of sources containing the concept (Gillick and
    Favre 2009); concepts in fewer sources than a threshold that grows slowly
    with the number of sources get weight zero, because a bigram two of 25
    articles share is as likely chance as news. With a single source the
    number of its sentences containing the concept stands in for it.
    """
    vocabulary: dict[tuple[str, str], int] = {}
    per_sentence: list[tuple[int, ...]] = []
    for sentence in sentences:
        ids = sorted({vocabulary.setdefault(b, len(vocabulary)) for b in _bigrams(sentence.text)})
        per_sentence.append(tuple(ids))
    source_sets: list[set[str]] = [set() for _ in vocabulary]
    lead_sets: list[set[str]] = [set() for _ in vocabulary]
    sentence_counts = np.zeros(len(vocabulary))
    for sentence, concept_ids in zip(sentences, per_sentence):
        for concept in concept_ids:
            source_sets[concept].add(sentence.source)
            sentence_counts[concept] += 1
            if sentence.index < lead_sentences:
                lead_sets[concept].add(sentence.source)
    source_count = len({s.source for s in sentences})
    if source_count > 1:
        weights = np.array([len(found) for found in source_sets], dtype=float)
    else:
        weights = sentence_counts
    threshold = min_sources if min_sources is not None else (2 if source_count < 8 else 3)
    weights[weights < threshold] = 0.0
    kept = weights > 0
    # Facts the sources put in their first sentences are what the story is
    # about (the lede); how often a concept recurs breaks ties between
    # concepts with the same number of sources.
    weights = weights + kept * lead_weight * np.array([len(found) for found in lead_sets])
    weights = weights + kept * frequency_weight * sentence_counts
    if query:
        query_stems = set(content_stems(query))
        if query_stems:
            by_id = sorted(vocabulary.items(), key=lambda item: item[1])
            boost = np.array([1.0 + query_boost * ((a in query_stems) + (b in query_stems)) / 2
                              for (a, b), _ in by_id])
            weights = weights * boost
    return weights, per_sentence


def _reads_alone(text: str, *, min_words: int, max_words: int) -> bool:
    """Whether a sentence can be read out of its article: complete, not a question or fragment."""
    stripped = text.strip()
    count = word_count(stripped)
    if not min_words <= count <= max_words:
        return False
    if not _FINAL_PUNCTUATION.search(stripped) or _WEB_NOISE.search(stripped) or _NO_COMMENT.search(stripped):
        return False
    if _PRONOUN_ATTRIBUTION.search(stripped):
        return False
    first = stripped.lstrip(_OPEN_QUOTES + "(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    words = tokens(stripped)
    opener = words[:1]
    # Inside a quotation a pronoun is the speaker's, so only bare sentences are held to it.
    quoted = stripped[0] in _OPEN_QUOTES
    if opener and (opener[0] in DANGLING_OPENERS or (opener[0] in OPENING_PRONOUNS and not quoted)):
        return False
    if any(tuple(words[:len(phrase)]) == phrase for phrase in DANGLING_OPENING_PHRASES):
        return False
    # A sentence that is all quotation has no speaker; unbalanced marks mean a cut.
    if stripped[0] in "\"“" and stripped.rstrip(".!")[-1:] in "\"”":
        return False
    if stripped.count('"') % 2 or stripped.count("“") != stripped.count("”"):
        return False
    # A closing mark before any opening one: the sentence starts inside a quotation cut by the splitter.
    first_mark = re.search(r"[“”]", stripped)
    if first_mark and first_mark.group() == "”":
        return False
    return stripped.count("(") == stripped.count(")")


def _list_items(sentences: Sequence[Sentence], *, max_words: int = 30) -> frozenset[str]:
    """Return the ids of sentences that are items of a list introduced by a colon.

    An item is a one-sentence paragraph right after a paragraph ending in ":",
    or right after another item when it is as short as items are; the list
    ends at the first paragraph that is not such an item.
    """
    per_paragraph: dict[tuple[str, int], int] = {}
    for sentence in sentences:
        key = (sentence.source, sentence.paragraph)
        per_paragraph[key] = per_paragraph.get(key, 0) + 1
    items: set[str] = set()
    previous: Sentence | None = None
    in_list = False
    for sentence in sorted(sentences, key=lambda s: (s.source, s.index)):
        alone = per_paragraph[(sentence.source, sentence.paragraph)] == 1
        if previous is None or previous.source != sentence.source:
            in_list = False
        elif sentence.paragraph != previous.paragraph:
            introduced = previous.text.rstrip().endswith(":")
            in_list = alone and (introduced or (in_list and word_count(sentence.text) <= max_words))
        if in_list:
            items.add(sentence.id)
        previous = sentence
    return frozenset(items)


def _less_shared_wordings(
    members: Sequence[tuple[Sentence, ...]], origin: Mapping[str, str], *, min_words: int, max_words: int,
) -> frozenset[str]:
    """Ids of members whose exact wording fewer origins state than another wording of their fact.

    When two or more independent origins share one wording of a fact, that
    wording stands for it, so its citations say "same words" as often as possible.
    """
    result: set[str] = set()
    for group in members:
        origins_by_wording: dict[str, set[str]] = {}
        for sentence in group:
            origins_by_wording.setdefault(normalised_wording(sentence.text), set()).add(
                origin.get(sentence.source, sentence.source))
        best = max(len(found) for found in origins_by_wording.values())
        shared = [s for s in group if len(origins_by_wording[normalised_wording(s.text)]) == best]
        if best < 2 or not any(_reads_alone(s.text, min_words=min_words, max_words=max_words) for s in shared):
            continue
        result.update(s.id for s in group if len(origins_by_wording[normalised_wording(s.text)]) < best)
    return frozenset(result)


def _candidates(
    cluster_indexes: Iterable[int], members: Sequence[tuple[Sentence, ...]],
    concept_ids: Sequence[tuple[int, ...]], *, avoid: frozenset[str] = frozenset(), strict_form: bool, min_words: int,
    max_words: int, budget: int,
) -> list[_Candidate]:
    """Return the members of the given clusters that may stand for them, in a fixed order."""
    offsets = np.cumsum([0] + [len(group) for group in members])
    result: list[_Candidate] = []
    for k in cluster_indexes:
        eligible = []
        for j, sentence in enumerate(members[k]):
            words = word_count(sentence.text)
            if sentence.id in avoid or words > budget or words == 0:
                continue
            if strict_form and not _reads_alone(sentence.text, min_words=min_words,
                                                 max_words=max_words):
                continue
            eligible.append(_Candidate(sentence, k, words, concept_ids[offsets[k] + j]))
        result.extend(eligible)
    return result


def _select(
    candidates: list[_Candidate], weights: np.ndarray, covered: set[int], budget: int, *,
    chosen: Sequence[_Candidate], needs_lede: bool, redundancy_threshold: float,
    max_candidates: int, node_limit: int, time_limit: float,
    same_fact: Callable[[Sequence[str]], np.ndarray] | None = None, same_fact_threshold: float = 0.5,
) -> list[_Candidate]:
    """Return the candidates that cover the most uncovered concept weight within ``budget``.

    With ``needs_lede``, the selection includes a source's first sentence
    whenever the pool has one that no earlier choice rules out.
    """
    gains = [sum(weights[c] for c in candidate.concepts if c not in covered)
             for candidate in candidates]
    ranked = sorted(range(len(candidates)), key=lambda i: (-gains[i], i))
    keep = sorted(i for i in ranked[:max_candidates] if gains[i] > 0)
    pool = [candidates[i] for i in keep]
    if not pool or budget <= 0:
        return []
    concepts = sorted({c for candidate in pool for c in candidate.concepts
                       if c not in covered and weights[c] > 0})
    column = {concept: j for j, concept in enumerate(concepts)}
    rows = [i for i, candidate in enumerate(pool) for c in candidate.concepts if c in column]
    cols = [column[c] for candidate in pool for c in candidate.concepts if c in column]
    occurrence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                   shape=(len(pool), len(concepts)))
    conflicts = _redundant_pairs(pool, chosen, redundancy_threshold, same_fact=same_fact,
                                 same_fact_threshold=same_fact_threshold)
    first, second = conflicts
    ruled_out = set(first[first == second].tolist())
    ledes = [i for i, c in enumerate(pool) if c.sentence.index == 0 and i not in ruled_out] if needs_lede else []
    picked = _solve_ilp(pool, occurrence, weights[concepts], budget, conflicts, ledes,
                        node_limit=node_limit, time_limit=time_limit)
    if picked is None:
        picked = _greedy(pool, occurrence, weights[concepts], budget, conflicts, ledes)
    return [pool[i] for i in picked]


def _redundant_pairs(
    pool: Sequence[_Candidate], chosen: Sequence[_Candidate], threshold: float, *,
    same_fact: Callable[[Sequence[str]], np.ndarray] | None = None, same_fact_threshold: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Return index pairs (i < j) of pool sentences too similar to share a summary.

    Pool sentences too similar to an already chosen sentence are paired with
    themselves (i == j), which forbids them outright.
    """
    texts = [c.sentence.text for c in pool] + [c.sentence.text for c in chosen]
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        for word in sorted(set(content_stems(text))):
            rows.append(i)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                               shape=(len(texts), max(len(vocabulary), 1)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    cosine = (matrix @ matrix.T).toarray() / np.outer(norms, norms)
    if same_fact is not None:
        # Sentences that report one fact in different words count as near-duplicates too.
        cosine = np.where(same_fact(texts) >= same_fact_threshold, max(threshold, 1.0), cosine)
    n = len(pool)
    same_cluster = np.array([c.cluster for c in pool])
    pool_part = np.triu(cosine[:n, :n] >= threshold, k=1)
    # Members of one cluster are already exclusive; no pair constraint needed.
    pool_part &= same_cluster[:, None] != same_cluster[None, :]
    first, second = np.nonzero(pool_part)
    if len(texts) > n:
        blocked = np.nonzero((cosine[:n, n:] >= threshold).any(axis=1))[0]
        first = np.concatenate([first, blocked])
        second = np.concatenate([second, blocked])
    return first, second


def _solve_ilp(
    pool: Sequence[_Candidate], occurrence: sparse.csr_matrix, weights: np.ndarray,
    budget: int, conflicts: tuple[np.ndarray, np.ndarray], ledes: Sequence[int], *,
    node_limit: int, time_limit: float,
) -> list[int] | None:
    """Return the pool indexes of the optimal selection, or None if not proven optimal.

    Variables: one binary per sentence, one per concept (continuous in [0, 1]:
    at the optimum it is 1 exactly when a chosen sentence contains it). When
    ``ledes`` is not empty, at least one of those sentences is chosen.
    """
    n, m = occurrence.shape
    lengths = np.array([c.words for c in pool], dtype=float)
    # A vanishing bonus for shorter sentences makes ties between equal
    # coverages resolve the same way every time, towards the tighter summary.
    objective = np.concatenate([lengths * 1e-6, -weights])
    blocks = [sparse.hstack([sparse.csr_matrix(lengths), sparse.csr_matrix((1, m))])]
    lower = [-np.inf]
    upper = [float(budget)]
    # A concept is covered only if some chosen sentence contains it.
    blocks.append(sparse.hstack([-occurrence.T, sparse.identity(m)]))
    lower += [-np.inf] * m
    upper += [0.0] * m
    groups: dict[int, list[int]] = {}
    for i, candidate in enumerate(pool):
        groups.setdefault(candidate.cluster, []).append(i)
    exclusive = [g for _, g in sorted(groups.items()) if len(g) > 1]
    if exclusive:
        rows = [r for r, g in enumerate(exclusive) for _ in g]
        cols = [i for g in exclusive for i in g]
        blocks.append(sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                        shape=(len(exclusive), n + m)))
        lower += [-np.inf] * len(exclusive)
        upper += [1.0] * len(exclusive)
    first, second = conflicts
    if len(first):
        count = len(first)
        pair_rows = np.concatenate([np.arange(count), np.arange(count)])
        pair_cols = np.concatenate([first, second])
        # i == j rows read 2 x_i <= 1, which forbids i.
        matrix = sparse.csr_matrix((np.ones(2 * count), (pair_rows, pair_cols)), shape=(count, n + m))
        blocks.append(matrix)
        lower += [-np.inf] * count
        upper += [1.0] * count
    if ledes:
        blocks.append(sparse.csr_matrix((np.ones(len(ledes)), (np.zeros(len(ledes)), ledes)),
                                        shape=(1, n + m)))
        lower.append(1.0)
        upper.append(np.inf)
    constraint = LinearConstraint(sparse.vstack(blocks).tocsr(), np.array(lower), np.array(upper))
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    result = milp(objective, integrality=integrality, bounds=Bounds(0, 1),
                  constraints=constraint,
                  options={"node_limit": node_limit, "time_limit": time_limit})
    if result.status != 0 or result.x is None:
        return None
    return [i for i in range(n) if result.x[i] > 0.5]


def _greedy(
    pool: Sequence[_Candidate], occurrence: sparse.csr_matrix, weights: np.ndarray,
    budget: int, conflicts: tuple[np.ndarray, np.ndarray], ledes: Sequence[int] = (),
) -> list[int]:
    """Return a selection by cost-benefit greedy search on the same objective and constraints.

    When ``ledes`` is not empty, the first pick is the best of them.
    """
    n = len(pool)
    banned = np.zeros(n, dtype=bool)
    partners: dict[int, list[int]] = {}
    for i, j in zip(*conflicts):
        if i == j:
            banned[i] = True
        partners.setdefault(int(i), []).append(int(j))
        partners.setdefault(int(j), []).append(int(i))
    lengths = np.array([c.words for c in pool], dtype=float)
    remaining = weights.astype(float).copy()
    picked: list[int] = []
    used = 0.0
    while True:
        gains = np.asarray(occurrence @ remaining).ravel()
        allowed = ~banned & (lengths + used <= budget) & (gains > 0)
        if not picked and len(ledes) and allowed[list(ledes)].any():
            only_ledes = np.zeros(n, dtype=bool)
            only_ledes[list(ledes)] = True
            allowed &= only_ledes
        ratio = np.where(allowed, gains / np.sqrt(lengths), -1.0)
        best = int(np.argmax(ratio))
        if ratio[best] <= 0:
            break
        picked.append(best)
        used += lengths[best]
        remaining[occurrence[best].indices] = 0.0
        banned[best] = True
        banned[[i for i, c in enumerate(pool) if c.cluster == pool[best].cluster]] = True
        banned[partners.get(best, [])] = True
    return sorted(picked)


def _in_reading_order(
    chosen: Sequence[_Candidate], clusters: Sequence[Cluster],
    members: Sequence[tuple[Sentence, ...]], sentences: Sequence[Sentence], *,
    opposed: Mapping[str, frozenset[str]], ledes_first: bool,
    stating: Mapping[str, tuple[Sentence, ...]] | None = None,
) -> tuple[SummarySentence, ...]:
    """Return the chosen sentences as cited summary sentences, ordered as a story.

    ``stating`` maps a sentence id to the members of its cluster that state what it says
    (``_stating``); a source is cited only through one of them. Without it, every member is.
    """
    article_length: dict[str, int] = {}
    for sentence in sentences:
        article_length[sentence.source] = max(article_length.get(sentence.source, 0),
                                              sentence.index + 1)

    def position(k: int) -> float:
        places = [s.index / article_length[s.source] for s in members[k]]
        return sum(places) / len(places)

    summary = []
    # The news comes first: a chosen lede opens a generic summary.
    def order(c: _Candidate) -> tuple[bool, float, str]:
        return (ledes_first and c.sentence.index != 0, position(c.cluster), clusters[c.cluster].id)

    for candidate in sorted(chosen, key=order):
        against = opposed.get(candidate.sentence.id, frozenset())
        group = (stating or {}).get(candidate.sentence.id, members[candidate.cluster])
        citations = _citations(candidate.sentence, [s for s in group if s.id not in against])
        cited = {citation.source for citation in citations}
        disputes = _citations(candidate.sentence, [s for s in group if s.id in against and s.source not in cited])
        summary.append(SummarySentence(candidate.sentence, clusters[candidate.cluster].id,
                                       citations, disputes))
    return tuple(summary)


def _stating(group: Sequence[Sentence], same_fact: Callable[[Sequence[str]], np.ndarray] | None,
             threshold: float) -> dict[str, tuple[Sentence, ...]]:
    """For each member of a cluster, the members that state what it says: itself, its very wording
    (case and punctuation aside), or a same-fact score of at least ``threshold`` with it.

    A cluster is joined by average link, so a member may be near the fact's other wordings and
    still not state this one. Without ``same_fact`` every member states every other's fact.
    """
    if same_fact is None or len(group) < 2:
        return {sentence.id: tuple(group) for sentence in group}
    scores = same_fact([sentence.text for sentence in group])
    wordings = [normalised_wording(sentence.text) for sentence in group]
    return {
        sentence.id: tuple(other for j, other in enumerate(group)
                           if j == i or scores[i, j] >= threshold or wordings[j] == wordings[i])
        for i, sentence in enumerate(group)
    }


def _citations(chosen: Sentence, group: Sequence[Sentence]) -> tuple[Sentence, ...]:
    """Return, per source in ``group``, its member closest in wording to the chosen sentence."""
    chosen_stems = set(content_stems(chosen.text))
    best: dict[str, tuple[float, int, Sentence]] = {}
    for member in group:
        if member == chosen:
            score = math.inf
        else:
            stems = set(content_stems(member.text))
            union = chosen_stems | stems
            score = len(chosen_stems & stems) / len(union) if union else 0.0
        key = (score, -member.index, member)
        current = best.get(member.source)
        if current is None or key[:2] > current[:2]:
            best[member.source] = key
    return tuple(best[source][2] for source in sorted(best))
