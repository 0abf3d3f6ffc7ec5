"""Invariants of the whole pipeline, on generated stories (hypothesis) and on the seed story."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from generator.folders import load_story
from generator.models import Article, Source, Story, StoryInput
from generator.pipeline import build_story
from generator.segment import segment
from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED_STORY = ROOT / "seeds" / "met-police-firearms-officers"
SETTINGS = Settings()

_FACTS = [
    "The storm cut power to {n} homes across the county on Monday.",
    "Engineers restored electricity to most homes by Wednesday evening.",
    "The mayor said {n} volunteers helped clear fallen trees from the roads.",
    "Schools in the county stayed closed for two days.",
    "A man in his {n}s was injured when a tree fell on his car.",
    "The weather service had warned of gusts of up to {n} miles per hour.",
    "Insurers expect claims to run into millions of pounds.",
    "“We were lucky nobody was killed,” the fire chief said.",
]


@st.composite
def stories(draw: st.DrawFn) -> StoryInput:
    """A story of 1 to 4 sources, each reporting a random subset of shared facts, maybe with changed numbers."""
    count = draw(st.integers(min_value=1, max_value=4))
    articles = []
    for number in range(count):
        chosen = draw(st.lists(st.sampled_from(range(len(_FACTS))), min_size=1, max_size=6, unique=True))
        texts = [_FACTS[i].format(n=draw(st.sampled_from([30, 40, 70, 1200]))) for i in chosen]
        source_id = f"source-{number}"
        articles.append(Article(Source(source_id, source_id, f"{source_id}.txt"), tuple(texts)))
    return StoryInput(slug="generated", title="Generated", directory=Path("."), articles=tuple(articles))


def _check_invariants(story: Story) -> None:
    sentences_by_id = {sentence.id: sentence for sentence in story.sentences}
    # Every kept sentence is in exactly one cluster.
    clustered = [member.id for item in story.clusters for member in item.members]
    assert sorted(clustered) == sorted(sentences_by_id)
    clusters = {item.id: item for item in story.clusters}
    summary_clusters = [entry.cluster for entry in story.summary]
    assert len(summary_clusters) == len(set(summary_clusters)), "one sentence per cluster"
    for entry in story.summary:
        item = clusters[entry.cluster]
        # Verbatim from a source: the chosen sentence is a sentence of the story, in its cluster.
        assert entry.sentence in item.members
        assert entry.sentence.text == sentences_by_id[entry.sentence.id].text
        # Every cited source really has a sentence in that cluster, the chosen sentence's own
        # source among them; a source whose sentence contradicts the chosen one is listed as
        # disputing, never cited (a source whose sentences only share the topic is neither).
        assert all(citation in item.members for citation in entry.citations)
        assert all(dispute in item.members for dispute in entry.disputes)
        disputing = {dispute.source for dispute in entry.disputes}
        assert not disputing & set(entry.sources)
        assert entry.sentence.source in entry.sources
        assert set(entry.sources) | disputing <= set(item.sources)
        conflicts = [d for d in story.differences if d.kind == "conflict"]
        for dispute in entry.disputes:
            assert any({entry.sentence, dispute} <= {claim.sentence for claim in d.claims} for d in conflicts)
    for difference in story.differences:
        for claim in difference.claims:
            assert sentences_by_id[claim.sentence.id] == claim.sentence


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories(), st.randoms(use_true_random=False))
def test_invariants_hold_and_results_do_not_depend_on_source_order(story, random):
    built = build_story(story, SETTINGS)
    _check_invariants(built)
    shuffled = list(story.articles)
    random.shuffle(shuffled)
    again = build_story(StoryInput(story.slug, story.title, story.directory, tuple(shuffled)), SETTINGS)
    assert again.summary == built.summary
    assert again.clusters == built.clusters
    assert again.differences == built.differences


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_segmentation(text):
    article = Article(Source("x", "x", "x.txt"), tuple(line for line in text.splitlines() if line.strip()))
    for sentence in segment([article]):
        assert sentence.text.strip() == sentence.text
        assert sentence.text in article.paragraphs[sentence.paragraph]


def test_seed_story_invariants():
    _check_invariants(build_story(load_story(SEED_STORY, SETTINGS), SETTINGS))


def test_one_source_story_has_no_consensus_and_no_differences():
    article = Article(Source("only", "only", "only.txt"), ("The bridge reopened on Monday. Traffic was light.",))
    built = build_story(StoryInput("single", "Single", Path("."), (article,)), SETTINGS)
    assert built.differences == ()
    assert all(len(entry.sources) == 1 for entry in built.summary)


def test_build_is_byte_identical_across_hash_seeds_and_locales(tmp_path):
    outputs = []
    for number, (seed, locale) in enumerate((("1", "C.UTF-8"), ("4242", "en_US.UTF-8"))):
        docs = tmp_path / f"docs{number}"
        env = dict(os.environ, PYTHONHASHSEED=seed, LC_ALL=locale, LANG=locale)
        subprocess.run([sys.executable, "-m", "generator", "build", "--seeds", str(ROOT / "seeds"),
                        "--docs", str(docs), "--no-cache"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        outputs.append({path.relative_to(docs).as_posix(): path.read_bytes()
                        for path in sorted(docs.rglob("*")) if path.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], name
