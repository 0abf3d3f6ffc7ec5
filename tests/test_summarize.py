"""Tests for the consensus summary: one cited, verbatim sentence per chosen cluster."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from generator.models import Cluster, Sentence
from generator.settings import SummarySettings
from generator.summarize import summarize

# A small story told by four sources; each tuple is one fact, worded by the
# sources that report it (source id -> sentence text).
FACTS: tuple[dict[str, str], ...] = (
    {
        "a": "The city council approved the new harbour bridge plan on Monday after a long debate.",
        "b": "On Monday the city council approved the new harbour bridge plan after hours of debate.",
        "c": "The city council approved the harbour bridge plan on Monday evening after a debate.",
        "d": "Councillors approved the new harbour bridge plan on Monday after a heated debate.",
    },
    {
        "a": "The harbour bridge plan will cost the city council about 40 million euros over five years.",
        "b": "The new harbour bridge will cost about 40 million euros, the city council said on Monday.",
        "c": "Officials put the cost of the harbour bridge plan at about 40 million euros over five years.",
    },
    {
        "b": "Construction of the harbour bridge is expected to start next spring and last three years.",
        "d": "Construction of the new harbour bridge should start next spring, the city council said.",
    },
    {
        "a": "Residents of the old harbour district had opposed the bridge plan for more than a decade.",
        "c": "The bridge plan had been opposed by residents of the old harbour district for a decade.",
    },
    {
        "d": "A local fishing club said the harbour bridge plan would block boats from the inner basin.",
    },
    {
        "c": "The mayor thanked the city council and promised the harbour bridge would open by 2030.",
    },
)


def _story(facts: tuple[dict[str, str], ...] = FACTS) -> tuple[Cluster, ...]:
    """Return one cluster per fact; sentence indexes follow the facts' order in each source."""
    next_index: dict[str, int] = {}
    clusters = []
    for number, fact in enumerate(facts, start=1):
        members = []
        for source, text in sorted(fact.items()):
            index = next_index.get(source, 0)
            next_index[source] = index + 1
            members.append(Sentence(source, index, index, text))
        clusters.append(Cluster(f"c{number}", tuple(members)))
    return tuple(clusters)


def test_empty_input_gives_empty_summary() -> None:
    assert summarize((), SummarySettings()) == ()


def test_one_sentence_per_cluster_verbatim_from_it() -> None:
    clusters = _story()
    summary = summarize(clusters, SummarySettings(words=200))
    by_id = {cluster.id: cluster for cluster in clusters}
    assert summary
    assert len({item.cluster for item in summary}) == len(summary)
    for item in summary:
        assert item.sentence in by_id[item.cluster].members
        assert item.text == item.sentence.text


def test_citations_cover_exactly_the_cluster_sources() -> None:
    clusters = _story()
    by_id = {cluster.id: cluster for cluster in clusters}
    for item in summarize(clusters, SummarySettings(words=200)):
        cluster = by_id[item.cluster]
        assert item.sources == cluster.sources
        assert len(item.citations) == cluster.support
        assert all(citation in cluster.members for citation in item.citations)
        assert item.sentence in item.citations


def test_citation_is_the_member_closest_to_the_chosen_sentence() -> None:
    chosen_like = "Police arrested two men near the central station late on Friday night."
    far = "A spokesman for the police later gave a short statement to waiting reporters outside."
    cluster = Cluster("c1", (
        Sentence("a", 0, 0, chosen_like),
        Sentence("b", 0, 0, far),
        Sentence("b", 1, 1, "Police arrested two men near the central station on Friday night."),
    ))
    (item,) = summarize((cluster,), SummarySettings(words=50, min_support=2))
    cited_b = [c for c in item.citations if c.source == "b"]
    # Whichever member stands for the cluster, source b is cited by its close
    # paraphrase, never by its unrelated sentence.
    assert len(cited_b) == 1
    assert cited_b[0].index == 1


def test_budget_respected() -> None:
    for budget in (10, 20, 30, 45, 80):
        summary = summarize(_story(), SummarySettings(words=budget))
        assert sum(len(item.text.split()) for item in summary) <= budget


