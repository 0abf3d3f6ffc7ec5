"""Differences: conflicts between sources, quote wording, unique facts."""

from __future__ import annotations

from builders import sentences

from generator.cluster import cluster
from generator.compare import compare, dates, quantities, quotes, titles
from generator.settings import Settings

SETTINGS = Settings()


def _differences(**by_source):
    items = sentences(**by_source)
    return compare(cluster(items, SETTINGS.cluster), items, SETTINGS.compare)


def test_one_source_has_no_differences():
    assert _differences(a=["The river burst its banks on Monday.", "Hundreds were evacuated."]) == ()


def test_quantities_read_modifiers_ranges_and_units():
    (more,) = quantities("More than 100 officers handed in their permits.")
    assert more.low > 100 and more.high == float("inf") and "offic" in more.unit
    (span,) = quantities("Around 90 to 100 officers laid down their arms.")
    assert (span.low, span.high) == (90, 100)
    assert not more.compatible(span)
    assert quantities("He was born in 1999.") == ()
    assert quantities("Only about one in 10 officers carry guns.") == ()


def test_a_bare_round_number_agrees_with_a_close_one():
    (bare,) = quantities("The force has 2,500 armed officers.")
    (more,) = quantities("There are more than 2,500 armed officers in the force.")
    assert bare.compatible(more)


def test_different_counts_of_the_same_thing_are_a_number_conflict():
    found = _differences(
        a=["More than 100 firefighters walked out over the pay offer on Monday."],
        b=["Around 60 to 80 firefighters walked out over the pay offer on Monday."],
    )
    conflicts = [d for d in found if d.kind == "conflict" and d.aspect == "number"]
    assert len(conflicts) == 1
    assert {c.source for c in conflicts[0].claims} == {"a", "b"}
    assert found[0] is conflicts[0], "conflicts rank first"


def test_numbers_of_different_things_are_not_a_conflict():
    found = _differences(
        a=["The council approved 300 new homes near the station."],
        b=["Residents said 40 trees would be cut down near the station."],
    )
    assert not [d for d in found if d.kind == "conflict"]


def test_titles_are_read_before_names():
    assert titles("Health Secretary Maria Lopez said the plan was ready.") == {"maria lopez": "health secretary"}
    assert titles("Protesters gathered in Streatham Hill on Sunday.") == {}


def test_different_titles_for_one_person_are_a_conflict():
    found = _differences(
        a=["Finance Minister Tomas Berg announced the budget on Friday."],
        b=["Foreign Minister Tomas Berg announced the budget on Friday."],
    )
    assert any(d.aspect == "title" for d in found)


def test_same_fact_with_different_weekdays_is_a_date_conflict():
    found = _differences(
        a=["The suspect appeared in court on Thursday charged with arson."],
        b=["The suspect appeared in court on Friday charged with arson."],
    )
    assert any(d.aspect == "date" for d in found)
    assert dates("It happened on May 3, 2021.")["day"] == frozenset({"may 3"})


def test_a_day_that_dates_a_statement_is_no_date_of_the_fact():
    # "said Monday" dates the briefing; the plan itself is dated "this week" / "on Wednesday".
    found = _differences(
        a=["President Obama will unveil his plan to curb gun violence this week, lawmakers said Monday."],
        b=["President Obama unveiled his plan to curb gun violence on Wednesday."],
    )
    assert not any(d.aspect == "date" for d in found)
    assert dates("Lawmakers told reporters on Monday that the bridge closed on Friday.")["weekday"] == {"friday"}
    assert dates("The minister said in a statement Tuesday that talks continue.")["weekday"] == frozenset()
    assert dates("He said the vote on Tuesday was close.")["weekday"] == {"tuesday"}


def test_negated_paraphrase_is_a_conflict():
    found = _differences(
        a=["The company confirmed the factory will close next year."],
        b=["The company denied the factory will close next year."],
    )
    assert any(d.kind == "conflict" and d.aspect in ("negation", "meaning") for d in found)


def test_reworded_quote_is_a_wording_difference_but_a_shorter_excerpt_is_not():
    found = _differences(
        a=["“We will rebuild every home that was lost,” the mayor said."],
        b=["“We will restore every home that was lost,” the mayor said."],
        c=["The mayor promised “every home that was lost” would come back."],
    )
    wording = [d for d in found if d.kind == "quote"]
    assert len(wording) == 1
    assert {c.source for c in wording[0].claims} == {"a", "b"}
    assert "rebuild" in wording[0].summary and "restore" in wording[0].summary
    assert quotes("He said “yes” and “no”.") == ("yes", "no")


