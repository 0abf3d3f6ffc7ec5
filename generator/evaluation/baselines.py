"""Baseline summarizers the consensus summary is compared with.

- sumy's LexRank, TextRank and LSA, fed through an offline tokenizer (sumy's
  own English tokenizer loads NLTK's punkt model, which is downloaded at run
  time; nothing here may touch the network or NLTK data);
- lead: the opening sentences of the cluster's first document;
- a greedy ROUGE oracle: the upper bound an extractive summarizer could reach.

Every function returns plain text; the caller cuts it to the budget before
scoring, exactly as for every other system.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from ..segment import split_sentences
from .rouge import References, score_tokens, word_tokens

LANGUAGE = "english"

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class OfflineTokenizer:
    """sumy's tokenizer interface over the project's own sentence splitter.

    sumy asks a tokenizer for ``to_sentences(paragraph)``, ``to_words(sentence)``
    and ``language``. Sentences come from ``generator.segment.split_sentences``
    (no model, no download); words are runs of letters with inner apostrophes
    or hyphens, which is what sumy keeps of NLTK's word tokens anyway (it drops
    numbers and punctuation).
    """

    language = LANGUAGE

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Return the sentences of one paragraph, verbatim."""
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Return the words of one sentence, without numbers or punctuation."""
        return tuple(_WORD.findall(sentence))


def _term_counts(sentences_words: Sequence[Sequence[str]]) -> np.ndarray[Any, Any]:
    """Return a sentences x terms count matrix, terms in sorted order (so no hash order leaks in)."""
    vocabulary = {term: column for column, term in
                  enumerate(sorted({term for words in sentences_words for term in words}))}
    counts = np.zeros((len(sentences_words), len(vocabulary)))
    for row, words in enumerate(sentences_words):
        for term in words:
            counts[row, vocabulary[term]] += 1
    return counts


class _FastLexRank(LexRankSummarizer):  # type: ignore[misc]
    """sumy's LexRank with its similarity matrix computed by matrix products.

    Same formulas as sumy 0.13 (tf normalised by the sentence's largest count,
    idf = log(N / (1 + n_t)), idf-modified cosine, edges above 0.1, rows divided
    by degree), but sumy computes each of the n^2 cosines and each idf in pure
    Python, which takes tens of seconds for the 700-sentence clusters of DUC
    2006, and sums over ``frozenset`` order, which depends on PYTHONHASHSEED.
    A test checks that the ranking equals stock sumy's.
    """

    def __call__(self, document: Any, sentences_count: Any) -> Any:
        sentences_words = [self._to_words_set(sentence) for sentence in document.sentences]
        if not sentences_words:
            return ()
        counts = _term_counts(sentences_words)
        largest = counts.max(axis=1, initial=0.0)
        tf = counts / np.where(largest > 0, largest, 1.0)[:, np.newaxis]
        containing = np.count_nonzero(counts, axis=0)
        idf = np.log(len(sentences_words) / (1.0 + containing))
        vectors = tf * idf
        norms = np.sqrt((vectors ** 2).sum(axis=1))
        dot = vectors @ vectors.T
        scale = np.outer(norms, norms)
        cosine = np.divide(dot, scale, out=np.zeros_like(dot), where=scale > 0)
        matrix = (cosine > self.threshold).astype(float)
        degrees = matrix.sum(axis=1)
        matrix /= np.where(degrees == 0, 1.0, degrees)[:, np.newaxis]
        scores = self.power_method(matrix, self.epsilon)
        ratings = dict(zip(document.sentences, scores))
        return self._get_best_sentences(document.sentences, sentences_count, ratings)


class _FastTextRank(TextRankSummarizer):  # type: ignore[misc]
    """sumy's TextRank with its edge weights computed by matrix products.

    sumy's edge weight is the number of word overlaps (counted with
    repetition) divided by log|S1| + log|S2|; the overlap is a dot product of
    term counts, so the n^2 Python loop becomes one matrix product. A test
    checks that the ranking equals stock sumy's.
    """

    def _create_matrix(self, document: Any) -> Any:
        sentences_words = [self._to_words_set(sentence) for sentence in document.sentences]
        counts = _term_counts(sentences_words)
        overlap = counts @ counts.T
        lengths = np.array([len(words) for words in sentences_words], dtype=float)
        with np.errstate(divide="ignore"):
            log_lengths = np.log(lengths)
        norm = log_lengths[:, np.newaxis] + log_lengths[np.newaxis, :]
        single_words = np.isclose(norm, 0.0)
        weights = np.divide(overlap, norm, out=np.zeros_like(overlap), where=(overlap > 0) & ~single_words)
        weights = np.where((overlap > 0) & single_words, overlap, weights)
        weights /= weights.sum(axis=1)[:, np.newaxis] + self._ZERO_DIVISION_PREVENTION
        count = len(sentences_words)
        return np.full((count, count), (1.0 - self.damping) / count) + self.damping * weights


class _FastLsa(LsaSummarizer):  # type: ignore[misc]
    """sumy's LSA with term rows in sorted order and its tf smoothing vectorised.

    sumy numbers terms in ``frozenset`` order, which depends on PYTHONHASHSEED
    and changes the rounding of the decomposition; its smoothing is a Python
    loop over every cell of a terms x sentences matrix.
    """

    def _create_dictionary(self, document: Any) -> dict[str, int]:
        words = map(self.normalize_word, document.words)
        unique_words = sorted({self.stem_word(word) for word in words if word not in self._stop_words})
        return {word: row for row, word in enumerate(unique_words)}

    def _compute_term_frequency(self, matrix: Any, smooth: float = 0.4) -> Any:
        largest = matrix.max(axis=0)
        smoothed = smooth + (1.0 - smooth) * matrix / np.where(largest != 0, largest, 1.0)
        return np.where(largest != 0, smoothed, matrix)


SUMY_ALGORITHMS: dict[str, Callable[[Any], Any]] = {
    "lexrank": _FastLexRank,
    "textrank": _FastTextRank,
    "lsa": _FastLsa,
}
"""sumy summarizer classes by the system name used in results."""


@lru_cache(maxsize=1)
def _cached_stemmer() -> Callable[[str], str]:
    """sumy's English (Snowball) stemmer, memoised: a cluster repeats its words thousands of times."""
    return lru_cache(maxsize=200_000)(Stemmer(LANGUAGE))