def test_only_supported_facts_when_they_fill_the_budget() -> None:
    clusters = _story()
    summary = summarize(clusters, SummarySettings(words=40, min_support=2))
    assert summary
    assert all(len(item.citations) >= 2 for item in summary)


def test_falls_back_to_less_supported_facts_when_shared_ones_run_out() -> None:
    clusters = _story()
    # Nothing has four sources but the first fact: the rest must come from lower levels.
    summary = summarize(clusters, SummarySettings(words=120, min_support=4))
    supports = [len(item.citations) for item in summary]
    assert 4 in supports
    assert any(support < 4 for support in supports)
    assert sum(len(item.text.split()) for item in summary) <= 120


def test_one_source_story_still_gets_a_summary() -> None:
    texts = (
        "The regional parliament passed a new water law on Tuesday after a long debate.",
        "The water law limits how much water farms may take from the river in dry summers.",
        "Farmers said the water law would hurt harvests in the driest parts of the region.",
        "The regional parliament will review the water law again in three years.",
        "Short one.",
    )
    clusters = tuple(Cluster(f"c{i + 1}", (Sentence("only", i, i, text),))
                     for i, text in enumerate(texts))
    summary = summarize(clusters, SummarySettings(words=40, min_support=2))
    assert summary
    assert all(item.sources == ("only",) for item in summary)
    assert all(item.text != "Short one." for item in summary)
    assert sum(len(item.text.split()) for item in summary) <= 40


@pytest.mark.parametrize("a, b, c", [
    # A fragment and a question.
    ("and the bridge plan was approved by the council on Monday after debate",
     "Was the bridge plan approved by the council on Monday after the debate?",
     "The council approved the bridge plan on Monday after a long debate."),
    # Openers that lean on the sentence before.
    ("That will buy the council some 234 metres of new bridge over the harbour.",
     "Indeed, the council will buy some 234 metres of new bridge over the harbour.",
     "The money will buy the council some 234 metres of new bridge over the harbour."),
    # Opening phrases that refer back ("At the time" is a time the sentence before told).
    ("At the time, the mayor called for a new bridge over the harbour in every district.",
     "In response, the mayor called for a new bridge over the harbour in every district.",
     "In March the mayor called for a new bridge over the harbour in every district."),
    # A note that someone was asked for comment is no fact of the story.
    ("A spokesman for the mayor did not immediately respond to requests for comment on the bridge plan.",
     "A spokesman for the mayor declined to comment on the bridge plan on Monday evening.",
     "A spokesman for the mayor said the bridge plan would be published on Monday evening."),
])
def test_sentences_that_do_not_read_alone_are_not_chosen_when_full_ones_exist(a: str, b: str, c: str) -> None:
    facts = ({"a": a, "b": b, "c": c},)
    (item,) = summarize(_story(facts), SummarySettings(words=50))
    assert item.sentence.source == "c"
    assert item.sources == ("a", "b", "c")


def test_a_sentence_that_starts_inside_a_cut_quotation_is_not_chosen() -> None:
    facts = (
        {"a": "Ross lied, and it ruined his career,” the mayor said, before claiming that Baines “lied many times.",
         "b": "The mayor said that Ross lied and that the inquiry had ruined his career, calling it a shame."},
    )
    (item,) = summarize(_story(facts), SummarySettings(words=50))
    assert item.sentence.source == "b"


def test_a_sentence_inside_a_quotation_is_not_chosen() -> None:
    # The second sentence of a quoted statement reads, out of it, as the outlet's own claim.
    a = [Sentence("a", 0, 0, "“I am sorry for how I reacted and I apologize to everyone there,” the councillor said."),
         Sentence("a", 1, 0, "“In all my years on the council, I have tried to treat every resident fairly."),
         Sentence("a", 2, 0, "No matter how heated a meeting gets, nothing excuses shouting at a resident who asks a question."),
         Sentence("a", 3, 0, "I will keep working for calm and open debate in the chamber.”")]
    b = [Sentence("b", 0, 0, "The councillor apologized on Monday for his outburst at a public meeting of the council."),
         Sentence("b", 1, 1, "No matter how heated a meeting gets, nothing excuses shouting at a resident who asks a question.")]
    clusters = (Cluster("c1", (a[0], b[0])), Cluster("c2", (a[1],)), Cluster("c3", (a[2], b[1])), Cluster("c4", (a[3],)))
    chosen = {item.sentence.id for item in summarize(clusters, SummarySettings(words=60))}
    assert a[2].id not in chosen and b[1].id in chosen


