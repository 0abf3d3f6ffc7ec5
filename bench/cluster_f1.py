"""Score the pipeline's sentence clustering against a hand-made gold alignment.

The gold file (``tests/data/seed_alignment.yml``) lists, for the seed story,
which sentences of different sources report the same fact, and which lines are
page furniture. This script runs the project's own ingest -> segment -> cluster
steps, maps each produced sentence to a gold sentence by text, and reports:

- pairwise precision, recall and F1 over pairs of sentences from *different*
  sources (a pair is positive when both sentences share a cluster), the measure
  the clustering step is tuned for, since only cross-source agreement counts as
  support for a fact;
- B-cubed precision, recall and F1 (Bagga and Baldwin 1998, "Entity-based
  cross-document coreferencing using the vector space model"; Amigo et al. 2009
  argue it is the cluster measure that satisfies all their formal constraints);
- the wrongly merged and the missed cross-source pairs, text of both sentences,
  so a developer can see the errors;
- with ``--baseline``, a naive baseline for comparison: TF-IDF cosine over
  content-word stems and plain average-link agglomerative clustering, at the
  best threshold of a sweep (an optimistic figure: the threshold is tuned on
  the very story it is scored on).

Only produced sentences that match a gold news sentence are scored. Produced
sentences found inside a ``furniture`` line are ignored (cleaning should have
dropped them; they are counted so that is visible); sentences matching nothing,
and gold sentences no produced sentence matched, are listed.

    .venv/bin/python bench/cluster_f1.py
    .venv/bin/python bench/cluster_f1.py --threshold 0.5 --max-pairs 0
    .venv/bin/python bench/cluster_f1.py --sweep --baseline
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # Run as a script from anywhere: the generator package lives next to bench/.
    sys.path.insert(0, str(ROOT))

from generator.cluster import cluster  # noqa: E402
from generator.errors import ConfigError  # noqa: E402
from generator.folders import load_story  # noqa: E402
from generator.models import Cluster, Sentence  # noqa: E402
from generator.segment import segment  # noqa: E402
from generator.settings import Settings  # noqa: E402
from generator.text import content_stems  # noqa: E402

DEFAULT_STORY = ROOT / "seeds" / "met-police-firearms-officers"
DEFAULT_GOLD = ROOT / "tests" / "data" / "seed_alignment.yml"
SWEEP_THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(2, 19))
"""Thresholds printed by ``--sweep``: 0.10, 0.15, ..., 0.90."""
BASELINE_THRESHOLDS = tuple(round(0.025 * step, 3) for step in range(2, 37))
"""Thresholds the baseline's best is chosen from: 0.050, 0.075, ..., 0.900 (a fine grid, to be generous)."""
MIN_MATCH_CHARACTERS = 8
"""A produced fragment shorter than this (after normalising) is too short to match safely."""


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One annotated sentence (or furniture line) of the gold file.

    ``cluster`` is the index of its gold cluster, or None for furniture.
    """

    source: str
    text: str
    cluster: int | None

    @property
    def is_furniture(self) -> bool:
        return self.cluster is None


@dataclass(frozen=True, slots=True)
class Gold:
    """The gold alignment: every news sentence in one cluster, plus furniture lines."""

    items: tuple[GoldItem, ...]
    cluster_count: int

    @property
    def news(self) -> tuple[GoldItem, ...]:
        return tuple(item for item in self.items if not item.is_furniture)

    @property
    def furniture(self) -> tuple[GoldItem, ...]:
        return tuple(item for item in self.items if item.is_furniture)


def load_gold(path: Path) -> Gold:
    """Return the gold alignment read from ``path``, refusing malformed entries.

    The file is YAML with ``clusters`` (a list of lists of ``{source, text}``)
    and ``furniture`` (a list of ``{source, text}``).
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("clusters"), list):
        raise ValueError(f"{path}: expected a mapping with a 'clusters' list")
    items: list[GoldItem] = []
    for number, members in enumerate(data["clusters"]):
        if not isinstance(members, list) or not members:
            raise ValueError(f"{path}: cluster {number + 1} must be a non-empty list")
        items.extend(_gold_entry(path, entry, number) for entry in members)
    items.extend(_gold_entry(path, entry, None) for entry in data.get("furniture") or ())
    return Gold(items=tuple(items), cluster_count=len(data["clusters"]))


