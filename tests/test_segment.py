"""Tests of the offline sentence splitter and the word tokenizer.

The examples are news-style sentences written for these tests. The property
tests hold the promise every later step relies on: sentences are verbatim,
ordered, non-overlapping slices that lose nothing but whitespace.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.models import Article, Sentence, Source
from generator.segment import inside_quotations, segment, sentence_spans, split_sentences


def _article(source_id: str, *paragraphs: str) -> Article:
    return Article(Source(id=source_id, slug=source_id, filename=f"{source_id}.txt"), paragraphs)


# --- plain cases -------------------------------------------------------------


def test_empty_and_blank_paragraphs_have_no_sentences() -> None:
    assert split_sentences("") == ()
    assert split_sentences("  \n\t ") == ()


def test_two_plain_sentences() -> None:
    assert split_sentences("The bridge reopened on Monday. Traffic was light.") == (
        "The bridge reopened on Monday.",
        "Traffic was light.",
    )


def test_surrounding_whitespace_is_stripped_but_text_is_verbatim() -> None:
    paragraph = "  The  council   voted 7-2.\tResidents  cheered.  "
    assert split_sentences(paragraph) == ("The  council   voted 7-2.", "Residents  cheered.")


def test_question_and_exclamation_marks() -> None:
    assert split_sentences("Will the talks resume? Nobody knows! The union is silent.") == (
        "Will the talks resume?",
        "Nobody knows!",
        "The union is silent.",
    )


def test_no_split_before_a_lowercase_word() -> None:
    assert split_sentences("The device, sold as the iPhone. was recalled.") == (
        "The device, sold as the iPhone. was recalled.",
    )


# --- abbreviations, titles, numbers -------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Patel and Mrs. Okafor met Dr. Lindqvist at the clinic.",
        "Sir Alan Reed spoke after Gen. Harlow and Gov. Ruiz had left.",
        "Sen. Walsh, Rep. Ortiz and Lt. Col. Baines signed the letter.",
        "The procession passed St. Mary's church before noon.",
        "Acme Inc. and Brightwater Ltd. filed the joint bid on time.",
        "Smith & Co. and Jones Jr. were named in the lawsuit.",
        "The final is Rovers vs. United at the national stadium.",
        "They sold bread, milk, eggs, etc. to the stranded drivers.",
        "The meeting ran from 9 a.m. until 4 p.m. without a break.",
        "The U.S. and U.K. governments issued a joint statement.",
        "Officials gathered at No. 10 to discuss the budget.",
        "The novel by J. K. Rowling sold 2.5 million copies in a week.",
        "The deadline was moved to Jan. 15 after the storm.",
        "Inflation fell to 3.4 per cent, down from 4.1 per cent.",
        "See pp. 12 and Fig. 3 of the report for the figures.",
        "Prices rose by 2,500 in the year to Feb. 28, the agency said.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(sentence: str) -> None:
    assert split_sentences(sentence) == (sentence,)


def test_ambiguous_abbreviation_ends_a_sentence_before_a_sentence_starter() -> None:
    assert split_sentences("The firm moved its head office to the U.S. The decision cost 300 jobs.") == (
        "The firm moved its head office to the U.S.",
        "The decision cost 300 jobs.",
    )
    assert split_sentences("Polls closed at 10 p.m. It was the latest close on record.") == (
        "Polls closed at 10 p.m.",
        "It was the latest close on record.",
    )
    assert split_sentences("Shares fell sharply at Rowe Holdings Inc. But they recovered by noon.") == (
        "Shares fell sharply at Rowe Holdings Inc.",
        "But they recovered by noon.",
    )


def test_ambiguous_abbreviation_inside_a_sentence() -> None:
    sentence = "Voting ended at 8 p.m. Eastern time and counting began at once."
    assert split_sentences(sentence) == (sentence,)
    sentence = "U.S. President Ellen Marsh arrived in Ottawa on Tuesday."
    assert split_sentences(sentence) == (sentence,)


def test_initial_before_a_sentence_starter_ends_a_sentence() -> None:
    assert split_sentences("The council chose Plan B. The cost was not disclosed.") == (
        "The council chose Plan B.",
        "The cost was not disclosed.",
    )


def test_no_before_a_word_is_a_sentence() -> None:
    assert split_sentences("Will the mayor resign? No. She will stand again.") == (
        "Will the mayor resign?",
        "No.",
        "She will stand again.",
    )


def test_number_ends_a_sentence() -> None:
    assert split_sentences("The trial opened in 2019. Three years later it collapsed.") == (
        "The trial opened in 2019.",
        "Three years later it collapsed.",
    )


# --- ellipses -------------------------------------------------------------------


def test_ellipsis_before_lowercase_continues_the_sentence() -> None:
    sentence = "The minister paused... and then resigned."
    assert split_sentences(sentence) == (sentence,)


def test_ellipsis_before_a_capital_ends_the_sentence() -> None:
    assert split_sentences("The lights went out… Then the crowd fell silent.") == (
        "The lights went out…",
        "Then the crowd fell silent.",
    )
    assert split_sentences("Talks dragged on for weeks... Nobody expected a deal.") == (
        "Talks dragged on for weeks...",
        "Nobody expected a deal.",
    )


# --- quotes -------------------------------------------------------------------------


def test_sentence_ending_inside_closing_quotes() -> None:
    assert split_sentences('The coach said the team "gave everything." The club agreed.') == (
        'The coach said the team "gave everything."',
        "The club agreed.",
    )
    assert split_sentences("Ms Grant said voters were “tired of promises.” Turnout was low.") == (
        "Ms Grant said voters were “tired of promises.”",
        "Turnout was low.",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "“We will rebuild the school,” the headteacher said.",
        '"We will rebuild the school," the headteacher said.',
        "Rescuers were “working around the clock,” he added.",
        "The council called the plan “unworkable”, a spokesman said.",
        "“Is anyone still inside?” a firefighter shouted.",
        "“Is anyone still inside?” Captain Morales asked.",
        "“Get out now!” Ms Adeyemi told the crowd.",
        "“Where is the money?” asked the auditor.",
        # A title or an initial before the speaker's name does not end the attribution.
        "“Is anyone still inside?” Mr. Morales asked.",
        "“Get out now!” Sen. J. Adeyemi told the crowd.",
        "“Why not start now?” Mr. Okafor was quoted as saying, smiling at the crowd.",
    ],
)
def test_speech_and_its_attribution_stay_one_sentence(sentence: str) -> None:
    assert split_sentences(sentence) == (sentence,)


def test_a_quoted_question_then_a_sentence_about_a_titled_person_is_two_sentences() -> None:
    # Titles do not count as words of an attribution, but its limit still holds.
    assert split_sentences("“Why now?” Mr. Roe then spent an hour on the budget. It passed.") == (
        "“Why now?”", "Mr. Roe then spent an hour on the budget.", "It passed.")


def test_quote_after_a_full_stop_starts_a_new_sentence() -> None:
    assert split_sentences("The rescue took six hours. “It was a miracle,” the pilot said.") == (
        "The rescue took six hours.",
        "“It was a miracle,” the pilot said.",
    )


def test_quoted_full_stop_then_capital_is_a_new_sentence() -> None:
    assert split_sentences("“The vote is final.” He said the result would stand.") == (
        "“The vote is final.”",
        "He said the result would stand.",
    )


def test_quote_spanning_several_sentences_splits_where_a_reader_would() -> None:
    paragraph = "“The water came in fast. We lost everything,” said one resident."
    assert split_sentences(paragraph) == (
        "“The water came in fast.",
        "We lost everything,” said one resident.",
    )


def test_initial_inside_a_quote_is_not_a_sentence_end() -> None:
    paragraph = "“A. Moreno was the pilot,” she said."
    assert split_sentences(paragraph) == (paragraph,)


def test_no_lone_quote_mark_or_attribution_fragment() -> None:
    # Stray spaces around quote marks, as in pasted text.
    sentences = split_sentences("He said the road was “closed. ” she said. Later it reopened.")
    assert sentences == ("He said the road was “closed. ” she said.", "Later it reopened.")
    sentences = split_sentences("The vote passed. ” The chamber emptied.")
    assert sentences == ("The vote passed. ”", "The chamber emptied.")


def test_single_quotes_and_straight_quotes() -> None:
    assert split_sentences("The sign read 'Closed for repairs.' Nobody knew why.") == (
        "The sign read 'Closed for repairs.'",
        "Nobody knew why.",
    )


# --- parentheses, dashes, emoji -------------------------------------------------------


def test_parentheses() -> None:
    assert split_sentences("Shares in the firm (Dalton Corp.) fell 4%. Bonds held steady.") == (
        "Shares in the firm (Dalton Corp.) fell 4%.",
        "Bonds held steady.",
    )
    assert split_sentences("The mayor left early. (She had a flight to catch.) The debate went on.") == (
        "The mayor left early.",
        "(She had a flight to catch.)",
        "The debate went on.",
    )


def test_dashes_do_not_split() -> None:
    sentence = "The storm – the worst in a decade – flooded 300 homes — and a school."
    assert split_sentences(sentence) == (sentence,)


def test_a_dash_after_a_sentence_opens_the_next_one() -> None:
    assert split_sentences("The match ended 2-2. — Fans stayed to applaud.") == (
        "The match ended 2-2.",
        "— Fans stayed to applaud.",
    )


def test_emoji_stays_with_its_sentence() -> None:
    assert split_sentences("The team won the cup. 🏆🎉 Celebrations lasted all night.") == (
        "The team won the cup. 🏆🎉",
        "Celebrations lasted all night.",
    )
    assert split_sentences("📣 The paper is now on Telegram. Join us there.") == (
        "📣 The paper is now on Telegram.",
        "Join us there.",
    )


# --- lines and headlines ---------------------------------------------------------------


def test_paragraph_without_sentence_punctuation_is_one_sentence() -> None:
    headline = "Floods force thousands from their homes as river bursts its banks"
    assert split_sentences(headline) == (headline,)


def test_each_line_is_a_sentence_when_the_next_line_is_capitalised() -> None:
    paragraph = "Storm warning issued\nSchools will close early on Friday. Buses will run.\n"
    assert split_sentences(paragraph) == (
        "Storm warning issued",
        "Schools will close early on Friday.",
        "Buses will run.",
    )


def test_wrapped_line_continuing_in_lowercase_is_not_split() -> None:
    paragraph = "The inquiry will publish its findings\nnext spring, officials said."
    assert split_sentences(paragraph) == (paragraph,)
    paragraph = "The report was written by Dr.\nAmara Lee and J.\nK. Osei."
    assert split_sentences(paragraph) == (paragraph,)


def test_line_break_after_an_ambiguous_abbreviation_ends_the_sentence() -> None:
    assert split_sentences("Shares fell at Dalton Corp.\nInvestors were unmoved.") == (
        "Shares fell at Dalton Corp.",
        "Investors were unmoved.",
    )


def test_question_and_answer_lines() -> None:
    paragraph = "Q: When will the line reopen?\nA: Engineers expect it to reopen on Monday.\nQ: Why"
    assert split_sentences(paragraph) == (
        "Q: When will the line reopen?",
        "A: Engineers expect it to reopen on Monday.",
        "Q: Why",
    )
    assert split_sentences("Q: Who pays? A: The operator does.") == ("Q: Who pays?", "A: The operator does.")


# --- other languages and odd input -------------------------------------------------------


def test_other_scripts() -> None:
    assert split_sentences("市长辞职了。新选举将在五月举行！") == ("市长辞职了。", "新选举将在五月举行！")
    assert split_sentences("बैठक रद्द हो गई। नई तारीख जल्द घोषित होगी।") == (
        "बैठक रद्द हो गई।",
        "नई तारीख जल्द घोषित होगी।",
    )
    assert split_sentences("¿Quién ganó? El equipo local. « C'est fini. » Il est parti.") == (
        "¿Quién ganó?",
        "El equipo local.",
        "« C'est fini. »",
        "Il est parti.",
    )


def test_german_dates_and_quotes_and_japanese_quotation() -> None:
    assert split_sentences("Die Wahl findet am 3. Oktober statt. „Wir sind bereit.“ Danach sprach er.") == (
        "Die Wahl findet am 3. Oktober statt.",
        "„Wir sind bereit.“",
        "Danach sprach er.",
    )
    assert split_sentences("「中止だ。」と市長は言った。選挙は延期された。") == (
        "「中止だ。」と市長は言った。",
        "選挙は延期された。",
    )


def test_wordless_paragraph_stays_one_piece() -> None:
    assert split_sentences("… !!! ” 🎉") == ("… !!! ” 🎉",)


def test_sentence_spans_point_at_the_sentences() -> None:
    paragraph = " The port closed. Ships waited offshore. "
    spans = sentence_spans(paragraph)
    assert [paragraph[start:end] for start, end in spans] == list(split_sentences(paragraph))
    assert spans == ((1, 17), (18, 40))


@pytest.mark.parametrize(
    "text",
    [
        "word " * 40_000,
        "The council met. " * 12_000,
        "a" * 200_000,
        ". " * 100_000,
        "A. " * 60_000,
        "“Go.” He " * 20_000,
        "x\n" * 100_000,
        "他说。" * 60_000,
    ],
)
def test_long_single_lines_split_without_error(text: str) -> None:
    # A quadratic splitter would make this test hang; the timings themselves
    # live in the benchmark, not here.
    sentences = split_sentences(text)
    assert "".join("".join(sentences).split()) == "".join(text.split())


# --- properties ------------------------------------------------------------------------------

_NEWS_ALPHABET = st.sampled_from(
    list("abcXYZ .!?…,;:\"'“”‘’()[]-–—_\n\t 0123456789")
    + ["Mr.", "U.S.", "p.m.", "Inc.", "No.", "J.", " The ", " he said", "。", "🎉", "\u00a0", "\u2028"]
)


def _check_verbatim(text: str, sentences: tuple[str, ...]) -> None:
    position = 0
    for sentence in sentences:
        assert sentence, "empty sentence"
        assert sentence == sentence.strip(), "sentence keeps surrounding whitespace"
        found = text.find(sentence, position)
        assert found >= 0, "sentence is not a verbatim, in-order slice of the paragraph"
        assert text[position:found].strip() == "", "text other than whitespace was lost"
        position = found + len(sentence)
    assert text[position:].strip() == ""
    assert "".join("".join(sentences).split()) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_splits_into_verbatim_slices(text: str) -> None:
    _check_verbatim(text, split_sentences(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(_NEWS_ALPHABET, max_size=60).map("".join))
def test_news_like_text_splits_into_verbatim_slices(text: str) -> None:
    sentences = split_sentences(text)
    _check_verbatim(text, sentences)
    spans = sentence_spans(text)
    assert tuple(text[start:end] for start, end in spans) == sentences
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:]))
    if any(character.isalnum() for character in text):
        # Only a paragraph without any word may yield a wordless sentence.
        assert all(any(character.isalnum() for character in sentence) for sentence in sentences)


# --- segment ---------------------------------------------------------------------------------


def test_segment_numbers_sentences_across_the_article() -> None:
    first = _article("a", "Floods hit the valley. Roads closed.", "Rain will ease tomorrow.")
    second = _article("b", "The river peaked overnight.")
    sentences = segment([first, second])
    assert [(s.source, s.index, s.paragraph, s.text) for s in sentences] == [
        ("a", 0, 0, "Floods hit the valley."),
        ("a", 1, 0, "Roads closed."),
        ("a", 2, 1, "Rain will ease tomorrow."),
        ("b", 0, 0, "The river peaked overnight."),
    ]


def test_segment_drops_wordless_sentences_and_keeps_numbering_dense() -> None:
    article = _article("a", "🎉🎉🎉", "Crowds gathered at dawn.", "* * *", "—", "The parade began at 9.")
    sentences = segment([article])
    assert [(s.index, s.paragraph, s.text) for s in sentences] == [
        (0, 1, "Crowds gathered at dawn."),
        (1, 4, "The parade began at 9."),
    ]


def test_segment_of_no_articles_is_empty() -> None:
    assert segment([]) == ()
    assert segment([_article("a")]) == ()


def test_mixed_quotation_marks_close_the_quotation():
    # Outlets mix curly and straight marks; a straight mark after a word closes the quotation.
    a = [Sentence("a", 0, 0, "“We can’t wait on this any longer,\" the mayor said of the bridge plan."),
         Sentence("a", 1, 0, "The bridge plan will cost about 500 million dollars over the next two years."),
         Sentence("a", 2, 1, "\"This is a monumental moment."),
         Sentence("a", 3, 1, "We are thrilled the mayor is behind this,\" said the residents' group director.")]
    assert inside_quotations(a) == {a[3].id}


def test_a_dash_and_a_lower_case_word_after_a_sentence_mark_go_on() -> None:
    # "... pearls!” — whose ...": the quotation ends inside the sentence, which goes on after the dash.
    text = "Enter Ms. Roe — who loves “pink, green and pearls!” — whose words had an edge. She spoke on Monday."
    assert split_sentences(text) == ("Enter Ms. Roe — who loves “pink, green and pearls!” — whose words had an edge.",
                                      "She spoke on Monday.")
    assert split_sentences("Stores in Pine, Neb. -- just two miles away -- sell beer.") == (
        "Stores in Pine, Neb. -- just two miles away -- sell beer.",)
    # A dash before a capital is a new sentence (or a credit).
    assert split_sentences("The vote failed! — Reuters reported it first.") == (
        "The vote failed!", "— Reuters reported it first.")
