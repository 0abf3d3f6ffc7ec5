"""The seed story names every source's outlet and has a date (issue 10)."""

from __future__ import annotations

from pathlib import Path

from generator.folders import load_story
from generator.render import source_name
from generator.settings import Settings

SEED_STORY = Path(__file__).resolve().parent.parent / "seeds" / "met-police-firearms-officers"


def test_every_seed_source_has_an_outlet_and_the_story_a_date() -> None:
    story = load_story(SEED_STORY, Settings())
    assert story.published == "2023-09-24"
    names = [source_name(article.source, number) for number, article in enumerate(story.articles, start=1)]
    assert names[0] == "BBC News" and names[4] == "The Week"
    assert len(set(names)) == 5
    for article, name in zip(story.articles, names):
        assert article.source.outlet == name
        assert article.source.id not in name and not name.startswith("Unnamed source")