def test_fact_only_one_source_reports_is_listed_and_flagged_when_unattributed():
    found = _differences(
        a=["The bridge reopened to traffic on Monday after repairs.",
           "The repairs cost 12 million pounds, the transport minister said."],
        b=["The bridge reopened to traffic on Monday after repairs.",
           "Engineers found cracks in three of the steel supports."],
    )
    by_text = {d.claims[0].text: d for d in found if d.kind in ("unique", "unsupported")}
    assert by_text["The repairs cost 12 million pounds, the transport minister said."].kind == "unique"
    assert by_text["Engineers found cracks in three of the steel supports."].kind == "unsupported"


def test_differences_are_deterministic():
    data = dict(a=["More than 100 firefighters walked out on Monday.", "The union called it historic."],
                b=["Around 60 firefighters walked out on Monday.", "Talks resume next week."])
    assert _differences(**data) == _differences(**data)


def test_an_abbreviation_is_not_a_rewording():
    found = _differences(
        a=["“Senator Reid thinks the plan should be dropped,” a spokesman said on Monday."],
        b=["“Sen. Reid thinks the plan should be dropped,” a spokesman said on Monday."],
    )
    assert not [d for d in found if d.kind == "quote"]


def test_short_quotes_of_different_speakers_are_not_one_quote():
    found = _differences(
        a=["The senator called the minister's remarks “unacceptable” at a rally in Ohio."],
        b=["A former adviser told reporters that the remarks were “utterly irresponsible” and should be withdrawn."],
    )
    assert not [d for d in found if d.kind == "quote"]


def test_the_minority_side_of_a_conflict_is_disputed():
    from generator.compare import disputed_sentences

    found = _differences(
        a=["Finance Minister Tomas Berg announced the budget on Friday in parliament."],
        b=["Foreign Minister Tomas Berg announced the budget on Friday in parliament."],
        c=["Finance Minister Tomas Berg presented the budget to parliament on Friday."],
    )
    assert disputed_sentences(found) == frozenset({"b#0"})


def test_each_side_of_a_conflict_is_opposed_to_the_other_not_to_itself():
    from generator.compare import opposed_sentences

    found = _differences(
        a=["Finance Minister Tomas Berg announced the budget on Friday in parliament."],
        b=["Foreign Minister Tomas Berg announced the budget on Friday in parliament."],
        c=["Finance Minister Tomas Berg presented the budget to parliament on Friday."],
    )
    assert opposed_sentences(found) == {
        "a#0": frozenset({"b#0"}), "b#0": frozenset({"a#0", "c#0"}), "c#0": frozenset({"b#0"}),
    }


def test_a_conflict_names_each_figure_once_whatever_its_capitals():
    found = _differences(
        a=["More than 100 firefighters walked out over the pay offer on Monday."],
        b=["Around 60 to 80 firefighters walked out over the pay offer on Monday."],
        c=["Union leaders said more than 100 firefighters walked out over the pay offer on Monday."],
    )
    (conflict,) = [d for d in found if d.aspect == "number"]
    assert conflict.summary.casefold().count("more than 100") == 1


def test_counts_written_in_words_are_read_as_intervals():
    [dozens] = quantities("Dozens of armed police officers handed in their permits.")
    assert (dozens.low, dozens.high) == (24.0, 99.0)
    assert dozens.text == "Dozens"  # the figure a reader sees, not "Dozens of"
    [two_dozen] = quantities("He signed nearly two-dozen executive actions.")
    assert two_dozen.low < 24.0 <= two_dozen.high
    differences = _differences(
        a=["Dozens of armed officers handed in their permits on Saturday."],
        b=["More than 100 armed officers handed in their permits on Saturday."],
    )
    assert any(d.kind == "conflict" and d.aspect == "number" for d in differences)


def test_an_inflection_is_not_named_as_a_changed_word():
    from generator.compare import _changed_words
    assert _changed_words(["they must decide under extraordinary pressure",
                           "they have to decide under extraordinary pressures"]) == "“must” / “have to”"


def test_one_figure_spelled_two_ways_is_one_side_of_a_conflict():
    from generator.compare import _opposes
    assert not _opposes("number", "over 100", "more than 100")
    assert _opposes("number", "around 90 to 100", "more than 100")
    assert not _opposes("number", "nearly two-dozen", "23")
    assert _opposes("title", "home secretary", "interior minister")