def _scores(pairs: dict[frozenset[str], float]):
    """A same-fact scorer for tests: the given score for a pair of texts, 0 otherwise."""
    import numpy as np

    def same_fact(texts):
        return np.array([[0.0 if a == b else pairs.get(frozenset((a, b)), 0.0) for b in texts] for a in texts])
    return same_fact


def test_a_source_is_cited_only_through_a_sentence_that_states_the_fact() -> None:
    a = Sentence("a", 0, 0, "The city council approved the new harbour bridge plan on Monday after a long debate.")
    b = Sentence("b", 0, 0, "On Monday the city council approved the harbour bridge plan after hours of debate.")
    c = Sentence("c", 0, 0, "The harbour bridge has divided the city council and its voters for more than ten years.")
    same_fact = _scores({frozenset((a.text, b.text)): 0.8, frozenset((a.text, c.text)): 0.3,
                         frozenset((b.text, c.text)): 0.3})
    (item,) = summarize((Cluster("c1", (a, b, c)),), SummarySettings(words=30), same_fact=same_fact)
    assert item.sources == ("a", "b")


def test_support_is_counted_for_the_sentence_chosen() -> None:
    # "c" sits in the cluster on topic alone: with it, "a" would have two sources; it has one.
    a = Sentence("a", 0, 0, "The harbour bridge plan will cost the city about 40 million euros over five years.")
    c = Sentence("c", 0, 0, "Residents of the harbour district say 40 million euros over five years is too much.")
    b1 = Sentence("b", 0, 0, "The council approved the harbour bridge plan on Monday after a long debate.")
    d1 = Sentence("d", 0, 0, "On Monday the council approved the harbour bridge plan after a debate.")
    same_fact = _scores({frozenset((a.text, c.text)): 0.3, frozenset((b1.text, d1.text)): 0.8})
    chosen = summarize((Cluster("c1", (a, c)), Cluster("c2", (b1, d1))), SummarySettings(words=40, fill_ratio=0.0),
                       same_fact=same_fact)
    assert [item.cluster for item in chosen] == ["c2"]



def test_near_duplicate_clusters_do_not_both_enter() -> None:
    text = "The council approved the new harbour bridge plan on Monday after a long debate."
    facts = (
        {"a": text, "b": "The council approved the harbour bridge plan on Monday after debate."},
        {"c": text, "d": "The council approved the new harbour bridge plan on Monday after a debate."},
    )
    summary = summarize(_story(facts), SummarySettings(words=200))
    assert len(summary) == 1


def test_query_steers_the_choice() -> None:
    facts = (
        {"a": "Heavy rain flooded the main road into the valley town on Sunday morning.",
         "b": "Heavy rain flooded the main road into the valley town early on Sunday."},
        {"a": "The school in the valley town will stay closed until the water goes down.",
         "b": "The school in the valley town will stay closed until the water recedes."},
    )
    clusters = _story(facts)
    budget = SummarySettings(words=16)
    assert summarize(clusters, budget, query="school closures")[0].cluster == "c2"
    assert summarize(clusters, budget, query="road flooding rain")[0].cluster == "c1"


def test_reading_order_follows_position_in_articles() -> None:
    summary = summarize(_story(), SummarySettings(words=250, min_support=1))
    numbers = [int(item.cluster[1:]) for item in summary]
    assert numbers[0] == 1
    assert len(numbers) >= 3


@hypothesis_settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(FACTS))), st.integers(min_value=15, max_value=150),
       st.integers(min_value=1, max_value=3))
def test_output_independent_of_input_order(order: list[int], budget: int, support: int) -> None:
    clusters = _story()
    reference = summarize(clusters, SummarySettings(words=budget, min_support=support))
    shuffled = tuple(clusters[i] for i in order)
    shuffled = tuple(Cluster(c.id, tuple(reversed(c.members))) for c in shuffled)
    assert summarize(shuffled, SummarySettings(words=budget, min_support=support)) == reference