def paragraphs_of(documents: Sequence[str]) -> list[list[str]]:
    """Return each document's non-empty paragraphs (documents separate them with newlines)."""
    return [[line.strip() for line in document.split("\n") if line.strip()] for document in documents]


def sentences_of(documents: Sequence[str]) -> list[str]:
    """Return every sentence of every document, in document order then text order."""
    return [sentence for paragraphs in paragraphs_of(documents) for paragraph in paragraphs
            for sentence in split_sentences(paragraph)]


def sumy_summary(algorithm: str, documents: Sequence[str], *, target_words: int) -> str:
    """Return sumy's ``algorithm`` summary of the documents, long enough to fill ``target_words``.

    The documents form one sumy document with one paragraph per source
    paragraph. sumy ranks all sentences and keeps the best ones; instead of a
    fixed sentence count it is given a count function that keeps best-ranked
    sentences until they hold ``target_words`` words, so the summary is filled
    to the budget whatever the sentence lengths (sumy then restores document order).
    LexRank: Günes Erkan and Dragomir R. Radev. 2004. JAIR 22. TextRank: Rada
    Mihalcea and Paul Tarau. 2004. EMNLP. LSA: Josef Steinberger and Karel
    Ježek. 2004. ISIM (sumy's variant).
    """
    tokenizer = OfflineTokenizer()
    paragraphs = [
        Paragraph([SumySentence(sentence, tokenizer) for sentence in tokenizer.to_sentences(paragraph)])
        for source in paragraphs_of(documents) for paragraph in source
    ]
    document = ObjectDocumentModel(paragraphs)
    if not document.sentences:
        return ""
    summarizer = SUMY_ALGORITHMS[algorithm](_cached_stemmer())
    summarizer.stop_words = get_stop_words(LANGUAGE)

    def enough_words(ranked: Sequence[Any]) -> Sequence[Any]:
        # ``ranked`` holds sumy's SentenceInfo records, best first.
        total = 0
        for count, info in enumerate(ranked, start=1):
            total += len(str(info.sentence).split())
            if total >= target_words:
                return ranked[:count]
        return ranked

    chosen = summarizer(document, enough_words)
    return " ".join(str(sentence) for sentence in chosen)


def lead_summary(documents: Sequence[str], *, target_words: int) -> str:
    """Return the opening sentences of the first document, up to ``target_words`` words.

    Documents are taken in the dataset's order (the evaluation files do not
    give every cluster's dates, so "most recent first", NIST's choice, is not
    available); when the first document is shorter than the budget the next
    one continues it.
    """
    chosen: list[str] = []
    total = 0
    for sentence in sentences_of(documents):
        if total >= target_words:
            break
        chosen.append(sentence)
        total += len(sentence.split())
    return " ".join(chosen)


def oracle_summary(documents: Sequence[str], references: Sequence[str], *, target_words: int) -> str:
    """Return a greedy extractive oracle: the sentences that best match the references.

    Sentences are added one at a time, each time the one that most raises
    pooled ROUGE-2 recall of the summary cut to ``target_words`` (ties: ROUGE-1
    recall, then the earlier sentence), until the budget is full or no sentence
    helps. This is the usual greedy approximation of the extractive upper bound
    (Ramesh Nallapati, Feifei Zhai and Bowen Zhou. 2017. *SummaRuNNer.* AAAI;
    Yang Liu and Mirella Lapata. 2019. *Text Summarization with Pretrained
    Encoders.* EMNLP), computed with the same scorer as every system.
    """
    pooled = References.from_texts(references)
    sentences: list[str] = []
    seen: set[str] = set()
    for sentence in sentences_of(documents):
        if sentence not in seen:  # repeated sentences can never add anything the first copy did not
            seen.add(sentence)
            sentences.append(sentence)
    tokens_by_word = [word_tokens(sentence) for sentence in sentences]
    chosen: list[int] = []
    chosen_set: set[int] = set()
    chosen_words: list[tuple[str, ...]] = []
    best_key = (0.0, 0.0)
    while len(chosen_words) < target_words:
        best_index = -1
        for index, words in enumerate(tokens_by_word):
            if index in chosen_set or not words:
                continue
            candidate = [token for word in (chosen_words + list(words))[:target_words] for token in word]
            bigram_recall = score_tokens(candidate, pooled, 2).recall
            if bigram_recall < best_key[0]:
                continue  # ROUGE-1 only breaks ties, so it is not worth computing here
            key = (bigram_recall, score_tokens(candidate, pooled, 1).recall)
            if key > best_key:
                best_key, best_index = key, index
        if best_index < 0:
            break
        chosen.append(best_index)
        chosen_set.add(best_index)
        chosen_words.extend(tokens_by_word[best_index])
    return " ".join(sentences[index] for index in chosen)
