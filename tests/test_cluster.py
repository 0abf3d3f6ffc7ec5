"""Clustering: same fact across sources together, different facts apart."""

from __future__ import annotations

import numpy as np
from builders import sentences
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from generator.cluster import cluster, sentence_similarity
from generator.settings import Settings

SETTINGS = Settings().cluster


def _groups(clusters):
    return sorted(sorted(m.id for m in c.members) for c in clusters)


def test_no_sentences_gives_no_clusters():
    assert cluster((), SETTINGS) == ()


def test_one_source_sentences_stay_apart():
    result = cluster(sentences(a=["The mayor opened the new bridge on Monday.",
                                  "Traffic was heavy across the river all week."]), SETTINGS)
    assert len(result) == 2
    assert all(c.support == 1 for c in result)


def test_identical_sentences_from_two_sources_share_a_cluster():
    text = "The central bank raised interest rates by half a point on Tuesday."
    result = cluster(sentences(a=[text], b=[text]), SETTINGS)
    assert len(result) == 1
    assert result[0].sources == ("a", "b")


def test_paraphrases_share_a_cluster_and_other_facts_stay_apart():
    result = cluster(sentences(
        a=["More than 200 nurses handed in their resignations after the pay offer.",
           "The hospital said it would hire agency staff."],
        b=["Over 200 nurses turned in resignations following the pay offer, the union said.",
           "Patients were told to expect longer waits in the emergency department."],
    ), SETTINGS)
    assert ["a#0", "b#0"] in _groups(result)
    assert ["a#1"] in _groups(result) and ["b#1"] in _groups(result)


def test_a_source_has_two_sentences_in_one_cluster_only_as_a_restatement():
    # Far apart in their article, two of a's facts never chain through b's sentence that packs both.
    result = cluster(sentences(
        a=["The storm cut power to 40,000 homes in the county.",
           "Schools in the north of the county stayed open.",
           "The mayor praised the emergency crews.",
           "Rail services were suspended on two lines.",
           "Power was restored to most homes in the county by Friday."],
        b=["The storm left 40,000 homes in the county without power, and most had it back by Friday."],
    ), SETTINGS)
    together = [c for c in result if {"a#0", "a#4"} <= {m.id for m in c.members}]
    assert not together
    # Side by side, the same two sentences are a fact and its follow-up: they may share b's cluster.
    near = cluster(sentences(
        a=["The storm cut power to 40,000 homes in the county.",
           "Power was restored to most homes in the county by Friday."],
        b=["The storm left 40,000 homes in the county without power, and most had it back by Friday."],
    ), SETTINGS)
    assert ["a#0", "a#1", "b#0"] in _groups(near)


def test_every_sentence_is_in_exactly_one_cluster_and_ids_are_stable():
    items = sentences(a=["The vote passed 52 to 48.", "Critics called it rushed."],
                      b=["Senators approved the bill 52-48.", "The bill now goes to the president."],
                      c=["The bill passed by four votes."])
    result = cluster(items, SETTINGS)
    members = [m.id for c in result for m in c.members]
    assert sorted(members) == sorted(s.id for s in items)
    assert [c.id for c in result] == [f"c{i}" for i in range(1, len(result) + 1)]


_WORDS = st.sampled_from("storm power homes county restored bridge river vote bill senators nurses pay "
                         "offer hospital mayor police court judge fire city council".split())
_SENTENCE = st.lists(_WORDS, min_size=3, max_size=10).map(lambda ws: " ".join(ws).capitalize() + ".")


@hypothesis_settings(max_examples=40, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=6), st.lists(_SENTENCE, min_size=1, max_size=6),
       st.randoms(use_true_random=False))
def test_clustering_does_not_depend_on_input_order(first, second, random):
    items = list(sentences(a=first, b=second))
    expected = _groups(cluster(items, SETTINGS))
    random.shuffle(items)
    assert _groups(cluster(items, SETTINGS)) == expected


@hypothesis_settings(max_examples=40, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=8))
def test_similarity_is_symmetric_and_in_unit_range(texts):
    matrix = sentence_similarity(texts).toarray()
    assert np.allclose(matrix, matrix.T)
    assert ((matrix >= 0) & (matrix <= 1)).all()
    assert np.allclose(np.diag(matrix), 0)
