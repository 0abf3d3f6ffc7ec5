"""The consensus summary. (stub: to be replaced)"""

from __future__ import annotations

from collections.abc import Sequence

from .models import Cluster, SummarySentence
from .settings import Settings


def summarize(clusters: Sequence[Cluster], settings: Settings) -> tuple[SummarySentence, ...]:
    """Return the consensus summary in reading order."""
    chosen = []
    words = 0
    for item in sorted(clusters, key=lambda c: (-c.support, c.members[0].index)):
        if words >= settings.summary_words:
            break
        chosen.append(SummarySentence(item.members[0], item.id, item.members))
        words += len(item.members[0].text.split())
    return tuple(chosen)