def _gold_entry(path: Path, entry: object, cluster_index: int | None) -> GoldItem:
    if not (isinstance(entry, dict) and isinstance(entry.get("source"), str)
            and isinstance(entry.get("text"), str) and entry["text"].strip()):
        raise ValueError(f"{path}: every entry needs a 'source' and a non-empty 'text': {entry!r}")
    return GoldItem(source=entry["source"], text=entry["text"], cluster=cluster_index)


# ----------------------------------------------------------------------- matching

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"})
_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def normalise(text: str) -> str:
    """Return ``text`` in the form used for matching.

    Compatibility-normalised (so a no-break space is a space), curly quotes made
    straight, case-folded, whitespace collapsed, and punctuation at both ends
    dropped: segmenters disagree on which side of a sentence a closing quote
    or a leading dash falls, and cleaning may straighten quotes.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _EDGE.sub("", _SPACE.sub(" ", folded).strip())


@dataclass(frozen=True, slots=True)
class Matching:
    """How produced sentences map onto gold items.

    ``gold_of`` maps a produced sentence id to the index (in ``Gold.items``) of
    its gold news sentence; furniture and unmatched sentences are absent from it.
    """

    gold_of: dict[str, int]
    furniture: tuple[Sentence, ...]
    unmatched: tuple[Sentence, ...]
    unmatched_gold: tuple[GoldItem, ...]
    notes: tuple[str, ...]


def match_sentences(sentences: Sequence[Sentence], gold: Gold) -> Matching:
    """Return the gold item of each produced sentence, and what could not be matched.

    A produced sentence matches a gold item of the same source when the gold
    text is inside it or it is inside the gold text (both normalised). When it
    contains several gold texts (the segmenter did not split), the longest one
    wins; a fragment inside several gold texts is too ambiguous and is left
    unmatched. Both cases are noted.
    """
    by_source: dict[str, list[int]] = {}
    for position, item in enumerate(gold.items):
        by_source.setdefault(item.source, []).append(position)
    normalised_gold = [normalise(item.text) for item in gold.items]
    gold_of: dict[str, int] = {}
    furniture: list[Sentence] = []
    unmatched: list[Sentence] = []
    notes: list[str] = []
    for sentence in sentences:
        text = normalise(sentence.text)
        candidates = by_source.get(sentence.source, [])
        containing = [g for g in candidates if normalised_gold[g] and normalised_gold[g] in text]
        inside = [g for g in candidates if len(text) >= MIN_MATCH_CHARACTERS and text in normalised_gold[g]]
        chosen: int | None = None
        if containing:
            chosen = max(containing, key=lambda g: (len(normalised_gold[g]), -g))
            news = [g for g in containing if not gold.items[g].is_furniture]
            if len(news) > 1:
                notes.append(f"{sentence.id} holds {len(news)} gold sentences (not split); "
                             f"scored as the longest: {_short(gold.items[chosen].text)}")
        elif len(inside) == 1:
            chosen = inside[0]
        elif len(inside) > 1:
            notes.append(f"{sentence.id} is a fragment of {len(inside)} gold sentences; left unmatched: "
                         f"{_short(sentence.text)}")
        if chosen is None:
            unmatched.append(sentence)
        elif gold.items[chosen].is_furniture:
            furniture.append(sentence)
        else:
            gold_of[sentence.id] = chosen
    matched = set(gold_of.values())
    unmatched_gold = tuple(item for position, item in enumerate(gold.items)
                           if not item.is_furniture and position not in matched)
    return Matching(gold_of, tuple(furniture), tuple(unmatched), unmatched_gold, tuple(notes))


# ------------------------------------------------------------------------ scoring


@dataclass(frozen=True, slots=True)
class Scores:
    """Pairwise (cross-source) and B-cubed figures for one clustering."""

    pair_precision: float
    pair_recall: float
    pair_f1: float
    true_pairs: int
    predicted_pairs: int
    gold_pairs: int
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    scored_sentences: int


@dataclass(frozen=True, slots=True)
class ScoredItem:
    """One scored sentence: its produced cluster label and its gold cluster."""

    sentence: Sentence
    predicted: int
    gold: int


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def score(items: Sequence[ScoredItem]) -> Scores:
    """Return pairwise cross-source and B-cubed scores of predicted against gold clusters.

    Pairwise: over unordered pairs of sentences from different sources,
    precision = pairs together in both / pairs together in the prediction,
    recall = pairs together in both / pairs together in the gold. With no
    predicted pair, precision is 1 (nothing wrong was claimed); with no gold
    pair, recall is 1.

    B-cubed (Bagga and Baldwin 1998): for each sentence, precision is the share
    of its predicted cluster that is in its gold cluster and recall the share
    of its gold cluster that is in its predicted cluster (both counted over
    scored sentences, itself included), averaged over sentences.
    """
    true_pairs = predicted_pairs = gold_pairs = 0
    for a, b in _cross_source_pairs(items):
        together = a.predicted == b.predicted
        same_fact = a.gold == b.gold
        predicted_pairs += together
        gold_pairs += same_fact
        true_pairs += together and same_fact
    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    b_precision = b_recall = 0.0
    for item in items:
        predicted_members = [other for other in items if other.predicted == item.predicted]
        gold_members = [other for other in items if other.gold == item.gold]
        both = sum(1 for other in predicted_members if other.gold == item.gold)
        b_precision += both / len(predicted_members)
        b_recall += both / len(gold_members)
    count = len(items)
    b_precision = b_precision / count if count else 1.0
    b_recall = b_recall / count if count else 1.0
    return Scores(precision, recall, _f1(precision, recall), true_pairs, predicted_pairs, gold_pairs,
                  b_precision, b_recall, _f1(b_precision, b_recall), count)


def scored_items(sentences: Sequence[Sentence], labels: dict[str, int], gold: Gold,
                 matching: Matching) -> tuple[ScoredItem, ...]:
    """Return the gold-matched sentences with their predicted and gold cluster labels, in input order.

    A matched sentence the clustering left out gets a label of its own (a
    singleton), so a clustering that drops sentences is not rewarded.
    """
    items = []
    next_label = max(labels.values(), default=-1) + 1
    for sentence in sentences:
        position = matching.gold_of.get(sentence.id)
        if position is None:
            continue
        label = labels.get(sentence.id)
        if label is None:
            label, next_label = next_label, next_label + 1
        gold_cluster = gold.items[position].cluster
        assert gold_cluster is not None
        items.append(ScoredItem(sentence, label, gold_cluster))
    return tuple(items)


def error_pairs(items: Sequence[ScoredItem]) -> tuple[tuple[tuple[ScoredItem, ScoredItem], ...],
                                                     tuple[tuple[ScoredItem, ScoredItem], ...]]:
    """Return the cross-source pairs wrongly merged and those missed, in sentence order."""
    false_merges, missed = [], []
    ordered = sorted(items, key=lambda item: (item.sentence.source, item.sentence.index))
    for a, b in _cross_source_pairs(ordered):
        together, same_fact = a.predicted == b.predicted, a.gold == b.gold
        if together and not same_fact:
            false_merges.append((a, b))
        elif same_fact and not together:
            missed.append((a, b))
    return tuple(false_merges), tuple(missed)


def _cross_source_pairs(items: Sequence[ScoredItem]) -> Iterator[tuple[ScoredItem, ScoredItem]]:
    """Every unordered pair of items from different sources, in the items' order."""
    for first, a in enumerate(items):
        for b in items[first + 1:]:
            if a.sentence.source != b.sentence.source:
                yield a, b