def test_a_number_conflict_names_each_figure_once():
    from generator.compare import _describe_figures
    assert _describe_figures(["around 90 to 100", "More than 100", "over 100"]) == \
        "Different numbers: around 90 to 100 / More than 100"


# --- precision on stories the rules were not written on (BASIL dev events, README "Differences") ---


def test_dates_parts_of_sets_and_pronouns_are_not_counts():
    # "30 Oct." reads as a date too: a figure next to a month is never taken for a count.
    assert quantities("Twelve of the 30 Oct. 4 delegates were farmers from the north.") == ()
    assert [q.text for q in quantities("Twelve of the 30 delegates on 10/4 were farmers from the north.")] == ["30"]
    assert quantities("One of my daughters is gay.") == ()
    assert quantities("One would fund the department through Feb. 8.") == ()
    assert quantities("The talks resumed on 19 September in Geneva.") == ()
    (two,) = quantities("Mary, one of his two daughters, wrote on Facebook.")
    assert (two.low, two.high) == (2, 2)


def test_counts_of_counts_are_read_whole():
    (vague,) = quantities("The shutdown left hundreds of thousands of workers without pay.")
    assert (vague.low, vague.high) == (200_000, 999_000) and "worker" in vague.unit
    (exact,) = quantities("It left 800,000 workers without pay.")
    assert vague.compatible(exact)


def test_a_figure_the_other_source_states_for_another_fact_is_not_disputed():
    found = _differences(
        a=["Democrats countered with $1.3 billion for border security on Monday.",
           "The president demanded $5.7 billion for border security and a wall."],
        b=["The president's bill offered protections in exchange for $5.7 billion for border security on Monday."],
    )
    assert not [d for d in found if d.aspect == "number"]


def test_estimates_stay_a_conflict_even_when_a_source_gives_both():
    found = _differences(
        a=["More than 100 officers handed in their permits, a source said.",
           "Dozens of officers stepped back from armed duties in the capital."],
        b=["Around 90 to 100 officers handed in their permits by Saturday evening."],
    )
    assert [d for d in found if d.aspect == "number"]


def test_different_days_of_different_events_are_not_a_date_conflict():
    # Two days contradict only when a word beside both names the same event.
    found = _differences(
        a=["A young congressional aide resigned Monday after her post about the president's daughters spread."],
        b=["The communications director had to apologize Saturday for her post about the president's daughters."],
    )
    assert not [d for d in found if d.aspect == "date"]


def test_a_negation_counts_for_the_word_it_governs():
    found = _differences(
        a=["The mayor will not attend the opening of the new bridge over the river."],
        b=["The mayor will attend the opening of the new bridge over the river."],
    )
    (conflict,) = [d for d in found if d.aspect == "negation"]
    assert "attend" in conflict.summary
    # "did not respond to requests" negates the responding, not the apology both report.
    found = _differences(
        a=["Lauten later apologized for her post, writing that she had judged the two young ladies too quickly."],
        b=["Lauten, who did not respond to requests for comment, later apologized for her post, saying she had "
           "judged the two young ladies too quickly."],
    )
    assert not [d for d in found if d.aspect == "negation"]


def test_a_source_quoting_both_ways_is_not_a_negation_conflict():
    negated = "The minister said the vote is not bringing the price of bread down."
    stated = "The minister said the vote is bringing the price of bread down."
    assert [d for d in _differences(a=[negated], b=[stated]) if d.aspect == "negation"]
    found = _differences(a=[negated, stated], b=[stated])
    assert not [d for d in found if d.aspect == "negation"]


def test_opposite_words_conflict_only_about_the_same_thing():
    found = _differences(
        a=["More than 100 police officers applied for permits to carry firearms, a source said."],
        b=["More than 100 police officers handed in their permits to carry firearms, a source said."],
    )
    assert [d for d in found if d.aspect == "meaning"]
    found = _differences(
        a=["He said the grant would keep the museum open for four months until the repairs end."],
        b=["He said the museum will close on the day the repairs end without a new grant."],
    )
    assert not [d for d in found if d.aspect == "meaning"]


