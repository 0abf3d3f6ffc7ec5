"""The story cache holds data, not code, and gives back exactly the model it stored (issue 13, item 9)."""

from __future__ import annotations

import json
import pickle
from functools import lru_cache
from pathlib import Path

from generator.cache import CACHE_FORMAT, StoryCache, from_data, to_data
from generator.folders import load_stories
from generator.models import Story
from generator.pipeline import build_pages, build_story
from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEMPLATES = ROOT / "templates"
SETTINGS = Settings()


@lru_cache(maxsize=1)
def _seed_story() -> tuple[object, Story]:
    """The seed story and its model, computed once for the whole module (it takes seconds)."""
    story = load_stories(SEEDS, SETTINGS)[0]
    return story, build_story(story, SETTINGS)


def test_story_model_round_trips_exactly_through_json() -> None:
    _story, model = _seed_story()
    data = json.loads(json.dumps(to_data(model)))
    assert from_data(Story, data) == model


def test_warm_cache_gives_byte_identical_pages(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = build_pages(SEEDS, TEMPLATES, SETTINGS, cache_dir=cache)
    assert sorted(path.suffix for path in cache.glob("*.*")) == [".json"]
    assert sorted(path.suffix for path in (cache / "embeddings").iterdir()) == [".npz"]
    assert sorted(path.suffix for path in (cache / "pages").iterdir()) == [".json"]
    warm = build_pages(SEEDS, TEMPLATES, SETTINGS, cache_dir=cache)
    assert warm == cold


def test_warm_cache_is_really_used(tmp_path: Path) -> None:
    story, model = _seed_story()
    cache = StoryCache(tmp_path, SETTINGS)
    cache.put(story, model)
    assert cache.get(story) == model


def test_planted_pickle_at_the_cache_path_is_never_loaded(tmp_path: Path) -> None:
    story, model = _seed_story()
    cache = StoryCache(tmp_path, SETTINGS)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (marker.write_text, ("code ran",))

    key = cache.key(story)
    for path in (cache.path(story, key), cache.path(story, key).with_suffix(".pickle")):
        path.write_bytes(pickle.dumps(Payload()))
    assert cache.get(story) is None
    cache.put(story, model)  # and a planted file is simply replaced
    assert cache.get(story) == model
    assert not marker.exists()


def test_entry_under_another_key_or_of_another_shape_is_ignored(tmp_path: Path) -> None:
    story, model = _seed_story()
    cache = StoryCache(tmp_path, SETTINGS)
    cache.put(story, model)
    path = cache.path(story, cache.key(story))
    entry = json.loads(path.read_text())
    assert entry["format"] == CACHE_FORMAT and entry["key"] == cache.key(story)

    path.write_text(json.dumps(dict(entry, key="0" * 64)))
    assert cache.get(story) is None
    path.write_text(json.dumps(dict(entry, story={"slug": 1})))
    assert cache.get(story) is None
    path.write_text(json.dumps(dict(entry, story=dict(entry["story"], extra="x"))))
    assert cache.get(story) is None
    path.write_text("{not json")
    assert cache.get(story) is None
    path.write_text(json.dumps(entry))
    assert cache.get(story) == model


def test_a_new_source_encodes_only_its_own_sentences_and_changes_nothing_else(tmp_path: Path) -> None:
    from dataclasses import replace

    from generator.embedding_cache import CachedEncoder, story_store
    from generator.pipeline import build_story_cached
    from generator.segment import segment

    story, cold = _seed_story()
    smaller = replace(story, articles=story.articles[:-1])
    build_story_cached(smaller, SETTINGS, tmp_path)  # fills the story's embedding cache
    encoder = CachedEncoder(story_store(tmp_path, story.slug))
    warm = build_story(story, SETTINGS, encoder=encoder)
    new = {s.text.strip() for s in segment(story.articles)} - {s.text.strip() for s in segment(smaller.articles)}
    assert 0 < encoder.encoded <= len(new)
    assert warm == cold  # exactly the model of a cold run without any cache


def test_embedding_file_holds_arrays_only_and_a_planted_one_is_ignored(tmp_path: Path) -> None:
    import numpy as np

    from generator.embedding_cache import CachedEncoder, model_identity, story_store

    store = story_store(tmp_path, "s")
    encoder = CachedEncoder(store)
    vectors, pieces = encoder.encode_tokens(["The storm cut power.", "Schools stayed closed."])
    store.save()
    with np.load(store.path, allow_pickle=False) as data:  # would raise on an object array
        assert data["vectors"].dtype == np.float32 and data["keys"].dtype.kind == "S"
    again = CachedEncoder(story_store(tmp_path, "s"))
    same_vectors, same_pieces = again.encode_tokens(["Schools stayed closed.", "The storm cut power."])
    assert again.encoded == 0
    assert np.array_equal(same_vectors, vectors[::-1])
    assert all(np.array_equal(a, b) for a, b in zip(same_pieces, pieces[::-1]))
    # A planted file: an object array (pickle) and wrong keys are never used.
    np.savez(store.path, format=np.array("generator-embedding-cache/1"), model=np.array(model_identity()),
             keys=np.array([object()], dtype=object), vectors=vectors[:1], lengths=np.array([1]),
             pieces=vectors[:1])
    planted = CachedEncoder(story_store(tmp_path, "s"))
    planted.encode_tokens(["The storm cut power."])
    assert planted.encoded == 1
    store.path.write_bytes(b"not a zip file")
    damaged = CachedEncoder(story_store(tmp_path, "s"))
    damaged.encode_tokens(["The storm cut power."])
    assert damaged.encoded == 1


def test_unchanged_story_pages_are_not_rendered_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from generator import render

    cold = build_pages(SEEDS, TEMPLATES, SETTINGS, cache_dir=tmp_path)

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("rendered again")

    monkeypatch.setattr(render, "_render_story", refuse)
    monkeypatch.setattr(render, "_render_source", refuse)
    assert build_pages(SEEDS, TEMPLATES, SETTINGS, cache_dir=tmp_path) == cold
    # A planted page entry under another key is not used: the story is rendered (and here refused).
    page_file = next((tmp_path / "pages").iterdir())
    entry = json.loads(page_file.read_text())
    page_file.write_text(json.dumps(dict(entry, key="0" * 64)))
    try:
        build_pages(SEEDS, TEMPLATES, SETTINGS, cache_dir=tmp_path)
    except AssertionError as error:
        assert "rendered again" in str(error)
    else:
        raise AssertionError("a page entry under another key was used")


def test_input_cache_gives_what_reading_gives_and_rereads_a_changed_file(tmp_path: Path) -> None:
    import shutil

    from generator.cache import load_stories_cached

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "copy").mkdir()
    for path in sorted((seeds / "met-police-firearms-officers").glob("*.txt"))[:2]:
        shutil.copy(path, seeds / "copy" / path.name)
    cache = tmp_path / "cache"
    read = load_stories(seeds, SETTINGS)
    assert load_stories_cached(seeds, SETTINGS, cache) == read  # fills the cache
    assert len(list((cache / "inputs").iterdir())) == 2
    assert load_stories_cached(seeds, SETTINGS, cache) == read  # from the cache
    changed = next((seeds / "copy").glob("*.txt"))
    changed.write_text(changed.read_text() + "\nA new closing paragraph was added by the outlet.\n")
    again = load_stories_cached(seeds, SETTINGS, cache)
    assert again == load_stories(seeds, SETTINGS) and again != read


