"""Clustering quality on the seed story, against a hand-made gold alignment.

The gold file ``tests/data/seed_alignment.yml`` says which sentences of the
seed story's five sources report the same fact; ``bench/cluster_f1.py`` holds
the matching and the measures, and prints the errors in detail.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator.models import Sentence
from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "seeds" / "met-police-firearms-officers"
GOLD_FILE = ROOT / "tests" / "data" / "seed_alignment.yml"

FLOOR = 0.69
"""Pairwise cross-source F1 the project's clustering must reach on the seed story.

Measured 0.703 (B-cubed 0.813) with the same-fact score chosen on all five gold stories;
the score tuned on this story alone reached 0.798 here but 0.61 on the four shared gold
stories (README "Clustering"). A regression guard, not a target."""
MIN_MATCHED_SHARE = 0.95
"""Share of gold sentences the produced sentences must match for the F1 to mean anything."""


def _load_bench() -> ModuleType:
    # bench/ is a folder of scripts, not a package: load the scorer by path.
    name = "cluster_f1"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "cluster_f1.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@pytest.fixture(scope="module")
def gold():
    return bench.load_gold(GOLD_FILE)


def _source_texts() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(STORY.iterdir())
            if path.suffix in (".txt", ".md")}


# ---------------------------------------------------------------- the gold file


def test_every_gold_text_occurs_exactly_once_in_its_source(gold) -> None:
    texts = _source_texts()
    for item in gold.items:
        assert item.source in texts, f"unknown source {item.source!r}"
        assert texts[item.source].count(item.text) == 1, f"{item.source}: {item.text!r}"


def test_no_sentence_is_listed_twice_or_inside_another(gold) -> None:
    keys = [(item.source, bench.normalise(item.text)) for item in gold.items]
    assert len(keys) == len(set(keys))
    # A gold text inside another one of the same source would make matching ambiguous.
    for source, text in keys:
        containing = [other for other_source, other in keys if other_source == source and text in other]
        assert containing == [text], f"{source}: {text!r} is inside another gold text"


def test_gold_covers_every_line_of_every_source(gold) -> None:
    """Every news sentence is in a cluster and everything else is furniture: nothing is left over."""
    for source, raw in _source_texts().items():
        items = sorted((item for item in gold.items if item.source == source), key=lambda item: -len(item.text))
        for line in raw.splitlines():
            rest = line
            for item in items:
                rest = rest.replace(item.text, " ")
            assert not re.search(r"\w", rest), f"{source}: not annotated: {rest.strip()!r}"


def test_gold_has_multi_source_clusters_and_singletons(gold) -> None:
    by_cluster: dict[int, set[str]] = {}
    for item in gold.news:
        by_cluster.setdefault(item.cluster, set()).add(item.source)
    assert len(by_cluster) == gold.cluster_count
    assert sum(len(sources) >= 2 for sources in by_cluster.values()) >= 15
    assert sum(len(sources) == 1 for sources in by_cluster.values()) >= 10


# ------------------------------------------------------------------ the measures


def _items(rows: list[tuple[str, int, int]]) -> list:
    return [bench.ScoredItem(Sentence(source, index, 0, f"{source} {index}"), predicted, gold_cluster)
            for index, (source, predicted, gold_cluster) in enumerate(rows)]


def test_scores_match_a_hand_computed_example() -> None:
    items = _items([("a", 0, 0), ("b", 0, 0), ("c", 1, 0), ("a", 1, 1), ("b", 2, 1)])
    scores = bench.score(items)
    # Cross-source pairs: 1 right, 2 merged, 4 in gold.
    assert (scores.true_pairs, scores.predicted_pairs, scores.gold_pairs) == (1, 2, 4)
    assert scores.pair_precision == pytest.approx(0.5)
    assert scores.pair_recall == pytest.approx(0.25)
    assert scores.pair_f1 == pytest.approx(1 / 3)
    assert scores.bcubed_precision == pytest.approx(0.8)
    assert scores.bcubed_recall == pytest.approx(8 / 15)
    assert scores.bcubed_f1 == pytest.approx(0.64)


def test_same_source_pairs_do_not_count() -> None:
    items = _items([("a", 0, 0), ("a", 0, 1), ("b", 1, 2)])
    scores = bench.score(items)
    assert (scores.true_pairs, scores.predicted_pairs, scores.gold_pairs) == (0, 0, 0)


def test_matching_handles_fragments_merges_and_furniture() -> None:
    gold = bench.Gold(items=(
        bench.GoldItem("a", "The first fact is stated here.", 0),
        bench.GoldItem("a", "“A second fact,” she said.", 1),
        bench.GoldItem("a", "Share this page", None),
    ), cluster_count=2)
    sentences = [
        Sentence("a", 0, 0, "The first fact is stated here. \u201cA second fact,\u201d she said."),
        Sentence("a", 1, 0, "\"a second fact,\""),
        Sentence("a", 2, 1, "Share this page"),
        Sentence("a", 3, 2, "Something nobody annotated."),
    ]
    matching = bench.match_sentences(sentences, gold)
    assert matching.gold_of == {"a#0": 0, "a#1": 1}
    assert [s.id for s in matching.furniture] == ["a#2"]
    assert [s.id for s in matching.unmatched] == ["a#3"]
    assert matching.unmatched_gold == ()
    assert len(matching.notes) == 1  # the unsplit sentence is reported


def test_gold_clustering_scores_one_and_singletons_score_zero(gold) -> None:
    settings = Settings()
    sentences = bench.load_sentences(STORY, settings)
    matching = bench.match_sentences(sentences, gold)
    perfect = {sid: gold.items[position].cluster for sid, position in matching.gold_of.items()}
    assert bench.evaluate(sentences, perfect, gold).scores.pair_f1 == pytest.approx(1.0)
    singletons = {sentence.id: number for number, sentence in enumerate(sentences)}
    assert bench.evaluate(sentences, singletons, gold).scores.pair_f1 == 0.0


# --------------------------------------------------------------- the clustering


def test_project_clustering_reaches_the_floor(gold) -> None:
    result = bench.evaluate_project(STORY, gold, Settings())
    matched = len(gold.news) - len(result.matching.unmatched_gold)
    assert matched >= MIN_MATCHED_SHARE * len(gold.news), "segmentation no longer matches the gold sentences"
    assert result.scores.pair_f1 >= FLOOR, bench.format_scores("seed story", result.scores)


def test_seed_story_origins_and_support_levels() -> None:
    """The seed story: a BBC report with a machine translation, an AI rewrite and a copy (issue 8)."""
    from generator.folders import load_story
    from generator.pipeline import build_story
    from generator.text import normalised_wording

    story = build_story(load_story(STORY, Settings()), Settings())
    origin = dict(story.origins)
    bbc = "000_1fbcdd156a88098c"
    assert {source for source, found in origin.items() if found == bbc} == {
        bbc, "001_dd9ecd64d5470c9a", "003_5aca4944ab0bf47b"}
    assert story.origin_count(tuple(origin)) == 3
    assert all(derivation.original == bbc for derivation in story.derivations)
    for item in story.summary:
        levels = {sentence.source: level for sentence, level in item.support}
        # No source is cited for words it does not have; cited and disputing never overlap.
        for sentence, level in item.support:
            same = normalised_wording(sentence.text) == normalised_wording(item.text)
            assert (level == "same-words") == (same and level != "disputes")
        assert set(levels) == set(item.sources) | {d.source for d in item.disputes}
        assert not set(item.sources) & {d.source for d in item.disputes}