# ----------------------------------------------------------------------- pipeline


def load_sentences(story_dir: Path, settings: Settings) -> tuple[Sentence, ...]:
    """Return the story's sentences exactly as the pipeline makes them (ingest, then segment)."""
    return segment(load_story(story_dir, settings).articles)


def project_labels(sentences: Sequence[Sentence], settings: Settings) -> dict[str, int]:
    """Return the project's cluster label of each sentence id, from ``generator.cluster``."""
    return labels_of(cluster(sentences, settings.cluster))


def labels_of(clusters: Sequence[Cluster]) -> dict[str, int]:
    """Return a cluster number per sentence id."""
    return {member.id: number for number, found in enumerate(clusters) for member in found.members}


def tfidf_similarity(texts: Sequence[str]) -> np.ndarray:
    """Return the cosine similarity matrix of TF-IDF vectors over content-word stems.

    The textbook weighting (Salton and Buckley 1988): raw term count times
    log(n / df), n and df counted over the given sentences, so a stem every
    sentence uses weighs nothing. The diagonal is 0. Terms are numbered in
    sorted order so the result does not depend on hash order.
    """
    stems = [content_stems(text) for text in texts]
    vocabulary = {term: column for column, term in enumerate(sorted({t for words in stems for t in words}))}
    counts = np.zeros((len(texts), max(len(vocabulary), 1)))
    for row, words in enumerate(stems):
        for term in words:
            counts[row, vocabulary[term]] += 1
    document_frequency = (counts > 0).sum(axis=0)
    weights = counts * np.log(len(texts) / np.maximum(document_frequency, 1))
    norms = np.linalg.norm(weights, axis=1)
    unit = weights / np.where(norms > 0, norms, 1.0)[:, None]
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, 0.0)
    return similarity


