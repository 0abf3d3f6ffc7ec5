"""One test per line rule and per block rule of ``generator.clean``: what the rule marks, and a near miss it leaves alone.

Each "marked" line must be claimed by that rule and by no rule before it (the
rules are tried in order), so the example also pins the rule's place in the
table. Each "left alone" line is one a careless version of the rule would take:
news text that shares the rule's marker words, or a line just over its word limit.
The example lines are written for these tests; none is copied from a source.
"""

from __future__ import annotations

import pytest

from generator.clean import (
    BLOCK_RULES,
    LINE_RULES,
    BlockRule,
    LineRule,
    LineView,
    _marker_reason,
    _words,
    clean_text,
    line_rule,
)

LONG_TAIL = " ".join(["word"] * 46)
"""Forty-six more words: one over every prompt rule's limit of 45."""

# rule name -> (a line it marks, a line it must leave alone)
EXAMPLES: dict[str, tuple[str, str]] = {
    "advertisement line": ("Story continues below", "The story continues below the fold of the report."),
    # Every line this rule marks the one before marks too, except under Unicode case folding (the long s).
    "advertisement word": ("— Advertiſement —", "Advertisement revenue fell by a third last year."),
    "no words": ("* * *", "* 1 *"),
    "byline": ("By Jane Roe and Sam Poe", "By the end of the week the pier had reopened."),
    "update time": ("Updated: 24 September 2023, 4:40 p.m.", "Updated figures show a rise in crossings this week."),
    "age": ("3 hours ago", "3 hours ago the pier was still open."),
    "date only": ("September 24, 2023 10:30 BST", "September 24, 2023 was the day the pier closed."),
    "credit marker naming a caption": ("Image source, Getty Images Image caption, The pier at dusk",
                                       "Image source, Getty Images"),
    "credit marker": ("Image source, Getty Images", "The image source was never found, police said."),
    "copyright": ("Copyright 2023 Daily Paper. All rights reserved", "Copyright law changed in 2023, the minister said."),
    "caption marker": ("Image caption, The damaged pier", "The image caption was wrong, the editor said."),
    "caption toggle": ("toggle caption", "The caption was changed after complaints."),
    "video player": ("Media playback is unsupported on your device", "The video was played in court on Monday."),
    "video embed": ("Copy this code to your website", "The code was copied to a website in Ohio."),
    "caption label": ("Photo: The pier on Monday", "Photos of the pier were shared widely."),
    "bracketed photo credit": ("(Photo by Jane Roe)", "Photo by photo the exhibition shows the pier."),
    "photo by": ("Photograph by Jane Roe", "Photograph by photograph, the exhibition grew."),
    "representational image": ("Representational image of a pier", "Representation in the council has grown."),
    "share this": ("Share this on Facebook", "Share prices fell this morning after the pier closed."),
    "read or share": ("Read or share this story", "Read the report and share it, the mayor urged."),
    "leave a reply": ("Leave a Reply Cancel reply", "Leave a reply to the council by Friday and you may be heard."),
    "comment form notice": ("Your email address will not be published.", "Your email was received, the council said."),
    "comment widget": ("Be the first to comment", "To be the first to comment is an honour, he said."),
    "more by the author": ("Read the latest articles written by Jane Roe", "Read the latest rules before you travel."),
    "related heading": ("Related coverage: Pier closures", "Related costs rose by a third, the report said."),
    "related list heading": ("Related articles about the harbour", "Relatedly, the harbour also closed."),
    "read more label": ("Read more: Pier closed", "Read the full report on the council's website today."),
    "read more": ("Read more about the pier", "They read more about the pier than about the harbour, it said."),
    "follow on": ("Follow Jane Roe on Twitter", "Followers of the club on Twitter were angry."),
    "contact us": ("Get in touch with our team", "Getting in touch with the team took three days."),
    "see it here": ("See the full list here", "See the full list of closures in the council's report."),
    "send tips": ("Send us your news tips", "Sending tips to the police is anonymous, officers said."),
    "subscribe invitation": ("Sign up for our daily newsletter", "Subscribers to the newsletter rose to 10,000 last year."),
    "subscribe button": ("Subscribe now", "Subscribed members voted on Monday."),
    "reader Q&A heading": ("Frequently asked questions", "Frequently asked questions were answered at the meeting."),
    "quiz": ("Quiz: How well do you know the harbour?", "The quiz night raised money for the harbour."),
    "subscribe phrase": ("Our weekly briefing, delivered to your inbox", '"It is delivered to your inbox," she said.'),
    "click here": ("For the full timetable click here", '"Just click here," the instructions read.'),
    "embedded post": ("— Jane Roe (@janeroe) May 1, 2020", "— Jane Roe said on May 1, 2020 that the pier was safe."),
    "agency credit": ("Sam Poe contributed reporting to this report", "Sam Poe reported on the harbour for years."),
    "update notice": ("This story has been updated", "This story has not been confirmed by the council."),
    "age notice": ("This article is more than 5 years old", "This article was first printed five years ago."),
    "representational image note": ("A pier in the harbour (representational image)",
                                    "A pier in the harbour (representational image) " + LONG_TAIL),
    "share row": ("Facebook Twitter WhatsApp Email", "On the page this story"),
    "file photo": ("FILE - The pier in the harbour in 2019", "Files from the harbour office were lost in 2019."),
    "credit before caption": ("Jane Doe / Getty Images The pier at dusk", "The pier at dusk / Jane Doe and friends"),
    "credit line": ("Credit: Jane Doe/Reuters", "The credit for the photo goes to Jane Doe."),
    "caption ending in a credit": ("The pier at dusk on Monday. Photo: Jane Doe/Reuters",
                                   "The pier at dusk on Monday, photographed by a visitor."),
    "slash credit": ("Jane Doe/Reuters", "Jane Doe/Reuters reported it."),
    "bracketed credit": ("(Jane Doe/Reuters and Sam Poe/AP Photo Pictures)",
                         "(the pier/the harbour)"),
    "web address": ("Read the report: https://example.com/report", "The council's website, example.com, was down."),
    "web address phrase": (
        "The full list of closures and the timetable for the repairs is published on www.example.org/harbour",
        "The full list of closures and the timetable for the repairs is published on www.example.org/harbour today."),
    "email address": ("Email the desk: news@example.com", "Officers asked witnesses to write to news@example.com "
                                                          "with any photos or videos they took of the pier that night."),
    "reader call-out": ("Were you at the pier that night? We would like to hear from you.",
                        "“I would like to hear from you,” the harbour master told the boat owners."),
    "newsletter blurb": ("This newsletter will follow the harbour works week by week.",
                         "The harbour board's newsletter said the works would last a year."),
    "email prompt": ("If you have a question about the harbour works you would like answered, please send us an email "
                     "at desk@example.com.",
                     "Officers asked the owners of the boats moored at the pier that night to write to "
                     "harbour@example.com with any photos or videos they took."),
    "handle": ("Follow the harbour @harbour_news", "The harbour account @harbour_news posted the notice."),
    "emoji promo": ("\U0001F4F2 Get our app for alerts", "Our app sends alerts \U0001F4F2"),
    "glued link": ("Harbour:Pier closed for repairs", "Harbour: the pier closed for repairs."),
    "show hide": ("Show hide timeline", "The show was hidden from view, organisers said."),
    "teaser in capitals": ("WATCH THE HARBOUR FILM TONIGHT", "Watch the harbour film tonight"),
    "heading in capitals": ("HARBOUR CLOSURES", "Harbour closures"),
}


