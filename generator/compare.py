"""Differences between sources. (stub: to be replaced)"""

from __future__ import annotations

from collections.abc import Sequence

from .models import Cluster, Difference, Sentence
from .settings import Settings


def compare(clusters: Sequence[Cluster], sentences: Sequence[Sentence], settings: Settings) -> tuple[Difference, ...]:
    """Return the differences between sources, most important first."""
    return ()