def test_a_title_joins_its_name_without_punctuation_or_a_conjunction():
    assert titles("But Speaker Nancy Pelosi said no money would go to the wall.") == {"nancy pelosi": "speaker"}
    assert titles("Ms. Lindqvist is polling far behind the leader, Tomas Berg.") == {}


def test_house_style_is_no_rewording_of_a_quote():
    found = _differences(
        a=['"He served as a decorated F.B.I. special agent and we\'re proud of his work force," the statement said.'],
        b=['"He served as a decorated FBI special agent and we are proud of his workforce," the statement said.'],
    )
    assert not [d for d in found if d.kind == "quote"]


def test_quotes_sharing_only_little_words_are_two_quotes():
    found = _differences(
        a=['"I am not running for mayor of this city as a favour to anyone in the party or to win a '
           'popularity contest," Alvarez said in her announcement in the hall of her old school.'],
        b=['"I am now ready to work for the people of this city and every one of its neighbourhoods," Alvarez said '
           'at the announcement in the hall of her old school.'],
    )
    assert not [d for d in found if d.kind == "quote"]


def test_counts_of_one_plan_items_in_different_nouns_conflict():
    found = _differences(
        a=["The president will lay out 19 separate actions he could take on his own to curb gun violence."],
        b=["The president unveiled 23 steps he could take on his own to curb gun violence."],
    )
    (conflict,) = [d for d in found if d.aspect == "number"]
    assert {claim.detail for claim in conflict.claims} == {"19", "23"}
    assert not [d for d in _differences(
        a=["The president will lay out 19 separate actions to curb gun violence, aides said."],
        b=["The president will lay out his plan to curb gun violence in 23 states, aides said."],
    ) if d.aspect == "number"]


def test_a_source_giving_its_figure_again_takes_that_side_in_both_sentences():
    found = _differences(
        a=["The president will lay out 19 separate actions he could take on his own to curb gun violence.",
           "The mayor of the city welcomed the plan at a news conference on Tuesday morning.",
           "A senator said the administration has 19 separate steps it can take by executive order."],
        b=["The president unveiled 23 steps he could take on his own to curb gun violence.",
           "The mayor of the city welcomed the plan at a news conference on Tuesday morning."],
    )
    (conflict,) = [d for d in found if d.aspect == "number"]
    assert [(claim.source, claim.sentence.index, claim.detail) for claim in conflict.claims] == [
        ("a", 0, "19"), ("a", 2, "19"), ("b", 0, "23")]
    assert not [d for d in found if d.kind in ("unique", "unsupported") and
                any(claim.sentence.index == 2 for claim in d.claims)], "one fact, one kind"


def test_the_middle_of_a_quoted_statement_is_attributed_not_unconfirmed():
    from generator.models import Sentence

    a = ["The congressman apologized on Monday for grabbing a student who asked him a question.",
         "“I am sorry for how I reacted and I apologize to everyone there,” Tom Ashby said.",
         "“Throughout my years of service, I have always tried to treat people with respect.",
         "No matter how partisan our politics become, nothing justifies a poor response to a question.",
         "I will keep working for a calm public debate on every question.”"]
    items = (*(Sentence("a", index, min(index, 1), text) for index, text in enumerate(a)),
             Sentence("b", 0, 0, a[0]))
    found = compare(cluster(items, SETTINGS.cluster), items, SETTINGS.compare)
    claims = {claim.sentence.text: (difference.kind, claim.detail) for difference in found
              if difference.kind in ("unique", "unsupported") for claim in difference.claims}
    assert claims[a[3]] == ("unique", "the speaker: Tom Ashby")


def test_the_first_sentence_of_a_quoted_statement_is_attributed_to_the_speaker_named_where_it_closes():
    from generator.compare import opens_quotation
    from generator.models import Sentence

    a = ["The speaker declined to comment on the merits of the president's proposals on Wednesday.",
         '"The committees will review these recommendations.',
         'And if the other chamber passes a bill, we will look at that too," spokesman Jane Roe said.']
    items = (*(Sentence("a", index, 0, text) for index, text in enumerate(a)), Sentence("b", 0, 0, a[0]))
    found = compare(cluster(items, SETTINGS.cluster), items, SETTINGS.compare)
    claims = {claim.sentence.text: (difference.kind, claim.detail) for difference in found
              if difference.kind in ("unique", "unsupported") for claim in difference.claims}
    assert claims[a[1]] == ("unique", "the speaker: Jane Roe")
    assert opens_quotation(a[1]) and opens_quotation("“We will review them.")
    assert not opens_quotation('Graham said: "We will review them.'), "names its own speaker"
    assert not opens_quotation('"We will review them," he said.')


