"""Cleaning: page furniture is dropped with a reason, news text is kept verbatim.

The example articles are written for these tests in the style of real news
sites; none is copied from the seed story or the evaluation data.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clean import clean_text, parse_date
from generator.models import CleanedText

BODY = (
    "The harbour authority closed the northern pier on Monday after inspectors found cracks in two support beams.",
    "Repairs are expected to take at least six weeks, a spokesperson for the authority said.",
    "Fishing crews that use the pier have been told to moor at the southern quay until further notice.",
)


def article(*lines: str, body: tuple[str, ...] = BODY) -> str:
    """An article file: the given furniture lines around a fixed three-paragraph body."""
    return "\n".join(lines) + "\n" + "\n".join(body) + "\n"


def reasons(cleaned: CleanedText) -> dict[str, str]:
    """Dropped line text -> reason."""
    return {line.text: line.reason for line in cleaned.removed}


def assert_body_kept(cleaned: CleanedText) -> None:
    for sentence in BODY:
        assert sentence in cleaned.paragraphs


# --- Edge cases ---------------------------------------------------------------

def test_empty_input_gives_no_paragraphs() -> None:
    assert clean_text("") == CleanedText(paragraphs=())
    assert clean_text("  \n\n \t \n").paragraphs == ()


def test_plain_article_is_kept_whole() -> None:
    cleaned = clean_text("\n\n".join(BODY))
    assert cleaned.paragraphs == BODY
    assert cleaned.removed == ()
    assert cleaned.headline is None


def test_file_without_any_sentence_punctuation_keeps_its_text() -> None:
    raw = "Council approves new cycle lanes\nWork starts in the spring on three main roads\nResidents welcomed the plan at a public meeting"
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == tuple(raw.splitlines())


def test_file_of_only_short_unpunctuated_lines_never_returns_nothing() -> None:
    cleaned = clean_text("Storm warning\nCoastal roads closed")
    assert cleaned.paragraphs


# --- Headline, standfirst -------------------------------------------------------

def test_first_short_unpunctuated_line_is_lifted_as_headline() -> None:
    cleaned = clean_text(article("Harbour pier closed after inspectors find cracks"))
    assert cleaned.headline == "Harbour pier closed after inspectors find cracks"
    assert reasons(cleaned)["Harbour pier closed after inspectors find cracks"] == "headline"
    assert_body_kept(cleaned)


def test_short_unpunctuated_lines_after_headline_are_standfirst_and_caption() -> None:
    cleaned = clean_text(article(
        "Harbour pier closed after inspectors find cracks",
        "Crews told to use the southern quay while repairs go ahead",
        "The northern pier seen from the lighthouse",
    ))
    dropped = reasons(cleaned)
    assert dropped["Crews told to use the southern quay while repairs go ahead"] == "standfirst"
    assert dropped["The northern pier seen from the lighthouse"] == "caption"
    assert_body_kept(cleaned)


def test_long_lede_without_final_full_stop_is_not_a_headline() -> None:
    lede = ("PORTVALE — The harbour authority on Monday closed the northern pier to all traffic after a routine "
            "inspection found cracks in two of the beams that carry the deck, leaving dozens of crews to look for "
            "somewhere else to land their catch this week")
    cleaned = clean_text(article(lede))
    assert cleaned.headline is None
    assert cleaned.paragraphs[0] == lede.removeprefix("PORTVALE — ")
    assert reasons(cleaned) == {"PORTVALE —": "dateline"}


# --- Bylines, datelines, timestamps ---------------------------------------------

def test_byline_and_outlet_line_are_dropped_and_lifted() -> None:
    cleaned = clean_text(article("- By Maria Okafor and Tom Brennan", "- Portvale Courier"))
    assert reasons(cleaned) == {"- By Maria Okafor and Tom Brennan": "byline", "- Portvale Courier": "outlet"}
    assert cleaned.author == "Maria Okafor and Tom Brennan"
    assert cleaned.outlet == "Portvale Courier"
    assert_body_kept(cleaned)


def test_byline_with_outlet_after_comma() -> None:
    cleaned = clean_text(article("By Maria Okafor, Portvale Courier"))
    assert cleaned.author == "Maria Okafor"
    assert cleaned.outlet == "Portvale Courier"


def test_written_by_and_name_plus_outlet_pair_are_bylines() -> None:
    cleaned = clean_text(article("Written by Sam Lee"))
    assert reasons(cleaned) == {"Written by Sam Lee": "byline"}
    cleaned = clean_text(article("Dana Whitfield", "COAST HERALD"))
    assert reasons(cleaned) == {"Dana Whitfield": "byline", "COAST HERALD": "outlet"}
    assert cleaned.author == "Dana Whitfield"


def test_datelines_and_timestamps_are_dropped_and_date_is_parsed() -> None:
    lines = ("March 3, 2024, 9:15 a.m. EST", "Updated 12 minutes ago", "Published 2 hours ago",
             "Last updated: 14 May 2024", "Posted at 10:42 BST")
    cleaned = clean_text(article(*lines))
    dropped = reasons(cleaned)
    assert dropped["March 3, 2024, 9:15 a.m. EST"] == "dateline"
    for line in lines[1:]:
        assert dropped[line] == "timestamp"
    assert cleaned.published == "2024-03-03"
    assert_body_kept(cleaned)


def test_parse_date_spellings() -> None:
    assert parse_date("Mon 4 Sept 2023 10.00 BST") == "2023-09-04"
    assert parse_date("Published: 2021-11-30") == "2021-11-30"
    assert parse_date("yesterday") is None


# --- Captions and credits ---------------------------------------------------------

def test_caption_marker_takes_the_next_line_with_it() -> None:
    cleaned = clean_text(article("Image source, Coastguard handout", "Image caption,",
                                 "A lifeboat crew inspects the damaged pier"))
    dropped = reasons(cleaned)
    assert dropped["Image source, Coastguard handout"] == "credit"
    assert dropped["Image caption,"] == "caption"
    assert dropped["A lifeboat crew inspects the damaged pier"] == "caption"
    assert_body_kept(cleaned)


def test_captions_ending_in_a_photo_credit() -> None:
    captions = (
        "Inspectors on the northern pier on Monday. Photo: Lena Park/Harbour Press Agency",
        "A crane lifts a damaged beam from the water (Photo by Tom Hale/Getty Images)",
        "Fishing boats moored at the southern quay. REUTERS/Ana Ruiz",
        "The pier at low tide. | Joe Marsh/AP Photo",
    )
    cleaned = clean_text(article(*captions))
    assert set(reasons(cleaned)) == set(captions)
    assert set(reasons(cleaned).values()) == {"caption"}
    assert_body_kept(cleaned)


def test_standalone_credits_and_representational_images() -> None:
    credits = ("Getty Images", "HARBOUR NEWS/Tom Hale", "Representational image", "(jdoe42/iStock/Getty Images Plus)",
               "Flood barriers in the old town Representational image")
    cleaned = clean_text(article(body=BODY[:2]) + "\n".join(credits) + "\n" + BODY[2])
    assert set(reasons(cleaned)) == set(credits)
    assert_body_kept(cleaned)


def test_agency_caption_lines() -> None:
    captions = ("FILE - In this Jan. 4, 2022, file photo, a ferry leaves the northern pier.",
                "FILE PHOTO: Workers repair the sea wall in Portvale, March 2, 2021.")
    cleaned = clean_text(article(*captions))
    assert set(reasons(cleaned).values()) == {"caption"}
    assert_body_kept(cleaned)


# --- Prompts, links, forms ----------------------------------------------------------

def test_share_subscribe_and_follow_prompts() -> None:
    prompts = (
        "Share this article",
        "Facebook Twitter WhatsApp Email",
        "Sign up for our morning newsletter",
        "Click here to join our WhatsApp channel and get the latest updates",
        "Get the top stories delivered to your inbox every morning.",
        "Follow us on Instagram",
        "Send tips to newsdesk@example.org.",
    )
    cleaned = clean_text(article(body=BODY) + "\n".join(prompts))
    dropped = reasons(cleaned)
    assert set(dropped) == set(prompts)
    assert dropped["Share this article"] == "share prompt"
    assert dropped["Sign up for our morning newsletter"] == "subscribe prompt"
    assert dropped["Follow us on Instagram"] == "follow prompt"
    assert_body_kept(cleaned)


def test_comment_form_and_everything_after_it_at_the_end() -> None:
    tail = ("Leave a Reply", "Your email address will not be published. Required fields are marked *",
            "Comment *", "Name *", "Great article, thanks for sharing.")
    cleaned = clean_text(article(body=BODY) + "\n".join(tail))
    assert set(reasons(cleaned)) == set(tail)
    assert set(reasons(cleaned).values()) == {"comment form"}
    assert_body_kept(cleaned)


def test_related_links_heading_and_the_titles_under_it() -> None:
    tail = ("Related Articles", "Council votes to repair the old lighthouse", "Ferry timetable changes from June",
            "Read more: Harbour fees to rise next year",
            "Read the latest articles written by Maria Okafor - Ferry strike called off")
    cleaned = clean_text(article(body=BODY) + "\n".join(tail))
    assert set(reasons(cleaned)) == set(tail)
    assert set(reasons(cleaned).values()) == {"related links"}
    assert_body_kept(cleaned)


def test_glued_teaser_links_and_capitalised_teasers() -> None:
    teasers = ("More:Ferry strike called off after late-night talks",
               "HARBOUR FEES TO RISE FOR SECOND YEAR IN A ROW")
    cleaned = clean_text(article(body=BODY[:2]) + "\n".join(teasers) + "\n" + BODY[2])
    assert set(reasons(cleaned).values()) == {"related links"}
    assert_body_kept(cleaned)


def test_advertisement_and_story_continues_lines() -> None:
    cleaned = clean_text(article(body=(BODY[0], "Advertisement", BODY[1], "Story continues below", BODY[2])))
    assert reasons(cleaned) == {"Advertisement": "advertisement", "Story continues below": "advertisement"}
    assert_body_kept(cleaned)


def test_an_opening_dateline_is_split_from_the_first_paragraph() -> None:
    for dateline in ("WASHINGTON (Reuters) -", "LOS ANGELES (AP) —", "NEW DELHI:", "ST. LOUIS, Mo. —",
                     "BEIJING, March 3 (Xinhua) --", "WASHINGTON _", "WASHINGTON ―", "(CNN)", "(AP) —"):
        cleaned = clean_text(article(body=(f"{dateline} {BODY[0]}",) + BODY[1:]))
        assert cleaned.paragraphs == BODY
        assert reasons(cleaned) == {dateline: "dateline"}
    # Only the first paragraph opens with a dateline; capitals that start a sentence stay.
    later = article(body=BODY + ("LONDON — The vote was close on the night.",))
    assert clean_text(later).paragraphs[-1] == "LONDON — The vote was close on the night."
    for text in ("NATO - the alliance said on Monday it would send more troops.",
                 "U.S. stocks fell sharply on Monday as investors worried about rates.",
                 "UN: OK.", "(a) The first of three options is to wait for the next report."):
        assert clean_text(text).paragraphs == (text,)


def test_agency_credits_are_dropped_and_give_the_outlet() -> None:
    cleaned = clean_text(article(body=BODY) + "(With AFP inputs.)")
    assert reasons(cleaned) == {"(With AFP inputs.)": "agency credit"}
    assert cleaned.outlet == "AFP"
    for credit in ("(Reporting by Ana Ruiz; Editing by Tom Hale)", "The Associated Press contributed to this report."):
        assert reasons(clean_text(article(body=BODY) + credit)) == {credit: "agency credit"}


def test_reader_faq_block_is_dropped() -> None:
    faq = ("Frequently asked questions", "Q: When will the pier reopen?", "A: Not before the summer, the authority says.",
           "Q: Where can crews moor?", "A: At the southern quay.")
    cleaned = clean_text(article(body=BODY) + "\n".join(faq))
    assert set(reasons(cleaned)) == set(faq)
    assert set(reasons(cleaned).values()) == {"reader Q&A"}
    assert_body_kept(cleaned)


def test_embedded_social_post_is_dropped() -> None:
    post = "The pier is closed until further notice. — Portvale Harbour (@portvaleharbour) May 6, 2024"
    cleaned = clean_text(article(body=BODY) + post)
    assert reasons(cleaned) == {post: "embedded post"}


def test_subheadings_inside_the_body_are_dropped_but_list_items_stay() -> None:
    body = (BODY[0], "What happens next", BODY[1], "The authority listed three options:",
            "Replace both beams", "Close the pier for good", "Build a new pier further north", BODY[2])
    cleaned = clean_text("\n".join(body))
    assert reasons(cleaned) == {"What happens next": "subheading"}
    assert "Close the pier for good" in cleaned.paragraphs


def test_hard_wrapped_paragraph_is_joined() -> None:
    raw = ("The harbour authority closed the northern pier on Monday after\n"
           "inspectors found cracks in two support beams.\n\nRepairs will take six weeks.")
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == ("The harbour authority closed the northern pier on Monday after "
                                  "inspectors found cracks in two support beams.", "Repairs will take six weeks.")


# --- News that merely mentions marker words survives ----------------------------------

NEWS_WITH_MARKER_WORDS = (
    "The mayor shared a photo of the cracked beam on Twitter on Monday evening.",
    "Shares in the ferry company fell 4% on March 3, 2024, after the closure was announced.",
    "By Tuesday evening, more than 200 people had signed a petition to reopen the pier.",
    "More than 100 boats use the pier every week, according to the authority.",
    "Updated figures released on Friday showed repair costs had doubled.",
    "Related charges were filed against the contractor that built the pier.",
    "Copyright lawyers for the photographer said the images had been used without permission.",
    "Getty Images said it would remove the altered picture from its archive.",
    "Reuters reported that the talks between the unions and the authority had stalled.",
    "Support for the repairs grew among members of both parties on the council.",
    "Photographs taken by residents showed water pouring through the deck.",
    "Readers can leave a comment on the consultation until June 1, the council said.",
    "Click-through rates on the council's flood alerts rose sharply, officials said.",
    "He told reporters: “Sign up now or lose your mooring,” according to two fishermen.",
    "Advertisement revenue at the local paper fell during the closure.",
)


def _removed(cleaned: CleanedText) -> list[tuple[str, str]]:
    """What cleaning took out, with why: the pairs a reader sees on the source page."""
    return [(line.text, line.reason) for line in cleaned.removed]


def test_an_agency_pickup_note_ending_a_paragraph_is_dropped() -> None:
    # Wire copy ends an update with where it goes in the previous version: "4th graf pvs".
    raw = ("Troops were sent to the border on Monday, officials said. Neighbours criticised the move. "
           "Troops massed, 4th graf pvs\n\nThe talks resume on Friday. \"No member, 5th graf, 1st Ld-Writethru")
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == ("Troops were sent to the border on Monday, officials said. Neighbours criticised the move.",
                                  "The talks resume on Friday.")
    assert _removed(cleaned) == [
        ("Troops massed, 4th graf pvs", "agency pickup note"),
        ("\"No member, 5th graf, 1st Ld-Writethru", "agency pickup note")]
    # An ordinal in a sentence is no note, nor is one without the agency's words.
    for kept in ("He finished 3rd in the race, his best result.", "The team came 2nd, 4th and 7th",
                 "She said it was good, 4th graf or not."):
        assert clean_text(kept).paragraphs == (kept,)


def test_a_name_card_pasted_after_a_name_is_cut_out() -> None:
    # Some pages paste a hover card into the text: the full name, the latest headlines, "MORE".
    raw = ("The bill was blocked by Sen. Jane Roe Jane Ann RoeSenate passes budget | Roe backs port plan "
           "Roe says talks will go on MORE (D-Ohio), who objected on Monday.\n"
           "The plan mirrors one by Governor Okafor Ruth Adaeze Okafor Okafor signs water bill Port reopens "
           "after storm MORE, aides said.\n"
           "Leader Tom Berg Thomas (Tom) Lee BergBerg wins vote on roads Lawmakers return MORE (R-Iowa) agreed.")
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == ("The bill was blocked by Sen. Jane Roe (D-Ohio), who objected on Monday.",
                                  "The plan mirrors one by Governor Okafor, aides said.",
                                  "Leader Tom Berg (R-Iowa) agreed.")
    assert [line.reason for line in cleaned.removed] == ["name card"] * 3
    # A repeated name without the card's headlines and "MORE" is text.
    kept = "The pier was rebuilt by Jane Roe Jane Ann Roe last year and MORE people came."
    assert clean_text(kept).paragraphs == (kept,)


def test_furniture_sharing_a_paragraph_with_news_is_taken_out_sentence_by_sentence() -> None:
    raw = ("The museum reopened on Monday after a year of repairs. Follow her on Twitter at @jane_roe. "
           "Visitors queued from dawn, staff said.\n"
           "Content is free to any publisher with a large audience. For licensing, please contact "
           "licensing@example.org.")
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == ("The museum reopened on Monday after a year of repairs. Visitors queued from dawn, staff said.",
                                  "Content is free to any publisher with a large audience.")
    assert _removed(cleaned) == [
        ("Follow her on Twitter at @jane_roe.", "follow prompt"),
        ("For licensing, please contact licensing@example.org.", "contact")]
    # A reader-service note with an address is furniture at any length up to a prompt's.
    note = ("The council met on Monday. If you have a question about the plan you would like answered, "
            "please send us an email at desk@example.org.")
    assert clean_text(note).paragraphs == ("The council met on Monday.",)
    # A sign-up form: a prompt among sentences that nearly all speak to the reader goes whole.
    form = ("Get the briefing. Sign up here to receive our newsletter. Please enter a valid email address. "
            "Please select your country. Thank you! Check your inbox to confirm.")
    assert clean_text(form + "\nThe council met on Monday, officials said.").paragraphs == (
        "The council met on Monday, officials said.",)
    # A short sentence naming a site is news, though a line of it alone would be a pointer.
    site = "The council met on Monday to vote on the plan. The group posts its findings at www.example.org."
    assert clean_text(site).paragraphs == (site,)
    # A paragraph of one sentence is judged as a line, by the line rules' own word limits.
    alone = "Readers can follow the council's work on Twitter, where it posts every vote and every budget line."
    assert clean_text(alone).paragraphs == (alone,)


def test_a_text_that_is_all_furniture_cut_from_inside_lines_is_kept_whole() -> None:
    # Never nothing for a file with text: as with whole lines, what the rules take is given back.
    for raw in ("Troops massed, 4th graf pvs",
                "For licensing, please contact desk@example.org. Sign up here for our newsletter. "
                "Please enter your email. Thank you, you are in."):
        cleaned = clean_text(raw)
        assert cleaned.paragraphs == (raw,) and cleaned.removed == ()


def test_an_author_bio_at_the_end_is_dropped() -> None:
    body = ("The pier reopened on Monday after a year of repairs, the council said.\n"
            "Visitors queued from dawn to walk its full length, staff said.\n")
    for bio in ("Jane Roe is a staff writer for the Harbour Gazette.",
                "Jane Roe (@jane_roe) lives in Leeds, where she writes about music and the sea."):
        cleaned = clean_text(body + bio)
        assert _removed(cleaned) == [(bio, "author bio")]
    # News that ends an article is kept: one capitalised word is no full name.
    news = "The mayor lives in Leeds and writes about her plans in a weekly column."
    assert clean_text(body + news).paragraphs[-1] == news


def test_news_sentences_that_mention_marker_words_survive() -> None:
    cleaned = clean_text(article("Harbour pier closed", body=BODY + NEWS_WITH_MARKER_WORDS))
    assert cleaned.paragraphs == BODY + NEWS_WITH_MARKER_WORDS
    assert reasons(cleaned) == {"Harbour pier closed": "headline"}


# --- Properties ---------------------------------------------------------------------

FRAGMENTS = st.sampled_from((
    "", " ", "By Ann Lee", "Share this page", "Advertisement", "Photo: A/B", "Q: why?", "A: because.", "FAQ",
    "Leave a Reply", "Related Posts", "Updated 3 minutes ago", "(With PTI inputs.)", "image description,",
    "The council met on Monday.", "Residents were not told", "a lower-case continuation line.", "@handle",
    "https://example.org/x", "— Name (@handle) May 1, 2020", "ALL CAPS TEASER LINE", "Read more:", "More:Teaser",
    "WASHINGTON (AP) — The council met on Monday.", "The council met on Monday. Residents were, 4th graf pvs",
    "The council met on Monday. Follow her on Twitter at @jane_roe. Residents were not told.",
    "Sen. Jane Roe Jane Ann RoeSenate passes budget | Roe backs port plan MORE (D-Ohio) objected.",
))
LINES = st.lists(st.one_of(FRAGMENTS, st.text(max_size=80)), max_size=25)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_never_raises_and_keeps_text_verbatim(lines: list[str]) -> None:
    raw = "\n".join(lines)
    cleaned = clean_text(raw)
    stripped = [line.strip() for line in raw.splitlines() if line.strip()]
    joined = " ".join(stripped)
    pieces = [line.text for line in cleaned.removed]
    # Some furniture is cut out of a line (a dateline, a name card, a pickup note, a furniture sentence).
    cut_out = [piece for piece in pieces if piece not in stripped]

    def without_pieces(text: str) -> str:
        for piece in cut_out:
            text = re.sub(r"(?:^|(?<=\s))" + re.escape(piece) + r"(?=\s|$)", " ", text, count=1)
        return " ".join(text.split())

    kept = " ".join(" ".join(paragraph.split()) for paragraph in cleaned.paragraphs)
    for paragraph in cleaned.paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        # A paragraph is an input line, or consecutive input lines joined by one space, less what was cut out.
        assert paragraph in stripped or paragraph in joined or " ".join(paragraph.split()) in without_pieces(joined)
    # Nothing is lost silently: every input line is kept or listed as removed, or both in parts.
    accounted = " ".join(cleaned.paragraphs + tuple(pieces))
    for line in stripped:
        assert line in accounted or without_pieces(line) in kept
    if stripped:
        assert cleaned.paragraphs


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(raw: str) -> None:
    cleaned = clean_text(raw)
    assert isinstance(cleaned.paragraphs, tuple)
    assert clean_text(raw) == cleaned  # deterministic