def test_embedding_cache_drops_the_stories_written_longest_ago_beyond_its_budget(tmp_path: Path) -> None:
    import os

    from generator.embedding_cache import prune

    folder = tmp_path / "embeddings"
    folder.mkdir()
    for age, name in enumerate(("newest", "middle", "oldest")):
        path = folder / f"{name}.npz"
        path.write_bytes(b"x" * 100)
        os.utime(path, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))
    prune(tmp_path, budget_bytes=250)
    assert sorted(path.name for path in folder.iterdir()) == ["middle.npz", "newest.npz"]


def test_input_problems_round_trip_as_records(tmp_path: Path) -> None:
    from generator.cache import InputCache
    from generator.models import Problem, StoryInput

    story = StoryInput(slug="s", title=None, directory=tmp_path, articles=(),
                       problems=(Problem("seeds/s/a.txt", "is empty; skipped"),))
    inputs = InputCache(tmp_path / "cache", SETTINGS)
    inputs.put(tmp_path, "key", story)
    assert inputs.get(tmp_path, "key") == story
    assert story.warnings == ("seeds/s/a.txt: is empty; skipped",)


def test_encoding_on_two_threads_gives_the_vectors_of_one_thread() -> None:
    import numpy as np

    from generator.embedding_cache import encode_alone

    texts = [f"Sentence {number} of a story about the vote, with {number} more words." for number in range(12)]
    alone = encode_alone(texts, threads=1)
    shared = encode_alone(texts, threads=2)
    assert len(alone) == len(shared) == len(texts)
    for (vector, pieces), (other_vector, other_pieces) in zip(alone, shared):
        assert np.array_equal(vector, other_vector) and np.array_equal(pieces, other_pieces)