def test_a_surname_alone_names_the_speaker_but_a_place_or_a_group_does_not():
    from generator.compare import _speaker

    assert _speaker("“I deeply regret my reaction,” Ashby said.") == "Ashby"
    assert _speaker("“It is time,” Mr. Steele said on Friday.") == "Mr. Steele"
    assert _speaker("“Go,” said Jane Roe.") == "Jane Roe"
    assert _speaker("Officials said the plan was ready.") is None  # any first word is capitalised
    assert _speaker("“We are ready,” Republicans said.") is None
    assert _speaker("She clarified her position after a poll in Wyoming said she had changed it.") is None
    assert _speaker("He faces charges, the Department of Justice said.") is None


def test_a_speaker_is_the_whole_name_and_not_the_listener():
    from generator.compare import _speaker

    assert _speaker("“They folded,” said Representative Ana M. Ortíz of Nevada.") == \
        "Representative Ana M. Ortíz"
    assert _speaker("Yet House Speaker Nancy Pelosi said there had been progress.") == "House Speaker Nancy Pelosi"
    assert _speaker("But he told Fox News that the plan was dangerous.") is None
    assert _speaker("“It is not settled by a show of hands,” Ruth Okafor reportedly wrote.") == "Ruth Okafor"
    assert _speaker("“We will win,” Trump tweeted on Friday.") == "Trump"
    assert _speaker("Mr. Clapper also said that he had taken precautions.") == "Mr. Clapper"


def test_a_speaker_of_the_other_sex_or_a_sentence_opening_with_its_speaker_takes_no_earlier_speaker():
    from generator.compare import _speaker_detail
    from generator.models import Sentence

    before = Sentence("x", 0, 0, "“He is making the speech to gain favor,” Mr. Roe said on Monday.")
    she = Sentence("x", 1, 1, "“I am not going to guess at the reasons of the minister,” she told reporters.")
    he = Sentence("x", 2, 2, "“I will not ascribe motives to anyone in this chamber,” he told reporters.")
    own = Sentence("x", 3, 3, "Graham said: “She said she did not know about the cable at all.")
    index = {(s.source, s.index): s for s in (before, she, he, own)}
    assert _speaker_detail(she, index).startswith("after:")
    assert _speaker_detail(he, index) == "the speaker: Mr. Roe"
    assert _speaker_detail(own, index, in_quotation=True) is None
    # No words credited, so no speaker: the sentence before tells who "he" is.
    signed = Sentence("y", 1, 1, "He signed the spending deal on Friday afternoon at the White House.")
    said = Sentence("y", 0, 0, "“We will sign it,” Mr. Roe said of the deal on Monday.")
    assert _speaker_detail(signed, {("y", 0): said, ("y", 1): signed}) == \
        "after: “We will sign it,” Mr. Roe said of the deal on Monday."


def test_a_quotation_credited_to_he_shows_the_sentence_before_when_no_speaker_is_named():
    from generator.models import Sentence

    a = ["The senator apologized on Monday for remarks about the budget made at a rally.",
         "Sen. Jane Roe (D-Ohio) blasted the budget plan in a speech to the chamber on Tuesday.",
         "“It is the worst budget plan this chamber has seen in a generation,” she said."]
    items = (*(Sentence("a", index, index, text) for index, text in enumerate(a)), Sentence("b", 0, 0, a[0]))
    found = compare(cluster(items, SETTINGS.cluster), items, SETTINGS.compare)
    details = {claim.sentence.text: claim.detail for difference in found for claim in difference.claims}
    assert details[a[2]] == "after: “Sen. Jane Roe (D-Ohio) blasted the budget plan in a speech to the chamber on Tuesday.”"


def test_a_quotation_that_names_its_own_speaker_is_not_credited_to_the_one_before():
    from generator.models import Sentence

    a = ["The senator apologized on Monday for remarks about the budget made at a rally.",
         "“I regret my words and I apologize to all involved,” Senator Jane Roe said.",
         "“What she said is just flat wrong, and offensive to every voter,” Smith said.",
         "“It is not as if this whole budget was ready and waiting in a drawer,” said a senior official."]
    items = (*(Sentence("a", index, index, text) for index, text in enumerate(a)), Sentence("b", 0, 0, a[0]))
    found = compare(cluster(items, SETTINGS.cluster), items, SETTINGS.compare)
    details = {claim.sentence.text: claim.detail for difference in found for claim in difference.claims}
    assert details[a[2]] is None and details[a[3]] is None


