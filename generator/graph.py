"""Grouping linked items: the one place the steps turn pairwise links into groups.

Two ways, for two needs:

- ``connected_groups``: everything linked, directly or through others, is one group
  (the connected components of an undirected graph, by ``scipy.sparse.csgraph``).
  For links whose order does not matter.
- ``DisjointSets``: groups merged one link at a time, in an order the caller
  chooses, where the caller may refuse a merge on what the two groups already
  hold (strongest links first, never two quotes of one sentence in a group).
  Connected components cannot express that; a union-find can.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components


def connected_groups(count: int, links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Return the groups of items ``0 .. count - 1`` that ``links`` connect, singletons included.

    Each group lists its items in increasing order, and groups come in the
    order of their first item, so the result depends only on which items are
    connected, never on the order of ``links``.
    """
    pairs = list(links)
    rows = np.array([first for first, _ in pairs], dtype=np.int64)
    cols = np.array([second for _, second in pairs], dtype=np.int64)
    graph = sparse.csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=(count, count))
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for item, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(item)
    return list(groups.values())


class DisjointSets:
    """Items ``0 .. count - 1`` in groups that merge one at a time (a union-find with path halving)."""

    def __init__(self, count: int) -> None:
        self._parent = list(range(count))

    def find(self, item: int) -> int:
        """Return the representative of the group that holds ``item``."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def merge(self, keep: int, other: int) -> None:
        """Merge the group of representative ``other`` into that of representative ``keep``."""
        self._parent[other] = keep

    def groups(self) -> list[list[int]]:
        """Return every group's items in increasing order, groups in the order of their first item."""
        groups: dict[int, list[int]] = {}
        for item in range(len(self._parent)):
            groups.setdefault(self.find(item), []).append(item)
        return list(groups.values())