def average_link(similarity: np.ndarray, *, threshold: float) -> tuple[int, ...]:
    """Return a cluster label per row from plain average-link agglomerative clustering.

    Repeatedly merges the two clusters with the highest mean pairwise
    similarity while it is at least ``threshold``; ties go to the lowest
    indices, so the result is deterministic. No source constraint: this is the
    naive baseline.
    """
    count = similarity.shape[0]
    sums = similarity.astype(np.float64).copy()
    sizes = np.ones(count)
    alive = np.ones(count, dtype=bool)
    labels = list(range(count))
    while alive.sum() > 1:
        mean = sums / np.outer(sizes, sizes)
        mask = np.outer(alive, alive)
        np.fill_diagonal(mask, False)
        mean = np.where(mask, mean, -np.inf)
        best = int(np.argmax(mean))
        a, b = divmod(best, count)
        if mean[a, b] < threshold:
            break
        a, b = min(a, b), max(a, b)
        sums[a, :] += sums[b, :]
        sums[:, a] += sums[:, b]
        sizes[a] += sizes[b]
        alive[b] = False
        labels = [a if label == b else label for label in labels]
    return tuple(labels)


def baseline_labels(sentences: Sequence[Sentence], threshold: float) -> dict[str, int]:
    """Return the naive baseline's cluster label per sentence id at ``threshold``."""
    labels = average_link(tfidf_similarity([s.text for s in sentences]), threshold=threshold)
    return {sentence.id: label for sentence, label in zip(sentences, labels)}


# ------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything measured for one clustering of one story."""

    scores: Scores
    items: tuple[ScoredItem, ...]
    matching: Matching


def evaluate(sentences: Sequence[Sentence], labels: dict[str, int], gold: Gold,
             matching: Matching | None = None) -> Evaluation:
    """Return the scores of one clustering (labels per sentence id) against the gold alignment."""
    matching = matching or match_sentences(sentences, gold)
    items = scored_items(sentences, labels, gold, matching)
    return Evaluation(score(items), items, matching)


def evaluate_project(story_dir: Path, gold: Gold, settings: Settings) -> Evaluation:
    """Return the scores of the project's own segment + cluster steps on one story."""
    sentences = load_sentences(story_dir, settings)
    return evaluate(sentences, project_labels(sentences, settings), gold)


def best_baseline(sentences: Sequence[Sentence], gold: Gold,
                  thresholds: Sequence[float] = BASELINE_THRESHOLDS) -> tuple[float, Evaluation]:
    """Return the naive baseline's best threshold (by pairwise F1, lowest on ties) and its evaluation."""
    matching = match_sentences(sentences, gold)
    best: tuple[float, Evaluation] | None = None
    for threshold in thresholds:
        result = evaluate(sentences, baseline_labels(sentences, threshold), gold, matching)
        if best is None or result.scores.pair_f1 > best[1].scores.pair_f1 + 1e-12:
            best = (threshold, result)
    assert best is not None
    return best


