"""The tokenizer: the words of a text, for every step of the pipeline.

Every step that cuts text into words calls ``words``. Steps cut words slightly
differently, and a step's cut is part of what it finds (a word count of a
cleaning rule, the stems of a same-fact score, the word sets of a near-duplicate
check), so the variants are one parameter, each named for what it keeps together:

``"unicode"`` (the default)
    Runs of Unicode letters, digits and combining marks; an apostrophe or hyphen
    between two runs stays inside the word (``don't``, ``24-year-old``), and so
    does a comma or point between digits (``2,500``, ``2.5``). Punctuation,
    symbols, underscores and emoji are not words. The general-purpose cut.
``"content"``
    Numbers apart from letters (``24-year-old`` gives ``24`` and ``year-old``), a
    number keeping its separators (``2,500``); an apostrophe or hyphen joins
    letters only. The cut behind ``text.tokens``: stems, content words, overlaps.
``"line"``
    Letters and digits together, joined by hyphens, apostrophes and full stops,
    with a final full stop kept (``U.S.``, ``Jr.``, ``2.5``): the cut of the
    cleaning rules, which count a line's words and look at their first letters.
``"runs"``
    Plain ``\\w`` runs (underscores included, every apostrophe a cut): the word
    sets of the near-duplicate check in ``limits``.
``"ascii"``
    ASCII letters with inner hyphens and apostrophes (``Vice-President``): the
    few words before a name that ``compare`` reads as its title.

A regex that cuts something other than words stays with its step: numbers with
their units (``compare._unit_after``, which keeps punctuation as tokens),
capitalised names (``grouping._NAME``, ``compare._NAME``), the splitter's
whitespace tokens (``segment._TOKEN``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Literal

Variant = Literal["unicode", "content", "line", "runs", "ascii"]

_PATTERNS: dict[str, re.Pattern[str]] = {
    "content": re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE),
    "line": re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", re.UNICODE),
    "runs": re.compile(r"\w+"),
    "ascii": re.compile(r"[A-Za-z][A-Za-z'-]*"),
}
_WORD_CHARACTER = re.compile(r"[^\W_]")


def _combining_marks() -> str:
    """All combining marks as a regex class body, so words in Indic and other scripts stay whole.

    Python's ``\\w`` leaves out some combining marks (categories Mn, Mc, Me),
    which would cut Hindi or Thai words apart at vowel signs.
    """
    ranges: list[tuple[int, int]] = []
    # Marks live in the BMP, the SMP and the variation selector supplement; the
    # other planes hold none, and scanning them would slow the import.
    for code in (*range(0x20000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"
        for first, last in ranges
    )


@cache
def _unicode_word() -> re.Pattern[str]:
    """The ``"unicode"`` pattern, built on first use (listing the combining marks takes ~40 ms)."""
    # One character class (\w plus marks) is much faster in `re` than an
    # alternation; underscores, which \w also matches, are cut out afterwards.
    # A word starts with a letter or digit (a mark alone is no word).
    run = f"[\\w{_combining_marks()}]"
    return re.compile(rf"[^\W_]{run}*+(?:(?:(?<=\d)[.,](?=\d)|['’\-‐‑]){run}++)*+")


def words(text: str, *, variant: Variant = "unicode") -> tuple[str, ...]:
    """Return the words of ``text`` in order, verbatim (case kept), cut as ``variant`` says (module docstring)."""
    if variant != "unicode":
        return tuple(_PATTERNS[variant].findall(text))
    found: list[str] = []
    for word in _unicode_word().findall(text):
        if "_" in word:
            found.extend(part for part in word.split("_") if _WORD_CHARACTER.search(part))
        else:
            found.append(word)
    return tuple(found)
