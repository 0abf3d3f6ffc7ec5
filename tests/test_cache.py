"""The story cache holds data, not code, and gives back exactly the model it stored (issue 13, item 9)."""

from __future__ import annotations

import json
import pickle
from functools import lru_cache
from pathlib import Path

from generator.cache import CACHE_FORMAT, StoryCache, from_data, to_data
from generator.ingest import load_stories
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
    assert sorted(path.suffix for path in cache.iterdir()) == [".json"]
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