def test_every_line_rule_has_an_example_and_a_unique_name() -> None:
    names = [rule.name for rule in LINE_RULES]
    assert len(names) == len(set(names))
    assert set(EXAMPLES) == set(names)


@pytest.mark.parametrize("rule", LINE_RULES, ids=lambda rule: rule.name)
def test_line_rule_marks_its_example_and_leaves_the_near_miss(rule: LineRule) -> None:
    marked, left_alone = EXAMPLES[rule.name]
    found = line_rule(marked)
    assert found is not None and found.name == rule.name
    assert _marker_reason(marked) == rule.reason
    assert not rule.fires(LineView(left_alone, tuple(_words(left_alone))))


def test_capitals_are_no_heading_in_a_document_typed_in_capitals() -> None:
    assert line_rule("HARBOUR CLOSURES", shouting_document=True) is None


def test_prompt_rules_stop_at_their_word_limit() -> None:
    # The same opening that marks a short line leaves a paragraph alone.
    assert _marker_reason("Join our newsletter for harbour news") == "subscribe prompt"
    assert _marker_reason("Join our newsletter for harbour news " + LONG_TAIL) is None


# --- Block rules --------------------------------------------------------------------------------

BODY = (
    "The harbour authority closed the northern pier on Monday after inspectors found cracks in two beams.",
    "Repairs are expected to take at least six weeks, a spokesperson for the authority said.",
    "Fishing crews that use the pier have been told to moor at the southern quay until further notice.",
)
LONG_CAPTION = "The pier at dusk on Monday, " + " ".join(["seen"] * 40) + "."