def test_a_generic_summary_includes_a_lede() -> None:
    # The later fact is worded alike by four sources, so it covers more
    # concept weight; only one sentence fits the budget.
    facts = (
        {"a": "Storms cut power to thousands of homes across the northern coast overnight.",
         "b": "Thousands of homes on the northern coast lost power in overnight storms."},
        {"a": "Repair crews from three regions were sent to restore the damaged power lines.",
         "b": "Repair crews from three regions were sent to restore the damaged power lines today.",
         "c": "Repair crews from three regions were sent to restore damaged power lines.",
         "d": "Repair crews from three regions have been sent to restore the damaged power lines."},
    )
    # Sources c and d open with the crews, so give them a first sentence elsewhere.
    clusters = _story(({"c": "Officials in the capital met on Friday.", "d": "Officials met on Friday."},)
                      + facts)
    budget = SummarySettings(words=15)
    assert [item.cluster for item in summarize(clusters, replace(budget, require_lede=False))] == ["c3"]
    (opening,) = summarize(clusters, budget)
    assert opening.sentence.index == 0 and opening.cluster == "c2"
    # A topic statement decides instead.
    assert [item.cluster for item in summarize(clusters, budget, query="repair crews")] == ["c3"]
    # The lede opens the summary although its cluster sits later in the articles on average.
    storms, crews = facts[0]["a"], facts[1]["a"]
    late = (
        Cluster("x", (Sentence("a", 0, 0, storms), Sentence("b", 4, 4, facts[0]["b"]))),
        Cluster("y", (Sentence("a", 1, 1, crews), Sentence("b", 1, 1, facts[1]["b"]))),
        Cluster("z", (Sentence("b", 0, 0, "Officials met on Friday."),)),
        Cluster("w", (Sentence("b", 2, 2, "Schools stay open."), Sentence("b", 3, 3, "Roads are clear."))),
    )
    assert [item.cluster for item in summarize(late, SummarySettings(words=40))] == ["x", "y"]
    assert [item.cluster for item in summarize(late, SummarySettings(words=40, require_lede=False))] == ["y", "x"]


def test_items_of_a_list_after_a_colon_are_not_candidates() -> None:
    def sentence(source: str, index: int, paragraph: int, text: str) -> Sentence:
        return Sentence(source, index, paragraph, text)

    intro = "The report names the places where the phrase does not appear at all:"
    item = "The complaint filed by the whistleblower in August last year."
    second = "The Constitution, which lays out the impeachment process in full."
    after = "The committee will meet again on Monday to discuss the report in detail. It will vote then."
    clusters = (
        Cluster("c1", (sentence("a", 0, 0, intro), sentence("b", 0, 0, intro))),
        Cluster("c2", (sentence("a", 1, 1, item), sentence("b", 1, 1, item))),
        Cluster("c3", (sentence("a", 2, 2, second), sentence("b", 2, 2, second))),
        Cluster("c4", (sentence("a", 3, 3, after.split(". ")[0] + "."),
                       sentence("b", 3, 3, after.split(". ")[0] + "."))),
        Cluster("c5", (sentence("a", 4, 3, "It will vote then."),)),
    )
    chosen = {item.cluster for item in summarize(clusters, SummarySettings(words=200, require_lede=False))}
    assert "c2" not in chosen and "c3" not in chosen
    assert "c4" in chosen


def test_a_source_that_contradicts_the_chosen_wording_disputes_it_instead_of_citing_it() -> None:
    facts = (
        {"a": "More than 100 officers handed in their permits to carry firearms on Saturday.",
         "b": "More than 100 officers have handed in their permits to carry firearms.",
         "c": "More than 100 officers applied for permits to carry firearms on Saturday."},
    )
    clusters = _story(facts)
    applied = clusters[0].members[2]
    opposed = {member.id: frozenset({applied.id}) for member in clusters[0].members[:2]}
    opposed[applied.id] = frozenset(member.id for member in clusters[0].members[:2])
    (item,) = summarize(clusters, SummarySettings(), avoid=frozenset({applied.id}), opposed=opposed)
    assert item.sentence.source != "c"
    assert item.sources == ("a", "b")
    assert item.disputes == (applied,)
    # Without the conflict every source cites it.
    (plain,) = summarize(clusters, SummarySettings())
    assert plain.sources == ("a", "b", "c") and plain.disputes == ()
