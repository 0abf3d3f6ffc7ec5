"""Accuracy and F1 of the same-fact decision on sentence pairs in MRPC's format.

Each pair is scored with the pipeline's own same-fact score
(``generator.similarity``: BERTScore F1 over MiniLM word pieces mixed with
content-word overlap) and called "same fact" at a threshold. Two figures:

- at the clustering threshold the site uses (``Settings().cluster.threshold``),
  which was chosen on whole stories, not on these pairs;
- cross-validated: 10 folds, the threshold chosen on nine and applied to the
  tenth (the honest figure for a threshold fitted to this kind of pair).

Beside them, the same two figures for the MiniLM sentence-vector cosine alone and
the "always equivalent" answer.

    .venv/bin/python bench/pairs.py ../shared/eval/mrpc_train.tsv

The file is read, never copied: MRPC is for research use only.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.settings import Settings, SimilaritySettings  # noqa: E402
from generator.similarity import bertscore_f1, encoder_from_model  # noqa: E402
from generator.text import content_stems  # noqa: E402

FOLDS = 10


def read_pairs(path: Path) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Return the (first, second) sentences and the 0/1 labels of an MRPC-format TSV file."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or len(rows[0]) < 5:
        raise SystemExit(f"{path}: expected a header and columns Quality, #1 ID, #2 ID, #1 String, #2 String")
    pairs = [(row[3], row[4]) for row in rows[1:] if len(row) >= 5]
    labels = np.array([int(row[0]) for row in rows[1:] if len(row) >= 5])
    return pairs, labels


def scores(pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Return the same-fact score and the sentence-vector cosine of every pair."""
    settings = SimilaritySettings()
    encoder = encoder_from_model()
    texts = sorted({text for pair in pairs for text in pair})
    vectors, pieces = encoder.encode_tokens(texts)
    row = {text: index for index, text in enumerate(texts)}
    same_fact, cosine = [], []
    for first, second in pairs:
        a, b = row[first], row[second]
        aligned = float(bertscore_f1(pieces[a], [pieces[b]])[0])
        stems_a, stems_b = set(content_stems(first)), set(content_stems(second))
        overlap = len(stems_a & stems_b) / min(len(stems_a), len(stems_b)) if stems_a and stems_b else 0.0
        same_fact.append((1 - settings.overlap_weight) * aligned + settings.overlap_weight * overlap)
        cosine.append(float(vectors[a] @ vectors[b]))
    return np.array(same_fact), np.array(cosine)


def accuracy_f1(predicted: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    true_positive = float(np.sum(predicted & (labels == 1)))
    precision = true_positive / max(float(predicted.sum()), 1.0)
    recall = true_positive / max(float((labels == 1).sum()), 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(np.mean(predicted == (labels == 1))), f1


def best_threshold(values: np.ndarray, labels: np.ndarray) -> float:
    """The threshold with the best accuracy on these pairs (the lowest on ties)."""
    candidates = np.unique(values)
    accuracies = [np.mean((values >= t) == (labels == 1)) for t in candidates]
    return float(candidates[int(np.argmax(accuracies))])


def cross_validated(values: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Accuracy and F1 with the threshold chosen on the other folds (folds by position, deterministic)."""
    fold_of = np.arange(len(values)) % FOLDS
    predicted = np.zeros(len(values), dtype=bool)
    for fold in range(FOLDS):
        held_out = fold_of == fold
        threshold = best_threshold(values[~held_out], labels[~held_out])
        predicted[held_out] = values[held_out] >= threshold
    return accuracy_f1(predicted, labels)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="pairs in MRPC's TSV format")
    args = parser.parse_args(argv)
    pairs, labels = read_pairs(args.file)
    same_fact, cosine = scores(pairs)
    threshold = Settings().cluster.threshold
    print(f"{len(pairs)} pairs, {int(labels.sum())} equivalent")
    print("decision | accuracy | F1")
    always = accuracy_f1(np.ones(len(labels), dtype=bool), labels)
    at_threshold = accuracy_f1(same_fact >= threshold, labels)
    fitted, cosine_fitted = cross_validated(same_fact, labels), cross_validated(cosine, labels)
    print(f"always equivalent | {always[0]:.3f} | {always[1]:.3f}")
    print(f"same-fact score >= the clustering threshold {threshold:.2f} (a merging threshold, not a pair decision)"
          f" | {at_threshold[0]:.3f} | {at_threshold[1]:.3f}")
    print(f"same-fact score, threshold cross-validated (10 folds) | {fitted[0]:.3f} | {fitted[1]:.3f}")
    print(f"MiniLM cosine, threshold cross-validated (10 folds) | {cosine_fitted[0]:.3f} | {cosine_fitted[1]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
