"""Sorting articles into stories: the grouping and the two measures it is scored with."""

from __future__ import annotations

import numpy as np
import pytest

from generator.grouping import (
    Document,
    adjusted_rand_index,
    bcubed_f1,
    group,
    group_documents,
    similarity_matrix,
    standardise,
)

STORM = [
    "A storm cut power to 40,000 homes across the region on Sunday night, the electricity company said. "
    "Engineers worked through the night to restore power after the storm.",
    "Storm winds left 40,000 homes without power on Sunday night; the electricity company said engineers "
    "were restoring power.",
    "Engineers restored power to most of the 40,000 homes hit by Sunday's storm, the electricity company said.",
]
BUDGET = [
    "The city council approved the new budget on Tuesday after a long debate about bridge repairs.",
    "Council members voted nine to four for the budget, which pays for repairs to three bridges.",
    "The mayor welcomed the council's budget vote and said bridge repairs start in spring.",
]


def test_adjusted_rand_index_and_bcubed_on_known_cases() -> None:
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == pytest.approx(1.0)
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert bcubed_f1([0, 0, 1, 1], [0, 0, 1, 1]) == pytest.approx((1.0, 1.0, 1.0))
    precision, recall, _f1 = bcubed_f1([0, 0, 1, 1], [0, 0, 0, 0])
    assert (precision, recall) == pytest.approx((0.5, 1.0))


def test_two_stories_are_told_apart_without_knowing_how_many() -> None:
    labels = group_documents([Document(text) for text in STORM + BUDGET])
    assert labels == (0, 0, 0, 1, 1, 1)


def test_grouping_does_not_depend_on_input_order() -> None:
    documents = [Document(text) for text in STORM + BUDGET]
    order = [4, 0, 5, 2, 1, 3]
    forward = group_documents(documents)
    shuffled = group_documents([documents[i] for i in order])
    assert adjusted_rand_index([forward[i] for i in order], shuffled) == pytest.approx(1.0)


def test_existing_stories_are_joined_but_never_merged() -> None:
    similarity = np.array([[1.0, 0.9, 0.8], [0.9, 1.0, 0.7], [0.8, 0.7, 1.0]])
    assert group(similarity, threshold=0.5) == (0, 0, 0)
    assert group(similarity, threshold=0.5, fixed=[0, 1, None]) == (0, 1, 0)
    assert group(similarity, threshold=0.95) == (0, 1, 2)


def test_similarity_is_symmetric_and_in_range_and_scores_are_standardised() -> None:
    similarity = similarity_matrix([Document(text) for text in STORM + BUDGET])
    assert np.allclose(similarity, similarity.T)
    assert similarity.min() >= 0.0 and similarity.max() <= 1.0 + 1e-9
    scores = standardise(similarity)
    assert np.allclose(scores, scores.T)


def test_empty_pool() -> None:
    assert group_documents([]) == ()
