"""Word-level features shared by clustering, summarizing and comparing.

One stemmer for the whole pipeline over the tokenizer's ``"content"`` words (the
stop words are in ``generator.lexicon``), so that "the same word" means the same
thing in every step.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import Stemmer

from .lexicon import STOP_WORDS
from .tokenizer import words

_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    """Snowball's English stemmer ("Porter2", Porter 2001, the successor of Porter 1980) from its C
    library (PyStemmer), one per thread because a Stemmer object is not thread-safe. It replaced
    NLTK's Porter stemmer, whose import alone took 1.3 s of a cold build; on the seed and the four
    gold stories the pages are byte-identical (the original Porter algorithm was not: it ends "always"
    in "alwai" and grouped one sentence differently)."""
    stemmer: Stemmer.Stemmer | None = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


@lru_cache(maxsize=131_072)
def tokens(text: str) -> tuple[str, ...]:
    """Return the word and number tokens of ``text``, lower-cased, in order."""
    found = (word.lower().replace("’", "'") for word in words(text, variant="content"))
    # A possessive names the same thing as its noun: "force's" counts as "force".
    return tuple(word[:-2] if word.endswith("'s") else word for word in found)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Snowball English stem of a lower-case word (numbers are returned unchanged)."""
    if word[:1].isdigit():
        return word.replace(",", "")
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=131_072)
def content_stems(text: str) -> tuple[str, ...]:
    """Return the stems of the words that carry content: no stop words, no one-letter words."""
    return tuple(
        stem(token)
        for token in tokens(text)
        if token not in STOP_WORDS and (len(token) > 1 or token.isdigit())
    )


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalised_wording(text: str) -> str:
    """The text with case, punctuation and spacing ignored: equal wordings use the same words.

    Curly and straight apostrophes, dashes and quote marks all vanish, so two
    outlets' house styles of one sentence compare equal.
    """
    return _NON_WORD.sub(" ", text.casefold()).strip()


def word_count(text: str) -> int:
    """Return the number of whitespace-separated words, as ROUGE's length limit counts them."""
    return len(text.split())


def first_words(text: str, words: int) -> str:
    """The first ``words`` words of ``text``, with an ellipsis when it goes on."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


OPENING_QUOTES = "“\"‘'«„"
"""Marks a sentence may open a quotation with."""


def quoted(text: str) -> str:
    """``text`` shown as a quotation: between quotation marks, unless it opens with one of its own
    ("““They ..." reads wrong).

    A text that opens a quotation going on past its end (a quote of several sentences, or one cut
    short with "…") gets only the closing mark, so the passage shown is closed like every other;
    one that ends a quotation opened before it ("... they wish.\"") gets only the opening mark.
    """
    marks = quote_marks(text)
    if text.lstrip()[:1] not in OPENING_QUOTES:
        if marks[:1] == [False] and marks[-1:] == [False]:
            return f"“{text}"
        return f"“{text}”"
    still_open = marks[-1] if marks else not _quotes_balanced(text)
    return f"{text}”" if still_open else text


_QUOTE_MARK = re.compile(r"[“”\"]")


def quote_marks(text: str) -> list[bool]:
    """Each quotation mark of ``text`` in order: True where it opens a quotation, False where it closes one."""
    return [match.group() == "“"
            or (match.group() == '"' and text[max(0, match.start() - 1):match.start()] in _OPENS_AFTER)
            for match in _QUOTE_MARK.finditer(text)]


_OPENS_AFTER = frozenset({"", " ", "(", "[", "—", "–", "-"})
"""What may stand right before a straight mark that opens a quotation (nothing: the text's start)."""


def _quotes_balanced(text: str) -> bool:
    """Whether every quotation the text opens, it also closes (curly pairs, and straight marks by count)."""
    return (text.count("“") <= text.count("”") and text.count("‘") <= text.count("’")
            and text.count('"') % 2 == 0 and text.count("«") <= text.count("»"))
