"""The tokenizer: one ``words`` function, its variants each identical to the regex a step used before.

Each step had its own word regex until issue 12. ``words(..., variant=...)``
replaced them only where its output is the same on every text; the property
tests below compare each variant with the pattern it replaced (written out here
as it stood at b6650b2), on arbitrary Unicode and on text made of the characters
where word regexes differ (digits, apostrophes, hyphens, points, commas,
underscores, combining marks).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import text as text_module
from generator.tokenizer import Variant, words

REPLACED: dict[Variant, re.Pattern[str]] = {
    "content": re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE),  # text._TOKEN
    "line": re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", re.UNICODE),  # clean._WORD
    "runs": re.compile(r"\w+"),  # limits._WORD
    "ascii": re.compile(r"[A-Za-z][A-Za-z'-]*"),  # compare.titles, the words before a name
}

TRICKY = st.text(alphabet=st.sampled_from(list("aZé9_ .,'’-‐‑\u0301\u093eनक市 \n!?\"“")), max_size=40)
ANY_TEXT = st.one_of(st.text(max_size=60), TRICKY)


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_each_variant_cuts_exactly_as_the_regex_it_replaced(text: str) -> None:
    for variant, pattern in REPLACED.items():
        assert words(text, variant=variant) == tuple(pattern.findall(text)), variant


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_text_tokens_are_the_content_words_lower_cased_without_possessive(text: str) -> None:
    expected = tuple(
        word[:-2] if word.endswith("'s") else word
        for word in (match.group().lower().replace("’", "'") for match in REPLACED["content"].finditer(text))
    )
    assert text_module.tokens(text) == expected


def test_variants_differ_where_their_steps_need_it() -> None:
    line = "The 24-year-old's U.S. visit"
    assert words(line) == ("The", "24-year-old's", "U", "S", "visit")
    assert words(line, variant="content") == ("The", "24", "year-old's", "U", "S", "visit")
    assert words(line, variant="line") == ("The", "24-year-old's", "U.S.", "visit")
    assert words(line, variant="runs") == ("The", "24", "year", "old", "s", "U", "S", "visit")
    assert words(line, variant="ascii") == ("The", "year-old's", "U", "S", "visit")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_words_are_verbatim_and_in_order(text: str) -> None:
    position = 0
    for word in words(text):
        found = text.find(word, position)
        assert found >= 0
        assert any(character.isalnum() for character in word)
        position = found + len(word)



# --- words -------------------------------------------------------------------------------------


def test_words_keep_numbers_apostrophes_and_hyphens() -> None:
    assert words("The 24-year-old's case: 2,500 officers, 2.5% rise; don’t panic!") == (
        "The", "24-year-old's", "case", "2,500", "officers", "2.5", "rise", "don’t", "panic",
    )


def test_words_drop_punctuation_symbols_and_emoji() -> None:
    assert words("— … 🎉 “ ” -- 'quoted' snake_case") == ("quoted", "snake", "case")


def test_words_in_other_scripts_keep_combining_marks() -> None:
    assert words("नई तारीख जल्द") == ("नई", "तारीख", "जल्द")
    assert words("Café naïve São Paulo") == ("Café", "naïve", "São", "Paulo")
    assert words("市长辞职了。") == ("市长辞职了",)
