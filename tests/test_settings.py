"""The settings tree: its defaults, the few public options, and the cache key it feeds."""

from __future__ import annotations

import ast
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from generator.cache import story_key
from generator.errors import ConfigError
from generator.models import StoryInput
from generator.settings import (
    PUBLIC_OPTIONS,
    ClusterSettings,
    CompareSettings,
    OriginSettings,
    Settings,
    SimilaritySettings,
    SummarySettings,
)


def test_defaults_are_the_values_the_readme_names() -> None:
    settings = Settings()
    # README "Clustering": the table of settings and the data each was chosen on.
    assert settings.similarity == SimilaritySettings(overlap_weight=0.2, candidate_floor=0.3, block_rows=1024)
    assert settings.cluster == ClusterSettings(threshold=0.38, same_source_threshold=0.6, adjacent_threshold=0.45,
                                               adjacent_sentences=2)
    assert settings.compare.reported_elsewhere == 0.45
    assert settings.summary.same_fact_threshold == 0.6
    # README "Independent origins".
    assert settings.origins == OriginSettings(shingle_words=5, copy_containment=0.9, update_containment=0.4,
                                              rewrite_coverage=0.72, rewrite_order=0.9, rewrite_min_facts=10,
                                              byline_coverage=0.5)
    # README "Options".
    assert {name: settings.option(name) for name in PUBLIC_OPTIONS} == {
        "summary_words": 200, "min_support": 2, "cluster_threshold": 0.38, "max_file_bytes": 2_000_000,
        "max_story_files": 1000, "max_story_sentences": 20_000, "max_compared_sentences": 1500,
    }


def test_every_leaf_of_the_tree_says_what_it_does() -> None:
    import generator.settings as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    branches = {"SimilaritySettings", "ClusterSettings", "OriginSettings", "CompareSettings", "SummarySettings"}
    checked = 0
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in branches:
            body = node.body
            for position, statement in enumerate(body):
                if isinstance(statement, ast.AnnAssign):
                    following = body[position + 1] if position + 1 < len(body) else None
                    assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant), \
                        f"{node.name}.{ast.unparse(statement.target)} has no docstring"
                    checked += 1
    assert checked == sum(len(fields(branch)) for branch in (
        SimilaritySettings, ClusterSettings, OriginSettings, CompareSettings, SummarySettings))


def test_public_options_land_in_their_branch_and_nothing_else_changes() -> None:
    settings = Settings.from_mapping({"summary_words": 150, "min_support": 3, "cluster_threshold": 1 - 0.5,
                                      "max_story_files": 10}, origin="test")
    assert settings == Settings(summary=SummarySettings(words=150, min_support=3),
                                cluster=ClusterSettings(threshold=0.5), max_story_files=10)


def test_an_int_for_a_float_option_is_read_as_a_float() -> None:
    # Not "must be a float": the int was taken, then found out of range.
    with pytest.raises(ConfigError, match="cluster_threshold must be between 0 and 1"):
        Settings.from_mapping({"cluster_threshold": 1}, origin="test")


@pytest.mark.parametrize("values, message", [
    ({"summary": {"words": 100}}, "test: unknown option 'summary'; known options are cluster_threshold, "
                                  "max_compared_sentences, max_file_bytes, max_story_files, max_story_sentences, "
                                  "min_support, summary_words"),
    ({"lead_weight": 3.0}, "test: unknown option 'lead_weight'"),
    ({"summary_words": 1.5}, "test: option 'summary_words' must be a int, not 1.5"),
    ({"min_support": True}, "test: option 'min_support' must be a int, not True"),
    ({"summary_words": 5}, "test: summary_words must be at least 10"),
    ({"min_support": 0}, "test: min_support must be at least 1"),
    ({"max_compared_sentences": 0}, "test: max_compared_sentences must be at least 1"),
])
def test_the_inner_tree_is_not_an_option_and_bad_values_are_named(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_mapping(values, origin="test")
    assert str(raised.value).startswith(message)


def _leaves(settings: Settings) -> list[tuple[str, str]]:
    """(branch, field) of every leaf of the tree; branch "" for the root's own values."""
    result = []
    for top in fields(settings):
        value = getattr(settings, top.name)
        if is_dataclass(value):
            result.extend((top.name, leaf.name) for leaf in fields(value))
        else:
            result.append(("", top.name))
    return result


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if value is None:
        return 3
    return value + 1


def test_the_story_cache_key_changes_with_every_leaf_and_only_then() -> None:
    story = StoryInput(slug="s", title=None, directory=Path("."), articles=())
    base = Settings()
    key = story_key(story, base)
    assert story_key(story, Settings()) == key
    assert story_key(story, replace(base, summary=SummarySettings())) == key
    seen = {key}
    leaves = _leaves(base)
    assert len(leaves) >= 40
    for branch, name in leaves:
        if branch:
            node = getattr(base, branch)
            changed = replace(base, **{branch: replace(node, **{name: _changed(getattr(node, name))})})
        else:
            changed = replace(base, **{name: _changed(getattr(base, name))})
        changed_key = story_key(story, changed)
        assert changed_key not in seen, f"{branch}.{name}"
        seen.add(changed_key)