def _short(text: str, limit: int = 110) -> str:
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def format_scores(label: str, scores: Scores) -> str:
    """Return a one-line summary of the figures."""
    return (f"{label}: pairwise P {scores.pair_precision:.3f} R {scores.pair_recall:.3f} "
            f"F1 {scores.pair_f1:.3f} ({scores.true_pairs} right of {scores.predicted_pairs} merged, "
            f"{scores.gold_pairs} in gold) | B-cubed P {scores.bcubed_precision:.3f} "
            f"R {scores.bcubed_recall:.3f} F1 {scores.bcubed_f1:.3f} | {scores.scored_sentences} sentences")


def format_report(result: Evaluation, *, title: str, max_pairs: int) -> str:
    """Return the readable report: matching problems, figures, then the erroneous pairs."""
    lines = [f"== {title}", format_scores("scores", result.scores)]
    matching = result.matching
    lines.append(f"matched {len(matching.gold_of)} sentences; {len(matching.furniture)} furniture "
                 f"sentences ignored; {len(matching.unmatched)} produced sentences unmatched; "
                 f"{len(matching.unmatched_gold)} gold sentences unmatched")
    for sentence in matching.unmatched:
        lines.append(f"  unmatched produced {sentence.id}: {_short(sentence.text)}")
    for item in matching.unmatched_gold:
        lines.append(f"  unmatched gold {item.source}: {_short(item.text)}")
    for note in matching.notes:
        lines.append(f"  note: {note}")
    false_merges, missed = error_pairs(result.items)
    for heading, pairs in (("false merges (merged, but different facts)", false_merges),
                           ("missed pairs (same fact, not merged)", missed)):
        shown = pairs if max_pairs <= 0 else pairs[:max_pairs]
        lines.append(f"-- {heading}: {len(pairs)}" + ("" if len(shown) == len(pairs) else f", first {len(shown)}"))
        for a, b in shown:
            lines.append(f"  {a.sentence.id}: {_short(a.sentence.text)}")
            lines.append(f"  {b.sentence.id}: {_short(b.sentence.text)}")
            lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--story", type=Path, default=DEFAULT_STORY, help="story folder (default: the seed story)")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold alignment YAML")
    parser.add_argument("--threshold", type=float, help="override the cluster_threshold option")
    parser.add_argument("--sweep", action="store_true", help="print F1 for a range of thresholds")
    parser.add_argument("--baseline", action="store_true",
                        help="also score the naive TF-IDF + average-link baseline at its best threshold")
    parser.add_argument("--max-pairs", type=int, default=40,
                        help="erroneous pairs listed per kind (0: all; default 40)")
    args = parser.parse_args(argv)

    settings = Settings()
    if args.threshold is not None:
        settings = settings.with_option("cluster_threshold", args.threshold)
        try:
            settings.validate(origin="--threshold")
        except ConfigError as error:
            parser.error(str(error))
    gold = load_gold(args.gold)
    sentences = load_sentences(args.story, settings)
    result = evaluate(sentences, project_labels(sentences, settings), gold)
    print(f"gold: {gold.cluster_count} clusters, {len(gold.news)} sentences, {len(gold.furniture)} furniture lines")
    print(format_report(result, title=f"project clustering (threshold {settings.cluster.threshold:g})",
                        max_pairs=args.max_pairs))

    if args.sweep:
        print("\n== sweep: project clustering" + (" | naive baseline" if args.baseline else ""))
        matching = result.matching
        for threshold in SWEEP_THRESHOLDS:
            swept = settings.with_option("cluster_threshold", threshold)
            project = evaluate(sentences, project_labels(sentences, swept), gold, matching).scores
            row = f"  {threshold:.2f}  pairwise F1 {project.pair_f1:.3f}  B-cubed F1 {project.bcubed_f1:.3f}"
            if args.baseline:
                naive = evaluate(sentences, baseline_labels(sentences, threshold), gold, matching).scores
                row += f"  | baseline pairwise F1 {naive.pair_f1:.3f}  B-cubed F1 {naive.bcubed_f1:.3f}"
            print(row)

    if args.baseline:
        threshold, naive = best_baseline(sentences, gold)
        print()
        print(format_report(naive, title=f"naive baseline: TF-IDF cosine + average link, best threshold "
                                         f"{threshold:.3f} (tuned on this story)", max_pairs=args.max_pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
