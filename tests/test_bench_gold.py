"""``bench/gold.py --lost-pairs``: why two sentences of one gold fact end up in different clusters."""

from __future__ import annotations

from bench.gold import LOST_REASONS, lost_pairs
from generator.settings import Settings


def test_lost_pairs_are_counted_by_their_first_reason() -> None:
    said = "The harbour bridge will close for repairs on Monday, the council said."
    story = {"clusters": [
        {"id": "c1", "members": [{"source": "a", "text": said},
                                 {"source": "b", "text": "The bridge over the harbour shuts on Monday for repairs."}]},
        # The same fact again in outlet a, so close to b's words that only the one-sentence-per-outlet rule parts them.
        {"id": "c2", "members": [{"source": "a", "text": "The bridge over the harbour shuts on Monday for repairs."}]},
        {"id": "c3", "members": [{"source": "c", "text": "Tickets for the autumn concert series go on sale in June."}]},
    ]}
    gold = {"clusters": {"closure": {"a": ["will close for repairs", "shuts on Monday"],
                                     "b": "shuts on Monday", "c": "autumn concert"}}}
    counts = lost_pairs(story, gold, Settings())
    assert set(counts) == set(LOST_REASONS)
    # a's two sentences; c's unrelated sentence against a, a and b; b and a's second sentence (outlet a in c1).
    assert counts == {"one outlet's two sentences": 1, "below the merge threshold": 3,
                      "outlet already in the cluster": 1, "average link": 0}
