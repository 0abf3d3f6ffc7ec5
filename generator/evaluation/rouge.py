"""ROUGE-N against several references pooled, the way the DUC tables were computed.

ROUGE (Chin-Yew Lin. 2004. *ROUGE: A Package for Automatic Evaluation of
Summaries.* Text Summarization Branches Out, ACL workshop) counts the n-grams a
summary shares with human references. Tokenisation and stemming are Google's
``rouge-score`` package (``DefaultTokenizer(use_stemmer=True)``: lower-case,
split on non-alphanumerics, Porter stemming of tokens longer than 3 characters)
so the numbers can be checked against the evaluation data's calibration table.

Pooling follows ROUGE-1.5.5's ``-f A``: recall is the sum over references of
clipped n-gram matches divided by the sum over references of reference n-grams;
precision divides the same matches by the summary's n-grams once per reference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rouge_score.tokenizers import DefaultTokenizer

ORDERS: tuple[int, ...] = (1, 2)
"""The n-gram orders scored: ROUGE-1 and ROUGE-2."""

_TOKENIZER = DefaultTokenizer(use_stemmer=True)


@dataclass(frozen=True, slots=True)
class RougeScore:
    """ROUGE-N of one summary against its references, each value in [0, 1]."""

    recall: float
    precision: float
    f1: float


@dataclass(frozen=True, slots=True)
class References:
    """A cluster's references, tokenised once and counted per n-gram order.

    Scoring many candidate summaries against the same references (the oracle
    does thousands) must not re-tokenise and re-stem them every time.
    """

    counts: dict[int, tuple[Counter[tuple[str, ...]], ...]]
    totals: dict[int, int]

    @classmethod
    def from_texts(cls, references: Sequence[str], *, orders: Sequence[int] = ORDERS) -> References:
        """Return the n-gram counts of every reference for every order in ``orders``."""
        tokenized = [tokenize(reference) for reference in references]
        counts = {n: tuple(ngram_counts(tokens, n) for tokens in tokenized) for n in orders}
        totals = {n: sum(sum(counter.values()) for counter in counts[n]) for n in orders}
        return cls(counts=counts, totals=totals)


def truncate_words(text: str, limit: int | None) -> str:
    """Return the first ``limit`` whitespace words of ``text`` (all of it if ``limit`` is None).

    This is ROUGE-1.5.5's ``-l`` and the calibration method's cut: whitespace
    words of the raw text, before any tokenisation.
    """
    words = text.split()
    return " ".join(words if limit is None else words[:limit])


@lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    # Tokenising word by word gives exactly the tokens of the whole text (the
    # tokenizer splits at every non-alphanumeric, whitespace included), and the
    # cache spares re-running the slow Porter stemmer on words seen before.
    return tuple(_TOKENIZER.tokenize(word))


def tokenize(text: str) -> tuple[str, ...]:
    """Return the stemmed ROUGE tokens of ``text``, identical to ``rouge-score``'s."""
    return tuple(token for word in text.split() for token in _word_tokens(word))


def word_tokens(text: str) -> tuple[tuple[str, ...], ...]:
    """Return the ROUGE tokens of each whitespace word of ``text``, so cuts can be made by word."""
    return tuple(_word_tokens(word) for word in text.split())


def ngram_counts(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """Return how often each n-gram of ``tokens`` occurs."""
    return Counter(tuple(tokens[start:start + n]) for start in range(len(tokens) - n + 1))


def score_tokens(tokens: Sequence[str], references: References, n: int) -> RougeScore:
    """Return pooled ROUGE-N of an already tokenised summary."""
    summary = ngram_counts(tokens, n)
    summary_total = sum(summary.values())
    matches = 0
    for reference in references.counts[n]:
        # Iterate over the smaller counter: the result is the same, the work is not.
        small, large = (summary, reference) if len(summary) <= len(reference) else (reference, summary)
        matches += sum(min(count, large[gram]) for gram, count in small.items() if gram in large)
    reference_total = references.totals[n]
    recall = matches / reference_total if reference_total else 0.0
    peer_total = summary_total * len(references.counts[n])
    precision = matches / peer_total if peer_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return RougeScore(recall=recall, precision=precision, f1=f1)


def score_summary(summary: str, references: References, *, orders: Sequence[int] = ORDERS
                  ) -> dict[int, RougeScore]:
    """Return ROUGE-N of ``summary`` for every order, keyed by n.

    The summary is scored as given; cut it to the budget with
    ``truncate_words`` first when the convention asks for it.
    """
    tokens = tokenize(summary)
    return {n: score_tokens(tokens, references, n) for n in orders}