def test_a_reversed_or_negated_word_commits_to_neither_pole():
    found = _differences(
        a=["The minister decided to lift the ban on importing rare orchids from two Asian countries."],
        b=["The minister decided to allow growers to import rare orchids from two Asian countries."],
    )
    assert not [d for d in found if d.aspect == "meaning"]


def test_thresholds_and_possibilities_do_not_conflict():
    assert quantities("She believed she had the 34 votes necessary to block the appointment.") == ()
    assert quantities("The rule requires a supermajority of 70 votes to close the session.") == ()
    assert [q.text for q in quantities("The party has only 51 votes in the chamber.")] == ["51"]
    found = _differences(
        a=["Vice President Biden won't attend the speech of the prime minister in Congress next week."],
        b=["Vice President Biden, who would be expected to attend the speech of the prime minister, will be abroad."],
    )
    assert not [d for d in found if d.aspect == "negation"]


def test_names_labels_and_uncounted_nouns_are_no_counts():
    assert [q.text for q in quantities("The county reported 1,204 new cases and 12 COVID-19 deaths.")] == ["1,204", "12"]
    assert quantities("The memo discussed Senior Agency Official 2 at length.") == ()
    assert quantities("We want to do two things: fix the roads and win 40 seats.")[0].text == "40"
    (sentence,) = [q for q in quantities("The driver served three years of a 12-year sentence.") if q.text == "12"]
    assert "year" in sentence.unit, "a compound counts its first word, even a stop word"
    assert [q.text for q in quantities("The club signed a deal worth $2.5 billion over the next six years.")
            ] == ["six"], "another number ends what a number counts: $2.5 billion counts no years"
    (knee,) = [q for q in quantities("The climbers were trapped for seven hours and 20 minutes.") if q.text == "seven"]
    (nearly,) = quantities("The climbers were trapped for nearly eight hours.")
    assert knee.compatible(nearly)


def test_numbers_and_spans_of_time_are_compared_only_between_close_enough_sentences():
    from generator.models import Sentence

    counts = (Sentence("a", 0, 0, "More than 100 firefighters walked out over the pay offer on Monday."),
              Sentence("b", 0, 0, "Around 60 to 80 firefighters walked out over the pay offer on Monday."))
    spans = (Sentence("a", 1, 1, "Patients who took the drug recovered in a median of 11 days, the study found."),
             Sentence("b", 1, 1, "Patients who took the drug recovered in a median of five days, the study found."))
    items = counts + spans
    clusters = cluster(items, SETTINGS.cluster)

    def aspects(score):
        found = compare(clusters, items, SETTINGS.compare, same_fact=lambda first, second: score)
        return sorted(d.summary for d in found if d.aspect == "number")

    assert aspects(0.3) == []
    assert aspects(0.6) == ["Different numbers: Around 60 to 80 / More than 100"], "a span of time needs a near-paraphrase"
    assert aspects(0.8) == ["Different numbers: 11 / five", "Different numbers: Around 60 to 80 / More than 100"]


def test_a_title_of_someone_else_in_an_appositive_is_not_the_persons():
    assert titles("Maria Lopez, a spokesperson for the mayor, posted the statement.") == {}
    assert titles("Wayne LaPierre, the rifle association’s executive director, spoke.") == {
        "wayne lapierre": "executive director"}


def test_quotes_sharing_a_sentence_are_one_difference_listing_it_once() -> None:
    # One outlet's sentence holds two quotes; two outlets reword one each. A reader sees one box.
    found = _differences(
        a=['The council said it was an "emergency plan" to be used "in certain cases where no ferry can sail".'],
        b=['"This is a fallback plan to be used in specific cases where no ferry can sail," the council said.'],
        c=['The council said it was a "fallback plan" to be used "in specific cases where no ferry can sail".'],
    )
    quoted = [d for d in found if d.kind == "quote"]
    assert len(quoted) == 1
    (difference,) = quoted
    assert [claim.sentence.source for claim in difference.claims] == ["a", "b", "c"]
    assert "“emergency” / “fallback”" in difference.summary and "“certain” / “specific”" in difference.summary
    assert all(claim.detail is None for claim in difference.claims)
