"""Bounded work for any story within the limits: hard limits, near-duplicate collapse, a pairwise cap.

Clustering and comparison look at pairs of distinct sentences. On news the
pairs that matter are few, but nothing stops an input from making nearly every
pair similar: two 1.9 MB files of word salad from a 33-word vocabulary (issue
13) made the similarity graph dense and the build was killed at 24 GB. So,
before any pairwise step:

1. **Hard limits**, reported by ``generator check`` and by the build before any
   story is computed: at most ``max_story_files`` article files and
   ``max_story_sentences`` sentences per story (``story_limit_problem``).
2. **Near-duplicate collapse**, only for a story with more distinct wordings
   than ``max_compared_sentences`` (so every normal story is untouched): a
   sentence whose set of words is at least ``NEAR_DUPLICATE_JACCARD`` similar to
   an earlier kept sentence is left out. Candidates come from MinHash with
   locality-sensitive hashing (Broder 1997; Indyk and Motwani 1998): 16 minimum
   hashes in 4 bands of 4, each candidate verified by its exact Jaccard
   similarity, so the step is linear in the number of words.
3. **Pairwise cap**: if more than ``max_compared_sentences`` distinct wordings
   remain, only the first that many are compared, taken lead first across the
   sources (every source's first sentence, then every second sentence, ...),
   and the story page says how many sentences were left out.

Exact copies of a kept wording are always kept: the clustering and comparison
steps collapse identical wordings before their own pairwise work, so copies cost
nothing there (wire copy carried by hundreds of outlets stays whole).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import tokenizer
from .models import Sentence
from .settings import Settings

NEAR_DUPLICATE_JACCARD = 0.8
"""Word-set similarity at which two sentences count as the same sentence lightly edited
(one word changed in a sentence of twelve distinct words gives 11/13 = 0.85)."""
_PERMUTATIONS = 16
_BANDS = 4
_MASKS = np.array([
    int.from_bytes(hashlib.blake2b(f"minhash-{number}".encode(), digest_size=8).digest(), "little")
    for number in range(_PERMUTATIONS)
], dtype=np.uint64)
"""Fixed 64-bit masks, one per MinHash function (hash XOR mask): deterministic across runs and machines."""


@dataclass(frozen=True, slots=True)
class BoundedSentences:
    """The sentences a story's pairwise steps may see, and the notices saying what was left out."""

    sentences: tuple[Sentence, ...]
    notices: tuple[str, ...] = ()


def story_limit_problem(file_count: int, sentence_count: int, settings: Settings) -> str | None:
    """Return why a story is over the hard limits (files or sentences per story), or None.

    The build refuses such a story before computing anything; ``check`` lists it
    with the other problems. The file count is checked before the files are read.
    """
    if file_count > settings.max_story_files:
        return (f"has {file_count:,} article files, more than the limit of {settings.max_story_files:,} "
                "per story (max_story_files); split the story, or raise max_story_files")
    if sentence_count > settings.max_story_sentences:
        return (f"has {sentence_count:,} sentences, more than the limit of {settings.max_story_sentences:,} "
                "per story (max_story_sentences); split the story or remove files that are not articles, "
                "or raise max_story_sentences")
    return None


def bound_sentences(sentences: Sequence[Sentence], settings: Settings, *, label: str) -> BoundedSentences:
    """Return at most ``settings.max_compared_sentences`` distinct wordings of ``sentences``, with notices.

    A story within the cap is returned unchanged. ``label`` names the story in
    the notices. The result keeps the input order.
    """
    cap = settings.max_compared_sentences
    wordings = [_wording(sentence.text) for sentence in sentences]
    if len(set(wordings)) <= cap:
        return BoundedSentences(tuple(sentences))
    order = sorted(range(len(sentences)), key=lambda i: (sentences[i].index, sentences[i].source))
    near = _near_duplicates([sentences[i] for i in order], [wordings[i] for i in order])
    kept_wordings: set[str] = set()
    keep = [False] * len(sentences)
    cut = 0
    for position, item in enumerate(order):
        wording = wordings[item]
        if wording in kept_wordings:
            keep[item] = True
        elif near[position]:
            continue
        elif len(kept_wordings) < cap:
            kept_wordings.add(wording)
            keep[item] = True
        else:
            cut += 1
    notices = []
    duplicates = sum(near)
    if duplicates:
        notices.append(f"{label}: {duplicates:,} sentences nearly repeat an earlier sentence (the same words "
                       "but one or two) and were left out before comparing, to keep the work bounded")
    if cut:
        notices.append(f"{label}: has more distinct sentences than can be compared; only the first "
                       f"{cap:,} (lead sentences of every source first) were compared and {cut:,} were left "
                       "out (max_compared_sentences); split the story to see them all")
    return BoundedSentences(tuple(sentence for sentence, kept in zip(sentences, keep) if kept), tuple(notices))


def _wording(text: str) -> str:
    """The sentence with case and spacing ignored: equal wordings cost one comparison downstream."""
    return " ".join(text.casefold().split())


def _near_duplicates(sentences: Sequence[Sentence], wordings: Sequence[str]) -> list[bool]:
    """Per sentence, in the given order: whether it nearly repeats an earlier sentence of another wording.

    MinHash over each sentence's set of words, banded for locality-sensitive
    hashing; a candidate counts only when the exact Jaccard similarity of the two
    word sets reaches ``NEAR_DUPLICATE_JACCARD``. Linear in the number of words.
    """
    word_sets = [frozenset(tokenizer.words(wording, variant="runs")) for wording in wordings]
    signatures = _minhash(word_sets)
    rows = _PERMUTATIONS // _BANDS
    buckets: list[dict[bytes, int]] = [{} for _ in range(_BANDS)]
    first_of_wording: dict[str, int] = {}
    result = [False] * len(sentences)
    for position, words in enumerate(word_sets):
        wording = wordings[position]
        if wording in first_of_wording or len(words) < 3:
            first_of_wording.setdefault(wording, position)
            continue  # an exact copy is kept with its wording; very short sentences are never collapsed
        first_of_wording[wording] = position
        keys = [signatures[position, band * rows:(band + 1) * rows].tobytes() for band in range(_BANDS)]
        for band, key in enumerate(keys):
            earlier = buckets[band].get(key)
            if earlier is not None and _jaccard(words, word_sets[earlier]) >= NEAR_DUPLICATE_JACCARD:
                result[position] = True
                break
        if not result[position]:
            for band, key in enumerate(keys):
                buckets[band].setdefault(key, position)
    return result


def _minhash(word_sets: Sequence[frozenset[str]]) -> np.ndarray:
    """A ``(sentences, _PERMUTATIONS)`` array of minimum hashes (all ones for an empty set)."""
    signatures = np.full((len(word_sets), _PERMUTATIONS), np.iinfo(np.uint64).max, dtype=np.uint64)
    hashes: dict[str, int] = {}
    for position, words in enumerate(word_sets):
        if not words:
            continue
        values = np.array([hashes.setdefault(word, _hash(word)) for word in words], dtype=np.uint64)
        signatures[position] = (values[:, None] ^ _MASKS[None, :]).min(axis=0)
    return signatures


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    union = len(first | second)
    return len(first & second) / union if union else 1.0
