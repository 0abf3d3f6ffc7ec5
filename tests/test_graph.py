"""Grouping linked items: connected groups and ordered merging (``generator.graph``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.graph import DisjointSets, connected_groups


def test_no_items_and_no_links() -> None:
    assert connected_groups(0, []) == []
    assert connected_groups(3, []) == [[0], [1], [2]]


def test_groups_come_in_order_of_their_first_item() -> None:
    assert connected_groups(6, [(5, 1), (3, 2), (4, 0)]) == [[0, 4], [1, 5], [2, 3]]
    assert connected_groups(4, [(0, 3), (3, 1), (1, 1)]) == [[0, 1, 3], [2]]


@given(st.integers(min_value=1, max_value=12).flatmap(lambda count: st.tuples(
    st.just(count), st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=20))))
def test_connected_groups_are_those_of_merging_every_link(case: tuple[int, list[tuple[int, int]]]) -> None:
    count, links = case
    merged = DisjointSets(count)
    for first, second in links:
        keep, other = merged.find(first), merged.find(second)
        if keep != other:
            merged.merge(keep, other)
    assert connected_groups(count, links) == merged.groups()
    assert connected_groups(count, list(reversed(links))) == merged.groups()


def test_a_merge_joins_two_groups_under_the_kept_representative() -> None:
    merged = DisjointSets(4)
    merged.merge(merged.find(0), merged.find(2))
    assert merged.find(2) == 0
    assert merged.groups() == [[0, 2], [1], [3]]