# rule name -> (document, governed line, its reason; document, line the rule leaves alone)
BLOCK_EXAMPLES: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], str]] = {
    "caption after a caption marker": (
        (BODY[0], "image description,", "The pier at dusk on Monday.", BODY[1], BODY[2]), "The pier at dusk on Monday.",
        (BODY[0], "image description,", LONG_CAPTION, BODY[1], BODY[2]), LONG_CAPTION),
    "caption after an image source": (
        (BODY[0], "Image source, Getty Images", "The pier at dusk", BODY[1], BODY[2]), "The pier at dusk",
        (BODY[0], "Image source, Getty Images", "The pier held.", BODY[1], BODY[2]), "The pier held."),
    "questions after a FAQ heading": (
        (*BODY, "Frequently asked questions", "Will the pier reopen?", "Yes, in six weeks."), "Yes, in six weeks.",
        (*BODY, "Frequently asked questions", "The pier closed on Monday after cracks were found."),
        "The pier closed on Monday after cracks were found."),
    "links after a related heading": (
        (*BODY, "Related Posts", "Pier closes for repairs", "Harbour news in brief"), "Harbour news in brief",
        (*BODY, "Related Posts", "The pier will reopen in six weeks, officials said."),
        "The pier will reopen in six weeks, officials said."),
    "page end after a comment form": (
        (*BODY, "Leave a Reply", "Great article, thanks for sharing."), "Great article, thanks for sharing.",
        (BODY[0], "Leave a Reply", BODY[1], BODY[2], "The pier was built in 1902.", "It was last repaired in 1990."),
        BODY[1]),
}


def test_every_block_rule_has_an_example_and_a_unique_name() -> None:
    names = [rule.name for rule in BLOCK_RULES]
    assert len(names) == len(set(names))
    assert set(BLOCK_EXAMPLES) == set(names)


@pytest.mark.parametrize("rule", BLOCK_RULES, ids=lambda rule: rule.name)
def test_block_rule_marks_the_line_it_governs_and_leaves_the_near_miss(rule: BlockRule) -> None:
    marked_document, governed, alone_document, left_alone = BLOCK_EXAMPLES[rule.name]
    marked = clean_text("\n".join(marked_document))
    assert {line.text: line.reason for line in marked.removed}[governed] == rule.reason
    assert all(sentence in marked.paragraphs for sentence in BODY if sentence in marked_document[:3])
    alone = clean_text("\n".join(alone_document))
    assert left_alone in alone.paragraphs
